//! `casedesk`: no arguments opens the window on the default casebook; subcommands work headless.

// On Windows a window program: no console window opens behind the desk. Subcommands attach to
// the console they were typed in (`attach_parent_console`).
#![cfg_attr(windows, windows_subsystem = "windows")]

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
            attach_parent_console();
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

/// Built as a window program on Windows, the subcommands write to the console they were typed
/// in: attached to it, the standard handles not redirected already (to a pipe or a file) are
/// pointed at it. Not built or run on the Linux machines this is developed on (README).
#[cfg(windows)]
// Unsafe: the console calls, which the standard library does not wrap.
#[allow(unsafe_code)]
fn attach_parent_console() {
    use std::os::windows::io::IntoRawHandle;
    use windows_sys::Win32::Foundation::INVALID_HANDLE_VALUE;
    use windows_sys::Win32::System::Console::{
        ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_ERROR_HANDLE, STD_HANDLE,
        STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, SetStdHandle,
    };
    // SAFETY: GetStdHandle and AttachConsole take no pointers; SetStdHandle is given a handle
    // this process owns from here on (the file's, released by `into_raw_handle`).
    unsafe {
        let redirected = |which: STD_HANDLE| {
            let handle = GetStdHandle(which);
            !handle.is_null() && handle != INVALID_HANDLE_VALUE
        };
        let handles = [
            (STD_INPUT_HANDLE, "CONIN$"),
            (STD_OUTPUT_HANDLE, "CONOUT$"),
            (STD_ERROR_HANDLE, "CONOUT$"),
        ];
        if handles.iter().all(|&(which, _)| redirected(which))
            || AttachConsole(ATTACH_PARENT_PROCESS) == 0
        {
            return;
        }
        for (which, name) in handles {
            if !redirected(which)
                && let Ok(file) = std::fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .open(name)
            {
                SetStdHandle(which, file.into_raw_handle());
            }
        }
    }
}

#[cfg(not(windows))]
fn attach_parent_console() {}
