//! The command line against a hostile tester: every writing subcommand aimed at every output
//! path that could cost a casebook, and every reading subcommand given damaged files. Each
//! run must exit with the code and message expected, never panic, and leave the folder — the
//! casebook, its snapshots, its other files and the target — exactly as it was.
use casedesk::store::{self, Key};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use tempfile::TempDir;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn at(time: &str) -> DateTime<Utc> {
    time.parse().unwrap()
}

/// How long a run may take before it counts as hung (a debug build, on a busy machine).
const HUNG: Duration = Duration::from_secs(120);

/// Runs `casedesk` in `dir` with no terminal to ask a passphrase on. A run that hangs (the
/// old code blocked forever reading a named pipe to snapshot it) is killed after [`HUNG`]
/// and ends with no exit code.
// Unsafe: `kill`, to end a hung child from the watchdog thread while another waits on it.
#[allow(unsafe_code)]
fn run(dir: &Path, args: &[String]) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_casedesk"))
        .current_dir(dir)
        .args(args)
        .env_remove("CASEDESK_PASSPHRASE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("casedesk runs");
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    let (done, finished) = mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if finished.recv_timeout(HUNG) == Err(mpsc::RecvTimeoutError::Timeout) {
            // SAFETY: signals our own child, not yet reaped: `wait_with_output` is waiting.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    });
    let out = child.wait_with_output().expect("casedesk ran");
    drop(done);
    watchdog.join().unwrap();
    out
}

fn shown(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A folder with a casebook `C.ron`, saved twice so it has a snapshot, and a colleague's copy
/// of it, `T.ron`; [`scene`] adds every hazard to it.
struct Scene {
    dir: TempDir,
    reference: String,
    /// The snapshot of `C.ron`, relative to the folder.
    snapshot: String,
    /// Whether the device nodes could be made (root only).
    devices: bool,
}

fn casebook() -> Scene {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name);
    let book = casedesk::sample::generate(5, 1, today());
    store::save(&path("C.ron"), &book, at("2026-11-23T09:00:00Z")).unwrap();
    store::save(&path("C.ron"), &book, at("2026-11-23T10:00:00Z")).unwrap();
    std::fs::copy(path("C.ron"), path("T.ron")).unwrap();
    let snapshot = store::list_snapshots(&path("C.ron")).unwrap()[0]
        .path
        .strip_prefix(dir.path())
        .unwrap()
        .to_string_lossy()
        .into_owned();
    Scene {
        reference: book.cases()[0].reference.clone(),
        snapshot,
        devices: false,
        dir,
    }
}

/// [`casebook`] with the recovery file an earlier Casedesk kept and a temporary file a killed
/// save left,
/// another casebook `D.ron`, an encrypted one `E.ron`, an earlier export `old.csv`, a folder,
/// links to the casebook, a named pipe, a socket and — where this user may make them — a copy
/// of `/dev/null` and `/dev/full`.
fn scene() -> Scene {
    let mut scene = casebook();
    let path = |name: &str| scene.dir.path().join(name);
    let book = store::load(&path("C.ron")).unwrap();
    store::save(&path("C.recovery.ron"), &book, at("2026-11-23T10:05:00Z")).unwrap();
    std::fs::write(path(".C.ron.tmp-99999"), "a save killed mid-way").unwrap();
    let other = casedesk::sample::generate(3, 2, today());
    store::save(&path("D.ron"), &other, at("2026-11-23T10:00:00Z")).unwrap();
    let key = Key::with_test_work_factor("correct horse", 4);
    store::save_with(
        &path("E.ron"),
        &other,
        at("2026-11-23T10:00:00Z"),
        Some(&key),
    )
    .unwrap();
    std::fs::write(path("old.csv"), "an earlier export\n").unwrap();
    std::fs::create_dir(path("folder")).unwrap();
    std::fs::create_dir(path("sub")).unwrap();
    scene.devices = special_files(scene.dir.path());
    scene
}

/// Links to the casebook, a named pipe, a socket, and copies of `/dev/null` and `/dev/full`
/// (made here, never the machine's own: the old code replaced what it was pointed at).
/// Returns whether the device nodes could be made.
#[cfg(unix)]
// Unsafe: `mkfifo` and `mknod`, which the standard library does not wrap.
#[allow(unsafe_code)]
fn special_files(dir: &Path) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |name: &str| CString::new(dir.join(name).as_os_str().as_bytes()).unwrap();
    std::os::unix::fs::symlink("C.ron", dir.join("link.ron")).unwrap();
    std::os::unix::fs::symlink("C.lock", dir.join("dangling.csv")).unwrap();
    std::os::unix::net::UnixListener::bind(dir.join("socket")).unwrap();
    // SAFETY: plain system calls on NUL-terminated paths this function owns.
    unsafe {
        assert_eq!(libc::mkfifo(c("fifo").as_ptr(), 0o600), 0);
        let null = libc::mknod(
            c("null").as_ptr(),
            libc::S_IFCHR | 0o666,
            libc::makedev(1, 3),
        );
        let full = libc::mknod(
            c("full").as_ptr(),
            libc::S_IFCHR | 0o666,
            libc::makedev(1, 7),
        );
        null == 0 && full == 0
    }
}

