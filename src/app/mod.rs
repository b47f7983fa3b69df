//! The egui window. It reads domain state and sends edits as domain commands; it owns no rule.
//! UI-only state (selection, filter text, which screen) lives here. See `ARCHITECTURE.md`.

pub mod agenda;
pub mod attachments;
mod case_view;
pub mod clock;
mod commands;
mod counts;
mod dashboard;
mod date_field;
pub mod desk;
mod dialogs;
mod draft_ui;
mod dropdown;
mod editor;
mod edits;
mod export_ui;
pub mod files;
mod form_keys;
mod governance;
mod import_ui;
mod journal_view;
mod keys;
mod menu;
pub mod merge_view;
mod name_edit;
mod officer;
mod opener;
mod people;
mod person_picker;
pub mod register;
pub mod request;
mod row_menu;
mod snapshot_rule;
mod status;
mod supplied;
mod tasks;
pub mod team;
mod transfers;
pub mod trust;
mod typing;

use crate::domain::{Casebook, Settings};
use crate::store::{self, Key, LoadError};
use clock::Clock;
use desk::Desk;
use files::{DialogResult, Dialogs, NativeDialogs};
use officer::OfficerForm;
use request::DeskOutcome;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Instant;
use trust::Trust;

/// The window's icon (taskbar, title bar, switcher); the package installs the same picture.
const ICON: &[u8] = include_bytes!("../../assets/icon/casedesk-256.png");

fn icon() -> Option<std::sync::Arc<egui::IconData>> {
    eframe::icon_data::from_png_bytes(ICON)
        .ok()
        .map(std::sync::Arc::new)
}

