//! The case editor, the "Case details" tab: everything an officer edits freely about a case.
//!
//! The editor works on a draft and commits it spreadsheet-like: when a text field is left after
//! a change, and at once for a checkbox, a choice or an added or removed row. Each commit is one
//! `UpdateCase`, so each field edit is one undo step. Fields typed as text but stored typed
//! (dates, linked cases, tags) keep the text as typed and parse it on every change. The domain's
//! validation decides whether a draft may be committed; its problems are shown at the fields
//! whose paths they name (`offences[2].description`), and the draft stays until they are fixed.

mod outcomes;
mod workstream;

use super::date_field::DateField;
use super::dropdown::dropdown_ui;
use super::person_picker::PersonPicker;
use super::request::Request;
use crate::domain::dates::{DateKind, DateOrder, parse_date_for};
use crate::domain::validate::{checklist_problems, validate_details};
use crate::domain::{
    AssistanceItem, AssistanceProgress, AssistanceType, Assurance, AssuranceKind, AsylumClaim,
    AsylumOutcome, Case, CaseDetails, CaseId, CaseKind, CaseLink, Casebook, ChecklistItem, Command,
    DeathPenalty, DocumentStatus, DualCriminality, ExternalReference, HandlingMarking, Hearing,
    HearingKind, IdSource, LegalBasis, LinkKind, Name, Note, Offence, Party, Person, PersonId,
    ProgrammeArea, RandomIds, RecordId, ReferenceAuthority, Role, Source, Task, Urgency,
};
use chrono::NaiveDate;
use egui::{Align, Id, Layout, Response, Ui, UiBuilder};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Display;

/// Width of text fields and choices, so the form lines up in the case panel.
const FIELD_WIDTH: f32 = 300.0;
const DATE_HINT: &str = "YYYY-MM-DD";

/// UI state of the "Case details" tab.
#[derive(Default)]
pub struct Editor {
    /// The draft of the case shown, and of any other case left with unapplied edits, so
    /// moving to another case never throws away what the officer typed.
    drafts: BTreeMap<CaseId, Draft>,
    shown_case: Option<CaseId>,
    picker: PersonPicker,
    /// The field the next Tab goes to (a new case's first), until a click goes elsewhere.
    focus: Option<&'static str>,
}

/// The details of one case as the officer is editing them.
struct Draft {
    /// The case's details when this draft started or was last applied: if the case moves on
    /// elsewhere (its own window, undo), the draft must not overwrite that.
    base: CaseDetails,
    details: CaseDetails,
    form: Form,
}

/// What the field widgets share besides the data they edit.
struct Form {
    /// Base of the ids of fields and buttons, so that each keeps its id (and the keyboard focus)
    /// when an error line or a row appears above it.
    id: Id,
    order: DateOrder,
    /// The day date pickers open on when their field holds no date.
    today: NaiveDate,
    /// Texts of typed fields, as typed, by field path. A missing entry shows the stored value.
    texts: BTreeMap<String, String>,
    /// Why a text in `texts` does not parse, by field path; reported at the next commit.
    parse_errors: BTreeMap<String, String>,
    /// The problems of the last commit attempt, by field path.
    errors: BTreeMap<String, Vec<String>>,
    /// Paths whose errors were shown this frame; the rest are listed at the end, so none hides.
    shown: BTreeSet<String>,
    /// The draft holds edits that are not in the case: being typed, or refused at commit.
    unapplied: bool,
    /// An edit was completed this frame.
    commit: bool,
    /// A commit was refused: open the sections holding its errors once, on the next frame.
    reveal: bool,
    /// The path of the field to put the keyboard in this frame.
    focus: Option<&'static str>,
}

/// How a field typed as text but stored typed is entered.
enum Entry<'a> {
    /// Typed only; the text is the hint shown while it is empty.
    Text(&'a str),
    /// Typed, or picked from a calendar.
    Date,
}

impl Editor {
    /// How many cases hold edits that could not be applied yet.
    pub fn unapplied(&self) -> usize {
        self.drafts.values().filter(|d| d.form.unapplied).count()
    }

    /// Whether a dialog of the editor (New person) has the keyboard.
    pub fn has_dialog(&self) -> bool {
        self.picker.has_dialog()
    }

    /// Sends the next Tab to the first field, not to the menu bar at the top of the window.
    /// The keyboard is not put there at once: Ctrl+Z then still undoes the new case.
    pub fn focus_first_field(&mut self) {
        self.focus = Some(SUMMARY_FIELDS[0]);
    }

