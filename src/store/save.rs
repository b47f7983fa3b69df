//! Atomic save: write a temporary file in the same folder, fsync it, keep the previous version as
//! a snapshot, rename over the old file, fsync the folder. A failure at any step leaves the last
//! good file as it was, no temporary file behind, and the snapshots as they were.

use super::crypt::{Key, seal};
use super::format::FileV2;
use super::fsutil::{create_private, parent_dir, real_path, sync_dir};
use super::snapshot;
use crate::domain::Casebook;
use chrono::{DateTime, Utc};
use std::fs::File;
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    // The io error is in the message, not a `source`, so it is not printed twice.
    #[error("Could not write the casebook: {}{error} ({step}, {})", cause(error), path.display())]
    Io {
        step: &'static str,
        path: PathBuf,
        error: io::Error,
    },
    #[error("Could not serialize the casebook: {0}")]
    Serialize(#[from] ron::Error),
    #[error("Could not encrypt the casebook: {0}")]
    Encrypt(io::Error),
}

/// The cause of a failed write in the officer's words, for the failures they can act on.
fn cause(error: &io::Error) -> &'static str {
    match error.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
            "the disk is full; free some space or save elsewhere. "
        }
        io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied => {
            "the folder cannot be written to (read-only, or no permission). "
        }
        io::ErrorKind::NotFound => "the folder is no longer there. ",
        _ => "",
    }
}

/// A failure injected at one step of a save, for tests.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fault {
    pub step: Step,
    pub kind: io::ErrorKind,
}

/// The steps of a save, in order; tests make each one fail in turn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    CreateTemp,
    Write,
    Sync,
    Snapshot,
    Rename,
    SyncDir,
}

impl Step {
    /// This step failing with `kind`.
    #[cfg(test)]
    pub(crate) fn fails(self, kind: io::ErrorKind) -> Fault {
        Fault { step: self, kind }
    }

    fn describe(self) -> &'static str {
        match self {
            Step::Snapshot => "keeping the previous version as a snapshot",
            Step::CreateTemp => "creating the temporary file",
            Step::Write => "writing the temporary file",
            Step::Sync => "flushing the temporary file to disk",
            Step::Rename => "replacing the casebook with the new version",
            Step::SyncDir => "flushing the folder to disk",
        }
    }
}

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
    with_content(book, now, key, written, |content| {
        write_atomic(path, content, now, key, None)
    })
}

/// What a save puts in its file.
pub(crate) enum Content<'a> {
    /// Bytes ready to go: an encrypted casebook, a snapshot, an export.
    Bytes(&'a [u8]),
    /// A plain casebook saved at the time given, serialized straight into the file on every
    /// core as it is written, its checksum filled in last: the whole text is never in memory.
    /// The counter counts the cases written.
    Casebook(&'a Casebook, DateTime<Utc>, &'a AtomicUsize),
}

impl Content<'_> {
    fn write_to(&self, file: &mut File) -> io::Result<()> {
        match self {
            Content::Bytes(bytes) => file.write_all(bytes),
            Content::Casebook(book, saved_at, written) => {
                let direct = super::direct::enable(file);
                write_casebook(file, book, *saved_at, written, direct)
            }
        }
    }
}

/// Writes `book` saved at `saved_at` into the new `file`, past the page cache when `direct`
/// (see `direct.rs`).
fn write_casebook(
    file: &mut File,
    book: &Casebook,
    saved_at: DateTime<Utc>,
    written: &AtomicUsize,
    direct: bool,
) -> io::Result<()> {
    let write = |out: &mut dyn FnMut(&[u8]) -> io::Result<()>| {
        FileV2::write_casebook(book, saved_at, written, out)
    };
    if direct {
        return super::direct::write(file, write);
    }
    let sum = write(&mut |piece| file.write_all(piece))?;
    if let Some((digits, sum)) = sum {
        file.seek(SeekFrom::Start(digits.start as u64))?;
        file.write_all(sum.as_bytes())?;
    }
    Ok(())
}

/// Calls `put` with `book` as saved at `now`: to be serialized as it is written when plain,
/// serialized and encrypted with `key` first when not. `written` counts the cases written.
pub(crate) fn with_content<T>(
    book: &Casebook,
    now: DateTime<Utc>,
    key: Option<&Key>,
    written: &AtomicUsize,
    put: impl FnOnce(Content) -> Result<T, SaveError>,
) -> Result<T, SaveError> {
    if key.is_none() {
        return put(Content::Casebook(book, now, written));
    }
    let text = serialize(book, now)?;
    written.store(book.cases().len(), Ordering::Relaxed);
    put(Content::Bytes(&sealed(text.as_bytes(), key)?))
}

/// Sets, changes or removes the passphrase of the casebook at `path`: saves `book` with `new`
/// (atomically, like any save), then re-encrypts each snapshot that opens with `old` and
/// removes the recovery file (the work is saved). Returns how many snapshots were left as
/// they were because an even earlier passphrase protects them.
pub fn change_passphrase(
    path: &Path,
    book: &Casebook,
    now: DateTime<Utc>,
    old: Option<&Key>,
    new: Option<&Key>,
) -> Result<usize, SaveError> {
    save_with(path, book, now, new)?;
    let left = snapshot::reseal_all(path, old, new)?;
    super::recovery::discard_recovery(path).map_err(|error| SaveError::Io {
        step: "removing the recovery file",
        path: super::recovery::recovery_path(path),
        error,
    })?;
    Ok(left)
}

