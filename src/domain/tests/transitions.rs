//! The workflow tables as tables: every pair of states, the details each target records, the
//! facts, checklist and assurance gates, overrides and corrections, all through
//! `Casebook::apply`.

use super::*;
use crate::domain::case::{Assurance, AssuranceKind, DeathPenalty, DocumentStatus};
use crate::domain::check::check_casebook;
use crate::domain::name::Name;
use crate::domain::transition::{Blocker, CorrectionError, TransitionError};
use crate::domain::workflow::CaseFact;
use IncomingState as A;
use MlaState as C;
use OutgoingState as B;

/// Applies `request` and checks the outcome: on success the case is in the target state with
/// exactly one new transition event recording it; on failure the error is `expected` and the
/// case has not changed at all.
fn check(fx: &mut Fixture, request: TransitionRequest, expected: Result<(), TransitionError>) {
    let before = fx.case().clone();
    let from = before.status();
    let result = fx.try_go(request.clone());
    let label = format!("{} → {}", from.code(), request.to.code());
    match expected {
        Ok(()) => {
            let applied = result.unwrap_or_else(|e| panic!("{label}: {e}"));
            assert_eq!(applied.case, Some(fx.case), "{label}");
            assert_eq!(fx.status(), request.to, "{label}");
            let case = fx.case();
            assert_eq!(case.history().len(), before.history().len() + 1, "{label}");
            assert_eq!(
                case.history()[..before.history().len()],
                *before.history(),
                "{label}: earlier events changed"
            );
            let event = fx.last_event();
            assert_eq!(event.effective, request.effective, "{label}");
            match &event.kind {
                EventKind::Transition {
                    from: f,
                    to,
                    details,
                    reason,
                    documents,
                    ..
                } => {
                    assert_eq!((*f, *to), (from, request.to), "{label}");
                    assert_eq!(*details, request.details, "{label}");
                    assert_eq!(**reason, *request.reason, "{label}");
                    assert!(
                        documents.iter().map(Name::as_str).eq(&request.documents),
                        "{label}"
                    );
                }
                other => panic!("{label}: appended {other:?}"),
            }
        }
        Err(expected) => {
            assert_eq!(
                result.map(|_| ()),
                Err(CommandError::Transition(expected)),
                "{label}"
            );
            assert_eq!(
                fx.case(),
                &before,
                "{label}: a refused transition changed the case"
            );
        }
    }
}

fn transition_fields(event: &Event) -> (Option<String>, Vec<String>) {
    match &event.kind {
        EventKind::Transition {
            override_reason,
            overridden,
            ..
        } => (
            override_reason.as_deref().map(String::from),
            overridden.to_vec(),
        ),
        other => panic!("not a transition: {other:?}"),
    }
}

/// Every (kind, direction) a case can have, so MLA runs in both directions; each of the other
/// workstreams once, as their one workflow does not depend on the direction.
const KINDS: [(CaseKind, Direction); 9] = [
    (CaseKind::Extradition, Direction::Incoming),
    (CaseKind::Extradition, Direction::Outgoing),
    (CaseKind::Mla, Direction::Outgoing),
    (CaseKind::Mla, Direction::Incoming),
    (CaseKind::Returns, Direction::Outgoing),
    (CaseKind::ConvictionData, Direction::Outgoing),
    (CaseKind::ServiceProvider, Direction::Outgoing),
    (CaseKind::PoliceEnquiry, Direction::Incoming),
    (CaseKind::OffenderAlert, Direction::Outgoing),
];

#[test]
fn every_pair_of_states_follows_the_table() {
    // Each workflow in every direction its kind may go: the states of one branch (a request
    // received) are reached only by cases of that direction, and refused to the others.
    let mut edges: BTreeMap<Workflow, BTreeSet<(Status, Status)>> = BTreeMap::new();
    let mut reached: BTreeMap<Workflow, BTreeSet<Status>> = BTreeMap::new();
    for (kind, direction) in KINDS
        .iter()
        .flat_map(|&(k, _)| k.directions().iter().map(move |&d| (k, d)))
        .collect::<BTreeSet<_>>()
    {
        let workflow = crate::domain::case::workflow_of(kind, direction);
        let paths = shortest_paths_going(workflow, direction);
        let states = workflow.states();
        reached.entry(workflow).or_default().extend(paths.keys());
        let taken = edges.entry(workflow).or_default();
        let mut allowed = 0;
        let mut refused = 0;
        // Allowed by the table but not after the way this path came (`Status::only_after`).
        let mut not_after = 0;
        // Allowed by the table but on the other direction's branch (`directions.rs`).
        let mut wrong_way = 0;
        for (&from, path) in &paths {
            let mut base = Fixture::ready(kind, direction, OPENED);
            base.drive(path);
            assert_eq!(base.status(), from);
            let on = base.next_day();
            for &to in &states {
                let mut fx = base.clone();
                let request = fx.request(to, &on);
                let next = crate::domain::transition::next_states(fx.case());
                if from.may_go_to(to) && to.branch().is_some_and(|b| b != direction) {
                    assert!(!next.contains(&to), "{} to {}", from.code(), to.code());
                    let wrong = crate::domain::directions::DirectionError::Branch {
                        kind,
                        direction,
                        status: to,
                        branch: other_way(direction),
                    };
                    check(
                        &mut fx,
                        request,
                        Err(TransitionError::WrongDirection(wrong)),
                    );
                    wrong_way += 1;
                } else if from.may_go_to(to) && !next.contains(&to) {
                    assert!(
                        !to.only_after().is_empty(),
                        "{} to {}",
                        from.code(),
                        to.code()
                    );
                    let came_from = crate::domain::corrections::standing(fx.case().history())
                        .last()
                        .and_then(|e| match e.kind {
                            EventKind::Transition { from, .. } => Some(from),
                            _ => None,
                        });
                    let may_go = (!next.is_empty()).then_some(next);
                    check(
                        &mut fx,
                        request,
                        Err(TransitionError::NotAfter {
                            from,
                            to,
                            came_from,
                            may_go,
                        }),
                    );
                    not_after += 1;
                    taken.insert((from, to));
                } else if from.may_go_to(to) {
                    taken.insert((from, to));
                    // A gate that reads the history (returns: nationality confirmed) holds on
                    // some paths only: where it blocks, it is refused, then an override passes.
                    let gate = crate::domain::transition::blockers(fx.case(), to);
                    if !gate.is_empty() {
                        check(
                            &mut fx,
                            request.clone(),
                            Err(TransitionError::Blocked { blockers: gate }),
                        );
                        let mut overridden = request;
                        overridden.override_reason = Some("Removal directions set".into());
                        check(&mut fx, overridden, Ok(()));
                        allowed += 1;
                        continue;
                    }
                    check(&mut fx, request, Ok(()));
                    let (override_reason, overridden) = transition_fields(fx.last_event());
                    assert_eq!(override_reason, None);
                    assert!(overridden.is_empty());
                    let findings = check_casebook(&fx.book, d(NOW));
                    assert!(findings.is_empty(), "{findings:?}");
                    allowed += 1;
                } else {
                    check(
                        &mut fx,
                        request,
                        Err(TransitionError::NotAllowed { from, to }),
                    );
                    refused += 1;
                }
            }
        }
        assert_eq!(
            allowed + not_after + wrong_way + refused,
            paths.len() * states.len()
        );
    }
    for (workflow, taken) in edges {
        let states = workflow.states();
        assert_eq!(
            reached[&workflow].len(),
            states.len(),
            "{workflow}: some states are unreachable"
        );
        let table: BTreeSet<(Status, Status)> = (states.iter())
            .flat_map(|&s| s.next().into_iter().map(move |n| (s, n)))
            .collect();
        assert_eq!(taken, table, "{workflow}: not every edge was taken");
    }
}

