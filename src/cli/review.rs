//! `casedesk review FILE REFERENCE [--on DATE] [--note TEXT]`: marks a case reviewed (an event
//! in its history; the register's "Last reviewed").

use super::Env;
use super::casebook::{find_case, open_for_writing};
use crate::domain::Command;
use crate::domain::dates::{DateKind, parse_date_for};
use crate::export::printable::one_line;
use anyhow::{Result, anyhow};
use chrono::Local;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The case's reference, e.g. EI-2026-0001.
    pub reference: String,
    /// The day of the review (YYYY-MM-DD or D/M/YYYY); today when left out.
    #[arg(long)]
    pub on: Option<String>,
    /// What the review found, kept with it in the case's history.
    #[arg(long, default_value = "")]
    pub note: String,
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let (mut book, key, held) = open_for_writing(&args.file, env)?;
    let case = find_case(&book, &args.reference)?;
    let (id, reference) = (case.id, case.reference.clone());
    let now = Local::now().fixed_offset();
    let today = now.date_naive();
    let on = match &args.on {
        Some(text) => parse_date_for(text, book.settings.date_order, DateKind::Happened, today)
            .map_err(|e| anyhow!("--on: {e}"))?,
        None => today,
    };
    let command = Command::MarkReviewed {
        case: id,
        on,
        note: args.note.trim().to_string(),
    };
    held.apply(&mut book, command, now)?;
    held.save(&args.file, &book, now.to_utc(), key.as_ref(), env)?;
    writeln!(out, "{} marked reviewed on {on}", one_line(&reference))?;
    Ok(ExitCode::SUCCESS)
}
