//! Files written by earlier schema versions still open, with the same content; files saved
//! before revision stamps (schema 1) get stamps assigned from their events.

use casedesk::domain::stamps::CaseField;
use casedesk::domain::{EventKind, ReplicaId, Stamp};
use casedesk::store::{
    self, Integrity,
    format::{FileV1, SCHEMA_VERSION},
};
use chrono::{DateTime, NaiveDate, Utc};
use std::path::Path;

#[test]
fn a_schema_1_file_loads_with_stamps_from_its_events_and_is_saved_with_them() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let book = casedesk::sample::generate(40, 3, today);
    let saved: DateTime<Utc> = "2026-11-23T00:00:00Z".parse().unwrap();
    let v1 = FileV1::from_casebook(&book, saved).to_text().unwrap();
    assert!(v1.contains("schema_version: 1") && !v1.contains("stamps"));

    let loaded = store::load_str(&v1, Path::new("old.ron")).unwrap();
    assert_eq!(loaded.cases().len(), book.cases().len());
    for (old, new) in book.cases().iter().zip(loaded.cases()) {
        assert_eq!((&old.details, old.history()), (&new.details, new.history()));
        let latest = old.history().iter().map(|e| e.recorded_at).max().unwrap();
        assert_eq!(
            new.stamps().base,
            Stamp::migrated(latest),
            "{}",
            old.reference
        );
        assert_eq!(new.stamps().field(CaseField::Summary), new.stamps().base);
        assert_eq!(new.stamps().base.replica, ReplicaId::BEFORE_STAMPS);
    }
    // The migrated casebook has seen every migrated stamp, so its own fields are common ground.
    assert!(
        loaded
            .cases()
            .iter()
            .all(|c| loaded.stamps().seen.has_seen(c.stamps().base))
    );

    let v2 = store::serialize(&loaded, saved).unwrap();
    assert!(v2.contains(&format!("schema_version: {SCHEMA_VERSION}")) && v2.contains("stamps:"));
    let again = store::load_str(&v2, Path::new("new.ron")).unwrap();
    assert_eq!(again, loaded);
}

#[test]
fn edits_stamp_only_what_they_change_and_the_stamps_survive_a_save() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut book = casedesk::sample::generate(5, 9, today);
    let case = book.cases()[0].clone();
    let mut details = case.details.clone();
    details.summary.push_str(" (revised)");
    let now: DateTime<chrono::FixedOffset> = "2026-11-24T09:30:00+05:00".parse().unwrap();
    book.apply(
        casedesk::domain::Command::UpdateCase {
            case: case.id,
            details: Box::new(details),
        },
        &mut casedesk::domain::Ctx {
            now,
            ids: &mut casedesk::domain::SeededIds::new(1),
        },
    )
    .unwrap();
    let stamps = book.case(case.id).unwrap().stamps().clone();
    let summary = stamps.field(CaseField::Summary);
    assert_eq!(summary.time().unwrap(), now.to_utc());
    assert_eq!(
        summary.replica,
        ReplicaId::of_officer(&book.settings.officer_name, &book.settings.officer_agency)
    );
    assert_eq!(stamps.field(CaseField::Offences), case.stamps().base);
    let text = store::serialize(&book, now.to_utc()).unwrap();
    let loaded = store::load_str(&text, Path::new("x.ron")).unwrap();
    assert_eq!(loaded.case(case.id).unwrap().stamps(), &stamps);
    assert!(loaded.stamps().seen.has_seen(summary));
}

/// `casedesk demo --cases 6 --seed 3 --today 2026-11-23` as Casedesk wrote it with schema 1:
/// every field written out, empty or not, one per line.
const SCHEMA_1: &str = include_str!("fixtures/schema1-demo-6-cases.ron");

#[test]
fn a_schema_1_file_opens_verified_and_saves_smaller_as_the_current_schema() {
    assert!(SCHEMA_1.contains("schema_version: 1,"));
    let path = Path::new("schema1.ron");
    let loaded = store::open_str(SCHEMA_1, path).unwrap();
    assert_eq!(loaded.integrity, Integrity::Verified);
    let book = loaded.book;
    assert_eq!(book.cases().len(), 6);
    // Schema 1 wrote empty fields out; they come back empty.
    assert!(SCHEMA_1.contains("reason: \"\","));
    let blank_reasons = book
        .cases()
        .iter()
        .flat_map(|c| c.history())
        .filter(|e| matches!(&e.kind, EventKind::Transition { reason, .. } if reason.is_empty()))
        .count();
    assert!(blank_reasons > 0);

    let text = store::serialize(&book, "2026-11-24T09:00:00Z".parse().unwrap()).unwrap();
    assert!(text.contains(&format!("schema_version: {SCHEMA_VERSION},")));
    assert!(!text.contains("reason: \"\""), "empty fields are left out");
    // Smaller even with the revision stamps schema 2 adds.
    assert!(text.len() * 10 < SCHEMA_1.len() * 9, "{} bytes", text.len());
    assert_eq!(store::load_str(&text, path).unwrap(), book);
}
