//! The bytes of attachments (`domain::attachment`): kept once per casebook in the folder
//! `<name>.attachments` beside it, each file named by the BLAKE3 hash of its plain bytes and
//! never changed after. Each is written through `atomic.rs` (a hidden temporary file, flushed,
//! renamed into place, the folder flushed), so a kill or a full disk leaves the file whole or
//! absent; and, for a casebook with a passphrase, sealed with it as an age stream, so no plain
//! byte reaches the disk. Saves and snapshots never copy them: a casebook records hashes only.
//! Files are read and written a piece at a time, so a file of any size costs a few megabytes.

use super::atomic::{self, Content, Fault, SaveError, Step, injected};
use super::crypt::{Key, Unseal, seal_writer, unseal_reader};
use super::fsutil::{create_private_dir, parent_dir, stem};
use crate::domain::Casebook;
use crate::domain::attachment::{self, Attachment, is_hash};
use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use storing::Storing;

mod storing;

/// How much is read at a time: progress is reported after each piece.
const PIECE: usize = 1 << 20;
/// The name a file being stored is written under (as a hidden temporary file,
/// `.incoming.tmp-…`) until its hash names it.
const INCOMING: &str = "incoming";

/// The folder the attachments of the casebook at `casebook` are kept in.
pub fn folder(casebook: &Path) -> PathBuf {
    parent_dir(casebook).join(format!("{}.attachments", stem(casebook)))
}

/// Whether the file of the attachment with `hash` is kept beside the casebook at `casebook`.
pub fn is_kept(casebook: &Path, hash: &str) -> bool {
    is_hash(hash) && stored_path(casebook, hash).is_file()
}

/// Where the attachment with `hash` is kept.
fn stored_path(casebook: &Path, hash: &str) -> PathBuf {
    folder(casebook).join(hash)
}

/// Why an attachment could not be stored, read or found. Each says what and where; on any of
/// them nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum AttachmentFileError {
    #[error("Could not read {}: {error}", path.display())]
    Unreadable { path: PathBuf, error: io::Error },
    #[error("{} is {kind}, not a file: attach a file", path.display())]
    NotAFile { path: PathBuf, kind: &'static str },
    #[error(
        "{} changed while it was being attached ({before} bytes at the start, {after} at the end); nothing was stored. Attach it again once it is complete", path.display()
    )]
    Changed {
        path: PathBuf,
        before: u64,
        after: u64,
    },
    #[error("{} vanished while it was being attached; nothing was stored", path.display())]
    Vanished { path: PathBuf },
    #[error("Could not store the attachment: {}{error} ({step}, {})", atomic::cause(error), path.display())]
    Write {
        step: &'static str,
        path: PathBuf,
        error: io::Error,
    },
    #[error("Cancelled; nothing was stored")]
    Cancelled,
    #[error("{name} is missing: there is no file {}", path.display())]
    Missing { name: String, path: PathBuf },
    #[error(
        "{name} has been altered: its bytes no longer match those attached ({})", path.display()
    )]
    Altered { name: String, path: PathBuf },
    #[error("{name} could not be decrypted: {reason} ({})", path.display())]
    Sealed {
        name: String,
        path: PathBuf,
        reason: String,
    },
}

use AttachmentFileError as E;

impl From<SaveError> for AttachmentFileError {
    fn from(e: SaveError) -> Self {
        match e {
            SaveError::Io { step, path, error } => E::Write { step, path, error },
            SaveError::Serialize(e) => E::Write {
                step: "writing the temporary file",
                path: PathBuf::new(),
                error: io::Error::other(e),
            },
            SaveError::Encrypt(error) => E::Write {
                step: "encrypting",
                path: PathBuf::new(),
                error,
            },
        }
    }
}

/// What storing a file did. Held until the file's event is recorded or given up: meanwhile
/// no purge deletes it (`storing.rs`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    /// The BLAKE3 hash of its bytes, in hexadecimal.
    pub hash: String,
    pub size: u64,
    /// Its bytes were kept already (attached to another case, or before): not written again.
    pub already: bool,
    storing: Storing,
}

