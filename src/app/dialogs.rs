//! The one dialog open over the desk, each with its own state: a path typed in the window,
//! "Save changes?", the snapshots, unsaved work to restore, a file changed on disk, the
//! passphrase, the merge review, the team folder. Each frame a dialog shows itself and says
//! whether it stays open and what it asks the desk for.

use super::commands::UiCommand;
use super::counts::describe;
use super::files::{PathEntry, path_entry_ui};
use super::form_keys::escape_closes;
use super::journal_view::RestorePrompt;
use super::merge_view::{MergeOutcome, MergeView};
use super::officer::OfficerForm;
use super::request::{DeskOutcome, DialogStep, PathPurpose, Request};
use super::team::TeamForm;
use super::trust::PassphraseForm;
use crate::domain::Casebook;
use crate::store::{self, Installation};
use chrono::{DateTime, FixedOffset};
use std::path::{Path, PathBuf};

pub enum Dialog {
    Path {
        purpose: PathPurpose,
        text: String,
        error: Option<String>,
    },
    Unsaved(DeskOutcome),
    Snapshots {
        list: Vec<store::SnapshotInfo>,
        preview: Option<(usize, Result<String, String>)>,
    },
    /// Unsaved work found in the casebook's journal, to restore or discard.
    Journal(Box<RestorePrompt>),
    /// The file changed on disk since it was opened or saved (another window, the command
    /// line, a synced folder), or is gone (`deleted`): ask before saving over it.
    ChangedOnDisk {
        deleted: bool,
    },
    /// Set, change or remove the casebook's passphrase.
    Passphrase(PassphraseForm),
    /// The merge review, with the generation of the casebook it was computed against: a merge
    /// replaces the whole contents, so it is applied only over that same casebook.
    Merge(Box<MergeView>, u64),
    /// Set or clear the team folder (`team.rs`).
    TeamFolder(Box<TeamForm>),
    /// Who works on this computer (`officer.rs`).
    Officer(OfficerForm),
}

/// What a dialog sees of the desk.
pub struct Seen<'a> {
    pub book: &'a Casebook,
    pub casebook: &'a Path,
    pub dirty: bool,
    /// Cases whose edits could not be applied yet.
    pub unapplied: usize,
    pub encrypted: bool,
    /// The casebook's passphrase, which its snapshots open with too.
    pub key: Option<&'a store::Key>,
    pub installation: &'a Installation,
    pub now: DateTime<FixedOffset>,
}

impl Seen<'_> {
    fn folder(&self) -> PathBuf {
        self.casebook
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    }
}

fn modal(id: &str, ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui)) {
    egui::Modal::new(egui::Id::unique(id)).show(ui.ctx(), |ui| {
        ui.set_max_width(560.0);
        add(ui);
    });
}

impl Dialog {
    pub fn show(&mut self, ui: &mut egui::Ui, seen: &Seen) -> DialogStep {
        let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
        match self {
            Dialog::Path {
                purpose,
                text,
                error,
            } => path_ui(ui, seen, *purpose, text, error),
            Dialog::Merge(view, reviewed) => match view.ui(ui, seen.book, seen.now) {
                MergeOutcome::Apply(command) => DialogStep::Close(Some(Request::ApplyMerge {
                    command,
                    reviewed: *reviewed,
                    source: view.source().to_path_buf(),
                })),
                MergeOutcome::Open if !escape => DialogStep::Stay,
                MergeOutcome::Open | MergeOutcome::Cancelled => DialogStep::Close(None),
            },
            Dialog::Unsaved(after) => unsaved_ui(ui, seen, after, escape),
            Dialog::Snapshots { list, preview } => snapshots_ui(ui, seen, list, preview, escape),
            Dialog::ChangedOnDisk { deleted } => changed_on_disk_ui(ui, *deleted, escape),
            Dialog::TeamFolder(form) => form.show(
                ui,
                &seen.book.settings,
                &seen.folder(),
                seen.encrypted,
                seen.installation,
                escape,
            ),
            Dialog::Passphrase(form) => form.show(ui, seen.encrypted, escape),
            Dialog::Officer(form) => officer_ui(ui, form, escape),
            // Escape does not dismiss this one: the work must be restored or discarded.
            Dialog::Journal(prompt) => match prompt.show(ui) {
                Some(answer) => DialogStep::Close(Some(Request::AnswerJournal(
                    Box::new(RestorePrompt::new(prompt.pending.clone())),
                    answer,
                ))),
                None => DialogStep::Stay,
            },
        }
    }
}

