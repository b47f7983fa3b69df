//! The command line: `casedesk` opens the window; subcommands do the same work headless,
//! through the same domain commands and the same atomic store as the window. Here: the
//! arguments and the dispatch; each subcommand in its own file, `run(args, env, out)`.

use crate::domain::{CaseKind, ExportProfile};
use crate::export::printable::printable;
use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

pub mod actions;
pub mod activities;
pub mod add;
pub mod agenda;
pub mod agreements;
pub mod attach;
pub mod attachments;
pub mod bundle;
mod case_edit;
mod casebook;
pub mod check;
pub mod completions;
pub mod convert;
pub mod correct;
pub mod demo;
pub mod detach;
pub mod draft;
pub mod edit;
mod env;
pub mod export;
pub mod export_csv;
pub mod extend;
mod fields;
mod governance;
pub mod import_csv;
mod leftovers;
pub mod list;
pub mod man;
pub mod meetings;
pub mod merge;
pub mod met;
pub mod move_date;
pub mod new;
mod output;
pub mod passphrase;
mod paths;
pub mod purge_attachments;
pub mod remove;
pub mod report;
pub mod restore;
pub mod review;
pub mod set;
pub mod show;
pub mod snapshots;
pub mod team;
pub mod transition;
pub mod verify_bundle;

