//! The window, driven headless with egui_kittest: find widgets by label, click and type, run
//! frames, then assert on the casebook and on what is shown.

// A test: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod agenda;
mod attachment_options;
mod attachments;
mod case_panel;
mod csv_text;
mod dashboard;
mod deadline_words;
mod desk;
mod drafting;
mod editor;
mod edits;
mod escape;
mod files;
mod find;
mod first_run;
mod forms;
mod governance;
mod habits;
mod journal;
mod keys;
mod law_text;
mod merge;
mod outcomes;
mod outputs;
mod parties;
mod people;
mod programme;
mod purging;
mod report_dialog;
mod small_things;
mod snapshots;
mod status;
mod store_safety;
mod team;
mod transfers;
mod trust;
mod workstream_dates;
mod workstreams;

use casedesk::app::clock::Clock;
use casedesk::app::files::NoDialogs;
use casedesk::app::{CasedeskApp, ThisComputer};
use casedesk::domain::Casebook;
use casedesk::store::Installation;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use egui_kittest::Harness;
use std::path::Path;

/// The moment these tests run at: the window is handed a clock fixed here, and fixtures are
/// stamped with it, so nothing depends on the day the tests run.
pub fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-23T10:00:00+00:00").unwrap()
}

pub fn now_utc() -> DateTime<Utc> {
    now().to_utc()
}

pub fn today() -> NaiveDate {
    now().date_naive()
}

/// The clock the window is handed.
pub fn clock() -> Clock {
    Clock::Fixed(now())
}

/// This computer as a window in these tests has it: its installation kept beside the casebook
/// (`.installation`), never in the tester's own data folder.
pub fn here(casebook_dir: &Path) -> ThisComputer {
    ThisComputer {
        installation: Installation::in_dir(&casebook_dir.join(".installation")).unwrap(),
        problem: None,
    }
}

/// A window on `path` with no native dialogs, as on a bare machine. With `welcome`, started
/// as `casedesk` alone starts it, `path` the default casebook, after the first run (the officer
/// is known: `first_run.rs` tests the first run itself).
pub fn window(path: &Path, welcome: bool) -> Harness<'static, CasedeskApp> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut here = here(dir);
    if welcome {
        here.installation
            .set_officer(casedesk::store::Officer {
                name: "Test Officer".into(),
                agency: "UKCA".into(),
            })
            .unwrap();
    }
    let mut app = CasedeskApp::open_here(
        path.to_path_buf(),
        welcome,
        clock(),
        Box::new(NoDialogs),
        here,
    );
    app.wait_until_open();
    Harness::builder()
        .with_size([1500.0, 950.0])
        .build_ui_state(|ui, app: &mut CasedeskApp| app.frame_ui(ui), app)
}

/// Saves `book` as `casebook.ron` in `dir` and opens a window on it, on the dashboard; returns
/// the file's path and the window.
pub fn dashboard_on(
    dir: &Path,
    book: &Casebook,
) -> (std::path::PathBuf, Harness<'static, CasedeskApp>) {
    let path = dir.join("casebook.ron");
    casedesk::store::save(&path, book, now_utc()).unwrap();
    let mut harness = window(&path, false);
    harness.run_steps(2);
    (path, harness)
}

/// As [`dashboard_on`], then switched to the register (Ctrl+2).
pub fn window_on(
    dir: &Path,
    book: &Casebook,
) -> (std::path::PathBuf, Harness<'static, CasedeskApp>) {
    let (path, mut harness) = dashboard_on(dir, book);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num2);
    harness.run_steps(2);
    (path, harness)
}

/// Waits for a background save to finish.
pub fn finish_save(harness: &mut Harness<'static, CasedeskApp>) {
    let desk = harness.state_mut().desk_mut().expect("a casebook is open");
    while desk.is_busy() {
        desk.poll(0.0, true);
    }
    harness.run_steps(2);
    // A save before switching casebooks goes on to open the other one.
    harness.state_mut().wait_until_open();
    harness.run_steps(1);
}

/// Runs frames until the background export, import or merge has finished.
pub fn finish_transfer(h: &mut Harness<'static, CasedeskApp>) {
    h.state_mut().desk_mut().unwrap().finish_transfer();
    h.run_steps(4);
}

/// Focuses the text field labelled `label` (not a column header of the same name) and types
/// `text` into it.
pub fn type_into(harness: &mut Harness<'static, CasedeskApp>, label: &str, text: &str) {
    use egui::accesskit::Role;
    use egui_kittest::kittest::{NodeT, Queryable};
    fn field<'t>(h: &'t Harness<'static, CasedeskApp>, label: &'t str) -> egui_kittest::Node<'t> {
        h.query_all_by_label(label)
            .find(|n| {
                matches!(
                    n.accesskit_node().role(),
                    Role::TextInput | Role::MultilineTextInput | Role::PasswordInput
                )
            })
            .unwrap_or_else(|| panic!("no text field labelled {label:?}"))
    }
    field(harness, label).focus();
    harness.run_steps(1);
    field(harness, label).type_text(text);
    harness.run_steps(1);
}

/// Opens a new case with Ctrl+N and the dialog's defaults.
pub fn new_case(harness: &mut Harness<'static, CasedeskApp>) {
    use egui_kittest::kittest::Queryable;
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    harness.run_steps(2);
    harness.get_by_label("Create").click();
    harness.run_steps(3);
}

/// A window on the case's "Case details" tab.
pub fn case_details(
    dir: &Path,
    book: &Casebook,
    case: casedesk::domain::CaseId,
) -> Harness<'static, CasedeskApp> {
    let (_, mut h) = window_on(dir, book);
    h.state_mut()
        .desk_mut()
        .unwrap()
        .register_mut()
        .select(case);
    h.run_steps(2);
    egui_kittest::kittest::Queryable::get_by_label(&h, "Case details").click();
    h.run_steps(2);
    h
}

/// The references the register shows, in its order.
pub fn visible_references(harness: &Harness<'static, CasedeskApp>) -> Vec<String> {
    let desk = harness.state().desk().expect("a casebook is open");
    let references = desk.register().visible_references();
    references.iter().map(|r| r.to_string()).collect()
}

/// The reference of the case selected in the register.
pub fn selected_reference(harness: &Harness<'static, CasedeskApp>) -> String {
    let desk = harness.state().desk().expect("a casebook is open");
    let id = desk.register().selected().expect("a case is selected");
    desk.book()
        .case(id)
        .expect("the selected case exists")
        .reference
        .clone()
}
