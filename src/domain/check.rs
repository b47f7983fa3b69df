//! Semantic checks of a whole casebook, as loaded from a file: does each case's history obey
//! its workflow and lead to its status, are ids unique, do links and parties point somewhere.
//! Reported case by case; nothing is changed.

use super::case::Case;
use super::casebook::Casebook;
use super::event::EventKind;
use super::ids::EventId;
use super::validate::{validate_details, validate_person};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::{Hash, Hasher};

/// A problem found in a casebook. `record` names the case reference or the person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub record: String,
    pub field: String,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.record,
            super::validate::field_words(&self.field),
            self.message
        )
    }
}

/// Every problem in `book`, in case order. Empty means the casebook is sound.
pub fn check_casebook(book: &Casebook, today: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    // What each case says of itself, worked out on every core with digests of what it must
    // not share with another case (its id, reference and event ids); in order on this one,
    // what it does share.
    let parts = crate::parallel::in_parts(book.cases(), MIN_PART, |_, cases| {
        let mut part = Part::default();
        for case in cases {
            part.own.push(own_findings(book, case));
            part.digests.add(case);
        }
        part
    });
    let mut digests = Digests::default();
    parts.iter().for_each(|p| digests.append(&p.digests));
    // Nearly always nothing is shared: sorted digests show it in a few milliseconds, where a
    // table of every id (700,000 event ids at 100,000 cases) took a fifth of a second on one
    // core at open. Only when two digests agree are the cases gone through one by one.
    let mut shared = digests.any_repeated().then(|| Shared::with_capacity(book));
    let own = parts.into_iter().flat_map(|p| p.own);
    for (case, own) in book.cases().iter().zip(own) {
        if let Some(shared) = &mut shared {
            shared.check(case, &mut out);
        }
        out.extend(own);
    }
    let people = book.people();
    let own = crate::parallel::map(people, |p| validate_person(p, today));
    let ids: Vec<u64> = people.iter().map(|p| digest(p.id.0)).collect();
    let mut person_ids = repeated(ids).then(|| HashSet::with_capacity(people.len()));
    for (p, own) in people.iter().zip(own) {
        let record = || {
            if p.name.trim().is_empty() {
                format!("person {}", p.id)
            } else {
                p.name.clone()
            }
        };
        if let Some(ids) = &mut person_ids
            && !ids.insert(p.id)
        {
            out.push(Finding {
                record: record(),
                field: "id".into(),
                message: format!("Another person has the same id {}", p.id),
            });
        }
        out.extend(own.into_iter().map(|pr| Finding {
            record: record(),
            field: pr.field,
            message: pr.message,
        }));
    }
    out
}

/// Cases per part of the check on every core.
const MIN_PART: usize = 512;

/// What a core works out for a run of cases.
#[derive(Default)]
struct Part {
    own: Vec<Vec<Finding>>,
    digests: Digests,
}

/// What a case says of itself: whether its history obeys its workflow and leads to its
/// status, and whether its details are valid.
fn own_findings(book: &Casebook, case: &Case) -> Vec<Finding> {
    let finding = |field: &str, message: String| Finding {
        record: case.reference.clone(),
        field: field.into(),
        message,
    };
    let mut out = Vec::new();
    let (problems, leads_to) = replay(case);
    out.extend(problems.into_iter().map(|m| finding("history", m)));
    if leads_to != case.status() {
        out.push(finding(
            "status",
            format!(
                "The status is {} but the history leads to {}",
                case.status().code(),
                leads_to.code()
            ),
        ));
    }
    out.extend((super::directions::problems(case).into_iter()).map(|m| finding("direction", m)));
    out.extend(
        validate_details(&case.details, case.kind, case.id, book)
            .into_iter()
            .map(|p| finding(&p.field, p.message)),
    );
    out
}

/// 64-bit digests of the values no two cases may share: equal values, equal digests.
#[derive(Default)]
struct Digests {
    ids: Vec<u64>,
    references: Vec<u64>,
    events: Vec<u64>,
    lowered: Vec<u8>,
}

impl Digests {
    fn add(&mut self, case: &Case) {
        self.ids.push(digest(case.id.0));
        // As compared: without regard to case; lower-cased as the search text is, into a buffer
        // kept between cases rather than a new string each.
        self.lowered.clear();
        super::search::push_lowercase(&mut self.lowered, &case.reference);
        let mut hasher = std::hash::DefaultHasher::new();
        self.lowered.hash(&mut hasher);
        self.references.push(hasher.finish());
        self.events
            .extend(case.history().iter().map(|e| digest(e.id.0)));
    }

