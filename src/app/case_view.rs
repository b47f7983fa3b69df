//! The case panel beside the register, and the new-case dialog (Ctrl+N).

use super::commands::UiCommand;
use super::editor::Editor;
use super::request::Request;
use super::status::{StatusDialog, status_dialog_ui, status_ui};
use crate::domain::{
    CaseId, CaseKind, Casebook, Command, Direction, IdSource, RandomIds,
    dates::{DateKind, parse_date_for},
};
use chrono::NaiveDate;

/// UI state of the case panel; drafts live here until they parse into domain data.
#[derive(Default)]
pub struct CaseView {
    new_case: Option<NewCaseDraft>,
    tab: CaseTab,
    status_dialog: Option<StatusDialog>,
    editor: Editor,
    /// This panel is a case's own window (it offers no further window).
    own_window: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CaseTab {
    #[default]
    Status,
    Details,
}

struct NewCaseDraft {
    kind: CaseKind,
    direction: Direction,
    opened: String,
    summary: String,
    error: Option<String>,
}

impl CaseView {
    /// The panel of a case shown in its own window.
    pub fn own_window() -> Self {
        Self {
            own_window: true,
            ..Self::default()
        }
    }

    pub fn start_new_case(&mut self, today: NaiveDate) {
        self.new_case = Some(NewCaseDraft {
            kind: CaseKind::Extradition,
            direction: Direction::Incoming,
            opened: today.format("%Y-%m-%d").to_string(),
            summary: String::new(),
            error: None,
        });
    }

    /// How many cases hold edits in this panel that could not be applied yet.
    pub fn unapplied(&self) -> usize {
        self.editor.unapplied()
    }

    /// Whether a dialog of the case panel has the keyboard.
    pub fn has_dialog(&self) -> bool {
        self.new_case.is_some() || self.status_dialog.is_some()
    }

    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        book: &Casebook,
        case: &crate::domain::Case,
        today: NaiveDate,
        requests: &mut Vec<Request>,
    ) {
        ui.horizontal(|ui| {
            ui.heading(&case.reference);
            ui.label(format!(
                "{} {}",
                case.kind,
                case.direction.label().to_lowercase()
            ));
            ui.label(case.details.marking.label());
            if case.details.ncnd {
                ui.colored_label(ui.visuals().warn_fg_color, "Neither confirm nor deny");
            }
            if !self.own_window
                && ui
                    .button("Open in new window")
                    .on_hover_text("Work on this case side by side with another")
                    .clicked()
            {
                requests.push(Request::OpenCaseWindow(case.id));
            }
        });
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.tab, CaseTab::Status, "Status and deadlines");
            ui.selectable_value(&mut self.tab, CaseTab::Details, "Case details");
            if !self.own_window
                && ui
                    .button("Export…")
                    .on_hover_text("A case summary to send or print (Markdown, HTML, PDF)")
                    .clicked()
            {
                requests.push(Request::Ui(UiCommand::ExportSummary));
            }
        });
        ui.separator();
        egui::ScrollArea::vertical().show(ui, |ui| match self.tab {
            CaseTab::Status => {
                super::agenda::review_ui(ui, case, today, requests);
                status_ui(ui, case, today, &mut self.status_dialog);
            }
            CaseTab::Details => self.editor.ui(ui, book, case, today, requests),
        });
    }

    /// The dialogs opened from the case panel.
    pub fn dialogs_ui(
        &mut self,
        ui: &mut egui::Ui,
        book: &Casebook,
        today: NaiveDate,
        requests: &mut Vec<Request>,
    ) {
        status_dialog_ui(ui, book, today, &mut self.status_dialog, requests);
    }

    /// The new-case dialog; the case created is shown in the register.
    pub fn new_case_ui(
        &mut self,
        ui: &mut egui::Ui,
        book: &Casebook,
        today: NaiveDate,
        requests: &mut Vec<Request>,
    ) {
        let Some(draft) = self.new_case.as_mut() else {
            return;
        };
        let mut close = ui.input(|i| i.key_pressed(egui::Key::Escape));
        let mut created = None;
        egui::Modal::new(egui::Id::unique("new case")).show(ui.ctx(), |ui| {
            ui.set_max_width(480.0);
            ui.heading("New case");
            egui::Grid::new("new case grid")
                .num_columns(2)
                .show(ui, |ui| {
                    ui.label("Kind");
                    ui.horizontal(|ui| {
                        for k in CaseKind::ALL {
                            ui.radio_value(&mut draft.kind, *k, k.label());
                        }
                    });
                    ui.end_row();
                    ui.label("Direction");
                    ui.horizontal(|ui| {
                        for d in Direction::ALL {
                            ui.radio_value(&mut draft.direction, *d, d.label());
                        }
                    });
                    ui.end_row();
                    let label = ui.label("Date opened");
                    ui.add(egui::TextEdit::singleline(&mut draft.opened))
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label("Summary");
                    ui.add(egui::TextEdit::multiline(&mut draft.summary).desired_rows(3))
                        .labelled_by(label.id);
                    ui.end_row();
                });
            if let Some(e) = &draft.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            ui.horizontal(|ui| {
                if ui.button("Create").clicked() {
                    let order = book.settings.date_order;
                    match parse_date_for(&draft.opened, order, DateKind::Happened, today) {
                        Ok(opened) => {
                            let mut details = book.settings.new_case_details(draft.direction);
                            details.summary = draft.summary.trim().to_string();
                            let id = CaseId(RandomIds.next_uuid());
                            requests.push(Request::Change(Command::OpenCase {
                                id,
                                kind: draft.kind,
                                direction: draft.direction,
                                opened,
                                details: Box::new(details),
                            }));
                            requests.push(Request::ShowCase(id));
                            created = Some(id);
                            // A new case goes straight on to the full editor.
                            self.tab = CaseTab::Details;
                        }
                        Err(e) => draft.error = Some(format!("Date opened: {e}")),
                    }
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            });
        });
        if close || created.is_some() {
            self.new_case = None;
        }
    }
}
