//! Editing a case from the command line as the window does (`set`, `add`, `edit`, `remove`,
//! `correct`, `extend`, `met`), reading it back with `show --json` and `--as-of`, and every bad
//! input refused with a clear message, a non-zero exit and the casebook byte for byte as it was.

use super::{Ran, binary, casedesk, ok, path_str, text};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A casebook of three demo cases and one new incoming extradition case, EI-2026-0100's
/// successor: returns the file and the new case's reference.
fn casebook(dir: &Path) -> (PathBuf, String) {
    let file = dir.join("casebook.ron");
    let f = path_str(&file);
    let demo = casedesk(&["demo", "--cases", "3", "--today", "2026-11-23", "-o", f]);
    assert!(demo.status.success(), "{}", text(&demo));
    let new = casedesk(&[
        "new",
        f,
        "--kind",
        "extradition",
        "--direction",
        "incoming",
        "--opened",
        "2026-03-01",
        "--summary",
        "Murder in Lahore, 2024",
    ]);
    assert!(new.status.success(), "{}", text(&new));
    let reference = String::from_utf8_lossy(&new.stdout).trim().to_string();
    (file, reference)
}

fn json(args: &[&str]) -> Value {
    let out = casedesk(args);
    assert!(out.status.success(), "{args:?}: {}", text(&out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

/// The name of a person the demo casebook holds.
fn someone(f: &str) -> String {
    let listed = json(&["list", f, "--json"]);
    (listed.as_array().unwrap().iter())
        .filter_map(|l| l["requested_person"].as_str())
        .find(|name| !name.is_empty())
        .unwrap()
        .to_string()
}

#[test]
fn a_case_is_edited_from_the_command_line_as_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let (file, r) = casebook(dir.path());
    let (f, r) = (path_str(&file), r.as_str());
    let person = someone(f);

    let said = ok(&[
        "set",
        f,
        r,
        "area=serious violence",
        "requesting-authority=Ministry of Interior",
        "legal_basis=SpecialArrangement, Untoc",
        "ncnd=yes",
    ]);
    assert!(
        said.contains("set area, requesting-authority, legal-basis, ncnd"),
        "{said}"
    );
    ok(&[
        "add",
        f,
        r,
        "person",
        &format!("name={person}"),
        "role=requested person",
    ]);
    // Someone not in the casebook yet is added to it with the case.
    ok(&[
        "add",
        f,
        r,
        "person",
        "new-person=Bilal Ahmed",
        "role=Witness",
    ]);
    ok(&[
        "add",
        f,
        r,
        "offence",
        "description=Murder",
        "statute=PPC s.302",
        "death-penalty=Available",
    ]);
    ok(&[
        "add",
        f,
        r,
        "hearing",
        "date=2026-12-14",
        "kind=Extradition hearing",
    ]);
    ok(&[
        "add",
        f,
        r,
        "hearing",
        "date=2026-12-20",
        "kind=Bail",
        "court=Westminster",
    ]);
    ok(&[
        "add",
        f,
        r,
        "task",
        "text=Chase the papers",
        "due=2026-12-01",
    ]);
    ok(&["add", f, r, "note", "text=Spoke to the CPS"]);
    ok(&["add", f, r, "assurance", "kind=Speciality"]);
    ok(&["add", f, r, "asylum-claim", "made=2026-03-02"]);
    ok(&[
        "edit",
        f,
        r,
        "checklist",
        "warrant of arrest",
        "status=Received",
    ]);
    ok(&[
        "edit",
        f,
        r,
        "assurance",
        "1",
        "received=2026-03-02",
        "accepted=2026-03-03",
    ]);
    ok(&["edit", f, r, "task", "chase", "done=yes"]);
    let removed = ok(&["remove", f, r, "hearing", "bail"]);
    assert!(
        removed.contains("removed hearing 2: 2026-12-20 Bail"),
        "{removed}"
    );

    let shown = json(&["show", f, r, "--json"]);
    let d = &shown["details"];
    assert_eq!(d["area"], "SeriousViolence");
    assert_eq!(d["requesting_authority"], "Ministry of Interior");
    assert_eq!(d["ncnd"], true);
    assert_eq!(d["parties"][0]["role"], "RequestedPerson");
    assert_eq!(d["parties"][1]["role"], "Witness");
    assert_eq!(d["offences"][0]["death_penalty"], "Available");
    assert_eq!(d["hearings"].as_array().unwrap().len(), 1);
    assert_eq!(d["tasks"][0]["done"], true);
    assert_eq!(d["notes"][0]["text"], "Spoke to the CPS");
    assert_eq!(d["assurances"][0]["accepted"], "2026-03-03");
    assert_eq!(d["asylum_claims"][0]["outcome"], "Pending");
    let warrant = d["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"].as_str().unwrap().contains("arrest"))
        .unwrap();
    assert_eq!(warrant["status"], "Received");

    // Moved on, its clock extended and met; then the last move corrected.
    ok(&[
        "transition",
        f,
        r,
        "PA_REQUESTED",
        "--on",
        "2026-03-02",
        "--detail",
        "Reason for urgency=Flight risk",
        "--detail",
        "Warrant details=Lahore 12/2024",
    ]);
    ok(&[
        "transition",
        f,
        r,
        "PA_ARRESTED",
        "--on",
        "2026-03-05",
        "--detail",
        "Time of arrest=06:30",
        "--detail",
        "Court=Westminster Magistrates' Court",
        "--detail",
        "Custody or bail=Custody",
    ]);
    let extended = ok(&[
        "extend",
        f,
        r,
        "uk_pa_docs",
        "--to",
        "2026-04-30",
        "--reason",
        "Agreed at the hearing",
    ]);
    assert!(
        extended.contains("UK_PA_DOCS extended from 2026-04-18 to 2026-04-30"),
        "{extended}"
    );
    ok(&[
        "met",
        f,
        r,
        "UK_PA_DOCS",
        "--on",
        "2026-04-20",
        "--note",
        "Papers served",
    ]);
    let clock = |shown: &Value| -> Value {
        shown["clocks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["code"] == "UK_PA_DOCS")
            .cloned()
            .unwrap()
    };
    let docs = clock(&json(&["show", f, r, "--json"]));
    assert_eq!(
        (docs["due"].as_str(), docs["status"].as_str()),
        (Some("2026-04-30"), Some("Met"))
    );
    assert_eq!(docs["counted_from"], "the provisional arrest");
    assert!(docs["if_missed"].as_str().unwrap().contains("discharged"));
    assert!(
        docs["period"]
            .as_str()
            .unwrap()
            .starts_with("45 calendar days")
    );

    let shown_text = ok(&["show", f, r]);
    assert!(
        shown_text.contains(
            "Asylum claims\n  made 2026-03-02: Pending: surrender barred (EA 2003 s.121)"
        ),
        "{shown_text}"
    );
    let corrected = ok(&["correct", f, r, "--reason", "Arrested on another warrant"]);
    assert!(corrected.contains("back to PA_REQUESTED"), "{corrected}");
    let shown = json(&["show", f, r, "--json"]);
    assert_eq!(shown["status"], "PA_REQUESTED");
    assert!(ok(&["check", f]).contains("sound"));
}

#[test]
fn show_and_list_give_the_clocks_as_of_a_day_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (file, r) = casebook(dir.path());
    let (f, r) = (path_str(&file), r.as_str());
    ok(&[
        "transition",
        f,
        r,
        "PA_REQUESTED",
        "--on",
        "2026-03-02",
        "--detail",
        "Reason for urgency=Flight risk",
        "--detail",
        "Warrant details=Lahore 12/2024",
        "--override-reason",
        "Particulars follow",
    ]);
    ok(&[
        "transition",
        f,
        r,
        "PA_ARRESTED",
        "--on",
        "2026-03-05",
        "--detail",
        "Time of arrest=06:30",
        "--detail",
        "Court=Westminster Magistrates' Court",
        "--detail",
        "Custody or bail=Custody",
        "--override-reason",
        "Particulars follow",
    ]);
    let before = std::fs::read(&file).unwrap();
    let shown = json(&["show", f, r, "--json", "--as-of", "2026-04-08"]);
    let docs = &shown["clocks"][0];
    assert_eq!(
        (&docs["code"], &docs["days_left"], &docs["status"]),
        (
            &Value::from("UK_PA_DOCS"),
            &Value::from(10),
            &Value::from("Open")
        )
    );
    let text_shown = ok(&["show", f, r, "--as-of", "2026-04-19"]);
    assert!(
        text_shown.contains("due 2026-04-18 (-1 day), Missed"),
        "{text_shown}"
    );
    assert!(
        text_shown.contains("Started 2026-03-05 by the provisional arrest")
            && text_shown.contains("If missed: the requested person must be discharged"),
        "{text_shown}"
    );
    let listed = json(&["list", f, "--json", "--overdue", "--as-of", "2026-04-19"]);
    let overdue: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["reference"].as_str().unwrap())
        .collect();
    assert!(overdue.contains(&r), "{overdue:?}");
    let early = json(&["list", f, "--json", "--overdue", "--as-of", "2026-03-06"]);
    assert!(
        !early
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["reference"] == r)
    );
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "reading changed the file"
    );
    let bad = casedesk(&["show", f, r, "--as-of", "someday"]);
    assert!(
        !bad.status.success() && text(&bad).contains("--as-of"),
        "{}",
        text(&bad)
    );
}

