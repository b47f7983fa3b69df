//! The team folder: after a save, the copy of the casebook bound to the folder on this
//! installation is written there (encrypted when the casebook is); one officer's computers are
//! replicas of their own and read each other like colleagues; a copy whose head says it
//! brings nothing is passed over unread, and a head that cannot be trusted never is.

use casedesk::domain::merge::merge;
use casedesk::domain::{Casebook, Command, Ctx, ExportProfile, InstallationId, SeededIds};
use casedesk::store::team::{Look, Named, Shared, Whose, look, team_copies};
use casedesk::store::{self, Installation, Key};
use chrono::{DateTime, NaiveDate, Utc};
use std::path::{Path, PathBuf};

fn now() -> DateTime<Utc> {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

fn book(team: &Path) -> Casebook {
    let mut book = casedesk::sample::generate(4, 3, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    book.settings.officer_name = "A. Shaw".into();
    book.settings.officer_agency = "NCA".into();
    book.settings.team_folder = Some(team.to_path_buf());
    book
}

/// A computer: its installation kept in a folder of its own.
fn computer(dir: &Path, name: &str) -> Installation {
    Installation::in_dir_for(&dir.join(format!("installation-of-{name}")), name).unwrap()
}

/// `book` saved at `path` and bound to its team folder on `installation`.
fn bound(path: &Path, book: &Casebook, installation: &mut Installation) {
    store::save(path, book, now()).unwrap();
    let folder = book.settings.team_folder.as_deref().unwrap();
    installation.bind(folder, path).unwrap();
}

/// Changes the summary of the case at `index`, at `at`.
fn edit(book: &mut Casebook, index: usize, summary: &str, at: &str) {
    let case = book.cases()[index].id;
    let mut details = book.case(case).unwrap().details.clone();
    details.summary = summary.into();
    let now = at.parse().unwrap();
    book.apply(
        Command::UpdateCase {
            case,
            details: Box::new(details),
        },
        &mut Ctx {
            now,
            ids: &mut SeededIds::new(9),
        },
    )
    .unwrap();
}

#[test]
fn a_save_writes_the_copy_of_the_bound_casebook_into_the_team_folder() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    let book = book(&team);
    let path = dir.path().join("casebook.ron");
    let mut laptop = computer(dir.path(), "laptop");
    bound(&path, &book, &mut laptop);
    let Some(Ok(Shared::Written(copy))) =
        store::team::share(&book, &path, &mut laptop, now(), None)
    else {
        panic!("the copy is written");
    };
    assert_eq!(
        copy,
        team.join(store::team::own_copy_name(&book.settings, &laptop))
    );
    assert!(!store::is_encrypted(&std::fs::read(&copy).unwrap()));
    assert_eq!(store::load(&copy).unwrap(), book);
    // No snapshots or temporary files in the shared folder: only the copy.
    assert_eq!(std::fs::read_dir(&team).unwrap().count(), 1);
    // Bound by another spelling of the same paths.
    let again = Installation::in_dir_for(&dir.path().join("installation-of-laptop"), "laptop");
    assert!(
        again
            .unwrap()
            .is_bound(&team.join("."), &dir.path().join("./casebook.ron"))
    );
}

/// Issue 25, item 3: a trial merge written elsewhere, a backup, a byte copy of the casebook:
/// none is the casebook bound to the folder, so none publishes, whatever it says its team
/// folder is.
#[test]
fn only_the_casebook_bound_to_the_folder_publishes_its_copy() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    let real = book(&team);
    let path = dir.path().join("casebook.ron");
    let mut laptop = computer(dir.path(), "laptop");
    bound(&path, &real, &mut laptop);
    store::team::share(&real, &path, &mut laptop, now(), None)
        .unwrap()
        .unwrap();
    let copy = team.join(store::team::own_copy_name(&real.settings, &laptop));
    let published = std::fs::read(&copy).unwrap();

    let mut trial = real.clone();
    edit(
        &mut trial,
        0,
        "A trial merge nobody kept",
        "2026-11-24T09:00:00Z",
    );
    let backup = dir.path().join("backup of casebook.ron");
    std::fs::copy(&path, &backup).unwrap();
    for elsewhere in [dir.path().join("trial.ron"), backup] {
        store::save(&elsewhere, &trial, now()).unwrap();
        let shared = store::team::share(&trial, &elsewhere, &mut laptop, now(), None);
        assert_eq!(
            shared.unwrap().unwrap(),
            Shared::NotBound {
                folder: team.clone(),
                bound: Some(path.canonicalize().unwrap()),
            }
        );
        assert_eq!(
            std::fs::read(&copy).unwrap(),
            published,
            "{}",
            elsewhere.display()
        );
    }
    // Another computer never publishes a casebook bound on this one.
    let mut desktop = computer(dir.path(), "desktop");
    assert!(matches!(
        store::team::share(&real, &path, &mut desktop, now(), None),
        Some(Ok(Shared::NotBound { bound: None, .. }))
    ));
    assert_eq!(std::fs::read_dir(&team).unwrap().count(), 1);
}

