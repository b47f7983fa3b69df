//! `casedesk report` on the sample (issue 23): the year's report has the Governance section
//! (meetings, action points, agreements, capacity building: counts) and the outcomes of the
//! sample's cases; the partner's has no Governance section; both with nothing of a record's
//! words.

use super::{casedesk, path_str, text};

fn ok(args: &[&str]) {
    let out = casedesk(args);
    assert!(out.status.success(), "{args:?}: {}", text(&out));
}

#[test]
fn the_samples_year_report_has_governance_and_outcome_figures() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("casebook.ron");
    let f = path_str(&file);
    ok(&["demo", "--cases", "300", "--today", "2026-11-23", "-o", f]);
    let report = |profile: &str| {
        let out = dir.path().join(format!("{profile}.md"));
        ok(&[
            "report",
            f,
            "--year",
            "2026",
            "--format",
            "md",
            "--profile",
            profile,
            "-o",
            path_str(&out),
        ]);
        std::fs::read_to_string(&out).unwrap()
    };
    let full = report("full");
    for words in [
        "## Governance",
        "Meetings held",
        "Action points overdue",
        "## Outcomes",
    ] {
        assert!(full.contains(words), "{words}:\n{full}");
    }
    // The sample's cases that got there carry outcomes: not every count is nought.
    let persons = |md: &str, kind: &str| -> usize {
        md.lines()
            .find(|l| l.contains(&format!("Persons: {kind}")))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("no line for {kind}:\n{md}"))
    };
    assert!(persons(&full, "Surrendered (extradition)") > 0, "{full}");
    assert!(full.contains("Assets restrained, confiscated and returned"));
    assert!(full.contains("Seizures"));
    assert!(!full.contains("Letter of intent"), "counts only");
    let partner = report("partner");
    assert!(!partner.contains("## Governance"));
    assert!(
        !partner.contains("Persons: "),
        "outcomes are not the partner's"
    );
}
