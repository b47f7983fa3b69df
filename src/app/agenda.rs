//! The Agenda view: everything due across the casebook (the desk's [`Agenda`], kept up to date
//! case by case, and the programme's open action points), bucketed and filtered by officer
//! (an action point's owner), kind and area; each line opens its case, or the action point in
//! the Programme view.
//! Beside it, the holiday calendars the casebook counts working days with, editable (Pakistan's
//! Eid dates are set each year). Also the dashboard's head of the agenda and the case panel's
//! "Mark reviewed".

use super::commands::UiCommand;
use super::request::{Request, View};
use crate::domain::agenda::{Agenda, Bucket, Entry, Filter, ItemKind, action_points, day_off};
use crate::domain::dates::{DateKind, parse_date_for};
use crate::domain::governance::ActionPoint;
use crate::domain::holidays::{Holiday, HolidayYear, Region};
use crate::domain::ids::ActionId;
use crate::domain::{Case, Casebook, Command, ProgrammeArea};
use chrono::{Datelike, NaiveDate};
use itertools::Itertools;

/// A row of the list: a bucket's heading or one of its lines.
#[derive(Clone, Copy)]
enum Row {
    Heading(Bucket, usize),
    Line(Line),
}

/// One line of the agenda: something due in a case, or an action point.
#[derive(Clone, Copy)]
enum Line {
    Case(Entry),
    Action(ActionId, NaiveDate),
}

impl Line {
    fn date(&self) -> NaiveDate {
        match self {
            Line::Case(e) => e.date,
            Line::Action(_, due) => *due,
        }
    }
}

/// The action points still open and due up to the horizon that `filter` accepts, with their
/// bucket, earliest first.
fn action_lines<'a>(
    book: &'a Casebook,
    today: NaiveDate,
    filter: &Filter,
) -> Vec<(Bucket, &'a ActionPoint)> {
    action_points(book.governance(), today, false)
        .into_iter()
        .filter(|(_, a)| filter.accepts_action(a))
        .filter_map(|(bucket, a)| Some((bucket?, a)))
        .collect()
}

/// The cases' lines and the action points' from `from` on as one list by date, each with its
/// bucket: on one day, the cases' lines first. Lazy, so the dashboard's head reads only what it
/// shows.
fn merged_lines<'a>(
    agenda: &'a Agenda,
    book: &'a Casebook,
    filter: &'a Filter,
    from: NaiveDate,
) -> impl Iterator<Item = (Bucket, Line)> + 'a {
    let cases = agenda
        .lines_from(from, book, filter)
        .map(|(b, e, _)| (b, Line::Case(*e)));
    let actions = action_lines(book, agenda.today(), filter)
        .into_iter()
        .map(|(b, a)| (b, Line::Action(a.id, a.due)));
    cases.merge_by(actions, |c, a| c.1.date() <= a.1.date())
}

#[derive(Default)]
pub struct AgendaView {
    pub filter: Filter,
    /// The rows as last worked out, for this generation, day and filter.
    rows: Option<((u64, NaiveDate, Filter), Vec<Row>)>,
    /// The holiday calendars' editor, while open.
    holidays: Option<HolidayForm>,
}

