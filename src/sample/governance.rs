//! The sample's governance records (`../shared/domain.md` §15): the seed agreements, a year of
//! meetings (a monthly review each month, the committee's annual review of the LoI), their
//! action points (some done, some overdue) and capacity-building activities. Each recorded on
//! the day it happened, through `apply` like everything else in the sample.

use super::Gen;
use super::rng::add_days;
use crate::domain::case::CaseKind;
use crate::domain::casebook::Command;
use crate::domain::governance::*;
use crate::domain::ids::IdSource;
use chrono::{Datelike, Months, NaiveDate};

/// The programme's agreements as the register starts: title, kind, status, signed, in force,
/// review every so many months, parties.
/// An agreement as the register starts: title, kind, status, signed, review every so many
/// months, parties.
type Seed = (
    &'static str,
    AgreementKind,
    AgreementStatus,
    Option<(i32, u32, u32)>,
    Option<u32>,
    &'static str,
);

/// An activity of the last year: kind, title, days before today, participants, value and
/// currency, workstream.
type Planned = (
    ActivityKind,
    &'static str,
    i64,
    u32,
    Option<(&'static str, &'static str)>,
    CaseKind,
);

const SEED: &[Seed] = &[
    (
        "Letter of intent on law-enforcement cooperation",
        AgreementKind::Arrangement,
        AgreementStatus::InForce,
        Some((2024, 5, 31)),
        Some(12),
        "Ministry of Interior; Home Office",
    ),
    (
        "Returns arrangement",
        AgreementKind::Arrangement,
        AgreementStatus::InForce,
        Some((2022, 8, 17)),
        None,
        "Ministry of Interior; Home Office",
    ),
    (
        "Prisoner transfer agreement",
        AgreementKind::Treaty,
        AgreementStatus::InForce,
        Some((2007, 7, 24)),
        None,
        "Government of Pakistan; Government of the United Kingdom",
    ),
    (
        "Protocol to the prisoner transfer agreement",
        AgreementKind::Treaty,
        AgreementStatus::InForce,
        Some((2018, 12, 27)),
        None,
        "Government of Pakistan; Government of the United Kingdom",
    ),
    (
        "FMU–UK FIU memorandum of understanding",
        AgreementKind::Mou,
        AgreementStatus::InForce,
        Some((2019, 5, 15)),
        None,
        "Financial Monitoring Unit; UK Financial Intelligence Unit",
    ),
    (
        "MoU on countering narcotics trafficking (ANF–NCA)",
        AgreementKind::Mou,
        AgreementStatus::Drafting,
        None,
        None,
        "Anti-Narcotics Force; National Crime Agency",
    ),
    (
        "MoU on cybercrime (NCCIA–NCA)",
        AgreementKind::Mou,
        AgreementStatus::Drafting,
        None,
        None,
        "National Cyber Crime Investigation Agency; National Crime Agency",
    ),
    (
        "MoU on organised immigration crime (FIA–Home Office)",
        AgreementKind::Mou,
        AgreementStatus::Drafting,
        None,
        None,
        "Federal Investigation Agency; Home Office",
    ),
    (
        "MoU on asset recovery (NAB–NCA)",
        AgreementKind::Mou,
        AgreementStatus::Drafting,
        None,
        None,
        "National Accountability Bureau; National Crime Agency",
    ),
    (
        "MoU on police training (NPB–College of Policing)",
        AgreementKind::Mou,
        AgreementStatus::Drafting,
        None,
        None,
        "National Police Bureau; College of Policing",
    ),
];

const ACTIONS: &[&str] = &[
    "Share the quarter's returns figures by nationality verification stage",
    "Confirm the focal points for conviction-data exchange",
    "Circulate the draft text of the cybercrime MoU",
    "Report on outstanding MLA requests older than six months",
    "Agree the dates of the next financial investigation course",
    "Nominate participants for the forensic workshop",
    "Send the updated list of PCL listings due to expire",
    "Propose a template for preservation requests",
];

