//! The keys of a dialog holding a form, in one place (issue 18, item 6): Enter takes its default
//! action, Escape closes the innermost thing open (a dropdown's list first, then a question,
//! then the dialog) and never throws typed data away without asking. New case and New person
//! keep their [`DiscardQuestion`]; every other dialog asks through [`escape_closes`].

use egui::{Context, Id, Key, Modifiers, Popup, Ui};
use std::hash::{DefaultHasher, Hash, Hasher};

/// Read around a dialog's widgets: [`DialogKeys::before`] ahead of them, then `enter` and
/// `escape` after them, so a key a widget took (a dropdown's Enter, a list's Escape) is not
/// taken twice.
pub struct DialogKeys {
    popup_was_open: bool,
}

impl DialogKeys {
    /// Before the dialog's widgets run. A list open last frame has the keys this frame.
    pub fn before(ctx: &Context) -> Self {
        Self {
            popup_was_open: Popup::is_any_open(ctx),
        }
    }

    /// Whether Enter takes the dialog's default action: pressed in a one-line field, on one of
    /// the dialog's `choices` (radio buttons) or with nothing focused. On a button or a
    /// checkbox Enter is that widget's; in `multiline` fields it starts a new line.
    pub fn enter(&self, ctx: &Context, multiline: &[Id], choices: &[Id]) -> bool {
        let focused = ctx.memory(|m| m.focused());
        let in_a_line = match focused {
            None => true,
            Some(id) => {
                choices.contains(&id) || ctx.text_edit_focused() && !multiline.contains(&id)
            }
        };
        !self.popup_was_open
            && in_a_line
            && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter))
    }

    /// Whether Escape asks to close the dialog (or the question it shows).
    pub fn escape(&self, ctx: &Context) -> bool {
        !self.popup_was_open && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
    }
}

/// Asks before a dialog holding typed data is closed by Escape.
#[derive(Clone, Default)]
pub struct DiscardQuestion {
    asking: bool,
}

impl DiscardQuestion {
    /// Whether the question is shown (its Enter and Escape are its own).
    pub fn is_asking(&self) -> bool {
        self.asking
    }

    /// After Escape: closes at once (returns true) when nothing was typed, asks otherwise;
    /// Escape while asking answers "Keep editing".
    pub fn escape(&mut self, typed: bool) -> bool {
        if self.asking {
            self.asking = false;
            false
        } else if typed {
            self.asking = true;
            false
        } else {
            true
        }
    }

    /// The question, if asked; returns true when the officer chose to discard.
    pub fn ui(&mut self, ui: &mut Ui, what: &str) -> bool {
        if !self.asking {
            return false;
        }
        let mut discard = false;
        ui.separator();
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("Discard the {what} you typed?"),
        );
        ui.horizontal(|ui| {
            let keep = ui.button("Keep editing");
            if keep.clicked() {
                self.asking = false;
            }
            if ui.button("Discard").clicked() {
                discard = true;
            }
            // The safe answer has the keyboard: Enter keeps editing.
            if !ui.memory(|m| m.focused().is_some()) {
                keep.request_focus();
            }
        });
        discard
    }
}

/// What [`escape_closes`] keeps of a dialog between frames, in egui's memory.
#[derive(Clone)]
struct Guarded {
    /// The fields as the dialog opened.
    opened: u64,
    /// The pass it was last shown in: a later showing after a gap is a new opening.
    last_pass: u64,
    question: DiscardQuestion,
}

/// Escape in a dialog holding typed data, drawn inside the dialog (`ui`): whether the dialog
/// closes now. Its `fields` as the dialog opened are remembered with the dialog; Escape closes at
/// once if they are unchanged, else asks "Discard the `what` you typed?" (Escape again, or
/// Enter, keeps editing). `escape`: Escape was pressed and no list inside the dialog took it.
pub fn escape_closes(ui: &mut Ui, escape: bool, fields: impl Hash, what: &str) -> bool {
    let id = ui.scope_id().with("discard question");
    let mut hasher = DefaultHasher::new();
    fields.hash(&mut hasher);
    let now = hasher.finish();
    let pass = ui.ctx().cumulative_pass_nr();
    let mut guard = ui
        .data(|d| d.get_temp::<Guarded>(id))
        .filter(|g| g.last_pass + 1 >= pass)
        .unwrap_or(Guarded {
            opened: now,
            last_pass: pass,
            question: DiscardQuestion::default(),
        });
    guard.last_pass = pass;
    let mut close = escape && guard.question.escape(now != guard.opened);
    close |= guard.question.ui(ui, what);
    if close {
        ui.data_mut(|d| d.remove::<Guarded>(id));
    } else {
        ui.data_mut(|d| d.insert_temp(id, guard));
    }
    close
}
