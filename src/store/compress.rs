//! Snapshots stored compressed: zstd over the same RON text the casebook holds (sealed after
//! compressing when the casebook has a passphrase, so no compressed plain text is written
//! either). Most snapshots are stored as a difference from an earlier one, their base: zstd
//! with the base's text as a reference, which takes kilobytes where the whole text compressed
//! takes a fifth of the casebook. Such a snapshot starts with a zstd skippable frame naming its
//! base's file name (outside the seal, so that thinning knows which bases to keep without the
//! passphrase; the name says no more than the folder's listing). A file is recognised as
//! compressed by zstd's magic, never by its name: a snapshot keeps the name it was taken under,
//! and one taken before compression opens as it always did.

use std::io::{self, Read};

/// What every zstd frame starts with.
const MAGIC: [u8; 4] = [0x28, 0xB5, 0x2F, 0xFD];
/// A zstd skippable frame's magic (the first of sixteen), which decoders pass over.
const SKIPPABLE: [u8; 4] = [0x50, 0x2A, 0x4D, 0x18];
/// What the skippable frame of a difference holds before its base's file name.
const BASE: &[u8] = b"casedesk-base ";
/// zstd's level: 3 (its default) compresses a casebook's text nearly as well as level 9, in a
/// third of the time (BENCHMARKS.md, "Snapshots").
const LEVEL: i32 = 3;
/// The largest window zstd takes (2 GiB), enough for a base and a text of `MAX_FILE_BYTES`
/// between them.
const MAX_WINDOW_LOG: u32 = 31;

/// Whether `bytes` are a compressed file (a zstd frame, or a difference from a base).
pub fn is_compressed(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC) || bytes.starts_with(&SKIPPABLE)
}

/// The base's file name a difference names, and what follows its header (the zstd frame, or
/// its seal); `None` and the bytes as they are for any other file.
pub(super) fn split_base(bytes: &[u8]) -> (Option<&str>, &[u8]) {
    let header = || {
        let rest = bytes.strip_prefix(&SKIPPABLE)?;
        let size = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
        // Checked: a size near u32::MAX must not overflow where usize is 32 bits.
        let end = size.checked_add(4)?;
        let payload = rest.get(4..end)?;
        let name = std::str::from_utf8(payload.strip_prefix(BASE)?).ok()?;
        Some((name, &rest[end..]))
    };
    match header() {
        Some((name, rest)) => (Some(name), rest),
        None => (None, bytes),
    }
}

/// The header of a difference from the base named `base`.
pub(super) fn base_header(base: &str) -> Vec<u8> {
    let payload = [BASE, base.as_bytes()].concat();
    let mut header = SKIPPABLE.to_vec();
    header.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    header.extend_from_slice(&payload);
    header
}

/// `plain` compressed on every core, with zstd's checksum of the content, so damage is found
/// by the decompressor before the casebook's own checksum is even read.
pub(super) fn compress(plain: &[u8]) -> io::Result<Vec<u8>> {
    compress_from(plain, Some(plain.len() as u64))
}

/// [`compress`] of what `plain` reads, streamed: the text is never held whole. `size`, when
/// known exactly, is told to zstd.
pub(super) fn compress_from(mut plain: impl Read, size: Option<u64>) -> io::Result<Vec<u8>> {
    let room = usize::try_from(size.unwrap_or(0) / 4).unwrap_or(0);
    let mut encoder = zstd::stream::Encoder::new(Vec::with_capacity(room), LEVEL)?;
    encoder.include_checksum(true)?;
    encoder.set_pledged_src_size(size)?;
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    if workers > 1 {
        encoder.multithread(u32::try_from(workers).unwrap_or(1))?;
    }
    io::copy(&mut plain, &mut encoder)?;
    encoder.finish()
}

/// What `plain` reads compressed as its difference from `base` (zstd with `base` as its
/// reference, over a window that holds both), with zstd's checksum of the content; streamed,
/// only the base is held whole. `size`, when known exactly, is told to zstd; `about` (at least
/// the text's length) sizes the window.
pub(super) fn compress_against_from(
    mut plain: impl Read,
    size: Option<u64>,
    about: u64,
    base: &[u8],
) -> io::Result<Vec<u8>> {
    let mut encoder = zstd::stream::Encoder::with_ref_prefix(Vec::new(), LEVEL, base)?;
    encoder.include_checksum(true)?;
    encoder.set_pledged_src_size(size)?;
    encoder.long_distance_matching(true)?;
    let about = usize::try_from(about).unwrap_or(usize::MAX);
    encoder.window_log(window_log(about.saturating_add(base.len())))?;
    io::copy(&mut plain, &mut encoder)?;
    encoder.finish()
}

