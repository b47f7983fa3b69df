//! The desk: a loaded casebook and everything the window does with it. Panels read the casebook
//! and push domain commands into `pending`; [`Desk::apply`] applies them after the frame in one
//! place, which is also where undo/redo, the unsaved marker and autosave hook in.

use super::case_view::CaseView;
use super::commands::UiCommand;
use super::dashboard::DashboardView;
use super::files::{DialogResult, Dialogs};
use super::merge_view::MergeView;
use super::people::PeopleView;
use super::register::Register;
use super::team::TeamWatch;
use super::transfers::Transfers;
use super::trust::{PendingLock, Trust};
use crate::domain::stats::LiveDashboard;
use crate::domain::{Applied, CaseId, Casebook, Command, CommandError, Ctx, RandomIds};
use crate::parallel;
use crate::store::{self, Key};
use chrono::{Local, NaiveDate, Utc};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// Seconds after the last change before unsaved work is written to the recovery file.
pub const AUTOSAVE_DELAY_SECS: f64 = 3.0;

/// The register rows a command can change.
enum Rows {
    None,
    OfCase,
    OfPerson(crate::domain::PersonId),
}

/// What the desk asks the window to do next; also what waits for the unsaved-changes answer.
#[derive(Clone, Debug, PartialEq)]
pub enum DeskOutcome {
    Open(PathBuf),
    New(PathBuf),
    Close,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathPurpose {
    Open,
    SaveAs,
    NewCasebook,
    Merge,
}

impl PathPurpose {
    pub fn title(self) -> &'static str {
        match self {
            PathPurpose::Open => "Open a casebook",
            PathPurpose::SaveAs => "Save the casebook as",
            PathPurpose::NewCasebook => "Create a new casebook",
            PathPurpose::Merge => "Merge from another casebook",
        }
    }
}

/// The one dialog open over the desk, with its own state.
pub enum Dialog {
    Path {
        purpose: PathPurpose,
        text: String,
        error: Option<String>,
    },
    Unsaved(DeskOutcome),
    Snapshots {
        list: Vec<store::SnapshotInfo>,
        preview: Option<(usize, Result<String, String>)>,
    },
    Recovery {
        path: PathBuf,
        summary: Result<String, String>,
    },
    /// The file changed on disk since it was opened or saved (another window, the command
    /// line, a synced folder), or is gone (`deleted`): ask before saving over it.
    ChangedOnDisk {
        deleted: bool,
    },
    /// Set, change or remove the casebook's passphrase.
    Passphrase {
        new: String,
        again: String,
        error: Option<String>,
    },
    /// The review of a merge from another copy of the casebook, with the generation of the
    /// casebook it was computed against: a merge replaces the whole contents, so it is applied
    /// only over that same casebook.
    Merge(Box<MergeView>, u64),
    /// Set or clear the team folder (`team.rs`).
    TeamFolder(Box<super::team::TeamForm>),
}

/// What a file looked like when this desk last read or wrote it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct DiskStamp {
    modified: std::time::SystemTime,
    len: u64,
}

impl DiskStamp {
    fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Self {
            modified: meta.modified().ok()?,
            len: meta.len(),
        })
    }
}

enum JobKind {
    Save {
        generation: u64,
        path: PathBuf,
        /// Cases written so far, of `cases`.
        written: Arc<AtomicUsize>,
        cases: usize,
    },
    Recovery,
    /// A save under a new passphrase (or none), re-encrypting the snapshots.
    Rekey {
        generation: u64,
        key: Option<Key>,
    },
}

/// Background work: the result is an error, or success with an optional warning.
struct Job {
    kind: JobKind,
    done: Receiver<Result<Option<String>, String>>,
}

#[derive(Debug)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

/// The main views of the desk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// What is due and how the casebook stands: the view a casebook opens on.
    #[default]
    Dashboard,
    Register,
    People,
    Agencies,
}

