//! The deadline catalogue with worked dates, computed from real histories built through
//! `Casebook::apply` (never by calling `Period` directly).

use super::particulars::{ers_recorded, notification_recorded, notification_recorded_under_18};
use super::workstreams::*;
use super::*;
use crate::domain::clock::{CATALOGUE, Clock, ClockKey, ClockStatus};
use crate::domain::event::DetailValue;
use ClockKey as K;
use ClockStatus::{Expired, Extended, Met, Missed, Open, Void};
use IncomingState as A;
use MlaState as C;
use OutgoingState as B;
use std::collections::BTreeSet;

/// The clocks of `key` started on `trigger`, as of `today`: there must be exactly one.
fn clock_of(fx: &Fixture, key: ClockKey, trigger: &str, today: &str) -> Clock {
    let found: Vec<Clock> = fx
        .clocks(d(today))
        .into_iter()
        .filter(|c| c.key == key && c.trigger_date == d(trigger))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{key} triggered {trigger}, as of {today}: {found:?}"
    );
    found.into_iter().next().unwrap()
}

fn keys_of(fx: &Fixture, today: &str) -> Vec<ClockKey> {
    fx.clocks(d(today)).into_iter().map(|c| c.key).collect()
}

fn date(s: &str) -> DetailValue {
    DetailValue::Date(d(s))
}

// Histories. Incoming extradition cases are opened on 2026-01-05 and made ready.

pub(super) fn incoming() -> Fixture {
    Fixture::ready(CaseKind::Extradition, Direction::Incoming, OPENED)
}

fn pa_arrested() -> Fixture {
    let mut fx = incoming();
    fx.walk(&[
        (inc(A::PaRequested), "2026-01-08"),
        (inc(A::PaArrested), "2026-01-10"),
    ]);
    fx
}

fn pa_certified(on: &str) -> Fixture {
    let mut fx = pa_arrested();
    fx.walk(&[
        (inc(A::RequestReceived), "2026-01-20"),
        (inc(A::SpecialArrangementCertified), "2026-02-01"),
        (inc(A::RequestCertified), on),
    ]);
    fx
}

fn pa_certified_in_time() -> Fixture {
    pa_certified("2026-02-20")
}

fn pa_certified_late() -> Fixture {
    pa_certified("2026-02-25")
}

pub(super) fn certified() -> Fixture {
    let mut fx = incoming();
    fx.walk(&[
        (inc(A::RequestReceived), "2026-01-06"),
        (inc(A::SpecialArrangementCertified), "2026-01-07"),
        (inc(A::RequestCertified), "2026-01-08"),
    ]);
    fx
}

fn arrested_on_warrant() -> Fixture {
    let mut fx = certified();
    fx.walk(&[
        (inc(A::WarrantIssued), "2026-01-09"),
        (inc(A::Arrested), "2026-03-09"),
        (inc(A::InitialHearing), "2026-03-10"),
    ]);
    fx
}

fn hearing_began() -> Fixture {
    let mut fx = arrested_on_warrant();
    fx.go(inc(A::ExtraditionHearing), "2026-04-20");
    fx
}

fn sent_to_sos(on: &str) -> Fixture {
    let mut fx = certified();
    fx.walk(&[
        (inc(A::InitialHearing), "2026-01-09"),
        (inc(A::Consented), "2026-01-10"),
        (inc(A::SentToSos), on),
    ]);
    fx
}

fn sent_2026_02_02() -> Fixture {
    sent_to_sos("2026-02-02")
}

fn sent_2026_12_31() -> Fixture {
    sent_to_sos("2026-12-31")
}

fn sent_2027_12_31() -> Fixture {
    sent_to_sos("2027-12-31")
}

/// Ordered on 27 February, the person told on 1 March.
fn ordered() -> Fixture {
    let mut fx = sent_2026_02_02();
    fx.go_with(
        inc(A::SosOrdered),
        "2026-02-27",
        &[(Detail::DatePersonTold, date("2026-03-01"))],
    );
    fx
}

fn appealed_in_time() -> Fixture {
    let mut fx = ordered();
    fx.go(inc(A::AppealHc), "2026-03-13");
    fx
}

fn appealed_late() -> Fixture {
    let mut fx = ordered();
    fx.go(inc(A::AppealHc), "2026-03-16");
    fx
}

/// Ordered (and told) on 2 March.
fn ordered_2026_03_02() -> Fixture {
    let mut fx = sent_2026_02_02();
    fx.go(inc(A::SosOrdered), "2026-03-02");
    fx
}

fn surrendered_without_appeal() -> Fixture {
    let mut fx = ordered_2026_03_02();
    fx.walk(&[
        (inc(A::AwaitingSurrender), "2026-03-10"),
        (inc(A::Surrendered), "2026-03-20"),
    ]);
    fx
}

fn appeal_dismissed() -> Fixture {
    let mut fx = ordered_2026_03_02();
    fx.walk(&[
        (inc(A::AppealHc), "2026-03-10"),
        (inc(A::AwaitingSurrender), "2026-06-01"),
    ]);
    fx
}

fn supreme_court() -> Fixture {
    let mut fx = ordered_2026_03_02();
    fx.walk(&[
        (inc(A::AppealHc), "2026-03-10"),
        (inc(A::AppealSc), "2026-08-03"),
    ]);
    fx
}

pub(super) fn discharged_after_hearing() -> Fixture {
    let mut fx = certified();
    fx.walk(&[
        (inc(A::InitialHearing), "2026-01-09"),
        (inc(A::ExtraditionHearing), "2026-04-01"),
        (inc(A::Discharged), "2026-05-04"),
    ]);
    fx
}

fn deferred() -> Fixture {
    let mut fx = sent_2026_02_02();
    fx.go_with(
        inc(A::Deferred),
        "2026-02-10",
        &[(Detail::ReviewDate, date("2026-04-01"))],
    );
    fx
}

