//! `impl Desk` only in the desk's own module: the window's state is one type whose methods are
//! in one place, and every view is a type of its own (issue 17).

use super::rust_files;
use std::path::Path;

/// Whether `text` implements something on `Desk` (`impl Desk`, `impl<…> Desk`, `impl X for Desk`,
/// `impl super::desk::Desk`).
fn implements_desk(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start();
        line.starts_with("impl")
            && line
                .split('{')
                .next()
                .unwrap_or_default()
                .split_whitespace()
                .next_back()
                .and_then(|last| last.rsplit("::").next())
                .is_some_and(|name| name == "Desk" || name.starts_with("Desk<"))
    })
}

/// Whether `text` defines `struct Desk` (any visibility).
fn defines_desk(text: &str) -> bool {
    text.lines().any(|line| {
        let words: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || c == '{' || c == '<')
            .collect();
        words.windows(2).any(|w| w == ["struct", "Desk"])
    })
}

/// Where `Desk` is defined, and so which files are its module: the file that defines it, and
/// the files of its child modules (the folder of the same name beside it, or its own folder
/// for a `mod.rs`).
fn in_desks_module(file: &Path, defining: &Path) -> bool {
    let folder = if defining.file_name().is_some_and(|n| n == "mod.rs") {
        defining.parent().map(Path::to_path_buf)
    } else {
        Some(defining.with_extension(""))
    };
    file == defining || folder.is_some_and(|f| file.starts_with(f))
}

#[test]
fn impl_desk_only_in_the_desks_own_module() {
    let app = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join("app");
    let files: Vec<(std::path::PathBuf, String)> = rust_files(&app)
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).unwrap();
            (f, text)
        })
        .collect();
    let defining: Vec<_> = files
        .iter()
        .filter(|(_, text)| defines_desk(text))
        .map(|(f, _)| f.clone())
        .collect();
    assert_eq!(defining.len(), 1, "Desk defined in {defining:?}");
    let name = |f: &Path| {
        f.strip_prefix(&app)
            .unwrap_or(f)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let outside: Vec<String> = files
        .iter()
        .filter(|(f, text)| implements_desk(text) && !in_desks_module(f, &defining[0]))
        .map(|(f, _)| {
            format!(
                "impl Desk outside the desk's module, in src/app/{}",
                name(f)
            )
        })
        .collect();
    assert!(outside.is_empty(), "{}", outside.join("\n"));
}

#[test]
fn impl_desk_is_recognised_in_its_forms() {
    assert!(implements_desk("impl Desk {\n"));
    assert!(implements_desk("    impl<'a> Desk {"));
    assert!(implements_desk("impl Drop for Desk {"));
    assert!(implements_desk("impl super::desk::Desk {"));
    assert!(implements_desk("impl Desk {}"));
    assert!(!implements_desk("impl DeskView {"));
    assert!(!implements_desk("fn desk(d: &mut Desk) {"));
}
