//! The one dropdown every form uses: a choice of a few options that works from the keyboard as
//! well as the mouse (issue 18, items 6 and 9).
//!
//! Focused (Tab reaches it), ↓ or ↑ opens the list on the current choice, as do Enter and
//! Space; in the open list ↑/↓ move, Home/End jump, typing letters jumps to the option they
//! start (`p` Passport, `n` NICOP), Enter or Space picks, Escape closes the list only, Tab
//! closes it and moves on. The keys an open list takes never reach the dialog or the register
//! behind it. Its list is drawn directly above the dialog it belongs to, never behind it.

use egui::{
    Event, EventFilter, Id, Key, LayerId, Modifiers, Popup, PopupCloseBehavior, Response, Ui,
    WidgetInfo, accesskit::Role,
};

/// How long after a letter the next one continues the same word (`ni` NICOP).
const TYPE_AHEAD_SECS: f64 = 1.0;

/// The open list's state, kept in egui's memory by the dropdown's id.
#[derive(Clone, Default)]
struct Listing {
    /// The option the keys point at.
    highlight: usize,
    /// Letters typed into the open list, and when the last came.
    typed: String,
    typed_at: f64,
    /// The highlight moved by a key this frame: scroll it into view.
    moved: bool,
}

/// A dropdown choosing `value` among `options`, shown by `name`. Returns the button's response,
/// marked changed when a new option was picked; label it with `labelled_by`.
pub fn dropdown_ui<T: Clone + PartialEq>(
    ui: &mut Ui,
    id_salt: impl egui::AsIdSalt,
    value: &mut T,
    options: &[T],
    name: impl Fn(&T) -> String,
    width: f32,
) -> Response {
    let id = ui.make_persistent_id(id_salt);
    let popup_id = id.with("list");
    let names: Vec<String> = options.iter().map(&name).collect();
    let current = options.iter().position(|o| o == value);
    let ctx = ui.ctx().clone();
    let listing_id = id.with("listing");
    let mut listing: Listing = ctx.data(|d| d.get_temp(listing_id)).unwrap_or_default();
    // The button's own id, as it was last frame: it has the keyboard focus, not `id`.
    let button: Option<Id> = ctx.data(|d| d.get_temp(id));
    listing.moved = false;
    let mut open = Popup::is_id_open(&ctx, popup_id);
    let mut picked = None;

    // Keys first, so the button and the dialog around it never see those the list takes.
    if button.is_some_and(|b| ui.memory(|m| m.has_focus(b))) {
        let take = |key| ui.input_mut(|i| i.consume_key(Modifiers::NONE, key));
        if open {
            let last = names.len().saturating_sub(1);
            if take(Key::ArrowDown) {
                listing.highlight = (listing.highlight + 1).min(last);
                listing.moved = true;
            }
            if take(Key::ArrowUp) {
                listing.highlight = listing.highlight.saturating_sub(1);
                listing.moved = true;
            }
            if take(Key::Home) {
                listing.highlight = 0;
                listing.moved = true;
            }
            if take(Key::End) {
                listing.highlight = last;
                listing.moved = true;
            }
            if take(Key::Enter) | take(Key::Space) {
                picked = Some(listing.highlight);
            } else if take(Key::Escape) {
                open = false;
            } else if ui.input(|i| i.key_pressed(Key::Tab)) {
                // Tab moves on to the next field, closing the list behind it.
                open = false;
            }
            let typed = typed_letters(ui);
            if !typed.is_empty() {
                let now = ui.input(|i| i.time);
                type_ahead(&mut listing, &names, &typed, now);
            }
        } else {
            let opens = [Key::ArrowDown, Key::ArrowUp, Key::Enter, Key::Space]
                .into_iter()
                .fold(false, |opens, key| take(key) | opens);
            let typed = typed_letters(ui);
            if opens || !typed.is_empty() {
                open = true;
                listing.highlight = current.unwrap_or(0);
                listing.typed.clear();
                if !typed.is_empty() {
                    type_ahead(&mut listing, &names, &typed, ui.input(|i| i.time));
                }
                listing.moved = true;
            }
        }
    }

    let shown = current.map_or("", |i| names[i].as_str());
    let mut response = ui.add(
        egui::Button::new(egui::RichText::new(format!("{shown}  ▾")))
            .min_size(egui::vec2(width, 0.0)),
    );
    response.widget_info(|| {
        let mut info = WidgetInfo::new(Role::ComboBox);
        info.enabled = true;
        info.current_text_value = Some(shown.to_string());
        info
    });
    if response.clicked() {
        open = !open;
        listing.highlight = current.unwrap_or(0);
        listing.moved = true;
        response.request_focus();
    }
    if response.has_focus() {
        // The arrows (and Escape while the list is open) are this widget's, not a move of the
        // focus to the widget above or below.
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                response.id,
                EventFilter {
                    vertical_arrows: true,
                    escape: open,
                    ..EventFilter::default()
                },
            )
        });
    }
    if picked.is_some() {
        open = false;
    }
    match (open, Popup::is_id_open(&ctx, popup_id)) {
        (true, false) => Popup::open_id(&ctx, popup_id),
        (false, true) => Popup::close_id(&ctx, popup_id),
        _ => {}
    }
    if open && let Some(clicked) = list_ui(ui, &response, popup_id, &names, current, &listing) {
        Popup::close_id(&ctx, popup_id);
        response.request_focus();
        picked = Some(clicked);
    }
    if let Some(option) = picked.and_then(|i| options.get(i))
        && option != value
    {
        *value = option.clone();
        response.mark_changed();
    }
    ctx.data_mut(|d| {
        d.insert_temp(listing_id, listing);
        d.insert_temp(id, response.id);
    });
    response
}

