//! `casedesk transition FILE REFERENCE TO --on DATE`: moves a case to another state of its
//! workflow, with the details the move must record.

use super::Env;
use super::casebook::{find_case, open_for_writing};
use crate::domain::{
    self, Command, Detail, DetailValue, Status, TransitionRequest,
    dates::{DateKind, DateOrder, parse_date_for},
};
use crate::export::printable::one_line;
use anyhow::{Result, anyhow, bail};
use chrono::{Local, NaiveDate};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The case's reference, e.g. EI-2026-0001.
    pub reference: String,
    /// The target state, e.g. PA_ARRESTED.
    pub to: String,
    /// The date it happened (YYYY-MM-DD or D/M/YYYY).
    #[arg(long)]
    pub on: String,
    /// Why, in the officer's words (kept in the case's history).
    #[arg(long, default_value = "")]
    pub reason: String,
    /// Go past missing checklist items, assurances or case data, saying why.
    #[arg(long)]
    pub override_reason: Option<String>,
    /// A detail the transition records, as NAME=VALUE (e.g. --detail "Court=Westminster").
    #[arg(long = "detail", value_name = "NAME=VALUE")]
    pub details: Vec<String>,
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let Args {
        file,
        reference,
        to,
        on,
        reason,
        override_reason,
        details,
    } = args;
    let (mut book, key, held) = open_for_writing(&file, env)?;
    let case = find_case(&book, &reference)?;
    let to_status = Status::parse(case.workflow(), &to).ok_or_else(|| {
        anyhow!(
            "\"{to}\" is not a state of the {} workflow; from {} it may go to: {}",
            case.workflow(),
            case.status().code(),
            codes(&crate::domain::transition::next_states(case))
        )
    })?;
    let order = book.settings.date_order;
    let now = Local::now().fixed_offset();
    let today = now.date_naive();
    let effective =
        parse_date_for(&on, order, DateKind::Happened, today).map_err(|e| anyhow!("--on: {e}"))?;
    let mut request = TransitionRequest::new(to_status, effective);
    request.reason = reason;
    request.override_reason = override_reason;
    for pair in &details {
        let (detail, value) = parse_detail(pair, order, today)?;
        request.details.insert(detail, value);
    }
    let id = case.id;
    let transition = Command::Transition {
        case: id,
        request: Box::new(request),
    };
    let applied = held.apply(&mut book, transition, now);
    if let Err(domain::CommandError::Transition(domain::TransitionError::MissingDetails {
        missing,
    })) = &applied
    {
        bail!(
            "This transition must record: {}",
            missing
                .iter()
                .map(|d| format!("--detail \"{}=…\"", d.label()))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    applied?;
    held.save(&file, &book, now.to_utc(), key.as_ref(), env)?;
    let case = book.case(id).ok_or_else(|| anyhow!("case vanished"))?;
    writeln!(
        out,
        "{} is now {}",
        one_line(&case.reference),
        case.status()
    )?;
    super::case_edit::warn(&book, id, today, env);
    // A removal replaces the extradition it is linked to: say how to close it.
    for (other, close) in domain::crossings::removal_offers(&book, case) {
        if let Some(other) = book.case(other) {
            writeln!(
                out,
                "The linked extradition case {} may now close as {close}: casedesk transition \"{}\" {} {} --on {on} --detail \"Closure reason=Removed under the returns arrangement\"",
                one_line(&other.reference),
                one_line(&file.display().to_string()),
                one_line(&other.reference),
                close.code()
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn codes(states: &[Status]) -> String {
    if states.is_empty() {
        return "nowhere (the case is closed)".into();
    }
    states
        .iter()
        .map(|s| s.code())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads `NAME=VALUE`, where NAME is a detail's label or code (any case, spaces or underscores).
fn parse_detail(pair: &str, order: DateOrder, today: NaiveDate) -> Result<(Detail, DetailValue)> {
    let (name, value) = pair
        .split_once('=')
        .ok_or_else(|| anyhow!("--detail \"{pair}\": write it as NAME=VALUE"))?;
    let detail = Detail::named(name)
        .ok_or_else(|| anyhow!("--detail \"{pair}\": no detail called \"{name}\""))?;
    let value =
        DetailValue::parse(detail, value, order, today).map_err(|e| anyhow!("--detail {e}"))?;
    Ok((detail, value))
}
