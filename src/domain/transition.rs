//! The one way a case's status changes (`docs/law.md` §4): check the table, the details the
//! target state must record, the facts the case must carry and the checklist/assurance gates;
//! then append an event. Corrections restore the earlier state with an event of their own.

use super::case::{AssuranceKind, Case, CaseKind, DeathPenalty, Direction};
use super::corrections;
use super::dates::DateKind;
use super::event::{DetailValue, Details, Event, EventKind};
use super::ids::{Derive, EventId};
use super::name::Name;
use super::workflow::{CaseFact, Detail, DetailKind, ReturnsState, Status};
use chrono::NaiveDate;
use std::fmt;

/// What an officer enters to move a case on.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TransitionRequest {
    pub to: Status,
    pub effective: NaiveDate,
    pub details: Details,
    pub reason: String,
    pub documents: Vec<String>,
    /// Goes past the blockers; must say why.
    pub override_reason: Option<String>,
}

impl TransitionRequest {
    pub fn new(to: Status, effective: NaiveDate) -> Self {
        Self {
            to,
            effective,
            details: Details::new(),
            reason: String::new(),
            documents: Vec::new(),
            override_reason: None,
        }
    }

    pub fn with(mut self, detail: Detail, value: DetailValue) -> Self {
        self.details.insert(detail, value);
        self
    }
}

/// Something that stops a transition until it is put right or overridden with a reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blocker {
    Missing(CaseFact),
    Checklist(String),
    Assurance(AssuranceKind),
}

impl fmt::Display for Blocker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Blocker::Missing(fact) => write!(f, "The case needs {}", fact.label()),
            Blocker::Checklist(item) => write!(f, "Checklist item not received: {item}"),
            Blocker::Assurance(kind) => write!(f, "{kind} assurance not accepted"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum TransitionError {
    /// Names where the case may go instead (`docs/law.md` §4A: a refused move names the way on).
    #[error("The workflow does not allow going from {} to {}; from {} it may go to: {}", from.label(), to.label(), from.label(), allowed_next(*from))]
    NotAllowed { from: Status, to: Status },
    /// A move the table allows only after some states ([`Status::only_after`]), refused naming
    /// them and where the case may go.
    #[error("{} follows only {}; this case came to {} from {}. From {} it may go to: {}", to.label(), listed(to.only_after()), from.label(), came_from.map_or("nowhere (it was opened there)", Status::label), from.label(), may_go.as_deref().map_or_else(|| "nowhere (the case is closed)".to_string(), listed))]
    NotAfter {
        from: Status,
        to: Status,
        came_from: Option<Status>,
        may_go: Option<Vec<Status>>,
    },
    #[error("Record {}", missing.iter().map(|d| d.label().to_lowercase()).collect::<Vec<_>>().join(", "))]
    MissingDetails { missing: Vec<Detail> },
    #[error("{} needs {}", detail.label(), kind_name(*detail))]
    WrongDetailKind { detail: Detail },
    #[error("{} does not apply to this transition", detail.label())]
    UnexpectedDetail { detail: Detail },
    #[error("Blocked: {}", blockers.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Blocked { blockers: Vec<Blocker> },
    #[error("An override needs a reason")]
    EmptyOverrideReason,
    #[error("The date {effective} is before the case entered its current state on {last}")]
    BeforeCurrentState {
        effective: NaiveDate,
        last: NaiveDate,
    },
    #[error("The date {effective} is in the future")]
    InFuture { effective: NaiveDate },
    /// A date recorded with a move is checked against the move's own date and today
    /// (`docs/law.md` §4A, "Dates recorded with a move").
    #[error("{}: {date} is {}", detail.label(), match problem {
        DateProblem::BeforeMove(on) => format!("before the date of this change, {on}"),
        DateProblem::InFuture => "in the future: it must already have happened".to_string(),
    })]
    DetailDate {
        detail: Detail,
        date: NaiveDate,
        problem: DateProblem,
    },
    /// A state on the other direction's branch of the table (`directions.rs`).
    #[error(transparent)]
    WrongDirection(#[from] super::directions::DirectionError),
}

/// What is wrong with a date recorded with a move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateProblem {
    /// Before the move it is recorded with (a person told of an order before it was made).
    BeforeMove(NaiveDate),
    /// A day that has happened (the day the person was told) dated after today.
    InFuture,
}

