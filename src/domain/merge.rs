//! Merging two copies of a casebook edited apart (offline, on two laptops). Pure: [`merge`]
//! compares them and lists what each brings and every conflict; [`MergeResult::resolve`] turns
//! the officer's choices into one [`Command::Merge`], applied (and undone) as a single step.
//!
//! The rules: cases only one side has are added; history events are united by id; a field or
//! sub-record changed on one side only takes that side's value; changed on both sides to
//! different values, or a case moved on both sides, is a conflict kept open until chosen.
//! "Changed on one side only" comes from revision stamps (`hlc.rs`): a value whose stamp the
//! other copy has seen was known to it, so the other copy's different value is the newer one.

use super::casebook::{Casebook, Command, Ctx, Settings};
use super::check::replay;
use super::event::{Event, EventKind};
use super::hlc::{Frontier, ReplicaId, Stamp};
use super::ids::{CaseId, EventId, PersonId, RecordId};
use super::person::{Agency, Contact, DuplicateReason, Person, likely_duplicates};
use super::stamps::{BookStamps, CaseField, CaseStamps, RecordList, RecordVisitor, SubRecord};
use super::transition::Recorder;
use super::{Case, CaseDetails};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

/// Everything a resolved merge puts in place (all but the settings, which stay each officer's).
#[derive(Clone, Debug, PartialEq)]
pub struct MergedContents {
    pub cases: Vec<Case>,
    pub people: Vec<Person>,
    pub agencies: Vec<Agency>,
    pub contacts: Vec<Contact>,
    pub stamps: BookStamps,
}

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
    pub text: String,
    pub by: String,
    pub at: Option<DateTime<Utc>>,
}

impl Version {
    fn stamped(text: String, stamp: Stamp, seen: &Frontier) -> Self {
        Version {
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
    /// Cases opened apart under the same reference: (old, new) for the one renumbered.
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
    seen: Frontier,
    settings: Settings,
    /// Who resolves: our officer on our installation.
    replica: ReplicaId,
}

#[derive(Clone, Debug)]
struct CasePlan {
    merged: Case,
    /// Both sides' versions, kept while the case has a conflict.
    sides: Option<Box<(Case, Case)>>,
    /// Events of each side the other lacks, when both moved the case on.
    status: Option<Box<StatusFork>>,
}

#[derive(Clone, Debug)]
struct StatusFork {
    common: Vec<Event>,
    ours: Vec<Event>,
    theirs: Vec<Event>,
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

    let mut cases = Vec::new();
    for o in ours.cases() {
        match theirs.case(o.id) {
            None => cases.push(CasePlan::one_side(o.clone())),
            Some(t) => {
                let plan = merge_case(o, t, &frontiers, &seen, &mut conflicts);
                let new_events = plan.merged.history().len() - o.history().len();
                summary.new_events += new_events;
                if plan.merged != *o {
                    summary.updated_cases.push(o.reference.clone());
                }
                cases.push(plan);
            }
        }
    }
    for t in theirs.cases() {
        if ours.case(t.id).is_none() {
            summary.added_cases.push(t.reference.clone());
            summary.new_events += t.history().len();
            cases.push(CasePlan::one_side(t.clone()));
        }
    }
    summary.renumbered = renumber(&mut cases);

    let people = merge_records(
        ours.people(),
        theirs.people(),
        |p| p.id.0,
        (os, ts),
        &frontiers,
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
    );
    let contacts = merge_records(
        ours.contacts(),
        theirs.contacts(),
        |c| c.id.0,
        (os, ts),
        &frontiers,
    );
    let version = |text: String, stamp: Stamp| Version::stamped(text, stamp, &seen);
    for p in &people {
        if let Some(c) = &p.conflict {
            conflicts.push(Conflict {
                subject: Subject::Person(p.merged.id),
                record: p.merged.name.clone(),
                what: "Person's particulars".into(),
                ours: version(person_text(&c[0].0), c[0].1),
                theirs: version(person_text(&c[1].0), c[1].1),
            });
        }
    }
    for a in &agencies {
        if let Some(c) = &a.conflict {
            conflicts.push(Conflict {
                subject: Subject::Agency(a.merged.id.0),
                record: a.merged.name.clone(),
                what: "Agency".into(),
                ours: version(format!("{} ({})", c[0].0.name, c[0].0.country), c[0].1),
                theirs: version(format!("{} ({})", c[1].0.name, c[1].0.country), c[1].1),
            });
        }
    }
    for k in &contacts {
        if let Some(c) = &k.conflict {
            let text = |x: &Contact| format!("{}, {}, {} {}", x.name, x.role, x.email, x.phone);
            conflicts.push(Conflict {
                subject: Subject::Contact(k.merged.id.0),
                record: k.merged.name.clone(),
                what: "Contact".into(),
                ours: version(text(&c[0].0), c[0].1),
                theirs: version(text(&c[1].0), c[1].1),
            });
        }
    }
    conflicts.sort_by(|a, b| a.subject.cmp(&b.subject));
    MergeResult {
        summary,
        conflicts,
        duplicates,
        cases,
        people,
        agencies,
        contacts,
        seen,
        settings: ours.settings.clone(),
        replica: ours.replica(),
    }
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
            status: None,
        }
    }
}

