//! The agenda gathered in the live dashboard's pass at open, on the sample casebook (enough
//! cases for a part on each core, closed ones among them).

use crate::domain::agenda::Agenda;
use crate::domain::stats::LiveDashboard;
use crate::domain::{
    CaseDetails, CaseId, CaseKind, Command, Country, Ctx, Direction, Hearing, HearingKind,
    RecordId, SeededIds,
};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The agenda gathered in the dashboard's pass at open is the agenda worked out on its own,
/// and stays so as cases are edited and added: an edited case's lines at open give way to its
/// new ones, and every other case's stay.
#[test]
fn the_agenda_gathered_with_the_dashboard_is_the_agenda_and_follows_edits() {
    let today = d("2026-11-23");
    // Enough cases for a part on each core, closed ones among them.
    let mut book = crate::sample::generate(4_500, 3, today);
    let all = |a: &Agenda| a.entries().copied().collect::<Vec<_>>();
    let mut agenda = LiveDashboard::overview(&book, today).agenda;
    assert_eq!(all(&agenda), all(&Agenda::new(&book, today)));
    assert!(agenda.len() > 1_000);

    let now: DateTime<Utc> = "2026-11-23T12:00:00Z".parse().unwrap();
    let mut ids = SeededIds::new(3);
    let mut ctx = Ctx {
        now: now.into(),
        ids: &mut ids,
    };
    // Cases with lines and without, edited twice, and a case added.
    let edited: Vec<CaseId> = [0, 1, 2_000, 2_001, 4_499, 0]
        .iter()
        .map(|&i| book.cases()[i].id)
        .collect();
    for id in edited {
        let mut details = book.case(id).unwrap().details.clone();
        details.hearings.push(Hearing {
            id: RecordId(ctx.ids.next_uuid()),
            date: d("2026-12-03"),
            kind: HearingKind::Other,
            court: Default::default(),
            outcome: String::new(),
            public: false,
        });
        details.tasks.clear();
        let applied = book
            .apply(
                Command::UpdateCase {
                    case: id,
                    details: Box::new(details),
                },
                &mut ctx,
            )
            .unwrap();
        agenda.update_case(&book, applied.case.unwrap());
        assert_eq!(all(&agenda), all(&Agenda::new(&book, today)));
    }
    let added = CaseId(Uuid::from_u128(0xADD));
    book.apply(
        Command::OpenCase {
            id: added,
            kind: CaseKind::Mla,
            direction: Direction::Outgoing,
            opened: today,
            details: Box::new(CaseDetails::new(Country::uk(), Country::pakistan())),
        },
        &mut ctx,
    )
    .unwrap();
    agenda.update_case(&book, added);
    assert_eq!(all(&agenda), all(&Agenda::new(&book, today)));
}
