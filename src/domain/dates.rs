//! Counting time (`docs/law.md` §2) and reading dates as officers type them.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// How a period is counted from its trigger day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counting {
    /// "N days starting with the day …": the trigger day is day 1 (UK statutes).
    StartingWith,
    /// "within N days of …": the period ends N days after the trigger day.
    After,
}

/// A length of time in a deadline rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Days(u32),
    Weeks(u32),
    Months(u32),
}

impl Period {
    /// The last day of the period that starts on `trigger`.
    ///
    /// Months use the corresponding-date rule: the period ends on the day before the
    /// corresponding date (starting with) or on it (after); where the later month has no
    /// corresponding date (31 January + 1 month), it ends on that month's last day.
    pub fn last_day(self, trigger: NaiveDate, counting: Counting) -> NaiveDate {
        let days = |n: u32| match counting {
            Counting::StartingWith => u64::from(n.max(1) - 1),
            Counting::After => u64::from(n),
        };
        match self {
            Period::Days(n) => add_days(trigger, days(n)),
            Period::Weeks(n) => add_days(trigger, days(n * 7)),
            Period::Months(n) => {
                let target_month = trigger
                    .with_day(1)
                    .and_then(|first| first.checked_add_months(Months::new(n)))
                    .unwrap_or(NaiveDate::MAX);
                match target_month.with_day(trigger.day()) {
                    Some(corresponding) => match counting {
                        Counting::StartingWith => corresponding.pred_opt().unwrap_or(corresponding),
                        Counting::After => corresponding,
                    },
                    None => last_day_of_month(target_month),
                }
            }
        }
    }

    /// How long it is, in calendar time: "45 calendar days", "4 weeks", "2 months".
    pub fn describe(self) -> String {
        let (n, unit) = match self {
            Period::Days(n) => (n, "calendar day"),
            Period::Weeks(n) => (n, "week"),
            Period::Months(n) => (n, "month"),
        };
        let plural = if n == 1 { "" } else { "s" };
        format!("{n} {unit}{plural}")
    }
}

fn add_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

fn last_day_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1)
        .and_then(|first| first.checked_add_months(Months::new(1)))
        .and_then(|next| next.pred_opt())
        .unwrap_or(date)
}

/// Whether `1/3/2026` means 1 March (day first, as in the UK and Pakistan) or 3 January.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum DateOrder {
    #[default]
    DayMonth,
    MonthDay,
}

/// Reads a date typed as `2026-03-01` (also with `/` or `.`), or `1/3/2026` (also with `.` or
/// `-`) in the given order. The year is written in full. The error is a sentence an officer can
/// act on. What the date may be (not after today, not before 1900…) is [`check_date`]'s.
pub fn parse_date(text: &str, order: DateOrder) -> Result<NaiveDate, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter a date, for example 2026-03-01".into());
    }
    let example = match order {
        DateOrder::DayMonth => "1/3/2026",
        DateOrder::MonthDay => "3/1/2026",
    };
    let parts: Vec<&str> = text.split(['/', '.', '-']).collect();
    let numbers: Option<Vec<u32>> = parts
        .iter()
        .map(|p| {
            p.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect();
    let Some([a, b, c]) = numbers
        .as_deref()
        .and_then(|n| <[u32; 3]>::try_from(n).ok())
    else {
        return Err(format!(
            "\"{text}\" is not a date: use 2026-03-01 or {example}"
        ));
    };
    // Four digits first is year, month, day whatever the settings' order.
    let (year_text, year, month, day) = if parts[0].len() == 4 {
        (parts[0], a, b, c)
    } else {
        let (day, month) = match order {
            DateOrder::DayMonth => (a, b),
            DateOrder::MonthDay => (b, a),
        };
        (parts[2], c, month, day)
    };
    if year_text.len() != 4 {
        return Err(format!("Write the year in full, for example {example}"));
    }
    let Some(first) = i32::try_from(year)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, month, 1))
    else {
        return Err(format!("There is no month {month}"));
    };
    first.with_day(day).ok_or_else(|| {
        format!(
            "{text} does not exist: {} has {} days",
            first.format("%B %Y"),
            last_day_of_month(first).day()
        )
    })
}

