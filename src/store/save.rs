//! Saving a casebook: its file written atomically (`atomic.rs`), the previous version kept as a
//! snapshot, and the journal told what the new file holds before it takes the casebook's place
//! and emptied after. A failure at any step leaves the last good file as it was, no temporary
//! file behind, and the snapshots as they were.

use super::atomic::{
    Content, Fault, SaveError, Staged, Step, injected, io_error, stage, sync_folder, with_content,
};
use super::crypt::Key;
use super::format::FileV2;
use super::fsutil::real_path;
use super::journal::Journal;
use super::retention::retention_rule;
use super::snapshot::{self, RestoreError, Settling};
use crate::domain::Casebook;
use chrono::{DateTime, Utc};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;

/// The casebook as the text of a file saved at `saved_at`, its checksum filled in.
pub fn serialize(book: &Casebook, saved_at: DateTime<Utc>) -> Result<String, ron::Error> {
    FileV2::casebook_text(book, saved_at)
}

/// Saves `book` to `path` atomically, without a passphrase, first keeping the file it
/// replaces as a snapshot.
pub fn save(path: &Path, book: &Casebook, now: DateTime<Utc>) -> Result<(), SaveError> {
    save_with(path, book, now, None)
}

/// Saves `book` to `path` atomically, encrypted with `key` when there is one; the file it
/// replaces is kept as a snapshot, encrypted too.
pub fn save_with(
    path: &Path,
    book: &Casebook,
    now: DateTime<Utc>,
    key: Option<&Key>,
) -> Result<(), SaveError> {
    save_showing(path, book, now, key, &AtomicUsize::new(0))
}

/// [`save_with`], counting in `written` the cases written so far, for a progress bar.
pub fn save_showing(
    path: &Path,
    book: &Casebook,
    now: DateTime<Utc>,
    key: Option<&Key>,
    written: &AtomicUsize,
) -> Result<(), SaveError> {
    save_settling(path, book, now, key, written).map(settle_here)
}

/// [`save_showing`], done once the casebook is durably in place: compressing the snapshot it
/// took and thinning the snapshots are left to the caller ([`Settling::finish`]), after it has
/// said the save is done.
pub fn save_settling(
    path: &Path,
    book: &Casebook,
    now: DateTime<Utc>,
    key: Option<&Key>,
    written: &AtomicUsize,
) -> Result<Settling, SaveError> {
    with_content(book, now, key, written, |content| {
        write_atomic(path, content, now, key, None).map(|(_, settling)| settling)
    })
}

/// Settles a save at once, by this process's snapshot rule: for callers with nothing to say
/// before (tests, the sample, a copy).
fn settle_here(settling: Settling) {
    settling.finish(retention_rule().ok().as_ref());
}

/// A journaled save, done: what is left of it ([`Settling::finish`]), and a warning when the
/// casebook was saved but its journal could not be emptied (it is still right: its note says
/// what the file holds).
#[derive(Debug)]
pub struct Saved {
    pub warning: Option<String>,
    pub settling: Settling,
}

/// [`save_showing`] of a casebook whose changes `journal` holds, `book` holding its entries up
/// to `through`: before the new file takes the casebook's place the journal notes what it
/// holds, and after, it keeps only the entries made since (none: it is removed). Killed
/// between, the next opener applies only the entries the file does not hold. Done once the
/// casebook is durably in place, as [`save_settling`].
pub fn save_journaled(
    path: &Path,
    book: &Casebook,
    now: DateTime<Utc>,
    key: Option<&Key>,
    written: &AtomicUsize,
    journal: &Journal,
    through: u64,
) -> Result<Saved, SaveError> {
    let path = &followed(path)?;
    let (checksum, settling) = with_content(book, now, key, written, |content| {
        write_atomic_noting(path, content, now, key, None, &mut |checksum| {
            journal.saving(through, checksum)
        })
    })?;
    let warning = journal
        .saved(path, through, checksum)
        .err()
        .map(|e| format!("The casebook is saved, but its journal could not be emptied: {e}"));
    Ok(Saved { warning, settling })
}

