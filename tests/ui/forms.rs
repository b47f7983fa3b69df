//! Forms and the keyboard (issue 18, items 6 and 9): a new form puts the keyboard in its first
//! field, Tab follows the form and what is typed after it lands in the field it reached,
//! dropdowns open, move, jump by letters and pick by key, Enter takes a dialog's default
//! action, Escape closes the innermost thing only and asks before typed data is thrown away,
//! a Space cannot silently tick "Neither confirm nor deny", and a dropdown's list draws above
//! its dialog.

use super::*;
use casedesk::domain::{DocumentKind, Person};
use casedesk::sample;
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};

fn people_window(dir: &Path) -> Harness<'static, CasedeskApp> {
    let (_, mut h) = window_on(dir, &sample::generate(12, 3, today()));
    h.get_by_label("People").click();
    h.run_steps(2);
    h
}

/// Opens the New person dialog from People.
fn new_person(h: &mut Harness<'static, CasedeskApp>) {
    h.get_by_label("New person…").click();
    h.run_steps(3);
}

fn press(h: &mut Harness<'static, CasedeskApp>, key: Key) {
    h.key_press(key);
    h.run_steps(2);
}

fn type_keys(h: &mut Harness<'static, CasedeskApp>, text: &str) {
    h.event(Event::Text(text.into()));
    h.run_steps(2);
}

fn people(h: &Harness<'static, CasedeskApp>) -> Vec<Person> {
    h.state().casebook().unwrap().people().to_vec()
}

fn person_named(h: &Harness<'static, CasedeskApp>, name: &str) -> Option<Person> {
    people(h).into_iter().find(|p| p.name == name)
}

fn dialog_open(h: &Harness<'static, CasedeskApp>) -> bool {
    h.query_by_label("New person").is_some()
}

fn field_value(h: &Harness<'static, CasedeskApp>, label: &str) -> String {
    h.query_all_by_label(label)
        .find(|n| n.accesskit_node().role() == Role::TextInput)
        .unwrap_or_else(|| panic!("no field {label}"))
        .value()
        .unwrap_or_default()
}

#[test]
fn a_new_person_is_entered_by_keyboard_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = people_window(dir.path());
    new_person(&mut h);
    // The keyboard is in Name at once.
    type_keys(&mut h, "Zafar Iqbal");
    // Tab follows the form: Father's name, Aliases, Date of birth, Nationalities, then the
    // Identity document dropdown.
    for _ in 0..5 {
        press(&mut h, Key::Tab);
    }
    // ↓ opens the list on the current choice (Passport); "n" jumps to NICOP; Enter picks it
    // and closes the list, the dialog stays.
    press(&mut h, Key::ArrowDown);
    assert!(egui::Popup::is_any_open(&h.ctx), "↓ opens the list");
    type_keys(&mut h, "n");
    press(&mut h, Key::Enter);
    assert!(!egui::Popup::is_any_open(&h.ctx), "Enter closes the list");
    assert!(
        dialog_open(&h),
        "Enter in the list does not create the person"
    );
    press(&mut h, Key::Tab);
    type_keys(&mut h, "35202-7654321-3");
    // Enter in a one-line field creates the person.
    press(&mut h, Key::Enter);
    assert!(!dialog_open(&h));
    let zafar = person_named(&h, "Zafar Iqbal").expect("created");
    let documents: Vec<(DocumentKind, &str)> = zafar
        .documents
        .iter()
        .map(|d| (d.kind, d.number.as_str()))
        .collect();
    assert_eq!(documents, [(DocumentKind::Nicop, "35202-7654321-3")]);
}

#[test]
fn keys_typed_right_after_tab_land_in_the_field_tab_reached() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = people_window(dir.path());
    new_person(&mut h);
    type_keys(&mut h, "Zafar Iqbal");
    // Tab and the next keys in one frame, as a fast typist's reach the window.
    h.key_press(Key::Tab);
    h.event(Event::Text("Abdul Rashid".into()));
    h.run_steps(3);
    assert_eq!(field_value(&h, "Name"), "Zafar Iqbal");
    assert_eq!(field_value(&h, "Father's name (s/o)"), "Abdul Rashid");
}

#[test]
fn escape_closes_the_open_list_only_then_asks_before_discarding() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = people_window(dir.path());
    let before = people(&h).len();
    new_person(&mut h);
    type_keys(&mut h, "Zafar Iqbal");
    for _ in 0..5 {
        press(&mut h, Key::Tab);
    }
    press(&mut h, Key::ArrowDown);
    assert!(egui::Popup::is_any_open(&h.ctx));
    press(&mut h, Key::Escape);
    assert!(!egui::Popup::is_any_open(&h.ctx), "Escape closes the list");
    assert!(dialog_open(&h), "and only the list");
    assert_eq!(field_value(&h, "Name"), "Zafar Iqbal");

    // Escape on the dialog with a name typed asks; Escape again keeps editing.
    press(&mut h, Key::Escape);
    assert!(dialog_open(&h));
    h.get_by_label("Discard the new person you typed?");
    press(&mut h, Key::Escape);
    assert!(dialog_open(&h));
    assert!(
        h.query_by_label("Discard the new person you typed?")
            .is_none()
    );
    assert_eq!(field_value(&h, "Name"), "Zafar Iqbal");

    // Asked again, Discard throws it away.
    press(&mut h, Key::Escape);
    h.get_by_label("Discard").click();
    h.run_steps(2);
    assert!(!dialog_open(&h));
    assert_eq!(people(&h).len(), before);
}

