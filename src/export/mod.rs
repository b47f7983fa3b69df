//! What leaves Casedesk: case summaries, review reports and the register, from domain data
//! only. No UI toolkit.
//!
//! Every export goes through [`redact`] (`domain.md` §6), which produces plain view models;
//! [`summary`] and [`review`] arrange them into a [`doc::Doc`], and the renderers
//! ([`markdown`], [`html`], [`pdf`], [`csv`]) see only that. The entry points below return
//! the bytes to write and, for disclosures, the commands that record them: the caller writes
//! the file first and applies the commands once it is written.

pub mod csv;
pub mod doc;
pub mod html;
pub mod markdown;
pub mod pdf;
pub mod redact;
pub mod review;
pub mod summary;
pub mod text;

use crate::domain::stats::DateRange;
use crate::domain::{Case, CaseId, Casebook, Command, ExportProfile};
use chrono::NaiveDate;
pub use doc::ExportMeta;
pub use redact::Selection;
use std::collections::BTreeSet;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Pdf,
    Csv,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Markdown => "Markdown",
            Format::Html => "HTML",
            Format::Pdf => "PDF",
            Format::Csv => "CSV",
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Redact(#[from] redact::RedactError),
    #[error("{0}")]
    Pdf(#[from] pdf::PdfError),
    #[error("The CSV could not be written: {0}")]
    Csv(#[from] ::csv::Error),
    #[error("A {what} cannot be exported as {format}")]
    Unsupported { what: &'static str, format: Format },
}

/// An export ready to write.
#[derive(Debug)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// One [`Command::RecordDisclosure`] per case the document shows; apply them once the
    /// file is written.
    pub disclosures: Vec<Command>,
}

/// A summary of the cases `ids` (Markdown, HTML or PDF).
pub fn case_summary(
    book: &Casebook,
    ids: &[CaseId],
    profile: ExportProfile,
    selection: Selection,
    format: Format,
    meta: &ExportMeta,
    today: NaiveDate,
) -> Result<Rendered, ExportError> {
    let (view, cases) = redact::summary_view(book, ids, profile, selection, today)?;
    let doc = summary::summary_doc(
        &view,
        profile,
        redact::marking_of(cases.iter().copied()),
        meta,
    );
    let bytes = render(&doc, format, "case summary")?;
    let document = format!("Case summary ({format})");
    Ok(Rendered {
        bytes,
        disclosures: disclosures(cases, &document, profile, meta),
    })
}

/// A review report for `range`. The cases it names (oldest open, overdue) get a disclosure
/// record; the statistics profile names none.
pub fn review_report(
    book: &Casebook,
    range: DateRange,
    profile: ExportProfile,
    selection: Selection,
    format: Format,
    meta: &ExportMeta,
    today: NaiveDate,
) -> Result<Rendered, ExportError> {
    let view = redact::review_view(book, range, today, profile, selection);
    let doc = review::review_doc(&view, profile, meta);
    let bytes = match format {
        Format::Csv => csv::tables_csv(&doc)?,
        _ => render(&doc, format, "review report")?,
    };
    let named: BTreeSet<CaseId> = if view.lists {
        let r = &view.review;
        r.oldest_open
            .iter()
            .map(|c| c.case)
            .chain(r.overdue.iter().map(|d| d.case))
            .collect()
    } else {
        BTreeSet::new()
    };
    let cases = named.into_iter().filter_map(|id| book.case(id));
    let document = format!("Review report {} to {} ({format})", range.from, range.to);
    Ok(Rendered {
        bytes,
        disclosures: disclosures(cases, &document, profile, meta),
    })
}

/// The register as CSV: every case, or the cases `ids` (the window's filtered view), as the
/// full profile shows them. An internal working copy, so no disclosure is recorded.
pub fn register_csv(
    book: &Casebook,
    ids: Option<&[CaseId]>,
    today: NaiveDate,
) -> Result<Vec<u8>, ExportError> {
    let cases: Vec<&Case> = match ids {
        Some(ids) => ids.iter().filter_map(|&id| book.case(id)).collect(),
        None => book.cases().iter().collect(),
    };
    let rows = redact::register_rows(
        book,
        cases,
        ExportProfile::Full,
        Selection::default(),
        today,
    );
    Ok(csv::register_csv(&rows)?)
}

fn render(doc: &doc::Doc, format: Format, what: &'static str) -> Result<Vec<u8>, ExportError> {
    Ok(match format {
        Format::Markdown => markdown::render(doc).into_bytes(),
        Format::Html => html::render(doc).into_bytes(),
        Format::Pdf => pdf::render(doc)?,
        Format::Csv => return Err(ExportError::Unsupported { what, format }),
    })
}

fn disclosures<'a>(
    cases: impl IntoIterator<Item = &'a Case>,
    document: &str,
    profile: ExportProfile,
    meta: &ExportMeta,
) -> Vec<Command> {
    cases
        .into_iter()
        .map(|c| Command::RecordDisclosure {
            case: c.id,
            document: document.to_string(),
            profile,
            recipient: meta.recipient.clone(),
        })
        .collect()
}
