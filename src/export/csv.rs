//! The register as CSV (the spreadsheet officers keep today), both ways, and the review
//! report's tables as CSV.
//!
//! Import is in two steps: [`preview`] reads a file into an [`ImportPreview`] (per-row
//! problems, likely duplicates, a decision per row) without touching the casebook; only
//! [`ImportPreview::commands`] turns the confirmed rows into [`Command`]s, which the window or
//! the command line applies. The columns are documented in the README.
//!
//! A file whose layout is broken (a quote never closed, a row with more or fewer values than
//! the header, a value over [`MAX_FIELD_BYTES`], rows swallowed into one value) is refused
//! whole, naming the row and column: its rows cannot be trusted to be the rows that were meant.
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as
//! a formula, and partner-supplied text reaches them through these files. Every cell written
//! here is quoted and such a value gets a `'` in front (OWASP's advice on CSV injection); the
//! import of a register Casedesk wrote (its header is exactly [`COLUMNS`]) takes it off again.

use super::csv_layout::Layout;
use super::doc::{Block, Doc};
use super::printable::{one_line, printable};
use super::redact::{AsylumLine, RegisterRow};
use crate::domain::dates::{DateKind, DateOrder, check_date, parse_date};
use crate::domain::validate::{Problem, validate_details, validate_person};
use crate::domain::{
    CaseDetails, CaseId, CaseKind, Casebook, Command, Country, DeathPenalty, Direction,
    DualCriminality, HandlingMarking, IdSource, ImportedCase, Name, Offence, Party, Person,
    PersonId, ProgrammeArea, RecordId, Role, SeededIds, Source, Status, workflow_of,
};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use uuid::Uuid;

/// The register's columns, in file order. The last seven are computed from the events, hearings,
/// tasks and asylum claims: written on export, ignored on import. So is `agreement`, the title
/// of the agreement the request rests on (a title typed in a spreadsheet is not an entry of the
/// register).
pub const COLUMNS: &[&str] = &[
    "reference",
    "kind",
    "direction",
    "status",
    "status_since",
    "opened",
    "programme_area",
    "requesting_state",
    "requested_state",
    "requesting_authority",
    "requested_person",
    "offence",
    "statute",
    "officer",
    "marking",
    "ncnd",
    "summary",
    "agreement",
    "next_deadline",
    "next_deadline_due",
    "last_update",
    "next_hearing",
    "next_task_due",
    "last_reviewed",
    "asylum_claims",
];

/// Columns an import needs on every row.
const REQUIRED: &[&str] = &["kind", "direction", "status", "opened"];
/// Columns written on export and ignored on import (listed as ignored by the preview).
const NOT_IMPORTED: &[&str] = &[
    "next_deadline",
    "next_deadline_due",
    "last_update",
    "next_hearing",
    "next_task_due",
    "last_reviewed",
    "asylum_claims",
    "agreement",
];

/// The most one value may hold: far more than any summary, far less than the rest of a file
/// swallowed by a stray quote.
pub const MAX_FIELD_BYTES: usize = 64 * 1024;

/// What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `text` would be read as a formula, or is such a text behind quote marks and spaces
/// (which a spreadsheet may skip, and which [`to_cell`] itself adds).
fn formula_like(text: &str) -> bool {
    text.trim_start_matches(['\'', ' '])
        .starts_with(FORMULA_START)
}

/// A value as a spreadsheet cell: printable, and with a `'` in front when it is
/// [`formula_like`], so the spreadsheet shows it as text. [`from_cell`] undoes it exactly.
fn to_cell(value: &str) -> Cow<'_, str> {
    let value = printable(value);
    if formula_like(&value) {
        Cow::Owned(format!("'{value}"))
    } else {
        value
    }
}

/// A cell of a register Casedesk wrote, back to its value: the `'` [`to_cell`] added is taken
/// off; a value that merely starts with `'` was written as it is and stays so.
fn from_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(value) if formula_like(value) => value,
        _ => cell,
    }
}

/// Writes every value through [`to_cell`], quoted, as OWASP advises, so no value can start a
/// cell of its own.
struct CellWriter(csv::Writer<Vec<u8>>);

impl CellWriter {
    fn new(flexible: bool) -> Self {
        Self(
            csv::WriterBuilder::new()
                .flexible(flexible)
                .quote_style(csv::QuoteStyle::Always)
                .from_writer(Vec::new()),
        )
    }

