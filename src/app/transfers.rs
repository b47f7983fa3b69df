//! Exports and imports: the dialog asking what to do, the output or input file (native dialog
//! or the in-window path entry), and the background task doing it (merges read and compare the
//! other copy there too). What comes of the work is a request to the desk: disclosures to
//! record once the file is written, so they appear in each case's history; an import to adopt
//! as one undo step; a merge review to open.

use super::clock::Clock;
use super::commands::UiCommand;
use super::export_ui::{ExportForm, ExportKind, ExportPlan, FormAnswer};
use super::files::{DialogResult, Dialogs, PathEntry, path_entry_ui, replace_ui};
use super::import_ui::{CSV, ImportDialog, PreviewAnswer, preview_ui, start_import, start_preview};
use super::request::{Notice, Request};
use super::tasks::{Task, TaskResult};
use crate::domain::{CaseId, Casebook};
use crate::store::{self, Key, OutputFile, Writing};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The casebook transfers work on, as the desk has it this frame.
pub struct Place<'a> {
    pub book: &'a Arc<Casebook>,
    /// The casebook's file.
    pub casebook: &'a Path,
    /// The desk's generation: an import or merge applies only over the casebook it read.
    pub generation: u64,
    pub clock: Clock,
}

impl Place<'_> {
    /// The casebook's folder, where file dialogs start.
    pub fn folder(&self) -> PathBuf {
        self.casebook
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    }

    /// Where an export or import starts: the officer's documents folder, not the (often
    /// hidden) folder the casebook is kept in; that one where there is none.
    fn out_folder(&self, dialogs: &dyn Dialogs) -> PathBuf {
        dialogs.documents_folder().unwrap_or_else(|| self.folder())
    }

    /// The file an export may be written to, by the store's one rule for output paths: never
    /// this casebook, its own files, another casebook or anything but a regular file.
    fn output_file(&self, path: &Path) -> Result<OutputFile, String> {
        store::check_output_path(path, &[self.casebook], Writing::Export).map_err(|e| e.to_string())
    }
}

#[derive(Default)]
pub struct Transfers {
    pub export: Option<ExportForm>,
    pub import: Option<ImportDialog>,
    /// The export or import running in the background.
    pub task: Option<Task>,
    /// The summary being written to print, opened in the system's viewer once written.
    printing: Option<PathBuf>,
}

impl Transfers {
    /// No export or import dialog is open and nothing is running.
    pub fn is_idle(&self) -> bool {
        self.export.is_none() && self.import.is_none() && self.task.is_none()
    }
}

impl Transfers {
    /// Opens the export dialog for a case summary, a review report or the register.
    pub fn start_export(
        &mut self,
        command: UiCommand,
        selected: Option<CaseId>,
        visible: Vec<CaseId>,
        today: chrono::NaiveDate,
    ) {
        if !self.is_idle() {
            return;
        }
        let kind = match command {
            UiCommand::ReviewReport => ExportKind::Review,
            UiCommand::ExportRegister => ExportKind::Register,
            _ => ExportKind::Summary,
        };
        self.export = Some(ExportForm::new(kind, selected, visible, today));
    }

    /// Opens the Draft dialog for `case`.
    pub fn start_draft(&mut self, case: &crate::domain::Case, today: chrono::NaiveDate) {
        if self.is_idle() {
            self.export = Some(ExportForm::draft(case, today));
        }
    }

    /// Writes the full summary of `case` as a PDF to `path` (a place of Casedesk's own), to be
    /// opened in the system's viewer for printing once written.
    pub fn start_print(
        &mut self,
        case: CaseId,
        path: PathBuf,
        place: &Place,
    ) -> Result<(), String> {
        if !self.is_idle() {
            return Err("Wait for the export or import to finish, then print".into());
        }
        let file = place.output_file(&path)?;
        let mut form = ExportForm::to_print(case, place.clock.today());
        let plan = form
            .plan(place.book, place.clock)
            .ok_or_else(|| form.error().unwrap_or_default().to_string())?;
        self.task = Some(plan.start(file.path.clone()));
        self.printing = Some(file.path);
        Ok(())
    }