pub struct Desk {
    pub view: View,
    pub dashboard: DashboardView,
    /// The dashboard's figures, updated with the register for every case an edit touches.
    pub figures: LiveDashboard,
    /// Exports and imports: their dialogs and the work running in the background.
    pub transfers: Transfers,
    /// Cases open in their own windows, each with its own panel state.
    pub detached: Vec<(CaseId, CaseView)>,
    pub people: PeopleView,
    pub agency_drafts: Vec<crate::domain::Agency>,
    pub contact_drafts: Vec<crate::domain::Contact>,
    pub path: PathBuf,
    pub book: Arc<Casebook>,
    pub register: Register,
    pub case_view: CaseView,
    /// Domain commands pushed by panels during the frame, applied after it.
    pub pending: Vec<Command>,
    pub dialog: Option<Dialog>,
    pub notice: Option<Notice>,
    /// The lock, the passphrase and why the casebook is read-only.
    pub trust: Trust,
    /// The colleagues' copies in the team folder.
    pub team: TeamWatch,
    /// Undo and redo steps: the commands that put one step back, in the order to apply them.
    undo: Vec<Vec<Command>>,
    redo: Vec<Vec<Command>>,
    /// Bumped by every change; a save clears the unsaved marker only if nothing changed since.
    generation: u64,
    saved_generation: u64,
    recovery_due: Option<f64>,
    job: Option<Job>,
    pub(super) after_save: Option<DeskOutcome>,
    /// A save asked for while other background work was running.
    queued_save: Option<PathBuf>,
    pub(super) next_outcome: Option<DeskOutcome>,
    title: String,
    today: NaiveDate,
    /// The casebook file as this desk last read or wrote it.
    disk: Option<DiskStamp>,
}

impl Desk {
    pub fn new(path: PathBuf, book: Casebook, today: NaiveDate, trust: Trust) -> Self {
        Self::assessed(path, book, today, move |_| trust)
    }