/// The smallest zstd window log covering `bytes`.
fn window_log(bytes: usize) -> u32 {
    (usize::BITS - bytes.max(1 << 10).saturating_sub(1).leading_zeros()).min(MAX_WINDOW_LOG)
}

/// Why a compressed file could not be read back.
#[derive(Debug, thiserror::Error)]
pub(super) enum Decompress {
    #[error("it holds more than {0} bytes")]
    TooLarge(u64),
    #[error("{0}")]
    Damaged(String),
}

/// The bytes `compressed` holds, at most `limit` of them, `base` being the text a difference
/// was taken from: a file that would unpack to more is refused rather than read into memory.
/// A cut or damaged frame, or a wrong base, is an error, never a shorter or other text.
pub(super) fn decompress(
    compressed: &[u8],
    base: Option<&[u8]>,
    limit: u64,
) -> Result<Vec<u8>, Decompress> {
    let damaged = |e: io::Error| Decompress::Damaged(e.to_string());
    let mut decoder = match base {
        Some(base) => zstd::stream::read::Decoder::with_ref_prefix(compressed, base),
        None => zstd::stream::read::Decoder::with_buffer(compressed),
    }
    .map_err(damaged)?;
    decoder.window_log_max(MAX_WINDOW_LOG).map_err(damaged)?;
    let mut plain = Vec::new();
    decoder
        .single_frame()
        .take(limit.saturating_add(1))
        .read_to_end(&mut plain)
        .map_err(damaged)?;
    if plain.len() as u64 > limit {
        return Err(Decompress::TooLarge(limit));
    }
    // The decoder stops at the end of its frame: anything after it is not part of the file.
    Ok(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_bytes_come_back_whole() {
        let text = "casebook text ".repeat(10_000);
        let packed = compress(text.as_bytes()).unwrap();
        assert!(is_compressed(&packed));
        assert!(packed.len() * 20 < text.len(), "{} bytes", packed.len());
        assert_eq!(decompress(&packed, None, 1 << 20).unwrap(), text.as_bytes());
        assert!(!is_compressed(text.as_bytes()));
    }

    /// A frame cut anywhere, or with any byte changed, is an error, never a shorter text.
    #[test]
    fn a_cut_or_damaged_frame_is_an_error() {
        let text: String = (0..2_000).map(|n| format!("case {n}\n")).collect();
        let packed = compress(text.as_bytes()).unwrap();
        for cut in 0..packed.len() {
            assert!(
                decompress(&packed[..cut], None, 1 << 20).is_err(),
                "cut at {cut} of {}",
                packed.len()
            );
        }
        for at in 0..packed.len() {
            let mut damaged = packed.clone();
            damaged[at] ^= 0x40;
            if let Ok(plain) = decompress(&damaged, None, 1 << 20) {
                assert_eq!(plain, text.as_bytes(), "byte {at} changed the text");
            }
        }
    }

    #[test]
    fn a_frame_unpacking_past_the_limit_is_refused() {
        let packed = compress(&vec![b'x'; 100_000]).unwrap();
        assert!(matches!(
            decompress(&packed, None, 99_999),
            Err(Decompress::TooLarge(99_999))
        ));
        assert_eq!(decompress(&packed, None, 100_000).unwrap().len(), 100_000);
    }

    /// A difference is a fraction of the text, opens only against its own base, and names it.
    #[test]
    fn a_difference_opens_against_its_base_only() {
        let base: String = (0..5_000)
            .map(|n| format!("case {n}: {}\n", n * 7_919 % 10_007))
            .collect();
        let text = base.replace("case 2500:", "case 2500 (edited):");
        let whole = compress(text.as_bytes()).unwrap();
        let size = text.len() as u64;
        let diff =
            compress_against_from(text.as_bytes(), Some(size), size, base.as_bytes()).unwrap();
        assert!(
            diff.len() * 20 < whole.len(),
            "{} against {}",
            diff.len(),
            whole.len()
        );
        let back = decompress(&diff, Some(base.as_bytes()), 1 << 30).unwrap();
        assert_eq!(back, text.as_bytes());
        let other = base.replace("case 1:", "case one:");
        assert!(decompress(&diff, Some(other.as_bytes()), 1 << 30).is_err());
        assert!(decompress(&diff, None, 1 << 30).is_err());
        let file = [
            base_header("casebook.20261206T090000.000Z.7.ron"),
            diff.clone(),
        ]
        .concat();
        assert!(is_compressed(&file));
        assert_eq!(
            split_base(&file),
            (Some("casebook.20261206T090000.000Z.7.ron"), &diff[..])
        );
        assert_eq!(split_base(&whole), (None, &whole[..]));
    }
}
