//! The register: every case in one virtualised table, sortable by any column, with a free-text
//! filter and facets that update as the officer types. Rows are precomputed from the casebook
//! (and refreshed per edited case) so a frame only draws what is on screen.

use super::dropdown::dropdown_ui;
use super::request::Request;
use crate::domain::clock::{NextDeadline, Replay, next_deadline};
use crate::domain::dates::DateOrder;
use crate::domain::search::{self, Query, push_lowercase};
use crate::domain::{
    Case, CaseId, CaseKind, Casebook, Direction, Name, ProgrammeArea, StatusGroup,
};
use crate::parallel;
use chrono::NaiveDate;
use egui_extras::{Column, TableBuilder};

#[derive(Clone)]
struct Row {
    id: CaseId,
    reference: String,
    kind: CaseKind,
    direction: Direction,
    kind_label: &'static str,
    person: String,
    offence: Name,
    status: &'static str,
    group: StatusGroup,
    area: ProgrammeArea,
    deadline: Option<(NaiveDate, i64)>,
    /// Its next deadline is overdue (`Clock::is_overdue`).
    overdue: bool,
    officer: Name,
    last_update: NaiveDate,
    /// The first hearing from today on.
    next_hearing: Option<NaiveDate>,
    last_reviewed: Option<NaiveDate>,
    /// Where the reference stands in [`Natural`] order among all rows: every sort's tie-break,
    /// a number compared instead of two references.
    rank: u32,
}

/// The lower-case text the free-text filter searches for each row (references, names and
/// aliases, offences, the summary, notes and external references), all rows' end to end in one
/// buffer: one allocation instead of one per row, streamed through by a vectorised substring
/// search on each keystroke.
#[derive(Clone, Default)]
struct SearchText {
    /// UTF-8: each row's text is whole, so a UTF-8 needle found in it is found on characters.
    text: Vec<u8>,
    /// Where each row's text lies in `text`, by row.
    spans: Vec<(usize, usize)>,
    /// Bytes no row points at any more (the old text of refreshed rows).
    stale: usize,
}

impl SearchText {
    fn of(&self, row: usize) -> &[u8] {
        let (start, end) = self.spans[row];
        &self.text[start..end]
    }

    /// Adds the text of `case` as the next row's.
    fn push(&mut self, book: &Casebook, case: &Case) {
        let start = self.text.len();
        write_search_text(&mut self.text, book, case);
        self.spans.push((start, self.text.len()));
    }

    /// Puts `other`'s rows after these.
    fn append(&mut self, other: SearchText) {
        let shift = self.text.len();
        self.text.extend_from_slice(&other.text);
        self.spans
            .extend(other.spans.iter().map(|&(s, e)| (s + shift, e + shift)));
        self.stale += other.stale;
    }

    /// Replaces the text of `row` with that of `case`: written at the end, the old text left
    /// stale until stale text outweighs live text, then the buffer is compacted.
    fn replace(&mut self, row: usize, book: &Casebook, case: &Case) {
        let (start, end) = self.spans[row];
        self.stale += end - start;
        let start = self.text.len();
        write_search_text(&mut self.text, book, case);
        self.spans[row] = (start, self.text.len());
        if self.stale > self.text.len() / 2 {
            let mut compact = SearchText {
                text: Vec::with_capacity(self.text.len() - self.stale),
                spans: Vec::with_capacity(self.spans.len()),
                stale: 0,
            };
            for row in 0..self.spans.len() {
                let start = compact.text.len();
                compact.text.extend_from_slice(self.of(row));
                compact.spans.push((start, compact.text.len()));
            }
            *self = compact;
        }
    }
}

/// What a column shows in a row's cell.
enum Cell<'r> {
    Text(&'r str),
    /// Empty when there is none (no hearing ahead, never reviewed).
    Date(Option<NaiveDate>),
    /// The next deadline and the days left to it, coloured as it nears.
    Deadline(Option<(NaiveDate, i64)>),
}

/// One column of the register: its name (kept in the officer's choice of columns), title,
/// widths, what its cell shows and how it sorts.
pub struct RegisterColumn {
    pub name: &'static str,
    pub title: &'static str,
    /// Its width where there is room, and the least that still reads (a reference, a date).
    width: f32,
    least: f32,
    cell: for<'r> fn(&'r Row) -> Cell<'r>,
    sort: fn(&mut [usize], &[Row], bool),
}

/// Every column the register can show, in the default order. A column is one line here (and
/// its value in [`Row`]).
#[rustfmt::skip]
pub const COLUMNS: &[RegisterColumn] = &[
    RegisterColumn { name: "Reference", title: "Reference", width: 110.0, least: 96.0, cell: |r| Cell::Text(&r.reference), sort: |v, rows, up| sort_keyed(v, rows, up, |_| ()) },
    RegisterColumn { name: "Kind", title: "Kind", width: 130.0, least: 90.0, cell: |r| Cell::Text(r.kind_label), sort: |v, rows, up| sort_keyed(v, rows, up, |r| r.kind_label) },
    RegisterColumn { name: "Person", title: "Requested person", width: 170.0, least: 100.0, cell: |r| Cell::Text(&r.person), sort: |v, rows, up| sort_keyed(v, rows, up, |r| r.person.as_str()) },
    RegisterColumn { name: "Offence", title: "Offence or area", width: 200.0, least: 100.0, cell: |r| Cell::Text(&r.offence), sort: |v, rows, up| sort_keyed(v, rows, up, |r| r.offence.as_str()) },
    RegisterColumn { name: "Status", title: "Status", width: 170.0, least: 100.0, cell: |r| Cell::Text(r.status), sort: |v, rows, up| sort_keyed(v, rows, up, |r| r.status) },
    // Cases without a deadline after those with one.
    RegisterColumn { name: "Deadline", title: "Next deadline", width: 150.0, least: 125.0, cell: |r| Cell::Deadline(r.deadline), sort: |v, rows, up| sort_keyed(v, rows, up, |r| (r.deadline.is_none(), r.deadline.map(|(due, _)| due))) },
    RegisterColumn { name: "Officer", title: "Officer", width: 120.0, least: 80.0, cell: |r| Cell::Text(&r.officer), sort: |v, rows, up| sort_keyed(v, rows, up, |r| r.officer.as_str()) },
    RegisterColumn { name: "LastUpdate", title: "Last update", width: 100.0, least: 88.0, cell: |r| Cell::Date(Some(r.last_update)), sort: |v, rows, up| sort_keyed(v, rows, up, |r| r.last_update) },
    RegisterColumn { name: "NextHearing", title: "Next hearing", width: 100.0, least: 88.0, cell: |r| Cell::Date(r.next_hearing), sort: |v, rows, up| sort_keyed(v, rows, up, |r| r.next_hearing) },
    RegisterColumn { name: "LastReviewed", title: "Last reviewed", width: 100.0, least: 88.0, cell: |r| Cell::Date(r.last_reviewed), sort: |v, rows, up| sort_keyed(v, rows, up, |r| r.last_reviewed) },
];

