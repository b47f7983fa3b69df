//! A realistic, deterministic demo casebook, for the sample workspace, training, screenshots
//! and load tests.
//!
//! Everything is built through [`Casebook::apply`], so every history obeys the workflow tables,
//! records what each transition must record, carries the facts each state needs and passes the
//! checklist and assurance gates (or overrides them with a reason, as officers sometimes do).
//! Pure: no I/O, no clock reads, no `rand`; ids and choices come from splitmix64 seeded by the
//! caller, so the same seed and "today" give the same casebook.

mod events;
mod governance;
mod outcomes;
mod particulars;
mod people;
mod plans;
mod rng;
mod words;
mod workstreams;

#[cfg(test)]
mod tests;

use crate::domain::case::{CaseDetails, CaseKind, Direction, LinkKind, ProgrammeArea};
use crate::domain::casebook::{Casebook, Command, Ctx, Settings};
use crate::domain::ids::{CaseId, IdSource, PersonId, RecordId, SeededIds};
use crate::domain::person::Person;
use crate::domain::workflow::{Status, Workflow};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeDelta, Utc};
use rng::Rng;
use std::collections::HashMap;

/// A realistic synthetic casebook of `cases` cases, as if built at the end of `today` (UTC).
/// Same seed and today, same casebook.
pub fn generate(cases: usize, seed: u64, today: NaiveDate) -> Casebook {
    let end = today.and_time(NaiveTime::from_hms_opt(23, 59, 0).unwrap_or_default());
    generate_checked(cases, seed, end.and_utc().fixed_offset()).0
}

/// [`generate`] built at `now`, in its time zone: nothing is recorded after `now`, so an
/// officer's first edit of the sample is not stamped later than the clock (an edit's stamp is
/// never earlier than the casebook's latest one).
pub fn generate_until(cases: usize, seed: u64, now: DateTime<FixedOffset>) -> Casebook {
    generate_checked(cases, seed, now).0
}

/// The casebook and every command the casebook refused (each one a bug in the generator; the
/// step is skipped and the case stops where it got to).
fn generate_checked(
    cases: usize,
    seed: u64,
    until: DateTime<FixedOffset>,
) -> (Casebook, Vec<String>) {
    let today = until.date_naive();
    let mut g = Gen::new(seed, until);
    g.settings();
    g.agencies_and_contacts();
    let mut plans: Vec<Plan> = (0..cases).map(|i| g.plan(i)).collect();
    let links: Vec<(CaseId, CaseId, LinkKind)> = plans
        .iter()
        .filter_map(|p| p.link.map(|(other, kind)| (p.id, other, kind)))
        .collect();
    let people: Vec<Person> = plans
        .iter_mut()
        .flat_map(|p| std::mem::take(&mut p.people))
        .collect();
    let morning = g.at(today, 8, 0);
    for person in people {
        g.context = person.name.clone();
        g.apply(morning, Command::SavePerson(Box::new(person)));
    }
    // Cases are opened in date order, so references run in date order within each year.
    plans.sort_by_key(|p| (p.opened, p.index));
    for plan in plans {
        g.run(plan);
    }
    for (a, b, kind) in links {
        g.link(a, b, kind);
    }
    g.governance();
    g.outcomes();
    (g.book, g.errors)
}

/// About three years of history before "today".
const WINDOW_DAYS: i64 = 1095;

/// What one case will be: its target state, the dated path there and what it carries.
struct Plan {
    index: usize,
    id: CaseId,
    kind: CaseKind,
    direction: Direction,
    opened: NaiveDate,
    steps: Vec<(Status, NaiveDate)>,
    details: CaseDetails,
    people: Vec<Person>,
    link: Option<(CaseId, LinkKind)>,
    /// Before this step, record a wrong transition and correct it.
    correct_at: Option<usize>,
}

/// What a transition's details and the case's preparation depend on.
struct StepCx {
    kind: CaseKind,
    direction: Direction,
    to: Status,
    date: NaiveDate,
    next: Option<(Status, NaiveDate)>,
}

