//! Which way a case may go (`directions.rs`): a kind refuses a direction its table has no way
//! through, and a state on one branch refuses cases of the other, wherever a case is opened,
//! imported, moved, or read from a file.

use super::*;
use crate::domain::casebook::ImportedCase;
use crate::domain::check::check_casebook;
use crate::domain::directions::DirectionError;
use crate::domain::transition::{TransitionError, next_states};
use crate::domain::workflow::{AlertState as O, ConvictionState as X, EnquiryState as Q};

#[test]
fn a_kind_is_opened_only_in_the_directions_its_table_goes() {
    for &kind in CaseKind::ALL {
        for &direction in Direction::ALL {
            let mut fx = Fixture::open(CaseKind::Mla, Direction::Outgoing, OPENED);
            let before = fx.book.cases().len();
            let opened = fx.apply(Command::OpenCase {
                id: CaseId(Uuid::from_u128(0xBEEF)),
                kind,
                direction,
                opened: d(OPENED),
                details: Box::new(CaseDetails::new(Country::uk(), Country::pakistan())),
            });
            let refused = kind == CaseKind::ServiceProvider && direction == Direction::Incoming;
            assert_eq!(kind.directions().contains(&direction), !refused);
            match opened {
                Err(CommandError::Direction(e)) if refused => {
                    assert_eq!(e, DirectionError::Kind { kind, direction });
                    assert_eq!(
                        e.to_string(),
                        "A service provider case can only be outgoing, not incoming: its workflow has no incoming way through"
                    );
                    assert_eq!(fx.book.cases().len(), before, "nothing opened");
                }
                Ok(_) if !refused => {}
                other => panic!("{kind} {direction}: {other:?}"),
            }
        }
    }
}

#[test]
fn a_state_of_one_branch_refuses_a_case_going_the_other_way() {
    // (kind, direction of the case, the state of the other branch it may not enter, the one
    // of its own it may)
    let cases = [
        (
            CaseKind::ConvictionData,
            Direction::Outgoing,
            Status::Conviction(X::Received),
            Status::Conviction(X::Sent),
        ),
        (
            CaseKind::ConvictionData,
            Direction::Incoming,
            Status::Conviction(X::Sent),
            Status::Conviction(X::Received),
        ),
        (
            CaseKind::PoliceEnquiry,
            Direction::Outgoing,
            Status::Enquiry(Q::Received),
            Status::Enquiry(Q::Sent),
        ),
        (
            CaseKind::PoliceEnquiry,
            Direction::Incoming,
            Status::Enquiry(Q::Sent),
            Status::Enquiry(Q::Received),
        ),
        (
            CaseKind::OffenderAlert,
            Direction::Outgoing,
            Status::Alert(O::AlertReceived),
            Status::Alert(O::TravelNotified),
        ),
        (
            CaseKind::OffenderAlert,
            Direction::Incoming,
            Status::Alert(O::TravelNotified),
            Status::Alert(O::AlertReceived),
        ),
    ];
    for (kind, direction, other, own) in cases {
        let mut fx = Fixture::ready(kind, direction, OPENED);
        let next = next_states(fx.case());
        assert!(next.contains(&own) && !next.contains(&other), "{next:?}");
        let before = fx.case().clone();
        let request = fx.request(other, "2026-01-06");
        let refused = fx.try_go(request).expect_err("the other branch");
        let CommandError::Transition(TransitionError::WrongDirection(e)) = &refused else {
            panic!("{refused:?}");
        };
        assert!(
            e.to_string().contains(&format!(
                "is a state of {} {} cases only; this one is {}",
                other_way(direction).label().to_lowercase(),
                kind.label().to_lowercase(),
                direction.label().to_lowercase()
            )),
            "{e}"
        );
        assert_eq!(fx.case(), &before, "nothing recorded");
        let request = fx.request(own, "2026-01-06");
        fx.try_go(request).expect("its own branch");
    }
}

#[test]
fn an_import_in_a_direction_or_state_its_kind_does_not_go_is_refused() {
    let import = |kind, direction, status| {
        let mut fx = Fixture::open(CaseKind::Mla, Direction::Outgoing, OPENED);
        let result = fx.apply(Command::ImportCase(Box::new(ImportedCase {
            id: CaseId(Uuid::from_u128(0xF00D)),
            reference: String::new(),
            kind,
            direction,
            opened: d(OPENED),
            status,
            status_since: None,
            details: CaseDetails::new(Country::uk(), Country::pakistan()),
            source: "cases.csv".into(),
            row: 3,
        })));
        (fx.book.cases().len(), result)
    };
    let (cases, refused) = import(
        CaseKind::ConvictionData,
        Direction::Outgoing,
        Status::Conviction(X::ChecksRequested),
    );
    assert_eq!(cases, 1, "nothing imported");
    assert!(
        matches!(
            refused,
            Err(CommandError::Direction(DirectionError::Branch { .. }))
        ),
        "{refused:?}"
    );
    let (cases, refused) = import(
        CaseKind::ServiceProvider,
        Direction::Incoming,
        Status::Provider(crate::domain::workflow::ProviderState::Identified),
    );
    assert_eq!(cases, 1);
    assert!(
        matches!(
            refused,
            Err(CommandError::Direction(DirectionError::Kind { .. }))
        ),
        "{refused:?}"
    );
    let (cases, imported) = import(
        CaseKind::ConvictionData,
        Direction::Incoming,
        Status::Conviction(X::ChecksRequested),
    );
    assert!(imported.is_ok() && cases == 2, "{imported:?}");
}

#[test]
fn a_loaded_casebook_with_a_case_going_the_wrong_way_is_found_naming_it() {
    // As an older version or a hand-edited file may hold them: a provider request recorded
    // as incoming, and an outgoing conviction-data request that went on as if received.
    let provider = Fixture::open(CaseKind::ServiceProvider, Direction::Outgoing, OPENED);
    let mut conviction = Fixture::ready(CaseKind::ConvictionData, Direction::Incoming, OPENED);
    conviction.go(Status::Conviction(X::Received), "2026-01-06");
    let turned = |fx: &Fixture, direction| {
        let c = fx.case();
        Case::from_parts_unchecked(
            c.id,
            c.reference.clone(),
            c.kind,
            direction,
            c.opened,
            c.details.clone(),
            c.status(),
            c.history().to_vec(),
        )
    };
    let mut people = provider.book.people().to_vec();
    people.extend(conviction.book.people().iter().cloned());
    let mut cases = vec![
        turned(&provider, Direction::Incoming),
        turned(&conviction, Direction::Outgoing),
    ];
    cases[1] = Case::from_parts_unchecked(
        CaseId(Uuid::from_u128(0xC0)),
        "CO-2026-0001".into(),
        cases[1].kind,
        cases[1].direction,
        cases[1].opened,
        cases[1].details.clone(),
        cases[1].status(),
        cases[1].history().to_vec(),
    );
    let book = Casebook::from_parts(
        provider.book.settings.clone(),
        cases,
        people,
        Vec::new(),
        Vec::new(),
    );
    let findings: Vec<String> = check_casebook(&book, d(NOW))
        .iter()
        .filter(|f| f.field == "direction")
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        findings,
        [
            "SO-2026-0001 Direction: A service provider case can only be outgoing, not incoming: its workflow has no incoming way through",
            "CO-2026-0001 Direction: Received (RECEIVED) is a state of incoming conviction data cases only; this one is outgoing",
        ],
        "{findings:?}"
    );
}