/// The columns shown beside an open case until the officer chooses: what the case panel does
/// not show of the others at a glance.
const BESIDE_CASE: [&str; 5] = ["Reference", "Status", "Deadline", "Officer", "LastUpdate"];

/// The index in [`COLUMNS`] of the column called `name`.
fn column_index(name: &str) -> Option<usize> {
    COLUMNS.iter().position(|c| c.name == name)
}

/// Which columns the register shows, as indices into [`COLUMNS`] in the order shown: alone,
/// and beside an open case.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ColumnChoice {
    alone: Vec<usize>,
    beside_case: Vec<usize>,
}

impl Default for ColumnChoice {
    fn default() -> Self {
        Self {
            alone: (0..COLUMNS.len()).collect(),
            beside_case: BESIDE_CASE.iter().filter_map(|n| column_index(n)).collect(),
        }
    }
}

impl ColumnChoice {
    /// The choice kept on this computer; names no longer known are left out, and a list left
    /// empty takes the default.
    fn of(layout: &crate::store::Layout) -> Self {
        let pick = |names: &[String], default: Vec<usize>| {
            let mut chosen: Vec<usize> = Vec::new();
            for i in names.iter().filter_map(|n| column_index(n)) {
                if !chosen.contains(&i) {
                    chosen.push(i);
                }
            }
            if chosen.is_empty() { default } else { chosen }
        };
        let default = Self::default();
        Self {
            alone: pick(&layout.columns, default.alone),
            beside_case: pick(&layout.columns_beside_case, default.beside_case),
        }
    }

    fn layout(&self) -> crate::store::Layout {
        let names = |list: &[usize]| list.iter().map(|&i| COLUMNS[i].name.to_string()).collect();
        crate::store::Layout {
            columns: names(&self.alone),
            columns_beside_case: names(&self.beside_case),
        }
    }
}

/// The facets of the filter bar. `None` means any.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facets {
    pub kind: Option<CaseKind>,
    pub direction: Option<Direction>,
    pub group: Option<StatusGroup>,
    pub area: Option<ProgrammeArea>,
    pub officer: Option<String>,
    pub overdue: bool,
    pub due_within_days: Option<i64>,
}

impl Facets {
    /// Whether `r` passes the facets (the text is searched after, for the rows that do).
    fn admits(&self, r: &Row) -> bool {
        self.kind.is_none_or(|k| r.kind == k)
            && self.direction.is_none_or(|d| r.direction == d)
            && self.group.is_none_or(|g| r.group == g)
            && self.area.is_none_or(|a| r.area == a)
            && self.officer.as_ref().is_none_or(|o| r.officer == **o)
            && (!self.overdue || r.overdue)
            && self
                .due_within_days
                .is_none_or(|n| r.deadline.is_some_and(|(_, days)| (0..=n).contains(&days)))
    }
}

#[derive(Clone)]
pub struct Register {
    rows: Vec<Row>,
    search: SearchText,
    visible: Vec<usize>,
    pub filter: String,
    pub facets: Facets,
    /// The column sorted by (its index in [`COLUMNS`]), and whether ascending.
    sort: (usize, bool),
    columns: ColumnChoice,
    /// The officer changed the columns since the desk last kept them.
    columns_changed: bool,
    selected: Option<CaseId>,
    officers: Vec<String>,
    /// How the casebook reads dates such as 14/03/1985 typed into the filter.
    date_order: DateOrder,
    focus_filter: bool,
    scroll_to_selected: bool,
}

impl Register {
    /// The register of `book`, each case's clocks replayed for its next deadline.
    pub fn new(book: &Casebook, today: NaiveDate) -> Self {
        Self::with_deadlines(book, today, None)
    }

    /// The register of `book` with each case's next deadline as `next_deadlines` gives them
    /// in the casebook's order (found in the dashboard's pass, `LiveDashboard::overview`), or
    /// replayed.
    pub fn with_deadlines(
        book: &Casebook,
        today: NaiveDate,
        next_deadlines: Option<&[Option<NextDeadline>]>,
    ) -> Self {
        let mut register = Self {
            rows: Vec::new(),
            search: SearchText::default(),
            visible: Vec::new(),
            filter: String::new(),
            facets: Facets::default(),
            sort: (0, true),
            columns: ColumnChoice::default(),
            columns_changed: false,
            selected: None,
            officers: Vec::new(),
            date_order: book.settings.date_order,
            focus_filter: false,
            scroll_to_selected: false,
        };
        register.rebuild(book, today, next_deadlines);
        register
    }

