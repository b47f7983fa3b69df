//! Deadline clocks (`docs/law.md` §3), computed from a case's events every time they are asked for:
//! nothing is stored, so a casebook opened after weeks away shows the truth.

use super::case::Case;
use super::dates::{Counting, Period};
use super::event::{DetailValue, Details, Event, EventKind};
use super::ids::EventId;
use super::workflow::{Status, WorkflowState};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

pub use super::deadlines::{CATALOGUE, ClockKey, ClockRule, Due, Nature, Start};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ClockStatus {
    Open,
    Extended,
    Met,
    Missed,
    /// A window (appeal, representations) that passed without use.
    Expired,
    /// Its trigger was corrected, it was superseded, or the case closed first.
    Void,
}

impl ClockStatus {
    pub fn is_running(self) -> bool {
        matches!(self, ClockStatus::Open | ClockStatus::Extended)
    }
}

impl fmt::Display for ClockStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ClockStatus::Open => "Open",
            ClockStatus::Extended => "Extended",
            ClockStatus::Met => "Met",
            ClockStatus::Missed => "Missed",
            ClockStatus::Expired => "Expired",
            ClockStatus::Void => "Void",
        })
    }
}

/// One running or finished deadline of a case, as of a given day.
#[derive(Clone, Debug, PartialEq)]
pub struct Clock {
    pub key: ClockKey,
    /// The transition that started it.
    pub started_by: EventId,
    pub trigger_date: NaiveDate,
    pub due: NaiveDate,
    pub status: ClockStatus,
    /// Days from "today" to the due date; negative when overdue.
    pub days_left: i64,
    /// When and how it stopped, if it did.
    pub stopped_on: Option<NaiveDate>,
    /// Why it stopped, if it did.
    pub ended: Option<Ending>,
    pub extension_reason: Option<String>,
}

/// Why a clock stopped: what the officer reads under a deadline that no longer runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    /// The case moved to a state that meets it.
    MetBy(Status),
    /// The case moved to a state that suspends it; a later start runs it again.
    Suspended(Status),
    /// The case closed in this state first.
    Closed(Status),
    /// The case moved on from the state that started it (holds, reviews, windows).
    Left { from: Status, to: Status },
    /// The same deadline started again.
    Restarted,
    /// The change that started it was corrected.
    Corrected,
    /// The officer recorded it met, with this note.
    Recorded(String),
}

impl Clock {
    /// Why it stopped, as a sentence, if it did: "Met: the case moved to Request certified."
    pub fn why_ended(&self) -> Option<String> {
        let late = matches!(self.status, ClockStatus::Missed | ClockStatus::Expired);
        Some(match (self.ended.as_ref()?, late) {
            (Ending::MetBy(to), false) => format!("Met: the case moved to {to}."),
            (Ending::MetBy(to), true) => {
                format!("Late: the case moved to {to} only after the due date.")
            }
            (Ending::Suspended(to), _) => format!(
                "Suspended: the case moved to {to}, which stops this deadline; it starts again in full if the case comes back to where it starts."
            ),
            (Ending::Closed(to), false) => {
                format!("No longer applies: the case closed ({to}) before it was due.")
            }
            (Ending::Closed(to), true) => {
                format!("Missed: the case closed ({to}) after the due date, with it unmet.")
            }
            (Ending::Left { from, to }, _) => {
                format!("Ended: the case moved on from {from} to {to}.")
            }
            (Ending::Restarted, _) => {
                "Replaced: the same deadline started again, and the new one counts.".into()
            }
            (Ending::Corrected, _) => "Void: the change that started it was corrected.".into(),
            (Ending::Recorded(note), _) => {
                let when = if late { " after the due date" } else { "" };
                let note = if note.is_empty() {
                    String::new()
                } else {
                    format!(": {note}")
                };
                format!("Recorded as met{when}{note}.")
            }
        })
    }
}

