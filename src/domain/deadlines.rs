//! The deadline catalogue (`docs/law.md` §3) as data: which clocks there are, what starts them,
//! how long they run and what the law says. Events name their clocks by these keys; `clock.rs`
//! computes the clocks from a case's history.

use super::dates::{Counting, Period};
use super::details::HearingKind;
use super::holidays::Whose;
use super::workflow::{
    AlertState, ConvictionState, Detail, EnquiryState, IncomingState as A, MlaState as C,
    OutgoingState as B, ProviderState, ReturnsState, Status,
};
use AlertState as O;
use ConvictionState as X;
use EnquiryState as Q;
use ProviderState as P;
use ReturnsState as R;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The catalogue's keys (`docs/law.md` §3), plus the review reminders the workflow tables start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ClockKey {
    UkPaDocs,
    UkExhStartCert,
    UkExhStartPa,
    UkSosReps,
    UkSosDecision,
    UkAppealHc,
    UkAppealState,
    UkScLeave,
    UkScBring,
    UkSurrender,
    PkSurrender,
    MlaRequiredBy,
    MlaFollowUp,
    EvidenceReturn,
    HoldReview,
    NoticeReview,
    ReplyDue,
    RetMissionNotice,
    RetVerifyChase,
    RetEtdExpiry,
    UkRemovalNotice,
    UkRemovalRenotice,
    UkAppealFtt,
    PkPclExpiry,
    CrxReply,
    CrxRespond,
    CspPreservationExpiry,
    UkOpoServe,
    P2pReply,
    SoaTravelNotice,
    AlertBeforeDeparture,
    GreenNoticeReview,
    UkErsDate,
    SoaNotificationEnd,
    SoaNotificationEndUnder18,
}

/// How long a clock runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    /// A fixed period from the trigger.
    Period(Period, Counting),
    /// Chase at each of these days after the trigger until answered (`MLA_FOLLOW_UP`).
    Chaser(&'static [u32]),
    /// A date the officer recorded on the transition.
    Recorded(Detail),
    /// The MLA request's "required by" date.
    RequiredBy,
    /// A latest day counted back from a recorded future date: the date less this many days
    /// (`../shared/domain.md` §7, "at least 15 days before removal"). If the date moves, the
    /// clock is recomputed and the old due date becomes void.
    BeforeRecorded(Detail, u32),
    /// The day after this many working days in `Whose` calendar from the trigger: shown as "not
    /// before", not a duty (§7, the removal notice).
    NotBefore(u32, Whose),
    /// This many working days in `Whose` calendar after the trigger (day 1 is the next working
    /// day).
    WorkingDays(u32, Whose),
    /// The recorded date when the officer gave one, else these chasers (P2P_REPLY).
    RecordedOrChaser(Detail, &'static [u32]),
    /// The SOA 2003 s.82 table from the relevant date the case records, "beginning with" it;
    /// halved for an offender under 18 then (`particulars.rs`).
    NotificationPeriod { under_18: bool },
    /// The Early Removal Scheme date the prison gave, recorded on the case.
    EarlyRemovalDate,
}

/// How an expiry clock is extended by a transition (§7: an extension is an event with the new
/// date and the reason): entering `on` moves its due date to the recorded `to`, or else on by
/// `by` from the old due date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Extension {
    pub on: Status,
    pub by: Period,
    pub to: Detail,
}

/// Whose move a clock waits for. A duty missed is a failure with a consequence; a window (time
/// for someone to appeal or make representations) that passes unused simply closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nature {
    Duty,
    Window,
    /// A date before which something may not be done ("not before D"); once it passes, the
    /// way is clear.
    NotBefore,
    /// Something that lapses when it runs out unless extended (a listing, a preservation).
    Expiry,
    /// A date to know, no one's duty (the Early Removal Scheme date): never overdue.
    Information,
}

impl Nature {
    /// The word before its date: "due 28 Feb 2027", "not before 01 Apr 2027", "expires …".
    pub fn due_word(self) -> &'static str {
        match self {
            Nature::Duty | Nature::Window => "due",
            Nature::NotBefore => "not before",
            Nature::Expiry => "expires",
            Nature::Information => "on",
        }
    }
}

