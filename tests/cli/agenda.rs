//! `casedesk agenda` (text, JSON, iCalendar read back by an independent parser) and
//! `casedesk review`, with bad input refused clearly and nothing changed.

use super::{binary, casedesk, path_str, text};
use casedesk::domain::agenda::{Agenda, Filter};
use casedesk::export::redact::{action_lines, agenda_lines};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The day the sample casebook is built around.
const TODAY: &str = "2026-11-23";

fn sample(dir: &Path, cases: &str) -> PathBuf {
    let file = dir.join("casebook.ron");
    let out = casedesk(&[
        "demo",
        "--cases",
        cases,
        "--today",
        TODAY,
        "-o",
        path_str(&file),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    file
}

/// The events of an iCalendar file as the `ical` crate reads them: each event's UID and
/// whether it has an alarm.
fn read_back(path: &Path) -> Vec<(String, bool)> {
    let file = std::io::BufReader::new(std::fs::File::open(path).unwrap());
    let calendars: Vec<_> = ical::IcalParser::new(file)
        .map(|c| c.expect("a calendar the parser reads"))
        .collect();
    assert_eq!(calendars.len(), 1);
    calendars[0]
        .events
        .iter()
        .map(|e| {
            let uid = e
                .properties
                .iter()
                .find(|p| p.name == "UID")
                .and_then(|p| p.value.clone())
                .expect("every event has a UID");
            (uid, !e.alarms.is_empty())
        })
        .collect()
}

#[test]
fn the_samples_agenda_as_icalendar_reads_back_with_stable_uids() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path(), "300");
    let (a, b) = (dir.path().join("a.ics"), dir.path().join("b.ics"));
    for out in [&a, &b] {
        let ran = casedesk(&[
            "agenda",
            path_str(&file),
            "--ics",
            "-o",
            path_str(out),
            "--as-of",
            TODAY,
        ]);
        assert!(ran.status.success(), "{}", text(&ran));
        assert!(text(&ran).contains("agenda items to"), "{}", text(&ran));
    }
    // What the domain says is due, beyond the 30 days too.
    let book = casedesk::store::open(&file, None).unwrap().book;
    let today = NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    let agenda = Agenda::new(&book, today);
    let mut lines = agenda_lines(&book, &agenda, &Filter::default(), true);
    // The action points due are in the feed too.
    lines.extend(action_lines(&book, today, &Filter::default(), true));
    assert!(
        lines.len() > 50,
        "the sample has a full diary: {}",
        lines.len()
    );
    let first = read_back(&a);
    assert_eq!(first.len(), lines.len(), "one event per agenda item");
    assert_eq!(
        first.iter().filter(|(_, alarm)| *alarm).count(),
        lines.iter().filter(|l| l.is_due()).count(),
        "an alarm before each deadline, chaser, review and task"
    );
    let uids = |events: &[(String, bool)]| {
        events
            .iter()
            .map(|(u, _)| u.clone())
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(uids(&first).len(), first.len(), "UIDs are unique");
    assert_eq!(
        uids(&first),
        uids(&read_back(&b)),
        "UIDs are stable across exports"
    );
    let raw = std::fs::read_to_string(&a).unwrap();
    assert!(
        raw.lines().all(|l| l.len() <= 76),
        "folded at 75 octets (plus CR)"
    );
    assert!(raw.contains("BEGIN:VALARM\r\nACTION:DISPLAY\r\n"));
}

#[test]
fn agenda_prints_text_and_json_filtered() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path(), "300");
    let out = casedesk(&["agenda", path_str(&file), "--as-of", TODAY]);
    assert!(out.status.success(), "{}", text(&out));
    let shown = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(shown.starts_with("Overdue\n"), "{shown}");
    assert!(shown.contains("\nNext 30 days\n"), "{shown}");
    let json = casedesk(&[
        "agenda",
        path_str(&file),
        "--as-of",
        TODAY,
        "--json",
        "--kind",
        "hearing",
    ]);
    assert!(json.status.success(), "{}", text(&json));
    let lines: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
    assert!(!lines.is_empty());
    assert!(lines.iter().all(|l| l["kind"] == "Hearing"), "{lines:?}");
    assert!(lines.iter().all(|l| l["date"].as_str().unwrap() >= TODAY));
    // One case's agenda.
    let one = casedesk(&[
        "agenda",
        path_str(&file),
        "--as-of",
        TODAY,
        "--json",
        "--case",
        "EI-2026-0001",
    ]);
    assert!(one.status.success(), "{}", text(&one));
    let lines: Vec<serde_json::Value> = serde_json::from_slice(&one.stdout).unwrap();
    assert!(lines.iter().all(|l| l["reference"] == "EI-2026-0001"));
}

#[test]
fn bad_input_to_agenda_and_review_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path(), "5");
    let before = std::fs::read(&file).unwrap();
    let ics = dir.path().join("agenda.ics");
    let f = path_str(&file);
    let cases: [(&[&str], &str); 8] = [
        (
            &["agenda", f, "--case", "EI-2099-0001"],
            "No case with reference EI-2099-0001",
        ),
        (
            &["agenda", f, "--as-of", "31/2/2026"],
            "--as-of: 31/2/2026 does not exist",
        ),
        (
            &["agenda", f, "--area", "Piracy"],
            "--area: \"Piracy\" is not a programme area",
        ),
        // The casebook itself is never an output.
        (
            &["agenda", f, "--ics", "-o", f, "--force"],
            "That is the casebook being read",
        ),
        (
            &["agenda", f, "-o", path_str(&ics)],
            "only the iCalendar file (--ics)",
        ),
        (
            &["review", f, "EI-2099-0001"],
            "No case with reference EI-2099-0001",
        ),
        (
            &["review", f, "EI-2026-0001", "--on", "2026-13-01"],
            "--on: There is no month 13",
        ),
        (
            &["review", f, "EI-2026-0001", "--on", "1899-01-01"],
            "--on: 1899-01-01 is before 1900",
        ),
    ];
    for (args, said) in cases {
        let out = casedesk(args);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(text(&out).contains(said), "{args:?}: {}", text(&out));
        assert_eq!(
            std::fs::read(&file).unwrap(),
            before,
            "{args:?} changed the casebook"
        );
        assert!(!ics.exists(), "{args:?} wrote an agenda");
    }
    // Locked by another writer: the review is refused; the agenda, which only reads, is not.
    let lock = casedesk::store::lock::acquire(&file, chrono::Utc::now()).unwrap();
    let out = binary(&["review", f, "EI-2026-0001"], &[]);
    assert!(!out.status.success());
    assert!(text(&out).contains("open for writing by"), "{}", text(&out));
    assert_eq!(std::fs::read(&file).unwrap(), before);
    let out = binary(&["agenda", f, "--ics", "-o", path_str(&ics)], &[]);
    assert!(out.status.success(), "{}", text(&out));
    drop(lock);
    // Then the review is recorded: the casebook's history holds it.
    let out = casedesk(&["review", f, "EI-2026-0001", "--note", "Monthly review"]);
    assert!(out.status.success(), "{}", text(&out));
    let book = casedesk::store::open(&file, None).unwrap().book;
    let case = book.case_by_reference("EI-2026-0001").unwrap();
    assert_eq!(
        case.last_reviewed(),
        Some(chrono::Local::now().date_naive())
    );
}
