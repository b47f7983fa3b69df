//! An offence's text of the law in case summaries: under the full profile and, as public
//! wording that is neither an identifier nor an internal note, under the partner profile, in
//! every format; none under statistics.

use super::{every_format, fixture, shows};
use casedesk::domain::{Casebook, Command, Ctx, ExportProfile, SeededIds};

const FIRST: &str = "(1) Whoever traffics in narcotic drugs shall be punished with death.";
const SECOND: &str = "(2) The offence is triable by the Special Court.";

fn with_the_law() -> Casebook {
    let mut book = fixture();
    let case = book.case_by_reference("EI-2026-0001").unwrap();
    let (id, mut details) = (case.id, case.details.clone());
    details.offences[0].law_text = format!("{FIRST}\n{SECOND}");
    let mut ids = SeededIds::new(6);
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
fn full_and_partner_summaries_show_each_offences_text_of_the_law() {
    let book = with_the_law();
    for profile in [ExportProfile::Full, ExportProfile::Partner] {
        for (format, text) in every_format(&book, profile) {
            for line in [FIRST, SECOND] {
                assert!(
                    shows(&text, line),
                    "{profile:?} {format:?}: {line} in {text}"
                );
            }
        }
    }
    for (format, text) in every_format(&book, ExportProfile::Statistics) {
        assert!(!shows(&text, "Whoever traffics"), "{format:?}: {text}");
    }
}