fn officer_ui(ui: &mut egui::Ui, form: &mut OfficerForm, escape: bool) -> DialogStep {
    let mut step = DialogStep::Stay;
    modal("officer dialog", ui, |ui| {
        ui.heading("Your name and agency");
        ui.label("Kept on this computer: every event you record from now on, and your copy in a team folder, carry them.");
        if let Some(officer) = form.ui(ui, "Keep") {
            step = DialogStep::Close(Some(Request::SetOfficer(officer)));
        } else if ui.button("Cancel").clicked()
            || escape_closes(ui, escape, form.typed(), "name and agency")
        {
            step = DialogStep::Close(None);
        }
    });
    step
}

fn path_ui(
    ui: &mut egui::Ui,
    seen: &Seen,
    purpose: PathPurpose,
    text: &mut String,
    error: &mut Option<String>,
) -> DialogStep {
    let mut answer = None;
    modal("path dialog", ui, |ui| {
        ui.heading(purpose.title());
        let home = store::home_folder();
        answer = path_entry_ui(
            ui,
            &seen.folder(),
            home.as_deref(),
            text,
            error.as_deref(),
            "casebook.ron",
        );
    });
    match answer {
        Some(PathEntry::Chosen(path)) => match check_path(purpose, &path) {
            Ok(()) => DialogStep::Close(Some(Request::PathChosen(purpose, path))),
            Err(e) => {
                *error = Some(e);
                DialogStep::Stay
            }
        },
        Some(PathEntry::Cancelled) => DialogStep::Close(None),
        None => DialogStep::Stay,
    }
}

fn unsaved_ui(ui: &mut egui::Ui, seen: &Seen, after: &DeskOutcome, escape: bool) -> DialogStep {
    let mut answer = None;
    let mut cancel = false;
    modal("unsaved dialog", ui, |ui| {
        ui.heading("Save changes to this casebook?");
        ui.label("Your changes will be lost if you don't save them.");
        if seen.unapplied > 0 {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("{} edits that are not applied yet (fields marked in red): saving keeps only what is applied.", crate::count::count(seen.unapplied, "case has", "cases have")),
            );
        }
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                answer = Some(Request::SaveThen(after.clone()));
            }
            if ui.button("Discard").clicked() {
                answer = Some(Request::DiscardThen(after.clone()));
            }
            cancel = ui.button("Cancel").clicked();
        });
    });
    match answer {
        Some(request) => DialogStep::Close(Some(request)),
        None if escape || cancel => DialogStep::Close(None),
        None => DialogStep::Stay,
    }
}

