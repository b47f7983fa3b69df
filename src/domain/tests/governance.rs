//! The governance records (issue 23): the agreements' status flow and review dates, action
//! points' status and overdue, every change an event, bad input refused with nothing changed,
//! and copies merging to the same casebook.

use super::*;
use crate::domain::changes::RecordKind;
use crate::domain::governance::*;
use crate::domain::merge::{Side, Subject, merge};

fn book_at(now: &str) -> Fixture {
    let mut fx = Fixture::open(CaseKind::Mla, Direction::Outgoing, OPENED);
    fx.now = noon(d(now));
    fx
}

fn gov(fx: &mut Fixture, command: GovernanceCommand) -> Result<Applied, CommandError> {
    fx.apply(Command::Governance(command))
}

fn save(fx: &mut Fixture, record: GovernanceRecord) {
    gov(fx, GovernanceCommand::Save(Box::new(record))).expect("saved");
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

fn action(id: u128, number: &str, raised: &str, due: &str) -> ActionPoint {
    ActionPoint {
        id: ActionId(Uuid::from_u128(id)),
        number: number.into(),
        text: "Share the returns figures".into(),
        meeting: None,
        raised: d(raised),
        owner: "A. Shaw".into(),
        owner_agency: "NCA".into(),
        due: d(due),
        status: ActionStatus::Open,
        updates: Vec::new(),
        cases: Vec::new(),
        agreements: Vec::new(),
    }
}

fn move_to(fx: &mut Fixture, to: AgreementStatus, on: &str) -> Result<Applied, CommandError> {
    gov(
        fx,
        GovernanceCommand::MoveAgreement {
            agreement: loi().id,
            to,
            on: d(on),
            note: String::new(),
        },
    )
}

#[test]
fn the_letter_of_intent_falls_due_for_review_each_31_may() {
    let a = loi();
    assert_eq!(
        a.reviews_until(d("2027-12-31")),
        vec![d("2025-05-31"), d("2026-05-31"), d("2027-05-31")]
    );
    assert_eq!(a.next_review(d("2025-06-01")), Some(d("2026-05-31")));
    assert_eq!(a.next_review(d("2026-05-31")), Some(d("2026-05-31")));
    let ended = Agreement {
        status: AgreementStatus::Terminated,
        ..loi()
    };
    assert_eq!(ended.next_review(d("2025-06-01")), None);
}

#[test]
fn an_agreement_moves_along_its_flow_each_move_an_event_dated_when_it_happened() {
    let mut fx = book_at("2026-11-23");
    let before = fx.book.record_history().len();
    save(&mut fx, GovernanceRecord::Agreement(loi()));
    move_to(&mut fx, AgreementStatus::UnderReview, "2025-05-31").unwrap();
    move_to(&mut fx, AgreementStatus::InForce, "2025-06-20").unwrap();
    let a = fx.book.governance().agreement(loi().id).unwrap();
    assert_eq!(a.status, AgreementStatus::InForce);
    assert_eq!(a.changes.len(), 2);
    let history = &fx.book.record_history()[before..];
    assert_eq!(history.len(), 3, "the entry and each move");
    let last = history.last().unwrap();
    assert_eq!(last.effective, d("2025-06-20"));
    assert_eq!(last.officer.to_string(), "Test Officer");
    match &last.kind {
        EventKind::Edited {
            record: Some(r),
            changes,
        } => {
            assert_eq!(r.kind, RecordKind::Agreement);
            let status = changes.iter().find(|c| c.field == "Status").unwrap();
            assert_eq!(
                (status.old.as_str(), status.new.as_str()),
                ("UnderReview", "InForce")
            );
        }
        other => panic!("{other:?}"),
    }
    // Stamped like any record, so a merge knows who changed it last.
    assert!(fx.book.stamps().records.contains_key(&loi().id.0));
}

#[test]
fn a_move_off_the_flow_or_out_of_order_is_refused_naming_the_field_and_nothing_changes() {
    let mut fx = book_at("2026-11-23");
    save(&mut fx, GovernanceRecord::Agreement(loi()));
    let before = fx.book.clone();
    let err = move_to(&mut fx, AgreementStatus::Drafting, "2025-01-01").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("Status: In force cannot move to Drafting"),
        "{err}"
    );
    assert_eq!(fx.book, before);
    move_to(&mut fx, AgreementStatus::UnderReview, "2025-05-31").unwrap();
    let before = fx.book.clone();
    let err = move_to(&mut fx, AgreementStatus::InForce, "2025-05-01").unwrap_err();
    assert!(err.to_string().starts_with("Date: "), "{err}");
    let err = move_to(&mut fx, AgreementStatus::InForce, "2027-01-01").unwrap_err();
    assert!(err.to_string().contains("after today"), "{err}");
    assert_eq!(fx.book, before);
    // An edit may not move the status behind the flow's back.
    let mut edited = fx.book.governance().agreement(loi().id).unwrap().clone();
    edited.status = AgreementStatus::Terminated;
    let err = gov(
        &mut fx,
        GovernanceCommand::Save(Box::new(GovernanceRecord::Agreement(edited))),
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("Status: "), "{err}");
    let mut blank = loi();
    blank.id = AgreementId(Uuid::from_u128(0x102));
    blank.title = " ".into();
    let err = gov(
        &mut fx,
        GovernanceCommand::Save(Box::new(GovernanceRecord::Agreement(blank))),
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "Title: cannot be empty");
    assert_eq!(fx.book, before);
}

