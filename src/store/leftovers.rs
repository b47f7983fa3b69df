//! What interrupted work leaves behind a casebook, found and put right by its next opener while
//! it holds the lock: the temporary files of writes killed mid-way (beside the casebook, of its
//! journal, among its snapshots, of this officer's copies in the team folder), and, for a
//! casebook with a passphrase, the files a passphrase change killed part-way left in plain
//! text (snapshots, this officer's copies in the team folder, including those written under an
//! earlier name). Temporary files are removed; the others are sealed in place with the
//! casebook's passphrase, so no version is lost; snapshots a save was killed before compressing
//! are compressed (`snapshot::finish_interrupted`). The journal itself is never left in plain
//! text beside an encrypted casebook (`save::change_passphrase`), and is the opener's to replay
//! (`journal.rs`).

use super::atomic::{Content, SaveError, replace_with, temp_prefix};
use super::crypt::Key;
use super::fsutil::parent_dir;
use super::fsutil::stem;
use super::journal::journal_path;
use super::lock::Lock;
use super::snapshot::{self, parse_name, starts_encrypted};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// What a leftover file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A temporary file of a write that never finished: garbage, whatever it holds.
    Temporary,
    /// A file kept on purpose (a snapshot, a copy in the team folder), which
    /// must be sealed if it is plain and the casebook is not.
    Kept,
}

#[derive(Debug)]
struct Leftover {
    path: PathBuf,
    kind: Kind,
    /// Holds bytes that are not age ciphertext.
    plain: bool,
}

/// What [`tidy`] put right.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Tidied {
    /// Files found in plain text beside an encrypted casebook, now sealed with its passphrase.
    pub sealed: Vec<PathBuf>,
    /// Temporary files removed.
    pub removed: Vec<PathBuf>,
    /// How many of those held plain text of an encrypted casebook.
    pub removed_plain: usize,
    /// Snapshots a save was killed before compressing, now compressed.
    pub compressed: Vec<PathBuf>,
    /// The recovery file (`<name>.recovery.ron`) Casedesk kept of unsaved work before the
    /// journal: never applied, named until the officer removes it.
    pub recovery: Option<PathBuf>,
}

impl Tidied {
    pub fn is_empty(&self) -> bool {
        self.sealed.is_empty()
            && self.removed.is_empty()
            && self.compressed.is_empty()
            && self.recovery.is_none()
    }
}

impl fmt::Display for Tidied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut said = Vec::new();
        if !self.sealed.is_empty() {
            said.push(format!(
                "encrypted {} an interrupted passphrase change had left in plain text ({})",
                crate::count::count(self.sealed.len(), "file", "files"),
                names(&self.sealed)
            ));
        }
        if !self.compressed.is_empty() {
            said.push(format!(
                "compressed {} an interrupted save had left whole ({})",
                crate::count::count(self.compressed.len(), "snapshot", "snapshots"),
                names(&self.compressed)
            ));
        }
        if !self.removed.is_empty() {
            let plain = match self.removed_plain {
                0 => String::new(),
                n => format!(", {n} of them in plain text"),
            };
            said.push(format!(
                "removed {} left by interrupted saves{plain}",
                crate::count::count(self.removed.len(), "temporary file", "temporary files")
            ));
        }
        if let Some(recovery) = &self.recovery {
            said.push(format!(
                "found {}, unsaved work an earlier version of Casedesk kept (before the journal): it is not applied; open it to see it (it is a whole casebook), and remove it once you no longer need it",
                recovery.display()
            ));
        }
        write!(f, "On opening, Casedesk {}", said.join("; and "))
    }
}

fn names(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The files in plain text that belong to the casebook at `casebook` although it is
/// encrypted: left by an interrupted passphrase change or save, to be put right by [`tidy`].
/// `own_copies` are this officer's copies in the team folder, under the current name and any
/// earlier one. Nothing when the casebook itself is plain.
pub fn plaintext_leftovers(casebook: &Path, own_copies: &[PathBuf]) -> io::Result<Vec<PathBuf>> {
    if !starts_encrypted(casebook) {
        return Ok(Vec::new());
    }
    Ok(find(casebook, own_copies)?
        .into_iter()
        .filter(|l| l.plain)
        .map(|l| l.path)
        .collect())
}

/// Puts right what interrupted work left behind the casebook `lock` holds: removes every
/// temporary file, and when the casebook is encrypted (with `key`) seals each file left in plain
/// text in place. Only under the lock: then no other write of this casebook is under way.
/// `own_copies` as for [`plaintext_leftovers`].
pub fn tidy(lock: &Lock, key: Option<&Key>, own_copies: &[PathBuf]) -> Result<Tidied, SaveError> {
    let casebook = lock.casebook();
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |error| SaveError::Io {
            step: "putting right what an interrupted save left",
            path,
            error,
        }
    };
    let key = key.filter(|_| starts_encrypted(casebook));
    let mut tidied = Tidied::default();
    for leftover in find(casebook, own_copies).map_err(io_err(casebook))? {
        match leftover.kind {
            Kind::Temporary => {
                match std::fs::remove_file(&leftover.path) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => {
                        return Err(io_err(&leftover.path)(e));
                    }
                    _ => {}
                }
                tidied.removed_plain += usize::from(leftover.plain && key.is_some());
                tidied.removed.push(leftover.path);
            }
            Kind::Kept if leftover.plain && key.is_some() => {
                let bytes = std::fs::read(&leftover.path).map_err(io_err(&leftover.path))?;
                let file = snapshot::sealed_file(&bytes, key)?;
                replace_with(&leftover.path, Content::Bytes(&file), None)?;
                if own_copies.contains(&leftover.path) {
                    super::team::share_with_group(&leftover.path);
                }
                tidied.sealed.push(leftover.path);
            }
            Kind::Kept => {}
        }
    }
    // After sealing: a snapshot left in plain text beside an encrypted casebook is sealed
    // first, and compressing it keeps it sealed.
    tidied.compressed = snapshot::finish_interrupted(casebook, key);
    tidied.recovery = Some(recovery_path(casebook)).filter(|p| p.is_file());
    Ok(tidied)
}

