//! Table-driven tests of the domain: the workflow tables (`transitions.rs`) and the deadline
//! catalogue (`clocks.rs`), exercised through real commands on a real [`Casebook`].
//!
//! Shared fixtures live here: a [`Fixture`] holds a casebook with one case opened through
//! `Command::OpenCase`, and moves it on with `Command::Transition`, filling what each target
//! state must record from its table row.

mod agenda;
mod appeals;
mod catalogue_rows;
mod clocks;
mod directions;

mod converge;
mod edits;
mod figures;
mod governance;
mod governance_figures;
mod governance_removal;
mod holiday_merge;
mod merge;
mod particulars;
mod shared_rules;
mod transitions;
mod workflow_review;
mod working_days;
mod workstreams;

use super::case::{
    AssistanceItem, AssistanceProgress, AssistanceType, Assurance, AssuranceKind, CaseDetails,
    CaseKind, Country, DeathPenalty, Direction, DocumentStatus, DualCriminality, Offence, Party,
    ProgrammeArea, Role,
};
use super::casebook::{Applied, Casebook, Command, CommandError, Ctx, Settings};
use super::clock::Clock;
use super::event::{DetailValue, Event, EventKind};
use super::ids::{CaseId, EventId, PersonId, RecordId, SeededIds};
use super::person::Person;
use super::transition::TransitionRequest;
use super::workflow::{DetailKind, IncomingState, MlaState, OutgoingState, Status, Workflow};
use super::{Case, Detail};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use uuid::Uuid;

/// The splitmix64 increment: advancing a seed by a multiple of it gives the same sequence a
/// single [`SeededIds`] would, so a fixture can be cloned and still hand out fresh ids.
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// The day cases are opened on unless a test says otherwise.
pub const OPENED: &str = "2026-01-05";

/// "Now" for the casebook unless a test sets it: late enough that every effective date used in
/// the tests is in the past.
pub const NOW: &str = "2030-12-31";

/// Every variant of a fieldless enum, read by index until one is out of range: the enum's own
/// list, independent of any table written for it.
pub fn every_variant<T: serde::de::DeserializeOwned>() -> Vec<T> {
    use serde::de::IntoDeserializer;
    (0u32..)
        .map_while(|i| {
            let index: serde::de::value::U32Deserializer<serde::de::value::Error> =
                i.into_deserializer();
            T::deserialize(index).ok()
        })
        .collect()
}

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("bad date {s}: {e}"))
}

/// Noon UTC on `date`.
pub fn noon(date: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap()))
}

pub fn inc(s: IncomingState) -> Status {
    Status::Incoming(s)
}
pub fn out(s: OutgoingState) -> Status {
    Status::Outgoing(s)
}
pub fn mla(s: MlaState) -> Status {
    Status::Mla(s)
}

/// The kind and direction of a case that follows `workflow`.
pub fn kind_of(workflow: Workflow) -> (CaseKind, Direction) {
    match workflow {
        Workflow::ExtraditionIncoming => (CaseKind::Extradition, Direction::Incoming),
        Workflow::ExtraditionOutgoing => (CaseKind::Extradition, Direction::Outgoing),
        Workflow::MutualLegalAssistance => (CaseKind::Mla, Direction::Outgoing),
        other => (other.kind(), Direction::Outgoing),
    }
}

/// A value of the right kind for `detail`: dates default to `on`.
pub fn sample_value(detail: Detail, on: NaiveDate) -> DetailValue {
    match detail.kind() {
        DetailKind::Text => DetailValue::Text(format!("{} (test)", detail.label())),
        DetailKind::Date => DetailValue::Date(on),
        DetailKind::Time => DetailValue::Time(NaiveTime::from_hms_opt(10, 30, 0).unwrap()),
    }
}

/// For every state of `workflow` reachable from its initial state, a shortest path to it
/// (the states entered, the initial one excluded), by breadth-first search over the table:
/// those a case of [`kind_of`]'s direction takes, then those only the other direction's do
/// (a request received).
pub fn shortest_paths(workflow: Workflow) -> BTreeMap<Status, Vec<Status>> {
    let (_, first) = kind_of(workflow);
    let mut paths = shortest_paths_going(workflow, first);
    for (state, path) in shortest_paths_going(workflow, other_way(first)) {
        paths.entry(state).or_insert(path);
    }
    paths
}

pub fn other_way(direction: Direction) -> Direction {
    match direction {
        Direction::Incoming => Direction::Outgoing,
        Direction::Outgoing => Direction::Incoming,
    }
}