/// What a folder holds, entry by entry: the bytes of each file, each link's target, and the
/// kind of everything else.
#[derive(Debug, PartialEq)]
enum Entry {
    File(Vec<u8>),
    Folder,
    Link(PathBuf),
    Special(String),
}

fn tree(dir: &Path) -> BTreeMap<PathBuf, Entry> {
    let mut entries = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(folder) = todo.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let kind = std::fs::symlink_metadata(&path).unwrap().file_type();
            let seen = if kind.is_symlink() {
                Entry::Link(std::fs::read_link(&path).unwrap())
            } else if kind.is_dir() {
                todo.push(path.clone());
                Entry::Folder
            } else if kind.is_file() {
                Entry::File(std::fs::read(&path).unwrap())
            } else {
                use std::os::unix::fs::FileTypeExt;
                let what = [
                    (kind.is_char_device(), "device"),
                    (kind.is_fifo(), "named pipe"),
                    (kind.is_socket(), "socket"),
                ];
                Entry::Special(what.iter().filter(|w| w.0).map(|w| w.1).collect())
            };
            entries.insert(path.strip_prefix(dir).unwrap().to_path_buf(), seen);
        }
    }
    entries
}

/// Runs `args` in the scene and checks it fails with exit code 1, saying `says`, without a
/// panic, and without changing anything in the folder. Returns what went wrong, if anything.
fn refused(scene: &Scene, args: &[String], says: &str) -> Option<String> {
    judged(scene, args, Some(1), says, &[])
}

/// Runs `args` in the scene and checks it exits with `code` (any, when `None`), saying `says`,
/// without a panic, and without changing, making or removing anything in the folder but the
/// files whose paths start with one of `may_change`. Returns what went wrong, if anything.
fn judged(
    scene: &Scene,
    args: &[String],
    code: Option<i32>,
    says: &str,
    may_change: &[&str],
) -> Option<String> {
    let before = tree(scene.dir.path());
    let out = run(scene.dir.path(), args);
    let text = shown(&out);
    let mut wrong = Vec::new();
    match out.status.code() {
        None => wrong.push(format!("killed: hung for {HUNG:?}, or a signal")),
        Some(c) if code.is_some_and(|expected| c != expected) => wrong.push(format!("exit {c}")),
        Some(_) => {}
    }
    if !text.contains(says) {
        wrong.push(format!("no \"{says}\""));
    }
    if text.contains("panicked") {
        wrong.push("a panic".into());
    }
    let after = tree(scene.dir.path());
    let changed: BTreeSet<_> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .filter(|k| {
            !may_change
                .iter()
                .any(|m| k.to_string_lossy().starts_with(m))
        })
        .collect();
    if !changed.is_empty() {
        wrong.push(format!("changed {changed:?}"));
    }
    (!wrong.is_empty()).then(|| format!("{args:?}: {}\n    {}", wrong.join(", "), excerpt(&text)))
}

/// The start of what a command said: a huge string in a damaged file is not shown whole.
fn excerpt(text: &str) -> String {
    text.trim().chars().take(300).collect()
}

/// The writing subcommands, by what they write and what they read.
#[derive(Clone, Copy, Debug)]
enum Writer {
    Export,
    Report,
    ExportCsv,
    Demo,
    Merge,
}

