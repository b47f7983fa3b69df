//! `casedesk correct FILE REFERENCE --reason TEXT`: puts right the case's last change of status
//! (a correction event restores the state before it; the clocks it started become void), as
//! the window's "Correct last change…" does.

use super::Env;
use super::case_edit::change_case;
use crate::domain::{Command, EventKind};
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
    /// Why the change was wrong (kept in the case's history).
    #[arg(long)]
    pub reason: String,
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    change_case(&args.file, &args.reference, env, out, |case, _| {
        let last = case.correctable().ok_or_else(|| {
            anyhow!(
                "{} has no change of status to correct: only the last one can be, while the case is still where it led",
                case.reference
            )
        })?;
        let EventKind::Transition { from, to, .. } = &last.kind else {
            return Err(anyhow!(
                "{}: the last change is not a transition",
                case.reference
            ));
        };
        let said = format!(
            "corrected {} → {}, back to {}",
            from.code(),
            to.code(),
            from.code()
        );
        Ok((
            vec![Command::Correct {
                case: case.id,
                event: last.id,
                reason: args.reason.trim().to_string(),
            }],
            said,
        ))
    })
}
