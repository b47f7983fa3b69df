//! "Restore unsaved work?": the prompt shown when a casebook opens with a journal of changes
//! that were never saved (`store::journal`). It lists what they are (when, who, which case, what
//! was done) and returns the officer's answer; the desk applies it (`Desk::answer_journal`).
//! Changes made to another version of the casebook are listed apart and never applied.

use crate::export::printable::one_line;
use crate::store::journal::{Entry, Pending};

/// What the officer chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestoreAnswer {
    /// Apply the unsaved changes; they still need saving.
    Restore,
    /// Drop the journal.
    Discard,
}

/// The prompt, with the journal it is about.
#[derive(Debug)]
pub struct RestorePrompt {
    pub pending: Pending,
}

/// The most entries listed one by one; the rest are counted.
const LISTED: usize = 200;

impl RestorePrompt {
    pub fn new(pending: Pending) -> Self {
        Self { pending }
    }

    /// Shows the prompt; returns the answer once given. It stays until answered: the work must
    /// be restored or discarded.
    pub fn show(&self, ui: &mut egui::Ui) -> Option<RestoreAnswer> {
        let mut answer = None;
        let pending = &self.pending;
        egui::Modal::new(egui::Id::unique("restore unsaved work")).show(ui.ctx(), |ui| {
            ui.set_max_width(640.0);
            ui.heading("Restore unsaved work?");
            if !pending.entries.is_empty() {
                ui.label(format!(
                    "Casedesk found {} made since this casebook was last saved, kept in its journal:",
                    crate::count::count(pending.entries.len(), "change", "changes")
                ));
                entries_ui(ui, "unsaved changes", &pending.entries);
            }
            if let Some(dropped) = &pending.dropped {
                ui.colored_label(ui.visuals().warn_fg_color, dropped.to_string());
            }
            if !pending.stale.is_empty() {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!(
                        "{} made to another version of this casebook (it was changed elsewhere since), so not applied. Discarding drops them:",
                        crate::count::count(pending.stale.len(), "change was", "changes were")
                    ),
                );
                entries_ui(ui, "changes not applied", &pending.stale);
            }
            ui.horizontal(|ui| {
                if !pending.entries.is_empty() && ui.button("Restore").clicked() {
                    answer = Some(RestoreAnswer::Restore);
                }
                if ui.button("Discard").clicked() {
                    answer = Some(RestoreAnswer::Discard);
                }
            });
        });
        answer
    }
}

/// The banner while a casebook that may be saved has no journal (it could not be read or
/// written, `why`): the officer's edits are kept only by saving.
pub fn unjournaled_ui(ui: &mut egui::Ui, why: &str) {
    egui::Panel::top("unjournaled banner").show(ui, |ui| {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "Your changes are not being journaled: each one is kept only once you save. Save often.",
        );
        ui.label(why);
    });
}

/// One line per entry: time, officer, case, what was done.
fn entries_ui(ui: &mut egui::Ui, id: &str, entries: &[Entry]) {
    egui::ScrollArea::vertical()
        .id_salt(id)
        .max_height(220.0)
        .show(ui, |ui| {
            for entry in entries.iter().take(LISTED) {
                ui.label(describe(entry));
            }
            if entries.len() > LISTED {
                ui.weak(format!("and {} more", entries.len() - LISTED));
            }
        });
}

/// "06 Dec 2026 10:15 — Ayesha Khan — EI-2026-0001 — Moved to …"
pub fn describe(entry: &Entry) -> String {
    one_line(&format!(
        "{} — {} — {} — {}",
        entry.at.format("%d %b %Y %H:%M"),
        if entry.officer.is_empty() {
            "(no officer name)"
        } else {
            &entry.officer
        },
        entry.case.as_deref().unwrap_or("the casebook"),
        entry.what()
    ))
    .into_owned()
}
