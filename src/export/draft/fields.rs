//! The merge fields a template may use (`{{name}}`), each with what it holds and how it is
//! worked out from the case as a letter may show it (`redact::draft::DraftView`). One table:
//! `casedesk draft --fields`, the window's list and the merge all read it.

use crate::domain::details::Urgency;
use crate::domain::{CaseKind, HandlingMarking};
use crate::export::doc::date;
use crate::export::redact::draft::DraftView;
use crate::export::redact::{Particulars, PersonView};

/// One merge field.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    /// What it holds, in the officer's words (also the placeholder's words when it is empty).
    pub about: &'static str,
    /// Several values: in a `- ` line, one bullet each; elsewhere joined with "; ".
    pub list: bool,
    value: fn(&DraftView) -> Vec<String>,
}

/// Fields are told apart by name: each is one row of [`FIELDS`].
impl PartialEq for Field {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Field {
    /// The field's values for `view`; empty when the case records nothing for it.
    pub fn values(&self, view: &DraftView) -> Vec<String> {
        (self.value)(view)
            .into_iter()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
    }
}

/// The field called `name`.
pub fn field(name: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.name == name)
}

const fn one(
    name: &'static str,
    about: &'static str,
    value: fn(&DraftView) -> Vec<String>,
) -> Field {
    Field {
        name,
        about,
        list: false,
        value,
    }
}

const fn many(
    name: &'static str,
    about: &'static str,
    value: fn(&DraftView) -> Vec<String>,
) -> Field {
    Field {
        name,
        about,
        list: true,
        value,
    }
}

fn text(s: &str) -> Vec<String> {
    vec![s.to_string()]
}

