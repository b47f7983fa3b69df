//! The review report's case figures (`../shared/domain.md` §15; `docs/review-figures.md`): for a
//! month or a year, by workstream and direction and by counterpart agency, the counts (opened,
//! closed, open at the period's end, deadlines met and missed), processing times (median and
//! 90th percentile days, [`percentile`]), response rates ("13 of 34") and outcomes. Computed
//! from each case's standing transitions (a corrected one never counts), its clocks and its
//! outcome records; nothing is stored.
//!
//! Who counts where: a case is opened in the period when it was opened in it; a time counts in
//! the period its end falls in (a request still open at the period's end has no time yet); a
//! request counts for response rates in the period it was made in, answered or not as on the
//! period's last day (or today, if earlier).

pub mod percentile;

use super::case::{Case, CaseKind, Direction};
use super::clock::{ClockKey, ClockStatus, Replay, settled_before};
use super::corrections::voided_into;
use super::deadlines::Due;
use super::event::{DetailValue, Details, EventKind};
use super::labels::labelled_enum;
use super::outcomes::{AssetAction, Currency, Decimal, PersonOutcomeKind, SeizureKind};
use super::stats::{DateRange, Tally, clock_result_in, first_status};
use super::workflow::{
    AlertState as O, ConvictionState as X, Detail, EnquiryState as Q, IncomingState as A,
    MlaState as C, OutgoingState as B, ProviderState as P, ReturnsState as R, Status, Workflow,
};
use crate::domain::holidays::WorkingDays;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Days before a Passport Control List entry's expiry that the report counts it as expiring.
pub const PCL_EXPIRING_DAYS: i64 = 90;

/// A workstream in one direction: the rows of the report's tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stream {
    pub kind: CaseKind,
    pub direction: Direction,
}

impl Stream {
    /// Every workstream in both directions, in the order the report lists them.
    pub fn all() -> Vec<Stream> {
        CaseKind::ALL
            .iter()
            .flat_map(|&kind| {
                Direction::ALL
                    .iter()
                    .map(move |&direction| Stream { kind, direction })
            })
            .collect()
    }

    fn of(case: &Case) -> Self {
        Self {
            kind: case.kind,
            direction: case.direction,
        }
    }
}

impl fmt::Display for Stream {
    /// "MLA, outgoing".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, {}",
            self.kind,
            self.direction.label().to_lowercase()
        )
    }
}

/// What a workstream did in the period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub opened: usize,
    pub closed: usize,
    pub open_at_end: usize,
    pub deadlines_met: usize,
    pub deadlines_missed: usize,
}

labelled_enum!(
    /// A processing time the report measures, from one standing transition to another.
    Measure {
        ToAcknowledgement => "Request to acknowledgement",
        ToAnswer => "Request to answer or execution",
        ToSurrender => "Extradition request to surrender",
        ToNationality => "Returns referral to nationality confirmed",
        ToTravelDocument => "Returns referral to emergency travel document",
        ToRemoval => "Returns referral to removal",
    }
);

/// The processing times of one measure in one workstream, ended in the period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Times {
    pub measure: Measure,
    pub stream: Stream,
    /// How many ended in the period.
    pub count: usize,
    pub median_days: Option<i64>,
    pub p90_days: Option<i64>,
}

/// Requests made in the period, and whether the other side (or we, for requests received)
/// answered them by the period's end: within the chaser steps, later, or not yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Responses {
    pub stream: Stream,
    /// The last chaser step of the workstream's reply clock, in days.
    pub chaser_days: u32,
    pub within: usize,
    pub later: usize,
    pub unanswered: usize,
}

impl Responses {
    pub fn requests(&self) -> usize {
        self.within + self.later + self.unanswered
    }

    pub fn answered(&self) -> usize {
        self.within + self.later
    }

    /// NAB's way: "13 of 34".
    pub fn rate(&self) -> String {
        format!("{} of {}", self.answered(), self.requests())
    }
}

/// One counterpart agency's cases in one direction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgencyCounts {
    pub agency: String,
    pub direction: Option<Direction>,
    pub counts: Counts,
    pub requests: usize,
    pub answered: usize,
}

/// Conviction-data exchanges in one flow (requests out or in).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Exchanges {
    /// Requests sent (out) or received (in) in the period.
    pub requests: usize,
    /// Of those, answered by the period's end.
    pub answered: usize,
    /// Of those answered, with a trace (a record found).
    pub traced: usize,
}

