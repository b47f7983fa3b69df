//! Deadline clocks (`docs/law.md` §3), computed from a case's events every time they are asked for:
//! nothing is stored, so a casebook opened after weeks away shows the truth.

use super::case::Case;
use super::dates::{Counting, Period, days_between};
use super::event::{DetailValue, Details, Event, EventKind};
use super::holidays::{CHECK_HOLIDAYS, WorkingDays};
use super::ids::EventId;
use super::workflow::Detail;
use super::workflow::{Status, Workflow, WorkflowState};
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
    /// Why its due date was moved later, if it was.
    pub extended_by: Option<ExtendedBy>,
    /// When to be reminded before an expiry (`../shared/domain.md` §7).
    pub remind: Option<NaiveDate>,
    /// Counted in working days through a year with no holiday calendar: check the holidays.
    pub check_holidays: bool,
}

/// Why a clock's due date was moved later: what the officer reads after "Extended:". Kept as
/// its parts and put in words only when shown: the dashboard replays every case's clocks at
/// open, and a text for each extension was an allocation each.
#[derive(Clone, Debug, PartialEq)]
pub enum ExtendedBy {
    /// Its rule extends it when the case moves to this state, by this period.
    Move(Status, Period),
    /// An officer extended it, for this reason.
    Officer(Box<str>),
}

impl fmt::Display for ExtendedBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExtendedBy::Move(to, by) => write!(f, "{to} ({})", by.describe()),
            ExtendedBy::Officer(reason) => f.write_str(reason),
        }
    }
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
    /// A date the start recorded met it (the Mission informed on this day): kept as its
    /// parts and put in words only when shown, as every case's clocks are replayed at open.
    Dated(Detail, NaiveDate),
    /// The date it was counted from moved to this one; a new due date replaces it.
    Moved(NaiveDate),
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
            (Ending::Moved(to), _) => format!(
                "Void: the date it was counted from moved to {}; the new due date counts.",
                to.format("%d %b %Y")
            ),
            (Ending::Recorded(note), _) => recorded_as_met(late, note),
            (Ending::Dated(detail, on), _) => recorded_as_met(
                late,
                &format!("{}: {}", detail.label(), on.format("%d %b %Y")),
            ),
        })
    }
}

/// "Recorded as met after the due date: {note}."
fn recorded_as_met(late: bool, note: &str) -> String {
    let when = if late { " after the due date" } else { "" };
    let note = if note.is_empty() {
        String::new()
    } else {
        format!(": {note}")
    };
    format!("Recorded as met{when}{note}.")
}

