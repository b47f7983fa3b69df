//! `casedesk snapshots` and `casedesk restore`: snapshots listed with their time, size and
//! cases; one put back atomically after the current version is kept; and every refusal
//! (no such snapshot, a damaged one, a casebook locked elsewhere, a wrong passphrase) changing
//! nothing.

use super::{binary_on, casedesk, casedesk_env, path_str, text};
use std::path::{Path, PathBuf};

/// A casebook of 3 cases saved over twice (4 and 5 cases): two snapshots, 1 and 2; when
/// `encrypt`ed (with the passphrase in `env`) first, three.
fn casebook_with_snapshots(dir: &Path, env: &[(&str, &str)], encrypt: bool) -> PathBuf {
    let file = dir.join("casebook.ron");
    let f = path_str(&file);
    let out = casedesk(&["demo", "--cases", "3", "--today", "2026-11-23", "-o", f]);
    assert!(out.status.success(), "{}", text(&out));
    if encrypt {
        let out = casedesk_env(&["passphrase", f], env);
        assert!(out.status.success(), "{}", text(&out));
    }
    for _ in 0..2 {
        let new = ["new", f, "--kind", "mla", "--direction", "outgoing"];
        let out = casedesk_env(&new, env);
        assert!(out.status.success(), "{}", text(&out));
    }
    file
}

/// The rows of `casedesk snapshots`: those naming a snapshot by number or file name.
fn rows(shown: &str) -> Vec<&str> {
    shown
        .lines()
        .filter(|l| {
            let first = l.split_whitespace().next().unwrap_or("");
            first.ends_with(".ron")
                || (!first.is_empty() && first.bytes().all(|b| b.is_ascii_digit()))
        })
        .collect()
}

fn snapshot_files(file: &Path) -> Vec<PathBuf> {
    casedesk::store::list_snapshots(file)
        .unwrap()
        .into_iter()
        .map(|s| s.path)
        .collect()
}

#[test]
fn snapshots_are_listed_with_time_size_and_cases_and_open_in_check_and_show() {
    let dir = tempfile::tempdir().unwrap();
    let file = casebook_with_snapshots(dir.path(), &[], false);
    let out = casedesk(&["snapshots", path_str(&file)]);
    assert!(out.status.success(), "{}", text(&out));
    let shown = String::from_utf8_lossy(&out.stdout);
    let rows = rows(&shown);
    assert_eq!(rows.len(), 2, "{shown}");
    assert!(
        rows[0].trim_start().starts_with('2') && rows[0].ends_with(" 4"),
        "{shown}"
    );
    assert!(
        rows[1].trim_start().starts_with('1') && rows[1].ends_with(" 3"),
        "{shown}"
    );
    assert!(
        shown.contains("Kept: every save of the last day"),
        "{shown}"
    );

    // A compressed snapshot is a casebook to `check` and `show`.
    let oldest = snapshot_files(&file).pop().unwrap();
    assert!(casedesk::store::is_compressed(
        &std::fs::read(&oldest).unwrap()
    ));
    let out = casedesk(&["check", path_str(&oldest)]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("sound (3 cases"), "{}", text(&out));
    let book = casedesk::store::load(&oldest).unwrap();
    let reference = &book.cases()[0].reference;
    let out = casedesk(&["show", path_str(&oldest), reference]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains(reference.as_str()), "{}", text(&out));
}

#[test]
fn restore_puts_a_snapshot_back_and_keeps_the_version_it_replaces() {
    let dir = tempfile::tempdir().unwrap();
    let file = casebook_with_snapshots(dir.path(), &[], false);
    let out = casedesk(&["restore", path_str(&file), "1"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("from snapshot 1"), "{}", text(&out));
    assert_eq!(casedesk::store::load(&file).unwrap().cases().len(), 3);
    let snaps = snapshot_files(&file);
    assert_eq!(snaps.len(), 3);
    assert_eq!(casedesk::store::load(&snaps[0]).unwrap().cases().len(), 5);
    // By file name too.
    let name = snaps[0].file_name().unwrap().to_str().unwrap();
    let out = casedesk(&["restore", path_str(&file), name]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(casedesk::store::load(&file).unwrap().cases().len(), 5);
}

/// What a refused restore must leave: the casebook and its snapshots byte for byte.
fn unchanged(file: &Path, run: impl FnOnce() -> super::Ran, says: &str) {
    let before = std::fs::read(file).unwrap();
    let snaps: Vec<_> = snapshot_files(file)
        .into_iter()
        .map(|p| (std::fs::read(&p).unwrap(), p))
        .collect();
    let out = run();
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains(says), "{}", text(&out));
    assert!(text(&out).contains("nothing was changed") || says.contains("open for writing"));
    assert!(std::fs::read(file).unwrap() == before);
    let after: Vec<_> = snapshot_files(file)
        .into_iter()
        .map(|p| (std::fs::read(&p).unwrap(), p))
        .collect();
    assert!(after == snaps, "the snapshots changed");
}

#[test]
fn restore_refuses_a_snapshot_that_is_not_there() {
    let dir = tempfile::tempdir().unwrap();
    let file = casebook_with_snapshots(dir.path(), &[], false);
    let f = path_str(&file);
    unchanged(
        &file,
        || casedesk(&["restore", f, "99"]),
        "has no snapshot 99",
    );
    unchanged(
        &file,
        || casedesk(&["restore", f, "casebook.ron"]),
        "has no snapshot casebook.ron",
    );
}

#[test]
fn restore_refuses_a_damaged_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let file = casebook_with_snapshots(dir.path(), &[], false);
    let oldest = snapshot_files(&file).pop().unwrap();
    let bytes = std::fs::read(&oldest).unwrap();
    std::fs::write(&oldest, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let f = path_str(&file);
    unchanged(&file, || casedesk(&["restore", f, "1"]), "is damaged");
    let out = casedesk(&["snapshots", f]);
    assert!(text(&out).contains("cannot be opened"), "{}", text(&out));
}

#[test]
fn restore_refuses_a_casebook_open_for_writing_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let file = casebook_with_snapshots(dir.path(), &[], false);
    let lock = casedesk::store::lock::acquire(&file, chrono::Utc::now()).unwrap();
    let f = path_str(&file);
    unchanged(&file, || casedesk(&["restore", f, "1"]), "open for writing");
    drop(lock);
}

