//! The window's own commands (menus, shortcuts): label and shortcut in one place, reused by the
//! menu and the keyboard.

use egui::{Key, KeyboardShortcut, Modifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UiCommand {
    NewCasebook,
    Open,
    Save,
    SaveAs,
    Snapshots,
    Passphrase,
    MergeFrom,
    TeamFolder,
    Officer,
    Undo,
    Redo,
    NewCase,
    FocusFilter,
    ShowDashboard,
    ShowRegister,
    ExportSummary,
    /// The selected case's summary opened in the system's viewer, to print.
    Print,
    ReviewReport,
    ExportRegister,
    ExportAgenda,
    ImportCsv,
}

impl UiCommand {
    pub const ALL: [UiCommand; 21] = [
        UiCommand::NewCasebook,
        UiCommand::Open,
        UiCommand::Save,
        UiCommand::SaveAs,
        UiCommand::Snapshots,
        UiCommand::Passphrase,
        UiCommand::MergeFrom,
        UiCommand::TeamFolder,
        UiCommand::Officer,
        UiCommand::Undo,
        UiCommand::Redo,
        UiCommand::NewCase,
        UiCommand::FocusFilter,
        UiCommand::ShowDashboard,
        UiCommand::ShowRegister,
        UiCommand::ExportSummary,
        UiCommand::Print,
        UiCommand::ReviewReport,
        UiCommand::ExportRegister,
        UiCommand::ExportAgenda,
        UiCommand::ImportCsv,
    ];

    pub fn label(self) -> &'static str {
        match self {
            UiCommand::NewCasebook => "New casebook…",
            UiCommand::Open => "Open…",
            UiCommand::Save => "Save",
            UiCommand::SaveAs => "Save as…",
            UiCommand::Snapshots => "Snapshots…",
            UiCommand::Passphrase => "Passphrase…",
            UiCommand::MergeFrom => "Merge from another casebook…",
            UiCommand::TeamFolder => "Team folder…",
            UiCommand::Officer => "Your name and agency…",
            UiCommand::Undo => "Undo",
            UiCommand::Redo => "Redo",
            UiCommand::NewCase => "New case…",
            UiCommand::FocusFilter => "Find",
            UiCommand::ShowDashboard => "Dashboard",
            UiCommand::ShowRegister => "Register",
            UiCommand::ExportSummary => "Export case summary…",
            UiCommand::Print => "Print case summary",
            UiCommand::ReviewReport => "Review report…",
            UiCommand::ExportRegister => "Export register to spreadsheet (CSV)…",
            UiCommand::ExportAgenda => "Export agenda…",
            UiCommand::ImportCsv => "Import from spreadsheet (CSV)…",
        }
    }

    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = |key| Some(KeyboardShortcut::new(Modifiers::COMMAND, key));
        match self {
            UiCommand::Open => cmd(Key::O),
            UiCommand::Save => cmd(Key::S),
            UiCommand::SaveAs => Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::S,
            )),
            UiCommand::Undo => cmd(Key::Z),
            UiCommand::Redo => Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::Z,
            )),
            UiCommand::NewCase => cmd(Key::N),
            UiCommand::FocusFilter => cmd(Key::F),
            UiCommand::ShowDashboard => cmd(Key::Num1),
            UiCommand::ShowRegister => cmd(Key::Num2),
            UiCommand::ExportSummary => cmd(Key::E),
            UiCommand::Print => cmd(Key::P),
            UiCommand::NewCasebook
            | UiCommand::Snapshots
            | UiCommand::Passphrase
            | UiCommand::ReviewReport
            | UiCommand::ExportRegister
            | UiCommand::ExportAgenda
            | UiCommand::ImportCsv
            | UiCommand::MergeFrom
            | UiCommand::TeamFolder
            | UiCommand::Officer => None,
        }
    }

    /// Undo and redo belong to a text field while one has focus: there they undo the typing,
    /// as in every editor, and the casebook's undo waits until the field is left.
    fn belongs_to_text(self) -> bool {
        matches!(self, UiCommand::Undo | UiCommand::Redo)
    }

    /// The command whose shortcut was pressed this frame (Ctrl+Y also redoes), leaving the
    /// text field's own shortcuts to it while `typing`.
    pub fn pressed(ctx: &egui::Context, typing: bool) -> Option<UiCommand> {
        let ours = |c: &UiCommand| !(typing && c.belongs_to_text());
        ctx.input_mut(|i| {
            // Longer shortcuts first, so Ctrl+Shift+S is not taken for Ctrl+S.
            for command in [UiCommand::SaveAs, UiCommand::Redo]
                .into_iter()
                .filter(ours)
            {
                if let Some(s) = command.shortcut()
                    && i.consume_shortcut(&s)
                {
                    return Some(command);
                }
            }
            if !typing && i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Y)) {
                return Some(UiCommand::Redo);
            }
            // Shift held is another shortcut (Ctrl+Shift+P finds a person, Ctrl+P prints).
            let shift = i.modifiers.shift;
            UiCommand::ALL.into_iter().filter(ours).find(|c| {
                c.shortcut()
                    .is_some_and(|s| s.modifiers.shift == shift && i.consume_shortcut(&s))
            })
        })
    }

    /// A menu button showing the shortcut; true when clicked.
    pub fn menu_item(self, ui: &mut egui::Ui, enabled: bool) -> bool {
        let mut button = egui::Button::new(self.label());
        if let Some(s) = self.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&s));
        }
        ui.add_enabled(enabled, button).clicked()
    }
}
