//! Case data made safe to show. Text typed, imported or merged into a casebook can hold control
//! characters: an escape sequence that recolours or rewrites a terminal, a carriage return that
//! writes over the start of a line, a U+0001 that HTML and XML do not allow. Every renderer
//! (the text view, Markdown, HTML, PDF, CSV) and every command-line message that echoes case
//! data passes its text through here, so the rule is written once.

use super::doc::{Block, Chart, Doc, Section, Series, Table};
use std::borrow::Cow;

/// Shown in place of a control character: visible, so the officer sees something is there.
pub const REPLACEMENT: char = '\u{FFFD}';

/// `text` with every control character (C0, DEL, C1) replaced by [`REPLACEMENT`], except tabs,
/// line feeds and a carriage return that ends a line (`\r\n`), which every format here shows as
/// layout. Borrowed when there is nothing to replace, as for almost all text.
pub fn printable(text: &str) -> Cow<'_, str> {
    clean(text, false)
}

/// `text` on one line, for a list or a message: tabs and line breaks become spaces, other
/// control characters [`REPLACEMENT`].
pub fn one_line(text: &str) -> Cow<'_, str> {
    clean(text, true)
}

fn clean(text: &str, one_line: bool) -> Cow<'_, str> {
    let kept = |c: char, next: Option<char>| match c {
        '\t' | '\n' => !one_line,
        '\r' => !one_line && next == Some('\n'),
        c => !c.is_control(),
    };
    let mut chars = text.chars().peekable();
    let mut clean_up_to = 0;
    while let Some(c) = chars.next() {
        if !kept(c, chars.peek().copied()) {
            break;
        }
        clean_up_to += c.len_utf8();
    }
    if clean_up_to == text.len() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..clean_up_to]);
    let mut chars = text[clean_up_to..].chars().peekable();
    while let Some(c) = chars.next() {
        if kept(c, chars.peek().copied()) {
            out.push(c);
        } else if one_line && matches!(c, '\t' | '\n' | '\r') {
            // A Windows line break is one break, so one space.
            if !(c == '\r' && chars.peek() == Some(&'\n')) {
                out.push(' ');
            }
        } else {
            out.push(REPLACEMENT);
        }
    }
    Cow::Owned(out)
}

/// The document with all its text made [`printable`]: what each renderer draws.
pub fn printable_doc(doc: &Doc) -> Doc {
    let p = |s: &String| printable(s).into_owned();
    let pairs = |pairs: &[(String, String)]| pairs.iter().map(|(a, b)| (p(a), p(b))).collect();
    let row = |cells: &[String]| cells.iter().map(p).collect::<Vec<_>>();
    Doc {
        title: p(&doc.title),
        marking: p(&doc.marking),
        about: pairs(&doc.about),
        footer: p(&doc.footer),
        sections: doc
            .sections
            .iter()
            .map(|s| Section {
                heading: p(&s.heading),
                running_head: p(&s.running_head),
                blocks: s
                    .blocks
                    .iter()
                    .map(|b| match b {
                        Block::Heading(h) => Block::Heading(p(h)),
                        Block::Paragraph(t) => Block::Paragraph(p(t)),
                        Block::Fields(f) => Block::Fields(pairs(f)),
                        Block::Table(t) => Block::Table(Table {
                            columns: row(&t.columns),
                            rows: t.rows.iter().map(|r| row(r)).collect(),
                        }),
                        Block::Chart(c) => Block::Chart(Chart {
                            title: p(&c.title),
                            labels: row(&c.labels),
                            series: c
                                .series
                                .iter()
                                .map(|s| Series {
                                    name: p(&s.name),
                                    colour: s.colour,
                                    values: s.values.clone(),
                                })
                                .collect(),
                        }),
                    })
                    .collect(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_replaced_and_layout_is_kept_where_it_may_be() {
        let cases = [
            // (text, printable, one line)
            (
                "Plain text, ünïcödé",
                "Plain text, ünïcödé",
                "Plain text, ünïcödé",
            ),
            ("a\tb\nc\r\nd", "a\tb\nc\r\nd", "a b c d"),
            (
                "\u{1b}[31mred\u{1b}[0m",
                "\u{FFFD}[31mred\u{FFFD}[0m",
                "\u{FFFD}[31mred\u{FFFD}[0m",
            ),
            ("over\rwrite", "over\u{FFFD}write", "over write"),
            (
                "a\u{1}b\u{0}c\u{7f}d\u{9b}e",
                "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e",
                "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e",
            ),
            ("end\r", "end\u{FFFD}", "end "),
            ("", "", ""),
        ];
        for (text, kept, line) in cases {
            assert_eq!(printable(text), kept, "{text:?}");
            assert_eq!(one_line(text), line, "{text:?}");
        }
        assert!(matches!(printable("nothing to do\n"), Cow::Borrowed(_)));
    }
}
