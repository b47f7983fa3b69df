use super::*;
use crate::domain::{Event, EventId, EventKind};
use crate::store::atomic::Step;
use chrono::{NaiveDate, TimeZone, Utc};

fn event(name: &str, stored: &Stored) -> Event {
    Event {
        id: EventId(uuid::Uuid::nil()),
        effective: NaiveDate::from_ymd_opt(2026, 12, 6).unwrap(),
        recorded_at: Utc.with_ymd_and_hms(2026, 12, 6, 10, 0, 0).unwrap(),
        officer: "A. Khan".into(),
        agency: "NCA".into(),
        kind: EventKind::Attached {
            name: name.into(),
            size: stored.size,
            hash: stored.hash.as_str().into(),
            to: None,
            drafted: None,
        },
    }
}

fn attachment<'a>(e: &'a Event) -> Attachment<'a> {
    let EventKind::Attached {
        name, size, hash, ..
    } = &e.kind
    else {
        unreachable!()
    };
    Attachment {
        event: e,
        name,
        size: *size,
        hash,
        to: None,
        removed: None,
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    casebook: PathBuf,
    source: PathBuf,
}

fn fixture(bytes: &[u8]) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let casebook = dir.path().join("casebook.ron");
    let source = dir.path().join("warrant.pdf");
    std::fs::write(&source, bytes).unwrap();
    Fixture {
        _dir: dir,
        casebook,
        source,
    }
}

/// Every file in the attachments folder, hidden ones included.
fn kept(casebook: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder(casebook))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn store(fx: &Fixture, key: Option<&Key>) -> Result<Stored, AttachmentFileError> {
    store_file(&fx.casebook, &fx.source, key, &mut |_| true)
}

#[test]
fn a_file_is_kept_once_by_its_hash_read_only_and_reads_back_verified() {
    let fx = fixture(b"%PDF-1.7 warrant");
    let stored = store(&fx, None).unwrap();
    assert_eq!(
        stored.hash,
        blake3::hash(b"%PDF-1.7 warrant").to_hex().as_str()
    );
    assert_eq!((stored.size, stored.already), (16, false));
    assert_eq!(kept(&fx.casebook), vec![stored.hash.clone()]);
    let path = folder(&fx.casebook).join(&stored.hash);
    assert!(std::fs::metadata(&path).unwrap().permissions().readonly());
    // The same bytes again: not written twice.
    let again = store(&fx, None).unwrap();
    assert!(again.already);
    assert_eq!(kept(&fx.casebook), vec![stored.hash.clone()]);
    let e = event("warrant.pdf", &stored);
    let mut out = Vec::new();
    read_verified(&fx.casebook, &attachment(&e), None, &mut out, &mut |_| true).unwrap();
    assert_eq!(out, b"%PDF-1.7 warrant");
}

#[test]
fn an_encrypted_casebooks_attachment_holds_no_plain_byte_and_opens_with_its_passphrase() {
    let secret = b"Statement of the witness: the account at Habib Bank".repeat(50);
    let fx = fixture(&secret);
    let key = Key::with_test_work_factor("correct horse", 4);
    let stored = store(&fx, Some(&key)).unwrap();
    let bytes = std::fs::read(folder(&fx.casebook).join(&stored.hash)).unwrap();
    assert!(crate::store::is_encrypted(&bytes));
    assert!(!bytes.windows(9).any(|w| w == b"Statement"));
    let e = event("statement.pdf", &stored);
    let mut out = Vec::new();
    read_verified(
        &fx.casebook,
        &attachment(&e),
        Some(&key),
        &mut out,
        &mut |_| true,
    )
    .unwrap();
    assert_eq!(out, secret);
    let wrong = Key::with_test_work_factor("battery staple", 4);
    let refused = verify(&fx.casebook, &attachment(&e), Some(&wrong)).unwrap_err();
    assert!(
        matches!(refused, AttachmentFileError::Sealed { .. }),
        "{refused}"
    );
}