/// Issue 25, item 2: one officer's two computers. Stamped as one replica (as before each
/// installation had an id), each computer took the other's edits for ones it had already seen:
/// edits of two different cases made a conflict nobody could explain, and two edits of the
/// same value made none, the laptop's silently lost. As two replicas, the first merge needs no
/// choice and the second is a conflict with both values.
#[test]
fn one_officers_two_computers_are_two_replicas_and_merge_each_others_edits() {
    let dir = tempfile::tempdir().unwrap();
    let base = book(dir.path());
    // Merges the laptop's copy into the desktop's, each having edited the summary of one case
    // (`cases`: the laptop's, the desktop's); the conflicts, and the summaries taken.
    let merged = |installations: Option<(InstallationId, InstallationId)>,
                  cases: (usize, usize)| {
        let (mut laptop, mut desktop) = (base.clone(), base.clone());
        if let Some((l, d)) = installations {
            laptop.set_installation(l);
            desktop.set_installation(d);
        }
        edit(
            &mut laptop,
            cases.0,
            "Seen in Leeds (laptop)",
            "2026-11-24T09:00:00Z",
        );
        edit(
            &mut desktop,
            cases.1,
            "Passport seized (desktop)",
            "2026-11-24T10:00:00Z",
        );
        let result = merge(&desktop, &laptop);
        let conflicts = result.conflicts.len();
        let choices = Default::default();
        let mut ctx = Ctx {
            now: "2026-11-24T11:00:00Z".parse().unwrap(),
            ids: &mut SeededIds::new(3),
        };
        if let Ok(command) = result.resolve(&choices, &mut ctx) {
            desktop.apply(command, &mut ctx).unwrap();
        }
        let summaries = (0..2)
            .map(|i| desktop.cases()[i].details.summary.clone())
            .collect::<Vec<_>>();
        (conflicts, summaries)
    };
    let two = Some((InstallationId(1), InstallationId(2)));
    // Two cases, one edited on each computer.
    assert_eq!(
        merged(None, (0, 1)).0,
        1,
        "one replica: a conflict over the laptop's edit"
    );
    assert_eq!(
        merged(two, (0, 1)),
        (
            0,
            vec![
                "Seen in Leeds (laptop)".to_string(),
                "Passport seized (desktop)".to_string()
            ]
        )
    );
    // One value edited on both.
    let (conflicts, summaries) = merged(None, (0, 0));
    assert_eq!(
        (conflicts, summaries[0].as_str()),
        (0, "Passport seized (desktop)"),
        "one replica: the laptop's value silently lost"
    );
    assert_eq!(
        merged(two, (0, 0)).0,
        1,
        "two replicas: a conflict keeping both"
    );
}

