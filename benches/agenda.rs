//! The agenda at 1,000, 10,000 and 100,000 cases (issue 20): built at open over the whole
//! casebook on its own and in the live dashboard's pass (as the desk builds it at open), and
//! updated after an edit to one case.
//! The casebook is generated as `casedesk demo` writes it (seed 1, built around 2026-11-23),
//! saved and read back, so its layout in memory is the window's.
//!
//! `CASEDESK_BENCH_SIZES=1000,10000` limits the sizes; results are in BENCHMARKS.md.

// A bench: a failed unwrap is a failed run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use casedesk::domain::agenda::{Agenda, Filter};
use casedesk::domain::stats::LiveDashboard;
use casedesk::domain::{Command, Ctx, SeededIds};
use casedesk::store;
use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a real date")
}

fn sizes() -> Vec<usize> {
    std::env::var("CASEDESK_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000])
}

fn agenda(c: &mut Criterion) {
    casedesk::memory::tune_allocator();
    for n in sizes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.ron");
        store::save(
            &path,
            &casedesk::sample::generate(n, 1, today()),
            Utc::now(),
        )
        .unwrap();
        let mut book = store::open(&path, None).unwrap().book;
        let mut g = c.benchmark_group("agenda");
        if n >= 10_000 {
            g.sample_size(10);
            g.warm_up_time(Duration::from_secs(1));
        }
        g.bench_function(n.to_string(), |b| {
            b.iter_with_large_drop(|| Agenda::new(&book, today()))
        });
        g.finish();
        // As the desk builds it at open: in the dashboard's pass, which replays every case's
        // clocks anyway; the agenda's cost at open is the difference between these two.
        let mut g = c.benchmark_group("dashboard at open");
        if n >= 10_000 {
            g.sample_size(10);
            g.warm_up_time(Duration::from_secs(1));
        }
        g.bench_function(format!("{n} alone"), |b| {
            b.iter_with_large_drop(|| LiveDashboard::new(&book, today()))
        });
        g.bench_function(format!("{n} with the agenda"), |b| {
            b.iter_with_large_drop(|| LiveDashboard::overview(&book, today()))
        });
        g.finish();

        // After an edit: the case marked reviewed, its lines taken out and put back.
        let mut agenda = Agenda::new(&book, today());
        eprintln!(
            "{n} cases: {} agenda items, {} up to 30 days",
            agenda.len(),
            agenda.lines(&book, &Filter::default()).count()
        );
        let middle = book.cases()[n / 2].id;
        let now = Utc.from_utc_datetime(&today().and_hms_opt(12, 0, 0).unwrap());
        let mut ids = SeededIds::new(7);
        let mut ctx = Ctx {
            now: now.fixed_offset(),
            ids: &mut ids,
        };
        let review = Command::MarkReviewed {
            case: middle,
            on: today(),
            note: String::new(),
        };
        book.apply(review, &mut ctx).unwrap();
        let mut g = c.benchmark_group("agenda update");
        g.bench_function(n.to_string(), |b| {
            b.iter(|| agenda.update_case(&book, black_box(middle)))
        });
        g.finish();
    }
}

criterion_group!(benches, agenda);
criterion_main!(benches);