/// What starts a clock: entering `on`, optionally only from some states or after some state.
#[derive(Clone, Copy, Debug)]
pub struct Start {
    pub on: Status,
    pub only_from: &'static [Status],
    pub only_after: Option<Status>,
    /// Not when the case has passed through this state.
    pub unless_after: Option<Status>,
}

/// One line of the deadline catalogue.
#[derive(Debug)]
pub struct ClockRule {
    pub key: ClockKey,
    pub code: &'static str,
    pub title: &'static str,
    pub starts: &'static [Start],
    /// The detail whose date triggers the clock; the transition's effective date when `None`.
    pub trigger: Option<Detail>,
    pub due: Due,
    /// Entering one of these states meets the clock.
    pub met_by: &'static [Status],
    /// Leaving the starting state meets the clock (holds and reviews).
    pub met_on_leave: bool,
    /// Entering one of these states makes the clock void (an appeal suspends surrender).
    pub void_on: &'static [Status],
    /// The duty outlives the case's closure (evidence must still be returned).
    pub survives_closure: bool,
    pub nature: Nature,
    /// What starts it, in the officer's words, as it completes "counted from …": "the
    /// provisional arrest".
    pub counted_from: &'static str,
    /// What missing it means, as a sentence without its full stop, completing "If missed: …".
    pub consequence: &'static str,
    pub source: &'static str,
    /// `docs/law.md` marks the rule unverified: show it with a "check" marker.
    pub verified: bool,
    /// Remind this many days before the due date (expiry clocks, §7).
    pub remind_before: Option<u32>,
    /// A date the starting transition may record that meets the clock (the Mission informed).
    pub met_by_detail: Option<Detail>,
    /// Starts only when the trigger detail is recorded (an appeal window needs a decision).
    pub needs_trigger: bool,
    /// Counted from the day the case entered this state instead of the start (the PCL listing
    /// runs from arrival).
    pub counted_from_state: Option<Status>,
    pub extension: Option<Extension>,
    /// A hearing of this kind must begin by the due date: one fixed later is warned of
    /// (`docs/law.md` §4A, `warnings.rs`).
    pub limits_hearing: Option<HearingKind>,
}

/// One step of a chaser: so many days after the trigger, counted from the next day, falling
/// on `date` (`docs/law.md` §3: each date shown with its counting).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chase {
    pub days: u32,
    pub date: NaiveDate,
}

const fn on(state: Status) -> Start {
    Start {
        on: state,
        only_from: &[],
        only_after: None,
        unless_after: None,
    }
}

#[allow(clippy::too_many_arguments)] // one argument per column of the catalogue
const fn rule(
    key: ClockKey,
    code: &'static str,
    title: &'static str,
    starts: &'static [Start],
    counted_from: &'static str,
    due: Due,
    met_by: &'static [Status],
    consequence: &'static str,
    source: &'static str,
) -> ClockRule {
    ClockRule {
        key,
        code,
        title,
        starts,
        trigger: None,
        due,
        met_by,
        met_on_leave: false,
        void_on: &[],
        survives_closure: false,
        nature: Nature::Duty,
        counted_from,
        consequence,
        source,
        verified: true,
        limits_hearing: None,
        remind_before: None,
        met_by_detail: None,
        needs_trigger: false,
        counted_from_state: None,
        extension: None,
    }
}

impl ClockRule {
    const fn window(mut self) -> Self {
        self.nature = Nature::Window;
        self
    }
    const fn unverified(mut self) -> Self {
        self.verified = false;
        self
    }
    const fn triggered_by(mut self, detail: Detail) -> Self {
        self.trigger = Some(detail);
        self
    }
    const fn met_on_leave(mut self) -> Self {
        self.met_on_leave = true;
        self
    }
    const fn void_on(mut self, states: &'static [Status]) -> Self {
        self.void_on = states;
        self
    }
    const fn survives_closure(mut self) -> Self {
        self.survives_closure = true;
        self
    }
    const fn limits_hearing(mut self, kind: HearingKind) -> Self {
        self.limits_hearing = Some(kind);
        self
    }
    const fn expiry(mut self, remind_before: u32) -> Self {
        self.nature = Nature::Expiry;
        self.remind_before = Some(remind_before);
        self
    }
    const fn not_before(mut self) -> Self {
        self.nature = Nature::NotBefore;
        self
    }
    const fn information(mut self) -> Self {
        self.nature = Nature::Information;
        self
    }
    /// Lapses on its date, with no reminder (a notification requirement ending).
    const fn ends(mut self) -> Self {
        self.nature = Nature::Expiry;
        self
    }
    const fn met_by_detail(mut self, detail: Detail) -> Self {
        self.met_by_detail = Some(detail);
        self
    }
    const fn only_if_recorded(mut self, detail: Detail) -> Self {
        self.trigger = Some(detail);
        self.needs_trigger = true;
        self
    }
    const fn counted_from_state(mut self, state: Status) -> Self {
        self.counted_from_state = Some(state);
        self
    }
    const fn extended(mut self, extension: Extension) -> Self {
        self.extension = Some(extension);
        self
    }
}