impl Gen {
    /// Adds the register, a year of meetings with their action points, and the
    /// capacity-building log, as of `today`.
    pub(super) fn governance(&mut self) {
        self.context = "governance".into();
        let mut agreements = Vec::new();
        for &(title, kind, status, signed, review, parties) in SEED {
            let signed = signed.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
            let entered = signed.unwrap_or(add_days(self.today, -200));
            if entered > self.today {
                continue;
            }
            let mut a = Agreement::new(AgreementId(self.ids.next_uuid()), title, kind, status);
            a.signed = signed;
            a.in_force = signed;
            a.review_months = review;
            a.parties = parties.split("; ").map(str::to_string).collect();
            if review.is_some() {
                a.focal_points = vec![
                    FocalPoint {
                        name: "Joint Secretary (Legal)".into(),
                        agency: "Ministry of Interior".into(),
                    },
                    FocalPoint {
                        name: "Programme manager".into(),
                        agency: "British High Commission, Islamabad".into(),
                    },
                ];
            }
            agreements.push(a.id);
            self.save_record(entered, GovernanceRecord::Agreement(a));
        }
        let loi = agreements.first().copied();
        let start = add_days(self.today, -365);
        // The monthly reviews: the first Tuesday of each month of the last year.
        let mut month = NaiveDate::from_ymd_opt(start.year(), start.month(), 1).unwrap_or(start);
        let mut meetings = Vec::new();
        while month <= self.today {
            let tuesday = (0..7)
                .map(|d| add_days(month, d))
                .find(|d| d.weekday() == chrono::Weekday::Tue)
                .unwrap_or(month);
            if (start..=self.today).contains(&tuesday) {
                meetings.push((MeetingKind::MonthlyReview, tuesday));
            }
            month = month
                .checked_add_months(Months::new(1))
                .unwrap_or(NaiveDate::MAX);
        }
        // The committee's annual review of the LoI, on its latest review day in the year.
        if let Some(review) = loi
            .and_then(|id| self.book.governance().agreement(id))
            .map(|a| a.reviews_until(self.today))
            .and_then(|r| r.last().copied())
            .filter(|d| *d >= start)
        {
            meetings.push((MeetingKind::JointSteeringCommittee, review));
            if let Some(id) = loi {
                self.move_agreement(id, AgreementStatus::UnderReview, review);
                self.move_agreement(id, AgreementStatus::InForce, add_days(review, 14));
            }
        }
        meetings.push((
            MeetingKind::LawEnforcementDialogue,
            add_days(self.today, -120),
        ));
        meetings.sort();
        let mut number = 0;
        for (kind, date) in meetings {
            let mut m = Meeting::new(MeetingId(self.ids.next_uuid()), kind, date);
            m.chair = match kind {
                MeetingKind::JointSteeringCommittee => "Secretary, Ministry of Interior",
                MeetingKind::LawEnforcementDialogue => "Director General, FIA",
                _ => "Programme manager",
            }
            .into();
            m.attendees = [
                "Ministry of Interior",
                "National Police Bureau",
                "British High Commission, Islamabad",
            ]
            .iter()
            .map(|a| Attendance {
                agency: (*a).into(),
                people: Vec::new(),
            })
            .collect();
            m.decisions = vec!["Progress against the workplan noted".into()];
            let meeting = m.id;
            self.save_record(date, GovernanceRecord::Meeting(m));
            for _ in 0..self.rng.int(1, 3) {
                number += 1;
                self.action_point(meeting, date, number, loi);
            }
        }
        self.activities(loi);
    }

    fn action_point(
        &mut self,
        meeting: MeetingId,
        raised: NaiveDate,
        n: usize,
        loi: Option<AgreementId>,
    ) {
        let id = ActionId(self.ids.next_uuid());
        let due = add_days(raised, self.rng.int(14, 60));
        let case = self.book.cases().get(n * 7).map(|c| c.id);
        let action = ActionPoint {
            id,
            number: format!("AP-{}-{n:03}", raised.year()),
            text: self.rng.pick(ACTIONS).into(),
            meeting: Some(meeting),
            raised,
            owner: self
                .rng
                .pick(&[
                    "Programme manager",
                    "Liaison officer",
                    "Joint Secretary (Legal)",
                ])
                .into(),
            owner_agency: self
                .rng
                .pick(&[
                    "Ministry of Interior",
                    "National Crime Agency",
                    "National Police Bureau",
                ])
                .into(),
            due,
            status: ActionStatus::Open,
            updates: Vec::new(),
            cases: case.into_iter().collect(),
            agreements: loi.filter(|_| n.is_multiple_of(4)).into_iter().collect(),
        };
        self.save_record(raised, GovernanceRecord::Action(action));
        // Most are done by their due day or a little after; some are never closed.
        let outcome = self.rng.int(0, 9);
        let closed = add_days(due, self.rng.int(-10, 15));
        let progress = add_days(raised, 7);
        if progress <= self.today && outcome > 1 {
            self.update_action(id, progress, ActionStatus::InProgress, "Work started");
        }
        if closed <= self.today && closed > progress && outcome > 3 {
            let (status, note) = match outcome {
                9 => (
                    ActionStatus::Dropped,
                    "Overtaken by the committee's decision",
                ),
                _ => (ActionStatus::Done, "Done and reported"),
            };
            self.update_action(id, closed, status, note);
        }
    }

