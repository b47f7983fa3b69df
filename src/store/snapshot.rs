//! Snapshots: before a casebook is replaced, its previous version is kept in a `snapshots/`
//! folder beside it, named after the casebook, the time and a sequence number
//! (`casebook.20261123T101500.123Z.42.ron`). Once the save has succeeded, the snapshot it took
//! is compressed (`compress.rs`; sealed again after compressing when the casebook has a
//! passphrase) and the snapshots are thinned by this computer's rule (`retention.rs`).
//!
//! Newest means highest sequence number, never latest time: the time comes from the clock,
//! and a clock set to 2099 (or 1970) for one save must not make its snapshot outlive, or die
//! before, the ones taken after it. The number is one more than the highest in the folder, given
//! under the casebook's lock. Snapshots named before numbers (`casebook.<time>.ron`,
//! `casebook.<time>-<n>.ron`) count as older than every numbered one, in order of time.

use super::atomic::{Content, SaveError, replace_with, sealed};
use super::compress::{
    PIECES, base_header, compress, compress_against_from, compress_into, is_compressed, split_base,
};
use super::crypt::{Key, is_encrypted, seal_writer, unseal, unseal_reader};
use super::fsutil::{create_private, create_private_dir, parent_dir, same_file, stem, sync_dir};
use super::load::{LoadError, base_reader, open_bytes, plain_bytes, read, strict};
use super::retention::{self, Retention};
use crate::domain::Casebook;
use chrono::{DateTime, NaiveDateTime, Utc};
use std::cmp::Reverse;
use std::io::{self, BufRead};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

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
    /// A second name of the casebook file, to be compressed once the save has succeeded.
    linked: bool,
}

impl Taken {
    /// Drops the snapshot again, the save having failed: the casebook still is the version it
    /// holds. One found already there stays.
    pub(crate) fn discard(self) {
        if self.fresh {
            // At worst a second copy of the current version stays, listed like any snapshot.
            if std::fs::remove_file(&self.path).is_ok() {
                let _gone = std::fs::remove_file(mark_of(&self.path));
            }
        }
    }
}

/// What is left of a save once the casebook is durably in place: the snapshot it took
/// compressed, and the snapshots thinned by this computer's rule. The save reports done before
/// this runs (the window on its save thread, the command line after its output): compressing
/// the snapshot of a big casebook takes several times the save itself. Until it has run, the
/// snapshot stays as it was taken (a second name of the old file, whole), marked so that the
/// next opener finishes it ([`finish_interrupted`]) if this process dies first.
#[must_use = "the snapshot stays uncompressed until the save is settled"]
#[derive(Debug)]
pub struct Settling {
    casebook: PathBuf,
    taken: Option<Taken>,
    now: DateTime<Utc>,
    key: Option<Key>,
}

/// One snapshot folder's housekeeping at a time in this process: a save's compression running
/// on the window's save thread while the next save takes its snapshot must not thin away or
/// rewrite what the other is reading.
static HOUSEKEEPING: Mutex<()> = Mutex::new(());

fn housekeeping() -> MutexGuard<'static, ()> {
    // Nothing is guarded but the order of file operations: a panic elsewhere changes nothing.
    HOUSEKEEPING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Settling {
    pub(crate) fn new(
        casebook: &Path,
        taken: Option<Taken>,
        now: DateTime<Utc>,
        key: Option<&Key>,
    ) -> Self {
        Self {
            casebook: casebook.to_path_buf(),
            taken,
            now,
            key: key.cloned(),
        }
    }

    /// Compresses the snapshot the save took and thins the snapshots by `rule` (`None`, for a
    /// rule that cannot be read, thins nothing: the officer set one, and the default might keep
    /// less). Housekeeping: if either fails, the snapshot stays as it was taken (and marked, so
    /// the next opener tries again), or more are kept than asked; the save has still succeeded.
    pub fn finish(self, rule: Option<&Retention>) {
        let _one = housekeeping();
        if let Some(taken) = self.taken.filter(|t| t.linked) {
            let _kept_whole = finish_one(&self.casebook, &taken.path, self.key.as_ref());
        }
        if let Some(rule) = rule {
            thin(&self.casebook, self.now, rule);
        }
    }
}

/// The mark beside a snapshot taken whole and not compressed yet (`.<name>.uncompressed`): made
/// durable with the snapshot, before the save reports done, and removed once it is compressed.
fn mark_of(snapshot: &Path) -> PathBuf {
    let name = snapshot
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    parent_dir(snapshot).join(format!(".{name}{UNCOMPRESSED}"))
}