impl Writer {
    fn args(self, scene: &Scene, out: &str) -> Vec<String> {
        let args: Vec<&str> = match self {
            Writer::Export => vec![
                "export",
                "C.ron",
                scene.reference.as_str(),
                "--format",
                "pdf",
                "--profile",
                "full",
                "--to",
                "CPS",
            ],
            Writer::Report => vec![
                "report",
                "C.ron",
                "--from",
                "2026-01-01",
                "--to",
                "2026-11-23",
                "--format",
                "pdf",
            ],
            Writer::ExportCsv => vec!["export-csv", "C.ron"],
            Writer::Demo => vec!["demo", "--cases", "3", "--today", "2026-11-23"],
            Writer::Merge => vec!["merge", "C.ron", "T.ron"],
        };
        args.into_iter()
            .chain(["-o", out])
            .map(String::from)
            .collect()
    }
}

/// What is said when an output path is refused.
const READING: &str = "That is the casebook being read";
const EXISTS: &str = "already exists; nothing was written. Run again with --force";
const CASEBOOK: &str = "That file is a Casedesk casebook";

/// An output path that must not be written, and what each kind of writer says of it: an
/// export, `demo` (which reads nothing and writes a casebook) and `merge -o` (which reads
/// OURS and THEIRS and writes a casebook).
struct Hazard {
    out: &'static str,
    export: &'static str,
    demo: &'static str,
    merge: &'static str,
    /// Only where device nodes could be made.
    device: bool,
}

const fn hazard(out: &'static str, export: &'static str, demo: &'static str) -> Hazard {
    Hazard {
        out,
        export,
        demo,
        merge: demo,
        device: false,
    }
}

/// Every hazard; the snapshot's name is only known once saved, so it is `SNAPSHOT` here.
const SNAPSHOT: &str = "<snapshot>";
const HAZARDS: &[Hazard] = &[
    Hazard {
        merge: READING,
        ..hazard("C.ron", READING, EXISTS)
    },
    Hazard {
        merge: READING,
        ..hazard("link.ron", READING, EXISTS)
    },
    Hazard {
        merge: READING,
        ..hazard("sub/../C.ron", READING, EXISTS)
    },
    Hazard {
        merge: READING,
        ..hazard("T.ron", CASEBOOK, EXISTS)
    },
    hazard("C.lock", "a casebook's lock file", "a casebook's lock file"),
    hazard(
        "dangling.csv",
        "a casebook's lock file",
        "a casebook's lock file",
    ),
    hazard("C.journal", "a casebook's journal", "a casebook's journal"),
    hazard("C.recovery.ron", "recovery file", "recovery file"),
    hazard(SNAPSHOT, "in a snapshots folder", "in a snapshots folder"),
    hazard(
        ".C.ron.tmp-99999",
        "a temporary file of a casebook's save",
        "a temporary file of a casebook's save",
    ),
    hazard("D.ron", CASEBOOK, EXISTS),
    hazard("E.ron", "That file is encrypted (age)", EXISTS),
    hazard("folder", "That is a folder", "That is a folder"),
    hazard("sub/..", "That is a folder", "That is a folder"),
    hazard(
        "nowhere/out.pdf",
        "There is no folder",
        "There is no folder",
    ),
    Hazard {
        device: true,
        ..hazard("null", "That is a device", "That is a device")
    },
    Hazard {
        device: true,
        ..hazard("full", "That is a device", "That is a device")
    },
    hazard("fifo", "a named pipe (FIFO)", "a named pipe (FIFO)"),
    hazard("socket", "That is a socket", "That is a socket"),
    hazard("old.csv", EXISTS, EXISTS),
];

/// `writer` aimed at every hazard, each in a folder of its own: each refused with its
/// message, nothing changed.
fn refuses_every_hazard(writer: Writer) {
    let mut wrong = Vec::new();
    for hazard in HAZARDS {
        let scene = scene();
        if hazard.device && !scene.devices {
            eprintln!("skipped {}: device nodes cannot be made here", hazard.out);
            continue;
        }
        let out = if hazard.out == SNAPSHOT {
            scene.snapshot.as_str()
        } else {
            hazard.out
        };
        let says = match writer {
            Writer::Export | Writer::Report | Writer::ExportCsv => hazard.export,
            Writer::Demo => hazard.demo,
            Writer::Merge => hazard.merge,
        };
        wrong.extend(refused(&scene, &writer.args(&scene, out), says));
    }
    assert!(wrong.is_empty(), "{writer:?}:\n{}", wrong.join("\n"));
}

#[test]
fn export_refuses_every_hazardous_output_path() {
    refuses_every_hazard(Writer::Export);
}

#[test]
fn report_refuses_every_hazardous_output_path() {
    refuses_every_hazard(Writer::Report);
}

#[test]
fn export_csv_refuses_every_hazardous_output_path() {
    refuses_every_hazard(Writer::ExportCsv);
}

