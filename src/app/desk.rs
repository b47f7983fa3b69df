//! The desk: a loaded casebook and everything the window does with it. Panels and dialogs read
//! the casebook and push [`Request`]s during the frame; [`Desk::handle`] applies them after it,
//! in one place, which is also where undo/redo, the unsaved marker, autosave and the messages
//! to the officer hook in.

use super::agenda::AgendaView;
use super::attachments::{self, ANY_FILE, NO_FILE_DIALOG};
use super::case_view::CaseView;
use super::clock::Clock;
use super::commands::UiCommand;
use super::dashboard::DashboardView;
use super::dialogs::{Dialog, Seen};
use super::draft_ui;
use super::files::{DialogResult, Dialogs, NoDialogs};
use super::journal_view::{RestoreAnswer, RestorePrompt};
use super::keys;
use super::menu::{self, MenuState, Status};
use super::opener::Opening;
use super::people::{AgenciesView, PeopleView};
use super::register::Register;
use super::request::{BundleRequest, DeskOutcome, DialogStep, Notice, PathPurpose, Request, View};
use super::team::{RESCAN_SECS, TeamWatch};
use super::transfers::{Place, Transfers};
use super::trust::{PassphraseForm, PendingLock, Trust};
use crate::count::count;
use crate::domain::agenda::Agenda;
use crate::domain::attachment::AttachedTo;
use crate::domain::stats::{LiveDashboard, Overview};
use crate::domain::{Applied, CaseId, Casebook, Command, CommandError, Ctx, RandomIds};
use crate::parallel;
use crate::store::journal::{self, Journal};
use crate::store::{self, Installation, Key};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// The width the register keeps beside an open case: room for its columns beside a case at
/// their least (`register::COLUMNS`).
const REGISTER_BESIDE_CASE: f32 = 540.0;

/// The register rows a command can change.
enum Rows {
    None,
    OfCase,
    OfPerson(crate::domain::PersonId),
    /// Every row: the working days every clock counts with changed.
    All,
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
    /// A save under a new passphrase (or none), re-encrypting the snapshots.
    Rekey { generation: u64, key: Option<Key> },
}

/// Background work: the result is an error, or success with an optional warning.
struct Job {
    kind: JobKind,
    done: Receiver<Result<Option<String>, String>>,
}

pub struct Desk {
    view: View,
    dashboard: DashboardView,
    /// The dashboard's figures, updated with the register for every case an edit touches.
    figures: LiveDashboard,
    /// Everything due, updated like the figures; and its view.
    agenda: Agenda,
    agenda_view: AgendaView,
    /// Exports and imports: their dialogs and the work running in the background.
    transfers: Transfers,
    /// Cases open in their own windows, each with its own panel state.
    detached: Vec<(CaseId, CaseView)>,
    people: PeopleView,
    agencies: AgenciesView,
    governance: super::governance::GovernanceView,
    path: PathBuf,
    book: Arc<Casebook>,
    register: Register,
    case_view: CaseView,
    dialog: Option<Dialog>,
    notice: Option<Notice>,
    /// The notice says why a request was refused: the next change made clears it.
    refused: bool,
    /// The lock, the passphrase and why the casebook is read-only.
    trust: Trust,
    /// The colleagues' copies in the team folder.
    team: TeamWatch,
    /// Undo and redo steps: the commands that put one step back, in the order to apply them.
    undo: Vec<Vec<Command>>,
    redo: Vec<Vec<Command>>,
    /// Bumped by every change; a save clears the unsaved marker only if nothing changed since.
    generation: u64,
    saved_generation: u64,
    /// Where every applied command is journaled, while the casebook may be saved; `None` while
    /// it is read-only or its journal's unsaved work is being offered.
    journal: Option<Arc<Journal>>,
    /// Why there is no journal while the casebook may be saved: edits are kept only by a save,
    /// which the banner says until a journal is back.
    unjournaled: Option<String>,
    job: Option<Job>,
    /// What to do once the save asked for has finished (the answer to "Save changes?").
    after_save: Option<DeskOutcome>,
    /// A save asked for while other background work was running.
    queued_save: Option<PathBuf>,
    /// What a finished save leaves for the next frame to act on.
    next_outcome: Option<DeskOutcome>,
    title: String,
    /// The time the desk works at.
    clock: Clock,
    /// The day the register and the dashboard were worked out for.
    today: NaiveDate,
    /// The casebook file as this desk last read or wrote it.
    disk: Option<DiskStamp>,
    /// Text to put on the clipboard at the end of the frame (a reference, a row).
    to_copy: Option<String>,
    /// Programs opening files written (an export, a summary to print), until they start or fail.
    openings: Vec<Opening>,
    /// Where summaries to print are written.
    print_folder: PathBuf,
}

impl Desk {
    pub fn new(path: PathBuf, book: Casebook, clock: Clock, trust: Trust) -> Self {
        let checksum = store::recorded_checksum(&path, trust.key.as_ref());
        Self::assessed(path, book, checksum, clock, move |_| trust)
    }

    /// A desk on `book`, its trust worked out by `assess` (the semantic check) while the
    /// register and the dashboard are built.
    /// `checksum` is the one the casebook's file records, which its journal extends.
    pub fn assessed(
        path: PathBuf,
        book: Casebook,
        checksum: Option<String>,
        clock: Clock,
        assess: impl FnOnce(&Casebook) -> Trust + Send,
    ) -> Self {
        let today = clock.today();
        let disk = DiskStamp::of(&path);
        // Side by side: each works on every core, and each has a part that runs on one (the
        // check's look for repeated ids, the register's sort, the dashboard's filing) that the
        // other's work fills in around. The register follows the dashboard, whose pass found
        // each case's next deadline (a fifth of the register's work when it replayed them).
        let (mut trust, (overview, register)) = parallel::join(
            || assess(&book),
            || {
                let overview = LiveDashboard::overview(&book, today);
                let register =
                    Register::with_deadlines(&book, today, Some(&overview.next_deadlines));
                (overview, register)
            },
        );
        let Overview {
            dashboard: figures,
            agenda,
            ..
        } = overview;
        // The journal of a casebook another window writes is that window's.
        let notice = trust.tidied.take();
        let mut unjournaled = None;
        let (dialog, journal) = if trust.locked_elsewhere() {
            (None, None)
        } else {
            match journal::read(&path, checksum.as_deref(), trust.key.as_ref()) {
                Ok(Some(pending)) if !pending.is_empty() => (
                    Some(Dialog::Journal(Box::new(RestorePrompt::new(pending)))),
                    None,
                ),
                // Only entries the casebook holds already: emptied.
                Ok(Some(pending)) => (None, Some(pending.resume(0))),
                Ok(None) => (
                    None,
                    Some(Journal::new(&path, checksum, trust.key.as_ref())),
                ),
                Err(e) => {
                    unjournaled = Some(format!(
                        "The journal {} could not be read: {e}",
                        journal::journal_path(&path).display()
                    ));
                    (None, None)
                }
            }
        };
        let journal = match journal {
            Some(Ok(journal)) => Some(Arc::new(journal)),
            Some(Err(e)) => {
                unjournaled = Some(e.to_string());
                None
            }
            None => None,
        };
        Self {
            view: View::default(),
            dashboard: DashboardView::default(),
            figures,
            agenda,
            agenda_view: AgendaView::default(),
            transfers: Transfers::default(),
            detached: Vec::new(),
            people: PeopleView::default(),
            agencies: AgenciesView::default(),
            governance: Default::default(),
            path,
            book: Arc::new(book),
            register,
            case_view: CaseView::default(),
            dialog,
            notice,
            refused: false,
            trust,
            team: TeamWatch::default(),
            undo: Vec::new(),
            redo: Vec::new(),
            generation: 0,
            saved_generation: 0,
            journal,
            unjournaled,
            job: None,
            after_save: None,
            queued_save: None,
            next_outcome: None,
            title: String::new(),
            clock,
            today,
            disk,
            to_copy: None,
            openings: Vec::new(),
            print_folder: store::print_folder(),
        }
    }

