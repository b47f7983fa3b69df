//! Who the officer is: asked on the very first run and changed from File → Your name and
//! agency…. Kept per installation (`store::Officer`), and recorded in every event and team copy
//! made here.

use crate::store::Officer;

/// The name and agency as the officer is typing them.
pub struct OfficerForm {
    name: String,
    agency: String,
    error: Option<String>,
    /// The name field has been given the focus once, when the form opened.
    focused: bool,
}

impl OfficerForm {
    /// A form holding `current`, if the officer is known already.
    pub fn of(current: Option<&Officer>) -> Self {
        Self {
            name: current.map(|o| o.name.clone()).unwrap_or_default(),
            agency: current.map(|o| o.agency.clone()).unwrap_or_default(),
            error: None,
            focused: false,
        }
    }

    /// What the officer typed, to tell whether Escape would throw it away.
    pub fn typed(&self) -> (&str, &str) {
        (&self.name, &self.agency)
    }

    /// Says why what was entered could not be kept.
    pub fn fail(&mut self, error: String) {
        self.error = Some(error);
    }

    /// The fields and `confirm` as the button; the officer once confirmed with a name.
    pub fn ui(&mut self, ui: &mut egui::Ui, confirm: &str) -> Option<Officer> {
        let mut response = None;
        for (label, text) in [
            ("Your name", &mut self.name),
            ("Your agency", &mut self.agency),
        ] {
            let label = ui.label(label);
            let field = ui
                .add(egui::TextEdit::singleline(text).desired_width(360.0))
                .labelled_by(label.id);
            response.get_or_insert(field);
        }
        if let Some(first) = response.as_ref().filter(|_| !self.focused) {
            first.request_focus();
            self.focused = true;
        }
        if let Some(error) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.button(confirm).clicked() || enter {
            return self.confirmed();
        }
        None
    }

    fn confirmed(&mut self) -> Option<Officer> {
        let name = self.name.trim();
        if name.is_empty() {
            self.error = Some("Enter your name: every event you record carries it".into());
            return None;
        }
        self.error = None;
        Some(Officer {
            name: name.to_string(),
            agency: self.agency.trim().to_string(),
        })
    }
}
