//! The journal: every change made to a casebook since it was last saved, one entry per line
//! beside it (`casebook.journal` beside `casebook.ron`), appended and flushed to disk (fsync)
//! before the change counts as done. So no acknowledged edit is lost to a crash or a power cut,
//! at a cost that grows with the edit, not with the casebook. A save writes the casebook and then
//! empties the journal; opening replays a journal that extends the casebook as saved.
//!
//! # The file
//! RON text, one record per line, each line `(check: "<64 hex>", line: <record>)`. `check` is
//! BLAKE3 of the previous line's check (nothing before the first line) followed by the record's
//! text, so a line torn by a crash or a power cut fails its check, and so does every line after
//! one that was changed, removed or reordered. The records:
//! - `Head(format: "casedesk-journal", version: 2, base: Some("blake3:…"), key: None)`, always
//!   first: `base` is the checksum recorded in the casebook file the journal extends; `key`,
//!   for an encrypted casebook, the key its entries are sealed with (hex of an age file sealed
//!   with the casebook's passphrase, see `crypt::EntryKey`).
//! - `Entry((seq: 3, at: "2026-12-06T10:15:00+01:00", officer: "…", case: Some("EI-2026-0001"),
//!   ids: ["…"], command: Some(Transition(…))))`: a command as it was applied, with its time and
//!   the ids it drew, so replaying it gives the same casebook, stamps and event ids included. A
//!   merge has `merged: Some(…)` (its cases as the casebook file writes them) instead of
//!   `command`; an edit of a case's details has `edited: Some(("<case id>", (summary:
//!   Some("…"))))`, only the fields it changed (`details_edit.rs`; version 1 journals held the
//!   whole details as an `UpdateCase` command, and still replay).
//! - `Sealed(seq: 3, text: "<hex>")`, instead of `Entry`, for an encrypted casebook: the entry's
//!   record sealed with the head's key (age, X25519). Nothing else of it is in the file.
//! - `Saved(through: 12, checksum: Some("blake3:…"))`: written by a save before its new file
//!   takes the casebook's place: the casebook file recording this checksum holds the entries up
//!   to 12.
//!
//! # Which entries apply
//! The entries apply to the casebook whose recorded checksum is the head's `base`. A save
//! appends `Saved`, renames its file into place, then rewrites the journal with the new checksum
//! as its base and only the entries made since, or removes it when there are none. Killed
//! between the two, the casebook's checksum is the one `Saved` names: only the entries after
//! `through` apply, so none is applied twice. A journal that names neither the casebook's
//! checksum extends another version of it (changed elsewhere, a snapshot restored): its entries
//! are shown, never applied. A line that fails its check ends the journal: it and any after it
//! are dropped and named, never half applied.

use super::atomic::{Content, SaveError, replace_with};
use super::crypt::{EntryKey, Key};
use super::details_edit::DetailsEdit;
use super::format::CaseV2;
use super::fsutil::{parent_dir, stem, sync_dir};
use super::reading::MAX_FILE_BYTES;
use crate::domain::casebook::MergedContents;
use crate::domain::governance::{GovernanceCommand, GovernanceRecord};
use crate::domain::holidays::HolidayCalendars;
use crate::domain::stamps::BookStamps;
use crate::domain::{
    Agency, Applied, CaseId, Casebook, Command, CommandError, Contact, Ctx, Event, IdSource,
    Person, RandomIds,
};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use uuid::Uuid;

const FORMAT: &str = "casedesk-journal";
/// 2: an edit of a case's details holds only the fields it changed (`edited`); version 1
/// journals, holding whole details, are still read and replayed.
const VERSION: u32 = 2;
/// How every line starts, up to its check's digits, and what follows them.
const OPEN: &str = "(check: \"";
const SHUT: &str = "\", line: ";
const CHECK_DIGITS: usize = 64;

/// `casebook.journal` beside `casebook.ron`.
pub fn journal_path(casebook: &Path) -> PathBuf {
    parent_dir(casebook).join(format!("{}.journal", stem(casebook)))
}

/// A command as it was applied and journaled.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Its place in the journal, from 1.
    pub seq: u64,
    pub at: DateTime<FixedOffset>,
    /// Who made it: the casebook's officer at the time.
    pub officer: String,
    /// The reference of the case it touched, if it touched one.
    pub case: Option<String>,
    /// What a removal removed, named as it was ("the person Amir Khan"): gone afterwards, it
    /// could not be named from the casebook.
    pub removed: Option<String>,
    /// The ids it drew, handed out again in order when it is replayed.
    pub ids: Vec<Uuid>,
    change: Change,
}

/// What an entry does.
#[derive(Clone, Debug, PartialEq)]
enum Change {
    /// A command as it was applied.
    Command(Command),
    /// An edit of a case's details (`Command::UpdateCase`), as the fields it changed.
    Details {
        case: CaseId,
        edit: Box<DetailsEdit>,
    },
}

impl Change {
    /// The change journaled for `command`, whose application is `applied`: an edit of the
    /// details as the fields it changed from the details it replaced (its undo's).
    fn of(command: Command, applied: &Applied) -> Self {
        match (command, &applied.undo) {
            (
                Command::UpdateCase { case, details },
                Some(Command::UpdateCase { details: old, .. }),
            ) => Change::Details {
                case,
                edit: Box::new(DetailsEdit::between(old, &details)),
            },
            (command, _) => Change::Command(command),
        }
    }

    /// The command that makes this change to `book`, where it was made.
    fn command(&self, book: &Casebook) -> Result<Command, CommandError> {
        match self {
            Change::Command(command) => Ok(command.clone()),
            Change::Details { case, edit } => {
                let current = book.case(*case).ok_or(CommandError::UnknownCase(*case))?;
                Ok(Command::UpdateCase {
                    case: *case,
                    details: Box::new(edit.onto(&current.details)),
                })
            }
        }
    }
}

