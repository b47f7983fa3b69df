//! Escape never throws typed data away without asking (issue 18, item 6), in every dialog that
//! holds typed data: with nothing typed it closes the dialog at once; with something typed it
//! asks "Discard the … you typed?", Escape again keeps editing, and only "Discard" closes.

use super::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

fn press(h: &mut Harness<'static, CasedeskApp>, key: Key) {
    h.key_press(key);
    h.run_steps(3);
}

/// With `heading`'s dialog open and something typed in it: Escape asks, Escape again keeps
/// editing, Escape then "Discard" closes it.
fn escape_asks_before_discarding(h: &mut Harness<'static, CasedeskApp>, heading: &str, what: &str) {
    let question = format!("Discard the {what} you typed?");
    press(h, Key::Escape);
    h.get_by_label(heading);
    h.get_by_label(&question);
    press(h, Key::Escape);
    assert!(
        h.query_by_label(&question).is_none(),
        "Escape answers the question"
    );
    h.get_by_label(heading);
    press(h, Key::Escape);
    h.get_by_label("Discard").click();
    h.run_steps(3);
    assert!(
        h.query_by_label(heading).is_none(),
        "Discard closes the dialog"
    );
}

/// A new case, on its "Status and deadlines", with the form of its first move open.
fn transition_form(dir: &std::path::Path) -> Harness<'static, CasedeskApp> {
    let (_, mut h) = window_on(dir, &casedesk::sample::generate(12, 3, today()));
    new_case(&mut h);
    h.get_by_label("Status and deadlines").click();
    h.run_steps(2);
    h.get_by_label("Provisional arrest requested…").click();
    h.run_steps(3);
    h
}

const TRANSITION: &str = "Pre-request → Provisional arrest requested";

#[test]
fn escape_in_a_transition_form_asks_before_discarding_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = transition_form(dir.path());
    type_into(
        &mut h,
        "Warrant details",
        "Warrant 17/2026, Lahore magistrate",
    );
    escape_asks_before_discarding(&mut h, TRANSITION, "details");
    // Nothing was recorded.
    let case = h.state().desk().unwrap().register().selected().unwrap();
    let book = h.state().casebook().unwrap();
    assert_eq!(book.case(case).unwrap().history().len(), 1);
}

#[test]
fn escape_closes_an_untouched_transition_form_at_once_and_enter_records_a_filled_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = transition_form(dir.path());
    press(&mut h, Key::Escape);
    assert!(h.query_by_label(TRANSITION).is_none());
    h.get_by_label("Provisional arrest requested…").click();
    h.run_steps(3);
    // The keyboard is in the date: Tab goes on to what the move records.
    for text in ["Flight risk", "Warrant 17/2026"] {
        press(&mut h, Key::Tab);
        h.event(egui::Event::Text(text.into()));
        h.run_steps(2);
    }
    type_into(&mut h, "Override with a reason", "Papers follow by courier");
    press(&mut h, Key::Enter);
    h.run_steps(2);
    assert!(
        h.query_by_label(TRANSITION).is_none(),
        "Enter recorded the move"
    );
    let case = h.state().desk().unwrap().register().selected().unwrap();
    let book = h.state().casebook().unwrap();
    assert_eq!(
        book.case(case).unwrap().status().label(),
        "Provisional arrest requested"
    );
}

#[test]
fn escape_in_the_officer_dialog_asks_before_discarding_a_new_name() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut h) = window_on(dir.path(), &Casebook::new(Default::default()));
    crate::transfers::open_file_menu_item(&mut h, "Your name and agency…");
    // Unchanged: Escape closes at once.
    press(&mut h, Key::Escape);
    assert!(h.query_by_label("Your name and agency").is_none());
    crate::transfers::open_file_menu_item(&mut h, "Your name and agency…");
    type_into(&mut h, "Your agency", " (Lahore)");
    escape_asks_before_discarding(&mut h, "Your name and agency", "name and agency");
}

#[test]
fn escape_in_the_export_dialog_and_its_path_asks_before_discarding() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut h) = window_on(dir.path(), &casedesk::sample::generate(12, 3, today()));
    let id = h.state().desk().unwrap().register().visible_id(0).unwrap();
    h.state_mut().desk_mut().unwrap().register_mut().select(id);
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run_steps(3);
    type_into(&mut h, "Recipient", "FIA Islamabad");
    escape_asks_before_discarding(&mut h, "Export a case summary", "export details");
    // The path typed where no file dialog is shown.
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run_steps(3);
    type_into(&mut h, "Recipient", "FIA Islamabad");
    h.get_by_label("Export to file…").click();
    h.run_steps(3);
    h.get_by_label("Export to");
    type_into(&mut h, "Path", "-for-fia");
    escape_asks_before_discarding(&mut h, "Export to", "path");
}

