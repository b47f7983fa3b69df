//! The team folder in the window: File → Team folder… sets it; the colleagues' copies in it are
//! read on a background thread (on open, after each save, and every [`RESCAN_SECS`]), and those
//! that would change this casebook are announced in a banner that opens the merge review.
//! A copy is parsed again only when its modification time changes.

use super::desk::{Desk, Dialog, Notice};
use super::tasks::Theirs;
use crate::domain::{Casebook, Command, Settings, merge::merge};
use crate::store::{self, Key};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::SystemTime;

/// Seconds between two looks at the team folder while the window is open.
pub const RESCAN_SECS: f64 = 30.0;

/// One colleague's copy as a scan read it: the casebook when merging it would change ours,
/// `None` when it brings nothing new.
type Read = (PathBuf, SystemTime, Result<Option<Arc<Casebook>>, String>);

struct Scan {
    folder: PathBuf,
    /// Every copy in the folder, read or not, so copies that were removed are forgotten.
    present: Vec<PathBuf>,
    read: Vec<Read>,
    error: Option<String>,
}

/// What the window knows of the team folder.
#[derive(Default)]
pub struct TeamWatch {
    folder: Option<PathBuf>,
    /// Each copy's modification time when it was last read.
    read: HashMap<PathBuf, SystemTime>,
    /// Colleagues' copies that bring something new, oldest name first.
    waiting: Vec<(PathBuf, Arc<Casebook>)>,
    scan: Option<Receiver<Scan>>,
    next_at: f64,
    /// Why the folder or a copy in it could not be read, for the status line.
    pub problem: Option<String>,
    /// The officer's own copy being written after a save: apart from the save itself, so a
    /// slow or hung share never holds up the save, nor the next one.
    sharing: Option<Receiver<Option<String>>>,
    /// Why the last copy could not be written.
    share_failure: Option<String>,
}

impl TeamWatch {
    /// The colleagues' copies waiting to be reviewed.
    pub fn waiting(&self) -> impl Iterator<Item = &Path> {
        self.waiting.iter().map(|(p, _)| p.as_path())
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
            .map(String::as_str)
    }

    /// Where a save's thread reports the own copy, once the casebook is saved; `None` while
    /// the copy of an earlier save is still being written (this save is then not in it).
    pub fn start_sharing(&mut self) -> Option<Sender<Option<String>>> {
        if self.sharing.is_some() {
            self.share_failure = Some("Saved, but not to the team folder: it is slow or out of reach (the copy of an earlier save is still being written)".into());
            return None;
        }
        let (tx, rx) = channel();
        self.sharing = Some(rx);
        Some(tx)
    }

    /// Looks at the folder at the next poll (after a save).
    pub fn rescan_soon(&mut self) {
        self.next_at = f64::NEG_INFINITY;
    }

    /// Finishes a scan (waiting for it with `wait`) and starts one when due.
    pub fn poll(
        &mut self,
        now_secs: f64,
        wait: bool,
        book: &Arc<Casebook>,
        casebook: &Path,
        key: Option<&Key>,
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
            *self = Self {
                folder,
                sharing: self.sharing.take(),
                ..Self::default()
            };
        }
        if let Some(folder) = &self.folder
            && self.scan.is_none()
            && now_secs >= self.next_at
        {
            self.next_at = now_secs + RESCAN_SECS;
            self.scan = Some(start_scan(
                folder.clone(),
                Arc::clone(book),
                casebook.to_path_buf(),
                key.cloned(),
                self.read.clone(),
            ));
        }
    }

    fn finish(&mut self, scan: Scan) {
        if Some(&scan.folder) != self.folder.as_ref() {
            return;
        }
        self.read.retain(|p, _| scan.present.contains(p));
        self.waiting.retain(|(p, _)| scan.present.contains(p));
        self.problem = scan.error;
        for (path, modified, result) in scan.read {
            self.read.insert(path.clone(), modified);
            self.waiting.retain(|(p, _)| *p != path);
            match result {
                Ok(Some(theirs)) => self.waiting.push((path, theirs)),
                Ok(None) => {}
                Err(e) => self.problem = Some(e),
            }
        }
        self.waiting.sort_by(|a, b| a.0.cmp(&b.0));
    }

    /// The officer applied (or set aside) what this copy brings: it is announced again only
    /// once its colleague saves again.
    pub fn done_with(&mut self, copy: &Path) {
        self.waiting.retain(|(p, _)| p != copy);
    }
}

