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
/// The schema version this build writes: 2 added revision stamps (merge).
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
        write_ron(&self)
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

/// The text of a file value, as every schema version is written.
fn write_ron(file: &impl Serialize) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .indentor(" ")
        .struct_names(false)
        .separate_tuple_members(false);
    ron::ser::to_string_pretty(file, config).map(super::integrity::fill)
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
        write_ron(&self)
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
