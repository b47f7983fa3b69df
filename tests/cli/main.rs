//! The `casedesk` subcommands, run as an officer would run them: in this process
//! (`casedesk::cli::run`, with variables, no terminal, and an installation of the tests' own),
//! and as the binary where only a process shows it: exit codes, standard output against
//! standard error, a pipe closed early, a lock held by another process, the Syncthing test.

// A test: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[cfg(unix)]
mod help;
mod hostile;
mod in_process;
mod syncthing;
mod team;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

mod agenda;
mod attachments;
mod converge;
mod csv_text;
mod drafting;
mod edit;
mod edits;
mod excel;
mod firstrun;
mod governance;
mod governance_removal;
mod governance_report;
mod journal;
mod law_text;
mod outcomes;
mod settling;
mod snapshots;
mod store_safety;
mod workstream_rules;
mod workstreams;

/// What a run of `casedesk` did: how it exited and what it said on each stream.
pub struct Ran {
    pub status: Status,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// An exit code; none when a signal ended the process.
pub struct Status(Option<i32>);

impl Status {
    pub fn success(&self) -> bool {
        self.0 == Some(0)
    }

    pub fn code(&self) -> Option<i32> {
        self.0
    }
}

/// `casedesk ARGS`, in this process.
fn casedesk(args: &[&str]) -> Ran {
    casedesk_env(args, &[])
}

/// `casedesk ARGS` in this process, with the variables `env` and no terminal to prompt on.
fn casedesk_env(args: &[&str], env: &[(&str, &str)]) -> Ran {
    run_on(&installation_dir(), args, env)
}

/// `casedesk ARGS` in this process, on the computer whose installation is kept in `computer`.
/// Encryption uses a low work factor (debug builds honour it), so a test does not spend a
/// second in scrypt.
pub fn run_on(computer: &Path, args: &[&str], env: &[(&str, &str)]) -> Ran {
    use casedesk::cli::{Cli, Env};
    use clap::Parser;
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let parsed = Cli::try_parse_from(std::iter::once("casedesk").chain(args.iter().copied()));
    let code = match parsed {
        // As clap itself would exit: help and version on standard output, errors on standard error.
        Err(e) => {
            let said = if e.use_stderr() {
                &mut stderr
            } else {
                &mut stdout
            };
            said.extend(e.render().to_string().into_bytes());
            e.exit_code()
        }
        Ok(Cli { command }) => {
            let command = command.expect("a subcommand: no window in these tests");
            let vars = |name: &str| -> Option<OsString> {
                match name {
                    casedesk::store::INSTALLATION_DIR_VARIABLE => Some(computer.into()),
                    "CASEDESK_TEST_SCRYPT_LOG_N" => Some("4".into()),
                    _ => env.iter().find(|(n, _)| *n == name).map(|(_, v)| v.into()),
                }
            };
            let no_terminal = |_: &str| Err(std::io::Error::other("no terminal in this test"));
            let mut env = Env::new(vars, no_terminal, &mut stderr);
            let exit = casedesk::cli::execute(command, &mut env, &mut stdout);
            // A subcommand exits with success or failure, nothing else.
            if exit == ExitCode::SUCCESS { 0 } else { 1 }
        }
    };
    Ran {
        status: Status(Some(code)),
        stdout,
        stderr,
    }
}

/// The `casedesk` binary run with `args`, the variables `env` and no terminal.
fn binary(args: &[&str], env: &[(&str, &str)]) -> Ran {
    binary_on(&installation_dir(), args, env)
}

/// The binary, on the computer whose installation is kept in `computer`.
pub fn binary_on(computer: &Path, args: &[&str], env: &[(&str, &str)]) -> Ran {
    let out = Command::new(env!("CARGO_BIN_EXE_casedesk"))
        .args(args)
        .env(casedesk::store::INSTALLATION_DIR_VARIABLE, computer)
        .envs(env.iter().copied())
        .env("CASEDESK_TEST_SCRYPT_LOG_N", "4")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("casedesk runs");
    Ran {
        status: Status(out.status.code()),
        stdout: out.stdout,
        stderr: out.stderr,
    }
}

/// Where the casedesk run by these tests keeps its installation (its id and team folder
/// bindings), instead of the tester's own.
fn installation_dir() -> PathBuf {
    std::env::temp_dir().join(format!("casedesk-cli-tests-{}", std::process::id()))
}

fn text(out: &Ran) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Runs `args`, which must succeed; what it wrote on both streams.
fn ok(args: &[&str]) -> String {
    let out = casedesk(args);
    assert!(out.status.success(), "{args:?}: {}", text(&out));
    text(&out)
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn version_names_the_commit_and_build_date() {
    let out = binary(&["--version"], &[]);
    assert!(out.status.success());
    let shown = text(&out);
    assert!(shown.starts_with("casedesk 0."), "{shown}");
    assert!(shown.contains(", built 20"), "{shown}");
}

/// The same seed and `--today`, the same bytes (without `--today` the sample is built as of
/// now, and its times follow the clock).
#[test]
fn demo_of_ten_thousand_cases_checks_sound_and_repeats_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ron");
    let b = dir.path().join("b.ron");
    let c = dir.path().join("c.ron");
    for (file, seed) in [(&a, "7"), (&b, "7"), (&c, "8")] {
        let out = casedesk(&[
            "demo",
            "--cases",
            "10000",
            "--seed",
            seed,
            "--today",
            "2026-11-23",
            "-o",
            path_str(file),
        ]);
        assert!(out.status.success(), "{}", text(&out));
    }
    let check = casedesk(&["check", path_str(&a)]);
    assert!(check.status.success(), "{}", text(&check));
    assert!(
        text(&check).contains("sound (10,000 cases"),
        "{}",
        text(&check)
    );
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_ne!(std::fs::read(&a).unwrap(), std::fs::read(&c).unwrap());
}

#[test]
fn a_case_is_opened_moved_on_and_shown_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("book.ron");
    let f = path_str(&file);
    let out = casedesk(&[
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
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "EI-2026-0001");

    // Leaving PRE_REQUEST needs a subject, an offence and the requesting authority: blocked.
    let blocked = casedesk(&[
        "transition",
        f,
        "EI-2026-0001",
        "PA_REQUESTED",
        "--on",
        "2026-03-02",
        "--detail",
        "Reason for urgency=Flight risk",
        "--detail",
        "warrant details=Lahore warrant 12/2024",
    ]);
    assert!(!blocked.status.success());
    assert!(
        text(&blocked).contains("requested person or suspect"),
        "{}",
        text(&blocked)
    );

    // The same with an override and its reason goes through and is recorded.
    let moved = casedesk(&[
        "transition",
        f,
        "EI-2026-0001",
        "pa_requested",
        "--on",
        "2/3/2026",
        "--detail",
        "Reason for urgency=Flight risk",
        "--detail",
        "WarrantDetails=Lahore warrant 12/2024",
        "--override-reason",
        "Subject details follow by email",
    ]);
    assert!(moved.status.success(), "{}", text(&moved));
    assert!(text(&moved).contains("now Provisional arrest requested"));

    // A transition without its required details names them.
    let missing = casedesk(&[
        "transition",
        f,
        "EI-2026-0001",
        "PA_ARRESTED",
        "--on",
        "2026-03-05",
    ]);
    assert!(!missing.status.success());
    assert!(
        text(&missing).contains("--detail \"Court=…\""),
        "{}",
        text(&missing)
    );

    // One the workflow does not allow lists where the case may go.
    let wrong = casedesk(&[
        "transition",
        f,
        "EI-2026-0001",
        "SURRENDERED",
        "--on",
        "2026-03-05",
    ]);
    assert!(!wrong.status.success());
    assert!(text(&wrong).contains("does not allow"), "{}", text(&wrong));

    let arrested = casedesk(&[
        "transition",
        f,
        "EI-2026-0001",
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
    assert!(arrested.status.success(), "{}", text(&arrested));

    let shown = casedesk(&["show", f, "ei-2026-0001"]);
    assert!(shown.status.success());
    let shown = text(&shown);
    assert!(
        shown.contains("Status        Provisionally arrested (since 2026-03-05)"),
        "{shown}"
    );
    // The provisional arrest starts the 45-day clock for the request papers (s.74).
    assert!(
        shown.contains("UK_PA_DOCS") && shown.contains("due 2026-04-18"),
        "{shown}"
    );
    assert!(
        shown.contains("override: Subject details follow by email"),
        "{shown}"
    );

    let listed = casedesk(&["list", f, "--status", "PA_ARRESTED"]);
    assert!(text(&listed).contains("EI-2026-0001"));
    let none = casedesk(&["list", f, "--status", "DRAFT"]);
    assert!(!text(&none).contains("EI-2026-0001"));
    let check = casedesk(&["check", f]);
    assert!(check.status.success(), "{}", text(&check));
}

#[test]
fn bad_input_gets_a_clear_error_and_a_non_zero_exit() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("book.ron");
    let f = path_str(&file);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["demo", "--cases", "many", "-o", f],
            "invalid value 'many'",
        ),
        (
            vec!["new", f, "--kind", "asylum", "--direction", "incoming"],
            "invalid value 'asylum'",
        ),
        (
            vec![
                "new",
                f,
                "--kind",
                "mla",
                "--direction",
                "incoming",
                "--opened",
                "31/2/2026",
            ],
            "does not exist",
        ),
        (vec!["show", f, "EI-2026-0001"], "book.ron"),
        (vec!["list", f, "--status", "NOWHERE"], "not a state"),
        (vec!["frobnicate"], "unrecognized subcommand"),
    ];
    std::fs::write(dir.path().join("other.ron"), "").unwrap();
    for (args, expected) in cases {
        let out = casedesk(&args);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(text(&out).contains(expected), "{args:?}: {}", text(&out));
        assert!(!text(&out).contains("panicked"), "{args:?}: {}", text(&out));
    }
}

