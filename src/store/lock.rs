//! One writer per casebook: a lock file beside it (`casebook.lock`) saying who holds it (user,
//! host, process, since when), created with O_EXCL so only one opener can win, and held open
//! with an OS lock on it for as long as the casebook is open.
//!
//! The file's existence is what keeps a second writer out: O_EXCL holds on the network and
//! synced drives casebooks sit on, where OS locks may be seen by one computer only, and its text
//! says who holds it, which the second opener must be told. The OS lock (shared, taken with
//! `File::try_lock_shared`: `flock` on Unix, `LockFileEx` on Windows) is what says the holder
//! still runs: the system drops it when the process ends, however it ends, and whatever
//! process later gets its id. So:
//! - A lock whose text says its holder took the OS lock, and whose OS lock is free, was left by
//!   a process that has ended: on this host it is taken over.
//! - A lock without that mark (an older Casedesk, or a folder whose system has no OS locks) is
//!   judged by its process, as before: taken over when that process no longer runs here.
//! - An empty or unreadable lock is either being written (the O_EXCL create comes a moment
//!   before the text) or was left by a Casedesk killed in that moment. It is waited for
//!   ([`GRACE`]); one whose OS lock is held stays in use and is never called deletable; one
//!   nobody holds and older than the grace period is taken over.
//! - One from another host is never taken over: its process cannot be checked from here, and
//!   its OS lock may not reach this computer.
//!
//! Only the holder of the OS lock on a lock file removes or replaces it (its owner when done, an
//! opener taking it over, who holds it exclusively meanwhile), and an owner checks, once it
//! holds the OS lock on the file it created, that this file still is the lock.

use super::fsutil::{create_private, parent_dir, real_path, same_file};
use chrono::{DateTime, Utc};
use std::fmt;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// How long a lock being written is waited for, and how old an empty or unreadable lock that
/// nobody holds must be to be taken over. A Casedesk writes its lock's few lines within
/// milliseconds of creating it, even on a network share.
pub const GRACE: Duration = Duration::from_secs(2);
/// How often a lock being written or taken over is looked at again meanwhile.
const POLL: Duration = Duration::from_millis(10);

/// Who holds a casebook's lock, as its lock file says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    pub user: String,
    pub host: String,
    pub pid: u32,
    pub since: DateTime<Utc>,
    /// Tells this opening from any other by the same process.
    token: String,
    /// The holder keeps an OS lock on the file while it runs, so a free OS lock means it ended.
    os_lock: bool,
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} on {} (process {}) since {}",
            self.user,
            self.host,
            self.pid,
            self.since.format("%d %b %Y %H:%M UTC")
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("The casebook is open for writing by {holder}. Close it there first, or open it read-only ({})", casebook.display())]
    Held { holder: Holder, casebook: PathBuf },
    /// Another Casedesk is writing or taking over the lock file right now: it is in use.
    #[error("Another Casedesk is taking the casebook's lock right now. Try again in a moment, or open it read-only ({})", .0.display())]
    Busy(PathBuf),
    #[error("The casebook's lock file cannot be read ({})", .0.display())]
    Unreadable(PathBuf),
    #[error("Could not lock the casebook: {error} ({})", path.display())]
    Io { path: PathBuf, error: io::Error },
}

/// The lock this process holds on a casebook; dropping it removes the lock file.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    casebook: PathBuf,
    holder: Holder,
    /// The lock file, open (with the OS lock on it, when the system has one) until the lock is
    /// dropped.
    file: File,
}

impl Lock {
    pub fn holder(&self) -> &Holder {
        &self.holder
    }

    /// The casebook this lock is for: its real path, behind any symbolic link it was opened by.
    pub fn casebook(&self) -> &Path {
        &self.casebook
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Only our own lock: one taken over meanwhile belongs to someone else now. Told by the
        // file, not by opening it again: where OS locks are POSIX record locks (`flock` on
        // NFS), closing any other descriptor of it would let the OS lock go before its time.
        // Removed while the OS lock is still held (it goes with `file`, after this).
        let ours = self.file.metadata();
        let named = std::fs::symlink_metadata(&self.path);
        if let (Ok(ours), Ok(named)) = (ours, named)
            && same_file(&ours, &named)
        {
            let _gone_already = std::fs::remove_file(&self.path);
        }
        let _unlocked_on_close = self.file.unlock();
    }
}

/// `casebook.lock` beside `casebook.ron`.
pub fn lock_path(casebook: &Path) -> PathBuf {
    parent_dir(casebook).join(format!("{}.lock", super::snapshot::stem(casebook)))
}

