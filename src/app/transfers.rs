//! Exports and imports on the desk: the dialog asking what to do, the output or input file
//! (native dialog or the in-window path entry), and the background task doing it. Disclosures
//! go through the desk's command queue once the file is written, so they appear in each case's
//! history; an import is adopted as one undo step.

use super::commands::UiCommand;
use super::desk::{Desk, Notice};
use super::export_ui::{ExportForm, ExportKind, ExportPlan, FormAnswer};
use super::files::{DialogResult, Dialogs, PathEntry, path_entry_ui, replace_ui};
use super::import_ui::{CSV, ImportDialog, PreviewAnswer, preview_ui, start_import, start_preview};
use super::tasks::{Task, TaskResult};
use crate::domain::CaseId;
use crate::store::{self, OutputFile, Writing};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Default)]
pub struct Transfers {
    pub export: Option<ExportForm>,
    pub import: Option<ImportDialog>,
    /// The export or import running in the background.
    pub task: Option<Task>,
}

impl Transfers {
    /// No export or import dialog is open and nothing is running.
    pub fn is_idle(&self) -> bool {
        self.export.is_none() && self.import.is_none() && self.task.is_none()
    }
}

impl Desk {
    /// Opens the export dialog for a case summary, a review report or the register.
    pub(super) fn start_export(&mut self, command: UiCommand) {
        if !self.transfers.is_idle() {
            return;
        }
        let kind = match command {
            UiCommand::ReviewReport => ExportKind::Review,
            UiCommand::ExportRegister => ExportKind::Register,
            _ => ExportKind::Summary,
        };
        let visible: Vec<CaseId> = (0..self.register.visible_count())
            .filter_map(|i| self.register.visible_id(i))
            .collect();
        self.transfers.export = Some(ExportForm::new(
            kind,
            self.register.selected(),
            visible,
            self.today(),
        ));
    }

    /// Asks for the CSV file to import, then reads it into a preview.
    pub(super) fn start_import(&mut self, dialogs: &mut dyn Dialogs) {
        if !self.transfers.is_idle() {
            return;
        }
        match dialogs.pick_file(&self.folder(), CSV) {
            DialogResult::Chosen(path) => self.preview_file(path),
            DialogResult::Cancelled => {}
            DialogResult::Unavailable => {
                self.transfers.import = Some(ImportDialog::AskPath {
                    text: String::new(),
                    error: None,
                });
            }
        }
    }

    fn preview_file(&mut self, path: PathBuf) {
        self.transfers.task = Some(start_preview(path, Arc::clone(&self.book), self.today()));
    }

    fn folder(&self) -> PathBuf {
        self.path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    }

    /// Waits for the running export or import (for tests and scripted use).
    pub fn finish_transfer(&mut self, now_secs: f64) {
        if let Some(task) = self.transfers.task.take() {
            match task.poll(true) {
                Some(result) => self.task_done(result, now_secs),
                None => self.transfers.task = Some(task),
            }
        }
    }

    /// Cancels the running export or import, as its Cancel button does.
    pub fn cancel_transfer(&self) {
        if let Some(task) = &self.transfers.task {
            task.cancel();
        }
    }

    /// The export and import dialogs and the progress of their work, each frame.
    pub(super) fn transfers_ui(&mut self, ui: &mut egui::Ui, dialogs: &mut dyn Dialogs) {
        let now = ui.input(|i| i.time);
        if let Some(task) = &self.transfers.task {
            match task.poll(false) {
                Some(result) => {
                    self.transfers.task = None;
                    self.task_done(result, now);
                }
                None => {
                    task.ui(ui);
                    return;
                }
            }
        }
        self.export_form_ui(ui, dialogs);
        self.import_dialog_ui(ui);
    }

