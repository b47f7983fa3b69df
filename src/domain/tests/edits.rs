//! Every change recorded (issue 20): an edit of a case's details, a person, an agency or a
//! contact appends one `Edited` event with each changed field's old and new value, who and when.

use super::*;
use crate::domain::changes::{Change, RecordKind};
use crate::domain::{Agency, AgencyId, Contact, ContactId, Hearing, HearingKind};

fn edited(event: &Event) -> (Option<&crate::domain::changes::EditedRecord>, &[Change]) {
    match &event.kind {
        EventKind::Edited { record, changes } => (record.as_deref(), changes),
        other => panic!("not an edit: {other:?}"),
    }
}

fn change(field: &str, old: &str, new: &str) -> Change {
    Change {
        field: field.into(),
        old: old.into(),
        new: new.into(),
    }
}

#[test]
fn an_edit_of_a_case_records_each_changed_field_once_with_who_and_when() {
    let mut fx = Fixture::open(CaseKind::Extradition, Direction::Incoming, OPENED);
    fx.update(|c| c.summary = "Fraud".into());
    let before = fx.history_len();
    fx.set_now("2026-02-03");
    fx.update(|c| {
        c.summary = "Fraud and forgery".into();
        c.requesting_authority = "FIA Lahore".into();
        c.hearings.push(Hearing {
            id: RecordId(Uuid::from_u128(0x4E)),
            date: d("2026-03-02"),
            kind: HearingKind::Initial,
            court: "Westminster".into(),
            outcome: String::new(),
            public: true,
        });
    });
    // One event for the one command, however many fields it changed.
    assert_eq!(fx.history_len(), before + 1);
    let event = fx.last_event();
    assert_eq!(event.officer.as_str(), "Test Officer");
    assert_eq!(event.effective, d("2026-02-03"));
    let (record, changes) = edited(event);
    assert_eq!(record, None);
    assert_eq!(
        changes,
        [
            change("Summary", "Fraud", "Fraud and forgery"),
            change("Requesting authority", "", "FIA Lahore"),
            change(
                "Hearings",
                "",
                "Initial hearing on 02 Mar 2026 at Westminster"
            ),
        ]
    );
    assert_eq!(
        event.kind.summary(),
        "Details edited: Summary, Requesting authority, Hearings"
    );
    assert_eq!(
        event.kind.recorded()[0],
        "Summary: \u{201c}Fraud\u{201d} → \u{201c}Fraud and forgery\u{201d}"
    );

    // A field inside a sub-record, by its record; then the record removed.
    fx.update(|c| c.hearings[0].outcome = "Remanded in custody".into());
    let (_, changes) = edited(fx.last_event());
    assert_eq!(
        changes,
        [change(
            "Hearings (Initial hearing on 02 Mar 2026 at Westminster): Outcome",
            "",
            "Remanded in custody"
        )]
    );
    fx.update(|c| c.hearings.clear());
    let (_, changes) = edited(fx.last_event());
    assert_eq!(changes[0].new, "");
    assert!(changes[0].old.starts_with("Initial hearing on 02 Mar 2026"));
}

#[test]
fn an_edit_that_changes_nothing_records_nothing_and_a_refused_one_nothing_either() {
    let mut fx = Fixture::open(CaseKind::Extradition, Direction::Incoming, OPENED);
    let before = fx.history_len();
    fx.update(|_| {});
    assert_eq!(fx.history_len(), before);
    let mut details = fx.case().details.clone();
    details.parties.push(Party {
        person: PersonId(Uuid::from_u128(0xDEAD)),
        role: Role::RequestedPerson,
    });
    assert!(
        fx.apply(Command::UpdateCase {
            case: fx.case,
            details: Box::new(details),
        })
        .is_err()
    );
    assert_eq!(fx.history_len(), before);
}

#[test]
fn people_in_a_case_and_linked_cases_are_named_not_numbered() {
    let mut fx = Fixture::ready(CaseKind::Extradition, Direction::Incoming, OPENED);
    let subject = fx.case().details.parties[0].clone();
    fx.update(|c| c.parties[0].role = Role::Witness);
    let (_, changes) = edited(fx.last_event());
    let name = fx.book.person(subject.person).unwrap().name.clone();
    assert_eq!(changes[0].field, "People in the case");
    assert_eq!(changes[0].old, format!("{name} (Requested person)"));
    assert_eq!(changes[0].new, format!("{name} (Witness)"));
}

#[test]
fn edits_of_people_agencies_and_contacts_are_kept_in_the_record_history() {
    let mut fx = Fixture::open(CaseKind::Extradition, Direction::Incoming, OPENED);
    let id = PersonId(Uuid::from_u128(0x77));
    let mut person = Person::new(id, "Bilal Ahmed");
    fx.apply(Command::SavePerson(Box::new(person.clone())))
        .unwrap();
    person.father_name = "Ahmed Din".into();
    person.date_of_birth = Some(d("1980-04-01"));
    fx.apply(Command::SavePerson(Box::new(person.clone())))
        .unwrap();
    // Saved unchanged: nothing to record.
    fx.apply(Command::SavePerson(Box::new(person))).unwrap();
    let agency = Agency {
        id: AgencyId(Uuid::from_u128(0xA1)),
        name: "FIA".into(),
        country: Country::pakistan(),
    };
    fx.apply(Command::SaveAgency(agency.clone())).unwrap();
    let contact = Contact {
        id: ContactId(Uuid::from_u128(0xC1)),
        name: "S. Qureshi".into(),
        agency: Some(agency.id),
        role: "Deputy Director".into(),
        email: String::new(),
        phone: String::new(),
    };
    fx.apply(Command::SaveContact(contact.clone())).unwrap();
    let other = Agency {
        id: AgencyId(Uuid::from_u128(0xA2)),
        name: "FIA Lahore".into(),
        ..agency
    };
    fx.apply(Command::SaveAgency(other.clone())).unwrap();
    fx.apply(Command::SaveContact(Contact {
        agency: Some(other.id),
        ..contact
    }))
    .unwrap();
    fx.apply(Command::RemoveContact(ContactId(Uuid::from_u128(0xC1))))
        .unwrap();

    // New records are their own trace: only the edits and the removal are events.
    let history = fx.book.record_history();
    assert_eq!(history.len(), 3);
    let (record, changes) = edited(&history[0]);
    let record = record.as_ref().unwrap();
    assert_eq!(
        (record.kind, record.name.as_str()),
        (RecordKind::Person, "Bilal Ahmed")
    );
    assert_eq!(
        changes,
        [
            change("Date of birth", "", "01 Apr 1980"),
            change("Father name", "", "Ahmed Din"),
        ]
    );
    assert_eq!(
        history[0].kind.summary(),
        "Person Bilal Ahmed edited: Date of birth, Father name"
    );
    assert_eq!(fx.book.history_of(id.0).count(), 1);
    // The contact's agency by its name; its removal keeps what it said.
    let (_, moved) = edited(&history[1]);
    assert_eq!(moved, [change("Agency", "FIA", "FIA Lahore")]);
    let (_, removed) = edited(&history[2]);
    assert!(removed.contains(&change("Role", "Deputy Director", "")));
    // The case's own history is untouched by them.
    assert_eq!(fx.history_len(), 1);
}
