//! The programme's governance records in the rest of the window (issue 23): open action points
//! in the Agenda's buckets and the dashboard's head, filtered by owner, a line opening the
//! action point in the Programme view; a record removed from its form and put back by Undo, a
//! removal refused while something names the record; the registers' dates as the window
//! writes them.

use super::*;
use casedesk::app::request::View;
use casedesk::domain::governance::*;
use casedesk::domain::{Command, Ctx, SeededIds, Settings};
use egui_kittest::kittest::Queryable;
use uuid::Uuid;

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn review() -> Meeting {
    Meeting::new(
        MeetingId(Uuid::from_u128(0x201)),
        MeetingKind::MonthlyReview,
        d("2026-11-02"),
    )
}

fn loi() -> Agreement {
    let mut a = Agreement::new(
        AgreementId(Uuid::from_u128(0x101)),
        "Letter of intent",
        AgreementKind::Arrangement,
        AgreementStatus::InForce,
    );
    a.signed = Some(d("2024-05-31"));
    a.in_force = Some(d("2024-05-31"));
    a.review_months = Some(12);
    a
}

/// Action point `n`, raised at the review, due on `due`, owned by `owner`.
fn action(n: u128, due: &str, owner: &str) -> ActionPoint {
    ActionPoint {
        id: ActionId(Uuid::from_u128(0xA00 + n)),
        number: format!("AP-2026-{n:03}"),
        text: format!("Action number {n}"),
        meeting: Some(review().id),
        raised: d("2026-11-02"),
        owner: owner.into(),
        owner_agency: "NCA".into(),
        due: d(due),
        status: ActionStatus::Open,
        updates: Vec::new(),
        cases: Vec::new(),
        agreements: Vec::new(),
    }
}

/// A casebook with no case, the letter of intent, a monthly review on 2 Nov 2026 and its
/// action points: overdue, due today (23 Nov), this week, in the next 30 days, and one done.
fn programme() -> Casebook {
    let mut book = Casebook::new(Settings::default());
    let mut ids = SeededIds::new(7);
    let mut apply = |book: &mut Casebook, command| {
        book.apply(
            Command::Governance(command),
            &mut Ctx {
                now: now(),
                ids: &mut ids,
            },
        )
        .unwrap();
    };
    let save = |r| GovernanceCommand::Save(Box::new(r));
    apply(&mut book, save(GovernanceRecord::Agreement(loi())));
    apply(&mut book, save(GovernanceRecord::Meeting(review())));
    for (n, due, owner) in [
        (1, "2026-11-20", "A. Shaw"),
        (2, "2026-11-23", "S. Qureshi"),
        (3, "2026-11-26", "A. Shaw"),
        (4, "2026-12-10", "S. Qureshi"),
        (5, "2026-11-25", "A. Shaw"),
    ] {
        apply(
            &mut book,
            save(GovernanceRecord::Action(action(n, due, owner))),
        );
    }
    apply(
        &mut book,
        GovernanceCommand::UpdateAction {
            action: action(5, "2026-11-25", "").id,
            on: d("2026-11-20"),
            status: ActionStatus::Done,
            note: "Sent".into(),
        },
    );
    book
}

fn click(h: &mut Harness<'static, CasedeskApp>, label: &str) {
    h.get_by_label(label).click();
    h.run_steps(3);
}

fn has(h: &Harness<'static, CasedeskApp>, label: &str) -> bool {
    h.query_by_label(label).is_some()
}

fn line(h: &Harness<'static, CasedeskApp>, number: &str) -> bool {
    h.query_all_by_label_contains(&format!("{number}  ·  Action point"))
        .next()
        .is_some()
}

