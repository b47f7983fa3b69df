//! Casedesk at 1,000, 10,000 and 100,000 cases (issue 6). Each casebook is generated once per
//! run by the same code as `casedesk demo` (fixed seed and date) into a temporary folder.
//!
//! `CASEDESK_BENCH_SIZES=1000,10000` limits the sizes; results are summarised in BENCHMARKS.md.

// A test or a bench: a failed unwrap is a failed run, and it reports what it measured.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

use casedesk::app::clock::Clock;
use casedesk::app::files::NoDialogs;
use casedesk::app::register::{COLUMNS, Register};
use casedesk::app::request::View;
use casedesk::app::{CasedeskApp, open_desk};
use casedesk::domain::check::check_casebook;
use casedesk::domain::stats::{DateRange, LiveDashboard, Review};
use casedesk::domain::{Case, Casebook, Direction, clock};
use casedesk::parallel;
use casedesk::store::Installation;
use casedesk::store::{self, format::FileV2};
use chrono::{NaiveDate, Utc};
use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a real date")
}

/// The window's clock, fixed on `today()`.
fn clock() -> Clock {
    Clock::Fixed(
        today()
            .and_time(chrono::NaiveTime::MIN)
            .and_utc()
            .fixed_offset(),
    )
}

fn sizes() -> Vec<usize> {
    std::env::var("CASEDESK_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000])
}

/// A generated casebook saved in a temporary folder, as `casedesk demo` writes it.
struct Fixture {
    cases: usize,
    _dir: tempfile::TempDir,
    path: PathBuf,
    book: Casebook,
}

impl Fixture {
    fn new(cases: usize) -> Self {
        // As the app does at start, so the figures are the app's.
        casedesk::memory::tune_allocator();
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join(format!("demo-{cases}.ron"));
        let started = std::time::Instant::now();
        let generated_book = casedesk::sample::generate(cases, 1, today());
        let generated = started.elapsed();
        store::save(&path, &generated_book, Utc::now()).expect("the demo casebook saves");
        drop(generated_book);
        // The casebook as the window has it: read back from the file. Its figures at open are
        // worked out over what the reader built, laid out in memory as the reader leaves it
        // (the generator's casebook, built among its scratch work, is slower to walk).
        let book = store::open(&path, None)
            .expect("the demo casebook opens")
            .book;
        let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
        eprintln!(
            "{cases} cases: generated in {generated:.1?}, {:.1} MB on disk",
            bytes as f64 / 1e6
        );
        Self {
            cases,
            _dir: dir,
            path,
            book,
        }
    }
}

/// Slow figures at 100,000 cases take seconds each: fewer samples (criterion's least) and a
/// shorter time, which criterion stretches for a figure that needs it.
fn group<'c>(c: &'c mut Criterion, name: &str, cases: usize) -> BenchmarkGroup<'c, WallTime> {
    let mut group = c.benchmark_group(name);
    if cases >= 10_000 {
        group.sample_size(10);
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(if cases >= 100_000 { 8 } else { 4 }));
    }
    group
}