impl AgendaView {
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        agenda: &Agenda,
        book: &Casebook,
        generation: u64,
        requests: &mut Vec<Request>,
    ) {
        let today = agenda.today();
        if let Some(form) = &mut self.holidays {
            let mut close = false;
            egui::Panel::right("holidays")
                .default_size(420.0)
                .show(ui, |ui| {
                    close = form.ui(ui, book, today, requests);
                });
            if close {
                self.holidays = None;
            }
        }
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.heading("Agenda");
                self.filters_ui(ui, agenda, book);
                if ui
                    .button(UiCommand::ExportAgenda.label())
                    .on_hover_text("The agenda as an iCalendar file for Outlook or Thunderbird")
                    .clicked()
                {
                    requests.push(Request::Ui(UiCommand::ExportAgenda));
                }
                if self.holidays.is_none() && ui.button("Holiday calendars…").clicked() {
                    self.holidays = Some(HolidayForm::new(book, Region::Pakistan, today.year()));
                }
            });
            ui.separator();
            let key = (generation, today, self.filter.clone());
            let rows = match self.rows.take() {
                Some((k, rows)) if k == key => rows,
                _ => rows_of(agenda, book, &self.filter),
            };
            let rows = &self.rows.insert((key, rows)).1;
            if rows.is_empty() {
                ui.weak("Nothing due in the next 30 days.");
            }
            let height = super::dashboard::line_height(ui);
            egui::ScrollArea::vertical()
                .id_salt("agenda")
                .auto_shrink(false)
                .show_rows(ui, height, rows.len(), |ui, range| {
                    for row in &rows[range] {
                        match row {
                            Row::Heading(bucket, n) => {
                                ui.strong(format!("{bucket} ({n})"));
                            }
                            Row::Line(e) => {
                                if let Some(request) = line_ui(ui, e, book, today) {
                                    requests.push(request);
                                }
                            }
                        }
                    }
                });
        });
    }

    fn filters_ui(&mut self, ui: &mut egui::Ui, agenda: &Agenda, book: &Casebook) {
        let f = &mut self.filter;
        let all = |v: Option<&str>| v.unwrap_or("All").to_string();
        let label = ui.label("Officer");
        egui::ComboBox::from_id_salt("agenda officer")
            .selected_text(all(f.officer.as_deref()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.officer, None, "All");
                for officer in officers(agenda, book) {
                    ui.selectable_value(&mut f.officer, Some(officer.to_string()), officer);
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("Kind");
        egui::ComboBox::from_id_salt("agenda kind")
            .selected_text(all(f.kind.map(ItemKind::label)))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.kind, None, "All");
                for kind in ItemKind::ALL {
                    ui.selectable_value(&mut f.kind, Some(*kind), kind.label());
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("Area");
        egui::ComboBox::from_id_salt("agenda area")
            .selected_text(all(f.area.map(ProgrammeArea::label)))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.area, None, "All");
                for area in ProgrammeArea::ALL {
                    ui.selectable_value(&mut f.area, Some(*area), area.label());
                }
            })
            .response
            .labelled_by(label.id);
    }
}

/// The officers the lines are for, sorted: the cases' and the action points' owners.
fn officers<'a>(agenda: &Agenda, book: &'a Casebook) -> Vec<&'a str> {
    let mut officers = agenda.officers(book);
    officers.extend(
        action_lines(book, agenda.today(), &Filter::default())
            .into_iter()
            .map(|(_, a)| a.owner.trim())
            .filter(|o| !o.is_empty()),
    );
    officers.sort_unstable();
    officers.dedup();
    officers
}

fn rows_of(agenda: &Agenda, book: &Casebook, filter: &Filter) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut heading_at = 0;
    let mut current = None;
    for (bucket, line) in merged_lines(agenda, book, filter, NaiveDate::MIN) {
        if current != Some(bucket) {
            current = Some(bucket);
            heading_at = rows.len();
            rows.push(Row::Heading(bucket, 0));
        }
        rows.push(Row::Line(line));
        if let Some(Row::Heading(_, n)) = rows.get_mut(heading_at) {
            *n += 1;
        }
    }
    rows
}

/// One line: a frameless button that opens its case, or its action point.
fn line_ui(ui: &mut egui::Ui, line: &Line, book: &Casebook, today: NaiveDate) -> Option<Request> {
    let (text, hover, request) = match line {
        Line::Case(e) => {
            let case = book.case(e.case)?;
            let text = line_text(
                e.date,
                &case.reference,
                e.kind,
                &e.describe(case),
                e.officer(case),
                book,
            );
            (text, "Open the case", Request::ShowCase(e.case))
        }
        Line::Action(id, _) => {
            let a = book.governance().action(*id)?;
            let text = line_text(
                a.due,
                &a.number,
                ItemKind::ActionPoint,
                &a.text,
                &a.owner,
                book,
            );
            (text, "Open the action point", Request::ShowAction(*id))
        }
    };
    let colour = match line.date() {
        d if d < today => Some(ui.visuals().error_fg_color),
        d if d == today => Some(ui.visuals().warn_fg_color),
        _ => None,
    };
    let text = match colour {
        Some(c) => egui::RichText::new(text).color(c),
        None => egui::RichText::new(text),
    };
    ui.add(egui::Button::new(text).frame(false))
        .on_hover_text(hover)
        .clicked()
        .then_some(request)
}

