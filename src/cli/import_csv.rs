//! `casedesk import-csv FILE CSV`: cases from a register CSV, all or nothing unless
//! --skip-bad-rows; every problem named by its row; a dry run changes nothing.

use super::Env;
use super::casebook::{Held, new_casebook, open_for_writing, open_with_key, record};
use crate::count::count;
use crate::domain::{Casebook, RandomIds, Source};
use crate::export::csv::{COLUMNS, Decision, preview_in};
use crate::export::csv_layout::{self, Encoding, Layout, Separator};
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
    /// The file's character encoding: utf-8 or windows-1252 (Excel's "CSV" on Windows).
    /// Detected when left out; a file not in UTF-8 is imported only when it is given.
    #[arg(long)]
    pub encoding: Option<Encoding>,
    /// What separates the values: comma, semicolon or tab. Detected when left out; a file not
    /// separated by commas is imported only when it is given.
    #[arg(long)]
    pub separator: Option<Separator>,
    /// Who supplied the requested people's names (partner exports show what the partner
    /// supplied); by default the partner in an incoming request, ours in an outgoing one.
    #[arg(long, value_enum)]
    pub requested_person_supplied_by: Option<SupplierArg>,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum SupplierArg {
    Partner,
    Ours,
}

impl From<SupplierArg> for Source {
    fn from(s: SupplierArg) -> Self {
        match s {
            SupplierArg::Partner => Source::Partner,
            SupplierArg::Ours => Source::Ours,
        }
    }
}

pub fn run(args: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let Args {
        file,
        csv: csv_path,
        dry_run,
        skip_bad_rows,
        encoding,
        separator,
        requested_person_supplied_by,
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
        (false, false) => (new_casebook(env), None, Some(Held::new_casebook(&file)?)),
    };
    let bytes = crate::store::read_import(&csv_path)
        .with_context(|| format!("reading {}", csv_path.display()))?;
    let csv = csv_layout::read(&bytes, encoding, separator, COLUMNS);
    // A file not in Casedesk's own layout is imported only once the officer has seen how it
    // reads (with --dry-run) and said so: a wrong guess would import garbled names.
    let confirmed = (csv.layout.encoding == Layout::PLAIN.encoding || encoding.is_some())
        && (csv.layout.separator == Layout::PLAIN.separator || separator.is_some());
    if csv.layout != Layout::PLAIN {
        env.note(format_args!(
            "Read {} as {}",
            csv_path.display(),
            csv.layout
        ));
        if !dry_run && !confirmed {
            env.note(format_args!(
                "Check the rows with --dry-run, then import with --encoding {} --separator {}; nothing was imported.",
                csv.layout.encoding.name(),
                csv.layout.separator.name()
            ));
            return Ok(ExitCode::FAILURE);
        }
    }
    let now = Local::now().fixed_offset();
    let source = csv_path.file_name().map_or_else(
        || csv_path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut preview = preview_in(&book, &source, &csv.text, csv.layout, now.date_naive())
        .with_context(|| format!("importing {}", csv_path.display()))?;
    preview.requested_people = requested_person_supplied_by.map(Source::from);
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
            "Dry run: {to_import} of {} would be imported, {bad} {} problems; nothing changed",
            count(preview.rows.len(), "row", "rows"),
            if bad == 1 { "has" } else { "have" }
        )?;
        return Ok(if bad == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }
    if bad > 0 && !skip_bad_rows {
        env.note(format_args!(
            "{} problems; nothing was imported. Fix them, or run again with --skip-bad-rows to import the other {}.",
            count(bad, "row has", "rows have"),
            count(to_import, "row", "rows")
        ));
        return Ok(ExitCode::FAILURE);
    }
    let commands = preview.commands(&book, &mut RandomIds);
    let held = held.ok_or_else(|| anyhow::anyhow!("the casebook is not open for writing"))?;
    record(&mut book, &file, &held, key.as_ref(), commands, now, env)?;
    writeln!(
        out,
        "Imported {to_import} of {} from {source} into {}",
        count(preview.rows.len(), "row", "rows"),
        file.display()
    )?;
    Ok(ExitCode::SUCCESS)
}
