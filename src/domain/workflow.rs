//! The three status workflows of `docs/law.md` §4, as data.
//!
//! One `Copy` enum per workflow's state set, and one table per workflow listing for each state
//! where it may go next, what a transition into it must record, what the case must carry, and
//! whether entering it is gated by the checklist and assurances. Deadline clocks are listed in
//! [`crate::domain::clock`] against these states, so this file is the one place for the
//! workflows. Where `docs/law.md` leaves a state without a row or a terminal state unreachable, the
//! table adds the smallest lawful completion and says so in a comment.

use super::dates::DateKind;
use super::details::Direction;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which of the three workflows a case follows (`docs/law.md` §4 A, B, C).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Workflow {
    /// A. Extradition, incoming to the UK (Pakistan → UK, via s.194).
    ExtraditionIncoming,
    /// B. Extradition, outgoing from the UK (UK → Pakistan).
    ExtraditionOutgoing,
    /// C. MLA request, either direction.
    MutualLegalAssistance,
    /// Returns: removal or deportation to Pakistan (`../shared/domain.md` §8).
    Returns,
    /// Conviction-data exchange, four flows (§9).
    ConvictionData,
    /// Requests to communication service providers (§10).
    ServiceProvider,
    /// Informal police-to-police enquiries (§11).
    PoliceEnquiry,
    /// Sex-offender travel notifications and alerts (§12).
    OffenderAlert,
}

impl Workflow {
    pub const ALL: [Workflow; 8] = [
        Workflow::ExtraditionIncoming,
        Workflow::ExtraditionOutgoing,
        Workflow::MutualLegalAssistance,
        Workflow::Returns,
        Workflow::ConvictionData,
        Workflow::ServiceProvider,
        Workflow::PoliceEnquiry,
        Workflow::OffenderAlert,
    ];

    /// The state a new case of this workflow starts in.
    pub fn initial(self) -> Status {
        match self {
            Workflow::ExtraditionIncoming => Status::Incoming(IncomingState::PreRequest),
            Workflow::ExtraditionOutgoing => Status::Outgoing(OutgoingState::SubjectLocatedAbroad),
            Workflow::MutualLegalAssistance => Status::Mla(MlaState::Draft),
            Workflow::Returns => Status::Returns(ReturnsState::Referred),
            Workflow::ConvictionData => Status::Conviction(ConvictionState::Draft),
            Workflow::ServiceProvider => Status::Provider(ProviderState::Identified),
            Workflow::PoliceEnquiry => Status::Enquiry(EnquiryState::Draft),
            Workflow::OffenderAlert => Status::Alert(AlertState::Opened),
        }
    }

    /// Every state of this workflow, in table order.
    pub fn states(self) -> Vec<Status> {
        match self {
            Workflow::ExtraditionIncoming => {
                INCOMING.iter().map(|r| Status::Incoming(r.state)).collect()
            }
            Workflow::ExtraditionOutgoing => {
                OUTGOING.iter().map(|r| Status::Outgoing(r.state)).collect()
            }
            Workflow::MutualLegalAssistance => MLA.iter().map(|r| Status::Mla(r.state)).collect(),
            Workflow::Returns => all_of(Status::Returns),
            Workflow::ConvictionData => all_of(Status::Conviction),
            Workflow::ServiceProvider => all_of(Status::Provider),
            Workflow::PoliceEnquiry => all_of(Status::Enquiry),
            Workflow::OffenderAlert => all_of(Status::Alert),
        }
    }
}

/// Every state of a table, in table order, as a [`Status`].
fn all_of<S: WorkflowState>(status: fn(S) -> Status) -> Vec<Status> {
    S::TABLE.iter().map(|r| status(r.state)).collect()
}

impl fmt::Display for Workflow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Workflow::ExtraditionIncoming => "Extradition, incoming",
            Workflow::ExtraditionOutgoing => "Extradition, outgoing",
            Workflow::MutualLegalAssistance => "Mutual legal assistance",
            Workflow::Returns => "Returns",
            Workflow::ConvictionData => "Conviction-data exchange",
            Workflow::ServiceProvider => "Service-provider request",
            Workflow::PoliceEnquiry => "Police-to-police enquiry",
            Workflow::OffenderAlert => "Offender notification or travel alert",
        })
    }
}

/// Broad groups of states, for the register's facet and the dashboard's counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum StatusGroup {
    Preparation,
    WithAuthorities,
    InCourt,
    Decision,
    Execution,
    OnHold,
    Closed,
}

impl StatusGroup {
    pub const ALL: [StatusGroup; 7] = [
        StatusGroup::Preparation,
        StatusGroup::WithAuthorities,
        StatusGroup::InCourt,
        StatusGroup::Decision,
        StatusGroup::Execution,
        StatusGroup::OnHold,
        StatusGroup::Closed,
    ];
}

impl fmt::Display for StatusGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StatusGroup::Preparation => "Preparation",
            StatusGroup::WithAuthorities => "With the authorities",
            StatusGroup::InCourt => "In court",
            StatusGroup::Decision => "Awaiting decision",
            StatusGroup::Execution => "Surrender or execution",
            StatusGroup::OnHold => "On hold",
            StatusGroup::Closed => "Closed",
        })
    }
}

/// What a transition must record besides its effective date, reason and documents. Each key
/// knows its label and the kind of value it takes, so the window builds the form from the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Detail {
    UrgencyReason,
    WarrantDetails,
    ArrestTime,
    Court,
    CustodyOrBail,
    Channel,
    CertificateTerms,
    Remand,
    FixedHearingDate,
    Findings,
    DatePersonTold,
    LeaveToAppeal,
    ReviewDate,
    ClosureReason,
    DomesticWarrant,
    NoticeType,
    NoticeNumber,
    NoteVerbale,
    PakistanFileNumber,
    InquiryMagistrate,
    PrimaFacieFinding,
    PetitionNumber,
    InformationRequested,
    Signatory,
    OtherSideReference,
    QuestionAsked,
    ReplyDueDate,
    ExecutingAuthority,
    ItemsDelivered,
    Authentication,
    UseLimitations,
    ReturnByDate,
    RefusalGrounds,
    SopCategory,
    Mission,
    DocumentsSent,
    VerificationReference,
    ConfirmingBody,
    EtdNumber,
    EtdExpiry,
    PlannedRemovalDate,
    Flight,
    Escorts,
    NoticeServedDate,
    MissionInformedDate,
    BarrierGrounds,
    DecisionSentDate,
    FailureReason,
    HomeOfficeControl,
    DepartureTime,
    ArrivalAirport,
    FiaHandover,
    FirNumber,
    PassportCancelled,
    PclReference,
    TransferCondition,
    Sender,
    CheckedWith,
    CheckResult,
    Convictions,
    DisclosureLogged,
    Route,
    NewExpiry,
    ExtensionBasis,
    OpoMadeDate,
    DataReceived,
    DataHash,
    Counterpart,
    Supplied,
    UseCondition,
    NotifiedOn,
    DepartureDate,
    Destination,
    ReturnDate,
    RiskLevel,
    Assessor,
    AlertType,
    ChecksMade,
    ActionTaken,
}

