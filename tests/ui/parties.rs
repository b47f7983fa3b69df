//! A person is found or created from inside the case (issue 18, item 5): type a name or an
//! identifier into the case's "Find a person", see who matches with their identifiers, Enter
//! adds them; someone new is created in place, with the duplicate warning, and added.

use super::*;
use casedesk::domain::{CaseId, DocumentKind, Person, identifier_key};
use casedesk::sample;
use egui::{Event, Key};
use egui_kittest::kittest::Queryable;

fn press(h: &mut Harness<'static, CasedeskApp>, key: Key) {
    h.key_press(key);
    h.run_steps(2);
}

fn parties(h: &Harness<'static, CasedeskApp>, case: CaseId) -> Vec<casedesk::domain::PersonId> {
    let book = h.state().casebook().unwrap();
    let case = book.case(case).unwrap();
    case.details.parties.iter().map(|p| p.person).collect()
}

/// A case, and someone with a CNIC who is not one of its parties.
fn case_and_stranger(book: &Casebook) -> (CaseId, &Person, String) {
    let case = &book.cases()[0];
    let stranger = book
        .people()
        .iter()
        .filter(|p| !case.details.parties.iter().any(|q| q.person == p.id))
        .find(|p| {
            p.documents
                .iter()
                .any(|d| d.kind == DocumentKind::Cnic && identifier_key(&d.number).len() == 13)
        })
        .expect("someone with a CNIC outside the case");
    let key = stranger
        .documents
        .iter()
        .find(|d| d.kind == DocumentKind::Cnic)
        .map(|d| identifier_key(&d.number))
        .unwrap();
    let cnic = format!("{}-{}-{}", &key[..5], &key[5..12], &key[12..]);
    (case.id, stranger, cnic)
}

#[test]
fn someone_found_by_cnic_is_added_to_the_case_with_enter() {
    let dir = tempfile::tempdir().unwrap();
    let book = sample::generate(12, 3, today());
    let (case, stranger, cnic) = case_and_stranger(&book);
    let mut h = case_details(dir.path(), &book, case);
    type_into(&mut h, "Find a person", &cnic);
    h.run_steps(1);
    // The match is listed with their identifiers.
    let number = &stranger
        .documents
        .iter()
        .find(|d| d.kind == DocumentKind::Cnic)
        .unwrap()
        .number;
    h.get_by_label_contains(&format!("CNIC {number}"));
    press(&mut h, Key::Enter);
    h.run_steps(2);
    assert!(
        parties(&h, case).contains(&stranger.id),
        "added to the case"
    );
}

#[test]
fn someone_new_is_created_and_added_without_leaving_the_case() {
    let dir = tempfile::tempdir().unwrap();
    let book = sample::generate(12, 3, today());
    let case = book.cases()[0].id;
    // Someone already in the casebook, entered again by mistake: the warning shows.
    let existing = book
        .people()
        .iter()
        .find(|p| p.date_of_birth.is_some() && !parties_of(&book, case).contains(&p.id))
        .unwrap();
    let born = existing
        .date_of_birth
        .unwrap()
        .format("%d/%m/%Y")
        .to_string();
    let mut h = case_details(dir.path(), &book, case);
    type_into(&mut h, "Find a person", "Zafar Iqbal Qureshi");
    // No one matches: Enter opens the New person dialog on the name typed.
    press(&mut h, Key::Enter);
    h.get_by_label("New person");
    // The name field has the keyboard: replace the name with the existing person's.
    h.key_combination_modifiers(egui::Modifiers::COMMAND, &[Key::A]);
    h.event(Event::Text(existing.name.clone()));
    h.run_steps(2);
    for _ in 0..3 {
        press(&mut h, Key::Tab);
    }
    h.event(Event::Text(born));
    h.run_steps(2);
    h.get_by_label("This may be someone already in the casebook:");
    press(&mut h, Key::Enter);
    h.run_steps(3);
    assert!(
        h.query_by_label("New person").is_none(),
        "the dialog closed"
    );
    let book_now = h.state().casebook().unwrap();
    assert_eq!(book_now.people().len(), book.people().len() + 1);
    let created = book_now
        .people()
        .iter()
        .find(|p| book.person(p.id).is_none())
        .unwrap()
        .id;
    assert!(
        parties(&h, case).contains(&created),
        "the new person is on the case"
    );
}

fn parties_of(book: &Casebook, case: CaseId) -> Vec<casedesk::domain::PersonId> {
    book.case(case)
        .unwrap()
        .details
        .parties
        .iter()
        .map(|p| p.person)
        .collect()
}

