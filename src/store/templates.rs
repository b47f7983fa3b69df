//! The officer's own letter templates (`docs/drafting.md` §7): a file named after the
//! document (`mla-request.txt`) in the templates folder takes the place of the one Casedesk
//! ships. The folder is `templates` in Casedesk's data folder (`~/.local/share/casedesk/
//! templates` on Linux), or the one `CASEDESK_TEMPLATES` names. Read bounded: a template is
//! a page or two of text.

use std::io;
use std::path::{Path, PathBuf};

/// The variable naming another templates folder (a shared drive, a test's own folder).
pub const TEMPLATES_DIR_VARIABLE: &str = "CASEDESK_TEMPLATES";
/// The longest template read, in bytes.
const MAX_TEMPLATE_BYTES: u64 = 1 << 20;

/// The templates folder: `variable` (the value of [`TEMPLATES_DIR_VARIABLE`]) when set, else
/// `templates` in Casedesk's data folder; `None` without a home folder.
pub fn templates_folder(variable: Option<std::ffi::OsString>) -> Option<PathBuf> {
    match variable.filter(|v| !v.is_empty()) {
        Some(folder) => Some(PathBuf::from(folder)),
        None => super::project_dirs().map(|d| d.data_dir().join("templates")),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TemplateFileError {
    #[error("Could not read the template {}: {error}", path.display())]
    Unreadable { path: PathBuf, error: io::Error },
    #[error("The template {} is larger than 1 MB: a template is a letter, not a book", path.display())]
    TooLarge { path: PathBuf },
    #[error("The template {} is not UTF-8 text: save it as UTF-8 (plain text)", path.display())]
    NotText { path: PathBuf },
}

/// The text of the template file at `path`.
pub fn read_template(path: &Path) -> Result<String, TemplateFileError> {
    let unreadable = |error| TemplateFileError::Unreadable {
        path: path.to_path_buf(),
        error,
    };
    let bytes = super::reading::read_at_most(path, MAX_TEMPLATE_BYTES)
        .map_err(unreadable)?
        .ok_or_else(|| TemplateFileError::TooLarge {
            path: path.to_path_buf(),
        })?;
    String::from_utf8(bytes).map_err(|_| TemplateFileError::NotText {
        path: path.to_path_buf(),
    })
}

/// The officer's template `file_name` in `folder`, when there is one: its path and text.
pub fn officer_template(
    folder: Option<&Path>,
    file_name: &str,
) -> Result<Option<(PathBuf, String)>, TemplateFileError> {
    let Some(path) = folder.map(|f| f.join(file_name)) else {
        return Ok(None);
    };
    match std::fs::metadata(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        _ => read_template(&path).map(|text| Some((path, text))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_in_the_folder_takes_the_place_of_the_default() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            officer_template(Some(dir.path()), "chaser.txt")
                .unwrap()
                .is_none()
        );
        assert!(officer_template(None, "chaser.txt").unwrap().is_none());
        std::fs::write(dir.path().join("chaser.txt"), "Hello {{date}}").unwrap();
        let (path, text) = officer_template(Some(dir.path()), "chaser.txt")
            .unwrap()
            .unwrap();
        assert_eq!(
            (path, text.as_str()),
            (dir.path().join("chaser.txt"), "Hello {{date}}")
        );
    }

    #[test]
    fn a_bad_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chaser.txt");
        std::fs::write(&path, [0xff, 0xfe, 0x00]).unwrap();
        let e = read_template(&path).unwrap_err();
        assert!(matches!(e, TemplateFileError::NotText { .. }), "{e}");
        std::fs::write(&path, vec![b'a'; (MAX_TEMPLATE_BYTES + 1) as usize]).unwrap();
        assert!(matches!(
            read_template(&path),
            Err(TemplateFileError::TooLarge { .. })
        ));
        std::fs::create_dir(dir.path().join("acknowledgement.txt")).unwrap();
        assert!(officer_template(Some(dir.path()), "acknowledgement.txt").is_err());
        assert_eq!(
            templates_folder(Some("/x/t".into())),
            Some(PathBuf::from("/x/t"))
        );
    }
}
