//! The team folder in the window: File → Team folder… sets it and binds this casebook to it on
//! this computer; the other copies in it (colleagues', and the officer's own from other
//! computers) are looked at on a background thread (on open, after each save, and every
//! [`RESCAN_SECS`]), and those that would change this casebook are announced in a banner that
//! opens the merge review. A copy is looked at again only when its modification time changes,
//! and then only its head is read when it can be trusted (`store::head`): no copy is held in
//! memory, and the review reads the one it merges. A sync engine's conflict copy of the own
//! file is read whole (one at a time) again when it or this casebook changes, and once
//! everything in it is in the saved casebook the banner offers to remove it.

use super::form_keys::escape_closes;
use super::request::{DialogStep, Request};
use crate::domain::{Casebook, Frontier, Settings, merge::merge};
use crate::store::team::{Look, Named, TeamCopy, Whose, look, team_copies};
use crate::store::{self, Installation, Key};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::SystemTime;

/// Seconds between two looks at the team folder while the window is open.
pub const RESCAN_SECS: f64 = 30.0;

/// What a look at one copy found.
#[derive(Clone, Debug, PartialEq)]
enum Found {
    /// Nothing this casebook lacks.
    Nothing,
    /// Changes to review, from whoever this is.
    Changes(Whose),
    /// A sync conflict copy of the own file whose every change is in the saved casebook.
    Merged,
}

type Read = (PathBuf, LastRead, Result<Found, String>);

/// When a copy was last read: its modification time, and for a conflict copy of the own copy
/// (whose answer depends on this casebook too) what this casebook had seen and whether it was
/// saved.
#[derive(Clone, PartialEq)]
struct LastRead {
    modified: SystemTime,
    against: Option<(Frontier, bool)>,
}

struct Scan {
    folder: PathBuf,
    /// Every copy in the folder, read or not, so copies that were removed are forgotten.
    present: Vec<PathBuf>,
    read: Vec<Read>,
    error: Option<String>,
}

/// What the window knows of the team folder.
pub struct TeamWatch {
    /// This computer's installation: the name of its copy, and which casebook writes it.
    installation: Installation,
    folder: Option<PathBuf>,
    /// When each copy was last read.
    read: HashMap<PathBuf, LastRead>,
    /// Copies that bring something new, oldest name first, and whose they are.
    waiting: Vec<(PathBuf, Whose)>,
    /// Sync conflict copies of the own file with nothing the saved casebook lacks.
    merged: Vec<PathBuf>,
    /// Merged conflict copies the officer chose to keep.
    kept: HashSet<PathBuf>,
    scan: Option<Receiver<Scan>>,
    next_at: f64,
    /// Why the folder or a copy in it could not be read, or the installation kept.
    pub problem: Option<String>,
    installation_problem: Option<String>,
    /// The own copy being written after a save: apart from the save itself, so a slow or hung
    /// share never holds up the save, nor the next one.
    sharing: Option<Receiver<Option<String>>>,
    /// Why the last copy could not be written.
    share_failure: Option<String>,
}

impl Default for TeamWatch {
    fn default() -> Self {
        Self::with(Installation::passing(), None)
    }
}

/// A save's share of the team folder: the own copy written once the casebook is saved, on the
/// save's thread, reported on a channel of its own.
pub struct Sharing {
    installation: Installation,
    report: Sender<Option<String>>,
}

impl Sharing {
    /// On the save's thread, once the save has reported: writes this installation's copy of
    /// `book`, saved at `casebook`, if it is the casebook bound to the folder.
    pub fn after_save(
        mut self,
        saved: bool,
        book: &Casebook,
        casebook: &Path,
        key: Option<&Key>,
        now: chrono::DateTime<chrono::Utc>,
    ) {
        if !saved {
            return;
        }
        let failure = match store::team::share(book, casebook, &mut self.installation, now, key) {
            Some(Err(e)) => Some(format!("Saved, but not to the team folder: {e}")),
            // Not bound: the banner says so and offers to share from here.
            Some(Ok(_)) | None => None,
        };
        let _receiver_gone = self.report.send(failure);
    }
}

