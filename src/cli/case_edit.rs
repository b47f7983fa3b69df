//! What the case-editing subcommands (`set`, `add`, `edit`, `remove`, `correct`, `extend`,
//! `met`) share: the casebook locked and opened for writing, the case found, one domain
//! command made and applied as the window applies it (journaled, then saved), and nothing
//! written when anything is refused.

use super::Env;
use super::casebook::{find_case, open_for_writing, record};
use super::fields::Cx;
use crate::domain::clock::{Clock, clocks};
use crate::domain::warnings::warnings;
use crate::domain::{Case, CaseDetails, CaseId, Casebook, Command, Source};
use crate::export::printable::one_line;
use anyhow::{Result, anyhow, bail};
use chrono::{Local, NaiveDate};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Opens `file` for writing, finds `reference`, asks `make` for the commands to apply (with the
/// case as it stands and the reading context), applies them all or none and saves, and prints
/// "REFERENCE: what was done".
pub fn change_case(
    file: &Path,
    reference: &str,
    env: &mut Env,
    out: &mut impl Write,
    make: impl FnOnce(&Case, &Cx) -> Result<(Vec<Command>, String)>,
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
        new_people: Default::default(),
    };
    let (commands, said) = make(case, &cx)?;
    let id = case.id;
    // One command is all or nothing by itself (as `review` applies it); several go to a copy
    // of the casebook first (`record`), which costs a copy of every case.
    match <[Command; 1]>::try_from(commands) {
        Ok([command]) => {
            held.apply(&mut book, command, now)?;
            held.save(file, &book, now.to_utc(), key.as_ref(), env)?;
        }
        Err(commands) => {
            record(&mut book, file, &held, key.as_ref(), commands, now, env)?;
        }
    }
    writeln!(out, "{}: {}", one_line(&reference), one_line(&said))?;
    warn(&book, id, now.date_naive(), env);
    Ok(ExitCode::SUCCESS)
}

/// Says on stderr what the case should be warned of after a change (`domain::warnings`: a
/// hearing fixed past its statutory limit).
pub fn warn(book: &Casebook, case: CaseId, today: NaiveDate, env: &mut Env) {
    if let Some(case) = book.case(case) {
        for w in warnings(case, today, &book.settings.working_days()) {
            env.note(format_args!("warning: {}: {w}", one_line(&case.reference)));
        }
    }
}

/// [`change_case`] for an edit of the case's details: `edit` changes a copy, which replaces
/// them through `Command::UpdateCase` (the window's editor does the same), so the domain
/// checks them as it checks the window's. A person the edit names who is new is saved first,
/// supplied by whoever supplies a party in that role (`Source::of_party`).
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
        let mut commands: Vec<Command> = (cx.new_people.take().into_iter())
            .map(|mut person| {
                if let Some(party) = details.parties.iter().find(|p| p.person == person.id) {
                    person.source = Source::of_party(party.role, case.direction);
                }
                Command::SavePerson(Box::new(person))
            })
            .collect();
        commands.push(Command::UpdateCase {
            case: case.id,
            details: Box::new(details),
        });
        Ok((commands, said))
    })
}

/// The clock of `case` named `code` (`UK_SOS_DECISION`, any case) that can still be extended
/// or recorded met: the one not stopped yet. Refused naming the case's clocks that can.
pub fn open_clock(case: &Case, code: &str, cx: &Cx) -> Result<Clock> {
    let open: Vec<Clock> = clocks(case, cx.today, &cx.book.settings.working_days())
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
