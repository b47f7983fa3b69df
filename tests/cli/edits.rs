//! `casedesk show` gives each edit of a case with its old and new values (issue 20).

use super::{casedesk, path_str, text};
use casedesk::domain::{Command, Ctx, SeededIds};
use casedesk::store;

#[test]
fn show_gives_an_edit_with_its_old_and_new_values() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("casebook.ron");
    let today = "2026-11-23".parse().unwrap();
    let mut book = casedesk::sample::generate(3, 2, today);
    let case = book.cases()[0].clone();
    let mut details = case.details.clone();
    let old = details.summary.clone();
    details.summary = "Revised after the second letter".into();
    book.apply(
        Command::UpdateCase {
            case: case.id,
            details: Box::new(details),
        },
        &mut Ctx {
            now: "2026-11-24T09:30:00+05:00".parse().unwrap(),
            ids: &mut SeededIds::new(4),
        },
    )
    .unwrap();
    store::save(&file, &book, "2026-11-24T05:00:00Z".parse().unwrap()).unwrap();

    let out = casedesk(&["show", path_str(&file), &case.reference]);
    assert!(out.status.success(), "{}", text(&out));
    let shown = text(&out);
    let change =
        format!("Summary: \u{201c}{old}\u{201d} → \u{201c}Revised after the second letter\u{201d}");
    assert!(
        shown
            .lines()
            .any(|l| l.contains("Details edited: Summary") && l.contains(&change)),
        "no edit in:\n{shown}"
    );
}
