//! Atomic save: write a temporary file in the same folder, fsync it, keep the previous version as
//! a snapshot, rename over the old file, fsync the folder. A failure at any step leaves the last
//! good file as it was and no temporary file behind.

use super::format::FileV1;
use super::fsutil::{create_private, parent_dir, sync_dir};
use super::snapshot;
use crate::domain::Casebook;
use chrono::{DateTime, Utc};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    // The io error is in the message, not a `source`, so it is not printed twice.
    #[error("Could not write the casebook: {error} ({step}, {})", path.display())]
    Io {
        step: &'static str,
        path: PathBuf,
        error: io::Error,
    },
    #[error("Could not serialize the casebook: {0}")]
    Serialize(#[from] ron::Error),
}

/// The steps of a save, in order; tests make each one fail in turn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    Snapshot,
    CreateTemp,
    Write,
    Sync,
    Rename,
    SyncDir,
}

impl Step {
    fn describe(self) -> &'static str {
        match self {
            Step::Snapshot => "keeping the previous version as a snapshot",
            Step::CreateTemp => "creating the temporary file",
            Step::Write => "writing the temporary file",
            Step::Sync => "flushing the temporary file to disk",
            Step::Rename => "replacing the casebook with the new version",
            Step::SyncDir => "flushing the folder to disk",
        }
    }
}

/// The casebook as the text of a file saved at `saved_at`.
pub fn serialize(book: &Casebook, saved_at: DateTime<Utc>) -> Result<String, ron::Error> {
    let file = FileV1::from_casebook(book, saved_at);
    let config = ron::ser::PrettyConfig::new()
        .indentor(" ")
        .struct_names(false)
        .separate_tuple_members(false);
    ron::ser::to_string_pretty(&file, config)
}

/// Saves `book` to `path` atomically, first keeping the file it replaces as a snapshot.
pub fn save(path: &Path, book: &Casebook, now: DateTime<Utc>) -> Result<(), SaveError> {
    let text = serialize(book, now)?;
    write_atomic(path, text.as_bytes(), now, None)
}

/// A file leaving the app (a case summary, a report, a CSV register) could not be written.
#[derive(Debug, thiserror::Error)]
#[error("Could not write the export: {error} ({step}, {})", path.display())]
pub struct ExportWriteError {
    step: &'static str,
    path: PathBuf,
    error: io::Error,
}

/// Writes an exported file the way casebooks are written (temporary file, fsync, rename; owner
/// only), but without a snapshot: an export is not a casebook to restore.
pub fn write_export(path: &Path, bytes: &[u8]) -> Result<(), ExportWriteError> {
    replace_with(path, bytes, None).map_err(|e| match e {
        SaveError::Io { step, path, error } => ExportWriteError { step, path, error },
        SaveError::Serialize(error) => ExportWriteError {
            step: "serializing",
            path: path.to_path_buf(),
            error: io::Error::other(error),
        },
    })
}

/// Writes `bytes` to `path` atomically. `fail_at` makes one step fail, for tests.
pub(crate) fn write_atomic(
    path: &Path,
    bytes: &[u8],
    now: DateTime<Utc>,
    fail_at: Option<Step>,
) -> Result<(), SaveError> {
    if path.exists() {
        if fail_at == Some(Step::Snapshot) {
            return Err(io_error(Step::Snapshot, path)(io::Error::other(
                "injected failure",
            )));
        }
        snapshot::take(path, now)?;
    }
    replace_with(path, bytes, fail_at)
}

/// Puts `bytes` at `path` through a temporary file and a rename, then syncs the folder.
pub(crate) fn replace_with(
    path: &Path,
    bytes: &[u8],
    fail_at: Option<Step>,
) -> Result<(), SaveError> {
    let fail = |step: Step| -> io::Result<()> {
        if fail_at == Some(step) {
            Err(io::Error::other("injected failure"))
        } else {
            Ok(())
        }
    };
    let dir = parent_dir(path);
    let temp = temp_path(path);
    let result = (|| {
        fail(Step::CreateTemp).map_err(io_error(Step::CreateTemp, &temp))?;
        let mut file = create_private(&temp).map_err(io_error(Step::CreateTemp, &temp))?;
        fail(Step::Write)
            .and_then(|()| file.write_all(bytes))
            .map_err(io_error(Step::Write, &temp))?;
        fail(Step::Sync)
            .and_then(|()| file.sync_all())
            .map_err(io_error(Step::Sync, &temp))?;
        drop(file);
        fail(Step::Rename)
            .and_then(|()| std::fs::rename(&temp, path))
            .map_err(io_error(Step::Rename, path))
    })();
    if result.is_err() {
        // The temporary file is ours alone; the target itself was never touched.
        let _ignored = std::fs::remove_file(&temp);
        return result;
    }
    fail(Step::SyncDir)
        .and_then(|()| sync_dir(dir))
        .map_err(io_error(Step::SyncDir, dir))
}

fn io_error(step: Step, path: &Path) -> impl FnOnce(io::Error) -> SaveError + '_ {
    move |error| SaveError::Io {
        step: step.describe(),
        path: path.to_path_buf(),
        error,
    }
}

/// `.casebook.ron.tmp-<pid>` beside the file: hidden, never mistaken for a casebook (it does not
/// end in `.ron`), and unique per process.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "casebook".into());
    parent_dir(path).join(format!(".{name}.tmp-{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Casebook, Settings};

    fn book(officer: &str) -> Casebook {
        Casebook::new(Settings {
            officer_name: officer.into(),
            ..Settings::default()
        })
    }

    fn now() -> DateTime<Utc> {
        "2026-11-23T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_save_failing_at_any_step_leaves_the_previous_file_loadable_and_unchanged() {
        for step in [
            Step::Snapshot,
            Step::CreateTemp,
            Step::Write,
            Step::Sync,
            Step::Rename,
        ] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("casebook.ron");
            save(&path, &book("Old"), now()).unwrap();
            let before = std::fs::read(&path).unwrap();
            let text = serialize(&book("New"), now()).unwrap();
            let result = write_atomic(&path, text.as_bytes(), now(), Some(step));
            assert!(result.is_err(), "{step:?} should fail");
            assert!(result.unwrap_err().to_string().contains(step.describe()));
            assert_eq!(
                std::fs::read(&path).unwrap(),
                before,
                "{step:?} changed the file"
            );
            let loaded = crate::store::load(&path).unwrap();
            assert_eq!(loaded.settings.officer_name, "Old");
            let stray: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
                .collect();
            assert!(stray.is_empty(), "{step:?} left a temporary file");
        }
    }

    #[test]
    fn a_failed_folder_sync_is_reported_after_the_new_file_is_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casebook.ron");
        save(&path, &book("Old"), now()).unwrap();
        let text = serialize(&book("New"), now()).unwrap();
        assert!(write_atomic(&path, text.as_bytes(), now(), Some(Step::SyncDir)).is_err());
        assert_eq!(
            crate::store::load(&path).unwrap().settings.officer_name,
            "New"
        );
    }

    #[cfg(unix)]
    #[test]
    fn saved_files_are_readable_by_the_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casebook.ron");
        save(&path, &book("A"), now()).unwrap();
        save(&path, &book("B"), now()).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        for snap in crate::store::list_snapshots(&path).unwrap() {
            let mode = std::fs::metadata(&snap.path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{}", snap.path.display());
        }
    }
}