impl Clock {
    pub fn rule(&self) -> &'static ClockRule {
        self.key.rule()
    }

    /// Still waiting: running, or overdue with nothing done yet.
    pub fn is_pending(&self) -> bool {
        self.stopped_on.is_none()
            && matches!(
                self.status,
                ClockStatus::Open | ClockStatus::Extended | ClockStatus::Missed
            )
    }

    /// Not stopped by any event yet: it can still be recorded as met (a window that passed
    /// may have been used in time without the casebook knowing yet).
    pub fn can_be_met(&self) -> bool {
        self.stopped_on.is_none() && self.status != ClockStatus::Void
    }

    /// Past its due date with nothing done: the one meaning of "overdue". A case is overdue
    /// when its next deadline is (the dashboard, the register's facet and `casedesk list
    /// --overdue` all count it so).
    pub fn is_overdue(&self) -> bool {
        self.stopped_on.is_none() && self.status == ClockStatus::Missed
    }
}

/// An instance while replaying the history.
struct Running {
    rule: &'static ClockRule,
    clock: Clock,
    started_in: Status,
    stop: Option<(NaiveDate, ClockStatus, Ending)>,
}

/// The due date of `rule` triggered on `trigger`, as of `today` (a chaser moves to its next
/// step once the previous one has passed). `None` when the date it depends on was not recorded.
fn due_date(
    rule: &ClockRule,
    case: &Case,
    trigger: NaiveDate,
    details: &Details,
    today: NaiveDate,
) -> Option<NaiveDate> {
    match rule.due {
        Due::Period(period, counting) => Some(period.last_day(trigger, counting)),
        Due::Chaser(steps) => {
            let dates = steps
                .iter()
                .map(|&n| Period::Days(n).last_day(trigger, Counting::After));
            let mut last = None;
            for d in dates {
                last = Some(d);
                if d >= today {
                    break;
                }
            }
            last
        }
        Due::Recorded(detail) => match details.get(&detail) {
            Some(DetailValue::Date(d)) => Some(*d),
            _ => None,
        },
        Due::RequiredBy => case.details.mla.required_by,
    }
}

fn starts_here(start: &Start, from: Status, to: Status, path: &Path) -> bool {
    start.on == to
        && (start.only_from.is_empty() || start.only_from.contains(&from))
        && start.only_after.is_none_or(|s| path.contains(s))
        && start.unless_after.is_none_or(|s| !path.contains(s))
}

/// The states a case has stood in: a bit per state of each workflow, so replaying a history
/// allocates nothing for it (every state enum has fewer than 64 states, checked by a test).
#[derive(Default)]
struct Path([u64; 3]);

impl Path {
    /// The workflow and the place of `status` in it.
    fn slot(status: Status) -> (usize, usize) {
        match status {
            Status::Incoming(s) => (0, s.index()),
            Status::Outgoing(s) => (1, s.index()),
            Status::Mla(s) => (2, s.index()),
        }
    }

    fn bit(status: Status) -> (usize, u64) {
        let (workflow, index) = Self::slot(status);
        (workflow, 1u64.checked_shl(index as u32).unwrap_or(0))
    }

    fn insert(&mut self, status: Status) {
        let (workflow, bit) = Self::bit(status);
        self.0[workflow] |= bit;
    }

    fn contains(&self, status: Status) -> bool {
        let (workflow, bit) = Self::bit(status);
        self.0[workflow] & bit != 0
    }
}

/// The catalogue's lines with a start on entering `status`, as bits by place in the catalogue:
/// a transition looks only at those instead of at every line (worked out once).
fn rules_starting_on(status: Status) -> u32 {
    static STARTING: std::sync::OnceLock<[[u32; 64]; 3]> = std::sync::OnceLock::new();
    let table = STARTING.get_or_init(|| {
        let mut table = [[0; 64]; 3];
        for (i, rule) in CATALOGUE.iter().enumerate() {
            for start in rule.starts {
                let (workflow, index) = Path::slot(start.on);
                if let Some(bits) = table[workflow].get_mut(index) {
                    *bits |= 1u32.checked_shl(i as u32).unwrap_or(0);
                }
            }
        }
        table
    });
    let (workflow, index) = Path::slot(status);
    table[workflow].get(index).copied().unwrap_or(0)
}

