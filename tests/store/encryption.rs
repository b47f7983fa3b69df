//! Encryption at rest: everything written for a casebook with a passphrase is encrypted —
//! the file, its snapshots (including the version from before the passphrase was set), its
//! journal — and nothing opens without the passphrase or changes on a wrong one.

use casedesk::domain::{Casebook, Command};
use casedesk::store::journal::Journal;
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

/// Journals an edit of `book`'s first case, its summary set to `summary`, for the casebook at
/// `path` as saved (sealed with `key`); returns the journal and the casebook edited.
pub(crate) fn journaled(
    path: &Path,
    book: &Casebook,
    key: Option<&Key>,
    summary: &str,
) -> (Journal, Casebook) {
    let journal = Journal::new(path, store::recorded_checksum(path, key), key).unwrap();
    let mut edited = book.clone();
    let case = &edited.cases()[0];
    let mut details = case.details.clone();
    details.summary = summary.into();
    let edit = Command::UpdateCase {
        case: case.id,
        details: Box::new(details),
    };
    journal
        .apply(&mut edited, edit, t(100).fixed_offset())
        .unwrap();
    journal.flush().unwrap();
    (journal, edited)
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
fn an_encrypted_casebook_its_snapshots_and_journal_hold_nothing_in_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    let k = key("Lahore to Luton, 2026");
    // Before the passphrase: a plain casebook with a plain snapshot and a plain journal.
    store::save(&path, &sample("Ayesha Khan"), t(0)).unwrap();
    store::save(&path, &sample("Ayesha Khan"), t(1)).unwrap();
    let unsaved = "Handed over at Karachi airport";
    let (journal, edited) = journaled(&path, &sample("Ayesha Khan"), None, unsaved);
    let through = Some((&journal, journal.last_seq()));
    let (left, settling) =
        store::change_passphrase(&path, &edited, t(3), None, Some(&k), through).unwrap();
    settling.finish(None);
    assert_eq!(left, 0, "every snapshot is under the new passphrase");
    assert!(
        !store::journal::journal_path(&path).exists(),
        "the journal is emptied by the save"
    );
    // Then work goes on under it, with unsaved edits in the journal.
    store::save_with(&path, &sample("Imran Qureshi"), t(4), Some(&k)).unwrap();
    store::save_with(&path, &sample("Ayesha Khan"), t(5), Some(&k)).unwrap();
    let sealed_note = "Escorted by the Islamabad liaison";
    let (_journal, edited) = journaled(&path, &sample("Ayesha Khan"), Some(&k), sealed_note);
    let _lock = store::lock::acquire(&path, t(7)).unwrap();

    let snapshots = store::list_snapshots(&path).unwrap();
    assert_eq!(snapshots.len(), 4);
    let mut all = secrets(&sample("Ayesha Khan"));
    all.extend(secrets(&sample("Imran Qureshi")));
    all.extend([unsaved.to_string(), sealed_note.to_string()]);
    assert!(all.len() > 20, "{all:?}");
    assert_nothing_plain(dir.path(), &all);

    // Every one of them opens with the passphrase, and only with it.
    for file in snapshots.iter().map(|s| &s.path).chain([&path]) {
        // A snapshot stored as a difference names its base before its seal.
        assert!(store::file_is_encrypted(file), "{}", file.display());
        store::load_with(file, Some(&k)).unwrap();
        assert!(matches!(
            store::load(file),
            Err(LoadError::NeedsPassphrase { .. })
        ));
    }
    // The journal's entry opens with the passphrase, and replays to the edit.
    let checksum = store::recorded_checksum(&path, Some(&k));
    let pending = store::journal::read(&path, checksum.as_deref(), Some(&k))
        .unwrap()
        .unwrap();
    assert_eq!(pending.entries.len(), 1, "{pending:?}");
    let mut book = store::load_with(&path, Some(&k)).unwrap();
    store::journal::replay(&mut book, &pending.entries);
    assert_eq!(book, edited);
    let without = store::journal::read(&path, checksum.as_deref(), None)
        .unwrap()
        .unwrap();
    assert!(without.entries.is_empty() && without.dropped.is_some());
}

/// A removal's journal line names what it removed (the record is gone from the casebook
/// after it): under a passphrase, that name is inside the seal like the rest of the line.
#[test]
fn a_removal_journaled_under_a_passphrase_names_what_it_removed_only_inside_the_seal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    let k = key("Lahore to Luton, 2026");
    let mut book = sample("Ayesha Khan");
    store::save_with(&path, &book, t(0), Some(&k)).unwrap();
    let contact = book.contacts()[0].clone();
    let checksum = store::recorded_checksum(&path, Some(&k));
    let journal = Journal::new(&path, checksum.clone(), Some(&k)).unwrap();
    let remove = Command::RemoveContact(contact.id);
    journal
        .apply(&mut book, remove, t(1).fixed_offset())
        .unwrap();
    journal.flush().unwrap();
    assert_nothing_plain(dir.path(), std::slice::from_ref(&contact.name));
    let pending = store::journal::read(&path, checksum.as_deref(), Some(&k))
        .unwrap()
        .unwrap();
    assert_eq!(
        pending.entries[0].what(),
        format!("Removed the contact {}", contact.name)
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
    let left = store::change_passphrase(
        &path,
        &sample("Ayesha Khan"),
        t(9),
        Some(&old),
        Some(&new),
        None,
    );
    let (left, settling) = left.unwrap();
    settling.finish(None);
    assert_eq!(left, 0);
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
    let left =
        store::change_passphrase(&path, &sample("Ayesha Khan"), t(10), Some(&new), None, None);
    let (left, settling) = left.unwrap();
    settling.finish(None);
    assert_eq!(left, 0);
    for snap in store::list_snapshots(&path).unwrap() {
        store::load(&snap.path).unwrap();
    }
    assert_eq!(
        store::load(&path).unwrap().settings.officer_name,
        "Ayesha Khan"
    );
}
