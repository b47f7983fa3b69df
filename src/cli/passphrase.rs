//! `casedesk passphrase FILE [--remove]`: sets, changes or removes a casebook's passphrase, its
//! snapshots and its team copy included.

use super::casebook::open_for_writing;
use super::{Env, team};
use crate::store;
use anyhow::{Result, bail};
use chrono::Utc;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Where the new passphrase comes from, if not asked for (twice).
const NEW: &str = "CASEDESK_NEW_PASSPHRASE";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// Remove the encryption instead.
    #[arg(long)]
    pub remove: bool,
}

pub fn run(Args { file, remove }: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let (book, key, held) = open_for_writing(&file, env)?;
    let new = if remove {
        None
    } else {
        let first = env.passphrase(NEW, "New passphrase: ")?;
        if env.var_os(NEW).is_none() && env.passphrase(NEW, "Repeat it: ")? != first {
            bail!("The two passphrases differ; nothing was changed");
        }
        Some(env.key_for(first))
    };
    let journal = held.journal();
    let (left, settling) = store::change_passphrase(
        &file,
        &book,
        Utc::now(),
        key.as_ref(),
        new.as_ref(),
        Some((journal, journal.last_seq())),
    )?;
    held.settle_later(settling, env);
    // The copy in the team folder takes the new passphrase (or none) too.
    team::share_or_warn(&file, &book, Utc::now(), new.as_ref(), env);
    writeln!(
        out,
        "{} {}",
        file.display(),
        if new.is_some() {
            "is encrypted with the new passphrase"
        } else {
            "is no longer encrypted"
        }
    )?;
    if left > 0 {
        env.note(format_args!(
            "{} an earlier passphrase",
            crate::count::count(left, "older snapshot keeps", "older snapshots keep")
        ));
    }
    Ok(ExitCode::SUCCESS)
}
