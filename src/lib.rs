//! Casedesk: extradition and mutual legal assistance casebook. See `ARCHITECTURE.md`.

#[cfg(feature = "gui")]
/// The application's id, the same in the window (the Wayland app id and X11 class the desktop
/// shell matches to `org.casedesk.Casedesk.desktop` and its icon), the Debian package's desktop
/// file and AppStream metadata (`assets/linux/`).
pub const APP_ID: &str = "org.casedesk.Casedesk";

#[cfg(feature = "gui")]
pub mod app;
pub mod cli;
pub mod count;
pub mod domain;
pub mod export;
pub mod memory;
pub mod parallel;
pub mod sample;
pub mod store;

/// Version, commit and build date, embedded by `build.rs`.
pub mod build_info {
    pub const VERSION: &str = env!("CARGO_PKG_VERSION");
    pub const COMMIT: &str = env!("CASEDESK_COMMIT");
    pub const BUILD_DATE: &str = env!("CASEDESK_BUILD_DATE");
    /// `0.1.0 (abc1234567, built 2026-11-23)`, for `--version` and exported files.
    pub const LONG_VERSION: &str = concat!(
        env!("CARGO_PKG_VERSION"),
        " (",
        env!("CASEDESK_COMMIT"),
        ", built ",
        env!("CASEDESK_BUILD_DATE"),
        ")"
    );
}
