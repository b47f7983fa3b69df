//! A date field: the date typed as text (`2026-03-01`, or day and month in the settings' order),
//! with a calendar button beside it. Picking a date writes it into the text as `YYYY-MM-DD`.
//! The text stays the field's value, so the caller parses it and marks errors as for any text.

use crate::domain::dates::{DateOrder, parse_date};
use chrono::{Datelike, NaiveDate};
use egui::{Key, Response, Ui};
use egui_extras::DatePickerButton;

/// A square grid (U+25A6), in DejaVu Sans. As a `strftime` format it is printed as it is.
const CALENDAR_GLYPH: &str = "\u{25A6}";

/// A date field, shown with [`DateField::show`].
pub struct DateField<'a> {
    text: &'a mut String,
    /// The field's name, for the calendar button's accessible label.
    name: &'a str,
    id_salt: &'a str,
    order: DateOrder,
    today: NaiveDate,
    hint: &'a str,
    width: Option<f32>,
}

/// What a date field did this frame.
pub struct DateFieldResponse {
    /// The text field's response (changed when a date was picked); label it with `labelled_by`.
    pub text: Response,
    /// A date was picked: the edit is complete, as when a text field is left.
    pub picked: bool,
}

impl<'a> DateField<'a> {
    /// A field editing `text`, named `name`. The calendar opens on the date the text holds,
    /// read in `order`, or on `today`.
    pub fn new(text: &'a mut String, name: &'a str, order: DateOrder, today: NaiveDate) -> Self {
        Self {
            text,
            name,
            id_salt: name,
            order,
            today,
            hint: "YYYY-MM-DD",
            width: None,
        }
    }

    /// Tells apart date fields with the same name in one `Ui`. Defaults to the name.
    pub fn id_salt(mut self, id_salt: &'a str) -> Self {
        self.id_salt = id_salt;
        self
    }

    pub fn hint_text(mut self, hint: &'a str) -> Self {
        self.hint = hint;
        self
    }

    /// Width of the text field; the button comes beside it.
    pub fn desired_width(mut self, width: f32) -> Self {
        self.width = Some(width);
        self
    }

    pub fn show(self, ui: &mut Ui) -> DateFieldResponse {
        let Self {
            text,
            name,
            id_salt,
            order,
            today,
            hint,
            width,
        } = self;
        ui.horizontal(|ui| {
            let mut edit = egui::TextEdit::singleline(text)
                .id_salt(("date text", id_salt))
                .hint_text(hint);
            if let Some(width) = width {
                edit = edit.desired_width(width);
            }
            let mut response = ui.add(edit);

            let mut date = parse_date(text, order)
                .ok()
                .and_then(to_picker)
                .or_else(|| to_picker(today))
                .unwrap_or_default();
            let button = ui
                .add(
                    // The button shows only a calendar-like grid: the date is in the text.
                    // Not egui's 📆: without its emoji fonts no font here has that glyph.
                    DatePickerButton::new(&mut date)
                        .id_salt(id_salt)
                        .show_icon(false)
                        .format(CALENDAR_GLYPH)
                        .calendar_week(false),
                )
                .on_hover_text("Pick a date");
            ui.ctx().accesskit_node_builder(button.id, |node| {
                node.set_label(format!("Pick a date for {name}"));
            });
            skip_in_tab_order(ui, &button, &response);

            let mut picked = false;
            if button.changed()
                && let Some(date) = from_picker(date)
            {
                *text = date.format("%Y-%m-%d").to_string();
                response.mark_changed();
                picked = true;
            }
            DateFieldResponse {
                text: response,
                picked,
            }
        })
        .inner
    }
}

/// Tab goes from the text field to the next field, and Shift+Tab from the next field back to
/// the text: the calendar is for the pointer, the keyboard types the date.
fn skip_in_tab_order(ui: &Ui, button: &Response, text: &Response) {
    if !button.gained_focus() {
        return;
    }
    let forward = ui.input(|i| i.key_pressed(Key::Tab) && !i.modifiers.shift);
    ui.memory_mut(|memory| {
        if forward {
            // With nothing focused and the direction "next", the next widget takes the focus.
            memory.surrender_focus(button.id);
            memory.move_focus(egui::FocusDirection::Next);
        } else {
            memory.request_focus(text.id);
        }
    });
}

/// The calendar's date for `date`; `None` outside the calendar's years (-9999 to 9999).
fn to_picker(date: NaiveDate) -> Option<jiff::civil::Date> {
    let year = i16::try_from(date.year()).ok()?;
    let month = i8::try_from(date.month()).ok()?;
    let day = i8::try_from(date.day()).ok()?;
    jiff::civil::Date::new(year, month, day).ok()
}

fn from_picker(date: jiff::civil::Date) -> Option<NaiveDate> {
    let month = u32::try_from(date.month()).ok()?;
    let day = u32::try_from(date.day()).ok()?;
    NaiveDate::from_ymd_opt(date.year().into(), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_cross_to_the_calendar_and_back() {
        for (y, m, d) in [(2026, 3, 1), (2024, 2, 29), (1, 1, 1), (9999, 12, 31)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let picker = to_picker(date).unwrap();
            assert_eq!(
                (picker.year(), picker.month(), picker.day()),
                (y as i16, m as i8, d as i8)
            );
            assert_eq!(from_picker(picker), Some(date));
        }
    }

    #[test]
    fn dates_beyond_the_calendar_have_no_picker_date() {
        let far = NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap();
        assert_eq!(to_picker(far), None);
        assert_eq!(to_picker(NaiveDate::MAX), None);
    }
}