    fn write_record<T: AsRef<str>>(
        &mut self,
        record: impl IntoIterator<Item = T>,
    ) -> Result<(), csv::Error> {
        self.0
            .write_record(record.into_iter().map(|v| to_cell(v.as_ref()).into_owned()))
    }

    fn finish(self) -> Result<Vec<u8>, csv::Error> {
        self.0.into_inner().map_err(|e| e.into_error().into())
    }
}

/// A CSV Casedesk wrote, laid out as Excel reads it best: a UTF-8 byte order mark first
/// (without it Excel on Windows reads the file as Windows-1252, and Urdu and "ā" come out
/// garbled) and CRLF at the end of each row. The rows are read back and written again by the
/// csv crate, so every value is as it was (a line break inside a value stays as it was typed).
pub fn for_excel(plain: &[u8]) -> Result<Vec<u8>, csv::Error> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(plain);
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer("\u{feff}".as_bytes().to_vec());
    for record in reader.byte_records() {
        writer.write_byte_record(&record?)?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

pub fn register_csv(rows: &[RegisterRow]) -> Result<Vec<u8>, csv::Error> {
    let mut w = CellWriter::new(false);
    w.write_record(COLUMNS)?;
    let iso = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    for r in rows {
        w.write_record([
            r.reference.clone(),
            r.kind.to_string(),
            r.direction.to_string(),
            r.status.code(),
            iso(r.status_since),
            iso(r.opened),
            r.area.to_string(),
            r.requesting_state.clone(),
            r.requested_state.clone(),
            r.requesting_authority.clone(),
            r.requested_person.clone(),
            r.offence.clone(),
            r.statute.clone(),
            r.officer.clone(),
            r.marking.to_string(),
            if r.ncnd { "yes" } else { "no" }.into(),
            r.summary.clone(),
            r.agreement.clone(),
            r.next_deadline
                .map_or(String::new(), |(code, _)| code.to_string()),
            r.next_deadline.map_or(String::new(), |(_, due)| iso(due)),
            iso(r.last_update),
            r.next_hearing.map_or(String::new(), iso),
            r.next_task_due.map_or(String::new(), iso),
            r.last_reviewed.map_or(String::new(), iso),
            r.asylum_claims
                .iter()
                .map(AsylumLine::words)
                .collect::<Vec<_>>()
                .join("; "),
        ])?;
    }
    w.finish()
}

/// The tables of a document, one after another: a title line, the header, the rows and a
/// blank line each. The first table is the document's key figures.
pub fn tables_csv(doc: &Doc) -> Result<Vec<u8>, csv::Error> {
    let mut w = CellWriter::new(true);
    w.write_record([doc.title.as_str(), doc.marking.as_str()])?;
    let mut title = String::new();
    for block in doc.sections.iter().flat_map(|s| &s.blocks) {
        match block {
            Block::Heading(h) => title.clone_from(h),
            Block::Fields(fields) => {
                w.write_record([""])?;
                w.write_record(["Key figures"])?;
                for (label, value) in fields {
                    w.write_record([label, value])?;
                }
            }
            Block::Table(t) => {
                w.write_record([""])?;
                w.write_record([title.as_str()])?;
                w.write_record(&t.columns)?;
                for row in &t.rows {
                    w.write_record(row)?;
                }
            }
            Block::Paragraph(_) | Block::Chart(_) => {}
        }
    }
    w.finish()
}

/// Why a file cannot be previewed at all (per-row problems are in the preview). Nothing of such
/// a file is imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("The CSV file could not be read: {0}")]
    Csv(#[from] csv::Error),
    #[error("The CSV file has no column {}", .0.join(", "))]
    MissingColumns(Vec<String>),
    #[error("{place}: {broken}; nothing was imported")]
    Broken { place: Place, broken: Broken },
}

/// Where a file's layout breaks: a row (0 for the header), the line it starts on, a column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// 1 for the first row under the header, as in [`PreviewRow::row`].
    pub row: u32,
    pub line: u64,
    /// The column's header, or its number where the header has none.
    pub column: String,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.row {
            0 => write!(f, "The header (line {})", self.line)?,
            row => write!(f, "Row {row} (line {})", self.line)?,
        }
        write!(f, ", column {}", one_line(&self.column))
    }
}