/// The earliest date Casedesk takes: nothing it tracks happened before 1900, and a year typed
/// short or wrong (`0026`, `0206`) lands before it.
pub const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// How far ahead a scheduled date may be: a hearing adjourned, evidence lent until after a
/// trial or a reply due can be more than a year away, but not more than this.
pub const SCHEDULED_YEARS_AHEAD: u32 = 5;

/// What a date records, which bounds the dates that can be right for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateKind {
    /// Something that has happened: a case opened, a status reached, a deadline met, a birth, a
    /// document received, a note written. From 1900 to today.
    Happened,
    /// Something fixed for a day that may still be ahead, or a period looked back on: a hearing,
    /// a reply or return due, a required-by date, a deadline extended to, a task due, a
    /// report's period. From 1900 to [`SCHEDULED_YEARS_AHEAD`] years after today.
    Scheduled,
}

/// `date` if it can be right for what it records, seen on `today`; otherwise why not.
pub fn check_date(date: NaiveDate, kind: DateKind, today: NaiveDate) -> Result<NaiveDate, String> {
    if date < EARLIEST {
        return Err(format!(
            "{date} is before 1900: check the year (written in full, for example 2026)"
        ));
    }
    match kind {
        DateKind::Happened if date > today => Err(format!(
            "{date} is after today ({today}): this date records something that has happened"
        )),
        DateKind::Scheduled => {
            let latest = today
                .checked_add_months(Months::new(12 * SCHEDULED_YEARS_AHEAD))
                .unwrap_or(NaiveDate::MAX);
            if date > latest {
                Err(format!(
                    "{date} is more than {SCHEDULED_YEARS_AHEAD} years ahead: check the year"
                ))
            } else {
                Ok(date)
            }
        }
        DateKind::Happened => Ok(date),
    }
}

/// [`parse_date`], then [`check_date`]: a date as an officer types it for what it records.
pub fn parse_date_for(
    text: &str,
    order: DateOrder,
    kind: DateKind,
    today: NaiveDate,
) -> Result<NaiveDate, String> {
    parse_date(text, order).and_then(|d| check_date(d, kind, today))
}

