//! Planning a case: where it will end, the dated path there and the particulars it opens with.

use super::rng::*;
use super::words::*;
use super::*;
use crate::domain::case::{
    AssistanceItem, AssistanceProgress, AssistanceType, CaseDetails, CaseKind, Country,
    DeathPenalty, Direction, DualCriminality, ExternalReference, HandlingMarking, LegalBasis,
    LinkKind, Offence, Party, ProgrammeArea, ReferenceAuthority, Role, Urgency,
};
use crate::domain::ids::{CaseId, IdSource};
use crate::domain::person::{Person, Source};
use crate::domain::workflow::{
    IncomingState as A, MlaState as C, OutgoingState as B, Status, Workflow,
};
use ProgrammeArea as P;
use chrono::{Datelike, NaiveDate};

impl Gen {
    pub(super) fn random_target(&mut self) -> Status {
        // Realistic proportions: MLA and returns are the bulk of the programme's work.
        let wf = self.rng.weighted(&[
            (Workflow::ExtraditionIncoming, 13),
            (Workflow::ExtraditionOutgoing, 11),
            (Workflow::MutualLegalAssistance, 30),
            (Workflow::Returns, 20),
            (Workflow::ConvictionData, 12),
            (Workflow::ServiceProvider, 5),
            (Workflow::PoliceEnquiry, 6),
            (Workflow::OffenderAlert, 3),
        ]);
        let open = self.rng.chance(0.7);
        let states: Vec<Status> = wf
            .states()
            .into_iter()
            .filter(|s| s.is_terminal() != open)
            .collect();
        self.rng.pick_from(&states).unwrap_or(wf.initial())
    }

    /// Routes officers often see that are not the shortest: provisional arrest before the full
    /// request, INTERPOL notices, appeals, holds, requests for more information. Whether a
    /// certified request goes to a warrant or straight to the first hearing depends on whether
    /// the person was provisionally arrested.
    pub(super) fn scenic(&self, current: Status, so_far: &[Status]) -> Option<(Status, f64)> {
        use Status::{Incoming as I, Mla as M, Outgoing as O};
        Some(match current {
            I(A::PreRequest) => (I(A::PaRequested), 0.3),
            I(A::PaRequested) => (I(A::PaArrested), 0.75),
            I(A::RequestCertified) if so_far.contains(&I(A::PaArrested)) => {
                (I(A::InitialHearing), 1.0)
            }
            I(A::RequestCertified) => (I(A::WarrantIssued), 0.9),
            I(A::InitialHearing) => (I(A::ExtraditionHearing), 0.75),
            I(A::ExtraditionHearing) => (I(A::Adjourned), 0.15),
            I(A::SentToSos) => (I(A::Deferred), 0.1),
            I(A::SosOrdered) => (I(A::AppealHc), 0.35),
            I(A::AwaitingSurrender) => (I(A::Postponed), 0.1),
            O(B::SubjectLocatedAbroad) => (O(B::NoticeRequested), 0.5),
            O(B::NoticeRequested) => (O(B::NoticePublished), 0.7),
            O(B::NoticePublished) => (O(B::PaRequested), 0.25),
            O(B::PaRequested) => (O(B::PaArrestedAbroad), 0.6),
            O(B::UnderConsideration) => (O(B::ReturnedForInfo), 0.1),
            O(B::SurrenderOrdered) => (O(B::WritPending), 0.25),
            M(C::Transmitted) => (M(C::ReturnedDeficient), 0.05),
            M(C::UnderConsideration) => (M(C::FurtherInfoRequested), 0.2),
            M(C::InExecution) => (M(C::PartiallyExecuted), 0.3),
            _ => return None,
        })
    }

    /// A path of allowed transitions from `from` to `to` (excluding `from`): mostly shortest
    /// steps, some common longer routes, and a few detours while `detours` lasts.
    pub(super) fn walk(&mut self, from: Status, to: Status, detours: &mut u32) -> Vec<Status> {
        let mut out: Vec<Status> = Vec::new();
        let mut cur = from;
        while cur != to && out.len() < 40 {
            let d = self.dist(cur, to);
            if d == UNREACHABLE {
                break;
            }
            // Only the moves that follow the way the case came (an appeal after a hearing).
            let came_from = out.len().checked_sub(2).map(|i| out[i]);
            let mut next = cur.next();
            next.retain(|n| n.follows(cur, came_from.or((!out.is_empty()).then_some(from))));
            let shortest: Vec<Status> = next
                .iter()
                .copied()
                .filter(|&n| self.dist(n, to) == d - 1)
                .collect();
            let longer: Vec<Status> = next
                .iter()
                .copied()
                .filter(|&n| {
                    let dn = self.dist(n, to);
                    dn != UNREACHABLE && dn >= d
                })
                .collect();
            let scenic = self
                .scenic(cur, &out)
                .filter(|(n, _)| out.len() < 25 && longer.contains(n));
            let choice = if let Some((n, p)) = scenic
                && self.rng.chance(p)
            {
                Some(n)
            } else if *detours > 0 && !longer.is_empty() && self.rng.chance(0.2) {
                *detours -= 1;
                self.rng.pick_from(&longer)
            } else {
                self.rng.pick_from(&shortest)
            };
            let Some(n) = choice else { break };
            out.push(n);
            cur = n;
        }
        out
    }