#[test]
fn demo_refuses_every_hazardous_output_path() {
    refuses_every_hazard(Writer::Demo);
}

#[test]
fn merge_refuses_every_hazardous_output_path() {
    refuses_every_hazard(Writer::Merge);
}

#[test]
fn dash_writes_exports_to_standard_output_and_the_report_line_to_standard_error() {
    let scene = scene();
    let dir = scene.dir.path();
    let csv = run(dir, &Writer::ExportCsv.args(&scene, "-"));
    assert!(csv.status.success(), "{}", shown(&csv));
    let file = run(dir, &Writer::ExportCsv.args(&scene, "register.csv"));
    assert!(file.status.success(), "{}", shown(&file));
    assert_eq!(csv.stdout, std::fs::read(dir.join("register.csv")).unwrap());
    let told = String::from_utf8_lossy(&csv.stderr);
    assert!(told.contains("Wrote 5 cases to standard output"), "{told}");
    assert!(!dir.join("-").exists());

    for writer in [Writer::Export, Writer::Report] {
        let pdf = run(dir, &writer.args(&scene, "-"));
        assert!(pdf.status.success(), "{}", shown(&pdf));
        assert!(pdf.stdout.starts_with(b"%PDF-"), "{writer:?}");
        assert!(String::from_utf8_lossy(&pdf.stderr).contains("standard output"));
    }
    // The summary's disclosure is recorded as for a file.
    let book = store::load(&dir.join("C.ron")).unwrap();
    let case = book.case_by_reference(&scene.reference).unwrap();
    assert!(matches!(
        case.history().last().unwrap().kind,
        casedesk::domain::EventKind::Disclosed { .. }
    ));

    for writer in [Writer::Demo, Writer::Merge] {
        let says = "a casebook is written to a file, not to standard output";
        assert_eq!(refused(&scene, &writer.args(&scene, "-"), says), None);
    }
}

#[test]
fn force_replaces_an_earlier_export_and_a_casebook_only_as_a_casebook_keeping_a_snapshot() {
    let scene = scene();
    let dir = scene.dir.path();
    let mut args = Writer::ExportCsv.args(&scene, "old.csv");
    args.push("--force".into());
    let out = run(dir, &args);
    assert!(out.status.success(), "{}", shown(&out));
    let csv = std::fs::read_to_string(dir.join("old.csv")).unwrap();
    assert!(csv.starts_with("\"reference\","), "{csv}");

    // --force never lets an export replace a casebook or a casebook's own file.
    for (target, says) in [
        ("C.ron", READING),
        ("D.ron", CASEBOOK),
        ("C.lock", "a casebook's lock file"),
        ("fifo", "not a regular file"),
    ] {
        let mut args = Writer::ExportCsv.args(&scene, target);
        args.push("--force".into());
        assert_eq!(refused(&scene, &args, says), None);
    }

    // A sample over a casebook replaces it with --force; the casebook replaced is a snapshot.
    let before = std::fs::read(dir.join("D.ron")).unwrap();
    let mut args = Writer::Demo.args(&scene, "D.ron");
    args.push("--force".into());
    let out = run(dir, &args);
    assert!(out.status.success(), "{}", shown(&out));
    assert_eq!(store::load(&dir.join("D.ron")).unwrap().cases().len(), 3);
    let kept = store::list_snapshots(&dir.join("D.ron")).unwrap();
    assert_eq!(kept.len(), 1);
    // Kept compressed: the same casebook.
    let replaced = store::open_bytes(&before, &dir.join("D.ron"), None).unwrap();
    assert_eq!(store::load(&kept[0].path).unwrap(), replaced.book);
}