#[test]
fn check_json_says_whether_the_casebook_is_sound_and_why_not() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = casebook(dir.path());
    let sound = json(&["check", path_str(&file), "--json"]);
    assert_eq!(
        (&sound["sound"], &sound["cases"]),
        (&Value::from(true), &Value::from(4))
    );
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(not a casebook").unwrap();
    let out = casedesk(&["check", path_str(&broken), "--json"]);
    assert!(!out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["sound"], false);
    assert!(report["unreadable"].as_str().is_some(), "{report}");
}

/// Runs `args`, expecting a refusal that says `expected`, with the casebook and its journal
/// exactly as they were.
fn refused(file: &Path, args: &[&str], expected: &str, run: fn(&[&str]) -> Ran) {
    let before = std::fs::read(file).unwrap();
    let journal = casedesk::store::journal::journal_path(file);
    let journal_before = std::fs::read(&journal).ok();
    let out = run(args);
    let said = text(&out);
    assert!(!out.status.success(), "{args:?} succeeded: {said}");
    assert!(said.contains(expected), "{args:?}: {said}");
    assert!(!said.contains("panicked"), "{args:?}: {said}");
    assert_eq!(
        std::fs::read(file).unwrap(),
        before,
        "{args:?} changed the file"
    );
    assert_eq!(
        std::fs::read(&journal).ok(),
        journal_before,
        "{args:?} journaled"
    );
}

