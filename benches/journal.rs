//! The journal (issue 19) at 10,000 and 100,000 cases: an edit applied and made durable (its
//! entry appended to the journal and flushed to disk), which must not grow with the casebook
//! (target ≤ 20 ms, and no write of the whole casebook between saves); and what opening pays for
//! a journal of 10,000 entries (read, checked and replayed; target ≤ 100 ms more than without).
//!
//! `CASEDESK_BENCH_SIZES=10000` limits the sizes; results are in BENCHMARKS.md.

// A bench: a failed expect is a failed run, and it reports what it measured.
#![allow(clippy::expect_used, clippy::print_stderr)]

use casedesk::domain::{Casebook, Command};
use casedesk::sample;
use casedesk::store;
use casedesk::store::journal::{self, Journal};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 6).expect("a real date")
}

fn sizes() -> Vec<usize> {
    std::env::var("CASEDESK_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000])
}

fn now() -> DateTime<FixedOffset> {
    Utc::now().fixed_offset()
}

/// An edit of case `n`'s summary, as the case editor commits it.
fn edit(book: &Casebook, n: usize) -> Command {
    let case = &book.cases()[n % book.cases().len()];
    let mut details = case.details.clone();
    details.summary = format!("Summary edited {n}");
    Command::UpdateCase {
        case: case.id,
        details: Box::new(details),
    }
}

fn durable_edit(c: &mut Criterion) {
    let mut group = c.benchmark_group("journal");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(8));
    for cases in sizes() {
        casedesk::memory::tune_allocator();
        let dir = tempfile::tempdir().expect("a temporary folder");
        // On the disk the casebook lives on, so the fsync costs what it costs officers.
        let path = dir.path().join("casebook.ron");
        let mut book = sample::generate(cases, 1, today());
        // The journal only names the casebook's checksum: the casebook need not be on disk.
        let journal = Journal::new(&path, Some(format!("blake3:{}", "0".repeat(64))), None)
            .expect("a journal");
        let mut n = 0;
        group.bench_function(format!("an edit applied and durable, {cases} cases"), |b| {
            b.iter(|| {
                n += 1;
                let command = edit(&book, n);
                journal
                    .apply(&mut book, command, now())
                    .expect("the edit applies");
                journal.flush().expect("the journal is written");
            });
        });
        let written = std::fs::metadata(store::journal::journal_path(&path)).map_or(0, |m| m.len());
        eprintln!(
            "{cases} cases: {n} edits journaled in {written} bytes ({} per entry); the casebook was never written",
            written / n.max(1) as u64
        );
        assert!(!path.exists(), "no whole-casebook write between saves");
    }
    group.finish();
}

/// Opening: the casebook read, then a journal of 10,000 entries read, checked and replayed.
fn open_with_journal(c: &mut Criterion) {
    const ENTRIES: usize = 10_000;
    let mut group = c.benchmark_group("journal");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for cases in sizes() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("casebook.ron");
        let book = sample::generate(cases, 1, today());
        store::save(&path, &book, Utc::now()).expect("the casebook saves");
        drop(book);
        let loaded = store::open(&path, None).expect("the casebook opens");
        let checksum = loaded.checksum.clone();
        let mut edited = loaded.book.clone();
        let journal_bytes =
            || std::fs::metadata(store::journal::journal_path(&path)).map_or(0, |m| m.len());
        let journal = Journal::new(&path, checksum.clone(), None).expect("a journal");
        for n in 0..ENTRIES {
            let command = edit(&edited, n);
            journal
                .apply(&mut edited, command, now())
                .expect("the edit applies");
        }
        journal.flush().expect("the journal is written");
        drop(edited);
        eprintln!(
            "{cases} cases: a journal of {ENTRIES} entries is {} bytes",
            journal_bytes()
        );
        group.bench_function(
            format!("opening's extra, a journal of {ENTRIES} entries read, {cases} cases"),
            |b| {
                b.iter(|| {
                    let pending = journal::read(&path, checksum.as_deref(), None)
                        .expect("reads")
                        .expect("a journal");
                    assert_eq!(pending.entries.len(), ENTRIES);
                    black_box(pending)
                });
            },
        );
        // Replayed over the same casebook each time (each entry replaces a case's details, so
        // it applies again): a copy of 100,000 cases per iteration would cost more than this.
        let pending = journal::read(&path, checksum.as_deref(), None)
            .expect("reads")
            .expect("a journal");
        let mut book = loaded.book;
        group.bench_function(
            format!("opening's extra, a journal of {ENTRIES} entries replayed, {cases} cases"),
            |b| {
                b.iter(|| {
                    let replayed = journal::replay(&mut book, &pending.entries);
                    assert_eq!(replayed.applied, ENTRIES);
                });
            },
        );
    }
    group.finish();
}

criterion_group!(benches, durable_edit, open_with_journal);
criterion_main!(benches);
