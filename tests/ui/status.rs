//! The status panel: transitions that ask for what they must record, gates and overrides,
//! corrections; and the people view.

use super::*;
use casedesk::domain::*;
use egui_kittest::kittest::Queryable;

/// A casebook with one person and one case of `kind`/`direction` whose facts are complete.
pub(super) fn fixture(kind: CaseKind, direction: Direction) -> (Casebook, CaseId, PersonId) {
    let mut book = Casebook::new(Settings {
        officer_name: "Ayesha Khan".into(),
        ..Settings::default()
    });
    let mut ids = SeededIds::new(5);
    let now = now_utc();
    let person = PersonId(ids.next_uuid());
    let case = CaseId(ids.next_uuid());
    let mut ctx = Ctx {
        now: now.into(),
        ids: &mut ids,
    };
    let mut imran = Person::new(person, "Muhammad Imran");
    imran.father_name = "Abdul Ghani".into();
    book.apply(Command::SavePerson(Box::new(imran)), &mut ctx)
        .unwrap();
    let mut d = CaseDetails::new(Country::pakistan(), Country::uk());
    d.summary = "Murder in Lahore, 2024".into();
    d.requesting_authority = "Ministry of Interior".into();
    d.parties.push(Party {
        person,
        role: Role::RequestedPerson,
    });
    d.offences.push(Offence {
        id: RecordId(uuid::Uuid::from_u128(1)),
        description: "Murder".into(),
        area: ProgrammeArea::SeriousViolence,
        statute: "PPC s.302".into(),
        law_text: String::new(),
        max_penalty: "Death".into(),
        death_penalty: DeathPenalty::Available,
        equivalent_offence: "Murder (common law)".into(),
        dual_criminality: DualCriminality::Satisfied,
    });
    if kind == CaseKind::Mla {
        d.mla.assistance.push(AssistanceItem {
            id: RecordId(uuid::Uuid::from_u128(2)),
            kind: AssistanceType::WitnessStatement,
            description: "Statement of the landlord".into(),
            progress: AssistanceProgress::Pending,
        });
    }
    let opened = today() - chrono::Duration::days(30);
    book.apply(
        Command::OpenCase {
            id: case,
            kind,
            direction,
            opened,
            details: Box::new(d),
        },
        &mut ctx,
    )
    .unwrap();
    (book, case, person)
}

pub(super) fn open_case(
    h: &mut egui_kittest::Harness<'static, casedesk::app::CasedeskApp>,
    case: CaseId,
) {
    h.state_mut()
        .desk_mut()
        .unwrap()
        .register_mut()
        .select(case);
    h.run_steps(2);
}

#[test]
fn a_transition_asks_for_what_it_must_record() {
    let dir = tempfile::tempdir().unwrap();
    let (book, case, _) = fixture(CaseKind::Extradition, Direction::Incoming);
    let (_, mut h) = window_on(dir.path(), &book);
    open_case(&mut h, case);
    h.get_by_label("Provisional arrest requested…").click();
    h.run_steps(3);
    // Without the details the workflow requires, nothing is recorded and the form says why.
    h.get_by_label("Record").click();
    h.run_steps(2);
    h.get_by_label_contains("Record reason for urgency, warrant details");
    assert_eq!(
        h.state()
            .casebook()
            .unwrap()
            .case(case)
            .unwrap()
            .history()
            .len(),
        1
    );

    type_into(&mut h, "Reason for urgency", "Booked on a flight to Dubai");
    type_into(
        &mut h,
        "Warrant details",
        "Lahore Sessions Court warrant 114/2024",
    );
    h.get_by_label("Record").click();
    h.run_steps(3);
    let c = h.state().casebook().unwrap().case(case).unwrap().clone();
    assert_eq!(
        c.status(),
        Status::Incoming(workflow::IncomingState::PaRequested)
    );
    let EventKind::Transition { details, .. } = &c.history()[1].kind else {
        panic!("not a transition: {:?}", c.history()[1]);
    };
    assert_eq!(
        details.get(&Detail::UrgencyReason),
        Some(&DetailValue::Text("Booked on a flight to Dubai".into()))
    );
    // The panel now shows the new state and offers what the table allows next.
    h.get_by_label("Provisionally arrested…");
    assert!(h.query_by_label("Provisional arrest requested…").is_none());
}