    /// Writes summaries to print in `folder` (tests: a folder of their own).
    pub fn set_print_folder(&mut self, folder: PathBuf) {
        self.print_folder = folder;
    }

    /// From now on this desk's changes are stamped as made on `installation`, and its copy in
    /// the team folder is this installation's; `problem` says why it could not be kept.
    /// Its officer records every event from now on (`adopt_officer`).
    pub fn use_installation(&mut self, installation: Installation, problem: Option<String>) {
        Arc::make_mut(&mut self.book).set_installation(installation.id);
        // The register's columns as the officer chose them on this computer.
        if let Some(folder) = installation.folder() {
            match store::layout_in(folder) {
                Ok(layout) => self.register.use_layout(&layout),
                Err(e) => self.tell(Notice::error(e.to_string())),
            }
        }
        let officer = installation.officer().cloned();
        self.team = TeamWatch::with(installation, problem);
        if let Some(officer) = officer
            && let Err(e) = self.adopt_officer(&officer)
        {
            self.tell(Notice::error(e));
        }
    }

    /// The casebook's settings take `officer` (unless read-only), so the events recorded from
    /// now on and the team copy name them. Not an undo step: who works here is not an edit.
    fn adopt_officer(&mut self, officer: &store::Officer) -> Result<(), String> {
        match (self.book.settings).for_officer(&officer.name, &officer.agency) {
            Some(settings) if self.trust.may_save() => self
                .apply_raw(Command::UpdateSettings(Box::new(settings)))
                .map(drop)
                .map_err(|e| e.to_string()),
            _ => Ok(()),
        }
    }

    /// Shows `notice` in the status line.
    pub fn say(&mut self, notice: Notice) {
        self.tell(notice);
    }

    /// Keeps the register's columns on this computer once the officer has changed them.
    fn keep_columns(&mut self) {
        let Some(layout) = self.register.take_changed_layout() else {
            return;
        };
        if let Some(folder) = self.team.installation().folder()
            && let Err(e) = store::keep_layout_in(folder, &layout)
        {
            self.tell(Notice::error(e.to_string()));
        }
    }

    pub fn book(&self) -> &Casebook {
        &self.book
    }

