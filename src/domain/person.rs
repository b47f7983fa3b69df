//! People, agencies and contacts: shared across cases, so one person is entered once.

use super::case::{Country, labelled_enum};
use super::ids::{AgencyId, ContactId, PersonId, RecordId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

labelled_enum!(
    /// Identity documents common in UK–Pakistan cases (`domain.md` §5).
    DocumentKind {
        Passport => "Passport",
        Cnic => "CNIC",
        Nicop => "NICOP",
        UkResidencePermit => "UK residence permit",
        Other => "Other",
    }
);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityDocument {
    pub id: RecordId,
    pub kind: DocumentKind,
    pub number: String,
    pub issued_by: Country,
}

/// Who supplied a person's particulars. Partner exports may show what the partner supplied and
/// nothing else (`domain.md` §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    Ours,
    Partner,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    /// "s/o" — customary in Pakistani identification.
    pub father_name: String,
    pub aliases: Vec<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub nationalities: Vec<Country>,
    pub documents: Vec<IdentityDocument>,
    pub addresses: Vec<String>,
    pub source: Source,
}

impl Person {
    pub fn new(id: PersonId, name: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
            father_name: String::new(),
            aliases: Vec::new(),
            date_of_birth: None,
            nationalities: Vec::new(),
            documents: Vec::new(),
            addresses: Vec::new(),
            source: Source::Ours,
        }
    }

    /// The name and every alias.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    pub id: AgencyId,
    pub name: String,
    pub country: Country,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub id: ContactId,
    pub name: String,
    pub agency: Option<AgencyId>,
    pub role: String,
    pub email: String,
    pub phone: String,
}