/// How a file's layout is broken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Broken {
    /// A quote opens a value and nothing closes it: the rest of the file would be that value.
    UnclosedQuote,
    /// A row with more or fewer values than the header has columns.
    FieldCount {
        found: usize,
        expected: usize,
    },
    TooLong {
        bytes: usize,
    },
    /// A value runs over several lines and one of them is a whole row of the file: quotes
    /// opened and closed in the wrong places swallowed rows into it.
    SwallowedRow {
        start: String,
    },
}

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Broken::UnclosedQuote => f.write_str(
                "a quote opens this value and none closes it, so the rest of the file would be \
                 read into it",
            ),
            Broken::FieldCount { found, expected } => write!(
                f,
                "the row has {found} values where the header has {expected} columns (a quote \
                 or comma too many or too few?)"
            ),
            Broken::TooLong { bytes } => write!(
                f,
                "the value is {bytes} bytes long, more than the {MAX_FIELD_BYTES} a value may \
                 hold (a quote not closed where it should be?)"
            ),
            Broken::SwallowedRow { start } => write!(
                f,
                "the value runs over several lines and one of them is a whole row (\"{}…\"): a \
                 quote is missing or one too many",
                one_line(start)
            ),
        }
    }
}

/// What is wrong with one row; a row with a problem can only be skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowProblem {
    Missing(&'static str),
    BadDate {
        column: &'static str,
        message: String,
    },
    Unknown {
        column: &'static str,
        value: String,
    },
    /// The status is not a state of the workflow the kind and direction follow.
    UnknownStatus(String),
    StatusBeforeOpened,
    RepeatedReference(u32),
    /// The case the row would create breaks a rule of the casebook (the domain's validation).
    Invalid(Problem),
    /// Its kind does not go that way, or its status is on the other direction's branch.
    Direction(crate::domain::directions::DirectionError),
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RowProblem::Missing(column) => write!(f, "{column} is empty"),
            RowProblem::BadDate { column, message } => write!(f, "{column}: {message}"),
            RowProblem::Unknown { column, value } => {
                write!(f, "{column}: \"{value}\" is not one of the known values")
            }
            RowProblem::UnknownStatus(s) => {
                write!(
                    f,
                    "status: \"{s}\" is not a state of this kind and direction's workflow"
                )
            }
            RowProblem::StatusBeforeOpened => write!(f, "status_since is before opened"),
            RowProblem::RepeatedReference(row) => {
                write!(f, "the reference is already used by row {row} of this file")
            }
            RowProblem::Invalid(problem) => write!(f, "{problem}"),
            RowProblem::Direction(e) => write!(f, "direction: {e}"),
        }
    }
}

/// Why a row looks like a case the casebook already has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DuplicateReason {
    SameReference,
    SamePersonAndOffence,
}

impl fmt::Display for DuplicateReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DuplicateReason::SameReference => "same reference",
            DuplicateReason::SamePersonAndOffence => "same requested person and offence",
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate {
    pub case: CaseId,
    pub reference: String,
    pub reason: DuplicateReason,
}

/// What happens to a row when the import is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Import,
    Skip,
    /// Fill the existing case's empty fields from the row and record the import on it.
    Merge(CaseId),
}

/// A row as read, ready to become a case.
#[derive(Clone, Debug, PartialEq)]
pub struct RowCase {
    pub reference: String,
    pub kind: CaseKind,
    pub direction: Direction,
    pub status: Status,
    pub status_since: Option<NaiveDate>,
    pub opened: NaiveDate,
    pub area: Option<ProgrammeArea>,
    pub requesting_state: String,
    pub requested_state: String,
    pub requesting_authority: String,
    pub requested_person: String,
    pub offence: String,
    pub statute: String,
    pub officer: String,
    pub marking: Option<HandlingMarking>,
    pub ncnd: bool,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PreviewRow {
    /// 1 for the first row under the header.
    pub row: u32,
    /// The row's reference as written, to show beside its problems.
    pub reference: String,
    /// `None` when the row has problems.
    pub case: Option<RowCase>,
    pub problems: Vec<RowProblem>,
    pub duplicates: Vec<Duplicate>,
    pub decision: Decision,
}

/// A CSV file read against a casebook: nothing has changed yet.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportPreview {
    /// How the file was read (encoding, separator): shown with the rows, to be confirmed.
    pub layout: Layout,
    /// The file's name, recorded in each import event.
    pub source: String,
    pub rows: Vec<PreviewRow>,
    /// Columns that are not imported (unknown, or computed on export).
    pub ignored_columns: Vec<String>,
    /// Who supplied the requested people's names; `None`: as [`Source::of_party`] says (the
    /// partner, in an incoming request).
    pub requested_people: Option<Source>,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("Row {0} has problems and can only be skipped")]
    HasProblems(u32),
    #[error("There is no row {0}")]
    NoRow(u32),
}

