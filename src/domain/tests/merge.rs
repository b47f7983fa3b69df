//! The merge rules (`merge.rs`), one test per rule, the two-officer scenario of issue 7, and
//! property tests over random edits made apart on two copies.

use super::*;
use crate::domain::check::check_casebook;
use crate::domain::merge::{Conflict, MergeResult, Side, Subject, merge};
use crate::domain::stamps::BookStamps;
use crate::domain::stamps::CaseField;
use crate::domain::{Hearing, HearingKind, Stamp};
use proptest::prelude::*;
use std::collections::{HashMap, HashSet};

/// A copy of `fx`'s casebook on another officer's laptop: their own settings, their own ids.
fn copy_for(fx: &Fixture, officer: &str, agency: &str, seed: u64) -> Fixture {
    let mut other = fx.clone();
    other.seed = seed;
    other.book.settings.officer_name = officer.into();
    other.book.settings.officer_agency = agency.into();
    other
}

/// Two copies of a case at `PaRequested`: London (ours) and Islamabad (theirs).
fn two_copies() -> (Fixture, Fixture) {
    let mut base = Fixture::ready(CaseKind::Extradition, Direction::Incoming, OPENED);
    base.go(inc(IncomingState::PaRequested), "2026-01-06");
    let london = copy_for(&base, "A. Shaw", "NCA", 1_000);
    let islamabad = copy_for(&base, "S. Qureshi", "FIA", 2_000);
    (london, islamabad)
}

fn later(fx: &mut Fixture, stamp: &str) {
    fx.now = stamp.parse().unwrap();
}

/// Resolves `result` choosing with `choose` and applies it to a copy of `ours`.
fn resolved(ours: &Casebook, result: &MergeResult, choose: impl Fn(&Conflict) -> Side) -> Casebook {
    let choices: HashMap<Subject, Side> = result
        .conflicts
        .iter()
        .map(|c| (c.subject.clone(), choose(c)))
        .collect();
    let now: DateTime<Utc> = "2031-02-01T09:00:00Z".parse().unwrap();
    let mut ids = SeededIds::new(77);
    let mut ctx = Ctx {
        now: now.into(),
        ids: &mut ids,
    };
    let command = result.resolve(&choices, &mut ctx).expect("all chosen");
    let mut book = ours.clone();
    book.apply(command, &mut ctx).expect("the merge applies");
    book
}

/// The casebook's shared contents in a fixed order (the settings stay each officer's).
fn contents(
    book: &Casebook,
) -> (
    Vec<Case>,
    Vec<Person>,
    Vec<crate::domain::Agency>,
    BookStamps,
) {
    let mut cases = book.cases().to_vec();
    cases.sort_by_key(|c| c.id);
    let mut people = book.people().to_vec();
    people.sort_by_key(|p| p.id);
    let mut agencies = book.agencies().to_vec();
    agencies.sort_by_key(|a| a.id);
    (cases, people, agencies, book.stamps().clone())
}