impl Entry {
    /// What was done, in the officer's words.
    pub fn what(&self) -> String {
        // A removal names what it removed when its entry kept the name (older ones did not).
        let removed =
            |unnamed: &str| format!("Removed {}", self.removed.as_deref().unwrap_or(unnamed));
        let command = match &self.change {
            Change::Command(command) => command,
            Change::Details { edit, .. } => return edit.what(),
        };
        match command {
            Command::OpenCase { .. } => "Opened the case".into(),
            Command::DiscardCase { .. } => "Discarded the case".into(),
            Command::UpdateCase { .. } => "Edited the case's details".into(),
            Command::Transition { request, .. } => format!("Moved to {}", request.to),
            Command::Correct { .. } => "Corrected a step of the history".into(),
            Command::ExtendClock { clock, new_due, .. } => {
                format!("Extended the deadline {clock} to {new_due}")
            }
            Command::MeetClock { clock, on, .. } => format!("Marked {clock} met on {on}"),
            Command::MarkReviewed { on, .. } => format!("Marked the case reviewed on {on}"),
            Command::RecordDisclosure { recipient, .. } => {
                format!("Recorded a disclosure to {recipient}")
            }
            Command::ImportCase(row) => format!("Imported row {} of {}", row.row, row.source),
            Command::RecordImport { source, row, .. } => {
                format!("Noted row {row} of {source} as merged into the case")
            }
            Command::SavePerson(p) => format!("Saved the person {}", p.name),
            Command::RemovePerson(_) => removed("a person"),
            Command::SaveAgency(a) => format!("Saved the agency {}", a.name),
            Command::RemoveAgency(_) => removed("an agency"),
            Command::SaveContact(c) => format!("Saved the contact {}", c.name),
            Command::RemoveContact(_) => removed("a contact"),
            Command::UpdateSettings(_) => "Changed the settings".into(),
            Command::Merge(_) => "Merged another copy of the casebook".into(),
            Command::MoveDate { detail, to, .. } => format!("Moved {} to {to}", detail.label()),
            Command::Attach { attachment, .. } => format!("Attached {}", attachment.name),
            Command::Detach { .. } => removed("an attachment"),
            Command::Governance(GovernanceCommand::Remove(_)) if self.removed.is_some() => {
                removed("")
            }
            Command::Governance(g) => g.what(),
        }
    }
}

/// What `command` removes from `book`, named as the journal's line gives it, before it is
/// removed.
fn removed_name(book: &Casebook, command: &Command) -> Option<String> {
    match command {
        Command::RemovePerson(id) => book.person(*id).map(|p| format!("the person {}", p.name)),
        Command::RemoveAgency(id) => book
            .agencies()
            .iter()
            .find(|a| a.id == *id)
            .map(|a| format!("the agency {}", a.name)),
        Command::RemoveContact(id) => book
            .contacts()
            .iter()
            .find(|c| c.id == *id)
            .map(|c| format!("the contact {}", c.name)),
        Command::Governance(GovernanceCommand::Remove(id)) => book
            .governance()
            .record(*id)
            .map(|r| format!("the {} {}", r.kind().label().to_lowercase(), r.name())),
        Command::Detach {
            case, attachment, ..
        } => book.case(*case).and_then(|c| {
            crate::domain::attachment::attachments(c)
                .into_iter()
                .find(|a| a.id() == *attachment)
                .map(|a| format!("the attachment {}", a.name))
        }),
        _ => None,
    }
}

/// The case a command names before it is applied (a discarded case is gone after).
fn named_case(command: &Command) -> Option<CaseId> {
    match command {
        Command::OpenCase { id, .. } => Some(*id),
        Command::ImportCase(row) => Some(row.id),
        Command::DiscardCase { case }
        | Command::UpdateCase { case, .. }
        | Command::Transition { case, .. }
        | Command::Correct { case, .. }
        | Command::ExtendClock { case, .. }
        | Command::MeetClock { case, .. }
        | Command::MarkReviewed { case, .. }
        | Command::RecordDisclosure { case, .. }
        | Command::RecordImport { case, .. }
        | Command::MoveDate { case, .. }
        | Command::Attach { case, .. }
        | Command::Detach { case, .. } => Some(*case),
        _ => None,
    }
}

/// Ids drawn from random ones, kept to be journaled.
struct Drawn(Vec<Uuid>);

impl IdSource for Drawn {
    fn next_uuid(&mut self) -> Uuid {
        let id = RandomIds.next_uuid();
        self.0.push(id);
        id
    }
}

/// The ids an entry drew, handed out again (random ones past them, which a replay of the same
/// command on the same casebook never asks for).
struct Redrawn<'a>(std::slice::Iter<'a, Uuid>);

impl IdSource for Redrawn<'_> {
    fn next_uuid(&mut self) -> Uuid {
        self.0
            .next()
            .copied()
            .unwrap_or_else(|| RandomIds.next_uuid())
    }
}

/// Applies `command` to `book` at `now` with random ids, and returns the entry that replays it
/// (numbered when a journal records it). On error nothing has changed.
pub fn applying(
    book: &mut Casebook,
    command: Command,
    now: DateTime<FixedOffset>,
) -> Result<(Applied, Entry), CommandError> {
    let reference = |book: &Casebook, id: Option<CaseId>| {
        id.and_then(|id| book.case(id)).map(|c| c.reference.clone())
    };
    let before = reference(book, named_case(&command));
    let removed = removed_name(book, &command);
    let mut ids = Drawn(Vec::new());
    let applied = book.apply(command.clone(), &mut Ctx { now, ids: &mut ids })?;
    let entry = Entry {
        seq: 0,
        at: now,
        officer: book.settings.officer_name.clone(),
        case: reference(book, applied.case).or(before),
        removed,
        ids: ids.0,
        change: Change::of(command, &applied),
    };
    Ok((applied, entry))
}

/// What a replay did: how many entries it applied, in order, and why it stopped before the
/// rest, if it did.
#[derive(Debug)]
pub struct Replayed {
    pub applied: usize,
    pub refused: Option<CommandError>,
}

/// Applies `entries` to `book` as they were applied, each whole or not at all, stopping at the
/// first that no longer applies: the ones after it were made on top of it.
pub fn replay(book: &mut Casebook, entries: &[Entry]) -> Replayed {
    for (applied, entry) in entries.iter().enumerate() {
        let mut ids = Redrawn(entry.ids.iter());
        let ctx = &mut Ctx {
            now: entry.at,
            ids: &mut ids,
        };
        if let Err(e) = entry
            .change
            .command(book)
            .and_then(|command| book.apply(command, ctx))
        {
            return Replayed {
                applied,
                refused: Some(e),
            };
        }
    }
    Replayed {
        applied: entries.len(),
        refused: None,
    }
}

/// A record of the file, as written and read (see the module's documentation).
#[derive(Serialize, Deserialize)]
enum Record<'a> {
    Head {
        format: Cow<'a, str>,
        version: u32,
        base: Option<Cow<'a, str>>,
        key: Option<Cow<'a, str>>,
    },
    Entry(Box<EntryRecord<'a>>),
    Sealed {
        seq: u64,
        text: Cow<'a, str>,
    },
    Saved {
        through: u64,
        checksum: Option<Cow<'a, str>>,
    },
}

