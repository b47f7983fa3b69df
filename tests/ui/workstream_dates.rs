//! Issue 22's leftovers in the window: a planned date moved from the case panel ("Move
//! date…", its clock counted again and the old due date void), an offender's notification
//! period and a returnee's Early Removal Scheme date recorded in the editor, and the New case
//! dialog's kind chosen from its dropdown by keyboard.

use super::editor::retype;
use super::status::{fixture, open_case};
use super::*;
use casedesk::domain::workstreams::ReturnsState as R;
use casedesk::domain::*;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};

fn date(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The heading of the form that moves the planned removal date.
const MOVE: &str = "Move \u{201c}Planned removal date\u{201d}";

fn press(h: &mut Harness<'static, CasedeskApp>, key: Key) {
    h.key_press(key);
    h.run_steps(3);
}

/// A returns case whose removal is scheduled for 20 Dec 2026, the Mission not yet told.
fn scheduled() -> (Casebook, CaseId) {
    let (mut book, case, _) = fixture(CaseKind::Returns, Direction::Outgoing);
    let mut ids = SeededIds::new(41);
    let text = |s: &str| DetailValue::Text(s.into());
    let steps = [
        (
            R::DocumentationSent,
            "2026-10-25",
            vec![
                (Detail::SopCategory, text("A")),
                (Detail::Mission, text("Pakistan High Commission, London")),
                (Detail::DocumentsSent, text("CNIC and passport copies")),
            ],
        ),
        (
            R::VerificationPending,
            "2026-10-26",
            vec![(Detail::VerificationReference, text("NADRA/VR/2026/9001"))],
        ),
        (
            R::NationalityConfirmed,
            "2026-10-28",
            vec![(Detail::ConfirmingBody, text("NADRA"))],
        ),
        (
            R::EtdIssued,
            "2026-10-29",
            vec![
                (Detail::EtdNumber, text("ETD-LHR-2026-0500")),
                (Detail::EtdExpiry, DetailValue::Date(date("2027-02-28"))),
            ],
        ),
        (
            R::RemovalScheduled,
            "2026-11-20",
            vec![
                (
                    Detail::PlannedRemovalDate,
                    DetailValue::Date(date("2026-12-20")),
                ),
                (Detail::Flight, text("PK 758 LHR-ISB")),
                (Detail::Escorts, text("Two DCOs")),
                (
                    Detail::NoticeServedDate,
                    DetailValue::Date(date("2026-11-20")),
                ),
            ],
        ),
    ];
    for (to, on, details) in steps {
        let request = details.into_iter().fold(
            TransitionRequest::new(Status::Returns(to), date(on)),
            |r, (d, v)| r.with(d, v),
        );
        book.apply(
            Command::Transition {
                case,
                request: Box::new(request),
            },
            &mut Ctx {
                now: now(),
                ids: &mut ids,
            },
        )
        .unwrap_or_else(|e| panic!("{to:?}: {e}"));
    }
    (book, case)
}

fn mission_notice(h: &Harness<'static, CasedeskApp>, case: CaseId) -> Vec<casedesk::domain::Clock> {
    let book = h.state().casebook().unwrap();
    clocks(
        book.case(case).unwrap(),
        today(),
        &book.settings.working_days(),
    )
    .into_iter()
    .filter(|c| c.key == ClockKey::RetMissionNotice)
    .collect()
}

#[test]
fn a_planned_removal_date_is_moved_from_the_case_panel_and_its_notice_counted_again() {
    let dir = tempfile::tempdir().unwrap();
    let (book, case) = scheduled();
    let (_, mut h) = window_on(dir.path(), &book);
    open_case(&mut h, case);
    h.get_by_label_contains("due 05 Dec 2026");
    h.get_by_label("Move \u{201c}Planned removal date\u{201d}…")
        .click();
    h.run_steps(3);
    h.get_by_label(MOVE);
    // Without a reason, nothing is recorded and the form says why.
    type_into(&mut h, "New date", "2027-01-10");
    press(&mut h, Key::Enter);
    h.get_by_label_contains("Why it moved: say why");
    assert_eq!(mission_notice(&h, case).len(), 1, "nothing moved yet");
    type_into(
        &mut h,
        "Why it moved",
        "Flight rebooked after the airline's strike",
    );
    press(&mut h, Key::Enter);
    assert!(h.query_by_label(MOVE).is_none(), "closed");
    // Counted again from the new date; the old due date is void, and says why.
    let notices = mission_notice(&h, case);
    assert_eq!(notices.len(), 2, "{notices:?}");
    let new = notices
        .iter()
        .find(|c| c.status.is_running())
        .expect("the new one");
    assert_eq!(new.due, date("2026-12-26"));
    let old = notices
        .iter()
        .find(|c| c.status == ClockStatus::Void)
        .expect("the old one");
    assert_eq!(old.due, date("2026-12-05"));
    h.get_by_label_contains("due 26 Dec 2026");
    h.get_by_label(
        "Void: the date it was counted from moved to 10 Jan 2027; the new due date counts.",
    );
    let history = h
        .state()
        .casebook()
        .unwrap()
        .case(case)
        .unwrap()
        .history()
        .to_vec();
    assert!(matches!(
        &history.last().unwrap().kind,
        EventKind::DateMoved { to, reason, .. }
            if *to == date("2027-01-10") && &**reason == "Flight rebooked after the airline's strike"
    ));
}

#[test]
fn escape_in_the_move_date_form_asks_before_discarding_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let (book, case) = scheduled();
    let (_, mut h) = window_on(dir.path(), &book);
    open_case(&mut h, case);
    h.get_by_label("Move \u{201c}Planned removal date\u{201d}…")
        .click();
    h.run_steps(3);
    type_into(&mut h, "New date", "2027-01-10");
    press(&mut h, Key::Escape);
    h.get_by_label("Discard the details you typed?");
    press(&mut h, Key::Escape);
    h.get_by_label(MOVE);
    press(&mut h, Key::Escape);
    h.get_by_label("Discard").click();
    h.run_steps(3);
    assert!(h.query_by_label(MOVE).is_none());
    assert_eq!(mission_notice(&h, case).len(), 1, "nothing moved");
}

