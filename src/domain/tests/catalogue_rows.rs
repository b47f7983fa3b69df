//! `../shared/domain.md` §13 row by row against the deadline catalogue (`deadlines.rs`): what
//! starts each clock, its period and counting, what meets it, what missing it means, its source
//! and whether it carries the "check" marker; and each point §16 leaves open, where it shows.
//! The rows are written here from the reference, apart from the code, so that a change to
//! either is caught.

use crate::domain::clock::{CATALOGUE, ClockRule, Due, Nature};
use crate::domain::dates::{Counting, Period};
use crate::domain::holidays::Whose;
use crate::domain::workflow::{
    AlertState as O, ConvictionState as X, Detail, EnquiryState as Q, ProviderState as P,
    ReturnsState as R, Status,
};

/// One row of §13 as the code must read it.
struct Row {
    code: &'static str,
    /// "starts when": the states entering which start it (none: the case's own record).
    starts: &'static [Status],
    /// The date it counts from, when a step records it rather than the step's own date.
    trigger: Option<Detail>,
    due: Due,
    /// "what meets or stops it": the states that meet it, or the date a step records.
    met_by: &'static [Status],
    met_by_detail: Option<Detail>,
    nature: Nature,
    remind_before: Option<u32>,
    survives_closure: bool,
    /// "if missed", in the code's words.
    consequence: &'static str,
    source: &'static str,
    /// §13 or §16 marks it unverified: shown with "check".
    verified: bool,
}

const fn ret(s: R) -> Status {
    Status::Returns(s)
}
const fn crx(s: X) -> Status {
    Status::Conviction(s)
}
const fn csp(s: P) -> Status {
    Status::Provider(s)
}
const fn p2p(s: Q) -> Status {
    Status::Enquiry(s)
}
const fn soa(s: O) -> Status {
    Status::Alert(s)
}

const fn row(code: &'static str, starts: &'static [Status], due: Due) -> Row {
    Row {
        code,
        starts,
        trigger: None,
        due,
        met_by: &[],
        met_by_detail: None,
        nature: Nature::Duty,
        remind_before: None,
        survives_closure: false,
        consequence: "",
        source: "",
        verified: true,
    }
}

