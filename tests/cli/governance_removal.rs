//! Removing governance records by command line (issue 23): `agreement|meeting|action|activity
//! remove FILE WHICH` removes a record entered by mistake, the removal kept in the record
//! history; refused, naming what still names it, while an action point, an activity or a case
//! does, and for a record that is not there; nothing changes on disk when refused.

use super::{casedesk, path_str, text};

fn ok(args: &[&str]) -> String {
    let out = casedesk(args);
    assert!(out.status.success(), "{args:?}: {}", text(&out));
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `args`, which must fail without touching the file, and gives what it said.
fn refused(file: &std::path::Path, args: &[&str]) -> String {
    let before = std::fs::read(file).unwrap();
    let out = casedesk(args);
    assert!(!out.status.success(), "{args:?} succeeded");
    assert_eq!(
        std::fs::read(file).unwrap(),
        before,
        "{args:?} changed the file"
    );
    text(&out)
}

#[test]
fn records_entered_by_mistake_are_removed_once_nothing_names_them() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("casebook.ron");
    let f = path_str(&file);
    ok(&["demo", "--cases", "5", "--today", "2026-11-23", "-o", f]);
    let records = casedesk::store::load(&file)
        .unwrap()
        .governance()
        .records()
        .len();
    ok(&[
        "agreement",
        "add",
        f,
        "MoU on witness protectoin",
        "--kind",
        "mou",
    ]);
    ok(&["meeting", "add", f, "adhoc", "2026-06-15"]);
    let raised = ok(&[
        "action",
        "add",
        f,
        "Send the agreed text",
        "--due",
        "2026-07-01",
        "--meeting",
        "2026-06-15",
        "--agreement",
        "witness",
    ]);
    let number = raised
        .split_whitespace()
        .nth(1)
        .unwrap()
        .trim_end_matches(',');
    ok(&[
        "activity",
        "add",
        f,
        "workshop",
        "Witness protection workshop",
        "--start",
        "2026-06-20",
        "--agreement",
        "witness",
    ]);
    let history = || casedesk::store::load(&file).unwrap().record_history().len();
    let before = history();

    let said = refused(&file, &["meeting", "remove", f, "2026-06-15"]);
    assert!(
        said.contains(&format!("is still named by action point {number}")),
        "{said}"
    );
    let said = refused(&file, &["agreement", "remove", f, "witness"]);
    assert!(
        said.contains(&format!(
            "action point {number}, the activity Witness protection workshop: change or remove them first"
        )),
        "{said}"
    );
    let said = refused(&file, &["action", "remove", f, "AP-1999-001"]);
    assert!(
        said.contains("NUMBER: no action point numbered AP-1999-001"),
        "{said}"
    );
    let said = refused(&file, &["meeting", "remove", f, "15/13/2026"]);
    assert!(said.contains("WHICH: "), "{said}");

    assert!(
        ok(&["action", "remove", f, number])
            .contains(&format!("Removed the action point {number}"))
    );
    ok(&["activity", "remove", f, "Witness protection workshop"]);
    ok(&["meeting", "remove", f, "2026-06-15"]);
    ok(&["agreement", "remove", f, "witness"]);
    assert_eq!(history(), before + 4, "each removal an edit on record");
    let book = casedesk::store::load(&file).unwrap();
    assert_eq!(book.governance().records().len(), records);
    assert!(!ok(&["agreements", f]).contains("witness"));
}
