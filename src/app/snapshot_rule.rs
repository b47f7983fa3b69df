//! Which snapshots this computer keeps, in the Snapshots dialog: the rule (`store::retention`)
//! shown as a sentence with its three numbers, kept when the officer says so. The draft lives
//! in egui's memory for the dialog, so the desk holds no state for it.

use crate::store::{Retention, retention_rule, set_retention_rule};

/// The rule as edited, and what keeping it last said (error or not).
#[derive(Clone, Debug)]
struct Draft {
    rule: Retention,
    said: Option<(String, bool)>,
}

/// Shows the rule under a heading that opens it; "Keep this rule" stores it for every casebook
/// on this computer, from the next save.
pub fn show(ui: &mut egui::Ui) {
    let id = egui::Id::unique("snapshot rule");
    let mut draft = ui.data_mut(|d| d.get_temp::<Draft>(id)).unwrap_or_else(|| {
        let (rule, said) = match retention_rule() {
            Ok(rule) => (rule, None),
            Err(e) => (Retention::default(), Some((e.to_string(), true))),
        };
        Draft { rule, said }
    });
    egui::CollapsingHeader::new("Which snapshots are kept")
        .id_salt(id)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label("Every save of the last day, up to");
                ui.add(egui::DragValue::new(&mut draft.rule.last_day).range(0..=1_000));
            });
            ui.horizontal(|ui| {
                ui.label("then one a day for");
                ui.add(egui::DragValue::new(&mut draft.rule.days).range(0..=3_650));
                ui.label("days,");
            });
            ui.horizontal(|ui| {
                ui.label("then one a month for");
                ui.add(egui::DragValue::new(&mut draft.rule.months).range(0..=1_200));
                ui.label("months.");
            });
            ui.weak("The newest snapshot, and any a kept one is stored as a difference from, are always kept. For every casebook on this computer, from the next save.");
            if ui.button("Keep this rule").clicked() {
                draft.said = Some(match set_retention_rule(&draft.rule) {
                    Ok(()) => ("Kept: it applies from the next save.".into(), false),
                    Err(e) => (e.to_string(), true),
                });
            }
            match &draft.said {
                Some((text, true)) => {
                    ui.colored_label(ui.visuals().error_fg_color, text);
                }
                Some((text, false)) => {
                    ui.label(text);
                }
                None => {}
            }
        });
    ui.data_mut(|d| d.insert_temp(id, draft));
}
