//! The §§2–4 review (`docs/law.md` §4A "Asylum, appeals and facts checked", §3 chasers): a
//! pending asylum claim blocks surrender, a refused move names the way on, dates recorded with
//! a move are checked against it, the state's appeal and the Supreme Court leave application
//! are recorded and meet their windows, chasers carry each date, and a hearing fixed past its
//! limit is warned of.

use super::*;
use crate::domain::case::{AsylumClaim, AsylumOutcome, Hearing, HearingKind};
use crate::domain::clock::{Clock, ClockKey as K, ClockStatus};
use crate::domain::transition::{Blocker, DateProblem, TransitionError};
use crate::domain::warnings::warnings;
use crate::domain::workflow::CaseFact;
// The incoming case's fixtures, as the clocks' tests walk them.
use super::clocks::{certified, discharged_after_hearing, incoming};
use IncomingState as A;

fn sent() -> Fixture {
    let mut fx = certified();
    fx.walk(&[
        (inc(A::InitialHearing), "2026-01-09"),
        (inc(A::ExtraditionHearing), "2026-02-01"),
        (inc(A::SentToSos), "2026-02-02"),
    ]);
    fx
}

fn awaiting_surrender() -> Fixture {
    let mut fx = sent();
    fx.walk(&[
        (inc(A::SosOrdered), "2026-03-02"),
        (inc(A::AwaitingSurrender), "2026-03-20"),
    ]);
    fx
}

fn claim(made: &str, outcome: AsylumOutcome, decided: Option<&str>) -> AsylumClaim {
    AsylumClaim {
        id: RecordId(Uuid::from_u128(0xA5)),
        made: d(made),
        outcome,
        decided: decided.map(d),
        note: String::new(),
    }
}

fn only(fx: &Fixture, key: ClockKey, today: &str) -> Vec<Clock> {
    fx.clocks(d(today))
        .into_iter()
        .filter(|c| c.key == key)
        .collect()
}

use crate::domain::clock::ClockKey;

#[test]
fn a_pending_asylum_claim_blocks_surrender_until_it_is_determined() {
    let mut fx = awaiting_surrender();
    fx.update(|c| c.asylum_claims = vec![claim("2026-03-25", AsylumOutcome::Pending, None)]);
    let refused = fx.try_go(fx.request(inc(A::Surrendered), "2026-04-01"));
    assert_eq!(
        refused,
        Err(CommandError::Transition(TransitionError::Blocked {
            blockers: vec![Blocker::Missing(CaseFact::NoAsylumClaimPending)]
        }))
    );
    assert!(
        refused.unwrap_err().to_string().contains("s.121"),
        "the refusal cites the law"
    );
    assert_eq!(fx.status(), inc(A::AwaitingSurrender));
    // Other moves are not blocked: the claim bars surrender, not the rest of the case.
    let mut postponed = fx.clone();
    postponed.go(inc(A::Postponed), "2026-04-01");
    // Finally determined, the person may be surrendered.
    fx.update(|c| {
        c.asylum_claims = vec![claim(
            "2026-03-25",
            AsylumOutcome::Refused,
            Some("2026-03-30"),
        )];
    });
    fx.go(inc(A::Surrendered), "2026-04-01");
}

#[test]
fn an_asylum_claims_outcome_and_dates_are_checked_together() {
    let mut fx = awaiting_surrender();
    for bad in [
        claim("2026-03-25", AsylumOutcome::Refused, Some("2026-03-20")),
        claim("2026-03-25", AsylumOutcome::Pending, Some("2026-03-30")),
        claim("2026-03-25", AsylumOutcome::Granted, None),
    ] {
        let mut details = fx.case().details.clone();
        details.asylum_claims = vec![bad.clone()];
        let result = fx.apply(Command::UpdateCase {
            case: fx.case,
            details: Box::new(details),
        });
        assert!(
            matches!(result, Err(CommandError::Invalid { .. })),
            "{bad:?} accepted: {result:?}"
        );
        assert!(fx.case().details.asylum_claims.is_empty());
    }
}