/// The direction a case on `path` goes: that of the first state on one branch of its table,
/// else `default`.
pub fn direction_of(path: &[Status], default: Direction) -> Direction {
    path.iter().find_map(|s| s.branch()).unwrap_or(default)
}

/// [`shortest_paths`] for a case going `direction`: the states of the other branch left out.
pub fn shortest_paths_going(
    workflow: Workflow,
    direction: Direction,
) -> BTreeMap<Status, Vec<Status>> {
    let start = workflow.initial();
    let mut paths = BTreeMap::from([(start, Vec::new())]);
    // Searched by state and the state it was come to from, since some moves follow only some
    // states (`Status::only_after`): a discharge after a hearing may be appealed, one after a
    // provisional arrest may not.
    let mut seen = BTreeSet::from([(None, start)]);
    let mut queue = VecDeque::from([(None, start, Vec::new())]);
    while let Some((before, s, path)) = queue.pop_front() {
        for n in s.next() {
            let way = n.branch().is_none_or(|b| b == direction);
            if way && n.follows(s, before) && seen.insert((Some(s), n)) {
                let mut path: Vec<Status> = path.clone();
                path.push(n);
                paths.entry(n).or_insert_with(|| path.clone());
                queue.push_back((Some(s), n, path));
            }
        }
    }
    paths
}

/// A casebook holding one case, and the means to change it through [`Casebook::apply`].
#[derive(Clone, Debug)]
pub struct Fixture {
    pub book: Casebook,
    pub case: CaseId,
    pub now: DateTime<Utc>,
    seed: u64,
}

impl Fixture {
    /// Opens a bare case (no subject, offence or authority) of `kind` and `direction` on
    /// `opened`, through `Command::OpenCase`.
    pub fn open(kind: CaseKind, direction: Direction, opened: &str) -> Self {
        let settings = Settings {
            officer_name: "Test Officer".into(),
            officer_agency: "UKCA".into(),
            ..Settings::default()
        };
        let mut fx = Fixture {
            book: Casebook::new(settings),
            case: CaseId(Uuid::from_u128(0xCA5E)),
            now: noon(d(NOW)),
            seed: 1,
        };
        let (requesting, requested) = match direction {
            Direction::Incoming => (Country::pakistan(), Country::uk()),
            Direction::Outgoing => (Country::uk(), Country::pakistan()),
        };
        let applied = fx
            .apply(Command::OpenCase {
                id: fx.case,
                kind,
                direction,
                opened: d(opened),
                details: Box::new(CaseDetails::new(requesting, requested)),
            })
            .unwrap_or_else(|e| panic!("opening the case: {e}"));
        assert_eq!(applied.case, Some(fx.case));
        fx
    }

    /// Opens a case that satisfies every fact, checklist item and assurance.
    pub fn ready(kind: CaseKind, direction: Direction, opened: &str) -> Self {
        let mut fx = Self::open(kind, direction, opened);
        fx.satisfy_all();
        fx
    }

    /// A ready case of `state`'s workflow, driven to `state` along a shortest path.
    pub fn at(state: Status) -> Self {
        let workflow = state.workflow();
        let path = shortest_paths(workflow)
            .remove(&state)
            .unwrap_or_else(|| panic!("{} is unreachable", state.code()));
        let (kind, default) = kind_of(workflow);
        let mut fx = Self::ready(kind, direction_of(&path, default), OPENED);
        fx.drive(&path);
        fx
    }

    /// A ready case of the kind and direction that follow `workflow`.
    pub fn ready_for(workflow: Workflow) -> Self {
        let (kind, direction) = kind_of(workflow);
        Self::ready(kind, direction, OPENED)
    }

    pub fn case(&self) -> &Case {
        self.book.case(self.case).expect("the fixture's case")
    }

    /// The case's clocks as of `today`, counted with the casebook's working days.
    pub fn clocks(&self, today: NaiveDate) -> Vec<Clock> {
        super::clock::clocks(self.case(), today, &self.book.settings.working_days())
    }

    /// The case's next deadline as of `today`.
    pub fn next_deadline(&self, today: NaiveDate) -> Option<Clock> {
        super::clock::next_deadline(self.case(), today, &self.book.settings.working_days())
    }

    pub fn status(&self) -> Status {
        self.case().status()
    }

    pub fn history_len(&self) -> usize {
        self.case().history().len()
    }