    /// Rebuilds every row (after a case is added or removed, or the casebook replaced), on
    /// every core; `next_deadlines` as for [`Self::with_deadlines`].
    pub fn rebuild(
        &mut self,
        book: &Casebook,
        today: NaiveDate,
        next_deadlines: Option<&[Option<NextDeadline>]>,
    ) {
        // The old rows go first, so the register is not held twice while the new ones build.
        self.rows = Vec::new();
        self.search = SearchText::default();
        self.date_order = book.settings.date_order;
        // Deadlines for another casebook than this are not used.
        let given = next_deadlines.filter(|d| d.len() == book.cases().len());
        let parts = parallel::in_parts(book.cases(), PARALLEL_ROWS / 4, |first, cases| {
            let mut search = SearchText::default();
            let mut replay = Replay::default();
            // For deadlines replayed here: once per part, not per row (it compares the home
            // country with the UK's name).
            let days = book.settings.working_days();
            let rows: Vec<Row> = (first..)
                .zip(Case::fetched(cases))
                .map(|(i, c)| {
                    search.push(book, c);
                    let next = match given {
                        Some(given) => given.get(i).copied().flatten(),
                        None => replay
                            .next_deadline(c, today, &days)
                            .as_ref()
                            .map(NextDeadline::of),
                    };
                    row(book, c, today, next)
                })
                .collect();
            (rows, search)
        });
        self.rows = Vec::with_capacity(book.cases().len());
        // Sized once: grown part by part, the buffer (tens of megabytes at 100,000 cases)
        // would be copied over as it doubled, and briefly held twice.
        self.search = SearchText {
            text: Vec::with_capacity(parts.iter().map(|(_, s)| s.text.len()).sum()),
            spans: Vec::with_capacity(book.cases().len()),
            stale: 0,
        };
        for (rows, search) in parts {
            self.rows.extend(rows);
            self.search.append(search);
        }
        rank_references(&mut self.rows);
        let officers: std::collections::BTreeSet<&str> = self
            .rows
            .iter()
            .map(|r| r.officer.as_str())
            .filter(|o| !o.is_empty())
            .collect();
        self.officers = officers.into_iter().map(String::from).collect();
        self.refilter();
    }

    /// Refreshes the row of one edited case.
    pub fn refresh_case(&mut self, book: &Casebook, id: CaseId, today: NaiveDate) {
        let i = match (self.rows.iter().position(|r| r.id == id), book.case(id)) {
            (Some(i), Some(case)) => {
                let rank = self.rows[i].rank;
                let renumbered = self.rows[i].reference != case.reference;
                self.rows[i] = Row {
                    rank,
                    ..one_row(book, case, today)
                };
                if renumbered {
                    rank_references(&mut self.rows);
                }
                self.search.replace(i, book, case);
                i
            }
            // A new case: one row more, not every row built again (at 100,000 cases a rebuild
            // holds two registers' worth of memory for a moment).
            (None, Some(case)) => {
                self.rows.push(one_row(book, case, today));
                self.search.push(book, case);
                rank_references(&mut self.rows);
                self.rows.len() - 1
            }
            _ => return self.rebuild(book, today, None),
        };
        let officer = self.rows[i].officer.as_str();
        if let Err(at) = self.officers.binary_search_by(|o| o.as_str().cmp(officer))
            && !officer.is_empty()
        {
            self.officers.insert(at, officer.to_string());
        }
        self.refilter();
    }

    pub fn selected(&self) -> Option<CaseId> {
        self.selected
    }

    pub fn select(&mut self, id: CaseId) {
        self.selected = Some(id);
        self.scroll_to_selected = true;
    }

    /// Closes the case panel: no case selected.
    pub fn deselect(&mut self) {
        self.selected = None;
    }