    /// A desk on `book`, its trust worked out by `assess` (the semantic check) while the
    /// register and the dashboard are built.
    pub fn assessed(
        path: PathBuf,
        book: Casebook,
        today: NaiveDate,
        assess: impl FnOnce(&Casebook) -> Trust + Send,
    ) -> Self {
        let disk = DiskStamp::of(&path);
        // Side by side: each works on every core, and each has a part that runs on one (the
        // check's look for repeated ids, the register's sort, the dashboard's filing) that the
        // others' work fills in around.
        let (mut trust, (figures, register)) = parallel::join(
            || assess(&book),
            || {
                parallel::join(
                    || LiveDashboard::new(&book, today),
                    || Register::new(&book, today),
                )
            },
        );
        // The recovery file of a casebook another window writes is that window's to offer.
        let dialog = store::pending_recovery(&path)
            .filter(|_| !trust.locked_elsewhere())
            .map(|recovery| Dialog::Recovery {
                summary: store::load_with(&recovery, trust.key.as_ref())
                    .map(|b| describe(&b))
                    .map_err(|e| e.to_string()),
                path: recovery,
            });
        Self {
            view: View::default(),
            dashboard: DashboardView::default(),
            figures,
            transfers: Transfers::default(),
            detached: Vec::new(),
            people: PeopleView::default(),
            agency_drafts: Vec::new(),
            contact_drafts: Vec::new(),
            path,
            book: Arc::new(book),
            register,
            case_view: CaseView::default(),
            pending: Vec::new(),
            dialog,
            notice: trust.tidied.take(),
            trust,
            team: TeamWatch::default(),
            undo: Vec::new(),
            redo: Vec::new(),
            generation: 0,
            saved_generation: 0,
            recovery_due: None,
            job: None,
            after_save: None,
            queued_save: None,
            next_outcome: None,
            title: String::new(),
            disk,
            today,
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.generation != self.saved_generation
    }

    /// While a save runs: how many cases it has written, of how many.
    pub fn save_progress(&self) -> Option<(usize, usize)> {
        match &self.job {
            Some(Job {
                kind: JobKind::Save { written, cases, .. },
                ..
            }) => Some((written.load(Ordering::Relaxed), *cases)),
            _ => None,
        }
    }

    pub fn is_saving(&self) -> bool {
        matches!(
            self.job,
            Some(Job {
                kind: JobKind::Save { .. },
                ..
            })
        )
    }

    /// Cases with edits the editor could not apply yet, across the panel and case windows.
    pub fn unapplied_edits(&self) -> usize {
        self.case_view.unapplied()
            + self
                .detached
                .iter()
                .map(|(_, v)| v.unapplied())
                .sum::<usize>()
    }

    /// Background work running or waiting to run.
    pub fn is_busy(&self) -> bool {
        self.job.is_some() || self.queued_save.is_some() || self.team.is_working()
    }

    /// Bumped by every change to the casebook: what derived views (the dashboard) key on.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The window title: the file name, with a marker while there are unsaved changes.
    pub fn title(&self) -> String {
        let name = self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let marker = if self.is_dirty() { "● " } else { "" };
        let sample = if self.book.settings.sample {
            " (sample data)"
        } else {
            ""
        };
        format!("{marker}{name}{sample} — Casedesk")
    }

    /// Applies one domain command now, recording its inverse for undo.
    pub fn apply(&mut self, command: Command, now_secs: f64) -> Result<Applied, CommandError> {
        let applied = self.apply_raw(command, now_secs)?;
        match &applied.undo {
            Some(inverse) => self.undo.push(vec![inverse.clone()]),
            // Nothing can put this back (events are append-only), so earlier undo steps would
            // no longer restore what the officer saw.
            None => self.undo.clear(),
        }
        self.redo.clear();
        Ok(applied)
    }

    fn apply_raw(&mut self, command: Command, now_secs: f64) -> Result<Applied, CommandError> {
        let (applied, rows) = self.apply_to_book(command, now_secs)?;
        self.refresh_rows(rows, applied.case);
        Ok(applied)
    }

    /// Applies a command to the casebook only; the caller refreshes the register.
    fn apply_to_book(
        &mut self,
        command: Command,
        now_secs: f64,
    ) -> Result<(Applied, Rows), CommandError> {
        // Which register rows the command can change: its case's, a person's cases', or none.
        let rows = match &command {
            Command::SavePerson(p) => Rows::OfPerson(p.id),
            Command::SaveAgency(_)
            | Command::RemoveAgency(_)
            | Command::SaveContact(_)
            | Command::RemoveContact(_)
            | Command::RemovePerson(_)
            | Command::UpdateSettings(_) => Rows::None,
            _ => Rows::OfCase,
        };
        let book = Arc::make_mut(&mut self.book);
        let applied = book.apply(
            command,
            &mut Ctx {
                now: Local::now().fixed_offset(),
                ids: &mut RandomIds,
            },
        )?;
        self.generation += 1;
        self.recovery_due = Some(now_secs + AUTOSAVE_DELAY_SECS);
        Ok((applied, rows))
    }

    fn refresh_rows(&mut self, rows: Rows, case: Option<CaseId>) {
        match (rows, case) {
            (Rows::None, _) => {}
            (Rows::OfPerson(person), _) => {
                let cases: Vec<CaseId> = self.book.cases_of(person).map(|c| c.id).collect();
                for id in cases {
                    self.refresh_case(id);
                }
            }
            (Rows::OfCase, Some(id)) if self.book.case(id).is_some() => self.refresh_case(id),
            // A case added back or removed: the rows themselves change.
            (Rows::OfCase, _) => self.rebuild_views(),
        }
    }

    /// Brings the register row and the dashboard figures of one case up to date.
    fn refresh_case(&mut self, id: CaseId) {
        self.register.refresh_case(&self.book, id, self.today);
        self.figures.update_case(&self.book, id);
    }

    /// Rebuilds the register and the dashboard figures from the whole casebook.
    fn rebuild_views(&mut self) {
        self.register.rebuild(&self.book, self.today);
        self.figures = LiveDashboard::new(&self.book, self.today);
    }

    pub fn undo(&mut self, now_secs: f64) {
        self.step(true, now_secs);
    }

    pub fn redo(&mut self, now_secs: f64) {
        self.step(false, now_secs);
    }

    fn step(&mut self, undo: bool, now_secs: f64) {
        let stack = if undo { &mut self.undo } else { &mut self.redo };
        let Some(commands) = stack.pop() else { return };
        // A step of many commands (an import) rebuilds the register once, not per command,
        // and is all or nothing: the casebook before it is kept to go back to.
        let many = commands.len() > 1;
        let before = many.then(|| Arc::clone(&self.book));
        let mut inverses = Some(Vec::with_capacity(commands.len()));
        for command in commands.clone() {
            let result = if many {
                self.apply_to_book(command, now_secs)
                    .map(|(applied, _)| applied)
            } else {
                self.apply_raw(command, now_secs)
            };
            match result {
                Ok(applied) => match (applied.undo, &mut inverses) {
                    (Some(inverse), Some(list)) => list.push(inverse),
                    _ => inverses = None,
                },
                Err(e) => {
                    if let Some(before) = before {
                        self.book = before;
                        self.generation += 1;
                        self.rebuild_views();
                    }
                    // Nothing of the step was applied: it stays where it was, to try again.
                    let stack = if undo { &mut self.undo } else { &mut self.redo };
                    stack.push(commands);
                    self.notice = Some(Notice {
                        text: format!("Could not {}: {e}", if undo { "undo" } else { "redo" }),
                        error: true,
                    });
                    return;
                }
            }
        }
        if many {
            self.rebuild_views();
        }
        if let Some(mut inverses) = inverses {
            inverses.reverse();
            if undo {
                self.redo.push(inverses);
            } else {
                self.undo.push(inverses);
            }
        }
    }

    /// Takes a casebook changed by background work (an import) as one step, undone by `undo`
    /// (`None` when some of it cannot be undone). The work started from this generation.
    pub fn adopt(&mut self, book: Casebook, undo: Option<Vec<Command>>, now_secs: f64) {
        self.book = Arc::new(book);
        match undo {
            Some(step) => self.undo.push(step),
            None => self.undo.clear(),
        }
        self.redo.clear();
        self.generation += 1;
        self.recovery_due = Some(now_secs + AUTOSAVE_DELAY_SECS);
        self.rebuild_views();
    }

    /// Applies the commands panels pushed during the frame; the first error is shown.
    pub fn apply_pending(&mut self, now_secs: f64) {
        for command in std::mem::take(&mut self.pending) {
            if let Err(e) = self.apply(command, now_secs) {
                self.notice = Some(Notice {
                    text: e.to_string(),
                    error: true,
                });
            }
        }
    }

    /// Starts saving to `path` on a background thread; the window stays responsive.
    pub fn save_to(&mut self, path: PathBuf) {
        if self.job.is_some() {
            // An autosave or another save is running: save as soon as it ends.
            self.queued_save = Some(path);
            return;
        }
        let book = Arc::clone(&self.book);
        let (tx, rx) = channel();
        let target = path.clone();
        let key = self.trust.key.clone();
        let team = self.sharing_for(&book);
        let written = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&written);
        std::thread::spawn(move || {
            let result = store::save_showing(&target, &book, Utc::now(), key.as_ref(), &counter)
                .map_err(|e| e.to_string())
                .map(|()| {
                    // The casebook is saved either way; a recovery file left behind is only
                    // offered again, never loaded silently.
                    store::discard_recovery(&target)
                        .err()
                        .map(|e| format!("The old recovery file could not be removed: {e}"))
                });
            let saved = result.is_ok();
            let _receiver_gone = tx.send(result);
            // Only then the copy in the team folder: the save is already done.
            if let Some(team) = team {
                team.after_save(saved, &book, &target, key.as_ref());
            }
        });
        self.job = Some(Job {
            kind: JobKind::Save {
                generation: self.generation,
                path,
                written,
                cases: self.book.cases().len(),
            },
            done: rx,
        });
    }

