//! Loading a casebook file. A file that does not load is never touched; the error names the
//! line and column and what was wrong there.

use super::compress::{
    Decompress, decompress, decompress_streamed, decompressing, is_compressed, split_base,
};
use super::crypt::{Key, Unseal, unseal};
use super::format::{FileV1, FileV2, SCHEMA_VERSION};
use super::integrity::{Integrity, digits_span, judge, sum_of};
use super::reading::{FORMAT, Loaded, MAX_FILE_BYTES, MAX_NESTING, header_version};
use crate::domain::Casebook;
use serde::de::DeserializeOwned;
use std::borrow::Cow;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    // The io error is in the message, not a `source`, so it is not printed twice.
    #[error("Could not read the casebook: {error} ({})", path.display())]
    Io { path: PathBuf, error: io::Error },
    #[error("The file is empty ({})", path.display())]
    Empty { path: PathBuf },
    #[error("{}:{line}:{column}: {message}{}", path.display(), snippet_line(snippet))]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
        /// The text of the line at fault, trimmed.
        snippet: String,
    },
    #[error("This is not a Casedesk casebook (format \"{found}\") ({})", path.display())]
    NotACasebook { path: PathBuf, found: String },
    #[error(
        "The casebook was saved by a newer Casedesk (schema version {found}; this version reads up to {SCHEMA_VERSION}). Update Casedesk to open it ({})",
        path.display()
    )]
    NewerVersion { path: PathBuf, found: u32 },
    #[error(
        "The casebook does not match its checksum: it was changed or damaged outside Casedesk. Open it read-only in the window and save a repaired copy with Save as…, or restore a snapshot ({})",
        path.display()
    )]
    Altered { path: PathBuf },
    #[error("The file is too large to be a casebook (over {} MiB) ({})", MAX_FILE_BYTES >> 20, path.display())]
    TooLarge { path: PathBuf },
    #[error("This is not a text file: byte {offset} is not UTF-8 text ({})", path.display())]
    NotText { path: PathBuf, offset: usize },
    #[error("This casebook is protected by a passphrase ({})", path.display())]
    NeedsPassphrase { path: PathBuf },
    #[error("Wrong passphrase: the casebook was not opened and nothing was changed ({})", path.display())]
    WrongPassphrase { path: PathBuf },
    #[error("The encrypted casebook is damaged and cannot be decrypted: {reason}. Restore a snapshot ({})", path.display())]
    Undecryptable { path: PathBuf, reason: String },
    #[error("The compressed file is damaged and cannot be read: {reason} ({})", path.display())]
    Undecompressable { path: PathBuf, reason: String },
}

fn snippet_line(snippet: &str) -> String {
    if snippet.is_empty() {
        String::new()
    } else {
        format!("\n    {snippet}")
    }
}

/// Reads the casebook at `path`, refusing one that does not match its checksum or that is
/// encrypted.
pub fn load(path: &Path) -> Result<Casebook, LoadError> {
    load_with(path, None)
}

/// Reads the casebook at `path`, decrypting it with `key`, refusing one that does not match
/// its checksum.
pub fn load_with(path: &Path, key: Option<&Key>) -> Result<Casebook, LoadError> {
    open(path, key).and_then(|loaded| strict(loaded, path))
}

/// Parses casebook text, refusing it if it does not match its checksum; `path` is only named
/// in errors.
pub fn load_str(text: &str, path: &Path) -> Result<Casebook, LoadError> {
    open_str(text, path).and_then(|loaded| strict(loaded, path))
}

pub(super) fn strict(loaded: Loaded, path: &Path) -> Result<Casebook, LoadError> {
    match loaded.integrity {
        Integrity::Altered => Err(LoadError::Altered {
            path: path.to_path_buf(),
        }),
        Integrity::Verified | Integrity::NotRecorded => Ok(loaded.book),
    }
}

/// Reads the casebook at `path` (decrypting it with `key`) even when it does not match its
/// checksum, saying so: the window then opens it read-only.
pub fn open(path: &Path, key: Option<&Key>) -> Result<Loaded, LoadError> {
    let file = std::fs::File::open(path);
    let size = file
        .as_ref()
        .ok()
        .and_then(|f| f.metadata().ok())
        .map(|m| m.len());
    if let (Ok(file), Some(size)) = (&file, size)
        && let Some(loaded) = super::stream::open_file(file, size, MAX_NESTING)
    {
        return Ok(loaded);
    }
    open_bytes(&read(path)?, path, key)
}

