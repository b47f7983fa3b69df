//! The journal in the window: every edit (and undo) on disk at the end of its frame, emptied by
//! a save, and "Restore unsaved work?" listing what a journal left by a crash holds — when,
//! who, which case, what was done — restoring or discarding it, naming a torn last entry and
//! showing, never applying, changes made to another version of the casebook.

use super::*;
use casedesk::domain::{Casebook, Command, Settings};
use casedesk::sample;
use casedesk::store;
use casedesk::store::journal::{self, Journal};
use chrono::{DateTime, FixedOffset};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};

fn at(minute: i64) -> DateTime<FixedOffset> {
    let start: DateTime<FixedOffset> = "2026-12-06T10:00:00+01:00".parse().unwrap();
    start + chrono::Duration::minutes(minute)
}

/// A saved casebook of Imran Qureshi's, and a journal of two summaries he edited that were
/// never saved; returns the path, the casebook saved and the casebook edited.
fn crashed(dir: &Path) -> (PathBuf, Casebook, Casebook) {
    let path = dir.join("casebook.ron");
    let mut book = sample::generate(5, 4, today());
    book.settings.officer_name = "Imran Qureshi".into();
    // Journaled on this computer, as the window replays it.
    book.set_installation(here(dir).installation.id);
    store::save(&path, &book, at(0).to_utc()).unwrap();
    let journal = Journal::new(&path, store::recorded_checksum(&path, None), None).unwrap();
    let mut edited = book.clone();
    for (n, summary) in ["Extradition hearing moved", "Papers served at Westminster"]
        .into_iter()
        .enumerate()
    {
        let case = &edited.cases()[n];
        let mut details = case.details.clone();
        details.summary = summary.into();
        let edit = Command::UpdateCase {
            case: case.id,
            details: Box::new(details),
        };
        journal.apply(&mut edited, edit, at(n as i64 + 1)).unwrap();
    }
    journal.flush().unwrap();
    (path, book, edited)
}

fn labelled(h: &Harness<'static, casedesk::app::CasedeskApp>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

#[test]
fn the_restore_prompt_lists_when_who_which_case_and_what_and_restores_them() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _book, edited) = crashed(dir.path());
    let mut h = window(&path, false);
    h.run_steps(2);
    h.get_by_label("Restore unsaved work?");
    h.get_by_label_contains("2 changes made since this casebook was last saved");
    // Not "All changes saved" while the work is only in the journal.
    h.get_by_label("Unsaved work in the journal");
    assert!(!labelled(&h, "All changes saved"));
    let first = format!(
        "06 Dec 2026 10:01 — Imran Qureshi — {} — Edited the case's summary",
        edited.cases()[0].reference
    );
    h.get_by_label(&first);
    h.get_by_label("Restore").click();
    h.run_steps(2);
    h.get_by_label("Restored 2 unsaved changes: save to keep them in the casebook");
    assert_eq!(h.state().casebook().unwrap(), &edited);
    assert!(h.state().desk().unwrap().is_dirty());
    // Saving empties the journal.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(1);
    finish_save(&mut h);
    assert!(!store::journal::journal_path(&path).exists());
    assert_eq!(store::load(&path).unwrap(), edited);
}

#[test]
fn discarding_the_unsaved_work_removes_the_journal_and_keeps_the_casebook() {
    let dir = tempfile::tempdir().unwrap();
    let (path, book, _edited) = crashed(dir.path());
    let mut h = window(&path, false);
    h.run_steps(2);
    // Escape does not dismiss it.
    h.key_press(Key::Escape);
    h.run_steps(2);
    h.get_by_label("Restore unsaved work?");
    h.get_by_label("Discard").click();
    h.run_steps(2);
    assert!(!labelled(&h, "Restore unsaved work?"));
    h.get_by_label("All changes saved");
    assert_eq!(h.state().casebook().unwrap(), &book);
    assert!(!store::journal::journal_path(&path).exists());
}

