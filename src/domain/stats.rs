//! Figures for the dashboard and for review reports (`docs/law.md` §1: the programme's monthly
//! review and the steering committee's annual review; §6: cases opened, transitions, cases
//! closed by outcome, deadlines met and missed, by area and direction). Computed from each
//! case's events in one pass over the cases; no figure is stored.

use super::agenda::{Agenda, Gathered};
use super::case::{Case, CaseKind, Direction, ProgrammeArea};
use super::casebook::Casebook;
use super::clock::{ClockKey, ClockStatus, NextDeadline, Replay, next_of, settled_before};
use super::dates::days_between;
use super::event::EventKind;
use super::holidays::WorkingDays;
use super::ids::CaseId;
use super::workflow::{Status, StatusGroup};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// Days without an event after which a case with the authorities counts as waiting.
pub const WAITING_DAYS: i64 = 30;
/// How many of the oldest open cases a review lists.
pub const OLDEST_LISTED: usize = 10;

/// The days from `from` to `to`, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl DateRange {
    /// `None` when `to` is before `from`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Option<Self> {
        (from <= to).then_some(Self { from, to })
    }

    /// A calendar month, for the programme's monthly review.
    pub fn month(month: YearMonth) -> Self {
        Self {
            from: month.first_day(),
            to: month
                .next()
                .first_day()
                .pred_opt()
                .unwrap_or(NaiveDate::MAX),
        }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// Every calendar month the range touches, in order.
    pub fn months(&self) -> Vec<YearMonth> {
        let last = YearMonth::of(self.to);
        let mut out = vec![YearMonth::of(self.from)];
        while out[out.len() - 1] < last {
            out.push(out[out.len() - 1].next());
        }
        out
    }
}

/// A calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl YearMonth {
    pub fn of(day: NaiveDate) -> Self {
        Self {
            year: day.year(),
            month: day.month(),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// Months since year 0, to index a run of months.
    fn ordinal(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }
}

impl fmt::Display for YearMonth {
    /// `Mar 2026`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.first_day().format("%b %Y"))
    }
}

/// Cases opened and closed in one month (a bar of the chart).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthCount {
    pub month: YearMonth,
    pub opened: usize,
    pub closed: usize,
}

/// A count per key, every key listed in its display order (zeros included, so charts and
/// tables keep their shape from month to month).
pub type Tally<K> = Vec<(K, usize)>;

/// A case in a list (oldest open, waiting).
#[derive(Clone, Debug, PartialEq)]
pub struct CaseLine {
    pub case: CaseId,
    /// Shared with the dashboard's own copy: reading the figures copies no text.
    pub reference: Arc<str>,
    pub kind: CaseKind,
    pub direction: Direction,
    pub area: ProgrammeArea,
    pub status: Status,
    pub opened: NaiveDate,
    pub last_update: NaiveDate,
}

/// A pending deadline in a list (overdue, due soon).
#[derive(Clone, Debug, PartialEq)]
pub struct DeadlineLine {
    pub case: CaseId,
    /// Shared with the dashboard's own copy: reading the figures copies no text.
    pub reference: Arc<str>,
    pub status: Status,
    pub clock: ClockKey,
    pub due: NaiveDate,
    /// Negative when overdue.
    pub days_left: i64,
}

/// Deadlines met and missed for one rule of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockResult {
    pub clock: ClockKey,
    pub met: usize,
    pub missed: usize,
}

/// How deadlines stand: met, missed (overdue or stopped late), and still running.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClockOutcomes {
    pub met: usize,
    pub missed: usize,
    pub running: usize,
}

impl ClockOutcomes {
    /// Adds `other` (`sign` 1) or takes it away (-1).
    fn add(&mut self, other: ClockOutcomes, sign: isize) {
        for (n, m) in [
            (&mut self.met, other.met),
            (&mut self.missed, other.missed),
            (&mut self.running, other.running),
        ] {
            *n = n.saturating_add_signed(sign * m as isize);
        }
    }
}

/// A review report's figures for a date range.
#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    pub range: DateRange,
    /// The day open cases and overdue deadlines are counted on: the end of the range, or
    /// today when the range runs on past it.
    pub as_of: NaiveDate,
    pub opened: usize,
    pub opened_by_area: Tally<ProgrammeArea>,
    pub opened_by_direction: Tally<Direction>,
    /// Closures in the range (standing transitions into a terminal state), by outcome.
    pub closed_by_outcome: Vec<(Status, usize)>,
    /// Standing transitions (not put right by a correction) in the range.
    pub transitions: usize,
    /// Deadlines met in the range, and deadlines whose due date passed unmet in the range.
    pub clock_results: Vec<ClockResult>,
    pub open_by_status: Vec<(Status, usize)>,
    pub open_by_group: Tally<StatusGroup>,
    pub open_by_area: Tally<ProgrammeArea>,
    pub open_by_direction: Tally<Direction>,
    pub oldest_open: Vec<CaseLine>,
    /// Deadlines overdue on `as_of`, most overdue first.
    pub overdue: Vec<DeadlineLine>,
    pub per_month: Vec<MonthCount>,
    /// Cases opened in the range, per workstream.
    pub opened_by_kind: Tally<CaseKind>,
}