const UNCOMPRESSED: &str = ".uncompressed";

/// Compresses the snapshot at `path` and removes its mark.
fn finish_one(casebook: &Path, path: &Path, key: Option<&Key>) -> Result<(), SaveError> {
    compact(casebook, path, key)?;
    match std::fs::remove_file(mark_of(path)) {
        // A mark that stays only makes the next opener see the snapshot is compressed already.
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(SaveError::Io {
            step: "compressing a snapshot",
            path: path.to_path_buf(),
            error: e,
        }),
        _ => Ok(()),
    }
}

/// Finishes what saves of `casebook` killed before compressing their snapshot left: each marked
/// snapshot compressed (sealed with `key`), a mark whose snapshot is gone removed. Only under
/// the casebook's lock. A snapshot that is still the casebook file (its save was killed before
/// the rename) is left for the next save, which keeps it. Returns the snapshots compressed; one
/// that cannot be (no passphrase given for an encrypted casebook) keeps its mark.
pub(crate) fn finish_interrupted(casebook: &Path, key: Option<&Key>) -> Vec<PathBuf> {
    let dir = folder(casebook);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let stem = stem(casebook);
    let marked: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let snapshot = name.strip_prefix('.')?.strip_suffix(UNCOMPRESSED)?;
            parse_name(&stem, snapshot).map(|_| dir.join(snapshot))
        })
        .collect();
    let _one = housekeeping();
    let mut compressed = Vec::new();
    for snapshot in marked {
        let is_casebook = matches!(
            (std::fs::symlink_metadata(&snapshot), std::fs::symlink_metadata(casebook)),
            (Ok(a), Ok(b)) if same_file(&a, &b)
        );
        if is_casebook {
            continue;
        }
        if !snapshot.exists() {
            let _gone = std::fs::remove_file(mark_of(&snapshot));
            continue;
        }
        let was_compressed = is_compressed(&head_of(&snapshot));
        if finish_one(casebook, &snapshot, key).is_ok() && !was_compressed {
            compressed.push(snapshot);
        }
    }
    compressed
}

/// A difference is kept only while it is under this share of its text (an eighth of what the
/// text takes compressed whole, zstd making a casebook's text about five times smaller); past
/// it, the snapshot is compressed whole and becomes the next ones' base.
const DIFFERENCE_SHARE: u64 = 40;

/// Replaces the snapshot at `path` (a second name of a casebook file: RON text, or its age
/// ciphertext) by its text as a difference from the newest snapshot of `casebook` stored whole,
/// or compressed whole when that difference is not small; sealed with `key` when it was sealed,
/// and never written unsealed then. One compressed already is left as it is. Neither text is
/// ever held whole: the snapshot's is streamed from its file (decrypted on the way), the
/// base's read a part at a time as the difference is taken (`compress.rs`), and the whole
/// compression streamed into the file.
fn compact(casebook: &Path, path: &Path, key: Option<&Key>) -> Result<(), SaveError> {
    let io_err = |error| SaveError::Io {
        step: "compressing a snapshot",
        path: path.to_path_buf(),
        error,
    };
    let key = key.filter(|_| starts_encrypted(path));
    let open = || {
        let file = std::fs::File::open(path).map_err(io_err)?;
        let plain = unseal_reader(io::BufReader::new(file), key)
            .map_err(|e| io_err(io::Error::other(format!("cannot be decrypted: {e:?}"))))?;
        Ok::<_, SaveError>(io::BufReader::with_capacity(1 << 20, plain))
    };
    let mut plain = open()?;
    if is_compressed(plain.fill_buf().map_err(io_err)?) {
        return Ok(());
    }
    // The file's length is the text's for a plain file; for a sealed one, a little more.
    let about = std::fs::metadata(path).map_err(io_err)?.len();
    if let Some((name, base)) = base_for(casebook, path, key) {
        let limit = usize::try_from(about / DIFFERENCE_SHARE).unwrap_or(usize::MAX);
        // A base that cannot be read to the end is as none: compressed whole, below.
        if let Ok(Some(difference)) = compress_against_from(&mut plain, base, limit, PIECES) {
            let file = file_of(Some(&name), &difference, key)?;
            return replace_with(path, Content::Bytes(&file), None);
        }
        // Not small: compressed whole, read again from its start.
        plain = open()?;
    }
    let exact = key.is_none().then_some(about);
    let whole = move |file: &mut std::fs::File| match key {
        Some(key) => compress_into(plain, exact, seal_writer(file, key)?)?
            .finish()
            .map(drop),
        None => compress_into(plain, exact, file).map(drop),
    };
    replace_with(path, Content::Stream(Box::new(whole)), None)
}