/// Every detail, for look-ups by name (the command line's `--detail NAME=VALUE`).
pub const ALL_DETAILS: &[Detail] = &[
    Detail::UrgencyReason,
    Detail::WarrantDetails,
    Detail::ArrestTime,
    Detail::Court,
    Detail::CustodyOrBail,
    Detail::Channel,
    Detail::CertificateTerms,
    Detail::Remand,
    Detail::FixedHearingDate,
    Detail::Findings,
    Detail::DatePersonTold,
    Detail::LeaveToAppeal,
    Detail::ReviewDate,
    Detail::ClosureReason,
    Detail::DomesticWarrant,
    Detail::NoticeType,
    Detail::NoticeNumber,
    Detail::NoteVerbale,
    Detail::PakistanFileNumber,
    Detail::InquiryMagistrate,
    Detail::PrimaFacieFinding,
    Detail::PetitionNumber,
    Detail::InformationRequested,
    Detail::Signatory,
    Detail::OtherSideReference,
    Detail::QuestionAsked,
    Detail::ReplyDueDate,
    Detail::ExecutingAuthority,
    Detail::ItemsDelivered,
    Detail::Authentication,
    Detail::UseLimitations,
    Detail::ReturnByDate,
    Detail::RefusalGrounds,
    Detail::SopCategory,
    Detail::Mission,
    Detail::DocumentsSent,
    Detail::VerificationReference,
    Detail::ConfirmingBody,
    Detail::EtdNumber,
    Detail::EtdExpiry,
    Detail::PlannedRemovalDate,
    Detail::Flight,
    Detail::Escorts,
    Detail::NoticeServedDate,
    Detail::MissionInformedDate,
    Detail::BarrierGrounds,
    Detail::DecisionSentDate,
    Detail::FailureReason,
    Detail::HomeOfficeControl,
    Detail::DepartureTime,
    Detail::ArrivalAirport,
    Detail::FiaHandover,
    Detail::FirNumber,
    Detail::PassportCancelled,
    Detail::PclReference,
    Detail::TransferCondition,
    Detail::Sender,
    Detail::CheckedWith,
    Detail::CheckResult,
    Detail::Convictions,
    Detail::DisclosureLogged,
    Detail::Route,
    Detail::NewExpiry,
    Detail::ExtensionBasis,
    Detail::OpoMadeDate,
    Detail::DataReceived,
    Detail::DataHash,
    Detail::Counterpart,
    Detail::Supplied,
    Detail::UseCondition,
    Detail::NotifiedOn,
    Detail::DepartureDate,
    Detail::Destination,
    Detail::ReturnDate,
    Detail::RiskLevel,
    Detail::Assessor,
    Detail::AlertType,
    Detail::ChecksMade,
    Detail::ActionTaken,
];

/// The kind of value a [`Detail`] takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DetailKind {
    Text,
    Date,
    /// A time of day, `HH:MM`.
    Time,
}

impl Detail {
    /// The detail an officer names in text (`--detail NAME=VALUE`): its label or its name,
    /// ignoring case, spaces and punctuation ("Time of arrest", "time-of-arrest", "ArrestTime").
    pub fn named(name: &str) -> Option<Detail> {
        let key = |s: &str| {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        };
        let wanted = key(name);
        ALL_DETAILS
            .iter()
            .copied()
            .find(|d| key(d.label()) == wanted || key(&format!("{d:?}")) == wanted)
    }

