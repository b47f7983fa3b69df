//! `casedesk activities FILE`: the capacity-building log; `casedesk activity add|edit`: record
//! a training, expert exchange, field trip, workshop, conference, joint project, knowledge
//! exchange or equipment given, with its participants, value and follow-up.

use super::Env;
use super::casebook::open;
use super::governance::{Cx, RemoveArgs, change, day, list, remove, text};
use crate::domain::CaseKind;
use crate::domain::governance::{
    Activity, ActivityId, ActivityKind, GovernanceCommand, GovernanceRecord, Money,
};
use crate::domain::ids::{IdSource, RandomIds};
use anyhow::{Result, anyhow, bail};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// As JSON: an array of activities.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// Record a capacity-building activity.
    #[command(
        after_help = "Examples:\n  casedesk activity add casebook.ron training \"Financial investigation course\" --start 2026-03-09 --end 2026-03-13 --participants 24 --beneficiary \"National Police Bureau\" --workstream mla\n  casedesk activity add casebook.ron equipment \"Forensic imaging kits\" --start 2026-04-01 --value 48500 --currency GBP"
    )]
    Add(AddArgs),
    /// Edit an activity (each option given replaces what it names).
    #[command(
        after_help = "Examples:\n  casedesk activity edit casebook.ron \"Financial investigation course\" --outcome \"24 officers trained\" --follow-up \"Refresher in 2027\""
    )]
    Edit(EditArgs),
    /// Remove an activity entered by mistake.
    #[command(
        after_help = "Examples:\n  casedesk activity remove casebook.ron \"Financial investigation course\""
    )]
    Remove(RemoveArgs),
}

#[derive(Debug, Default, clap::Args)]
pub struct Fields {
    /// The first day.
    #[arg(long)]
    pub start: Option<String>,
    /// The last day, for more than one.
    #[arg(long)]
    pub end: Option<String>,
    /// Where it took place.
    #[arg(long)]
    pub place: Option<String>,
    /// Who gave it.
    #[arg(long)]
    pub provider: Option<String>,
    /// The agency it was for.
    #[arg(long)]
    pub beneficiary: Option<String>,
    /// How many took part.
    #[arg(long)]
    pub participants: Option<u32>,
    /// The workstream: extradition, mla, returns, conviction-data, service-provider,
    /// police-enquiry or offender-alert.
    #[arg(long)]
    pub workstream: Option<String>,
    /// Its value, e.g. 48500 or 48,500.00 (with --currency).
    #[arg(long, requires = "currency")]
    pub value: Option<String>,
    /// The value's currency: GBP, PKR, USD.
    #[arg(long, requires = "value")]
    pub currency: Option<String>,
    /// The agreement it falls under, by title.
    #[arg(long)]
    pub agreement: Option<String>,
    /// What came of it.
    #[arg(long)]
    pub outcome: Option<String>,
    /// What is to follow.
    #[arg(long)]
    pub follow_up: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// training, expert-exchange, field-trip, workshop, conference, joint-project,
    /// knowledge-exchange or equipment.
    pub kind: String,
    /// What it was called.
    pub title: String,
    #[command(flatten)]
    pub fields: Fields,
}

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The activity's title.
    pub activity: String,
    /// A new title.
    #[arg(long)]
    pub title: Option<String>,
    #[command(flatten)]
    pub fields: Fields,
}

pub fn list_run(args: ListArgs, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let book = open(&args.file, env)?;
    let mut rows: Vec<&Activity> = book.governance().activities().collect();
    rows.sort_by_key(|a| a.start);
    list(
        &rows,
        args.json,
        ("activity", "activities"),
        |a| {
            format!(
                "{}  {}  {}  to {}  {} participants  {}  {}",
                a.start,
                a.kind,
                a.title,
                day(a.end),
                a.participants,
                if a.beneficiary.is_empty() {
                    "-"
                } else {
                    &a.beneficiary
                },
                a.value
                    .as_ref()
                    .map_or_else(|| "-".into(), ToString::to_string)
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
            let kind = ActivityKind::parse(&args.kind).ok_or_else(|| {
                anyhow!(
                    "KIND: \u{201c}{}\u{201d} is not a kind of activity: training, expert-exchange, field-trip, workshop, conference, joint-project, knowledge-exchange or equipment",
                    args.kind.trim()
                )
            })?;
            let Some(start) = &args.fields.start else {
                bail!("--start: say when it started");
            };
            let start = cx.scheduled("--start", start)?;
            let mut a = Activity::new(ActivityId(RandomIds.next_uuid()), kind, &args.title, start);
            fill(&mut a, &args.fields, cx)?;
            let said = format!("Recorded {} ({}), {}", a.title, a.kind, a.start);
            Ok((vec![save(a)], said))
        }),
        Cmd::Edit(args) => change(&args.file.clone(), env, out, |cx| {
            let mut a = titled(cx, &args.activity)?.clone();
            if let Some(t) = &args.title {
                a.title = text(t);
            }
            fill(&mut a, &args.fields, cx)?;
            let said = format!("Edited {}", a.title);
            Ok((vec![save(a)], said))
        }),
        Cmd::Remove(args) => remove(&args, env, out, |cx, which| {
            cx.record(titled(cx, which)?.id.0)
        }),
    }
}

fn titled<'a>(cx: &Cx<'a>, title: &str) -> Result<&'a Activity> {
    let key = title.trim().to_lowercase();
    cx.book
        .governance()
        .activities()
        .find(|a| a.title.to_lowercase() == key)
        .ok_or_else(|| {
            anyhow!(
                "ACTIVITY: no activity is called \u{201c}{}\u{201d} (casedesk activities lists them)",
                title.trim()
            )
        })
}

fn save(a: Activity) -> GovernanceCommand {
    GovernanceCommand::Save(Box::new(GovernanceRecord::Activity(a)))
}

fn fill(a: &mut Activity, f: &Fields, cx: &Cx) -> Result<()> {
    if let Some(t) = &f.start {
        a.start = cx.scheduled("--start", t)?;
    }
    if let Some(t) = &f.end {
        a.end = Some(cx.scheduled("--end", t)?);
    }
    for (slot, value) in [
        (&mut a.place, &f.place),
        (&mut a.provider, &f.provider),
        (&mut a.beneficiary, &f.beneficiary),
        (&mut a.outcome, &f.outcome),
        (&mut a.follow_up, &f.follow_up),
    ] {
        if let Some(v) = value {
            *slot = text(v);
        }
    }
    if let Some(n) = f.participants {
        a.participants = n;
    }
    if let Some(w) = &f.workstream {
        a.workstream = Some(workstream(w)?);
    }
    if let (Some(value), Some(currency)) = (&f.value, &f.currency) {
        a.value = Some(Money::parse(value, currency).map_err(|e| anyhow!("--value: {e}"))?);
    }
    if let Some(t) = &f.agreement {
        a.agreement = Some(cx.agreement("--agreement", t)?.id);
    }
    Ok(())
}

fn workstream(typed: &str) -> Result<CaseKind> {
    let key: String = typed
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    CaseKind::ALL
        .iter()
        .copied()
        .find(|k| {
            let label: String = k
                .label()
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            label == key
        })
        .ok_or_else(|| {
            anyhow!(
                "--workstream: \u{201c}{}\u{201d} is not a workstream: extradition, mla, returns, conviction-data, service-provider, police-enquiry or offender-alert",
                typed.trim()
            )
        })
}
