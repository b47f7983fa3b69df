//! No import cycle between the files of `src/app`, `src/domain` and `src/store`: a file that
//! needs another's piece while that one needs its own is two halves of one thing, or a shared
//! piece in the wrong place. The graph: file A → file B when A names an item of B (a `use`, or
//! a `crate::…`, `super::…`, `self::…` path in its code), an item re-exported by a `mod.rs`
//! counting as the file that defines it. Test code (`#[cfg(test)]` modules, `tests` folders)
//! is left out.

use super::rust_files;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const FOLDERS: [&str; 3] = ["app", "domain", "store"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The source without comments, and without `#[cfg(test)]` modules written inline.
fn code(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod ") && next.ends_with('{'))
        {
            // Skip to the line closing the module, at the indentation it opened at.
            let indent = line.len() - line.trim_start().len();
            let close = format!("{}}}", " ".repeat(indent));
            for skipped in lines.by_ref() {
                if skipped == close {
                    break;
                }
            }
            continue;
        }
        out.push_str(without_comment(line));
        out.push('\n');
    }
    out
}

/// `line` up to a `//` that is not inside a string.
fn without_comment(line: &str) -> &str {
    let mut quoted = false;
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' if i == 0 || bytes[i - 1] != b'\\' => quoted = !quoted,
            b'/' if !quoted && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
    }
    line
}

/// One path a `use` names: its segments, and whether it ends in `*`.
#[derive(Clone, Debug)]
struct Used {
    path: Vec<String>,
    /// The name it is known by where it is used (its last segment, or its `as`).
    name: String,
    glob: bool,
}

/// The paths of a use tree such as `crate::domain::{self, Case, dates::{a, b as c}, x::*}`.
fn use_tree(text: &str) -> Vec<Used> {
    let tokens = tokens(text);
    let mut out = Vec::new();
    let mut at = 0;
    tree(&tokens, &mut at, &[], &mut out);
    out
}

fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_alphanumeric() || c == '_' {
            let mut word = String::new();
            while let Some(&c) = chars.peek().filter(|c| c.is_alphanumeric() || **c == '_') {
                word.push(c);
                chars.next();
            }
            out.push(word);
        } else {
            chars.next();
            if "{},*".contains(c) {
                out.push(c.to_string());
            }
        }
    }
    out
}

/// Reads one tree at `at` (segments separated by `::`, which `tokens` drops: a `{`, `*` or
/// a word after a word continues the path), under `prefix`.
fn tree(tokens: &[String], at: &mut usize, prefix: &[String], out: &mut Vec<Used>) {
    let mut path = prefix.to_vec();
    while let Some(token) = tokens.get(*at) {
        *at += 1;
        match token.as_str() {
            "{" => {
                loop {
                    tree(tokens, at, &path, out);
                    match tokens.get(*at).map(String::as_str) {
                        Some(",") => *at += 1,
                        _ => break,
                    }
                    if tokens.get(*at).map(String::as_str) == Some("}") {
                        break;
                    }
                }
                *at += 1; // the closing brace
                return;
            }
            "*" => {
                out.push(Used {
                    path,
                    name: String::new(),
                    glob: true,
                });
                return;
            }
            "as" => {
                let name = tokens.get(*at).cloned().unwrap_or_default();
                *at += 1;
                out.push(Used {
                    path,
                    name,
                    glob: false,
                });
                return;
            }
            "," | "}" => {
                *at -= 1;
                break;
            }
            "self" if !prefix.is_empty() && path.len() == prefix.len() => {
                // `{self, …}`: the module itself, by its own name or by an `as`.
                let mut name = path.last().cloned().unwrap_or_default();
                if tokens.get(*at).map(String::as_str) == Some("as") {
                    name = tokens.get(*at + 1).cloned().unwrap_or_default();
                    *at += 2;
                }
                out.push(Used {
                    path,
                    name,
                    glob: false,
                });
                return;
            }
            word => path.push(word.to_string()),
        }
    }
    if path.len() > prefix.len() {
        let name = path.last().cloned().unwrap_or_default();
        out.push(Used {
            path,
            name,
            glob: false,
        });
    }
}

