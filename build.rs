//! Embeds the git commit (or "unknown" outside git) and the build date for `--version` and for
//! exported files.

use std::process::Command;

fn main() {
    let commit = Command::new("git")
        .args(["rev-parse", "--short=10", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".into());
    let date = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(chrono::Utc::now)
        .format("%Y-%m-%d");
    println!("cargo:rustc-env=CASEDESK_COMMIT={commit}");
    println!("cargo:rustc-env=CASEDESK_BUILD_DATE={date}");
    println!("cargo:rerun-if-changed=.git/HEAD");
    println!("cargo:rerun-if-changed=.git/refs");
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    windows_resources();
}

/// The Windows executable's icon (Explorer, the taskbar before the window sets its own) and
/// product name. Built on Windows hosts only; not verified on Linux (README, "Installing").
#[cfg(windows)]
fn windows_resources() {
    println!("cargo:rerun-if-changed=assets/icon/casedesk.ico");
    let mut resources = winresource::WindowsResource::new();
    resources
        .set_icon("assets/icon/casedesk.ico")
        .set("ProductName", "Casedesk");
    if let Err(e) = resources.compile() {
        println!("cargo:warning=the Windows icon was not embedded: {e}");
    }
}

#[cfg(not(windows))]
fn windows_resources() {}