#[test]
fn an_action_point_is_overdue_from_the_day_after_it_is_due_until_closed() {
    let mut fx = book_at("2026-11-23");
    save(
        &mut fx,
        GovernanceRecord::Action(action(0xA1, "AP-2026-001", "2026-03-02", "2026-03-31")),
    );
    let update = |fx: &mut Fixture, on: &str, status| {
        gov(
            fx,
            GovernanceCommand::UpdateAction {
                action: ActionId(Uuid::from_u128(0xA1)),
                on: d(on),
                status,
                note: String::new(),
            },
        )
    };
    update(&mut fx, "2026-03-20", ActionStatus::InProgress).unwrap();
    update(&mut fx, "2026-04-10", ActionStatus::Done).unwrap();
    let a = fx
        .book
        .governance()
        .action(ActionId(Uuid::from_u128(0xA1)))
        .unwrap();
    assert!(!a.is_overdue_on(d("2026-03-31")), "due that day");
    assert!(a.is_overdue_on(d("2026-04-01")));
    assert!(a.is_overdue_on(d("2026-04-09")));
    assert!(!a.is_overdue_on(d("2026-04-10")), "done that day");
    assert_eq!(a.closed_on(), Some(d("2026-04-10")));
    assert_eq!(a.status_on(d("2026-03-25")), ActionStatus::InProgress);
    // The same status again needs a word of what happened; an update before the last is refused.
    let before = fx.book.clone();
    assert!(
        update(&mut fx, "2026-04-11", ActionStatus::Done)
            .unwrap_err()
            .to_string()
            .starts_with("Note: ")
    );
    assert!(
        update(&mut fx, "2026-04-01", ActionStatus::Open)
            .unwrap_err()
            .to_string()
            .starts_with("Date: ")
    );
    // A second action point may not take the number, nor link a case that is not there.
    let mut twin = action(0xA2, "ap-2026-001", "2026-03-02", "2026-03-31");
    let err = gov(
        &mut fx,
        GovernanceCommand::Save(Box::new(GovernanceRecord::Action(twin.clone()))),
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("Number: "), "{err}");
    twin.number = "AP-2026-002".into();
    twin.cases = vec![CaseId(Uuid::from_u128(0xDEAD))];
    let err = gov(
        &mut fx,
        GovernanceCommand::Save(Box::new(GovernanceRecord::Action(twin.clone()))),
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("Cases: "), "{err}");
    assert_eq!(fx.book, before);
    twin.cases = vec![fx.case];
    gov(
        &mut fx,
        GovernanceCommand::Save(Box::new(GovernanceRecord::Action(twin))),
    )
    .unwrap();
    assert_eq!(fx.book.governance().next_action_number(2026), "AP-2026-003");
}

/// Two copies of one casebook holding the letter of intent, on two officers' laptops.
fn two_copies() -> (Fixture, Fixture) {
    let mut base = book_at("2026-11-23");
    save(&mut base, GovernanceRecord::Agreement(loi()));
    let copy = |officer: &str, seed: u64| {
        let mut fx = base.clone();
        fx.book.settings.officer_name = officer.into();
        fx.seed = seed;
        fx.now = noon(d("2026-11-24"));
        fx
    };
    (copy("A. Shaw", 1_000), copy("S. Qureshi", 2_000))
}

fn merged(ours: &Casebook, theirs: &Casebook, side: Side) -> Casebook {
    let result = merge(ours, theirs);
    let choices = result
        .conflicts
        .iter()
        .map(|c| (c.subject.clone(), side))
        .collect();
    let mut ids = SeededIds::new(5);
    let mut ctx = Ctx {
        now: noon(d("2026-11-25")).into(),
        ids: &mut ids,
    };
    let command = result.resolve(&choices, &mut ctx).unwrap();
    let mut book = ours.clone();
    book.apply(command, &mut ctx).unwrap();
    book
}

