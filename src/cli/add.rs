//! `casedesk add FILE REFERENCE LIST FIELD=VALUE…`: adds a person, offence, hearing, task,
//! note, checklist item, assurance, item of assistance, reference, link, asylum claim or
//! outcome (a person surrendered, returned or transferred, an asset, a seizure) to a case, as the window's editor does (one `UpdateCase`, checked by the domain).

use super::Env;
use super::case_edit::change_details;
use super::fields::{records, records_help};
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
    /// What to add: person, offence, hearing, task, note, checklist, assurance, assistance,
    /// reference, link, asylum-claim, person-outcome, asset or seizure.
    pub list: String,
    /// Its fields, as FIELD=VALUE (listed below; those marked "needed" must be given).
    #[arg(value_name = "FIELD=VALUE")]
    pub fields: Vec<String>,
}

/// The lists, their fields and the examples, for `casedesk add --help`.
pub fn after_help() -> String {
    format!(
        "Lists and their fields:\n{}\nExamples:\n  casedesk add casebook.ron EI-2026-0001 hearing date=2026-12-14 \"kind=Extradition hearing\" \"court=Westminster Magistrates' Court\"\n  casedesk add casebook.ron EI-2026-0001 person \"name=Imran Ali\" \"role=Requested person\"\n  casedesk add casebook.ron EI-2026-0001 asylum-claim made=2026-11-02\n  casedesk add casebook.ron EI-2026-0001 person-outcome kind=Surrendered date=2027-03-15 \"person=Imran Ali\"\n  casedesk add casebook.ron MO-2026-0004 asset action=Restrained amount=1,250,000.50 currency=PKR date=2027-02-01\n  casedesk add casebook.ron MO-2026-0004 seizure kind=Drugs quantity=12.5 unit=kg value=3000000 currency=PKR date=2027-02-01",
        records_help()
    )
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let list = records(&args.list)?;
    change_details(&args.file, &args.reference, env, out, |d, cx| {
        list.add(d, &args.fields, cx)
    })
}