pub static FIELDS: &[Field] = &[
    one("date", "today's date", |v| vec![date(v.today)]),
    one("our_reference", "the case's reference", |v| {
        text(&v.case.reference)
    }),
    one("their_reference", "the other side's reference", |v| {
        let refs: Vec<String> = (v.case.other_references.iter())
            .filter(|(_, value)| !value.trim().is_empty())
            .map(|(authority, value)| format!("{value} ({authority})"))
            .collect();
        vec![refs.join("; ")]
    }),
    one("requesting_state", "the requesting state", |v| {
        text(&v.case.requesting_state)
    }),
    one("requested_state", "the requested state", |v| {
        text(&v.case.requested_state)
    }),
    one("requesting_authority", "the requesting authority", |v| {
        text(&v.case.requesting_authority)
    }),
    one(
        "case_kind",
        "what is requested: extradition, mutual legal assistance…",
        |v| {
            text(match v.case.kind {
                CaseKind::Mla => "mutual legal assistance",
                other => other.label(),
            })
        },
    ),
    many("legal_basis", "the legal basis of the request", |v| {
        v.case
            .legal_basis
            .iter()
            .map(|b| b.label().to_string())
            .collect()
    }),
    one("area", "the programme area", |v| text(v.case.area.label())),
    many(
        "persons",
        "each person concerned: name, father's name, birth, nationality, documents, address",
        |v| persons(&v.case.people),
    ),
    one("subject_names", "the names of the persons concerned", |v| {
        let names: Vec<&str> = subjects(&v.case.people).map(|p| p.name.as_str()).collect();
        vec![names.join(", ")]
    }),
    one("facts", "the summary of facts", |v| {
        vec![v.case.summary.clone().unwrap_or_default()]
    }),
    many(
        "offences",
        "each offence with its provision of law and maximum penalty",
        |v| {
            v.case
                .offences
                .iter()
                .map(|o| {
                    let mut line = o.description.to_string();
                    if !o.statute.is_empty() {
                        line.push_str(&format!(", contrary to {}", o.statute));
                    }
                    if !o.max_penalty.is_empty() {
                        line.push_str(&format!(" (maximum penalty: {})", o.max_penalty));
                    }
                    line
                })
                .collect()
        },
    ),
    many(
        "offences_law",
        "each offence's provision with the text of the law",
        |v| {
            (v.case.offences.iter())
                .filter(|o| !o.law_text.trim().is_empty())
                .map(|o| {
                    let provision = match o.statute.trim() {
                        "" => o.description.to_string(),
                        statute => statute.to_string(),
                    };
                    format!("{provision}:\n{}", o.law_text.trim())
                })
                .collect()
        },
    ),
    many(
        "assistance",
        "each item of assistance sought, with what it is for",
        |v| {
            (v.mla.assistance.iter())
                .map(|a| match a.description.trim() {
                    "" => a.kind.label().to_string(),
                    what => format!("{}: {what}", a.kind.label()),
                })
                .collect()
        },
    ),
    one(
        "urgency",
        "how urgent: routine, priority, urgent, immediate",
        |v| text(&v.mla.urgency.label().to_lowercase()),
    ),
    one(
        "required_by",
        "the date the assistance is required by, and why",
        |v| match (v.mla.required_by, v.mla.urgency) {
            (Some(by), _) if v.mla.required_by_reason.trim().is_empty() => vec![date(by)],
            (Some(by), _) => vec![format!(
                "{} ({})",
                date(by),
                v.mla.required_by_reason.trim()
            )],
            (None, Urgency::Routine) => text("no particular date (a routine request)"),
            (None, _) => Vec::new(),
        },
    ),
    one(
        "confidentiality",
        "what the case's marking asks of the requested state",
        |v| text(&confidentiality(v)),
    ),
    one(
        "marking",
        "the handling marking, e.g. OFFICIAL-SENSITIVE",
        |v| text(v.case.marking.label()),
    ),
    many(
        "enclosures",
        "the documents in hand that go with the request",
        |v| v.enclosures.clone(),
    ),
    one("officer", "the officer dealing with the case", |v| {
        v.officer.iter().map(|o| o.name.clone()).collect()
    }),
    one(
        "officer_contact",
        "how to reach the officer: role, e-mail, telephone",
        |v| {
            let Some(o) = &v.officer else {
                return Vec::new();
            };
            let reach: Vec<&str> = [o.email.as_str(), o.phone.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            if reach.is_empty() {
                return Vec::new();
            }
            let role = match o.role.as_str() {
                "" => String::new(),
                role => format!("{role}, "),
            };
            vec![format!("{}, {role}{}", o.name, reach.join(", "))]
        },
    ),
    one(
        "transmitted_on",
        "the day the request was transmitted",
        |v| v.transmitted.iter().map(|(on, _)| date(*on)).collect(),
    ),
    one(
        "transmitted_by",
        "the note verbale or channel it went by",
        |v| v.transmitted.iter().map(|(_, by)| by.clone()).collect(),
    ),
    one(
        "days_since_transmitted",
        "days since the request was transmitted",
        |v| {
            (v.transmitted.iter())
                .map(|(on, _)| (v.today - *on).num_days().to_string())
                .collect()
        },
    ),
    one("received_on", "the day the request was received", |v| {
        vec![date(v.received)]
    }),
    one("status", "where the case stands", |v| {
        text(v.case.status.label())
    }),
    one("drafter", "who drafts: this casebook's officer", |v| {
        text(&v.drafter.0)
    }),
    one("drafter_agency", "the drafting officer's agency", |v| {
        text(&v.drafter.1)
    }),
];

fn subjects(people: &[PersonView]) -> impl Iterator<Item = &Particulars> {
    use crate::domain::Role;
    people
        .iter()
        .filter(|p| {
            matches!(
                p.role,
                Role::RequestedPerson | Role::Suspect | Role::AccountHolder
            )
        })
        .filter_map(|p| p.particulars.as_ref())
}

/// "Imran Khan Niazi s/o Abdul Niazi (suspect), born 1 Apr 1980, Pakistan; CNIC 35202-…".
fn persons(people: &[PersonView]) -> Vec<String> {
    people
        .iter()
        .filter_map(|p| p.particulars.as_ref().map(|q| (p.role, q)))
        .map(|(role, p)| {
            let mut line = p.name.clone();
            if !p.father_name.is_empty() {
                line.push_str(&format!(", father's name {}", p.father_name));
            }
            line.push_str(&format!(" ({})", role.label().to_lowercase()));
            if !p.aliases.is_empty() {
                line.push_str(&format!(", also known as {}", p.aliases.join(", ")));
            }
            if let Some(born) = p.date_of_birth {
                line.push_str(&format!(", born {}", date(born)));
            }
            if !p.nationalities.is_empty() {
                line.push_str(&format!(", {} national", p.nationalities.join(" and ")));
            }
            for (kind, number) in &p.documents {
                line.push_str(&format!("; {kind} {number}"));
            }
            if !p.addresses.is_empty() {
                line.push_str(&format!("; last known address {}", p.addresses.join("; ")));
            }
            line
        })
        .collect()
}

/// What the requested state is asked to keep confidential, from the marking and the
/// neither-confirm-nor-deny flag (`docs/drafting.md` §2).
fn confidentiality(v: &DraftView) -> String {
    let mut text = match v.case.marking {
        HandlingMarking::Official => {
            "Please treat this request and its contents as confidential, except as far as executing it requires.".to_string()
        }
        marking => format!(
            "This request is marked {marking}. Please keep its existence and contents confidential, except as far as executing it requires, and tell us before anything in it is disclosed."
        ),
    };
    if v.case.ncnd {
        text.push_str(
            " Please neither confirm nor deny the existence of this request to anyone outside the authorities executing it.",
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_plain() {
        for (i, f) in FIELDS.iter().enumerate() {
            assert!(
                f.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{}",
                f.name
            );
            assert!(!FIELDS[..i].iter().any(|g| g.name == f.name), "{}", f.name);
        }
    }

    #[test]
    fn every_need_names_a_field() {
        use crate::domain::drafting::DraftKind;
        for kind in DraftKind::ALL {
            for need in kind.needs() {
                assert!(field(need.field()).is_some(), "{need:?}");
            }
        }
    }
}
