//! The casebook loader on arbitrary bytes, then what the window does with whatever loads:
//! the semantic checks and every case's clocks. Must never panic, hang or exhaust memory.
#![no_main]

use casedesk::domain::{check::check_casebook, clocks};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(loaded) = casedesk::store::open_bytes(data, "fuzz.ron".as_ref(), None) else {
        return;
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    check_casebook(&loaded.book, today);
    let days = loaded.book.settings.working_days();
    for case in loaded.book.cases() {
        clocks(case, today, &days);
    }
});