/// Assets in one action and currency: how many, and their exact total (none when the
/// profile shows counts only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssetTotal {
    pub action: AssetAction,
    pub currency: Currency,
    pub count: usize,
    pub total: Option<Decimal>,
}

/// Seizures of one kind in one unit: how many, the total quantity and the values by currency
/// (none when the profile shows counts only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeizureTotal {
    pub kind: SeizureKind,
    pub unit: String,
    pub count: usize,
    pub quantity: Option<Decimal>,
    pub values: Vec<(Currency, Decimal)>,
}

/// What came of the cases in the period.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutcomeFigures {
    /// Outcome records dated in the period; empty when the profile shows none.
    pub persons: Tally<PersonOutcomeKind>,
    /// Passport Control List entries in force on the period's last day, and of those, expiring
    /// within [`PCL_EXPIRING_DAYS`].
    pub pcl_active: usize,
    pub pcl_expiring: usize,
    pub conviction_out: Exchanges,
    pub conviction_in: Exchanges,
    pub preservations_confirmed: usize,
    pub preservations_extended: usize,
    /// Preservations whose expiry passed in the period with no disclosure.
    pub preservations_expired: usize,
    pub alerts_out: usize,
    pub alerts_in: usize,
    pub assets: Vec<AssetTotal>,
    pub seizures: Vec<SeizureTotal>,
}

/// The review report's case figures for a period.
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    pub range: DateRange,
    /// The day open cases and answers are counted on: the period's end, or today if earlier.
    pub as_of: NaiveDate,
    /// Every workstream in both directions, zeros included.
    pub streams: Vec<(Stream, Counts)>,
    /// Counterpart agencies, by name.
    pub agencies: Vec<AgencyCounts>,
    /// Only the measures a workstream has, in measure order.
    pub times: Vec<Times>,
    pub responses: Vec<Responses>,
    pub outcomes: OutcomeFigures,
}

/// How much of the outcome records a profile shows (`docs/law.md` §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutcomeDetail {
    /// Counts, amounts, quantities and values (full profile).
    Full,
    /// Counts only (statistics profile).
    CountsOnly,
    /// None of the outcome records (partner profile: they were never disclosed to the
    /// partner).
    None,
}

