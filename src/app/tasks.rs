//! Long exports, imports and merges run on a background thread, as saves do: the thread works
//! on an `Arc<Casebook>` snapshot and reports through a channel, while the window shows what it
//! is doing with a progress bar and a Cancel button and stays responsive.

use super::merge_view::MergeView;
use crate::domain::{Casebook, Command};
use crate::export::Progress;
use crate::export::csv::ImportPreview;
use crate::store::Key;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// What a finished task hands back to the desk.
pub enum TaskResult {
    /// The file is written; the disclosures still have to be recorded.
    Exported {
        path: PathBuf,
        disclosures: Vec<Command>,
    },
    /// A CSV file read into a preview: nothing imported yet.
    Previewed(ImportPreview),
    /// The confirmed import applied to a copy of the casebook taken at `generation`, with the
    /// commands that undo it (`None` when some of it cannot be undone) and how many cases it
    /// added or merged.
    Imported {
        book: Box<Casebook>,
        /// The rows as applied, for the journal.
        entries: Vec<crate::store::journal::Entry>,
        generation: u64,
        undo: Option<Vec<Command>>,
        cases: usize,
    },
    /// Another copy read and compared with the casebook as it was at `generation`: the review
    /// opens on it. Nothing is applied yet.
    MergeReady {
        view: Box<MergeView>,
        generation: u64,
    },
    Failed(String),
    Cancelled,
    /// Files stored beside the casebook for `case`; their events still to record.
    Attached {
        case: crate::domain::CaseId,
        to: Option<crate::domain::attachment::AttachedTo>,
        stored: Vec<(String, crate::store::attachments::Stored)>,
        failed: Vec<String>,
    },
    /// An attachment written out, checked, for the system's viewer.
    Extracted(PathBuf),
    /// Work done that has only this to say.
    Told(super::request::Notice),
    /// A drafted letter written; still to keep with its case.
    Drafted(Box<super::draft_ui::DraftDone>),
}

/// Reads the other copy at `source` (with this casebook's passphrase `key`, if it is
/// encrypted) and compares it with `ours` in the background: at 100,000 cases each takes a
/// second or more. The copy is read only now, so the window holds one only while it merges it.
pub fn start_merge(
    source: PathBuf,
    key: Option<Key>,
    ours: Arc<Casebook>,
    generation: u64,
) -> Task {
    let name = super::files::display_name(&source);
    Task::spawn(format!("Merging from {name}"), move |progress| {
        if progress.begin(format!("Reading {name}"), 0).is_err() {
            return TaskResult::Cancelled;
        }
        let theirs = match crate::store::load_with(&source, key.as_ref()) {
            Ok(book) => Arc::new(book),
            Err(e) => {
                return TaskResult::Failed(format!("Could not read the casebook to merge: {e}"));
            }
        };
        if progress.begin("Comparing the two copies", 0).is_err() {
            return TaskResult::Cancelled;
        }
        let view = MergeView::new(&ours, &theirs, source);
        if progress.is_cancelled() {
            return TaskResult::Cancelled;
        }
        TaskResult::MergeReady {
            view: Box::new(view),
            generation,
        }
    })
}

pub struct Task {
    /// What is happening, for the progress dialog's heading: "Exporting … to …".
    pub title: String,
    progress: Arc<Progress>,
    done: Receiver<TaskResult>,
}

impl Task {
    /// Runs `work` on a background thread.
    pub fn spawn(
        title: String,
        work: impl FnOnce(&Progress) -> TaskResult + Send + 'static,
    ) -> Self {
        let progress = Arc::new(Progress::default());
        let shared = Arc::clone(&progress);
        let (tx, done) = channel();
        std::thread::spawn(move || {
            let result = work(&shared);
            let _window_gone = tx.send(result);
        });
        Self {
            title,
            progress,
            done,
        }
    }

    /// The result once the work ended (waiting for it with `wait`).
    pub fn poll(&self, wait: bool) -> Option<TaskResult> {
        let received = if wait {
            self.done.recv().map_err(|_| TryRecvError::Disconnected)
        } else {
            self.done.try_recv()
        };
        match received {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                Some(TaskResult::Failed("The work stopped unexpectedly".into()))
            }
        }
    }

    /// How many units of its current step the work has done.
    pub fn done(&self) -> usize {
        self.progress.status().1
    }

    /// Asks the work to stop; it stops at its next step and writes nothing.
    pub fn cancel(&self) {
        self.progress.cancel();
    }

    /// The progress dialog; the work goes on behind it.
    pub fn ui(&self, ui: &mut egui::Ui) {
        let (step, done, total) = self.progress.status();
        let cancelled = self.progress.is_cancelled();
        egui::Modal::new(egui::Id::unique("task progress")).show(ui.ctx(), |ui| {
            ui.set_width(480.0);
            ui.heading(&self.title);
            let bar = if total > 0 {
                egui::ProgressBar::new(done as f32 / total as f32).text(format!(
                    "{step}: {} of {}",
                    super::counts::thousands(done),
                    super::counts::thousands(total)
                ))
            } else {
                egui::ProgressBar::new(0.0).animate(true).text(step)
            };
            ui.add(bar);
            ui.horizontal(|ui| {
                if cancelled {
                    ui.spinner();
                    ui.label("Cancelling…");
                } else if ui.button("Cancel").clicked() {
                    self.cancel();
                }
            });
        });
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(100));
    }
}
