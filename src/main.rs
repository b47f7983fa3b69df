//! `casedesk`: no arguments opens the window on the default casebook; subcommands work headless.

use anyhow::Context;
use casedesk::cli::{Cli, Cmd};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    casedesk::memory::tune_allocator();
    let cli = Cli::parse();
    let result = match cli.command {
        None => casedesk::store::default_casebook_path()
            .context("no data folder for the default casebook on this system")
            .and_then(|path| casedesk::app::run(path, true)),
        Some(Cmd::Open { file }) => casedesk::app::run(file, false),
        Some(command) => {
            restore_default_sigpipe();
            casedesk::cli::run(command)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // Errors name references and quote files: no control character of theirs is shown.
            let message = format!("{e:#}");
            eprintln!(
                "casedesk: {}",
                casedesk::export::printable::printable(&message)
            );
            ExitCode::FAILURE
        }
    }
}

/// `casedesk list | head` must stop quietly when `head` stops reading, as Unix tools do, not
/// panic in `println!`. Rust starts programs with SIGPIPE ignored; the headless subcommands
/// take the default back (the window keeps ignoring it).
#[cfg(unix)]
fn restore_default_sigpipe() {
    // SAFETY: resetting a signal to its default disposition has no preconditions; no other
    // thread is running yet.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn restore_default_sigpipe() {}
