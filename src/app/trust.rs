//! What the window may do with a casebook and why: read-only when another window holds its
//! lock, when it was altered outside Casedesk or when it breaks the rules (with a repair when
//! one is unambiguous); its passphrase (asked for on opening; set, changed or removed from the
//! File menu); and the way out of a failed save. The banner says all of it above the desk.

use super::clock::Clock;
use super::commands::UiCommand;
use super::form_keys::escape_closes;
use super::request::{DialogStep, Notice, Request};
use crate::domain::Casebook;
use crate::domain::check::{Finding, check_casebook};
use crate::domain::repair::{Repair, repaired};
use crate::store::lock::{Holder, Lock, LockError};
use crate::store::{self, Integrity, Key};
use chrono::{DateTime, NaiveDate, Utc};
use std::path::{Path, PathBuf};

/// Why the casebook cannot be saved to its own file.
#[derive(Debug)]
pub enum ReadOnly {
    Locked(Holder),
    NoLock(String),
    Altered,
    Findings(Vec<Finding>),
}

impl ReadOnly {
    pub fn describe(&self) -> String {
        match self {
            ReadOnly::Locked(holder) => format!("It is open for writing by {holder}."),
            ReadOnly::NoLock(e) => format!("It could not be locked for writing: {e}"),
            ReadOnly::Altered => {
                "It does not match its checksum: it was changed or damaged outside Casedesk.".into()
            }
            ReadOnly::Findings(f) => format!(
                "It breaks the rules in {}.",
                crate::count::count(f.len(), "place", "places")
            ),
        }
    }
}

/// The desk's standing with its file.
#[derive(Debug, Default)]
pub struct Trust {
    /// The passphrase the casebook is encrypted with, if it is.
    pub key: Option<Key>,
    pub(super) lock: Option<Lock>,
    pub read_only: Vec<ReadOnly>,
    /// The repaired casebook and what repairing changes, when the repair is unambiguous.
    pub repair: Option<Box<(Casebook, Vec<Repair>)>>,
    /// The last save's failure, until a save succeeds.
    pub save_failure: Option<String>,
    /// The lock on a file being saved as, taken before the save.
    pub(super) pending_lock: PendingLock,
    /// What opening put right that interrupted work had left behind (or why it could not), to
    /// be said once.
    pub(super) tidied: Option<Notice>,
}

#[derive(Debug, Default)]
pub(super) struct PendingLock(Option<(PathBuf, Lock)>);

impl PendingLock {
    pub(super) fn new(path: PathBuf, lock: Lock) -> Self {
        Self(Some((path, lock)))
    }

    /// The lock, once the save to `path` succeeded.
    pub(super) fn take_for(&mut self, path: &Path) -> Option<Lock> {
        match self.0.take() {
            Some((p, lock)) if p == path => Some(lock),
            other => {
                self.0 = other;
                None
            }
        }
    }
}

impl Trust {
    /// Takes the lock of a casebook just loaded from `path` and weighs its checksum and
    /// findings.
    pub fn assess(
        path: &Path,
        book: &Casebook,
        integrity: Integrity,
        key: Option<Key>,
        clock: Clock,
        installation: &store::Installation,
    ) -> Self {
        let mut trust = Self::locked(path, key, clock.now_utc());
        trust.tidy(book, installation);
        if integrity == Integrity::Altered {
            trust.read_only.push(ReadOnly::Altered);
        }
        trust.weigh_findings(book, clock.today());
        trust
    }

    /// A casebook this window writes: takes its lock.
    pub fn locked(path: &Path, key: Option<Key>, now: DateTime<Utc>) -> Self {
        let mut trust = Self {
            key,
            ..Self::default()
        };
        match store::lock::acquire(path, now) {
            Ok(lock) => trust.lock = Some(lock),
            Err(LockError::Held { holder, .. }) => trust.read_only.push(ReadOnly::Locked(holder)),
            Err(e) => trust.read_only.push(ReadOnly::NoLock(e.to_string())),
        }
        trust
    }

    /// Under the lock, puts right what interrupted work left behind the casebook: temporary
    /// files, and files in plain text beside an encrypted casebook.
    fn tidy(&mut self, book: &Casebook, installation: &store::Installation) {
        let Some(lock) = &self.lock else {
            return;
        };
        let own_copies = store::own_copies(&book.settings, installation);
        self.tidied = match store::tidy(lock, self.key.as_ref(), &own_copies) {
            Ok(tidied) if tidied.is_empty() => None,
            Ok(tidied) => Some(Notice::info(tidied.to_string())),
            Err(e) => Some(Notice::error(format!(
                "What an interrupted save left behind could not be put right: {e}"
            ))),
        };
    }

    fn weigh_findings(&mut self, book: &Casebook, today: NaiveDate) {
        self.read_only
            .retain(|r| !matches!(r, ReadOnly::Findings(_)));
        let findings = check_casebook(book, today);
        if !findings.is_empty() {
            self.repair = repaired(book, today).map(Box::new);
            self.read_only.push(ReadOnly::Findings(findings));
        }
    }

    pub fn may_save(&self) -> bool {
        self.read_only.is_empty()
    }