fn sound(book: &Casebook) {
    let findings = check_casebook(book, d(NOW));
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn a_case_only_one_side_has_is_added_with_its_history() {
    let (mut ours, mut theirs) = two_copies();
    let id = CaseId(Uuid::from_u128(0xBEEF));
    theirs
        .apply(Command::OpenCase {
            id,
            kind: CaseKind::Mla,
            direction: Direction::Outgoing,
            opened: d("2026-02-01"),
            details: Box::new(CaseDetails::new(Country::uk(), Country::pakistan())),
        })
        .unwrap();
    let result = merge(&ours.book, &theirs.book);
    assert!(result.conflicts.is_empty());
    assert_eq!(result.summary.added_cases, vec!["MO-2026-0001".to_string()]);
    let merged = resolved(&ours.book, &result, |_| Side::Ours);
    assert_eq!(merged.case(id), theirs.book.case(id));
    // And the other way round: our case is kept when theirs lacks it.
    ours.book = merged;
    let back = merge(&ours.book, &theirs.book);
    assert!(back.is_empty(), "{:?}", back.summary);
}

#[test]
fn history_events_are_united_by_id_never_duplicated_nor_lost() {
    let (mut ours, mut theirs) = two_copies();
    let disclose = |fx: &mut Fixture, to: &str| {
        fx.apply(Command::RecordDisclosure {
            case: fx.case,
            document: "Case summary (PDF)".into(),
            profile: crate::domain::ExportProfile::Partner,
            recipient: to.into(),
        })
        .unwrap();
    };
    later(&mut ours, "2031-01-01T10:00:00Z");
    disclose(&mut ours, "CPS");
    later(&mut theirs, "2031-01-01T11:00:00Z");
    disclose(&mut theirs, "Ministry of Interior");
    let result = merge(&ours.book, &theirs.book);
    assert!(result.conflicts.is_empty());
    let merged = resolved(&ours.book, &result, |_| Side::Ours);
    let history = merged.case(ours.case).unwrap().history();
    let ids: HashSet<EventId> = history.iter().map(|e| e.id).collect();
    assert_eq!(ids.len(), history.len(), "no event twice");
    for e in ours.case().history().iter().chain(theirs.case().history()) {
        assert!(ids.contains(&e.id), "{:?} kept", e.kind);
    }
    assert_eq!(history.len(), ours.history_len() + 1);
    sound(&merged);
    // Merging the same copy again changes nothing.
    let again = merge(&merged, &theirs.book);
    assert!(again.is_empty());
    assert_eq!(resolved(&merged, &again, |_| Side::Ours), merged);
}

#[test]
fn a_field_changed_on_one_side_only_takes_that_sides_value_both_ways() {
    let (ours, mut theirs) = two_copies();
    theirs.update(|c| c.requesting_authority = "Ministry of Interior (Islamabad)".into());
    for (a, b) in [(&ours, &theirs), (&theirs, &ours)] {
        let result = merge(&a.book, &b.book);
        assert!(result.conflicts.is_empty(), "{:?}", result.conflicts);
        let merged = resolved(&a.book, &result, |_| Side::Ours);
        assert_eq!(
            merged.case(ours.case).unwrap().details.requesting_authority,
            "Ministry of Interior (Islamabad)"
        );
    }
}

#[test]
fn the_same_change_made_on_both_sides_is_not_a_conflict() {
    let (mut ours, mut theirs) = two_copies();
    ours.update(|c| c.tags = vec!["urgent".into()]);
    theirs.update(|c| c.tags = vec!["urgent".into()]);
    assert!(merge(&ours.book, &theirs.book).conflicts.is_empty());
}

#[test]
fn a_field_changed_on_both_sides_is_a_conflict_with_both_values_until_chosen() {
    let (mut ours, mut theirs) = two_copies();
    later(&mut ours, "2031-01-01T08:00:00Z");
    ours.update(|c| c.summary = "Murder; subject seen in Bradford".into());
    later(&mut theirs, "2031-01-01T09:30:00Z");
    theirs.update(|c| c.summary = "Murder; subject seen in Leeds".into());
    let result = merge(&ours.book, &theirs.book);
    assert_eq!(result.conflicts.len(), 1);
    let c = &result.conflicts[0];
    assert_eq!(c.subject, Subject::Field(ours.case, CaseField::Summary));
    assert_eq!(c.ours.text, "Murder; subject seen in Bradford");
    assert_eq!(c.ours.by, "A. Shaw (NCA)");
    assert_eq!(c.theirs.text, "Murder; subject seen in Leeds");
    assert_eq!(c.theirs.by, "S. Qureshi (FIA)");
    assert_eq!(c.theirs.at, Some("2031-01-01T09:30:00Z".parse().unwrap()));
    // Nothing is put in place while a choice is open.
    let mut ids = SeededIds::new(1);
    let mut ctx = Ctx {
        now: ours.now.into(),
        ids: &mut ids,
    };
    assert!(result.resolve(&HashMap::new(), &mut ctx).is_err());

    let merged = resolved(&ours.book, &result, |_| Side::Theirs);
    let case = merged.case(ours.case).unwrap();
    assert_eq!(case.details.summary, "Murder; subject seen in Leeds");
    match &case.history().last().unwrap().kind {
        EventKind::MergeChoice {
            subject,
            chosen,
            chosen_from,
            set_aside,
            set_aside_from,
        } => {
            assert_eq!(&**subject, "Summary");
            assert_eq!(&**chosen, "Murder; subject seen in Leeds");
            assert!(chosen_from.starts_with("S. Qureshi (FIA), 01 Jan 2031 09:30"));
            assert_eq!(&**set_aside, "Murder; subject seen in Bradford");
            assert!(set_aside_from.starts_with("A. Shaw (NCA)"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(case.history().last().unwrap().officer, "A. Shaw");
    sound(&merged);
}

#[test]
fn two_transitions_from_the_same_state_conflict_and_the_one_set_aside_stays_on_record() {
    let (mut ours, mut theirs) = two_copies();
    let next = inc(IncomingState::PaRequested).next();
    let (a, b) = (next[0], next[1]);
    let ta = ours.go(a, "2026-01-08");
    let tb = theirs.go(b, "2026-01-09");
    let result = merge(&ours.book, &theirs.book);
    assert_eq!(result.conflicts.len(), 1);
    assert_eq!(result.conflicts[0].subject, Subject::Status(ours.case));
    for keep in [Side::Ours, Side::Theirs] {
        let merged = resolved(&ours.book, &result, |_| keep);
        let case = merged.case(ours.case).unwrap();
        assert_eq!(case.status(), if keep == Side::Ours { a } else { b });
        let ids: Vec<EventId> = case.history().iter().map(|e| e.id).collect();
        assert!(ids.contains(&ta) && ids.contains(&tb));
        let corrected = if keep == Side::Ours { tb } else { ta };
        assert!(case.history().iter().any(
            |e| matches!(e.kind, EventKind::Correction { corrects, .. } if corrected == corrects)
        ));
        sound(&merged);
    }
}

fn hearing(id: u128, court: &str) -> Hearing {
    Hearing {
        id: RecordId(Uuid::from_u128(id)),
        date: d("2026-02-02"),
        kind: HearingKind::Initial,
        court: court.into(),
        outcome: String::new(),
        public: false,
    }
}

#[test]
fn sub_records_merge_one_by_one_and_an_edit_outlives_a_removal() {
    let mut base = Fixture::ready(CaseKind::Extradition, Direction::Incoming, OPENED);
    base.update(|c| c.hearings = vec![hearing(1, "Westminster"), hearing(2, "Lahore")]);
    let mut ours = copy_for(&base, "A. Shaw", "NCA", 1_000);
    let mut theirs = copy_for(&base, "S. Qureshi", "FIA", 2_000);
    // Ours adds a hearing and removes hearing 1; theirs edits hearing 2 and removes hearing 2?
    // No: theirs edits hearing 1 (so its removal on ours must not lose the edit) and adds one.
    ours.update(|c| {
        c.hearings.retain(|h| h.id != hearing(1, "").id);
        c.hearings.push(hearing(3, "Islamabad"));
    });
    theirs.update(|c| {
        c.hearings[0].outcome = "Remanded in custody".into();
        c.hearings.push(hearing(4, "Karachi"));
        c.hearings.retain(|h| h.id != hearing(2, "").id);
    });
    let result = merge(&ours.book, &theirs.book);
    assert!(result.conflicts.is_empty(), "{:?}", result.conflicts);
    let merged = resolved(&ours.book, &result, |_| Side::Ours);
    let mut courts: Vec<(String, String)> = merged
        .case(ours.case)
        .unwrap()
        .details
        .hearings
        .iter()
        .map(|h| (h.court.to_string(), h.outcome.clone()))
        .collect();
    courts.sort();
    let expected = [
        ("Islamabad", ""),
        ("Karachi", ""),
        ("Westminster", "Remanded in custody"),
    ];
    assert_eq!(
        courts,
        expected.map(|(c, o)| (c.to_string(), o.to_string())),
        "hearing 2 removed by theirs, hearing 1 kept because theirs changed it"
    );
}

#[test]
fn cases_opened_apart_under_the_same_reference_are_renumbered_the_same_both_ways() {
    let (mut ours, mut theirs) = two_copies();
    let open = |fx: &mut Fixture, id: u128| {
        fx.apply(Command::OpenCase {
            id: CaseId(Uuid::from_u128(id)),
            kind: CaseKind::Extradition,
            direction: Direction::Incoming,
            opened: d("2026-03-01"),
            details: Box::new(CaseDetails::new(Country::pakistan(), Country::uk())),
        })
        .unwrap();
    };
    later(&mut ours, "2031-01-01T08:00:00Z");
    open(&mut ours, 0xA);
    later(&mut theirs, "2031-01-01T09:00:00Z");
    open(&mut theirs, 0xB);
    let a_into_b = merge(&ours.book, &theirs.book);
    assert_eq!(
        a_into_b.summary.renumbered,
        vec![("EI-2026-0002".to_string(), "EI-2026-0003".to_string())]
    );
    let m1 = resolved(&ours.book, &a_into_b, |_| Side::Ours);
    let mut theirs_as_ours = theirs.book.clone();
    theirs_as_ours.settings = ours.book.settings.clone();
    let b_into_a = merge(&theirs_as_ours, &ours.book);
    let m2 = resolved(&theirs_as_ours, &b_into_a, |_| Side::Ours);
    assert_eq!(contents(&m1), contents(&m2));
    let reference = |b: &Casebook, id| {
        b.case(CaseId(Uuid::from_u128(id)))
            .unwrap()
            .reference
            .clone()
    };
    assert_eq!(reference(&m1, 0xA), "EI-2026-0002", "opened first keeps it");
    assert_eq!(reference(&m1, 0xB), "EI-2026-0003");
    sound(&m1);
}

#[test]
fn the_same_move_made_on_both_copies_is_one_event_not_a_conflict() {
    let (mut ours, mut theirs) = two_copies();
    let to = inc(IncomingState::PaRequested).next()[0];
    later(&mut ours, "2031-01-01T08:00:00Z");
    let a = ours.go(to, "2026-01-08");
    later(&mut theirs, "2031-01-01T09:00:00Z");
    let b = theirs.go(to, "2026-01-08");
    assert_eq!(a, b, "the same move from the same point has one id");
    for (x, y) in [(&ours, &theirs), (&theirs, &ours)] {
        let result = merge(&x.book, &y.book);
        assert!(result.conflicts.is_empty(), "{:?}", result.conflicts);
        let merged = resolved(&x.book, &result, |_| Side::Ours);
        let case = merged.case(ours.case).unwrap();
        assert_eq!(case.history().len(), ours.history_len());
        assert_eq!(case.status(), to);
        // Recorded by both: the one recorded first stands, on either copy.
        assert_eq!(case.history().last().unwrap().officer, "A. Shaw");
        sound(&merged);
    }
    // The same move on another day is another move: a conflict.
    let (mut ours, mut theirs) = two_copies();
    ours.go(to, "2026-01-08");
    theirs.go(to, "2026-01-09");
    assert_eq!(merge(&ours.book, &theirs.book).conflicts.len(), 1);
}

#[test]
fn a_renumbering_made_on_a_colleagues_copy_is_named_and_on_record_when_it_comes_back() {
    let (mut london, mut islamabad) = two_copies();
    let open = |fx: &mut Fixture, id: u128| {
        fx.apply(Command::OpenCase {
            id: CaseId(Uuid::from_u128(id)),
            kind: CaseKind::Extradition,
            direction: Direction::Incoming,
            opened: d("2026-03-01"),
            details: Box::new(CaseDetails::new(Country::pakistan(), Country::uk())),
        })
        .unwrap();
    };
    later(&mut islamabad, "2031-01-01T08:00:00Z");
    open(&mut islamabad, 0xB);
    later(&mut london, "2031-01-01T09:00:00Z");
    open(&mut london, 0xA);
    let ours = CaseId(Uuid::from_u128(0xA));
    assert_eq!(london.book.case(ours).unwrap().reference, "EI-2026-0002");
    // Islamabad merges London's copy: London's case, opened later, is renumbered there.
    let mut islamabad_merged = islamabad.book.clone();
    islamabad_merged.settings.officer_name = "S. Qureshi".into();
    let there = merge(&islamabad_merged, &london.book);
    let islamabad_merged = resolved(&islamabad_merged, &there, |_| Side::Ours);
    // London merges that merged copy: its own case changes reference, named and on record.
    let result = merge(&london.book, &islamabad_merged);
    assert_eq!(
        result.summary.renumbered,
        vec![("EI-2026-0002".to_string(), "EI-2026-0003".to_string())]
    );
    let merged = resolved(&london.book, &result, |_| Side::Ours);
    let case = merged.case(ours).unwrap();
    assert_eq!(case.reference, "EI-2026-0003");
    let renumbered: Vec<EventId> = case
        .history()
        .iter()
        .filter(|e| {
            matches!(&e.kind, EventKind::Renumbered { from, to, .. }
                if &**from == "EI-2026-0002" && &**to == "EI-2026-0003")
        })
        .map(|e| e.id)
        .collect();
    assert_eq!(renumbered.len(), 1, "{:#?}", case.history());
    // London merging Islamabad's own copy renumbers the same case the same way, as one event.
    let direct = resolved(&london.book, &merge(&london.book, &islamabad.book), |_| {
        Side::Ours
    });
    let event = |b: &Casebook| {
        b.case(ours)
            .unwrap()
            .history()
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Renumbered { .. }))
            .map(|e| e.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(event(&direct), renumbered);
    assert_eq!(direct.case(ours).unwrap().reference, "EI-2026-0003");
    sound(&merged);
}

#[test]
fn a_copy_from_a_laptop_whose_clock_is_wrong_merges_as_recorded_and_dates_nothing_here() {
    let (mut ours, mut theirs) = two_copies();
    later(&mut theirs, "2100-01-01T09:00:00Z");
    theirs.update(|c| c.summary = "Seen in Leeds".into());
    let result = merge(&ours.book, &theirs.book);
    let now: DateTime<Utc> = "2031-02-01T09:00:00Z".parse().unwrap();
    let warning = result.clock_warning(now).expect("a warning");
    assert!(
        warning.contains("S. Qureshi (FIA) up to 01 Jan 2100"),
        "{warning}"
    );
    assert!(merge(&ours.book, &ours.book).clock_warning(now).is_none());
    ours.book = resolved(&ours.book, &result, |_| Side::Ours);
    assert_eq!(ours.case().details.summary, "Seen in Leeds");
    // A change made here afterwards is stamped by this computer's clock, not 2100's.
    later(&mut ours, "2031-02-01T10:00:00Z");
    ours.update(|c| c.requesting_authority = "FIA Lahore".into());
    let stamp = ours.case().stamps().field(CaseField::RequestingAuthority);
    assert_eq!(stamp.time(), Some(ours.now));
    // And the colleague's copy still takes it, without a conflict.
    let back = merge(&theirs.book, &ours.book);
    assert!(back.conflicts.is_empty(), "{:?}", back.conflicts);
    let merged = resolved(&theirs.book, &back, |_| Side::Ours);
    assert_eq!(
        merged.case(ours.case).unwrap().details.requesting_authority,
        "FIA Lahore"
    );
}

#[test]
fn a_correction_voided_by_a_later_one_puts_the_move_back_and_checks_sound() {
    let mut fx = Fixture::ready(CaseKind::Extradition, Direction::Incoming, OPENED);
    let to = inc(IncomingState::PaRequested);
    let moved = fx.go(to, "2026-01-06");
    fx.apply(Command::Correct {
        case: fx.case,
        event: moved,
        reason: "Recorded in error".into(),
    })
    .unwrap();
    let correction = fx.last_event().id;
    assert_eq!(fx.status(), inc(IncomingState::PreRequest));
    let with = |restores| {
        let mut case = fx.case().clone();
        case.push_event(Event {
            id: EventId(Uuid::from_u128(0xC2)),
            kind: EventKind::Correction {
                corrects: correction,
                restores,
                reason: "Merge: set aside".into(),
            },
            ..fx.last_event().clone()
        });
        case
    };
    let case = with(to);
    assert_eq!(case.voided(), vec![correction]);
    assert_eq!(
        crate::domain::check::replay(&case),
        (vec![], to),
        "the move stands again"
    );
    let (problems, _) = crate::domain::check::replay(&with(inc(IncomingState::PreRequest)));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("restores PRE_REQUEST"), "{problems:?}");
}

/// `book` with `case`'s history put in another order, as a merge by an earlier Casedesk could
/// leave it.
fn reordered(book: &Casebook, case: CaseId, order: impl Fn(&mut Vec<Event>)) -> Casebook {
    let cases = book
        .cases()
        .iter()
        .map(|c| {
            let mut history = c.history().to_vec();
            if c.id == case {
                order(&mut history);
            }
            c.with_history(history)
        })
        .collect();
    book.with_cases(cases)
}

#[test]
fn copies_holding_events_in_different_orders_converge_and_a_copy_that_has_it_all_leads() {
    let (mut ours, theirs) = two_copies();
    for to in ["CPS", "FIA"] {
        ours.apply(Command::RecordDisclosure {
            case: ours.case,
            document: "Case summary (PDF)".into(),
            profile: crate::domain::ExportProfile::Partner,
            recipient: to.into(),
        })
        .unwrap();
    }
    // The same events, the last two the other way round.
    let swapped = reordered(&ours.book, ours.case, |h| {
        let n = h.len();
        h.swap(n - 1, n - 2);
    });
    let history = |b: &Casebook| b.case(ours.case).unwrap().history().to_vec();
    let one = resolved(&ours.book, &merge(&ours.book, &swapped), |_| Side::Ours);
    let other = resolved(&swapped, &merge(&swapped, &ours.book), |_| Side::Ours);
    assert_eq!(history(&one), history(&other), "one order, either way");
    // A copy holding everything the other has keeps its order: merging changes nothing there.
    let mut more = theirs.clone();
    more.book = swapped.clone();
    more.apply(Command::RecordDisclosure {
        case: ours.case,
        document: "Case summary (PDF)".into(),
        profile: crate::domain::ExportProfile::Full,
        recipient: "NCA".into(),
    })
    .unwrap();
    for (x, y) in [(&ours.book, &more.book), (&more.book, &ours.book)] {
        let merged = resolved(x, &merge(x, y), |_| Side::Ours);
        assert_eq!(history(&merged), history(&more.book));
    }
}

#[test]
fn people_merge_by_id_and_likely_duplicates_are_listed() {
    let (mut ours, mut theirs) = two_copies();
    let subject = PersonId(Uuid::from_u128(0x5B));
    let mut renamed = theirs.book.person(subject).unwrap().clone();
    renamed.name = "Imran Khan Niazi (corrected)".into();
    theirs
        .apply(Command::SavePerson(Box::new(renamed)))
        .unwrap();
    let mut twin = Person::new(PersonId(Uuid::from_u128(0x77)), "Imran Khan Niazi");
    twin.aliases = vec![];
    ours.apply(Command::SavePerson(Box::new(Person::new(
        PersonId(Uuid::from_u128(0x66)),
        "Bilal Ahmed",
    ))))
    .unwrap();
    let mut with_dob = twin.clone();
    with_dob.date_of_birth = Some(d("1980-01-01"));
    let mut ours_dob = ours
        .book
        .person(PersonId(Uuid::from_u128(0x66)))
        .unwrap()
        .clone();
    ours_dob.name = "Asif Raza".into();
    ours_dob.date_of_birth = Some(d("1980-01-01"));
    ours.apply(Command::SavePerson(Box::new(ours_dob))).unwrap();
    let mut their_twin = with_dob.clone();
    their_twin.name = "Asif  raza".into();
    theirs
        .apply(Command::SavePerson(Box::new(their_twin)))
        .unwrap();

    let result = merge(&ours.book, &theirs.book);
    assert!(result.conflicts.is_empty(), "{:?}", result.conflicts);
    assert_eq!(result.duplicates.len(), 1);
    assert_eq!(result.duplicates[0].theirs, PersonId(Uuid::from_u128(0x77)));
    assert_eq!(result.duplicates[0].ours, PersonId(Uuid::from_u128(0x66)));
    let merged = resolved(&ours.book, &result, |_| Side::Ours);
    assert_eq!(
        merged.person(subject).unwrap().name,
        "Imran Khan Niazi (corrected)"
    );
    assert_eq!(merged.people().len(), 3);
}

#[test]
fn copies_that_diverged_before_stamps_conflict_rather_than_guess() {
    let (mut ours, mut theirs) = two_copies();
    ours.update(|c| c.summary = "ours".into());
    theirs.update(|c| c.summary = "theirs".into());
    // As loaded from schema-1 files: the same migrated stamp on both.
    let strip = |b: &Casebook| {
        let cases = b
            .cases()
            .iter()
            .map(|c| {
                c.clone()
                    .with_stamps(crate::domain::stamps::CaseStamps::new(Stamp::migrated(
                        noon(d("2026-01-06")),
                    )))
            })
            .collect();
        let mut seen = crate::domain::Frontier::default();
        seen.note(Stamp::migrated(noon(d("2026-01-06"))), "", "");
        Casebook::from_parts(
            b.settings.clone(),
            cases,
            b.people().to_vec(),
            vec![],
            vec![],
        )
        .with_stamps(BookStamps {
            seen,
            records: Default::default(),
        })
    };
    let result = merge(&strip(&ours.book), &strip(&theirs.book));
    assert_eq!(
        result
            .conflicts
            .iter()
            .map(|c| c.subject.clone())
            .collect::<Vec<_>>(),
        vec![Subject::Field(ours.case, CaseField::Summary)]
    );
}

#[test]
fn a_merge_is_one_undoable_step() {
    let (ours, mut theirs) = two_copies();
    theirs.update(|c| c.summary = "from Islamabad".into());
    theirs.go(inc(IncomingState::PaRequested).next()[0], "2026-01-09");
    let result = merge(&ours.book, &theirs.book);
    let choices = HashMap::new();
    let mut ids = SeededIds::new(5);
    let mut ctx = Ctx {
        now: ours.now.into(),
        ids: &mut ids,
    };
    let mut book = ours.book.clone();
    let applied = book
        .apply(result.resolve(&choices, &mut ctx).unwrap(), &mut ctx)
        .unwrap();
    assert_eq!(
        book.case(ours.case).unwrap().details.summary,
        "from Islamabad"
    );
    book.apply(applied.undo.unwrap(), &mut ctx).unwrap();
    assert_eq!(book, ours.book);
}

/// Issue 7's scenario: London records a provisional arrest and a hearing; Islamabad adds an
/// offence and corrects the subject's name; both rewrite the summary. Merged both ways,
/// resolved the same way, the two results agree field by field.
#[test]
fn scenario_two_officers_edit_apart_and_merge_both_ways() {
    let (mut london, mut islamabad) = two_copies();
    let subject = PersonId(Uuid::from_u128(0x5B));

    later(&mut london, "2031-01-01T09:00:00Z");
    let arrest = london.go(inc(IncomingState::PaArrested), "2026-01-08");
    london.update(|c| {
        c.hearings
            .push(hearing(0x4EA, "Westminster Magistrates' Court"));
        c.summary = "Arrested on a provisional warrant in Bradford".into();
    });

    later(&mut islamabad, "2031-01-01T10:00:00Z");
    let fraud = Offence {
        id: RecordId(Uuid::from_u128(0x0F2)),
        description: "Criminal breach of trust".into(),
        area: ProgrammeArea::FraudCorruption,
        statute: "PPC s.409".into(),
        law_text: String::new(),
        max_penalty: "Life imprisonment".into(),
        death_penalty: DeathPenalty::NotAvailable,
        equivalent_offence: "Fraud by abuse of position".into(),
        dual_criminality: DualCriminality::Satisfied,
    };
    islamabad.update(|c| {
        c.offences.push(fraud.clone());
        c.summary = "Murder and breach of trust; FIA file 2026/114".into();
    });
    let mut person = islamabad.book.person(subject).unwrap().clone();
    person.name = "Imran Khan Niazi Ahmed".into();
    islamabad
        .apply(Command::SavePerson(Box::new(person)))
        .unwrap();

    let ours_first = merge(&london.book, &islamabad.book);
    let subjects: Vec<Subject> = ours_first
        .conflicts
        .iter()
        .map(|c| c.subject.clone())
        .collect();
    assert_eq!(
        subjects,
        vec![Subject::Field(london.case, CaseField::Summary)]
    );
    assert_eq!(
        ours_first.summary.updated_cases,
        vec![london.case().reference.clone()]
    );

    // The same choice both ways: Islamabad's summary.
    let islamabad_summary = |c: &Conflict, islamabad_side: Side| {
        assert_eq!(c.subject, Subject::Field(london.case, CaseField::Summary));
        islamabad_side
    };
    let m1 = resolved(&london.book, &ours_first, |c| {
        islamabad_summary(c, Side::Theirs)
    });
    let mut islamabad_as_resolver = islamabad.book.clone();
    islamabad_as_resolver.settings = london.book.settings.clone();
    let theirs_first = merge(&islamabad_as_resolver, &london.book);
    let m2 = resolved(&islamabad_as_resolver, &theirs_first, |c| {
        islamabad_summary(c, Side::Ours)
    });
    assert_eq!(contents(&m1), contents(&m2));

    let case = m1.case(london.case).unwrap();
    assert_eq!(case.status(), inc(IncomingState::PaArrested));
    assert!(case.history().iter().any(|e| e.id == arrest));
    assert_eq!(
        case.details.summary,
        "Murder and breach of trust; FIA file 2026/114"
    );
    assert_eq!(case.details.offences.len(), 2);
    assert!(case.details.offences.contains(&fraud));
    assert_eq!(
        case.details.hearings,
        vec![hearing(0x4EA, "Westminster Magistrates' Court")]
    );
    assert_eq!(m1.person(subject).unwrap().name, "Imran Khan Niazi Ahmed");
    // The rest of the details are as both copies had them.
    for &field in CaseField::ALL {
        if !matches!(
            field,
            CaseField::Summary | CaseField::Offences | CaseField::Hearings
        ) {
            assert!(
                field.same(&case.details, &london.case().details),
                "{field:?}"
            );
        }
    }
    assert!(matches!(
        &case.history().last().unwrap().kind,
        EventKind::MergeChoice { chosen, set_aside, .. }
            if chosen.contains("FIA file") && set_aside.contains("Bradford")
    ));
    sound(&m1);
    // Merging either copy again changes nothing.
    for copy in [&london.book, &islamabad.book] {
        let again = merge(&m1, copy);
        assert!(again.conflicts.is_empty());
        assert_eq!(
            contents(&resolved(&m1, &again, |_| Side::Ours)),
            contents(&m1)
        );
    }
}

/// One edit made on one copy, for the property tests.
#[derive(Clone, Debug)]
enum Edit {
    Summary(u8),
    Authority(u8),
    AddHearing(u8),
    ChangeHearing(u8),
    RemoveHearing,
    Move(u8),
    Disclose,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<u8>().prop_map(Edit::Summary),
        any::<u8>().prop_map(Edit::Authority),
        any::<u8>().prop_map(Edit::AddHearing),
        any::<u8>().prop_map(Edit::ChangeHearing),
        Just(Edit::RemoveHearing),
        any::<u8>().prop_map(Edit::Move),
        Just(Edit::Disclose),
    ]
}

fn run(fx: &mut Fixture, edits: &[Edit], tag: &str) {
    for (n, e) in edits.iter().enumerate() {
        fx.now += chrono::Duration::minutes(1);
        let text = |v: u8| format!("{tag} {v}");
        match e {
            Edit::Summary(v) => fx.update(|c| c.summary = text(*v)),
            Edit::Authority(v) => fx.update(|c| c.requesting_authority = text(*v).into()),
            Edit::AddHearing(v) => {
                let id = u128::from(fx.seed) << 16 | n as u128;
                fx.update(|c| c.hearings.push(hearing(id, &text(*v))));
            }
            Edit::ChangeHearing(v) => fx.update(|c| {
                if let Some(h) = c.hearings.first_mut() {
                    h.outcome = text(*v);
                }
            }),
            Edit::RemoveHearing => fx.update(|c| {
                c.hearings.pop();
            }),
            Edit::Move(v) => {
                let next = fx.status().next();
                if !next.is_empty() {
                    let to = next[usize::from(*v) % next.len()];
                    let on = fx.next_day();
                    let mut request = fx.request(to, &on);
                    request.override_reason = Some("property test".into());
                    // Some moves need facts the fixture lacks; a refused one changes nothing.
                    let _ = fx.try_go(request);
                }
            }
            Edit::Disclose => {
                fx.apply(Command::RecordDisclosure {
                    case: fx.case,
                    document: "Case summary".into(),
                    profile: crate::domain::ExportProfile::Full,
                    recipient: tag.into(),
                })
                .unwrap();
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn merging_is_idempotent_symmetric_and_loses_nothing(
        ours_edits in prop::collection::vec(edit(), 0..6),
        theirs_edits in prop::collection::vec(edit(), 0..6),
        pick in any::<u64>(),
    ) {
        let (mut a, mut b) = two_copies();
        later(&mut a, "2031-01-01T08:00:00Z");
        later(&mut b, "2031-01-01T08:00:30Z");
        run(&mut a, &ours_edits, "A");
        run(&mut b, &theirs_edits, "B");
        // The same choice both ways: A's or B's value by the subject (and `pick`).
        let prefer_a = |c: &Conflict| {
            let h = format!("{:?}", c.subject).len() as u64 ^ pick;
            h.is_multiple_of(2)
        };
        let ab = merge(&a.book, &b.book);
        let m1 = resolved(&a.book, &ab, |c| if prefer_a(c) { Side::Ours } else { Side::Theirs });
        let mut b_as_resolver = b.book.clone();
        b_as_resolver.settings = a.book.settings.clone();
        let ba = merge(&b_as_resolver, &a.book);
        let m2 = resolved(&b_as_resolver, &ba, |c| if prefer_a(c) { Side::Theirs } else { Side::Ours });
        prop_assert_eq!(contents(&m1), contents(&m2));
        prop_assert!(check_casebook(&m1, d(NOW)).is_empty(), "{:?}", check_casebook(&m1, d(NOW)));

        // Nothing lost: every event of either copy, and both values of every conflict.
        let merged = m1.case(a.case).unwrap();
        let ids: HashSet<EventId> = merged.history().iter().map(|e| e.id).collect();
        prop_assert_eq!(ids.len(), merged.history().len());
        for e in a.case().history().iter().chain(b.case().history()) {
            prop_assert!(ids.contains(&e.id));
        }
        let recorded: Vec<(&str, &str)> = merged.history().iter().filter_map(|e| match &e.kind {
            EventKind::MergeChoice { chosen, set_aside, .. } => Some((chosen.as_str(), set_aside.as_str())),
            _ => None,
        }).collect();
        for c in &ab.conflicts {
            let both = |(x, y): &(&str, &str)| {
                (*x == c.ours.text && *y == c.theirs.text) || (*x == c.theirs.text && *y == c.ours.text)
            };
            prop_assert!(recorded.iter().any(both), "{:?} recorded", c.subject);
        }
        // Every field holds a value one of the copies had.
        for &field in CaseField::ALL {
            if !field.has_records() {
                prop_assert!(
                    field.same(&merged.details, &a.case().details)
                        || field.same(&merged.details, &b.case().details),
                    "{:?}", field
                );
            }
        }

        // Idempotent: merging either copy, or the result itself, again changes nothing.
        for other in [&a.book, &b.book, &m1] {
            let again = merge(&m1, other);
            prop_assert!(again.conflicts.is_empty());
            prop_assert_eq!(contents(&resolved(&m1, &again, |_| Side::Ours)), contents(&m1));
        }
    }
}

/// A line set against another reads as it happened, a correction right after the move it puts
/// right (though entered later), and alike on every copy whatever order it holds it in.
#[test]
fn a_line_of_moves_in_a_status_conflict_reads_as_it_happened_a_correction_after_its_move() {
    let (mut ours, mut theirs) = two_copies();
    let next = inc(IncomingState::PaRequested).next();
    let wrong = ours.go(next[0], "2026-01-08");
    later(&mut ours, "2031-03-01T08:00:00Z");
    ours.apply(Command::Correct {
        case: ours.case,
        event: wrong,
        reason: "Recorded in error".into(),
    })
    .unwrap();
    ours.go(next[1], "2026-01-09");
    theirs.go(next[2 % next.len()], "2026-01-10");
    // Ours's own moves since the copies parted, in the order entered: the move, its
    // correction, the next move.
    let history = ours.case().history();
    let parted = history.iter().position(|e| e.id == wrong).unwrap();
    let line: Vec<String> = history[parted..]
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::Transition { .. } | EventKind::Correction { .. }
            )
        })
        .map(|e| e.kind.summary())
        .collect();
    assert_eq!(line.len(), 3, "{line:?}");
    for (x, y, side) in [(&ours, &theirs, Side::Ours), (&theirs, &ours, Side::Theirs)] {
        let result = merge(&x.book, &y.book);
        assert_eq!(result.conflicts.len(), 1, "{:?}", result.conflicts);
        let c = &result.conflicts[0];
        let ours_line = if side == Side::Ours {
            &c.ours
        } else {
            &c.theirs
        };
        assert_eq!(ours_line.text, line.join("; "));
    }
}

#[test]
fn details_edited_on_both_copies_keep_both_edit_events_and_the_copies_converge() {
    let (mut ours, mut theirs) = two_copies();
    later(&mut ours, "2031-01-10T09:00:00Z");
    ours.update(|c| c.summary = "Fraud, London office's words".into());
    later(&mut theirs, "2031-01-10T10:00:00Z");
    theirs.update(|c| c.requesting_authority = "FIA Lahore".into());
    let edit = |fx: &Fixture| fx.last_event().clone();
    let (mine, yours) = (edit(&ours), edit(&theirs));
    assert!(
        matches!(&mine.kind, EventKind::Edited { changes, .. } if changes[0].field == "Summary")
    );
    assert!(matches!(&yours.kind, EventKind::Edited { changes, .. }
        if changes[0].field == "Requesting authority" && changes[0].new == "FIA Lahore"));

    let here = resolved(&ours.book, &merge(&ours.book, &theirs.book), |_| Side::Ours);
    let there = resolved(&theirs.book, &merge(&theirs.book, &ours.book), |_| {
        Side::Ours
    });
    for book in [&here, &there] {
        let history = book.case(ours.case).unwrap().history();
        assert!(history.contains(&mine) && history.contains(&yours));
        sound(book);
    }
    assert_eq!(contents(&here), contents(&there));
}

#[test]
fn edits_of_people_agencies_and_contacts_are_united_like_a_case_s_history() {
    let (mut ours, mut theirs) = two_copies();
    // The subject's entry is on record in both.
    let common = ours.book.record_history().len();
    let subject = PersonId(Uuid::from_u128(0x5B));
    let rename = |fx: &mut Fixture, stamp: &str, address: &str| {
        later(fx, stamp);
        let mut person = fx.book.person(subject).unwrap().clone();
        person.addresses = vec![address.into()];
        fx.apply(Command::SavePerson(Box::new(person))).unwrap();
    };
    rename(
        &mut ours,
        "2031-01-10T09:00:00Z",
        "12 High Street, Bradford",
    );
    later(&mut theirs, "2031-01-10T10:00:00Z");
    let agency = crate::domain::Agency {
        id: crate::domain::AgencyId(Uuid::from_u128(0xA6)),
        name: "FIA Lahore".into(),
        country: Country::pakistan(),
    };
    theirs.apply(Command::SaveAgency(agency.clone())).unwrap();
    theirs
        .apply(Command::SaveAgency(crate::domain::Agency {
            name: "FIA Lahore Zone".into(),
            ..agency
        }))
        .unwrap();
    assert_eq!(ours.book.record_history().len(), common + 1);
    assert_eq!(theirs.book.record_history().len(), common + 1);

    let here = resolved(&ours.book, &merge(&ours.book, &theirs.book), |_| Side::Ours);
    let there = resolved(&theirs.book, &merge(&theirs.book, &ours.book), |_| {
        Side::Ours
    });
    assert_eq!(here.record_history(), there.record_history());
    assert_eq!(here.record_history().len(), common + 2);
    // Merging again brings nothing.
    assert!(merge(&here, &there).is_empty());
}

/// An offence's text of the law typed on one copy reaches the other as its other fields do
/// (the offence merged by its id), with the edit's event saying what it was and is.
#[test]
fn an_offences_text_of_the_law_edited_on_one_copy_merges_into_the_other() {
    let (ours, mut theirs) = two_copies();
    later(&mut theirs, "2031-01-01T10:00:00Z");
    let wording = "Whoever commits qatl-i-amd shall be\n(a) punished with death as qisas;";
    theirs.update(|c| c.offences[0].law_text = wording.into());
    let edited = theirs.last_event().clone();
    assert!(
        matches!(&edited.kind, EventKind::Edited { changes, .. }
            if changes.len() == 1
                && changes[0].field.ends_with(": Law text")
                && changes[0].old.is_empty()
                && changes[0].new == wording),
        "{:?}",
        edited.kind
    );
    let here = resolved(&ours.book, &merge(&ours.book, &theirs.book), |_| Side::Ours);
    let there = resolved(&theirs.book, &merge(&theirs.book, &ours.book), |_| {
        Side::Ours
    });
    for book in [&here, &there] {
        let case = book.case(ours.case).unwrap();
        assert_eq!(case.details.offences[0].law_text, wording);
        assert!(case.history().contains(&edited));
        sound(book);
    }
    assert_eq!(contents(&here), contents(&there));
}
