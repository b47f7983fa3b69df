//! The people view: everyone across the casebook with their aliases, found by name, father's
//! name, identity document or date of birth (the rule is the domain's `search`); opening a
//! person shows their particulars and their cases; "New person…" opens the New person dialog,
//! also opened from a case's parties.
//! Also the agencies and contacts pick lists.

use super::dropdown::dropdown_ui;
use super::form_keys::{DialogKeys, DiscardQuestion};
use super::request::Request;
use crate::domain::changes::RecordKind;
use crate::domain::validate::validate_person;
use crate::domain::{
    Agency, AgencyId, Casebook, Command, Contact, ContactId, Country, DocumentKind, EventKind,
    IdSource, IdentityDocument, Person, PersonId, RandomIds, RecordId, Source,
    dates::{DateKind, parse_date_for},
    likely_duplicates,
    search::{Query, Typed},
};
use chrono::NaiveDate;

/// What a person is found by (the rule is the domain's `search::Query`).
const FIND_HINT: &str = "Name, alias, father's name, CNIC, passport, date of birth";

/// UI state of the people view.
#[derive(Default)]
pub struct PeopleView {
    pub filter: String,
    selected: Option<PersonId>,
    form: Option<PersonForm>,
    /// A person being created in the "New person…" dialog.
    creating: Option<NewPersonDialog>,
}

/// A person's particulars as strings, until they parse.
struct PersonForm {
    person: Person,
    date_of_birth: String,
    aliases: String,
    nationalities: String,
    addresses: String,
    document_kind: DocumentKind,
    document_number: String,
    /// Who supplied the document's number (`docs/law.md` §6); `None`: as the person's
    /// particulars, until ticked otherwise.
    document_source: Option<Source>,
    errors: Vec<String>,
    /// Put the keyboard in the first field on the next frame (a new form).
    focus_first: bool,
}

impl PersonForm {
    fn from_person(p: &Person) -> Self {
        let first_doc = p.documents.first();
        Self {
            person: p.clone(),
            date_of_birth: p
                .date_of_birth
                .map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string()),
            aliases: p.aliases.join("; "),
            nationalities: p
                .nationalities
                .iter()
                .map(|c| c.0.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            addresses: p.addresses.join("\n"),
            document_kind: first_doc.map_or(DocumentKind::Passport, |d| d.kind),
            document_number: first_doc.map_or_else(String::new, |d| d.number.clone()),
            document_source: first_doc.and_then(|d| d.source),
            errors: Vec::new(),
            focus_first: false,
        }
    }

    /// A form for someone new, holding what the officer typed to find them, their
    /// particulars supplied by `source`, with the keyboard in its first field.
    fn new_person(typed: Typed, source: Source) -> Self {
        let mut person = Person::new(PersonId(RandomIds.next_uuid()), typed.name);
        person.source = source;
        person.date_of_birth = typed.date_of_birth;
        let (kind, number) = typed
            .document
            .unwrap_or((DocumentKind::Passport, String::new()));
        Self {
            focus_first: true,
            document_kind: kind,
            document_number: number,
            ..Self::from_person(&person)
        }
    }

    /// Whether the officer has typed anything into a new person's form.
    fn is_blank(&self) -> bool {
        [
            &self.person.name,
            &self.person.father_name,
            &self.date_of_birth,
            &self.aliases,
            &self.nationalities,
            &self.addresses,
            &self.document_number,
        ]
        .iter()
        .all(|t| t.trim().is_empty())
    }

