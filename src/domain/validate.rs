//! Validation: every problem at once, per field, in words an officer understands. Incomplete
//! drafts are fine here; what blocks a transition is [`super::transition::blockers`].

use super::details::{CaseDetails, CaseKind, ChecklistItem, Urgency};
use super::ids::{CaseId, PersonId};
use super::person::{DocumentKind, Person};
use chrono::NaiveDate;
use std::collections::HashSet;
use std::fmt;

/// One problem with one field. `field` is a path such as `offences[2].description` (the form
/// finds its field by it); messages name it in words ([`field_words`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

impl Problem {
    fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", field_words(&self.field), self.message)
    }
}

/// A field path as an officer names the field: `documents[0].number` is "Identity document 1,
/// number", `date_of_birth` "Date of birth".
pub fn field_words(path: &str) -> String {
    let words: Vec<String> = path
        .split('.')
        .map(|part| match part.split_once('[') {
            Some((list, index)) => {
                let n = index
                    .trim_end_matches(']')
                    .parse::<usize>()
                    .map_or(0, |i| i + 1);
                format!("{} {n}", item_word(list))
            }
            None if part == "mla" => "MLA request".into(),
            None => part.replace('_', " "),
        })
        .collect();
    let text = words.join(", ");
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// One item of a list field, in words.
fn item_word(list: &str) -> String {
    match list {
        "documents" => "identity document".into(),
        "parties" => "person".into(),
        "aliases" => "alias".into(),
        "addresses" => "address".into(),
        "external_references" => "reference".into(),
        "checklist" => "checklist item".into(),
        "links" => "linked case".into(),
        other => other.strip_suffix('s').unwrap_or(other).replace('_', " "),
    }
}

/// What a case's details may point at: the people and cases of the casebook (a
/// [`super::Casebook`]).
pub trait Known {
    fn has_person(&self, id: PersonId) -> bool;
    fn has_case(&self, id: CaseId) -> bool;
    fn has_agreement(&self, id: super::ids::AgreementId) -> bool;
}

/// A case's outcomes (`outcomes.rs`): the person named is in the casebook, an amount is no
/// finer than its currency's minor unit, a seizure's value has its currency and the other way.
fn outcome_problems(o: &super::outcomes::Outcomes, book: &impl Known, out: &mut Vec<Problem>) {
    use super::outcomes::finer_than_minor_unit;
    for (i, p) in o.persons.iter().enumerate() {
        if p.person.is_some_and(|id| !book.has_person(id)) {
            out.push(Problem::new(
                format!("outcomes.persons[{i}].person"),
                "This person is not in the casebook",
            ));
        }
    }
    for (i, a) in o.assets.iter().enumerate() {
        if let Some(why) = finer_than_minor_unit(a.amount, &a.currency) {
            out.push(Problem::new(format!("outcomes.assets[{i}].amount"), why));
        }
        if a.converted_on.is_some_and(|d| d > a.date) {
            out.push(Problem::new(
                format!("outcomes.assets[{i}].converted_on"),
                "Converted after the day recorded: give the rate's day on or before it",
            ));
        }
    }
    for (i, s) in o.seizures.iter().enumerate() {
        match (s.value, &s.currency) {
            (Some(_), None) => out.push(Problem::new(
                format!("outcomes.seizures[{i}].currency"),
                "Give the currency of the value",
            )),
            (None, Some(_)) => out.push(Problem::new(
                format!("outcomes.seizures[{i}].value"),
                "Give the value in that currency, or no currency",
            )),
            (Some(v), Some(c)) => {
                if let Some(why) = finer_than_minor_unit(v, c) {
                    out.push(Problem::new(format!("outcomes.seizures[{i}].value"), why));
                }
            }
            (None, None) => {}
        }
    }
}

/// Whether `text` is empty but for white space (as `text.trim().is_empty()`, without finding
/// both ends: every text of every case and person is looked at by the check at open).
fn blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// Which items of a list repeat the key of an item before them. A case's lists are a few
/// items, each compared with those before it: hashing every case's parties and links took a
/// tenth of the check at open. A long list (a damaged or hostile file) goes in a table.
struct Earlier<'a, T, K> {
    items: &'a [T],
    key: fn(&T) -> K,
    seen: HashSet<K>,
}

