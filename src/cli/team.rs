//! `casedesk team-folder FILE [FOLDER | --clear]`, and the save every writing subcommand makes:
//! the casebook first, then this installation's copy in its team folder, as the window does,
//! and only from the casebook bound to that folder here.

use super::Env;
use super::casebook::{open_for_writing, open_with_key};
use super::merge::{PreferArg, merge_copy};
use crate::domain::{Casebook, Command, Settings};
use crate::export::printable::one_line;
use crate::store::team::{Shared, is_own_conflict_copy, remove_if_merged};
use crate::store::{self, Key};
use anyhow::{Context, Result, bail};
use chrono::{DateTime, Local, Utc};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicUsize;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The shared folder to write your copy to (a synced or network folder).
    pub folder: Option<PathBuf>,
    /// Stop writing a copy to the team folder.
    #[arg(long)]
    pub clear: bool,
    /// Merge every copy in the team folder (colleagues', your other computers', sync
    /// conflict copies of yours) into FILE, one after another, as `merge` does.
    #[arg(long, conflicts_with_all = ["folder", "clear"])]
    pub merge: bool,
    /// With --merge: which side wins a conflict.
    #[arg(long, value_enum, default_value = "none", requires = "merge")]
    pub prefer: PreferArg,
    /// Your name, which your copy is named after (kept on this computer for every casebook,
    /// and in the casebook's settings).
    #[arg(long)]
    pub officer: Option<String>,
    /// Your agency, also in your copy's name.
    #[arg(long)]
    pub agency: Option<String>,
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    if args.merge {
        merge_all(&args.file, args.prefer, env, out)
    } else {
        set(args, env, out)
    }
}

/// Saves `book` to `file`, then writes this installation's copy into the team folder, if set
/// and `file` is the casebook bound to it. A team folder out of reach is a warning on stderr:
/// the casebook is saved either way.
pub fn save_shared(
    file: &Path,
    book: &Casebook,
    now: DateTime<Utc>,
    key: Option<&Key>,
    env: &mut Env,
) -> Result<()> {
    let settling = store::save_settling(file, book, now, key, &AtomicUsize::new(0))?;
    share_or_warn(file, book, now, key, env);
    settling.finish(env.retention_rule().ok().as_ref());
    Ok(())
}

/// Writes this installation's copy into the team folder, if set and `file` is bound to it, or
/// says on stderr why it could not.
pub fn share_or_warn(
    file: &Path,
    book: &Casebook,
    now: DateTime<Utc>,
    key: Option<&Key>,
    env: &mut Env,
) {
    let shared = store::team::share(book, file, &mut env.installation(), now, key);
    warn_unshared(file, shared, env);
}

fn warn_unshared(file: &Path, shared: Option<Result<Shared, store::SaveError>>, env: &mut Env) {
    match shared {
        Some(Err(e)) => env.note(format_args!(
            "warning: saved, but not to the team folder: {e}"
        )),
        Some(Ok(shared)) => {
            if let Some(why) = shared.not_written(file) {
                env.note(format_args!(
                    "warning: saved, but not to the team folder: {why} (`casedesk team-folder {} FOLDER`)",
                    file.display()
                ));
            }
        }
        None => {}
    }
}

/// After THEIRS was merged into the casebook at `target` (or brought nothing to it): removes
/// THEIRS when it is a sync engine's conflict copy of this installation's own copy and
/// everything in it is in `book`, as saved.
pub fn remove_merged_conflict_copy(
    target: &Path,
    book: &Casebook,
    theirs: &Path,
    key: Option<&Key>,
    env: &mut Env,
    out: &mut impl Write,
) -> Result<()> {
    let installation = env.installation();
    let settings = &book.settings;
    let bound = settings
        .team_folder
        .as_deref()
        .is_some_and(|folder| installation.is_bound(folder, target));
    if !bound || !is_own_conflict_copy(theirs, settings, &installation) {
        return Ok(());
    }
    match remove_if_merged(theirs, book, key) {
        Ok(true) => writeln!(
            out,
            "Removed {}: it was a sync conflict copy of your copy, and everything in it is in {}.",
            theirs.display(),
            target.display()
        )?,
        Ok(false) => {}
        Err(e) => env.note(format_args!(
            "warning: the sync conflict copy {} is merged but could not be removed: {e}",
            theirs.display()
        )),
    }
    Ok(())
}

