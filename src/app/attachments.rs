//! A case's attachments in the window: the case panel's Attachments tab (attach by the file
//! dialog, a typed path or by dropping files on the window; open, remove, and the bundle for
//! the counterpart), and the background work behind it. Hashing, sealing and copying run on a
//! thread of their own with progress and Cancel (`tasks.rs`), so the window keeps drawing
//! frames while a large file is stored; the events are recorded by the desk once it is.

use super::files::FileKind;
use super::request::{BundleRequest, Notice, Request};
use super::tasks::{Task, TaskResult};
use crate::count::bytes;
use crate::domain::attachment::{self, AttachedTo, Attachment};
use crate::domain::{Case, CaseId, Casebook, Command, EventId, EventKind};
use crate::export::bundle::{Order, mebibytes, stage_bundle};
use crate::export::{ExportMeta, Format, Selection};
use crate::store::Key;
use crate::store::attachments::{self as kept, Stored};
use chrono::{DateTime, FixedOffset};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What the file dialog offers to attach: any file.
pub const ANY_FILE: FileKind = FileKind {
    name: "Any file",
    extensions: &["*"],
};

/// Said where "Attach a file…" finds no file dialog (a bare machine).
pub const NO_FILE_DIALOG: &str =
    "No file dialog here: type the file's path beside Attach, or drop the file on the window";

/// The Attachments tab's state: what is typed, what is asked, the bundle being put together.
#[derive(Default)]
pub struct AttachmentsTab {
    /// A path typed to attach.
    path: String,
    /// What in the case the next file is for: the case as a whole when `None`.
    target: Option<AttachedTo>,
    /// The attachment the officer asked to remove, awaiting "Remove" or "Keep".
    removing: Option<EventId>,
    /// "Purge removed files…" asked, awaiting "Purge" or "Keep them".
    purging: bool,
    bundle: BundleForm,
}

#[derive(Default)]
struct BundleForm {
    recipient: String,
    ticked: BTreeSet<EventId>,
    seal: bool,
    passphrase: String,
    /// The passphrase typed again: a mistyped one would lock the recipient out.
    passphrase_again: String,
    /// A neither-confirm-nor-deny case goes only with this ticked.
    include_ncnd: bool,
    path: String,
    replace: bool,
    error: Option<String>,
}

/// "Attachments (2)": the tab's label, with how many files are on the case.
pub fn tab_label(case: &Case) -> String {
    match attachment::current(case).count() {
        0 => "Attachments".into(),
        n => format!("Attachments ({n})"),
    }
}

