//! Snapshots: before a casebook is replaced, its previous version is kept in a `snapshots/`
//! folder beside it, named after the casebook, the time and a sequence number
//! (`casebook.20261123T101500.123Z.42.ron`). The [`KEEP`] newest are kept.
//!
//! Newest means highest sequence number, never latest time: the time comes from the clock,
//! and a clock set to 2099 (or 1970) for one save must not make its snapshot outlive, or die
//! before, the ones taken after it. The number is one more than the highest in the folder, given
//! under the casebook's lock. Snapshots named before numbers (`casebook.<time>.ron`,
//! `casebook.<time>-<n>.ron`) count as older than every numbered one, in order of time.

use super::atomic::{Content, SaveError, replace_with, sealed};
use super::crypt::{Key, is_encrypted, unseal};
use super::fsutil::{create_private_dir, parent_dir, same_file, stem, sync_dir};
use super::load::{LoadError, open, strict};
use crate::domain::Casebook;
use chrono::{DateTime, NaiveDateTime, Utc};
use std::cmp::Reverse;
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
    /// Its place in the order snapshots were taken; `None` for one named before numbers.
    pub sequence: Option<u64>,
}

/// The snapshots folder of a casebook.
pub fn folder(casebook: &Path) -> PathBuf {
    parent_dir(casebook).join("snapshots")
}

