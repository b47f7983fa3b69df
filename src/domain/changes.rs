//! What an edit changed, field by field, with each field's old and new value in the officer's
//! words: a case's details, a person, an agency, a contact. An edit appends one
//! [`EventKind::Edited`](super::EventKind::Edited) event holding these, so every change is kept,
//! not only status changes (issue 20).

use super::details::CaseDetails;
use super::ids::{CaseId, PersonId};
use super::labels::labelled_enum;
use super::stamps::{CaseField, RecordList, RecordVisitor, SubRecord};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
use uuid::Uuid;

/// One field an edit changed. An empty `old` means the field or record was added, an empty
/// `new` that it was removed or emptied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The field as the officer knows it, e.g. "Summary", "Hearings (…): Outcome".
    pub field: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub old: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub new: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Change { field, old, new } = self;
        match (old.is_empty(), new.is_empty()) {
            (true, _) => write!(f, "{field}: added \u{201c}{new}\u{201d}"),
            (false, true) => write!(f, "{field}: removed \u{201c}{old}\u{201d}"),
            (false, false) => write!(f, "{field}: \u{201c}{old}\u{201d} → \u{201c}{new}\u{201d}"),
        }
    }
}

labelled_enum!(
    /// A record kept beside the cases, edited on its own.
    RecordKind {
        Person => "Person",
        Agency => "Agency",
        Contact => "Contact",
        Agreement => "Agreement",
        Meeting => "Meeting",
        ActionPoint => "Action point",
        Activity => "Capacity-building activity",
    }
);

/// The person, agency or contact an edit changed (absent for a case's own details).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditedRecord {
    pub kind: RecordKind,
    pub id: Uuid,
    /// Its name at the time, so the line reads without a look-up.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
}

impl fmt::Display for EditedRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.name)
    }
}

/// The names a case's details refer to by id, so a change reads in words.
pub trait Names {
    fn person_name(&self, id: PersonId) -> String;
    fn case_reference(&self, id: CaseId) -> String;
    fn agreement_title(&self, id: super::ids::AgreementId) -> String;
}

/// The value of `field` in `d` as the officer reads it: the people, linked cases and agreement
/// it holds by id named (what [`CaseField::text`] gives by id).
pub fn named_text(field: CaseField, d: &CaseDetails, names: &dyn Names) -> String {
    match field {
        CaseField::Parties => d
            .parties
            .iter()
            .map(|p| format!("{} ({})", names.person_name(p.person), p.role))
            .collect::<Vec<_>>()
            .join(", "),
        CaseField::Links => d
            .links
            .iter()
            .map(|l| format!("{} ({})", names.case_reference(l.case), l.kind))
            .collect::<Vec<_>>()
            .join(", "),
        CaseField::Agreement => d
            .agreement
            .map(|a| names.agreement_title(a))
            .unwrap_or_default(),
        _ => field.text(d),
    }
}

