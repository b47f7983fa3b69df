//! The command line as the window's officer: the name kept on this computer records its
//! events; who supplied an imported requested person; counts in words.

use super::{path_str, run_on, text};
use casedesk::domain::Source;
use casedesk::store::{Installation, Officer};
use std::path::Path;

fn computer_of(dir: &Path, officer: Option<&str>) -> std::path::PathBuf {
    let computer = dir.join("computer");
    let mut installation = Installation::in_dir(&computer).unwrap();
    if let Some(name) = officer {
        installation
            .set_officer(Officer {
                name: name.into(),
                agency: "NCA".into(),
            })
            .unwrap();
    }
    computer
}

fn new_case(computer: &Path, file: &Path) {
    let out = run_on(
        computer,
        &[
            "new",
            path_str(file),
            "--kind",
            "extradition",
            "--direction",
            "incoming",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn the_command_line_records_the_officer_kept_on_this_computer() {
    let dir = tempfile::tempdir().unwrap();
    let computer = computer_of(dir.path(), Some("A. Shaw"));
    let file = dir.path().join("book.ron");
    new_case(&computer, &file);
    let book = casedesk::store::load(&file).unwrap();
    assert_eq!(book.settings.officer_name, "A. Shaw");
    assert_eq!(book.settings.officer_agency, "NCA");
    assert_eq!(book.cases()[0].history()[0].officer.as_str(), "A. Shaw");

    // A casebook kept under another name (the sample's demo officer) takes this computer's
    // officer on its next change.
    let sample = dir.path().join("sample.ron");
    let out = run_on(
        &computer,
        &[
            "demo",
            "--cases",
            "3",
            "--today",
            "2026-11-23",
            "-o",
            path_str(&sample),
        ],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_ne!(
        casedesk::store::load(&sample)
            .unwrap()
            .settings
            .officer_name,
        "A. Shaw"
    );
    new_case(&computer, &sample);
    let book = casedesk::store::load(&sample).unwrap();
    assert_eq!(book.settings.officer_name, "A. Shaw");
    let newest = book.cases().iter().max_by_key(|c| c.opened).unwrap();
    assert_eq!(newest.history()[0].officer.as_str(), "A. Shaw");
}

#[test]
fn without_an_officer_kept_here_the_casebook_s_own_name_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let computer = computer_of(dir.path(), None);
    let file = dir.path().join("book.ron");
    new_case(&computer, &file);
    let book = casedesk::store::load(&file).unwrap();
    assert_eq!(book.settings.officer_name, "");
}

#[test]
fn the_team_folder_s_officer_is_kept_for_this_computer() {
    let dir = tempfile::tempdir().unwrap();
    let computer = computer_of(dir.path(), Some("A. Shaw"));
    let file = dir.path().join("book.ron");
    new_case(&computer, &file);
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    let out = run_on(
        &computer,
        &[
            "team-folder",
            path_str(&file),
            path_str(&team),
            "--officer",
            "S. Qureshi",
            "--agency",
            "FIA",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out));
    let kept = Installation::in_dir(&computer).unwrap();
    assert_eq!(kept.officer().map(|o| o.name.as_str()), Some("S. Qureshi"));
    // The next change keeps that name: it does not go back to the old one.
    new_case(&computer, &file);
    let book = casedesk::store::load(&file).unwrap();
    assert_eq!(book.settings.officer_name, "S. Qureshi");
}

/// A register CSV of one incoming and one outgoing case, each with a requested person.
fn register_csv(dir: &Path) -> std::path::PathBuf {
    let header = casedesk::export::csv::COLUMNS.join(",");
    let row = |reference: &str, direction: &str, status: &str, person: &str| {
        let mut values = vec![""; casedesk::export::csv::COLUMNS.len()];
        for (column, value) in [
            ("reference", reference),
            ("kind", "Extradition"),
            ("direction", direction),
            ("status", status),
            ("opened", "2026-01-05"),
            ("requested_person", person),
        ] {
            let at = casedesk::export::csv::COLUMNS
                .iter()
                .position(|c| *c == column)
                .unwrap();
            values[at] = value;
        }
        values.join(",")
    };
    let csv = dir.join("register.csv");
    std::fs::write(
        &csv,
        format!(
            "{header}\n{}\n{}\n",
            row("EI-2026-0101", "Incoming", "Pre-request", "Bilal Ahmed"),
            row(
                "EO-2026-0102",
                "Outgoing",
                "Subject located abroad",
                "Sana Iqbal"
            )
        ),
    )
    .unwrap();
    csv
}

fn source_of(file: &Path, name: &str) -> Source {
    let book = casedesk::store::load(file).unwrap();
    book.people()
        .iter()
        .find(|p| p.name == name)
        .unwrap()
        .source
}

#[test]
fn an_imported_requested_person_is_the_partner_s_in_an_incoming_request_unless_said() {
    let dir = tempfile::tempdir().unwrap();
    let computer = computer_of(dir.path(), None);
    let csv = register_csv(dir.path());
    let file = dir.path().join("book.ron");
    let out = run_on(
        &computer,
        &["import-csv", path_str(&file), path_str(&csv)],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(source_of(&file, "Bilal Ahmed"), Source::Partner);
    assert_eq!(source_of(&file, "Sana Iqbal"), Source::Ours);

    let other = dir.path().join("other.ron");
    let out = run_on(
        &computer,
        &[
            "import-csv",
            path_str(&other),
            path_str(&csv),
            "--requested-person-supplied-by",
            "ours",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(source_of(&other, "Bilal Ahmed"), Source::Ours);
}

#[test]
fn one_case_is_one_case_not_one_cases() {
    let dir = tempfile::tempdir().unwrap();
    let computer = computer_of(dir.path(), None);
    let file = dir.path().join("book.ron");
    new_case(&computer, &file);
    let check = run_on(&computer, &["check", path_str(&file)], &[]);
    assert!(
        text(&check).contains("sound (1 case, 0 people)"),
        "{}",
        text(&check)
    );
    let list = run_on(&computer, &["list", path_str(&file)], &[]);
    assert!(text(&list).contains("1 of 1 case\n"), "{}", text(&list));
}
