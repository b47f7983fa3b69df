//! Two officers' copies with different edits to the holiday calendars merge, whichever copy
//! merges the other (the calendars are the settings' one shared part: `HolidayCalendars::merged`).

use super::*;
use crate::domain::holidays::{Holiday, HolidayCalendars, Region};
use crate::domain::merge::merge;
use std::collections::HashMap;

/// `fx`'s casebook with `theirs` merged in (no conflict expected).
fn merged(fx: &Fixture, theirs: &Casebook) -> Casebook {
    let result = merge(&fx.book, theirs);
    assert!(result.conflicts.is_empty());
    let mut ids = SeededIds::new(fx.seed);
    let mut ctx = Ctx {
        now: (fx.now + chrono::Duration::minutes(1)).into(),
        ids: &mut ids,
    };
    let command = result.resolve(&HashMap::new(), &mut ctx).unwrap();
    let mut book = fx.book.clone();
    book.apply(command, &mut ctx).unwrap();
    book
}

/// `fx`'s calendars changed by `change`, through the settings as the window changes them.
fn edit_holidays(fx: &mut Fixture, change: impl FnOnce(&mut HolidayCalendars)) {
    let mut settings = fx.book.settings.clone();
    let mut holidays = settings.holidays().clone();
    change(&mut holidays);
    settings.holidays = Some(holidays);
    fx.apply(Command::UpdateSettings(Box::new(settings)))
        .unwrap();
}

fn eid_announced(day: &str) -> impl FnOnce(&mut HolidayCalendars) {
    let day = d(day);
    move |h: &mut HolidayCalendars| {
        let mut year = h.year(Region::Pakistan, 2027).unwrap().clone();
        year.days.push(Holiday {
            date: day,
            name: "Eid-ul-Fitr (announced)".into(),
        });
        h.set_year(year).unwrap();
    }
}

fn two_copies() -> (Fixture, Fixture) {
    let base = Fixture::ready(CaseKind::Extradition, Direction::Incoming, "2026-12-01");
    let (mut a, mut b) = (base.clone(), base);
    a.book.settings.officer_name = "A. Shaw".into();
    b.book.settings.officer_name = "S. Ahmed".into();
    b.seed = 9_000;
    b.now += chrono::Duration::minutes(5);
    (a, b)
}

#[test]
fn different_holiday_edits_on_two_copies_merge_to_the_same_calendars_either_way() {
    let (mut a, mut b) = two_copies();
    // A sets Pakistan's Eid; B chooses Scotland and edits England and Wales 2027 too.
    edit_holidays(&mut a, eid_announced("2027-03-15"));
    edit_holidays(&mut b, |h| h.uk_region = Region::Scotland);
    // Both edit Pakistan 2028, B later: B's year wins on both.
    edit_holidays(&mut a, |h| {
        h.set_year(crate::domain::holidays::HolidayYear {
            region: Region::Pakistan,
            year: 2028,
            source: "A's circular".into(),
            days: Vec::new(),
            stamp: Default::default(),
        })
        .unwrap()
    });
    b.now += chrono::Duration::minutes(10);
    edit_holidays(&mut b, |h| {
        h.set_year(crate::domain::holidays::HolidayYear {
            region: Region::Pakistan,
            year: 2028,
            source: "B's circular".into(),
            days: Vec::new(),
            stamp: Default::default(),
        })
        .unwrap()
    });
    let into_a = merged(&a, &b.book);
    let into_b = merged(&b, &a.book);
    let (ha, hb) = (into_a.settings.holidays(), into_b.settings.holidays());
    assert_eq!(ha, hb);
    assert_eq!(ha.uk_region, Region::Scotland);
    let pk = ha.year(Region::Pakistan, 2027).unwrap();
    assert!(pk.days.iter().any(|h| h.date == d("2027-03-15")), "{pk:?}");
    assert_eq!(
        ha.year(Region::Pakistan, 2028).unwrap().source,
        "B's circular"
    );
    // Merged again, nothing more changes.
    let mut again = a.clone();
    again.book = into_a.clone();
    assert!(merge(&again.book, &into_b).is_empty());
}

#[test]
fn the_same_holiday_edit_on_both_copies_merges_to_equal_casebooks() {
    let (mut a, mut b) = two_copies();
    edit_holidays(&mut a, eid_announced("2027-03-15"));
    edit_holidays(&mut b, eid_announced("2027-03-15"));
    let into_a = merged(&a, &b.book);
    let into_b = merged(&b, &a.book);
    assert_eq!(into_a.settings.holidays, into_b.settings.holidays);
    assert_eq!(into_a.stamps(), into_b.stamps());
    // The merged calendar still counts the announced day: the day after Fri 12 Mar is Tue 16.
    let counted = into_a
        .settings
        .holidays()
        .add_working_days(Region::Pakistan, d("2027-03-12"), 1);
    assert_eq!(counted.day, d("2027-03-16"));
}
