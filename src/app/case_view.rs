//! The case panel beside the register, and the new-case dialog (Ctrl+N).

use super::commands::UiCommand;
use super::dropdown::dropdown_ui;
use super::editor::Editor;
use super::form_keys::{DialogKeys, DiscardQuestion};
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
    attachments: super::attachments::AttachmentsTab,
    /// This panel is a case's own window (it offers no further window).
    own_window: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CaseTab {
    #[default]
    Status,
    Details,
    Attachments,
}

struct NewCaseDraft {
    kind: CaseKind,
    direction: Direction,
    opened: String,
    summary: String,
    error: Option<String>,
    /// Put the keyboard in the first field on the next frame.
    focus_first: bool,
    discard: DiscardQuestion,
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
            focus_first: true,
            discard: DiscardQuestion::default(),
        });
    }

    /// How many cases hold edits in this panel that could not be applied yet.
    pub fn unapplied(&self) -> usize {
        self.editor.unapplied()
    }

    /// Whether a dialog of the case panel has the keyboard.
    pub fn has_dialog(&self) -> bool {
        self.new_case.is_some() || self.status_dialog.is_some() || self.editor.has_dialog()
    }

    /// The panel of `case`, in the casebook `book` kept at the path beside it.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        (book, casebook): (&Casebook, &std::path::Path),
        case: &crate::domain::Case,
        today: NaiveDate,
        requests: &mut Vec<Request>,
    ) {
        // Wrapped, so a narrow panel still shows every button.
        ui.horizontal_wrapped(|ui| {
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
            if ui
                .button("Copy reference")
                .on_hover_text("Puts the reference on the clipboard, whole")
                .clicked()
            {
                requests.push(Request::Copy(case.reference.clone()));
            }
            if !self.own_window
                && ui
                    .button("Open in new window")
                    .on_hover_text("Work on this case side by side with another")
                    .clicked()
            {
                requests.push(Request::OpenCaseWindow(case.id));
            }
            if !self.own_window
                && ui
                    .button("Close")
                    .on_hover_text("Close this case and see the whole register (Esc)")
                    .clicked()
            {
                requests.push(Request::CloseCase);
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.selectable_value(&mut self.tab, CaseTab::Status, "Status and deadlines");
            ui.selectable_value(&mut self.tab, CaseTab::Details, "Case details");
            let attached = super::attachments::tab_label(case);
            ui.selectable_value(&mut self.tab, CaseTab::Attachments, attached);
            if !self.own_window
                && ui
                    .button("Export…")
                    .on_hover_text("A case summary to send or print (Markdown, HTML, PDF)")
                    .clicked()
            {
                requests.push(Request::Ui(UiCommand::ExportSummary));
            }
            if !self.own_window
                && ui
                    .button("Draft…")
                    .on_hover_text(
                        "A letter from this case (letter of request, covering letter, note verbale, chaser, acknowledgement) as Word or PDF, attached to it",
                    )
                    .clicked()
            {
                requests.push(Request::StartDraft(case.id));
            }
            if !self.own_window
                && ui
                    .button("Print")
                    .on_hover_text("The full summary opened in your PDF viewer, to print (Ctrl+P)")
                    .clicked()
            {
                requests.push(Request::Ui(UiCommand::Print));
            }
        });
        ui.separator();
        egui::ScrollArea::vertical().show(ui, |ui| match self.tab {
            CaseTab::Status => {
                super::agenda::review_ui(ui, case, today, requests);
                super::governance::case_agreement_ui(ui, book, case);
                status_ui(
                    ui,
                    (book, case),
                    (today, &book.settings.working_days()),
                    &mut self.status_dialog,
                );
                super::edits::people_edits_ui(ui, book, case);
            }
            CaseTab::Details => self.editor.ui(ui, book, case, today, requests),
            CaseTab::Attachments => self.attachments.ui(ui, book, casebook, case, requests),
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
        let keys = DialogKeys::before(ui.ctx());
        let mut close = false;
        let mut created = None;
        egui::Modal::new(egui::Id::unique("new case")).show(ui.ctx(), |ui| {
            ui.set_max_width(480.0);
            ui.heading("New case");
            let mut choices = Vec::new();
            let summary = egui::Grid::new("new case grid")
                .num_columns(2)
                .show(ui, |ui| {
                    let label = ui.label("Kind of case");
                    let kind = dropdown_ui(
                        ui,
                        "new case kind",
                        &mut draft.kind,
                        CaseKind::ALL,
                        |k| k.label().to_string(),
                        200.0,
                    )
                    .labelled_by(label.id);
                    if std::mem::take(&mut draft.focus_first) {
                        kind.request_focus();
                    }
                    // Only the directions the kind's workflow has a way through (a request to a
                    // service provider is always ours): the others are offered greyed.
                    let allowed = draft.kind.directions();
                    if !allowed.contains(&draft.direction)
                        && let Some(&first) = allowed.first()
                    {
                        draft.direction = first;
                    }
                    ui.end_row();
                    ui.label("Direction");
                    ui.horizontal(|ui| {
                        for d in Direction::ALL {
                            let radio = egui::RadioButton::new(draft.direction == *d, d.label());
                            let radio = ui.add_enabled(allowed.contains(d), radio);
                            if radio.clicked() {
                                draft.direction = *d;
                            }
                            choices.push(radio.id);
                        }
                    });
                    ui.end_row();
                    let label = ui.label("Date opened");
                    ui.add(egui::TextEdit::singleline(&mut draft.opened))
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label("Summary");
                    let summary = ui
                        .add(egui::TextEdit::multiline(&mut draft.summary).desired_rows(3))
                        .labelled_by(label.id);
                    ui.end_row();
                    summary.id
                })
                .inner;
            let order = book.settings.date_order;
            let opened = parse_date_for(&draft.opened, order, DateKind::Happened, today);
            // Put right, the date's error goes as it is typed.
            if opened.is_ok() {
                draft.error = None;
            }
            if let Some(e) = &draft.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            let mut create = false;
            ui.horizontal(|ui| {
                create = ui.button("Create").clicked();
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            });
            if draft.discard.ui(ui, "new case") {
                close = true;
            }
            let ctx = ui.ctx().clone();
            let typed = !draft.summary.trim().is_empty()
                || draft.opened != today.format("%Y-%m-%d").to_string();
            if keys.escape(&ctx) && draft.discard.escape(typed) {
                close = true;
            }
            if !draft.discard.is_asking() && keys.enter(&ctx, &[summary], &choices) {
                create = true;
            }
            if create {
                match opened {
                    Ok(opened) => {
                        let mut details = book.settings.new_case_details(draft.direction);
                        details.summary = draft.summary.trim().to_string();
                        crate::domain::crossings::handling_defaults(draft.kind, &mut details);
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
                        // A new case goes straight on to the full editor, the keyboard
                        // in its first field.
                        self.tab = CaseTab::Details;
                        self.editor.focus_first_field();
                    }
                    Err(e) => draft.error = Some(format!("Date opened: {e}")),
                }
            }
        });
        if close || created.is_some() {
            self.new_case = None;
        }
    }
}