/// Every clock of `case` as of `today`: running ones first-started first, then finished ones.
pub fn clocks(case: &Case, today: NaiveDate) -> Vec<Clock> {
    let mut replay = Replay::default();
    replay.run(case, today, |_, _| {});
    replay.clocks
}

/// One pass over a case's history that works out its clocks and passes on each standing
/// transition (one not put right by a correction) as it goes, for figures that need both. Its
/// lists are kept from case to case, so a pass over a whole casebook allocates next to nothing.
#[derive(Default)]
pub struct Replay {
    corrected: Vec<EventId>,
    running: Vec<Running>,
    clocks: Vec<Clock>,
}

impl Replay {
    /// The clocks of `case` as of `today`, in the order of [`clocks`]; `transition(effective,
    /// to)` is called for each standing transition, in the history's order.
    pub fn run(
        &mut self,
        case: &Case,
        today: NaiveDate,
        mut transition: impl FnMut(NaiveDate, Status),
    ) -> &[Clock] {
        let history = case.history();
        let Self {
            corrected,
            running,
            clocks,
        } = self;
        corrected.clear();
        super::corrections::voided_into(history, corrected);
        running.clear();
        let mut path = Path::default();
        for event in history {
            match &event.kind {
                EventKind::Opened { status } | EventKind::Imported { status, .. } => {
                    path.insert(*status);
                }
                EventKind::Transition {
                    from, to, details, ..
                } => {
                    let void = corrected.contains(&event.id);
                    if !void {
                        transition(event.effective, *to);
                        stop_on_transition(running, event.effective, *from, *to);
                    }
                    let entering = (*from, *to, details);
                    start_on_transition(running, case, event, entering, void, &path, today);
                    if !void {
                        path.insert(*to);
                    }
                }
                EventKind::Correction { .. }
                | EventKind::Disclosed { .. }
                | EventKind::MergeChoice { .. }
                | EventKind::Reviewed { .. }
                | EventKind::Renumbered { .. }
                | EventKind::Attached { .. }
                | EventKind::Detached { .. } => {}
                EventKind::ClockExtended {
                    clock,
                    started_by,
                    new_due,
                    reason,
                } => {
                    if let Some(r) = find(running, *clock, *started_by) {
                        r.clock.due = *new_due;
                        r.clock.extension_reason = Some(reason.clone());
                    }
                }
                EventKind::ClockMet {
                    clock,
                    started_by,
                    note,
                } => {
                    if let Some(r) = find(running, *clock, *started_by)
                        && r.stop.is_none()
                    {
                        let late = event.effective > r.clock.due;
                        r.stop = Some((
                            event.effective,
                            if late {
                                missed(r.rule)
                            } else {
                                ClockStatus::Met
                            },
                            Ending::Recorded(note.clone()),
                        ));
                    }
                }
            }
        }
        clocks.clear();
        clocks.extend(running.drain(..).map(|r| {
            let mut clock = r.clock;
            clock.days_left = (clock.due - today).num_days();
            clock.status = match r.stop {
                Some((on, status, ending)) => {
                    clock.stopped_on = Some(on);
                    clock.ended = Some(ending);
                    status
                }
                None if today > clock.due => missed(r.rule),
                None if clock.extension_reason.is_some() => ClockStatus::Extended,
                None => ClockStatus::Open,
            };
            clock
        }));
        clocks.sort_by_key(|c| (!c.is_pending(), c.due));
        clocks
    }
}

/// Stops the running clocks that a standing transition from `from` to `to` on `date` meets,
/// voids or closes.
fn stop_on_transition(running: &mut [Running], date: NaiveDate, from: Status, to: Status) {
    let terminal = to.is_terminal();
    for r in running.iter_mut().filter(|r| r.stop.is_none()) {
        let rule = r.rule;
        let late = date > r.clock.due;
        let settled = if late { missed(rule) } else { ClockStatus::Met };
        let unmet = if late {
            missed(rule)
        } else {
            ClockStatus::Void
        };
        // A closure ends a clock unmet unless the closing state itself meets it (surrendered
        // meets the surrender deadline).
        r.stop = if rule.met_by.contains(&to) {
            Some((date, settled, Ending::MetBy(to)))
        } else if rule.void_on.contains(&to) {
            Some((date, ClockStatus::Void, Ending::Suspended(to)))
        } else if terminal && !rule.survives_closure {
            Some((date, unmet, Ending::Closed(to)))
        } else if rule.met_on_leave && r.started_in == from {
            Some((date, settled, Ending::Left { from, to }))
        } else {
            None
        };
    }
}

