//! Issue 16 at the command line, for the store's part: a casebook named through a link, an
//! export whose disclosure cannot be recorded, plain text left beside an encrypted casebook, a
//! file whose checksum line was taken out.

use super::{Ran, binary, casedesk, casedesk_env, path_str, text};
use std::path::Path;

fn demo(file: &Path) {
    let out = casedesk(&[
        "demo",
        "--cases",
        "3",
        "--today",
        "2026-11-23",
        "-o",
        path_str(file),
    ]);
    assert!(out.status.success(), "{}", text(&out));
}

fn new_case(file: &Path, env: &[(&str, &str)]) -> Ran {
    casedesk_env(
        &[
            "new",
            path_str(file),
            "--kind",
            "mla",
            "--direction",
            "outgoing",
        ],
        env,
    )
}

#[cfg(unix)]
#[test]
fn a_casebook_named_through_a_link_is_locked_and_saved_where_it_really_is() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases");
    std::fs::create_dir(&cases).unwrap();
    let real = cases.join("casebook.ron");
    demo(&real);
    let link = dir.path().join("desk.ron");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let before = std::fs::read(&real).unwrap();

    // The window (or another subcommand) holds the real casebook: the link does not get past it.
    let lock = casedesk::store::lock::acquire(&real, chrono::Utc::now()).unwrap();
    let new = [
        "new",
        path_str(&link),
        "--kind",
        "mla",
        "--direction",
        "outgoing",
    ];
    let out = binary(&new, &[]);
    assert!(!out.status.success());
    assert!(text(&out).contains("open for writing by"), "{}", text(&out));
    assert_eq!(std::fs::read(&real).unwrap(), before);
    drop(lock);

    let out = new_case(&link, &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(casedesk::store::load(&real).unwrap().cases().len(), 4);
    assert_eq!(casedesk::store::list_snapshots(&real).unwrap().len(), 1);
    assert!(!dir.path().join("snapshots").exists());
    assert!(!dir.path().join("desk.lock").exists());
}

/// When the casebook cannot be saved (here its snapshots folder is a file, so every save
/// fails), an export writes nothing: the file and its disclosure both happen or neither.
#[test]
fn an_export_whose_disclosure_cannot_be_saved_writes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("casebook.ron");
    demo(&file);
    std::fs::write(dir.path().join("snapshots"), "in the way").unwrap();
    let before = std::fs::read(&file).unwrap();
    let outputs = dir.path().join("out");
    std::fs::create_dir(&outputs).unwrap();
    let (summary, report) = (outputs.join("summary.md"), outputs.join("review.md"));
    let f = path_str(&file);
    let export = [
        "export",
        f,
        "EI-2026-0001",
        "--format",
        "md",
        "--profile",
        "full",
        "--to",
        "CPS",
        "-o",
        path_str(&summary),
    ];
    let review = [
        "report",
        f,
        "--from",
        "2020-01-01",
        "--to",
        "2026-11-23",
        "--format",
        "md",
        "-o",
        path_str(&report),
    ];
    for args in [&export[..], &review[..]] {
        let out = casedesk(args);
        assert!(!out.status.success(), "{args:?}: {}", text(&out));
        assert!(text(&out).contains("snapshot"), "{}", text(&out));
        let left: Vec<_> = std::fs::read_dir(&outputs).unwrap().collect();
        assert!(left.is_empty(), "{args:?} left {left:?}");
        assert_eq!(std::fs::read(&file).unwrap(), before);
    }
    // Once the casebook can be saved, the export and its record are both there.
    std::fs::remove_file(dir.path().join("snapshots")).unwrap();
    let out = casedesk(&export);
    assert!(out.status.success(), "{}", text(&out));
    assert!(summary.exists());
    let book = casedesk::store::load(&file).unwrap();
    let case = book.case_by_reference("EI-2026-0001").unwrap();
    assert!(format!("{:?}", case.history().last().unwrap()).contains("Disclosed"));
}

/// Every file under `dir` that holds a plain casebook.
fn plain_casebooks(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(plain_casebooks(&path));
        } else if std::fs::read(&path)
            .unwrap()
            .windows(17)
            .any(|w| w == b"casedesk-casebook")
        {
            found.push(path);
        }
    }
    found
}

#[test]
fn check_reports_plain_text_beside_an_encrypted_casebook_and_the_next_writer_seals_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("casebook.ron");
    demo(&file);
    let plain = std::fs::read(&file).unwrap();
    let env = [
        ("CASEDESK_NEW_PASSPHRASE", "Port Qasim 7"),
        ("CASEDESK_PASSPHRASE", "Port Qasim 7"),
    ];
    let out = casedesk_env(&["passphrase", path_str(&file)], &env);
    assert!(out.status.success(), "{}", text(&out));
    // What a `passphrase` killed part-way, and a save killed before its rename, leave behind.
    let snapshots = dir.path().join("snapshots");
    std::fs::create_dir_all(&snapshots).unwrap();
    let snapshot = snapshots.join("casebook.20261120T090000.000Z.ron");
    std::fs::write(&snapshot, &plain).unwrap();
    let temp = snapshots.join(".casebook.20261122T090000.000Z.7.ron.tmp-999999");
    std::fs::write(&temp, &plain).unwrap();
    assert_eq!(plain_casebooks(dir.path()).len(), 2);

    let out = casedesk_env(&["check", path_str(&file)], &env);
    assert!(!out.status.success(), "{}", text(&out));
    for path in [&snapshot, &temp] {
        assert!(text(&out).contains(path_str(path)), "{}", text(&out));
    }
    assert!(text(&out).contains("plain text"), "{}", text(&out));

    let out = new_case(&file, &env);
    assert!(out.status.success(), "{}", text(&out));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("encrypted 1 file "), "{said}");
    assert!(said.contains("removed 1 temporary file "), "{said}");
    assert!(plain_casebooks(dir.path()).is_empty());
    assert!(casedesk::store::is_encrypted(
        &std::fs::read(&snapshot).unwrap()
    ));
    let out = casedesk_env(&["check", path_str(&file)], &env);
    assert!(out.status.success(), "{}", text(&out));
}

/// Schema 2 files always record a checksum: one whose checksum line was deleted was edited.
#[test]
fn check_calls_a_file_whose_checksum_line_was_deleted_altered() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("casebook.ron");
    demo(&file);
    let edited: String = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .filter(|l| !l.contains("checksum:"))
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        .replacen("EI-2026-0001", "EI-2026-0009", 1);
    std::fs::write(&file, &edited).unwrap();
    let out = casedesk(&["check", path_str(&file)]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("changed or damaged outside Casedesk"),
        "{}",
        text(&out)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);
}
