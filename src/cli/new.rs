//! `casedesk new FILE --kind K --direction D`: opens a case (and the casebook, if there is none
//! yet); prints its reference.

use super::casebook::{Held, new_casebook, open_for_writing};
use super::{Env, KindArg};
use crate::domain::{
    self, CaseId, CaseKind, Command, Direction, RandomIds,
    dates::{DateKind, parse_date_for},
};
use anyhow::{Result, anyhow};
use chrono::Local;
use clap::ValueEnum;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The kind of case.
    #[arg(long, value_enum)]
    pub kind: KindArg,
    /// Incoming: the partner asks us; outgoing: we ask the partner.
    #[arg(long, value_enum)]
    pub direction: DirectionArg,
    /// Date opened (YYYY-MM-DD or D/M/YYYY); today by default.
    #[arg(long)]
    pub opened: Option<String>,
    /// A first summary of the case (editable later).
    #[arg(long, default_value = "")]
    pub summary: String,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DirectionArg {
    Incoming,
    Outgoing,
}

impl From<DirectionArg> for Direction {
    fn from(d: DirectionArg) -> Self {
        match d {
            DirectionArg::Incoming => Direction::Incoming,
            DirectionArg::Outgoing => Direction::Outgoing,
        }
    }
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let file = args.file;
    let (mut book, key, held) = if file.exists() {
        open_for_writing(&file, env)?
    } else {
        (new_casebook(env), None, Held::new_casebook(&file)?)
    };
    let now = Local::now().fixed_offset();
    let opened = match args.opened {
        Some(text) => parse_date_for(
            &text,
            book.settings.date_order,
            DateKind::Happened,
            now.date_naive(),
        )
        .map_err(|e| anyhow!("--opened: {e}"))?,
        None => now.date_naive(),
    };
    let (kind, direction): (CaseKind, Direction) = (args.kind.into(), args.direction.into());
    let mut details = book.settings.new_case_details(direction);
    details.summary = args.summary;
    domain::crossings::handling_defaults(kind, &mut details);
    let id = CaseId(domain::IdSource::next_uuid(&mut RandomIds));
    let open = Command::OpenCase {
        id,
        kind,
        direction,
        opened,
        details: Box::new(details),
    };
    held.apply(&mut book, open, now)?;
    held.save(&file, &book, now.to_utc(), key.as_ref(), env)?;
    let reference = book
        .case(id)
        .map(|c| c.reference.clone())
        .unwrap_or_default();
    writeln!(out, "{reference}")?;
    Ok(ExitCode::SUCCESS)
}
