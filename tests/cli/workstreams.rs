//! The other workstreams (`../shared/domain.md` §§8–12) from the command line: a returns case
//! from referral to the Passport Control List with its clocks in the officer's words, and each
//! kind opened, moved and refused on bad input.

use super::*;

fn refused(args: &[&str], expected: &str) {
    let out = casedesk(args);
    assert!(!out.status.success(), "{args:?} succeeded");
    let said = text(&out);
    assert!(said.contains(expected), "{args:?}: {said}");
    assert!(!said.contains("panicked"), "{args:?}: {said}");
}

#[test]
fn a_returns_case_runs_from_referral_to_the_passport_control_list() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("book.ron");
    let f = path_str(&file);
    let new = ok(&[
        "new",
        f,
        "--kind",
        "returns",
        "--direction",
        "outgoing",
        "--opened",
        "2026-09-01",
    ]);
    assert_eq!(new.trim(), "RO-2026-0001");
    fn moving<'a>(f: &'a str, to: &'a str, on: &'a str, details: &[&'a str]) -> Vec<&'a str> {
        let mut args = vec!["transition", f, "RO-2026-0001", to, "--on", on];
        for d in details {
            args.extend(["--detail", d]);
        }
        args
    }
    let go = |to, on, details| moving(f, to, on, details);
    // Leaving the referral needs the person; the officer goes past it, saying why.
    let sent = go(
        "DOCUMENTATION_SENT",
        "2026-09-02",
        &[
            "SOP category=B",
            "Pakistan Mission=Pakistan High Commission, London",
            "Documents sent=CNIC copy, fingerprints",
        ],
    );
    refused(&sent, "requested person or suspect");
    let mut with_override = sent.clone();
    with_override.extend([
        "--override-reason",
        "Person recorded in the Home Office file",
    ]);
    ok(&with_override);
    ok(&go(
        "VERIFICATION_PENDING",
        "2026-09-03",
        &["NADRA/IMPASS or MOI reference=NADRA/VR/2026/8812"],
    ));
    ok(&go(
        "NATIONALITY_CONFIRMED",
        "2026-10-01",
        &["Confirming body=NADRA"],
    ));
    // No passport recorded and no ETD: removal cannot be scheduled.
    let schedule = go(
        "REMOVAL_SCHEDULED",
        "2026-10-20",
        &[
            "Planned removal date=2026-11-16",
            "Flight=PK 758 LHR-ISB",
            "Escorts=Three DCOs",
            "Notice of intention to remove served on=2026-11-04",
        ],
    );
    refused(
        &schedule,
        "a valid passport or an emergency travel document",
    );
    ok(&go(
        "ETD_ISSUED",
        "2026-10-15",
        &["ETD number=ETD-LHR-2026-0412", "ETD expires on=2027-01-15"],
    ));
    ok(&schedule);
    let shown = ok(&["show", f, "RO-2026-0001"]);
    for words in [
        "RET_MISSION_NOTICE",
        "due 2026-11-01",
        "UK_REMOVAL_NOTICE",
        "not before 2026-11-12 (",
        "[check: unverified rule]",
        "RET_ETD_EXPIRY",
        "remind 2027-01-01",
    ] {
        assert!(shown.contains(words), "{words}: {shown}");
    }
    assert!(!shown.contains("check holidays"), "{shown}");
    // The removal is re-planned: the Mission notice is counted again from the new date, the
    // old due date void. Bad input is refused with the file untouched.
    let before = std::fs::read(&file).unwrap();
    let move_to = |detail: &'static str, to: &'static str| {
        vec![
            "move-date",
            f,
            "RO-2026-0001",
            detail,
            "--to",
            to,
            "--reason",
            "Flight rebooked",
        ]
    };
    refused(&move_to("Planned removal date", "2026-02-30"), "--to:");
    refused(
        &move_to("Flight date", "2026-11-20"),
        "\"Flight date\" is not a date a step records",
    );
    refused(
        &move_to("Review date", "2026-11-20"),
        "No step of RO-2026-0001 recorded",
    );
    let mut no_reason = move_to("Planned removal date", "2026-11-20");
    no_reason[7] = " ";
    refused(&no_reason, "Say why");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "refusals leave the file as it was"
    );
    let moved = ok(&move_to("Planned removal date", "2026-11-20"));
    assert!(
        moved.contains("Planned removal date moved from 2026-11-16 to 2026-11-20"),
        "{moved}"
    );
    let shown = ok(&["show", f, "RO-2026-0001"]);
    assert!(shown.contains("due 2026-11-05"), "{shown}");
    assert!(
        shown.contains("due 2026-11-01"),
        "the old due date, void: {shown}"
    );
    let help = ok(&["move-date", "--help"]);
    assert!(help.contains("casedesk move-date casebook.ron"), "{help}");
    ok(&go("REMOVED", "2026-11-16", &["Time of departure=21:40"]));
    ok(&go(
        "ARRIVED",
        "2026-11-17",
        &[
            "Arrival airport=Islamabad",
            "FIA handover=FIA Immigration, Islamabad airport",
            "FIR number=FIR 311/2026 PS FIA Islamabad",
            "Passport cancelled=Yes",
        ],
    ));
    ok(&go(
        "PCL_LISTED",
        "2026-11-20",
        &["DGI&P reference=DGIP/PCL/2026/77"],
    ));
    ok(&go("CLOSED_RETURNED", "2026-11-21", &[]));
    let shown = ok(&["show", f, "RO-2026-0001"]);
    assert!(
        shown.contains("PK_PCL_EXPIRY") && shown.contains("2031-11-17"),
        "the listing outlives the case: {shown}"
    );
    assert!(shown.contains("remind 2031-08-19"), "{shown}");
    let listed = ok(&["list", f, "--kind", "returns"]);
    assert!(listed.contains("RO-2026-0001"), "{listed}");
}