#[test]
fn escape_in_the_save_as_path_closes_at_once_until_something_is_typed() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut h) = window_on(dir.path(), &casedesk::sample::generate(12, 3, today()));
    let save_as = || Modifiers::COMMAND | Modifiers::SHIFT;
    h.key_press_modifiers(save_as(), Key::S);
    h.run_steps(3);
    let heading = "Save the casebook as";
    h.get_by_label_contains(heading);
    press(&mut h, Key::Escape);
    assert!(h.query_by_label_contains(heading).is_none());
    h.key_press_modifiers(save_as(), Key::S);
    h.run_steps(3);
    type_into(&mut h, "Path", "copy.ron");
    press(&mut h, Key::Escape);
    h.get_by_label("Discard the path you typed?");
}

#[test]
fn escape_in_the_deadline_form_asks_before_discarding_an_extension() {
    let dir = tempfile::tempdir().unwrap();
    let (book, case) = crate::status::arrested();
    let before = book.case(case).unwrap().history().len();
    let (_, mut h) = window_on(dir.path(), &book);
    crate::status::open_case(&mut h, case);
    let extend = "Extend \u{201c}Request papers after provisional arrest\u{201d}…";
    let heading = "Extend: Request papers after provisional arrest";
    h.get_by_label(extend).click();
    h.run_steps(3);
    // Untouched: Escape closes at once.
    press(&mut h, Key::Escape);
    assert!(h.query_by_label(heading).is_none());
    h.get_by_label(extend).click();
    h.run_steps(3);
    type_into(&mut h, "Reason for the extension", "Judge extended");
    escape_asks_before_discarding(&mut h, heading, "details");
    let book = h.state().casebook().unwrap();
    assert_eq!(book.case(case).unwrap().history().len(), before);
}

#[test]
fn escape_in_the_correction_form_asks_before_discarding_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (book, case) = crate::status::arrested();
    let before = book.case(case).unwrap().history().len();
    let (_, mut h) = window_on(dir.path(), &book);
    crate::status::open_case(&mut h, case);
    let heading = "Correct last change";
    h.get_by_label("Correct last change…").click();
    h.run_steps(3);
    press(&mut h, Key::Escape);
    assert!(h.query_by_label(heading).is_none());
    h.get_by_label("Correct last change…").click();
    h.run_steps(3);
    type_into(
        &mut h,
        "Why is it being corrected?",
        "Entered on the wrong case",
    );
    escape_asks_before_discarding(&mut h, heading, "reason");
    let book = h.state().casebook().unwrap();
    assert_eq!(book.case(case).unwrap().history().len(), before);
}

#[test]
fn escape_in_the_team_folder_dialog_asks_before_discarding_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("shared")).unwrap();
    let (_, mut h) = window_on(dir.path(), &casedesk::sample::generate(12, 3, today()));
    crate::transfers::open_file_menu_item(&mut h, "Team folder…");
    press(&mut h, Key::Escape);
    assert!(h.query_by_label("Team folder").is_none());
    crate::transfers::open_file_menu_item(&mut h, "Team folder…");
    type_into(&mut h, "Folder", "shared");
    escape_asks_before_discarding(&mut h, "Team folder", "team folder");
    assert_eq!(h.state().casebook().unwrap().settings.team_folder, None);
}

#[test]
fn escape_in_the_passphrase_dialog_asks_before_discarding_a_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut h) = window_on(dir.path(), &casedesk::sample::generate(12, 3, today()));
    crate::transfers::open_file_menu_item(&mut h, "Passphrase…");
    press(&mut h, Key::Escape);
    assert!(h.query_by_label("Passphrase").is_none());
    crate::transfers::open_file_menu_item(&mut h, "Passphrase…");
    type_into(&mut h, "New passphrase", "correct horse");
    escape_asks_before_discarding(&mut h, "Passphrase", "passphrase");
    h.run_steps(5);
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        !casedesk::store::is_encrypted(&bytes),
        "nothing was encrypted"
    );
}