pub use env::Env;

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
    #[command(after_help = "Examples:\n  casedesk open ~/Documents/casebook.ron")]
    Open {
        /// The casebook (a .ron file).
        file: PathBuf,
    },
    /// Parse and check a casebook; exit 0 only when it is sound.
    #[command(after_help = "Examples:\n  casedesk check casebook.ron")]
    Check(check::Args),
    /// Write a realistic synthetic casebook (same seed and date, same file).
    #[command(after_help = "Examples:\n  casedesk demo --cases 300 -o sample.ron")]
    Demo(demo::Args),
    /// List cases, optionally filtered.
    #[command(
        after_help = "Examples:\n  casedesk list casebook.ron --overdue\n  casedesk list casebook.ron --kind extradition --status PA_ARRESTED"
    )]
    List(list::Args),
    /// Show one case in full.
    #[command(after_help = "Examples:\n  casedesk show casebook.ron EI-2026-0001")]
    Show(show::Args),
    /// What is due: deadlines, chasers, reviews, hearings and tasks (text, --json, or --ics).
    #[command(
        after_help = "Examples:\n  casedesk agenda casebook.ron --officer \"A. Khan\"\n  casedesk agenda casebook.ron --ics -o agenda.ics --force"
    )]
    Agenda(agenda::Args),
    /// The agreements register: status, dates, next review.
    #[command(
        after_help = "Examples:\n  casedesk agreements casebook.ron\n  casedesk agreements casebook.ron --json"
    )]
    Agreements(agreements::ListArgs),
    /// Enter an agreement, edit it, or move its status.
    #[command(
        subcommand,
        after_help = "Examples:\n  casedesk agreement add casebook.ron \"MoU on cybercrime\" --kind mou"
    )]
    Agreement(agreements::Cmd),
    /// The programme's meetings (JSC, UPSCALE monthly reviews, dialogues).
    #[command(after_help = "Examples:\n  casedesk meetings casebook.ron --json")]
    Meetings(meetings::ListArgs),
    /// Record a meeting or edit one.
    #[command(
        subcommand,
        after_help = "Examples:\n  casedesk meeting add casebook.ron monthly 2026-06-02 --chair \"Programme manager\""
    )]
    Meeting(meetings::Cmd),
    /// The action points, overdue ones marked.
    #[command(
        after_help = "Examples:\n  casedesk actions casebook.ron --open\n  casedesk actions casebook.ron --json --as-of 2026-06-30"
    )]
    Actions(actions::ListArgs),
    /// Raise an action point, update or edit one.
    #[command(
        subcommand,
        after_help = "Examples:\n  casedesk action update casebook.ron AP-2026-003 done"
    )]
    Action(actions::Cmd),
    /// The capacity-building log.
    #[command(after_help = "Examples:\n  casedesk activities casebook.ron --json")]
    Activities(activities::ListArgs),
    /// Record a capacity-building activity or edit one.
    #[command(
        subcommand,
        after_help = "Examples:\n  casedesk activity add casebook.ron workshop \"Extradition casework workshop\" --start 2026-03-01"
    )]
    Activity(activities::Cmd),
    /// Mark a case reviewed (the register's "Last reviewed").
    #[command(
        after_help = "Examples:\n  casedesk review casebook.ron EI-2026-0001 --note \"Monthly review\""
    )]
    Review(review::Args),
    /// Change a case's fields, as FIELD=VALUE (the fields are listed below).
    #[command(after_help = set::after_help())]
    Set(set::Args),
    /// Add a person, offence, hearing, task, note, checklist item, assurance, item of
    /// assistance, reference, link or asylum claim to a case.
    #[command(after_help = add::after_help())]
    Add(add::Args),
    /// Change one record a case lists, picked by its number or words of its name.
    #[command(
        after_help = "Examples:\n  casedesk edit casebook.ron EI-2026-0001 checklist \"Arrest warrant\" status=Received\n  casedesk edit casebook.ron EI-2026-0001 assurance Speciality received=2026-11-20 accepted=2026-11-21\n  casedesk edit casebook.ron MO-2026-0003 assistance 1 progress=Delivered"
    )]
    Edit(edit::Args),
    /// Remove one record a case lists, picked by its number or words of its name.
    #[command(after_help = "Examples:\n  casedesk remove casebook.ron EI-2026-0001 hearing 2")]
    Remove(remove::Args),
    /// Put right a case's last change of status (a correction event; the state before returns).
    #[command(
        after_help = "Examples:\n  casedesk correct casebook.ron EI-2026-0001 --reason \"Recorded on the wrong case\""
    )]
    Correct(correct::Args),
    /// Extend a running deadline to a new due date, with the reason.
    #[command(
        after_help = "Examples:\n  casedesk extend casebook.ron EI-2026-0001 UK_SOS_DECISION --to 2027-03-31 --reason \"High Court order of 2 Feb\""
    )]
    Extend(extend::Args),
    /// Move a future date a step recorded (a removal re-planned); the deadlines counted from it
    /// are counted again from the new date.
    #[command(
        after_help = "Examples:\n  casedesk move-date casebook.ron RO-2027-0001 \"Planned removal date\" --to 2028-03-20 --reason \"Flight rebooked\""
    )]
    MoveDate(move_date::Args),
    /// Record a deadline met by something outside the workflow.
    #[command(
        after_help = "Examples:\n  casedesk met casebook.ron MO-2026-0003 EVIDENCE_RETURN --on 2026-11-30 --note \"Returned by courier\""
    )]
    Met(met::Args),
    /// Open a new case; prints its reference.
    #[command(
        after_help = "Examples:\n  casedesk new casebook.ron --kind extradition --direction incoming --summary \"Fraud, Lahore\""
    )]
    New(new::Args),
    /// Set, change or remove a casebook's passphrase (read from CASEDESK_NEW_PASSPHRASE or
    /// asked for; the current one from CASEDESK_PASSPHRASE or asked for).
    #[command(
        after_help = "Examples:\n  casedesk passphrase casebook.ron\n  casedesk passphrase casebook.ron --remove"
    )]
    Passphrase(passphrase::Args),
    /// Move a case to another state of its workflow.
    #[command(
        after_help = "Examples:\n  casedesk transition casebook.ron EI-2026-0001 PA_ARRESTED --on 2026-03-14 --detail \"Court=Westminster\""
    )]
    Transition(transition::Args),
    /// Turn a police-to-police enquiry into a linked MLA request with its facts copied.
    #[command(
        after_help = "Examples:\n  casedesk convert casebook.ron PO-2026-0003 --on 2026-03-14"
    )]
    Convert(convert::Args),
    /// Export a summary of one or several cases; records the disclosure in each case's history.
    #[command(
        after_help = "Examples:\n  casedesk export casebook.ron EI-2026-0001 --format pdf --profile partner --to \"FIA Islamabad\" -o summary.pdf"
    )]
    Export(export::Args),
    /// Write a review report for a period (e.g. a month for the programme's monthly review).
    #[command(
        after_help = "Examples:\n  casedesk report casebook.ron --month 2026-11 --format pdf -o november.pdf\n  casedesk report casebook.ron --year 2026 --format html -o committee-2026.html\n  casedesk report casebook.ron --from 2026-11-01 --to 2026-11-30 --format csv -o november.csv"
    )]
    Report(report::Args),
    /// Import cases from a register CSV; nothing is imported while a row has a problem unless
    /// --skip-bad-rows says to leave those rows out, and rows like an existing case are skipped.
    #[command(after_help = "Examples:\n  casedesk import-csv casebook.ron register.csv --dry-run")]
    ImportCsv(import_csv::Args),
    /// Write the register (every case) as CSV.
    #[command(
        after_help = "Examples:\n  casedesk export-csv casebook.ron -o register.csv\n  casedesk export-csv casebook.ron --excel -o register.csv"
    )]
    ExportCsv(export_csv::Args),
    /// Merge another officer's copy (THEIRS) into OURS, or into OUT; prints what it brings
    /// and every conflict. With --prefer none (the default) nothing is written while a conflict
    /// remains.
    #[command(
        after_help = "Examples:\n  casedesk merge casebook.ron colleague.ron\n  casedesk merge casebook.ron colleague.ron -o merged.ron --prefer ours"
    )]
    Merge(merge::Args),
    /// List a casebook's snapshots (when taken, size, cases), newest first; or set which are
    /// kept on this computer.
    #[command(
        after_help = "Examples:\n  casedesk snapshots casebook.ron\n  casedesk snapshots casebook.ron --keep-last-day 30"
    )]
    Snapshots(snapshots::Args),
    /// Put a snapshot back as the casebook; the current version is kept as a snapshot first.
    #[command(after_help = "Examples:\n  casedesk restore casebook.ron 3")]
    Restore(restore::Args),
    /// Show, set or clear the team folder: each save also writes this officer's copy there
    /// (see "Working as a team" in the README); or merge every copy there that brings changes.
    #[command(
        after_help = "Examples:\n  casedesk team-folder casebook.ron ~/Team --officer \"A. Khan\" --agency NCA\n  casedesk team-folder casebook.ron --merge"
    )]
    TeamFolder(team::Args),
    /// Write the completion script for a shell to standard output.
    #[command(
        after_help = "Examples:\n  casedesk completions bash > ~/.local/share/bash-completion/completions/casedesk"
    )]
    Completions(completions::Args),
    /// Write a manual page (roff) to standard output: the overview, or one subcommand's.
    #[command(
        after_help = "Examples:\n  casedesk man > casedesk.1 && man -l casedesk.1\n  casedesk man transition > casedesk-transition.1"
    )]
    Man(man::Args),
    /// Attach a file to a case (kept once beside the casebook, sealed if it has a passphrase).
    #[command(
        after_help = "Examples:\n  casedesk attach casebook.ron EI-2026-0001 warrant.pdf --checklist \"Arrest warrant\""
    )]
    Attach(attach::Args),
    /// List a case's attachments, check them against their hashes, or write one out.
    #[command(
        after_help = "Examples:\n  casedesk attachments casebook.ron EI-2026-0001 --verify\n  casedesk attachments casebook.ron EI-2026-0001 --extract 1 -o warrant.pdf"
    )]
    Attachments(attachments::Args),
    /// Remove an attachment from a case (its file stays until purge-attachments).
    #[command(
        after_help = "Examples:\n  casedesk detach casebook.ron EI-2026-0001 2 --reason \"Wrong file\""
    )]
    Detach(detach::Args),
    /// List, or with --yes remove, the attachments' files no case uses any more.
    #[command(after_help = "Examples:\n  casedesk purge-attachments casebook.ron --yes")]
    PurgeAttachments(purge_attachments::Args),
    /// Write a zip for the counterpart: the partner summary, attachments and SHA256SUMS;
    /// records the disclosure with the manifest's SHA-256.
    #[command(
        after_help = "Examples:\n  casedesk bundle casebook.ron EI-2026-0001 --to \"FIA Islamabad\" --attachment 1 -o bundle.zip\n  CASEDESK_BUNDLE_PASSPHRASE=… casedesk bundle casebook.ron EI-2026-0001 --to FIA --all --encrypt -o bundle.zip"
    )]
    Bundle(bundle::Args),
    /// Draft a letter from a case (MLA request, covering letter, note verbale, chaser,
    /// acknowledgement) as .docx or PDF, and attach it; --fields lists the merge fields.
    #[command(after_help = draft::after_help())]
    Draft(draft::Args),
    /// Check a bundle against its manifest (SHA256SUMS); says the manifest's SHA-256.
    #[command(after_help = "Examples:\n  casedesk verify-bundle bundle.zip")]
    VerifyBundle(verify_bundle::Args),
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
    Returns,
    ConvictionData,
    ServiceProvider,
    PoliceEnquiry,
    OffenderAlert,
}