fn resumed_in_time() -> Fixture {
    let mut fx = deferred();
    fx.go(inc(A::SentToSos), "2026-03-20");
    fx
}

fn resumed_late() -> Fixture {
    let mut fx = deferred();
    fx.go(inc(A::SentToSos), "2026-04-05");
    fx
}

// Outgoing extradition.

fn outgoing() -> Fixture {
    Fixture::ready(CaseKind::Extradition, Direction::Outgoing, OPENED)
}

fn outgoing_transmitted() -> Fixture {
    let mut fx = outgoing();
    fx.walk(&[
        (out(B::FileInPreparation), "2026-01-06"),
        (out(B::RequestIssued), "2026-01-07"),
        (out(B::Transmitted), "2026-01-08"),
    ]);
    fx
}

fn pk_surrender_ordered(on: &str) -> Fixture {
    let mut fx = outgoing_transmitted();
    fx.walk(&[
        (out(B::UnderConsideration), "2026-01-20"),
        (out(B::InquiryOrdered), "2026-02-01"),
        (out(B::FugitiveArrested), "2026-02-10"),
        (out(B::InquiryReported), "2026-03-15"),
        (out(B::SurrenderOrdered), on),
    ]);
    fx
}

fn pk_ordered_2026_04_15() -> Fixture {
    pk_surrender_ordered("2026-04-15")
}

fn pk_ordered_2026_12_31() -> Fixture {
    pk_surrender_ordered("2026-12-31")
}

fn notice_published() -> Fixture {
    let mut fx = outgoing();
    fx.walk(&[
        (out(B::NoticeRequested), "2026-01-20"),
        (out(B::NoticePublished), "2026-02-10"),
    ]);
    fx
}

// Mutual legal assistance.

fn mla_case() -> Fixture {
    Fixture::ready(CaseKind::Mla, Direction::Outgoing, OPENED)
}

fn mla_transmitted() -> Fixture {
    let mut fx = mla_case();
    fx.walk(&[
        (mla(C::InReview), "2026-01-06"),
        (mla(C::Issued), "2026-01-07"),
        (mla(C::Transmitted), "2026-02-02"),
    ]);
    fx
}

fn mla_acknowledged() -> Fixture {
    let mut fx = mla_transmitted();
    fx.go(mla(C::Acknowledged), "2026-03-10");
    fx
}

fn mla_acknowledged_late() -> Fixture {
    let mut fx = mla_transmitted();
    fx.go(mla(C::Acknowledged), "2026-05-10");
    fx
}

fn mla_required_by() -> Fixture {
    let mut fx = mla_case();
    fx.update(|c| {
        c.mla.required_by = Some(d("2026-06-30"));
        c.mla.required_by_reason = "Trial fixed for 6 July 2026 at Southwark Crown Court".into();
    });
    fx.walk(&[
        (mla(C::InReview), "2026-01-06"),
        (mla(C::Issued), "2026-01-07"),
    ]);
    fx
}

fn mla_under_consideration() -> Fixture {
    let mut fx = mla_case();
    fx.walk(&[
        (mla(C::InReview), "2026-01-06"),
        (mla(C::Issued), "2026-01-07"),
        (mla(C::Transmitted), "2026-01-08"),
        (mla(C::Acknowledged), "2026-01-20"),
        (mla(C::UnderConsideration), "2026-01-21"),
    ]);
    fx
}

fn mla_further_info() -> Fixture {
    let mut fx = mla_under_consideration();
    fx.go_with(
        mla(C::FurtherInfoRequested),
        "2026-02-01",
        &[(Detail::ReplyDueDate, date("2026-03-01"))],
    );
    fx
}

fn mla_further_info_answered() -> Fixture {
    let mut fx = mla_further_info();
    fx.go(mla(C::UnderConsideration), "2026-02-20");
    fx
}

/// Evidence received on 15 March, to be returned by 30 September; the case closed on 1 April.
fn mla_evidence_closed() -> Fixture {
    let mut fx = mla_under_consideration();
    fx.walk(&[
        (mla(C::Accepted), "2026-02-01"),
        (mla(C::InExecution), "2026-02-02"),
        (mla(C::Executed), "2026-03-01"),
    ]);
    fx.go_with(
        mla(C::EvidenceReceived),
        "2026-03-15",
        &[(Detail::ReturnByDate, date("2026-09-30"))],
    );
    fx.go(mla(C::Closed), "2026-04-01");
    fx
}

/// One worked date: the clock `key` started on `trigger` in the history `build` makes, seen on
/// `today`.
struct Worked {
    key: ClockKey,
    build: fn() -> Fixture,
    today: &'static str,
    trigger: &'static str,
    due: &'static str,
    status: ClockStatus,
    days_left: i64,
}

const fn w(
    key: ClockKey,
    build: fn() -> Fixture,
    today: &'static str,
    trigger: &'static str,
    due: &'static str,
    status: ClockStatus,
    days_left: i64,
) -> Worked {
    Worked {
        key,
        build,
        today,
        trigger,
        due,
        status,
        days_left,
    }
}

