//! Running a plan through the casebook: each transition with the details it must record, a
//! wrong turn corrected now and then.

use super::rng::*;
use super::words::*;
use super::*;
use crate::domain::case::{CaseKind, Direction};
use crate::domain::casebook::Command;
use crate::domain::event::DetailValue;
use crate::domain::ids::CaseId;
use crate::domain::transition::{TransitionRequest, blockers, required_assurances};
use crate::domain::workflow::{
    Detail, DetailKind, IncomingState as A, MlaState as C, OutgoingState as B, Status,
};
use chrono::{Datelike, NaiveDate, NaiveTime};

impl Gen {
    pub(super) fn run(&mut self, plan: Plan) {
        let Plan {
            index,
            id,
            kind,
            direction,
            opened,
            steps,
            details,
            correct_at,
            ..
        } = plan;
        self.context = format!("case {index} ({kind} {direction})");
        self.last_at = self.at(opened, 0, 0);
        let mut details = details;
        self.workstream_particulars(kind, &mut details);
        let now = self.stamp(opened);
        let open = Command::OpenCase {
            id,
            kind,
            direction,
            opened,
            details: Box::new(details),
        };
        if self.apply(now, open).is_none() {
            return;
        }
        if let Some(case) = self.book.case(id) {
            self.context = format!("{} ({})", case.reference, case.workflow());
        }
        // The day the case entered its current state.
        let mut since = opened;
        for (k, &(to, date)) in steps.iter().enumerate() {
            let cx = StepCx {
                kind,
                direction,
                to,
                date,
                next: steps.get(k + 1).copied(),
            };
            if correct_at == Some(k) {
                self.wrong_turn(id, &cx, since);
            }
            let override_gate = to.rule().gated && self.rng.chance(0.12);
            let mut request = self.request(&cx);
            if override_gate {
                request.override_reason = Some(self.rng.pick(OVERRIDES).into());
            }
            let needed = self
                .book
                .case(id)
                .map(required_assurances)
                .unwrap_or_default();
            let Some(mut d) = self.book.case(id).map(|c| c.details.clone()) else {
                return;
            };
            if self.prepare(&mut d, &cx, &request, &needed, override_gate) {
                let now = self.stamp(date);
                self.apply(
                    now,
                    Command::UpdateCase {
                        case: id,
                        details: Box::new(d),
                    },
                );
            }
            // The other workstreams' gates read what the case has been through (nationality
            // confirmed) or carries (biometrics): where one blocks, the officer goes past it
            // with a reason, as they may.
            let blocked = self
                .book
                .case(id)
                .is_some_and(|c| !blockers(c, to).is_empty());
            if blocked && !matches!(kind, CaseKind::Extradition | CaseKind::Mla) {
                request.override_reason = Some(self.rng.pick(OVERRIDES).into());
            }
            let now = self.stamp(date);
            let transition = Command::Transition {
                case: id,
                request: Box::new(request),
            };
            if self.apply(now, transition).is_none() {
                break;
            }
            since = date;
        }
        self.finish(id, opened, since);
    }

    /// Records a plausible wrong transition from the current state and corrects it, as an
    /// officer who clicked the wrong status would.
    pub(super) fn wrong_turn(&mut self, id: CaseId, cx: &StepCx, since: NaiveDate) {
        let Some(case) = self.book.case(id) else {
            return;
        };
        let alternatives: Vec<Status> = crate::domain::transition::next_states(case)
            .into_iter()
            .filter(|s| *s != cx.to && !s.rule().gated && blockers(case, *s).is_empty())
            .collect();
        let Some(wrong) = self.rng.pick_from(&alternatives) else {
            return;
        };
        let date = add_days(since, self.rng.int(0, (cx.date - since).num_days().max(0)));
        let wrong_cx = StepCx {
            to: wrong,
            date,
            next: None,
            ..*cx
        };
        let request = self.request(&wrong_cx);
        let now = self.stamp(date);
        let applied = self.apply(
            now,
            Command::Transition {
                case: id,
                request: Box::new(request),
            },
        );
        if let Some(Command::Correct { event, .. }) = applied.and_then(|a| a.undo) {
            let now = self.stamp(date);
            let reason = self.rng.pick(CORRECTIONS).into();
            self.apply(
                now,
                Command::Correct {
                    case: id,
                    event,
                    reason,
                },
            );
        }
    }

