//! What a writing subcommand leaves of its saves: the snapshot compressed after its output,
//! thinned by the snapshot rule of the installation it was given (not the process's), one a
//! killed save left whole compressed, and a recovery file of an earlier Casedesk named.

use super::{casedesk, path_str, run_on, text};
use casedesk::store::{self, Retention};
use chrono::Utc;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;

fn demo(dir: &Path) -> PathBuf {
    let file = dir.join("book.ron");
    let out = casedesk(&["demo", "--cases", "6", "-o", path_str(&file)]);
    assert!(out.status.success(), "{}", text(&out));
    file
}

fn new_case(computer: &Path, file: &Path) -> String {
    let args = [
        "new",
        path_str(file),
        "--kind",
        "mla",
        "--direction",
        "outgoing",
    ];
    let out = run_on(computer, &args, &[]);
    assert!(out.status.success(), "{}", text(&out));
    text(&out)
}

#[test]
fn snapshots_are_thinned_by_the_rule_of_the_installation_given_to_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let computer = dir.path().join("computer");
    let rule = Retention {
        last_day: 2,
        days: 0,
        months: 0,
    };
    store::set_retention_rule_in(&computer, &rule).unwrap();
    let file = demo(dir.path());
    for _ in 0..6 {
        new_case(&computer, &file);
    }
    let snapshots = store::list_snapshots(&file).unwrap();
    let bytes: Vec<Vec<u8>> = snapshots
        .iter()
        .map(|s| std::fs::read(&s.path).unwrap())
        .collect();
    for b in &bytes {
        assert!(store::is_compressed(b));
    }
    // The rule keeps the newest two; any other left is the base a kept difference names in
    // its header (stored whole), never an older save kept for nothing.
    assert!(snapshots.len() <= 3, "{snapshots:?}");
    let names = |i: usize| snapshots[i].path.file_name().unwrap().to_str().unwrap();
    for i in 2..snapshots.len() {
        let named = bytes[..2].iter().any(|b| {
            b.windows(names(i).len())
                .take(512)
                .any(|w| w == names(i).as_bytes())
        });
        assert!(
            named,
            "{} is kept though no kept snapshot needs it",
            names(i)
        );
    }
}

#[test]
fn a_snapshot_a_killed_save_left_whole_is_compressed_by_the_next_writing_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let book = store::load(&file).unwrap();
    // Saved, then the process died before compressing the snapshot.
    drop(store::save_settling(&file, &book, Utc::now(), None, &AtomicUsize::new(0)).unwrap());
    let whole = store::list_snapshots(&file).unwrap().remove(0).path;
    assert!(!store::is_compressed(&std::fs::read(&whole).unwrap()));
    let said = new_case(&super::installation_dir(), &file);
    assert!(said.contains("compressed 1 snapshot"), "{said}");
    assert!(said.contains(path_str(&whole)), "{said}");
    for snap in store::list_snapshots(&file).unwrap() {
        assert!(store::is_compressed(&std::fs::read(&snap.path).unwrap()));
    }
}

#[test]
fn a_recovery_file_of_an_earlier_casedesk_is_named_and_never_applied() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let recovery = dir.path().join("book.recovery.ron");
    let mut unsaved = store::load(&file).unwrap();
    unsaved.settings.officer_name = "Unsaved Officer".into();
    store::save(&recovery, &unsaved, Utc::now()).unwrap();
    let said = new_case(&super::installation_dir(), &file);
    assert!(said.contains(path_str(&recovery)), "{said}");
    assert!(said.contains("it is not applied"), "{said}");
    assert_ne!(
        store::load(&file).unwrap().settings.officer_name,
        "Unsaved Officer"
    );
    assert!(recovery.exists(), "left for the officer to open or remove");
}
