//! The checksum in a casebook file's header: a hash of the whole file as written, taken with
//! the checksum's own digits as zeros. It is verified on the raw bytes before anything else, so
//! a file altered or damaged outside Casedesk (a bad disk, a sync conflict, an edit by hand) is
//! recognised even when it still parses. It is not a signature: anyone can recompute it.
//!
//! Files are written with BLAKE3 (`blake3:`): several times faster than SHA-256 on one core,
//! which counts on a 700 MB casebook, saved and opened on two. Files written with SHA-256
//! (`sha256:`), as before, are verified with it.

use sha2::{Digest, Sha256};
use std::ops::Range;

/// The hashes a checksum may be written with. Both have 32 bytes, 64 hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Algorithm {
    Sha256,
    Blake3,
}

impl Algorithm {
    /// What new files are written with.
    pub(super) const WRITTEN: Algorithm = Algorithm::Blake3;
    const ALL: [Algorithm; 2] = [Algorithm::Blake3, Algorithm::Sha256];

    pub(super) fn prefix(self) -> &'static str {
        match self {
            Algorithm::Sha256 => "sha256:",
            Algorithm::Blake3 => "blake3:",
        }
    }
}

/// Where a header's checksum digits are, and what they were worked out with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Digits {
    pub(super) span: Range<usize>,
    pub(super) algorithm: Algorithm,
}

/// How the checksum is written: `checksum: Some("blake3:<64 hex digits>")`.
const DIGITS: usize = 64;
/// The checksum is looked for where the header is written, never deeper in the file.
const HEADER_BYTES: usize = 4096;
const KEY: &str = "checksum: Some(\"";

/// What the header's checksum says about the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Integrity {
    /// The content matches the checksum it was saved with.
    Verified,
    /// A file from before checksums were written: nothing to verify, nothing wrong.
    NotRecorded,
    /// The content does not match its checksum, or a file of a schema that always records one
    /// has none: changed or damaged outside Casedesk.
    Altered,
}

/// The first schema version every file of which was written with a checksum: checksums came
/// before schema 2, so a schema 2 file without one had its checksum line taken out.
const ALWAYS_RECORDED_FROM: u32 = 2;

/// The value written into a new file's header before its checksum is known.
pub(super) fn placeholder() -> String {
    format!("{}{}", Algorithm::WRITTEN.prefix(), "0".repeat(DIGITS))
}

/// The checksum a new file records, from its digits.
pub(super) fn written(digits: &str) -> String {
    format!("{}{digits}", Algorithm::WRITTEN.prefix())
}

/// The checksum the header of the file `text` records (`blake3:…`), when it has one.
pub(super) fn recorded(text: &str) -> Option<String> {
    digits_span(text).map(|d| format!("{}{}", d.algorithm.prefix(), &text[d.span]))
}

/// The checksum the header of the casebook file at `path` records, read (and decrypted with
/// `key`) no further than the header: what a fresh journal names as its base. `None` when the
/// file cannot be read or records none.
pub fn recorded_checksum(path: &std::path::Path, key: Option<&super::Key>) -> Option<String> {
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    let mut reader = super::crypt::unseal_reader(std::io::BufReader::new(file), key).ok()?;
    let mut head = Vec::with_capacity(HEADER_BYTES);
    reader
        .by_ref()
        .take(HEADER_BYTES as u64)
        .read_to_end(&mut head)
        .ok()?;
    let text = match std::str::from_utf8(&head) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
    };
    recorded(text)
}

/// Fills in the placeholder checksum of freshly serialized `text`.
#[cfg(test)]
pub(super) fn fill(mut text: String) -> String {
    if let Some(digits) = digits_span(&text) {
        let sum = sum_of([text.as_bytes()], digits.clone());
        text.replace_range(digits.span, &sum);
    }
    text
}

/// Checks `text`, a schema 2 file, against the checksum its header records (`recorded`, as
/// parsed).
#[cfg(test)]
fn verify(text: &str, recorded: Option<&str>) -> Integrity {
    judge(text, recorded, 2, |digits| {
        sum_of([text.as_bytes()], digits)
    })
}

