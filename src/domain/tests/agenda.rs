//! The agenda: what is due across the casebook, bucketed, filtered and kept up to date case by
//! case; "Mark reviewed" and the last-reviewed date.

use super::*;
use crate::domain::agenda::{Agenda, Bucket, Entry, Filter, ItemKey, ItemKind};
use crate::domain::case::{Hearing, HearingKind, Task};
use crate::domain::clock::ClockKey;

/// Tuesday 1 December 2026: "this week" runs to Sunday 6 December.
const TODAY: &str = "2026-12-01";

fn record(n: u128) -> RecordId {
    RecordId(Uuid::from_u128(n))
}

/// An incoming extradition case provisionally arrested on 2026-11-17 (UK_PA_DOCS, 45 days
/// starting with it, due 2026-12-31), with hearings and tasks around today.
fn fixture() -> Fixture {
    let mut fx = Fixture::ready(CaseKind::Extradition, Direction::Incoming, "2026-11-01");
    fx.set_now(TODAY);
    fx.walk(&[
        (inc(IncomingState::PaRequested), "2026-11-16"),
        (inc(IncomingState::PaArrested), "2026-11-17"),
    ]);
    fx.update(|d| {
        d.assigned_officer = "A. Officer".into();
        d.area = ProgrammeArea::Narcotics;
        for (id, date, kind) in [
            (1, "2026-11-25", HearingKind::Initial), // past: not on the agenda
            (2, "2026-12-01", HearingKind::Bail),
            (3, "2026-12-04", HearingKind::Extradition),
            (4, "2027-02-01", HearingKind::Appeal), // beyond 30 days
        ] {
            d.hearings.push(Hearing {
                id: record(id),
                date: d_(date),
                kind,
                court: "Westminster Magistrates' Court".into(),
                outcome: String::new(),
                public: true,
            });
        }
        for (id, due, done, assignee) in [
            (10, Some("2026-11-28"), false, "B. Colleague"), // overdue, for someone else
            (11, Some("2026-12-20"), false, ""),
            (12, Some("2026-12-02"), true, ""), // done: not on the agenda
            (13, None, false, ""),              // no due date: not on the agenda
        ] {
            d.tasks.push(Task {
                id: record(id),
                text: format!("Task {id}"),
                due: due.map(d_),
                done,
                assignee: assignee.into(),
            });
        }
    });
    fx
}

fn d_(s: &str) -> NaiveDate {
    d(s)
}

fn lines(agenda: &Agenda, book: &Casebook, filter: &Filter) -> Vec<(Bucket, NaiveDate, ItemKind)> {
    agenda
        .lines(book, filter)
        .map(|(b, e, _)| (b, e.date, e.kind))
        .collect()
}

#[test]
fn the_agenda_buckets_every_kind_of_item_from_today() {
    let fx = fixture();
    let agenda = Agenda::new(&fx.book, d(TODAY));
    use Bucket::*;
    use ItemKind::*;
    assert_eq!(
        lines(&agenda, &fx.book, &Filter::default()),
        vec![
            (Overdue, d("2026-11-28"), Task),
            (Today, d("2026-12-01"), Hearing),
            (ThisWeek, d("2026-12-04"), Hearing),
            (Next30Days, d("2026-12-20"), Task),
            (Next30Days, d("2026-12-31"), Deadline),
        ]
    );
    // Beyond the horizon the lines are kept for the calendar feed.
    let all: Vec<&Entry> = agenda.entries().collect();
    assert_eq!(all.len(), 6);
    assert_eq!(all[5].date, d("2027-02-01"));
    assert_eq!(all[5].bucket(d(TODAY)), None);
}

#[test]
fn this_week_ends_on_sunday() {
    let e = |date: &str| Entry {
        date: d(date),
        case: CaseId(Uuid::nil()),
        key: ItemKey::Record(record(1)),
        kind: ItemKind::Task,
    };
    // Tuesday 1 December: Sunday 6 is this week, Monday 7 the next 30 days.
    assert_eq!(e("2026-12-06").bucket(d(TODAY)), Some(Bucket::ThisWeek));
    assert_eq!(e("2026-12-07").bucket(d(TODAY)), Some(Bucket::Next30Days));
    assert_eq!(e("2026-12-31").bucket(d(TODAY)), Some(Bucket::Next30Days));
    assert_eq!(e("2027-01-01").bucket(d(TODAY)), None);
    // On a Sunday, this week is over: tomorrow is in the next 30 days.
    assert_eq!(
        e("2026-12-07").bucket(d("2026-12-06")),
        Some(Bucket::Next30Days)
    );
}

