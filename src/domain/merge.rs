//! Merging two copies of a casebook edited apart (offline, on two laptops). Pure: [`merge`]
//! compares them and lists what each brings and every conflict; [`MergeResult::resolve`] turns
//! the officer's choices into one [`Command::Merge`], applied (and undone) as a single step.
//!
//! The rules: cases only one side has are added; history events are united by id; a field or
//! sub-record changed on one side only takes that side's value; changed on both sides to
//! different values, or a case moved on on both sides, is a conflict kept open until chosen.
//! "Changed on one side only" comes from revision stamps (`hlc.rs`): a value whose stamp the
//! other copy has seen was known to it, so the other copy's different value is the newer one.
//!
//! Merges converge: whatever order copies are merged in, copies that have merged each other
//! hold the same casebook. Everything a merge records is worked out from what it merges, not
//! drawn at random: a choice's events take ids derived from the conflict and the side chosen
//! ([`Derive`]), so two officers making the same choice record the same events, and where two
//! copies hold one event recorded by different officers or at different times (the same choice
//! made twice), the one recorded first stands ([`first_recorded`]). Moves take ids derived from
//! the move and the one before it (`transition.rs`), so the same move made on two copies is one
//! event. A line of moves set aside stays in the history, each move voided by a correction;
//! since any event can be voided, including a correction another copy made, setting a line
//! aside never fails. Lists (the cases, a case's history, people) are united in one order that
//! does not depend on which side is ours ([`Two::unite`]).

use super::casebook::{Casebook, Command, Ctx, MergedContents, Settings};
use super::changes::{Names, named_text};
use super::check::replay;
use super::corrections::{self, undone_to};
use super::event::{Event, EventKind};
use super::governance::GovernanceRecord;
use super::hlc::{Frontier, ReplicaId, Stamp};
use super::holidays::HolidayCalendars;
use super::ids::{AgreementId, CaseId, Derive, EventId, PersonId, RecordId};
use super::person::{Agency, Contact, DuplicateReason, Person, likely_duplicates};
use super::stamps::{BookStamps, CaseField, CaseStamps, RecordList, RecordVisitor, SubRecord};
use super::{Case, CaseDetails};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

/// One of the two casebooks being merged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    Ours,
    Theirs,
}

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::Ours => Side::Theirs,
            Side::Theirs => Side::Ours,
        }
    }

    fn index(self) -> usize {
        usize::from(self == Side::Theirs)
    }
}

/// What a conflict is about. Status conflicts order first: settling one rebuilds the case's
/// history, which the other choices' events then follow.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    /// Both copies moved the case on from where they last agreed.
    Status(CaseId),
    Field(CaseId, CaseField),
    Record(CaseId, CaseField, RecordId),
    Person(PersonId),
    Agency(Uuid),
    Contact(Uuid),
    /// An agreement, meeting, action point or activity.
    Governance(Uuid),
}

impl Subject {
    pub fn case(&self) -> Option<CaseId> {
        match self {
            Subject::Field(c, _) | Subject::Record(c, ..) | Subject::Status(c) => Some(*c),
            _ => None,
        }
    }
}

/// One side's value in a conflict: as the officer reads it, and who set it when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// The value as both copies write it (ids as ids): the choice's event records it, and the
    /// choice's id is derived from it, so a choice made alike on two copies is one event.
    pub text: String,
    /// The value as the officer reads it: `text` with the people, linked cases and agreement
    /// it holds by id named, as either copy knows them.
    pub shown: String,
    pub by: String,
    pub at: Option<DateTime<Utc>>,
}

impl Version {
    fn stamped(text: String, stamp: Stamp, seen: &Frontier) -> Self {
        Version {
            shown: text.clone(),
            text,
            by: seen.officer(stamp.replica),
            at: stamp.time().filter(|_| stamp.millis > 0),
        }
    }

    /// "J. Smith (NCA), 23 Nov 2026 10:00 UTC".
    pub fn who_and_when(&self) -> String {
        match self.at {
            Some(at) => format!("{}, {}", self.by, at.format("%d %b %Y %H:%M UTC")),
            None => self.by.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub subject: Subject,
    /// The case reference or the person's, agency's or contact's name.
    pub record: String,
    /// What differs, e.g. "Summary", "Hearings: …", "Status".
    pub what: String,
    pub ours: Version,
    pub theirs: Version,
    /// The id the choice's event takes when ours, or theirs, is kept: derived from what
    /// conflicts and the side kept, so the same choice made on two copies is one event.
    choice: [EventId; 2],
}

impl Conflict {
    /// A conflict between two stamped values: `what` each is and when it was set.
    fn of_values(
        subject: Subject,
        record: String,
        what: String,
        [(ours, so), (theirs, st)]: [(String, Stamp); 2],
        seen: &Frontier,
    ) -> Self {
        let choice = |(kept, ks): (&str, Stamp), (other, os): (&str, Stamp)| {
            EventId(
                Derive::new("value choice")
                    .text(&format!("{subject:?}"))
                    .text(kept)
                    .text(&ks.to_string())
                    .text(other)
                    .text(&os.to_string())
                    .finish(),
            )
        };
        let choice = [
            choice((&ours, so), (&theirs, st)),
            choice((&theirs, st), (&ours, so)),
        ];
        Conflict {
            subject,
            record,
            what,
            ours: Version::stamped(ours, so, seen),
            theirs: Version::stamped(theirs, st, seen),
            choice,
        }
    }

    /// The same conflict, its two values shown to the officer as `shown` (ours, theirs).
    fn shown_as(mut self, [ours, theirs]: [String; 2]) -> Self {
        self.ours.shown = ours;
        self.theirs.shown = theirs;
        self
    }
}

/// Names as our copy knows them, else as theirs does: a value in conflict may name a person,
/// case or agreement only one copy has.
struct EitherCopy<'a>(&'a Casebook, &'a Casebook);

impl EitherCopy<'_> {
    /// Our copy when it has the record, else theirs.
    fn holding(&self, ours: bool) -> &Casebook {
        if ours { self.0 } else { self.1 }
    }
}

impl Names for EitherCopy<'_> {
    fn person_name(&self, id: PersonId) -> String {
        self.holding(self.0.person(id).is_some()).person_name(id)
    }
    fn case_reference(&self, id: CaseId) -> String {
        self.holding(self.0.case(id).is_some()).case_reference(id)
    }
    fn agreement_title(&self, id: AgreementId) -> String {
        let ours = self.0.governance().agreement(id).is_some();
        self.holding(ours).agreement_title(id)
    }
}