    /// The columns shown, by name in order: `beside_case` while a case is open beside it.
    pub fn columns(&self, beside_case: bool) -> Vec<&'static str> {
        self.shown(beside_case)
            .iter()
            .map(|&i| COLUMNS[i].name)
            .collect()
    }

    fn shown(&self, beside_case: bool) -> &Vec<usize> {
        if beside_case {
            &self.columns.beside_case
        } else {
            &self.columns.alone
        }
    }

    /// Takes the columns kept on this computer.
    pub fn use_layout(&mut self, layout: &crate::store::Layout) {
        self.columns = ColumnChoice::of(layout);
    }

    /// The columns as chosen, once after each change, for the desk to keep.
    pub fn take_changed_layout(&mut self) -> Option<crate::store::Layout> {
        std::mem::take(&mut self.columns_changed).then(|| self.columns.layout())
    }

    /// Shows or hides the column called `name` (`beside_case`: in the list used while a case
    /// is open). A hidden column is shown at the end; the last column shown stays.
    pub fn toggle_column(&mut self, name: &str, beside_case: bool) {
        let Some(column) = column_index(name) else {
            return;
        };
        let list = self.shown_mut(beside_case);
        match list.iter().position(|&i| i == column) {
            Some(at) if list.len() > 1 => {
                list.remove(at);
            }
            Some(_) => return,
            None => list.push(column),
        }
        self.columns_changed = true;
    }

    /// Moves the shown column called `name` `step` places (negative: to the left).
    pub fn move_column(&mut self, name: &str, step: isize, beside_case: bool) {
        let Some(column) = column_index(name) else {
            return;
        };
        let list = self.shown_mut(beside_case);
        if let Some(at) = list.iter().position(|&i| i == column) {
            let to = at.saturating_add_signed(step).min(list.len() - 1);
            if to != at {
                let moved = list.remove(at);
                list.insert(to, moved);
                self.columns_changed = true;
            }
        }
    }

    fn shown_mut(&mut self, beside_case: bool) -> &mut Vec<usize> {
        if beside_case {
            &mut self.columns.beside_case
        } else {
            &mut self.columns.alone
        }
    }

    pub fn request_focus(&mut self) {
        self.focus_filter = true;
    }

    /// How many cases pass the filter.
    pub fn visible_count(&self) -> usize {
        self.visible.len()
    }

    /// The case shown at `position`, in display order.
    pub fn visible_id(&self, position: usize) -> Option<CaseId> {
        self.visible.get(position).map(|&i| self.rows[i].id)
    }

    /// The references of the cases shown, in order.
    pub fn visible_references(&self) -> Vec<&str> {
        self.visible
            .iter()
            .map(|&i| self.rows[i].reference.as_str())
            .collect()
    }

    /// Sorts by the column called `name`; again, the other way round.
    pub fn sort_by(&mut self, name: &str) {
        let Some(column) = column_index(name) else {
            return;
        };
        self.sort = if self.sort.0 == column {
            (column, !self.sort.1)
        } else {
            (column, true)
        };
        self.sort_visible();
    }

    /// Applies the filter text and the facets, then the sort. A large register is searched
    /// on every core.
    pub fn refilter(&mut self) {
        let query = Query::parse(&self.filter, self.date_order);
        let (facets, search) = (&self.facets, &self.search);
        // The rows from `first` on that pass: the facets first, as they are cheaper.
        let pass = |first: usize, rows: &[Row]| -> Vec<usize> {
            (first..)
                .zip(rows)
                .filter(|&(i, r)| facets.admits(r) && query.matches(search.of(i)))
                .map(|(i, _)| i)
                .collect()
        };
        self.visible = parallel::in_parts(&self.rows, PARALLEL_ROWS, pass).concat();
        self.sort_visible();
    }

    fn sort_visible(&mut self) {
        let (column, ascending) = self.sort;
        (COLUMNS[column].sort)(&mut self.visible, &self.rows, ascending);
    }

    /// Moves the selection `step` rows (the arrow keys, routed by `keys::route`).
    pub fn move_selection(&mut self, step: isize) {
        if self.visible.is_empty() {
            return;
        }
        let current = self
            .selected
            .and_then(|id| self.visible.iter().position(|&i| self.rows[i].id == id));
        let next = match current {
            Some(p) => p.saturating_add_signed(step).min(self.visible.len() - 1),
            None => 0,
        };
        self.selected = Some(self.rows[self.visible[next]].id);
        self.scroll_to_selected = true;
    }

    /// The filter bar and the table; `beside_case` while a case is open beside it. Returns what
    /// a row's context menu asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui, beside_case: bool) -> Vec<Request> {
        self.filter_bar_ui(ui, beside_case);
        ui.separator();
        self.table_ui(ui, beside_case)
    }

    fn filter_bar_ui(&mut self, ui: &mut egui::Ui, beside_case: bool) {
        let mut changed = false;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Filter");
            // Focused before it is drawn, so it takes this frame's typing already.
            let id = ui.make_persistent_id("register filter");
            if std::mem::take(&mut self.focus_filter) {
                ui.memory_mut(|m| m.request_focus(id));
            }
            let edit = ui
                .add(
                    egui::TextEdit::singleline(&mut self.filter)
                        .id(id)
                        .hint_text("Reference, name, CNIC, passport, date of birth, offence…")
                        .desired_width(260.0),
                )
                .labelled_by(label.id);
            changed |= edit.changed();
            changed |= facet_ui(ui, "Kind", &mut self.facets.kind, CaseKind::ALL, |k| {
                k.label().into()
            });
            changed |= facet_ui(
                ui,
                "Direction",
                &mut self.facets.direction,
                Direction::ALL,
                |d| d.label().into(),
            );
            changed |= facet_ui(
                ui,
                "Status",
                &mut self.facets.group,
                &StatusGroup::ALL,
                |g| g.to_string(),
            );
            changed |= facet_ui(ui, "Area", &mut self.facets.area, ProgrammeArea::ALL, |a| {
                a.label().into()
            });
            changed |= facet_ui(
                ui,
                "Officer",
                &mut self.facets.officer,
                &self.officers,
                Clone::clone,
            );
            changed |= ui.checkbox(&mut self.facets.overdue, "Overdue").changed();
            let mut due = self.facets.due_within_days.is_some();
            if ui.checkbox(&mut due, "Due within").changed() {
                self.facets.due_within_days = due.then_some(7);
                changed = true;
            }
            if let Some(days) = &mut self.facets.due_within_days {
                let label = ui.label("days");
                changed |= ui
                    .add(egui::DragValue::new(days).range(0..=365))
                    .labelled_by(label.id)
                    .changed();
            }
            self.columns_ui(ui, beside_case);
            // Kept on one line: where the row is full it moves whole to the next one.
            ui.add(
                egui::Label::new(format!(
                    "{} of {}",
                    super::counts::thousands(self.visible.len()),
                    super::counts::count(self.rows.len(), "case", "cases")
                ))
                .extend(),
            );
        });
        if changed {
            self.refilter();
        }
    }

    /// "Columns": which columns to show and in which order, for the register as it is now
    /// (alone, or beside an open case).
    fn columns_ui(&mut self, ui: &mut egui::Ui, beside_case: bool) {
        // Open while columns are ticked and moved; a click outside closes it.
        let config = egui::containers::menu::MenuConfig::new()
            .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
        egui::containers::menu::MenuButton::new("Columns")
            .config(config)
            .ui(ui, |ui| {
                ui.weak(if beside_case {
                    "Shown while a case is open beside the register"
                } else {
                    "Shown while no case is open"
                });
                let shown = self.shown(beside_case).clone();
                // The shown columns in their order, then the others.
                let others = (0..COLUMNS.len()).filter(|i| !shown.contains(i));
                for i in shown.iter().copied().chain(others) {
                    let column = &COLUMNS[i];
                    let place = shown.iter().position(|&s| s == i);
                    ui.horizontal(|ui| {
                        let mut on = place.is_some();
                        if ui.checkbox(&mut on, column.title).changed() {
                            self.toggle_column(column.name, beside_case);
                        }
                        if let Some(at) = place {
                            let left = ui
                                .add_enabled(at > 0, egui::Button::new("↑").small())
                                .on_hover_text(format!("Move {} left", column.title));
                            if left.clicked() {
                                self.move_column(column.name, -1, beside_case);
                            }
                            let right = ui
                                .add_enabled(at + 1 < shown.len(), egui::Button::new("↓").small())
                                .on_hover_text(format!("Move {} right", column.title));
                            if right.clicked() {
                                self.move_column(column.name, 1, beside_case);
                            }
                        }
                    });
                }
            });
    }

    fn table_ui(&mut self, ui: &mut egui::Ui, beside_case: bool) -> Vec<Request> {
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        let warn = ui.visuals().warn_fg_color;
        let error = ui.visuals().error_fg_color;
        let mut clicked = None;
        let mut sort_by = None;
        let mut requests = Vec::new();
        let scroll_to = if std::mem::take(&mut self.scroll_to_selected) {
            self.selected
                .and_then(|id| self.visible.iter().position(|&i| self.rows[i].id == id))
        } else {
            None
        };
        let shown = self.shown(beside_case).clone();
        // The columns fit the width there is (a narrow window, a case open beside), none
        // below what still reads, the last taking what is left. A new width or choice of
        // columns starts afresh.
        let available = ui.available_width();
        let spacing = ui.spacing().item_spacing.x * shown.len() as f32;
        let widths = fit_widths(&shown, available - spacing);
        // Clicks on a cell's text select the row, not the text.
        ui.style_mut().interaction.selectable_labels = false;
        let mut table = TableBuilder::new(ui)
            .id_salt(("register", &shown, (available / 40.0) as u32))
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
        for (n, (&i, width)) in shown.iter().zip(widths).enumerate() {
            let least = COLUMNS[i].least;
            table = table.column(if n + 1 == shown.len() {
                Column::remainder().at_least(least).clip(true)
            } else {
                Column::initial(width).at_least(least).clip(true)
            });
        }
        if let Some(row) = scroll_to {
            table = table.scroll_to_row(row, Some(egui::Align::Center));
        }
        let (sorted, ascending) = self.sort;
        table
            .header(row_height, |mut header| {
                for &i in &shown {
                    let column = &COLUMNS[i];
                    header.col(|ui| {
                        let arrow = match (i == sorted, ascending) {
                            (true, true) => " ↑",
                            (true, false) => " ↓",
                            _ => "",
                        };
                        if ui
                            .add(
                                egui::Button::new(
                                    egui::RichText::new(format!("{}{arrow}", column.title))
                                        .strong(),
                                )
                                .frame(false),
                            )
                            .on_hover_text("Sort by this column")
                            .clicked()
                        {
                            sort_by = Some(column.name);
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, self.visible.len(), |mut table_row| {
                    let r = &self.rows[self.visible[table_row.index()]];
                    table_row.set_selected(self.selected == Some(r.id));
                    for &i in &shown {
                        table_row.col(|ui| match (COLUMNS[i].cell)(r) {
                            Cell::Deadline(Some((due, days))) => {
                                let text = deadline_text(due, days);
                                if days < 0 {
                                    ui.colored_label(error, text);
                                } else if days <= 7 {
                                    ui.colored_label(warn, text);
                                } else {
                                    ui.label(text);
                                }
                            }
                            Cell::Deadline(None) => {
                                ui.weak("—");
                            }
                            cell => {
                                ui.label(cell.text());
                            }
                        });
                    }
                    let response = table_row.response();
                    if response.clicked() {
                        clicked = Some(r.id);
                    }
                    response.context_menu(|ui| {
                        let text = || -> Vec<String> {
                            shown.iter().map(|&i| (COLUMNS[i].cell)(r).text()).collect()
                        };
                        requests.extend(super::row_menu::ui(ui, r.id, &r.reference, text));
                    });
                });
            });
        if let Some(column) = sort_by {
            self.sort_by(column);
        }
        if clicked.is_some() {
            self.selected = clicked;
        }
        requests
    }
}

impl Cell<'_> {
    /// The cell as text, as copied.
    fn text(&self) -> String {
        match self {
            Cell::Text(text) => (*text).to_string(),
            Cell::Date(date) => date.map_or(String::new(), |d| d.format("%d %b %Y").to_string()),
            Cell::Deadline(Some((due, days))) => deadline_text(*due, *days),
            Cell::Deadline(None) => String::new(),
        }
    }
}

/// Widths for the columns `shown` in `room`: each at least its least, the room beyond shared
/// in proportion to what each would take more, none beyond its own width.
fn fit_widths(shown: &[usize], room: f32) -> Vec<f32> {
    let columns = || shown.iter().map(|&i| &COLUMNS[i]);
    let least: f32 = columns().map(|c| c.least).sum();
    let more: f32 = columns().map(|c| c.width - c.least).sum();
    let share = if more > 0.0 {
        ((room - least) / more).clamp(0.0, 1.0)
    } else {
        0.0
    };
    columns()
        .map(|c| c.least + (c.width - c.least) * share)
        .collect()
}

fn deadline_text(due: NaiveDate, days: i64) -> String {
    format!("{} ({days} d)", due.format("%d %b %Y"))
}

/// Below this many rows a search is not split between threads.
const PARALLEL_ROWS: usize = 20_000;

/// Sorts `visible` by `key`, then by reference. The keys are gathered first, so the sort
/// compares a compact array instead of reaching into whole rows: 100,000 rows in milliseconds.
fn sort_keyed<'r, K: Ord>(
    visible: &mut [usize],
    rows: &'r [Row],
    ascending: bool,
    key: impl Fn(&'r Row) -> K,
) {
    let mut keyed: Vec<(K, u32, usize)> = visible
        .iter()
        .map(|&i| (key(&rows[i]), rows[i].rank, i))
        .collect();
    keyed.sort_unstable();
    if !ascending {
        keyed.reverse();
    }
    for (slot, (_, _, i)) in visible.iter_mut().zip(keyed) {
        *slot = i;
    }
}

/// A reference in the order officers count: `EI-2026-9999` before `EI-2026-10000`, which
/// plain text order puts the other way round once a year passes 9,999 requests. Runs of
/// digits compare as numbers, the rest as text.
#[derive(PartialEq, Eq)]
struct Natural<'a>(&'a str);

