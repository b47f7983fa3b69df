//! The governance subcommands (issue 23): `agreements`, `meetings`, `actions`, `activities`
//! listing the register as text and JSON; `agreement`, `meeting`, `action`, `activity` adding,
//! editing and moving records; bad input refused naming the field, with nothing changed.

use super::{casedesk, path_str, text};
use std::path::{Path, PathBuf};

const TODAY: &str = "2026-11-23";

fn sample(dir: &Path) -> PathBuf {
    let file = dir.join("casebook.ron");
    let out = casedesk(&[
        "demo",
        "--cases",
        "20",
        "--today",
        TODAY,
        "-o",
        path_str(&file),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    file
}

fn ok(args: &[&str]) -> String {
    let out = casedesk(args);
    assert!(out.status.success(), "{args:?}: {}", text(&out));
    String::from_utf8(out.stdout).unwrap()
}

fn json(args: &[&str]) -> Vec<serde_json::Value> {
    serde_json::from_str::<serde_json::Value>(&ok(args))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn the_samples_registers_list_as_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = path_str(&file);
    let listed = ok(&["agreements", f, "--as-of", TODAY]);
    assert!(listed.contains("Letter of intent on law-enforcement cooperation"));
    assert!(listed.contains("next review 2027-05-31"), "{listed}");
    let agreements = json(&["agreements", f, "--json", "--as-of", "2025-01-01"]);
    assert_eq!(agreements.len(), 10);
    assert_eq!(agreements[0]["next_review"], "2025-05-31");
    assert_eq!(
        agreements
            .iter()
            .filter(|a| a["status"] == "Drafting")
            .count(),
        5
    );
    let meetings = json(&["meetings", f, "--json"]);
    assert!(
        meetings
            .iter()
            .any(|m| m["kind"] == "JointSteeringCommittee")
    );
    let actions = json(&["actions", f, "--json", "--as-of", TODAY]);
    assert!(actions.iter().any(|a| a["overdue"] == true));
    assert!(
        actions
            .iter()
            .any(|a| a["status"] == "Done" && a["overdue"] == false)
    );
    let open = json(&["actions", f, "--json", "--open"]);
    assert!(open.len() < actions.len() && open.iter().all(|a| a["status"] != "Done"));
    let text = ok(&["activities", f]);
    assert!(text.contains("GBP 48,500.00"), "{text}");
}

#[test]
fn records_are_added_edited_and_moved_and_each_change_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = path_str(&file);
    let history = || casedesk::store::load(&file).unwrap().record_history().len();
    let before = history();
    ok(&[
        "agreement",
        "add",
        f,
        "MoU on witness protection",
        "--kind",
        "mou",
        "--party",
        "Ministry of Interior",
        "--focal",
        "A. Khan (Ministry of Interior)",
    ]);
    ok(&[
        "agreement",
        "status",
        f,
        "witness protection",
        "negotiated",
        "--on",
        "2026-06-01",
    ]);
    ok(&[
        "agreement",
        "edit",
        f,
        "witness protection",
        "--document",
        "MOU-WP-2026",
    ]);
    ok(&[
        "meeting",
        "add",
        f,
        "adhoc",
        "2026-06-15",
        "--chair",
        "Programme manager",
        "--attendee",
        "Ministry of Interior: A. Khan, B. Ali",
        "--decision",
        "Text agreed",
    ]);
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
        "witness protection",
    ]);
    let number = raised
        .split_whitespace()
        .nth(1)
        .unwrap()
        .trim_end_matches(',');
    ok(&[
        "action",
        "update",
        f,
        number,
        "done",
        "--on",
        "2026-06-30",
        "--note",
        "Sent",
    ]);
    ok(&[
        "activity",
        "add",
        f,
        "workshop",
        "Witness protection workshop",
        "--start",
        "2026-06-20",
        "--participants",
        "12",
        "--agreement",
        "witness protection",
    ]);
    ok(&[
        "activity",
        "edit",
        f,
        "Witness protection workshop",
        "--outcome",
        "Plan agreed",
    ]);
    assert_eq!(history(), before + 8, "each change an event");

    let agreements = json(&["agreements", f, "--json"]);
    let wp = agreements
        .iter()
        .find(|a| a["title"] == "MoU on witness protection")
        .unwrap();
    assert_eq!(wp["status"], "Negotiated");
    assert_eq!(wp["documents"][0], "MOU-WP-2026");
    assert_eq!(wp["focal_points"][0]["agency"], "Ministry of Interior");
    let meetings = json(&["meetings", f, "--json"]);
    let held = meetings.iter().find(|m| m["date"] == "2026-06-15").unwrap();
    assert_eq!(held["action_points"], 1);
    assert_eq!(held["attendees"][0]["people"][1], "B. Ali");
    let actions = json(&["actions", f, "--json"]);
    let done = actions.iter().find(|a| a["number"] == number).unwrap();
    assert_eq!(done["status"], "Done");
    assert_eq!(done["raised"], "2026-06-15");
    let activities = json(&["activities", f, "--json"]);
    let workshop = activities
        .iter()
        .find(|a| a["title"] == "Witness protection workshop")
        .unwrap();
    assert_eq!(workshop["outcome"], "Plan agreed");
    assert_eq!(workshop["participants"], 12);
}

