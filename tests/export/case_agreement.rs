//! The agreement a case rests on (issue 23) in what leaves Casedesk: by title in the full and
//! the partner summary (a title is the parties' own and names no one), `casedesk show`'s text
//! and the register CSV's `agreement` column; the statistics summary lists no case, so none.

use super::{fixture, summary};
use casedesk::domain::governance::*;
use casedesk::domain::{Command, Ctx, ExportProfile, SeededIds};
use casedesk::export::Format;
use uuid::Uuid;

#[test]
fn a_cases_agreement_is_named_in_summaries_and_the_register_csv_but_not_in_statistics() {
    let mut book = fixture();
    let mut ids = SeededIds::new(23);
    let mut ctx = Ctx {
        now: super::now(),
        ids: &mut ids,
    };
    let agreement = Agreement::new(
        AgreementId(Uuid::from_u128(0x101)),
        "Letter of intent on law-enforcement cooperation",
        AgreementKind::Arrangement,
        AgreementStatus::InForce,
    );
    let save = GovernanceCommand::Save(Box::new(GovernanceRecord::Agreement(agreement.clone())));
    book.apply(Command::Governance(save), &mut ctx).unwrap();
    let case = book.case_by_reference("EI-2026-0001").unwrap();
    let (id, mut details) = (case.id, case.details.clone());
    details.agreement = Some(agreement.id);
    let update = Command::UpdateCase {
        case: id,
        details: Box::new(details),
    };
    book.apply(update, &mut ctx).unwrap();

    let text =
        |profile| String::from_utf8(summary(&book, profile, Format::Markdown).bytes).unwrap();
    for profile in [ExportProfile::Full, ExportProfile::Partner] {
        let shown = text(profile);
        assert!(
            shown.contains("- **Agreement:** Letter of intent on law-enforcement cooperation"),
            "{profile}: {shown}"
        );
    }
    // The statistics profile counts: the case rests on an agreement, not which.
    let statistics = text(ExportProfile::Statistics);
    assert!(!statistics.contains("Letter of intent"));
    assert!(
        statistics.contains("- **Resting on an agreement in the register:** 1"),
        "{statistics}"
    );
    let case = book.case(id).unwrap();
    let shown = casedesk::export::text::case_text(&book, case, super::today());
    assert!(
        shown.contains("Agreement     Letter of intent on law-enforcement cooperation"),
        "{shown}"
    );

    let csv =
        String::from_utf8(casedesk::export::register_csv(&book, None, super::today()).unwrap())
            .unwrap();
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .contains("\"summary\",\"agreement\",\"next_deadline\"")
    );
    let row = lines.find(|l| l.starts_with("\"EI-2026-0001\"")).unwrap();
    assert!(
        row.contains(",\"Letter of intent on law-enforcement cooperation\",\"UK_"),
        "{row}"
    );
}
