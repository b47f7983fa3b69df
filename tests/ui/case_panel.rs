//! A case open beside the register (issue 18, item 7): the panel closes by its button and by
//! Escape, the register's columns are chosen and kept on this computer, and at 1024×700 the
//! register keeps its key columns beside an open case.

use super::*;
use casedesk::app::files::NoDialogs;
use casedesk::sample;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

/// A window of `size` on `book` saved in `dir`, on the register.
fn register_of_size(
    dir: &Path,
    book: &casedesk::domain::Casebook,
    size: [f32; 2],
) -> Harness<'static, CasedeskApp> {
    let path = dir.join("casebook.ron");
    casedesk::store::save(&path, book, now_utc()).unwrap();
    let mut app = CasedeskApp::open_here(path, false, clock(), Box::new(NoDialogs), here(dir));
    app.wait_until_open();
    let mut h = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, app: &mut CasedeskApp| app.frame_ui(ui), app);
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num2);
    h.run_steps(2);
    h
}

fn select_third(h: &mut Harness<'static, CasedeskApp>) {
    let desk = h.state_mut().desk_mut().unwrap();
    let id = desk.register().visible_id(2).unwrap();
    desk.register_mut().select(id);
    h.run_steps(3);
}

fn third_reference(h: &Harness<'static, CasedeskApp>) -> String {
    h.state().desk().unwrap().register().visible_references()[2].to_string()
}

fn selected(h: &Harness<'static, CasedeskApp>) -> Option<casedesk::domain::CaseId> {
    h.state().desk().unwrap().register().selected()
}

#[test]
fn the_case_panel_closes_by_its_button_and_by_escape_but_not_from_a_text_field() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut h) = window_on(dir.path(), &sample::generate(12, 3, today()));
    select_third(&mut h);
    h.get_by_role_and_label(Role::Button, "Close").click();
    h.run_steps(2);
    assert_eq!(selected(&h), None);
    assert!(h.query_by_label("Status and deadlines").is_none());

    select_third(&mut h);
    // Escape in the filter leaves the field, not the case.
    type_into(&mut h, "Filter", "x");
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert!(
        selected(&h).is_some(),
        "Escape in a text field is the field's"
    );
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert_eq!(selected(&h), None);
}

#[test]
fn a_column_chosen_is_hidden_and_kept_on_this_computer() {
    let dir = tempfile::tempdir().unwrap();
    let book = sample::generate(12, 3, today());
    let (path, mut h) = window_on(dir.path(), &book);
    assert!(h.query_by_role_and_label(Role::Button, "Kind").is_some());
    h.get_by_label("Columns").click();
    h.run_steps(2);
    h.get_by_role_and_label(Role::CheckBox, "Kind").click();
    h.run_steps(3);
    let shown = h.state().desk().unwrap().register().columns(false);
    assert!(!shown.contains(&"Kind"), "{shown:?}");
    assert!(h.query_by_role_and_label(Role::Button, "Kind").is_none());
    // Another window on this computer shows the register the same way.
    drop(h);
    let mut again = window(&path, false);
    again.run_steps(2);
    let kept = again.state().desk().unwrap().register().columns(false);
    assert_eq!(kept, shown);
}

/// Drags the case panel's left edge to `x`.
fn drag_panel_edge(h: &mut Harness<'static, CasedeskApp>, x: f32) {
    // The edge is the panel's margin to the left of its content.
    let content = h.get_by_label("Status and deadlines").rect();
    let edge = egui::pos2(content.min.x - 8.0, content.max.y + 40.0);
    let button = |pos, pressed| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    h.event(egui::Event::PointerMoved(edge));
    h.run_steps(1);
    h.event(button(edge, true));
    h.run_steps(1);
    for step in 1..=10 {
        let at = egui::pos2(edge.x + (x - edge.x) * step as f32 / 10.0, edge.y);
        h.event(egui::Event::PointerMoved(at));
        h.run_steps(1);
    }
    h.event(button(egui::pos2(x, edge.y), false));
    h.run_steps(3);
}

#[test]
fn at_1024_by_700_a_case_open_leaves_status_deadline_officer_and_last_update_in_view() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = register_of_size(
        dir.path(),
        &sample::generate(30, 3, today()),
        [1024.0, 700.0],
    );
    select_third(&mut h);
    key_columns_in_view(&h);
    // Widened as far as it goes, the panel still leaves them.
    let before = h.get_by_label("Status and deadlines").rect().min.x;
    drag_panel_edge(&mut h, 60.0);
    let after = h.get_by_label("Status and deadlines").rect().min.x;
    assert!(after < before, "the panel was widened: {before} → {after}");
    key_columns_in_view(&h);
}

/// The register's key columns, side by side left of the case panel, each cell read whole,
/// and the panel's buttons inside the window.
fn key_columns_in_view(h: &Harness<'static, CasedeskApp>) {
    let panel_left = h.get_by_label("Status and deadlines").rect().min.x;
    let mut headers: Vec<egui::Rect> = Vec::new();
    for title in ["Status", "Next deadline", "Officer", "Last update"] {
        let header = h.get_by_role_and_label(Role::Button, title).rect();
        assert!(
            header.max.x <= panel_left,
            "{title} ends at {} beyond the case panel at {panel_left}",
            header.max.x
        );
        headers.push(header);
    }
    // Side by side, none drawn over the next.
    for pair in headers.windows(2) {
        assert!(pair[0].max.x <= pair[1].min.x + 1.0, "{pair:?}");
    }
    // Each cell's text fits its column: references and next deadlines are read whole.
    let (status, officer) = (headers[0], headers[2]);
    let reference = third_reference(h);
    let in_register = h
        .query_all_by_label(&reference)
        .map(|n| n.rect())
        .min_by(|a, b| a.min.x.total_cmp(&b.min.x))
        .unwrap();
    assert!(
        in_register.max.x <= status.min.x,
        "{in_register:?} {status:?}"
    );
    let deadlines: Vec<egui::Rect> = h
        .query_all_by_label_contains(" d)")
        .map(|n| n.rect())
        .collect();
    assert!(!deadlines.is_empty());
    for deadline in deadlines {
        assert!(deadline.max.x <= officer.min.x, "{deadline:?} {officer:?}");
    }
    // The panel's own buttons are inside the window.
    assert!(h.get_by_role_and_label(Role::Button, "Close").rect().max.x <= 1024.0);
}

#[test]
fn a_column_is_moved_in_the_columns_menu() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut h) = window_on(dir.path(), &sample::generate(12, 3, today()));
    h.get_by_label("Columns").click();
    h.run_steps(2);
    // The second column's "↑" (the first's is disabled): Kind before Reference.
    h.get_all_by_label("↑").nth(1).unwrap().click();
    h.run_steps(2);
    let shown = h.state().desk().unwrap().register().columns(false);
    assert_eq!(shown[..2], ["Kind", "Reference"]);
    // The menu stays open to move another.
    h.get_by_role_and_label(Role::CheckBox, "Kind");
}
