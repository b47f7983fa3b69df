//! Casedesk: extradition and mutual legal assistance casebook. See `ARCHITECTURE.md`.

pub mod domain;
pub mod store;

/// Version, commit and build date, embedded by `build.rs`.
pub mod build_info {
    pub const VERSION: &str = env!("CARGO_PKG_VERSION");
    pub const COMMIT: &str = env!("CASEDESK_COMMIT");
    pub const BUILD_DATE: &str = env!("CASEDESK_BUILD_DATE");

    /// `0.1.0 (abc1234, built 2026-11-23)`.
    pub fn long_version() -> String {
        format!("{VERSION} ({COMMIT}, built {BUILD_DATE})")
    }
}