impl Review {
    /// The review of every case in `book`.
    pub fn compute(book: &Casebook, range: DateRange, today: NaiveDate) -> Self {
        Self::compute_for(book.cases(), range, today, &book.settings.working_days())
    }

    /// The review of the given cases (an export's redaction decides which).
    pub fn compute_for<'a>(
        cases: impl IntoIterator<Item = &'a Case>,
        range: DateRange,
        today: NaiveDate,
        days: &WorkingDays,
    ) -> Self {
        let as_of = range.to.min(today);
        let mut months = MonthRun::new(range);
        let mut opened_by_area = Counter::new(ProgrammeArea::ALL);
        let mut opened_by_direction = Counter::new(Direction::ALL);
        let mut opened_by_kind = Counter::new(CaseKind::ALL);
        let mut open = OpenCounts::new();
        let mut open_by_status: BTreeMap<Status, usize> = BTreeMap::new();
        let mut closed: BTreeMap<Status, usize> = BTreeMap::new();
        let mut clock_results: BTreeMap<ClockKey, ClockResult> = BTreeMap::new();
        let mut transitions = 0;
        let mut opened = 0;
        let mut oldest: Vec<CaseLine> = Vec::new();
        let mut overdue = Vec::new();
        let mut replay = Replay::default();
        for case in cases {
            let d = &case.details;
            if range.contains(case.opened) {
                opened += 1;
                opened_by_area.count(d.area, 1);
                opened_by_direction.count(case.direction, 1);
                opened_by_kind.count(case.kind, 1);
                months.count(case.opened, Month::Opened, 1);
            }
            // The status on `as_of`: where the case entered the casebook, then each standing
            // transition up to that day.
            let mut status_on_day = first_status(case).filter(|_| case.opened <= as_of);
            let case_clocks = replay.run(case, as_of, days, |day, to| {
                if day <= as_of {
                    status_on_day = Some(to);
                }
                if range.contains(day) {
                    transitions += 1;
                    if to.is_terminal() {
                        *closed.entry(to).or_default() += 1;
                        months.count(day, Month::Closed, 1);
                    }
                }
            });
            if case.opened > as_of {
                continue;
            }
            if let Some(status) = status_on_day.filter(|s| !s.is_terminal()) {
                open.count(status, d.area, case.direction, 1);
                *open_by_status.entry(status).or_default() += 1;
                keep_oldest(&mut oldest, case, status);
            }
            if settled_before(case, range.from) {
                continue;
            }
            for clock in case_clocks {
                let (met, missed) = clock_result_in(clock, range);
                if met || missed {
                    let r = clock_results.entry(clock.key).or_insert(ClockResult {
                        clock: clock.key,
                        met: 0,
                        missed: 0,
                    });
                    r.met += usize::from(met);
                    r.missed += usize::from(missed);
                }
                if clock.is_overdue() {
                    overdue.push(deadline_line(case, clock));
                }
            }
        }
        sort_deadlines(&mut overdue);
        Self {
            range,
            as_of,
            opened,
            opened_by_area: opened_by_area.tally(),
            opened_by_direction: opened_by_direction.tally(),
            closed_by_outcome: closed.into_iter().collect(),
            transitions,
            clock_results: clock_results.into_values().collect(),
            open_by_status: open_by_status.into_iter().collect(),
            open_by_group: open.by_group.tally(),
            open_by_area: open.by_area.tally(),
            open_by_direction: open.by_direction.tally(),
            oldest_open: oldest,
            overdue,
            per_month: months.counts,
            opened_by_kind: opened_by_kind.tally(),
        }
    }

    pub fn closed(&self) -> usize {
        self.closed_by_outcome.iter().map(|(_, n)| n).sum()
    }

    pub fn open(&self) -> usize {
        self.open_by_group.iter().map(|(_, n)| n).sum()
    }

    pub fn clocks_met(&self) -> usize {
        self.clock_results.iter().map(|r| r.met).sum()
    }

    pub fn clocks_missed(&self) -> usize {
        self.clock_results.iter().map(|r| r.missed).sum()
    }
}

/// What the window opens on: what is due, what waits, and how the casebook stands today.
#[derive(Clone, Debug, PartialEq)]
pub struct Dashboard {
    pub today: NaiveDate,
    /// Pending deadlines past their due date, most overdue first.
    pub overdue: Vec<DeadlineLine>,
    /// Pending deadlines due today or within 7 days.
    pub due_within_7: Vec<DeadlineLine>,
    /// Pending deadlines due in 8 to 30 days (those within 7 are not repeated).
    pub due_within_30: Vec<DeadlineLine>,
    /// Open cases with the authorities (waiting on the other side) with no event for
    /// `waiting_days` or more, longest waiting first.
    pub waiting: Vec<CaseLine>,
    pub waiting_days: i64,
    pub open_by_group: Tally<StatusGroup>,
    pub open_by_area: Tally<ProgrammeArea>,
    pub open_by_direction: Tally<Direction>,
    /// The last twelve calendar months, this one included.
    pub per_month: Vec<MonthCount>,
    /// Deadlines met or missed in those twelve months, and those running today.
    pub clock_outcomes: ClockOutcomes,
}

