//! Snapshots: before a casebook is replaced, its previous version is kept in a `snapshots/`
//! folder beside it, named after the casebook and the time (`casebook.20261123T101500.123Z.ron`).
//! The last [`KEEP`] are kept.

use super::crypt::{Key, is_encrypted, unseal};
use super::fsutil::{create_private_dir, parent_dir, sync_dir};
use super::load::{LoadError, load_with};
use super::save::{Content, SaveError, replace_with, sealed, write_atomic};
use crate::domain::Casebook;
use chrono::{DateTime, NaiveDateTime, Utc};
use std::io;
use std::path::{Path, PathBuf};

/// How many snapshots of one casebook are kept.
pub const KEEP: usize = 50;
const STAMP: &str = "%Y%m%dT%H%M%S%.3fZ";

#[derive(Clone, Debug, PartialEq)]
pub struct SnapshotInfo {
    pub path: PathBuf,
    pub taken_at: DateTime<Utc>,
    pub bytes: u64,
}

/// The snapshots folder of a casebook.
pub fn folder(casebook: &Path) -> PathBuf {
    parent_dir(casebook).join("snapshots")
}

/// The casebook's file name without `.ron`: the prefix of its snapshots and recovery file.
pub(super) fn stem(casebook: &Path) -> String {
    casebook
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "casebook".into())
}

/// Copies the current file into the snapshots folder (atomically) and drops the oldest beyond
/// [`KEEP`]. With a `key`, a plain file (the version before a passphrase was set) is
/// encrypted on the way. Returns the snapshot's path.
pub(crate) fn take(
    casebook: &Path,
    now: DateTime<Utc>,
    key: Option<&Key>,
) -> Result<PathBuf, SaveError> {
    let io_err = |error: io::Error| SaveError::Io {
        step: "keeping the previous version as a snapshot",
        path: casebook.to_path_buf(),
        error,
    };
    let dir = folder(casebook);
    create_private_dir(&dir).map_err(io_err)?;
    let base = format!("{}.{}", stem(casebook), now.format(STAMP));
    let mut target = dir.join(format!("{base}.ron"));
    let mut n = 1;
    while target.exists() {
        target = dir.join(format!("{base}-{n}.ron"));
        n += 1;
    }
    if key.is_none() || starts_encrypted(casebook) {
        // Saves never write into a casebook file, only rename a new one over it: a second
        // name for the old file keeps it as it is, without copying hundreds of megabytes.
        if link_private(casebook, &target).is_ok() && sync_dir(&dir).is_ok() {
            return Ok(pruned(casebook, target));
        }
        let _ = std::fs::remove_file(&target);
    }
    let bytes = std::fs::read(casebook).map_err(io_err)?;
    let bytes = if is_encrypted(&bytes) {
        bytes
    } else {
        sealed(&bytes, key)?.into_owned()
    };
    replace_with(&target, Content::Bytes(&bytes), None)?;
    Ok(pruned(casebook, target))
}

/// Whether the file at `path` starts as an encrypted casebook does.
fn starts_encrypted(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0; 64];
    std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .is_ok_and(|n| is_encrypted(&head[..n]))
}

/// Gives `file` the second name `link`, owner-only like every snapshot. Not through a
/// symbolic link: that would name whatever the link points to later.
fn link_private(file: &Path, link: &Path) -> io::Result<()> {
    if !std::fs::symlink_metadata(file)?.is_file() {
        return Err(io::ErrorKind::Unsupported.into());
    }
    std::fs::hard_link(file, link)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(link, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

/// `snapshot`, after dropping the oldest beyond [`KEEP`].
fn pruned(casebook: &Path, snapshot: PathBuf) -> PathBuf {
    // Dropping old snapshots is housekeeping: if it fails, more are kept than asked, and the
    // save must still go ahead.
    let _more_kept = prune(casebook, KEEP);
    snapshot
}

/// The snapshots of `casebook`, newest first.
pub fn list_snapshots(casebook: &Path) -> io::Result<Vec<SnapshotInfo>> {
    let dir = folder(casebook);
    let prefix = format!("{}.", stem(casebook));
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stamp) = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".ron"))
        else {
            continue;
        };
        let stamp = stamp.split('-').next().unwrap_or(stamp);
        let Ok(taken) = NaiveDateTime::parse_from_str(stamp, STAMP) else {
            continue;
        };
        out.push(SnapshotInfo {
            path: entry.path(),
            taken_at: taken.and_utc(),
            bytes: entry.metadata()?.len(),
        });
    }
    out.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.path.cmp(&a.path)));
    Ok(out)
}

