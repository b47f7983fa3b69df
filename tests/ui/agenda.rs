//! The Agenda view: its buckets and filters, a line opening its case, the dashboard's head of
//! it, "Mark reviewed" in the case panel, and the holiday calendars' editor.

use super::*;
use casedesk::domain::agenda::{Agenda, Bucket, Filter, ItemKind, action_points};
use casedesk::domain::holidays::Region;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};

/// The lines of each bucket shown, in order: the cases' and the open action points'.
fn counts(book: &Casebook, filter: &Filter) -> Vec<(Bucket, usize)> {
    let agenda = Agenda::new(book, today());
    let actions = action_points(book.governance(), today(), false)
        .into_iter()
        .filter(|(_, a)| filter.accepts_action(a))
        .filter_map(|(b, _)| b);
    let buckets: Vec<Bucket> = agenda
        .lines(book, filter)
        .map(|(b, _, _)| b)
        .chain(actions)
        .collect();
    Bucket::ALL
        .iter()
        .map(|&b| (b, buckets.iter().filter(|&&x| x == b).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

fn show_agenda(h: &mut Harness<'static, CasedeskApp>) {
    h.get_by_label("Agenda").click();
    h.run_steps(3);
}

#[test]
fn the_agenda_shows_each_bucket_filters_by_kind_and_opens_a_case() {
    let dir = tempfile::tempdir().unwrap();
    let book = casedesk::sample::generate(150, 3, today());
    let all = counts(&book, &Filter::default());
    assert!(all.len() >= 3, "the sample fills the agenda: {all:?}");
    let (_, mut h) = dashboard_on(dir.path(), &book);
    // The dashboard's head: the next lines from today on.
    h.get_by_label("Next on the agenda");
    h.get_by_label("Open agenda").click();
    h.run_steps(3);
    // The list is virtualised: the first bucket's heading is on screen.
    let (bucket, n) = all[0];
    h.get_by_label(&format!("{bucket} ({n})"));
    // Only hearings.
    h.get_by_label("Kind").click();
    h.run_steps(2);
    h.get_by_label(ItemKind::Hearing.label()).click();
    h.run_steps(3);
    let hearings = Filter {
        kind: Some(ItemKind::Hearing),
        ..Filter::default()
    };
    let shown = counts(&book, &hearings);
    assert!(!shown.is_empty());
    let (bucket, n) = shown[0];
    assert_ne!(bucket, Bucket::Overdue, "a hearing is held, never overdue");
    h.get_by_label(&format!("{bucket} ({n})"));
    assert_eq!(
        h.state().desk().unwrap().agenda().len(),
        Agenda::new(&book, today()).len()
    );
    // A line opens its case in the register.
    let agenda = Agenda::new(&book, today());
    let (_, first, case) = agenda.lines(&book, &hearings).next().unwrap();
    let reference = case.reference.clone();
    let what = first.describe(case);
    h.query_all_by_label_contains(&format!("{reference}  ·  Hearing  ·  {what}"))
        .next()
        .unwrap()
        .click();
    h.run_steps(3);
    assert_eq!(selected_reference(&h), reference);
}

#[test]
fn mark_reviewed_records_the_review_and_the_agenda_follows_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let book = casedesk::sample::generate(40, 7, today());
    let (_, mut h) = dashboard_on(dir.path(), &book);
    show_agenda(&mut h);
    let agenda = Agenda::new(&book, today());
    let all = Filter::default();
    let (_, first, case) = agenda.lines(&book, &all).next().unwrap();
    let (id, reference) = (case.id, case.reference.clone());
    h.query_all_by_label_contains(&format!("{reference}  ·  {}", first.kind))
        .next()
        .unwrap()
        .click();
    h.run_steps(3);
    assert_eq!(selected_reference(&h), reference);
    h.get_by_label("Never reviewed");
    h.get_by_label("Mark reviewed").click();
    h.run_steps(3);
    let desk = h.state().desk().unwrap();
    assert_eq!(desk.book().case(id).unwrap().last_reviewed(), Some(today()));
    h.get_by_label(&format!("Last reviewed {}", today().format("%d %b %Y")));
    // The register's "Last reviewed" column: the only case reviewed sorts after the others.
    h.state_mut()
        .desk_mut()
        .unwrap()
        .register_mut()
        .sort_by("LastReviewed");
    h.run_steps(2);
    let desk = h.state().desk().unwrap();
    let sorted = desk.register().visible_references();
    assert_eq!(
        sorted.last().map(|r| r.to_string()),
        Some(reference.clone())
    );
    // The desk's agenda is the one a fresh pass over the edited casebook gives.
    let fresh = Agenda::new(desk.book(), today());
    let lines = |a: &Agenda| a.entries().copied().collect::<Vec<_>>();
    assert_eq!(lines(desk.agenda()), lines(&fresh));
}

/// The text field labelled `label` that comes last (the row just added): focused, then typed
/// into.
fn last_field(h: &mut Harness<'static, CasedeskApp>, label: &str, text: &str) {
    fn pick<'t>(h: &'t Harness<'static, CasedeskApp>, label: &'t str) -> egui_kittest::Node<'t> {
        h.query_all_by_label(label)
            .rfind(|n| n.accesskit_node().role() == Role::TextInput)
            .unwrap_or_else(|| panic!("no text field labelled {label:?}"))
    }
    pick(h, label).focus();
    h.run_steps(1);
    pick(h, label).type_text(text);
    h.run_steps(1);
}