    pub(super) fn request(&mut self, cx: &StepCx) -> TransitionRequest {
        let rule = cx.to.rule();
        let mut request = TransitionRequest::new(cx.to, cx.date);
        for &detail in rule.records {
            let value = self.value(detail, cx);
            request.details.insert(detail, value);
        }
        for &detail in rule.optional {
            if self.rng.chance(0.7) {
                let value = self.value(detail, cx);
                request.details.insert(detail, value);
            }
        }
        request.reason = self.reason(cx);
        if let Some(document) = self.document_for(cx.to)
            && self.rng.chance(0.7)
        {
            request.documents.push(document.into());
        }
        request
    }

    pub(super) fn value(&mut self, detail: Detail, cx: &StepCx) -> DetailValue {
        match detail.kind() {
            DetailKind::Date => DetailValue::Date(self.date_value(detail, cx)),
            DetailKind::Time => {
                let hour = self.rng.pick(&[5u32, 6, 6, 7, 9, 11, 14, 16, 19, 22]);
                let minute = self.rng.pick(&[0u32, 5, 10, 15, 20, 30, 40, 45, 50]);
                DetailValue::Time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default())
            }
            DetailKind::Text => DetailValue::Text(self.text_value(detail, cx)),
        }
    }

    pub(super) fn date_value(&mut self, detail: Detail, cx: &StepCx) -> NaiveDate {
        let date = cx.date;
        match detail {
            Detail::FixedHearingDate => add_days(date, self.rng.int(28, 70)),
            // The move is recorded on its own day, and a day the person was told must have
            // happened by then (`docs/law.md` §4A): told the day of the order.
            Detail::DatePersonTold => date,
            Detail::ReviewDate | Detail::ReplyDueDate => match cx.next {
                Some((_, next)) => {
                    let stay = (next - date).num_days();
                    if stay >= 2 && self.rng.chance(0.1) {
                        add_days(date, self.rng.int(1, stay - 1))
                    } else {
                        add_days(next, self.rng.int(0, 21))
                    }
                }
                None => add_days(self.today, self.rng.due_offset()).max(add_days(date, 1)),
            },
            Detail::ReturnByDate => match cx.next {
                Some(_) => add_days(date, self.rng.int(60, 365)),
                None => add_days(self.today, self.rng.due_offset()).max(add_days(date, 14)),
            },
            other => self.workstream_date(other, cx),
        }
    }

    pub(super) fn text_value(&mut self, detail: Detail, cx: &StepCx) -> String {
        let year = cx.date.year();
        let incoming = cx.direction == Direction::Incoming;
        let next = cx.next.map(|(s, _)| s);
        let r = &mut self.rng;
        match detail {
            Detail::UrgencyReason => r
                .pick(&[
                    "Subject has booked a flight to Dubai",
                    "Co-accused arrested; risk that the subject flees",
                    "Subject identified at a new address",
                    "Subject believed to be about to move to a third country",
                ])
                .into(),
            Detail::WarrantDetails => format!(
                "Warrant of arrest issued by the Judicial Magistrate, {}, in FIR No. {}/{}, PS {}",
                r.pick(PK_CITIES),
                r.int(12, 980),
                year % 100,
                r.pick(POLICE_STATIONS)
            ),
            Detail::Court => WMC.into(),
            Detail::CustodyOrBail | Detail::Remand => r
                .pick(&[
                    "Remanded in custody",
                    "Remanded in custody; bail refused (risk of absconding)",
                    "Conditional bail: residence, curfew 21:00–06:00, passport surrendered",
                    "Conditional bail with an electronic tag and a £50,000 security",
                ])
                .into(),
            Detail::Channel => match (cx.kind, incoming) {
                (CaseKind::Extradition, _) => r
                    .pick(&[
                        "Note verbale from the Pakistan High Commission, London",
                        "Ministry of Interior to UKCA through the British High Commission",
                        "Diplomatic bag, British High Commission, Islamabad",
                    ])
                    .into(),
                (CaseKind::Mla, true) => r
                    .pick(&[
                        "Ministry of Interior (central authority) to UKCA",
                        "Pakistan High Commission, London, to UKCA",
                        "FIA through the NCA (INTERPOL Manchester), urgent; original to follow",
                    ])
                    .into(),
                (CaseKind::Mla, false) => r
                    .pick(&[
                        "UKCA to the Ministry of Interior (central authority)",
                        "Direct to the FIA MLA unit, copy to the Ministry of Interior",
                        "INTERPOL Islamabad (urgent); original through the central authority",
                    ])
                    .into(),
                _ => "NCA liaison officer to NCB Islamabad (FIA)".into(),
            },
            Detail::CertificateTerms => "Special extradition arrangement for this person only \
                (s.194); speciality and death penalty assurances to be given"
                .into(),
            Detail::Findings => match next {
                Some(Status::Incoming(A::Discharged)) => {
                    "Passage of time bar (s.82) upheld; the person is discharged".into()
                }
                Some(Status::Incoming(A::SentToSos)) => r
                    .pick(&[
                        "No bars to extradition; case to answer; extradition compatible with \
                         Convention rights (s.87)",
                        "Bars rejected; case to answer; Article 3 concerns met by assurances on \
                         prison conditions",
                    ])
                    .into(),
                _ => "Hearing part-heard; findings on bars, case to answer and human rights \
                      to follow"
                    .into(),
            },
            Detail::LeaveToAppeal => r
                .pick(&[
                    "Leave granted on the papers",
                    "Leave granted on renewal at an oral hearing",
                    "Leave application pending",
                ])
                .into(),
            // Dates and times are not text.
            Detail::ReviewDate
            | Detail::ReplyDueDate
            | Detail::ReturnByDate
            | Detail::ArrestTime
            | Detail::FixedHearingDate
            | Detail::DatePersonTold => String::new(),
            Detail::ClosureReason => closure_reason(r, cx).into(),
            Detail::DomesticWarrant => format!(
                "Warrant issued at {} Crown Court on the charge",
                r.pick(&["Southwark", "Birmingham", "Manchester", "Bradford", "Luton"])
            ),
            Detail::NoticeType => r.pick(&["Red Notice", "Red Notice", "Diffusion"]).into(),
            Detail::NoticeNumber => {
                format!("A-{}/{}-{year}", r.int(1000, 19999), r.int(1, 12))
            }
            Detail::NoteVerbale => format!("BHC Islamabad NV No. {}/{year}", r.int(10, 999)),
            Detail::PakistanFileNumber => {
                format!("F. No. {}/{}/{year}-Ext", r.int(1, 12), r.int(10, 400))
            }
            Detail::InquiryMagistrate => r
                .pick(&[
                    "Judicial Magistrate Section 30, Islamabad",
                    "Senior Civil Judge, Lahore, as Inquiry Magistrate",
                    "Judicial Magistrate, Karachi South",
                ])
                .into(),
            Detail::PrimaFacieFinding => match next {
                Some(Status::Outgoing(B::Discharged)) => "Prima facie case not made out".into(),
                _ => "Prima facie case made out; report sent to the Federal Government".into(),
            },
            Detail::PetitionNumber => {
                format!("W.P. No. {}/{year}, Islamabad High Court", r.int(100, 4999))
            }
            Detail::InformationRequested => r
                .pick(&[
                    "Certified English translations of the witness statements",
                    "Fuller details of the bank accounts and the date range",
                    "Confirmation that the death penalty will not be sought",
                    "The text of the statutory provisions and the penalties",
                    "A clearer link between the suspect and the accounts",
                ])
                .into(),
            Detail::Signatory => {
                if incoming {
                    r.pick(&[
                        "Deputy Attorney General for Pakistan",
                        "Section Officer (MLA), Ministry of Interior",
                        "Additional Director, FIA MLA unit",
                    ])
                    .into()
                } else {
                    r.pick(&[
                        "Senior Crown Prosecutor, CPS International Justice and Organised Crime \
                         Division",
                        "District Judge (Magistrates' Courts), Westminster",
                        "Case Controller, Serious Fraud Office",
                    ])
                    .into()
                }
            }
            Detail::OtherSideReference => {
                if incoming {
                    format!("MLI/{year}/{}", r.digits(5))
                } else {
                    format!("MoI F. No. {}/{}/{year}-MLA", r.int(1, 12), r.int(10, 400))
                }
            }
            Detail::QuestionAsked => r
                .pick(&[
                    "Please confirm the account numbers and the period for the bank records",
                    "Please give the witness's current address and the questions to be put",
                    "Please explain the delay since the offence (over 10 years)",
                    "Please state the estimated loss (de minimis policy)",
                ])
                .into(),
            Detail::ExecutingAuthority => {
                if incoming {
                    r.pick(&[
                        "Westminster Magistrates' Court (nominated court)",
                        "Metropolitan Police Service",
                        "National Crime Agency",
                        "HM Revenue and Customs",
                        "West Midlands Police",
                        "Greater Manchester Police",
                    ])
                    .into()
                } else {
                    r.pick(&[
                        "FIA Cyber Crime Wing, Lahore",
                        "FIA Anti-Money Laundering Circle, Karachi",
                        "ANF Regional Directorate, Rawalpindi",
                        "NAB Rawalpindi",
                        "Counter Terrorism Department, Punjab Police",
                    ])
                    .into()
                }
            }
            Detail::ItemsDelivered => r
                .pick(&[
                    "Bank records for two of three accounts",
                    "Statement of the first witness",
                    "Subscriber data; call records still awaited",
                    "Certified copies of the property records",
                ])
                .into(),
            Detail::Authentication => r
                .pick(&[
                    "Certified by the executing officer",
                    "Certified true copies under the seal of the Ministry of Interior",
                    "Authenticated by the nominated court",
                ])
                .into(),
            Detail::UseLimitations => r
                .pick(&[
                    "Use only for the investigation and prosecution described in the request",
                    "No onward disclosure without the requested state's consent",
                    "Use limited to the named suspects",
                ])
                .into(),
            Detail::RefusalGrounds => {
                if cx.kind == CaseKind::Extradition {
                    r.pick(&[
                        "Federal Government declined to issue a s.4 direction",
                        "Refused: the offence is of a political character (Extradition Act \
                         1972 s.5)",
                    ])
                    .into()
                } else {
                    r.pick(&[
                        "Dual criminality not satisfied for the coercive measures",
                        "Death penalty assurance not provided",
                        "Below the de minimis threshold (loss under £1,000)",
                        "Execution would prejudice an ongoing investigation",
                    ])
                    .into()
                }
            }
            other => self.workstream_text(other, cx),
        }
    }

    pub(super) fn reason(&mut self, cx: &StepCx) -> String {
        let options: &[&str] = match cx.to {
            Status::Incoming(A::RequestReceived) => &[
                "Request received from the Ministry of Interior",
                "Full request received after provisional arrest",
            ],
            Status::Incoming(A::WarrantIssued) => &["Warrant issued by the district judge (s.71)"],
            Status::Incoming(A::Arrested | A::PaArrested) => &["Arrested by the Metropolitan \
                Police Extradition Unit"],
            Status::Incoming(A::SentToSos) => &["Case sent to the Secretary of State (s.92)"],
            Status::Incoming(A::SosOrdered) => &["Extradition ordered (s.93)"],
            Status::Outgoing(B::RequestIssued) => &["Request signed off by the CPS"],
            Status::Outgoing(B::UnderConsideration) => &["Registered by the Ministry of Interior"],
            Status::Mla(C::InReview) => &["Draft sent to the reviewing lawyer"],
            Status::Mla(C::Issued) => &["Letter of request signed"],
            Status::Mla(C::Acknowledged) => &["Acknowledgement received"],
            Status::Mla(C::Accepted) => &["Request accepted for execution"],
            _ => &[],
        };
        match self.rng.pick_from(options) {
            Some(text) if self.rng.chance(0.8) => text.into(),
            _ => String::new(),
        }
    }

    pub(super) fn document_for(&self, to: Status) -> Option<&'static str> {
        Some(match to {
            Status::Incoming(A::RequestReceived) => "Extradition request (English and Urdu)",
            Status::Incoming(A::SpecialArrangementCertified) => "Special arrangement certificate",
            Status::Incoming(A::WarrantIssued) => "Arrest warrant",
            Status::Incoming(A::SentToSos) => "District judge's ruling",
            Status::Incoming(A::SosOrdered) => "Extradition order",
            Status::Outgoing(B::NoticePublished) => "INTERPOL notice",
            Status::Outgoing(B::RequestIssued) => "Extradition request bundle",
            Status::Outgoing(B::Transmitted) | Status::Mla(C::Transmitted) => "Note verbale",
            Status::Mla(C::Issued) => "Letter of request",
            Status::Mla(C::Executed) => "Evidence schedule",
            Status::Mla(C::EvidenceReceived) => "Evidence receipt",
            _ => return None,
        })
    }
}

