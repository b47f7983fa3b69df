mod agenda;
mod figures;
mod governance;
mod outcomes;
mod rules;

use super::rng::add_days;
use super::*;
use crate::domain::Case;
use crate::domain::check::check_casebook;
use crate::domain::clock::{ClockKey, clocks};
use crate::domain::event::EventKind;
use crate::domain::{DeathPenalty, DocumentKind};
use chrono::Datelike;
use std::collections::BTreeSet;
use std::sync::OnceLock;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
}

/// The moment [`generate`] builds its casebook at.
fn end_of_today() -> DateTime<FixedOffset> {
    today()
        .and_hms_opt(23, 59, 0)
        .unwrap()
        .and_utc()
        .fixed_offset()
}

/// One 600-case casebook shared by the tests, with the commands it refused.
fn sample() -> &'static (Casebook, Vec<String>) {
    static BOOK: OnceLock<(Casebook, Vec<String>)> = OnceLock::new();
    BOOK.get_or_init(|| generate_checked(600, 7, end_of_today()))
}

#[test]
fn every_command_is_accepted() {
    let (book, errors) = sample();
    assert!(errors.is_empty(), "refused commands: {errors:#?}");
    assert_eq!(book.cases().len(), 600);
    for n in [0, 1, 5, 70] {
        let (book, errors) = generate_checked(n, 99, end_of_today());
        assert!(errors.is_empty(), "{n} cases: {errors:#?}");
        assert_eq!(book.cases().len(), n);
    }
}

#[test]
fn same_seed_and_day_give_the_same_casebook_and_another_seed_another() {
    let a = generate(120, 42, today());
    assert_eq!(a, generate(120, 42, today()));
    assert_ne!(a, generate(120, 43, today()));
    assert_ne!(a.cases()[0].id, generate(120, 43, today()).cases()[0].id);
}

/// How many events and stamps of `book` are later than `now`.
fn ahead_of(book: &Casebook, now: DateTime<Utc>) -> (usize, usize) {
    let events = book
        .cases()
        .iter()
        .flat_map(|c| c.history())
        .filter(|e| e.recorded_at > now)
        .count();
    // Of the cases, and of the people, agencies and contacts.
    let records = book.stamps().records.values().copied();
    let stamps = book
        .cases()
        .iter()
        .map(|c| c.stamps().latest())
        .chain(records);
    let millis = now.timestamp_millis();
    (events, stamps.filter(|s| s.millis > millis).count())
}

#[test]
fn a_sample_built_early_in_the_day_records_nothing_later_than_then() {
    // 04:00 in Islamabad: 23:00 UTC the day before.
    let offset = FixedOffset::east_opt(5 * 3600).unwrap();
    let local = today().and_hms_opt(4, 0, 0).unwrap();
    let now = local.and_local_timezone(offset).unwrap().to_utc();
    // Built at the end of the day, the day's events run past 04:00, and so do the stamps an
    // officer's first edit would have to follow.
    let (events, stamps) = ahead_of(&generate(300, 7, today()), now);
    assert!(events > 0 && stamps > 0, "{events} events, {stamps} stamps");
    let (book, errors) = generate_checked(300, 7, now.with_timezone(&offset));
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(ahead_of(&book, now), (0, 0));
    assert_eq!(check_casebook(&book, today()), []);
    // Facts of today still recorded today where the officer is, though yesterday in UTC.
    assert!(
        book.cases()
            .iter()
            .flat_map(|c| c.history())
            .any(|e| e.effective == today())
    );
}

#[test]
fn a_sample_is_sound_and_never_ahead_in_any_time_zone() {
    // Late in the day west of UTC (tomorrow in UTC), and just after midnight far east of it.
    for (hours, hour, minute) in [(-8, 23, 30), (14, 0, 5), (0, 12, 0)] {
        let offset = FixedOffset::east_opt(hours * 3600).unwrap();
        let local = today().and_hms_opt(hour, minute, 0).unwrap();
        let now = local.and_local_timezone(offset).unwrap();
        let (book, errors) = generate_checked(120, 3, now);
        assert!(errors.is_empty(), "UTC{hours:+}: {errors:#?}");
        assert_eq!(ahead_of(&book, now.to_utc()), (0, 0), "UTC{hours:+}");
        assert_eq!(check_casebook(&book, today()), [], "UTC{hours:+}");
    }
}

#[test]
fn the_casebook_passes_the_semantic_check() {
    let (book, _) = sample();
    let findings = check_casebook(book, today());
    assert!(findings.is_empty(), "{findings:#?}");
    assert!(book.settings.sample);
    assert_eq!(book.settings.officer_name, "Demo officer");
    assert!(!book.agencies().is_empty() && !book.contacts().is_empty());
}

#[test]
fn every_state_of_every_workflow_is_some_case_s_status() {
    let states: Vec<Status> = Workflow::ALL.iter().flat_map(|w| w.states()).collect();
    // One case per state is enough: the first cases aim at each state in turn.
    let (exact, errors) = generate_checked(states.len(), 3, end_of_today());
    assert!(errors.is_empty(), "{errors:#?}");
    for book in [&sample().0, &exact] {
        let seen: BTreeSet<Status> = book.cases().iter().map(|c| c.status()).collect();
        for s in &states {
            assert!(seen.contains(s), "no case in {}", s.code());
        }
    }
}