/// The days from `from` to `to`, negative when `to` is earlier: `(to - from).num_days()`,
/// counted from each date's day number, without chrono's 400-year cycles and its checked
/// duration (every clock of every case is counted against today at open).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    i64::from(to.num_days_from_ce()) - i64::from(from.num_days_from_ce())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_count_as_docs_law_md_says() {
        let cases = [
            // §2: a 14-day appeal from a notice on 1 March ends on 14 March.
            (
                Period::Days(14),
                Counting::StartingWith,
                "2026-03-01",
                "2026-03-14",
            ),
            (
                Period::Days(14),
                Counting::After,
                "2026-03-01",
                "2026-03-15",
            ),
            (
                Period::Days(45),
                Counting::StartingWith,
                "2026-01-10",
                "2026-02-23",
            ),
            (
                Period::Weeks(4),
                Counting::StartingWith,
                "2026-02-02",
                "2026-03-01",
            ),
            // Month ends: no 31 February, so the period ends on the month's last day.
            (
                Period::Months(1),
                Counting::StartingWith,
                "2026-01-31",
                "2026-02-28",
            ),
            (
                Period::Months(1),
                Counting::After,
                "2026-01-31",
                "2026-02-28",
            ),
            (
                Period::Months(1),
                Counting::StartingWith,
                "2028-01-31",
                "2028-02-29",
            ),
            (
                Period::Months(2),
                Counting::StartingWith,
                "2027-12-30",
                "2028-02-29",
            ),
            (
                Period::Months(2),
                Counting::StartingWith,
                "2026-01-15",
                "2026-03-14",
            ),
            (
                Period::Months(2),
                Counting::After,
                "2026-01-15",
                "2026-03-15",
            ),
            (
                Period::Months(1),
                Counting::StartingWith,
                "2026-03-01",
                "2026-03-31",
            ),
            (
                Period::Months(2),
                Counting::StartingWith,
                "2026-11-30",
                "2027-01-29",
            ),
        ];
        for (period, counting, trigger, expected) in cases {
            assert_eq!(
                period.last_day(d(trigger), counting),
                d(expected),
                "{period:?} {counting:?} from {trigger}"
            );
        }
    }

    #[test]
    fn dates_parse_in_the_settings_order_with_clear_errors() {
        let ok = [
            ("2026-03-01", DateOrder::DayMonth, "2026-03-01"),
            ("1/3/2026", DateOrder::DayMonth, "2026-03-01"),
            ("1/3/2026", DateOrder::MonthDay, "2026-01-03"),
            (" 29.02.2028 ", DateOrder::DayMonth, "2028-02-29"),
            ("01-03-2026", DateOrder::DayMonth, "2026-03-01"),
        ];
        for (text, order, expected) in ok {
            assert_eq!(parse_date(text, order), Ok(d(expected)), "{text}");
        }
        let bad = [
            ("", "Enter a date"),
            ("tomorrow", "is not a date"),
            ("31/2/2026", "does not exist"),
            ("29/2/2026", "does not exist"),
            ("1/13/2026", "no month 13"),
            ("1/3/26", "year in full"),
            // Four digits first is year, month, day in either order of the settings.
            (
                "2026-02-29",
                "2026-02-29 does not exist: February 2026 has 28 days",
            ),
            ("2026/04/31", "April 2026 has 30 days"),
            ("0-01-01", "year in full"),
            ("26-03-01", "year in full"),
            ("2026-13-01", "no month 13"),
            ("+1/3/2026", "is not a date"),
        ];
        for (text, expected) in bad {
            let err = parse_date(text, DateOrder::DayMonth).unwrap_err();
            assert!(err.contains(expected), "{text}: {err}");
        }
        assert_eq!(
            parse_date("2028/02/29", DateOrder::MonthDay),
            Ok(d("2028-02-29"))
        );
    }

    #[test]
    fn dates_are_bounded_by_what_they_record() {
        let today = d("2026-11-23");
        let ok = [
            ("1900-01-01", DateKind::Happened),
            ("2026-11-23", DateKind::Happened),
            ("1900-01-01", DateKind::Scheduled),
            ("2027-11-24", DateKind::Scheduled),
            ("2031-11-23", DateKind::Scheduled),
        ];
        for (date, kind) in ok {
            assert_eq!(
                check_date(d(date), kind, today),
                Ok(d(date)),
                "{date} {kind:?}"
            );
        }
        let bad = [
            ("1899-12-31", DateKind::Happened, "before 1900"),
            ("0000-01-01", DateKind::Scheduled, "before 1900"),
            ("2026-11-24", DateKind::Happened, "after today (2026-11-23)"),
            ("9999-01-01", DateKind::Happened, "after today"),
            ("2031-11-24", DateKind::Scheduled, "more than 5 years ahead"),
            ("9999-01-01", DateKind::Scheduled, "more than 5 years ahead"),
        ];
        for (date, kind, expected) in bad {
            let err = check_date(d(date), kind, today).unwrap_err();
            assert!(err.contains(expected), "{date} {kind:?}: {err}");
        }
        assert_eq!(
            parse_date_for("23/11/2026", DateOrder::DayMonth, DateKind::Happened, today),
            Ok(today)
        );
        assert!(
            parse_date_for("1/1/9999", DateOrder::DayMonth, DateKind::Happened, today).is_err()
        );
    }

    #[test]
    fn days_between_counts_as_chrono_subtracts() {
        let days = [
            NaiveDate::MIN,
            d("-0044-03-15"),
            d("0000-02-29"),
            d("1900-02-28"),
            d("2000-02-29"),
            d("2026-11-23"),
            d("2027-01-01"),
            d("9999-12-31"),
            NaiveDate::MAX,
        ];
        for from in days {
            for to in days {
                assert_eq!(
                    days_between(from, to),
                    (to - from).num_days(),
                    "{from} {to}"
                );
            }
        }
        let today = d("2026-11-23");
        for n in -800..800 {
            let to = today + chrono::Duration::days(n);
            assert_eq!(days_between(today, to), n, "{to}");
        }
    }
}
