//! The casebook file format: explicit, versioned types, separate from the in-memory model so the
//! model can change and old files still load. Leaf records (people, offences, events…) are the
//! domain's plain serde types; when one of them changes incompatibly, freeze its old shape here
//! as part of a new schema version and migrate.

use crate::domain::stamps::{BookStamps, CaseStamps};
use crate::domain::{
    Agency, Case, CaseDetails, CaseId, CaseKind, Casebook, Contact, Direction, Event, Frontier,
    Person, Settings, Stamp, Status,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The `format` field every casebook file carries.
pub const FORMAT: &str = "casedesk-casebook";
/// The schema version this build writes. Version 2 added revision stamps (merge), and leaves
/// out empty fields (blank text, empty lists, `None`, `false`, no MLA particulars) with each
/// record below a case's details on one line: a quarter smaller. Every field that may be left
/// out has a serde default, so the same leaf types read version 1 files as they are.
pub const SCHEMA_VERSION: u32 = 2;

/// Schema version 1: the whole file. Borrowed when saving (no copy of 100,000 cases), owned
/// when loading.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileV1<'a> {
    pub format: Cow<'a, str>,
    pub schema_version: u32,
    /// `sha256:<hex>` of the file (see `integrity.rs`); absent in files saved before it was.
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
        write_ron(&mut self, |f| &mut f.cases)
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
                Case::from_parts(
                    c.id,
                    c.reference.into_owned(),
                    c.kind,
                    c.direction,
                    c.opened,
                    c.details.into_owned(),
                    c.status,
                    c.history.into_owned(),
                )
                .with_stamps(CaseStamps::new(stamp))
            })
            .collect();
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

/// The deepest level written one item per line: the fields of a case's details.
pub(super) const RECORD_DEPTH: usize = 4;
const EMPTY_CASES: &str = "cases: [],";

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

/// The text of a file value (any schema version), its checksum filled in. The cases, the
/// file's last field, are written in parts on every core and joined: the same text as
/// writing the file in one go (tested).
fn write_ron<F: Serialize, C: Serialize + Sync>(
    file: &mut F,
    cases: fn(&mut F) -> &mut Vec<C>,
) -> Result<String, ron::Error> {
    let list = std::mem::take(cases(file));
    if list.is_empty() {
        return laid_out(file).map(super::integrity::fill);
    }
    let head = laid_out(file)?;
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let parts: Vec<String> = std::thread::scope(|scope| {
        let parts: Vec<_> = list
            .chunks(list.len().div_ceil(threads).max(1))
            .map(|cases| scope.spawn(move || written_in_list(cases)))
            .collect();
        parts
            .into_iter()
            .map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect::<Result<_, _>>()
    })?;
    let Some(at) = head.rfind(EMPTY_CASES) else {
        return Err(ron::Error::Message("the header has no cases list".into()));
    };
    let mut text =
        String::with_capacity(head.len() + parts.iter().map(String::len).sum::<usize>() + 8);
    text.push_str(&head[..at]);
    text.push_str("cases: [\n");
    parts.iter().for_each(|p| text.push_str(p));
    text.push_str(" ],");
    text.push_str(&head[at + EMPTY_CASES.len()..]);
    Ok(super::integrity::fill(text))
}

/// `value` as the file layout writes it.
fn laid_out<T: Serialize>(value: &T) -> Result<String, ron::Error> {
    Ok(super::writer::to_string(value, RECORD_DEPTH)?)
}

/// `cases` as the lines they take inside the file's `cases` list: each case as deep as it sits
/// there, followed by a comma.
fn written_in_list<C: Serialize>(cases: &[C]) -> Result<String, ron::Error> {
    /// Lays the cases out one level down, as the file's own fields are.
    #[derive(Serialize)]
    struct InList<'p, C> {
        cases: &'p [C],
    }
    const OPEN: &str = "(\n cases: [\n";
    const CLOSE: &str = " ],\n)";
    let text = laid_out(&InList { cases })?;
    text.strip_prefix(OPEN)
        .and_then(|t| t.strip_suffix(CLOSE))
        .map(str::to_string)
        .ok_or_else(|| ron::Error::Message("cases written in an unexpected layout".into()))
}

/// Schema version 2: version 1 with revision stamps (`domain/hlc.rs`, `domain/stamps.rs`).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileV2<'a> {
    pub format: Cow<'a, str>,
    pub schema_version: u32,
    #[serde(default)]
    pub checksum: Option<Cow<'a, str>>,
    pub saved_at: DateTime<Utc>,
    pub app_version: Cow<'a, str>,
    pub settings: Cow<'a, Settings>,
    /// What this casebook has seen of each officer's changes, and the stamps of people,
    /// agencies and contacts.
    pub stamps: Cow<'a, BookStamps>,
    pub agencies: Cow<'a, [Agency]>,
    pub contacts: Cow<'a, [Contact]>,
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
    pub opened: NaiveDate,
    pub status: Status,
    pub details: Cow<'a, CaseDetails>,
    pub history: Cow<'a, [Event]>,
    pub stamps: Cow<'a, CaseStamps>,
}

impl<'a> FileV2<'a> {
    pub fn from_casebook(book: &'a Casebook, saved_at: DateTime<Utc>) -> Self {
        Self {
            format: FORMAT.into(),
            schema_version: SCHEMA_VERSION,
            checksum: None,
            saved_at,
            app_version: crate::build_info::VERSION.into(),
            settings: Cow::Borrowed(&book.settings),
            stamps: Cow::Borrowed(book.stamps()),
            agencies: book.agencies().into(),
            contacts: book.contacts().into(),
            people: book.people().into(),
            cases: book
                .cases()
                .iter()
                .map(|c| CaseV2 {
                    id: c.id,
                    reference: c.reference.as_str().into(),
                    kind: c.kind,
                    direction: c.direction,
                    opened: c.opened,
                    status: c.status(),
                    details: Cow::Borrowed(&c.details),
                    history: c.history().into(),
                    stamps: Cow::Borrowed(c.stamps()),
                })
                .collect(),
        }
    }

    /// The file's text, with a fresh checksum of exactly this content.
    pub fn to_text(mut self) -> Result<String, ron::Error> {
        self.checksum = Some(super::integrity::placeholder().into());
        write_ron(&mut self, |f| &mut f.cases)
    }

    pub fn into_casebook(self) -> Casebook {
        let cases = self
            .cases
            .into_iter()
            .map(|c| {
                Case::from_parts(
                    c.id,
                    c.reference.into_owned(),
                    c.kind,
                    c.direction,
                    c.opened,
                    c.details.into_owned(),
                    c.status,
                    c.history.into_owned(),
                )
                .with_stamps(c.stamps.into_owned())
            })
            .collect();
        Casebook::from_parts(
            self.settings.into_owned(),
            cases,
            self.people.into_owned(),
            self.agencies.into_owned(),
            self.contacts.into_owned(),
        )
        .with_stamps(self.stamps.into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_written_in_parts_make_the_text_written_in_one_go() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let at = "2026-11-23T00:00:00Z".parse().unwrap();
        let placeholder = || Some(super::super::integrity::placeholder().into());
        for cases in [0, 1, 7, 120] {
            let book = crate::domain::demo::generate(cases, 2, today);
            let mut whole = FileV2::from_casebook(&book, at);
            whole.checksum = placeholder();
            let in_one_go = ron::ser::to_string_pretty(&whole, pretty()).unwrap();
            let text = FileV2::from_casebook(&book, at).to_text().unwrap();
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