#[test]
fn a_move_the_workflow_refuses_names_the_states_it_may_go_to() {
    let mut fx = incoming();
    fx.go(inc(A::RequestReceived), "2026-01-06");
    let e = fx
        .try_go(fx.request(inc(A::Surrendered), "2026-01-07"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("may go to: Special arrangement certified (s.194) (SPECIAL_ARRANGEMENT_CERTIFIED), Not certified (NOT_CERTIFIED), Withdrawn (WITHDRAWN)"),
        "{e}"
    );
}

#[test]
fn the_day_the_person_was_told_is_checked_against_the_order_and_today() {
    let told = |on: &str| [(Detail::DatePersonTold, DetailValue::Date(d(on)))];
    let request = |fx: &Fixture, on: &str| {
        told(on)
            .into_iter()
            .fold(fx.request(inc(A::SosOrdered), "2026-03-02"), |r, (k, v)| {
                r.with(k, v)
            })
    };
    let mut fx = sent();
    fx.set_now("2026-03-05");
    assert_eq!(
        fx.try_go(request(&fx, "2026-03-01")),
        Err(CommandError::Transition(TransitionError::DetailDate {
            detail: Detail::DatePersonTold,
            date: d("2026-03-01"),
            problem: DateProblem::BeforeMove(d("2026-03-02")),
        }))
    );
    assert_eq!(
        fx.try_go(request(&fx, "2026-03-06")),
        Err(CommandError::Transition(TransitionError::DetailDate {
            detail: Detail::DatePersonTold,
            date: d("2026-03-06"),
            problem: DateProblem::InFuture,
        }))
    );
    assert_eq!(fx.status(), inc(A::SentToSos));
    // In order, the appeal window runs 14 days starting with the day the person was told.
    fx.try_go(request(&fx, "2026-03-04")).unwrap();
    let appeal = only(&fx, K::UkAppealHc, "2026-03-05");
    assert_eq!(
        (appeal[0].trigger_date, appeal[0].due),
        (d("2026-03-04"), d("2026-03-17"))
    );
}

#[test]
fn a_date_fixed_ahead_with_a_move_may_not_be_before_it() {
    let mut fx = certified();
    let mut request = fx.request(inc(A::InitialHearing), "2026-01-09");
    request
        .details
        .insert(Detail::FixedHearingDate, DetailValue::Date(d("2026-01-08")));
    assert_eq!(
        fx.try_go(request),
        Err(CommandError::Transition(TransitionError::DetailDate {
            detail: Detail::FixedHearingDate,
            date: d("2026-01-08"),
            problem: DateProblem::BeforeMove(d("2026-01-09")),
        }))
    );
}

#[test]
fn the_states_appeal_against_a_discharge_is_recorded_and_meets_its_window() {
    let mut fx = discharged_after_hearing();
    fx.go(inc(A::StateAppeal), "2026-05-10");
    let window = only(&fx, K::UkAppealState, "2026-05-11");
    assert_eq!(
        (window.len(), window[0].status, window[0].due),
        (1, ClockStatus::Met, d("2026-05-17"))
    );
    // Dismissed: discharged again, and leave to go to the Supreme Court is the way on; the
    // state's 14 days do not start again.
    fx.go(inc(A::Discharged), "2026-07-01");
    assert_eq!(only(&fx, K::UkAppealState, "2026-07-02").len(), 1);
    let leave = only(&fx, K::UkScLeave, "2026-07-02");
    assert_eq!(
        (leave.len(), leave[0].status, leave[0].due),
        (1, ClockStatus::Open, d("2026-07-14"))
    );
    fx.go(inc(A::ScLeaveSought), "2026-07-10");
    assert_eq!(
        only(&fx, K::UkScLeave, "2026-07-11")[0].status,
        ClockStatus::Met
    );
    fx.go(inc(A::AppealSc), "2026-09-01");
    assert_eq!(
        only(&fx, K::UkScBring, "2026-09-02")[0].due,
        d("2026-09-28")
    );
    // Lodged late, the window shows as passed unused.
    let mut late = discharged_after_hearing();
    late.go(inc(A::StateAppeal), "2026-05-20");
    assert_eq!(
        only(&late, K::UkAppealState, "2026-05-21")[0].status,
        ClockStatus::Expired
    );
    // Allowed on a judge's discharge, the case goes back to the extradition hearing.
    let mut allowed = discharged_after_hearing();
    allowed.walk(&[
        (inc(A::StateAppeal), "2026-05-10"),
        (inc(A::ExtraditionHearing), "2026-07-01"),
    ]);
    assert_eq!(allowed.status(), inc(A::ExtraditionHearing));
}

#[test]
fn leave_sought_after_the_high_courts_decision_holds_surrender_until_refused() {
    let mut fx = sent();
    fx.walk(&[
        (inc(A::SosOrdered), "2026-03-02"),
        (inc(A::AppealHc), "2026-03-10"),
        (inc(A::AwaitingSurrender), "2026-06-01"),
    ]);
    fx.go(inc(A::ScLeaveSought), "2026-06-10");
    assert_eq!(
        only(&fx, K::UkScLeave, "2026-06-11")[0].status,
        ClockStatus::Met
    );
    let surrender = only(&fx, K::UkSurrender, "2026-06-11");
    assert!(
        surrender.iter().all(|c| !c.is_pending()),
        "surrender waits on the application: {surrender:?}"
    );
    // Refused: the 28 days run again from the refusal.
    fx.go(inc(A::AwaitingSurrender), "2026-07-01");
    let again: Vec<_> = only(&fx, K::UkSurrender, "2026-07-02")
        .into_iter()
        .filter(Clock::is_pending)
        .collect();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].due, d("2026-07-28"));
}

