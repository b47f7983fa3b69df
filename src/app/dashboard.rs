//! The dashboard: what the desk opens on. What is overdue and due soon (each line opens its
//! case), what waits longest on the other side, how the open cases stand, and charts of cases
//! opened and closed per month and of deadline outcomes. Every figure comes from the events:
//! replayed once at open into a [`LiveDashboard`], then updated per edited case; nothing is
//! stored in the file.

use super::counts::thousands;
use super::request::Request;
use crate::domain::StatusGroup;
use crate::domain::stats::{CaseLine, Dashboard, DeadlineLine, LiveDashboard, Tally};
use chrono::NaiveDate;
use egui_plot::{AxisHints, Bar, BarChart, Corner, GridMark, Legend, Plot};

/// The dashboard's figures as drawn: read from the desk's [`LiveDashboard`] (kept up to date
/// case by case as edits are applied) once per change, keyed on the desk's generation counter
/// and the day, not every frame.
#[derive(Default)]
pub struct DashboardView {
    figures: Option<((u64, NaiveDate), Dashboard)>,
}

impl DashboardView {
    /// The figures of `live`, read again only when `generation` or the day changed.
    pub fn figures(&mut self, live: &LiveDashboard, generation: u64) -> &Dashboard {
        let key = (generation, live.today());
        let fresh = match self.figures.take() {
            Some((k, figures)) if k == key => figures,
            _ => live.dashboard(),
        };
        &self.figures.insert((key, fresh)).1
    }

    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        live: &LiveDashboard,
        generation: u64,
    ) -> Option<Request> {
        let today = live.today();
        let dash = self.figures(live, generation);
        let mut action = None;
        egui::ScrollArea::vertical()
            .id_salt("dashboard")
            .auto_shrink(false)
            .show(ui, |ui| {
                ui.heading(format!("Today, {}", today.format("%A %d %B %Y")));
                let open: usize = dash.open_by_group.iter().map(|(_, n)| n).sum();
                ui.label(format!(
                    "{} open cases · {} overdue · {} due within 7 days · {} waiting on the other side",
                    thousands(open),
                    thousands(dash.overdue_cases()),
                    thousands(dash.due_within_7.len()),
                    thousands(dash.waiting.len())
                ));
                ui.add_space(6.0);
                ui.columns(2, |cols| {
                    action = lists_ui(&mut cols[0], dash);
                    figures_ui(&mut cols[1], dash);
                });
            });
        action
    }
}

fn lists_ui(ui: &mut egui::Ui, dash: &Dashboard) -> Option<Request> {
    let mut action = None;
    let sections: [(&str, &[DeadlineLine], Request); 3] = [
        ("Overdue deadlines", &dash.overdue, Request::ShowOverdue),
        (
            "Due within 7 days",
            &dash.due_within_7,
            Request::ShowDueWithin(7),
        ),
        (
            "Due in 8 to 30 days",
            &dash.due_within_30,
            Request::ShowDueWithin(30),
        ),
    ];
    for (title, lines, show_all) in sections {
        let id = ui.make_persistent_id(title);
        egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, true)
            .show_header(ui, |ui| {
                ui.strong(format!("{title} ({})", thousands(lines.len())));
                let hint = match &show_all {
                    Request::ShowDueWithin(days) => {
                        format!("The register, filtered to next deadlines due within {days} days")
                    }
                    _ => "The register, filtered to overdue deadlines".to_string(),
                };
                if !lines.is_empty()
                    && ui
                        .small_button("Show in register")
                        .on_hover_text(hint)
                        .clicked()
                {
                    action = Some(show_all);
                }
            })
            .body(|ui| {
                if lines.is_empty() {
                    ui.weak("Nothing");
                }
                let clicked = list_ui(ui, title, lines.len(), |ui, i| {
                    let line = &lines[i];
                    deadline_line_ui(ui, line).then_some(Request::ShowCase(line.case))
                });
                if action.is_none() {
                    action = clicked;
                }
            });
    }
    let title = format!(
        "Waiting on the other side ({}): no event for {} days or more",
        thousands(dash.waiting.len()),
        dash.waiting_days
    );
    egui::CollapsingHeader::new(egui::RichText::new(title).strong())
        .id_salt("waiting")
        .default_open(true)
        .show(ui, |ui| {
            if dash.waiting.is_empty() {
                ui.weak("Nothing");
            }
            let clicked = list_ui(ui, "waiting", dash.waiting.len(), |ui, i| {
                let line = &dash.waiting[i];
                waiting_line_ui(ui, line, dash.today).then_some(Request::ShowCase(line.case))
            });
            if action.is_none() {
                action = clicked;
            }
        });
    action
}