impl<'a, T, K: Eq + std::hash::Hash> Earlier<'a, T, K> {
    /// Lists up to this long are compared item by item.
    const SHORT: usize = 16;

    fn new(items: &'a [T], key: fn(&T) -> K) -> Self {
        Self {
            items,
            key,
            seen: HashSet::new(),
        }
    }

    /// Whether an item before the `i`th has its key; asked of each item in turn.
    fn has(&mut self, i: usize) -> bool {
        let key = (self.key)(&self.items[i]);
        if self.items.len() <= Self::SHORT {
            self.items[..i].iter().any(|item| (self.key)(item) == key)
        } else {
            !self.seen.insert(key)
        }
    }
}

/// Checks a case's editable details against the casebook it belongs to.
pub fn validate_details(
    d: &CaseDetails,
    kind: CaseKind,
    case: CaseId,
    book: &impl Known,
) -> Vec<Problem> {
    let mut out = Vec::new();
    if d.requesting_state == d.requested_state {
        out.push(Problem::new(
            "requested_state",
            "The requested state must differ from the requesting state",
        ));
    }
    let mut parties = Earlier::new(&d.parties, |p| (p.person, p.role));
    for (i, p) in d.parties.iter().enumerate() {
        if !book.has_person(p.person) {
            out.push(Problem::new(
                format!("parties[{i}]"),
                "This person is not in the casebook",
            ));
        }
        if parties.has(i) {
            out.push(Problem::new(
                format!("parties[{i}]"),
                "This person already has this role in the case",
            ));
        }
    }
    for (i, o) in d.offences.iter().enumerate() {
        if blank(&o.description) {
            out.push(Problem::new(
                format!("offences[{i}].description"),
                "Describe the offence",
            ));
        }
    }
    for (i, r) in d.external_references.iter().enumerate() {
        if blank(&r.value) {
            out.push(Problem::new(
                format!("external_references[{i}].value"),
                "Enter the reference or remove the line",
            ));
        }
    }
    if kind == CaseKind::Extradition
        && (!d.mla.assistance.is_empty() || d.mla.required_by.is_some())
    {
        out.push(Problem::new(
            "mla",
            "Assistance and a required-by date apply to MLA requests only",
        ));
    }
    if d.mla.required_by.is_some() && blank(&d.mla.required_by_reason) {
        out.push(Problem::new(
            "mla.required_by_reason",
            "Say why the assistance is required by this date",
        ));
    }
    out.extend(
        (super::particulars::problems(&d.workstream, kind).into_iter())
            .map(|(field, message)| Problem::new(field, message)),
    );
    if kind == CaseKind::Mla && d.mla.urgency != Urgency::Routine && d.mla.required_by.is_none() {
        out.push(Problem::new(
            "mla.required_by",
            format!(
                "A {} request needs a required-by date",
                d.mla.urgency.label().to_lowercase()
            ),
        ));
    }
    for (i, a) in d.assurances.iter().enumerate() {
        if let (Some(req), Some(rec)) = (a.requested, a.received)
            && rec < req
        {
            out.push(Problem::new(
                format!("assurances[{i}].received"),
                "Received before it was requested",
            ));
        }
        match (a.received, a.accepted) {
            (None, Some(_)) => out.push(Problem::new(
                format!("assurances[{i}].accepted"),
                "An assurance must be received before it is accepted",
            )),
            (Some(rec), Some(acc)) if acc < rec => out.push(Problem::new(
                format!("assurances[{i}].accepted"),
                "Accepted before it was received",
            )),
            _ => {}
        }
    }
    for (i, c) in d.checklist.iter().enumerate() {
        if blank(&c.label) {
            out.push(Problem::new(
                format!("checklist[{i}].label"),
                "Name the document",
            ));
        }
    }
    if let Some(a) = d.agreement
        && !book.has_agreement(a)
    {
        out.push(Problem::new(
            "agreement",
            "The agreement is not in the register",
        ));
    }
    let mut linked = Earlier::new(&d.links, |l| l.case);
    for (i, l) in d.links.iter().enumerate() {
        if l.case == case {
            out.push(Problem::new(
                format!("links[{i}]"),
                "A case cannot be linked to itself",
            ));
        } else if !book.has_case(l.case) {
            out.push(Problem::new(
                format!("links[{i}]"),
                "The linked case is not in the casebook",
            ));
        }
        if linked.has(i) {
            out.push(Problem::new(format!("links[{i}]"), "Linked twice"));
        }
    }
    for (i, n) in d.notes.iter().enumerate() {
        if blank(&n.text) {
            out.push(Problem::new(
                format!("notes[{i}].text"),
                "The note is empty",
            ));
        }
    }
    for (i, t) in d.tasks.iter().enumerate() {
        if blank(&t.text) {
            out.push(Problem::new(
                format!("tasks[{i}].text"),
                "Describe the task",
            ));
        }
    }
    // An asylum claim's dates in order, its outcome with them (`docs/law.md` §4A, s.121).
    for (i, a) in d.asylum_claims.iter().enumerate() {
        match (a.is_pending(), a.decided) {
            (false, None) => out.push(Problem::new(
                format!("asylum_claims[{i}].decided"),
                format!(
                    "Enter the day the claim was {}",
                    a.outcome.label().to_lowercase()
                ),
            )),
            (true, Some(_)) => out.push(Problem::new(
                format!("asylum_claims[{i}].outcome"),
                "A claim with a decision date is no longer pending: record its outcome",
            )),
            (false, Some(decided)) if decided < a.made => out.push(Problem::new(
                format!("asylum_claims[{i}].decided"),
                "Decided before the claim was made",
            )),
            _ => {}
        }
    }
    outcome_problems(&d.outcomes, book, &mut out);
    let mut tags = HashSet::new();
    for (i, t) in d.tags.iter().enumerate() {
        if blank(t) {
            out.push(Problem::new(format!("tags[{i}]"), "The tag is empty"));
        } else if !tags.insert(t.trim().to_lowercase()) {
            out.push(Problem::new(format!("tags[{i}]"), "Tag repeated"));
        }
    }
    out
}