fn prune(casebook: &Path, keep: usize) -> io::Result<()> {
    for old in list_snapshots(casebook)?.into_iter().skip(keep) {
        std::fs::remove_file(old.path)?;
    }
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("The snapshot cannot be restored: {0}")]
    Load(#[from] LoadError),
    #[error(transparent)]
    Save(#[from] SaveError),
}

/// Puts a snapshot back as the casebook, written with the casebook's `key`. The current file
/// is kept as a snapshot first, so a restore can itself be undone.
pub fn restore_snapshot(
    casebook: &Path,
    snapshot: &Path,
    now: DateTime<Utc>,
    key: Option<&Key>,
) -> Result<Casebook, RestoreError> {
    let book = load_with(snapshot, key)?;
    let bytes = std::fs::read(snapshot).map_err(|error| LoadError::Io {
        path: snapshot.to_path_buf(),
        error,
    })?;
    let bytes = match (is_encrypted(&bytes), key) {
        (false, Some(_)) => sealed(&bytes, key)?,
        _ => bytes.into(),
    };
    write_atomic(casebook, Content::Bytes(&bytes), now, key, None)?;
    Ok(book)
}

/// Encrypts the snapshots of `casebook` that open with `old` (or are plain) with `new` (or
/// leaves them plain), each atomically. Returns how many could not be opened with `old`:
/// those were written under an earlier passphrase and are left as they are.
pub(crate) fn reseal_all(
    casebook: &Path,
    old: Option<&Key>,
    new: Option<&Key>,
) -> Result<usize, SaveError> {
    let mut left = 0;
    let listed = list_snapshots(casebook).map_err(|error| SaveError::Io {
        step: "listing the snapshots",
        path: folder(casebook),
        error,
    })?;
    for snap in listed {
        let bytes = std::fs::read(&snap.path).map_err(|error| SaveError::Io {
            step: "reading a snapshot",
            path: snap.path.clone(),
            error,
        })?;
        match unseal(&bytes, old) {
            Ok(plain) => replace_with(&snap.path, Content::Bytes(&sealed(&plain, new)?), None)?,
            // The snapshot the save itself just took of a plain file is sealed with `new`.
            Err(_) if new.is_some() && unseal(&bytes, new).is_ok() => {}
            Err(_) => left += 1,
        }
    }
    Ok(left)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Settings;
    use crate::store::load;
    use chrono::Duration;

    fn book(n: usize) -> Casebook {
        Casebook::new(Settings {
            officer_name: format!("Officer {n}"),
            ..Settings::default()
        })
    }

    #[test]
    fn snapshots_rotate_keeping_the_newest_fifty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casebook.ron");
        let start: DateTime<Utc> = "2026-01-01T09:00:00Z".parse().unwrap();
        for n in 0..=55 {
            crate::store::save(&path, &book(n), start + Duration::minutes(n as i64)).unwrap();
        }
        let snaps = list_snapshots(&path).unwrap();
        assert_eq!(snaps.len(), KEEP);
        // 55 snapshots were taken (none before the first save); the oldest five were dropped.
        assert_eq!(snaps[0].taken_at, start + Duration::minutes(55));
        assert_eq!(snaps[KEEP - 1].taken_at, start + Duration::minutes(6));
        assert_eq!(
            load(&snaps[0].path).unwrap().settings.officer_name,
            "Officer 54"
        );
    }

    #[test]
    fn restoring_a_snapshot_brings_it_back_and_keeps_the_current_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casebook.ron");
        let t: DateTime<Utc> = "2026-01-01T09:00:00Z".parse().unwrap();
        crate::store::save(&path, &book(1), t).unwrap();
        crate::store::save(&path, &book(2), t + Duration::seconds(1)).unwrap();
        let first = list_snapshots(&path).unwrap().remove(0);
        let restored =
            restore_snapshot(&path, &first.path, t + Duration::seconds(2), None).unwrap();
        assert_eq!(restored.settings.officer_name, "Officer 1");
        assert_eq!(load(&path).unwrap().settings.officer_name, "Officer 1");
        let newest = list_snapshots(&path).unwrap().remove(0);
        assert_eq!(
            load(&newest.path).unwrap().settings.officer_name,
            "Officer 2"
        );
    }

    #[test]
    fn snapshots_of_other_casebooks_in_the_folder_are_not_listed() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.ron");
        let b = dir.path().join("b.ron");
        let t: DateTime<Utc> = "2026-01-01T09:00:00Z".parse().unwrap();
        for p in [&a, &b, &a] {
            crate::store::save(p, &book(0), t).unwrap();
        }
        assert_eq!(list_snapshots(&a).unwrap().len(), 1);
        assert_eq!(list_snapshots(&b).unwrap().len(), 0);
    }
}