/// What the checksum `recorded` (as parsed) says of a file of schema `schema_version` whose
/// header is `head` (the file's first bytes, at least up to its checksum) and whose hash with
/// the digits read as zeros `sum` works out from where the digits are.
pub(super) fn judge(
    head: &str,
    recorded: Option<&str>,
    schema_version: u32,
    sum: impl FnOnce(Digits) -> String,
) -> Integrity {
    let Some(recorded) = recorded else {
        return if schema_version >= ALWAYS_RECORDED_FROM {
            Integrity::Altered
        } else {
            Integrity::NotRecorded
        };
    };
    // The parsed value must be the one at the header's place, or the header was tampered with.
    let Some(digits) = digits_span(head)
        .filter(|d| recorded.strip_prefix(d.algorithm.prefix()) == Some(&head[d.span.clone()]))
    else {
        return Integrity::Altered;
    };
    let span = digits.span.clone();
    if sum(digits) == head[span] {
        Integrity::Verified
    } else {
        Integrity::Altered
    }
}

/// The hash (hex) of a file given as consecutive `chunks`, with the bytes at `digits` read as
/// zeros.
pub(super) fn sum_of(chunks: impl IntoIterator<Item = impl AsRef<[u8]>>, digits: Digits) -> String {
    let mut sum = Summer::new(digits);
    chunks
        .into_iter()
        .for_each(|chunk| sum.update(chunk.as_ref()));
    sum.finish()
}

/// A hash being worked out, with either algorithm.
pub(super) enum Hasher {
    Sha256(Box<Sha256>),
    Blake3(Box<blake3::Hasher>),
}

impl Hasher {
    pub(super) fn new(algorithm: Algorithm) -> Self {
        match algorithm {
            Algorithm::Sha256 => Hasher::Sha256(Box::default()),
            Algorithm::Blake3 => Hasher::Blake3(Box::default()),
        }
    }

    pub(super) fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Sha256(h) => h.update(bytes),
            Hasher::Blake3(h) => {
                h.update(bytes);
            }
        }
    }

    /// The hash as hex digits.
    pub(super) fn finish(self) -> String {
        match self {
            Hasher::Sha256(h) => hex(h.finalize().as_slice()),
            Hasher::Blake3(h) => hex(h.finalize().as_bytes()),
        }
    }
}

/// [`sum_of`] fed a chunk at a time.
pub(super) struct Summer {
    hasher: Hasher,
    at: usize,
    digits: Range<usize>,
}

impl Summer {
    pub(super) fn new(digits: Digits) -> Self {
        Summer {
            hasher: Hasher::new(digits.algorithm),
            at: 0,
            digits: digits.span,
        }
    }

    /// The next bytes of the file.
    pub(super) fn update(&mut self, chunk: &[u8]) {
        let (at, end) = (self.at, self.at + chunk.len());
        let (from, to) = (
            self.digits.start.clamp(at, end),
            self.digits.end.clamp(at, end),
        );
        self.hasher.update(&chunk[..from - at]);
        self.hasher.update(&[b'0'; DIGITS][..to - from]);
        self.hasher.update(&chunk[to - at..]);
        self.at = end;
    }

    pub(super) fn finish(self) -> String {
        self.hasher.finish()
    }
}

/// Where the 64 digits of the header's checksum are in `text`, and their algorithm.
pub(super) fn digits_span(text: &str) -> Option<Digits> {
    let head = &text.as_bytes()[..text.len().min(HEADER_BYTES)];
    let key = head.windows(KEY.len()).position(|w| w == KEY.as_bytes())? + KEY.len();
    let rest = &text.as_bytes()[key..];
    let algorithm = Algorithm::ALL
        .into_iter()
        .find(|a| rest.starts_with(a.prefix().as_bytes()))?;
    let start = key + algorithm.prefix().len();
    let end = start + DIGITS;
    let digits = text.as_bytes().get(start..end)?;
    (digits.iter().all(u8::is_ascii_hexdigit) && text.as_bytes().get(end) == Some(&b'"')).then_some(
        Digits {
            span: start..end,
            algorithm,
        },
    )
}

/// Whether the plain file at `path` holds the checksum its header records, read in chunks and
/// never parsed: what lets a head be trusted for the whole file (`team::brings_nothing`), so
/// a truncated or hand-edited copy is read whole and named, never passed over as "nothing new".
pub(super) fn file_holds_its_checksum(path: &std::path::Path) -> std::io::Result<bool> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut chunk = vec![0; 1 << 20];
    let mut first = Vec::with_capacity(HEADER_BYTES);
    while first.len() < HEADER_BYTES {
        let n = file.read(&mut chunk[..HEADER_BYTES - first.len()])?;
        if n == 0 {
            break;
        }
        first.extend_from_slice(&chunk[..n]);
    }
    let head = String::from_utf8_lossy(&first);
    let Some(digits) = digits_span(&head) else {
        return Ok(false);
    };
    let recorded = head[digits.span.clone()].to_string();
    let mut sum = Summer::new(digits);
    sum.update(&first);
    loop {
        let n = file.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        sum.update(&chunk[..n]);
    }
    Ok(sum.finish() == recorded)
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
#[cfg(test)]
mod tests {
    use super::*;