#[test]
fn a_chaser_gives_each_date_with_its_counting() {
    let chases = K::MlaFollowUp.rule().chases(d("2026-02-02"));
    let dates: Vec<(u32, NaiveDate)> = chases.iter().map(|c| (c.days, c.date)).collect();
    assert_eq!(
        dates,
        [
            (30, d("2026-03-04")),
            (60, d("2026-04-03")),
            (90, d("2026-05-03"))
        ]
    );
    assert!(K::UkPaDocs.rule().chases(d("2026-02-02")).is_empty());
}

#[test]
fn a_hearing_fixed_past_its_statutory_limit_is_warned_of() {
    // Arrested on the warrant, first appearance 10 March: the hearing must begin by 9 May (s.75).
    let arrested = || {
        let mut fx = certified();
        fx.walk(&[
            (inc(A::WarrantIssued), "2026-01-09"),
            (inc(A::Arrested), "2026-03-09"),
        ]);
        fx
    };
    let fixed = |on: &str| [(Detail::FixedHearingDate, DetailValue::Date(d(on)))];
    let mut late = arrested();
    late.go_with(inc(A::InitialHearing), "2026-03-10", &fixed("2026-05-20"));
    let warned = warnings(
        late.case(),
        d("2026-03-11"),
        &late.book.settings.working_days(),
    );
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert_eq!(
        (warned[0].fixed, warned[0].limit),
        (d("2026-05-20"), d("2026-05-09"))
    );
    assert!(
        warned[0].to_string().contains("EA 2003 s.75"),
        "{}",
        warned[0]
    );
    // Brought forward in the case's hearings, the warning goes.
    late.update(|c| {
        c.hearings.push(Hearing {
            id: RecordId(Uuid::from_u128(0x4E)),
            date: d("2026-05-05"),
            kind: HearingKind::Extradition,
            court: "Westminster Magistrates' Court".into(),
            outcome: String::new(),
            public: true,
        });
    });
    assert!(
        warnings(
            late.case(),
            d("2026-03-11"),
            &late.book.settings.working_days()
        )
        .is_empty()
    );
    // On the last day is in time.
    let mut in_time = arrested();
    in_time.go_with(inc(A::InitialHearing), "2026-03-10", &fixed("2026-05-09"));
    assert!(
        warnings(
            in_time.case(),
            d("2026-03-11"),
            &in_time.book.settings.working_days()
        )
        .is_empty()
    );
    // Once the hearing began, the limit is met and nothing is warned of.
    late.update(|c| c.hearings.clear());
    late.go(inc(A::ExtraditionHearing), "2026-05-20");
    assert!(
        warnings(
            late.case(),
            d("2026-05-21"),
            &late.book.settings.working_days()
        )
        .is_empty()
    );
}

#[test]
fn the_agenda_says_which_chase_is_due_and_how_it_is_counted() {
    use crate::domain::agenda::Agenda;
    let mut fx = Fixture::ready(CaseKind::Mla, Direction::Outgoing, OPENED);
    fx.walk(&[
        (mla(MlaState::InReview), "2026-01-06"),
        (mla(MlaState::Issued), "2026-01-07"),
        (mla(MlaState::Transmitted), "2026-02-02"),
    ]);
    let said = |today: &str| -> Vec<String> {
        let agenda = Agenda::new(&fx.book, d(today));
        agenda
            .entries()
            .filter(|e| e.case == fx.case)
            .map(|e| e.describe(fx.case()))
            .collect()
    };
    assert!(
        said("2026-03-10").contains(
            &"Follow up an unanswered request, chase 2 of 3: 60 days after the request being transmitted on 02 Feb 2026".to_string()
        ),
        "{:?}",
        said("2026-03-10")
    );
    assert!(
        said("2026-02-03").iter().any(|l| l
            .ends_with("chase 1 of 3: 30 days after the request being transmitted on 02 Feb 2026")),
        "{:?}",
        said("2026-02-03")
    );
}
