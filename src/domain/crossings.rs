//! What the other workstreams do beyond their tables (`../shared/domain.md` §§8–12): the
//! extradition a removal replaces, the handling a new offender alert starts with, and an
//! enquiry's conversion into an MLA request. Apart from `workstreams.rs`, which the deadline
//! catalogue reads, so that the tables depend on nothing of the case.

use super::case::{
    Case, CaseDetails, CaseKind, CaseLink, Direction, ExternalReference, HandlingMarking, LinkKind,
    Offence,
};
use super::casebook::{Casebook, Command};
use super::event::EventKind;
use super::ids::{CaseId, IdSource, RecordId};
use super::transition::TransitionRequest;
use super::workflow::{IncomingState, OutgoingState, Status};
use super::workstreams::{EnquiryState, ReturnsState};

/// What a returns case that has been removed offers to close (§8, "Link to extradition"): each
/// extradition case it is linked to as its alternative removal, still open and able to close
/// that way, with the closing state (CLOSED_ALTERNATIVE_REMOVAL incoming, CLOSED_ALTERNATIVE
/// outgoing).
pub fn removal_offers(book: &Casebook, case: &Case) -> Vec<(CaseId, Status)> {
    let removed = Status::Returns(ReturnsState::Removed);
    let has_been_removed = case
        .effective_transitions()
        .any(|e| matches!(e.kind, EventKind::Transition { to, .. } if to == removed));
    if case.kind != CaseKind::Returns || !has_been_removed {
        return Vec::new();
    }
    case.details
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::AlternativeRemoval)
        .filter_map(|l| book.case(l.case))
        .filter(|other| other.kind == CaseKind::Extradition)
        .filter_map(|other| {
            let close = match other.direction {
                Direction::Incoming => Status::Incoming(IncomingState::ClosedAlternativeRemoval),
                Direction::Outgoing => Status::Outgoing(OutgoingState::ClosedAlternative),
            };
            other.status().may_go_to(close).then_some((other.id, close))
        })
        .collect()
}

/// The handling a new case of `kind` starts with (§12: offender notifications and alerts are
/// OFFICIAL-SENSITIVE with neither-confirm-nor-deny on); the officer may change it after.
pub fn handling_defaults(kind: CaseKind, details: &mut CaseDetails) {
    if kind == CaseKind::OffenderAlert {
        details.marking = HandlingMarking::OfficialSensitive;
        details.ncnd = true;
    }
}

/// What converting a police-to-police enquiry into an MLA request does, when coercive measures
/// or court evidence are needed (§11), as the commands to apply in order: the enquiry moves to
/// CONVERTED_TO_MLA on `on` (refused, before anything else, where the table does not allow
/// it); a new MLA case `id` opens at DRAFT with the enquiry's facts copied; the enquiry is
/// linked to it.
pub fn conversion_to_mla(
    enquiry: &Case,
    id: CaseId,
    on: chrono::NaiveDate,
    ids: &mut dyn IdSource,
) -> Vec<Command> {
    let mut linked = enquiry.details.clone();
    linked.links.push(CaseLink {
        case: id,
        kind: LinkKind::Related,
    });
    vec![
        Command::Transition {
            case: enquiry.id,
            request: Box::new(TransitionRequest::new(
                Status::Enquiry(EnquiryState::ConvertedToMla),
                on,
            )),
        },
        opening_of_mla(enquiry, id, on, ids),
        Command::UpdateCase {
            case: enquiry.id,
            details: Box::new(linked),
        },
    ]
}

/// The new MLA case: the enquiry's summary, people, offences, states, authority, area, handling
/// and the other side's references (each sub-record under a new id), linked back to it.
fn opening_of_mla(
    enquiry: &Case,
    id: CaseId,
    opened: chrono::NaiveDate,
    ids: &mut dyn IdSource,
) -> Command {
    let from = &enquiry.details;
    let mut details = CaseDetails::new(from.requesting_state.clone(), from.requested_state.clone());
    details.summary = from.summary.clone();
    details.requesting_authority = from.requesting_authority.clone();
    details.area = from.area;
    details.parties = from.parties.clone();
    details.offences = from
        .offences
        .iter()
        .map(|o| Offence {
            id: RecordId(ids.next_uuid()),
            ..o.clone()
        })
        .collect();
    details.external_references = from
        .external_references
        .iter()
        .map(|r| ExternalReference {
            id: RecordId(ids.next_uuid()),
            ..r.clone()
        })
        .collect();
    details.marking = from.marking;
    details.ncnd = from.ncnd;
    details.assigned_officer = from.assigned_officer.clone();
    details.links = vec![CaseLink {
        case: enquiry.id,
        kind: LinkKind::Related,
    }];
    Command::OpenCase {
        id,
        kind: CaseKind::Mla,
        direction: enquiry.direction,
        opened,
        details: Box::new(details),
    }
}