/// From, to, the details given, and the expected outcome.
type DetailCase = (
    Status,
    Status,
    Vec<(Detail, DetailValue)>,
    Result<(), TransitionError>,
);

#[test]
fn details_are_checked_against_the_target_row() {
    use crate::domain::event::DetailValue as V;
    let time = V::Time(NaiveTime::from_hms_opt(6, 15, 0).unwrap());
    let text = |s: &str| V::Text(s.into());
    let cases: Vec<DetailCase> = vec![
        (
            inc(A::PaRequested),
            inc(A::PaArrested),
            vec![(Detail::Court, text("Westminster Magistrates' Court"))],
            Err(TransitionError::MissingDetails {
                missing: vec![Detail::ArrestTime, Detail::CustodyOrBail],
            }),
        ),
        (
            inc(A::PaRequested),
            inc(A::PaArrested),
            vec![
                (Detail::Court, text("   ")),
                (Detail::ArrestTime, time.clone()),
                (Detail::CustodyOrBail, text("Custody")),
            ],
            Err(TransitionError::MissingDetails {
                missing: vec![Detail::Court],
            }),
        ),
        (
            inc(A::PaRequested),
            inc(A::PaArrested),
            vec![
                (Detail::Court, text("Westminster Magistrates' Court")),
                (Detail::ArrestTime, text("06:15")),
                (Detail::CustodyOrBail, text("Custody")),
            ],
            Err(TransitionError::WrongDetailKind {
                detail: Detail::ArrestTime,
            }),
        ),
        (
            inc(A::SentToSos),
            inc(A::SosOrdered),
            vec![(Detail::DatePersonTold, text("1 March"))],
            Err(TransitionError::WrongDetailKind {
                detail: Detail::DatePersonTold,
            }),
        ),
        (
            inc(A::PaRequested),
            inc(A::PaArrested),
            vec![
                (Detail::Court, text("Westminster Magistrates' Court")),
                (Detail::ArrestTime, time.clone()),
                (Detail::CustodyOrBail, text("Custody")),
                (Detail::NoticeNumber, text("A-1234/5-2026")),
            ],
            Err(TransitionError::UnexpectedDetail {
                detail: Detail::NoticeNumber,
            }),
        ),
        (
            mla(C::Executed),
            mla(C::EvidenceReceived),
            vec![
                (Detail::UseLimitations, text("Trial use only")),
                (Detail::ReturnByDate, V::Date(d("2026-09-30"))),
            ],
            Ok(()),
        ),
        (
            mla(C::Executed),
            mla(C::EvidenceReceived),
            vec![(Detail::UseLimitations, text("Trial use only"))],
            Ok(()),
        ),
        (
            mla(C::Executed),
            mla(C::EvidenceReceived),
            vec![
                (Detail::UseLimitations, text("Trial use only")),
                (Detail::ReturnByDate, text("when done")),
            ],
            Err(TransitionError::WrongDetailKind {
                detail: Detail::ReturnByDate,
            }),
        ),
        (
            inc(A::PaRequested),
            inc(A::PaArrested),
            vec![
                (Detail::Court, text("Westminster Magistrates' Court")),
                (Detail::ArrestTime, time),
                (Detail::CustodyOrBail, text("Custody")),
            ],
            Ok(()),
        ),
    ];
    for (from, to, details, expected) in cases {
        let mut fx = Fixture::at(from);
        let on = fx.next_day();
        let request = details
            .into_iter()
            .fold(TransitionRequest::new(to, d(&on)), |r, (k, v)| r.with(k, v));
        check(&mut fx, request, expected);
    }
}

