//! Subcommands killed part-way: `passphrase`, `import-csv`, `merge`, `export` (with its
//! disclosure) and `new` on a casebook whose journal holds unsaved changes (so killed while
//! replaying them), each run in a child process (this binary again, running `casedesk::cli`) on
//! an encrypted casebook (a plain one for `passphrase`) and killed with SIGKILL at a random
//! moment. After every kill, the next opener (lock, load, replay the journal, tidy, as every
//! writing subcommand and the window do) must find the casebook whole, in its old or its new
//! version, the journal's changes applied once each, every snapshot opening, and no plain text
//! of the casebook anywhere in its folder, hidden temporary files, snapshots and the journal
//! included. An export's file exists only if its disclosure is recorded.

use super::{Rng, Trials, kill_or_finish, ready_lines};
use casedesk::domain::{Casebook, Command, Ctx, Direction, EventKind, RandomIds};
use casedesk::store::journal::{self, Journal};
use casedesk::store::{self, Key};
use chrono::{NaiveDate, Utc};
use clap::Parser;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

/// The first argument that makes this binary a child running a subcommand.
pub const CHILD_ARG: &str = "--crash-cli-child";
const PASSPHRASE: &str = "Karachi to Croydon 2026";
/// Low in tests (debug builds only honour it), so a trial does not spend seconds in scrypt.
const LOG_N: &str = "4";

/// In the child: runs the subcommand in `args` after saying "ready".
pub fn child(args: Vec<String>) {
    let cli =
        casedesk::cli::Cli::try_parse_from(std::iter::once("casedesk".into()).chain(args)).unwrap();
    let mut out = std::io::stdout().lock();
    writeln!(out, "ready").unwrap();
    out.flush().unwrap();
    drop(out);
    let mut stderr = std::io::stderr();
    let mut env = casedesk::cli::Env::of_process(&mut stderr);
    let code = casedesk::cli::run(cli.command.unwrap(), &mut env, &mut std::io::stdout()).unwrap();
    assert_eq!(code, std::process::ExitCode::SUCCESS);
}

#[derive(Clone, Copy, Debug)]
enum Scenario {
    Passphrase,
    ImportCsv,
    Merge,
    Export,
    /// `new` on a casebook whose journal holds unsaved edits: replayed and saved first.
    Replay,
    /// `attach` of a file of several megabytes, stored sealed beside the casebook.
    Attach,
}

/// Words the `Attach` scenario's file repeats: found in plain text nowhere in the folder.
const ATTACHED_WORDS: &str = "Witness statement, account 0042-7781. ";

/// The summaries the `Replay` scenario's journal gives the first cases.
const UNSAVED: [&str; 2] = ["Unsaved: hearing moved", "Unsaved: papers served"];

/// Journals the `Replay` scenario's edits of `sample` beside the casebook at `path`.
fn journal_edits(path: &Path, sample: &Casebook, key: Option<&Key>) {
    let journal = Journal::new(path, store::recorded_checksum(path, key), key).unwrap();
    let mut book = sample.clone();
    for (n, summary) in UNSAVED.into_iter().enumerate() {
        let case = &book.cases()[n];
        let mut details = case.details.clone();
        details.summary = summary.into();
        let edit = Command::UpdateCase {
            case: case.id,
            details: Box::new(details),
        };
        journal
            .apply(&mut book, edit, Utc::now().fixed_offset())
            .unwrap();
    }
    journal.flush().unwrap();
}

/// Where a trial's files are: the casebook alone in its folder, everything else outside it.
struct Trial {
    casebook: PathBuf,
    folder: PathBuf,
    csv: PathBuf,
    theirs: PathBuf,
    export: PathBuf,
    /// The file the `Attach` scenario attaches.
    paper: PathBuf,
}

impl Trial {
    fn new(root: &Path) -> Self {
        let folder = root.join("cases");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::create_dir_all(root.join("out")).unwrap();
        std::fs::create_dir_all(root.join("theirs")).unwrap();
        Trial {
            casebook: folder.join("casebook.ron"),
            folder,
            csv: root.join("register.csv"),
            theirs: root.join("theirs").join("casebook.ron"),
            export: root.join("out").join("summary.md"),
            paper: root.join("out").join("statement.txt"),
        }
    }
}

fn key() -> Key {
    Key::with_test_work_factor(PASSPHRASE, LOG_N.parse().unwrap())
}

