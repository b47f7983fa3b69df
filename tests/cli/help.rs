//! The command line explains itself: every subcommand and argument has help, every subcommand
//! an example, and `completions` and `man` write what a shell and `man` can read.

#[allow(unused_imports)]
use super::{binary, text};
use clap::{CommandFactory, Parser};

/// Every subcommand, with the path that names it (`casedesk snapshots`).
fn subcommands(command: &clap::Command, path: &str, found: &mut Vec<(String, clap::Command)>) {
    for sub in command.get_subcommands() {
        let path = format!("{path} {}", sub.get_name());
        found.push((path.clone(), sub.clone()));
        subcommands(sub, &path, found);
    }
}

/// A line as a shell splits it (double quotes only, as the examples use).
fn words(line: &str) -> Vec<String> {
    let mut words = vec![String::new()];
    let mut quoted = false;
    for c in line.trim().chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => words.push(String::new()),
            c => words.last_mut().unwrap().push(c),
        }
    }
    words.retain(|w| !w.is_empty());
    words
}

#[test]
fn every_subcommand_and_argument_has_help_and_every_subcommand_an_example() {
    let mut missing = Vec::new();
    let mut all = Vec::new();
    subcommands(&casedesk::cli::Cli::command(), "casedesk", &mut all);
    assert!(all.len() > 10, "{}", all.len());
    for (path, command) in &all {
        if command.get_name() == "help" {
            continue;
        }
        if command.get_about().is_none() {
            missing.push(format!("{path}: no description"));
        }
        let examples = command
            .get_after_help()
            .map(|h| h.to_string())
            .unwrap_or_default();
        if !examples.contains(&format!("{path} ")) {
            missing.push(format!("{path}: no example"));
        }
        for example in examples
            .lines()
            .filter(|l| l.trim_start().starts_with("casedesk "))
        {
            if let Err(e) = casedesk::cli::Cli::try_parse_from(words(example)) {
                missing.push(format!("{path}: the example {example:?} is refused: {e}"));
            }
        }
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            if arg.get_help().is_none() && arg.get_long_help().is_none() {
                missing.push(format!("{path} <{id}>: no help"));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
