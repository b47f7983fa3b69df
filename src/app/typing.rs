//! Keys typed in one burst after a Tab wait a frame. egui moves the keyboard focus at the end
//! of the frame that saw the Tab, so text arriving in that same frame (a fast typist, a slow
//! frame, a paste macro) would land in the field being left. Held back, it reaches the field
//! Tab went to, in the order typed.

use egui::{Event, Key, RawInput};

#[derive(Default)]
pub struct AfterTab {
    held: Vec<Event>,
}

impl AfterTab {
    /// Puts the events held from the last frame before this frame's, then holds back whatever
    /// follows this frame's first Tab (and asks for the frame that will take them).
    pub fn hook(&mut self, ctx: &egui::Context, raw: &mut RawInput) {
        if !self.held.is_empty() {
            let mut events = std::mem::take(&mut self.held);
            events.append(&mut raw.events);
            raw.events = events;
        }
        let tab = raw.events.iter().position(|e| {
            matches!(
                e,
                Event::Key {
                    key: Key::Tab,
                    pressed: true,
                    ..
                }
            )
        });
        if let Some(tab) = tab
            && tab + 1 < raw.events.len()
        {
            self.held = raw.events.split_off(tab + 1);
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
        let mut after_tab = AfterTab::default();
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
}