#[test]
fn the_agenda_filters_by_officer_kind_and_area() {
    let fx = fixture();
    let agenda = Agenda::new(&fx.book, d(TODAY));
    let colleague = Filter {
        officer: Some(" b. colleague ".into()),
        ..Filter::default()
    };
    assert_eq!(
        lines(&agenda, &fx.book, &colleague),
        vec![(Bucket::Overdue, d("2026-11-28"), ItemKind::Task)],
        "a task is for its assignee, whatever the case's officer"
    );
    let officer = Filter {
        officer: Some("A. Officer".into()),
        ..Filter::default()
    };
    assert_eq!(lines(&agenda, &fx.book, &officer).len(), 4);
    let hearings = Filter {
        kind: Some(ItemKind::Hearing),
        ..Filter::default()
    };
    assert_eq!(lines(&agenda, &fx.book, &hearings).len(), 2);
    let other_area = Filter {
        area: Some(ProgrammeArea::FraudCorruption),
        ..Filter::default()
    };
    assert!(lines(&agenda, &fx.book, &other_area).is_empty());
    let narcotics = Filter {
        area: Some(ProgrammeArea::Narcotics),
        kind: Some(ItemKind::Deadline),
        ..Filter::default()
    };
    assert_eq!(lines(&agenda, &fx.book, &narcotics).len(), 1);
    assert_eq!(
        agenda.officers(&fx.book),
        vec!["A. Officer", "B. Colleague"]
    );
}

#[test]
fn an_edit_updates_its_cases_lines_as_a_fresh_agenda_would() {
    let mut fx = fixture();
    let mut agenda = Agenda::new(&fx.book, d(TODAY));
    // The papers arrive: UK_PA_DOCS is met; a task is done; a hearing is added.
    fx.satisfy_all();
    fx.walk(&[
        (inc(IncomingState::RequestReceived), "2026-11-28"),
        (
            inc(IncomingState::SpecialArrangementCertified),
            "2026-11-29",
        ),
        (inc(IncomingState::RequestCertified), "2026-11-30"),
    ]);
    fx.update(|d| {
        d.tasks.retain(|t| t.id != record(11));
        d.hearings.push(Hearing {
            id: record(5),
            date: d_("2026-12-10"),
            kind: HearingKind::Other,
            court: Default::default(),
            outcome: String::new(),
            public: false,
        });
    });
    agenda.update_case(&fx.book, fx.case);
    let fresh = Agenda::new(&fx.book, d(TODAY));
    let all = |a: &Agenda| a.entries().copied().collect::<Vec<_>>();
    assert_eq!(all(&agenda), all(&fresh));
    // Edited again: the lines of the first edit give way too.
    agenda.update_case(&fx.book, fx.case);
    assert_eq!(all(&agenda), all(&fresh));
    assert!(
        !all(&agenda)
            .iter()
            .any(|e| matches!(e.key, ItemKey::Clock(ClockKey::UkPaDocs, _)))
    );
    assert!(
        all(&agenda)
            .iter()
            .any(|e| e.key == ItemKey::Record(record(5)))
    );
    // A case gone takes its lines with it.
    let mut gone = agenda.clone();
    gone.update_case(&Casebook::default(), fx.case);
    assert!(gone.is_empty());
}

#[test]
fn a_closed_case_keeps_only_the_clocks_that_outlive_it() {
    let mut fx = fixture();
    fx.go(inc(IncomingState::Discharged), "2026-11-30");
    let agenda = Agenda::new(&fx.book, d(TODAY));
    let kinds: Vec<ItemKind> = agenda.entries().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        vec![ItemKind::Deadline],
        "the requesting state's appeal window outlives the discharge; hearings and tasks go"
    );
}