impl AttachmentsTab {
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        book: &Casebook,
        casebook: &Path,
        case: &Case,
        requests: &mut Vec<Request>,
    ) {
        ui.horizontal_wrapped(|ui| {
            if ui
                .button("Attach a file…")
                .on_hover_text("Choose a file to keep with this case; or drop files on the window")
                .clicked()
            {
                requests.push(Request::ChooseAttachment(case.id, self.target));
            }
            let label = ui.label("File to attach");
            ui.add(
                egui::TextEdit::singleline(&mut self.path)
                    .hint_text("/path/to/warrant.pdf")
                    .desired_width(240.0),
            )
            .labelled_by(label.id);
            if ui.button("Attach").clicked() && !self.path.trim().is_empty() {
                requests.push(Request::Attach {
                    case: case.id,
                    paths: vec![PathBuf::from(self.path.trim())],
                    to: self.target,
                });
                self.path.clear();
            }
        });
        self.target_ui(ui, case);
        ui.separator();
        let list = attachment::attachments(case);
        if list.iter().all(Attachment::is_removed) {
            ui.label("No files are attached to this case.");
        }
        // Wrapped, so a narrow panel still shows every button.
        for a in list.iter().filter(|a| !a.is_removed()) {
            ui.horizontal_wrapped(|ui| self.row_ui(ui, case, a, requests));
        }
        self.removal_ui(ui, case, &list, requests);
        self.purge_ui(ui, book, casebook, requests);
        ui.separator();
        self.bundle_ui(ui, case, &list, requests);
    }

    /// "For": the case as a whole, or one of its checklist items, hearings or moves.
    fn target_ui(&mut self, ui: &mut egui::Ui, case: &Case) {
        let mut targets = vec![None];
        targets.extend(attachment::targets(case).into_iter().map(Some));
        if !targets.contains(&self.target) {
            self.target = None;
        }
        ui.horizontal(|ui| {
            let label = ui.label("For");
            super::dropdown::dropdown_ui(
                ui,
                "attach for",
                &mut self.target,
                &targets,
                |t| match t {
                    None => "The case as a whole".to_string(),
                    Some(_) => belongs_to(case, *t)
                        .trim_start_matches(", for ")
                        .to_string(),
                },
                320.0,
            )
            .labelled_by(label.id);
        });
    }

    fn row_ui(
        &mut self,
        ui: &mut egui::Ui,
        case: &Case,
        a: &Attachment,
        requests: &mut Vec<Request>,
    ) {
        ui.label(a.name).on_hover_text(format!(
            "Attached {} by {}{}",
            a.event.recorded_at.format("%d %b %Y"),
            a.event.officer,
            belongs_to(case, a.to)
        ));
        ui.label(bytes(a.size));
        ui.label(a.event.recorded_at.format("%d %b %Y").to_string());
        if ui
            .button(format!("Open {}", a.name))
            .on_hover_text("Checked against what was attached, then opened with its program")
            .clicked()
        {
            requests.push(Request::OpenAttachment {
                case: case.id,
                attachment: a.id(),
            });
        }
        if ui
            .button(format!("Remove {}", a.name))
            .on_hover_text("Recorded in the case's history; the file is kept until purged")
            .clicked()
        {
            self.removing = Some(a.id());
        }
    }

    /// "Remove warrant.pdf from the case?", below the list: asked before the event is recorded.
    fn removal_ui(
        &mut self,
        ui: &mut egui::Ui,
        case: &Case,
        list: &[Attachment],
        requests: &mut Vec<Request>,
    ) {
        let Some(a) = self
            .removing
            .and_then(|id| list.iter().find(|a| a.id() == id))
        else {
            return;
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("Remove {} from the case?", a.name));
            if ui.button("Remove").clicked() {
                requests.push(Request::Change(Command::Detach {
                    case: case.id,
                    attachment: a.id(),
                    reason: String::new(),
                }));
                self.bundle.ticked.remove(&a.id());
                self.removing = None;
            }
            if ui.button("Keep").clicked() {
                self.removing = None;
            }
        });
    }

    /// "Purge removed files…": the files of attachments removed from every case, deleted for
    /// good once the officer confirms.
    fn purge_ui(
        &mut self,
        ui: &mut egui::Ui,
        book: &Casebook,
        casebook: &Path,
        requests: &mut Vec<Request>,
    ) {
        // Those whose file is still kept: a purged one is gone from the folder for good.
        let purgeable: Vec<Attachment> = attachment::purgeable(book.cases())
            .into_iter()
            .filter(|a| kept::is_kept(casebook, a.hash))
            .collect();
        if purgeable.is_empty() {
            self.purging = false;
            return;
        }
        if !self.purging {
            if ui
                .button("Purge removed files…")
                .on_hover_text("Delete for good the files of attachments removed from every case")
                .clicked()
            {
                self.purging = true;
            }
            return;
        }
        let size: u64 = purgeable.iter().map(|a| a.size).sum();
        let names: Vec<&str> = purgeable.iter().map(|a| a.name).collect();
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "Delete for good the {} of attachments removed from every case ({}: {})? Their events stay in the histories; this cannot be undone.",
                crate::count::count(purgeable.len(), "file", "files"),
                bytes(size),
                names.join(", ")
            ));
            if ui.button("Purge").clicked() {
                requests.push(Request::PurgeAttachments);
                self.purging = false;
            }
            if ui.button("Keep them").clicked() {
                self.purging = false;
            }
        });
    }

    fn bundle_ui(
        &mut self,
        ui: &mut egui::Ui,
        case: &Case,
        list: &[Attachment],
        requests: &mut Vec<Request>,
    ) {
        let form = &mut self.bundle;
        ui.strong("Bundle for the counterpart");
        ui.label(
            "One zip: the partner summary, the files ticked, and SHA256SUMS to check them by.",
        );
        ui.horizontal(|ui| {
            let label = ui.label("Recipient");
            ui.text_edit_singleline(&mut form.recipient)
                .labelled_by(label.id);
        });
        for a in list.iter().filter(|a| !a.is_removed()) {
            let mut ticked = form.ticked.contains(&a.id());
            if ui
                .checkbox(&mut ticked, format!("Include {}", a.name))
                .changed()
            {
                if ticked {
                    form.ticked.insert(a.id());
                } else {
                    form.ticked.remove(&a.id());
                }
            }
        }
        ui.checkbox(
            &mut form.seal,
            "Seal it with a passphrase for the recipient",
        );
        if form.seal {
            ui.horizontal(|ui| {
                let label = ui.label("Recipient's passphrase");
                ui.add(egui::TextEdit::singleline(&mut form.passphrase).password(true))
                    .labelled_by(label.id);
                let label = ui.label("Repeat the passphrase");
                ui.add(egui::TextEdit::singleline(&mut form.passphrase_again).password(true))
                    .labelled_by(label.id);
            });
            ui.label(
                "Tell the recipient the passphrase another way (a call, not the same e-mail).",
            );
        }
        if case.details.ncnd {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "This case is neither-confirm-nor-deny: it goes to the counterpart only if you say so.",
            );
            ui.checkbox(
                &mut form.include_ncnd,
                "Include this neither-confirm-nor-deny case",
            );
        }
        ui.horizontal(|ui| {
            let label = ui.label("Bundle file");
            ui.add(
                egui::TextEdit::singleline(&mut form.path)
                    .hint_text(format!("bundle-{}.zip", case.reference)),
            )
            .labelled_by(label.id);
            ui.checkbox(&mut form.replace, "Replace it if it exists");
        });
        if let Some(error) = &form.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        if ui.button("Write the bundle").clicked() {
            form.error = match (form.recipient.trim(), form.path.trim()) {
                ("", _) => Some("Say who receives the bundle".into()),
                (_, "") => Some("Name the bundle's file".into()),
                _ if form.seal && form.passphrase.is_empty() => {
                    Some("Give the passphrase the recipient will open it with".into())
                }
                _ if form.seal && form.passphrase != form.passphrase_again => {
                    Some("The two passphrases differ: type the recipient's passphrase again".into())
                }
                _ if case.details.ncnd && !form.include_ncnd => Some(
                    "This case is neither-confirm-nor-deny: tick \"Include this neither-confirm-nor-deny case\" to send it".into(),
                ),
                (recipient, path) => {
                    requests.push(Request::WriteBundle(Box::new(BundleRequest {
                        case: case.id,
                        // In the order they are listed.
                        ticked: list
                            .iter()
                            .map(Attachment::id)
                            .filter(|id| form.ticked.contains(id))
                            .collect(),
                        recipient: recipient.to_string(),
                        passphrase: form.seal.then(|| form.passphrase.clone()),
                        path: PathBuf::from(path),
                        replace: form.replace,
                        include_ncnd: form.include_ncnd,
                    })));
                    None
                }
            };
        }
    }
}