#[test]
fn demo_through_a_link_writes_the_casebook_it_points_to_and_keeps_the_link() {
    let scene = scene();
    let dir = scene.dir.path();
    let mut args = Writer::Demo.args(&scene, "link.ron");
    args.push("--force".into());
    let out = run(dir, &args);
    assert!(out.status.success(), "{}", shown(&out));
    assert!(
        std::fs::symlink_metadata(dir.join("link.ron"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(store::load(&dir.join("C.ron")).unwrap().cases().len(), 3);
}

/// Where `needle` first occurs in `bytes`.
fn find(bytes: &[u8], needle: &[u8]) -> usize {
    bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap_or_else(|| panic!("no {:?}", String::from_utf8_lossy(needle)))
}

/// `bytes` with the value of the first string field `field` (its quotes included) replaced.
fn with_value(bytes: &[u8], field: &str, value: &[u8]) -> Vec<u8> {
    let key = format!("{field}: \"");
    let start = find(bytes, key.as_bytes()) + key.len() - 1;
    let end = start + 1 + find(&bytes[start + 1..], b"\"") + 1;
    [&bytes[..start], value, &bytes[end..]].concat()
}

/// `bytes` with the line holding the first `field` written twice, or left out.
fn line_of(bytes: &[u8], field: &str, times: usize) -> Vec<u8> {
    let start = find(bytes, format!(" {field}: ").as_bytes());
    let end = start + find(&bytes[start..], b"\n") + 1;
    [
        &bytes[..start],
        &bytes[start..end].repeat(times),
        &bytes[end..],
    ]
    .concat()
}

/// `bytes` with the first case's summary changed, as an edit in a text editor would.
fn edited(bytes: &[u8]) -> Vec<u8> {
    with_value(bytes, "summary", b"\"Edited outside Casedesk\"")
}

/// `bytes` with its header's checksum worked out again, as someone who knows the format
/// would: the damage then reaches the parser instead of stopping at the checksum.
fn resealed(mut bytes: Vec<u8>) -> Vec<u8> {
    let key = b"checksum: Some(\"blake3:";
    let start = find(&bytes, key) + key.len();
    let digits = start..start + 64;
    bytes[digits.clone()].fill(b'0');
    let sum = blake3::hash(&bytes).to_hex();
    bytes[digits].copy_from_slice(sum.as_bytes());
    bytes
}

/// What every reading subcommand must do with a damaged file.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// Refuse it (exit 1) saying this, changing nothing.
    Refused(&'static str),
    /// Read it as the casebook it still is, changing nothing but the file itself (a
    /// disclosure recorded) and the export.
    Read,
}

/// A way a casebook file is damaged, and what the reading subcommands must make of it.
struct Damage {
    name: &'static str,
    damage: fn(&[u8]) -> Vec<u8>,
    expect: Expect,
}

/// The checksum no longer matches.
const ALTERED: Expect = Expect::Refused("does not match its checksum");
/// A parse error at a line and column of the damaged file.
const AT_ITS_PLACE: Expect = Expect::Refused("X.ron:");

const DAMAGES: &[Damage] = &[
    Damage {
        name: "truncated",
        damage: |b| b[..b.len() / 2].to_vec(),
        expect: AT_ITS_PLACE,
    },
    Damage {
        name: "edited by hand",
        damage: edited,
        expect: ALTERED,
    },
    // The rest with their checksum worked out again, so the damage reaches the parser.
    Damage {
        name: "nested a million deep",
        damage: |b| {
            let deep = [vec![b'['; 1_000_000], vec![b']'; 1_000_000]].concat();
            resealed(with_value(b, "summary", &deep))
        },
        expect: AT_ITS_PLACE,
    },
    Damage {
        name: "a 16 MiB string",
        damage: |b| {
            let huge = [&b"\""[..], &vec![b'x'; 16 << 20], b"\""].concat();
            resealed(with_value(b, "summary", &huge))
        },
        expect: Expect::Read,
    },
    Damage {
        name: "not UTF-8",
        damage: |b| resealed(with_value(b, "summary", b"\"caf\xE9\"")),
        expect: Expect::Refused("is not UTF-8 text"),
    },
    Damage {
        name: "a NUL byte",
        damage: |b| resealed(with_value(b, "summary", b"\"a\0b\"")),
        expect: Expect::Read,
    },
    Damage {
        name: "a byte order mark",
        damage: |b| resealed([&b"\xEF\xBB\xBF"[..], b].concat()),
        expect: Expect::Refused("X.ron:1:1"),
    },
    Damage {
        name: "CRLF line ends",
        damage: |b| {
            let text = String::from_utf8(b.to_vec()).unwrap();
            resealed(text.replace('\n', "\r\n").into_bytes())
        },
        expect: Expect::Read,
    },
    Damage {
        name: "a duplicate key",
        damage: |b| resealed(line_of(b, "app_version", 2)),
        expect: Expect::Refused("duplicate field named `app_version`"),
    },
];

/// The checksum line deleted after an edit: a hand edit passed off as a file from before
/// checksums were recorded.
const CHECKSUM_REMOVED: Damage = Damage {
    name: "checksum removed",
    damage: |b| line_of(&edited(b), "checksum", 0),
    expect: ALTERED,
};

/// The reading subcommands, given the damaged file `X.ron` (as THEIRS for `merge`).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Reader {
    Check,
    List,
    Show,
    Export,
    Report,
    ExportCsv,
    MergeTheirs,
}

impl Reader {
    const ALL: [Reader; 7] = [
        Reader::Check,
        Reader::List,
        Reader::Show,
        Reader::Export,
        Reader::Report,
        Reader::ExportCsv,
        Reader::MergeTheirs,
    ];

    fn args(self, scene: &Scene) -> Vec<String> {
        let damaged = "X.ron";
        let args: Vec<&str> = match self {
            Reader::Check => vec!["check", damaged],
            Reader::List => vec!["list", damaged],
            Reader::Show => vec!["show", damaged, scene.reference.as_str()],
            Reader::Export => vec![
                "export",
                damaged,
                scene.reference.as_str(),
                "--format",
                "md",
                "--profile",
                "full",
                "--to",
                "CPS",
                "-o",
                "summary.md",
            ],
            Reader::Report => vec![
                "report",
                damaged,
                "--from",
                "2026-01-01",
                "--to",
                "2026-11-23",
                "--format",
                "md",
                "-o",
                "report.md",
            ],
            Reader::ExportCsv => vec!["export-csv", damaged, "-o", "register.csv"],
            Reader::MergeTheirs => vec!["merge", "C.ron", damaged],
        };
        args.into_iter().map(String::from).collect()
    }

    /// What it says once it has read the file, and the exit code then (a merge may stop on
    /// a conflict the damage made).
    fn read(self) -> (&'static str, Option<i32>) {
        match self {
            Reader::Check => ("sound (5 cases", Some(0)),
            Reader::List => ("5 of 5 cases", Some(0)),
            Reader::Show => ("History", Some(0)),
            Reader::Export => ("recorded the disclosure", Some(0)),
            Reader::Report => ("Wrote the review report", Some(0)),
            Reader::ExportCsv => ("Wrote 5 cases", Some(0)),
            Reader::MergeTheirs => ("From X.ron:", None),
        }
    }
}

/// `reader` given the damaged file, in a folder of its own: what went wrong, if anything.
fn given_damaged(reader: Reader, damage: &Damage) -> Option<String> {
    let scene = casebook();
    let sound = std::fs::read(scene.dir.path().join("C.ron")).unwrap();
    std::fs::write(scene.dir.path().join("X.ron"), (damage.damage)(&sound)).unwrap();
    let args = reader.args(&scene);
    let wrong = match damage.expect {
        Expect::Refused(says) => refused(&scene, &args, says),
        Expect::Read => {
            let (says, code) = reader.read();
            let outputs = [
                "X.",
                "snapshots/X.",
                "summary.md",
                "report.md",
                "register.csv",
            ];
            judged(&scene, &args, code, says, &outputs)
        }
    };
    wrong.map(|w| format!("{}: {w}", damage.name))
}

fn survives_every_damaged_file(reader: Reader) {
    let wrong: Vec<_> = DAMAGES
        .iter()
        .filter_map(|damage| given_damaged(reader, damage))
        .collect();
    assert!(wrong.is_empty(), "{reader:?}:\n{}", wrong.join("\n"));
}

#[test]
fn check_survives_every_damaged_file() {
    survives_every_damaged_file(Reader::Check);
}

#[test]
fn list_survives_every_damaged_file() {
    survives_every_damaged_file(Reader::List);
}

#[test]
fn show_survives_every_damaged_file() {
    survives_every_damaged_file(Reader::Show);
}

#[test]
fn export_survives_every_damaged_file() {
    survives_every_damaged_file(Reader::Export);
}

#[test]
fn report_survives_every_damaged_file() {
    survives_every_damaged_file(Reader::Report);
}

#[test]
fn export_csv_survives_every_damaged_file() {
    survives_every_damaged_file(Reader::ExportCsv);
}

#[test]
fn merge_survives_every_damaged_copy_of_theirs() {
    survives_every_damaged_file(Reader::MergeTheirs);
}

/// Issue 16 item 10: a missing checksum in a schema that always records one means the file
/// was altered.
#[test]
fn every_reader_refuses_a_hand_edit_with_its_checksum_removed() {
    let wrong: Vec<_> = Reader::ALL
        .into_iter()
        .filter_map(|reader| given_damaged(reader, &CHECKSUM_REMOVED))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
