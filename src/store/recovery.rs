//! The recovery file: an autosave of unsaved work beside the casebook
//! (`casebook.recovery.ron`), written atomically without a snapshot and removed after a real
//! save. On start, a recovery file newer than its casebook is offered for restoring.

use super::crypt::Key;
use super::fsutil::parent_dir;
use super::save::{SaveError, replace_with, with_content};
use crate::domain::Casebook;
use chrono::{DateTime, Utc};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::time::SystemTime;

/// `casebook.recovery.ron` beside `casebook.ron`.
pub fn recovery_path(casebook: &Path) -> PathBuf {
    parent_dir(casebook).join(format!("{}.recovery.ron", super::snapshot::stem(casebook)))
}

/// Writes unsaved work to the recovery file, encrypted with the casebook's `key`.
pub fn save_recovery(
    casebook: &Path,
    book: &Casebook,
    now: DateTime<Utc>,
    key: Option<&Key>,
) -> Result<(), SaveError> {
    let path = recovery_path(casebook);
    with_content(book, now, key, &AtomicUsize::new(0), |content| {
        replace_with(&path, content, None)
    })
}

/// Removes the recovery file once its work is saved or declined.
pub fn discard_recovery(casebook: &Path) -> io::Result<()> {
    match std::fs::remove_file(recovery_path(casebook)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// The recovery file, when there is one newer than the casebook (or the casebook is gone).
pub fn pending_recovery(casebook: &Path) -> Option<PathBuf> {
    let recovery = recovery_path(casebook);
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let recovered: SystemTime = modified(&recovery)?;
    match modified(casebook) {
        Some(saved) if saved >= recovered => None,
        _ => Some(recovery),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Settings;

    #[test]
    fn a_recovery_file_is_offered_only_while_newer_than_the_casebook() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casebook.ron");
        let now: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
        let book = Casebook::new(Settings::default());
        crate::store::save(&path, &book, now).unwrap();
        assert_eq!(pending_recovery(&path), None);
        let mut edited = book.clone();
        edited.settings.officer_name = "Unsaved".into();
        save_recovery(&path, &edited, now, None).unwrap();
        let saved_at = std::fs::metadata(&path).unwrap().modified().unwrap();
        let later = saved_at + std::time::Duration::from_secs(5);
        let recovery_file = std::fs::File::options()
            .write(true)
            .open(recovery_path(&path))
            .unwrap();
        recovery_file.set_modified(later).unwrap();
        let recovery = pending_recovery(&path).expect("recovery offered");
        assert_eq!(recovery, dir.path().join("casebook.recovery.ron"));
        assert_eq!(crate::store::load(&recovery).unwrap(), edited);
        // Saving the casebook after the recovery file makes it stale.
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(later + std::time::Duration::from_secs(1))
            .unwrap();
        assert_eq!(pending_recovery(&path), None);
        discard_recovery(&path).unwrap();
        assert!(!recovery_path(&path).exists());
        discard_recovery(&path).unwrap();
    }
}