#[derive(Serialize, Deserialize)]
struct EntryRecord<'a> {
    seq: u64,
    at: DateTime<FixedOffset>,
    officer: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    case: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    removed: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    ids: Vec<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    command: Option<Cow<'a, Command>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    merged: Option<MergedRecord<'a>>,
    /// An edit of a case's details: the case, and the fields the edit changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    edited: Option<(CaseId, Cow<'a, DetailsEdit>)>,
}

/// A merge's contents, its cases as the casebook file writes them.
#[derive(Serialize, Deserialize)]
struct MergedRecord<'a> {
    cases: Vec<CaseV2<'a>>,
    people: Cow<'a, [Person]>,
    agencies: Cow<'a, [Agency]>,
    contacts: Cow<'a, [Contact]>,
    stamps: Cow<'a, BookStamps>,
    #[serde(default, skip_serializing_if = "<[Event]>::is_empty")]
    record_history: Cow<'a, [Event]>,
    #[serde(default, skip_serializing_if = "<[GovernanceRecord]>::is_empty")]
    governance: Cow<'a, [GovernanceRecord]>,
    /// The holiday calendars merged; none in entries from before they merged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    holidays: Option<Cow<'a, HolidayCalendars>>,
}

impl<'a> EntryRecord<'a> {
    fn of(entry: &'a Entry) -> Self {
        let (command, merged, edited) = match &entry.change {
            Change::Command(Command::Merge(contents)) => (
                None,
                Some(MergedRecord {
                    cases: contents.cases.iter().map(CaseV2::of).collect(),
                    people: Cow::Borrowed(&contents.people),
                    agencies: Cow::Borrowed(&contents.agencies),
                    contacts: Cow::Borrowed(&contents.contacts),
                    stamps: Cow::Borrowed(&contents.stamps),
                    record_history: Cow::Borrowed(&contents.record_history),
                    governance: Cow::Borrowed(&contents.governance),
                    holidays: contents.holidays.as_ref().map(Cow::Borrowed),
                }),
                None,
            ),
            Change::Command(command) => (Some(Cow::Borrowed(command)), None, None),
            Change::Details { case, edit } => (None, None, Some((*case, Cow::Borrowed(&**edit)))),
        };
        Self {
            seq: entry.seq,
            at: entry.at,
            officer: Cow::Borrowed(&entry.officer),
            case: entry.case.as_deref().map(Cow::Borrowed),
            removed: entry.removed.as_deref().map(Cow::Borrowed),
            ids: entry.ids.clone(),
            command,
            merged,
            edited,
        }
    }

    fn into_entry(self) -> Option<Entry> {
        let change = match (self.command, self.merged, self.edited) {
            (Some(command), None, None) => Change::Command(command.into_owned()),
            (None, Some(m), None) => Change::Command(Command::Merge(Box::new(MergedContents {
                cases: m.cases.into_iter().map(CaseV2::into_case).collect(),
                people: m.people.into_owned(),
                agencies: m.agencies.into_owned(),
                contacts: m.contacts.into_owned(),
                stamps: m.stamps.into_owned(),
                record_history: m.record_history.into_owned(),
                governance: m.governance.into_owned(),
                holidays: m.holidays.map(Cow::into_owned),
            }))),
            (None, None, Some((case, edit))) => Change::Details {
                case,
                edit: Box::new(edit.into_owned()),
            },
            _ => return None,
        };
        Some(Entry {
            seq: self.seq,
            at: self.at,
            officer: self.officer.into_owned(),
            case: self.case.map(Cow::into_owned),
            removed: self.removed.map(Cow::into_owned),
            ids: self.ids,
            change,
        })
    }
}

fn text_of(record: &Record) -> Result<String, SaveError> {
    Ok(ron::to_string(record)?)
}

/// The line holding the record `text`, chained to the line before by `chain` (its check), which
/// becomes this line's.
fn chained(chain: &mut String, text: &str) -> String {
    *chain = check(chain, text);
    format!("{OPEN}{chain}{SHUT}{text})\n")
}

fn check(chain: &str, text: &str) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(chain.as_bytes());
    hasher.update(text.as_bytes());
    hasher.finalize().to_hex().to_string()
}

fn head_text(base: Option<&str>, key: Option<&EntryKey>) -> Result<String, SaveError> {
    let key = key.map(|k| super::integrity::hex(k.sealed()));
    text_of(&Record::Head {
        format: FORMAT.into(),
        version: VERSION,
        base: base.map(Cow::Borrowed),
        key: key.map(Cow::Owned),
    })
}

/// The record written for an entry whose record text is `text`: as it is, or sealed.
fn written_text(seq: u64, text: &str, key: Option<&EntryKey>) -> Result<String, SaveError> {
    match key {
        None => Ok(text.to_string()),
        Some(key) => {
            let sealed = key.seal(text.as_bytes()).map_err(SaveError::Encrypt)?;
            text_of(&Record::Sealed {
                seq,
                text: super::integrity::hex(&sealed).into(),
            })
        }
    }
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The record of one line read, checked against the line before's `chain`; the line's check
/// becomes `chain`.
fn read_line(line: &[u8], chain: &mut String) -> Result<Record<'static>, &'static str> {
    let line = std::str::from_utf8(line).map_err(|_| "is not text")?;
    let rest = line.strip_prefix(OPEN).ok_or("is not a journal line")?;
    let (digits, rest) = rest.split_at_checked(CHECK_DIGITS).ok_or("is cut short")?;
    let text = rest
        .strip_prefix(SHUT)
        .and_then(|r| r.strip_suffix(')'))
        .ok_or("is cut short")?;
    if check(chain, text) != digits {
        return Err("does not match its check");
    }
    let record = record_of(text).ok_or("cannot be read")?;
    digits.clone_into(chain);
    Ok(record)
}

/// How deeply a record may nest, as in a casebook file.
const MAX_NESTING: usize = 64;

/// The record `text` holds: read by the fast reader of the RON Casedesk writes, or by the `ron`
/// crate when that gives up.
fn record_of(text: &str) -> Option<Record<'static>> {
    super::reader::from_str(text, MAX_NESTING).ok().or_else(|| {
        ron::Options::default()
            .with_recursion_limit(MAX_NESTING)
            .from_str(text)
            .ok()
    })
}

