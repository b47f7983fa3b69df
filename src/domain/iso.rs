//! Reading the dates and times a casebook file carries, quickly. A 100,000-case file holds
//! about 1.5 million of them (each event's effective date and time recorded), and chrono's
//! general parser took a tenth of the time spent reading cases. The forms Casedesk writes
//! (`2026-11-24`, `2026-11-24T09:30:00Z`) are read digit by digit; anything else is left to
//! chrono, so what is accepted and what it means do not change (tested).

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::Deserializer;
use serde::de::{self, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// Deserializes a date as `NaiveDate`'s own `Deserialize` does.
pub fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    deserializer.deserialize_str(Text::<NaiveDate>(PhantomData))
}

/// Deserializes an optional date as `Option<NaiveDate>`'s own `Deserialize` does.
pub fn option_date<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    struct Maybe;
    impl<'de> Visitor<'de> for Maybe {
        type Value = Option<NaiveDate>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an optional date")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
            date(inner).map(Some)
        }
    }
    deserializer.deserialize_option(Maybe)
}

/// Deserializes a time in UTC as `DateTime<Utc>`'s own `Deserialize` does.
pub fn utc<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    deserializer.deserialize_str(Text::<DateTime<Utc>>(PhantomData))
}

/// A value read from text: the form Casedesk writes first, then chrono's parser.
trait Written: Sized + std::str::FromStr<Err: fmt::Display> {
    const EXPECTING: &str;
    fn quick(text: &[u8]) -> Option<Self>;
}

impl Written for NaiveDate {
    const EXPECTING: &str = "a date, as 2026-11-24";
    fn quick(text: &[u8]) -> Option<Self> {
        match text {
            [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] => NaiveDate::from_ymd_opt(
                i32::try_from(number(&[*y0, *y1, *y2, *y3])?).ok()?,
                number(&[*m0, *m1])?,
                number(&[*d0, *d1])?,
            ),
            _ => None,
        }
    }
}

impl Written for DateTime<Utc> {
    const EXPECTING: &str = "a time in UTC, as 2026-11-24T09:30:00Z";
    fn quick(text: &[u8]) -> Option<Self> {
        match text {
            [date @ .., b'T', h0, h1, b':', m0, m1, b':', s0, s1, b'Z'] => {
                let time = NaiveTime::from_hms_opt(
                    number(&[*h0, *h1])?,
                    number(&[*m0, *m1])?,
                    number(&[*s0, *s1])?,
                )?;
                Some(NaiveDateTime::new(NaiveDate::quick(date)?, time).and_utc())
            }
            _ => None,
        }
    }
}

/// The number `digits` spell, if they are all ASCII digits.
fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0, |n, d| {
        d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
    })
}

struct Text<T>(PhantomData<T>);

impl<T: Written> Visitor<'_> for Text<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        T::quick(text.as_bytes()).map_or_else(|| text.parse().map_err(E::custom), Ok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Dated {
        #[serde(deserialize_with = "date")]
        on: NaiveDate,
        #[serde(deserialize_with = "utc")]
        at: DateTime<Utc>,
        #[serde(default, deserialize_with = "option_date")]
        maybe: Option<NaiveDate>,
    }

    #[derive(serde::Deserialize)]
    struct ChronoDated {
        on: NaiveDate,
        at: DateTime<Utc>,
        #[serde(default)]
        maybe: Option<NaiveDate>,
    }

    /// Read quickly or by chrono, every text gives what chrono gives, or fails where it fails.
    #[test]
    fn dates_and_times_read_as_chrono_reads_them() {
        let dates = [
            "2026-11-24",
            "0001-01-01",
            "9999-12-31",
            "2024-02-29",
            "2025-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-11-31",
            "2026-1-24",
            "2026/11/24",
            "20261124",
            "+12026-11-24",
            "2026-11-2x",
            " 2026-11-24",
            "",
            "2026-١١-24",
        ];
        let times = [
            "2026-11-24T09:30:00Z",
            "2026-11-24T23:59:59Z",
            "2026-11-24T24:00:00Z",
            "2026-11-24T09:60:00Z",
            "2026-11-24T09:30:60Z",
            "2026-11-24T09:30:00.250Z",
            "2026-11-24T09:30:00+05:00",
            "2026-11-24 09:30:00Z",
            "2026-11-24T09:30Z",
            "2026-02-30T09:30:00Z",
            "2026-11-24t09:30:00z",
            "2026-11-24T9:30:00Z",
        ];
        for on in dates {
            for at in times {
                let text = format!("(on: {on:?}, at: {at:?})");
                let ours = ron::from_str::<Dated>(&text).map(|d| (d.on, d.at));
                let theirs = ron::from_str::<ChronoDated>(&text).map(|d| (d.on, d.at));
                assert_eq!(ours.ok(), theirs.ok(), "{text}");
            }
            for maybe in [
                format!("Some({on:?})"),
                "None".into(),
                "()".into(),
                format!("{on:?}"),
            ] {
                let text =
                    format!("(on: \"2026-11-24\", at: \"2026-11-24T09:30:00Z\", maybe: {maybe})");
                let ours = ron::from_str::<Dated>(&text).map(|d| d.maybe);
                let theirs = ron::from_str::<ChronoDated>(&text).map(|d| d.maybe);
                assert_eq!(ours.ok(), theirs.ok(), "{text}");
            }
        }
        let missing = "(on: \"2026-11-24\", at: \"2026-11-24T09:30:00Z\")";
        assert_eq!(
            ron::from_str::<Dated>(missing).ok().map(|d| d.maybe),
            Some(None)
        );
        assert!(NaiveDate::quick(b"2026-11-24").is_some());
        assert!(<DateTime<Utc>>::quick(b"2026-11-24T09:30:00Z").is_some());
    }
}
