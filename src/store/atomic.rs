//! The one layer that writes a file atomically, under saves, snapshots, the journal and the
//! team folder, and calls none of them: the content is written to a hidden temporary file
//! beside its place and flushed to disk, then renamed over the file, then the folder is
//! flushed. A failure at any step leaves the file as it was and no temporary file behind.

use super::crypt::{Key, seal};
use super::format::FileV2;
use super::fsutil::{create_private, parent_dir, sync_dir};
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
pub(super) fn cause(error: &io::Error) -> &'static str {
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

    pub(crate) fn describe(self) -> &'static str {
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

/// What a save puts in its file.
pub(crate) enum Content<'a> {
    /// Bytes ready to go: a snapshot, an export.
    Bytes(&'a [u8]),
    /// The bytes of a casebook file ready to go (encrypted, or a snapshot restored), with the
    /// checksum its text records.
    Recorded(&'a [u8], Option<String>),
    /// A plain casebook saved at the time given, serialized straight into the file on every
    /// core as it is written, its checksum filled in last: the whole text is never in memory.
    /// The counter counts the cases written.
    Casebook(&'a Casebook, DateTime<Utc>, &'a AtomicUsize),
    /// Bytes too many to hold in memory (an attachment, a bundle), written by the function.
    Stream(Box<WriteInto<'a>>),
}

/// What writes a [`Content::Stream`] into its file.
pub(crate) type WriteInto<'a> = dyn FnOnce(&mut File) -> io::Result<()> + 'a;

impl Content<'_> {
    /// Writes the content into `file`; returns the checksum a casebook's text records.
    fn write_to(self, file: &mut File) -> io::Result<Option<String>> {
        match self {
            Content::Bytes(bytes) => file.write_all(bytes).map(|()| None),
            Content::Recorded(bytes, checksum) => file.write_all(bytes).map(|()| checksum),
            Content::Casebook(book, saved_at, written) => {
                let direct = super::direct::enable(file);
                write_casebook(file, book, saved_at, written, direct)
            }
            Content::Stream(write) => write(file).map(|()| None),
        }
    }
}

/// Writes `book` saved at `saved_at` into the new `file`, past the page cache when `direct`
/// (see `direct.rs`).
pub(super) fn write_casebook(
    file: &mut File,
    book: &Casebook,
    saved_at: DateTime<Utc>,
    written: &AtomicUsize,
    direct: bool,
) -> io::Result<Option<String>> {
    let write = |out: &mut dyn FnMut(&[u8]) -> io::Result<()>| {
        FileV2::write_casebook(book, saved_at, written, out)
    };
    if direct {
        return super::direct::write(file, write);
    }
    let sum = write(&mut |piece| file.write_all(piece))?;
    if let Some((digits, sum)) = &sum {
        file.seek(SeekFrom::Start(digits.start as u64))?;
        file.write_all(sum.as_bytes())?;
    }
    Ok(sum.map(|(_, sum)| super::integrity::written(&sum)))
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
    let text = FileV2::casebook_text(book, now)?;
    written.store(book.cases().len(), Ordering::Relaxed);
    let checksum = super::integrity::recorded(&text);
    put(Content::Recorded(&sealed(text.as_bytes(), key)?, checksum))
}

/// `bytes` encrypted with `key`, or as they are.
pub(crate) fn sealed<'a>(
    bytes: &'a [u8],
    key: Option<&Key>,
) -> Result<std::borrow::Cow<'a, [u8]>, SaveError> {
    seal(bytes, key).map_err(SaveError::Encrypt)
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
pub(crate) fn injected(fail_at: Option<Fault>, step: Step) -> io::Result<()> {
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
    pub(crate) path: PathBuf,
    /// The checksum the casebook written records, when it is one.
    pub(crate) checksum: Option<String>,
    placed: bool,
}

/// Writes `content` to a new temporary file beside `path` and flushes it to disk.
pub(crate) fn stage(
    path: &Path,
    content: Content,
    fail_at: Option<Fault>,
) -> Result<Staged, SaveError> {
    let fail = |step| injected(fail_at, step);
    let temp = temp_path(path);
    injected(fail_at, Step::CreateTemp).map_err(io_error(Step::CreateTemp, &temp))?;
    let mut file = create_private(&temp).map_err(io_error(Step::CreateTemp, &temp))?;
    // From here the temporary file is ours alone, removed on any failure.
    let mut staged = Staged {
        temp,
        path: path.to_path_buf(),
        checksum: None,
        placed: false,
    };
    staged.checksum = fail(Step::Write)
        .and_then(|()| content.write_to(&mut file))
        .map_err(io_error(Step::Write, &staged.temp))?;
    fail(Step::Sync)
        .and_then(|()| file.sync_all())
        .map_err(io_error(Step::Sync, &staged.temp))?;
    Ok(staged)
}

impl Staged {
    /// Renames the temporary file over `path`; the target is untouched if this fails.
    pub(crate) fn put_in_place(mut self, fail_at: Option<Fault>) -> Result<(), SaveError> {
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
pub(crate) fn sync_folder(path: &Path, fail_at: Option<Fault>) -> Result<(), SaveError> {
    let dir = parent_dir(path);
    injected(fail_at, Step::SyncDir)
        .and_then(|()| sync_dir(dir))
        .map_err(io_error(Step::SyncDir, dir))
}

pub(crate) fn io_error(step: Step, path: &Path) -> impl FnOnce(io::Error) -> SaveError + '_ {
    move |error| SaveError::Io {
        step: step.describe(),
        path: path.to_path_buf(),
        error,
    }
}

/// `.casebook.ron.tmp-<pid>` beside the file: hidden, never mistaken for a casebook (it does not
/// end in `.ron`), and unique per process.
/// A name no other write uses at the same time: the process, and a count within it, since two
/// threads of one process may write one file at once (the installation's file, written by the
/// window and by a subcommand run in process, failed with "File exists" on a shared name).
fn temp_path(path: &Path) -> PathBuf {
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    parent_dir(path).join(format!("{}{}-{n}", temp_prefix(path), std::process::id()))
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
    /// Threads of one process writing one file at once each get a temporary file of their own:
    /// every write lands whole, none fails on a name another is using.
    #[test]
    fn threads_writing_one_file_at_once_all_succeed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("installation.ron");
        let writes: Vec<_> = (0..8)
            .map(|n| {
                let path = path.clone();
                std::thread::spawn(move || {
                    (0..20)
                        .map(|_| super::super::save::write_export(&path, format!("{n}").as_bytes()))
                        .collect::<Result<Vec<()>, _>>()
                })
            })
            .collect();
        for w in writes {
            w.join().unwrap().unwrap();
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.parse::<u32>().is_ok_and(|n| n < 8), "{text}");
    }
}
