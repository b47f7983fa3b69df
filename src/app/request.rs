//! What panels and dialogs ask the desk for. Views read the casebook and return (or push)
//! requests during the frame; the desk applies them after it, in one place
//! (`Desk::handle`), which is also the one place errors are shown.

use super::commands::UiCommand;

#[derive(Debug)]
pub enum Request {
    /// A window command: from the menu, a shortcut or a button.
    Ui(UiCommand),
    /// Moves the register's selection by this many rows.
    MoveSelection(isize),
}
