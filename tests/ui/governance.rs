//! The programme's three registers (issue 23): agreements, meetings with their action points,
//! capacity building. Each: add a record through its form, see it listed, open and edit it;
//! Escape asks before discarding what was typed.

use super::*;
use casedesk::domain::Settings;
use casedesk::domain::governance::{ActionStatus, Governance};
use egui::Key;
use egui_kittest::kittest::Queryable;

fn registers(dir: &Path) -> Harness<'static, CasedeskApp> {
    let (_, mut h) = dashboard_on(dir, &Casebook::new(Settings::default()));
    h.get_by_label("Programme").click();
    h.run_steps(2);
    h
}

fn click(h: &mut Harness<'static, CasedeskApp>, label: &str) {
    h.get_by_label(label).click();
    h.run_steps(3);
}

fn governance(h: &Harness<'static, CasedeskApp>) -> Governance {
    h.state().casebook().unwrap().governance().clone()
}

#[test]
fn an_agreement_is_added_listed_and_edited_and_escape_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = registers(dir.path());
    click(&mut h, "Agreements register");
    click(&mut h, "Add agreement…");
    type_into(&mut h, "Title", "MoU on witness protection");
    type_into(&mut h, "Parties", "Ministry of Interior; Home Office");
    click(&mut h, "Save agreement");
    let g = governance(&h);
    let a = g.agreement_named("witness protection").expect("saved");
    assert_eq!(a.parties, ["Ministry of Interior", "Home Office"]);
    // Listed, and opened by its title.
    click(&mut h, "MoU on witness protection");
    type_into(&mut h, "Note", "Text with the Ministry");
    click(&mut h, "Save agreement");
    let g = governance(&h);
    assert_eq!(g.agreements().count(), 1);
    assert_eq!(
        g.agreement_named("witness protection").unwrap().note,
        "Text with the Ministry"
    );
    // Something typed, then Escape: asked first, kept when the officer keeps editing.
    click(&mut h, "Add agreement…");
    type_into(&mut h, "Title", "Draft to discard");
    h.key_press(Key::Escape);
    h.run_steps(3);
    h.get_by_label("Discard the agreement you typed?");
    click(&mut h, "Discard");
    assert!(h.query_by_label("Save agreement").is_none());
    assert_eq!(governance(&h).agreements().count(), 1);
}

#[test]
fn a_meeting_and_its_action_point_are_added_listed_and_updated() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = registers(dir.path());
    click(&mut h, "Meetings and action points");
    click(&mut h, "Add meeting…");
    type_into(&mut h, "Chair", "Programme manager");
    type_into(&mut h, "Decisions", "Workplan agreed");
    click(&mut h, "Save meeting");
    let g = governance(&h);
    let m = g.meetings().next().expect("saved").clone();
    assert_eq!((m.date, m.chair.as_str()), (today(), "Programme manager"));
    assert_eq!(
        m.next_meeting,
        today().checked_add_months(chrono::Months::new(1))
    );
    click(&mut h, "Add action point…");
    type_into(&mut h, "Action", "Send the returns figures");
    type_into(&mut h, "Due", "2026-12-15");
    click(&mut h, "Save action point");
    let g = governance(&h);
    let a = g.actions().next().expect("saved").clone();
    assert_eq!(a.meeting, Some(m.id), "raised at the latest meeting");
    assert_eq!(a.raised, m.date);
    // Listed under its meeting, and updated from its form.
    click(&mut h, "AP-2026-001");
    type_into(
        &mut h,
        "Update note",
        "Figures requested from the Home Office",
    );
    click(&mut h, "Save action point");
    let a = governance(&h).action(a.id).unwrap().clone();
    assert_eq!(a.updates.len(), 1);
    assert_eq!(a.status, ActionStatus::Open);
    // The meeting is opened by its title and edited.
    click(&mut h, &m.title());
    type_into(&mut h, "Documents", "Minutes 2026-11");
    click(&mut h, "Save meeting");
    assert_eq!(
        governance(&h).meeting(m.id).unwrap().documents,
        ["Minutes 2026-11"]
    );
}

#[test]
fn an_activity_is_added_listed_and_edited_and_a_bad_value_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = registers(dir.path());
    click(&mut h, "Capacity building");
    click(&mut h, "Add activity…");
    type_into(&mut h, "Title", "Financial investigation course");
    type_into(&mut h, "Start", "2026-11-02");
    type_into(&mut h, "Value", "12x");
    type_into(&mut h, "Currency", "GBP");
    click(&mut h, "Save activity");
    // Refused in the form, naming the field; nothing saved.
    assert!(h.query_by_label_contains("Value: ").is_some());
    assert_eq!(governance(&h).activities().count(), 0);
    // Put right (all selected, typed over), it saves.
    type_into(&mut h, "Value", "");
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    type_into(&mut h, "Value", "500");
    click(&mut h, "Save activity");
    let g = governance(&h);
    let a = g.activities().next().expect("saved").clone();
    assert_eq!(a.value.as_ref().map(|v| v.hundredths), Some(50_000));
    click(&mut h, "Financial investigation course");
    type_into(&mut h, "Outcome", "24 officers trained");
    click(&mut h, "Save activity");
    assert_eq!(
        governance(&h).activities().next().unwrap().outcome,
        "24 officers trained"
    );
}
