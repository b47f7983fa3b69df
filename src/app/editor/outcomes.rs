//! The editor's "Outcomes" section (`domain::outcomes`): persons surrendered, returned or
//! transferred, assets and seizures, committed like every other row of the editor (one
//! `UpdateCase`, so one `Edited` event with old and new values).

use super::{Entry, Form, new_record_id};
use crate::domain::dates::DateKind;
use crate::domain::{
    AssetAction, AssetOutcome, CaseDetails, Casebook, Currency, Decimal, PersonId, PersonOutcome,
    PersonOutcomeKind, Seizure, SeizureKind,
};
use chrono::NaiveDate;
use egui::Ui;

pub(super) fn outcomes_ui(
    ui: &mut Ui,
    form: &mut Form,
    d: &mut CaseDetails,
    book: &Casebook,
    today: NaiveDate,
) {
    let parties: Vec<PersonId> = d.parties.iter().map(|p| p.person).collect();
    ui.label("Persons surrendered, returned or transferred");
    form.rows(
        ui,
        "outcomes.persons",
        "Person",
        &mut d.outcomes.persons,
        |ui, form, row, o| {
            form.combo(
                ui,
                "What happened",
                &format!("{row}.kind"),
                &mut o.kind,
                PersonOutcomeKind::ALL,
            );
            form.required_date(
                ui,
                "Date",
                &format!("{row}.date"),
                DateKind::Happened,
                &mut o.date,
            );
            let name = |id: &Option<PersonId>| {
                id.and_then(|id| book.person(id))
                    .map(|p| p.name.to_string())
                    .unwrap_or_default()
            };
            form.parsed_text(
                ui,
                "Who",
                &format!("{row}.person"),
                Entry::Text("a person in the case, by name"),
                &mut o.person,
                name,
                |text| {
                    let wanted = text.trim();
                    if wanted.is_empty() {
                        return Ok(None);
                    }
                    parties
                        .iter()
                        .copied()
                        .find(|id| {
                            book.person(*id)
                                .is_some_and(|p| p.name.trim().eq_ignore_ascii_case(wanted))
                        })
                        .map(Some)
                        .ok_or_else(|| format!("No person in the case is called {wanted}"))
                },
            );
            form.text(ui, "Note", &format!("{row}.note"), &mut o.note);
        },
    );
    if form.add_button(
        ui,
        "outcomes.persons",
        "Add person surrendered, returned or transferred",
    ) {
        d.outcomes.persons.push(PersonOutcome {
            id: new_record_id(),
            kind: PersonOutcomeKind::Surrendered,
            date: today,
            person: None,
            note: String::new(),
        });
    }
    ui.separator();
    ui.label("Assets restrained, confiscated or returned");
    form.rows(
        ui,
        "outcomes.assets",
        "Asset",
        &mut d.outcomes.assets,
        |ui, form, row, a| {
            form.combo(
                ui,
                "Action",
                &format!("{row}.action"),
                &mut a.action,
                AssetAction::ALL,
            );
            form.required_date(
                ui,
                "Date",
                &format!("{row}.date"),
                DateKind::Happened,
                &mut a.date,
            );
            amount_ui(ui, form, "Amount", &format!("{row}.amount"), &mut a.amount);
            form.parsed_text(
                ui,
                "Currency",
                &format!("{row}.currency"),
                Entry::Text("PKR"),
                &mut a.currency,
                ToString::to_string,
                Currency::parse,
            );
            form.date(
                ui,
                "Exchange rate of",
                &format!("{row}.converted_on"),
                DateKind::Happened,
                &mut a.converted_on,
            );
            form.text(ui, "Note", &format!("{row}.note"), &mut a.note);
        },
    );
    if form.add_button(ui, "outcomes.assets", "Add asset") {
        d.outcomes.assets.push(AssetOutcome {
            id: new_record_id(),
            action: AssetAction::Restrained,
            date: today,
            amount: Decimal::ZERO,
            currency: Currency::pound_sterling(),
            converted_on: None,
            note: String::new(),
        });
    }
    ui.separator();
    ui.label("Seizures");
    form.rows(
        ui,
        "outcomes.seizures",
        "Seizure",
        &mut d.outcomes.seizures,
        |ui, form, row, s| {
            form.combo(
                ui,
                "What",
                &format!("{row}.kind"),
                &mut s.kind,
                SeizureKind::ALL,
            );
            form.required_date(
                ui,
                "Date",
                &format!("{row}.date"),
                DateKind::Happened,
                &mut s.date,
            );
            amount_ui(
                ui,
                form,
                "Quantity",
                &format!("{row}.quantity"),
                &mut s.quantity,
            );
            form.text(ui, "Unit", &format!("{row}.unit"), &mut s.unit);
            form.parsed_text(
                ui,
                "Value",
                &format!("{row}.value"),
                Entry::Text("empty if not known"),
                &mut s.value,
                |v| v.map(|v| v.to_string()).unwrap_or_default(),
                |text| match text.trim() {
                    "" => Ok(None),
                    text => Decimal::parse(text).map(Some).map_err(|e| e.to_string()),
                },
            );
            form.parsed_text(
                ui,
                "Currency",
                &format!("{row}.currency"),
                Entry::Text("PKR"),
                &mut s.currency,
                |c| c.as_ref().map(ToString::to_string).unwrap_or_default(),
                |text| match text.trim() {
                    "" => Ok(None),
                    text => Currency::parse(text).map(Some),
                },
            );
            form.text(ui, "Note", &format!("{row}.note"), &mut s.note);
        },
    );
    if form.add_button(ui, "outcomes.seizures", "Add seizure") {
        d.outcomes.seizures.push(Seizure {
            id: new_record_id(),
            kind: SeizureKind::Other,
            date: today,
            quantity: Decimal::ZERO,
            unit: String::new(),
            value: None,
            currency: None,
            note: String::new(),
        });
    }
}

/// An exact amount or quantity, typed as text.
fn amount_ui(ui: &mut Ui, form: &mut Form, label: &str, path: &str, value: &mut Decimal) {
    form.parsed_text(
        ui,
        label,
        path,
        Entry::Text("e.g. 1250000.50"),
        value,
        ToString::to_string,
        |text| Decimal::parse(text).map_err(|e| e.to_string()),
    );
}
