//! The boundaries of ARCHITECTURE.md, enforced: the domain, the store and the exports know
//! nothing of the window, and only the store touches the disk for casebook data.

// A test: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cycles;
mod desk;
mod sample;

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

fn offenders(folder: &str, forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(folder);
    let files = rust_files(&root);
    assert!(!files.is_empty(), "no Rust files under src/{folder}");
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            for word in forbidden {
                if line.contains(word) {
                    out.push(format!("{}:{}: {word}", file.display(), n + 1));
                }
            }
        }
    }
    out
}

#[test]
fn domain_store_and_export_do_not_mention_the_ui_toolkit() {
    for folder in ["domain", "store", "export"] {
        let found = offenders(folder, &["egui", "eframe"]);
        assert!(found.is_empty(), "{found:#?}");
    }
}

#[test]
fn the_domain_does_no_io_and_reads_no_clock() {
    let found = offenders(
        "domain",
        &[
            "std::fs",
            "std::io",
            "Utc::now",
            "Local::now",
            "SystemTime",
            "Instant::now",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
}
