//! File dialogs. Native ones through `rfd` when the desktop has them; when it does not (no XDG
//! portal, no zenity, a bare machine, the tests), the window asks for a path itself.

use super::opener::Opening;
use crate::store;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub enum DialogResult {
    Chosen(PathBuf),
    Cancelled,
    /// No dialog could be shown: ask for the path in the window.
    Unavailable,
}

/// What kind of file a dialog offers: a name and the extensions it shows.
#[derive(Clone, Copy, Debug)]
pub struct FileKind {
    pub name: &'static str,
    pub extensions: &'static [&'static str],
}

pub const CASEBOOK: FileKind = FileKind {
    name: "Casebook",
    extensions: &["ron"],
};

/// Where file dialogs come from; the tests use [`NoDialogs`].
pub trait Dialogs {
    fn pick_file(&mut self, folder: &Path, kind: FileKind) -> DialogResult;
    fn save_file(&mut self, folder: &Path, name: &str, kind: FileKind) -> DialogResult;

    fn pick_open(&mut self, folder: &Path) -> DialogResult {
        self.pick_file(folder, CASEBOOK)
    }
    fn pick_save(&mut self, folder: &Path, name: &str) -> DialogResult {
        self.save_file(folder, name, CASEBOOK)
    }

    /// Where files leaving Casedesk are offered to go first: the officer's documents folder.
    fn documents_folder(&self) -> Option<PathBuf> {
        store::documents_folder()
    }

    /// The officer's home folder, for a path typed with `~`.
    fn home_folder(&self) -> Option<PathBuf> {
        store::home_folder()
    }

    /// Opens `path` with the program the system uses for it (`reveal`: shows its folder).
    /// `Err` says why nothing could; the answer says later if the program failed.
    fn open_path(&mut self, path: &Path, reveal: bool) -> Result<Opening, String> {
        super::opener::open_with_system(path, reveal)
    }
}

/// No native dialogs: every request falls back to the path entry.
pub struct NoDialogs;

impl Dialogs for NoDialogs {
    fn pick_file(&mut self, _folder: &Path, _kind: FileKind) -> DialogResult {
        DialogResult::Unavailable
    }
    fn save_file(&mut self, _folder: &Path, _name: &str, _kind: FileKind) -> DialogResult {
        DialogResult::Unavailable
    }
    /// No folder of the officer's: files go beside the casebook.
    fn documents_folder(&self) -> Option<PathBuf> {
        None
    }
    /// A bare machine: nothing opens files.
    fn open_path(&mut self, path: &Path, _reveal: bool) -> Result<Opening, String> {
        Err(super::opener::nothing_opens(
            path,
            "no program to open files",
        ))
    }
}

/// Native dialogs. rfd answers `None` both for Cancel and, at once, when no dialog can be
/// shown; an answer faster than a person can cancel is taken as "unavailable".
#[derive(Default)]
pub struct NativeDialogs {
    unavailable: bool,
}

impl NativeDialogs {
    fn run(&mut self, pick: impl FnOnce() -> Option<PathBuf>) -> DialogResult {
        if self.unavailable {
            return DialogResult::Unavailable;
        }
        let started = Instant::now();
        match pick() {
            Some(path) => DialogResult::Chosen(path),
            None if started.elapsed() < Duration::from_millis(250) => {
                self.unavailable = true;
                DialogResult::Unavailable
            }
            None => DialogResult::Cancelled,
        }
    }
}

impl Dialogs for NativeDialogs {
    fn pick_file(&mut self, folder: &Path, kind: FileKind) -> DialogResult {
        self.run(|| {
            rfd::FileDialog::new()
                .set_directory(folder)
                .add_filter(kind.name, kind.extensions)
                .pick_file()
        })
    }

    fn save_file(&mut self, folder: &Path, name: &str, kind: FileKind) -> DialogResult {
        self.run(|| {
            rfd::FileDialog::new()
                .set_directory(folder)
                .set_file_name(name)
                .add_filter(kind.name, kind.extensions)
                .save_file()
        })
    }
}

/// The answer typed into [`path_entry_ui`].
pub enum PathEntry {
    /// The path as typed, taken in `folder` when relative.
    Chosen(PathBuf),
    Cancelled,
}

/// The in-window stand-in for a file dialog: a labelled path field with OK and Cancel, taking
/// a bare name in `folder` and `~` as `home`.
pub fn path_entry_ui(
    ui: &mut egui::Ui,
    folder: &Path,
    home: Option<&Path>,
    text: &mut String,
    error: Option<&str>,
    hint: &str,
) -> Option<PathEntry> {
    ui.label(format!(
        "No file dialog is available here: type the path of the file (~ is your home folder), or just its name for a file in {}.",
        folder.display()
    ));
    let label = ui.label("Path");
    let edit = ui
        .add(
            egui::TextEdit::singleline(text)
                .hint_text(hint)
                .desired_width(520.0),
        )
        .labelled_by(label.id);
    edit.request_focus();
    if let Some(e) = error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    let mut answer = None;
    ui.horizontal(|ui| {
        // Enter in the field, which has focus while the entry shows (and gives it up on Enter).
        let enter = (edit.has_focus() || edit.lost_focus())
            && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.button("OK").clicked() || enter {
            // `~` is the home folder; a bare name or relative path is taken in `folder`.
            answer = Some(PathEntry::Chosen(store::typed_path(text, folder, home)));
        }
        if ui.button("Cancel").clicked() {
            answer = Some(PathEntry::Cancelled);
        }
    });
    let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
    if super::form_keys::escape_closes(ui, escape, &*text, "path") {
        answer = Some(PathEntry::Cancelled);
    }
    answer
}

/// Asks whether to replace the file at `path`, chosen in the path entry (native save dialogs
/// ask this themselves). `Some(true)`: replace it.
pub fn replace_ui(ui: &mut egui::Ui, path: &Path) -> Option<bool> {
    ui.heading(format!("Replace {}?", display_name(path)));
    ui.label(format!(
        "A file of that name is already there; replacing it loses what it holds now ({}).",
        path.display()
    ));
    let mut answer = None;
    ui.horizontal(|ui| {
        if ui.button("Replace").clicked() {
            answer = Some(true);
        }
        if ui.button("Cancel").clicked() {
            answer = Some(false);
        }
    });
    answer
}

/// A file's name, as messages and titles show it.
pub fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
