//! `casedesk merge OURS THEIRS`: brings another officer's copy of the casebook into ours,
//! through the same domain merge and the same single command as the window.

use super::casebook::{open_for_writing, open_with_key};
use super::{Env, output, team};
use crate::count::count;
use crate::domain::check::check_casebook;
use crate::domain::merge::{MergeResult, Side, merge, renumbering};
use crate::domain::{Casebook, Ctx, RandomIds};
use crate::export::printable::printable;
use crate::store::{self, Key, LoadError};
use anyhow::{Context, Result, bail};
use chrono::{Local, Utc};
use clap::ValueEnum;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Which side wins the conflicts, if any is to.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum PreferArg {
    Ours,
    Theirs,
    /// Write nothing while a conflict needs a choice.
    #[default]
    None,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Your casebook, which the merge updates unless --output is given.
    pub ours: PathBuf,
    /// The other copy (a colleague's, or yours from another computer); only read.
    pub theirs: PathBuf,
    /// Write the merged casebook here instead of updating OURS.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Which side wins a conflict; none writes nothing while one remains.
    #[arg(long, value_enum, default_value = "none")]
    pub prefer: PreferArg,
    /// Replace OUT if it exists (the file replaced is kept as a snapshot).
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let (ours, theirs) = (args.ours.as_path(), args.theirs.as_path());
    let output = args
        .output
        .map(|o| output::casebook(&o, &[ours, theirs], args.force))
        .transpose()?;
    merge_copy(ours, theirs, output.as_deref(), args.prefer, env, out)
}