/// Merges into `file` every copy in its team folder that this installation reads (colleagues',
/// the officer's other computers', sync conflict copies of its own), one after another through
/// `casedesk merge`, which passes over those whose heads say they bring nothing. Stops at the
/// first that cannot be merged (a conflict without --prefer): nothing of it is written.
fn merge_all(
    file: &Path,
    prefer: PreferArg,
    env: &mut Env,
    out: &mut impl Write,
) -> Result<ExitCode> {
    // The settings from the head alone when it can be trusted: the casebook is read whole only
    // by the merges that need it.
    let settings = match store::read_head(file, None) {
        Ok(Some(head)) => head.settings,
        _ => open_with_key(file, env)?.0.settings,
    };
    let Some(folder) = &settings.team_folder else {
        bail!(
            "{} has no team folder: set one with `casedesk team-folder FILE FOLDER`",
            file.display()
        );
    };
    let copies = store::team::team_copies(folder, &settings, &env.installation(), &[file])
        .with_context(|| format!("reading the team folder {}", folder.display()))?;
    for copy in copies {
        let code = merge_copy(file, &copy.path, None, prefer, env, out)?;
        if code != ExitCode::SUCCESS {
            return Ok(code);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Shows, sets or clears the casebook's team folder. Setting it binds this casebook to the
/// folder on this computer (its copy is written from here, and from no other casebook) and
/// writes the copy at once.
fn set(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let Args {
        file,
        folder,
        clear,
        officer,
        agency,
        ..
    } = args;
    let file = file.as_path();
    if folder.is_none() && !clear {
        let (book, _) = open_with_key(file, env)?;
        let installation = env.installation();
        // The folder is the file's to say: no control character of it reaches the terminal.
        let shown = |f: &Path| one_line(&f.display().to_string()).into_owned();
        match &book.settings.team_folder {
            Some(f) if installation.is_bound(f, file) => writeln!(
                out,
                "{}: this casebook's copy there is {}",
                shown(f),
                store::team::own_copy_name(&book.settings, &installation)
            ),
            Some(f) => writeln!(
                out,
                "{}: but this casebook's copy is not written there from this computer ({})",
                shown(f),
                installation.bound_casebook(f).map_or_else(
                    || "no casebook is bound to it here".to_string(),
                    |b| format!("{} is bound to it here", b.display())
                )
            ),
            None => writeln!(out, "No team folder"),
        }?;
        return Ok(ExitCode::SUCCESS);
    }
    let team_folder = match folder.as_deref() {
        Some(_) if clear => bail!("Give a folder or --clear, not both"),
        Some(f) if !f.is_dir() => bail!("There is no folder {}", f.display()),
        Some(f) => Some(std::path::absolute(f)?),
        None => None,
    };
    let (mut book, key, held) = open_for_writing(file, env)?;
    let officer_given = officer.is_some() || agency.is_some();
    let settings = Settings {
        officer_name: officer.unwrap_or_else(|| book.settings.officer_name.clone()),
        officer_agency: agency.unwrap_or_else(|| book.settings.officer_agency.clone()),
        team_folder: team_folder.clone(),
        ..book.settings.clone()
    };
    if let Some(problem) = settings.team_folder_problem() {
        bail!("{problem} (--officer)");
    }
    let now = Local::now().fixed_offset();
    held.apply(&mut book, Command::UpdateSettings(Box::new(settings)), now)?;
    let mut installation = env.installation();
    // The name a copy carries is who works on this computer, in every casebook.
    if officer_given {
        installation
            .set_officer(store::Officer {
                name: book.settings.officer_name.clone(),
                agency: book.settings.officer_agency.clone(),
            })
            .context("keeping your name on this computer")?;
    }
    match &team_folder {
        Some(f) => installation
            .bind(f, file)
            .context("binding this casebook to the team folder")?,
        None => installation
            .unbind(file)
            .context("unbinding this casebook from the team folder")?,
    }
    held.save_only(file, &book, now.to_utc(), key.as_ref(), env)?;
    let shared = store::team::share(&book, file, &mut installation, now.to_utc(), key.as_ref());
    warn_unshared(file, shared, env);
    match team_folder {
        Some(f) => writeln!(
            out,
            "Team folder {}: this casebook's copy is {}, written on each save from this computer",
            f.display(),
            store::team::own_copy_name(&book.settings, &installation)
        ),
        None => writeln!(out, "No team folder"),
    }?;
    Ok(ExitCode::SUCCESS)
}
