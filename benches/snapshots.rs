//! Snapshots at scale (issue 19): after 1,000 saves with an officer's edits between them, the
//! snapshots folder against the casebook's size (target: at most twice); and what compressing
//! the snapshot costs a save. The history is printed, not sampled: it is one long run. The
//! saves go through `store::save`, so the snapshots are thinned by this computer's rule (the
//! default unless `casedesk snapshots --keep-…` set one).
//!
//! ```sh
//! cargo bench --bench snapshots --no-default-features
//! CASEDESK_BENCH_SIZES=10000,100000 CASEDESK_BENCH_SAVES=1000 cargo bench --bench snapshots --no-default-features
//! CASEDESK_BENCH_SIZES=100000 CASEDESK_BENCH_SAVES=0 cargo bench --bench snapshots --no-default-features  # the save only
//! ```

// A test or a bench: a failed unwrap is a failed run, and it reports what it measured.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

use casedesk::domain::{
    CaseId, Casebook, Command, Ctx, Direction, ExportProfile, Note, RecordId, SeededIds,
};
use casedesk::store;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use criterion::{BatchSize, Criterion};
use std::path::Path;
use std::sync::atomic::AtomicUsize;
use std::time::Instant;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a real date")
}

fn env_list(name: &str, default: &[usize]) -> Vec<usize> {
    std::env::var(name)
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

/// When save `n` of the history happens: twenty a working day, every 24 minutes from 09:00,
/// Monday to Friday, from Monday 2 November 2026.
fn save_time(n: usize) -> DateTime<Utc> {
    let mut day = NaiveDate::from_ymd_opt(2026, 11, 2).expect("a real date");
    let mut working = n / 20;
    while working > 0 || matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            working -= 1;
        }
        day = day.succ_opt().expect("a next day");
    }
    let start = Utc.from_utc_datetime(&day.and_hms_opt(9, 0, 0).expect("a real time"));
    start + Duration::minutes(24 * (n % 20) as i64)
}

/// What an officer does between two saves: a note on a case, its summary reworded, a
/// disclosure recorded on another, and every tenth save a new case.
fn edit(book: &mut Casebook, n: usize, at: DateTime<Utc>, ids: &mut SeededIds) {
    let cases = book.cases().len();
    let now = at.fixed_offset();
    let mut apply = |book: &mut Casebook, command| {
        book.apply(command, &mut Ctx { now, ids })
            .expect("the edit applies");
    };
    let pick = |k: usize| book.cases()[(n * 7_919 + k * 104_729) % cases].id;
    let (noted, disclosed) = (pick(0), pick(1));
    let mut details = book.case(noted).expect("the case").details.clone();
    details.summary = format!("{} (reviewed at save {n})", details.summary);
    details.notes.push(Note {
        id: RecordId(uuid::Uuid::from_u128(n as u128 + 1)),
        written: at.date_naive(),
        author: "Ayesha Khan".into(),
        text: format!("Called the central authority about the request; follow-up {n}."),
    });
    apply(
        book,
        Command::UpdateCase {
            case: noted,
            details: Box::new(details),
        },
    );
    apply(
        book,
        Command::RecordDisclosure {
            case: disclosed,
            document: format!("summary-{n}.pdf"),
            profile: ExportProfile::Partner,
            recipient: "Central authority".into(),
        },
    );
    if n.is_multiple_of(10) {
        let direction = Direction::Incoming;
        let details = Box::new(book.settings.new_case_details(direction));
        apply(
            book,
            Command::OpenCase {
                id: CaseId(uuid::Uuid::from_u128(u128::MAX - n as u128)),
                kind: casedesk::domain::CaseKind::Mla,
                direction,
                opened: at.date_naive(),
                details,
            },
        );
    }
}

fn folder_bytes(dir: &Path) -> (u64, usize) {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .fold((0, 0), |(bytes, n), m| (bytes + m.len(), n + 1))
        })
        .unwrap_or((0, 0))
}

