//! Clocks that count working days count them with the casebook's holiday calendars
//! (`../shared/domain.md` §7): a deadline across Christmas or Eid moves by the holidays, and a
//! count reaching a year with no calendar is marked "check holidays".

use super::*;
use crate::domain::clock::{Clock, ClockKey};
use crate::domain::details::Country;
use crate::domain::holidays::HolidayCalendars;
use crate::domain::holidays::{Holiday, Region};
use crate::domain::workflow::ConvictionState as X;

/// CRX_RESPOND of an incoming conviction-data request received on `received`, in a casebook
/// whose own side is `home`, counted with `calendars`.
fn respond(received: &str, home: Country, calendars: Option<HolidayCalendars>) -> Clock {
    let mut fx = Fixture::ready(CaseKind::ConvictionData, Direction::Incoming, "2026-12-01");
    fx.book.settings.home_country = home;
    fx.book.settings.holidays = calendars;
    fx.go(Status::Conviction(X::Received), received);
    let found: Vec<Clock> = fx
        .clocks(d(received))
        .into_iter()
        .filter(|c| c.key == ClockKey::CrxRespond)
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    found[0].clone()
}

#[test]
fn a_reply_due_across_christmas_moves_by_the_bank_holidays() {
    // Received Wed 23 Dec 2026 in England and Wales: Christmas Day, Boxing Day's substitute
    // (Mon 28 Dec) and New Year's Day are skipped, so the tenth working day is Mon 11 Jan 2027.
    let c = respond("2026-12-23", Country::uk(), None);
    assert_eq!((c.due, c.check_holidays), (d("2027-01-11"), false));
    assert_eq!(c.due_words(), "due 11 Jan 2027");
    // Pakistan works through Boxing Day and New Year's Day (only 25 Dec is off there).
    let c = respond("2026-12-23", Country::pakistan(), None);
    assert_eq!((c.due, c.check_holidays), (d("2027-01-07"), false));
}

#[test]
fn a_reply_due_across_eid_moves_by_pakistans_holidays() {
    // domain.md §14, conviction data 2: received Mon 1 Mar 2027, 10 working days. Answered
    // from the United Kingdom: no holiday, Mon 15 Mar. Answered from Pakistan: Eid-ul-Fitr
    // (10–12 Mar 2027, expected) moves it to Thu 18 Mar.
    let uk = respond("2027-03-01", Country::uk(), None);
    assert_eq!((uk.due, uk.check_holidays), (d("2027-03-15"), false));
    let pk = respond("2027-03-01", Country::pakistan(), None);
    assert_eq!((pk.due, pk.check_holidays), (d("2027-03-18"), false));
    // The officer's own dates count: a fourth day of Eid announced for Mon 15 Mar moves it on
    // to Fri 19 Mar.
    let mut calendars = HolidayCalendars::built_in();
    let mut year = calendars.year(Region::Pakistan, 2027).unwrap().clone();
    year.days.push(Holiday {
        date: d("2027-03-15"),
        name: "Eid-ul-Fitr (extended)".into(),
    });
    calendars.set_year(year).unwrap();
    let pk = respond("2027-03-01", Country::pakistan(), Some(calendars));
    assert_eq!(pk.due, d("2027-03-19"));
}

#[test]
fn a_count_reaching_a_year_with_no_calendar_is_marked_check_holidays() {
    // From Mon 20 Dec 2027 the count runs into 2028, which has no calendar.
    let c = respond("2027-12-20", Country::uk(), None);
    assert!(c.check_holidays, "{c:?}");
    assert!(
        c.due_words().ends_with("(check holidays)"),
        "{}",
        c.due_words()
    );
    // A home country with no calendar kept: weekdays only, marked.
    let c = respond("2027-03-01", Country("Ireland".into()), None);
    assert_eq!((c.due, c.check_holidays), (d("2027-03-15"), true));
}

#[test]
fn the_removal_notice_counts_the_united_kingdoms_days_whatever_the_home_side() {
    // The notice period is the United Kingdom's (IAA 1999 s.10A): a casebook kept in Pakistan
    // still skips Good Friday and Easter Monday 2027 (domain.md §14, returns 2).
    let mut fx = super::workstreams::returns_scheduled();
    fx.book.settings.home_country = Country::pakistan();
    let notice = fx
        .clocks(d("2027-03-25"))
        .into_iter()
        .find(|c| c.key == ClockKey::UkRemovalNotice)
        .unwrap();
    assert_eq!(
        (notice.due, notice.check_holidays),
        (d("2027-04-03"), false)
    );
    // Scotland has no Easter Monday: chosen, the fifth day is Thu 1 Apr, not before Fri 2 Apr.
    let mut calendars = HolidayCalendars::built_in();
    calendars.uk_region = Region::Scotland;
    fx.book.settings.holidays = Some(calendars);
    let notice = fx
        .clocks(d("2027-03-25"))
        .into_iter()
        .find(|c| c.key == ClockKey::UkRemovalNotice)
        .unwrap();
    assert_eq!(notice.due, d("2027-04-02"));
}