    fn export_form_ui(&mut self, ui: &mut egui::Ui, dialogs: &mut dyn Dialogs) {
        let Some(mut form) = self.transfers.export.take() else {
            return;
        };
        let today = self.today();
        if let Some((text, path)) = form.replace.take() {
            let mut answer = None;
            egui::Modal::new(egui::Id::unique("replace export")).show(ui.ctx(), |ui| {
                ui.set_max_width(560.0);
                answer = replace_ui(ui, &path);
            });
            match answer {
                Some(true) => {
                    if let Some(plan) = form.plan(&self.book, self.clock()) {
                        self.transfers.task = Some(plan.start(path));
                        return;
                    }
                }
                // Back to the path, to choose another name.
                Some(false) => form.path_entry = Some((text, None)),
                None => form.replace = Some((text, path)),
            }
            self.transfers.export = Some(form);
            return;
        }
        if let Some((mut text, error)) = form.path_entry.take() {
            let mut answer = None;
            egui::Modal::new(egui::Id::unique("export path")).show(ui.ctx(), |ui| {
                ui.set_max_width(560.0);
                ui.heading("Export to");
                answer = path_entry_ui(
                    ui,
                    &self.folder(),
                    &mut text,
                    error.as_deref(),
                    "summary.pdf",
                );
            });
            match answer {
                Some(PathEntry::Chosen(path)) => match self.output_file(&path) {
                    // The path entry asks before replacing a file; a native dialog has asked.
                    Ok(file) if file.exists => form.replace = Some((text, file.path)),
                    Ok(file) => {
                        if let Some(plan) = form.plan(&self.book, self.clock()) {
                            self.transfers.task = Some(plan.start(file.path));
                            return;
                        }
                    }
                    Err(e) => form.path_entry = Some((text, Some(e))),
                },
                // Back to the form.
                Some(PathEntry::Cancelled) => {}
                None => form.path_entry = Some((text, error)),
            }
            self.transfers.export = Some(form);
            return;
        }
        match form.ui(ui, &self.book, today) {
            Some(FormAnswer::Cancel) => return,
            Some(FormAnswer::Export) => {
                if let Some(plan) = form.plan(&self.book, self.clock()) {
                    match self.ask_output(&plan, dialogs) {
                        DialogResult::Chosen(path) => match self.output_file(&path) {
                            Ok(file) => {
                                self.transfers.task = Some(plan.start(file.path));
                                return;
                            }
                            Err(e) => form.refuse(e),
                        },
                        DialogResult::Cancelled => {}
                        DialogResult::Unavailable => {
                            form.path_entry = Some((plan.default_name, None));
                        }
                    }
                }
            }
            None => {}
        }
        self.transfers.export = Some(form);
    }

    fn ask_output(&self, plan: &ExportPlan, dialogs: &mut dyn Dialogs) -> DialogResult {
        dialogs.save_file(&self.folder(), &plan.default_name, plan.kind)
    }

    /// The file an export may be written to, by the store's one rule for output paths: never
    /// this casebook, its own files, another casebook or anything but a regular file.
    fn output_file(&self, path: &Path) -> Result<OutputFile, String> {
        store::check_output_path(path, &[self.path.as_path()], Writing::Export)
            .map_err(|e| e.to_string())
    }

    fn import_dialog_ui(&mut self, ui: &mut egui::Ui) {
        let Some(dialog) = self.transfers.import.take() else {
            return;
        };
        match dialog {
            ImportDialog::AskPath { mut text, error } => {
                let mut answer = None;
                egui::Modal::new(egui::Id::unique("import path")).show(ui.ctx(), |ui| {
                    ui.set_max_width(560.0);
                    ui.heading(UiCommand::ImportCsv.label().trim_end_matches('…'));
                    answer = path_entry_ui(
                        ui,
                        &self.folder(),
                        &mut text,
                        error.as_deref(),
                        "register.csv",
                    );
                });
                match answer {
                    Some(PathEntry::Chosen(path)) if path.is_file() => self.preview_file(path),
                    Some(PathEntry::Chosen(path)) => {
                        let error = Some(format!("There is no file at {}", path.display()));
                        self.transfers.import = Some(ImportDialog::AskPath { text, error });
                    }
                    Some(PathEntry::Cancelled) => {}
                    None => self.transfers.import = Some(ImportDialog::AskPath { text, error }),
                }
            }
            ImportDialog::Preview(mut preview) => match preview_ui(ui, &mut preview) {
                Some(PreviewAnswer::Confirm) => {
                    self.transfers.task = Some(start_import(
                        &preview,
                        Arc::clone(&self.book),
                        self.generation(),
                        self.clock().now(),
                    ));
                }
                Some(PreviewAnswer::Cancel) => {}
                None => self.transfers.import = Some(ImportDialog::Preview(preview)),
            },
        }
    }

    fn task_done(&mut self, result: TaskResult, now_secs: f64) {
        let notice = |text: String, error: bool| Some(Notice { text, error });
        match result {
            TaskResult::Exported { path, disclosures } => {
                let recorded = disclosures.len();
                self.pending.extend(disclosures);
                self.apply_pending(now_secs);
                let disclosed = if recorded > 0 {
                    format!("; the disclosure is recorded in {recorded} case(s)")
                } else {
                    String::new()
                };
                self.notice = self.notice.take().filter(|n| n.error).or(notice(
                    format!("Exported {}{disclosed}", path.display()),
                    false,
                ));
            }
            TaskResult::Previewed(preview) => {
                self.transfers.import = Some(ImportDialog::Preview(preview));
            }
            TaskResult::Imported {
                book,
                generation,
                undo,
                cases,
            } => {
                if generation == self.generation() {
                    self.adopt(*book, undo, now_secs);
                    self.notice = notice(format!("Imported {cases} row(s)"), false);
                } else {
                    self.notice = notice(
                        "The casebook changed while importing, so nothing was imported: import the file again".into(),
                        true,
                    );
                }
            }
            TaskResult::MergeReady { view, generation } => {
                self.dialog = Some(super::desk::Dialog::Merge(view, generation));
            }
            TaskResult::Failed(e) => self.notice = notice(e, true),
            TaskResult::Cancelled => {
                self.notice = notice("Cancelled: nothing was written or imported".into(), false);
            }
        }
    }
}
