//! The Snapshots dialog of an encrypted casebook: its compressed snapshots previewed with the
//! casebook's passphrase, and this computer's rule for which are kept shown beside them.

use super::*;
use casedesk::domain::{Casebook, Settings};
use casedesk::store::{self, Key};
use egui_kittest::kittest::Queryable;

#[test]
fn an_encrypted_casebooks_compressed_snapshot_is_previewed_and_the_rule_shown() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    let key = Key::with_test_work_factor("Felixstowe 40kg", 4);
    let mut book = Casebook::new(Settings::default());
    for (officer, at) in [
        ("Before", "2026-01-01T09:00:00Z"),
        ("After", "2026-01-02T09:00:00Z"),
    ] {
        book.settings.officer_name = officer.into();
        store::save_with(&path, &book, at.parse().unwrap(), Some(&key)).unwrap();
    }
    let mut h = window(&path, false);
    h.run_steps(2);
    type_into(&mut h, "Passphrase", "Felixstowe 40kg");
    h.get_by_label("Open").click();
    h.run_steps(1);
    h.state_mut().wait_until_open();
    h.run_steps(2);
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Snapshots…").click();
    h.run_steps(2);
    h.get_by_label_contains("02 Jan 2026 09:00:00 UTC").click();
    h.run_steps(2);
    h.get_by_label("This snapshot holds 0 cases, 0 people.");
    h.get_by_label("Which snapshots are kept").click();
    h.run_steps(2);
    h.get_by_label("Every save of the last day, up to");
    h.get_by_label("Keep this rule");
}