    /// A path from the workflow's first state to `target`, entering it from a random one of
    /// the states that lead to it, so that closures happen at every stage.
    pub(super) fn path_to(&mut self, target: Status) -> Vec<Status> {
        let initial = target.workflow().initial();
        let before: Vec<Status> = target
            .workflow()
            .states()
            .into_iter()
            .filter(|s| s.may_go_to(target) && self.dist(initial, *s) != UNREACHABLE)
            .collect();
        if target == initial && (before.is_empty() || self.rng.chance(0.85)) {
            return Vec::new();
        }
        let Some(via) = self.rng.pick_from(&before) else {
            let mut detours = 0;
            return self.walk(initial, target, &mut detours);
        };
        let mut detours = self.rng.weighted(&[(0u32, 70), (1, 20), (2, 10)]);
        // A move that follows only some states (`Status::only_after`) is reached through one of
        // them.
        let through: Vec<Status> = target
            .only_after()
            .iter()
            .copied()
            .filter(|s| {
                *s != via
                    && s.may_go_to(via)
                    && !target.only_after().contains(&via)
                    && self.dist(initial, *s) != UNREACHABLE
            })
            .collect();
        let mut path = match self.rng.pick_from(&through) {
            Some(pre) => {
                let mut path = self.walk(initial, pre, &mut detours);
                if path.last().copied().unwrap_or(initial) != pre {
                    return path;
                }
                path.push(via);
                path
            }
            None => self.walk(initial, via, &mut detours),
        };
        let came_from = path.len().checked_sub(2).map_or(initial, |i| path[i]);
        if path.last().copied().unwrap_or(initial) == via && target.follows(via, Some(came_from)) {
            path.push(target);
        }
        path
    }

    /// Days a case typically stays in `state` before it moves on.
    pub(super) fn dwell(&mut self, state: Status) -> i64 {
        let (lo, hi) = match state {
            Status::Incoming(s) => match s {
                A::PreRequest => (7, 60),
                A::PaRequested => (1, 14),
                A::PaArrested => (5, 20),
                A::RequestReceived => (3, 12),
                A::SpecialArrangementCertified => (2, 10),
                A::RequestCertified => (2, 14),
                A::WarrantIssued => (3, 60),
                A::Arrested => (0, 1),
                A::InitialHearing => (14, 45),
                A::Consented => (3, 10),
                A::ExtraditionHearing => (1, 30),
                A::SentToSos => (20, 55),
                A::SosOrdered => (3, 12),
                A::AppealHc => (60, 200),
                A::AppealSc => (60, 240),
                A::AwaitingSurrender => (5, 14),
                A::Deferred | A::Adjourned | A::Postponed => (14, 60),
                _ => (7, 30),
            },
            Status::Outgoing(s) => match s {
                B::SubjectLocatedAbroad => (7, 60),
                B::NoticeRequested => (7, 30),
                B::NoticePublished => (14, 120),
                B::FileInPreparation => (20, 90),
                B::PaRequested => (3, 30),
                B::PaArrestedAbroad => (7, 40),
                B::RequestIssued => (1, 10),
                B::Transmitted => (10, 28),
                B::ReturnedForInfo => (14, 60),
                B::UnderConsideration => (30, 120),
                B::InquiryOrdered => (14, 90),
                B::FugitiveArrested => (30, 120),
                B::InquiryReported => (14, 60),
                B::SurrenderOrdered => (7, 50),
                B::WritPending => (30, 150),
                _ => (7, 30),
            },
            Status::Mla(s) => match s {
                C::Draft => (3, 30),
                C::InReview => (2, 14),
                C::Issued => (1, 10),
                C::Transmitted => (5, 28),
                C::Acknowledged => (5, 30),
                C::UnderConsideration => (14, 60),
                C::FurtherInfoRequested => (10, 40),
                C::Accepted => (5, 30),
                C::InExecution => (30, 120),
                C::PartiallyExecuted => (14, 60),
                C::Executed => (7, 30),
                C::EvidenceReceived => (30, 120),
                C::ReturnedDeficient => (7, 30),
                _ => (7, 30),
            },
            _ => (7, 30),
        };
        self.rng.int(lo, hi)
    }

