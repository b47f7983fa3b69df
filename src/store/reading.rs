//! What every casebook file carries and every way of reading one shares (`load.rs` whole,
//! `stream.rs` in parts, `head.rs` its head alone): the format's name, the limits of what is
//! read, the schema version read first, and what a read gives.

use super::integrity::Integrity;
use crate::domain::Casebook;

/// The `format` field every casebook file carries.
pub const FORMAT: &str = "casedesk-casebook";

/// A casebook as read from its file, with what its checksum says.
#[derive(Debug)]
pub struct Loaded {
    pub book: Casebook,
    pub integrity: Integrity,
    /// The checksum the file records (`blake3:…`), which its journal names.
    pub checksum: Option<String>,
}

/// The largest file read: about ten times a 100,000-case casebook. A bigger one is not a
/// casebook, and reading it would only exhaust memory.
pub const MAX_FILE_BYTES: u64 = 2 << 30;
/// How deeply values may nest. A casebook needs about ten levels; the limit turns a hostile
/// `[[[[…` into an error instead of a stack overflow.
pub(super) const MAX_NESTING: usize = 64;

/// The `schema_version` in the first few kilobytes, where the header is written.
pub(super) fn header_version(text: &str) -> Option<u32> {
    let head = &text.as_bytes()[..text.len().min(4096)];
    let key = b"schema_version:";
    let at = head.windows(key.len()).position(|w| w == key)? + key.len();
    let digits: String = head[at..]
        .iter()
        .map(|&b| b as char)
        .skip_while(|c| c.is_whitespace())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The bytes of a file to import (a register CSV), refused unread past [`MAX_FILE_BYTES`]:
/// no register is bigger than the casebook it would fill.
pub fn read_import(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    read_at_most(path, MAX_FILE_BYTES)?.ok_or_else(|| {
        std::io::Error::other(format!(
            "it is over {} MiB, more than any register; nothing was read from it",
            MAX_FILE_BYTES >> 20
        ))
    })
}

/// The bytes of a file the officer names as input, or `None` when it holds more than `max`:
/// a device or a runaway file would only exhaust memory, so it is cut off past `max`.
pub fn read_at_most(path: &std::path::Path, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    // A file's size says it before a byte is read; a device or a growing file is cut off.
    if file.metadata()?.len() > max {
        return Ok(None);
    }
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= max).then_some(bytes))
}
