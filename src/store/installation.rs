//! This installation of Casedesk: its id, chosen at random the first time it runs on a computer,
//! who uses it (the officer's name and agency), the casebook used last, and the casebooks bound
//! to team folders here. Kept in the platform's local data folder
//! (`~/.local/share/casedesk` on Linux, `%LOCALAPPDATA%` on Windows: not a roaming profile),
//! never in a casebook, so a casebook copied to another computer, a backup or a trial copy
//! carries neither along. One file per computer name (`installation-<machine>.ron`), so a home
//! folder shared between computers (a network home, a synced profile) still gives each computer
//! its own. `CASEDESK_INSTALLATION_DIR` puts it elsewhere (tests, two "computers" on one).

pub use super::local::{INSTALLATION_DIR_VARIABLE, folder, machine_name};
use super::retention::{Retention, RetentionError};
use crate::domain::InstallationId;
use serde::{Deserialize, Serialize};
use std::io;
use std::path::{Path, PathBuf};

/// One installation: the replica its changes are stamped as, the name its team copies carry,
/// and which casebook writes its copy into which team folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Installation {
    pub id: InstallationId,
    /// The computer's name, in letters, digits and hyphens, for file names and labels.
    pub machine: String,
    /// Its file; `None` when it could not be kept (nothing is bound then).
    file: Option<PathBuf>,
    bindings: Vec<Binding>,
    /// Who works here; `None` until the first run has asked.
    officer: Option<Officer>,
    /// The casebook the window last had open here, reopened on start.
    last_casebook: Option<PathBuf>,
}

/// The officer working on this computer, as every event and team copy made here names them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Officer {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub agency: String,
}

/// A team folder and the one casebook whose copy this installation writes there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Binding {
    pub folder: PathBuf,
    pub casebook: PathBuf,
    /// The copy as this installation last wrote it, to tell when something else wrote it since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written: Option<Written>,
}

/// A file's size and modification time: what a sync engine keeps when it carries a file over,
/// and what any other writer changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Written {
    pub size: u64,
    pub secs: u64,
    pub nanos: u32,
}

