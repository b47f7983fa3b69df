//! Finding people and their cases by identifier (issue 18, item 4): a CNIC typed with its
//! dashes finds the person in People and their cases in the register.

use super::*;
use casedesk::app::request::View;
use casedesk::domain::{DocumentKind, Person, identifier_key};
use casedesk::sample;
use egui_kittest::kittest::Queryable;

/// The first person of the sample with a CNIC and at least one case, with that CNIC written
/// as officers write it (`35202-1234567-1`) whatever the sample stored.
fn person_with_cnic(book: &Casebook) -> (&Person, String) {
    book.people()
        .iter()
        .filter(|p| book.cases_of(p.id).next().is_some())
        .find_map(|p| {
            let cnic = p.documents.iter().find(|d| d.kind == DocumentKind::Cnic)?;
            let key = identifier_key(&cnic.number);
            (key.len() == 13).then(|| (p, format!("{}-{}-{}", &key[..5], &key[5..12], &key[12..])))
        })
        .expect("the sample has a person with a CNIC in a case")
}

#[test]
fn a_cnic_typed_with_dashes_finds_the_cases_in_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let book = sample::generate(40, 3, today());
    let (person, cnic) = person_with_cnic(&book);
    let mut expected: Vec<String> = book
        .cases_of(person.id)
        .map(|c| c.reference.clone())
        .collect();
    expected.sort();
    let (_, mut h) = window_on(dir.path(), &book);
    type_into(&mut h, "Filter", &cnic);
    h.run_steps(1);
    let mut found: Vec<String> = visible_references(&h);
    found.sort();
    assert_eq!(found, expected, "typed {cnic}");
}

#[test]
fn a_cnic_typed_with_dashes_finds_the_person_in_people() {
    let dir = tempfile::tempdir().unwrap();
    let book = sample::generate(40, 3, today());
    let (person, cnic) = person_with_cnic(&book);
    let (_, mut h) = window_on(dir.path(), &book);
    h.state_mut().desk_mut().unwrap().set_view(View::People);
    h.run_steps(2);
    type_into(&mut h, "Find a person", &cnic);
    h.run_steps(1);
    let total = book.people().len();
    assert!(
        h.query_by_label(&format!("1 of {total} people")).is_some(),
        "one person found by {cnic}"
    );
    assert!(
        h.query_all_by_label(&person.name).next().is_some(),
        "{} is shown",
        person.name
    );
}
