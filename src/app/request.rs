//! What panels and dialogs ask the desk for. Views read the casebook and push requests during
//! the frame; the desk applies them after it, in order, in one place (`Desk::handle`), which is
//! also the one place their errors are shown. Background work reports the same way.

use super::commands::UiCommand;
use super::merge_view::MergeView;
use crate::domain::attachment::AttachedTo;
use crate::domain::{CaseId, Casebook, Command, EventId, Settings};
use crate::store::Key;
use std::path::PathBuf;

pub enum Request {
    /// A change to the casebook, applied through `Casebook::apply` with its inverse kept for undo.
    Change(Command),
    /// A window command: from the menu, a shortcut or a button.
    Ui(UiCommand),
    /// File → Open recent.
    OpenRecent(PathBuf),
    /// Moves the register's selection by this many rows (the arrow keys).
    MoveSelection(isize),
    ShowView(View),
    /// Shows a case in the register (a dashboard line, a person's case, a case just created).
    ShowCase(CaseId),
    /// The register filtered to overdue deadlines.
    ShowOverdue,
    /// The register filtered to deadlines due within this many days.
    ShowDueWithin(i64),
    /// The case in a window of its own.
    OpenCaseWindow(CaseId),
    /// Closes the case panel beside the register (its close button, Escape).
    CloseCase,
    /// Puts this text on the clipboard (a reference, a row).
    Copy(String),
    /// Puts the selected case's reference on the clipboard (Ctrl+C in the register).
    CopySelected,
    /// Opens a file written with the program the system uses for it; `reveal`: shows it in
    /// its folder instead.
    OpenFile {
        path: PathBuf,
        reveal: bool,
    },
    /// Applies the repair offered for a casebook that breaks the rules.
    Repair,
    /// The team banner: review the first copy with changes, put them off until each is written
    /// again, remove or keep a merged sync conflict copy, share from this casebook.
    ReviewTeamCopy,
    TeamCopiesLater,
    RemoveMergedCopy(PathBuf),
    KeepMergedCopy(PathBuf),
    ShareFromHere,
    /// File → Team folder… answered: the folder (`None`: stop sharing) and the settings with it.
    SetTeamFolder {
        folder: Option<PathBuf>,
        settings: Box<Settings>,
    },
    /// File → Your name and agency… answered: who works on this computer from now on.
    SetOfficer(crate::store::Officer),
    /// A new passphrase, or none.
    ChangePassphrase(Option<Key>),
    /// A path entered or picked for a file command.
    PathChosen(PathPurpose, PathBuf),
    /// "Save changes?" answered: save, or discard, then go on to the outcome.
    SaveThen(DeskOutcome),
    DiscardThen(DeskOutcome),
    /// "The casebook changed on disk" answered: save over it, save as another file, or not.
    SaveAnyway,
    SaveAsInstead,
    CancelSave,
    RestoreSnapshot(PathBuf),
    /// "Restore unsaved work?" answered, with the journal it was about.
    AnswerJournal(
        Box<super::journal_view::RestorePrompt>,
        super::journal_view::RestoreAnswer,
    ),
    /// The merge review's one command, reviewed against the casebook at this generation.
    ApplyMerge {
        command: Command,
        reviewed: u64,
        source: PathBuf,
    },
    /// An export written: the disclosures to record; `print`: a summary to print, opened in
    /// the system's viewer.
    Exported {
        path: PathBuf,
        disclosures: Vec<Command>,
        print: bool,
    },
    /// An import applied to a copy taken at `generation`, to adopt as one undo step.
    Imported {
        book: Box<Casebook>,
        generation: u64,
        undo: Option<Vec<Command>>,
        /// The rows as applied, for the journal.
        entries: Vec<crate::store::journal::Entry>,
        cases: usize,
    },
    /// The other copy read and compared: open its review.
    ReviewMerge(Box<MergeView>, u64),
    /// Something to tell the officer.
    Tell(Notice),
    /// Files to attach to a case: typed, chosen, or dropped on the window.
    Attach {
        case: CaseId,
        paths: Vec<PathBuf>,
        /// For a checklist item, a hearing or a move of the case; the case as a whole: `None`.
        to: Option<AttachedTo>,
    },
    /// "Attach a file…": the file dialog, then attaching what is chosen (for `to`).
    ChooseAttachment(CaseId, Option<AttachedTo>),
    /// Files stored for a case: their events to record; what could not be stored, said.
    Attached {
        case: CaseId,
        to: Option<AttachedTo>,
        stored: Vec<(String, crate::store::attachments::Stored)>,
        failed: Vec<String>,
    },
    /// An attachment to check and open with the system's viewer.
    OpenAttachment {
        case: CaseId,
        attachment: EventId,
    },
    /// A bundle for the counterpart to write.
    WriteBundle(Box<BundleRequest>),
    /// The files of attachments removed from every case, deleted for good (confirmed).
    PurgeAttachments,
    /// "Draft…" on a case: the Draft dialog.
    StartDraft(CaseId),
    /// A drafted letter written: to attach to its case with its event.
    Drafted(Box<super::draft_ui::DraftDone>),
    /// An action point's agenda line activated: the Programme view, the action point open.
    ShowAction(crate::domain::ids::ActionId),
}

/// A bundle the officer asked for, to be written by the desk.
#[derive(Debug)]
pub struct BundleRequest {
    pub case: CaseId,
    pub ticked: Vec<EventId>,
    pub recipient: String,
    /// The recipient's passphrase, when the bundle is to be sealed.
    pub passphrase: Option<String>,
    pub path: PathBuf,
    /// The officer agreed to replace a file already there.
    pub replace: bool,
    /// The officer ticked that a neither-confirm-nor-deny case goes to the counterpart.
    pub include_ncnd: bool,
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
    ExportAgenda,
}

impl PathPurpose {
    pub fn title(self) -> &'static str {
        match self {
            PathPurpose::Open => "Open a casebook",
            PathPurpose::SaveAs => "Save the casebook as",
            PathPurpose::NewCasebook => "Create a new casebook",
            PathPurpose::Merge => "Merge from another casebook",
            PathPurpose::ExportAgenda => "Export the agenda as an iCalendar file",
        }
    }
}

/// The main views of the desk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// What is due and how the casebook stands: the view a casebook opens on.
    #[default]
    Dashboard,
    Register,
    /// Everything due across the casebook.
    Agenda,
    People,
    Agencies,
    /// The agreements register, meetings and action points, capacity building.
    Governance,
}

/// A message in the status line.
#[derive(Debug)]
pub struct Notice {
    pub text: String,
    pub error: bool,
    /// The file the message is about (an export written): offered to open or show.
    pub file: Option<PathBuf>,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            error: false,
            file: None,
        }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            error: true,
            file: None,
        }
    }

    /// A file written, said with `text`, offered to open or show in its folder.
    pub fn written(text: impl Into<String>, file: PathBuf) -> Self {
        Self {
            file: Some(file),
            ..Self::info(text)
        }
    }
}

/// What a dialog came to this frame.
pub enum DialogStep {
    /// Still open.
    Stay,
    /// Closed, asking for this, if anything.
    Close(Option<Request>),
}