/// A required checklist item may be marked "not applicable" (a recorded judgement) but not
/// removed or made optional: that would open a gate (`docs/law.md` §4) without an override.
pub fn checklist_problems(old: &[ChecklistItem], new: &[ChecklistItem]) -> Vec<Problem> {
    old.iter()
        .filter(|o| o.required)
        .filter_map(|o| match new.iter().position(|n| n.id == o.id) {
            Some(i) if new[i].required => None,
            Some(i) => Some(Problem::new(
                format!("checklist[{i}].required"),
                format!(
                    "\"{}\" is required: mark it not applicable instead",
                    o.label
                ),
            )),
            None => Some(Problem::new(
                "checklist",
                format!(
                    "\"{}\" is required and cannot be removed: mark it not applicable instead",
                    o.label
                ),
            )),
        })
        .collect()
}

/// Checks a person's particulars; `today` bounds the date of birth.
pub fn validate_person(p: &Person, today: NaiveDate) -> Vec<Problem> {
    let mut out = Vec::new();
    if blank(&p.name) {
        out.push(Problem::new("name", "Enter the person's name"));
    }
    if p.date_of_birth.is_some_and(|d| d > today) {
        out.push(Problem::new(
            "date_of_birth",
            "The date of birth is in the future",
        ));
    }
    for (i, a) in p.aliases.iter().enumerate() {
        if blank(a) {
            out.push(Problem::new(format!("aliases[{i}]"), "The alias is empty"));
        }
    }
    for (i, doc) in p.documents.iter().enumerate() {
        if let Some(message) = document_number_problem(doc.kind, &doc.number) {
            out.push(Problem::new(format!("documents[{i}].number"), message));
        }
    }
    out
}