    /// Parses the strings into a person; errors are messages naming the field.
    fn parse(&self, book: &Casebook, today: NaiveDate) -> Result<Person, Vec<String>> {
        let mut p = self.person.clone();
        let mut errors = Vec::new();
        p.date_of_birth = match self.date_of_birth.trim() {
            "" => None,
            text => match parse_date_for(text, book.settings.date_order, DateKind::Happened, today)
            {
                Ok(d) => Some(d),
                Err(e) => {
                    errors.push(format!("Date of birth: {e}"));
                    None
                }
            },
        };
        let list = |text: &str, sep: char| -> Vec<String> {
            text.split(sep)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        };
        p.aliases = list(&self.aliases, ';');
        p.nationalities = list(&self.nationalities, ';')
            .into_iter()
            .map(|c| Country(c.into()))
            .collect();
        p.addresses = list(&self.addresses, '\n');
        let number = self.document_number.trim();
        let rest = p.documents.iter().skip(1).cloned();
        p.documents = if number.is_empty() {
            rest.collect()
        } else {
            let first = self.person.documents.first();
            std::iter::once(IdentityDocument {
                id: first.map_or_else(|| RecordId(RandomIds.next_uuid()), |d| d.id),
                kind: self.document_kind,
                number: number.to_string(),
                // Keep where an existing document was issued; a new one is the partner's.
                issued_by: first.map_or_else(
                    || book.settings.partner_country.clone(),
                    |d| d.issued_by.clone(),
                ),
                source: self.document_source,
            })
            .chain(rest)
            .collect()
        };
        errors.extend(
            validate_person(&p, today)
                .into_iter()
                .map(|pr| pr.to_string()),
        );
        if errors.is_empty() {
            Ok(p)
        } else {
            Err(errors)
        }
    }

    /// Errors once shown follow the typing: each goes as soon as its cause is put right.
    fn recheck(&mut self, book: &Casebook, today: NaiveDate) {
        if !self.errors.is_empty() {
            self.errors = self.parse(book, today).err().unwrap_or_default();
        }
    }

    /// The form's fields; returns the id of its multi-line field (where Enter starts a line).
    fn ui(&mut self, ui: &mut egui::Ui) -> egui::Id {
        let addresses = egui::Grid::new("person form")
            .num_columns(2)
            .show(ui, |ui| {
                let field = |ui: &mut egui::Ui, label: &str, text: &mut String| {
                    let label = ui.label(label);
                    let response = ui
                        .add(egui::TextEdit::singleline(text).desired_width(280.0))
                        .labelled_by(label.id);
                    ui.end_row();
                    response
                };
                let name = field(ui, "Name", &mut self.person.name);
                if std::mem::take(&mut self.focus_first) {
                    name.request_focus();
                }
                field(ui, "Father's name (s/o)", &mut self.person.father_name);
                field(ui, "Aliases (separated by ;)", &mut self.aliases);
                field(ui, "Date of birth", &mut self.date_of_birth);
                field(
                    ui,
                    "Nationalities (separated by ;)",
                    &mut self.nationalities,
                );
                let label = ui.label("Identity document");
                dropdown_ui(
                    ui,
                    "document kind",
                    &mut self.document_kind,
                    DocumentKind::ALL,
                    |k| k.label().to_string(),
                    280.0,
                )
                .labelled_by(label.id);
                ui.end_row();
                field(ui, "Document number", &mut self.document_number);
                ui.label("");
                let mut from_partner =
                    self.document_source.unwrap_or(self.person.source) == Source::Partner;
                if ui
                    .checkbox(&mut from_partner, "Document supplied by the partner")
                    .changed()
                {
                    self.document_source = Some(super::supplied::supplier(from_partner));
                }
                ui.end_row();
                let label = ui.label("Addresses (one per line)");
                let addresses = ui
                    .add(
                        egui::TextEdit::multiline(&mut self.addresses)
                            .desired_rows(2)
                            .desired_width(280.0),
                    )
                    .labelled_by(label.id);
                ui.end_row();
                // Last, so typing a person's particulars runs field to field; the tick is a
                // decision taken once they are in.
                ui.label("");
                if let Some(source) = super::supplied::tick_ui(ui, self.person.source) {
                    self.person.source = source;
                }
                ui.end_row();
                addresses.id
            })
            .inner;
        for e in &self.errors {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        addresses
    }
}

impl PeopleView {
    pub fn start_new_person(&mut self) {
        self.creating = Some(NewPersonDialog::new(Typed::default(), Source::Ours));
    }

