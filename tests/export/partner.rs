//! The partner summary as its PDF reads (`pdftotext`): the particulars the partner supplied,
//! per person and per identifier, and nothing internal (deadline codes, the build, the
//! document checklist's gaps).

use super::{pdf_text, shows, summary};
use crate::fixture::fixture;
use casedesk::domain::deadlines::CATALOGUE;
use casedesk::domain::{Casebook, Command, Ctx, ExportProfile, Person, SeededIds, Source};
use casedesk::export::Format;

fn partner_pdf(book: &Casebook) -> String {
    pdf_text(&summary(book, ExportProfile::Partner, Format::Pdf).bytes)
}

/// `book` with the requested person changed by `change`.
fn with_imran(book: &Casebook, change: impl FnOnce(&mut Person)) -> Casebook {
    let mut book = book.clone();
    let mut imran = (book.people().iter())
        .find(|p| p.name == "Muhammad Imrān")
        .unwrap()
        .clone();
    change(&mut imran);
    book.apply(
        Command::SavePerson(Box::new(imran)),
        &mut Ctx {
            now: crate::fixture::now(),
            ids: &mut SeededIds::new(77),
        },
    )
    .unwrap();
    book
}

#[test]
fn the_partner_pdf_names_the_requested_person_only_when_the_partner_supplied_the_name() {
    let book = fixture();
    let text = partner_pdf(&book);
    assert!(shows(&text, "Muhammad Imrān"), "{text}");
    assert!(shows(&text, "61101-1111111-1"), "{text}");

    let ours = with_imran(&book, |p| p.source = Source::Ours);
    let text = partner_pdf(&ours);
    assert!(!shows(&text, "Muhammad Imrān"), "{text}");
    assert!(!shows(&text, "61101-1111111-1"), "{text}");
    assert!(shows(&text, "Particulars withheld"), "{text}");
}

#[test]
fn the_partner_pdf_shows_an_identifier_only_when_the_partner_supplied_it() {
    // The name came in their request; the CNIC was found here.
    let book = with_imran(&fixture(), |p| p.documents[0].source = Some(Source::Ours));
    let text = partner_pdf(&book);
    assert!(shows(&text, "Muhammad Imrān"), "{text}");
    assert!(!shows(&text, "61101-1111111-1"), "{text}");
    let full = pdf_text(&summary(&book, ExportProfile::Full, Format::Pdf).bytes);
    assert!(shows(&full, "61101-1111111-1"), "{full}");
}

#[test]
fn the_partner_pdf_shows_no_internal_code_build_or_checklist_gap() {
    let book = fixture();
    let full = pdf_text(&summary(&book, ExportProfile::Full, Format::Pdf).bytes);
    let partner = partner_pdf(&book);
    // The internal summary has all three, so their absence below is not an accident.
    assert!(shows(&full, "abc1234567"), "{full}");
    assert!(shows(&full, "UK_PA_DOCS"), "{full}");
    assert!(shows(&full, "Missing"), "{full}");
    assert!(!shows(&partner, "abc1234567"), "{partner}");
    assert!(shows(&partner, "Casedesk test"), "{partner}");
    for rule in CATALOGUE {
        assert!(!shows(&partner, rule.code), "{} in:\n{partner}", rule.code);
    }
    assert!(!shows(&partner, "Missing"), "{partner}");
    assert!(!shows(&partner, "Checklist"), "{partner}");
    // The deadline itself is still there, by its title.
    let title = CATALOGUE
        .iter()
        .find(|r| r.code == "UK_PA_DOCS")
        .unwrap()
        .title;
    assert!(shows(&partner, title), "{partner}");
}