/// CNIC and NICOP numbers are 13 digits, written `12345-1234567-1`; passports are 6 to 12
/// letters and digits.
fn document_number_problem(kind: DocumentKind, number: &str) -> Option<String> {
    let number = number.trim();
    if number.is_empty() {
        return Some("Enter the document number".into());
    }
    match kind {
        DocumentKind::Cnic | DocumentKind::Nicop => {
            let mut digits = number.bytes().filter(|&b| b != b'-');
            let dashes_ok = !number.contains('-')
                || number.len() == 15
                    && number.as_bytes()[5] == b'-'
                    && number.as_bytes()[13] == b'-';
            let thirteen = digits.clone().count() == 13 && digits.all(|b| b.is_ascii_digit());
            (!thirteen || !dashes_ok)
                .then(|| format!("A {kind} number has 13 digits, written 12345-1234567-1"))
        }
        DocumentKind::Passport => {
            let ok = (6..=12).contains(&number.len())
                && number.chars().all(|c| c.is_ascii_alphanumeric());
            (!ok).then(|| "A passport number has 6 to 12 letters and digits".into())
        }
        DocumentKind::UkResidencePermit | DocumentKind::Other => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{DocumentStatus, RecordId};

    fn item(n: u128, required: bool) -> ChecklistItem {
        ChecklistItem {
            id: RecordId(uuid::Uuid::from_u128(n)),
            label: format!("Item {n}").into(),
            required,
            status: DocumentStatus::Missing,
            note: String::new(),
        }
    }

    #[test]
    fn messages_name_fields_in_words_never_by_their_path() {
        let cases = [
            ("documents[0].number", "Identity document 1, number"),
            ("offences[2].description", "Offence 3, description"),
            ("parties[1]", "Person 2"),
            ("date_of_birth", "Date of birth"),
            ("mla.required_by_reason", "MLA request, required by reason"),
            ("external_references[0].value", "Reference 1, value"),
        ];
        for (path, words) in cases {
            assert_eq!(super::field_words(path), words, "{path}");
        }
        let problem = super::Problem::new("documents[0].number", "Enter the document number");
        assert_eq!(
            problem.to_string(),
            "Identity document 1, number: Enter the document number"
        );
    }

    #[test]
    fn required_checklist_items_stay_required_and_present() {
        let old = vec![item(1, true), item(2, false)];
        // Marking not applicable, adding, or removing an optional item is fine.
        let mut fine = vec![item(1, true), item(3, true)];
        fine[0].status = DocumentStatus::NotApplicable;
        assert_eq!(checklist_problems(&old, &fine), vec![]);
        let unrequired = vec![item(2, false), item(1, false)];
        let problems = checklist_problems(&old, &unrequired);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "checklist[1].required");
        let removed = vec![item(2, false)];
        assert!(
            checklist_problems(&old, &removed)[0]
                .message
                .contains("cannot be removed")
        );
    }

    proptest::proptest! {
        #[test]
        fn blank_is_trimmed_to_nothing(text in "[ \t\n\u{a0}\u{2003}a.]{0,6}") {
            proptest::prop_assert_eq!(blank(&text), text.trim().is_empty());
        }
    }

    /// Short lists are compared item by item and long ones hashed: both name the same repeats.
    #[test]
    fn a_repeat_is_named_at_its_place_in_a_short_list_and_a_long_one() {
        for len in [
            3,
            Earlier::<u8, u8>::SHORT,
            Earlier::<u8, u8>::SHORT + 1,
            40,
        ] {
            let items: Vec<u8> = (0..len)
                .map(|i| [1, 2, 1, 3, 2, 2][i % 6] + 10 * u8::from(i >= 6))
                .collect();
            let mut earlier = Earlier::new(&items, |&i| i);
            let repeats: Vec<usize> = (0..len).filter(|&i| earlier.has(i)).collect();
            let expected: Vec<usize> = (0..len)
                .filter(|&i| items[..i].contains(&items[i]))
                .collect();
            assert_eq!(repeats, expected, "{len} items");
            assert!(!repeats.is_empty());
        }
    }

    #[test]
    fn a_cnic_has_thirteen_digits_dashed_in_place_or_not_at_all() {
        for (number, ok) in [
            ("12345-1234567-1", true),
            ("1234512345671", true),
            ("12345-1234567-12", false),
            ("123451234567", false),
            ("12345123456712", false),
            ("1234-51234567-1", false),
            ("12345-1234567-x", false),
            ("12345-123456７-1", false),
            ("-1234512345671", false),
        ] {
            let problem = document_number_problem(DocumentKind::Cnic, number);
            assert_eq!(problem.is_none(), ok, "{number}");
        }
    }
}