#[test]
fn a_gated_transition_is_blocked_then_overridden_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, case, _) = fixture(CaseKind::Mla, Direction::Outgoing);
    let mut ids = SeededIds::new(9);
    let today = today();
    book.apply(
        Command::Transition {
            case,
            request: Box::new(TransitionRequest::new(
                Status::Mla(workflow::MlaState::InReview),
                today,
            )),
        },
        &mut Ctx {
            now: now(),
            ids: &mut ids,
        },
    )
    .unwrap();
    let (_, mut h) = window_on(dir.path(), &book);
    open_case(&mut h, case);
    h.get_by_label("Issued…").click();
    h.run_steps(3);
    // The request-contents checklist is still missing: the form lists what blocks.
    h.get_by_label("Blocked until these are put right:");
    h.get_by_label("• Checklist item not received: Summary of facts");
    type_into(
        &mut h,
        "Signatory (prosecutor or court)",
        "CPS, International Justice and Organised Crime Division",
    );
    h.get_by_label("Record").click();
    h.run_steps(2);
    h.get_by_label_contains("Blocked: Checklist item not received");
    assert_eq!(
        h.state().casebook().unwrap().case(case).unwrap().status(),
        Status::Mla(workflow::MlaState::InReview)
    );

    type_into(
        &mut h,
        "Override with a reason",
        "Urgent: suspect leaves on Friday; papers follow",
    );
    h.get_by_label("Record").click();
    h.run_steps(3);
    let c = h.state().casebook().unwrap().case(case).unwrap();
    assert_eq!(c.status(), Status::Mla(workflow::MlaState::Issued));
    let Some(EventKind::Transition {
        override_reason,
        overridden,
        ..
    }) = c.history().last().map(|e| &e.kind)
    else {
        panic!("no transition recorded");
    };
    assert_eq!(
        override_reason.as_deref(),
        Some("Urgent: suspect leaves on Friday; papers follow")
    );
    assert!(
        overridden.iter().any(|o| o.contains("Summary of facts")),
        "{overridden:?}"
    );
}

#[test]
fn the_last_change_is_corrected_and_shown_as_corrected() {
    let dir = tempfile::tempdir().unwrap();
    let (book, case, _) = fixture(CaseKind::Extradition, Direction::Incoming);
    let (_, mut h) = window_on(dir.path(), &book);
    open_case(&mut h, case);
    h.get_by_label("Request received…").click();
    h.run_steps(3);
    type_into(&mut h, "Channel", "Diplomatic bag");
    h.get_by_label("Record").click();
    h.run_steps(3);
    assert_eq!(
        h.state().casebook().unwrap().case(case).unwrap().status(),
        Status::Incoming(workflow::IncomingState::RequestReceived)
    );
    h.get_by_label("Correct last change…").click();
    h.run_steps(3);
    h.get_by_label("Record correction").click();
    h.run_steps(2);
    h.get_by_label("A correction needs a reason");
    type_into(
        &mut h,
        "Why is it being corrected?",
        "Entered on the wrong case",
    );
    h.get_by_label("Record correction").click();
    h.run_steps(3);
    let c = h.state().casebook().unwrap().case(case).unwrap();
    assert_eq!(
        c.status(),
        Status::Incoming(workflow::IncomingState::PreRequest)
    );
    assert_eq!(
        c.history().len(),
        3,
        "the wrong entry is kept, with its correction"
    );
    assert!(matches!(c.history()[2].kind, EventKind::Correction { .. }));
    h.get_by_label("(corrected)");
}

#[test]
fn a_person_is_opened_with_their_cases_and_a_case_opened_from_there() {
    let dir = tempfile::tempdir().unwrap();
    let (book, case, _) = fixture(CaseKind::Extradition, Direction::Incoming);
    let reference = book.case(case).unwrap().reference.clone();
    let (_, mut h) = window_on(dir.path(), &book);
    h.get_by_label("People").click();
    h.run_steps(2);
    h.get_by_label("Muhammad Imran").click();
    h.run_steps(3);
    let link = format!("{reference} — Pre-request (Requested person)");
    h.get_by_label(&link).click();
    h.run_steps(3);
    assert_eq!(h.state().desk().unwrap().register().selected(), Some(case));
    h.get_by_label("Status and deadlines");
}

#[test]
fn a_new_person_who_matches_someone_is_flagged_before_creation() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, _, person) = fixture(CaseKind::Extradition, Direction::Incoming);
    let mut p = book.person(person).unwrap().clone();
    p.date_of_birth = chrono::NaiveDate::from_ymd_opt(1985, 4, 2);
    book.apply(
        Command::SavePerson(Box::new(p)),
        &mut Ctx {
            now: now(),
            ids: &mut SeededIds::new(3),
        },
    )
    .unwrap();
    let (_, mut h) = window_on(dir.path(), &book);
    h.get_by_label("People").click();
    h.run_steps(2);
    h.get_by_label("New person…").click();
    h.run_steps(3);
    type_into(&mut h, "Name", "muhammad imran");
    type_into(&mut h, "Date of birth", "2/4/1985");
    h.run_steps(1);
    h.get_by_label("This may be someone already in the casebook:");
    h.get_by_label_contains("same name or alias (muhammad imran) and date of birth");
    h.get_by_label("Create anyway").click();
    h.run_steps(2);
    assert_eq!(h.state().casebook().unwrap().people().len(), 2);
}

