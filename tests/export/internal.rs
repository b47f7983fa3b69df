//! A review report for internal use (the programme's monthly review) discloses nothing: it
//! records no disclosure in the histories of the cases it names; one for anyone else does.

use crate::fixture::{meta, today};
use casedesk::domain::ExportProfile;
use casedesk::domain::stats::DateRange;
use casedesk::export::doc::INTERNAL_USE;
use casedesk::export::{self, ExportMeta, Format, Progress, Selection};

fn disclosures(recipient: &str) -> usize {
    let book = casedesk::sample::generate(120, 5, today());
    let month =
        DateRange::new("2026-02-01".parse().unwrap(), "2026-02-28".parse().unwrap()).unwrap();
    let meta = ExportMeta {
        recipient: recipient.into(),
        ..meta()
    };
    export::review_report(
        &book,
        month,
        ExportProfile::Full,
        Selection::default(),
        Format::Markdown,
        &meta,
        today(),
        &Progress::default(),
    )
    .unwrap()
    .disclosures
    .len()
}

#[test]
fn a_monthly_review_for_internal_use_records_no_disclosure() {
    assert!(
        disclosures("Steering committee") > 0,
        "the report names cases"
    );
    assert_eq!(disclosures(INTERNAL_USE), 0);
    // As the command line's `--for internal` says it.
    assert_eq!(disclosures("internal"), 0);
}
