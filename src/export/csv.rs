//! The register as CSV (the spreadsheet officers keep today), both ways, and the review
//! report's tables as CSV.
//!
//! Import is in two steps: [`preview`] reads a file into an [`ImportPreview`] (per-row
//! problems, likely duplicates, a decision per row) without touching the casebook; only
//! [`ImportPreview::commands`] turns the confirmed rows into [`Command`]s, which the window or
//! the command line applies. The columns are documented in the README.

use super::doc::{Block, Doc};
use super::redact::RegisterRow;
use crate::domain::dates::{DateOrder, parse_date};
use crate::domain::validate::{Problem, validate_details, validate_person};
use crate::domain::{
    CaseDetails, CaseId, CaseKind, Casebook, Command, Country, DeathPenalty, Direction,
    DualCriminality, HandlingMarking, IdSource, ImportedCase, Name, Offence, Party, Person,
    PersonId, ProgrammeArea, RecordId, Role, SeededIds, Status, workflow_of,
};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::fmt;
use uuid::Uuid;

/// The register's columns, in file order. `next_deadline`, `next_deadline_due` and
/// `last_update` are computed from the events: written on export, ignored on import.
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
    "next_deadline",
    "next_deadline_due",
    "last_update",
];

/// Columns an import needs on every row.
const REQUIRED: &[&str] = &["kind", "direction", "status", "opened"];
const COMPUTED: &[&str] = &["next_deadline", "next_deadline_due", "last_update"];

pub fn register_csv(rows: &[RegisterRow]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
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
            r.next_deadline
                .map_or(String::new(), |(code, _)| code.to_string()),
            r.next_deadline.map_or(String::new(), |(_, due)| iso(due)),
            iso(r.last_update),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The tables of a document, one after another: a title line, the header, the rows and a
/// blank line each. The first table is the document's key figures.
pub fn tables_csv(doc: &Doc) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
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
    w.into_inner().map_err(|e| e.into_error().into())
}

/// Why a file cannot be previewed at all (per-row problems are in the preview).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("The CSV file could not be read: {0}")]
    Csv(#[from] csv::Error),
    #[error("The CSV file has no column {}", .0.join(", "))]
    MissingColumns(Vec<String>),
}

/// What is wrong with one row; a row with a problem can only be skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowProblem {
    Unreadable(String),
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
    InFuture(&'static str),
    RepeatedReference(u32),
    /// The case the row would create breaks a rule of the casebook (the domain's validation).
    Invalid(Problem),
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RowProblem::Unreadable(e) => write!(f, "the row could not be read ({e})"),
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
            RowProblem::InFuture(column) => write!(f, "{column} is in the future"),
            RowProblem::RepeatedReference(row) => {
                write!(f, "the reference is already used by row {row} of this file")
            }
            RowProblem::Invalid(problem) => write!(f, "{problem}"),
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
    /// The file's name, recorded in each import event.
    pub source: String,
    pub rows: Vec<PreviewRow>,
    /// Columns that are not imported (unknown, or computed on export).
    pub ignored_columns: Vec<String>,
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
                        out.push(Command::SavePerson(Box::new(Person::new(
                            person,
                            row.requested_person.clone(),
                        ))));
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

/// Reads a register CSV against `book` into a preview. Dates are read as the casebook's
/// settings say; `today` bounds them.
pub fn preview(
    book: &Casebook,
    source: &str,
    text: &str,
    today: NaiveDate,
) -> Result<ImportPreview, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header_key = |h: &str| h.trim().to_lowercase().replace([' ', '-'], "_");
    let headers: Vec<String> = reader.headers()?.iter().map(header_key).collect();
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
        .filter(|h| !COLUMNS.contains(&h.as_str()) || COMPUTED.contains(&h.as_str()))
        .cloned()
        .collect();
    let index = DuplicateIndex::new(book);
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let mut problems = Vec::new();
        let (case, reference) = match record {
            Ok(record) => {
                let get = |column: &str| {
                    headers
                        .iter()
                        .position(|h| h == column)
                        .and_then(|i| record.get(i))
                        .unwrap_or("")
                        .to_string()
                };
                let reference = get("reference");
                let case = read_row(&get, book.settings.date_order, today, &mut problems);
                (case, reference)
            }
            Err(e) => {
                problems.push(RowProblem::Unreadable(e.to_string()));
                (None, String::new())
            }
        };
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
        source: source.to_string(),
        rows,
        ignored_columns,
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
        match parse_date(value, order) {
            Ok(d) if d > today => {
                problems.push(RowProblem::InFuture(column));
                None
            }
            Ok(d) => Some(d),
            Err(message) => {
                problems.push(RowProblem::BadDate { column, message });
                None
            }
        }
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
    let wanted = key(value).replace(' ', "");
    let found = all.iter().copied().find(|v| {
        key(label(*v)).replace(' ', "") == wanted || format!("{v:?}").to_lowercase() == wanted
    });
    if found.is_none() {
        problems.push(RowProblem::Unknown {
            column,
            value: value.to_string(),
        });
    }
    found
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