/// The `use` statements of `code` (whether each is public, and its tree), and the code
/// without them.
fn uses(code: &str) -> (Vec<(bool, Vec<Used>)>, String) {
    let mut found = Vec::new();
    let mut rest_of_code = String::new();
    let mut rest = code;
    while let Some(start) = find_word(rest, "use") {
        let before = rest[..start].trim_end();
        let last = before.split_whitespace().next_back().unwrap_or("");
        let public = last == "pub" || last.starts_with("pub(");
        // A statement: after another, a brace, an attribute or a visibility; not a word in text.
        let statement = public || before.is_empty() || before.ends_with([';', '{', '}', ']']);
        let after = &rest[start + 3..];
        let end = after.find(';').unwrap_or(after.len());
        if statement {
            rest_of_code.push_str(&rest[..start]);
            found.push((public, use_tree(&after[..end])));
            rest = &after[end..];
        } else {
            rest_of_code.push_str(&rest[..start + 3]);
            rest = after;
        }
    }
    rest_of_code.push_str(rest);
    (found, rest_of_code)
}

/// Where `word` next stands alone in `text` (not part of a longer name).
fn find_word(text: &str, word: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let is_name = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut from = 0;
    while let Some(found) = text[from..].find(word) {
        let at = from + found;
        let end = at + word.len();
        let alone_before = at == 0 || !is_name(bytes[at - 1]);
        let alone_after = end >= bytes.len() || !is_name(bytes[end]);
        if alone_before && alone_after {
            return Some(at);
        }
        from = end;
    }
    None
}

/// The paths written out in code, outside `use`: `crate::a::b`, `super::a`, `self::a`.
fn inline_paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(found) = code[from..].find(start) {
            let at = from + found;
            from = at + start.len();
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let mut path = Vec::new();
            let mut rest = &code[at..];
            loop {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if name.is_empty() {
                    break;
                }
                rest = &rest[name.len()..];
                path.push(name);
                match rest.strip_prefix("::") {
                    Some(more) => rest = more,
                    None => break,
                }
            }
            out.push(path);
        }
    }
    out
}

/// The source tree: which module each file is, and how paths resolve to files.
struct Crate {
    src: PathBuf,
}

impl Crate {
    /// The file of the module `path` (`[]` is the crate root).
    fn module_file(&self, path: &[String]) -> Option<PathBuf> {
        if path.is_empty() {
            return Some(self.src.join("lib.rs"));
        }
        let dir: PathBuf = path.iter().collect();
        [
            self.src.join(&dir).with_extension("rs"),
            self.src.join(&dir).join("mod.rs"),
        ]
        .into_iter()
        .find(|p| p.is_file())
    }

    /// The module a file is.
    fn module_of(&self, file: &Path) -> Vec<String> {
        let relative = file.strip_prefix(&self.src).unwrap_or(file);
        let mut path: Vec<String> = relative
            .with_extension("")
            .iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        if path.last().is_some_and(|l| l == "mod" || l == "lib") {
            path.pop();
        }
        path
    }

    /// `path`, as written in the module `module`, from the crate root; `None` for another
    /// crate's.
    fn absolute(&self, module: &[String], path: &[String]) -> Option<Vec<String>> {
        let mut here = module.to_vec();
        let mut rest = path;
        match rest.first().map(String::as_str) {
            Some("crate") => {
                here.clear();
                rest = &rest[1..];
            }
            Some("self") => rest = &rest[1..],
            Some("super") => {
                while rest.first().is_some_and(|s| s == "super") {
                    here.pop();
                    rest = &rest[1..];
                }
            }
            // A name of this module's own (a child module), or another crate.
            Some(first) => {
                let mut child = module.to_vec();
                child.push(first.to_string());
                self.module_file(&child)?;
            }
            None => return None,
        }
        here.extend(rest.iter().cloned());
        Some(here)
    }