    pub fn has_dialog(&self) -> bool {
        self.creating.is_some()
    }

    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        book: &Casebook,
        today: NaiveDate,
        requests: &mut Vec<Request>,
    ) {
        if let Some(person) = self.selected.and_then(|id| book.person(id)) {
            if self.form.as_ref().is_none_or(|f| f.person.id != person.id) {
                self.form = Some(PersonForm::from_person(person));
            }
            egui::Panel::right("person panel")
                .default_size(440.0)
                .show(ui, |ui| {
                    ui.heading(&person.name);
                    if let Some(form) = &mut self.form {
                        form.recheck(book, today);
                        form.ui(ui);
                        if ui.button("Save person").clicked() {
                            match form.parse(book, today) {
                                Ok(p) => {
                                    form.errors.clear();
                                    requests
                                        .push(Request::Change(Command::SavePerson(Box::new(p))));
                                }
                                Err(errors) => form.errors = errors,
                            }
                        }
                    }
                    ui.separator();
                    ui.strong("Cases");
                    for case in book.cases_of(person.id) {
                        let roles: Vec<&str> = case
                            .details
                            .parties
                            .iter()
                            .filter(|p| p.person == person.id)
                            .map(|p| p.role.label())
                            .collect();
                        let text = format!(
                            "{} — {} ({})",
                            case.reference,
                            case.status(),
                            roles.join(", ")
                        );
                        if ui.link(text).clicked() {
                            requests.push(Request::ShowCase(case.id));
                        }
                    }
                    ui.separator();
                    super::edits::edits_ui(ui, book, "Changes", book.history_of(person.id.0));
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal(|ui| {
                let label = ui.label("Find a person");
                ui.add(
                    egui::TextEdit::singleline(&mut self.filter)
                        .hint_text(FIND_HINT)
                        .desired_width(260.0),
                )
                .labelled_by(label.id);
                if ui.button("New person…").clicked() {
                    self.start_new_person();
                }
            });
            ui.separator();
            let query = Query::parse(&self.filter, book.settings.date_order);
            let shown: Vec<&Person> = book
                .people()
                .iter()
                .filter(|p| query.matches_person(p))
                .collect();
            ui.label(format!(
                "{} of {}",
                super::counts::thousands(shown.len()),
                super::counts::count(book.people().len(), "person", "people")
            ));
            let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
            ui.style_mut().interaction.selectable_labels = false;
            egui_extras::TableBuilder::new(ui)
                .id_salt("people")
                .striped(true)
                .resizable(true)
                .sense(egui::Sense::click())
                .column(egui_extras::Column::initial(200.0))
                .column(egui_extras::Column::initial(160.0))
                .column(egui_extras::Column::initial(220.0))
                .column(egui_extras::Column::initial(100.0))
                .column(egui_extras::Column::remainder())
                .header(row_height, |mut h| {
                    for t in ["Name", "Father's name", "Aliases", "Born", "Documents"] {
                        h.col(|ui| {
                            ui.strong(t);
                        });
                    }
                })
                .body(|body| {
                    body.rows(row_height, shown.len(), |mut row| {
                        let p = shown[row.index()];
                        row.set_selected(self.selected == Some(p.id));
                        row.col(|ui| {
                            ui.label(&p.name);
                        });
                        row.col(|ui| {
                            ui.label(&p.father_name);
                        });
                        row.col(|ui| {
                            ui.label(p.aliases.join(", "));
                        });
                        row.col(|ui| {
                            ui.label(
                                p.date_of_birth
                                    .map_or_else(String::new, |d| d.format("%d %b %Y").to_string()),
                            );
                        });
                        row.col(|ui| {
                            let docs: Vec<String> = p
                                .documents
                                .iter()
                                .map(|d| format!("{} {}", d.kind, d.number))
                                .collect();
                            ui.label(docs.join(", "));
                        });
                        if row.response().clicked() {
                            self.selected = Some(p.id);
                        }
                    });
                });
        });
        self.new_person_ui(ui, book, today, requests);
    }

    fn new_person_ui(
        &mut self,
        ui: &mut egui::Ui,
        book: &Casebook,
        today: NaiveDate,
        requests: &mut Vec<Request>,
    ) {
        let Some(dialog) = &mut self.creating else {
            return;
        };
        match dialog.ui(ui, book, today) {
            Some(NewPerson::Created(person)) => {
                self.selected = Some(person.id);
                requests.push(Request::Change(Command::SavePerson(Box::new(person))));
                self.creating = None;
            }
            Some(NewPerson::Closed) => self.creating = None,
            None => {}
        }
    }
}

/// The "New person" dialog, opened from People and from a case's parties: the person's form
/// with the keyboard in its first field, a warning of likely duplicates as the officer types
/// (the rule is the domain's `likely_duplicates`), Enter to create, Escape to close (asking
/// first when something was typed).
pub struct NewPersonDialog {
    form: PersonForm,
    discard: DiscardQuestion,
}

/// How the dialog ended.
pub enum NewPerson {
    /// Create this person (the caller pushes the command).
    Created(Person),
    Closed,
}

impl NewPersonDialog {
    /// A dialog for someone new, holding what the officer `typed` to find them (a name, an
    /// identifier, a date of birth), their particulars supplied by `source` until ticked
    /// otherwise.
    pub fn new(typed: Typed, source: Source) -> Self {
        Self {
            form: PersonForm::new_person(typed, source),
            discard: DiscardQuestion::default(),
        }
    }

