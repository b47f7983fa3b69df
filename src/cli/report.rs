//! `casedesk report FILE (--month YYYY-MM | --year YYYY | --from D --to D) --format F -o OUT`: a
//! review report for a month (the monthly review), a year (the steering committee) or any
//! period; the disclosure recorded in the history of the cases it names.

use super::casebook::{export_meta, export_recorded};
use super::{Env, ProfileArg, output};
use crate::domain::{
    dates::{DateKind, DateOrder, parse_date_for},
    stats::{DateRange, YearMonth},
};
use crate::export::{self as exports, Format, Progress, Selection};
use anyhow::{Result, anyhow, bail};
use chrono::{Local, NaiveDate};
use clap::ValueEnum;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The first day of the period (YYYY-MM-DD or D/M/YYYY); with --to.
    #[arg(long, requires = "to", required_unless_present_any = ["month", "year"])]
    pub from: Option<String>,
    /// The last day of the period (YYYY-MM-DD or D/M/YYYY); with --from.
    #[arg(long, requires = "from")]
    pub to: Option<String>,
    /// A calendar month, for the monthly review: YYYY-MM, e.g. 2027-03.
    #[arg(long, conflicts_with_all = ["from", "to", "year"])]
    pub month: Option<String>,
    /// A calendar year, for the steering committee: YYYY, e.g. 2027.
    #[arg(long, conflicts_with_all = ["from", "to", "month"])]
    pub year: Option<String>,
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

/// The period the arguments name: --month, --year, or --from and --to.
fn period(args: &Args, order: DateOrder, today: NaiveDate) -> Result<DateRange> {
    if let Some(text) = &args.month {
        let month = NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d").map_err(
            |_| anyhow!("--month: \"{text}\" is not a month: write it as YYYY-MM, e.g. 2027-03"),
        )?;
        return Ok(DateRange::month(YearMonth::of(month)));
    }
    if let Some(text) = &args.year {
        let first = text
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (1900..=2200).contains(y))
            .and_then(|y| {
                Some((
                    NaiveDate::from_ymd_opt(y, 1, 1)?,
                    NaiveDate::from_ymd_opt(y, 12, 31)?,
                ))
            })
            .ok_or_else(|| {
                anyhow!("--year: \"{text}\" is not a year: write it as YYYY, e.g. 2027")
            })?;
        return DateRange::new(first.0, first.1).ok_or_else(|| anyhow!("--year: {text}"));
    }
    let day = |text: &Option<String>, flag| {
        let text = text
            .as_deref()
            .ok_or_else(|| anyhow!("give --month, --year, or --from and --to"))?;
        parse_date_for(text, order, DateKind::Scheduled, today).map_err(|e| anyhow!("{flag}: {e}"))
    };
    let (from, to) = (day(&args.from, "--from")?, day(&args.to, "--to")?);
    DateRange::new(from, to).ok_or_else(|| anyhow!("--to {to} is before --from {from}"))
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let file = &args.file;
    if args.excel && !matches!(args.format, ReportFormatArg::Csv) {
        bail!("--excel: only a CSV report (--format csv) is laid out for Excel");
    }
    let output = output::export(&args.output, file, args.force)?;
    let now = Local::now().fixed_offset();
    let (recorded, (from, to)) = export_recorded(file, &output, now, env, out, |book| {
        let range = period(&args, book.settings.date_order, now.date_naive())?;
        let (from, to) = (range.from, range.to);
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