/// A person in the other casebook who is probably one of ours under another id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LikelyDuplicate {
    pub theirs: PersonId,
    pub ours: PersonId,
    pub reason: DuplicateReason,
}

/// What the other casebook brings, before anything changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeSummary {
    /// References of cases only the other casebook has.
    pub added_cases: Vec<String>,
    /// References of cases both have where the other brings something (values or events).
    pub updated_cases: Vec<String>,
    /// Cases whose reference changes, (old, new): opened apart under the same reference, or
    /// already renumbered on the other copy. Each renumbering is an event in the case's history.
    pub renumbered: Vec<(String, String)>,
    pub added_people: usize,
    pub new_events: usize,
}

/// The comparison of two casebooks: what merges by itself, and what needs a choice.
#[derive(Clone, Debug)]
pub struct MergeResult {
    pub summary: MergeSummary,
    pub conflicts: Vec<Conflict>,
    pub duplicates: Vec<LikelyDuplicate>,
    /// Each case as merged so far (conflicting values hold ours), in output order.
    cases: Vec<CasePlan>,
    people: Vec<Planned<Person>>,
    agencies: Vec<Planned<Agency>>,
    contacts: Vec<Planned<Contact>>,
    governance: Vec<Planned<GovernanceRecord>>,
    /// The edits of people, agencies and contacts, united by id like a case's history.
    record_history: Vec<Event>,
    seen: Frontier,
    settings: Settings,
    /// The holiday calendars merged: the settings' one shared part.
    holidays: Option<HolidayCalendars>,
    /// Ours already holds all of it: nothing to choose, nothing to put in place.
    unchanged: bool,
    /// Who resolves: our officer on our installation.
    replica: ReplicaId,
}

#[derive(Clone, Debug)]
struct CasePlan {
    merged: Case,
    /// Both sides' versions, kept while the case has a conflict.
    sides: Option<Box<(Case, Case)>>,
    /// References this merge gives the case, (old, new), recorded as events when applied.
    renumbered: Vec<(String, String, &'static str)>,
}

#[derive(Clone, Debug)]
struct Planned<T> {
    merged: T,
    stamp: Stamp,
    /// Both versions and stamps, when they conflict.
    conflict: Option<Box<[(T, Stamp); 2]>>,
}

/// How one value merges, from the two stamps and whether the values are equal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Decision {
    Take(Side, Stamp),
    Conflict,
}

struct Frontiers<'a> {
    ours: &'a Frontier,
    theirs: &'a Frontier,
}

impl Frontiers<'_> {
    fn decide(&self, ours: Stamp, theirs: Stamp, equal: bool) -> Decision {
        if equal {
            return Decision::Take(Side::Ours, ours.max(theirs));
        }
        if ours == theirs {
            // The same stamp on two different values: copies that diverged before stamps.
            return Decision::Conflict;
        }
        match (self.theirs.has_seen(ours), self.ours.has_seen(theirs)) {
            (true, false) => Decision::Take(Side::Theirs, theirs),
            (false, true) => Decision::Take(Side::Ours, ours),
            _ => Decision::Conflict,
        }
    }

    /// Whether a record only `side` has should stay: the other side never saw it (it is new
    /// or changed since), rather than saw it and removed it.
    fn keeps_one_sided(&self, side: Side, stamp: Stamp) -> bool {
        let other = match side {
            Side::Ours => self.theirs,
            Side::Theirs => self.ours,
        };
        !other.has_seen(stamp)
    }
}

/// Two sequences of records with ids (cases, events, people) to be united.
struct Two<'a, T> {
    ours: &'a [T],
    theirs: &'a [T],
    in_ours: HashMap<Uuid, usize>,
    in_theirs: HashMap<Uuid, usize>,
}

impl<'a, T> Two<'a, T> {
    fn new(ours: &'a [T], theirs: &'a [T], id: impl Fn(&T) -> Uuid) -> Self {
        let index = |items: &[T]| items.iter().enumerate().map(|(i, x)| (id(x), i)).collect();
        Two {
            ours,
            theirs,
            in_ours: index(ours),
            in_theirs: index(theirs),
        }
    }

    /// Whether each side holds something the other lacks.
    fn both_bring_something(&self) -> bool {
        self.in_ours.keys().any(|k| !self.in_theirs.contains_key(k))
            && self.in_theirs.keys().any(|k| !self.in_ours.contains_key(k))
    }

    /// The side whose order stands where the two disagree: the one holding everything the
    /// other has (so merging a copy into one that already has it changes nothing), else the
    /// one whose ids read first. The same whichever side is ours.
    fn leading(&self, id: impl Fn(&T) -> Uuid) -> Side {
        let ours_has_all = self.in_theirs.keys().all(|k| self.in_ours.contains_key(k));
        let theirs_has_all = self.in_ours.keys().all(|k| self.in_theirs.contains_key(k));
        match (ours_has_all, theirs_has_all) {
            (true, false) => Side::Ours,
            (false, true) => Side::Theirs,
            _ if self.theirs.iter().map(&id).lt(self.ours.iter().map(&id)) => Side::Theirs,
            _ => Side::Ours,
        }
    }

