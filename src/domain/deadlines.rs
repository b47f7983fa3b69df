//! The deadline catalogue (`docs/law.md` §3) as data: which clocks there are, what starts them,
//! how long they run and what the law says. Events name their clocks by these keys; `clock.rs`
//! computes the clocks from a case's history.

use super::dates::{Counting, Period};
use super::workflow::{Detail, IncomingState as A, MlaState as C, OutgoingState as B, Status};
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
}

/// Whose move a clock waits for. A duty missed is a failure with a consequence; a window (time
/// for someone to appeal or make representations) that passes unused simply closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nature {
    Duty,
    Window,
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
    pub consequence: &'static str,
    pub source: &'static str,
    /// `docs/law.md` marks the rule unverified: show it with a "check" marker.
    pub verified: bool,
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
        consequence,
        source,
        verified: true,
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
const fn days(n: u32) -> Due {
    Due::Period(Period::Days(n), Counting::StartingWith)
}

use ClockKey as K;

/// The deadline catalogue of `docs/law.md` §3. UK statutory periods count "starting with" the
/// trigger day (§2); Pakistani and practice periods count from the day after.
#[rustfmt::skip]
pub const CATALOGUE: &[ClockRule] = &[
    rule(K::UkPaDocs, "UK_PA_DOCS", "Request papers after provisional arrest",
        &[on(inc(A::PaArrested))], days(45), &[inc(A::RequestCertified)],
        "Discharge", "EA 2003 s.74(10); CrimPR 50.16"),
    rule(K::UkExhStartCert, "UK_EXH_START_CERT", "Extradition hearing to begin (certified request)",
        // First appearance after arrest on the warrant, or on the certified request without a
        // provisional arrest (after one, UK_EXH_START_PA runs instead).
        &[Start { on: inc(A::InitialHearing), only_from: &[inc(A::Arrested)], only_after: None,
                  unless_after: None },
          Start { on: inc(A::InitialHearing), only_from: &[inc(A::RequestCertified)],
                  only_after: None, unless_after: Some(inc(A::PaArrested)) }],
        Due::Period(Period::Months(2), Counting::StartingWith),
        &[inc(A::ExtraditionHearing), inc(A::Consented)],
        "Discharge on application", "EA 2003 s.75 (CPS fact sheet)"),
    rule(K::UkExhStartPa, "UK_EXH_START_PA", "Extradition hearing to begin (after provisional arrest)",
        &[Start { on: inc(A::RequestCertified), only_from: &[], only_after: Some(inc(A::PaArrested)), unless_after: None }],
        Due::Period(Period::Months(2), Counting::StartingWith),
        &[inc(A::ExtraditionHearing), inc(A::Consented)],
        "Discharge on application", "EA 2003 s.76"),
    rule(K::UkSosReps, "UK_SOS_REPS", "Representations to the Secretary of State",
        // The window runs once, from the case being sent; a deferral does not reopen it.
        &[Start { on: inc(A::SentToSos), only_from: &[inc(A::ExtraditionHearing),
                  inc(A::Consented)], only_after: None, unless_after: None }],
        Due::Period(Period::Weeks(4), Counting::StartingWith), &[],
        "Late representations need not be considered", "EA 2003 s.93(6)")
        .window().met_on_leave(),
    // A deferral suspends the decision period; it starts again when the case comes back.
    rule(K::UkSosDecision, "UK_SOS_DECISION", "Secretary of State's decision",
        &[on(inc(A::SentToSos))], Due::Period(Period::Months(2), Counting::StartingWith),
        &[inc(A::SosOrdered), inc(A::Discharged)],
        "Discharge on application (High Court may extend)", "EA 2003 s.99")
        .unverified().void_on(&[inc(A::Deferred)]),
    rule(K::UkAppealHc, "UK_APPEAL_HC", "Appeal to the High Court",
        &[on(inc(A::SosOrdered))], days(14), &[inc(A::AppealHc), inc(A::AwaitingSurrender)],
        "Out of time", "EA 2003 ss.103, 108")
        .window().triggered_by(Detail::DatePersonTold),
    rule(K::UkAppealState, "UK_APPEAL_STATE", "Requesting state's appeal against discharge",
        &[on(inc(A::Discharged))], days(14), &[], "—", "CrimPR 17.19")
        .window().survives_closure(),
    rule(K::UkScLeave, "UK_SC_LEAVE", "Leave to appeal to the Supreme Court",
        &[Start { on: inc(A::AwaitingSurrender), only_from: &[inc(A::AppealHc)], only_after: None, unless_after: None },
          Start { on: inc(A::Discharged), only_from: &[inc(A::AppealHc)], only_after: None, unless_after: None }],
        days(14), &[], "—", "EA 2003 s.114")
        .window().survives_closure(),
    rule(K::UkScBring, "UK_SC_BRING", "Bring the appeal to the Supreme Court",
        &[on(inc(A::AppealSc))], days(28), &[inc(A::AwaitingSurrender), inc(A::Discharged)],
        "Appeal lapses", "EA 2003 s.114")
        .window(),
    rule(K::UkSurrender, "UK_SURRENDER", "Surrender",
        &[on(inc(A::SosOrdered)),
          // An appeal or a postponement (s.118) suspends surrender; the period runs again
          // from the final decision or the end of the postponement.
          Start { on: inc(A::AwaitingSurrender),
                  only_from: &[inc(A::AppealHc), inc(A::AppealSc), inc(A::Postponed)],
                  only_after: None, unless_after: None }],
        days(28), &[inc(A::Surrendered)],
        "Discharge unless reasonable cause", "EA 2003 ss.117, 118")
        .void_on(&[inc(A::AppealHc), inc(A::Postponed)]),
    rule(K::PkSurrender, "PK_SURRENDER", "Surrender from Pakistan",
        &[on(out(B::SurrenderOrdered))], Due::Period(Period::Months(2), Counting::After),
        &[out(B::Surrendered)], "High Court may order release",
        "PK Extradition Act 1972 s.12")
        .void_on(&[out(B::WritPending)]),
    rule(K::MlaRequiredBy, "MLA_REQUIRED_BY", "Assistance required by",
        // The catalogue starts it when the request is issued, so it runs from then on.
        &[on(mla(C::Issued))], Due::RequiredBy,
        &[mla(C::Executed), mla(C::EvidenceReceived)], "Escalate", "Practice"),
    rule(K::MlaFollowUp, "MLA_FOLLOW_UP", "Follow up an unanswered request",
        &[on(mla(C::Transmitted)), on(out(B::Transmitted))], Due::Chaser(&[30, 60, 90]),
        &[mla(C::Acknowledged), mla(C::ReturnedDeficient), out(B::UnderConsideration),
          out(B::ReturnedForInfo)],
        "Chase the other side", "Practice"),
    rule(K::EvidenceReturn, "EVIDENCE_RETURN", "Return evidence",
        &[on(mla(C::EvidenceReceived))], Due::Recorded(Detail::ReturnByDate), &[],
        "Return it", "CICA 2003 s.9")
        .survives_closure(),
    rule(K::HoldReview, "HOLD_REVIEW", "Review a case on hold",
        &[on(inc(A::Deferred)), on(inc(A::Adjourned)), on(inc(A::Postponed))],
        Due::Recorded(Detail::ReviewDate), &[], "Case drifts unreviewed", "Practice")
        .met_on_leave(),
    rule(K::NoticeReview, "NOTICE_REVIEW", "Review the INTERPOL notice",
        &[on(out(B::NoticePublished))], Due::Period(Period::Months(60), Counting::After), &[],
        "Notice expires", "INTERPOL Rules on the Processing of Data art. 49 (5-year validity)")
        .met_on_leave().unverified(),
    rule(K::ReplyDue, "REPLY_DUE", "Reply to a request for further information",
        &[on(mla(C::FurtherInfoRequested))], Due::Recorded(Detail::ReplyDueDate), &[],
        "Request may be refused or lapse", "Practice")
        .met_on_leave(),
];

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