impl Ord for Natural<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
        // Sorting compares references most of the time (every tie in every column): where
        // they first differ settles it, unless that is inside a number.
        let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let digit = |s: &[u8], i: usize| s.get(i).is_some_and(u8::is_ascii_digit);
        let in_number = same > 0 && a[same - 1].is_ascii_digit();
        let (da, db) = (digit(a, same), digit(b, same));
        if !(da && db || in_number && (da || db)) {
            return a[same..].cmp(&b[same..]);
        }
        let start = a[..same]
            .iter()
            .rposition(|c| !c.is_ascii_digit())
            .map_or(0, |i| i + 1);
        let number = |s: &[u8]| {
            let end = start + s[start..].iter().take_while(|c| c.is_ascii_digit()).count();
            let first = start + s[start..end].iter().take_while(|&&c| c == b'0').count();
            first..end
        };
        let (x, y) = (&a[number(a)], &b[number(b)]);
        // Fewer significant digits is the smaller number; as many, the first that differs.
        match x.len().cmp(&y.len()).then_with(|| x.cmp(y)) {
            std::cmp::Ordering::Equal => natural(a, b),
            order => order,
        }
    }
}

/// [`Natural`]'s order worked out from the start: for numbers equal but for leading zeros.
fn natural(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].is_ascii_digit() && b[j].is_ascii_digit() {
            let run = |s: &[u8], from: usize| {
                let end = from + s[from..].iter().take_while(|c| c.is_ascii_digit()).count();
                let start = from + s[from..end].iter().take_while(|&&c| c == b'0').count();
                (start, end)
            };
            let ((sa, ea), (sb, eb)) = (run(a, i), run(b, j));
            let order = (ea - sa)
                .cmp(&(eb - sb))
                .then_with(|| a[sa..ea].cmp(&b[sb..eb]));
            if order.is_ne() {
                return order;
            }
            (i, j) = (ea, eb);
        } else if a[i] != b[j] {
            return a[i].cmp(&b[j]);
        } else {
            (i, j) = (i + 1, j + 1);
        }
    }
    // Equal as numbers and text: the shorter first, then plain text order decides
    // (`EI-007` and `EI-7`).
    (a.len() - i).cmp(&(b.len() - j)).then_with(|| a.cmp(b))
}