fn sample() -> Casebook {
    let mut book =
        casedesk::sample::generate(20, 5, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    book.settings.officer_name = "Crash Officer".into();
    book
}

/// The sample with one more case, opened on another copy.
fn theirs(sample: &Casebook) -> Casebook {
    let mut book = sample.clone();
    let details = book.settings.new_case_details(Direction::Incoming);
    let mut ids = RandomIds;
    let id = casedesk::domain::CaseId(casedesk::domain::IdSource::next_uuid(&mut ids));
    let now = "2026-11-24T10:00:00+00:00".parse().unwrap();
    book.apply(
        Command::OpenCase {
            id,
            kind: casedesk::domain::CaseKind::Extradition,
            direction: Direction::Incoming,
            opened: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            details: Box::new(details),
        },
        &mut Ctx { now, ids: &mut ids },
    )
    .unwrap();
    book
}

/// Every reference and name of `book`, and the format marker: what a plain file would hold.
fn secrets(book: &Casebook) -> Vec<String> {
    let mut out = vec!["casedesk-casebook".to_string()];
    out.extend(book.cases().iter().map(|c| c.reference.clone()));
    out.extend(book.people().iter().map(|p| p.name.to_string()));
    out.retain(|s| s.len() >= 6);
    out
}

impl Scenario {
    const ALL: [Scenario; 6] = [
        Scenario::Passphrase,
        Scenario::ImportCsv,
        Scenario::Merge,
        Scenario::Export,
        Scenario::Replay,
        Scenario::Attach,
    ];

    /// Lays out a fresh trial: the casebook (plain for `passphrase`, else encrypted) with two
    /// snapshots, and what the subcommand reads.
    fn prepare(self, trial: &Trial, sample: &Casebook) {
        let key = key();
        let key = match self {
            Scenario::Passphrase => None,
            _ => Some(&key),
        };
        for _ in 0..3 {
            store::save_with(&trial.casebook, sample, Utc::now(), key).unwrap();
        }
        match self {
            Scenario::ImportCsv => std::fs::write(
                &trial.csv,
                "reference,kind,direction,status,opened,offence\n\
                 EI-2026-0901,Extradition,Incoming,PRE_REQUEST,2026-03-02,Fraud by false representation\n\
                 EI-2026-0902,Extradition,Incoming,PRE_REQUEST,2026-03-03,Conspiracy to defraud\n\
                 EI-2026-0903,Extradition,Incoming,PRE_REQUEST,2026-03-04,Money laundering\n",
            )
            .unwrap(),
            Scenario::Merge => {
                store::save_with(&trial.theirs, &theirs(sample), Utc::now(), key).unwrap();
            }
            Scenario::Replay => journal_edits(&trial.casebook, sample, key),
            // Large enough that a kill lands while it is read, sealed and written.
            Scenario::Attach => std::fs::write(&trial.paper, ATTACHED_WORDS.repeat(200_000)).unwrap(),
            Scenario::Passphrase | Scenario::Export => {}
        }
    }

    fn args(self, trial: &Trial, sample: &Casebook) -> Vec<String> {
        let s = |p: &Path| p.display().to_string();
        let file = s(&trial.casebook);
        match self {
            Scenario::Passphrase => vec!["passphrase".into(), file],
            Scenario::ImportCsv => vec!["import-csv".into(), file, s(&trial.csv)],
            Scenario::Merge => vec!["merge".into(), file, s(&trial.theirs)],
            Scenario::Replay => ["new", &file, "--kind", "mla", "--direction", "outgoing"]
                .map(String::from)
                .to_vec(),
            Scenario::Attach => vec![
                "attach".into(),
                file,
                sample.cases()[0].reference.clone(),
                s(&trial.paper),
            ],
            Scenario::Export => [
                "export",
                &file,
                &sample.cases()[0].reference,
                "--format",
                "md",
                "--profile",
                "full",
                "--to",
                "CPS",
                "-o",
                &s(&trial.export),
            ]
            .map(String::from)
            .to_vec(),
        }
    }

    /// Whether `book` (as opened after the kill) is the subcommand's result rather than the
    /// casebook it started from; an error if it is neither.
    fn finished(self, book: &Casebook, sample: &Casebook, encrypted: bool) -> Result<bool, String> {
        let first = &sample.cases()[0].reference;
        let disclosed = |b: &Casebook| {
            b.case_by_reference(first).is_some_and(|c| {
                c.history()
                    .iter()
                    .any(|e| matches!(e.kind, EventKind::Disclosed { .. }))
            })
        };
        let new = match self {
            Scenario::Passphrase => encrypted && book == sample,
            Scenario::ImportCsv => book.cases().len() == sample.cases().len() + 3,
            Scenario::Merge | Scenario::Replay => book.cases().len() == sample.cases().len() + 1,
            Scenario::Export => disclosed(book) && book.cases().len() == sample.cases().len(),
            Scenario::Attach => book.case_by_reference(first).is_some_and(|c| {
                c.history()
                    .iter()
                    .any(|e| matches!(e.kind, EventKind::Attached { .. }))
            }),
        };
        let old = match self {
            // The journal's edits are in either version, each applied once.
            Scenario::Replay => {
                let summaries = UNSAVED
                    .iter()
                    .enumerate()
                    .all(|(case, s)| book.cases()[case].details.summary == *s);
                if !summaries {
                    return Err("the journal's edits are not in the casebook".into());
                }
                encrypted && book.cases().len() == sample.cases().len()
            }
            _ => book == sample && (encrypted || matches!(self, Scenario::Passphrase)),
        };
        if new || old {
            Ok(new)
        } else {
            Err(format!(
                "the casebook is neither the old nor the new version ({self:?})"
            ))
        }
    }
}

/// Runs the child on `args`, killing it `kill_after` after it is ready (never, with `None`).
fn run_child(args: &[String], kill_after: Option<Duration>) -> Duration {
    let mut child = Process::new(std::env::current_exe().unwrap())
        .arg(CHILD_ARG)
        .args(args)
        .env("CASEDESK_PASSPHRASE", PASSPHRASE)
        .env("CASEDESK_NEW_PASSPHRASE", PASSPHRASE)
        .env("CASEDESK_TEST_SCRYPT_LOG_N", LOG_N)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _lines = ready_lines(&mut child);
    kill_or_finish(&mut child, kill_after, &format!("{args:?}"))
}

/// What the next opener finds after a kill: the casebook old or new (returned: new), and, once
/// it has tidied under the lock, no plain text of an encrypted casebook in its folder.
fn verify(scenario: Scenario, trial: &Trial, sample: &Casebook) -> Result<bool, String> {
    let lock = store::lock::acquire(&trial.casebook, Utc::now()).map_err(|e| e.to_string())?;
    let bytes = std::fs::read(&trial.casebook).map_err(|e| e.to_string())?;
    let encrypted = store::is_encrypted(&bytes);
    let casebook_key = encrypted.then(key);
    let book = opened(&trial.casebook, casebook_key.as_ref())?;
    let new = scenario.finished(&book, sample, encrypted)?;
    if matches!(scenario, Scenario::Export) && trial.export.exists() && !new {
        return Err("the export was written but its disclosure was not recorded".into());
    }
    store::tidy(&lock, casebook_key.as_ref(), &[]).map_err(|e| format!("tidying: {e}"))?;
    // A `passphrase` killed between keeping its snapshot (sealed on the way) and its rename
    // leaves an encrypted snapshot beside a casebook still plain: the same version, under the
    // passphrase the officer gave.
    // (A snapshot stored as a difference names its base before its seal.)
    for snap in store::list_snapshots(&trial.casebook).map_err(|e| e.to_string())? {
        let sealed = store::file_is_encrypted(&snap.path);
        store::load_with(&snap.path, sealed.then(key).as_ref())
            .map_err(|e| format!("snapshot {}: {e}", snap.path.display()))?;
    }
    if encrypted {
        let mut secrets = secrets(sample);
        secrets.push(PASSPHRASE.into());
        secrets.push(ATTACHED_WORDS.into());
        plain_text_in(&trial.folder, &secrets)?;
    }
    if matches!(scenario, Scenario::Attach) {
        attachments_whole(&trial.casebook, &book, casebook_key.as_ref())?;
    }
    Ok(new)
}

/// Once tidied, the attachments folder holds whole files only: none half-written, each
/// holding the bytes its name (their hash) says, and every attachment recorded has its file.
fn attachments_whole(casebook: &Path, book: &Casebook, key: Option<&Key>) -> Result<(), String> {
    use std::io::Read;
    let folder = store::attachments::folder(casebook);
    let entries = match std::fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e.to_string()),
    };
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !casedesk::domain::attachment::is_hash(&name) {
            return Err(format!(
                "{} is left in the attachments folder",
                path.display()
            ));
        }
        let file = std::fs::File::open(&path).map_err(|e| e.to_string())?;
        let mut plain = Vec::new();
        store::open_sealed(std::io::BufReader::new(file), key)
            .and_then(|mut r| r.read_to_end(&mut plain).map_err(|e| e.to_string()))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if blake3::hash(&plain).to_hex().as_str() != name {
            return Err(format!(
                "{} does not hold what its name says",
                path.display()
            ));
        }
    }
    for case in book.cases() {
        for a in casedesk::domain::attachment::current(case) {
            if !folder.join(a.hash).is_file() {
                return Err(format!("{} is recorded but its file is missing", a.name));
            }
        }
    }
    Ok(())
}