impl Figures {
    /// The figures of `cases` for `range`, as on `today`.
    pub fn compute<'a>(
        cases: impl IntoIterator<Item = &'a Case>,
        range: DateRange,
        today: NaiveDate,
        detail: OutcomeDetail,
        working_days: &WorkingDays,
    ) -> Self {
        let as_of = range.to.min(today);
        let mut streams: BTreeMap<Stream, Counts> = Stream::all()
            .into_iter()
            .map(|s| (s, Counts::default()))
            .collect();
        let mut agencies: BTreeMap<(String, Direction), AgencyCounts> = BTreeMap::new();
        let mut days: BTreeMap<(Measure, Stream), Vec<i64>> = BTreeMap::new();
        let mut responses: BTreeMap<Stream, Responses> = BTreeMap::new();
        let mut out = OutcomeFigures {
            persons: PersonOutcomeKind::ALL.iter().map(|&k| (k, 0)).collect(),
            ..OutcomeFigures::default()
        };
        let mut assets: BTreeMap<(AssetAction, Currency), (usize, Decimal)> = BTreeMap::new();
        let mut seizures: BTreeMap<(SeizureKind, String), SeizureTotal> = BTreeMap::new();
        let mut replay = Replay::default();
        let mut voided = Vec::new();
        for case in cases {
            if case.opened > as_of {
                continue;
            }
            let stream = Stream::of(case);
            let moves = standing_moves(case, as_of, &mut voided);
            let mut counts = Counts {
                opened: usize::from(range.contains(case.opened)),
                closed: moves
                    .iter()
                    .filter(|m| range.contains(m.date) && m.to.is_terminal())
                    .count(),
                ..Counts::default()
            };
            let status_at_end = moves.last().map(|m| m.to).or_else(|| first_status(case));
            counts.open_at_end = usize::from(status_at_end.is_some_and(|s| !s.is_terminal()));
            let clocks = replay.run(case, as_of, working_days, |_, _| {});
            if !settled_before(case, range.from) {
                for clock in clocks {
                    let (met, missed) = clock_result_in(clock, range);
                    counts.deadlines_met += usize::from(met);
                    counts.deadlines_missed += usize::from(missed);
                }
            }
            add(streams.entry(stream).or_default(), counts);
            let agency = agencies
                .entry((counterpart(case), case.direction))
                .or_insert_with_key(|(name, direction)| AgencyCounts {
                    agency: name.clone(),
                    direction: Some(*direction),
                    ..AgencyCounts::default()
                });
            add(&mut agency.counts, counts);

            let workflow = case.workflow();
            let origin = first_status(case).map(|s| (case.origin_date(), s));
            for &measure in Measure::ALL {
                if let Some(d) = span(workflow, measure, origin, &moves)
                    .filter(|(_, end)| range.contains(*end))
                    .map(|(start, end)| (end - start).num_days())
                {
                    days.entry((measure, stream)).or_default().push(d);
                }
            }
            if let Some((key, answers)) = reply_rule(workflow) {
                let chaser_days = last_chaser_step(key);
                let r = responses.entry(stream).or_insert(Responses {
                    stream,
                    chaser_days,
                    within: 0,
                    later: 0,
                    unanswered: 0,
                });
                if let Some(sent) = first_into(&moves, request_states(workflow), None)
                    .filter(|m| range.contains(m.date))
                {
                    let answer = first_into(&moves, answers, Some(sent.date));
                    match answer {
                        Some(a) if (a.date - sent.date).num_days() <= i64::from(chaser_days) => {
                            r.within += 1;
                        }
                        Some(_) => r.later += 1,
                        None => r.unanswered += 1,
                    }
                    agency.requests += 1;
                    agency.answered += usize::from(answer.is_some());
                }
            }
            outcome_figures(case, &moves, clocks, range, as_of, &mut out);
            if detail != OutcomeDetail::None {
                // Dated in the period, up to the day it is counted on.
                let counted = |day: NaiveDate| range.contains(day) && day <= as_of;
                let o = &case.details.outcomes;
                for p in o.persons.iter().filter(|p| counted(p.date)) {
                    if let Some((_, n)) = out.persons.iter_mut().find(|(k, _)| *k == p.kind) {
                        *n += 1;
                    }
                }
                for a in o.assets.iter().filter(|a| counted(a.date)) {
                    let e = assets
                        .entry((a.action, a.currency.clone()))
                        .or_insert((0, Decimal::ZERO));
                    e.0 += 1;
                    e.1 = e.1.checked_add(a.amount).unwrap_or(e.1);
                }
                for s in o.seizures.iter().filter(|s| counted(s.date)) {
                    let e =
                        seizures
                            .entry((s.kind, s.unit.clone()))
                            .or_insert_with(|| SeizureTotal {
                                kind: s.kind,
                                unit: s.unit.clone(),
                                count: 0,
                                quantity: Some(Decimal::ZERO),
                                values: Vec::new(),
                            });
                    e.count += 1;
                    e.quantity = e.quantity.map(|q| q.checked_add(s.quantity).unwrap_or(q));
                    if let (Some(v), Some(c)) = (s.value, &s.currency) {
                        match e.values.iter_mut().find(|(k, _)| k == c) {
                            Some((_, total)) => *total = total.checked_add(v).unwrap_or(*total),
                            None => e.values.push((c.clone(), v)),
                        }
                    }
                }
            }
        }
        let amounts = detail == OutcomeDetail::Full;
        out.assets = assets
            .into_iter()
            .map(|((action, currency), (count, total))| AssetTotal {
                action,
                currency,
                count,
                total: amounts.then_some(total),
            })
            .collect();
        out.seizures = seizures
            .into_values()
            .map(|mut total| {
                total.values.sort_by(|a, b| a.0.cmp(&b.0));
                if !amounts {
                    total.quantity = None;
                    total.values.clear();
                }
                total
            })
            .collect();
        if detail == OutcomeDetail::None {
            out.persons.clear();
        }
        Self {
            range,
            as_of,
            streams: streams.into_iter().collect(),
            agencies: agencies.into_values().collect(),
            times: days
                .into_iter()
                .map(|((measure, stream), mut d)| {
                    let (median_days, p90_days) = percentile::median_and_p90(&mut d);
                    Times {
                        measure,
                        stream,
                        count: d.len(),
                        median_days,
                        p90_days,
                    }
                })
                .collect(),
            responses: responses.into_values().collect(),
            outcomes: out,
        }
    }
}

fn add(to: &mut Counts, c: Counts) {
    to.opened += c.opened;
    to.closed += c.closed;
    to.open_at_end += c.open_at_end;
    to.deadlines_met += c.deadlines_met;
    to.deadlines_missed += c.deadlines_missed;
}

/// A standing transition: one no correction put right.
#[derive(Clone, Debug)]
struct Move<'a> {
    date: NaiveDate,
    to: Status,
    details: &'a Details,
}

