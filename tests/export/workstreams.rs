//! The other workstreams leaving Casedesk (`../shared/domain.md` §12): an offender's risk
//! assessment never goes in a partner's export; an offender alert is neither-confirm-nor-deny
//! unless chosen; the unverified rules carry "check" in every format.

use super::*;
use casedesk::domain::crossings::handling_defaults;
use casedesk::domain::workstreams::AlertState as O;
use casedesk::domain::*;

const RISK: &str = "High: form C, contact offences against children";
const ASSESSOR: &str = "DS Morgan, MOSOVO Bradford";

fn alert_case() -> (Casebook, CaseId) {
    let mut book = Casebook::new(Settings::default());
    let mut ids = SeededIds::new(77);
    let case = CaseId(ids.next_uuid());
    let mut details = CaseDetails::new(Country::uk(), Country::pakistan());
    details.summary = "Registered offender travelling to Lahore".into();
    handling_defaults(CaseKind::OffenderAlert, &mut details);
    let mut ctx = Ctx {
        now: now(),
        ids: &mut ids,
    };
    book.apply(
        Command::OpenCase {
            id: case,
            kind: CaseKind::OffenderAlert,
            direction: Direction::Outgoing,
            opened: "2026-03-01".parse().unwrap(),
            details: Box::new(details),
        },
        &mut ctx,
    )
    .unwrap();
    let on = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let text = |s: &str| DetailValue::Text(s.into());
    let steps = [
        TransitionRequest::new(Status::Alert(O::TravelNotified), on("2026-03-02"))
            .with(Detail::NotifiedOn, DetailValue::Date(on("2026-03-02")))
            .with(Detail::DepartureDate, DetailValue::Date(on("2026-03-25")))
            .with(Detail::Destination, text("Lahore")),
        TransitionRequest::new(Status::Alert(O::RiskAssessed), on("2026-03-03"))
            .with(Detail::RiskLevel, text(RISK))
            .with(Detail::Assessor, text(ASSESSOR)),
    ];
    for mut request in steps {
        request.reason = format!("Assessed by {ASSESSOR}");
        request.override_reason = Some("Subject held on ViSOR".into());
        book.apply(
            Command::Transition {
                case,
                request: Box::new(request),
            },
            &mut ctx,
        )
        .unwrap();
    }
    (book, case)
}

fn export_of(book: &Casebook, case: CaseId, profile: ExportProfile, format: Format) -> String {
    let rendered = export::case_summary(
        book,
        &[case],
        profile,
        Selection { include_ncnd: true },
        format,
        &meta(),
        today(),
        &Progress::default(),
    )
    .unwrap();
    match format {
        Format::Pdf => pdf_text(&rendered.bytes),
        _ => String::from_utf8(rendered.bytes).unwrap(),
    }
}

#[test]
fn a_risk_assessment_never_goes_in_a_partner_export() {
    let (book, case) = alert_case();
    let c = book.case(case).unwrap();
    assert!(
        c.details.ncnd,
        "offender alerts open neither-confirm-nor-deny"
    );
    assert_eq!(c.details.marking, HandlingMarking::OfficialSensitive);
    // Refused to a partner unless chosen.
    assert!(
        export::case_summary(
            &book,
            &[case],
            ExportProfile::Partner,
            Selection::default(),
            Format::Markdown,
            &meta(),
            today(),
            &Progress::default(),
        )
        .is_err()
    );
    let full = export_of(&book, case, ExportProfile::Full, Format::Markdown);
    assert!(full.contains("Risk assessed"), "{full}");
    for format in [Format::Markdown, Format::Html, Format::Pdf] {
        let partner = export_of(&book, case, ExportProfile::Partner, format);
        for secret in [RISK, ASSESSOR, "Risk assessed", "form C"] {
            assert!(
                !shows(&partner, secret),
                "partner {format} shows {secret}:\n{partner}"
            );
        }
        assert!(shows(&partner, "Travel notified"), "{partner}");
        // SOA_TRAVEL_NOTICE is unverified (the England and Wales wording): marked in every format.
        assert!(shows(&partner, "check"), "{partner}");
    }
}

#[test]
fn a_notification_period_under_18_goes_out_with_its_check_marker() {
    let (mut book, case) = alert_case();
    let mut details = book.case(case).unwrap().details.clone();
    details.workstream.relevant_date = Some("2026-01-14".parse().unwrap());
    details.workstream.sentence = Some(casedesk::domain::particulars::Sentence::Imprisonment(18));
    details.workstream.under_18 = true;
    details.workstream.pcl = Some(casedesk::domain::particulars::PclStatus::Proposed);
    let mut ids = SeededIds::new(78);
    book.apply(
        Command::UpdateCase {
            case,
            details: Box::new(details),
        },
        &mut Ctx {
            now: now(),
            ids: &mut ids,
        },
    )
    .unwrap();
    for format in [Format::Markdown, Format::Html, Format::Pdf] {
        let full = export_of(&book, case, ExportProfile::Full, format);
        for said in [
            "Notification requirement ends (under 18)",
            "SOA 2003 s.82(2) (check)",
            "Notification period",
            "PROPOSED",
        ] {
            assert!(shows(&full, said), "full {format} lacks {said}:\n{full}");
        }
        // A partner sees the deadline, marked, but not what the case records of the offender.
        let partner = export_of(&book, case, ExportProfile::Partner, format);
        assert!(shows(&partner, "SOA 2003 s.82(2) (check)"), "{partner}");
        assert!(!shows(&partner, "Notification period"), "{partner}");
    }
}
