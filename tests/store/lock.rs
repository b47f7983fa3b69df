//! One writer per casebook: the lock file, a second opener, a stale lock taken over.

use casedesk::store::{self, LockError};
use chrono::{DateTime, Utc};

fn now() -> DateTime<Utc> {
    "2026-11-23T10:15:00Z".parse().unwrap()
}

#[test]
fn a_second_opener_is_told_who_holds_the_lock_until_it_is_released() {
    let dir = tempfile::tempdir().unwrap();
    let casebook = dir.path().join("casebook.ron");
    let first = store::lock::acquire(&casebook, now()).unwrap();
    let lock_file = dir.path().join("casebook.lock");
    assert_eq!(store::lock_path(&casebook), lock_file);
    let text = std::fs::read_to_string(&lock_file).unwrap();
    assert!(
        text.contains(&format!("pid={}", std::process::id())),
        "{text}"
    );
    match store::lock::acquire(&casebook, now()) {
        Err(err @ LockError::Held { .. }) => {
            let LockError::Held { holder, .. } = &err else {
                unreachable!()
            };
            assert_eq!(holder, first.holder());
            assert!(err.to_string().contains("open for writing by"), "{err}");
            assert!(
                err.to_string()
                    .contains(&format!("(process {})", std::process::id()))
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        store::lock::holder(&casebook).unwrap().as_ref(),
        Some(first.holder())
    );
    drop(first);
    assert!(!lock_file.exists());
    assert_eq!(store::lock::holder(&casebook).unwrap(), None);
    let _again = store::lock::acquire(&casebook, now()).unwrap();
}

/// The id of a process that has exited.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

fn lock_text(host: &str, pid: u32) -> String {
    format!("user=someone\nhost={host}\npid={pid}\nsince=2026-11-20T08:00:00+00:00\ntoken=old\n")
}

#[test]
fn a_lock_left_by_a_dead_process_on_this_host_is_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let casebook = dir.path().join("casebook.ron");
    let host = gethostname::gethostname().to_string_lossy().into_owned();
    std::fs::write(store::lock_path(&casebook), lock_text(&host, dead_pid())).unwrap();
    let lock = store::lock::acquire(&casebook, now()).unwrap();
    assert_eq!(lock.holder().pid, std::process::id());
    assert_eq!(
        store::lock::holder(&casebook).unwrap().as_ref(),
        Some(lock.holder())
    );
    // Nothing is left aside by the takeover.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn taking_the_lock_removes_temporary_files_left_by_killed_saves() {
    let dir = tempfile::tempdir().unwrap();
    let casebook = dir.path().join("casebook.ron");
    store::save(&casebook, &casedesk::domain::Casebook::default(), now()).unwrap();
    let saved = std::fs::read(&casebook).unwrap();
    let leftover = dir.path().join(format!(".casebook.ron.tmp-{}", dead_pid()));
    std::fs::write(&leftover, "(half a casebook").unwrap();
    // Another casebook's temporary file in the same folder is not this lock's to remove.
    let other = dir.path().join(".other.ron.tmp-1");
    std::fs::write(&other, "(half").unwrap();
    let _lock = store::lock::acquire(&casebook, now()).unwrap();
    assert!(!leftover.exists());
    assert!(other.exists());
    assert_eq!(std::fs::read(&casebook).unwrap(), saved);
}

#[test]
fn a_lock_held_by_a_live_process_or_from_another_host_is_not_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let casebook = dir.path().join("casebook.ron");
    let host = gethostname::gethostname().to_string_lossy().into_owned();
    let mut live = std::process::Command::new("sleep")
        .arg("30")
        .spawn()
        .unwrap();
    for text in [
        lock_text(&host, live.id()),
        lock_text("another-laptop", dead_pid()),
    ] {
        std::fs::write(store::lock_path(&casebook), &text).unwrap();
        let err = store::lock::acquire(&casebook, now()).unwrap_err();
        assert!(matches!(err, LockError::Held { .. }), "{err:?}");
        assert_eq!(
            std::fs::read_to_string(store::lock_path(&casebook)).unwrap(),
            text
        );
    }
    live.kill().unwrap();
    live.wait().unwrap();
}

#[test]
fn an_unreadable_lock_is_reported_with_its_path_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let casebook = dir.path().join("casebook.ron");
    std::fs::write(store::lock_path(&casebook), "").unwrap();
    let err = store::lock::acquire(&casebook, now()).unwrap_err();
    assert!(err.to_string().contains("casebook.lock"), "{err}");
    assert!(store::lock_path(&casebook).exists());
}
