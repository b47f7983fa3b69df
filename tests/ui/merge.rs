//! File → Merge from another casebook…: the review screen, choosing a side, applying and
//! undoing the merge.

use crate::{finish_transfer, today, type_into, window_on};
use casedesk::domain::{CaseId, Casebook, Command, Ctx, SeededIds, demo};
use egui_kittest::kittest::Queryable;
use std::path::Path;

/// Two copies edited apart: both rewrite the first case's summary, theirs changes the second
/// case's authority. Returns (ours, theirs path, first case, second case).
pub fn two_copies(dir: &Path) -> (Casebook, std::path::PathBuf, CaseId, CaseId) {
    let base = demo::generate(3, 5, today());
    let (first, second) = (base.cases()[0].id, base.cases()[1].id);
    let now: chrono::DateTime<chrono::FixedOffset> = chrono::Utc::now().into();
    let edit =
        |book: &mut Casebook, case: CaseId, change: &dyn Fn(&mut casedesk::domain::CaseDetails)| {
            let mut details = book.case(case).unwrap().details.clone();
            change(&mut details);
            let mut ids = SeededIds::new(9);
            book.apply(
                Command::UpdateCase {
                    case,
                    details: Box::new(details),
                },
                &mut Ctx { now, ids: &mut ids },
            )
            .unwrap();
        };
    let mut ours = base.clone();
    ours.settings.officer_name = "A. Shaw".into();
    edit(&mut ours, first, &|d| d.summary = "Seen in Bradford".into());
    let mut theirs = base;
    theirs.settings.officer_name = "S. Qureshi".into();
    theirs.settings.officer_agency = "FIA".into();
    edit(&mut theirs, first, &|d| d.summary = "Seen in Leeds".into());
    edit(&mut theirs, second, &|d| {
        d.requesting_authority = "FIA Lahore".into()
    });
    let path = dir.join("islamabad.ron");
    casedesk::store::save(&path, &theirs, chrono::Utc::now()).unwrap();
    (ours, path, first, second)
}

fn open_review(h: &mut egui_kittest::Harness<'static, casedesk::app::CasedeskApp>) {
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Merge from another casebook…").click();
    h.run_steps(2);
    type_into(h, "Path", "islamabad.ron");
    h.get_by_label("OK").click();
    h.run_steps(2);
    // Read and compared in the background.
    finish_transfer(h);
    // Past the modal's fade-in, which ignores clicks.
    h.run_steps(8);
}

#[test]
fn the_review_shows_both_values_and_applies_the_chosen_side_as_one_undoable_step() {
    let dir = tempfile::tempdir().unwrap();
    let (ours, _, first, second) = two_copies(dir.path());
    let (_, mut h) = window_on(dir.path(), &ours);
    open_review(&mut h);

    h.get_by_label("Merge from islamabad.ron");
    h.get_by_label("1 conflict(s): changed on both copies");
    h.get_by_label("Seen in Bradford");
    h.get_by_label("Seen in Leeds");
    h.get_by_label_contains("S. Qureshi (FIA), ");
    // Nothing has changed yet, and nothing can be applied while the conflict is open.
    let book = |h: &egui_kittest::Harness<'static, casedesk::app::CasedeskApp>| {
        h.state().casebook().unwrap().clone()
    };
    assert_eq!(book(&h), ours);
    h.get_by_label("Apply merge").click();
    h.run_steps(2);
    assert_eq!(book(&h), ours);

    h.get_by_label("Take theirs").click();
    h.run_steps(2);
    h.get_by_label("Apply merge").click();
    h.run_steps(3);
    let merged = book(&h);
    assert_eq!(merged.case(first).unwrap().details.summary, "Seen in Leeds");
    assert_eq!(
        merged.case(second).unwrap().details.requesting_authority,
        "FIA Lahore"
    );
    assert!(
        h.query_by_label("Apply merge").is_none(),
        "the review closed"
    );

    // One undo takes the whole merge back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(3);
    assert_eq!(book(&h), ours);
}

#[test]
fn keep_ours_for_the_rest_and_cancel_leave_our_values() {
    let dir = tempfile::tempdir().unwrap();
    let (ours, _, first, second) = two_copies(dir.path());
    let (_, mut h) = window_on(dir.path(), &ours);
    open_review(&mut h);
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert_eq!(h.state().casebook().unwrap(), &ours);
    assert!(
        h.query_by_label("Apply merge").is_none(),
        "the review closed"
    );

    open_review(&mut h);
    h.get_by_label("Keep ours for the rest").click();
    h.run_steps(2);
    h.get_by_label("Apply merge").click();
    h.run_steps(3);
    let merged = h.state().casebook().unwrap();
    assert_eq!(
        merged.case(first).unwrap().details.summary,
        "Seen in Bradford"
    );
    assert_eq!(
        merged.case(second).unwrap().details.requesting_authority,
        "FIA Lahore",
        "what only theirs changed comes in"
    );
}
