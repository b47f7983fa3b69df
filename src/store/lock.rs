//! One writer per casebook: a lock file beside it (`casebook.lock`) saying who holds it (user,
//! host, process, since when), created with O_EXCL so only one opener can win.
//!
//! A lock file rather than an OS advisory lock: `flock`/`fcntl` locks are unreliable on the
//! network and synced drives casebooks sit on, and they cannot say who holds them, which the
//! second opener must be told. The cost is a lock left behind by a crash; one left by a
//! process that no longer runs on this host is recognised and taken over. One from another
//! host is never taken over: its process cannot be checked from here.

use super::fsutil::{create_private, parent_dir};
use super::save::remove_leftover_temps;
use chrono::{DateTime, Utc};
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Who holds a casebook's lock, as its lock file says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    pub user: String,
    pub host: String,
    pub pid: u32,
    pub since: DateTime<Utc>,
    /// Tells this opening from any other by the same process.
    token: String,
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
    #[error("The casebook's lock file cannot be read; if no Casedesk has this casebook open, delete it ({})", .0.display())]
    Unreadable(PathBuf),
    #[error("Could not lock the casebook: {error} ({})", path.display())]
    Io { path: PathBuf, error: io::Error },
}

/// The lock this process holds on a casebook; dropping it removes the lock file.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    holder: Holder,
}

impl Lock {
    pub fn holder(&self) -> &Holder {
        &self.holder
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Only our own lock: one taken over meanwhile belongs to someone else now.
        if read_holder(&self.path).is_ok_and(|h| h == self.holder) {
            let _gone_already = std::fs::remove_file(&self.path);
        }
    }
}

/// `casebook.lock` beside `casebook.ron`.
pub fn lock_path(casebook: &Path) -> PathBuf {
    parent_dir(casebook).join(format!("{}.lock", super::snapshot::stem(casebook)))
}

/// Takes the lock on `casebook`, taking over a stale one left by a dead process on this host.
pub fn acquire(casebook: &Path, now: DateTime<Utc>) -> Result<Lock, LockError> {
    let path = lock_path(casebook);
    let io_err = |error| LockError::Io {
        path: path.clone(),
        error,
    };
    let holder = Holder {
        user: std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "unknown user".into()),
        host: this_host(),
        pid: std::process::id(),
        since: now,
        token: uuid::Uuid::new_v4().to_string(),
    };
    // Twice at most: a stale lock taken over is gone before the second try.
    for _ in 0..2 {
        match create_private(&path) {
            Ok(mut file) => {
                let written = file
                    .write_all(encode(&holder).as_bytes())
                    .and_then(|()| file.sync_all());
                if let Err(error) = written {
                    let _ignored = std::fs::remove_file(&path);
                    return Err(io_err(error));
                }
                // Best effort: a leftover only costs disk space, and is never read as a
                // casebook (the crash test checks that).
                let _kept = remove_leftover_temps(casebook);
                return Ok(Lock { path, holder });
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let other = read_holder(&path)?;
                if !is_stale(&other) || !take_over(&path, &other)? {
                    return Err(held(other, casebook));
                }
            }
            Err(e) => return Err(io_err(e)),
        }
    }
    Err(held(read_holder(&path)?, casebook))
}

fn held(holder: Holder, casebook: &Path) -> LockError {
    LockError::Held {
        holder,
        casebook: casebook.to_path_buf(),
    }
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
        "user={}\nhost={}\npid={}\nsince={}\ntoken={}\n",
        h.user.replace('\n', " "),
        h.host.replace('\n', " "),
        h.pid,
        h.since.to_rfc3339(),
        h.token
    )
}

fn read_holder(path: &Path) -> Result<Holder, LockError> {
    let text = std::fs::read_to_string(path).map_err(|error| LockError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    let field = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
            .map(str::to_string)
    };
    (|| {
        Some(Holder {
            user: field("user")?,
            host: field("host")?,
            pid: field("pid")?.parse().ok()?,
            since: DateTime::parse_from_rfc3339(&field("since")?)
                .ok()?
                .to_utc(),
            token: field("token")?,
        })
    })()
    .ok_or_else(|| LockError::Unreadable(path.to_path_buf()))
}

/// Held by a process on this host that no longer runs.
fn is_stale(h: &Holder) -> bool {
    h.host == this_host() && !process_alive(h.pid)
}

#[cfg(unix)]
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
    // No portable check: a lock is never taken over here, only reported.
    true
}

/// Removes the stale lock `stale`, unless another opener took it over first. The rename is
/// atomic, so of several openers racing only one moves the stale file; one that moved a fresh
/// lock instead puts it back.
fn take_over(path: &Path, stale: &Holder) -> Result<bool, LockError> {
    let aside = parent_dir(path).join(format!(
        ".{}.stale-{}",
        path.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        std::process::id()
    ));
    let io_err = |error| LockError::Io {
        path: path.to_path_buf(),
        error,
    };
    match std::fs::rename(path, &aside) {
        Ok(()) => {}
        // Someone else took it over first: try again from the start.
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(true),
        Err(e) => return Err(io_err(e)),
    }
    if read_holder(&aside).is_ok_and(|h| h == *stale) {
        std::fs::remove_file(&aside).map_err(io_err)?;
        return Ok(true);
    }
    // Not the stale lock: put it back without replacing anything that appeared meanwhile.
    let restored = std::fs::hard_link(&aside, path);
    let _ignored = std::fs::remove_file(&aside);
    restored.map_err(io_err)?;
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_file_round_trips_and_names_its_holder() {
        let h = Holder {
            user: "akhan".into(),
            host: "laptop-7".into(),
            pid: 4242,
            since: "2026-11-23T10:15:00Z".parse().unwrap(),
            token: "t".into(),
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casebook.lock");
        std::fs::write(&path, encode(&h)).unwrap();
        assert_eq!(read_holder(&path).unwrap(), h);
        assert_eq!(
            h.to_string(),
            "akhan on laptop-7 (process 4242) since 23 Nov 2026 10:15 UTC"
        );
        std::fs::write(&path, "garbage").unwrap();
        assert!(matches!(read_holder(&path), Err(LockError::Unreadable(_))));
    }
}