/// Opens the window on `path`. With `start`, `path` is the default casebook and the window
/// starts as [`CasedeskApp::open`] says (the casebook used last, the first run's questions).
pub fn run(path: PathBuf, start: bool) -> anyhow::Result<ExitCode> {
    let launched = Instant::now();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(title_for(&path))
        .with_app_id(crate::APP_ID)
        .with_inner_size([1280.0, 800.0])
        // The smallest the desk is laid out for: the register keeps its key columns
        // beside an open case, and nothing is cut off.
        .with_min_inner_size([1024.0, 700.0]);
    if let Some(icon) = icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        // The window's own state (recent casebooks, its size) beside the default casebook in
        // Casedesk's data folder on every system, not in a folder eframe names its own way.
        persistence_path: crate::store::project_dirs().map(|d| d.data_dir().join("app.ron")),
        ..Default::default()
    };
    // This window's own folder for what it hands to a viewer, after emptying those of windows
    // that were killed; emptied when it is dropped as the window closes (`store::viewing`).
    let viewing = crate::store::ViewingFolder::hold(&crate::store::viewing_root())
        .inspect_err(|e| eprintln!("casedesk: the viewing folder could not be prepared: {e}"));
    let ran = eframe::run_native(
        "Casedesk",
        options,
        Box::new(move |cc| {
            let mut app = CasedeskApp::open(
                path,
                start,
                Clock::System,
                Box::new(NativeDialogs::default()),
            );
            if let Some(recent) = cc
                .storage
                .and_then(|s| eframe::get_value::<Vec<PathBuf>>(s, RECENT_KEY))
            {
                app.recent = recent;
            }
            app.trace_startup = std::env::var_os("CASEDESK_TRACE_STARTUP").map(|_| launched);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("the window could not start: {e}"));
    // What was handed to a viewer (summaries to print, attachments opened), plain text of an
    // encrypted casebook included, goes with the window.
    drop(viewing);
    ran?;
    Ok(ExitCode::SUCCESS)
}

/// Adds DejaVu Sans (shipped in `assets/`) behind egui's own fonts, so names in any Latin
/// script, arrows and symbols render on every machine, with or without system fonts.
fn install_fonts(ctx: &egui::Context) {
    const DEJAVU: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
    ctx.add_font(egui::FontInsert {
        name: "DejaVu Sans".into(),
        data: egui::FontData::from_static(DEJAVU),
        families: [egui::FontFamily::Proportional, egui::FontFamily::Monospace]
            .into_iter()
            .map(|family| egui::InsertFontFamily {
                family,
                priority: egui::FontPriority::Lowest,
            })
            .collect(),
    });
}

/// Loads, locks, checks and indexes the casebook at `path`: all the window does before its
/// first frame on the desk (and what the `open` benchmark measures).
pub fn open_desk(
    path: PathBuf,
    key: Option<Key>,
    clock: Clock,
    installation: &store::Installation,
) -> Result<Desk, LoadError> {
    open_desk_showing(path, key, clock, installation, &AtomicUsize::new(0))
}

/// The steps of opening a casebook, as the opening screen names them.
const OPENING_STEPS: [&str; 2] = [
    "Reading every case and checking the file's checksum",
    "Checking every case against its workflow, indexing the register and working out the deadlines",
];

/// [`open_desk`], setting `step` to the index in [`OPENING_STEPS`] of what it is doing.
fn open_desk_showing(
    path: PathBuf,
    key: Option<Key>,
    clock: Clock,
    installation: &store::Installation,
    step: &AtomicUsize,
) -> Result<Desk, LoadError> {
    // Once, before anything else: a casebook opened through a symbolic link is locked, saved
    // and kept in snapshots where it really is.
    let path = store::real_path(&path).map_err(|error| LoadError::Io {
        path: path.clone(),
        error,
    })?;
    // A large casebook is read from its file in parts, never whole (`store/stream.rs`).
    let loaded = store::open(&path, key.as_ref())?;
    step.store(1, Ordering::Relaxed);
    let integrity = loaded.integrity;
    let assess = |book: &Casebook| Trust::assess(&path, book, integrity, key, clock, installation);
    Ok(Desk::assessed(
        path.clone(),
        loaded.book,
        loaded.checksum,
        clock,
        assess,
    ))
}

/// Starts reading `path` on a background thread (decrypting it with `key`): load, lock,
/// check and index it into a desk, or ask for its passphrase.
fn opening(path: PathBuf, clock: Clock, key: Option<Key>, here: &ThisComputer) -> Screen {
    let (tx, done) = channel();
    let target = path.clone();
    let step = Arc::new(AtomicUsize::new(0));
    let shown = Arc::clone(&step);
    let mut here = here.clone();
    // The officer may have changed their name in another casebook's window since.
    here.installation.reload();
    std::thread::spawn(move || {
        let screen = match open_desk_showing(target.clone(), key, clock, &here.installation, &step)
        {
            Ok(mut desk) => {
                desk.use_installation(here.installation, here.problem);
                Screen::Desk(Box::new(desk))
            }
            Err(e @ (LoadError::NeedsPassphrase { .. } | LoadError::WrongPassphrase { .. })) => {
                Screen::Passphrase {
                    path: target,
                    text: String::new(),
                    error: matches!(e, LoadError::WrongPassphrase { .. })
                        .then(|| "Wrong passphrase: try again. Nothing was changed.".to_string()),
                }
            }
            Err(e) => Screen::Failed {
                path: target,
                message: e.to_string(),
            },
        };
        let _window_closed = tx.send(screen);
    });
    Screen::Opening {
        path,
        done,
        step: shown,
    }
}

fn opening_ui(ui: &mut egui::Ui, path: &Path, step: usize) {
    egui::CentralPanel::default().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(120.0);
            ui.label(format!("Opening {}…", path.display()));
            ui.add_space(8.0);
            let step = step.min(OPENING_STEPS.len() - 1);
            ui.add(
                egui::ProgressBar::new((step as f32 + 0.5) / OPENING_STEPS.len() as f32)
                    .desired_width(420.0)
                    .text(format!(
                        "{} ({} of {})",
                        OPENING_STEPS[step],
                        step + 1,
                        OPENING_STEPS.len()
                    )),
            );
        });
    });
    // Ten frames a second, not an animation at the display's rate: opening a large casebook
    // needs both cores, and a window drawn in software (no GPU) would take one of them.
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_millis(100));
}

fn title_for(path: &Path) -> String {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    format!("{name} — Casedesk")
}

/// Which screen the window shows; each carries its own state.
enum Screen {
    /// A casebook being read, checked and indexed on a background thread; the window stays
    /// responsive meanwhile (a large casebook takes seconds).
    Opening {
        path: PathBuf,
        done: Receiver<Screen>,
        /// Which of [`OPENING_STEPS`] the background thread is on.
        step: Arc<AtomicUsize>,
    },
    /// The very first run on this computer: who the officer is, before the casebook at
    /// `default` (or the welcome panel).
    WhoAmI {
        form: OfficerForm,
        default: PathBuf,
    },
    /// No casebook yet at the default path, or the one used last is gone (`gone` says why):
    /// offer an empty one or the sample.
    Welcome {
        path: PathBuf,
        error: Option<String>,
        gone: Option<String>,
    },
    /// An encrypted casebook waiting for its passphrase; `error` after a wrong one.
    Passphrase {
        path: PathBuf,
        text: String,
        error: Option<String>,
    },
    /// A casebook that could not be opened. The file is left untouched.
    Failed {
        path: PathBuf,
        message: String,
    },
    Desk(Box<Desk>),
}