impl TeamWatch {
    /// A watch for a desk on this computer's `installation`; `problem` says why it could not
    /// be kept, if so.
    pub fn with(installation: Installation, problem: Option<String>) -> Self {
        Self {
            installation,
            folder: None,
            read: HashMap::new(),
            waiting: Vec::new(),
            merged: Vec::new(),
            kept: HashSet::new(),
            scan: None,
            next_at: 0.0,
            problem: None,
            installation_problem: problem,
            sharing: None,
            share_failure: None,
        }
    }

    pub fn installation(&self) -> &Installation {
        &self.installation
    }

    /// Keeps `officer` as who works on this computer.
    pub fn set_officer(&mut self, officer: store::Officer) -> std::io::Result<()> {
        self.installation.set_officer(officer)
    }

    /// The copies waiting to be reviewed.
    pub fn waiting(&self) -> impl Iterator<Item = &Path> {
        self.waiting.iter().map(|(p, _)| p.as_path())
    }

    /// Sync conflict copies of the own file that are merged, offered for removal.
    pub fn merged(&self) -> &[PathBuf] {
        &self.merged
    }

    /// Reading the folder or writing the own copy.
    pub fn is_working(&self) -> bool {
        self.scan.is_some() || self.sharing.is_some()
    }

    /// What is wrong with the team folder, for the status line.
    pub fn problems(&self) -> impl Iterator<Item = &str> {
        self.share_failure
            .iter()
            .chain(&self.problem)
            .chain(&self.installation_problem)
            .map(String::as_str)
    }

    /// What a save's thread needs to write the own copy once the casebook is saved; `None`
    /// while the copy of an earlier save is still being written (this save is then not in it).
    pub fn start_sharing(&mut self) -> Option<Sharing> {
        if self.sharing.is_some() {
            self.share_failure = Some("Saved, but not to the team folder: it is slow or out of reach (the copy of an earlier save is still being written)".into());
            return None;
        }
        let (report, rx) = channel();
        self.sharing = Some(rx);
        Some(Sharing {
            installation: self.installation.clone(),
            report,
        })
    }

    /// Looks at the folder at the next poll (after a save).
    pub fn rescan_soon(&mut self) {
        self.next_at = f64::NEG_INFINITY;
    }

    /// Finishes a scan (waiting for it with `wait`) and starts one when due. `saved`: the
    /// casebook in memory is the one on disk, so a conflict copy it holds all of may go.
    pub fn poll(
        &mut self,
        now_secs: f64,
        wait: bool,
        book: &Arc<Casebook>,
        casebook: &Path,
        key: Option<&Key>,
        saved: bool,
    ) {
        if let Some(rx) = &self.sharing {
            match if wait {
                rx.recv().map_err(|_| TryRecvError::Disconnected)
            } else {
                rx.try_recv()
            } {
                Ok(failure) => {
                    self.share_failure = failure;
                    self.sharing = None;
                }
                Err(TryRecvError::Empty) => {}
                // The save failed: there was nothing to share.
                Err(TryRecvError::Disconnected) => self.sharing = None,
            }
        }
        if let Some(rx) = &self.scan {
            let scan = if wait {
                rx.recv().map_err(|_| TryRecvError::Disconnected)
            } else {
                rx.try_recv()
            };
            match scan {
                Ok(scan) => {
                    self.scan = None;
                    self.finish(scan);
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.scan = None;
                    self.problem = Some("Reading the team folder stopped unexpectedly".into());
                }
            }
        }
        let folder = book.settings.team_folder.clone();
        if folder != self.folder {
            // Another folder (or none): nothing read from the old one counts.
            let installation = self.installation.clone();
            *self = Self {
                folder,
                sharing: self.sharing.take(),
                installation_problem: self.installation_problem.take(),
                ..Self::with(installation, None)
            };
        }
        if let Some(folder) = &self.folder
            && self.scan.is_none()
            && now_secs >= self.next_at
        {
            self.next_at = now_secs + RESCAN_SECS;
            // Another window or `casedesk team-folder` may have bound another casebook.
            self.installation.reload();
            self.scan = Some(start_scan(ScanInput {
                folder: folder.clone(),
                ours: Arc::clone(book),
                casebook: casebook.to_path_buf(),
                key: key.cloned(),
                read: self.read.clone(),
                installation: self.installation.clone(),
                saved,
            }));
        }
    }