/// The newest snapshot of `casebook` stored whole (not a difference) other than `path`, by
/// file name, with a reader of its text; `None` when there is none that opens with `key`. One
/// still marked (taken whole, not compressed yet) is never a base: compressing it may make it
/// a difference, and a difference's base must stay whole.
fn base_for(
    casebook: &Path,
    path: &Path,
    key: Option<&Key>,
) -> Option<(String, Box<dyn io::Read>)> {
    let listed = list_snapshots(casebook).ok()?;
    let base = listed
        .iter()
        .filter(|s| s.path != path && !mark_of(&s.path).exists())
        .find(|s| base_of(&s.path).is_none())?;
    let text = base_reader(&base.path, key)?;
    let name = base.path.file_name()?.to_str()?.to_string();
    Some((name, text))
}

/// The file name of the base the snapshot at `path` is a difference from, read from its first
/// bytes (outside any seal); `None` for one stored whole.
fn base_of(path: &Path) -> Option<String> {
    let head = head_of(path);
    split_base(&head).0.map(str::to_string)
}

/// The first bytes of the file at `path`, enough for a difference's header and what follows.
fn head_of(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let mut head = Vec::new();
    let _short = std::fs::File::open(path).and_then(|f| f.take(512).read_to_end(&mut head));
    head
}

/// Removes the snapshots of `casebook` that `rule` does not keep at `now`; a difference's base
/// is kept as long as the difference is.
pub(crate) fn thin(casebook: &Path, now: DateTime<Utc>, rule: &Retention) {
    let Ok(listed) = list_snapshots(casebook) else {
        return;
    };
    let times: Vec<_> = listed.iter().map(|s| s.taken_at).collect();
    let mut keep = retention::keep(&times, now, rule);
    for i in 0..listed.len() {
        if keep[i]
            && let Some(base) = base_of(&listed[i].path)
            && let Some(j) = listed
                .iter()
                .position(|s| s.path.file_name() == Some(base.as_ref()))
        {
            keep[j] = true;
        }
    }
    for (snap, keep) in listed.iter().zip(keep) {
        if !keep {
            let _kept = std::fs::remove_file(&snap.path);
        }
    }
}

/// A snapshot's (or any kept file's) `bytes` sealed with `key`: a difference keeps its header
/// outside the seal, where thinning reads it.
pub(super) fn sealed_file(bytes: &[u8], key: Option<&Key>) -> Result<Vec<u8>, SaveError> {
    let (base, rest) = split_base(bytes);
    file_of(base, rest, key)
}

