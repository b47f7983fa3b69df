//! Register import on arbitrary text against a small casebook, then what confirming every
//! offered row does: the preview must never panic, the commands it builds must apply, and the
//! casebook they make must pass the semantic checks a file load runs. A file whose layout is
//! broken must import nothing: the preview of a file with a quote left open, a row of another
//! length than the header or a value over the limit is refused (checked here with the `csv`
//! crate itself, not with the import's own code).
#![no_main]

use casedesk::domain::check::check_casebook;
use casedesk::domain::{Casebook, Ctx, SeededIds};
use casedesk::export::csv::{MAX_FIELD_BYTES, preview};
use chrono::{NaiveDate, TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// Existing cases, so duplicate detection by reference and by person and offence is reached.
static BOOK: LazyLock<Casebook> = LazyLock::new(|| casedesk::sample::generate(5, 3, today()));

/// Whether every quote that opens a value closes it: a line read after the text is a record of
/// its own only then (inside an open quote it would be part of the last value).
fn quotes_close(text: &str) -> bool {
    let marked = format!("{text}\n\u{1}end\n");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(marked.as_bytes());
    let last = reader.records().filter_map(Result::ok).last();
    last.is_some_and(|r| r.len() == 1 && &r[0] == "\u{1}end")
}

/// Whether every row has as many values as the header, none over the limit.
fn rows_fit(text: &str) -> bool {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    reader
        .records()
        .all(|r| r.is_ok_and(|r| r.iter().all(|v| v.len() <= MAX_FIELD_BYTES)))
}

fuzz_target!(|data: &[u8]| {
    // Non-UTF-8 is refused before the preview (`read_to_string` in the CLI, the window alike).
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(preview) = preview(&BOOK, "fuzz.csv", text, today()) else {
        return;
    };
    // The preview strips a byte-order mark before reading, as spreadsheets write one.
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    assert!(
        quotes_close(body),
        "a file with a quote left open was previewed"
    );
    assert!(
        rows_fit(body),
        "a file with a row of another length or a value too long was previewed"
    );
    let mut ids = SeededIds::new(1);
    let commands = preview.commands(&BOOK, &mut ids);
    let mut book = BOOK.clone();
    let now = Utc
        .with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
        .unwrap()
        .fixed_offset();
    for command in commands {
        if let Err(e) = book.apply(command, &mut Ctx { now, ids: &mut ids }) {
            panic!("the preview offered a row the casebook refuses: {e}");
        }
    }
    let findings = check_casebook(&book, today());
    assert!(
        findings.is_empty(),
        "an import broke the casebook: {findings:?}"
    );
});