/// A new incoming extradition case (the New case dialog's defaults), on its "Case details".
fn new_incoming_case(dir: &std::path::Path) -> (Harness<'static, CasedeskApp>, CaseId) {
    let book = sample::generate(12, 3, today());
    let (_, mut h) = window_on(dir, &book);
    new_case(&mut h);
    let case = h.state().desk().unwrap().register().selected().unwrap();
    let made = h.state().casebook().unwrap().case(case).unwrap();
    assert_eq!(
        (made.kind, made.direction),
        (
            casedesk::domain::CaseKind::Extradition,
            casedesk::domain::Direction::Incoming
        )
    );
    h.get_by_label("Case details").click();
    h.run_steps(2);
    (h, case)
}

/// The person created from the case, once Enter has created them.
fn created_from_the_case(
    h: &mut Harness<'static, CasedeskApp>,
    case: CaseId,
    before: usize,
) -> Person {
    press(h, Key::Enter);
    h.run_steps(3);
    assert!(
        h.query_by_label("New person").is_none(),
        "the dialog closed"
    );
    let book = h.state().casebook().unwrap();
    assert_eq!(book.people().len(), before + 1);
    let created = book.person(*parties(h, case).last().unwrap()).unwrap();
    created.clone()
}

/// The requested person of an incoming request is supplied by the partner (`docs/law.md` §6):
/// created from the case's parties, they are the partner's until ticked otherwise, so the
/// partner summary shows their name.
#[test]
fn the_requested_person_created_in_an_incoming_case_is_the_partner_s() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, case) = new_incoming_case(dir.path());
    let before = h.state().casebook().unwrap().people().len();
    type_into(&mut h, "Find a person", "Zafar Iqbal Qureshi");
    press(&mut h, Key::Enter);
    h.get_by_label("New person");
    let created = created_from_the_case(&mut h, case, before);
    assert_eq!(created.name, "Zafar Iqbal Qureshi");
    assert_eq!(created.source, casedesk::domain::Source::Partner);
    let role = h
        .state()
        .casebook()
        .unwrap()
        .case(case)
        .unwrap()
        .details
        .parties[0]
        .role;
    assert_eq!(role, casedesk::domain::Role::RequestedPerson);
    // A witness added after them is ours.
    type_into(&mut h, "Find a person", "Nadia Witness");
    press(&mut h, Key::Enter);
    let witness = created_from_the_case(&mut h, case, before + 1);
    assert_eq!(witness.source, casedesk::domain::Source::Ours);
}

/// A CNIC typed into "Find a person" (with or without its dashes) is the new person's CNIC,
/// its kind chosen and its number written with dashes; a name typed with it is their name.
#[test]
fn what_was_typed_to_find_someone_fills_the_new_person_form() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, case) = new_incoming_case(dir.path());
    let before = h.state().casebook().unwrap().people().len();
    type_into(&mut h, "Find a person", "Zafar Qureshi 3520298765431");
    press(&mut h, Key::Enter);
    h.get_by_label("New person");
    assert!(
        h.query_all_by_value("35202-9876543-1").next().is_some(),
        "the CNIC in the document number field"
    );
    let created = created_from_the_case(&mut h, case, before);
    assert_eq!(created.name, "Zafar Qureshi");
    let documents: Vec<_> = created
        .documents
        .iter()
        .map(|d| (d.kind, d.number.as_str()))
        .collect();
    assert_eq!(documents, [(DocumentKind::Cnic, "35202-9876543-1")]);
    // A passport number alone: the name is left to type.
    type_into(&mut h, "Find a person", "passport ab 1234567");
    press(&mut h, Key::Enter);
    h.event(Event::Text("Nadia Khan".into()));
    h.run_steps(2);
    let other = created_from_the_case(&mut h, case, before + 1);
    assert_eq!(other.name, "Nadia Khan");
    assert_eq!(other.documents[0].kind, DocumentKind::Passport);
    assert_eq!(other.documents[0].number, "AB1234567");
}

/// From a new case's details, Ctrl+Shift+P puts the keyboard in "Find a person" (not twenty
/// Tabs away), and is not taken for Ctrl+P (Print).
#[test]
fn ctrl_shift_p_goes_to_find_a_person() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, case) = new_incoming_case(dir.path());
    let before = h.state().casebook().unwrap().people().len();
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, Key::P);
    h.run_steps(2);
    h.event(Event::Text("Zafar Iqbal Qureshi 35202-9876543-1".into()));
    h.run_steps(2);
    press(&mut h, Key::Enter);
    h.get_by_label("New person");
    let created = created_from_the_case(&mut h, case, before);
    assert_eq!(created.name, "Zafar Iqbal Qureshi");
    // Nothing went to print (a print would say so, and be running or written).
    assert!(
        h.state().desk().unwrap().notice().is_none() && !h.state().desk().unwrap().is_busy(),
        "printed"
    );
}
