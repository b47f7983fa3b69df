//! The export dialogs: a case summary of the selected case or of the register's current view
//! (profile, format, recipient), a review report for a period, and the register as CSV. Each
//! ends by asking for the output file; the export then runs as a background [`Task`].

use super::clock::Clock;
use super::date_field::DateField;
use super::dropdown::dropdown_ui;
use super::files::{FileKind, display_name};
use super::form_keys::{DialogKeys, escape_closes};
use super::tasks::{Task, TaskResult};
use crate::domain::dates::{DateKind, DateOrder, parse_date_for};
use crate::domain::stats::{DateRange, YearMonth};
use crate::domain::{CaseId, Casebook, ExportProfile};
use crate::export::doc::INTERNAL_USE;
use crate::export::{self, ExportError, ExportMeta, Format, Progress, Rendered, Selection};
use crate::store;
use chrono::{Datelike, NaiveDate};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    Summary,
    Review,
    Register,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Period {
    Month,
    Year,
    Range,
}

/// Which cases an export covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    /// The case selected in the register.
    Selected,
    /// The cases the register shows with its current filter.
    Visible,
    /// Every case (register export).
    All,
}

/// The recipient a printed summary records: paper leaves Casedesk like any export.
const PRINTED: &str = "Printed copy";

/// The export dialog's answers so far.
pub struct ExportForm {
    pub kind: ExportKind,
    selected: Option<CaseId>,
    visible: Vec<CaseId>,
    scope: Scope,
    profile: ExportProfile,
    format: Format,
    recipient: String,
    include_ncnd: bool,
    /// A CSV laid out for Excel (byte order mark, Windows line ends).
    excel: bool,
    period: Period,
    month: YearMonth,
    year: i32,
    from: String,
    to: String,
    error: Option<String>,
    /// No file dialog could be shown: the path typed in the window, and why it was refused.
    pub path_entry: Option<(String, Option<String>)>,
    /// The path typed names an existing file: the text, and the file, until the officer
    /// says whether to replace it.
    pub replace: Option<(String, PathBuf)>,
}

/// What the officer did with the form this frame.
pub enum FormAnswer {
    Cancel,
    /// The form is complete: ask where to write it.
    Export,
}

/// The work of an export, run on the background thread.
type Render = Box<dyn FnOnce(&Progress) -> Result<Rendered, ExportError> + Send>;

/// An export ready to run once its output path is known.
pub struct ExportPlan {
    pub default_name: String,
    pub kind: FileKind,
    run: Render,
    title: String,
}

impl ExportForm {
    pub fn new(
        kind: ExportKind,
        selected: Option<CaseId>,
        visible: Vec<CaseId>,
        today: NaiveDate,
    ) -> Self {
        let last_month = YearMonth::of(
            today
                .with_day(1)
                .and_then(|d| d.pred_opt())
                .unwrap_or(today),
        );
        Self {
            kind,
            scope: match kind {
                ExportKind::Summary if selected.is_some() => Scope::Selected,
                ExportKind::Summary | ExportKind::Register => Scope::Visible,
                ExportKind::Review => Scope::All,
            },
            selected,
            visible,
            profile: ExportProfile::Full,
            format: match kind {
                ExportKind::Register => Format::Csv,
                _ => Format::Pdf,
            },
            recipient: String::new(),
            include_ncnd: false,
            excel: false,
            period: Period::Month,
            month: last_month,
            year: last_month.year,
            from: String::new(),
            to: String::new(),
            error: None,
            path_entry: None,
            replace: None,
        }
    }

    /// The full summary of `case` as a PDF, to print: recorded as handed out on paper.
    pub fn to_print(case: CaseId, today: NaiveDate) -> Self {
        Self {
            recipient: PRINTED.into(),
            ..Self::new(ExportKind::Summary, Some(case), Vec::new(), today)
        }
    }

    /// Why the answers do not make an export yet, if they do not.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Shows why the file chosen cannot be written.
    pub fn refuse(&mut self, why: String) {
        self.error = Some(why);
    }

