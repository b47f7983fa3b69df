//! Keeping a case's particulars in step with its status, and what comes after the last step:
//! notes, tasks, extensions, links.

use super::rng::*;
use super::words::*;
use super::*;
use crate::domain::case::{
    AssistanceProgress, Assurance, AssuranceKind, CaseDetails, CaseLink, Direction, DocumentStatus,
    ExternalReference, Hearing, HearingKind, LinkKind, Note, ReferenceAuthority, Task,
};
use crate::domain::casebook::Command;
use crate::domain::clock::{ClockKey, clocks};
use crate::domain::event::DetailValue;
use crate::domain::ids::CaseId;
use crate::domain::transition::TransitionRequest;
use crate::domain::workflow::{
    Detail, IncomingState as A, MlaState as C, OutgoingState as B, Status,
};
use chrono::{Datelike, Months, NaiveDate};

impl Gen {
    /// Updates the case's particulars for the transition about to be recorded: the checklist
    /// and assurances for gates, hearings, references and assistance progress. Returns whether
    /// anything changed.
    pub(super) fn prepare(
        &mut self,
        d: &mut CaseDetails,
        cx: &StepCx,
        request: &TransitionRequest,
        needed: &[AssuranceKind],
        override_gate: bool,
    ) -> bool {
        let date = cx.date;
        let text = |detail: Detail| match request.details.get(&detail) {
            Some(DetailValue::Text(t)) => t.clone(),
            _ => String::new(),
        };
        let hearing_date = |g: &mut Self| match cx.next {
            Some((_, next)) => {
                let span = (next - date).num_days();
                add_days(date, g.rng.int(span / 2, span))
            }
            None => add_days(date, g.rng.int(30, 150)),
        };
        let mut changed = true;
        match cx.to {
            Status::Incoming(A::PaArrested) => {
                let outcome = text(Detail::CustodyOrBail);
                self.hearing(
                    d,
                    add_days(date, 1).min(self.today).max(date),
                    HearingKind::Initial,
                    WMC,
                    outcome,
                );
            }
            Status::Incoming(A::RequestReceived) => {
                self.progress(d, 0.75);
                for &kind in needed {
                    self.request_assurance(d, kind, date);
                }
                if self.rng.chance(0.2) {
                    self.request_assurance(d, AssuranceKind::FairTrial, date);
                }
            }
            Status::Incoming(A::SpecialArrangementCertified) => {
                for item in &mut d.checklist {
                    if item.label.contains("Special arrangement") {
                        item.status = DocumentStatus::Received;
                    }
                }
                self.progress(d, 0.5);
            }
            Status::Incoming(A::InitialHearing) => {
                self.hearing(
                    d,
                    date,
                    HearingKind::Initial,
                    WMC,
                    "Extradition hearing fixed".into(),
                );
                if cx.next.is_none()
                    && let Some(DetailValue::Date(fixed)) =
                        request.details.get(&Detail::FixedHearingDate)
                {
                    self.hearing(d, *fixed, HearingKind::Extradition, WMC, "Listed".into());
                }
            }
            Status::Incoming(A::Consented) => {
                let outcome = "Consent to extradition given (s.127)".to_string();
                self.hearing(d, date, HearingKind::Other, WMC, outcome);
            }
            Status::Incoming(A::ExtraditionHearing) => {
                let outcome = match cx.next.map(|(s, _)| s) {
                    Some(Status::Incoming(A::SentToSos)) => "Case sent to the Secretary of State",
                    Some(Status::Incoming(A::Discharged)) => "Discharged",
                    Some(Status::Incoming(A::Adjourned)) => "Adjourned",
                    Some(_) => "Concluded",
                    None => "Part-heard; judgment reserved",
                };
                self.hearing(d, date, HearingKind::Extradition, WMC, outcome.into());
            }
            Status::Incoming(A::AppealHc) | Status::Incoming(A::AppealSc) => {
                let court = if cx.to == Status::Incoming(A::AppealHc) {
                    "High Court (Administrative Court)"
                } else {
                    "Supreme Court"
                };
                let when = hearing_date(self);
                let outcome = match cx.next.map(|(s, _)| s) {
                    _ if when > self.today => "Listed",
                    Some(Status::Incoming(A::AwaitingSurrender)) => "Appeal dismissed",
                    Some(Status::Incoming(A::Discharged)) => "Appeal allowed; discharged",
                    Some(Status::Incoming(A::AppealSc)) => {
                        "Appeal dismissed; point of law of general public importance certified"
                    }
                    Some(_) => "Appeal withdrawn",
                    None => "Judgment reserved",
                };
                self.hearing(d, when, HearingKind::Appeal, court, outcome.into());
            }
            Status::Outgoing(B::NoticePublished) => {
                let number = text(Detail::NoticeNumber);
                self.reference(d, ReferenceAuthority::Interpol, number);
            }
            Status::Outgoing(B::FileInPreparation) => self.progress(d, 0.4),
            Status::Outgoing(B::ReturnedForInfo) | Status::Mla(C::ReturnedDeficient) => {
                let note = text(Detail::InformationRequested);
                self.deficient(d, note);
            }
            Status::Outgoing(B::UnderConsideration) => {
                let number = text(Detail::PakistanFileNumber);
                self.reference(d, ReferenceAuthority::MinistryOfInterior, number);
            }
            Status::Outgoing(B::InquiryOrdered) => {
                let court = text(Detail::InquiryMagistrate);
                let when = hearing_date(self);
                let outcome = if when > self.today {
                    "Listed"
                } else {
                    "Inquiry opened"
                };
                self.hearing(d, when, HearingKind::Inquiry, &court, outcome.into());
            }
            Status::Outgoing(B::FugitiveArrested) => {
                let outcome = "Produced before the Inquiry Magistrate; remanded (s.8)".into();
                self.hearing(d, date, HearingKind::Inquiry, "Inquiry Magistrate", outcome);
            }
            Status::Outgoing(B::WritPending) => {
                let when = hearing_date(self);
                let outcome = if when > self.today {
                    "Listed"
                } else {
                    "Notice issued to the Federal Government"
                };
                self.hearing(
                    d,
                    when,
                    HearingKind::Writ,
                    "Islamabad High Court",
                    outcome.into(),
                );
            }
            Status::Mla(C::InReview) => self.progress(d, 0.6),
            Status::Mla(C::Issued) if cx.direction == Direction::Outgoing => {
                let value = format!("MLO/{}/{}", date.year(), self.rng.digits(5));
                self.reference(d, ReferenceAuthority::UkcaMlo, value);
            }
            Status::Mla(C::Acknowledged) => {
                let authority = if cx.direction == Direction::Incoming {
                    ReferenceAuthority::UkcaMli
                } else {
                    ReferenceAuthority::MinistryOfInterior
                };
                self.reference(d, authority, text(Detail::OtherSideReference));
            }
            Status::Mla(C::InExecution) => {
                for item in &mut d.mla.assistance {
                    if item.progress == AssistanceProgress::Pending && self.rng.chance(0.7) {
                        item.progress = AssistanceProgress::InProgress;
                    }
                }
            }
            Status::Mla(C::PartiallyExecuted) => {
                let n = d.mla.assistance.len();
                let delivered = self.rng.int(1, (n as i64 - 1).max(1)) as usize;
                for (i, item) in d.mla.assistance.iter_mut().enumerate() {
                    if i < delivered {
                        item.progress = AssistanceProgress::Delivered;
                    } else if item.progress == AssistanceProgress::Pending {
                        item.progress = AssistanceProgress::InProgress;
                    }
                }
            }
            Status::Mla(C::Executed) => {
                let refuse_one = d.mla.assistance.len() > 1 && self.rng.chance(0.1);
                for (i, item) in d.mla.assistance.iter_mut().enumerate() {
                    item.progress = if refuse_one && i == 0 {
                        AssistanceProgress::Refused
                    } else {
                        AssistanceProgress::Delivered
                    };
                }
            }
            Status::Mla(C::Refused) => {
                for item in &mut d.mla.assistance {
                    if item.progress != AssistanceProgress::Delivered {
                        item.progress = AssistanceProgress::Refused;
                    }
                }
            }
            _ => changed = false,
        }
        if cx.to.rule().gated {
            self.satisfy_gate(d, date, needed, override_gate);
            changed = true;
        }
        changed
    }

