//! The officer's diary (issue 20): everything due across the casebook in one list — running
//! deadlines and chasers (from the clock engine), review dates, hearings ahead and open tasks —
//! bucketed into overdue, today, this week and the next 30 days, and filtered by officer, kind
//! and area. Pure: "today" is a parameter.
//!
//! An [`Agenda`] is worked out once at open (on every core) and then kept up to date case by
//! case as edits are applied, like the live dashboard. Its entries hold dates and ids only; the
//! words of a line are read from the case when it is shown ([`Entry::describe`]).

use super::case::Case;
use super::casebook::Casebook;
use super::clock::{Clock, ClockKey, Replay};
use super::details::{CaseDetails, ProgrammeArea};
use super::governance::{ActionPoint, Governance};
use super::holidays::{HolidayCalendars, WorkingDays};
use super::ids::{CaseId, EventId, RecordId};
use super::labels::labelled_enum;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use itertools::Itertools;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::fmt;

labelled_enum!(
    /// What an agenda line is.
    ItemKind {
        Deadline => "Deadline",
        Chaser => "Chaser",
        Review => "Review",
        Hearing => "Hearing",
        Task => "Task",
        ActionPoint => "Action point",
    }
);

labelled_enum!(
    /// When an agenda line falls, seen from today.
    Bucket {
        Overdue => "Overdue",
        Today => "Today",
        ThisWeek => "This week",
        Next30Days => "Next 30 days",
    }
);

/// The agenda's horizon: what falls further ahead is in the calendar feed, not the agenda.
pub const HORIZON_DAYS: u64 = 30;

/// Which thing of its case a line is, stable across edits and exports: a clock by its rule and
/// the event that started it, a hearing or a task by its record id. Calendar UIDs are made of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemKey {
    Clock(ClockKey, EventId),
    Record(RecordId),
}

impl fmt::Display for ItemKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemKey::Clock(key, started_by) => write!(f, "{key}-{started_by}"),
            ItemKey::Record(id) => write!(f, "{id}"),
        }
    }
}

/// One line of the agenda.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Entry {
    /// The day it is due or held; lines sort by it.
    pub date: NaiveDate,
    pub case: CaseId,
    pub key: ItemKey,
    pub kind: ItemKind,
}

impl Entry {
    /// Where it falls as of `today`; `None` beyond [`HORIZON_DAYS`].
    pub fn bucket(&self, today: NaiveDate) -> Option<Bucket> {
        bucket_of(self.date, today)
    }

    /// The line's words, read from its case: the rule of a deadline (with "check" where the
    /// law is unverified), a hearing's kind and court, a task's text.
    pub fn describe(&self, case: &Case) -> String {
        let d = &case.details;
        match self.key {
            ItemKey::Clock(key, started_by) => {
                let rule = key.rule();
                let check = if rule.verified { "" } else { " (check)" };
                format!(
                    "{}{check}{}",
                    rule.title,
                    self.chase_words(case, started_by)
                )
            }
            ItemKey::Record(id) => {
                if let Some(h) = d.hearings.iter().find(|h| h.id == id) {
                    if h.court.trim().is_empty() {
                        h.kind.to_string()
                    } else {
                        format!("{} at {}", h.kind, h.court)
                    }
                } else if let Some(t) = d.tasks.iter().find(|t| t.id == id) {
                    if t.text.trim().is_empty() {
                        "Task".into()
                    } else {
                        t.text.clone()
                    }
                } else {
                    String::new()
                }
            }
        }
    }