/// Sets, changes or removes the passphrase of the casebook at `path`: saves `book` with `new`
/// (atomically, like any save, its `journal` emptied), then re-encrypts each snapshot that
/// opens with `old`. The journal takes the new passphrase before the casebook does and drops
/// the old one after, so a kill never leaves it in plain text beside an encrypted casebook.
/// Returns how many snapshots were left as they were because an even earlier passphrase
/// protects them, and what is left of the save ([`Settling::finish`]).
pub fn change_passphrase(
    path: &Path,
    book: &Casebook,
    now: DateTime<Utc>,
    old: Option<&Key>,
    new: Option<&Key>,
    journal: Option<(&Journal, u64)>,
) -> Result<(usize, Settling), SaveError> {
    let written = &AtomicUsize::new(0);
    let settling = match journal {
        Some((journal, through)) => {
            if new.is_some() {
                journal.rekey(new)?;
            }
            let saved = save_journaled(path, book, now, new, written, journal, through)?;
            if new.is_none() {
                journal.rekey(None)?;
            }
            saved.settling
        }
        None => save_settling(path, book, now, new, written)?,
    };
    super::attachments::reseal_all(path, old, new)?;
    Ok((snapshot::reseal_all(path, old, new)?, settling))
}

/// Puts a snapshot back as the casebook, written with the casebook's `key`. The current file
/// is kept as a snapshot first, so a restore can itself be undone; returned with what is left
/// of the save ([`Settling::finish`]).
pub fn restore_snapshot(
    casebook: &Path,
    snapshot: &Path,
    now: DateTime<Utc>,
    key: Option<&Key>,
) -> Result<(Casebook, Settling), RestoreError> {
    let (book, bytes, checksum) = snapshot::restorable(snapshot, key)?;
    let (_, settling) = write_atomic(
        casebook,
        Content::Recorded(&bytes, checksum),
        now,
        key,
        None,
    )?;
    Ok((book, settling))
}

/// A file leaving the app (a case summary, a report, a CSV register) could not be written.
#[derive(Debug, thiserror::Error)]
#[error("Could not write the export: {error} ({step}, {})", path.display())]
pub struct ExportWriteError {
    step: &'static str,
    path: PathBuf,
    error: io::Error,
}

/// The error of writing the export at `path`, from the casebook writer's.
fn export_error(path: &Path) -> impl FnOnce(SaveError) -> ExportWriteError + '_ {
    move |e| match e {
        SaveError::Io { step, path, error } => ExportWriteError { step, path, error },
        // Bytes ready to go are neither serialized nor encrypted on the way.
        SaveError::Serialize(error) => ExportWriteError {
            step: "serializing",
            path: path.to_path_buf(),
            error: io::Error::other(error),
        },
        SaveError::Encrypt(error) => ExportWriteError {
            step: "encrypting",
            path: path.to_path_buf(),
            error,
        },
    }
}

/// Writes an exported file the way casebooks are written (temporary file, fsync, rename; owner
/// only), but without a snapshot: an export is not a casebook to restore.
pub fn write_export(path: &Path, bytes: &[u8]) -> Result<(), ExportWriteError> {
    stage_export(path, bytes)?.publish()
}

/// An export written whole to a hidden temporary file beside its place and flushed to disk, not
/// yet in place; dropped unpublished, it is removed.
#[derive(Debug)]
pub struct StagedExport(Staged);

/// Writes `bytes` to a hidden temporary file beside `path`, to be put in place by
/// [`StagedExport::publish`].
pub fn stage_export(path: &Path, bytes: &[u8]) -> Result<StagedExport, ExportWriteError> {
    stage(path, Content::Bytes(bytes), None)
        .map(StagedExport)
        .map_err(export_error(path))
}

/// [`stage_export`] for an export written a piece at a time into its file by `write` (a
/// bundle, too large to hold in memory).
pub fn stage_export_streamed(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> io::Result<()>,
) -> Result<StagedExport, ExportWriteError> {
    stage(path, Content::Stream(Box::new(write)), None)
        .map(StagedExport)
        .map_err(export_error(path))
}

impl StagedExport {
    /// Puts the export in place (a rename) and flushes its folder to disk.
    pub fn publish(self) -> Result<(), ExportWriteError> {
        let path = self.0.path.clone();
        self.0
            .put_in_place(None)
            .and_then(|()| sync_folder(&path, None))
            .map_err(export_error(&path))
    }
}

