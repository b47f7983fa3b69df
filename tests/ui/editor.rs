//! The case editor ("Case details" tab): each completed field edit commits one undoable
//! `UpdateCase`; input that does not parse or validate stays in the draft, marked at the field.

use super::*;
use casedesk::domain::{
    Assurance, AssuranceKind, Case, CaseDetails, CaseId, CaseKind, Command, Country, Ctx,
    Direction, RecordId, SeededIds, Settings,
};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use uuid::Uuid;

const CASE: CaseId = CaseId(Uuid::from_u128(1));

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// One incoming extradition case with a summary and a death-penalty assurance requested.
fn fixture() -> Casebook {
    let mut book = Casebook::new(Settings {
        officer_name: "A. Officer".into(),
        ..Settings::default()
    });
    let mut details = CaseDetails::new(Country::pakistan(), Country::uk());
    details.summary = "Murder, Lahore".into();
    details.assurances.push(Assurance {
        id: RecordId(Uuid::from_u128(2)),
        kind: AssuranceKind::DeathPenalty,
        requested: Some(d("2026-01-10")),
        received: None,
        accepted: None,
        note: String::new(),
    });
    let open = Command::OpenCase {
        id: CASE,
        kind: CaseKind::Extradition,
        direction: Direction::Incoming,
        opened: d("2026-01-05"),
        details: Box::new(details),
    };
    let mut ids = SeededIds::new(1);
    let mut ctx = Ctx {
        now: now(),
        ids: &mut ids,
    };
    book.apply(open, &mut ctx).unwrap();
    book
}

/// A window on the fixture showing its case's "Case details" tab.
pub(super) fn details_tab(dir: &Path) -> Harness<'static, CasedeskApp> {
    let (_, mut h) = window_on(dir, &fixture());
    h.state_mut()
        .desk_mut()
        .unwrap()
        .register_mut()
        .select(CASE);
    h.run_steps(2);
    h.get_by_label("Case details").click();
    h.run_steps(2);
    h
}

pub(super) fn case<'a>(h: &'a Harness<'static, CasedeskApp>) -> &'a Case {
    h.state().casebook().unwrap().case(CASE).unwrap()
}

fn is_dirty(h: &Harness<'static, CasedeskApp>) -> bool {
    h.state().desk().unwrap().is_dirty()
}

/// Focuses the field labelled `label`, replaces its text with `text` and leaves it with Tab.
pub(super) fn retype(h: &mut Harness<'static, CasedeskApp>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run_steps(1);
    h.key_combination_modifiers(Modifiers::COMMAND, &[Key::A]);
    h.get_by_label(label).type_text(text);
    h.run_steps(1);
    h.key_press(Key::Tab);
    h.run_steps(2);
}

#[test]
fn leaving_an_edited_summary_commits_it_and_ctrl_z_undoes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = details_tab(dir.path());
    assert_eq!(
        h.get_by_label("Summary").value().as_deref(),
        Some("Murder, Lahore")
    );

    h.get_by_label("Summary").focus();
    h.run_steps(1);
    h.key_combination_modifiers(Modifiers::COMMAND, &[Key::A]);
    h.get_by_label("Summary")
        .type_text("Murder and kidnapping, Lahore");
    h.run_steps(2);
    // Still typing: nothing is committed yet.
    assert_eq!(case(&h).details.summary, "Murder, Lahore");
    assert!(!is_dirty(&h));

    h.key_press(Key::Tab);
    h.run_steps(2);
    assert_eq!(case(&h).details.summary, "Murder and kidnapping, Lahore");
    assert!(is_dirty(&h));
    assert!(h.state().desk().unwrap().can_undo());

    // Tab put the focus in the next field, where Ctrl+Z is that field's: Escape leaves it.
    h.key_press(Key::Escape);
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(case(&h).details.summary, "Murder, Lahore");
    assert_eq!(
        h.get_by_label("Summary").value().as_deref(),
        Some("Murder, Lahore")
    );
}

#[test]
fn ctrl_z_in_a_text_field_undoes_the_typing_never_the_casebook() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = details_tab(dir.path());
    h.get_by_label("Summary").focus();
    h.run_steps(1);
    h.key_combination_modifiers(Modifiers::COMMAND, &[Key::A]);
    h.get_by_label("Summary")
        .type_text("Murder and kidnapping, Lahore");
    h.key_press(Key::Tab);
    h.run_steps(2);
    assert_eq!(case(&h).details.summary, "Murder and kidnapping, Lahore");

    // Back in the field: Ctrl+Z belongs to it, not to the casebook.
    h.get_by_label("Summary").focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(
        case(&h).details.summary,
        "Murder and kidnapping, Lahore",
        "the committed edit was not undone from inside the field"
    );
    assert!(h.state().desk().unwrap().can_undo());
}

#[test]
fn an_impossible_date_is_marked_at_the_field_and_not_committed_until_corrected() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = details_tab(dir.path());
    h.get_by_label("Assurances").click_accesskit();
    h.run_steps(2);

    retype(&mut h, "Received", "31/2/2026");
    h.get_by_label("31/2/2026 does not exist: February 2026 has 28 days");
    // The message appeared above the next field without taking the focus from it.
    assert!(h.get_by_label("Accepted").is_focused());
    h.get_by_label("Unapplied changes: fix the marked fields");
    assert_eq!(case(&h).details.assurances[0].received, None);
    assert!(!is_dirty(&h));

    retype(&mut h, "Received", "28/2/2026");
    assert_eq!(
        case(&h).details.assurances[0].received,
        Some(d("2026-02-28"))
    );
    assert!(is_dirty(&h));
    assert!(h.query_by_label_contains("does not exist").is_none());
    assert!(
        h.query_by_label("Unapplied changes: fix the marked fields")
            .is_none()
    );
    // Shown back as understood, in one unambiguous format.
    assert_eq!(
        h.get_by_label("Received").value().as_deref(),
        Some("2026-02-28")
    );
}

