//! A save killed after it reported done, while its snapshot is being compressed (the window
//! does that on its save thread after the save, the command line after its output): the
//! snapshot is never lost, and the next opener (the lock, then `store::tidy`, as every writing
//! subcommand and the window do) finishes compressing it. For an encrypted casebook no plain
//! text of it is ever on disk, before or after the opener.

use super::{Rng, Trials, kill_or_finish, ready_lines, saved_at, version};
use casedesk::store::{self, Key};
use chrono::Utc;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The first argument that makes this binary a child saving and then settling.
pub const CHILD_ARG: &str = "--crash-settle-child";
const PASSPHRASE: &str = "Rawalpindi to Reading 2026";

fn key() -> Key {
    Key::with_test_work_factor(PASSPHRASE, 4)
}

/// In the child: saves version `n` over the casebook at `path` (sealed when `encrypted`), says
/// "saved" once the save is done, then compresses its snapshot and says "settled".
pub fn child(args: Vec<String>) {
    let path = Path::new(&args[0]);
    let n: u64 = args[1].parse().unwrap();
    let key = (args[2] == "encrypted").then(key);
    let book = version(n);
    let mut out = std::io::stdout().lock();
    writeln!(out, "ready").unwrap();
    out.flush().unwrap();
    let written = std::sync::atomic::AtomicUsize::new(0);
    let settling = store::save_settling(path, &book, saved_at(n), key.as_ref(), &written).unwrap();
    writeln!(out, "saved").unwrap();
    out.flush().unwrap();
    settling.finish(None);
    writeln!(out, "settled").unwrap();
}

/// Saves version `n` in a child, killing it `kill_after` after it said the save is done
/// (never, with `None`). Returns the time from "saved" to its exit.
fn run_child(path: &Path, n: u64, encrypted: bool, kill_after: Option<Duration>) -> Duration {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .arg(CHILD_ARG)
        .arg(path)
        .arg(n.to_string())
        .arg(if encrypted { "encrypted" } else { "plain" })
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = ready_lines(&mut child);
    assert_eq!(lines.next().unwrap().unwrap(), "saved");
    kill_or_finish(&mut child, kill_after, "settling a save")
}

/// After a kill: the casebook is version `n`; the snapshots are the ones before plus the one
/// the save took, version `n - 1`; once the next opener has tidied, none is left whole (each
/// smaller than the casebook, no mark left), each opens, and an encrypted casebook's folder
/// holds no plain text of it. Returns whether the kill came before the compression was done.
fn verify(path: &Path, n: u64, snapshots: usize, key: Option<&Key>) -> Result<bool, String> {
    let book = store::load_with(path, key).map_err(|e| e.to_string())?;
    if book != version(n) {
        return Err(format!("the casebook is not version {n}"));
    }
    let listed = store::list_snapshots(path).map_err(|e| e.to_string())?;
    if listed.len() != snapshots {
        return Err(format!(
            "{} snapshots, not {snapshots}: one was lost",
            listed.len()
        ));
    }
    let marks = |folder: &Path| {
        std::fs::read_dir(folder)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".uncompressed"))
            .count()
    };
    let folder = store::snapshots_folder(path);
    let interrupted = marks(&folder) > 0;
    let lock = store::lock::acquire(path, Utc::now()).map_err(|e| e.to_string())?;
    let tidied = store::tidy(&lock, key, &[]).map_err(|e| format!("tidying: {e}"))?;
    if !interrupted && !tidied.compressed.is_empty() {
        return Err("the opener compressed a snapshot that was not marked".into());
    }
    if marks(&folder) > 0 {
        return Err("a snapshot is still marked uncompressed after the opener".into());
    }
    let casebook_bytes = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    for (i, snap) in store::list_snapshots(path)
        .map_err(|e| e.to_string())?
        .iter()
        .enumerate()
    {
        if snap.bytes >= casebook_bytes {
            return Err(format!("{} is not compressed", snap.path.display()));
        }
        let held = store::load_with(&snap.path, key)
            .map_err(|e| format!("snapshot {}: {e}", snap.path.display()))?;
        if i == 0 && held != version(n - 1) {
            return Err("the newest snapshot is not the version the save replaced".into());
        }
    }
    if key.is_some() {
        let mut secrets = vec!["casedesk-casebook".to_string()];
        secrets.extend(book.cases().iter().map(|c| c.reference.clone()));
        super::cli_kills::plain_text_in(path.parent().unwrap(), &secrets)?;
    }
    Ok(interrupted)
}

/// Kills `trials` saves of a plain and of an encrypted casebook while they compress their
/// snapshot; returns the failures.
pub fn run(root: &Path, trials: u64, rng: &mut Rng) -> Vec<String> {
    let mut failures = Vec::new();
    for encrypted in [false, true] {
        let started = Instant::now();
        let dir = root.join(if encrypted { "encrypted" } else { "plain" });
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("casebook.ron");
        let key = encrypted.then(key);
        store::save_with(&path, &version(0), saved_at(0), key.as_ref()).unwrap();
        // Calibrate: how long compressing takes here, so kill points cover it and a bit after.
        let mut slowest = Duration::ZERO;
        let mut snapshots = 0;
        for n in 1..=3 {
            slowest = slowest.max(run_child(&path, n, encrypted, None));
            snapshots += 1;
            if let Err(e) = verify(&path, n, snapshots, key.as_ref()) {
                failures.push(format!("settling, unkilled (encrypted: {encrypted}): {e}"));
            }
        }
        let window_us = (slowest.as_micros() as u64 * 3 / 2).max(1_000);
        let mut counts = Trials::default();
        for n in 4..4 + trials {
            let kill = Duration::from_micros(rng.below(window_us));
            run_child(&path, n, encrypted, Some(kill));
            snapshots += 1;
            match verify(&path, n, snapshots, key.as_ref()) {
                // "old": killed before the compression was done.
                Ok(interrupted) => counts.count(!interrupted),
                Err(e) => failures.push(format!(
                    "settling trial {n} (encrypted: {encrypted}), killed after {kill:?}: {e}"
                )),
            }
            if failures.len() >= 5 {
                return failures;
            }
        }
        println!(
            "crash test, settling (encrypted: {encrypted}): {trials} kills 0–{window_us} µs after the save was done (compressing up to {slowest:?}): {} before the snapshot was compressed, {} after, in {:.1?}",
            counts.old,
            counts.new,
            started.elapsed()
        );
    }
    failures
}