    /// The editor for `case`. Completed edits are pushed to `requests` as `UpdateCase`.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        book: &Casebook,
        case: &Case,
        today: NaiveDate,
        requests: &mut Vec<Request>,
    ) {
        let Self {
            drafts,
            shown_case,
            picker,
            focus,
        } = self;
        if *shown_case != Some(case.id) {
            *shown_case = Some(case.id);
            *picker = PersonPicker::default();
            drafts.retain(|_, d| d.form.unapplied);
        }
        // The case changed underneath (undo, redo) while the draft holds nothing of the
        // officer's that the case lacks: start again from the case.
        if drafts
            .get(&case.id)
            .is_some_and(|d| !d.form.unapplied && d.details != case.details)
        {
            drafts.remove(&case.id);
        }
        let draft = drafts.entry(case.id).or_insert_with(|| Draft::new(case));
        if draft.form.unapplied && draft.base != case.details {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "This case was changed elsewhere since you started editing it: your edits below are not applied.",
            );
            if ui.button("Discard my edits and show the case").clicked() {
                *draft = Draft::new(case);
            }
        }
        let Draft {
            details: d, form, ..
        } = draft;
        form.id = ui.make_persistent_id("case editor");
        if ui.input(|i| i.pointer.any_click()) {
            *focus = None;
        }
        form.focus = match focus {
            Some(_) if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Tab)) => {
                focus.take()
            }
            _ => None,
        };
        form.order = book.settings.date_order;
        form.today = today;
        form.shown.clear();

        if form.errors.is_empty() {
            ui.weak("Each change is applied when you leave the field or make a choice; Ctrl+Z undoes it.");
        } else {
            ui.colored_label(
                ui.visuals().error_fg_color,
                "Unapplied changes: fix the marked fields",
            );
        }
        form.section(
            ui,
            "Summary and references",
            SUMMARY_FIELDS,
            true,
            |ui, form| {
                summary_ui(ui, form, d, book);
            },
        );
        form.section(ui, "People", &["parties"], true, |ui, form| {
            people_ui(ui, form, d, picker, book, case, requests);
        });
        form.section(ui, "Offences", &["offences"], true, |ui, form| {
            offences_ui(ui, form, d);
        });
        if case.kind == CaseKind::Mla {
            form.section(ui, "Assistance requested", &["mla"], true, |ui, form| {
                mla_ui(ui, form, d);
            });
        }
        if let Some(title) = workstream::title(case.kind) {
            form.section(ui, title, &["workstream"], true, |ui, form| {
                workstream::workstream_ui(ui, form, d, case.kind);
            });
        }
        let (received, expected) = checklist_count(&d.checklist);
        let title = format!("Documents checklist ({received} of {expected} received)");
        form.section(ui, &title, &["checklist"], false, |ui, form| {
            checklist_ui(ui, form, d);
        });
        form.section(ui, "Assurances", &["assurances"], false, |ui, form| {
            assurances_ui(ui, form, d);
        });
        form.section(ui, "Hearings", &["hearings"], false, |ui, form| {
            hearings_ui(ui, form, d, today);
        });
        // Only a person whose extradition is asked of us can claim asylum against it (s.121).
        if case.workflow() == crate::domain::Workflow::ExtraditionIncoming {
            form.section(
                ui,
                "Asylum claims",
                &["asylum_claims"],
                false,
                |ui, form| {
                    asylum_claims_ui(ui, form, d, today);
                },
            );
        }
        form.section(ui, "Outcomes", &["outcomes"], false, |ui, form| {
            outcomes::outcomes_ui(ui, form, d, book, today);
        });
        form.section(ui, "Linked cases", &["links"], false, |ui, form| {
            links_ui(ui, form, d, book);
        });
        form.section(ui, "Notes", &["notes"], false, |ui, form| {
            notes_ui(ui, form, d, book, today);
        });
        form.section(ui, "Tasks", &["tasks"], false, |ui, form| {
            tasks_ui(ui, form, d);
        });
        form.section(ui, "Tags", &["tags"], false, |ui, form| {
            tags_ui(ui, form, d);
        });
        form.unshown_errors_ui(ui);

        form.reveal = false;
        if std::mem::take(&mut form.commit) {
            draft.commit(book, case, requests);
            // The outcome (errors, or the normalised texts) shows on the next frame.
            ui.ctx().request_repaint();
        }
    }
}

impl Draft {
    fn new(case: &Case) -> Self {
        Self {
            base: case.details.clone(),
            details: case.details.clone(),
            form: Form {
                // `id`, `order` and `today` are set on every frame, from the panel, the
                // settings and the clock.
                id: Id::NULL,
                order: DateOrder::default(),
                today: NaiveDate::default(),
                texts: BTreeMap::new(),
                parse_errors: BTreeMap::new(),
                errors: BTreeMap::new(),
                shown: BTreeSet::new(),
                unapplied: false,
                commit: false,
                reveal: false,
                focus: None,
            },
        }
    }

