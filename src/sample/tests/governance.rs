//! The sample's governance records (issue 23): the seed agreements, a year of meetings with
//! action points some done and some overdue, and capacity-building activities.

use super::*;
use crate::domain::governance::{ActionStatus, AgreementStatus, MeetingKind};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn the_register_holds_the_seed_agreements_and_a_year_of_meetings_actions_and_activities() {
    let (book, errors) = sample();
    assert!(errors.is_empty(), "{errors:#?}");
    let g = book.governance();
    let loi = g.agreement_named("Letter of intent").expect("the LoI");
    assert_eq!(
        loi.reviews_until(d(2027, 12, 31)),
        vec![d(2025, 5, 31), d(2026, 5, 31), d(2027, 5, 31)]
    );
    // Reviewed by the committee on 31 May 2026, in force again since.
    assert_eq!(loi.status, AgreementStatus::InForce);
    assert_eq!(loi.changes.len(), 2);
    for title in [
        "Returns arrangement",
        "Prisoner transfer agreement",
        "Protocol to the prisoner transfer agreement",
        "FMU–UK FIU memorandum of understanding",
    ] {
        assert!(g.agreement_named(title).is_some(), "{title}");
    }
    assert_eq!(
        g.agreements()
            .filter(|a| a.status == AgreementStatus::Drafting)
            .count(),
        5
    );
    let monthly = g
        .meetings()
        .filter(|m| m.kind == MeetingKind::MonthlyReview)
        .count();
    assert!((12..=13).contains(&monthly), "{monthly}");
    assert_eq!(
        g.meetings()
            .filter(|m| m.kind == MeetingKind::JointSteeringCommittee)
            .count(),
        1
    );
    let today = today();
    assert!(g.actions().any(|a| a.is_overdue_on(today)));
    assert!(g.actions().any(|a| a.status == ActionStatus::Done));
    assert!(g.activities().count() >= 8);
    assert!(g.activities().any(|a| a.value.is_some()));
    // Each record's entry and every change is on record.
    assert!(book.record_history().len() > g.records().len());
}
