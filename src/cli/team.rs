//! `casedesk team-folder FILE [FOLDER | --clear]`, and the save every writing subcommand makes:
//! the casebook first, then the officer's copy in its team folder, as the window does.

use super::open_for_writing;
use crate::domain::{Casebook, Command, Ctx, RandomIds, Settings};
use crate::store::{self, Key};
use anyhow::{Result, bail};
use chrono::{DateTime, Local, Utc};
use std::path::Path;
use std::process::ExitCode;

/// Saves `book` to `file`, then writes the officer's copy into the team folder, if set. A team
/// folder out of reach is a warning on stderr: the casebook is saved either way.
pub fn save_shared(
    file: &Path,
    book: &Casebook,
    now: DateTime<Utc>,
    key: Option<&Key>,
) -> Result<()> {
    store::save_with(file, book, now, key)?;
    share_or_warn(book, now, key);
    Ok(())
}

/// Writes the officer's copy into the team folder, if set, or says on stderr why it could not.
pub fn share_or_warn(book: &Casebook, now: DateTime<Utc>, key: Option<&Key>) {
    if let Some(Err(e)) = store::share(book, now, key) {
        eprintln!("warning: saved, but not to the team folder: {e}");
    }
}

/// Shows, sets or clears the casebook's team folder; setting it writes the copy at once.
pub fn run(
    file: &Path,
    folder: Option<&Path>,
    clear: bool,
    officer: Option<String>,
    agency: Option<String>,
) -> Result<ExitCode> {
    if folder.is_none() && !clear {
        let (book, _) = super::open_with_key(file)?;
        match &book.settings.team_folder {
            Some(f) => println!("{}", f.display()),
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
    if team_folder.is_some() && settings.officer_name.trim().is_empty() {
        // One writer per file: each officer's copy needs a name of its own.
        bail!("Give your name with --officer: your copy in the team folder is named after you");
    }
    let now = Local::now().fixed_offset();
    book.apply(
        Command::UpdateSettings(Box::new(settings)),
        &mut Ctx {
            now,
            ids: &mut RandomIds,
        },
    )?;
    save_shared(file, &book, now.to_utc(), key.as_ref())?;
    match team_folder {
        Some(f) => println!(
            "Team folder {}: this officer's copy is {}",
            f.display(),
            store::own_copy_name(&book.settings)
        ),
        None => println!("No team folder"),
    }
    Ok(ExitCode::SUCCESS)
}