impl ImportPreview {
    pub fn problem_rows(&self) -> impl Iterator<Item = &PreviewRow> {
        self.rows.iter().filter(|r| !r.problems.is_empty())
    }

    /// Sets a row's decision; a row with problems can only be skipped.
    pub fn decide(&mut self, row: u32, decision: Decision) -> Result<(), DecisionError> {
        let r = self
            .rows
            .iter_mut()
            .find(|r| r.row == row)
            .ok_or(DecisionError::NoRow(row))?;
        if r.case.is_none() && decision != Decision::Skip {
            return Err(DecisionError::HasProblems(row));
        }
        r.decision = decision;
        Ok(())
    }

    /// The commands that carry out the decisions, in row order. A new requested person is
    /// saved before the case that names them.
    pub fn commands(&self, book: &Casebook, ids: &mut dyn IdSource) -> Vec<Command> {
        let mut out = Vec::new();
        for r in &self.rows {
            let Some(row) = &r.case else { continue };
            match r.decision {
                Decision::Skip => {}
                Decision::Import => {
                    let mut details = imported_details(book, row, ids);
                    if !row.requested_person.is_empty() {
                        let person = PersonId(ids.next_uuid());
                        let mut named = Person::new(person, row.requested_person.clone());
                        named.source = self.requested_people.unwrap_or_else(|| {
                            Source::of_party(Role::RequestedPerson, row.direction)
                        });
                        out.push(Command::SavePerson(Box::new(named)));
                        details.parties.push(Party {
                            person,
                            role: Role::RequestedPerson,
                        });
                    }
                    out.push(Command::ImportCase(Box::new(ImportedCase {
                        id: CaseId(ids.next_uuid()),
                        reference: row.reference.clone(),
                        kind: row.kind,
                        direction: row.direction,
                        opened: row.opened,
                        status: row.status,
                        status_since: row.status_since,
                        details,
                        source: self.source.clone(),
                        row: r.row,
                    })));
                }
                Decision::Merge(case) => {
                    let Some(existing) = book.case(case) else {
                        continue;
                    };
                    let merged = merged_details(&existing.details, row, ids);
                    if merged != existing.details {
                        out.push(Command::UpdateCase {
                            case,
                            details: Box::new(merged),
                        });
                    }
                    out.push(Command::RecordImport {
                        case,
                        source: self.source.clone(),
                        row: r.row,
                        status: row.status,
                    });
                }
            }
        }
        out
    }
}

/// The details an imported row's case gets, before its requested person is added as a party.
fn imported_details(book: &Casebook, row: &RowCase, ids: &mut dyn IdSource) -> CaseDetails {
    let mut d = new_details(book, row);
    if !row.offence.is_empty() || !row.statute.is_empty() {
        d.offences.push(offence(row, ids));
    }
    d
}

/// What the casebook would refuse in the case and person a row creates, by the domain's own
/// validation: the preview never offers a row that the import then fails on.
fn refused(book: &Casebook, row: &RowCase, today: NaiveDate) -> Vec<RowProblem> {
    let details = imported_details(book, row, &mut SeededIds::new(0));
    let mut problems = validate_details(&details, row.kind, CaseId(Uuid::nil()), book);
    if !row.requested_person.is_empty() {
        let person = Person::new(PersonId(Uuid::nil()), row.requested_person.clone());
        problems.extend(validate_person(&person, today));
    }
    problems.into_iter().map(RowProblem::Invalid).collect()
}

fn new_details(book: &Casebook, row: &RowCase) -> CaseDetails {
    let mut d = book.settings.new_case_details(row.direction);
    if !row.requesting_state.is_empty() {
        d.requesting_state = Country(row.requesting_state.as_str().into());
    }
    if !row.requested_state.is_empty() {
        d.requested_state = Country(row.requested_state.as_str().into());
    }
    d.requesting_authority = row.requesting_authority.as_str().into();
    if let Some(area) = row.area {
        d.area = area;
    }
    if let Some(marking) = row.marking {
        d.marking = marking;
    }
    d.ncnd = row.ncnd;
    d.summary.clone_from(&row.summary);
    d.assigned_officer = row.officer.as_str().into();
    d
}