    /// Pushes the draft as an `UpdateCase` if every text parses, the domain finds no problem
    /// and it differs from the case; otherwise keeps it and records the errors to show.
    fn commit(&mut self, book: &Casebook, case: &Case, requests: &mut Vec<Request>) {
        let form = &mut self.form;
        let mut errors: BTreeMap<String, Vec<String>> = form
            .parse_errors
            .iter()
            .map(|(path, message)| (path.clone(), vec![message.clone()]))
            .collect();
        for problem in validate_details(&self.details, case.kind, case.id, book)
            .into_iter()
            .chain(checklist_problems(
                &case.details.checklist,
                &self.details.checklist,
            ))
        {
            // Where the text as typed does not parse, validation saw the last value that did:
            // the parse error is the one to fix.
            if !form.parse_errors.contains_key(&problem.field) {
                errors
                    .entry(problem.field)
                    .or_default()
                    .push(problem.message);
            }
        }
        if self.base != case.details {
            errors.entry("case".into()).or_default().push(
                "Changed elsewhere meanwhile: discard your edits or copy them before reloading"
                    .into(),
            );
        }
        form.errors = errors;
        if !form.errors.is_empty() {
            form.reveal = true;
            return;
        }
        form.unapplied = false;
        // Typed fields show their parsed values again, in one format.
        form.texts.clear();
        if self.details != case.details {
            requests.push(Request::Change(Command::UpdateCase {
                case: case.id,
                details: Box::new(self.details.clone()),
            }));
            self.base = self.details.clone();
        }
    }
}

impl Form {
    /// An edit that is complete at once (a choice, a checkbox, a row added or removed).
    fn edited(&mut self) {
        self.unapplied = true;
        self.commit = true;
    }

    /// A collapsible section; it opens by itself when a refused commit has errors in `fields`.
    fn section(
        &mut self,
        ui: &mut Ui,
        title: &str,
        fields: &[&str],
        default_open: bool,
        body: impl FnOnce(&mut Ui, &mut Form),
    ) {
        let reveal = self.reveal && self.errors.keys().any(|k| fields.contains(&top_field(k)));
        egui::CollapsingHeader::new(title)
            .id_salt(fields)
            .default_open(default_open)
            .open(reveal.then_some(true))
            .show(ui, |ui| body(ui, self));
    }

    /// Runs `add` in a scope whose id depends only on `key`, so widgets keep their ids.
    fn stable<R>(&self, ui: &mut Ui, key: &str, add: impl FnOnce(&mut Ui) -> R) -> R {
        let builder = UiBuilder::new()
            .scope_id(self.id.with(key))
            .layout(Layout::top_down(Align::Min));
        ui.scope_builder(builder, add).inner
    }

    /// One row of a two-column grid: the label, then the widget it labels with its errors under it.
    fn field(
        &mut self,
        ui: &mut Ui,
        label: &str,
        path: &str,
        add: impl FnOnce(&mut Ui) -> Response,
    ) -> Response {
        let label = ui.label(label);
        let builder = UiBuilder::new()
            .scope_id(self.id.with(path))
            .layout(Layout::top_down(Align::Min));
        let response = ui
            .scope_builder(builder, |ui| {
                let response = add(ui).labelled_by(label.id);
                if self.focus == Some(path) {
                    response.request_focus();
                }
                self.errors_ui(ui, path);
                response
            })
            .inner;
        ui.end_row();
        response
    }

    fn text(&mut self, ui: &mut Ui, label: &str, path: &str, value: &mut dyn egui::TextBuffer) {
        self.text_edit(ui, label, path, egui::TextEdit::singleline(value));
    }

    fn multiline(&mut self, ui: &mut Ui, label: &str, path: &str, value: &mut String) {
        self.text_edit(
            ui,
            label,
            path,
            egui::TextEdit::multiline(value).desired_rows(3),
        );
    }

    fn text_edit(&mut self, ui: &mut Ui, label: &str, path: &str, edit: egui::TextEdit<'_>) {
        let response = self.field(ui, label, path, |ui| {
            ui.add(edit.desired_width(FIELD_WIDTH))
        });
        self.track_text(&response);
    }

    /// Leaving a text field completes its edit. Leaving one unchanged after a refused commit
    /// checks the draft again, which is harmless: an unchanged draft pushes nothing.
    fn track_text(&mut self, response: &Response) {
        if response.changed() {
            self.unapplied = true;
        }
        if response.lost_focus() && self.unapplied {
            self.commit = true;
        }
    }

    /// A field typed as text but stored typed. The text stays as typed and is parsed into
    /// `value` on every change; a text that does not parse keeps the last good value and is
    /// reported at the commit. A date picked from a calendar completes the edit at once.
    #[allow(clippy::too_many_arguments)] // label, path and entry, then the value and its two conversions
    fn parsed_text<T>(
        &mut self,
        ui: &mut Ui,
        label: &str,
        path: &str,
        entry: Entry<'_>,
        value: &mut T,
        show: impl FnOnce(&T) -> String,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) {
        let mut text = self.texts.remove(path).unwrap_or_else(|| show(value));
        let (order, today) = (self.order, self.today);
        let mut picked = false;
        let response = self.field(ui, label, path, |ui| match entry {
            Entry::Text(hint) => ui.add(
                egui::TextEdit::singleline(&mut text)
                    .hint_text(hint)
                    .desired_width(FIELD_WIDTH),
            ),
            Entry::Date => {
                let date = DateField::new(&mut text, label, order, today)
                    .id_salt(path)
                    .hint_text(DATE_HINT)
                    .desired_width(FIELD_WIDTH)
                    .show(ui);
                picked = date.picked;
                date.text
            }
        });
        if response.changed() {
            match parse(&text) {
                Ok(parsed) => {
                    *value = parsed;
                    self.parse_errors.remove(path);
                }
                Err(e) => {
                    self.parse_errors.insert(path.to_owned(), e);
                }
            }
        }
        self.texts.insert(path.to_owned(), text);
        self.track_text(&response);
        if picked {
            self.commit = true;
        }
    }