#[test]
fn an_added_offence_commits_once_it_has_a_description() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = details_tab(dir.path());
    h.get_by_label("Add offence").click_accesskit();
    h.run_steps(2);
    // A blank offence is not a valid case: it stays in the draft, marked.
    h.get_by_label("Describe the offence");
    assert!(case(&h).details.offences.is_empty());
    assert!(!is_dirty(&h));

    retype(&mut h, "Description", "Murder (PPC s.302)");
    let offences = &case(&h).details.offences;
    assert_eq!(offences.len(), 1);
    assert_eq!(offences[0].description, "Murder (PPC s.302)");
    assert!(is_dirty(&h));
    assert!(h.query_by_label("Describe the offence").is_none());
    assert!(
        h.query_by_label("Unapplied changes: fix the marked fields")
            .is_none()
    );
}

/// The only button labelled `label`; the picker's day and "Save" buttons share their labels
/// with nothing else that is a button.
fn button<'t>(h: &'t Harness<'static, CasedeskApp>, label: &'t str) -> egui_kittest::Node<'t> {
    use egui::accesskit::Role;
    use egui_kittest::kittest::NodeT;
    let mut buttons = h
        .query_all_by_label(label)
        .filter(|n| n.accesskit_node().role() == Role::Button);
    let first = buttons
        .next()
        .unwrap_or_else(|| panic!("no button labelled {label:?}"));
    assert!(buttons.next().is_none(), "more buttons labelled {label:?}");
    first
}

/// Scrolls the calendar button labelled `label` into view and clicks it.
fn open_picker(h: &mut Harness<'static, CasedeskApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run_steps(2);
}

#[test]
fn a_date_picked_from_the_calendar_is_committed_at_once() {
    use chrono::Datelike;
    let dir = tempfile::tempdir().unwrap();
    let mut h = details_tab(dir.path());
    h.get_by_label("Assurances").click_accesskit();
    h.run_steps(2);

    // An empty date opens the calendar on today's month; a day received is not ahead of
    // today, so the 15th of last month.
    open_picker(&mut h, "Pick a date for Received");
    button(&h, "<<").click();
    h.run_steps(2);
    button(&h, "15").click();
    h.run_steps(2);
    // Choosing a day is not yet picking it.
    assert_eq!(case(&h).details.assurances[0].received, None);
    button(&h, "Save").click();
    h.run_steps(2);

    let picked = today().with_day(15).unwrap() - chrono::Months::new(1);
    assert_eq!(case(&h).details.assurances[0].received, Some(picked));
    assert!(is_dirty(&h));
    assert_eq!(
        h.get_by_label("Received").value(),
        Some(picked.format("%Y-%m-%d").to_string())
    );
    assert!(h.query_by_label("Save").is_none(), "the calendar closed");

    // A date opens the calendar on its own month: 10 January 2026 here.
    open_picker(&mut h, "Pick a date for Requested");
    button(&h, "20").click();
    h.run_steps(1);
    button(&h, "Save").click();
    h.run_steps(2);
    assert_eq!(
        case(&h).details.assurances[0].requested,
        Some(d("2026-01-20"))
    );

    // Each pick is one undo step.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(
        case(&h).details.assurances[0].requested,
        Some(d("2026-01-10"))
    );
    assert_eq!(case(&h).details.assurances[0].received, Some(picked));
}

#[test]
fn an_unapplied_edit_survives_moving_to_another_case_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = details_tab(dir.path());
    let before = case(&h).details.clone();
    // A second case to move to.
    new_case(&mut h);
    let other = h.state().desk().unwrap().register().selected().unwrap();
    assert_ne!(other, CASE);
    h.state_mut()
        .desk_mut()
        .unwrap()
        .register_mut()
        .select(CASE);
    h.run_steps(2);
    h.get_by_label("Assurances").click_accesskit();
    h.run_steps(2);
    // An impossible date cannot be applied: the edit stays a draft.
    retype(&mut h, "Received", "31/2/2026");
    h.get_by_label("Edits not yet applied in 1 case");
    h.state_mut()
        .desk_mut()
        .unwrap()
        .register_mut()
        .select(other);
    h.run_steps(3);
    h.state_mut()
        .desk_mut()
        .unwrap()
        .register_mut()
        .select(CASE);
    h.run_steps(3);
    // Back on the first case, what was typed is still there, still marked.
    assert_eq!(
        h.get_by_label("Received").value().as_deref(),
        Some("31/2/2026")
    );
    h.get_by_label("Edits not yet applied in 1 case");
    assert_eq!(case(&h).details, before);
}

#[test]
fn an_asylum_claim_is_recorded_in_the_editor_and_blocks_surrender_while_pending() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = details_tab(dir.path());
    h.get_by_label("Asylum claims").click_accesskit();
    h.run_steps(2);
    h.get_by_label("Add asylum claim").click_accesskit();
    h.run_steps(2);
    let claims = &case(&h).details.asylum_claims;
    assert_eq!(
        claims.len(),
        1,
        "a pending claim made today commits at once"
    );
    assert!(claims[0].is_pending());
    assert_eq!(claims[0].made, today());
    assert!(is_dirty(&h));
}
