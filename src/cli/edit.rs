//! `casedesk edit FILE REFERENCE LIST WHICH FIELD=VALUE…`: changes one record a case lists (a
//! checklist item received, an assurance accepted, an item of assistance delivered, a task
//! done…), picked by its number or by words of its name.

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
    /// reference, link, asylum-claim, person-outcome, asset or seizure (`casedesk add --help`
    /// lists their fields).
    pub list: String,
    /// Which record: its number in the list (1 for the first), or words of its name.
    pub which: String,
    /// What to change, as FIELD=VALUE.
    #[arg(required = true, value_name = "FIELD=VALUE")]
    pub fields: Vec<String>,
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let list = records(&args.list)?;
    change_details(&args.file, &args.reference, env, out, |d, cx| {
        list.edit(d, &args.which, &args.fields, cx)
    })
}
