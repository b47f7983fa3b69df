//! The casebook a subcommand works on, followed through any symbolic link once, before it is
//! opened: then it is locked, saved and kept in snapshots where it really is, and a save never
//! replaces the link with a file of its own.

use super::Cmd;
use crate::store;
use anyhow::{Context, Result};
use std::path::PathBuf;

impl Cmd {
    /// The casebook this subcommand reads and may write: for `merge`, the one it writes.
    fn casebook_mut(&mut self) -> Option<&mut PathBuf> {
        match self {
            Cmd::Open { file }
            | Cmd::Check { file }
            | Cmd::List { file, .. }
            | Cmd::Show { file, .. }
            | Cmd::New { file, .. }
            | Cmd::Passphrase { file, .. }
            | Cmd::Transition { file, .. }
            | Cmd::Export { file, .. }
            | Cmd::Report { file, .. }
            | Cmd::ImportCsv { file, .. }
            | Cmd::ExportCsv { file, .. }
            | Cmd::TeamFolder { file, .. } => Some(file),
            Cmd::Snapshots(args) => Some(&mut args.file),
            Cmd::Restore(args) => Some(&mut args.file),
            Cmd::Demo { output, .. } => Some(output),
            Cmd::Merge {
                output: Some(output),
                ..
            } => Some(output),
            Cmd::Merge { ours, .. } => Some(ours),
        }
    }

    /// This subcommand with its casebook's real path.
    pub(super) fn with_real_casebook(mut self) -> Result<Self> {
        if let Some(file) = self.casebook_mut() {
            *file = store::real_path(file)
                .with_context(|| format!("following the symbolic link {}", file.display()))?;
        }
        Ok(self)
    }
}
