//! `casedesk remove FILE REFERENCE LIST WHICH`: removes one record a case lists, picked by its
//! number or by words of its name. A required checklist item cannot go (the domain refuses it:
//! mark it not applicable instead).

use super::Env;
use super::case_edit::change_details;
use super::fields::records;
use anyhow::Result;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The case's reference, e.g. EI-2026-0001.
    pub reference: String,
    /// The list: person, offence, hearing, task, note, checklist, assurance, assistance,
    /// reference, link, asylum-claim, person-outcome, asset or seizure.
    pub list: String,
    /// Which record: its number in the list (1 for the first), or words of its name.
    pub which: String,
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let list = records(&args.list)?;
    change_details(&args.file, &args.reference, env, out, |d, cx| {
        list.remove(d, &args.which, cx)
    })
}
