//! A casebook file's head read alone: the officer it is from and its frontier (the newest stamp
//! it has seen of every replica), without its people and cases. Every change is stamped
//! (`Casebook::apply`), so a copy whose frontier ours covers holds nothing we lack, and the
//! team folder can pass over it without parsing it (a 50,000-case copy is 300 MB of text).
//!
//! The whole file's checksum cannot be verified without reading the whole file, so the head
//! carries a digest of its own: `frontier_digest`, BLAKE3 of the file from its start to the end
//! of `stamps.seen`, with both its own digits and the checksum's as zeros. A head is trusted
//! only when it matches its digest and its schema (3 on) promises that every change is stamped;
//! anything else (an older file, a damaged or hand-edited head, an unexpected layout, a head
//! longer than [`MAX_HEAD`]) is `None`, and the caller reads the whole file. So a wrong head can
//! only cost a full read, never pass over a change.

use super::crypt::{Key, Unseal, unseal_reader};
use super::integrity::{Algorithm, Hasher};
use super::reading::FORMAT;
use crate::domain::{Frontier, Settings};
use serde::Deserialize;
use std::io::{self, Read};
use std::ops::Range;
use std::path::Path;

/// The first schema whose every change is stamped and whose head carries `frontier_digest`.
pub(super) const TRUSTED_SCHEMA: u32 = 3;
/// The most read looking for the end of the frontier: settings and one line per replica are
/// a few kilobytes.
const MAX_HEAD: usize = 1 << 20;
const KEY: &str = "frontier_digest: Some(\"";
/// Where the frontier starts and ends, as the file layout writes it (`format.rs`): the list is
/// a field of `stamps`, two levels in, and closes on a line of its own.
const SEEN_OPEN: &str = "\n  seen: [";
const SEEN_CLOSE: &str = "\n  ]";

/// What the head of a casebook file says, once its digest matched.
#[derive(Clone, Debug, PartialEq)]
pub struct Head {
    pub settings: Settings,
    pub seen: Frontier,
}

#[derive(Deserialize)]
struct FileHead {
    format: String,
    schema_version: u32,
    settings: Settings,
    stamps: HeadStamps,
}

#[derive(Deserialize)]
struct HeadStamps {
    seen: Frontier,
}

/// Why a head could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum HeadError {
    #[error("{}: {error}", path.display())]
    Io {
        path: std::path::PathBuf,
        error: io::Error,
    },
    #[error("{} is protected by a passphrase this casebook does not have", path.display())]
    NeedsPassphrase { path: std::path::PathBuf },
    #[error("{} cannot be decrypted with this casebook's passphrase", path.display())]
    WrongPassphrase { path: std::path::PathBuf },
}

/// The trusted head of the file at `path` (decrypted with `key` when it is encrypted), reading
/// no more of it than the head; `Ok(None)` when the head cannot be trusted and only reading the
/// whole file can tell.
pub fn read_head(path: &Path, key: Option<&Key>) -> Result<Option<Head>, HeadError> {
    let io = |error| HeadError::Io {
        path: path.to_path_buf(),
        error,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let reader = unseal_reader(io::BufReader::new(file), key).map_err(|e| match e {
        Unseal::NeedsPassphrase => HeadError::NeedsPassphrase {
            path: path.to_path_buf(),
        },
        Unseal::WrongPassphrase => HeadError::WrongPassphrase {
            path: path.to_path_buf(),
        },
        Unseal::Damaged(reason) => HeadError::Io {
            path: path.to_path_buf(),
            error: io::Error::other(reason),
        },
    })?;
    let Some(text) = read_to_frontier(reader).map_err(io)? else {
        return Ok(None);
    };
    Ok(trusted(&text))
}

/// The file's first bytes up to and including the end of its frontier; `None` when it does not
/// end within [`MAX_HEAD`] or the file ends first.
fn read_to_frontier(mut reader: impl Read) -> io::Result<Option<String>> {
    let mut head = Vec::new();
    let mut chunk = vec![0; 16 << 10];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            // A damaged encrypted file fails in its stream: a head that cannot be trusted.
            Err(e) if e.kind() == io::ErrorKind::InvalidData => return Ok(None),
            Err(e) => return Err(e),
        };
        if n == 0 || head.len() > MAX_HEAD {
            return Ok(None);
        }
        let searched = head.len().saturating_sub(SEEN_CLOSE.len() + 16);
        head.extend_from_slice(&chunk[..n]);
        if let Some(text) = text_of(&head)
            && let Some(end) = frontier_end(text, searched)
        {
            return Ok(Some(text[..end].to_string()));
        }
    }
}

