//! Issue 21 at the command line: `attach`, `attachments`, `detach`, `purge-attachments`,
//! `bundle` and `verify-bundle`; the store beside the casebook, bad input, the bundle's
//! manifest checked by the real `sha256sum -c`.

use super::{Ran, casedesk, casedesk_env, path_str, text};
use std::path::{Path, PathBuf};
use std::process::Command;

struct Desk {
    dir: tempfile::TempDir,
    file: PathBuf,
}

impl Desk {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("casebook.ron");
        let out = casedesk(&[
            "demo",
            "--cases",
            "3",
            "--today",
            "2026-11-23",
            "-o",
            path_str(&file),
        ]);
        assert!(out.status.success(), "{}", text(&out));
        Self { dir, file }
    }

    fn f(&self) -> &str {
        path_str(&self.file)
    }

    /// A file to attach, written into the test's folder.
    fn paper(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join("papers").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn store(&self) -> PathBuf {
        self.dir.path().join("casebook.attachments")
    }

    /// Every file in the attachments folder, hidden ones included.
    fn kept(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.store())
            .map(|d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}

fn ok(out: Ran) -> String {
    assert!(out.status.success(), "{}", text(&out));
    text(&out)
}

fn refused(out: Ran) -> String {
    assert!(!out.status.success(), "{}", text(&out));
    text(&out)
}

#[test]
fn a_file_is_attached_listed_verified_removed_and_purged() {
    let desk = Desk::new();
    let warrant = desk.paper("warrant.pdf", b"%PDF-1.7 the arrest warrant");
    let said = ok(casedesk(&[
        "attach",
        desk.f(),
        "EI-2026-0001",
        path_str(&warrant),
    ]));
    assert!(
        said.contains("Attached warrant.pdf (27 B) to EI-2026-0001"),
        "{said}"
    );
    let hash = blake3::hash(b"%PDF-1.7 the arrest warrant")
        .to_hex()
        .to_string();
    assert_eq!(desk.kept(), vec![hash.clone()]);

    let listed = ok(casedesk(&[
        "attachments",
        desk.f(),
        "EI-2026-0001",
        "--verify",
    ]));
    assert!(listed.starts_with("1  warrant.pdf  27 B"), "{listed}");
    assert!(listed.contains("verified"), "{listed}");

    // Written out, checked first: the bytes attached.
    let copy = desk.dir.path().join("copy.pdf");
    ok(casedesk(&[
        "attachments",
        desk.f(),
        "EI-2026-0001",
        "--extract",
        "1",
        "-o",
        path_str(&copy),
    ]));
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        b"%PDF-1.7 the arrest warrant"
    );

    // Removed: an event; the bytes stay until a purge the officer confirms.
    ok(casedesk(&[
        "detach",
        desk.f(),
        "EI-2026-0001",
        "warrant.pdf",
        "--reason",
        "Wrong case",
    ]));
    let listed = ok(casedesk(&["attachments", desk.f(), "EI-2026-0001"]));
    assert!(listed.contains("has no attachments"), "{listed}");
    let listed = ok(casedesk(&[
        "attachments",
        desk.f(),
        "EI-2026-0001",
        "--removed",
    ]));
    assert!(listed.contains("(removed"), "{listed}");
    assert_eq!(desk.kept(), vec![hash.clone()]);
    let asked = ok(casedesk(&["purge-attachments", desk.f()]));
    assert!(asked.contains("run again with --yes"), "{asked}");
    assert_eq!(desk.kept(), vec![hash]);
    let purged = ok(casedesk(&["purge-attachments", desk.f(), "--yes"]));
    assert!(purged.contains("Removed 1 file"), "{purged}");
    assert_eq!(desk.kept(), Vec::<String>::new());
    let shown = ok(casedesk(&["show", desk.f(), "EI-2026-0001"]));
    assert!(shown.contains("Attached warrant.pdf"), "{shown}");
    assert!(
        shown.contains("Removed an attachment (Wrong case)"),
        "{shown}"
    );
    ok(casedesk(&["check", desk.f()]));
}