    /// For a chaser's line, which chase it is and how its date is counted (`docs/law.md` §3,
    /// MLA_FOLLOW_UP): ", chase 2 of 3: 60 days after the request being transmitted on
    /// 02 Feb 2026"; nothing for other lines.
    fn chase_words(&self, case: &Case, started_by: EventId) -> String {
        let ItemKey::Clock(key, _) = self.key else {
            return String::new();
        };
        let rule = key.rule();
        let Some(trigger) = (case.history().iter())
            .find(|e| e.id == started_by)
            .map(|e| e.effective)
        else {
            return String::new();
        };
        let chases = rule.chases(trigger);
        chases
            .iter()
            .position(|c| c.date == self.date)
            .map_or_else(String::new, |i| {
                format!(
                    ", chase {} of {}: {} days after {} on {}",
                    i + 1,
                    chases.len(),
                    chases[i].days,
                    rule.counted_from,
                    trigger.format("%d %b %Y")
                )
            })
    }

    /// Who the line is for: a task's assignee, otherwise the case's officer.
    pub fn officer<'a>(&self, case: &'a Case) -> &'a str {
        let d = &case.details;
        match self.key {
            ItemKey::Record(id) => d
                .tasks
                .iter()
                .find(|t| t.id == id)
                .map_or(&d.assigned_officer, |t| t.for_whom(d)),
            ItemKey::Clock(..) => &d.assigned_officer,
        }
    }
}

/// Where a line due on `date` falls as of `today`; `None` beyond [`HORIZON_DAYS`].
pub fn bucket_of(date: NaiveDate, today: NaiveDate) -> Option<Bucket> {
    let after = |days: u64| today.checked_add_days(Days::new(days)).unwrap_or(today);
    let week_end = after(u64::from(6 - today.weekday().num_days_from_monday()));
    let horizon = after(HORIZON_DAYS);
    Some(match date {
        d if d < today => Bucket::Overdue,
        d if d == today => Bucket::Today,
        d if d <= week_end => Bucket::ThisWeek,
        d if d <= horizon => Bucket::Next30Days,
        _ => return None,
    })
}

/// The action points still open and due up to the horizon (or, `beyond`, whenever), with
/// their bucket, earliest first: the agenda's lines of the governance records, beside the
/// cases' (an action point belongs to no case).
pub fn action_points(
    governance: &Governance,
    today: NaiveDate,
    beyond: bool,
) -> Vec<(Option<Bucket>, &ActionPoint)> {
    let until = match beyond {
        true => NaiveDate::MAX,
        false => today
            .checked_add_days(Days::new(HORIZON_DAYS))
            .unwrap_or(today),
    };
    governance
        .open_actions_due_by(until)
        .into_iter()
        .map(|a| (bucket_of(a.due, today), a))
        .collect()
}

impl Filter {
    /// Whether an action point's line is wanted: no area chosen (it has none), its kind, and
    /// its owner as the officer.
    pub fn accepts_action(&self, action: &ActionPoint) -> bool {
        self.area.is_none()
            && self.kind.is_none_or(|k| k == ItemKind::ActionPoint)
            && self
                .officer
                .as_deref()
                .is_none_or(|o| action.owner.trim().eq_ignore_ascii_case(o.trim()))
    }
}

/// The officer's choice of lines: each `None` takes every value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Compared without regard to case or surrounding spaces.
    pub officer: Option<String>,
    pub kind: Option<ItemKind>,
    pub area: Option<ProgrammeArea>,
}

impl Filter {
    pub fn accepts(&self, entry: &Entry, case: &Case) -> bool {
        self.kind.is_none_or(|k| k == entry.kind)
            && self.area.is_none_or(|a| a == case.details.area)
            && self
                .officer
                .as_deref()
                .is_none_or(|o| entry.officer(case).trim().eq_ignore_ascii_case(o.trim()))
    }
}

/// The agenda of a whole casebook as of a day, kept up to date case by case.
#[derive(Clone, Debug, Default)]
pub struct Agenda {
    today: NaiveDate,
    /// Every case's lines as worked out at open, in the agenda's order: a sorted vector, not a
    /// tree of 100,000 lines to build before the first frame (BENCHMARKS.md, the agenda).
    at_open: Vec<Entry>,
    /// The cases edited or added since, with their lines now: their lines at open no longer
    /// count (kept even when empty).
    edited: HashMap<CaseId, Vec<Entry>>,
    /// The lines of `edited`, in the agenda's order.
    since: BTreeSet<Entry>,
}