impl Written {
    /// The file at `path` as it is now, if it is there.
    pub fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        let since = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        Some(Self {
            size: meta.len(),
            secs: since.as_secs(),
            nanos: since.subsec_nanos(),
        })
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct InstallationFile {
    /// 16 hex digits.
    id: String,
    machine: String,
    #[serde(default)]
    team_folders: Vec<Binding>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    officer: Option<Officer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_casebook: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
#[error("Casedesk cannot keep its installation id in {}: {error}", path.display())]
pub struct InstallationError {
    pub path: PathBuf,
    pub error: String,
}

impl Installation {
    /// This computer's installation, from `CASEDESK_INSTALLATION_DIR` or the platform's
    /// local data folder, made the first time.
    pub fn current() -> Result<Self, InstallationError> {
        let dir = folder().ok_or_else(|| InstallationError {
            path: PathBuf::from("~"),
            error: "there is no home folder".into(),
        })?;
        Self::in_dir(&dir)
    }

    /// The installation kept in `dir` for this computer, made if there is none yet.
    pub fn in_dir(dir: &Path) -> Result<Self, InstallationError> {
        Self::in_dir_for(dir, &machine_name())
    }

    /// The installation of the computer called `machine` kept in `dir`.
    pub fn in_dir_for(dir: &Path, machine: &str) -> Result<Self, InstallationError> {
        let path = dir.join(format!("installation-{machine}.ron"));
        let failed = |error: String| InstallationError {
            path: path.clone(),
            error,
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let file: InstallationFile =
                    ron::from_str(&text).map_err(|e| failed(e.to_string()))?;
                let id = u64::from_str_radix(&file.id, 16)
                    .map_err(|_| failed(format!("\"{}\" is not an installation id", file.id)))?;
                Ok(Self {
                    id: InstallationId(id),
                    machine: file.machine,
                    file: Some(path),
                    bindings: file.team_folders,
                    officer: file.officer,
                    last_casebook: file.last_casebook,
                })
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let made = Self {
                    id: InstallationId(random_id()),
                    machine: machine.to_string(),
                    file: Some(path.clone()),
                    bindings: Vec::new(),
                    officer: None,
                    last_casebook: None,
                };
                std::fs::create_dir_all(dir).map_err(|e| failed(e.to_string()))?;
                made.keep().map_err(|e| failed(e.to_string()))?;
                Ok(made)
            }
            Err(e) => Err(failed(e.to_string())),
        }
    }

    /// An installation for this run only, when none can be kept: its changes are stamped apart
    /// from every other, and it binds no team folder.
    pub fn passing() -> Self {
        Self {
            id: InstallationId(random_id()),
            machine: machine_name(),
            file: None,
            bindings: Vec::new(),
            officer: None,
            last_casebook: None,
        }
    }

    /// An installation kept nowhere, for unit tests.
    #[cfg(test)]
    pub(crate) fn for_tests(id: InstallationId, machine: &str) -> Self {
        Self {
            id,
            machine: machine.into(),
            file: None,
            bindings: Vec::new(),
            officer: None,
            last_casebook: None,
        }
    }

    /// The folder this installation is kept in, where this computer's other preferences go too;
    /// `None` when it could not be kept.
    pub fn folder(&self) -> Option<&Path> {
        self.file.as_deref().and_then(Path::parent)
    }

    /// The casebook bound to `folder` here, if any.
    pub fn bound_casebook(&self, folder: &Path) -> Option<&Path> {
        let folder = canonical(folder);
        self.bindings
            .iter()
            .find(|b| b.folder == folder)
            .map(|b| b.casebook.as_path())
    }

    /// Whether `casebook`, at its own path, is the one bound to `folder` here.
    pub fn is_bound(&self, folder: &Path, casebook: &Path) -> bool {
        self.bound_casebook(folder) == Some(canonical(casebook).as_path())
    }

    /// Makes `casebook` the one whose copy this installation writes into `folder` (replacing
    /// any other bound to it), and keeps that.
    pub fn bind(&mut self, folder: &Path, casebook: &Path) -> io::Result<()> {
        if self.file.is_none() {
            return Err(io::Error::other(
                "this installation's id could not be kept, so nothing is bound",
            ));
        }
        self.reload();
        let (folder, casebook) = (canonical(folder), canonical(casebook));
        // Bound again, the same casebook still knows what it last wrote there.
        let written = self
            .bindings
            .iter()
            .find(|b| b.folder == folder && b.casebook == casebook)
            .and_then(|b| b.written);
        self.bindings.retain(|b| b.folder != folder);
        self.bindings.push(Binding {
            folder,
            casebook,
            written,
        });
        self.keep()
    }

    /// What this installation last wrote as its copy in `folder`, if it remembers.
    pub fn written(&self, folder: &Path) -> Option<Written> {
        let folder = canonical(folder);
        self.bindings
            .iter()
            .find(|b| b.folder == folder)
            .and_then(|b| b.written)
    }

    /// Remembers the copy at `copy` as this installation wrote it into `folder`, and keeps
    /// that (with whatever other windows or commands bound meanwhile).
    pub fn note_written(&mut self, folder: &Path, copy: &Path) -> io::Result<()> {
        self.reload();
        let folder = canonical(folder);
        let written = Written::of(copy);
        for binding in self.bindings.iter_mut().filter(|b| b.folder == folder) {
            binding.written = written;
        }
        self.keep()
    }

    /// Stops writing `casebook`'s copy into any folder.
    pub fn unbind(&mut self, casebook: &Path) -> io::Result<()> {
        self.reload();
        let casebook = canonical(casebook);
        let before = self.bindings.len();
        self.bindings.retain(|b| b.casebook != casebook);
        if self.bindings.len() == before {
            return Ok(());
        }
        self.keep()
    }

    /// Who works here, once the first run has asked.
    pub fn officer(&self) -> Option<&Officer> {
        self.officer.as_ref()
    }

    /// Keeps `officer` as who works here (with whatever other windows or commands kept
    /// meanwhile).
    pub fn set_officer(&mut self, officer: Officer) -> io::Result<()> {
        self.reload();
        self.officer = Some(officer);
        self.keep()
    }

    /// The casebook the window last had open here.
    pub fn last_casebook(&self) -> Option<&Path> {
        self.last_casebook.as_deref()
    }

    /// Remembers `casebook` as the one to reopen on start; nothing is written when it is
    /// the one remembered already.
    pub fn note_opened(&mut self, casebook: &Path) -> io::Result<()> {
        let casebook = canonical(casebook);
        self.reload();
        if self.last_casebook.as_ref() == Some(&casebook) {
            return Ok(());
        }
        self.last_casebook = Some(casebook);
        self.keep()
    }

    /// Reads what is kept again, as another window or command may have changed it.
    pub fn reload(&mut self) {
        if let Some(Ok(text)) = self.file.as_deref().map(std::fs::read_to_string)
            && let Ok(file) = ron::from_str::<InstallationFile>(&text)
        {
            self.bindings = file.team_folders;
            self.officer = file.officer;
            self.last_casebook = file.last_casebook;
        }
    }

    fn keep(&self) -> io::Result<()> {
        let Some(path) = &self.file else {
            return Ok(());
        };
        let file = InstallationFile {
            id: format!("{:016x}", self.id.0),
            machine: self.machine.clone(),
            team_folders: self.bindings.clone(),
            officer: self.officer.clone(),
            last_casebook: self.last_casebook.clone(),
        };
        let text = ron::ser::to_string_pretty(&file, ron::ser::PrettyConfig::new())
            .map_err(io::Error::other)?;
        // Its folder may have been tidied away since it was read.
        if let Some(dir) = path.parent() {
            super::fsutil::create_private_dir(dir)?;
        }
        super::save::write_export(path, text.as_bytes()).map_err(io::Error::other)
    }
}

/// The path as the file system names it, so two spellings of one folder are one binding; as
/// given when it cannot be resolved (a folder out of reach).
fn canonical(path: &Path) -> PathBuf {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

fn random_id() -> u64 {
    let bytes = uuid::Uuid::new_v4().into_bytes();
    u64::from_le_bytes([
        bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[8], bytes[9],
    ])
}

/// Keeps `rule` as this computer's, in `dir`.
pub fn set_retention_rule_in(dir: &Path, rule: &Retention) -> Result<(), RetentionError> {
    let path = super::retention::file_in(dir);
    let failed = |error: String| RetentionError {
        path: path.clone(),
        error,
    };
    super::fsutil::create_private_dir(dir).map_err(|e| failed(e.to_string()))?;
    let text = ron::ser::to_string_pretty(rule, ron::ser::PrettyConfig::new())
        .map_err(|e| failed(e.to_string()))?;
    super::save::write_export(&path, text.as_bytes()).map_err(|e| failed(e.to_string()))
}

/// Keeps `rule` as this computer's, in the installation's folder.
pub fn set_retention_rule(rule: &Retention) -> Result<(), RetentionError> {
    let dir = folder().ok_or_else(|| RetentionError {
        path: PathBuf::from("~"),
        error: "there is no home folder".into(),
    })?;
    set_retention_rule_in(&dir, rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_officer_and_the_casebook_used_last_are_kept_for_the_next_run() {
        let dir = tempfile::tempdir().unwrap();
        let mut here = Installation::in_dir_for(dir.path(), "laptop-7").unwrap();
        assert_eq!(here.officer(), None);
        assert_eq!(here.last_casebook(), None);
        let officer = Officer {
            name: "A. Shaw".into(),
            agency: "NCA".into(),
        };
        here.set_officer(officer.clone()).unwrap();
        let casebook = dir.path().join("cases.ron");
        std::fs::write(&casebook, "").unwrap();
        here.note_opened(&casebook).unwrap();
        let next = Installation::in_dir_for(dir.path(), "laptop-7").unwrap();
        assert_eq!(next.officer(), Some(&officer));
        assert_eq!(next.last_casebook(), Some(canonical(&casebook).as_path()));
        assert_eq!(next.id, here.id);
        // Binding a team folder from another window keeps both.
        let mut other = Installation::in_dir_for(dir.path(), "laptop-7").unwrap();
        other.bind(dir.path(), &casebook).unwrap();
        let again = Installation::in_dir_for(dir.path(), "laptop-7").unwrap();
        assert_eq!(again.officer(), Some(&officer));
        assert!(again.is_bound(dir.path(), &casebook));
    }

    #[test]
    fn an_installation_kept_before_officers_reads_without_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("installation-old.ron"),
            "(id: \"00000000000000ff\", machine: \"old\")",
        )
        .unwrap();
        let old = Installation::in_dir_for(dir.path(), "old").unwrap();
        assert_eq!(old.id, InstallationId(255));
        assert_eq!(old.officer(), None);
        assert_eq!(old.last_casebook(), None);
    }
}