/// A damaged end of a journal, dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dropped {
    pub path: PathBuf,
    /// The first line dropped, from 1.
    pub line: usize,
    /// How many lines were dropped.
    pub lines: usize,
    pub why: &'static str,
}

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let which = match self.lines {
            1 => format!("line {}", self.line),
            n => format!("lines {} to {}", self.line, self.line + n - 1),
        };
        write!(
            f,
            "{} of the journal {} {}, so it was dropped: a change being written when Casedesk was interrupted, never counted as done",
            which,
            self.path.display(),
            self.why
        )
    }
}

/// What a journal on disk holds for the casebook it is beside.
#[derive(Clone, Debug)]
pub struct Pending {
    casebook: PathBuf,
    /// The checksum the casebook file records, which the entries extend.
    checksum: Option<String>,
    key: Option<EntryKey>,
    /// The entries the casebook does not hold yet, in order.
    pub entries: Vec<Entry>,
    /// Entries made on another version of the casebook: shown, never applied.
    pub stale: Vec<Entry>,
    /// How many entries the casebook holds already (a save was interrupted before it emptied
    /// the journal).
    pub saved: usize,
    pub dropped: Option<Dropped>,
}

impl Pending {
    /// Nothing to offer: every entry is saved already, and nothing was dropped.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.stale.is_empty() && self.dropped.is_none()
    }

    /// The journal from here on: its first `applied` entries kept (those replayed), the rest and
    /// anything dropped or stale removed from the file, so they are not offered again.
    pub fn resume(mut self, applied: usize) -> Result<Journal, SaveError> {
        self.entries.truncate(applied);
        let mut writer = Writer {
            casebook: self.casebook,
            base: self.checksum,
            key: self.key,
            file: None,
            chain: String::new(),
            next_seq: self.entries.last().map_or(1, |e| e.seq + 1),
            since_base: Vec::with_capacity(self.entries.len()),
            unwritten: 0,
            failure: None,
        };
        for entry in &self.entries {
            writer
                .since_base
                .push((entry.seq, text_of(&record(entry))?));
        }
        writer.rewrite()?;
        Ok(Journal(Mutex::new(writer)))
    }
}

fn record(entry: &Entry) -> Record<'_> {
    Record::Entry(Box::new(EntryRecord::of(entry)))
}

/// Reads the journal beside `casebook`, whose file records `checksum`, opening sealed entries
/// with `key`. `None` when there is no journal.
pub fn read(
    casebook: &Path,
    checksum: Option<&str>,
    key: Option<&Key>,
) -> io::Result<Option<Pending>> {
    let path = journal_path(casebook);
    let bytes = match std::fs::metadata(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
        // Bounded as a casebook is: a bigger file is not a journal, and reading it would only
        // exhaust memory.
        Ok(meta) if meta.len() > MAX_FILE_BYTES => {
            return Err(io::Error::other(format!(
                "{} is {} bytes, more than a journal can be ({MAX_FILE_BYTES}); nothing was read from it",
                path.display(),
                meta.len()
            )));
        }
        Ok(_) => std::fs::read(&path)?,
    };
    let mut pending = Pending {
        casebook: casebook.to_path_buf(),
        checksum: checksum.map(str::to_string),
        key: None,
        entries: Vec::new(),
        stale: Vec::new(),
        saved: 0,
        dropped: None,
    };
    let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
    let mut chain = String::new();
    let mut base = None;
    let mut marks = Vec::new();
    let mut entries = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let read = match line.strip_suffix(b"\n") {
            Some(line) => read_line(line, &mut chain),
            None => Err("is cut short"),
        }
        .and_then(|record| {
            take(
                record,
                n,
                &mut pending,
                key,
                &mut base,
                &mut marks,
                &mut entries,
            )
        });
        if let Err(why) = read {
            pending.dropped = Some(Dropped {
                path: path.clone(),
                line: n + 1,
                lines: lines.len() - n,
                why,
            });
            break;
        }
    }
    // The entries apply after the base, or after the save that wrote the casebook as it is.
    let from = match (&base, checksum) {
        (Some(base), _) if base.as_deref() == checksum => Some(0),
        (_, Some(checksum)) => marks
            .iter()
            .rev()
            .find(|(_, c)| c.as_deref() == Some(checksum))
            .map(|(through, _)| *through),
        _ => None,
    };
    match from {
        Some(through) => {
            pending.saved = entries.iter().filter(|e| e.seq <= through).count();
            pending.entries = entries.into_iter().filter(|e| e.seq > through).collect();
        }
        None => pending.stale = entries,
    }
    Ok(Some(pending))
}

/// Takes the record of line `n` into what is read.
fn take(
    record: Record<'static>,
    n: usize,
    pending: &mut Pending,
    key: Option<&Key>,
    base: &mut Option<Option<String>>,
    marks: &mut Vec<(u64, Option<String>)>,
    entries: &mut Vec<Entry>,
) -> Result<(), &'static str> {
    let last = entries.last().map_or(0, |e: &Entry| e.seq);
    match (n, record) {
        (
            0,
            Record::Head {
                format,
                version,
                base: head_base,
                key: sealed,
            },
        ) => {
            if format != FORMAT || version > VERSION {
                return Err("is not a journal this version of Casedesk reads");
            }
            if let Some(sealed) = sealed {
                let sealed = unhex(&sealed).ok_or("holds a damaged key")?;
                let key = key.ok_or("is sealed, and the casebook has no passphrase")?;
                pending.key = Some(
                    EntryKey::open(&sealed, key)
                        .map_err(|_| "is sealed with another passphrase than the casebook's")?,
                );
            }
            *base = Some(head_base.map(Cow::into_owned));
            Ok(())
        }
        (0, _) => Err("is not a journal's head"),
        (_, Record::Head { .. }) => Err("is a second head"),
        (_, Record::Saved { through, checksum }) => {
            marks.push((through, checksum.map(Cow::into_owned)));
            Ok(())
        }
        (_, Record::Entry(entry)) if pending.key.is_none() => {
            let entry = (*entry).into_entry().ok_or("cannot be read")?;
            if entry.seq <= last {
                return Err("is out of order");
            }
            entries.push(entry);
            Ok(())
        }
        (_, Record::Sealed { seq, text }) => {
            let key = pending
                .key
                .as_ref()
                .ok_or("is sealed, and the journal has no key")?;
            let plain = unhex(&text)
                .and_then(|sealed| key.unseal(&sealed).ok())
                .ok_or("cannot be decrypted")?;
            let text = String::from_utf8(plain).map_err(|_| "is not text")?;
            let entry = match record_of(&text) {
                Some(Record::Entry(entry)) => (*entry).into_entry(),
                _ => None,
            }
            .filter(|e| e.seq == seq && seq > last)
            .ok_or("cannot be read")?;
            entries.push(entry);
            Ok(())
        }
        (_, Record::Entry(_)) => Err("is in plain text in a sealed journal"),
    }
}