#[rustfmt::skip]
const WORKED: &[Worked] = &[
    // 45 days starting with the provisional arrest (§2: the arrest day is day 1).
    w(K::UkPaDocs, pa_arrested, "2026-02-01", "2026-01-10", "2026-02-23", Open, 22),
    w(K::UkPaDocs, pa_arrested, "2026-02-23", "2026-01-10", "2026-02-23", Open, 0),
    w(K::UkPaDocs, pa_arrested, "2026-02-24", "2026-01-10", "2026-02-23", Missed, -1),
    w(K::UkPaDocs, pa_certified_in_time, "2026-03-01", "2026-01-10", "2026-02-23", Met, -6),
    w(K::UkPaDocs, pa_certified_late, "2026-03-01", "2026-01-10", "2026-02-23", Missed, -6),
    // 2 months starting with the certificate, only after a provisional arrest.
    w(K::UkExhStartPa, pa_certified_in_time, "2026-03-01", "2026-02-20", "2026-04-19", Open, 49),
    // 2 months starting with the first appearance after arrest on a certified request.
    w(K::UkExhStartCert, arrested_on_warrant, "2026-03-10", "2026-03-10", "2026-05-09", Open, 60),
    w(K::UkExhStartCert, hearing_began, "2026-04-20", "2026-03-10", "2026-05-09", Met, 19),
    // 4 weeks starting with the day the case is sent: a window, so it expires.
    w(K::UkSosReps, sent_2026_12_31, "2027-01-27", "2026-12-31", "2027-01-27", Open, 0),
    w(K::UkSosReps, sent_2026_12_31, "2027-01-28", "2026-12-31", "2027-01-27", Expired, -1),
    // 2 months starting with 31 December: no 31 February, so the month's last day.
    w(K::UkSosDecision, sent_2026_12_31, "2027-01-15", "2026-12-31", "2027-02-28", Open, 44),
    w(K::UkSosDecision, sent_2027_12_31, "2028-03-01", "2027-12-31", "2028-02-29", Missed, -1),
    // 14 days starting with the day the person was told (a detail), not the order date.
    w(K::UkAppealHc, ordered, "2026-03-14", "2026-03-01", "2026-03-14", Open, 0),
    w(K::UkAppealHc, ordered, "2026-03-15", "2026-03-01", "2026-03-14", Expired, -1),
    w(K::UkAppealHc, appealed_in_time, "2026-03-15", "2026-03-01", "2026-03-14", Met, -1),
    w(K::UkAppealHc, appealed_late, "2026-03-16", "2026-03-01", "2026-03-14", Expired, -2),
    // 28 days starting with the order; an appeal supersedes it, the final decision restarts it.
    w(K::UkSurrender, surrendered_without_appeal, "2026-03-20", "2026-03-02", "2026-03-29", Met, 9),
    w(K::UkSurrender, appeal_dismissed, "2026-06-01", "2026-03-02", "2026-03-29", Void, -64),
    w(K::UkSurrender, appeal_dismissed, "2026-06-01", "2026-06-01", "2026-06-28", Open, 27),
    // 14 days starting with the High Court's decision.
    w(K::UkScLeave, appeal_dismissed, "2026-06-15", "2026-06-01", "2026-06-14", Expired, -1),
    // 28 days starting with the grant of leave.
    w(K::UkScBring, supreme_court, "2026-08-10", "2026-08-03", "2026-08-30", Open, 20),
    // 14 days starting with the discharge; it outlives the closure of the case.
    w(K::UkAppealState, discharged_after_hearing, "2026-05-10", "2026-05-04", "2026-05-17", Open, 7),
    // Two months after the order in Pakistan (not "starting with").
    w(K::PkSurrender, pk_ordered_2026_04_15, "2026-05-01", "2026-04-15", "2026-06-15", Open, 45),
    w(K::PkSurrender, pk_ordered_2026_12_31, "2027-01-01", "2026-12-31", "2027-02-28", Open, 58),
    // The chaser moves from 30 to 60 to 90 days after transmission as "today" advances.
    w(K::MlaFollowUp, mla_transmitted, "2026-02-10", "2026-02-02", "2026-03-04", Open, 22),
    w(K::MlaFollowUp, mla_transmitted, "2026-03-04", "2026-02-02", "2026-03-04", Open, 0),
    w(K::MlaFollowUp, mla_transmitted, "2026-03-05", "2026-02-02", "2026-04-03", Open, 29),
    w(K::MlaFollowUp, mla_transmitted, "2026-04-04", "2026-02-02", "2026-05-03", Open, 29),
    w(K::MlaFollowUp, mla_transmitted, "2026-05-04", "2026-02-02", "2026-05-03", Missed, -1),
    w(K::MlaFollowUp, mla_acknowledged, "2026-03-10", "2026-02-02", "2026-04-03", Met, 24),
    w(K::MlaFollowUp, mla_acknowledged_late, "2026-05-10", "2026-02-02", "2026-05-03", Missed, -7),
    w(K::MlaFollowUp, outgoing_transmitted, "2026-02-01", "2026-01-08", "2026-02-07", Open, 6),
    // The request's own "required by" date, from issue.
    w(K::MlaRequiredBy, mla_required_by, "2026-03-01", "2026-01-07", "2026-06-30", Open, 121),
    // The return date recorded on receipt; the case's closure does not end the duty.
    w(K::EvidenceReturn, mla_evidence_closed, "2026-05-01", "2026-03-15", "2026-09-30", Open, 152),
    w(K::EvidenceReturn, mla_evidence_closed, "2026-10-01", "2026-03-15", "2026-09-30", Missed, -1),
    // The review date recorded on entering the hold; leaving the hold meets it.
    w(K::HoldReview, deferred, "2026-03-01", "2026-02-10", "2026-04-01", Open, 31),
    w(K::HoldReview, resumed_in_time, "2026-03-20", "2026-02-10", "2026-04-01", Met, 12),
    w(K::HoldReview, resumed_late, "2026-04-05", "2026-02-10", "2026-04-01", Missed, -4),
    // Five years after publication (60 months after).
    w(K::NoticeReview, notice_published, "2026-02-10", "2026-02-10", "2031-02-10", Open, 1826),
    // The reply date recorded with the question; answering meets it.
    w(K::ReplyDue, mla_further_info, "2026-02-15", "2026-02-01", "2026-03-01", Open, 14),
    w(K::ReplyDue, mla_further_info_answered, "2026-02-20", "2026-02-01", "2026-03-01", Met, 9),
    // The other workstreams' worked examples (`../shared/domain.md` §14, `workstreams.rs`).
    w(K::RetVerifyChase, returns_documentation_sent, "2027-01-07", "2027-01-06", "2027-01-20", Open, 13),
    w(K::RetMissionNotice, returns_scheduled, "2027-02-21", "2027-02-20", "2027-02-28", Open, 7),
    w(K::RetMissionNotice, returns_listed_and_closed, "2027-03-30", "2027-02-20", "2027-02-28", Met, -30),
    // Five working days by the England and Wales calendar (Good Friday, Easter Monday).
    w(K::UkRemovalNotice, returns_scheduled, "2027-03-25", "2027-03-24", "2027-04-03", Open, 9),
    w(K::UkAppealFtt, returns_barrier, "2027-02-10", "2027-02-01", "2027-02-15", Open, 5),
    w(K::UkAppealFtt, returns_barrier, "2027-02-16", "2027-02-01", "2027-02-15", Expired, -1),
    w(K::PkPclExpiry, returns_listed_and_closed, "2027-03-30", "2027-03-16", "2032-03-16", Open, 1813),
    w(K::PkPclExpiry, returns_arrived_leap_day, "2028-03-03", "2028-02-29", "2033-02-28", Open, 1823),
    w(K::RetEtdExpiry, returns_etd_issued, "2027-02-13", "2027-02-12", "2027-05-12", Open, 88),
    w(K::UkRemovalRenotice, returns_failed, "2027-03-16", "2027-03-15", "2027-04-04", Open, 19),
    w(K::CrxReply, conviction_sent, "2027-01-06", "2027-01-05", "2027-01-15", Open, 9),
    w(K::CrxRespond, conviction_received, "2027-03-02", "2027-03-01", "2027-03-15", Open, 13),
    w(K::CspPreservationExpiry, preservation_confirmed, "2027-01-11", "2027-01-10", "2027-04-10", Open, 89),
    w(K::UkOpoServe, opo_made, "2027-02-16", "2027-02-15", "2027-05-14", Open, 87),
    w(K::P2pReply, enquiry_sent, "2027-02-02", "2027-02-01", "2027-02-15", Open, 13),
    w(K::SoaTravelNotice, travel_notified, "2027-05-21", "2027-06-01", "2027-05-25", Met, 4),
    w(K::AlertBeforeDeparture, travel_notified, "2027-05-21", "2027-06-01", "2027-05-31", Open, 10),
    w(K::GreenNoticeReview, green_notice_published, "2027-06-04", "2027-06-03", "2032-06-03", Open, 1826),
    w(K::UkErsDate, ers_recorded, "2026-05-02", "2026-01-05", "2026-06-01", Open, 30),
    w(K::SoaNotificationEnd, notification_recorded, "2026-10-14", "2026-10-14", "2036-10-13", Open, 3652),
    w(K::SoaNotificationEndUnder18, notification_recorded_under_18, "2026-10-14", "2026-10-14", "2031-10-13", Open, 1825),
];