    fn finish(&mut self, scan: Scan) {
        if Some(&scan.folder) != self.folder.as_ref() {
            return;
        }
        let present = |p: &PathBuf| scan.present.contains(p);
        self.read.retain(|p, _| present(p));
        self.waiting.retain(|(p, _)| present(p));
        self.merged.retain(present);
        self.kept.retain(present);
        self.problem = scan.error;
        for (path, last, result) in scan.read {
            self.read.insert(path.clone(), last);
            self.waiting.retain(|(p, _)| *p != path);
            self.merged.retain(|p| *p != path);
            match result {
                Ok(Found::Changes(whose)) => self.waiting.push((path, whose)),
                Ok(Found::Merged) if !self.kept.contains(&path) => self.merged.push(path),
                Ok(Found::Merged | Found::Nothing) => {}
                Err(e) => self.problem = Some(e),
            }
        }
        self.waiting.sort_by(|a, b| a.0.cmp(&b.0));
        self.merged.sort();
    }

    /// The officer applied (or set aside) what this copy brings: it is announced again only
    /// once it is written again.
    pub fn done_with(&mut self, copy: &Path) {
        self.waiting.retain(|(p, _)| p != copy);
    }

    /// Whether `casebook`'s copy is written to its team folder from this computer.
    fn shares_from(&self, casebook: &Path) -> bool {
        self.folder
            .as_deref()
            .is_none_or(|folder| self.installation.is_bound(folder, casebook))
    }
}

/// What a scan works from.
struct ScanInput {
    folder: PathBuf,
    ours: Arc<Casebook>,
    casebook: PathBuf,
    key: Option<Key>,
    read: HashMap<PathBuf, LastRead>,
    installation: Installation,
    saved: bool,
}

/// Looks, on a background thread, at the copies in the folder that changed since they were
/// read, and at the conflict copies of the own file this casebook changed or was saved since.
fn start_scan(at: ScanInput) -> Receiver<Scan> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let copies = team_copies(
            &at.folder,
            &at.ours.settings,
            &at.installation,
            &[&at.casebook],
        );
        let scan = match copies {
            Err(e) => Scan {
                error: Some(format!(
                    "The team folder {} cannot be read: {e}",
                    at.folder.display()
                )),
                folder: at.folder.clone(),
                present: Vec::new(),
                read: Vec::new(),
            },
            Ok(copies) => Scan {
                present: copies.iter().map(|c| c.path.clone()).collect(),
                read: copies
                    .into_iter()
                    .filter_map(|c| {
                        let last = LastRead {
                            modified: c.modified,
                            against: (c.named == Named::OwnConflict)
                                .then(|| (at.ours.stamps().seen.clone(), at.saved)),
                        };
                        (at.read.get(&c.path) != Some(&last)).then(|| {
                            let found = look_at(&c, &at).map_err(|e| {
                                format!("A copy in the team folder cannot be read: {e}")
                            });
                            (c.path, last, found)
                        })
                    })
                    .collect(),
                folder: at.folder.clone(),
                error: None,
            },
        };
        let _receiver_gone = tx.send(scan);
    });
    rx
}

/// What one copy brings: from its head when it can be trusted, else from the whole copy, read,
/// compared and dropped before the next is read.
fn look_at(copy: &TeamCopy, at: &ScanInput) -> Result<Found, String> {
    let ours = &at.ours;
    // A conflict copy of the own copy was written under this very replica: its head cannot
    // tell what it holds (`store::team::remove_if_merged`).
    let head = match copy.named {
        Named::OwnConflict => Look::Unknown,
        Named::Other => {
            look(&copy.path, &ours.stamps().seen, at.key.as_ref()).map_err(|e| e.to_string())?
        }
    };
    let (brings, settings) = match head {
        Look::Seen(head) => (false, head.settings),
        Look::New(head) => (true, head.settings),
        Look::Unknown => {
            let theirs =
                store::load_with(&copy.path, at.key.as_ref()).map_err(|e| e.to_string())?;
            (!merge(ours, &theirs).is_empty(), theirs.settings.clone())
        }
    };
    Ok(match (brings, &copy.named) {
        (true, named) => Found::Changes(Whose::of(&copy.path, named, &settings, &ours.settings)),
        (false, Named::OwnConflict) if at.saved => Found::Merged,
        (false, _) => Found::Nothing,
    })
}