impl Dashboard {
    /// The cases with an overdue deadline (a case may have several).
    pub fn overdue_cases(&self) -> usize {
        let cases: std::collections::HashSet<CaseId> =
            self.overdue.iter().map(|l| l.case).collect();
        cases.len()
    }

    pub fn compute(book: &Casebook, today: NaiveDate) -> Self {
        Self::compute_with(book, today, WAITING_DAYS)
    }

    pub fn compute_with(book: &Casebook, today: NaiveDate, waiting_days: i64) -> Self {
        LiveDashboard::with(book, today, waiting_days).dashboard()
    }
}

/// The dashboard kept current edit by edit. Each case's contribution to the figures is kept, so an
/// edit takes the case's old contribution out and puts its new one in: well under a millisecond at
/// 100,000 cases, where replaying every case takes tens. Built at open on every core: each
/// replays its runs of cases once each, counts their contributions and files their lines in sorted
/// runs; the counts are then added up and the runs merged into the lists, two lists per core.
/// [`Dashboard::compute`] is this built once, so the two cannot disagree.
#[derive(Clone, Debug)]
pub struct LiveDashboard {
    basis: Basis,
    contributions: Contributions,
    counts: Counts,
    lists: Lists<BTreeMap<LineKey, Deadline>, BTreeMap<LineKey, Waiting>>,
}

/// What a case's contribution is worked out against.
#[derive(Clone, Copy, Debug)]
struct Basis {
    today: NaiveDate,
    waiting_days: i64,
    /// The last twelve calendar months, this one included, up to today.
    year: DateRange,
}

impl Basis {
    fn new(today: NaiveDate, waiting_days: i64) -> Self {
        Self {
            today,
            waiting_days,
            year: last_twelve_months(today),
        }
    }
}

/// Cases a core works out at least, below which a thread costs more than it saves.
const MIN_PART: usize = 1_000;

/// Where a line sorts: by date, then reference, then its case's slot and its place among the
/// case's lines, so that ties fall in casebook order, as a fresh build files them. A case's
/// keys share one copy of its reference. The reference's first bytes, as one number, decide
/// between references that differ in them without a call to `memcmp` (most of the sorts' time
/// at open was such calls); it orders as they do, and the whole reference decides the rest.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct LineKey {
    date: NaiveDate,
    head: Head,
    reference: Arc<str>,
    slot: usize,
    nth: usize,
}

/// The first 16 bytes of a reference, padded with zeros, as two numbers in their order (two
/// words, not a `u128`, which would double-align every key).
type Head = (u64, u64);

/// The [`Head`] of `reference`: a reference that sorts before another by its bytes has a
/// smaller or equal head.
fn head(reference: &str) -> Head {
    let mut bytes = [0; 16];
    let first = &reference.as_bytes()[..reference.len().min(16)];
    bytes[..first.len()].copy_from_slice(first);
    let [high, low] = [&bytes[..8], &bytes[8..]]
        .map(|half| u64::from_be_bytes(half.try_into().unwrap_or_default()));
    (high, low)
}

/// The dashboard's lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum List {
    Due(Due),
    Waiting,
}

/// The lists of pending deadlines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Due {
    Overdue,
    Within7,
    Within30,
}

/// A pending deadline as filed: its due date and reference are in its key.
#[derive(Clone, Debug)]
struct Deadline {
    case: CaseId,
    status: Status,
    clock: ClockKey,
    days_left: i64,
}

impl Deadline {
    fn line(&self, key: &LineKey) -> DeadlineLine {
        DeadlineLine {
            case: self.case,
            reference: key.reference.clone(),
            status: self.status,
            clock: self.clock,
            due: key.date,
            days_left: self.days_left,
        }
    }
}

/// A waiting case as filed: its last update and reference are in its key.
#[derive(Clone, Debug)]
struct Waiting {
    case: CaseId,
    kind: CaseKind,
    direction: Direction,
    area: ProgrammeArea,
    status: Status,
    opened: NaiveDate,
}

impl Waiting {
    fn line(&self, key: &LineKey) -> CaseLine {
        CaseLine {
            case: self.case,
            reference: key.reference.clone(),
            kind: self.kind,
            direction: self.direction,
            area: self.area,
            status: self.status,
            opened: self.opened,
            last_update: key.date,
        }
    }
}

/// The dashboard's four lists: sorted maps in the live dashboard, sorted runs of lines while a
/// part of the casebook is worked out.
#[derive(Clone, Debug, Default)]
struct Lists<D, W> {
    overdue: D,
    due_within_7: D,
    due_within_30: D,
    waiting: W,
}

/// Somewhere lines are filed by key.
trait Filing<V> {
    fn file(&mut self, key: LineKey, line: V);
}

impl<V> Filing<V> for BTreeMap<LineKey, V> {
    fn file(&mut self, key: LineKey, line: V) {
        self.insert(key, line);
    }
}

/// A run, sorted once it is complete.
impl<V> Filing<V> for Vec<(LineKey, V)> {
    fn file(&mut self, key: LineKey, line: V) {
        self.push((key, line));
    }
}

impl<D, W> Lists<D, W> {
    fn deadlines(&mut self, due: Due) -> &mut D {
        match due {
            Due::Overdue => &mut self.overdue,
            Due::Within7 => &mut self.due_within_7,
            Due::Within30 => &mut self.due_within_30,
        }
    }
}

