//! The window's journal killed part-way: a child process (this binary again) edits a casebook as
//! the window does — each edit applied, journaled and flushed to disk before it is reported as
//! done ("acked N" on stdout), a save of the casebook as it stood running on a thread of its own
//! every few edits while the editing goes on — and is killed with SIGKILL at a random moment,
//! during an append, a save or the journal's emptying. The next opener must find the casebook
//! with exactly the first M edits, M at least the last one acknowledged: no acknowledged edit
//! lost, none half applied, none applied twice.

use super::{Rng, Trials, kill_or_finish, ready_lines};
use casedesk::domain::{CaseDetails, Casebook, Command, Ctx, InstallationId, RandomIds};
use casedesk::sample;
use casedesk::store;
use casedesk::store::journal::Journal;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use std::io::Write;
use std::path::Path;
use std::process::{Command as Process, Stdio};
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The first argument that makes this binary the editing child.
pub const CHILD_ARG: &str = "--crash-journal-child";
/// Edits per trial, and a save every this many.
const EDITS: usize = 40;
const SAVE_EVERY: usize = 6;
const INSTALLATION: InstallationId = InstallationId(42);

fn sample() -> Casebook {
    let mut book = sample::generate(12, 6, NaiveDate::from_ymd_opt(2026, 12, 6).unwrap());
    book.set_installation(INSTALLATION);
    book
}

fn at(n: usize) -> DateTime<FixedOffset> {
    let start: DateTime<FixedOffset> = "2026-12-06T10:00:00+01:00".parse().unwrap();
    start + chrono::Duration::seconds(n as i64)
}

/// Edit `n` (from 1): case n's summary, at a fixed time, so every run makes the same casebook.
fn edit(book: &Casebook, n: usize) -> Command {
    let case = &book.cases()[n % book.cases().len()];
    let mut details = case.details.clone();
    details.summary = format!("Edit {n}");
    Command::UpdateCase {
        case: case.id,
        details: Box::new(details),
    }
}

/// The casebook after each number of edits.
fn expected() -> Vec<Casebook> {
    let mut book = sample();
    let mut out = vec![book.clone()];
    for n in 1..=EDITS {
        let command = edit(&book, n);
        let ctx = &mut Ctx {
            now: at(n),
            ids: &mut RandomIds,
        };
        book.apply(command, ctx).unwrap();
        out.push(book.clone());
    }
    out
}

/// In the child: edits the casebook at `args[0]`, acknowledging each edit once it is durable.
pub fn child(args: Vec<String>) {
    let path = Path::new(&args[0]);
    let mut book = sample();
    let journal = Arc::new(Journal::new(path, store::recorded_checksum(path, None), None).unwrap());
    let mut out = std::io::stdout().lock();
    writeln!(out, "ready").unwrap();
    out.flush().unwrap();
    let saving: Mutex<Option<std::thread::JoinHandle<()>>> = Mutex::new(None);
    for n in 1..=EDITS {
        let command = edit(&book, n);
        journal.apply(&mut book, command, at(n)).unwrap();
        journal.flush().unwrap();
        writeln!(out, "acked {n}").unwrap();
        out.flush().unwrap();
        if n % SAVE_EVERY == 0 {
            // The window's saver: the casebook as it is now, on its own thread.
            if let Some(previous) = saving.lock().unwrap().take() {
                previous.join().unwrap();
            }
            let (book, journal, path) = (book.clone(), Arc::clone(&journal), path.to_path_buf());
            let through = journal.last_seq();
            *saving.lock().unwrap() = Some(std::thread::spawn(move || {
                let written = AtomicUsize::new(0);
                let saved = store::save_journaled(
                    &path,
                    &book,
                    Utc::now(),
                    None,
                    &written,
                    &journal,
                    through,
                )
                .unwrap();
                // As the window's saver: reported done, then the snapshot compressed.
                saved.settling.finish(None);
            }));
        }
    }
    if let Some(last) = saving.lock().unwrap().take() {
        last.join().unwrap();
    }
}

/// Runs the child on `path`, killing it `kill_after` after it is ready; returns the last edit
/// it acknowledged.
fn run_child(path: &Path, kill_after: Option<Duration>) -> (usize, Duration) {
    let mut child = Process::new(std::env::current_exe().unwrap())
        .arg(CHILD_ARG)
        .arg(path)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = ready_lines(&mut child);
    let reader = std::thread::spawn(move || {
        lines
            .map_while(Result::ok)
            .filter_map(|l| l.strip_prefix("acked ").and_then(|n| n.parse().ok()))
            .last()
            .unwrap_or(0)
    });
    let took = kill_or_finish(&mut child, kill_after, "editor");
    (reader.join().unwrap(), took)
}

/// What the edits change in a casebook: each case's details and how many events its history
/// holds (an edit records one, whose id is drawn at random here and in the child alike, so the
/// casebooks themselves are never equal).
fn edits_held(book: &Casebook) -> Vec<(CaseDetails, usize)> {
    book.cases()
        .iter()
        .map(|c| (c.details.clone(), c.history().len()))
        .collect()
}

/// The casebook its next opener finds: which number of edits it holds, at least `acked`.
fn verify(path: &Path, acked: usize, expected: &[Casebook]) -> Result<usize, String> {
    let mut book = super::cli_kills::opened_on(path, None, INSTALLATION)?;
    book.set_installation(INSTALLATION);
    let book = edits_held(&book);
    let held = expected
        .iter()
        .position(|e| edits_held(e) == book)
        .ok_or("the casebook holds no whole number of edits")?;
    if held < acked {
        return Err(format!(
            "edit {acked} was acknowledged, but only {held} are there"
        ));
    }
    Ok(held)
}

/// Runs `trials` kills of the editing window; returns the failures.
pub fn run(root: &Path, trials: u64, rng: &mut Rng) -> Vec<String> {
    let started = Instant::now();
    let expected = expected();
    let fresh = |name: &str| {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("casebook.ron");
        store::save(&path, &sample(), Utc::now()).unwrap();
        path
    };
    let mut failures = Vec::new();
    let calibrate = fresh("calibrate");
    let (acked, slowest) = run_child(&calibrate, None);
    if let Err(e) = verify(&calibrate, acked, &expected).and_then(|held| {
        (held == EDITS)
            .then_some(())
            .ok_or(format!("{held} of {EDITS} edits"))
    }) {
        failures.push(format!("journal, unkilled: {e}"));
    }
    let window_us = (slowest.as_micros() as u64 * 11 / 10).max(1_000);
    let mut counts = Trials::default();
    let mut lost_tail = 0;
    for n in 0..trials {
        let path = fresh(&format!("trial-{n}"));
        let kill = Duration::from_micros(rng.below(window_us));
        let (acked, _) = run_child(&path, Some(kill));
        match verify(&path, acked, &expected) {
            Ok(held) => {
                counts.count(held == EDITS);
                lost_tail += usize::from(held > acked);
            }
            Err(e) => failures.push(format!("journal trial {n}, killed after {kill:?}: {e}")),
        }
        std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
        if failures.len() >= 5 {
            break;
        }
    }
    println!(
        "crash test, the window's journal: {trials} kills 0–{window_us} µs after ready ({EDITS} edits, a save every {SAVE_EVERY}): {} stopped part-way, {} finished; {lost_tail} held an edit written but not yet acknowledged; in {:.1?}",
        counts.old,
        counts.new,
        started.elapsed()
    );
    failures
}
