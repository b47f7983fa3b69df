//! The command line: `casedesk` opens the window; subcommands do the same work headless,
//! through the same domain commands and the same atomic store as the window.

use crate::domain::{
    self, CaseId, CaseKind, Casebook, Command, Ctx, Detail, DetailValue, Direction, ExportProfile,
    RandomIds, Status, TransitionRequest,
    check::check_casebook,
    dates::{DateKind, parse_date_for},
    stats::DateRange,
};
use crate::export::printable::{one_line, printable};
use crate::export::{self, ExportMeta, Format, Progress, Selection};
use crate::store::{self, Key, LoadError};
use anyhow::{Context, Result, anyhow, bail};
use chrono::{Local, NaiveDate, NaiveTime, Utc};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod leftovers;
mod merge;
mod output;
mod paths;
pub mod restore;
pub mod snapshots;
mod team;

#[derive(Debug, Parser)]
#[command(
    name = "casedesk",
    version = crate::build_info::LONG_VERSION,
    about = "Extradition and mutual legal assistance casebook for liaison officers",
    long_about = "Extradition and mutual legal assistance casebook for liaison officers.\n\nWith no subcommand, opens the window on the default casebook."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Open a casebook in the window.
    Open { file: PathBuf },
    /// Parse and check a casebook; exit 0 only when it is sound.
    Check { file: PathBuf },
    /// Write a realistic synthetic casebook (same seed and date, same file).
    Demo {
        #[arg(long)]
        cases: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The day the sample is built around (YYYY-MM-DD); today by default.
        #[arg(long, value_parser = parse_iso_date)]
        today: Option<NaiveDate>,
        #[arg(short, long)]
        output: PathBuf,
        /// Replace OUTPUT if it exists (the file replaced is kept as a snapshot).
        #[arg(long)]
        force: bool,
    },
    /// List cases, optionally filtered.
    List {
        file: PathBuf,
        /// A state code such as PA_ARRESTED, or its label.
        #[arg(long)]
        status: Option<String>,
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// Only cases with a deadline past its due date.
        #[arg(long)]
        overdue: bool,
    },
    /// Show one case in full.
    Show { file: PathBuf, reference: String },
    /// Open a new case; prints its reference.
    New {
        file: PathBuf,
        #[arg(long, value_enum)]
        kind: KindArg,
        #[arg(long, value_enum)]
        direction: DirectionArg,
        /// Date opened (YYYY-MM-DD or D/M/YYYY); today by default.
        #[arg(long)]
        opened: Option<String>,
        #[arg(long, default_value = "")]
        summary: String,
    },
    /// Set, change or remove a casebook's passphrase (read from CASEDESK_NEW_PASSPHRASE or
    /// asked for; the current one from CASEDESK_PASSPHRASE or asked for).
    Passphrase {
        file: PathBuf,
        /// Remove the encryption instead.
        #[arg(long)]
        remove: bool,
    },
    /// Move a case to another state of its workflow.
    Transition {
        file: PathBuf,
        reference: String,
        /// The target state, e.g. PA_ARRESTED.
        to: String,
        /// The date it happened (YYYY-MM-DD or D/M/YYYY).
        #[arg(long)]
        on: String,
        #[arg(long, default_value = "")]
        reason: String,
        /// Go past missing checklist items, assurances or case data, saying why.
        #[arg(long)]
        override_reason: Option<String>,
        /// A detail the transition records, as NAME=VALUE (e.g. --detail "Court=Westminster").
        #[arg(long = "detail", value_name = "NAME=VALUE")]
        details: Vec<String>,
    },
    /// Export a summary of one or several cases; records the disclosure in each case's history.
    Export {
        file: PathBuf,
        #[arg(required = true)]
        references: Vec<String>,
        #[arg(long, value_enum)]
        format: DocFormatArg,
        #[arg(long, value_enum)]
        profile: ProfileArg,
        /// Who receives it (recorded in each case's history).
        #[arg(long = "to")]
        recipient: String,
        /// Include neither-confirm-nor-deny cases in a partner or statistics export.
        #[arg(long)]
        include_ncnd: bool,
        /// The file to write, or - for standard output.
        #[arg(short, long)]
        output: PathBuf,
        /// Replace OUTPUT if it exists (never a casebook or one of its files).
        #[arg(long)]
        force: bool,
    },
    /// Write a review report for a period (e.g. a month for the programme's monthly review).
    Report {
        file: PathBuf,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long, value_enum)]
        format: ReportFormatArg,
        #[arg(long, value_enum, default_value = "full")]
        profile: ProfileArg,
        /// Who receives it (recorded in the history of the cases it names).
        #[arg(long = "for", default_value = "internal")]
        recipient: String,
        /// The file to write, or - for standard output.
        #[arg(short, long)]
        output: PathBuf,
        /// Replace OUTPUT if it exists (never a casebook or one of its files).
        #[arg(long)]
        force: bool,
    },
    /// Import cases from a register CSV; nothing is imported while a row has a problem unless
    /// --skip-bad-rows says to leave those rows out, and rows like an existing case are skipped.
    ImportCsv {
        file: PathBuf,
        csv: PathBuf,
        /// Show what would be imported and every problem; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Import the good rows and leave out the rows with problems.
        #[arg(long)]
        skip_bad_rows: bool,
    },
    /// Write the register (every case) as CSV.
    ExportCsv {
        file: PathBuf,
        /// The file to write, or - for standard output.
        #[arg(short, long)]
        output: PathBuf,
        /// Replace OUTPUT if it exists (never a casebook or one of its files).
        #[arg(long)]
        force: bool,
    },
    /// Merge another officer's copy (THEIRS) into OURS, or into OUT; prints what it brings
    /// and every conflict. With --prefer none (the default) nothing is written while a conflict
    /// remains.
    Merge {
        ours: PathBuf,
        theirs: PathBuf,
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "none")]
        prefer: merge::PreferArg,
        /// Replace OUT if it exists (the file replaced is kept as a snapshot).
        #[arg(long)]
        force: bool,
    },
    /// List a casebook's snapshots (when taken, size, cases), newest first; or set which are
    /// kept on this computer.
    Snapshots(snapshots::Args),
    /// Put a snapshot back as the casebook; the current version is kept as a snapshot first.
    Restore(restore::Args),
    /// Show, set or clear the team folder: each save also writes this officer's copy there
    /// (see "Working as a team" in the README); or merge every copy there that brings changes.
    TeamFolder {
        file: PathBuf,
        folder: Option<PathBuf>,
        /// Stop writing a copy to the team folder.
        #[arg(long)]
        clear: bool,
        /// Merge every copy in the team folder (colleagues', your other computers', sync
        /// conflict copies of yours) into FILE, one after another, as `merge` does.
        #[arg(long, conflicts_with_all = ["folder", "clear"])]
        merge: bool,
        /// With --merge: which side wins a conflict.
        #[arg(long, value_enum, default_value = "none", requires = "merge")]
        prefer: merge::PreferArg,
        /// Your name, which your copy is named after (kept in the casebook's settings).
        #[arg(long)]
        officer: Option<String>,
        /// Your agency, also in your copy's name.
        #[arg(long)]
        agency: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DocFormatArg {
    Md,
    Html,
    Pdf,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ReportFormatArg {
    Md,
    Html,
    Pdf,
    Csv,
}

impl From<DocFormatArg> for Format {
    fn from(f: DocFormatArg) -> Self {
        match f {
            DocFormatArg::Md => Format::Markdown,
            DocFormatArg::Html => Format::Html,
            DocFormatArg::Pdf => Format::Pdf,
        }
    }
}

impl From<ReportFormatArg> for Format {
    fn from(f: ReportFormatArg) -> Self {
        match f {
            ReportFormatArg::Md => Format::Markdown,
            ReportFormatArg::Html => Format::Html,
            ReportFormatArg::Pdf => Format::Pdf,
            ReportFormatArg::Csv => Format::Csv,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ProfileArg {
    Full,
    Partner,
    Statistics,
}

impl From<ProfileArg> for ExportProfile {
    fn from(p: ProfileArg) -> Self {
        match p {
            ProfileArg::Full => ExportProfile::Full,
            ProfileArg::Partner => ExportProfile::Partner,
            ProfileArg::Statistics => ExportProfile::Statistics,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum KindArg {
    Extradition,
    Mla,
}

impl From<KindArg> for CaseKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Extradition => CaseKind::Extradition,
            KindArg::Mla => CaseKind::Mla,
        }
    }
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

fn parse_iso_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("\"{text}\" is not a date in the form 2026-03-01"))
}

/// Runs a headless subcommand. `Open` and no subcommand are the window's, handled by `main`.
pub fn run(command: Cmd) -> Result<ExitCode> {
    match command.with_real_casebook()? {
        Cmd::Open { .. } => Ok(ExitCode::SUCCESS),
        Cmd::Merge {
            ours,
            theirs,
            output,
            prefer,
            force,
        } => {
            let output = output
                .map(|out| output::casebook(&out, &[ours.as_path(), theirs.as_path()], force))
                .transpose()?;
            merge::run(&ours, &theirs, output.as_deref(), prefer)
        }
        Cmd::TeamFolder {
            file,
            merge: true,
            prefer,
            ..
        } => team::merge_all(&file, prefer),
        Cmd::TeamFolder {
            file,
            folder,
            clear,
            officer,
            agency,
            ..
        } => team::run(&file, folder.as_deref(), clear, officer, agency),
        Cmd::Export {
            file,
            references,
            format,
            profile,
            recipient,
            include_ncnd,
            output,
            force,
        } => export_cases(
            &file,
            &references,
            format.into(),
            profile.into(),
            &recipient,
            Selection { include_ncnd },
            &output::export(&output, &file, force)?,
        ),
        Cmd::Report {
            file,
            from,
            to,
            format,
            profile,
            recipient,
            output,
            force,
        } => report(
            &file,
            &from,
            &to,
            format.into(),
            profile.into(),
            &recipient,
            &output::export(&output, &file, force)?,
        ),
        Cmd::ImportCsv {
            file,
            csv,
            dry_run,
            skip_bad_rows,
        } => import_csv(&file, &csv, dry_run, skip_bad_rows),
        Cmd::ExportCsv {
            file,
            output,
            force,
        } => {
            let output = output::export(&output, &file, force)?;
            let book = open(&file)?;
            let bytes = export::register_csv(&book, None, Local::now().date_naive())?;
            output.write(&bytes)?;
            output.tell(&format!("Wrote {} cases to {output}", book.cases().len()));
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Check { file } => check(&file),
        Cmd::Snapshots(args) => snapshots::run(args, &mut std::io::stdout().lock()),
        Cmd::Restore(args) => restore::run(args, &mut std::io::stdout().lock()),
        Cmd::Demo {
            cases,
            seed,
            today,
            output,
            force,
        } => {
            // Never over a file the generator did not make, unless told to.
            let output = output::casebook(&output, &[], force)?;
            let today = today.unwrap_or_else(|| Local::now().date_naive());
            let book = crate::sample::generate(cases, seed, today);
            // Saved "at" midnight of `today`, so the same seed and day give the same bytes.
            let saved_at = today.and_time(NaiveTime::MIN).and_utc();
            let _lock = store::lock::acquire(&output, Utc::now())?;
            store::save(&output, &book, saved_at)
                .with_context(|| format!("writing {}", output.display()))?;
            println!(
                "Wrote a sample casebook of {} cases to {}",
                book.cases().len(),
                output.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Cmd::List {
            file,
            status,
            kind,
            overdue,
        } => list(&file, status.as_deref(), kind.map(Into::into), overdue),
        Cmd::Passphrase { file, remove } => {
            let (book, key, _lock) = open_for_writing(&file)?;
            let new = if remove {
                None
            } else {
                let first = passphrase("CASEDESK_NEW_PASSPHRASE", "New passphrase: ")?;
                if std::env::var_os("CASEDESK_NEW_PASSPHRASE").is_none()
                    && passphrase("CASEDESK_NEW_PASSPHRASE", "Repeat it: ")? != first
                {
                    bail!("The two passphrases differ; nothing was changed");
                }
                Some(key_for(first))
            };
            let left =
                store::change_passphrase(&file, &book, Utc::now(), key.as_ref(), new.as_ref())?;
            // The copy in the team folder takes the new passphrase (or none) too.
            team::share_or_warn(&file, &book, Utc::now(), new.as_ref());
            println!(
                "{} {}",
                file.display(),
                if new.is_some() {
                    "is encrypted with the new passphrase"
                } else {
                    "is no longer encrypted"
                }
            );
            if left > 0 {
                eprintln!("{left} older snapshot(s) keep an earlier passphrase");
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Show { file, reference } => {
            let book = open(&file)?;
            let case = find_case(&book, &reference)?;
            print!(
                "{}",
                crate::export::text::case_text(&book, case, Local::now().date_naive())
            );
            Ok(ExitCode::SUCCESS)
        }
        Cmd::New {
            file,
            kind,
            direction,
            opened,
            summary,
        } => {
            let (mut book, key, _lock) = if file.exists() {
                open_for_writing(&file)?
            } else {
                (
                    Casebook::default(),
                    None,
                    store::lock::acquire(&file, Utc::now())?,
                )
            };
            let now = Local::now().fixed_offset();
            let opened = match opened {
                Some(text) => parse_date_for(
                    &text,
                    book.settings.date_order,
                    DateKind::Happened,
                    now.date_naive(),
                )
                .map_err(|e| anyhow!("--opened: {e}"))?,
                None => now.date_naive(),
            };
            let (kind, direction): (CaseKind, Direction) = (kind.into(), direction.into());
            let mut details = book.settings.new_case_details(direction);
            details.summary = summary;
            let mut ids = RandomIds;
            let id = CaseId(domain::IdSource::next_uuid(&mut ids));
            book.apply(
                Command::OpenCase {
                    id,
                    kind,
                    direction,
                    opened,
                    details: Box::new(details),
                },
                &mut Ctx { now, ids: &mut ids },
            )?;
            team::save_shared(&file, &book, now.to_utc(), key.as_ref())?;
            let reference = book
                .case(id)
                .map(|c| c.reference.clone())
                .unwrap_or_default();
            println!("{reference}");
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Transition {
            file,
            reference,
            to,
            on,
            reason,
            override_reason,
            details,
        } => {
            let (mut book, key, _lock) = open_for_writing(&file)?;
            let case = find_case(&book, &reference)?;
            let to_status = Status::parse(case.workflow(), &to).ok_or_else(|| {
                anyhow!(
                    "\"{to}\" is not a state of the {} workflow; from {} it may go to: {}",
                    case.workflow(),
                    case.status().code(),
                    codes(&case.status().next())
                )
            })?;
            let order = book.settings.date_order;
            let now = Local::now().fixed_offset();
            let today = now.date_naive();
            let effective = parse_date_for(&on, order, DateKind::Happened, today)
                .map_err(|e| anyhow!("--on: {e}"))?;
            let mut request = TransitionRequest::new(to_status, effective);
            request.reason = reason;
            request.override_reason = override_reason;
            for pair in &details {
                let (detail, value) = parse_detail(pair, order, today)?;
                request.details.insert(detail, value);
            }
            let id = case.id;
            let applied = book.apply(
                Command::Transition {
                    case: id,
                    request: Box::new(request),
                },
                &mut Ctx {
                    now,
                    ids: &mut RandomIds,
                },
            );
            if let Err(domain::CommandError::Transition(
                domain::TransitionError::MissingDetails { missing },
            )) = &applied
            {
                bail!(
                    "This transition must record: {}",
                    missing
                        .iter()
                        .map(|d| format!("--detail \"{}=…\"", d.label()))
                        .collect::<Vec<_>>()
                        .join(" ")
                );
            }
            applied?;
            team::save_shared(&file, &book, now.to_utc(), key.as_ref())?;
            let case = book.case(id).ok_or_else(|| anyhow!("case vanished"))?;
            println!("{} is now {}", one_line(&case.reference), case.status());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Writes a summary of the cases and saves the casebook recording the disclosures, both or
/// neither.
fn export_cases(
    file: &Path,
    references: &[String],
    format: Format,
    profile: ExportProfile,
    recipient: &str,
    selection: Selection,
    output: &output::Output,
) -> Result<ExitCode> {
    if recipient.trim().is_empty() {
        bail!("--to: say who receives the export");
    }
    // The disclosure is recorded in the casebook: it is written, so locked and kept encrypted.
    let (mut book, key, _lock) = open_for_writing(file)?;
    let ids = references
        .iter()
        .map(|r| find_case(&book, r).map(|c| c.id))
        .collect::<Result<Vec<CaseId>>>()?;
    let now = Local::now().fixed_offset();
    let meta = export_meta(now, recipient);
    let rendered = export::case_summary(
        &book,
        &ids,
        profile,
        selection,
        format,
        &meta,
        now.date_naive(),
        &Progress::default(),
    )?;
    let recorded = output.write_recorded(&rendered.bytes, || {
        record(&mut book, file, key.as_ref(), rendered.disclosures, now)
    })?;
    output.tell(&format!(
        "Wrote {output} ({profile} profile); recorded the disclosure to {recipient} in {recorded} cases"
    ));
    Ok(ExitCode::SUCCESS)
}

fn export_meta(now: chrono::DateTime<chrono::FixedOffset>, recipient: &str) -> ExportMeta {
    ExportMeta {
        exported_at: now,
        app_version: crate::build_info::LONG_VERSION.into(),
        recipient: recipient.trim().to_string(),
    }
}

/// Applies the commands all or nothing, then saves; returns how many were applied.
fn record(
    book: &mut Casebook,
    file: &Path,
    key: Option<&Key>,
    commands: Vec<Command>,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<usize> {
    if commands.is_empty() {
        return Ok(0);
    }
    let mut changed = book.clone();
    let mut ids = RandomIds;
    let count = commands.len();
    for command in commands {
        changed.apply(command, &mut Ctx { now, ids: &mut ids })?;
    }
    // The team copy too, as every writing subcommand does.
    team::save_shared(file, &changed, now.to_utc(), key)?;
    *book = changed;
    Ok(count)
}

fn report(
    file: &Path,
    from: &str,
    to: &str,
    format: Format,
    profile: ExportProfile,
    recipient: &str,
    output: &output::Output,
) -> Result<ExitCode> {
    let (mut book, key, _lock) = open_for_writing(file)?;
    let order = book.settings.date_order;
    let now = Local::now().fixed_offset();
    let period = |text, flag| {
        parse_date_for(text, order, DateKind::Scheduled, now.date_naive())
            .map_err(|e| anyhow!("{flag}: {e}"))
    };
    let (from, to) = (period(from, "--from")?, period(to, "--to")?);
    let range =
        DateRange::new(from, to).ok_or_else(|| anyhow!("--to {to} is before --from {from}"))?;
    let rendered = export::review_report(
        &book,
        range,
        profile,
        Selection::default(),
        format,
        &export_meta(now, recipient),
        now.date_naive(),
        &Progress::default(),
    )?;
    let recorded = output.write_recorded(&rendered.bytes, || {
        record(&mut book, file, key.as_ref(), rendered.disclosures, now)
    })?;
    output.tell(&format!(
        "Wrote the review report {from} to {to} to {output} ({recorded} cases named)"
    ));
    Ok(ExitCode::SUCCESS)
}

fn import_csv(
    file: &Path,
    csv_path: &Path,
    dry_run: bool,
    skip_bad_rows: bool,
) -> Result<ExitCode> {
    // Importing into a file that does not exist yet starts a new casebook. A dry run only
    // reads; a real import writes, so it holds the lock and keeps the file's encryption.
    let (mut book, key, _lock) = match (file.exists(), dry_run) {
        (true, true) => {
            let (book, key) = open_with_key(file)?;
            (book, key, None)
        }
        (true, false) => {
            let (book, key, lock) = open_for_writing(file)?;
            (book, key, Some(lock))
        }
        (false, true) => (Casebook::default(), None, None),
        (false, false) => (
            Casebook::default(),
            None,
            Some(store::lock::acquire(file, Utc::now())?),
        ),
    };
    let text = std::fs::read_to_string(csv_path)
        .with_context(|| format!("reading {}", csv_path.display()))?;
    let now = Local::now().fixed_offset();
    let source = csv_path.file_name().map_or_else(
        || csv_path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let preview = export::csv::preview(&book, &source, &text, now.date_naive())
        .with_context(|| format!("importing {}", csv_path.display()))?;
    // Problems quote the file's values, and duplicates name cases: no control character of
    // either reaches the terminal.
    for row in &preview.rows {
        for problem in &row.problems {
            println!("row {}: {}", row.row, one_line(&problem.to_string()));
        }
        for dup in &row.duplicates {
            println!(
                "row {}: skipped, looks like {} ({})",
                row.row,
                one_line(&dup.reference),
                dup.reason
            );
        }
    }
    if !preview.ignored_columns.is_empty() {
        println!(
            "Not imported: columns {}",
            preview.ignored_columns.join(", ")
        );
    }
    let bad = preview.problem_rows().count();
    let to_import = preview
        .rows
        .iter()
        .filter(|r| r.decision == export::csv::Decision::Import)
        .count();
    if dry_run {
        println!(
            "Dry run: {to_import} of {} rows would be imported, {bad} have problems; nothing changed",
            preview.rows.len()
        );
        return Ok(if bad == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }
    if bad > 0 && !skip_bad_rows {
        eprintln!(
            "{bad} rows have problems; nothing was imported. Fix them, or run again with --skip-bad-rows to import the other {to_import} rows."
        );
        return Ok(ExitCode::FAILURE);
    }
    let commands = preview.commands(&book, &mut RandomIds);
    record(&mut book, file, key.as_ref(), commands, now)?;
    println!(
        "Imported {to_import} of {} rows from {source} into {}",
        preview.rows.len(),
        file.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn open(file: &Path) -> Result<Casebook> {
    open_with_key(file).map(|(book, _)| book)
}

/// Loads a casebook, asking for its passphrase when it is encrypted; returns the key too.
fn open_with_key(file: &Path) -> Result<(Casebook, Option<Key>)> {
    let (mut book, key) = match store::load(file) {
        Err(LoadError::NeedsPassphrase { .. }) => {
            let key = key_for(passphrase("CASEDESK_PASSPHRASE", "Passphrase: ")?);
            (store::load_with(file, Some(&key))?, Some(key))
        }
        loaded => (loaded?, None),
    };
    // Its changes are stamped as made on this computer.
    book.set_installation(team::installation().id);
    Ok((book, key))
}

/// A passphrase from the environment variable `var`, or typed at a prompt that does not echo
/// it. Never from an argument, which other users could read in the process list.
fn passphrase(var: &str, prompt: &str) -> Result<String> {
    match std::env::var(var) {
        Ok(p) => Ok(p),
        Err(_) => rpassword::prompt_password(prompt)
            .with_context(|| format!("reading the passphrase (or set {var})")),
    }
}

/// The key for `passphrase`. Debug builds honour CASEDESK_TEST_SCRYPT_LOG_N so tests of the
/// binary need not spend a second per encryption; release builds always use age's default.
fn key_for(passphrase: String) -> Key {
    #[cfg(debug_assertions)]
    if let Some(log_n) = std::env::var("CASEDESK_TEST_SCRYPT_LOG_N")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return Key::with_test_work_factor(passphrase, log_n);
    }
    Key::new(passphrase)
}

/// Takes the casebook's lock and loads it, refusing one with problems: like the window, the
/// command line never writes over a casebook that breaks the rules.
fn open_for_writing(file: &Path) -> Result<(Casebook, Option<Key>, store::lock::Lock)> {
    let lock = store::lock::acquire(file, Utc::now())?;
    let (book, key) = open_with_key(file)?;
    leftovers::tidy(&lock, key.as_ref(), &book);
    let problems = check_casebook(&book, Local::now().date_naive()).len();
    if problems > 0 {
        bail!(
            "This casebook has {problems} problem(s), so it is not changed: `casedesk check {}` lists them; the window can open it read-only or repair it",
            file.display()
        );
    }
    Ok((book, key, lock))
}

fn find_case<'a>(book: &'a Casebook, reference: &str) -> Result<&'a domain::Case> {
    book.case_by_reference(reference)
        .ok_or_else(|| anyhow!("No case with reference {reference}"))
}

fn codes(states: &[Status]) -> String {
    if states.is_empty() {
        return "nowhere (the case is closed)".into();
    }
    states
        .iter()
        .map(|s| s.code())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads `NAME=VALUE`, where NAME is a detail's label or code (any case, spaces or underscores).
fn parse_detail(
    pair: &str,
    order: domain::dates::DateOrder,
    today: NaiveDate,
) -> Result<(Detail, DetailValue)> {
    let (name, value) = pair
        .split_once('=')
        .ok_or_else(|| anyhow!("--detail \"{pair}\": write it as NAME=VALUE"))?;
    let detail = Detail::named(name)
        .ok_or_else(|| anyhow!("--detail \"{pair}\": no detail called \"{name}\""))?;
    let value =
        DetailValue::parse(detail, value, order, today).map_err(|e| anyhow!("--detail {e}"))?;
    Ok((detail, value))
}

fn check(file: &Path) -> Result<ExitCode> {
    let book = match open(file) {
        Ok(book) => book,
        Err(e) => {
            eprintln!("{}", printable(&format!("{e:#}")));
            return Ok(ExitCode::FAILURE);
        }
    };
    let findings = check_casebook(&book, Local::now().date_naive());
    let plain = leftovers::report(file, &book)?;
    if findings.is_empty() && plain == 0 {
        println!(
            "{}: sound ({} cases, {} people)",
            file.display(),
            book.cases().len(),
            book.people().len()
        );
        return Ok(ExitCode::SUCCESS);
    }
    for f in &findings {
        println!("{}", printable(&f.to_string()));
    }
    eprintln!("{} problems in {}", findings.len() + plain, file.display());
    Ok(ExitCode::FAILURE)
}

fn list(
    file: &Path,
    status: Option<&str>,
    kind: Option<CaseKind>,
    overdue: bool,
) -> Result<ExitCode> {
    if let Some(s) = status {
        let known = domain::Workflow::ALL
            .iter()
            .any(|wf| Status::parse(*wf, s).is_some());
        if !known {
            bail!("--status: \"{s}\" is not a state of any workflow (e.g. PA_ARRESTED, DRAFT)");
        }
    }
    let book = open(file)?;
    let today = Local::now().date_naive();
    let mut shown = 0;
    for case in book.cases() {
        if kind.is_some_and(|k| case.kind != k)
            || status.is_some_and(|s| Status::parse(case.workflow(), s) != Some(case.status()))
        {
            continue;
        }
        let next = domain::next_deadline(case, today);
        if overdue && !next.as_ref().is_some_and(domain::Clock::is_overdue) {
            continue;
        }
        let subject = book.requested_person(case).map_or("", |p| p.name.as_str());
        let deadline = next.map_or(String::new(), |c| {
            format!("{} {} ({} days)", c.key, c.due, c.days_left)
        });
        println!(
            "{:<13} {:<12} {:<34} {:<28} {}",
            one_line(&case.reference),
            format!("{} {}", case.kind, case.direction.label().to_lowercase()),
            case.status().code(),
            one_line(subject),
            deadline
        );
        shown += 1;
    }
    eprintln!("{shown} of {} cases", book.cases().len());
    Ok(ExitCode::SUCCESS)
}
