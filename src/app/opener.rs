//! Opening a file Casedesk wrote (an export, a summary to print) with the program the system
//! uses for it, or showing it in its folder. The window never waits for that program: it runs
//! on its own, and if it fails (a bare machine with nothing to open a PDF) a message comes
//! back on a channel for the desk to say.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, channel};

/// A program opening a file: says why, once, if it failed.
pub type Opening = Receiver<String>;

/// The system's opener for `path`, or for its folder when `reveal`.
fn command(path: &Path, reveal: bool) -> Command {
    let folder = path.parent().unwrap_or(path);
    if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        if reveal {
            c.arg("-R");
        }
        c.arg(path);
        c
    } else if cfg!(windows) {
        let mut c = Command::new("explorer");
        if reveal {
            c.arg(format!("/select,{}", path.display()));
        } else {
            c.arg(path);
        }
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(if reveal { folder } else { path });
        c
    }
}

/// Starts the system's program for `path` (`reveal`: its folder). `Err` when there is none.
pub fn open_with_system(path: &Path, reveal: bool) -> Result<Opening, String> {
    let mut command = command(path, reveal);
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| nothing_opens(path, &format!("{program}: {e}")))?;
    let (tx, rx) = channel();
    let path = path.to_path_buf();
    // Explorer reports failure even when it has opened the file: only its start counts.
    let judged = !cfg!(windows);
    std::thread::spawn(move || {
        let said = match child.wait() {
            Ok(status) if status.success() || !judged => return,
            Ok(status) => format!("{program} {status}"),
            Err(e) => format!("{program}: {e}"),
        };
        let _window_closed = tx.send(nothing_opens(&path, &said));
    });
    Ok(rx)
}

/// Why a file could not be opened, and where it is, so the officer can open it by hand.
pub fn nothing_opens(path: &Path, why: &str) -> String {
    format!(
        "Nothing on this computer could open the file ({why}); it is at {}",
        path.display()
    )
}

// Not on Windows: Explorer opens a folder for a file that is not there and says nothing.
#[cfg(not(windows))]
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_nothing_opens_is_said_with_where_it_is_and_never_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        // Not there: whatever this machine has (an opener or none), nothing opens it.
        let path = dir.path().join("EI-2026-0001-summary.pdf");
        let said = match open_with_system(&path, false) {
            Err(said) => said,
            Ok(opening) => opening
                .recv_timeout(std::time::Duration::from_secs(60))
                .expect("the opener says it failed"),
        };
        assert!(
            said.starts_with("Nothing on this computer could open the file")
                && said.ends_with(&path.display().to_string()),
            "{said}"
        );
    }
}
