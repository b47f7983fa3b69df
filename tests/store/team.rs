//! The team folder: after a save, the officer's own copy is written there (encrypted when the
//! casebook is); a folder that cannot be reached never touches the casebook's own file.

use casedesk::domain::{Casebook, demo};
use casedesk::store::{self, Key};
use chrono::{DateTime, NaiveDate, Utc};
use std::path::Path;

fn now() -> DateTime<Utc> {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

fn book(team: &Path) -> Casebook {
    let mut book = demo::generate(4, 3, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    book.settings.officer_name = "A. Shaw".into();
    book.settings.officer_agency = "NCA".into();
    book.settings.team_folder = Some(team.to_path_buf());
    book
}

#[test]
fn a_save_writes_the_officers_copy_into_the_team_folder() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    let book = book(&team);
    let path = dir.path().join("casebook.ron");
    store::save(&path, &book, now()).unwrap();
    let copy = store::share(&book, now(), None).unwrap().unwrap();
    assert_eq!(copy, team.join(store::own_copy_name(&book.settings)));
    assert!(!store::is_encrypted(&std::fs::read(&copy).unwrap()));
    assert_eq!(store::load(&copy).unwrap(), book);
    // No snapshots or temporary files in the shared folder: only the copy.
    assert_eq!(std::fs::read_dir(&team).unwrap().count(), 1);
}

#[test]
fn an_encrypted_casebooks_copy_is_encrypted_with_the_same_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let book = book(dir.path());
    let key = Key::with_test_work_factor("correct horse", 4);
    let copy = store::share(&book, now(), Some(&key)).unwrap().unwrap();
    let bytes = std::fs::read(&copy).unwrap();
    assert!(store::is_encrypted(&bytes));
    assert!(!String::from_utf8_lossy(&bytes).contains("A. Shaw"));
    assert_eq!(store::load_with(&copy, Some(&key)).unwrap(), book);
    assert!(store::load(&copy).is_err());
}

#[test]
fn an_unreachable_team_folder_is_an_error_and_the_casebook_stays_saved() {
    let dir = tempfile::tempdir().unwrap();
    let book = book(&dir.path().join("unplugged-usb-stick"));
    let path = dir.path().join("casebook.ron");
    store::save(&path, &book, now()).unwrap();
    let error = store::share(&book, now(), None).unwrap().unwrap_err();
    assert!(
        error.to_string().contains("the folder is no longer there"),
        "{error}"
    );
    assert_eq!(store::load(&path).unwrap(), book);
}

#[test]
fn without_a_team_folder_nothing_is_shared() {
    let mut book = book(Path::new("/nowhere"));
    book.settings.team_folder = None;
    assert!(store::share(&book, now(), None).is_none());
}
