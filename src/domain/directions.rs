//! Which way a case may go (`docs/law.md` §§9–12): a kind whose table has no way through in one
//! direction refuses a case in it (a request to a service provider is always ours), and a state
//! on one branch of a table (a request RECEIVED, an alert sent out) is only for cases of that
//! direction. Checked wherever a case is made or moved (open, import, transition) and over a
//! loaded or merged casebook ([`problems`]).

use super::case::Case;
use super::details::{CaseKind, Direction};
use super::event::EventKind;
use super::workflow::Status;
use std::fmt;

/// A case and a direction its table does not support.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DirectionError {
    #[error("A {} case can only be {}, not {}: its workflow has no {} way through", kind.label().to_lowercase(), Directions(kind.directions()), direction.label().to_lowercase(), direction.label().to_lowercase())]
    Kind {
        kind: CaseKind,
        direction: Direction,
    },
    #[error("{} ({}) is a state of {} {} cases only; this one is {}", status.label(), status.code(), branch.label().to_lowercase(), kind.label().to_lowercase(), direction.label().to_lowercase())]
    Branch {
        kind: CaseKind,
        direction: Direction,
        status: Status,
        branch: Direction,
    },
}

/// "incoming or outgoing", "outgoing".
struct Directions(&'static [Direction]);

impl fmt::Display for Directions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words: Vec<String> = self.0.iter().map(|d| d.label().to_lowercase()).collect();
        f.write_str(&words.join(" or "))
    }
}

/// Whether a `kind` case going `direction` may stand in `status`.
pub fn check(kind: CaseKind, direction: Direction, status: Status) -> Result<(), DirectionError> {
    if !kind.directions().contains(&direction) {
        return Err(DirectionError::Kind { kind, direction });
    }
    match status.branch() {
        Some(branch) if branch != direction => Err(DirectionError::Branch {
            kind,
            direction,
            status,
            branch,
        }),
        _ => Ok(()),
    }
}

/// What is wrong with a case's direction as it stands in a file: its kind's, and every state its
/// history entered or was imported in. Corrected moves count too: the case was in that state.
pub fn problems(case: &Case) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let states = case.history().iter().filter_map(|e| match e.kind {
        EventKind::Imported { status, .. } => Some(status),
        EventKind::Transition { to, .. } => Some(to),
        _ => None,
    });
    for status in std::iter::once(case.status()).chain(states) {
        if let Err(e) = check(case.kind, case.direction, status) {
            let message = e.to_string();
            if !out.contains(&message) {
                out.push(message);
            }
        }
    }
    out
}