#[test]
fn effective_dates_are_not_in_the_future_nor_before_the_current_state() {
    let mut fx = Fixture::at(inc(A::PaRequested));
    let since = fx.case().status_since();
    assert_eq!(since, d("2026-01-06"));
    fx.set_now("2026-02-01");
    let cases = [
        (
            "2026-02-02",
            Err(TransitionError::InFuture {
                effective: d("2026-02-02"),
            }),
        ),
        (
            "2026-01-05",
            Err(TransitionError::BeforeCurrentState {
                effective: d("2026-01-05"),
                last: since,
            }),
        ),
        // The same day as the state was entered, and today, are both fine.
        ("2026-01-06", Ok(())),
    ];
    for (on, expected) in cases {
        let mut f = fx.clone();
        let request = f.request(inc(A::PaArrested), on);
        check(&mut f, request, expected);
    }
    let request = fx.request(inc(A::PaArrested), "2026-02-01");
    check(&mut fx, request, Ok(()));
}

/// Sets the status of the first required checklist item and returns its label.
fn set_first_required(fx: &mut Fixture, status: DocumentStatus) -> String {
    let label = fx
        .case()
        .details
        .checklist
        .iter()
        .find(|i| i.required)
        .expect("a required item")
        .label
        .clone();
    fx.update(|c| {
        if let Some(item) = c.checklist.iter_mut().find(|i| i.required) {
            item.status = status;
        }
    });
    label.to_string()
}

#[test]
fn gated_states_are_blocked_while_a_required_checklist_item_is_missing() {
    let gated = [
        (inc(A::Consented), inc(A::SentToSos)),
        (inc(A::ExtraditionHearing), inc(A::SentToSos)),
        (out(B::FileInPreparation), out(B::RequestIssued)),
        (out(B::RequestIssued), out(B::Transmitted)),
        (out(B::ReturnedForInfo), out(B::Transmitted)),
        (mla(C::InReview), mla(C::Issued)),
        (mla(C::Issued), mla(C::Transmitted)),
    ];
    let statuses = [
        (DocumentStatus::Missing, true),
        (DocumentStatus::Requested, true),
        (DocumentStatus::Deficient, true),
        (DocumentStatus::Received, false),
        (DocumentStatus::Verified, false),
        (DocumentStatus::NotApplicable, false),
    ];
    for (from, to) in gated {
        assert!(to.rule().gated, "{} should be gated", to.code());
        for (status, blocks) in statuses {
            let mut fx = Fixture::at(from);
            let label = set_first_required(&mut fx, status);
            let on = fx.next_day();
            let request = fx.request(to, &on);
            let expected = if blocks {
                Err(TransitionError::Blocked {
                    blockers: vec![Blocker::Checklist(label)],
                })
            } else {
                Ok(())
            };
            check(&mut fx, request, expected);
        }
    }
}

#[test]
fn optional_checklist_items_and_ungated_states_do_not_block() {
    // An optional MLA item (confidentiality) missing does not block ISSUED.
    let mut fx = Fixture::at(mla(C::InReview));
    fx.update(|c| {
        let item = c.checklist.iter_mut().find(|i| !i.required).unwrap();
        item.status = DocumentStatus::Missing;
    });
    let request = fx.request(mla(C::Issued), &fx.next_day());
    check(&mut fx, request, Ok(()));
    // Every required item missing does not block an ungated state.
    let mut fx = Fixture::at(inc(A::RequestReceived));
    fx.update(|c| {
        for item in &mut c.checklist {
            item.status = DocumentStatus::Missing;
        }
    });
    assert!(!inc(A::SpecialArrangementCertified).rule().gated);
    let request = fx.request(inc(A::SpecialArrangementCertified), &fx.next_day());
    check(&mut fx, request, Ok(()));
}

fn accepted_assurance(kind: AssuranceKind, accepted: bool) -> Assurance {
    Assurance {
        id: RecordId(Uuid::from_u128(0xA500 + kind as u128)),
        kind,
        requested: Some(d("2026-01-02")),
        received: Some(d("2026-01-03")),
        accepted: accepted.then(|| d("2026-01-04")),
        note: String::new(),
    }
}

/// Assurances (kind, accepted), the offences' death penalty, and the expected blockers.
type AssuranceCase = (Vec<(AssuranceKind, bool)>, Vec<DeathPenalty>, Vec<Blocker>);

#[test]
fn sending_to_the_secretary_of_state_needs_speciality_and_death_penalty_assurances() {
    use AssuranceKind::{DeathPenalty as Dp, Speciality as Sp};
    use DeathPenalty::{Available, NotAssessed, NotAvailable};
    let cases: Vec<AssuranceCase> = vec![
        (vec![(Sp, true), (Dp, true)], vec![Available], vec![]),
        (
            vec![(Dp, true)],
            vec![Available],
            vec![Blocker::Assurance(Sp)],
        ),
        (
            vec![(Sp, false), (Dp, true)],
            vec![Available],
            vec![Blocker::Assurance(Sp)],
        ),
        (
            vec![(Sp, true)],
            vec![Available],
            vec![Blocker::Assurance(Dp)],
        ),
        (
            vec![(Sp, true), (Dp, false)],
            vec![NotAssessed],
            vec![Blocker::Assurance(Dp)],
        ),
        (
            vec![],
            vec![Available],
            vec![Blocker::Assurance(Sp), Blocker::Assurance(Dp)],
        ),
        // No offence carries the death penalty: no death-penalty assurance needed.
        (vec![(Sp, true)], vec![NotAvailable], vec![]),
        (vec![(Sp, true)], vec![NotAvailable, NotAvailable], vec![]),
        (
            vec![(Sp, true)],
            vec![NotAvailable, Available],
            vec![Blocker::Assurance(Dp)],
        ),
        (vec![], vec![NotAvailable], vec![Blocker::Assurance(Sp)]),
    ];
    for (assurances, penalties, blockers) in cases {
        let mut fx = Fixture::at(inc(A::Consented));
        fx.update(|c| {
            c.assurances = assurances
                .iter()
                .map(|&(k, ok)| accepted_assurance(k, ok))
                .collect();
            let template = c.offences[0].clone();
            c.offences = penalties
                .iter()
                .enumerate()
                .map(|(i, &p)| {
                    let mut o = template.clone();
                    o.id = RecordId(Uuid::from_u128(0x0FF0 + i as u128));
                    o.death_penalty = p;
                    o
                })
                .collect();
        });
        let request = fx.request(inc(A::SentToSos), &fx.next_day());
        let expected = if blockers.is_empty() {
            Ok(())
        } else {
            Err(TransitionError::Blocked { blockers })
        };
        check(&mut fx, request, expected);
    }
}

