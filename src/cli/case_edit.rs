//! What the case-editing subcommands (`set`, `add`, `edit`, `remove`, `correct`, `extend`,
//! `met`) share: the casebook locked and opened for writing, the case found, one domain
//! command made and applied as the window applies it (journaled, then saved), and nothing
//! written when anything is refused.

use super::Env;
use super::casebook::{Held, find_case, open_for_writing};
use super::fields::Cx;
use crate::domain::clock::{Clock, clocks};
use crate::domain::warnings::warnings;
use crate::domain::{Case, CaseDetails, CaseId, Casebook, Command};
use crate::export::printable::one_line;
use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, FixedOffset, Local, NaiveDate};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Opens `file` for writing, finds `reference`, asks `make` for the command to apply (with the
/// case as it stands and the reading context), applies and saves it, and prints
/// "REFERENCE: what was done".
pub fn change_case(
    file: &Path,
    reference: &str,
    env: &mut Env,
    out: &mut impl Write,
    make: impl FnOnce(&Case, &Cx) -> Result<(Command, String)>,
) -> Result<ExitCode> {
    let (mut book, key, held) = open_for_writing(file, env)?;
    let now = Local::now().fixed_offset();
    let case = find_case(&book, reference)?;
    let reference = case.reference.clone();
    let officer = book.settings.officer_name.clone();
    let cx = Cx {
        book: &book,
        order: book.settings.date_order,
        today: now.date_naive(),
        officer: &officer,
    };
    let (command, said) = make(case, &cx)?;
    let id = case.id;
    apply_and_save(&mut book, command, &held, file, key.as_ref(), now, env)?;
    writeln!(out, "{}: {}", one_line(&reference), one_line(&said))?;
    warn(&book, id, now.date_naive(), env);
    Ok(ExitCode::SUCCESS)
}

/// Says on stderr what the case should be warned of after a change (`domain::warnings`: a
/// hearing fixed past its statutory limit).
pub fn warn(book: &Casebook, case: CaseId, today: NaiveDate, env: &mut Env) {
    if let Some(case) = book.case(case) {
        for w in warnings(case, today) {
            env.note(format_args!("warning: {}: {w}", one_line(&case.reference)));
        }
    }
}

/// [`change_case`] for an edit of the case's details: `edit` changes a copy, which replaces
/// them through `Command::UpdateCase` (the window's editor does the same), so the domain
/// checks them as it checks the window's.
pub fn change_details(
    file: &Path,
    reference: &str,
    env: &mut Env,
    out: &mut impl Write,
    edit: impl FnOnce(&mut CaseDetails, &Cx) -> Result<String>,
) -> Result<ExitCode> {
    change_case(file, reference, env, out, |case, cx| {
        let mut details = case.details.clone();
        let said = edit(&mut details, cx)?;
        if details == case.details {
            bail!("Nothing to change: {said}");
        }
        Ok((
            Command::UpdateCase {
                case: case.id,
                details: Box::new(details),
            },
            said,
        ))
    })
}

fn apply_and_save(
    book: &mut Casebook,
    command: Command,
    held: &Held,
    file: &Path,
    key: Option<&crate::store::Key>,
    now: DateTime<FixedOffset>,
    env: &mut Env,
) -> Result<()> {
    held.apply(book, command, now)?;
    held.save(file, book, now.to_utc(), key, env)
}

/// The clock of `case` named `code` (`UK_SOS_DECISION`, any case) that can still be extended
/// or recorded met: the one not stopped yet. Refused naming the case's clocks that can.
pub fn open_clock(case: &Case, code: &str, cx: &Cx) -> Result<Clock> {
    let open: Vec<Clock> = clocks(case, cx.today)
        .into_iter()
        .filter(Clock::can_be_met)
        .collect();
    let wanted = code.trim().to_uppercase().replace(['-', ' '], "_");
    open.iter()
        .find(|c| c.rule().code == wanted)
        .cloned()
        .ok_or_else(|| {
            let codes: Vec<String> = open
                .iter()
                .map(|c| format!("{} (due {})", c.rule().code, c.due))
                .collect();
            if codes.is_empty() {
                anyhow!(
                    "{} has no running deadline {code}, nor any other",
                    case.reference
                )
            } else {
                anyhow!(
                    "{} has no running deadline {code}; its running deadlines: {}",
                    case.reference,
                    codes.join(", ")
                )
            }
        })
}
