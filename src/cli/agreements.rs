//! `casedesk agreements FILE`: the agreements register (status, dates, next review);
//! `casedesk agreement add|edit|status`: enter an agreement, edit it, move its status along
//! DRAFTING → NEGOTIATED → SIGNED → IN_FORCE → UNDER_REVIEW → SUPERSEDED | TERMINATED | LAPSED.

use super::Env;
use super::casebook::{as_of, open};
use super::governance::{Cx, RemoveArgs, change, day, list, remove, text};
use crate::domain::governance::{
    Agreement, AgreementId, AgreementKind, AgreementStatus, FocalPoint, GovernanceCommand,
    GovernanceRecord,
};
use crate::domain::ids::{IdSource, RandomIds};
use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// As JSON: an array of agreements, each with its next review.
    #[arg(long)]
    pub json: bool,
    /// Reviews counted as of this day instead of today.
    #[arg(long)]
    pub as_of: Option<String>,
}

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// Enter an agreement in the register.
    #[command(
        after_help = "Examples:\n  casedesk agreement add casebook.ron \"Letter of intent\" --kind arrangement --status in-force --signed 2024-05-31 --review-months 12 --party \"Ministry of Interior\" --party \"Home Office\""
    )]
    Add(AddArgs),
    /// Edit an agreement's particulars (each option given replaces what it names).
    #[command(
        after_help = "Examples:\n  casedesk agreement edit casebook.ron \"Letter of intent\" --focal \"Joint Secretary (Ministry of Interior)\""
    )]
    Edit(EditArgs),
    /// Move an agreement's status, on the day it moved.
    #[command(
        after_help = "Examples:\n  casedesk agreement status casebook.ron \"Letter of intent\" under-review --on 2026-05-31"
    )]
    Status(StatusArgs),
    /// Remove an agreement entered by mistake (refused while a case, an action point or an
    /// activity names it).
    #[command(
        after_help = "Examples:\n  casedesk agreement remove casebook.ron \"Letter of intnet\""
    )]
    Remove(RemoveArgs),
}

/// An agreement's particulars, as options.
#[derive(Debug, Default, clap::Args)]
pub struct Fields {
    /// treaty, mou or arrangement (a non-binding arrangement).
    #[arg(long)]
    pub kind: Option<String>,
    /// A party (repeat for each).
    #[arg(long = "party")]
    pub parties: Vec<String>,
    /// A signatory (repeat for each).
    #[arg(long = "signatory")]
    pub signatories: Vec<String>,
    /// The day it was signed.
    #[arg(long)]
    pub signed: Option<String>,
    /// The day it came into force.
    #[arg(long)]
    pub in_force: Option<String>,
    /// Months between reviews (12: annual), counted from the day it was signed.
    #[arg(long)]
    pub review_months: Option<u32>,
    /// A focal point, "Name (Agency)" (repeat for each).
    #[arg(long = "focal")]
    pub focal_points: Vec<String>,
    /// A document's reference (repeat for each).
    #[arg(long = "document")]
    pub documents: Vec<String>,
    /// A note on the agreement.
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The agreement's title.
    pub title: String,
    /// Where it stands: drafting (the default), negotiated, signed, in-force, ….
    #[arg(long, default_value = "drafting")]
    pub status: String,
    #[command(flatten)]
    pub fields: Fields,
}

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The agreement: its title, or a part of it only one title holds.
    pub agreement: String,
    /// A new title.
    #[arg(long)]
    pub title: Option<String>,
    #[command(flatten)]
    pub fields: Fields,
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The agreement: its title, or a part of it only one title holds.
    pub agreement: String,
    /// The status it moves to: negotiated, signed, in-force, under-review, superseded, ….
    pub status: String,
    /// The day it moved; today when left out.
    #[arg(long)]
    pub on: Option<String>,
    /// Why it moved (kept with the move).
    #[arg(long, default_value = "")]
    pub note: String,
}

/// An agreement as listed: its particulars and its next review.
#[derive(Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    agreement: &'a Agreement,
    next_review: Option<NaiveDate>,
}