    /// How long an open case has been in its current state: a spread that puts its clocks
    /// overdue, due soon and later.
    pub(super) fn age(&mut self, state: Status, path: &[Status]) -> i64 {
        // Short statutory deadlines are mostly kept.
        let provisionally_arrested = path.contains(&Status::Incoming(A::PaArrested));
        let within = match state {
            Status::Incoming(A::PaArrested) => 44,
            Status::Incoming(A::RequestReceived | A::SpecialArrangementCertified)
                if provisionally_arrested =>
            {
                20
            }
            Status::Incoming(A::InitialHearing | A::SentToSos) => 59,
            Status::Incoming(A::SosOrdered | A::AwaitingSurrender | A::AppealSc) => 27,
            Status::Outgoing(B::SurrenderOrdered) => 60,
            _ => 0,
        };
        if within > 0 && self.rng.chance(0.8) {
            return self.rng.int(0, within);
        }
        match self.rng.below(100) {
            0..35 => self.rng.int(0, 20),
            35..70 => self.rng.int(20, 75),
            _ => self.rng.int(75, 400),
        }
    }

    pub(super) fn plan(&mut self, index: usize) -> Plan {
        let targeted = index < self.states.len();
        let target = if targeted {
            self.states[index]
        } else {
            self.random_target()
        };
        let (kind, direction) = match target.workflow() {
            Workflow::ExtraditionIncoming => (CaseKind::Extradition, Direction::Incoming),
            Workflow::ExtraditionOutgoing => (CaseKind::Extradition, Direction::Outgoing),
            Workflow::MutualLegalAssistance => {
                let outgoing = if targeted {
                    index.is_multiple_of(2)
                } else {
                    self.rng.chance(0.55)
                };
                let direction = if outgoing {
                    Direction::Outgoing
                } else {
                    Direction::Incoming
                };
                (CaseKind::Mla, direction)
            }
            other => (other.kind(), Direction::Outgoing),
        };
        let id = CaseId(self.ids.next_uuid());

        // The dated path. In the other workstreams the path says which way the case goes: a
        // request received, an alert received, a person returned to the UK.
        let path = one_way(self.path_to(target));
        let direction = match kind {
            CaseKind::Extradition | CaseKind::Mla => direction,
            CaseKind::Returns if self.rng.chance(0.04) => Direction::Incoming,
            _ if path.iter().any(|s| s.is_received()) => Direction::Incoming,
            _ => Direction::Outgoing,
        };
        self.context = format!("case {index} ({kind} {direction}, {})", target.code());
        let reached = path.last().copied().unwrap_or(target.workflow().initial());
        let open = !reached.is_terminal();
        let mut gaps = Vec::with_capacity(path.len());
        let mut prev = target.workflow().initial();
        for &s in &path {
            gaps.push(self.dwell(prev));
            prev = s;
        }
        let age = if open { self.age(reached, &path) } else { 0 };
        let budget = (WINDOW_DAYS - age).max(30);
        let span: i64 = gaps.iter().sum();
        if span > budget {
            for g in &mut gaps {
                *g = *g * budget / span;
            }
        }
        let span: i64 = gaps.iter().sum();
        let end = if open {
            add_days(self.today, -age)
        } else {
            add_days(self.today, -self.rng.int(0, (WINDOW_DAYS - span).max(0)))
        };
        let opened = add_days(end, -span);
        let mut steps = Vec::with_capacity(path.len());
        let mut date = opened;
        for (&s, &g) in path.iter().zip(&gaps) {
            date = add_days(date, g);
            steps.push((s, date));
        }

        // Area and people; an MLA case sometimes gathers evidence about an extradition subject.
        let mut area = if index < ProgrammeArea::ALL.len() {
            ProgrammeArea::ALL[index]
        } else {
            self.rng.weighted(&[
                (P::Narcotics, 15),
                (P::IllicitFinance, 15),
                (P::FraudCorruption, 14),
                (P::IllegalMigration, 12),
                (P::SeriousViolence, 12),
                (P::HumanTrafficking, 8),
                (P::OnlineChildExploitation, 8),
                (P::CounterTerrorism, 8),
                (P::Other, 8),
            ])
        };
        let mut link = None;
        let mut people = Vec::new();
        let reused = if kind == CaseKind::Mla && self.rng.chance(0.15) {
            let earlier: Vec<usize> = (0..self.recent.len())
                .filter(|&i| self.recent[i].opened <= add_days(opened, 60))
                .collect();
            self.rng
                .pick_from(&earlier)
                .and_then(|i| self.recent.get(i).cloned())
        } else {
            None
        };
        let (subject, subject_name) = match reused {
            Some(ext) => {
                area = ext.area;
                let link_kind = if ext.direction == direction {
                    LinkKind::EvidenceForExtradition
                } else {
                    LinkKind::SameSubject
                };
                link = Some((ext.case, link_kind));
                (ext.subject, ext.name)
            }
            None => {
                let heritage = self.rng.weighted(&[
                    (Heritage::Pakistani, 45),
                    (Heritage::BritishPakistani, 35),
                    (Heritage::British, 20),
                ]);
                let female = self.rng.chance(0.12);
                // The subject is where the request is sent.
                let in_uk = direction == Direction::Incoming;
                let source = if direction == Direction::Incoming {
                    Source::Partner
                } else {
                    Source::Ours
                };
                let p = self.person(heritage, female, in_uk, source, true);
                let subject = (p.id, p.name.clone());
                people.push(p);
                subject
            }
        };
        let in_uk = direction == Direction::Incoming;
        let mut parties = vec![Party {
            person: subject,
            role: if kind == CaseKind::Extradition {
                Role::RequestedPerson
            } else {
                Role::Suspect
            },
        }];
        if kind == CaseKind::Mla && self.rng.chance(0.15) {
            let p = self.local_person(in_uk, Source::Ours);
            parties.push(Party {
                person: p.id,
                role: Role::Suspect,
            });
            people.push(p);
        }
        if matches!(
            area,
            P::SeriousViolence | P::HumanTrafficking | P::OnlineChildExploitation
        ) && self.rng.chance(0.4)
        {
            let p = self.local_person(!in_uk, Source::Ours);
            parties.push(Party {
                person: p.id,
                role: Role::Victim,
            });
            people.push(p);
        }

        // Offences.
        let requesting_pk = direction == Direction::Incoming;
        let unassessed = steps.is_empty() && self.rng.chance(0.4);
        let candidates: Vec<usize> = OFFENCES
            .iter()
            .enumerate()
            .filter(|(_, o)| o.area == area)
            .map(|(i, _)| i)
            .collect();
        let count = self.rng.weighted(&[(1usize, 60), (2, 30), (3, 10)]);
        let mut chosen: Vec<usize> = Vec::new();
        for _ in 0..count {
            if let Some(i) = self.rng.pick_from(&candidates)
                && !chosen.contains(&i)
            {
                chosen.push(i);
            }
        }
        let offences: Vec<Offence> = chosen
            .iter()
            .map(|&i| self.offence(&OFFENCES[i], requesting_pk, unassessed))
            .collect();

        // The case's particulars.
        let (requesting, requested) = if requesting_pk {
            (Country::pakistan(), Country::uk())
        } else {
            (Country::uk(), Country::pakistan())
        };
        let mut d = CaseDetails::new(requesting, requested);
        d.area = area;
        d.offences = offences;
        d.summary = self.summary(area, kind, direction, &subject_name, opened);
        d.requesting_authority = self.requesting_authority(kind, direction, area).into();
        d.legal_basis = self.legal_basis(kind, direction, area);
        d.marking = match self.rng.below(100) {
            0..85 => HandlingMarking::OfficialSensitive,
            85..97 => HandlingMarking::Official,
            _ => HandlingMarking::Secret,
        };
        if area == P::CounterTerrorism && self.rng.chance(0.3) {
            d.marking = HandlingMarking::Secret;
        }
        d.ncnd = self.rng.chance(if area == P::CounterTerrorism {
            0.25
        } else {
            0.03
        });
        d.assigned_officer = self.rng.pick(TEAM).into();
        for _ in 0..self.rng.weighted(&[(0, 50), (1, 35), (2, 15)]) {
            let tag = self.rng.pick(TAGS);
            if !d.tags.iter().any(|t| t == tag) {
                d.tags.push(tag.into());
            }
        }
        if !people.is_empty()
            && people[0].nationalities.len() > 1
            && !d.tags.iter().any(|t| t == "dual national")
            && self.rng.chance(0.3)
        {
            d.tags.push("dual national".into());
        }
        let year = opened.year();
        let refs = self.opening_references(kind, direction, area, year);
        for (authority, value) in refs {
            let rid = self.record_id();
            d.external_references.push(ExternalReference {
                id: rid,
                authority,
                value,
            });
        }

        if kind == CaseKind::Mla {
            self.mla_particulars(&mut d, &mut parties, &mut people, &steps, opened, open);
        }
        d.parties = parties;

        if kind == CaseKind::Extradition {
            self.recent.push(Extradition {
                case: id,
                subject,
                name: subject_name.clone(),
                area,
                direction,
                opened,
            });
            if self.recent.len() > 64 {
                self.recent.remove(0);
            }
        }
        let correct_at = (steps.len() >= 2 && self.rng.chance(0.015))
            .then(|| self.rng.int(1, steps.len() as i64 - 1) as usize);
        Plan {
            index,
            id,
            kind,
            direction,
            opened,
            steps,
            details: d,
            people,
            link,
            correct_at,
        }
    }