    pub(super) fn hearing(
        &mut self,
        d: &mut CaseDetails,
        date: NaiveDate,
        kind: HearingKind,
        court: &str,
        outcome: String,
    ) {
        let id = self.record_id();
        d.hearings.push(Hearing {
            id,
            date,
            kind,
            court: court.into(),
            outcome,
            // Extradition hearings and appeals are heard in open court.
            public: matches!(kind, HearingKind::Extradition | HearingKind::Appeal),
        });
    }

    pub(super) fn reference(
        &mut self,
        d: &mut CaseDetails,
        authority: ReferenceAuthority,
        value: String,
    ) {
        if value.trim().is_empty()
            || d.external_references
                .iter()
                .any(|r| r.authority == authority)
        {
            return;
        }
        let id = self.record_id();
        d.external_references.push(ExternalReference {
            id,
            authority,
            value,
        });
    }

    /// Documents arrive: each outstanding item is received with probability `p`.
    pub(super) fn progress(&mut self, d: &mut CaseDetails, p: f64) {
        for item in &mut d.checklist {
            if item.status.is_satisfied() {
                continue;
            }
            if self.rng.chance(p) {
                item.status = if self.rng.chance(0.4) {
                    DocumentStatus::Verified
                } else {
                    DocumentStatus::Received
                };
            } else if item.status == DocumentStatus::Missing && self.rng.chance(0.6) {
                item.status = DocumentStatus::Requested;
            }
        }
    }

