//! `casedesk export FILE REFERENCE… --format F --profile P --to WHOM -o OUT`: a summary of one
//! or several cases; the disclosure recorded in each case's history, with the file or not at
//! all.

use super::casebook::{export_meta, export_recorded, find_case};
use super::{Env, ProfileArg, output};
use crate::domain::{CaseId, ExportProfile};
use crate::export::{self as exports, Format, Progress, Selection};
use anyhow::{Result, bail};
use chrono::Local;
use clap::ValueEnum;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The references of the cases to export, e.g. EI-2026-0001 MO-2026-0003.
    #[arg(required = true)]
    pub references: Vec<String>,
    /// The document's format.
    #[arg(long, value_enum)]
    pub format: DocFormatArg,
    /// What it shows: full (internal), partner (what the partner may see) or statistics.
    #[arg(long, value_enum)]
    pub profile: ProfileArg,
    /// Who receives it (recorded in each case's history).
    #[arg(long = "to")]
    pub recipient: String,
    /// Include neither-confirm-nor-deny cases in a partner or statistics export.
    #[arg(long)]
    pub include_ncnd: bool,
    /// The file to write, or - for standard output.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Replace OUTPUT if it exists (never a casebook or one of its files).
    #[arg(long)]
    pub force: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DocFormatArg {
    Md,
    Html,
    Pdf,
}

impl From<DocFormatArg> for Format {
    fn from(f: DocFormatArg) -> Self {
        match f {
            DocFormatArg::Md => Format::Markdown,
            DocFormatArg::Html => Format::Html,
            DocFormatArg::Pdf => Format::Pdf,
        }
    }
}

/// Writes a summary of the cases and saves the casebook recording the disclosures, both or
/// neither.
pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let file = &args.file;
    let output = output::export(&args.output, file, args.force)?;
    let recipient = &args.recipient;
    if recipient.trim().is_empty() {
        bail!("--to: say who receives the export");
    }
    let profile = ExportProfile::from(args.profile);
    // The disclosure is recorded in the casebook: it is written, so locked and kept encrypted.
    let now = Local::now().fixed_offset();
    let (recorded, ()) = export_recorded(file, &output, now, env, out, |book| {
        let ids = args
            .references
            .iter()
            .map(|r| find_case(book, r).map(|c| c.id))
            .collect::<Result<Vec<CaseId>>>()?;
        let rendered = exports::case_summary(
            book,
            &ids,
            profile,
            Selection {
                include_ncnd: args.include_ncnd,
            },
            args.format.into(),
            &export_meta(now, recipient),
            now.date_naive(),
            &Progress::default(),
        )?;
        Ok((rendered, ()))
    })?;
    output.tell(
        format_args!(
            "Wrote {output} ({profile} profile); recorded the disclosure to {recipient} in {recorded} cases"
        ),
        env,
        out,
    )?;
    Ok(ExitCode::SUCCESS)
}
