//! What an interrupted passphrase change or save leaves behind an encrypted casebook: found by
//! `plaintext_leftovers` (what `casedesk check` reports) and put right by `tidy` under the lock
//! (what every opener for writing does), so no plain text of it stays anywhere.

use crate::encryption::{assert_nothing_plain, files_in, key, sample, secrets, t};
use casedesk::domain::Casebook;
use casedesk::store::{self, Key};
use std::path::{Path, PathBuf};

/// A casebook whose passphrase was being set when the process was killed: the casebook is
/// already encrypted, but two snapshots, a temporary file beside it and one
/// among the snapshots are plain, and so is the officer's copy in the team folder under the
/// name they had before. Returns the casebook, the team folder and the officer's copies there.
fn interrupted(dir: &Path, k: &Key) -> (PathBuf, Vec<PathBuf>) {
    let path = dir.join("casebook.ron");
    let team = dir.join("team");
    std::fs::create_dir(&team).unwrap();
    let mut book = sample("Ayesha Khan");
    book.settings.team_folder = Some(team.clone());
    for n in 0..3 {
        store::save(&path, &book, t(n)).unwrap();
    }
    let mut here = store::Installation::in_dir_for(&dir.join("installation"), "laptop").unwrap();
    let earlier = store::team::write_team_copy(&team, &book, &mut here, t(3), None).unwrap();
    std::fs::write(
        dir.join(".casebook.ron.tmp-999999"),
        std::fs::read(&path).unwrap(),
    )
    .unwrap();
    let snapshot = store::list_snapshots(&path).unwrap().remove(0).path;
    let name = snapshot.file_name().unwrap().to_string_lossy().into_owned();
    std::fs::copy(
        &snapshot,
        dir.join("snapshots").join(format!(".{name}.tmp-999999")),
    )
    .unwrap();
    // The officer has a new name since, and `casedesk passphrase` got as far as the casebook.
    book.settings.officer_name = "Ayesha Khan-Rees".into();
    store::save_with(&path, &book, t(5), Some(k)).unwrap();
    let current = store::team::write_team_copy(&team, &book, &mut here, t(6), Some(k)).unwrap();
    (path, vec![current, earlier])
}

fn all_secrets() -> Vec<String> {
    let mut all = secrets(&sample("Ayesha Khan"));
    all.push("Ayesha Khan-Rees".into());
    all
}

#[test]
fn plain_text_left_by_an_interrupted_passphrase_change_is_found_and_sealed_under_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let k = key("Lahore to Luton, 2026");
    let (path, own) = interrupted(dir.path(), &k);
    let mut found = store::plaintext_leftovers(&path, &own).unwrap();
    found.sort();
    let snapshots: Vec<PathBuf> = store::list_snapshots(&path)
        .unwrap()
        .into_iter()
        .map(|s| s.path)
        .filter(|p| !store::is_encrypted(&std::fs::read(p).unwrap()))
        .collect();
    assert_eq!(snapshots.len(), 2, "the plain version's snapshots");
    let mut expected = vec![dir.path().join(".casebook.ron.tmp-999999"), own[1].clone()];
    expected.extend(snapshots);
    expected.extend(
        files_in(&dir.path().join("snapshots"))
            .into_iter()
            .filter(|p| p.file_name().unwrap().to_string_lossy().contains(".tmp-")),
    );
    expected.sort();
    assert_eq!(found, expected);

    let lock = store::lock::acquire(&path, t(7)).unwrap();
    let tidied = store::tidy(&lock, Some(&k), &own).unwrap();
    assert_eq!(tidied.sealed.len(), 3, "{tidied:?}");
    assert_eq!(tidied.removed.len(), 2, "{tidied:?}");
    assert_eq!(tidied.removed_plain, 2);
    let said = tidied.to_string();
    assert!(said.contains("encrypted 3 files"), "{said}");
    assert!(said.contains("2 of them in plain text"), "{said}");
    assert_nothing_plain(dir.path(), &all_secrets());
    assert!(store::plaintext_leftovers(&path, &own).unwrap().is_empty());
    // Nothing was lost: every version and the old copy open with the key.
    for snap in store::list_snapshots(&path).unwrap() {
        store::load_with(&snap.path, Some(&k)).unwrap();
    }
    store::load_with(&own[1], Some(&k)).unwrap();
    // And a second look finds nothing more to do.
    assert!(store::tidy(&lock, Some(&k), &own).unwrap().is_empty());
}

#[test]
fn a_plain_casebook_has_no_plain_text_leftovers_and_only_its_temporary_files_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    for n in 0..2 {
        store::save(&path, &Casebook::default(), t(n)).unwrap();
    }
    let journal = store::journal::Journal::new(&path, None, None).unwrap();
    let mut edited = Casebook::default();
    let settings = Box::new(casedesk::domain::Settings::default());
    let edit = casedesk::domain::Command::UpdateSettings(settings);
    journal
        .apply(&mut edited, edit, t(2).fixed_offset())
        .unwrap();
    journal.flush().unwrap();
    let leftovers = [
        dir.path().join(".casebook.journal.tmp-999999"),
        dir.path().join(".casebook.ron.tmp-999999"),
    ];
    for temp in &leftovers {
        std::fs::write(temp, "(half a casebook").unwrap();
    }
    // Another casebook's temporary file in the same folder is not this lock's to remove.
    let other = dir.path().join(".other.ron.tmp-1");
    std::fs::write(&other, "(half").unwrap();
    let before = std::fs::read(&path).unwrap();
    assert!(store::plaintext_leftovers(&path, &[]).unwrap().is_empty());
    let lock = store::lock::acquire(&path, t(3)).unwrap();
    let tidied = store::tidy(&lock, None, &[]).unwrap();
    assert!(tidied.sealed.is_empty());
    assert_eq!(tidied.removed_plain, 0);
    let mut removed = tidied.removed.clone();
    removed.sort();
    assert_eq!(removed, leftovers);
    assert!(leftovers.iter().all(|p| !p.exists()));
    assert!(other.exists());
    assert!(
        store::journal::journal_path(&path).exists(),
        "unsaved work is kept"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(store::list_snapshots(&path).unwrap().len(), 1);
}
