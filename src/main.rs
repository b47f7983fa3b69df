//! `casedesk`: no arguments opens the window on the default casebook; subcommands work headless.

use anyhow::Context;
use casedesk::cli::{self, Cli, Cmd, Env};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    casedesk::memory::tune_allocator();
    let cli = Cli::parse();
    let mut stderr = std::io::stderr();
    let result = match cli.command {
        None => casedesk::store::default_casebook_path()
            .context("no data folder for the default casebook on this system")
            .and_then(|path| casedesk::app::run(path, true)),
        Some(Cmd::Open { file }) => casedesk::app::run(file, false),
        Some(command) => {
            restore_default_sigpipe();
            let mut env = Env::of_process(&mut stderr);
            return cli::execute(command, &mut env, &mut std::io::stdout().lock());
        }
    };
    result.unwrap_or_else(|e| {
        cli::say_error(&e, &mut stderr);
        ExitCode::FAILURE
    })
}

/// `casedesk list | head` must stop quietly when `head` stops reading, as Unix tools do, not
/// end with a "Broken pipe" error. Rust starts programs with SIGPIPE ignored; the headless subcommands
/// take the default back (the window keeps ignoring it).
#[cfg(unix)]
// Unsafe: `signal`, which the standard library does not wrap.
#[allow(unsafe_code)]
fn restore_default_sigpipe() {
    // SAFETY: resetting a signal to its default disposition has no preconditions; no other
    // thread is running yet.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn restore_default_sigpipe() {}