    fn append(&mut self, other: &Digests) {
        self.ids.extend_from_slice(&other.ids);
        self.references.extend_from_slice(&other.references);
        self.events.extend_from_slice(&other.events);
    }

    /// Whether any two digests of one kind agree: two values may be equal.
    fn any_repeated(self) -> bool {
        let Digests {
            ids,
            references,
            events,
            lowered: _,
        } = self;
        let (events, others) = crate::parallel::join(
            || repeated(events),
            || repeated(ids) || repeated(references),
        );
        events || others
    }
}

/// Whether any two of `digests` agree.
fn repeated(mut digests: Vec<u64>) -> bool {
    digests.sort_unstable();
    digests.windows(2).any(|w| w[0] == w[1])
}

fn digest(id: uuid::Uuid) -> u64 {
    let (high, low) = id.as_u64_pair();
    high ^ low.rotate_left(32)
}

/// The values cases share, gathered case by case to name each one found again.
struct Shared {
    ids: HashSet<super::ids::CaseId>,
    references: HashMap<String, super::ids::CaseId>,
    events: HashSet<EventId>,
}

impl Shared {
    fn with_capacity(book: &Casebook) -> Self {
        let cases = book.cases().len();
        let events = book.cases().iter().map(|c| c.history().len()).sum();
        Shared {
            ids: HashSet::with_capacity(cases),
            references: HashMap::with_capacity(cases),
            events: HashSet::with_capacity(events),
        }
    }

    /// Notes what `case` shares with the cases before it.
    fn check(&mut self, case: &Case, out: &mut Vec<Finding>) {
        let finding = |field: &str, message: String| Finding {
            record: case.reference.clone(),
            field: field.into(),
            message,
        };
        if !self.ids.insert(case.id) {
            out.push(finding(
                "id",
                format!("Another case has the same id {}", case.id),
            ));
        }
        if let Some(other) = self
            .references
            .insert(case.reference.to_lowercase(), case.id)
            && other != case.id
        {
            out.push(finding(
                "reference",
                "Another case has the same reference".into(),
            ));
        }
        for e in case.history() {
            if !self.events.insert(e.id) {
                out.push(finding(
                    "history",
                    format!("Event id {} is used twice", e.id),
                ));
            }
        }
    }
}

