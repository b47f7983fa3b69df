//! A real window under Xvfb: `casedesk open FILE` starts, draws with wgpu on Mesa's CPU
//! renderer, draws the desk, and is closed without a panic. Needs `xvfb-run`; `.ci/run`
//! installs it, and in CI its absence is a failure rather than a skip.

// A test: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long the window may take to draw the desk: a debug build on a loaded CI machine.
const TIMEOUT: Duration = Duration::from_secs(120);

fn have_xvfb() -> bool {
    Command::new("sh")
        .args(["-c", "command -v xvfb-run"])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn the_window_opens_a_casebook_under_xvfb_and_draws_the_desk() {
    if !have_xvfb() {
        assert!(
            std::env::var_os("CI").is_none(),
            "xvfb-run is missing in CI: .ci/run installs it"
        );
        eprintln!("xvfb-run not installed: window smoke test not run");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sample.ron");
    let demo = Command::new(env!("CARGO_BIN_EXE_casedesk"))
        .args([
            "demo",
            "--cases",
            "200",
            "--seed",
            "3",
            "-o",
            file.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(demo.success());
    let log = dir.path().join("window.log");
    let mut child = Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 1400x900x24"])
        .arg(env!("CARGO_BIN_EXE_casedesk"))
        .args(["open", file.to_str().unwrap()])
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("CASEDESK_TRACE_STARTUP", "1")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .process_group(0)
        .spawn()
        .unwrap();
    // Up once it has drawn the desk (`CASEDESK_TRACE_STARTUP` reports that frame), polled
    // with a timeout rather than slept through.
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let log = std::fs::read_to_string(&log).unwrap_or_default();
            panic!("the window exited early ({status}):\n{log}");
        }
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if text.contains("first frame of the desk") {
            break;
        }
        assert!(
            started.elapsed() < TIMEOUT,
            "no desk drawn within {TIMEOUT:?}:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // xvfb-run, Xvfb and the window share the process group: end them all.
    let group = format!("-{}", child.id());
    let killed = Command::new("kill")
        .args(["-TERM", "--", &group])
        .status()
        .unwrap();
    assert!(killed.success());
    child.wait().unwrap();
    let log = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(!log.contains("panicked"), "{log}");
    // The casebook was only read.
    assert!(casedesk::store::list_snapshots(&file).unwrap().is_empty());
}
