//! The casebook a subcommand works on: opened to read, or locked, tidied and checked to
//! write; a case found in it by reference; commands recorded in it all or nothing.

use super::{Env, leftovers, team};
use crate::domain::{Case, Casebook, Command, Ctx, RandomIds, check::check_casebook};
use crate::export::ExportMeta;
use crate::store::{self, Key, LoadError};
use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, FixedOffset, Local, Utc};
use std::path::Path;

pub fn open(file: &Path, env: &mut Env) -> Result<Casebook> {
    open_with_key(file, env).map(|(book, _)| book)
}

/// Loads a casebook, asking for its passphrase when it is encrypted; returns the key too.
pub fn open_with_key(file: &Path, env: &mut Env) -> Result<(Casebook, Option<Key>)> {
    let (mut book, key) = match store::load(file) {
        Err(LoadError::NeedsPassphrase { .. }) => {
            let passphrase = env.passphrase("CASEDESK_PASSPHRASE", "Passphrase: ")?;
            let key = env.key_for(passphrase);
            (store::load_with(file, Some(&key))?, Some(key))
        }
        loaded => (loaded?, None),
    };
    // Its changes are stamped as made on this computer.
    book.set_installation(env.installation().id);
    Ok((book, key))
}

/// Takes the casebook's lock and loads it, refusing one with problems: like the window, the
/// command line never writes over a casebook that breaks the rules.
pub fn open_for_writing(
    file: &Path,
    env: &mut Env,
) -> Result<(Casebook, Option<Key>, store::lock::Lock)> {
    let lock = store::lock::acquire(file, Utc::now())?;
    let (book, key) = open_with_key(file, env)?;
    leftovers::tidy(&lock, key.as_ref(), &book, env);
    let problems = check_casebook(&book, Local::now().date_naive()).len();
    if problems > 0 {
        bail!(
            "This casebook has {problems} problem(s), so it is not changed: `casedesk check {}` lists them; the window can open it read-only or repair it",
            file.display()
        );
    }
    Ok((book, key, lock))
}

pub fn find_case<'a>(book: &'a Casebook, reference: &str) -> Result<&'a Case> {
    book.case_by_reference(reference)
        .ok_or_else(|| anyhow!("No case with reference {reference}"))
}

/// Applies the commands all or nothing, then saves; returns how many were applied.
pub fn record(
    book: &mut Casebook,
    file: &Path,
    key: Option<&Key>,
    commands: Vec<Command>,
    now: DateTime<FixedOffset>,
    env: &mut Env,
) -> Result<usize> {
    if commands.is_empty() {
        return Ok(0);
    }
    let mut changed = book.clone();
    let mut ids = RandomIds;
    let count = commands.len();
    for command in commands {
        changed.apply(command, &mut Ctx { now, ids: &mut ids })?;
    }
    // The team copy too, as every writing subcommand does.
    team::save_shared(file, &changed, now.to_utc(), key, env)?;
    *book = changed;
    Ok(count)
}

/// What an export or a report says of itself: when, by which Casedesk, for whom.
pub fn export_meta(now: DateTime<FixedOffset>, recipient: &str) -> ExportMeta {
    ExportMeta {
        exported_at: now,
        app_version: crate::build_info::LONG_VERSION.into(),
        recipient: recipient.trim().to_string(),
    }
}
