//! Exports and imports in the window: the export dialog, the CSV import preview, and
//! cancelling work running in the background.

use super::*;
use casedesk::domain::{Casebook, EventKind};
use chrono::Datelike;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

/// Confirms the export form and takes the file name it offers in the path entry.
fn export_to_offered_file(h: &mut Harness<'static, CasedeskApp>) {
    h.get_by_label("Export to file…").click();
    h.run_steps(4);
    h.get_by_label("Path");
    h.get_by_label("OK").click();
    h.run_steps(4);
    finish_transfer(h);
}

pub(super) fn open_file_menu_item(h: &mut Harness<'static, CasedeskApp>, item: &str) {
    h.get_by_label("File").click();
    h.run_steps(4);
    h.get_by_label(item).click();
    h.run_steps(4);
}

#[test]
fn a_case_summary_is_written_and_its_disclosure_recorded_in_the_case_history() {
    let dir = tempfile::tempdir().unwrap();
    let book = casedesk::sample::generate(20, 4, today());
    let (_, mut h) = window_on(dir.path(), &book);
    let reference = h.state().desk().unwrap().register().visible_references()[2].to_string();
    h.get_by_label(&reference).click();
    h.run_steps(4);
    h.get_by_label("Export…").click();
    h.run_steps(4);
    h.get_by_label(&format!("The selected case, {reference}"));

    // The recipient is required: nothing happens without one.
    h.get_by_label("Export to file…").click();
    h.run_steps(4);
    h.get_by_label_contains("Say who receives the export");
    assert!(h.query_by_label("Path").is_none());

    type_into(&mut h, "Recipient", "FIA Islamabad");
    h.get_by_role_and_label(Role::ComboBox, "Format").click();
    h.run_steps(4);
    h.get_by_label("Markdown").click();
    h.run_steps(4);
    // No native dialog here: the path is typed in the window, offered with a default name.
    export_to_offered_file(&mut h);

    let written = dir.path().join(format!("{reference}-summary.md"));
    let text = std::fs::read_to_string(&written).expect("the summary is written");
    assert!(text.contains(&reference));
    let case = h
        .state()
        .casebook()
        .unwrap()
        .cases()
        .iter()
        .find(|c| c.reference == reference)
        .unwrap();
    let disclosed: Vec<_> = case
        .history()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Disclosed {
                document,
                recipient,
                ..
            } => Some((document.to_string(), recipient.to_string())),
            _ => None,
        })
        .collect();
    assert_eq!(
        disclosed,
        [(
            "Case summary (Markdown)".to_string(),
            "FIA Islamabad".to_string()
        )]
    );
    // Only this case was disclosed.
    let others = h
        .state()
        .casebook()
        .unwrap()
        .cases()
        .iter()
        .filter(|c| c.reference != reference)
        .flat_map(|c| c.history())
        .filter(|e| matches!(e.kind, EventKind::Disclosed { .. }))
        .count();
    assert_eq!(others, 0);
    // The case's history in the panel shows the disclosure.
    h.get_by_label_contains("Disclosed: Case summary (Markdown)");
    assert!(h.state().desk().unwrap().is_dirty());
}

/// A register CSV of two invented cases, and a third row whose status is unknown.
fn csv_with_a_bad_row() -> (String, Vec<String>) {
    let source = casedesk::sample::generate(2, 9, today());
    let csv = casedesk::export::register_csv(&source, None, today()).unwrap();
    let mut text = String::from_utf8(csv).unwrap();
    // As many values as the register has columns: a row of another length refuses the file.
    text.push_str("BAD-1,Extradition,Incoming,NOT_A_STATE,,2025-01-05,Narcotics");
    text.push_str(&",".repeat(casedesk::export::csv::COLUMNS.len() - 7));
    text.push('\n');
    let references = source.cases().iter().map(|c| c.reference.clone()).collect();
    (text, references)
}

#[test]
fn a_csv_import_is_previewed_with_its_problems_and_applied_only_when_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let (text, references) = csv_with_a_bad_row();
    std::fs::write(dir.path().join("register.csv"), text).unwrap();
    let (_, mut h) = window_on(dir.path(), &Casebook::default());

    open_file_menu_item(&mut h, "Import from spreadsheet (CSV)…");
    type_into(&mut h, "Path", "register.csv");
    h.get_by_label("OK").click();
    h.run_steps(4);
    finish_transfer(&mut h);

    // Every row is shown; the bad one with its problem. Nothing is imported yet.
    h.get_by_label("Import from register.csv");
    for reference in &references {
        h.get_by_label(reference);
    }
    h.get_by_label("BAD-1");
    h.get_by_label_contains("\"NOT_A_STATE\" is not a state");
    assert_eq!(h.state().casebook().unwrap().cases().len(), 0);
    h.run_steps(3);
    assert_eq!(h.state().casebook().unwrap().cases().len(), 0);

    h.get_by_label("Import 2 rows").click();
    h.run_steps(4);
    finish_transfer(&mut h);
    let book = h.state().casebook().unwrap();
    let mut imported: Vec<&str> = book.cases().iter().map(|c| c.reference.as_str()).collect();
    imported.sort();
    let mut wanted: Vec<&str> = references.iter().map(String::as_str).collect();
    wanted.sort();
    assert_eq!(imported, wanted);
    for case in book.cases() {
        assert!(
            matches!(
                &case.history()[0].kind,
                EventKind::Imported { source, .. } if &**source == "register.csv"
            ),
            "{} records its import",
            case.reference
        );
    }
    h.get_by_label("Imported 2 rows");

    // The whole import is one undo step.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(4);
    assert_eq!(h.state().casebook().unwrap().cases().len(), 0);
    assert_eq!(h.state().desk().unwrap().register().visible_count(), 0);
    // What the status line said of the import no longer holds.
    assert!(h.query_by_label("Imported 2 rows").is_none());
    h.get_by_label("Undone");
    // And redone in one step, the register listing both again.
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run_steps(4);
    assert_eq!(h.state().casebook().unwrap().cases().len(), 2);
    assert_eq!(h.state().desk().unwrap().register().visible_count(), 2);
}

