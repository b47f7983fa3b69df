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