    pub fn label(self) -> &'static str {
        match self {
            Detail::UrgencyReason => "Reason for urgency",
            Detail::WarrantDetails => "Warrant details",
            Detail::ArrestTime => "Time of arrest",
            Detail::Court => "Court",
            Detail::CustodyOrBail => "Custody or bail",
            Detail::Channel => "Channel",
            Detail::CertificateTerms => "Terms of the arrangement",
            Detail::Remand => "Remand",
            Detail::FixedHearingDate => "Extradition hearing fixed for",
            Detail::Findings => "Findings on bars, case to answer and human rights",
            Detail::DatePersonTold => "Date the person was told of the order",
            Detail::LeaveToAppeal => "Leave to appeal",
            Detail::ReviewDate => "Review date",
            Detail::ClosureReason => "Closure reason",
            Detail::DomesticWarrant => "Domestic warrant or charge",
            Detail::NoticeType => "Notice type (Red Notice, Diffusion)",
            Detail::NoticeNumber => "Notice number",
            Detail::NoteVerbale => "Note verbale reference",
            Detail::PakistanFileNumber => "Pakistani file number",
            Detail::InquiryMagistrate => "Inquiry Magistrate",
            Detail::PrimaFacieFinding => "Prima facie finding",
            Detail::PetitionNumber => "Petition number",
            Detail::InformationRequested => "Information requested",
            Detail::Signatory => "Signatory (prosecutor or court)",
            Detail::OtherSideReference => "Other side's reference",
            Detail::QuestionAsked => "Question asked",
            Detail::ReplyDueDate => "Reply due by",
            Detail::ExecutingAuthority => "Executing authority or nominated court",
            Detail::ItemsDelivered => "Items delivered",
            Detail::Authentication => "Authentication",
            Detail::UseLimitations => "Use limitations",
            Detail::ReturnByDate => "Evidence to be returned by",
            Detail::RefusalGrounds => "Grounds of refusal",
            Detail::SopCategory => "SOP category (A, B or C)",
            Detail::Mission => "Pakistan Mission",
            Detail::DocumentsSent => "Documents sent (CNIC/NICOP, passport, fingerprints)",
            Detail::VerificationReference => "NADRA/IMPASS or MOI reference",
            Detail::ConfirmingBody => "Confirming body",
            Detail::EtdNumber => "ETD number",
            Detail::EtdExpiry => "ETD expires on",
            Detail::PlannedRemovalDate => "Planned removal date",
            Detail::Flight => "Flight",
            Detail::Escorts => "Escorts",
            Detail::NoticeServedDate => "Notice of intention to remove served on",
            Detail::MissionInformedDate => "Date the Mission was informed",
            Detail::BarrierGrounds => {
                "Barrier (appeal, judicial review, asylum or human-rights claim, medical)"
            }
            Detail::DecisionSentDate => "Date the decision was sent",
            Detail::FailureReason => "Why the removal failed",
            Detail::HomeOfficeControl => "Inside or outside Home Office control",
            Detail::DepartureTime => "Time of departure",
            Detail::ArrivalAirport => "Arrival airport",
            Detail::FiaHandover => "FIA handover",
            Detail::FirNumber => "FIR number",
            Detail::PassportCancelled => "Passport cancelled",
            Detail::PclReference => "DGI&P reference",
            Detail::TransferCondition => "Transfer condition (DPA 2018 s.73)",
            Detail::Sender => "Sender",
            Detail::CheckedWith => "Checked with (ACRO/PNC, NADRA, police)",
            Detail::CheckResult => "Result (trace, no trace or not possible)",
            Detail::Convictions => "Convictions (court, date, offence, sentence, UK equivalent)",
            Detail::DisclosureLogged => "Disclosure logged (DPA 2018 s.62)",
            Detail::Route => "Route",
            Detail::NewExpiry => "New expiry",
            Detail::ExtensionBasis => "Basis of the extension",
            Detail::OpoMadeDate => "Overseas Production Order made on",
            Detail::DataReceived => "Contents received",
            Detail::DataHash => "Hash of the data",
            Detail::Counterpart => "Counterpart and contact",
            Detail::Supplied => "What was supplied",
            Detail::UseCondition => "Use condition (e.g. intelligence only)",
            Detail::NotifiedOn => "Travel notified on",
            Detail::DepartureDate => "Departure date",
            Detail::Destination => "Destination and arrival point",
            Detail::ReturnDate => "Return date",
            Detail::RiskLevel => "Risk level",
            Detail::Assessor => "Assessor",
            Detail::AlertType => "Green Notice or diffusion",
            Detail::ChecksMade => "Checks (PNC, ViSOR, NSOR)",
            Detail::ActionTaken => "Border or police action",
        }
    }

    pub fn kind(self) -> DetailKind {
        match self {
            Detail::FixedHearingDate
            | Detail::DatePersonTold
            | Detail::ReviewDate
            | Detail::ReplyDueDate
            | Detail::ReturnByDate
            | Detail::EtdExpiry
            | Detail::PlannedRemovalDate
            | Detail::NoticeServedDate
            | Detail::MissionInformedDate
            | Detail::DecisionSentDate
            | Detail::NewExpiry
            | Detail::OpoMadeDate
            | Detail::NotifiedOn
            | Detail::DepartureDate
            | Detail::ReturnDate => DetailKind::Date,
            Detail::ArrestTime | Detail::DepartureTime => DetailKind::Time,
            _ => DetailKind::Text,
        }
    }

    /// What a date detail records: the day the person was told has happened; the others are
    /// days fixed ahead.
    pub fn date_kind(self) -> DateKind {
        match self {
            Detail::DatePersonTold
            | Detail::NoticeServedDate
            | Detail::MissionInformedDate
            | Detail::DecisionSentDate
            | Detail::OpoMadeDate
            | Detail::NotifiedOn => DateKind::Happened,
            _ => DateKind::Scheduled,
        }
    }

    /// Whether the date cannot be before the move it is recorded with: a day fixed ahead, and
    /// the day the person was told of the order the move records (told once it is made). The
    /// other days that happened (a notice served, a decision sent, the Mission informed) often
    /// come before the officer records the move (`docs/law.md` §4A, "Dates recorded with a
    /// move").
    pub fn follows_the_move(self) -> bool {
        self == Detail::DatePersonTold || self.date_kind() == DateKind::Scheduled
    }
}

/// Something the case itself must carry before it may enter (or, for a workflow's first state,
/// leave) a state. Missing facts block the transition unless overridden with a reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CaseFact {
    /// A requested person or suspect among the parties.
    Subject,
    /// At least one offence.
    Offence,
    /// The requesting authority is named.
    RequestingAuthority,
    /// A summary of the facts.
    Facts,
    /// At least one type of assistance sought (MLA).
    AssistanceTypes,
    /// Whether the death penalty is available has been assessed for every offence.
    DeathPenaltyAssessed,
    /// Dual criminality assessed for every offence when coercive measures are sought.
    DualCriminalityForCoerciveMeasures,
    /// No asylum claim of the requested person still pending (EA 2003 s.121).
    NoAsylumClaimPending,
    /// Returns: nationality confirmed (the case stands past NATIONALITY_CONFIRMED; SOP para 2).
    NationalityConfirmed,
    /// Returns: a valid passport recorded, or an emergency travel document issued.
    TravelDocument,
    /// Conviction data: biometrics go only with a sensitive-processing condition recorded
    /// (DPA 2018 s.35, Schedule 8).
    ProcessingConditionForBiometrics,
}

impl CaseFact {
    pub fn label(self) -> &'static str {
        match self {
            CaseFact::Subject => "a requested person or suspect",
            CaseFact::Offence => "at least one offence",
            CaseFact::RequestingAuthority => "the requesting authority",
            CaseFact::Facts => "a summary of the facts",
            CaseFact::AssistanceTypes => "the types of assistance sought",
            CaseFact::DeathPenaltyAssessed => "a death penalty assessment for each offence",
            CaseFact::DualCriminalityForCoerciveMeasures => {
                "a dual criminality assessment for each offence (coercive measures are sought)"
            }
            CaseFact::NoAsylumClaimPending => {
                "every asylum claim finally determined: no surrender while one is pending (EA 2003 s.121)"
            }
            CaseFact::NationalityConfirmed => "nationality confirmed (NADRA and IMPASS)",
            CaseFact::TravelDocument => "a valid passport or an emergency travel document",
            CaseFact::ProcessingConditionForBiometrics => {
                "a sensitive-processing condition for the biometrics (DPA 2018 s.35)"
            }
        }
    }
}