#[test]
fn cancelling_a_running_export_writes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    // Large enough that the export is still running a few frames after it starts.
    let book = casedesk::sample::generate(4000, 2, today());
    let (_, mut h) = window_on(dir.path(), &book);
    open_file_menu_item(&mut h, "Export register to spreadsheet (CSV)…");
    h.get_by_label("Every case (4000)").click();
    h.run_steps(1);
    h.get_by_label("Export to file…").click();
    h.run_steps(4);
    h.get_by_label("Path");
    h.get_by_label("OK").click();
    h.run_steps(4);
    // The progress dialog says what is running and offers Cancel.
    h.get_by_label_contains("Exporting 4,000 cases to a spreadsheet");
    h.get_by_label("Cancel").click();
    h.run_steps(1);
    finish_transfer(&mut h);

    assert!(
        std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .all(|e| !e.file_name().to_string_lossy().contains("register")),
        "no export file, not even a temporary one"
    );
    h.get_by_label("Cancelled: nothing was written or imported");
}

#[test]
fn a_partner_export_of_a_neither_confirm_nor_deny_case_must_include_it_explicitly() {
    use casedesk::domain::{Command, Ctx, ExportProfile, RandomIds};
    let dir = tempfile::tempdir().unwrap();
    let mut book = casedesk::sample::generate(12, 6, today());
    let case = book.cases()[4].clone();
    let mut details = case.details.clone();
    details.ncnd = true;
    book.apply(
        Command::UpdateCase {
            case: case.id,
            details: Box::new(details),
        },
        &mut Ctx {
            now: now(),
            ids: &mut RandomIds,
        },
    )
    .unwrap();
    let (_, mut h) = window_on(dir.path(), &book);
    h.get_by_label(&case.reference).click();
    h.run_steps(4);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run_steps(4);
    h.get_by_role_and_label(Role::ComboBox, "Profile").click();
    h.run_steps(4);
    h.get_by_label("Partner").click();
    h.run_steps(4);
    h.get_by_label_contains("1 of these cases are neither-confirm-nor-deny");
    type_into(&mut h, "Recipient", "Counterpart agency");
    h.get_by_label("Export to file…").click();
    h.run_steps(4);
    // Not ticked: refused before any file is chosen.
    h.get_by_label_contains("Nothing to export");
    assert!(h.query_by_label("Path").is_none());

    h.get_by_label("Include the neither-confirm-nor-deny cases")
        .click();
    h.run_steps(4);
    export_to_offered_file(&mut h);
    assert!(
        dir.path()
            .join(format!("{}-summary.pdf", case.reference))
            .exists()
    );
    let profiles: Vec<ExportProfile> = h
        .state()
        .casebook()
        .unwrap()
        .case(case.id)
        .unwrap()
        .history()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Disclosed { profile, .. } => Some(*profile),
            _ => None,
        })
        .collect();
    assert_eq!(profiles, [ExportProfile::Partner]);
}

#[test]
fn a_monthly_review_report_is_written_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let book = casedesk::sample::generate(40, 8, today());
    let (_, mut h) = window_on(dir.path(), &book);
    open_file_menu_item(&mut h, "Review report…");
    h.get_by_label("A month");
    type_into(&mut h, "Recipient", "Programme steering committee");
    h.get_by_role_and_label(Role::ComboBox, "Format").click();
    h.run_steps(4);
    h.get_by_label("CSV").click();
    h.run_steps(4);
    export_to_offered_file(&mut h);
    // Last month, the officer's usual monthly review.
    let first = today().with_day(1).unwrap();
    let last_month_end = first.pred_opt().unwrap();
    let from = last_month_end.with_day(1).unwrap();
    let written = dir
        .path()
        .join(format!("review-{from}-to-{last_month_end}.csv"));
    let text = std::fs::read_to_string(&written).expect("the report is written");
    assert!(text.contains("Key figures"), "{text}");
}

#[test]
fn a_review_report_for_internal_use_records_no_disclosure() {
    let dir = tempfile::tempdir().unwrap();
    let book = casedesk::sample::generate(120, 5, today());
    let disclosed = |book: &Casebook| -> usize {
        (book.cases().iter())
            .flat_map(|c| c.history())
            .filter(|e| matches!(e.kind, EventKind::Disclosed { .. }))
            .count()
    };
    let before = disclosed(&book);
    let (_, mut h) = window_on(dir.path(), &book);
    open_file_menu_item(&mut h, "Review report…");
    h.get_by_label("For internal use (the monthly review): no disclosure is recorded")
        .click();
    h.run_steps(2);
    export_to_offered_file(&mut h);
    assert!(
        std::fs::read_dir(dir.path()).unwrap().any(|f| f
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with("review-")),
        "the report is written"
    );
    assert_eq!(disclosed(h.state().casebook().unwrap()), before);
}