/// The history: `saves` saves of a `cases`-case casebook, edited between them; printed.
fn history(cases: usize, saves: usize) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("casebook.ron");
    let mut book = casedesk::sample::generate(cases, 1, today());
    let mut ids = SeededIds::new(19);
    let started = Instant::now();
    let mut slowest = std::time::Duration::ZERO;
    for n in 0..saves {
        let at = save_time(n);
        edit(&mut book, n, at, &mut ids);
        let save = Instant::now();
        store::save(&path, &book, at).expect("the casebook saves");
        slowest = slowest.max(save.elapsed());
    }
    let elapsed = started.elapsed();
    let casebook = std::fs::metadata(&path).map_or(0, |m| m.len());
    let (snapshots, count) = folder_bytes(&store::snapshots_folder(&path));
    println!(
        "{cases} cases, {saves} saves ({} to {}): casebook {:.1} MB, {count} snapshots {:.1} MB, \
         {:.2}× the casebook; {:.1?} in all, slowest save {slowest:.1?}",
        save_time(0).format("%Y-%m-%d"),
        save_time(saves - 1).format("%Y-%m-%d %H:%M"),
        casebook as f64 / 1e6,
        snapshots as f64 / 1e6,
        snapshots as f64 / casebook as f64,
        elapsed,
    );
}

/// A save over a casebook as it reports done (its snapshot kept as a second name of the old
/// file), the compression of that snapshot that follows it (`Settling::finish`, on the
/// window's save thread or after the command line's output), and a save where there is no
/// snapshot to keep; then the memory the compression takes above what the process held.
fn save_cost(c: &mut Criterion, cases: usize) {
    let book = casedesk::sample::generate(cases, 1, today());
    let dir = tempfile::tempdir().expect("a temporary folder");
    let target = dir.path().join("saved.ron");
    let snapshots = store::snapshots_folder(&target);
    store::save(&target, &book, Utc::now()).expect("saves");
    let save = || {
        store::save_settling(&target, &book, Utc::now(), None, &AtomicUsize::new(0)).expect("saves")
    };
    let mut g = c.benchmark_group("save");
    g.sample_size(10);
    // The folder emptied before each, so each snapshot is compressed whole (no base).
    g.bench_function(format!("{cases} over a casebook, as reported"), |b| {
        b.iter_batched(
            || std::fs::remove_dir_all(&snapshots).ok(),
            // Left uncompressed (marked): the folder goes before the next.
            |_| drop(save()),
            BatchSize::PerIteration,
        )
    });
    g.bench_function(format!("{cases}, its snapshot compressed after"), |b| {
        b.iter_batched(
            || {
                std::fs::remove_dir_all(&snapshots).ok();
                save()
            },
            |settling| settling.finish(None),
            BatchSize::PerIteration,
        )
    });
    let fresh = dir.path().join("fresh.ron");
    g.bench_function(format!("{cases} with no snapshot to keep"), |b| {
        b.iter_batched(
            || std::fs::remove_file(&fresh).ok(),
            |_| store::save(&fresh, &book, Utc::now()).expect("saves"),
            BatchSize::PerIteration,
        )
    });
    g.finish();
    std::fs::remove_dir_all(&snapshots).ok();
    let settling = save();
    let before = reset_peak();
    settling.finish(None);
    if let (Some(before), Some(peak)) = (before, status_kb("VmHWM:")) {
        println!(
            "{cases} cases: compressing the snapshot whole took {:.0} MB above the {:.0} MB the process held",
            (peak.saturating_sub(before)) as f64 / 1e3,
            before as f64 / 1e3
        );
    }
}

/// Resets the process's peak resident memory to what it holds now (Linux), which it returns.
fn reset_peak() -> Option<u64> {
    std::fs::write("/proc/self/clear_refs", "5").ok()?;
    status_kb("VmRSS:")
}

/// A field of /proc/self/status, in kB.
fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    casedesk::memory::tune_allocator();
    let saves = env_list("CASEDESK_BENCH_SAVES", &[1_000])[0];
    let mut c = Criterion::default().configure_from_args();
    for cases in env_list("CASEDESK_BENCH_SIZES", &[10_000]) {
        if saves > 0 {
            history(cases, saves);
        }
        save_cost(&mut c, cases);
    }
    c.final_summary();
}
