//! Asylum claims (EA 2003 s.121) in exports: the full summary and the register CSV show them;
//! a partner or statistics export never does (`export::redact::asylum_lines`).

use super::{fixture, summary, today};
use casedesk::domain::{
    AsylumClaim, AsylumOutcome, Casebook, Command, Ctx, ExportProfile, RecordId, SeededIds,
};
use casedesk::export::redact::{Selection, register_rows};
use casedesk::export::{self, Format};
use uuid::Uuid;

fn with_asylum_claims() -> Casebook {
    let mut book = fixture();
    let case = book.case_by_reference("EI-2026-0001").unwrap();
    let (id, mut details) = (case.id, case.details.clone());
    let day = |s: &str| s.parse().unwrap();
    details.asylum_claims = vec![
        AsylumClaim {
            id: RecordId(Uuid::from_u128(951)),
            made: day("2025-06-02"),
            outcome: AsylumOutcome::Refused,
            decided: Some(day("2025-10-14")),
            note: String::new(),
        },
        AsylumClaim {
            id: RecordId(Uuid::from_u128(952)),
            made: day("2026-11-02"),
            outcome: AsylumOutcome::Pending,
            decided: None,
            note: String::new(),
        },
    ];
    let mut ids = SeededIds::new(5);
    let mut ctx = Ctx {
        now: super::now(),
        ids: &mut ids,
    };
    book.apply(
        Command::UpdateCase {
            case: id,
            details: Box::new(details),
        },
        &mut ctx,
    )
    .unwrap();
    book
}

#[test]
fn asylum_claims_are_in_the_full_summary_and_register_and_in_no_partner_or_statistics_export() {
    let book = with_asylum_claims();
    let text = |profile, format| {
        let bytes = summary(&book, profile, format).bytes;
        match format {
            Format::Pdf => super::pdf_text(&bytes),
            _ => String::from_utf8(bytes).unwrap(),
        }
    };
    for format in [Format::Markdown, Format::Html, Format::Pdf] {
        let full = text(ExportProfile::Full, format);
        for shown in [
            "Asylum claims",
            "Pending: surrender barred (EA 2003 s.121)",
            "Refused, finally determined",
        ] {
            assert!(
                super::shows(&full, shown),
                "full {format:?}: {shown}\n{full}"
            );
        }
        for profile in [ExportProfile::Partner, ExportProfile::Statistics] {
            let other = text(profile, format);
            for withheld in ["Asylum", "asylum", "s.121"] {
                assert!(
                    !other.contains(withheld),
                    "{profile:?} {format:?} shows {withheld}\n{other}"
                );
            }
        }
    }

    let case = book.case_by_reference("EI-2026-0001").unwrap();
    let rows = |profile| register_rows(&book, [case], profile, Selection::default(), today());
    assert_eq!(rows(ExportProfile::Full)[0].asylum_claims.len(), 2);
    assert!(rows(ExportProfile::Partner)[0].asylum_claims.is_empty());

    let csv = String::from_utf8(export::register_csv(&book, None, today()).unwrap()).unwrap();
    assert!(csv.lines().next().unwrap().ends_with(",\"asylum_claims\""));
    let row = csv.lines().find(|l| l.contains("EI-2026-0001")).unwrap();
    assert!(
        row.ends_with(
            "\"made 2025-06-02: Refused, finally determined on 2025-10-14; made 2026-11-02: Pending: surrender barred (EA 2003 s.121)\""
        ),
        "{row}"
    );
}
