//! One writer per casebook: the lock file, a second opener, a stale lock taken over.

use casedesk::store::{self, lock::LockError};
use chrono::{DateTime, Utc};
use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

fn now() -> DateTime<Utc> {
    "2026-11-23T10:15:00Z".parse().unwrap()
}

#[test]
fn a_second_opener_is_told_who_holds_the_lock_until_it_is_released() {
    let dir = tempfile::tempdir().unwrap();
    let casebook = dir.path().join("casebook.ron");
    let first = store::lock::acquire(&casebook, now()).unwrap();
    let lock_file = dir.path().join("casebook.lock");
    assert_eq!(store::lock::lock_path(&casebook), lock_file);
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
    std::fs::write(
        store::lock::lock_path(&casebook),
        lock_text(&host, dead_pid()),
    )
    .unwrap();
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
        std::fs::write(store::lock::lock_path(&casebook), &text).unwrap();
        let err = store::lock::acquire(&casebook, now()).unwrap_err();
        assert!(matches!(err, LockError::Held { .. }), "{err:?}");
        assert_eq!(
            std::fs::read_to_string(store::lock::lock_path(&casebook)).unwrap(),
            text
        );
    }
    live.kill().unwrap();
    live.wait().unwrap();
}

/// Sets the lock file's modification time `secs` seconds back.
fn age(lock: &Path, secs: u64) {
    let then = SystemTime::now() - Duration::from_secs(secs);
    File::options()
        .write(true)
        .open(lock)
        .unwrap()
        .set_modified(then)
        .unwrap();
}

/// A Casedesk killed just after creating its lock file leaves it empty (or, killed while
/// writing it, cut short): nobody holds its OS lock, so once it is older than the grace period
/// it is taken over at once.
#[test]
fn an_empty_or_cut_short_lock_nobody_holds_is_taken_over() {
    for left in ["", "user=someone\nhost=lap", "\u{0}\u{0}\u{0}"] {
        let dir = tempfile::tempdir().unwrap();
        let casebook = dir.path().join("casebook.ron");
        let lock_file = store::lock::lock_path(&casebook);
        std::fs::write(&lock_file, left).unwrap();
        age(&lock_file, 60);
        let started = Instant::now();
        let lock = store::lock::acquire(&casebook, now()).unwrap();
        assert!(started.elapsed() < store::lock::GRACE, "{left:?} waited");
        assert_eq!(
            store::lock::holder(&casebook).unwrap().as_ref(),
            Some(lock.holder())
        );
        // Nothing is left aside by the takeover.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}

/// A fresh empty lock nobody holds may be one being written: it is waited for, and taken over
/// only once the grace period has passed without its text appearing.
#[test]
fn a_fresh_empty_lock_is_waited_for_before_it_is_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let casebook = dir.path().join("casebook.ron");
    std::fs::write(store::lock::lock_path(&casebook), "").unwrap();
    let started = Instant::now();
    let lock = store::lock::acquire(&casebook, now()).unwrap();
    let waited = started.elapsed();
    assert!(
        waited >= store::lock::GRACE / 2,
        "taken over after {waited:?}"
    );
    assert!(
        waited < store::lock::GRACE * 2,
        "taken over after {waited:?}"
    );
    assert_eq!(lock.holder().pid, std::process::id());
}

/// An empty lock whose OS lock is held is in use, however old: another Casedesk is writing
/// it. The opener waits, is told it is busy, never that it may delete it, and leaves it be.
#[test]
fn an_empty_lock_being_written_is_busy_never_deletable() {
    let dir = tempfile::tempdir().unwrap();
    let casebook = dir.path().join("casebook.ron");
    let lock_file = store::lock::lock_path(&casebook);
    let writer = File::create(&lock_file).unwrap();
    writer.lock_shared().unwrap();
    age(&lock_file, 60);
    let err = store::lock::acquire(&casebook, now()).unwrap_err();
    assert!(matches!(err, LockError::Busy(_)), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("Try again"), "{message}");
    assert!(!message.contains("delete"), "{message}");
    assert!(message.contains("casebook.lock"), "{message}");
    assert!(lock_file.exists());
    drop(writer);
}

/// One being written when the opener arrives is waited for, and its holder named once its
/// text is there.
#[test]
fn a_lock_written_while_the_opener_waits_names_its_holder() {
    let dir = tempfile::tempdir().unwrap();
    let casebook = dir.path().join("casebook.ron");
    let lock_file = store::lock::lock_path(&casebook);
    let host = gethostname::gethostname().to_string_lossy().into_owned();
    let mut writer = File::create(&lock_file).unwrap();
    writer.lock_shared().unwrap();
    let text = lock_text(&host, std::process::id());
    let err = std::thread::scope(|scope| {
        let opener = scope.spawn(|| store::lock::acquire(&casebook, now()));
        std::thread::sleep(Duration::from_millis(200));
        writer.write_all(text.as_bytes()).unwrap();
        opener.join().unwrap().unwrap_err()
    });
    assert!(matches!(err, LockError::Held { .. }), "{err:?}");
    assert!(err.to_string().contains("someone on"), "{err}");
    assert_eq!(std::fs::read_to_string(&lock_file).unwrap(), text);
}

/// A lock whose holder kept an OS lock on it is taken over once that OS lock is free, even
/// when another process now has the id its holder had (a live id proves nothing then).
#[test]
fn a_lock_whose_os_lock_is_free_is_taken_over_even_if_its_process_id_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let casebook = dir.path().join("casebook.ron");
    let host = gethostname::gethostname().to_string_lossy().into_owned();
    let mut reused = std::process::Command::new("sleep")
        .arg("30")
        .spawn()
        .unwrap();
    let text = format!("{}os_lock=held\n", lock_text(&host, reused.id()));
    std::fs::write(store::lock::lock_path(&casebook), text).unwrap();
    let lock = store::lock::acquire(&casebook, now()).unwrap();
    assert_eq!(
        store::lock::holder(&casebook).unwrap().as_ref(),
        Some(lock.holder())
    );
    // Without the mark (an older Casedesk), a live process id still holds it.
    drop(lock);
    std::fs::write(
        store::lock::lock_path(&casebook),
        lock_text(&host, reused.id()),
    )
    .unwrap();
    let err = store::lock::acquire(&casebook, now()).unwrap_err();
    assert!(matches!(err, LockError::Held { .. }), "{err:?}");
    reused.kill().unwrap();
    reused.wait().unwrap();
}

