//! `casedesk detach FILE REFERENCE N|NAME [--reason TEXT]`: removes an attachment from a case
//! (an event; its bytes stay until `casedesk purge-attachments`).

use super::Env;
use super::attachments::pick;
use super::casebook::{find_case, open_for_writing};
use crate::domain::Command;
use crate::export::printable::one_line;
use anyhow::Result;
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
    /// The attachment: its number in `casedesk attachments`, or its name.
    pub attachment: String,
    /// Why it is removed, kept in the case's history.
    #[arg(long, default_value = "")]
    pub reason: String,
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let (mut book, key, held) = open_for_writing(&args.file, env)?;
    let case = find_case(&book, &args.reference)?;
    let a = pick(case, &args.attachment)?;
    let (case_id, id, name, reference) =
        (case.id, a.id(), a.name.to_string(), case.reference.clone());
    let now = Local::now().fixed_offset();
    let command = Command::Detach {
        case: case_id,
        attachment: id,
        reason: args.reason,
    };
    held.apply(&mut book, command, now)?;
    held.save(&args.file, &book, now.to_utc(), key.as_ref(), env)?;
    writeln!(
        out,
        "Removed {} from {}; its file stays until `casedesk purge-attachments`",
        one_line(&name),
        one_line(&reference)
    )?;
    Ok(ExitCode::SUCCESS)
}
