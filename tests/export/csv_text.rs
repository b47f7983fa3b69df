//! What the CSV import refuses (a broken layout names its row and column, and nothing of the
//! file is imported), formulas neutralised on export and restored on re-import, and control
//! characters kept out of every format.

use super::fixture::{fixture, now, today};
use super::{every_format, summary};
use casedesk::domain::{Casebook, Command, Ctx, ExportProfile, SeededIds};
use casedesk::export::csv::{Broken, ImportError, Place, preview, tables_csv};
use casedesk::export::doc::{Block, Doc, Section, Table};
use casedesk::export::{self, Format, text::case_text};

const HEADER: &str = "reference,kind,direction,status,opened,summary\n";

fn row(n: usize, summary: &str) -> String {
    format!("MO-2026-{n:04},MLA,Outgoing,TRANSMITTED,2026-02-01,{summary}\n")
}

/// The header and `rows` rows, row `n`'s summary replaced where `special` says.
fn register(rows: usize, special: &[(usize, &str)]) -> String {
    let mut text = HEADER.to_string();
    for n in 1..=rows {
        let default = format!("Summary {n}");
        let summary = special
            .iter()
            .find(|(at, _)| *at == n)
            .map_or(default.as_str(), |(_, s)| s);
        text.push_str(&row(n, summary));
    }
    text
}

fn broken(text: &str) -> (Place, Broken) {
    match preview(&Casebook::default(), "register.csv", text, today()) {
        Err(ImportError::Broken { place, broken }) => (place, broken),
        other => panic!("not refused as broken: {other:?}"),
    }
}

fn place(row: u32, line: u64, column: &str) -> Place {
    Place {
        row,
        line,
        column: column.into(),
    }
}

#[test]
fn a_quote_left_open_in_row_10_of_1000_refuses_the_file_naming_the_row() {
    let text = register(1000, &[(10, "\"Summary 10")]);
    let (at, why) = broken(&text);
    assert_eq!(at, place(10, 11, "summary"));
    assert_eq!(why, Broken::UnclosedQuote);
    let message = ImportError::Broken {
        place: at,
        broken: why,
    }
    .to_string();
    assert!(
        message.starts_with("Row 10 (line 11), column summary: a quote opens this value"),
        "{message}"
    );
    assert!(message.ends_with("nothing was imported"), "{message}");
}

#[test]
fn a_quoted_summary_over_several_lines_still_imports() {
    let text = register(
        3,
        &[(
            2,
            "\"Seen in Lahore, then Karachi;\nsaid to travel \"\"often\"\"\"",
        )],
    );
    let pre = preview(&Casebook::default(), "register.csv", &text, today()).unwrap();
    assert_eq!(pre.rows.len(), 3);
    let case = pre.rows[1].case.as_ref().expect("row 2 imports");
    assert_eq!(
        case.summary,
        "Seen in Lahore, then Karachi;\nsaid to travel \"often\""
    );
    assert!(pre.problem_rows().next().is_none());
}

#[test]
fn a_row_with_more_or_fewer_values_than_the_header_refuses_the_file() {
    let text = register(5, &[(4, "Summary 4,and a comma too many")]);
    assert_eq!(
        broken(&text),
        (
            place(4, 5, "7"),
            Broken::FieldCount {
                found: 7,
                expected: 6
            }
        )
    );
    let mut text = register(5, &[]);
    text.push_str("MO-2026-0006,MLA,Outgoing\n");
    assert_eq!(
        broken(&text),
        (
            place(6, 7, "status"),
            Broken::FieldCount {
                found: 3,
                expected: 6
            }
        )
    );
}

#[test]
fn a_value_over_64_kib_refuses_the_file() {
    let long = "x".repeat(64 * 1024 + 1);
    let text = register(3, &[(3, &long)]);
    assert_eq!(
        broken(&text),
        (place(3, 4, "summary"), Broken::TooLong { bytes: 65_537 })
    );
    // Exactly 64 KiB is a value like any other.
    let text = register(3, &[(3, &long[1..])]);
    assert!(preview(&Casebook::default(), "register.csv", &text, today()).is_ok());
}

#[test]
fn two_stray_quotes_that_pair_up_over_rows_refuse_the_file() {
    // Quotes balance, and row 3 has as many values as the header, but rows 4 to 6 are inside
    // its summary.
    let text = register(8, &[(3, "\"Summary 3"), (6, "Summary 6\"")]);
    let (at, why) = broken(&text);
    assert_eq!(at, place(3, 4, "summary"));
    let start = row(4, "Summary 4").chars().take(40).collect();
    assert_eq!(why, Broken::SwallowedRow { start });
}

