//! `casedesk check FILE`: parses and checks a casebook; exit 0 only when it is sound.

use super::casebook::open;
use super::{Env, leftovers};
use crate::count::count;
use crate::domain::check::check_casebook;
use crate::export::printable::printable;
use anyhow::Result;
use chrono::Local;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
}

pub fn run(Args { file }: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let book = match open(&file, env) {
        Ok(book) => book,
        Err(e) => {
            env.note(printable(&super::causes_once(&e)));
            return Ok(ExitCode::FAILURE);
        }
    };
    let findings = check_casebook(&book, Local::now().date_naive());
    let plain = leftovers::report(&file, &book, env, out)?;
    if findings.is_empty() && plain == 0 {
        writeln!(
            out,
            "{}: sound ({}, {})",
            file.display(),
            count(book.cases().len(), "case", "cases"),
            count(book.people().len(), "person", "people")
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    for f in &findings {
        writeln!(out, "{}", printable(&f.to_string()))?;
    }
    env.note(format_args!(
        "{} in {}",
        count(findings.len() + plain, "problem", "problems"),
        file.display()
    ));
    Ok(ExitCode::FAILURE)
}