/// The bytes as text, up to a character cut at their end.
fn text_of(bytes: &[u8]) -> Option<&str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&bytes[..e.valid_up_to()]).ok(),
        Err(_) => None,
    }
}

/// Just past the `]` that closes the frontier in `text`, if it is there; the close is looked
/// for from `from` on. Strings in a file are escaped, so no line inside one starts the list
/// or closes it.
fn frontier_end(text: &str, from: usize) -> Option<usize> {
    let open = text.find(SEEN_OPEN)? + SEEN_OPEN.len();
    if text[open..].starts_with(']') {
        return Some(open + 1);
    }
    let from = from.max(open);
    memchr::memmem::find(&text.as_bytes()[from..], SEEN_CLOSE.as_bytes())
        .map(|at| from + at + SEEN_CLOSE.len())
}

/// The head of `text` (a file's start up to the end of its frontier) if it matches its digest
/// and promises that every change is stamped.
fn trusted(text: &str) -> Option<Head> {
    let digits = digits_span(text)?;
    let recorded = &text[digits.clone()];
    if digest(text, digits.clone()) != recorded {
        return None;
    }
    let closed = format!("{text},\n ),\n)");
    let head: FileHead = ron::Options::default()
        .with_recursion_limit(32)
        .from_str(&closed)
        .ok()?;
    (head.format == FORMAT && head.schema_version >= TRUSTED_SCHEMA).then_some(Head {
        settings: head.settings,
        seen: head.stamps.seen,
    })
}

/// Where the digits of `frontier_digest` are in a head.
fn digits_span(text: &str) -> Option<Range<usize>> {
    let head = &text.as_bytes()[..text.len().min(4096)];
    let key = memchr::memmem::find(head, KEY.as_bytes())? + KEY.len();
    let start = key + Algorithm::WRITTEN.prefix().len();
    let digits = text.as_bytes().get(key..start + 65)?;
    (digits.starts_with(Algorithm::WRITTEN.prefix().as_bytes())
        && digits[start - key..][..64]
            .iter()
            .all(u8::is_ascii_hexdigit)
        && digits.ends_with(b"\""))
    .then_some(start..start + 64)
}

/// BLAKE3 of `text`, the frontier's `digits` and the checksum's as zeros.
fn digest(text: &str, digits: Range<usize>) -> String {
    let checksum = super::integrity::digits_span(text).map(|d| d.span);
    let mut hasher = Hasher::new(Algorithm::WRITTEN);
    let mut at = 0;
    let mut zeros = [checksum, Some(digits)];
    zeros.sort_by_key(|span| span.as_ref().map(|s| s.start));
    for span in zeros.into_iter().flatten() {
        hasher.update(&text.as_bytes()[at..span.start]);
        hasher.update(&[b'0'; 64][..span.len()]);
        at = span.end;
    }
    hasher.update(&text.as_bytes()[at..]);
    hasher.finish()
}

/// Fills in the frontier digest of a freshly laid-out head (its checksum still zeros); a head
/// without one (an older schema's) is left as it is.
pub(super) fn fill_digest(head: &mut String) {
    let Some(digits) = digits_span(head) else {
        return;
    };
    let Some(end) = frontier_end(head, 0) else {
        return;
    };
    let sum = digest(&head[..end], digits.clone());
    head.replace_range(digits, &sum);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head_of(book: &crate::domain::Casebook) -> String {
        let text =
            super::super::save::serialize(book, "2026-11-23T00:00:00Z".parse().unwrap()).unwrap();
        let end = frontier_end(&text, 0).unwrap();
        text[..end].to_string()
    }

    #[test]
    fn a_head_is_trusted_only_from_the_schema_that_stamps_every_change() {
        let book = crate::sample::generate(3, 1, "2026-11-23".parse().unwrap());
        let head = head_of(&book);
        let trusted_head = trusted(&head).expect("its digest matches");
        assert_eq!(trusted_head.seen, book.stamps().seen);
        // A schema 2 head with a digest that matches it: events were not stamped then.
        let mut older = head.replacen(
            &format!("schema_version: {}", crate::store::format::SCHEMA_VERSION),
            "schema_version: 2",
            1,
        );
        let digits = digits_span(&older).unwrap();
        older.replace_range(digits.clone(), &"0".repeat(64));
        fill_digest(&mut older);
        assert_ne!(older[digits.clone()], head[digits]);
        assert_eq!(trusted(&older), None);
    }
}
