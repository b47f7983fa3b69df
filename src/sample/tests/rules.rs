//! Domain rules whose shortcuts are checked against the full computation over a large generated
//! casebook, where every list and clock state has cases in it.

use crate::domain::clock::{Clock, clocks, next_deadline, settled_before};
use crate::domain::tests::d;

#[test]
fn the_next_deadline_of_a_settled_closed_case_is_none_as_a_full_replay_finds() {
    let today = d("2026-11-23");
    let book = crate::sample::generate(600, 5, today);
    let days = book.settings.working_days();
    let mut settled = 0;
    for case in book.cases() {
        for day in [d("2019-01-01"), today, d("2031-06-30")] {
            let replayed = clocks(case, day, &days)
                .into_iter()
                .filter(Clock::is_pending)
                .min_by_key(|c| c.due);
            assert_eq!(
                next_deadline(case, day, &days),
                replayed,
                "{}",
                case.reference
            );
        }
        settled += usize::from(settled_before(case, chrono::NaiveDate::MAX));
    }
    // The shortcut is taken, and not for every case.
    assert!(settled > 0 && settled < book.cases().len(), "{settled}");
}

#[test]
fn filing_in_parts_gives_exactly_what_filing_case_by_case_gives() {
    let today = d("2026-11-23");
    let book = crate::sample::generate(3_000, 7, today);
    crate::domain::stats::tests::filing_in_parts_gives_exactly_what_filing_case_by_case_gives(
        &book, today,
    );
}
