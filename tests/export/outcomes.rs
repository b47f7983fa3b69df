//! Outcomes on a case (persons, assets, seizures) in case summaries: in full under the full
//! profile, never in a partner's or the statistics document (`docs/law.md` §6: they were never
//! disclosed to the partner).

use super::{fixture, summary};
use casedesk::domain::{
    AssetAction, AssetOutcome, Command, Ctx, Currency, Decimal, ExportProfile, RecordId, SeededIds,
    Seizure, SeizureKind,
};
use casedesk::export::Format;
use uuid::Uuid;

#[test]
fn outcomes_are_in_the_full_summary_only() {
    let mut book = fixture();
    let case = book.case_by_reference("EI-2026-0001").unwrap();
    let (id, mut details) = (case.id, case.details.clone());
    let day = |s: &str| s.parse().unwrap();
    details.outcomes.assets.push(AssetOutcome {
        id: RecordId(Uuid::from_u128(911)),
        action: AssetAction::Restrained,
        date: day("2026-03-10"),
        amount: Decimal::parse("1250000.50").unwrap(),
        currency: Currency::parse("PKR").unwrap(),
        converted_on: None,
        note: String::new(),
    });
    details.outcomes.seizures.push(Seizure {
        id: RecordId(Uuid::from_u128(912)),
        kind: SeizureKind::Drugs,
        date: day("2026-03-11"),
        quantity: Decimal::parse("12.5").unwrap(),
        unit: "kg".into(),
        value: None,
        currency: None,
        note: String::new(),
    });
    let mut ids = SeededIds::new(5);
    let mut ctx = Ctx {
        now: super::now(),
        ids: &mut ids,
    };
    let update = Command::UpdateCase {
        case: id,
        details: Box::new(details),
    };
    book.apply(update, &mut ctx).unwrap();
    let text =
        |profile| String::from_utf8(summary(&book, profile, Format::Markdown).bytes).unwrap();
    let full = text(ExportProfile::Full);
    assert!(
        full.contains("| 10 Mar 2026 | Asset restrained | 1,250,000.50 PKR |"),
        "{full}"
    );
    assert!(
        full.contains("| 11 Mar 2026 | Seizure: Drugs | 12.5 kg |"),
        "{full}"
    );
    for profile in [ExportProfile::Partner, ExportProfile::Statistics] {
        let shown = text(profile);
        assert!(
            !shown.contains("1,250,000")
                && !shown.contains("Seizure")
                && !shown.contains("Outcomes"),
            "{profile}: {shown}"
        );
    }
}