/// The height of a one-line frameless button, as `show_rows` wants it: without the spacing
/// between rows, which it adds itself (counted twice, the rows drawn fell short of the view).
pub(super) fn line_height(ui: &egui::Ui) -> f32 {
    let text = ui.text_style_height(&egui::TextStyle::Button);
    (text + 2.0 * ui.spacing().button_padding.y).max(ui.spacing().interact_size.y)
}

/// A list in a scroll area of its own, so a long one does not push the others off screen.
fn list_ui(
    ui: &mut egui::Ui,
    id: &str,
    len: usize,
    mut line: impl FnMut(&mut egui::Ui, usize) -> Option<Request>,
) -> Option<Request> {
    let height = line_height(ui);
    let mut action = None;
    egui::ScrollArea::vertical()
        .id_salt(id)
        .max_height((height + ui.spacing().item_spacing.y) * 8.0)
        .show_rows(ui, height, len, |ui, rows| {
            for i in rows {
                if let Some(a) = line(ui, i) {
                    action = Some(a);
                }
            }
        });
    action
}

/// One deadline; true when clicked.
fn deadline_line_ui(ui: &mut egui::Ui, line: &DeadlineLine) -> bool {
    let when = match line.days_left {
        ..-1 => format!("{} days overdue", -line.days_left),
        -1 => "1 day overdue".to_string(),
        0 => "due today".to_string(),
        1 => "due tomorrow".to_string(),
        n => format!("in {n} days"),
    };
    let text = format!(
        "{}  ·  {}  ·  due {} ({when})  ·  {}",
        line.reference,
        line.clock.rule().title,
        line.due.format("%d %b %Y"),
        line.status.label()
    );
    let colour = match line.days_left {
        ..0 => ui.visuals().error_fg_color,
        0..=7 => ui.visuals().warn_fg_color,
        _ => ui.visuals().text_color(),
    };
    ui.add(egui::Button::new(egui::RichText::new(text).color(colour)).frame(false))
        .on_hover_text(format!(
            "Open {} — {}",
            line.reference,
            line.clock.rule().source
        ))
        .clicked()
}

/// One case waiting on the other side; true when clicked.
fn waiting_line_ui(ui: &mut egui::Ui, line: &CaseLine, today: NaiveDate) -> bool {
    let idle = (today - line.last_update).num_days();
    let text = format!(
        "{}  ·  {} {}  ·  {}  ·  last event {} ({idle} days ago)",
        line.reference,
        line.kind,
        line.direction.label().to_lowercase(),
        line.status.label(),
        line.last_update.format("%d %b %Y"),
    );
    ui.add(egui::Button::new(text).frame(false))
        .on_hover_text(format!("Open {}", line.reference))
        .clicked()
}

fn figures_ui(ui: &mut egui::Ui, dash: &Dashboard) {
    ui.strong("Open cases");
    ui.horizontal_top(|ui| {
        // Open cases are never in the closed group: no need for a row that is always zero.
        let groups: Tally<StatusGroup> = dash
            .open_by_group
            .iter()
            .copied()
            .filter(|(g, _)| *g != StatusGroup::Closed)
            .collect();
        // Direction's two rows sit under the status groups, so the counts fit beside the
        // deadline lists in the default window.
        ui.vertical(|ui| {
            tally_ui(ui, "By status", &groups);
            ui.add_space(8.0);
            tally_ui(ui, "By direction", &dash.open_by_direction);
        });
        ui.add_space(16.0);
        tally_ui(ui, "By programme area", &dash.open_by_area);
    });
    ui.add_space(10.0);
    let (opened, closed) = dash
        .per_month
        .iter()
        .fold((0, 0), |(o, c), m| (o + m.opened, c + m.closed));
    ui.strong(format!(
        "Cases opened and closed per month: {} opened and {} closed in the last twelve months",
        thousands(opened),
        thousands(closed)
    ));
    months_chart_ui(ui, dash);
    ui.add_space(10.0);
    let o = dash.clock_outcomes;
    ui.strong(format!(
        "Deadlines: {} met and {} missed in the last twelve months, {} running",
        thousands(o.met),
        thousands(o.missed),
        thousands(o.running)
    ));
    outcomes_chart_ui(ui, dash);
}