    pub(super) fn offence(
        &mut self,
        o: &OffenceSpec,
        requesting_pk: bool,
        unassessed: bool,
    ) -> Offence {
        let (statute, max_penalty, death, equivalent) = if requesting_pk {
            (
                o.pk,
                o.pk_max,
                if o.death_in_pakistan {
                    DeathPenalty::Available
                } else {
                    DeathPenalty::NotAvailable
                },
                format!("{} ({}; max. {})", o.uk_name, o.uk, o.uk_max),
            )
        } else {
            (
                o.uk,
                o.uk_max,
                DeathPenalty::NotAvailable,
                format!("{} ({}; max. {})", o.pk_name, o.pk, o.pk_max),
            )
        };
        let dual = match self.rng.below(100) {
            0..88 => DualCriminality::Satisfied,
            88..97 => DualCriminality::Unclear,
            _ => DualCriminality::NotSatisfied,
        };
        Offence {
            id: self.record_id(),
            description: o.description.into(),
            area: o.area,
            statute: statute.into(),
            law_text: String::new(),
            max_penalty: max_penalty.into(),
            death_penalty: if unassessed {
                DeathPenalty::NotAssessed
            } else {
                death
            },
            equivalent_offence: equivalent.into(),
            dual_criminality: if unassessed {
                DualCriminality::NotAssessed
            } else {
                dual
            },
        }
    }

