//! File dialogs. Native ones through `rfd` when the desktop has them; when it does not (no XDG
//! portal, no zenity, a bare machine, the tests), the window asks for a path itself.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub enum DialogResult {
    Chosen(PathBuf),
    Cancelled,
    /// No dialog could be shown: ask for the path in the window.
    Unavailable,
}

/// Where file dialogs come from; the tests use [`NoDialogs`].
pub trait Dialogs {
    fn pick_open(&mut self, folder: &Path) -> DialogResult;
    fn pick_save(&mut self, folder: &Path, name: &str) -> DialogResult;
}

/// No native dialogs: every request falls back to the path entry.
pub struct NoDialogs;

impl Dialogs for NoDialogs {
    fn pick_open(&mut self, _folder: &Path) -> DialogResult {
        DialogResult::Unavailable
    }
    fn pick_save(&mut self, _folder: &Path, _name: &str) -> DialogResult {
        DialogResult::Unavailable
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
    fn pick_open(&mut self, folder: &Path) -> DialogResult {
        self.run(|| {
            rfd::FileDialog::new()
                .set_directory(folder)
                .add_filter("Casebook", &["ron"])
                .pick_file()
        })
    }

    fn pick_save(&mut self, folder: &Path, name: &str) -> DialogResult {
        self.run(|| {
            rfd::FileDialog::new()
                .set_directory(folder)
                .set_file_name(name)
                .add_filter("Casebook", &["ron"])
                .save_file()
        })
    }
}