const fn inc(s: A) -> Status {
    Status::Incoming(s)
}
const fn out(s: B) -> Status {
    Status::Outgoing(s)
}
const fn mla(s: C) -> Status {
    Status::Mla(s)
}
const fn ret(s: ReturnsState) -> Status {
    Status::Returns(s)
}
const fn crx(s: ConvictionState) -> Status {
    Status::Conviction(s)
}
const fn csp(s: ProviderState) -> Status {
    Status::Provider(s)
}
const fn p2p(s: EnquiryState) -> Status {
    Status::Enquiry(s)
}
const fn soa(s: AlertState) -> Status {
    Status::Alert(s)
}
const fn days(n: u32) -> Due {
    Due::Period(Period::Days(n), Counting::StartingWith)
}

use ClockKey as K;

/// The states an appeal to the High Court is decided from: the person's (ss.103, 108) or the
/// requesting state's (ss.105, 110).
const HC_DECIDES: &[Status] = &[inc(A::AppealHc), inc(A::StateAppeal)];

/// The deadline catalogue of `docs/law.md` §3. UK statutory periods count "starting with" the
/// trigger day (§2); Pakistani and practice periods count from the day after.
#[rustfmt::skip]
pub const CATALOGUE: &[ClockRule] = &[
    rule(K::UkPaDocs, "UK_PA_DOCS", "Request papers after provisional arrest",
        &[on(inc(A::PaArrested))], "the provisional arrest", days(45), &[inc(A::RequestCertified)],
        "the requested person must be discharged", "EA 2003 s.74(10); CrimPR 50.16"),
    rule(K::UkExhStartCert, "UK_EXH_START_CERT", "Extradition hearing to begin (certified request)",
        // First appearance after arrest on the warrant, or on the certified request without a
        // provisional arrest (after one, UK_EXH_START_PA runs instead).
        &[Start { on: inc(A::InitialHearing), only_from: &[inc(A::Arrested)], only_after: None,
                  unless_after: None },
          Start { on: inc(A::InitialHearing), only_from: &[inc(A::RequestCertified)],
                  only_after: None, unless_after: Some(inc(A::PaArrested)) }],
        "the first appearance in court",
        Due::Period(Period::Months(2), Counting::StartingWith),
        &[inc(A::ExtraditionHearing), inc(A::Consented)],
        "the requested person may apply to be discharged", "EA 2003 s.75 (CPS fact sheet)")
        .limits_hearing(HearingKind::Extradition),
    rule(K::UkExhStartPa, "UK_EXH_START_PA", "Extradition hearing to begin (after provisional arrest)",
        &[Start { on: inc(A::RequestCertified), only_from: &[], only_after: Some(inc(A::PaArrested)), unless_after: None }],
        "the certification of the request",
        Due::Period(Period::Months(2), Counting::StartingWith),
        &[inc(A::ExtraditionHearing), inc(A::Consented)],
        "the requested person may apply to be discharged", "EA 2003 s.76")
        .limits_hearing(HearingKind::Extradition),
    rule(K::UkSosReps, "UK_SOS_REPS", "Representations to the Secretary of State",
        // The window runs once, from the case being sent; a deferral does not reopen it.
        &[Start { on: inc(A::SentToSos), only_from: &[inc(A::ExtraditionHearing),
                  inc(A::Consented)], only_after: None, unless_after: None }],
        "the case being sent to the Secretary of State",
        Due::Period(Period::Weeks(4), Counting::StartingWith), &[],
        "late representations need not be considered", "EA 2003 s.93(6)")
        .window().met_on_leave(),
    // A deferral suspends the decision period; it starts again when the case comes back.
    rule(K::UkSosDecision, "UK_SOS_DECISION", "Secretary of State's decision",
        &[on(inc(A::SentToSos))], "the case being sent to the Secretary of State",
        Due::Period(Period::Months(2), Counting::StartingWith),
        &[inc(A::SosOrdered), inc(A::Discharged)],
        "the requested person may apply to be discharged, unless the High Court extends the period",
        "EA 2003 s.99")
        .unverified().void_on(&[inc(A::Deferred)]),
    rule(K::UkAppealHc, "UK_APPEAL_HC", "Appeal to the High Court",
        &[on(inc(A::SosOrdered))], "the day the person was told of the order", days(14),
        &[inc(A::AppealHc), inc(A::AwaitingSurrender)],
        "an appeal is out of time", "EA 2003 ss.103, 108")
        .window().triggered_by(Detail::DatePersonTold),
    // Once, on the first discharge: after the state's appeal is decided, leave to go to the
    // Supreme Court is the way on (UK_SC_LEAVE).
    rule(K::UkAppealState, "UK_APPEAL_STATE", "Requesting state's appeal against discharge",
        &[Start { on: inc(A::Discharged), only_from: &[], only_after: None,
                  unless_after: Some(inc(A::StateAppeal)) }],
        "the discharge", days(14), &[inc(A::StateAppeal)],
        "the requesting state can no longer appeal against the discharge", "CrimPR 17.19")
        .window().survives_closure(),
    rule(K::UkScLeave, "UK_SC_LEAVE", "Leave to appeal to the Supreme Court",
        &[Start { on: inc(A::AwaitingSurrender), only_from: HC_DECIDES, only_after: None, unless_after: None },
          Start { on: inc(A::Discharged), only_from: HC_DECIDES, only_after: None, unless_after: None },
          Start { on: inc(A::ExtraditionHearing), only_from: HC_DECIDES, only_after: None, unless_after: None }],
        "the High Court's decision", days(14), &[inc(A::ScLeaveSought)],
        "leave to appeal to the Supreme Court can no longer be sought", "EA 2003 s.114")
        .window().survives_closure(),
    rule(K::UkScBring, "UK_SC_BRING", "Bring the appeal to the Supreme Court",
        &[on(inc(A::AppealSc))], "leave to appeal being granted", days(28),
        &[inc(A::AwaitingSurrender), inc(A::Discharged)],
        "the appeal lapses", "EA 2003 s.114")
        .window(),
    rule(K::UkSurrender, "UK_SURRENDER", "Surrender",
        &[on(inc(A::SosOrdered)),
          // An appeal or a postponement (s.118) suspends surrender; the period runs again
          // from the final decision or the end of the postponement.
          Start { on: inc(A::AwaitingSurrender),
                  only_from: &[inc(A::AppealHc), inc(A::AppealSc), inc(A::Postponed),
                               inc(A::ScLeaveSought), inc(A::StateAppeal)],
                  only_after: None, unless_after: None }],
        "the order for extradition, or the final decision on appeal", days(28), &[inc(A::Surrendered)],
        "the requested person must be discharged unless there was reasonable cause for the delay",
        "EA 2003 ss.117, 118")
        .void_on(&[inc(A::AppealHc), inc(A::Postponed), inc(A::ScLeaveSought)]),
    rule(K::PkSurrender, "PK_SURRENDER", "Surrender from Pakistan",
        &[on(out(B::SurrenderOrdered))], "the surrender order in Pakistan",
        Due::Period(Period::Months(2), Counting::After),
        &[out(B::Surrendered)], "the High Court in Pakistan may order the person's release",
        "PK Extradition Act 1972 s.12")
        .void_on(&[out(B::WritPending)]),
    rule(K::MlaRequiredBy, "MLA_REQUIRED_BY", "Assistance required by",
        // The catalogue starts it when the request is issued, so it runs from then on.
        &[on(mla(C::Issued))], "the request being issued", Due::RequiredBy,
        &[mla(C::Executed), mla(C::EvidenceReceived)],
        "the assistance is late: escalate the request", "Practice"),
    rule(K::MlaFollowUp, "MLA_FOLLOW_UP", "Follow up an unanswered request",
        &[on(mla(C::Transmitted)), on(out(B::Transmitted))], "the request being transmitted",
        Due::Chaser(&[30, 60, 90]),
        &[mla(C::Acknowledged), mla(C::ReturnedDeficient), out(B::UnderConsideration),
          out(B::ReturnedForInfo)],
        "the request goes unanswered: chase the other side", "Practice"),
    rule(K::EvidenceReturn, "EVIDENCE_RETURN", "Return evidence",
        &[on(mla(C::EvidenceReceived))], "the evidence being received",
        Due::Recorded(Detail::ReturnByDate), &[],
        "the evidence is kept beyond the date agreed: return it", "CICA 2003 s.9")
        .survives_closure(),
    rule(K::HoldReview, "HOLD_REVIEW", "Review a case on hold",
        &[on(inc(A::Deferred)), on(inc(A::Adjourned)), on(inc(A::Postponed)),
          on(ret(R::Barrier))],
        "the case being put on hold", Due::Recorded(Detail::ReviewDate), &[],
        "the case drifts unreviewed", "Practice")
        .met_on_leave(),
    rule(K::NoticeReview, "NOTICE_REVIEW", "Review the INTERPOL notice",
        &[on(out(B::NoticePublished))], "the notice being published",
        Due::Period(Period::Months(60), Counting::After), &[],
        "the notice expires", "INTERPOL Rules on the Processing of Data art. 49 (5-year validity)")
        .met_on_leave().unverified(),
    rule(K::ReplyDue, "REPLY_DUE", "Reply to a request for further information",
        &[on(mla(C::FurtherInfoRequested)), on(ret(R::FurtherInfoRequested)),
          on(crx(X::FurtherInfoRequested))], "the request for further information",
        Due::Recorded(Detail::ReplyDueDate), &[],
        "the request may be refused or lapse", "Practice")
        .met_on_leave(),
    // The other workstreams (`../shared/domain.md` §13). SW counts "starting with", AF after.
    rule(K::RetMissionNotice, "RET_MISSION_NOTICE", "Inform the Pakistan Mission",
        &[on(ret(R::RemovalScheduled))], "the planned removal date",
        Due::BeforeRecorded(Detail::PlannedRemovalDate, 15), &[ret(R::Removed)],
        "the Mission may not facilitate the removal", "MOI SOP 2015 para 1")
        .met_by_detail(Detail::MissionInformedDate).unverified(),
    rule(K::RetVerifyChase, "RET_VERIFY_CHASE", "Chase nationality verification",
        &[on(ret(R::DocumentationSent))], "the documentation being sent",
        Due::Chaser(&[14, 28, 42]),
        &[ret(R::NationalityConfirmed), ret(R::NationalityNotConfirmed)],
        "escalate through the British High Commission and the Ministry of Interior", "Practice")
        .unverified(),
    rule(K::RetEtdExpiry, "RET_ETD_EXPIRY", "Emergency travel document expires",
        &[on(ret(R::EtdIssued))], "the ETD being issued", Due::Recorded(Detail::EtdExpiry),
        &[ret(R::Removed)], "a new ETD is needed", "Practice")
        .expiry(14),
    rule(K::UkRemovalNotice, "UK_REMOVAL_NOTICE", "Removal notice period",
        &[on(ret(R::RemovalScheduled))], "the notice of intention to remove being served",
        Due::NotBefore(5, Whose::Uk), &[],
        "removal before then is unlawful", "IAA 1999 s.10A; Home Office guidance v2.0")
        .triggered_by(Detail::NoticeServedDate).not_before().unverified(),
    rule(K::UkRemovalRenotice, "UK_REMOVAL_RENOTICE", "Remove again on the same notice",
        &[on(ret(R::RemovalFailed))], "the failed removal", days(21),
        &[ret(R::RemovalScheduled)], "a new notice of intention to remove is needed",
        "LexisNexis note on administrative removal")
        .window().unverified(),
    rule(K::UkAppealFtt, "UK_APPEAL_FTT", "Appeal to the First-tier Tribunal",
        &[on(ret(R::Barrier))], "the decision being sent",
        Due::Period(Period::Days(14), Counting::After), &[],
        "an appeal is out of time", "FtT (IAC) Rules 2014 r.19")
        .window().only_if_recorded(Detail::DecisionSentDate).survives_closure(),
    rule(K::PkPclExpiry, "PK_PCL_EXPIRY", "Passport Control List entry expires",
        &[on(ret(R::PclListed))], "the arrival in Pakistan",
        Due::Period(Period::Months(60), Counting::After), &[],
        "the listing lapses unless extended", "MOI decision of 24 May 2025; Senate reply Aug 2025")
        .expiry(90).counted_from_state(ret(R::Arrived)).survives_closure().unverified(),
    rule(K::CrxReply, "CRX_REPLY", "Chase an unanswered conviction-data request",
        &[on(crx(X::Sent))], "the request being sent", Due::Chaser(&[10, 30, 60]),
        &[crx(X::Answered)], "record the request as unanswered",
        "Practice; ECRIS 10-day norm")
        .unverified(),
    rule(K::CrxRespond, "CRX_RESPOND", "Respond to a conviction-data request",
        &[on(crx(X::Received))], "the request being received", Due::WorkingDays(10, Whose::Home),
        &[crx(X::Answered), crx(X::Declined)], "the reply is late", "Practice")
        .unverified(),
    rule(K::CspPreservationExpiry, "CSP_PRESERVATION_EXPIRY", "Preservation expires",
        &[on(csp(P::PreservationConfirmed))], "the preservation being confirmed",
        Due::Period(Period::Days(90), Counting::After),
        &[csp(P::Disclosed), csp(P::Partial)], "the provider may delete the data",
        "18 U.S.C. §2703(f)(2); Budapest Convention art. 16(2)")
        .expiry(21)
        .extended(Extension { on: csp(P::Extended), by: Period::Days(90), to: Detail::NewExpiry }),
    rule(K::UkOpoServe, "UK_OPO_SERVE", "Serve the Overseas Production Order",
        &[on(csp(P::DisclosureRequested))], "the order being made",
        Due::Period(Period::Months(3), Counting::StartingWith),
        &[csp(P::Disclosed), csp(P::Partial)], "the order is treated as quashed",
        "COPOA 2019 s.9(1)")
        .only_if_recorded(Detail::OpoMadeDate),
    rule(K::P2pReply, "P2P_REPLY", "Reply to a police-to-police enquiry",
        &[on(p2p(Q::Sent)), on(p2p(Q::Received))], "the enquiry being sent or received",
        Due::RecordedOrChaser(Detail::ReplyDueDate, &[14, 28, 42]),
        &[p2p(Q::Answered), p2p(Q::Partial)], "chase, or close it as no reply", "Practice"),
    rule(K::SoaTravelNotice, "SOA_TRAVEL_NOTICE", "Offender's notice of travel",
        &[on(soa(O::TravelNotified))], "the departure date",
        Due::BeforeRecorded(Detail::DepartureDate, 7), &[],
        "the offender is in breach and the alert is late",
        "Sexual Offences Act 2003 (Notification Requirements) Regulations 2012; NI reg.5")
        .triggered_by(Detail::DepartureDate).met_by_detail(Detail::NotifiedOn).unverified(),
    rule(K::AlertBeforeDeparture, "ALERT_BEFORE_DEPARTURE", "Send the alert before departure",
        &[on(soa(O::TravelNotified))], "the departure date",
        Due::BeforeRecorded(Detail::DepartureDate, 1),
        &[soa(O::AlertSent)], "the offender arrives unannounced", "Practice")
        .triggered_by(Detail::DepartureDate),
    rule(K::GreenNoticeReview, "GREEN_NOTICE_REVIEW", "Review the Green Notice",
        &[on(soa(O::AlertSent))], "the notice being published",
        Due::Period(Period::Months(60), Counting::After), &[],
        "the notice lapses", "INTERPOL Rules on the Processing of Data")
        .expiry(90).survives_closure().unverified(),
    // Started by what the case records (`particulars.rs`), not by a move.
    rule(K::UkErsDate, "UK_ERS_DATE", "Early Removal Scheme date",
        &[], "the sentence being recorded", Due::EarlyRemovalDate, &[],
        "nothing: it is information, the earliest day the prison may release for removal",
        "CJA 2003 s.260; 2025 Order")
        .information(),
    rule(K::SoaNotificationEnd, "SOA_NOTIFICATION_END", "Notification requirement ends",
        &[], "the relevant date (conviction or caution)",
        Due::NotificationPeriod { under_18: false }, &[],
        "the requirement ends", "SOA 2003 s.82")
        .ends().survives_closure(),
    rule(K::SoaNotificationEndUnder18, "SOA_NOTIFICATION_END",
        "Notification requirement ends (under 18)",
        &[], "the relevant date (conviction or caution)",
        Due::NotificationPeriod { under_18: true }, &[],
        "the requirement ends", "SOA 2003 s.82(2)")
        .ends().survives_closure().unverified(),
];

