//! Each kind of bad file is refused with a message naming where it went wrong, and the file is
//! never changed.

use casedesk::domain::{Casebook, Settings};
use casedesk::store::{self, LoadError};
use std::path::Path;

fn sound_file(dir: &Path) -> String {
    let path = dir.join("sound.ron");
    let mut book = Casebook::new(Settings::default());
    book.settings.officer_name = "Ayesha Khan".into();
    store::save(&path, &book, "2026-11-23T10:00:00Z".parse().unwrap()).unwrap();
    std::fs::read_to_string(path).unwrap()
}

/// Writes `text`, loads it, checks the file is byte-for-byte unchanged and returns the error.
fn load_bad(dir: &Path, name: &str, text: &str) -> LoadError {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let err = store::load(&path).expect_err(name);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "{name} was changed"
    );
    assert!(
        store::list_snapshots(&path).unwrap().is_empty(),
        "{name}: loading wrote a snapshot"
    );
    err
}

fn expect_parse(err: LoadError, line: usize, needle: &str) {
    match &err {
        LoadError::Parse {
            line: l,
            column,
            message,
            ..
        } => {
            assert_eq!(*l, line, "{err}");
            assert!(*column > 0);
            assert!(message.contains(needle), "{message:?} lacks {needle:?}");
            let shown = err.to_string();
            assert!(shown.contains(&format!(":{line}:{column}:")), "{shown}");
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn a_truncated_file_is_refused_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let sound = sound_file(dir.path());
    let cut = &sound[..sound.len() / 2];
    let err = load_bad(dir.path(), "truncated.ron", cut);
    let lines = cut.lines().count();
    match err {
        LoadError::Parse { line, .. } => assert!(line >= lines - 1, "line {line} of {lines}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_file_that_is_not_ron_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = load_bad(
        dir.path(),
        "notes.ron",
        "Reference,Name\nEI-2026-0001,Imran\n",
    );
    expect_parse(err, 1, "");
}

#[test]
fn a_misspelt_field_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let sound = sound_file(dir.path());
    let bad = sound.replacen("officer_name:", "oficer_name:", 1);
    let line = 1 + bad.lines().position(|l| l.contains("oficer_name")).unwrap();
    let err = load_bad(dir.path(), "field.ron", &bad);
    expect_parse(err, line, "oficer_name");
}

#[test]
fn an_unknown_enum_value_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let sound = sound_file(dir.path());
    let bad = sound.replacen("date_order: DayMonth", "date_order: YearFirst", 1);
    assert_ne!(bad, sound);
    let line = 1 + bad.lines().position(|l| l.contains("YearFirst")).unwrap();
    let err = load_bad(dir.path(), "enum.ron", &bad);
    expect_parse(err, line, "YearFirst");
}

#[test]
fn a_file_from_a_newer_casedesk_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let sound = sound_file(dir.path());
    let current = format!(
        "schema_version: {}",
        casedesk::store::format::SCHEMA_VERSION
    );
    let bad = sound.replacen(&current, "schema_version: 7", 1);
    assert_ne!(bad, sound);
    match load_bad(dir.path(), "newer.ron", &bad) {
        err @ LoadError::NewerVersion { found: 7, .. } => {
            assert!(err.to_string().contains("newer Casedesk"), "{err}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_empty_file_is_refused_as_empty() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("empty.ron", ""), ("blank.ron", "  \n\n")] {
        assert!(matches!(
            load_bad(dir.path(), name, text),
            LoadError::Empty { .. }
        ));
    }
}

#[test]
fn another_kind_of_ron_file_is_not_taken_for_a_casebook() {
    let dir = tempfile::tempdir().unwrap();
    let sound = sound_file(dir.path());
    let bad = sound.replacen("\"casedesk-casebook\"", "\"casedesk-settings\"", 1);
    assert!(matches!(
        load_bad(dir.path(), "other.ron", &bad),
        LoadError::NotACasebook { .. }
    ));
}

#[test]
fn a_missing_file_is_an_io_error_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nowhere.ron");
    let err = store::load(&path).unwrap_err();
    assert!(matches!(err, LoadError::Io { .. }));
    assert!(err.to_string().contains("nowhere.ron"));
    assert!(!path.exists());
}