/// The lines of a run of consecutive cases, gathered on one core where their clocks are
/// replayed anyway (the live dashboard's pass at open: `LiveDashboard::overview`).
#[derive(Debug, Default)]
pub struct Gathered {
    lines: Vec<Entry>,
}

impl Gathered {
    /// Adds the lines of `case`, whose clocks as of `today` are `clocks` (none when every one
    /// has stopped).
    pub fn add(&mut self, case: &Case, today: NaiveDate, clocks: &[Clock]) {
        entries_from(case, today, clocks, &mut self.lines);
    }

    /// Done adding: the lines sorted on this core, so that joining the parts finds sorted runs.
    pub fn finish(mut self) -> Self {
        self.lines.sort_unstable();
        self
    }
}

/// Cases per part when the agenda is worked out on every core.
const MIN_PART: usize = 2_000;

impl Agenda {
    /// Every case's lines as of `today`, worked out on every core.
    pub fn new(book: &Casebook, today: NaiveDate) -> Self {
        let days = book.settings.working_days();
        let parts = crate::parallel::in_parts(book.cases(), MIN_PART, |_, cases| {
            let mut replay = Replay::default();
            let mut part = Gathered::default();
            for case in Case::fetched(cases) {
                part.add(case, today, case_clocks(case, (today, &days), &mut replay));
            }
            part.finish()
        });
        Self::from_parts(today, parts)
    }

    /// The agenda of the cases whose lines `parts` gathered.
    pub fn from_parts(today: NaiveDate, parts: Vec<Gathered>) -> Self {
        let mut at_open = Vec::with_capacity(parts.iter().map(|p| p.lines.len()).sum());
        for part in parts {
            at_open.extend(part.lines);
        }
        // The runs sorted on each core: the standard sort finds them and merges.
        at_open.sort();
        Self {
            today,
            at_open,
            ..Self::default()
        }
    }

    /// An agenda with no lines yet, as of `today`: filled case by case ([`Self::update_case`]).
    pub fn default_for(today: NaiveDate) -> Self {
        Self {
            today,
            ..Self::default()
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// Brings `case`'s lines up to date after an edit (or takes them out if it is gone).
    pub fn update_case(&mut self, book: &Casebook, case: CaseId) {
        for old in self.edited.remove(&case).unwrap_or_default() {
            self.since.remove(&old);
        }
        let mut lines = Vec::new();
        if let Some(c) = book.case(case) {
            let when = (self.today, &book.settings.working_days());
            let clocks = case_clocks(c, when, &mut Replay::default()).to_vec();
            entries_from(c, self.today, &clocks, &mut lines);
            self.since.extend(lines.iter().copied());
        }
        self.edited.insert(case, lines);
    }

    /// Every line, earliest first, the calendar feed's: beyond the horizon too.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries_from(NaiveDate::MIN)
    }

    /// The lines due on `day` or later, earliest first; those before are skipped by a binary
    /// search, not passed one by one (the dashboard's head skips every overdue line each frame).
    fn entries_from(&self, day: NaiveDate) -> impl Iterator<Item = &Entry> {
        let edited = &self.edited;
        let start = self.at_open.partition_point(|e| e.date < day);
        let standing = self.at_open[start..]
            .iter()
            .filter(move |e| edited.is_empty() || !edited.contains_key(&e.case));
        standing.merge(self.since.iter().skip_while(move |e| e.date < day))
    }

    /// How many lines there are in all.
    pub fn len(&self) -> usize {
        self.entries().count()
    }

    pub fn is_empty(&self) -> bool {
        self.entries().next().is_none()
    }

    /// The lines up to the horizon that `filter` accepts, earliest first, with their bucket.
    pub fn lines<'a>(
        &'a self,
        book: &'a Casebook,
        filter: &'a Filter,
    ) -> impl Iterator<Item = (Bucket, &'a Entry, &'a Case)> + 'a {
        self.lines_from(NaiveDate::MIN, book, filter)
    }

    /// [`Self::lines`] due on `day` or later: from today, the overdue ones left out.
    pub fn lines_from<'a>(
        &'a self,
        day: NaiveDate,
        book: &'a Casebook,
        filter: &'a Filter,
    ) -> impl Iterator<Item = (Bucket, &'a Entry, &'a Case)> + 'a {
        let today = self.today;
        self.entries_from(day)
            .map_while(move |e| e.bucket(today).map(|b| (b, e)))
            .filter_map(move |(b, e)| {
                book.case(e.case)
                    .filter(|c| filter.accepts(e, c))
                    .map(|c| (b, e, c))
            })
    }

    /// The officers the lines are for, sorted, for the filter's choices.
    pub fn officers<'a>(&self, book: &'a Casebook) -> Vec<&'a str> {
        let mut officers: Vec<&str> = self
            .entries()
            .filter_map(|e| book.case(e.case).map(|c| e.officer(c).trim()))
            .filter(|o| !o.is_empty())
            .collect();
        officers.sort_unstable();
        officers.dedup();
        officers
    }
}

