//! Starting Casedesk without a file named: the very first run asks who the officer is; later
//! runs reopen the casebook used last on this computer, or say why they cannot.

use super::*;
use casedesk::app::ThisComputer;
use casedesk::domain::{Casebook, Settings};
use casedesk::store::Officer;
use egui_kittest::kittest::Queryable;

type Window = Harness<'static, CasedeskApp>;

fn shaw() -> Officer {
    Officer {
        name: "A. Shaw".into(),
        agency: "NCA International Liaison".into(),
    }
}

/// This computer as kept in `dir`, with `officer` known already.
fn computer(dir: &Path, officer: Option<Officer>) -> ThisComputer {
    let mut here = here(dir);
    if let Some(officer) = officer {
        here.installation.set_officer(officer).unwrap();
    }
    here
}

/// The window as `casedesk` with no file named starts it: `default` is the default casebook.
fn start(default: &Path, here: ThisComputer) -> Window {
    let mut app = CasedeskApp::open_here(
        default.to_path_buf(),
        true,
        clock(),
        Box::new(NoDialogs),
        here,
    );
    app.wait_until_open();
    let mut h = Harness::builder()
        .with_size([1500.0, 950.0])
        .build_ui_state(|ui, app: &mut CasedeskApp| app.frame_ui(ui), app);
    h.run_steps(2);
    h
}

/// A casebook of two cases saved at `path`.
fn saved(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    casedesk::store::save(path, &casedesk::sample::generate(2, 5, today()), now_utc()).unwrap();
}

#[test]
fn the_casebook_used_last_reopens_on_start() {
    let dir = tempfile::tempdir().unwrap();
    let default = dir.path().join("data").join("casebook.ron");
    let elsewhere = dir.path().join("work").join("cases.ron");
    saved(&default);
    saved(&elsewhere);
    let mut here = computer(dir.path(), Some(shaw()));
    here.installation.note_opened(&elsewhere).unwrap();
    let h = start(&default, here);
    let desk = h.state().desk().expect("the casebook used last is open");
    assert_eq!(desk.path(), elsewhere.canonicalize().unwrap());
    assert_eq!(desk.book().cases().len(), 2);
}

#[test]
fn a_window_remembers_its_casebook_for_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let default = dir.path().join("casebook.ron");
    let other = dir.path().join("other.ron");
    saved(&other);
    let mut h = window(&other, false);
    h.run_steps(2);
    let kept = Installation::in_dir(&dir.path().join(".installation")).unwrap();
    assert_eq!(
        kept.last_casebook(),
        Some(other.canonicalize().unwrap().as_path())
    );
    drop(h);
    let h = start(&default, computer(dir.path(), Some(shaw())));
    assert_eq!(
        h.state().desk().expect("reopened").path(),
        other.canonicalize().unwrap()
    );
}

#[test]
fn a_casebook_used_last_that_is_gone_leads_to_the_welcome_panel_saying_why() {
    let dir = tempfile::tempdir().unwrap();
    let default = dir.path().join("casebook.ron");
    let gone = dir.path().join("moved.ron");
    saved(&gone);
    let mut here = computer(dir.path(), Some(shaw()));
    here.installation.note_opened(&gone).unwrap();
    std::fs::remove_file(&gone).unwrap();
    let h = start(&default, here);
    assert!(h.state().desk().is_none());
    h.get_by_label_contains("The casebook you worked on last is no longer there");
    h.get_by_label_contains("moved.ron");
    h.get_by_label("Explore the sample casebook");
    h.get_by_label("Open a casebook…");
    assert!(
        !default.exists(),
        "nothing is written until the officer chooses"
    );
}

#[test]
fn without_a_casebook_used_last_the_default_one_opens() {
    let dir = tempfile::tempdir().unwrap();
    let default = dir.path().join("casebook.ron");
    saved(&default);
    let h = start(&default, computer(dir.path(), Some(shaw())));
    assert!(h.state().desk().is_some());
}