    /// Assistance sought, urgency and the required-by date, placed against the plan's dates so
    /// that `MLA_REQUIRED_BY` is met, missed, overdue or due soon.
    pub(super) fn mla_particulars(
        &mut self,
        d: &mut CaseDetails,
        parties: &mut Vec<Party>,
        people: &mut Vec<Person>,
        steps: &[(Status, NaiveDate)],
        opened: NaiveDate,
        open: bool,
    ) {
        let options = assistance_for(d.area);
        let requested_in_uk = d.requested_state == Country::uk();
        let mut kinds: Vec<AssistanceType> = options
            .iter()
            .copied()
            .filter(|_| self.rng.chance(0.35))
            .take(4)
            .collect();
        if kinds.is_empty() {
            kinds.push(self.rng.pick(options));
        }
        for kind in kinds {
            let description = self.assistance_description(kind, requested_in_uk);
            let id = self.record_id();
            d.mla.assistance.push(AssistanceItem {
                id,
                kind,
                description,
                progress: AssistanceProgress::Pending,
            });
            let role = match kind {
                AssistanceType::WitnessStatement | AssistanceType::VideoLinkTestimony => {
                    Some(Role::Witness)
                }
                AssistanceType::BankingRecords | AssistanceType::RestraintOrFreezing => {
                    Some(Role::AccountHolder)
                }
                AssistanceType::TemporaryPrisonerTransfer => Some(Role::Prisoner),
                _ => None,
            };
            if let Some(role) = role
                && !parties.iter().any(|p| p.role == role)
            {
                let p = self.local_person(requested_in_uk, Source::Ours);
                parties.push(Party { person: p.id, role });
                people.push(p);
            }
        }
        d.mla.urgency = if d.area == P::CounterTerrorism || d.area == P::OnlineChildExploitation {
            self.rng.weighted(&[
                (Urgency::Routine, 25),
                (Urgency::Priority, 25),
                (Urgency::Urgent, 25),
                (Urgency::Immediate, 25),
            ])
        } else {
            self.rng.weighted(&[
                (Urgency::Routine, 45),
                (Urgency::Priority, 32),
                (Urgency::Urgent, 18),
                (Urgency::Immediate, 5),
            ])
        };
        if d.mla.urgency == Urgency::Routine && !self.rng.chance(0.25) {
            return;
        }
        let issued = steps
            .iter()
            .rposition(|(s, _)| *s == Status::Mla(C::Issued));
        let executed = issued.and_then(|k| {
            steps[k..]
                .iter()
                .find(|(s, _)| matches!(s, Status::Mla(C::Executed | C::EvidenceReceived)))
                .map(|(_, date)| *date)
        });
        let issued = issued.map(|k| steps[k].1);
        let today = self.today;
        let required_by = match (issued, executed) {
            (Some(i), Some(e)) if self.rng.chance(0.85) => add_days(e, self.rng.int(0, 60)).max(i),
            (Some(i), Some(e)) => add_days(e, -self.rng.int(1, 20)).max(i),
            (Some(i), None) if open => add_days(today, self.rng.due_offset()).max(add_days(i, 3)),
            (Some(i), None) => add_days(i, self.rng.int(30, 180)),
            (None, _) if open => add_days(today, self.rng.int(14, 150)),
            (None, _) => add_days(opened, self.rng.int(60, 240)),
        };
        d.mla.required_by = Some(required_by);
        let reasons: &[&str] = match d.mla.urgency {
            Urgency::Routine => &["Investigation review date", "Charging decision due"],
            Urgency::Priority => &[
                "Trial fixed at Southwark Crown Court",
                "Custody time limit expires",
                "Limitation date approaching",
                "Trial fixed at Birmingham Crown Court",
            ],
            Urgency::Urgent => &[
                "Funds may be moved out of the accounts",
                "Suspect about to travel",
                "Telecoms data is kept for a limited time only",
            ],
            Urgency::Immediate => &[
                "Threat to life",
                "A child is at risk",
                "Terrorism investigation: attack planning suspected",
            ],
        };
        d.mla.required_by_reason = self.rng.pick(reasons).into();
    }

