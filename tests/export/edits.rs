//! Edits in exports (issue 20): a full summary's history shows each edit with its old and new
//! value; a partner's shows none of it, neither the edit nor the old value.

use super::{fixture, summary};
use casedesk::domain::{Command, Ctx, ExportProfile, SeededIds};
use casedesk::export::Format;

#[test]
fn a_full_summary_shows_the_edits_of_a_case_and_a_partner_summary_none() {
    let mut book = fixture();
    let case = book.case_by_reference("EI-2026-0001").unwrap();
    let (id, mut details) = (case.id, case.details.clone());
    let old = details.summary.clone();
    details.summary = "Revised after the FIA's second letter".into();
    let mut ids = SeededIds::new(5);
    book.apply(
        Command::UpdateCase {
            case: id,
            details: Box::new(details),
        },
        &mut Ctx {
            now: super::now(),
            ids: &mut ids,
        },
    )
    .unwrap();
    for format in [Format::Markdown, Format::Html] {
        let text = |profile| String::from_utf8(summary(&book, profile, format).bytes).unwrap();
        let full = text(ExportProfile::Full);
        assert!(full.contains("Details edited: Summary"), "{full}");
        assert!(full.contains(&old), "the old value: {full}");
        let partner = text(ExportProfile::Partner);
        // Not even as a bare line: the fixture has no merge choice, the other "Record updated".
        assert!(!partner.contains("edited"), "{partner}");
        assert!(!partner.contains("Record updated"), "{partner}");
        assert!(!partner.contains(&old), "{partner}");
    }
}