#[test]
fn bad_input_is_refused_naming_the_field_and_the_casebook_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = path_str(&file);
    let bytes = std::fs::read(&file).unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["agreement", "add", f, " "], "Title: cannot be empty"),
        (&["agreement", "add", f, "X", "--kind", "pact"], "--kind: "),
        (
            &["agreement", "add", f, "X", "--signed", "2026-13-01"],
            "--signed: ",
        ),
        (
            &["agreement", "add", f, "X", "--review-months", "0"],
            "Review every: ",
        ),
        (&["agreement", "add", f, "Returns arrangement"], "Title: "),
        (
            &["agreement", "status", f, "Letter of intent", "drafting"],
            "Status: In force cannot move to Drafting",
        ),
        (
            &["agreement", "status", f, "Letter of intent", "sideways"],
            "STATUS: ",
        ),
        (
            &["agreement", "status", f, "No such agreement", "lapsed"],
            "AGREEMENT: ",
        ),
        (&["meeting", "add", f, "picnic", "2026-06-01"], "KIND: "),
        (
            &[
                "meeting",
                "add",
                f,
                "monthly",
                "2026-06-01",
                "--next",
                "2026-05-01",
            ],
            "Next meeting: ",
        ),
        (&["action", "add", f, "Do it"], "--due: "),
        (
            &[
                "action",
                "add",
                f,
                "Do it",
                "--due",
                "2026-01-01",
                "--raised",
                "2026-02-01",
            ],
            "Due: ",
        ),
        (
            &["action", "add", f, " ", "--due", "2026-12-01"],
            "Text: cannot be empty",
        ),
        (
            &[
                "action",
                "add",
                f,
                "Do it",
                "--due",
                "2026-12-01",
                "--case",
                "XX-1",
            ],
            "--case: ",
        ),
        (&["action", "update", f, "AP-1999-001", "done"], "NUMBER: "),
        (&["activity", "add", f, "equipment", "Kits"], "--start: "),
        (
            &[
                "activity",
                "add",
                f,
                "equipment",
                "Kits",
                "--start",
                "2026-01-02",
                "--end",
                "2026-01-01",
            ],
            "End: ",
        ),
        (
            &[
                "activity",
                "add",
                f,
                "equipment",
                "Kits",
                "--start",
                "2026-01-02",
                "--value",
                "1O0",
                "--currency",
                "GBP",
            ],
            "--value: ",
        ),
        (
            &[
                "activity",
                "add",
                f,
                "equipment",
                "Kits",
                "--start",
                "2026-01-02",
                "--value",
                "100",
                "--currency",
                "POUNDS",
            ],
            "--value: ",
        ),
        (
            &[
                "activity",
                "add",
                f,
                "training",
                "Course",
                "--start",
                "2026-01-02",
                "--workstream",
                "cooking",
            ],
            "--workstream: ",
        ),
    ];
    for (args, says) in cases {
        let out = casedesk(args);
        assert!(!out.status.success(), "{args:?} was accepted");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains(says), "{args:?}: {said}");
        assert_eq!(
            std::fs::read(&file).unwrap(),
            bytes,
            "{args:?} changed the file"
        );
    }
}

