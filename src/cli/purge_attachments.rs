//! `casedesk purge-attachments FILE [--yes]`: lists the kept files no attachment on a case
//! uses any more (removed from every case); with `--yes`, the officer's confirmation, removes
//! them.

use super::Env;
use super::casebook::open_for_writing;
use crate::count::{bytes, count};
use crate::store::attachments;
use anyhow::{Context, Result};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// Remove them (without it, they are only listed).
    #[arg(long)]
    pub yes: bool,
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    // Under the lock: no attachment is being stored meanwhile.
    let (book, _key, _held) = open_for_writing(&args.file, env)?;
    let folder = attachments::folder(&args.file);
    let unused = attachments::unused(&args.file, &book)
        .with_context(|| format!("reading {}", folder.display()))?;
    let total: u64 = unused.iter().map(|u| u.size).sum();
    let files = count(unused.len(), "file", "files");
    if unused.is_empty() {
        writeln!(out, "No attachment's file is unused")?;
    } else if args.yes {
        attachments::purge(&args.file, &unused)
            .with_context(|| format!("removing files from {}", folder.display()))?;
        writeln!(out, "Removed {files} ({}) no case uses", bytes(total))?;
    } else {
        for u in &unused {
            writeln!(out, "{}  {}", u.path.display(), bytes(u.size))?;
        }
        writeln!(
            out,
            "{files} ({}) no case uses; run again with --yes to remove them",
            bytes(total)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
