//! The casebook file format: explicit, versioned types, separate from the in-memory model so the
//! model can change and old files still load. Leaf records (people, offences, events…) are the
//! domain's plain serde types; when one of them changes incompatibly, freeze its old shape here
//! as part of a new schema version and migrate.

use super::reading::FORMAT;
use crate::domain::governance::GovernanceRecord;
use crate::domain::stamps::{BookStamps, CaseStamps};
use crate::domain::{
    Agency, Case, CaseDetails, CaseId, CaseKind, Casebook, Contact, Direction, Event, Frontier,
    Person, Settings, Stamp, Status,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::io;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The schema version this build writes. Version 2 added revision stamps (merge), and leaves
/// out empty fields (blank text, empty lists, `None`, `false`, no MLA particulars) with each
/// record below a case's details on one line: a quarter smaller. Every field that may be left
/// out has a serde default, so the same leaf types read version 1 files as they are. Version 3
/// stamps every change, events too, so the frontier says everything a file holds, and adds the
/// frontier's digest to the header (`head.rs`); [`FileV2`] reads and writes both. Version 4
/// records every edit: a case's history may hold `Edited` events (each changed field's old and
/// new value), and the file keeps the edits of people, agencies and contacts
/// (`record_history`); older files have neither and are read by the same types, so an older
/// Casedesk is told the file is newer instead of failing on an event it does not know.
/// Version 5 adds the programme's governance records (`governance`: agreements, meetings,
/// action points, capacity-building activities; their edits in `record_history`) and a case's
/// agreement; older files have none and are read by the same types with both empty.
/// Version 6: a governance record may be removed (an `Edited` event emptying its fields), and
/// copies merge a removal (the record goes unless the other copy changed it since, or a record
/// or case kept names it); an older Casedesk would bring removed records back at every merge,
/// so it is told the file is newer. It also keeps an offence's text of the law (`law_text`),
/// which an older Casedesk's offences would refuse, and the workstreams' new particulars (the
/// Early Removal Scheme date, an offender's relevant date, sentence and age, a PCL proposal),
/// their stamps and the clocks they start (`UkErsDate`, `SoaNotificationEnd…`). Files of 1–5 are
/// read by the same types, as they are (none of these).
pub const SCHEMA_VERSION: u32 = 6;

/// Schema version 1: the whole file. Borrowed when saving (no copy of 100,000 cases), owned
/// when loading.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileV1<'a> {
    pub format: Cow<'a, str>,
    pub schema_version: u32,
    /// `blake3:<hex>` (`sha256:` before) of the file (see `integrity.rs`); absent in files saved before it was.
    #[serde(default)]
    pub checksum: Option<Cow<'a, str>>,
    pub saved_at: DateTime<Utc>,
    pub app_version: Cow<'a, str>,
    pub settings: Cow<'a, Settings>,
    pub agencies: Cow<'a, [Agency]>,
    pub contacts: Cow<'a, [Contact]>,
    pub people: Cow<'a, [Person]>,
    pub cases: Vec<CaseV1<'a>>,
}

/// Schema version 1: one case, with its status and history stored as they stand.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseV1<'a> {
    pub id: CaseId,
    pub reference: Cow<'a, str>,
    pub kind: CaseKind,
    pub direction: Direction,
    pub opened: NaiveDate,
    pub status: Status,
    pub details: Cow<'a, CaseDetails>,
    pub history: Cow<'a, [Event]>,
}

impl<'a> CaseV1<'a> {
    /// This case as schema 2 has it, with `stamps`.
    fn with_stamps(self, stamps: CaseStamps) -> CaseV2<'a> {
        CaseV2 {
            id: self.id,
            reference: self.reference,
            kind: self.kind,
            direction: self.direction,
            opened: self.opened,
            status: self.status,
            details: self.details,
            history: self.history,
            stamps: Cow::Owned(stamps),
        }
    }
}

