//! Issue 25: two officers who resolve the same status conflict the same way end with one
//! casebook; resolved differently, it is an ordinary conflict either `--prefer` settles.

use super::{casedesk, path_str, text};
use casedesk::domain::{Casebook, EventKind};
use std::path::{Path, PathBuf};

fn run(args: &[&str]) -> String {
    let out = casedesk(args);
    let shown = text(&out);
    assert!(out.status.success(), "casedesk {args:?}:\n{shown}");
    shown
}

fn load(path: &Path) -> Casebook {
    casedesk::store::load(path).unwrap()
}

/// Copies a and b of one casebook holding a new incoming case: a closed it (PRE_REQUEST →
/// CLOSED_NO_ACTION), b received the request (PRE_REQUEST → REQUEST_RECEIVED).
fn moved_apart(dir: &Path) -> (PathBuf, PathBuf, String) {
    let base = dir.join("base.ron");
    let reference = run(&[
        "new",
        path_str(&base),
        "--kind",
        "extradition",
        "--direction",
        "incoming",
        "--opened",
        "2026-03-01",
    ])
    .trim()
    .to_string();
    let (a, b) = (dir.join("a.ron"), dir.join("b.ron"));
    std::fs::copy(&base, &a).unwrap();
    std::fs::copy(&base, &b).unwrap();
    run(&[
        "transition",
        path_str(&a),
        &reference,
        "CLOSED_NO_ACTION",
        "--on",
        "2026-03-02",
        "--detail",
        "Closure reason=No evidence of presence in the UK",
    ]);
    run(&[
        "transition",
        path_str(&b),
        &reference,
        "REQUEST_RECEIVED",
        "--on",
        "2026-03-02",
        "--detail",
        "Channel=Diplomatic note",
        "--override-reason",
        "Details to follow from the FIA",
    ]);
    (a, b, reference)
}

fn merge(ours: &Path, theirs: &Path, out: &Path, prefer: &str) -> String {
    run(&[
        "merge",
        path_str(ours),
        path_str(theirs),
        "-o",
        path_str(out),
        "--force",
        "--prefer",
        prefer,
    ])
}

#[test]
fn officers_who_resolve_a_status_conflict_the_same_way_end_with_one_casebook() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, reference) = moved_apart(dir.path());
    let (p, q) = (dir.path().join("p.ron"), dir.path().join("q.ron"));
    // Both keep a's closure, each from their own side.
    assert!(merge(&a, &b, &p, "ours").contains("1 conflict"));
    assert!(merge(&b, &a, &q, "theirs").contains("1 conflict"));

    // The two results merge without a conflict, whichever way and whatever is preferred.
    for prefer in ["none", "ours", "theirs"] {
        for (ours, theirs) in [(&p, &q), (&q, &p)] {
            let out = dir.path().join("again.ron");
            let shown = merge(ours, theirs, &out, prefer);
            assert!(shown.contains("No conflicts."), "{shown}");
        }
    }
    // Once each has merged the other, the two casebooks are one, event ids included.
    let (p2, q2) = (dir.path().join("p2.ron"), dir.path().join("q2.ron"));
    merge(&p, &q, &p2, "none");
    merge(&q, &p, &q2, "none");
    let (p2, q2) = (load(&p2), load(&q2));
    assert_eq!(p2, q2);
    let case = p2.case_by_reference(&reference).unwrap();
    assert_eq!(case.status().code(), "CLOSED_NO_ACTION");
    let choices = case
        .history()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::MergeChoice { .. }))
        .count();
    assert_eq!(choices, 1, "one choice, made twice: {:#?}", case.history());
    assert!(
        casedesk(&["check", path_str(&dir.path().join("p2.ron"))])
            .status
            .success()
    );
}

#[test]
fn officers_who_resolve_it_differently_get_an_ordinary_conflict_either_side_settles() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, reference) = moved_apart(dir.path());
    let (p, r) = (dir.path().join("p.ron"), dir.path().join("r.ron"));
    merge(&a, &b, &p, "ours");
    merge(&a, &b, &r, "theirs");
    let pending = casedesk(&["merge", path_str(&p), path_str(&r)]);
    assert!(!pending.status.success());
    assert!(text(&pending).contains("1 conflict"), "{}", text(&pending));
    for (prefer, status) in [("ours", "CLOSED_NO_ACTION"), ("theirs", "REQUEST_RECEIVED")] {
        let out = dir.path().join(format!("{prefer}.ron"));
        merge(&p, &r, &out, prefer);
        let book = load(&out);
        let case = book.case_by_reference(&reference).unwrap();
        assert_eq!(case.status().code(), status);
        // Every event of both copies stays on record.
        for copy in [load(&p), load(&r)] {
            for e in copy.case_by_reference(&reference).unwrap().history() {
                assert!(case.history().iter().any(|x| x.id == e.id), "{e:?} kept");
            }
        }
        // And the result takes in both copies without a further choice.
        for copy in [&p, &r] {
            let again = dir.path().join("again.ron");
            assert!(merge(&out, copy, &again, "none").contains("No conflicts."));
        }
    }
}

#[test]
fn merge_with_an_output_writes_it_even_when_nothing_is_new() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _, _) = moved_apart(dir.path());
    let out = dir.path().join("out.ron");
    let shown = merge(&a, &a, &out, "none");
    assert!(shown.contains("Nothing to merge"), "{shown}");
    assert_eq!(load(&out), load(&a));
}

#[test]
fn the_summary_says_when_a_copy_comes_from_a_laptop_whose_clock_is_wrong() {
    use casedesk::domain::{CaseDetails, CaseId, CaseKind, Command, Country, Ctx, Direction};
    let dir = tempfile::tempdir().unwrap();
    let mut theirs = Casebook::new(casedesk::domain::Settings {
        officer_name: "S. Qureshi".into(),
        officer_agency: "FIA".into(),
        ..Default::default()
    });
    theirs
        .apply(
            Command::OpenCase {
                id: CaseId(uuid::Uuid::from_u128(0xC0FFEE)),
                kind: CaseKind::Mla,
                direction: Direction::Incoming,
                opened: "2026-03-01".parse().unwrap(),
                details: Box::new(CaseDetails::new(Country::pakistan(), Country::uk())),
            },
            &mut Ctx {
                now: "2100-01-01T09:00:00+05:00".parse().unwrap(),
                ids: &mut casedesk::domain::SeededIds::new(1),
            },
        )
        .unwrap();
    let (ours, theirs_path) = (dir.path().join("ours.ron"), dir.path().join("theirs.ron"));
    casedesk::store::save(&ours, &Casebook::default(), chrono::Utc::now()).unwrap();
    casedesk::store::save(&theirs_path, &theirs, chrono::Utc::now()).unwrap();
    let shown = merge(&ours, &theirs_path, &dir.path().join("out.ron"), "none");
    assert!(
        shown.contains(
            "Changes by S. Qureshi (FIA) up to 01 Jan 2100 are stamped more than a day ahead"
        ),
        "{shown}"
    );
}