    /// The file that defines what the absolute `path` names, through re-exports.
    fn resolve(&self, path: &[String], depth: usize) -> Option<PathBuf> {
        let mut module = Vec::new();
        let mut at = 0;
        while at < path.len() {
            let mut next = module.clone();
            next.push(path[at].clone());
            if self.module_file(&next).is_none() {
                break;
            }
            module = next;
            at += 1;
        }
        let file = self.module_file(&module)?;
        let Some(item) = path.get(at) else {
            return Some(file);
        };
        if depth < 8 {
            let text = code(&std::fs::read_to_string(&file).ok()?);
            for (public, used) in uses(&text).0 {
                for u in used.iter().filter(|_| public) {
                    let Some(target) = self.absolute(&module, &u.path) else {
                        continue;
                    };
                    if u.glob {
                        let mut full = target.clone();
                        full.push(item.clone());
                        if let Some(found) = self.resolve(&full, depth + 1)
                            && found != file
                            && defines(&found, item)
                        {
                            return Some(found);
                        }
                    } else if &u.name == item {
                        let mut full = target;
                        full.extend(path[at + 1..].iter().cloned());
                        return self.resolve(&full, depth + 1);
                    }
                }
            }
        }
        Some(file)
    }

    /// The files `file` depends on.
    fn dependencies(&self, file: &Path) -> BTreeSet<PathBuf> {
        let text = code(&std::fs::read_to_string(file).unwrap_or_default());
        let module = self.module_of(file);
        let (used, rest) = uses(&text);
        let mut paths: Vec<Vec<String>> = used
            .into_iter()
            // A `mod.rs` re-exporting its children does not depend on them: it is their door.
            .filter(|(public, _)| !public)
            .flat_map(|(_, used)| used.into_iter().map(|u| u.path))
            .collect();
        paths.extend(inline_paths(&rest));
        paths
            .iter()
            .filter_map(|p| self.absolute(&module, p))
            .filter_map(|p| self.resolve(&p, 0))
            .filter(|f| f != file)
            .collect()
    }
}

/// Whether `file` defines `item` (anywhere in it: a fair guess for a glob).
fn defines(file: &Path, item: &str) -> bool {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    [
        "fn",
        "struct",
        "enum",
        "trait",
        "type",
        "const",
        "static",
        "mod",
        "union",
        "macro_rules!",
    ]
    .iter()
    .any(|kind| find_word(&text, &format!("{kind} {item}")).is_some())
}

/// Test code: a `tests` folder or a file named for tests.
fn is_test_code(file: &Path) -> bool {
    file.iter().any(|s| s == "tests")
        || file
            .file_stem()
            .is_some_and(|s| s == "tests" || s.to_string_lossy().ends_with("_tests"))
}

/// The import graph between the files of `FOLDERS`, by their paths under `src/`.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let krate = Crate { src: src() };
    let name = |f: &Path| {
        f.strip_prefix(&krate.src)
            .unwrap_or(f)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let files: Vec<PathBuf> = FOLDERS
        .iter()
        .flat_map(|folder| rust_files(&krate.src.join(folder)))
        .filter(|f| !is_test_code(f))
        .collect();
    let inside: BTreeSet<String> = files.iter().map(|f| name(f)).collect();
    files
        .iter()
        .map(|f| {
            let deps = krate
                .dependencies(f)
                .iter()
                .map(|d| name(d))
                .filter(|d| inside.contains(d))
                .collect();
            (name(f), deps)
        })
        .collect()
}

/// The strongly connected components of more than one file (Tarjan's algorithm).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<BTreeSet<String>> {
    struct State<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<BTreeSet<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = BTreeSet::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.insert(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                s.found.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v.as_str()) {
            visit(&mut state, v);
        }
    }
    state.found
}

