//! The viewing folder: where files handed to the system's viewer are written (a summary to
//! print, an attachment opened). A plain copy of an encrypted casebook's papers must live no
//! longer than the viewing, so each window empties its own folder when it closes, and one that
//! was killed leaves it for the next window to empty. Two windows run at once (two casebooks),
//! so each has a folder of its own, `viewing/<session>/`, beside a lock file
//! `viewing/<session>.lock` the window holds with an OS lock (`File::try_lock`) for its life:
//! a folder whose lock can be taken belongs to a window that is gone, whatever the platform and
//! however it ended.

use super::fsutil::create_private_dir;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const LOCK: &str = "lock";

/// Casedesk's own cache folder (the officer's alone), or the system's temporary folder without
/// a home folder: the windows' viewing folders are in it.
pub fn viewing_root() -> PathBuf {
    super::project_dirs().map_or_else(
        || std::env::temp_dir().join("casedesk-viewing"),
        |d| d.cache_dir().join("viewing"),
    )
}

/// This process's name among the windows' folders, fixed for its life.
fn session() -> &'static str {
    static SESSION: OnceLock<String> = OnceLock::new();
    SESSION.get_or_init(|| uuid::Uuid::new_v4().simple().to_string())
}

/// This window's viewing folder (made when something is first written to it).
pub fn viewing_folder() -> PathBuf {
    viewing_root().join(session())
}

/// Where summaries to print are written, in this window's viewing folder.
pub fn print_folder() -> PathBuf {
    viewing_folder().join("print")
}

/// A window's hold on its viewing folder in `root`: taken as the window starts, emptied and let
/// go when dropped as it closes.
#[derive(Debug)]
pub struct ViewingFolder {
    folder: PathBuf,
    lock_path: PathBuf,
    /// Holds the OS lock: closed after the folder is emptied.
    lock: Option<File>,
}

impl ViewingFolder {
    /// Takes this process's folder in `root` ([`viewing_root`] in the window), after emptying
    /// those left by windows that are gone.
    pub fn hold(root: &Path) -> io::Result<Self> {
        Self::hold_named(root, session())
    }

    fn hold_named(root: &Path, name: &str) -> io::Result<Self> {
        // A root that is a link (planted, or left by something else) is unlinked, never
        // followed: emptying it would empty whatever folder it points to.
        if std::fs::symlink_metadata(root).is_ok_and(|m| !m.is_dir()) {
            std::fs::remove_file(root)?;
        }
        create_private_dir(root)?;
        clear_abandoned(root)?;
        let lock_path = root.join(format!("{name}.{LOCK}"));
        // Locked under a name no other window looks at, then put in place: a lock file is
        // never seen unlocked while its window lives.
        let staging = root.join(format!("{name}.{LOCK}.new"));
        let file = File::create(&staging)?;
        file.try_lock().map_err(io::Error::other)?;
        std::fs::rename(&staging, &lock_path)?;
        Ok(Self {
            folder: root.join(name),
            lock_path,
            lock: Some(file),
        })
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }
}

impl Drop for ViewingFolder {
    fn drop(&mut self) {
        // A file a viewer still holds open on Windows stays until the next window starts.
        if remove(&self.folder).is_ok() {
            drop(self.lock.take());
            let _ = std::fs::remove_file(&self.lock_path);
        }
    }
}

/// Empties what windows that are gone left in `root`: each folder whose lock file can be
/// locked, and anything with no lock file at all (what older versions left), never a live
/// window's folder.
fn clear_abandoned(root: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(root)? {
        let path = entry?.path();
        let staging = is_staging(&path);
        if staging || path.extension().is_some_and(|e| e == LOCK) {
            let Ok(file) = File::options().write(true).open(&path) else {
                continue;
            };
            if file.try_lock().is_ok() {
                if !staging {
                    remove(&path.with_extension(""))?;
                }
                drop(file);
                std::fs::remove_file(&path)?;
            }
        } else if !path.with_extension(LOCK).exists() {
            remove(&path)?;
        }
    }
    Ok(())
}

