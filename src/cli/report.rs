//! `casedesk report FILE --from D --to D --format F -o OUT`: a review report for a period; the
//! disclosure recorded in the history of the cases it names.

use super::casebook::{export_meta, export_recorded};
use super::{Env, ProfileArg, output};
use crate::domain::{
    dates::{DateKind, parse_date_for},
    stats::DateRange,
};
use crate::export::{self as exports, Format, Progress, Selection};
use anyhow::{Result, anyhow, bail};
use chrono::Local;
use clap::ValueEnum;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The first day of the period (YYYY-MM-DD or D/M/YYYY).
    #[arg(long)]
    pub from: String,
    /// The last day of the period (YYYY-MM-DD or D/M/YYYY).
    #[arg(long)]
    pub to: String,
    /// The report's format.
    #[arg(long, value_enum)]
    pub format: ReportFormatArg,
    /// What it shows: full (internal), partner or statistics.
    #[arg(long, value_enum, default_value = "full")]
    pub profile: ProfileArg,
    /// Who receives it (recorded in the history of the cases it names).
    #[arg(long = "for", default_value = "internal")]
    pub recipient: String,
    /// The file to write, or - for standard output.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Replace OUTPUT if it exists (never a casebook or one of its files).
    #[arg(long)]
    pub force: bool,
    /// With --format csv: lay the file out for Excel (a UTF-8 byte order mark and Windows
    /// line ends).
    #[arg(long)]
    pub excel: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ReportFormatArg {
    Md,
    Html,
    Pdf,
    Csv,
}

impl From<ReportFormatArg> for Format {
    fn from(f: ReportFormatArg) -> Self {
        match f {
            ReportFormatArg::Md => Format::Markdown,
            ReportFormatArg::Html => Format::Html,
            ReportFormatArg::Pdf => Format::Pdf,
            ReportFormatArg::Csv => Format::Csv,
        }
    }
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let file = &args.file;
    if args.excel && !matches!(args.format, ReportFormatArg::Csv) {
        bail!("--excel: only a CSV report (--format csv) is laid out for Excel");
    }
    let output = output::export(&args.output, file, args.force)?;
    let now = Local::now().fixed_offset();
    let (recorded, (from, to)) = export_recorded(file, &output, now, env, out, |book| {
        let order = book.settings.date_order;
        let period = |text, flag| {
            parse_date_for(text, order, DateKind::Scheduled, now.date_naive())
                .map_err(|e| anyhow!("{flag}: {e}"))
        };
        let (from, to) = (period(&args.from, "--from")?, period(&args.to, "--to")?);
        let range =
            DateRange::new(from, to).ok_or_else(|| anyhow!("--to {to} is before --from {from}"))?;
        let rendered = exports::review_report(
            book,
            range,
            args.profile.into(),
            Selection::default(),
            args.format.into(),
            &export_meta(now, &args.recipient),
            now.date_naive(),
            &Progress::default(),
        )?;
        let rendered = if args.excel {
            exports::Rendered {
                bytes: exports::csv::for_excel(&rendered.bytes)?,
                ..rendered
            }
        } else {
            rendered
        };
        Ok((rendered, (from, to)))
    })?;
    output.tell(
        format_args!("Wrote the review report {from} to {to} to {output} ({recorded} cases named)"),
        env,
        out,
    )?;
    Ok(ExitCode::SUCCESS)
}