    /// Both sequences as one, each record once as (our version, their version): the order of
    /// each side is kept where they agree; a record only one side has goes before the next
    /// record both have that follows it there, and two such records go by `key`; where the
    /// sides disagree on the order of records both have (merges made in different orders on
    /// clocks that disagree), `lead`'s order stands. Without disagreement the result does not
    /// depend on `lead`, nor on which side is ours.
    fn unite<K: Ord>(
        &self,
        lead: Side,
        id: impl Fn(&T) -> Uuid,
        key: impl Fn(&T) -> K,
    ) -> Vec<(Option<&'a T>, Option<&'a T>)> {
        let (first, second, in_first, in_second) = match lead {
            Side::Ours => (self.ours, self.theirs, &self.in_ours, &self.in_theirs),
            Side::Theirs => (self.theirs, self.ours, &self.in_theirs, &self.in_ours),
        };
        let mut out = Vec::with_capacity(first.len().max(second.len()));
        let mut emitted = HashSet::with_capacity(out.capacity());
        let (mut i, mut j) = (0, 0);
        loop {
            while i < first.len() && emitted.contains(&id(&first[i])) {
                i += 1;
            }
            while j < second.len() && emitted.contains(&id(&second[j])) {
                j += 1;
            }
            let take_first = match (first.get(i), second.get(j)) {
                (None, None) => break,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (Some(a), Some(b)) => {
                    match (
                        in_second.contains_key(&id(a)),
                        in_first.contains_key(&id(b)),
                    ) {
                        // `b` waits for its place in `first`, `a` for its place in `second`.
                        (false, true) => true,
                        (true, false) => false,
                        (false, false) => key(a) <= key(b),
                        (true, true) => true,
                    }
                }
            };
            let record = if take_first { &first[i] } else { &second[j] };
            let record_id = id(record);
            let (x, y) = if take_first {
                (Some(record), in_second.get(&record_id).map(|&k| &second[k]))
            } else {
                (in_first.get(&record_id).map(|&k| &first[k]), Some(record))
            };
            emitted.insert(record_id);
            out.push(match lead {
                Side::Ours => (x, y),
                Side::Theirs => (y, x),
            });
        }
        out
    }
}

/// Where two copies hold one event (by id) recorded differently (the same choice or move made
/// by two officers, or at two times), the one recorded first: the same on either copy.
fn first_recorded<'a>(a: &'a Event, b: &'a Event) -> &'a Event {
    if a == b {
        return a;
    }
    let rank = |e: &Event| {
        (
            e.recorded_at,
            e.effective,
            e.officer.to_string(),
            e.agency.to_string(),
            format!("{:?}", e.kind),
        )
    };
    if rank(b) < rank(a) { b } else { a }
}

/// The order key of an event among events only one side has: when it was recorded.
fn event_key(e: &Event) -> (DateTime<Utc>, EventId) {
    (e.recorded_at, e.id)
}

/// Two histories as one, `lead`'s order standing where they disagree.
fn unite_events(two: &Two<Event>, lead: Side) -> Vec<Event> {
    two.unite(lead, |e| e.id.0, event_key)
        .into_iter()
        .filter_map(|pair| match pair {
            (Some(a), Some(b)) => Some(first_recorded(a, b).clone()),
            (a, b) => a.or(b).cloned(),
        })
        .collect()
}

/// The transitions that stand in `history`, in order: the line of moves its status follows.
fn standing(history: &[Event]) -> Vec<EventId> {
    corrections::standing(history).map(|e| e.id).collect()
}

/// Compares `ours` with `theirs`. Nothing changes until [`MergeResult::resolve`].
pub fn merge(ours: &Casebook, theirs: &Casebook) -> MergeResult {
    let (os, ts) = (ours.stamps(), theirs.stamps());
    let frontiers = Frontiers {
        ours: &os.seen,
        theirs: &ts.seen,
    };
    let seen = os.seen.union(&ts.seen);
    let mut summary = MergeSummary::default();
    let mut conflicts = Vec::new();

    let two = Two::new(ours.cases(), theirs.cases(), |c| c.id.0);
    let lead = two.leading(|c| c.id.0);
    let mut cases = Vec::with_capacity(ours.cases().len().max(theirs.cases().len()));
    for pair in two.unite(lead, |c| c.id.0, |c| (opened_at(c), c.id)) {
        match pair {
            (Some(o), None) => cases.push(CasePlan::one_side(o.clone())),
            (None, Some(t)) => {
                summary.added_cases.push(t.reference.clone());
                summary.new_events += t.history().len();
                cases.push(CasePlan::one_side(t.clone()));
            }
            (Some(o), Some(t)) => {
                let names = EitherCopy(ours, theirs);
                let plan = merge_case((o, t), &names, &frontiers, &seen, &mut conflicts);
                summary.new_events += plan
                    .merged
                    .history()
                    .len()
                    .saturating_sub(o.history().len());
                if plan.merged != *o {
                    summary.updated_cases.push(o.reference.clone());
                }
                cases.push(plan);
            }
            (None, None) => {}
        }
    }
    renumber(&mut cases);
    for plan in &cases {
        let before = ours
            .case(plan.merged.id)
            .or_else(|| theirs.case(plan.merged.id))
            .map(|c| &c.reference);
        if let Some(before) = before
            && *before != plan.merged.reference
        {
            summary
                .renumbered
                .push((before.clone(), plan.merged.reference.clone()));
        }
    }

    let people = merge_records(
        ours.people(),
        theirs.people(),
        |p| p.id.0,
        (os, ts),
        &frontiers,
        OneSided::Kept,
    );
    summary.added_people = people.len() - ours.people().len();
    let duplicates = theirs
        .people()
        .iter()
        .filter(|p| ours.person(p.id).is_none())
        .flat_map(|p| {
            likely_duplicates(p, ours.people())
                .into_iter()
                .map(|(o, reason)| LikelyDuplicate {
                    theirs: p.id,
                    ours: o.id,
                    reason,
                })
        })
        .collect();
    let agencies = merge_records(
        ours.agencies(),
        theirs.agencies(),
        |a| a.id.0,
        (os, ts),
        &frontiers,
        OneSided::Kept,
    );
    let contacts = merge_records(
        ours.contacts(),
        theirs.contacts(),
        |c| c.id.0,
        (os, ts),
        &frontiers,
        OneSided::Kept,
    );
    let governance = merge_governance(ours, theirs, &cases, &frontiers);
    for g in &governance {
        if let Some(c) = &g.conflict {
            conflicts.push(Conflict::of_values(
                Subject::Governance(g.merged.uuid()),
                g.merged.name(),
                g.merged.kind().to_string(),
                [(c[0].0.text(), c[0].1), (c[1].0.text(), c[1].1)],
                &seen,
            ));
        }
    }
    for p in &people {
        if let Some(c) = &p.conflict {
            conflicts.push(Conflict::of_values(
                Subject::Person(p.merged.id),
                p.merged.name.clone(),
                "Person's particulars".into(),
                [
                    (person_text(&c[0].0), c[0].1),
                    (person_text(&c[1].0), c[1].1),
                ],
                &seen,
            ));
        }
    }
    for a in &agencies {
        if let Some(c) = &a.conflict {
            let text = |x: &Agency| format!("{} ({})", x.name, x.country);
            conflicts.push(Conflict::of_values(
                Subject::Agency(a.merged.id.0),
                a.merged.name.clone(),
                "Agency".into(),
                [(text(&c[0].0), c[0].1), (text(&c[1].0), c[1].1)],
                &seen,
            ));
        }
    }
    for k in &contacts {
        if let Some(c) = &k.conflict {
            let text = |x: &Contact| format!("{}, {}, {} {}", x.name, x.role, x.email, x.phone);
            conflicts.push(Conflict::of_values(
                Subject::Contact(k.merged.id.0),
                k.merged.name.clone(),
                "Contact".into(),
                [(text(&c[0].0), c[0].1), (text(&c[1].0), c[1].1)],
                &seen,
            ));
        }
    }
    conflicts.sort_by(|a, b| a.subject.cmp(&b.subject));
    let record_history = {
        let two = Two::new(ours.record_history(), theirs.record_history(), |e| e.id.0);
        unite_events(&two, two.leading(|e| e.id.0))
    };
    let same = |a: &[Case]| {
        a.len() == cases.len()
            && a.iter()
                .zip(&cases)
                .all(|(o, p)| *o == p.merged && p.renumbered.is_empty())
    };
    // Both on the built-in calendars: nothing to merge, and none kept.
    let holidays = match (&ours.settings.holidays, &theirs.settings.holidays) {
        (None, None) => None,
        _ => Some(HolidayCalendars::merged(
            ours.settings.holidays(),
            theirs.settings.holidays(),
        )),
    };
    let unchanged = conflicts.is_empty()
        && holidays == ours.settings.holidays
        && same(ours.cases())
        && planned_as(ours.people(), &people)
        && planned_as(ours.agencies(), &agencies)
        && planned_as(ours.contacts(), &contacts)
        && planned_as(ours.governance().records(), &governance)
        && ours.record_history() == record_history.as_slice()
        && *os
            == (BookStamps {
                seen: seen.clone(),
                records: record_stamps(&people, &agencies, &contacts, &governance),
            });
    MergeResult {
        unchanged,
        summary,
        conflicts,
        duplicates,
        cases,
        people,
        agencies,
        contacts,
        governance,
        record_history,
        seen,
        settings: ours.settings.clone(),
        holidays,
        replica: ours.replica(),
    }
}

