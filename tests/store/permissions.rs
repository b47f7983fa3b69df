//! Everything written for a casebook is readable by its owner only (0600 files, a 0700
//! snapshots folder), plain or encrypted, whatever the umask.

#![cfg(unix)]

use casedesk::domain::{Casebook, Settings};
use casedesk::store::{self, Key};
use chrono::{DateTime, Duration, Utc};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn casebooks_snapshots_recovery_and_lock_files_are_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let t0: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
    let book = Casebook::new(Settings::default());
    let key = Key::with_test_work_factor("owner only", 4);
    for (name, key) in [("plain.ron", None), ("sealed.ron", Some(&key))] {
        let path = dir.path().join(name);
        for n in 0..3 {
            store::save_with(&path, &book, t0 + Duration::seconds(n), key).unwrap();
        }
        store::save_recovery(&path, &book, t0, key).unwrap();
        let lock = store::lock::acquire(&path, t0).unwrap();
        let snapshots = store::list_snapshots(&path).unwrap();
        assert_eq!(snapshots.len(), 2);
        let recovery = store::recovery_path(&path);
        let lock_file = store::lock::lock_path(&path);
        for file in snapshots.iter().map(|s| s.path.as_path()).chain([
            path.as_path(),
            recovery.as_path(),
            lock_file.as_path(),
        ]) {
            assert_eq!(mode(file), 0o600, "{}", file.display());
        }
        drop(lock);
    }
    assert_eq!(mode(&dir.path().join("snapshots")), 0o700);
}