/// Reads, on a background thread, the copies in `folder` that changed since `read`, and
/// compares each with `ours`.
fn start_scan(
    folder: PathBuf,
    ours: Arc<Casebook>,
    casebook: PathBuf,
    key: Option<Key>,
    read: HashMap<PathBuf, SystemTime>,
) -> Receiver<Scan> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let copies = store::colleague_copies(&folder, &ours.settings, &[&casebook]);
        let scan = match copies {
            Err(e) => Scan {
                error: Some(format!(
                    "The team folder {} cannot be read: {e}",
                    folder.display()
                )),
                folder,
                present: Vec::new(),
                read: Vec::new(),
            },
            Ok(copies) => Scan {
                present: copies.iter().map(|(p, _)| p.clone()).collect(),
                read: copies
                    .into_iter()
                    .filter(|(path, modified)| read.get(path) != Some(modified))
                    .map(|(path, modified)| {
                        let result = store::load_with(&path, key.as_ref())
                            .map(|theirs| {
                                (!merge(&ours, &theirs).is_empty()).then(|| Arc::new(theirs))
                            })
                            .map_err(|e| {
                                format!("A colleague's copy in the team folder cannot be read: {e}")
                            });
                        (path, modified, result)
                    })
                    .collect(),
                folder,
                error: None,
            },
        };
        let _receiver_gone = tx.send(scan);
    });
    rx
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

impl Desk {
    /// "2 colleagues have changes: Review…", above the register.
    pub(super) fn team_banner_ui(&mut self, ui: &mut egui::Ui) {
        let count = self.team.waiting.len();
        if count == 0 {
            return;
        }
        let mut review = false;
        let mut later = false;
        egui::Panel::top("team banner").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(
                    egui::RichText::new(if count == 1 {
                        "1 colleague has changes:".to_string()
                    } else {
                        format!("{count} colleagues have changes:")
                    })
                    .strong(),
                );
                review = ui.button("Review…").clicked();
                later = ui.button("Later").clicked();
                let names: Vec<String> = self
                    .team
                    .waiting()
                    .filter_map(|p| p.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .collect();
                ui.weak(format!("in the team folder: {}", names.join(", ")));
            });
        });
        if review && self.dialog.is_none() {
            let (path, theirs) = &self.team.waiting[0];
            let theirs = Theirs::Read(Arc::clone(theirs));
            self.merge_in_background(path.clone(), theirs);
        }
        if later {
            // Until each colleague saves again.
            self.team.waiting.clear();
        }
    }

    pub(super) fn team_folder_dialog_ui(
        &mut self,
        ui: &mut egui::Ui,
        mut form: Box<TeamForm>,
        keep: bool,
    ) -> Option<Dialog> {
        // `Some(folder)`: the setting chosen (`Some(None)` stops sharing).
        let mut chosen: Option<Option<PathBuf>> = None;
        let mut cancel = false;
        let here = self
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        egui::Modal::new(egui::Id::unique("team folder dialog")).show(ui.ctx(), |ui| {
            ui.set_max_width(560.0);
            ui.heading("Team folder");
            ui.label("A folder your colleagues also use: a network share, a synced folder, a USB stick. Each save also writes your copy of this casebook there, and your colleagues' copies are offered for merging when they bring changes.");
            if self.trust.key.is_some() {
                ui.label("Your copy is encrypted with this casebook's passphrase: colleagues need the same passphrase to read it.");
            }
            for (name, text) in [
                ("Folder", &mut form.folder),
                ("Your name", &mut form.officer),
                ("Your agency", &mut form.agency),
            ] {
                let label = ui.label(name);
                ui.add(egui::TextEdit::singleline(text).desired_width(520.0))
                    .labelled_by(label.id);
            }
            let settings = form.settings(&self.book.settings, None);
            ui.weak(format!("Your copy there: {}", store::own_copy_name(&settings)));
            if let Some(e) = &form.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            ui.horizontal(|ui| {
                if ui.button("Use this folder").clicked() {
                    // A relative path is taken in the casebook's folder, like file paths.
                    let path = here.join(form.folder.trim());
                    form.error = if form.folder.trim().is_empty() {
                        Some("Enter the folder's path".into())
                    } else if !path.is_dir() {
                        Some(format!("There is no folder {}", path.display()))
                    } else if form.officer.trim().is_empty() {
                        // One writer per file: each officer's copy needs a name of its own.
                        Some("Enter your name: your copy is named after you".into())
                    } else {
                        chosen = Some(Some(path));
                        None
                    };
                }
                if self.book.settings.team_folder.is_some() && ui.button("Stop sharing").clicked() {
                    chosen = Some(None);
                }
                cancel = ui.button("Cancel").clicked();
            });
        });
        match chosen {
            Some(team_folder) => {
                self.notice = Some(Notice {
                    text: match &team_folder {
                        Some(f) => format!(
                            "Team folder {}: your copy is written there on each save",
                            f.display()
                        ),
                        None => "No team folder: your copy is no longer written there (the last one stays until you remove it)".into(),
                    },
                    error: false,
                });
                let settings = form.settings(&self.book.settings, team_folder);
                self.pending
                    .push(Command::UpdateSettings(Box::new(settings)));
                None
            }
            None if keep && !cancel => Some(Dialog::TeamFolder(form)),
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Ctx, SeededIds};

    /// Runs one look at the folder to its end.
    fn look(watch: &mut TeamWatch, book: &Arc<Casebook>) {
        watch.rescan_soon();
        watch.poll(0.0, false, book, Path::new("/none/casebook.ron"), None);
        watch.poll(0.0, true, book, Path::new("/none/casebook.ron"), None);
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
        let mut ours = crate::domain::demo::generate(2, 3, today);
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
