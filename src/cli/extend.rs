//! `casedesk extend FILE REFERENCE CLOCK --to DATE --reason TEXT`: extends a running deadline
//! (e.g. the High Court extends the Secretary of State's decision period), as the window does.

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
    /// The deadline's code, e.g. UK_SOS_DECISION (`casedesk show` lists them).
    pub clock: String,
    /// The new due date (YYYY-MM-DD or D/M/YYYY), after the current one.
    #[arg(long)]
    pub to: String,
    /// Why, e.g. the order that extended it (kept in the case's history).
    #[arg(long)]
    pub reason: String,
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    change_case(&args.file, &args.reference, env, out, |case, cx| {
        let clock = open_clock(case, &args.clock, cx)?;
        let new_due = parse_date_for(&args.to, cx.order, DateKind::Scheduled, cx.today)
            .map_err(|e| anyhow!("--to: {e}"))?;
        let said = format!(
            "{} extended from {} to {new_due}",
            clock.rule().code,
            clock.due
        );
        Ok((
            vec![Command::ExtendClock {
                case: case.id,
                clock: clock.key,
                started_by: clock.started_by,
                new_due,
                reason: args.reason.trim().to_string(),
            }],
            said,
        ))
    })
}
