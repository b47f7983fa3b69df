//! The status panel: the current state, every clock, the transitions the workflow allows now
//! (each opening a form that asks for exactly what it must record), "Correct last change…",
//! and the history as a timeline. Every rule comes from the domain; this file only asks and shows.

use super::date_field::DateField;
use super::form_keys::{DialogKeys, escape_closes};
use super::request::Request;
use crate::domain::holidays::{CHECK_HOLIDAYS, WorkingDays};
use crate::domain::transition::{Blocker, TransitionRequest, check_transition};
use crate::domain::workflow::DetailKind;
use crate::domain::{
    Case, CaseId, Casebook, ClockStatus, Command, Detail, DetailValue, EventKind, Status, blockers,
    clocks,
    dates::{DateKind, parse_date_for},
};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The transition form's draft: strings until they parse.
pub struct TransitionForm {
    case: CaseId,
    to: Status,
    effective: String,
    details: BTreeMap<Detail, String>,
    reason: String,
    documents: String,
    override_reason: String,
    error: Option<String>,
    /// Put the keyboard in the first field on the next frame (a new form).
    focus_first: bool,
}

pub struct CorrectionForm {
    case: CaseId,
    event: crate::domain::EventId,
    reason: String,
    error: Option<String>,
}

/// The dialogs the status panel opens.
pub enum StatusDialog {
    Transition(TransitionForm),
    Correct(CorrectionForm),
    Deadline(DeadlineForm),
}

/// Extending a deadline (a new date and why), recording it met outside the workflow (when
/// and how), e.g. evidence returned, or moving the planned date it is counted back from (a new
/// date and why; `docs/law.md` §7).
pub struct DeadlineForm {
    case: CaseId,
    clock: crate::domain::ClockKey,
    started_by: crate::domain::EventId,
    action: DeadlineAction,
    date: String,
    text: String,
    error: Option<String>,
}

/// What the deadline form records.
#[derive(Clone, Copy, PartialEq, Eq)]
enum DeadlineAction {
    Extend,
    Meet,
    /// Move the date a step recorded, which the deadline counts from.
    Move(Detail),
}

/// The status panel of `case`. Clicking a transition or "Correct last change…" opens a dialog.
pub fn status_ui(
    ui: &mut egui::Ui,
    (book, case): (&Casebook, &Case),
    (today, days): (NaiveDate, &WorkingDays),
    dialog: &mut Option<StatusDialog>,
) {
    let status = case.status();
    ui.horizontal(|ui| {
        ui.label("Status");
        ui.strong(status.label());
        ui.label(format!("since {}", case.status_since().format("%d %b %Y")));
    });
    ui.label(format!("{} · {}", case.workflow(), status.group()));
    ui.add_space(6.0);

    let next = crate::domain::transition::next_states(case);
    if next.is_empty() {
        ui.label("The case is closed: the workflow allows no further change.");
    } else {
        ui.label("Move the case on");
        ui.horizontal_wrapped(|ui| {
            for to in next {
                let blocked = !blockers(case, to).is_empty();
                let text = format!("{}…", to.label());
                let button = ui.button(text);
                let button = if blocked {
                    button.on_hover_text("Something blocks this: the form shows what")
                } else {
                    button
                };
                if button.clicked() {
                    *dialog = Some(StatusDialog::Transition(TransitionForm::new(
                        case, to, today,
                    )));
                }
            }
        });
    }
    if let Some(event) = case.correctable()
        && ui.button("Correct last change…").clicked()
    {
        *dialog = Some(StatusDialog::Correct(CorrectionForm {
            case: case.id,
            event: event.id,
            reason: String::new(),
            error: None,
        }));
    }
    ui.add_space(8.0);
    clocks_ui(ui, case, (today, days), dialog);
    ui.add_space(8.0);
    timeline_ui(ui, book, case);
}