fn tally_ui<K: std::fmt::Display>(ui: &mut egui::Ui, title: &str, tally: &Tally<K>) {
    ui.vertical(|ui| {
        ui.strong(title);
        egui::Grid::new(title).striped(true).show(ui, |ui| {
            for (key, n) in tally {
                ui.label(key.to_string());
                ui.label(thousands(*n));
                ui.end_row();
            }
        });
    });
}

/// Bars of cases opened and closed, side by side for each of the last twelve months.
fn months_chart_ui(ui: &mut egui::Ui, dash: &Dashboard) {
    let months: Vec<String> = dash
        .per_month
        .iter()
        .map(|m| m.month.first_day().format("%b\n%Y").to_string())
        .collect();
    let bars = |offset: f64, count: fn(&crate::domain::stats::MonthCount) -> usize| {
        dash.per_month
            .iter()
            .enumerate()
            .map(|(i, m)| {
                Bar::new(i as f64 + offset, count(m) as f64)
                    .width(0.38)
                    .name(&months[i])
            })
            .collect::<Vec<_>>()
    };
    let opened = BarChart::new("Opened", bars(-0.2, |m| m.opened))
        .color(egui::Color32::from_rgb(70, 130, 200));
    let closed = BarChart::new("Closed", bars(0.2, |m| m.closed))
        .color(egui::Color32::from_rgb(120, 170, 90));
    bar_plot("opened and closed per month", 220.0, months)
        .legend(Legend::default().position(Corner::LeftTop))
        .show(ui, |plot| {
            plot.bar_chart(opened);
            plot.bar_chart(closed);
        });
}

/// Deadlines met, missed and still running.
fn outcomes_chart_ui(ui: &mut egui::Ui, dash: &Dashboard) {
    let o = dash.clock_outcomes;
    let visuals = ui.visuals();
    let outcomes = [
        ("Met", o.met, egui::Color32::from_rgb(120, 170, 90)),
        ("Missed", o.missed, visuals.error_fg_color),
        ("Running", o.running, egui::Color32::from_rgb(70, 130, 200)),
    ];
    let names = outcomes.iter().map(|(n, ..)| n.to_string()).collect();
    let charts: Vec<BarChart> = outcomes
        .iter()
        .enumerate()
        .map(|(i, (name, n, colour))| {
            BarChart::new(*name, vec![Bar::new(i as f64, *n as f64).width(0.6)]).color(*colour)
        })
        .collect();
    bar_plot("deadline outcomes", 160.0, names).show(ui, |plot| {
        for chart in charts {
            plot.bar_chart(chart);
        }
    });
}

/// A fixed plot of bars at 0, 1, 2…, each named below by its label, counted up the side.
fn bar_plot(id: &str, height: f32, labels: Vec<String>) -> Plot<'static> {
    let count = labels.len();
    Plot::new(id)
        .height(height)
        .x_grid_spacer(move |_| marks(count))
        // Twelve month names fit closer together than egui_plot's default label spacing.
        .custom_x_axes(vec![
            AxisHints::new_x()
                .formatter(move |mark, _| label_at(&labels, mark.value))
                .label_spacing(28.0..=40.0),
        ])
        .y_axis_formatter(|mark, _| whole(mark.value))
        .include_y(0.0)
        .include_x(-0.6)
        .include_x(count as f64 - 0.4)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .show_x(false)
}

/// A grid mark at each bar.
fn marks(count: usize) -> Vec<GridMark> {
    (0..count)
        .map(|i| GridMark {
            value: i as f64,
            step_size: 1.0,
        })
        .collect()
}

fn label_at(labels: &[String], value: f64) -> String {
    let i = value.round();
    if (value - i).abs() > 0.01 || i < 0.0 {
        return String::new();
    }
    labels.get(i as usize).cloned().unwrap_or_default()
}

/// Counts are whole numbers: no "2.5" on the axis.
fn whole(value: f64) -> String {
    if value.fract().abs() < 1e-9 && value >= 0.0 {
        format!("{value:.0}")
    } else {
        String::new()
    }
}