/// One row of a workflow table.
#[derive(Debug)]
pub struct StateRule<S: 'static> {
    pub state: S,
    pub label: &'static str,
    pub group: StatusGroup,
    /// The label of the transition's effective date on entry ("Date received", "Arrest date").
    pub date_label: &'static str,
    pub next: &'static [S],
    /// Details a transition into this state must record.
    pub records: &'static [Detail],
    /// Details a transition into this state may record.
    pub optional: &'static [Detail],
    /// What the case must carry to be in this state.
    pub facts: &'static [CaseFact],
    /// Entry is blocked while a required checklist item or assurance is missing (`docs/law.md` §4:
    /// transitions into SENT_TO_SOS, ISSUED and TRANSMITTED).
    pub gated: bool,
    pub terminal: bool,
    /// The one direction whose cases pass through this state (a request received is an
    /// incoming case's); `None` for states of both.
    pub branch: Option<Direction>,
}

/// The state machine of one workflow, implemented by each state enum over its table.
pub trait WorkflowState: Copy + Eq + fmt::Debug + 'static {
    const TABLE: &'static [StateRule<Self>];
    /// The state's place in its enum, which is its row in `TABLE` (checked by a test).
    fn index(self) -> usize;
    /// The state's row: found at its index (every status of every case asks, at every open),
    /// searched for should the table ever be reordered.
    fn rule(self) -> &'static StateRule<Self> {
        match Self::TABLE.get(self.index()) {
            Some(r) if r.state == self => r,
            _ => Self::TABLE
                .iter()
                .find(|r| r.state == self)
                .unwrap_or(&Self::TABLE[0]),
        }
    }
}

macro_rules! table_impl {
    ($state:ident, $table:ident) => {
        impl $crate::domain::workflow::WorkflowState for $state {
            const TABLE: &'static [$crate::domain::workflow::StateRule<Self>] = $table;
            fn index(self) -> usize {
                self as usize
            }
        }
    };
}

pub(super) use table_impl;

/// States of workflow A: extradition incoming to the UK.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum IncomingState {
    PreRequest,
    PaRequested,
    PaArrested,
    RequestReceived,
    SpecialArrangementCertified,
    RequestCertified,
    WarrantIssued,
    Arrested,
    InitialHearing,
    Consented,
    ExtraditionHearing,
    SentToSos,
    SosOrdered,
    AppealHc,
    AppealSc,
    ScLeaveSought,
    StateAppeal,
    AwaitingSurrender,
    Deferred,
    Adjourned,
    Postponed,
    Surrendered,
    Discharged,
    Withdrawn,
    NotCertified,
    SubjectNotLocated,
    ClosedAlternativeRemoval,
    ClosedNoAction,
}

/// States of workflow B: extradition outgoing from the UK.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum OutgoingState {
    SubjectLocatedAbroad,
    NoticeRequested,
    NoticePublished,
    FileInPreparation,
    PaRequested,
    PaArrestedAbroad,
    RequestIssued,
    Transmitted,
    ReturnedForInfo,
    UnderConsideration,
    InquiryOrdered,
    FugitiveArrested,
    InquiryReported,
    SurrenderOrdered,
    WritPending,
    Surrendered,
    Refused,
    Discharged,
    Withdrawn,
    Lapsed,
    SubjectNotLocated,
    ClosedAlternative,
    Closed,
}

/// States of workflow C: a mutual legal assistance request, either direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MlaState {
    Draft,
    InReview,
    Issued,
    Transmitted,
    Acknowledged,
    UnderConsideration,
    FurtherInfoRequested,
    Accepted,
    InExecution,
    PartiallyExecuted,
    Executed,
    EvidenceReceived,
    Closed,
    Refused,
    ReturnedDeficient,
    Withdrawn,
    Lapsed,
    Abandoned,
}

use CaseFact as F;
use Detail as D;
use StatusGroup as G;

pub(super) const fn row<S>(
    state: S,
    label: &'static str,
    group: StatusGroup,
    date_label: &'static str,
    next: &'static [S],
    records: &'static [Detail],
) -> StateRule<S> {
    StateRule {
        state,
        label,
        group,
        date_label,
        next,
        records,
        optional: &[],
        facts: &[],
        gated: false,
        terminal: false,
        branch: None,
    }
}

impl<S> StateRule<S> {
    pub(super) const fn facts(mut self, facts: &'static [CaseFact]) -> Self {
        self.facts = facts;
        self
    }
    pub(super) const fn optional(mut self, optional: &'static [Detail]) -> Self {
        self.optional = optional;
        self
    }
    pub(super) const fn gated(mut self) -> Self {
        self.gated = true;
        self
    }
    /// Only incoming cases pass through this state.
    pub(super) const fn incoming(mut self) -> Self {
        self.branch = Some(Direction::Incoming);
        self
    }
    /// Only outgoing cases pass through this state.
    pub(super) const fn outgoing(mut self) -> Self {
        self.branch = Some(Direction::Outgoing);
        self
    }
}

pub(super) const fn closed<S>(
    state: S,
    label: &'static str,
    records: &'static [Detail],
) -> StateRule<S> {
    StateRule {
        state,
        label,
        group: StatusGroup::Closed,
        date_label: "Date closed",
        next: &[],
        records,
        optional: &[],
        facts: &[],
        gated: false,
        terminal: true,
        branch: None,
    }
}

pub(super) const CLOSURE: &[Detail] = &[D::ClosureReason];

