//! A casebook named through a symbolic link is saved where it really is: the link stays a link
//! to the casebook, which takes the new version, and its snapshots are kept beside it.

#![cfg(unix)]

use casedesk::domain::{Casebook, Settings};
use casedesk::store;
use chrono::{DateTime, Utc};

fn now() -> DateTime<Utc> {
    "2026-11-23T10:15:00Z".parse().unwrap()
}

fn book(officer: &str) -> Casebook {
    Casebook::new(Settings {
        officer_name: officer.into(),
        ..Settings::default()
    })
}

#[test]
fn a_save_through_a_link_writes_the_casebook_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let real_dir = dir.path().join("cases");
    std::fs::create_dir(&real_dir).unwrap();
    let real = real_dir.join("casebook.ron");
    store::save(&real, &book("Before"), now()).unwrap();
    // A link to a link, the second one relative to its folder.
    let inner = real_dir.join("current.ron");
    std::os::unix::fs::symlink("casebook.ron", &inner).unwrap();
    let link = dir.path().join("desk.ron");
    std::os::unix::fs::symlink(&inner, &link).unwrap();
    assert_eq!(
        store::real_path(&link).unwrap(),
        real_dir.join("casebook.ron")
    );

    store::save(&link, &book("After"), now()).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::symlink_metadata(&inner)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(store::load(&real).unwrap().settings.officer_name, "After");
    assert_eq!(store::load(&link).unwrap().settings.officer_name, "After");
    let snaps = store::list_snapshots(&real).unwrap();
    assert_eq!(snaps.len(), 1);
    assert_eq!(
        store::load(&snaps[0].path).unwrap().settings.officer_name,
        "Before"
    );
    assert!(!dir.path().join("snapshots").exists());
}

#[test]
fn a_path_without_links_or_not_there_yet_is_its_own_real_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    assert_eq!(store::real_path(&path).unwrap(), path);
    store::save(&path, &book("A"), now()).unwrap();
    assert_eq!(store::real_path(&path).unwrap(), path);
    // A loop of links is an error, not a hang.
    let (a, b) = (dir.path().join("a.ron"), dir.path().join("b.ron"));
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    assert!(store::real_path(&a).is_err());
}