impl PartialOrd for Natural<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A combo box choosing one of `options` or any.
fn facet_ui<T: Clone + PartialEq>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut Option<T>,
    options: &[T],
    name: impl Fn(&T) -> String,
) -> bool {
    let label = ui.label(label);
    let options: Vec<Option<T>> = std::iter::once(None)
        .chain(options.iter().cloned().map(Some))
        .collect();
    let any = |o: &Option<T>| o.as_ref().map_or_else(|| "Any".to_string(), &name);
    dropdown_ui(ui, label.id, value, &options, any, 100.0)
        .labelled_by(label.id)
        .changed()
}

/// The row of one case edited or added, its clocks replayed for its next deadline.
fn one_row(book: &Casebook, case: &Case, today: NaiveDate) -> Row {
    let next = next_deadline(case, today, &book.settings.working_days());
    row(book, case, today, next.as_ref().map(NextDeadline::of))
}

/// The row of `case`, whose next deadline is `next`.
fn row(book: &Casebook, case: &Case, today: NaiveDate, next: Option<NextDeadline>) -> Row {
    let d = &case.details;
    let person = book
        .requested_person(case)
        .map_or_else(String::new, |p| p.name.clone());
    let offence = d
        .offences
        .first()
        .map_or_else(|| Name::new(d.area.label()), |o| o.description.clone());
    Row {
        id: case.id,
        reference: case.reference.clone(),
        kind: case.kind,
        direction: case.direction,
        kind_label: kind_label(case.kind, case.direction),
        person,
        offence,
        status: case.status().label(),
        group: case.status().group(),
        area: d.area,
        deadline: next.map(|n| (n.on, n.days_left)),
        overdue: next.is_some_and(|n| n.overdue),
        officer: d.assigned_officer.clone(),
        last_update: case.last_update(),
        next_hearing: d
            .hearings
            .iter()
            .filter(|h| h.date >= today)
            .map(|h| h.date)
            .min(),
        last_reviewed: case.last_reviewed(),
        rank: 0,
    }
}

/// Numbers the rows in [`Natural`] order of their references.
fn rank_references(rows: &mut [Row]) {
    // Sorted by each reference's leading key, beside the row numbers rather than through the
    // rows; only references whose keys tie are compared whole. Comparing every pair whole was a
    // quarter of the register's instructions at open at 2,000 cases (callgrind), on one core.
    let mut order: Vec<(u128, Natural, usize)> = (0..)
        .zip(rows.iter())
        .map(|(i, r)| (natural_key(&r.reference), Natural(&r.reference), i))
        .collect();
    // Rows of one reference (a damaged file) keep their order.
    order.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    let order: Vec<usize> = order.into_iter().map(|(_, _, i)| i).collect();
    for (rank, i) in (0..).zip(order) {
        rows[i].rank = rank;
    }
}