/// The casebook at `path` as its next opener has it: loaded, and its journal's unsaved changes
/// replayed, each whole; an error if one does not apply or the journal is of another version.
pub fn opened(path: &Path, key: Option<&Key>) -> Result<Casebook, String> {
    opened_on(path, key, casedesk::domain::InstallationId(0))
}

/// [`opened`] on the computer `installation`, whose changes the journal replays as made there.
pub fn opened_on(
    path: &Path,
    key: Option<&Key>,
    installation: casedesk::domain::InstallationId,
) -> Result<Casebook, String> {
    let loaded = store::open(path, key).map_err(|e| e.to_string())?;
    let mut book = loaded.book;
    book.set_installation(installation);
    let pending =
        journal::read(path, loaded.checksum.as_deref(), key).map_err(|e| e.to_string())?;
    if let Some(pending) = pending {
        if !pending.stale.is_empty() {
            return Err("the journal is of another version of the casebook".into());
        }
        if let Some(e) = journal::replay(&mut book, &pending.entries).refused {
            return Err(format!("a journaled change no longer applies: {e}"));
        }
    }
    Ok(book)
}

/// An error naming the first file under `dir` that holds one of `secrets`.
pub fn plain_text_in(dir: &Path, secrets: &[String]) -> Result<(), String> {
    for entry in std::fs::read_dir(dir).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            plain_text_in(&path, secrets)?;
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        // memchr's search, built optimised: a byte-by-byte one in this unoptimised test would
        // take seconds per trial.
        if let Some(secret) = secrets
            .iter()
            .find(|s| memchr::memmem::find(&bytes, s.as_bytes()).is_some())
        {
            return Err(format!("{} holds {secret:?} in plain text", path.display()));
        }
    }
    Ok(())
}