/// Removes the journal beside `casebook`, its work saved or declined.
pub fn discard(casebook: &Path) -> Result<(), SaveError> {
    discard_at(&journal_path(casebook))
}

/// The journal of a casebook open for writing: commands are recorded as they are applied and
/// made durable by [`Journal::flush`]; a save ([`super::save_journaled`]) empties it. Shared
/// between the window and its saving thread.
pub struct Journal(Mutex<Writer>);

struct Writer {
    casebook: PathBuf,
    /// The checksum the casebook file records, which the journal's entries extend.
    base: Option<String>,
    key: Option<EntryKey>,
    /// The journal file, open for appending; `None` until it is written (again).
    file: Option<File>,
    /// The check of the file's last line.
    chain: String,
    next_seq: u64,
    /// Every entry since the base, as its record's text: what the file holds and a save that
    /// does not hold them carries over.
    since_base: Vec<(u64, String)>,
    /// How many of the last entries of `since_base` are not in the file yet.
    unwritten: usize,
    /// Why an entry recorded could not be written, said by the next flush.
    failure: Option<String>,
}

impl fmt::Debug for Journal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Journal(…)")
    }
}

impl Journal {
    /// An empty journal for the casebook at `casebook`, whose file records `checksum`, sealed
    /// with `key` when it has one (one scrypt). Nothing is written until the first entry.
    pub fn new(
        casebook: &Path,
        checksum: Option<String>,
        key: Option<&Key>,
    ) -> Result<Self, SaveError> {
        let key = key
            .map(EntryKey::new)
            .transpose()
            .map_err(SaveError::Encrypt)?;
        Ok(Self(Mutex::new(Writer {
            casebook: casebook.to_path_buf(),
            base: checksum,
            key,
            file: None,
            chain: String::new(),
            next_seq: 1,
            since_base: Vec::new(),
            unwritten: 0,
            failure: None,
        })))
    }

    fn writer(&self) -> MutexGuard<'_, Writer> {
        // A panic while writing leaves the writer as consistent as an error would.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Applies `command` to `book` at `now` and records it, to be written by the next
    /// [`Journal::flush`]. On error nothing is changed or recorded.
    pub fn apply(
        &self,
        book: &mut Casebook,
        command: Command,
        now: DateTime<FixedOffset>,
    ) -> Result<Applied, CommandError> {
        let (applied, entry) = applying(book, command, now)?;
        self.record(entry);
        Ok(applied)
    }

    /// Records an entry applied elsewhere (by [`applying`]), numbering it. An entry that
    /// cannot be written is said by the next [`Journal::flush`].
    pub fn record(&self, mut entry: Entry) {
        let mut w = self.writer();
        entry.seq = w.next_seq;
        match text_of(&record(&entry)) {
            Ok(text) => {
                w.next_seq += 1;
                w.since_base.push((entry.seq, text));
                w.unwritten += 1;
            }
            Err(e) => w.failure = Some(e.to_string()),
        }
    }

    /// How many entries are recorded since the base: a mark to go back to.
    pub fn mark(&self) -> usize {
        self.writer().since_base.len()
    }

    /// Forgets the entries recorded after `mark` and not written yet: a step of several
    /// commands that failed part-way, its casebook put back as it was.
    pub fn forget_since(&self, mark: usize) {
        let mut w = self.writer();
        let written = w.since_base.len() - w.unwritten;
        let keep = mark.max(written);
        let forgotten = w.since_base.len().saturating_sub(keep);
        w.since_base.truncate(keep);
        w.unwritten -= forgotten;
    }

    /// The number of the last entry recorded: what a save of the casebook as it is now holds.
    pub fn last_seq(&self) -> u64 {
        self.writer().next_seq - 1
    }

    /// Writes the entries recorded since the last flush in one write and flushes them to disk.
    pub fn flush(&self) -> Result<(), SaveError> {
        self.writer().flush()
    }

    /// Seals the entries from now on with `key` (or none), the journal written again so.
    pub fn rekey(&self, key: Option<&Key>) -> Result<(), SaveError> {
        let key = key
            .map(EntryKey::new)
            .transpose()
            .map_err(SaveError::Encrypt)?;
        let mut w = self.writer();
        w.key = key;
        w.rewrite()
    }

    /// Before a save's file takes the casebook's place: notes that the file recording
    /// `checksum` holds the entries up to `through`.
    pub(super) fn saving(&self, through: u64, checksum: Option<&str>) -> Result<(), SaveError> {
        let mut w = self.writer();
        w.flush()?;
        if w.file.is_none() {
            // Nothing journaled since the base: nothing to apply twice.
            return Ok(());
        }
        let text = text_of(&Record::Saved {
            through,
            checksum: checksum.map(Cow::Borrowed),
        })?;
        let line = chained(&mut w.chain.clone(), &text);
        w.append(line)
    }

    /// After a save put the file recording `checksum`, which holds the entries up to
    /// `through`, at `casebook`: the journal there extends it with the entries made since.
    pub(super) fn saved(
        &self,
        casebook: &Path,
        through: u64,
        checksum: Option<String>,
    ) -> Result<(), SaveError> {
        let mut w = self.writer();
        let moved = w.casebook != casebook;
        let old = journal_path(&w.casebook);
        w.since_base.retain(|(seq, _)| *seq > through);
        w.base = checksum;
        w.casebook = casebook.to_path_buf();
        w.rewrite()?;
        if moved {
            // Saved as another file: the old one's journal is saved too.
            discard_at(&old)?;
        }
        Ok(())
    }
}

fn discard_at(path: &Path) -> Result<(), SaveError> {
    match std::fs::remove_file(path) {
        // Nothing to remove (its folder may be gone too).
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(journal_error("removing", path)(e)),
        Ok(()) => sync_dir(parent_dir(path)).map_err(journal_error("removing", path)),
    }
}

fn journal_error<'a>(
    step: &'static str,
    path: &'a Path,
) -> impl FnOnce(io::Error) -> SaveError + 'a {
    let step = match step {
        "removing" => "removing the journal of the saved casebook",
        "writing" => "writing the journal",
        _ => "flushing the journal to disk",
    };
    move |error| SaveError::Io {
        step,
        path: path.to_path_buf(),
        error,
    }
}

impl Writer {
    fn path(&self) -> PathBuf {
        journal_path(&self.casebook)
    }