#[test]
fn an_offenders_notification_period_is_recorded_in_the_editor_and_its_end_shown() {
    let dir = tempfile::tempdir().unwrap();
    let (book, case, _) = fixture(CaseKind::OffenderAlert, Direction::Outgoing);
    let mut h = case_details(dir.path(), &book, case);
    retype(
        &mut h,
        "Relevant date (conviction or caution)",
        "2026-10-14",
    );
    retype(&mut h, "Sentence or caution", "18 months");
    h.get_by_label("Notification period: 10 years (18 months; SOA 2003 s.82), ends 13 Oct 2036");
    let particulars = |h: &Harness<'static, CasedeskApp>| {
        h.state()
            .casebook()
            .unwrap()
            .case(case)
            .unwrap()
            .details
            .workstream
            .clone()
    };
    assert_eq!(particulars(&h).relevant_date, Some(date("2026-10-14")));
    assert_eq!(
        particulars(&h).sentence,
        Some(casedesk::domain::particulars::Sentence::Imprisonment(18))
    );
    h.query_all_by_label("Under 18 on the relevant date")
        .find(|n| n.accesskit_node().role() == Role::CheckBox)
        .unwrap()
        .click_accesskit();
    h.run_steps(3);
    assert!(particulars(&h).under_18);
    h.query_all_by_label("Proposed for the Passport Control List")
        .find(|n| n.accesskit_node().role() == Role::CheckBox)
        .unwrap()
        .click_accesskit();
    h.run_steps(3);
    assert!(particulars(&h).pcl.is_some());
    // On the status panel: the end, marked "check" (halving under 18 is unverified), and the
    // proposal with no clock.
    h.get_by_label("Status and deadlines").click();
    h.run_steps(2);
    h.get_by_label("Notification requirement ends (under 18)");
    h.get_by_label_contains("expires 13 Oct 2031");
    h.get_by_label("check");
    h.get_by_label_contains("Passport Control List: PROPOSED");
    // 30 months or more: indefinite, shown as such with no clock.
    h.get_by_label("Case details").click();
    h.run_steps(2);
    retype(&mut h, "Sentence or caution", "30 months");
    h.get_by_label("Status and deadlines").click();
    h.run_steps(2);
    h.get_by_label_contains("Notification period: indefinite (30 months");
    assert!(
        h.query_by_label("Notification requirement ends (under 18)")
            .is_none()
    );
}

#[test]
fn a_returnees_early_removal_scheme_date_shows_as_information() {
    let dir = tempfile::tempdir().unwrap();
    let (book, case, _) = fixture(CaseKind::Returns, Direction::Outgoing);
    let mut h = case_details(dir.path(), &book, case);
    retype(&mut h, "Early Removal Scheme date", "2026-11-01");
    h.get_by_label("Status and deadlines").click();
    h.run_steps(2);
    h.get_by_label("Early Removal Scheme date");
    // Passed, it is no one's duty: reached, with no days overdue.
    h.get_by_label("Met: on 01 Nov 2026");
}

#[test]
fn the_new_case_kind_is_chosen_from_a_dropdown_by_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut h) = window_on(dir.path(), &Casebook::new(Settings::default()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(3);
    let kind = |h: &Harness<'static, CasedeskApp>| {
        h.get_by_role_and_label(Role::ComboBox, "Kind of case")
            .value()
            .unwrap_or_default()
    };
    assert!(
        h.get_by_role_and_label(Role::ComboBox, "Kind of case")
            .is_focused(),
        "the kind has the keyboard"
    );
    assert_eq!(kind(&h), "Extradition");
    // The list opens on ↓; typing jumps to the kind; Enter picks it.
    press(&mut h, Key::ArrowDown);
    h.get_by_label("Police enquiry");
    for letter in ["s", "e"] {
        h.event(egui::Event::Text(letter.into()));
    }
    h.run_steps(2);
    press(&mut h, Key::Enter);
    assert_eq!(kind(&h), "Service provider");
    // A request to a provider is always ours: Incoming is offered greyed, Outgoing chosen.
    let incoming = h.get_by_label("Incoming");
    assert!(
        incoming.accesskit_node().is_disabled(),
        "Incoming is greyed"
    );
    assert_eq!(
        h.get_by_label("Outgoing").accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True),
        "the direction the kind goes is chosen"
    );
    // Tab to the direction, Enter creates.
    press(&mut h, Key::Tab);
    press(&mut h, Key::Enter);
    let book = h.state().casebook().unwrap();
    assert_eq!(book.cases().len(), 1);
    assert_eq!(book.cases()[0].kind, CaseKind::ServiceProvider);
    assert!(book.cases()[0].reference.starts_with("SO-"));
}