fn offence(row: &RowCase, ids: &mut dyn IdSource) -> Offence {
    Offence {
        id: RecordId(ids.next_uuid()),
        description: row.offence.as_str().into(),
        area: row.area.unwrap_or(ProgrammeArea::Other),
        statute: row.statute.as_str().into(),
        law_text: String::new(),
        max_penalty: Name::default(),
        death_penalty: DeathPenalty::NotAssessed,
        equivalent_offence: Name::default(),
        dual_criminality: DualCriminality::NotAssessed,
    }
}

/// The existing details with their empty fields filled from the row; the row's offence is
/// added when the case does not have it yet.
fn merged_details(existing: &CaseDetails, row: &RowCase, ids: &mut dyn IdSource) -> CaseDetails {
    let mut d = existing.clone();
    if d.summary.trim().is_empty() {
        d.summary.clone_from(&row.summary);
    }
    if d.requesting_authority.trim().is_empty() {
        d.requesting_authority = row.requesting_authority.as_str().into();
    }
    if d.assigned_officer.trim().is_empty() {
        d.assigned_officer = row.officer.as_str().into();
    }
    if d.area == ProgrammeArea::Other
        && let Some(area) = row.area
    {
        d.area = area;
    }
    let has_offence = d
        .offences
        .iter()
        .any(|o| key(&o.description) == key(&row.offence));
    if !row.offence.is_empty() && !has_offence {
        d.offences.push(offence(row, ids));
    }
    d
}

/// Case-, space- and punctuation-insensitive text for comparisons.
fn key(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads a register CSV, separated by commas, against `book` into a preview: [`preview_in`].
pub fn preview(
    book: &Casebook,
    source: &str,
    text: &str,
    today: NaiveDate,
) -> Result<ImportPreview, ImportError> {
    preview_in(book, source, text, Layout::PLAIN, today)
}

/// Reads a register CSV, decoded as `layout` says, against `book` into a preview.
/// Dates are read as the casebook's settings say; `today` bounds them. A file whose layout is
/// broken is refused whole.
pub fn preview_in(
    book: &Casebook,
    source: &str,
    text: &str,
    layout: Layout,
    today: NaiveDate,
) -> Result<ImportPreview, ImportError> {
    // Spreadsheets save "CSV UTF-8" with a byte-order mark, which is not part of the header.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let separator = layout.separator.byte();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        // Rows of another length are refused below, naming the row and column.
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = reader.headers()?.clone();
    let records = reader.records().collect::<Result<Vec<_>, _>>()?;
    let header_key = |h: &str| h.trim().to_lowercase().replace([' ', '-'], "_");
    let headers: Vec<String> = header.iter().map(header_key).collect();
    check_layout(text, separator, &header, &headers, &records)?;
    let missing: Vec<String> = REQUIRED
        .iter()
        .filter(|c| !headers.iter().any(|h| h == *c))
        .map(|c| c.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns(missing));
    }
    let ignored_columns = headers
        .iter()
        .filter(|h| !COLUMNS.contains(&h.as_str()) || NOT_IMPORTED.contains(&h.as_str()))
        .cloned()
        .collect();
    // A register Casedesk wrote: the `'` it put before formula-like values comes off.
    let own = header.iter().eq(COLUMNS.iter().copied());
    let index = DuplicateIndex::new(book);
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut rows = Vec::new();
    for (i, record) in records.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let mut problems = Vec::new();
        let get = |column: &str| {
            let cell = headers
                .iter()
                .position(|h| h == column)
                .and_then(|i| record.get(i))
                .unwrap_or("");
            if own { from_cell(cell) } else { cell }.to_string()
        };
        let reference = get("reference");
        let case = read_row(&get, book.settings.date_order, today, &mut problems);
        if !reference.is_empty()
            && let Some(first) = seen.insert(key(&reference), row)
        {
            problems.push(RowProblem::RepeatedReference(first));
        }
        if let Some(c) = case.as_ref().filter(|_| problems.is_empty()) {
            problems.extend(refused(book, c, today));
        }
        let case = case.filter(|_| problems.is_empty());
        let duplicates = case.as_ref().map_or_else(Vec::new, |c| index.find(c));
        let decision = if case.is_some() && duplicates.is_empty() {
            Decision::Import
        } else {
            Decision::Skip
        };
        rows.push(PreviewRow {
            row,
            reference,
            case,
            problems,
            duplicates,
            decision,
        });
    }
    Ok(ImportPreview {
        requested_people: None,
        source: source.to_string(),
        layout,
        rows,
        ignored_columns,
    })
}