impl From<KindArg> for CaseKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Extradition => CaseKind::Extradition,
            KindArg::Mla => CaseKind::Mla,
            KindArg::Returns => CaseKind::Returns,
            KindArg::ConvictionData => CaseKind::ConvictionData,
            KindArg::ServiceProvider => CaseKind::ServiceProvider,
            KindArg::PoliceEnquiry => CaseKind::PoliceEnquiry,
            KindArg::OffenderAlert => CaseKind::OffenderAlert,
        }
    }
}

/// Runs a headless subcommand, writing what it reports to `out` and its notes and warnings to
/// `env`'s standard error. `Open` and no subcommand are the window's, handled by `main`.
pub fn run(command: Cmd, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    match command.with_real_casebook()? {
        Cmd::Open { .. } => Ok(ExitCode::SUCCESS),
        Cmd::Check(args) => check::run(args, env, out),
        Cmd::Demo(args) => demo::run(args, env, out),
        Cmd::List(args) => list::run(args, env, out),
        Cmd::Show(args) => show::run(args, env, out),
        Cmd::Agenda(args) => agenda::run(args, env, out),
        Cmd::Agreements(args) => agreements::list_run(args, env, out),
        Cmd::Agreement(cmd) => agreements::run(cmd, env, out),
        Cmd::Meetings(args) => meetings::list_run(args, env, out),
        Cmd::Meeting(cmd) => meetings::run(cmd, env, out),
        Cmd::Actions(args) => actions::list_run(args, env, out),
        Cmd::Action(cmd) => actions::run(cmd, env, out),
        Cmd::Activities(args) => activities::list_run(args, env, out),
        Cmd::Activity(cmd) => activities::run(cmd, env, out),
        Cmd::Review(args) => review::run(args, env, out),
        Cmd::Set(args) => set::run(args, env, out),
        Cmd::Add(args) => add::run(args, env, out),
        Cmd::Edit(args) => edit::run(args, env, out),
        Cmd::Remove(args) => remove::run(args, env, out),
        Cmd::Correct(args) => correct::run(args, env, out),
        Cmd::Extend(args) => extend::run(args, env, out),
        Cmd::MoveDate(args) => move_date::run(args, env, out),
        Cmd::Met(args) => met::run(args, env, out),
        Cmd::New(args) => new::run(args, env, out),
        Cmd::Passphrase(args) => passphrase::run(args, env, out),
        Cmd::Transition(args) => transition::run(args, env, out),
        Cmd::Convert(args) => convert::run(args, env, out),
        Cmd::Export(args) => export::run(args, env, out),
        Cmd::Report(args) => report::run(args, env, out),
        Cmd::ImportCsv(args) => import_csv::run(args, env, out),
        Cmd::ExportCsv(args) => export_csv::run(args, env, out),
        Cmd::Merge(args) => merge::run(args, env, out),
        Cmd::TeamFolder(args) => team::run(args, env, out),
        Cmd::Snapshots(args) => snapshots::run(args, env, out),
        Cmd::Restore(args) => restore::run(args, env, out),
        Cmd::Completions(args) => completions::run(args, out),
        Cmd::Man(args) => man::run(args, out),
        Cmd::Attach(args) => attach::run(args, env, out),
        Cmd::Attachments(args) => attachments::run(args, env, out),
        Cmd::Detach(args) => detach::run(args, env, out),
        Cmd::PurgeAttachments(args) => purge_attachments::run(args, env, out),
        Cmd::Bundle(args) => bundle::run(args, env, out),
        Cmd::VerifyBundle(args) => verify_bundle::run(args, env, out),
        Cmd::Draft(args) => draft::run(args, env, out),
    }
}

