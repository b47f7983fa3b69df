//! `casedesk attachments FILE REFERENCE [--removed] [--verify] [--extract N -o OUT]`: the files
//! attached to a case, numbered as `detach` and `bundle` take them; `--verify` checks each
//! against its hash (a missing or altered one is named and the exit is a failure);
//! `--extract` writes one out, checked first.

use super::casebook::{find_case, open_with_key};
use super::{Env, output};
use crate::count::{bytes, count};
use crate::domain::attachment::{self, AttachedTo, Attachment};
use crate::domain::{Case, EventKind};
use crate::export::printable::one_line;
use crate::store::attachments::{extract, verify};
use anyhow::{Result, anyhow, bail};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The case's reference, e.g. EI-2026-0001.
    pub reference: String,
    /// List the attachments removed from the case too.
    #[arg(long)]
    pub removed: bool,
    /// Check each file against the hash recorded when it was attached.
    #[arg(long)]
    pub verify: bool,
    /// Write the attachment with this number (or name) to OUTPUT, checked first.
    #[arg(long, requires = "output")]
    pub extract: Option<String>,
    /// Where --extract writes.
    #[arg(short, long, requires = "extract")]
    pub output: Option<PathBuf>,
    /// Replace OUTPUT if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let target = match &args.output {
        Some(o) if o.as_os_str() == "-" => bail!("-o -: name a file to write the attachment to"),
        Some(o) => Some(output::export(o, &args.file, args.force)?),
        None => None,
    };
    let (book, key) = open_with_key(&args.file, env)?;
    let case = find_case(&book, &args.reference)?;
    if let (Some(which), Some(output::Output::File(to))) = (&args.extract, &target) {
        let a = pick(case, which)?;
        extract(&args.file, &a, key.as_ref(), &to.path, &mut |_| true)?;
        writeln!(out, "Wrote {} to {}", one_line(a.name), to.path.display())?;
        return Ok(ExitCode::SUCCESS);
    }
    let list = attachment::attachments(case);
    let mut failed = 0;
    let mut number = 0;
    for a in &list {
        if !a.is_removed() {
            number += 1;
        } else if !args.removed {
            continue;
        }
        let mut line = format!(
            "{}  {}  {}  {} by {}{}  {}",
            if a.is_removed() {
                "-".to_string()
            } else {
                number.to_string()
            },
            one_line(a.name),
            bytes(a.size),
            a.event.recorded_at.format("%Y-%m-%d"),
            one_line(&a.event.officer),
            belongs_to(case, a),
            &a.hash[..16],
        );
        if let Some(removed) = a.removed {
            line.push_str(&format!(
                "  (removed {})",
                removed.recorded_at.format("%Y-%m-%d")
            ));
        }
        if args.verify {
            match verify(&args.file, a, key.as_ref()) {
                Ok(()) => line.push_str("  verified"),
                Err(e) => {
                    failed += 1;
                    env.note(one_line(&e.to_string()));
                    line.push_str("  NOT VERIFIED");
                }
            }
        }
        writeln!(out, "{line}")?;
    }
    if number == 0 {
        writeln!(out, "{} has no attachments", one_line(&case.reference))?;
    }
    if failed > 0 {
        bail!(
            "{} did not verify (named above)",
            count(failed, "attachment", "attachments")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The attachment of `case` still on it that `which` names: its number in the list (from 1),
/// or its name.
pub fn pick<'a>(case: &'a Case, which: &str) -> Result<Attachment<'a>> {
    let current: Vec<Attachment> = attachment::current(case).collect();
    let found = match which.trim().parse::<usize>() {
        Ok(n) if n >= 1 => current.get(n - 1).copied(),
        _ => current.iter().find(|a| a.name == which.trim()).copied(),
    };
    found.ok_or_else(|| {
        anyhow!(
            "{} has no attachment {which:?} (`casedesk attachments` lists them, numbered)",
            one_line(&case.reference)
        )
    })
}

/// ", for the checklist item Arrest warrant" and the like.
fn belongs_to(case: &Case, a: &Attachment) -> String {
    match a.to {
        None => String::new(),
        Some(AttachedTo::ChecklistItem(id)) => case
            .details
            .checklist
            .iter()
            .find(|i| i.id == id)
            .map(|i| format!(", for {}", one_line(&i.label)))
            .unwrap_or_default(),
        Some(AttachedTo::Hearing(id)) => case
            .details
            .hearings
            .iter()
            .find(|h| h.id == id)
            .map(|h| format!(", for the hearing on {}", h.date))
            .unwrap_or_default(),
        Some(AttachedTo::Transition(id)) => case
            .history()
            .iter()
            .find(|e| e.id == id)
            .and_then(|e| match &e.kind {
                EventKind::Transition { to, .. } => Some(format!(", for the move to {to}")),
                _ => None,
            })
            .unwrap_or_default(),
    }
}
