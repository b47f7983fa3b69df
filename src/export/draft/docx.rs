//! A drafted letter as a `.docx` the officer finishes in Word or LibreOffice, written by
//! `docx-rs`: A4, DejaVu Sans (the PDF's font) where installed, the handling marking at the
//! head and foot of every page, placeholders bold on yellow so none is sent unnoticed.

use super::Letter;
use super::template::{Kind, Run as Piece};
use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Header, LineSpacing, Paragraph, Run, RunFonts,
};
use std::io::Cursor;

/// A4 in twentieths of a point.
const A4: (u32, u32) = (11_906, 16_838);
/// Half-points.
const BODY: usize = 22;
const HEADING: usize = 24;
const MARKING: &str = "9B1C1C";

pub fn render(letter: &Letter) -> Result<Vec<u8>, String> {
    let marking = || {
        Paragraph::new().align(AlignmentType::Center).add_run(
            Run::new()
                .add_text(&letter.marking)
                .bold()
                .color(MARKING)
                .size(BODY - 4),
        )
    };
    let mut docx = Docx::new()
        .page_size(A4.0, A4.1)
        .default_fonts(
            RunFonts::new()
                .ascii("DejaVu Sans")
                .hi_ansi("DejaVu Sans")
                .cs("DejaVu Sans"),
        )
        .default_size(BODY)
        .created_at(&letter.created)
        .header(Header::new().add_paragraph(marking()))
        .footer(Footer::new().add_paragraph(marking()));
    for (kind, runs) in &letter.blocks {
        let mut p = Paragraph::new().line_spacing(LineSpacing::new().after(160));
        p = match kind {
            Kind::Heading => p.keep_next(true),
            Kind::Right => p.align(AlignmentType::Right),
            Kind::Bullet => p.indent(Some(360), None, None, None),
            Kind::Paragraph => p.align(AlignmentType::Both),
        };
        if *kind == Kind::Bullet {
            p = p.add_run(Run::new().add_text("• "));
        }
        for piece in runs {
            let mut run = lines(piece.text());
            if *kind == Kind::Heading {
                run = run.bold().size(HEADING);
            }
            if let Piece::Gap(_) = piece {
                run = run.bold().highlight("yellow");
            }
            p = p.add_run(run);
        }
        docx = docx.add_paragraph(p);
    }
    let mut bytes = Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
        .map_err(|e| format!("The .docx could not be written: {e}"))?;
    Ok(bytes.into_inner())
}

/// `text` as one run, its line breaks kept (Word reads a line break in a text as a space): a
/// provision's subsections each on a line of their own.
fn lines(text: &str) -> Run {
    let mut run = Run::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}