#[test]
fn outgoing_and_ungated_transitions_need_no_assurances() {
    for (from, to) in [
        (out(B::FileInPreparation), out(B::RequestIssued)),
        (inc(A::RequestReceived), inc(A::SpecialArrangementCertified)),
        (inc(A::SentToSos), inc(A::SosOrdered)),
    ] {
        let mut fx = Fixture::at(from);
        fx.update(|c| c.assurances.clear());
        let request = fx.request(to, &fx.next_day());
        check(&mut fx, request, Ok(()));
    }
}

#[test]
fn checklist_blockers_come_before_assurance_blockers() {
    let mut fx = Fixture::at(inc(A::Consented));
    let label = set_first_required(&mut fx, DocumentStatus::Missing);
    fx.update(|c| c.assurances.clear());
    let request = fx.request(inc(A::SentToSos), &fx.next_day());
    check(
        &mut fx,
        request,
        Err(TransitionError::Blocked {
            blockers: vec![
                Blocker::Checklist(label),
                Blocker::Assurance(AssuranceKind::Speciality),
                Blocker::Assurance(AssuranceKind::DeathPenalty),
            ],
        }),
    );
}

#[test]
fn an_override_needs_a_reason_and_is_recorded_with_what_it_overrode() {
    let blocked = || {
        let mut fx = Fixture::at(inc(A::Consented));
        let label = set_first_required(&mut fx, DocumentStatus::Missing);
        assert_eq!(label, "Extradition request");
        fx.update(|c| c.assurances.retain(|a| a.kind != AssuranceKind::Speciality));
        fx
    };
    for empty in ["", "   "] {
        let mut fx = blocked();
        let mut request = fx.request(inc(A::SentToSos), &fx.next_day());
        request.override_reason = Some(empty.into());
        check(&mut fx, request, Err(TransitionError::EmptyOverrideReason));
    }
    let mut fx = blocked();
    let mut request = fx.request(inc(A::SentToSos), &fx.next_day());
    let reason = "Judge sent the case on; the original request is on its way by bag";
    request.override_reason = Some(reason.into());
    check(&mut fx, request, Ok(()));
    let (override_reason, overridden) = transition_fields(fx.last_event());
    assert_eq!(override_reason.as_deref(), Some(reason));
    assert_eq!(
        overridden,
        [
            "Checklist item not received: Extradition request",
            "Speciality assurance not accepted",
        ]
    );
    assert_eq!(
        overridden,
        [
            Blocker::Checklist("Extradition request".into()).to_string(),
            Blocker::Assurance(AssuranceKind::Speciality).to_string(),
        ]
    );
}

#[test]
fn an_override_reason_is_not_recorded_when_nothing_blocks() {
    for (from, to) in [
        (inc(A::Consented), inc(A::SentToSos)),
        (inc(A::PaRequested), inc(A::PaArrested)),
        (mla(C::Issued), mla(C::Transmitted)),
    ] {
        let mut fx = Fixture::at(from);
        let mut request = fx.request(to, &fx.next_day());
        request.override_reason = Some("Just in case".into());
        check(&mut fx, request, Ok(()));
        assert_eq!(transition_fields(fx.last_event()), (None, Vec::new()));
    }
}

/// Edits that add one fact at a time to a bare case.
type Edit = fn(&mut CaseDetails);

fn add_subject(c: &mut CaseDetails) {
    c.parties = vec![Party {
        person: PersonId(Uuid::from_u128(0x5B)),
        role: Role::RequestedPerson,
    }];
}
fn add_offence(c: &mut CaseDetails) {
    c.offences = vec![Offence {
        id: RecordId(Uuid::from_u128(0x0FF)),
        description: "Murder".into(),
        area: ProgrammeArea::SeriousViolence,
        statute: "PPC s.302".into(),
        law_text: String::new(),
        max_penalty: "Death".into(),
        death_penalty: DeathPenalty::NotAssessed,
        equivalent_offence: Default::default(),
        dual_criminality: DualCriminality::NotAssessed,
    }];
}
fn add_authority(c: &mut CaseDetails) {
    c.requesting_authority = "Ministry of Interior".into();
}
fn blank_authority(c: &mut CaseDetails) {
    c.requesting_authority = "   ".into();
}
fn add_summary(c: &mut CaseDetails) {
    c.summary = "Proceeds of heroin sales laundered through a Lahore exchange house".into();
}
fn add_banking_records(c: &mut CaseDetails) {
    c.mla.assistance = vec![AssistanceItem {
        id: RecordId(Uuid::from_u128(0xA1)),
        kind: AssistanceType::BankingRecords,
        description: "Statements".into(),
        progress: AssistanceProgress::Pending,
    }];
}
fn assess_death_penalty(c: &mut CaseDetails) {
    c.offences[0].death_penalty = DeathPenalty::NotAvailable;
}
fn only_a_witness_statement(c: &mut CaseDetails) {
    c.mla.assistance[0].kind = AssistanceType::WitnessStatement;
}
fn coercive_again(c: &mut CaseDetails) {
    c.mla.assistance[0].kind = AssistanceType::SearchAndSeizure;
}
fn assess_dual_criminality(c: &mut CaseDetails) {
    c.offences[0].dual_criminality = DualCriminality::Unclear;
}