    pub(super) fn assistance_description(&mut self, kind: AssistanceType, in_uk: bool) -> String {
        use AssistanceType as T;
        let city = if in_uk {
            self.rng.pick(UK_CITIES)
        } else {
            self.rng.pick(PK_CITIES)
        };
        let y = self.today.year() - self.rng.int(1, 6) as i32;
        match kind {
            T::BankingRecords => {
                let bank = if in_uk {
                    self.rng.pick(&[
                        "Barclays",
                        "HSBC UK",
                        "Lloyds Bank",
                        "NatWest",
                        "Santander UK",
                    ])
                } else {
                    self.rng.pick(&[
                        "Habib Bank Limited",
                        "MCB Bank",
                        "United Bank Limited",
                        "Meezan Bank",
                        "Allied Bank",
                    ])
                };
                let accounts = match self.rng.int(1, 4) {
                    1 => "one account".to_string(),
                    n => format!("{n} accounts"),
                };
                format!(
                    "Statements and account-opening documents, {bank}, {accounts}, {y} to {}",
                    y + 2
                )
            }
            T::TelecomsData => format!(
                "Subscriber details and call data for {} mobile numbers",
                self.rng.int(1, 6)
            ),
            T::PreservationOfData => {
                "Preserve account data held by the platform for 90 days".into()
            }
            T::WitnessStatement => format!("Statement from a witness in {city}"),
            T::VideoLinkTestimony => "Evidence by live link at the trial".into(),
            T::SearchAndSeizure => format!("Search of premises in {city} and seizure of devices"),
            T::ProductionOrder => "Production of company and property records".into(),
            T::RestraintOrFreezing => format!(
                "Restrain funds of about {} in the suspect's accounts",
                money(self.rng.int(20, 900) * 1000)
            ),
            T::Confiscation => format!(
                "Enforce a confiscation order of {}",
                money(self.rng.int(50, 2000) * 1000)
            ),
            T::CivilRecovery => {
                format!("Recover a property in {city} bought with criminal proceeds")
            }
            T::TemporaryPrisonerTransfer => {
                "Temporary transfer of a serving prisoner to give evidence".into()
            }
            T::LocatingPerson => format!("Locate and identify the suspect's associates in {city}"),
            T::CriminalRecordCheck => "Criminal record check on the suspect".into(),
            T::ServiceOfDocuments => "Serve a summons and the charge on the suspect".into(),
            T::Other => "Certified copies of court records".into(),
        }
    }