    /// A date that may be left empty, bounded by what it records.
    fn date(
        &mut self,
        ui: &mut Ui,
        label: &str,
        path: &str,
        kind: DateKind,
        value: &mut Option<NaiveDate>,
    ) {
        let (order, today) = (self.order, self.today);
        self.parsed_text(
            ui,
            label,
            path,
            Entry::Date,
            value,
            |d| d.map(show_date).unwrap_or_default(),
            |text| match text.trim() {
                "" => Ok(None),
                text => parse_date_for(text, order, kind, today).map(Some),
            },
        );
    }

    fn required_date(
        &mut self,
        ui: &mut Ui,
        label: &str,
        path: &str,
        kind: DateKind,
        value: &mut NaiveDate,
    ) {
        let (order, today) = (self.order, self.today);
        self.parsed_text(
            ui,
            label,
            path,
            Entry::Date,
            value,
            |d| show_date(*d),
            |text| parse_date_for(text, order, kind, today),
        );
    }

    fn check(&mut self, ui: &mut Ui, label: &str, path: &str, value: &mut bool) {
        let response = self.field(ui, label, path, |ui| {
            ui.add(egui::Checkbox::without_text(value))
        });
        if response.changed() {
            self.edited();
        }
    }

    fn combo<T: Copy + PartialEq + Display>(
        &mut self,
        ui: &mut Ui,
        label: &str,
        path: &str,
        value: &mut T,
        options: &[T],
    ) {
        self.choice(ui, label, path, value, options, T::to_string);
    }

    /// A choice among `options`, each shown by `name`, in the one dropdown.
    fn choice<T: Clone + PartialEq>(
        &mut self,
        ui: &mut Ui,
        label: &str,
        path: &str,
        value: &mut T,
        options: &[T],
        name: impl Fn(&T) -> String,
    ) {
        let response = self.field(ui, label, path, |ui| {
            dropdown_ui(ui, "choice", value, options, name, FIELD_WIDTH)
        });
        if response.changed() {
            self.edited();
        }
    }

    /// The rows of the list at `list`, each framed with its title and a "Remove" button.
    fn rows<T>(
        &mut self,
        ui: &mut Ui,
        list: &str,
        title: &str,
        items: &mut Vec<T>,
        mut row_ui: impl FnMut(&mut Ui, &mut Form, &str, &mut T),
    ) {
        let mut remove = None;
        for (i, item) in items.iter_mut().enumerate() {
            let row = format!("{list}[{i}]");
            ui.push_id(&row, |ui| {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.strong(format!("{title} {}", i + 1));
                        if self
                            .stable(ui, &format!("{row}.remove"), |ui| ui.button("Remove"))
                            .clicked()
                        {
                            remove = Some(i);
                        }
                    });
                    egui::Grid::new("fields")
                        .num_columns(2)
                        .show(ui, |ui| row_ui(ui, self, &row, item));
                    self.errors_ui(ui, &row);
                });
            });
        }
        if let Some(i) = remove {
            items.remove(i);
            remove_row(&mut self.texts, list, i);
            remove_row(&mut self.parse_errors, list, i);
            self.edited();
        }
    }

    /// A button that adds a row; the caller adds it when this returns true.
    fn add_button(&mut self, ui: &mut Ui, list: &str, text: &str) -> bool {
        let clicked = self
            .stable(ui, &format!("{list}.add"), |ui| ui.button(text))
            .clicked();
        if clicked {
            self.edited();
        }
        clicked
    }

    /// The errors at `path` and at the items of a list at `path` (`tags[1]` shows at `tags`).
    fn errors_ui(&mut self, ui: &mut Ui, path: &str) {
        let nested = format!("{path}[");
        let colour = ui.visuals().error_fg_color;
        for (key, messages) in &self.errors {
            if (key == path || key.starts_with(&nested)) && self.shown.insert(key.clone()) {
                for message in messages {
                    ui.colored_label(colour, message);
                }
            }
        }
    }

    /// Errors no field showed: in a collapsed section, or about a field not on this form.
    fn unshown_errors_ui(&self, ui: &mut Ui) {
        let colour = ui.visuals().error_fg_color;
        for (key, messages) in &self.errors {
            if !self.shown.contains(key) {
                for message in messages {
                    ui.colored_label(colour, format!("{key}: {message}"));
                }
            }
        }
    }
}

