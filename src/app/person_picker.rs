//! Adding a person to a case without leaving it (issue 18, item 5): type a name or an
//! identifier into "Find a person", see who matches with their identifiers, ↑/↓ and Enter to
//! add one; with no match Enter (or "New person…") opens the New person dialog holding what was
//! typed (a name, an identifier with its kind, a date of birth), with its duplicate warning,
//! and the person created is added to the case.

use super::people::{NewPerson, NewPersonDialog};
use super::request::Request;
use crate::domain::search::{Query, Typed};
use crate::domain::{Casebook, Command, Person, PersonId, Source};
use chrono::NaiveDate;
use egui::{Key, Modifiers, Ui};

/// How many matching people are listed; typing more narrows them.
const LISTED: usize = 8;

/// Puts the keyboard in the case's "Find a person" from anywhere in the case's details, so
/// the requested person is a few keystrokes away from a new case's summary, not twenty Tabs.
pub const FIND_SHORTCUT: egui::KeyboardShortcut =
    egui::KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::P);

#[derive(Default)]
pub struct PersonPicker {
    find: String,
    /// The match the arrows point at.
    highlight: usize,
    creating: Option<NewPersonDialog>,
    /// Created in the dialog and waiting to be in the casebook, to be added then.
    created: Option<PersonId>,
}

impl PersonPicker {
    /// Whether its New person dialog has the keyboard.
    pub fn has_dialog(&self) -> bool {
        self.creating.is_some()
    }

    /// The field, the matches and the dialog; returns the person to add to the case. People in
    /// `parties` already are not offered; someone new has their particulars supplied by
    /// `source` (the partner's for the subject of an incoming request) until ticked otherwise.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        book: &Casebook,
        today: NaiveDate,
        parties: &[PersonId],
        source: Source,
        requests: &mut Vec<Request>,
    ) -> Option<PersonId> {
        if let Some(id) = self.created
            && book.person(id).is_some()
        {
            self.created = None;
            return Some(id);
        }
        let query = Query::parse(&self.find, book.settings.date_order);
        let mut matches = book
            .people()
            .iter()
            .filter(|p| !parties.contains(&p.id))
            .filter(|p| !query.is_empty() && query.matches_person(p));
        let listed: Vec<&Person> = matches.by_ref().take(LISTED).collect();
        let more = matches.next().is_some();
        self.highlight = self.highlight.min(listed.len().saturating_sub(1));

        let find_id = ui.make_persistent_id("find person");
        if self.creating.is_none() && ui.input_mut(|i| i.consume_shortcut(&FIND_SHORTCUT)) {
            ui.memory_mut(|m| m.request_focus(find_id));
        }
        let mut picked = None;
        let mut create = false;
        // Keys first, so the field does not act on them too (Enter would leave the field).
        if ui.memory(|m| m.has_focus(find_id)) {
            let take = |key| ui.input_mut(|i| i.consume_key(Modifiers::NONE, key));
            if take(Key::ArrowDown) {
                self.highlight = (self.highlight + 1).min(listed.len().saturating_sub(1));
            }
            if take(Key::ArrowUp) {
                self.highlight = self.highlight.saturating_sub(1);
            }
            if !self.find.trim().is_empty() && take(Key::Enter) {
                match listed.get(self.highlight) {
                    Some(p) => picked = Some(p.id),
                    None => create = true,
                }
            }
        }
        ui.horizontal(|ui| {
            let label = ui.label("Find a person");
            let shortcut = ui.ctx().format_shortcut(&FIND_SHORTCUT);
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.find)
                        .id(find_id)
                        .hint_text("Name, CNIC, passport, father's name, date of birth")
                        .desired_width(300.0),
                )
                .labelled_by(label.id)
                .on_hover_text(format!("{shortcut} from anywhere in the case's details"));
            if field.changed() {
                self.highlight = 0;
            }
            create |= ui
                .button("New person…")
                .on_hover_text("Someone not yet in the casebook, added to this case")
                .clicked();
        });
        for (i, person) in listed.iter().enumerate() {
            if ui
                .selectable_label(i == self.highlight, person_with_ids(person))
                .clicked()
            {
                picked = Some(person.id);
            }
        }
        if more {
            ui.weak("More people match: type more of the name or an identifier");
        } else if listed.is_empty() && !query.is_empty() {
            ui.weak("No one matches: Enter creates a new person");
        }
        if create {
            let typed = Typed::parse(&self.find, book.settings.date_order);
            self.creating = Some(NewPersonDialog::new(typed, source));
        }
        if let Some(dialog) = &mut self.creating {
            match dialog.ui(ui, book, today) {
                Some(NewPerson::Created(person)) => {
                    self.created = Some(person.id);
                    requests.push(Request::Change(Command::SavePerson(Box::new(person))));
                    self.creating = None;
                    self.find.clear();
                }
                Some(NewPerson::Closed) => self.creating = None,
                None => {}
            }
        }
        if picked.is_some() {
            self.find.clear();
            self.highlight = 0;
        }
        picked
    }
}

/// A person as the list shows them: the name, "s/o" the father, born, and identifiers.
pub fn person_with_ids(p: &Person) -> String {
    let mut line = p.name.clone();
    if !p.father_name.is_empty() {
        line.push_str(&format!(" s/o {}", p.father_name));
    }
    if let Some(born) = p.date_of_birth {
        line.push_str(&format!(", born {}", born.format("%d %b %Y")));
    }
    for d in &p.documents {
        line.push_str(&format!(" · {} {}", d.kind, d.number));
    }
    line
}