/// The counts that the contributions of some cases add up to.
#[derive(Clone, Debug)]
struct Counts {
    months: MonthRun,
    open: OpenCounts,
    outcomes: ClockOutcomes,
}

impl Counts {
    fn new(year: DateRange) -> Self {
        Self {
            months: MonthRun::new(year),
            open: OpenCounts::new(),
            outcomes: ClockOutcomes::default(),
        }
    }

    /// Counts a contribution once more (`sign` 1) or once less (-1).
    fn count(&mut self, contribution: &Contribution, sign: isize) {
        if let Some(day) = contribution.opened {
            self.months.count(day, Month::Opened, sign);
        }
        for &day in &contribution.closed {
            self.months.count(day, Month::Closed, sign);
        }
        if let Some((status, area, direction)) = contribution.open {
            self.open.count(status, area, direction, sign);
        }
        self.outcomes.add(contribution.outcomes, sign);
    }

    /// Adds the counts of other cases, over the same year.
    fn merge(&mut self, other: &Counts) {
        self.months.merge(&other.months);
        self.open.merge(&other.open);
        self.outcomes.add(other.outcomes, 1);
    }
}

/// What one case adds to the dashboard, kept so it can be taken out again. Its lines are
/// filed in the lists; only where they were filed is kept here, as every case's is held.
#[derive(Clone, Debug, Default)]
struct Contribution {
    opened: Option<NaiveDate>,
    closed: Vec<NaiveDate>,
    open: Option<(Status, ProgrammeArea, Direction)>,
    outcomes: ClockOutcomes,
    /// Where its lines were filed.
    filed: Option<Filed>,
}

/// Where a case's lines were filed: enough to make their keys again and take them out. Each
/// line's date and list, and the reference once, rather than each whole key: a case with lines
/// allocated a list of keys and more room as it grew, at every open.
#[derive(Clone, Debug)]
struct Filed {
    head: Head,
    reference: Arc<str>,
    slot: usize,
    lines: Vec<(List, NaiveDate)>,
}

impl Filed {
    fn key(&self, nth: usize, date: NaiveDate) -> LineKey {
        LineKey {
            date,
            head: self.head,
            reference: self.reference.clone(),
            slot: self.slot,
            nth,
        }
    }

    /// Each line's list and key.
    fn keys(&self) -> impl Iterator<Item = (List, LineKey)> + '_ {
        (self.lines.iter().enumerate()).map(|(nth, &(list, date))| (list, self.key(nth, date)))
    }
}

impl Contribution {
    /// Works out the contribution of `case`, at `slot`, and files its lines in `lists`.
    fn of<D: Filing<Deadline>, W: Filing<Waiting>>(
        case: &Case,
        slot: usize,
        basis: Basis,
        lists: &mut Lists<D, W>,
        (replay, days): (&mut Replay, &WorkingDays),
    ) -> Self {
        let Basis {
            today,
            waiting_days,
            year,
        } = basis;
        let mut contribution = Contribution {
            opened: year.contains(case.opened).then_some(case.opened),
            ..Contribution::default()
        };
        // Closed before the year with every clock stopped: no closure, deadline or wait of the
        // case falls in it, so it is not replayed.
        if settled_before(case, year.from) {
            return contribution;
        }
        let clocks = replay.run(case, today, days, |day, to| {
            if to.is_terminal() && year.contains(day) {
                contribution.closed.push(day);
            }
        });
        let status = case.status();
        if !status.is_terminal() {
            contribution.open = Some((status, case.details.area, case.direction));
            let last_update = case.last_update();
            let idle = days_between(last_update, today);
            if status.group() == StatusGroup::WithAuthorities && idle >= waiting_days {
                let key = contribution.key(List::Waiting, last_update, case, slot);
                let line = Waiting {
                    case: case.id,
                    kind: case.kind,
                    direction: case.direction,
                    area: case.details.area,
                    status,
                    opened: case.opened,
                };
                lists.waiting.file(key, line);
            }
        }
        for clock in clocks {
            let stopped_in_year = clock.stopped_on.is_some_and(|d| year.contains(d));
            match clock.status {
                ClockStatus::Met if stopped_in_year => contribution.outcomes.met += 1,
                ClockStatus::Missed
                    if stopped_in_year
                        || clock.due.succ_opt().is_some_and(|d| year.contains(d)) =>
                {
                    contribution.outcomes.missed += 1;
                }
                ClockStatus::Open | ClockStatus::Extended => contribution.outcomes.running += 1,
                _ => {}
            }
            if !clock.is_pending() {
                continue;
            }
            let due = match clock.days_left {
                _ if clock.is_overdue() => Due::Overdue,
                0..=7 => Due::Within7,
                8..=30 => Due::Within30,
                _ => continue,
            };
            let key = contribution.key(List::Due(due), clock.due, case, slot);
            let line = Deadline {
                case: case.id,
                status,
                clock: clock.key,
                days_left: clock.days_left,
            };
            lists.deadlines(due).file(key, line);
        }
        contribution
    }