/// When a case entered the casebook: its first event's recording.
fn opened_at(c: &Case) -> Option<DateTime<Utc>> {
    c.history().first().map(|e| e.recorded_at)
}

fn person_text(p: &Person) -> String {
    let mut parts = vec![p.name.clone()];
    if !p.father_name.is_empty() {
        parts.push(format!("s/o {}", p.father_name));
    }
    if let Some(d) = p.date_of_birth {
        parts.push(format!("born {}", d.format("%d %b %Y")));
    }
    parts.extend(
        p.documents
            .iter()
            .map(|d| format!("{} {}", d.kind, d.number)),
    );
    parts.join(", ")
}

impl CasePlan {
    fn one_side(case: Case) -> Self {
        CasePlan {
            merged: case,
            sides: None,
            renumbered: Vec::new(),
        }
    }
}

/// A case both casebooks have.
fn merge_case(
    (o, t): (&Case, &Case),
    names: &dyn Names,
    frontiers: &Frontiers,
    seen: &Frontier,
    conflicts: &mut Vec<Conflict>,
) -> CasePlan {
    let (so, st) = (o.stamps(), t.stamps());
    let mut details = o.details.clone();
    let mut field_stamps = BTreeMap::new();
    let mut record_stamps = BTreeMap::new();
    let before = conflicts.len();
    for &field in CaseField::ALL {
        let decision = frontiers.decide(
            so.field(field),
            st.field(field),
            field.same(&o.details, &t.details),
        );
        match decision {
            Decision::Take(side, stamp) => {
                field_stamps.insert(field, stamp);
                if side == Side::Theirs && !field.has_records() {
                    field.copy(&t.details, &mut details);
                }
            }
            Decision::Conflict => {
                field_stamps.insert(field, so.field(field).max(st.field(field)));
                if !field.has_records() {
                    let conflict = Conflict::of_values(
                        Subject::Field(o.id, field),
                        o.reference.clone(),
                        field.label().into(),
                        [
                            (field.text(&o.details), so.field(field)),
                            (field.text(&t.details), st.field(field)),
                        ],
                        seen,
                    );
                    conflicts.push(conflict.shown_as([
                        named_text(field, &o.details, names),
                        named_text(field, &t.details, names),
                    ]));
                }
            }
        }
        // Lists merge record by record whatever their own stamps say.
        let mut lists = MergeLists {
            case: o,
            theirs: t,
            out: &mut details,
            frontiers,
            seen,
            list_decision: decision,
            stamps: &mut record_stamps,
            conflicts,
        };
        field.visit_records(&mut lists);
    }

    let history = match unite_histories(o, t) {
        United::History(history) => history,
        United::Fork(conflict) => {
            conflicts.push(*conflict);
            // Until chosen, the case stays as ours has it.
            o.history().to_vec()
        }
    };
    let mut renumbered = Vec::new();
    let reference = match latest_reference(o.history().iter().chain(t.history())) {
        Some(to) => to.to_string(),
        None if o.reference == t.reference => o.reference.clone(),
        // Renumbered apart before renumbering was recorded: the same choice on either side.
        None => {
            let [kept, other] =
                if (t.reference.len(), &t.reference) > (o.reference.len(), &o.reference) {
                    [&t.reference, &o.reference]
                } else {
                    [&o.reference, &t.reference]
                };
            renumbered.push((other.clone(), kept.clone(), TWO_REFERENCES));
            kept.clone()
        }
    };
    let status = replay(&Case::from_parts_unchecked(
        o.id,
        reference.clone(),
        o.kind,
        o.direction,
        o.opened,
        CaseDetails::clone(&details),
        o.status(),
        history.clone(),
    ))
    .1;
    let base = so.base.min(st.base);
    let stamps = CaseStamps {
        base,
        fields: field_stamps
            .into_iter()
            .filter(|&(_, s)| s != base)
            .collect(),
        records: record_stamps
            .into_iter()
            .filter(|&(_, s)| s != base)
            .collect(),
    };
    let merged = Case::from_parts_unchecked(
        o.id,
        reference,
        o.kind,
        o.direction,
        o.opened,
        details,
        status,
        history,
    )
    .with_stamps(stamps);
    CasePlan {
        merged,
        sides: (conflicts.len() > before).then(|| Box::new((o.clone(), t.clone()))),
        renumbered,
    }
}