    pub fn last_event(&self) -> &Event {
        self.case().history().last().expect("a history")
    }

    /// Sets "now" for the commands that follow.
    pub fn set_now(&mut self, date: &str) {
        self.now = noon(d(date));
    }

    /// Applies `command` with this fixture's "now" and a fresh run of seeded ids.
    pub fn apply(&mut self, command: Command) -> Result<Applied, CommandError> {
        let mut ids = SeededIds::new(self.seed);
        self.seed = self.seed.wrapping_add(GOLDEN.wrapping_mul(64));
        let mut ctx = Ctx {
            now: self.now.into(),
            ids: &mut ids,
        };
        self.book.apply(command, &mut ctx)
    }

    /// Replaces the case's details with an edited copy (`Command::UpdateCase`).
    pub fn update(&mut self, edit: impl FnOnce(&mut CaseDetails)) {
        let mut details = self.case().details.clone();
        edit(&mut details);
        self.apply(Command::UpdateCase {
            case: self.case,
            details: Box::new(details),
        })
        .unwrap_or_else(|e| panic!("updating the case: {e}"));
    }

    /// Makes the case carry everything any state needs: a subject, an offence (death penalty
    /// available, dual criminality satisfied), the requesting authority, a summary, assistance
    /// (coercive and not, for MLA), every checklist item received, and the speciality and
    /// death-penalty assurances accepted.
    pub fn satisfy_all(&mut self) {
        let person = PersonId(Uuid::from_u128(0x5B));
        if self.book.person(person).is_none() {
            self.apply(Command::SavePerson(Box::new(Person::new(
                person,
                "Imran Khan Niazi",
            ))))
            .unwrap_or_else(|e| panic!("saving the subject: {e}"));
        }
        let is_mla = self.case().kind == CaseKind::Mla;
        let role = if is_mla {
            Role::Suspect
        } else {
            Role::RequestedPerson
        };
        self.update(|c| {
            c.summary = "Murder in Lahore in 2024; the suspect fled to Bradford.".into();
            c.requesting_authority = "Ministry of Interior".into();
            c.parties = vec![Party { person, role }];
            c.offences = vec![Offence {
                id: RecordId(Uuid::from_u128(0x0FF)),
                description: "Murder".into(),
                area: ProgrammeArea::SeriousViolence,
                statute: "PPC s.302".into(),
                law_text: String::new(),
                max_penalty: "Death".into(),
                death_penalty: DeathPenalty::Available,
                equivalent_offence: "Murder (common law)".into(),
                dual_criminality: DualCriminality::Satisfied,
            }];
            if is_mla {
                c.mla.assistance = vec![
                    AssistanceItem {
                        id: RecordId(Uuid::from_u128(0xA1)),
                        kind: AssistanceType::BankingRecords,
                        description: "HBL account statements 2023-2024".into(),
                        progress: AssistanceProgress::Pending,
                    },
                    AssistanceItem {
                        id: RecordId(Uuid::from_u128(0xA2)),
                        kind: AssistanceType::WitnessStatement,
                        description: "Statement of the bank manager".into(),
                        progress: AssistanceProgress::Pending,
                    },
                ];
            }
            for item in &mut c.checklist {
                item.status = DocumentStatus::Received;
            }
            let accepted = |id: u128, kind: AssuranceKind| Assurance {
                id: RecordId(Uuid::from_u128(id)),
                kind,
                requested: Some(d("2026-01-02")),
                received: Some(d("2026-01-03")),
                accepted: Some(d("2026-01-04")),
                note: String::new(),
            };
            c.assurances = vec![
                accepted(0xA55, AssuranceKind::Speciality),
                accepted(0xA56, AssuranceKind::DeathPenalty),
            ];
            c.workstream.passport = "AB1234567, expires 2031".into();
        });
    }

    /// A request to enter `to` on `on`, with every detail the target state must record.
    pub fn request(&self, to: Status, on: &str) -> TransitionRequest {
        let on = d(on);
        to.rule()
            .records
            .iter()
            .fold(TransitionRequest::new(to, on), |r, &detail| {
                r.with(detail, sample_value(detail, on))
            })
    }

    /// Applies a transition request through `Command::Transition`.
    pub fn try_go(&mut self, request: TransitionRequest) -> Result<Applied, CommandError> {
        self.apply(Command::Transition {
            case: self.case,
            request: Box::new(request),
        })
    }

    /// Enters `to` on `on` with the required details and returns the transition's event id.
    pub fn go(&mut self, to: Status, on: &str) -> EventId {
        self.go_with(to, on, &[])
    }