/// File → Team folder…: the folder, and the officer's name and agency its copy is named after.
pub struct TeamForm {
    folder: String,
    officer: String,
    agency: String,
    error: Option<String>,
}

impl TeamForm {
    pub fn of(settings: &Settings) -> Self {
        Self {
            folder: (settings.team_folder.as_deref())
                .map(|f| f.display().to_string())
                .unwrap_or_default(),
            officer: settings.officer_name.clone(),
            agency: settings.officer_agency.clone(),
            error: None,
        }
    }

    /// `current` with this form's officer and agency and `team_folder`.
    fn settings(&self, current: &Settings, team_folder: Option<PathBuf>) -> Settings {
        Settings {
            officer_name: self.officer.trim().to_string(),
            officer_agency: self.agency.trim().to_string(),
            team_folder,
            ..current.clone()
        }
    }
}

impl TeamWatch {
    /// Above the register: "2 copies in the team folder have changes: Review… Later S. Qureshi
    /// (FIA); your copy from laptop-7"; a conflict copy of the own file that is merged, with
    /// Remove it; and, when `casebook` is not the one sharing into its team folder, Share from
    /// here.
    pub(super) fn banner_ui(&self, ui: &mut egui::Ui, casebook: &Path) -> Option<Request> {
        let count = self.waiting.len();
        let merged = self.merged.first();
        let unbound = !self.shares_from(casebook);
        if count == 0 && merged.is_none() && !unbound {
            return None;
        }
        let mut request = None;
        egui::Panel::top("team banner").show(ui, |ui| {
            if count > 0 {
                ui.horizontal(|ui| {
                    ui.label(
                        egui::RichText::new(if count == 1 {
                            "1 copy in the team folder has changes:".to_string()
                        } else {
                            format!("{count} copies in the team folder have changes:")
                        })
                        .strong(),
                    );
                    if ui.button("Review…").clicked() {
                        request = Some(Request::ReviewTeamCopy);
                    }
                    if ui.button("Later").clicked() {
                        request = Some(Request::TeamCopiesLater);
                    }
                    let names: Vec<String> = (self.waiting.iter())
                        .map(|(path, whose)| whose.label(path))
                        .collect();
                    ui.label(names.join("; "));
                });
            }
            if let Some(path) = merged {
                ui.horizontal(|ui| {
                    ui.label(egui::RichText::new("A sync conflict copy is merged:").strong());
                    ui.label(format!(
                        "everything in {} is in your saved casebook.",
                        path.file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default()
                    ));
                    if ui.button("Remove it").clicked() {
                        request = Some(Request::RemoveMergedCopy(path.clone()));
                    }
                    if ui.button("Keep it").clicked() {
                        request = Some(Request::KeepMergedCopy(path.clone()));
                    }
                });
            }
            if unbound {
                ui.horizontal(|ui| {
                    ui.label(
                        egui::RichText::new(
                            "Your copy is not written to the team folder from this casebook:",
                        )
                        .strong(),
                    );
                    let folder = self.folder.as_deref().unwrap_or(Path::new(""));
                    ui.label(match self.installation.bound_casebook(folder) {
                        Some(other) => {
                            format!("on this computer it is written from {}.", other.display())
                        }
                        None => "no casebook shares into it from this computer.".into(),
                    });
                    if ui.button("Share from this casebook").clicked() {
                        request = Some(Request::ShareFromHere);
                    }
                });
            }
        });
        request
    }

    /// The first copy waiting to be reviewed.
    pub fn first_waiting(&self) -> Option<&Path> {
        self.waiting.first().map(|(p, _)| p.as_path())
    }

    /// Announces no copy again until each is written again.
    pub fn later(&mut self) {
        self.waiting.clear();
    }