impl<'a> FileV1<'a> {
    pub fn from_casebook(book: &'a Casebook, saved_at: DateTime<Utc>) -> Self {
        Self {
            format: FORMAT.into(),
            schema_version: 1,
            checksum: None,
            saved_at,
            app_version: crate::build_info::VERSION.into(),
            settings: Cow::Borrowed(&book.settings),
            agencies: book.agencies().into(),
            contacts: book.contacts().into(),
            people: book.people().into(),
            cases: book
                .cases()
                .iter()
                .map(|c| CaseV1 {
                    id: c.id,
                    reference: c.reference.as_str().into(),
                    kind: c.kind,
                    direction: c.direction,
                    opened: c.opened,
                    status: c.status(),
                    details: Cow::Borrowed(&c.details),
                    history: c.history().into(),
                })
                .collect(),
        }
    }

    /// The file's text, with a fresh checksum of exactly this content.
    pub fn to_text(mut self) -> Result<String, ron::Error> {
        self.checksum = Some(super::integrity::placeholder().into());
        let cases = std::mem::take(&mut self.cases);
        write_ron(&self, &[Streamed::of("cases", &cases, |c| c)])
    }

    /// The casebook, migrated to revision stamps: each case's fields take the time of its
    /// latest event, from "before stamps" (`hlc.rs`), so a merge treats them as common ground
    /// only where both copies agree.
    pub fn into_casebook(self) -> Casebook {
        let mut seen = Frontier::default();
        let cases = self
            .cases
            .into_iter()
            .map(|c| {
                let latest = c.history.iter().map(|e| e.recorded_at).max();
                let stamp = Stamp::migrated(latest.unwrap_or(self.saved_at));
                seen.note(stamp, "", "");
                c.with_stamps(CaseStamps::new(stamp)).into_case()
            })
            .collect();
        cover(&mut seen, self.checksum.as_deref(), self.saved_at);
        Casebook::from_parts(
            self.settings.into_owned(),
            cases,
            self.people.into_owned(),
            self.agencies.into_owned(),
            self.contacts.into_owned(),
        )
        .with_stamps(BookStamps {
            seen,
            records: Default::default(),
        })
    }
}

/// Notes in `seen` a stamp standing for everything in a file saved before every change was
/// stamped (schema 1 and 2: events were not), under a replica named by the file's checksum (or
/// its time, without one). A copy that has not merged this file's content has not seen it, so
/// the file's frontier still says all it holds (`head.rs`).
fn cover(seen: &mut Frontier, checksum: Option<&str>, saved_at: DateTime<Utc>) {
    let name = checksum.map_or_else(|| saved_at.to_rfc3339(), str::to_string);
    let stamp = Stamp {
        replica: crate::domain::ReplicaId::of_file(&name),
        ..Stamp::migrated(saved_at)
    };
    seen.note(stamp, "", "");
}

/// The deepest level written one item per line: the fields of a case's details.
pub(super) const RECORD_DEPTH: usize = 4;

/// How files are laid out: cases, their fields and their details' fields one per line; below
/// that each record (an event, a checklist item, an offence…) on one line of its own. Written by
/// `writer.rs`, which writes what the `ron` crate writes with these settings, faster.
#[cfg(test)]
fn pretty() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .indentor(" ")
        .depth_limit(RECORD_DEPTH)
        .struct_names(false)
        .separate_tuple_members(false)
}

/// Records serialized together as one piece of the file: small enough that a piece is written
/// while the next ones are serialized, large enough to keep the cores busy.
const RECORDS_PER_PIECE: usize = 100;
/// How much of a piece is hashed, then written, at a time: well within a core's cache.
const SLICE: usize = 128 << 10;