/// This computer's installation of Casedesk (`store::installation`), and why it could not be
/// kept, if so: each desk stamps its changes and writes its team copy as made here.
#[derive(Clone)]
pub struct ThisComputer {
    pub installation: store::Installation,
    pub problem: Option<String>,
}

impl ThisComputer {
    /// The installation kept on this computer, or one for this run when it cannot be kept.
    pub fn current() -> Self {
        match store::Installation::current() {
            Ok(installation) => Self {
                installation,
                problem: None,
            },
            Err(e) => Self {
                installation: store::Installation::passing(),
                problem: Some(format!("{e}: your copy is not written to a team folder")),
            },
        }
    }
}

pub struct CasedeskApp {
    here: ThisComputer,
    screen: Screen,
    /// The time the window works at (fixed in tests).
    clock: Clock,
    dialogs: Box<dyn Dialogs>,
    /// Casebooks opened lately, newest first: a UI preference kept by eframe, never case data.
    recent: Vec<PathBuf>,
    /// With `CASEDESK_TRACE_STARTUP` set: when the process started, until the first frame of
    /// the desk is reported on stderr.
    trace_startup: Option<Instant>,
    /// The casebook last noted in the installation as the one to reopen on start.
    noted: Option<PathBuf>,
    after_tab: typing::AfterFocusKeys,
}

/// How many casebooks "Open recent" remembers.
const RECENT: usize = 8;
const RECENT_KEY: &str = "recent casebooks";

impl CasedeskApp {
    /// Loads `path`; or, with `start` (no file named on the command line, `path` the default
    /// casebook), asks who the officer is on the very first run, then reopens the casebook
    /// used last on this computer, or `path` when none was, or shows the welcome panel when
    /// there is no casebook to open (saying why when the last one is gone).
    pub fn open(path: PathBuf, start: bool, clock: Clock, dialogs: Box<dyn Dialogs>) -> Self {
        Self::open_here(path, start, clock, dialogs, ThisComputer::current())
    }

    /// [`CasedeskApp::open`] as the installation `here` (tests: two computers in one process).
    pub fn open_here(
        path: PathBuf,
        start: bool,
        clock: Clock,
        dialogs: Box<dyn Dialogs>,
        here: ThisComputer,
    ) -> Self {
        let screen = if !start {
            opening(path, clock, None, &here)
        } else if here.installation.officer().is_none() {
            Screen::WhoAmI {
                form: OfficerForm::of(None),
                default: path,
            }
        } else {
            start_screen(path, clock, &here)
        };
        Self {
            here,
            screen,
            clock,
            dialogs,
            recent: Vec::new(),
            trace_startup: None,
            noted: None,
            after_tab: typing::AfterFocusKeys::default(),
        }
    }

    /// Waits until a casebook being opened is ready (for tests and scripted use).
    pub fn wait_until_open(&mut self) {
        if let Screen::Opening { done, path, .. } = &self.screen {
            self.screen = done.recv().unwrap_or_else(|_| Screen::Failed {
                path: path.clone(),
                message: "Opening stopped unexpectedly".into(),
            });
        }
    }

    /// Casebooks opened lately, newest first.
    pub fn recent(&self) -> &[PathBuf] {
        &self.recent
    }