#[test]
fn bad_input_to_every_editing_subcommand_is_refused_by_name_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (file, r) = casebook(dir.path());
    let (f, r) = (path_str(&file), r.as_str());
    ok(&[
        "add",
        f,
        r,
        "hearing",
        "date=2026-12-14",
        "kind=Initial hearing",
    ]);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        // Unknown fields, named with the fields there are.
        (
            vec!["set", f, r, "colour=red"],
            "\"colour\" is not a field of a case; its fields are: summary",
        ),
        (
            vec!["add", f, r, "hearing", "date=2026-12-01", "room=4"],
            "\"room\" is not a field of a hearing",
        ),
        (
            vec!["edit", f, r, "hearing", "1", "judge=X"],
            "\"judge\" is not a field of a hearing",
        ),
        (vec!["set", f, r, "summary"], "write it as FIELD=VALUE"),
        // Values that do not fit, named with the field.
        (
            vec!["set", f, r, "area=Cheese"],
            "area: \"Cheese\" is not one of: Illegal migration",
        ),
        (
            vec!["set", f, r, "ncnd=perhaps"],
            "ncnd: \"perhaps\" is not yes or no",
        ),
        (
            vec!["add", f, r, "hearing", "date=31/2/2026", "kind=Bail"],
            "date:",
        ),
        (
            vec!["add", f, r, "asylum-claim", "made=2099-01-01"],
            "made:",
        ),
        (
            vec!["add", f, r, "person", "name=Nobody At All", "role=Witness"],
            "no person called \"Nobody At All\"",
        ),
        (
            vec!["add", f, r, "person", "role=Witness"],
            "A person needs name=… or new-person=…",
        ),
        (
            vec!["add", f, r, "person", "new-person= ", "role=Witness"],
            "new-person: enter the person's name",
        ),
        (
            vec!["add", f, r, "hearing", "court=Westminster"],
            "A hearing needs date=… kind=…",
        ),
        // Checked by the domain, as in the window.
        (
            vec![
                "add",
                f,
                r,
                "asylum-claim",
                "made=2026-03-02",
                "outcome=Granted",
            ],
            "Enter the day the claim was granted",
        ),
        (
            vec![
                "edit",
                f,
                r,
                "checklist",
                "warrant of arrest",
                "required=no",
            ],
            "is required",
        ),
        // Unknown records, lists, references and clocks.
        (
            vec!["edit", f, r, "hearing", "7", "outcome=Adjourned"],
            "There is no hearing number 7",
        ),
        (
            vec!["remove", f, r, "hearing", "appeal"],
            "No hearing matches \"appeal\"",
        ),
        (
            vec!["add", f, r, "witness", "name=X"],
            "\"witness\" is not something a case lists",
        ),
        (
            vec!["set", f, "EI-1999-0001", "area=Narcotics"],
            "No case with reference EI-1999-0001",
        ),
        (
            vec!["add", f, "EI-1999-0001", "note", "text=x"],
            "No case with reference EI-1999-0001",
        ),
        (
            vec!["correct", f, r, "--reason", "Wrong"],
            "has no change of status to correct",
        ),
        (
            vec![
                "extend",
                f,
                r,
                "UK_PA_DOCS",
                "--to",
                "2027-01-01",
                "--reason",
                "x",
            ],
            "has no running deadline UK_PA_DOCS",
        ),
        (
            vec!["met", f, r, "NO_SUCH_CLOCK"],
            "has no running deadline NO_SUCH_CLOCK",
        ),
        (vec!["set", f, r, "ncnd=no"], "Nothing to change"),
    ];
    for (args, expected) in cases {
        refused(&file, &args, expected, casedesk);
    }
}