    fn flush(&mut self) -> Result<(), SaveError> {
        if let Some(failure) = self.failure.take() {
            let path = self.path();
            return Err(journal_error("writing", &path)(io::Error::other(failure)));
        }
        if self.unwritten == 0 {
            return Ok(());
        }
        if self.file.is_none() {
            return self.rewrite();
        }
        let mut chain = self.chain.clone();
        let mut out = String::new();
        for (seq, text) in &self.since_base[self.since_base.len() - self.unwritten..] {
            out.push_str(&chained(
                &mut chain,
                &written_text(*seq, text, self.key.as_ref())?,
            ));
        }
        self.append(out)?;
        self.unwritten = 0;
        Ok(())
    }

    /// Appends `lines` (chained to the file's last line) in one write and flushes them to
    /// disk; on failure the file is cut back to what it held, so a later append never follows
    /// half a line.
    fn append(&mut self, lines: String) -> Result<(), SaveError> {
        let path = self.path();
        let Some(file) = &mut self.file else {
            return self.rewrite();
        };
        let len = file
            .metadata()
            .map_err(journal_error("writing", &path))?
            .len();
        let written = file
            .write_all(lines.as_bytes())
            .map_err(journal_error("writing", &path))
            .and_then(|()| file.sync_data().map_err(journal_error("syncing", &path)));
        if let Err(e) = written {
            if file.set_len(len).and_then(|()| file.sync_data()).is_err() {
                // Whether the file ends on a whole line is unknown: write it again whole.
                self.file = None;
                self.unwritten = self.since_base.len();
            }
            return Err(e);
        }
        // The last line's check, for the next.
        if let Some(last) = lines.lines().last()
            && let Some(digits) = last.strip_prefix(OPEN).and_then(|r| r.get(..CHECK_DIGITS))
        {
            self.chain = digits.to_string();
        }
        Ok(())
    }

    /// Writes the journal again, whole and atomically: the head, then every entry since the
    /// base; removes it when there is none.
    fn rewrite(&mut self) -> Result<(), SaveError> {
        let path = self.path();
        self.file = None;
        self.unwritten = self.since_base.len();
        if self.since_base.is_empty() {
            discard_at(&path)?;
            self.chain.clear();
            return Ok(());
        }
        let mut chain = String::new();
        let mut out = chained(
            &mut chain,
            &head_text(self.base.as_deref(), self.key.as_ref())?,
        );
        for (seq, text) in &self.since_base {
            out.push_str(&chained(
                &mut chain,
                &written_text(*seq, text, self.key.as_ref())?,
            ));
        }
        replace_with(&path, Content::Bytes(out.as_bytes()), None)?;
        let file = File::options()
            .append(true)
            .open(&path)
            .map_err(journal_error("writing", &path))?;
        self.file = Some(file);
        self.chain = chain;
        self.unwritten = 0;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::check::check_casebook;
    use crate::domain::{CaseKind, Direction, ExportProfile};
    use chrono::NaiveDate;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    fn at(n: i64) -> DateTime<FixedOffset> {
        let start: DateTime<FixedOffset> = "2026-12-06T10:00:00+01:00".parse().unwrap();
        start + chrono::Duration::seconds(n)
    }

    /// The `n`th edit of `book`: cases opened (so applying one twice is refused), details
    /// edited, disclosures recorded (each an event with a new id).
    fn edit(book: &Casebook, n: usize) -> Command {
        let case = &book.cases()[n % book.cases().len()];
        match n % 3 {
            0 => Command::OpenCase {
                id: CaseId(Uuid::from_u128(0xC0FFEE + n as u128)),
                kind: CaseKind::Mla,
                direction: Direction::Outgoing,
                opened: today(),
                details: Box::new(book.settings.new_case_details(Direction::Outgoing)),
            },
            1 => {
                let mut details = case.details.clone();
                details.summary = format!("Edited {n}, \"quoted\"\nand on two lines");
                Command::UpdateCase {
                    case: case.id,
                    details: Box::new(details),
                }
            }
            _ => Command::RecordDisclosure {
                case: case.id,
                document: format!("summary-{n}.pdf"),
                profile: ExportProfile::Partner,
                recipient: "FIA Islamabad".into(),
            },
        }
    }

    /// A saved casebook, and a journal of `edits` edits flushed one by one; returns the path,
    /// the saved casebook, the casebook after each number of edits, and the journal.
    fn journaled(dir: &Path, edits: usize) -> (PathBuf, Casebook, Vec<Casebook>, Journal) {
        let path = dir.join("casebook.ron");
        let book = crate::sample::generate(12, 3, today());
        crate::store::save(&path, &book, at(0).to_utc()).unwrap();
        let checksum = crate::store::recorded_checksum(&path, None);
        let journal = Journal::new(&path, checksum, None).unwrap();
        let mut after = vec![book.clone()];
        let mut current = book.clone();
        for n in 0..edits {
            let command = edit(&current, n);
            journal
                .apply(&mut current, command, at(n as i64 + 1))
                .unwrap();
            journal.flush().unwrap();
            after.push(current.clone());
        }
        (path, book, after, journal)
    }

    fn pending(path: &Path) -> Pending {
        let checksum = crate::store::recorded_checksum(path, None);
        read(path, checksum.as_deref(), None).unwrap().unwrap()
    }

    fn replayed(base: &Casebook, pending: &Pending) -> Casebook {
        let mut book = base.clone();
        let replay = replay(&mut book, &pending.entries);
        assert!(replay.refused.is_none(), "{:?}", replay.refused);
        book
    }

    #[test]
    fn replaying_the_journal_gives_the_casebook_as_edited_stamps_and_ids_included() {
        let dir = tempfile::tempdir().unwrap();
        let (path, base, after, _journal) = journaled(dir.path(), 9);
        let pending = pending(&path);
        assert_eq!(pending.entries.len(), 9);
        assert_eq!(pending.dropped, None);
        assert_eq!(replayed(&base, &pending), after[9]);
        let first = &pending.entries[0];
        assert_eq!(first.at, at(1));
        assert_eq!(first.what(), "Opened the case");
        assert!(first.case.is_some(), "{first:?}");
        assert_eq!(
            pending.entries[2].what(),
            "Recorded a disclosure to FIA Islamabad"
        );
    }

    #[test]
    fn a_journal_bigger_than_any_casebook_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("C.ron");
        // Sparse: no disk used, and nothing would survive reading it whole.
        let file = std::fs::File::create(journal_path(&path)).unwrap();
        file.set_len(MAX_FILE_BYTES + 1).unwrap();
        let error = read(&path, None, None).unwrap_err().to_string();
        assert!(
            error.contains("C.journal") && error.contains("more than a journal can be"),
            "{error}"
        );
    }