/// ", for Arrest warrant" and the like.
fn belongs_to(case: &Case, to: Option<AttachedTo>) -> String {
    let to = match to {
        Some(AttachedTo::ChecklistItem(id)) => case
            .details
            .checklist
            .iter()
            .find(|i| i.id == id)
            .map(|i| i.label.to_string()),
        Some(AttachedTo::Hearing(id)) => case
            .details
            .hearings
            .iter()
            .find(|h| h.id == id)
            .map(|h| format!("the hearing on {}", h.date.format("%d %b %Y"))),
        Some(AttachedTo::Transition(id)) => {
            case.history()
                .iter()
                .find(|e| e.id == id)
                .and_then(|e| match &e.kind {
                    EventKind::Transition { to, .. } => Some(format!(
                        "the move to {to} on {}",
                        e.effective.format("%d %b %Y")
                    )),
                    _ => None,
                })
        }
        None => None,
    };
    to.map(|t| format!(", for {t}")).unwrap_or_default()
}

/// Stores the files at `paths` beside the casebook at `casebook` (sealed with `key`) in the
/// background, a mebibyte at a time with progress; the desk records their events when done.
pub fn start_attach(
    casebook: PathBuf,
    key: Option<Key>,
    case: CaseId,
    to: Option<AttachedTo>,
    paths: Vec<PathBuf>,
) -> Task {
    let title = match &paths[..] {
        [one] => format!("Attaching {}", super::files::display_name(one)),
        many => format!("Attaching {} files", many.len()),
    };
    Task::spawn(title, move |progress| {
        let mut stored = Vec::new();
        let mut failed = Vec::new();
        for path in paths {
            let name = match attachment_name(&path) {
                Ok(name) => name,
                Err(e) => {
                    failed.push(e);
                    continue;
                }
            };
            let size = std::fs::metadata(&path).map_or(0, |m| m.len());
            if progress
                .begin(format!("Storing {name} (MB)"), mebibytes(size))
                .is_err()
            {
                break;
            }
            let mut on_piece = |done| progress.bytes_done(done);
            match kept::store_file(&casebook, &path, key.as_ref(), &mut on_piece) {
                Ok(s) => stored.push((name, s)),
                Err(kept::AttachmentFileError::Cancelled) => break,
                Err(e) => failed.push(e.to_string()),
            }
        }
        if progress.is_cancelled() {
            // Stored before the cancel, but not to be recorded: removed again.
            for (_, s) in stored.iter().filter(|(_, s)| !s.already) {
                kept::remove_unrecorded(&casebook, &s.hash);
            }
            return TaskResult::Cancelled;
        }
        TaskResult::Attached {
            case,
            to,
            stored,
            failed,
        }
    })
}

