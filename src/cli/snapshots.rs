//! `casedesk snapshots FILE`: the casebook's snapshots, newest first, with when each was taken,
//! its size on disk and how many cases it holds (a damaged one is named as such); with
//! `--keep-*`, this computer's rule for which snapshots are kept.

use super::Env;
use crate::export::printable::printable;
use crate::store::{self, INSTALLATION_DIR_VARIABLE, Key, Retention, SnapshotInfo};
use anyhow::{Context, Result};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// Keep every save of the last day, up to this many (this computer's rule, for every
    /// casebook; applied from the next save).
    #[arg(long, value_name = "SAVES")]
    pub keep_last_day: Option<u32>,
    /// Then keep the last snapshot of each day for this many days.
    #[arg(long, value_name = "DAYS")]
    pub keep_days: Option<u32>,
    /// Then keep the last snapshot of each month for this many months.
    #[arg(long, value_name = "MONTHS")]
    pub keep_months: Option<u32>,
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let dir = env.var_os(INSTALLATION_DIR_VARIABLE).map(PathBuf::from);
    let mut rule = env.retention_rule()?;
    let changes = [
        (args.keep_last_day, &mut rule.last_day),
        (args.keep_days, &mut rule.days),
        (args.keep_months, &mut rule.months),
    ];
    let mut changed = false;
    for (asked, value) in changes {
        if let Some(asked) = asked {
            *value = asked;
            changed = true;
        }
    }
    if changed {
        keep_rule(dir.as_deref(), &rule)?;
        writeln!(out, "Snapshots kept from the next save: {rule}")?;
    }
    let listed = store::list_snapshots(&args.file)
        .with_context(|| format!("listing the snapshots of {}", args.file.display()))?;
    if listed.is_empty() {
        writeln!(
            out,
            "No snapshots of {} yet: one is kept each time it is saved over.",
            args.file.display()
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let key = key_of(&listed, env)?;
    writeln!(
        out,
        "{:>6}  {:<23}  {:>10}  cases",
        "#", "taken (UTC)", "size"
    )?;
    for snap in &listed {
        let cases = match store::load_with(&snap.path, key.as_ref()) {
            Ok(book) => book.cases().len().to_string(),
            Err(e) => format!("cannot be opened: {}", printable(&e.to_string())),
        };
        writeln!(
            out,
            "{:>6}  {:<23}  {:>10}  {cases}",
            name(snap),
            snap.taken_at.format("%Y-%m-%d %H:%M:%S%.3f"),
            crate::count::bytes(snap.bytes),
        )?;
    }
    if !changed {
        writeln!(out, "Kept: {rule}.")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// How a snapshot is named on this list and to `casedesk restore`: its sequence number, or its
/// file name when it was taken before numbers.
pub(super) fn name(snap: &SnapshotInfo) -> String {
    match snap.sequence {
        Some(n) => n.to_string(),
        None => snap
            .path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
    }
}

/// The passphrase the snapshots need, asked for once when any of them is encrypted.
fn key_of(listed: &[SnapshotInfo], env: &mut Env) -> Result<Option<Key>> {
    let encrypted = listed.iter().any(|s| store::file_is_encrypted(&s.path));
    if !encrypted {
        return Ok(None);
    }
    let passphrase = env.passphrase("CASEDESK_PASSPHRASE", "Passphrase: ")?;
    Ok(Some(env.key_for(passphrase)))
}

/// Keeps `rule` as this computer's, in `dir` (the installation's folder given to this run) or
/// where the installation is kept.
fn keep_rule(dir: Option<&std::path::Path>, rule: &Retention) -> Result<()> {
    match dir {
        Some(dir) => store::set_retention_rule_in(dir, rule)?,
        None => store::set_retention_rule(rule)?,
    }
    Ok(())
}