/// One of a file's long lists (people, cases), written in pieces on every core instead of with
/// the rest of the file: the header is laid out with the list empty, and the list's lines go
/// in its place. So neither the whole text nor a copy of the list is ever in memory.
pub(super) struct Streamed<'a> {
    /// The header's field the list fills.
    field: &'static str,
    len: usize,
    /// The lines of the records in a range, written into the buffer given.
    lines: Box<dyn Fn(Range<usize>, String) -> Result<String, ron::Error> + Sync + 'a>,
    /// Counts the records written, for a progress bar.
    counter: Option<&'a AtomicUsize>,
}

impl<'a> Streamed<'a> {
    /// `records`, each written as `row` gives it, as the list of `field`.
    fn of<T: Sync, R: Serialize + 'a>(
        field: &'static str,
        records: &'a [T],
        row: fn(&'a T) -> R,
    ) -> Self {
        Self {
            field,
            len: records.len(),
            lines: Box::new(move |range, out| {
                let rows = records[range].iter().map(row);
                Ok(super::writer::list_lines(rows, 2, RECORD_DEPTH, out)?)
            }),
            counter: None,
        }
    }

    fn counted(self, counter: &'a AtomicUsize) -> Self {
        Self {
            counter: Some(counter),
            ..self
        }
    }
}

/// The text of a header and its streamed lists, its checksum filled in: the same text as
/// writing the whole file value in one go (tested).
fn write_ron(head: &impl Serialize, lists: &[Streamed]) -> Result<String, ron::Error> {
    let mut text = Vec::new();
    let sum = write_pieces(head, lists, |piece| {
        text.extend_from_slice(piece);
        Ok(())
    })
    .map_err(|e| ron::Error::Message(e.to_string()))?;
    let mut text = String::from_utf8(text).map_err(|e| ron::Error::Message(e.to_string()))?;
    if let Some((digits, sum)) = sum {
        text.replace_range(digits, &sum);
    }
    Ok(text)
}