// Workflow A (`docs/law.md` §4A). Additions: CLOSED_ALTERNATIVE_REMOVAL (the 2022 returns
// arrangement, §1) is listed as terminal without a way in; it is reachable from the states
// after a provisional arrest or the request, up to the hearing. WITHDRAWN, which the table
// allows from some states, is allowed from every open state up to surrender: the requesting
// state may withdraw its request at any time.
use IncomingState as A;
#[rustfmt::skip]
const INCOMING: &[StateRule<IncomingState>] = &[
    row(A::PreRequest, "Pre-request", G::Preparation, "Date opened",
        &[A::PaRequested, A::RequestReceived, A::ClosedNoAction], &[])
        .facts(&[F::Subject, F::Offence, F::RequestingAuthority]),
    row(A::PaRequested, "Provisional arrest requested", G::WithAuthorities, "Date requested",
        &[A::PaArrested, A::RequestReceived, A::Withdrawn],
        &[D::UrgencyReason, D::WarrantDetails]),
    row(A::PaArrested, "Provisionally arrested", G::InCourt, "Arrest date",
        &[A::RequestReceived, A::Discharged, A::Withdrawn, A::ClosedAlternativeRemoval],
        &[D::ArrestTime, D::Court, D::CustodyOrBail]),
    row(A::RequestReceived, "Request received", G::WithAuthorities, "Date received",
        &[A::SpecialArrangementCertified, A::NotCertified, A::Withdrawn,
          A::ClosedAlternativeRemoval],
        &[D::Channel]),
    row(A::SpecialArrangementCertified, "Special arrangement certified (s.194)",
        G::WithAuthorities, "Certificate date",
        &[A::RequestCertified, A::Withdrawn, A::ClosedAlternativeRemoval],
        &[D::CertificateTerms]),
    row(A::RequestCertified, "Request certified", G::WithAuthorities, "Certificate date",
        &[A::WarrantIssued, A::InitialHearing, A::Withdrawn, A::ClosedAlternativeRemoval], &[]),
    row(A::WarrantIssued, "Warrant issued", G::WithAuthorities, "Warrant date",
        &[A::Arrested, A::SubjectNotLocated, A::Withdrawn, A::ClosedAlternativeRemoval], &[]),
    row(A::Arrested, "Arrested", G::InCourt, "Arrest date",
        &[A::InitialHearing, A::Withdrawn, A::ClosedAlternativeRemoval], &[D::ArrestTime]),
    row(A::InitialHearing, "Initial hearing", G::InCourt, "Hearing date",
        &[A::ExtraditionHearing, A::Consented, A::Discharged, A::Withdrawn,
          A::ClosedAlternativeRemoval],
        &[D::Remand, D::FixedHearingDate]),
    row(A::Consented, "Consented (s.127)", G::InCourt, "Date of written consent",
        &[A::SentToSos, A::Withdrawn], &[]),
    row(A::ExtraditionHearing, "Extradition hearing", G::InCourt, "Hearing date",
        &[A::SentToSos, A::Discharged, A::Adjourned, A::Withdrawn, A::ClosedAlternativeRemoval],
        &[D::Findings]),
    row(A::SentToSos, "Sent to the Secretary of State", G::Decision, "Date sent",
        &[A::SosOrdered, A::Discharged, A::Withdrawn, A::Deferred], &[])
        .gated(),
    row(A::SosOrdered, "Extradition ordered", G::Decision, "Order date",
        &[A::AppealHc, A::AwaitingSurrender, A::Withdrawn], &[D::DatePersonTold]),
    row(A::AppealHc, "Appeal to the High Court", G::InCourt, "Date lodged",
        &[A::AwaitingSurrender, A::Discharged, A::AppealSc, A::Withdrawn], &[D::LeaveToAppeal]),
    row(A::AppealSc, "Appeal to the Supreme Court", G::InCourt, "Date leave granted",
        &[A::AwaitingSurrender, A::Discharged, A::Withdrawn], &[]),
    // After the High Court's decision either side may seek leave to appeal to the Supreme
    // Court (s.114): granted, the appeal follows; refused, the decision stands.
    row(A::ScLeaveSought, "Leave to appeal to the Supreme Court sought", G::InCourt,
        "Date applied", &[A::AppealSc, A::AwaitingSurrender, A::Discharged, A::Withdrawn], &[]),
    // The requesting state's appeal against a discharge (ss.105, 110): allowed, the case goes
    // back to the judge (s.106) or extradition is ordered (s.111); dismissed, it stays
    // discharged.
    row(A::StateAppeal, "Requesting state's appeal against discharge", G::InCourt,
        "Date lodged", &[A::ExtraditionHearing, A::AwaitingSurrender, A::Discharged,
          A::ScLeaveSought, A::Withdrawn], &[]),
    row(A::AwaitingSurrender, "Awaiting surrender", G::Execution, "Final decision date",
        &[A::Surrendered, A::Discharged, A::Postponed, A::ScLeaveSought, A::Withdrawn], &[]),
    // Holds go back to the one state they are entered from ("back to the state before"); the
    // request may also be withdrawn while on hold.
    row(A::Deferred, "Deferred", G::OnHold, "Date deferred", &[A::SentToSos, A::Withdrawn],
        &[D::ReviewDate]),
    row(A::Adjourned, "Adjourned", G::OnHold, "Date adjourned",
        &[A::ExtraditionHearing, A::Withdrawn], &[D::ReviewDate]),
    row(A::Postponed, "Surrender postponed", G::OnHold, "Date postponed",
        &[A::AwaitingSurrender, A::Withdrawn], &[D::ReviewDate]),
    // A pending asylum claim bars surrender (s.121; `docs/law.md` §4A).
    closed(A::Surrendered, "Surrendered", &[]).facts(&[F::NoAsylumClaimPending]),
    // A discharge may still be appealed by the requesting state, or leave sought after the
    // High Court's decision (`docs/law.md` §4A): the only closed state that leads on.
    StateRule { next: &[A::StateAppeal, A::ScLeaveSought],
        ..closed(A::Discharged, "Discharged", CLOSURE) },
    closed(A::Withdrawn, "Withdrawn", CLOSURE),
    closed(A::NotCertified, "Not certified", CLOSURE),
    closed(A::SubjectNotLocated, "Subject not located", CLOSURE),
    closed(A::ClosedAlternativeRemoval, "Closed: alternative removal", CLOSURE),
    closed(A::ClosedNoAction, "Closed: no action", CLOSURE),
];
table_impl!(IncomingState, INCOMING);

/// Moves the tables allow only after certain states, which a table (without memory) cannot say:
/// the target, and the states the case must stand in or have come to its current state from
/// (`docs/law.md` §4A). The requesting state appeals a discharge at the extradition hearing
/// (s.105) or by the Secretary of State (s.110), once; leave to appeal to the Supreme Court is
/// sought after the High Court's decision on either side's appeal (s.114).
pub const ONLY_AFTER: &[(Status, &[Status])] = &[
    (
        Status::Incoming(A::StateAppeal),
        &[
            Status::Incoming(A::ExtraditionHearing),
            Status::Incoming(A::SentToSos),
        ],
    ),
    (
        Status::Incoming(A::ScLeaveSought),
        &[
            Status::Incoming(A::AppealHc),
            Status::Incoming(A::StateAppeal),
        ],
    ),
];