/// A line of the merge summary for a case whose reference changes.
pub fn renumbering(old: &str, new: &str) -> String {
    format!("Renumbered: {old} becomes {new}; the case's history records why")
}

/// The reason recorded when the copies held a case under two references.
const TWO_REFERENCES: &str = "the copies held this case under two references";
/// The reason recorded when a case opened apart took a reference another case already had.
const OPENED_APART: &str = "another case was opened under that reference on another copy";

/// The reference the renumberings among `events` leave the case with, if any: the end of
/// their chain (a new number is always above the old, so the chain has ends). Renumbered on
/// two copies at once to two numbers, the end recorded last (ties by id). Whatever the order
/// of the events, so every copy that holds them reads the same reference.
fn latest_reference<'a>(events: impl Iterator<Item = &'a Event>) -> Option<&'a str> {
    let moves: Vec<_> = events
        .filter_map(|e| match &e.kind {
            EventKind::Renumbered { from, to, .. } => Some((&**from, &**to, event_key(e))),
            _ => None,
        })
        .collect();
    moves
        .iter()
        .filter(|(_, to, _)| !moves.iter().any(|(from, _, _)| from == to))
        .max_by_key(|(_, _, key)| *key)
        .map(|(_, to, _)| *to)
}

/// How two histories of a case unite.
enum United {
    History(Vec<Event>),
    /// Both copies moved the case on: the conflict to choose.
    Fork(Box<Conflict>),
}

/// The two histories united by id (see [`Two::unite`]), or a conflict when both moved the case
/// on: when the moves that stand in the united history are neither side's own line.
fn unite_histories(o: &Case, t: &Case) -> United {
    let (ours, theirs) = (o.history(), t.history());
    if ours == theirs {
        return United::History(ours.to_vec());
    }
    let two = Two::new(ours, theirs, |e| e.id.0);
    let united = unite_events(&two, two.leading(|e| e.id.0));
    if !two.both_bring_something() {
        return United::History(united);
    }
    let line = standing(&united);
    if line == standing(ours) || line == standing(theirs) {
        return United::History(united);
    }
    let only = |events: &[Event], other: &HashMap<Uuid, usize>| -> Vec<Event> {
        let mut only: Vec<Event> = events
            .iter()
            .filter(|e| is_status_event(e) && !other.contains_key(&e.id.0))
            .cloned()
            .collect();
        only.sort_by_cached_key(|e| line_key(e, events));
        only
    };
    let (ours_only, theirs_only) = (only(ours, &two.in_theirs), only(theirs, &two.in_ours));
    let version = |events: &[Event]| {
        let text = events
            .iter()
            .map(|e| e.kind.summary())
            .collect::<Vec<_>>()
            .join("; ");
        Version {
            shown: text.clone(),
            text,
            by: events.first().map(officer_of).unwrap_or_default(),
            at: events.iter().map(|e| e.recorded_at).max(),
        }
    };
    let choice = |kept: &[Event], other: &[Event]| {
        let ids = |events: &[Event]| {
            let mut ids: Vec<Uuid> = events.iter().map(|e| e.id.0).collect();
            ids.sort_unstable();
            ids
        };
        let derive = ids(kept)
            .into_iter()
            .fold(Derive::new("status choice").uuid(o.id.0), Derive::uuid);
        EventId(
            ids(other)
                .into_iter()
                .fold(derive.text("over"), Derive::uuid)
                .finish(),
        )
    };
    United::Fork(Box::new(Conflict {
        subject: Subject::Status(o.id),
        record: o.reference.clone(),
        what: "Status (both moved the case on)".into(),
        ours: version(&ours_only),
        theirs: version(&theirs_only),
        choice: [
            choice(&ours_only, &theirs_only),
            choice(&theirs_only, &ours_only),
        ],
    }))
}

/// Where `e` reads in a line of moves set against another: copies may hold the same events in
/// different orders (merged in different orders, on clocks that disagree), yet must word the
/// choice alike, since the choice's event id comes from the events alone. So by what every copy
/// holds the same: the date the move it goes back to took effect (part of a move's id), then
/// that move's id, a correction after what it corrects.
fn line_key(e: &Event, history: &[Event]) -> (NaiveDate, EventId, usize) {
    let mut root = e;
    let mut depth = 0;
    while let EventKind::Correction { corrects, .. } = &root.kind
        && let Some(target) = history.iter().find(|t| t.id == *corrects)
        && depth < history.len()
    {
        root = target;
        depth += 1;
    }
    (root.effective, root.id, depth)
}

fn officer_of(e: &Event) -> String {
    if e.agency.is_empty() {
        e.officer.to_string()
    } else {
        format!("{} ({})", e.officer, e.agency)
    }
}

/// Merges one sub-record list of a case both sides have.
struct MergeLists<'a> {
    case: &'a Case,
    theirs: &'a Case,
    out: &'a mut CaseDetails,
    frontiers: &'a Frontiers<'a>,
    seen: &'a Frontier,
    /// How the list's own stamp (its order and membership) merged: the side whose order leads.
    list_decision: Decision,
    stamps: &'a mut BTreeMap<RecordId, Stamp>,
    conflicts: &'a mut Vec<Conflict>,
}

