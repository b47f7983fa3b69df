//! `casedesk show FILE REFERENCE`: one case in full, as text.

use super::Env;
use super::casebook::{find_case, open};
use crate::export::text::case_text;
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
}

pub fn run(
    Args { file, reference }: Args,
    env: &mut Env,
    out: &mut impl Write,
) -> Result<ExitCode> {
    let book = open(&file, env)?;
    let case = find_case(&book, &reference)?;
    write!(out, "{}", case_text(&book, case, Local::now().date_naive()))?;
    Ok(ExitCode::SUCCESS)
}