impl Clock {
    pub fn rule(&self) -> &'static ClockRule {
        self.key.rule()
    }

    /// The due date in the officer's words: "due 28 Feb 2027", "not before 01 Apr 2028 (check
    /// holidays)", "expires 16 Mar 2032, remind 17 Dec 2031" (`../shared/domain.md` §7).
    pub fn due_words(&self) -> String {
        let when = self.rule().nature.due_word();
        let mut words = format!("{when} {}", self.due.format("%d %b %Y"));
        if self.check_holidays {
            words.push_str(&format!(" ({CHECK_HOLIDAYS})"));
        }
        if let Some(remind) = self.remind {
            words.push_str(&format!(", remind {}", remind.format("%d %b %Y")));
        }
        words
    }

    /// Still waiting: running, or overdue with nothing done yet. A "not before" date and an
    /// information date are no one's duty, so they never wait.
    pub fn is_pending(&self) -> bool {
        !matches!(self.rule().nature, Nature::NotBefore | Nature::Information)
            && self.stopped_on.is_none()
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
/// step once the previous one has passed), and whether it was counted in working days through a
/// year with no holiday calendar. `None` when the date it depends on was not recorded.
fn due_date(
    rule: &ClockRule,
    case: &Case,
    trigger: NaiveDate,
    details: &Details,
    (today, days): (NaiveDate, &WorkingDays),
) -> Option<(NaiveDate, bool)> {
    let recorded = |detail: Detail| match details.get(&detail) {
        Some(DetailValue::Date(d)) => Some(*d),
        _ => None,
    };
    let chase = |steps: &[u32]| {
        let mut last = None;
        for &n in steps {
            let d = Period::Days(n).last_day(trigger, Counting::After);
            last = Some(d);
            if d >= today {
                break;
            }
        }
        last
    };
    let day = match rule.due {
        Due::Period(period, counting) => Some(period.last_day(trigger, counting)),
        Due::Chaser(steps) => chase(steps),
        Due::Recorded(detail) => recorded(detail),
        Due::RequiredBy => case.details.mla.required_by,
        Due::BeforeRecorded(detail, n) => {
            recorded(detail).and_then(|d| d.checked_sub_days(chrono::Days::new(n.into())))
        }
        Due::NotBefore(n, whose) => {
            let counted = days.add(whose, trigger, n);
            return Some((counted.day.succ_opt()?, counted.check_holidays));
        }
        Due::WorkingDays(n, whose) => {
            let counted = days.add(whose, trigger, n);
            return Some((counted.day, counted.check_holidays));
        }
        Due::RecordedOrChaser(detail, steps) => recorded(detail).or_else(|| chase(steps)),
        // Started by the case's particulars, never by a move (`start_recorded`).
        Due::NotificationPeriod { .. } | Due::EarlyRemovalDate => None,
    };
    day.map(|d| (d, false))
}

impl Clock {
    /// A clock of `rule` just started by `started_by`, counted from `trigger` to `due`; the
    /// replay sets its status and days left at the end.
    fn started(
        rule: &ClockRule,
        started_by: EventId,
        (trigger, due): (NaiveDate, NaiveDate),
        check_holidays: bool,
    ) -> Self {
        Self {
            key: rule.key,
            started_by,
            trigger_date: trigger,
            due,
            status: ClockStatus::Open,
            days_left: 0,
            stopped_on: None,
            ended: None,
            extended_by: None,
            remind: reminder(rule, due),
            check_holidays,
        }
    }
}

/// The reminder before an expiry clock's due date, if its rule has one.
fn reminder(rule: &ClockRule, due: NaiveDate) -> Option<NaiveDate> {
    rule.remind_before
        .and_then(|n| due.checked_sub_days(chrono::Days::new(n.into())))
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
struct Path([u64; Workflow::ALL.len()]);

impl Path {
    /// The workflow and the place of `status` in it.
    fn slot(status: Status) -> (usize, usize) {
        match status {
            Status::Incoming(s) => (0, s.index()),
            Status::Outgoing(s) => (1, s.index()),
            Status::Mla(s) => (2, s.index()),
            Status::Returns(s) => (3, s.index()),
            Status::Conviction(s) => (4, s.index()),
            Status::Provider(s) => (5, s.index()),
            Status::Enquiry(s) => (6, s.index()),
            Status::Alert(s) => (7, s.index()),
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
fn rules_starting_on(status: Status) -> u64 {
    static STARTING: std::sync::OnceLock<[[u64; 64]; Workflow::ALL.len()]> =
        std::sync::OnceLock::new();
    let table = STARTING.get_or_init(|| {
        let mut table = [[0; 64]; Workflow::ALL.len()];
        for (i, rule) in CATALOGUE.iter().enumerate() {
            for start in rule.starts {
                let (workflow, index) = Path::slot(start.on);
                if let Some(bits) = table[workflow].get_mut(index) {
                    *bits |= 1u64.checked_shl(i as u32).unwrap_or(0);
                }
            }
        }
        table
    });
    let (workflow, index) = Path::slot(status);
    table[workflow].get(index).copied().unwrap_or(0)
}

/// Every clock of `case` as of `today`, working days counted with `days` (the casebook's
/// [`Settings::working_days`](super::casebook::Settings::working_days)): running ones
/// first-started first, then finished ones.
pub fn clocks(case: &Case, today: NaiveDate, days: &WorkingDays) -> Vec<Clock> {
    let mut replay = Replay::default();
    replay.run(case, today, days, |_, _| {});
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
    /// The clocks of the case run last (empty before any).
    pub fn last(&self) -> &[Clock] {
        &self.clocks
    }

    /// The clocks of `case` as of `today`, in the order of [`clocks`]; `transition(effective,
    /// to)` is called for each standing transition, in the history's order.
    pub fn run(
        &mut self,
        case: &Case,
        today: NaiveDate,
        days: &WorkingDays,
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
                    start_recorded(running, case, event.id, *status);
                }
                EventKind::Transition {
                    from, to, details, ..
                } => {
                    let void = corrected.contains(&event.id);
                    if !void {
                        transition(event.effective, *to);
                        stop_or_extend(running, event.effective, (*from, *to, details));
                    }
                    let entering = (*from, *to, details);
                    start_on_transition(
                        running,
                        case,
                        event,
                        entering,
                        void,
                        (&path, corrected),
                        (today, days),
                    );
                    if !void {
                        path.insert(*to);
                    }
                }
                EventKind::Correction { .. }
                | EventKind::Disclosed { .. }
                | EventKind::MergeChoice { .. }
                | EventKind::Reviewed { .. }
                | EventKind::Renumbered { .. }
                | EventKind::Edited { .. }
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
                        r.clock.remind = reminder(r.rule, *new_due);
                        r.clock.extended_by = Some(ExtendedBy::Officer(reason.clone()));
                    }
                }
                EventKind::DateMoved {
                    started_by,
                    detail,
                    to,
                    ..
                } => move_date(running, event.effective, *started_by, *detail, *to),
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
                            Ending::Recorded(note.to_string()),
                        ));
                    }
                }
            }
        }
        clocks.clear();
        clocks.extend(running.drain(..).map(|r| {
            let mut clock = r.clock;
            clock.days_left = days_between(today, clock.due);
            clock.status = match r.stop {
                Some((on, status, ending)) => {
                    clock.stopped_on = Some(on);
                    clock.ended = Some(ending);
                    status
                }
                None if today > clock.due => missed(r.rule),
                None if clock.extended_by.is_some() => ClockStatus::Extended,
                None => ClockStatus::Open,
            };
            clock
        }));
        clocks.sort_by_key(|c| (!c.is_pending(), c.due));
        clocks
    }
}

