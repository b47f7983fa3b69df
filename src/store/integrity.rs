//! The checksum in a casebook file's header: SHA-256 of the whole file as written, taken with
//! the checksum's own digits as zeros. It is verified on the raw bytes before anything else, so
//! a file altered or damaged outside Casedesk (a bad disk, a sync conflict, an edit by hand) is
//! recognised even when it still parses. It is not a signature: anyone can recompute it.

use sha2::{Digest, Sha256};

/// How the checksum is written: `checksum: Some("sha256:<64 hex digits>")`.
const PREFIX: &str = "sha256:";
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
    /// The content does not match its checksum: changed or damaged outside Casedesk.
    Altered,
}

/// The value written into a new file's header before its checksum is known.
pub(super) fn placeholder() -> String {
    format!("{PREFIX}{}", "0".repeat(DIGITS))
}

/// Fills in the placeholder checksum of freshly serialized `text`.
#[cfg(test)]
pub(super) fn fill(mut text: String) -> String {
    if let Some(digits) = digits_span(&text) {
        let sum = hex(Sha256::digest(text.as_bytes()).as_slice());
        text.replace_range(digits, &sum);
    }
    text
}

/// Checks `text` against the checksum its header records (`recorded`, as parsed).
#[cfg(test)]
fn verify(text: &str, recorded: Option<&str>) -> Integrity {
    judge(text, recorded, |digits| sum_of([text.as_bytes()], digits))
}

/// What the checksum `recorded` (as parsed) says of a file whose header is `head` (the file's
/// first bytes, at least up to its checksum) and whose SHA-256 with the digits read as zeros
/// `sum` works out from where the digits are.
pub(super) fn judge(
    head: &str,
    recorded: Option<&str>,
    sum: impl FnOnce(std::ops::Range<usize>) -> String,
) -> Integrity {
    let Some(recorded) = recorded else {
        return Integrity::NotRecorded;
    };
    // The parsed value must be the one at the header's place, or the header was tampered with.
    let Some(digits) =
        digits_span(head).filter(|d| recorded.strip_prefix(PREFIX) == Some(&head[d.clone()]))
    else {
        return Integrity::Altered;
    };
    if sum(digits.clone()) == head[digits] {
        Integrity::Verified
    } else {
        Integrity::Altered
    }
}

/// The SHA-256 (hex) of a file given as consecutive `chunks`, with the bytes at `digits` read
/// as zeros.
pub(super) fn sum_of(
    chunks: impl IntoIterator<Item = impl AsRef<[u8]>>,
    digits: std::ops::Range<usize>,
) -> String {
    let mut sum = Summer::new(digits);
    chunks
        .into_iter()
        .for_each(|chunk| sum.update(chunk.as_ref()));
    sum.finish()
}

/// [`sum_of`] fed a chunk at a time.
pub(super) struct Summer {
    hasher: Sha256,
    at: usize,
    digits: std::ops::Range<usize>,
}

impl Summer {
    pub(super) fn new(digits: std::ops::Range<usize>) -> Self {
        Summer {
            hasher: Sha256::new(),
            at: 0,
            digits,
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
        hex(self.hasher.finalize().as_slice())
    }
}

/// Where the 64 digits of the header's checksum are in `text`.
pub(super) fn digits_span(text: &str) -> Option<std::ops::Range<usize>> {
    let head = &text.as_bytes()[..text.len().min(HEADER_BYTES)];
    let key = format!("{KEY}{PREFIX}");
    let start = head.windows(key.len()).position(|w| w == key.as_bytes())? + key.len();
    let end = start + DIGITS;
    let digits = text.as_bytes().get(start..end)?;
    (digits.iter().all(u8::is_ascii_hexdigit) && text.as_bytes().get(end) == Some(&b'"'))
        .then_some(start..end)
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed() -> String {
        fill(format!(
            "(\n format: \"x\",\n {KEY}{}\"),\n notes: \"Imran\",\n)\n",
            placeholder()
        ))
    }

    fn recorded(text: &str) -> String {
        format!("{PREFIX}{}", &text[digits_span(text).unwrap()])
    }

    #[test]
    fn a_filled_checksum_verifies_and_any_changed_byte_does_not() {
        let text = sealed();
        let sum = recorded(&text);
        assert_ne!(sum, placeholder());
        assert_eq!(verify(&text, Some(&sum)), Integrity::Verified);
        let changed = text.replace("Imran", "Imraan");
        assert_eq!(verify(&changed, Some(&sum)), Integrity::Altered);
        let truncated = &text[..text.len() - 3];
        assert_eq!(verify(truncated, Some(&sum)), Integrity::Altered);
    }

    #[test]
    fn a_checksum_fed_in_chunks_is_the_checksum_of_the_whole() {
        let text = sealed();
        let digits = digits_span(&text).unwrap();
        let whole = sum_of([text.as_bytes()], digits.clone());
        for cut in 0..text.len() {
            let (a, b) = text.as_bytes().split_at(cut);
            assert_eq!(sum_of([a, b], digits.clone()), whole, "cut at {cut}");
        }
        let bytes: Vec<&[u8]> = text.as_bytes().chunks(3).collect();
        assert_eq!(sum_of(bytes, digits), whole);
    }

    #[test]
    fn a_checksum_edited_in_the_header_is_altered_and_none_is_not_recorded() {
        let text = sealed();
        let at = digits_span(&text).unwrap().start;
        let mut edited = text.clone();
        edited.replace_range(at..at + 1, if &text[at..=at] == "a" { "b" } else { "a" });
        assert_eq!(
            verify(&edited, Some(&recorded(&edited))),
            Integrity::Altered
        );
        assert_eq!(verify(&text, Some("sha256:beef")), Integrity::Altered);
        assert_eq!(verify(&text, None), Integrity::NotRecorded);
    }
}