/// The file of a snapshot holding `payload` sealed with `key`, after the header naming its
/// `base` when it is a difference.
fn file_of(base: Option<&str>, payload: &[u8], key: Option<&Key>) -> Result<Vec<u8>, SaveError> {
    let header = base.map(base_header).unwrap_or_default();
    Ok([header, sealed(payload, key)?.into_owned()].concat())
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
    let _one = housekeeping();
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
        mark(&newest.path)
            .and_then(|()| sync_dir(&dir))
            .map_err(io_err)?;
        return Ok(Taken {
            path: newest.path.clone(),
            fresh: false,
            linked: true,
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
    let taken = |linked| Taken {
        path: target.clone(),
        fresh: true,
        linked,
    };
    if key.is_none() || starts_encrypted(casebook) {
        // Saves never write into a casebook file, only rename a new one over it: a second
        // name for the old file keeps it as it is, without copying hundreds of megabytes
        // while the save waits. It is compressed once the save has succeeded.
        mark(&target).map_err(io_err)?;
        if link_private(casebook, &target).is_ok() && sync_dir(&dir).is_ok() {
            return Ok(taken(true));
        }
        let _ = std::fs::remove_file(&target);
    }
    let bytes = std::fs::read(casebook).map_err(io_err)?;
    let bytes = if is_encrypted(&bytes) {
        // Compressed once the save has succeeded, as a second name would be.
        mark(&target).map_err(io_err)?;
        replace_with(&target, Content::Bytes(&bytes), None)?;
        return Ok(taken(true));
    } else {
        sealed(&compress(&bytes).map_err(io_err)?, key)?.into_owned()
    };
    replace_with(&target, Content::Bytes(&bytes), None)?;
    Ok(taken(false))
}

/// Marks the snapshot at `snapshot` as not compressed yet ([`mark_of`]); durable once its
/// folder is flushed to disk, which taking the snapshot does next.
fn mark(snapshot: &Path) -> io::Result<()> {
    match create_private(&mark_of(snapshot)) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        made => made.map(drop),
    }
}

/// Whether the file at `path` is encrypted as a casebook is (for a difference, past its
/// header).
pub fn starts_encrypted(path: &Path) -> bool {
    is_encrypted(split_base(&head_of(path)).1)
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

#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("The snapshot cannot be restored: {0}")]
    Load(#[from] LoadError),
    #[error(transparent)]
    Save(#[from] SaveError),
}

/// A snapshot as restoring puts it back: the casebook it holds, its plain text sealed with the
/// casebook's `key`, and the checksum its text records. The snapshot is read once, and nothing
/// is returned unless it opens whole and matches its checksum, so a damaged or cut snapshot
/// changes nothing. The save that restores it is `save::restore_snapshot`.
pub(crate) fn restorable(
    snapshot: &Path,
    key: Option<&Key>,
) -> Result<(Casebook, Vec<u8>, Option<String>), RestoreError> {
    let bytes = read(snapshot)?;
    let plain = plain_bytes(&bytes, snapshot, key)?;
    let loaded = open_bytes(&plain, snapshot, None)?;
    let checksum = loaded.checksum.clone();
    let book = strict(loaded, snapshot)?;
    Ok((book, sealed(&plain, key)?.into_owned(), checksum))
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
        let (base, payload) = split_base(&bytes);
        match unseal(payload, old) {
            Ok(plain) => {
                // Rewritten anyway: one taken before compression is compressed on the way.
                let packed = match is_compressed(&plain) || base.is_some() {
                    true => plain,
                    false => compress(&plain)
                        .map_err(|error| SaveError::Io {
                            step: "compressing a snapshot",
                            path: snap.path.clone(),
                            error,
                        })?
                        .into(),
                };
                let file = file_of(base, &packed, new)?;
                replace_with(&snap.path, Content::Bytes(&file), None)?
            }
            // The snapshot the save itself just took of a plain file is sealed with `new`.
            Err(_) if new.is_some() && unseal(payload, new).is_ok() => {}
            Err(_) => left += 1,
        }
    }
    Ok(left)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Settings;
    use crate::store::compress::is_compressed;
    use crate::store::load;
    use chrono::Duration;

    fn book(n: usize) -> Casebook {
        Casebook::new(Settings {
            officer_name: format!("Officer {n}"),
            ..Settings::default()
        })
    }

    /// Each save keeps the version it replaces, compressed once the save is done; the rule
    /// then keeps the newest of the day's saves.
    #[test]
    fn snapshots_are_compressed_and_thinned_by_the_rule() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casebook.ron");
        let start: DateTime<Utc> = "2026-01-01T09:00:00Z".parse().unwrap();
        for n in 0..=12 {
            crate::store::save(&path, &book(n), start + Duration::minutes(n as i64)).unwrap();
        }
        let snaps = list_snapshots(&path).unwrap();
        assert_eq!(snaps.len(), 12);
        for snap in &snaps {
            let bytes = std::fs::read(&snap.path).unwrap();
            assert!(is_compressed(&bytes), "{}", snap.path.display());
            assert!(snap.bytes < std::fs::metadata(&path).unwrap().len());
        }
        assert_eq!(officer(&snaps[0]), "Officer 11");
        let rule = Retention {
            last_day: 5,
            days: 0,
            months: 0,
        };
        thin(&path, start + Duration::minutes(12), &rule);
        let snaps = list_snapshots(&path).unwrap();
        assert_eq!(snaps.len(), 5);
        assert_eq!(officer(&snaps[4]), "Officer 7");
    }

    /// Saves with small edits between them keep differences from the newest snapshot stored
    /// whole; thinning keeps a kept difference's base, whatever the rule says of it.
    #[test]
    fn differences_keep_their_base() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casebook.ron");
        let start: DateTime<Utc> = "2026-01-01T09:00:00Z".parse().unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let mut book = crate::sample::generate(300, 3, today);
        for n in 0..4 {
            book.settings.officer_name = format!("Officer {n}");
            crate::store::save(&path, &book, start + Duration::minutes(n)).unwrap();
        }
        let snaps = list_snapshots(&path).unwrap();
        let bases: Vec<_> = snaps.iter().map(|s| base_of(&s.path)).collect();
        let oldest = snaps[2].path.file_name().unwrap().to_str().unwrap();
        assert_eq!(bases, [Some(oldest.into()), Some(oldest.into()), None]);
        assert!(snaps[0].bytes * 50 < snaps[2].bytes, "{snaps:?}");
        let rule = Retention {
            last_day: 1,
            days: 0,
            months: 0,
        };
        thin(&path, start + Duration::minutes(4), &rule);
        let kept = list_snapshots(&path).unwrap();
        assert_eq!(kept.len(), 2);
        assert_eq!(officer(&kept[0]), "Officer 2");
        assert_eq!(officer(&kept[1]), "Officer 0");
    }

    /// A base found damaged while a difference is taken from it is not used: the snapshot is
    /// compressed whole, opens, and becomes the next ones' base.
    #[test]
    fn a_damaged_base_is_passed_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casebook.ron");
        let start: DateTime<Utc> = "2026-01-01T09:00:00Z".parse().unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let mut book = crate::sample::generate(300, 3, today);
        let mut save = |n: i64| {
            book.settings.officer_name = format!("Officer {n}");
            crate::store::save(&path, &book, start + Duration::minutes(n)).unwrap();
        };
        save(0);
        save(1);
        let base = list_snapshots(&path).unwrap()[0].path.clone();
        let mut bytes = std::fs::read(&base).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0x01; // zstd's checksum of its content
        std::fs::write(&base, bytes).unwrap();
        save(2);
        let snaps = list_snapshots(&path).unwrap();
        assert_eq!(base_of(&snaps[0].path), None, "{snaps:?}");
        assert_eq!(officer(&snaps[0]), "Officer 1");
        save(3);
        let newest = list_snapshots(&path).unwrap()[0].path.clone();
        assert_eq!(
            base_of(&newest).as_deref(),
            snaps[0].path.file_name().unwrap().to_str()
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
        // A month of daily saves: more than the rule keeps once a save succeeds a year later.
        for n in 0..=31 {
            crate::store::save(&path, &book(n), start + Duration::days(n as i64)).unwrap();
        }
        let kept = names(&path);
        assert_eq!(kept.len(), 31);
        let text = crate::store::serialize(&book(99), start).unwrap();
        for step in [
            Step::CreateTemp,
            Step::Write,
            Step::Sync,
            Step::Snapshot,
            Step::Rename,
        ] {
            for n in 0..5 {
                let at = start + Duration::days(365) + Duration::minutes(n);
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
    /// made: the snapshots taken after them are kept, newest first, and those dated ahead of
    /// the clock are thinned as the last day's saves.
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
        for i in 0..30 {
            save(now + Duration::minutes(i));
        }
        save(past);
        // 41 saves, 40 snapshots taken, all "ahead" of 1970: the newest of them are kept.
        let snaps = list_snapshots(&path).unwrap();
        let last_day = Retention::default().last_day as usize;
        assert_eq!(snaps.len(), last_day);
        assert_eq!(officer(&snaps[0]), "Officer 39");
        assert_eq!(snaps[0].taken_at, past);
        assert_eq!(
            officer(&snaps[last_day - 1]),
            format!("Officer {}", 40 - last_day)
        );
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
        for n in 1..=5 {
            crate::store::save(&path, &book(n), now).unwrap();
        }
        // The two dated ahead count as taken now, and are older than every numbered one: the
        // rule's count of the last day's saves drops them first. The one of 2025 is its
        // month's.
        thin(
            &path,
            now,
            &Retention {
                last_day: 5,
                days: 0,
                months: 13,
            },
        );
        let snaps = list_snapshots(&path).unwrap();
        assert_eq!(snaps.len(), 6);
        assert!(snaps[..5].iter().all(|s| s.sequence.is_some()), "{snaps:?}");
        assert_eq!(snaps[0].sequence, Some(5));
        assert_eq!(snaps[5].path, folder.join(old[2]));
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
        let (restored, settling) =
            crate::store::restore_snapshot(&path, &first.path, t + Duration::seconds(2), None)
                .unwrap();
        settling.finish(None);
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