const SUMMARY_FIELDS: &[&str] = &[
    "summary",
    "requesting_authority",
    "requesting_state",
    "requested_state",
    "assigned_officer",
    "marking",
    "ncnd",
    "area",
    "legal_basis",
    "agreement",
    "external_references",
];

fn summary_ui(ui: &mut Ui, form: &mut Form, d: &mut CaseDetails, book: &Casebook) {
    egui::Grid::new("summary").num_columns(2).show(ui, |ui| {
        form.multiline(ui, "Summary", "summary", &mut d.summary);
        form.text(
            ui,
            "Requesting authority",
            "requesting_authority",
            &mut d.requesting_authority,
        );
        form.text(
            ui,
            "Requesting state",
            "requesting_state",
            &mut d.requesting_state.0,
        );
        form.text(
            ui,
            "Requested state",
            "requested_state",
            &mut d.requested_state.0,
        );
        form.text(
            ui,
            "Assigned officer",
            "assigned_officer",
            &mut d.assigned_officer,
        );
        form.combo(
            ui,
            "Handling marking",
            "marking",
            &mut d.marking,
            HandlingMarking::ALL,
        );
        ncnd_ui(ui, form, &mut d.ncnd);
        form.combo(
            ui,
            "Programme area",
            "area",
            &mut d.area,
            ProgrammeArea::ALL,
        );
        ui.label("Legal basis");
        let mut changed = false;
        form.stable(ui, "legal_basis", |ui| {
            for basis in LegalBasis::ALL {
                let mut on = d.legal_basis.contains(basis);
                if ui.checkbox(&mut on, basis.label()).changed() {
                    d.legal_basis.retain(|b| b != basis);
                    if on {
                        d.legal_basis.push(*basis);
                        d.legal_basis.sort();
                    }
                    changed = true;
                }
            }
        });
        if changed {
            form.edited();
        }
        ui.end_row();
        let mut agreements = vec![None];
        agreements.extend(book.governance().agreements().map(|a| Some(a.id)));
        form.choice(
            ui,
            "Agreement",
            "agreement",
            &mut d.agreement,
            &agreements,
            |a| super::governance::agreement_name(book, *a),
        );
    });
    ui.strong("External references");
    form.rows(
        ui,
        "external_references",
        "Reference",
        &mut d.external_references,
        |ui, form, row, r| {
            form.combo(
                ui,
                "Authority",
                &format!("{row}.authority"),
                &mut r.authority,
                ReferenceAuthority::ALL,
            );
            form.text(ui, "Reference", &format!("{row}.value"), &mut r.value);
        },
    );
    if form.add_button(ui, "external_references", "Add reference") {
        d.external_references.push(ExternalReference {
            id: new_record_id(),
            authority: ReferenceAuthority::Other,
            value: String::new(),
        });
    }
}

/// "Neither confirm nor deny" decides what partner and statistics exports may show, so a
/// click or a stray Space on the checkbox only asks; the change is made by the button that
/// says what it does (issue 18, item 6).
fn ncnd_ui(ui: &mut Ui, form: &mut Form, ncnd: &mut bool) {
    let asking = form.id.with("ncnd question");
    let mut ticked = *ncnd;
    let response = form.field(ui, "Neither confirm nor deny", "ncnd", |ui| {
        ui.add(egui::Checkbox::without_text(&mut ticked))
    });
    if response.changed() {
        ui.data_mut(|d| d.insert_temp(asking, true));
    }
    if !ui.data(|d| d.get_temp(asking).unwrap_or(false)) {
        return;
    }
    ui.label("");
    let (question, answer) = if *ncnd {
        (
            "Partner and statistics exports will show this case again.",
            "Clear neither confirm nor deny",
        )
    } else {
        (
            "Partner and statistics exports will leave this case out unless it is included.",
            "Mark neither confirm nor deny",
        )
    };
    let (confirmed, cancelled) = form.stable(ui, "ncnd.question", |ui| {
        ui.colored_label(ui.visuals().warn_fg_color, question);
        ui.horizontal(|ui| (ui.button(answer).clicked(), ui.button("Cancel").clicked()))
            .inner
    });
    ui.end_row();
    if confirmed {
        *ncnd = !*ncnd;
        form.edited();
    }
    if confirmed || cancelled {
        ui.data_mut(|d| d.remove::<bool>(asking));
    }
}