    pub(super) fn summary(
        &mut self,
        area: ProgrammeArea,
        kind: CaseKind,
        direction: Direction,
        name: &str,
        opened: NaiveDate,
    ) -> String {
        let pk = self.rng.pick(PK_CITIES);
        let uk = self.rng.pick(UK_CITIES);
        let when = add_days(opened, -self.rng.int(60, 700))
            .format("%B %Y")
            .to_string();
        let amount = money(self.rng.int(40, 4000) * 1000);
        let n = self.rng.int(3, 40);
        let body = match area {
            P::Narcotics => match self.rng.below(2) {
                0 => format!(
                    "{name} is alleged to have organised the importation of {} kg of heroin \
                     concealed in a consignment of textiles shipped from Karachi to Felixstowe in \
                     {when}.",
                    self.rng.int(5, 120)
                ),
                _ => format!(
                    "{name} is alleged to have supplied methamphetamine to dealers in {uk} and \
                     {pk} through encrypted handsets from {when}."
                ),
            },
            P::IllegalMigration => match self.rng.below(2) {
                0 => format!(
                    "{name} is alleged to have run a network moving migrants from {pk} through \
                     Iran and Türkiye to the UK by small boat, charging up to {} a person.",
                    money(self.rng.int(4, 15) * 1000)
                ),
                _ => format!(
                    "{name} is alleged to have supplied forged visas and residence documents to \
                     at least {n} people travelling from {pk} to {uk} since {when}."
                ),
            },
            P::IllicitFinance => match self.rng.below(2) {
                0 => format!(
                    "{name} is alleged to have laundered about {amount} of criminal proceeds \
                     through money service businesses in {uk} and hawala dealers in {pk}."
                ),
                _ => format!(
                    "Property in {uk} worth about {amount} is believed to have been bought by \
                     {name} with the proceeds of corruption in Pakistan."
                ),
            },
            P::OnlineChildExploitation => match self.rng.below(2) {
                0 => format!(
                    "{name} is alleged to have coerced children in the UK into producing \
                     indecent images through a social media platform, operating from {pk}."
                ),
                _ => format!(
                    "Indecent images of children were shared from {n} accounts linked to {name}; \
                     the IP addresses resolve to a provider in {pk}."
                ),
            },
            P::CounterTerrorism => match self.rng.below(2) {
                0 => format!(
                    "{name} is alleged to have collected information useful for an act of \
                     terrorism and to have sent funds to a proscribed organisation in {when}."
                ),
                _ => format!(
                    "{name} is alleged to have transferred about {amount} from {uk} to persons \
                     linked to a proscribed organisation in {pk}."
                ),
            },
            P::HumanTrafficking => format!(
                "{name} is alleged to have recruited {n} workers in {pk} with false promises of \
                 employment and held them in forced labour at premises in {uk}."
            ),
            P::SeriousViolence => match self.rng.below(2) {
                0 => format!(
                    "{name} is accused of a killing in {pk} in {when} after a family dispute over \
                     land, and is believed to have travelled to {uk} within days."
                ),
                _ => format!(
                    "{name} is alleged to have shot and seriously injured a man outside a \
                     wedding hall in {pk} in {when} and then left for the UK."
                ),
            },
            P::FraudCorruption => match self.rng.below(2) {
                0 => format!(
                    "{name} is alleged to have defrauded {n} investors in {uk} and {pk} of about \
                     {amount} through a fake housing scheme."
                ),
                _ => format!(
                    "{name}, a former official, is alleged to have received kickbacks of about \
                     PKR {} million on public procurement contracts in {pk}.",
                    self.rng.int(20, 900)
                ),
            },
            P::Other => match self.rng.below(2) {
                0 => format!(
                    "{name} is alleged to have smuggled cigarettes and firearm parts between {pk} \
                     and {uk} since {when}."
                ),
                _ => format!(
                    "{name} is accused of dishonestly issuing cheques worth PKR {} million that \
                     were dishonoured in {pk}.",
                    self.rng.int(5, 200)
                ),
            },
        };
        if kind == CaseKind::Extradition && direction == Direction::Incoming {
            format!(
                "Accused in FIR No. {}/{}, Police Station {}, {pk}. {body}",
                self.rng.int(12, 980),
                (opened.year() - self.rng.int(0, 2) as i32) % 100,
                self.rng.pick(POLICE_STATIONS),
            )
        } else {
            body
        }
    }

