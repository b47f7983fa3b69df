//! Governance removals in the journal (issue 23): an agreement entered, removed and put back
//! by undo, each journaled as it is applied, replays to the same casebook (the fast reader
//! reads the new commands), and each entry says what it did.

use casedesk::domain::governance::*;
use casedesk::domain::{Casebook, Command, Settings};
use casedesk::store::journal::{Journal, read, replay};
use chrono::{DateTime, FixedOffset};
use uuid::Uuid;

fn at(minute: u32) -> DateTime<FixedOffset> {
    format!("2026-11-23T10:{minute:02}:00+05:00")
        .parse()
        .unwrap()
}

#[test]
fn a_removal_and_its_undo_replay_from_the_journal_to_the_same_casebook() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    let base = Casebook::new(Settings::default());
    casedesk::store::save(&path, &base, at(0).to_utc()).unwrap();
    let checksum = casedesk::store::recorded_checksum(&path, None);
    let journal = Journal::new(&path, checksum.clone(), None).unwrap();
    let mut book = base.clone();
    let mut agreement = Agreement::new(
        AgreementId(Uuid::from_u128(0x101)),
        "Letter of intent",
        AgreementKind::Arrangement,
        AgreementStatus::InForce,
    );
    agreement.signed = Some("2024-05-31".parse().unwrap());
    let save = GovernanceCommand::Save(Box::new(GovernanceRecord::Agreement(agreement)));
    journal
        .apply(&mut book, Command::Governance(save), at(1))
        .unwrap();
    let removed = journal
        .apply(
            &mut book,
            Command::Governance(GovernanceCommand::Remove(Uuid::from_u128(0x101))),
            at(2),
        )
        .unwrap();
    assert!(book.governance().records().is_empty());
    journal
        .apply(&mut book, removed.undo.unwrap(), at(3))
        .unwrap();
    journal.flush().unwrap();

    let pending = read(&path, checksum.as_deref(), None).unwrap().unwrap();
    assert_eq!(pending.entries.len(), 3);
    assert_eq!(
        pending.entries[1].what(),
        "Removed the agreement Letter of intent"
    );
    assert_eq!(
        pending.entries[2].what(),
        "Put back the agreement Letter of intent"
    );
    let mut replayed = base.clone();
    let result = replay(&mut replayed, &pending.entries);
    assert!(result.refused.is_none(), "{:?}", result.refused);
    assert_eq!(replayed, book);
    assert_eq!(replayed.governance().records().len(), 1);
}