    /// Saves under a new passphrase, or none, in the background.
    pub fn change_passphrase(&mut self, key: Option<Key>) {
        if self.job.is_some() || !self.trust.may_save() {
            self.notice = Some(Notice {
                text: "The passphrase can be changed once the casebook can be saved and no save is running".into(),
                error: true,
            });
            return;
        }
        let book = Arc::clone(&self.book);
        let path = self.path.clone();
        let (old, new) = (self.trust.key.clone(), key.clone());
        let (tx, rx) = channel();
        let team = self.sharing_for(&book);
        std::thread::spawn(move || {
            let result =
                store::change_passphrase(&path, &book, Utc::now(), old.as_ref(), new.as_ref())
                    .map(|left| {
                        (left > 0)
                            .then(|| format!("{left} older snapshot(s) keep an earlier passphrase"))
                    })
                    .map_err(|e| e.to_string());
            let saved = result.is_ok();
            let _receiver_gone = tx.send(result);
            // The copy in the team folder takes the new passphrase (or none) too.
            if let Some(team) = team {
                team.after_save(saved, &book, &path, new.as_ref());
            }
        });
        self.job = Some(Job {
            kind: JobKind::Rekey {
                generation: self.generation,
                key,
            },
            done: rx,
        });
    }

    /// What a save's thread needs to write the copy in the team folder, if the casebook has one.
    fn sharing_for(&mut self, book: &Casebook) -> Option<super::team::Sharing> {
        book.settings
            .team_folder
            .is_some()
            .then(|| self.team.start_sharing())
            .flatten()
    }

