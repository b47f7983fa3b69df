//! The programme's other workstreams (`../shared/domain.md` §§8–12) as workflow tables, written
//! like the first three in `workflow.rs`: returns, conviction-data exchange, requests to
//! communication service providers, police-to-police enquiries, and offender notifications and
//! travel alerts. Where the reference leaves a state without a row or a terminal state without a
//! way in, the table adds the smallest lawful completion and says so in a comment.

use super::details::{CaseKind, Direction};
use super::workflow::{
    CLOSURE, CaseFact as F, Detail as D, StateRule, Status, StatusGroup as G, closed, row,
    table_impl,
};
use serde::{Deserialize, Serialize};

/// States of a returns case (§8): removal or deportation to Pakistan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ReturnsState {
    Referred,
    DocumentationSent,
    VerificationPending,
    FurtherInfoRequested,
    NationalityConfirmed,
    NationalityNotConfirmed,
    EtdIssued,
    RemovalScheduled,
    Barrier,
    RemovalFailed,
    Removed,
    Arrived,
    PclListed,
    ClosedReturned,
    ClosedNotRemovable,
    ClosedVoluntaryDeparture,
    Withdrawn,
}

/// States of a conviction-data exchange (§9), one workflow for the four flows: a request or a
/// notification goes out through SENT, or comes in through RECEIVED.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ConvictionState {
    Draft,
    Sent,
    Received,
    ChecksRequested,
    FurtherInfoRequested,
    Acknowledged,
    Answered,
    Closed,
    Declined,
    Abandoned,
}

/// States of a request to a communication service provider (§10).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ProviderState {
    Identified,
    PreservationSent,
    PreservationConfirmed,
    Extended,
    DisclosureRequested,
    Disclosed,
    Partial,
    Closed,
    Refused,
    DataLost,
    Withdrawn,
}

/// States of an informal police-to-police enquiry (§11).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EnquiryState {
    Draft,
    Sent,
    Received,
    Acknowledged,
    Answered,
    Partial,
    ConvertedToMla,
    Closed,
    NoReplyClosed,
    Withdrawn,
}

/// States of an offender notification or travel alert (§12): travel notified and an alert sent
/// out, or an alert received and acted on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AlertState {
    Opened,
    TravelNotified,
    RiskAssessed,
    AlertRequested,
    AlertSent,
    Acknowledged,
    TravelCompleted,
    AlertReceived,
    Checked,
    Actioned,
    Closed,
    NoAlert,
}