impl RecordVisitor for MergeLists<'_> {
    fn visit<T: SubRecord>(&mut self, list: RecordList<T>) {
        let (o, t) = (
            (list.get)(&self.case.details),
            (list.get)(&self.theirs.details),
        );
        let (so, st) = (self.case.stamps(), self.theirs.stamps());
        // The side whose order leads: the one that changed the list, else the later change
        // (ties by the lists' ids), so the order is the same whichever side is ours.
        let ids = |records: &[T]| records.iter().map(SubRecord::id).collect::<Vec<_>>();
        let lead = match self.list_decision {
            Decision::Take(side, _) => side,
            Decision::Conflict => match st.field(list.field).cmp(&so.field(list.field)) {
                std::cmp::Ordering::Greater => Side::Theirs,
                std::cmp::Ordering::Less => Side::Ours,
                std::cmp::Ordering::Equal if ids(t) < ids(o) => Side::Theirs,
                std::cmp::Ordering::Equal => Side::Ours,
            },
        };
        let (first, second) = match lead {
            Side::Ours => (o, t),
            Side::Theirs => (t, o),
        };
        let mut merged = Vec::with_capacity(first.len().max(second.len()));
        let mut done = HashSet::new();
        for record in first.iter().chain(second) {
            let id = record.id();
            if !done.insert(id) {
                continue;
            }
            let ours = o.iter().find(|r| r.id() == id);
            let theirs = t.iter().find(|r| r.id() == id);
            match (ours, theirs) {
                (Some(a), Some(b)) => {
                    let (sa, sb) = (so.record(id), st.record(id));
                    match self.frontiers.decide(sa, sb, a == b) {
                        Decision::Take(side, stamp) => {
                            self.stamps.insert(id, stamp);
                            merged.push(if side == Side::Ours { a } else { b }.clone());
                        }
                        Decision::Conflict => {
                            self.stamps.insert(id, sa.max(sb));
                            self.conflicts.push(Conflict::of_values(
                                Subject::Record(self.case.id, list.field, id),
                                self.case.reference.clone(),
                                format!("{}: {}", list.field.label(), a.text()),
                                [(a.text(), sa), (b.text(), sb)],
                                self.seen,
                            ));
                            merged.push(a.clone());
                        }
                    }
                }
                (Some(a), None) if self.frontiers.keeps_one_sided(Side::Ours, so.record(id)) => {
                    self.stamps.insert(id, so.record(id));
                    merged.push(a.clone());
                }
                (None, Some(b)) if self.frontiers.keeps_one_sided(Side::Theirs, st.record(id)) => {
                    self.stamps.insert(id, st.record(id));
                    merged.push(b.clone());
                }
                // Removed on the side that had seen it.
                _ => {}
            }
        }
        *(list.get_mut)(self.out) = merged;
    }
}

fn is_status_event(e: &Event) -> bool {
    matches!(
        e.kind,
        EventKind::Transition { .. } | EventKind::Correction { .. }
    )
}

/// People, agencies or contacts merged by id, in one order whichever side is ours.
/// What becomes of a record only one copy holds.
#[derive(Clone, Copy)]
enum OneSided<'a> {
    /// It stays (people, agencies, contacts: a merge never takes one away).
    Kept,
    /// It goes where the other copy saw it and removed it, as a case's hearing does
    /// ([`Frontiers::keeps_one_sided`]): an edit the other copy never saw outlives the removal,
    /// and so does a record that a record or case kept by the merge names (`needed`).
    Removable(&'a HashSet<Uuid>),
}

fn merge_records<T: Clone + PartialEq>(
    ours: &[T],
    theirs: &[T],
    id: impl Fn(&T) -> Uuid + Copy,
    (os, ts): (&BookStamps, &BookStamps),
    frontiers: &Frontiers,
    one_sided: OneSided,
) -> Vec<Planned<T>> {
    let stays = |side: Side, key: Uuid, stamp: Stamp| match one_sided {
        OneSided::Kept => true,
        OneSided::Removable(needed) => {
            needed.contains(&key) || frontiers.keeps_one_sided(side, stamp)
        }
    };
    let two = Two::new(ours, theirs, id);
    two.unite(two.leading(id), id, id)
        .into_iter()
        .filter_map(|pair| match pair {
            (Some(o), Some(t)) => {
                let key = id(o);
                let (so, st) = (os.record(key), ts.record(key));
                Some(match frontiers.decide(so, st, o == t) {
                    Decision::Take(side, stamp) => Planned {
                        merged: if side == Side::Ours { o } else { t }.clone(),
                        stamp,
                        conflict: None,
                    },
                    Decision::Conflict => Planned {
                        merged: o.clone(),
                        stamp: so.max(st),
                        conflict: Some(Box::new([(o.clone(), so), (t.clone(), st)])),
                    },
                })
            }
            (Some(o), None) => stays(Side::Ours, id(o), os.record(id(o))).then(|| Planned {
                merged: o.clone(),
                stamp: os.record(id(o)),
                conflict: None,
            }),
            (None, Some(t)) => stays(Side::Theirs, id(t), ts.record(id(t))).then(|| Planned {
                merged: t.clone(),
                stamp: ts.record(id(t)),
                conflict: None,
            }),
            (None, None) => None,
        })
        .collect()
}

/// The governance records of both copies as one. A record removed on one copy goes unless the
/// other changed it since, or something the merge keeps still names it: an action point its
/// meeting or agreements, an activity its agreement, a case (either copy's version) its
/// agreement. Meetings and agreements name nothing, so what is named is known once the action
/// points and activities are merged.
fn merge_governance(
    ours: &Casebook,
    theirs: &Casebook,
    cases: &[CasePlan],
    frontiers: &Frontiers,
) -> Vec<Planned<GovernanceRecord>> {
    let records = |needed: &HashSet<Uuid>| {
        merge_records(
            ours.governance().records(),
            theirs.governance().records(),
            GovernanceRecord::uuid,
            (ours.stamps(), theirs.stamps()),
            frontiers,
            OneSided::Removable(needed),
        )
    };
    let first = records(&HashSet::new());
    let mut needed = HashSet::new();
    for planned in &first {
        let versions = std::iter::once(&planned.merged)
            .chain(planned.conflict.iter().flat_map(|c| [&c[0].0, &c[1].0]));
        for record in versions {
            match record {
                GovernanceRecord::Action(a) => {
                    needed.extend(a.meeting.map(|m| m.0));
                    needed.extend(a.agreements.iter().map(|g| g.0));
                }
                GovernanceRecord::Activity(a) => needed.extend(a.agreement.map(|g| g.0)),
                GovernanceRecord::Agreement(_) | GovernanceRecord::Meeting(_) => {}
            }
        }
    }
    for plan in cases {
        let sides = plan.sides.iter().flat_map(|s| [&s.0, &s.1]);
        for case in std::iter::once(&plan.merged).chain(sides) {
            needed.extend(case.details.agreement.map(|g| g.0));
        }
    }
    match needed.is_empty() {
        true => first,
        false => records(&needed),
    }
}