    /// The key of the case's next line, noted in the contribution.
    fn key(&mut self, list: List, date: NaiveDate, case: &Case, slot: usize) -> LineKey {
        let filed = self.filed.get_or_insert_with(|| Filed {
            head: head(&case.reference),
            reference: Arc::from(case.reference.as_str()),
            slot,
            lines: Vec::new(),
        });
        filed.lines.push((list, date));
        filed.key(filed.lines.len() - 1, date)
    }
}

#[cfg(test)]
impl LiveDashboard {
    /// Built in parts ending at `ends` (from 0 to the number of cases), uneven as any number
    /// of cores may split a casebook.
    pub(crate) fn in_parts_ending_at(book: &Casebook, today: NaiveDate, ends: &[usize]) -> Self {
        let basis = Basis::new(today, WAITING_DAYS);
        let days = book.settings.working_days();
        let cases = book.cases();
        let parts = ends
            .windows(2)
            .map(|w| Part::of(basis, w[0], &cases[w[0]..w[1]], (false, &days)))
            .collect();
        Self::merged(basis, cases.len(), parts)
    }
}

/// Each case's contribution, at the case's place in the casebook, kept in the runs the cores worked
/// them out in: joined into one list they would be copied, which at 100,000 cases costs a tenth
/// of the time it takes to work them out. A case added goes at the end of the last run.
#[derive(Clone, Debug, Default)]
struct Contributions {
    runs: Vec<Vec<Contribution>>,
}

impl Contributions {
    fn len(&self) -> usize {
        self.runs.iter().map(Vec::len).sum()
    }

    /// The contribution at `slot`, if there is one (a few runs, one per part, are passed over).
    fn at(&mut self, mut slot: usize) -> Option<&mut Contribution> {
        for run in &mut self.runs {
            if slot < run.len() {
                return run.get_mut(slot);
            }
            slot -= run.len();
        }
        None
    }

    fn push(&mut self, contribution: Contribution) {
        match self.runs.last_mut() {
            Some(run) => run.push(contribution),
            None => self.runs.push(vec![contribution]),
        }
    }
}

/// What a core works out for a run of consecutive cases.
struct Part {
    contributions: Vec<Contribution>,
    counts: Counts,
    runs: Runs,
    /// The cases' agenda lines, when gathered in the same pass.
    agenda: Option<Gathered>,
    /// The cases' next deadlines, in order, when the agenda is gathered (else empty).
    next_deadlines: Vec<Option<NextDeadline>>,
}

type Runs = Lists<Vec<(LineKey, Deadline)>, Vec<(LineKey, Waiting)>>;

impl Part {
    /// The contributions of `cases`, the first at slot `first`, counted and filed in sorted runs.
    fn of(
        basis: Basis,
        first: usize,
        cases: &[Case],
        (gather, days): (bool, &WorkingDays),
    ) -> Self {
        let mut counts = Counts::new(basis.year);
        let mut runs: Runs = Lists::default();
        let mut replay = Replay::default();
        let mut agenda = gather.then(Gathered::default);
        let mut next_deadlines = Vec::new();
        if gather {
            next_deadlines.reserve_exact(cases.len());
        }
        let contributions = (first..)
            .zip(Case::fetched(cases))
            .map(|(slot, case)| {
                let contribution =
                    Contribution::of(case, slot, basis, &mut runs, (&mut replay, days));
                counts.count(&contribution, 1);
                if let Some(agenda) = &mut agenda {
                    // A case settled before the year was not replayed: closed, every clock
                    // stopped, nothing on the agenda and no deadline.
                    let clocks = if settled_before(case, basis.year.from) {
                        &[]
                    } else {
                        replay.last()
                    };
                    agenda.add(case, basis.today, clocks);
                    next_deadlines.push(next_of(case, clocks).map(NextDeadline::of));
                }
                contribution
            })
            .collect();
        // Keys are never equal (slot and place tell them apart): any sort gives the one order.
        runs.overdue.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        runs.due_within_7.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        runs.due_within_30.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        runs.waiting.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Self {
            contributions,
            counts,
            runs,
            agenda: agenda.map(Gathered::finish),
            next_deadlines,
        }
    }
}

/// The sorted map of sorted runs, in one pass: collecting into a map sorts first, which finds
/// the runs and merges them, then builds the map from the sorted lines without comparing.
fn merge_runs<V>(runs: impl IntoIterator<Item = Vec<(LineKey, V)>>) -> BTreeMap<LineKey, V> {
    runs.into_iter().flatten().collect()
}

/// What the desk shows of a whole casebook: [`LiveDashboard::overview`].
pub struct Overview {
    pub dashboard: LiveDashboard,
    pub agenda: Agenda,
    /// Each case's next deadline, the pending clock due first, in the casebook's order: the
    /// register's column, as [`super::clock::next_deadline`] finds it.
    pub next_deadlines: Vec<Option<NextDeadline>>,
}

impl LiveDashboard {
    pub fn new(book: &Casebook, today: NaiveDate) -> Self {
        Self::with(book, today, WAITING_DAYS)
    }

    pub fn with(book: &Casebook, today: NaiveDate, waiting_days: i64) -> Self {
        let basis = Basis::new(today, waiting_days);
        let days = book.settings.working_days();
        let parts = crate::parallel::in_parts(book.cases(), MIN_PART, |first, cases| {
            Part::of(basis, first, cases, (false, &days))
        });
        Self::merged(basis, book.cases().len(), parts)
    }