    /// Asks for the CSV file to import, then reads it into a preview.
    pub fn start_import(&mut self, dialogs: &mut dyn Dialogs, place: &Place) {
        if !self.is_idle() {
            return;
        }
        match dialogs.pick_file(&place.folder(), CSV) {
            DialogResult::Chosen(path) => self.preview_file(path, place),
            DialogResult::Cancelled => {}
            DialogResult::Unavailable => {
                self.import = Some(ImportDialog::AskPath {
                    text: String::new(),
                    error: None,
                });
            }
        }
    }

    fn preview_file(&mut self, path: PathBuf, place: &Place) {
        self.task = Some(start_preview(
            path,
            Arc::clone(place.book),
            place.clock.today(),
        ));
    }

    /// Reads and compares another copy of the casebook (with this one's passphrase `key`) on a
    /// background thread, with a progress dialog; the review opens when it is done.
    pub fn start_merge(
        &mut self,
        source: PathBuf,
        key: Option<Key>,
        place: &Place,
    ) -> Result<(), String> {
        if !self.is_idle() {
            return Err("Wait for the export or import to finish, then merge".into());
        }
        self.task = Some(super::tasks::start_merge(
            source,
            key,
            Arc::clone(place.book),
            place.generation,
        ));
        Ok(())
    }

    /// Runs `task` (attaching, opening an attachment, writing a bundle) with its progress
    /// dialog, unless other work is under way.
    pub fn run(&mut self, task: impl FnOnce() -> Task) -> Result<(), String> {
        if !self.is_idle() {
            return Err("Wait for the work under way to finish, then try again".into());
        }
        self.task = Some(task());
        Ok(())
    }

    /// How many units of its step the running work has done, if any is running.
    pub fn progress(&self) -> Option<usize> {
        self.task.as_ref().map(Task::done)
    }

    /// Waits for the running export, import or merge (for tests and scripted use).
    pub fn finish(&mut self) -> Option<Request> {
        let task = self.task.take()?;
        match task.poll(true) {
            Some(result) => self.done(result),
            None => {
                self.task = Some(task);
                None
            }
        }
    }