    /// The officer keeps this merged conflict copy: it is not offered for removal again.
    pub fn keep_merged(&mut self, path: &Path) {
        self.merged.retain(|p| p != path);
        self.kept.insert(path.to_path_buf());
    }

    /// Removes a sync conflict copy of the own file once the saved casebook (`book`, `saved`)
    /// holds all of it; says what became of it.
    pub fn remove_merged(
        &mut self,
        path: &Path,
        book: &Casebook,
        saved: bool,
        key: Option<&Key>,
    ) -> Result<String, String> {
        self.merged.retain(|p| p != path);
        let name = path.display();
        if !saved {
            return Err(format!(
                "Save first: {name} is removed once everything in it is saved"
            ));
        }
        match store::team::remove_if_merged(path, book, key) {
            Ok(true) => Ok(format!(
                "Removed {name}: everything in it is in your casebook"
            )),
            Ok(false) => Err(format!(
                "{name} was not removed: it holds changes your casebook lacks"
            )),
            Err(e) => Err(format!("{name} could not be removed: {e}")),
        }
    }

    /// Makes `casebook` the one whose copy this computer writes into its team folder.
    pub fn share_from(&mut self, casebook: &Path) -> Result<String, String> {
        let Some(folder) = self.folder.clone() else {
            return Err("This casebook has no team folder".into());
        };
        match self.installation.bind(&folder, casebook) {
            Ok(()) => {
                self.rescan_soon();
                Ok(format!(
                    "Your copy is written to {} from this casebook on each save",
                    folder.display()
                ))
            }
            Err(e) => Err(format!(
                "This casebook could not be bound to the team folder: {e}"
            )),
        }
    }

    /// Binds `casebook` to `folder` on this computer, or unbinds it (`None`); says so.
    pub fn set_folder(&mut self, folder: Option<&Path>, casebook: &Path) -> Result<String, String> {
        let bound = match folder {
            Some(f) => self.installation.bind(f, casebook),
            None => self.installation.unbind(casebook),
        };
        match (folder, bound) {
            (_, Err(e)) => Err(format!(
                "The team folder is set, but this casebook could not be bound to it: {e}"
            )),
            (Some(f), Ok(())) => Ok(format!(
                "Team folder {}: your copy is written there from this casebook on each save",
                f.display()
            )),
            (None, Ok(())) => Ok("No team folder: your copy is no longer written there (the last one stays until you remove it)".into()),
        }
    }
}

impl TeamForm {
    /// The dialog: `settings` as they are, the casebook's folder `here` (a relative folder is
    /// taken there), whether it is `encrypted`, and this computer's `installation`.
    pub(super) fn show(
        &mut self,
        ui: &mut egui::Ui,
        settings: &Settings,
        here: &Path,
        encrypted: bool,
        installation: &Installation,
        escape: bool,
    ) -> DialogStep {
        // `Some(folder)`: the setting chosen (`Some(None)` stops sharing).
        let mut chosen: Option<Option<PathBuf>> = None;
        let mut cancel = false;
        egui::Modal::new(egui::Id::unique("team folder dialog")).show(ui.ctx(), |ui| {
            ui.set_max_width(560.0);
            ui.heading("Team folder");
            ui.label("A folder your colleagues also use: a network share, a synced folder, a USB stick. Each save also writes your copy of this casebook there, and your colleagues' copies are offered for merging when they bring changes.");
            if encrypted {
                ui.label("Your copy is encrypted with this casebook's passphrase: colleagues need the same passphrase to read it.");
            }
            for (name, text) in [
                ("Folder", &mut self.folder),
                ("Your name", &mut self.officer),
                ("Your agency", &mut self.agency),
            ] {
                let label = ui.label(name);
                ui.add(egui::TextEdit::singleline(text).desired_width(520.0))
                    .labelled_by(label.id);
            }
            let shown = self.settings(settings, None);
            ui.weak(format!(
                "Your copy there, written from this casebook on this computer: {}",
                store::team::own_copy_name(&shown, installation)
            ));
            if let Some(e) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            ui.horizontal(|ui| {
                if ui.button("Use this folder").clicked() {
                    // A relative path is taken in the casebook's folder, like file paths.
                    let path = here.join(self.folder.trim());
                    self.error = if self.folder.trim().is_empty() {
                        Some("Enter the folder's path".into())
                    } else if !path.is_dir() {
                        Some(format!("There is no folder {}", path.display()))
                    } else if let Some(problem) =
                        (self.settings(settings, Some(path.clone()))).team_folder_problem()
                    {
                        Some(problem.to_string())
                    } else {
                        chosen = Some(Some(path));
                        None
                    };
                }
                if settings.team_folder.is_some() && ui.button("Stop sharing").clicked() {
                    chosen = Some(None);
                }
                cancel = ui.button("Cancel").clicked();
            });
            let typed = (&self.folder, &self.officer, &self.agency);
            cancel |= escape_closes(ui, escape, typed, "team folder");
        });
        match chosen {
            Some(folder) => DialogStep::Close(Some(Request::SetTeamFolder {
                settings: Box::new(self.settings(settings, folder.clone())),
                folder,
            })),
            None if cancel => DialogStep::Close(None),
            None => DialogStep::Stay,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Command, Ctx, SeededIds};

    /// Runs one look at the folder to its end.
    fn look(watch: &mut TeamWatch, book: &Arc<Casebook>) {
        let casebook = Path::new("/none/casebook.ron");
        watch.rescan_soon();
        watch.poll(0.0, false, book, casebook, None, true);
        watch.poll(0.0, true, book, casebook, None, true);
        assert!(!watch.is_working());
    }

    fn touch(path: &Path, secs: u64) {
        let at = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_800_000_000 + secs);
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(at)
            .unwrap();
    }

