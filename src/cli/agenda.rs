//! `casedesk agenda FILE`: everything due across the casebook — deadlines, chasers, reviews,
//! hearings and tasks — overdue, today, this week and the next 30 days; as text, `--json`, or
//! `--ics -o FILE` (iCalendar, every item ahead, for Outlook or Thunderbird: importing a newer
//! file updates the entries).

use super::casebook::{find_case, open};
use super::{Env, output};
use crate::domain::agenda::{Agenda, Filter, ItemKind};
use crate::domain::dates::{DateKind, parse_date_for};
use crate::domain::{CaseId, Casebook, ProgrammeArea};
use crate::export::agenda as render;
use crate::export::redact::{AgendaLine, action_lines, agenda_lines};
use anyhow::{Result, anyhow, bail};
use chrono::{Local, Utc};
use clap::ValueEnum;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// As JSON: one object per line of the agenda.
    #[arg(long, conflicts_with = "ics")]
    pub json: bool,
    /// As an iCalendar file (every item ahead, not only the next 30 days); needs -o.
    #[arg(long, requires = "output")]
    pub ics: bool,
    /// The file to write (--ics), or - for standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Replace OUTPUT if it exists (never a casebook or one of its files).
    #[arg(long)]
    pub force: bool,
    /// Only the lines for this officer (a task's assignee, otherwise the case's officer).
    #[arg(long)]
    pub officer: Option<String>,
    /// Only lines of this kind.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// A programme area, e.g. "Narcotics".
    #[arg(long)]
    pub area: Option<String>,
    /// Only this case's lines.
    #[arg(long = "case", value_name = "REFERENCE")]
    pub reference: Option<String>,
    /// The agenda as of this day instead of today (nothing is changed).
    #[arg(long)]
    pub as_of: Option<String>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum KindArg {
    Deadline,
    Chaser,
    Review,
    Hearing,
    Task,
    ActionPoint,
}

impl From<KindArg> for ItemKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Deadline => ItemKind::Deadline,
            KindArg::Chaser => ItemKind::Chaser,
            KindArg::Review => ItemKind::Review,
            KindArg::Hearing => ItemKind::Hearing,
            KindArg::Task => ItemKind::Task,
            KindArg::ActionPoint => ItemKind::ActionPoint,
        }
    }
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    // Checked before the casebook is read: a refused path changes nothing.
    let output = match &args.output {
        Some(path) if args.ics => Some(output::export(path, &args.file, args.force)?),
        Some(_) => bail!("-o: only the iCalendar file (--ics) is written to a file"),
        None => None,
    };
    let area = args.area.as_deref().map(parse_area).transpose()?;
    let book = open(&args.file, env)?;
    let today = match &args.as_of {
        Some(text) => parse_date_for(
            text,
            book.settings.date_order,
            DateKind::Scheduled,
            Local::now().date_naive(),
        )
        .map_err(|e| anyhow!("--as-of: {e}"))?,
        None => Local::now().date_naive(),
    };
    let only = match &args.reference {
        Some(r) => Some(find_case(&book, r)?.id),
        None => None,
    };
    let filter = Filter {
        officer: args.officer.clone(),
        kind: args.kind.map(Into::into),
        area,
    };
    let agenda = agenda_of(&book, only, today);
    match output {
        Some(output) => {
            let lines = lines_of(&book, &agenda, &filter, only.is_none(), true);
            output.write(&render::ics(&lines, Utc::now()), out)?;
            output.tell(
                format_args!("Wrote {} agenda items to {output}", lines.len()),
                env,
                out,
            )?;
        }
        None => {
            let lines = lines_of(&book, &agenda, &filter, only.is_none(), false);
            if args.json {
                out.write_all(&render::json(&lines)?)?;
            } else {
                out.write_all(render::text(&lines).as_bytes())?;
            }
            env.note(format_args!("{} agenda items", lines.len()));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The agenda's lines, with the action points due when it is the whole casebook's, by date.
fn lines_of(
    book: &Casebook,
    agenda: &Agenda,
    filter: &Filter,
    whole: bool,
    beyond: bool,
) -> Vec<AgendaLine> {
    let mut lines = agenda_lines(book, agenda, filter, beyond);
    if whole {
        lines.extend(action_lines(book, agenda.today(), filter, beyond));
        lines.sort_by_key(|l| l.date);
    }
    lines
}

/// The agenda of the whole casebook, or of one case.
fn agenda_of(book: &Casebook, only: Option<CaseId>, today: chrono::NaiveDate) -> Agenda {
    match only {
        None => Agenda::new(book, today),
        Some(id) => {
            let mut agenda = Agenda::default_for(today);
            agenda.update_case(book, id);
            agenda
        }
    }
}

fn parse_area(text: &str) -> Result<ProgrammeArea> {
    ProgrammeArea::ALL
        .iter()
        .copied()
        .find(|a| {
            a.label().eq_ignore_ascii_case(text.trim())
                || format!("{a:?}").eq_ignore_ascii_case(text.trim())
        })
        .ok_or_else(|| {
            anyhow!(
                "--area: \"{text}\" is not a programme area; choose one of: {}",
                ProgrammeArea::ALL
                    .iter()
                    .map(|a| a.label())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}