#[test]
fn open_action_points_fill_the_agenda_by_owner_and_a_line_opens_the_action_point() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut h) = dashboard_on(dir.path(), &programme());
    // The dashboard's head: from today on, the done one and the overdue one left out.
    assert!(line(&h, "AP-2026-002") && line(&h, "AP-2026-003") && line(&h, "AP-2026-004"));
    assert!(!line(&h, "AP-2026-001") && !line(&h, "AP-2026-005"));
    click(&mut h, "Open agenda");
    for bucket in [
        "Overdue (1)",
        "Today (1)",
        "This week (1)",
        "Next 30 days (1)",
    ] {
        assert!(has(&h, bucket), "{bucket}");
    }
    assert!(
        h.query_all_by_label_contains(
            "Thu 26 Nov 2026  ·  AP-2026-003  ·  Action point  ·  Action number 3  ·  for A. Shaw"
        )
        .next()
        .is_some()
    );
    assert!(!line(&h, "AP-2026-005"), "a done action point is not due");
    // Filtered by owner.
    click(&mut h, "Officer");
    click(&mut h, "A. Shaw");
    assert!(has(&h, "Overdue (1)") && has(&h, "This week (1)"));
    assert!(!has(&h, "Today (1)") && !has(&h, "Next 30 days (1)"));
    assert!(!line(&h, "AP-2026-002"));
    // A line opens its action point in the Programme view.
    h.query_all_by_label_contains("AP-2026-003  ·  Action point")
        .next()
        .unwrap()
        .click();
    h.run_steps(3);
    assert_eq!(h.state().desk().unwrap().view(), View::Governance);
    assert!(has(&h, "Edit action point"));
    assert!(
        has(&h, &review().title()),
        "the meetings register behind it"
    );
    assert!(h.query_by_label_contains("Action number 3").is_some());
}

#[test]
fn a_record_removed_from_its_form_comes_back_with_undo_and_one_still_named_stays() {
    let dir = tempfile::tempdir().unwrap();
    let book = programme();
    let (_, mut h) = dashboard_on(dir.path(), &book);
    click(&mut h, "Programme");
    // The registers write dates as the rest of the window does.
    assert!(h.query_all_by_label("31 May 2024").count() >= 2);
    assert!(h.query_by_label("2024-05-31").is_none());
    click(&mut h, "Letter of intent");
    click(&mut h, "Remove agreement");
    let g = || h.state().casebook().unwrap().governance().clone();
    assert!(g().agreement(loi().id).is_none());
    assert!(!has(&h, "Letter of intent"));
    h.state_mut().desk_mut().unwrap().undo();
    h.run_steps(3);
    assert_eq!(
        h.state().casebook().unwrap().governance(),
        book.governance(),
        "put back as it was"
    );
    // The meeting is named by its action points: refused, saying so; nothing changes.
    click(&mut h, "Meetings and action points");
    click(&mut h, &review().title());
    click(&mut h, "Remove meeting");
    assert_eq!(
        h.state().casebook().unwrap().governance(),
        book.governance()
    );
    let notice = h.state().desk().unwrap().notice().unwrap().text.clone();
    assert!(
        notice.contains("is still named by action point AP-2026-001"),
        "{notice}"
    );
    // The action points' due dates too.
    assert!(has(&h, "due 20 Nov 2026"));
}

#[test]
fn a_cases_agreement_is_chosen_in_the_editor_and_named_in_the_case_panel() {
    use casedesk::domain::{CaseDetails, CaseId, CaseKind, Country, Direction};
    use egui::accesskit::Role;
    let dir = tempfile::tempdir().unwrap();
    let mut book = programme();
    let case = CaseId(Uuid::from_u128(0xC1));
    let open = Command::OpenCase {
        id: case,
        kind: CaseKind::Mla,
        direction: Direction::Outgoing,
        opened: d("2026-10-01"),
        details: Box::new(CaseDetails::new(Country::uk(), Country::pakistan())),
    };
    let mut ids = SeededIds::new(9);
    book.apply(
        open,
        &mut Ctx {
            now: now(),
            ids: &mut ids,
        },
    )
    .unwrap();
    let mut h = case_details(dir.path(), &book, case);
    h.get_by_role_and_label(Role::ComboBox, "Agreement").click();
    h.run_steps(4);
    h.query_all_by_label("Letter of intent")
        .last()
        .expect("the register's agreements are offered")
        .click();
    h.run_steps(4);
    let chosen = h
        .state()
        .casebook()
        .unwrap()
        .case(case)
        .unwrap()
        .details
        .agreement;
    assert_eq!(chosen, Some(loi().id));
    assert!(h.state().desk().unwrap().can_undo());
    click(&mut h, "Status and deadlines");
    assert!(has(&h, "Rests on Letter of intent (in force)"));
}
