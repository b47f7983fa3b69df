//! Semantic checks of a whole casebook, as loaded from a file: does each case's history obey
//! its workflow and lead to its status, are ids unique, do links and parties point somewhere.
//! Reported case by case; nothing is changed.

use super::case::Case;
use super::casebook::Casebook;
use super::event::EventKind;
use super::ids::EventId;
use super::validate::{validate_details, validate_person};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// A problem found in a casebook. `record` names the case reference or the person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub record: String,
    pub field: String,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.record,
            super::validate::field_words(&self.field),
            self.message
        )
    }
}

/// Every problem in `book`, in case order. Empty means the casebook is sound.
pub fn check_casebook(book: &Casebook, today: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    // Sized once: growing a table of 700,000 event ids rehashes it a dozen times.
    let cases = book.cases().len();
    let events = book.cases().iter().map(|c| c.history().len()).sum();
    let mut ids = HashSet::with_capacity(cases);
    let mut references = HashMap::with_capacity(cases);
    let mut event_ids = HashSet::with_capacity(events);
    // What each case says of itself, worked out on every core; what it shares with other
    // cases (ids, references) in order on this one.
    let own = crate::parallel::map(book.cases(), |case| {
        let finding = |field: &str, message: String| Finding {
            record: case.reference.clone(),
            field: field.into(),
            message,
        };
        let mut out = Vec::new();
        let (problems, leads_to) = replay(case);
        out.extend(problems.into_iter().map(|m| finding("history", m)));
        if leads_to != case.status() {
            out.push(finding(
                "status",
                format!(
                    "The status is {} but the history leads to {}",
                    case.status().code(),
                    leads_to.code()
                ),
            ));
        }
        out.extend(
            (super::directions::problems(case).into_iter()).map(|m| finding("direction", m)),
        );
        out.extend(
            validate_details(&case.details, case.kind, case.id, book)
                .into_iter()
                .map(|p| finding(&p.field, p.message)),
        );
        out
    });
    for (case, own) in book.cases().iter().zip(own) {
        let finding = |field: &str, message: String| Finding {
            record: case.reference.clone(),
            field: field.into(),
            message,
        };
        if !ids.insert(case.id) {
            out.push(finding(
                "id",
                format!("Another case has the same id {}", case.id),
            ));
        }
        if let Some(other) = references.insert(case.reference.to_lowercase(), case.id)
            && other != case.id
        {
            out.push(finding(
                "reference",
                "Another case has the same reference".into(),
            ));
        }
        for e in case.history() {
            if !event_ids.insert(e.id) {
                out.push(finding(
                    "history",
                    format!("Event id {} is used twice", e.id),
                ));
            }
        }
        out.extend(own);
    }
    let mut person_ids = HashSet::with_capacity(book.people().len());
    for p in book.people() {
        let record = if p.name.trim().is_empty() {
            format!("person {}", p.id)
        } else {
            p.name.clone()
        };
        if !person_ids.insert(p.id) {
            out.push(Finding {
                record: record.clone(),
                field: "id".into(),
                message: format!("Another person has the same id {}", p.id),
            });
        }
        out.extend(validate_person(p, today).into_iter().map(|pr| Finding {
            record: record.clone(),
            field: pr.field,
            message: pr.message,
        }));
    }
    out
}

/// Replays a case's history against its workflow table: what is wrong with it, and the
/// status it leads to.
pub(super) fn replay(case: &Case) -> (Vec<String>, crate::domain::Status) {
    let mut out = Vec::new();
    let history = case.history();
    let workflow = case.workflow();
    let mut status = match history.first().map(|e| &e.kind) {
        Some(EventKind::Opened { status }) if *status == workflow.initial() => *status,
        Some(EventKind::Opened { status }) => {
            out.push(format!(
                "Opened in {} but the {workflow} workflow starts in {}",
                status.code(),
                workflow.initial().code()
            ));
            *status
        }
        Some(EventKind::Imported { status, .. }) if status.workflow() == workflow => *status,
        _ => {
            out.push("The history does not start with the case being opened or imported".into());
            workflow.initial()
        }
    };
    // What corrections void, worked out once: a merge may set aside any event (`merge.rs`), not
    // only the last change, and may set aside a correction made on another copy.
    let voided = super::corrections::voided(history);
    // A history is short: looking through it beats building a set for every case.
    let known = |id: &EventId| history.iter().any(|e| e.id == *id);
    for (i, e) in history.iter().enumerate().skip(1) {
        match &e.kind {
            EventKind::Opened { .. } => out.push(format!("Event {} opens the case again", i + 1)),
            EventKind::Transition { from, to, .. } => {
                if !from.may_go_to(*to) {
                    out.push(format!(
                        "Event {}: the workflow does not allow {} → {}",
                        i + 1,
                        from.code(),
                        to.code()
                    ));
                }
                // A move put right or set aside does not move the case.
                if voided.contains(&e.id) {
                    continue;
                }
                if *from != status {
                    out.push(format!(
                        "Event {} leaves {} but the case was in {}",
                        i + 1,
                        from.code(),
                        status.code()
                    ));
                }
                status = *to;
            }
            EventKind::Correction {
                corrects, restores, ..
            } => {
                let earlier = &history[..i];
                match super::corrections::undone_to(earlier, *corrects) {
                    Some(undone) if undone == *restores => {}
                    Some(undone) => out.push(format!(
                        "Event {} restores {} but undoing the event it corrects leads to {}",
                        i + 1,
                        restores.code(),
                        undone.code()
                    )),
                    None if known(corrects) => out.push(format!(
                        "Event {} corrects an event that is not an earlier change of status",
                        i + 1
                    )),
                    None => out.push(format!(
                        "Event {} corrects an event that does not exist",
                        i + 1
                    )),
                }
            }
            EventKind::Disclosed { .. }
            | EventKind::Imported { .. }
            | EventKind::MergeChoice { .. }
            | EventKind::Reviewed { .. }
            | EventKind::Renumbered { .. }
            | EventKind::Edited { .. }
            | EventKind::Attached { .. } => {}
            EventKind::Detached { attachment, .. } => {
                if !known(attachment) {
                    out.push(format!(
                        "Event {} removes an attachment that was never attached",
                        i + 1
                    ));
                }
            }
            EventKind::ClockExtended { started_by, .. }
            | EventKind::ClockMet { started_by, .. }
            | EventKind::DateMoved { started_by, .. } => {
                if !known(started_by) {
                    out.push(format!(
                        "Event {} refers to a deadline started by an event that does not exist",
                        i + 1
                    ));
                }
            }
        }
    }
    (out, status)
}