fn open_and_save(c: &mut Criterion, f: &Fixture) {
    let n = f.cases;
    let mut g = group(c, "open", n);
    // What the window does before its first frame on the desk: read, parse, check, index.
    // Freeing what was built is not part of opening (the window keeps it): it is left out of
    // the timing here and in the parses below.
    let installation = Installation::passing();
    g.bench_function(n.to_string(), |b| {
        b.iter_with_large_drop(|| {
            open_desk(f.path.clone(), None, clock(), &installation).expect("opens")
        })
    });
    g.finish();

    let text = std::fs::read_to_string(&f.path).expect("reads");
    let mut g = group(c, "parse ron", n);
    g.bench_function(n.to_string(), |b| {
        b.iter_with_large_drop(|| store::load_str(&text, &f.path).expect("parses"))
    });
    g.finish();

    // The same file types through serde_json: the format's cost apart from ours.
    let json = serde_json::to_string(&FileV2::from_casebook(&f.book, Utc::now())).expect("json");
    let mut g = group(c, "parse json", n);
    g.bench_function(n.to_string(), |b| {
        b.iter_with_large_drop(|| {
            let file: FileV2 = serde_json::from_str(&json).expect("parses");
            file.into_casebook()
        })
    });
    g.finish();

    let dir = tempfile::tempdir().expect("a temporary folder");
    let target = dir.path().join("saved.ron");
    // Each save keeps the file it replaces as a snapshot; only the latest is kept here, or 50
    // snapshots of a 100,000-case casebook would fill the disk.
    let snapshots = dir.path().join("snapshots");
    // What the officer waits for: the casebook durably in place, its snapshot taken (a second
    // name of the old file) and marked; compressing it is left to the settling, dropped here.
    let mut g = group(c, "save", n);
    g.bench_function(n.to_string(), |b| {
        b.iter_batched(
            || std::fs::remove_dir_all(&snapshots).ok(),
            |_| {
                store::save_settling(&target, &f.book, Utc::now(), None, &AtomicUsize::new(0))
                    .expect("saves")
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
    // And with its snapshot compressed whole (no base to differ from), as the window's save
    // thread finishes it after reporting the save done.
    let mut g = group(c, "save and settle", n);
    g.bench_function(n.to_string(), |b| {
        b.iter_batched(
            || std::fs::remove_dir_all(&snapshots).ok(),
            |_| store::save(&target, &f.book, Utc::now()).expect("saves"),
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

fn register(c: &mut Criterion, f: &Fixture) {
    let n = f.cases;
    // Two of the three steps that follow the parse at open, each alone on both cores (at open
    // the check runs beside the dashboard's pass and then the register, `Desk::assessed`; the
    // register takes each case's next deadline from that pass).
    let next_deadlines = LiveDashboard::overview(&f.book, today()).next_deadlines;
    let mut g = group(c, "register at open", n);
    g.bench_function(n.to_string(), |b| {
        b.iter_with_large_drop(|| Register::with_deadlines(&f.book, today(), Some(&next_deadlines)))
    });
    g.finish();
    let mut g = group(c, "check at open", n);
    g.bench_function(n.to_string(), |b| {
        b.iter_with_large_drop(|| check_casebook(&f.book, today()))
    });
    g.finish();
    let mut register = Register::new(&f.book, today());
    let mut g = group(c, "filter keystroke", n);
    // The officer has typed "kha" and types "n", with a direction facet set: the whole register
    // is searched again.
    register.facets.direction = Some(Direction::Incoming);
    g.bench_function(n.to_string(), |b| {
        b.iter(|| {
            register.filter.clear();
            register.filter.push_str("khan");
            register.refilter();
            black_box(register.visible_count())
        })
    });
    g.finish();

    register.facets.direction = None;
    // The officer types a CNIC as written on the card, dashes and all: every word is searched
    // as typed and as an identifier, in names, fathers' names, dates of birth and documents.
    let cnic = f
        .book
        .cases()
        .iter()
        .flat_map(|c| &c.details.parties)
        .filter_map(|p| f.book.person(p.person))
        .flat_map(|p| &p.documents)
        .find(|d| d.kind == casedesk::domain::DocumentKind::Cnic)
        .map(|d| casedesk::domain::identifier_key(&d.number))
        .expect("the demo has a CNIC");
    let typed = format!("{}-{}-{}", &cnic[..5], &cnic[5..12], &cnic[12..]);
    let mut g = group(c, "filter by CNIC", n);
    g.bench_function(n.to_string(), |b| {
        b.iter(|| {
            register.filter.clear();
            register.filter.push_str(&typed);
            register.refilter();
            black_box(register.visible_count())
        })
    });
    g.finish();
    assert!(register.visible_count() > 0, "{typed} finds its cases");

    register.filter.clear();
    register.refilter();
    let mut g = group(c, "sort", n);
    for column in COLUMNS.iter().map(|c| c.name) {
        g.bench_function(format!("{column}/{n}"), |b| {
            b.iter_batched_ref(
                || register.clone(),
                |r| r.sort_by(column),
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

fn clocks(c: &mut Criterion, f: &Fixture) {
    let n = f.cases;
    let days = f.book.settings.working_days();
    // Every clock of every case, on every core as the desk works them out at open (in its
    // register rows and dashboard), then on one core for the cost per case.
    let count = |cases: &[Case]| -> usize {
        cases
            .iter()
            .map(|case| clock::clocks(case, today(), &days).len())
            .sum()
    };
    let mut g = group(c, "clocks", n);
    g.bench_function(n.to_string(), |b| {
        b.iter(|| {
            let parts = parallel::in_parts(f.book.cases(), 1_000, |_, cases| count(cases));
            black_box(parts.iter().sum::<usize>())
        })
    });
    g.finish();
    let mut g = group(c, "clocks one core", n);
    g.bench_function(n.to_string(), |b| {
        b.iter(|| black_box(count(f.book.cases())))
    });
    g.finish();

    // At open: every case's share of the dashboard, on every core, and the figures the first
    // frame draws. As for opening, freeing them is left out: the window keeps them.
    let mut g = group(c, "dashboard", n);
    g.bench_function(n.to_string(), |b| {
        b.iter_with_large_drop(|| {
            let live = LiveDashboard::new(&f.book, today());
            let figures = live.dashboard();
            (live, figures)
        })
    });
    g.finish();

    // After an edit: the edited case's share taken out and put back; then, on their own, the
    // figures as the view reads them.
    let mut live = LiveDashboard::new(&f.book, today());
    let middle = f.book.cases()[n / 2].id;
    let mut g = group(c, "dashboard update", n);
    g.bench_function(n.to_string(), |b| {
        b.iter(|| live.update_case(&f.book, black_box(middle)))
    });
    g.finish();
    let mut g = group(c, "dashboard figures", n);
    g.bench_function(n.to_string(), |b| b.iter(|| black_box(live.dashboard())));
    g.finish();

    // The programme's annual review: the year to the day the casebook is built around.
    let year = DateRange::new(today() - chrono::Days::new(364), today()).expect("a range");
    let mut g = group(c, "review", n);
    g.bench_function(n.to_string(), |b| {
        b.iter(|| black_box(Review::compute(&f.book, year, today())))
    });
    g.finish();
}

/// One frame of the real window, tessellated: the register scrolled to its middle with a
/// filter active, the middle case open on its status panel.
fn frame(c: &mut Criterion, f: &Fixture) {
    let n = f.cases;
    let mut app = CasedeskApp::open(f.path.clone(), false, clock(), Box::new(NoDialogs));
    app.wait_until_open();
    let register = app.desk_mut().expect("the casebook opens").register_mut();
    register.filter.push_str("20");
    register.refilter();
    if let Some(id) = register.visible_id(register.visible_count() / 2) {
        register.select(id);
    }
    let ctx = egui::Context::default();
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1500.0, 950.0),
        )),
        ..Default::default()
    };
    let run = |app: &mut CasedeskApp| {
        let mut output = ctx.run_ui(input(), |ui| app.frame_ui(ui));
        // No renderer here to upload the font atlas to: epaint refuses to drop it unapplied.
        output.textures_delta.clear();
        ctx.tessellate(output.shapes, output.pixels_per_point)
    };
    // The register with the case and its status panel beside it, then the dashboard.
    for (name, view) in [
        ("frame register", View::Register),
        ("frame dashboard", View::Dashboard),
    ] {
        app.desk_mut().expect("open").set_view(view);
        // Fonts, the atlas, the scroll position and the dashboard's figures settle first.
        for _ in 0..5 {
            run(&mut app);
        }
        let mut g = group(c, name, n);
        g.bench_function(n.to_string(), |b| b.iter(|| black_box(run(&mut app))));
        g.finish();
    }

    // The register's frame again while the casebook is saved over and over in the background,
    // as the window saves: the window must stay responsive during a save.
    app.desk_mut().expect("open").set_view(View::Register);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let target = dir.path().join("saving.ron");
    let snapshots = dir.path().join("snapshots");
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            while !stop.load(Ordering::Relaxed) {
                std::fs::remove_dir_all(&snapshots).ok();
                store::save(&target, &f.book, Utc::now()).expect("saves");
            }
        });
        let mut g = group(c, "frame register while saving", n);
        g.bench_function(n.to_string(), |b| b.iter(|| black_box(run(&mut app))));
        g.finish();
        stop.store(true, Ordering::Relaxed);
    });
}

fn scale(c: &mut Criterion) {
    for cases in sizes() {
        let fixture = Fixture::new(cases);
        open_and_save(c, &fixture);
        register(c, &fixture);
        clocks(c, &fixture);
        frame(c, &fixture);
    }
}

criterion_group!(benches, scale);
criterion_main!(benches);
