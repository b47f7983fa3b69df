//! `casedesk actions FILE [--open] [--as-of DATE]`: the action points, overdue ones marked;
//! `casedesk action add|update|edit`: raise one (at a meeting or not), record what happened to
//! it (OPEN | IN_PROGRESS | DONE | DROPPED), edit it.

use super::Env;
use super::casebook::{as_of, find_case, open};
use super::governance::{Cx, RemoveArgs, change, list, remove, text};
use crate::domain::governance::{
    ActionId, ActionPoint, ActionStatus, GovernanceCommand, GovernanceRecord,
};
use crate::domain::ids::{IdSource, RandomIds};
use anyhow::{Result, anyhow};
use chrono::Datelike;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// As JSON: an array of action points, each saying whether it is overdue.
    #[arg(long)]
    pub json: bool,
    /// Only those not done or dropped.
    #[arg(long)]
    pub open: bool,
    /// Overdue counted as of this day instead of today.
    #[arg(long)]
    pub as_of: Option<String>,
}

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// Raise an action point; it is numbered AP-YEAR-NNN unless --number is given.
    #[command(
        after_help = "Examples:\n  casedesk action add casebook.ron \"Share the returns figures\" --due 2026-07-01 --owner \"A. Khan\" --agency \"Ministry of Interior\" --meeting 2026-06-02 --case RO-2026-0004"
    )]
    Add(AddArgs),
    /// Record what happened to an action point, and the status it leaves it in.
    #[command(
        after_help = "Examples:\n  casedesk action update casebook.ron AP-2026-003 done --on 2026-06-28 --note \"Figures sent\""
    )]
    Update(UpdateArgs),
    /// Edit an action point (each option given replaces what it names).
    #[command(
        after_help = "Examples:\n  casedesk action edit casebook.ron AP-2026-003 --due 2026-07-15"
    )]
    Edit(EditArgs),
    /// Remove an action point entered by mistake.
    #[command(after_help = "Examples:\n  casedesk action remove casebook.ron AP-2026-003")]
    Remove(RemoveArgs),
}

#[derive(Debug, Default, clap::Args)]
pub struct Fields {
    /// The day it falls due.
    #[arg(long)]
    pub due: Option<String>,
    /// Who owns it.
    #[arg(long)]
    pub owner: Option<String>,
    /// The owner's agency.
    #[arg(long)]
    pub agency: Option<String>,
    /// A case it is about, by reference (repeat for each).
    #[arg(long = "case")]
    pub cases: Vec<String>,
    /// An agreement it is about, by title (repeat for each).
    #[arg(long = "agreement")]
    pub agreements: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// What is to be done.
    pub text: String,
    /// The day it was raised; the meeting's day, or today, when left out.
    #[arg(long)]
    pub raised: Option<String>,
    /// The meeting that raised it, by its day.
    #[arg(long)]
    pub meeting: Option<String>,
    /// Its number, when not the next AP-YEAR-NNN.
    #[arg(long)]
    pub number: Option<String>,
    #[command(flatten)]
    pub fields: Fields,
}

#[derive(Debug, clap::Args)]
pub struct UpdateArgs {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The action point's number, e.g. AP-2026-003.
    pub number: String,
    /// open, in-progress, done or dropped.
    pub status: String,
    /// The day it happened; today when left out.
    #[arg(long)]
    pub on: Option<String>,
    /// What happened.
    #[arg(long, default_value = "")]
    pub note: String,
}

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The action point's number, e.g. AP-2026-003.
    pub number: String,
    /// What is to be done.
    #[arg(long)]
    pub text: Option<String>,
    #[command(flatten)]
    pub fields: Fields,
}

#[derive(Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    action: &'a ActionPoint,
    overdue: bool,
}

pub fn list_run(args: ListArgs, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let book = open(&args.file, env)?;
    let today = as_of(&book, args.as_of.as_deref())?;
    let mut rows: Vec<Row> = book
        .governance()
        .actions()
        .filter(|a| !args.open || !a.status.is_closed())
        .map(|a| Row {
            action: a,
            overdue: a.is_overdue_on(today),
        })
        .collect();
    rows.sort_by(|a, b| (a.action.due, &a.action.number).cmp(&(b.action.due, &b.action.number)));
    list(
        &rows,
        args.json,
        ("action point", "action points"),
        |r| {
            let a = r.action;
            let owner = match (a.owner.is_empty(), a.owner_agency.is_empty()) {
                (false, false) => format!("{} ({})", a.owner, a.owner_agency),
                (false, true) => a.owner.clone(),
                _ => a.owner_agency.clone(),
            };
            format!(
                "{}  due {}  {}{}  {}  {}",
                a.number,
                a.due,
                a.status,
                if r.overdue { ", OVERDUE" } else { "" },
                if owner.is_empty() { "-" } else { &owner },
                a.text
            )
        },
        env,
        out,
    )
}

