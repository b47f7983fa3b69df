//! `casedesk list FILE`: one line per case, optionally filtered by state, kind or overdue
//! deadlines; the count on standard error, so the lines can be piped.

use super::casebook::open;
use super::{Env, KindArg};
use crate::domain::{self, CaseKind, Status};
use crate::export::printable::one_line;
use anyhow::{Result, bail};
use chrono::Local;
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
    let today = Local::now().date_naive();
    let mut shown = 0;
    for case in book.cases() {
        if kind.is_some_and(|k| case.kind != k)
            || status.is_some_and(|s| Status::parse(case.workflow(), s) != Some(case.status()))
        {
            continue;
        }
        let next = domain::next_deadline(case, today);
        if args.overdue && !next.as_ref().is_some_and(domain::Clock::is_overdue) {
            continue;
        }
        let subject = book.requested_person(case).map_or("", |p| p.name.as_str());
        let deadline = next.map_or(String::new(), |c| {
            format!("{} {} ({})", c.key, c.due, crate::count::days(c.days_left))
        });
        writeln!(
            out,
            "{:<13} {:<12} {:<34} {:<28} {}",
            one_line(&case.reference),
            format!("{} {}", case.kind, case.direction.label().to_lowercase()),
            case.status().code(),
            one_line(subject),
            deadline
        )?;
        shown += 1;
    }
    env.note(format_args!(
        "{shown} of {}",
        crate::count::count(book.cases().len(), "case", "cases")
    ));
    Ok(ExitCode::SUCCESS)
}
