//! Where the window writes: an export never lands on the casebook or anything but a regular
//! file, replaces an earlier export only once agreed, and the sample is never generated over a
//! file already there.

use super::*;
use casedesk::app::files::{DialogResult, Dialogs, FileKind};
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;

fn open_register_export(h: &mut Harness<'static, CasedeskApp>) {
    h.get_by_label("File").click();
    h.run_steps(4);
    h.get_by_label("Export register to spreadsheet (CSV)…")
        .click();
    h.run_steps(4);
    h.get_by_label("Export to file…").click();
    h.run_steps(4);
}

/// Types `name` in the path entry, replacing the name offered, and presses OK.
fn enter_path(h: &mut Harness<'static, CasedeskApp>, name: &str) {
    let desk = h.state_mut().desk_mut().unwrap();
    let form = desk
        .transfers_mut()
        .export
        .as_mut()
        .expect("the export dialog is open");
    form.path_entry.as_mut().expect("the path entry is shown").0 = name.into();
    h.run_steps(2);
    h.get_by_label("OK").click();
    h.run_steps(4);
}

#[test]
fn an_export_typed_over_the_casebook_or_its_lock_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut h) = window_on(dir.path(), &casedesk::sample::generate(10, 2, today()));
    let before = std::fs::read(&path).unwrap();
    std::fs::create_dir(dir.path().join("snapshots")).unwrap();
    open_register_export(&mut h);
    for (name, says) in [
        ("casebook.ron", "That is the casebook being read"),
        ("casebook.lock", "a casebook's lock file"),
        ("snapshots/x.csv", "in a snapshots folder"),
    ] {
        enter_path(&mut h, name);
        h.get_by_label_contains(says);
        assert!(h.state().desk().unwrap().transfers().task.is_none());
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn an_earlier_export_typed_in_the_window_is_replaced_only_after_asking() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut h) = window_on(dir.path(), &casedesk::sample::generate(10, 2, today()));
    let old = dir.path().join("old.csv");
    std::fs::write(&old, "an earlier export\n").unwrap();
    open_register_export(&mut h);
    enter_path(&mut h, "old.csv");
    h.get_by_label("Replace old.csv?");
    // Cancel goes back to the path, the file as it was.
    h.get_by_label("Cancel").click();
    h.run_steps(4);
    h.get_by_label("Path");
    assert_eq!(std::fs::read(&old).unwrap(), b"an earlier export\n");

    h.get_by_label("OK").click();
    h.run_steps(4);
    h.get_by_label("Replace").click();
    h.run_steps(4);
    finish_transfer(&mut h);
    let csv = std::fs::read_to_string(&old).unwrap();
    assert!(csv.starts_with("\"reference\","), "{csv}");
}

/// A native save dialog that answers `path` (it has asked about replacing it itself).
struct Chooses(PathBuf);

impl Dialogs for Chooses {
    fn pick_file(&mut self, _folder: &Path, _kind: FileKind) -> DialogResult {
        DialogResult::Chosen(self.0.clone())
    }
    fn save_file(&mut self, _folder: &Path, _name: &str, _kind: FileKind) -> DialogResult {
        DialogResult::Chosen(self.0.clone())
    }
}

fn window_choosing(path: &Path, chosen: PathBuf) -> Harness<'static, CasedeskApp> {
    let mut app = CasedeskApp::open(
        path.to_path_buf(),
        false,
        clock(),
        Box::new(Chooses(chosen)),
    );
    app.wait_until_open();
    let mut h = Harness::builder()
        .with_size([1500.0, 950.0])
        .build_ui_state(|ui, app: &mut CasedeskApp| app.frame_ui(ui), app);
    h.run_steps(2);
    h
}

#[test]
fn a_casebook_chosen_in_a_native_dialog_is_refused_and_an_earlier_export_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    casedesk::store::save(
        &path,
        &casedesk::sample::generate(10, 2, today()),
        now_utc(),
    )
    .unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut h = window_choosing(&path, path.clone());
    open_register_export(&mut h);
    h.get_by_label_contains("That is the casebook being read");
    assert!(h.state().desk().unwrap().transfers().task.is_none());
    assert_eq!(std::fs::read(&path).unwrap(), before);

    let old = dir.path().join("old.csv");
    std::fs::write(&old, "an earlier export\n").unwrap();
    let mut h = window_choosing(&path, old.clone());
    open_register_export(&mut h);
    finish_transfer(&mut h);
    assert!(
        std::fs::read_to_string(&old)
            .unwrap()
            .starts_with("\"reference\",")
    );
}

#[test]
fn exploring_the_sample_again_opens_the_edited_sample_instead_of_generating_it_anew() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    let sample = dir.path().join("sample-casebook.ron");
    // A sample explored before, and edited: not what the generator makes.
    let mut edited = casedesk::sample::generate(300, 7, today());
    edited.settings.date_order = casedesk::domain::dates::DateOrder::MonthDay;
    casedesk::store::save(&sample, &edited, now_utc()).unwrap();
    let before = std::fs::read(&sample).unwrap();
    let mut h = window(&path, true);
    h.run_steps(2);
    h.get_by_label("Explore the sample casebook").click();
    h.run_steps(2);
    h.state_mut().wait_until_open();
    h.run_steps(2);
    let book = h.state().casebook().expect("the sample is open");
    assert_eq!(
        book.settings.date_order,
        casedesk::domain::dates::DateOrder::MonthDay
    );
    assert_eq!(std::fs::read(&sample).unwrap(), before);
    assert!(!path.exists());
}
