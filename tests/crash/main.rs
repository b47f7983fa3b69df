//! Crash test: a real save runs in a child process (this test binary, started again with
//! `CASEDESK_CRASH_CHILD` set) and is killed with SIGKILL at a random moment, spread from
//! before its first write to after its rename. After every kill the casebook must load and
//! equal the old or the new version exactly, every snapshot must load, and no temporary file
//! may be taken for a casebook, a snapshot or a recovery file. Then the same for subcommands
//! that write more than the casebook (`cli_kills.rs`): `passphrase`, `import-csv`, `merge`,
//! `export` with its disclosure, `new` replaying a journal and `attach` (nothing half-stored),
//! with no plain text left behind an encrypted casebook. Then saves killed after they reported
//! done, while compressing their snapshot (`settle_kills.rs`): the next opener finishes it.
//! Then the window's journal (`journal_kills.rs`): edits acknowledged once
//! durable, saves running beside them, killed at random; no acknowledged edit is ever lost.
//!
//! `CASEDESK_CRASH_TRIALS` sets the number of trials of the save (150 by default; a quarter of
//! it, at least one, for each subcommand), `CASEDESK_CRASH_SEED` the kill-point sequence
//! (printed, so a failure can be replayed).

// A test or a bench: a failed unwrap is a failed run, and it reports what it measured.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

mod cli_kills;
mod journal_kills;
mod settle_kills;

use casedesk::domain::Casebook;
use casedesk::store;
use chrono::{DateTime, NaiveDate, Utc};
use std::io::{BufRead, BufReader, Lines, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const CHILD_PATH: &str = "CASEDESK_CRASH_CHILD";
const CHILD_TRIAL: &str = "CASEDESK_CRASH_TRIAL";

/// The casebook trial `n` saves: the same sample each time, told apart by the officer's name.
fn version(n: u64) -> Casebook {
    static SAMPLE: OnceLock<Casebook> = OnceLock::new();
    let mut book = SAMPLE
        .get_or_init(|| {
            casedesk::sample::generate(40, 7, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
        })
        .clone();
    book.settings.officer_name = format!("Trial {n}");
    book
}

fn saved_at(n: u64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_000_000 + n as i64, 0).unwrap()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(cli_kills::CHILD_ARG) {
        return cli_kills::child(args[1..].to_vec());
    }
    if args.first().map(String::as_str) == Some(journal_kills::CHILD_ARG) {
        return journal_kills::child(args[1..].to_vec());
    }
    if args.first().map(String::as_str) == Some(settle_kills::CHILD_ARG) {
        return settle_kills::child(args[1..].to_vec());
    }
    match std::env::var_os(CHILD_PATH) {
        Some(path) => child(Path::new(&path)),
        None => parent(),
    }
}

/// How many kills left the old version and how many the new one.
#[derive(Default)]
struct Trials {
    old: u64,
    new: u64,
}

impl Trials {
    fn count(&mut self, new: bool) {
        if new {
            self.new += 1;
        } else {
            self.old += 1;
        }
    }
}

/// Builds its version, says "ready", saves, says "saved".
fn child(path: &Path) {
    let n: u64 = std::env::var(CHILD_TRIAL).unwrap().parse().unwrap();
    let book = version(n);
    let mut out = std::io::stdout().lock();
    writeln!(out, "ready").unwrap();
    out.flush().unwrap();
    store::save(path, &book, saved_at(n)).unwrap();
    writeln!(out, "saved").unwrap();
}

/// Runs one child saving version `n` over `path`, killing it `kill_after` after it is ready
/// (never, with `None`). Returns the time from ready to exit when it was not killed.
fn run_child(path: &Path, n: u64, kill_after: Option<Duration>) -> Duration {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .env(CHILD_PATH, path)
        .env(CHILD_TRIAL, n.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let _lines = ready_lines(&mut child);
    kill_or_finish(&mut child, kill_after, "save")
}

/// The child's standard output, once it has said "ready".
fn ready_lines(child: &mut Child) -> Lines<BufReader<ChildStdout>> {
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "ready");
    lines
}

/// Kills `child` `kill_after` from now (never, with `None`: then `what` must succeed); returns
/// the time from now to its exit.
fn kill_or_finish(child: &mut Child, kill_after: Option<Duration>, what: &str) -> Duration {
    let ready = Instant::now();
    if let Some(delay) = kill_after {
        std::thread::sleep(delay);
        // SIGKILL on Unix; an error only means the child had already finished.
        let _finished = child.kill();
    }
    let status = child.wait().unwrap();
    let took = ready.elapsed();
    if kill_after.is_none() {
        assert!(status.success(), "an unkilled {what} failed: {status}");
    }
    took
}

/// xorshift64*: a tiny reproducible sequence of kill points.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n.max(1)
    }
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().map(|v| {
        v.parse()
            .unwrap_or_else(|_| panic!("{name} must be a number"))
    })
}

