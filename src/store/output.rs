//! Where Casedesk may write a file the officer named: an export, a report, a register CSV, a
//! sample or merged casebook. One rule for the command line and the window, checked before
//! anything is read or written, so a mistyped `-o` can never cost a casebook.
//!
//! Refused, whatever `--force` says:
//! - a casebook being read (by its real path: through a symbolic link, `..` or a second hard
//!   link too);
//! - the names Casedesk keeps for a casebook's own files, its or any other's: the lock
//!   (`name.lock`), journal (`name.journal`), recovery file (`name.recovery.ron`), the hidden
//!   temporary files of a save (`.name.ron.tmp-…`), and anything in a `snapshots` folder or
//!   an attachments folder (`name.attachments`);
//! - anything that exists but is not a regular file: a folder, a device (`/dev/null`), a named
//!   pipe, a socket. Writes go through a temporary file renamed over the target, which would
//!   replace the device node or pipe itself rather than write into it;
//! - for an export, an existing file whose header says it is a casebook (`format:
//!   "casedesk-casebook"`), and any age-encrypted file: what is inside cannot be checked
//!   without its passphrase, and the only age files Casedesk makes are casebooks, their
//!   snapshots and recovery files.
//!
//! An existing regular file that is none of these may be replaced, once the officer agrees:
//! the command line's `--force`, the window's "Replace …?". The check answers whether it
//! exists; the shells ask.

use super::crypt::is_encrypted;
use super::fsutil::parent_dir;
use super::reading::FORMAT;
use super::save::{ExportWriteError, write_export};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// What is to be written at the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Writing {
    /// A file leaving Casedesk: it never replaces a casebook.
    Export,
    /// A casebook (a sample, a merge's result): it may replace a casebook once agreed, which
    /// the save keeps as a snapshot.
    Casebook,
}

/// A path checked for writing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// The file a write lands in: symbolic links followed, its folder canonical.
    pub path: PathBuf,
    /// A regular file is there already: replacing it needs the officer's consent.
    pub exists: bool,
}

impl OutputFile {
    /// Writes an export here atomically ([`write_export`]).
    pub fn write_export(&self, bytes: &[u8]) -> Result<(), ExportWriteError> {
        write_export(&self.path, bytes)
    }
}

/// Why a path was refused. Each message says what the file is and what to do.
#[derive(Debug, thiserror::Error)]
pub enum OutputRefused {
    #[error("No file named to write to")]
    NoName,
    #[error("There is no folder {}", .0.display())]
    NoFolder(PathBuf),
    #[error("Too many symbolic links to follow ({})", .0.display())]
    TooManyLinks(PathBuf),
    #[error("That is the casebook being read: writing there would replace it. Choose another file ({})", .0.display())]
    Reading(PathBuf),
    #[error("That is {}: Casedesk keeps that name for its own use. Choose another file ({})", .kind.describe(), .path.display())]
    Reserved { kind: Reserved, path: PathBuf },
    #[error("That file is a Casedesk casebook: an export never replaces one. Choose another file ({})", .0.display())]
    Casebook(PathBuf),
    #[error("That file is encrypted (age), as a casebook with a passphrase is: an export never replaces one. Choose another file ({})", .0.display())]
    Encrypted(PathBuf),
    #[error("That is a folder: name a file in it ({})", .0.display())]
    Folder(PathBuf),
    #[error("That is {}, not a regular file: Casedesk writes only regular files ({})", .kind, .path.display())]
    NotRegular { kind: &'static str, path: PathBuf },
    #[error("That file cannot be read to make sure it is not a casebook: {error} ({})", .path.display())]
    Unreadable { path: PathBuf, error: io::Error },
}

/// The files Casedesk keeps beside a casebook, recognised by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reserved {
    Lock,
    Journal,
    Recovery,
    Temporary,
    Snapshot,
    Attachment,
}