// Returns (§8). Additions: NATIONALITY_NOT_CONFIRMED is named as a target without a row; it may
// send the documents again or close the case as not removable. CLOSED_VOLUNTARY_DEPARTURE and
// WITHDRAWN are terminal without a way in: the person may leave of their own accord, or the
// Home Office withdraw, from any state before removal. BARRIER goes back to "the prior state":
// the table lists the states a barrier is entered from (REFERRED, REMOVAL_SCHEDULED); the gate
// on REMOVAL_SCHEDULED still applies when it goes back there.
use ReturnsState as R;
const RET_EXITS: [ReturnsState; 2] = [R::ClosedVoluntaryDeparture, R::Withdrawn];
#[rustfmt::skip]
const RETURNS: &[StateRule<ReturnsState>] = &[
    row(R::Referred, "Referred", G::Preparation, "Date referred",
        &[R::DocumentationSent, R::Barrier, R::ClosedNotRemovable, RET_EXITS[0], RET_EXITS[1]],
        &[])
        .facts(&[F::Subject]),
    row(R::DocumentationSent, "Documentation sent", G::WithAuthorities, "Date sent",
        &[R::VerificationPending, RET_EXITS[0], RET_EXITS[1]],
        &[D::SopCategory, D::Mission, D::DocumentsSent]),
    row(R::VerificationPending, "Verification pending", G::WithAuthorities, "Date",
        &[R::NationalityConfirmed, R::NationalityNotConfirmed, R::FurtherInfoRequested,
          RET_EXITS[0], RET_EXITS[1]],
        &[D::VerificationReference]),
    row(R::FurtherInfoRequested, "Further information requested", G::WithAuthorities,
        "Date asked", &[R::VerificationPending, RET_EXITS[0], RET_EXITS[1]],
        &[D::QuestionAsked, D::ReplyDueDate]),
    row(R::NationalityConfirmed, "Nationality confirmed", G::Decision, "Date confirmed",
        &[R::EtdIssued, R::RemovalScheduled, RET_EXITS[0], RET_EXITS[1]],
        &[D::ConfirmingBody]),
    row(R::NationalityNotConfirmed, "Nationality not confirmed", G::Decision, "Date",
        &[R::DocumentationSent, R::ClosedNotRemovable, RET_EXITS[0], RET_EXITS[1]],
        &[D::VerificationReference]),
    row(R::EtdIssued, "Emergency travel document issued", G::Decision, "Issue date",
        &[R::RemovalScheduled, RET_EXITS[0], RET_EXITS[1]],
        &[D::EtdNumber, D::EtdExpiry]),
    // The gate (SOP para 2): no removal scheduled before nationality is confirmed and a valid
    // passport or an ETD is recorded; an override needs a reason.
    row(R::RemovalScheduled, "Removal scheduled", G::Execution, "Date scheduled",
        &[R::Removed, R::Barrier, R::RemovalFailed, RET_EXITS[0], RET_EXITS[1]],
        &[D::PlannedRemovalDate, D::Flight, D::Escorts, D::NoticeServedDate])
        .optional(&[D::MissionInformedDate])
        .facts(&[F::NationalityConfirmed, F::TravelDocument]),
    row(R::Barrier, "Barrier to removal", G::OnHold, "Date raised",
        &[R::Referred, R::RemovalScheduled, R::ClosedNotRemovable, RET_EXITS[0], RET_EXITS[1]],
        &[D::BarrierGrounds, D::ReviewDate])
        .optional(&[D::DecisionSentDate]),
    row(R::RemovalFailed, "Removal failed", G::Execution, "Date",
        &[R::RemovalScheduled, R::Barrier, RET_EXITS[0], RET_EXITS[1]],
        &[D::FailureReason, D::HomeOfficeControl]),
    row(R::Removed, "Removed", G::Execution, "Departure date", &[R::Arrived],
        &[D::DepartureTime]),
    row(R::Arrived, "Arrived in Pakistan", G::Execution, "Arrival date",
        &[R::PclListed, R::ClosedReturned],
        &[D::ArrivalAirport, D::FiaHandover, D::FirNumber, D::PassportCancelled]),
    row(R::PclListed, "On the Passport Control List", G::Execution, "Listing date",
        &[R::ClosedReturned], &[D::PclReference]),
    closed(R::ClosedReturned, "Closed: returned", &[]),
    closed(R::ClosedNotRemovable, "Closed: not removable", CLOSURE),
    closed(R::ClosedVoluntaryDeparture, "Closed: voluntary departure", CLOSURE),
    closed(R::Withdrawn, "Withdrawn", CLOSURE),
];
table_impl!(ReturnsState, RETURNS);

// Conviction data (§9). The four flows: a request or a notification goes out through SENT and
// ACKNOWLEDGED (an outgoing case), or comes in through RECEIVED, CHECKS_REQUESTED and DECLINED
// (an incoming one); the other states are on both ways. Additions: a request sent or acknowledged, or waiting on our answer to
// their question, may be closed unanswered ("record as unanswered", §13 CRX_REPLY).
use ConvictionState as X;
#[rustfmt::skip]
const CONVICTION: &[StateRule<ConvictionState>] = &[
    row(X::Draft, "Draft", G::Preparation, "Date opened",
        &[X::Sent, X::Received, X::Abandoned], &[])
        .facts(&[F::Subject, F::Facts]),
    row(X::Sent, "Sent", G::WithAuthorities, "Date sent",
        &[X::Acknowledged, X::Answered, X::FurtherInfoRequested, X::Closed],
        &[D::Channel, D::TransferCondition])
        .facts(&[F::ProcessingConditionForBiometrics]).outgoing(),
    row(X::Received, "Received", G::WithAuthorities, "Date received",
        &[X::ChecksRequested, X::Declined], &[D::Sender, D::OtherSideReference]).incoming(),
    row(X::ChecksRequested, "Checks requested", G::WithAuthorities, "Date requested",
        &[X::Answered, X::FurtherInfoRequested], &[D::CheckedWith]).incoming(),
    row(X::FurtherInfoRequested, "Further information requested", G::WithAuthorities,
        "Date asked", &[X::Sent, X::ChecksRequested, X::Closed],
        &[D::QuestionAsked, D::ReplyDueDate]),
    row(X::Acknowledged, "Acknowledged", G::WithAuthorities, "Date acknowledged",
        &[X::Answered, X::Closed], &[D::OtherSideReference]).outgoing(),
    row(X::Answered, "Answered", G::Execution, "Date answered", &[X::Closed],
        &[D::CheckResult, D::DisclosureLogged])
        .optional(&[D::Convictions]),
    closed(X::Closed, "Closed", CLOSURE),
    closed(X::Declined, "Declined", CLOSURE).incoming(),
    closed(X::Abandoned, "Abandoned", CLOSURE),
];
table_impl!(ConvictionState, CONVICTION);

