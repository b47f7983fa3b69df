//! The team folder from the command line: only the casebook bound to the folder on this
//! computer publishes; one officer's two computers merge each other; a sync conflict copy of
//! the own copy is merged and removed; a colleague's copy that brings nothing is told from its
//! head.

use super::{Ran, binary_on, path_str, run_on, text};
use std::path::Path;

/// How a test runs `casedesk` on the computer whose installation is kept in a folder: in this
/// process ([`on`]), or as the binary ([`binary`], the Syncthing test).
pub type Runner = fn(&Path, &[&str]) -> Ran;

pub fn on(computer: &Path, args: &[&str]) -> Ran {
    run_on(computer, args, &[])
}

pub fn binary(computer: &Path, args: &[&str]) -> Ran {
    binary_on(computer, args, &[])
}

/// Runs `casedesk` on `computer` and asserts it succeeded; returns what it printed.
pub fn ok(run: Runner, computer: &Path, args: &[&str]) -> String {
    let out = run(computer, args);
    assert!(out.status.success(), "{args:?}: {}", text(&out));
    text(&out)
}

/// A casebook of `cases` demo cases at `path`, shared into `team` by `officer` of `agency`.
pub fn shared_casebook(
    run: Runner,
    computer: &Path,
    path: &Path,
    base: &Path,
    team: &Path,
    officer: &str,
    agency: &str,
) {
    std::fs::copy(base, path).unwrap();
    ok(
        run,
        computer,
        &[
            "team-folder",
            path_str(path),
            path_str(team),
            "--officer",
            officer,
            "--agency",
            agency,
        ],
    );
}

/// Records an export of the case `reference` (an event on it) and saves.
pub fn export(run: Runner, computer: &Path, file: &Path, reference: &str, out: &Path) {
    ok(
        run,
        computer,
        &[
            "export",
            path_str(file),
            reference,
            "--format",
            "md",
            "--profile",
            "full",
            "--to",
            "FIA Islamabad",
            "-o",
            path_str(out),
            "--force",
        ],
    );
}

pub fn demo(dir: &Path, cases: &str) -> std::path::PathBuf {
    let base = dir.join("base.ron");
    ok(
        on,
        dir,
        &[
            "demo",
            "--cases",
            cases,
            "--seed",
            "3",
            "--today",
            "2026-11-23",
            "-o",
            path_str(&base),
        ],
    );
    base
}

