//! The review report's dialog (issue 23): a month chosen from its list or a whole year, the
//! profile and the format; the report written under the period's name, with the governance and
//! outcome sections the profile may show, and a disclosure of that profile on each case it
//! names (the statistics profile names none); a report without a recipient refused, saying why.

use super::transfers::open_file_menu_item;
use super::*;
use casedesk::domain::{EventKind, ExportProfile};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

/// Picks `option` from the dropdown labelled `label`.
fn choose(h: &mut Harness<'static, CasedeskApp>, label: &str, option: &str) {
    h.get_by_role_and_label(Role::ComboBox, label).click();
    h.run_steps(4);
    h.query_all_by_label(option)
        .last()
        .unwrap_or_else(|| panic!("no {option} in {label}"))
        .click();
    h.run_steps(4);
}

fn export(h: &mut Harness<'static, CasedeskApp>) {
    h.get_by_label("Export to file…").click();
    h.run_steps(4);
    h.get_by_label("OK").click();
    h.run_steps(4);
    finish_transfer(h);
}

/// The profiles of the disclosures recorded on `book`'s cases.
fn disclosed(book: &Casebook) -> Vec<ExportProfile> {
    book.cases()
        .iter()
        .flat_map(|c| c.history())
        .filter_map(|e| match &e.kind {
            EventKind::Disclosed { profile, .. } => Some(*profile),
            _ => None,
        })
        .collect()
}

#[test]
fn a_years_report_in_the_statistics_profile_is_written_as_markdown_with_counts_only() {
    let dir = tempfile::tempdir().unwrap();
    let book = casedesk::sample::generate(120, 5, today());
    let (_, mut h) = window_on(dir.path(), &book);
    open_file_menu_item(&mut h, "Review report…");
    h.get_by_label("A year").click();
    h.run_steps(3);
    choose(&mut h, "Profile", "Statistics");
    choose(&mut h, "Format", "Markdown");
    // No recipient: refused, saying why, and nothing written.
    h.get_by_label("Export to file…").click();
    h.run_steps(4);
    assert!(
        h.query_by_label_contains("Say who receives the export")
            .is_some()
    );
    type_into(&mut h, "Recipient", "Joint steering committee");
    export(&mut h);
    let text = std::fs::read_to_string(dir.path().join("review-2026-01-01-to-2026-12-31.md"))
        .expect("the year's report is written");
    for section in [
        "Governance",
        "Outcomes",
        "Meetings held",
        "Surrendered (extradition)",
    ] {
        assert!(text.contains(section), "{section}");
    }
    // Counts only: no case's reference, no agreement's title.
    for words in ["EI-20", "MO-20", "Letter of intent"] {
        assert!(!text.contains(words), "{words}");
    }
    // Counts name no case: no disclosure is recorded.
    assert!(disclosed(h.state().casebook().unwrap()).is_empty());
}

#[test]
fn a_month_chosen_from_its_list_in_the_partner_profile_leaves_the_governance_out() {
    let dir = tempfile::tempdir().unwrap();
    let book = casedesk::sample::generate(120, 5, today());
    let (_, mut h) = window_on(dir.path(), &book);
    open_file_menu_item(&mut h, "Review report…");
    choose(&mut h, "Month", "March");
    choose(&mut h, "Profile", "Partner");
    choose(&mut h, "Format", "HTML");
    type_into(&mut h, "Recipient", "Federal Investigation Agency");
    export(&mut h);
    let text = std::fs::read_to_string(dir.path().join("review-2026-03-01-to-2026-03-31.html"))
        .expect("March's report is written");
    assert!(text.contains("Outcomes"));
    assert!(
        !text.contains("Meetings held"),
        "the programme's own meetings"
    );
    assert!(
        !text.contains("Surrendered (extradition)"),
        "outcomes are counts of ours"
    );
    let recorded = disclosed(h.state().casebook().unwrap());
    assert!(!recorded.is_empty());
    assert!(recorded.iter().all(|p| *p == ExportProfile::Partner));
}
