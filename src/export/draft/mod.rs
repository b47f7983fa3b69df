//! Drafted letters (`docs/drafting.md`): a template (`template.rs`, the officer's own file or
//! the default in `assets/templates/`) merged with the case as a letter may show it
//! (`redact::draft`, the one redaction step), written as a `.docx` (`docx.rs`) or a PDF (the
//! exports' PDF writer). What the case lacks (`domain::drafting::check`) is drafted as a
//! visible placeholder.

pub mod docx;
pub mod fields;
pub mod template;

use super::doc::{Block as DocBlock, Doc, ExportMeta, Section};
use super::pdf::{self, PdfError};
use super::redact::draft::draft_view;
use crate::domain::drafting::DraftKind;
use crate::domain::{Case, Casebook, ExportProfile};
use chrono::NaiveDate;
use std::fmt;
pub use template::{Kind, Run, Template, TemplateError};

/// The formats a draft is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftFormat {
    Docx,
    Pdf,
}

impl DraftFormat {
    pub const ALL: &[DraftFormat] = &[DraftFormat::Docx, DraftFormat::Pdf];

    pub fn extension(self) -> &'static str {
        match self {
            DraftFormat::Docx => "docx",
            DraftFormat::Pdf => "pdf",
        }
    }
}

impl fmt::Display for DraftFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DraftFormat::Docx => "Word (.docx)",
            DraftFormat::Pdf => "PDF",
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error("{0}")]
    Unsuited(String),
    #[error(transparent)]
    Pdf(#[from] PdfError),
    #[error("{0}")]
    Docx(String),
}

/// The template shipped for `kind` (`assets/templates/<code>.txt`); a file of the same name
/// in the officer's templates folder takes its place (`store::templates`).
pub fn default_template(kind: DraftKind) -> &'static str {
    match kind {
        DraftKind::MlaRequest => include_str!("../../../assets/templates/mla-request.txt"),
        DraftKind::CoveringLetter => {
            include_str!("../../../assets/templates/covering-letter.txt")
        }
        DraftKind::NoteVerbale => include_str!("../../../assets/templates/note-verbale.txt"),
        DraftKind::Chaser => include_str!("../../../assets/templates/chaser.txt"),
        DraftKind::Acknowledgement => {
            include_str!("../../../assets/templates/acknowledgement.txt")
        }
    }
}

/// The template to draft `kind` with: the officer's file (its path and text, from
/// `store::templates`) when there is one, else the one Casedesk ships.
pub fn template_for(
    kind: DraftKind,
    officer: Option<&(std::path::PathBuf, String)>,
) -> Result<Template, TemplateError> {
    match officer {
        Some((path, text)) => Template::parse(&path.display().to_string(), text),
        None => Template::parse(
            &format!("the built-in template {}.txt", kind.code()),
            default_template(kind),
        ),
    }
}

/// A letter drafted, before it is written in a format.
#[derive(Clone, Debug, PartialEq)]
pub struct Letter {
    pub title: String,
    /// The case's handling marking, at the head and foot of every page.
    pub marking: String,
    /// When it was drafted, ISO 8601 (the document's properties).
    pub created: String,
    pub blocks: Vec<template::Block>,
}

impl Letter {
    /// The letter as plain text, a block a line: what a reader of the file sees.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (kind, runs) in &self.blocks {
            if *kind == Kind::Bullet {
                out.push_str("• ");
            }
            runs.iter().for_each(|r| out.push_str(r.text()));
            out.push('\n');
        }
        out
    }

    /// The placeholders drafted, each once.
    pub fn gaps(&self) -> Vec<&str> {
        let mut gaps: Vec<&str> = Vec::new();
        for run in self.blocks.iter().flat_map(|(_, runs)| runs) {
            if let Run::Gap(g) = run
                && !gaps.contains(&g.as_str())
            {
                gaps.push(g);
            }
        }
        gaps
    }
}

/// `template` merged with `case` as of `today`: refused for a document the case cannot have.
pub fn letter(
    book: &Casebook,
    case: &Case,
    kind: DraftKind,
    template: &Template,
    meta: &ExportMeta,
    today: NaiveDate,
) -> Result<Letter, DraftError> {
    kind.suits(case).map_err(DraftError::Unsuited)?;
    let view = draft_view(book, case, today);
    Ok(Letter {
        title: format!("{} — {}", kind.label(), case.reference),
        marking: case.details.marking.label().to_string(),
        created: meta
            .exported_at
            .to_utc()
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string(),
        blocks: template.merge(&view),
    })
}

/// The bytes of `letter` in `format`.
pub fn render(
    letter: &Letter,
    format: DraftFormat,
    meta: &ExportMeta,
) -> Result<Vec<u8>, DraftError> {
    match format {
        DraftFormat::Docx => docx::render(letter).map_err(DraftError::Docx),
        DraftFormat::Pdf => Ok(pdf::render(&pdf_doc(letter, meta))?),
    }
}

/// The letter as the exports' document model, for their PDF writer.
fn pdf_doc(letter: &Letter, meta: &ExportMeta) -> Doc {
    let mut doc = Doc::new(
        &letter.title,
        letter.marking.clone(),
        meta,
        ExportProfile::Full,
    );
    doc.footer = format!(
        "Drafted {} · Casedesk {}",
        meta.exported_at.format("%d %b %Y %H:%M %:z"),
        meta.app_version
    );
    let blocks = letter
        .blocks
        .iter()
        .map(|(kind, runs)| {
            let text: String = runs.iter().map(Run::text).collect();
            match kind {
                Kind::Heading => DocBlock::Heading(text),
                Kind::Bullet => DocBlock::Paragraph(format!("•  {text}")),
                Kind::Right | Kind::Paragraph => DocBlock::Paragraph(text),
            }
        })
        .collect();
    doc.sections.push(Section {
        heading: String::new(),
        running_head: letter.title.clone(),
        blocks,
    });
    doc
}

/// The file name a draft is offered under: `MO-2026-0003-mla-request.docx`.
pub fn file_name(case: &Case, kind: DraftKind, format: DraftFormat) -> String {
    let reference: String = (case.reference.chars())
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{reference}-{}.{}", kind.code(), format.extension())
}

#[cfg(test)]
mod tests;