/// A full disk, or any step of the write failing, is said and leaves nothing in the folder:
/// no temporary file, no attachment.
#[test]
fn a_failed_write_at_any_step_stores_nothing_and_says_why() {
    for step in [Step::CreateTemp, Step::Write, Step::Sync, Step::Rename] {
        let fx = fixture(b"note verbale");
        let fault = step.fails(io::ErrorKind::StorageFull);
        let e = store_file_failing(&fx.casebook, &fx.source, None, &mut |_| true, Some(fault))
            .unwrap_err();
        assert!(e.to_string().contains("the disk is full"), "{step:?}: {e}");
        assert_eq!(kept(&fx.casebook), Vec::<String>::new(), "{step:?}");
    }
}

#[test]
fn a_file_that_changes_or_vanishes_while_read_stores_nothing() {
    let fx = fixture(&vec![7; 3 * PIECE]);
    let truncate = |_: u64| {
        std::fs::OpenOptions::new()
            .write(true)
            .open(&fx.source)
            .unwrap()
            .set_len(10)
            .unwrap();
        true
    };
    let e = store_file(&fx.casebook, &fx.source, None, &mut { truncate }).unwrap_err();
    assert!(matches!(e, AttachmentFileError::Changed { .. }), "{e}");
    assert!(
        e.to_string()
            .contains("changed while it was being attached")
    );
    assert_eq!(kept(&fx.casebook), Vec::<String>::new());

    std::fs::write(&fx.source, vec![7; 3 * PIECE]).unwrap();
    let remove = |_: u64| {
        let _ = std::fs::remove_file(&fx.source);
        true
    };
    let e = store_file(&fx.casebook, &fx.source, None, &mut { remove }).unwrap_err();
    assert!(matches!(e, AttachmentFileError::Vanished { .. }), "{e}");
    assert_eq!(kept(&fx.casebook), Vec::<String>::new());
}

#[test]
fn a_cancelled_store_leaves_nothing() {
    let fx = fixture(&vec![1; 3 * PIECE]);
    let e = store_file(&fx.casebook, &fx.source, None, &mut |done| {
        done < 2 * PIECE as u64
    })
    .unwrap_err();
    assert!(matches!(e, AttachmentFileError::Cancelled), "{e}");
    assert_eq!(kept(&fx.casebook), Vec::<String>::new());
}

#[test]
fn what_is_not_a_readable_file_is_refused_by_name() {
    let fx = fixture(b"x");
    let e = store_file(
        &fx.casebook,
        &fx.source.with_file_name("absent.pdf"),
        None,
        &mut |_| true,
    )
    .unwrap_err();
    assert!(e.to_string().contains("absent.pdf"), "{e}");
    let dir = fx.source.parent().unwrap();
    let e = store_file(&fx.casebook, dir, None, &mut |_| true).unwrap_err();
    assert!(e.to_string().contains("is a folder, not a file"), "{e}");
}

/// A kept file changed on disk, or gone, is named when read; an altered one is never written
/// out.
#[test]
fn an_altered_or_missing_attachment_is_named_and_never_extracted() {
    let fx = fixture(b"assurance letter");
    let stored = store(&fx, None).unwrap();
    let e = event("assurance.pdf", &stored);
    let a = attachment(&e);
    let path = folder(&fx.casebook).join(&stored.hash);
    let mut permissions = std::fs::metadata(&path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&path, permissions).unwrap();
    std::fs::write(&path, b"assurance lettex").unwrap();
    let why = verify(&fx.casebook, &a, None).unwrap_err();
    assert!(matches!(why, AttachmentFileError::Altered { .. }));
    assert!(
        why.to_string().contains("assurance.pdf has been altered"),
        "{why}"
    );
    let out = fx.casebook.with_file_name("out.pdf");
    assert!(extract(&fx.casebook, &a, None, &out, &mut |_| true).is_err());
    assert!(!out.exists());
    std::fs::remove_file(&path).unwrap();
    let why = verify(&fx.casebook, &a, None).unwrap_err();
    assert!(
        why.to_string().contains("assurance.pdf is missing"),
        "{why}"
    );
}

