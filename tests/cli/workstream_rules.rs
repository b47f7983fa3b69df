//! Issue 22's leftovers from the command line: an offender's notification period, the PCL
//! proposal and a returnee's Early Removal Scheme date set and shown (text, JSON, agenda); and
//! the direction each kind's table goes, refused on every path that makes or moves a case, the
//! file left byte for byte.

use super::*;
use std::path::Path;

/// `args` refused saying `expected`, with the casebook at `file` unchanged (or never made).
fn refused_untouched(file: &Path, args: &[&str], expected: &str) {
    let before = std::fs::read(file).ok();
    let out = casedesk(args);
    let said = text(&out);
    assert!(!out.status.success(), "{args:?} succeeded: {said}");
    assert!(said.contains(expected), "{args:?}: {said}");
    assert!(!said.contains("panicked"), "{args:?}: {said}");
    assert_eq!(
        std::fs::read(file).ok(),
        before,
        "{args:?} changed the file"
    );
}

fn new_case(f: &str, kind: &str, direction: &str) -> String {
    ok(&[
        "new",
        f,
        "--kind",
        kind,
        "--direction",
        direction,
        "--opened",
        "2026-09-01",
    ])
    .trim()
    .to_string()
}

#[test]
fn an_offenders_notification_period_is_set_and_shown_with_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("book.ron");
    let f = path_str(&file);
    let alert = new_case(f, "offender-alert", "outgoing");
    ok(&[
        "set",
        f,
        &alert,
        "relevant-date=2026-10-14",
        "sentence=18 months",
        "pcl=proposed",
    ]);
    let shown = ok(&["show", f, &alert]);
    assert!(
        shown
            .contains("Notification period: 10 years (18 months; SOA 2003 s.82), ends 13 Oct 2036"),
        "{shown}"
    );
    assert!(shown.contains("Passport Control List: PROPOSED"), "{shown}");
    assert!(
        shown.contains("SOA_NOTIFICATION_END Notification requirement ends — expires 2036-10-13"),
        "{shown}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["show", f, &alert, "--json"])).unwrap();
    let clock = json["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "SOA_NOTIFICATION_END")
        .expect("the clock");
    assert_eq!(clock["due"], "2036-10-13");
    assert_eq!(clock["verified"], true);
    assert_eq!(json["details"]["workstream"]["pcl"], "Proposed");
    // Under 18: half, marked "check" wherever it shows.
    ok(&["set", f, &alert, "under-18=yes"]);
    let shown = ok(&["show", f, &alert]);
    assert!(
        shown.contains("expires 2031-10-13") && shown.contains("[check: unverified rule]"),
        "{shown}"
    );
    let agenda = ok(&["agenda", f, "--as-of", "2031-10-01"]);
    assert!(
        agenda.contains("Notification requirement ends (under 18) (check)"),
        "{agenda}"
    );
    // 30 months or more: indefinite, said so, with no clock.
    ok(&["set", f, &alert, "sentence=30 months"]);
    let shown = ok(&["show", f, &alert]);
    assert!(shown.contains("Notification period: indefinite"), "{shown}");
    assert!(!shown.contains("SOA_NOTIFICATION_END"), "{shown}");
    // Bad input: nothing changes.
    for (pair, says) in [
        ("sentence=eighteen months", "is not a sentence"),
        ("relevant-date=2099-01-01", "relevant-date"),
        ("pcl=listed", "is not one of: PROPOSED"),
        ("ers-date=2027-01-01", "Only a returns case records this"),
    ] {
        refused_untouched(&file, &["set", f, &alert, pair], says);
    }
}

#[test]
fn a_returnees_early_removal_scheme_date_is_information_in_show() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("book.ron");
    let f = path_str(&file);
    let returns = new_case(f, "returns", "outgoing");
    ok(&[
        "set",
        f,
        &returns,
        "ers-date=2026-10-01",
        "passport=AB1234567, expires 2031",
    ]);
    let shown = ok(&["show", f, &returns, "--as-of", "2026-12-01"]);
    assert!(
        shown.contains("Early Removal Scheme date: 01 Oct 2026"),
        "{shown}"
    );
    assert!(
        shown.contains("UK_ERS_DATE Early Removal Scheme date — on 2026-10-01"),
        "{shown}"
    );
    assert!(
        !shown.contains("Missed"),
        "information is never missed: {shown}"
    );
    let list = ok(&["list", f, "--overdue", "--as-of", "2026-12-01"]);
    assert!(!list.contains(&returns), "{list}");
    refused_untouched(
        &file,
        &["set", f, &returns, "sentence=caution"],
        "Only an offender alert case records this",
    );
}

