//! Drafting in the window (issue 21): "Draft…" on a case, the document chosen, what the case
//! lacks listed before anything is written, "Draft anyway", the file written through the
//! export dialog's path entry and attached to the case with its event.

use super::*;
use casedesk::domain::drafting::DraftKind;
use casedesk::domain::{CaseKind, Direction, EventKind};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

/// A window on the sample with its first outgoing MLA request open, and its reference.
fn on_mla_request(dir: &Path) -> (String, Harness<'static, CasedeskApp>) {
    on_mla_request_offences(dir).0
}

/// [`on_mla_request`], with how many offences the case has.
fn on_mla_request_offences(dir: &Path) -> ((String, Harness<'static, CasedeskApp>), usize) {
    let book = casedesk::sample::generate(80, 1, today());
    let case = book
        .cases()
        .iter()
        .find(|c| c.kind == CaseKind::Mla && c.direction == Direction::Outgoing)
        .unwrap();
    let (_, mut h) = window_on(dir, &book);
    // Selected as a click on its row does (the register scrolls to it).
    h.state_mut()
        .desk_mut()
        .unwrap()
        .register_mut()
        .select(case.id);
    h.run_steps(4);
    let offences = case.details.offences.len();
    ((case.reference.clone(), h), offences)
}

fn drafted_events(
    h: &Harness<'static, CasedeskApp>,
    reference: &str,
) -> Vec<(String, Vec<String>)> {
    let book = h.state().casebook().unwrap();
    let case = book.case_by_reference(reference).unwrap();
    case.history()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Attached {
                name,
                drafted: Some(d),
                ..
            } => {
                assert_eq!(d.document, DraftKind::MlaRequest);
                Some((name.to_string(), d.gaps.clone()))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn a_letter_is_drafted_after_its_gaps_are_shown_and_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let ((reference, mut h), offences) = on_mla_request_offences(dir.path());
    assert!(offences > 0);
    h.get_by_label("Draft…").click();
    h.run_steps(4);
    h.get_by_label("Draft a letter");
    h.get_by_label(&format!("From {reference}"));
    // The sample's officers have no contact recorded, nor its offences their text of the law:
    // the completeness check says so, naming each offence.
    h.get_by_label("The case lacks what the MLA letter of request needs:");
    h.get_by_label_contains("• The officer dealing with the case");
    for n in 1..=offences {
        h.get_by_label_contains(&format!(
            "• The text of the law of each offence (offence {n})"
        ));
    }

    // Not without the officer's say-so.
    h.get_by_label("Draft to file…").click();
    h.run_steps(4);
    h.get_by_label_contains("or tick \"Draft anyway\"");
    assert!(h.query_by_label("Path").is_none());
    assert_eq!(drafted_events(&h, &reference), []);

    h.get_by_label("Draft anyway: each gap is drafted as [MISSING: …]")
        .click();
    h.run_steps(2);
    h.get_by_label("Draft to file…").click();
    h.run_steps(4);
    h.get_by_label("Path");
    h.get_by_label("OK").click();
    h.run_steps(4);
    finish_transfer(&mut h);

    let name = format!("{reference}-mla-request.docx");
    let written = dir.path().join(&name);
    let docx = std::fs::read(&written).expect("the draft is written");
    assert!(docx.starts_with(b"PK"), "a .docx is a zip");
    let events = drafted_events(&h, &reference);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].0, name);
    assert_eq!(events[0].1.len(), 1 + offences, "{:?}", events[0].1);
    assert!(events[0].1[0].starts_with("The text of the law of each offence"));
    assert!(events[0].1[offences].starts_with("The officer dealing with the case"));
    let said = h.state().desk().unwrap().notice().unwrap().text.clone();
    assert!(said.contains("it is attached to the case"), "{said}");
    // Kept with the case: the Attachments tab lists it.
    h.get_by_label("Attachments (1)").click();
    h.run_steps(2);
    h.get_by_label(&name);
}

#[test]
fn the_document_and_format_are_chosen_and_the_fields_listed() {
    let dir = tempfile::tempdir().unwrap();
    let (reference, mut h) = on_mla_request(dir.path());
    h.get_by_label("Draft…").click();
    h.run_steps(4);
    h.get_by_role_and_label(Role::ComboBox, "Document").click();
    h.run_steps(4);
    // An outgoing MLA request: its letter, a note verbale and a chaser; no acknowledgement.
    assert!(
        h.query_by_label("Acknowledgement of an incoming request")
            .is_none()
    );
    h.get_by_label("Note verbale").click();
    h.run_steps(4);
    h.get_by_role_and_label(Role::ComboBox, "Format").click();
    h.run_steps(4);
    h.get_by_label("PDF").click();
    h.run_steps(4);
    h.get_by_label("Merge fields a template may use").click();
    h.run_steps(4);
    h.get_by_label("officer_contact");
    h.get_by_label("offences_law");
    // Whatever the sample case lacks for a note verbale, drafted as placeholders.
    let anyway = "Draft anyway: each gap is drafted as [MISSING: …]";
    if h.query_by_label(anyway).is_some() {
        h.get_by_label(anyway).click();
        h.run_steps(2);
    }
    h.get_by_label("Draft to file…").click();
    h.run_steps(4);
    h.get_by_label("OK").click();
    h.run_steps(4);
    finish_transfer(&mut h);
    let written = dir.path().join(format!("{reference}-note-verbale.pdf"));
    assert!(std::fs::read(&written).unwrap().starts_with(b"%PDF"));
}