    /// Like [`Fixture::go`], with some details given (or added) explicitly.
    pub fn go_with(&mut self, to: Status, on: &str, details: &[(Detail, DetailValue)]) -> EventId {
        let request = details
            .iter()
            .fold(self.request(to, on), |r, (k, v)| r.with(*k, v.clone()));
        let from = self.status();
        self.try_go(request)
            .unwrap_or_else(|e| panic!("{} → {} on {on}: {e}", from.code(), to.code()));
        self.last_event().id
    }

    /// Moves the case along `steps`, each entered on its date.
    pub fn walk(&mut self, steps: &[(Status, &str)]) -> Vec<EventId> {
        steps.iter().map(|&(to, on)| self.go(to, on)).collect()
    }

    /// Moves the case along `path`, one state a day starting the day after it was opened. A
    /// gate that reads the history (returns: nationality confirmed) and blocks on a short path
    /// is overridden with a reason, as an officer may.
    pub fn drive(&mut self, path: &[Status]) {
        let mut day = self.case().opened;
        for &to in path {
            day = day.succ_opt().expect("a next day");
            let mut request = self.request(to, &day.format("%Y-%m-%d").to_string());
            if !super::transition::blockers(self.case(), to).is_empty() {
                request.override_reason = Some("Directions set by the Home Office".into());
            }
            self.try_go(request)
                .unwrap_or_else(|e| panic!("→ {} on {day}: {e}", to.code()));
        }
    }

    /// The day after the case entered its current state, as text for [`Fixture::go`].
    pub fn next_day(&self) -> String {
        self.case()
            .status_since()
            .succ_opt()
            .expect("a next day")
            .format("%Y-%m-%d")
            .to_string()
    }
}

/// The transition events of `case`'s history, as `(from, to)` pairs.
pub fn moves(case: &Case) -> Vec<(Status, Status)> {
    case.history()
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Transition { from, to, .. } => Some((from, to)),
            _ => None,
        })
        .collect()
}

#[test]
fn fixtures_build_what_they_say() {
    for workflow in Workflow::ALL {
        let fx = Fixture::ready_for(workflow);
        assert_eq!(fx.case().workflow(), workflow);
        assert_eq!(fx.status(), workflow.initial());
        // Opened, then the edit that made it ready.
        assert_eq!(fx.history_len(), 2);
        assert!(matches!(fx.last_event().kind, EventKind::Edited { .. }));
        assert!(
            super::transition::blockers(fx.case(), workflow.initial()).is_empty(),
            "{workflow}: the ready fixture still has blockers"
        );
        assert!(!fx.case().details.checklist.is_empty());
    }
    let paths = shortest_paths(Workflow::ExtraditionIncoming);
    assert_eq!(
        paths[&inc(IncomingState::SentToSos)].len(),
        6,
        "PRE_REQUEST → REQUEST_RECEIVED → SAC → REQUEST_CERTIFIED → INITIAL_HEARING → \
         CONSENTED → SENT_TO_SOS"
    );
}

#[test]
fn a_reference_is_found_in_any_case_and_forgotten_when_its_case_is_discarded() {
    let mut fx = Fixture::open(CaseKind::Extradition, Direction::Incoming, "2026-01-05");
    let reference = fx.case().reference.clone();
    let lower = format!("  {}  ", reference.to_lowercase());
    assert_eq!(
        fx.book.case_by_reference(&lower).map(|c| c.id),
        Some(fx.case)
    );
    // A second case gets the next reference and is found by it; the first still is.
    let second = CaseId(Uuid::from_u128(0x5EC0));
    fx.apply(Command::OpenCase {
        id: second,
        kind: CaseKind::Extradition,
        direction: Direction::Incoming,
        opened: d("2026-01-06"),
        details: Box::new(CaseDetails::new(Country::pakistan(), Country::uk())),
    })
    .unwrap();
    let second_reference = fx.book.case(second).unwrap().reference.clone();
    assert_ne!(second_reference, reference);
    assert_eq!(
        fx.book.case_by_reference(&second_reference).map(|c| c.id),
        Some(second)
    );
    fx.apply(Command::DiscardCase { case: fx.case }).unwrap();
    assert!(fx.book.case_by_reference(&reference).is_none());
    // The discard moved the second case up a place: still found where it now is.
    assert_eq!(
        fx.book.case_by_reference(&second_reference).map(|c| c.id),
        Some(second)
    );
}