impl ClockRule {
    /// The period and how it is counted, in the officer's words: "45 calendar days from the
    /// provisional arrest, that day counting as day 1".
    pub fn period(&self) -> String {
        let from = self.counted_from;
        match self.due {
            Due::Period(period, Counting::StartingWith) => {
                format!(
                    "{} from {from}, that day counting as day 1",
                    period.describe()
                )
            }
            Due::Period(period, Counting::After) => {
                format!(
                    "{} after {from}, counted from the next day",
                    period.describe()
                )
            }
            Due::Chaser(steps) => {
                format!(
                    "Chase {} calendar days after {from}, until it is answered",
                    listed(steps)
                )
            }
            Due::Recorded(detail) => format!(
                "Until the date recorded as \u{201c}{}\u{201d}, from {from}",
                detail.label()
            ),
            Due::RequiredBy => {
                format!("Until the request's \u{201c}required by\u{201d} date, from {from}")
            }
            Due::BeforeRecorded(detail, n) => format!(
                "{n} calendar days before {from} (\u{201c}{}\u{201d}); if that date moves, so does this one",
                detail.label()
            ),
            Due::NotBefore(n, whose) => format!(
                "Not before the day after the {n}th working day by {} holidays from {from} (that day not counted)",
                whose.words()
            ),
            Due::WorkingDays(n, whose) => {
                format!(
                    "{n} working days by {} holidays after {from} (that day not counted)",
                    whose.words()
                )
            }
            Due::RecordedOrChaser(detail, steps) => format!(
                "Until the date recorded as \u{201c}{}\u{201d}; without one, chase {} calendar days after {from}",
                detail.label(),
                listed(steps)
            ),
            Due::NotificationPeriod { under_18 } => {
                let rows: Vec<String> = super::notification::S82
                    .iter()
                    .map(|row| {
                        let how_long = row.months.map_or("indefinite (no end)".into(), |m| {
                            super::notification::years(super::notification::for_age(m, under_18))
                        });
                        format!("{} for {}", how_long, row.covers)
                    })
                    .collect();
                let halved = if under_18 {
                    "Half the SOA 2003 s.82 period (under 18 then, s.82(2))"
                } else {
                    "The SOA 2003 s.82 period"
                };
                format!(
                    "{halved} from {from}, that day counting as day 1: {}",
                    rows.join("; ")
                )
            }
            Due::EarlyRemovalDate => {
                "The date the prison gave, recorded on the case as \u{201c}Early Removal Scheme date\u{201d}".into()
            }
        }
    }