/// A kind, its direction, its first reference, a first move with its details, and a state of
/// another kind.
type Kind = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
);

#[test]
fn every_kind_opens_moves_and_refuses_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("book.ron");
    let f = path_str(&file);
    let kinds: [Kind; 4] = [
        (
            "conviction-data",
            "incoming",
            "CI-2026-0001",
            "RECEIVED",
            &[
                "Sender=NCB Islamabad (FIA)",
                "Other side's reference=FIA/NCB/2026/331",
            ],
            "REMOVED",
        ),
        (
            "service-provider",
            "outgoing",
            "SO-2026-0001",
            "PRESERVATION_SENT",
            &["Route=Provider's law enforcement portal"],
            "SENT",
        ),
        (
            "police-enquiry",
            "outgoing",
            "PO-2026-0001",
            "SENT",
            &[
                "Channel=NCA liaison officer, Islamabad",
                "Counterpart and contact=FIA CTW, Inspector Rana",
                "Question asked=Current address of the subject",
                "Reply due by=2026-11-30",
            ],
            "PRESERVATION_SENT",
        ),
        (
            "offender-alert",
            "outgoing",
            "AO-2026-0001",
            "TRAVEL_NOTIFIED",
            &[
                "Travel notified on=2026-10-20",
                "Departure date=2026-11-01",
                "Destination and arrival point=Lahore, Allama Iqbal airport",
            ],
            "CHECKS_REQUESTED",
        ),
    ];
    for (kind, direction, reference, first, details, foreign) in kinds {
        let new = ok(&[
            "new",
            f,
            "--kind",
            kind,
            "--direction",
            direction,
            "--opened",
            "2026-10-01",
            "--summary",
            "Opened from the command line",
        ]);
        assert_eq!(new.trim(), reference);
        // A state of another workflow names where the case may go.
        refused(
            &["transition", f, reference, foreign, "--on", "2026-10-02"],
            "is not a state of the",
        );
        // Without its details, the move names them.
        refused(
            &[
                "transition",
                f,
                reference,
                first,
                "--on",
                "2026-10-21",
                "--override-reason",
                "Subject on file",
            ],
            "This transition must record",
        );
        let mut args = vec![
            "transition",
            f,
            reference,
            first,
            "--on",
            "2026-10-21",
            "--override-reason",
            "Subject on file",
        ];
        for d in details {
            args.extend(["--detail", d]);
        }
        ok(&args);
        // A date detail given as text is refused, naming it.
        refused(
            &[
                "transition",
                f,
                reference,
                first,
                "--on",
                "2026-10-22",
                "--detail",
                "Departure date=next Tuesday",
            ],
            "Departure date",
        );
        let shown = ok(&["show", f, reference]);
        assert!(shown.contains(reference), "{shown}");
    }
    refused(
        &["new", f, "--kind", "deportation", "--direction", "outgoing"],
        "invalid value 'deportation'",
    );
    // An offender alert opens with neither-confirm-nor-deny on, and its clocks say "check".
    let shown = ok(&["show", f, "AO-2026-0001"]);
    assert!(shown.contains("SOA_TRAVEL_NOTICE"), "{shown}");
    assert!(shown.contains("[check: unverified rule]"), "{shown}");
    let listed = ok(&["list", f, "--kind", "offender-alert"]);
    assert!(listed.contains("AO-2026-0001"), "{listed}");
    let conviction = ok(&["show", f, "CI-2026-0001"]);
    assert!(conviction.contains("CRX_RESPOND"), "{conviction}");
    // Counted with the casebook's calendars, which cover 2026: nothing to check.
    assert!(!conviction.contains("check holidays"), "{conviction}");
    // Without a calendar for 2026 the reply date is counted on weekdays only and marked, in
    // the text and in the JSON.
    let mut book = casedesk::store::load(&file).unwrap();
    let mut holidays = book.settings.holidays().clone();
    holidays.years.retain(|y| y.year != 2026);
    book.settings.holidays = Some(holidays);
    casedesk::store::save(&file, &book, chrono::Utc::now()).unwrap();
    let conviction = ok(&["show", f, "CI-2026-0001"]);
    assert!(conviction.contains("(check holidays)"), "{conviction}");
    let json = ok(&["show", f, "CI-2026-0001", "--json"]);
    assert!(json.contains("\"check_holidays\": true"), "{json}");
}

