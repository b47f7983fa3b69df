//! Casebooks on disk: one RON file per casebook, saved atomically, with timestamped snapshots of
//! earlier versions and a journal of unsaved changes beside it. No UI toolkit. See
//! `ARCHITECTURE.md`.

mod atomic;
mod crypt;
mod direct;
pub mod format;
mod fsutil;
mod head;
pub mod installation;
mod integrity;
pub mod journal;
mod leftovers;
mod load;
pub mod lock;
pub mod output;
mod parts;
mod reader;
mod save;
pub mod snapshot;
mod stream;
pub mod team;
#[cfg(test)]
mod text_tests;
mod writer;

pub use atomic::SaveError;
pub use crypt::{Key, is_encrypted};
pub use fsutil::real_path;
pub use head::{Head, HeadError, read_head};
pub use installation::Installation;
pub use integrity::Integrity;
pub use integrity::recorded_checksum;
pub use journal::{Journal, journal_path};
pub use leftovers::{Tidied, own_copies, plaintext_leftovers, tidy};
pub use load::{
    LoadError, Loaded, MAX_FILE_BYTES, load, load_str, load_with, open, open_bytes, open_str, read,
};
pub use lock::{Holder, Lock, LockError, lock_path};
pub use output::{OutputFile, OutputRefused, Writing, check_output_path};
pub use save::{
    ExportWriteError, StagedExport, change_passphrase, restore_snapshot, save, save_journaled,
    save_showing, save_with, serialize, stage_export, write_export, write_export_recorded,
};
pub use snapshot::{SnapshotInfo, list_snapshots};
pub use team::{Shared, own_copy_name, share, team_copies, write_team_copy};

use std::path::PathBuf;

/// Where the default casebook lives: the platform's data folder
/// (`~/.local/share/casedesk/casebook.ron` on Linux).
pub fn default_casebook_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Casedesk", "casedesk")
        .map(|dirs| dirs.data_dir().join("casebook.ron"))
}
