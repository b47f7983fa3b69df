//! The context menu of a case's row in the register: open it, open it in a window of its own,
//! copy its reference or the row, export or print its summary.

use super::commands::UiCommand;
use super::request::Request;
use crate::domain::CaseId;

/// The menu's items; `row` gives the row's cells as shown, for "Copy row". Returns what the
/// officer chose.
pub fn ui(
    ui: &mut egui::Ui,
    case: CaseId,
    reference: &str,
    row: impl FnOnce() -> Vec<String>,
) -> Vec<Request> {
    let mut asked = Vec::new();
    if ui.button("Open").clicked() {
        asked.push(Request::ShowCase(case));
    }
    if ui.button("Open in new window").clicked() {
        asked.push(Request::OpenCaseWindow(case));
    }
    ui.separator();
    if ui.button("Copy reference").clicked() {
        asked.push(Request::Copy(reference.to_string()));
    }
    if ui
        .button("Copy row")
        .on_hover_text("The columns shown, apart by tabs: they paste into a spreadsheet's cells")
        .clicked()
    {
        asked.push(Request::Copy(row().join("\t")));
    }
    ui.separator();
    // Both act on the case selected: this one.
    if ui.button(UiCommand::ExportSummary.label()).clicked() {
        asked.extend([
            Request::ShowCase(case),
            Request::Ui(UiCommand::ExportSummary),
        ]);
    }
    if ui.button(UiCommand::Print.label()).clicked() {
        asked.extend([Request::ShowCase(case), Request::Ui(UiCommand::Print)]);
    }
    asked
}
