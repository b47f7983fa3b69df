//! The dashboard: the view a casebook opens on, its figures, and lines that open their case.

use super::*;
use casedesk::domain::{ClockStatus, EventKind, StatusGroup, clocks};
use chrono::Datelike;
use egui_kittest::kittest::Queryable;

/// Figures computed here from each case's events and clocks, as the dashboard describes them.
struct Expected {
    open: usize,
    /// Pending deadlines past due, most overdue first: (reference, clock title).
    overdue: Vec<(String, String, chrono::NaiveDate)>,
    due_within_7: usize,
    with_authorities: usize,
    opened_last_twelve_months: usize,
}

fn expected(book: &Casebook, today: chrono::NaiveDate) -> Expected {
    let cases = book.cases();
    // The first day of the month eleven months before this one.
    let first_month = (0..11).fold(today.with_day(1).unwrap(), |month, _| {
        month.pred_opt().unwrap().with_day(1).unwrap()
    });
    let mut e = Expected {
        open: 0,
        overdue: Vec::new(),
        due_within_7: 0,
        with_authorities: 0,
        opened_last_twelve_months: 0,
    };
    for case in cases {
        // The status a case stands in is where its last standing status event put it.
        let corrected: Vec<_> = case
            .history()
            .iter()
            .filter_map(|ev| match ev.kind {
                EventKind::Correction { corrects, .. } => Some(corrects),
                _ => None,
            })
            .collect();
        let status = case
            .history()
            .iter()
            .rev()
            .filter(|ev| !corrected.contains(&ev.id))
            .filter_map(|ev| match ev.kind {
                EventKind::Opened { status } | EventKind::Imported { status, .. } => Some(status),
                EventKind::Transition { to, .. } => Some(to),
                _ => None,
            })
            .next()
            .unwrap();
        if !status.is_terminal() {
            e.open += 1;
            if status.group() == StatusGroup::WithAuthorities {
                e.with_authorities += 1;
            }
        }
        if case.opened >= first_month && case.opened <= today {
            e.opened_last_twelve_months += 1;
        }
        for clock in clocks(case, today, &book.settings.working_days()) {
            let pending = clock.stopped_on.is_none()
                && matches!(
                    clock.status,
                    ClockStatus::Open | ClockStatus::Extended | ClockStatus::Missed
                );
            if pending && clock.due < today {
                e.overdue.push((
                    case.reference.clone(),
                    clock.key.rule().title.to_string(),
                    clock.due,
                ));
            } else if pending && (clock.due - today).num_days() <= 7 {
                e.due_within_7 += 1;
            }
        }
    }
    e.overdue.sort_by(|a, b| (a.2, &a.0).cmp(&(b.2, &b.0)));
    e
}

#[test]
fn the_dashboard_opens_first_with_figures_from_the_events() {
    let dir = tempfile::tempdir().unwrap();
    let book = casedesk::sample::generate(150, 3, today());
    let e = expected(&book, today());
    assert!(
        !e.overdue.is_empty() && e.due_within_7 > 0,
        "the fixture has deadlines to show"
    );
    let (_, mut h) = dashboard_on(dir.path(), &book);

    h.get_by_label(&format!("Today, {}", today().format("%A %d %B %Y")));
    // Overdue cases (one definition with the register and `casedesk list --overdue`); the
    // list below has each of their overdue deadlines.
    let overdue_cases: std::collections::HashSet<&String> = e
        .overdue
        .iter()
        .map(|(reference, _, _)| reference)
        .collect();
    h.get_by_label_contains(&format!(
        "{} open cases · {} overdue · {} due within 7 days",
        e.open,
        overdue_cases.len(),
        e.due_within_7
    ));
    h.get_by_label(&format!("Overdue deadlines ({})", e.overdue.len()));
    h.get_by_label(&format!("Due within 7 days ({})", e.due_within_7));
    h.get_by_label_contains(&format!("{} opened and", e.opened_last_twelve_months));
    // The open cases by status: the "With the authorities" row and its count.
    let with_authorities = StatusGroup::WithAuthorities.to_string();
    h.get_by_label(&with_authorities);
    assert!(
        h.query_all_by_label(&e.with_authorities.to_string())
            .count()
            > 0,
        "the count of cases with the authorities is shown"
    );
    // The most overdue deadline heads its list.
    let (reference, title, _) = &e.overdue[0];
    h.get_by_label_contains(&format!("{reference}  ·  {title}  ·  due"));

    // A change to the casebook is reflected at once: a new case is one more open case.
    new_case(&mut h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num1);
    h.run_steps(2);
    h.get_by_label_contains(&format!("{} open cases ·", e.open + 1));
}

#[test]
fn clicking_an_overdue_line_opens_its_case() {
    let dir = tempfile::tempdir().unwrap();
    let book = casedesk::sample::generate(80, 5, today());
    let e = expected(&book, today());
    let (reference, title, _) = e.overdue[0].clone();
    let (_, mut h) = dashboard_on(dir.path(), &book);
    h.get_by_label_contains(&format!("{reference}  ·  {title}  ·  due"))
        .click();
    h.run_steps(3);
    assert_eq!(selected_reference(&h), reference);
    // The case panel shows it beside the register, under its reference.
    h.get_by_label("Status and deadlines");
    assert!(h.query_all_by_label(&reference).count() >= 1);

    // "Show in register" on the overdue list filters the register to overdue deadlines.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num1);
    h.run_steps(2);
    h.query_all_by_label("Show in register")
        .next()
        .unwrap()
        .click();
    h.run_steps(2);
    let mut shown: Vec<String> = h
        .state()
        .desk()
        .unwrap()
        .register()
        .visible_references()
        .iter()
        .map(|s| s.to_string())
        .collect();
    shown.sort();
    let mut overdue: Vec<String> = e.overdue.iter().map(|o| o.0.clone()).collect();
    overdue.sort();
    overdue.dedup();
    // The register lists a case by its next deadline: every overdue case, and only those.
    assert_eq!(shown, overdue);
}

/// Counts of a central authority's casebook read as officers read them: 1,234, not 1234.
#[test]
fn counts_in_the_thousands_are_grouped() {
    let dir = tempfile::tempdir().unwrap();
    let book = casedesk::sample::generate(1_500, 3, today());
    let e = expected(&book, today());
    assert!(e.open >= 1_000, "the fixture has {} open cases", e.open);
    let (_, h) = dashboard_on(dir.path(), &book);
    let grouped = format!("{},{:03}", e.open / 1_000, e.open % 1_000);
    h.get_by_label_contains(&format!("{grouped} open cases ·"));
    assert!(
        h.query_by_label_contains(&format!("{} open cases", e.open))
            .is_none()
    );
}