/// The case's standing transitions up to `as_of`, in the history's order.
fn standing_moves<'a>(
    case: &'a Case,
    as_of: NaiveDate,
    voided: &mut Vec<super::ids::EventId>,
) -> Vec<Move<'a>> {
    voided.clear();
    voided_into(case.history(), voided);
    case.history()
        .iter()
        .filter(|e| e.effective <= as_of && !voided.contains(&e.id))
        .filter_map(|e| match &e.kind {
            EventKind::Transition { to, details, .. } => Some(Move {
                date: e.effective,
                to: *to,
                details,
            }),
            _ => None,
        })
        .collect()
}

/// The first standing move into one of `states`, on or after `from`.
fn first_into<'m, 'a>(
    moves: &'m [Move<'a>],
    states: &[Status],
    from: Option<NaiveDate>,
) -> Option<&'m Move<'a>> {
    moves
        .iter()
        .find(|m| states.contains(&m.to) && from.is_none_or(|f| m.date >= f))
}

/// Where a request is made: sent by us or received by us.
fn request_states(w: Workflow) -> &'static [Status] {
    match w {
        Workflow::ExtraditionIncoming => &[Status::Incoming(A::RequestReceived)],
        Workflow::ExtraditionOutgoing => &[Status::Outgoing(B::Transmitted)],
        Workflow::MutualLegalAssistance => &[Status::Mla(C::Transmitted)],
        Workflow::ConvictionData => &[Status::Conviction(X::Sent), Status::Conviction(X::Received)],
        Workflow::ServiceProvider => &[Status::Provider(P::DisclosureRequested)],
        Workflow::PoliceEnquiry => &[Status::Enquiry(Q::Sent), Status::Enquiry(Q::Received)],
        Workflow::Returns | Workflow::OffenderAlert => &[],
    }
}

fn acknowledgement_states(w: Workflow) -> &'static [Status] {
    match w {
        Workflow::MutualLegalAssistance => &[Status::Mla(C::Acknowledged)],
        Workflow::ConvictionData => &[Status::Conviction(X::Acknowledged)],
        Workflow::PoliceEnquiry => &[Status::Enquiry(Q::Acknowledged)],
        _ => &[],
    }
}

/// Where a request is answered or executed.
fn answer_states(w: Workflow) -> &'static [Status] {
    match w {
        Workflow::MutualLegalAssistance => &[
            Status::Mla(C::PartiallyExecuted),
            Status::Mla(C::Executed),
            Status::Mla(C::EvidenceReceived),
        ],
        Workflow::ConvictionData => &[Status::Conviction(X::Answered)],
        Workflow::ServiceProvider => {
            &[Status::Provider(P::Disclosed), Status::Provider(P::Partial)]
        }
        Workflow::PoliceEnquiry => &[Status::Enquiry(Q::Answered), Status::Enquiry(Q::Partial)],
        _ => &[],
    }
}

/// The workstreams whose replies the report rates (§15: MLA, conviction data, informal
/// enquiries): their reply clock, whose last chaser step is the limit of "within the chaser
/// steps", and what counts as a reply: an answer, or a refusal, which is a reply too.
fn reply_rule(w: Workflow) -> Option<(ClockKey, &'static [Status])> {
    match w {
        Workflow::MutualLegalAssistance => Some((
            ClockKey::MlaFollowUp,
            &[
                Status::Mla(C::PartiallyExecuted),
                Status::Mla(C::Executed),
                Status::Mla(C::EvidenceReceived),
                Status::Mla(C::Refused),
                Status::Mla(C::ReturnedDeficient),
            ],
        )),
        Workflow::ConvictionData => Some((
            ClockKey::CrxReply,
            &[
                Status::Conviction(X::Answered),
                Status::Conviction(X::Declined),
            ],
        )),
        Workflow::PoliceEnquiry => Some((
            ClockKey::P2pReply,
            &[Status::Enquiry(Q::Answered), Status::Enquiry(Q::Partial)],
        )),
        _ => None,
    }
}

/// The last chaser step of a reply clock, in days (MLA_FOLLOW_UP: 90).
fn last_chaser_step(key: ClockKey) -> u32 {
    match key.rule().due {
        Due::Chaser(steps) | Due::RecordedOrChaser(_, steps) => steps.last().copied().unwrap_or(0),
        _ => 0,
    }
}