impl Cmd {
    /// The casebook it writes.
    pub fn file_mut(&mut self) -> &mut PathBuf {
        match self {
            Cmd::Add(a) => &mut a.file,
            Cmd::Update(a) => &mut a.file,
            Cmd::Edit(a) => &mut a.file,
            Cmd::Remove(a) => &mut a.file,
        }
    }
}

pub fn run(cmd: Cmd, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    match cmd {
        Cmd::Add(args) => change(&args.file.clone(), env, out, |cx| {
            let meeting = args
                .meeting
                .as_deref()
                .map(|m| cx.meeting("--meeting", m))
                .transpose()?;
            let raised = match (&args.raised, meeting) {
                (Some(t), _) => cx.happened("--raised", t)?,
                (None, Some(m)) => m.date,
                (None, None) => cx.today,
            };
            let due = args
                .fields
                .due
                .as_deref()
                .ok_or_else(|| anyhow!("--due: say when the action point falls due"))?;
            let mut a = ActionPoint {
                id: ActionId(RandomIds.next_uuid()),
                number: args.number.as_deref().map_or_else(
                    || cx.book.governance().next_action_number(raised.year()),
                    text,
                ),
                text: text(&args.text),
                meeting: meeting.map(|m| m.id),
                raised,
                owner: String::new(),
                owner_agency: String::new(),
                due: cx.scheduled("--due", due)?,
                status: ActionStatus::Open,
                updates: Vec::new(),
                cases: Vec::new(),
                agreements: Vec::new(),
            };
            fill(&mut a, &args.fields, cx)?;
            let said = format!("Raised {}, due {}", a.number, a.due);
            Ok((vec![save(a)], said))
        }),
        Cmd::Update(args) => change(&args.file.clone(), env, out, |cx| {
            let a = numbered(cx, &args.number)?;
            let status = ActionStatus::parse(&args.status).ok_or_else(|| {
                anyhow!(
                    "STATUS: \u{201c}{}\u{201d} is not a status: open, in-progress, done or dropped",
                    args.status.trim()
                )
            })?;
            let on = match &args.on {
                Some(t) => cx.happened("--on", t)?,
                None => cx.today,
            };
            let said = format!("{}: {} on {on}", a.number, status);
            Ok((
                vec![GovernanceCommand::UpdateAction {
                    action: a.id,
                    on,
                    status,
                    note: text(&args.note),
                }],
                said,
            ))
        }),
        Cmd::Edit(args) => change(&args.file.clone(), env, out, |cx| {
            let mut a = numbered(cx, &args.number)?.clone();
            if let Some(t) = &args.text {
                a.text = text(t);
            }
            fill(&mut a, &args.fields, cx)?;
            let said = format!("Edited {}", a.number);
            Ok((vec![save(a)], said))
        }),
        Cmd::Remove(args) => remove(&args, env, out, |cx, which| {
            cx.record(numbered(cx, which)?.id.0)
        }),
    }
}

fn numbered<'a>(cx: &Cx<'a>, number: &str) -> Result<&'a ActionPoint> {
    cx.book.governance().action_numbered(number).ok_or_else(|| {
        anyhow!(
            "NUMBER: no action point numbered {} (casedesk actions lists them)",
            number.trim()
        )
    })
}

fn save(a: ActionPoint) -> GovernanceCommand {
    GovernanceCommand::Save(Box::new(GovernanceRecord::Action(a)))
}

fn fill(a: &mut ActionPoint, f: &Fields, cx: &Cx) -> Result<()> {
    if let Some(t) = &f.due {
        a.due = cx.scheduled("--due", t)?;
    }
    if let Some(o) = &f.owner {
        a.owner = text(o);
    }
    if let Some(o) = &f.agency {
        a.owner_agency = text(o);
    }
    if !f.cases.is_empty() {
        a.cases = f
            .cases
            .iter()
            .map(|r| {
                find_case(cx.book, r)
                    .map(|c| c.id)
                    .map_err(|e| anyhow!("--case: {e}"))
            })
            .collect::<Result<_>>()?;
    }
    if !f.agreements.is_empty() {
        a.agreements = f
            .agreements
            .iter()
            .map(|t| cx.agreement("--agreement", t).map(|x| x.id))
            .collect::<Result<_>>()?;
    }
    Ok(())
}
