//! `casedesk list FILE`: one line per case, optionally filtered by state, kind or overdue
//! deadlines, as of today or `--as-of DATE` (nothing is changed); as text or `--json`. The
//! count on standard error, so the lines can be piped.

use super::casebook::{as_of, open};
use super::{Env, KindArg};
use crate::domain::{self, CaseKind, Status};
use crate::export::printable::one_line;
use anyhow::{Result, bail};
use chrono::NaiveDate;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// A state code such as PA_ARRESTED, or its label.
    #[arg(long)]
    pub status: Option<String>,
    /// Only cases of this kind.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Only cases with a deadline past its due date.
    #[arg(long)]
    pub overdue: bool,
    /// The deadlines as of this day instead of today (nothing is changed).
    #[arg(long)]
    pub as_of: Option<String>,
    /// As JSON: one object per case.
    #[arg(long)]
    pub json: bool,
}

/// One case's line as `list --json` writes it.
#[derive(Serialize)]
struct Line<'a> {
    reference: &'a str,
    kind: &'static str,
    direction: &'static str,
    status: String,
    requested_person: &'a str,
    next_deadline: Option<NextDeadline>,
}

#[derive(Serialize)]
struct NextDeadline {
    code: &'static str,
    due: NaiveDate,
    days_left: i64,
    overdue: bool,
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let status = args.status.as_deref();
    let kind: Option<CaseKind> = args.kind.map(Into::into);
    if let Some(s) = status {
        let known = domain::Workflow::ALL
            .iter()
            .any(|wf| Status::parse(*wf, s).is_some());
        if !known {
            bail!("--status: \"{s}\" is not a state of any workflow (e.g. PA_ARRESTED, DRAFT)");
        }
    }
    let book = open(&args.file, env)?;
    let today = as_of(&book, args.as_of.as_deref())?;
    let days = book.settings.working_days();
    let mut lines = Vec::new();
    for case in book.cases() {
        if kind.is_some_and(|k| case.kind != k)
            || status.is_some_and(|s| Status::parse(case.workflow(), s) != Some(case.status()))
        {
            continue;
        }
        let next = domain::next_deadline(case, today, &days);
        if args.overdue && !next.as_ref().is_some_and(domain::Clock::is_overdue) {
            continue;
        }
        lines.push(Line {
            reference: &case.reference,
            kind: case.kind.label(),
            direction: case.direction.label(),
            status: case.status().code(),
            requested_person: book.requested_person(case).map_or("", |p| p.name.as_str()),
            next_deadline: next.map(|c| NextDeadline {
                code: c.rule().code,
                due: c.due,
                days_left: c.days_left,
                overdue: c.is_overdue(),
            }),
        });
    }
    if args.json {
        let mut bytes = serde_json::to_vec_pretty(&lines)?;
        bytes.push(b'\n');
        out.write_all(&bytes)?;
    } else {
        for line in &lines {
            let deadline = line.next_deadline.as_ref().map_or(String::new(), |c| {
                format!("{} {} ({})", c.code, c.due, crate::count::days(c.days_left))
            });
            writeln!(
                out,
                "{:<13} {:<12} {:<34} {:<28} {}",
                one_line(line.reference),
                format!("{} {}", line.kind, line.direction.to_lowercase()),
                line.status,
                one_line(line.requested_person),
                deadline
            )?;
        }
    }
    env.note(format_args!(
        "{} of {}",
        lines.len(),
        crate::count::count(book.cases().len(), "case", "cases")
    ));
    Ok(ExitCode::SUCCESS)
}
