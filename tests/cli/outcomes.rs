//! Outcomes on cases from the command line (`casedesk add … person-outcome | asset | seizure`)
//! and the review report's case figures (`casedesk report --month | --year`), with bad input
//! refused naming the field and nothing changed on disk.

use super::*;

fn refused(args: &[&str], expected: &str) {
    let out = casedesk(args);
    assert!(!out.status.success(), "{args:?} succeeded");
    let said = text(&out);
    assert!(said.contains(expected), "{args:?}: {said}");
    assert!(!said.contains("panicked"), "{args:?}: {said}");
}

/// A casebook with one outgoing MLA case opened on 2026-01-10.
fn casebook(dir: &Path) -> PathBuf {
    let file = dir.join("book.ron");
    let f = path_str(&file);
    let reference = ok(&[
        "new",
        f,
        "--kind",
        "mla",
        "--direction",
        "outgoing",
        "--opened",
        "2026-01-10",
    ]);
    assert_eq!(reference.trim(), "MO-2026-0001");
    file
}

#[test]
fn outcomes_are_added_exactly_and_bad_ones_refused_naming_the_field_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = casebook(dir.path());
    let f = path_str(&file);
    let said = ok(&[
        "add",
        f,
        "MO-2026-0001",
        "asset",
        "action=Restrained",
        "amount=1,250,000.50",
        "currency=pkr",
        "date=2026-02-01",
    ]);
    assert!(said.contains("Restrained 1,250,000.50 PKR"), "{said}");
    ok(&[
        "add",
        f,
        "MO-2026-0001",
        "seizure",
        "kind=Drugs",
        "quantity=12.5",
        "unit=kg",
        "value=3000000",
        "currency=PKR",
        "date=2026-02-01",
    ]);
    ok(&[
        "add",
        f,
        "MO-2026-0001",
        "person-outcome",
        "kind=Transferred",
        "date=2026-03-01",
    ]);
    let saved = std::fs::read(&file).unwrap();
    let text = String::from_utf8_lossy(&saved);
    assert!(
        text.contains("\"1250000.50\""),
        "the amount is kept exactly as typed"
    );
    fn add<'a>(f: &'a str, fields: &[&'a str]) -> Vec<&'a str> {
        let mut args = vec!["add", f, "MO-2026-0001"];
        args.extend(fields);
        args
    }
    for (fields, expected) in [
        (
            &[
                "asset",
                "action=Restrained",
                "amount=1.250,50",
                "currency=PKR",
                "date=2026-02-01",
            ][..],
            "amount: \"1.250,50\" is not an amount",
        ),
        (
            &[
                "asset",
                "action=Restrained",
                "amount=100",
                "currency=PRK",
                "date=2026-02-01",
            ],
            "currency: \"PRK\" is not an ISO 4217 currency code",
        ),
        (
            &[
                "asset",
                "action=Seized",
                "amount=100",
                "currency=PKR",
                "date=2026-02-01",
            ],
            "action: \"Seized\" is not one of",
        ),
        (
            &[
                "asset",
                "action=Restrained",
                "amount=100",
                "date=2026-02-01",
            ],
            "needs currency=…",
        ),
        (
            &[
                "asset",
                "action=Restrained",
                "amount=100.5",
                "currency=JPY",
                "date=2026-02-01",
            ],
            "JPY has 0 decimal places",
        ),
        (
            &[
                "seizure",
                "kind=Cash",
                "quantity=1",
                "value=500",
                "date=2026-02-01",
            ],
            "Give the currency of the value",
        ),
        (
            &[
                "person-outcome",
                "kind=Surrendered",
                "date=2026-02-01",
                "person=Nobody Known",
            ],
            "person: no person called \"Nobody Known\"",
        ),
    ] {
        refused(&add(f, fields), expected);
        assert_eq!(
            std::fs::read(&file).unwrap(),
            saved,
            "{fields:?} changed the casebook"
        );
    }
    let shown = ok(&["show", f, "MO-2026-0001"]);
    assert!(
        shown.contains("2026-02-01 — Asset restrained: 1,250,000.50 PKR")
            && shown.contains("Seizure: Drugs: 12.5 kg, value 3,000,000 PKR")
            && shown.contains("2026-03-01 — Transferred (prisoner transfer)"),
        "{shown}"
    );
    let help = ok(&["add", "--help"]);
    assert!(
        help.contains("person-outcome:") && help.contains("seizure kind=Drugs"),
        "{help}"
    );
}

#[test]
fn the_report_for_a_month_or_a_year_has_the_case_figures_and_refuses_a_bad_period() {
    let dir = tempfile::tempdir().unwrap();
    let file = casebook(dir.path());
    let f = path_str(&file);
    ok(&[
        "add",
        f,
        "MO-2026-0001",
        "asset",
        "action=Confiscated",
        "amount=1,250,000.50",
        "currency=PKR",
        "date=2026-02-01",
    ]);
    let out = dir.path().join("year.md");
    let o = path_str(&out);
    ok(&["report", f, "--year", "2026", "--format", "md", "-o", o]);
    let md = std::fs::read_to_string(&out).unwrap();
    for section in [
        "Workstreams",
        "Processing times",
        "Response rates",
        "Counterpart agencies",
        "Outcomes",
    ] {
        assert!(
            md.contains(&format!("## {section}")),
            "{section} missing:\n{md}"
        );
    }
    assert!(
        md.contains("Review report 01 Jan 2026 to 31 Dec 2026"),
        "{md}"
    );
    assert!(
        md.contains("| Confiscated | PKR | 1 | 1,250,000.50 |"),
        "{md}"
    );
    // Counts only under the statistics profile.
    let stats = dir.path().join("stats.md");
    ok(&[
        "report",
        f,
        "--year",
        "2026",
        "--format",
        "md",
        "--profile",
        "statistics",
        "-o",
        path_str(&stats),
    ]);
    let md = std::fs::read_to_string(&stats).unwrap();
    assert!(
        md.contains("| Confiscated | PKR | 1 | — |") && !md.contains("1,250,000"),
        "{md}"
    );
    // A month with nothing in it: zeros, "0 of 0" and dashes, never NaN.
    let empty = dir.path().join("empty.csv");
    ok(&[
        "report",
        f,
        "--month",
        "2031-01",
        "--format",
        "csv",
        "-o",
        path_str(&empty),
    ]);
    let csv = std::fs::read_to_string(&empty).unwrap();
    assert!(csv.contains("\"MLA, outgoing\",\"0 of 0\""), "{csv}");
    assert!(!csv.contains("NaN"), "{csv}");
    let saved = std::fs::read(&file).unwrap();
    let bad = dir.path().join("bad.md");
    let b = path_str(&bad);
    refused(
        &["report", f, "--month", "2026-13", "--format", "md", "-o", b],
        "--month: \"2026-13\" is not a month",
    );
    refused(
        &["report", f, "--year", "27", "--format", "md", "-o", b],
        "--year: \"27\" is not a year",
    );
    refused(
        &[
            "report",
            f,
            "--month",
            "2026-03",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-31",
            "--format",
            "md",
            "-o",
            b,
        ],
        "cannot be used with",
    );
    refused(
        &[
            "report",
            f,
            "--from",
            "2026-01-01",
            "--format",
            "md",
            "-o",
            b,
        ],
        "--to",
    );
    refused(&["report", f, "--format", "md", "-o", b], "--from");
    assert!(!bad.exists(), "a refused report wrote its output");
    assert_eq!(std::fs::read(&file).unwrap(), saved);
}