    #[test]
    fn a_copy_is_read_again_only_when_its_colleague_saves_again() {
        let dir = tempfile::tempdir().unwrap();
        let today = "2026-11-23".parse().unwrap();
        let mut ours = crate::sample::generate(2, 3, today);
        ours.settings.officer_name = "A. Shaw".into();
        ours.settings.team_folder = Some(dir.path().to_path_buf());
        let mut theirs = ours.clone();
        theirs.settings.officer_name = "S. Qureshi".into();
        let case = theirs.cases()[0].id;
        let mut details = theirs.case(case).unwrap().details.clone();
        details.summary = "Seen in Leeds".into();
        let update = Command::UpdateCase {
            case,
            details: Box::new(details),
        };
        let now = "2026-11-24T09:00:00+00:00".parse().unwrap();
        let mut ids = SeededIds::new(4);
        theirs
            .apply(update, &mut Ctx { now, ids: &mut ids })
            .unwrap();
        let copy = dir.path().join("s-qureshi.ron");
        store::save(&copy, &theirs, chrono::Utc::now()).unwrap();
        touch(&copy, 1);
        let ours = Arc::new(ours);
        let mut watch = TeamWatch::default();

        look(&mut watch, &ours);
        assert_eq!(watch.waiting().collect::<Vec<_>>(), vec![copy.as_path()]);
        watch.done_with(&copy);
        // Unchanged on disk: not parsed again, so not announced again.
        std::fs::write(&copy, b"not a casebook any more").unwrap();
        touch(&copy, 1);
        look(&mut watch, &ours);
        assert_eq!(watch.waiting().count(), 0);
        assert_eq!(watch.problem, None);
        // Saved again by its colleague: read again (here, and reported, unreadable).
        touch(&copy, 2);
        look(&mut watch, &ours);
        assert_eq!(watch.waiting().count(), 0);
        let problem = watch
            .problem
            .clone()
            .expect("the unreadable copy is reported");
        assert!(problem.contains("cannot be read"), "{problem}");
        // Its colleague's good copy again: announced again.
        store::save(&copy, &theirs, chrono::Utc::now()).unwrap();
        touch(&copy, 3);
        look(&mut watch, &ours);
        assert_eq!(watch.waiting().count(), 1);
        assert_eq!(watch.problem, None);
        // Gone from the folder: forgotten.
        std::fs::remove_file(&copy).unwrap();
        look(&mut watch, &ours);
        assert_eq!(watch.waiting().count(), 0);
    }
}