#[test]
fn each_governance_subcommand_has_help_with_an_example() {
    for args in [
        &["agreements", "--help"][..],
        &["agreement", "add", "--help"],
        &["agreement", "edit", "--help"],
        &["agreement", "status", "--help"],
        &["meetings", "--help"],
        &["meeting", "add", "--help"],
        &["meeting", "edit", "--help"],
        &["actions", "--help"],
        &["action", "add", "--help"],
        &["action", "update", "--help"],
        &["action", "edit", "--help"],
        &["activities", "--help"],
        &["activity", "add", "--help"],
        &["activity", "edit", "--help"],
    ] {
        let out = casedesk(args);
        let said = text(&out);
        assert!(said.contains("Examples:\n  casedesk "), "{args:?}: {said}");
    }
}

#[test]
fn action_points_due_are_in_the_agenda_by_their_day_and_closed_ones_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = path_str(&file);
    ok(&[
        "action",
        "add",
        f,
        "Circulate the minutes",
        "--due",
        "2026-06-05",
        "--raised",
        "2026-06-01",
        "--owner",
        "A. Khan",
        "--number",
        "AP-2026-900",
    ]);
    ok(&[
        "action",
        "add",
        f,
        "Book the venue",
        "--due",
        "2026-06-03",
        "--raised",
        "2026-06-01",
        "--number",
        "AP-2026-901",
    ]);
    ok(&[
        "action",
        "add",
        f,
        "Send the agenda",
        "--due",
        "2026-06-02",
        "--raised",
        "2026-06-01",
        "--number",
        "AP-2026-902",
    ]);
    ok(&[
        "action",
        "update",
        f,
        "AP-2026-902",
        "done",
        "--on",
        "2026-06-02",
    ]);
    // Wednesday 3 June 2026: one due today, one this week, the one done not at all.
    let lines = json(&[
        "agenda",
        f,
        "--json",
        "--as-of",
        "2026-06-03",
        "--kind",
        "action-point",
    ]);
    let ours: Vec<(&str, &str)> = lines
        .iter()
        .filter(|l| l["reference"].as_str().unwrap().starts_with("AP-2026-90"))
        .map(|l| {
            (
                l["reference"].as_str().unwrap(),
                l["bucket"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        ours,
        [("AP-2026-901", "Today"), ("AP-2026-900", "ThisWeek")]
    );
    assert!(lines.iter().all(|l| l["kind"] == "ActionPoint"));
    let later = ok(&["agenda", f, "--as-of", "2026-06-08", "--officer", "A. Khan"]);
    assert!(
        later.contains("Overdue\n")
            && later.contains("AP-2026-900  Action point  Circulate the minutes"),
        "{later}"
    );
    assert!(
        !later.contains("AP-2026-901"),
        "another's action point: {later}"
    );
    // An area belongs to cases: choosing one leaves action points out.
    let narcotics = ok(&["agenda", f, "--as-of", "2026-06-08", "--area", "Narcotics"]);
    assert!(!narcotics.contains("Action point"), "{narcotics}");
}

#[test]
fn a_case_s_legal_basis_points_to_an_agreement_and_an_unknown_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = path_str(&file);
    let book = casedesk::store::load(&file).unwrap();
    let case = book.cases()[0].reference.clone();
    let loi = book
        .governance()
        .agreement_named("Letter of intent")
        .unwrap()
        .id;
    ok(&["set", f, &case, "agreement=Letter of intent"]);
    let book = casedesk::store::load(&file).unwrap();
    let details = &book.case_by_reference(&case).unwrap().details;
    assert_eq!(details.agreement, Some(loi));
    // The edit is on record in the agreement's words.
    let last = book
        .case_by_reference(&case)
        .unwrap()
        .history()
        .last()
        .unwrap();
    assert!(format!("{:?}", last.kind).contains("Letter of intent on law-enforcement cooperation"));
    let bytes = std::fs::read(&file).unwrap();
    let out = casedesk(&["set", f, &case, "agreement=Treaty of Nowhere"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("agreement: no agreement is called"),
        "{}",
        text(&out)
    );
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
    ok(&["set", f, &case, "agreement="]);
    let book = casedesk::store::load(&file).unwrap();
    assert_eq!(
        book.case_by_reference(&case).unwrap().details.agreement,
        None
    );
}
