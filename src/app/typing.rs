//! Keys typed in one burst after a key that moves the keyboard wait a frame. egui moves the
//! focus at the end of the frame that saw Tab, or Ctrl+F, Ctrl+N, Enter or Escape (which open
//! and close fields and dialogs), so text arriving in that same frame (a fast typist, a slow
//! frame, a paste macro) would land in the field being left, or nowhere. Held back, it reaches
//! the field the key went to, in the order typed.

use egui::{Event, Key, RawInput};

#[derive(Default)]
pub struct AfterFocusKeys {
    held: Vec<Event>,
}

impl AfterFocusKeys {
    /// Puts the events held from the last frame before this frame's, then holds back whatever
    /// follows this frame's first key that moves the keyboard (and asks for the frame that
    /// will take them).
    pub fn hook(&mut self, ctx: &egui::Context, raw: &mut RawInput) {
        if !self.held.is_empty() {
            let mut events = std::mem::take(&mut self.held);
            events.append(&mut raw.events);
            raw.events = events;
        }
        let mover = raw.events.iter().position(|e| match e {
            Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } => matches!(key, Key::Tab | Key::Enter | Key::Escape) || modifiers.command,
            _ => false,
        });
        if let Some(mover) = mover
            && mover + 1 < raw.events.len()
        {
            self.held = raw.events.split_off(mover + 1);
            ctx.request_repaint();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two one-line fields, the first focused; each frame's input goes through the hook.
    #[test]
    fn text_typed_in_the_frame_of_a_tab_lands_in_the_next_field() {
        let ctx = egui::Context::default();
        let mut after_tab = AfterFocusKeys::default();
        let (mut name, mut agency) = (String::new(), String::new());
        let mut frame = |events: Vec<Event>, focus_first: bool| {
            let mut raw = RawInput {
                events,
                ..RawInput::default()
            };
            after_tab.hook(&ctx, &mut raw);
            let mut output = ctx.run_ui(raw, |ui| {
                let first = ui.text_edit_singleline(&mut name);
                ui.text_edit_singleline(&mut agency);
                if focus_first {
                    first.request_focus();
                }
            });
            // No painter here to take the font textures.
            output.textures_delta.clear();
        };
        frame(Vec::new(), true);
        frame(Vec::new(), false);
        let tab = Event::Key {
            key: Key::Tab,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        };
        frame(
            vec![
                Event::Text("Ayesha".into()),
                tab.clone(),
                Event::Text("NCA".into()),
            ],
            false,
        );
        frame(Vec::new(), false);
        assert_eq!((name.as_str(), agency.as_str()), ("Ayesha", "NCA"));
    }

    /// A shortcut that puts the keyboard in a field (Ctrl+F, the register's filter) and the
    /// text typed straight after it, in one frame.
    #[test]
    fn text_typed_in_the_frame_of_a_shortcut_reaches_the_field_it_focuses() {
        let ctx = egui::Context::default();
        let mut after_tab = AfterFocusKeys::default();
        let mut filter = String::new();
        let find = egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, Key::F);
        let mut frame = |events: Vec<Event>| {
            let mut raw = RawInput {
                events,
                ..RawInput::default()
            };
            after_tab.hook(&ctx, &mut raw);
            let mut output = ctx.run_ui(raw, |ui| {
                let field = ui.text_edit_singleline(&mut filter);
                if ui.input_mut(|i| i.consume_shortcut(&find)) {
                    field.request_focus();
                }
            });
            output.textures_delta.clear();
        };
        frame(Vec::new());
        let ctrl_f = Event::Key {
            key: Key::F,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::COMMAND,
        };
        frame(vec![ctrl_f, Event::Text("35202".into())]);
        frame(Vec::new());
        assert_eq!(filter, "35202");
    }
}