#[test]
fn an_enquiry_is_converted_into_a_linked_mla_request() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("book.ron");
    let f = path_str(&file);
    ok(&[
        "new",
        f,
        "--kind",
        "police-enquiry",
        "--direction",
        "outgoing",
        "--opened",
        "2026-10-01",
        "--summary",
        "Suspected money laundering through Lahore exchange houses",
    ]);
    ok(&[
        "transition",
        f,
        "PO-2026-0001",
        "SENT",
        "--on",
        "2026-10-02",
        "--detail",
        "Channel=NCA liaison officer",
        "--detail",
        "Counterpart and contact=FIA AML Circle",
        "--detail",
        "Question asked=Account holders of two exchange houses",
    ]);
    // Not before it is acknowledged or answered: nothing changes.
    let before = std::fs::read(&file).unwrap();
    refused(
        &["convert", f, "PO-2026-0001", "--on", "2026-10-03"],
        "PO-2026-0001 cannot be converted",
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
    refused(
        &["convert", f, "PO-2026-0009", "--on", "2026-10-03"],
        "PO-2026-0009",
    );
    ok(&[
        "transition",
        f,
        "PO-2026-0001",
        "ACKNOWLEDGED",
        "--on",
        "2026-10-05",
        "--detail",
        "Other side's reference=FIA/AML/2026/114",
    ]);
    let converted = ok(&["convert", f, "PO-2026-0001", "--on", "2026-10-20"]);
    assert!(converted.contains("MO-2026-0001"), "{converted}");
    let mla = ok(&["show", f, "MO-2026-0001"]);
    assert!(
        mla.contains("Suspected money laundering through Lahore exchange houses"),
        "{mla}"
    );
    let enquiry = ok(&["show", f, "PO-2026-0001"]);
    assert!(enquiry.contains("Converted to an MLA request"), "{enquiry}");
}