    /// The other side found a gap: one required item becomes deficient.
    pub(super) fn deficient(&mut self, d: &mut CaseDetails, note: String) {
        let required: Vec<usize> = (0..d.checklist.len())
            .filter(|&i| d.checklist[i].required)
            .collect();
        if let Some(i) = self.rng.pick_from(&required) {
            d.checklist[i].status = DocumentStatus::Deficient;
            d.checklist[i].note = note;
        }
    }

    pub(super) fn request_assurance(
        &mut self,
        d: &mut CaseDetails,
        kind: AssuranceKind,
        date: NaiveDate,
    ) {
        if d.assurances.iter().any(|a| a.kind == kind) {
            return;
        }
        let id = self.record_id();
        d.assurances.push(Assurance {
            id,
            kind,
            requested: Some(date),
            received: None,
            accepted: None,
            note: String::new(),
        });
    }

    /// Everything a gated transition needs: required documents received or verified (all but
    /// one when the officer will override), optional ones settled, assurances accepted.
    pub(super) fn satisfy_gate(
        &mut self,
        d: &mut CaseDetails,
        date: NaiveDate,
        needed: &[AssuranceKind],
        override_gate: bool,
    ) {
        for item in &mut d.checklist {
            if item.status.is_satisfied() {
                continue;
            }
            item.status = if !item.required && self.rng.chance(0.5) {
                DocumentStatus::NotApplicable
            } else if self.rng.chance(0.5) {
                DocumentStatus::Verified
            } else {
                DocumentStatus::Received
            };
            if item.status.is_satisfied() {
                item.note.clear();
            }
        }
        if override_gate {
            let required: Vec<usize> = (0..d.checklist.len())
                .filter(|&i| d.checklist[i].required)
                .collect();
            if let Some(i) = self.rng.pick_from(&required) {
                d.checklist[i].status = DocumentStatus::Requested;
                d.checklist[i].note = "Promised; original to follow".into();
            }
        }
        for &kind in needed {
            let requested = add_days(date, -self.rng.int(10, 40));
            self.request_assurance(d, kind, requested);
        }
        for a in &mut d.assurances {
            if !needed.contains(&a.kind) || a.accepted.is_some() {
                continue;
            }
            let requested = a.requested.unwrap_or(date).min(date);
            let received = add_days(date, -self.rng.int(0, 9)).max(requested);
            let accepted = add_days(date, -self.rng.int(0, 3)).max(received);
            a.requested = Some(requested);
            a.received = Some(received);
            a.accepted = Some(accepted);
            a.note = match a.kind {
                AssuranceKind::DeathPenalty => {
                    "Written assurance that the death penalty will not be sought or carried out"
                        .into()
                }
                AssuranceKind::Speciality => "Speciality assurance by note verbale".into(),
                _ => String::new(),
            };
        }
    }

    // After the last step