    fn remember(&mut self, path: &Path) {
        if self.noted.as_deref() != Some(path) {
            self.noted = Some(path.to_path_buf());
            if let Err(e) = self.here.installation.note_opened(path)
                && let Some(desk) = self.desk_mut()
            {
                desk.say(request::Notice::error(format!(
                    "This casebook will not reopen on its own next time: {e}"
                )));
            }
        }
        if self.recent.first().is_some_and(|p| p == path) {
            return;
        }
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_path_buf());
        self.recent.truncate(RECENT);
    }

    /// The desk on screen, if a casebook is open.
    pub fn desk(&self) -> Option<&Desk> {
        match &self.screen {
            Screen::Desk(desk) => Some(desk),
            _ => None,
        }
    }

    pub fn desk_mut(&mut self) -> Option<&mut Desk> {
        match &mut self.screen {
            Screen::Desk(desk) => Some(desk),
            _ => None,
        }
    }

    /// The casebook on screen, if any.
    pub fn casebook(&self) -> Option<&Casebook> {
        self.desk().map(Desk::book)
    }

    /// One frame of the whole window.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        // Before any text is laid out, so it applies from the very first frame.
        install_fonts(ui.ctx());
        let mut next = None;
        match &mut self.screen {
            Screen::WhoAmI { form, default } => {
                if let Some(officer) = who_am_i_ui(ui, form) {
                    match self.here.installation.set_officer(officer) {
                        Ok(()) => {
                            next = Some(start_screen(default.clone(), self.clock, &self.here))
                        }
                        Err(e) => {
                            form.fail(format!("Your name could not be kept on this computer: {e}"))
                        }
                    }
                }
            }
            Screen::Welcome { path, error, gone } => {
                match welcome_ui(ui, path, error.as_deref(), gone.as_deref()) {
                    Some(WelcomeChoice::Open) => match self.dialogs.pick_open(&folder_of(path)) {
                        DialogResult::Chosen(chosen) => {
                            next = Some(opening(chosen, self.clock, None, &self.here))
                        }
                        DialogResult::Cancelled => {}
                        DialogResult::Unavailable => {
                            *error = Some("No file dialog can be shown here: start Casedesk with `casedesk open FILE` to open a casebook elsewhere".into())
                        }
                    },
                    Some(WelcomeChoice::Empty) => {
                        next = Some(start_casebook(path, false, self.clock, &self.here))
                    }
                    Some(WelcomeChoice::Sample) => {
                        next = Some(start_casebook(path, true, self.clock, &self.here))
                    }
                    None => {}
                }
            }
            Screen::Opening { path, done, step } => match done.try_recv() {
                Ok(screen) => next = Some(screen),
                Err(TryRecvError::Empty) => opening_ui(ui, path, step.load(Ordering::Relaxed)),
                Err(TryRecvError::Disconnected) => {
                    next = Some(Screen::Failed {
                        path: path.clone(),
                        message: "Opening stopped unexpectedly".into(),
                    })
                }
            },
            Screen::Passphrase { path, text, error } => {
                if let Some(key) = trust::passphrase_ui(ui, path, text, error.as_deref()) {
                    next = Some(opening(path.clone(), self.clock, Some(key), &self.here));
                }
            }
            Screen::Failed { path, message } => failed_ui(ui, path, message),
            Screen::Desk(desk) => match desk.ui(ui, self.dialogs.as_mut(), &self.recent) {
                Some(DeskOutcome::Open(path)) => {
                    next = Some(opening(path, self.clock, None, &self.here))
                }
                Some(DeskOutcome::New(path)) => {
                    next = Some(
                        create_casebook(
                            &path,
                            Casebook::new(Settings::default()),
                            self.clock,
                            &self.here,
                        )
                        .unwrap_or_else(|error| Screen::Failed {
                            path,
                            message: error,
                        }),
                    );
                }
                Some(DeskOutcome::Close) => {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
                None => {}
            },
        }
        if let Some(screen) = next {
            // Nothing of the new screen is drawn in this frame (the old one may have been):
            // the next frame draws it, now, not when the officer next moves the mouse.
            self.screen = screen;
            ui.ctx().request_repaint();
        }
        if let Some(path) = self.desk().map(|d| d.path().to_path_buf()) {
            self.remember(&path);
        }
    }
}

impl eframe::App for CasedeskApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let desk_drawn = self.desk().is_some();
        self.frame_ui(ui);
        if let Some(launched) = self.trace_startup
            && desk_drawn
        {
            eprintln!(
                "casedesk: first frame of the desk {} ms after launch",
                launched.elapsed().as_millis()
            );
            self.trace_startup = None;
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_KEY, &self.recent);
    }

    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        self.after_tab.hook(ctx, raw_input);
    }
}

/// Where the window starts without a file named: the casebook used last on this computer; the
/// default casebook when none was; the welcome panel when there is neither, or when the last
/// one is gone or cannot be read (saying so).
fn start_screen(default: PathBuf, clock: Clock, here: &ThisComputer) -> Screen {
    match here.installation.last_casebook() {
        Some(last) => match std::fs::File::open(last) {
            Ok(_) => opening(last.to_path_buf(), clock, None, here),
            Err(e) => Screen::Welcome {
                path: default,
                error: None,
                gone: Some(if e.kind() == std::io::ErrorKind::NotFound {
                    format!(
                        "The casebook you worked on last is no longer there (moved, renamed or deleted): {}",
                        last.display()
                    )
                } else {
                    format!(
                        "The casebook you worked on last cannot be read ({e}): {}",
                        last.display()
                    )
                }),
            },
        },
        None if default.exists() => opening(default, clock, None, here),
        None => Screen::Welcome {
            path: default,
            error: None,
            gone: None,
        },
    }
}

