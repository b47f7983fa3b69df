//! The team folder (a network share, a synced folder, a USB stick): each officer's Casedesk
//! writes its own copy of the casebook there on save, named after the officer, and reads the
//! colleagues' copies to offer a merge. Each file has one writer and is replaced atomically, so
//! the folder sync (the organisation's, not ours) never sees a half-written file.

use super::crypt::Key;
use super::save::{SaveError, replace_with, with_content};
use crate::domain::{Casebook, ReplicaId, Settings};
use chrono::{DateTime, Utc};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::time::SystemTime;

/// The name of this officer's copy: `<officer>-<agency>-<id>.ron` in lower case, letters and
/// digits only, ending with the officer's replica id (the hash of the exact name and agency), so
/// `A. Shaw`/`NCA` and `A Shaw`/`nca` never write the same file (`a-shaw-nca-9c1d5f3e.ron`);
/// `officer.ron` before a name is set.
pub fn own_copy_name(settings: &Settings) -> String {
    let words = format!("{} {}", settings.officer_name, settings.officer_agency);
    let name = words
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("-");
    if name.is_empty() {
        "officer.ron".into()
    } else {
        let id = ReplicaId::of_officer(&settings.officer_name, &settings.officer_agency);
        format!("{name}-{:08x}.ron", id.0)
    }
}

/// Writes this officer's copy of `book` into `folder` atomically (encrypted with `key` when the
/// casebook is), without a snapshot: the casebook's own file keeps those. Returns its path.
pub fn write_team_copy(
    folder: &Path,
    book: &Casebook,
    now: DateTime<Utc>,
    key: Option<&Key>,
) -> Result<PathBuf, SaveError> {
    let path = folder.join(own_copy_name(&book.settings));
    with_content(book, now, key, &AtomicUsize::new(0), |content| {
        replace_with(&path, content, None)
    })?;
    share_with_group(&path);
    Ok(path)
}

/// After a save: writes this officer's copy into the casebook's team folder, if it has one.
/// `None` without a team folder; an error leaves the casebook's own file as saved.
pub fn share(
    book: &Casebook,
    now: DateTime<Utc>,
    key: Option<&Key>,
) -> Option<Result<PathBuf, SaveError>> {
    let folder = book.settings.team_folder.as_deref()?;
    Some(write_team_copy(folder, book, now, key))
}

/// Colleagues on a shared Unix folder read the copy through the folder's group; everyone else
/// still cannot. Best effort: a share that ignores modes (SMB, FAT on a USB stick) governs
/// access itself.
pub(super) fn share_with_group(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ignored = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o640));
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// The colleagues' copies in `folder` with when each was last written: every visible `.ron`
/// file except this officer's own copy and the paths in `skip` (the casebook itself, when it
/// lives in the team folder). Recovery files and temporary files are never listed.
pub fn colleague_copies(
    folder: &Path,
    settings: &Settings,
    skip: &[&Path],
) -> io::Result<Vec<(PathBuf, SystemTime)>> {
    let own = own_copy_name(settings);
    let mut copies = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if name == own
            || name.starts_with('.')
            || !name.ends_with(".ron")
            || name.ends_with(".recovery.ron")
            || skip.iter().any(|s| same_file(s, &path))
        {
            continue;
        }
        let meta = entry.metadata()?;
        if meta.is_file() {
            copies.push((path, meta.modified()?));
        }
    }
    copies.sort();
    Ok(copies)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(name: &str, agency: &str) -> Settings {
        Settings {
            officer_name: name.into(),
            officer_agency: agency.into(),
            ..Settings::default()
        }
    }

    #[test]
    fn the_copy_is_named_after_the_officer_and_agency() {
        let shaw = own_copy_name(&settings("A. Shaw", "NCA"));
        assert!(
            shaw.starts_with("a-shaw-nca-") && shaw.ends_with(".ron"),
            "{shaw}"
        );
        assert!(
            own_copy_name(&settings("S. Qureshi", "FIA/Islamabad"))
                .starts_with("s-qureshi-fia-islamabad-")
        );
        // Two officers whose names differ only in punctuation or case get their own files.
        assert_ne!(shaw, own_copy_name(&settings("A Shaw", "nca")));
        assert_eq!(own_copy_name(&settings("../..", "")), "officer.ron");
    }

    #[test]
    fn colleagues_copies_leave_out_our_own_the_casebook_and_files_that_are_not_copies() {
        let dir = tempfile::tempdir().unwrap();
        let ours = settings("A. Shaw", "NCA");
        for name in [
            own_copy_name(&ours).as_str(),
            "s-qureshi-fia.ron",
            "casebook.ron",
            "casebook.recovery.ron",
            ".s-qureshi-fia.ron.tmp-12",
            "notes.txt",
        ] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        std::fs::create_dir(dir.path().join("folder.ron")).unwrap();
        let casebook = dir.path().join("casebook.ron");
        let listed: Vec<PathBuf> = colleague_copies(dir.path(), &ours, &[&casebook])
            .unwrap()
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        assert_eq!(listed, vec![dir.path().join("s-qureshi-fia.ron")]);
    }
}
