//! The other workstreams in the window (`../shared/domain.md` §§8–10): a returns case from
//! referral to its Passport Control List entry with its clocks in the officer's words, a
//! conviction-data request out and its answer, and a preservation extended.

use super::status::{fixture, open_case};
use super::*;
use casedesk::domain::*;
use egui_kittest::kittest::Queryable;

fn date(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Moves `case` along `steps` through `Command::Transition`, as the window's forms do.
fn walk(book: &mut Casebook, case: CaseId, steps: Vec<TransitionRequest>) {
    let mut ids = SeededIds::new(31);
    for request in steps {
        let to = request.to;
        book.apply(
            Command::Transition {
                case,
                request: Box::new(request),
            },
            &mut Ctx {
                now: now(),
                ids: &mut ids,
            },
        )
        .unwrap_or_else(|e| panic!("→ {}: {e}", to.code()));
    }
}

fn to(state: Status, on: &str, details: &[(Detail, DetailValue)]) -> TransitionRequest {
    details
        .iter()
        .fold(TransitionRequest::new(state, date(on)), |r, (d, v)| {
            r.with(*d, v.clone())
        })
}

fn text(s: &str) -> DetailValue {
    DetailValue::Text(s.into())
}

fn day(s: &str) -> DetailValue {
    DetailValue::Date(date(s))
}

/// Records the move to `label` from the status panel, typing each field.
fn record(
    h: &mut egui_kittest::Harness<'static, casedesk::app::CasedeskApp>,
    label: &str,
    fields: &[(&str, &str)],
) {
    h.get_by_label(&format!("{label}\u{2026}")).click();
    h.run_steps(3);
    for (field, value) in fields {
        type_into(h, field, value);
    }
    h.get_by_label("Record").click();
    h.run_steps(3);
}

#[test]
fn a_returns_case_from_referral_to_the_passport_control_list() {
    use casedesk::domain::workstreams::ReturnsState as R;
    let dir = tempfile::tempdir().unwrap();
    let (mut book, case, _) = fixture(CaseKind::Returns, Direction::Outgoing);
    let r = Status::Returns;
    walk(
        &mut book,
        case,
        vec![
            to(
                r(R::DocumentationSent),
                "2026-10-25",
                &[
                    (Detail::SopCategory, text("B")),
                    (Detail::Mission, text("Pakistan High Commission, London")),
                    (Detail::DocumentsSent, text("CNIC copy, fingerprints")),
                ],
            ),
            to(
                r(R::VerificationPending),
                "2026-10-26",
                &[(Detail::VerificationReference, text("NADRA/VR/2026/8812"))],
            ),
            to(
                r(R::NationalityConfirmed),
                "2026-10-28",
                &[(Detail::ConfirmingBody, text("NADRA"))],
            ),
            to(
                r(R::EtdIssued),
                "2026-10-29",
                &[
                    (Detail::EtdNumber, text("ETD-LHR-2026-0412")),
                    (Detail::EtdExpiry, day("2027-01-29")),
                ],
            ),
            to(
                r(R::RemovalScheduled),
                "2026-11-02",
                &[
                    (Detail::PlannedRemovalDate, day("2026-11-20")),
                    (Detail::Flight, text("PK 758 LHR-ISB")),
                    (Detail::Escorts, text("Three DCOs")),
                    (Detail::NoticeServedDate, day("2026-11-04")),
                ],
            ),
            to(
                r(R::Removed),
                "2026-11-20",
                &[(
                    Detail::DepartureTime,
                    DetailValue::Time(chrono::NaiveTime::from_hms_opt(21, 40, 0).unwrap()),
                )],
            ),
            to(
                r(R::Arrived),
                "2026-11-21",
                &[
                    (Detail::ArrivalAirport, text("Islamabad")),
                    (Detail::FiaHandover, text("FIA Immigration")),
                    (Detail::FirNumber, text("FIR 311/2026")),
                    (Detail::PassportCancelled, text("Yes")),
                ],
            ),
        ],
    );
    let (_, mut h) = window_on(dir.path(), &book);
    open_case(&mut h, case);
    // Before the listing: the removal notice's "not before" date, in working days by the
    // England and Wales calendar (no holiday falls in them).
    h.get_by_label_contains("not before 12 Nov 2026");
    assert!(h.query_by_label_contains("(check holidays)").is_none());
    h.get_by_label_contains("Not before the day after the 5th working day by the United Kingdom's holidays from the notice of intention to remove being served");
    record(
        &mut h,
        "On the Passport Control List",
        &[("DGI&P reference", "DGIP/PCL/2026/77")],
    );
    assert_eq!(
        h.state().casebook().unwrap().case(case).unwrap().status(),
        r(R::PclListed)
    );
    h.get_by_label("Passport Control List entry expires");
    h.get_by_label_contains("expires 21 Nov 2031, remind 23 Aug 2031");
    h.get_by_label("60 months after the arrival in Pakistan, counted from the next day");
    h.get_by_label("If missed: the listing lapses unless extended.");
    // The Mission notice was counted back from the planned date, and the rule is unverified.
    h.get_by_label("Inform the Pakistan Mission");
    h.get_by_label_contains("15 calendar days before the planned removal date");
    assert!(
        h.query_all_by_label("check").count() >= 3,
        "unverified rules are marked"
    );
}

#[test]
fn a_conviction_data_request_goes_out_and_is_answered() {
    use casedesk::domain::workstreams::ConvictionState as X;
    let dir = tempfile::tempdir().unwrap();
    let (mut book, case, _) = fixture(CaseKind::ConvictionData, Direction::Outgoing);
    walk(
        &mut book,
        case,
        vec![to(
            Status::Conviction(X::Sent),
            "2026-11-02",
            &[
                (Detail::Channel, text("ACRO via INTERPOL channels")),
                (
                    Detail::TransferCondition,
                    text("s.76 special circumstances"),
                ),
            ],
        )],
    );
    let (_, mut h) = window_on(dir.path(), &book);
    open_case(&mut h, case);
    h.get_by_label("Chase an unanswered conviction-data request");
    // The first chase (12 Nov) has passed: the next falls 30 days after sending.
    h.get_by_label_contains("due 02 Dec 2026");
    record(
        &mut h,
        "Answered",
        &[
            (
                "Result (trace, no trace or not possible)",
                "Trace: one conviction",
            ),
            (
                "Disclosure logged (DPA 2018 s.62)",
                "Logged 23 Nov 2026 by A. Khan",
            ),
        ],
    );
    let c = h.state().casebook().unwrap().case(case).unwrap().clone();
    assert_eq!(c.status(), Status::Conviction(X::Answered));
    h.get_by_label("Met: the case moved to Answered.");
}

#[test]
fn a_preservation_is_extended() {
    use casedesk::domain::workstreams::ProviderState as P;
    let dir = tempfile::tempdir().unwrap();
    let (mut book, case, _) = fixture(CaseKind::ServiceProvider, Direction::Outgoing);
    walk(
        &mut book,
        case,
        vec![
            to(
                Status::Provider(P::PreservationSent),
                "2026-10-25",
                &[(Detail::Route, text("Provider portal"))],
            ),
            to(
                Status::Provider(P::PreservationConfirmed),
                "2026-10-26",
                &[(Detail::OtherSideReference, text("LE-2026-55121"))],
            ),
        ],
    );
    let (_, mut h) = window_on(dir.path(), &book);
    open_case(&mut h, case);
    h.get_by_label_contains("expires 24 Jan 2027, remind 03 Jan 2027");
    record(
        &mut h,
        "Preservation extended",
        &[(
            "Basis of the extension",
            "Renewed request under 18 U.S.C. §2703(f)",
        )],
    );
    let c = h.state().casebook().unwrap().case(case).unwrap().clone();
    assert_eq!(c.status(), Status::Provider(P::Extended));
    h.get_by_label_contains("expires 24 Apr 2027, remind 03 Apr 2027");
    h.get_by_label("Extended: Preservation extended (90 calendar days)");
}

#[test]
fn an_offender_alert_opened_in_the_window_is_neither_confirm_nor_deny() {
    let dir = tempfile::tempdir().unwrap();
    let book = Casebook::new(Settings::default());
    let (_, mut h) = window_on(dir.path(), &book);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run_steps(2);
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Kind of case")
        .click();
    h.run_steps(2);
    h.get_by_label("Offender alert").click();
    h.run_steps(2);
    h.get_by_label("Create").click();
    h.run_steps(3);
    let book = h.state().casebook().unwrap();
    let case = &book.cases()[0];
    assert_eq!(case.kind, CaseKind::OffenderAlert);
    assert!(case.reference.starts_with("AO-") || case.reference.starts_with("AI-"));
    assert!(case.details.ncnd, "neither-confirm-nor-deny on by default");
}

#[test]
fn a_reply_counted_through_a_year_with_no_holiday_calendar_is_marked_check_holidays() {
    use casedesk::domain::workstreams::ConvictionState as X;
    let dir = tempfile::tempdir().unwrap();
    let (mut book, case, _) = fixture(CaseKind::ConvictionData, Direction::Incoming);
    walk(
        &mut book,
        case,
        vec![to(
            Status::Conviction(X::Received),
            "2026-11-02",
            &[
                (Detail::Sender, text("FIA Islamabad")),
                (Detail::OtherSideReference, text("FIA/CRX/2026/77")),
            ],
        )],
    );
    // With the calendars: ten working days in England and Wales, no holiday, Mon 16 Nov.
    let (_, mut h) = window_on(dir.path(), &book);
    open_case(&mut h, case);
    h.get_by_label_contains("due 16 Nov 2026");
    assert!(h.query_by_label("check holidays").is_none());
    // Without a calendar for 2026: the same day, marked beside the deadline and in its date.
    let mut holidays = book.settings.holidays().clone();
    holidays.years.retain(|y| y.year != 2026);
    book.settings.holidays = Some(holidays);
    let dir = tempfile::tempdir().unwrap();
    let (_, mut h) = window_on(dir.path(), &book);
    open_case(&mut h, case);
    h.get_by_label("check holidays");
    h.get_by_label_contains("due 16 Nov 2026 (check holidays)");
}
