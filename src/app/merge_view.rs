//! File → Merge from another casebook…: the review before anything changes. What the other
//! copy brings (new and updated cases, people who may be entered twice), and every conflict
//! side by side with who set each value and when; a choice per value, per case, or "the rest";
//! then one command, undone in one step.

use crate::domain::merge::{Conflict, MergeResult, Side, Subject, merge, renumbering};
use crate::domain::{CaseId, Casebook, Command, Ctx, RandomIds};
use chrono::{DateTime, FixedOffset};
use std::collections::HashMap;
use std::path::PathBuf;

pub struct MergeView {
    source: PathBuf,
    result: MergeResult,
    /// Names of the other copy's people, for the likely duplicates.
    their_names: HashMap<crate::domain::PersonId, String>,
    choices: HashMap<Subject, Side>,
    error: Option<String>,
}

pub enum MergeOutcome {
    Open,
    Cancelled,
    Apply(Command),
}

impl MergeView {
    pub fn new(ours: &Casebook, theirs: &Casebook, source: PathBuf) -> Self {
        let result = merge(ours, theirs);
        let their_names = result
            .duplicates
            .iter()
            .filter_map(|d| theirs.person(d.theirs).map(|p| (p.id, p.name.clone())))
            .collect();
        Self {
            source,
            result,
            their_names,
            choices: HashMap::new(),
            error: None,
        }
    }

    /// The file the other copy was read from.
    pub fn source(&self) -> &std::path::Path {
        &self.source
    }

    pub fn result(&self) -> &MergeResult {
        &self.result
    }

    /// Chooses `side` for every conflict not chosen yet.
    fn choose_rest(&mut self, side: Side) {
        for c in &self.result.conflicts {
            self.choices.entry(c.subject.clone()).or_insert(side);
        }
    }

    fn choose_case(&mut self, case: CaseId, side: Side) {
        for c in &self.result.conflicts {
            if c.subject.case() == Some(case) {
                self.choices.insert(c.subject.clone(), side);
            }
        }
    }

    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        ours: &Casebook,
        now: DateTime<FixedOffset>,
    ) -> MergeOutcome {
        let mut outcome = MergeOutcome::Open;
        egui::Modal::new(egui::Id::unique("merge review")).show(ui.ctx(), |ui| {
            ui.set_width(1100.0_f32.min(ui.ctx().content_rect().width() - 60.0));
            let name = self
                .source
                .file_name()
                .map_or_else(|| self.source.display().to_string(), |n| n.to_string_lossy().into());
            ui.heading(format!("Merge from {name}"));
            ui.label("Nothing changes until you apply the merge; it is then one step that Undo takes back.");
            ui.separator();
            self.summary_ui(ui, ours);
            if let Some(warning) = self.result.clock_warning(now.to_utc()) {
                ui.colored_label(ui.visuals().warn_fg_color, warning);
            }
            if !self.result.conflicts.is_empty() {
                ui.separator();
                self.conflicts_ui(ui);
            }
            ui.separator();
            if let Some(e) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            ui.horizontal(|ui| {
                let open = self
                    .result
                    .conflicts
                    .iter()
                    .filter(|c| !self.choices.contains_key(&c.subject))
                    .count();
                if open > 0 {
                    if ui.button("Keep ours for the rest").clicked() {
                        self.choose_rest(Side::Ours);
                    }
                    if ui.button("Take theirs for the rest").clicked() {
                        self.choose_rest(Side::Theirs);
                    }
                    ui.label(format!(
                        "{} still to choose",
                        crate::count::count(open, "conflict", "conflicts")
                    ));
                }
                let apply = ui.add_enabled(
                    open == 0 && !self.result.is_empty(),
                    egui::Button::new("Apply merge"),
                );
                if apply.clicked() {
                    let mut ctx = Ctx {
                        now,
                        ids: &mut RandomIds,
                    };
                    match self.result.resolve(&self.choices, &mut ctx) {
                        Ok(command) => outcome = MergeOutcome::Apply(command),
                        Err(e) => self.error = Some(e.to_string()),
                    }
                }
                if ui.button("Cancel").clicked() {
                    outcome = MergeOutcome::Cancelled;
                }
            });
        });
        outcome
    }

    fn summary_ui(&self, ui: &mut egui::Ui, ours: &Casebook) {
        let s = &self.result.summary;
        if self.result.is_empty() {
            ui.label("The other casebook brings nothing new: everything in it is already here.");
            return;
        }
        let line = |ui: &mut egui::Ui, n: usize, what: (&str, &str), refs: &[String]| {
            let mut text = crate::count::count(n, what.0, what.1);
            if !refs.is_empty() {
                let shown: Vec<&str> = refs.iter().take(12).map(String::as_str).collect();
                text.push_str(&format!(": {}", shown.join(", ")));
                if refs.len() > shown.len() {
                    text.push_str(&format!(" and {} more", refs.len() - shown.len()));
                }
            }
            ui.label(text);
        };
        line(
            ui,
            s.added_cases.len(),
            ("new case", "new cases"),
            &s.added_cases,
        );
        line(
            ui,
            s.updated_cases.len(),
            ("updated case", "updated cases"),
            &s.updated_cases,
        );
        ui.label(format!(
            "{}, {}",
            crate::count::count(s.new_events, "new history event", "new history events"),
            crate::count::count(s.added_people, "new person", "new people")
        ));
        for (old, new) in &s.renumbered {
            ui.label(renumbering(old, new));
        }
        if !self.result.duplicates.is_empty() {
            ui.label(egui::RichText::new("Possibly the same person entered twice").strong());
            for d in &self.result.duplicates {
                let ours_name = ours.person(d.ours).map_or("?", |p| p.name.as_str());
                let theirs_name = self.their_names.get(&d.theirs).map_or("?", String::as_str);
                ui.label(format!(
                    "{theirs_name} (theirs) and {ours_name} (ours): {}. Both are kept; link them in People after the merge.",
                    d.reason
                ));
            }
        }
    }

    fn conflicts_ui(&mut self, ui: &mut egui::Ui) {
        ui.label(
            egui::RichText::new(format!(
                "{}: changed on both copies",
                crate::count::count(self.result.conflicts.len(), "conflict", "conflicts")
            ))
            .strong(),
        );
        let mut case_choice: Option<(CaseId, Side)> = None;
        egui::ScrollArea::vertical()
            .max_height(420.0)
            .show(ui, |ui| {
                egui::Grid::new("merge conflicts")
                    .striped(true)
                    .num_columns(4)
                    .spacing([16.0, 6.0])
                    .show(ui, |ui| {
                        ui.strong("Case and field");
                        ui.strong("Ours");
                        ui.strong("Theirs");
                        ui.strong("Keep");
                        ui.end_row();
                        let mut last_case = None;
                        for c in &self.result.conflicts {
                            let case = c.subject.case();
                            ui.vertical(|ui| {
                                ui.label(egui::RichText::new(&c.record).strong());
                                ui.label(&c.what);
                                if let Some(id) = case
                                    && case != last_case
                                {
                                    ui.horizontal(|ui| {
                                        if ui.small_button("Ours for this case").clicked() {
                                            case_choice = Some((id, Side::Ours));
                                        }
                                        if ui.small_button("Theirs for this case").clicked() {
                                            case_choice = Some((id, Side::Theirs));
                                        }
                                    });
                                }
                            });
                            last_case = case;
                            version_ui(ui, c, Side::Ours);
                            version_ui(ui, c, Side::Theirs);
                            let choice = self.choices.get(&c.subject).copied();
                            ui.vertical(|ui| {
                                let label = format!("{} {}", c.record, c.what);
                                if ui
                                    .radio(choice == Some(Side::Ours), "Keep ours")
                                    .on_hover_text(format!("Keep ours: {label}"))
                                    .clicked()
                                {
                                    self.choices.insert(c.subject.clone(), Side::Ours);
                                }
                                if ui
                                    .radio(choice == Some(Side::Theirs), "Take theirs")
                                    .on_hover_text(format!("Take theirs: {label}"))
                                    .clicked()
                                {
                                    self.choices.insert(c.subject.clone(), Side::Theirs);
                                }
                            });
                            ui.end_row();
                        }
                    });
            });
        if let Some((case, side)) = case_choice {
            self.choose_case(case, side);
        }
    }
}