#[test]
fn the_editing_subcommands_are_refused_while_another_process_holds_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let (file, r) = casebook(dir.path());
    let (f, r) = (path_str(&file), r.as_str());
    let lock = casedesk::store::lock::acquire(&file, chrono::Utc::now()).unwrap();
    let binary_run: fn(&[&str]) -> Ran = |args| binary(args, &[]);
    for args in [
        &["set", f, r, "area=Narcotics"][..],
        &["add", f, r, "note", "text=x"],
        &["edit", f, r, "checklist", "1", "status=Received"],
        &["remove", f, r, "checklist", "1"],
        &["correct", f, r, "--reason", "x"],
        &[
            "extend",
            f,
            r,
            "UK_PA_DOCS",
            "--to",
            "2027-01-01",
            "--reason",
            "x",
        ],
        &["met", f, r, "UK_PA_DOCS"],
    ] {
        refused(&file, args, "open for writing by", binary_run);
    }
    drop(lock);
}

#[test]
fn the_help_of_set_and_add_lists_every_field() {
    let set = casedesk(&["set", "--help"]);
    let said = text(&set);
    for name in [
        "summary",
        "requesting-authority",
        "legal-basis",
        "required-by-reason",
    ] {
        assert!(said.contains(name), "{name}: {said}");
    }
    let add = text(&casedesk(&["add", "--help"]));
    for name in [
        "asylum-claim:",
        "hearing:",
        "checklist:",
        "death-penalty",
        "(needed)",
    ] {
        assert!(add.contains(name), "{name}: {add}");
    }
}