#[test]
fn worked_dates_of_the_catalogue() {
    for (i, case) in WORKED.iter().enumerate() {
        let fx = (case.build)();
        let clock = clock_of(&fx, case.key, case.trigger, case.today);
        let label = format!(
            "row {i}: {} triggered {} on {}",
            case.key, case.trigger, case.today
        );
        assert_eq!(clock.due, d(case.due), "{label}: due");
        assert_eq!(clock.status, case.status, "{label}: status");
        assert_eq!(clock.days_left, case.days_left, "{label}: days left");
        let started = fx
            .case()
            .history()
            .iter()
            .find(|e| e.id == clock.started_by)
            .unwrap_or_else(|| panic!("{label}: no starting event"));
        // A move starts it, or, for what the case records of itself, its opening.
        let recorded = clock.rule().starts.is_empty();
        assert!(
            matches!(started.kind, EventKind::Transition { .. })
                || recorded && matches!(started.kind, EventKind::Opened { .. }),
            "{label}: started by {:?}",
            started.kind
        );
        if matches!(case.status, Open | Extended) {
            assert_eq!(clock.stopped_on, None, "{label}");
        }
        if matches!(case.status, Met | Void) {
            assert!(clock.stopped_on.is_some(), "{label}: {clock:?}");
        }
    }
}

#[test]
fn every_catalogue_key_has_a_worked_date() {
    let worked: BTreeSet<ClockKey> = WORKED.iter().map(|w| w.key).collect();
    let catalogue: BTreeSet<ClockKey> = CATALOGUE.iter().map(|r| r.key).collect();
    let untested: Vec<String> = catalogue
        .difference(&worked)
        .map(|k| k.rule().code.to_string())
        .collect();
    assert!(untested.is_empty(), "no worked date for {untested:?}");
    // Every key of the enum, not of the catalogue, has one line, at its index, where
    // `ClockKey::rule` first looks.
    let keys: Vec<ClockKey> = every_variant();
    assert!(keys.len() > 10, "{} keys", keys.len());
    assert_eq!(CATALOGUE.len(), keys.len(), "as many lines as keys");
    for key in keys {
        let line = CATALOGUE.get(key as usize).map(|r| r.key);
        assert_eq!(line, Some(key), "{key:?} has no line at its place");
    }
    assert_eq!(catalogue.len(), CATALOGUE.len(), "a key appears twice");
    // A replay picks the lines a transition may start as bits of a u64.
    assert!(CATALOGUE.len() <= 64);
    // Every status a clock can have is shown somewhere in the table, except Extended, which
    // needs a command and has its own test.
    let statuses: BTreeSet<ClockStatus> = WORKED.iter().map(|w| w.status).collect();
    assert_eq!(statuses, BTreeSet::from([Open, Met, Missed, Expired, Void]));
}

