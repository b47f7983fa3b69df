//! Casebooks on disk: one RON file per casebook, saved atomically, with timestamped snapshots of
//! earlier versions beside it. No UI toolkit. See `ARCHITECTURE.md`.

mod compress;
mod crypt;
mod direct;
pub mod format;
mod fsutil;
mod head;
pub mod installation;
mod integrity;
mod leftovers;
mod load;
pub mod lock;
pub mod output;
mod parts;
mod reader;
pub mod recovery;
pub mod retention;
mod save;
pub mod snapshot;
mod stream;
pub mod team;
#[cfg(test)]
mod text_tests;
mod writer;

pub use compress::is_compressed;
pub use crypt::{Key, is_encrypted};
pub use fsutil::real_path;
pub use head::{Head, HeadError, read_head};
pub use installation::Installation;
pub use integrity::Integrity;
pub use leftovers::{Tidied, own_copies, plaintext_leftovers, tidy};
pub use load::{
    LoadError, Loaded, MAX_FILE_BYTES, load, load_str, load_with, open, open_bytes, open_str, read,
};
pub use lock::{Holder, Lock, LockError, lock_path};
pub use output::{OutputFile, OutputRefused, Writing, check_output_path};
pub use recovery::{discard_recovery, pending_recovery, recovery_path, save_recovery};
pub use retention::Retention;
pub use save::{
    ExportWriteError, SaveError, StagedExport, change_passphrase, save, save_showing, save_with,
    serialize, stage_export, write_export, write_export_recorded,
};
pub use snapshot::{RestoreError, SnapshotInfo, list_snapshots, restore_snapshot};
pub use team::{Shared, own_copy_name, share, team_copies, write_team_copy};

use std::path::PathBuf;

/// Where the default casebook lives: the platform's data folder
/// (`~/.local/share/casedesk/casebook.ron` on Linux).
pub fn default_casebook_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Casedesk", "casedesk")
        .map(|dirs| dirs.data_dir().join("casebook.ron"))
}