impl Status {
    /// The states `self` may be entered only after ([`ONLY_AFTER`]); empty when any will do.
    pub fn only_after(self) -> &'static [Status] {
        ONLY_AFTER
            .iter()
            .find(|(to, _)| *to == self)
            .map_or(&[], |(_, after)| after)
    }

    /// Whether a case standing in `at`, come to it from `came_from`, may move on to `self` as
    /// far as the states before go ([`ONLY_AFTER`]).
    pub fn follows(self, at: Status, came_from: Option<Status>) -> bool {
        let after = self.only_after();
        after.is_empty() || after.contains(&at) || came_from.is_some_and(|s| after.contains(&s))
    }
}

// Workflow B (`docs/law.md` §4B). Additions: PA_ARRESTED_ABROAD and RETURNED_FOR_INFO are named as
// targets without rows; they get the obvious ones. SUBJECT_NOT_LOCATED and CLOSED are named as
// targets but not listed as terminal; they are. WITHDRAWN, LAPSED and CLOSED_ALTERNATIVE are
// terminal without a way in: the UK may withdraw or remove by other means from any open state
// after the subject is located, and a request lapses while it waits on Pakistan.
use OutgoingState as B;
#[rustfmt::skip]
const OUTGOING: &[StateRule<OutgoingState>] = &[
    row(B::SubjectLocatedAbroad, "Subject located abroad", G::Preparation, "Date opened",
        &[B::NoticeRequested, B::FileInPreparation, B::Closed], &[])
        .facts(&[F::Subject, F::Offence])
        .optional(&[D::DomesticWarrant]),
    row(B::NoticeRequested, "INTERPOL notice requested", G::WithAuthorities, "Date requested",
        &[B::NoticePublished, B::FileInPreparation, B::Withdrawn], &[D::NoticeType]),
    row(B::NoticePublished, "INTERPOL notice published", G::WithAuthorities, "Date published",
        &[B::FileInPreparation, B::PaRequested, B::Withdrawn, B::Lapsed], &[D::NoticeNumber]),
    row(B::FileInPreparation, "File in preparation", G::Preparation, "Date started",
        &[B::RequestIssued, B::Withdrawn, B::ClosedAlternative], &[]),
    row(B::PaRequested, "Provisional arrest requested", G::WithAuthorities, "Date requested",
        &[B::PaArrestedAbroad, B::RequestIssued, B::Withdrawn], &[D::UrgencyReason]),
    row(B::PaArrestedAbroad, "Provisionally arrested abroad", G::InCourt, "Arrest date",
        &[B::RequestIssued, B::Withdrawn, B::ClosedAlternative], &[]),
    row(B::RequestIssued, "Request issued", G::Preparation, "Issue date",
        &[B::Transmitted, B::Withdrawn], &[])
        .gated(),
    row(B::Transmitted, "Transmitted", G::WithAuthorities, "Date transmitted",
        &[B::UnderConsideration, B::ReturnedForInfo, B::Withdrawn, B::Lapsed],
        &[D::NoteVerbale])
        .gated(),
    row(B::ReturnedForInfo, "Returned for further information", G::Preparation,
        "Date returned", &[B::FileInPreparation, B::Transmitted, B::Withdrawn],
        &[D::InformationRequested]),
    row(B::UnderConsideration, "Under consideration in Pakistan", G::Decision,
        "Date registered", &[B::InquiryOrdered, B::Refused, B::ReturnedForInfo, B::Withdrawn,
          B::Lapsed], &[D::PakistanFileNumber]),
    row(B::InquiryOrdered, "Inquiry ordered (s.7)", G::InCourt, "Date ordered",
        &[B::FugitiveArrested, B::SubjectNotLocated, B::Withdrawn], &[D::InquiryMagistrate]),
    row(B::FugitiveArrested, "Fugitive arrested (s.8)", G::InCourt, "Arrest date",
        &[B::InquiryReported, B::Withdrawn], &[]),
    row(B::InquiryReported, "Inquiry reported (s.10)", G::Decision, "Date reported",
        &[B::SurrenderOrdered, B::Discharged, B::Withdrawn], &[D::PrimaFacieFinding]),
    row(B::SurrenderOrdered, "Surrender ordered (s.11)", G::Execution, "Order date",
        &[B::WritPending, B::Surrendered, B::Withdrawn], &[]),
    row(B::WritPending, "Constitutional writ pending", G::InCourt, "Date filed",
        &[B::SurrenderOrdered, B::Discharged], &[D::PetitionNumber]),
    closed(B::Surrendered, "Surrendered", &[]),
    closed(B::Refused, "Refused", &[D::RefusalGrounds]),
    closed(B::Discharged, "Discharged", CLOSURE),
    closed(B::Withdrawn, "Withdrawn", CLOSURE),
    closed(B::Lapsed, "Lapsed", CLOSURE),
    closed(B::SubjectNotLocated, "Subject not located", CLOSURE),
    closed(B::ClosedAlternative, "Closed: alternative to extradition", CLOSURE),
    closed(B::Closed, "Closed", CLOSURE),
];
table_impl!(OutgoingState, OUTGOING);

