//! What interrupted work left behind a casebook, on the command line: put right by every writing
//! subcommand as it opens the casebook, and reported by `casedesk check`.

use super::Env;
use crate::domain::Casebook;
use crate::store::lock::Lock;
use crate::store::{self, Key};
use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;

/// Puts right what interrupted work left behind the casebook `lock` holds, saying so on stderr.
/// What cannot be put right is a warning, as in the window: the work at hand goes ahead, and
/// `casedesk check` still lists what is left.
pub fn tidy(lock: &Lock, key: Option<&Key>, book: &Casebook, env: &mut Env) {
    let own = store::own_copies(&book.settings, &env.installation());
    match store::tidy(lock, key, &own) {
        Ok(tidied) if tidied.is_empty() => {}
        Ok(tidied) => env.note(tidied),
        Err(e) => env.note(format_args!(
            "warning: what an interrupted save left behind could not be put right: {e}"
        )),
    }
}

/// Lists the files left in plain text beside the encrypted casebook `file`; returns how many.
pub fn report(file: &Path, book: &Casebook, env: &mut Env, out: &mut impl Write) -> Result<usize> {
    let plain = found(file, book, env)?;
    for path in &plain {
        writeln!(out, "{}: {LEFT_IN_PLAIN_TEXT}", path.display())?;
    }
    Ok(plain.len())
}

/// What is said of a file left in plain text.
pub const LEFT_IN_PLAIN_TEXT: &str = "left in plain text beside an encrypted casebook by an interrupted save or passphrase change; opening the casebook for writing (the window, or any writing subcommand) encrypts or removes it";

/// The files left in plain text beside the encrypted casebook `file`.
pub fn found(file: &Path, book: &Casebook, env: &mut Env) -> Result<Vec<std::path::PathBuf>> {
    store::plaintext_leftovers(
        file,
        &store::own_copies(&book.settings, &env.installation()),
    )
    .with_context(|| {
        format!(
            "looking for files left in plain text beside {}",
            file.display()
        )
    })
}