// Service providers (§10): always our request to a provider (outgoing; `CaseKind::directions`).
// Additions: WITHDRAWN is terminal without a way in; we may withdraw
// from any open state before the data comes.
use ProviderState as P;
#[rustfmt::skip]
const PROVIDER: &[StateRule<ProviderState>] = &[
    row(P::Identified, "Identified", G::Preparation, "Date opened",
        &[P::PreservationSent, P::DisclosureRequested, P::Withdrawn], &[])
        .facts(&[F::Facts]),
    row(P::PreservationSent, "Preservation sent", G::WithAuthorities, "Date sent",
        &[P::PreservationConfirmed, P::Refused, P::Withdrawn], &[D::Route]),
    row(P::PreservationConfirmed, "Preservation confirmed", G::WithAuthorities,
        "Confirmation date",
        &[P::Extended, P::DisclosureRequested, P::DataLost, P::Withdrawn],
        &[D::OtherSideReference]),
    row(P::Extended, "Preservation extended", G::WithAuthorities, "Date renewed",
        &[P::DisclosureRequested, P::DataLost, P::Withdrawn], &[D::ExtensionBasis])
        .optional(&[D::NewExpiry]),
    row(P::DisclosureRequested, "Disclosure requested", G::Decision, "Date requested",
        &[P::Disclosed, P::Partial, P::Refused, P::DataLost, P::Withdrawn], &[D::Route])
        .optional(&[D::OpoMadeDate]),
    row(P::Disclosed, "Disclosed", G::Execution, "Date received", &[P::Closed],
        &[D::DataReceived, D::DataHash]),
    row(P::Partial, "Partly disclosed", G::Execution, "Date received", &[P::Closed],
        &[D::DataReceived, D::DataHash]),
    closed(P::Closed, "Closed", CLOSURE),
    closed(P::Refused, "Refused", &[D::RefusalGrounds]),
    closed(P::DataLost, "Data lost", CLOSURE),
    closed(P::Withdrawn, "Withdrawn", CLOSURE),
];
table_impl!(ProviderState, PROVIDER);

// Police-to-police enquiries (§11): sent by an outgoing case, received by an incoming one.
// Additions: DRAFT, so that sending (or receiving) is a
// transition that starts the reply clock; an acknowledged enquiry may still go unanswered or be
// withdrawn.
use EnquiryState as Q;
#[rustfmt::skip]
const ENQUIRY: &[StateRule<EnquiryState>] = &[
    row(Q::Draft, "Draft", G::Preparation, "Date opened",
        &[Q::Sent, Q::Received, Q::Withdrawn], &[])
        .facts(&[F::Facts]),
    row(Q::Sent, "Sent", G::WithAuthorities, "Date sent",
        &[Q::Acknowledged, Q::Answered, Q::NoReplyClosed, Q::Withdrawn],
        &[D::Channel, D::Counterpart, D::QuestionAsked])
        .optional(&[D::ReplyDueDate]).outgoing(),
    row(Q::Received, "Received", G::WithAuthorities, "Date received",
        &[Q::Acknowledged, Q::Answered, Q::NoReplyClosed, Q::Withdrawn],
        &[D::Channel, D::OtherSideReference, D::Counterpart, D::QuestionAsked])
        .optional(&[D::ReplyDueDate]).incoming(),
    row(Q::Acknowledged, "Acknowledged", G::WithAuthorities, "Date acknowledged",
        &[Q::Answered, Q::Partial, Q::ConvertedToMla, Q::NoReplyClosed, Q::Withdrawn],
        &[D::OtherSideReference]),
    row(Q::Answered, "Answered", G::Execution, "Date answered",
        &[Q::Closed, Q::ConvertedToMla], &[D::Supplied, D::UseCondition]),
    row(Q::Partial, "Partly answered", G::Execution, "Date answered",
        &[Q::Closed, Q::ConvertedToMla], &[D::Supplied, D::UseCondition]),
    row(Q::ConvertedToMla, "Converted to an MLA request", G::Execution, "Date converted",
        &[Q::Closed], &[]),
    closed(Q::Closed, "Closed", CLOSURE),
    closed(Q::NoReplyClosed, "Closed: no reply", &[]),
    closed(Q::Withdrawn, "Withdrawn", CLOSURE),
];
table_impl!(EnquiryState, ENQUIRY);

