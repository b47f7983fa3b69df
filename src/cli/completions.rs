//! `casedesk completions SHELL`: the shell's completion script for every subcommand and
//! argument, written from the parser's own definition.

use super::Cli;
use anyhow::Result;
use clap::CommandFactory;
use clap_complete::Shell;
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(Args { shell }: Args, out: &mut impl Write) -> Result<ExitCode> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "casedesk", &mut script);
    out.write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}