fn people_ui(
    ui: &mut Ui,
    form: &mut Form,
    d: &mut CaseDetails,
    picker: &mut PersonPicker,
    book: &Casebook,
    case: &Case,
    requests: &mut Vec<Request>,
) {
    form.rows(
        ui,
        "parties",
        "Person",
        &mut d.parties,
        |ui, form, row, party| {
            ui.label("Name");
            ui.label(
                book.person(party.person)
                    .map_or_else(|| "Not in the casebook".to_owned(), person_line),
            );
            ui.end_row();
            if let Some(person) = book.person(party.person) {
                ui.label("");
                super::supplied::person_ui(ui, person, requests);
                ui.end_row();
            }
            form.combo(
                ui,
                "Role",
                &format!("{row}.role"),
                &mut party.role,
                Role::ALL,
            );
        },
    );
    let parties: Vec<PersonId> = d.parties.iter().map(|p| p.person).collect();
    let today = form.today;
    let role = new_party_role(case.kind, &d.parties);
    // Someone new created here as the subject of an incoming request is the partner's.
    let source = Source::of_party(role, case.direction);
    let added = form.stable(ui, "parties.find", |ui| {
        picker.ui(ui, book, today, &parties, source, requests)
    });
    if let Some(person) = added {
        d.parties.push(Party { person, role });
        form.edited();
    }
}

/// The first person added is usually the subject; later ones more often witnesses.
fn new_party_role(kind: CaseKind, parties: &[Party]) -> Role {
    let has_subject = parties
        .iter()
        .any(|p| matches!(p.role, Role::RequestedPerson | Role::Suspect));
    match (has_subject, kind) {
        (true, _) => Role::Witness,
        (false, CaseKind::Extradition | CaseKind::Returns) => Role::RequestedPerson,
        (false, _) => Role::Suspect,
    }
}

fn offences_ui(ui: &mut Ui, form: &mut Form, d: &mut CaseDetails) {
    form.rows(
        ui,
        "offences",
        "Offence",
        &mut d.offences,
        |ui, form, row, o| {
            form.text(
                ui,
                "Description",
                &format!("{row}.description"),
                &mut o.description,
            );
            form.text(
                ui,
                "Statute reference",
                &format!("{row}.statute"),
                &mut o.statute,
            );
            form.multiline(
                ui,
                "Text of the law",
                &format!("{row}.law_text"),
                &mut o.law_text,
            );
            form.text(
                ui,
                "Maximum penalty",
                &format!("{row}.max_penalty"),
                &mut o.max_penalty,
            );
            form.combo(
                ui,
                "Death penalty",
                &format!("{row}.death_penalty"),
                &mut o.death_penalty,
                DeathPenalty::ALL,
            );
            form.text(
                ui,
                "Equivalent offence",
                &format!("{row}.equivalent_offence"),
                &mut o.equivalent_offence,
            );
            form.combo(
                ui,
                "Dual criminality",
                &format!("{row}.dual_criminality"),
                &mut o.dual_criminality,
                DualCriminality::ALL,
            );
            form.combo(
                ui,
                "Programme area",
                &format!("{row}.area"),
                &mut o.area,
                ProgrammeArea::ALL,
            );
        },
    );
    if form.add_button(ui, "offences", "Add offence") {
        d.offences.push(Offence {
            id: new_record_id(),
            description: Name::default(),
            area: d.area,
            statute: Name::default(),
            law_text: String::new(),
            max_penalty: Name::default(),
            death_penalty: DeathPenalty::NotAssessed,
            equivalent_offence: Name::default(),
            dual_criminality: DualCriminality::NotAssessed,
        });
    }
}

fn mla_ui(ui: &mut Ui, form: &mut Form, d: &mut CaseDetails) {
    let mla = &mut d.mla;
    form.rows(
        ui,
        "mla.assistance",
        "Item",
        &mut mla.assistance,
        |ui, form, row, a| {
            form.combo(
                ui,
                "Type",
                &format!("{row}.kind"),
                &mut a.kind,
                AssistanceType::ALL,
            );
            form.text(
                ui,
                "Description",
                &format!("{row}.description"),
                &mut a.description,
            );
            form.combo(
                ui,
                "Progress",
                &format!("{row}.progress"),
                &mut a.progress,
                AssistanceProgress::ALL,
            );
        },
    );
    if form.add_button(ui, "mla.assistance", "Add assistance") {
        mla.assistance.push(AssistanceItem {
            id: new_record_id(),
            kind: AssistanceType::Other,
            description: String::new(),
            progress: AssistanceProgress::Pending,
        });
    }
    egui::Grid::new("mla").num_columns(2).show(ui, |ui| {
        form.combo(ui, "Urgency", "mla.urgency", &mut mla.urgency, Urgency::ALL);
        form.date(
            ui,
            "Required by",
            "mla.required_by",
            DateKind::Scheduled,
            &mut mla.required_by,
        );
        form.text(
            ui,
            "Reason for the date",
            "mla.required_by_reason",
            &mut mla.required_by_reason,
        );
    });
    form.errors_ui(ui, "mla");
}

/// Documents received or verified, of those that apply: "not applicable" ones never arrive.
fn checklist_count(items: &[ChecklistItem]) -> (usize, usize) {
    let received = items
        .iter()
        .filter(|c| {
            matches!(
                c.status,
                DocumentStatus::Received | DocumentStatus::Verified
            )
        })
        .count();
    let expected = items
        .iter()
        .filter(|c| c.status != DocumentStatus::NotApplicable)
        .count();
    (received, expected)
}

