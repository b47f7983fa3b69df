//! `casedesk import-csv FILE CSV`: cases from a register CSV, all or nothing unless
//! --skip-bad-rows; every problem named by its row; a dry run changes nothing.

use super::Env;
use super::casebook::{Held, open_for_writing, open_with_key, record};
use crate::domain::{Casebook, RandomIds};
use crate::export::csv::{Decision, preview};
use crate::export::printable::one_line;
use anyhow::{Context, Result};
use chrono::Local;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// The CSV file to import (a register as `export-csv` writes it).
    pub csv: PathBuf,
    /// Show what would be imported and every problem; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import the good rows and leave out the rows with problems.
    #[arg(long)]
    pub skip_bad_rows: bool,
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let Args {
        file,
        csv: csv_path,
        dry_run,
        skip_bad_rows,
    } = args;
    // Importing into a file that does not exist yet starts a new casebook. A dry run only
    // reads; a real import writes, so it holds the lock and keeps the file's encryption.
    let (mut book, key, held) = match (file.exists(), dry_run) {
        (true, true) => {
            let (book, key) = open_with_key(&file, env)?;
            (book, key, None)
        }
        (true, false) => {
            let (book, key, held) = open_for_writing(&file, env)?;
            (book, key, Some(held))
        }
        (false, true) => (Casebook::default(), None, None),
        (false, false) => (Casebook::default(), None, Some(Held::new_casebook(&file)?)),
    };
    let text = std::fs::read_to_string(&csv_path)
        .with_context(|| format!("reading {}", csv_path.display()))?;
    let now = Local::now().fixed_offset();
    let source = csv_path.file_name().map_or_else(
        || csv_path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let preview = preview(&book, &source, &text, now.date_naive())
        .with_context(|| format!("importing {}", csv_path.display()))?;
    // Problems quote the file's values, and duplicates name cases: no control character of
    // either reaches the terminal.
    for row in &preview.rows {
        for problem in &row.problems {
            writeln!(out, "row {}: {}", row.row, one_line(&problem.to_string()))?;
        }
        for dup in &row.duplicates {
            writeln!(
                out,
                "row {}: skipped, looks like {} ({})",
                row.row,
                one_line(&dup.reference),
                dup.reason
            )?;
        }
    }
    // Column names are the file's too.
    if !preview.ignored_columns.is_empty() {
        writeln!(
            out,
            "Not imported: columns {}",
            one_line(&preview.ignored_columns.join(", "))
        )?;
    }
    let bad = preview.problem_rows().count();
    let to_import = preview
        .rows
        .iter()
        .filter(|r| r.decision == Decision::Import)
        .count();
    if dry_run {
        writeln!(
            out,
            "Dry run: {to_import} of {} rows would be imported, {bad} have problems; nothing changed",
            preview.rows.len()
        )?;
        return Ok(if bad == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }
    if bad > 0 && !skip_bad_rows {
        env.note(format_args!(
            "{bad} rows have problems; nothing was imported. Fix them, or run again with --skip-bad-rows to import the other {to_import} rows."
        ));
        return Ok(ExitCode::FAILURE);
    }
    let commands = preview.commands(&book, &mut RandomIds);
    let held = held.ok_or_else(|| anyhow::anyhow!("the casebook is not open for writing"))?;
    record(&mut book, &file, &held, key.as_ref(), commands, now, env)?;
    writeln!(
        out,
        "Imported {to_import} of {} rows from {source} into {}",
        preview.rows.len(),
        file.display()
    )?;
    Ok(ExitCode::SUCCESS)
}