fn parent() {
    let trials = env_u64("CASEDESK_CRASH_TRIALS").unwrap_or(150);
    let seed = env_u64("CASEDESK_CRASH_SEED").unwrap_or_else(|| {
        u64::from(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos(),
        ) | 1
    });
    // On the real disk (not a tmpfs), so fsync and rename take the time they take for officers.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let path = dir.path().join("casebook.ron");
    let started = Instant::now();
    store::save(&path, &version(0), saved_at(0)).unwrap();
    // Calibrate: how long a whole save takes here, so kill points cover all of it and a bit
    // after the rename.
    let mut slowest = Duration::ZERO;
    for n in 1..=3 {
        slowest = slowest.max(run_child(&path, n, None));
    }
    let window_us = (slowest.as_micros() as u64 * 3 / 2).max(1_000);
    let mut on_disk = 3;
    let mut rng = Rng(seed);
    let mut counts = Trials::default();
    let mut temps_left = 0;
    let mut temps = 0;
    let mut failures = Vec::new();
    for n in 4..4 + trials {
        let kill = Duration::from_micros(rng.below(window_us));
        run_child(&path, n, Some(kill));
        match verify(&path, on_disk, n) {
            Ok(now) => {
                counts.count(now == n);
                on_disk = now;
            }
            Err(e) => failures.push(format!("trial {n}, killed after {kill:?}: {e}")),
        }
        let now_temps = stray_temps(dir.path());
        if now_temps > temps {
            temps_left += 1;
        }
        temps = now_temps;
        if failures.len() >= 5 {
            break;
        }
    }
    println!(
        "crash test: {trials} trials (seed {seed}, kill points 0–{window_us} µs after ready, a save taking up to {slowest:?}): {} left the old version, {} the new one, {temps_left} left a temporary file behind; {} failures, in {:.1?}",
        counts.old,
        counts.new,
        failures.len(),
        started.elapsed()
    );
    if failures.is_empty() {
        let subcommands = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
        failures = cli_kills::run(subcommands.path(), (trials / 4).max(1), &mut rng);
    }
    if failures.is_empty() {
        let settling = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
        failures = settle_kills::run(settling.path(), (trials / 4).max(1), &mut rng);
    }
    if failures.is_empty() {
        let journal = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
        failures = journal_kills::run(journal.path(), (trials / 2).max(1), &mut rng);
        println!("crash test, all: {:.1?}", started.elapsed());
    }
    for f in &failures {
        println!("FAILED {f}");
    }
    if failures.is_empty() {
        println!("1 passed, 0 failed");
    } else {
        println!("0 passed, 1 failed");
        std::process::exit(1);
    }
}

/// The casebook is exactly version `old` or `new` (returning which), every snapshot loads and
/// is an earlier version, and nothing temporary is listed or offered.
fn verify(path: &Path, old: u64, new: u64) -> Result<u64, String> {
    let book = store::load(path).map_err(|e| e.to_string())?;
    let now = [old, new]
        .into_iter()
        .find(|&n| book == version(n))
        .ok_or_else(|| format!("the casebook is neither version {old} nor {new}"))?;
    let snapshots = store::list_snapshots(path).map_err(|e| e.to_string())?;
    for snap in &snapshots {
        if is_temp(&snap.path) {
            return Err(format!(
                "a temporary file is listed as a snapshot: {}",
                snap.path.display()
            ));
        }
    }
    // The newest snapshot is whole (older ones were checked when they were newest).
    if let Some(newest) = snapshots.first() {
        let snap = store::load(&newest.path).map_err(|e| format!("snapshot: {e}"))?;
        if snap.settings.officer_name.strip_prefix("Trial ").is_none() {
            return Err("the newest snapshot is not a saved version".into());
        }
    }
    if store::journal::journal_path(path).exists() {
        return Err("a save without a journal left one behind".into());
    }
    Ok(now)
}

fn is_temp(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().contains(".tmp-"))
}

/// Temporary files left by killed saves, beside the casebook or among its snapshots.
fn stray_temps(dir: &Path) -> usize {
    let files = |d: PathBuf| -> Vec<PathBuf> {
        std::fs::read_dir(d)
            .map(|e| e.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default()
    };
    files(dir.to_path_buf())
        .into_iter()
        .chain(files(dir.join("snapshots")))
        .filter(|p| is_temp(p))
        .count()
}
