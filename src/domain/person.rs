//! People, agencies and contacts: shared across cases, so one person is entered once.

use super::case::Country;
use super::details::{Direction, Role};
use super::ids::{AgencyId, ContactId, PersonId, RecordId};
use super::labels::labelled_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

labelled_enum!(
    /// Identity documents common in UK–Pakistan cases (`docs/law.md` §5).
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
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub number: String,
    pub issued_by: Country,
    /// Who supplied this identifier; `None` (files from before it was kept per identifier):
    /// as its person's particulars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

impl IdentityDocument {
    /// Who supplied this identifier of `person`.
    pub fn source_in(&self, person: &Person) -> Source {
        self.source.unwrap_or(person.source)
    }
}

/// Who supplied a person's particulars. Partner exports may show what the partner supplied and
/// nothing else (`docs/law.md` §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    Ours,
    Partner,
}

impl Source {
    /// Who supplied the particulars of a person entered as `role` in a case going `direction`:
    /// the requested person or suspect of an incoming request came in the partner's own
    /// request (`docs/law.md` §6); anyone else is ours until the officer says otherwise.
    pub fn of_party(role: Role, direction: Direction) -> Self {
        match (role, direction) {
            (Role::RequestedPerson | Role::Suspect, Direction::Incoming) => Source::Partner,
            _ => Source::Ours,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub id: PersonId,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// "s/o" — customary in Pakistani identification.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub father_name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::iso::option_date"
    )]
    pub date_of_birth: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nationalities: Vec<Country>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<IdentityDocument>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
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
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub country: Country,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub id: ContactId,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<AgencyId>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
}

/// Why two people are probably the same person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DuplicateReason {
    NameAndBirthDate(String),
    Document(DocumentKind, String),
}

impl fmt::Display for DuplicateReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DuplicateReason::NameAndBirthDate(name) => {
                write!(f, "same name or alias ({name}) and date of birth")
            }
            DuplicateReason::Document(kind, number) => write!(f, "same {kind} number {number}"),
        }
    }
}

fn name_key(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// An identity document's number as compared: its letters and digits only, upper case
/// (`35202-1234567-1`, `35202 1234567 1` and `3520212345671` are one CNIC).
pub fn identifier_key(number: &str) -> String {
    identifier_bytes(number)
        .map(|b| char::from(b.to_ascii_uppercase()))
        .collect()
}

/// The letters and digits of an identity document's number that [`identifier_key`] keeps, as
/// written (a search writes them lower-cased, without building the key).
pub fn identifier_bytes(number: &str) -> impl Iterator<Item = u8> + '_ {
    // A character outside ASCII is bytes of 0x80 and over, none of them kept.
    number.bytes().filter(u8::is_ascii_alphanumeric)
}

