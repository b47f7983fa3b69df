//! The sample's outcomes (issue 23): persons surrendered and returned, assets restrained and
//! confiscated or returned, things seized, each on a case that got there; so the review
//! report of the sample's last year has outcome figures.

use super::*;
use crate::domain::figures::{Figures, OutcomeDetail};
use crate::domain::outcomes::PersonOutcomeKind;
use crate::domain::stats::DateRange;
use crate::domain::workflow::{IncomingState, MlaState, OutgoingState, ReturnsState};

#[test]
fn closed_cases_carry_what_came_of_them_and_the_years_report_counts_it() {
    let (book, errors) = sample();
    assert!(errors.is_empty(), "{errors:#?}");
    let standing_to = |c: &Case, s: Status| {
        crate::domain::corrections::standing(c.history())
            .any(|e| matches!(&e.kind, EventKind::Transition { to, .. } if *to == s))
    };
    let returns = book
        .governance()
        .agreement_named("Returns arrangement")
        .map(|a| a.id);
    let mut with = 0;
    for c in book.cases() {
        let o = &c.details.outcomes;
        for p in &o.persons {
            let reached = match p.kind {
                PersonOutcomeKind::Surrendered => {
                    standing_to(c, Status::Incoming(IncomingState::Surrendered))
                        || standing_to(c, Status::Outgoing(OutgoingState::Surrendered))
                }
                _ => standing_to(c, Status::Returns(ReturnsState::Removed)),
            };
            assert!(
                reached,
                "{}: {:?} without getting there",
                c.reference, p.kind
            );
            assert_eq!(p.person, c.details.subjects().next(), "{}", c.reference);
            if c.kind == CaseKind::Returns {
                assert_eq!(c.details.agreement, returns, "{}", c.reference);
            }
        }
        if !o.assets.is_empty() || !o.seizures.is_empty() {
            assert!(
                standing_to(c, Status::Mla(MlaState::Executed))
                    || standing_to(c, Status::Mla(MlaState::PartiallyExecuted)),
                "{}",
                c.reference
            );
        }
        assert!(o.assets.iter().all(|a| a.date <= today()));
        with += usize::from(!o.is_blank());
    }
    assert!(with >= 20, "{with} cases with outcomes");

    // The last year's report counts outcomes; surrenders are fewer, so they are looked for over
    // every year of the sample.
    let report = |from| {
        Figures::compute(
            book.cases(),
            DateRange::new(from, today()).unwrap(),
            today(),
            OutcomeDetail::Full,
            &book.settings.working_days(),
        )
        .outcomes
    };
    let persons = |o: &crate::domain::figures::OutcomeFigures, k: PersonOutcomeKind| {
        o.persons
            .iter()
            .find(|(kind, _)| *kind == k)
            .map_or(0, |(_, n)| *n)
    };
    let year = report(add_days(today(), -365));
    assert!(
        persons(&year, PersonOutcomeKind::ReturnedForeignOffender)
            + persons(&year, PersonOutcomeKind::ReturnedImmigrationOffender)
            > 0,
        "{year:?}"
    );
    assert!(!year.assets.is_empty() && !year.seizures.is_empty());
    let all = report(add_days(today(), -20 * 365));
    assert!(persons(&all, PersonOutcomeKind::Surrendered) > 0, "{all:?}");
}