// Workflow C (`docs/law.md` §4C). Additions: WITHDRAWN from every open state after issue, LAPSED
// while waiting on the other side, ABANDONED also from review; RETURNED_DEFICIENT is terminal but
// may re-enter DRAFT, as the table says.
use MlaState as C;
#[rustfmt::skip]
const MLA: &[StateRule<MlaState>] = &[
    row(C::Draft, "Draft", G::Preparation, "Date opened", &[C::InReview, C::Abandoned], &[])
        .facts(&[F::Facts, F::Offence, F::AssistanceTypes]),
    row(C::InReview, "In review", G::Preparation, "Date sent for review",
        &[C::Draft, C::Issued, C::Abandoned], &[])
        .facts(&[F::DeathPenaltyAssessed, F::DualCriminalityForCoerciveMeasures]),
    row(C::Issued, "Issued", G::Preparation, "Date issued",
        &[C::Transmitted, C::Withdrawn], &[D::Signatory])
        .gated(),
    row(C::Transmitted, "Transmitted", G::WithAuthorities, "Date transmitted",
        &[C::Acknowledged, C::ReturnedDeficient, C::Withdrawn, C::Lapsed], &[D::Channel])
        .gated(),
    row(C::Acknowledged, "Acknowledged", G::WithAuthorities, "Date acknowledged",
        &[C::UnderConsideration, C::Withdrawn, C::Lapsed], &[D::OtherSideReference]),
    row(C::UnderConsideration, "Under consideration", G::Decision, "Date",
        &[C::FurtherInfoRequested, C::Accepted, C::Refused, C::Withdrawn, C::Lapsed], &[]),
    row(C::FurtherInfoRequested, "Further information requested", G::WithAuthorities,
        "Date asked", &[C::UnderConsideration, C::Withdrawn, C::Lapsed],
        &[D::QuestionAsked, D::ReplyDueDate]),
    row(C::Accepted, "Accepted", G::Execution, "Date accepted",
        &[C::InExecution, C::Withdrawn], &[D::ExecutingAuthority]),
    row(C::InExecution, "In execution", G::Execution, "Date started",
        &[C::PartiallyExecuted, C::Executed, C::Withdrawn], &[]),
    row(C::PartiallyExecuted, "Partially executed", G::Execution, "Date",
        &[C::InExecution, C::Executed, C::Closed], &[D::ItemsDelivered]),
    row(C::Executed, "Executed", G::Execution, "Date sent", &[C::EvidenceReceived],
        &[D::Authentication]),
    row(C::EvidenceReceived, "Evidence received", G::Execution, "Date received", &[C::Closed],
        &[D::UseLimitations])
        .optional(&[D::ReturnByDate]),
    closed(C::Closed, "Closed", CLOSURE),
    closed(C::Refused, "Refused", &[D::RefusalGrounds]),
    StateRule { next: &[C::Draft], ..closed(C::ReturnedDeficient, "Returned as deficient",
        &[D::InformationRequested]) },
    closed(C::Withdrawn, "Withdrawn", CLOSURE),
    closed(C::Lapsed, "Lapsed", CLOSURE),
    closed(C::Abandoned, "Abandoned", CLOSURE),
];
table_impl!(MlaState, MLA);

/// A case's status: a state of the workflow the case follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Status {
    Incoming(IncomingState),
    Outgoing(OutgoingState),
    Mla(MlaState),
    Returns(ReturnsState),
    Conviction(ConvictionState),
    Provider(ProviderState),
    Enquiry(EnquiryState),
    Alert(AlertState),
}

pub use super::workstreams::{
    AlertState, ConvictionState, EnquiryState, ProviderState, ReturnsState,
};

/// The parts of a table row that do not depend on the state type.
#[derive(Clone, Copy, Debug)]
pub struct RuleView {
    pub label: &'static str,
    pub group: StatusGroup,
    pub date_label: &'static str,
    pub records: &'static [Detail],
    pub optional: &'static [Detail],
    pub facts: &'static [CaseFact],
    pub gated: bool,
    pub terminal: bool,
}

impl<S> From<&StateRule<S>> for RuleView {
    fn from(r: &StateRule<S>) -> Self {
        RuleView {
            label: r.label,
            group: r.group,
            date_label: r.date_label,
            records: r.records,
            optional: r.optional,
            facts: r.facts,
            gated: r.gated,
            terminal: r.terminal,
        }
    }
}

/// One field of a status's table row, read without copying the rest (every status of every
/// case is asked whether it is terminal, at every open).
macro_rules! row_field {
    ($status:expr, $field:ident) => {
        match $status {
            Status::Incoming(s) => s.rule().$field,
            Status::Outgoing(s) => s.rule().$field,
            Status::Mla(s) => s.rule().$field,
            Status::Returns(s) => s.rule().$field,
            Status::Conviction(s) => s.rule().$field,
            Status::Provider(s) => s.rule().$field,
            Status::Enquiry(s) => s.rule().$field,
            Status::Alert(s) => s.rule().$field,
        }
    };
}

impl Status {
    pub fn workflow(self) -> Workflow {
        match self {
            Status::Incoming(_) => Workflow::ExtraditionIncoming,
            Status::Outgoing(_) => Workflow::ExtraditionOutgoing,
            Status::Mla(_) => Workflow::MutualLegalAssistance,
            Status::Returns(_) => Workflow::Returns,
            Status::Conviction(_) => Workflow::ConvictionData,
            Status::Provider(_) => Workflow::ServiceProvider,
            Status::Enquiry(_) => Workflow::PoliceEnquiry,
            Status::Alert(_) => Workflow::OffenderAlert,
        }
    }

    pub fn rule(self) -> RuleView {
        match self {
            Status::Incoming(s) => s.rule().into(),
            Status::Outgoing(s) => s.rule().into(),
            Status::Mla(s) => s.rule().into(),
            Status::Returns(s) => s.rule().into(),
            Status::Conviction(s) => s.rule().into(),
            Status::Provider(s) => s.rule().into(),
            Status::Enquiry(s) => s.rule().into(),
            Status::Alert(s) => s.rule().into(),
        }
    }

    /// The states the workflow allows next.
    pub fn next(self) -> Vec<Status> {
        match self {
            Status::Incoming(s) => s.rule().next.iter().map(|&n| Status::Incoming(n)).collect(),
            Status::Outgoing(s) => s.rule().next.iter().map(|&n| Status::Outgoing(n)).collect(),
            Status::Mla(s) => s.rule().next.iter().map(|&n| Status::Mla(n)).collect(),
            Status::Returns(s) => next_of(s, Status::Returns),
            Status::Conviction(s) => next_of(s, Status::Conviction),
            Status::Provider(s) => next_of(s, Status::Provider),
            Status::Enquiry(s) => next_of(s, Status::Enquiry),
            Status::Alert(s) => next_of(s, Status::Alert),
        }
    }

    pub fn may_go_to(self, to: Status) -> bool {
        match (self, to) {
            (Status::Incoming(s), Status::Incoming(t)) => s.rule().next.contains(&t),
            (Status::Outgoing(s), Status::Outgoing(t)) => s.rule().next.contains(&t),
            (Status::Mla(s), Status::Mla(t)) => s.rule().next.contains(&t),
            (Status::Returns(s), Status::Returns(t)) => s.rule().next.contains(&t),
            (Status::Conviction(s), Status::Conviction(t)) => s.rule().next.contains(&t),
            (Status::Provider(s), Status::Provider(t)) => s.rule().next.contains(&t),
            (Status::Enquiry(s), Status::Enquiry(t)) => s.rule().next.contains(&t),
            (Status::Alert(s), Status::Alert(t)) => s.rule().next.contains(&t),
            _ => false,
        }
    }

