//! The team folder (a network share, a synced folder, a USB stick): each installation of
//! Casedesk writes its own copy of the casebook bound to the folder there on save, named after
//! the officer and the computer, and reads every other copy to offer a merge: colleagues', and
//! the officer's own from their other computers. Each file has one writer and is replaced
//! atomically, so the folder's sync (the organisation's, not ours) never sees a half-written
//! file. A sync engine's conflict copy of one's own file is one's own to merge and remove.

use super::atomic::{SaveError, replace_with, with_content};
use super::crypt::Key;
use super::head::{Head, HeadError, read_head};
use super::installation::{Installation, Written};
use crate::domain::{Casebook, Frontier, ReplicaId, Settings, merge::merge};
use chrono::{DateTime, Utc};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::time::SystemTime;

/// `officer-agency` in lower case, letters and digits only; `officer` before a name is set.
fn officer_words(settings: &Settings) -> String {
    let words = format!("{} {}", settings.officer_name, settings.officer_agency);
    let name = words
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("-");
    if name.is_empty() {
        "officer".into()
    } else {
        name
    }
}

/// The name of this installation's copy: `<officer>-<agency>-<computer>-<id>.ron`, ending with
/// the replica id of the officer on this installation (a hash of the exact name and agency and
/// of the installation's id), so two officers, or one officer's two computers, never write the
/// same file (`a-shaw-nca-laptop-7-9c1d5f3e.ron`).
pub fn own_copy_name(settings: &Settings, installation: &Installation) -> String {
    let id = ReplicaId::of(
        &settings.officer_name,
        &settings.officer_agency,
        Some(installation.id),
    );
    format!(
        "{}-{}-{:08x}.ron",
        officer_words(settings),
        installation.machine,
        id.0
    )
}

/// What versions before installations had ids named every copy of one officer, on whichever
/// computer: `<officer>-<agency>-<id>.ron`.
pub(crate) fn shared_copy_name(settings: &Settings) -> String {
    let id = ReplicaId::of_officer(&settings.officer_name, &settings.officer_agency);
    format!("{}-{:08x}.ron", officer_words(settings), id.0)
}

/// Writes this installation's copy of `book` into `folder` atomically (encrypted with `key`
/// when the casebook is), without a snapshot: the casebook's own file keeps those. Returns
/// its path. A copy there that this installation did not write last is kept beside first.
pub fn write_team_copy(
    folder: &Path,
    book: &Casebook,
    installation: &mut Installation,
    now: DateTime<Utc>,
    key: Option<&Key>,
) -> Result<PathBuf, SaveError> {
    let path = folder.join(own_copy_name(&book.settings, installation));
    // What this installation wrote last may have been noted since this one was read (an
    // earlier save of the same run, another window).
    installation.reload();
    keep_aside_if_written_elsewhere(&path, installation.written(folder), now)?;
    with_content(book, now, key, &AtomicUsize::new(0), |content| {
        replace_with(&path, content, None)
    })?;
    share_with_group(&path);
    // Not remembered, the next write keeps this copy beside: only an extra merge.
    let _ = installation.note_written(folder, &path);
    Ok(path)
}

/// Before the own copy at `path` is replaced: if it is not the copy this installation wrote
/// last (`written`: its size and modification time, which a sync engine carries over), another
/// Casedesk wrote it under this installation's name (a computer restored from a backup or
/// cloned, its id and all, whose changes look to the frontier like ones already seen), or
/// another casebook bound to the folder before. It is moved beside, named as a sync conflict
/// copy of the own copy, to be merged, compared whole, and removed like one: never overwritten.
fn keep_aside_if_written_elsewhere(
    path: &Path,
    written: Option<Written>,
    now: DateTime<Utc>,
) -> Result<(), SaveError> {
    match Written::of(path) {
        None => return Ok(()),
        Some(found) if Some(found) == written => return Ok(()),
        Some(_) => {}
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let aside = path.with_file_name(format!(
        "{stem}.sync-conflict-{}-CASEDESK.ron",
        now.format("%Y%m%d-%H%M%S")
    ));
    std::fs::rename(path, &aside).map_err(|error| SaveError::Io {
        step: "keeping beside the copy written elsewhere under this computer's name",
        path: aside,
        error,
    })
}

/// What a save did in the team folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shared {
    /// The copy was written, here.
    Written(PathBuf),
    /// The casebook saved is not the one bound to its team folder on this installation (a
    /// backup, a trial copy, a merge written elsewhere, or a casebook moved since): its copy
    /// is not written, so colleagues never receive what the officer's casebook does not hold.
    NotBound {
        folder: PathBuf,
        /// The casebook that is bound there, if any.
        bound: Option<PathBuf>,
    },
}