/// Merges THEIRS into OURS, or into `output` (a path already allowed).
pub fn merge_copy(
    ours: &Path,
    theirs: &Path,
    output: Option<&Path>,
    prefer: PreferArg,
    env: &mut Env,
    out: &mut impl Write,
) -> Result<ExitCode> {
    // Nothing new, as both files' heads say: neither is read whole (`store::team`). With -o,
    // OUT must still hold the result, so both are read.
    if output.is_none() && store::team::brings_nothing(ours, theirs, &env.installation()).is_some()
    {
        writeln!(
            out,
            "Nothing to merge: {} brings nothing new (everything in it is in {}).",
            theirs.display(),
            ours.display()
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    // Writing over OURS takes its lock and refuses a casebook with problems, like every writing
    // subcommand; writing elsewhere takes the output's lock and leaves OURS untouched.
    // A merge into OURS is journaled; OUT is a new file, written whole.
    let _out_lock;
    let (book, key, held) = match output {
        None => {
            let (book, key, held) = open_for_writing(ours, env)?;
            (book, key, Some(held))
        }
        Some(target) => {
            _out_lock = store::lock::acquire(target, Utc::now())?;
            let (book, key) = open_with_key(ours, env)?;
            (book, key, None)
        }
    };
    let (other, their_key) = open_theirs(theirs, key.as_ref(), env)?;
    let result = merge(&book, &other);
    let now = Local::now().fixed_offset();
    // A colleague's copy may carry escape sequences.
    write!(out, "{}", printable(&summary(&result, theirs)))?;
    if let Some(warning) = result.clock_warning(now.to_utc()) {
        writeln!(out, "{warning}")?;
    }
    let mut merged = book;
    if result.is_empty() {
        writeln!(
            out,
            "Nothing to merge: {} brings nothing new.",
            theirs.display()
        )?;
        // OURS already holds the result; OUT must hold it too, or scripts that read OUT break.
        if output.is_none() {
            team::remove_merged_conflict_copy(ours, &merged, theirs, key.as_ref(), env, out)?;
            return Ok(ExitCode::SUCCESS);
        }
    } else {
        let side = match prefer {
            PreferArg::Ours => Side::Ours,
            PreferArg::Theirs => Side::Theirs,
            PreferArg::None if result.conflicts.is_empty() => Side::Ours,
            PreferArg::None => {
                env.note(format_args!(
                    "Nothing was written: {} a choice. Merge in the window (File → Merge from another casebook…) or run again with --prefer ours or --prefer theirs.",
                    count(result.conflicts.len(), "conflict needs", "conflicts need")
                ));
                return Ok(ExitCode::FAILURE);
            }
        };
        let choices: HashMap<_, _> = result
            .conflicts
            .iter()
            .map(|c| (c.subject.clone(), side))
            .collect();
        let mut ctx = Ctx {
            now,
            ids: &mut RandomIds,
        };
        let resolved = result.resolve(&choices, &mut ctx)?;
        match &held {
            Some(held) => held.apply(&mut merged, resolved, now)?,
            None => merged.apply(resolved, &mut ctx)?,
        };
    }
    let problems = check_casebook(&merged, now.date_naive());
    if let Some(first) = problems.first() {
        bail!(
            "The merged casebook would have {}, so nothing was written; the first: {first}",
            count(problems.len(), "problem", "problems")
        );
    }
    let target = output.unwrap_or(ours);
    // The files first: a casebook saved recording attachments has their bytes beside it.
    let mut sources = vec![(theirs, their_key.as_ref())];
    if output.is_some() {
        sources.insert(0, (ours, key.as_ref()));
    }
    carry_attachments(&sources, target, key.as_ref(), &merged, env, out)?;
    match &held {
        Some(held) => held.save(target, &merged, now.to_utc(), key.as_ref(), env)?,
        None => team::save_shared(target, &merged, now.to_utc(), key.as_ref(), env)?,
    }
    writeln!(out, "Merged into {}", target.display())?;
    team::remove_merged_conflict_copy(target, &merged, theirs, key.as_ref(), env, out)?;
    Ok(ExitCode::SUCCESS)
}

/// THEIRS, read only. An encrypted copy is tried with our passphrase first (a team usually
/// shares one), then with CASEDESK_THEIRS_PASSPHRASE or a prompt.
/// Returns the key it opened with too, which opens their attachments.
fn open_theirs(
    path: &Path,
    our_key: Option<&Key>,
    env: &mut Env,
) -> Result<(Casebook, Option<Key>)> {
    match store::load(path) {
        Err(LoadError::NeedsPassphrase { .. }) => {
            if let Some(key) = our_key
                && let Ok(book) = store::load_with(path, Some(key))
            {
                return Ok((book, Some(key.clone())));
            }
            let prompt = format!("Passphrase of {}: ", path.display());
            let passphrase = env.passphrase("CASEDESK_THEIRS_PASSPHRASE", &prompt)?;
            let key = env.key_for(passphrase);
            Ok((store::load_with(path, Some(&key))?, Some(key)))
        }
        loaded => Ok((loaded?, None)),
    }
}

/// Brings into the attachments folder of `target` the files the merged casebook records
/// that it lacks, from THEIRS' folder, and from OURS' when the merge is written elsewhere;
/// each checked against its hash. Files neither holds are said (a colleague who never
/// shared them).
fn carry_attachments(
    sources: &[(&Path, Option<&Key>)],
    target: &Path,
    key: Option<&Key>,
    merged: &Casebook,
    env: &mut Env,
    out: &mut impl Write,
) -> Result<()> {
    let mut copied = 0;
    let mut missing = Vec::new();
    for (source, their_key) in sources {
        let carried = store::attachments::carry(source, *their_key, target, key, merged)
            .with_context(|| format!("bringing the attachments of {}", source.display()))?;
        copied += carried.copied;
        missing = carried.missing;
    }
    if copied > 0 {
        writeln!(
            out,
            "Brought {} the merged cases hold",
            count(copied, "attachment", "attachments")
        )?;
    }
    if !missing.is_empty() {
        env.note(printable(&format!(
            "warning: {} no copy holds the file of: {}",
            count(missing.len(), "attachment is", "attachments are"),
            missing.join(", ")
        )));
    }
    Ok(())
}

/// What a merge brings, and its conflicts.
fn summary(result: &MergeResult, theirs: &Path) -> String {
    let mut out = String::new();
    let s = &result.summary;
    writeln!(out, "From {}:", theirs.display()).ok();
    writeln!(
        out,
        "  {}{}",
        count(s.added_cases.len(), "new case", "new cases"),
        listed(&s.added_cases)
    )
    .ok();
    writeln!(
        out,
        "  {}{}",
        count(s.updated_cases.len(), "updated case", "updated cases"),
        listed(&s.updated_cases)
    )
    .ok();
    writeln!(
        out,
        "  {}, {}",
        count(s.new_events, "new event", "new events"),
        count(s.added_people, "new person", "new people")
    )
    .ok();
    for (old, new) in &s.renumbered {
        writeln!(out, "  {}", renumbering(old, new)).ok();
    }
    for d in &result.duplicates {
        writeln!(
            out,
            "  Possibly the same person under two ids: {} and {} ({})",
            d.theirs, d.ours, d.reason
        )
        .ok();
    }
    if result.conflicts.is_empty() {
        writeln!(out, "No conflicts.").ok();
        return out;
    }
    writeln!(
        out,
        "{}:",
        count(result.conflicts.len(), "conflict", "conflicts")
    )
    .ok();
    for c in &result.conflicts {
        writeln!(out, "  {} {}", c.record, c.what).ok();
        writeln!(
            out,
            "    ours:   {}  [{}]",
            c.ours.shown,
            c.ours.who_and_when()
        )
        .ok();
        writeln!(
            out,
            "    theirs: {}  [{}]",
            c.theirs.shown,
            c.theirs.who_and_when()
        )
        .ok();
    }
    out
}

fn listed(items: &[String]) -> String {
    if items.is_empty() {
        String::new()
    } else {
        format!(": {}", items.join(", "))
    }
}
