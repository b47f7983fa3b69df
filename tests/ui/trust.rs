//! Read-only casebooks, the passphrase prompt and the passphrase dialog.

use super::*;
use casedesk::domain::{Casebook, Settings};
use casedesk::store::{self, Key};
use egui::{Key as K, Modifiers};
use egui_kittest::kittest::Queryable;

fn officer(name: &str) -> Casebook {
    Casebook::new(Settings {
        officer_name: name.into(),
        ..Settings::default()
    })
}

#[test]
fn a_second_window_opens_read_only_and_says_who_holds_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut first) = window_on(dir.path(), &officer("Ayesha Khan"));
    assert!(first.state().desk().unwrap().trust().may_save());
    let mut second = window(&path, false);
    second.run_steps(2);
    second.get_by_label("Read-only: changes can only be kept with Save as…");
    second.get_by_label_contains(&format!(
        "It is open for writing by {} on ",
        std::env::var("USER").unwrap_or_else(|_| "unknown user".into())
    ));
    second.get_by_label_contains(&format!("(process {})", std::process::id()));
    // Saving is refused with the reason, and the first window's file is untouched.
    let before = std::fs::read(&path).unwrap();
    new_case(&mut second);
    second.key_press_modifiers(Modifiers::COMMAND, K::S);
    second.run_steps(2);
    second.get_by_label_contains("This casebook is read-only: It is open for writing by");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // The first window still saves; closing it frees the casebook for the next opener.
    new_case(&mut first);
    first.key_press_modifiers(Modifiers::COMMAND, K::S);
    first.run_steps(1);
    finish_save(&mut first);
    assert_eq!(store::load(&path).unwrap().cases().len(), 1);
    drop(first);
    let mut third = window(&path, false);
    third.run_steps(2);
    assert!(third.state().desk().unwrap().trust().may_save());
}

#[test]
fn a_file_altered_outside_casedesk_opens_read_only_with_the_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    store::save(&path, &officer("Ayesha Khan"), now_utc()).unwrap();
    let edited = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Ayesha Khan", "Ayesha Kham");
    std::fs::write(&path, &edited).unwrap();
    let mut h = window(&path, false);
    h.run_steps(2);
    h.get_by_label("Read-only: changes can only be kept with Save as…");
    h.get_by_label_contains("changed or damaged outside Casedesk");
    assert_eq!(
        h.state().casebook().unwrap().settings.officer_name,
        "Ayesha Kham"
    );
    h.key_press_modifiers(Modifiers::COMMAND, K::S);
    h.run_steps(2);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
    // Saving a repaired copy elsewhere gives a sound, writable casebook.
    h.get_by_label("Save as…").click();
    h.run_steps(3);
    type_into(&mut h, "Path", "repaired.ron");
    h.get_by_label("OK").click();
    h.run_steps(1);
    finish_save(&mut h);
    let repaired = dir.path().join("repaired.ron");
    assert_eq!(
        store::open(&repaired, None).unwrap().integrity,
        store::Integrity::Verified
    );
    let desk = h.state().desk().unwrap();
    assert_eq!(desk.path(), repaired);
    assert!(desk.trust().may_save());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
}

#[test]
fn an_encrypted_casebook_asks_for_its_passphrase_and_again_after_a_wrong_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    let key = Key::with_test_work_factor("Felixstowe 40kg", 4);
    store::save_with(&path, &officer("Ayesha Khan"), now_utc(), Some(&key)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut h = window(&path, false);
    h.run_steps(2);
    h.get_by_label("This casebook is protected by a passphrase");
    assert!(h.state().desk().is_none());

    type_into(&mut h, "Passphrase", "Felixstowe 41kg");
    h.get_by_label("Open").click();
    h.run_steps(1);
    h.state_mut().wait_until_open();
    h.run_steps(2);
    h.get_by_label("Wrong passphrase: try again. Nothing was changed.");
    assert_eq!(std::fs::read(&path).unwrap(), before);

    type_into(&mut h, "Passphrase", "Felixstowe 40kg");
    h.get_by_label("Open").click();
    h.run_steps(1);
    h.state_mut().wait_until_open();
    h.run_steps(2);
    let desk = h.state().desk().expect("the casebook is open");
    assert_eq!(desk.book().settings.officer_name, "Ayesha Khan");
    assert!(desk.trust().key.is_some());
    assert!(desk.trust().may_save());
    // Saving keeps it encrypted.
    new_case(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, K::S);
    h.run_steps(1);
    finish_save(&mut h);
    assert!(store::is_encrypted(&std::fs::read(&path).unwrap()));
    assert_eq!(
        store::load_with(&path, Some(&key)).unwrap().cases().len(),
        1
    );
}

#[test]
fn a_passphrase_is_set_from_the_file_menu_and_must_be_typed_twice_alike() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut h) = window_on(dir.path(), &officer("Ayesha Khan"));
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Passphrase…").click();
    h.run_steps(3);
    type_into(&mut h, "New passphrase", "one");
    type_into(&mut h, "Repeat it", "on");
    h.get_by_label("Apply").click();
    h.run_steps(2);
    h.get_by_label("The two passphrases differ");
    assert!(!store::is_encrypted(&std::fs::read(&path).unwrap()));
    type_into(&mut h, "Repeat it", "e");
    h.get_by_label("Apply").click();
    h.run_steps(1);
    finish_save(&mut h);
    h.get_by_label("The casebook and its snapshots are encrypted with the new passphrase");
    assert!(store::is_encrypted(&std::fs::read(&path).unwrap()));
    let loaded = store::load_with(&path, Some(&Key::new("one"))).unwrap();
    assert_eq!(loaded.settings.officer_name, "Ayesha Khan");
}