/// The bytes of the casebook file at `path`, read but not yet checked.
pub fn read(path: &Path) -> Result<Vec<u8>, LoadError> {
    let io = |error| LoadError::Io {
        path: path.to_path_buf(),
        error,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file
        .metadata()
        .map_or(0, |m| m.len())
        .min(MAX_FILE_BYTES + 1);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // Bounded even if the file grows while it is read.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    Ok(bytes)
}

/// Checks, decrypts with `key`, decompresses (a snapshot) and parses the bytes of a casebook
/// file; `path` is only named in errors.
pub fn open_bytes(bytes: &[u8], path: &Path, key: Option<&Key>) -> Result<Loaded, LoadError> {
    let plain = plain_bytes(bytes, path, key)?;
    match std::str::from_utf8(&plain) {
        Ok(text) => open_str(text, path),
        Err(e) => Err(LoadError::NotText {
            path: path.to_path_buf(),
            offset: e.valid_up_to(),
        }),
    }
}

/// The text a casebook file's `bytes` hold, not yet checked: decrypted with `key` when they are
/// encrypted, then decompressed when they are compressed (a snapshot; one stored as a
/// difference is read against its base, beside it), at most [`MAX_FILE_BYTES`] of it.
pub(super) fn plain_bytes<'a>(
    bytes: &'a [u8],
    path: &Path,
    key: Option<&Key>,
) -> Result<Cow<'a, [u8]>, LoadError> {
    plain_text(bytes, path, key, true)
}

/// [`plain_bytes`], reading a difference's base only when `with_base`: a base is never itself
/// a difference.
fn plain_text<'a>(
    bytes: &'a [u8],
    path: &Path,
    key: Option<&Key>,
    with_base: bool,
) -> Result<Cow<'a, [u8]>, LoadError> {
    let path_buf = || path.to_path_buf();
    let damaged = |reason: String| LoadError::Undecompressable {
        path: path_buf(),
        reason,
    };
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { path: path_buf() });
    }
    let (base, sealed) = split_base(bytes);
    let plain = unseal(sealed, key).map_err(|e| match e {
        Unseal::NeedsPassphrase => LoadError::NeedsPassphrase { path: path_buf() },
        Unseal::WrongPassphrase => LoadError::WrongPassphrase { path: path_buf() },
        Unseal::Damaged(reason) => LoadError::Undecryptable {
            path: path_buf(),
            reason,
        },
    })?;
    if !is_compressed(&plain) && base.is_none() {
        return Ok(plain);
    }
    let base =
        match base {
            Some(_) if !with_base => {
                return Err(damaged(
                    "it is a difference from another snapshot, not a base".into(),
                ));
            }
            // A difference in pieces reads its base a part at a time; one that cannot be read so
            // is read against the whole base, as every difference was before pieces.
            Some(name) => match streamed(path, name, key, &plain) {
                Some(text) => return Ok(Cow::Owned(text)),
                None => Some(base_text(path, name, key).map_err(|e| {
                    damaged(format!("its base snapshot {name} cannot be read: {e}"))
                })?),
            },
            None => None,
        };
    match decompress(&plain, base.as_deref(), MAX_FILE_BYTES) {
        Ok(text) => Ok(Cow::Owned(text)),
        Err(Decompress::TooLarge(_)) => Err(LoadError::TooLarge { path: path_buf() }),
        Err(Decompress::Damaged(reason)) => Err(damaged(reason)),
    }
}

/// The text of the base `name` of the difference at `path`: a file in the same folder.
fn base_text(path: &Path, name: &str, key: Option<&Key>) -> Result<Vec<u8>, LoadError> {
    let base = base_path(path, name)?;
    let bytes = read(&base)?;
    Ok(plain_text(&bytes, &base, key, false)?.into_owned())
}

/// Where the base `name` of the difference at `path` is: a file in the same folder.
fn base_path(path: &Path, name: &str) -> Result<PathBuf, LoadError> {
    let base = super::fsutil::parent_dir(path).join(name);
    match Path::new(name).file_name() == Some(std::ffi::OsStr::new(name)) {
        true => Ok(base),
        false => Err(LoadError::Io {
            path: base,
            error: io::Error::other("not a file name"),
        }),
    }
}