/// Opens a bare case, then applies each edit in turn and checks what blocks `to` after it.
fn check_facts(kind: CaseKind, direction: Direction, to: Status, steps: &[(Edit, &[CaseFact])]) {
    let mut fx = Fixture::open(kind, direction, OPENED);
    fx.apply(Command::SavePerson(Box::new(Person::new(
        PersonId(Uuid::from_u128(0x5B)),
        "Asif Mehmood s/o Mehmood Ahmed",
    ))))
    .unwrap();
    for (i, (edit, missing)) in steps.iter().enumerate() {
        if i > 0 {
            fx.update(*edit);
        }
        let expected = if missing.is_empty() {
            Ok(())
        } else {
            Err(TransitionError::Blocked {
                blockers: missing.iter().map(|&f| Blocker::Missing(f)).collect(),
            })
        };
        let mut attempt = fx.clone();
        let request = attempt.request(to, &attempt.next_day());
        check(&mut attempt, request, expected);
    }
}

fn no_edit(_: &mut CaseDetails) {}

#[test]
fn leaving_pre_request_needs_a_subject_an_offence_and_the_requesting_authority() {
    use CaseFact::{Offence as O, RequestingAuthority as Ra, Subject as S};
    for to in [inc(A::PaRequested), inc(A::RequestReceived)] {
        check_facts(
            CaseKind::Extradition,
            Direction::Incoming,
            to,
            &[
                (no_edit, &[S, O, Ra]),
                (add_subject, &[O, Ra]),
                (add_offence, &[Ra]),
                (blank_authority, &[Ra]),
                (add_authority, &[]),
            ],
        );
    }
}

#[test]
fn leaving_subject_located_abroad_needs_a_subject_and_an_offence() {
    use CaseFact::{Offence as O, Subject as S};
    check_facts(
        CaseKind::Extradition,
        Direction::Outgoing,
        out(B::NoticeRequested),
        &[(no_edit, &[S, O]), (add_offence, &[S]), (add_subject, &[])],
    );
}

#[test]
fn mla_review_needs_facts_offences_assistance_then_assessments() {
    use CaseFact::*;
    for direction in [Direction::Outgoing, Direction::Incoming] {
        check_facts(
            CaseKind::Mla,
            direction,
            mla(C::InReview),
            &[
                // Nothing to assess yet: only the draft's own facts are missing.
                (no_edit, &[Facts, Offence, AssistanceTypes]),
                (add_summary, &[Offence, AssistanceTypes]),
                // No coercive measure is sought yet, so dual criminality does not matter yet.
                (add_offence, &[AssistanceTypes, DeathPenaltyAssessed]),
                (
                    add_banking_records,
                    &[DeathPenaltyAssessed, DualCriminalityForCoerciveMeasures],
                ),
                (assess_death_penalty, &[DualCriminalityForCoerciveMeasures]),
                // Dual criminality only matters when coercive measures are sought.
                (only_a_witness_statement, &[]),
                (coercive_again, &[DualCriminalityForCoerciveMeasures]),
                (assess_dual_criminality, &[]),
            ],
        );
    }
}

#[test]
fn mla_review_facts_must_still_hold_when_the_request_is_issued() {
    let mut fx = Fixture::at(mla(C::InReview));
    fx.update(|c| c.offences[0].death_penalty = DeathPenalty::NotAssessed);
    let request = fx.request(mla(C::Issued), &fx.next_day());
    check(
        &mut fx,
        request,
        Err(TransitionError::Blocked {
            blockers: vec![Blocker::Missing(CaseFact::DeathPenaltyAssessed)],
        }),
    );
}

fn correct(fx: &mut Fixture, event: EventId, reason: &str) -> Result<Applied, CommandError> {
    fx.apply(Command::Correct {
        case: fx.case,
        event,
        reason: reason.into(),
    })
}