/// Reports how many bytes are done; returns `false` to cancel.
pub type OnProgress<'a> = &'a mut dyn FnMut(u64) -> bool;

/// Stores the file at `source` beside the casebook at `casebook` (sealed with `key`), by the
/// hash of its bytes. A file that cannot be read, is not a regular file, changes size or
/// vanishes while it is read is refused with nothing stored.
pub fn store_file(
    casebook: &Path,
    source: &Path,
    key: Option<&Key>,
    progress: OnProgress,
) -> Result<Stored, AttachmentFileError> {
    store_file_failing(casebook, source, key, progress, None)
}

/// Stores `bytes` made in Casedesk (a drafted letter, named `name` in errors) beside the
/// casebook at `casebook`, as [`store_file`] stores a file.
pub fn store_bytes(
    casebook: &Path,
    name: &str,
    bytes: &[u8],
    key: Option<&Key>,
) -> Result<Stored, AttachmentFileError> {
    let source = Path::new(name);
    put(
        casebook,
        bytes,
        source,
        None,
        key,
        &mut |_| true,
        &|_| Ok(()),
        None,
    )
}

/// [`store_file`], with one step of the write failing as `fail_at` says, for tests.
pub(crate) fn store_file_failing(
    casebook: &Path,
    source: &Path,
    key: Option<&Key>,
    progress: OnProgress,
    fail_at: Option<Fault>,
) -> Result<Stored, AttachmentFileError> {
    let unreadable = |error| E::Unreadable {
        path: source.to_path_buf(),
        error,
    };
    let file = File::open(source).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(E::NotAFile {
            path: source.to_path_buf(),
            kind: if meta.is_dir() {
                "a folder"
            } else {
                "a device, a pipe or a socket"
            },
        });
    }
    let before = meta.len();
    // The file must still be there, as long as it was, once read: a file truncated, replaced
    // or removed while it was read would be stored as something the officer never had.
    let settled = |size: u64| match std::fs::metadata(source) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(E::Vanished {
            path: source.to_path_buf(),
        }),
        Err(error) => Err(unreadable(error)),
        Ok(now) if now.len() != before || size != before => Err(E::Changed {
            path: source.to_path_buf(),
            before,
            after: if size != before { size } else { now.len() },
        }),
        Ok(_) => Ok(()),
    };
    put(
        casebook, file, source, None, key, progress, &settled, fail_at,
    )
}

/// Writes what `input` holds (the file at `source`) into the store of `casebook`, hashed as it
/// is written, under its hash; refused when `expected` names another hash or `settled` finds
/// the source changed. The temporary file is removed on any failure.
#[allow(clippy::too_many_arguments)] // one per thing the two callers choose
fn put(
    casebook: &Path,
    input: impl Read,
    source: &Path,
    expected: Option<(&str, &str)>,
    key: Option<&Key>,
    progress: OnProgress,
    settled: &dyn Fn(u64) -> Result<(), AttachmentFileError>,
    fail_at: Option<Fault>,
) -> Result<Stored, AttachmentFileError> {
    let dir = folder(casebook);
    let storing = Storing::begin(&dir);
    create_private_dir(&dir).map_err(|error| E::Write {
        step: "creating the attachments folder",
        path: dir.clone(),
        error,
    })?;
    let mut copied = Copied::default();
    let stream = |file: &mut File| -> io::Result<()> {
        injected(fail_at, Step::Write)?;
        write_kept(input, file, key, progress, &mut copied)
    };
    let staged = atomic::stage(
        &dir.join(INCOMING),
        Content::Stream(Box::new(stream)),
        fail_at,
    );
    let read_failed = |error| E::Unreadable {
        path: source.to_path_buf(),
        error,
    };
    let mut staged = match (staged, copied.read_error.take(), copied.cancelled) {
        (_, _, true) => return Err(E::Cancelled),
        (_, Some(error), _) => return Err(read_failed(error)),
        (staged, None, false) => staged?,
    };
    let hash = copied.hasher.finalize().to_hex().to_string();
    if let Some((name, wanted)) = expected
        && wanted != hash
    {
        return Err(E::Altered {
            name: name.to_string(),
            path: source.to_path_buf(),
        });
    }
    settled(copied.size)?;
    let path = dir.join(&hash);
    let already = path.is_file();
    if !already {
        // The temporary file becomes the attachment's file by its hash.
        staged.path = path.clone();
        staged.put_in_place(fail_at)?;
        atomic::sync_folder(&path, fail_at)?;
    }
    Ok(Stored {
        hash,
        size: copied.size,
        already,
        storing,
    })
}