/// `bytes` encrypted with `key`, or as they are.
pub(crate) fn sealed<'a>(
    bytes: &'a [u8],
    key: Option<&Key>,
) -> Result<std::borrow::Cow<'a, [u8]>, SaveError> {
    seal(bytes, key).map_err(SaveError::Encrypt)
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
/// succeeds (folder flushed and all) compresses it and thins the snapshots. `fail_at` makes one step fail, for
/// tests.
pub(crate) fn write_atomic(
    path: &Path,
    content: Content,
    now: DateTime<Utc>,
    key: Option<&Key>,
    fail_at: Option<Fault>,
) -> Result<(), SaveError> {
    let path = &real_path(path).map_err(|error| SaveError::Io {
        step: "following the symbolic link to the casebook",
        path: path.to_path_buf(),
        error,
    })?;
    let staged = stage(path, content, fail_at)?;
    let snapshot = if path.exists() {
        injected(fail_at, Step::Snapshot).map_err(io_error(Step::Snapshot, path))?;
        Some(snapshot::take(path, now, key)?)
    } else {
        None
    };
    if let Err(e) = staged.put_in_place(fail_at) {
        // The casebook still is the version the snapshot holds.
        if let Some(snapshot) = snapshot {
            snapshot.discard();
        }
        return Err(e);
    }
    // A failure from here on leaves the new version in place, and the snapshot with it.
    sync_folder(path, fail_at)?;
    snapshot::settle(path, snapshot, now, key);
    Ok(())
}

/// Puts `content` at `path` through a temporary file and a rename, then syncs the folder.
pub(crate) fn replace_with(
    path: &Path,
    content: Content,
    fail_at: Option<Fault>,
) -> Result<(), SaveError> {
    stage(path, content, fail_at)?.put_in_place(fail_at)?;
    sync_folder(path, fail_at)
}

/// `Err` when `fail_at` makes `step` fail.
fn injected(fail_at: Option<Fault>, step: Step) -> io::Result<()> {
    match fail_at {
        Some(fault) if fault.step == step => Err(fault.kind.into()),
        _ => Ok(()),
    }
}

/// A temporary file beside `path` holding its next content, whole and flushed to disk; removed
/// if dropped before it is put in place.
#[derive(Debug)]
pub(crate) struct Staged {
    temp: PathBuf,
    path: PathBuf,
    placed: bool,
}

/// Writes `content` to a new temporary file beside `path` and flushes it to disk.
fn stage(path: &Path, content: Content, fail_at: Option<Fault>) -> Result<Staged, SaveError> {
    let fail = |step| injected(fail_at, step);
    let temp = temp_path(path);
    injected(fail_at, Step::CreateTemp).map_err(io_error(Step::CreateTemp, &temp))?;
    let mut file = create_private(&temp).map_err(io_error(Step::CreateTemp, &temp))?;
    // From here the temporary file is ours alone, removed on any failure.
    let staged = Staged {
        temp,
        path: path.to_path_buf(),
        placed: false,
    };
    fail(Step::Write)
        .and_then(|()| content.write_to(&mut file))
        .map_err(io_error(Step::Write, &staged.temp))?;
    fail(Step::Sync)
        .and_then(|()| file.sync_all())
        .map_err(io_error(Step::Sync, &staged.temp))?;
    Ok(staged)
}

impl Staged {
    /// Renames the temporary file over `path`; the target is untouched if this fails.
    fn put_in_place(mut self, fail_at: Option<Fault>) -> Result<(), SaveError> {
        injected(fail_at, Step::Rename)
            .and_then(|()| std::fs::rename(&self.temp, &self.path))
            .map_err(io_error(Step::Rename, &self.path))?;
        self.placed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.placed {
            // The temporary file is ours alone; the target itself was never touched.
            let _ignored = std::fs::remove_file(&self.temp);
        }
    }
}

/// Flushes the folder of `path` to disk, after a rename into it.
fn sync_folder(path: &Path, fail_at: Option<Fault>) -> Result<(), SaveError> {
    let dir = parent_dir(path);
    injected(fail_at, Step::SyncDir)
        .and_then(|()| sync_dir(dir))
        .map_err(io_error(Step::SyncDir, dir))
}

fn io_error(step: Step, path: &Path) -> impl FnOnce(io::Error) -> SaveError + '_ {
    move |error| SaveError::Io {
        step: step.describe(),
        path: path.to_path_buf(),
        error,
    }
}

/// `.casebook.ron.tmp-<pid>` beside the file: hidden, never mistaken for a casebook (it does not
/// end in `.ron`), and unique per process.
fn temp_path(path: &Path) -> PathBuf {
    parent_dir(path).join(format!("{}{}", temp_prefix(path), std::process::id()))
}

/// `.casebook.ron.tmp-`: the start of every temporary file a write of `path` goes through.
pub(crate) fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "casebook".into());
    format!(".{name}.tmp-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Casebook, Settings};

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
