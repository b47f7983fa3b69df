//! The people editor: which particulars the partner supplied, ticked per person and per
//! identity document; problems in officer words that go once put right.

use super::*;
use casedesk::domain::person::{DocumentKind, IdentityDocument};
use casedesk::domain::{
    Casebook, Command, Country, Ctx, IdSource, Person, PersonId, RecordId, SeededIds, Settings,
    Source,
};
use egui_kittest::kittest::{NodeT, Queryable};

/// A casebook with one person, entered as ours, with a CNIC.
fn one_person() -> (Casebook, PersonId) {
    let mut book = Casebook::new(Settings::default());
    let mut ids = SeededIds::new(8);
    let mut imran = Person::new(PersonId(ids.next_uuid()), "Muhammad Imran");
    imran.documents.push(IdentityDocument {
        id: RecordId(ids.next_uuid()),
        kind: DocumentKind::Cnic,
        number: "61101-1111111-1".into(),
        issued_by: Country::pakistan(),
        source: None,
    });
    let id = imran.id;
    book.apply(
        Command::SavePerson(Box::new(imran)),
        &mut Ctx {
            now: now(),
            ids: &mut ids,
        },
    )
    .unwrap();
    (book, id)
}

fn person(h: &Harness<'static, CasedeskApp>, id: PersonId) -> Person {
    h.state().casebook().unwrap().person(id).unwrap().clone()
}

#[test]
fn ticking_what_the_partner_supplied_marks_the_person_and_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let (book, id) = one_person();
    let (_, mut h) = window_on(dir.path(), &book);
    h.get_by_label("People").click();
    h.run_steps(2);
    h.get_by_label("Muhammad Imran").click();
    h.run_steps(3);
    h.get_by_label("Particulars supplied by the partner")
        .click();
    // The person's tick comes last in the form: the document's shows it a frame later.
    h.run_steps(2);
    // The document follows the person until ticked otherwise.
    let toggled = |h: &Harness<'static, CasedeskApp>, label: &str| {
        h.get_by_label(label).accesskit_node().toggled()
    };
    assert_eq!(
        toggled(&h, "Document supplied by the partner"),
        Some(egui::accesskit::Toggled::True)
    );
    h.get_by_label("Save person").click();
    h.run_steps(2);
    let p = person(&h, id);
    assert_eq!(p.source, Source::Partner);
    assert_eq!(p.documents[0].source, None);
    assert_eq!(p.documents[0].source_in(&p), Source::Partner);
    h.get_by_label("Document supplied by the partner").click();
    h.run_steps(1);
    h.get_by_label("Save person").click();
    h.run_steps(2);
    let p = person(&h, id);
    assert_eq!(p.source, Source::Partner);
    assert_eq!(p.documents[0].source, Some(Source::Ours));
}

#[test]
fn a_problem_is_said_in_officer_words_and_goes_once_put_right() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut h) = window_on(dir.path(), &Casebook::new(Settings::default()));
    h.get_by_label("People").click();
    h.run_steps(2);
    h.get_by_label("New person…").click();
    h.run_steps(3);
    type_into(&mut h, "Name", "Bilal Ahmed");
    type_into(&mut h, "Document number", "12345");
    h.get_by_label("Create").click();
    h.run_steps(2);
    let said = h
        .query_all_by_label_contains("Identity document 1, number")
        .count();
    assert_eq!(said, 1, "the problem names the document in words");
    assert!(h.query_by_label_contains("documents[0]").is_none());
    // Put right, the message goes before the next click.
    type_into(&mut h, "Document number", "6789");
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("Identity document 1, number")
            .is_none()
    );
}

#[test]
fn the_partner_s_particulars_are_ticked_beside_the_person_in_the_case() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, id) = one_person();
    let case = casedesk::domain::CaseId(uuid::Uuid::from_u128(70));
    let mut details = casedesk::domain::CaseDetails::new(Country::pakistan(), Country::uk());
    details.parties.push(casedesk::domain::Party {
        person: id,
        role: casedesk::domain::Role::RequestedPerson,
    });
    book.apply(
        Command::OpenCase {
            id: case,
            kind: casedesk::domain::CaseKind::Extradition,
            direction: casedesk::domain::Direction::Incoming,
            opened: today(),
            details: Box::new(details),
        },
        &mut Ctx {
            now: now(),
            ids: &mut SeededIds::new(9),
        },
    )
    .unwrap();
    let mut h = case_details(dir.path(), &book, case);
    h.get_by_label("Particulars supplied by the partner")
        .click();
    h.run_steps(2);
    assert_eq!(person(&h, id).source, Source::Partner);
    // One undo step, like every edit.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(person(&h, id).source, Source::Ours);
}