/// The open list under the button; returns the option clicked.
fn list_ui(
    ui: &Ui,
    button: &Response,
    popup_id: Id,
    names: &[String],
    current: Option<usize>,
    listing: &Listing,
) -> Option<usize> {
    let mut clicked = None;
    let shown = Popup::new(popup_id, ui.ctx().clone(), button, ui.layer_id())
        .open_memory(None)
        .close_behavior(PopupCloseBehavior::CloseOnClickOutside)
        .width(button.rect.width())
        .show(|ui| {
            ui.set_min_width(button.rect.width());
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    for (i, name) in names.iter().enumerate() {
                        let text = if current == Some(i) {
                            format!("✔ {name}")
                        } else {
                            name.clone()
                        };
                        let row = ui.selectable_label(listing.highlight == i, text);
                        if listing.moved && listing.highlight == i {
                            row.scroll_to_me(None);
                        }
                        if row.clicked() {
                            clicked = Some(i);
                        }
                    }
                });
        });
    // A list shown from inside a dialog is drawn right above that dialog: both are foreground
    // layers, and egui otherwise keeps the order they last came forward in, so a dialog
    // clicked in the same frame as its list opened stayed above the list (issue 18, item 9).
    if shown.is_some() {
        let list = LayerId::new(egui::Order::Foreground, popup_id);
        if ui.layer_id().order == list.order {
            ui.ctx().set_sublayer(ui.layer_id(), list);
        }
    }
    clicked
}

/// The letters and digits typed this frame, taken so no field behind the list sees them.
fn typed_letters(ui: &Ui) -> String {
    ui.input_mut(|i| {
        let mut typed = String::new();
        i.events.retain(|e| match e {
            Event::Text(t) if t.chars().all(|c| !c.is_whitespace()) => {
                typed.push_str(t);
                false
            }
            _ => true,
        });
        typed
    })
}

/// Moves the highlight to the option that what was typed starts: the letters typed within
/// [`TYPE_AHEAD_SECS`] of each other are one word; the same letter again goes to the next
/// option it starts.
fn type_ahead(listing: &mut Listing, names: &[String], typed: &str, now: f64) {
    if now - listing.typed_at > TYPE_AHEAD_SECS {
        listing.typed.clear();
    }
    listing.typed_at = now;
    listing.typed.push_str(&typed.to_lowercase());
    let word = listing.typed.clone();
    let repeated = word.chars().all(|c| word.starts_with(c));
    let starts = |i: &usize, prefix: &str| names[*i].to_lowercase().starts_with(prefix);
    let n = names.len();
    // One letter, or one letter pressed again and again: the next option it starts.
    let (prefix, from) = if repeated {
        (
            &word[..word.chars().next().map_or(0, char::len_utf8)],
            listing.highlight + 1,
        )
    } else {
        (word.as_str(), listing.highlight)
    };
    if let Some(i) = (0..n)
        .map(|k| (from + k) % n.max(1))
        .find(|i| starts(i, prefix))
    {
        listing.highlight = i;
        listing.moved = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        ["Passport", "CNIC", "NICOP", "UK residence permit", "Other"]
            .map(String::from)
            .to_vec()
    }

    fn check(start: usize, steps: &[(&str, f64)], expected: usize) {
        let mut listing = Listing {
            highlight: start,
            ..Listing::default()
        };
        for (typed, at) in steps {
            type_ahead(&mut listing, &names(), typed, *at);
        }
        assert_eq!(listing.highlight, expected, "{steps:?} from {start}");
    }

    #[test]
    fn typing_jumps_to_the_option_the_letters_start() {
        check(0, &[("n", 1.0)], 2);
        check(0, &[("N", 1.0)], 2);
        check(0, &[("c", 1.0)], 1);
        check(0, &[("u", 1.0)], 3);
        check(0, &[("o", 1.0)], 4);
        // A word typed quickly.
        check(0, &[("n", 1.0), ("i", 1.2)], 2);
        check(0, &[("uk", 1.0)], 3);
        // The same letter again: the next option it starts, round to the first.
        check(0, &[("p", 1.0)], 0);
        check(4, &[("o", 1.0), ("o", 1.1)], 4);
        // A pause starts a new word.
        check(0, &[("n", 1.0), ("c", 3.0)], 1);
        // Nothing starts with it: the highlight stays.
        check(1, &[("z", 1.0)], 1);
    }
}
