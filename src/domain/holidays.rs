//! Holiday calendars as data (`../shared/domain.md` §7): the United Kingdom's bank holidays
//! (England and Wales, Scotland or Northern Ireland, as the casebook chooses) and Pakistan's
//! public holidays, year by year, each year with its source. Working days are counted with
//! them; a count that reaches a year with no calendar says "check holidays" instead of
//! guessing.
//!
//! The calendars live in the casebook's settings (`Settings::holidays`), so every computer and
//! the command line count the same days for the same file; a casebook saved before calendars
//! existed uses the built-in ones ([`HolidayCalendars::built_in`]).

use super::hlc::Stamp;
use super::labels::labelled_enum;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::fmt;

labelled_enum!(
    /// Whose holidays a calendar holds. Bank holidays differ within the United Kingdom.
    Region {
        EnglandWales => "England and Wales",
        Scotland => "Scotland",
        NorthernIreland => "Northern Ireland",
        Pakistan => "Pakistan",
    }
);

impl Region {
    /// The United Kingdom's three calendars, one of which a casebook counts with.
    pub const UK: [Region; 3] = [
        Region::EnglandWales,
        Region::Scotland,
        Region::NorthernIreland,
    ];
}

/// One day off.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: String,
}

/// One region's holidays for one year, and where they were taken from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayYear {
    pub region: Region,
    pub year: i32,
    /// Where the dates come from, e.g. "gov.uk/bank-holidays" or a Cabinet Division notification.
    pub source: String,
    pub days: Vec<Holiday>,
    /// When this year was last edited, so two copies' edits merge to the later one (`merge`);
    /// the built-in years and those of older files have none.
    #[serde(default, skip_serializing_if = "is_unstamped")]
    pub stamp: Stamp,
}

fn is_unstamped(stamp: &Stamp) -> bool {
    *stamp == Stamp::default()
}

/// Every calendar of a casebook and which United Kingdom calendar it counts with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayCalendars {
    /// England and Wales unless chosen otherwise.
    pub uk_region: Region,
    pub years: Vec<HolidayYear>,
    /// When the United Kingdom calendar was last chosen (see [`HolidayYear::stamp`]).
    #[serde(default, skip_serializing_if = "is_unstamped")]
    pub uk_region_stamp: Stamp,
}

impl Default for HolidayCalendars {
    fn default() -> Self {
        Self::built_in()
    }
}

/// The marker of a working-day count that crossed a year with no calendar, wherever the date is
/// shown (window, command line, exports).
pub const CHECK_HOLIDAYS: &str = "check holidays";

/// A working day counted with a calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counted {
    pub day: NaiveDate,
    /// The count crossed a year the calendar has no dates for: only weekends were skipped
    /// there, so the day must be checked against that year's holidays.
    pub check_holidays: bool,
}

impl fmt::Display for Counted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.day.format("%a %d %b %Y"))?;
        if self.check_holidays {
            write!(f, " ({CHECK_HOLIDAYS})")?;
        }
        Ok(())
    }
}

/// Whose working days a rule counts: the United Kingdom's (a UK statute's notice period, in the
/// casebook's chosen UK calendar) or the casebook's own side's (a reply it owes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Whose {
    Uk,
    Home,
}

impl Whose {
    /// Whose holidays, completing "working days by … holidays".
    pub fn words(self) -> &'static str {
        match self {
            Whose::Uk => "the United Kingdom's",
            Whose::Home => "our own country's",
        }
    }
}

/// What a casebook's clocks count working days with: its calendars, and which region is its
/// own side's (`None` for a home country Casedesk keeps no calendar for: weekdays only, marked).
#[derive(Clone, Copy, Debug)]
pub struct WorkingDays<'a> {
    pub calendars: &'a HolidayCalendars,
    pub home: Option<Region>,
}

impl WorkingDays<'_> {
    /// The `n`th working day after `from` in `whose` calendar (see
    /// [`HolidayCalendars::add_working_days`]).
    pub fn add(&self, whose: Whose, from: NaiveDate, n: u32) -> Counted {
        let region = match whose {
            Whose::Uk => Some(self.calendars.uk_region),
            Whose::Home => self.home,
        };
        match region {
            Some(region) => self.calendars.add_working_days(region, from, n),
            // No calendar at all: every year counts as one with no dates.
            None => HolidayCalendars {
                uk_region: self.calendars.uk_region,
                years: Vec::new(),
                uk_region_stamp: Stamp::default(),
            }
            .add_working_days(Region::EnglandWales, from, n),
        }
    }
}