fn checklist_ui(ui: &mut Ui, form: &mut Form, d: &mut CaseDetails) {
    form.rows(
        ui,
        "checklist",
        "Document",
        &mut d.checklist,
        |ui, form, row, c| {
            form.text(ui, "Document", &format!("{row}.label"), &mut c.label);
            form.check(ui, "Required", &format!("{row}.required"), &mut c.required);
            form.combo(
                ui,
                "Status",
                &format!("{row}.status"),
                &mut c.status,
                DocumentStatus::ALL,
            );
            form.text(ui, "Note", &format!("{row}.note"), &mut c.note);
        },
    );
    if form.add_button(ui, "checklist", "Add document") {
        d.checklist.push(ChecklistItem {
            id: new_record_id(),
            label: Name::default(),
            required: false,
            status: DocumentStatus::Missing,
            note: String::new(),
        });
    }
}

fn assurances_ui(ui: &mut Ui, form: &mut Form, d: &mut CaseDetails) {
    form.rows(
        ui,
        "assurances",
        "Assurance",
        &mut d.assurances,
        |ui, form, row, a| {
            form.combo(
                ui,
                "Kind",
                &format!("{row}.kind"),
                &mut a.kind,
                AssuranceKind::ALL,
            );
            form.date(
                ui,
                "Requested",
                &format!("{row}.requested"),
                DateKind::Happened,
                &mut a.requested,
            );
            for (label, field, date) in [
                ("Received", "received", &mut a.received),
                ("Accepted", "accepted", &mut a.accepted),
            ] {
                let path = format!("{row}.{field}");
                form.date(ui, label, &path, DateKind::Happened, date);
            }
            form.text(ui, "Note", &format!("{row}.note"), &mut a.note);
        },
    );
    if form.add_button(ui, "assurances", "Add assurance") {
        d.assurances.push(Assurance {
            id: new_record_id(),
            kind: AssuranceKind::DeathPenalty,
            requested: None,
            received: None,
            accepted: None,
            note: String::new(),
        });
    }
}

fn hearings_ui(ui: &mut Ui, form: &mut Form, d: &mut CaseDetails, today: NaiveDate) {
    form.rows(
        ui,
        "hearings",
        "Hearing",
        &mut d.hearings,
        |ui, form, row, h| {
            form.required_date(
                ui,
                "Date",
                &format!("{row}.date"),
                DateKind::Scheduled,
                &mut h.date,
            );
            form.combo(
                ui,
                "Kind",
                &format!("{row}.kind"),
                &mut h.kind,
                HearingKind::ALL,
            );
            form.text(ui, "Court", &format!("{row}.court"), &mut h.court);
            form.text(ui, "Outcome", &format!("{row}.outcome"), &mut h.outcome);
            form.check(ui, "Public", &format!("{row}.public"), &mut h.public);
        },
    );
    if form.add_button(ui, "hearings", "Add hearing") {
        d.hearings.push(Hearing {
            id: new_record_id(),
            date: today,
            kind: HearingKind::Other,
            court: Name::default(),
            outcome: String::new(),
            public: false,
        });
    }
}

/// An asylum claim bars surrender while it is pending (`docs/law.md` §4A, EA 2003 s.121).
fn asylum_claims_ui(ui: &mut Ui, form: &mut Form, d: &mut CaseDetails, today: NaiveDate) {
    form.rows(
        ui,
        "asylum_claims",
        "Asylum claim",
        &mut d.asylum_claims,
        |ui, form, row, a| {
            form.required_date(
                ui,
                "Made",
                &format!("{row}.made"),
                DateKind::Happened,
                &mut a.made,
            );
            form.combo(
                ui,
                "Outcome",
                &format!("{row}.outcome"),
                &mut a.outcome,
                AsylumOutcome::ALL,
            );
            form.date(
                ui,
                "Decided",
                &format!("{row}.decided"),
                DateKind::Happened,
                &mut a.decided,
            );
            form.text(ui, "Note", &format!("{row}.note"), &mut a.note);
        },
    );
    if form.add_button(ui, "asylum_claims", "Add asylum claim") {
        d.asylum_claims.push(AsylumClaim {
            id: new_record_id(),
            made: today,
            outcome: AsylumOutcome::Pending,
            decided: None,
            note: String::new(),
        });
    }
}

fn links_ui(ui: &mut Ui, form: &mut Form, d: &mut CaseDetails, book: &Casebook) {
    form.rows(ui, "links", "Link", &mut d.links, |ui, form, row, link| {
        form.combo(
            ui,
            "How linked",
            &format!("{row}.kind"),
            &mut link.kind,
            LinkKind::ALL,
        );
        form.parsed_text(
            ui,
            "Linked case reference",
            row,
            Entry::Text("EI-2026-0001"),
            &mut link.case,
            |id| {
                book.case(*id)
                    .map(|c| c.reference.clone())
                    .unwrap_or_default()
            },
            |text| match book.case_by_reference(text) {
                Some(c) => Ok(c.id),
                None if text.trim().is_empty() => Err("Enter the linked case's reference".into()),
                None => Err(format!("No case has the reference {}", text.trim())),
            },
        );
    });
    if form.add_button(ui, "links", "Add linked case") {
        d.links.push(CaseLink {
            // No case yet: validation reports the line until a reference resolves.
            case: CaseId(uuid::Uuid::nil()),
            kind: LinkKind::Related,
        });
    }
}

