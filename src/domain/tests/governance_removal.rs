//! Removing a governance record entered by mistake (issue 23): an edit on record, undone by
//! putting it back as it was; refused while an action point, an activity or a case names it;
//! and merged with a copy that did not remove it: gone unless that copy changed it since or
//! still names it, the same casebook whichever copy merges which.

use super::*;
use crate::domain::changes::RecordKind;
use crate::domain::governance::*;
use crate::domain::merge::merge;

fn book_at(now: &str) -> Fixture {
    let mut fx = Fixture::open(CaseKind::Mla, Direction::Outgoing, OPENED);
    fx.now = noon(d(now));
    fx
}

fn gov(fx: &mut Fixture, command: GovernanceCommand) -> Result<Applied, CommandError> {
    fx.apply(Command::Governance(command))
}

fn save(fx: &mut Fixture, record: GovernanceRecord) -> Applied {
    gov(fx, GovernanceCommand::Save(Box::new(record))).expect("saved")
}

fn loi() -> Agreement {
    let mut a = Agreement::new(
        AgreementId(Uuid::from_u128(0x101)),
        "Letter of intent",
        AgreementKind::Arrangement,
        AgreementStatus::InForce,
    );
    a.signed = Some(d("2024-05-31"));
    a.review_months = Some(12);
    a
}

fn review() -> Meeting {
    Meeting::new(
        MeetingId(Uuid::from_u128(0x201)),
        MeetingKind::MonthlyReview,
        d("2026-06-02"),
    )
}

fn action_of(meeting: Option<MeetingId>, id: u128, number: &str) -> ActionPoint {
    ActionPoint {
        id: ActionId(Uuid::from_u128(id)),
        number: number.into(),
        text: "Share the returns figures".into(),
        meeting,
        raised: d("2026-06-02"),
        owner: "A. Shaw".into(),
        owner_agency: "NCA".into(),
        due: d("2026-07-01"),
        status: ActionStatus::Open,
        updates: Vec::new(),
        cases: Vec::new(),
        agreements: Vec::new(),
    }
}

fn remove(fx: &mut Fixture, id: Uuid) -> Result<Applied, CommandError> {
    gov(fx, GovernanceCommand::Remove(id))
}

#[test]
fn a_removal_is_an_edit_on_record_and_its_undo_puts_the_record_back_as_it_was() {
    let mut fx = book_at("2026-11-23");
    save(&mut fx, GovernanceRecord::Agreement(loi()));
    gov(
        &mut fx,
        GovernanceCommand::MoveAgreement {
            agreement: loi().id,
            to: AgreementStatus::UnderReview,
            on: d("2026-05-31"),
            note: String::new(),
        },
    )
    .unwrap();
    let mut other = Agreement::new(
        AgreementId(Uuid::from_u128(0x102)),
        "Returns arrangement",
        AgreementKind::Arrangement,
        AgreementStatus::InForce,
    );
    other.note = "Signed in Islamabad".into();
    save(&mut fx, GovernanceRecord::Agreement(other));
    let before = fx.book.governance().clone();
    let history = fx.book.record_history().len();

    let applied = remove(&mut fx, loi().id.0).unwrap();
    assert!(fx.book.governance().agreement(loi().id).is_none());
    assert!(!fx.book.stamps().records.contains_key(&loi().id.0));
    let removal = fx.book.record_history().last().unwrap();
    assert_eq!(fx.book.record_history().len(), history + 1);
    match &removal.kind {
        EventKind::Edited {
            record: Some(r),
            changes,
        } => {
            assert_eq!(
                (r.kind, r.name.as_str()),
                (RecordKind::Agreement, "Letter of intent")
            );
            let status = changes.iter().find(|c| c.field == "Status").unwrap();
            assert_eq!(
                (status.old.as_str(), status.new.as_str()),
                ("UnderReview", "")
            );
        }
        other => panic!("{other:?}"),
    }

    // The undo restores it in its place, with its status and its moves.
    fx.apply(applied.undo.expect("a removal can be undone"))
        .unwrap();
    assert_eq!(fx.book.governance(), &before);
    assert!(fx.book.stamps().records.contains_key(&loi().id.0));
    assert_eq!(
        fx.book.record_history().len(),
        history + 2,
        "the undo is on record too"
    );
    // Putting back what is there is refused.
    let again = GovernanceCommand::Restore {
        record: Box::new(GovernanceRecord::Agreement(loi())),
        position: 0,
    };
    assert!(gov(&mut fx, again).is_err());
}

#[test]
fn a_new_record_is_undone_by_removing_it() {
    let mut fx = book_at("2026-11-23");
    let before = fx.book.governance().clone();
    let applied = save(&mut fx, GovernanceRecord::Meeting(review()));
    assert_eq!(
        applied.undo,
        Some(Command::Governance(GovernanceCommand::Remove(
            review().id.0
        )))
    );
    fx.apply(applied.undo.unwrap()).unwrap();
    assert_eq!(fx.book.governance(), &before);
}