/// A merge carries a colleague's file by its hash, re-sealed with our passphrase; one altered
/// in their folder is refused, and nothing of it is kept.
#[test]
fn carrying_brings_a_colleagues_file_checked_and_refuses_an_altered_one() {
    use crate::domain::{Casebook, Command, Ctx, SeededIds};
    let fx = fixture(b"their note of the hearing");
    let theirs = fx.casebook.with_file_name("theirs.ron");
    let their_key = Key::with_test_work_factor("their passphrase", 4);
    let stored = store_file(&theirs, &fx.source, Some(&their_key), &mut |_| true).unwrap();
    let mut book = crate::sample::generate(2, 1, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    let case = book.cases()[0].id;
    let now = "2026-11-24T10:00:00+00:00".parse().unwrap();
    book.apply(
        Command::Attach {
            case,
            attachment: Box::new(crate::domain::attachment::NewAttachment {
                name: "note.txt".into(),
                size: stored.size,
                hash: stored.hash.clone(),
                to: None,
                drafted: None,
            }),
        },
        &mut Ctx {
            now,
            ids: &mut SeededIds::new(1),
        },
    )
    .unwrap();
    let book: &Casebook = &book;
    let ours = fx.casebook.with_file_name("ours.ron");
    let our_key = Key::with_test_work_factor("our passphrase", 4);
    // Altered in their folder: refused, nothing kept.
    let theirs_file = folder(&theirs).join(&stored.hash);
    let good = std::fs::read(&theirs_file).unwrap();
    let other = Key::with_test_work_factor("their passphrase", 4);
    let forged_source = fx.source.with_file_name("forged.txt");
    std::fs::write(&forged_source, b"their note of the hearinG").unwrap();
    let forged = store_file(&fx.casebook, &forged_source, Some(&other), &mut |_| true).unwrap();
    let mut permissions = std::fs::metadata(&theirs_file).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&theirs_file, permissions).unwrap();
    std::fs::copy(folder(&fx.casebook).join(&forged.hash), &theirs_file).unwrap();
    let e = carry(&theirs, Some(&their_key), &ours, Some(&our_key), book).unwrap_err();
    assert!(matches!(e, AttachmentFileError::Altered { .. }), "{e}");
    assert_eq!(kept(&ours), Vec::<String>::new());
    // As they stored it: brought, sealed with our passphrase.
    std::fs::write(&theirs_file, good).unwrap();
    let carried = carry(&theirs, Some(&their_key), &ours, Some(&our_key), book).unwrap();
    assert_eq!((carried.copied, carried.missing.len()), (1, 0));
    let e = event("note.txt", &stored);
    verify(&ours, &attachment(&e), Some(&our_key)).unwrap();
}

/// A file being stored looks unused until its event is recorded: a purge of its folder is
/// refused while it is written (here from its progress report, as the window's purge could
/// come while a task stores) and while what it stored is held for its event; once that is
/// given up, the purge goes ahead.
#[test]
fn a_purge_is_refused_while_a_file_is_being_stored_and_until_its_event_is_recorded() {
    let fx = fixture(&vec![3; 2 * PIECE]);
    let removed = fx.source.with_file_name("removed.txt");
    std::fs::write(&removed, b"removed from every case").unwrap();
    let old = store_file(&fx.casebook, &removed, None, &mut |_| true).unwrap();
    let old_path = folder(&fx.casebook).join(&old.hash);
    drop(old);
    let book = Casebook::default();
    let unused_now = || unused(&fx.casebook, &book).unwrap();
    assert_eq!(unused_now().len(), 1);

    let mut refusals = Vec::new();
    let stored = store_file(&fx.casebook, &fx.source, None, &mut |_| {
        refusals.push(purge(&fx.casebook, &unused_now()));
        true
    })
    .unwrap();
    assert_eq!(refusals.len(), 2);
    for refused in refusals {
        let e = refused.unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::ResourceBusy);
        assert!(e.to_string().contains("a file is being attached"), "{e}");
    }
    assert!(old_path.is_file());

    // Stored, its event not yet recorded: it looks unused, and is not purged.
    let new_path = folder(&fx.casebook).join(&stored.hash);
    assert_eq!(unused_now().len(), 2);
    let e = purge(&fx.casebook, &unused_now()).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::ResourceBusy);
    assert!(old_path.is_file() && new_path.is_file());
    // A copy held elsewhere (the window's request) holds the store as long.
    let copy = stored.clone();
    drop(stored);
    assert!(purge(&fx.casebook, &unused_now()).is_err());
    drop(copy);

    // Another casebook's store does not hold this one's purge.
    let other = fixture(b"elsewhere");
    let elsewhere = store(&other, None).unwrap();
    purge(&fx.casebook, &unused_now()).unwrap();
    assert!(!old_path.exists() && !new_path.exists());
    drop(elsewhere);
}
