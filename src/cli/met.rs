//! `casedesk met FILE REFERENCE CLOCK [--on DATE] [--note TEXT]`: records a deadline met by
//! something outside the workflow (evidence returned, an appeal brought), as the window does.

use super::Env;
use super::case_edit::{change_case, open_clock};
use crate::domain::Command;
use crate::domain::dates::{DateKind, parse_date_for};
use anyhow::{Result, anyhow};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The case's reference, e.g. EI-2026-0001.
    pub reference: String,
    /// The deadline's code, e.g. EVIDENCE_RETURN (`casedesk show` lists them).
    pub clock: String,
    /// The day it was met (YYYY-MM-DD or D/M/YYYY); today when left out.
    #[arg(long)]
    pub on: Option<String>,
    /// How it was met (kept in the case's history).
    #[arg(long, default_value = "")]
    pub note: String,
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    change_case(&args.file, &args.reference, env, out, |case, cx| {
        let clock = open_clock(case, &args.clock, cx)?;
        let on = match &args.on {
            Some(text) => parse_date_for(text, cx.order, DateKind::Happened, cx.today)
                .map_err(|e| anyhow!("--on: {e}"))?,
            None => cx.today,
        };
        let said = format!("{} met on {on}", clock.rule().code);
        Ok((
            vec![Command::MeetClock {
                case: case.id,
                clock: clock.key,
                started_by: clock.started_by,
                on,
                note: args.note.trim().to_string(),
            }],
            said,
        ))
    })
}
