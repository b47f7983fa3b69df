//! A case (`docs/law.md` §5); what it carries is in `details.rs`. Plain data, except the status and the history:
//! those are private and change only through [`Case::transition`] and [`Case::correct`]
//! (in `transition.rs`), which append events.

use super::event::{Event, EventKind};
use super::ids::CaseId;
use super::stamps::CaseStamps;
use super::vec_map::fit;
use super::workflow::{Status, Workflow};
use chrono::NaiveDate;

pub use super::details::*;

/// An extradition or MLA request. `status` and `history` are private: the only way to change
/// them is a transition or a correction, which append an event.
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    pub id: CaseId,
    /// Our reference, e.g. `EI-2026-0007`.
    pub reference: String,
    pub kind: CaseKind,
    pub direction: Direction,
    pub opened: NaiveDate,
    pub details: CaseDetails,
    status: Status,
    history: Vec<Event>,
    /// Which change each field and sub-record comes from (`stamps.rs`), kept by `apply`.
    stamps: CaseStamps,
}

impl Case {
    /// Builds a case from its parts with whatever status it is given, unchecked: `status` need
    /// not be where `history` leads. It exists because a file is read as it was written, and a
    /// damaged one must still be shown, checked and repaired; the status is otherwise set only
    /// by `transition`, `correct` and a merge. Callers: the store when loading (its semantic
    /// check, `check::check_casebook`, then reports a status the history does not lead to),
    /// the repair and a merge, which replay the history themselves, an imported case, whose one
    /// event records the status it came with, and tests of broken files.
    #[allow(clippy::too_many_arguments)] // one argument per stored field, in file order
    pub fn from_parts_unchecked(
        id: CaseId,
        reference: String,
        kind: CaseKind,
        direction: Direction,
        opened: NaiveDate,
        mut details: CaseDetails,
        status: Status,
        mut history: Vec<Event>,
    ) -> Self {
        // Read entry by entry, the lists have room to spare: at 100,000 cases that is a fifth
        // of the casebook's memory, given back here.
        fit(&mut history);
        details.fit();
        Self {
            id,
            reference,
            kind,
            direction,
            opened,
            details,
            status,
            history,
            stamps: CaseStamps::default(),
        }
    }

    /// A copy of the case with `history` in place of its own, as a damaged or older file
    /// could hold it (for tests).
    #[cfg(test)]
    pub(crate) fn with_history(&self, history: Vec<Event>) -> Self {
        Self {
            history,
            ..self.clone()
        }
    }

    /// A copy of the case with `status` in place of its own whatever its history says, as a
    /// damaged file could hold it (for tests).
    #[cfg(test)]
    pub(crate) fn with_status(&self, status: Status) -> Self {
        Self {
            status,
            ..self.clone()
        }
    }

    /// The same case with the revision stamps read from its file.
    pub fn with_stamps(mut self, stamps: CaseStamps) -> Self {
        self.stamps = stamps;
        self
    }

    pub fn stamps(&self) -> &CaseStamps {
        &self.stamps
    }

    pub(super) fn stamps_mut(&mut self) -> &mut CaseStamps {
        &mut self.stamps
    }

    /// The details and, apart, their stamps to note an edit in.
    pub(super) fn details_and_stamps_mut(&mut self) -> (&CaseDetails, &mut CaseStamps) {
        (&self.details, &mut self.stamps)
    }

    pub fn status(&self) -> Status {
        self.status
    }

    pub fn history(&self) -> &[Event] {
        &self.history
    }

    /// `cases` in turn, for a pass that replays each one's history, each few cases' histories
    /// read from memory side by side before they are handed on. A history lies somewhere of its
    /// own on the heap: replayed one after another, the cases wait for memory one after
    /// another; read together, the waits overlap and the replays find them at hand (the
    /// dashboard at open 10-15 % faster at 100,000 cases, BENCHMARKS.md).
    /// Its length is known, so what it is collected into is allocated once.
    pub fn fetched(cases: &[Case]) -> impl ExactSizeIterator<Item = &Case> {
        cases.iter().enumerate().map(move |(at, case)| {
            if at % FETCHED_TOGETHER == 0 {
                let together = cases[at..].iter().take(FETCHED_TOGETHER);
                for event in together.flat_map(|case| &case.history) {
                    std::hint::black_box(event.effective);
                }
            }
            case
        })
    }

    pub fn workflow(&self) -> Workflow {
        workflow_of(self.kind, self.direction)
    }