/// Each computer writes a copy of its own and reads the other's as its officer's own; a sync
/// engine's conflict copy of its own file is its own to merge.
#[test]
fn each_computer_has_its_own_copy_and_reads_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    let base = book(&team);
    let mut copies = Vec::new();
    for name in ["laptop", "desktop"] {
        let mut installation = computer(dir.path(), name);
        let path = dir.path().join(format!("casebook on {name}.ron"));
        let mut book = base.clone();
        book.set_installation(installation.id);
        bound(&path, &book, &mut installation);
        store::team::share(&book, &path, &mut installation, now(), None)
            .unwrap()
            .unwrap();
        copies.push(installation);
    }
    let (laptop, desktop) = (&copies[0], &copies[1]);
    let laptop_copy = team.join(store::team::own_copy_name(&base.settings, laptop));
    let desktop_copy = team.join(store::team::own_copy_name(&base.settings, desktop));
    assert_ne!(laptop_copy, desktop_copy);
    // Syncthing kept the laptop's older copy under another name when both wrote it.
    let conflict = team.join(format!(
        "{}.sync-conflict-20261124-101500-ABCDEFG.ron",
        laptop_copy.file_stem().unwrap().to_string_lossy()
    ));
    std::fs::copy(&laptop_copy, &conflict).unwrap();

    let seen_from_laptop = team_copies(&team, &base.settings, laptop, &[]).unwrap();
    let listed: Vec<(PathBuf, Named)> = seen_from_laptop
        .iter()
        .map(|c| (c.path.clone(), c.named.clone()))
        .collect();
    let mut expected = vec![
        (desktop_copy.clone(), Named::Other),
        (conflict.clone(), Named::OwnConflict),
    ];
    expected.sort();
    assert_eq!(listed, expected);
    let head = store::read_head(&desktop_copy, None).unwrap().unwrap();
    assert_eq!(
        Whose::of(&desktop_copy, &Named::Other, &head.settings, &base.settings)
            .label(&desktop_copy),
        format!("your copy from {}", desktop.machine)
    );
    // From the desktop, the conflict copy is the laptop's business.
    let seen_from_desktop = team_copies(&team, &base.settings, desktop, &[]).unwrap();
    assert_eq!(
        seen_from_desktop
            .iter()
            .map(|c| (c.path.clone(), c.named.clone()))
            .collect::<Vec<_>>(),
        vec![(laptop_copy, Named::Other)]
    );
}

#[test]
fn a_copy_whose_head_says_it_brings_nothing_is_passed_over_and_one_with_changes_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let ours = book(dir.path());
    let ours_path = dir.path().join("ours.ron");
    store::save(&ours_path, &ours, now()).unwrap();
    let theirs_path = dir.path().join("theirs.ron");

    // A colleague's older copy of ours, and ours itself: nothing new.
    let mut older = ours.clone();
    older.settings.officer_name = "S. Qureshi".into();
    store::save(&theirs_path, &older, now()).unwrap();
    let own_older = dir.path().join("own-older.ron");
    store::save(&own_older, &ours, now()).unwrap();
    let mut newer = ours.clone();
    edit(&mut newer, 0, "Seen in Leeds", "2026-11-24T09:00:00Z");
    store::save(&ours_path, &newer, now()).unwrap();
    let seen = &newer.stamps().seen;
    assert!(matches!(look(&theirs_path, seen, None), Ok(Look::Seen(_))));
    assert!(
        store::team::brings_nothing(&ours_path, &theirs_path, &computer(dir.path(), "laptop"))
            .is_some()
    );
    // The same under our own officer's name may be a fork of ours: never judged by its head.
    assert!(
        store::team::brings_nothing(&ours_path, &own_older, &computer(dir.path(), "laptop"))
            .is_none()
    );

    // Only an event appended (an export recorded): its frontier moved, so it is read.
    let case = older.cases()[1].id;
    older
        .apply(
            Command::RecordDisclosure {
                case,
                document: "summary.pdf".into(),
                profile: ExportProfile::Partner,
                recipient: "FIA Islamabad".into(),
            },
            &mut Ctx {
                now: "2026-11-24T10:00:00Z".parse().unwrap(),
                ids: &mut SeededIds::new(5),
            },
        )
        .unwrap();
    store::save(&theirs_path, &older, now()).unwrap();
    assert!(matches!(look(&theirs_path, seen, None), Ok(Look::New(_))));
    assert!(
        store::team::brings_nothing(&ours_path, &theirs_path, &computer(dir.path(), "laptop"))
            .is_none()
    );
    assert!(!merge(&newer, &older).is_empty());
}