/// Answers the first run's question.
fn introduce(h: &mut Window, name: &str, agency: &str) {
    h.get_by_label_contains("Who are you?");
    type_into(h, "Your name", name);
    type_into(h, "Your agency", agency);
    h.get_by_label("Continue").click();
    h.run_steps(2);
}

#[test]
fn the_first_run_asks_who_the_officer_is_and_every_event_carries_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let default = dir.path().join("data").join("casebook.ron");
    let mut h = start(&default, computer(dir.path(), None));
    assert!(h.query_by_label("Start an empty casebook").is_none());
    // A name is needed.
    h.get_by_label("Continue").click();
    h.run_steps(2);
    h.get_by_label_contains("Enter your name");
    introduce(&mut h, "A. Shaw", "NCA International Liaison");
    // Kept for this computer, and the first run goes on to the welcome panel.
    let kept = Installation::in_dir(&dir.path().join(".installation")).unwrap();
    assert_eq!(kept.officer(), Some(&shaw()));
    h.get_by_label("Start an empty casebook").click();
    h.run_steps(2);
    new_case(&mut h);
    let book = h.state().casebook().unwrap();
    assert_eq!(book.settings.officer_name, "A. Shaw");
    assert_eq!(book.settings.officer_agency, "NCA International Liaison");
    let case = &book.cases()[0];
    assert_eq!(case.history()[0].officer.as_str(), "A. Shaw");
    assert_eq!(case.details.assigned_officer.as_str(), "A. Shaw");
}

#[test]
fn the_sample_explored_on_the_first_run_records_the_officer_not_its_demo_officer() {
    let dir = tempfile::tempdir().unwrap();
    let default = dir.path().join("casebook.ron");
    let mut h = start(&default, computer(dir.path(), None));
    introduce(&mut h, "A. Shaw", "NCA");
    h.get_by_label("Explore the sample casebook").click();
    h.run_steps(2);
    let book = h.state().casebook().expect("the sample is open");
    assert_eq!(book.settings.officer_name, "A. Shaw");
    assert!(!h.state().desk().unwrap().is_dirty());
}

#[test]
fn a_casebook_kept_by_another_name_records_this_computer_s_officer_from_now_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    let mut book = Casebook::new(Settings::default());
    book.settings.officer_name = "Demo officer".into();
    casedesk::store::save(&path, &book, now_utc()).unwrap();
    let here = computer(dir.path(), Some(shaw()));
    let mut app = CasedeskApp::open_here(path, false, clock(), Box::new(NoDialogs), here);
    app.wait_until_open();
    let mut h = Harness::builder()
        .with_size([1500.0, 950.0])
        .build_ui_state(|ui, app: &mut CasedeskApp| app.frame_ui(ui), app);
    h.run_steps(2);
    new_case(&mut h);
    let book = h.state().casebook().unwrap();
    assert_eq!(book.settings.officer_name, "A. Shaw");
    assert_eq!(book.cases()[0].history()[0].officer.as_str(), "A. Shaw");
    // Who works here is not an edit to undo.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(
        h.state().casebook().unwrap().settings.officer_name,
        "A. Shaw"
    );
}

#[test]
fn the_officer_changes_their_name_from_the_file_menu() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut h) = window_on(dir.path(), &Casebook::new(Settings::default()));
    crate::transfers::open_file_menu_item(&mut h, "Your name and agency…");
    type_into(&mut h, "Your name", "S. Qureshi");
    type_into(&mut h, "Your agency", "FIA");
    h.get_by_label("Keep").click();
    h.run_steps(2);
    let kept = Installation::in_dir(&dir.path().join(".installation")).unwrap();
    assert_eq!(kept.officer().map(|o| o.name.as_str()), Some("S. Qureshi"));
    new_case(&mut h);
    let book = h.state().casebook().unwrap();
    assert_eq!(book.settings.officer_agency, "FIA");
    assert_eq!(book.cases()[0].history()[0].officer.as_str(), "S. Qureshi");
}