    /// The dashboard, the agenda and every case's next deadline at open, in one pass on every
    /// core: each case's clocks replayed once for all three.
    pub fn overview(book: &Casebook, today: NaiveDate) -> Overview {
        let basis = Basis::new(today, WAITING_DAYS);
        let days = book.settings.working_days();
        let mut parts = crate::parallel::in_parts(book.cases(), MIN_PART, |first, cases| {
            Part::of(basis, first, cases, (true, &days))
        });
        let gathered = parts.iter_mut().filter_map(|p| p.agenda.take()).collect();
        let mut next_deadlines = Vec::with_capacity(book.cases().len());
        for part in &mut parts {
            next_deadlines.append(&mut part.next_deadlines);
        }
        Overview {
            dashboard: Self::merged(basis, book.cases().len(), parts),
            agenda: Agenda::from_parts(today, gathered),
            next_deadlines,
        }
    }

    /// The dashboard of a casebook of `cases` cases from the parts they were worked out in, in
    /// order.
    fn merged(basis: Basis, cases: usize, parts: Vec<Part>) -> Self {
        let mut counts = Counts::new(basis.year);
        let mut contributions = Contributions::default();
        let mut runs: Lists<Vec<_>, Vec<_>> = Lists::default();
        for part in parts {
            counts.merge(&part.counts);
            contributions.runs.push(part.contributions);
            runs.overdue.push(part.runs.overdue);
            runs.due_within_7.push(part.runs.due_within_7);
            runs.due_within_30.push(part.runs.due_within_30);
            runs.waiting.push(part.runs.waiting);
        }
        let Lists {
            overdue,
            due_within_7,
            due_within_30,
            waiting,
        } = runs;
        // A short and a long list on each core, where a thread is worth it.
        let one = || (merge_runs(overdue), merge_runs(due_within_30));
        let other = || (merge_runs(due_within_7), merge_runs(waiting));
        let ((overdue, due_within_30), (due_within_7, waiting)) = if cases < MIN_PART {
            (one(), other())
        } else {
            crate::parallel::join(one, other)
        };
        Self {
            basis,
            contributions,
            counts,
            lists: Lists {
                overdue,
                due_within_7,
                due_within_30,
                waiting,
            },
        }
    }

    /// Brings the figures up to date after `case` was edited, added (at the end) or removed in
    /// `book`. Contributions are kept at their case's place in the casebook, so a removal, which moves
    /// every case after it, has the figures worked out afresh (as the desk does anyway, its
    /// register rows moving too). A repeated id (a damaged file, opened read-only) updates the
    /// first of its cases, the one the casebook edits.
    pub fn update_case(&mut self, book: &Casebook, case: CaseId) {
        let cases = book.cases().len();
        let held = self.contributions.len();
        let slot = match book.position(case) {
            Some(slot) if cases == held => {
                self.take_out(slot);
                slot
            }
            Some(slot) if slot == held && cases == slot + 1 => slot,
            _ => {
                *self = Self::with(book, self.basis.today, self.basis.waiting_days);
                return;
            }
        };
        let contribution = Contribution::of(
            &book.cases()[slot],
            slot,
            self.basis,
            &mut self.lists,
            (&mut Replay::default(), &book.settings.working_days()),
        );
        self.counts.count(&contribution, 1);
        match self.contributions.at(slot) {
            Some(held) => *held = contribution,
            None => self.contributions.push(contribution),
        }
    }

    /// Takes the contribution at `slot` out of the figures, leaving an empty one.
    fn take_out(&mut self, slot: usize) {
        let contribution = self
            .contributions
            .at(slot)
            .map(std::mem::take)
            .unwrap_or_default();
        self.counts.count(&contribution, -1);
        for (list, key) in contribution.filed.iter().flat_map(|f| f.keys()) {
            match list {
                List::Due(due) => {
                    self.lists.deadlines(due).remove(&key);
                }
                List::Waiting => {
                    self.lists.waiting.remove(&key);
                }
            }
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.basis.today
    }

    /// The figures as [`Dashboard::compute`] gives them.
    pub fn dashboard(&self) -> Dashboard {
        let (c, l) = (&self.counts, &self.lists);
        let deadlines =
            |m: &BTreeMap<LineKey, Deadline>| m.iter().map(|(k, d)| d.line(k)).collect();
        Dashboard {
            today: self.basis.today,
            overdue: deadlines(&l.overdue),
            due_within_7: deadlines(&l.due_within_7),
            due_within_30: deadlines(&l.due_within_30),
            waiting: l.waiting.iter().map(|(k, w)| w.line(k)).collect(),
            waiting_days: self.basis.waiting_days,
            open_by_group: c.open.by_group.tally(),
            open_by_area: c.open.by_area.tally(),
            open_by_direction: c.open.by_direction.tally(),
            per_month: c.months.counts.clone(),
            clock_outcomes: c.outcomes,
        }
    }
}

/// The dashboard's year: the last twelve calendar months, this one included, up to today.
fn last_twelve_months(today: NaiveDate) -> DateRange {
    let first = (0..11).fold(YearMonth::of(today).first_day(), |d, _| {
        d.pred_opt().map_or(d, |last_of_previous| {
            YearMonth::of(last_of_previous).first_day()
        })
    });
    DateRange {
        from: first,
        to: today,
    }
}

/// The status a case entered the casebook in: opened, or imported.
pub(crate) fn first_status(case: &Case) -> Option<Status> {
    case.history().iter().find_map(|e| match e.kind {
        EventKind::Opened { status } | EventKind::Imported { status, .. } => Some(status),
        _ => None,
    })
}

/// Whether `clock` was met in `range` (stopped met on a day in it), or missed in it (its due
/// date passed unmet, the day after it in the range): a review's "deadlines met and missed".
pub(crate) fn clock_result_in(clock: &super::clock::Clock, range: DateRange) -> (bool, bool) {
    let met =
        clock.status == ClockStatus::Met && clock.stopped_on.is_some_and(|d| range.contains(d));
    let missed = clock.status == ClockStatus::Missed
        && clock.due.succ_opt().is_some_and(|d| range.contains(d));
    (met, missed)
}

/// Counts per key in a fixed key order.
#[derive(Clone, Debug)]
struct Counter<K: Copy + PartialEq + 'static> {
    keys: &'static [K],
    counts: Vec<usize>,
}

