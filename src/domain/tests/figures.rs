//! The review report's case figures (`domain::figures`) recomputed independently: a generator
//! writes a year of cases of every kind and direction through real commands (random paths and
//! gaps, same-day steps, corrections, some still open at the period's end, outcome records with
//! exact amounts), keeps what it did as plain plans, and every figure is counted again here
//! from those plans with this file's own definitions and percentile, never by calling the code
//! under test. Then the edges, one case each.

use super::*;
use crate::domain::figures::{Figures, Measure, OutcomeDetail, Stream};
use crate::domain::outcomes::{
    AssetAction, AssetOutcome, Currency, Decimal, PersonOutcome, PersonOutcomeKind, Seizure,
    SeizureKind,
};
use crate::domain::stats::{DateRange, Review};
use crate::domain::workflow::{
    AlertState as O, ConvictionState as X, EnquiryState as Q, MlaState as C, ProviderState as P,
    ReturnsState as R,
};
use crate::domain::workflow::{IncomingState as A, OutgoingState as B};
use std::collections::BTreeMap;

/// A small deterministic generator (a 64-bit LCG), so the casebook is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const AGENCIES: [&str; 4] = [
    "Ministry of Interior",
    "Federal Investigation Agency (FIA)",
    "National Accountability Bureau (NAB)",
    "",
];