/// "Tue 01 Dec 2026 · EI-2026-0001 · Hearing · Extradition hearing at … · for A. Officer";
/// an action point by its number, for its owner.
fn line_text(
    date: NaiveDate,
    reference: &str,
    kind: ItemKind,
    what: &str,
    officer: &str,
    book: &Casebook,
) -> String {
    let mut text = format!(
        "{}  ·  {reference}  ·  {kind}  ·  {what}",
        date.format("%a %d %b %Y"),
    );
    let officer = officer.trim();
    if !officer.is_empty() {
        text.push_str(&format!("  ·  for {officer}"));
    }
    if let Some(off) = day_off(date, book.settings.holidays()) {
        text.push_str(&format!("  ·  not a working day: {off}"));
    }
    text
}

/// The dashboard's head of the agenda: the next few lines from today on, each opening its case.
pub fn head_ui(ui: &mut egui::Ui, agenda: &Agenda, book: &Casebook) -> Option<Request> {
    const HEAD: usize = 5;
    let mut action = None;
    let today = agenda.today();
    let filter = Filter::default();
    let head: Vec<Line> = merged_lines(agenda, book, &filter, agenda.today())
        .filter(|(b, _)| *b != Bucket::Overdue)
        .take(HEAD)
        .map(|(_, line)| line)
        .collect();
    ui.horizontal(|ui| {
        ui.strong("Next on the agenda");
        if ui.small_button("Open agenda").clicked() {
            action = Some(Request::ShowView(View::Agenda));
        }
    });
    if head.is_empty() {
        ui.weak("Nothing due in the next 30 days.");
    }
    for line in &head {
        if let Some(r) = line_ui(ui, line, book, today) {
            action = Some(r);
        }
    }
    ui.add_space(6.0);
    action
}

/// The case panel's review line: when the case was last reviewed, and "Mark reviewed".
pub fn review_ui(ui: &mut egui::Ui, case: &Case, today: NaiveDate, requests: &mut Vec<Request>) {
    ui.horizontal(|ui| {
        match case.last_reviewed() {
            Some(d) => ui.label(format!("Last reviewed {}", d.format("%d %b %Y"))),
            None => ui.weak("Never reviewed"),
        };
        if ui
            .button("Mark reviewed")
            .on_hover_text("Record in the case's history that you reviewed it today")
            .clicked()
        {
            requests.push(Request::Change(Command::MarkReviewed {
                case: case.id,
                on: today,
                note: String::new(),
            }));
        }
    });
}

/// The holiday calendars' editor: the United Kingdom calendar the casebook counts with, and
/// one region's year as a draft of text fields, saved into the casebook's settings.
struct HolidayForm {
    region: Region,
    year: i32,
    source: String,
    /// Date and name as typed.
    days: Vec<(String, String)>,
    error: Option<String>,
}

impl HolidayForm {
    fn new(book: &Casebook, region: Region, year: i32) -> Self {
        let calendar = book.settings.holidays().year(region, year);
        Self {
            region,
            year,
            source: calendar.map_or(String::new(), |y| y.source.clone()),
            days: calendar.map_or(Vec::new(), |y| {
                y.days
                    .iter()
                    .map(|h| (h.date.format("%Y-%m-%d").to_string(), h.name.clone()))
                    .collect()
            }),
            error: None,
        }
    }