fn folder_of(path: &Path) -> PathBuf {
    path.parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn who_am_i_ui(ui: &mut egui::Ui, form: &mut OfficerForm) -> Option<store::Officer> {
    egui::CentralPanel::default()
        .show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(80.0);
                ui.heading("Welcome to Casedesk");
                ui.add_space(8.0);
                ui.label("Who are you? Every event you record and the copy you share with your team carry your name and agency. You can change them later in File → Your name and agency….");
                ui.add_space(16.0);
                form.ui(ui, "Continue")
            })
            .inner
        })
        .inner
}

#[derive(Clone, Copy)]
enum WelcomeChoice {
    Empty,
    Sample,
    Open,
}

fn welcome_ui(
    ui: &mut egui::Ui,
    path: &Path,
    error: Option<&str>,
    gone: Option<&str>,
) -> Option<WelcomeChoice> {
    let mut choice = None;
    egui::CentralPanel::default().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(80.0);
            ui.heading("Welcome to Casedesk");
            ui.add_space(8.0);
            match gone {
                Some(gone) => {
                    ui.colored_label(ui.visuals().warn_fg_color, gone);
                    ui.label("Open it where it is now, or start a casebook here.");
                }
                None => {
                    ui.label("Track extradition requests and mutual legal assistance cases, their status and every legal deadline.");
                }
            }
            ui.add_space(24.0);
            if ui.button("Open a casebook…").clicked() {
                choice = Some(WelcomeChoice::Open);
            }
            ui.add_space(8.0);
            if ui.button("Start an empty casebook").clicked() {
                choice = Some(WelcomeChoice::Empty);
            }
            ui.add_space(8.0);
            if ui.button("Explore the sample casebook").clicked() {
                choice = Some(WelcomeChoice::Sample);
            }
            ui.add_space(16.0);
            ui.label(format!("Your casebook will be kept at {}", path.display()));
            ui.weak("The sample is invented data, saved to its own file.");
            if let Some(error) = error {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
        });
    });
    choice
}

/// The sample casebook sits beside the default one, so exploring it never touches real work.
fn sample_path(default: &Path) -> PathBuf {
    default.with_file_name("sample-casebook.ron")
}

/// Starts an empty casebook at `path`, or the `sample` beside it.
fn start_casebook(path: &Path, sample: bool, clock: Clock, here: &ThisComputer) -> Screen {
    let (target, book) = if sample {
        (
            sample_path(path),
            crate::sample::generate_until(300, 7, clock.now()),
        )
    } else {
        (path.to_path_buf(), Casebook::new(Settings::default()))
    };
    create_casebook(&target, book, clock, here).unwrap_or_else(|error| Screen::Welcome {
        path: path.to_path_buf(),
        error: Some(error),
        gone: None,
    })
}

/// Writes a new casebook (creating its folder) and opens it on the desk. A file already at
/// `path` is opened instead, never written over: a sample explored before may hold the
/// officer's edits, and nothing tells an untouched sample from an edited one (the generator's
/// output depends on the day), so whatever is there is kept.
fn create_casebook(
    path: &Path,
    book: Casebook,
    clock: Clock,
    here: &ThisComputer,
) -> Result<Screen, String> {
    if std::fs::symlink_metadata(path).is_ok() {
        return Ok(opening(path.to_path_buf(), clock, None, here));
    }
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or(Ok(()), std::fs::create_dir_all)
        .map_err(|e| format!("Could not create the folder: {e}"))?;
    let trust = Trust::locked(path, None, clock.now_utc());
    if let Some(why) = trust.read_only.first() {
        return Err(why.describe());
    }
    // Written as the officer's from the start (a sample's settings name its demo officer).
    let mut book = book;
    if let Some(settings) =
        (here.installation.officer()).and_then(|o| book.settings.for_officer(&o.name, &o.agency))
    {
        book.settings = settings;
    }
    store::save(path, &book, clock.now_utc()).map_err(|e| e.to_string())?;
    let mut desk = Desk::new(path.to_path_buf(), book, clock, trust);
    desk.use_installation(here.installation.clone(), here.problem.clone());
    Ok(Screen::Desk(Box::new(desk)))
}

fn failed_ui(ui: &mut egui::Ui, path: &Path, message: &str) {
    egui::CentralPanel::default().show(ui, |ui| {
        ui.heading("This casebook could not be opened");
        ui.label(format!("{}", path.display()));
        ui.add_space(8.0);
        ui.colored_label(ui.visuals().error_fg_color, message);
        ui.add_space(8.0);
        ui.label("The file has not been changed. Fix it in a text editor, or restore a snapshot from the snapshots folder beside it.");
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_window_icon_is_a_picture_the_system_can_show() {
        let icon = super::icon().expect("the icon decodes");
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
    }
}