fn clocks_ui(
    ui: &mut egui::Ui,
    case: &Case,
    (today, days): (NaiveDate, &WorkingDays),
    dialog: &mut Option<StatusDialog>,
) {
    let all = clocks(case, today, days);
    ui.heading("Deadlines");
    // What the case records of its workstream, e.g. an indefinite notification period, which
    // has no clock to show it (`docs/law.md` §12).
    for (label, value) in crate::domain::particulars::lines(case) {
        ui.label(format!("{label}: {value}"));
    }
    // What the clocks say of the facts, e.g. a hearing fixed past its limit (`docs/law.md` §4A).
    for warning in crate::domain::warnings::warnings(case, today, days) {
        ui.colored_label(ui.visuals().warn_fg_color, warning.to_string());
    }
    if all.is_empty() {
        ui.weak("No deadline has started.");
        return;
    }
    for clock in &all {
        let rule = clock.rule();
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.strong(rule.title);
                if !rule.verified {
                    ui.colored_label(ui.visuals().warn_fg_color, "check")
                        .on_hover_text(
                            "This period or its source is not yet confirmed: check the statute before relying on it",
                        );
                }
                if clock.check_holidays {
                    ui.colored_label(ui.visuals().warn_fg_color, CHECK_HOLIDAYS)
                        .on_hover_text(
                            "Counted in working days through a year with no holiday calendar: only weekends were skipped there. Add that year's holidays with the Agenda's \"Holiday calendars…\"",
                        );
                }
            });
            let (colour, state) = match clock.status {
                ClockStatus::Missed => (Some(ui.visuals().error_fg_color), "Missed".to_string()),
                s if s.is_running() && clock.days_left <= 7 => {
                    (Some(ui.visuals().warn_fg_color), s.to_string())
                }
                s => (None, s.to_string()),
            };
            let days = if clock.is_pending() {
                match clock.days_left {
                    d if d < 0 => format!(", {} overdue", crate::count::days(-d)),
                    0 => ", due today".into(),
                    d => format!(", {} left", crate::count::days(d)),
                }
            } else {
                clock.stopped_on.map_or(String::new(), |d| {
                    format!(", ended {}", d.format("%d %b %Y"))
                })
            };
            let line = format!("{state}: {}{days}", clock.due_words());
            match colour {
                Some(c) => ui.colored_label(c, line),
                None => ui.label(line),
            };
            let trigger = clock.trigger_date.format("%d %b %Y");
            if rule.starts.is_empty() {
                // Counted from what the case records, not from a step.
                ui.label(format!("Counted from {trigger}, {}", rule.counted_from));
            } else {
                let started = case
                    .history()
                    .iter()
                    .find(|e| e.id == clock.started_by)
                    .map(|e| e.kind.summary())
                    .unwrap_or_default();
                ui.label(format!("Started {trigger} by {started}"));
            }
            ui.label(rule.period());
            ui.label(rule.if_missed());
            if let Some(reason) = &clock.extended_by {
                ui.label(format!("Extended: {reason}"));
            }
            if let Some(why) = clock.why_ended() {
                ui.label(why);
            }
            ui.weak(format!("Source: {}", rule.source));
            let mut open_form = |action: DeadlineAction| {
                *dialog = Some(StatusDialog::Deadline(DeadlineForm {
                    case: case.id,
                    clock: clock.key,
                    started_by: clock.started_by,
                    action,
                    date: if action == DeadlineAction::Meet {
                        today.format("%Y-%m-%d").to_string()
                    } else {
                        String::new()
                    },
                    text: String::new(),
                    error: None,
                }));
            };
            // Wrapped: a deadline's title in each button makes them wide for a narrow panel.
            ui.horizontal_wrapped(|ui| {
                if clock.is_pending()
                    && ui
                        .small_button(format!("Extend \u{201c}{}\u{201d}…", rule.title))
                        .clicked()
                {
                    open_form(DeadlineAction::Extend);
                }
                if clock.can_be_met()
                    && ui
                        .small_button(format!("Record \u{201c}{}\u{201d} met…", rule.title))
                        .clicked()
                {
                    open_form(DeadlineAction::Meet);
                }
                // Counted back from a planned date a step recorded: the date may move.
                if let Some(detail) = moved_from(clock)
                    && ui
                        .small_button(format!("Move \u{201c}{}\u{201d}…", detail.label()))
                        .on_hover_text(
                            "Move date: the deadlines counted from it are counted again from the new date, and their old due dates become void",
                        )
                        .clicked()
                {
                    open_form(DeadlineAction::Move(detail));
                }
            });
        });
    }
}

