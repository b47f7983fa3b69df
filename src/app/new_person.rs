//! The "New person" dialog, opened from People and from a case's parties: the person's form
//! with the keyboard in its first field, a warning of likely duplicates as the officer types
//! (the rule is the domain's `likely_duplicates`), Enter to create, Escape to close (asking
//! first when something was typed).

use super::form_keys::{DialogKeys, DiscardQuestion};
use super::people::PersonForm;
use crate::domain::{Casebook, Person, likely_duplicates};
use chrono::NaiveDate;

pub struct NewPersonDialog {
    form: PersonForm,
    discard: DiscardQuestion,
}

/// How the dialog ended.
pub enum NewPerson {
    /// Create this person (the caller pushes the command).
    Created(Person),
    Closed,
}

impl NewPersonDialog {
    /// A dialog for someone new, the name field holding `name` (what the officer searched).
    pub fn new(name: &str) -> Self {
        Self {
            form: PersonForm::new_person(name),
            discard: DiscardQuestion::default(),
        }
    }

    /// Shows the dialog; `Some` once it ends.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        book: &Casebook,
        today: NaiveDate,
    ) -> Option<NewPerson> {
        let Self { form, discard } = self;
        let keys = DialogKeys::before(ui.ctx());
        let mut outcome = None;
        egui::Modal::new(egui::Id::unique("new person")).show(ui.ctx(), |ui| {
            ui.set_max_width(520.0);
            ui.heading("New person");
            let multiline = form.ui(ui);
            // Warn of likely duplicates as the officer types.
            let candidate = form.parse(book, today);
            let duplicates = candidate
                .as_ref()
                .map(|p| likely_duplicates(p, book.people()))
                .unwrap_or_default();
            if !duplicates.is_empty() {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    "This may be someone already in the casebook:",
                );
                for (other, why) in &duplicates {
                    ui.label(format!("• {} ({why})", other.name));
                }
            }
            let mut create = false;
            ui.horizontal(|ui| {
                let text = if duplicates.is_empty() {
                    "Create"
                } else {
                    "Create anyway"
                };
                create = ui.button(text).clicked();
                if ui.button("Cancel").clicked() {
                    outcome = Some(NewPerson::Closed);
                }
            });
            if discard.ui(ui, "new person") {
                outcome = Some(NewPerson::Closed);
            }
            let ctx = ui.ctx().clone();
            if keys.escape(&ctx) && discard.escape(!form.is_blank()) {
                outcome = Some(NewPerson::Closed);
            }
            if !discard.is_asking() && keys.enter(&ctx, &[multiline], &[]) {
                create = true;
            }
            if create {
                match candidate {
                    Ok(p) => outcome = Some(NewPerson::Created(p)),
                    Err(errors) => form.errors = errors,
                }
            }
        });
        outcome
    }
}