/// Writes what `input` holds into the new kept `file`: sealed with `key`, or plain and then
/// read-only (never changed after, so no program opening it writes to it).
fn write_kept(
    input: impl Read,
    file: &mut File,
    key: Option<&Key>,
    progress: OnProgress,
    copied: &mut Copied,
) -> io::Result<()> {
    match key {
        None => {
            copy_hashing(input, &mut *file, progress, copied)?;
            let mut permissions = file.metadata()?.permissions();
            permissions.set_readonly(true);
            file.set_permissions(permissions)
        }
        Some(key) => {
            let mut sealed = seal_writer(&mut *file, key)?;
            copy_hashing(input, &mut sealed, progress, copied)?;
            sealed.finish().map(drop)
        }
    }
}

/// After a passphrase change (`save::change_passphrase`): every kept file sealed again with
/// `new`, or written plain without one, each checked against its hash on the way and put in
/// place atomically. A file `old` does not open, or whose bytes do not match its name, is left
/// as it is (`verify` names it).
pub(super) fn reseal_all(
    casebook: &Path,
    old: Option<&Key>,
    new: Option<&Key>,
) -> Result<(), SaveError> {
    let dir = folder(casebook);
    let failed = |step| {
        move |error| SaveError::Io {
            step,
            path: folder(casebook),
            error,
        }
    };
    let entries = match std::fs::read_dir(&dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        entries => entries.map_err(failed("reading the attachments folder"))?,
    };
    for entry in entries {
        let path = entry
            .map_err(failed("reading the attachments folder"))?
            .path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let Some(name) = name.filter(|n| is_hash(n)) else {
            continue;
        };
        let file = File::open(&path).map_err(failed("reading an attachment"))?;
        let Ok(input) = unseal_reader(BufReader::new(file), old) else {
            continue;
        };
        let mut copied = Copied::default();
        let write = |file: &mut File| write_kept(input, file, new, &mut |_| true, &mut copied);
        let staged = atomic::stage(&dir.join(INCOMING), Content::Stream(Box::new(write)), None);
        match staged {
            Err(_) if copied.read_error.is_some() => continue,
            Err(e) => return Err(e),
            Ok(_) if copied.hasher.finalize().to_hex().as_str() != name => continue,
            Ok(mut staged) => {
                staged.path = path;
                staged.put_in_place(None)?;
            }
        }
    }
    atomic::sync_folder(&dir.join(INCOMING), None)
}

/// What a copy read, and why it stopped if it stopped early.
#[derive(Default)]
struct Copied {
    hasher: blake3::Hasher,
    size: u64,
    /// The source could not be read (kept apart from the write's own errors).
    read_error: Option<io::Error>,
    cancelled: bool,
}

/// Copies `input` into `out` a piece at a time, hashing it, reporting progress after each.
fn copy_hashing(
    mut input: impl Read,
    out: &mut dyn Write,
    progress: OnProgress,
    copied: &mut Copied,
) -> io::Result<()> {
    let mut piece = vec![0; PIECE];
    loop {
        let n = match input.read(&mut piece) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                copied.read_error = Some(e);
                return Err(io::Error::other("the source could not be read"));
            }
        };
        copied.hasher.update(&piece[..n]);
        out.write_all(&piece[..n])?;
        copied.size += n as u64;
        if !progress(copied.size) {
            copied.cancelled = true;
            return Err(io::Error::other("cancelled"));
        }
    }
}