/// One cycle through the component, as `a.rs → b.rs → a.rs` (the shortest back to its first
/// file).
fn example(graph: &BTreeMap<String, BTreeSet<String>>, component: &BTreeSet<String>) -> String {
    let Some(start) = component.first() else {
        return String::new();
    };
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start.as_str()]);
    while let Some(v) = queue.pop_front() {
        for w in graph.get(v).into_iter().flatten() {
            if !component.contains(w) {
                continue;
            }
            if w == start {
                let mut path = vec![start.as_str(), v];
                let mut at = v;
                while let Some(&before) = came_from.get(at) {
                    path.push(before);
                    at = before;
                }
                path.reverse();
                return path.join(" → ");
            }
            if !came_from.contains_key(w.as_str()) && w != start {
                came_from.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    String::new()
}

/// Each cycle found, named by one path around it.
fn named(graph: &BTreeMap<String, BTreeSet<String>>, found: &[BTreeSet<String>]) -> Vec<String> {
    found
        .iter()
        .map(|component| {
            format!(
                "import cycle: {} (between {:?})",
                example(graph, component),
                component
            )
        })
        .collect()
}

#[test]
fn no_import_cycle_between_files_of_app_domain_and_store() {
    let graph = graph();
    assert!(graph.len() > 40, "found only {} files", graph.len());
    let wrong = named(&graph, &cycles(&graph));
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_reader_of_imports_sees_use_trees_re_exports_and_paths_in_code() {
    let used = use_tree(" crate::domain::{self, Case, dates::{a, b as c}, x::*}");
    let shown: Vec<String> = used
        .iter()
        .map(|u| {
            format!(
                "{}{}={}",
                u.path.join("::"),
                if u.glob { "::*" } else { "" },
                u.name
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            "crate::domain=domain",
            "crate::domain::Case=Case",
            "crate::domain::dates::a=a",
            "crate::domain::dates::b=c",
            "crate::domain::x::*=",
        ]
    );
    let krate = Crate { src: src() };
    let path = |s: &str| s.split("::").map(String::from).collect::<Vec<_>>();
    // `Case` is re-exported by the domain's mod.rs from case.rs with a glob.
    assert_eq!(
        krate.resolve(&path("domain::Case"), 0),
        Some(src().join("domain/case.rs"))
    );
    assert_eq!(
        krate.resolve(&path("store::Installation"), 0),
        Some(src().join("store/installation.rs"))
    );
    assert_eq!(
        krate.absolute(&path("store::save"), &path("super::snapshot::x")),
        Some(path("store::snapshot::x"))
    );
    assert_eq!(
        inline_paths("let a = crate::store::lock::acquire(f); super::x::Y { }"),
        [path("crate::store::lock::acquire"), path("super::x::Y")]
    );
}

#[test]
fn a_cycle_is_found_and_named_and_a_chain_is_not_one() {
    let edges = |pairs: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in pairs {
            g.entry(a.to_string()).or_default().insert(b.to_string());
            g.entry(b.to_string()).or_default();
        }
        g
    };
    let g = edges(&[("a.rs", "b.rs"), ("b.rs", "a.rs"), ("b.rs", "c.rs")]);
    let wrong = named(&g, &cycles(&g));
    assert_eq!(wrong.len(), 1);
    assert!(wrong[0].contains("a.rs → b.rs → a.rs"), "{wrong:?}");
    let three = edges(&[("a.rs", "b.rs"), ("b.rs", "c.rs"), ("c.rs", "a.rs")]);
    assert_eq!(cycles(&three).len(), 1);
    assert_eq!(cycles(&three)[0].len(), 3);
    let chain = edges(&[("a.rs", "b.rs"), ("b.rs", "c.rs")]);
    assert!(cycles(&chain).is_empty());
}