/// Refuses a file whose layout is broken, naming the first place where it is: a quote never
/// closed, a row of another length than the header, a value over [`MAX_FIELD_BYTES`], a value
/// that swallowed whole rows. `keys` are the header's column names as [`preview`] reads them.
fn check_layout(
    text: &str,
    separator: u8,
    header: &csv::StringRecord,
    keys: &[String],
    records: &[csv::StringRecord],
) -> Result<(), ImportError> {
    let broken = |row: usize, line: u64, column: usize, broken: Broken| ImportError::Broken {
        place: Place {
            row: u32::try_from(row).unwrap_or(u32::MAX),
            line,
            column: header
                .get(column)
                .filter(|h| !h.is_empty())
                .map_or_else(|| (column + 1).to_string(), str::to_string),
        },
        broken,
    };
    if let Some(quote) = unclosed_quote(text, separator) {
        // It runs to the end of the file, so it opened the last value read.
        let line = 1 + text[..quote].matches('\n').count() as u64;
        let (row, values) = (records.len(), records.last().unwrap_or(header).len());
        return Err(broken(
            row,
            line,
            values.saturating_sub(1),
            Broken::UnclosedQuote,
        ));
    }
    let at = |name: &str| keys.iter().position(|k| k == name);
    let (kind, direction) = (at("kind"), at("direction"));
    for (row, record) in std::iter::once(header).chain(records).enumerate() {
        let line = record.position().map_or(1, csv::Position::line);
        if record.len() != header.len() {
            let found = record.len();
            let column = found.min(header.len());
            let count = Broken::FieldCount {
                found,
                expected: header.len(),
            };
            return Err(broken(row, line, column, count));
        }
        for (column, value) in record.iter().enumerate() {
            if value.len() > MAX_FIELD_BYTES {
                let long = Broken::TooLong { bytes: value.len() };
                return Err(broken(row, line, column, long));
            }
            if let Some(start) = swallowed_row(value, separator, header.len(), kind, direction) {
                let start = start.chars().take(40).collect();
                return Err(broken(row, line, column, Broken::SwallowedRow { start }));
            }
        }
    }
    Ok(())
}

/// Where a quote opens a value that no quote closes: the byte offset of that quote. Read as
/// the `csv` crate reads: a quote opens a quoted value only as its first character, and `""`
/// inside one is a quote. The crate itself takes the rest of the file as that value.
fn unclosed_quote(text: &str, separator: u8) -> Option<usize> {
    #[derive(Clone, Copy)]
    enum State {
        Start,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::Start;
    let mut opened = 0;
    for (i, byte) in text.bytes().enumerate() {
        state = match (state, byte) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (_, b'\n' | b'\r') => State::Start,
            (_, b) if b == separator => State::Start,
            (State::Start, b'"') => {
                opened = i;
                State::Quoted
            }
            _ => State::Unquoted,
        };
    }
    matches!(state, State::Quoted).then_some(opened)
}

/// A line of a multi-line `value`, after its first, that is a whole row of a file `width`
/// columns wide: as many values, and a kind and a direction Casedesk knows in their columns.
/// A summary may run over lines and hold commas, but not that; two stray quotes that pair up
/// leave it, with the rows between them inside the one value.
fn swallowed_row(
    value: &str,
    separator: u8,
    width: usize,
    kind: Option<usize>,
    direction: Option<usize>,
) -> Option<&str> {
    let (kind, direction) = (kind?, direction?);
    value.split(['\n', '\r']).skip(1).find(|line| {
        // A whole row has a separator between each two values: most lines stop here.
        line.bytes().filter(|b| *b == separator).count() + 1 >= width && {
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(separator)
                .has_headers(false)
                .flexible(true)
                .trim(csv::Trim::All)
                .from_reader(line.as_bytes());
            reader
                .records()
                .next()
                .and_then(Result::ok)
                .is_some_and(|r| {
                    r.len() == width
                        && r.get(kind)
                            .and_then(|v| find_labelled(v, CaseKind::ALL, CaseKind::label))
                            .is_some()
                        && r.get(direction)
                            .and_then(|v| find_labelled(v, Direction::ALL, Direction::label))
                            .is_some()
                })
        }
    })
}