fn copies_in(team: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(team)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Issue 25, item 3: `merge … -o OUT`, a backup written to, a trial copy: none publishes.
#[test]
fn only_the_casebook_bound_to_the_team_folder_publishes() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    let laptop = dir.path().join("laptop");
    let base = demo(dir.path(), "6");
    let book = dir.path().join("casebook.ron");
    shared_casebook(on, &laptop, &book, &base, &team, "A. Shaw", "NCA");
    let names = copies_in(&team);
    assert_eq!(names.len(), 1, "{names:?}");
    let copy = team.join(&names[0]);
    let published = std::fs::read(&copy).unwrap();

    // A colleague's copy merged into a trial file.
    let colleague = dir.path().join("colleague.ron");
    std::fs::copy(&base, &colleague).unwrap();
    export(
        on,
        &laptop,
        &colleague,
        "EI-2026-0001",
        &dir.path().join("x.md"),
    );
    let trial = dir.path().join("trial.ron");
    let out = on(
        &laptop,
        &[
            "merge",
            path_str(&book),
            path_str(&colleague),
            "-o",
            path_str(&trial),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("is not the casebook that shares into the team folder"),
        "{}",
        text(&out)
    );
    // A backup written to.
    let backup = dir.path().join("casebook backup.ron");
    std::fs::copy(&book, &backup).unwrap();
    export(
        on,
        &laptop,
        &backup,
        "EI-2026-0002",
        &dir.path().join("y.md"),
    );
    assert_eq!(std::fs::read(&copy).unwrap(), published);
    assert_eq!(copies_in(&team), names);

    // The casebook in use publishes as before.
    export(on, &laptop, &book, "EI-2026-0003", &dir.path().join("z.md"));
    assert_ne!(std::fs::read(&copy).unwrap(), published);
}

/// Issue 25, item 2: one officer on two computers: two copies, each merged into the other, and
/// a sync conflict copy of the laptop's own copy merged there and removed.
#[test]
fn one_officers_two_computers_merge_each_other_and_a_conflict_copy_goes_once_merged() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    let (laptop, desktop) = (dir.path().join("laptop"), dir.path().join("desktop"));
    let base = demo(dir.path(), "6");
    let (on_laptop, on_desktop) = (dir.path().join("l.ron"), dir.path().join("d.ron"));
    shared_casebook(on, &laptop, &on_laptop, &base, &team, "A. Shaw", "NCA");
    shared_casebook(on, &desktop, &on_desktop, &base, &team, "A. Shaw", "NCA");
    assert_eq!(copies_in(&team).len(), 2, "{:?}", copies_in(&team));
    export(
        on,
        &laptop,
        &on_laptop,
        "EI-2026-0001",
        &dir.path().join("x.md"),
    );
    export(
        on,
        &desktop,
        &on_desktop,
        "EI-2026-0002",
        &dir.path().join("y.md"),
    );
    // An older version of the laptop's copy, kept by a sync engine under another name, with
    // an export the laptop's casebook no longer has (it was restored from a backup).
    let settings = casedesk::domain::Settings {
        officer_name: "A. Shaw".into(),
        officer_agency: "NCA".into(),
        ..Default::default()
    };
    let installation = casedesk::store::Installation::in_dir(&laptop).unwrap();
    let laptop_copy = casedesk::store::team::own_copy_name(&settings, &installation);
    let conflict = team.join(format!(
        "{}.sync-conflict-20261124-101500-ABCDEFG.ron",
        laptop_copy.trim_end_matches(".ron")
    ));
    let older = dir.path().join("older.ron");
    std::fs::copy(&on_laptop, &older).unwrap();
    export(
        on,
        &laptop,
        &older,
        "EI-2026-0004",
        &dir.path().join("w.md"),
    );
    std::fs::copy(&older, &conflict).unwrap();

    let merged = ok(
        on,
        &laptop,
        &["team-folder", path_str(&on_laptop), "--merge"],
    );
    assert!(merged.contains("Removed"), "{merged}");
    assert!(!conflict.exists(), "{merged}");
    // Two merges in one run, two saves: the second knows the copy the first wrote.
    assert!(
        copies_in(&team)
            .iter()
            .all(|n| !n.contains("sync-conflict")),
        "{:?}",
        copies_in(&team)
    );
    ok(
        on,
        &desktop,
        &["team-folder", path_str(&on_desktop), "--merge"],
    );
    let again = ok(
        on,
        &laptop,
        &["team-folder", path_str(&on_laptop), "--merge"],
    );
    assert!(again.contains("Nothing to merge"), "{again}");
    let (l, d) = (
        casedesk::store::load(&on_laptop).unwrap(),
        casedesk::store::load(&on_desktop).unwrap(),
    );
    assert_eq!(
        super::syncthing::contents(&l),
        super::syncthing::contents(&d)
    );
    let disclosed = |reference: &str| {
        l.case_by_reference(reference)
            .unwrap()
            .history()
            .iter()
            .any(|e| matches!(e.kind, casedesk::domain::EventKind::Disclosed { .. }))
    };
    for reference in ["EI-2026-0001", "EI-2026-0002", "EI-2026-0004"] {
        assert!(disclosed(reference), "{reference}");
    }
}

/// Issue 25, item 5: a copy whose head says it brings nothing is not read: here the rest of it
/// is not even a casebook.
#[test]
fn a_colleagues_copy_that_brings_nothing_is_told_from_its_head_and_a_damaged_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let base = demo(dir.path(), "6");
    let ours = dir.path().join("ours.ron");
    std::fs::copy(&base, &ours).unwrap();
    export(
        on,
        dir.path(),
        &ours,
        "EI-2026-0001",
        &dir.path().join("x.md"),
    );
    // A colleague's copy holding nothing ours lacks: judged by its head (and its checksum).
    let mut colleague = casedesk::store::load(&base).unwrap();
    colleague.settings.officer_name = "S. Qureshi".into();
    let theirs = dir.path().join("theirs.ron");
    casedesk::store::save(&theirs, &colleague, chrono::Utc::now()).unwrap();
    let out = ok(
        on,
        dir.path(),
        &["merge", path_str(&ours), path_str(&theirs)],
    );
    assert!(out.contains("(everything in it is in"), "{out}");
    // The same copy cut short after its head: read whole, and the damage named.
    let text_of = std::fs::read_to_string(&theirs).unwrap();
    let cases = text_of.find("\n cases: [").unwrap();
    std::fs::write(
        &theirs,
        format!("{}\n cases: [ not a case", &text_of[..cases]),
    )
    .unwrap();
    let out = on(dir.path(), &["merge", path_str(&ours), path_str(&theirs)]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("theirs.ron"), "{}", text(&out));
    // A copy under our own officer's name may be a fork of ours: read whole, never judged by
    // its head.
    let out = ok(on, dir.path(), &["merge", path_str(&ours), path_str(&base)]);
    assert!(out.contains("Nothing to merge"), "{out}");
    assert!(!out.contains("(everything in it is in"), "{out}");
}