/// Runs `trials` kills of each subcommand; returns the failures.
pub fn run(root: &Path, trials: u64, rng: &mut Rng) -> Vec<String> {
    let sample = sample();
    let mut failures = Vec::new();
    for scenario in Scenario::ALL {
        let started = Instant::now();
        // Calibrate: how long the whole subcommand takes here, unkilled.
        let mut slowest = Duration::ZERO;
        for n in 0..3 {
            let trial = Trial::new(&root.join(format!("{scenario:?}-calibrate-{n}")));
            scenario.prepare(&trial, &sample);
            slowest = slowest.max(run_child(&scenario.args(&trial, &sample), None));
            if let Err(e) = verify(scenario, &trial, &sample).and_then(|new| {
                new.then_some(())
                    .ok_or_else(|| "an unkilled run left the old version".to_string())
            }) {
                failures.push(format!("{scenario:?}, unkilled: {e}"));
            }
        }
        let window_us = (slowest.as_micros() as u64 * 3 / 2).max(1_000);
        let mut counts = Trials::default();
        for n in 0..trials {
            let trial = Trial::new(&root.join(format!("{scenario:?}-{n}")));
            scenario.prepare(&trial, &sample);
            let kill = Duration::from_micros(rng.below(window_us));
            run_child(&scenario.args(&trial, &sample), Some(kill));
            match verify(scenario, &trial, &sample) {
                Ok(new) => counts.count(new),
                Err(e) => failures.push(format!(
                    "{scenario:?} trial {n}, killed after {kill:?}: {e}"
                )),
            }
            std::fs::remove_dir_all(root.join(format!("{scenario:?}-{n}"))).unwrap();
            if failures.len() >= 5 {
                return failures;
            }
        }
        println!(
            "crash test, {scenario:?}: {trials} kills 0–{window_us} µs after ready (unkilled up to {slowest:?}): {} left the old version, {} the new one, in {:.1?}",
            counts.old,
            counts.new,
            started.elapsed()
        );
    }
    failures
}
