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

    pub fn describe(self, counting: Counting) -> String {
        let (n, unit) = match self {
            Period::Days(n) => (n, "day"),
            Period::Weeks(n) => (n, "week"),
            Period::Months(n) => (n, "month"),
        };
        let plural = if n == 1 { "" } else { "s" };
        match counting {
            Counting::StartingWith => format!("{n} {unit}{plural} starting with"),
            Counting::After => format!("{n} {unit}{plural} after"),
        }
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

/// Reads a date typed as `2026-03-01`, or `1/3/2026` (also with `.` or `-`) in the given order.
/// The error is a sentence an officer can act on.
pub fn parse_date(text: &str, order: DateOrder) -> Result<NaiveDate, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter a date, for example 2026-03-01".into());
    }
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(d);
    }
    let parts: Vec<&str> = text.split(['/', '.', '-']).collect();
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
    let example = match order {
        DateOrder::DayMonth => "1/3/2026",
        DateOrder::MonthDay => "3/1/2026",
    };
    let Some([a, b, year]) = numbers
        .as_deref()
        .and_then(|n| <[u32; 3]>::try_from(n).ok())
    else {
        return Err(format!(
            "\"{text}\" is not a date: use 2026-03-01 or {example}"
        ));
    };
    if parts[2].len() != 4 {
        return Err(format!("Write the year in full, for example {example}"));
    }
    let (day, month) = match order {
        DateOrder::DayMonth => (a, b),
        DateOrder::MonthDay => (b, a),
    };
    if !(1..=12).contains(&month) {
        return Err(format!("There is no month {month}"));
    }
    i32::try_from(year)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, month, day))
        .ok_or_else(|| format!("{text} does not exist (month {month} has no day {day})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_count_as_domain_md_says() {
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
        ];
        for (text, expected) in bad {
            let err = parse_date(text, DateOrder::DayMonth).unwrap_err();
            assert!(err.contains(expected), "{text}: {err}");
        }
    }
}