/// The text of the difference in pieces `plain` at `path`, its base `name` streamed from its
/// file (decrypted and decompressed as it is read) rather than read whole first: a fifth
/// faster at 100,000 cases (BENCHMARKS.md, "Snapshots"). `None` when it cannot be read so
/// (not in pieces, pieces out of order, any error).
fn streamed(path: &Path, name: &str, key: Option<&Key>, plain: &[u8]) -> Option<Vec<u8>> {
    let text = base_reader(&base_path(path, name).ok()?, key)?;
    decompress_streamed(plain, text, MAX_FILE_BYTES).ok()
}

/// A reader of the text of the base (a snapshot stored whole) at `path`, decrypted with `key`
/// and decompressed as it is read; `None` when it cannot be opened so (a difference is no base).
pub(super) fn base_reader(path: &Path, key: Option<&Key>) -> Option<Box<dyn Read>> {
    let file = std::fs::File::open(path).ok()?;
    let stored = super::crypt::unseal_reader(io::BufReader::new(file), key).ok()?;
    decompressing(io::BufReader::with_capacity(1 << 20, stored)).ok()
}

/// Parses casebook text and verifies its checksum; `path` is only named in errors.
pub fn open_str(text: &str, path: &Path) -> Result<Loaded, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::Empty {
            path: path.to_path_buf(),
        });
    }
    // Read the version from the header before parsing the rest, so a newer file is refused
    // with a clear message instead of a confusing parse error.
    if let Some(found) = header_version(text)
        && found > SCHEMA_VERSION
    {
        return Err(LoadError::NewerVersion {
            path: path.to_path_buf(),
            found,
        });
    }
    // The checksum is worked out on its own thread while the cases are parsed.
    std::thread::scope(|scope| {
        let sum = digits_span(text).map(|d| scope.spawn(move || sum_of([text.as_bytes()], d)));
        let (format, recorded, schema_version, book) = parse_casebook(text, path)?;
        if format != FORMAT {
            return Err(LoadError::NotACasebook {
                path: path.to_path_buf(),
                found: format,
            });
        }
        let sum = sum.map(|thread| {
            thread
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e))
        });
        let integrity = judge(text, recorded.as_deref(), schema_version, |_| {
            sum.unwrap_or_default()
        });
        Ok(Loaded {
            book,
            integrity,
            checksum: recorded,
        })
    })
}

/// The format, checksum, schema version and casebook of a file's text, in any schema version.
fn parse_casebook(
    text: &str,
    path: &Path,
) -> Result<(String, Option<String>, u32, Casebook), LoadError> {
    // Version 1 files (no revision stamps) are migrated as they are read.
    Ok(match header_version(text) {
        Some(1) => {
            let file: FileV1 = parse_file(text, path, |f: &mut FileV1| &mut f.cases)?;
            let (format, checksum) = (file.format.to_string(), file.checksum.clone());
            let version = file.schema_version;
            (
                format,
                checksum.map(Cow::into_owned),
                version,
                file.into_casebook(),
            )
        }
        _ => {
            let file: FileV2 = parse_file(text, path, |f: &mut FileV2| &mut f.cases)?;
            let (format, checksum) = (file.format.to_string(), file.checksum.clone());
            let version = file.schema_version;
            (
                format,
                checksum.map(Cow::into_owned),
                version,
                file.into_casebook(),
            )
        }
    })
}

/// Parses a file of one schema version: in parts on every core when it has the layout
/// Casedesk writes (`parts.rs`), else whole by the fast reader (`reader.rs`); if neither reads
/// it, the `ron` crate does, so an error names its line and column.
fn parse_file<F: DeserializeOwned, C: DeserializeOwned + Send>(
    text: &str,
    path: &Path,
    cases: fn(&mut F) -> &mut Vec<C>,
) -> Result<F, LoadError> {
    let fast = || super::parts::parse(text, MAX_NESTING, cases);
    match fast().or_else(|| super::reader::from_str(text, MAX_NESTING).ok()) {
        Some(file) => Ok(file),
        None => ron::Options::default()
            .with_recursion_limit(MAX_NESTING)
            .from_str(text)
            .map_err(|e| parse_error(text, path, e)),
    }
}

fn parse_error(text: &str, path: &Path, e: ron::error::SpannedError) -> LoadError {
    let line = e.span.start.line;
    let column = e.span.start.col;
    let snippet: String = text
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("")
        .trim()
        .chars()
        .take(120)
        .collect();
    LoadError::Parse {
        path: path.to_path_buf(),
        line,
        column,
        message: e.code.to_string(),
        snippet,
    }
}
