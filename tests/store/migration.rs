//! Files saved before revision stamps (schema 1) load, with stamps assigned from their events.

use casedesk::domain::stamps::CaseField;
use casedesk::domain::{ReplicaId, Stamp, demo};
use casedesk::store::{self, format::FileV1};
use chrono::{DateTime, NaiveDate, Utc};
use std::path::Path;

#[test]
fn a_schema_1_file_loads_with_stamps_from_its_events_and_is_saved_as_schema_2() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let book = demo::generate(40, 3, today);
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
    assert!(v2.contains("schema_version: 2") && v2.contains("stamps:"));
    let again = store::load_str(&v2, Path::new("new.ron")).unwrap();
    assert_eq!(again, loaded);
}

#[test]
fn edits_stamp_only_what_they_change_and_the_stamps_survive_a_save() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut book = demo::generate(5, 9, today);
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
