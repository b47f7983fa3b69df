//! Files that parse and match their checksum but break the domain's rules (written by an older
//! or buggy Casedesk): each problem is found and named by case, and repaired only where the
//! repair is unambiguous.

use casedesk::domain::check::check_casebook;
use casedesk::domain::repair::{Repair, repaired};
use casedesk::domain::{CaseId, CaseLink, Casebook, EventKind, LinkKind};
use casedesk::store::{self, Integrity, format::FileV1};
use chrono::NaiveDate;
use std::borrow::Cow;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn sample() -> Casebook {
    casedesk::sample::generate(8, 5, today())
}

/// Writes the sample changed by `edit` as a properly checksummed file and loads it back.
fn written(edit: impl FnOnce(&mut FileV1)) -> Casebook {
    let book = sample();
    let mut file = FileV1::from_casebook(&book, "2026-11-23T10:00:00Z".parse().unwrap());
    edit(&mut file);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    std::fs::write(&path, file.to_text().unwrap()).unwrap();
    let loaded = store::open(&path, None).unwrap();
    assert_eq!(loaded.integrity, Integrity::Verified);
    loaded.book
}

/// The index of a case that has moved on from its first state.
fn moved_on(file: &FileV1) -> usize {
    file.cases
        .iter()
        .position(|c| {
            c.history
                .iter()
                .filter(|e| matches!(e.kind, EventKind::Transition { .. }))
                .count()
                >= 2
        })
        .expect("the sample has a case with transitions")
}

fn findings_of(book: &Casebook) -> Vec<(String, String, String)> {
    check_casebook(book, today())
        .into_iter()
        .map(|f| (f.record, f.field, f.message))
        .collect()
}

#[test]
fn the_sample_is_sound_and_needs_no_repair() {
    assert!(findings_of(&sample()).is_empty());
    assert!(repaired(&sample(), today()).is_none());
}

#[test]
fn a_status_the_history_does_not_lead_to_is_reported_and_repaired_from_the_history() {
    let mut reference = String::new();
    let mut stored = None;
    let book = written(|file| {
        let i = moved_on(file);
        let case = &mut file.cases[i];
        reference = case.reference.to_string();
        let first = case.status.workflow().initial();
        stored = Some((case.status, first));
        case.status = first;
    });
    let (was, first) = stored.unwrap();
    let findings = findings_of(&book);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let (record, field, message) = &findings[0];
    assert_eq!((record, field.as_str()), (&reference, "status"));
    assert!(
        message.contains(&format!("history leads to {}", was.code())),
        "{message}"
    );
    let (fixed, repairs) = repaired(&book, today()).expect("repairable");
    assert_eq!(
        repairs,
        vec![Repair::Status {
            reference: reference.clone(),
            from: first,
            to: was
        }]
    );
    assert_eq!(fixed.case_by_reference(&reference).unwrap().status(), was);
    assert!(findings_of(&fixed).is_empty());
    // What the casebook has seen of other copies, and its people's stamps, stay: the repaired
    // casebook merges as the one it repairs.
    assert_ne!(
        book.stamps(),
        &casedesk::domain::stamps::BookStamps::default()
    );
    assert_eq!(fixed.stamps(), book.stamps());
}

#[test]
fn a_transition_the_workflow_does_not_allow_is_reported_and_not_guessed_at() {
    let mut reference = String::new();
    let book = written(|file| {
        let i = moved_on(file);
        let case = &mut file.cases[i];
        reference = case.reference.to_string();
        let mut history = case.history.to_vec();
        // The last move (edits of the details may follow it).
        let Some((from, to)) = history.iter_mut().rev().find_map(|e| match &mut e.kind {
            EventKind::Transition { from, to, .. } => Some((from, to)),
            _ => None,
        }) else {
            panic!("the case has a transition");
        };
        // Straight back to the first state: never a step the workflows allow.
        *to = from.workflow().initial();
        case.status = *to;
        case.history = Cow::Owned(history);
    });
    let findings = findings_of(&book);
    assert!(
        findings.iter().any(|(r, f, m)| *r == reference
            && f == "history"
            && m.contains("the workflow does not allow")),
        "{findings:?}"
    );
    assert!(repaired(&book, today()).is_none());
}

#[test]
fn duplicate_case_ids_are_reported_and_not_guessed_at() {
    let mut second = String::new();
    let book = written(|file| {
        second = file.cases[1].reference.to_string();
        file.cases[1].id = file.cases[0].id;
    });
    let findings = findings_of(&book);
    assert!(
        findings
            .iter()
            .any(|(r, f, m)| *r == second && f == "id" && m.contains("same id")),
        "{findings:?}"
    );
    assert!(repaired(&book, today()).is_none());
}

#[test]
fn a_reference_repeated_in_another_letter_case_is_reported_on_the_second_case() {
    let (mut first, mut second) = (String::new(), String::new());
    let book = written(|file| {
        first = file.cases[0].reference.to_string();
        second = first.to_lowercase();
        file.cases[1].reference = Cow::Owned(second.clone());
    });
    let findings = findings_of(&book);
    let repeated = |record: &str| {
        findings
            .iter()
            .any(|(r, f, m)| r == record && f == "reference" && m.contains("same reference"))
    };
    assert!(repeated(&second), "{findings:?}");
    assert!(!repeated(&first), "{findings:?}");
}

#[test]
fn a_person_id_used_twice_is_reported_on_the_second_person() {
    let (mut first, mut second) = (String::new(), String::new());
    let book = written(|file| {
        let mut people = file.people.to_vec();
        first = people[0].name.clone();
        second = people[1].name.clone();
        people[1].id = people[0].id;
        file.people = Cow::Owned(people);
    });
    let findings = findings_of(&book);
    let repeated = |record: &str| {
        findings.iter().any(|(r, f, m)| {
            r == record && f == "id" && m.contains("Another person has the same id")
        })
    };
    assert_ne!(first, second);
    assert!(repeated(&second), "{findings:?}");
    assert!(!repeated(&first), "{findings:?}");
}

#[test]
fn a_link_to_a_missing_case_is_reported_and_removed_by_the_repair() {
    let nowhere = CaseId(uuid::Uuid::from_u128(7));
    let mut reference = String::new();
    let book = written(|file| {
        reference = file.cases[2].reference.to_string();
        let mut details = file.cases[2].details.clone().into_owned();
        details.links.push(CaseLink {
            case: nowhere,
            kind: LinkKind::Related,
        });
        file.cases[2].details = Cow::Owned(details);
    });
    let findings = findings_of(&book);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let (record, field, message) = &findings[0];
    assert_eq!(record, &reference);
    assert!(field.starts_with("links["), "{field}");
    assert!(message.contains("not in the casebook"), "{message}");
    let (fixed, repairs) = repaired(&book, today()).expect("repairable");
    assert_eq!(repairs.len(), 1);
    assert!(
        repairs[0].to_string().contains("remove the link"),
        "{}",
        repairs[0]
    );
    let case = fixed.case_by_reference(&reference).unwrap();
    assert!(case.details.links.iter().all(|l| l.case != nowhere));
    assert!(findings_of(&fixed).is_empty());
}