    /// True when the officer closed it.
    fn ui(
        &mut self,
        ui: &mut egui::Ui,
        book: &Casebook,
        today: NaiveDate,
        requests: &mut Vec<Request>,
    ) -> bool {
        let calendars = book.settings.holidays();
        let mut close = false;
        ui.horizontal(|ui| {
            ui.heading("Holiday calendars");
            close = ui.button("Close").clicked();
        });
        ui.weak("Working days are counted with these; a count reaching a year with no calendar is marked \"check holidays\".");
        let label = ui.label("United Kingdom calendar");
        let mut uk = calendars.uk_region;
        egui::ComboBox::from_id_salt("uk region")
            .selected_text(uk.label())
            .show_ui(ui, |ui| {
                for r in Region::UK {
                    ui.selectable_value(&mut uk, r, r.label());
                }
            })
            .response
            .labelled_by(label.id);
        if uk != calendars.uk_region {
            let mut settings = book.settings.clone();
            let mut holidays = calendars.clone();
            holidays.uk_region = uk;
            settings.holidays = Some(holidays);
            requests.push(Request::Change(Command::UpdateSettings(Box::new(settings))));
        }
        ui.separator();
        let (mut region, mut year) = (self.region, self.year);
        ui.horizontal(|ui| {
            let label = ui.label("Calendar");
            egui::ComboBox::from_id_salt("holiday region")
                .selected_text(region.label())
                .show_ui(ui, |ui| {
                    for r in Region::ALL {
                        ui.selectable_value(&mut region, *r, r.label());
                    }
                })
                .response
                .labelled_by(label.id);
            if ui
                .small_button("◀")
                .on_hover_text("The year before")
                .clicked()
            {
                year -= 1;
            }
            ui.strong(year.to_string());
            if ui
                .small_button("▶")
                .on_hover_text("The year after")
                .clicked()
            {
                year += 1;
            }
        });
        if (region, year) != (self.region, self.year) {
            *self = Self::new(book, region, year);
        }
        if calendars.year(self.region, self.year).is_none() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "No {} calendar for {}: working days there are counted Monday to Friday and marked \"check holidays\".",
                    self.region, self.year
                ),
            );
        }
        let label = ui.label("Source");
        ui.add(egui::TextEdit::multiline(&mut self.source).desired_rows(2))
            .labelled_by(label.id);
        let mut remove = None;
        egui::Grid::new("holiday days")
            .num_columns(5)
            .show(ui, |ui| {
                for (i, (date, name)) in self.days.iter_mut().enumerate() {
                    let label = ui.label("Holiday date");
                    ui.add(egui::TextEdit::singleline(date).desired_width(96.0))
                        .labelled_by(label.id);
                    let label = ui.label("Holiday name");
                    ui.add(egui::TextEdit::singleline(name).desired_width(200.0))
                        .labelled_by(label.id);
                    if ui.small_button("Remove").clicked() {
                        remove = Some(i);
                    }
                    ui.end_row();
                }
            });
        if let Some(i) = remove {
            self.days.remove(i);
        }
        ui.horizontal(|ui| {
            if ui.button("Add holiday").clicked() {
                self.days.push((String::new(), String::new()));
            }
            if ui.button("Save calendar").clicked() {
                match self.parsed(book, today) {
                    Ok(edited) => {
                        let mut holidays = calendars.clone();
                        match holidays.set_year(edited) {
                            Ok(()) => {
                                let mut settings = book.settings.clone();
                                settings.holidays = Some(holidays);
                                requests.push(Request::Change(Command::UpdateSettings(Box::new(
                                    settings,
                                ))));
                                self.error = None;
                            }
                            Err(e) => self.error = Some(e.to_string()),
                        }
                    }
                    Err(e) => self.error = Some(e),
                }
            }
        });
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        close
    }

    /// The draft as a calendar year, or what is wrong with its first bad line.
    fn parsed(&self, book: &Casebook, today: NaiveDate) -> Result<HolidayYear, String> {
        let order = book.settings.date_order;
        let days = self
            .days
            .iter()
            .enumerate()
            .map(|(i, (date, name))| {
                parse_date_for(date, order, DateKind::Scheduled, today)
                    .map(|date| Holiday {
                        date,
                        name: name.trim().to_string(),
                    })
                    .map_err(|e| format!("Holiday {}: {e}", i + 1))
            })
            .collect::<Result<_, _>>()?;
        Ok(HolidayYear {
            region: self.region,
            year: self.year,
            source: self.source.trim().to_string(),
            days,
            // Stamped when the casebook takes the edit.
            stamp: Default::default(),
        })
    }
}