/// The time and sequence number in the file name `name` if it is a snapshot of the casebook
/// whose stem is `stem`.
pub(super) fn parse_name(stem: &str, name: &str) -> Option<(DateTime<Utc>, Option<u64>)> {
    let rest = name
        .strip_prefix(stem)?
        .strip_prefix('.')?
        .strip_suffix(".ron")?;
    let (stamp, sequence) = match rest.rsplit_once('.') {
        Some((stamp, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            (stamp, Some(n.parse().ok()?))
        }
        // Named before numbers: the time, then `-<n>` when two fell in one millisecond.
        _ => (rest.split('-').next().unwrap_or(rest), None),
    };
    let taken = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?;
    Some((taken.and_utc(), sequence))
}

/// A snapshot [`take`] kept for a save under way.
#[derive(Debug)]
pub(crate) struct Taken {
    path: PathBuf,
    /// Taken for this save, rather than one an interrupted save had already taken of the same
    /// file.
    fresh: bool,
}

impl Taken {
    /// Drops the snapshot again, the save having failed: the casebook still is the version it
    /// holds. One found already there stays.
    pub(crate) fn discard(self) {
        if self.fresh {
            // At worst a second copy of the current version stays, listed like any snapshot.
            let _kept = std::fs::remove_file(&self.path);
        }
    }
}

/// Keeps the current file in the snapshots folder (a second name for it where it can, else an
/// atomic copy). With a `key`, a plain file (the version before a passphrase was set) is
/// encrypted on the way. The newest snapshot already naming the same file (an interrupted save
/// took it) is kept instead of a second one.
pub(crate) fn take(
    casebook: &Path,
    now: DateTime<Utc>,
    key: Option<&Key>,
) -> Result<Taken, SaveError> {
    let io_err = |error: io::Error| SaveError::Io {
        step: "keeping the previous version as a snapshot",
        path: casebook.to_path_buf(),
        error,
    };
    let dir = folder(casebook);
    create_private_dir(&dir).map_err(io_err)?;
    let listed = list_snapshots(casebook).map_err(io_err)?;
    if let Some(newest) = listed.first()
        && let (Ok(a), Ok(b)) = (
            std::fs::symlink_metadata(&newest.path),
            std::fs::symlink_metadata(casebook),
        )
        && same_file(&a, &b)
    {
        return Ok(Taken {
            path: newest.path.clone(),
            fresh: false,
        });
    }
    let mut sequence = listed.iter().filter_map(|s| s.sequence).max().unwrap_or(0);
    let base = format!("{}.{}", stem(casebook), now.format(STAMP));
    let target = loop {
        sequence = sequence.saturating_add(1);
        let target = dir.join(format!("{base}.{sequence}.ron"));
        if !target.exists() || sequence == u64::MAX {
            break target;
        }
    };
    let taken = Taken {
        path: target.clone(),
        fresh: true,
    };
    if key.is_none() || starts_encrypted(casebook) {
        // Saves never write into a casebook file, only rename a new one over it: a second
        // name for the old file keeps it as it is, without copying hundreds of megabytes.
        if link_private(casebook, &target).is_ok() && sync_dir(&dir).is_ok() {
            return Ok(taken);
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
    Ok(taken)
}

/// Whether the file at `path` starts as an encrypted casebook does.
pub(super) fn starts_encrypted(path: &Path) -> bool {
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

/// The snapshots of `casebook`, newest first: by sequence number, then (those named before
/// numbers) by time.
pub fn list_snapshots(casebook: &Path) -> io::Result<Vec<SnapshotInfo>> {
    let dir = folder(casebook);
    let stem = stem(casebook);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((taken_at, sequence)) = parse_name(&stem, &name) else {
            continue;
        };
        out.push(SnapshotInfo {
            path: entry.path(),
            taken_at,
            bytes: entry.metadata()?.len(),
            sequence,
        });
    }
    out.sort_by_key(|s| Reverse((s.sequence, s.taken_at, s.path.clone())));
    Ok(out)
}

/// Drops the oldest snapshots beyond [`KEEP`], after a save that succeeded. Housekeeping: if it
/// fails, more are kept than asked, and the save has still succeeded.
pub(crate) fn prune(casebook: &Path) {
    if let Ok(listed) = list_snapshots(casebook) {
        for old in listed.into_iter().skip(KEEP) {
            let _kept = std::fs::remove_file(old.path);
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("The snapshot cannot be restored: {0}")]
    Load(#[from] LoadError),
    #[error(transparent)]
    Save(#[from] SaveError),
}

/// A snapshot as restoring puts it back: the casebook it holds, its file's bytes (sealed with
/// the casebook's `key` when it is plain) and the checksum its text records. The save that
/// restores it is `save::restore_snapshot`.
pub(crate) fn restorable(
    snapshot: &Path,
    key: Option<&Key>,
) -> Result<(Casebook, Vec<u8>, Option<String>), RestoreError> {
    let loaded = open(snapshot, key)?;
    let checksum = loaded.checksum.clone();
    let book = strict(loaded, snapshot)?;
    let bytes = std::fs::read(snapshot).map_err(|error| LoadError::Io {
        path: snapshot.to_path_buf(),
        error,
    })?;
    let bytes = match (is_encrypted(&bytes), key) {
        (false, Some(_)) => sealed(&bytes, key)?.into_owned(),
        _ => bytes,
    };
    Ok((book, bytes, checksum))
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

    fn names(path: &Path) -> Vec<PathBuf> {
        list_snapshots(path)
            .unwrap()
            .into_iter()
            .map(|s| s.path)
            .collect()
    }

    fn officer(snapshot: &SnapshotInfo) -> String {
        load(&snapshot.path).unwrap().settings.officer_name
    }

    /// On a full disk every save fails, at whichever step: none takes a snapshot or drops one,
    /// so the oldest good versions stay.
    #[test]
    fn failed_saves_neither_add_nor_drop_snapshots() {
        use crate::store::atomic::{Content, Step};
        use crate::store::save::write_atomic;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casebook.ron");
        let start: DateTime<Utc> = "2026-01-01T09:00:00Z".parse().unwrap();
        for n in 0..=KEEP {
            crate::store::save(&path, &book(n), start + Duration::minutes(n as i64)).unwrap();
        }
        let kept = names(&path);
        assert_eq!(kept.len(), KEEP);
        let text = crate::store::serialize(&book(99), start).unwrap();
        for step in [
            Step::CreateTemp,
            Step::Write,
            Step::Sync,
            Step::Snapshot,
            Step::Rename,
        ] {
            for n in 0..55 {
                let at = start + Duration::hours(1) + Duration::minutes(n);
                let fault = step.fails(io::ErrorKind::StorageFull);
                let content = Content::Bytes(text.as_bytes());
                assert!(write_atomic(&path, content, at, None, Some(fault)).is_err());
            }
            assert_eq!(names(&path), kept, "failing at {step:?}");
        }
        let oldest = list_snapshots(&path).unwrap().pop().unwrap();
        assert_eq!(officer(&oldest), "Officer 0");
    }

    /// Saves made while the clock said 2099 (or 1970) take their place in the order they were
    /// made: the snapshots taken after them are kept, newest first.
    #[test]
    fn a_wrong_clock_never_decides_which_snapshots_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casebook.ron");
        let now: DateTime<Utc> = "2026-01-01T09:00:00Z".parse().unwrap();
        let future: DateTime<Utc> = "2099-12-31T23:00:00Z".parse().unwrap();
        let past: DateTime<Utc> = "1970-01-01T00:00:00Z".parse().unwrap();
        let mut n = 0;
        let mut save = |at: DateTime<Utc>| {
            crate::store::save(&path, &book(n), at).unwrap();
            n += 1;
        };
        for i in 0..10 {
            save(future + Duration::minutes(i));
        }
        for i in 0..KEEP as i64 + 5 {
            save(now + Duration::minutes(i));
        }
        save(past);
        // 66 saves, 65 snapshots taken: the newest 50 are those of versions 15 to 64.
        let snaps = list_snapshots(&path).unwrap();
        assert_eq!(snaps.len(), KEEP);
        assert_eq!(officer(&snaps[0]), "Officer 64");
        assert_eq!(snaps[0].taken_at, past);
        assert_eq!(officer(&snaps[1]), "Officer 63");
        assert_eq!(officer(&snaps[KEEP - 1]), "Officer 15");
    }

    /// Snapshots named before sequence numbers are older than every numbered one, in order of
    /// their time, and go first when the oldest are dropped.
    #[test]
    fn snapshots_named_before_numbers_count_as_older() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casebook.ron");
        let now: DateTime<Utc> = "2026-01-01T09:00:00Z".parse().unwrap();
        crate::store::save(&path, &book(0), now).unwrap();
        let folder = folder(&path);
        create_private_dir(&folder).unwrap();
        let old = [
            "casebook.20990101T000000.000Z.ron",
            "casebook.20990101T000000.000Z-1.ron",
            "casebook.20250101T000000.000Z.ron",
        ];
        for name in old {
            std::fs::copy(&path, folder.join(name)).unwrap();
        }
        for n in 1..=KEEP {
            crate::store::save(&path, &book(n), now).unwrap();
        }
        let snaps = list_snapshots(&path).unwrap();
        assert_eq!(snaps.len(), KEEP);
        assert!(snaps.iter().all(|s| s.sequence.is_some()), "{snaps:?}");
        assert_eq!(snaps[0].sequence, Some(KEEP as u64));
        assert_eq!(
            parse_name("casebook", old[1]),
            Some(("2099-01-01T00:00:00Z".parse().unwrap(), None))
        );
        assert_eq!(
            parse_name("casebook", "casebook.20261123T101500.123Z.42.ron"),
            Some(("2026-11-23T10:15:00.123Z".parse().unwrap(), Some(42)))
        );
        assert_eq!(parse_name("casebook", "casebook.recovery.ron"), None);
        assert_eq!(
            parse_name("case", "casebook.20261123T101500.123Z.42.ron"),
            None
        );
    }

    /// A save killed after keeping its snapshot, before its rename, leaves a snapshot of the
    /// version still in place; the next save keeps that one rather than a second.
    #[test]
    fn a_snapshot_left_by_a_killed_save_is_not_taken_twice() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casebook.ron");
        let now: DateTime<Utc> = "2026-01-01T09:00:00Z".parse().unwrap();
        crate::store::save(&path, &book(0), now).unwrap();
        crate::store::save(&path, &book(1), now).unwrap();
        take(&path, now, None).unwrap();
        assert_eq!(list_snapshots(&path).unwrap().len(), 2);
        crate::store::save(&path, &book(2), now).unwrap();
        let snaps = list_snapshots(&path).unwrap();
        assert_eq!(snaps.len(), 2);
        assert_eq!(officer(&snaps[0]), "Officer 1");
        assert_eq!(officer(&snaps[1]), "Officer 0");
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
            crate::store::restore_snapshot(&path, &first.path, t + Duration::seconds(2), None)
                .unwrap();
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