    /// Another window writes this casebook: its journal is that window's too.
    pub fn locked_elsewhere(&self) -> bool {
        self.read_only
            .iter()
            .any(|r| matches!(r, ReadOnly::Locked(_) | ReadOnly::NoLock(_)))
    }

    /// The casebook was saved as a new file this window wrote and locked.
    pub(super) fn moved_to(&mut self, lock: Lock, book: &Casebook, today: NaiveDate) {
        self.lock = Some(lock);
        self.read_only.clear();
        self.weigh_findings(book, today);
    }
}

impl Trust {
    /// The banner above the desk: why it is read-only, its problems and repair, a failed save.
    pub(super) fn banner_ui(&self, ui: &mut egui::Ui) -> Option<Request> {
        if self.may_save() && self.save_failure.is_none() {
            return None;
        }
        let mut request = None;
        egui::Panel::top("trust banner").show(ui, |ui| {
            let error = ui.visuals().error_fg_color;
            if let Some(failure) = &self.save_failure {
                ui.colored_label(error, format!("Not saved. {failure}"));
                ui.label("Your changes are still here: try Save as…");
            }
            if !self.may_save() {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    "Read-only: changes can only be kept with Save as…",
                );
                for reason in &self.read_only {
                    ui.label(reason.describe());
                    if let ReadOnly::Findings(findings) = reason {
                        egui::CollapsingHeader::new("The problems, case by case").show(ui, |ui| {
                            egui::ScrollArea::vertical()
                                .max_height(160.0)
                                .show(ui, |ui| {
                                    for f in findings {
                                        ui.label(f.to_string());
                                    }
                                });
                        });
                    }
                }
                if let Some(fix) = &self.repair {
                    egui::CollapsingHeader::new("What repairing changes").show(ui, |ui| {
                        for r in &fix.1 {
                            ui.label(r.to_string());
                        }
                    });
                }
            }
            ui.horizontal(|ui| {
                if ui.button("Save as…").clicked() {
                    request = Some(Request::Ui(UiCommand::SaveAs));
                }
                if self.repair.is_some() && ui.button("Repair").clicked() {
                    request = Some(Request::Repair);
                }
            });
        });
        request
    }

    /// The casebook was repaired in memory: weighs it again.
    pub(super) fn repaired(&mut self, book: &Casebook, today: NaiveDate) {
        self.weigh_findings(book, today);
    }
}

/// The passphrase dialog: set, change or remove.
#[derive(Default)]
pub struct PassphraseForm {
    new: String,
    again: String,
    error: Option<String>,
}

impl PassphraseForm {
    /// `encrypted`: the casebook has a passphrase now. `escape`: Escape was pressed.
    pub(super) fn show(&mut self, ui: &mut egui::Ui, encrypted: bool, escape: bool) -> DialogStep {
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("passphrase dialog")).show(ui.ctx(), |ui| {
            ui.set_max_width(520.0);
            ui.heading("Passphrase");
            ui.label(if encrypted {
                "This casebook is encrypted. A new passphrase re-encrypts it and its snapshots; an empty one removes the encryption."
            } else {
                "Encrypt this casebook, its snapshots and its journal with a passphrase. Without it nobody, you included, can open them."
            });
            for (label, text) in [("New passphrase", &mut self.new), ("Repeat it", &mut self.again)] {
                let l = ui.label(label);
                ui.add(egui::TextEdit::singleline(text).password(true))
                    .labelled_by(l.id);
            }
            if let Some(e) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            ui.horizontal(|ui| {
                if ui.button("Apply").clicked() {
                    answer = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(false);
                }
            });
            let typed = (&self.new, &self.again);
            if escape_closes(ui, escape, typed, "passphrase") {
                answer = Some(false);
            }
        });
        match answer {
            Some(true) if self.new != self.again => {
                self.error = Some("The two passphrases differ".into());
            }
            Some(true) if self.new.is_empty() && !encrypted => {
                self.error = Some("Type a passphrase".into());
            }
            Some(true) => {
                let new = std::mem::take(&mut self.new);
                let key = (!new.is_empty()).then(|| Key::new(new));
                return DialogStep::Close(Some(Request::ChangePassphrase(key)));
            }
            Some(false) => return DialogStep::Close(None),
            None => {}
        }
        DialogStep::Stay
    }
}

/// The screen asking for a casebook's passphrase. Returns the passphrase once submitted.
pub(super) fn passphrase_ui(
    ui: &mut egui::Ui,
    path: &Path,
    text: &mut String,
    error: Option<&str>,
) -> Option<Key> {
    let mut submitted = None;
    egui::CentralPanel::default().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(100.0);
            ui.heading("This casebook is protected by a passphrase");
            ui.label(path.display().to_string());
            ui.add_space(12.0);
            let label = ui.label("Passphrase");
            let edit = ui
                .add(egui::TextEdit::singleline(text).password(true))
                .labelled_by(label.id);
            if let Some(e) = error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button("Open").clicked() || enter) && !text.is_empty() {
                submitted = Some(Key::new(std::mem::take(text)));
            }
        });
    });
    submitted
}