/// A head is trusted only when it matches its own digest and its schema stamps every change:
/// a damaged one, an older file or an encrypted one without its passphrase is read whole.
#[test]
fn a_head_that_cannot_be_trusted_is_never_taken_for_nothing_new() {
    let dir = tempfile::tempdir().unwrap();
    let book = book(dir.path());
    let path = dir.path().join("copy.ron");
    store::save(&path, &book, now()).unwrap();
    let seen = &book.stamps().seen;
    assert!(matches!(look(&path, seen, None), Ok(Look::Seen(_))));
    let text = std::fs::read_to_string(&path).unwrap();

    // One digit of the frontier changed: it no longer matches its digest.
    let at = text.find("\n  seen: [").unwrap();
    let stamp = at + text[at..].find("seen: \"").unwrap() + "seen: \"".len();
    let mut damaged = text.clone().into_bytes();
    damaged[stamp] = if damaged[stamp] == b'1' { b'0' } else { b'1' };
    std::fs::write(&path, &damaged).unwrap();
    assert_eq!(look(&path, seen, None).unwrap(), Look::Unknown);

    // A schema 2 file (events then were not stamped), digest and all.
    let older = text.replacen(
        &format!("schema_version: {}", store::format::SCHEMA_VERSION),
        "schema_version: 2",
        1,
    );
    std::fs::write(&path, older).unwrap();
    assert_eq!(look(&path, seen, None).unwrap(), Look::Unknown);

    // Cut before the frontier ends.
    std::fs::write(&path, &text[..at + 20]).unwrap();
    assert_eq!(look(&path, seen, None).unwrap(), Look::Unknown);

    // Encrypted: read with the passphrase, and only with it.
    let key = Key::with_test_work_factor("correct horse", 4);
    store::save_with(&path, &book, now(), Some(&key)).unwrap();
    assert!(matches!(look(&path, seen, Some(&key)), Ok(Look::Seen(_))));
    assert!(look(&path, seen, None).is_err());
}

/// A file saved before every change was stamped (schema 2) may hold events its frontier does
/// not show: read, it gains a stamp standing for its content, so a copy that never merged that
/// content has not seen it.
#[test]
fn an_older_file_is_covered_by_a_stamp_of_its_own_when_read() {
    let dir = tempfile::tempdir().unwrap();
    let ours = book(dir.path());
    let path = dir.path().join("old.ron");
    store::save(&path, &ours, now()).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let older = text.replacen(
        &format!("schema_version: {}", store::format::SCHEMA_VERSION),
        "schema_version: 2",
        1,
    );
    std::fs::write(&path, older).unwrap();
    let read = store::open(&path, None).unwrap().book;
    assert!(!ours.stamps().seen.covers(&read.stamps().seen));
    assert!(read.stamps().seen.covers(&ours.stamps().seen));
    // Read again, the same file gives the same stamp.
    assert_eq!(store::open(&path, None).unwrap().book, read);
}

/// Two versions of the own copy are both stamped by this installation's replica, so the frontier
/// cannot tell them apart: the laptop's later change makes a clone's earlier one look seen. A
/// conflict copy is removed only when, read whole, it brings nothing.
#[test]
fn a_conflict_copy_is_removed_only_once_everything_in_it_is_in_the_casebook() {
    let dir = tempfile::tempdir().unwrap();
    let mut laptop = book(dir.path());
    laptop.set_installation(InstallationId(7));
    let mut clone = laptop.clone();
    let conflict = dir
        .path()
        .join("a-shaw.sync-conflict-20261124-101500-ABCDEFG.ron");
    let case = clone.cases()[2].id;
    clone
        .apply(
            Command::RecordDisclosure {
                case,
                document: "summary.pdf".into(),
                profile: ExportProfile::Partner,
                recipient: "FIA Islamabad".into(),
            },
            &mut Ctx {
                now: "2026-11-24T09:00:00Z".parse().unwrap(),
                ids: &mut SeededIds::new(11),
            },
        )
        .unwrap();
    store::save(&conflict, &clone, now()).unwrap();
    edit(
        &mut laptop,
        1,
        "Arrested in Bradford",
        "2026-11-24T10:00:00Z",
    );
    assert!(
        laptop.stamps().seen.covers(&clone.stamps().seen),
        "it looks seen"
    );
    assert!(!store::team::remove_if_merged(&conflict, &laptop, None).unwrap());
    assert!(conflict.exists());
    let merged = {
        let result = merge(&laptop, &clone);
        let mut ctx = Ctx {
            now: "2026-11-24T11:00:00Z".parse().unwrap(),
            ids: &mut SeededIds::new(3),
        };
        let command = result.resolve(&Default::default(), &mut ctx).unwrap();
        laptop.apply(command, &mut ctx).unwrap();
        laptop
    };
    assert!(store::team::remove_if_merged(&conflict, &merged, None).unwrap());
    assert!(!conflict.exists());
}

