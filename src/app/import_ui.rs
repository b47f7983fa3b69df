//! Import from a spreadsheet (CSV): the file is read into a preview in the background, every
//! row shown with its problems and likely duplicates and a decision (import, skip, merge into
//! an existing case). Nothing changes until the officer confirms; the confirmed rows are then
//! applied in the background to a copy of the casebook, all or nothing, as one undo step.

use super::dropdown::dropdown_ui;
use super::tasks::{Task, TaskResult};
use crate::domain::{Casebook, RandomIds};
use crate::export::csv::{COLUMNS, Decision, ImportPreview, PreviewRow};
use crate::export::csv_layout::{self, Layout};
use chrono::{DateTime, FixedOffset, NaiveDate};
use egui_extras::{Column, TableBuilder};
use std::path::PathBuf;
use std::sync::Arc;

pub const CSV: super::files::FileKind = super::files::FileKind {
    name: "Spreadsheet (CSV)",
    extensions: &["csv"],
};

pub enum ImportDialog {
    /// No file dialog could be shown: the path typed in the window.
    AskPath { text: String, error: Option<String> },
    /// A file read against the casebook; nothing imported yet.
    Preview(ImportPreview),
}

/// What the officer did with the preview this frame.
pub enum PreviewAnswer {
    Cancel,
    Confirm,
}

/// Reads `path` into a preview in the background.
pub fn start_preview(path: PathBuf, book: Arc<Casebook>, today: NaiveDate) -> Task {
    let name = super::files::display_name(&path);
    Task::spawn(format!("Reading {name}"), move |progress| {
        if progress.begin(format!("Reading {name}"), 0).is_err() {
            return TaskResult::Cancelled;
        }
        let csv = match crate::store::read_import(&path) {
            Ok(bytes) => csv_layout::read(&bytes, None, None, COLUMNS),
            Err(e) => return TaskResult::Failed(format!("Could not read {}: {e}", path.display())),
        };
        if progress
            .begin("Checking every row against the casebook", 0)
            .is_err()
        {
            return TaskResult::Cancelled;
        }
        match crate::export::csv::preview_in(&book, &name, &csv.text, csv.layout, today) {
            Ok(_) if progress.is_cancelled() => TaskResult::Cancelled,
            Ok(preview) => TaskResult::Previewed(preview),
            Err(e) => TaskResult::Failed(format!("{name}: {e}")),
        }
    })
}

/// Applies the confirmed rows to a copy of `book` (taken at `generation`) in the background.
/// A row that fails, or a cancel, leaves the casebook as it was.
pub fn start_import(
    preview: &ImportPreview,
    book: Arc<Casebook>,
    generation: u64,
    now: DateTime<FixedOffset>,
) -> Task {
    let commands = preview.commands(&book, &mut RandomIds);
    let cases = preview
        .rows
        .iter()
        .filter(|r| r.case.is_some() && r.decision != Decision::Skip)
        .count();
    Task::spawn(
        format!("Importing {}", crate::count::count(cases, "row", "rows")),
        move |progress| {
            let mut copy = (*book).clone();
            if progress.begin("Adding the cases", commands.len()).is_err() {
                return TaskResult::Cancelled;
            }
            let mut undo = Some(Vec::with_capacity(commands.len()));
            let mut entries = Vec::with_capacity(commands.len());
            for command in commands {
                if progress.is_cancelled() {
                    return TaskResult::Cancelled;
                }
                // Each row as the journal replays it, journaled once the import is adopted.
                match crate::store::journal::applying(&mut copy, command, now) {
                    Ok((applied, entry)) => {
                        entries.push(entry);
                        match (applied.undo, &mut undo) {
                            (Some(inverse), Some(list)) => list.push(inverse),
                            _ => undo = None,
                        }
                    }
                    Err(e) => {
                        return TaskResult::Failed(format!("Nothing was imported: {e}"));
                    }
                }
                progress.advance();
            }
            if let Some(list) = &mut undo {
                list.reverse();
            }
            TaskResult::Imported {
                book: Box::new(copy),
                generation,
                undo,
                entries,
                cases,
            }
        },
    )
}