/// Two openers racing for one casebook, again and again: exactly one wins each time, and the
/// other is told who holds it (or that it is busy), never that the lock is unreadable.
#[test]
fn of_two_racing_openers_one_wins_and_the_other_is_told_who_holds_it() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..200 {
        let casebook = dir.path().join(format!("casebook-{round}.ron"));
        let barrier = std::sync::Barrier::new(2);
        let results: Vec<_> = std::thread::scope(|scope| {
            let racers: Vec<_> = (0..2)
                .map(|_| {
                    scope.spawn(|| {
                        barrier.wait();
                        store::lock::acquire(&casebook, now())
                    })
                })
                .collect();
            racers.into_iter().map(|r| r.join().unwrap()).collect()
        });
        let won = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(won, 1, "round {round}: {results:?}");
        for result in &results {
            if let Err(e) = result {
                assert!(
                    matches!(e, LockError::Held { .. } | LockError::Busy(_)),
                    "round {round}: {e:?}"
                );
                assert!(!e.to_string().contains("delete"), "{e}");
            }
        }
    }
}

/// A casebook opened through a symbolic link is locked where it really is: an opener by its
/// real path finds the lock.
#[cfg(unix)]
#[test]
fn a_casebook_opened_through_a_link_is_locked_where_it_really_is() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real").join("casebook.ron");
    std::fs::create_dir(real.parent().unwrap()).unwrap();
    store::save(&real, &casedesk::domain::Casebook::default(), now()).unwrap();
    let link = dir.path().join("shortcut.ron");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let lock = store::lock::acquire(&link, now()).unwrap();
    assert_eq!(lock.casebook(), real);
    assert!(store::lock::lock_path(&real).exists());
    assert!(!store::lock::lock_path(&link).exists());
    let err = store::lock::acquire(&real, now()).unwrap_err();
    assert!(matches!(err, LockError::Held { .. }), "{err:?}");
}
