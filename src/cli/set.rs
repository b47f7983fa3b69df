//! `casedesk set FILE REFERENCE FIELD=VALUE…`: changes a case's fields, as the window's editor
//! does (one `UpdateCase`, checked by the domain); an unknown field or a value that does not fit
//! is refused, naming it, and nothing is written.

use super::Env;
use super::case_edit::change_details;
use super::fields::{CASE, apply, help_lines};
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
    /// What to change, as FIELD=VALUE (the fields are listed below).
    #[arg(required = true, value_name = "FIELD=VALUE")]
    pub fields: Vec<String>,
}

/// The fields and the examples, for `casedesk set --help`.
pub fn after_help() -> String {
    let mut help = String::from("Fields:\n");
    help_lines(CASE, &mut help);
    help.push_str(
        "\nExamples:\n  casedesk set casebook.ron EI-2026-0001 area=Narcotics \"requesting-authority=Ministry of Interior\"\n  casedesk set casebook.ron MO-2026-0003 urgency=Priority required-by=2027-02-01 \"required-by-reason=Trial date\"",
    );
    help
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    change_details(&args.file, &args.reference, env, out, |d, cx| {
        let set = apply(CASE, d, &args.fields, cx, "a case")?;
        Ok(format!("set {}", set.join(", ")))
    })
}
