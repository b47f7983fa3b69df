//! Where this computer keeps what is its own, outside every casebook: the installation's folder
//! and the computer's name its files are named after. Apart from `installation.rs`, so that
//! what only reads there (the snapshot rule, read at every save) needs nothing that writes.

use std::path::PathBuf;

/// Where an installation is kept instead of the platform's local data folder.
pub const INSTALLATION_DIR_VARIABLE: &str = "CASEDESK_INSTALLATION_DIR";

/// Where installations are kept: `CASEDESK_INSTALLATION_DIR`, or the platform's local data
/// folder; `None` without a home folder.
pub fn folder() -> Option<PathBuf> {
    std::env::var_os(INSTALLATION_DIR_VARIABLE)
        .map(PathBuf::from)
        .or_else(|| super::project_dirs().map(|d| d.data_local_dir().to_path_buf()))
}

/// This computer's name in lower-case letters, digits and hyphens (`laptop-7`); `computer`
/// when it has none.
pub fn machine_name() -> String {
    let name = gethostname::gethostname().to_string_lossy().into_owned();
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let name: String = words.join("-").chars().take(32).collect();
    let name = name.trim_end_matches('-').to_string();
    if name.is_empty() {
        "computer".into()
    } else {
        name
    }
}