/// Each bad input is said clearly, and leaves the casebook and the store as they were.
#[test]
fn bad_input_is_refused_with_a_clear_message_and_nothing_stored() {
    let desk = Desk::new();
    let warrant = desk.paper("warrant.pdf", b"%PDF-1.7 warrant");
    ok(casedesk(&[
        "attach",
        desk.f(),
        "EI-2026-0001",
        path_str(&warrant),
    ]));
    let before = std::fs::read(&desk.file).unwrap();
    let kept = desk.kept();
    let other = desk.paper("other.pdf", b"%PDF-1.7 another paper");
    let attach = |path: &Path, extra: &[&str]| {
        let mut args = vec!["attach", desk.f(), "EI-2026-0001", path_str(path)];
        args.extend_from_slice(extra);
        refused(casedesk(&args))
    };
    let cases: Vec<(String, &str)> = vec![
        (
            attach(&desk.dir.path().join("papers/absent.pdf"), &[]),
            "Could not read",
        ),
        (
            attach(&desk.dir.path().join("papers"), &[]),
            "is a folder, not a file",
        ),
        (
            attach(&other, &["--name", "../../etc/passwd"]),
            "contains a folder separator",
        ),
        (
            attach(&other, &["--name", "a\\b.pdf"]),
            "contains a folder separator",
        ),
        (
            attach(&other, &["--name", "line\nbreak.pdf"]),
            "contains a control character",
        ),
        (
            attach(&warrant, &["--name", "copy of the warrant.pdf"]),
            "already attached to the case as warrant.pdf",
        ),
        (
            attach(&other, &["--checklist", "No such paper"]),
            "no checklist item",
        ),
    ];
    for (said, expected) in cases {
        assert!(said.contains(expected), "{expected}: {said}");
        assert_eq!(std::fs::read(&desk.file).unwrap(), before, "{said}");
        assert_eq!(desk.kept(), kept, "{said}");
    }
}

/// The bundle holds the partner summary, the ticked attachments and SHA256SUMS, which the real
/// `sha256sum -c` accepts once unzipped by the real `unzip`; the disclosure records the
/// manifest's SHA-256; a bundle changed afterwards is caught by `verify-bundle` and by
/// `sha256sum -c`.
#[test]
fn a_bundles_manifest_is_accepted_by_sha256sum_and_a_tampered_bundle_is_caught() {
    let desk = Desk::new();
    let warrant = desk.paper("warrant.pdf", b"%PDF-1.7 warrant");
    let note = desk.paper("note verbale.txt", b"The Embassy presents its compliments");
    let internal = desk.paper("internal.txt", b"not for the counterpart");
    for p in [&warrant, &note, &internal] {
        ok(casedesk(&["attach", desk.f(), "EI-2026-0001", path_str(p)]));
    }
    let zip = desk.dir.path().join("bundle.zip");
    let said = ok(casedesk(&[
        "bundle",
        desk.f(),
        "EI-2026-0001",
        "--to",
        "FIA Islamabad",
        "--attachment",
        "1",
        "--attachment",
        "note verbale.txt",
        "-o",
        path_str(&zip),
    ]));
    let manifest_sha = said
        .split("manifest SHA-256 ")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let shown = ok(casedesk(&["show", desk.f(), "EI-2026-0001"]));
    assert!(shown.contains(&manifest_sha), "{shown}");
    assert!(shown.contains("Bundle for the counterpart"), "{shown}");

    let out = desk.dir.path().join("unzipped");
    let unzip = Command::new("unzip")
        .args(["-q", path_str(&zip), "-d", path_str(&out)])
        .status()
        .unwrap();
    assert!(unzip.success());
    let mut names: Vec<String> = walk(&out);
    names.sort();
    assert_eq!(
        names,
        vec![
            "SHA256SUMS",
            "attachments/note verbale.txt",
            "attachments/warrant.pdf",
            "summary-EI-2026-0001.pdf"
        ]
    );
    assert!(!names.iter().any(|n| n.contains("internal")));
    let check = Command::new("sha256sum")
        .args(["--strict", "-c", "SHA256SUMS"])
        .current_dir(&out)
        .output()
        .unwrap();
    assert!(check.status.success(), "{check:?}");
    let manifest = std::fs::read(out.join("SHA256SUMS")).unwrap();
    assert_eq!(hex_sha256(&manifest), manifest_sha);
    let manifest = String::from_utf8(manifest).unwrap();
    assert!(manifest.contains("# 16 bytes\n"), "{manifest}");
    let verified = ok(casedesk(&["verify-bundle", path_str(&zip)]));
    assert!(
        verified.contains("3 files match the manifest"),
        "{verified}"
    );
    assert!(verified.contains(&manifest_sha), "{verified}");

    // One attachment changed after the bundle was made, the manifest left as it was.
    let tampered = desk.dir.path().join("tampered.zip");
    rewrite_zip(
        &zip,
        &tampered,
        "attachments/warrant.pdf",
        b"%PDF-1.7 forged!",
    );
    let caught = refused(casedesk(&["verify-bundle", path_str(&tampered)]));
    assert!(
        caught.contains("attachments/warrant.pdf: altered"),
        "{caught}"
    );
    std::fs::write(out.join("attachments/warrant.pdf"), b"%PDF-1.7 forged!").unwrap();
    let check = Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(&out)
        .output()
        .unwrap();
    assert!(!check.status.success());
}