#[test]
fn unverified_rules_are_marked() {
    let unverified: Vec<&str> = CATALOGUE
        .iter()
        .filter(|r| !r.verified)
        .map(|r| r.code)
        .collect();
    assert_eq!(
        unverified,
        [
            "UK_SOS_DECISION",
            "NOTICE_REVIEW",
            "RET_MISSION_NOTICE",
            "RET_VERIFY_CHASE",
            "UK_REMOVAL_NOTICE",
            "UK_REMOVAL_RENOTICE",
            "PK_PCL_EXPIRY",
            "CRX_REPLY",
            "CRX_RESPOND",
            "SOA_TRAVEL_NOTICE",
            "GREEN_NOTICE_REVIEW",
            // Its under-18 line: s.82(2)'s halving is unverified.
            "SOA_NOTIFICATION_END",
        ]
    );
    let fx = sent_2026_12_31();
    let decision = clock_of(&fx, K::UkSosDecision, "2026-12-31", "2027-01-01");
    assert!(!decision.rule().verified);
    let reps = clock_of(&fx, K::UkSosReps, "2026-12-31", "2027-01-01");
    assert!(reps.rule().verified);
    for rule in CATALOGUE {
        assert!(
            !rule.source.trim().is_empty(),
            "{} has no source",
            rule.code
        );
        assert!(!rule.title.trim().is_empty(), "{} has no title", rule.code);
    }
}

#[test]
fn sending_to_the_secretary_of_state_starts_both_clocks_and_the_order_meets_the_decision() {
    let mut fx = sent_2026_02_02();
    assert_eq!(
        keys_of(&fx, "2026-02-03"),
        [K::UkSosReps, K::UkSosDecision, K::UkExhStartCert],
        "running clocks first, due first; the met hearing clock after"
    );
    fx.go_with(
        inc(A::SosOrdered),
        "2026-02-20",
        &[(Detail::DatePersonTold, date("2026-02-23"))],
    );
    let reps = clock_of(&fx, K::UkSosReps, "2026-02-02", "2026-02-25");
    assert_eq!(
        (reps.due, reps.status, reps.stopped_on),
        (d("2026-03-01"), Met, Some(d("2026-02-20")))
    );
    let decision = clock_of(&fx, K::UkSosDecision, "2026-02-02", "2026-02-25");
    assert_eq!((decision.due, decision.status), (d("2026-04-01"), Met));
    assert_eq!(
        fx.next_deadline(d("2026-02-25")).map(|c| (c.key, c.due)),
        Some((K::UkAppealHc, d("2026-03-08")))
    );
}

fn correct_last(fx: &mut Fixture, reason: &str) {
    let event = fx.case().correctable().expect("a correctable change").id;
    fx.apply(Command::Correct {
        case: fx.case,
        event,
        reason: reason.into(),
    })
    .unwrap();
}

#[test]
fn correcting_the_starting_transition_voids_its_clocks() {
    let mut fx = pa_arrested();
    fx.set_now("2026-01-12");
    correct_last(&mut fx, "Recorded on the wrong case");
    let docs = clock_of(&fx, K::UkPaDocs, "2026-01-10", "2026-01-12");
    assert_eq!(docs.status, Void);
    assert!(!docs.is_pending());
    assert_eq!(fx.next_deadline(d("2026-01-12")), None);
    fx.set_now(NOW);
    // Without the arrest, certification later starts no UK_EXH_START_PA.
    fx.walk(&[
        (inc(A::RequestReceived), "2026-01-20"),
        (inc(A::SpecialArrangementCertified), "2026-02-01"),
        (inc(A::RequestCertified), "2026-02-20"),
    ]);
    assert_eq!(keys_of(&fx, "2026-02-21"), [K::UkPaDocs]);
}

#[test]
fn correcting_the_transition_that_met_a_clock_reopens_it() {
    let mut fx = ordered();
    assert_eq!(
        clock_of(&fx, K::UkSosDecision, "2026-02-02", "2026-03-02").status,
        Met
    );
    fx.set_now("2026-03-02");
    correct_last(&mut fx, "The order was for the co-accused");
    let decision = clock_of(&fx, K::UkSosDecision, "2026-02-02", "2026-03-02");
    assert_eq!((decision.status, decision.stopped_on), (Open, None));
    assert_eq!(decision.due, d("2026-04-01"));
    assert_eq!(
        clock_of(&fx, K::UkAppealHc, "2026-03-01", "2026-03-02").status,
        Void
    );
    assert_eq!(
        clock_of(&fx, K::UkSurrender, "2026-02-27", "2026-03-02").status,
        Void
    );
}

#[test]
fn an_appeal_supersedes_the_surrender_clock_and_the_final_decision_restarts_it() {
    let fx = appeal_dismissed();
    let all: Vec<Clock> = fx
        .clocks(d("2026-06-01"))
        .into_iter()
        .filter(|c| c.key == K::UkSurrender)
        .collect();
    assert_eq!(all.len(), 2);
    let first = clock_of(&fx, K::UkSurrender, "2026-03-02", "2026-06-01");
    assert_eq!(
        (first.status, first.stopped_on),
        (Void, Some(d("2026-03-10")))
    );
    // Surrender in time meets the new one.
    let mut fx = fx;
    fx.go(inc(A::Surrendered), "2026-06-20");
    let second = clock_of(&fx, K::UkSurrender, "2026-06-01", "2026-07-01");
    assert_eq!((second.status, second.due), (Met, d("2026-06-28")));
    // From the Supreme Court, the final decision restarts it too, and meets UK_SC_BRING.
    let mut fx = supreme_court();
    fx.go(inc(A::AwaitingSurrender), "2026-08-20");
    let after_sc = clock_of(&fx, K::UkSurrender, "2026-08-20", "2026-08-21");
    assert_eq!((after_sc.status, after_sc.due), (Open, d("2026-09-16")));
    assert_eq!(
        clock_of(&fx, K::UkScBring, "2026-08-03", "2026-08-21").status,
        Met
    );
    assert!(
        !keys_of(&fx, "2026-08-21").contains(&K::UkScLeave),
        "leave is only sought after the High Court's decision"
    );
}