#[test]
fn mark_reviewed_is_an_event_and_gives_the_last_reviewed_date() {
    let mut fx = fixture();
    assert_eq!(fx.case().last_reviewed(), None);
    let before = fx.case().last_update();
    let case = fx.case;
    let review = |on: &str| Command::MarkReviewed {
        case,
        on: d(on),
        note: "monthly review".into(),
    };
    let applied = fx.apply(review("2026-11-30")).unwrap();
    assert_eq!(applied.undo, None, "events are append-only");
    assert!(matches!(
        &fx.last_event().kind,
        EventKind::Reviewed { note } if &**note == "monthly review"
    ));
    fx.apply(review("2026-11-25")).unwrap();
    assert_eq!(
        fx.case().last_reviewed(),
        Some(d("2026-11-30")),
        "the latest review"
    );
    assert_eq!(
        fx.case().last_update(),
        before,
        "a review is not news about the case"
    );
    let len = fx.history_len();
    for bad in ["2026-12-02", "2026-10-31"] {
        let err = fx.apply(review(bad)).unwrap_err();
        assert!(
            matches!(err, CommandError::BadReviewDate { .. }),
            "{bad}: {err}"
        );
        assert!(
            err.to_string()
                .contains("between the day it was opened (2026-11-01) and today")
        );
    }
    assert_eq!(fx.history_len(), len, "nothing recorded on error");
    let unknown = Command::MarkReviewed {
        case: CaseId(Uuid::from_u128(99)),
        on: d(TODAY),
        note: String::new(),
    };
    assert!(matches!(
        fx.apply(unknown),
        Err(CommandError::UnknownCase(_))
    ));
}

#[test]
fn settings_with_a_broken_holiday_calendar_are_refused() {
    use crate::domain::holidays::{Holiday, HolidayCalendars, HolidayError, Region};
    let mut fx = fixture();
    let mut holidays = HolidayCalendars::built_in();
    let mut year = holidays.year(Region::Pakistan, 2026).unwrap().clone();
    year.days.push(Holiday {
        date: d("2027-01-01"),
        name: "Misplaced".into(),
    });
    holidays.years.push(year);
    let settings = Settings {
        holidays: Some(holidays),
        ..fx.book.settings.clone()
    };
    let err = fx
        .apply(Command::UpdateSettings(Box::new(settings)))
        .unwrap_err();
    assert!(
        matches!(err, CommandError::Holidays(HolidayError::WrongYear { .. })),
        "{err}"
    );
    assert_eq!(fx.book.settings.holidays, None);
}

/// A deadline's line says its rule in the officer's words, never the catalogue's code.
#[test]
fn a_deadlines_line_names_its_rule_without_its_code() {
    let fx = fixture();
    let agenda = Agenda::new(&fx.book, d(TODAY));
    let deadlines: Vec<String> = agenda
        .entries()
        .filter(|e| e.kind == ItemKind::Deadline)
        .map(|e| {
            let case = fx.book.cases().iter().find(|c| c.id == e.case).unwrap();
            e.describe(case)
        })
        .collect();
    assert!(!deadlines.is_empty());
    for line in &deadlines {
        assert!(
            !line.contains('_') && !line.contains(':'),
            "a code in {line:?}"
        );
    }
}

#[test]
fn the_lines_from_today_are_the_agendas_without_the_overdue_ones() {
    let mut fx = fixture();
    let mut agenda = Agenda::new(&fx.book, d(TODAY));
    let check = |agenda: &Agenda, book: &Casebook| {
        let f = Filter::default();
        let upcoming: Vec<_> = agenda
            .lines_from(agenda.today(), book, &f)
            .map(|(b, e, _)| (b, *e))
            .collect();
        let expected: Vec<_> = agenda
            .lines(book, &f)
            .filter(|(b, _, _)| *b != Bucket::Overdue)
            .map(|(b, e, _)| (b, *e))
            .collect();
        assert!(!upcoming.is_empty());
        assert!(agenda.lines(book, &f).any(|(b, _, _)| b == Bucket::Overdue));
        assert_eq!(upcoming, expected);
    };
    check(&agenda, &fx.book);
    // An edited case's lines are kept beside those at open: its overdue ones are skipped too.
    fx.update(|d| {
        d.tasks.push(Task {
            id: record(20),
            text: "Late".into(),
            due: Some(d_("2026-11-20")),
            done: false,
            assignee: Default::default(),
        })
    });
    agenda.update_case(&fx.book, fx.case);
    check(&agenda, &fx.book);
}
