//! Snapshots stored compressed: sealed after compressing for an encrypted casebook (nothing in
//! plain text, compressed or not), refused whole when cut or damaged, and those taken before
//! compression still listed, opened and restored.

use super::encryption::{assert_nothing_plain, key, sample, secrets, t};
use casedesk::store::{self, LoadError, RestoreError};
use std::io::Read;
use std::path::Path;

/// What follows the header naming a difference's base (a zstd skippable frame), if any: the
/// only bytes of a snapshot outside its seal.
fn sealed_part(bytes: &[u8]) -> &[u8] {
    match bytes.strip_prefix(&[0x50, 0x2A, 0x4D, 0x18]) {
        Some(rest) => {
            let size = u32::from_le_bytes(rest[..4].try_into().unwrap()) as usize;
            let header = std::str::from_utf8(&rest[4..4 + size]).unwrap();
            assert!(header.starts_with("casedesk-base casebook."), "{header}");
            &rest[4 + size..]
        }
        None => bytes,
    }
}

/// The plain bytes inside an age file sealed with the test passphrase.
fn opened(bytes: &[u8], passphrase: &str) -> Vec<u8> {
    let identity = age::scrypt::Identity::new(passphrase.to_string().into());
    let mut plain = Vec::new();
    age::Decryptor::new(bytes)
        .unwrap()
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .unwrap()
        .read_to_end(&mut plain)
        .unwrap();
    plain
}

#[test]
fn an_encrypted_casebooks_snapshots_are_compressed_inside_their_seal_and_hold_nothing_plain() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    let phrase = "Lahore to Luton, 2026";
    let k = key(phrase);
    // One version from before the passphrase, then work under it.
    store::save(&path, &sample("Ayesha Khan"), t(0)).unwrap();
    store::change_passphrase(&path, &sample("Ayesha Khan"), t(1), None, Some(&k), None)
        .unwrap()
        .1
        .finish(None);
    for (n, officer) in ["Imran Qureshi", "Ayesha Khan", "Imran Qureshi"]
        .into_iter()
        .enumerate()
    {
        store::save_with(&path, &sample(officer), t(2 + n as i64), Some(&k)).unwrap();
    }
    let snapshots = store::list_snapshots(&path).unwrap();
    assert_eq!(snapshots.len(), 4);
    let mut all = secrets(&sample("Ayesha Khan"));
    all.extend(secrets(&sample("Imran Qureshi")));
    assert_nothing_plain(dir.path(), &all);
    let casebook_size = std::fs::metadata(&path).unwrap().len();
    for snap in &snapshots {
        let bytes = std::fs::read(&snap.path).unwrap();
        let sealed = sealed_part(&bytes);
        assert!(store::is_encrypted(sealed), "{}", snap.path.display());
        let inside = opened(sealed, phrase);
        assert!(store::is_compressed(&inside), "{}", snap.path.display());
        assert!(snap.bytes < casebook_size / 2, "{} bytes", snap.bytes);
        store::load_with(&snap.path, Some(&k)).unwrap();
        assert!(matches!(
            store::load(&snap.path),
            Err(LoadError::NeedsPassphrase { .. })
        ));
    }
    // Restored, the casebook is sealed text again, not sealed compressed text.
    store::restore_snapshot(&path, &snapshots[0].path, t(9), Some(&k))
        .unwrap()
        .1
        .finish(None);
    let restored = opened(&std::fs::read(&path).unwrap(), phrase);
    assert!(!store::is_compressed(&restored));
    assert_eq!(
        store::load_with(&path, Some(&k))
            .unwrap()
            .settings
            .officer_name,
        "Ayesha Khan"
    );
    assert_nothing_plain(dir.path(), &all);
}

/// Cuts the only snapshot of `path` at every `step`th byte: each cut copy is refused, and
/// neither the casebook nor the snapshots change.
fn every_cut_is_refused(path: &Path, key: Option<&store::Key>, step: usize) {
    let snap = store::list_snapshots(path).unwrap().remove(0).path;
    let whole = std::fs::read(&snap).unwrap();
    let before = std::fs::read(path).unwrap();
    for cut in (0..whole.len()).step_by(step) {
        std::fs::write(&snap, &whole[..cut]).unwrap();
        let result = store::restore_snapshot(path, &snap, t(100), key);
        assert!(
            matches!(result, Err(RestoreError::Load(_))),
            "cut at {cut} of {}: {result:?}",
            whole.len()
        );
        assert!(std::fs::read(path).unwrap() == before, "cut at {cut}");
        assert_eq!(store::list_snapshots(path).unwrap().len(), 1);
    }
    std::fs::write(&snap, &whole).unwrap();
    store::restore_snapshot(path, &snap, t(100), key)
        .unwrap()
        .1
        .finish(None);
    assert_eq!(store::list_snapshots(path).unwrap().len(), 2);
}

#[test]
fn a_snapshot_cut_at_any_byte_is_refused_and_nothing_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    store::save(&path, &sample("Ayesha Khan"), t(0)).unwrap();
    store::save(&path, &sample("Imran Qureshi"), t(1)).unwrap();
    every_cut_is_refused(&path, None, 1);
}

#[test]
fn an_encrypted_snapshot_cut_anywhere_is_refused_and_nothing_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    let k = key("Lahore to Luton, 2026");
    store::save_with(&path, &sample("Ayesha Khan"), t(0), Some(&k)).unwrap();
    store::save_with(&path, &sample("Imran Qureshi"), t(1), Some(&k)).unwrap();
    every_cut_is_refused(&path, Some(&k), 7);
}

/// Snapshots written before compression (plain RON text, numbered or named by time alone)
/// are listed, open, and restore to the very bytes they hold.
#[test]
fn snapshots_taken_before_compression_still_list_open_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    store::save(&path, &sample("Ayesha Khan"), t(0)).unwrap();
    let old = std::fs::read(&path).unwrap();
    let folder = store::snapshots_folder(&path);
    std::fs::create_dir_all(&folder).unwrap();
    let numbered = folder.join("casebook.20261101T090000.000Z.1.ron");
    let unnumbered = folder.join("casebook.20251101T090000.000Z.ron");
    std::fs::write(&numbered, &old).unwrap();
    std::fs::write(&unnumbered, &old).unwrap();
    store::save(&path, &sample("Imran Qureshi"), t(1)).unwrap();
    let listed = store::list_snapshots(&path).unwrap();
    assert_eq!(listed.len(), 3, "{listed:?}");
    assert_eq!(listed[1].path, numbered);
    assert_eq!(listed[2].path, unnumbered);
    for snap in &listed[1..] {
        assert!(!store::is_compressed(&std::fs::read(&snap.path).unwrap()));
        let book = store::load(&snap.path).unwrap();
        assert_eq!(book.settings.officer_name, "Ayesha Khan");
    }
    store::restore_snapshot(&path, &unnumbered, t(2), None)
        .unwrap()
        .1
        .finish(None);
    assert_eq!(std::fs::read(&path).unwrap(), old);
    store::restore_snapshot(&path, &listed[0].path, t(3), None)
        .unwrap()
        .1
        .finish(None);
    assert_eq!(
        store::load(&path).unwrap().settings.officer_name,
        "Ayesha Khan"
    );
}