#[test]
fn correcting_the_last_transition_restores_the_state_and_keeps_both_events() {
    let mut fx = Fixture::at(inc(A::PaRequested));
    let requested = fx.last_event().id;
    let arrested = fx.go(inc(A::PaArrested), "2026-01-10");
    let before = fx.case().history().to_vec();
    assert_eq!(fx.case().correctable().map(|e| e.id), Some(arrested));
    fx.set_now("2026-01-12");
    correct(&mut fx, arrested, "  Arrest was of a different man  ").unwrap();
    let case = fx.case();
    assert_eq!(case.status(), inc(A::PaRequested));
    assert_eq!(case.history().len(), before.len() + 1);
    assert_eq!(
        case.history()[..before.len()],
        before[..],
        "events rewritten"
    );
    match &fx.last_event().kind {
        EventKind::Correction {
            corrects,
            restores,
            reason,
        } => {
            assert_eq!(*corrects, arrested);
            assert_eq!(*restores, inc(A::PaRequested));
            assert_eq!(&**reason, "Arrest was of a different man");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(fx.last_event().effective, d("2026-01-12"));
    // The corrected transition no longer counts, so the state dates from the one before it.
    assert_eq!(fx.case().status_since(), d("2026-01-06"));
    assert_eq!(fx.case().correctable().map(|e| e.id), Some(requested));
    assert!(
        moves(fx.case()).contains(&(inc(A::PaRequested), inc(A::PaArrested))),
        "the corrected transition is still in the history"
    );
    assert!(check_casebook(&fx.book, d(NOW)).is_empty());
}

#[test]
fn only_the_last_change_can_be_corrected_and_only_with_a_reason() {
    let mut fx = Fixture::at(inc(A::PaRequested));
    let requested = fx.last_event().id;
    let arrested = fx.go(inc(A::PaArrested), "2026-01-10");
    let opened = fx.case().history()[0].id;
    let cases = [
        (requested, "Wrong request", CorrectionError::NotLastChange),
        (opened, "Opened by mistake", CorrectionError::NotLastChange),
        (
            EventId(Uuid::from_u128(0xDEAD)),
            "No such event",
            CorrectionError::NotLastChange,
        ),
        (arrested, "", CorrectionError::EmptyReason),
        (arrested, " \t ", CorrectionError::EmptyReason),
    ];
    for (event, reason, expected) in cases {
        let before = fx.case().clone();
        assert_eq!(
            correct(&mut fx, event, reason),
            Err(CommandError::Correction(expected))
        );
        assert_eq!(fx.case(), &before);
    }
    // Once the last change is corrected, the one before it becomes correctable, then the
    // case is back where it was opened and nothing is left to correct.
    correct(&mut fx, arrested, "Wrong man").unwrap();
    assert_eq!(
        correct(&mut fx, arrested, "Again"),
        Err(CommandError::Correction(CorrectionError::NotLastChange))
    );
    correct(&mut fx, requested, "Request came through another channel").unwrap();
    assert_eq!(fx.status(), inc(A::PreRequest));
    assert_eq!(fx.case().correctable(), None);
    // Opened, the edit that made it ready, two moves and their two corrections.
    assert_eq!(fx.history_len(), 6);
    assert!(check_casebook(&fx.book, d(NOW)).is_empty());
    // And the case moves on again from there.
    let request = fx.request(inc(A::RequestReceived), "2026-01-20");
    check(&mut fx, request, Ok(()));
}

#[test]
fn undoing_a_transition_is_a_correction_and_undoing_that_redoes_it() {
    let mut fx = Fixture::at(mla(C::Issued));
    let request = fx.request(mla(C::Transmitted), "2026-02-02");
    let applied = fx.try_go(request).unwrap();
    let transmitted = fx.last_event().id;
    let Some(Command::Correct {
        case,
        event,
        reason,
    }) = applied.undo.clone()
    else {
        panic!(
            "the undo of a transition is a correction: {:?}",
            applied.undo
        );
    };
    assert_eq!((case, event), (fx.case, transmitted));
    assert!(!reason.trim().is_empty());
    let undone = fx.apply(applied.undo.unwrap()).unwrap();
    assert_eq!(fx.status(), mla(C::Issued));
    let Some(Command::Transition { case, request }) = undone.undo.clone() else {
        panic!(
            "the undo of a correction is a transition: {:?}",
            undone.undo
        );
    };
    assert_eq!(case, fx.case);
    assert_eq!(request.to, mla(C::Transmitted));
    assert_eq!(request.effective, d("2026-02-02"));
    let redone = fx.apply(undone.undo.unwrap()).unwrap();
    assert_eq!(fx.status(), mla(C::Transmitted));
    assert_eq!(
        moves(fx.case()),
        [
            (mla(C::Draft), mla(C::InReview)),
            (mla(C::InReview), mla(C::Issued)),
            (mla(C::Issued), mla(C::Transmitted)),
            (mla(C::Issued), mla(C::Transmitted)),
        ]
    );
    assert!(
        matches!(redone.undo, Some(Command::Correct { event, .. }) if event == fx.last_event().id)
    );
    assert!(check_casebook(&fx.book, d(NOW)).is_empty());
}

#[test]
fn check_casebook_finds_nothing_on_built_cases_and_something_on_a_broken_one() {
    let mut fx = Fixture::at(inc(A::SosOrdered));
    fx.walk(&[(inc(A::AppealHc), "2026-02-01")]);
    let last = fx.last_event().id;
    correct(&mut fx, last, "Appeal not lodged after all").unwrap();
    fx.walk(&[
        (inc(A::AwaitingSurrender), "2026-02-03"),
        (inc(A::Postponed), "2026-02-04"),
        (inc(A::AwaitingSurrender), "2026-02-05"),
        (inc(A::Surrendered), "2026-02-06"),
    ]);
    let mut books = vec![fx.book.clone()];
    for state in [
        out(B::Surrendered),
        mla(C::Closed),
        mla(C::ReturnedDeficient),
    ] {
        books.push(Fixture::at(state).book);
    }
    for book in &books {
        let findings = check_casebook(book, d(NOW));
        assert!(findings.is_empty(), "{findings:?}");
    }
    // The check can fail: a case whose status is not where its history leads.
    let c = fx.case().clone();
    let broken = Case::from_parts_unchecked(
        c.id,
        c.reference.clone(),
        c.kind,
        c.direction,
        c.opened,
        c.details.clone(),
        inc(A::Discharged),
        c.history().to_vec(),
    );
    let book = Casebook::from_parts(
        fx.book.settings.clone(),
        vec![broken],
        fx.book.people().to_vec(),
        Vec::new(),
        Vec::new(),
    );
    let findings = check_casebook(&book, d(NOW));
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(findings[0].message.contains("history leads to SURRENDERED"));
}

/// One workflow of `docs/law.md` §4 as written there: `(state, may go to)`, the additions the
/// table documents (`(state, extra targets)`), the terminal states and the gated states.
struct Written {
    workflow: Workflow,
    may_go_to: &'static [(&'static str, &'static [&'static str])],
    additions: &'static [(&'static str, &'static [&'static str])],
    terminal: &'static [&'static str],
    gated: &'static [&'static str],
}