#[test]
fn a_bundle_sealed_for_the_recipient_opens_with_their_passphrase_only() {
    let desk = Desk::new();
    let warrant = desk.paper("warrant.pdf", b"%PDF-1.7 warrant, sealed");
    ok(casedesk(&[
        "attach",
        desk.f(),
        "EI-2026-0001",
        path_str(&warrant),
    ]));
    let zip = desk.dir.path().join("bundle.zip.age");
    let recipient = [("CASEDESK_BUNDLE_PASSPHRASE", "Margalla 2026")];
    ok(casedesk_env(
        &[
            "bundle",
            desk.f(),
            "EI-2026-0001",
            "--to",
            "FIA Islamabad",
            "--all",
            "--encrypt",
            "-o",
            path_str(&zip),
        ],
        &recipient,
    ));
    let sealed = std::fs::read(&zip).unwrap();
    assert!(casedesk::store::is_encrypted(&sealed));
    assert!(!sealed.windows(7).any(|w| w == b"warrant"));
    let verified = ok(casedesk_env(&["verify-bundle", path_str(&zip)], &recipient));
    assert!(verified.contains("2 files match"), "{verified}");
    let wrong = [("CASEDESK_BUNDLE_PASSPHRASE", "wrong")];
    let said = refused(casedesk_env(&["verify-bundle", path_str(&zip)], &wrong));
    assert!(said.contains("the passphrase does not open it"), "{said}");
}

/// A bundle's path passes the checks every export does: never the casebook, nor a file in
/// its attachments folder; nothing recorded when refused.
#[test]
fn a_bundle_is_never_written_over_the_casebook_or_into_the_attachments_folder() {
    let desk = Desk::new();
    let warrant = desk.paper("warrant.pdf", b"%PDF-1.7 warrant");
    ok(casedesk(&[
        "attach",
        desk.f(),
        "EI-2026-0001",
        path_str(&warrant),
    ]));
    let before = std::fs::read(&desk.file).unwrap();
    let into_store = desk.store().join("bundle.zip");
    for (out, expected) in [
        (desk.f(), "That is the casebook being read"),
        (path_str(&into_store), "an attachments folder"),
        ("-", "a bundle is a zip file"),
    ] {
        let said = refused(casedesk(&[
            "bundle",
            desk.f(),
            "EI-2026-0001",
            "--to",
            "FIA",
            "--all",
            "-o",
            out,
            "--force",
        ]));
        assert!(said.contains(expected), "{expected}: {said}");
        assert_eq!(std::fs::read(&desk.file).unwrap(), before);
    }
}

