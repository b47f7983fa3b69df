//! What a workstream case records on itself (`particulars.rs`, `docs/law.md` §§8, 12): the SOA
//! 2003 s.82 notification period row by row with its edges, the Passport Control List
//! proposal with no clock, the Early Removal Scheme date as information.

use super::*;
use crate::domain::agenda::Agenda;
use crate::domain::clock::{ClockKey, ClockStatus, Nature};
use crate::domain::particulars::{PclStatus, Sentence, lines};
use crate::domain::workflow::AlertState as O;

fn alert(relevant: &str, sentence: Sentence, under_18: bool) -> Fixture {
    let mut fx = Fixture::open(CaseKind::OffenderAlert, Direction::Outgoing, OPENED);
    fx.update(|c| {
        c.workstream.relevant_date = Some(d(relevant));
        c.workstream.sentence = Some(sentence);
        c.workstream.under_18 = under_18;
    });
    fx
}

/// §14's offender alert 3: conviction 14 Oct 2026, 18 months' imprisonment.
pub fn notification_recorded() -> Fixture {
    alert("2026-10-14", Sentence::Imprisonment(18), false)
}

/// The same, the offender under 18 then.
pub fn notification_recorded_under_18() -> Fixture {
    alert("2026-10-14", Sentence::Imprisonment(18), true)
}

/// A returns case opened 5 Jan 2026 whose prison gave 1 Jun 2026 as the ERS date.
pub fn ers_recorded() -> Fixture {
    let mut fx = Fixture::open(CaseKind::Returns, Direction::Outgoing, OPENED);
    fx.update(|c| c.workstream.ers_date = Some(d("2026-06-01")));
    fx
}

/// The notification clock of `fx` as of `today`, if one runs.
fn notification_clock(fx: &Fixture, today: &str) -> Option<Clock> {
    fx.clocks(d(today)).into_iter().find(|c| {
        matches!(
            c.key,
            ClockKey::SoaNotificationEnd | ClockKey::SoaNotificationEndUnder18
        )
    })
}

#[test]
fn each_row_of_the_s82_table_and_its_edges_gives_its_end() {
    use Sentence::{Caution, Imprisonment as Months};
    // (relevant date, sentence, under 18, the last day of the requirement; none: indefinite)
    let rows: [(&str, Sentence, bool, Option<&str>); 16] = [
        // 30 months or more: indefinite, exactly 30 included.
        ("2026-10-14", Months(36), false, None),
        ("2026-10-14", Months(30), false, None),
        ("2026-10-14", Months(30), true, None),
        // More than 6 and under 30 months: 10 years "beginning with" the relevant date.
        ("2026-10-14", Months(29), false, Some("2036-10-13")),
        ("2026-10-14", Months(18), false, Some("2036-10-13")),
        ("2026-10-14", Months(7), false, Some("2036-10-13")),
        // 6 months or less: 7 years, exactly 6 included.
        ("2026-10-14", Months(6), false, Some("2033-10-13")),
        ("2026-10-14", Months(1), false, Some("2033-10-13")),
        // A caution: 2 years.
        ("2026-10-14", Caution, false, Some("2028-10-13")),
        // Under 18 on the relevant date: half of each (s.82(2), unverified).
        ("2026-10-14", Months(18), true, Some("2031-10-13")),
        ("2026-10-14", Months(6), true, Some("2030-04-13")),
        ("2026-10-14", Caution, true, Some("2027-10-13")),
        // 29 February: a period with no corresponding day ends on the month's last day.
        ("2028-02-29", Months(18), false, Some("2038-02-28")),
        ("2028-02-29", Months(6), false, Some("2035-02-28")),
        ("2028-02-29", Caution, true, Some("2029-02-28")),
        ("2028-02-28", Caution, false, Some("2030-02-27")),
    ];
    for (relevant, sentence, young, end) in rows {
        let fx = alert(relevant, sentence, young);
        let label = format!("{sentence} from {relevant}, under 18: {young}");
        let clock = notification_clock(&fx, relevant);
        match end {
            None => {
                assert_eq!(clock, None, "{label}: indefinite has no clock");
                let words = lines(fx.case());
                assert!(
                    words
                        .iter()
                        .any(|(what, v)| *what == "Notification period"
                            && v.starts_with("indefinite")),
                    "{label}: {words:?}"
                );
            }
            Some(end) => {
                let clock = clock.unwrap_or_else(|| panic!("{label}: no clock"));
                assert_eq!(clock.due, d(end), "{label}");
                assert_eq!(clock.trigger_date, d(relevant), "{label}");
                assert_eq!(clock.status, ClockStatus::Open, "{label}");
                // Halving is unverified: only the under-18 rule carries the "check" marker.
                assert_eq!(clock.rule().verified, !young, "{label}");
                assert_eq!(clock.rule().code, "SOA_NOTIFICATION_END", "{label}");
                assert_eq!(clock.rule().nature, Nature::Expiry, "{label}");
                assert!(clock.due_words().starts_with("expires "), "{label}");
            }
        }
    }
}