pub fn list_run(args: ListArgs, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let book = open(&args.file, env)?;
    let today = as_of(&book, args.as_of.as_deref())?;
    let rows: Vec<Row> = book
        .governance()
        .agreements()
        .map(|a| Row {
            agreement: a,
            next_review: a.next_review(today),
        })
        .collect();
    list(
        &rows,
        args.json,
        ("agreement", "agreements"),
        |r| {
            let a = r.agreement;
            format!(
                "{}  {}  {}  signed {}  in force {}  next review {}",
                a.title,
                a.kind,
                a.status,
                day(a.signed),
                day(a.in_force),
                day(r.next_review)
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
            Cmd::Status(a) => &mut a.file,
            Cmd::Remove(a) => &mut a.file,
        }
    }
}

pub fn run(cmd: Cmd, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    match cmd {
        Cmd::Add(args) => change(&args.file.clone(), env, out, |cx| {
            let status = status(&args.status, "--status")?;
            let kind = match &args.fields.kind {
                Some(k) => kind(k)?,
                None => AgreementKind::Mou,
            };
            let mut a = Agreement::new(
                AgreementId(RandomIds.next_uuid()),
                &args.title,
                kind,
                status,
            );
            fill(&mut a, &args.fields, cx)?;
            let said = format!("Entered {} ({})", a.title, a.status);
            Ok((vec![save(a)], said))
        }),
        Cmd::Edit(args) => change(&args.file.clone(), env, out, |cx| {
            let mut a = cx.agreement("AGREEMENT", &args.agreement)?.clone();
            if let Some(title) = &args.title {
                a.title = text(title);
            }
            fill(&mut a, &args.fields, cx)?;
            let said = format!("Edited {}", a.title);
            Ok((vec![save(a)], said))
        }),
        Cmd::Status(args) => change(&args.file.clone(), env, out, |cx| {
            let a = cx.agreement("AGREEMENT", &args.agreement)?;
            let to = status(&args.status, "STATUS")?;
            let on = match &args.on {
                Some(t) => cx.happened("--on", t)?,
                None => cx.today,
            };
            let said = format!("{}: {} → {to} on {on}", a.title, a.status);
            Ok((
                vec![GovernanceCommand::MoveAgreement {
                    agreement: a.id,
                    to,
                    on,
                    note: text(&args.note),
                }],
                said,
            ))
        }),
        Cmd::Remove(args) => remove(&args, env, out, |cx, which| {
            cx.record(cx.agreement("AGREEMENT", which)?.id.0)
        }),
    }
}

fn save(a: Agreement) -> GovernanceCommand {
    GovernanceCommand::Save(Box::new(GovernanceRecord::Agreement(a)))
}

/// Puts the options given into `a`.
fn fill(a: &mut Agreement, f: &Fields, cx: &Cx) -> Result<()> {
    if let Some(k) = &f.kind {
        a.kind = kind(k)?;
    }
    if !f.parties.is_empty() {
        a.parties = f.parties.iter().map(|p| text(p)).collect();
    }
    if !f.signatories.is_empty() {
        a.signatories = f.signatories.iter().map(|p| text(p)).collect();
    }
    if let Some(t) = &f.signed {
        a.signed = Some(cx.happened("--signed", t)?);
    }
    if let Some(t) = &f.in_force {
        a.in_force = Some(cx.happened("--in-force", t)?);
    }
    if let Some(m) = f.review_months {
        a.review_months = Some(m);
    }
    if !f.focal_points.is_empty() {
        a.focal_points = f
            .focal_points
            .iter()
            .map(|p| FocalPoint::parse(p))
            .collect();
    }
    if !f.documents.is_empty() {
        a.documents = f.documents.iter().map(|p| text(p)).collect();
    }
    if let Some(n) = &f.note {
        a.note = text(n);
    }
    Ok(())
}

fn kind(typed: &str) -> Result<AgreementKind> {
    match typed.trim().to_lowercase().as_str() {
        "treaty" => Ok(AgreementKind::Treaty),
        "mou" => Ok(AgreementKind::Mou),
        "arrangement" | "non-binding" | "non-binding arrangement" => Ok(AgreementKind::Arrangement),
        _ => Err(anyhow!(
            "--kind: \u{201c}{}\u{201d} is not a kind of agreement: treaty, mou or arrangement",
            typed.trim()
        )),
    }
}

fn status(typed: &str, option: &str) -> Result<AgreementStatus> {
    AgreementStatus::parse(typed).ok_or_else(|| {
        let all: Vec<String> = AgreementStatus::ALL
            .iter()
            .map(|s| s.label().to_lowercase().replace(' ', "-"))
            .collect();
        anyhow!(
            "{option}: \u{201c}{}\u{201d} is not a status: {}",
            typed.trim(),
            all.join(", ")
        )
    })
}
