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
            | Cmd::Check(super::check::Args { file, .. })
            | Cmd::List(super::list::Args { file, .. })
            | Cmd::Show(super::show::Args { file, .. })
            | Cmd::Agenda(super::agenda::Args { file, .. })
            | Cmd::Review(super::review::Args { file, .. })
            | Cmd::Set(super::set::Args { file, .. })
            | Cmd::Add(super::add::Args { file, .. })
            | Cmd::Edit(super::edit::Args { file, .. })
            | Cmd::Remove(super::remove::Args { file, .. })
            | Cmd::Correct(super::correct::Args { file, .. })
            | Cmd::Extend(super::extend::Args { file, .. })
            | Cmd::MoveDate(super::move_date::Args { file, .. })
            | Cmd::Met(super::met::Args { file, .. })
            | Cmd::New(super::new::Args { file, .. })
            | Cmd::Passphrase(super::passphrase::Args { file, .. })
            | Cmd::Transition(super::transition::Args { file, .. })
            | Cmd::Convert(super::convert::Args { file, .. })
            | Cmd::Export(super::export::Args { file, .. })
            | Cmd::Report(super::report::Args { file, .. })
            | Cmd::ImportCsv(super::import_csv::Args { file, .. })
            | Cmd::ExportCsv(super::export_csv::Args { file, .. })
            | Cmd::TeamFolder(super::team::Args { file, .. })
            | Cmd::Snapshots(super::snapshots::Args { file, .. })
            | Cmd::Restore(super::restore::Args { file, .. })
            | Cmd::Attach(super::attach::Args { file, .. })
            | Cmd::Attachments(super::attachments::Args { file, .. })
            | Cmd::Detach(super::detach::Args { file, .. })
            | Cmd::PurgeAttachments(super::purge_attachments::Args { file, .. })
            | Cmd::Bundle(super::bundle::Args { file, .. })
            | Cmd::Agreements(super::agreements::ListArgs { file, .. })
            | Cmd::Meetings(super::meetings::ListArgs { file, .. })
            | Cmd::Actions(super::actions::ListArgs { file, .. })
            | Cmd::Activities(super::activities::ListArgs { file, .. }) => Some(file),
            Cmd::Agreement(cmd) => Some(cmd.file_mut()),
            Cmd::Meeting(cmd) => Some(cmd.file_mut()),
            Cmd::Action(cmd) => Some(cmd.file_mut()),
            Cmd::Activity(cmd) => Some(cmd.file_mut()),
            Cmd::Draft(super::draft::Args {
                file: Some(file), ..
            }) => Some(file),
            Cmd::Demo(super::demo::Args { output, .. }) => Some(output),
            Cmd::Merge(super::merge::Args {
                output: Some(output),
                ..
            }) => Some(output),
            Cmd::Merge(super::merge::Args { ours, .. }) => Some(ours),
            Cmd::Completions(_) | Cmd::Man(_) | Cmd::VerifyBundle(_) | Cmd::Draft(_) => None,
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