/// The planned date a running `clock` is counted from, which a "Move date…" may move.
fn moved_from(clock: &crate::domain::Clock) -> Option<Detail> {
    match clock.rule().due {
        crate::domain::clock::Due::BeforeRecorded(detail, _)
        | crate::domain::clock::Due::Recorded(detail)
            if clock.is_pending() && detail.date_kind() == DateKind::Scheduled =>
        {
            Some(detail)
        }
        _ => None,
    }
}

fn timeline_ui(ui: &mut egui::Ui, book: &Casebook, case: &Case) {
    ui.heading("History");
    let corrected = case.voided();
    for event in case.history().iter().rev() {
        event_ui(ui, event, book, corrected.contains(&event.id));
    }
}

/// One line of a history: its date, what happened (struck through when corrected; what it
/// names by id named in `book`), the reason, who; under it what it recorded (a move's
/// details, an edit's old and new values).
pub(super) fn event_ui(
    ui: &mut egui::Ui,
    event: &crate::domain::Event,
    book: &Casebook,
    corrected: bool,
) {
    ui.horizontal_wrapped(|ui| {
        ui.monospace(event.effective.format("%d %b %Y").to_string());
        let summary = event.kind.summary_named(book);
        if corrected {
            ui.label(egui::RichText::new(summary).strikethrough())
                .on_hover_text("Corrected by a later event");
            ui.label("(corrected)");
        } else {
            ui.label(summary);
        }
        if let EventKind::Transition { reason, .. } = &event.kind
            && !reason.is_empty()
        {
            ui.label(format!("— {reason}"));
        }
        if !event.officer.is_empty() {
            ui.label(format!("· {}", event.officer));
        }
    });
    // What the move recorded (court, custody, time of arrest…), under its line.
    for line in event.kind.recorded() {
        ui.indent(event.id, |ui| ui.label(line));
    }
}

impl TransitionForm {
    fn new(case: &Case, to: Status, today: NaiveDate) -> Self {
        let rule = to.rule();
        Self {
            case: case.id,
            to,
            effective: today.format("%Y-%m-%d").to_string(),
            details: rule
                .records
                .iter()
                .chain(rule.optional)
                .map(|d| (*d, String::new()))
                .collect(),
            reason: String::new(),
            documents: String::new(),
            override_reason: String::new(),
            error: None,
            focus_first: true,
        }
    }

    /// Parses the draft into a request; the error names the field.
    fn request(&self, book: &Casebook, today: NaiveDate) -> Result<TransitionRequest, String> {
        let order = book.settings.date_order;
        let rule = self.to.rule();
        let effective = parse_date_for(&self.effective, order, DateKind::Happened, today)
            .map_err(|e| format!("{}: {e}", rule.date_label))?;
        let mut request = TransitionRequest::new(self.to, effective);
        for (detail, text) in &self.details {
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            let value = DetailValue::parse(*detail, text, order, today)?;
            request.details.insert(*detail, value);
        }
        request.reason = self.reason.trim().to_string();
        request.documents = self
            .documents
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        let override_reason = self.override_reason.trim();
        request.override_reason =
            (!override_reason.is_empty()).then(|| override_reason.to_string());
        Ok(request)
    }
}

