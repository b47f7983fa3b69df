//! The window's layout on this computer: which register columns it shows, in which order, alone
//! and beside an open case. A preference of whoever works at this computer, kept beside the
//! installation (`window-<machine>.ron`), never in a casebook (a colleague's copy keeps theirs).

use serde::{Deserialize, Serialize};
use std::io;
use std::path::{Path, PathBuf};

/// The register's columns by name, in the order shown; an empty list means the window's
/// default. Names the window no longer knows are ignored by it, so a file written by a later
/// version with more columns still reads.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layout {
    #[serde(default)]
    pub columns: Vec<String>,
    /// The columns while a case is open beside the register.
    #[serde(default)]
    pub columns_beside_case: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("Could not read or keep the register's columns in {}: {error}", path.display())]
pub struct LayoutError {
    pub path: PathBuf,
    pub error: String,
}

fn file_in(dir: &Path) -> PathBuf {
    dir.join(format!("window-{}.ron", super::local::machine_name()))
}

/// The layout kept in `dir` (the installation's folder); the default when none was kept.
pub fn layout_in(dir: &Path) -> Result<Layout, LayoutError> {
    let path = file_in(dir);
    match std::fs::read_to_string(&path) {
        Ok(text) => ron::from_str(&text).map_err(|e| LayoutError {
            path,
            error: e.to_string(),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Layout::default()),
        Err(e) => Err(LayoutError {
            path,
            error: e.to_string(),
        }),
    }
}

/// Keeps `layout` as this computer's, in `dir`.
pub fn keep_layout_in(dir: &Path, layout: &Layout) -> Result<(), LayoutError> {
    let path = file_in(dir);
    let failed = |error: String| LayoutError {
        path: path.clone(),
        error,
    };
    super::fsutil::create_private_dir(dir).map_err(|e| failed(e.to_string()))?;
    let text = ron::ser::to_string_pretty(layout, ron::ser::PrettyConfig::new())
        .map_err(|e| failed(e.to_string()))?;
    super::save::write_export(&path, text.as_bytes()).map_err(|e| failed(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layout_kept_reads_back_and_none_kept_is_the_default() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(layout_in(dir.path()).unwrap(), Layout::default());
        let layout = Layout {
            columns: vec!["Reference".into(), "Status".into()],
            columns_beside_case: vec!["Officer".into()],
        };
        keep_layout_in(dir.path(), &layout).unwrap();
        assert_eq!(layout_in(dir.path()).unwrap(), layout);
    }

    #[test]
    fn a_damaged_layout_is_named_not_ignored() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(file_in(dir.path()), "(columns: [").unwrap();
        let e = layout_in(dir.path()).unwrap_err();
        assert!(e.to_string().contains("window-"), "{e}");
    }
}