/// People in `others` who are likely the same as `person`: the same name or alias and date of
/// birth, or the same passport, CNIC or NICOP number. Used to warn before a person is entered
/// twice.
pub fn likely_duplicates<'a>(
    person: &Person,
    others: &'a [Person],
) -> Vec<(&'a Person, DuplicateReason)> {
    let names: Vec<String> = person
        .names()
        .map(name_key)
        .filter(|n| !n.is_empty())
        .collect();
    let documents: Vec<(DocumentKind, String)> = person
        .documents
        .iter()
        .filter(|d| {
            matches!(
                d.kind,
                DocumentKind::Passport | DocumentKind::Cnic | DocumentKind::Nicop
            )
        })
        .map(|d| (d.kind, identifier_key(&d.number)))
        .filter(|(_, n)| !n.is_empty())
        .collect();
    let mut out = Vec::new();
    for other in others.iter().filter(|o| o.id != person.id) {
        let same_name = other.names().map(name_key).find(|n| names.contains(n));
        if let (Some(name), Some(a), Some(b)) =
            (same_name, person.date_of_birth, other.date_of_birth)
            && a == b
        {
            out.push((other, DuplicateReason::NameAndBirthDate(name)));
            continue;
        }
        if let Some(doc) = other
            .documents
            .iter()
            .find(|d| documents.contains(&(d.kind, identifier_key(&d.number))))
        {
            out.push((
                other,
                DuplicateReason::Document(doc.kind, doc.number.clone()),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn person(n: u128, name: &str, dob: Option<&str>) -> Person {
        let mut p = Person::new(PersonId(Uuid::from_u128(n)), name);
        p.date_of_birth = dob.map(|d| d.parse().unwrap());
        p
    }

    #[test]
    fn the_subject_of_an_incoming_request_is_the_partner_s_and_everyone_else_ours() {
        use Direction::{Incoming, Outgoing};
        let cases = [
            (Role::RequestedPerson, Incoming, Source::Partner),
            (Role::Suspect, Incoming, Source::Partner),
            (Role::Witness, Incoming, Source::Ours),
            (Role::Victim, Incoming, Source::Ours),
            (Role::RequestedPerson, Outgoing, Source::Ours),
            (Role::Suspect, Outgoing, Source::Ours),
        ];
        for (role, direction, source) in cases {
            assert_eq!(
                Source::of_party(role, direction),
                source,
                "{role:?} {direction:?}"
            );
        }
    }

    #[test]
    fn an_identifier_is_its_person_s_until_said_otherwise() {
        let mut p = person(1, "Bilal Ahmed", None);
        p.source = Source::Partner;
        p.documents.push(doc(DocumentKind::Cnic, "35202-1234567-1"));
        assert_eq!(p.documents[0].source_in(&p), Source::Partner);
        p.documents[0].source = Some(Source::Ours);
        assert_eq!(p.documents[0].source_in(&p), Source::Ours);
        p.source = Source::Ours;
        p.documents[0].source = Some(Source::Partner);
        assert_eq!(p.documents[0].source_in(&p), Source::Partner);
    }

    #[test]
    fn a_document_saved_before_per_identifier_sources_reads_as_its_person_s() {
        // Written without the field (as before it existed), read back as the person's.
        let old = ron::to_string(&doc(DocumentKind::Cnic, "35202-1234567-1")).unwrap();
        assert!(!old.contains("source"), "{old}");
        let read: IdentityDocument = ron::from_str(&old).unwrap();
        assert_eq!(read.source, None);
        let mut ours = read;
        ours.source = Some(Source::Ours);
        let text = ron::to_string(&ours).unwrap();
        assert_eq!(ron::from_str::<IdentityDocument>(&text).unwrap(), ours);
    }

    fn doc(kind: DocumentKind, number: &str) -> IdentityDocument {
        IdentityDocument {
            id: RecordId(Uuid::from_u128(99)),
            kind,
            number: number.into(),
            issued_by: Country::pakistan(),
            source: None,
        }
    }

    #[test]
    fn duplicates_are_found_by_name_or_alias_with_birth_date_or_by_document() {
        let mut imran = person(1, "Muhammad Imran", Some("1985-04-02"));
        imran.aliases.push("Imran Bhatti".into());
        imran
            .documents
            .push(doc(DocumentKind::Cnic, "35202-1234567-1"));
        let others = vec![
            person(2, "muhammad  IMRAN", Some("1985-04-02")),
            person(3, "Imran Bhatti", Some("1985-04-02")),
            person(4, "Muhammad Imran", Some("1990-01-01")),
            person(5, "Muhammad Imran", None),
            {
                let mut p = person(6, "M. Imran", None);
                p.documents.push(doc(DocumentKind::Cnic, "3520212345671"));
                p
            },
            {
                let mut p = person(7, "Someone Else", None);
                p.documents
                    .push(doc(DocumentKind::Passport, "35202-1234567-1"));
                p
            },
            imran.clone(),
        ];
        let found: Vec<(u128, String)> = likely_duplicates(&imran, &others)
            .into_iter()
            .map(|(p, why)| (p.id.0.as_u128(), why.to_string()))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    2,
                    "same name or alias (muhammad imran) and date of birth".to_string()
                ),
                (
                    3,
                    "same name or alias (imran bhatti) and date of birth".to_string()
                ),
                (6, "same CNIC number 3520212345671".to_string()),
            ]
        );
    }
}