// Offender notifications and travel alerts (§12): travel notified and an alert sent out is an
// outgoing case, an alert received and acted on an incoming one. Additions: OPENED, so that the travel
// notification (out) or the alert (in) is a transition that starts its clocks; CLOSED and
// NO_ALERT are the terminals the table names.
use AlertState as O;
#[rustfmt::skip]
const ALERT: &[StateRule<AlertState>] = &[
    row(O::Opened, "Opened", G::Preparation, "Date opened",
        &[O::TravelNotified, O::AlertReceived], &[])
        .facts(&[F::Subject]),
    row(O::TravelNotified, "Travel notified", G::Preparation, "Date recorded",
        &[O::RiskAssessed], &[D::NotifiedOn, D::DepartureDate, D::Destination])
        .optional(&[D::ReturnDate]).outgoing(),
    row(O::RiskAssessed, "Risk assessed", G::Decision, "Date assessed",
        &[O::AlertRequested, O::NoAlert], &[D::RiskLevel, D::Assessor]).outgoing(),
    row(O::AlertRequested, "Alert requested", G::WithAuthorities, "Date requested",
        &[O::AlertSent], &[D::AlertType]).outgoing(),
    row(O::AlertSent, "Alert sent", G::WithAuthorities, "Date published",
        &[O::Acknowledged, O::TravelCompleted], &[D::NoticeNumber]).outgoing(),
    row(O::Acknowledged, "Acknowledged", G::WithAuthorities, "Date acknowledged",
        &[O::TravelCompleted], &[D::OtherSideReference]).outgoing(),
    row(O::TravelCompleted, "Travel completed", G::Execution, "Return date", &[O::Closed], &[])
        .outgoing(),
    row(O::AlertReceived, "Alert received", G::WithAuthorities, "Date received",
        &[O::Checked], &[D::Sender, D::OtherSideReference]).incoming(),
    row(O::Checked, "Checked", G::Decision, "Date checked", &[O::Actioned], &[D::ChecksMade])
        .incoming(),
    row(O::Actioned, "Actioned", G::Execution, "Date actioned", &[O::Closed], &[D::ActionTaken])
        .incoming(),
    closed(O::Closed, "Closed", &[]),
    closed(O::NoAlert, "Closed: no alert", CLOSURE).outgoing(),
];
table_impl!(AlertState, ALERT);

impl Status {
    /// A state on the incoming branch of a workstream: a request, an enquiry or an alert
    /// received from the other side.
    pub fn is_received(self) -> bool {
        matches!(
            self,
            Status::Conviction(ConvictionState::Received)
                | Status::Enquiry(EnquiryState::Received)
                | Status::Alert(AlertState::AlertReceived)
        )
    }

    /// An offender's risk assessment, which never goes in a partner's export (§12).
    pub fn is_risk_assessment(self) -> bool {
        self == Status::Alert(AlertState::RiskAssessed)
    }
}

impl CaseKind {
    /// The directions a kind's table has a way through: a request to a communication service
    /// provider is always ours (§10); every other kind goes both ways (returns under the
    /// reciprocal 2022 arrangement, the other workstreams by the branch of their table).
    pub const fn directions(self) -> &'static [Direction] {
        match self {
            CaseKind::ServiceProvider => &[Direction::Outgoing],
            _ => &[Direction::Incoming, Direction::Outgoing],
        }
    }
}