#[test]
fn a_writ_suspends_surrender_in_pakistan_and_a_fresh_order_restarts_it() {
    let mut fx = pk_ordered_2026_04_15();
    fx.walk(&[
        (out(B::WritPending), "2026-05-01"),
        (out(B::SurrenderOrdered), "2026-07-10"),
        (out(B::Surrendered), "2026-08-01"),
    ]);
    assert_eq!(
        clock_of(&fx, K::PkSurrender, "2026-04-15", "2026-08-02").status,
        Void
    );
    let fresh = clock_of(&fx, K::PkSurrender, "2026-07-10", "2026-08-02");
    assert_eq!((fresh.due, fresh.status), (d("2026-09-10"), Met));
}

#[test]
fn an_extension_needs_a_reason_and_a_later_date_and_moves_the_due_date() {
    let mut fx = sent_2026_12_31();
    let decision = clock_of(&fx, K::UkSosDecision, "2026-12-31", "2027-02-20");
    assert_eq!(decision.due, d("2027-02-28"));
    fx.set_now("2027-02-20");
    let case = fx.case;
    let extend = |new_due: &str, reason: &str| Command::ExtendClock {
        case,
        clock: K::UkSosDecision,
        started_by: decision.started_by,
        new_due: d(new_due),
        reason: reason.into(),
    };
    let refused = [
        extend("2027-02-10", "High Court order"),
        extend("2027-02-28", "High Court order"),
        extend("2027-04-30", ""),
        extend("2027-04-30", "   "),
    ];
    for command in refused {
        let before = fx.case().clone();
        assert_eq!(
            fx.apply(command.clone()),
            Err(CommandError::BadExtension(d("2027-02-28"))),
            "{command:?}"
        );
        assert_eq!(fx.case(), &before);
    }
    let unknown = Command::ExtendClock {
        case: fx.case,
        clock: K::UkPaDocs,
        started_by: decision.started_by,
        new_due: d("2027-04-30"),
        reason: "No such clock".into(),
    };
    assert_eq!(
        fx.apply(unknown),
        Err(CommandError::UnknownClock {
            clock: K::UkPaDocs,
            started_by: decision.started_by
        })
    );
    let reason = "High Court extended the period (s.99(4))";
    fx.apply(extend("2027-04-30", reason)).unwrap();
    let extended = clock_of(&fx, K::UkSosDecision, "2026-12-31", "2027-03-15");
    assert_eq!(extended.status, Extended);
    assert_eq!(extended.due, d("2027-04-30"));
    assert_eq!(extended.days_left, 46);
    assert_eq!(
        extended
            .extended_by
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some(reason)
    );
    assert!(extended.is_pending());
    assert!(matches!(
        &fx.last_event().kind,
        EventKind::ClockExtended { new_due, .. } if *new_due == d("2027-04-30")
    ));
    let overdue = clock_of(&fx, K::UkSosDecision, "2026-12-31", "2027-05-01");
    assert_eq!((overdue.status, overdue.days_left), (Missed, -1));
    // Met within the extension.
    fx.set_now("2027-05-01");
    fx.go(inc(A::SosOrdered), "2027-04-15");
    let met = clock_of(&fx, K::UkSosDecision, "2026-12-31", "2027-05-01");
    assert_eq!((met.status, met.stopped_on), (Met, Some(d("2027-04-15"))));
    assert_casebook_sound(&fx);
}

