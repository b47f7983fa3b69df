//! Encryption at rest: everything written for a casebook with a passphrase is encrypted —
//! the file, its snapshots (including the version from before the passphrase was set), its
//! recovery file — and nothing opens without the passphrase or changes on a wrong one.

use casedesk::domain::Casebook;
use casedesk::store::{self, Key, LoadError};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::path::{Path, PathBuf};

pub(crate) fn t(n: i64) -> DateTime<Utc> {
    "2026-11-23T10:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::seconds(n)
}

pub(crate) fn key(passphrase: &str) -> Key {
    Key::with_test_work_factor(passphrase, 4)
}

pub(crate) fn sample(officer: &str) -> Casebook {
    let mut book =
        casedesk::sample::generate(6, 11, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    book.settings.officer_name = officer.into();
    book
}

/// Every reference, name and note of `book`, as it would appear in a plain file.
pub(crate) fn secrets(book: &Casebook) -> Vec<String> {
    let mut out = vec![book.settings.officer_name.clone()];
    for case in book.cases() {
        out.push(case.reference.clone());
        out.push(case.details.summary.chars().take(40).collect());
        out.extend(
            case.details
                .notes
                .iter()
                .map(|n| n.text.chars().take(40).collect()),
        );
    }
    out.extend(book.people().iter().map(|p| p.name.clone()));
    out.retain(|s| s.len() >= 6);
    out
}

pub(crate) fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_in(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// No file under `dir` holds any of `secrets` in plain text (nor the casebook format marker).
pub(crate) fn assert_nothing_plain(dir: &Path, secrets: &[String]) {
    for file in files_in(dir) {
        let bytes = std::fs::read(&file).unwrap();
        for secret in secrets
            .iter()
            .map(String::as_str)
            .chain(["casedesk-casebook"])
        {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{} holds {secret:?} in plain text",
                file.display()
            );
        }
    }
}

#[test]
fn an_encrypted_casebook_its_snapshots_and_recovery_file_hold_nothing_in_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    let k = key("Lahore to Luton, 2026");
    // Before the passphrase: a plain casebook with a plain snapshot and recovery file.
    store::save(&path, &sample("Ayesha Khan"), t(0)).unwrap();
    store::save(&path, &sample("Ayesha Khan"), t(1)).unwrap();
    store::save_recovery(&path, &sample("Ayesha Khan"), t(2), None).unwrap();
    let left = store::change_passphrase(&path, &sample("Ayesha Khan"), t(3), None, Some(&k));
    assert_eq!(
        left.unwrap(),
        0,
        "every snapshot is under the new passphrase"
    );
    // Then work goes on under it.
    store::save_with(&path, &sample("Imran Qureshi"), t(4), Some(&k)).unwrap();
    store::save_with(&path, &sample("Ayesha Khan"), t(5), Some(&k)).unwrap();
    store::save_recovery(&path, &sample("Imran Qureshi"), t(6), Some(&k)).unwrap();
    let _lock = store::lock::acquire(&path, t(7)).unwrap();

    let snapshots = store::list_snapshots(&path).unwrap();
    assert_eq!(snapshots.len(), 4);
    let mut all = secrets(&sample("Ayesha Khan"));
    all.extend(secrets(&sample("Imran Qureshi")));
    assert!(all.len() > 20, "{all:?}");
    assert_nothing_plain(dir.path(), &all);

    // Every one of them opens with the passphrase, and only with it.
    let recovery = store::recovery_path(&path);
    for file in snapshots.iter().map(|s| &s.path).chain([&path, &recovery]) {
        // A snapshot stored as a difference names its base before its seal.
        assert!(store::file_is_encrypted(file), "{}", file.display());
        store::load_with(file, Some(&k)).unwrap();
        assert!(matches!(
            store::load(file),
            Err(LoadError::NeedsPassphrase { .. })
        ));
    }
    assert_eq!(
        store::load_with(&recovery, Some(&k))
            .unwrap()
            .settings
            .officer_name,
        "Imran Qureshi"
    );
}

#[test]
fn a_wrong_passphrase_is_named_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    store::save_with(&path, &sample("Ayesha Khan"), t(0), Some(&key("right"))).unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = store::open(&path, Some(&key("wrong"))).unwrap_err();
    assert!(matches!(err, LoadError::WrongPassphrase { .. }), "{err:?}");
    assert!(err.to_string().contains("nothing was changed"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(files_in(dir.path()).len(), 1);
    // A retry with the right one opens it.
    let loaded = store::open(&path, Some(&key("right"))).unwrap();
    assert_eq!(loaded.integrity, store::Integrity::Verified);
}

#[test]
fn changing_the_passphrase_re_encrypts_the_casebook_and_its_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    let (old, new) = (key("old passphrase"), key("new passphrase"));
    for n in 0..3 {
        store::save_with(&path, &sample("Ayesha Khan"), t(n), Some(&old)).unwrap();
    }
    let left =
        store::change_passphrase(&path, &sample("Ayesha Khan"), t(9), Some(&old), Some(&new));
    assert_eq!(left.unwrap(), 0);
    let snapshots = store::list_snapshots(&path).unwrap();
    assert_eq!(snapshots.len(), 3);
    for file in snapshots.iter().map(|s| &s.path).chain([&path]) {
        store::load_with(file, Some(&new)).unwrap();
        assert!(matches!(
            store::load_with(file, Some(&old)),
            Err(LoadError::WrongPassphrase { .. })
        ));
    }
    // Removing it leaves plain files that open without one.
    let left = store::change_passphrase(&path, &sample("Ayesha Khan"), t(10), Some(&new), None);
    assert_eq!(left.unwrap(), 0);
    for snap in store::list_snapshots(&path).unwrap() {
        store::load(&snap.path).unwrap();
    }
    assert_eq!(
        store::load(&path).unwrap().settings.officer_name,
        "Ayesha Khan"
    );
}