    fn activities(&mut self, loi: Option<AgreementId>) {
        let plan: &[Planned] = &[
            (
                ActivityKind::Training,
                "Financial investigation course",
                -330,
                24,
                None,
                CaseKind::Mla,
            ),
            (
                ActivityKind::Workshop,
                "Extradition casework workshop",
                -280,
                18,
                None,
                CaseKind::Extradition,
            ),
            (
                ActivityKind::Equipment,
                "Forensic imaging kits for NCCIA",
                -240,
                0,
                Some(("48500", "GBP")),
                CaseKind::ServiceProvider,
            ),
            (
                ActivityKind::ExpertExchange,
                "CPS prosecutor placement in Islamabad",
                -200,
                2,
                None,
                CaseKind::Mla,
            ),
            (
                ActivityKind::FieldTrip,
                "Visit to the UK Central Authority",
                -150,
                6,
                None,
                CaseKind::Extradition,
            ),
            (
                ActivityKind::Conference,
                "Regional asset recovery conference",
                -110,
                40,
                None,
                CaseKind::Mla,
            ),
            (
                ActivityKind::Equipment,
                "Biometric enrolment stations",
                -75,
                0,
                Some(("12600000", "PKR")),
                CaseKind::Returns,
            ),
            (
                ActivityKind::KnowledgeExchange,
                "Conviction-data exchange seminar",
                -40,
                15,
                None,
                CaseKind::ConvictionData,
            ),
            (
                ActivityKind::JointProject,
                "Joint returns verification project",
                -20,
                8,
                None,
                CaseKind::Returns,
            ),
        ];
        for &(kind, title, days, participants, value, workstream) in plan {
            let start = add_days(self.today, days);
            let mut a = Activity::new(ActivityId(self.ids.next_uuid()), kind, title, start);
            a.end = (kind == ActivityKind::Training).then(|| add_days(start, 4));
            a.place = if kind == ActivityKind::FieldTrip {
                "London"
            } else {
                "Islamabad"
            }
            .into();
            a.provider = "National Crime Agency".into();
            a.beneficiary = match workstream {
                CaseKind::ServiceProvider => "National Cyber Crime Investigation Agency",
                CaseKind::Returns => "Federal Investigation Agency",
                _ => "National Police Bureau",
            }
            .into();
            a.participants = participants;
            a.workstream = Some(workstream);
            a.value = value.and_then(|(amount, currency)| Money::parse(amount, currency).ok());
            a.agreement = loi;
            a.outcome = "Delivered as planned".into();
            self.save_record(start, GovernanceRecord::Activity(a));
        }
    }

    fn save_record(&mut self, on: NaiveDate, record: GovernanceRecord) {
        let at = self.at(on, 16, 0);
        self.apply(
            at,
            Command::Governance(GovernanceCommand::Save(Box::new(record))),
        );
    }

    fn move_agreement(&mut self, agreement: AgreementId, to: AgreementStatus, on: NaiveDate) {
        if on > self.today {
            return;
        }
        let at = self.at(on, 16, 30);
        let command = GovernanceCommand::MoveAgreement {
            agreement,
            to,
            on,
            note: String::new(),
        };
        self.apply(at, Command::Governance(command));
    }

    fn update_action(&mut self, action: ActionId, on: NaiveDate, status: ActionStatus, note: &str) {
        let at = self.at(on, 17, 0);
        let command = GovernanceCommand::UpdateAction {
            action,
            on,
            status,
            note: note.into(),
        };
        self.apply(at, Command::Governance(command));
    }
}