/// The start of a reference in [`Natural`] order as one number: wherever two keys differ the
/// references compare as their keys do; equal keys say nothing. The reference is written as
/// its bytes, each run of digits as `0` (which sorts against any other byte as every digit
/// does), its count of digits after leading zeros, and those digits; then cut or padded with
/// zeros to 16 bytes.
fn natural_key(reference: &str) -> u128 {
    let mut key = [0u8; 16];
    let mut at = 0;
    let mut put = |byte: u8| {
        if let Some(slot) = key.get_mut(at) {
            *slot = byte;
        }
        at += 1;
        at < 16
    };
    let bytes = reference.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if !byte.is_ascii_digit() {
            i += 1;
            if put(byte) {
                continue;
            }
            break;
        }
        let end = i + bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        let digits = &bytes[i..end];
        let significant = &digits[digits.iter().take_while(|&&b| b == b'0').count()..];
        i = end;
        // A number too long to count in a byte ends the key: past it, references compare
        // whole.
        let count = u8::try_from(significant.len()).unwrap_or(u8::MAX);
        if !(put(b'0') && put(count) && count < u8::MAX && significant.iter().all(|&b| put(b))) {
            break;
        }
    }
    u128::from_be_bytes(key)
}

/// "Extradition incoming": written once per kind and direction, not once per row.
fn kind_label(kind: CaseKind, direction: Direction) -> &'static str {
    static LABELS: std::sync::OnceLock<Vec<(CaseKind, Direction, String)>> =
        std::sync::OnceLock::new();
    LABELS
        .get_or_init(|| {
            let kinds = CaseKind::ALL.iter();
            kinds
                .flat_map(|&k| Direction::ALL.iter().map(move |&d| (k, d)))
                .map(|(k, d)| (k, d, format!("{k} {}", d.label().to_lowercase())))
                .collect()
        })
        .iter()
        .find(|(k, d, _)| (*k, *d) == (kind, direction))
        .map_or("", |(_, _, label)| label.as_str())
}

