//! Where files leaving Casedesk go by default: the officer's documents folder (never the hidden
//! folder the casebook is kept in), a path typed with `~` for the home folder, and the
//! place a summary to print is written to.

use std::path::{Path, PathBuf};

/// The officer's documents folder; their home folder where the system names none; `None`
/// without a home folder.
pub fn documents_folder() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    Some(
        dirs.document_dir()
            .filter(|d| d.is_dir())
            .unwrap_or(dirs.home_dir())
            .to_path_buf(),
    )
}

/// The home folder, for `~`.
pub fn home_folder() -> Option<PathBuf> {
    directories::UserDirs::new().map(|d| d.home_dir().to_path_buf())
}

/// A path as the officer typed it, `~` or `~/…` taken as in `home` (`~user` and a `~` inside
/// a name are left as typed), a relative one as in `folder`.
pub fn typed_path(text: &str, folder: &Path, home: Option<&Path>) -> PathBuf {
    let text = text.trim();
    let rest = match text.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with(['/', std::path::MAIN_SEPARATOR]) => {
            Some(rest.trim_start_matches(['/', std::path::MAIN_SEPARATOR]))
        }
        _ => None,
    };
    match (rest, home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => folder.join(text),
    }
}

/// Where files handed to the system's viewer are written (a summary to print, an attachment
/// opened): Casedesk's own cache folder (the officer's alone), or the system's temporary folder
/// without a home folder. A plain copy of an encrypted casebook's papers must live no longer
/// than the viewing: the window empties this folder when it starts and when it closes
/// ([`clear_viewing_folder`]).
pub fn viewing_folder() -> PathBuf {
    super::project_dirs().map_or_else(
        || std::env::temp_dir().join("casedesk-viewing"),
        |d| d.cache_dir().join("viewing"),
    )
}

/// Where summaries to print are written, in the viewing folder.
pub fn print_folder() -> PathBuf {
    viewing_folder().join("print")
}

/// Removes `folder` (the viewing folder) and all in it; one that is not there is fine. A file
/// a viewer still holds open on Windows stays until the next start.
pub fn clear_viewing_folder(folder: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(folder) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        done => done,
    }
}

/// Where a summary to print called `name` is written in `folder`, made if need be. The name
/// keeps letters, digits, `-` and `.`.
pub fn print_file_in(folder: &Path, name: &str) -> std::io::Result<PathBuf> {
    super::fsutil::create_private_dir(folder)?;
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    Ok(folder.join(safe))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_path_takes_the_home_folder_for_a_tilde_and_the_folder_for_a_bare_name() {
        let (home, folder) = (
            Path::new("/home/ayesha"),
            Path::new("/home/ayesha/Documents"),
        );
        for (typed, expected) in [
            ("~", "/home/ayesha"),
            ("~/", "/home/ayesha"),
            ("~/exports/EI-1.pdf", "/home/ayesha/exports/EI-1.pdf"),
            ("  ~/a.pdf  ", "/home/ayesha/a.pdf"),
            ("summary.pdf", "/home/ayesha/Documents/summary.pdf"),
            ("/tmp/x.pdf", "/tmp/x.pdf"),
            // Not the home folder: another user's, and a name that starts with a tilde.
            ("~other/x.pdf", "/home/ayesha/Documents/~other/x.pdf"),
            ("~x.pdf", "/home/ayesha/Documents/~x.pdf"),
        ] {
            assert_eq!(
                typed_path(typed, folder, Some(home)),
                PathBuf::from(expected),
                "{typed:?}"
            );
        }
        // Without a home folder, `~` is a name like any other.
        assert_eq!(typed_path("~/a.pdf", folder, None), folder.join("~/a.pdf"));
    }

    #[test]
    fn a_file_to_print_is_named_safely_in_a_folder_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("print");
        let path = print_file_in(&folder, "EI/2026:7 summary.pdf").unwrap();
        assert_eq!(path, folder.join("EI-2026-7-summary.pdf"));
        assert!(folder.is_dir());
    }
}

#[cfg(test)]
mod viewing_tests {
    /// What was handed to a viewer goes, folders and all; a folder already gone is no error.
    #[test]
    fn the_viewing_folder_is_emptied_whole() {
        let dir = tempfile::tempdir().unwrap();
        let viewing = dir.path().join("viewing");
        std::fs::create_dir_all(viewing.join("opened/abc")).unwrap();
        std::fs::write(viewing.join("opened/abc/warrant.pdf"), b"plain").unwrap();
        std::fs::create_dir_all(viewing.join("print")).unwrap();
        std::fs::write(viewing.join("print/EI-2026-0001.pdf"), b"plain").unwrap();
        super::clear_viewing_folder(&viewing).unwrap();
        assert!(!viewing.exists());
        super::clear_viewing_folder(&viewing).unwrap();
        assert!(super::print_folder().starts_with(super::viewing_folder()));
    }

    /// A viewing folder that is a link to somewhere else goes alone: what it points to stays.
    #[cfg(unix)]
    #[test]
    fn a_linked_viewing_folder_is_unlinked_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let documents = dir.path().join("Documents");
        std::fs::create_dir(&documents).unwrap();
        std::fs::write(documents.join("keep.txt"), b"mine").unwrap();
        let viewing = dir.path().join("viewing");
        std::os::unix::fs::symlink(&documents, &viewing).unwrap();
        super::clear_viewing_folder(&viewing).unwrap();
        assert!(!viewing.exists());
        assert_eq!(std::fs::read(documents.join("keep.txt")).unwrap(), b"mine");
    }
}