    /// The export and import dialogs and the progress of their work, each frame.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        place: &Place,
        dialogs: &mut dyn Dialogs,
    ) -> Option<Request> {
        if let Some(task) = &self.task {
            match task.poll(false) {
                Some(result) => {
                    self.task = None;
                    return self.done(result);
                }
                None => {
                    task.ui(ui);
                    return None;
                }
            }
        }
        self.export_form_ui(ui, place, dialogs);
        self.import_dialog_ui(ui, place);
        None
    }

    fn export_form_ui(&mut self, ui: &mut egui::Ui, place: &Place, dialogs: &mut dyn Dialogs) {
        let Some(mut form) = self.export.take() else {
            return;
        };
        if let Some((text, path)) = form.replace.take() {
            let mut answer = None;
            egui::Modal::new(egui::Id::unique("replace export")).show(ui.ctx(), |ui| {
                ui.set_max_width(560.0);
                answer = replace_ui(ui, &path);
            });
            match answer {
                Some(true) => {
                    if let Some(plan) = form.plan(place.book, place.clock) {
                        self.task = Some(plan.start(path));
                        return;
                    }
                }
                // Back to the path, to choose another name.
                Some(false) => form.path_entry = Some((text, None)),
                None => form.replace = Some((text, path)),
            }
            self.export = Some(form);
            return;
        }
        if let Some((mut text, error)) = form.path_entry.take() {
            let mut answer = None;
            egui::Modal::new(egui::Id::unique("export path")).show(ui.ctx(), |ui| {
                ui.set_max_width(560.0);
                ui.heading("Export to");
                answer = path_entry_ui(
                    ui,
                    &place.out_folder(dialogs),
                    dialogs.home_folder().as_deref(),
                    &mut text,
                    error.as_deref(),
                    "summary.pdf",
                );
            });
            match answer {
                Some(PathEntry::Chosen(path)) => match place.output_file(&path) {
                    // The path entry asks before replacing a file; a native dialog has asked.
                    Ok(file) if file.exists => form.replace = Some((text, file.path)),
                    Ok(file) => {
                        if let Some(plan) = form.plan(place.book, place.clock) {
                            self.task = Some(plan.start(file.path));
                            return;
                        }
                    }
                    Err(e) => form.path_entry = Some((text, Some(e))),
                },
                // Back to the form.
                Some(PathEntry::Cancelled) => {}
                None => form.path_entry = Some((text, error)),
            }
            self.export = Some(form);
            return;
        }
        match form.ui(ui, place.book, place.clock.today()) {
            Some(FormAnswer::Cancel) => return,
            Some(FormAnswer::Export) => {
                if let Some(plan) = form.plan(place.book, place.clock) {
                    match ask_output(&plan, place, dialogs) {
                        DialogResult::Chosen(path) => match place.output_file(&path) {
                            Ok(file) => {
                                self.task = Some(plan.start(file.path));
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
        self.export = Some(form);
    }

    fn import_dialog_ui(&mut self, ui: &mut egui::Ui, place: &Place) {
        let Some(dialog) = self.import.take() else {
            return;
        };
        match dialog {
            ImportDialog::AskPath { mut text, error } => {
                let mut answer = None;
                egui::Modal::new(egui::Id::unique("import path")).show(ui.ctx(), |ui| {
                    ui.set_max_width(560.0);
                    ui.heading(UiCommand::ImportCsv.label().trim_end_matches('…'));
                    let home = store::home_folder();
                    answer = path_entry_ui(
                        ui,
                        &place.folder(),
                        home.as_deref(),
                        &mut text,
                        error.as_deref(),
                        "register.csv",
                    );
                });
                match answer {
                    Some(PathEntry::Chosen(path)) if path.is_file() => {
                        self.preview_file(path, place);
                    }
                    Some(PathEntry::Chosen(path)) => {
                        let error = Some(format!("There is no file at {}", path.display()));
                        self.import = Some(ImportDialog::AskPath { text, error });
                    }
                    Some(PathEntry::Cancelled) => {}
                    None => self.import = Some(ImportDialog::AskPath { text, error }),
                }
            }
            ImportDialog::Preview(mut preview) => match preview_ui(ui, &mut preview) {
                Some(PreviewAnswer::Confirm) => {
                    self.task = Some(start_import(
                        &preview,
                        Arc::clone(place.book),
                        place.generation,
                        place.clock.now(),
                    ));
                }
                Some(PreviewAnswer::Cancel) => {}
                None => self.import = Some(ImportDialog::Preview(preview)),
            },
        }
    }

    /// What finished work asks of the desk, if anything.
    fn done(&mut self, result: TaskResult) -> Option<Request> {
        Some(match result {
            TaskResult::Exported { path, disclosures } => {
                let print = self.printing.take_if(|p| *p == path).is_some();
                Request::Exported {
                    path,
                    disclosures,
                    print,
                }
            }
            TaskResult::Attached {
                case,
                to,
                stored,
                failed,
            } => Request::Attached {
                case,
                to,
                stored,
                failed,
            },
            TaskResult::Extracted(path) => Request::OpenFile {
                path,
                reveal: false,
            },
            TaskResult::Previewed(preview) => {
                self.import = Some(ImportDialog::Preview(preview));
                return None;
            }
            TaskResult::Imported {
                book,
                generation,
                undo,
                entries,
                cases,
            } => Request::Imported {
                book,
                generation,
                undo,
                entries,
                cases,
            },
            TaskResult::MergeReady { view, generation } => Request::ReviewMerge(view, generation),
            TaskResult::Failed(e) => Request::Tell(Notice::error(e)),
            TaskResult::Told(notice) => Request::Tell(notice),
            TaskResult::Drafted(done) => Request::Drafted(done),
            TaskResult::Cancelled => {
                Request::Tell(Notice::info("Cancelled: nothing was written or imported"))
            }
        })
    }
}

fn ask_output(plan: &ExportPlan, place: &Place, dialogs: &mut dyn Dialogs) -> DialogResult {
    dialogs.save_file(&place.out_folder(dialogs), &plan.default_name, plan.kind)
}