    /// The casebook's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn register(&self) -> &Register {
        &self.register
    }

    /// Everything due across the casebook, kept up to date with every edit.
    pub fn agenda(&self) -> &Agenda {
        &self.agenda
    }

    pub fn register_mut(&mut self) -> &mut Register {
        &mut self.register
    }

    pub fn view(&self) -> View {
        self.view
    }

    pub fn set_view(&mut self, view: View) {
        self.view = view;
    }

    pub fn trust(&self) -> &Trust {
        &self.trust
    }

    pub fn transfers(&self) -> &Transfers {
        &self.transfers
    }

    pub fn transfers_mut(&mut self) -> &mut Transfers {
        &mut self.transfers
    }

    /// The message in the status line.
    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// How many cases are open in windows of their own.
    pub fn case_windows(&self) -> usize {
        self.detached.len()
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
    pub fn apply(&mut self, command: Command) -> Result<Applied, CommandError> {
        let applied = self.apply_raw(command)?;
        match &applied.undo {
            Some(inverse) => self.undo.push(vec![inverse.clone()]),
            // Nothing can put this back (events are append-only), so earlier undo steps would
            // no longer restore what the officer saw.
            None => self.undo.clear(),
        }
        self.redo.clear();
        Ok(applied)
    }

    fn apply_raw(&mut self, command: Command) -> Result<Applied, CommandError> {
        let (applied, rows) = self.apply_to_book(command)?;
        self.refresh_rows(rows, applied.case);
        Ok(applied)
    }

    /// Applies a command to the casebook only; the caller refreshes the register.
    fn apply_to_book(&mut self, command: Command) -> Result<(Applied, Rows), CommandError> {
        // Which register rows the command can change: its case's, a person's cases', or none.
        let rows = match &command {
            Command::SavePerson(p) => Rows::OfPerson(p.id),
            Command::SaveAgency(_)
            | Command::RemoveAgency(_)
            | Command::SaveContact(_)
            | Command::RemoveContact(_)
            | Command::RemovePerson(_) => Rows::None,
            Command::UpdateSettings(s) if !s.same_working_days(&self.book.settings) => Rows::All,
            Command::UpdateSettings(_) => Rows::None,
            _ => Rows::OfCase,
        };
        let now = self.clock.now();
        let journal = self.journal.as_deref().filter(|_| self.trust.may_save());
        let book = Arc::make_mut(&mut self.book);
        let applied = match journal {
            Some(journal) => journal.apply(book, command, now)?,
            None => book.apply(
                command,
                &mut Ctx {
                    now,
                    ids: &mut RandomIds,
                },
            )?,
        };
        self.generation += 1;
        Ok((applied, rows))
    }

    /// The journal edits go to: none while the casebook is read-only.
    fn journaling(&self) -> Option<&Journal> {
        self.journal.as_deref().filter(|_| self.trust.may_save())
    }

    /// Writes the entries journaled since the last flush to disk, in one write: what makes the
    /// frame's edits durable. A failure is said, and the edits stay in the window.
    fn flush_journal(&mut self) {
        if let Some(Err(e)) = self.journaling().map(Journal::flush) {
            self.tell(Notice::error(format!(
                "{e}. Your latest changes are only in this window: save now"
            )));
        }
    }

    /// The officer's answer to "Restore unsaved work?".
    fn answer_journal(&mut self, prompt: RestorePrompt, answer: RestoreAnswer) {
        let pending = prompt.pending;
        let applied = match answer {
            RestoreAnswer::Restore => {
                let replayed = journal::replay(Arc::make_mut(&mut self.book), &pending.entries);
                if replayed.applied > 0 {
                    self.undo.clear();
                    self.redo.clear();
                    self.generation += 1;
                    self.rebuild_views();
                }
                self.tell(match replayed.refused {
                    None => Notice::info(format!(
                        "Restored {}: save to keep {} in the casebook",
                        count(replayed.applied, "unsaved change", "unsaved changes"),
                        if replayed.applied == 1 { "it" } else { "them" }
                    )),
                    Some(e) => Notice::error(format!(
                        "Restored {} of {}; the others no longer apply ({e}) and were dropped, from: {}",
                        replayed.applied,
                        count(pending.entries.len(), "unsaved change", "unsaved changes"),
                        super::journal_view::describe(&pending.entries[replayed.applied])
                    )),
                });
                replayed.applied
            }
            RestoreAnswer::Discard => 0,
        };
        if !self.trust.may_save() {
            // A read-only casebook's journal is left as it is.
            return;
        }
        self.journal = match pending.resume(applied) {
            Ok(journal) => Some(Arc::new(journal)),
            Err(e) => {
                self.unjournaled = Some(e.to_string());
                None
            }
        };
    }

    /// A journal for the casebook as its file is now (after it was replaced whole, or saved as
    /// a new file while none was kept), any older one dropped.
    fn fresh_journal(&mut self) {
        self.journal = None;
        if !self.trust.may_save() {
            return;
        }
        let checksum = store::recorded_checksum(&self.path, self.trust.key.as_ref());
        match journal::discard(&self.path)
            .and_then(|()| Journal::new(&self.path, checksum, self.trust.key.as_ref()))
        {
            Ok(journal) => {
                self.journal = Some(Arc::new(journal));
                self.unjournaled = None;
            }
            Err(e) => self.unjournaled = Some(e.to_string()),
        }
    }

    /// The officer discarded the unsaved changes: the journal holding them goes too.
    fn discard_journal(&mut self) {
        if self.journaling().is_none() {
            return;
        }
        self.journal = None;
        if let Err(e) = journal::discard(&self.path) {
            self.tell(Notice::error(format!(
                "Could not remove the journal of the discarded changes: {e}"
            )));
        }
    }

    fn refresh_rows(&mut self, rows: Rows, case: Option<CaseId>) {
        match (rows, case) {
            (Rows::None, _) => {}
            (Rows::All, _) => self.rebuild_views(),
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
        self.agenda.update_case(&self.book, id);
    }

    /// Rebuilds the register and the dashboard figures from the whole casebook.
    fn rebuild_views(&mut self) {
        let Overview {
            dashboard,
            agenda,
            next_deadlines,
        } = LiveDashboard::overview(&self.book, self.today);
        (self.figures, self.agenda) = (dashboard, agenda);
        self.register
            .rebuild(&self.book, self.today, Some(&next_deadlines));
    }

    /// Edit → Undo.
    pub fn undo(&mut self) {
        self.handle_all(vec![Request::Ui(UiCommand::Undo)], &mut NoDialogs);
    }

    /// Edit → Redo.
    pub fn redo(&mut self) {
        self.handle_all(vec![Request::Ui(UiCommand::Redo)], &mut NoDialogs);
    }

    fn step(&mut self, undo: bool) -> Result<(), String> {
        let stack = if undo { &mut self.undo } else { &mut self.redo };
        let Some(commands) = stack.pop() else {
            return Ok(());
        };
        // A step of many commands (an import) rebuilds the register once, not per command,
        // and is all or nothing: the casebook before it is kept to go back to.
        let many = commands.len() > 1;
        let before = many.then(|| Arc::clone(&self.book));
        let mark = self.journal.as_deref().map(Journal::mark);
        let mut inverses = Some(Vec::with_capacity(commands.len()));
        for command in commands.clone() {
            let result = if many {
                self.apply_to_book(command).map(|(applied, _)| applied)
            } else {
                self.apply_raw(command)
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
                        // Neither is what the step journaled.
                        if let (Some(journal), Some(mark)) = (&self.journal, mark) {
                            journal.forget_since(mark);
                        }
                    }
                    // Nothing of the step was applied: it stays where it was, to try again.
                    let stack = if undo { &mut self.undo } else { &mut self.redo };
                    stack.push(commands);
                    return Err(format!(
                        "Could not {}: {e}",
                        if undo { "undo" } else { "redo" }
                    ));
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
        // What the status line said of the step ("Imported 2 rows") no longer holds; an error
        // it shows is about something else, and stays.
        if self.notice.as_ref().is_none_or(|n| !n.error) {
            self.tell(Notice::info(if undo { "Undone" } else { "Redone" }));
        }
        Ok(())
    }

    /// Takes a casebook changed by background work (an import) as one step, undone by `undo`
    /// (`None` when some of it cannot be undone). The work started from this generation.
    /// `entries` are its commands as applied, journaled here.
    pub fn adopt(
        &mut self,
        book: Casebook,
        undo: Option<Vec<Command>>,
        entries: Vec<journal::Entry>,
    ) {
        self.book = Arc::new(book);
        if let Some(journal) = self.journaling() {
            entries.into_iter().for_each(|entry| journal.record(entry));
        }
        match undo {
            Some(step) => self.undo.push(step),
            None => self.undo.clear(),
        }
        self.redo.clear();
        self.generation += 1;
        self.rebuild_views();
    }

    /// Starts saving to `path` on a background thread; the window stays responsive.
    fn save_to(&mut self, path: PathBuf) {
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
        let now = self.clock.now_utc();
        let counter = Arc::clone(&written);
        // The journal holds the edits up to here: the save holds them too.
        let journal = self
            .journaling()
            .map(|j| (j.last_seq(), self.journal.clone()));
        std::thread::spawn(move || {
            let result = match journal {
                Some((through, Some(journal))) => store::save_journaled(
                    &target,
                    &book,
                    now,
                    key.as_ref(),
                    &counter,
                    &journal,
                    through,
                ),
                _ => store::save_settling(&target, &book, now, key.as_ref(), &counter).map(
                    |settling| store::Saved {
                        warning: None,
                        settling,
                    },
                ),
            };
            let (result, settling) = match result {
                Ok(saved) => (Ok(saved.warning), Some(saved.settling)),
                Err(e) => (Err(e.to_string()), None),
            };
            let _receiver_gone = tx.send(result);
            // Only then the copy in the team folder and the snapshot's compression: the save
            // is already done.
            if let Some(team) = team {
                team.after_save(settling.is_some(), &book, &target, key.as_ref(), now);
            }
            if let Some(settling) = settling {
                settling.finish(store::retention_rule().ok().as_ref());
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
    fn change_passphrase(&mut self, key: Option<Key>) -> Result<(), String> {
        if self.job.is_some() || !self.trust.may_save() {
            return Err("The passphrase can be changed once the casebook can be saved and no save is running".into());
        }
        let book = Arc::clone(&self.book);
        let path = self.path.clone();
        let (old, new) = (self.trust.key.clone(), key.clone());
        let (tx, rx) = channel();
        let team = self.sharing_for(&book);
        let now = self.clock.now_utc();
        let journal = self
            .journaling()
            .map(|j| (j.last_seq(), self.journal.clone()));
        std::thread::spawn(move || {
            let journal = match &journal {
                Some((through, Some(journal))) => Some((journal.as_ref(), *through)),
                _ => None,
            };
            let result =
                store::change_passphrase(&path, &book, now, old.as_ref(), new.as_ref(), journal)
                    .map(|(left, settling)| {
                        settling.finish(store::retention_rule().ok().as_ref());
                        (left > 0).then(|| {
                            format!(
                                "{} an earlier passphrase",
                                count(left, "older snapshot keeps", "older snapshots keep")
                            )
                        })
                    })
                    .map_err(|e| e.to_string());
            let saved = result.is_ok();
            let _receiver_gone = tx.send(result);
            // The copy in the team folder takes the new passphrase (or none) too.
            if let Some(team) = team {
                team.after_save(saved, &book, &path, new.as_ref(), now);
            }
        });
        self.job = Some(Job {
            kind: JobKind::Rekey {
                generation: self.generation,
                key,
            },
            done: rx,
        });
        Ok(())
    }

    /// What a save's thread needs to write the copy in the team folder, if the casebook has one.
    fn sharing_for(&mut self, book: &Casebook) -> Option<super::team::Sharing> {
        book.settings
            .team_folder
            .is_some()
            .then(|| self.team.start_sharing())
            .flatten()
    }

    /// Finishes background work (waiting for it with `wait`).
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
    }

    fn finish(&mut self, kind: JobKind, result: Result<Option<String>, String>) {
        match (kind, result) {
            (JobKind::Rekey { generation, key }, Ok(warning)) => {
                self.saved_generation = generation;
                self.disk = DiskStamp::of(&self.path);
                self.trust.save_failure = None;
                self.tell(Notice::info(warning.unwrap_or_else(|| {
                    match key {
                        Some(_) => {
                            "The casebook and its snapshots are encrypted with the new passphrase"
                        }
                        None => "The casebook and its snapshots are no longer encrypted",
                    }
                    .into()
                })));
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
                let moved = self.path != path;
                self.path = path;
                if moved && self.journal.is_none() {
                    // Saved as a file this window now writes, from a read-only one.
                    self.fresh_journal();
                }
                self.team.rescan_soon();
                self.tell(match warning {
                    Some(text) => Notice::error(text),
                    None => Notice::info(format!("Saved {}", self.path.display())),
                });
                if self.is_dirty() {
                    // Edits came in while saving: what was asked for waits for them too.
                    if self.after_save.is_some() {
                        self.queued_save = Some(self.path.clone());
                    }
                } else {
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
        }
    }

    /// One frame of the desk. Returns what the window should do next, if anything.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        dialogs: &mut dyn Dialogs,
        recent: &[PathBuf],
    ) -> Option<DeskOutcome> {
        let now = ui.input(|i| i.time);
        self.keep_up(ui, now);
        let mut outcome = self.next_outcome.take();
        let dialog_open = self.dialog.is_some()
            || self.case_view.has_dialog()
            || self.people.has_dialog()
            || !self.transfers.is_idle();
        // Keys first: a shortcut is taken before a text field sees it.
        let mut requests = keys::route(ui.ctx(), dialog_open);
        requests.extend(menu::menu_bar_ui(
            ui,
            &MenuState {
                casebook: &self.path,
                recent,
                saving: self.is_saving(),
                may_save: self.trust.may_save(),
                transfers_idle: self.transfers.is_idle(),
                can_undo: self.can_undo(),
                can_redo: self.can_redo(),
            },
        ));
        requests.extend(menu::status_line_ui(
            ui,
            &Status {
                save_progress: self.save_progress(),
                dirty: self.is_dirty(),
                journaled: matches!(self.dialog, Some(Dialog::Journal(_))),
                unapplied: self.unapplied_edits(),
                sample: self.book.settings.sample,
                team_problems: self.team.problems().collect(),
                notice: self.notice.as_ref(),
            },
        ));
        requests.extend(self.trust.banner_ui(ui));
        if let Some(why) = self
            .unjournaled
            .as_deref()
            .filter(|_| self.trust.may_save())
        {
            super::journal_view::unjournaled_ui(ui, why);
        }
        requests.extend(self.team.banner_ui(ui, &self.path));
        requests.extend(menu::views_ui(ui, self.view));
        self.view_ui(ui, &mut requests);
        let open_case = (self.view == View::Register)
            .then(|| self.register.selected().and_then(|id| self.book.case(id)))
            .flatten()
            .map(|c| (c.id, c.reference.as_str()));
        requests.extend(attachments::dropped_ui(ui, open_case));
        self.detached_windows_ui(ui, &mut requests);
        let (book, today) = (&self.book, self.today);
        self.case_view.dialogs_ui(ui, book, today, &mut requests);
        self.case_view.new_case_ui(ui, book, today, &mut requests);
        let place = Place {
            book: &self.book,
            casebook: &self.path,
            generation: self.generation,
            clock: self.clock,
        };
        requests.extend(self.transfers.show(ui, &place, dialogs));
        outcome = outcome.or(self.handle_all(requests, dialogs));
        // The dialog after the panels' requests, which may have opened it.
        let asked = self.dialog_ui(ui);
        let outcome = outcome.or(self.handle_all(asked.into_iter().collect(), dialogs));
        if let Some(text) = self.to_copy.take() {
            ui.ctx().copy_text(text);
        }
        self.keep_columns();
        keys::end_frame(ui.ctx());
        outcome
    }

    /// Before drawing: the day, background work, repaints, the title, a close asked for.
    fn keep_up(&mut self, ui: &egui::Ui, now: f64) {
        // Left open overnight, the desk moves to the new day: days left and colours follow.
        let today = self.clock.today();
        if today != self.today {
            self.new_day(today);
        }
        self.poll(now, false);
        // A program that could not open a file written says so once.
        let mut failed = Vec::new();
        self.openings.retain(|opening| match opening.try_recv() {
            Ok(why) => {
                failed.push(why);
                false
            }
            Err(TryRecvError::Empty) => true,
            Err(TryRecvError::Disconnected) => false,
        });
        if let Some(why) = failed.pop() {
            self.tell(Notice::error(why));
        }
        if !self.openings.is_empty() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(250));
        }
        if self.is_saving() || self.is_dirty() || self.team.is_working() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(250));
        }
        if self.book.settings.team_folder.is_some() {
            // The next look at the team folder comes even while nobody touches the window.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(RESCAN_SECS));
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
    }

    /// The view the tabs chose.
    fn view_ui(&mut self, ui: &mut egui::Ui, requests: &mut Vec<Request>) {
        let today = self.today;
        match self.view {
            View::Dashboard => {
                let asked = egui::CentralPanel::default()
                    .show(ui, |ui| {
                        let head = super::agenda::head_ui(ui, &self.agenda, &self.book);
                        head.or(self.dashboard.ui(ui, &self.figures, self.generation))
                    })
                    .inner;
                requests.extend(asked);
            }
            View::Agenda => {
                let (agenda, book) = (&self.agenda, &self.book);
                self.agenda_view
                    .ui(ui, agenda, book, self.generation, requests);
            }
            View::Register => {
                let case = self.register.selected().and_then(|id| self.book.case(id));
                if let Some(case) = case {
                    // Resizable, never so wide that the register beside it loses its columns.
                    let width = ui.available_width();
                    egui::Panel::right("case panel")
                        .resizable(true)
                        .default_size((width * 0.45).clamp(360.0, 560.0))
                        .min_size(360.0)
                        .max_size((width - REGISTER_BESIDE_CASE).max(360.0))
                        .show(ui, |ui| {
                            let place = (&*self.book, self.path.as_path());
                            self.case_view.ui(ui, place, case, today, requests);
                        });
                }
                let asked = egui::CentralPanel::default()
                    .show(ui, |ui| self.register.ui(ui, case.is_some()))
                    .inner;
                requests.extend(asked);
            }
            View::People => self.people.ui(ui, &self.book, today, requests),
            View::Agencies => {
                egui::CentralPanel::default().show(ui, |ui| {
                    self.agencies.ui(ui, &self.book, requests);
                });
            }
            View::Governance => self.governance.ui(ui, &self.book, today, requests),
        }
    }

    /// Cases opened in their own windows (viewports; embedded windows where the platform has
    /// only one), for side-by-side work. Their requests join the frame's.
    fn detached_windows_ui(&mut self, ui: &mut egui::Ui, requests: &mut Vec<Request>) {
        let (book, today, casebook) = (&self.book, self.today, self.path.as_path());
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
                        view.ui(ui, (book, casebook), case, today, requests);
                    });
                    view.dialogs_ui(ui, book, today, requests);
                    !ui.input(|i| i.viewport().close_requested())
                },
            )
        });
    }

    /// The dialog open over the desk, if any; what it asked for when it closed.
    fn dialog_ui(&mut self, ui: &mut egui::Ui) -> Option<Request> {
        let mut dialog = self.dialog.take()?;
        let seen = Seen {
            book: &self.book,
            casebook: &self.path,
            dirty: self.is_dirty(),
            unapplied: self.unapplied_edits(),
            encrypted: self.trust.key.is_some(),
            key: self.trust.key.as_ref(),
            installation: self.team.installation(),
            now: self.clock.now(),
        };
        match dialog.show(ui, &seen) {
            DialogStep::Stay => {
                self.dialog = Some(dialog);
                None
            }
            DialogStep::Close(request) => request,
        }
    }

    /// Applies the frame's requests in order: the one place they are applied. Each error is
    /// shown once, in the status line; of several in one frame, the first (what the others
    /// may follow from).
    fn handle_all(
        &mut self,
        requests: Vec<Request>,
        dialogs: &mut dyn Dialogs,
    ) -> Option<DeskOutcome> {
        let mut outcome = None;
        let mut first_error = None;
        let mut changed = false;
        for request in requests {
            let change = matches!(request, Request::Change(_));
            match self.handle(request, dialogs) {
                Ok(next) => {
                    changed |= change;
                    outcome = outcome.or(next);
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        if let Some(e) = first_error {
            self.tell(Notice::error(e));
            self.refused = true;
        } else if changed && self.refused {
            // The change refused has been made right: its message goes.
            self.notice = None;
            self.refused = false;
        }
        // The frame's edits, in one write: durable before the next frame shows them done.
        self.flush_journal();
        outcome
    }

    /// The one place a message reaches the officer (a failed save is said in the banner).
    fn tell(&mut self, notice: Notice) {
        self.notice = Some(notice);
        self.refused = false;
    }

    /// Applies one request.
    fn handle(
        &mut self,
        request: Request,
        dialogs: &mut dyn Dialogs,
    ) -> Result<Option<DeskOutcome>, String> {
        match request {
            Request::Change(command) => {
                self.apply(command).map_err(|e| e.to_string())?;
            }
            Request::Ui(command) => return self.run_ui_command(command, dialogs),
            Request::OpenRecent(path) => return self.path_chosen(PathPurpose::Open, path),
            Request::MoveSelection(step) => {
                // The arrows move the register only where it is shown.
                if self.view == View::Register {
                    self.register.move_selection(step);
                }
            }
            Request::ShowView(view) => self.view = view,
            Request::ShowCase(id) => {
                self.view = View::Register;
                self.register.select(id);
            }
            Request::ShowAction(id) => {
                self.view = View::Governance;
                self.governance.show_action(&self.book, id, self.today);
            }
            Request::ShowOverdue => {
                self.view = View::Register;
                self.register.facets = Default::default();
                self.register.facets.overdue = true;
                self.register.refilter();
            }
            Request::ShowDueWithin(days) => {
                self.view = View::Register;
                self.register.facets = Default::default();
                self.register.facets.due_within_days = Some(days);
                self.register.refilter();
            }
            Request::CloseCase => {
                if self.view == View::Register {
                    self.register.deselect();
                }
            }
            Request::Copy(text) => self.to_copy = Some(text),
            Request::CopySelected => {
                if self.view == View::Register
                    && let Some(case) = self.register.selected().and_then(|id| self.book.case(id))
                {
                    self.to_copy = Some(case.reference.clone());
                }
            }
            Request::OpenFile { path, reveal } => {
                self.openings.push(dialogs.open_path(&path, reveal)?);
            }
            Request::OpenCaseWindow(id) => {
                if !self.detached.iter().any(|(d, _)| *d == id) {
                    self.detached.push((id, CaseView::own_window()));
                }
            }
            Request::Repair => self.repair_now(),
            Request::ReviewTeamCopy => {
                if self.dialog.is_none()
                    && let Some(copy) = self.team.first_waiting()
                {
                    let copy = copy.to_path_buf();
                    self.merge_in_background(copy)?;
                }
            }
            Request::TeamCopiesLater => self.team.later(),
            Request::RemoveMergedCopy(path) => {
                let saved = !self.is_dirty();
                let done =
                    self.team
                        .remove_merged(&path, &self.book, saved, self.trust.key.as_ref())?;
                self.tell(Notice::info(done));
            }
            Request::KeepMergedCopy(path) => self.team.keep_merged(&path),
            Request::ShareFromHere => {
                let done = self.team.share_from(&self.path)?;
                self.tell(Notice::info(done));
            }
            Request::SetTeamFolder { folder, settings } => {
                // The name the copy carries is who works here, in every casebook.
                if !settings.officer_name.trim().is_empty() {
                    let officer = store::Officer {
                        name: settings.officer_name.clone(),
                        agency: settings.officer_agency.clone(),
                    };
                    self.team.set_officer(officer).map_err(|e| {
                        format!("Your name could not be kept on this computer: {e}")
                    })?;
                }
                let said = self.team.set_folder(folder.as_deref(), &self.path);
                // The setting is the casebook's either way; a binding that failed is said.
                self.apply(Command::UpdateSettings(settings))
                    .map_err(|e| e.to_string())?;
                self.tell(Notice::info(said?));
            }
            Request::SetOfficer(officer) => {
                self.team
                    .set_officer(officer.clone())
                    .map_err(|e| format!("Your name could not be kept on this computer: {e}"))?;
                self.adopt_officer(&officer)?;
                self.tell(Notice::info(format!(
                    "From now on your events are recorded as {}",
                    officer.name
                )));
            }
            Request::ChangePassphrase(key) => self.change_passphrase(key)?,
            Request::PathChosen(purpose, path) => return self.path_chosen(purpose, path),
            Request::SaveThen(after) => self.save_then(after)?,
            Request::DiscardThen(after) => {
                if after == DeskOutcome::Close {
                    self.discarded_for_close();
                }
                self.discard_journal();
                return Ok(Some(after));
            }
            Request::SaveAnyway => self.save_to(self.path.clone()),
            Request::SaveAsInstead => {
                self.after_save = None;
                return self.run_ui_command(UiCommand::SaveAs, dialogs);
            }
            Request::CancelSave => self.after_save = None,
            Request::RestoreSnapshot(snapshot) => {
                let (book, settling) = store::restore_snapshot(
                    &self.path,
                    &snapshot,
                    self.clock.now_utc(),
                    self.trust.key.as_ref(),
                )
                .map_err(|e| e.to_string())?;
                settling.finish(store::retention_rule().ok().as_ref());
                self.replace_casebook(book, true);
                self.tell(Notice::info("Snapshot restored"));
            }
            Request::AnswerJournal(prompt, answer) => self.answer_journal(*prompt, answer),
            Request::ApplyMerge {
                command,
                reviewed,
                source,
            } => {
                // An edit since the review (a case window, an import) would be replaced.
                if reviewed != self.generation {
                    return Err("The casebook changed while the merge was reviewed, so nothing was merged: open the merge again to review it against the casebook as it is now.".into());
                }
                self.team.done_with(&source);
                self.apply(command).map_err(|e| e.to_string())?;
                // The files of the attachments the merge brought, from the copy's folder.
                if store::attachments::lacks_any(&self.path, &self.book) {
                    let casebook = self.path.clone();
                    let (key, book) = (self.trust.key.clone(), Arc::clone(&self.book));
                    self.transfers
                        .run(|| attachments::start_carry(source, casebook, key, book))?;
                }
            }
            Request::Exported {
                path,
                disclosures,
                print,
            } => {
                let recorded = disclosures.len();
                for command in disclosures {
                    self.apply(command).map_err(|e| e.to_string())?;
                }
                let disclosed = if recorded > 0 {
                    format!(
                        "; the disclosure is recorded in {}",
                        count(recorded, "case", "cases")
                    )
                } else {
                    String::new()
                };
                if print {
                    // Printed from the system's viewer, which has the printers and their settings.
                    self.openings.push(dialogs.open_path(&path, false)?);
                    self.tell(Notice::info(format!(
                        "The summary is opening in your PDF viewer: print it from there{disclosed}"
                    )));
                } else {
                    self.tell(Notice::written(
                        format!("Exported {}{disclosed}", path.display()),
                        path,
                    ));
                }
            }
            Request::Imported {
                book,
                generation,
                undo,
                entries,
                cases,
            } => {
                if generation != self.generation {
                    return Err("The casebook changed while importing, so nothing was imported: import the file again".into());
                }
                self.adopt(*book, undo, entries);
                self.tell(Notice::info(format!(
                    "Imported {}",
                    count(cases, "row", "rows")
                )));
            }
            Request::ReviewMerge(view, generation) => {
                self.dialog = Some(Dialog::Merge(view, generation));
            }
            Request::Tell(notice) => self.tell(notice),
            Request::Attach { case, paths, to } => self.attach(case, paths, to, dialogs)?,
            Request::ChooseAttachment(case, to) => {
                match dialogs.pick_file(&self.folder(), ANY_FILE) {
                    DialogResult::Chosen(path) => self.attach(case, vec![path], to, dialogs)?,
                    DialogResult::Cancelled => {}
                    DialogResult::Unavailable => return Err(NO_FILE_DIALOG.into()),
                }
            }
            Request::Attached {
                case,
                to,
                stored,
                failed,
            } => self.record_attached(case, to, stored, failed)?,
            Request::OpenAttachment { case, attachment } => {
                let casebook = self.path.clone();
                let (key, book) = (self.trust.key.clone(), Arc::clone(&self.book));
                self.transfers
                    .run(|| attachments::start_open(casebook, key, book, case, attachment))?;
            }
            Request::WriteBundle(order) => self.write_bundle(*order, dialogs)?,
            Request::PurgeAttachments => self.purge_attachments()?,
            Request::StartDraft(case) => {
                if let Some(case) = self.book.case(case) {
                    self.transfers.start_draft(case, self.today);
                }
            }
            Request::Drafted(done) => self.record_drafted(*done)?,
        }
        Ok(None)
    }

    /// Applies the repair the officer asked for; saving then keeps the old file as a snapshot.
    fn repair_now(&mut self) {
        let Some(fix) = self.trust.repair.take() else {
            return;
        };
        let (book, repairs) = *fix;
        // Weighed first: once sound, the repair is saved at once.
        self.trust.repaired(&book, self.today);
        self.replace_casebook(book, false);
        self.tell(Notice::info(format!(
            "Repaired {}. Saving the repair; the file as it was is kept as a snapshot.",
            count(repairs.len(), "problem", "problems")
        )));
    }

    /// The casebook's folder: where a path typed without one is taken.
    fn folder(&self) -> PathBuf {
        store::typed_path(".", self.path.parent().unwrap_or(Path::new(".")), None)
    }

    /// Stores the files at `paths` for `case` (`to`: for a checklist item, a hearing or a
    /// move of it) in the background (a typed path taken in the casebook's folder); their
    /// events are recorded when they are stored.
    fn attach(
        &mut self,
        case: CaseId,
        paths: Vec<PathBuf>,
        to: Option<AttachedTo>,
        dialogs: &dyn Dialogs,
    ) -> Result<(), String> {
        let home = dialogs.home_folder();
        let folder = self.folder();
        let paths = paths
            .iter()
            .map(|p| store::typed_path(&p.to_string_lossy(), &folder, home.as_deref()))
            .collect();
        let (casebook, key) = (self.path.clone(), self.trust.key.clone());
        self.transfers
            .run(|| attachments::start_attach(casebook, key, case, to, paths))
    }

    /// Records the files stored for `case`; a file whose event is refused (attached already)
    /// is said, and its bytes, if stored just now, removed again.
    fn record_attached(
        &mut self,
        case: CaseId,
        to: Option<AttachedTo>,
        stored: Vec<(String, store::attachments::Stored)>,
        mut failed: Vec<String>,
    ) -> Result<(), String> {
        let mut attached = Vec::new();
        for (name, s) in stored {
            match self.apply(attachments::attach_command(
                case,
                name.clone(),
                &s,
                to,
                None,
            )) {
                Ok(_) => attached.push(name),
                Err(e) => {
                    if !s.already {
                        store::attachments::remove_unrecorded(&self.path, &s.hash);
                    }
                    failed.push(format!("{name}: {e}"));
                }
            }
        }
        if !failed.is_empty() {
            return Err(failed.join("; "));
        }
        self.tell(Notice::info(format!("Attached {}", attached.join(", "))));
        Ok(())
    }

    /// Deletes the files no attachment on a case uses any more, once the officer confirmed;
    /// never while a file is being stored (its event not yet recorded, it would look unused).
    fn purge_attachments(&mut self) -> Result<(), String> {
        if let Some(why) = self.trust.read_only.first() {
            return Err(format!(
                "This casebook is read-only, so nothing was purged: {}",
                why.describe()
            ));
        }
        if !self.transfers.is_idle() {
            return Err("Wait for the work under way to finish, then purge".into());
        }
        let unused = store::attachments::unused(&self.path, &self.book)
            .and_then(|unused| store::attachments::purge(&self.path, &unused).map(|()| unused))
            .map_err(|e| format!("Could not purge the attachments' files: {e}"))?;
        let size: u64 = unused.iter().map(|u| u.size).sum();
        self.tell(Notice::info(match unused.len() {
            0 => "No attachment's file was unused: nothing to purge".to_string(),
            n => format!(
                "Purged {} ({}) no case uses",
                count(n, "file", "files"),
                crate::count::bytes(size)
            ),
        }));
        Ok(())
    }

    /// Keeps a drafted letter with its case: its bytes stored beside the casebook (sealed as
    /// the casebook is), then its event; a refused event leaves no bytes behind.
    fn record_drafted(&mut self, done: draft_ui::DraftDone) -> Result<(), String> {
        let draft_ui::DraftDone {
            path,
            attach,
            bytes,
        } = done;
        let unkept = |e: String| {
            format!(
                "Drafted {}, but it could not be attached to the case: {e}",
                path.display()
            )
        };
        let key = self.trust.key.clone();
        let stored =
            store::attachments::store_bytes(&self.path, &attach.name, &bytes, key.as_ref())
                .map_err(|e| unkept(e.to_string()))?;
        let command = attachments::attach_command(
            attach.case,
            attach.name,
            &stored,
            None,
            Some(attach.drafted),
        );
        if let Err(e) = self.apply(command) {
            if !stored.already {
                store::attachments::remove_unrecorded(&self.path, &stored.hash);
            }
            return Err(unkept(e.to_string()));
        }
        self.tell(Notice::written(
            format!("Drafted {}; it is attached to the case", path.display()),
            path,
        ));
        Ok(())
    }

    /// Writes the bundle `order` asks for in the background, once its path passes the check
    /// every export's does; the disclosure is recorded when it is written.
    fn write_bundle(&mut self, order: BundleRequest, dialogs: &dyn Dialogs) -> Result<(), String> {
        let typed = store::typed_path(
            &order.path.to_string_lossy(),
            &self.folder(),
            dialogs.home_folder().as_deref(),
        );
        let file = store::check_output_path(&typed, &[&self.path], store::Writing::Export)
            .map_err(|e| e.to_string())?;
        if file.exists && !order.replace {
            return Err(format!(
                "{} already exists: tick \"Replace it if it exists\" to replace it",
                file.path.display()
            ));
        }
        let sealed_for = order.passphrase.clone().map(Key::new);
        let order = BundleRequest {
            path: file.path,
            ..order
        };
        let (casebook, key, book) = (
            self.path.clone(),
            self.trust.key.clone(),
            Arc::clone(&self.book),
        );
        let now = self.clock.now();
        self.transfers
            .run(|| attachments::start_bundle(casebook, key, book, order, sealed_for, now))
    }

    /// Waits for the running export, import or merge and applies what it asks for (for tests
    /// and scripted use).
    pub fn finish_transfer(&mut self) {
        if let Some(request) = self.transfers.finish() {
            self.handle_all(vec![request], &mut NoDialogs);
        }
    }

    /// Handles a window command from the menu, the keyboard or a button.
    fn run_ui_command(
        &mut self,
        command: UiCommand,
        dialogs: &mut dyn Dialogs,
    ) -> Result<Option<DeskOutcome>, String> {
        match command {
            UiCommand::Save => self.save_checked()?,
            UiCommand::SaveAs => return self.ask_path(PathPurpose::SaveAs, dialogs),
            UiCommand::Open => return self.ask_path(PathPurpose::Open, dialogs),
            UiCommand::NewCasebook => return self.ask_path(PathPurpose::NewCasebook, dialogs),
            UiCommand::Snapshots => {
                let list = store::list_snapshots(&self.path)
                    .map_err(|e| format!("Could not list the snapshots: {e}"))?;
                self.dialog = Some(Dialog::Snapshots {
                    list,
                    preview: None,
                });
            }
            UiCommand::Passphrase => {
                self.dialog = Some(Dialog::Passphrase(PassphraseForm::default()));
            }
            UiCommand::MergeFrom => return self.ask_path(PathPurpose::Merge, dialogs),
            UiCommand::ExportAgenda => return self.ask_path(PathPurpose::ExportAgenda, dialogs),
            UiCommand::TeamFolder => {
                let form = super::team::TeamForm::of(&self.book.settings);
                self.dialog = Some(Dialog::TeamFolder(Box::new(form)));
            }
            UiCommand::Officer => {
                let form = super::officer::OfficerForm::of(self.team.installation().officer());
                self.dialog = Some(Dialog::Officer(form));
            }
            UiCommand::Undo => self.step(true)?,
            UiCommand::Redo => self.step(false)?,
            UiCommand::NewCase => self.case_view.start_new_case(self.today),
            UiCommand::FocusFilter => {
                self.view = View::Register;
                self.register.request_focus();
            }
            UiCommand::ShowDashboard => self.view = View::Dashboard,
            UiCommand::ShowRegister => self.view = View::Register,
            UiCommand::ExportSummary | UiCommand::ReviewReport | UiCommand::ExportRegister => {
                let visible: Vec<CaseId> = (0..self.register.visible_count())
                    .filter_map(|i| self.register.visible_id(i))
                    .collect();
                let selected = self.register.selected();
                self.transfers
                    .start_export(command, selected, visible, self.today);
            }
            UiCommand::Print => self.print()?,
            UiCommand::ImportCsv => {
                let place = Place {
                    book: &self.book,
                    casebook: &self.path,
                    generation: self.generation,
                    clock: self.clock,
                };
                self.transfers.start_import(dialogs, &place);
            }
        }
        Ok(None)
    }

    /// Writes the selected case's full summary as a PDF to a place of Casedesk's own and opens
    /// it in the system's viewer, to print from there.
    fn print(&mut self) -> Result<(), String> {
        let Some(case) = self.register.selected().and_then(|id| self.book.case(id)) else {
            return Err("Select a case to print its summary".into());
        };
        let name = format!("{}-summary.pdf", case.reference);
        let path = store::print_file_in(&self.print_folder, &name).map_err(|e| {
            format!(
                "Could not make the folder to print from, {}: {e}",
                self.print_folder.display()
            )
        })?;
        let place = Place {
            book: &self.book,
            casebook: &self.path,
            generation: self.generation,
            clock: self.clock,
        };
        self.transfers.start_print(case.id, path, &place)
    }

    fn ask_path(
        &mut self,
        purpose: PathPurpose,
        dialogs: &mut dyn Dialogs,
    ) -> Result<Option<DeskOutcome>, String> {
        let folder = self
            .path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let answer = match purpose {
            PathPurpose::Open | PathPurpose::Merge => dialogs.pick_open(&folder),
            PathPurpose::SaveAs => dialogs.pick_save(&folder, "casebook.ron"),
            PathPurpose::NewCasebook => dialogs.pick_save(&folder, "new-casebook.ron"),
            PathPurpose::ExportAgenda => dialogs.pick_save(&folder, "agenda.ics"),
        };
        match answer {
            DialogResult::Chosen(path) => self.path_chosen(purpose, path),
            DialogResult::Cancelled => Ok(None),
            DialogResult::Unavailable => {
                self.dialog = Some(Dialog::Path {
                    purpose,
                    text: String::new(),
                    error: None,
                });
                Ok(None)
            }
        }
    }

    /// Acts on a chosen path; switching casebooks with unsaved changes asks first.
    fn path_chosen(
        &mut self,
        purpose: PathPurpose,
        path: PathBuf,
    ) -> Result<Option<DeskOutcome>, String> {
        match purpose {
            PathPurpose::Merge => {
                if path == self.path {
                    return Err(
                        "This is the casebook already open: choose another copy to merge".into(),
                    );
                }
                self.merge_in_background(path)?;
            }
            PathPurpose::ExportAgenda => self.export_agenda(&path)?,
            PathPurpose::SaveAs => {
                // Where it really is, behind any symbolic link, like a casebook opened.
                let path = store::real_path(&path)
                    .map_err(|e| format!("Could not follow the link {}: {e}", path.display()))?;
                // A new file is this window's to write: lock it first.
                if path != self.path {
                    let lock = store::lock::acquire(&path, self.clock.now_utc())
                        .map_err(|e| e.to_string())?;
                    self.trust.pending_lock = PendingLock::new(path.clone(), lock);
                } else if !self.trust.may_save() {
                    return self.save_checked().map(|()| None);
                }
                self.save_to(path);
            }
            PathPurpose::Open | PathPurpose::NewCasebook => {
                let after = match purpose {
                    PathPurpose::Open => DeskOutcome::Open(path),
                    _ => DeskOutcome::New(path),
                };
                if self.is_dirty() {
                    self.dialog = Some(Dialog::Unsaved(after));
                } else {
                    return Ok(Some(after));
                }
            }
        }
        Ok(None)
    }

    /// Reads and compares another copy of the casebook (with this one's passphrase, if
    /// encrypted) on a background thread; the review opens when it is done.
    fn merge_in_background(&mut self, source: PathBuf) -> Result<(), String> {
        let place = Place {
            book: &self.book,
            casebook: &self.path,
            generation: self.generation,
            clock: self.clock,
        };
        self.transfers
            .start_merge(source, self.trust.key.clone(), &place)
    }

    /// File → Export agenda…: the agenda's items as the view filters them, every one ahead,
    /// as an iCalendar file (never over the casebook or one of its files). The officer's own
    /// diary, so no disclosure is recorded.
    fn export_agenda(&mut self, path: &Path) -> Result<(), String> {
        let file = store::check_output_path(path, &[self.path.as_path()], store::Writing::Export)
            .map_err(|e| e.to_string())?;
        let filter = &self.agenda_view.filter;
        let lines = crate::export::redact::agenda_lines(&self.book, &self.agenda, filter, true);
        let bytes = crate::export::agenda::ics(&lines, self.clock.now_utc());
        file.write_export(&bytes)
            .map_err(|e| format!("The agenda was not written: {e}"))?;
        self.tell(Notice::info(format!(
            "Wrote {} agenda items to {}",
            lines.len(),
            file.path.display()
        )));
        Ok(())
    }

    /// The answer to "Save changes?": save first, then carry on.
    fn save_then(&mut self, after: DeskOutcome) -> Result<(), String> {
        self.after_save = Some(after);
        self.save_checked()
    }

    /// Saves to the casebook's own file, unless someone else changed it meanwhile: then asks.
    fn save_checked(&mut self) -> Result<(), String> {
        if let Some(why) = self.trust.read_only.first() {
            self.after_save = None;
            return Err(format!(
                "This casebook is read-only: {} Use Save as… to keep your changes in another file.",
                why.describe()
            ));
        } else if !self.path.exists() && self.disk.is_some() {
            self.dialog = Some(Dialog::ChangedOnDisk { deleted: true });
        } else if self.path.exists() && DiskStamp::of(&self.path) != self.disk {
            self.dialog = Some(Dialog::ChangedOnDisk { deleted: false });
        } else {
            self.save_to(self.path.clone());
        }
        Ok(())
    }

    /// Replaces the casebook wholesale: a restored snapshot (`saved`, its file rewritten), or a
    /// repair, saved at once (it is the one change not made by a command, so the journal cannot
    /// hold it).
    fn replace_casebook(&mut self, book: Casebook, saved: bool) {
        self.book = Arc::new(book);
        self.undo.clear();
        self.redo.clear();
        self.case_view = CaseView::default();
        self.rebuild_views();
        self.generation += 1;
        if saved {
            self.saved_generation = self.generation;
            self.disk = DiskStamp::of(&self.path);
            self.fresh_journal();
        } else if self.trust.may_save() {
            self.save_to(self.path.clone());
        }
    }

    /// The date changed while the window was open.
    fn new_day(&mut self, today: NaiveDate) {
        self.today = today;
        self.rebuild_views();
    }

    /// The officer chose to discard unsaved changes before closing.
    fn discarded_for_close(&mut self) {
        self.saved_generation = self.generation;
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// The time the desk works at.
    pub fn clock(&self) -> Clock {
        self.clock
    }

    fn title_changed(&mut self) -> Option<String> {
        let title = self.title();
        (title != self.title).then(|| {
            self.title.clone_from(&title);
            title
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A desk on an empty casebook in `dir`, its clock fixed.
    fn empty_desk(dir: &Path) -> Desk {
        let now = "2026-11-23T10:00:00+00:00".parse().unwrap();
        Desk::new(
            dir.join("book.ron"),
            Casebook::default(),
            Clock::Fixed(now),
            Trust::default(),
        )
    }

    #[test]
    fn of_several_errors_in_one_frame_the_first_is_shown() {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = empty_desk(dir.path());
        let missing = |n| CaseId(uuid::Uuid::from_u128(n));
        let discard = |n| Request::Change(Command::DiscardCase { case: missing(n) });
        desk.handle_all(vec![discard(1), discard(2)], &mut NoDialogs);
        let notice = desk.notice().expect("the error is shown");
        assert!(notice.error);
        assert!(
            notice.text.contains(&missing(1).to_string()),
            "{}",
            notice.text
        );
    }

    #[test]
    fn why_a_change_was_refused_goes_once_a_change_is_made() {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = empty_desk(dir.path());
        let refused = Request::Change(Command::DiscardCase {
            case: CaseId(uuid::Uuid::from_u128(1)),
        });
        desk.handle_all(vec![refused], &mut NoDialogs);
        assert!(desk.notice().is_some_and(|n| n.error));
        // Moving about changes nothing, and the message stays.
        desk.handle_all(vec![Request::ShowView(View::People)], &mut NoDialogs);
        assert!(desk.notice().is_some_and(|n| n.error));
        let person = crate::domain::Person::new(
            crate::domain::PersonId(uuid::Uuid::from_u128(2)),
            "Bilal Ahmed",
        );
        let made = Request::Change(Command::SavePerson(Box::new(person)));
        desk.handle_all(vec![made], &mut NoDialogs);
        assert!(desk.notice().is_none());
        // An error that is not about a refused change stays until it is dealt with.
        desk.tell(Notice::error("The journal could not be written"));
        let person = crate::domain::Person::new(
            crate::domain::PersonId(uuid::Uuid::from_u128(3)),
            "Sana Iqbal",
        );
        let made = Request::Change(Command::SavePerson(Box::new(person)));
        desk.handle_all(vec![made], &mut NoDialogs);
        assert!(desk.notice().is_some_and(|n| n.error));
    }
}