    /// A small file with its checksum filled in with `algorithm`.
    fn sealed(algorithm: Algorithm) -> String {
        let placeholder = format!("{}{}", algorithm.prefix(), "0".repeat(DIGITS));
        fill(format!(
            "(\n format: \"x\",\n {KEY}{placeholder}\"),\n notes: \"Imran\",\n)\n",
        ))
    }

    #[test]
    fn new_files_are_written_with_blake3() {
        assert!(placeholder().starts_with("blake3:"));
        let text = sealed(Algorithm::WRITTEN);
        assert_eq!(digits_span(&text).unwrap().algorithm, Algorithm::Blake3);
    }

    /// A file saved before BLAKE3, its checksum worked out here with SHA-256 directly.
    #[test]
    fn a_file_checksummed_with_sha256_still_verifies() {
        let zeros = format!(
            "(\n {KEY}sha256:{}\"),\n notes: \"Imran\",\n)\n",
            "0".repeat(64)
        );
        let sum = hex(Sha256::digest(zeros.as_bytes()).as_slice());
        let text = zeros.replace(&"0".repeat(64), &sum);
        assert_eq!(
            verify(&text, Some(&format!("sha256:{sum}"))),
            Integrity::Verified
        );
        let changed = text.replace("Imran", "Imraan");
        assert_eq!(
            verify(&changed, Some(&format!("sha256:{sum}"))),
            Integrity::Altered
        );
        // The same digits claimed as another algorithm's do not verify.
        let relabelled = text.replace("sha256:", "blake3:");
        assert_eq!(
            verify(&relabelled, Some(&format!("blake3:{sum}"))),
            Integrity::Altered
        );
    }

    #[test]
    fn a_filled_checksum_verifies_and_any_changed_byte_does_not() {
        for algorithm in Algorithm::ALL {
            let text = sealed(algorithm);
            let sum = recorded(&text).unwrap();
            assert!(sum.starts_with(algorithm.prefix()));
            assert!(!sum.ends_with(&"0".repeat(DIGITS)));
            assert_eq!(verify(&text, Some(&sum)), Integrity::Verified);
            let changed = text.replace("Imran", "Imraan");
            assert_eq!(verify(&changed, Some(&sum)), Integrity::Altered);
            let truncated = &text[..text.len() - 3];
            assert_eq!(verify(truncated, Some(&sum)), Integrity::Altered);
        }
    }

    #[test]
    fn a_checksum_fed_in_chunks_is_the_checksum_of_the_whole() {
        for algorithm in Algorithm::ALL {
            let text = sealed(algorithm);
            let digits = digits_span(&text).unwrap();
            let whole = sum_of([text.as_bytes()], digits.clone());
            for cut in 0..text.len() {
                let (a, b) = text.as_bytes().split_at(cut);
                assert_eq!(sum_of([a, b], digits.clone()), whole, "cut at {cut}");
            }
            let bytes: Vec<&[u8]> = text.as_bytes().chunks(3).collect();
            assert_eq!(sum_of(bytes, digits), whole);
        }
    }

    #[test]
    fn a_checksum_edited_in_the_header_is_altered_and_none_is_not_recorded() {
        for algorithm in Algorithm::ALL {
            let text = sealed(algorithm);
            let at = digits_span(&text).unwrap().span.start;
            let mut edited = text.clone();
            edited.replace_range(at..at + 1, if &text[at..=at] == "a" { "b" } else { "a" });
            assert_eq!(
                verify(&edited, Some(&recorded(&edited).unwrap())),
                Integrity::Altered
            );
            let short = format!("{}beef", algorithm.prefix());
            assert_eq!(verify(&text, Some(&short)), Integrity::Altered);
        }
    }

    /// Schema 1 files were written before checksums and after; from schema 2 every file has one.
    #[test]
    fn no_checksum_is_not_recorded_in_schema_1_and_altered_from_schema_2() {
        let text = sealed(Algorithm::WRITTEN);
        let never = |_| -> String { unreachable!("no checksum to work out") };
        assert_eq!(judge(&text, None, 1, never), Integrity::NotRecorded);
        for schema in [2, 3] {
            assert_eq!(judge(&text, None, schema, never), Integrity::Altered);
        }
    }
}
