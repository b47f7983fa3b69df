//! What the governance subcommands (`agreements`, `agreement`, `meetings`, `meeting`,
//! `actions`, `action`, `activities`, `activity`) share: one governance command made from the
//! arguments and applied as the window applies it (journaled, then saved), nothing written
//! when anything is refused; dates and lists read as typed, each error naming its option; and
//! a listing as text or JSON; removing a record entered by mistake.

use super::Env;
use super::casebook::{open_for_writing, record};
use crate::domain::dates::{DateKind, DateOrder, parse_date_for};
use crate::domain::governance::{Agreement, GovernanceCommand, GovernanceRecord, Meeting};
use crate::domain::{Casebook, Command};
use crate::export::printable::one_line;
use anyhow::{Result, anyhow, bail};
use chrono::{Local, NaiveDate};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// How the arguments are read: the casebook as it stands, its date order, today.
pub struct Cx<'a> {
    pub book: &'a Casebook,
    pub order: DateOrder,
    pub today: NaiveDate,
}

impl Cx<'_> {
    /// `text` as a date of something that has happened, the error naming `option`.
    pub fn happened(&self, option: &str, text: &str) -> Result<NaiveDate> {
        parse_date_for(text, self.order, DateKind::Happened, self.today)
            .map_err(|e| anyhow!("{option}: {e}"))
    }

    /// `text` as a date that may be ahead, the error naming `option`.
    pub fn scheduled(&self, option: &str, text: &str) -> Result<NaiveDate> {
        parse_date_for(text, self.order, DateKind::Scheduled, self.today)
            .map_err(|e| anyhow!("{option}: {e}"))
    }

    /// The agreement `text` names: its title, or the only one whose title contains it.
    pub fn agreement(&self, option: &str, text: &str) -> Result<&Agreement> {
        self.book
            .governance()
            .agreement_named(text)
            .ok_or_else(|| {
                anyhow!(
                    "{option}: no agreement is called \u{201c}{}\u{201d} (casedesk agreements lists them)",
                    one_line(text)
                )
            })
    }

    /// The meeting held on `text` (a date), or with `kind` too when several were.
    pub fn meeting(&self, option: &str, text: &str) -> Result<&Meeting> {
        let date = self.scheduled(option, text)?;
        let on: Vec<&Meeting> = self
            .book
            .governance()
            .meetings()
            .filter(|m| m.date == date)
            .collect();
        match on.as_slice() {
            [one] => Ok(one),
            [] => bail!("{option}: no meeting on {date} (casedesk meetings lists them)"),
            many => bail!(
                "{option}: {} meetings on {date}; this picks one only when there is one",
                many.len()
            ),
        }
    }
}

/// Opens `file` for writing, asks `make` for the commands to apply, applies them all or none,
/// saves, and prints what was done.
pub fn change(
    file: &Path,
    env: &mut Env,
    out: &mut impl Write,
    make: impl FnOnce(&Cx) -> Result<(Vec<GovernanceCommand>, String)>,
) -> Result<ExitCode> {
    let (mut book, key, held) = open_for_writing(file, env)?;
    let now = Local::now().fixed_offset();
    let cx = Cx {
        book: &book,
        order: book.settings.date_order,
        today: now.date_naive(),
    };
    let (commands, said) = make(&cx)?;
    let commands = commands.into_iter().map(Command::Governance).collect();
    record(&mut book, file, &held, key.as_ref(), commands, now, env)?;
    writeln!(out, "{}", one_line(&said))?;
    Ok(ExitCode::SUCCESS)
}

/// Prints `rows` as JSON (an array of objects) or, as text, one line each by `line`; says how
/// many on stderr.
pub fn list<T: Serialize>(
    rows: &[T],
    json: bool,
    what: (&str, &str),
    line: impl Fn(&T) -> String,
    env: &mut Env,
    out: &mut impl Write,
) -> Result<ExitCode> {
    if json {
        let mut bytes = serde_json::to_vec_pretty(rows)?;
        bytes.push(b'\n');
        out.write_all(&bytes)?;
    } else {
        for row in rows {
            writeln!(out, "{}", one_line(&line(row)))?;
        }
    }
    env.note(crate::count::count(rows.len(), what.0, what.1));
    Ok(ExitCode::SUCCESS)
}

/// A date as lists show it, or a dash.
pub fn day(date: Option<NaiveDate>) -> String {
    date.map_or_else(|| "-".into(), |d| d.to_string())
}

/// Text typed for a field: trimmed.
pub fn text(value: &str) -> String {
    value.trim().to_string()
}

/// `casedesk agreement|meeting|action|activity remove FILE WHICH`.
#[derive(Debug, clap::Args)]
pub struct RemoveArgs {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// Which one, as `edit` names it: an agreement's title, a meeting's day, an action point's
    /// number, an activity's title.
    pub which: String,
}

/// Removes the record `find` names (entered by mistake): refused, naming them, while an action
/// point, an activity or a case names it; the removal is kept in the record history.
pub fn remove(
    args: &RemoveArgs,
    env: &mut Env,
    out: &mut impl Write,
    find: impl for<'a> FnOnce(&Cx<'a>, &str) -> Result<&'a GovernanceRecord>,
) -> Result<ExitCode> {
    change(&args.file, env, out, |cx| {
        let record = find(cx, &args.which)?;
        let said = format!(
            "Removed the {} {}",
            record.kind().label().to_lowercase(),
            record.name()
        );
        Ok((vec![GovernanceCommand::Remove(record.uuid())], said))
    })
}

impl<'a> Cx<'a> {
    /// The governance record with `id`, as found by its name.
    pub fn record(&self, id: uuid::Uuid) -> Result<&'a GovernanceRecord> {
        self.book
            .governance()
            .record(id)
            .ok_or_else(|| anyhow!("no record with id {id}"))
    }
}