/// Writes an export and saves the casebook that records its disclosure, both or neither: the
/// export is written to a hidden temporary file and flushed to disk first (where a full disk
/// fails, nothing is recorded), then `record` saves the casebook (if it fails, the temporary
/// file is removed: neither), then the export is renamed into place. Killed between the last
/// two, the casebook records a disclosure whose file never appeared: the record errs towards
/// saying too much, never too little, and the officer sees the file is missing and exports
/// again. The other order could leave a disclosed file that no case history mentions.
pub fn write_export_recorded<T, E: From<ExportWriteError>>(
    path: &Path,
    bytes: &[u8],
    record: impl FnOnce() -> Result<T, E>,
) -> Result<T, E> {
    let staged = stage_export(path, bytes)?;
    let recorded = record()?;
    staged.publish().map_err(|e| {
        E::from(ExportWriteError {
            step: "putting the export in place; its disclosure is already recorded",
            ..e
        })
    })?;
    Ok(recorded)
}

/// Writes `content` to `path` atomically, keeping the file it replaces as a snapshot sealed with
/// `key` (`path` followed to the file a symbolic link there names, so the link stays a link).
/// The snapshot is taken once the new version is whole on disk, and dropped again if the new
/// version does not take its place: only a save that succeeds adds one, and only a save that
/// succeeds (folder flushed and all) returns the [`Settling`] that compresses it and thins the
/// snapshots. `fail_at` makes one step fail, for tests.
/// Returns the checksum the file written records.
pub(crate) fn write_atomic(
    path: &Path,
    content: Content,
    now: DateTime<Utc>,
    key: Option<&Key>,
    fail_at: Option<Fault>,
) -> Result<(Option<String>, Settling), SaveError> {
    write_atomic_noting(path, content, now, key, fail_at, &mut |_| Ok(()))
}

/// [`write_atomic`], calling `note` with the new file's checksum once it is whole on disk, just
/// before it takes the casebook's place; if `note` fails, nothing is replaced.
fn write_atomic_noting(
    path: &Path,
    content: Content,
    now: DateTime<Utc>,
    key: Option<&Key>,
    fail_at: Option<Fault>,
    note: &mut dyn FnMut(Option<&str>) -> Result<(), SaveError>,
) -> Result<(Option<String>, Settling), SaveError> {
    let path = &followed(path)?;
    let staged = stage(path, content, fail_at)?;
    let snapshot = if path.exists() {
        injected(fail_at, Step::Snapshot).map_err(io_error(Step::Snapshot, path))?;
        Some(snapshot::take(path, now, key)?)
    } else {
        None
    };
    let checksum = staged.checksum.clone();
    if let Err(e) = note(checksum.as_deref()).and_then(|()| staged.put_in_place(fail_at)) {
        // The casebook still is the version the snapshot holds.
        if let Some(snapshot) = snapshot {
            snapshot.discard();
        }
        return Err(e);
    }
    // A failure from here on leaves the new version in place, and the snapshot with it.
    sync_folder(path, fail_at)?;
    Ok((checksum, Settling::new(path, snapshot, now, key)))
}

