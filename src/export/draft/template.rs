//! The template format (`docs/drafting.md` §7): plain UTF-8 text an officer edits in any
//! editor. A line starting with `%` is a note for whoever edits the template and is not
//! drafted; `# ` starts a heading, `> ` a line set to the right (the sender's address, the
//! date), `- ` a bullet; other lines are paragraphs, their lines joined until a blank line.
//! `{{name}}` is a merge field (`fields.rs`); a list field in a bullet makes one bullet per
//! value. A field the case has no value for is drafted as a visible placeholder.

use super::fields::{Field, field};
use crate::export::redact::draft::DraftView;

/// What a block of the template is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Heading,
    Right,
    Bullet,
    Paragraph,
}

/// A template read and checked: every field it names exists.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    blocks: Vec<(Kind, Vec<Piece>)>,
}

#[derive(Clone, Debug, PartialEq)]
enum Piece {
    Text(String),
    Field(&'static Field),
}

/// Why a template cannot be used: where, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{name} line {line}, column {column}: {problem}")]
pub struct TemplateError {
    /// The template file's name, or "the built-in template".
    pub name: String,
    pub line: usize,
    pub column: usize,
    pub problem: String,
}

/// A piece of a drafted line: text, or a placeholder where the case records nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Run {
    Text(String),
    Gap(String),
}

impl Run {
    pub fn text(&self) -> &str {
        match self {
            Run::Text(t) | Run::Gap(t) => t,
        }
    }
}

/// A drafted block: its kind and its runs.
pub type Block = (Kind, Vec<Run>);

/// The placeholder drafted for `field` when the case records nothing for it.
pub fn placeholder(field: &Field) -> String {
    format!("[MISSING: {}]", field.about)
}

impl Template {
    /// Reads the template `text`, named `name` in errors.
    pub fn parse(name: &str, text: &str) -> Result<Template, TemplateError> {
        let mut blocks: Vec<(Kind, Vec<Piece>)> = Vec::new();
        // A paragraph is open while its lines follow one another.
        let mut open = false;
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim_end();
            if line.starts_with('%') {
                continue;
            }
            if line.trim().is_empty() {
                open = false;
                continue;
            }
            let (kind, body, skip) = if let Some(rest) = line.strip_prefix("# ") {
                (Kind::Heading, rest, 2)
            } else if let Some(rest) = line.strip_prefix("> ") {
                (Kind::Right, rest, 2)
            } else if let Some(rest) = line.strip_prefix("- ") {
                (Kind::Bullet, rest, 2)
            } else {
                (Kind::Paragraph, line, 0)
            };
            let pieces = pieces(body).map_err(|(at, problem)| TemplateError {
                name: name.to_string(),
                line: n + 1,
                column: skip + body[..at].chars().count() + 1,
                problem,
            })?;
            match blocks.last_mut() {
                Some((Kind::Paragraph, last)) if open && kind == Kind::Paragraph => {
                    last.push(Piece::Text(" ".into()));
                    last.extend(pieces);
                }
                _ => blocks.push((kind, pieces)),
            }
            open = kind == Kind::Paragraph;
        }
        Ok(Template { blocks })
    }

    /// The fields the template uses, each once, in order.
    pub fn fields(&self) -> Vec<&'static Field> {
        let mut used: Vec<&'static Field> = Vec::new();
        for (_, pieces) in &self.blocks {
            for piece in pieces {
                if let Piece::Field(f) = piece
                    && !used.iter().any(|u| u.name == f.name)
                {
                    used.push(f);
                }
            }
        }
        used
    }

    /// The template merged with `view`: a list field in a bullet repeats the bullet for each
    /// value; an empty field becomes a placeholder.
    pub fn merge(&self, view: &DraftView) -> Vec<Block> {
        let mut out = Vec::new();
        for (kind, pieces) in &self.blocks {
            let repeat = (*kind == Kind::Bullet)
                .then(|| {
                    pieces.iter().find_map(|p| match p {
                        Piece::Field(f) if f.list => Some(*f),
                        _ => None,
                    })
                })
                .flatten();
            match repeat.map(|f| (f, f.values(view))) {
                Some((f, values)) if !values.is_empty() => {
                    for value in values {
                        out.push((*kind, runs(pieces, view, Some((f, &value)))));
                    }
                }
                _ => out.push((*kind, runs(pieces, view, None))),
            }
        }
        out
    }
}

/// The runs of one drafted block; `one` is the value a repeated bullet stands for.
fn runs(pieces: &[Piece], view: &DraftView, one: Option<(&Field, &String)>) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for piece in pieces {
        let run = match piece {
            Piece::Text(t) => Run::Text(t.clone()),
            Piece::Field(f) => match one {
                Some((repeated, value)) if repeated.name == f.name => Run::Text(value.clone()),
                _ => match f.values(view) {
                    values if values.is_empty() => Run::Gap(placeholder(f)),
                    values => Run::Text(values.join("; ")),
                },
            },
        };
        // Text next to text is one run: a placeholder stands alone.
        match (runs.last_mut(), run) {
            (Some(Run::Text(last)), Run::Text(t)) => last.push_str(&t),
            (_, run) => runs.push(run),
        }
    }
    runs
}

/// The text and fields of one line; an error gives the byte where it is and what is wrong.
fn pieces(line: &str) -> Result<Vec<Piece>, (usize, String)> {
    let mut pieces = Vec::new();
    let mut rest = line;
    let mut at = 0;
    while let Some(start) = rest.find("{{") {
        if start > 0 {
            pieces.push(Piece::Text(rest[..start].to_string()));
        }
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            return Err((at + start, "{{ is not closed by }}".into()));
        };
        let name = after[..end].trim();
        let f = field(name).ok_or_else(|| {
            (
                at + start,
                format!(
                    "there is no merge field {{{{{name}}}}}; `casedesk draft --fields` lists them"
                ),
            )
        })?;
        pieces.push(Piece::Field(f));
        let used = start + 2 + end + 2;
        rest = &rest[used..];
        at += used;
    }
    if let Some(stray) = rest.find("}}") {
        return Err((at + stray, "}} without {{ before it".into()));
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_string()));
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> (usize, usize, String) {
        let e = Template::parse("t.txt", text).unwrap_err();
        (e.line, e.column, e.problem)
    }

    #[test]
    fn a_bad_field_is_named_where_it_is() {
        let (line, column, problem) = error("% note\n# Head\n- ok {{date}} and {{dat}}\n");
        assert_eq!((line, column), (3, 19));
        assert!(problem.contains("{{dat}}"), "{problem}");
        assert_eq!(error("Text {{date\n").0, 1);
        assert_eq!(error("Text {{date\n").1, 6);
        assert_eq!(error("ok }} then\n").1, 4);
        assert_eq!(error("ünï {{nope}}\n").1, 5);
    }

    #[test]
    fn lines_make_blocks() {
        let t = Template::parse(
            "t",
            "% a note\n# Title {{date}}\n> right\nOne\ntwo\n\nThree\n- a\n- b\n",
        )
        .unwrap();
        let kinds: Vec<Kind> = t.blocks.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            kinds,
            [
                Kind::Heading,
                Kind::Right,
                Kind::Paragraph,
                Kind::Paragraph,
                Kind::Bullet,
                Kind::Bullet
            ]
        );
        assert_eq!(
            t.blocks[2].1,
            vec![
                Piece::Text("One".into()),
                Piece::Text(" ".into()),
                Piece::Text("two".into())
            ]
        );
        assert_eq!(t.fields().len(), 1);
    }
}