/// The plain bytes of an attachment as kept, read as they are decrypted, with the error to
/// give if they cannot be.
fn open_kept(
    casebook: &Path,
    a: &Attachment,
    key: Option<&Key>,
) -> Result<Box<dyn Read>, AttachmentFileError> {
    let path = stored_path(casebook, a.hash);
    let file = match File::open(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(E::Missing {
                name: a.name.to_string(),
                path,
            });
        }
        Err(error) => return Err(E::Unreadable { path, error }),
        Ok(file) => file,
    };
    unseal_reader(BufReader::new(file), key).map_err(|why| E::Sealed {
        name: a.name.to_string(),
        path,
        reason: match why {
            Unseal::NeedsPassphrase => "it needs the casebook's passphrase".into(),
            Unseal::WrongPassphrase => "the passphrase does not open it".into(),
            Unseal::Damaged(reason) => reason,
        },
    })
}

/// Reads the attachment `a` of the casebook at `casebook` whole, writing its plain bytes into
/// `out` and checking them against its hash: `Missing` or `Altered` name it otherwise (what
/// was written to `out` is then not to be used).
pub fn read_verified(
    casebook: &Path,
    a: &Attachment,
    key: Option<&Key>,
    out: &mut dyn Write,
    progress: OnProgress,
) -> Result<(), AttachmentFileError> {
    let path = stored_path(casebook, a.hash);
    let input = open_kept(casebook, a, key)?;
    let mut copied = Copied::default();
    let copy = copy_hashing(input, out, progress, &mut copied);
    let altered = || E::Altered {
        name: a.name.to_string(),
        path: path.clone(),
    };
    match (copy, copied.read_error, copied.cancelled) {
        (_, _, true) => Err(E::Cancelled),
        // age's authentication fails on a changed byte: altered, as a changed hash is.
        (_, Some(_), _) => Err(altered()),
        (Err(error), None, _) => Err(E::Write {
            step: "writing the copy",
            path: PathBuf::new(),
            error,
        }),
        (Ok(()), None, false) if copied.hasher.finalize().to_hex().as_str() != a.hash => {
            Err(altered())
        }
        (Ok(()), None, false) => Ok(()),
    }
}

/// Checks the attachment `a`: its file is there and holds the bytes attached.
pub fn verify(
    casebook: &Path,
    a: &Attachment,
    key: Option<&Key>,
) -> Result<(), AttachmentFileError> {
    read_verified(casebook, a, key, &mut io::sink(), &mut |_| true)
}

/// Writes the plain bytes of the attachment `a` to the file `to` (atomically), once they are
/// checked against its hash: an altered or missing attachment writes nothing.
pub fn extract(
    casebook: &Path,
    a: &Attachment,
    key: Option<&Key>,
    to: &Path,
    progress: OnProgress,
) -> Result<(), AttachmentFileError> {
    let mut checked = Ok(());
    let write = |file: &mut File| -> io::Result<()> {
        checked = read_verified(casebook, a, key, file, progress);
        match &checked {
            Ok(()) => Ok(()),
            Err(_) => Err(io::Error::other("not written")),
        }
    };
    let staged = atomic::stage(to, Content::Stream(Box::new(write)), None);
    checked?;
    staged?.put_in_place(None)?;
    Ok(atomic::sync_folder(to, None)?)
}

/// Writes the attachment `a` out for the system's viewer, checked as [`extract`] does, under
/// its own name in `viewing` (the viewing folder, the officer's only, emptied when the window
/// starts and closes: `store::places`); returns where.
pub fn extract_to_view(
    casebook: &Path,
    a: &Attachment,
    key: Option<&Key>,
    viewing: &Path,
    progress: OnProgress,
) -> Result<PathBuf, AttachmentFileError> {
    let dir = viewing.join("opened").join(a.hash);
    create_private_dir(&dir).map_err(|error| E::Write {
        step: "creating a folder to open it from",
        path: dir.clone(),
        error,
    })?;
    let to = dir.join(a.name);
    extract(casebook, a, key, &to, progress)?;
    Ok(to)
}

