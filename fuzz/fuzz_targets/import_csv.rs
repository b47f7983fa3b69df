//! Register import on arbitrary text against a small casebook, then what confirming every
//! offered row does: the preview must never panic, the commands it builds must apply, and the
//! casebook they make must pass the semantic checks a file load runs.
#![no_main]

use casedesk::domain::check::check_casebook;
use casedesk::domain::{Casebook, Ctx, SeededIds, demo};
use casedesk::export::csv::preview;
use chrono::{NaiveDate, TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// Existing cases, so duplicate detection by reference and by person and offence is reached.
static BOOK: LazyLock<Casebook> = LazyLock::new(|| demo::generate(5, 3, today()));

fuzz_target!(|data: &[u8]| {
    // Non-UTF-8 is refused before the preview (`read_to_string` in the CLI, the window alike).
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(preview) = preview(&BOOK, "fuzz.csv", text, today()) else {
        return;
    };
    let mut ids = SeededIds::new(1);
    let commands = preview.commands(&BOOK, &mut ids);
    let mut book = BOOK.clone();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap().fixed_offset();
    for command in commands {
        if let Err(e) = book.apply(command, &mut Ctx { now, ids: &mut ids }) {
            panic!("the preview offered a row the casebook refuses: {e}");
        }
    }
    let findings = check_casebook(&book, today());
    assert!(findings.is_empty(), "an import broke the casebook: {findings:?}");
});
