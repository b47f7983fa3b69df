//! The edits of people (beside the history of each case they are in, and in People): each
//! person is kept once for every case, so their edits are the casebook's, not one case's.
//! Newest first, with each changed field's old and new value.

use crate::domain::{Case, Casebook, Event};

/// "Changes to the people in this case", when any of them was edited.
pub fn people_edits_ui(ui: &mut egui::Ui, book: &Casebook, case: &Case) {
    let mut edits: Vec<&Event> = case
        .details
        .parties
        .iter()
        .flat_map(|p| book.history_of(p.person.0))
        .collect();
    edits.sort_by_key(|e| (e.recorded_at, e.id));
    edits.dedup_by_key(|e| e.id);
    edits_ui(ui, book, "Changes to the people in this case", edits);
}

/// Edits under `heading`, given oldest first and shown newest first, as a history is.
pub fn edits_ui<'a>(
    ui: &mut egui::Ui,
    book: &Casebook,
    heading: &str,
    edits: impl IntoIterator<Item = &'a Event>,
) {
    let edits: Vec<&Event> = edits.into_iter().collect();
    if edits.is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.heading(heading);
    for event in edits.into_iter().rev() {
        super::status::event_ui(ui, event, book, false);
    }
}
