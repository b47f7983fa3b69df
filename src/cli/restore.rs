//! `casedesk restore FILE SNAPSHOT`: puts a snapshot back as the casebook, atomically, after
//! keeping the current version as a snapshot. Under the casebook's lock; nothing changes when
//! the snapshot is not there, does not open whole, or the passphrase is wrong. The current
//! casebook need not open: putting back a good version is how a damaged one is mended.

use super::Env;
use super::snapshots::name;
use crate::export::printable::printable;
use crate::store::{self, Key, LoadError, RestoreError};
use anyhow::{Result, bail};
use chrono::Utc;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The snapshot's number as `casedesk snapshots` lists it, or its file name.
    pub snapshot: String,
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let file = &args.file;
    let lock = store::lock::acquire(file, Utc::now())?;
    let listed = store::list_snapshots(file)?;
    let wanted = args.snapshot.trim();
    let Some(snap) = listed.iter().find(|s| {
        name(s) == wanted
            || s.path
                .file_name()
                .is_some_and(|n| n.to_string_lossy() == wanted)
    }) else {
        bail!(
            "{} has no snapshot {} (`casedesk snapshots {}` lists them); nothing was changed",
            file.display(),
            printable(wanted),
            file.display()
        );
    };
    // Restoring would leave the journal's unsaved changes extending a version that is gone.
    let journal = store::journal::journal_path(file);
    if journal.exists() {
        bail!(
            "{} holds changes not yet saved to {}: open the casebook (the window, or any writing subcommand, applies and saves them) or remove the journal to drop them, then restore; nothing was changed",
            journal.display(),
            file.display()
        );
    }
    let key = key_for_casebook(file, &snap.path, env)?;
    store::tidy(&lock, key.as_ref(), &[])?;
    let (book, settling) = match store::restore_snapshot(file, &snap.path, Utc::now(), key.as_ref())
    {
        Ok(restored) => restored,
        Err(RestoreError::Load(LoadError::WrongPassphrase { .. })) => {
            bail!(
                "Wrong passphrase for snapshot {}: nothing was changed",
                name(snap)
            )
        }
        Err(RestoreError::Load(e)) => bail!(
            "Snapshot {} is damaged and was not restored; nothing was changed: {}",
            name(snap),
            printable(&e.to_string())
        ),
        Err(e @ RestoreError::Save(_)) => return Err(e.into()),
    };
    writeln!(
        out,
        "Restored {} from snapshot {} (taken {}, {}); the version it replaced is kept as the newest snapshot",
        file.display(),
        name(snap),
        snap.taken_at.format("%Y-%m-%d %H:%M:%S UTC"),
        crate::count::count(book.cases().len(), "case", "cases")
    )?;
    // Said first, then the version it replaced compressed, still under the lock.
    settling.finish(env.retention_rule().ok().as_ref());
    drop(lock);
    Ok(ExitCode::SUCCESS)
}

/// The passphrase the restore is written with: the casebook's, checked against the casebook
/// where it can still be decrypted; or, for a plain casebook, the snapshot's when it is
/// encrypted (it opens with it, and is written as it is, encrypted).
fn key_for_casebook(file: &Path, snapshot: &Path, env: &mut Env) -> Result<Option<Key>> {
    let encrypted = store::file_is_encrypted(file);
    if !encrypted && !store::file_is_encrypted(snapshot) {
        return Ok(None);
    }
    let passphrase = env.passphrase("CASEDESK_PASSPHRASE", "Passphrase: ")?;
    let key = env.key_for(passphrase);
    if encrypted && let Err(LoadError::WrongPassphrase { .. }) = store::open(file, Some(&key)) {
        bail!(
            "Wrong passphrase: it does not open {}; nothing was changed",
            file.display()
        );
    }
    Ok(Some(key))
}