    /// A power cut: the journal cut at every byte offset of its last three entries opens to a
    /// consistent casebook with every complete entry applied, and a cut entry is named.
    /// Opening reads entries with the fast reader, not the `ron` crate (several times slower):
    /// every record written reads there as `ron` reads it.
    #[test]
    fn the_fast_reader_reads_every_record_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let (path, _base, _after, journal) = journaled(dir.path(), 6);
        journal.saving(6, Some("blake3:0")).unwrap();
        let text = std::fs::read_to_string(journal_path(&path)).unwrap();
        for line in text.lines() {
            let body = &line[OPEN.len() + CHECK_DIGITS + SHUT.len()..line.len() - 1];
            let fast: Record = super::super::reader::from_str(body, MAX_NESTING).unwrap();
            let slow: Record = ron::from_str(body).unwrap();
            assert_eq!(
                ron::to_string(&fast).unwrap(),
                ron::to_string(&slow).unwrap()
            );
        }
    }

    #[test]
    fn a_journal_cut_at_any_byte_keeps_every_whole_entry_and_drops_the_cut_one() {
        let dir = tempfile::tempdir().unwrap();
        let (path, base, after, _journal) = journaled(dir.path(), 6);
        let bytes = std::fs::read(journal_path(&path)).unwrap();
        let ends: Vec<usize> = bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i + 1)
            .collect();
        assert_eq!(ends.len(), 7, "the head and six entries");
        for cut in ends[3]..=bytes.len() {
            std::fs::write(journal_path(&path), &bytes[..cut]).unwrap();
            let pending = pending(&path);
            let whole = ends.iter().filter(|&&end| end <= cut).count() - 1;
            assert_eq!(pending.entries.len(), whole, "cut at {cut}");
            assert_eq!(
                pending.dropped.is_some(),
                !ends.contains(&cut),
                "cut at {cut}"
            );
            let book = replayed(&base, &pending);
            assert!(book == after[whole], "cut at {cut}");
            assert!(check_casebook(&book, today()).is_empty(), "cut at {cut}");
        }
    }

    #[test]
    fn a_damaged_entry_and_everything_after_it_are_dropped_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let (path, base, after, _journal) = journaled(dir.path(), 4);
        let mut bytes = std::fs::read(journal_path(&path)).unwrap();
        // A changed byte in the third entry (the fourth line), as a bad sector leaves it.
        let line = bytes
            .split(|&b| b == b'\n')
            .take(3)
            .map(|l| l.len() + 1)
            .sum::<usize>();
        bytes[line + 120] ^= 0x01;
        std::fs::write(journal_path(&path), &bytes).unwrap();
        let pending = pending(&path);
        assert_eq!(pending.entries.len(), 2);
        let dropped = pending.dropped.clone().unwrap();
        assert_eq!((dropped.line, dropped.lines), (4, 2));
        assert!(dropped.to_string().contains("lines 4 to 5"), "{dropped}");
        assert!(
            dropped.to_string().contains("does not match its check"),
            "{dropped}"
        );
        assert_eq!(replayed(&base, &pending), after[2]);
    }

    /// A journal whose base is not the casebook as saved (changed elsewhere) is shown, not
    /// applied.
    #[test]
    fn a_journal_of_another_version_of_the_casebook_is_never_applied() {
        let dir = tempfile::tempdir().unwrap();
        let (path, base, _after, _journal) = journaled(dir.path(), 3);
        // Saved again elsewhere, without these entries.
        crate::store::save(&path, &base, at(60).to_utc()).unwrap();
        let pending = pending(&path);
        assert!(pending.entries.is_empty());
        assert_eq!(pending.stale.len(), 3);
        assert!(!pending.is_empty());
    }

    /// A save killed after its new file took the casebook's place but before the journal was
    /// emptied: the journal's note says what the file holds, and only the entries made since
    /// apply, none twice.
    #[test]
    fn a_save_killed_before_emptying_the_journal_never_applies_an_entry_twice() {
        let dir = tempfile::tempdir().unwrap();
        let (path, _base, after, journal) = journaled(dir.path(), 3);
        // Killed after the note, before the rename: the old file, every entry applies.
        journal
            .saving(3, Some("blake3:a-file-never-put-in-place"))
            .unwrap();
        assert_eq!(pending(&path).entries.len(), 3);
        // The new file in place, noted, but the journal not yet emptied; one more edit came in
        // meanwhile.
        crate::store::save(&path, &after[3], at(30).to_utc()).unwrap();
        let saved = crate::store::recorded_checksum(&path, None);
        journal.saving(3, saved.as_deref()).unwrap();
        let mut current = after[3].clone();
        let command = edit(&current, 3);
        journal.apply(&mut current, command, at(31)).unwrap();
        journal.flush().unwrap();
        let pending = pending(&path);
        assert_eq!(pending.saved, 3);
        assert_eq!(pending.entries.len(), 1);
        assert_eq!(replayed(&after[3], &pending), current);
    }

    #[test]
    fn a_save_empties_the_journal_keeping_only_the_entries_made_since() {
        let dir = tempfile::tempdir().unwrap();
        let (path, _base, after, journal) = journaled(dir.path(), 3);
        let written = std::sync::atomic::AtomicUsize::new(0);
        let save = |book: &Casebook, through| {
            crate::store::save_journaled(
                &path,
                book,
                at(40).to_utc(),
                None,
                &written,
                &journal,
                through,
            )
        };
        let saved = save(&after[3], 3).unwrap();
        saved.settling.finish(None);
        assert_eq!(saved.warning, None);
        assert!(!journal_path(&path).exists());
        // A save of the casebook as it was two entries ago keeps the third.
        let mut current = after[3].clone();
        let command = edit(&current, 3);
        journal.apply(&mut current, command, at(41)).unwrap();
        journal.flush().unwrap();
        let saved_book = current.clone();
        let command = edit(&current, 4);
        journal.apply(&mut current, command, at(42)).unwrap();
        journal.flush().unwrap();
        save(&saved_book, journal.last_seq() - 1)
            .unwrap()
            .settling
            .finish(None);
        let pending = pending(&path);
        assert_eq!((pending.entries.len(), pending.saved), (1, 0));
        assert_eq!(replayed(&saved_book, &pending), current);
    }

    #[test]
    fn resuming_keeps_the_entries_replayed_and_the_next_ones_follow_them() {
        let dir = tempfile::tempdir().unwrap();
        let (path, base, after, _journal) = journaled(dir.path(), 4);
        let mut bytes = std::fs::read(journal_path(&path)).unwrap();
        bytes.truncate(bytes.len() - 7);
        std::fs::write(journal_path(&path), &bytes).unwrap();
        let pending = pending(&path);
        assert_eq!(pending.entries.len(), 3);
        let mut book = replayed(&base, &pending);
        assert_eq!(book, after[3]);
        let journal = pending.resume(3).unwrap();
        let command = edit(&book, 3);
        journal.apply(&mut book, command, at(50)).unwrap();
        journal.flush().unwrap();
        let again = self::pending(&path);
        assert_eq!(again.dropped, None, "the torn end was cut away");
        assert_eq!(
            again.entries.iter().map(|e| e.seq).collect::<Vec<_>>(),
            [1, 2, 3, 4]
        );
        assert_eq!(replayed(&base, &again), book);
    }

    /// An edit of the details is journaled as the fields it changed: a one-line summary edit
    /// takes a few hundred bytes, not the case's whole details (about 3 KB in the demo).
    #[test]
    fn a_details_edit_is_journaled_as_the_fields_it_changed() {
        let dir = tempfile::tempdir().unwrap();
        let (path, base, after, _journal) = journaled(dir.path(), 2);
        let text = std::fs::read_to_string(journal_path(&path)).unwrap();
        let line = text.lines().nth(2).unwrap();
        let case = base.cases()[1 % base.cases().len()].details.clone();
        assert!(line.contains("edited:Some(("), "{line}");
        assert!(!line.contains("UpdateCase"), "{line}");
        assert!(
            !line.contains(&format!("{:?}", case.requesting_state.0.to_string())),
            "an unchanged field is left out: {line}"
        );
        assert!(line.len() < 400, "{} bytes: {line}", line.len());
        let pending = pending(&path);
        assert_eq!(pending.entries[1].what(), "Edited the case's summary");
        assert_eq!(replayed(&base, &pending), after[2]);
    }

    /// A removal's line names what it removed, as it was: afterwards the casebook no longer
    /// has it to name.
    #[test]
    fn a_removal_is_journaled_with_the_name_of_what_it_removed() {
        let dir = tempfile::tempdir().unwrap();
        let (path, _, after, journal) = journaled(dir.path(), 0);
        let mut book = after[0].clone();
        let contact = book.contacts()[0].clone();
        journal
            .apply(&mut book, Command::RemoveContact(contact.id), at(1))
            .unwrap();
        // The first record nothing names.
        let records: Vec<GovernanceRecord> = book.governance().records().to_vec();
        let removed = records
            .iter()
            .find(|r| {
                let command = Command::Governance(GovernanceCommand::Remove(r.uuid()));
                journal.apply(&mut book, command, at(2)).is_ok()
            })
            .expect("a record nothing names");
        let case = book.cases()[0].id;
        let attach = Command::Attach {
            case,
            attachment: Box::new(crate::domain::attachment::NewAttachment {
                name: "note-verbale.pdf".into(),
                size: 3,
                hash: "ab".repeat(32),
                to: None,
                drafted: None,
            }),
        };
        let attached = journal.apply(&mut book, attach, at(3)).unwrap();
        let attachment = book.case(case).unwrap().history().last().unwrap().id;
        assert!(attached.case == Some(case));
        let detach = Command::Detach {
            case,
            attachment,
            reason: String::new(),
        };
        journal.apply(&mut book, detach, at(4)).unwrap();
        journal.flush().unwrap();
        let pending = pending(&path);
        assert_eq!(
            pending.entries[0].what(),
            format!("Removed the contact {}", contact.name)
        );
        assert_eq!(
            pending.entries[1].what(),
            format!(
                "Removed the {} {}",
                removed.kind().label().to_lowercase(),
                removed.name()
            )
        );
        assert_eq!(
            pending.entries[3].what(),
            "Removed the attachment note-verbale.pdf"
        );
        // A name found beside any other change (a hand-edited journal) is not said as removed.
        let mut attaching = pending.entries[2].clone();
        attaching.removed = Some("the contact Someone".into());
        assert_eq!(attaching.what(), "Attached note-verbale.pdf");
    }

    /// The journal as version 1 wrote it: an edit of the details as an `UpdateCase` holding
    /// them whole. It still replays, and reads as the edit it was.
    #[test]
    fn a_version_1_journal_of_whole_details_still_replays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casebook.ron");
        let book = crate::sample::generate(12, 3, today());
        crate::store::save(&path, &book, at(0).to_utc()).unwrap();
        let checksum = crate::store::recorded_checksum(&path, None);
        let mut edited = book.clone();
        let command = edit(&book, 1);
        let (_, mut entry) = applying(&mut edited, command.clone(), at(1)).unwrap();
        entry.seq = 1;
        entry.change = Change::Command(command);
        let head = text_of(&Record::Head {
            format: FORMAT.into(),
            version: 1,
            base: checksum.as_deref().map(Cow::Borrowed),
            key: None,
        })
        .unwrap();
        let mut chain = String::new();
        let text = [
            chained(&mut chain, &head),
            chained(&mut chain, &text_of(&record(&entry)).unwrap()),
        ]
        .concat();
        assert!(text.contains("UpdateCase"), "{text}");
        std::fs::write(journal_path(&path), text).unwrap();
        let pending = pending(&path);
        assert_eq!(pending.dropped, None);
        assert_eq!(pending.entries[0].what(), "Edited the case's details");
        assert_eq!(replayed(&book, &pending), edited);
    }

    /// A journal of a later version than this Casedesk reads is refused whole, saying so.
    #[test]
    fn a_journal_of_a_later_version_is_refused_saying_so() {
        let dir = tempfile::tempdir().unwrap();
        let (path, _base, _after, _journal) = journaled(dir.path(), 2);
        let text = std::fs::read_to_string(journal_path(&path)).unwrap();
        let (head, rest) = text.split_once('\n').unwrap();
        let body = &head[OPEN.len() + CHECK_DIGITS + SHUT.len()..head.len() - 1];
        let later = body.replace(&format!("version:{VERSION}"), "version:99");
        assert_ne!(later, body);
        let mut chain = String::new();
        std::fs::write(
            journal_path(&path),
            format!("{}{rest}\n", chained(&mut chain, &later)),
        )
        .unwrap();
        let pending = pending(&path);
        assert!(pending.entries.is_empty());
        let dropped = pending.dropped.unwrap().to_string();
        assert!(
            dropped.contains("is not a journal this version of Casedesk reads"),
            "{dropped}"
        );
    }
}