/// A kept file no attachment of the casebook uses any more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unused {
    pub path: PathBuf,
    pub size: u64,
}

/// The files in the casebook's attachments folder that no attachment still on a case holds:
/// those removed from every case they were on (and any a kill left before its event).
pub fn unused(casebook: &Path, book: &Casebook) -> io::Result<Vec<Unused>> {
    let held: HashSet<&str> = book
        .cases()
        .iter()
        .flat_map(|c| attachment::current(c).map(|a| a.hash).collect::<Vec<_>>())
        .collect();
    let mut list = Vec::new();
    let entries = match std::fs::read_dir(folder(casebook)) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(list),
        entries => entries?,
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_hash(&name) && !held.contains(name.as_str()) && entry.file_type()?.is_file() {
            list.push(Unused {
                path: entry.path(),
                size: entry.metadata()?.len(),
            });
        }
    }
    list.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(list)
}

/// Removes the files `unused` listed, once the officer has confirmed; then flushes the folder.
/// Refused while a file is being stored there (it would look unused until its event is
/// recorded); no store begins until it is done.
pub fn purge(casebook: &Path, unused: &[Unused]) -> io::Result<()> {
    let _no_store_begins = storing::none_under_way(&folder(casebook))?;
    for u in unused {
        match std::fs::remove_file(&u.path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    super::fsutil::sync_dir(&folder(casebook))
}

/// Removes the file just stored for an attachment whose event could not be recorded, so a
/// refused attachment leaves nothing; a file that cannot be removed is left for a purge.
pub fn remove_unrecorded(casebook: &Path, hash: &str) {
    if is_hash(hash) {
        let _left_for_a_purge = std::fs::remove_file(stored_path(casebook, hash));
    }
}

/// The temporary files stores killed part-way left: `(prefix, folder)` for `leftovers.rs`.
pub(super) fn temporaries(casebook: &Path) -> (String, PathBuf) {
    let dir = folder(casebook);
    (atomic::temp_prefix(&dir.join(INCOMING)), dir)
}

/// Whether `book` records an attachment whose file is not in the store of `casebook`: what
/// a merge may have to [`carry`].
pub fn lacks_any(casebook: &Path, book: &Casebook) -> bool {
    book.cases().iter().any(|c| {
        attachment::attachments(c)
            .iter()
            .any(|a| is_hash(a.hash) && !stored_path(casebook, a.hash).is_file())
    })
}

/// What [`carry`] brought.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Carried {
    /// How many files were copied.
    pub copied: usize,
    /// The names of attachments neither store holds.
    pub missing: Vec<String>,
}

/// Brings into the store of `ours` (sealed with `our_key`) the attachments `book` records that
/// it lacks and the store of `theirs` holds (opened with `their_key`): after a merge with their
/// copy, or into our copy in the team folder. Each is checked against its hash on the way.
pub fn carry(
    theirs: &Path,
    their_key: Option<&Key>,
    ours: &Path,
    our_key: Option<&Key>,
    book: &Casebook,
) -> Result<Carried, AttachmentFileError> {
    let mut carried = Carried::default();
    let mut seen = HashSet::new();
    for case in book.cases() {
        for a in attachment::attachments(case) {
            if !is_hash(a.hash) || !seen.insert(a.hash) || stored_path(ours, a.hash).is_file() {
                continue;
            }
            let input = match open_kept(theirs, &a, their_key) {
                Err(E::Missing { .. }) => {
                    carried.missing.push(a.name.to_string());
                    continue;
                }
                input => input?,
            };
            let source = stored_path(theirs, a.hash);
            put(
                ours,
                input,
                &source,
                Some((a.name, a.hash)),
                our_key,
                &mut |_| true,
                &|_| Ok(()),
                None,
            )?;
            carried.copied += 1;
        }
    }
    Ok(carried)
}

#[cfg(test)]
mod tests;