/// The preview: every row with its problems, duplicates and decision.
pub fn preview_ui(ui: &mut egui::Ui, preview: &mut ImportPreview) -> Option<PreviewAnswer> {
    let mut answer = None;
    let decided = |d: fn(&Decision) -> bool| {
        preview
            .rows
            .iter()
            .filter(|r| r.case.is_some() && d(&r.decision))
            .count()
    };
    let (import, merge) = (
        decided(|d| *d == Decision::Import),
        decided(|d| matches!(d, Decision::Merge(_))),
    );
    let problems = preview.problem_rows().count();
    egui::Modal::new(egui::Id::unique("import preview")).show(ui.ctx(), |ui| {
        let size = ui.ctx().content_rect().size();
        ui.set_width((size.x - 120.0).clamp(400.0, 1200.0));
        ui.heading(format!("Import from {}", preview.source));
        ui.label(format!(
            "{}: {import} to import, {merge} to merge into existing cases, {} to skip. {}",
            crate::count::count(preview.rows.len(), "row", "rows"),
            preview.rows.len() - import - merge,
            crate::count::count(problems, "row has problems and cannot be imported.", "rows have problems and cannot be imported.")
        ));
        if preview.layout != Layout::PLAIN {
            // A wrong guess garbles names: the officer checks them in the rows below.
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "Read as {}. Check that names and accents in the rows below read right before importing.",
                    preview.layout
                ),
            );
        }
        if !preview.ignored_columns.is_empty() {
            ui.weak(format!(
                "Columns not imported: {}",
                preview.ignored_columns.join(", ")
            ));
        }
        ui.weak("Nothing is imported until you confirm. Each imported case records the file and row in its history.");
        ui.separator();
        let height = (size.y - 300.0).max(200.0);
        rows_ui(ui, &mut preview.rows, height);
        ui.separator();
        ui.horizontal(|ui| {
            let n = import + merge;
            if ui
                .add_enabled(n > 0, egui::Button::new(format!("Import {}", crate::count::count(n, "row", "rows"))))
                .clicked()
            {
                answer = Some(PreviewAnswer::Confirm);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(PreviewAnswer::Cancel);
            }
        });
    });
    answer
}

fn rows_ui(ui: &mut egui::Ui, rows: &mut [PreviewRow], height: f32) {
    let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.4;
    let error = ui.visuals().error_fg_color;
    let warn = ui.visuals().warn_fg_color;
    TableBuilder::new(ui)
        .id_salt("import rows")
        .striped(true)
        .max_scroll_height(height)
        .min_scrolled_height(height.min(400.0))
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(50.0))
        .column(Column::initial(130.0).clip(true))
        .column(Column::initial(230.0).clip(true))
        .column(Column::remainder().at_least(260.0).clip(true))
        .column(Column::exact(220.0))
        .header(22.0, |mut header| {
            for title in [
                "Row",
                "Reference",
                "Case",
                "Problems and likely duplicates",
                "Decision",
            ] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(row_height, rows.len(), |mut table_row| {
                let r = &mut rows[table_row.index()];
                table_row.col(|ui| {
                    ui.label(r.row.to_string());
                });
                table_row.col(|ui| {
                    ui.label(if r.reference.is_empty() {
                        "—"
                    } else {
                        &r.reference
                    });
                });
                table_row.col(|ui| match &r.case {
                    Some(c) => {
                        ui.vertical(|ui| {
                            ui.label(format!(
                                "{} {} · {}",
                                c.kind,
                                c.direction.label().to_lowercase(),
                                c.status.label(),
                            ));
                            ui.label(&c.requested_person);
                        });
                    }
                    None => {
                        ui.weak("Not readable");
                    }
                });
                table_row.col(|ui| {
                    ui.vertical(|ui| {
                        for p in &r.problems {
                            ui.colored_label(error, p.to_string());
                        }
                        for d in &r.duplicates {
                            ui.colored_label(warn, format!("Like {} ({})", d.reference, d.reason));
                        }
                        if r.problems.is_empty() && r.duplicates.is_empty() {
                            ui.weak("No problem");
                        }
                    });
                });
                table_row.col(|ui| decision_ui(ui, r));
            });
        });
}

fn decision_ui(ui: &mut egui::Ui, r: &mut PreviewRow) {
    if r.case.is_none() {
        ui.weak("Skip (fix the row and import again)");
        return;
    }
    let label = |d: Decision| match d {
        Decision::Import => "Import as a new case".to_string(),
        Decision::Skip => "Skip".to_string(),
        Decision::Merge(id) => r
            .duplicates
            .iter()
            .find(|d| d.case == id)
            .map_or_else(|| "Merge".into(), |d| format!("Merge into {}", d.reference)),
    };
    let mut choice = r.decision;
    let mut options = vec![Decision::Import, Decision::Skip];
    options.extend(r.duplicates.iter().map(|d| Decision::Merge(d.case)));
    dropdown_ui(
        ui,
        ("decision", r.row),
        &mut choice,
        &options,
        |d| label(*d),
        200.0,
    );
    r.decision = choice;
}