const CAR: &str = "CLOSED_ALTERNATIVE_REMOVAL";

#[rustfmt::skip]
const WRITTEN: &[Written] = &[
    Written {
        workflow: Workflow::ExtraditionIncoming,
        may_go_to: &[
            ("PRE_REQUEST", &["PA_REQUESTED", "REQUEST_RECEIVED", "CLOSED_NO_ACTION"]),
            ("PA_REQUESTED", &["PA_ARRESTED", "REQUEST_RECEIVED", "WITHDRAWN"]),
            ("PA_ARRESTED", &["REQUEST_RECEIVED", "DISCHARGED"]),
            ("REQUEST_RECEIVED", &["SPECIAL_ARRANGEMENT_CERTIFIED", "NOT_CERTIFIED", "WITHDRAWN"]),
            ("SPECIAL_ARRANGEMENT_CERTIFIED", &["REQUEST_CERTIFIED"]),
            ("REQUEST_CERTIFIED", &["WARRANT_ISSUED", "INITIAL_HEARING"]),
            ("WARRANT_ISSUED", &["ARRESTED", "SUBJECT_NOT_LOCATED", "WITHDRAWN"]),
            ("ARRESTED", &["INITIAL_HEARING"]),
            ("INITIAL_HEARING", &["EXTRADITION_HEARING", "CONSENTED", "DISCHARGED"]),
            ("CONSENTED", &["SENT_TO_SOS"]),
            ("EXTRADITION_HEARING", &["SENT_TO_SOS", "DISCHARGED", "ADJOURNED"]),
            ("SENT_TO_SOS", &["SOS_ORDERED", "DISCHARGED", "WITHDRAWN", "DEFERRED"]),
            ("SOS_ORDERED", &["APPEAL_HC", "AWAITING_SURRENDER"]),
            ("APPEAL_HC", &["AWAITING_SURRENDER", "DISCHARGED", "APPEAL_SC"]),
            ("APPEAL_SC", &["AWAITING_SURRENDER", "DISCHARGED"]),
            ("AWAITING_SURRENDER", &["SURRENDERED", "DISCHARGED", "POSTPONED"]),
            // "Back to the state before".
            ("DEFERRED", &["SENT_TO_SOS"]),
            ("ADJOURNED", &["EXTRADITION_HEARING"]),
            ("POSTPONED", &["AWAITING_SURRENDER"]),
        ],
        additions: &[
            ("PA_ARRESTED", &["WITHDRAWN", CAR]),
            ("REQUEST_RECEIVED", &[CAR]),
            ("SPECIAL_ARRANGEMENT_CERTIFIED", &["WITHDRAWN", CAR]),
            ("REQUEST_CERTIFIED", &["WITHDRAWN", CAR]),
            ("WARRANT_ISSUED", &[CAR]),
            ("ARRESTED", &["WITHDRAWN", CAR]),
            ("INITIAL_HEARING", &["WITHDRAWN", CAR]),
            ("CONSENTED", &["WITHDRAWN"]),
            ("EXTRADITION_HEARING", &["WITHDRAWN", CAR]),
            ("SOS_ORDERED", &["WITHDRAWN"]),
            ("APPEAL_HC", &["WITHDRAWN"]),
            ("APPEAL_SC", &["WITHDRAWN"]),
            ("DEFERRED", &["WITHDRAWN"]),
            ("ADJOURNED", &["WITHDRAWN"]),
            ("POSTPONED", &["WITHDRAWN"]),
            ("AWAITING_SURRENDER", &["WITHDRAWN"]),
            // The state's appeal against a discharge (ss.105, 110) and the Supreme Court leave
            // application after the High Court's decision (s.114), which §3 gives windows.
            ("DISCHARGED", &["STATE_APPEAL", "SC_LEAVE_SOUGHT"]),
            ("STATE_APPEAL", &["EXTRADITION_HEARING", "AWAITING_SURRENDER", "DISCHARGED",
                               "SC_LEAVE_SOUGHT", "WITHDRAWN"]),
            ("AWAITING_SURRENDER", &["SC_LEAVE_SOUGHT"]),
            ("SC_LEAVE_SOUGHT", &["APPEAL_SC", "AWAITING_SURRENDER", "DISCHARGED", "WITHDRAWN"]),
        ],
        terminal: &["SURRENDERED", "DISCHARGED", "WITHDRAWN", "NOT_CERTIFIED",
                    "SUBJECT_NOT_LOCATED", CAR, "CLOSED_NO_ACTION"],
        gated: &["SENT_TO_SOS"],
    },
    Written {
        workflow: Workflow::ExtraditionOutgoing,
        may_go_to: &[
            ("SUBJECT_LOCATED_ABROAD", &["NOTICE_REQUESTED", "FILE_IN_PREPARATION", "CLOSED"]),
            ("NOTICE_REQUESTED", &["NOTICE_PUBLISHED", "FILE_IN_PREPARATION"]),
            ("NOTICE_PUBLISHED", &["FILE_IN_PREPARATION", "PA_REQUESTED"]),
            ("FILE_IN_PREPARATION", &["REQUEST_ISSUED"]),
            ("PA_REQUESTED", &["PA_ARRESTED_ABROAD", "REQUEST_ISSUED"]),
            ("REQUEST_ISSUED", &["TRANSMITTED"]),
            ("TRANSMITTED", &["UNDER_CONSIDERATION", "RETURNED_FOR_INFO"]),
            ("UNDER_CONSIDERATION", &["INQUIRY_ORDERED", "REFUSED", "RETURNED_FOR_INFO"]),
            ("INQUIRY_ORDERED", &["FUGITIVE_ARRESTED", "SUBJECT_NOT_LOCATED"]),
            ("FUGITIVE_ARRESTED", &["INQUIRY_REPORTED"]),
            ("INQUIRY_REPORTED", &["SURRENDER_ORDERED", "DISCHARGED"]),
            ("SURRENDER_ORDERED", &["WRIT_PENDING", "SURRENDERED"]),
            ("WRIT_PENDING", &["SURRENDER_ORDERED", "DISCHARGED"]),
        ],
        additions: &[
            ("NOTICE_REQUESTED", &["WITHDRAWN"]),
            ("NOTICE_PUBLISHED", &["WITHDRAWN", "LAPSED"]),
            ("FILE_IN_PREPARATION", &["WITHDRAWN", "CLOSED_ALTERNATIVE"]),
            ("PA_REQUESTED", &["WITHDRAWN"]),
            ("PA_ARRESTED_ABROAD", &["REQUEST_ISSUED", "WITHDRAWN", "CLOSED_ALTERNATIVE"]),
            ("REQUEST_ISSUED", &["WITHDRAWN"]),
            ("TRANSMITTED", &["WITHDRAWN", "LAPSED"]),
            ("RETURNED_FOR_INFO", &["FILE_IN_PREPARATION", "TRANSMITTED", "WITHDRAWN"]),
            ("UNDER_CONSIDERATION", &["WITHDRAWN", "LAPSED"]),
            ("INQUIRY_ORDERED", &["WITHDRAWN"]),
            ("FUGITIVE_ARRESTED", &["WITHDRAWN"]),
            ("INQUIRY_REPORTED", &["WITHDRAWN"]),
            ("SURRENDER_ORDERED", &["WITHDRAWN"]),
        ],
        // SUBJECT_NOT_LOCATED and CLOSED are targets in §4B but missing from its terminal row.
        terminal: &["SURRENDERED", "REFUSED", "DISCHARGED", "WITHDRAWN", "LAPSED",
                    "CLOSED_ALTERNATIVE", "SUBJECT_NOT_LOCATED", "CLOSED"],
        gated: &["REQUEST_ISSUED", "TRANSMITTED"],
    },
    Written {
        workflow: Workflow::MutualLegalAssistance,
        may_go_to: &[
            ("DRAFT", &["IN_REVIEW", "ABANDONED"]),
            ("IN_REVIEW", &["DRAFT", "ISSUED"]),
            ("ISSUED", &["TRANSMITTED"]),
            ("TRANSMITTED", &["ACKNOWLEDGED", "RETURNED_DEFICIENT"]),
            ("ACKNOWLEDGED", &["UNDER_CONSIDERATION"]),
            ("UNDER_CONSIDERATION", &["FURTHER_INFO_REQUESTED", "ACCEPTED", "REFUSED"]),
            ("FURTHER_INFO_REQUESTED", &["UNDER_CONSIDERATION"]),
            ("ACCEPTED", &["IN_EXECUTION", "WITHDRAWN"]),
            ("IN_EXECUTION", &["PARTIALLY_EXECUTED", "EXECUTED"]),
            ("PARTIALLY_EXECUTED", &["IN_EXECUTION", "EXECUTED", "CLOSED"]),
            ("EXECUTED", &["EVIDENCE_RECEIVED"]),
            ("EVIDENCE_RECEIVED", &["CLOSED"]),
            // "RETURNED_DEFICIENT (may re-enter DRAFT)".
            ("RETURNED_DEFICIENT", &["DRAFT"]),
        ],
        additions: &[
            ("IN_REVIEW", &["ABANDONED"]),
            ("ISSUED", &["WITHDRAWN"]),
            ("TRANSMITTED", &["WITHDRAWN", "LAPSED"]),
            ("ACKNOWLEDGED", &["WITHDRAWN", "LAPSED"]),
            ("UNDER_CONSIDERATION", &["WITHDRAWN", "LAPSED"]),
            ("FURTHER_INFO_REQUESTED", &["WITHDRAWN", "LAPSED"]),
            ("IN_EXECUTION", &["WITHDRAWN"]),
        ],
        terminal: &["CLOSED", "REFUSED", "RETURNED_DEFICIENT", "WITHDRAWN", "LAPSED",
                    "ABANDONED"],
        gated: &["ISSUED", "TRANSMITTED"],
    },
];