#[test]
fn a_record_still_named_is_not_removed_and_the_refusal_says_by_what() {
    let mut fx = book_at("2026-11-23");
    save(&mut fx, GovernanceRecord::Agreement(loi()));
    save(&mut fx, GovernanceRecord::Meeting(review()));
    let mut action = action_of(Some(review().id), 0xA1, "AP-2026-001");
    action.agreements = vec![loi().id];
    save(&mut fx, GovernanceRecord::Action(action));
    let before = fx.book.clone();
    let err = remove(&mut fx, review().id.0).unwrap_err();
    assert_eq!(
        err.to_string(),
        "\u{201c}UPSCALE monthly review, 02 Jun 2026\u{201d} is still named by action point \
         AP-2026-001: change or remove it first"
    );
    let err = remove(&mut fx, loi().id.0).unwrap_err();
    assert!(
        err.to_string().contains("action point AP-2026-001"),
        "{err}"
    );
    assert_eq!(fx.book, before);

    // Once the action point is gone, so can the meeting go; a case resting on the agreement
    // keeps it in the register.
    remove(&mut fx, Uuid::from_u128(0xA1)).unwrap();
    remove(&mut fx, review().id.0).unwrap();
    fx.update(|c| c.agreement = Some(loi().id));
    let reference = fx.case().reference.clone();
    let before = fx.book.clone();
    let err = remove(&mut fx, loi().id.0).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "\u{201c}Letter of intent\u{201d} is still named by {reference}: change or remove it first"
        )
    );
    assert_eq!(fx.book, before);
    let err = remove(&mut fx, Uuid::from_u128(0xBAD)).unwrap_err();
    assert!(
        err.to_string().starts_with("No agreement, meeting"),
        "{err}"
    );
}

/// Two copies of one casebook holding the letter of intent and a monthly review.
fn two_copies() -> (Fixture, Fixture) {
    let mut base = book_at("2026-11-23");
    save(&mut base, GovernanceRecord::Agreement(loi()));
    save(&mut base, GovernanceRecord::Meeting(review()));
    let copy = |officer: &str, seed: u64| {
        let mut fx = base.clone();
        fx.book.settings.officer_name = officer.into();
        fx.seed = seed;
        fx.now = noon(d("2026-11-24"));
        fx
    };
    (copy("A. Shaw", 1_000), copy("S. Qureshi", 2_000))
}

/// `ours` with `theirs` merged in, with no conflict to choose.
fn merged(ours: &Casebook, theirs: &Casebook) -> Casebook {
    let result = merge(ours, theirs);
    assert!(result.conflicts.is_empty(), "{:?}", result.conflicts);
    let mut ids = SeededIds::new(5);
    let mut ctx = Ctx {
        now: noon(d("2026-11-25")).into(),
        ids: &mut ids,
    };
    let command = result.resolve(&Default::default(), &mut ctx).unwrap();
    let mut book = ours.clone();
    book.apply(command, &mut ctx).unwrap();
    book
}

/// Both ways round: the same records, the same history and stamps.
fn both_ways(a: &Casebook, b: &Casebook) -> Casebook {
    let here = merged(a, b);
    let there = merged(b, a);
    assert_eq!(here.governance(), there.governance());
    assert_eq!(here.record_history(), there.record_history());
    assert_eq!(here.stamps(), there.stamps());
    assert!(merge(&here, &there).is_empty());
    here
}

#[test]
fn a_removal_the_other_copy_did_not_change_since_stands_after_a_merge() {
    let (mut london, islamabad) = two_copies();
    remove(&mut london, loi().id.0).unwrap();
    let book = both_ways(&london.book, &islamabad.book);
    assert!(book.governance().agreement(loi().id).is_none());
    assert!(book.governance().meeting(review().id).is_some());
}

#[test]
fn an_edit_the_remover_never_saw_outlives_the_removal() {
    let (mut london, mut islamabad) = two_copies();
    remove(&mut london, loi().id.0).unwrap();
    let mut edited = loi();
    edited.note = "Reviewed by the committee".into();
    save(&mut islamabad, GovernanceRecord::Agreement(edited.clone()));
    let book = both_ways(&london.book, &islamabad.book);
    assert_eq!(book.governance().agreement(loi().id), Some(&edited));
    // Both the edit and the removal stay on record.
    let edits = book.history_of(loi().id.0).count();
    assert_eq!(edits, 3, "entered, edited, removed");
}

#[test]
fn a_meeting_removed_on_one_copy_stays_while_an_action_point_of_the_other_names_it() {
    let (mut london, mut islamabad) = two_copies();
    remove(&mut london, review().id.0).unwrap();
    save(
        &mut islamabad,
        GovernanceRecord::Action(action_of(Some(review().id), 0xA1, "AP-2026-001")),
    );
    let book = both_ways(&london.book, &islamabad.book);
    assert!(book.governance().meeting(review().id).is_some());
    assert!(
        book.governance()
            .action(ActionId(Uuid::from_u128(0xA1)))
            .is_some()
    );

    // An agreement removed on one copy stays while the other's case rests on it.
    let (mut london, mut islamabad) = two_copies();
    remove(&mut london, loi().id.0).unwrap();
    islamabad.update(|c| c.agreement = Some(loi().id));
    let book = both_ways(&london.book, &islamabad.book);
    assert!(book.governance().agreement(loi().id).is_some());
}