/// The open status dialog, if any. Pushes the command when the officer confirms.
pub fn status_dialog_ui(
    ui: &mut egui::Ui,
    book: &Casebook,
    today: NaiveDate,
    dialog: &mut Option<StatusDialog>,
    requests: &mut Vec<Request>,
) {
    let Some(open) = dialog.as_mut() else { return };
    // Escape closes a date picker first, then asks before discarding what was typed.
    let keys = DialogKeys::before(ui.ctx());
    let mut close = false;
    match open {
        StatusDialog::Transition(form) => {
            let Some(case) = book.case(form.case) else {
                *dialog = None;
                return;
            };
            let blockers: Vec<Blocker> = blockers(case, form.to);
            egui::Modal::new(egui::Id::unique("transition form")).show(ui.ctx(), |ui| {
                ui.set_max_width(560.0);
                ui.heading(format!("{} → {}", case.status().label(), form.to.label()));
                let rule = form.to.rule();
                let order = book.settings.date_order;
                let documents = egui::Grid::new("transition grid")
                    .num_columns(2)
                    .show(ui, |ui| {
                        let label = ui.label(rule.date_label);
                        let date =
                            DateField::new(&mut form.effective, rule.date_label, order, today)
                                .id_salt("effective")
                                .show(ui)
                                .text
                                .labelled_by(label.id);
                        // A new form has the keyboard in its first field.
                        if std::mem::take(&mut form.focus_first) {
                            date.request_focus();
                        }
                        ui.end_row();
                        for (detail, text) in form.details.iter_mut() {
                            let optional = !rule.records.contains(detail);
                            let name = if optional {
                                format!("{} (optional)", detail.label())
                            } else {
                                detail.label().to_string()
                            };
                            let label = ui.label(&name);
                            let response = match detail.kind() {
                                DetailKind::Date => {
                                    DateField::new(text, &name, order, today)
                                        .hint_text("2026-03-01")
                                        .show(ui)
                                        .text
                                }
                                DetailKind::Time => {
                                    ui.add(egui::TextEdit::singleline(text).hint_text("HH:MM"))
                                }
                                DetailKind::Text => ui.add(egui::TextEdit::singleline(text)),
                            };
                            response.labelled_by(label.id);
                            ui.end_row();
                        }
                        let label = ui.label("Reason");
                        ui.add(egui::TextEdit::singleline(&mut form.reason))
                            .labelled_by(label.id);
                        ui.end_row();
                        let label = ui.label("Documents (one per line)");
                        let documents = ui
                            .add(egui::TextEdit::multiline(&mut form.documents).desired_rows(2))
                            .labelled_by(label.id);
                        ui.end_row();
                        documents.id
                    })
                    .inner;
                if !blockers.is_empty() {
                    ui.separator();
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        "Blocked until these are put right:",
                    );
                    for b in &blockers {
                        ui.label(format!("• {b}"));
                    }
                    let label = ui.label("Override with a reason");
                    ui.add(egui::TextEdit::singleline(&mut form.override_reason))
                        .labelled_by(label.id);
                }
                if let Some(e) = &form.error {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                let enter = keys.enter(ui.ctx(), &[documents], &[]);
                ui.horizontal(|ui| {
                    if ui.button("Record").clicked() || enter {
                        match form.request(book, today).and_then(|r| {
                            check_transition(case, &r, today)
                                .map(|_| r)
                                .map_err(|e| e.to_string())
                        }) {
                            Ok(request) => {
                                requests.push(Request::Change(Command::Transition {
                                    case: form.case,
                                    request: Box::new(request),
                                }));
                                close = true;
                            }
                            Err(e) => form.error = Some(e),
                        }
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
                let details: Vec<&String> = form.details.values().collect();
                let typed = (&form.effective, details, &form.reason, &form.documents);
                let typed = (typed, &form.override_reason);
                close |= escape_closes(ui, keys.escape(ui.ctx()), typed, "details");
            });
        }
        StatusDialog::Deadline(form) => {
            let title = form.clock.rule().title;
            let order = book.settings.date_order;
            egui::Modal::new(egui::Id::unique("deadline form")).show(ui.ctx(), |ui| {
                ui.set_max_width(520.0);
                let (heading, date_label, text_label) = match form.action {
                    DeadlineAction::Extend => (
                        format!("Extend: {title}"),
                        "New due date",
                        "Reason for the extension",
                    ),
                    DeadlineAction::Meet => {
                        (format!("Record met: {title}"), "Date met", "How it was met")
                    }
                    DeadlineAction::Move(detail) => (
                        format!("Move \u{201c}{}\u{201d}", detail.label()),
                        "New date",
                        "Why it moved",
                    ),
                };
                if let DeadlineAction::Move(_) = form.action {
                    ui.label(format!(
                        "\u{201c}{title}\u{201d} and every deadline counted from this date are counted again from the new one; their old due dates become void."
                    ));
                }
                ui.heading(heading);
                egui::Grid::new("deadline grid")
                    .num_columns(2)
                    .show(ui, |ui| {
                        let label = ui.label(date_label);
                        DateField::new(&mut form.date, date_label, order, today)
                            .id_salt("deadline date")
                            .show(ui)
                            .text
                            .labelled_by(label.id);
                        ui.end_row();
                        let label = ui.label(text_label);
                        ui.add(egui::TextEdit::singleline(&mut form.text))
                            .labelled_by(label.id);
                        ui.end_row();
                    });
                if let Some(e) = &form.error {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                let mut record = false;
                ui.horizontal(|ui| {
                    record = ui.button("Record").clicked();
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
                record |= keys.enter(ui.ctx(), &[], &[]);
                if record {
                    // A deadline is met on a day that has come; an extension or a planned
                    // date is a day ahead.
                    let kind = match form.action {
                        DeadlineAction::Meet => DateKind::Happened,
                        DeadlineAction::Extend | DeadlineAction::Move(_) => DateKind::Scheduled,
                    };
                    let text = form.text.trim().to_string();
                    match parse_date_for(&form.date, order, kind, today) {
                        // The history keeps why a planned date moved (the domain refuses none).
                        Ok(_) if matches!(form.action, DeadlineAction::Move(_)) && text.is_empty() => {
                            form.error = Some(format!("{text_label}: say why, for the history"));
                        }
                        Ok(date) => {
                            let (case, clock, started_by) =
                                (form.case, form.clock, form.started_by);
                            requests.push(Request::Change(match form.action {
                                DeadlineAction::Extend => Command::ExtendClock {
                                    case,
                                    clock,
                                    started_by,
                                    new_due: date,
                                    reason: text,
                                },
                                DeadlineAction::Meet => Command::MeetClock {
                                    case,
                                    clock,
                                    started_by,
                                    on: date,
                                    note: text,
                                },
                                DeadlineAction::Move(detail) => Command::MoveDate {
                                    case,
                                    started_by,
                                    detail,
                                    to: date,
                                    reason: text,
                                },
                            }));
                            close = true;
                        }
                        Err(e) => form.error = Some(format!("{date_label}: {e}")),
                    }
                }
                let typed = (&form.date, &form.text);
                close |= escape_closes(ui, keys.escape(ui.ctx()), typed, "details");
            });
        }
        StatusDialog::Correct(form) => {
            let Some(case) = book.case(form.case) else {
                *dialog = None;
                return;
            };
            let wrong = case
                .history()
                .iter()
                .find(|e| e.id == form.event)
                .map(|e| e.kind.summary())
                .unwrap_or_default();
            egui::Modal::new(egui::Id::unique("correction form")).show(ui.ctx(), |ui| {
                ui.set_max_width(520.0);
                ui.heading("Correct last change");
                ui.label(format!("This records a correction of \"{wrong}\" and puts the case back where it was. The original entry stays in the history, marked as corrected."));
                let label = ui.label("Why is it being corrected?");
                ui.add(egui::TextEdit::singleline(&mut form.reason)).labelled_by(label.id);
                if let Some(e) = &form.error {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                ui.horizontal(|ui| {
                    if ui.button("Record correction").clicked() {
                        if form.reason.trim().is_empty() {
                            form.error = Some("A correction needs a reason".into());
                        } else {
                            requests.push(Request::Change(Command::Correct {
                                case: form.case,
                                event: form.event,
                                reason: form.reason.trim().to_string(),
                            }));
                            close = true;
                        }
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
                let escape = keys.escape(ui.ctx());
                close |= escape_closes(ui, escape, &form.reason, "reason");
            });
        }
    }
    if close {
        *dialog = None;
    }
}