/// §13, in its order. Where the code reads a row more narrowly or more widely than the
/// reference, `docs/law.md` §13 "Where the code differs" says so.
const SECTION_13: &[Row] = &[
    Row {
        met_by: &[ret(R::Removed)],
        met_by_detail: Some(Detail::MissionInformedDate),
        consequence: "the Mission may not facilitate the removal",
        source: "MOI SOP 2015 para 1",
        verified: false,
        ..row(
            "RET_MISSION_NOTICE",
            &[ret(R::RemovalScheduled)],
            Due::BeforeRecorded(Detail::PlannedRemovalDate, 15),
        )
    },
    Row {
        met_by: &[
            ret(R::NationalityConfirmed),
            ret(R::NationalityNotConfirmed),
        ],
        consequence: "escalate through the British High Commission and the Ministry of Interior",
        source: "Practice",
        verified: false,
        ..row(
            "RET_VERIFY_CHASE",
            &[ret(R::DocumentationSent)],
            Due::Chaser(&[14, 28, 42]),
        )
    },
    Row {
        met_by: &[ret(R::Removed)],
        nature: Nature::Expiry,
        remind_before: Some(14),
        consequence: "a new ETD is needed",
        source: "Practice",
        ..row(
            "RET_ETD_EXPIRY",
            &[ret(R::EtdIssued)],
            Due::Recorded(Detail::EtdExpiry),
        )
    },
    Row {
        trigger: Some(Detail::NoticeServedDate),
        nature: Nature::NotBefore,
        consequence: "removal before then is unlawful",
        source: "IAA 1999 s.10A; Home Office guidance v2.0",
        verified: false,
        ..row(
            "UK_REMOVAL_NOTICE",
            &[ret(R::RemovalScheduled)],
            Due::NotBefore(5, Whose::Uk),
        )
    },
    Row {
        met_by: &[ret(R::RemovalScheduled)],
        nature: Nature::Window,
        consequence: "a new notice of intention to remove is needed",
        source: "LexisNexis note on administrative removal",
        verified: false,
        ..row(
            "UK_REMOVAL_RENOTICE",
            &[ret(R::RemovalFailed)],
            Due::Period(Period::Days(21), Counting::StartingWith),
        )
    },
    Row {
        trigger: Some(Detail::DecisionSentDate),
        nature: Nature::Window,
        survives_closure: true,
        consequence: "an appeal is out of time",
        source: "FtT (IAC) Rules 2014 r.19",
        ..row(
            "UK_APPEAL_FTT",
            &[ret(R::Barrier)],
            Due::Period(Period::Days(14), Counting::After),
        )
    },
    Row {
        nature: Nature::Information,
        consequence: "nothing: it is information, the earliest day the prison may release for removal",
        source: "CJA 2003 s.260; 2025 Order",
        ..row("UK_ERS_DATE", &[], Due::EarlyRemovalDate)
    },
    Row {
        nature: Nature::Expiry,
        remind_before: Some(90),
        survives_closure: true,
        consequence: "the listing lapses unless extended",
        source: "MOI decision of 24 May 2025; Senate reply Aug 2025",
        verified: false,
        ..row(
            "PK_PCL_EXPIRY",
            &[ret(R::PclListed)],
            Due::Period(Period::Months(60), Counting::After),
        )
    },
    Row {
        met_by: &[crx(X::Answered)],
        consequence: "record the request as unanswered",
        source: "Practice; ECRIS 10-day norm",
        verified: false,
        ..row("CRX_REPLY", &[crx(X::Sent)], Due::Chaser(&[10, 30, 60]))
    },
    Row {
        met_by: &[crx(X::Answered), crx(X::Declined)],
        consequence: "the reply is late",
        source: "Practice",
        verified: false,
        ..row(
            "CRX_RESPOND",
            &[crx(X::Received)],
            Due::WorkingDays(10, Whose::Home),
        )
    },
    Row {
        met_by: &[csp(P::Disclosed), csp(P::Partial)],
        nature: Nature::Expiry,
        remind_before: Some(21),
        consequence: "the provider may delete the data",
        source: "18 U.S.C. §2703(f)(2); Budapest Convention art. 16(2)",
        ..row(
            "CSP_PRESERVATION_EXPIRY",
            &[csp(P::PreservationConfirmed)],
            Due::Period(Period::Days(90), Counting::After),
        )
    },
    Row {
        trigger: Some(Detail::OpoMadeDate),
        met_by: &[csp(P::Disclosed), csp(P::Partial)],
        consequence: "the order is treated as quashed",
        source: "COPOA 2019 s.9(1)",
        ..row(
            "UK_OPO_SERVE",
            &[csp(P::DisclosureRequested)],
            Due::Period(Period::Months(3), Counting::StartingWith),
        )
    },
    Row {
        met_by: &[p2p(Q::Answered), p2p(Q::Partial)],
        consequence: "chase, or close it as no reply",
        source: "Practice",
        ..row(
            "P2P_REPLY",
            &[p2p(Q::Sent), p2p(Q::Received)],
            Due::RecordedOrChaser(Detail::ReplyDueDate, &[14, 28, 42]),
        )
    },
    Row {
        trigger: Some(Detail::DepartureDate),
        met_by_detail: Some(Detail::NotifiedOn),
        consequence: "the offender is in breach and the alert is late",
        source: "Sexual Offences Act 2003 (Notification Requirements) Regulations 2012; NI reg.5",
        verified: false,
        ..row(
            "SOA_TRAVEL_NOTICE",
            &[soa(O::TravelNotified)],
            Due::BeforeRecorded(Detail::DepartureDate, 7),
        )
    },
    Row {
        trigger: Some(Detail::DepartureDate),
        met_by: &[soa(O::AlertSent)],
        consequence: "the offender arrives unannounced",
        source: "Practice",
        ..row(
            "ALERT_BEFORE_DEPARTURE",
            &[soa(O::TravelNotified)],
            Due::BeforeRecorded(Detail::DepartureDate, 1),
        )
    },
    Row {
        nature: Nature::Expiry,
        remind_before: Some(90),
        survives_closure: true,
        consequence: "the notice lapses",
        source: "INTERPOL Rules on the Processing of Data",
        verified: false,
        ..row(
            "GREEN_NOTICE_REVIEW",
            &[soa(O::AlertSent)],
            Due::Period(Period::Months(60), Counting::After),
        )
    },
    Row {
        nature: Nature::Expiry,
        survives_closure: true,
        consequence: "the requirement ends",
        source: "SOA 2003 s.82",
        ..row(
            "SOA_NOTIFICATION_END",
            &[],
            Due::NotificationPeriod { under_18: false },
        )
    },
    // §16: "SOA s.82(2)", the halving for an offender under 18, is unverified.
    Row {
        nature: Nature::Expiry,
        survives_closure: true,
        consequence: "the requirement ends",
        source: "SOA 2003 s.82(2)",
        verified: false,
        ..row(
            "SOA_NOTIFICATION_END",
            &[],
            Due::NotificationPeriod { under_18: true },
        )
    },
];