/// Replays a case's history against its workflow table: what is wrong with it, and the
/// status it leads to.
pub(super) fn replay(case: &Case) -> (Vec<String>, crate::domain::Status) {
    let mut out = Vec::new();
    let history = case.history();
    let workflow = case.workflow();
    let mut status = match history.first().map(|e| &e.kind) {
        Some(EventKind::Opened { status }) if *status == workflow.initial() => *status,
        Some(EventKind::Opened { status }) => {
            out.push(format!(
                "Opened in {} but the {workflow} workflow starts in {}",
                status.code(),
                workflow.initial().code()
            ));
            *status
        }
        Some(EventKind::Imported { status, .. }) if status.workflow() == workflow => *status,
        _ => {
            out.push("The history does not start with the case being opened or imported".into());
            workflow.initial()
        }
    };
    // What corrections void, worked out once: a merge may set aside any event (`merge.rs`), not
    // only the last change, and may set aside a correction made on another copy.
    let voided = super::corrections::voided(history);
    // A history is short: looking through it beats building a set for every case.
    let known = |id: &EventId| history.iter().any(|e| e.id == *id);
    for (i, e) in history.iter().enumerate().skip(1) {
        match &e.kind {
            EventKind::Opened { .. } => out.push(format!("Event {} opens the case again", i + 1)),
            EventKind::Transition { from, to, .. } => {
                if !from.may_go_to(*to) {
                    out.push(format!(
                        "Event {}: the workflow does not allow {} → {}",
                        i + 1,
                        from.code(),
                        to.code()
                    ));
                }
                // A move put right or set aside does not move the case.
                if voided.contains(&e.id) {
                    continue;
                }
                if *from != status {
                    out.push(format!(
                        "Event {} leaves {} but the case was in {}",
                        i + 1,
                        from.code(),
                        status.code()
                    ));
                }
                status = *to;
            }
            EventKind::Correction {
                corrects, restores, ..
            } => {
                let earlier = &history[..i];
                match super::corrections::undone_to(earlier, *corrects) {
                    Some(undone) if undone == *restores => {}
                    Some(undone) => out.push(format!(
                        "Event {} restores {} but undoing the event it corrects leads to {}",
                        i + 1,
                        restores.code(),
                        undone.code()
                    )),
                    None if known(corrects) => out.push(format!(
                        "Event {} corrects an event that is not an earlier change of status",
                        i + 1
                    )),
                    None => out.push(format!(
                        "Event {} corrects an event that does not exist",
                        i + 1
                    )),
                }
            }
            EventKind::Disclosed { .. }
            | EventKind::Imported { .. }
            | EventKind::MergeChoice { .. }
            | EventKind::Reviewed { .. }
            | EventKind::Renumbered { .. }
            | EventKind::Edited { .. }
            | EventKind::Attached { .. } => {}
            EventKind::Detached { attachment, .. } => {
                if !known(attachment) {
                    out.push(format!(
                        "Event {} removes an attachment that was never attached",
                        i + 1
                    ));
                }
            }
            EventKind::ClockExtended { started_by, .. }
            | EventKind::ClockMet { started_by, .. }
            | EventKind::DateMoved { started_by, .. } => {
                if !known(started_by) {
                    out.push(format!(
                        "Event {} refers to a deadline started by an event that does not exist",
                        i + 1
                    ));
                }
            }
        }
    }
    (out, status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CaseId;
    use crate::domain::tests::{Fixture, NOW, d};
    use crate::domain::workflow::{IncomingState, Status};
    use uuid::Uuid;

    /// The fixture's case and a copy of it under another id and reference, whose events have
    /// other ids but the first, which is `first`'s id as `first` returns it.
    fn two_cases(first: impl Fn(Uuid) -> Uuid) -> Casebook {
        let fx = Fixture::at(Status::Incoming(IncomingState::PaArrested));
        let c = fx.case();
        let mut history = c.history().to_vec();
        for e in &mut history {
            e.id = EventId(Uuid::from_u128(e.id.0.as_u128() ^ 0xC0FFEE));
        }
        history[0].id = EventId(first(c.history()[0].id.0));
        let mut copy = c.with_history(history);
        copy.id = CaseId(Uuid::from_u128(0xC0FFEE));
        copy.reference = format!("{}-copy", c.reference);
        fx.book.with_cases(vec![c.clone(), copy])
    }

    #[test]
    fn an_event_id_used_twice_is_named_and_one_that_only_shares_its_digest_is_not() {
        let today = d(NOW);
        let other = |id: Uuid| Uuid::from_u128(id.as_u128() ^ 1);
        assert_eq!(check_casebook(&two_cases(other), today), []);
        let book = two_cases(|id| id);
        let twice = check_casebook(&book, today);
        let first = book.cases()[0].history()[0].id;
        assert_eq!(twice.len(), 1, "{twice:?}");
        assert_eq!(twice[0].record, book.cases()[1].reference);
        assert_eq!(twice[0].message, format!("Event id {first} is used twice"));
        // Another id with the same digest: the cases are gone through one by one, and nothing
        // is repeated.
        let alike = |id: Uuid| {
            let (high, low) = id.as_u64_pair();
            Uuid::from_u64_pair(high ^ 1, low ^ 1u64.rotate_right(32))
        };
        assert_ne!(alike(first.0), first.0);
        assert_eq!(digest(alike(first.0)), digest(first.0));
        assert_eq!(check_casebook(&two_cases(alike), today), []);
    }

    /// Compared without regard to case, as the officer sees them: a Kelvin sign is a `k`.
    #[test]
    fn a_reference_repeated_in_other_letters_is_found() {
        let today = d(NOW);
        let book = two_cases(|id| Uuid::from_u128(id.as_u128() ^ 1));
        for (references, repeated) in [
            (["EI-K-1", "ei-k-1"], true),
            (["EI-K-1", "ei-\u{212A}-1"], true),
            (["ÉI-K-1", "éi-k-1"], true),
            (["EI-K-1", "EI-K-2"], false),
        ] {
            let mut cases = book.cases().to_vec();
            for (case, reference) in cases.iter_mut().zip(references) {
                case.reference = reference.into();
            }
            let found = check_casebook(&book.with_cases(cases), today);
            let same = found
                .iter()
                .any(|f| f.message == "Another case has the same reference");
            assert_eq!(same, repeated, "{references:?}: {found:?}");
        }
    }
}
