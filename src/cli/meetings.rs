//! `casedesk meetings FILE`: the programme's meetings, with how many action points each
//! raised; `casedesk meeting add|edit`: record a meeting (JSC annual review, UPSCALE monthly
//! review, US–PK Law Enforcement Dialogue, ad hoc) and its attendees and decisions.

use super::Env;
use super::casebook::open;
use super::governance::{Cx, RemoveArgs, change, day, list, remove, text};
use crate::domain::governance::{
    Attendance, GovernanceCommand, GovernanceRecord, Meeting, MeetingId, MeetingKind,
};
use crate::domain::ids::{IdSource, RandomIds};
use anyhow::{Result, anyhow};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// As JSON: an array of meetings, each with its action points' count.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// Record a meeting.
    #[command(
        after_help = "Examples:\n  casedesk meeting add casebook.ron monthly 2026-06-02 --chair \"Programme manager\" --attendee \"Ministry of Interior: A. Khan, B. Ali\" --decision \"Workplan agreed\""
    )]
    Add(AddArgs),
    /// Edit a meeting (each option given replaces what it names).
    #[command(
        after_help = "Examples:\n  casedesk meeting edit casebook.ron 2026-06-02 --decision \"Workplan agreed\" --decision \"Next review in July\""
    )]
    Edit(EditArgs),
    /// Remove a meeting entered by mistake (refused while action points name it).
    #[command(after_help = "Examples:\n  casedesk meeting remove casebook.ron 2026-06-02")]
    Remove(RemoveArgs),
}

#[derive(Debug, Default, clap::Args)]
pub struct Fields {
    /// Who chaired it.
    #[arg(long)]
    pub chair: Option<String>,
    /// An agency and who came from it, "Agency: name, name" (repeat for each agency).
    #[arg(long = "attendee")]
    pub attendees: Vec<String>,
    /// A decision (repeat for each).
    #[arg(long = "decision")]
    pub decisions: Vec<String>,
    /// A document's reference (repeat for each).
    #[arg(long = "document")]
    pub documents: Vec<String>,
    /// The next meeting's day (a monthly review's is a month on unless given).
    #[arg(long)]
    pub next: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// jsc, monthly, dialogue or adhoc.
    pub kind: String,
    /// The day it met.
    pub date: String,
    #[command(flatten)]
    pub fields: Fields,
}

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The day it met.
    pub date: String,
    #[command(flatten)]
    pub fields: Fields,
}

#[derive(Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    meeting: &'a Meeting,
    action_points: usize,
}

pub fn list_run(args: ListArgs, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let book = open(&args.file, env)?;
    let g = book.governance();
    let mut rows: Vec<Row> = g
        .meetings()
        .map(|m| Row {
            meeting: m,
            action_points: g.actions().filter(|a| a.meeting == Some(m.id)).count(),
        })
        .collect();
    rows.sort_by_key(|r| r.meeting.date);
    list(
        &rows,
        args.json,
        ("meeting", "meetings"),
        |r| {
            let m = r.meeting;
            format!(
                "{}  {}  chair {}  {} agencies  {} decisions  {} action points  next {}",
                m.date,
                m.kind,
                if m.chair.is_empty() { "-" } else { &m.chair },
                m.attendees.len(),
                m.decisions.len(),
                r.action_points,
                day(m.next_meeting)
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
            Cmd::Edit(a) => &mut a.file,
            Cmd::Remove(a) => &mut a.file,
        }
    }
}

pub fn run(cmd: Cmd, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    match cmd {
        Cmd::Add(args) => change(&args.file.clone(), env, out, |cx| {
            let kind = MeetingKind::parse(&args.kind).ok_or_else(|| {
                anyhow!(
                    "KIND: \u{201c}{}\u{201d} is not a kind of meeting: jsc, monthly, dialogue or adhoc",
                    args.kind.trim()
                )
            })?;
            let date = cx.scheduled("DATE", &args.date)?;
            let mut m = Meeting::new(MeetingId(RandomIds.next_uuid()), kind, date);
            fill(&mut m, &args.fields, cx)?;
            let said = format!("Recorded the {}", m.title());
            Ok((vec![save(m)], said))
        }),
        Cmd::Edit(args) => change(&args.file.clone(), env, out, |cx| {
            let mut m = cx.meeting("DATE", &args.date)?.clone();
            fill(&mut m, &args.fields, cx)?;
            let said = format!("Edited the {}", m.title());
            Ok((vec![save(m)], said))
        }),
        Cmd::Remove(args) => remove(&args, env, out, |cx, which| {
            cx.record(cx.meeting("WHICH", which)?.id.0)
        }),
    }
}

fn save(m: Meeting) -> GovernanceCommand {
    GovernanceCommand::Save(Box::new(GovernanceRecord::Meeting(m)))
}

fn fill(m: &mut Meeting, f: &Fields, cx: &Cx) -> Result<()> {
    if let Some(c) = &f.chair {
        m.chair = text(c);
    }
    if !f.attendees.is_empty() {
        m.attendees = f.attendees.iter().map(|a| Attendance::parse(a)).collect();
    }
    if !f.decisions.is_empty() {
        m.decisions = f.decisions.iter().map(|d| text(d)).collect();
    }
    if !f.documents.is_empty() {
        m.documents = f.documents.iter().map(|d| text(d)).collect();
    }
    if let Some(t) = &f.next {
        m.next_meeting = Some(cx.scheduled("--next", t)?);
    }
    Ok(())
}