/// Writes a file's text to `out` a piece at a time, its checksum digits as zeros: the header
/// laid out with `lists` empty, each list in its place in pieces serialized on every core and
/// written in order as they come. `lists` come in the order of their fields. Returns where the
/// checksum digits are and what they must say, when the header has a placeholder for them.
pub(super) fn write_pieces(
    head: &impl Serialize,
    lists: &[Streamed],
    mut out: impl FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<Option<(Range<usize>, String)>> {
    let unwritable = |e: ron::Error| io::Error::other(format!("could not serialize: {e}"));
    let mut head = laid_out(head).map_err(unwritable)?;
    super::head::fill_digest(&mut head);
    let digits = super::integrity::digits_span(&head);
    let mut hasher = super::integrity::Hasher::new(
        digits
            .as_ref()
            .map_or(super::integrity::Algorithm::WRITTEN, |d| d.algorithm),
    );
    // A piece is hashed and handed on a slice at a time, so that the slice is still in the
    // core's cache when it is copied into the file.
    let mut write = |piece: &[u8]| {
        piece.chunks(SLICE).try_for_each(|slice| {
            hasher.update(slice);
            out(slice)
        })
    };
    let mut at = 0;
    for list in lists.iter().filter(|list| list.len > 0) {
        // A top-level field's line: a line break cannot be inside a string, which is escaped.
        let empty = format!("\n {}: [],\n", list.field);
        let line = head[at..]
            .find(&empty)
            .map(|found| at + found + 2)
            .ok_or_else(|| io::Error::other(format!("the header has no {} list", list.field)))?;
        write(&head.as_bytes()[at..line])?;
        write(format!("{}: [\n", list.field).as_bytes())?;
        for_each_piece(list, |piece, records| {
            write(piece.map_err(unwritable)?.as_bytes())?;
            if let Some(counter) = list.counter {
                counter.fetch_add(records, Ordering::Relaxed);
            }
            Ok(())
        })?;
        write(b" ],")?;
        at = line + list.field.len() + ": [],".len();
    }
    write(&head.as_bytes()[at..])?;
    let sum = hasher.finish();
    Ok(digits.map(|d| (d.span, sum)))
}

/// Calls `write` with the text of every [`RECORDS_PER_PIECE`] records of `list` and how many
/// records that is, in order; the pieces are serialized on every core, a few ahead of the one
/// being written.
fn for_each_piece(
    list: &Streamed,
    mut write: impl FnMut(Result<&str, ron::Error>, usize) -> io::Result<()>,
) -> io::Result<()> {
    let pieces: Vec<Range<usize>> = (0..list.len)
        .step_by(RECORDS_PER_PIECE)
        .map(|start| start..(start + RECORDS_PER_PIECE).min(list.len))
        .collect();
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(pieces.len());
    std::thread::scope(|scope| {
        // Worker w serializes pieces w, w + workers, …; reading the workers in turn gives the
        // pieces in order, and each worker runs at most two pieces ahead. Each piece's buffer
        // goes back to its worker once written, to hold a later piece: megabytes of fresh
        // memory for every piece would cost page faults and zeroing in the kernel.
        let channels: Vec<_> = (0..workers)
            .map(|w| {
                let (tx, rx) = std::sync::mpsc::sync_channel(2);
                let (done, returned) = std::sync::mpsc::channel::<String>();
                let mine: Vec<Range<usize>> =
                    pieces.iter().skip(w).step_by(workers).cloned().collect();
                scope.spawn(move || {
                    // Each piece is given room for a little more than the last one took, so
                    // writing it does not copy it over as it grows.
                    let mut room = 0;
                    for piece in mine {
                        let mut out = returned.try_recv().unwrap_or_default();
                        out.clear();
                        out.reserve(room + room / 8);
                        // A panic here must come back as an error, so the save removes its
                        // temporary file instead of unwinding past it.
                        let text = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            (list.lines)(piece, out)
                        }))
                        .unwrap_or_else(|_| {
                            Err(ron::Error::Message(format!(
                                "serializing the {} failed",
                                list.field
                            )))
                        });
                        room = text.as_ref().map_or(0, String::len);
                        if tx.send(text).is_err() {
                            break; // The write failed: nothing more is wanted.
                        }
                    }
                });
                (rx, done)
            })
            .collect();
        for (i, piece) in pieces.iter().enumerate() {
            let (from, back) = &channels[i % workers];
            let text = from
                .recv()
                .map_err(|_| io::Error::other("a serializing thread stopped"))?;
            match text {
                Ok(text) => {
                    write(Ok(&text), piece.len())?;
                    // A worker that has finished no longer takes buffers back.
                    let _ = back.send(text);
                }
                Err(e) => write(Err(e), piece.len())?,
            }
        }
        Ok(())
    })
}

/// `value` as the file layout writes it.
fn laid_out<T: Serialize>(value: &T) -> Result<String, ron::Error> {
    Ok(super::writer::to_string(value, RECORD_DEPTH)?)
}

/// Schema version 2: version 1 with revision stamps (`domain/hlc.rs`, `domain/stamps.rs`).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileV2<'a> {
    pub format: Cow<'a, str>,
    pub schema_version: u32,
    #[serde(default)]
    pub checksum: Option<Cow<'a, str>>,
    /// From schema 3: `blake3:<hex>` of the file up to the end of `stamps.seen` (`head.rs`),
    /// so the frontier can be trusted without reading the rest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frontier_digest: Option<Cow<'a, str>>,
    pub saved_at: DateTime<Utc>,
    pub app_version: Cow<'a, str>,
    pub settings: Cow<'a, Settings>,
    /// What this casebook has seen of each officer's changes, and the stamps of people,
    /// agencies and contacts.
    pub stamps: Cow<'a, BookStamps>,
    pub agencies: Cow<'a, [Agency]>,
    pub contacts: Cow<'a, [Contact]>,
    /// From schema 4: the edits of people, agencies and contacts, oldest first.
    #[serde(default, skip_serializing_if = "<[Event]>::is_empty")]
    pub record_history: Cow<'a, [Event]>,
    /// From schema 5: agreements, meetings, action points and activities.
    #[serde(default, skip_serializing_if = "<[GovernanceRecord]>::is_empty")]
    pub governance: Cow<'a, [GovernanceRecord]>,
    pub people: Cow<'a, [Person]>,
    pub cases: Vec<CaseV2<'a>>,
}

