//! The one place keys are routed to the desk, once per frame before the panels run: a key
//! belongs to whatever has focus, so the register's arrows and the window's shortcuts act only
//! when no dropdown, popup or menu is open (issue 18: ↑ in an open Programme area dropdown
//! moved the register to the case above, and Enter then wrote into that case), and undo and
//! redo only when no text field has focus (there they undo the typing).

use super::commands::UiCommand;
use super::request::Request;
use egui::{Key, Modifiers};

/// What the keys pressed this frame ask the desk for. `dialog_open`: a dialog of the desk has
/// the keyboard, so nothing here acts.
pub fn route(ctx: &egui::Context, dialog_open: bool) -> Vec<Request> {
    // Popups are kept in egui's memory across frames, so this holds before the widgets run.
    if dialog_open || egui::Popup::is_any_open(ctx) {
        return Vec::new();
    }
    let mut requests: Vec<Request> = UiCommand::pressed(ctx, ctx.text_edit_focused())
        .map(Request::Ui)
        .into_iter()
        .collect();
    // The register's arrows, Escape (closes the case panel) and Ctrl+C (copies the selected
    // case's reference): only when no widget (a text field, a dropdown's button, a checkbox)
    // has focus, and taken, so nothing else acts on them too.
    if ctx.memory(|m| m.focused()).is_none() {
        for (key, step) in [(Key::ArrowUp, -1), (Key::ArrowDown, 1)] {
            if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key)) {
                requests.push(Request::MoveSelection(step));
            }
        }
        // egui drops the focus on Escape before any widget runs: an Escape that left a field
        // (focused when the last frame ended) was the field's.
        if !focused_at_end(ctx) && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
            requests.push(Request::CloseCase);
        }
        // The platform sends Ctrl+C as a copy event, not a key.
        let copy = ctx.input_mut(|i| {
            let events = i.events.len();
            i.events.retain(|e| !matches!(e, egui::Event::Copy));
            i.events.len() < events || i.consume_key(Modifiers::COMMAND, Key::C)
        });
        if copy {
            requests.push(Request::CopySelected);
        }
    }
    requests
}

fn focus_memory() -> egui::Id {
    egui::Id::unique("keys: a widget had focus when the frame ended")
}

fn focused_at_end(ctx: &egui::Context) -> bool {
    ctx.data(|d| d.get_temp::<bool>(focus_memory()))
        .unwrap_or(false)
}

/// Notes, once the frame's widgets have run, whether one of them has focus, for the next
/// frame's [`route`].
pub fn end_frame(ctx: &egui::Context) {
    let focused = ctx.memory(|m| m.focused().is_some());
    ctx.data_mut(|d| d.insert_temp(focus_memory(), focused));
}