#[test]
fn check_reports_a_broken_file_with_line_and_column_and_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("book.ron");
    let f = path_str(&file);
    assert!(
        casedesk(&["new", f, "--kind", "mla", "--direction", "outgoing"])
            .status
            .success()
    );
    let sound = std::fs::read_to_string(&file).unwrap();
    let broken = sound.replacen("kind: Mla", "kind: Asylum", 1);
    std::fs::write(&file, &broken).unwrap();
    let out = casedesk(&["check", f]);
    assert!(!out.status.success());
    let line = 1 + broken.lines().position(|l| l.contains("Asylum")).unwrap();
    assert!(
        text(&out).contains(&format!("book.ron:{line}:")),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("Asylum"), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), broken);
}

#[test]
fn writing_subcommands_are_refused_while_another_process_holds_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("casebook.ron");
    let demo = [
        "demo",
        "--cases",
        "3",
        "--today",
        "2026-11-23",
        "-o",
        path_str(&file),
        "--force",
    ];
    assert!(casedesk(&demo).status.success());
    let before = std::fs::read(&file).unwrap();
    let lock = casedesk::store::lock::acquire(&file, chrono::Utc::now()).unwrap();
    let reference = "EI-2026-0001";
    let out_file = dir.path().join("summary.md");
    let csv = dir.path().join("register.csv");
    std::fs::write(
        &csv,
        "reference,kind,direction\nEI-2026-0100,extradition,incoming\n",
    )
    .unwrap();
    for args in [
        // Exports record their disclosure in the casebook, and imports add cases: both write.
        &[
            "export",
            path_str(&file),
            reference,
            "--format",
            "md",
            "--profile",
            "full",
            "--to",
            "CPS",
            "-o",
            path_str(&out_file),
        ][..],
        &[
            "report",
            path_str(&file),
            "--from",
            "2026-01-01",
            "--to",
            "2026-11-23",
            "--format",
            "md",
            "--for",
            "Steering committee",
            "-o",
            path_str(&out_file),
        ],
        &["import-csv", path_str(&file), path_str(&csv)],
        &[
            "new",
            path_str(&file),
            "--kind",
            "mla",
            "--direction",
            "outgoing",
        ][..],
        &[
            "transition",
            path_str(&file),
            reference,
            "CLOSED",
            "--on",
            "2026-11-23",
        ],
        &demo,
    ] {
        let out = binary(args, &[]);
        assert!(!out.status.success(), "{args:?} ran while locked");
        let shown = text(&out);
        assert!(shown.contains("open for writing by"), "{shown}");
        assert!(
            shown.contains(&format!("(process {})", std::process::id())),
            "{shown}"
        );
        assert_eq!(
            std::fs::read(&file).unwrap(),
            before,
            "{args:?} changed the file"
        );
    }
    // Reading is never refused.
    assert!(binary(&["check", path_str(&file)], &[]).status.success());
    drop(lock);
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
    assert!(
        !casedesk::store::lock::lock_path(&file).exists(),
        "the command line released its lock"
    );
}

