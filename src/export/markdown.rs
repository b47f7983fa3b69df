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
                    let _ = writeln!(out, "{}", inline(p));
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
    let _ = writeln!(
        out,
        "\n---\n\n{}\n\n**{}**",
        inline(&doc.footer),
        doc.marking
    );
    out
}

fn row(out: &mut String, cells: &[String]) {
    out.push('|');
    for cell in cells {
        let _ = write!(out, " {} |", inline(cell).replace('|', "\\|"));
    }
    out.push('\n');
}

/// Text on one line with Markdown's active characters escaped, so data cannot format itself.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}