#[test]
fn restore_refuses_a_wrong_passphrase_and_restores_with_the_right_one() {
    let dir = tempfile::tempdir().unwrap();
    let right = [
        ("CASEDESK_NEW_PASSPHRASE", "Port Qasim 7"),
        ("CASEDESK_PASSPHRASE", "Port Qasim 7"),
    ];
    let file = casebook_with_snapshots(dir.path(), &right, true);
    let f = path_str(&file);
    let wrong = [("CASEDESK_PASSPHRASE", "Port Qasim 8")];
    unchanged(
        &file,
        || casedesk_env(&["restore", f, "2"], &wrong),
        "Wrong passphrase",
    );
    let out = casedesk_env(&["restore", f, "2"], &right);
    assert!(out.status.success(), "{}", text(&out));
    assert!(casedesk::store::is_encrypted(
        &std::fs::read(&file).unwrap()
    ));
    let out = casedesk_env(&["snapshots", f], &right);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(rows(&text(&out)).len(), 4, "{}", text(&out));
}

/// A snapshot kept before compression: listed by its file name and restored by it.
#[test]
fn a_snapshot_from_before_compression_is_listed_and_restored() {
    let dir = tempfile::tempdir().unwrap();
    let file = casebook_with_snapshots(dir.path(), &[], false);
    let old = dir
        .path()
        .join("snapshots")
        .join("casebook.20261101T090000.000Z.ron");
    let plain = casedesk::store::load(&snapshot_files(&file)[1]).unwrap();
    casedesk::store::save(&dir.path().join("plain.ron"), &plain, chrono::Utc::now()).unwrap();
    std::fs::copy(dir.path().join("plain.ron"), &old).unwrap();
    let f = path_str(&file);
    let out = casedesk(&["snapshots", f]);
    assert!(
        text(&out).contains("casebook.20261101T090000.000Z.ron"),
        "{}",
        text(&out)
    );
    let out = casedesk(&["restore", f, "casebook.20261101T090000.000Z.ron"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(casedesk::store::load(&file).unwrap().cases().len(), 3);
}

/// The rule set with `--keep-*` is kept on this computer and thins from the next save on. By
/// the binary: a save reads the rule where the process's installation is kept.
#[test]
fn the_rule_set_on_the_command_line_thins_from_the_next_save() {
    let dir = tempfile::tempdir().unwrap();
    let installation = dir.path().join("installation");
    let file = casebook_with_snapshots(dir.path(), &[], false);
    let f = path_str(&file);
    let keep = [
        "snapshots",
        f,
        "--keep-last-day",
        "1",
        "--keep-days",
        "0",
        "--keep-months",
        "0",
    ];
    let out = binary_on(&installation, &keep, &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("every save of the last day (up to 1), then one a day for 0 days"),
        "{}",
        text(&out)
    );
    assert_eq!(snapshot_files(&file).len(), 2, "applied from the next save");
    let new = ["new", f, "--kind", "mla", "--direction", "outgoing"];
    assert!(binary_on(&installation, &new, &[]).status.success());
    // The newest, stored as a difference, and the one snapshot it is a difference from.
    let snaps = snapshot_files(&file);
    assert_eq!(snaps.len(), 2, "{snaps:?}");
    assert_eq!(casedesk::store::load(&snaps[0]).unwrap().cases().len(), 5);
}

/// The subcommand runs in-process, writing to what it is given.
#[test]
fn snapshots_runs_in_process() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("none.ron");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let installation = dir.path().join("installation");
    let vars = |name: &str| {
        (name == casedesk::store::INSTALLATION_DIR_VARIABLE).then(|| installation.clone().into())
    };
    let no_terminal = |_: &str| Err(std::io::Error::other("no terminal"));
    let mut env = casedesk::cli::Env::new(vars, no_terminal, &mut err);
    let args = casedesk::cli::snapshots::Args {
        file,
        keep_last_day: Some(3),
        keep_days: None,
        keep_months: None,
    };
    let code = casedesk::cli::snapshots::run(args, &mut env, &mut out).unwrap();
    assert_eq!(code, std::process::ExitCode::SUCCESS);
    let said = String::from_utf8(out).unwrap();
    assert!(said.contains("(up to 3)"), "{said}");
    assert!(said.contains("No snapshots of"), "{said}");
    assert_eq!(
        casedesk::store::retention_rule_in(&installation)
            .unwrap()
            .last_day,
        3
    );
}

#[test]
fn restore_refuses_while_the_journal_holds_unsaved_changes() {
    let dir = tempfile::tempdir().unwrap();
    let file = casebook_with_snapshots(dir.path(), &[], false);
    // Any journal beside it: what it holds was made to the version a restore would replace.
    let journal = casedesk::store::journal::journal_path(&file);
    std::fs::write(&journal, "unsaved work\n").unwrap();
    let f = path_str(&file);
    unchanged(
        &file,
        || casedesk(&["restore", f, "1"]),
        "holds changes not yet saved",
    );
    assert_eq!(std::fs::read(&journal).unwrap(), b"unsaved work\n");
}