impl Reserved {
    fn describe(self) -> &'static str {
        match self {
            Reserved::Lock => {
                "a casebook's lock file (writing there would lock the casebook out or free it for a second writer)"
            }
            Reserved::Journal => "a casebook's journal",
            Reserved::Recovery => {
                "a recovery file an earlier Casedesk kept of a casebook, which may hold unsaved work"
            }
            Reserved::Temporary => "a temporary file of a casebook's save",
            Reserved::Snapshot => {
                "in a snapshots folder, where earlier versions of casebooks are kept"
            }
            Reserved::Attachment => {
                "in an attachments folder, where a casebook's attached files are kept"
            }
        }
    }

    /// Which reserved file `path` names, if any: `name.lock`, `name.journal`,
    /// `name.recovery.ron`, `.name.ron.tmp-…`, or anything in a `snapshots` folder.
    fn of(path: &Path) -> Option<Reserved> {
        let name = path.file_name()?.to_string_lossy();
        let in_snapshots =
            parent_dir(path).file_name() == super::snapshot::folder(path).file_name();
        [
            (name.ends_with(".lock"), Reserved::Lock),
            (name.ends_with(".journal"), Reserved::Journal),
            (name.ends_with(".recovery.ron"), Reserved::Recovery),
            (
                name.starts_with('.') && name.contains(".tmp-"),
                Reserved::Temporary,
            ),
            (in_snapshots, Reserved::Snapshot),
            (
                parent_dir(path)
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().ends_with(".attachments")),
                Reserved::Attachment,
            ),
        ]
        .into_iter()
        .find_map(|(hit, kind)| hit.then_some(kind))
    }
}

/// How many links are followed before giving up (Linux's own limit).
const MAX_LINKS: usize = 40;
/// How far into an existing file its header is looked for.
const HEADER_BYTES: u64 = 64 * 1024;

/// Checks that `out` may be written with `writing`, never over any of the files `reading`
/// (the casebooks the command reads). On success, says where the write lands and whether a
/// file is there already.
pub fn check_output_path(
    out: &Path,
    reading: &[&Path],
    writing: Writing,
) -> Result<OutputFile, OutputRefused> {
    if out.as_os_str().is_empty() {
        return Err(OutputRefused::NoName);
    }
    let path = resolve(out)?;
    for input in reading {
        // An input that cannot be resolved cannot be read either; its command says so.
        if resolve(input).is_ok_and(|p| p == path) {
            return Err(OutputRefused::Reading(path));
        }
    }
    if let Some(kind) = Reserved::of(&path) {
        return Err(OutputRefused::Reserved { kind, path });
    }
    let meta = match std::fs::symlink_metadata(&path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Ok(OutputFile {
                path,
                exists: false,
            });
        }
        Err(error) => return Err(OutputRefused::Unreadable { path, error }),
    };
    if meta.is_dir() {
        return Err(OutputRefused::Folder(path));
    }
    if !meta.is_file() {
        let kind = special_kind(&meta);
        return Err(OutputRefused::NotRegular { kind, path });
    }
    if reading.iter().any(|input| same_file(&meta, input)) {
        return Err(OutputRefused::Reading(path));
    }
    if writing == Writing::Export {
        let head = head(&path).map_err(|error| OutputRefused::Unreadable {
            path: path.clone(),
            error,
        })?;
        if is_encrypted(&head) {
            return Err(OutputRefused::Encrypted(path));
        }
        if says_casebook(&head) {
            return Err(OutputRefused::Casebook(path));
        }
    }
    Ok(OutputFile { path, exists: true })
}

/// The file a write to `path` lands in: symbolic links followed (a dangling one too: the
/// write would create its target), the folder made canonical, so `./x/../C.ron` and a link
/// to `C.ron` both come out as `C.ron`'s real path.
fn resolve(path: &Path) -> Result<PathBuf, OutputRefused> {
    let mut path = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target =
                    std::fs::read_link(&path).map_err(|error| OutputRefused::Unreadable {
                        path: path.clone(),
                        error,
                    })?;
                path = parent_dir(&path).join(target);
            }
            _ => {
                // `x/..` and `/` name folders, not files.
                let Some(name) = path.file_name() else {
                    return Err(OutputRefused::Folder(path));
                };
                let folder = parent_dir(&path);
                return match folder.canonicalize() {
                    Ok(real) if real.is_dir() => Ok(real.join(name)),
                    _ => Err(OutputRefused::NoFolder(folder.to_path_buf())),
                };
            }
        }
    }
    Err(OutputRefused::TooManyLinks(path))
}

