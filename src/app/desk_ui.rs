//! Drawing the desk: menu bar, status line, register, case panel and the dialogs.

use super::case_view::CaseView;
use super::commands::UiCommand;
use super::desk::{Desk, DeskOutcome, Dialog, PathPurpose, View, describe};
use super::files::{Dialogs, PathEntry, path_entry_ui};
use super::merge_view::MergeOutcome;
use super::people::{PeopleAction, agencies_ui};
use crate::store;
use chrono::Utc;
use std::path::PathBuf;

/// From how many cases a save shows a progress bar beside its spinner (a few thousand cases save
/// in well under a second).
const SAVE_PROGRESS_FROM: usize = 5_000;

impl Desk {
    /// One frame of the desk. Returns what the window should do next, if anything.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        dialogs: &mut dyn Dialogs,
        recent: &[PathBuf],
    ) -> Option<DeskOutcome> {
        let now = ui.input(|i| i.time);
        // Left open overnight, the desk moves to the new day: days left and colours follow.
        let local_today = chrono::Local::now().date_naive();
        if local_today != self.today() {
            self.new_day(local_today);
        }
        self.poll(now, false);
        let mut outcome_now = self.next_outcome.take();
        if self.is_saving() || self.is_dirty() || self.team.is_working() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(250));
        }
        if self.book.settings.team_folder.is_some() {
            // The next look at the team folder comes even while nobody touches the window.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(
                    super::team::RESCAN_SECS,
                ));
        }
        if let Some(title) = self.title_changed() {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::Title(title));
        }
        if ui.input(|i| i.viewport().close_requested())
            && (self.is_dirty() || self.unapplied_edits() > 0)
        {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.dialog = Some(Dialog::Unsaved(DeskOutcome::Close));
        }

        let mut requested: Option<UiCommand> = None;
        let mut recent_choice: Option<PathBuf> = None;
        if self.dialog.is_none()
            && !self.case_view.has_dialog()
            && !self.people.has_dialog()
            && self.transfers.is_idle()
        {
            requested = UiCommand::pressed(ui.ctx());
        }
        if std::mem::take(&mut self.trust.save_as_requested) {
            requested = Some(UiCommand::SaveAs);
        }
        egui::Panel::top("menu bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                ui.menu_button("File", |ui| {
                    for c in [UiCommand::NewCasebook, UiCommand::Open] {
                        if c.menu_item(ui, true) {
                            requested = Some(c);
                        }
                    }
                    ui.menu_button("Open recent", |ui| {
                        let others: Vec<&PathBuf> =
                            recent.iter().filter(|p| **p != self.path).collect();
                        if others.is_empty() {
                            ui.weak("No other casebook opened yet");
                        }
                        for path in others {
                            if ui.button(path.display().to_string()).clicked() {
                                recent_choice = Some(path.clone());
                            }
                        }
                    });
                    ui.separator();
                    for c in [UiCommand::Save, UiCommand::SaveAs, UiCommand::Snapshots] {
                        if c.menu_item(ui, !self.is_saving()) {
                            requested = Some(c);
                        }
                    }
                    let may = !self.is_saving() && self.trust.may_save();
                    if UiCommand::Passphrase.menu_item(ui, may) {
                        requested = Some(UiCommand::Passphrase);
                    }
                    for c in [UiCommand::MergeFrom, UiCommand::TeamFolder] {
                        if c.menu_item(ui, true) {
                            requested = Some(c);
                        }
                    }
                    ui.separator();
                    let idle = self.transfers.is_idle();
                    for c in [
                        UiCommand::ExportSummary,
                        UiCommand::ReviewReport,
                        UiCommand::ExportRegister,
                        UiCommand::ImportCsv,
                    ] {
                        if c.menu_item(ui, idle) {
                            requested = Some(c);
                        }
                    }
                });
                ui.menu_button("Edit", |ui| {
                    if UiCommand::Undo.menu_item(ui, self.can_undo()) {
                        requested = Some(UiCommand::Undo);
                    }
                    if UiCommand::Redo.menu_item(ui, self.can_redo()) {
                        requested = Some(UiCommand::Redo);
                    }
                    ui.separator();
                    if UiCommand::FocusFilter.menu_item(ui, true) {
                        requested = Some(UiCommand::FocusFilter);
                    }
                });
                ui.menu_button("View", |ui| {
                    for c in [UiCommand::ShowDashboard, UiCommand::ShowRegister] {
                        if c.menu_item(ui, true) {
                            requested = Some(c);
                        }
                    }
                });
                ui.menu_button("Case", |ui| {
                    if UiCommand::NewCase.menu_item(ui, true) {
                        requested = Some(UiCommand::NewCase);
                    }
                });
            });
        });
        egui::Panel::bottom("status line").show(ui, |ui| {
            ui.horizontal(|ui| {
                if let Some((written, cases)) = self.save_progress() {
                    ui.spinner();
                    ui.label("Saving…");
                    // A large casebook takes a moment: show how far the save has got.
                    if cases >= SAVE_PROGRESS_FROM {
                        ui.add(
                            egui::ProgressBar::new(written as f32 / cases as f32)
                                .desired_width(260.0)
                                .text(format!(
                                    "{} of {} cases written",
                                    super::thousands(written),
                                    super::thousands(cases)
                                )),
                        );
                    }
                } else if self.is_dirty() {
                    ui.label("Unsaved changes");
                } else if self.unapplied_edits() == 0 {
                    ui.weak("All changes saved");
                }
                let unapplied = self.unapplied_edits();
                if unapplied > 0 {
                    ui.separator();
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!("Edits not yet applied in {unapplied} case(s)"),
                    );
                }
                if self.book.settings.sample {
                    ui.separator();
                    ui.colored_label(ui.visuals().warn_fg_color, "Sample data: invented cases");
                }
                for problem in self.team.problems() {
                    ui.separator();
                    ui.colored_label(ui.visuals().warn_fg_color, problem);
                }
                if let Some(notice) = &self.notice {
                    ui.separator();
                    if notice.error {
                        ui.colored_label(ui.visuals().error_fg_color, &notice.text);
                    } else {
                        ui.label(&notice.text);
                    }
                }
            });
        });

        self.trust_ui(ui);
        self.team_banner_ui(ui);
        egui::Panel::top("views").show(ui, |ui| {
            ui.horizontal(|ui| {
                for (view, label) in [
                    (View::Dashboard, "Dashboard"),
                    (View::Register, "Register"),
                    (View::People, "People"),
                    (View::Agencies, "Agencies and contacts"),
                ] {
                    ui.selectable_value(&mut self.view, view, label);
                }
            });
        });
        let today = self.today();
        match self.view {
            View::Dashboard => {
                let generation = self.generation();
                let action = egui::CentralPanel::default()
                    .show(ui, |ui| self.dashboard.ui(ui, &self.figures, generation))
                    .inner;
                if let Some(action) = action {
                    self.dashboard_action(action);
                }
            }
            View::Register => {
                let selected = self.register.selected();
                if let Some(case) = selected.and_then(|id| self.book.case(id)) {
                    egui::Panel::right("case panel")
                        .default_size(520.0)
                        .min_size(360.0)
                        .show(ui, |ui| {
                            self.case_view
                                .ui(ui, &self.book, case, today, &mut self.pending);
                        });
                }
                egui::CentralPanel::default().show(ui, |ui| self.register.ui(ui));
                if std::mem::take(&mut self.case_view.export_requested) {
                    self.start_export(UiCommand::ExportSummary);
                }
                if std::mem::take(&mut self.case_view.detach_requested)
                    && let Some(id) = selected
                    && !self.detached.iter().any(|(d, _)| *d == id)
                {
                    self.detached.push((id, CaseView::own_window()));
                }
            }
            View::People => {
                if let Some(PeopleAction::OpenCase(id)) =
                    self.people.ui(ui, &self.book, today, &mut self.pending)
                {
                    self.view = View::Register;
                    self.register.select(id);
                }
            }
            View::Agencies => {
                egui::CentralPanel::default().show(ui, |ui| {
                    agencies_ui(
                        ui,
                        &self.book,
                        &mut self.agency_drafts,
                        &mut self.contact_drafts,
                        &mut self.pending,
                    );
                });
            }
        }
        self.detached_windows_ui(ui, today);
        self.case_view
            .dialogs_ui(ui, &self.book, today, &mut self.pending);
        if let Some(created) = self
            .case_view
            .new_case_ui(ui, &self.book, today, &mut self.pending)
        {
            self.view = View::Register;
            self.register.select(created);
        }
        self.transfers_ui(ui, dialogs);

        if let Some(path) = recent_choice {
            outcome_now = outcome_now.or(self.path_chosen(PathPurpose::Open, path));
        }
        if let Some(c) = requested {
            outcome_now = outcome_now.or(self.run_ui_command(c, dialogs, now));
        }
        outcome_now = outcome_now.or(self.dialog_ui(ui, now));
        self.apply_pending(now);
        outcome_now
    }

    /// Cases opened in their own windows (viewports; embedded windows where the platform has
    /// only one), for side-by-side work. Their edits go through the same command queue.
    fn detached_windows_ui(&mut self, ui: &mut egui::Ui, today: chrono::NaiveDate) {
        let (book, pending) = (&self.book, &mut self.pending);
        self.detached.retain_mut(|(id, view)| {
            let Some(case) = book.case(*id) else {
                return false;
            };
            let builder = egui::ViewportBuilder::default()
                .with_title(format!("{} — Casedesk", case.reference))
                .with_inner_size([620.0, 780.0]);
            ui.ctx().show_viewport_immediate(
                egui::ViewportId::from_hash_of(("case window", *id)),
                builder,
                |ui, _class| {
                    egui::CentralPanel::default().show(ui, |ui| {
                        view.ui(ui, book, case, today, pending);
                    });
                    view.dialogs_ui(ui, book, today, pending);
                    !ui.input(|i| i.viewport().close_requested())
                },
            )
        });
    }

    fn dialog_ui(&mut self, ui: &mut egui::Ui, now: f64) -> Option<DeskOutcome> {
        let dialog = self.dialog.take()?;
        let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
        let modal = |id: &str, ui: &mut egui::Ui, add: &mut dyn FnMut(&mut egui::Ui)| {
            egui::Modal::new(egui::Id::unique(id)).show(ui.ctx(), |ui| {
                ui.set_max_width(560.0);
                add(ui);
            });
        };
        let mut keep = !escape;
        let mut result = None;
        let mut next: Option<Dialog> = None;
        match dialog {
            Dialog::Path {
                purpose,
                mut text,
                mut error,
            } => {
                let folder = self
                    .path
                    .parent()
                    .map_or_else(|| PathBuf::from("."), std::path::Path::to_path_buf);
                let mut chosen = None;
                modal("path dialog", ui, &mut |ui| {
                    ui.heading(purpose.title());
                    match path_entry_ui(ui, &folder, &mut text, error.as_deref(), "casebook.ron") {
                        Some(PathEntry::Chosen(path)) => chosen = Some(path),
                        Some(PathEntry::Cancelled) => keep = false,
                        None => {}
                    }
                });
                if let Some(path) = chosen {
                    match check_path(purpose, &path) {
                        Ok(()) => {
                            keep = false;
                            result = self.path_chosen(purpose, path);
                        }
                        Err(e) => error = Some(e),
                    }
                }
                if keep && self.dialog.is_none() {
                    next = Some(Dialog::Path {
                        purpose,
                        text,
                        error,
                    });
                }
            }
            Dialog::Merge(mut view, reviewed) => {
                match view.ui(ui, &self.book, chrono::Local::now().fixed_offset()) {
                    // An edit since the review (a case window, an import) would be replaced.
                    MergeOutcome::Apply(_)
                        if reviewed != self.generation() || !self.pending.is_empty() =>
                    {
                        self.notice = Some(super::desk::Notice {
                            text: "The casebook changed while the merge was reviewed, so nothing was merged: open the merge again to review it against the casebook as it is now.".into(),
                            error: true,
                        });
                    }
                    MergeOutcome::Apply(command) => {
                        self.team.done_with(view.source());
                        self.pending.push(command);
                    }
                    MergeOutcome::Open if keep => next = Some(Dialog::Merge(view, reviewed)),
                    MergeOutcome::Open | MergeOutcome::Cancelled => {}
                }
            }
            Dialog::Unsaved(after) => {
                let mut answer = None;
                modal("unsaved dialog", ui, &mut |ui| {
                    ui.heading("Save changes to this casebook?");
                    ui.label("Your changes will be lost if you don't save them.");
                    let unapplied = self.unapplied_edits();
                    if unapplied > 0 {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            format!("{unapplied} case(s) have edits that are not applied yet (fields marked in red): saving keeps only what is applied."),
                        );
                    }
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            answer = Some(0);
                        }
                        if ui.button("Discard").clicked() {
                            answer = Some(1);
                        }
                        if ui.button("Cancel").clicked() {
                            keep = false;
                        }
                    });
                });
                match answer {
                    Some(0) => self.save_then(after),
                    Some(_) => {
                        if let Err(e) = store::discard_recovery(&self.path) {
                            self.notice = Some(super::desk::Notice {
                                text: format!("Could not remove the recovery file: {e}"),
                                error: true,
                            });
                        }
                        if after == DeskOutcome::Close {
                            self.discarded_for_close();
                        }
                        result = Some(after);
                    }
                    None if keep => next = Some(Dialog::Unsaved(after)),
                    None => {}
                }
            }
            Dialog::Snapshots { list, mut preview } => {
                let mut restore = None;
                modal("snapshots dialog", ui, &mut |ui| {
                    ui.heading("Snapshots");
                    ui.label("Earlier versions of this casebook, newest first. Restoring one keeps the current version as a snapshot too.");
                    if list.is_empty() {
                        ui.weak(
                            "No snapshots yet: one is kept each time the casebook is saved over.",
                        );
                    }
                    egui::ScrollArea::vertical()
                        .max_height(280.0)
                        .show(ui, |ui| {
                            for (i, snap) in list.iter().enumerate() {
                                let text = format!(
                                    "{}  ({} KB)",
                                    snap.taken_at.format("%d %b %Y %H:%M:%S UTC"),
                                    snap.bytes.div_ceil(1024)
                                );
                                let selected = preview.as_ref().is_some_and(|(p, _)| *p == i);
                                if ui.selectable_label(selected, text).clicked() {
                                    preview = Some((
                                        i,
                                        store::load_with(&snap.path, self.trust.key.as_ref())
                                            .map(|b| describe(&b))
                                            .map_err(|e| e.to_string()),
                                    ));
                                }
                            }
                        });
                    if let Some((i, summary)) = &preview {
                        ui.separator();
                        match summary {
                            Ok(s) => {
                                ui.label(format!("This snapshot holds {s}."));
                                let dirty = self.is_dirty();
                                let button = ui.add_enabled(
                                    !dirty,
                                    egui::Button::new("Restore this snapshot"),
                                );
                                if dirty {
                                    ui.weak("Save or undo your unsaved changes first: restoring replaces what is open.");
                                }
                                if button.clicked() {
                                    restore = Some(list[*i].path.clone());
                                }
                            }
                            Err(e) => {
                                ui.colored_label(ui.visuals().error_fg_color, e);
                            }
                        }
                    }
                    ui.separator();
                    super::snapshot_rule::show(ui);
                    if ui.button("Close").clicked() {
                        keep = false;
                    }
                });
                match restore {
                    Some(snapshot) => {
                        match store::restore_snapshot(
                            &self.path,
                            &snapshot,
                            Utc::now(),
                            self.trust.key.as_ref(),
                        ) {
                            Ok(book) => {
                                self.replace_casebook(book, true, now);
                                self.notice = Some(super::desk::Notice {
                                    text: "Snapshot restored".into(),
                                    error: false,
                                });
                            }
                            Err(e) => {
                                self.notice = Some(super::desk::Notice {
                                    text: e.to_string(),
                                    error: true,
                                })
                            }
                        }
                    }
                    None if keep => next = Some(Dialog::Snapshots { list, preview }),
                    None => {}
                }
            }
            Dialog::ChangedOnDisk { deleted } => {
                let mut answer = None;
                modal("changed on disk dialog", ui, &mut |ui| {
                    if deleted {
                        ui.heading("The casebook file is gone");
                        ui.label("Since you opened it, the file was deleted or moved (another program, a synced folder). Everything is still here, in this window.");
                    } else {
                        ui.heading("The casebook changed on disk");
                        ui.label("Since you opened it, the file was changed by something else (another window, the command line, a synced folder).");
                        ui.label("Saving replaces that version; it is kept as a snapshot, so it can be restored or merged later.");
                    }
                    ui.horizontal(|ui| {
                        let save = if deleted {
                            "Save it here again"
                        } else {
                            "Save anyway"
                        };
                        if ui.button(save).clicked() {
                            answer = Some(true);
                        }
                        if ui.button(UiCommand::SaveAs.label()).clicked() {
                            self.trust.save_as_requested = true;
                            answer = Some(false);
                        }
                        if ui.button("Cancel").clicked() {
                            answer = Some(false);
                        }
                    });
                });
                match answer {
                    Some(true) => self.save_to(self.path.clone()),
                    Some(false) => self.after_save = None,
                    None if keep => next = Some(Dialog::ChangedOnDisk { deleted }),
                    None => self.after_save = None,
                }
            }
            Dialog::TeamFolder(form) => {
                next = self.team_folder_dialog_ui(ui, form, keep);
            }
            Dialog::Passphrase { new, again, error } => {
                next = self.passphrase_dialog_ui(ui, new, again, error, keep);
            }
            Dialog::Recovery { path, summary } => {
                let mut answer = None;
                modal("recovery dialog", ui, &mut |ui| {
                    ui.heading("Restore unsaved work?");
                    ui.label("Casedesk found work that was not saved, newer than this casebook.");
                    match &summary {
                        Ok(s) => {
                            ui.label(format!(
                                "The recovery file holds {s}; the saved casebook holds {}.",
                                describe(&self.book)
                            ));
                        }
                        Err(e) => {
                            ui.colored_label(
                                ui.visuals().error_fg_color,
                                format!("The recovery file cannot be read: {e}"),
                            );
                        }
                    }
                    ui.horizontal(|ui| {
                        if ui
                            .add_enabled(summary.is_ok(), egui::Button::new("Restore"))
                            .clicked()
                        {
                            answer = Some(true);
                        }
                        if ui.button("Discard").clicked() {
                            answer = Some(false);
                        }
                    });
                });
                match answer {
                    Some(true) => match store::load(&path) {
                        Ok(book) => self.replace_casebook(book, false, now),
                        Err(e) => {
                            self.notice = Some(super::desk::Notice {
                                text: e.to_string(),
                                error: true,
                            })
                        }
                    },
                    Some(false) => {
                        if let Err(e) = store::discard_recovery(&self.path) {
                            self.notice = Some(super::desk::Notice {
                                text: format!("Could not remove the recovery file: {e}"),
                                error: true,
                            });
                        }
                    }
                    // Escape does not dismiss this one: the work must be restored or discarded.
                    None => next = Some(Dialog::Recovery { path, summary }),
                }
            }
        }
        if self.dialog.is_none() {
            self.dialog = next;
        }
        result
    }
}

pub(super) fn check_path(purpose: PathPurpose, path: &std::path::Path) -> Result<(), String> {
    if path.as_os_str().is_empty() {
        return Err("Enter a path".into());
    }
    match purpose {
        PathPurpose::Open | PathPurpose::Merge if !path.is_file() => {
            Err(format!("There is no file at {}", path.display()))
        }
        PathPurpose::SaveAs | PathPurpose::NewCasebook => {
            let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
            match folder {
                Some(f) if !f.is_dir() => Err(format!("There is no folder {}", f.display())),
                _ if path.is_dir() => Err("This is a folder: add a file name".into()),
                // A new casebook never replaces a file (Save as keeps a snapshot of it).
                _ if purpose == PathPurpose::NewCasebook && path.exists() => Err(format!(
                    "{} already exists: open it, or choose another name",
                    path.display()
                )),
                _ => Ok(()),
            }
        }
        PathPurpose::Open | PathPurpose::Merge => Ok(()),
    }
}