#[test]
fn copies_that_make_the_same_change_or_different_ones_merge_to_the_same_casebook() {
    let (mut london, mut islamabad) = two_copies();
    // The same move on both, and an action point and an activity on one each.
    for fx in [&mut london, &mut islamabad] {
        move_to(fx, AgreementStatus::UnderReview, "2026-05-31").unwrap();
    }
    save(
        &mut london,
        GovernanceRecord::Action(action(0xA1, "AP-2026-001", "2026-06-02", "2026-07-01")),
    );
    let mut training = Activity::new(
        ActivityId(Uuid::from_u128(0xAC1)),
        ActivityKind::Training,
        "Financial investigation course",
        d("2026-09-14"),
    );
    training.participants = 18;
    save(&mut islamabad, GovernanceRecord::Activity(training));
    let here = merged(&london.book, &islamabad.book, Side::Ours);
    let there = merged(&islamabad.book, &london.book, Side::Ours);
    assert!(merge(&london.book, &islamabad.book).conflicts.is_empty());
    assert_eq!(here.governance(), there.governance());
    assert_eq!(here.record_history(), there.record_history());
    assert_eq!(here.stamps(), there.stamps());
    assert_eq!(here.governance().records().len(), 3);
    // Each record keeps its stamp through the merge, so the next merge knows who changed it.
    for r in here.governance().records() {
        assert!(
            here.stamps().records.contains_key(&r.uuid()),
            "{}",
            r.name()
        );
    }
    assert!(merge(&here, &there).is_empty());

    // Different moves of one agreement conflict until chosen, and then converge.
    let (mut london, mut islamabad) = two_copies();
    move_to(&mut london, AgreementStatus::UnderReview, "2026-05-31").unwrap();
    move_to(&mut islamabad, AgreementStatus::Terminated, "2026-06-30").unwrap();
    let result = merge(&london.book, &islamabad.book);
    assert_eq!(result.conflicts.len(), 1);
    assert_eq!(result.conflicts[0].subject, Subject::Governance(loi().id.0));
    assert_eq!(result.conflicts[0].what, "Agreement");
    let here = merged(&london.book, &islamabad.book, Side::Theirs);
    let there = merged(&islamabad.book, &london.book, Side::Ours);
    assert_eq!(here.governance(), there.governance());
    assert_eq!(
        here.governance().agreement(loi().id).unwrap().status,
        AgreementStatus::Terminated
    );
    // Each copy stamped its own choice: merging them again asks nothing and changes nothing.
    let again = merged(&here, &there, Side::Ours);
    assert!(merge(&here, &there).conflicts.is_empty());
    assert_eq!(again.governance(), here.governance());
}

#[test]
fn a_case_s_agreement_set_apart_is_shown_by_title_and_recorded_by_id() {
    let (mut london, mut islamabad) = two_copies();
    // An agreement only Islamabad's copy has: its title comes from that copy.
    let returns = Agreement::new(
        AgreementId(Uuid::from_u128(0x102)),
        "Returns arrangement",
        AgreementKind::Arrangement,
        AgreementStatus::InForce,
    );
    save(&mut islamabad, GovernanceRecord::Agreement(returns.clone()));
    london.update(|c| c.agreement = Some(loi().id));
    islamabad.now = noon(d("2026-11-24")) + chrono::Duration::hours(1);
    islamabad.update(|c| c.agreement = Some(returns.id));
    let result = merge(&london.book, &islamabad.book);
    let conflict = result
        .conflicts
        .iter()
        .find(|c| {
            c.subject == Subject::Field(london.case, crate::domain::stamps::CaseField::Agreement)
        })
        .expect("the agreement conflicts");
    assert_eq!(conflict.ours.shown, "Letter of intent");
    assert_eq!(conflict.theirs.shown, "Returns arrangement");
    // What both copies record and derive the choice from stays the id.
    assert!(conflict.ours.text.contains(&loi().id.to_string()));
    assert!(conflict.theirs.text.contains(&returns.id.to_string()));
    // The case's history line for the choice names it by title, from the merged casebook.
    let book = merged(&london.book, &islamabad.book, Side::Theirs);
    let choice = book
        .case(london.case)
        .unwrap()
        .history()
        .iter()
        .find(|e| matches!(e.kind, EventKind::MergeChoice { .. }))
        .expect("the choice is recorded");
    assert!(choice.kind.summary().contains(&returns.id.to_string()));
    let line = choice.kind.summary_named(&book);
    assert!(
        line.starts_with("Merge: Agreement kept as Returns arrangement ("),
        "{line}"
    );
    assert!(!line.contains(&returns.id.to_string()), "{line}");
}
