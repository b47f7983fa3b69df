//! `-o`: where a subcommand writes. `-o -` is standard output (exports and reports, PDF
//! included: it is bytes); any other path must pass `store::check_output_path`, and a file
//! already there is replaced only with `--force`. Checked before the casebook is opened or
//! locked, so a refused path changes nothing.

use super::Env;
use crate::store::{self, OutputFile, Writing};
use anyhow::{Context, Result, bail};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where an export goes.
pub enum Output {
    Stdout,
    File(OutputFile),
}

impl Output {
    /// Writes the export's bytes: atomically to a file, or to standard output (`out`).
    pub fn write(&self, bytes: &[u8], out: &mut impl Write) -> Result<()> {
        match self {
            Output::Stdout => out
                .write_all(bytes)
                .and_then(|()| out.flush())
                .context("writing to standard output"),
            Output::File(file) => file
                .write_export(bytes)
                .with_context(|| format!("writing {}", file.path.display())),
        }
    }

    /// Writes the export and records its disclosure (`record`), both or neither: a file is
    /// staged, recorded, then put in place (`store::write_export_recorded`); standard output
    /// is written first, so a pipe that fails records nothing.
    pub fn write_recorded<T>(
        &self,
        bytes: &[u8],
        out: &mut impl Write,
        record: impl FnOnce() -> Result<T>,
    ) -> Result<T> {
        match self {
            Output::Stdout => {
                self.write(bytes, out)?;
                record()
            }
            Output::File(file) => store::write_export_recorded(&file.path, bytes, record),
        }
    }

    /// Says what was done: on standard output (`out`), unless the export itself went there.
    pub fn tell(&self, line: fmt::Arguments, env: &mut Env, out: &mut impl Write) -> Result<()> {
        match self {
            Output::Stdout => env.note(line),
            Output::File(_) => writeln!(out, "{line}")?,
        }
        Ok(())
    }
}

impl fmt::Display for Output {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Output::Stdout => f.write_str("standard output"),
            Output::File(file) => write!(f, "{}", file.path.display()),
        }
    }
}

/// Where an export read from `casebook` is to go.
pub fn export(out: &Path, casebook: &Path, force: bool) -> Result<Output> {
    if out == Path::new("-") {
        return Ok(Output::Stdout);
    }
    checked(out, &[casebook], Writing::Export, force).map(Output::File)
}

/// Where a casebook (a sample, a merge's result) is to be written, never over one of
/// `reading`: the real path, so a save through a symbolic link replaces what it points to.
pub fn casebook(out: &Path, reading: &[&Path], force: bool) -> Result<PathBuf> {
    if out == Path::new("-") {
        bail!("-o -: a casebook is written to a file, not to standard output; name the file");
    }
    checked(out, reading, Writing::Casebook, force).map(|file| file.path)
}

fn checked(out: &Path, reading: &[&Path], writing: Writing, force: bool) -> Result<OutputFile> {
    let file = store::check_output_path(out, reading, writing)?;
    if file.exists && !force {
        bail!(
            "{} already exists; nothing was written. Run again with --force to replace it{}",
            out.display(),
            match writing {
                Writing::Export => "",
                Writing::Casebook => " (it is kept as a snapshot)",
            }
        );
    }
    Ok(file)
}