fn notes_ui(ui: &mut Ui, form: &mut Form, d: &mut CaseDetails, book: &Casebook, today: NaiveDate) {
    form.rows(ui, "notes", "Note", &mut d.notes, |ui, form, row, n| {
        form.required_date(
            ui,
            "Written",
            &format!("{row}.written"),
            DateKind::Happened,
            &mut n.written,
        );
        form.text(ui, "Author", &format!("{row}.author"), &mut n.author);
        form.multiline(ui, "Text", &format!("{row}.text"), &mut n.text);
    });
    if form.add_button(ui, "notes", "Add note") {
        d.notes.push(Note {
            id: new_record_id(),
            written: today,
            author: book.settings.officer_name.as_str().into(),
            text: String::new(),
        });
    }
}

fn tasks_ui(ui: &mut Ui, form: &mut Form, d: &mut CaseDetails) {
    form.rows(ui, "tasks", "Task", &mut d.tasks, |ui, form, row, t| {
        form.text(ui, "Task", &format!("{row}.text"), &mut t.text);
        form.date(
            ui,
            "Due",
            &format!("{row}.due"),
            DateKind::Scheduled,
            &mut t.due,
        );
        form.text(ui, "For", &format!("{row}.assignee"), &mut t.assignee);
        form.check(ui, "Done", &format!("{row}.done"), &mut t.done);
    });
    if form.add_button(ui, "tasks", "Add task") {
        d.tasks.push(Task {
            id: new_record_id(),
            text: String::new(),
            due: None,
            done: false,
            assignee: Name::default(),
        });
    }
}

fn tags_ui(ui: &mut Ui, form: &mut Form, d: &mut CaseDetails) {
    egui::Grid::new("tags").num_columns(2).show(ui, |ui| {
        form.parsed_text(
            ui,
            "Tags",
            "tags",
            Entry::Text("Comma-separated"),
            &mut d.tags,
            |tags| tags.iter().map(Name::as_str).collect::<Vec<_>>().join(", "),
            |text| Ok(parse_tags(text)),
        );
    });
}

fn new_record_id() -> RecordId {
    RecordId(RandomIds.next_uuid())
}

fn show_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// "Amelia Khan (born 02 Apr 1985)": the date of birth tells apart people of the same name.
fn person_line(p: &Person) -> String {
    match p.date_of_birth {
        Some(d) => format!("{} (born {})", p.name, d.format("%d %b %Y")),
        None => format!("{} (date of birth unknown)", p.name),
    }
}

fn parse_tags(text: &str) -> Vec<Name> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(Name::from)
        .collect()
}

/// The field a path starts with: `offences` for `offences[2].description`.
fn top_field(path: &str) -> &str {
    path.find(['.', '[']).map_or(path, |i| &path[..i])
}

/// After row `index` of `list` is removed, drops the entries of that row and moves those of
/// the rows after it up by one, so they stay with their rows.
fn remove_row<V>(map: &mut BTreeMap<String, V>, list: &str, index: usize) {
    let prefix = format!("{list}[");
    *map = std::mem::take(map)
        .into_iter()
        .filter_map(|(key, value)| {
            let row = key
                .strip_prefix(&prefix)
                .and_then(|rest| rest.split_once(']'))
                .and_then(|(n, tail)| Some((n.parse::<usize>().ok()?, tail)));
            match row {
                Some((n, _)) if n == index => None,
                Some((n, tail)) if n > index => Some((format!("{list}[{}]{tail}", n - 1), value)),
                _ => Some((key, value)),
            }
        })
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removing_a_row_moves_the_later_rows_up() {
        let map: BTreeMap<String, u8> = [
            ("assurances[0].received", 0),
            ("assurances[1].received", 1),
            ("assurances[2].accepted", 2),
            ("hearings[1].date", 3),
            ("tags", 4),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let mut after = map.clone();
        remove_row(&mut after, "assurances", 1);
        let keys: Vec<(&str, u8)> = after.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(
            keys,
            [
                ("assurances[0].received", 0),
                ("assurances[1].accepted", 2),
                ("hearings[1].date", 3),
                ("tags", 4),
            ]
        );
    }

    #[test]
    fn tags_are_trimmed_and_empties_dropped() {
        assert_eq!(
            parse_tags(" heroin, ,Port Qasim ,"),
            ["heroin", "Port Qasim"]
        );
        assert_eq!(top_field("offences[2].description"), "offences");
        assert_eq!(top_field("mla.required_by"), "mla");
        assert_eq!(top_field("summary"), "summary");
    }
}