/// A lock file being put in place by a window that is starting (or was killed doing so).
fn is_staging(path: &Path) -> bool {
    path.to_str().is_some_and(|p| p.ends_with(".lock.new"))
}

/// Removes a file, a folder and all in it, or a link (never what it points to); one that is not
/// there is fine.
fn remove(path: &Path) -> io::Result<()> {
    let removed = match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) => Err(e),
    };
    match removed {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        done => done,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paper(folder: &Path, name: &str) -> PathBuf {
        std::fs::create_dir_all(folder).unwrap();
        let path = folder.join(name);
        std::fs::write(&path, b"plain").unwrap();
        path
    }

    /// Two windows at once: neither empties the other's folder, each empties its own as it
    /// closes, and what a killed window left goes when the next one starts.
    #[test]
    fn each_window_empties_its_own_folder_and_those_of_windows_gone() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("viewing");
        let first = ViewingFolder::hold_named(&root, "first").unwrap();
        let printed = paper(&first.folder().join("print"), "EI-2026-0001.pdf");
        let second = ViewingFolder::hold_named(&root, "second").unwrap();
        assert!(printed.exists(), "a second window leaves the first's files");
        let opened = paper(&second.folder().join("opened"), "warrant.pdf");
        drop(first);
        assert!(!printed.exists(), "the first window empties its folder");
        assert!(!root.join("first.lock").exists());
        assert!(opened.exists(), "and leaves the second's");
        // A killed window: its folder and lock file stay, and the system let go of its lock.
        let killed = paper(&root.join("killed").join("opened"), "statement.pdf");
        std::fs::write(root.join("killed.lock"), b"").unwrap();
        std::fs::write(root.join("starting.lock.new"), b"").unwrap();
        let third = ViewingFolder::hold_named(&root, "third").unwrap();
        assert!(
            !killed.exists(),
            "a killed window's files go at the next start"
        );
        assert!(!root.join("killed.lock").exists());
        assert!(!root.join("starting.lock.new").exists());
        assert!(opened.exists(), "a live window's stay");
        drop((second, third));
        assert!(std::fs::read_dir(&root).unwrap().next().is_none());
    }

    /// A viewing folder that is a link to another folder is unlinked: what it points to stays.
    #[cfg(unix)]
    #[test]
    fn a_linked_viewing_folder_is_unlinked_not_emptied_through() {
        let dir = tempfile::tempdir().unwrap();
        let documents = dir.path().join("Documents");
        let keep = paper(&documents, "keep.txt");
        let root = dir.path().join("viewing");
        std::os::unix::fs::symlink(&documents, &root).unwrap();
        let window = ViewingFolder::hold_named(&root, "window").unwrap();
        assert!(!std::fs::symlink_metadata(&root).unwrap().is_symlink());
        assert_eq!(std::fs::read(&keep).unwrap(), b"plain");
        drop(window);
        assert_eq!(std::fs::read(&keep).unwrap(), b"plain");
    }

    /// What older versions left (folders with no lock file) goes; a link is unlinked, never
    /// followed.
    #[cfg(unix)]
    #[test]
    fn leftovers_without_a_lock_go_and_links_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("viewing");
        let old = paper(&root.join("print"), "EI-2026-0001.pdf");
        let documents = dir.path().join("Documents");
        let keep = paper(&documents, "keep.txt");
        std::os::unix::fs::symlink(&documents, root.join("opened")).unwrap();
        let window = ViewingFolder::hold_named(&root, "window").unwrap();
        assert!(!old.exists());
        assert!(!root.join("opened").exists());
        assert_eq!(std::fs::read(&keep).unwrap(), b"plain");
        drop(window);
        assert!(std::fs::read_dir(&root).unwrap().next().is_none());
    }
}