    fn title(&self) -> &'static str {
        match self.kind {
            ExportKind::Summary => "Export a case summary",
            ExportKind::Review => "Review report",
            ExportKind::Register => "Export the register to a spreadsheet (CSV)",
        }
    }

    /// The cases a summary or register export covers (`None`: every case).
    fn cases(&self) -> Option<Vec<CaseId>> {
        match self.scope {
            Scope::Selected => Some(self.selected.into_iter().collect()),
            Scope::Visible => Some(self.visible.clone()),
            Scope::All => None,
        }
    }

    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        book: &Casebook,
        today: NaiveDate,
    ) -> Option<FormAnswer> {
        let mut answer = None;
        // Escape closes a list or a date picker first.
        let keys = DialogKeys::before(ui.ctx());
        egui::Modal::new(egui::Id::unique("export dialog")).show(ui.ctx(), |ui| {
            ui.set_width(560.0);
            ui.heading(self.title());
            ui.spacing_mut().item_spacing.y = 8.0;
            self.fields_ui(ui, book, today);
            if let Some(e) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            ui.horizontal(|ui| {
                if ui.button("Export to file…").clicked() {
                    answer = Some(FormAnswer::Export);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(FormAnswer::Cancel);
                }
            });
            let typed = (&self.recipient, &self.from, &self.to);
            if escape_closes(ui, keys.escape(ui.ctx()), typed, "export details") {
                answer = Some(FormAnswer::Cancel);
            }
        });
        answer
    }

    fn excel_ui(&mut self, ui: &mut egui::Ui) {
        ui.checkbox(
            &mut self.excel,
            "For Excel (a byte order mark and Windows line ends)",
        )
        .on_hover_text(
            "Excel on Windows then reads Urdu and accents right; Casedesk imports it as it is",
        );
    }

    fn fields_ui(&mut self, ui: &mut egui::Ui, book: &Casebook, today: NaiveDate) {
        let selected_reference = self
            .selected
            .and_then(|id| book.case(id))
            .map(|c| c.reference.clone());
        match self.kind {
            ExportKind::Summary => {
                ui.strong("Cases");
                ui.vertical(|ui| {
                    if let Some(reference) = &selected_reference {
                        ui.radio_value(
                            &mut self.scope,
                            Scope::Selected,
                            format!("The selected case, {reference}"),
                        );
                    }
                    ui.radio_value(
                        &mut self.scope,
                        Scope::Visible,
                        format!(
                            "The {} the register shows",
                            super::counts::count(self.visible.len(), "case", "cases")
                        ),
                    );
                });
            }
            ExportKind::Register => {
                ui.strong("Cases");
                ui.vertical(|ui| {
                    ui.radio_value(
                        &mut self.scope,
                        Scope::Visible,
                        format!(
                            "The register's current view ({})",
                            super::counts::count(self.visible.len(), "case", "cases")
                        ),
                    );
                    ui.radio_value(
                        &mut self.scope,
                        Scope::All,
                        format!("Every case ({})", book.cases().len()),
                    );
                });
                self.excel_ui(ui);
                return;
            }
            ExportKind::Review => {
                self.period_ui(ui, book.settings.date_order, today);
            }
        }
        ui.horizontal(|ui| {
            let label = ui.label("Profile");
            dropdown_ui(
                ui,
                "export profile",
                &mut self.profile,
                ExportProfile::ALL,
                |p| p.label().to_string(),
                160.0,
            )
            .labelled_by(label.id);
        });
        let ncnd = self.ncnd_count(book);
        if self.profile != ExportProfile::Full && ncnd > 0 {
            ui.vertical(|ui| {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!("{ncnd} of these cases are neither-confirm-nor-deny: they are left out unless you include them."),
                );
                ui.checkbox(
                    &mut self.include_ncnd,
                    "Include the neither-confirm-nor-deny cases",
                );
            });
        }
        let formats: &[Format] = match self.kind {
            ExportKind::Review => &[Format::Pdf, Format::Html, Format::Markdown, Format::Csv],
            _ => &[Format::Pdf, Format::Html, Format::Markdown],
        };
        ui.horizontal(|ui| {
            let label = ui.label("Format");
            dropdown_ui(
                ui,
                "export format",
                &mut self.format,
                formats,
                Format::to_string,
                160.0,
            )
            .labelled_by(label.id);
        });
        if self.format == Format::Csv {
            self.excel_ui(ui);
        }
        if self.kind == ExportKind::Review {
            let mut internal = self.recipient == INTERNAL_USE;
            if ui
                .checkbox(
                    &mut internal,
                    "For internal use (the monthly review): no disclosure is recorded",
                )
                .changed()
            {
                self.recipient = if internal {
                    INTERNAL_USE.into()
                } else {
                    String::new()
                };
            }
        }
        ui.horizontal(|ui| {
            let label = ui.label("Recipient");
            ui.add(
                egui::TextEdit::singleline(&mut self.recipient)
                    .hint_text("Who receives it: recorded in each case's history")
                    .desired_width(400.0),
            )
            .labelled_by(label.id);
        });
    }

    fn period_ui(&mut self, ui: &mut egui::Ui, order: DateOrder, today: NaiveDate) {
        ui.strong("Period");
        ui.horizontal(|ui| {
            ui.radio_value(&mut self.period, Period::Month, "A month");
            ui.radio_value(&mut self.period, Period::Year, "A year");
            ui.radio_value(&mut self.period, Period::Range, "From… to…");
        });
        ui.horizontal(|ui| match self.period {
            Period::Month => {
                let label = ui.label("Month");
                let months: Vec<YearMonth> = (1..=12)
                    .map(|month| YearMonth {
                        year: self.month.year,
                        month,
                    })
                    .collect();
                dropdown_ui(
                    ui,
                    "review month",
                    &mut self.month,
                    &months,
                    |m| m.first_day().format("%B").to_string(),
                    120.0,
                )
                .labelled_by(label.id);
                let label = ui.label("Year");
                ui.add(egui::DragValue::new(&mut self.month.year).range(1990..=2100))
                    .labelled_by(label.id);
            }
            Period::Year => {
                let label = ui.label("Year");
                ui.add(egui::DragValue::new(&mut self.year).range(1990..=2100))
                    .labelled_by(label.id);
            }
            Period::Range => {
                let label = ui.label("From");
                DateField::new(&mut self.from, "From", order, today)
                    .desired_width(110.0)
                    .show(ui)
                    .text
                    .labelled_by(label.id);
                let label = ui.label("To");
                DateField::new(&mut self.to, "To", order, today)
                    .desired_width(110.0)
                    .show(ui)
                    .text
                    .labelled_by(label.id);
            }
        });
    }

    fn ncnd_count(&self, book: &Casebook) -> usize {
        match self.cases() {
            Some(ids) => ids
                .iter()
                .filter_map(|&id| book.case(id))
                .filter(|c| c.details.ncnd)
                .count(),
            None => book.cases().iter().filter(|c| c.details.ncnd).count(),
        }
    }

    fn range(&self, order: DateOrder, today: NaiveDate) -> Result<DateRange, String> {
        match self.period {
            Period::Month => Ok(DateRange::month(self.month)),
            Period::Year => NaiveDate::from_ymd_opt(self.year, 1, 1)
                .zip(NaiveDate::from_ymd_opt(self.year, 12, 31))
                .and_then(|(from, to)| DateRange::new(from, to))
                .ok_or_else(|| format!("{} is not a year Casedesk can report on", self.year)),
            Period::Range => {
                let period = |text: &str| parse_date_for(text, order, DateKind::Scheduled, today);
                let from = period(&self.from).map_err(|e| format!("From: {e}"))?;
                let to = period(&self.to).map_err(|e| format!("To: {e}"))?;
                DateRange::new(from, to).ok_or_else(|| "The period ends before it starts".into())
            }
        }
    }

    /// Checks the answers and prepares the export, or says what is missing.
    pub fn plan(&mut self, book: &Arc<Casebook>, clock: Clock) -> Option<ExportPlan> {
        match self.try_plan(book, clock) {
            Ok(plan) => {
                self.error = None;
                Some(plan)
            }
            Err(e) => {
                self.error = Some(e);
                None
            }
        }
    }

    fn try_plan(&self, book: &Arc<Casebook>, clock: Clock) -> Result<ExportPlan, String> {
        let today = clock.today();
        let recipient = self.recipient.trim().to_string();
        if self.kind != ExportKind::Register && recipient.is_empty() {
            return Err(
                "Say who receives the export: it is recorded in each case's history".into(),
            );
        }
        let selection = Selection {
            include_ncnd: self.include_ncnd,
        };
        let (profile, format) = (self.profile, self.format);
        let meta = ExportMeta::of_this_build(clock.now(), &recipient);
        let book = Arc::clone(book);
        let kind = file_kind(format);
        let extension = kind.extensions[0];
        match self.kind {
            ExportKind::Summary => {
                let ids = self.cases().unwrap_or_default();
                // Checked here so the officer hears of it before choosing a file.
                export::redact::chosen_cases(&book, &ids, profile, selection)
                    .map_err(|e| e.to_string())?;
                let name = match ids.as_slice() {
                    [one] => book
                        .case(*one)
                        .map_or("case".into(), |c| c.reference.clone()),
                    many => format!("{}-cases", many.len()),
                };
                Ok(ExportPlan {
                    default_name: format!("{name}-summary.{extension}"),
                    kind,
                    title: format!(
                        "Exporting a summary of {}",
                        crate::count::count(ids.len(), "case", "cases")
                    ),
                    run: Box::new(move |progress| {
                        export::case_summary(
                            &book, &ids, profile, selection, format, &meta, today, progress,
                        )
                    }),
                })
            }
            ExportKind::Review => {
                let range = self.range(book.settings.date_order, today)?;
                Ok(ExportPlan {
                    default_name: format!("review-{}-to-{}.{extension}", range.from, range.to),
                    kind,
                    title: format!("Exporting the review report {} to {}", range.from, range.to),
                    run: for_excel(
                        Box::new(move |progress| {
                            export::review_report(
                                &book, range, profile, selection, format, &meta, today, progress,
                            )
                        }),
                        self.excel && format == Format::Csv,
                    ),
                })
            }
            ExportKind::Register => {
                let ids = self.cases();
                Ok(ExportPlan {
                    default_name: format!("register-{today}.csv"),
                    kind: file_kind(Format::Csv),
                    title: format!(
                        "Exporting {} cases to a spreadsheet",
                        super::counts::thousands(ids.as_ref().map_or(book.cases().len(), Vec::len))
                    ),
                    run: for_excel(
                        Box::new(move |progress| {
                            let bytes =
                                export::register_csv_with(&book, ids.as_deref(), today, progress)?;
                            Ok(Rendered {
                                bytes,
                                disclosures: Vec::new(),
                            })
                        }),
                        self.excel,
                    ),
                })
            }
        }
    }
}