impl<K: Copy + PartialEq + 'static> Counter<K> {
    fn new(keys: &'static [K]) -> Self {
        Self {
            keys,
            counts: vec![0; keys.len()],
        }
    }

    /// Counts `key` once more (`delta` 1) or once less (-1).
    fn count(&mut self, key: K, delta: isize) {
        if let Some(i) = self.keys.iter().position(|k| *k == key) {
            self.counts[i] = self.counts[i].saturating_add_signed(delta);
        }
    }

    fn merge(&mut self, other: &Self) {
        for (n, m) in self.counts.iter_mut().zip(&other.counts) {
            *n += m;
        }
    }

    fn tally(&self) -> Tally<K> {
        self.keys
            .iter()
            .copied()
            .zip(self.counts.iter().copied())
            .collect()
    }
}

/// Open cases counted every way the dashboard and the review show them (the review counts
/// them by status too, which the dashboard does not show).
#[derive(Clone, Debug)]
struct OpenCounts {
    by_group: Counter<StatusGroup>,
    by_area: Counter<ProgrammeArea>,
    by_direction: Counter<Direction>,
}

impl OpenCounts {
    fn new() -> Self {
        Self {
            by_group: Counter::new(&StatusGroup::ALL),
            by_area: Counter::new(ProgrammeArea::ALL),
            by_direction: Counter::new(Direction::ALL),
        }
    }

    /// Counts an open case once more (`delta` 1) or once less (-1).
    fn count(&mut self, status: Status, area: ProgrammeArea, direction: Direction, delta: isize) {
        self.by_group.count(status.group(), delta);
        self.by_area.count(area, delta);
        self.by_direction.count(direction, delta);
    }

    fn merge(&mut self, other: &Self) {
        self.by_group.merge(&other.by_group);
        self.by_area.merge(&other.by_area);
        self.by_direction.merge(&other.by_direction);
    }
}

#[derive(Clone, Copy, Debug)]
enum Month {
    Opened,
    Closed,
}

/// Opened and closed counts for each month of a range.
#[derive(Clone, Debug)]
struct MonthRun {
    first: i64,
    counts: Vec<MonthCount>,
}

impl MonthRun {
    fn new(range: DateRange) -> Self {
        let months = range.months();
        Self {
            first: months[0].ordinal(),
            counts: months
                .into_iter()
                .map(|month| MonthCount {
                    month,
                    opened: 0,
                    closed: 0,
                })
                .collect(),
        }
    }

    fn slot(&mut self, day: NaiveDate) -> Option<&mut MonthCount> {
        let i = usize::try_from(YearMonth::of(day).ordinal() - self.first).ok()?;
        self.counts.get_mut(i)
    }

    /// Adds the counts of a run of the same months.
    fn merge(&mut self, other: &Self) {
        for (m, o) in self.counts.iter_mut().zip(&other.counts) {
            m.opened += o.opened;
            m.closed += o.closed;
        }
    }

    /// Counts a case opened or closed on `day` once more (`delta` 1) or once less (-1).
    fn count(&mut self, day: NaiveDate, what: Month, delta: isize) {
        if let Some(m) = self.slot(day) {
            let n = match what {
                Month::Opened => &mut m.opened,
                Month::Closed => &mut m.closed,
            };
            *n = n.saturating_add_signed(delta);
        }
    }
}

/// Keeps the `OLDEST_LISTED` oldest open cases, oldest first, cloning only those kept.
fn keep_oldest(oldest: &mut Vec<CaseLine>, case: &Case, status: Status) {
    let at = oldest
        .partition_point(|l| (l.opened, &*l.reference) <= (case.opened, case.reference.as_str()));
    if at < OLDEST_LISTED {
        oldest.insert(at, case_line(case, status));
        oldest.truncate(OLDEST_LISTED);
    }
}

fn case_line(case: &Case, status: Status) -> CaseLine {
    CaseLine {
        case: case.id,
        reference: Arc::from(case.reference.as_str()),
        kind: case.kind,
        direction: case.direction,
        area: case.details.area,
        status,
        opened: case.opened,
        last_update: case.last_update(),
    }
}

