//! An offence's text of the law at the command line (issue 21): set with `add` and `edit`
//! (typed, or read from a file with `@FILE`), shown by `show` and `show --json`, recorded as
//! an edit of the case's details; bad input refused by name with the casebook as it was.

use super::{casedesk, ok, path_str, text};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A casebook with one new outgoing MLA case; returns the file and the case's reference.
fn casebook(dir: &Path) -> (PathBuf, String) {
    let file = dir.join("casebook.ron");
    let f = path_str(&file);
    let demo = casedesk(&["demo", "--cases", "2", "--today", "2026-11-23", "-o", f]);
    assert!(demo.status.success(), "{}", text(&demo));
    let new = casedesk(&[
        "new",
        f,
        "--kind",
        "mla",
        "--direction",
        "outgoing",
        "--opened",
        "2026-03-01",
        "--summary",
        "Laundering through hawala, Lahore 2025",
    ]);
    assert!(new.status.success(), "{}", text(&new));
    let reference = String::from_utf8_lossy(&new.stdout).trim().to_string();
    (file, reference)
}

fn refused(args: &[&str]) -> String {
    let out = casedesk(args);
    assert!(!out.status.success(), "{args:?}: {}", text(&out));
    text(&out)
}

fn shown_json(f: &str, r: &str) -> Value {
    let out = casedesk(&["show", f, r, "--json"]);
    assert!(out.status.success(), "{}", text(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

const FIRST: &str = "(1) A person commits an offence if he conceals, disguises, converts or transfers criminal property.";
const SECOND: &str = "(2) A person guilty of it is liable on conviction on indictment to imprisonment for a term not exceeding 14 years.";

#[test]
fn the_text_of_the_law_is_set_typed_or_from_a_file_and_shown() {
    let dir = tempfile::tempdir().unwrap();
    let (file, r) = casebook(dir.path());
    let (f, r) = (path_str(&file), r.as_str());
    // Read from a file saved on Windows: its line ends are kept as lines.
    let wording = dir.path().join("s327.txt");
    std::fs::write(&wording, format!("{FIRST}\r\n{SECOND}\r\n")).unwrap();
    ok(&[
        "add",
        f,
        r,
        "offence",
        "description=Concealing criminal property",
        "statute=Proceeds of Crime Act 2002 s.327",
        &format!("law-text=@{}", path_str(&wording)),
    ]);
    let d = &shown_json(f, r)["details"];
    assert_eq!(d["offences"][0]["law_text"], format!("{FIRST}\n{SECOND}"));

    // Typed: several lines as the shell passes them.
    ok(&[
        "edit",
        f,
        r,
        "offence",
        "1",
        &format!("law_text={SECOND}\n{FIRST}"),
    ]);
    let shown = shown_json(f, r);
    assert_eq!(
        shown["details"]["offences"][0]["law_text"],
        format!("{SECOND}\n{FIRST}")
    );
    // One edit of the case's details, field by field with the old and new wording.
    let history = shown["history"].as_array().unwrap();
    let changes = &history.last().unwrap()["kind"]["Edited"]["changes"];
    let change = changes
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"].as_str().unwrap().ends_with("Law text"))
        .unwrap_or_else(|| panic!("{changes}"));
    assert_eq!(change["old"], format!("{FIRST}\n{SECOND}"));
    assert_eq!(change["new"], format!("{SECOND}\n{FIRST}"));

    // `show` prints it under its offence, each line indented.
    let said = ok(&["show", f, r]);
    assert!(
        said.contains(&format!(
            "  Concealing criminal property (Proceeds of Crime Act 2002 s.327; max ; death penalty not assessed)\n    {SECOND}\n    {FIRST}\n"
        )),
        "{said}"
    );

    // Emptied: left out of the file again, as files written before it was kept.
    ok(&["edit", f, r, "offence", "1", "law-text="]);
    assert!(shown_json(f, r)["details"]["offences"][0]["law_text"].is_null());
    assert!(!std::fs::read_to_string(&file).unwrap().contains("law_text"));
}

#[test]
fn bad_input_to_the_text_of_the_law_is_refused_by_name_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (file, r) = casebook(dir.path());
    let (f, r) = (path_str(&file), r.as_str());
    ok(&["add", f, r, "offence", "description=Fraud"]);
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"Art. 146 Betrug \xfc\n").unwrap();
    let missing = dir.path().join("no such file.txt");
    let before = std::fs::read(&file).unwrap();
    let cases: Vec<(Vec<String>, String)> = vec![
        (
            vec![
                "edit".into(),
                "offence".into(),
                "1".into(),
                format!("law-text=@{}", path_str(&missing)),
            ],
            format!("law-text: could not read {}", path_str(&missing)),
        ),
        (
            vec![
                "edit".into(),
                "offence".into(),
                "1".into(),
                format!("law-text=@{}", path_str(&latin1)),
            ],
            format!("law-text: {} is not UTF-8 text", path_str(&latin1)),
        ),
        // A device never ends: read no further than a provision's wording can be.
        (
            vec![
                "edit".into(),
                "offence".into(),
                "1".into(),
                "law-text=@/dev/zero".into(),
            ],
            "law-text: /dev/zero is larger than 1 MiB".into(),
        ),
        (
            vec![
                "edit".into(),
                "offence".into(),
                "2".into(),
                "law-text=Whoever…".into(),
            ],
            "There is no offence number 2".into(),
        ),
        // An offence's field, not the case's.
        (
            vec!["set".into(), "law-text=Whoever…".into()],
            "\"law-text\" is not a field of".into(),
        ),
        // An offence is described before its law is given.
        (
            vec!["add".into(), "offence".into(), "law-text=Whoever…".into()],
            "An offence needs description=…".into(),
        ),
    ];
    for (args, says) in cases {
        let (verb, rest) = args.split_first().unwrap();
        let mut full = vec![verb.as_str(), f, r];
        full.extend(rest.iter().map(String::as_str));
        let said = refused(&full);
        assert!(said.contains(&says), "{full:?}: {said}");
        assert_eq!(std::fs::read(&file).unwrap(), before, "{full:?}");
    }
}