/// The clocks of `case` as of `today`, working days counted with `days`; none, without
/// replaying them, for a closed case whose every clock has stopped.
fn case_clocks<'r>(
    case: &Case,
    (today, days): (NaiveDate, &WorkingDays),
    replay: &'r mut Replay,
) -> &'r [Clock] {
    if case.status().is_terminal() && super::clock::settled_before(case, NaiveDate::MAX) {
        return &[];
    }
    replay.run(case, today, days, |_, _| {})
}

/// The lines of `case` as of `today`, appended to `out`: its pending `clocks`, and while it is
/// open its hearings from today on and its tasks not done that have a due date.
fn entries_from(case: &Case, today: NaiveDate, clocks: &[Clock], out: &mut Vec<Entry>) {
    let closed = case.status().is_terminal();
    let entry = |date, key, kind| Entry {
        date,
        case: case.id,
        key,
        kind,
    };
    for c in clocks {
        if c.is_pending() {
            out.push(entry(
                c.due,
                ItemKey::Clock(c.key, c.started_by),
                clock_kind(c.key),
            ));
        }
    }
    if closed {
        return;
    }
    let CaseDetails {
        hearings, tasks, ..
    } = &case.details;
    for h in hearings.iter().filter(|h| h.date >= today) {
        out.push(entry(h.date, ItemKey::Record(h.id), ItemKind::Hearing));
    }
    for t in tasks.iter().filter(|t| !t.done) {
        if let Some(due) = t.due {
            out.push(entry(due, ItemKey::Record(t.id), ItemKind::Task));
        }
    }
}

fn clock_kind(key: ClockKey) -> ItemKind {
    match key {
        ClockKey::MlaFollowUp
        | ClockKey::RetVerifyChase
        | ClockKey::CrxReply
        | ClockKey::P2pReply => ItemKind::Chaser,
        ClockKey::HoldReview | ClockKey::NoticeReview | ClockKey::GreenNoticeReview => {
            ItemKind::Review
        }
        _ => ItemKind::Deadline,
    }
}

/// Why `day` is not a working day, if it is not: a weekend, or a holiday in the casebook's
/// United Kingdom calendar or Pakistan's ("Good Friday (England and Wales)").
pub fn day_off(day: NaiveDate, calendars: &HolidayCalendars) -> Option<String> {
    let holidays: Vec<String> = calendars
        .holidays_on(day)
        .map(|(region, h)| format!("{} ({region})", h.name))
        .collect();
    if !holidays.is_empty() {
        return Some(holidays.join("; "));
    }
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun).then(|| day.format("%A").to_string())
}