/// A merge choice's recorded value of the field labelled `subject` ([`CaseField::text`], which
/// gives people, linked cases and an agreement by id) with each id named; any other value as
/// it is.
pub fn named_choice(subject: &str, text: &str, names: &dyn Names) -> String {
    let field = CaseField::ALL.iter().find(|f| f.label() == subject);
    let name = |id: &str| -> Option<String> {
        let id = Uuid::parse_str(id).ok()?;
        Some(match field? {
            CaseField::Agreement => names.agreement_title(super::ids::AgreementId(id)),
            CaseField::Parties => names.person_name(PersonId(id)),
            CaseField::Links => names.case_reference(CaseId(id)),
            _ => return None,
        })
    };
    // Each item of a list starts with its id: "<id> (Requested person), <id> (Witness)".
    text.split(", ")
        .map(|item| {
            let (id, rest) = item.split_at(item.find(' ').unwrap_or(item.len()));
            name(id).map_or_else(|| item.to_string(), |name| format!("{name}{rest}"))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every field and sub-record that differs between `old` and `new` details.
pub fn details_changes(old: &CaseDetails, new: &CaseDetails, names: &dyn Names) -> Vec<Change> {
    let mut changes = Vec::new();
    for &field in CaseField::ALL {
        if field.has_records() {
            field.visit_records(&mut RecordChanges {
                old,
                new,
                changes: &mut changes,
            });
        } else if !field.same(old, new) {
            changes.push(Change {
                field: field.label().into(),
                old: named_text(field, old, names),
                new: named_text(field, new, names),
            });
        }
    }
    changes
}

/// Sub-records added, removed or changed, by id; a changed one field by field.
struct RecordChanges<'a> {
    old: &'a CaseDetails,
    new: &'a CaseDetails,
    changes: &'a mut Vec<Change>,
}

impl RecordVisitor for RecordChanges<'_> {
    fn visit<T: SubRecord>(&mut self, list: RecordList<T>) {
        let (old, new) = ((list.get)(self.old), (list.get)(self.new));
        let label = list.field.label();
        for o in old {
            match new.iter().find(|n| n.id() == o.id()) {
                None => self.changes.push(Change {
                    field: label.into(),
                    old: o.text(),
                    new: String::new(),
                }),
                Some(n) if n != o => {
                    let within = format!("{label} ({})", o.text());
                    self.changes.extend(record_changes(
                        &within,
                        Some(&o.value()),
                        Some(&n.value()),
                    ));
                }
                Some(_) => {}
            }
        }
        for n in new.iter().filter(|n| !old.iter().any(|o| o.id() == n.id())) {
            self.changes.push(Change {
                field: label.into(),
                old: String::new(),
                new: n.text(),
            });
        }
    }
}

/// A record's fields as serde writes them, to compare field by field.
trait AsValue {
    fn value(&self) -> Value;
}

impl<T: Serialize> AsValue for T {
    fn value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// The fields of a person, agency or contact that differ between `old` and `new` (`None`: it
/// did not exist, or no longer does).
pub fn changes_of<T: Serialize>(old: Option<&T>, new: Option<&T>) -> Vec<Change> {
    record_changes(
        "",
        old.map(AsValue::value).as_ref(),
        new.map(AsValue::value).as_ref(),
    )
}

/// The fields that differ between two records' values, each named `prefix: Field`. Ids are
/// left out: they never change and mean nothing to the officer.
fn record_changes(prefix: &str, old: Option<&Value>, new: Option<&Value>) -> Vec<Change> {
    let fields = |v: Option<&Value>| match v {
        Some(Value::Object(map)) => map.clone(),
        _ => serde_json::Map::new(),
    };
    let (old, new) = (fields(old), fields(new));
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| k.as_str() != "id")
        .filter_map(|key| {
            let (o, n) = (
                old.get(key).map(words).unwrap_or_default(),
                new.get(key).map(words).unwrap_or_default(),
            );
            (o != n).then(|| Change {
                field: match prefix {
                    "" => humane(key),
                    _ => format!("{prefix}: {}", humane(key)),
                },
                old: o,
                new: n,
            })
        })
        .collect()
}

/// `father_name` → "Father name", `RequestedPerson` → "Requested person".
fn humane(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c == '_' {
            out.push(' ');
        } else if c.is_uppercase() && i > 0 {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else if i == 0 {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A value as an officer reads it: text as written (an enum's variant as serde names it: typed
/// text such as "McDonald" cannot be told from one), an ISO date as "02 Nov 2026", yes or no, lists joined with "; ", a record's fields with their names.
fn words(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => d.format("%d %b %Y").to_string(),
            Err(_) => s.clone(),
        },
        Value::Array(items) => items.iter().map(words).collect::<Vec<_>>().join("; "),
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| k.as_str() != "id")
            .map(|(k, v)| (k, words(v)))
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{}: {v}", humane(k)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_and_values_read_in_words() {
        assert_eq!(humane("father_name"), "Father name");
        assert_eq!(humane("RequestedPerson"), "Requested person");
        assert_eq!(words(&Value::String("2026-11-02".into())), "02 Nov 2026");
        assert_eq!(words(&Value::String("McDonald".into())), "McDonald");
        assert_eq!(words(&Value::String("Lahore".into())), "Lahore");
        assert_eq!(words(&Value::String("NCA".into())), "NCA");
    }

    /// A merge choice's people and linked cases, recorded by id, read by name.
    #[test]
    fn a_merge_choice_names_the_people_and_cases_it_holds_by_id() {
        struct Book;
        impl Names for Book {
            fn person_name(&self, id: PersonId) -> String {
                format!("Person {}", id.0.as_u128())
            }
            fn case_reference(&self, id: CaseId) -> String {
                format!("EI-2026-000{}", id.0.as_u128())
            }
            fn agreement_title(&self, _: super::super::ids::AgreementId) -> String {
                "Letter of intent".into()
            }
        }
        let (one, two) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let people = format!("{one} (Requested person), {two} (Witness)");
        assert_eq!(
            named_choice("People in the case", &people, &Book),
            "Person 1 (Requested person), Person 2 (Witness)"
        );
        let links = format!("{two} (Related)");
        assert_eq!(
            named_choice("Linked cases", &links, &Book),
            "EI-2026-0002 (Related)"
        );
        assert_eq!(named_choice("Agreement", "(none)", &Book), "(none)");
        // Any other field's value is as it was typed, ids or not.
        assert_eq!(named_choice("Summary", &people, &Book), people);
    }
}