    /// The day the officer last marked the case reviewed, if ever.
    pub fn last_reviewed(&self) -> Option<NaiveDate> {
        self.history
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Reviewed { .. }))
            .map(|e| e.effective)
            .max()
    }

    /// The date of the latest event: when the case last moved. An export or a review is not
    /// news about the case, so disclosures, reviews and edits of its details do not count (an
    /// edit is dated the day it was typed, which says nothing of the case's progress).
    pub fn last_update(&self) -> NaiveDate {
        self.history
            .iter()
            .filter(|e| {
                !matches!(
                    e.kind,
                    EventKind::Disclosed { .. }
                        | EventKind::Reviewed { .. }
                        | EventKind::Edited { .. }
                )
            })
            .map(|e| e.effective)
            .max()
            .unwrap_or(self.opened)
    }

    /// The day the case entered the casebook in its first status: opened, or imported.
    pub fn origin_date(&self) -> NaiveDate {
        match self.history.first() {
            Some(e) if matches!(e.kind, EventKind::Imported { .. }) => e.effective,
            _ => self.opened,
        }
    }

    pub(super) fn push_event(&mut self, event: Event) {
        if let EventKind::Transition { to, .. } = &event.kind {
            self.status = *to;
        }
        if let EventKind::Correction { restores, .. } = &event.kind {
            self.status = *restores;
        }
        self.history.push(event);
    }
}

/// How many cases' histories [`Case::fetched`] reads together.
const FETCHED_TOGETHER: usize = 8;

/// The workflow a kind and direction follow (`docs/law.md` §4).
pub fn workflow_of(kind: CaseKind, direction: Direction) -> Workflow {
    match (kind, direction) {
        (CaseKind::Extradition, Direction::Incoming) => Workflow::ExtraditionIncoming,
        (CaseKind::Extradition, Direction::Outgoing) => Workflow::ExtraditionOutgoing,
        (CaseKind::Mla, _) => Workflow::MutualLegalAssistance,
        (CaseKind::Returns, _) => Workflow::Returns,
        (CaseKind::ConvictionData, _) => Workflow::ConvictionData,
        (CaseKind::ServiceProvider, _) => Workflow::ServiceProvider,
        (CaseKind::PoliceEnquiry, _) => Workflow::PoliceEnquiry,
        (CaseKind::OffenderAlert, _) => Workflow::OffenderAlert,
    }
}

impl Workflow {
    /// The kind of case that follows this workflow.
    pub fn kind(self) -> CaseKind {
        match self {
            Workflow::ExtraditionIncoming | Workflow::ExtraditionOutgoing => CaseKind::Extradition,
            Workflow::MutualLegalAssistance => CaseKind::Mla,
            Workflow::Returns => CaseKind::Returns,
            Workflow::ConvictionData => CaseKind::ConvictionData,
            Workflow::ServiceProvider => CaseKind::ServiceProvider,
            Workflow::PoliceEnquiry => CaseKind::PoliceEnquiry,
            Workflow::OffenderAlert => CaseKind::OffenderAlert,
        }
    }
}

/// The reference prefix: EI/EO/MI/MO for extradition in/out and MLA in/out (`docs/law.md` §5),
/// and in the same style RI/RO for returns, CI/CO for conviction data, SI/SO for service
/// providers, PI/PO for police enquiries and AI/AO for offender alerts.
pub fn reference_prefix(kind: CaseKind, direction: Direction) -> &'static str {
    match (kind, direction) {
        (CaseKind::Extradition, Direction::Incoming) => "EI",
        (CaseKind::Extradition, Direction::Outgoing) => "EO",
        (CaseKind::Mla, Direction::Incoming) => "MI",
        (CaseKind::Mla, Direction::Outgoing) => "MO",
        (CaseKind::Returns, Direction::Incoming) => "RI",
        (CaseKind::Returns, Direction::Outgoing) => "RO",
        (CaseKind::ConvictionData, Direction::Incoming) => "CI",
        (CaseKind::ConvictionData, Direction::Outgoing) => "CO",
        (CaseKind::ServiceProvider, Direction::Incoming) => "SI",
        (CaseKind::ServiceProvider, Direction::Outgoing) => "SO",
        (CaseKind::PoliceEnquiry, Direction::Incoming) => "PI",
        (CaseKind::PoliceEnquiry, Direction::Outgoing) => "PO",
        (CaseKind::OffenderAlert, Direction::Incoming) => "AI",
        (CaseKind::OffenderAlert, Direction::Outgoing) => "AO",
    }
}
