//! An offender's notification period as the law gives it (SOA 2003 s.82, `docs/law.md` §12):
//! what was given on the relevant date, the table's rows, and the Passport Control List
//! proposal's status. Plain data, read by the case's particulars (`particulars.rs`) and the
//! deadline catalogue.

use super::labels::labelled_enum;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What the offender was given on the relevant date, as the s.82 table tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sentence {
    /// Imprisonment for this many months.
    Imprisonment(u32),
    Caution,
}

labelled_enum!(
    /// Where an offender's listing on Pakistan's Passport Control List stands: for sex
    /// offenders it is only a proposal (seed 002, 2025), so no clock runs.
    PclStatus { Proposed => "PROPOSED" }
);

/// One row of the SOA 2003 s.82(1) table: whom it covers and how long they notify
/// (`None`: indefinitely).
pub struct S82Row {
    pub covers: &'static str,
    pub months: Option<u32>,
}

/// The rows of s.82(1) the reference gives (`docs/law.md` §12), counted "beginning with" the
/// relevant date.
pub const S82: &[S82Row] = &[
    S82Row {
        covers: "imprisonment for 30 months or more",
        months: None,
    },
    S82Row {
        covers: "imprisonment for more than 6 and under 30 months",
        months: Some(120),
    },
    S82Row {
        covers: "imprisonment for 6 months or less",
        months: Some(84),
    },
    S82Row {
        covers: "a caution",
        months: Some(24),
    },
];

impl Sentence {
    /// Its row of the s.82 table.
    pub fn row(self) -> &'static S82Row {
        match self {
            Sentence::Imprisonment(m) if m >= 30 => &S82[0],
            Sentence::Imprisonment(m) if m > 6 => &S82[1],
            Sentence::Imprisonment(_) => &S82[2],
            Sentence::Caution => &S82[3],
        }
    }

    /// A sentence as typed: "18 months", "18", "caution"; none when left empty.
    pub fn parse(text: &str) -> Result<Option<Sentence>, String> {
        let t = text.trim().to_lowercase();
        if t.is_empty() {
            return Ok(None);
        }
        if t == "caution" || t == "cautioned" {
            return Ok(Some(Sentence::Caution));
        }
        let number = t
            .trim_end_matches("imprisonment")
            .trim()
            .trim_end_matches("months'")
            .trim_end_matches("months")
            .trim_end_matches("month")
            .trim();
        match number.parse::<u32>() {
            Ok(m) if m > 0 => Ok(Some(Sentence::Imprisonment(m))),
            _ => Err(format!(
                "\u{201c}{}\u{201d} is not a sentence: write the months of imprisonment (e.g. 18 months) or \u{201c}caution\u{201d}",
                text.trim()
            )),
        }
    }
}

impl fmt::Display for Sentence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Sentence::Imprisonment(1) => f.write_str("1 month"),
            Sentence::Imprisonment(m) => write!(f, "{m} months"),
            Sentence::Caution => f.write_str("caution"),
        }
    }
}

/// A number of months as years and months: "10 years", "3 years 6 months".
pub fn years(months: u32) -> String {
    let plural = |n: u32, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    match (months / 12, months % 12) {
        (y, 0) => plural(y, "year"),
        (0, m) => plural(m, "month"),
        (y, m) => format!("{} {}", plural(y, "year"), plural(m, "month")),
    }
}

/// A row's months for an offender of that age on the relevant date: halved under 18 (s.82(2),
/// `docs/law.md` §12: unverified).
pub const fn for_age(months: u32, under_18: bool) -> u32 {
    if under_18 { months / 2 } else { months }
}

/// How long the offender notifies, in months; `None` when indefinite.
pub fn notification_months(sentence: Sentence, under_18: bool) -> Option<u32> {
    Some(for_age(sentence.row().months?, under_18))
}