/// What the generator did to one case: its inputs, from which the figures are recounted.
#[derive(Clone, Debug)]
struct Plan {
    kind: CaseKind,
    direction: Direction,
    opened: NaiveDate,
    agency: &'static str,
    /// Standing transitions in order (a corrected one is left out), with a conviction check's
    /// trace found or not.
    steps: Vec<(Status, NaiveDate)>,
    traced: bool,
    persons: Vec<(PersonOutcomeKind, NaiveDate)>,
    /// Action, currency, amount in minor units (hundredths), date.
    assets: Vec<(AssetAction, &'static str, i64, NaiveDate)>,
    /// Kind, unit, quantity in thousandths, value in hundredths (PKR), date.
    seizures: Vec<(SeizureKind, &'static str, i64, Option<i64>, NaiveDate)>,
}

fn days(from: NaiveDate, n: u64) -> NaiveDate {
    from + chrono::Days::new(n)
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Hundredths as the decimal an officer types: 123456 → "1234.56".
fn hundredths(n: i64) -> String {
    format!("{}.{:02}", n / 100, n % 100)
}

/// Drives one generated case: a random reachable state of its workflow along the table's
/// shortest path, each step 0 to 40 days after the last; now and then the last step corrected,
/// and sometimes entered again later (a reopened case, a redone step).
fn generate_case(
    rng: &mut Lcg,
    kind: CaseKind,
    direction: Direction,
    opened: NaiveDate,
) -> (Case, Plan) {
    let mut fx = Fixture::ready(kind, direction, &ymd(opened));
    let agency = AGENCIES[rng.below(4) as usize];
    fx.update(|c| c.requesting_authority = agency.into());
    let workflow = fx.case().workflow();
    let paths = shortest_paths_going(workflow, direction);
    let targets: Vec<&Vec<Status>> = paths.values().collect();
    let path = targets[rng.below(targets.len() as u64) as usize].clone();
    let traced = rng.chance(50);
    let mut steps = Vec::new();
    let mut day = opened;
    for to in path {
        day = days(day, rng.below(41));
        go_on(&mut fx, to, day, traced);
        steps.push((to, day));
    }
    if !steps.is_empty() && rng.chance(20) {
        let event = fx.case().correctable().expect("a correctable step").id;
        fx.apply(Command::Correct {
            case: fx.case,
            event,
            reason: "Recorded in error".into(),
        })
        .unwrap();
        let (to, _) = steps.pop().unwrap();
        if rng.chance(50) {
            day = days(day, rng.below(20));
            go_on(&mut fx, to, day, traced);
            steps.push((to, day));
        }
    }
    let mut plan = Plan {
        kind,
        direction,
        opened,
        agency,
        steps,
        traced,
        persons: Vec::new(),
        assets: Vec::new(),
        seizures: Vec::new(),
    };
    add_outcomes(rng, &mut fx, &mut plan);
    (fx.case().clone(), plan)
}

/// Enters `to` on `day`, past any gate as an officer may, a conviction answer with its result.
fn go_on(fx: &mut Fixture, to: Status, day: NaiveDate, traced: bool) {
    let mut request = fx.request(to, &ymd(day));
    if to == Status::Conviction(X::Answered) {
        let result = if traced {
            "Trace: 2 convictions"
        } else {
            "No trace"
        };
        request = request.with(Detail::CheckResult, DetailValue::Text(result.into()));
    }
    if !crate::domain::transition::blockers(fx.case(), to).is_empty() {
        request.override_reason = Some("Directions set by the Home Office".into());
    }
    fx.try_go(request)
        .unwrap_or_else(|e| panic!("→ {} on {day}: {e}", to.code()));
}

/// Outcome records on about a third of the cases, dated in and around the year.
fn add_outcomes(rng: &mut Lcg, fx: &mut Fixture, plan: &mut Plan) {
    if !rng.chance(35) {
        return;
    }
    let opened = plan.opened;
    let when = |rng: &mut Lcg| days(opened, rng.below(300));
    let mut id = 0x0C_0000u128 + u128::from(rng.next());
    let mut next_id = || {
        id += 1;
        RecordId(Uuid::from_u128(id))
    };
    let mut o = crate::domain::outcomes::Outcomes::default();
    for _ in 0..rng.below(3) {
        let kind = PersonOutcomeKind::ALL[rng.below(4) as usize];
        let date = when(rng);
        plan.persons.push((kind, date));
        o.persons.push(PersonOutcome {
            id: next_id(),
            kind,
            date,
            person: None,
            note: String::new(),
        });
    }
    for _ in 0..rng.below(3) {
        let action = AssetAction::ALL[rng.below(3) as usize];
        let currency = ["PKR", "GBP", "USD"][rng.below(3) as usize];
        let cents = rng.below(500_000_000) as i64;
        let date = when(rng);
        plan.assets.push((action, currency, cents, date));
        o.assets.push(AssetOutcome {
            id: next_id(),
            action,
            date,
            amount: Decimal::parse(&hundredths(cents)).unwrap(),
            currency: Currency::parse(currency).unwrap(),
            converted_on: None,
            note: String::new(),
        });
    }
    for _ in 0..rng.below(2) {
        let kind =
            [SeizureKind::Drugs, SeizureKind::Cash, SeizureKind::Devices][rng.below(3) as usize];
        let unit = ["kg", "items"][rng.below(2) as usize];
        let thousandths = rng.below(100_000) as i64;
        let value = rng.chance(60).then(|| rng.below(10_000_000) as i64);
        let date = when(rng);
        plan.seizures.push((kind, unit, thousandths, value, date));
        o.seizures.push(Seizure {
            id: next_id(),
            kind,
            date,
            quantity: Decimal::parse(&format!("{}.{:03}", thousandths / 1000, thousandths % 1000))
                .unwrap(),
            unit: unit.into(),
            value: value.map(|v| Decimal::parse(&hundredths(v)).unwrap()),
            currency: value.map(|_| Currency::parse("PKR").unwrap()),
            note: String::new(),
        });
    }
    fx.update(|c| c.outcomes = o);
}

/// A year of cases of every kind in both directions, opened from October 2026 to December
/// 2027, plus returns cases listed on the Passport Control List years before (some expiring
/// soon after the year's end).
fn generated() -> (Vec<Case>, Vec<Plan>) {
    let mut rng = Lcg(2027);
    let mut cases = Vec::new();
    let mut plans = Vec::new();
    for &kind in CaseKind::ALL {
        // As many cases of each kind, however many ways it goes.
        for &direction in kind.directions() {
            for _ in 0..28 / kind.directions().len() {
                let opened = days(d("2026-10-01"), rng.below(456));
                let (case, plan) = generate_case(&mut rng, kind, direction, opened);
                cases.push(case);
                plans.push(plan);
            }
        }
    }
    let pcl = shortest_paths(Workflow::Returns)[&Status::Returns(R::PclListed)].clone();
    for arrival in ["2022-10-01", "2023-01-15", "2023-02-20", "2023-06-30"] {
        let arrival = d(arrival);
        let opened = arrival - chrono::Days::new(40);
        let mut fx = Fixture::ready(CaseKind::Returns, Direction::Outgoing, &ymd(opened));
        let mut steps = Vec::new();
        let mut day = opened;
        for &to in &pcl {
            day = if to == Status::Returns(R::Arrived) {
                arrival
            } else {
                days(day, 1)
            };
            go_on(&mut fx, to, day, false);
            steps.push((to, day));
        }
        cases.push(fx.case().clone());
        plans.push(Plan {
            kind: CaseKind::Returns,
            direction: Direction::Outgoing,
            opened,
            agency: "Ministry of Interior",
            steps,
            traced: false,
            persons: Vec::new(),
            assets: Vec::new(),
            seizures: Vec::new(),
        });
    }
    // A request out answered with a trace in the year: a case goes one way through its table
    // (`directions.rs`), so few random paths out reach ANSWERED.
    let opened = d("2027-02-01");
    let mut fx = Fixture::ready(CaseKind::ConvictionData, Direction::Outgoing, &ymd(opened));
    let steps = vec![
        (Status::Conviction(X::Sent), d("2027-02-02")),
        (Status::Conviction(X::Answered), d("2027-03-01")),
    ];
    for &(to, day) in &steps {
        go_on(&mut fx, to, day, true);
    }
    cases.push(fx.case().clone());
    plans.push(Plan {
        kind: CaseKind::ConvictionData,
        direction: Direction::Outgoing,
        opened,
        agency: "Ministry of Interior",
        steps,
        traced: true,
        persons: Vec::new(),
        assets: Vec::new(),
        seizures: Vec::new(),
    });
    (cases, plans)
}

// The definitions, written again from `../shared/domain.md` §15 and `docs/review-figures.md`.

fn is_closing(s: Status) -> bool {
    s.rule().terminal
}

fn request_states(kind: CaseKind, direction: Direction) -> Vec<Status> {
    match (kind, direction) {
        (CaseKind::Extradition, Direction::Incoming) => vec![Status::Incoming(A::RequestReceived)],
        (CaseKind::Extradition, Direction::Outgoing) => vec![Status::Outgoing(B::Transmitted)],
        (CaseKind::Mla, _) => vec![Status::Mla(C::Transmitted)],
        (CaseKind::ConvictionData, _) => {
            vec![Status::Conviction(X::Sent), Status::Conviction(X::Received)]
        }
        (CaseKind::ServiceProvider, _) => vec![Status::Provider(P::DisclosureRequested)],
        (CaseKind::PoliceEnquiry, _) => {
            vec![Status::Enquiry(Q::Sent), Status::Enquiry(Q::Received)]
        }
        _ => vec![],
    }
}

/// The states ending `measure` in a case of `kind` and `direction`, and whether it starts at
/// the referral (returns) rather than at the request.
fn measure_ends(measure: Measure, kind: CaseKind, direction: Direction) -> (Vec<Status>, bool) {
    use Measure as M;
    let v = match (measure, kind) {
        (M::ToAcknowledgement, CaseKind::Mla) => vec![Status::Mla(C::Acknowledged)],
        (M::ToAcknowledgement, CaseKind::ConvictionData) => {
            vec![Status::Conviction(X::Acknowledged)]
        }
        (M::ToAcknowledgement, CaseKind::PoliceEnquiry) => vec![Status::Enquiry(Q::Acknowledged)],
        (M::ToAnswer, CaseKind::Mla) => vec![
            Status::Mla(C::PartiallyExecuted),
            Status::Mla(C::Executed),
            Status::Mla(C::EvidenceReceived),
        ],
        (M::ToAnswer, CaseKind::ConvictionData) => vec![Status::Conviction(X::Answered)],
        (M::ToAnswer, CaseKind::ServiceProvider) => {
            vec![Status::Provider(P::Disclosed), Status::Provider(P::Partial)]
        }
        (M::ToAnswer, CaseKind::PoliceEnquiry) => {
            vec![Status::Enquiry(Q::Answered), Status::Enquiry(Q::Partial)]
        }
        (M::ToSurrender, CaseKind::Extradition) => match direction {
            Direction::Incoming => vec![Status::Incoming(A::Surrendered)],
            Direction::Outgoing => vec![Status::Outgoing(B::Surrendered)],
        },
        (M::ToNationality, CaseKind::Returns) => vec![Status::Returns(R::NationalityConfirmed)],
        (M::ToTravelDocument, CaseKind::Returns) => vec![Status::Returns(R::EtdIssued)],
        (M::ToRemoval, CaseKind::Returns) => vec![Status::Returns(R::Removed)],
        _ => vec![],
    };
    (v, kind == CaseKind::Returns)
}

fn replies(kind: CaseKind) -> Option<(i64, Vec<Status>)> {
    match kind {
        CaseKind::Mla => Some((
            90,
            vec![
                Status::Mla(C::PartiallyExecuted),
                Status::Mla(C::Executed),
                Status::Mla(C::EvidenceReceived),
                Status::Mla(C::Refused),
                Status::Mla(C::ReturnedDeficient),
            ],
        )),
        CaseKind::ConvictionData => Some((
            60,
            vec![
                Status::Conviction(X::Answered),
                Status::Conviction(X::Declined),
            ],
        )),
        CaseKind::PoliceEnquiry => Some((
            42,
            vec![Status::Enquiry(Q::Answered), Status::Enquiry(Q::Partial)],
        )),
        _ => None,
    }
}

/// The nearest-rank percentile, by the textbook formula in floating point (the code under test
/// counts in integers).
fn percentile(values: &[i64], p: f64) -> Option<i64> {
    let mut v = values.to_vec();
    v.sort();
    if v.is_empty() {
        return None;
    }
    let rank = ((p / 100.0) * v.len() as f64).ceil().max(1.0) as usize;
    Some(v[rank - 1])
}

/// The plan's steps that had happened by `as_of`.
fn done(plan: &Plan, as_of: NaiveDate) -> Vec<(Status, NaiveDate)> {
    plan.steps
        .iter()
        .copied()
        .filter(|(_, day)| *day <= as_of)
        .collect()
}

fn first_into(
    steps: &[(Status, NaiveDate)],
    states: &[Status],
    from: NaiveDate,
) -> Option<NaiveDate> {
    steps
        .iter()
        .find(|(s, day)| states.contains(s) && *day >= from)
        .map(|(_, day)| *day)
}

/// Checks every figure of `f` against the plans.
fn check(f: &Figures, plans: &[Plan], range: DateRange, as_of: NaiveDate) {
    let inr = |day: NaiveDate| range.from <= day && day <= range.to;
    // Outcome records count when dated in the period, up to the day it is counted on.
    let counted = |day: NaiveDate| inr(day) && day <= as_of;
    // Counts by stream.
    for stream in Stream::all() {
        let mine: Vec<&Plan> = plans
            .iter()
            .filter(|p| {
                p.kind == stream.kind && p.direction == stream.direction && p.opened <= as_of
            })
            .collect();
        let opened = mine.iter().filter(|p| inr(p.opened)).count();
        let closed = mine
            .iter()
            .flat_map(|p| done(p, as_of))
            .filter(|(s, day)| is_closing(*s) && inr(*day))
            .count();
        let open = mine
            .iter()
            .filter(|p| done(p, as_of).last().is_none_or(|(s, _)| !is_closing(*s)))
            .count();
        let c = f.streams.iter().find(|(s, _)| *s == stream).unwrap().1;
        assert_eq!(
            (c.opened, c.closed, c.open_at_end),
            (opened, closed, open),
            "{stream}: opened, closed, open at end"
        );
    }
    // Processing times.
    let mut expected_times = BTreeMap::new();
    for p in plans.iter().filter(|p| p.opened <= as_of) {
        let steps = done(p, as_of);
        for &m in Measure::ALL {
            let (ends, from_referral) = measure_ends(m, p.kind, p.direction);
            if ends.is_empty() {
                continue;
            }
            let start = if from_referral {
                Some(p.opened)
            } else {
                first_into(&steps, &request_states(p.kind, p.direction), NaiveDate::MIN)
            };
            if let Some(start) = start
                && let Some(end) = first_into(&steps, &ends, start)
                && inr(end)
            {
                expected_times
                    .entry((m, p.kind, p.direction))
                    .or_insert_with(Vec::new)
                    .push((end - start).num_days());
            }
        }
    }
    let got: BTreeMap<_, _> = f
        .times
        .iter()
        .map(|t| {
            (
                (t.measure, t.stream.kind, t.stream.direction),
                (t.count, t.median_days, t.p90_days),
            )
        })
        .collect();
    let want: BTreeMap<_, _> = expected_times
        .iter()
        .map(|(k, v)| (*k, (v.len(), percentile(v, 50.0), percentile(v, 90.0))))
        .collect();
    assert_eq!(got, want, "processing times");
    // Response rates.
    let mut want = BTreeMap::new();
    for p in plans.iter().filter(|p| p.opened <= as_of) {
        let Some((limit, answers)) = replies(p.kind) else {
            continue;
        };
        let steps = done(p, as_of);
        let entry = want.entry((p.kind, p.direction)).or_insert((0, 0, 0));
        if let Some(sent) = first_into(&steps, &request_states(p.kind, p.direction), NaiveDate::MIN)
            && inr(sent)
        {
            match first_into(&steps, &answers, sent) {
                Some(a) if (a - sent).num_days() <= limit => entry.0 += 1,
                Some(_) => entry.1 += 1,
                None => entry.2 += 1,
            }
        }
    }
    let got: BTreeMap<_, _> = f
        .responses
        .iter()
        .map(|r| {
            (
                (r.stream.kind, r.stream.direction),
                (r.within, r.later, r.unanswered),
            )
        })
        .collect();
    assert_eq!(got, want, "response rates");
    // Counterpart agencies.
    let mut want: BTreeMap<(String, Direction), (usize, usize, usize)> = BTreeMap::new();
    for p in plans.iter().filter(|p| p.opened <= as_of) {
        let name = match p.direction {
            Direction::Incoming if p.agency.is_empty() => "Not recorded",
            Direction::Incoming => p.agency,
            Direction::Outgoing => "Pakistan",
        };
        let e = want.entry((name.to_string(), p.direction)).or_default();
        let steps = done(p, as_of);
        e.0 += usize::from(inr(p.opened));
        e.1 += steps
            .iter()
            .filter(|(s, day)| is_closing(*s) && inr(*day))
            .count();
        e.2 += usize::from(steps.last().is_none_or(|(s, _)| !is_closing(*s)));
    }
    let got: BTreeMap<_, _> = f
        .agencies
        .iter()
        .map(|a| {
            let c = a.counts;
            (
                (a.agency.clone(), a.direction.unwrap()),
                (c.opened, c.closed, c.open_at_end),
            )
        })
        .collect();
    assert_eq!(got, want, "counterpart agencies");
    // Outcomes from the records.
    let o = &f.outcomes;
    for &kind in PersonOutcomeKind::ALL {
        let n = plans
            .iter()
            .flat_map(|p| &p.persons)
            .filter(|(k, day)| *k == kind && counted(*day))
            .count();
        assert_eq!(
            o.persons.iter().find(|(k, _)| *k == kind).unwrap().1,
            n,
            "{kind}"
        );
    }
    let mut assets: BTreeMap<(AssetAction, &str), (usize, i64)> = BTreeMap::new();
    for (action, currency, cents, day) in plans.iter().flat_map(|p| &p.assets) {
        if counted(*day) {
            let e = assets.entry((*action, currency)).or_default();
            e.0 += 1;
            e.1 += cents;
        }
    }
    let got: Vec<_> = o
        .assets
        .iter()
        .map(|a| {
            (
                a.action,
                a.currency.code().to_string(),
                a.count,
                a.total.unwrap().to_string(),
            )
        })
        .collect();
    let want: Vec<_> = assets
        .into_iter()
        .map(|((action, c), (n, cents))| (action, c.to_string(), n, hundredths(cents)))
        .collect();
    assert_eq!(
        got, want,
        "assets by action and currency, exact to the paisa"
    );
    let mut seizures: BTreeMap<(SeizureKind, &str), (usize, i64, Option<i64>)> = BTreeMap::new();
    for (kind, unit, q, value, day) in plans.iter().flat_map(|p| &p.seizures) {
        if counted(*day) {
            let e = seizures.entry((*kind, unit)).or_default();
            e.0 += 1;
            e.1 += q;
            if let Some(v) = value {
                e.2 = Some(e.2.unwrap_or(0) + v);
            }
        }
    }
    let got: Vec<_> = o
        .seizures
        .iter()
        .map(|s| {
            let quantity = s.quantity.unwrap();
            // Quantities were typed with three places, so their sum has three too.
            let value = s.values.first().map(|(_, v)| v.to_string());
            (s.kind, s.unit.clone(), s.count, quantity.to_string(), value)
        })
        .collect();
    let want: Vec<_> = seizures
        .into_iter()
        .map(|((kind, unit), (n, q, v))| {
            (
                kind,
                unit.to_string(),
                n,
                format!("{}.{:03}", q / 1000, q % 1000),
                v.map(hundredths),
            )
        })
        .collect();
    assert_eq!(got, want, "seizures by kind and unit");
    // Outcomes from the transitions.
    let moved = |state: Status| {
        plans
            .iter()
            .flat_map(|p| done(p, as_of))
            .filter(|(s, day)| *s == state && inr(*day))
            .count()
    };
    assert_eq!(
        o.alerts_out,
        moved(Status::Alert(O::AlertSent)),
        "alerts out"
    );
    assert_eq!(
        o.alerts_in,
        moved(Status::Alert(O::AlertReceived)),
        "alerts in"
    );
    assert_eq!(
        o.preservations_confirmed,
        moved(Status::Provider(P::PreservationConfirmed)),
        "preservations confirmed"
    );
    assert_eq!(
        o.preservations_extended,
        moved(Status::Provider(P::Extended)),
        "extended"
    );
    // A preservation lapses 90 days after confirmation (another 90 once extended), unless the
    // data was disclosed by then or the case closed first.
    let mut expired = 0;
    for p in plans.iter().filter(|p| p.kind == CaseKind::ServiceProvider) {
        let steps = done(p, as_of);
        let confirmed = first_into(
            &steps,
            &[Status::Provider(P::PreservationConfirmed)],
            NaiveDate::MIN,
        );
        if let Some(confirmed) = confirmed {
            let extended = steps
                .iter()
                .any(|(s, _)| *s == Status::Provider(P::Extended));
            let expiry = days(confirmed, if extended { 180 } else { 90 });
            let disclosed = steps.iter().any(|(s, day)| {
                matches!(s, Status::Provider(P::Disclosed | P::Partial)) && *day <= expiry
            });
            let closed_first = steps.iter().any(|(s, day)| is_closing(*s) && *day < expiry);
            expired += usize::from(inr(expiry) && expiry < as_of && !disclosed && !closed_first);
        }
    }
    assert_eq!(
        o.preservations_expired, expired,
        "preservations expired without disclosure"
    );
    let (mut active, mut expiring) = (0, 0);
    for p in plans.iter().filter(|p| p.kind == CaseKind::Returns) {
        let steps = done(p, as_of);
        if steps
            .iter()
            .any(|(s, _)| *s == Status::Returns(R::PclListed))
        {
            let arrived =
                first_into(&steps, &[Status::Returns(R::Arrived)], NaiveDate::MIN).unwrap();
            let expiry = arrived.checked_add_months(chrono::Months::new(60)).unwrap();
            if expiry >= as_of {
                active += 1;
                expiring += usize::from((expiry - as_of).num_days() <= 90);
            }
        }
    }
    assert_eq!(
        (o.pcl_active, o.pcl_expiring),
        (active, expiring),
        "PCL in force, expiring"
    );
    for (out, direction) in [
        (o.conviction_out, Direction::Outgoing),
        (o.conviction_in, Direction::Incoming),
    ] {
        let (mut requests, mut answered, mut traced) = (0, 0, 0);
        for p in plans
            .iter()
            .filter(|p| p.kind == CaseKind::ConvictionData && p.direction == direction)
        {
            let steps = done(p, as_of);
            let states = request_states(p.kind, p.direction);
            if let Some(sent) = first_into(&steps, &states, NaiveDate::MIN).filter(|d| inr(*d)) {
                requests += 1;
                if first_into(&steps, &[Status::Conviction(X::Answered)], sent).is_some() {
                    answered += 1;
                    traced += usize::from(p.traced);
                }
            }
        }
        assert_eq!(
            (out.requests, out.answered, out.traced),
            (requests, answered, traced),
            "conviction exchanges {direction}"
        );
    }
}

#[test]
fn every_figure_of_a_generated_year_is_recounted_from_what_the_generator_did() {
    let (cases, plans) = generated();
    let today = d("2028-03-01");
    let year = DateRange::new(d("2027-01-01"), d("2027-12-31")).unwrap();
    let f = Figures::compute(
        &cases,
        year,
        today,
        OutcomeDetail::Full,
        &crate::domain::Settings::default().working_days(),
    );
    check(&f, &plans, year, year.to);
    // The generator reached what the figures are about, or the comparison proves little.
    assert!(
        f.times.iter().filter(|t| t.count > 0).count() >= 12,
        "{:?}",
        f.times
    );
    assert!(
        f.responses.iter().all(|r| r.requests() > 0),
        "{:?}",
        f.responses
    );
    assert!(f.outcomes.pcl_expiring > 0 && f.outcomes.pcl_active > f.outcomes.pcl_expiring);
    assert!(f.outcomes.alerts_out > 0 && f.outcomes.alerts_in > 0);
    assert!(f.outcomes.conviction_out.traced > 0 && f.outcomes.preservations_confirmed > 0);
    assert!(f.outcomes.preservations_expired > 0 && f.outcomes.preservations_extended > 0);
    assert!(!f.outcomes.assets.is_empty() && !f.outcomes.seizures.is_empty());
    // Deadlines met and missed add up to the review's own, computed by `stats`.
    let review = Review::compute_for(
        &cases,
        year,
        today,
        &crate::domain::Settings::default().working_days(),
    );
    let met: usize = f.streams.iter().map(|(_, c)| c.deadlines_met).sum();
    let missed: usize = f.streams.iter().map(|(_, c)| c.deadlines_missed).sum();
    assert_eq!((met, missed), (review.clocks_met(), review.clocks_missed()));
    assert_eq!(
        f.streams.iter().map(|(_, c)| c.opened).sum::<usize>(),
        review.opened
    );
    // A month, counted on a day inside it (today), so cases open past it are open.
    let march = DateRange::new(d("2027-03-01"), d("2027-03-31")).unwrap();
    let f = Figures::compute(
        &cases,
        march,
        d("2027-03-20"),
        OutcomeDetail::Full,
        &crate::domain::Settings::default().working_days(),
    );
    check(&f, &plans, march, d("2027-03-20"));
}

#[test]
fn the_statistics_profile_counts_outcomes_and_the_partner_profile_shows_none() {
    let (cases, _) = generated();
    let year = DateRange::new(d("2027-01-01"), d("2027-12-31")).unwrap();
    let full = Figures::compute(
        &cases,
        year,
        d("2028-03-01"),
        OutcomeDetail::Full,
        &crate::domain::Settings::default().working_days(),
    );
    let counts = Figures::compute(
        &cases,
        year,
        d("2028-03-01"),
        OutcomeDetail::CountsOnly,
        &crate::domain::Settings::default().working_days(),
    );
    let none = Figures::compute(
        &cases,
        year,
        d("2028-03-01"),
        OutcomeDetail::None,
        &crate::domain::Settings::default().working_days(),
    );
    assert!(counts.outcomes.assets.iter().all(|a| a.total.is_none()));
    assert!(
        counts
            .outcomes
            .seizures
            .iter()
            .all(|s| s.quantity.is_none() && s.values.is_empty())
    );
    let count_of = |f: &Figures| f.outcomes.assets.iter().map(|a| a.count).sum::<usize>();
    assert_eq!(count_of(&counts), count_of(&full));
    assert_eq!(counts.outcomes.persons, full.outcomes.persons);
    assert!(none.outcomes.assets.is_empty() && none.outcomes.seizures.is_empty());
    assert!(none.outcomes.persons.is_empty());
    assert_eq!(none.times, full.times);
}

fn only(fx: &Fixture, range: DateRange, today: &str) -> Figures {
    Figures::compute(
        [fx.case()],
        range,
        d(today),
        OutcomeDetail::Full,
        &crate::domain::Settings::default().working_days(),
    )
}

fn year_2027() -> DateRange {
    DateRange::new(d("2027-01-01"), d("2027-12-31")).unwrap()
}

#[test]
fn a_request_still_open_at_the_periods_end_has_no_time_and_counts_as_unanswered() {
    let mut fx = Fixture::ready(CaseKind::Mla, Direction::Outgoing, "2027-11-01");
    let path =
        shortest_paths(Workflow::MutualLegalAssistance)[&Status::Mla(C::Transmitted)].clone();
    for to in path {
        go_on(&mut fx, to, d("2027-12-20"), false);
    }
    // Answered after the year's end: not in this year's figures.
    go_on(
        &mut fx,
        Status::Mla(C::Acknowledged),
        d("2028-01-10"),
        false,
    );
    let f = only(&fx, year_2027(), "2028-06-01");
    assert!(f.times.is_empty(), "{:?}", f.times);
    let r = f.responses[0];
    assert_eq!(
        (r.within, r.later, r.unanswered, r.rate()),
        (0, 0, 1, "0 of 1".into())
    );
    let stream = Stream {
        kind: CaseKind::Mla,
        direction: Direction::Outgoing,
    };
    let c = f.streams.iter().find(|(s, _)| *s == stream).unwrap().1;
    assert_eq!((c.opened, c.closed, c.open_at_end), (1, 0, 1));
}

#[test]
fn a_request_answered_on_the_day_it_was_sent_took_zero_days() {
    let mut fx = Fixture::ready(CaseKind::PoliceEnquiry, Direction::Outgoing, "2027-05-02");
    go_on(&mut fx, Status::Enquiry(Q::Sent), d("2027-05-03"), false);
    go_on(
        &mut fx,
        Status::Enquiry(Q::Answered),
        d("2027-05-03"),
        false,
    );
    let f = only(&fx, year_2027(), "2028-01-01");
    let t = &f.times[0];
    assert_eq!(
        (t.measure, t.count, t.median_days, t.p90_days),
        (Measure::ToAnswer, 1, Some(0), Some(0))
    );
    assert_eq!(f.responses[0].within, 1);
}

#[test]
fn a_step_put_right_by_a_correction_never_counts_and_a_reopened_case_is_open() {
    let mut fx = Fixture::ready(CaseKind::ConvictionData, Direction::Outgoing, "2027-03-25");
    go_on(&mut fx, Status::Conviction(X::Sent), d("2027-04-01"), true);
    let wrong = fx.case().history().len();
    go_on(
        &mut fx,
        Status::Conviction(X::Answered),
        d("2027-04-05"),
        true,
    );
    let event = fx.case().history()[wrong].id;
    fx.apply(Command::Correct {
        case: fx.case,
        event,
        reason: "Another case's reply".into(),
    })
    .unwrap();
    go_on(
        &mut fx,
        Status::Conviction(X::Answered),
        d("2027-04-20"),
        true,
    );
    go_on(
        &mut fx,
        Status::Conviction(X::Closed),
        d("2027-04-21"),
        true,
    );
    let closing = fx.case().correctable().unwrap().id;
    fx.apply(Command::Correct {
        case: fx.case,
        event: closing,
        reason: "Still checking".into(),
    })
    .unwrap();
    let f = only(&fx, year_2027(), "2028-01-01");
    let t = f
        .times
        .iter()
        .find(|t| t.measure == Measure::ToAnswer)
        .unwrap();
    assert_eq!(
        (t.count, t.median_days),
        (1, Some(19)),
        "from the standing answer only"
    );
    let c = f
        .streams
        .iter()
        .find(|(s, _)| s.kind == CaseKind::ConvictionData && s.direction == Direction::Outgoing)
        .unwrap()
        .1;
    assert_eq!(
        (c.closed, c.open_at_end),
        (0, 1),
        "the closure was put right: open again"
    );
    assert_eq!(f.outcomes.conviction_out.traced, 1);
}

#[test]
fn an_empty_period_gives_zeros_and_no_percentile() {
    let (cases, _) = generated();
    let empty = DateRange::new(d("2031-01-01"), d("2031-01-31")).unwrap();
    let f = Figures::compute(
        &cases,
        empty,
        d("2031-02-01"),
        OutcomeDetail::Full,
        &crate::domain::Settings::default().working_days(),
    );
    assert!(f.times.is_empty());
    assert!(f.responses.iter().all(|r| r.rate() == "0 of 0"));
    assert!(
        f.streams
            .iter()
            .all(|(_, c)| c.opened == 0 && c.closed == 0)
    );
    let f = Figures::compute(
        std::iter::empty::<&Case>(),
        empty,
        d("2031-02-01"),
        OutcomeDetail::Full,
        &crate::domain::Settings::default().working_days(),
    );
    assert!(f.responses.is_empty() && f.agencies.is_empty() && f.times.is_empty());
}

#[test]
fn outcomes_recorded_on_two_copies_merge_record_by_record_and_the_same_one_changed_twice_conflicts()
{
    use crate::domain::merge::merge;
    let asset = |id: u128, amount: &str| AssetOutcome {
        id: RecordId(Uuid::from_u128(id)),
        action: AssetAction::Restrained,
        date: d("2026-02-01"),
        amount: Decimal::parse(amount).unwrap(),
        currency: Currency::parse("PKR").unwrap(),
        converted_on: None,
        note: String::new(),
    };
    let mut base = Fixture::ready(CaseKind::Mla, Direction::Incoming, OPENED);
    base.update(|c| c.outcomes.assets = vec![asset(1, "1000.00")]);
    // Two officers' copies, as `merge.rs`'s tests make them.
    let copy = |officer: &str, seed: u64| {
        let mut other = base.clone();
        other.seed = seed;
        other.book.settings.officer_name = officer.into();
        other
    };
    let (mut ours, mut theirs) = (copy("A. Shaw", 1_000), copy("S. Qureshi", 2_000));
    ours.update(|c| c.outcomes.assets.push(asset(2, "250.50")));
    theirs.update(|c| {
        c.outcomes.seizures.push(Seizure {
            id: RecordId(Uuid::from_u128(3)),
            kind: SeizureKind::Cash,
            date: d("2026-02-02"),
            quantity: Decimal::whole(1),
            unit: String::new(),
            value: Some(Decimal::parse("5000").unwrap()),
            currency: Some(Currency::parse("USD").unwrap()),
            note: String::new(),
        })
    });
    let result = merge(&ours.book, &theirs.book);
    assert!(result.conflicts.is_empty(), "{:?}", result.conflicts);
    let mut ctx_ids = SeededIds::new(5);
    let mut ctx = Ctx {
        now: noon(d(NOW)).into(),
        ids: &mut ctx_ids,
    };
    let mut merged = ours.book.clone();
    merged
        .apply(
            result.resolve(&Default::default(), &mut ctx).unwrap(),
            &mut ctx,
        )
        .unwrap();
    let o = &merged.case(ours.case).unwrap().details.outcomes;
    assert_eq!((o.assets.len(), o.seizures.len()), (2, 1));
    // The same asset's amount changed on both copies: both kept until the officer chooses.
    ours.update(|c| c.outcomes.assets[0].amount = Decimal::parse("1100.00").unwrap());
    theirs.update(|c| c.outcomes.assets[0].amount = Decimal::parse("1200.00").unwrap());
    let result = merge(&ours.book, &theirs.book);
    assert_eq!(result.conflicts.len(), 1, "{:?}", result.conflicts);
    let conflict = &result.conflicts[0];
    let said = format!("{conflict:?}");
    assert!(
        said.contains("1,100.00") && said.contains("1,200.00"),
        "{said}"
    );
}

#[test]
fn an_answer_on_the_last_chaser_day_is_within_the_steps_and_a_day_later_is_not() {
    let answered_after = |days_later: u64| {
        let mut fx = Fixture::ready(CaseKind::PoliceEnquiry, Direction::Incoming, "2027-01-02");
        go_on(
            &mut fx,
            Status::Enquiry(Q::Received),
            d("2027-01-04"),
            false,
        );
        let answered = days(d("2027-01-04"), days_later);
        go_on(&mut fx, Status::Enquiry(Q::Answered), answered, false);
        let r = only(&fx, year_2027(), "2028-01-01").responses[0];
        (r.chaser_days, r.within, r.later)
    };
    // P2P_REPLY chases at 14, 28 and 42 days.
    assert_eq!(answered_after(42), (42, 1, 0));
    assert_eq!(answered_after(43), (42, 0, 1));
}
