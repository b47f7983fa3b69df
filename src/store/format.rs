//! The casebook file format: explicit, versioned types, separate from the in-memory model so the
//! model can change and old files still load. Leaf records (people, offences, events…) are the
//! domain's plain serde types; when one of them changes incompatibly, freeze its old shape here
//! as part of a new schema version and migrate.

use crate::domain::{
    Agency, Case, CaseDetails, CaseId, CaseKind, Casebook, Contact, Direction, Event, Person,
    Settings, Status,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The `format` field every casebook file carries.
pub const FORMAT: &str = "casedesk-casebook";
/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 1;

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
            schema_version: SCHEMA_VERSION,
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
        let config = ron::ser::PrettyConfig::new()
            .indentor(" ")
            .struct_names(false)
            .separate_tuple_members(false);
        ron::ser::to_string_pretty(&self, config).map(super::integrity::fill)
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
            })
            .collect();
        Casebook::from_parts(
            self.settings.into_owned(),
            cases,
            self.people.into_owned(),
            self.agencies.into_owned(),
            self.contacts.into_owned(),
        )
    }
}
