//! What came of the sample's cases (`domain::outcomes`), so its review report has outcome
//! figures: the person surrendered when an extradition reached SURRENDERED, returned when a
//! returns case reached REMOVED (a returns case resting on the 2022 arrangement names it);
//! assets restrained, later confiscated or returned, and things seized when an MLA request was
//! executed. Each dated by the move it follows and recorded through `UpdateCase` as an officer
//! records it, after the case's last record.

use super::Gen;
use super::rng::add_days;
use crate::domain::case::CaseKind;
use crate::domain::casebook::Command;
use crate::domain::corrections::standing;
use crate::domain::event::EventKind;
use crate::domain::ids::CaseId;
use crate::domain::outcomes::{
    AssetAction, AssetOutcome, Currency, Decimal, PersonOutcome, PersonOutcomeKind, Seizure,
    SeizureKind,
};
use crate::domain::workflow::{IncomingState, MlaState, OutgoingState, ReturnsState, Status};
use chrono::{NaiveDate, TimeDelta};

/// What can be seized and how it is counted: kind, unit, quantity range, value per unit in
/// pounds (none: not valued).
type Seizable = (SeizureKind, &'static str, (i64, i64), Option<i64>);

const SEIZURES: &[Seizable] = &[
    (SeizureKind::Drugs, "kg", (2, 60), Some(18_000)),
    (SeizureKind::Cash, "", (1, 1), None),
    (SeizureKind::Devices, "items", (2, 14), None),
    (SeizureKind::Firearms, "items", (1, 4), None),
    (SeizureKind::Vehicles, "items", (1, 3), Some(9_500)),
];

impl Gen {
    pub(super) fn outcomes(&mut self) {
        let cases: Vec<CaseId> = self.book.cases().iter().map(|c| c.id).collect();
        let returns = self
            .book
            .governance()
            .agreement_named("Returns arrangement")
            .map(|a| a.id);
        let surrendered = [
            Status::Incoming(IncomingState::Surrendered),
            Status::Outgoing(OutgoingState::Surrendered),
        ];
        let removed = [Status::Returns(ReturnsState::Removed)];
        let executed = [
            Status::Mla(MlaState::Executed),
            Status::Mla(MlaState::PartiallyExecuted),
        ];
        for id in cases {
            let Some(case) = self.book.case(id) else {
                continue;
            };
            let wanted: &[Status] = match case.kind {
                CaseKind::Extradition => &surrendered,
                CaseKind::Returns => &removed,
                CaseKind::Mla => &executed,
                _ => &[],
            };
            // The day the case last entered one of `wanted`, by a move that stands.
            let entered = standing(case.history())
                .filter_map(|e| match &e.kind {
                    EventKind::Transition { to, .. } if wanted.contains(to) => Some(e.effective),
                    _ => None,
                })
                .last();
            let (kind, subject) = (case.kind, case.details.subjects().next());
            let last = case.history().last().map(|e| e.recorded_at);
            let mut d = case.details.clone();
            let person = |g: &mut Gen, kind, date| PersonOutcome {
                id: g.record_id(),
                kind,
                date,
                person: subject,
                note: String::new(),
            };
            let on = match (kind, entered) {
                (CaseKind::Extradition, Some(on)) => {
                    d.outcomes
                        .persons
                        .push(person(self, PersonOutcomeKind::Surrendered, on));
                    Some(on)
                }
                (CaseKind::Returns, Some(on)) => {
                    let kind = match self.rng.chance(0.6) {
                        true => PersonOutcomeKind::ReturnedForeignOffender,
                        false => PersonOutcomeKind::ReturnedImmigrationOffender,
                    };
                    d.outcomes.persons.push(person(self, kind, on));
                    d.agreement = returns;
                    Some(on)
                }
                (CaseKind::Mla, Some(on)) if self.rng.chance(0.7) => {
                    self.mla_outcomes(&mut d.outcomes, on);
                    Some(on)
                }
                _ => None,
            };
            let unchanged = self.book.case(id).is_some_and(|c| c.details == d);
            let (Some(on), Some(last)) = (on, last) else {
                continue;
            };
            if unchanged {
                continue;
            }
            // Recorded a few days after the move, and after the case's last record.
            let after = add_days(on, self.rng.int(1, 6));
            let at = self
                .at(after, 15, 30)
                .max(last + TimeDelta::minutes(20))
                .min(self.until.to_utc());
            self.context = format!("outcomes of case {id}");
            self.apply(
                at,
                Command::UpdateCase {
                    case: id,
                    details: Box::new(d),
                },
            );
        }
    }

    /// An executed MLA request's outcomes: assets restrained on `on` (some confiscated or
    /// returned later, if that day has come), and sometimes a seizure.
    fn mla_outcomes(&mut self, o: &mut crate::domain::outcomes::Outcomes, on: NaiveDate) {
        let asset = |g: &mut Gen, action, date, currency: &str, amount: i64| AssetOutcome {
            id: g.record_id(),
            action,
            date,
            amount: Decimal::whole(amount.unsigned_abs()),
            currency: currency_of(currency),
            converted_on: None,
            note: String::new(),
        };
        if self.rng.chance(0.6) {
            let (currency, amount) = match self.rng.chance(0.5) {
                true => ("PKR", self.rng.int(20, 900) * 100_000),
                false => ("GBP", self.rng.int(15, 400) * 1_000),
            };
            o.assets
                .push(asset(self, AssetAction::Restrained, on, currency, amount));
            let later = add_days(on, self.rng.int(90, 300));
            if later <= self.today && self.rng.chance(0.5) {
                let action = match self.rng.chance(0.7) {
                    true => AssetAction::Confiscated,
                    false => AssetAction::Returned,
                };
                let part = amount * self.rng.int(40, 100) / 100;
                o.assets.push(asset(self, action, later, currency, part));
            }
        }
        if self.rng.chance(0.45) {
            let (kind, unit, (lo, hi), per) = self.rng.pick(SEIZURES);
            let quantity = self.rng.int(lo, hi);
            let (quantity, value) = match kind {
                SeizureKind::Cash => (1, Some(self.rng.int(5, 250) * 1_000)),
                _ => (quantity, per.map(|p| p * quantity)),
            };
            o.seizures.push(Seizure {
                id: self.record_id(),
                kind,
                date: on,
                quantity: Decimal::whole(quantity.unsigned_abs()),
                unit: unit.into(),
                value: value.map(|v| Decimal::whole(v.unsigned_abs())),
                currency: value.map(|_| Currency::pound_sterling()),
                note: String::new(),
            });
        }
    }
}

fn currency_of(code: &str) -> Currency {
    Currency::parse(code).unwrap_or_else(|_| Currency::pound_sterling())
}
