//! Over generated casebooks: the live dashboard, edit by edit, gives exactly what computing it afresh gives.

use crate::domain::clock::{Clock, clocks};
use crate::domain::stats::{Dashboard, LiveDashboard};
use crate::domain::tests::{d, kind_of, noon, sample_value};
use crate::domain::{
    CaseId, Casebook, Command, Ctx, EventKind, ProgrammeArea, SeededIds, TransitionRequest,
    Workflow,
};
use chrono::NaiveDate;
use proptest::prelude::*;
use uuid::Uuid;

const TODAY: &str = "2026-11-23";

/// One edit: what to do, to which case, which of the possible choices, how many days off.
#[derive(Clone, Debug)]
struct Edit {
    what: u8,
    case: usize,
    pick: usize,
    days: u64,
}

fn edit() -> impl Strategy<Value = Edit> {
    (0u8..7, any::<usize>(), any::<usize>(), 0u64..90).prop_map(|(what, case, pick, days)| Edit {
        what,
        case,
        pick,
        days,
    })
}

/// The command `e` stands for on `book`, if it stands for one.
fn command(book: &Casebook, e: &Edit, today: NaiveDate) -> Option<Command> {
    let case = &book.cases()[e.case % book.cases().len()];
    let back = |days: u64| today - chrono::Days::new(days);
    let pending: Vec<Clock> = clocks(case, today, &book.settings.working_days())
        .into_iter()
        .filter(Clock::is_pending)
        .collect();
    match e.what {
        // A transition to one of the next states, past any blockers.
        0 => {
            let next = case.status().next();
            let to = *next.get(e.pick % next.len().max(1))?;
            let on = case.status_since().max(back(e.days));
            let mut request = to
                .rule()
                .records
                .iter()
                .fold(TransitionRequest::new(to, on), |r, &detail| {
                    r.with(detail, sample_value(detail, on))
                });
            request.override_reason = Some("Test of the figures".into());
            Some(Command::Transition {
                case: case.id,
                request: Box::new(request),
            })
        }
        // The latest transition put right.
        1 => {
            let event = case
                .history()
                .iter()
                .rev()
                .find(|e| matches!(e.kind, EventKind::Transition { .. }))?;
            Some(Command::Correct {
                case: case.id,
                event: event.id,
                reason: "Recorded on the wrong case".into(),
            })
        }
        2 => {
            let clock = pending.get(e.pick % pending.len().max(1))?;
            Some(Command::ExtendClock {
                case: case.id,
                clock: clock.key,
                started_by: clock.started_by,
                new_due: clock.due + chrono::Days::new(e.days),
                reason: "Extended by the court".into(),
            })
        }
        3 => {
            let clock = pending.get(e.pick % pending.len().max(1))?;
            Some(Command::MeetClock {
                case: case.id,
                clock: clock.key,
                started_by: clock.started_by,
                on: back(e.days % 10),
                note: "Evidence returned".into(),
            })
        }
        // Another programme area and officer.
        4 => {
            let mut details = case.details.clone();
            details.area = ProgrammeArea::ALL[e.pick % ProgrammeArea::ALL.len()];
            details.assigned_officer = format!("Officer {}", e.pick % 3).into();
            Some(Command::UpdateCase {
                case: case.id,
                details: Box::new(details),
            })
        }
        5 => {
            let workflow = [
                Workflow::ExtraditionIncoming,
                Workflow::ExtraditionOutgoing,
                Workflow::MutualLegalAssistance,
            ][e.pick % 3];
            let (kind, direction) = kind_of(workflow);
            Some(Command::OpenCase {
                id: CaseId(Uuid::from_u128(e.pick as u128)),
                kind,
                direction,
                opened: back(e.days),
                details: Box::new(book.settings.new_case_details(direction)),
            })
        }
        _ => (case.history().len() == 1).then_some(Command::DiscardCase { case: case.id }),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn the_live_dashboard_after_any_edits_is_the_dashboard_computed_afresh(
        seed in 0u64..1000,
        edits in proptest::collection::vec(edit(), 1..40),
    ) {
        let today = d(TODAY);
        let mut book = crate::sample::generate(40, seed, today);
        // Built in uneven parts, as the cores of a large casebook build it, so that edits find
        // shares in every part, and added cases go at the end of the last.
        let mut live = LiveDashboard::in_parts_ending_at(&book, today, &[0, 1, 13, 14, 27, 40]);
        prop_assert_eq!(live.dashboard(), Dashboard::compute(&book, today));
        let mut ids = SeededIds::new(seed);
        for e in &edits {
            let Some(command) = command(&book, e, today) else { continue };
            // A discarded case is not in `Applied`: the command names it.
            let discarded = match &command {
                Command::DiscardCase { case } => Some(*case),
                _ => None,
            };
            let mut ctx = Ctx { now: noon(today).into(), ids: &mut ids };
            if let Ok(applied) = book.apply(command, &mut ctx) {
                if let Some(case) = applied.case.or(discarded) {
                    live.update_case(&book, case);
                }
                prop_assert_eq!(live.dashboard(), Dashboard::compute(&book, today));
            }
        }
    }
}
