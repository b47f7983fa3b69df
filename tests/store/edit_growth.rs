//! The file grows by the edit events only (issue 20): after 10,000 detail edits the casebook's
//! text is longer by the lines of those events, the edited values themselves and the edited
//! cases' stamps, nothing else. Prints the figures for `BENCHMARKS.md`.

use casedesk::domain::{Command, Ctx, SeededIds};
use casedesk::store;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};

const EDITS: usize = 10_000;

#[test]
fn ten_thousand_detail_edits_grow_the_file_by_their_events() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut book = casedesk::sample::generate(1_000, 7, today);
    let at = "2026-11-24T00:00:00Z".parse().unwrap();
    let before = store::serialize(&book, at).unwrap();
    let edit_lines = |text: &str| -> usize {
        text.lines()
            .filter(|l| l.contains("kind: Edited("))
            .map(|l| l.len() + 1)
            .sum()
    };
    let start: DateTime<FixedOffset> = "2026-11-24T09:00:00+00:00".parse().unwrap();
    let mut ids = SeededIds::new(11);
    let mut summaries = 0i64;
    for i in 0..EDITS {
        let case = &book.cases()[i * 7919 % book.cases().len()];
        let mut details = case.details.clone();
        // One field, as an officer's correction of a summary: a few words added.
        let new = format!("{} (checked {i})", details.summary);
        summaries += new.len() as i64 - details.summary.len() as i64;
        details.summary = new;
        let now = start + Duration::seconds(i as i64);
        book.apply(
            Command::UpdateCase {
                case: case.id,
                details: Box::new(details),
            },
            &mut Ctx { now, ids: &mut ids },
        )
        .unwrap();
    }
    let after = store::serialize(&book, at).unwrap();
    let growth = after.len() as i64 - before.len() as i64;
    let events = (edit_lines(&after) - edit_lines(&before)) as i64;
    let rest = growth - events - summaries;
    println!(
        "1,000 cases: {} bytes (the sample's own edit events {} of them); after {EDITS} summary edits {} bytes (+{growth}); edit events {events} bytes ({} per edit); the summaries themselves {summaries}; the rest (stamps, frontier) {rest}",
        before.len(),
        edit_lines(&before),
        after.len(),
        events / EDITS as i64,
    );
    // The rest is the edited cases' stamps and the frontier: a few bytes an edited case.
    assert!(rest.abs() < 40 * 1_000, "{rest} bytes beyond the edits");
    assert!(events > 0);
}
