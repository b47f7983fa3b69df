//! Beside a case's history, the edits of the people in it (each person is kept once for every
//! case, so their edits are the casebook's, not one case's): newest first, with each changed
//! field's old and new value.

use crate::domain::{Case, Casebook, Event};

/// "Changes to the people in this case", when any of them was edited.
pub fn people_edits_ui(ui: &mut egui::Ui, book: &Casebook, case: &Case) {
    let mut edits: Vec<&Event> = case
        .details
        .parties
        .iter()
        .flat_map(|p| book.history_of(p.person.0))
        .collect();
    if edits.is_empty() {
        return;
    }
    edits.sort_by_key(|e| std::cmp::Reverse((e.recorded_at, e.id)));
    edits.dedup_by_key(|e| e.id);
    ui.add_space(8.0);
    ui.heading("Changes to the people in this case");
    for event in edits {
        super::status::event_ui(ui, event, false);
    }
}
