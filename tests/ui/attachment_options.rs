//! The Attachments tab's options (issue 21): a file attached to a checklist item or a move of
//! the case, the purge of removed files (asked first), and the bundle's neither-confirm-nor-
//! deny tick and recipient's passphrase.

use super::*;
use casedesk::domain::attachment::{self, AttachedTo};
use casedesk::domain::{Casebook, EventKind};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;

/// A window on `book` with its first case open on the Attachments tab.
fn on_tab(dir: &Path, book: &Casebook) -> (PathBuf, String, Harness<'static, CasedeskApp>) {
    let (path, mut h) = window_on(dir, book);
    let reference = h.state().desk().unwrap().register().visible_references()[0].to_string();
    h.get_by_label(&reference).click();
    h.run_steps(4);
    h.get_by_label("Attachments").click();
    h.run_steps(4);
    (path, reference, h)
}

fn attach_typed(h: &mut Harness<'static, CasedeskApp>, name: &str) {
    type_into(h, "File to attach", name);
    h.get_by_label("Attach").click();
    h.run_steps(2);
    finish_transfer(h);
}

fn choose_for(h: &mut Harness<'static, CasedeskApp>, option: &str) {
    h.get_by_role_and_label(Role::ComboBox, "For").click();
    h.run_steps(4);
    h.get_by_label(option).click();
    h.run_steps(4);
}

fn attached_to(
    h: &Harness<'static, CasedeskApp>,
    reference: &str,
) -> Vec<(String, Option<AttachedTo>)> {
    let book = h.state().casebook().unwrap();
    let case = book.case_by_reference(reference).unwrap();
    attachment::current(case)
        .map(|a| (a.name.to_string(), a.to))
        .collect()
}

#[test]
fn a_file_is_attached_to_a_checklist_item_or_a_move() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("warrant.pdf"), b"%PDF warrant").unwrap();
    std::fs::write(dir.path().join("arrest.txt"), b"arrest note").unwrap();
    let book = casedesk::sample::generate(6, 4, today());
    let (_, reference, mut h) = on_tab(dir.path(), &book);
    let case = book.case_by_reference(&reference).unwrap().clone();
    let item = case.details.checklist.first().expect("a checklist item");
    let targets = attachment::targets(&case);
    let Some(AttachedTo::Transition(move_id)) = targets
        .iter()
        .copied()
        .find(|t| matches!(t, AttachedTo::Transition(_)))
    else {
        panic!("the sample case has moved")
    };
    let moved = case.history().iter().find(|e| e.id == move_id).unwrap();
    let EventKind::Transition { to, .. } = &moved.kind else {
        unreachable!()
    };
    let move_label = format!("the move to {to} on {}", moved.effective.format("%d %b %Y"));

    choose_for(&mut h, &item.label);
    attach_typed(&mut h, "warrant.pdf");
    choose_for(&mut h, &move_label);
    attach_typed(&mut h, "arrest.txt");
    assert_eq!(
        attached_to(&h, &reference),
        [
            (
                "warrant.pdf".to_string(),
                Some(AttachedTo::ChecklistItem(item.id))
            ),
            (
                "arrest.txt".to_string(),
                Some(AttachedTo::Transition(move_id))
            ),
        ]
    );
    // Back to the case as a whole.
    std::fs::write(dir.path().join("memo.txt"), b"memo").unwrap();
    choose_for(&mut h, "The case as a whole");
    attach_typed(&mut h, "memo.txt");
    assert_eq!(
        attached_to(&h, &reference)[2],
        ("memo.txt".to_string(), None)
    );
}

#[test]
fn removed_files_are_purged_once_the_officer_confirms() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("draft.txt"), b"a wrong file").unwrap();
    let book = casedesk::sample::generate(6, 4, today());
    let (casebook, _, mut h) = on_tab(dir.path(), &book);
    attach_typed(&mut h, "draft.txt");
    let kept = casedesk::store::attachments::folder(&casebook)
        .join(blake3::hash(b"a wrong file").to_hex().to_string());
    assert!(kept.is_file());
    // Nothing to purge while the file is on a case.
    assert!(h.query_by_label("Purge removed files…").is_none());
    h.get_by_label("Remove draft.txt").click();
    h.run_steps(2);
    h.get_by_label("Remove").click();
    h.run_steps(2);

    h.get_by_label("Purge removed files…").click();
    h.run_steps(2);
    h.get_by_label_contains(
        "Delete for good the 1 file of attachments removed from every case (12 B: draft.txt)?",
    );
    h.get_by_label("Keep them").click();
    h.run_steps(2);
    assert!(kept.is_file());

    h.get_by_label("Purge removed files…").click();
    h.run_steps(2);
    h.get_by_label("Purge").click();
    h.run_steps(2);
    assert!(!kept.exists());
    let said = h.state().desk().unwrap().notice().unwrap().text.clone();
    assert!(said.starts_with("Purged 1 file"), "{said}");
    assert!(h.query_by_label("Purge removed files…").is_none());
}

#[test]
fn a_neither_confirm_nor_deny_case_is_bundled_only_when_ticked_and_sealed_as_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = casedesk::sample::generate(6, 4, today());
    let first = book.cases()[0].clone();
    let mut details = first.details.clone();
    details.ncnd = true;
    book.apply(
        casedesk::domain::Command::UpdateCase {
            case: first.id,
            details: Box::new(details),
        },
        &mut casedesk::domain::Ctx {
            now: now(),
            ids: &mut casedesk::domain::SeededIds::new(9),
        },
    )
    .unwrap();
    let (_, reference, mut h) = on_tab(dir.path(), &book);
    assert_eq!(reference, first.reference);
    type_into(&mut h, "Recipient", "FIA Islamabad");
    type_into(&mut h, "Bundle file", "bundle.zip");
    h.get_by_label("Write the bundle").click();
    h.run_steps(2);
    h.get_by_label_contains("This case is neither-confirm-nor-deny: tick");
    let zip = dir.path().join("bundle.zip");
    assert!(!zip.exists());

    h.get_by_label("Include this neither-confirm-nor-deny case")
        .click();
    h.get_by_label("Seal it with a passphrase for the recipient")
        .click();
    h.run_steps(2);
    type_into(&mut h, "Recipient's passphrase", "river stone 42");
    type_into(&mut h, "Repeat the passphrase", "river stone 4");
    h.get_by_label("Write the bundle").click();
    h.run_steps(2);
    h.get_by_label_contains("The two passphrases differ");
    assert!(!zip.exists());

    // Typed to its end this time.
    type_into(&mut h, "Repeat the passphrase", "2");
    h.get_by_label("Write the bundle").click();
    h.run_steps(2);
    finish_transfer(&mut h);
    let bytes = std::fs::read(&zip).expect("the bundle is written");
    assert!(
        bytes.starts_with(b"age-encryption.org/v1"),
        "sealed for the recipient"
    );
    let case = h
        .state()
        .casebook()
        .unwrap()
        .case(first.id)
        .unwrap()
        .clone();
    assert!(case.history().iter().any(|e| matches!(
        &e.kind,
        EventKind::Disclosed { recipient, .. } if &**recipient == "FIA Islamabad"
    )));
}