/// Reads one row's fields, noting each problem; `None` when a required field is unusable.
fn read_row(
    get: &dyn Fn(&str) -> String,
    order: DateOrder,
    today: NaiveDate,
    problems: &mut Vec<RowProblem>,
) -> Option<RowCase> {
    let mut required = |column: &'static str| {
        let value = get(column);
        if value.is_empty() {
            problems.push(RowProblem::Missing(column));
        }
        value
    };
    let (kind, direction, status, opened) = (
        required("kind"),
        required("direction"),
        required("status"),
        required("opened"),
    );
    let kind = labelled(problems, "kind", &kind, CaseKind::ALL, CaseKind::label);
    let direction = labelled(
        problems,
        "direction",
        &direction,
        Direction::ALL,
        Direction::label,
    );
    let mut date = |column: &'static str, value: &str| {
        if value.is_empty() {
            return None;
        }
        // Both dates record what has happened: a case opened, a status reached.
        parse_date(value, order)
            .and_then(|d| check_date(d, DateKind::Happened, today))
            .map_err(|message| problems.push(RowProblem::BadDate { column, message }))
            .ok()
    };
    let opened = date("opened", &opened);
    let status_since = date("status_since", &get("status_since"));
    let area = labelled(
        problems,
        "programme_area",
        &get("programme_area"),
        ProgrammeArea::ALL,
        ProgrammeArea::label,
    );
    let marking = labelled(
        problems,
        "marking",
        &get("marking"),
        HandlingMarking::ALL,
        HandlingMarking::label,
    );
    let ncnd = match key(&get("ncnd")).as_str() {
        "" | "no" | "n" | "false" | "0" => false,
        "yes" | "y" | "true" | "1" => true,
        other => {
            problems.push(RowProblem::Unknown {
                column: "ncnd",
                value: other.to_string(),
            });
            false
        }
    };
    let status = match (kind, direction) {
        (Some(k), Some(d)) if !status.is_empty() => {
            let found = Status::parse(workflow_of(k, d), &status);
            if found.is_none() {
                problems.push(RowProblem::UnknownStatus(status));
            }
            found
        }
        _ => None,
    };
    if let (Some(k), Some(d), Some(s)) = (kind, direction, status)
        && let Err(e) = crate::domain::directions::check(k, d, s)
    {
        problems.push(RowProblem::Direction(e));
    }
    if let (Some(o), Some(s)) = (opened, status_since)
        && s < o
    {
        problems.push(RowProblem::StatusBeforeOpened);
    }
    Some(RowCase {
        reference: get("reference"),
        kind: kind?,
        direction: direction?,
        status: status?,
        status_since,
        opened: opened?,
        area,
        requesting_state: get("requesting_state"),
        requested_state: get("requested_state"),
        requesting_authority: get("requesting_authority"),
        requested_person: get("requested_person"),
        offence: get("offence"),
        statute: get("statute"),
        officer: get("officer"),
        marking,
        ncnd,
        summary: get("summary"),
    })
}

/// A value of a labelled list, by label or variant name, ignoring case and punctuation.
fn labelled<T: Copy + fmt::Debug>(
    problems: &mut Vec<RowProblem>,
    column: &'static str,
    value: &str,
    all: &[T],
    label: fn(T) -> &'static str,
) -> Option<T> {
    if value.is_empty() {
        return None;
    }
    let found = find_labelled(value, all, label);
    if found.is_none() {
        problems.push(RowProblem::Unknown {
            column,
            value: value.to_string(),
        });
    }
    found
}

/// The value of `all` that `value` names, by label or variant name, ignoring case and
/// punctuation.
fn find_labelled<T: Copy + fmt::Debug>(
    value: &str,
    all: &[T],
    label: fn(T) -> &'static str,
) -> Option<T> {
    let wanted = key(value).replace(' ', "");
    all.iter().copied().find(|v| {
        key(label(*v)).replace(' ', "") == wanted || format!("{v:?}").to_lowercase() == wanted
    })
}