/// The name a file is attached under: its own, checked as every attachment's is.
fn attachment_name(path: &Path) -> Result<String, String> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| format!("{} has no name that can be shown", path.display()))?;
    attachment::check_name(name).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(name.to_string())
}

/// The event recording the file `stored` attached to `case` as `name`, for `to` in the case;
/// `drafted`: a letter Casedesk drafted.
pub fn attach_command(
    case: CaseId,
    name: String,
    stored: &Stored,
    to: Option<AttachedTo>,
    drafted: Option<crate::domain::drafting::Drafted>,
) -> Command {
    Command::Attach {
        case,
        attachment: Box::new(attachment::NewAttachment {
            name,
            size: stored.size,
            hash: stored.hash.clone(),
            to,
            drafted,
        }),
    }
}

/// Files dropped on the window this frame: to attach to the case open (`case`); said when
/// no case is. While files are dragged over the window, says where they will go.
pub fn dropped_ui(ui: &egui::Ui, case: Option<(CaseId, &str)>) -> Option<Request> {
    let (hovering, paths): (bool, Vec<PathBuf>) = ui.input(|i| {
        (
            !i.raw.hovered_files.is_empty(),
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect(),
        )
    });
    if hovering {
        let text = match case {
            Some((_, reference)) => format!("Drop to attach to {reference}"),
            None => "Open a case to attach files to it".into(),
        };
        egui::Area::new(egui::Id::unique("drop files"))
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .order(egui::Order::Foreground)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| ui.heading(text));
            });
    }
    if paths.is_empty() {
        return None;
    }
    Some(match case {
        Some((case, _)) => Request::Attach {
            case,
            paths,
            to: None,
        },
        None => Request::Tell(Notice::error(
            "Open a case in the register, then drop the files on the window to attach them to it",
        )),
    })
}

