//! Hearings and tasks in case summaries and the register CSV: everything under the full
//! profile; for a partner only the hearings held in public, no task, no review date.

use super::{fixture, summary, today};
use casedesk::domain::{
    Casebook, Command, Ctx, ExportProfile, Hearing, HearingKind, RecordId, SeededIds, Task,
};
use casedesk::export::redact::{Selection, register_rows};
use casedesk::export::{self, Format};
use uuid::Uuid;

fn with_hearings_and_a_task() -> Casebook {
    let mut book = fixture();
    let case = book.case_by_reference("EI-2026-0001").unwrap();
    let mut details = case.details.clone();
    let id = case.id;
    let day = |s: &str| s.parse().unwrap();
    details.hearings = vec![
        Hearing {
            id: RecordId(Uuid::from_u128(901)),
            date: day("2026-12-02"),
            kind: HearingKind::Extradition,
            court: "Westminster Magistrates' Court".into(),
            outcome: String::new(),
            public: true,
        },
        Hearing {
            id: RecordId(Uuid::from_u128(902)),
            date: day("2026-11-30"),
            kind: HearingKind::Bail,
            court: "Chambers of the district judge".into(),
            outcome: String::new(),
            public: false,
        },
    ];
    details.tasks = vec![Task {
        id: RecordId(Uuid::from_u128(903)),
        text: "Chase the translation".into(),
        due: Some(day("2026-11-27")),
        done: false,
        assignee: "B. Colleague".into(),
    }];
    let mut ids = SeededIds::new(5);
    let mut ctx = Ctx {
        now: super::now(),
        ids: &mut ids,
    };
    book.apply(
        Command::UpdateCase {
            case: id,
            details: Box::new(details),
        },
        &mut ctx,
    )
    .unwrap();
    book.apply(
        Command::MarkReviewed {
            case: id,
            on: today(),
            note: String::new(),
        },
        &mut ctx,
    )
    .unwrap();
    book
}

#[test]
fn hearings_and_tasks_reach_the_summary_and_the_register_as_each_profile_may_show_them() {
    let book = with_hearings_and_a_task();
    let full =
        String::from_utf8(summary(&book, ExportProfile::Full, Format::Markdown).bytes).unwrap();
    for shown in [
        "Westminster Magistrates",
        "Chambers of the district judge",
        "Chase the translation",
        "B. Colleague",
    ] {
        assert!(full.contains(shown), "full: {shown}\n{full}");
    }
    let partner =
        String::from_utf8(summary(&book, ExportProfile::Partner, Format::Markdown).bytes).unwrap();
    assert!(partner.contains("Westminster Magistrates"), "{partner}");
    for withheld in [
        "Chambers of the district judge",
        "Chase the translation",
        "Reviewed",
    ] {
        assert!(
            !partner.contains(withheld),
            "partner shows {withheld}\n{partner}"
        );
    }

    let case = book.case_by_reference("EI-2026-0001").unwrap();
    let rows = |profile| register_rows(&book, [case], profile, Selection::default(), today());
    let full = &rows(ExportProfile::Full)[0];
    assert_eq!(full.next_hearing, Some("2026-11-30".parse().unwrap()));
    assert_eq!(full.next_task_due, Some("2026-11-27".parse().unwrap()));
    assert_eq!(full.last_reviewed, Some(today()));
    let partner = &rows(ExportProfile::Partner)[0];
    assert_eq!(
        partner.next_hearing,
        Some("2026-12-02".parse().unwrap()),
        "public hearings only"
    );
    assert_eq!((partner.next_task_due, partner.last_reviewed), (None, None));

    let csv = String::from_utf8(export::register_csv(&book, None, today()).unwrap()).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with("\"next_hearing\",\"next_task_due\",\"last_reviewed\",\"asylum_claims\""),
        "{header}"
    );
    let row = csv.lines().find(|l| l.contains("EI-2026-0001")).unwrap();
    assert!(
        row.ends_with(&format!(
            "\"2026-11-30\",\"2026-11-27\",\"{today}\",\"\"",
            today = today()
        )),
        "{row}"
    );
}