impl ExportPlan {
    /// Runs the export to `path` in the background. A cancelled export writes nothing.
    pub fn start(self, path: PathBuf) -> Task {
        let title = format!("{} to {}", self.title, display_name(&path));
        let run = self.run;
        Task::spawn(title, move |progress| match run(progress) {
            Err(ExportError::Cancelled(_)) => TaskResult::Cancelled,
            Err(e) => TaskResult::Failed(e.to_string()),
            Ok(_) if progress.is_cancelled() => TaskResult::Cancelled,
            Ok(rendered) => {
                if progress.begin("Writing the file", 0).is_err() {
                    return TaskResult::Cancelled;
                }
                match store::write_export(&path, &rendered.bytes) {
                    Ok(()) => TaskResult::Exported {
                        path,
                        disclosures: rendered.disclosures,
                    },
                    Err(e) => TaskResult::Failed(e.to_string()),
                }
            }
        })
    }
}

/// `run`, its CSV laid out for Excel when `excel` is ticked.
fn for_excel(run: Render, excel: bool) -> Render {
    if !excel {
        return run;
    }
    Box::new(move |progress| {
        let rendered = run(progress)?;
        Ok(Rendered {
            bytes: export::csv::for_excel(&rendered.bytes)?,
            ..rendered
        })
    })
}

fn file_kind(format: Format) -> FileKind {
    let (name, extensions): (_, &'static [&'static str]) = match format {
        Format::Markdown => ("Markdown", &["md"]),
        Format::Html => ("HTML", &["html"]),
        Format::Pdf => ("PDF", &["pdf"]),
        Format::Csv => ("CSV", &["csv"]),
    };
    FileKind { name, extensions }
}
