//! The deadline catalogue (`docs/law.md` §3) as data: which clocks there are, what starts them,
//! how long they run and what the law says. Events name their clocks by these keys; `clock.rs`
//! computes the clocks from a case's history.

use super::dates::{Counting, Period};
use super::details::HearingKind;
use super::workflow::{Detail, IncomingState as A, MlaState as C, OutgoingState as B, Status};
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
    /// What starts it, in the officer's words, as it completes "counted from …": "the
    /// provisional arrest".
    pub counted_from: &'static str,
    /// What missing it means, as a sentence without its full stop, completing "If missed: …".
    pub consequence: &'static str,
    pub source: &'static str,
    /// `docs/law.md` marks the rule unverified: show it with a "check" marker.
    pub verified: bool,
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
        &[on(inc(A::Deferred)), on(inc(A::Adjourned)), on(inc(A::Postponed))],
        "the case being put on hold", Due::Recorded(Detail::ReviewDate), &[],
        "the case drifts unreviewed", "Practice")
        .met_on_leave(),
    rule(K::NoticeReview, "NOTICE_REVIEW", "Review the INTERPOL notice",
        &[on(out(B::NoticePublished))], "the notice being published",
        Due::Period(Period::Months(60), Counting::After), &[],
        "the notice expires", "INTERPOL Rules on the Processing of Data art. 49 (5-year validity)")
        .met_on_leave().unverified(),
    rule(K::ReplyDue, "REPLY_DUE", "Reply to a request for further information",
        &[on(mla(C::FurtherInfoRequested))], "the request for further information",
        Due::Recorded(Detail::ReplyDueDate), &[],
        "the request may be refused or lapse", "Practice")
        .met_on_leave(),
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
                let days: Vec<String> = steps.iter().map(u32::to_string).collect();
                let (last, first) = days.split_last().map_or(("", &[][..]), |(l, f)| (l, f));
                let list = if first.is_empty() {
                    last.to_string()
                } else {
                    format!("{} and {last}", first.join(", "))
                };
                format!("Chase {list} calendar days after {from}, until it is answered")
            }
            Due::Recorded(detail) => format!(
                "Until the date recorded as \u{201c}{}\u{201d}, from {from}",
                detail.label()
            ),
            Due::RequiredBy => {
                format!("Until the request's \u{201c}required by\u{201d} date, from {from}")
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