/// The fixture with formula-like and control characters in the first case's text.
fn with_hostile_text(summary: &str, authority: &str) -> Casebook {
    let mut book = fixture();
    let case = book.case_by_reference("EI-2026-0001").unwrap();
    let mut details = case.details.clone();
    details.summary = summary.into();
    details.requesting_authority = authority.into();
    let id = case.id;
    book.apply(
        Command::UpdateCase {
            case: id,
            details: Box::new(details),
        },
        &mut Ctx {
            now: now(),
            ids: &mut SeededIds::new(9),
        },
    )
    .unwrap();
    book
}

#[test]
fn formulas_are_neutralised_in_the_register_and_restored_on_its_reimport() {
    for value in [
        "=HYPERLINK(\"http://evil.example\",\"Click\")",
        "-5 days",
        "+92 300 0000000",
        "@SUM(A1:A9)",
        "\tTabbed",
        "'=already quoted",
        "'Plain text after a quote mark",
    ] {
        let book = with_hostile_text(value, value);
        let bytes = export::register_csv(&book, None, today()).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        let record = csv::Reader::from_reader(bytes.as_slice())
            .records()
            .map(Result::unwrap)
            .find(|r| &r[0] == "EI-2026-0001")
            .unwrap();
        let cell = &record[16];
        assert_eq!(cell, &record[9], "summary and authority alike");
        if value.starts_with("'P") {
            assert_eq!(cell, value);
        } else {
            // OWASP: a quote mark in front, and the cell quoted.
            assert_eq!(cell, format!("'{value}"));
            assert!(text.contains(&format!("\"'{}", &value[..1])), "{text}");
        }
        // Casedesk's own file: the quote mark comes off, exactly.
        let imported = |text: &str| {
            let pre = preview(&Casebook::default(), "register.csv", text, today()).unwrap();
            let row = pre.rows.into_iter().find(|r| r.reference == "EI-2026-0001");
            row.and_then(|r| r.case).expect("the case imports")
        };
        let case = imported(&text);
        assert_eq!(case.summary, value);
        assert_eq!(case.requesting_authority, value);
        // Another file (here, the same with a column renamed) is read as it is.
        let other = text.replacen("\"summary\"", "\"Summary\"", 1);
        assert_eq!(imported(&other).summary, cell);
    }
}

#[test]
fn the_review_tables_neutralise_formulas_too() {
    let mut doc = Doc::new(
        "Review",
        "OFFICIAL".into(),
        &super::fixture::meta(),
        casedesk::domain::ExportProfile::Full,
    );
    doc.sections.push(Section {
        heading: "Cases".into(),
        running_head: "Review".into(),
        blocks: vec![
            Block::Heading("Oldest open".into()),
            Block::Table(Table::new(
                &["Reference", "Person"],
                vec![vec!["=1+1".into(), "Ali\u{1}\u{1b}[2J".into()]],
            )),
        ],
    });
    let text = String::from_utf8(tables_csv(&doc).unwrap()).unwrap();
    assert!(text.contains("\"'=1+1\""), "{text}");
    assert!(text.contains("\"Ali\u{FFFD}\u{FFFD}[2J\""), "{text}");
    assert!(!text.contains(['\u{1}', '\u{1b}']), "{text}");
}

#[test]
fn control_characters_reach_no_export_and_no_text_view() {
    let hostile = "Seen\u{1} in Lahore\u{1b}[2J\u{1b}]0;owned\u{7}\u{9b}31m\rover";
    let book = with_hostile_text(hostile, "FIA\u{0}");
    let controls = |text: &str| {
        text.chars()
            .filter(|c| c.is_control() && !matches!(c, '\n' | '\t'))
            .collect::<String>()
    };
    for (format, text) in every_format(&book, ExportProfile::Full) {
        // pdftotext ends each page with a form feed of its own.
        assert_eq!(controls(&text.replace('\u{c}', "")), "", "{format}");
        assert!(text.contains("Lahore"), "{format}");
    }
    let html = String::from_utf8(summary(&book, ExportProfile::Full, Format::Html).bytes).unwrap();
    assert!(html.contains("Seen\u{FFFD} in Lahore\u{FFFD}[2J"), "{html}");
    let case = book.case_by_reference("EI-2026-0001").unwrap();
    let shown = case_text(&book, case, today());
    assert_eq!(controls(&shown), "");
    assert!(shown.contains("Seen\u{FFFD} in Lahore"), "{shown}");
    let register = String::from_utf8(export::register_csv(&book, None, today()).unwrap()).unwrap();
    assert_eq!(controls(&register.replace("\r\n", "\n")), "");
}
