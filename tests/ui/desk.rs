//! The register and undo/redo.

use super::*;
use casedesk::domain::CaseKind;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

#[test]
fn the_register_filters_by_text_and_by_facet() {
    let dir = tempfile::tempdir().unwrap();
    let book = casedesk::sample::generate(120, 11, today());
    let (_, mut h) = window_on(dir.path(), &book);
    let all = h
        .state()
        .desk()
        .unwrap()
        .register()
        .visible_references()
        .len();
    assert_eq!(all, 120);

    // Free text: a person's name finds exactly the cases naming that person (or alias, or as
    // a father's name).
    let person = book.cases()[5]
        .details
        .subjects()
        .next()
        .and_then(|p| book.person(p))
        .unwrap();
    let surname = person.name.split_whitespace().last().unwrap().to_string();
    // Computed here from the casebook, field by field, as the issue lists them.
    let needle = surname.to_lowercase();
    let has = |text: &str| text.to_lowercase().contains(&needle);
    let expected: Vec<&str> = book
        .cases()
        .iter()
        .filter(|c| {
            let d = &c.details;
            has(&c.reference)
                || has(&d.summary)
                || d.parties
                    .iter()
                    .filter_map(|p| book.person(p.person))
                    // Father's names too, as `domain::search` finds people.
                    .any(|p| p.names().any(has) || has(&p.father_name))
                || d.offences
                    .iter()
                    .any(|o| has(&o.description) || has(&o.statute))
                || d.notes.iter().any(|n| has(&n.text))
                || d.external_references.iter().any(|r| has(&r.value))
        })
        .map(|c| c.reference.as_str())
        .collect();
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run_steps(1);
    h.get_by_label("Filter").type_text(&surname);
    h.run_steps(2);
    let mut shown = h.state().desk().unwrap().register().visible_references();
    shown.sort();
    let mut wanted = expected.clone();
    wanted.sort();
    assert!(!wanted.is_empty());
    assert_eq!(shown, wanted);
    assert!(
        h.query_by_label(expected[0]).is_some(),
        "the matching case is on screen"
    );

    // Clear the text, then a facet: only MLA cases.
    h.get_by_label("Filter").focus();
    h.key_combination_modifiers(Modifiers::COMMAND, &[Key::A]);
    h.key_press(Key::Backspace);
    h.run_steps(2);
    assert_eq!(
        h.state()
            .desk()
            .unwrap()
            .register()
            .visible_references()
            .len(),
        120
    );
    h.state_mut().desk_mut().unwrap().register_mut().facets.kind = Some(CaseKind::Mla);
    h.state_mut().desk_mut().unwrap().register_mut().refilter();
    h.run_steps(1);
    let mla: Vec<&str> = book
        .cases()
        .iter()
        .filter(|c| c.kind == CaseKind::Mla)
        .map(|c| c.reference.as_str())
        .collect();
    assert_eq!(
        h.state()
            .desk()
            .unwrap()
            .register()
            .visible_references()
            .len(),
        mla.len()
    );
}

#[test]
fn the_kind_facet_is_chosen_from_its_combo_box() {
    let dir = tempfile::tempdir().unwrap();
    let book = casedesk::sample::generate(60, 5, today());
    let (_, mut h) = window_on(dir.path(), &book);
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Kind")
        .click();
    h.run_steps(2);
    h.get_by_label("Extradition").click();
    h.run_steps(2);
    let wanted = book
        .cases()
        .iter()
        .filter(|c| c.kind == CaseKind::Extradition)
        .count();
    assert_eq!(
        h.state()
            .desk()
            .unwrap()
            .register()
            .visible_references()
            .len(),
        wanted
    );
    assert!(wanted < 60);
}

#[test]
fn undo_and_redo_cover_a_new_case() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut h) = window_on(dir.path(), &casedesk::domain::Casebook::default());
    new_case(&mut h);
    assert_eq!(h.state().casebook().unwrap().cases().len(), 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().casebook().unwrap().cases().len(), 0);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().casebook().unwrap().cases().len(), 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run_steps(2);
    assert_eq!(h.state().casebook().unwrap().cases().len(), 1);
}

