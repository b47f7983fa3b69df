//! Repairs for a casebook that loads but breaks the rules, offered only where the right answer
//! is not in doubt: the status is put where a sound history leads (the events are the record;
//! the status only summarises them), and links to cases that are not there, to the case
//! itself or repeated are dropped. Nothing else is guessed at. Repairs are shown to the officer
//! and applied only when they choose; the store keeps the unrepaired file as a snapshot when
//! the repaired casebook is saved.

use super::case::Case;
use super::casebook::Casebook;
use super::check::{check_casebook, replay};
use super::ids::CaseId;
use super::workflow::Status;
use chrono::NaiveDate;
use std::collections::HashSet;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Repair {
    Status {
        reference: String,
        from: Status,
        to: Status,
    },
    DropLink {
        reference: String,
        target: CaseId,
        why: &'static str,
    },
}

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Repair::Status {
                reference,
                from,
                to,
            } => write!(
                f,
                "{reference}: set the status from {} to {}, where its history leads",
                from.code(),
                to.code()
            ),
            Repair::DropLink {
                reference,
                target,
                why,
            } => write!(f, "{reference}: remove the link to {target} ({why})"),
        }
    }
}

/// The repaired casebook and what was repaired, when repairing makes `book` sound; `None`
/// when there is nothing to repair or a problem remains that only the officer can resolve.
pub fn repaired(book: &Casebook, today: NaiveDate) -> Option<(Casebook, Vec<Repair>)> {
    let mut repairs = Vec::new();
    let cases = book
        .cases()
        .iter()
        .map(|case| repair_case(book, case, &mut repairs))
        .collect();
    if repairs.is_empty() {
        return None;
    }
    // The people's, agencies' and contacts' revision stamps and what the casebook has seen of
    // other copies are kept: a repaired casebook still merges as the one it repairs.
    let fixed = book.with_cases(cases);
    check_casebook(&fixed, today)
        .is_empty()
        .then_some((fixed, repairs))
}

fn repair_case(book: &Casebook, case: &Case, repairs: &mut Vec<Repair>) -> Case {
    let mut details = case.details.clone();
    let mut seen = HashSet::new();
    details.links.retain(|link| {
        let why = if link.case == case.id {
            "a case cannot be linked to itself"
        } else if book.case(link.case).is_none() {
            "the linked case is not in the casebook"
        } else if !seen.insert(link.case) {
            "linked twice"
        } else {
            return true;
        };
        repairs.push(Repair::DropLink {
            reference: case.reference.clone(),
            target: link.case,
            why,
        });
        false
    });
    let (problems, leads_to) = replay(case);
    // Only a history with nothing wrong in it says unambiguously where the case stands.
    let status = if problems.is_empty() && leads_to != case.status() {
        repairs.push(Repair::Status {
            reference: case.reference.clone(),
            from: case.status(),
            to: leads_to,
        });
        leads_to
    } else {
        case.status()
    };
    Case::from_parts_unchecked(
        case.id,
        case.reference.clone(),
        case.kind,
        case.direction,
        case.opened,
        details,
        status,
        case.history().to_vec(),
    )
}