    /// Shows the dialog; `Some` once it ends.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        book: &Casebook,
        today: NaiveDate,
    ) -> Option<NewPerson> {
        let Self { form, discard } = self;
        let keys = DialogKeys::before(ui.ctx());
        let mut outcome = None;
        egui::Modal::new(egui::Id::unique("new person")).show(ui.ctx(), |ui| {
            ui.set_max_width(520.0);
            ui.heading("New person");
            let multiline = form.ui(ui);
            // Warn of likely duplicates as the officer types (the rule is the domain's).
            form.recheck(book, today);
            let candidate = form.parse(book, today);
            let duplicates = candidate
                .as_ref()
                .map(|p| likely_duplicates(p, book.people()))
                .unwrap_or_default();
            if !duplicates.is_empty() {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    "This may be someone already in the casebook:",
                );
                for (other, why) in &duplicates {
                    ui.label(format!("• {} ({why})", other.name));
                }
            }
            let mut create = false;
            ui.horizontal(|ui| {
                let text = if duplicates.is_empty() {
                    "Create"
                } else {
                    "Create anyway"
                };
                create = ui.button(text).clicked();
                if ui.button("Cancel").clicked() {
                    outcome = Some(NewPerson::Closed);
                }
            });
            if discard.ui(ui, "new person") {
                outcome = Some(NewPerson::Closed);
            }
            let ctx = ui.ctx().clone();
            if keys.escape(&ctx) && discard.escape(!form.is_blank()) {
                outcome = Some(NewPerson::Closed);
            }
            if !discard.is_asking() && keys.enter(&ctx, &[multiline], &[]) {
                create = true;
            }
            if create {
                match candidate {
                    Ok(p) => outcome = Some(NewPerson::Created(p)),
                    Err(errors) => form.errors = errors,
                }
            }
        });
        outcome
    }
}

/// The agencies and contacts pick lists, editable in place: drafts of each until saved.
#[derive(Default)]
pub struct AgenciesView {
    agencies: Vec<Agency>,
    contacts: Vec<Contact>,
}

impl AgenciesView {
    pub fn ui(&mut self, ui: &mut egui::Ui, book: &Casebook, requests: &mut Vec<Request>) {
        agencies_ui(ui, book, &mut self.agencies, &mut self.contacts, requests);
    }
}

