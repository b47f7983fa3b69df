//! Facts checked against the clocks without blocking anything (`docs/law.md` §4A, "A hearing
//! fixed past its statutory limit"): a hearing fixed after the last day the law lets it begin.
//! The move that fixed it stands (the court fixes the date, not the officer); the officer is
//! told, so an extension can be sought or the risk of a discharge seen.

use super::case::{Case, HearingKind};
use super::clock::{ClockKey, clocks};
use super::event::{DetailValue, EventKind};
use super::holidays::WorkingDays;
use super::workflow::Detail;
use chrono::NaiveDate;
use std::fmt;

/// A hearing fixed past its statutory limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub clock: ClockKey,
    pub kind: HearingKind,
    /// The day the hearing is fixed for.
    pub fixed: NaiveDate,
    /// The last day it may begin.
    pub limit: NaiveDate,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rule = self.clock.rule();
        write!(
            f,
            "The {} is fixed for {}, after {}, the last day it may begin ({}, {}): if it does not begin by then, {}",
            self.kind.label().to_lowercase(),
            self.fixed,
            self.limit,
            rule.code,
            rule.source,
            rule.consequence
        )
    }
}

/// The detail a transition records a hearing of `kind` with, if any.
fn fixed_by(kind: HearingKind) -> Option<Detail> {
    match kind {
        HearingKind::Extradition => Some(Detail::FixedHearingDate),
        _ => None,
    }
}

/// What `case` should be warned of as of `today`: for each pending clock that limits when a
/// hearing may begin, the earliest hearing of its kind fixed (listed among the case's hearings
/// from the clock's trigger on, or recorded with the move that started it) when that is after
/// the due date.
pub fn warnings(case: &Case, today: NaiveDate, days: &WorkingDays) -> Vec<Warning> {
    let mut out = Vec::new();
    for clock in clocks(case, today, days).iter().filter(|c| c.is_pending()) {
        let Some(kind) = clock.rule().limits_hearing else {
            continue;
        };
        let recorded = case
            .history()
            .iter()
            .find(|e| e.id == clock.started_by)
            .and_then(|e| match (&e.kind, fixed_by(kind)) {
                (EventKind::Transition { details, .. }, Some(detail)) => {
                    match details.get(&detail) {
                        Some(DetailValue::Date(d)) => Some(*d),
                        _ => None,
                    }
                }
                _ => None,
            });
        let listed = (case.details.hearings.iter())
            .filter(|h| h.kind == kind && h.date >= clock.trigger_date)
            .map(|h| h.date);
        if let Some(fixed) = listed.chain(recorded).min()
            && fixed > clock.due
        {
            out.push(Warning {
                clock: clock.key,
                kind,
                fixed,
                limit: clock.due,
            });
        }
    }
    out
}