/// A case both casebooks have.
fn merge_case(
    o: &Case,
    t: &Case,
    frontiers: &Frontiers,
    seen: &Frontier,
    conflicts: &mut Vec<Conflict>,
) -> CasePlan {
    let (so, st) = (o.stamps(), t.stamps());
    let mut details = o.details.clone();
    let mut field_stamps = BTreeMap::new();
    let mut record_stamps = BTreeMap::new();
    let before = conflicts.len();
    let version = |text: String, stamp: Stamp| Version::stamped(text, stamp, seen);
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
                    conflicts.push(Conflict {
                        subject: Subject::Field(o.id, field),
                        record: o.reference.clone(),
                        what: field.label().into(),
                        ours: version(field.text(&o.details), so.field(field)),
                        theirs: version(field.text(&t.details), st.field(field)),
                    });
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

    let (history, status_fork) = unite_histories(o.history(), t.history());
    let reference = [&o.reference, &t.reference]
        .into_iter()
        .max_by_key(|r| (r.len(), r.as_str()))
        .cloned()
        .unwrap_or_default();
    let status = replay(&Case::from_parts(
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
    if let Some(fork) = &status_fork {
        let line = |events: &[Event]| {
            events
                .iter()
                .filter(|e| is_status_event(e))
                .map(|e| e.kind.summary())
                .collect::<Vec<_>>()
                .join("; ")
        };
        let last = |events: &[Event]| events.iter().map(|e| e.recorded_at).max();
        let who = |events: &[Event]| {
            events
                .iter()
                .find(|e| is_status_event(e))
                .map(officer_of)
                .unwrap_or_default()
        };
        conflicts.push(Conflict {
            subject: Subject::Status(o.id),
            record: o.reference.clone(),
            what: "Status (both moved the case on)".into(),
            ours: Version {
                text: line(&fork.ours),
                by: who(&fork.ours),
                at: last(&fork.ours),
            },
            theirs: Version {
                text: line(&fork.theirs),
                by: who(&fork.theirs),
                at: last(&fork.theirs),
            },
        });
    }
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
    let merged = Case::from_parts(
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
        status: status_fork,
    }
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
        let lead = match self.list_decision {
            Decision::Take(Side::Theirs, _) => Side::Theirs,
            Decision::Conflict if st.field(list.field) > so.field(list.field) => Side::Theirs,
            _ => Side::Ours,
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
                            self.conflicts.push(Conflict {
                                subject: Subject::Record(self.case.id, list.field, id),
                                record: self.case.reference.clone(),
                                what: format!("{}: {}", list.field.label(), a.text()),
                                ours: Version::stamped(a.text(), sa, self.seen),
                                theirs: Version::stamped(b.text(), sb, self.seen),
                            });
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

/// The two histories united by id, each side's order kept; `Some(fork)` instead when both moved
/// the case on, which needs a choice.
fn unite_histories(ours: &[Event], theirs: &[Event]) -> (Vec<Event>, Option<Box<StatusFork>>) {
    let in_ours: HashSet<EventId> = ours.iter().map(|e| e.id).collect();
    let in_theirs: HashSet<EventId> = theirs.iter().map(|e| e.id).collect();
    let ours_only: Vec<Event> = ours
        .iter()
        .filter(|e| !in_theirs.contains(&e.id))
        .cloned()
        .collect();
    let theirs_only: Vec<Event> = theirs
        .iter()
        .filter(|e| !in_ours.contains(&e.id))
        .cloned()
        .collect();
    if ours_only.iter().any(is_status_event) && theirs_only.iter().any(is_status_event) {
        let common_o: Vec<Event> = ours
            .iter()
            .filter(|e| in_theirs.contains(&e.id))
            .cloned()
            .collect();
        let common_t: Vec<Event> = theirs
            .iter()
            .filter(|e| in_ours.contains(&e.id))
            .cloned()
            .collect();
        let common = interleave(&common_o, &common_t, &in_ours, &in_theirs);
        // Until chosen, the case stays as ours has it.
        return (
            ours.to_vec(),
            Some(Box::new(StatusFork {
                common,
                ours: ours_only,
                theirs: theirs_only,
            })),
        );
    }
    (interleave(ours, theirs, &in_ours, &in_theirs), None)
}

/// Both sequences in one, each one's order kept: an event only one side has goes before the
/// next event both have; two one-sided events go in the order they were recorded. The result
/// does not depend on which side is "ours".
fn interleave(
    ours: &[Event],
    theirs: &[Event],
    in_ours: &HashSet<EventId>,
    in_theirs: &HashSet<EventId>,
) -> Vec<Event> {
    let mut out = Vec::with_capacity(ours.len().max(theirs.len()));
    let mut emitted = HashSet::new();
    let (mut i, mut j) = (0, 0);
    loop {
        while i < ours.len() && emitted.contains(&ours[i].id) {
            i += 1;
        }
        while j < theirs.len() && emitted.contains(&theirs[j].id) {
            j += 1;
        }
        let take_ours = match (ours.get(i), theirs.get(j)) {
            (None, None) => break,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some(a), Some(b)) if a.id == b.id => true,
            (Some(a), Some(b)) => match (in_theirs.contains(&a.id), in_ours.contains(&b.id)) {
                (false, true) => true,
                (true, false) => false,
                _ => (a.recorded_at, a.id) < (b.recorded_at, b.id),
            },
        };
        let e = if take_ours { &ours[i] } else { &theirs[j] };
        emitted.insert(e.id);
        out.push(e.clone());
    }
    out
}

/// People, agencies or contacts merged by id.
fn merge_records<T: Clone + PartialEq>(
    ours: &[T],
    theirs: &[T],
    id: impl Fn(&T) -> Uuid,
    (os, ts): (&BookStamps, &BookStamps),
    frontiers: &Frontiers,
) -> Vec<Planned<T>> {
    let theirs_by_id: HashMap<Uuid, &T> = theirs.iter().map(|t| (id(t), t)).collect();
    let ours_ids: HashSet<Uuid> = ours.iter().map(&id).collect();
    let mut out = Vec::with_capacity(ours.len());
    for o in ours {
        let key = id(o);
        let so = os.record(key);
        let Some(&t) = theirs_by_id.get(&key) else {
            out.push(Planned {
                merged: o.clone(),
                stamp: so,
                conflict: None,
            });
            continue;
        };
        let st = ts.record(key);
        out.push(match frontiers.decide(so, st, o == t) {
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
        });
    }
    out.extend(
        theirs
            .iter()
            .filter(|t| !ours_ids.contains(&id(t)))
            .map(|t| Planned {
                merged: t.clone(),
                stamp: ts.record(id(t)),
                conflict: None,
            }),
    );
    out
}

/// Cases opened apart under the same reference: the one opened first keeps it (ties by id), the
/// others take the next free number. The same whichever side is "ours".
fn renumber(cases: &mut [CasePlan]) -> Vec<(String, String)> {
    let mut by_reference: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, c) in cases.iter().enumerate() {
        by_reference
            .entry(c.merged.reference.to_lowercase())
            .or_default()
            .push(i);
    }
    let opened_at = |c: &Case| (c.history().first().map(|e| e.recorded_at), c.id);
    let mut moved: Vec<usize> = by_reference
        .into_values()
        .filter(|group| group.len() > 1)
        .flat_map(|mut group| {
            group.sort_by_key(|&i| opened_at(&cases[i].merged));
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
    let mut out = Vec::new();
    for i in moved {
        let old = cases[i].merged.reference.clone();
        let Some((prefix, _)) = split_reference(&old) else {
            continue;
        };
        let last = taken.entry(prefix.clone()).or_default();
        *last += 1;
        let new = format!("{prefix}{:04}", *last);
        cases[i].merged.reference = new.clone();
        out.push((old, new));
    }
    out
}

fn split_reference(reference: &str) -> Option<(String, u32)> {
    let (prefix, number) = reference.rsplit_once('-')?;
    Some((format!("{prefix}-"), number.parse().ok()?))
}

/// A choice left open: the merge cannot be put in place yet.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    #[error("{} conflict(s) still need a choice", .0.len())]
    Unresolved(Vec<Subject>),
    #[error(
        "{reference}: the other copy's changes cannot be set aside because they corrected a change both copies share; keep them instead"
    )]
    CannotSetAside { reference: String },
}

impl MergeResult {
    /// Whether applying changes nothing (the other casebook brings nothing new).
    pub fn is_empty(&self) -> bool {
        self.conflicts.is_empty()
            && self.summary.added_cases.is_empty()
            && self.summary.updated_cases.is_empty()
            && self.summary.renumbered.is_empty()
            && self.summary.added_people == 0
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
        if !self.conflicts.is_empty() {
            seen.note(stamp, officer_name, officer_agency);
        }
        let mut cases: Vec<Case> = self.cases.iter().map(|p| p.merged.clone()).collect();
        let index: HashMap<CaseId, usize> =
            cases.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
        // In subject order, so the same choices give the same events and ids on either side.
        let mut people = self.people.clone();
        let mut chosen_people = Vec::new();
        for conflict in &self.conflicts {
            let side = choices[&conflict.subject];
            let (chosen, set_aside) = match side {
                Side::Ours => (&conflict.ours, &conflict.theirs),
                Side::Theirs => (&conflict.theirs, &conflict.ours),
            };
            let choice = EventKind::MergeChoice {
                subject: conflict.what.clone(),
                chosen: chosen.text.clone(),
                chosen_from: chosen.who_and_when(),
                set_aside: set_aside.text.clone(),
                set_aside_from: set_aside.who_and_when(),
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
            let plan = case_index.map(|i| &self.cases[i]);
            if let Some(i) = case_index {
                let case = &mut cases[i];
                match &conflict.subject {
                    Subject::Status(_) => {
                        let fork = plan.and_then(|p| p.status.as_deref());
                        if let Some(fork) = fork {
                            *case = settle_status(case, fork, side, self, ctx)?;
                        }
                    }
                    Subject::Field(_, field) => {
                        if let Some((o, t)) = plan.and_then(|p| p.sides.as_deref()) {
                            let from = if side == Side::Ours { o } else { t };
                            let mut details = case.details.clone();
                            field.copy(&from.details, &mut details);
                            case.details = details;
                            case.stamps_mut().fields.insert(*field, stamp);
                        }
                    }
                    Subject::Record(_, field, record) => {
                        if let Some((o, t)) = plan.and_then(|p| p.sides.as_deref()) {
                            let from = if side == Side::Ours { o } else { t };
                            field.visit_records(&mut TakeRecord {
                                from: &from.details,
                                to: &mut case.details,
                                record: *record,
                            });
                            case.stamps_mut().records.insert(*record, stamp);
                        }
                    }
                    _ => {}
                }
                let recorder = recorder(&self.settings, ctx);
                let effective = ctx.now.date_naive().max(case.last_update());
                case.push_event(recorder.event(effective, choice));
            }
        }
        for (id, side) in chosen_people {
            if let Some(p) = people.iter_mut().find(|p| p.merged.id == id)
                && let Some(c) = &p.conflict
            {
                p.merged = c[usize::from(side == Side::Theirs)].0.clone();
                p.stamp = stamp;
            }
        }
        let agencies = settle(&self.agencies, choices, |a| Subject::Agency(a.id.0), stamp);
        let contacts = settle(&self.contacts, choices, |c| Subject::Contact(c.id.0), stamp);
        let mut records = BTreeMap::new();
        for p in &people {
            records.insert(p.merged.id.0, p.stamp);
        }
        for a in &agencies {
            records.insert(a.merged.id.0, a.stamp);
        }
        for c in &contacts {
            records.insert(c.merged.id.0, c.stamp);
        }
        records.retain(|_, s| *s != Stamp::default());
        Ok(Command::Merge(Box::new(MergedContents {
            cases,
            people: people.into_iter().map(|p| p.merged).collect(),
            agencies: agencies.into_iter().map(|p| p.merged).collect(),
            contacts: contacts.into_iter().map(|p| p.merged).collect(),
            stamps: BookStamps { seen, records },
        })))
    }
}

fn recorder(settings: &Settings, ctx: &mut Ctx) -> Recorder {
    Recorder {
        id: EventId(ctx.ids.next_uuid()),
        at: ctx.now,
        officer: settings.officer_name.clone(),
        agency: settings.officer_agency.clone(),
    }
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
                merged: c[usize::from(side == Side::Theirs)].0.clone(),
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

/// The history when both copies moved a case on: the line set aside is kept on record and
/// then corrected back to where the copies last agreed, and the chosen line follows. Every
/// event of both stays in the history.
fn settle_status(
    case: &Case,
    fork: &StatusFork,
    keep: Side,
    result: &MergeResult,
    ctx: &mut Ctx,
) -> Result<Case, ResolveError> {
    let (kept, set_aside) = match keep {
        Side::Ours => (&fork.ours, &fork.theirs),
        Side::Theirs => (&fork.theirs, &fork.ours),
    };
    let with = |history: Vec<Event>| {
        Case::from_parts(
            case.id,
            case.reference.clone(),
            case.kind,
            case.direction,
            case.opened,
            case.details.clone(),
            case.status(),
            history,
        )
    };
    let standing = |history: &[Event]| -> Vec<(EventId, super::Status)> {
        let probe = with(history.to_vec());
        probe
            .effective_transitions()
            .map(|e| match e.kind {
                EventKind::Transition { from, .. } => (e.id, from),
                _ => unreachable!("effective transitions are transitions"),
            })
            .collect()
    };
    let mut history = fork.common.clone();
    let shared = standing(&history);
    history.extend(set_aside.iter().cloned());
    let after = standing(&history);
    if !after.starts_with(&shared) {
        return Err(ResolveError::CannotSetAside {
            reference: case.reference.clone(),
        });
    }
    let kept_by = kept
        .iter()
        .find(|e| is_status_event(e))
        .map(officer_of)
        .unwrap_or_default();
    for &(id, from) in after[shared.len()..].iter().rev() {
        let recorder = recorder(&result.settings, ctx);
        let effective = history
            .iter()
            .map(|e| e.effective)
            .max()
            .unwrap_or(case.opened)
            .max(ctx.now.date_naive());
        history.push(recorder.event(
            effective,
            EventKind::Correction {
                corrects: id,
                restores: from,
                reason: format!(
                    "Merge: recorded on another copy at the same time as {kept_by}'s change, which was kept"
                ),
            },
        ));
    }
    history.extend(kept.iter().cloned());
    let merged = with(history);
    let status = replay(&merged).1;
    Ok(Case::from_parts(
        merged.id,
        merged.reference.clone(),
        merged.kind,
        merged.direction,
        merged.opened,
        merged.details.clone(),
        status,
        merged.history().to_vec(),
    )
    .with_stamps(case.stamps().clone()))
}
