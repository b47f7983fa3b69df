//! `casedesk demo --cases N -o FILE`: writes a realistic synthetic casebook, the same file for
//! the same seed and `--today`.

use super::{Env, output};
use crate::store;
use anyhow::{Context, Result};
use chrono::{Local, NaiveDate, NaiveTime, Utc};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many cases to write.
    #[arg(long)]
    pub cases: usize,
    /// Which sample: the same seed and --today give the same file.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The day the sample is built around (YYYY-MM-DD), as if at its end (23:59 UTC), so
    /// the same seed and day give the same file; by default today, as of now. Given today's
    /// date, its events run to the end of the day: edits made in it are stamped after them.
    #[arg(long, value_parser = parse_iso_date)]
    pub today: Option<NaiveDate>,
    /// The casebook to write (refused if it exists, unless --force).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Replace OUTPUT if it exists (the file replaced is kept as a snapshot).
    #[arg(long)]
    pub force: bool,
}

fn parse_iso_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("\"{text}\" is not a date in the form 2026-03-01"))
}

pub fn run(args: Args, _env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    // Never over a file the generator did not make, unless told to.
    let output = output::casebook(&args.output, &[], args.force)?;
    let (book, saved_at) = match args.today {
        // Saved "at" midnight of the day, so the same seed and day give the same bytes.
        Some(today) => (
            crate::sample::generate(args.cases, args.seed, today),
            today.and_time(NaiveTime::MIN).and_utc(),
        ),
        // Nothing recorded later than now, which the officer's first edit must follow.
        None => {
            let now = Local::now().fixed_offset();
            let book = crate::sample::generate_until(args.cases, args.seed, now);
            (book, now.to_utc())
        }
    };
    let _lock = store::lock::acquire(&output, Utc::now())?;
    store::save(&output, &book, saved_at)
        .with_context(|| format!("writing {}", output.display()))?;
    writeln!(
        out,
        "Wrote a sample casebook of {} to {}",
        crate::count::count(book.cases().len(), "case", "cases"),
        output.display()
    )?;
    Ok(ExitCode::SUCCESS)
}