/// Starts the clocks that entering `to` from `from` starts, given the states the case has
/// stood in before; a corrected (`void`) transition's clocks start void.
fn start_on_transition(
    running: &mut Vec<Running>,
    case: &Case,
    event: &Event,
    (from, to, details): (Status, Status, &Details),
    void: bool,
    path: &Path,
    today: NaiveDate,
) {
    let date = event.effective;
    let mut starting = rules_starting_on(to);
    while starting != 0 {
        let rule = &CATALOGUE[starting.trailing_zeros() as usize];
        starting &= starting - 1;
        if !rule.starts.iter().any(|s| starts_here(s, from, to, path)) {
            continue;
        }
        let trigger = match rule.trigger.and_then(|d| details.get(&d)) {
            Some(DetailValue::Date(d)) => *d,
            _ => date,
        };
        let Some(due) = due_date(rule, case, trigger, details, today) else {
            continue;
        };
        if !void {
            // A new start of the same deadline supersedes the earlier one.
            for r in running.iter_mut() {
                if r.clock.key == rule.key && r.stop.is_none() {
                    r.stop = Some((date, ClockStatus::Void, Ending::Restarted));
                }
            }
        }
        running.push(Running {
            rule,
            clock: Clock {
                key: rule.key,
                started_by: event.id,
                trigger_date: trigger,
                due,
                status: ClockStatus::Open,
                days_left: 0,
                stopped_on: None,
                ended: None,
                extension_reason: None,
            },
            started_in: to,
            stop: void.then_some((date, ClockStatus::Void, Ending::Corrected)),
        });
    }
}

fn missed(rule: &ClockRule) -> ClockStatus {
    match rule.nature {
        Nature::Duty => ClockStatus::Missed,
        Nature::Window => ClockStatus::Expired,
    }
}

fn find(running: &mut [Running], key: ClockKey, started_by: EventId) -> Option<&mut Running> {
    running
        .iter_mut()
        .find(|r| r.clock.key == key && r.clock.started_by == started_by)
}

/// Whether every clock of `case` stopped before `day`, known without replaying them: the case
/// is closed, nothing happened to it from `day` on, and no rule that can run on after a
/// closure (evidence return, appeal windows from a discharge) was ever started. Lets figures
/// for a period skip cases long closed.
pub fn settled_before(case: &Case, day: NaiveDate) -> bool {
    // The states that start a rule able to run on after a closure, worked out once.
    static OUTLIVE_CLOSURE: std::sync::OnceLock<Path> = std::sync::OnceLock::new();
    let outlive = OUTLIVE_CLOSURE.get_or_init(|| {
        let mut states = Path::default();
        for r in CATALOGUE {
            if r.survives_closure || r.starts.iter().any(|s| s.on.is_terminal()) {
                r.starts.iter().for_each(|s| states.insert(s.on));
            }
        }
        states
    });
    case.status().is_terminal()
        && case.history().iter().all(|e| {
            e.effective < day
                && !matches!(e.kind, EventKind::Transition { to, .. } if outlive.contains(to))
        })
}

/// The pending clock due first: the register's "next deadline".
pub fn next_deadline(case: &Case, today: NaiveDate) -> Option<Clock> {
    Replay::default().next_deadline(case, today)
}

impl Replay {
    /// [`next_deadline`], with this replay's lists. A closed case whose every clock has stopped
    /// is known to have none without replaying it.
    pub fn next_deadline(&mut self, case: &Case, today: NaiveDate) -> Option<Clock> {
        if settled_before(case, NaiveDate::MAX) {
            return None;
        }
        self.run(case, today, |_, _| {})
            .iter()
            .filter(|c| c.is_pending())
            .min_by_key(|c| c.due)
            .cloned()
    }
}