/// `path` followed to the file a symbolic link there names, so the link stays a link.
fn followed(path: &Path) -> Result<PathBuf, SaveError> {
    real_path(path).map_err(|error| SaveError::Io {
        step: "following the symbolic link to the casebook",
        path: path.to_path_buf(),
        error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Casebook, Settings};
    use crate::store::atomic::write_casebook;
    use std::sync::atomic::Ordering;

    fn book(officer: &str) -> Casebook {
        Casebook::new(Settings {
            officer_name: officer.into(),
            ..Settings::default()
        })
    }

    fn now() -> DateTime<Utc> {
        "2026-11-23T10:00:00Z".parse().unwrap()
    }

    /// Every step failing with `kind` leaves the old file and no temporary file; the message
    /// says `says` and names the step.
    fn each_step_failing(kind: io::ErrorKind, says: &str) {
        for step in [
            Step::Snapshot,
            Step::CreateTemp,
            Step::Write,
            Step::Sync,
            Step::Rename,
        ] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("casebook.ron");
            save(&path, &book("Old"), now()).unwrap();
            let before = std::fs::read(&path).unwrap();
            let text = serialize(&book("New"), now()).unwrap();
            let content = Content::Bytes(text.as_bytes());
            let result = write_atomic(&path, content, now(), None, Some(step.fails(kind)));
            let message = result.expect_err("the step fails").to_string();
            assert!(message.contains(step.describe()), "{message}");
            assert!(message.contains(says), "{message}");
            assert_eq!(
                std::fs::read(&path).unwrap(),
                before,
                "{step:?} changed the file"
            );
            let loaded = crate::store::load(&path).unwrap();
            assert_eq!(loaded.settings.officer_name, "Old");
            let stray: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
                .collect();
            assert!(stray.is_empty(), "{step:?} left a temporary file");
        }
    }

    #[test]
    fn a_save_failing_at_any_step_leaves_the_previous_file_loadable_and_unchanged() {
        each_step_failing(io::ErrorKind::Other, "Could not write the casebook");
    }

    #[test]
    fn a_full_disk_at_any_step_is_named_and_leaves_the_previous_file() {
        each_step_failing(io::ErrorKind::StorageFull, "the disk is full");
    }

    #[test]
    fn a_read_only_folder_at_any_step_is_named_and_leaves_the_previous_file() {
        each_step_failing(
            io::ErrorKind::ReadOnlyFilesystem,
            "the folder cannot be written to",
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_without_write_permission_is_named_and_nothing_is_left_in_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casebook.ron");
        save(&path, &book("Old"), now()).unwrap();
        let before = std::fs::read(&path).unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o500)).unwrap();
        let probe = dir.path().join("probe");
        if std::fs::write(&probe, b"").is_ok() {
            // Root ignores permissions: the injected failures above cover this machine.
            std::fs::remove_file(&probe).unwrap();
            eprintln!("running as root: a folder's permissions cannot refuse a write here");
            return;
        }
        let message = save(&path, &book("New"), now()).unwrap_err().to_string();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
        assert!(
            message.contains("the folder cannot be written to"),
            "{message}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn a_casebook_deleted_behind_the_apps_back_is_written_again_in_full() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casebook.ron");
        save(&path, &book("Old"), now()).unwrap();
        std::fs::remove_file(&path).unwrap();
        save(&path, &book("New"), now()).unwrap();
        assert_eq!(
            crate::store::load(&path).unwrap().settings.officer_name,
            "New"
        );
    }

    #[test]
    fn a_casebook_serialized_straight_into_its_file_is_the_text_serialized_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casebook.ron");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        // Several pieces, so several serializing threads and a checksum filled in last.
        let book = crate::sample::generate(1_234, 8, today);
        let cases = AtomicUsize::new(0);
        save_showing(&path, &book, now(), None, &cases).unwrap();
        assert_eq!(
            cases.load(Ordering::Relaxed),
            1_234,
            "every case counted as written"
        );
        let written = std::fs::read_to_string(&path).unwrap();
        assert_eq!(written, serialize(&book, now()).unwrap());
        let loaded = crate::store::open(&path, None).unwrap();
        assert_eq!(loaded.integrity, crate::store::Integrity::Verified);
        assert_eq!(loaded.book, book);
    }

    /// Written past the page cache (where the file system allows it) or through it, a casebook
    /// file is the same text, checksum and all, whatever its length against the blocks.
    #[test]
    fn a_casebook_written_direct_is_the_text_written_through_the_page_cache() {
        let dir = tempfile::tempdir().unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        // An empty casebook (less than a block), and ones of several buffers and pieces.
        for cases in [0, 3, 1_234] {
            let book = crate::sample::generate(cases, 5, today);
            let text = serialize(&book, now()).unwrap();
            for direct in [true, false] {
                let path = dir.path().join(format!("{cases}-{direct}.ron"));
                let mut file = crate::store::fsutil::create_private(&path).unwrap();
                let direct = direct && crate::store::direct::enable(&file);
                write_casebook(&mut file, &book, now(), &AtomicUsize::new(0), direct).unwrap();
                drop(file);
                let written = std::fs::read_to_string(&path).unwrap();
                assert!(written == text, "{cases} cases, direct: {direct}");
                let loaded = crate::store::open(&path, None).unwrap();
                assert_eq!(loaded.integrity, crate::store::Integrity::Verified);
            }
        }
    }

    #[test]
    fn a_failed_folder_sync_is_reported_after_the_new_file_is_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casebook.ron");
        save(&path, &book("Old"), now()).unwrap();
        let text = serialize(&book("New"), now()).unwrap();
        let fault = Step::SyncDir.fails(io::ErrorKind::Other);
        let content = Content::Bytes(text.as_bytes());
        assert!(write_atomic(&path, content, now(), None, Some(fault)).is_err());
        assert_eq!(
            crate::store::load(&path).unwrap().settings.officer_name,
            "New"
        );
    }
}