    pub(super) fn requesting_authority(
        &mut self,
        kind: CaseKind,
        direction: Direction,
        area: ProgrammeArea,
    ) -> &'static str {
        match (kind, direction) {
            (CaseKind::Extradition, Direction::Incoming) => {
                "Ministry of Interior, Government of Pakistan"
            }
            (CaseKind::Extradition, Direction::Outgoing) => {
                if self.rng.chance(0.06) {
                    "Crown Office and Procurator Fiscal Service"
                } else {
                    "CPS International Justice and Organised Crime Division"
                }
            }
            (CaseKind::Mla, Direction::Outgoing) => match area {
                P::FraudCorruption if self.rng.chance(0.4) => "Serious Fraud Office",
                P::IllicitFinance if self.rng.chance(0.4) => "CPS Proceeds of Crime Division",
                P::Other if self.rng.chance(0.5) => "HMRC Fraud Investigation Service",
                P::CounterTerrorism => "CPS Counter Terrorism Division",
                _ => "CPS International Justice and Organised Crime Division",
            },
            (CaseKind::Mla, Direction::Incoming) => match area {
                P::FraudCorruption | P::IllicitFinance if self.rng.chance(0.5) => {
                    "National Accountability Bureau (NAB)"
                }
                P::Narcotics => "Anti-Narcotics Force (ANF)",
                P::CounterTerrorism => "Counter Terrorism Department, Punjab Police",
                P::OnlineChildExploitation => "National Cyber Crime Investigation Agency (NCCIA)",
                _ => {
                    if self.rng.chance(0.5) {
                        "Ministry of Interior (central authority)"
                    } else {
                        "Federal Investigation Agency (FIA)"
                    }
                }
            },
            _ => "National Crime Agency",
        }
    }

    pub(super) fn legal_basis(
        &mut self,
        kind: CaseKind,
        direction: Direction,
        area: ProgrammeArea,
    ) -> Vec<LegalBasis> {
        let mut out = match (kind, direction) {
            (CaseKind::Extradition, Direction::Incoming) => vec![LegalBasis::SpecialArrangement],
            (CaseKind::Extradition, Direction::Outgoing) => vec![LegalBasis::PakistanDirection],
            (CaseKind::Mla, Direction::Incoming) => vec![LegalBasis::Cica],
            (CaseKind::Mla, Direction::Outgoing) => vec![LegalBasis::WrittenReciprocity],
            _ => vec![LegalBasis::PoliceToPolice],
        };
        let convention = match area {
            P::Narcotics => Some(LegalBasis::Vienna1988),
            P::FraudCorruption | P::IllicitFinance => Some(LegalBasis::Uncac),
            P::HumanTrafficking | P::IllegalMigration => Some(LegalBasis::Untoc),
            _ => None,
        };
        if let Some(c) = convention
            && self.rng.chance(0.6)
        {
            out.push(c);
        }
        if kind == CaseKind::Mla && self.rng.chance(0.08) {
            out.push(LegalBasis::PoliceToPolice);
        }
        out
    }

    pub(super) fn opening_references(
        &mut self,
        kind: CaseKind,
        direction: Direction,
        area: ProgrammeArea,
        year: i32,
    ) -> Vec<(ReferenceAuthority, String)> {
        use ReferenceAuthority as R;
        let mut out = Vec::new();
        match (kind, direction) {
            (CaseKind::Extradition, Direction::Incoming) => {
                out.push((
                    R::MinistryOfInterior,
                    format!(
                        "F. No. {}/{}/{year}-Ext",
                        self.rng.int(1, 12),
                        self.rng.int(10, 400)
                    ),
                ));
                if self.rng.chance(0.3) {
                    out.push((
                        R::Interpol,
                        format!(
                            "A-{}/{}-{year}",
                            self.rng.int(1000, 19999),
                            self.rng.int(1, 12)
                        ),
                    ));
                }
            }
            (CaseKind::Extradition, Direction::Outgoing) => {
                out.push((R::Cps, format!("CPS/EXT/{year}/{}", self.rng.digits(4))));
                if self.rng.chance(0.4) {
                    out.push((R::Nca, format!("NCA/ILN/{year}/{}", self.rng.digits(5))));
                }
            }
            (CaseKind::Mla, Direction::Outgoing) => {
                let authority = if area == P::FraudCorruption {
                    R::Other
                } else {
                    R::Cps
                };
                out.push((authority, format!("IJOCD/{year}/{}", self.rng.digits(5))));
            }
            (CaseKind::Mla, Direction::Incoming) => {
                let agency = match area {
                    P::FraudCorruption | P::IllicitFinance => "NAB/RWP",
                    P::Narcotics => "ANF/RD",
                    _ => "FIA/CCW/LHR",
                };
                out.push((
                    R::Fia,
                    format!("{agency}/Enq-{}/{year}", self.rng.int(10, 999)),
                ));
            }
            _ => out.push((R::Nca, format!("NCA/ILN/{year}/{}", self.rng.digits(5)))),
        }
        out
    }
}

/// `path` up to the first state on the other branch of its table from the first state on one
/// (a request sent, then checked as if received): a case goes one way (`domain::directions`).
fn one_way(mut path: Vec<Status>) -> Vec<Status> {
    let first = path.iter().find_map(|s| s.branch());
    if let Some(end) = path
        .iter()
        .position(|s| s.branch().is_some_and(|b| Some(b) != first))
    {
        path.truncate(end);
    }
    path
}
