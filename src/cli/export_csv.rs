//! `casedesk export-csv FILE -o OUT`: the register, every case, as CSV.

use super::casebook::open;
use super::{Env, output};
use crate::export as exports;
use anyhow::Result;
use chrono::Local;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The file to write, or - for standard output.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Replace OUTPUT if it exists (never a casebook or one of its files).
    #[arg(long)]
    pub force: bool,
    /// Lay the file out for Excel: a UTF-8 byte order mark (so Excel on Windows reads Urdu and
    /// accents right) and Windows line ends. Casedesk imports it as it is.
    #[arg(long)]
    pub excel: bool,
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let output = output::export(&args.output, &args.file, args.force)?;
    let book = open(&args.file, env)?;
    let bytes = exports::register_csv(&book, None, Local::now().date_naive())?;
    let bytes = if args.excel {
        exports::csv::for_excel(&bytes)?
    } else {
        bytes
    };
    output.write(&bytes, out)?;
    output.tell(
        format_args!(
            "Wrote {} to {output}",
            crate::count::count(book.cases().len(), "case", "cases")
        ),
        env,
        out,
    )?;
    Ok(ExitCode::SUCCESS)
}
