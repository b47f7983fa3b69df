//! `casedesk attach FILE REFERENCE PATH [--name NAME] [--checklist LABEL | --hearing DATE |
//! --transition STATUS]`: attaches a file to a case. Its bytes are stored once beside the
//! casebook by their hash (sealed when the casebook has a passphrase), then the event is
//! recorded; on any failure nothing is stored and nothing recorded.

use super::Env;
use super::casebook::{find_case, open_for_writing};
use crate::domain::attachment::{AttachedTo, NewAttachment, check_name};
use crate::domain::dates::parse_date;
use crate::domain::{Case, Command, EventKind, Status};
use crate::export::printable::one_line;
use crate::store::attachments;
use anyhow::{Context, Result, anyhow, bail};
use chrono::Local;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The case's reference, e.g. EI-2026-0001.
    pub reference: String,
    /// The file to attach (any kind: PDF, Word, a scan, a photo, a saved e-mail).
    pub path: PathBuf,
    /// The name it is kept under; the file's own name when left out.
    #[arg(long)]
    pub name: Option<String>,
    /// Attach it to the checklist item with this label, e.g. "Arrest warrant".
    #[arg(long, group = "target")]
    pub checklist: Option<String>,
    /// Attach it to the hearing on this day (YYYY-MM-DD or as the casebook writes dates).
    #[arg(long, group = "target")]
    pub hearing: Option<String>,
    /// Attach it to the latest move to this status, e.g. PA_ARRESTED.
    #[arg(long, group = "target")]
    pub transition: Option<String>,
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let name = match &args.name {
        Some(name) => name.clone(),
        None => file_name(&args.path)?,
    };
    check_name(&name).with_context(|| format!("attaching {}", args.path.display()))?;
    let (mut book, key, held) = open_for_writing(&args.file, env)?;
    let case = find_case(&book, &args.reference)?;
    let (id, reference) = (case.id, case.reference.clone());
    let to = target(case, &args, &book.settings)?;
    let stored = attachments::store_file(&args.file, &args.path, key.as_ref(), &mut |_| true)?;
    let attachment = NewAttachment {
        name: name.clone(),
        size: stored.size,
        hash: stored.hash.clone(),
        to,
        drafted: None,
    };
    let now = Local::now().fixed_offset();
    let recorded = held
        .apply(
            &mut book,
            Command::Attach {
                case: id,
                attachment: Box::new(attachment),
            },
            now,
        )
        .map_err(anyhow::Error::from)
        .and_then(|_| held.save(&args.file, &book, now.to_utc(), key.as_ref(), env));
    if let Err(e) = recorded {
        // Not recorded: the bytes just stored are no one's (those kept before stay).
        if !stored.already {
            attachments::remove_unrecorded(&args.file, &stored.hash);
        }
        return Err(e);
    }
    writeln!(
        out,
        "Attached {} ({}) to {}",
        one_line(&name),
        crate::count::bytes(stored.size),
        one_line(&reference)
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The name of the file at `path`, which must be one.
fn file_name(path: &Path) -> Result<String> {
    let name = path
        .file_name()
        .ok_or_else(|| anyhow!("{} names no file", path.display()))?;
    name.to_str().map(str::to_string).ok_or_else(|| {
        anyhow!(
            "The name of {} is not valid text; give it one with --name",
            path.display()
        )
    })
}

/// What in the case the file belongs to, as the arguments say.
fn target(
    case: &Case,
    args: &Args,
    settings: &crate::domain::Settings,
) -> Result<Option<AttachedTo>> {
    if let Some(label) = &args.checklist {
        let item = case
            .details
            .checklist
            .iter()
            .find(|i| i.label.trim().eq_ignore_ascii_case(label.trim()))
            .ok_or_else(|| anyhow!("--checklist: the case has no checklist item {label:?}"))?;
        return Ok(Some(AttachedTo::ChecklistItem(item.id)));
    }
    if let Some(day) = &args.hearing {
        let day = parse_date(day, settings.date_order).map_err(|e| anyhow!("--hearing: {e}"))?;
        let hearing = case
            .details
            .hearings
            .iter()
            .find(|h| h.date == day)
            .ok_or_else(|| anyhow!("--hearing: the case has no hearing on {day}"))?;
        return Ok(Some(AttachedTo::Hearing(hearing.id)));
    }
    if let Some(code) = &args.transition {
        let Some(status) = Status::parse(case.workflow(), code) else {
            bail!("--transition: {code} is not a status of this case's workflow");
        };
        let event = case
            .history()
            .iter()
            .rev()
            .find(|e| matches!(e.kind, EventKind::Transition { to, .. } if to == status))
            .ok_or_else(|| anyhow!("--transition: the case never moved to {code}"))?;
        return Ok(Some(AttachedTo::Transition(event.id)));
    }
    Ok(None)
}
