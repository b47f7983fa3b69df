//! The command line explains itself: every subcommand and argument has help, every subcommand
//! an example, and `completions` and `man` write what a shell and `man` can read.

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
            // What follows a redirection or `&&` is the shell's, not casedesk's.
            '>' | '&' | '|' if !quoted => break,
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

/// The completion scripts are valid shell, and each manual page renders with its examples.
#[test]
fn completions_and_the_manual_pages_are_what_bash_and_man_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = binary(&["completions", "bash"], &[]);
    assert!(out.status.success(), "{}", text(&out));
    let script = dir.path().join("casedesk.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    let checked = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(checked.status.success(), "{checked:?}");
    let script = String::from_utf8_lossy(&out.stdout);
    assert!(script.contains("import-csv") && script.contains("--keep-last-day"));

    let render = |args: &[&str]| {
        let out = binary(args, &[]);
        assert!(out.status.success(), "{}", text(&out));
        let page = dir.path().join("page.1");
        std::fs::write(&page, &out.stdout).unwrap();
        // Warnings on, so a page roff cannot read fails here.
        let rendered = std::process::Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-rLL=200n"])
            .arg(&page)
            .output()
            .unwrap();
        assert!(rendered.status.success(), "{rendered:?}");
        assert!(
            rendered.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&rendered.stderr)
        );
        String::from_utf8_lossy(&rendered.stdout).into_owned()
    };
    let overview = render(&["man"]);
    for sub in casedesk::cli::Cli::command().get_subcommands() {
        assert!(
            overview.contains(sub.get_name()),
            "{} missing:\n{overview}",
            sub.get_name()
        );
    }
    let transition = render(&["man", "transition"]);
    assert!(transition.contains("casedesk-transition"), "{transition}");
    // The example as it can be copied back to a shell: one line, ASCII hyphens.
    assert!(
        transition.lines().any(|l| l.trim()
            == r#"casedesk transition casebook.ron EI-2026-0001 PA_ARRESTED --on 2026-03-14 --detail "Court=Westminster""#),
        "{transition}"
    );
    let out = binary(&["man", "frobnicate"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no subcommand frobnicate"));
}