#[test]
fn clocks_are_overdue_due_soon_later_and_met() {
    let (book, _) = sample();
    let all: Vec<_> = book
        .cases()
        .iter()
        .flat_map(|c| clocks(c, today(), &book.settings.working_days()))
        .collect();
    let overdue = all.iter().filter(|c| c.is_overdue()).count();
    let soon = all
        .iter()
        .filter(|c| c.is_pending() && (0..=7).contains(&c.days_left))
        .count();
    let later = all
        .iter()
        .filter(|c| c.is_pending() && c.days_left > 7)
        .count();
    let met = all
        .iter()
        .filter(|c| c.status == crate::domain::ClockStatus::Met)
        .count();
    let extended = all
        .iter()
        .filter(|c| c.status == crate::domain::ClockStatus::Extended)
        .count();
    assert!(overdue >= 10, "overdue {overdue}");
    assert!(soon >= 10, "due within 7 days {soon}");
    assert!(later >= 10, "later {later}");
    assert!(met >= 50, "met {met}");
    assert!(extended >= 1, "extended {extended}");
    let required_by: Vec<_> = all
        .iter()
        .filter(|c| c.key == ClockKey::MlaRequiredBy)
        .collect();
    assert!(required_by.iter().any(|c| c.is_overdue()));
    assert!(
        required_by
            .iter()
            .any(|c| c.is_pending() && (0..=7).contains(&c.days_left))
    );
}

#[test]
fn areas_kinds_and_directions_are_all_present() {
    let (book, _) = sample();
    let areas: BTreeSet<ProgrammeArea> = book.cases().iter().map(|c| c.details.area).collect();
    assert_eq!(areas.len(), ProgrammeArea::ALL.len());
    let mut offence_areas = BTreeSet::new();
    for c in book.cases() {
        offence_areas.extend(c.details.offences.iter().map(|o| o.area));
    }
    assert_eq!(offence_areas.len(), ProgrammeArea::ALL.len());
    let pairs: BTreeSet<(CaseKind, Direction)> =
        book.cases().iter().map(|c| (c.kind, c.direction)).collect();
    // Every kind both ways, but requests to service providers, which only go out.
    let expected: BTreeSet<(CaseKind, Direction)> = CaseKind::ALL
        .iter()
        .flat_map(|&k| Direction::ALL.iter().map(move |&d| (k, d)))
        .filter(|&pair| pair != (CaseKind::ServiceProvider, Direction::Incoming))
        .collect();
    assert_eq!(pairs, expected);
}

#[test]
fn histories_show_overrides_corrections_links_and_realistic_particulars() {
    let (book, _) = sample();
    let events = || book.cases().iter().flat_map(|c| c.history());
    assert!(events().any(|e| matches!(
        &e.kind,
        EventKind::Transition { override_reason: Some(_), overridden, .. } if !overridden.is_empty()
    )));
    assert!(events().any(|e| matches!(e.kind, EventKind::Correction { .. })));
    assert!(events().any(|e| matches!(e.kind, EventKind::ClockMet { .. })));
    assert!(book.cases().iter().any(|c| !c.details.links.is_empty()));
    assert!(book.cases().iter().any(|c| !c.details.hearings.is_empty()));
    assert!(book.cases().iter().any(|c| c.details.ncnd));
    let earliest = add_days(today(), -WINDOW_DAYS - 1);
    for c in book.cases() {
        assert!(
            c.opened >= earliest && c.opened <= today(),
            "{}",
            c.reference
        );
        assert!(c.last_update() <= today(), "{}", c.reference);
        if c.kind == CaseKind::Mla {
            assert!(!c.details.mla.assistance.is_empty());
        }
        // The death penalty is available only for the Pakistani statutes that carry it, and
        // only matters where Pakistan is the requesting state.
        const CAPITAL: &[&str] = &[
            "PPC s.302",
            "PPC s.365-A",
            "CNSA 1997 s.9(c)",
            "Anti-Terrorism Act 1997 s.7",
        ];
        for o in &c.details.offences {
            if o.death_penalty == DeathPenalty::NotAssessed {
                continue;
            }
            let capital =
                c.direction == Direction::Incoming && CAPITAL.contains(&o.statute.as_str());
            assert_eq!(
                o.death_penalty == DeathPenalty::Available,
                capital,
                "{} {}",
                c.reference,
                o.statute
            );
        }
    }
    // References run in date order within each series (EI-2025-0001, EI-2025-0002…).
    let mut by_reference: Vec<&Case> = book.cases().iter().collect();
    by_reference.sort_by(|a, b| a.reference.cmp(&b.reference));
    for pair in by_reference.windows(2) {
        if pair[0].reference[..8] == pair[1].reference[..8] {
            assert!(pair[0].opened <= pair[1].opened, "{}", pair[1].reference);
        }
    }
    let people = book.people();
    assert!(people.iter().any(|p| p.nationalities.len() == 2));
    assert!(people.iter().any(|p| !p.aliases.is_empty()));
    assert!(
        people
            .iter()
            .any(|p| p.name.contains('ë') || p.name.contains('á') || p.name.contains('é'))
    );
    assert!(
        people
            .iter()
            .any(|p| p.documents.iter().any(|d| d.kind == DocumentKind::Cnic))
    );
    assert!(people.iter().all(|p| {
        let year = p.date_of_birth.map_or(0, |d| d.year());
        (1960..=2004).contains(&year)
    }));
}
