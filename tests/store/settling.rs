//! A save is done once the casebook is on disk; its snapshot is compressed after
//! (`Settling::finish`). Until then the snapshot is kept whole, marked; a process that dies
//! before compressing it loses nothing, and the next opener under the lock (`store::tidy`)
//! compresses it. An encrypted casebook's snapshot is never in plain text, before or after.

use super::encryption::{assert_nothing_plain, key, sample, secrets, t};
use casedesk::store::{self, Key};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;

/// Saves `officer`'s version over the casebook at `path`, as reported done: its snapshot not
/// compressed yet, as if the process died there.
fn saved_then_killed(path: &Path, officer: &str, n: i64, key: Option<&Key>) {
    let settling =
        store::save_settling(path, &sample(officer), t(n), key, &AtomicUsize::new(0)).unwrap();
    drop(settling);
}

fn marks(path: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(store::snapshots_folder(path))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".uncompressed"))
        .collect()
}

/// What the snapshot at `path` holds inside any seal starts compressed.
fn compressed(snapshot: &Path, key: Option<&Key>) -> bool {
    let bytes = std::fs::read(snapshot).unwrap();
    match key {
        None => store::is_compressed(&bytes),
        // A sealed snapshot is smaller than the casebook only when compressed inside its seal.
        Some(_) => {
            let casebook = snapshot.parent().unwrap().parent().unwrap();
            let casebook = std::fs::metadata(casebook.join("casebook.ron"))
                .unwrap()
                .len();
            (bytes.len() as u64) < casebook / 2
        }
    }
}

fn killed_before_compressing_then_opened(key: Option<&Key>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    store::save_with(&path, &sample("Ayesha Khan"), t(0), key).unwrap();
    saved_then_killed(&path, "Imran Qureshi", 1, key);
    let snapshots = store::list_snapshots(&path).unwrap();
    assert_eq!(
        snapshots.len(),
        1,
        "the snapshot is kept before it is compressed"
    );
    let snapshot = &snapshots[0].path;
    assert!(
        !compressed(snapshot, key),
        "not compressed yet: the save did not wait"
    );
    assert_eq!(marks(&path).len(), 1);
    let mut all = secrets(&sample("Ayesha Khan"));
    all.extend(secrets(&sample("Imran Qureshi")));
    if key.is_some() {
        assert_nothing_plain(dir.path(), &all);
    }
    // The next opener, under the lock.
    let lock = store::lock::acquire(&path, t(2)).unwrap();
    let tidied = store::tidy(&lock, key, &[]).unwrap();
    assert_eq!(tidied.compressed, std::slice::from_ref(snapshot));
    assert!(
        tidied.to_string().contains("compressed 1 snapshot"),
        "{tidied}"
    );
    assert!(compressed(snapshot, key));
    assert!(marks(&path).is_empty());
    let held = store::load_with(snapshot, key).unwrap();
    assert_eq!(held.settings.officer_name, "Ayesha Khan");
    if key.is_some() {
        assert_nothing_plain(dir.path(), &all);
    }
    // Nothing left to finish.
    assert!(store::tidy(&lock, key, &[]).unwrap().is_empty());
}

#[test]
fn a_snapshot_left_whole_by_a_killed_process_is_compressed_by_the_next_opener() {
    killed_before_compressing_then_opened(None);
}

#[test]
fn an_encrypted_snapshot_left_whole_is_compressed_in_its_seal_and_never_plain() {
    killed_before_compressing_then_opened(Some(&key("Multan to Manchester 2026")));
}

/// Killed after the snapshot was compressed but before its mark went: the opener removes the
/// mark and compresses nothing twice.
#[test]
fn a_mark_left_after_compressing_is_only_removed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    store::save(&path, &sample("Ayesha Khan"), t(0)).unwrap();
    store::save(&path, &sample("Imran Qureshi"), t(1)).unwrap();
    let snapshot = store::list_snapshots(&path).unwrap().remove(0).path;
    let name = snapshot.file_name().unwrap().to_string_lossy().into_owned();
    let mark = snapshot.with_file_name(format!(".{name}.uncompressed"));
    std::fs::write(&mark, b"").unwrap();
    let before = std::fs::read(&snapshot).unwrap();
    let lock = store::lock::acquire(&path, t(2)).unwrap();
    let tidied = store::tidy(&lock, None, &[]).unwrap();
    assert!(tidied.compressed.is_empty(), "{tidied:?}");
    assert!(!mark.exists());
    assert_eq!(std::fs::read(&snapshot).unwrap(), before);
}

/// A save finished as the window and the command line finish it compresses its snapshot.
#[test]
fn a_save_settled_after_it_is_done_compresses_its_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    store::save(&path, &sample("Ayesha Khan"), t(0)).unwrap();
    let settling = store::save_settling(
        &path,
        &sample("Imran Qureshi"),
        t(1),
        None,
        &AtomicUsize::new(0),
    )
    .unwrap();
    settling.finish(None);
    let snapshot = store::list_snapshots(&path).unwrap().remove(0).path;
    assert!(compressed(&snapshot, None));
    assert!(marks(&path).is_empty());
}

/// Two saves in a row whose snapshots are settled later (the command line settles after its
/// output; a replay then a new case saves twice), in either order, beside one compressed
/// whole already: every snapshot still opens. A snapshot not yet compressed is never another's
/// base, for it may become a difference itself (the crash test's replay found a chain).
#[test]
fn snapshots_settled_after_two_saves_in_either_order_all_open() {
    for oldest_first in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casebook.ron");
        store::save(&path, &sample("Ayesha Khan"), t(0)).unwrap();
        store::save(&path, &sample("Imran Qureshi"), t(1)).unwrap();
        let saved = |officer, n| {
            store::save_settling(&path, &sample(officer), t(n), None, &AtomicUsize::new(0)).unwrap()
        };
        let first = saved("Sana Malik", 2);
        let second = saved("Bilal Ahmed", 3);
        if oldest_first {
            first.finish(None);
            second.finish(None);
        } else {
            second.finish(None);
            first.finish(None);
        }
        let listed = store::list_snapshots(&path).unwrap();
        assert_eq!(listed.len(), 3);
        for snap in listed {
            let opened = store::load_with(&snap.path, None);
            assert!(opened.is_ok(), "{}: {opened:?}", snap.path.display());
        }
    }
}