/// What is wrong with an edited holiday.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HolidayError {
    #[error("{date} is in {actual}, not {year}: a year's calendar holds that year's days only")]
    WrongYear {
        date: NaiveDate,
        actual: i32,
        year: i32,
    },
    #[error("Name the holiday on {0}")]
    Unnamed(NaiveDate),
    #[error("{0} is listed twice")]
    Repeated(NaiveDate),
    #[error("Say where the {region} holidays for {year} come from")]
    NoSource { region: Region, year: i32 },
    #[error("{region} {year} is listed twice")]
    RepeatedYear { region: Region, year: i32 },
}

impl HolidayCalendars {
    /// The calendars Casedesk ships: 2025 to 2027 for each region ([`BUILT_IN`]).
    pub fn built_in() -> Self {
        let years = BUILT_IN
            .iter()
            .map(|(region, year, source, days)| HolidayYear {
                region: *region,
                year: *year,
                source: (*source).to_string(),
                days: days
                    .iter()
                    .filter_map(|(month, day, name)| {
                        NaiveDate::from_ymd_opt(*year, *month, *day).map(|date| Holiday {
                            date,
                            name: (*name).to_string(),
                        })
                    })
                    .collect(),
                stamp: Stamp::default(),
            })
            .collect();
        Self {
            uk_region: Region::EnglandWales,
            years,
            uk_region_stamp: Stamp::default(),
        }
    }

    /// `region`'s calendar for `year`, if there is one.
    pub fn year(&self, region: Region, year: i32) -> Option<&HolidayYear> {
        self.years
            .iter()
            .find(|y| y.region == region && y.year == year)
    }

    /// The holiday on `day` in `region`, if any; `None` when the calendar has no dates for
    /// its year.
    pub fn holiday(&self, region: Region, day: NaiveDate) -> Option<Option<&Holiday>> {
        let year = self.year(region, day.year())?;
        Some(year.days.iter().find(|h| h.date == day))
    }

    /// The holidays falling on `day` in the casebook's United Kingdom calendar and Pakistan's.
    pub fn holidays_on(&self, day: NaiveDate) -> impl Iterator<Item = (Region, &Holiday)> {
        [self.uk_region, Region::Pakistan]
            .into_iter()
            .filter_map(move |r| self.holiday(r, day).flatten().map(|h| (r, h)))
    }