#[test]
fn the_worked_example_ends_notification_on_13_october_2036_and_runs_through_the_agenda() {
    // §14, offender alerts 3: conviction 14 Oct 2026, 18 months' imprisonment.
    let mut fx = notification_recorded();
    let clock = notification_clock(&fx, "2026-10-14").expect("a clock");
    assert_eq!(clock.due, d("2036-10-13"));
    assert!(clock.is_pending());
    assert!(
        clock
            .rule()
            .period()
            .contains("10 years for imprisonment for more than 6")
    );
    let words = lines(fx.case());
    assert!(
        words.contains(&(
            "Notification period",
            "10 years (18 months; SOA 2003 s.82), ends 13 Oct 2036".to_string()
        )),
        "{words:?}"
    );
    // In the agenda once within its horizon, and after the alert is closed: the requirement
    // is the offender's, not the alert's.
    for state in [O::TravelNotified, O::RiskAssessed, O::NoAlert] {
        let mut request = fx.request(Status::Alert(state), "2027-01-05");
        request.override_reason = Some("Test".into());
        fx.try_go(request)
            .unwrap_or_else(|e| panic!("{state:?}: {e}"));
    }
    assert!(fx.case().status().is_terminal());
    let today = d("2036-10-01");
    let agenda = Agenda::new(&fx.book, today);
    let keys: Vec<_> = agenda.entries().map(|e| (e.date, e.key)).collect();
    assert!(
        keys.iter().any(|(date, key)| *date == d("2036-10-13")
            && matches!(
                key,
                crate::domain::agenda::ItemKey::Clock(ClockKey::SoaNotificationEnd, _)
            )),
        "{keys:?}"
    );
    // Passed, it has ended: expired, never overdue.
    let ended = notification_clock(&fx, "2036-10-14").expect("a clock");
    assert_eq!(ended.status, ClockStatus::Expired);
    assert!(!ended.is_overdue());
    // For an under-18 it would be 13 Oct 2031, marked "check".
    fx.update(|c| c.workstream.under_18 = true);
    let young = notification_clock(&fx, "2026-10-14").expect("a clock");
    assert_eq!(young.due, d("2031-10-13"));
    assert!(!young.rule().verified);
}

#[test]
fn the_passport_control_list_proposal_is_a_status_with_no_clock() {
    let mut fx = Fixture::open(CaseKind::OffenderAlert, Direction::Outgoing, OPENED);
    let before = fx.clocks(d(OPENED));
    fx.update(|c| c.workstream.pcl = Some(PclStatus::Proposed));
    assert_eq!(fx.clocks(d(OPENED)), before, "a proposal starts no clock");
    let words = lines(fx.case());
    assert!(
        words
            .iter()
            .any(|(what, v)| *what == "Passport Control List" && v.starts_with("PROPOSED")),
        "{words:?}"
    );
    // The edit is recorded field by field.
    let EventKind::Edited { changes, .. } = &fx.last_event().kind else {
        panic!("not an edit: {:?}", fx.last_event());
    };
    assert_eq!(changes[0].field, "Passport Control List");
    assert_eq!(changes[0].new, "PROPOSED");
    // Only an offender alert records it; a returns case has its own listing, a clock.
    let mut returns = Fixture::open(CaseKind::Returns, Direction::Outgoing, OPENED);
    let mut details = returns.case().details.clone();
    details.workstream.pcl = Some(PclStatus::Proposed);
    let refused = returns.apply(Command::UpdateCase {
        case: returns.case,
        details: Box::new(details),
    });
    match refused {
        Err(CommandError::Invalid { problems }) => {
            assert_eq!(problems[0].field, "workstream.pcl");
            assert!(problems[0].message.contains("offender alert"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_early_removal_scheme_date_is_information_never_overdue() {
    let mut fx = ers_recorded();
    let ers = |fx: &Fixture, today: &str| {
        fx.clocks(d(today))
            .into_iter()
            .find(|c| c.key == ClockKey::UkErsDate)
            .expect("the ERS date")
    };
    let ahead = ers(&fx, "2026-05-01");
    assert_eq!(ahead.due, d("2026-06-01"));
    assert_eq!(ahead.due_words(), "on 01 Jun 2026");
    assert!(!ahead.is_pending(), "information, not a duty");
    let passed = ers(&fx, "2026-07-01");
    assert!(!passed.is_overdue());
    assert_ne!(passed.status, ClockStatus::Missed);
    // No agenda line: nothing is due.
    let agenda = Agenda::new(&fx.book, d("2026-05-25"));
    assert!(agenda.entries().all(|e| !matches!(
        e.key,
        crate::domain::agenda::ItemKey::Clock(ClockKey::UkErsDate, _)
    )),);
    // A closed case's date no longer applies.
    let mut request = fx.request(
        Status::Returns(crate::domain::workflow::ReturnsState::Withdrawn),
        "2026-02-01",
    );
    request.override_reason = Some("Test".into());
    fx.try_go(request).expect("withdrawn");
    assert_eq!(ers(&fx, "2026-05-01").status, ClockStatus::Void);
    // Only a returns case records it.
    let mut alert = Fixture::open(CaseKind::OffenderAlert, Direction::Outgoing, OPENED);
    let mut details = alert.case().details.clone();
    details.workstream.ers_date = Some(d("2026-06-01"));
    let refused = alert.apply(Command::UpdateCase {
        case: alert.case,
        details: Box::new(details),
    });
    assert!(
        matches!(&refused, Err(CommandError::Invalid { problems }) if problems[0].field == "workstream.ers_date"),
        "{refused:?}"
    );
}

#[test]
fn a_sentence_is_read_as_typed_and_refused_naming_what_is_wrong() {
    for (typed, read) in [
        ("18 months", Some(Sentence::Imprisonment(18))),
        (" 6 ", Some(Sentence::Imprisonment(6))),
        ("1 month", Some(Sentence::Imprisonment(1))),
        ("30 months' imprisonment", Some(Sentence::Imprisonment(30))),
        ("Caution", Some(Sentence::Caution)),
        ("", None),
    ] {
        assert_eq!(Sentence::parse(typed), Ok(read), "{typed}");
    }
    for bad in ["0 months", "-3", "eighteen months", "18 weeks"] {
        let e = Sentence::parse(bad).expect_err(bad);
        assert!(e.contains(bad.trim()) && e.contains("caution"), "{e}");
    }
    // Shown as typed back.
    assert_eq!(Sentence::Imprisonment(18).to_string(), "18 months");
}
