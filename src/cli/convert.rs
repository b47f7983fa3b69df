//! `casedesk convert FILE REFERENCE --on DATE`: turns a police-to-police enquiry into a linked
//! MLA request at DRAFT with the enquiry's facts copied (`../shared/domain.md` §11); prints the
//! new reference.

use super::Env;
use super::casebook::{find_case, open_for_writing};
use crate::domain::{
    self, CaseId, RandomIds,
    crossings::conversion_to_mla,
    dates::{DateKind, parse_date_for},
};
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
    /// The enquiry's reference, e.g. PO-2026-0003.
    pub reference: String,
    /// The date it was converted (YYYY-MM-DD or D/M/YYYY).
    #[arg(long)]
    pub on: String,
}

pub fn run(
    Args {
        file,
        reference,
        on,
    }: Args,
    env: &mut Env,
    out: &mut impl Write,
) -> Result<ExitCode> {
    let (mut book, key, held) = open_for_writing(&file, env)?;
    let enquiry = find_case(&book, &reference)?.clone();
    let now = Local::now().fixed_offset();
    let on = parse_date_for(
        &on,
        book.settings.date_order,
        DateKind::Happened,
        now.date_naive(),
    )
    .map_err(|e| anyhow!("--on: {e}"))?;
    let id = CaseId(domain::IdSource::next_uuid(&mut RandomIds));
    let enquiry_reference = one_line(&enquiry.reference);
    // The first command (the move) is the one the table may refuse; nothing is saved unless
    // all three apply.
    for command in conversion_to_mla(&enquiry, id, on, &mut RandomIds) {
        held.apply(&mut book, command, now)
            .map_err(|e| anyhow!("{enquiry_reference} cannot be converted: {e}"))?;
    }
    held.save(&file, &book, now.to_utc(), key.as_ref(), env)?;
    let mla = book
        .case(id)
        .map(|c| one_line(&c.reference))
        .unwrap_or_default();
    writeln!(
        out,
        "{enquiry_reference} converted into the MLA request {mla}"
    )?;
    Ok(ExitCode::SUCCESS)
}