/// Whether `meta` is the file at `other` (a second hard link to it, a bind mount).
#[cfg(unix)]
fn same_file(meta: &std::fs::Metadata, other: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(other).is_ok_and(|o| (o.dev(), o.ino()) == (meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn same_file(_meta: &std::fs::Metadata, _other: &Path) -> bool {
    false
}

/// What a file that is neither a folder nor a regular file is, in words.
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    let _ = meta;
    "a special file"
}

/// The first bytes of the regular file at `path`.
fn head(path: &Path) -> io::Result<Vec<u8>> {
    let mut head = Vec::new();
    std::fs::File::open(path)?
        .take(HEADER_BYTES)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// Whether `head` carries a casebook's `format` value (hand-edited layouts included).
fn says_casebook(head: &[u8]) -> bool {
    let quoted = format!("\"{FORMAT}\"");
    head.windows(quoted.len()).any(|w| w == quoted.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Casebook;
    use crate::store::journal::journal_path;
    use crate::store::lock::lock_path;
    use crate::store::save;

    fn now() -> chrono::DateTime<chrono::Utc> {
        "2026-11-23T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_casebooks_own_files_are_reserved_by_name_even_before_they_exist() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("C.ron");
        let cases = [
            (lock_path(&book), Reserved::Lock),
            (journal_path(&book), Reserved::Journal),
            (dir.path().join("C.recovery.ron"), Reserved::Recovery),
            (dir.path().join(".C.ron.tmp-4242"), Reserved::Temporary),
            (
                crate::store::snapshot::folder(&book).join("C.20261123T100000.000Z.ron"),
                Reserved::Snapshot,
            ),
        ];
        std::fs::create_dir(crate::store::snapshot::folder(&book)).unwrap();
        for (path, kind) in cases {
            let refused = check_output_path(&path, &[book.as_path()], Writing::Export);
            assert!(
                matches!(refused, Err(OutputRefused::Reserved { kind: k, .. }) if k == kind),
                "{path:?}: {refused:?}"
            );
        }
    }

    #[test]
    fn a_new_or_existing_export_is_allowed_and_says_whether_it_exists() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("C.ron");
        save(&book, &Casebook::default(), now()).unwrap();
        let out = dir.path().join("register.csv");
        let new = check_output_path(&out, &[book.as_path()], Writing::Export).unwrap();
        assert!(!new.exists);
        assert_eq!(
            new.path,
            dir.path().canonicalize().unwrap().join("register.csv")
        );
        std::fs::write(&out, "old export").unwrap();
        assert!(
            check_output_path(&out, &[book.as_path()], Writing::Export)
                .unwrap()
                .exists
        );
    }

    #[test]
    fn a_casebook_is_told_by_its_header_and_is_replaced_only_by_a_casebook() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("renamed.pdf");
        save(&other, &Casebook::default(), now()).unwrap();
        let refused = check_output_path(&other, &[], Writing::Export);
        assert!(
            matches!(refused, Err(OutputRefused::Casebook(_))),
            "{refused:?}"
        );
        assert!(
            check_output_path(&other, &[], Writing::Casebook)
                .unwrap()
                .exists
        );
        // A hand-edited layout still says what it is.
        std::fs::write(
            &other,
            b"\xEF\xBB\xBF// edited\n(format:\"casedesk-casebook\")",
        )
        .unwrap();
        let refused = check_output_path(&other, &[], Writing::Export);
        assert!(
            matches!(refused, Err(OutputRefused::Casebook(_))),
            "{refused:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_second_hard_link_to_the_casebook_is_the_casebook() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("C.ron");
        std::fs::write(&book, "not yet a casebook").unwrap();
        let link = dir.path().join("also.txt");
        std::fs::hard_link(&book, &link).unwrap();
        let refused = check_output_path(&link, &[book.as_path()], Writing::Casebook);
        assert!(
            matches!(refused, Err(OutputRefused::Reading(_))),
            "{refused:?}"
        );
    }

    #[test]
    fn a_path_in_a_missing_folder_or_naming_a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nowhere").join("x.csv");
        let refused = check_output_path(&missing, &[], Writing::Export);
        assert!(
            matches!(refused, Err(OutputRefused::NoFolder(_))),
            "{refused:?}"
        );
        let up = dir.path().join("..");
        let refused = check_output_path(&up, &[], Writing::Export);
        assert!(
            matches!(refused, Err(OutputRefused::Folder(_))),
            "{refused:?}"
        );
        let refused = check_output_path(Path::new(""), &[], Writing::Export);
        assert!(matches!(refused, Err(OutputRefused::NoName)), "{refused:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_link_is_followed_to_the_file_it_would_create() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("C.ron");
        let link = dir.path().join("out.csv");
        std::os::unix::fs::symlink("C.lock", &link).unwrap();
        let refused = check_output_path(&link, &[book.as_path()], Writing::Export);
        assert!(
            matches!(
                refused,
                Err(OutputRefused::Reserved {
                    kind: Reserved::Lock,
                    ..
                })
            ),
            "{refused:?}"
        );
        let looping = dir.path().join("loop");
        std::os::unix::fs::symlink("loop", &looping).unwrap();
        let refused = check_output_path(&looping, &[], Writing::Export);
        assert!(
            matches!(refused, Err(OutputRefused::TooManyLinks(_))),
            "{refused:?}"
        );
    }
}