    pub fn label(self) -> &'static str {
        row_field!(self, label)
    }

    pub fn group(self) -> StatusGroup {
        row_field!(self, group)
    }

    pub fn is_terminal(self) -> bool {
        row_field!(self, terminal)
    }

    /// The one direction whose cases pass through this state, if only one does.
    pub fn branch(self) -> Option<Direction> {
        row_field!(self, branch)
    }

    /// The table's name for the state (`PA_ARRESTED`), used by the command line and in files
    /// officers read.
    pub fn code(self) -> String {
        let debug = match self {
            Status::Incoming(s) => format!("{s:?}"),
            Status::Outgoing(s) => format!("{s:?}"),
            Status::Mla(s) => format!("{s:?}"),
            Status::Returns(s) => format!("{s:?}"),
            Status::Conviction(s) => format!("{s:?}"),
            Status::Provider(s) => format!("{s:?}"),
            Status::Enquiry(s) => format!("{s:?}"),
            Status::Alert(s) => format!("{s:?}"),
        };
        let mut code = String::with_capacity(debug.len() + 4);
        for (i, c) in debug.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                code.push('_');
            }
            code.push(c.to_ascii_uppercase());
        }
        code
    }

    /// Finds a state of `workflow` by its code (`PA_ARRESTED`) or label, ignoring case.
    pub fn parse(workflow: Workflow, text: &str) -> Option<Status> {
        let wanted = text.trim().to_ascii_uppercase().replace([' ', '-'], "_");
        workflow
            .states()
            .into_iter()
            .find(|s| s.code() == wanted || s.label().eq_ignore_ascii_case(text.trim()))
    }
}

fn next_of<S: WorkflowState>(s: S, status: fn(S) -> Status) -> Vec<Status> {
    s.rule().next.iter().map(|&n| status(n)).collect()
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn reachable_from(start: Status) -> BTreeSet<Status> {
        let mut seen = BTreeSet::from([start]);
        let mut stack = vec![start];
        while let Some(s) = stack.pop() {
            for n in s.next() {
                if seen.insert(n) {
                    stack.push(n);
                }
            }
        }
        seen
    }

    #[test]
    fn every_state_has_exactly_one_row() {
        fn check<S: WorkflowState + Ord + serde::de::DeserializeOwned>() {
            // Every variant of the enum, not of the table: a state added without a row shows.
            let all: Vec<S> = crate::domain::tests::every_variant();
            assert!(all.len() > 10, "{} states", all.len());
            assert_eq!(S::TABLE.len(), all.len(), "as many rows as states");
            // Each state's row is at its index, as `rule` first looks.
            for s in all {
                let row = S::TABLE.get(s.index()).map(|r| r.state);
                assert_eq!(row, Some(s), "{s:?} has no row at its place");
            }
        }
        check::<IncomingState>();
        check::<OutgoingState>();
        check::<MlaState>();
        // The clocks' replay keeps the states a case passed through as bits of a u64.
        assert!(
            [INCOMING.len(), OUTGOING.len(), MLA.len()]
                .iter()
                .all(|&n| n <= 64)
        );
        assert_eq!(INCOMING.len(), 28);
        assert_eq!(OUTGOING.len(), 23);
        assert_eq!(MLA.len(), 18);
    }

    #[test]
    fn every_state_is_reachable_from_the_initial_state() {
        for wf in Workflow::ALL {
            let reached = reachable_from(wf.initial());
            for s in wf.states() {
                assert!(reached.contains(&s), "{wf}: {} is an orphan", s.code());
            }
        }
    }

    #[test]
    fn every_open_state_can_reach_a_terminal_state() {
        for wf in Workflow::ALL {
            for s in wf.states() {
                assert!(
                    reachable_from(s).iter().any(|r| r.is_terminal()),
                    "{wf}: {} cannot reach a terminal state",
                    s.code()
                );
            }
        }
    }

    #[test]
    fn targets_stay_within_their_workflow_and_terminals_only_reopen() {
        for wf in Workflow::ALL {
            for s in wf.states() {
                for n in s.next() {
                    assert_eq!(n.workflow(), wf);
                    assert_ne!(n, s, "{} loops to itself", s.code());
                }
                // A closed state leads on only to reopen (an MLA request back to DRAFT) or to
                // an appeal against a discharge.
                let reopens = [
                    Status::Mla(MlaState::Draft),
                    Status::Incoming(IncomingState::StateAppeal),
                    Status::Incoming(IncomingState::ScLeaveSought),
                ];
                if s.is_terminal() {
                    assert!(
                        s.next().iter().all(|n| reopens.contains(n)),
                        "terminal {} leads on",
                        s.code()
                    );
                }
            }
        }
    }

    #[test]
    fn gates_are_on_the_states_docs_law_md_names() {
        let gated: Vec<String> = Workflow::ALL
            .iter()
            .flat_map(|wf| wf.states())
            .filter(|s| s.rule().gated)
            .map(|s| s.code())
            .collect();
        assert_eq!(
            gated,
            [
                "SENT_TO_SOS",
                "REQUEST_ISSUED",
                "TRANSMITTED",
                "ISSUED",
                "TRANSMITTED"
            ]
        );
    }

    #[test]
    fn every_detail_a_table_records_is_listed_in_all_details() {
        for wf in Workflow::ALL {
            for s in wf.states() {
                for d in s.rule().records.iter().chain(s.rule().optional) {
                    assert!(ALL_DETAILS.contains(d), "{d:?} missing from ALL_DETAILS");
                }
            }
        }
        let unique: BTreeSet<_> = ALL_DETAILS.iter().collect();
        assert_eq!(unique.len(), ALL_DETAILS.len());
    }

    #[test]
    fn codes_round_trip_through_parse() {
        for wf in Workflow::ALL {
            for s in wf.states() {
                assert_eq!(Status::parse(wf, &s.code()), Some(s));
                assert_eq!(Status::parse(wf, &s.code().to_lowercase()), Some(s));
                assert_eq!(Status::parse(wf, s.label()), Some(s));
            }
        }
        assert_eq!(
            Status::Incoming(IncomingState::PaArrested).code(),
            "PA_ARRESTED"
        );
        assert_eq!(
            Status::parse(Workflow::MutualLegalAssistance, "PA_ARRESTED"),
            None
        );
    }
}