#[test]
fn holiday_calendars_are_edited_in_the_window_and_saved_in_the_casebook() {
    let dir = tempfile::tempdir().unwrap();
    let book = casedesk::sample::generate(20, 7, today());
    let (_, mut h) = dashboard_on(dir.path(), &book);
    show_agenda(&mut h);
    h.get_by_label("Holiday calendars…").click();
    h.run_steps(3);
    // Pakistan 2026 opens first, with its source.
    h.get_by_label("Holiday calendars");
    let pk = |h: &Harness<'static, CasedeskApp>| {
        h.state()
            .desk()
            .unwrap()
            .book()
            .settings
            .holidays()
            .year(Region::Pakistan, 2026)
            .unwrap()
            .clone()
    };
    let before = pk(&h);
    // A date that does not exist is refused, naming the line; nothing changes.
    h.get_by_label("Add holiday").click();
    h.run_steps(2);
    last_field(&mut h, "Holiday date", "31/2/2026");
    last_field(&mut h, "Holiday name", "Nothing");
    h.get_by_label("Save calendar").click();
    h.run_steps(3);
    h.get_by_label_contains(&format!(
        "Holiday {}: 31/2/2026 does not exist",
        before.days.len() + 1
    ));
    assert_eq!(h.state().desk().unwrap().book().settings.holidays, None);
    // Eid-ul-Fitr's date as the Cabinet Division notified it: the bad line removed, a new one.
    h.query_all_by_label("Remove").next_back().unwrap().click();
    h.run_steps(2);
    h.get_by_label("Add holiday").click();
    h.run_steps(2);
    last_field(&mut h, "Holiday date", "2026-03-19");
    last_field(&mut h, "Holiday name", "Eid-ul-Fitr (notified)");
    h.get_by_label("Save calendar").click();
    h.run_steps(3);
    let after = pk(&h);
    assert_eq!(after.days.len(), before.days.len() + 1);
    assert!(after.days.iter().any(|d| d.name == "Eid-ul-Fitr (notified)"
        && d.date == chrono::NaiveDate::from_ymd_opt(2026, 3, 19).unwrap()));
    // Scotland's bank holidays instead of England and Wales'.
    h.get_by_label("United Kingdom calendar").click();
    h.run_steps(2);
    h.get_by_label("Scotland").click();
    h.run_steps(3);
    let desk = h.state().desk().unwrap();
    assert_eq!(desk.book().settings.holidays().uk_region, Region::Scotland);
    assert!(
        desk.is_dirty(),
        "the calendars are the casebook's, saved with it"
    );
}