/// Writes the text the filter searches in `case`, as `domain::search` writes it: the
/// reference, offences, summary, notes and external references, then each party as the
/// domain finds people (names, father's name, date of birth, identity documents).
fn write_search_text(out: &mut Vec<u8>, book: &Casebook, case: &Case) {
    let d = &case.details;
    push_lowercase(out, &case.reference);
    let mut add = |text: &str| {
        out.push(search::PART);
        push_lowercase(out, text);
    };
    for o in &d.offences {
        add(&o.description);
        add(&o.statute);
    }
    add(&d.summary);
    d.notes.iter().for_each(|n| add(&n.text));
    d.external_references.iter().for_each(|r| add(&r.value));
    for p in d.parties.iter().filter_map(|p| book.person(p.person)) {
        search::write_person_text(out, p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Command, Ctx, SeededIds};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn found(register: &mut Register, text: &str) -> Vec<String> {
        register.filter = text.to_string();
        register.refilter();
        let mut refs: Vec<String> = register
            .visible_references()
            .into_iter()
            .map(String::from)
            .collect();
        refs.sort();
        refs
    }

    /// Sets the summary of the `n`th case.
    fn summarise(book: &mut Casebook, n: usize, summary: &str) -> CaseId {
        let case = &book.cases()[n];
        let (id, mut details) = (case.id, case.details.clone());
        details.summary = summary.to_string();
        let mut ids = SeededIds::new(7);
        let now = "2026-11-23T10:00:00+05:00".parse().unwrap();
        book.apply(
            Command::UpdateCase {
                case: id,
                details: Box::new(details),
            },
            &mut Ctx { now, ids: &mut ids },
        )
        .unwrap();
        id
    }

    /// At open the register takes each case's next deadline from the dashboard's pass; the
    /// rows are the ones it builds replaying each case itself, on every day a deadline falls
    /// due or passes, and deadlines of another casebook are not taken. Enough cases that both
    /// passes work in parts, cut at different places; one of them damaged, closed where its
    /// history leads to a state whose clocks run (no deadline, as its stored status says).
    #[test]
    fn deadlines_from_the_dashboard_are_the_ones_the_register_replays() {
        let sample = crate::sample::generate(5_200, 5, today());
        let mut cases = sample.cases().to_vec();
        let running = cases
            .iter()
            .position(|c| {
                // Moved this year, so the dashboard's pass replays it.
                let this_year = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
                !c.status().is_terminal()
                    && c.history().iter().any(|e| e.effective >= this_year)
                    && crate::domain::next_deadline(c, today(), &sample.settings.working_days())
                        .is_some()
            })
            .unwrap();
        let closed = cases
            .iter()
            .find(|c| c.kind == cases[running].kind && c.status().is_terminal())
            .unwrap()
            .status();
        cases[running] = cases[running].with_status(closed);
        let book = sample.with_cases(cases);
        let deadlines = |r: &Register| -> Vec<_> {
            r.rows
                .iter()
                .map(|row| (row.id, row.deadline, row.overdue))
                .collect()
        };
        for day in [
            today(),
            today() + chrono::Days::new(40),
            today() - chrono::Days::new(60),
        ] {
            let replayed = Register::new(&book, day);
            let next = crate::domain::stats::LiveDashboard::overview(&book, day).next_deadlines;
            let given = Register::with_deadlines(&book, day, Some(&next));
            assert_eq!(deadlines(&given), deadlines(&replayed), "as of {day}");
            let overdue = given.rows.iter().filter(|r| r.overdue).count();
            let none = given.rows.iter().filter(|r| r.deadline.is_none()).count();
            assert!(
                overdue > 0 && none > 0,
                "as of {day}: {overdue} overdue, {none} with none"
            );
            let short = Register::with_deadlines(&book, day, Some(&next[1..]));
            assert_eq!(deadlines(&short), deadlines(&replayed), "as of {day}");
        }
    }

    #[test]
    fn columns_are_chosen_and_moved_and_kept_by_name() {
        let book = crate::sample::generate(5, 3, today());
        let mut register = Register::new(&book, today());
        assert_eq!(
            register.columns(true),
            ["Reference", "Status", "Deadline", "Officer", "LastUpdate"]
        );
        assert_eq!(register.columns(false).len(), COLUMNS.len());
        assert!(register.take_changed_layout().is_none());

        register.toggle_column("Kind", false);
        register.move_column("Officer", -10, false);
        register.move_column("Reference", -1, false);
        register.toggle_column("Kind", true);
        let layout = register.take_changed_layout().expect("changed");
        assert!(register.take_changed_layout().is_none(), "kept once");
        assert_eq!(
            layout.columns,
            [
                "Reference",
                "Officer",
                "Person",
                "Offence",
                "Status",
                "Deadline",
                "LastUpdate",
                "NextHearing",
                "LastReviewed"
            ]
            .map(String::from)
        );
        // The first move put Officer first, the second Reference back before it.
        assert_eq!(register.columns(false)[..2], ["Reference", "Officer"]);
        assert_eq!(
            layout.columns_beside_case.last().map(String::as_str),
            Some("Kind")
        );

        // Kept and read back; names no longer known, repeats and an empty list are ignored.
        let mut again = Register::new(&book, today());
        again.use_layout(&layout);
        assert_eq!(again.columns(false), register.columns(false));
        again.use_layout(&crate::store::Layout {
            columns: vec!["Gone".into(), "Status".into(), "Status".into()],
            columns_beside_case: Vec::new(),
        });
        assert_eq!(again.columns(false), ["Status"]);
        assert_eq!(again.columns(true).len(), BESIDE_CASE.len());
        // The last column shown stays.
        again.toggle_column("Status", false);
        assert_eq!(again.columns(false), ["Status"]);
    }

    #[test]
    fn the_filter_folds_case_beyond_ascii_and_follows_edits() {
        let mut book = crate::sample::generate(40, 3, today());
        let mut register = Register::new(&book, today());
        let reference = |book: &Casebook, id| book.case(id).unwrap().reference.clone();
        assert!(found(&mut register, "çelik").is_empty());

        let id = summarise(&mut book, 7, "Met Çelik — and ΟΔΥΣΣΕΥΣ at the AIRPORT");
        register.refresh_case(&book, id, today());
        for typed in [
            "çelik",
            "ÇELIK",
            "ΟΔΥΣΣΕΥΣ",
            "οδυσσευς",
            "AIRPORT çel",
            "k — and",
        ] {
            assert_eq!(
                found(&mut register, typed),
                [reference(&book, id)],
                "{typed}"
            );
        }
        // Words are searched within one part of the case, never across two.
        assert!(found(&mut register, "airportmet").is_empty());

        // Edit after edit (the search text is written anew and compacted): only the latest
        // text of each case is found, and every other case still is.
        let other = book.cases()[12].reference.clone();
        for round in 0..200 {
            let id = summarise(&mut book, round % 5, &format!("round{round} zzq"));
            register.refresh_case(&book, id, today());
        }
        assert_eq!(found(&mut register, "zzq").len(), 5);
        assert!(found(&mut register, "round3 zzq").is_empty());
        for round in 195..200 {
            let id = book.cases()[round % 5].id;
            assert_eq!(
                found(&mut register, &format!("round{round}")),
                [reference(&book, id)]
            );
        }
        assert_eq!(found(&mut register, &other), std::slice::from_ref(&other));
        assert!(register.search.stale <= register.search.text.len() / 2);
    }

    #[test]
    fn the_quick_comparison_agrees_with_the_whole_one() {
        let parts = [
            "EI", "EO-", "-", "0", "00", "7", "07", "19", "190", "2026", "x", "",
        ];
        let mut texts = Vec::new();
        for a in parts {
            for b in parts {
                for c in parts {
                    texts.push(format!("{a}{b}{c}"));
                }
            }
        }
        let long = format!("EI-{}-x", "9".repeat(300));
        texts.extend([
            long.clone(),
            long.replace("-x", "-y"),
            format!("{long}1"),
            "\0".into(),
        ]);
        for a in &texts {
            for b in &texts {
                let (ka, kb) = (natural_key(a), natural_key(b));
                if ka != kb {
                    assert_eq!(ka.cmp(&kb), Natural(a).cmp(&Natural(b)), "{a} against {b}");
                }
                let quick = Natural(a).cmp(&Natural(b));
                assert_eq!(
                    quick,
                    natural(a.as_bytes(), b.as_bytes()),
                    "{a} against {b}"
                );
                assert_eq!(quick.is_eq(), a == b, "{a} against {b}");
            }
        }
    }

    #[test]
    fn references_sort_by_their_numbers() {
        let mut refs = [
            "EI-2026-19049",
            "EI-2026-1905",
            "EI-2026-0007",
            "EO-2025-0001",
            "EI-2026-10000",
            "EI-2026-9999",
            "EI-2026-007",
        ];
        refs.sort_by(|a, b| Natural(a).cmp(&Natural(b)));
        assert_eq!(
            refs,
            [
                "EI-2026-0007",
                "EI-2026-007",
                "EI-2026-1905",
                "EI-2026-9999",
                "EI-2026-10000",
                "EI-2026-19049",
                "EO-2025-0001",
            ]
        );
    }
}