/// With a passphrase, no byte of an attachment reaches the disk in plain text: the whole
/// attachments folder is scanned for the file's words.
#[test]
fn an_encrypted_casebooks_attachments_hold_no_plain_byte() {
    let desk = Desk::new();
    let pass = [
        ("CASEDESK_NEW_PASSPHRASE", "Port Qasim 7"),
        ("CASEDESK_PASSPHRASE", "Port Qasim 7"),
    ];
    ok(casedesk_env(&["passphrase", desk.f()], &pass));
    let words = b"Witness statement: account 0042-7781 at Habib Bank, Clifton branch. ";
    let statement = desk.paper("statement.txt", &words.repeat(20_000));
    ok(casedesk_env(
        &["attach", desk.f(), "EI-2026-0001", path_str(&statement)],
        &pass,
    ));
    let mut scanned = 0;
    for name in desk.kept() {
        let bytes = std::fs::read(desk.store().join(&name)).unwrap();
        assert!(casedesk::store::is_encrypted(&bytes), "{name}");
        for needle in [&b"Witness"[..], b"0042-7781", b"Habib"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{name} holds plain text"
            );
        }
        scanned += bytes.len();
    }
    assert!(scanned > words.len() * 20_000);
    let listed = ok(casedesk_env(
        &["attachments", desk.f(), "EI-2026-0001", "--verify"],
        &pass,
    ));
    assert!(listed.contains("verified"), "{listed}");
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap();
                out.push(rel.to_string_lossy().into_owned());
            }
        }
    }
    out
}

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A copy of the zip at `from` with the file `name` holding `bytes` instead.
fn rewrite_zip(from: &Path, to: &Path, name: &str, bytes: &[u8]) {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let entry_name = entry.name().unwrap().into_owned();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        out.start_file(
            entry_name.as_str(),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        out.write_all(if entry_name == name { bytes } else { &content })
            .unwrap();
    }
    out.finish().unwrap();
}

/// A merge brings the files of the attachments a colleague added, by hash, checked on the
/// way; each save into the team folder puts the officer's files beside their copy there.
#[test]
fn a_merge_and_the_team_folder_carry_the_attachments_a_colleague_lacks() {
    let desk = Desk::new();
    let theirs = desk.dir.path().join("theirs.ron");
    std::fs::copy(&desk.file, &theirs).unwrap();
    let colleague = desk.dir.path().join("colleague-computer");
    // This test's own computer: setting the team folder names an officer on it, which the
    // other tests' shared installation must not have.
    let mine = desk.dir.path().join("my-computer");
    let casedesk = |args: &[&str]| super::run_on(&mine, args, &[]);
    let their_note = desk.paper("their note.txt", b"Their note of the hearing");
    let out = super::run_on(
        &colleague,
        &[
            "attach",
            path_str(&theirs),
            "EI-2026-0002",
            path_str(&their_note),
        ],
        &[],
    );
    ok(out);
    let ours_paper = desk.paper("our warrant.pdf", b"%PDF-1.7 our warrant");
    ok(casedesk(&[
        "attach",
        desk.f(),
        "EI-2026-0001",
        path_str(&ours_paper),
    ]));

    let merged = ok(casedesk(&["merge", desk.f(), path_str(&theirs)]));
    assert!(merged.contains("Brought 1 attachment"), "{merged}");
    let listed = ok(casedesk(&[
        "attachments",
        desk.f(),
        "EI-2026-0002",
        "--verify",
    ]));
    assert!(
        listed.contains("their note.txt") && listed.contains("verified"),
        "{listed}"
    );
    assert_eq!(desk.kept().len(), 2);

    // The team folder: the copy written there has the officer's files beside it.
    let team = desk.dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    let set = casedesk(&[
        "team-folder",
        desk.f(),
        path_str(&team),
        "--officer",
        "A. Shaw",
        "--agency",
        "NCA",
    ]);
    ok(set);
    let copies: Vec<PathBuf> = std::fs::read_dir(&team)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    assert_eq!(copies.len(), 1);
    let beside = casedesk::store::attachments::folder(&copies[0]);
    let mut there: Vec<String> = std::fs::read_dir(&beside)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    there.sort();
    assert_eq!(there, desk.kept());
}

