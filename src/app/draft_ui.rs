//! The Draft dialog's own part (`docs/drafting.md`): which letter, in which format, what the
//! case lacks for it (the completeness check, with the sources), "Draft anyway" when it lacks
//! something, and the merge fields a template may use. The rest (the output file, the work in
//! the background) is the export dialog's (`export_ui.rs`, `transfers.rs`); once the file is
//! written the desk attaches it to the case.

use super::clock::Clock;
use super::dropdown::dropdown_ui;
use super::files::FileKind;
use crate::domain::drafting::{self, DraftKind, Drafted};
use crate::domain::{Case, CaseId, Casebook};
use crate::export::ExportMeta;
use crate::export::draft::{self, DraftFormat, fields::FIELDS};
use crate::store::templates;
use std::sync::Arc;

/// What a drafted letter is attached to its case as, once its file is written.
pub struct DraftAttach {
    pub case: CaseId,
    pub name: String,
    pub drafted: Drafted,
}

/// A drafted letter written: its bytes, to keep with the case.
pub struct DraftDone {
    pub path: std::path::PathBuf,
    pub attach: DraftAttach,
    pub bytes: Vec<u8>,
}

/// A letter drafted, to write once the officer says where (`export_ui::ExportPlan`).
pub struct DraftPlan {
    pub default_name: String,
    pub kind: FileKind,
    pub title: String,
    pub bytes: Vec<u8>,
    pub attach: DraftAttach,
}

/// The answers about a letter to draft.
pub struct DraftChoice {
    pub case: CaseId,
    document: DraftKind,
    format: DraftFormat,
    /// Draft although the case lacks something: each gap a placeholder.
    anyway: bool,
}

/// The documents `case` can have.
fn suited(case: &Case) -> Vec<DraftKind> {
    DraftKind::ALL
        .iter()
        .copied()
        .filter(|k| k.suits(case).is_ok())
        .collect()
}

impl DraftChoice {
    /// A letter for `case`: the first document it can have, as a .docx.
    pub fn new(case: &Case) -> Self {
        Self {
            case: case.id,
            document: suited(case)
                .first()
                .copied()
                .unwrap_or(DraftKind::NoteVerbale),
            format: DraftFormat::Docx,
            anyway: false,
        }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, book: &Casebook) {
        let Some(case) = book.case(self.case) else {
            ui.label("That case is no longer in the casebook.");
            return;
        };
        ui.label(format!("From {}", case.reference));
        let documents = suited(case);
        if documents.is_empty() {
            ui.label("Casedesk drafts no letter for this kind of case.");
            return;
        }
        ui.horizontal(|ui| {
            let label = ui.label("Document");
            let before = self.document;
            dropdown_ui(
                ui,
                "draft document",
                &mut self.document,
                &documents,
                |k| k.label().to_string(),
                320.0,
            )
            .labelled_by(label.id);
            if self.document != before {
                self.anyway = false;
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label("Format");
            dropdown_ui(
                ui,
                "draft format",
                &mut self.format,
                DraftFormat::ALL,
                DraftFormat::to_string,
                160.0,
            )
            .labelled_by(label.id);
        });
        let gaps = drafting::check(book, case, self.document);
        if gaps.is_empty() {
            ui.label(format!(
                "The case records everything a {} needs.",
                self.document.label().to_lowercase()
            ));
        } else {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("The case lacks what the {} needs:", self.document.label()),
            );
            for gap in &gaps {
                ui.label(format!("• {gap}"))
                    .on_hover_text(format!("Source: {}", gap.need.source()));
            }
            ui.checkbox(
                &mut self.anyway,
                "Draft anyway: each gap is drafted as [MISSING: …]",
            );
        }
        egui::CollapsingHeader::new("Merge fields a template may use").show(ui, |ui| {
            ui.label(
                "Write {{name}} in a template; a file of the document's name in your templates folder replaces Casedesk's (docs/drafting.md §7).",
            );
            // Scrolled, so the dialog's buttons stay on screen.
            egui::ScrollArea::vertical().max_height(180.0).show(ui, |ui| {
                egui::Grid::new("merge fields").striped(true).show(ui, |ui| {
                    for f in FIELDS {
                        ui.monospace(f.name);
                        ui.label(if f.list {
                            format!("{} (list)", f.about)
                        } else {
                            f.about.to_string()
                        });
                        ui.end_row();
                    }
                });
            });
        });
    }

    /// The draft to write, or why not yet: a case lacking something needs "Draft anyway".
    pub fn plan(&self, book: &Arc<Casebook>, clock: Clock) -> Result<DraftPlan, String> {
        let case = book
            .case(self.case)
            .ok_or("That case is no longer in the casebook")?;
        let kind = self.document;
        kind.suits(case)?;
        let gaps: Vec<String> = drafting::check(book, case, kind)
            .iter()
            .map(ToString::to_string)
            .collect();
        if !gaps.is_empty() && !self.anyway {
            return Err(format!(
                "The case lacks {}: record {}, or tick \"Draft anyway\"",
                crate::count::count(gaps.len(), "thing", "things"),
                if gaps.len() == 1 { "it" } else { "them" }
            ));
        }
        let folder =
            templates::templates_folder(std::env::var_os(templates::TEMPLATES_DIR_VARIABLE));
        let own = templates::officer_template(folder.as_deref(), &format!("{}.txt", kind.code()))
            .map_err(|e| e.to_string())?;
        let template = draft::template_for(kind, own.as_ref()).map_err(|e| e.to_string())?;
        let format = self.format;
        let name = draft::file_name(case, kind, format);
        let meta = ExportMeta::of_this_build(clock.now(), "");
        // A letter is a page or two: drafted here, so a template's mistake is said in the
        // dialog, before a file is asked for.
        let letter = draft::letter(book, case, kind, &template, &meta, clock.today())
            .map_err(|e| e.to_string())?;
        let bytes = draft::render(&letter, format, &meta).map_err(|e| e.to_string())?;
        let kind_of_file = match format {
            DraftFormat::Docx => FileKind {
                name: "Word document",
                extensions: &["docx"],
            },
            DraftFormat::Pdf => FileKind {
                name: "PDF",
                extensions: &["pdf"],
            },
        };
        Ok(DraftPlan {
            default_name: name.clone(),
            kind: kind_of_file,
            title: format!("Drafting the {}", kind.label()),
            bytes,
            attach: DraftAttach {
                case: self.case,
                name,
                drafted: Drafted {
                    document: kind,
                    gaps,
                },
            },
        })
    }
}