#[test]
fn a_torn_last_entry_is_named_and_the_whole_ones_restored() {
    let dir = tempfile::tempdir().unwrap();
    let (path, book, _edited) = crashed(dir.path());
    let file = store::journal::journal_path(&path);
    let mut bytes = std::fs::read(&file).unwrap();
    bytes.truncate(bytes.len() - 40);
    std::fs::write(&file, bytes).unwrap();
    let mut h = window(&path, false);
    h.run_steps(2);
    h.get_by_label_contains("1 change made since");
    h.get_by_label_contains("line 3 of the journal");
    h.get_by_label("Restore").click();
    h.run_steps(2);
    h.get_by_label("Restored 1 unsaved change: save to keep it in the casebook");
    let restored = h.state().casebook().unwrap();
    assert_eq!(
        restored.cases()[0].details.summary,
        "Extradition hearing moved"
    );
    assert_eq!(
        restored.cases()[1].details.summary,
        book.cases()[1].details.summary
    );
    // The journal now holds exactly what was restored.
    let checksum = store::recorded_checksum(&path, None);
    let pending = journal::read(&path, checksum.as_deref(), None)
        .unwrap()
        .unwrap();
    assert_eq!((pending.entries.len(), pending.dropped), (1, None));
}

#[test]
fn changes_made_to_another_version_are_shown_and_never_applied() {
    let dir = tempfile::tempdir().unwrap();
    let (path, book, _edited) = crashed(dir.path());
    // The casebook was saved again elsewhere since (a synced folder, a restored snapshot).
    let mut elsewhere = book.clone();
    elsewhere.settings.officer_name = "Ayesha Khan".into();
    store::save(&path, &elsewhere, at(30).to_utc()).unwrap();
    let mut h = window(&path, false);
    h.run_steps(2);
    h.get_by_label_contains("2 changes were made to another version of this casebook");
    assert!(labelled(&h, "Imran Qureshi"));
    assert!(h.query_by_label("Restore").is_none(), "nothing to restore");
    h.get_by_label("Discard").click();
    h.run_steps(2);
    assert_eq!(h.state().casebook().unwrap(), &elsewhere);
    assert!(!store::journal::journal_path(&path).exists());
}

/// Each edit is in the journal by the end of its frame, and so is its undo: a journal replayed
/// gives the casebook as the window has it.
#[test]
fn edits_and_their_undo_are_journaled_and_replay_to_the_window_s_casebook() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = Casebook::new(Settings::default());
    book.settings.officer_name = "Ayesha Khan".into();
    let (path, mut h) = window_on(dir.path(), &book);
    new_case(&mut h);
    new_case(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    let shown = h.state().casebook().unwrap().clone();
    assert_eq!(shown.cases().len(), 1);
    let checksum = store::recorded_checksum(&path, None);
    let pending = journal::read(&path, checksum.as_deref(), None)
        .unwrap()
        .unwrap();
    assert_eq!(
        pending.entries.last().map(journal::Entry::what).as_deref(),
        Some("Discarded the case"),
        "the undo is journaled"
    );
    let mut replayed = store::load(&path).unwrap();
    replayed.set_installation(here(dir.path()).installation.id);
    journal::replay(&mut replayed, &pending.entries);
    assert_eq!(replayed, shown);
}

/// A journal that cannot be read is left as it is, and the window says, for as long as it
/// lasts, that edits are kept only by saving.
#[test]
fn an_unreadable_journal_is_said_in_the_banner_while_edits_go_unjournaled() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _book, _edited) = crashed(dir.path());
    // Bigger than any journal can be: refused unread (sparse, so no disk is used).
    let file = std::fs::File::create(store::journal::journal_path(&path)).unwrap();
    file.set_len(store::MAX_FILE_BYTES + 1).unwrap();
    let mut h = window(&path, false);
    h.run_steps(2);
    assert!(!labelled(&h, "Restore unsaved work?"));
    h.get_by_label_contains("Your changes are not being journaled");
    h.get_by_label_contains("could not be read");
    new_case(&mut h);
    h.run_steps(2);
    // Still said after an edit, and the journal is left as it was.
    h.get_by_label_contains("Your changes are not being journaled");
    assert_eq!(
        std::fs::metadata(store::journal::journal_path(&path))
            .unwrap()
            .len(),
        store::MAX_FILE_BYTES + 1
    );
}
