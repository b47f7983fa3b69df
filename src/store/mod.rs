//! Casebooks on disk: one RON file per casebook, saved atomically, with timestamped snapshots of
//! earlier versions beside it. No UI toolkit. See `ARCHITECTURE.md`.

pub mod format;
mod fsutil;
mod load;
pub mod recovery;
mod save;
pub mod snapshot;

pub use load::{LoadError, load, load_str};
pub use recovery::{discard_recovery, pending_recovery, recovery_path, save_recovery};
pub use save::{ExportWriteError, SaveError, save, serialize, write_export};
pub use snapshot::{SnapshotInfo, list_snapshots, restore_snapshot};

use std::path::PathBuf;

/// Where the default casebook lives: the platform's data folder
/// (`~/.local/share/casedesk/casebook.ron` on Linux).
pub fn default_casebook_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Casedesk", "casedesk")
        .map(|dirs| dirs.data_dir().join("casebook.ron"))
}