fn version_ui(ui: &mut egui::Ui, conflict: &Conflict, side: Side) {
    let v = match side {
        Side::Ours => &conflict.ours,
        Side::Theirs => &conflict.theirs,
    };
    ui.vertical(|ui| {
        ui.set_max_width(360.0);
        ui.add(
            egui::Label::new(if v.shown.is_empty() {
                "(empty)"
            } else {
                &v.shown
            })
            .wrap(),
        );
        ui.label(egui::RichText::new(v.who_and_when()).small());
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choosing_the_rest_keeps_choices_already_made() {
        let mut ours = crate::sample::generate(3, 1, "2026-11-23".parse().unwrap());
        let mut theirs = ours.clone();
        theirs.settings.officer_name = "S. Qureshi".into();
        let now: DateTime<FixedOffset> = "2026-11-24T10:00:00+00:00".parse().unwrap();
        let ids: Vec<CaseId> = ours.cases().iter().map(|c| c.id).collect();
        for (book, text) in [(&mut ours, "ours"), (&mut theirs, "theirs")] {
            for &id in &ids {
                let mut details = book.case(id).unwrap().details.clone();
                details.summary = text.into();
                book.apply(
                    Command::UpdateCase {
                        case: id,
                        details: Box::new(details),
                    },
                    &mut Ctx {
                        now,
                        ids: &mut RandomIds,
                    },
                )
                .unwrap();
            }
        }
        let mut view = MergeView::new(&ours, &theirs, "theirs.ron".into());
        assert_eq!(view.result().conflicts.len(), 3);
        view.choose_case(ids[0], Side::Theirs);
        view.choose_rest(Side::Ours);
        let chosen: Vec<Side> = view
            .result
            .conflicts
            .iter()
            .map(|c| view.choices[&c.subject])
            .collect();
        let theirs_at = view
            .result
            .conflicts
            .iter()
            .position(|c| c.subject.case() == Some(ids[0]))
            .unwrap();
        for (i, side) in chosen.into_iter().enumerate() {
            assert_eq!(
                side,
                if i == theirs_at {
                    Side::Theirs
                } else {
                    Side::Ours
                }
            );
        }
    }
}