/// "Request received (REQUEST_RECEIVED), Withdrawn (WITHDRAWN)", or that the case is closed.
fn allowed_next(from: Status) -> String {
    let next = from.next();
    if next.is_empty() {
        return "nowhere (the case is closed)".into();
    }
    listed(&next)
}

/// States in words with their codes: "Extradition hearing (EXTRADITION_HEARING), …".
fn listed(states: &[Status]) -> String {
    states
        .iter()
        .map(|s| format!("{} ({})", s.label(), s.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The state the case came to its current state from: the last standing move's start.
fn came_from(case: &Case) -> Option<Status> {
    corrections::standing(case.history())
        .last()
        .and_then(|e| match e.kind {
            EventKind::Transition { from, .. } => Some(from),
            _ => None,
        })
}

/// Whether `case`, where it stands, may move to `to` as far as the states before go
/// ([`Status::only_after`]).
fn follows(case: &Case, to: Status) -> bool {
    to.follows(case.status(), came_from(case))
}

/// The states `case` may move to next: its table's, less those it has not come the way to.
pub fn next_states(case: &Case) -> Vec<Status> {
    let mut next = case.status().next();
    next.retain(|&to| follows(case, to) && to.branch().is_none_or(|b| b == case.direction));
    next
}

/// A date detail recorded with a move on `effective`, as of `today`: never before the move
/// itself when it follows it (a person is told of an order once it is made; a hearing or review
/// is fixed ahead: [`Detail::follows_the_move`]), and one that records what happened never
/// after today.
fn check_detail_date(
    detail: Detail,
    date: NaiveDate,
    effective: NaiveDate,
    today: NaiveDate,
) -> Result<(), TransitionError> {
    let problem = if detail.follows_the_move() && date < effective {
        DateProblem::BeforeMove(effective)
    } else if detail.date_kind() == DateKind::Happened && date > today {
        DateProblem::InFuture
    } else {
        return Ok(());
    };
    Err(TransitionError::DetailDate {
        detail,
        date,
        problem,
    })
}

fn kind_name(detail: Detail) -> &'static str {
    match detail.kind() {
        DetailKind::Text => "text",
        DetailKind::Date => "a date",
        DetailKind::Time => "a time of day",
    }
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CorrectionError {
    #[error("Only the last change of status can be corrected")]
    NotLastChange,
    #[error("A correction needs a reason")]
    EmptyReason,
}

/// The assurances the requesting state must give before the case goes to a decision: speciality
/// always, and a death-penalty assurance unless no offence carries it (EA 2003 ss.94, 95;
/// `docs/law.md` §4A). Only when we are the requested state.
pub fn required_assurances(case: &Case) -> Vec<AssuranceKind> {
    if case.direction != Direction::Incoming {
        return Vec::new();
    }
    let death_penalty_ruled_out = !case.details.offences.is_empty()
        && case
            .details
            .offences
            .iter()
            .all(|o| o.death_penalty == DeathPenalty::NotAvailable);
    let mut kinds = Vec::new();
    if case.kind == CaseKind::Extradition {
        kinds.push(AssuranceKind::Speciality);
    }
    if !death_penalty_ruled_out {
        kinds.push(AssuranceKind::DeathPenalty);
    }
    kinds
}

/// Whether a standing transition (one not put right by a correction) took the case into `state`.
fn has_stood_in(case: &Case, state: Status) -> bool {
    case.effective_transitions()
        .any(|e| matches!(e.kind, EventKind::Transition { to, .. } if to == state))
}

fn fact_holds(case: &Case, fact: CaseFact) -> bool {
    let d = &case.details;
    match fact {
        CaseFact::Subject => d.subjects().next().is_some(),
        CaseFact::Offence => !d.offences.is_empty(),
        CaseFact::RequestingAuthority => !d.requesting_authority.trim().is_empty(),
        CaseFact::Facts => !d.summary.trim().is_empty(),
        CaseFact::AssistanceTypes => !d.mla.assistance.is_empty(),
        CaseFact::DeathPenaltyAssessed => d
            .offences
            .iter()
            .all(|o| o.death_penalty != DeathPenalty::NotAssessed),
        CaseFact::DualCriminalityForCoerciveMeasures => {
            !d.mla.assistance.iter().any(|a| a.kind.is_coercive())
                || d.offences
                    .iter()
                    .all(|o| o.dual_criminality != super::case::DualCriminality::NotAssessed)
        }
        CaseFact::NoAsylumClaimPending => !d.asylum_claims.iter().any(|a| a.is_pending()),
        CaseFact::NationalityConfirmed => {
            has_stood_in(case, Status::Returns(ReturnsState::NationalityConfirmed))
        }
        CaseFact::TravelDocument => {
            !d.workstream.passport.trim().is_empty()
                || has_stood_in(case, Status::Returns(ReturnsState::EtdIssued))
        }
        CaseFact::ProcessingConditionForBiometrics => {
            !d.workstream.biometrics || !d.workstream.processing_condition.trim().is_empty()
        }
    }
}

/// What blocks `case` from entering `to` now: missing facts of the current and target states,
/// and for gated states the checklist and the assurances.
pub fn blockers(case: &Case, to: Status) -> Vec<Blocker> {
    let current = case.status().rule();
    let target = to.rule();
    let mut out: Vec<Blocker> = Vec::new();
    // What the current state needs matters only for moving on; closing a case needs nothing.
    let current_facts = if target.terminal {
        &[][..]
    } else {
        current.facts
    };
    for &fact in current_facts.iter().chain(target.facts) {
        if !fact_holds(case, fact) && !out.contains(&Blocker::Missing(fact)) {
            out.push(Blocker::Missing(fact));
        }
    }
    if target.gated {
        out.extend(
            case.details
                .checklist
                .iter()
                .filter(|i| i.required && !i.status.is_satisfied())
                .map(|i| Blocker::Checklist(i.label.to_string())),
        );
        for kind in required_assurances(case) {
            let accepted = case
                .details
                .assurances
                .iter()
                .any(|a| a.kind == kind && a.accepted.is_some());
            if !accepted {
                out.push(Blocker::Assurance(kind));
            }
        }
    }
    out
}

/// Checks a transition without making it; the window uses this to show what blocks.
pub fn check_transition(
    case: &Case,
    request: &TransitionRequest,
    today: NaiveDate,
) -> Result<Vec<Blocker>, TransitionError> {
    let from = case.status();
    let to = request.to;
    if !from.may_go_to(to) {
        return Err(TransitionError::NotAllowed { from, to });
    }
    super::directions::check(case.kind, case.direction, to)?;
    if !follows(case, to) {
        let next = next_states(case);
        return Err(TransitionError::NotAfter {
            from,
            to,
            came_from: came_from(case),
            may_go: (!next.is_empty()).then_some(next),
        });
    }
    let rule = to.rule();
    let missing: Vec<Detail> = rule
        .records
        .iter()
        .copied()
        .filter(|d| !has_value(request.details.get(d)))
        .collect();
    if !missing.is_empty() {
        return Err(TransitionError::MissingDetails { missing });
    }
    for (&detail, value) in &request.details {
        if !rule.records.contains(&detail) && !rule.optional.contains(&detail) {
            return Err(TransitionError::UnexpectedDetail { detail });
        }
        let fits = matches!(
            (detail.kind(), value),
            (DetailKind::Text, DetailValue::Text(_))
                | (DetailKind::Date, DetailValue::Date(_))
                | (DetailKind::Time, DetailValue::Time(_))
        );
        if !fits {
            return Err(TransitionError::WrongDetailKind { detail });
        }
        if let DetailValue::Date(date) = value {
            check_detail_date(detail, *date, request.effective, today)?;
        }
    }
    if request.effective > today {
        return Err(TransitionError::InFuture {
            effective: request.effective,
        });
    }
    let last = case.status_since();
    if request.effective < last {
        return Err(TransitionError::BeforeCurrentState {
            effective: request.effective,
            last,
        });
    }
    let blockers = blockers(case, to);
    match &request.override_reason {
        _ if blockers.is_empty() => Ok(blockers),
        Some(reason) if !reason.trim().is_empty() => Ok(blockers),
        Some(_) => Err(TransitionError::EmptyOverrideReason),
        None => Err(TransitionError::Blocked { blockers }),
    }
}

fn has_value(value: Option<&DetailValue>) -> bool {
    match value {
        Some(DetailValue::Text(t)) => !t.trim().is_empty(),
        Some(_) => true,
        None => false,
    }
}

/// Who records an event, and when.
#[derive(Clone, Debug)]
pub struct Recorder {
    pub id: EventId,
    /// The officer's local time; events store it in UTC.
    pub at: chrono::DateTime<chrono::FixedOffset>,
    pub officer: String,
    pub agency: String,
}

impl Recorder {
    pub(super) fn event(self, effective: NaiveDate, kind: EventKind) -> Event {
        Event {
            id: self.id,
            effective,
            recorded_at: self.at.to_utc(),
            officer: self.officer.into(),
            agency: self.agency.into(),
            kind,
        }
    }
}

impl Case {
    /// Moves the case on. The only way its status changes besides [`Case::correct`].
    pub fn transition(
        &mut self,
        request: TransitionRequest,
        recorder: Recorder,
    ) -> Result<EventId, TransitionError> {
        let blockers = check_transition(self, &request, recorder.at.date_naive())?;
        let kind = EventKind::Transition {
            from: self.status(),
            to: request.to,
            details: request.details,
            reason: request.reason.into(),
            documents: request.documents.into_iter().map(Name::from).collect(),
            override_reason: request
                .override_reason
                .filter(|_| !blockers.is_empty())
                .map(Into::into),
            overridden: blockers.iter().map(ToString::to_string).collect(),
        };
        Ok(self.push_move(recorder.event(request.effective, kind)))
    }

    /// Appends a transition or a correction under an id derived from what it records and the
    /// move it follows: the same move made on two copies of the casebook is one event when they
    /// are merged, not two moves that conflict. Returns the id.
    fn push_move(&mut self, mut event: Event) -> EventId {
        let follows = self
            .effective_transitions()
            .last()
            .or(self.history().first())
            .map_or(EventId(uuid::Uuid::nil()), |e| e.id);
        let mut id = Derive::new("move")
            .uuid(self.id.0)
            .uuid(follows.0)
            .value(&event.effective)
            .value(&event.kind)
            .finish();
        // The same move again after it was put right (redo after undo) is a new event.
        while self.history().iter().any(|e| e.id.0 == id) {
            id = Derive::new("move again").uuid(id).finish();
        }
        event.id = EventId(id);
        self.push_event(event);
        EventId(id)
    }

    /// The events put right or set aside: each correction voids the event it points at, unless
    /// a later correction voids that correction (a merge setting aside a correction made on
    /// another copy). Oldest corrections last.
    pub fn voided(&self) -> Vec<EventId> {
        corrections::voided(self.history())
    }

    /// The transitions that stand (not corrected), oldest first.
    pub fn effective_transitions(&self) -> impl Iterator<Item = &Event> {
        corrections::standing(self.history())
    }

    /// The day the case entered its current state.
    pub fn status_since(&self) -> NaiveDate {
        self.effective_transitions()
            .last()
            .map_or_else(|| self.origin_date(), |e| e.effective)
    }

    /// The transition "Correct last change…" would correct: the last one that stands, provided
    /// the case is still in the state it led to.
    pub fn correctable(&self) -> Option<&Event> {
        let status = self.status();
        self.effective_transitions()
            .last()
            .filter(|e| matches!(e.kind, EventKind::Transition { to, .. } if to == status))
    }

    /// Puts right the last transition: a correction event restores the state before it, and the
    /// clocks it started become void.
    pub fn correct(
        &mut self,
        event: EventId,
        reason: &str,
        recorder: Recorder,
    ) -> Result<EventId, CorrectionError> {
        if reason.trim().is_empty() {
            return Err(CorrectionError::EmptyReason);
        }
        let Some(target) = self.correctable().filter(|e| e.id == event) else {
            return Err(CorrectionError::NotLastChange);
        };
        let EventKind::Transition { from, .. } = target.kind else {
            return Err(CorrectionError::NotLastChange);
        };
        let effective = recorder.at.date_naive().max(self.last_update());
        let kind = EventKind::Correction {
            corrects: event,
            restores: from,
            reason: reason.trim().into(),
        };
        Ok(self.push_move(recorder.event(effective, kind)))
    }
}