/// After `book` was saved at `casebook`: writes this installation's copy into the casebook's
/// team folder, if it has one and is the casebook bound to it here. `None` without a team
/// folder; an error leaves the casebook's own file as saved.
pub fn share(
    book: &Casebook,
    casebook: &Path,
    installation: &mut Installation,
    now: DateTime<Utc>,
    key: Option<&Key>,
) -> Option<Result<Shared, SaveError>> {
    let folder = book.settings.team_folder.as_deref()?;
    if !installation.is_bound(folder, casebook) {
        return Some(Ok(Shared::NotBound {
            folder: folder.to_path_buf(),
            bound: installation.bound_casebook(folder).map(Path::to_path_buf),
        }));
    }
    // The attachments' files first, so a colleague never merges a copy recording files
    // whose bytes are not beside it yet.
    let copy = folder.join(own_copy_name(&book.settings, installation));
    if let Err(e) = super::attachments::carry(casebook, key, &copy, key, book) {
        return Some(Err(SaveError::Io {
            step: "copying the attachments into the team folder",
            path: super::attachments::folder(&copy),
            error: io::Error::other(e.to_string()),
        }));
    }
    Some(write_team_copy(folder, book, installation, now, key).map(Shared::Written))
}

impl Shared {
    /// Why a save did not reach the team folder, for a warning; `None` once written.
    pub fn not_written(&self, casebook: &Path) -> Option<String> {
        match self {
            Shared::Written(_) => None,
            Shared::NotBound { folder, bound } => Some(format!(
                "{} is not the casebook that shares into the team folder {} on this computer{}: your copy there is written only from that one. To share from this casebook instead, set the team folder again from it",
                casebook.display(),
                folder.display(),
                bound
                    .as_ref()
                    .map(|b| format!(" ({} is)", b.display()))
                    .unwrap_or_default()
            )),
        }
    }
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

/// Whose a copy in the team folder is, as its name tells.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Named {
    /// Another installation's copy: a colleague's, or the officer's own on another computer
    /// (its head says which: [`Whose::of`]).
    Other,
    /// A sync engine's copy of this officer's own file, kept when two computers wrote it
    /// before hearing from each other: Syncthing's `name.sync-conflict-20261124-101500-ABCDEFG.ron`,
    /// Dropbox's and Nextcloud's `name (… conflicted copy …).ron`, OneDrive's `name-LAPTOP.ron`.
    /// Its content is the officer's own work, to merge and then remove.
    OwnConflict,
}

/// A copy in the team folder and when it was last written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamCopy {
    pub path: PathBuf,
    pub modified: SystemTime,
    pub named: Named,
}

/// Every copy in `folder` but this installation's own and the paths in `skip` (the casebook
/// itself, when it lives there): the visible `.ron` files, without recovery files, temporary
/// files, or sync conflict copies of other officers' files (each is its owner's to merge).
pub fn team_copies(
    folder: &Path,
    settings: &Settings,
    installation: &Installation,
    skip: &[&Path],
) -> io::Result<Vec<TeamCopy>> {
    let own = own_copy_name(settings, installation);
    let shared = shared_copy_name(settings);
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
        let named = if derived_from(&name, &own) || derived_from(&name, &shared) {
            Named::OwnConflict
        } else if is_conflict_copy(&name) {
            continue;
        } else {
            Named::Other
        };
        let meta = entry.metadata()?;
        if meta.is_file() {
            copies.push(TeamCopy {
                path,
                modified: meta.modified()?,
                named,
            });
        }
    }
    copies.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(copies)
}

/// Whether `name` is a sync engine's copy of the file `original`: its stem, then what the
/// engine added (after a dot, space, hyphen, underscore or bracket), then `.ron`. Copy names
/// end with a replica id, so no other copy's name starts with another's stem.
fn derived_from(name: &str, original: &str) -> bool {
    let stem = original.trim_end_matches(".ron");
    name != original
        && name.ends_with(".ron")
        && name
            .strip_prefix(stem)
            .is_some_and(|rest| rest.starts_with(['.', ' ', '-', '_', '(']))
}

/// Whether `name` says it is a sync engine's conflict copy (Syncthing's, Dropbox's,
/// Nextcloud's); OneDrive's only add the computer's name, which only the original's name tells.
fn is_conflict_copy(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.contains(".sync-conflict-") || lower.contains("conflicted copy")
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Whose another installation's copy is, from its head.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Whose {
    /// "S. Qureshi (FIA)".
    Colleague(String),
    /// The officer's own copy from another computer, named by it ("laptop-7"), or `None` for
    /// the copy every computer of theirs wrote before each had its own.
    OwnComputer(Option<String>),
    /// A sync conflict copy of the officer's own file.
    OwnConflict,
}