/// §13's keys that are not a case's clocks: the governance records' (`domain::governance`).
const GOVERNANCE: [&str; 2] = ["AGREEMENT_REVIEW", "ACTION_DUE"];

fn starts(rule: &ClockRule) -> Vec<Status> {
    rule.starts.iter().map(|s| s.on).collect()
}

#[test]
fn every_row_of_section_13_is_the_catalogue_line_of_its_key() {
    let rows = SECTION_13;
    // Part two's lines of the catalogue start at RET_MISSION_NOTICE; each is one of §13's.
    let first = CATALOGUE
        .iter()
        .position(|r| r.code == "RET_MISSION_NOTICE")
        .expect("RET_MISSION_NOTICE");
    let part_two = &CATALOGUE[first..];
    assert_eq!(part_two.len(), rows.len(), "one catalogue line per row");
    for (i, row) in rows.iter().enumerate() {
        // The line of the same code, the nth of that code as the row is (SOA_NOTIFICATION_END
        // has two: from 18 and under).
        let nth = rows[..i].iter().filter(|r| r.code == row.code).count();
        let rule = (part_two.iter())
            .filter(|r| r.code == row.code)
            .nth(nth)
            .unwrap_or_else(|| panic!("{}: no catalogue line", row.code));
        let at = format!("{} ({})", row.code, rule.title);
        assert_eq!(starts(rule), row.starts, "{at}: starts when");
        assert_eq!(rule.trigger, row.trigger, "{at}: counted from");
        assert_eq!(rule.due, row.due, "{at}: period");
        assert_eq!(rule.met_by, row.met_by, "{at}: met by");
        assert_eq!(rule.met_by_detail, row.met_by_detail, "{at}: met by a date");
        assert_eq!(rule.nature, row.nature, "{at}: nature");
        assert_eq!(rule.remind_before, row.remind_before, "{at}: reminder");
        assert_eq!(rule.survives_closure, row.survives_closure, "{at}: closure");
        assert_eq!(rule.consequence, row.consequence, "{at}: if missed");
        assert_eq!(rule.source, row.source, "{at}: source");
        assert_eq!(rule.verified, row.verified, "{at}: the check marker");
    }
    for key in GOVERNANCE {
        assert!(CATALOGUE.iter().all(|r| r.code != key), "{key}");
    }
}

/// §16's open points, each where Casedesk shows it: the catalogue lines that rest on it carry
/// "check"; the points no clock rests on are named in `docs/law.md` §16.
#[test]
fn every_open_point_of_section_16_marks_the_clocks_resting_on_it() {
    let unverified = |code: &str, title_has: &str| {
        CATALOGUE
            .iter()
            .filter(|r| r.code == code && r.title.contains(title_has))
            .all(|r| !r.verified)
    };
    // (the point, the clock resting on it)
    for (point, code, title_has) in [
        (
            "the PCL's legal instrument and start date",
            "PK_PCL_EXPIRY",
            "",
        ),
        ("Pakistani verification times", "RET_VERIFY_CHASE", ""),
        ("the E&W travel-notice wording", "SOA_TRAVEL_NOTICE", ""),
        ("SOA s.82(2)", "SOA_NOTIFICATION_END", "under 18"),
        (
            "the current APP on Green Notices",
            "GREEN_NOTICE_REVIEW",
            "",
        ),
    ] {
        assert!(
            CATALOGUE.iter().any(|r| r.code == code),
            "{point}: {code} missing"
        );
        assert!(
            unverified(code, title_has),
            "{point}: {code} lacks \"check\""
        );
    }
    let law = include_str!("../../../docs/law.md");
    let open = law
        .split("## §16 Still open")
        .nth(1)
        .expect("docs/law.md §16");
    // The points no clock rests on are each said there, with why nothing shows "check".
    for point in [
        "2022 arrangement",
        "ETD",
        "PECA",
        "ss.75(3), 76(3)",
        "NSOR",
        "ACRO",
    ] {
        assert!(
            open.contains(point),
            "docs/law.md §16 does not name {point}"
        );
    }
}