    /// The `n`th working day after `from` in `region` (`from` itself is not counted; day 1 is
    /// the next working day): weekends and the region's holidays skipped. Where the count
    /// passes through a year with no calendar, only weekends are skipped there and the result
    /// says "check holidays" (`../shared/domain.md` §7).
    pub fn add_working_days(&self, region: Region, from: NaiveDate, n: u32) -> Counted {
        let mut day = from;
        let mut check_holidays = false;
        let mut left = n;
        while left > 0 {
            let Some(next) = day.checked_add_days(Days::new(1)) else {
                break;
            };
            day = next;
            if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                continue;
            }
            match self.holiday(region, day) {
                Some(Some(_)) => continue,
                Some(None) => {}
                None => check_holidays = true,
            }
            left -= 1;
        }
        Counted {
            day,
            check_holidays,
        }
    }

    /// Replaces `region`'s calendar for its year (or adds it), sorted by date, after checking it.
    pub fn set_year(&mut self, mut edited: HolidayYear) -> Result<(), HolidayError> {
        check_year(&edited)?;
        edited.days.sort_by_key(|h| h.date);
        match self
            .years
            .iter_mut()
            .find(|y| y.region == edited.region && y.year == edited.year)
        {
            Some(y) => *y = edited,
            None => {
                self.years.push(edited);
                self.years.sort_by_key(|y| (y.region, y.year));
            }
        }
        Ok(())
    }

    /// Stamps with `stamp` what differs from `before`: each year edited or added, and the United
    /// Kingdom calendar if another was chosen. Whether anything was.
    pub fn stamp_edits(&mut self, before: &HolidayCalendars, stamp: Stamp) -> bool {
        let mut stamped = false;
        if self.uk_region != before.uk_region {
            self.uk_region_stamp = stamp;
            stamped = true;
        }
        for y in &mut self.years {
            let same = before
                .year(y.region, y.year)
                .is_some_and(|b| b.source == y.source && b.days == y.days);
            if !same {
                y.stamp = stamp;
                stamped = true;
            }
        }
        stamped
    }

    /// Two copies' calendars merged: for the United Kingdom calendar chosen and for each
    /// region's year, the later edit (by stamp; equal stamps, the greater contents, so either
    /// order of merging gives the same). A year only one copy has is kept.
    pub fn merged(ours: &HolidayCalendars, theirs: &HolidayCalendars) -> HolidayCalendars {
        let (uk_region_stamp, uk_region) =
            (ours.uk_region_stamp, ours.uk_region).max((theirs.uk_region_stamp, theirs.uk_region));
        let later = |a: &HolidayYear, b: &HolidayYear| {
            let key = |y: &HolidayYear| {
                let days: Vec<_> = y.days.iter().map(|h| (h.date, h.name.clone())).collect();
                (y.stamp, y.source.clone(), days)
            };
            if key(b) > key(a) {
                b.clone()
            } else {
                a.clone()
            }
        };
        let mut years: Vec<HolidayYear> = ours
            .years
            .iter()
            .map(|o| match theirs.year(o.region, o.year) {
                Some(t) => later(o, t),
                None => o.clone(),
            })
            .collect();
        years.extend(
            theirs
                .years
                .iter()
                .filter(|t| ours.year(t.region, t.year).is_none())
                .cloned(),
        );
        years.sort_by_key(|y| (y.region, y.year));
        HolidayCalendars {
            uk_region,
            years,
            uk_region_stamp,
        }
    }

    /// Every problem of the calendars as loaded from a file, first one first.
    pub fn check(&self) -> Result<(), HolidayError> {
        for (i, y) in self.years.iter().enumerate() {
            check_year(y)?;
            if self.years[..i]
                .iter()
                .any(|o| o.region == y.region && o.year == y.year)
            {
                return Err(HolidayError::RepeatedYear {
                    region: y.region,
                    year: y.year,
                });
            }
        }
        Ok(())
    }
}

fn check_year(y: &HolidayYear) -> Result<(), HolidayError> {
    if y.source.trim().is_empty() {
        return Err(HolidayError::NoSource {
            region: y.region,
            year: y.year,
        });
    }
    for (i, h) in y.days.iter().enumerate() {
        if h.date.year() != y.year {
            return Err(HolidayError::WrongYear {
                date: h.date,
                actual: h.date.year(),
                year: y.year,
            });
        }
        if h.name.trim().is_empty() {
            return Err(HolidayError::Unnamed(h.date));
        }
        if y.days[..i].iter().any(|o| o.date == h.date) {
            return Err(HolidayError::Repeated(h.date));
        }
    }
    Ok(())
}

type Days3 = &'static [(u32, u32, &'static str)];

const GOV_UK: &str = "gov.uk/bank-holidays (substitute days where a holiday falls at a weekend)";
const PK_2025: &str = "Cabinet Division circular on public holidays for 2025; Eid-ul-Fitr 31 Mar–2 Apr and Eid-ul-Azha 6–9 Jun as notified by the Cabinet Division";
const PK_LATER: &str = "Cabinet Division circular on public holidays for the year; Eid, Ashura and Eid Milad-un-Nabi dates are expected ones (moon sighting): set them when the Cabinet Division notifies them";