/// Writes the attachment `attachment` of `case` out (checked against its hash) for the
/// system's viewer, in the background.
pub fn start_open(
    casebook: PathBuf,
    key: Option<Key>,
    book: Arc<Casebook>,
    case: CaseId,
    attachment: EventId,
) -> Task {
    Task::spawn("Opening the attachment".into(), move |progress| {
        let found = book.case(case).and_then(|c| {
            attachment::attachments(c)
                .into_iter()
                .find(|a| a.id() == attachment)
        });
        let Some(a) = found else {
            return TaskResult::Failed("That attachment is no longer on the case".into());
        };
        if progress
            .begin(format!("Checking {} (MB)", a.name), mebibytes(a.size))
            .is_err()
        {
            return TaskResult::Cancelled;
        }
        let mut on_piece = |done| progress.bytes_done(done);
        let viewing = crate::store::viewing_folder();
        match kept::extract_to_view(&casebook, &a, key.as_ref(), &viewing, &mut on_piece) {
            Ok(to) => TaskResult::Extracted(to),
            Err(kept::AttachmentFileError::Cancelled) => TaskResult::Cancelled,
            Err(e) => TaskResult::Failed(e.to_string()),
        }
    })
}

/// After a merge from the copy at `source`: brings into this casebook's folder, in the
/// background, the files of the attachments the merged casebook `book` records that it lacks
/// and `source`'s folder holds (opened with this casebook's passphrase, as the merge was).
pub fn start_carry(
    source: PathBuf,
    casebook: PathBuf,
    key: Option<Key>,
    book: Arc<Casebook>,
) -> Task {
    Task::spawn(
        "Bringing the merged copy's attachments".into(),
        move |_| match kept::carry(&source, key.as_ref(), &casebook, key.as_ref(), &book) {
            Err(e) => TaskResult::Failed(format!("Merged, but {e}")),
            Ok(carried) if !carried.missing.is_empty() => TaskResult::Told(Notice::error(format!(
                "Merged; no copy holds the file of {}",
                carried.missing.join(", ")
            ))),
            Ok(carried) => TaskResult::Told(Notice::info(format!(
                "Merged; brought {}",
                crate::count::count(carried.copied, "attachment", "attachments")
            ))),
        },
    )
}

/// Writes the bundle `order` asks for to `path` (checked already) in the background; the
/// disclosure is recorded by the desk once the file is in place.
pub fn start_bundle(
    casebook: PathBuf,
    key: Option<Key>,
    book: Arc<Casebook>,
    order: BundleRequest,
    sealed_for: Option<Key>,
    now: DateTime<FixedOffset>,
) -> Task {
    let title = format!(
        "Writing the bundle {}",
        super::files::display_name(&order.path)
    );
    Task::spawn(title, move |progress| {
        let Some(case) = book.case(order.case) else {
            return TaskResult::Failed("That case is no longer in the casebook".into());
        };
        let list = attachment::attachments(case);
        let ticked = order
            .ticked
            .iter()
            .filter_map(|id| list.iter().find(|a| a.id() == *id && !a.is_removed()))
            .copied()
            .collect();
        let meta = ExportMeta::of_this_build(now, &order.recipient);
        let staged = stage_bundle(
            &Order {
                book: &book,
                case,
                ticked,
                format: Format::Pdf,
                selection: Selection {
                    include_ncnd: order.include_ncnd,
                },
                meta: &meta,
                today: now.date_naive(),
                casebook: &casebook,
                key: key.as_ref(),
                sealed_for: sealed_for.as_ref(),
            },
            &order.path,
            progress,
        );
        if progress.is_cancelled() {
            return TaskResult::Cancelled;
        }
        match staged.map_err(|e| e.to_string()).and_then(|staged| {
            staged
                .file
                .publish()
                .map(|()| staged.disclosure)
                .map_err(|e| e.to_string())
        }) {
            Ok(disclosure) => TaskResult::Exported {
                path: order.path,
                disclosures: vec![disclosure],
            },
            Err(e) => TaskResult::Failed(e),
        }
    })
}