/// The casebook's cases by reference and by (requested person, offence), built once per
/// preview so each row is a look-up.
struct DuplicateIndex<'a> {
    by_reference: HashMap<String, (CaseId, &'a str)>,
    by_person_offence: HashMap<(String, String), Vec<(CaseId, &'a str)>>,
}

impl<'a> DuplicateIndex<'a> {
    fn new(book: &'a Casebook) -> Self {
        let mut by_reference = HashMap::new();
        let mut by_person_offence: HashMap<_, Vec<_>> = HashMap::new();
        for c in book.cases() {
            let entry = (c.id, c.reference.as_str());
            by_reference.insert(key(&c.reference), entry);
            for person in c.details.subjects().filter_map(|p| book.person(p)) {
                for name in person.names() {
                    for o in &c.details.offences {
                        by_person_offence
                            .entry((key(name), key(&o.description)))
                            .or_default()
                            .push(entry);
                    }
                }
            }
        }
        Self {
            by_reference,
            by_person_offence,
        }
    }

    fn find(&self, row: &RowCase) -> Vec<Duplicate> {
        let mut out: Vec<Duplicate> = Vec::new();
        if let Some(&(case, reference)) = self.by_reference.get(&key(&row.reference)) {
            out.push(Duplicate {
                case,
                reference: reference.to_string(),
                reason: DuplicateReason::SameReference,
            });
        }
        let person_offence = (key(&row.requested_person), key(&row.offence));
        if person_offence.0.is_empty() || person_offence.1.is_empty() {
            return out;
        }
        for &(case, reference) in self
            .by_person_offence
            .get(&person_offence)
            .into_iter()
            .flatten()
        {
            if !out.iter().any(|d| d.case == case) {
                out.push(Duplicate {
                    case,
                    reference: reference.to_string(),
                    reason: DuplicateReason::SamePersonAndOffence,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_left_open_is_found_where_it_opens() {
        let cases = [
            // (text, offset of the quote left open)
            ("a,b\n1,\"2\n3,4\n", Some(6)),
            ("\"a,b\n", Some(0)),
            ("a,\"b\"\"\n", Some(2)),
            ("a,\"b\"\"\"\n", None),
            // Closed quotes, on one line or several, and quotes inside a value, are text.
            ("a,\"b\nc\"\n", None),
            ("a,b\"c\n", None),
            ("a, \"b\n", None),
            ("a,\"b\"c\"\n", None),
            ("a,\"b\"", None),
            ("", None),
            ("a,b\r\n\"c\r\n", Some(5)),
        ];
        for (text, expected) in cases {
            assert_eq!(unclosed_quote(text, b','), expected, "{text:?}");
        }
    }

    #[test]
    fn formula_like_values_get_a_quote_mark_that_comes_off_again() {
        let cases = [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+44 20 7946 0000", "'+44 20 7946 0000"),
            ("-5 days", "'-5 days"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tindented", "'\tindented"),
            ("\r\nfirst line blank", "'\r\nfirst line blank"),
            ("  =1+1", "'  =1+1"),
            // Already behind a quote mark: one more, so that exactly one comes off.
            ("'=x", "''=x"),
            ("''-1", "'''-1"),
            // Text, even starting with a quote mark, is written as it is.
            ("'Abdullah", "'Abdullah"),
            ("O'Brien = 1", "O'Brien = 1"),
            ("Fraud", "Fraud"),
            ("", ""),
        ];
        for (value, cell) in cases {
            assert_eq!(to_cell(value), cell, "{value:?}");
            assert_eq!(from_cell(cell), value, "{cell:?}");
        }
        // Control characters are replaced before the test, so none can hide a formula.
        assert_eq!(to_cell("\u{1}=x"), "\u{FFFD}=x");
    }

    #[test]
    fn a_line_of_a_value_is_a_swallowed_row_only_if_it_reads_as_a_whole_row() {
        let (width, kind, direction) = (4, Some(1), Some(2));
        let summary = "First line\nsecond, with, three commas, here\nExtradition, Incoming";
        assert_eq!(swallowed_row(summary, b',', width, kind, direction), None);
        let swallowed = "end of row 1\nEI-2,Extradition,Incoming,2026-01-02\nrow 3 start";
        assert_eq!(
            swallowed_row(swallowed, b',', width, kind, direction),
            Some("EI-2,Extradition,Incoming,2026-01-02")
        );
        // Its first line is the row the value is in, not a row swallowed.
        let first = "EI-2,Extradition,Incoming,2026-01-02\nmore";
        assert_eq!(swallowed_row(first, b',', width, kind, direction), None);
        assert_eq!(swallowed_row(swallowed, b',', width, None, direction), None);
        assert_eq!(swallowed_row(swallowed, b',', 5, kind, direction), None);
    }
}
