//! Subcommands called as functions (`casedesk::cli::<subcommand>::run`), and what only the
//! binary shows: `main` wiring exit codes and standard error.

use super::{binary, casedesk, path_str, text};
use casedesk::cli::{Env, list, passphrase};
use std::ffi::OsString;
use std::process::ExitCode;

/// An environment with the variables `vars`, the answers `answers` to its prompts in turn,
/// the tests' own installation, and standard error written to `err`.
fn env<'a>(
    vars: &'a [(&'a str, &'a str)],
    answers: &'a [&'a str],
    err: &'a mut Vec<u8>,
) -> Env<'a> {
    let mut answers = answers.iter();
    Env::new(
        move |name| match name {
            casedesk::store::INSTALLATION_DIR_VARIABLE => Some(super::installation_dir().into()),
            "CASEDESK_TEST_SCRYPT_LOG_N" => Some(OsString::from("4")),
            _ => vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.into()),
        },
        move |_prompt| {
            answers
                .next()
                .map(|a| a.to_string())
                .ok_or_else(|| std::io::Error::other("no more answers"))
        },
        err,
    )
}

fn demo(dir: &std::path::Path) -> std::path::PathBuf {
    let file = dir.join("book.ron");
    let out = casedesk(&[
        "demo",
        "--cases",
        "12",
        "--today",
        "2026-11-23",
        "-o",
        path_str(&file),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    file
}

#[test]
fn list_writes_its_lines_to_out_and_the_count_to_standard_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let args = list::Args {
        file,
        status: None,
        kind: None,
        overdue: false,
        as_of: None,
        json: false,
    };
    let code = list::run(args, &mut env(&[], &[], &mut err), &mut out).unwrap();
    assert_eq!(code, ExitCode::SUCCESS);
    let lines = String::from_utf8(out).unwrap();
    assert_eq!(lines.lines().count(), 12, "{lines}");
    assert!(lines.starts_with("EI-2025-0001 "), "{lines}");
    assert_eq!(String::from_utf8(err).unwrap(), "12 of 12 cases\n");
}

#[test]
fn a_new_passphrase_typed_is_asked_twice_and_two_that_differ_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let before = std::fs::read(&file).unwrap();
    let run = |answers: &[&str]| {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let args = passphrase::Args {
            file: file.clone(),
            remove: false,
        };
        let ran = passphrase::run(args, &mut env(&[], answers, &mut err), &mut out);
        (ran, String::from_utf8(out).unwrap())
    };
    let (ran, _) = run(&["Port Qasim 7", "Port Qasim 8"]);
    let e = ran.unwrap_err();
    assert!(
        e.to_string().contains("The two passphrases differ"),
        "{e:#}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);

    let (ran, said) = run(&["Port Qasim 7", "Port Qasim 7"]);
    assert_eq!(ran.unwrap(), ExitCode::SUCCESS);
    assert!(
        said.contains("is encrypted with the new passphrase"),
        "{said}"
    );
    assert!(casedesk::store::is_encrypted(
        &std::fs::read(&file).unwrap()
    ));
}

#[test]
fn column_names_not_imported_reach_the_terminal_without_their_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let book = demo(dir.path());
    let csv = dir.path().join("register.csv");
    let out = casedesk(&["export-csv", path_str(&book), "-o", path_str(&csv)]);
    assert!(out.status.success(), "{}", text(&out));
    // The register with one more column, its name carrying a terminal escape sequence.
    let register = std::fs::read_to_string(&csv).unwrap();
    let mut lines = register.lines();
    let header = format!("{},\"\x1b]0;owned\x07notes\"", lines.next().unwrap());
    let edited: Vec<String> = std::iter::once(header)
        .chain(lines.map(|l| format!("{l},\"x\"")))
        .collect();
    std::fs::write(&csv, edited.join("\n")).unwrap();
    let file = dir.path().join("new.ron");
    let out = casedesk(&["import-csv", path_str(&file), path_str(&csv), "--dry-run"]);
    let said = text(&out);
    assert!(said.contains("Not imported: columns"), "{said}");
    assert!(said.contains("owned"), "{said}");
    assert!(!said.contains('\x1b') && !said.contains('\x07'), "{said:?}");
}

/// `main`: a subcommand's error on standard error, prefixed, exit 1; an argument clap refuses,
/// exit 2; what a subcommand reports on standard output.
#[test]
fn the_binary_says_errors_on_standard_error_with_a_failing_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere.ron");
    let out = binary(&["show", path_str(&missing), "EI-2026-0001"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.starts_with("casedesk: ") && said.contains("nowhere.ron"),
        "{said}"
    );

    let out = binary(&["frobnicate"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unrecognized subcommand"));

    let file = dir.path().join("book.ron");
    let out = binary(
        &[
            "new",
            path_str(&file),
            "--kind",
            "mla",
            "--direction",
            "outgoing",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "MO-2026-0001");
    assert!(out.stderr.is_empty(), "{}", text(&out));
}

/// An error whose message words its cause in (a refused transition, a CSV refused whole) is
/// said once, not followed by its cause again.
#[test]
fn each_error_is_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let csv = dir.path().join("rows.csv");
    std::fs::write(&csv, "reference,kind\n\"EI-1,extradition\n").unwrap();
    for args in [
        vec![
            "transition",
            "--on",
            "2026-11-20",
            path_str(&file),
            "EI-2026-0001",
            "SURRENDERED",
        ],
        vec!["import-csv", path_str(&file), path_str(&csv)],
    ] {
        let out = binary(&args, &[]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        let said = String::from_utf8_lossy(&out.stderr);
        let said = said
            .lines()
            .last()
            .unwrap()
            .trim_start_matches("casedesk: ");
        let parts: Vec<&str> = said.split(": ").collect();
        for (i, part) in parts.iter().enumerate() {
            assert!(
                !parts[i + 1..].iter().any(|later| later.contains(part)),
                "{part:?} said twice in {said:?}"
            );
        }
    }
}

/// A case with no requesting authority recorded shows its state alone, not "United Kingdom ()".
#[test]
fn show_leaves_out_an_authority_not_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("book.ron");
    let new = [
        "new",
        path_str(&file),
        "--kind",
        "mla",
        "--direction",
        "outgoing",
    ];
    let out = binary(&new, &[]);
    assert!(out.status.success(), "{}", text(&out));
    let out = binary(&["show", path_str(&file), "MO-2026-0001"], &[]);
    assert!(out.status.success(), "{}", text(&out));
    let shown = String::from_utf8_lossy(&out.stdout);
    let requesting = shown.lines().find(|l| l.starts_with("Requesting")).unwrap();
    assert_eq!(requesting, "Requesting    United Kingdom", "{shown}");
}

#[test]
fn a_team_folder_named_in_the_file_is_shown_without_its_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let mut book = casedesk::store::load(&file).unwrap();
    book.settings.team_folder = Some(dir.path().join("team\x1b[2J\x07"));
    casedesk::store::save(&file, &book, chrono::Utc::now()).unwrap();
    let out = casedesk(&["team-folder", path_str(&file)]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("team") && said.contains("not written there"),
        "{said}"
    );
    assert!(!said.contains('\x1b') && !said.contains('\x07'), "{said:?}");
}
