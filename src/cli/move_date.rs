//! `casedesk move-date FILE REFERENCE DETAIL --to DATE --reason TEXT`: moves a future date a
//! step recorded (a removal re-planned, a departure changed); the deadlines counted from it are
//! voided and counted again from the new date (`../shared/domain.md` §7), as the window does.

use super::Env;
use super::case_edit::change_case;
use crate::domain::dates::parse_date_for;
use crate::domain::workflow::Detail;
use crate::domain::{Command, DetailValue, EventKind};
use anyhow::{Result, anyhow, bail};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The case's reference, e.g. RO-2027-0001.
    pub reference: String,
    /// The date to move, by its label as `casedesk show` names it, e.g. "Planned removal date".
    pub detail: String,
    /// The new date (YYYY-MM-DD or D/M/YYYY).
    #[arg(long)]
    pub to: String,
    /// Why it moved, e.g. "Flight rebooked" (kept in the case's history).
    #[arg(long)]
    pub reason: String,
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    change_case(&args.file, &args.reference, env, out, |case, cx| {
        let detail = Detail::named(&args.detail)
            .ok_or_else(|| anyhow!("\"{}\" is not a date a step records", args.detail))?;
        // The latest standing step that recorded it: the one its deadlines count from.
        let recorded = case.effective_transitions().filter_map(|e| match &e.kind {
            EventKind::Transition { details, .. } => match details.get(&detail) {
                Some(DetailValue::Date(d)) => Some((e.id, *d)),
                _ => None,
            },
            _ => None,
        });
        let Some((started_by, from)) = recorded.last() else {
            bail!(
                "No step of {} recorded \u{201c}{}\u{201d}",
                case.reference,
                detail.label()
            );
        };
        let to = parse_date_for(&args.to, cx.order, detail.date_kind(), cx.today)
            .map_err(|e| anyhow!("--to: {e}"))?;
        let said = format!("{} moved from {from} to {to}", detail.label());
        Ok((
            vec![Command::MoveDate {
                case: case.id,
                started_by,
                detail,
                to,
                reason: args.reason.trim().to_string(),
            }],
            said,
        ))
    })
}
