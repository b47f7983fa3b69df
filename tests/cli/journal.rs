//! The journal on the command line: a writing subcommand replays the changes a crash left
//! unsaved and saves them (said on stderr), journals its own and leaves no journal behind; a
//! reading one shows them without saving; a torn entry is named; changes made to another
//! version of the casebook stop a writing subcommand, so they are not lost.

use super::{casedesk, path_str, text};
use casedesk::domain::{Casebook, Command};
use casedesk::sample;
use casedesk::store;
use casedesk::store::journal::Journal;
use chrono::{DateTime, FixedOffset, NaiveDate};
use std::path::{Path, PathBuf};

const UNSAVED: &str = "Hearing moved to 14 January";

fn at(minute: i64) -> DateTime<FixedOffset> {
    let start: DateTime<FixedOffset> = "2026-12-06T10:00:00+01:00".parse().unwrap();
    start + chrono::Duration::minutes(minute)
}

/// A saved casebook and a journal of one unsaved edit of its first case's summary.
fn crashed(dir: &Path) -> (PathBuf, Casebook) {
    let path = dir.join("C.ron");
    let book = sample::generate(4, 9, NaiveDate::from_ymd_opt(2026, 12, 6).unwrap());
    store::save(&path, &book, at(0).to_utc()).unwrap();
    let journal = Journal::new(&path, store::recorded_checksum(&path, None), None).unwrap();
    let mut edited = book.clone();
    let mut details = edited.cases()[0].details.clone();
    details.summary = UNSAVED.into();
    let edit = Command::UpdateCase {
        case: edited.cases()[0].id,
        details: Box::new(details),
    };
    journal.apply(&mut edited, edit, at(1)).unwrap();
    journal.flush().unwrap();
    (path, book)
}

/// `casedesk new` on `path`: a writing subcommand.
fn new_case(path: &Path, direction: &str) -> super::Ran {
    casedesk(&[
        "new",
        path_str(path),
        "--kind",
        "mla",
        "--direction",
        direction,
    ])
}

fn summary(path: &Path) -> String {
    store::load(path).unwrap().cases()[0]
        .details
        .summary
        .clone()
}

#[test]
fn a_writing_subcommand_applies_and_saves_the_unsaved_changes_and_leaves_no_journal() {
    let dir = tempfile::tempdir().unwrap();
    let (path, book) = crashed(dir.path());
    let out = new_case(&path, "outgoing");
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("Applied and saved 1 change from") && said.contains("C.journal"),
        "{said}"
    );
    assert!(!store::journal::journal_path(&path).exists());
    let saved = store::load(&path).unwrap();
    assert_eq!(saved.cases().len(), book.cases().len() + 1);
    assert_eq!(saved.cases()[0].details.summary, UNSAVED);
    // The next one has nothing to replay.
    let out = new_case(&path, "incoming");
    assert!(!text(&out).contains("Applied"), "{}", text(&out));
    assert!(!store::journal::journal_path(&path).exists());
}

#[test]
fn a_reading_subcommand_shows_the_unsaved_changes_without_saving_them() {
    let dir = tempfile::tempdir().unwrap();
    let (path, book) = crashed(dir.path());
    let before = std::fs::read(&path).unwrap();
    let reference = book.cases()[0].reference.clone();
    let out = casedesk(&["show", path_str(&path), &reference]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains(UNSAVED), "{said}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Applied 1 change from"),
        "{said}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(store::journal::journal_path(&path).exists());
}

#[test]
fn a_torn_last_entry_is_named_and_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let (path, book) = crashed(dir.path());
    let file = store::journal::journal_path(&path);
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() - 25]).unwrap();
    let out = new_case(&path, "incoming");
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("line 2 of the journal"), "{said}");
    assert!(said.contains("is cut short"), "{said}");
    assert_eq!(summary(&path), book.cases()[0].details.summary);
    assert!(!file.exists());
}

#[test]
fn changes_made_to_another_version_stop_a_writing_subcommand_and_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (path, book) = crashed(dir.path());
    // The casebook was replaced since (a synced folder, a snapshot restored by hand).
    store::save(&path, &book, at(30).to_utc()).unwrap();
    let before = std::fs::read(&path).unwrap();
    let journal = std::fs::read(store::journal::journal_path(&path)).unwrap();
    let out = new_case(&path, "incoming");
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains("made to another version of this casebook"),
        "{said}"
    );
    assert!(said.contains("Edited the case's summary"), "{said}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(
        std::fs::read(store::journal::journal_path(&path)).unwrap(),
        journal
    );
}