#[test]
fn arrow_keys_move_the_selection_through_the_sorted_register() {
    let dir = tempfile::tempdir().unwrap();
    let book = casedesk::sample::generate(30, 2, today());
    let (_, mut h) = window_on(dir.path(), &book);
    h.get_by_label("Reference ↑").click();
    h.run_steps(2);
    // Sorted descending now.
    let refs = h
        .state()
        .desk()
        .unwrap()
        .register()
        .visible_references()
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>();
    let mut sorted = refs.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(refs, sorted);
    h.key_press(Key::ArrowDown);
    h.run_steps(1);
    h.key_press(Key::ArrowDown);
    h.run_steps(2);
    assert_eq!(selected_reference(&h), refs[1]);
}

#[test]
fn clicking_a_row_opens_its_case_beside_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let book = casedesk::sample::generate(20, 4, today());
    let (_, mut h) = window_on(dir.path(), &book);
    let reference = h.state().desk().unwrap().register().visible_references()[3].to_string();
    h.get_by_label(&reference).click();
    h.run_steps(2);
    assert_eq!(selected_reference(&h), reference);
    // The case panel shows its reference as a heading and its status.
    assert_eq!(h.query_all_by_label(&reference).count(), 2);
    h.get_by_label("Status and deadlines");
}

/// A step of many commands (an import's undo) is all or nothing: when one of them fails, the
/// ones before it are taken back and the step stays on the undo stack.
#[test]
fn an_undo_step_that_fails_half_way_changes_nothing_and_is_kept() {
    use casedesk::app::desk::Desk;
    use casedesk::domain::{CaseId, Command};
    let dir = tempfile::tempdir().unwrap();
    let book = casedesk::sample::generate(3, 4, today());
    let mut desk = Desk::new(
        dir.path().join("book.ron"),
        casedesk::domain::Casebook::default(),
        clock(),
        casedesk::app::trust::Trust::default(),
    );
    let first = book.cases()[0].id;
    // The second command cannot apply: no such case.
    let missing = CaseId(uuid::Uuid::from_u128(0xDEAD));
    let step = vec![
        Command::DiscardCase { case: first },
        Command::DiscardCase { case: missing },
    ];
    desk.adopt(book.clone(), Some(step), Vec::new());
    assert_eq!(desk.register().visible_count(), 3);

    desk.undo();
    assert_eq!(*desk.book(), book, "the first discard was taken back");
    assert_eq!(desk.register().visible_count(), 3);
    assert!(desk.notice().is_some_and(|n| n.error));
    assert!(desk.can_undo(), "the step is kept, to try again");
}

/// The deadline facets, ticked: the cases overdue, then those due within a week, as the domain
/// works out each case's next deadline (at open the register takes them from the dashboard's
/// pass over every case's clocks).
#[test]
fn the_deadline_facets_show_the_cases_overdue_or_due_within_a_week() {
    let dir = tempfile::tempdir().unwrap();
    let book = casedesk::sample::generate(200, 11, today());
    let (_, mut h) = window_on(dir.path(), &book);
    let days = book.settings.working_days();
    let cases_whose = |keep: &dyn Fn(&casedesk::domain::Clock) -> bool| {
        let mut found: Vec<String> = book
            .cases()
            .iter()
            .filter(|c| {
                casedesk::domain::next_deadline(c, today(), &days).is_some_and(|n| keep(&n))
            })
            .map(|c| c.reference.clone())
            .collect();
        found.sort();
        found
    };
    let shown = |h: &Harness<'static, CasedeskApp>| {
        let register = h.state().desk().unwrap().register();
        let mut shown: Vec<String> = register
            .visible_references()
            .into_iter()
            .map(String::from)
            .collect();
        shown.sort();
        shown
    };
    h.get_by_label("Overdue").click();
    h.run_steps(2);
    let overdue = cases_whose(&|n| n.is_overdue());
    assert!(!overdue.is_empty());
    assert_eq!(shown(&h), overdue);

    h.get_by_label("Overdue").click();
    h.get_by_label("Due within").click();
    h.run_steps(2);
    let within_a_week = cases_whose(&|n| (0..=7).contains(&n.days_left));
    assert!(!within_a_week.is_empty());
    assert_eq!(shown(&h), within_a_week);
}