impl Whose {
    /// Whose the copy at `path` (so named) is, its head saying it is from `theirs`.
    pub fn of(path: &Path, named: &Named, theirs: &Settings, ours: &Settings) -> Self {
        if *named == Named::OwnConflict {
            return Whose::OwnConflict;
        }
        let same = |a: &str, b: &str| a.trim() == b.trim();
        if !(same(&theirs.officer_name, &ours.officer_name)
            && same(&theirs.officer_agency, &ours.officer_agency))
        {
            return Whose::Colleague(if theirs.officer_agency.trim().is_empty() {
                theirs.officer_name.trim().to_string()
            } else {
                format!(
                    "{} ({})",
                    theirs.officer_name.trim(),
                    theirs.officer_agency.trim()
                )
            });
        }
        // `<officer>-<agency>-<computer>-<id>.ron`: the computer is what lies between.
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let computer = name
            .strip_prefix(&format!("{}-", officer_words(ours)))
            .and_then(|rest| rest.strip_suffix(".ron"))
            .and_then(|rest| rest.rsplit_once('-'))
            .map(|(computer, _id)| computer.to_string())
            .filter(|c| !c.is_empty());
        Whose::OwnComputer(computer)
    }

    /// As the team banner names it: "S. Qureshi (FIA)", "your copy from laptop-7".
    pub fn label(&self, path: &Path) -> String {
        match self {
            Whose::Colleague(name) => name.clone(),
            Whose::OwnComputer(Some(computer)) => format!("your copy from {computer}"),
            Whose::OwnComputer(None) => "your copy from before each computer had its own".into(),
            Whose::OwnConflict => format!(
                "a sync conflict copy of your copy ({})",
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            ),
        }
    }
}

/// What the head of a copy says against what a casebook has seen.
#[derive(Clone, Debug, PartialEq)]
pub enum Look {
    /// Its head is trusted and everything in it has been seen: it brings nothing.
    Seen(Head),
    /// Its head is trusted and it holds changes not seen yet.
    New(Head),
    /// Its head cannot be trusted (an older file, or damaged): only reading it whole can tell.
    Unknown,
}

/// Looks at the head of the copy at `path` only, against `seen`.
pub fn look(path: &Path, seen: &Frontier, key: Option<&Key>) -> Result<Look, HeadError> {
    Ok(match read_head(path, key)? {
        Some(head) if seen.covers(&head.seen) => Look::Seen(head),
        Some(head) => Look::New(head),
        None => Look::Unknown,
    })
}

/// The head of the casebook file `ours` if the file `theirs` brings nothing to it, from their
/// heads alone and the checksum of `theirs` (hashed, not parsed): `None` whenever either head
/// cannot be trusted (or is encrypted), `theirs` is not whole as written, `theirs` was written
/// under our officer's name, or `theirs` is a sync conflict copy of the own copy (see [`remove_if_merged`]), and only reading both whole
/// can tell.
pub fn brings_nothing(ours: &Path, theirs: &Path, installation: &Installation) -> Option<Head> {
    if same_file(theirs, ours) {
        return None;
    }
    let their_head = read_head(theirs, None).ok().flatten()?;
    // A head speaks for its file only when the file is whole and as written.
    if !super::integrity::file_holds_its_checksum(theirs).unwrap_or(false) {
        return None;
    }
    // A file written under our own name may be a fork of ours (a trial merge, a backup edited
    // apart, a copy from another of our casebooks): one replica can write two such files, and
    // its frontier cannot tell them apart, so only a colleague's copy is judged by its head.
    let same_officer = |head: &Head| {
        (&head.settings.officer_name, &head.settings.officer_agency)
            == (
                &their_head.settings.officer_name,
                &their_head.settings.officer_agency,
            )
    };
    read_head(ours, None).ok().flatten().filter(|head| {
        head.seen.covers(&their_head.seen)
            && !same_officer(head)
            && !is_own_conflict_copy(theirs, &head.settings, installation)
    })
}

/// Whether the file at `path` is a sync engine's conflict copy of this installation's own copy
/// in the team folder of a casebook with `settings`.
pub fn is_own_conflict_copy(path: &Path, settings: &Settings, installation: &Installation) -> bool {
    let (Some(folder), Some(parent), Some(name)) = (
        settings.team_folder.as_deref(),
        path.parent(),
        path.file_name().map(|n| n.to_string_lossy()),
    ) else {
        return false;
    };
    same_file(folder, parent)
        && (derived_from(&name, &own_copy_name(settings, installation))
            || derived_from(&name, &shared_copy_name(settings)))
}