/// The start and end days of `measure` in a case of `w`, if it has both.
fn span(
    w: Workflow,
    measure: Measure,
    origin: Option<(NaiveDate, Status)>,
    moves: &[Move],
) -> Option<(NaiveDate, NaiveDate)> {
    let between = |start: &[Status], end: &[Status]| {
        let s = first_into(moves, start, None)?;
        let e = first_into(moves, end, Some(s.date))?;
        Some((s.date, e.date))
    };
    let referral = |end: Status| {
        let (day, _) = origin.filter(|(_, s)| *s == Status::Returns(R::Referred))?;
        let e = first_into(moves, &[end], Some(day))?;
        Some((day, e.date))
    };
    match (measure, w) {
        (Measure::ToAcknowledgement, _) => between(request_states(w), acknowledgement_states(w)),
        (Measure::ToAnswer, _) => between(request_states(w), answer_states(w)),
        (Measure::ToSurrender, Workflow::ExtraditionIncoming) => {
            between(request_states(w), &[Status::Incoming(A::Surrendered)])
        }
        (Measure::ToSurrender, Workflow::ExtraditionOutgoing) => {
            between(request_states(w), &[Status::Outgoing(B::Surrendered)])
        }
        (Measure::ToNationality, Workflow::Returns) => {
            referral(Status::Returns(R::NationalityConfirmed))
        }
        (Measure::ToTravelDocument, Workflow::Returns) => referral(Status::Returns(R::EtdIssued)),
        (Measure::ToRemoval, Workflow::Returns) => referral(Status::Returns(R::Removed)),
        _ => None,
    }
}

/// The other side of a case: for a request received, the authority that made it; for one we
/// made, the requested state (Casedesk records no requested agency). "Not recorded" when empty.
pub fn counterpart(case: &Case) -> String {
    let d = &case.details;
    let name = match case.direction {
        Direction::Incoming => d.requesting_authority.trim(),
        Direction::Outgoing => d.requested_state.0.trim(),
    };
    if name.is_empty() {
        "Not recorded".into()
    } else {
        name.to_string()
    }
}

/// A conviction check's result as recorded ("Trace: 2 convictions", "No trace").
fn traced(details: &Details) -> bool {
    matches!(details.get(&Detail::CheckResult), Some(DetailValue::Text(t))
        if t.trim().to_lowercase().starts_with("trace"))
}

/// The outcomes a case's transitions and clocks show: PCL listings, conviction exchanges,
/// preservations, offender alerts.
fn outcome_figures(
    case: &Case,
    moves: &[Move],
    clocks: &[super::clock::Clock],
    range: DateRange,
    as_of: NaiveDate,
    out: &mut OutcomeFigures,
) {
    let moved_in = |state: Status| {
        moves
            .iter()
            .filter(|m| m.to == state && range.contains(m.date))
            .count()
    };
    match case.workflow() {
        Workflow::Returns if moves.iter().any(|m| m.to == Status::Returns(R::PclListed)) => {
            for c in clocks.iter().filter(|c| {
                c.key == ClockKey::PkPclExpiry && c.status != ClockStatus::Void && c.due >= as_of
            }) {
                out.pcl_active += 1;
                out.pcl_expiring += usize::from((c.due - as_of).num_days() <= PCL_EXPIRING_DAYS);
            }
        }
        Workflow::ConvictionData => {
            let flow = match case.direction {
                Direction::Outgoing => &mut out.conviction_out,
                Direction::Incoming => &mut out.conviction_in,
            };
            let states = request_states(Workflow::ConvictionData);
            if let Some(sent) = first_into(moves, states, None).filter(|m| range.contains(m.date)) {
                flow.requests += 1;
                if let Some(answer) =
                    first_into(moves, &[Status::Conviction(X::Answered)], Some(sent.date))
                {
                    flow.answered += 1;
                    flow.traced += usize::from(traced(answer.details));
                }
            }
        }
        Workflow::ServiceProvider => {
            out.preservations_confirmed += moved_in(Status::Provider(P::PreservationConfirmed));
            out.preservations_extended += moved_in(Status::Provider(P::Extended));
            let disclosed = first_into(moves, answer_states(Workflow::ServiceProvider), None);
            out.preservations_expired += clocks
                .iter()
                .filter(|c| {
                    c.key == ClockKey::CspPreservationExpiry
                        && c.status != ClockStatus::Void
                        && range.contains(c.due)
                        && c.due < as_of
                        && disclosed.is_none_or(|d| d.date > c.due)
                })
                .count();
        }
        Workflow::OffenderAlert => {
            out.alerts_out += moved_in(Status::Alert(O::AlertSent));
            out.alerts_in += moved_in(Status::Alert(O::AlertReceived));
        }
        _ => {}
    }
}