/// A recorded date that clocks count back from moved (a removal re-planned): each running
/// clock counted from it is void, and a new one runs to the due date counted from `to`.
fn move_date(
    running: &mut Vec<Running>,
    on: NaiveDate,
    started_by: EventId,
    detail: Detail,
    to: NaiveDate,
) {
    let moved: Vec<usize> = (0..running.len())
        .filter(|&i| {
            let r = &running[i];
            r.stop.is_none()
                && r.clock.started_by == started_by
                && matches!(r.rule.due, Due::BeforeRecorded(d, _) | Due::Recorded(d) if d == detail)
        })
        .collect();
    for i in moved {
        let rule = running[i].rule;
        let due = match rule.due {
            Due::BeforeRecorded(_, n) => to.checked_sub_days(chrono::Days::new(n.into())),
            _ => Some(to),
        };
        let Some(due) = due else { continue };
        running[i].stop = Some((on, ClockStatus::Void, Ending::Moved(to)));
        let mut clock = running[i].clock.clone();
        clock.due = due;
        clock.remind = reminder(rule, due);
        let started_in = running[i].started_in;
        running.push(Running {
            rule,
            clock,
            started_in,
            stop: None,
        });
    }
}

/// Stops the running clocks that a standing transition from `from` to `to` on `date` meets,
/// voids or closes, and extends the expiry clocks still running that entering `to` extends (a
/// preservation renewed): to the new expiry `details` record, or else on by the rule's period
/// from the old one. One pass over the clocks: every transition of every case makes it at open.
fn stop_or_extend(
    running: &mut [Running],
    date: NaiveDate,
    (from, to, details): (Status, Status, &Details),
) {
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
        if let (None, Some(extension)) = (&r.stop, rule.extension.filter(|e| e.on == to)) {
            let new_due = match details.get(&extension.to) {
                Some(DetailValue::Date(d)) => *d,
                _ => extension.by.last_day(r.clock.due, Counting::After),
            };
            r.clock.due = new_due;
            r.clock.remind = reminder(rule, new_due);
            r.clock.extended_by = Some(ExtendedBy::Move(to, extension.by));
        }
    }
}