#[test]
fn a_case_opens_in_its_own_window_for_side_by_side_work() {
    let dir = tempfile::tempdir().unwrap();
    let (book, case, _) = fixture(CaseKind::Extradition, Direction::Incoming);
    let reference = book.case(case).unwrap().reference.clone();
    let (_, mut h) = window_on(dir.path(), &book);
    open_case(&mut h, case);
    assert_eq!(h.query_all_by_label(&reference).count(), 2);
    h.get_by_label("Open in new window").click();
    h.run_steps(4);
    // The register row, the panel beside it, and the case's own window.
    assert_eq!(h.query_all_by_label(&reference).count(), 3);
    assert_eq!(
        h.query_all_by_label("Provisional arrest requested…")
            .count(),
        2
    );
    assert_eq!(h.state().desk().unwrap().case_windows(), 1);
}

/// An incoming extradition case whose requested person was provisionally arrested today, at
/// Westminster Magistrates' Court, in custody: the request papers' 45 days are running.
pub(super) fn arrested() -> (Casebook, CaseId) {
    let (mut book, case, _) = fixture(CaseKind::Extradition, Direction::Incoming);
    let today = today();
    let mut ids = SeededIds::new(21);
    let arrest =
        TransitionRequest::new(Status::Incoming(workflow::IncomingState::PaArrested), today)
            .with(
                Detail::ArrestTime,
                DetailValue::Time(chrono::NaiveTime::MIN),
            )
            .with(
                Detail::Court,
                DetailValue::Text("Westminster Magistrates' Court".into()),
            )
            .with(Detail::CustodyOrBail, DetailValue::Text("Custody".into()));
    let requested = TransitionRequest::new(
        Status::Incoming(workflow::IncomingState::PaRequested),
        today,
    )
    .with(
        Detail::UrgencyReason,
        DetailValue::Text("Flight booked".into()),
    )
    .with(
        Detail::WarrantDetails,
        DetailValue::Text("Lahore warrant".into()),
    );
    for request in [requested, arrest] {
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
        .unwrap();
    }
    (book, case)
}

#[test]
fn a_deadline_is_extended_with_a_reason_from_the_status_panel() {
    let dir = tempfile::tempdir().unwrap();
    let (book, case) = arrested();
    let today = today();
    let due = clocks(
        book.case(case).unwrap(),
        today,
        &book.settings.working_days(),
    )[0]
    .due;
    let (_, mut h) = window_on(dir.path(), &book);
    open_case(&mut h, case);
    h.get_by_label("Extend \u{201c}Request papers after provisional arrest\u{201d}…")
        .click();
    h.run_steps(3);
    let new_due = due + chrono::Duration::days(10);
    type_into(
        &mut h,
        "New due date",
        &new_due.format("%Y-%m-%d").to_string(),
    );
    type_into(
        &mut h,
        "Reason for the extension",
        "Judge extended at the request of the CPS",
    );
    h.get_by_label("Record").click();
    h.run_steps(3);
    let after = h.state().casebook().unwrap();
    let clock = clocks(
        after.case(case).unwrap(),
        today,
        &after.settings.working_days(),
    )
    .into_iter()
    .find(|c| c.key == ClockKey::UkPaDocs)
    .unwrap();
    assert_eq!((clock.status, clock.due), (ClockStatus::Extended, new_due));
    h.get_by_label("Extended: Judge extended at the request of the CPS");
}

#[test]
fn the_deadlines_warn_of_a_hearing_fixed_past_its_statutory_limit() {
    use workflow::IncomingState as A;
    let dir = tempfile::tempdir().unwrap();
    let (mut book, case, _) = fixture(CaseKind::Extradition, Direction::Incoming);
    let mut ids = SeededIds::new(11);
    let day = |n: i64| today() + chrono::Duration::days(n);
    let text = |s: &str| DetailValue::Text(s.into());
    let moves = [
        (
            A::RequestReceived,
            day(-29),
            vec![(Detail::Channel, text("Diplomatic"))],
        ),
        (
            A::SpecialArrangementCertified,
            day(-28),
            vec![(Detail::CertificateTerms, text("s.194 terms"))],
        ),
        (A::RequestCertified, day(-27), vec![]),
        (
            A::InitialHearing,
            day(-26),
            // Two months starting with the first appearance end 35 days from today.
            vec![
                (Detail::Remand, text("Custody")),
                (Detail::FixedHearingDate, DetailValue::Date(day(60))),
            ],
        ),
    ];
    for (to, on, details) in moves {
        let request = details.into_iter().fold(
            TransitionRequest::new(Status::Incoming(to), on),
            |r, (k, v)| r.with(k, v),
        );
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
        .unwrap();
    }
    let (_, mut h) = window_on(dir.path(), &book);
    open_case(&mut h, case);
    h.get_by_label_contains(&format!(
        "The extradition hearing is fixed for {}, after",
        day(60)
    ));
}
