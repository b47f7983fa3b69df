//! File → Merge from another casebook…: the review screen, choosing a side, applying and
//! undoing the merge.

use crate::{finish_transfer, now, now_utc, today, type_into, window_on};
use casedesk::domain::merge::{Side, merge};
use casedesk::domain::{
    CaseId, CaseKind, Casebook, Command, Country, Ctx, Detail, DetailValue, Direction, EventKind,
    SeededIds, Settings, Status, TransitionRequest,
};
use egui_kittest::kittest::Queryable;
use std::path::Path;

/// Two copies edited apart: both rewrite the first case's summary, theirs changes the second
/// case's authority. Returns (ours, theirs path, first case, second case).
pub fn two_copies(dir: &Path) -> (Casebook, std::path::PathBuf, CaseId, CaseId) {
    let base = casedesk::sample::generate(3, 5, today());
    let (first, second) = (base.cases()[0].id, base.cases()[1].id);
    let now = now();
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
    casedesk::store::save(&path, &theirs, now_utc()).unwrap();
    (ours, path, first, second)
}

pub fn open_review(h: &mut egui_kittest::Harness<'static, casedesk::app::CasedeskApp>) {
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
    h.get_by_label("1 conflict: changed on both copies");
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

/// One officer's casebook holding a new incoming case.
fn incoming_case() -> (Casebook, CaseId) {
    let mut book = Casebook::new(Settings {
        officer_name: "A. Shaw".into(),
        officer_agency: "NCA".into(),
        ..Settings::default()
    });
    let case = CaseId(uuid::Uuid::from_u128(0xCA5E));
    let now = now();
    book.apply(
        Command::OpenCase {
            id: case,
            kind: CaseKind::Extradition,
            direction: Direction::Incoming,
            opened: today() - chrono::Days::new(10),
            details: Box::new(casedesk::domain::CaseDetails::new(
                Country::pakistan(),
                Country::uk(),
            )),
        },
        &mut Ctx {
            now,
            ids: &mut SeededIds::new(1),
        },
    )
    .unwrap();
    (book, case)
}

/// `book` with the case moved to the state coded `to`, recording `detail`, ids from `seed`.
fn moved(book: &Casebook, case: CaseId, to: &str, detail: (Detail, &str), seed: u64) -> Casebook {
    let workflow = book.case(case).unwrap().workflow();
    let mut request = TransitionRequest::new(
        Status::parse(workflow, to).unwrap(),
        today() - chrono::Days::new(9),
    )
    .with(detail.0, DetailValue::Text(detail.1.into()));
    request.override_reason = Some("Details to follow".into());
    let mut book = book.clone();
    book.apply(
        Command::Transition {
            case,
            request: Box::new(request),
        },
        &mut Ctx {
            now: now(),
            ids: &mut SeededIds::new(seed),
        },
    )
    .unwrap();
    book
}

/// `ours` with `theirs` merged in, every conflict settled by `side`, by `officer` at `at`.
fn resolved(ours: &Casebook, theirs: &Casebook, side: Side, officer: &str, at: &str) -> Casebook {
    let mut book = ours.clone();
    book.settings.officer_name = officer.into();
    let result = merge(&book, theirs);
    let choices = result
        .conflicts
        .iter()
        .map(|c| (c.subject.clone(), side))
        .collect();
    let mut ctx = Ctx {
        now: at.parse().unwrap(),
        ids: &mut SeededIds::new(3),
    };
    let command = result.resolve(&choices, &mut ctx).unwrap();
    book.apply(command, &mut ctx).unwrap();
    book
}

#[test]
fn the_review_shows_no_conflict_when_both_officers_made_the_same_choice() {
    let dir = tempfile::tempdir().unwrap();
    let (base, case) = incoming_case();
    let closed = moved(
        &base,
        case,
        "CLOSED_NO_ACTION",
        (Detail::ClosureReason, "No trace"),
        2,
    );
    let received = moved(
        &base,
        case,
        "REQUEST_RECEIVED",
        (Detail::Channel, "Diplomatic"),
        3,
    );
    // Both keep the closure, each on their own laptop, at their own time.
    let now = now_utc();
    let stamp = |minutes: i64| (now + chrono::Duration::minutes(minutes)).to_rfc3339();
    let ours = resolved(&closed, &received, Side::Ours, "A. Shaw", &stamp(1));
    let theirs = resolved(&received, &closed, Side::Theirs, "S. Qureshi", &stamp(2));
    casedesk::store::save(&dir.path().join("islamabad.ron"), &theirs, now).unwrap();

    let (_, mut h) = window_on(dir.path(), &ours);
    open_review(&mut h);
    h.get_by_label("Merge from islamabad.ron");
    assert!(
        h.query_by_label_contains("conflict").is_none(),
        "an equal choice is not a conflict"
    );
    h.get_by_label("Apply merge").click();
    h.run_steps(3);
    let merged = h.state().casebook().unwrap().case(case).unwrap().clone();
    assert_eq!(merged.status().code(), "CLOSED_NO_ACTION");
    let choices = merged
        .history()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::MergeChoice { .. }))
        .count();
    assert_eq!(choices, 1, "the same choice is one event");
}

#[test]
fn the_review_says_when_the_other_copy_comes_from_a_laptop_whose_clock_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let (base, case) = incoming_case();
    let mut theirs = base.clone();
    theirs.settings.officer_name = "S. Qureshi".into();
    let mut details = theirs.case(case).unwrap().details.clone();
    details.summary = "Seen in Leeds".into();
    theirs
        .apply(
            Command::UpdateCase {
                case,
                details: Box::new(details),
            },
            &mut Ctx {
                now: "2100-01-01T09:00:00+05:00".parse().unwrap(),
                ids: &mut SeededIds::new(4),
            },
        )
        .unwrap();
    casedesk::store::save(&dir.path().join("islamabad.ron"), &theirs, now_utc()).unwrap();
    let (_, mut h) = window_on(dir.path(), &base);
    open_review(&mut h);
    h.get_by_label_contains("S. Qureshi (NCA) up to 01 Jan 2100 are stamped more than a day ahead");
}
