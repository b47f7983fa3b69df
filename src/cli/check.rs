//! `casedesk check FILE [--json]`: parses and checks a casebook; exit 0 only when it is sound.

use super::casebook::open;
use super::{Env, leftovers};
use crate::count::count;
use crate::domain::check::check_casebook;
use crate::domain::validate::field_words;
use crate::export::printable::printable;
use anyhow::Result;
use chrono::Local;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The casebook (a .ron file).
    pub file: PathBuf,
    /// As JSON: whether it is sound, and each problem with the record and field it is in.
    #[arg(long)]
    pub json: bool,
}

/// What `check --json` writes.
#[derive(Serialize, Default)]
struct Report {
    file: String,
    sound: bool,
    /// Why the file could not be read at all, if it could not.
    unreadable: Option<String>,
    cases: usize,
    people: usize,
    problems: Vec<Problem>,
}

#[derive(Serialize)]
struct Problem {
    record: String,
    field: String,
    message: String,
}

pub fn run(Args { file, json }: Args, env: &mut Env, out: &mut impl Write) -> Result<ExitCode> {
    let mut report = Report {
        file: file.display().to_string(),
        ..Report::default()
    };
    let book = match open(&file, env) {
        Ok(book) => book,
        Err(e) => {
            let said = printable(&super::causes_once(&e)).into_owned();
            if json {
                report.unreadable = Some(said);
                write_json(&report, out)?;
            } else {
                env.note(said);
            }
            return Ok(ExitCode::FAILURE);
        }
    };
    let findings = check_casebook(&book, Local::now().date_naive());
    let (cases, people) = (book.cases().len(), book.people().len());
    if json {
        let plain = leftovers::found(&file, &book, env)?;
        report.problems = (findings.into_iter())
            .map(|f| Problem {
                record: f.record,
                field: field_words(&f.field),
                message: f.message,
            })
            .chain(plain.iter().map(|p| Problem {
                record: p.display().to_string(),
                field: String::new(),
                message: leftovers::LEFT_IN_PLAIN_TEXT.into(),
            }))
            .collect();
        report.sound = report.problems.is_empty();
        (report.cases, report.people) = (cases, people);
        write_json(&report, out)?;
        return Ok(if report.sound {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }
    let plain = leftovers::report(&file, &book, env, out)?;
    if findings.is_empty() && plain == 0 {
        writeln!(
            out,
            "{}: sound ({}, {})",
            file.display(),
            count(cases, "case", "cases"),
            count(people, "person", "people")
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

fn write_json(report: &Report, out: &mut impl Write) -> Result<()> {
    let mut bytes = serde_json::to_vec_pretty(report)?;
    bytes.push(b'\n');
    out.write_all(&bytes)?;
    Ok(())
}