/// Cases opened apart under the same reference: the one opened first keeps it (ties by id),
/// the others take the next free numbers, in the order of their ids. Worked out from the
/// merged cases alone, so every copy renumbers the same case to the same number.
fn renumber(cases: &mut [CasePlan]) {
    let mut by_reference: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, c) in cases.iter().enumerate() {
        by_reference
            .entry(c.merged.reference.to_lowercase())
            .or_default()
            .push(i);
    }
    let mut moved: Vec<usize> = by_reference
        .into_values()
        .filter(|group| group.len() > 1)
        .flat_map(|mut group| {
            group.sort_by_key(|&i| (opened_at(&cases[i].merged), cases[i].merged.id));
            group.split_off(1)
        })
        .collect();
    moved.sort_by_key(|&i| cases[i].merged.id);
    let mut taken: HashMap<String, u32> = HashMap::new();
    for c in cases.iter() {
        if let Some((prefix, n)) = split_reference(&c.merged.reference) {
            let last = taken.entry(prefix).or_default();
            *last = (*last).max(n);
        }
    }
    for i in moved {
        let old = cases[i].merged.reference.clone();
        let Some((prefix, _)) = split_reference(&old) else {
            continue;
        };
        let last = taken.entry(prefix.clone()).or_default();
        *last += 1;
        let new = format!("{prefix}{:04}", *last);
        cases[i].merged.reference = new.clone();
        cases[i].renumbered.push((old, new, OPENED_APART));
    }
}

fn split_reference(reference: &str) -> Option<(String, u32)> {
    let (prefix, number) = reference.rsplit_once('-')?;
    Some((format!("{prefix}-"), number.parse().ok()?))
}

/// A choice left open: the merge cannot be put in place yet.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    #[error("{} a choice", crate::count::count(.0.len(), "conflict still needs", "conflicts still need"))]
    Unresolved(Vec<Subject>),
}

impl MergeResult {
    /// Whether applying changes nothing (the other casebook brings nothing new).
    pub fn is_empty(&self) -> bool {
        self.unchanged
    }

    /// What to tell the officer when either copy holds changes stamped more than a day ahead
    /// of `now` (a computer whose clock was wrong): they merge as recorded, but the clock of
    /// this casebook does not follow them ([`Frontier::tick`]).
    pub fn clock_warning(&self, now: DateTime<Utc>) -> Option<String> {
        let ahead: Vec<String> = self
            .seen
            .ahead_of(now)
            .map(|r| {
                let when = r
                    .seen
                    .time()
                    .map_or_else(String::new, |t| format!(" up to {}", t.format("%d %b %Y")));
                format!("{}{when}", self.seen.officer(r.id))
            })
            .collect();
        (!ahead.is_empty()).then(|| {
            format!(
                "Changes by {} are stamped more than a day ahead of this computer's clock. They are merged as recorded, but changes made here are stamped by this computer's clock, not theirs.",
                ahead.join(", ")
            )
        })
    }

    /// The merged casebook as a command, with each conflict settled by `choices` and each
    /// choice recorded as an event by the officer in this casebook's settings.
    pub fn resolve(
        &self,
        choices: &HashMap<Subject, Side>,
        ctx: &mut Ctx,
    ) -> Result<Command, ResolveError> {
        let open: Vec<Subject> = self
            .conflicts
            .iter()
            .filter(|c| !choices.contains_key(&c.subject))
            .map(|c| c.subject.clone())
            .collect();
        if !open.is_empty() {
            return Err(ResolveError::Unresolved(open));
        }
        let Settings {
            officer_name,
            officer_agency,
            ..
        } = &self.settings;
        let mut seen = self.seen.clone();
        let stamp = seen.tick(self.replica, ctx.now.to_utc());
        // A chosen value takes this stamp; a status chosen takes none.
        if self
            .conflicts
            .iter()
            .any(|c| !matches!(c.subject, Subject::Status(_)))
        {
            seen.note(stamp, officer_name, officer_agency);
        }
        let mut cases: Vec<Case> = self.cases.iter().map(|p| p.merged.clone()).collect();
        let index: HashMap<CaseId, usize> =
            cases.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
        let resolver = Resolver {
            settings: &self.settings,
            now: ctx.now.to_utc(),
            today: ctx.now.date_naive(),
        };
        // In subject order, so the same choices give the same events on either side.
        let mut people = self.people.clone();
        let mut chosen_people = Vec::new();
        for conflict in &self.conflicts {
            let side = choices[&conflict.subject];
            let (chosen, set_aside) = match side {
                Side::Ours => (&conflict.ours, &conflict.theirs),
                Side::Theirs => (&conflict.theirs, &conflict.ours),
            };
            let choice = EventKind::MergeChoice {
                subject: conflict.what.clone().into(),
                chosen: chosen.text.clone().into(),
                chosen_from: chosen.who_and_when().into(),
                set_aside: set_aside.text.clone().into(),
                set_aside_from: set_aside.who_and_when().into(),
            };
            let case_index = match &conflict.subject {
                Subject::Person(id) => {
                    chosen_people.push((*id, side));
                    cases
                        .iter()
                        .position(|c| c.details.parties.iter().any(|p| p.person == *id))
                }
                other => other.case().and_then(|c| index.get(&c).copied()),
            };
            let Some(i) = case_index else {
                continue;
            };
            let case = &mut cases[i];
            let sides = self.cases[i].sides.as_deref();
            match (&conflict.subject, sides) {
                (Subject::Status(_), Some((o, t))) => {
                    let (kept, other) = match side {
                        Side::Ours => (o, t),
                        Side::Theirs => (t, o),
                    };
                    let choice = conflict.choice[side.index()];
                    *case = settle_status(case, kept, other, choice, &resolver);
                }
                (Subject::Field(_, field), Some((o, t))) => {
                    let from = if side == Side::Ours { o } else { t };
                    let mut details = case.details.clone();
                    field.copy(&from.details, &mut details);
                    case.details = details;
                    case.stamps_mut().fields.insert(*field, stamp);
                }
                (Subject::Record(_, field, record_id), Some((o, t))) => {
                    let from = if side == Side::Ours { o } else { t };
                    field.visit_records(&mut TakeRecord {
                        from: &from.details,
                        to: &mut case.details,
                        record: *record_id,
                    });
                    case.stamps_mut().records.insert(*record_id, stamp);
                }
                _ => {}
            }
            let event = resolver.event(case, conflict.choice[side.index()], choice);
            case.push_event(event);
        }
        for (plan, case) in self.cases.iter().zip(&mut cases) {
            for (from, to, reason) in &plan.renumbered {
                let id = Derive::new("renumbered")
                    .uuid(case.id.0)
                    .text(from)
                    .text(to)
                    .finish();
                let event = resolver.event(
                    case,
                    EventId(id),
                    EventKind::Renumbered {
                        from: from.clone().into(),
                        to: to.clone().into(),
                        reason: (*reason).into(),
                    },
                );
                case.push_event(event);
            }
        }
        for (id, side) in chosen_people {
            if let Some(p) = people.iter_mut().find(|p| p.merged.id == id)
                && let Some(c) = &p.conflict
            {
                p.merged = c[side.index()].0.clone();
                p.stamp = stamp;
            }
        }
        let agencies = settle(&self.agencies, choices, |a| Subject::Agency(a.id.0), stamp);
        let contacts = settle(&self.contacts, choices, |c| Subject::Contact(c.id.0), stamp);
        let governance = settle(
            &self.governance,
            choices,
            |g| Subject::Governance(g.uuid()),
            stamp,
        );
        let records = record_stamps(&people, &agencies, &contacts, &governance);
        Ok(Command::Merge(Box::new(MergedContents {
            cases,
            people: people.into_iter().map(|p| p.merged).collect(),
            agencies: agencies.into_iter().map(|p| p.merged).collect(),
            contacts: contacts.into_iter().map(|p| p.merged).collect(),
            stamps: BookStamps { seen, records },
            record_history: self.record_history.clone(),
            governance: governance.into_iter().map(|p| p.merged).collect(),
            holidays: self.holidays.clone(),
        })))
    }
}