#[test]
fn escape_closes_an_empty_new_person_dialog_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = people_window(dir.path());
    new_person(&mut h);
    press(&mut h, Key::Escape);
    assert!(!dialog_open(&h));
}

#[test]
fn a_new_case_takes_the_keyboard_then_tab_goes_to_its_summary() {
    let dir = tempfile::tempdir().unwrap();
    let book = sample::generate(12, 3, today());
    let (_, mut h) = window_on(dir.path(), &book);
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(3);
    assert!(
        h.get_by_role_and_label(Role::ComboBox, "Kind of case")
            .is_focused(),
        "the first field of the New case dialog has the keyboard"
    );
    // Enter on the kind opens its list; from the direction, Enter creates it with the defaults.
    press(&mut h, Key::Tab);
    press(&mut h, Key::Enter);
    h.run_steps(2);
    assert!(h.query_by_label("New case").is_none(), "created");
    assert_eq!(
        h.state().casebook().unwrap().cases().len(),
        book.cases().len() + 1
    );
    // The case opens on its details; the first Tab goes to Summary, not the menu bar.
    press(&mut h, Key::Tab);
    type_keys(&mut h, "Fraud, Karachi");
    assert_eq!(field_value_multiline(&h, "Summary"), "Fraud, Karachi");
}

fn field_value_multiline(h: &Harness<'static, CasedeskApp>, label: &str) -> String {
    h.query_all_by_label(label)
        .find(|n| n.accesskit_node().role() == Role::MultilineTextInput)
        .unwrap_or_else(|| panic!("no field {label}"))
        .value()
        .unwrap_or_default()
}

#[test]
fn a_space_on_neither_confirm_nor_deny_only_asks() {
    let dir = tempfile::tempdir().unwrap();
    let book = sample::generate(12, 3, today());
    let case = book.cases().iter().find(|c| !c.details.ncnd).unwrap().id;
    let mut h = case_details(dir.path(), &book, case);
    let ncnd = |h: &Harness<'static, CasedeskApp>| {
        h.state()
            .casebook()
            .unwrap()
            .case(case)
            .unwrap()
            .details
            .ncnd
    };
    h.query_all_by_label("Neither confirm nor deny")
        .find(|n| n.accesskit_node().role() == Role::CheckBox)
        .expect("the checkbox")
        .focus();
    h.run_steps(1);
    press(&mut h, Key::Space);
    assert!(!ncnd(&h), "a Space does not mark the case");
    h.get_by_label("Mark neither confirm nor deny").click();
    h.run_steps(3);
    assert!(ncnd(&h), "the button says what it does, and does it");
}

#[test]
fn a_dropdown_list_draws_above_the_new_person_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = people_window(dir.path());
    new_person(&mut h);
    let dropdown = |h: &Harness<'static, CasedeskApp>| {
        h.query_all_by_label("Identity document")
            .find(|n| n.accesskit_node().role() == Role::ComboBox)
            .expect("the Identity document dropdown")
            .rect()
    };
    let click_at = |h: &mut Harness<'static, CasedeskApp>, pos: egui::Pos2| {
        h.event(Event::PointerMoved(pos));
        for pressed in [true, false] {
            h.event(Event::PointerButton {
                pos,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: Modifiers::NONE,
            });
        }
        h.run_steps(2);
    };
    // Open and close the list, click in the dialog (which brings it forward), open it again:
    // a list whose layer egui already knew stayed behind the dialog.
    for option in ["CNIC", "NICOP"] {
        let at = dropdown(&h).center();
        click_at(&mut h, at);
        assert!(egui::Popup::is_any_open(&h.ctx), "the list is open");
        // The dialog comes forward while its list is open (a click on it, in the frame the list
        // opened): the list must still be drawn above it.
        let modal = egui::LayerId::new(egui::Order::Foreground, egui::Id::unique("new person"));
        h.ctx.move_to_top(modal);
        h.run_steps(1);
        let row = h.get_by_label(option).rect().center();
        let top = h.ctx.memory(|m| m.layer_id_at(row));
        assert_ne!(
            top,
            Some(modal),
            "the list is above the dialog at its {option} row"
        );
        click_at(&mut h, row);
        assert!(!egui::Popup::is_any_open(&h.ctx));
        // The click reached the list, not the dialog under it: the option is chosen.
        let chosen = h
            .query_all_by_label("Identity document")
            .find(|n| n.accesskit_node().role() == Role::ComboBox)
            .and_then(|n| n.accesskit_node().value());
        assert_eq!(
            chosen.as_deref(),
            Some(option),
            "{option} chosen by a click"
        );
        let name = h
            .query_all_by_label("Name")
            .find(|n| n.accesskit_node().role() == Role::TextInput)
            .unwrap()
            .rect()
            .center();
        click_at(&mut h, name);
    }
    type_keys(&mut h, "Zafar");
    press(&mut h, Key::Enter);
    let zafar = person_named(&h, "Zafar").expect("created");
    assert_eq!(zafar.documents.len(), 0, "no number, no document");
}

#[test]
fn enter_in_a_multi_line_field_starts_a_line_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let book = sample::generate(12, 3, today());
    let (_, mut h) = window_on(dir.path(), &book);
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(3);
    type_into(&mut h, "Summary", "Fraud");
    press(&mut h, Key::Enter);
    assert!(h.query_by_label("New case").is_some(), "still open");
    assert_eq!(
        h.state().casebook().unwrap().cases().len(),
        book.cases().len()
    );
}
