//! `casedesk show FILE REFERENCE [--as-of DATE] [--json]`: one case in full, its clocks as of a
//! day (today unless `--as-of` says; nothing is changed), as text or JSON.

use super::Env;
use super::casebook::{as_of, find_case, open};
use crate::domain::clock::{Clock, clocks};
use crate::domain::warnings::warnings;
use crate::domain::{Case, CaseDetails, Casebook, Event};
use crate::export::printable::printable;
use crate::export::text::case_text;
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The case's reference, e.g. EI-2026-0001.
    pub reference: String,
    /// The clocks as of this day instead of today (nothing is changed).
    #[arg(long)]
    pub as_of: Option<String>,
    /// As JSON: the case's particulars, clocks (with their rules) and history.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let book = open(&args.file, env)?;
    let case = find_case(&book, &args.reference)?;
    let day = as_of(&book, args.as_of.as_deref())?;
    if args.json {
        let mut bytes = serde_json::to_vec_pretty(&CaseJson::of(&book, case, day))?;
        bytes.push(b'\n');
        out.write_all(&bytes)?;
        return Ok(ExitCode::SUCCESS);
    }
    write!(out, "{}", case_text(&book, case, day))?;
    let outcomes = crate::export::redact::outcome_lines(&book, &case.details.outcomes);
    if !outcomes.is_empty() {
        writeln!(out, "\nOutcomes")?;
        for (on, what, detail) in outcomes {
            writeln!(out, "  {on} — {}: {}", printable(&what), printable(&detail))?;
        }
    }
    let warned = warnings(case, day, &book.settings.working_days());
    if !warned.is_empty() {
        writeln!(out, "\nWarnings")?;
        for w in warned {
            writeln!(out, "  {}", printable(&w.to_string()))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A case as `show --json` writes it.
#[derive(Serialize)]
pub struct CaseJson<'a> {
    reference: &'a str,
    kind: &'static str,
    direction: &'static str,
    status: String,
    status_label: &'static str,
    status_since: NaiveDate,
    opened: NaiveDate,
    as_of: NaiveDate,
    requested_person: Option<&'a str>,
    details: &'a CaseDetails,
    clocks: Vec<ClockJson>,
    /// What the workstream records on the case, in words: the notification period (also when
    /// indefinite, with no clock), the PCL proposal, the ERS date.
    recorded: Vec<RecordedJson>,
    warnings: Vec<String>,
    history: &'a [Event],
}

#[derive(Serialize)]
struct RecordedJson {
    what: &'static str,
    value: String,
}

impl<'a> CaseJson<'a> {
    pub fn of(book: &'a Casebook, case: &'a Case, day: NaiveDate) -> Self {
        Self {
            reference: &case.reference,
            kind: case.kind.label(),
            direction: case.direction.label(),
            status: case.status().code(),
            status_label: case.status().label(),
            status_since: case.status_since(),
            opened: case.opened,
            as_of: day,
            requested_person: book.requested_person(case).map(|p| p.name.as_str()),
            details: &case.details,
            clocks: clocks(case, day, &book.settings.working_days())
                .iter()
                .map(ClockJson::of)
                .collect(),
            recorded: (crate::domain::particulars::lines(case).into_iter())
                .map(|(what, value)| RecordedJson { what, value })
                .collect(),
            warnings: warnings(case, day, &book.settings.working_days())
                .iter()
                .map(ToString::to_string)
                .collect(),
            history: case.history(),
        }
    }
}

/// A clock with its rule in words: what started it, the period, the consequence, the source.
#[derive(Serialize)]
pub struct ClockJson {
    code: &'static str,
    title: &'static str,
    status: String,
    started: NaiveDate,
    counted_from: &'static str,
    period: String,
    due: NaiveDate,
    days_left: i64,
    if_missed: String,
    source: &'static str,
    verified: bool,
    /// Counted in working days through a year with no holiday calendar: check the holidays.
    check_holidays: bool,
    /// A chaser's dates, each as so many days after what started it.
    chases: Vec<ChaseJson>,
    stopped_on: Option<NaiveDate>,
    ended: Option<String>,
}

#[derive(Serialize)]
struct ChaseJson {
    days_after: u32,
    date: NaiveDate,
}

impl ClockJson {
    pub fn of(c: &Clock) -> Self {
        let rule = c.rule();
        Self {
            code: rule.code,
            title: rule.title,
            status: c.status.to_string(),
            started: c.trigger_date,
            counted_from: rule.counted_from,
            period: rule.period(),
            due: c.due,
            days_left: c.days_left,
            if_missed: rule.if_missed(),
            source: rule.source,
            verified: rule.verified,
            check_holidays: c.check_holidays,
            chases: (rule.chases(c.trigger_date).into_iter())
                .map(|s| ChaseJson {
                    days_after: s.days,
                    date: s.date,
                })
                .collect(),
            stopped_on: c.stopped_on,
            ended: c.why_ended(),
        }
    }
}
