//! The header's checksum: a file changed outside Casedesk is recognised, still readable on
//! request, never saved over by loading; older files without a checksum load as before.

use casedesk::domain::{Casebook, Settings};
use casedesk::store::{self, Integrity, LoadError};
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_000_000 + secs, 0).unwrap()
}

fn saved(dir: &Path, officer: &str) -> PathBuf {
    let path = dir.join("casebook.ron");
    let book = Casebook::new(Settings {
        officer_name: officer.into(),
        ..Settings::default()
    });
    store::save(&path, &book, at(0)).unwrap();
    path
}

#[test]
fn a_saved_file_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved(dir.path(), "Ayesha Khan");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.lines()
            .take(5)
            .any(|l| l.contains("checksum: Some(\"blake3:"))
    );
    let loaded = store::open(&path, None).unwrap();
    assert_eq!(loaded.integrity, Integrity::Verified);
    assert_eq!(loaded.book.settings.officer_name, "Ayesha Khan");
}

#[test]
fn a_file_edited_outside_casedesk_is_refused_by_load_and_readable_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved(dir.path(), "Ayesha Khan");
    let edited = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Ayesha Khan", "Ayesha Kham");
    std::fs::write(&path, &edited).unwrap();
    let err = store::load(&path).unwrap_err();
    assert!(matches!(err, LoadError::Altered { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("changed or damaged outside Casedesk")
    );
    let loaded = store::open(&path, None).unwrap();
    assert_eq!(loaded.integrity, Integrity::Altered);
    assert_eq!(loaded.book.settings.officer_name, "Ayesha Kham");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
}

/// `text` without its checksum line.
fn without_checksum(text: &str) -> String {
    text.lines()
        .filter(|l| !l.contains("checksum:"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Schema 1 files were written before checksums too: one without is not recorded, not damaged.
#[test]
fn a_schema_1_file_without_a_checksum_is_not_recorded_rather_than_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    let old = without_checksum(include_str!("fixtures/schema1-demo-6-cases.ron"));
    std::fs::write(&path, old).unwrap();
    assert_eq!(
        store::open(&path, None).unwrap().integrity,
        Integrity::NotRecorded
    );
    assert_eq!(store::load(&path).unwrap().cases().len(), 6);
}

/// Every schema 2 file was written with a checksum: one without had its checksum line deleted,
/// as a hand edit that wants to pass would.
#[test]
fn a_schema_2_file_whose_checksum_line_was_deleted_is_altered() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved(dir.path(), "Ayesha Khan");
    let edited = without_checksum(&std::fs::read_to_string(&path).unwrap())
        .replace("Ayesha Khan", "Ayesha Kham");
    std::fs::write(&path, &edited).unwrap();
    assert_eq!(
        store::open(&path, None).unwrap().integrity,
        Integrity::Altered
    );
    let err = store::load(&path).unwrap_err();
    assert!(matches!(err, LoadError::Altered { .. }), "{err:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
}

#[test]
fn a_damaged_snapshot_is_refused_and_the_casebook_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved(dir.path(), "First");
    let first = std::fs::read_to_string(&path).unwrap();
    let book = Casebook::new(Settings {
        officer_name: "Second".into(),
        ..Settings::default()
    });
    store::save(&path, &book, at(1)).unwrap();
    let snap = store::list_snapshots(&path).unwrap().remove(0);
    // Edited as text, as a snapshot kept before compression would be.
    let damaged = first.replace("First", "Fir5t");
    std::fs::write(&snap.path, damaged).unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = store::restore_snapshot(&path, &snap.path, at(2), None).unwrap_err();
    assert!(err.to_string().contains("outside Casedesk"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(store::list_snapshots(&path).unwrap().len(), 1);
}