#[test]
fn the_tables_are_docs_law_md_plus_their_documented_additions() {
    use std::collections::BTreeSet;
    for written in WRITTEN {
        let wf = written.workflow;
        let parse =
            |code: &str| Status::parse(wf, code).unwrap_or_else(|| panic!("{wf}: no state {code}"));
        let mut expected: BTreeMap<Status, BTreeSet<Status>> = wf
            .states()
            .into_iter()
            .map(|s| (s, BTreeSet::new()))
            .collect();
        for (from, targets) in written.may_go_to.iter().chain(written.additions) {
            let set = expected.get_mut(&parse(from)).unwrap();
            for to in *targets {
                assert!(set.insert(parse(to)), "{wf}: {from} → {to} listed twice");
            }
        }
        for (from, targets) in expected {
            let table: BTreeSet<Status> = from.next().into_iter().collect();
            assert_eq!(table, targets, "{wf}: where {} may go", from.code());
        }
        let codes = |f: fn(Status) -> bool| -> BTreeSet<String> {
            wf.states()
                .into_iter()
                .filter(|s| f(*s))
                .map(|s| s.code())
                .collect()
        };
        let set =
            |list: &[&str]| -> BTreeSet<String> { list.iter().map(|s| s.to_string()).collect() };
        assert_eq!(
            codes(|s| s.is_terminal()),
            set(written.terminal),
            "{wf}: terminal"
        );
        assert_eq!(codes(|s| s.rule().gated), set(written.gated), "{wf}: gated");
    }
}