    /// A chaser's steps from `trigger`, each with its date; none for other clocks.
    pub fn chases(&self, trigger: NaiveDate) -> Vec<Chase> {
        let Due::Chaser(steps) = self.due else {
            return Vec::new();
        };
        steps
            .iter()
            .map(|&days| Chase {
                days,
                date: Period::Days(days).last_day(trigger, Counting::After),
            })
            .collect()
    }

    /// What missing it means, as a sentence: "If missed: the requested person must be
    /// discharged."
    pub fn if_missed(&self) -> String {
        format!("If missed: {}.", self.consequence)
    }
}

/// Chaser steps in words: "14, 28 and 42".
fn listed(steps: &[u32]) -> String {
    let days: Vec<String> = steps.iter().map(u32::to_string).collect();
    match days.split_last() {
        Some((last, first)) if !first.is_empty() => format!("{} and {last}", first.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

impl ClockKey {
    /// The key's line of the catalogue: found at its index (the catalogue lists the keys in
    /// their order, checked by a test), searched for should it ever be reordered.
    pub fn rule(self) -> &'static ClockRule {
        match CATALOGUE.get(self as usize) {
            Some(r) if r.key == self => r,
            _ => CATALOGUE
                .iter()
                .find(|r| r.key == self)
                .unwrap_or(&CATALOGUE[0]),
        }
    }
}

impl fmt::Display for ClockKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.rule().code)
    }
}