/// `casebook.recovery.ron` beside `casebook.ron`: where Casedesk kept unsaved work before the
/// journal.
fn recovery_path(casebook: &Path) -> PathBuf {
    parent_dir(casebook).join(format!("{}.recovery.ron", stem(casebook)))
}

/// Every leftover of `casebook` there is.
fn find(casebook: &Path, own_copies: &[PathBuf]) -> io::Result<Vec<Leftover>> {
    let mut found = Vec::new();
    // Temporary files of the casebook and of its journal, beside it.
    let prefixes = [temp_prefix(casebook), temp_prefix(&journal_path(casebook))];
    each_file(
        parent_dir(casebook),
        |path, name| {
            prefixes
                .iter()
                .any(|p| name.starts_with(p.as_str()))
                .then(|| leftover(path, Kind::Temporary))
        },
        &mut found,
    )?;
    // Snapshots, and the temporary files of snapshots being written (`.<snapshot>.tmp-<pid>`).
    let stem = stem(casebook);
    each_file(
        &snapshot::folder(casebook),
        |path, name| {
            let temp = name
                .strip_prefix('.')
                .and_then(|n| n.split_once(".tmp-"))
                .map(|(snapshot, _)| snapshot);
            let kind = match temp {
                Some(snapshot) => parse_name(&stem, snapshot).map(|_| Kind::Temporary),
                None => parse_name(&stem, name).map(|_| Kind::Kept),
            };
            kind.map(|kind| leftover(path, kind))
        },
        &mut found,
    )?;
    // Attachments being stored (`attachments.rs`): only their temporary files; a file stored
    // whole before its event was recorded is kept, for a purge to find.
    let (prefix, attachments) = super::attachments::temporaries(casebook);
    each_file(
        &attachments,
        |path, name| {
            name.starts_with(&prefix)
                .then(|| leftover(path, Kind::Temporary))
        },
        &mut found,
    )?;
    // This officer's copies in the team folder, and their temporary files.
    for copy in own_copies {
        let prefix = temp_prefix(copy);
        each_file(
            parent_dir(copy),
            |path, name| {
                name.starts_with(&prefix)
                    .then(|| leftover(path, Kind::Temporary))
            },
            &mut found,
        )?;
        if copy.is_file() {
            found.push(leftover(copy.clone(), Kind::Kept));
        }
    }
    Ok(found)
}

fn leftover(path: PathBuf, kind: Kind) -> Leftover {
    let plain = std::fs::metadata(&path).is_ok_and(|m| m.len() > 0) && !starts_encrypted(&path);
    Leftover { path, kind, plain }
}

/// Adds what `pick` makes of each file in `dir` (by path and name) to `found`; a folder that
/// is not there (or is not a folder) holds nothing.
fn each_file(
    dir: &Path,
    pick: impl Fn(PathBuf, &str) -> Option<Leftover>,
    found: &mut Vec<Leftover>,
) -> io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        if !entry.file_type()?.is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        found.extend(pick(entry.path(), &name));
    }
    Ok(())
}

/// This officer's copies in the team folder, as [`tidy`] and [`plaintext_leftovers`] take them:
/// the copy this installation writes, and the one versions before installations wrote under
/// the officer's name alone. Copies under earlier officer names are added once the casebook
/// records them.
pub fn own_copies(
    settings: &crate::domain::Settings,
    installation: &super::Installation,
) -> Vec<PathBuf> {
    settings
        .team_folder
        .iter()
        .flat_map(|folder| {
            [
                folder.join(super::team::own_copy_name(settings, installation)),
                folder.join(super::team::shared_copy_name(settings)),
            ]
        })
        .collect()
}