#[test]
fn a_direction_the_kinds_table_does_not_go_is_refused_on_every_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("book.ron");
    let f = path_str(&file);
    // `new`: no casebook is made; then none is changed.
    refused_untouched(
        &file,
        &[
            "new",
            f,
            "--kind",
            "service-provider",
            "--direction",
            "incoming",
        ],
        "A service provider case can only be outgoing, not incoming",
    );
    assert!(!file.exists());
    let conviction = new_case(f, "conviction-data", "outgoing");
    refused_untouched(
        &file,
        &[
            "new",
            f,
            "--kind",
            "service-provider",
            "--direction",
            "incoming",
        ],
        "A service provider case can only be outgoing",
    );
    // `transition`: an outgoing request is never received.
    refused_untouched(
        &file,
        &[
            "transition",
            f,
            &conviction,
            "RECEIVED",
            "--on",
            "2026-09-02",
            "--detail",
            "Sender=FIA",
            "--detail",
            "Other side's reference=FIA/1",
            "--override-reason",
            "test",
        ],
        "is a state of incoming conviction data cases only; this one is outgoing",
    );
    // `import-csv`: the row is named, nothing imported.
    let csv = dir.path().join("rows.csv");
    std::fs::write(
        &csv,
        "kind,direction,status,opened\n\
         Conviction data,Incoming,RECEIVED,2026-09-01\n\
         Conviction data,Outgoing,CHECKS_REQUESTED,2026-09-01\n\
         Service provider,Incoming,IDENTIFIED,2026-09-01\n",
    )
    .unwrap();
    let before = std::fs::read(&file).unwrap();
    let out = casedesk(&["import-csv", f, path_str(&csv)]);
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains("Checks requested (CHECKS_REQUESTED) is a state of incoming conviction data cases only; this one is outgoing"),
        "{said}"
    );
    assert!(
        said.contains("A service provider case can only be outgoing"),
        "{said}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
    // `convert`: the MLA request goes the enquiry's way.
    let enquiry = new_case(f, "police-enquiry", "incoming");
    ok(&[
        "transition",
        f,
        &enquiry,
        "RECEIVED",
        "--on",
        "2026-09-02",
        "--detail",
        "Channel=NCB Islamabad",
        "--detail",
        "Other side's reference=FIA/9",
        "--detail",
        "Counterpart and contact=FIA, Insp. Raza",
        "--detail",
        "Question asked=Address of the suspect",
        "--override-reason",
        "test",
    ]);
    ok(&[
        "transition",
        f,
        &enquiry,
        "ACKNOWLEDGED",
        "--on",
        "2026-09-03",
        "--detail",
        "Other side's reference=FIA/9",
    ]);
    let converted = ok(&["convert", f, &enquiry, "--on", "2026-09-04"]);
    assert!(converted.contains("MI-2026-0001"), "{converted}");
}

#[test]
fn a_file_holding_a_case_going_the_wrong_way_is_named_and_left_alone() {
    use casedesk::domain::{CaseKind, Direction};
    use casedesk::store::format::FileV1;
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.ron");
    let g = path_str(&good);
    let reference = new_case(g, "service-provider", "outgoing");
    // As an older version or a hand edit may leave it: the provider request made incoming.
    let book = casedesk::store::load(&good).unwrap();
    let mut turned = FileV1::from_casebook(&book, chrono::Utc::now());
    let case = turned
        .cases
        .iter_mut()
        .find(|c| c.kind == CaseKind::ServiceProvider)
        .unwrap();
    case.direction = Direction::Incoming;
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, turned.to_text().unwrap()).unwrap();
    let b = path_str(&bad);
    let out = casedesk(&["check", b]);
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains(&format!(
            "{reference} Direction: A service provider case can only be outgoing, not incoming"
        )),
        "{said}"
    );
    refused_untouched(
        &bad,
        &["set", b, &reference, "summary=x"],
        "so it is not changed",
    );
    // A merge bringing it in is refused, the copy merged into left alone.
    let other = dir.path().join("other.ron");
    let o = path_str(&other);
    new_case(o, "mla", "outgoing");
    refused_untouched(
        &other,
        &["merge", o, b, "--prefer", "theirs"],
        "A service provider case can only be outgoing",
    );
}
