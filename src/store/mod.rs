//! Casebooks on disk: one RON file per casebook, saved atomically, with timestamped snapshots of
//! earlier versions and a journal of unsaved changes beside it. No UI toolkit. See
//! `ARCHITECTURE.md`.
//!
//! Each item has one path: the lock (`store::lock`), the journal (`store::journal`), the team
//! folder (`store::team`) and the file format (`store::format`) by their module, everything else
//! from here.

mod atomic;
pub mod attachments;
mod compress;
mod crypt;
mod details_edit;
mod direct;
pub mod format;
mod fsutil;
mod head;
mod installation;
mod integrity;
pub mod journal;
mod layout;
mod leftovers;
mod load;
mod local;
pub mod lock;
mod output;
mod parts;
mod places;
mod reader;
mod reading;
mod retention;
mod save;
mod snapshot;
mod stream;
pub mod team;
pub mod templates;
#[cfg(test)]
mod text_tests;
mod viewing;
mod writer;

pub use atomic::SaveError;
pub use compress::is_compressed;
pub use crypt::{Key, is_encrypted, open_sealed, seal_writer};
pub use fsutil::real_path;
pub use head::{Head, HeadError, read_head};
pub use installation::{INSTALLATION_DIR_VARIABLE, Installation, Officer};
pub use installation::{set_retention_rule, set_retention_rule_in};
pub use integrity::Integrity;
pub use integrity::recorded_checksum;
pub use layout::{Layout, LayoutError, keep_layout_in, layout_in};
pub use leftovers::{Tidied, own_copies, plaintext_leftovers, tidy};
pub use load::{LoadError, load, load_str, load_with, open, open_bytes, open_str, read};
pub use output::{OutputFile, OutputRefused, Writing, check_output_path};
pub use places::{documents_folder, home_folder, print_file_in, typed_path};
pub use reading::{Loaded, MAX_FILE_BYTES, read_at_most, read_import};
pub use retention::{Retention, RetentionError, retention_rule, retention_rule_in};
pub use save::{
    ExportWriteError, Saved, StagedExport, change_passphrase, restore_snapshot, save,
    save_journaled, save_settling, save_showing, save_with, serialize, stage_export,
    stage_export_streamed, write_export, write_export_recorded,
};
pub use snapshot::{
    RestoreError, Settling, SnapshotInfo, folder as snapshots_folder, list_snapshots,
    starts_encrypted as file_is_encrypted,
};
pub use viewing::{ViewingFolder, print_folder, viewing_folder, viewing_root};

use std::path::PathBuf;

/// Casedesk's folders on this system (data, local data, cache), named once for the store, the
/// window's own state and the print folder alike: `~/.local/share/casedesk` on Linux,
/// `%APPDATA%\Casedesk\casedesk` on Windows, `~/Library/Application Support/org.Casedesk.casedesk`
/// on macOS. `None` without a home folder.
pub fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("org", "Casedesk", "casedesk")
}

/// Where the default casebook lives: the platform's data folder
/// (`~/.local/share/casedesk/casebook.ron` on Linux).
pub fn default_casebook_path() -> Option<PathBuf> {
    project_dirs().map(|dirs| dirs.data_dir().join("casebook.ron"))
}