    fn start_recovery(&mut self) {
        let book = Arc::clone(&self.book);
        let path = self.path.clone();
        let key = self.trust.key.clone();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let result = store::save_recovery(&path, &book, Utc::now(), key.as_ref())
                .map(|()| None)
                .map_err(|e| e.to_string());
            let _receiver_gone = tx.send(result);
        });
        self.job = Some(Job {
            kind: JobKind::Recovery,
            done: rx,
        });
    }

    /// Finishes background work (waiting for it with `wait`) and starts the autosave when due.
    /// A save asked for before closing or switching casebooks leaves what comes next in
    /// `next_outcome` for the frame to act on.
    pub fn poll(&mut self, now_secs: f64, wait: bool) {
        if let Some(job) = &self.job {
            let result = if wait {
                job.done.recv().map_err(|_| TryRecvError::Disconnected)
            } else {
                job.done.try_recv()
            };
            let result = match result {
                Ok(result) => Some(result),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => {
                    Some(Err("The save stopped unexpectedly".to_string()))
                }
            };
            if let Some(result) = result
                && let Some(job) = self.job.take()
            {
                self.finish(job.kind, result);
            }
        }
        self.team.poll(
            now_secs,
            wait && self.job.is_none(),
            &self.book,
            &self.path,
            self.trust.key.as_ref(),
            !self.is_dirty(),
        );
        if self.job.is_none()
            && let Some(path) = self.queued_save.take()
        {
            self.save_to(path);
        }
        // A read-only casebook's recovery file may be another window's: edits stay in memory.
        if self.job.is_none()
            && self.is_dirty()
            && self.trust.may_save()
            && self.recovery_due.is_some_and(|due| now_secs >= due)
        {
            self.recovery_due = None;
            self.start_recovery();
        }
    }

    fn finish(&mut self, kind: JobKind, result: Result<Option<String>, String>) {
        match (kind, result) {
            (JobKind::Rekey { generation, key }, Ok(warning)) => {
                self.saved_generation = generation;
                self.disk = DiskStamp::of(&self.path);
                self.trust.save_failure = None;
                self.notice = Some(Notice {
                    text: warning.unwrap_or_else(|| {
                        match key {
                            Some(_) => "The casebook and its snapshots are encrypted with the new passphrase",
                            None => "The casebook and its snapshots are no longer encrypted",
                        }
                        .into()
                    }),
                    error: false,
                });
                self.trust.key = key;
            }
            (
                JobKind::Save {
                    generation, path, ..
                },
                Ok(warning),
            ) => {
                self.saved_generation = generation;
                self.disk = DiskStamp::of(&path);
                self.trust.save_failure = None;
                if let Some(lock) = self.trust.pending_lock.take_for(&path) {
                    self.trust.moved_to(lock, &self.book, self.today);
                }
                self.path = path;
                self.team.rescan_soon();
                self.notice = Some(match warning {
                    Some(text) => Notice { text, error: true },
                    None => Notice {
                        text: format!("Saved {}", self.path.display()),
                        error: false,
                    },
                });
                if self.is_dirty() {
                    // Edits came in while saving: what was asked for waits for them too.
                    if self.after_save.is_some() {
                        self.queued_save = Some(self.path.clone());
                    }
                } else {
                    self.recovery_due = None;
                    self.next_outcome = self.after_save.take();
                }
            }
            (JobKind::Save { .. } | JobKind::Rekey { .. }, Err(e)) => {
                self.after_save = None;
                self.queued_save = None;
                self.trust.pending_lock = PendingLock::default();
                // Shown in the banner, with Save as… beside it.
                self.notice = None;
                self.trust.save_failure = Some(e);
            }
            (JobKind::Recovery, Ok(_)) => {}
            (JobKind::Recovery, Err(e)) => {
                self.notice = Some(Notice {
                    text: format!("Autosave failed: {e}"),
                    error: true,
                });
            }
        }
    }

    /// Handles a window command from the menu or the keyboard.
    pub fn run_ui_command(
        &mut self,
        command: UiCommand,
        dialogs: &mut dyn Dialogs,
        now_secs: f64,
    ) -> Option<DeskOutcome> {
        match command {
            UiCommand::Save => self.save_checked(),
            UiCommand::SaveAs => return self.ask_path(PathPurpose::SaveAs, dialogs),
            UiCommand::Open => return self.ask_path(PathPurpose::Open, dialogs),
            UiCommand::NewCasebook => return self.ask_path(PathPurpose::NewCasebook, dialogs),
            UiCommand::Snapshots => {
                self.dialog = Some(match store::list_snapshots(&self.path) {
                    Ok(list) => Dialog::Snapshots {
                        list,
                        preview: None,
                    },
                    Err(e) => {
                        self.notice = Some(Notice {
                            text: format!("Could not list the snapshots: {e}"),
                            error: true,
                        });
                        return None;
                    }
                });
            }
            UiCommand::Passphrase => {
                self.dialog = Some(Dialog::Passphrase {
                    new: String::new(),
                    again: String::new(),
                    error: None,
                });
            }
            UiCommand::MergeFrom => return self.ask_path(PathPurpose::Merge, dialogs),
            UiCommand::TeamFolder => {
                let form = super::team::TeamForm::of(&self.book.settings);
                self.dialog = Some(Dialog::TeamFolder(Box::new(form)));
            }
            UiCommand::Undo => self.undo(now_secs),
            UiCommand::Redo => self.redo(now_secs),
            UiCommand::NewCase => self.case_view.start_new_case(),
            UiCommand::FocusFilter => {
                self.view = View::Register;
                self.register.request_focus();
            }
            UiCommand::ShowDashboard => self.view = View::Dashboard,
            UiCommand::ShowRegister => self.view = View::Register,
            UiCommand::ExportSummary | UiCommand::ReviewReport | UiCommand::ExportRegister => {
                self.start_export(command);
            }
            UiCommand::ImportCsv => self.start_import(dialogs),
        }
        None
    }

    fn ask_path(&mut self, purpose: PathPurpose, dialogs: &mut dyn Dialogs) -> Option<DeskOutcome> {
        let folder = self
            .path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let answer = match purpose {
            PathPurpose::Open | PathPurpose::Merge => dialogs.pick_open(&folder),
            PathPurpose::SaveAs => dialogs.pick_save(&folder, "casebook.ron"),
            PathPurpose::NewCasebook => dialogs.pick_save(&folder, "new-casebook.ron"),
        };
        match answer {
            DialogResult::Chosen(path) => self.path_chosen(purpose, path),
            DialogResult::Cancelled => None,
            DialogResult::Unavailable => {
                self.dialog = Some(Dialog::Path {
                    purpose,
                    text: String::new(),
                    error: None,
                });
                None
            }
        }
    }

    /// Acts on a chosen path; switching casebooks with unsaved changes asks first.
    pub fn path_chosen(&mut self, purpose: PathPurpose, path: PathBuf) -> Option<DeskOutcome> {
        match purpose {
            PathPurpose::Merge => {
                self.start_merge(path);
                None
            }
            PathPurpose::SaveAs => {
                // Where it really is, behind any symbolic link, like a casebook opened.
                let path = match store::real_path(&path) {
                    Ok(real) => real,
                    Err(e) => {
                        self.notice = Some(Notice {
                            text: format!("Could not follow the link {}: {e}", path.display()),
                            error: true,
                        });
                        return None;
                    }
                };
                // A new file is this window's to write: lock it first.
                if path != self.path {
                    match store::lock::acquire(&path, Utc::now()) {
                        Ok(lock) => self.trust.pending_lock = PendingLock::new(path.clone(), lock),
                        Err(e) => {
                            self.notice = Some(Notice {
                                text: e.to_string(),
                                error: true,
                            });
                            return None;
                        }
                    }
                } else if !self.trust.may_save() {
                    self.save_checked();
                    return None;
                }
                self.save_to(path);
                None
            }
            PathPurpose::Open | PathPurpose::NewCasebook => {
                let after = match purpose {
                    PathPurpose::Open => DeskOutcome::Open(path),
                    _ => DeskOutcome::New(path),
                };
                if self.is_dirty() {
                    self.dialog = Some(Dialog::Unsaved(after));
                    None
                } else {
                    Some(after)
                }
            }
        }
    }

    /// Reads another copy of the casebook (with this one's passphrase, if encrypted) and opens
    /// the merge review.
    fn start_merge(&mut self, path: PathBuf) {
        if path == self.path {
            self.notice = Some(Notice {
                text: "This is the casebook already open: choose another copy to merge".into(),
                error: true,
            });
            return;
        }
        self.merge_in_background(path);
    }

    /// Reads and compares the other copy on a background thread, with a progress dialog; the
    /// review opens when it is done.
    pub(super) fn merge_in_background(&mut self, source: PathBuf) {
        if !self.transfers.is_idle() {
            self.notice = Some(Notice {
                text: "Wait for the export or import to finish, then merge".into(),
                error: true,
            });
            return;
        }
        self.transfers.task = Some(super::tasks::start_merge(
            source,
            self.trust.key.clone(),
            Arc::clone(&self.book),
            self.generation,
        ));
    }

    /// The answer to "Save changes?": save first, then carry on.
    pub fn save_then(&mut self, after: DeskOutcome) {
        self.after_save = Some(after);
        self.save_checked();
    }

    /// Saves to the casebook's own file, unless someone else changed it meanwhile: then asks.
    pub fn save_checked(&mut self) {
        if let Some(why) = self.trust.read_only.first() {
            self.after_save = None;
            self.notice = Some(Notice {
                text: format!(
                    "This casebook is read-only: {} Use Save as… to keep your changes in another file.",
                    why.describe()
                ),
                error: true,
            });
        } else if !self.path.exists() && self.disk.is_some() {
            self.dialog = Some(Dialog::ChangedOnDisk { deleted: true });
        } else if self.path.exists() && DiskStamp::of(&self.path) != self.disk {
            self.dialog = Some(Dialog::ChangedOnDisk { deleted: false });
        } else {
            self.save_to(self.path.clone());
        }
    }

    /// Replaces the casebook wholesale (a restored snapshot or recovery file).
    pub fn replace_casebook(&mut self, book: Casebook, saved: bool, now_secs: f64) {
        self.book = Arc::new(book);
        self.undo.clear();
        self.redo.clear();
        self.case_view = CaseView::default();
        self.rebuild_views();
        self.generation += 1;
        if saved {
            self.saved_generation = self.generation;
            self.disk = DiskStamp::of(&self.path);
        } else {
            self.recovery_due = Some(now_secs + AUTOSAVE_DELAY_SECS);
        }
    }

    /// The date changed while the window was open.
    pub fn new_day(&mut self, today: NaiveDate) {
        self.today = today;
        self.rebuild_views();
    }

    /// The officer chose to discard unsaved changes before closing.
    pub fn discarded_for_close(&mut self) {
        self.saved_generation = self.generation;
        self.recovery_due = None;
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    pub(super) fn title_changed(&mut self) -> Option<String> {
        let title = self.title();
        (title != self.title).then(|| {
            self.title.clone_from(&title);
            title
        })
    }
}

/// "312 cases, 540 people" for dialogs about whole casebooks.
pub fn describe(book: &Casebook) -> String {
    format!(
        "{} cases, {} people",
        super::thousands(book.cases().len()),
        super::thousands(book.people().len())
    )
}
