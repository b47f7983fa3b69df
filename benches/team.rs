//! The team folder at scale (issue 25): a merge that brings nothing, at 10,000 and 50,000
//! cases, through the `casedesk merge` binary itself (process start included) and through the
//! window's look at one copy; and the window's memory while it looks at ten colleagues' copies
//! of a 10,000-case casebook that each bring a change. Printed, not sampled by criterion: the
//! memory figure needs a process of its own (`CASEDESK_BENCH_SIZES` limits the merge sizes).
//!
//! ```sh
//! cargo bench --bench team
//! ```

// A test or a bench: a failed unwrap is a failed run, and it reports what it measured.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

use casedesk::app::team::TeamWatch;
use casedesk::domain::{Casebook, Command, Ctx, SeededIds, merge::merge};
use casedesk::store::{self, Installation};
use chrono::{NaiveDate, Utc};
use std::path::Path;
use std::process::Command as Process;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a real date")
}

/// The median of `runs` timings of `work`.
fn median(runs: usize, mut work: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs).map(|_| work()).collect();
    times.sort();
    times[runs / 2]
}

fn timed(work: impl FnOnce()) -> Duration {
    let started = Instant::now();
    work();
    started.elapsed()
}

/// The process's resident memory now and at its peak since the peak was last reset, in bytes.
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
            .map_or(0, |kib| kib * 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Starts counting the peak again from the memory in use now.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / f64::from(1 << 20)
}

/// `book` as `officer` edited one summary, as another officer's copy would hold it.
fn colleague(book: &Casebook, officer: &str, index: usize) -> Casebook {
    let mut copy = book.clone();
    copy.settings.officer_name = officer.into();
    let case = copy.cases()[index].id;
    let mut details = copy.case(case).expect("the case").details.clone();
    details.summary = format!("Seen by {officer}");
    copy.apply(
        Command::UpdateCase {
            case,
            details: Box::new(details),
        },
        &mut Ctx {
            now: Utc::now().into(),
            ids: &mut SeededIds::new(1),
        },
    )
    .expect("the edit applies");
    copy
}

fn nothing_to_merge(cases: usize, dir: &Path) {
    let mut book = casedesk::sample::generate(cases, 1, today());
    book.settings.officer_name = "A. Shaw".into();
    let ours = dir.join(format!("ours-{cases}.ron"));
    let theirs = dir.join(format!("theirs-{cases}.ron"));
    // Theirs: a colleague's copy with nothing ours lacks (ours has moved on since).
    let mut older = book.clone();
    older.settings.officer_name = "S. Qureshi".into();
    store::save(&theirs, &older, Utc::now()).expect("saves");
    let book = colleague(&book, "A. Shaw", 0);
    store::save(&ours, &book, Utc::now()).expect("saves");
    let mb = std::fs::metadata(&ours).map_or(0, |m| m.len()) as f64 / 1e6;

    let binary = env!("CARGO_BIN_EXE_casedesk");
    let installation = dir.join("installation");
    let cli = median(5, || {
        timed(|| {
            let out = Process::new(binary)
                .args(["merge"])
                .arg(&ours)
                .arg(&theirs)
                .env(store::INSTALLATION_DIR_VARIABLE, &installation)
                .output()
                .expect("casedesk runs");
            assert!(
                String::from_utf8_lossy(&out.stdout).contains("Nothing to merge"),
                "{out:?}"
            );
        })
    });
    let seen = book.stamps().seen.clone();
    let head = median(5, || {
        timed(|| {
            let look = store::team::look(&theirs, &seen, None).expect("reads");
            assert!(matches!(look, store::team::Look::Seen(_)));
        })
    });
    // What a merge that brings nothing cost before heads were trusted: both casebooks read
    // whole and compared.
    let whole = median(3, || {
        timed(|| {
            let (a, b) = (
                store::load(&ours).expect("loads"),
                store::load(&theirs).expect("loads"),
            );
            assert!(merge(&a, &b).is_empty());
        })
    });
    println!(
        "nothing to merge, {cases} cases ({mb:.0} MB): `casedesk merge` {:.3} s; the window's look at the copy {:.2} ms; both read whole and compared {:.2} s",
        cli.as_secs_f64(),
        head.as_secs_f64() * 1e3,
        whole.as_secs_f64()
    );
}

/// Ten colleagues' copies of a 10,000-case casebook, each with a change: the window's look at
/// the folder, and the memory it takes, against one copy read.
fn ten_colleagues(dir: &Path) {
    let team = dir.join("team");
    std::fs::create_dir_all(&team).expect("a folder");
    let mut book = casedesk::sample::generate(10_000, 1, today());
    book.settings.officer_name = "A. Shaw".into();
    book.settings.team_folder = Some(team.clone());
    for i in 0..10 {
        let officer = format!("Officer {i}");
        let copy = colleague(&book, &officer, i);
        store::save(&team.join(format!("officer-{i}.ron")), &copy, Utc::now()).expect("saves");
    }
    let ours_path = dir.join("ours.ron");
    store::save(&ours_path, &book, Utc::now()).expect("saves");
    drop(book);
    // Ours as the window has it: read from its file.
    let ours = Arc::new(store::load(&ours_path).expect("loads"));

    let (before, _) = memory();
    reset_peak();
    let installation = Installation::in_dir(&dir.join("installation")).expect("kept");
    let mut watch = TeamWatch::with(installation, None);
    let started = Instant::now();
    watch.rescan_soon();
    watch.poll(0.0, false, &ours, &ours_path, None, true);
    watch.poll(0.0, true, &ours, &ours_path, None, true);
    let scan = started.elapsed();
    let (_, peak) = memory();
    assert_eq!(watch.waiting().count(), 10, "every copy brings a change");
    let scan_growth = peak.saturating_sub(before);

    // One copy read, as the merge review reads it: the size of the largest single copy.
    let (before, _) = memory();
    reset_peak();
    let one = store::load(&team.join("officer-0.ron")).expect("loads");
    let (after, _) = memory();
    let one_copy = after.saturating_sub(before);
    drop(one);
    println!(
        "ten colleagues' copies of a 10,000-case casebook looked at in {:.1} ms: the window's memory grew {:.1} MiB at its peak; one copy read takes {:.1} MiB ({:.2}x)",
        scan.as_secs_f64() * 1e3,
        mib(scan_growth),
        mib(one_copy),
        scan_growth as f64 / one_copy.max(1) as f64
    );
}

fn main() {
    // As the app does at start, so the figures are the app's.
    casedesk::memory::tune_allocator();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let sizes: Vec<usize> = std::env::var("CASEDESK_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 50_000]);
    // Criterion's flags (`--bench`) are not ours.
    for cases in sizes {
        nothing_to_merge(cases, dir.path());
    }
    ten_colleagues(dir.path());
}