/// A passphrase set, changed or removed takes the attachments along: each file is sealed
/// again with the new one (or written plain), and still verifies.
#[test]
fn the_attachments_follow_a_passphrase_change() {
    let desk = Desk::new();
    let statement = desk.paper("statement.txt", b"Witness statement, Clifton branch");
    ok(casedesk(&[
        "attach",
        desk.f(),
        "EI-2026-0001",
        path_str(&statement),
    ]));
    let kept = desk.store().join(&desk.kept()[0]);
    let verify = |pass: &str| {
        ok(casedesk_env(
            &["attachments", desk.f(), "EI-2026-0001", "--verify"],
            &[("CASEDESK_PASSPHRASE", pass)],
        ))
    };
    for (from, to) in [("", "Port Qasim 7"), ("Port Qasim 7", "Margalla 2026")] {
        ok(casedesk_env(
            &["passphrase", desk.f()],
            &[
                ("CASEDESK_PASSPHRASE", from),
                ("CASEDESK_NEW_PASSPHRASE", to),
            ],
        ));
        let bytes = std::fs::read(&kept).unwrap();
        assert!(casedesk::store::is_encrypted(&bytes), "{to}");
        assert!(verify(to).contains("verified"));
    }
    ok(casedesk_env(
        &["passphrase", desk.f(), "--remove"],
        &[("CASEDESK_PASSPHRASE", "Margalla 2026")],
    ));
    assert_eq!(
        std::fs::read(&kept).unwrap(),
        b"Witness statement, Clifton branch"
    );
    assert!(verify("").contains("verified"));
}

/// `purge-attachments` while `attach` stores a large file in another process: the stored file
/// is no attachment's until `attach` records its event, so a purge then would delete it. Both
/// take the casebook's lock, `attach` from before it stores until its event is saved: the
/// purge is refused and nothing is removed; once the attach is done, it purges only the file
/// removed from the case.
#[test]
fn purging_is_refused_while_another_process_attaches() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let file = dir.path().join("casebook.ron");
    let f = path_str(&file);
    ok(casedesk(&[
        "demo",
        "--cases",
        "3",
        "--today",
        "2026-11-23",
        "-o",
        f,
    ]));
    let wrong = dir.path().join("wrong.pdf");
    std::fs::write(&wrong, b"%PDF-1.7 the wrong paper").unwrap();
    ok(casedesk(&["attach", f, "EI-2026-0001", path_str(&wrong)]));
    ok(casedesk(&["detach", f, "EI-2026-0001", "wrong.pdf"]));
    let store = dir.path().join("casebook.attachments");
    let removed = store.join(
        blake3::hash(b"%PDF-1.7 the wrong paper")
            .to_hex()
            .to_string(),
    );
    let big = dir.path().join("scans.tif");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();

    let mut attaching = Command::new(env!("CARGO_BIN_EXE_casedesk"))
        .args(["attach", f, "EI-2026-0001", path_str(&big)])
        .env(
            casedesk::store::INSTALLATION_DIR_VARIABLE,
            dir.path().join("installation"),
        )
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Storing: its temporary file is in the folder.
    let started = std::time::Instant::now();
    let storing = || {
        std::fs::read_dir(&store).unwrap().any(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.starts_with(".incoming")
        })
    };
    while !storing() {
        assert!(
            attaching.try_wait().unwrap().is_none(),
            "attach ended first"
        );
        assert!(
            started.elapsed().as_secs() < 60,
            "attach never began storing"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let said = refused(super::binary(&["purge-attachments", f, "--yes"], &[]));
    assert!(
        attaching.try_wait().unwrap().is_none(),
        "attach ended before the purge was refused: a larger file is needed here"
    );
    assert!(said.contains("open for writing by"), "{said}");
    assert!(removed.is_file());

    let attached = attaching.wait_with_output().unwrap();
    assert!(attached.status.success(), "{attached:?}");
    let said = ok(casedesk(&["purge-attachments", f, "--yes"]));
    assert!(said.contains("Removed 1 file"), "{said}");
    assert!(!removed.exists());
    let listed = ok(casedesk(&["attachments", f, "EI-2026-0001", "--verify"]));
    assert!(listed.contains("scans.tif"), "{listed}");
}