/// Removes the sync conflict copy at `path` if `book` (the casebook as saved) holds everything
/// in it, and says whether it did. Read whole and compared, never judged from its head: two
/// versions of the own copy were both written under this installation's replica, so the
/// frontier cannot tell them apart.
pub fn remove_if_merged(path: &Path, book: &Casebook, key: Option<&Key>) -> io::Result<bool> {
    let merged = match super::load::load_with(path, key) {
        Ok(theirs) => merge(book, &theirs).is_empty(),
        Err(super::load::LoadError::Io { error, .. }) => return Err(error),
        Err(_) => false,
    };
    if merged {
        std::fs::remove_file(path)?;
    }
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::InstallationId;

    fn settings(name: &str, agency: &str) -> Settings {
        Settings {
            officer_name: name.into(),
            officer_agency: agency.into(),
            ..Settings::default()
        }
    }

    fn installation(id: u64, machine: &str) -> Installation {
        Installation::for_tests(InstallationId(id), machine)
    }

    #[test]
    fn the_copy_is_named_after_the_officer_the_agency_and_the_computer() {
        let laptop = installation(1, "laptop-7");
        let shaw = own_copy_name(&settings("A. Shaw", "NCA"), &laptop);
        assert!(
            shaw.starts_with("a-shaw-nca-laptop-7-") && shaw.ends_with(".ron"),
            "{shaw}"
        );
        assert!(
            own_copy_name(&settings("S. Qureshi", "FIA/Islamabad"), &laptop)
                .starts_with("s-qureshi-fia-islamabad-laptop-7-")
        );
        // Two officers whose names differ only in punctuation or case get their own files, and
        // so do one officer's two computers, even with the same name.
        assert_ne!(shaw, own_copy_name(&settings("A Shaw", "nca"), &laptop));
        assert_ne!(
            shaw,
            own_copy_name(&settings("A. Shaw", "NCA"), &installation(2, "laptop-7"))
        );
        assert!(own_copy_name(&settings("../..", ""), &laptop).starts_with("officer-laptop-7-"));
    }

    #[test]
    fn sync_engines_copies_of_the_own_file_are_recognised_and_other_officers_are_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let ours = settings("A. Shaw", "NCA");
        let laptop = installation(1, "laptop-7");
        let own = own_copy_name(&ours, &laptop);
        let stem = own.trim_end_matches(".ron").to_string();
        let shared = shared_copy_name(&ours);
        let shared_stem = shared.trim_end_matches(".ron").to_string();
        let own_conflicts = [
            format!("{stem}.sync-conflict-20261124-101500-ABCDEFG.ron"),
            format!("{stem} (J. Smith's conflicted copy 2026-11-24).ron"),
            format!("{stem} (conflicted copy 2026-11-24 101500).ron"),
            format!("{stem}-DESKTOP-4IQ2.ron"),
            format!("{shared_stem}.sync-conflict-20261124-101500-ABCDEFG.ron"),
        ];
        let others = [
            "s-qureshi-fia-pc-1-0000beef.ron".to_string(),
            shared.clone(),
            own_copy_name(&ours, &installation(2, "desktop")),
        ];
        for name in own_conflicts
            .iter()
            .chain(&others)
            .map(String::as_str)
            .chain([
                own.as_str(),
                "s-qureshi-fia-pc-1-0000beef.sync-conflict-20261124-101500-ABCDEFG.ron",
                "s-qureshi-fia-pc-1-0000beef (conflicted copy 2026-11-24).ron",
                "casebook.ron",
                "casebook.recovery.ron",
                ".s-qureshi-fia.ron.tmp-12",
                ".syncthing.s-qureshi-fia.ron.tmp",
                "notes.txt",
            ])
        {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        std::fs::create_dir(dir.path().join("folder.ron")).unwrap();
        let casebook = dir.path().join("casebook.ron");
        let listed = team_copies(dir.path(), &ours, &laptop, &[&casebook]).unwrap();
        let named = |wanted: Named| {
            let mut names: Vec<String> = listed
                .iter()
                .filter(|c| c.named == wanted)
                .map(|c| c.path.file_name().unwrap().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        let mut expected = own_conflicts.to_vec();
        expected.sort();
        assert_eq!(named(Named::OwnConflict), expected);
        let mut expected = others.to_vec();
        expected.sort();
        assert_eq!(named(Named::Other), expected);
    }

    #[test]
    fn a_copy_is_named_by_whose_it_is() {
        let ours = settings("A. Shaw", "NCA");
        let path = Path::new("/team/a-shaw-nca-desktop-2-0123abcd.ron");
        let whose = |theirs: &Settings, named: &Named| Whose::of(path, named, theirs, &ours);
        assert_eq!(
            whose(&settings("S. Qureshi", "FIA"), &Named::Other).label(path),
            "S. Qureshi (FIA)"
        );
        assert_eq!(
            whose(&ours, &Named::Other).label(path),
            "your copy from desktop-2"
        );
        assert_eq!(
            Whose::of(
                Path::new("/team/a-shaw-nca-9c1d5f3e.ron"),
                &Named::Other,
                &ours,
                &ours
            ),
            Whose::OwnComputer(None)
        );
        assert_eq!(whose(&ours, &Named::OwnConflict), Whose::OwnConflict);
    }
}