/// Takes the lock on `casebook` (where it really is, behind any symbolic link), taking over one
/// left by a process that has ended on this host, and waiting up to [`GRACE`] for one being
/// written or taken over by someone else.
pub fn acquire(casebook: &Path, now: DateTime<Utc>) -> Result<Lock, LockError> {
    let casebook = real_path(casebook).map_err(|error| LockError::Io {
        path: casebook.to_path_buf(),
        error,
    })?;
    let path = lock_path(&casebook);
    let io_err = |error| LockError::Io {
        path: path.clone(),
        error,
    };
    let mut holder = Holder {
        user: std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "unknown user".into()),
        host: this_host(),
        pid: std::process::id(),
        since: now,
        token: uuid::Uuid::new_v4().to_string(),
        os_lock: false,
    };
    let started = Instant::now();
    loop {
        match create_private(&path) {
            Ok(file) => {
                if let Some(file) = claim(&path, file, &mut holder, started)? {
                    return Ok(Lock {
                        path,
                        casebook,
                        holder,
                        file,
                    });
                }
                // Taken over from under us before it was ours: try again.
                continue;
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io_err(e)),
        }
        match inspect(&path, started.elapsed()).map_err(io_err)? {
            Seen::Gone => {}
            Seen::Held(other) => {
                return Err(LockError::Held {
                    holder: other,
                    casebook,
                });
            }
            Seen::Abandoned(file) => take_over(&path, &file).map_err(io_err)?,
            Seen::Busy => {
                if started.elapsed() >= GRACE {
                    return Err(LockError::Busy(path));
                }
                std::thread::sleep(POLL);
            }
        }
        // A lock that keeps vanishing and coming back (others taking turns) is in use too.
        if started.elapsed() >= 2 * GRACE {
            return Err(LockError::Busy(path));
        }
    }
}

/// Makes the lock file this process just created its own: takes the OS lock on it, checks it is
/// still the lock (an opener may have judged it abandoned in the moment before), and writes who
/// holds it. `None` when it was taken over meanwhile.
fn claim(
    path: &Path,
    file: File,
    holder: &mut Holder,
    started: Instant,
) -> Result<Option<File>, LockError> {
    let io_err = |error| LockError::Io {
        path: path.to_path_buf(),
        error,
    };
    holder.os_lock = loop {
        match file.try_lock_shared() {
            Ok(()) => break true,
            // An opener looking at it holds it for an instant.
            Err(TryLockError::WouldBlock) if started.elapsed() < GRACE => {
                std::thread::sleep(POLL);
            }
            Err(TryLockError::WouldBlock) => return Err(LockError::Busy(path.to_path_buf())),
            // No OS locks here: the lock is judged by its process alone, as before.
            Err(TryLockError::Error(_)) => break false,
        }
    };
    let ours = file.metadata().map_err(io_err)?;
    match std::fs::symlink_metadata(path) {
        Ok(named) if same_file(&ours, &named) => {}
        Ok(_) => return Ok(None),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_err(e)),
    }
    let written = (&file)
        .write_all(encode(holder).as_bytes())
        .and_then(|()| file.sync_all());
    if let Err(error) = written {
        let _ignored = std::fs::remove_file(path);
        return Err(io_err(error));
    }
    Ok(Some(file))
}

/// What an opener finds in a lock file that exists.
enum Seen {
    /// Removed meanwhile: try to create it again.
    Gone,
    /// Held by a process that runs, or may run (on another host).
    Held(Holder),
    /// Left by a process that has ended, or empty or unreadable past the grace period with
    /// nobody holding it: the file, its OS lock held exclusively by this process if the system
    /// has OS locks.
    Abandoned(File),
    /// Being written or taken over by another process: look again in a moment.
    Busy,
}

/// Whether the OS lock on a lock file is held.
#[derive(Clone, Copy, PartialEq, Eq)]
enum OsLock {
    /// Held by another process (or another opening): its holder runs.
    Held,
    /// Free; this process now holds it exclusively.
    Free,
    /// Not known: the system has no OS locks here, or the file is not ours to lock.
    Unknown,
}

/// Looks at the existing lock file `path`, `waited` after this opener first tried to create it.
fn inspect(path: &Path, waited: Duration) -> io::Result<Seen> {
    let opened = OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .or_else(|e| match e.kind() {
            // Another user's lock: readable, perhaps, but not to be locked by this one.
            io::ErrorKind::PermissionDenied => File::open(path),
            _ => Err(e),
        });
    let mut file = match opened {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Seen::Gone),
        Err(e) => return Err(e),
    };
    let os = match file.try_lock() {
        Ok(()) => OsLock::Free,
        Err(TryLockError::WouldBlock) => OsLock::Held,
        Err(TryLockError::Error(_)) => OsLock::Unknown,
    };
    let meta = file.metadata()?;
    // Holding the OS lock, make sure this still is the lock: its owner removes it before
    // letting the OS lock go.
    if os == OsLock::Free {
        match std::fs::symlink_metadata(path) {
            Ok(named) if same_file(&meta, &named) => {}
            Ok(_) => return Ok(Seen::Gone),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Seen::Gone),
            Err(e) => return Err(e),
        }
    }
    let mut text = String::new();
    let holder = file
        .read_to_string(&mut text)
        .ok()
        .and_then(|_| parse(&text));
    Ok(match (os, holder) {
        // A process holds the OS lock: the holder itself, unless the text names a process that
        // has ended, when another opener is taking it over.
        (OsLock::Held, Some(h)) if !ended_here(&h) => Seen::Held(h),
        (OsLock::Held, _) => Seen::Busy,
        (os, Some(h))
            if h.host == this_host()
                && (os == OsLock::Free && h.os_lock && !mine(&h) || ended_here(&h)) =>
        {
            Seen::Abandoned(file)
        }
        (_, Some(h)) => Seen::Held(h),
        // Empty or unreadable, and nobody holds it: being written, or left by a Casedesk
        // killed just after creating it. The file's age, or this opener's own wait, tells.
        (_, None) if waited >= GRACE || older_than_grace(&meta) => Seen::Abandoned(file),
        (_, None) => Seen::Busy,
    })
}

