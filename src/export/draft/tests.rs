use super::fields::field;
use super::template::placeholder;
use super::*;
use crate::domain::drafting::{DraftKind, check};
use crate::domain::tests::Fixture;
use crate::domain::{CaseKind, Direction};
use chrono::{DateTime, FixedOffset};

fn meta() -> ExportMeta {
    let at: DateTime<FixedOffset> = "2026-12-06T10:00:00+05:00".parse().unwrap();
    ExportMeta {
        exported_at: at,
        app_version: "0.1.0".into(),
        build: "test".into(),
        recipient: String::new(),
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
}

fn drafted(fx: &Fixture, kind: DraftKind) -> Letter {
    let template = template_for(kind, None).unwrap();
    letter(&fx.book, fx.case(), kind, &template, &meta(), today()).unwrap()
}

/// A bare case of the kind each document is for.
fn bare(kind: DraftKind) -> Fixture {
    let (case_kind, direction) = match kind {
        DraftKind::MlaRequest => (CaseKind::Mla, Direction::Outgoing),
        DraftKind::CoveringLetter | DraftKind::NoteVerbale | DraftKind::Chaser => {
            (CaseKind::Extradition, Direction::Outgoing)
        }
        DraftKind::Acknowledgement => (CaseKind::Mla, Direction::Incoming),
    };
    Fixture::open(case_kind, direction, "2026-01-10")
}

/// What the check finds missing, the default template shows as a placeholder: no gap is
/// drafted over unseen.
#[test]
fn every_gap_is_a_visible_placeholder_in_the_default_templates() {
    for &kind in DraftKind::ALL {
        let fx = bare(kind);
        let gaps = check(&fx.book, fx.case(), kind);
        assert!(!gaps.is_empty(), "{kind:?}");
        let letter = drafted(&fx, kind);
        for gap in gaps {
            let shown = placeholder(field(gap.need.field()).unwrap());
            assert!(
                letter.gaps().contains(&shown.as_str()),
                "{kind:?}: {gap} is not shown as {shown}"
            );
        }
    }
}

#[test]
fn a_complete_request_is_drafted_with_no_placeholder() {
    let fx = crate::domain::drafting::tests::complete_mla();
    let letter = drafted(&fx, DraftKind::MlaRequest);
    assert_eq!(letter.gaps(), Vec::<&str>::new());
    let text = letter.text();
    for expected in [
        "Ministry of Interior",
        "Imran Khan Niazi (suspect), born 01 Apr 1980, Pakistan national",
        "• Murder, contrary to PPC s.302 (maximum penalty: Death)",
        "The text of the law creating each offence:",
        "• PPC s.302:\nWhoever commits qatl-i-amd shall",
        "\n(c) punished with imprisonment of either description",
        "• Banking records: HBL account statements 2023-2024",
        "• Witness statement: Statement of the bank manager",
        "required by 01 Mar 2026 (Trial fixed for March)",
        "A. Khan, Liaison officer, a.khan@example.org",
        "OFFICIAL-SENSITIVE",
        "UN Convention against Corruption",
    ] {
        assert!(text.contains(expected), "{expected:?} not in\n{text}");
    }
    assert!(!text.contains("{{"), "{text}");
}

#[test]
fn a_document_for_other_cases_is_refused() {
    let fx = bare(DraftKind::Acknowledgement);
    let template = template_for(DraftKind::MlaRequest, None).unwrap();
    let e = letter(
        &fx.book,
        fx.case(),
        DraftKind::MlaRequest,
        &template,
        &meta(),
        today(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("outgoing MLA request"), "{e}");
}

#[test]
fn the_docx_holds_the_letter_and_the_pdf_is_a_pdf() {
    let fx = crate::domain::drafting::tests::complete_mla();
    let letter = drafted(&fx, DraftKind::MlaRequest);
    let docx = render(&letter, DraftFormat::Docx, &meta()).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(xml.contains("Imran Khan Niazi"), "{xml}");
    // The law's lines stay lines: a break between them, not a space.
    let law = &xml[xml.find("PPC s.302:</w:t>").expect("the provision")..];
    let between = &law[..law.find("Whoever commits").expect("its text")];
    assert!(
        between.contains(r#"<w:br w:type="textWrapping""#),
        "{between}"
    );
    let pdf = render(&letter, DraftFormat::Pdf, &meta()).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn an_officer_template_is_used_and_checked() {
    let fx = crate::domain::drafting::tests::complete_mla();
    let own = (
        std::path::PathBuf::from("/t/mla-request.txt"),
        "# For {{our_reference}}\n- {{offences}} ({{date}})\n".to_string(),
    );
    let template = template_for(DraftKind::MlaRequest, Some(&own)).unwrap();
    let letter = letter(
        &fx.book,
        fx.case(),
        DraftKind::MlaRequest,
        &template,
        &meta(),
        today(),
    )
    .unwrap();
    assert_eq!(
        letter.text(),
        format!(
            "For {}\n• Murder, contrary to PPC s.302 (maximum penalty: Death) (06 Dec 2026)\n",
            fx.case().reference
        )
    );
    let bad = (own.0.clone(), "Dear {{nobody}}\n".to_string());
    let e = template_for(DraftKind::MlaRequest, Some(&bad)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "/t/mla-request.txt line 1, column 6: there is no merge field {{nobody}}; `casedesk draft --fields` lists them"
    );
}

/// Drafted anyway without any offence's text of the law, the letter shows the section's
/// placeholder, so the gap the check named is not drafted over unseen.
#[test]
fn a_request_drafted_without_the_text_of_the_law_shows_its_placeholder() {
    let mut fx = crate::domain::drafting::tests::complete_mla();
    fx.update(|c| c.offences[0].law_text.clear());
    let gaps = check(&fx.book, fx.case(), DraftKind::MlaRequest);
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    let letter = drafted(&fx, DraftKind::MlaRequest);
    let shown = placeholder(field(gaps[0].need.field()).unwrap());
    assert_eq!(
        shown,
        "[MISSING: each offence's provision with the text of the law]"
    );
    assert_eq!(letter.gaps(), [shown.as_str()]);
}
