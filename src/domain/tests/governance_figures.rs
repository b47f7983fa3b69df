//! The governance figures of a review (`governance::figures`) against a year of meetings,
//! action points, agreement moves and activities generated here, every figure counted again
//! straight from what was generated, never through the code under test; with the edges: an
//! action point closed on the period's last day, one due on it, an agreement moved twice in it.

use super::*;
use crate::domain::governance::figures::figures;
use crate::domain::governance::*;
use crate::domain::stats::{DateRange, YearMonth};
use chrono::Days;

/// A small deterministic generator (splitmix64), independent of the sample's.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn day(&mut self, from: NaiveDate, span: u64) -> NaiveDate {
        from + Days::new(self.below(span))
    }
}

/// An action point generated: raised, due, updates as (day, closes?, done?).
type ActionSpec = (NaiveDate, NaiveDate, Vec<(NaiveDate, bool, bool)>);
/// An activity generated: start, kind, participants, value as (hundredths, currency).
type ActivitySpec = (NaiveDate, ActivityKind, u32, Option<(u64, &'static str)>);
/// An action point to generate: raised, due, its updates.
type ActionPlan = (NaiveDate, NaiveDate, Vec<(NaiveDate, ActionStatus)>);

/// What was generated, kept as plain tuples to count from.
#[derive(Default)]
struct Generated {
    meetings: Vec<(MeetingKind, NaiveDate)>,
    actions: Vec<ActionSpec>,
    /// Each agreement's moves' days.
    moves: Vec<Vec<NaiveDate>>,
    activities: Vec<ActivitySpec>,
}

const YEAR_START: &str = "2025-01-01";
const YEAR_END: &str = "2025-12-31";
const TODAY: &str = "2026-03-15";

fn generate(seed: u64) -> (Fixture, Generated) {
    let mut fx = Fixture::open(CaseKind::Mla, Direction::Outgoing, OPENED);
    fx.now = noon(d(TODAY));
    let mut rng = Rng(seed);
    let mut g = Generated::default();
    let mut ids = 0x1000u128;
    let mut id = || {
        ids += 1;
        Uuid::from_u128(ids)
    };
    let (start, end) = (d("2024-11-01"), d("2026-02-28"));
    let save = |fx: &mut Fixture, r: GovernanceRecord| {
        fx.apply(Command::Governance(GovernanceCommand::Save(Box::new(r))))
            .expect("a generated record is valid")
    };
    // Meetings: a monthly review near the start of each month, a committee in late May or
    // June, a few others anywhere.
    let mut month = YearMonth::of(start);
    let mut meetings = Vec::new();
    while month.first_day() <= end {
        meetings.push((MeetingKind::MonthlyReview, rng.day(month.first_day(), 7)));
        month = month.next();
    }
    for _ in 0..2 {
        meetings.push((
            MeetingKind::JointSteeringCommittee,
            rng.day(d("2025-05-20"), 400),
        ));
    }
    for _ in 0..6 {
        let kind = [MeetingKind::AdHoc, MeetingKind::LawEnforcementDialogue][rng.below(2) as usize];
        meetings.push((kind, rng.day(start, 480)));
    }
    // One on the year's last day, and one planned after today.
    meetings.push((MeetingKind::AdHoc, d(YEAR_END)));
    meetings.push((MeetingKind::AdHoc, d("2026-03-20")));
    for (kind, date) in meetings {
        save(
            &mut fx,
            GovernanceRecord::Meeting(Meeting::new(MeetingId(id()), kind, date)),
        );
        g.meetings.push((kind, date));
    }
    // Agreements: each moves along a line of its flow on random days; one moves twice
    // within December 2025.
    use AgreementStatus::*;
    let lines: [&[AgreementStatus]; 5] = [
        &[Negotiated, Signed, InForce],
        &[UnderReview, InForce, UnderReview, Terminated],
        &[Negotiated, Lapsed],
        &[UnderReview, InForce],
        &[UnderReview, Superseded],
    ];
    for (n, line) in lines.iter().enumerate() {
        let first = if line[0] == Negotiated {
            Drafting
        } else {
            InForce
        };
        let a = Agreement::new(
            AgreementId(id()),
            &format!("Agreement {n}"),
            AgreementKind::Mou,
            first,
        );
        let agreement = a.id;
        save(&mut fx, GovernanceRecord::Agreement(a));
        let mut day = rng.day(start, 60);
        let mut days = Vec::new();
        for to in line.iter() {
            day = if n == 3 {
                d("2025-12-01") + Days::new(days.len() as u64 * 30)
            } else {
                rng.day(day, 120)
            };
            fx.apply(Command::Governance(GovernanceCommand::MoveAgreement {
                agreement,
                to: *to,
                on: day,
                note: String::new(),
            }))
            .expect("a move along the flow");
            days.push(day);
        }
        g.moves.push(days);
    }
    // Action points: raised on random days, due a few weeks on, some updated, some closed.
    let mut numbers = 0;
    let mut specs: Vec<ActionPlan> = (0..60)
        .map(|_| {
            let raised = rng.day(start, 450);
            let due = rng.day(raised, 90);
            let mut updates = Vec::new();
            if rng.below(3) > 0 {
                updates.push((rng.day(raised, 30), ActionStatus::InProgress));
            }
            match rng.below(4) {
                0 => {}
                1 => updates.push((rng.day(raised + Days::new(31), 120), ActionStatus::Dropped)),
                _ => updates.push((rng.day(raised + Days::new(31), 120), ActionStatus::Done)),
            }
            (raised, due, updates)
        })
        .collect();
    // The edges: closed on the year's last day, due on it and still open, due on it and closed
    // the day after.
    specs.push((
        d("2025-11-03"),
        d("2025-12-01"),
        vec![(d(YEAR_END), ActionStatus::Done)],
    ));
    specs.push((d("2025-11-03"), d(YEAR_END), vec![]));
    specs.push((
        d("2025-11-03"),
        d(YEAR_END),
        vec![(d("2026-01-01"), ActionStatus::Done)],
    ));
    for (raised, due, updates) in specs {
        numbers += 1;
        let action = ActionId(id());
        save(
            &mut fx,
            GovernanceRecord::Action(ActionPoint {
                id: action,
                number: format!("AP-{numbers:03}"),
                text: "Generated".into(),
                meeting: None,
                raised,
                owner: String::new(),
                owner_agency: String::new(),
                due,
                status: ActionStatus::Open,
                updates: Vec::new(),
                cases: Vec::new(),
                agreements: Vec::new(),
            }),
        );
        let mut kept = Vec::new();
        for (on, status) in updates.into_iter().filter(|(on, _)| *on <= d(TODAY)) {
            fx.apply(Command::Governance(GovernanceCommand::UpdateAction {
                action,
                on,
                status,
                note: "generated".into(),
            }))
            .expect("an update after the last");
            kept.push((on, status.is_closed(), status == ActionStatus::Done));
        }
        g.actions.push((raised, due, kept));
    }
    // Activities: equipment in two currencies, training and the rest.
    for _ in 0..40 {
        let kind = ActivityKind::ALL[rng.below(ActivityKind::ALL.len() as u64) as usize];
        let start_day = rng.day(start, 480);
        let participants = rng.below(40) as u32;
        let value = (kind == ActivityKind::Equipment || rng.below(3) == 0)
            .then(|| (rng.below(5_000_000), ["GBP", "PKR"][rng.below(2) as usize]));
        let mut a = Activity::new(ActivityId(id()), kind, "Generated", start_day);
        a.participants = participants;
        a.value = value.map(|(hundredths, currency)| Money {
            hundredths,
            currency: currency.into(),
        });
        save(&mut fx, GovernanceRecord::Activity(a));
        g.activities.push((start_day, kind, participants, value));
    }
    (fx, g)
}

/// Every figure, counted from `g` alone.
fn check(g: &Generated, fx: &Fixture, from: &str, to: &str) {
    let (from, to) = (d(from), d(to));
    let inside = |day: NaiveDate| from <= day && day <= to;
    let as_of = to.min(d(TODAY));
    let got = figures(
        fx.book.governance(),
        DateRange::new(from, to).unwrap(),
        d(TODAY),
    );
    for (kind, n) in &got.meetings {
        let expected = g
            .meetings
            .iter()
            .filter(|(k, day)| k == kind && inside(*day) && *day <= as_of)
            .count();
        assert_eq!(*n, expected, "meetings {kind} {from}..{to}");
    }
    let closing = |u: &[(NaiveDate, bool, bool)]| u.iter().find(|(_, closes, _)| *closes).copied();
    assert_eq!(
        got.actions_opened,
        g.actions.iter().filter(|a| inside(a.0)).count()
    );
    let closed_inside = |done: bool| {
        g.actions
            .iter()
            .filter(|a| matches!(closing(&a.2), Some((on, _, d)) if d == done && inside(on)))
            .count()
    };
    assert_eq!(got.actions_done, closed_inside(true), "done {from}..{to}");
    assert_eq!(
        got.actions_dropped,
        closed_inside(false),
        "dropped {from}..{to}"
    );
    let open_at_end =
        |a: &&ActionSpec| a.0 <= as_of && !matches!(closing(&a.2), Some((on, ..)) if on <= as_of);
    assert_eq!(
        got.actions_overdue,
        g.actions
            .iter()
            .filter(open_at_end)
            .filter(|a| a.1 < as_of)
            .count(),
        "overdue {from}..{to}"
    );
    assert_eq!(
        got.actions_open,
        g.actions.iter().filter(open_at_end).count()
    );
    assert_eq!(
        got.agreements_changed,
        g.moves
            .iter()
            .filter(|m| m.iter().any(|day| inside(*day)))
            .count()
    );
    assert_eq!(
        got.status_changes,
        g.moves.iter().flatten().filter(|day| inside(**day)).count()
    );
    for (kind, n) in &got.activities {
        assert_eq!(
            *n,
            g.activities
                .iter()
                .filter(|a| a.1 == *kind && inside(a.0))
                .count(),
            "{kind}"
        );
    }
    let participants: u64 = g
        .activities
        .iter()
        .filter(|a| inside(a.0))
        .map(|a| u64::from(a.2))
        .sum();
    assert_eq!(got.participants, participants);
    for currency in ["GBP", "PKR"] {
        let value: u64 = g
            .activities
            .iter()
            .filter(|a| a.1 == ActivityKind::Equipment && inside(a.0))
            .filter_map(|a| a.3.filter(|v| v.1 == currency).map(|v| v.0))
            .sum();
        assert_eq!(
            got.equipment_value.get(currency).copied().unwrap_or(0),
            value,
            "{currency}"
        );
    }
}

#[test]
fn governance_figures_for_a_year_and_each_month_match_a_count_of_what_was_generated() {
    for seed in [1, 7, 23] {
        let (fx, g) = generate(seed);
        check(&g, &fx, YEAR_START, YEAR_END);
        let mut month = YearMonth::of(d(YEAR_START));
        for _ in 0..15 {
            let range = DateRange::month(month);
            check(&g, &fx, &range.from.to_string(), &range.to.to_string());
            month = month.next();
        }
    }
}

#[test]
fn the_edges_of_a_period_count_where_they_fall() {
    let (fx, _) = generate(1);
    let year = figures(
        fx.book.governance(),
        DateRange::new(d(YEAR_START), d(YEAR_END)).unwrap(),
        d(TODAY),
    );
    let december = figures(
        fx.book.governance(),
        DateRange::month(YearMonth::of(d("2025-12-01"))),
        d(TODAY),
    );
    let january = figures(
        fx.book.governance(),
        DateRange::month(YearMonth::of(d("2026-01-01"))),
        d(TODAY),
    );
    let numbered = |n: &str| fx.book.governance().action_numbered(n).unwrap();
    // Closed on the last day: closed in December, not open at its end, not in January.
    let last_day = numbered("AP-061");
    assert_eq!(last_day.closed_on(), Some(d(YEAR_END)));
    assert!(!last_day.is_overdue_on(d(YEAR_END)));
    // Due on the last day: not yet overdue at the end of December; overdue after it.
    let due_last = numbered("AP-062");
    assert!(!due_last.is_overdue_on(d(YEAR_END)));
    assert!(due_last.is_overdue_on(d("2026-01-01")));
    // The agreement moved on 1 and 31 December: one agreement, two moves.
    let twice = fx.book.governance().agreement_named("Agreement 3").unwrap();
    assert_eq!(
        twice.changes_between(d("2025-12-01"), d(YEAR_END)).count(),
        2
    );
    assert!(december.agreements_changed >= 1 && december.status_changes >= 2);
    assert!(december.actions_done >= 1);
    assert!(year.meetings_held() >= 12 && january.meetings_held() >= 1);
    assert!(january.actions_done >= 1);
}
