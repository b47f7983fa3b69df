//! What leaves Casedesk: case summaries, review reports and the register, from domain data
//! only. No UI toolkit.
//!
//! Every export goes through [`redact`] (`docs/law.md` §6), which produces plain view models;
//! [`summary`] and [`review`] arrange them into a [`doc::Doc`], and the renderers
//! ([`markdown`], [`html`], [`pdf`], [`csv`]) see only that. The entry points below return
//! the bytes to write and, for disclosures, the commands that record them: the caller writes
//! the file first and applies the commands once it is written. Every renderer shows case data
//! through [`printable`], which keeps control characters out of what leaves.

pub mod agenda;
pub mod bundle;
pub mod csv;
pub mod csv_layout;
pub mod doc;
pub mod html;
pub mod markdown;
pub mod pdf;
pub mod printable;
pub mod progress;
pub mod redact;
pub mod review;
pub mod review_figures;
pub mod summary;
pub mod text;

use crate::domain::stats::DateRange;
use crate::domain::{Case, CaseId, Casebook, Command, ExportProfile};
use chrono::NaiveDate;
pub use doc::ExportMeta;
pub use progress::{Cancelled, Progress};
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

impl Format {
    /// The file name extension of a document in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Csv => "csv",
        }
    }
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
    #[error(transparent)]
    Redact(#[from] redact::RedactError),
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    #[error("The CSV could not be written: {0}")]
    Csv(#[from] ::csv::Error),
    #[error("A {what} cannot be exported as {format}")]
    Unsupported { what: &'static str, format: Format },
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
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
/// Reports its steps to `progress` and stops when it is cancelled.
#[allow(clippy::too_many_arguments)] // what to export, how, and the progress
pub fn case_summary(
    book: &Casebook,
    ids: &[CaseId],
    profile: ExportProfile,
    selection: Selection,
    format: Format,
    meta: &ExportMeta,
    today: NaiveDate,
    progress: &Progress,
) -> Result<Rendered, ExportError> {
    progress.begin(
        format!(
            "Preparing {}",
            crate::count::count(ids.len(), "case", "cases")
        ),
        0,
    )?;
    let (view, cases) = redact::summary_view(book, ids, profile, selection, today)?;
    progress.begin(format!("Writing the {format}"), 0)?;
    let doc = summary::summary_doc(
        &view,
        profile,
        redact::marking_of(cases.iter().copied()),
        meta,
    );
    let bytes = render(&doc, format, "case summary")?;
    progress.check()?;
    let document = format!("Case summary ({format})");
    Ok(Rendered {
        bytes,
        disclosures: disclosures(cases, &document, profile, meta),
    })
}

/// A review report for `range`. The cases it names (oldest open, overdue) get a disclosure
/// record, unless it is for internal use; the statistics profile names none.
/// Reports its steps to `progress` and stops when it is cancelled.
#[allow(clippy::too_many_arguments)] // what to export, how, and the progress
pub fn review_report(
    book: &Casebook,
    range: DateRange,
    profile: ExportProfile,
    selection: Selection,
    format: Format,
    meta: &ExportMeta,
    today: NaiveDate,
    progress: &Progress,
) -> Result<Rendered, ExportError> {
    progress.begin(format!("Counting {} cases' events", book.cases().len()), 0)?;
    let view = redact::review_view(book, range, today, profile, selection);
    progress.begin(format!("Writing the {format}"), 0)?;
    let doc = review::review_doc(&view, profile, meta);
    let bytes = match format {
        Format::Csv => csv::tables_csv(&doc)?,
        _ => render(&doc, format, "review report")?,
    };
    progress.check()?;
    let named: BTreeSet<CaseId> = if view.lists && !meta.for_internal_use() {
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
    register_csv_with(book, ids, today, &Progress::default())
}

/// [`register_csv`], counting the cases done in `progress` and stopping when it is cancelled.
pub fn register_csv_with(
    book: &Casebook,
    ids: Option<&[CaseId]>,
    today: NaiveDate,
    progress: &Progress,
) -> Result<Vec<u8>, ExportError> {
    let cases: Vec<&Case> = match ids {
        Some(ids) => ids.iter().filter_map(|&id| book.case(id)).collect(),
        None => book.cases().iter().collect(),
    };
    progress.begin("Preparing the register rows", cases.len())?;
    let counted = cases
        .into_iter()
        .take_while(|_| !progress.is_cancelled())
        .inspect(|_| progress.advance());
    let rows = redact::register_rows(
        book,
        counted,
        ExportProfile::Full,
        Selection::default(),
        today,
    );
    progress.begin("Writing the CSV", 0)?;
    let bytes = csv::register_csv(&rows)?;
    progress.check()?;
    Ok(bytes)
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