/// A copy under this computer's name that it did not write last (a clone of the computer, or
/// another casebook bound before) is kept beside as a conflict copy, never overwritten.
#[test]
fn the_own_copy_written_by_another_casedesk_is_kept_beside_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    let book = book(&team);
    let path = dir.path().join("casebook.ron");
    let mut laptop = computer(dir.path(), "laptop");
    bound(&path, &book, &mut laptop);
    let copy = store::team::write_team_copy(&team, &book, &mut laptop, now(), None).unwrap();
    // Written again by this installation: replaced in place.
    store::team::write_team_copy(&team, &book, &mut laptop, now(), None).unwrap();
    assert_eq!(std::fs::read_dir(&team).unwrap().count(), 1);
    // A clone of the laptop writes the same copy.
    let mut other = book.clone();
    edit(
        &mut other,
        0,
        "Written by the clone",
        "2026-11-24T09:00:00Z",
    );
    std::fs::remove_file(&copy).unwrap();
    store::save(&copy, &other, now()).unwrap();
    store::team::write_team_copy(&team, &book, &mut laptop, now(), None).unwrap();
    let copies = team_copies(&team, &book.settings, &laptop, &[]).unwrap();
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert_eq!(copies[0].named, Named::OwnConflict);
    assert_eq!(store::load(&copies[0].path).unwrap(), other);
    assert_eq!(store::load(&copy).unwrap(), book);
}

#[test]
fn an_encrypted_casebooks_copy_is_encrypted_with_the_same_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let book = book(dir.path());
    let path = dir.path().join("casebook.ron");
    let mut laptop = computer(dir.path(), "laptop");
    bound(&path, &book, &mut laptop);
    let key = Key::with_test_work_factor("correct horse", 4);
    let Some(Ok(Shared::Written(copy))) =
        store::team::share(&book, &path, &mut laptop, now(), Some(&key))
    else {
        panic!("the copy is written");
    };
    let bytes = std::fs::read(&copy).unwrap();
    assert!(store::is_encrypted(&bytes));
    assert!(!String::from_utf8_lossy(&bytes).contains("A. Shaw"));
    assert_eq!(store::load_with(&copy, Some(&key)).unwrap(), book);
    assert!(store::load(&copy).is_err());
}

#[test]
fn an_unreachable_team_folder_is_an_error_and_the_casebook_stays_saved() {
    let dir = tempfile::tempdir().unwrap();
    let book = book(&dir.path().join("unplugged-usb-stick"));
    let path = dir.path().join("casebook.ron");
    let mut laptop = computer(dir.path(), "laptop");
    bound(&path, &book, &mut laptop);
    let error = store::team::share(&book, &path, &mut laptop, now(), None)
        .unwrap()
        .unwrap_err();
    assert!(
        error.to_string().contains("the folder is no longer there"),
        "{error}"
    );
    assert_eq!(store::load(&path).unwrap(), book);
}

#[test]
fn without_a_team_folder_nothing_is_shared() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = book(Path::new("/nowhere"));
    book.settings.team_folder = None;
    let mut laptop = computer(dir.path(), "laptop");
    let casebook = dir.path().join("casebook.ron");
    assert!(store::team::share(&book, &casebook, &mut laptop, now(), None).is_none());
}