/// Schema version 2: one case, with its revision stamps.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseV2<'a> {
    pub id: CaseId,
    pub reference: Cow<'a, str>,
    pub kind: CaseKind,
    pub direction: Direction,
    #[serde(deserialize_with = "crate::domain::iso::date")]
    pub opened: NaiveDate,
    pub status: Status,
    pub details: Cow<'a, CaseDetails>,
    pub history: Cow<'a, [Event]>,
    pub stamps: Cow<'a, CaseStamps>,
}

impl<'a> CaseV2<'a> {
    pub(super) fn into_case(self) -> Case {
        Case::from_parts_unchecked(
            self.id,
            self.reference.into_owned(),
            self.kind,
            self.direction,
            self.opened,
            self.details.into_owned(),
            self.status,
            self.history.into_owned(),
        )
        .with_stamps(self.stamps.into_owned())
    }

    pub(super) fn of(c: &'a Case) -> Self {
        CaseV2 {
            id: c.id,
            reference: c.reference.as_str().into(),
            kind: c.kind,
            direction: c.direction,
            opened: c.opened,
            status: c.status(),
            details: Cow::Borrowed(&c.details),
            history: c.history().into(),
            stamps: Cow::Borrowed(c.stamps()),
        }
    }
}

impl<'a> FileV2<'a> {
    /// The whole file value of `book` saved at `saved_at`. Saving does not build it: it
    /// streams the people and cases (see [`FileV2::write_casebook`]).
    pub fn from_casebook(book: &'a Casebook, saved_at: DateTime<Utc>) -> Self {
        Self {
            people: book.people().into(),
            cases: book.cases().iter().map(CaseV2::of).collect(),
            ..Self::header(book, saved_at)
        }
    }

    /// The file of `book` without its people and cases, with a checksum placeholder.
    fn header(book: &'a Casebook, saved_at: DateTime<Utc>) -> Self {
        Self {
            format: FORMAT.into(),
            schema_version: SCHEMA_VERSION,
            checksum: Some(super::integrity::placeholder().into()),
            frontier_digest: Some(super::integrity::placeholder().into()),
            saved_at,
            app_version: crate::build_info::VERSION.into(),
            settings: Cow::Borrowed(&book.settings),
            stamps: Cow::Borrowed(book.stamps()),
            agencies: book.agencies().into(),
            contacts: book.contacts().into(),
            record_history: book.record_history().into(),
            governance: book.governance().records().into(),
            people: Cow::Borrowed(&[]),
            cases: Vec::new(),
        }
    }

    /// The people and cases of `book`'s file, in the order of their fields; `written` counts
    /// the cases written.
    fn streamed(book: &'a Casebook, written: &'a AtomicUsize) -> [Streamed<'a>; 2] {
        [
            Streamed::of("people", book.people(), |p| p),
            Streamed::of("cases", book.cases(), CaseV2::of).counted(written),
        ]
    }

    /// The text of `book`'s file saved at `saved_at`, with a fresh checksum of exactly this
    /// content.
    pub(super) fn casebook_text(
        book: &Casebook,
        saved_at: DateTime<Utc>,
    ) -> Result<String, ron::Error> {
        let written = AtomicUsize::new(0);
        write_ron(
            &FileV2::header(book, saved_at),
            &FileV2::streamed(book, &written),
        )
    }