#[test]
fn a_writing_subcommand_refuses_a_casebook_with_problems_and_leaves_it_alone() {
    use casedesk::store::format::FileV1;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("casebook.ron");
    let book =
        casedesk::sample::generate(3, 1, chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    let mut broken = FileV1::from_casebook(&book, chrono::Utc::now());
    broken.cases[1].id = broken.cases[0].id;
    std::fs::write(&file, broken.to_text().unwrap()).unwrap();
    let before = std::fs::read(&file).unwrap();
    let out = casedesk(&[
        "new",
        path_str(&file),
        "--kind",
        "mla",
        "--direction",
        "outgoing",
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains(", so it is not changed"),
        "{}",
        text(&out)
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn the_passphrase_comes_from_the_environment_and_a_wrong_one_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("casebook.ron");
    let f = path_str(&file);
    assert!(
        casedesk(&["demo", "--cases", "3", "--today", "2026-11-23", "-o", f])
            .status
            .success()
    );
    let out = casedesk_env(
        &["passphrase", f],
        &[("CASEDESK_NEW_PASSPHRASE", "Port Qasim 7")],
    );
    assert!(out.status.success(), "{}", text(&out));
    let encrypted = std::fs::read(&file).unwrap();
    assert!(casedesk::store::is_encrypted(&encrypted));

    let right = [("CASEDESK_PASSPHRASE", "Port Qasim 7")];
    let out = casedesk_env(&["show", f, "EI-2026-0001"], &right);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("EI-2026-0001"));
    let out = casedesk_env(
        &["new", f, "--kind", "mla", "--direction", "outgoing"],
        &right,
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(casedesk::store::is_encrypted(
        &std::fs::read(&file).unwrap()
    ));

    // An export records its disclosure in the casebook, which stays encrypted.
    let summary = dir.path().join("summary.md");
    let out = casedesk_env(
        &[
            "export",
            f,
            "EI-2026-0001",
            "--format",
            "md",
            "--profile",
            "full",
            "--to",
            "CPS",
            "-o",
            path_str(&summary),
        ],
        &right,
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(casedesk::store::is_encrypted(
        &std::fs::read(&file).unwrap()
    ));

    let before = std::fs::read(&file).unwrap();
    let wrong = [("CASEDESK_PASSPHRASE", "Port Qasim 8")];
    let out = casedesk_env(
        &["new", f, "--kind", "mla", "--direction", "outgoing"],
        &wrong,
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("Wrong passphrase"), "{}", text(&out));
    // Without a terminal or the variable, it says where the passphrase can come from.
    let out = casedesk_env(&["check", f], &[]);
    assert!(!out.status.success());
    assert!(text(&out).contains("CASEDESK_PASSPHRASE"), "{}", text(&out));
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn a_demo_built_today_records_nothing_later_than_now() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("book.ron");
    let out = casedesk(&["demo", "--cases", "300", "-o", path_str(&file)]);
    assert!(out.status.success(), "{}", text(&out));
    // An officer's first edit is stamped after the casebook's latest stamp: one from later
    // today would stamp it with a time still to come.
    let now = chrono::Utc::now();
    let book = casedesk::store::open(&file, None).unwrap().book;
    let events = book.cases().iter().flat_map(|c| c.history());
    assert!(events.clone().all(|e| e.recorded_at <= now));
    assert!(events.count() > 300);
    // Of the cases, and of the people, agencies and contacts (recorded first, at 08:00).
    let millis = now.timestamp_millis();
    let records = book.stamps().records.values().copied();
    let mut stamps = book
        .cases()
        .iter()
        .map(|c| c.stamps().latest())
        .chain(records);
    assert!(stamps.all(|s| s.millis <= millis));
}

#[test]
fn list_piped_into_a_reader_that_stops_early_exits_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("book.ron");
    let out = casedesk(&["demo", "--cases", "3000", "-o", path_str(&file)]);
    assert!(out.status.success(), "{}", text(&out));
    // Like `casedesk list book.ron | head -n 1`: more than a pipe buffer of output, one line read.
    let mut child = Command::new(env!("CARGO_BIN_EXE_casedesk"))
        .args(["list", path_str(&file)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(!first.is_empty());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
    assert_ne!(out.status.code(), Some(101), "not a panic");
}

/// Two copies of a small casebook edited apart: both rewrite the first case's summary, and
/// theirs opens a new case. Returns (ours, theirs, the first case's id).
fn two_copies(
    dir: &Path,
) -> (
    std::path::PathBuf,
    std::path::PathBuf,
    casedesk::domain::CaseId,
) {
    use casedesk::domain::{
        CaseDetails, CaseKind, Command as Edit, Country, Ctx, Direction, SeededIds,
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let base = casedesk::sample::generate(4, 3, today);
    let case = base.cases()[0].id;
    let now: chrono::DateTime<chrono::FixedOffset> = "2026-11-24T10:00:00+00:00".parse().unwrap();
    let edit = |book: &mut casedesk::domain::Casebook, officer: &str, summary: &str, seed| {
        book.settings.officer_name = officer.into();
        let mut details = book.case(case).unwrap().details.clone();
        details.summary = summary.into();
        let mut ids = SeededIds::new(seed);
        let mut ctx = Ctx { now, ids: &mut ids };
        book.apply(
            Edit::UpdateCase {
                case,
                details: Box::new(details),
            },
            &mut ctx,
        )
        .unwrap();
    };
    let mut ours = base.clone();
    edit(&mut ours, "A. Shaw", "Seen in Bradford", 1);
    let mut theirs = base;
    edit(&mut theirs, "S. Qureshi", "Seen in Leeds", 2);
    theirs
        .apply(
            Edit::OpenCase {
                id: casedesk::domain::CaseId(uuid::Uuid::from_u128(0xC0FFEE)),
                kind: CaseKind::Mla,
                direction: Direction::Incoming,
                opened: today,
                details: Box::new(CaseDetails::new(Country::pakistan(), Country::uk())),
            },
            &mut Ctx {
                now,
                ids: &mut SeededIds::new(3),
            },
        )
        .unwrap();
    let (a, b) = (dir.join("ours.ron"), dir.join("theirs.ron"));
    casedesk::store::save(&a, &ours, now.to_utc()).unwrap();
    casedesk::store::save(&b, &theirs, now.to_utc()).unwrap();
    (a, b, case)
}

#[test]
fn merge_lists_conflicts_and_writes_nothing_until_a_side_is_preferred() {
    let dir = tempfile::tempdir().unwrap();
    let (ours, theirs, case) = two_copies(dir.path());
    let before = std::fs::read(&ours).unwrap();
    let out = casedesk(&["merge", path_str(&ours), path_str(&theirs)]);
    let shown = text(&out);
    assert!(!out.status.success(), "{shown}");
    assert!(shown.contains("1 new case"), "{shown}");
    assert!(shown.contains("1 conflict"), "{shown}");
    assert!(
        shown.contains("ours:   Seen in Bradford  [A. Shaw"),
        "{shown}"
    );
    assert!(
        shown.contains("theirs: Seen in Leeds  [S. Qureshi"),
        "{shown}"
    );
    assert!(shown.contains("Nothing was written"), "{shown}");
    assert_eq!(std::fs::read(&ours).unwrap(), before);
    assert!(
        !casedesk::store::lock::lock_path(&ours).exists(),
        "lock released"
    );

    let merged = dir.path().join("merged.ron");
    let out = casedesk(&[
        "merge",
        path_str(&ours),
        path_str(&theirs),
        "-o",
        path_str(&merged),
        "--prefer",
        "theirs",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        std::fs::read(&ours).unwrap(),
        before,
        "-o leaves OURS alone"
    );
    let book = casedesk::store::load(&merged).unwrap();
    assert_eq!(book.case(case).unwrap().details.summary, "Seen in Leeds");
    assert_eq!(book.cases().len(), 5);
    assert!(book.case(case).unwrap().history().iter().any(|e| matches!(
        &e.kind,
        casedesk::domain::EventKind::MergeChoice { set_aside, .. } if &**set_aside == "Seen in Bradford"
    )));

    // Merging the same copy again brings nothing and writes nothing.
    let merged_before = std::fs::read(&merged).unwrap();
    let out = casedesk(&["merge", path_str(&merged), path_str(&theirs)]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Nothing to merge"), "{}", text(&out));
    assert_eq!(std::fs::read(&merged).unwrap(), merged_before);
}

#[test]
fn merge_in_place_respects_the_lock_and_keeps_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let (ours, theirs, case) = two_copies(dir.path());
    let key = [("CASEDESK_NEW_PASSPHRASE", "Port Qasim 7")];
    assert!(
        casedesk_env(&["passphrase", path_str(&ours)], &key)
            .status
            .success()
    );
    let secret = [("CASEDESK_PASSPHRASE", "Port Qasim 7")];

    let lock = casedesk::store::lock::acquire(&ours, chrono::Utc::now()).unwrap();
    let before = std::fs::read(&ours).unwrap();
    let args = [
        "merge",
        path_str(&ours),
        path_str(&theirs),
        "--prefer",
        "ours",
    ];
    let out = binary(&args, &secret);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("open for writing by"), "{}", text(&out));
    assert_eq!(std::fs::read(&ours).unwrap(), before);
    drop(lock);

    let out = casedesk_env(&args, &secret);
    assert!(out.status.success(), "{}", text(&out));
    let written = std::fs::read(&ours).unwrap();
    assert!(casedesk::store::is_encrypted(&written), "still encrypted");
    let key = casedesk::store::Key::with_test_work_factor("Port Qasim 7", 4);
    let book = casedesk::store::load_with(&ours, Some(&key)).unwrap();
    assert_eq!(book.case(case).unwrap().details.summary, "Seen in Bradford");
    assert_eq!(book.cases().len(), 5);
}

#[test]
fn team_folder_is_set_shown_and_cleared_and_each_save_writes_the_copy_there() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("book.ron");
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    let f = path_str(&file);
    let new_case = || {
        let out = casedesk(&["new", f, "--kind", "mla", "--direction", "outgoing"]);
        assert!(out.status.success(), "{}", text(&out));
    };
    new_case();
    let missing = casedesk(&["team-folder", f, path_str(&dir.path().join("nowhere"))]);
    assert!(!missing.status.success());
    assert!(
        text(&missing).contains("There is no folder"),
        "{}",
        text(&missing)
    );

    let nameless = casedesk(&["team-folder", f, path_str(&team)]);
    assert!(!nameless.status.success());
    assert!(text(&nameless).contains("--officer"), "{}", text(&nameless));
    let set = casedesk(&[
        "team-folder",
        f,
        path_str(&team),
        "--officer",
        "A. Shaw",
        "--agency",
        "NCA",
    ]);
    assert!(set.status.success(), "{}", text(&set));
    let settings = casedesk::domain::Settings {
        officer_name: "A. Shaw".into(),
        officer_agency: "NCA".into(),
        ..Default::default()
    };
    let installation = casedesk::store::Installation::in_dir(&installation_dir()).unwrap();
    let name = casedesk::store::team::own_copy_name(&settings, &installation);
    let copy = team.join(&name);
    assert!(text(&set).contains(&name), "{}", text(&set));
    assert_eq!(casedesk::store::load(&copy).unwrap().cases().len(), 1);
    let shown = casedesk(&["team-folder", f]);
    assert_eq!(
        String::from_utf8_lossy(&shown.stdout).trim(),
        format!("{}: this casebook's copy there is {name}", path_str(&team))
    );

    // Any writing subcommand's save refreshes the copy.
    new_case();
    assert_eq!(casedesk::store::load(&copy).unwrap().cases().len(), 2);

    // A passphrase set afterwards covers the copy in the team folder at once.
    let out = casedesk_env(
        &["passphrase", f],
        &[("CASEDESK_NEW_PASSPHRASE", "Quetta 9")],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(casedesk::store::is_encrypted(
        &std::fs::read(&copy).unwrap()
    ));
    let out = casedesk_env(
        &["passphrase", f, "--remove"],
        &[("CASEDESK_PASSPHRASE", "Quetta 9")],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(!casedesk::store::is_encrypted(
        &std::fs::read(&copy).unwrap()
    ));

    let cleared = casedesk(&["team-folder", f, "--clear"]);
    assert!(cleared.status.success(), "{}", text(&cleared));
    new_case();
    assert_eq!(casedesk::store::load(&copy).unwrap().cases().len(), 2);
    let book = casedesk::store::load(&file).unwrap();
    assert_eq!((book.cases().len(), book.settings.team_folder), (3, None));
}