fn snapshots_ui(
    ui: &mut egui::Ui,
    seen: &Seen,
    list: &[store::SnapshotInfo],
    preview: &mut Option<(usize, Result<String, String>)>,
    escape: bool,
) -> DialogStep {
    let mut restore = None;
    let mut close = false;
    modal("snapshots dialog", ui, |ui| {
        ui.heading("Snapshots");
        ui.label("Earlier versions of this casebook, newest first. Restoring one keeps the current version as a snapshot too.");
        if list.is_empty() {
            ui.weak("No snapshots yet: one is kept each time the casebook is saved over.");
        }
        egui::ScrollArea::vertical()
            .max_height(280.0)
            .show(ui, |ui| {
                for (i, snap) in list.iter().enumerate() {
                    let text = format!(
                        "{}  ({} KB)",
                        snap.taken_at.format("%d %b %Y %H:%M:%S UTC"),
                        snap.bytes.div_ceil(1024)
                    );
                    let selected = preview.as_ref().is_some_and(|(p, _)| *p == i);
                    if ui.selectable_label(selected, text).clicked() {
                        *preview = Some((
                            i,
                            store::load_with(&snap.path, seen.key)
                                .map(|b| describe(&b))
                                .map_err(|e| e.to_string()),
                        ));
                    }
                }
            });
        if let Some((i, summary)) = preview {
            ui.separator();
            match summary {
                Ok(s) => {
                    ui.label(format!("This snapshot holds {s}."));
                    let button =
                        ui.add_enabled(!seen.dirty, egui::Button::new("Restore this snapshot"));
                    if seen.dirty {
                        ui.weak("Save or undo your unsaved changes first: restoring replaces what is open.");
                    }
                    if button.clicked() {
                        restore = Some(list[*i].path.clone());
                    }
                }
                Err(e) => {
                    ui.colored_label(ui.visuals().error_fg_color, e.as_str());
                }
            }
        }
        ui.separator();
        super::snapshot_rule::show(ui);
        close = ui.button("Close").clicked();
    });
    match restore {
        Some(snapshot) => DialogStep::Close(Some(Request::RestoreSnapshot(snapshot))),
        None if escape || close => DialogStep::Close(None),
        None => DialogStep::Stay,
    }
}

fn changed_on_disk_ui(ui: &mut egui::Ui, deleted: bool, escape: bool) -> DialogStep {
    let mut answer = None;
    modal("changed on disk dialog", ui, |ui| {
        if deleted {
            ui.heading("The casebook file is gone");
            ui.label("Since you opened it, the file was deleted or moved (another program, a synced folder). Everything is still here, in this window.");
        } else {
            ui.heading("The casebook changed on disk");
            ui.label("Since you opened it, the file was changed by something else (another window, the command line, a synced folder).");
            ui.label("Saving replaces that version; it is kept as a snapshot, so it can be restored or merged later.");
        }
        ui.horizontal(|ui| {
            let save = if deleted {
                "Save it here again"
            } else {
                "Save anyway"
            };
            if ui.button(save).clicked() {
                answer = Some(Request::SaveAnyway);
            }
            if ui.button(UiCommand::SaveAs.label()).clicked() {
                answer = Some(Request::SaveAsInstead);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(Request::CancelSave);
            }
        });
    });
    match answer {
        Some(request) => DialogStep::Close(Some(request)),
        None if escape => DialogStep::Close(Some(Request::CancelSave)),
        None => DialogStep::Stay,
    }
}

/// Whether `path` will do for `purpose`, or what is wrong with it.
pub(super) fn check_path(purpose: PathPurpose, path: &Path) -> Result<(), String> {
    if path.as_os_str().is_empty() {
        return Err("Enter a path".into());
    }
    match purpose {
        PathPurpose::Open | PathPurpose::Merge if !path.is_file() => {
            Err(format!("There is no file at {}", path.display()))
        }
        PathPurpose::SaveAs | PathPurpose::NewCasebook | PathPurpose::ExportAgenda => {
            let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
            match folder {
                Some(f) if !f.is_dir() => Err(format!("There is no folder {}", f.display())),
                _ if path.is_dir() => Err("This is a folder: add a file name".into()),
                // A new casebook never replaces a file (Save as keeps a snapshot of it).
                _ if purpose == PathPurpose::NewCasebook && path.exists() => Err(format!(
                    "{} already exists: open it, or choose another name",
                    path.display()
                )),
                _ => Ok(()),
            }
        }
        PathPurpose::Open | PathPurpose::Merge => Ok(()),
    }
}