/// An extradition case an MLA case may gather evidence for.
#[derive(Clone)]
struct Extradition {
    case: CaseId,
    subject: PersonId,
    name: String,
    area: ProgrammeArea,
    direction: Direction,
    opened: NaiveDate,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Heritage {
    Pakistani,
    BritishPakistani,
    British,
}

const UNREACHABLE: u32 = u32::MAX;

struct Gen {
    rng: Rng,
    ids: SeededIds,
    today: NaiveDate,
    book: Casebook,
    errors: Vec<String>,
    /// What is being built, for error messages.
    context: String,
    /// Every state of every workflow, in `Workflow::ALL` order.
    states: Vec<Status>,
    index: HashMap<Status, usize>,
    /// `dist[a][b]`: fewest transitions from state `a` to state `b`.
    dist: Vec<Vec<u32>>,
    /// Recent extradition cases, for linked MLA cases of the same subject.
    recent: Vec<Extradition>,
    /// Recorded times within a case only move forward.
    last_at: DateTime<Utc>,
    /// Nothing is recorded later than this; its time zone is the officer's, whose office hours
    /// the recorded times fall in.
    until: DateTime<FixedOffset>,
}

impl Gen {
    fn new(seed: u64, until: DateTime<FixedOffset>) -> Self {
        let states: Vec<Status> = Workflow::ALL.iter().flat_map(|w| w.states()).collect();
        let index: HashMap<Status, usize> =
            states.iter().enumerate().map(|(i, s)| (*s, i)).collect();
        let dist = states
            .iter()
            .map(|&from| {
                let mut row = vec![UNREACHABLE; states.len()];
                let mut queue = std::collections::VecDeque::from([(from, 0u32)]);
                if let Some(&i) = index.get(&from) {
                    row[i] = 0;
                }
                while let Some((s, d)) = queue.pop_front() {
                    // Moves that follow only some states (`Status::only_after`) are counted
                    // only from those: walks never head for one they cannot take.
                    for n in s.next().into_iter().filter(|n| n.follows(s, None)) {
                        if let Some(&j) = index.get(&n)
                            && row[j] == UNREACHABLE
                        {
                            row[j] = d + 1;
                            queue.push_back((n, d + 1));
                        }
                    }
                }
                row
            })
            .collect();
        Self {
            rng: Rng::new(seed),
            ids: SeededIds::new(seed),
            today: until.date_naive(),
            book: Casebook::default(),
            errors: Vec::new(),
            context: String::new(),
            states,
            index,
            dist,
            recent: Vec::new(),
            last_at: DateTime::<Utc>::MIN_UTC,
            until,
        }
    }

    fn apply(
        &mut self,
        now: DateTime<Utc>,
        command: Command,
    ) -> Option<crate::domain::casebook::Applied> {
        let mut ctx = Ctx {
            now: now
                .min(self.until.to_utc())
                .with_timezone(self.until.offset()),
            ids: &mut self.ids,
        };
        match self.book.apply(command, &mut ctx) {
            Ok(applied) => Some(applied),
            Err(e) => {
                self.errors.push(format!("{}: {e}", self.context));
                None
            }
        }
    }

    /// `hour:minute` on `date` where the officer is.
    fn at(&self, date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
        let local = date.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default());
        (local - *self.until.offset()).and_utc()
    }

    /// When something that happened on `date` was recorded: office hours that day, never
    /// before the case's previous record and never after `until`.
    fn stamp(&mut self, date: NaiveDate) -> DateTime<Utc> {
        let hour = self.rng.int(8, 17) as u32;
        let minute = self.rng.int(0, 59) as u32;
        let mut at = self.at(date, hour, minute);
        let floor = TimeDelta::try_minutes(self.rng.int(3, 40))
            .and_then(|gap| self.last_at.checked_add_signed(gap))
            .unwrap_or(self.last_at);
        if at < floor {
            at = floor;
        }
        at = at.min(self.until.to_utc());
        self.last_at = at;
        at
    }

    fn record_id(&mut self) -> RecordId {
        RecordId(self.ids.next_uuid())
    }

    fn dist(&self, from: Status, to: Status) -> u32 {
        match (self.index.get(&from), self.index.get(&to)) {
            (Some(&a), Some(&b)) => self.dist[a][b],
            _ => UNREACHABLE,
        }
    }

    fn settings(&mut self) {
        let settings = Settings {
            officer_name: "Demo officer".into(),
            officer_agency: "NCA International Liaison".into(),
            sample: true,
            ..Settings::default()
        };
        self.context = "settings".into();
        let now = self.at(self.today, 8, 0);
        self.apply(now, Command::UpdateSettings(Box::new(settings)));
    }
}