fn deadline_line(case: &Case, clock: &super::clock::Clock) -> DeadlineLine {
    DeadlineLine {
        case: case.id,
        reference: Arc::from(case.reference.as_str()),
        status: case.status(),
        clock: clock.key,
        due: clock.due,
        days_left: clock.days_left,
    }
}

fn sort_deadlines(list: &mut [DeadlineLine]) {
    list.sort_by(|a, b| (a.due, &a.reference).cmp(&(b.due, &b.reference)));
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_reference_and_its_head_sort_as_the_reference_alone() {
        let references = [
            "",
            "A",
            "A\0",
            "EI-2026-0007",
            "EI-2026-0010",
            "EI-2026-00071",
            "EO-2025-0001",
            "MI-2024-0100",
            "RC-2026-000001234",
            "RC-2026-000001235",
            "RC-2026-00000123",
            "Ä-2026",
            "Z",
            "é",
        ];
        for a in references {
            for b in references {
                assert_eq!(
                    (head(a), a).cmp(&(head(b), b)),
                    a.cmp(b),
                    "{a:?} against {b:?}"
                );
            }
        }
    }

    #[test]
    fn ranges_list_the_months_they_touch_and_months_end_on_their_last_day() {
        let range = DateRange::new(d("2025-11-15"), d("2026-02-01")).unwrap();
        let months: Vec<String> = range.months().iter().map(ToString::to_string).collect();
        assert_eq!(months, ["Nov 2025", "Dec 2025", "Jan 2026", "Feb 2026"]);
        let feb = DateRange::month(YearMonth::of(d("2028-02-10")));
        assert_eq!((feb.from, feb.to), (d("2028-02-01"), d("2028-02-29")));
        let dec = DateRange::month(YearMonth::of(d("2026-12-31")));
        assert_eq!(dec.to, d("2026-12-31"));
        assert!(DateRange::new(d("2026-02-02"), d("2026-02-01")).is_none());
    }

    #[test]
    fn a_month_run_ignores_days_outside_its_range() {
        let mut run = MonthRun::new(DateRange::new(d("2026-01-01"), d("2026-03-31")).unwrap());
        run.count(d("2026-02-28"), Month::Opened, 1);
        run.count(d("2025-12-31"), Month::Opened, 1);
        run.count(d("2026-04-01"), Month::Closed, 1);
        run.count(d("2026-03-01"), Month::Closed, 1);
        run.count(d("2026-03-01"), Month::Closed, 1);
        run.count(d("2026-03-01"), Month::Closed, -1);
        let counts: Vec<(usize, usize)> = run.counts.iter().map(|m| (m.opened, m.closed)).collect();
        assert_eq!(counts, [(0, 0), (1, 0), (0, 1)]);
    }

    #[test]
    fn the_dashboard_covers_twelve_months_ending_this_month() {
        let dash = Dashboard::compute(&Casebook::default(), d("2026-03-10"));
        assert_eq!(dash.per_month.len(), 12);
        assert_eq!(dash.per_month[0].month.to_string(), "Apr 2025");
        assert_eq!(dash.per_month[11].month.to_string(), "Mar 2026");
    }

    /// Filing `book`'s cases in uneven parts gives exactly what filing them one by one gives,
    /// and taking every contribution out again leaves nothing. Called from the sample generator's
    /// tests with a large generated casebook, whose lists all have lines.
    pub(crate) fn filing_in_parts_gives_exactly_what_filing_case_by_case_gives(
        book: &Casebook,
        today: NaiveDate,
    ) {
        let cases = book.cases();
        // Case by case into the sorted maps, as an added case is filed.
        let basis = Basis::new(today, WAITING_DAYS);
        let mut one_by_one = LiveDashboard::merged(basis, 0, Vec::new());
        let mut replay = Replay::default();
        let days = book.settings.working_days();
        for (slot, case) in cases.iter().enumerate() {
            let contribution = Contribution::of(
                case,
                slot,
                basis,
                &mut one_by_one.lists,
                (&mut replay, &days),
            );
            one_by_one.counts.count(&contribution, 1);
            one_by_one.contributions.push(contribution);
        }
        let expected = one_by_one.dashboard();
        // Every list has lines, or the comparison proves little.
        assert!(!expected.overdue.is_empty() && !expected.due_within_7.is_empty());
        assert!(!expected.due_within_30.is_empty() && !expected.waiting.is_empty());
        assert_eq!(LiveDashboard::new(book, today).dashboard(), expected);
        // Uneven parts, some of a single case, as any number of cores may split them.
        let ends = [0, 1, 2, 700, 701, 1_999, cases.len()];
        let mut in_parts = LiveDashboard::in_parts_ending_at(book, today, &ends);
        assert_eq!(in_parts.dashboard(), expected);
        // Every contribution is found at its case's place, and every line went in under the key its
        // contribution keeps: taking every contribution out leaves nothing.
        for slot in (0..cases.len()).rev() {
            in_parts.take_out(slot);
        }
        assert_eq!(
            in_parts.dashboard(),
            Dashboard::compute(&Casebook::default(), today)
        );
    }
}
