//! Whether the partner supplied a person's particulars (`docs/law.md` §6): what a partner
//! export may show. Ticked in the People view and beside each person of a case.

use super::request::Request;
use crate::domain::{Command, Person, Source};

/// The label of the tick, the same wherever it is shown.
pub const LABEL: &str = "Particulars supplied by the partner";
const HINT: &str =
    "A partner export shows the particulars the partner supplied, and withholds the others";

/// Who supplied particulars the officer ticked (or not) as the partner's.
pub fn supplier(from_partner: bool) -> Source {
    if from_partner {
        Source::Partner
    } else {
        Source::Ours
    }
}

/// The tick for `source`; the new source when the officer changes it.
pub fn tick_ui(ui: &mut egui::Ui, source: Source) -> Option<Source> {
    let mut from_partner = source == Source::Partner;
    ui.checkbox(&mut from_partner, LABEL)
        .on_hover_text(HINT)
        .changed()
        .then(|| supplier(from_partner))
}

/// The tick for a person of a case: a change saves the person at once.
pub fn person_ui(ui: &mut egui::Ui, person: &Person, requests: &mut Vec<Request>) {
    if let Some(source) = tick_ui(ui, person.source) {
        let mut changed = person.clone();
        changed.source = source;
        requests.push(Request::Change(Command::SavePerson(Box::new(changed))));
    }
}
