//! `casedesk team-folder FILE [FOLDER | --clear]`, and the save every writing subcommand makes:
//! the casebook first, then this installation's copy in its team folder, as the window does,
//! and only from the casebook bound to that folder here.

use super::open_for_writing;
use crate::domain::{Casebook, Command, Ctx, RandomIds, Settings};
use crate::store::team::{Shared, is_own_conflict_copy, remove_if_merged};
use crate::store::{self, Installation, Key};
use anyhow::{Context, Result, bail};
use chrono::{DateTime, Local, Utc};
use std::path::Path;
use std::process::ExitCode;
use std::sync::OnceLock;

/// This installation, read once per run; one that cannot be kept is said once, and the run
/// goes on with an id of its own that binds no team folder.
pub fn installation() -> Installation {
    static CURRENT: OnceLock<Installation> = OnceLock::new();
    CURRENT
        .get_or_init(|| {
            Installation::current().unwrap_or_else(|e| {
                eprintln!("warning: {e}; no copy is written to a team folder");
                Installation::passing()
            })
        })
        .clone()
}

/// Saves `book` to `file`, then writes this installation's copy into the team folder, if set
/// and `file` is the casebook bound to it. A team folder out of reach is a warning on stderr:
/// the casebook is saved either way.
pub fn save_shared(
    file: &Path,
    book: &Casebook,
    now: DateTime<Utc>,
    key: Option<&Key>,
) -> Result<()> {
    store::save_with(file, book, now, key)?;
    share_or_warn(file, book, now, key);
    Ok(())
}

/// Writes this installation's copy into the team folder, if set and `file` is bound to it, or
/// says on stderr why it could not.
pub fn share_or_warn(file: &Path, book: &Casebook, now: DateTime<Utc>, key: Option<&Key>) {
    warn_unshared(
        file,
        store::team::share(book, file, &mut installation(), now, key),
    );
}

fn warn_unshared(file: &Path, shared: Option<Result<Shared, store::SaveError>>) {
    match shared {
        Some(Err(e)) => eprintln!("warning: saved, but not to the team folder: {e}"),
        Some(Ok(shared)) => {
            if let Some(why) = shared.not_written(file) {
                eprintln!(
                    "warning: saved, but not to the team folder: {why} (`casedesk team-folder {} FOLDER`)",
                    file.display()
                );
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
) {
    let installation = installation();
    let settings = &book.settings;
    let bound = settings
        .team_folder
        .as_deref()
        .is_some_and(|folder| installation.is_bound(folder, target));
    if !bound || !is_own_conflict_copy(theirs, settings, &installation) {
        return;
    }
    match remove_if_merged(theirs, book, key) {
        Ok(true) => println!(
            "Removed {}: it was a sync conflict copy of your copy, and everything in it is in {}.",
            theirs.display(),
            target.display()
        ),
        Ok(false) => {}
        Err(e) => eprintln!(
            "warning: the sync conflict copy {} is merged but could not be removed: {e}",
            theirs.display()
        ),
    }
}

/// Merges into `file` every copy in its team folder that this installation reads (colleagues',
/// the officer's other computers', sync conflict copies of its own), one after another through
/// `casedesk merge`, which passes over those whose heads say they bring nothing. Stops at the
/// first that cannot be merged (a conflict without --prefer): nothing of it is written.
pub fn merge_all(file: &Path, prefer: super::merge::PreferArg) -> Result<ExitCode> {
    // The settings from the head alone when it can be trusted: the casebook is read whole only
    // by the merges that need it.
    let settings = match store::read_head(file, None) {
        Ok(Some(head)) => head.settings,
        _ => super::open_with_key(file)?.0.settings,
    };
    let Some(folder) = &settings.team_folder else {
        bail!(
            "{} has no team folder: set one with `casedesk team-folder FILE FOLDER`",
            file.display()
        );
    };
    let copies = store::team::team_copies(folder, &settings, &installation(), &[file])
        .with_context(|| format!("reading the team folder {}", folder.display()))?;
    for copy in copies {
        let code = super::merge::run(file, &copy.path, None, prefer)?;
        if code != ExitCode::SUCCESS {
            return Ok(code);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Shows, sets or clears the casebook's team folder. Setting it binds this casebook to the
/// folder on this computer (its copy is written from here, and from no other casebook) and
/// writes the copy at once.
pub fn run(
    file: &Path,
    folder: Option<&Path>,
    clear: bool,
    officer: Option<String>,
    agency: Option<String>,
) -> Result<ExitCode> {
    let mut installation = installation();
    if folder.is_none() && !clear {
        let (book, _) = super::open_with_key(file)?;
        match &book.settings.team_folder {
            Some(f) if installation.is_bound(f, file) => println!(
                "{}: this casebook's copy there is {}",
                f.display(),
                store::team::own_copy_name(&book.settings, &installation)
            ),
            Some(f) => println!(
                "{}: but this casebook's copy is not written there from this computer ({})",
                f.display(),
                installation.bound_casebook(f).map_or_else(
                    || "no casebook is bound to it here".to_string(),
                    |b| format!("{} is bound to it here", b.display())
                )
            ),
            None => println!("No team folder"),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let team_folder = match folder {
        Some(_) if clear => bail!("Give a folder or --clear, not both"),
        Some(f) if !f.is_dir() => bail!("There is no folder {}", f.display()),
        Some(f) => Some(std::path::absolute(f)?),
        None => None,
    };
    let (mut book, key, _lock) = open_for_writing(file)?;
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
    book.apply(
        Command::UpdateSettings(Box::new(settings)),
        &mut Ctx {
            now,
            ids: &mut RandomIds,
        },
    )?;
    match &team_folder {
        Some(f) => installation
            .bind(f, file)
            .context("binding this casebook to the team folder")?,
        None => installation
            .unbind(file)
            .context("unbinding this casebook from the team folder")?,
    }
    store::save_with(file, &book, now.to_utc(), key.as_ref())?;
    warn_unshared(
        file,
        store::team::share(&book, file, &mut installation, now.to_utc(), key.as_ref()),
    );
    match team_folder {
        Some(f) => println!(
            "Team folder {}: this casebook's copy is {}, written on each save from this computer",
            f.display(),
            store::team::own_copy_name(&book.settings, &installation)
        ),
        None => println!("No team folder"),
    }
    Ok(ExitCode::SUCCESS)
}
