//! Deadlines in the officer's words (issue 18, item 8): no internal code or reference file in
//! the panel, the period and how it is counted, the consequence as a sentence, why a deadline
//! stopped, and what each move recorded in the history.

use super::status::{arrested, open_case};
use super::*;
use casedesk::domain::*;
use egui_kittest::kittest::Queryable;

#[test]
fn a_deadline_says_its_period_counting_and_consequence_without_codes() {
    let dir = tempfile::tempdir().unwrap();
    let (book, case) = arrested();
    let (_, mut h) = window_on(dir.path(), &book);
    open_case(&mut h, case);
    h.get_by_label("Extend \u{201c}Request papers after provisional arrest\u{201d}…");
    h.get_by_label("Record \u{201c}Request papers after provisional arrest\u{201d} met…");
    h.get_by_label("45 calendar days from the provisional arrest, that day counting as day 1");
    h.get_by_label("If missed: the requested person must be discharged.");
    let codes = clock::CATALOGUE.iter().map(|r| r.code);
    for internal in codes.chain(["domain.md", "law.md"]) {
        assert_eq!(
            h.query_all_by_label_contains(internal).count(),
            0,
            "{internal} shown"
        );
    }
}

#[test]
fn the_history_shows_what_each_move_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let (book, case) = arrested();
    let (_, mut h) = window_on(dir.path(), &book);
    open_case(&mut h, case);
    h.get_by_label("Court: Westminster Magistrates' Court");
    h.get_by_label("Custody or bail: Custody");
    h.get_by_label("Time of arrest: 00:00");
    h.get_by_label("Reason for urgency: Flight booked");
}

#[test]
fn a_deadline_whose_start_was_corrected_says_why_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, case) = arrested();
    let arrest = book.case(case).unwrap().correctable().unwrap().id;
    book.apply(
        Command::Correct {
            case,
            event: arrest,
            reason: "Arrest entered on the wrong case".into(),
        },
        &mut Ctx {
            now: now(),
            ids: &mut SeededIds::new(3),
        },
    )
    .unwrap();
    let (_, mut h) = window_on(dir.path(), &book);
    open_case(&mut h, case);
    h.get_by_label("Void: the change that started it was corrected.");
}