/// Whether the file was last written more than [`GRACE`] ago (by this computer's clock; a time
/// ahead of it is not old).
fn older_than_grace(meta: &std::fs::Metadata) -> bool {
    meta.modified()
        .ok()
        .and_then(|m| SystemTime::now().duration_since(m).ok())
        .is_some_and(|age| age >= GRACE)
}

/// Held by this process: it runs, whatever its OS lock seems to say (where OS locks are POSIX
/// record locks, this process's own never stand in its way).
fn mine(h: &Holder) -> bool {
    h.pid == std::process::id()
}

/// Held by a process on this host that no longer runs.
fn ended_here(h: &Holder) -> bool {
    h.host == this_host() && !process_alive(h.pid)
}

/// Who holds the lock on `casebook`, if anyone.
pub fn holder(casebook: &Path) -> Result<Option<Holder>, LockError> {
    match read_holder(&lock_path(casebook)) {
        Ok(h) => Ok(Some(h)),
        Err(LockError::Io { error, .. }) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn this_host() -> String {
    gethostname::gethostname().to_string_lossy().into_owned()
}

fn encode(h: &Holder) -> String {
    format!(
        "user={}\nhost={}\npid={}\nsince={}\ntoken={}\n{}",
        h.user.replace('\n', " "),
        h.host.replace('\n', " "),
        h.pid,
        h.since.to_rfc3339(),
        h.token,
        if h.os_lock { "os_lock=held\n" } else { "" }
    )
}

fn read_holder(path: &Path) -> Result<Holder, LockError> {
    let text = std::fs::read_to_string(path).map_err(|error| LockError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    parse(&text).ok_or_else(|| LockError::Unreadable(path.to_path_buf()))
}

/// The holder a lock file's text names, if it is whole.
fn parse(text: &str) -> Option<Holder> {
    let field = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
            .map(str::to_string)
    };
    Some(Holder {
        user: field("user")?,
        host: field("host")?,
        pid: field("pid")?.parse().ok()?,
        since: DateTime::parse_from_rfc3339(&field("since")?)
            .ok()?
            .to_utc(),
        token: field("token")?,
        os_lock: field("os_lock").as_deref() == Some("held"),
    })
}

#[cfg(unix)]
// Unsafe: `kill(pid, 0)`, which the standard library does not wrap.
#[allow(unsafe_code)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // Signal 0 checks the process exists without signalling it; EPERM means it exists but
    // belongs to someone else.
    // SAFETY: kill with signal 0 has no effect beyond the existence and permission check.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    // No portable check: a lock without the OS lock mark is never taken over here, only
    // reported.
    true
}

/// Removes the abandoned lock `file` (named `path` when it was judged). The rename is atomic,
/// so of several openers racing only one moves it; one that moved a fresh lock instead puts it
/// back, and the caller looks again either way.
fn take_over(path: &Path, file: &File) -> io::Result<()> {
    let aside = parent_dir(path).join(format!(
        ".{}.stale-{}",
        path.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        std::process::id()
    ));
    match std::fs::rename(path, &aside) {
        Ok(()) => {}
        // Someone else took it over first.
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    }
    if same_file(&file.metadata()?, &std::fs::symlink_metadata(&aside)?) {
        return std::fs::remove_file(&aside);
    }
    // Not the abandoned lock: put it back without replacing anything that appeared meanwhile.
    let restored = match std::fs::hard_link(&aside, path) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        other => other,
    };
    let _ignored = std::fs::remove_file(&aside);
    restored
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_file_round_trips_and_names_its_holder() {
        let mut h = Holder {
            user: "akhan".into(),
            host: "laptop-7".into(),
            pid: 4242,
            since: "2026-11-23T10:15:00Z".parse().unwrap(),
            token: "t".into(),
            os_lock: false,
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casebook.lock");
        for os_lock in [false, true] {
            h.os_lock = os_lock;
            std::fs::write(&path, encode(&h)).unwrap();
            assert_eq!(read_holder(&path).unwrap(), h);
        }
        assert_eq!(
            h.to_string(),
            "akhan on laptop-7 (process 4242) since 23 Nov 2026 10:15 UTC"
        );
        std::fs::write(&path, "garbage").unwrap();
        assert!(matches!(read_holder(&path), Err(LockError::Unreadable(_))));
    }
}
