//! `casedesk`: no arguments opens the window on the default casebook; subcommands work headless.

use anyhow::Context;
use casedesk::cli::{Cli, Cmd};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => casedesk::store::default_casebook_path()
            .context("no data folder for the default casebook on this system")
            .and_then(|path| casedesk::app::run(path, true)),
        Some(Cmd::Open { file }) => casedesk::app::run(file, false),
        Some(command) => casedesk::cli::run(command),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("casedesk: {e:#}");
            ExitCode::FAILURE
        }
    }
}
