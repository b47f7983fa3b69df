//! Files written by earlier schema versions still open, with the same content.

use casedesk::domain::EventKind;
use casedesk::store::{self, Integrity, format::SCHEMA_VERSION};
use std::path::Path;

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
    assert!(text.len() * 5 < SCHEMA_1.len() * 4, "{} bytes", text.len());
    assert_eq!(store::load_str(&text, path).unwrap(), book);
}