    /// Writes the text of `book`'s file saved at `saved_at` to `out` a piece at a time (see
    /// [`write_pieces`]), its checksum digits as zeros; returns where they are and what they
    /// must say. `written` counts the cases written.
    pub(super) fn write_casebook(
        book: &Casebook,
        saved_at: DateTime<Utc>,
        written: &AtomicUsize,
        out: impl FnMut(&[u8]) -> io::Result<()>,
    ) -> io::Result<Option<(Range<usize>, String)>> {
        let lists = FileV2::streamed(book, written);
        write_pieces(&FileV2::header(book, saved_at), &lists, out)
    }

    pub fn into_casebook(mut self) -> Casebook {
        let cases = std::mem::take(&mut self.cases)
            .into_iter()
            .map(CaseV2::into_case)
            .collect();
        self.into_casebook_with(cases)
    }

    /// The casebook of this file's header with `cases`, built from its cases list.
    pub(super) fn into_casebook_with(self, mut cases: Vec<Case>) -> Casebook {
        // Collected in place, the list keeps the room of the one it was read into.
        cases.shrink_to_fit();
        let mut stamps = self.stamps.into_owned();
        if self.schema_version < super::head::TRUSTED_SCHEMA {
            cover(&mut stamps.seen, self.checksum.as_deref(), self.saved_at);
        }
        Casebook::from_parts(
            self.settings.into_owned(),
            cases,
            self.people.into_owned(),
            self.agencies.into_owned(),
            self.contacts.into_owned(),
        )
        .with_stamps(stamps)
        .with_record_history(self.record_history.into_owned())
        .with_governance(self.governance.into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file of each older schema, as that schema wrote it, opens with the same content; its
    /// cases then record their edits and it is saved as the current schema (issue 20).
    #[test]
    fn a_file_of_every_older_schema_opens_records_edits_and_saves_as_the_current_one() {
        use crate::domain::{Command, Ctx, EventKind, SeededIds};
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let at: DateTime<Utc> = "2026-11-23T00:00:00Z".parse().unwrap();
        // Built without edits, as a casebook of an older schema is: no `Edited` events.
        let mut book = crate::sample::generate(12, 4, today);
        let plain: Vec<Case> = book
            .cases()
            .iter()
            .map(|c| {
                let history = c
                    .history()
                    .iter()
                    .filter(|e| !matches!(e.kind, EventKind::Edited { .. }))
                    .cloned()
                    .collect();
                c.with_history(history)
            })
            .collect();
        book = book.with_cases(plain);
        let older = |version: u32| {
            if version == 1 {
                return FileV1::from_casebook(&book, at).to_text().unwrap();
            }
            let mut whole = FileV2::from_casebook(&book, at);
            whole.schema_version = version;
            whole.checksum = Some(super::super::integrity::placeholder().into());
            if version < 3 {
                whole.frontier_digest = None;
            }
            let mut text = ron::ser::to_string_pretty(&whole, pretty()).unwrap();
            super::super::head::fill_digest(&mut text);
            super::super::integrity::fill(text)
        };
        for version in 1..SCHEMA_VERSION {
            let text = older(version);
            assert!(text.contains(&format!("schema_version: {version},")));
            let path = std::path::Path::new("older.ron");
            let loaded = super::super::load::open_str(&text, path).unwrap();
            assert_eq!(
                loaded.integrity,
                super::super::Integrity::Verified,
                "schema {version}"
            );
            let mut read = loaded.book;
            let ours = |b: &Casebook| {
                let cases: Vec<_> = b
                    .cases()
                    .iter()
                    .map(|c| {
                        (
                            c.id,
                            c.reference.clone(),
                            c.details.clone(),
                            c.history().to_vec(),
                        )
                    })
                    .collect();
                (
                    cases,
                    b.people().to_vec(),
                    b.agencies().to_vec(),
                    b.contacts().to_vec(),
                )
            };
            assert!(
                ours(&read) == ours(&book),
                "schema {version}: content changed"
            );
            assert!(read.record_history().is_empty());

            let case = read.cases()[0].clone();
            let mut details = case.details.clone();
            details.summary = format!("{} (revised)", details.summary);
            read.apply(
                Command::UpdateCase {
                    case: case.id,
                    details: Box::new(details),
                },
                &mut Ctx {
                    now: "2026-11-24T09:30:00+05:00".parse().unwrap(),
                    ids: &mut SeededIds::new(9),
                },
            )
            .unwrap();
            // Schema 5: it has no governance records, and takes them.
            assert!(read.governance().records().is_empty());
            use crate::domain::governance::*;
            let agreement = Agreement::new(
                AgreementId(uuid::Uuid::from_u128(5)),
                "Letter of intent",
                AgreementKind::Arrangement,
                AgreementStatus::Drafting,
            );
            read.apply(
                Command::Governance(GovernanceCommand::Save(Box::new(
                    GovernanceRecord::Agreement(agreement),
                ))),
                &mut Ctx {
                    now: "2026-11-24T10:00:00+05:00".parse().unwrap(),
                    ids: &mut SeededIds::new(10),
                },
            )
            .unwrap();
            // Schema 6: a record entered by mistake is removed, the removal an edit on record.
            let mistaken = Agreement::new(
                AgreementId(uuid::Uuid::from_u128(6)),
                "Letter of intnet",
                AgreementKind::Arrangement,
                AgreementStatus::Drafting,
            );
            for (seed, command) in [
                GovernanceCommand::Save(Box::new(GovernanceRecord::Agreement(mistaken))),
                GovernanceCommand::Remove(uuid::Uuid::from_u128(6)),
            ]
            .into_iter()
            .enumerate()
            {
                read.apply(
                    Command::Governance(command),
                    &mut Ctx {
                        now: "2026-11-24T10:05:00+05:00".parse().unwrap(),
                        ids: &mut SeededIds::new(11 + seed as u64),
                    },
                )
                .unwrap();
            }
            assert_eq!(read.governance().records().len(), 1);
            let saved = FileV2::casebook_text(&read, at).unwrap();
            assert!(saved.contains(&format!("schema_version: {SCHEMA_VERSION},")));
            assert!(
                saved.contains("Letter of intnet"),
                "the removal is on record"
            );
            assert!(saved.contains("Edited("), "schema {version}");
            assert!(saved.contains("governance: ["), "schema {version}");
            let again = super::super::load::open_str(&saved, path).unwrap();
            assert_eq!(again.integrity, super::super::Integrity::Verified);
            assert_eq!(again.book, read, "schema {version}");
        }
    }

    #[test]
    fn people_and_cases_written_in_parts_make_the_text_written_in_one_go() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let at = "2026-11-23T00:00:00Z".parse().unwrap();
        let placeholder = || Some(super::super::integrity::placeholder().into());
        // 1,100 cases make three pieces, and their people more, written on several threads.
        for cases in [0, 1, 7, 120, 1_100] {
            let book = crate::sample::generate(cases, 2, today);
            assert!(cases < 1_000 || book.people().len() > 2 * RECORDS_PER_PIECE);
            let mut whole = FileV2::from_casebook(&book, at);
            whole.checksum = placeholder();
            let mut in_one_go = ron::ser::to_string_pretty(&whole, pretty()).unwrap();
            super::super::head::fill_digest(&mut in_one_go);
            let text = FileV2::casebook_text(&book, at).unwrap();
            assert_eq!(
                text,
                super::super::integrity::fill(in_one_go),
                "{cases} cases"
            );
            let mut whole = FileV1::from_casebook(&book, at);
            whole.checksum = placeholder();
            let in_one_go = ron::ser::to_string_pretty(&whole, pretty()).unwrap();
            let text = FileV1::from_casebook(&book, at).to_text().unwrap();
            assert_eq!(text, super::super::integrity::fill(in_one_go));
        }
    }
}