/// Who records a merge's events, and when: the officer of the casebook merged into, now.
struct Resolver<'a> {
    settings: &'a Settings,
    now: DateTime<Utc>,
    today: NaiveDate,
}

impl Resolver<'_> {
    /// An event of `case` dated today, or its last update if later.
    fn event(&self, case: &Case, id: EventId, kind: EventKind) -> Event {
        Event {
            id,
            effective: self.today.max(case.last_update()),
            recorded_at: self.now,
            officer: self.settings.officer_name.as_str().into(),
            agency: self.settings.officer_agency.as_str().into(),
            kind,
        }
    }
}

/// Whether the planned records are exactly `ours`, in the same order.
fn planned_as<T: PartialEq>(ours: &[T], planned: &[Planned<T>]) -> bool {
    ours.len() == planned.len() && ours.iter().zip(planned).all(|(o, p)| *o == p.merged)
}

/// The stamps of people, agencies, contacts and governance records as merged (a migrated one
/// is not written).
fn record_stamps(
    people: &[Planned<Person>],
    agencies: &[Planned<Agency>],
    contacts: &[Planned<Contact>],
    governance: &[Planned<GovernanceRecord>],
) -> BTreeMap<Uuid, Stamp> {
    let mut records = BTreeMap::new();
    for p in people {
        records.insert(p.merged.id.0, p.stamp);
    }
    for a in agencies {
        records.insert(a.merged.id.0, a.stamp);
    }
    for c in contacts {
        records.insert(c.merged.id.0, c.stamp);
    }
    for g in governance {
        records.insert(g.merged.uuid(), g.stamp);
    }
    records.retain(|_, s| *s != Stamp::default());
    records
}

fn settle<T: Clone>(
    planned: &[Planned<T>],
    choices: &HashMap<Subject, Side>,
    subject: impl Fn(&T) -> Subject,
    stamp: Stamp,
) -> Vec<Planned<T>> {
    planned
        .iter()
        .map(|p| match (&p.conflict, choices.get(&subject(&p.merged))) {
            (Some(c), Some(&side)) => Planned {
                merged: c[side.index()].0.clone(),
                stamp,
                conflict: None,
            },
            _ => p.clone(),
        })
        .collect()
}

/// Puts one side's version of a sub-record in place (or removes it if that side has none).
struct TakeRecord<'a> {
    from: &'a CaseDetails,
    to: &'a mut CaseDetails,
    record: RecordId,
}

impl RecordVisitor for TakeRecord<'_> {
    fn visit<T: SubRecord>(&mut self, list: RecordList<T>) {
        let chosen = (list.get)(self.from)
            .iter()
            .find(|r| r.id() == self.record)
            .cloned();
        let to = (list.get_mut)(self.to);
        match (to.iter().position(|r| r.id() == self.record), chosen) {
            (Some(i), Some(r)) => to[i] = r,
            (Some(i), None) => {
                to.remove(i);
            }
            (None, Some(r)) => to.push(r),
            (None, None) => {}
        }
    }
}

/// The case when both copies moved it on and `kept`'s line was chosen: both histories united
/// with `kept`'s order leading, then each move and correction only `other` has voided by a
/// correction, so the case stands where `kept` had it. Every event of both stays on record.
/// The corrections' ids come from `choice` and what each voids: the same choice made on two
/// copies records the same events, in the same words (so no officer's name: the same move kept
/// may be held as recorded by another officer; the choice's own event says who).
fn settle_status(
    case: &Case,
    kept: &Case,
    other: &Case,
    choice: EventId,
    resolver: &Resolver,
) -> Case {
    let history = unite_events(
        &Two::new(kept.history(), other.history(), |e| e.id.0),
        Side::Ours,
    );
    let in_kept: HashSet<EventId> = kept.history().iter().map(|e| e.id).collect();
    let aside: Vec<EventId> = history
        .iter()
        .filter(|e| is_status_event(e) && !in_kept.contains(&e.id))
        .map(|e| e.id)
        .collect();
    let with = |history: Vec<Event>, status| {
        Case::from_parts_unchecked(
            case.id,
            case.reference.clone(),
            case.kind,
            case.direction,
            case.opened,
            case.details.clone(),
            status,
            history,
        )
    };
    let mut settled = with(history, case.status());
    for target in aside {
        let restores = undone_to(settled.history(), target).unwrap_or(case.status());
        let id = Derive::new("set aside")
            .uuid(choice.0)
            .uuid(target.0)
            .finish();
        let correction = EventKind::Correction {
            corrects: target,
            restores,
            reason: "Merge: recorded on another copy at the same time as the change kept".into(),
        };
        let event = resolver.event(&settled, EventId(id), correction);
        settled.push_event(event);
    }
    let status = replay(&settled).1;
    with(settled.history().to_vec(), status).with_stamps(case.stamps().clone())
}
