//! Issue 16 in the window, for the store's part: a casebook opened through a symbolic link, and
//! plain text an interrupted passphrase change left beside an encrypted casebook.

use super::*;
use casedesk::domain::{Casebook, Settings};
use casedesk::store::{self, Key};
use egui::{Key as K, Modifiers};
use egui_kittest::kittest::Queryable;

#[cfg(unix)]
#[test]
fn a_casebook_opened_through_a_link_is_locked_and_saved_where_it_really_is() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases");
    std::fs::create_dir(&cases).unwrap();
    let real = cases.join("casebook.ron");
    store::save(&real, &Casebook::new(Settings::default()), now_utc()).unwrap();
    let link = dir.path().join("desk.ron");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let mut h = window(&link, false);
    h.run_steps(2);
    assert_eq!(h.state().desk().unwrap().path(), real);
    assert!(store::lock::lock_path(&real).exists());
    new_case(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, K::S);
    h.run_steps(1);
    finish_save(&mut h);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(store::load(&real).unwrap().cases().len(), 1);
    assert_eq!(store::list_snapshots(&real).unwrap().len(), 1);
    assert!(!dir.path().join("snapshots").exists());
}

#[test]
fn opening_an_encrypted_casebook_seals_the_plain_text_left_beside_it_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    let plain = Casebook::new(Settings {
        officer_name: "Ayesha Khan".into(),
        ..Settings::default()
    });
    // An encrypted casebook with a version from before its passphrase still plain among the
    // snapshots, and a temporary file of a save killed mid-way.
    let key = Key::with_test_work_factor("Felixstowe 40kg", 4);
    store::save_with(&path, &plain, now_utc(), Some(&key)).unwrap();
    std::fs::create_dir(dir.path().join("snapshots")).unwrap();
    let left = dir
        .path()
        .join("snapshots")
        .join("casebook.20261101T090000.000Z.ron");
    store::save(&dir.path().join("other.ron"), &plain, now_utc()).unwrap();
    std::fs::rename(dir.path().join("other.ron"), &left).unwrap();
    let temp = dir.path().join(".casebook.ron.tmp-999999");
    std::fs::copy(&left, &temp).unwrap();

    let mut h = window(&path, false);
    h.run_steps(2);
    type_into(&mut h, "Passphrase", "Felixstowe 40kg");
    h.get_by_label("Open").click();
    h.run_steps(1);
    h.state_mut().wait_until_open();
    h.run_steps(2);
    let notice = &h.state().desk().unwrap().notice().as_ref().unwrap().text;
    assert!(notice.contains("encrypted 1 file "), "{notice}");
    assert!(notice.contains("removed 1 temporary file "), "{notice}");
    assert!(notice.contains("1 of them in plain text"), "{notice}");
    h.get_by_label_contains("encrypted 1 file ");
    assert!(store::is_encrypted(&std::fs::read(&left).unwrap()));
    assert!(!temp.exists());
    assert!(store::plaintext_leftovers(&path, &[]).unwrap().is_empty());
}