pub(super) fn closure_reason(r: &mut Rng, cx: &StepCx) -> &'static str {
    let options: &[&str] = match cx.to {
        Status::Incoming(A::Discharged) => &[
            "Discharged: the death penalty assurance was not adequate (s.94)",
            "Discharged: passage of time (s.82)",
            "Discharged on appeal: Article 3 ECHR (prison conditions)",
            "Discharged: papers not received in time after provisional arrest (s.74)",
        ],
        Status::Incoming(A::Withdrawn) => &[
            "Request withdrawn by the Ministry of Interior",
            "Withdrawn: the subject is being prosecuted in the UK instead",
        ],
        Status::Incoming(A::NotCertified) => {
            &["The Secretary of State declined to make a special arrangement (s.194)"]
        }
        Status::Incoming(A::SubjectNotLocated) | Status::Outgoing(B::SubjectNotLocated) => &[
            "Subject not found at any known address; circulated as wanted",
            "Subject believed to have left for a third country",
        ],
        Status::Incoming(A::ClosedAlternativeRemoval) => &[
            "Deported under the 2022 returns arrangement",
            "Removed as a foreign national offender after sentence",
        ],
        Status::Incoming(A::ClosedNoAction) => &[
            "Insufficient information to proceed; the partner was told",
            "Subject not in the UK",
        ],
        Status::Outgoing(B::Withdrawn) => &[
            "Request withdrawn after the CPS reviewed the evidence",
            "Withdrawn: the subject died",
        ],
        Status::Outgoing(B::Lapsed) => &["No response from Pakistan after repeated chasers"],
        Status::Outgoing(B::ClosedAlternative) => &[
            "Subject returned voluntarily and was arrested on arrival at Heathrow",
            "Prosecuted in Pakistan instead (transfer of proceedings)",
        ],
        Status::Outgoing(B::Closed) => &["Subject found to be outside Pakistan"],
        Status::Outgoing(B::Discharged) => &[
            "Discharged by the Inquiry Magistrate: no prima facie case",
            "Discharged by the Islamabad High Court on the writ petition",
        ],
        Status::Mla(C::Closed) => &[
            "All assistance delivered; file closed",
            "Evidence served at trial; file closed",
        ],
        Status::Mla(C::Withdrawn) => &[
            "Withdrawn: investigation discontinued",
            "Withdrawn: the evidence was obtained by other means",
        ],
        Status::Mla(C::Lapsed) => {
            &["No response after 90 days; the requesting authority no longer needs it"]
        }
        Status::Mla(C::Abandoned) => &[
            "Draft abandoned: below the de minimis threshold (loss under £1,000)",
            "Abandoned: offences over 10 years old without an explanation",
            "Abandoned: the suspect was charged on domestic evidence",
        ],
        _ => &["Closed"],
    };
    r.pick(options)
}