fn assert_casebook_sound(fx: &Fixture) {
    let findings = crate::domain::check::check_casebook(&fx.book, d(NOW));
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn evidence_return_survives_closure_and_is_met_by_a_command() {
    let mut fx = mla_evidence_closed();
    assert!(fx.status().is_terminal());
    let clock = clock_of(&fx, K::EvidenceReturn, "2026-03-15", "2026-09-15");
    assert!(clock.is_pending());
    assert_eq!(
        fx.next_deadline(d("2026-09-15")).map(|c| c.key),
        Some(K::EvidenceReturn)
    );
    fx.set_now("2026-09-16");
    let meet = Command::MeetClock {
        case: fx.case,
        clock: K::EvidenceReturn,
        started_by: clock.started_by,
        on: d("2026-09-15"),
        note: "Returned to the FIA by diplomatic bag".into(),
    };
    fx.apply(meet.clone()).unwrap();
    let met = clock_of(&fx, K::EvidenceReturn, "2026-03-15", "2026-10-01");
    assert_eq!((met.status, met.stopped_on), (Met, Some(d("2026-09-15"))));
    assert_eq!(fx.next_deadline(d("2026-10-01")), None);
    // Met once: a second time is refused.
    assert_eq!(
        fx.apply(meet),
        Err(CommandError::UnknownClock {
            clock: K::EvidenceReturn,
            started_by: clock.started_by
        })
    );
    // Returned late: missed.
    let mut late = mla_evidence_closed();
    late.set_now("2026-10-20");
    let started_by = clock_of(&late, K::EvidenceReturn, "2026-03-15", "2026-10-20").started_by;
    late.apply(Command::MeetClock {
        case: late.case,
        clock: K::EvidenceReturn,
        started_by,
        on: d("2026-10-15"),
        note: "Returned".into(),
    })
    .unwrap();
    let missed = clock_of(&late, K::EvidenceReturn, "2026-03-15", "2026-10-20");
    assert_eq!(
        (missed.status, missed.stopped_on),
        (Missed, Some(d("2026-10-15")))
    );
    // No return date recorded: no clock.
    let mut none = mla_under_consideration();
    none.walk(&[
        (mla(C::Accepted), "2026-02-01"),
        (mla(C::InExecution), "2026-02-02"),
        (mla(C::Executed), "2026-03-01"),
        (mla(C::EvidenceReceived), "2026-03-15"),
    ]);
    assert!(!keys_of(&none, "2026-03-16").contains(&K::EvidenceReturn));
}

#[test]
fn closing_a_case_voids_the_clocks_that_do_not_outlive_it() {
    let mut fx = pa_arrested();
    fx.go(inc(A::Discharged), "2026-01-20");
    let docs = clock_of(&fx, K::UkPaDocs, "2026-01-10", "2026-01-21");
    assert_eq!(
        (docs.status, docs.stopped_on),
        (Void, Some(d("2026-01-20")))
    );
    let appeal = clock_of(&fx, K::UkAppealState, "2026-01-20", "2026-01-21");
    assert_eq!((appeal.status, appeal.due), (Open, d("2026-02-02")));
    // Closed after the due date: the duty was missed, not voided.
    let mut late = pa_arrested();
    late.go(inc(A::Discharged), "2026-03-01");
    assert_eq!(
        clock_of(&late, K::UkPaDocs, "2026-01-10", "2026-03-02").status,
        Missed
    );
}

#[test]
fn hearing_clocks_start_only_under_their_conditions() {
    // UK_EXH_START_PA: after a provisional arrest only.
    assert!(keys_of(&pa_certified_in_time(), "2026-02-21").contains(&K::UkExhStartPa));
    assert!(!keys_of(&certified(), "2026-01-09").contains(&K::UkExhStartPa));
    // UK_EXH_START_CERT (s.75): on the first appearance after arrest on the warrant, or on
    // the certified request without a provisional arrest; never after one.
    assert!(keys_of(&arrested_on_warrant(), "2026-03-11").contains(&K::UkExhStartCert));
    let mut direct = certified();
    direct.go(inc(A::InitialHearing), "2026-01-09");
    let cert = clock_of(&direct, K::UkExhStartCert, "2026-01-09", "2026-01-10");
    assert_eq!((cert.status, cert.due), (Open, d("2026-03-08")));
    let mut after_pa = pa_certified_in_time();
    after_pa.go(inc(A::InitialHearing), "2026-02-21");
    assert!(!keys_of(&after_pa, "2026-02-22").contains(&K::UkExhStartCert));
    // Consent also meets them.
    let mut consented = pa_certified_in_time();
    consented.walk(&[
        (inc(A::InitialHearing), "2026-02-21"),
        (inc(A::Consented), "2026-03-05"),
    ]);
    assert_eq!(
        clock_of(&consented, K::UkExhStartPa, "2026-02-20", "2026-03-06").status,
        Met
    );
}

#[test]
fn mla_clocks_follow_the_request() {
    // MLA_REQUIRED_BY follows the case's date as the officer changes it.
    let mut fx = mla_required_by();
    fx.update(|c| c.mla.required_by = Some(d("2026-07-31")));
    let moved = clock_of(&fx, K::MlaRequiredBy, "2026-01-07", "2026-03-01");
    assert_eq!((moved.due, moved.status), (d("2026-07-31"), Open));
    fx.walk(&[
        (mla(C::Transmitted), "2026-01-08"),
        (mla(C::Acknowledged), "2026-01-20"),
        (mla(C::UnderConsideration), "2026-01-21"),
        (mla(C::Accepted), "2026-02-01"),
        (mla(C::InExecution), "2026-02-02"),
        (mla(C::Executed), "2026-07-01"),
    ]);
    let met = clock_of(&fx, K::MlaRequiredBy, "2026-01-07", "2026-07-02");
    assert_eq!((met.status, met.stopped_on), (Met, Some(d("2026-07-01"))));
    // No date, no clock.
    let plain = mla_transmitted();
    assert!(!keys_of(&plain, "2026-02-03").contains(&K::MlaRequiredBy));
    // An outgoing extradition request is chased until Pakistan registers it.
    let mut out_fx = outgoing_transmitted();
    out_fx.go(out(B::UnderConsideration), "2026-01-20");
    let chase = clock_of(&out_fx, K::MlaFollowUp, "2026-01-08", "2026-01-21");
    assert_eq!((chase.status, chase.due), (Met, d("2026-02-07")));
}

#[test]
fn the_notice_review_is_met_when_the_case_moves_on() {
    let mut fx = notice_published();
    fx.go(out(B::FileInPreparation), "2026-03-01");
    let review = clock_of(&fx, K::NoticeReview, "2026-02-10", "2026-03-02");
    assert_eq!(
        (review.status, review.stopped_on),
        (Met, Some(d("2026-03-01")))
    );
}

#[test]
fn a_window_met_in_time_can_be_recorded_after_it_has_passed() {
    // Leave granted on 3 August; the appeal was brought on 20 August; the officer opens the
    // casebook again on 5 September (docs/law.md §2: never depend on an exact day).
    let mut fx = supreme_court();
    let bring = clock_of(&fx, K::UkScBring, "2026-08-03", "2026-09-05");
    assert_eq!((bring.status, bring.due), (Expired, d("2026-08-30")));
    fx.set_now("2026-09-05");
    let result = fx.apply(Command::MeetClock {
        case: fx.case,
        clock: K::UkScBring,
        started_by: bring.started_by,
        on: d("2026-08-20"),
        note: "Appeal lodged at the Supreme Court".into(),
    });
    assert!(result.is_ok(), "{result:?}");
    let met = clock_of(&fx, K::UkScBring, "2026-08-03", "2026-09-05");
    assert_eq!((met.status, met.stopped_on), (Met, Some(d("2026-08-20"))));
}

#[test]
fn a_clock_cannot_be_met_on_a_day_that_has_not_come() {
    let mut fx = mla_evidence_closed();
    fx.set_now("2026-05-01");
    let clock = clock_of(&fx, K::EvidenceReturn, "2026-03-15", "2026-05-01");
    for on in ["2026-09-01", "2026-03-01"] {
        let before = fx.case().clone();
        let result = fx.apply(Command::MeetClock {
            case: fx.case,
            clock: K::EvidenceReturn,
            started_by: clock.started_by,
            on: d(on),
            note: "Returned".into(),
        });
        assert!(result.is_err(), "met on {on} accepted on 2026-05-01");
        assert_eq!(fx.case(), &before);
    }
}

#[test]
fn closing_the_case_does_not_meet_clocks_that_end_on_leaving_a_state() {
    let mut fx = mla_further_info();
    fx.go(mla(C::Lapsed), "2026-02-20");
    let reply = clock_of(&fx, K::ReplyDue, "2026-02-01", "2026-02-21");
    assert_eq!(reply.status, Void, "no reply was given: {reply:?}");
    let mut fx = sent_2026_02_02();
    fx.go(inc(A::Withdrawn), "2026-02-10");
    let reps = clock_of(&fx, K::UkSosReps, "2026-02-02", "2026-02-11");
    let decision = clock_of(&fx, K::UkSosDecision, "2026-02-02", "2026-02-11");
    assert_eq!(decision.status, Void);
    assert_eq!(reps.status, Void, "closed like UK_SOS_DECISION: {reps:?}");
}

#[test]
fn holds_suspend_the_statutory_clocks_and_the_return_restarts_them() {
    // Surrender postponed (s.118) on 10 June: the surrender period stops, and runs again
    // from the end of the postponement.
    let mut fx = appeal_dismissed();
    fx.walk(&[
        (inc(A::Postponed), "2026-06-10"),
        (inc(A::AwaitingSurrender), "2026-08-03"),
    ]);
    let postponed = clock_of(&fx, K::UkSurrender, "2026-06-01", "2026-08-04");
    assert_eq!(
        (postponed.status, postponed.stopped_on),
        (Void, Some(d("2026-06-10")))
    );
    let resumed = clock_of(&fx, K::UkSurrender, "2026-08-03", "2026-08-04");
    assert_eq!((resumed.status, resumed.due), (Open, d("2026-08-30")));

    // A deferral suspends the Secretary of State's decision period, which starts again on
    // the case's return; the representations window is not reopened.
    let mut fx = sent_to_sos("2026-02-02");
    fx.walk(&[
        (inc(A::Deferred), "2026-02-10"),
        (inc(A::SentToSos), "2026-04-01"),
    ]);
    let deferred = clock_of(&fx, K::UkSosDecision, "2026-02-02", "2026-04-02");
    assert_eq!(
        (deferred.status, deferred.stopped_on),
        (Void, Some(d("2026-02-10")))
    );
    let again = clock_of(&fx, K::UkSosDecision, "2026-04-01", "2026-04-02");
    assert_eq!((again.status, again.due), (Open, d("2026-05-31")));
    let reps: Vec<Clock> = fx
        .clocks(d("2026-04-02"))
        .into_iter()
        .filter(|c| c.key == K::UkSosReps)
        .collect();
    assert_eq!(reps.len(), 1, "{reps:?}");

    // A case on hold may be withdrawn.
    fx.go(inc(A::Deferred), "2026-04-10");
    fx.go(inc(A::Withdrawn), "2026-04-20");
    assert_eq!(fx.case().status(), inc(A::Withdrawn));
}

#[test]
fn every_deadline_says_its_period_and_consequence_in_the_officers_words() {
    for (key, period) in [
        (
            K::UkPaDocs,
            "45 calendar days from the provisional arrest, that day counting as day 1",
        ),
        (
            K::UkSosReps,
            "4 weeks from the case being sent to the Secretary of State, that day counting as day 1",
        ),
        (
            K::PkSurrender,
            "2 months after the surrender order in Pakistan, counted from the next day",
        ),
        (
            K::MlaFollowUp,
            "Chase 30, 60 and 90 calendar days after the request being transmitted, until it is answered",
        ),
        (
            K::EvidenceReturn,
            "Until the date recorded as \u{201c}Evidence to be returned by\u{201d}, from the evidence being received",
        ),
        (
            K::MlaRequiredBy,
            "Until the request's \u{201c}required by\u{201d} date, from the request being issued",
        ),
    ] {
        assert_eq!(key.rule().period(), period, "{key}");
    }
    assert_eq!(
        K::UkPaDocs.rule().if_missed(),
        "If missed: the requested person must be discharged."
    );
    for rule in CATALOGUE {
        let said = rule.if_missed();
        let consequence = rule.consequence;
        // A sentence, not a code or a dash: more than one word, lower case after the colon.
        assert!(consequence.split(' ').count() > 2, "{}: {said}", rule.code);
        assert!(
            consequence.starts_with(|c: char| c.is_lowercase()),
            "{}: {said}",
            rule.code
        );
        assert!(!rule.counted_from.is_empty(), "{}", rule.code);
        assert!(!rule.period().contains('_'), "{}", rule.code);
    }
}

#[test]
fn a_deadline_that_stopped_says_why() {
    let met = clock_of(
        &pa_certified_in_time(),
        K::UkPaDocs,
        "2026-01-10",
        "2026-03-01",
    );
    assert_eq!(
        met.why_ended().unwrap(),
        format!("Met: the case moved to {}.", inc(A::RequestCertified))
    );
    let late = clock_of(
        &pa_certified_late(),
        K::UkPaDocs,
        "2026-01-10",
        "2026-03-01",
    );
    assert_eq!(
        late.why_ended().unwrap(),
        format!(
            "Late: the case moved to {} only after the due date.",
            inc(A::RequestCertified)
        )
    );
    let mut fx = sent_2026_02_02();
    fx.go_with(
        inc(A::Deferred),
        "2026-02-10",
        &[(Detail::ReviewDate, date("2026-03-10"))],
    );
    let suspended = clock_of(&fx, K::UkSosDecision, "2026-02-02", "2026-02-11");
    assert_eq!(suspended.status, Void);
    assert!(
        suspended.why_ended().unwrap().starts_with(&format!(
            "Suspended: the case moved to {}",
            inc(A::Deferred)
        )),
        "{suspended:?}"
    );
    let running = clock_of(&pa_arrested(), K::UkPaDocs, "2026-01-10", "2026-01-11");
    assert_eq!(running.why_ended(), None);
}