/// The built-in calendars. England and Wales, Scotland and Northern Ireland from gov.uk's
/// published bank holidays; Pakistan from the Cabinet Division's circulars, the lunar
/// holidays of 2026 and 2027 as expected (the officer sets them once announced).
#[rustfmt::skip]
pub const BUILT_IN: &[(Region, i32, &str, Days3)] = &[
    (Region::EnglandWales, 2025, GOV_UK, &[(1, 1, "New Year's Day"), (4, 18, "Good Friday"), (4, 21, "Easter Monday"), (5, 5, "Early May bank holiday"), (5, 26, "Spring bank holiday"), (8, 25, "Summer bank holiday"), (12, 25, "Christmas Day"), (12, 26, "Boxing Day")]),
    (Region::EnglandWales, 2026, GOV_UK, &[(1, 1, "New Year's Day"), (4, 3, "Good Friday"), (4, 6, "Easter Monday"), (5, 4, "Early May bank holiday"), (5, 25, "Spring bank holiday"), (8, 31, "Summer bank holiday"), (12, 25, "Christmas Day"), (12, 28, "Boxing Day (substitute day)")]),
    (Region::EnglandWales, 2027, GOV_UK, &[(1, 1, "New Year's Day"), (3, 26, "Good Friday"), (3, 29, "Easter Monday"), (5, 3, "Early May bank holiday"), (5, 31, "Spring bank holiday"), (8, 30, "Summer bank holiday"), (12, 27, "Christmas Day (substitute day)"), (12, 28, "Boxing Day (substitute day)")]),
    (Region::Scotland, 2025, GOV_UK, &[(1, 1, "New Year's Day"), (1, 2, "2nd January"), (4, 18, "Good Friday"), (5, 5, "Early May bank holiday"), (5, 26, "Spring bank holiday"), (8, 4, "Summer bank holiday"), (12, 1, "St Andrew's Day (substitute day)"), (12, 25, "Christmas Day"), (12, 26, "Boxing Day")]),
    (Region::Scotland, 2026, GOV_UK, &[(1, 1, "New Year's Day"), (1, 2, "2nd January"), (4, 3, "Good Friday"), (5, 4, "Early May bank holiday"), (5, 25, "Spring bank holiday"), (8, 3, "Summer bank holiday"), (11, 30, "St Andrew's Day"), (12, 25, "Christmas Day"), (12, 28, "Boxing Day (substitute day)")]),
    (Region::Scotland, 2027, GOV_UK, &[(1, 1, "New Year's Day"), (1, 4, "2nd January (substitute day)"), (3, 26, "Good Friday"), (5, 3, "Early May bank holiday"), (5, 31, "Spring bank holiday"), (8, 2, "Summer bank holiday"), (11, 30, "St Andrew's Day"), (12, 27, "Christmas Day (substitute day)"), (12, 28, "Boxing Day (substitute day)")]),
    (Region::NorthernIreland, 2025, GOV_UK, &[(1, 1, "New Year's Day"), (3, 17, "St Patrick's Day"), (4, 18, "Good Friday"), (4, 21, "Easter Monday"), (5, 5, "Early May bank holiday"), (5, 26, "Spring bank holiday"), (7, 14, "Battle of the Boyne (substitute day)"), (8, 25, "Summer bank holiday"), (12, 25, "Christmas Day"), (12, 26, "Boxing Day")]),
    (Region::NorthernIreland, 2026, GOV_UK, &[(1, 1, "New Year's Day"), (3, 17, "St Patrick's Day"), (4, 3, "Good Friday"), (4, 6, "Easter Monday"), (5, 4, "Early May bank holiday"), (5, 25, "Spring bank holiday"), (7, 13, "Battle of the Boyne (substitute day)"), (8, 31, "Summer bank holiday"), (12, 25, "Christmas Day"), (12, 28, "Boxing Day (substitute day)")]),
    (Region::NorthernIreland, 2027, GOV_UK, &[(1, 1, "New Year's Day"), (3, 17, "St Patrick's Day"), (3, 26, "Good Friday"), (3, 29, "Easter Monday"), (5, 3, "Early May bank holiday"), (5, 31, "Spring bank holiday"), (7, 12, "Battle of the Boyne"), (8, 30, "Summer bank holiday"), (12, 27, "Christmas Day (substitute day)"), (12, 28, "Boxing Day (substitute day)")]),
    (Region::Pakistan, 2025, PK_2025, &[(2, 5, "Kashmir Solidarity Day"), (3, 23, "Pakistan Day"), (3, 31, "Eid-ul-Fitr"), (4, 1, "Eid-ul-Fitr"), (4, 2, "Eid-ul-Fitr"), (5, 1, "Labour Day"), (5, 28, "Youm-e-Takbeer"), (6, 6, "Eid-ul-Azha"), (6, 7, "Eid-ul-Azha"), (6, 8, "Eid-ul-Azha"), (6, 9, "Eid-ul-Azha"), (7, 5, "Ashura"), (7, 6, "Ashura"), (8, 14, "Independence Day"), (9, 6, "Eid Milad-un-Nabi"), (11, 9, "Iqbal Day"), (12, 25, "Quaid-e-Azam Day and Christmas")]),
    (Region::Pakistan, 2026, PK_LATER, &[(2, 5, "Kashmir Solidarity Day"), (3, 20, "Eid-ul-Fitr (expected)"), (3, 21, "Eid-ul-Fitr (expected)"), (3, 22, "Eid-ul-Fitr (expected)"), (3, 23, "Pakistan Day"), (5, 1, "Labour Day"), (5, 27, "Eid-ul-Azha (expected)"), (5, 28, "Youm-e-Takbeer; Eid-ul-Azha (expected)"), (5, 29, "Eid-ul-Azha (expected)"), (6, 25, "Ashura (expected)"), (6, 26, "Ashura (expected)"), (8, 14, "Independence Day"), (8, 26, "Eid Milad-un-Nabi (expected)"), (11, 9, "Iqbal Day"), (12, 25, "Quaid-e-Azam Day and Christmas")]),
    (Region::Pakistan, 2027, PK_LATER, &[(2, 5, "Kashmir Solidarity Day"), (3, 10, "Eid-ul-Fitr (expected)"), (3, 11, "Eid-ul-Fitr (expected)"), (3, 12, "Eid-ul-Fitr (expected)"), (3, 23, "Pakistan Day"), (5, 1, "Labour Day"), (5, 17, "Eid-ul-Azha (expected)"), (5, 18, "Eid-ul-Azha (expected)"), (5, 19, "Eid-ul-Azha (expected)"), (5, 28, "Youm-e-Takbeer"), (6, 14, "Ashura (expected)"), (6, 15, "Ashura (expected)"), (8, 14, "Independence Day"), (8, 15, "Eid Milad-un-Nabi (expected)"), (11, 9, "Iqbal Day"), (12, 25, "Quaid-e-Azam Day and Christmas")]),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// `check(region, from, n, expected day, check holidays?)` against the built-in calendars.
    fn check(region: Region, from: &str, n: u32, expected: &str, check_holidays: bool) {
        let counted = HolidayCalendars::built_in().add_working_days(region, d(from), n);
        assert_eq!(
            counted,
            Counted {
                day: d(expected),
                check_holidays
            },
            "{region}: {n} working days after {from}"
        );
    }

    #[test]
    fn working_days_skip_weekends_and_each_countrys_holidays() {
        // domain.md §14 Returns 2: served Wed 24 Mar 2027, the 5th working day in England and
        // Wales is Fri 2 Apr (Good Friday 26 Mar, Easter Monday 29 Mar skipped).
        check(Region::EnglandWales, "2027-03-24", 5, "2027-04-02", false);
        // Scotland has no Easter Monday: the 5th day is Thu 1 Apr.
        check(Region::Scotland, "2027-03-24", 5, "2027-04-01", false);
        // Pakistan works through Easter: Wed 31 Mar.
        check(Region::Pakistan, "2027-03-24", 5, "2027-03-31", false);
        // domain.md §14 Conviction data 2: received Mon 1 Mar 2027, 10 working days, no holiday.
        check(Region::EnglandWales, "2027-03-01", 10, "2027-03-15", false);
        // In Pakistan the same ten days cross Eid-ul-Fitr (10–12 Mar 2027 expected).
        check(Region::Pakistan, "2027-03-01", 10, "2027-03-18", false);
        // Eid-ul-Fitr 2025, 31 Mar–2 Apr, notified: from Fri 28 Mar, day 1 is Thu 3 Apr.
        check(Region::Pakistan, "2025-03-28", 1, "2025-04-03", false);
        // Across the year end in England and Wales: Christmas and Boxing Day substitutes,
        // New Year's Day.
        check(Region::EnglandWales, "2026-12-24", 4, "2027-01-04", false);
        // Northern Ireland's Battle of the Boyne substitute (Mon 13 Jul 2026).
        check(
            Region::NorthernIreland,
            "2026-07-10",
            1,
            "2026-07-14",
            false,
        );
        check(Region::EnglandWales, "2026-07-10", 1, "2026-07-13", false);
        // Pakistan Day and Eid-ul-Fitr 2026 (expected 20–22 Mar), then a weekend.
        check(Region::Pakistan, "2026-03-19", 1, "2026-03-24", false);
        // Zero days: the day itself.
        check(Region::EnglandWales, "2027-03-26", 0, "2027-03-26", false);
    }

    #[test]
    fn a_count_reaching_a_year_with_no_calendar_says_check_holidays() {
        // 2028 has no calendar: weekdays only, marked.
        check(Region::EnglandWales, "2027-12-30", 3, "2028-01-04", true);
        check(Region::Pakistan, "2028-06-01", 1, "2028-06-02", true);
        // Ending on the last day of a known year is not marked.
        check(Region::EnglandWales, "2027-12-29", 2, "2027-12-31", false);
    }

    #[test]
    fn the_built_in_calendars_are_sound() {
        let all = HolidayCalendars::built_in();
        assert_eq!(all.check(), Ok(()));
        // Every built-in line named a real date (none dropped by from_ymd_opt).
        let listed: usize = BUILT_IN.iter().map(|(_, _, _, days)| days.len()).sum();
        let kept: usize = all.years.iter().map(|y| y.days.len()).sum();
        assert_eq!(listed, kept);
        for region in Region::ALL {
            for year in 2025..=2027 {
                assert!(all.year(*region, year).is_some(), "{region} {year}");
            }
        }
        // Bank holidays (but Pakistan's, on fixed dates) fall on weekdays: the substitute days
        // are in the table, not the weekend days.
        for y in all.years.iter().filter(|y| y.region != Region::Pakistan) {
            for h in &y.days {
                assert!(
                    !matches!(h.date.weekday(), Weekday::Sat | Weekday::Sun),
                    "{} {} on a {}",
                    y.region,
                    h.name,
                    h.date.weekday()
                );
            }
        }
    }

    #[test]
    fn an_edited_year_is_checked_then_replaces_the_old_one() {
        let mut all = HolidayCalendars::built_in();
        let mut pk = all.year(Region::Pakistan, 2026).unwrap().clone();
        // The Cabinet Division moves Eid-ul-Fitr a day later.
        pk.days.retain(|h| !h.name.starts_with("Eid-ul-Fitr"));
        for day in ["2026-03-23", "2026-03-21"] {
            pk.days.push(Holiday {
                date: d(day),
                name: "Eid-ul-Fitr".into(),
            });
        }
        assert_eq!(
            all.set_year(pk.clone()),
            Err(HolidayError::Repeated(d("2026-03-23")))
        );
        pk.days.pop();
        pk.days.pop();
        pk.days.push(Holiday {
            date: d("2026-03-21"),
            name: "Eid-ul-Fitr".into(),
        });
        pk.days.push(Holiday {
            date: d("2027-03-22"),
            name: "Eid-ul-Fitr".into(),
        });
        assert!(matches!(
            all.set_year(pk.clone()),
            Err(HolidayError::WrongYear { year: 2026, .. })
        ));
        pk.days.pop();
        pk.days.push(Holiday {
            date: d("2026-03-22"),
            name: " ".into(),
        });
        assert_eq!(
            all.set_year(pk.clone()),
            Err(HolidayError::Unnamed(d("2026-03-22")))
        );
        pk.days.last_mut().unwrap().name = "Eid-ul-Fitr".into();
        all.set_year(pk).unwrap();
        // Fri 20 Mar is now a working day; Sat 21 and Sun 22 the weekend, Mon 23 Pakistan Day.
        assert_eq!(
            all.add_working_days(Region::Pakistan, d("2026-03-19"), 1)
                .day,
            d("2026-03-20")
        );
        let years = all.years.len();
        all.set_year(HolidayYear {
            region: Region::Pakistan,
            year: 2028,
            source: String::new(),
            days: Vec::new(),
            stamp: Stamp::default(),
        })
        .unwrap_err();
        all.set_year(HolidayYear {
            region: Region::Pakistan,
            year: 2028,
            source: "Cabinet Division circular for 2028".into(),
            days: Vec::new(),
            stamp: Stamp::default(),
        })
        .unwrap();
        assert_eq!(all.years.len(), years + 1);
        assert_eq!(
            all.add_working_days(Region::Pakistan, d("2028-06-01"), 1),
            Counted {
                day: d("2028-06-02"),
                check_holidays: false
            }
        );
    }
}
