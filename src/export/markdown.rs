//! Markdown rendering of a [`Doc`]. The marking opens and closes the document.

use super::doc::{Block, Doc};
use super::printable::printable_doc;
use std::fmt::Write;

pub fn render(doc: &Doc) -> String {
    let doc = &printable_doc(doc);
    let mut out = String::new();
    let _ = writeln!(out, "**{}**\n", doc.marking);
    let _ = writeln!(out, "# {}\n", inline(&doc.title));
    for (label, value) in &doc.about {
        let _ = writeln!(out, "- **{}:** {}", inline(label), inline(value));
    }
    for section in &doc.sections {
        let _ = writeln!(out, "\n## {}", inline(&section.heading));
        for block in &section.blocks {
            out.push('\n');
            match block {
                Block::Heading(h) => {
                    let _ = writeln!(out, "### {}", inline(h));
                }
                Block::Paragraph(p) => {
                    let _ = writeln!(out, "{}", line(p));
                }
                Block::Fields(fields) => {
                    for (label, value) in fields {
                        let _ = writeln!(out, "- **{}:** {}", inline(label), inline(value));
                    }
                }
                Block::Table(t) => {
                    row(&mut out, &t.columns);
                    let _ = writeln!(out, "|{}", "---|".repeat(t.columns.len()));
                    for r in &t.rows {
                        row(&mut out, r);
                    }
                }
                // The chart's figures are in the table that follows it.
                Block::Chart(_) => {}
            }
        }
    }
    let _ = writeln!(out, "\n---\n\n{}\n\n**{}**", line(&doc.footer), doc.marking);
    out
}

fn row(out: &mut String, cells: &[String]) {
    out.push('|');
    for cell in cells {
        let _ = write!(out, " {} |", inline(cell));
    }
    out.push('\n');
}

/// Text that starts a line: [`inline`], and what would make the line a list item, a rule or
/// code (`1.`, `2)`, `-`, `+`, `=`, four spaces) made plain, so "1. Arrested" stays a sentence.
fn line(text: &str) -> String {
    let text = inline(text);
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let mut out = String::with_capacity(text.len() + 6);
    if text.starts_with([' ', '\t']) {
        // A character reference renders as the space it stands for but never indents.
        out.push_str("&#32;");
        out.push_str(&text[1..]);
    } else if text.starts_with(['-', '+', '=']) {
        out.push('\\');
        out.push_str(&text);
    } else if digits > 0 && text[digits..].starts_with(['.', ')']) {
        out.push_str(&text[..digits]);
        out.push('\\');
        out.push_str(&text[digits..]);
    } else {
        out.push_str(&text);
    }
    out
}

/// Text on one line with Markdown's active characters escaped, so data cannot format itself
/// (emphasis, code, links, HTML, headings, strikethrough and character references).
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '~' | '&' | '|' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::doc::Section;
    use pulldown_cmark::{Event, Options, Parser, Tag};

    /// What an independent CommonMark reader (with GitHub's extensions) makes of the page:
    /// the structures it found, and the text of each paragraph (typographic quotes and dashes
    /// are a reader's choice, not structure, so they are off).
    fn read(markdown: &str) -> (Vec<String>, Vec<String>) {
        let mut structures = Vec::new();
        let mut paragraphs = Vec::new();
        let mut text: Option<String> = None;
        for event in Parser::new_ext(
            markdown,
            Options::all().difference(Options::ENABLE_SMART_PUNCTUATION),
        ) {
            match event {
                Event::Start(Tag::Paragraph) => text = Some(String::new()),
                Event::End(_) if text.is_some() => paragraphs.extend(text.take()),
                Event::Text(t) | Event::Code(t) => {
                    if let Some(text) = &mut text {
                        text.push_str(&t);
                    }
                }
                // The marking is bold; anything else is the data formatting itself.
                Event::Start(Tag::Strong) => {}
                Event::Start(Tag::Heading { level, .. }) => structures.push(format!("{level}")),
                Event::Start(tag) => structures.push(format!("{tag:?}")),
                Event::Rule => structures.push("rule".into()),
                Event::Html(h) | Event::InlineHtml(h) => structures.push(format!("html {h}")),
                _ => {}
            }
        }
        (structures, paragraphs)
    }

    #[test]
    fn case_text_never_formats_itself() {
        let hazards = [
            "1. Arrested at Heathrow",
            "12) Second hearing",
            "- not a list",
            "+ not a list",
            "= not a heading underline",
            "    four spaces are not code",
            "~~struck~~ and ~single~",
            "*bold* _em_ `code` [link](http://x) <b>html</b> &amp; # hash",
            "a | b | c",
            "> not a quote",
            "---",
        ];
        let doc = Doc {
            title: "Case".into(),
            marking: "OFFICIAL".into(),
            about: Vec::new(),
            footer: "- exported".into(),
            sections: vec![Section {
                heading: "Summary".into(),
                running_head: String::new(),
                blocks: hazards
                    .iter()
                    .map(|h| Block::Paragraph((*h).into()))
                    .collect(),
            }],
        };
        let (structures, paragraphs) = read(&render(&doc));
        // The title and the section's heading are the only structures; the rule is the footer's.
        assert_eq!(
            structures,
            ["h1", "h2", "rule"].map(String::from),
            "{}",
            render(&doc)
        );
        for hazard in hazards {
            assert!(
                paragraphs.iter().any(|p| p == hazard),
                "{hazard:?} not read back as written: {paragraphs:?}"
            );
        }
    }
}