    /// Notes and tasks; a court's extension of a deadline; evidence returned.
    pub(super) fn finish(&mut self, id: CaseId, opened: NaiveDate, last: NaiveDate) {
        let Some(case) = self.book.case(id) else {
            return;
        };
        let status = case.status();
        let open = !status.is_terminal();
        let mut d = case.details.clone();
        let until = if open { self.today } else { last };
        for _ in 0..self.rng.weighted(&[(0, 30), (1, 35), (2, 25), (3, 10)]) {
            let written = add_days(opened, self.rng.int(0, (until - opened).num_days()));
            let id = self.record_id();
            d.notes.push(Note {
                id,
                written,
                author: self.rng.pick(TEAM).into(),
                text: self.rng.pick(NOTES).into(),
            });
        }
        d.notes.sort_by_key(|n| n.written);
        let tasks = if open {
            self.rng.weighted(&[(0, 35), (1, 40), (2, 25)])
        } else {
            self.rng.weighted(&[(0, 80), (1, 20)])
        };
        for _ in 0..tasks {
            let text = self.rng.pick(TASKS);
            if d.tasks.iter().any(|t| t.text == text) {
                continue;
            }
            let id = self.record_id();
            d.tasks.push(Task {
                id,
                text: text.into(),
                due: Some(if open {
                    add_days(self.today, self.rng.int(-10, 30))
                } else {
                    add_days(last, -self.rng.int(0, 20))
                }),
                done: !open || self.rng.chance(0.2),
                assignee: Default::default(),
            });
        }
        let now = self.stamp(until);
        self.apply(
            now,
            Command::UpdateCase {
                case: id,
                details: Box::new(d),
            },
        );

        let Some(case) = self.book.case(id) else {
            return;
        };
        let on_hold = matches!(
            case.status(),
            Status::Incoming(A::Deferred | A::Postponed | A::Adjourned)
        );
        let pending: Vec<_> = clocks(case, self.today, &self.book.settings.working_days())
            .into_iter()
            .filter(|c| c.is_pending())
            .collect();
        for clock in pending {
            match clock.key {
                ClockKey::UkSosDecision | ClockKey::UkSurrender
                    if on_hold && self.rng.chance(0.7) =>
                {
                    let new_due =
                        add_days(self.today, self.rng.int(-5, 60)).max(add_days(clock.due, 1));
                    let reason = if clock.key == ClockKey::UkSurrender {
                        "Surrender postponed; new date agreed with the requesting state"
                    } else {
                        "Decision deferred; the High Court extended the period"
                    };
                    let now = self.stamp(last);
                    self.apply(
                        now,
                        Command::ExtendClock {
                            case: id,
                            clock: clock.key,
                            started_by: clock.started_by,
                            new_due,
                            reason: reason.into(),
                        },
                    );
                }
                ClockKey::UkSosDecision if !on_hold && self.rng.chance(0.3) => {
                    let on = add_days(clock.due, -self.rng.int(0, 10))
                        .max(last)
                        .min(self.today);
                    let Some(new_due) = clock.due.checked_add_months(Months::new(1)) else {
                        continue;
                    };
                    let now = self.stamp(on);
                    self.apply(
                        now,
                        Command::ExtendClock {
                            case: id,
                            clock: clock.key,
                            started_by: clock.started_by,
                            new_due,
                            reason: "High Court extended the period on the Secretary of \
                                     State's application"
                                .into(),
                        },
                    );
                }
                ClockKey::MlaRequiredBy if clock.due < self.today && self.rng.chance(0.25) => {
                    let on = add_days(clock.due, self.rng.int(1, 5))
                        .max(last)
                        .min(self.today);
                    let new_due = add_days(self.today, self.rng.int(7, 45));
                    let now = self.stamp(on);
                    self.apply(
                        now,
                        Command::ExtendClock {
                            case: id,
                            clock: clock.key,
                            started_by: clock.started_by,
                            new_due,
                            reason: "Trial date moved; the prosecutor agreed a later date".into(),
                        },
                    );
                }
                ClockKey::EvidenceReturn
                    if clock.due < add_days(self.today, 30)
                        && self.rng.chance(if open { 0.3 } else { 0.8 }) =>
                {
                    let on = add_days(clock.due, -self.rng.int(-5, 20))
                        .max(last)
                        .min(self.today);
                    let now = self.stamp(on);
                    self.apply(
                        now,
                        Command::MeetClock {
                            case: id,
                            clock: clock.key,
                            started_by: clock.started_by,
                            on,
                            note: "Exhibits returned to the requested state's central \
                                   authority"
                                .into(),
                        },
                    );
                }
                _ => {}
            }
        }
    }

    /// Links two cases both ways.
    pub(super) fn link(&mut self, a: CaseId, b: CaseId, kind: LinkKind) {
        for (from, to) in [(a, b), (b, a)] {
            let Some(case) = self.book.case(from) else {
                continue;
            };
            if self.book.case(to).is_none() || case.details.links.iter().any(|l| l.case == to) {
                continue;
            }
            let mut d = case.details.clone();
            d.links.push(CaseLink { case: to, kind });
            let day = case.last_update().min(self.today);
            self.context = format!("link {}", case.reference);
            self.last_at = self.at(day, 0, 0);
            let now = self.stamp(day);
            self.apply(
                now,
                Command::UpdateCase {
                    case: from,
                    details: Box::new(d),
                },
            );
        }
    }
}