/// Runs a headless subcommand as `main` does: an error is said on standard error, once.
pub fn execute(command: Cmd, env: &mut Env, out: &mut impl Write) -> ExitCode {
    run(command, env, out).unwrap_or_else(|e| {
        say_error(&e, env.err());
        ExitCode::FAILURE
    })
}

/// Says what went wrong, with its causes. Errors name references and quote files: no control
/// character of theirs is shown.
pub fn say_error(e: &anyhow::Error, err: &mut dyn Write) {
    // Standard error gone too: nothing left to tell anyone.
    let _unseen = writeln!(err, "casedesk: {}", printable(&causes_once(e)));
}

/// The error and its causes joined by ": ", leaving out a cause whose words are already said:
/// an error that words its source into its own message (`"{0}"` with `#[from]`) would
/// otherwise say it twice.
pub(crate) fn causes_once(e: &anyhow::Error) -> String {
    let mut said = String::new();
    for cause in e.chain() {
        let cause = cause.to_string();
        if said.contains(&cause) {
            continue;
        }
        if !said.is_empty() {
            said.push_str(": ");
        }
        said.push_str(&cause);
    }
    said
}

#[cfg(test)]
mod tests {
    use super::causes_once;

    #[derive(Debug, thiserror::Error)]
    #[error("The CSV file could not be read: {0}")]
    struct Unreadable(#[from] std::io::Error);

    #[test]
    fn a_cause_already_worded_into_its_error_is_not_said_again() {
        let e = anyhow::Error::from(Unreadable(std::io::Error::other("disk gone")))
            .context("importing rows.csv");
        assert_eq!(
            causes_once(&e),
            "importing rows.csv: The CSV file could not be read: disk gone"
        );
    }
}