/// Starts the clocks that entering `to` from `from` starts, given the states the case has
/// stood in before; a corrected (`void`) transition's clocks start void.
#[allow(clippy::too_many_arguments)] // the replay's state, passed apart to borrow apart
fn start_on_transition(
    running: &mut Vec<Running>,
    case: &Case,
    event: &Event,
    (from, to, details): (Status, Status, &Details),
    void: bool,
    (path, corrected): (&Path, &[EventId]),
    when: (NaiveDate, &WorkingDays),
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
            _ if rule.needs_trigger => continue,
            _ => rule
                .counted_from_state
                .and_then(|state| entered(case, state, event.id, corrected))
                .unwrap_or(date),
        };
        let Some((due, check_holidays)) = due_date(rule, case, trigger, details, when) else {
            continue;
        };
        // A date the start records may already meet it (the Mission informed, notice given).
        let met = rule
            .met_by_detail
            .and_then(|detail| match details.get(&detail) {
                Some(DetailValue::Date(on)) => {
                    let status = if *on > due {
                        missed(rule)
                    } else {
                        ClockStatus::Met
                    };
                    Some((*on, status, Ending::Dated(detail, *on)))
                }
                _ => None,
            });
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
            clock: Clock::started(rule, event.id, (trigger, due), check_holidays),
            started_in: to,
            stop: if void {
                Some((date, ClockStatus::Void, Ending::Corrected))
            } else {
                met
            },
        });
    }
}

/// Starts the clocks the case's own particulars give (`particulars.rs`) with the event that
/// opened it, so that an extension or a deadline recorded met later finds them, and a closure
/// stops them as it stops the others.
fn start_recorded(running: &mut Vec<Running>, case: &Case, opened: EventId, status: Status) {
    if let Some((rule, trigger, due)) = super::particulars::recorded_clock(case) {
        running.push(Running {
            rule,
            clock: Clock::started(rule, opened, (trigger, due), false),
            started_in: status,
            stop: None,
        });
    }
}

/// The day the case last entered `state` by a standing transition before the event `before`.
fn entered(
    case: &Case,
    state: Status,
    before: EventId,
    corrected: &[EventId],
) -> Option<NaiveDate> {
    case.history()
        .iter()
        .take_while(|e| e.id != before)
        .filter(|e| !corrected.contains(&e.id))
        .filter(|e| matches!(e.kind, EventKind::Transition { to, .. } if to == state))
        .map(|e| e.effective)
        .last()
}

/// What a clock becomes once its day passes with nothing done: a duty is missed, a window or
/// an expiry runs out, and a "not before" date has simply been reached.
fn missed(rule: &ClockRule) -> ClockStatus {
    match rule.nature {
        Nature::Duty => ClockStatus::Missed,
        Nature::Window | Nature::Expiry => ClockStatus::Expired,
        Nature::NotBefore | Nature::Information => ClockStatus::Met,
    }
}

/// The clock `key` started by `started_by`: the latest of them, when a moved date replaced it.
fn find(running: &mut [Running], key: ClockKey, started_by: EventId) -> Option<&mut Running> {
    running
        .iter_mut()
        .rev()
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
        && !super::particulars::outlives_closure(case)
        && case.history().iter().all(|e| {
            e.effective < day
                && !matches!(e.kind, EventKind::Transition { to, .. } if outlive.contains(to))
        })
}

/// The pending clock due first: the register's "next deadline".
pub fn next_deadline(case: &Case, today: NaiveDate, days: &WorkingDays) -> Option<Clock> {
    Replay::default().next_deadline(case, today, days)
}

/// The pending clock due first among `clocks`, the clocks of one case.
fn first_pending(clocks: &[Clock]) -> Option<&Clock> {
    clocks
        .iter()
        .filter(|c| c.is_pending())
        .min_by_key(|c| c.due)
}

/// [`next_deadline`] of `case` from `clocks`, its clocks already replayed: none for a case
/// settled as its stored status says, as [`Replay::next_deadline`] finds without replaying it,
/// even where a damaged file's history would leave a clock running.
pub fn next_of<'c>(case: &Case, clocks: &'c [Clock]) -> Option<&'c Clock> {
    if settled_before(case, NaiveDate::MAX) {
        return None;
    }
    first_pending(clocks)
}

/// What a list of cases shows of a case's next deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NextDeadline {
    pub on: NaiveDate,
    pub days_left: i64,
    pub overdue: bool,
}

impl NextDeadline {
    pub fn of(clock: &Clock) -> Self {
        Self {
            on: clock.due,
            days_left: clock.days_left,
            overdue: clock.is_overdue(),
        }
    }
}

impl Replay {
    /// [`next_deadline`], with this replay's lists. A closed case whose every clock has stopped
    /// is known to have none without replaying it.
    pub fn next_deadline(
        &mut self,
        case: &Case,
        today: NaiveDate,
        days: &WorkingDays,
    ) -> Option<Clock> {
        if settled_before(case, NaiveDate::MAX) {
            return None;
        }
        first_pending(self.run(case, today, days, |_, _| {})).cloned()
    }
}