fn agencies_ui(
    ui: &mut egui::Ui,
    book: &Casebook,
    drafts: &mut Vec<Agency>,
    contacts: &mut Vec<Contact>,
    requests: &mut Vec<Request>,
) {
    if drafts.len() != book.agencies().len()
        || drafts
            .iter()
            .zip(book.agencies())
            .any(|(a, b)| a.id != b.id)
    {
        *drafts = book.agencies().to_vec();
    }
    if contacts.len() != book.contacts().len()
        || contacts
            .iter()
            .zip(book.contacts())
            .any(|(a, b)| a.id != b.id)
    {
        *contacts = book.contacts().to_vec();
    }
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.heading("Agencies");
        for agency in drafts.iter_mut() {
            ui.horizontal(|ui| {
                let name = labelled_text(ui, "Name", &mut agency.name, 320.0);
                let country = labelled_text(ui, "Country", &mut agency.country.0, 160.0);
                if (name.lost_focus() || country.lost_focus())
                    && book.agencies().iter().find(|a| a.id == agency.id) != Some(agency)
                {
                    requests.push(Request::Change(Command::SaveAgency(agency.clone())));
                }
                if ui.small_button("Remove").clicked() {
                    requests.push(Request::Change(Command::RemoveAgency(agency.id)));
                }
            });
        }
        if ui.button("Add agency").clicked() {
            requests.push(Request::Change(Command::SaveAgency(Agency {
                id: AgencyId(RandomIds.next_uuid()),
                name: "New agency".into(),
                country: book.settings.home_country.clone(),
            })));
        }
        ui.add_space(12.0);
        ui.heading("Contacts");
        for contact in contacts.iter_mut() {
            ui.horizontal(|ui| {
                let mut edited = false;
                for (label, text, width) in [
                    ("Name", &mut contact.name, 180.0),
                    ("Role", &mut contact.role, 160.0),
                    ("Email", &mut contact.email, 200.0),
                    ("Phone", &mut contact.phone, 140.0),
                ] {
                    edited |= labelled_text(ui, label, text, width).lost_focus();
                }
                let agencies: Vec<Option<AgencyId>> = std::iter::once(None)
                    .chain(book.agencies().iter().map(|a| Some(a.id)))
                    .collect();
                let agency_name = |id: &Option<AgencyId>| {
                    id.and_then(|id| book.agencies().iter().find(|a| a.id == id))
                        .map_or_else(|| "No agency".to_string(), |a| a.name.clone())
                };
                let label = ui.label("Agency");
                edited |= dropdown_ui(
                    ui,
                    ("contact agency", contact.id),
                    &mut contact.agency,
                    &agencies,
                    agency_name,
                    160.0,
                )
                .labelled_by(label.id)
                .changed();
                if edited && book.contacts().iter().find(|c| c.id == contact.id) != Some(contact) {
                    requests.push(Request::Change(Command::SaveContact(contact.clone())));
                }
                if ui.small_button("Remove").clicked() {
                    requests.push(Request::Change(Command::RemoveContact(contact.id)));
                }
            });
        }
        if ui.button("Add contact").clicked() {
            requests.push(Request::Change(Command::SaveContact(Contact {
                id: ContactId(RandomIds.next_uuid()),
                name: "New contact".into(),
                agency: None,
                role: String::new(),
                email: String::new(),
                phone: String::new(),
            })));
        }
        // Their edits and removals, each field's old and new value.
        let edits = book.record_history().iter().filter(|e| {
            matches!(&e.kind, EventKind::Edited { record: Some(r), .. }
                if matches!(r.kind, RecordKind::Agency | RecordKind::Contact))
        });
        super::edits::edits_ui(ui, book, "Changes to agencies and contacts", edits);
    });
}

/// A single-line field with its label in front, linked for screen readers and tests.
fn labelled_text(
    ui: &mut egui::Ui,
    label: &str,
    text: &mut dyn egui::TextBuffer,
    width: f32,
) -> egui::Response {
    let label = ui.label(label);
    ui.add(egui::TextEdit::singleline(text).desired_width(width))
        .labelled_by(label.id)
}
