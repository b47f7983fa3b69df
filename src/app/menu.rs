//! The desk's frame: the menu bar, the view tabs and the status line. They show what the desk
//! tells them and return what the officer asked for.

use super::commands::UiCommand;
use super::counts::thousands;
use super::request::{Notice, Request, View};
use std::path::{Path, PathBuf};

/// From how many cases a save shows a progress bar beside its spinner (a few thousand cases save
/// in well under a second).
const SAVE_PROGRESS_FROM: usize = 5_000;

/// What the menus enable and list.
pub struct MenuState<'a> {
    pub casebook: &'a Path,
    pub recent: &'a [PathBuf],
    pub saving: bool,
    pub may_save: bool,
    /// No export or import is open or running.
    pub transfers_idle: bool,
    pub can_undo: bool,
    pub can_redo: bool,
}

pub fn menu_bar_ui(ui: &mut egui::Ui, state: &MenuState) -> Option<Request> {
    let mut request = None;
    let mut item = |ui: &mut egui::Ui, command: UiCommand, enabled: bool| {
        if command.menu_item(ui, enabled) {
            request = Some(Request::Ui(command));
        }
    };
    let mut recent_choice = None;
    egui::Panel::top("menu bar").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                for c in [UiCommand::NewCasebook, UiCommand::Open] {
                    item(ui, c, true);
                }
                ui.menu_button("Open recent", |ui| {
                    let others: Vec<&PathBuf> = (state.recent.iter())
                        .filter(|p| **p != state.casebook)
                        .collect();
                    if others.is_empty() {
                        ui.weak("No other casebook opened yet");
                    }
                    for path in others {
                        if ui.button(path.display().to_string()).clicked() {
                            recent_choice = Some(path.clone());
                        }
                    }
                });
                ui.separator();
                for c in [UiCommand::Save, UiCommand::SaveAs, UiCommand::Snapshots] {
                    item(ui, c, !state.saving);
                }
                item(ui, UiCommand::Passphrase, !state.saving && state.may_save);
                for c in [
                    UiCommand::MergeFrom,
                    UiCommand::TeamFolder,
                    UiCommand::Officer,
                ] {
                    item(ui, c, true);
                }
                ui.separator();
                for c in [
                    UiCommand::ExportSummary,
                    UiCommand::Print,
                    UiCommand::ReviewReport,
                    UiCommand::ExportRegister,
                    UiCommand::ExportAgenda,
                    UiCommand::ImportCsv,
                ] {
                    item(ui, c, state.transfers_idle);
                }
            });
            ui.menu_button("Edit", |ui| {
                item(ui, UiCommand::Undo, state.can_undo);
                item(ui, UiCommand::Redo, state.can_redo);
                ui.separator();
                item(ui, UiCommand::FocusFilter, true);
            });
            ui.menu_button("View", |ui| {
                for c in [UiCommand::ShowDashboard, UiCommand::ShowRegister] {
                    item(ui, c, true);
                }
            });
            ui.menu_button("Case", |ui| {
                item(ui, UiCommand::NewCase, true);
            });
        });
    });
    recent_choice.map(Request::OpenRecent).or(request)
}

/// The tabs of the desk's views.
pub fn views_ui(ui: &mut egui::Ui, shown: View) -> Option<Request> {
    let mut request = None;
    egui::Panel::top("views").show(ui, |ui| {
        ui.horizontal(|ui| {
            for (view, label) in [
                (View::Dashboard, "Dashboard"),
                (View::Register, "Register"),
                (View::Agenda, "Agenda"),
                (View::People, "People"),
                (View::Agencies, "Agencies and contacts"),
                (View::Governance, "Programme"),
            ] {
                if ui.selectable_label(shown == view, label).clicked() {
                    request = Some(Request::ShowView(view));
                }
            }
        });
    });
    request
}

/// What the status line says.
pub struct Status<'a> {
    /// While a save runs: cases written, of how many.
    pub save_progress: Option<(usize, usize)>,
    pub dirty: bool,
    /// Work found in the journal, not yet restored or discarded: the file is saved, but the
    /// officer's work is not all in it.
    pub journaled: bool,
    /// Cases whose edits could not be applied yet.
    pub unapplied: usize,
    pub sample: bool,
    pub team_problems: Vec<&'a str>,
    pub notice: Option<&'a Notice>,
}

/// The status line; what its buttons asked for (open a file just written, show it).
pub fn status_line_ui(ui: &mut egui::Ui, status: &Status) -> Option<Request> {
    let mut request = None;
    egui::Panel::bottom("status line").show(ui, |ui| {
        ui.horizontal(|ui| {
            if let Some((written, cases)) = status.save_progress {
                ui.spinner();
                ui.label("Saving…");
                // A large casebook takes a moment: show how far the save has got.
                if cases >= SAVE_PROGRESS_FROM {
                    ui.add(
                        egui::ProgressBar::new(written as f32 / cases as f32)
                            .desired_width(260.0)
                            .text(format!(
                                "{} of {} cases written",
                                thousands(written),
                                thousands(cases)
                            )),
                    );
                }
            } else if status.dirty {
                ui.label("Unsaved changes");
            } else if status.journaled {
                ui.colored_label(ui.visuals().warn_fg_color, "Unsaved work in the journal");
            } else if status.unapplied == 0 {
                ui.weak("All changes saved");
            }
            if status.unapplied > 0 {
                ui.separator();
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!(
                        "Edits not yet applied in {}",
                        crate::count::count(status.unapplied, "case", "cases")
                    ),
                );
            }
            if status.sample {
                ui.separator();
                ui.colored_label(ui.visuals().warn_fg_color, "Sample data: invented cases");
            }
            for problem in &status.team_problems {
                ui.separator();
                ui.colored_label(ui.visuals().warn_fg_color, *problem);
            }
            if let Some(notice) = status.notice {
                ui.separator();
                if notice.error {
                    ui.colored_label(ui.visuals().error_fg_color, &notice.text);
                } else {
                    ui.label(&notice.text);
                }
                if let Some(file) = &notice.file {
                    for (label, reveal) in [("Open", false), ("Show in folder", true)] {
                        if ui.small_button(label).clicked() {
                            request = Some(Request::OpenFile {
                                path: file.clone(),
                                reveal,
                            });
                        }
                    }
                }
            }
        });
    });
    request
}
