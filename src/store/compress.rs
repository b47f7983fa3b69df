//! Snapshots stored compressed: zstd over the same RON text the casebook holds (sealed after
//! compressing when the casebook has a passphrase, so no compressed plain text is written
//! either). Most snapshots are stored as a difference from an earlier one, their base: zstd
//! with the base's text as a reference, which takes kilobytes where the whole text compressed
//! takes a fifth of the casebook. Such a snapshot starts with a zstd skippable frame naming its
//! base's file name (outside the seal, so that thinning knows which bases to keep without the
//! passphrase; the name says no more than the folder's listing). A file is recognised as
//! compressed by zstd's magic, never by its name: a snapshot keeps the name it was taken under,
//! and one taken before compression opens as it always did.
//!
//! A difference is taken piece by piece: each piece of the text ([`PIECES`]) is a zstd frame,
//! whose reference is only the part of the base around where that text was, found by looking
//! for the piece's first bytes. Taking it holds a piece and that part of the base, tens of
//! megabytes, where one frame against the whole base held both texts (2.5 GB at 100,000 cases,
//! BENCHMARKS.md). Each frame follows a skippable frame naming the part of the base it was
//! taken against, and a last one gives the text's length, so a difference cut between two
//! pieces is an error, never a shorter text. A difference written as one frame (before pieces)
//! opens as it always did.

use super::reading::MAX_FILE_BYTES;
use std::io::{self, Read, Write};

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
/// between them (a difference written as one frame).
const MAX_WINDOW_LOG: u32 = 31;
/// What the skippable frame before each piece of a difference holds, before the part of the
/// base (`from to`, in bytes of its text) the piece was taken against.
const PIECE_TAG: &[u8] = b"casedesk-piece ";
/// What the skippable frame ending a difference holds, before the length of its text.
const END_TAG: &[u8] = b"casedesk-end ";

/// How a text is cut into pieces, and how much of the base each piece is taken against.
#[derive(Clone, Copy, Debug)]
pub(super) struct Pieces {
    /// The bytes of text in a piece.
    pub piece: usize,
    /// How far on either side of where a piece's text was the base is kept as its reference:
    /// room for text added or removed within the piece.
    pub margin: usize,
}

/// 8 MiB pieces with 4 MiB on either side: a piece, at most 24 MiB of the base and zstd's
/// tables are held while a difference is taken (BENCHMARKS.md, "Snapshots"). Text moved by more
/// than 8 MiB at once (a thousand cases added in one place) is not followed: the difference
/// then passes its limit, and the snapshot is compressed whole, to be the next ones' base.
pub(super) const PIECES: Pieces = Pieces {
    piece: 8 << 20,
    margin: 4 << 20,
};

/// How many of a piece's first bytes are looked for in the base to find where its text was:
/// enough to hold a case's id or a date, rarely repeated.
const ANCHOR: usize = 256;

/// Whether `bytes` are a compressed file (a zstd frame, or a difference from a base).
pub fn is_compressed(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC) || bytes.starts_with(&SKIPPABLE)
}

/// The base's file name a difference names, and what follows its header (the zstd frame, or
/// its seal); `None` and the bytes as they are for any other file.
pub(super) fn split_base(bytes: &[u8]) -> (Option<&str>, &[u8]) {
    match tagged(bytes, BASE) {
        Some((name, rest)) => (Some(name), rest),
        None => (None, bytes),
    }
}

/// The header of a difference from the base named `base`.
pub(super) fn base_header(base: &str) -> Vec<u8> {
    skippable(&[BASE, base.as_bytes()].concat())
}

/// A zstd skippable frame holding `payload`.
fn skippable(payload: &[u8]) -> Vec<u8> {
    let mut frame = SKIPPABLE.to_vec();
    frame.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    frame.extend_from_slice(payload);
    frame
}

/// What follows `tag` in the skippable frame `bytes` start with, when it holds `tag`, and
/// what follows the frame.
fn tagged<'b>(bytes: &'b [u8], tag: &[u8]) -> Option<(&'b str, &'b [u8])> {
    let rest = bytes.strip_prefix(&SKIPPABLE)?;
    let size = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
    // Checked: a size near u32::MAX must not overflow where usize is 32 bits.
    let end = size.checked_add(4)?;
    let text = std::str::from_utf8(rest.get(4..end)?.strip_prefix(tag)?).ok()?;
    Some((text, &rest[end..]))
}

/// The numbers `text` holds, separated by spaces.
fn numbers(text: &str) -> Option<Vec<u64>> {
    text.split(' ').map(|n| n.parse().ok()).collect()
}

/// `plain` compressed on every core, with zstd's checksum of the content, so damage is found
/// by the decompressor before the casebook's own checksum is even read.
pub(super) fn compress(plain: &[u8]) -> io::Result<Vec<u8>> {
    let room = plain.len() / 4;
    compress_into(plain, Some(plain.len() as u64), Vec::with_capacity(room))
}

/// [`compress`] of what `plain` reads into `out`, streamed: neither the text nor what it
/// becomes is held whole. `size`, when known exactly, is told to zstd.
pub(super) fn compress_into<W: Write>(
    mut plain: impl Read,
    size: Option<u64>,
    out: W,
) -> io::Result<W> {
    let mut encoder = zstd::stream::Encoder::new(out, LEVEL)?;
    encoder.include_checksum(true)?;
    encoder.set_pledged_src_size(size)?;
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    if workers > 1 {
        encoder.multithread(u32::try_from(workers).unwrap_or(1))?;
    }
    io::copy(&mut plain, &mut encoder)?;
    encoder.finish()
}

/// What `plain` reads compressed as its difference from the text `base` reads, piece by piece
/// (the module's comment), each frame with zstd's checksum of its content. Both texts are
/// streamed: at most a piece and the base around it are held. `None` once the difference takes
/// more than `limit` bytes, or for an empty text: not worth keeping as a difference.
pub(super) fn compress_against_from(
    mut plain: impl Read,
    base: impl Read,
    limit: usize,
    pieces: Pieces,
) -> io::Result<Option<Vec<u8>>> {
    let Pieces {
        piece: size,
        margin,
    } = pieces;
    let mut base = BaseWindow::new(base);
    let mut out = Vec::new();
    let mut piece = Vec::with_capacity(size);
    let mut at = 0u64;
    // Where the base held the text last found in it, less where that text is now: what was
    // added or removed before it.
    let mut shift = 0i64;
    loop {
        piece.clear();
        (&mut plain).take(size as u64).read_to_end(&mut piece)?;
        if piece.is_empty() {
            break;
        }
        let guess = at.saturating_add_signed(shift);
        let reach = (2 * margin) as u64;
        base.hold(guess.saturating_sub(reach), guess + size as u64 + reach)?;
        if let Some(found) = base.nearest(&piece[..piece.len().min(ANCHOR)], guess) {
            shift = found as i64 - at as i64;
        }
        let centre = at.saturating_add_signed(shift);
        let (from, reference) = base.part(
            centre.saturating_sub(margin as u64),
            centre + (piece.len() + margin) as u64,
        );
        let to = from + reference.len() as u64;
        out.extend(skippable(
            &[PIECE_TAG, format!("{from} {to}").as_bytes()].concat(),
        ));
        out.extend(frame_against(&piece, reference)?);
        at += piece.len() as u64;
        if out.len() > limit {
            return Ok(None);
        }
    }
    base.read_to_end()?;
    out.extend(skippable(&[END_TAG, at.to_string().as_bytes()].concat()));
    Ok((at > 0).then_some(out))
}

/// `piece` compressed as one frame with `reference` as zstd's reference, with zstd's checksum
/// of the content. In one call, so zstd reads the piece where it is rather than copying it
/// into a window of its own as a stream would.
fn frame_against(piece: &[u8], reference: &[u8]) -> io::Result<Vec<u8>> {
    use zstd::zstd_safe::{CCtx, CParameter, compress_bound, get_error_name};
    let zstd = |code| io::Error::other(get_error_name(code));
    let mut context = CCtx::create();
    for parameter in [
        CParameter::CompressionLevel(LEVEL),
        CParameter::ChecksumFlag(true),
        CParameter::EnableLongDistanceMatching(true),
        CParameter::WindowLog(window_log(reference.len() + piece.len())),
    ] {
        context.set_parameter(parameter).map_err(zstd)?;
    }
    context
        .set_pledged_src_size(Some(piece.len() as u64))
        .map_err(zstd)?;
    context.ref_prefix(reference).map_err(zstd)?;
    // Room for the worst case; only what is written is ever touched.
    let mut frame = Vec::with_capacity(compress_bound(piece.len()));
    context.compress2(&mut frame, piece).map_err(zstd)?;
    // Read back before it replaces the snapshot: a piece that does not come back as it was
    // would lose the version it holds.
    let mut back = Vec::with_capacity(piece.len());
    let unreadable = decompress_frame(&frame, Some(reference), piece.len() as u64, &mut back);
    match unreadable.is_ok() && back == piece {
        true => Ok(frame),
        false => Err(io::Error::other("a piece does not decompress to its text")),
    }
}

/// The part of a base's text a difference is being taken against, read from it as the
/// difference goes forward: `text` is the base's from `start`.
struct BaseWindow<R> {
    reader: R,
    text: Vec<u8>,
    start: u64,
    /// The base has been read to its end.
    ended: bool,
}

impl<R: Read> BaseWindow<R> {
    fn new(reader: R) -> Self {
        BaseWindow {
            reader,
            text: Vec::new(),
            start: 0,
            ended: false,
        }
    }

    /// Holds what the base has of `from..to`, letting go of what lies before `from`.
    fn hold(&mut self, from: u64, to: u64) -> io::Result<()> {
        let before = index(from.saturating_sub(self.start)).min(self.text.len());
        self.text.drain(..before);
        self.start += before as u64;
        if self.text.is_empty() && self.start < from && !self.ended {
            let gap = from - self.start;
            let skipped = io::copy(&mut (&mut self.reader).take(gap), &mut io::sink())?;
            self.start += skipped;
            self.ended = skipped < gap;
        }
        let end = self.start + self.text.len() as u64;
        if to > end && !self.ended {
            // At most `to - from` (a piece and twice the reach): the skip above reached `from`.
            self.text.reserve(index(to - end));
            let read = (&mut self.reader)
                .take(to - end)
                .read_to_end(&mut self.text)?;
            self.ended = (read as u64) < to - end;
        }
        Ok(())
    }

    /// Reads the rest of the base, so that its checksums (zstd's at the end of its frame,
    /// age's on its last part) are checked even where the text ended before it: a difference
    /// from a damaged base could never be read back. A base longer than any casebook is refused.
    fn read_to_end(mut self) -> io::Result<()> {
        let most = MAX_FILE_BYTES.saturating_sub(self.start + self.text.len() as u64);
        let rest = io::copy(&mut self.reader.by_ref().take(most + 1), &mut io::sink())?;
        match rest > most {
            true => Err(io::Error::other("the base is larger than any casebook")),
            false => Ok(()),
        }
    }

    /// Where `needle` occurs in what is held nearest to `guess`.
    fn nearest(&self, needle: &[u8], guess: u64) -> Option<u64> {
        memchr::memmem::find_iter(&self.text, needle)
            .map(|at| self.start + at as u64)
            .min_by_key(|at| at.abs_diff(guess))
    }

    /// What is held of `from..to`, and where that starts.
    fn part(&self, from: u64, to: u64) -> (u64, &[u8]) {
        let low = index(from.saturating_sub(self.start)).min(self.text.len());
        let high = index(to.saturating_sub(self.start)).clamp(low, self.text.len());
        (self.start + low as u64, &self.text[low..high])
    }
}

/// `n` as an index, or the largest one where it does not fit.
fn index(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
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
    let mut plain = Vec::new();
    // What a difference in pieces starts with; one frame, whole or against its base, with
    // zstd's magic.
    match (compressed.starts_with(&SKIPPABLE), base) {
        (true, Some(base)) => decompress_pieces(compressed, base, limit, &mut plain)?,
        (true, None) => {
            return Err(Decompress::Damaged(
                "it is a difference with no base".into(),
            ));
        }
        // The decoder stops at the end of its frame: anything after it is not part of the file.
        (false, _) => decompress_frame(compressed, base, limit, &mut plain)?,
    }
    Ok(plain)
}

/// The pieces of a difference from `base` decompressed onto `plain`, up to its end.
fn decompress_pieces(
    mut rest: &[u8],
    mut base: impl BaseText,
    limit: u64,
    plain: &mut Vec<u8>,
) -> Result<(), Decompress> {
    let damaged = |why: &str| Decompress::Damaged(format!("the difference {why}"));
    loop {
        if let Some((length, after)) = tagged(rest, END_TAG) {
            return match (numbers(length).as_deref(), after.is_empty()) {
                (Some([length]), true) if *length == plain.len() as u64 => Ok(()),
                _ => Err(damaged("does not end as it was written")),
            };
        }
        let Some((part, after)) = tagged(rest, PIECE_TAG) else {
            return Err(damaged("is cut short or damaged between two pieces"));
        };
        let reference = match numbers(part).as_deref() {
            Some([from, to]) if from <= to => base.range(*from, *to)?,
            _ => None,
        }
        .ok_or_else(|| damaged("names a part its base does not have"))?;
        let size = zstd::zstd_safe::find_frame_compressed_size(after)
            .ok()
            .filter(|&size| size <= after.len())
            .ok_or_else(|| damaged("has a piece cut short or damaged"))?;
        decompress_frame(&after[..size], Some(reference), limit, plain)?;
        rest = &after[size..];
    }
}

/// [`decompress`] of a difference in pieces, its base's text read from `base` a part at a time
/// as the pieces go forward: the base is never held whole. An error also when the pieces go
/// back to a part already let go (Casedesk writes them going forward): read it against the
/// whole base then.
pub(super) fn decompress_streamed(
    compressed: &[u8],
    base: impl Read,
    limit: u64,
) -> Result<Vec<u8>, Decompress> {
    if !compressed.starts_with(&SKIPPABLE) {
        return Err(Decompress::Damaged("not a difference in pieces".into()));
    }
    let mut plain = Vec::new();
    decompress_pieces(compressed, BaseWindow::new(base), limit, &mut plain)?;
    Ok(plain)
}

/// Where the pieces of a difference find their part of the base.
trait BaseText {
    /// The base's bytes `from..to`, or `None` when it has no such part.
    fn range(&mut self, from: u64, to: u64) -> Result<Option<&[u8]>, Decompress>;
}

impl BaseText for &[u8] {
    fn range(&mut self, from: u64, to: u64) -> Result<Option<&[u8]>, Decompress> {
        Ok(self.get(index(from)..index(to)))
    }
}

impl<R: Read> BaseText for BaseWindow<R> {
    fn range(&mut self, from: u64, to: u64) -> Result<Option<&[u8]>, Decompress> {
        if from < self.start {
            return Err(Decompress::Damaged("its pieces go back in the base".into()));
        }
        self.hold(from, to)
            .map_err(|e| Decompress::Damaged(format!("its base cannot be read: {e}")))?;
        let (at, part) = self.part(from, to);
        Ok((at == from && part.len() as u64 == to - from).then_some(part))
    }
}

/// The one frame `compressed` starts with, decompressed against `base` onto `plain`, which
/// may not grow past `limit`.
fn decompress_frame(
    compressed: &[u8],
    base: Option<&[u8]>,
    limit: u64,
    plain: &mut Vec<u8>,
) -> Result<(), Decompress> {
    let damaged = |e: io::Error| Decompress::Damaged(e.to_string());
    let mut decoder = match base {
        Some(base) => zstd::stream::read::Decoder::with_ref_prefix(compressed, base),
        None => zstd::stream::read::Decoder::with_buffer(compressed),
    }
    .map_err(damaged)?;
    decoder.window_log_max(MAX_WINDOW_LOG).map_err(damaged)?;
    let room = limit.saturating_sub(plain.len() as u64);
    decoder
        .single_frame()
        .take(room.saturating_add(1))
        .read_to_end(plain)
        .map_err(damaged)?;
    match plain.len() as u64 > limit {
        true => Err(Decompress::TooLarge(limit)),
        false => Ok(()),
    }
}

/// The text a snapshot stored whole (a base) reads, decompressed as it is read when it is
/// compressed (one taken before compression is plain text).
pub(super) fn decompressing<'r>(
    mut stored: impl io::BufRead + 'r,
) -> io::Result<Box<dyn Read + 'r>> {
    let head = stored.fill_buf()?;
    if head.starts_with(&SKIPPABLE) {
        return Err(io::Error::other("a difference is not a base"));
    }
    if !head.starts_with(&MAGIC) {
        return Ok(Box::new(stored));
    }
    let mut decoder = zstd::stream::read::Decoder::with_buffer(stored)?;
    decoder.window_log_max(MAX_WINDOW_LOG)?;
    Ok(Box::new(decoder.single_frame()))
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

    /// Small pieces, so that a test text of kilobytes is cut into many.
    const SMALL: Pieces = Pieces {
        piece: 4 << 10,
        margin: 1 << 10,
    };

    /// `text` as its difference from `base` in small pieces, with no limit.
    fn difference(text: &str, base: &str) -> Vec<u8> {
        compress_against_from(text.as_bytes(), base.as_bytes(), usize::MAX, SMALL)
            .unwrap()
            .unwrap()
    }

    fn base_text() -> String {
        (0..5_000)
            .map(|n| format!("case {n}: {}\n", n * 7_919 % 10_007))
            .collect()
    }

    /// A difference is a fraction of the text, opens only against its own base, and names it.
    #[test]
    fn a_difference_opens_against_its_base_only() {
        let base = base_text();
        let text = base.replace("case 2500:", "case 2500 (edited):");
        let whole = compress(text.as_bytes()).unwrap();
        let diff = difference(&text, &base);
        assert!(
            diff.len() * 10 < whole.len(),
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

    /// Text added or removed early moves all that follows further than a piece's margin: the
    /// later pieces find where their text went in the base and stay small.
    #[test]
    fn a_difference_follows_text_moved_further_than_its_margin() {
        let base = base_text();
        // Further than the margin, within the twice the margin the start of a piece is
        // looked for in.
        let added: String = (0..120).map(|n| format!("new case {n}\n")).collect();
        assert!((SMALL.margin..2 * SMALL.margin).contains(&added.len()));
        let grown = base.replacen("case 100:", &format!("{added}case 100:"), 1);
        let cut = base.replacen(&base[3_000..3_000 + added.len()], "", 1);
        for text in [grown, cut] {
            let diff = difference(&text, &base);
            let whole = compress(text.as_bytes()).unwrap();
            assert!(
                diff.len() * 5 < whole.len(),
                "{} against {}",
                diff.len(),
                whole.len()
            );
            let back = decompress(&diff, Some(base.as_bytes()), 1 << 30).unwrap();
            assert_eq!(back, text.as_bytes());
        }
    }

    /// Cut anywhere, even between two pieces, or with any byte changed, a difference is an
    /// error or the same text, never a shorter or another one.
    #[test]
    fn a_cut_or_damaged_difference_is_an_error() {
        let base = base_text();
        let text = base.replace("case 4000:", "case 4000 (edited):");
        let diff = difference(&text, &base);
        for cut in 0..diff.len() {
            assert!(
                decompress(&diff[..cut], Some(base.as_bytes()), 1 << 30).is_err(),
                "cut at {cut} of {}",
                diff.len()
            );
        }
        for at in 0..diff.len() {
            let mut damaged = diff.clone();
            damaged[at] ^= 0x40;
            if let Ok(plain) = decompress(&damaged, Some(base.as_bytes()), 1 << 30) {
                assert_eq!(plain, text.as_bytes(), "byte {at} changed the text");
            }
        }
        assert!(matches!(
            decompress(&diff, Some(base.as_bytes()), text.len() as u64 - 1),
            Err(Decompress::TooLarge(_))
        ));
    }

    /// One no smaller than `limit` is not taken to the end, and an empty text is no difference.
    #[test]
    fn a_difference_past_its_limit_is_given_up() {
        let base = base_text();
        let unlike: String = (0..5_000).map(|n| format!("{}\n", n * 31_337)).collect();
        let limit = difference(&unlike, &base).len() / 2;
        let over = compress_against_from(unlike.as_bytes(), base.as_bytes(), limit, SMALL);
        assert!(over.unwrap().is_none());
        let empty = compress_against_from(&b""[..], base.as_bytes(), usize::MAX, SMALL);
        assert!(empty.unwrap().is_none());
    }

    /// A base damaged after the point where the text ends is found, so no difference is taken
    /// from it (one could never be read back: reading it checks the whole base).
    #[test]
    fn a_base_damaged_past_the_text_s_end_is_refused() {
        let base = base_text();
        let text = &base[..base.len() / 10];
        let mut stored = compress(base.as_bytes()).unwrap();
        let last = stored.len() - 1; // zstd's checksum of the content
        stored[last] ^= 0x01;
        let taken = |stored: &[u8]| {
            let reader = decompressing(stored).unwrap();
            compress_against_from(text.as_bytes(), reader, usize::MAX, SMALL)
        };
        assert!(taken(&stored).is_err());
        stored[last] ^= 0x01;
        assert!(taken(&stored).unwrap().is_some());
    }

    /// A text that runs on far past its base's end (cases added after it) comes back whole.
    #[test]
    fn a_text_longer_than_its_base_comes_back_whole() {
        let base = base_text();
        let added: String = (0..20_000).map(|n| format!("added {}\n", n * 13)).collect();
        let text = format!("{base}{added}");
        let diff = difference(&text, &base);
        let back = decompress(&diff, Some(base.as_bytes()), 1 << 30).unwrap();
        assert_eq!(back, text.as_bytes());
    }

    /// A difference reads the same with its base streamed a part at a time; pieces that go back
    /// in the base (never written so by Casedesk) are refused streamed, and read against the
    /// whole base.
    #[test]
    fn a_difference_reads_the_same_with_its_base_streamed() {
        let base = base_text();
        let text = base.replace("case 2500:", "case 2500 (edited):");
        let diff = difference(&text, &base);
        let streamed = decompress_streamed(&diff, base.as_bytes(), 1 << 30).unwrap();
        assert_eq!(streamed, text.as_bytes());
        let piece = |from: usize, to: usize, text: &str| {
            let part = format!("{from} {to}");
            let mut bytes = skippable(&[PIECE_TAG, part.as_bytes()].concat());
            bytes.extend(frame_against(text.as_bytes(), &base.as_bytes()[from..to]).unwrap());
            bytes
        };
        let backwards = [
            piece(9_000, 12_000, &base[9_000..12_000]),
            piece(0, 3_000, &base[0..3_000]),
            skippable(&[END_TAG, b"6000"].concat()),
        ]
        .concat();
        assert!(decompress_streamed(&backwards, base.as_bytes(), 1 << 30).is_err());
        let whole = decompress(&backwards, Some(base.as_bytes()), 1 << 30).unwrap();
        assert_eq!(
            whole,
            [&base[9_000..12_000], &base[0..3_000]].concat().as_bytes()
        );
        // Not a difference in pieces: nothing to stream.
        let one = compress(text.as_bytes()).unwrap();
        assert!(decompress_streamed(&one, base.as_bytes(), 1 << 30).is_err());
    }

    /// A difference written as one frame against the whole base, before pieces, still opens.
    #[test]
    fn a_difference_of_one_frame_still_opens() {
        let base = base_text();
        let text = base.replace("case 2500:", "case 2500 (edited):");
        let mut encoder =
            zstd::stream::Encoder::with_ref_prefix(Vec::new(), LEVEL, base.as_bytes()).unwrap();
        encoder.include_checksum(true).unwrap();
        encoder.write_all(text.as_bytes()).unwrap();
        let diff = encoder.finish().unwrap();
        let back = decompress(&diff, Some(base.as_bytes()), 1 << 30).unwrap();
        assert_eq!(back, text.as_bytes());
    }

    /// A base is read back as it was stored, whole or compressed.
    #[test]
    fn a_base_reads_as_its_text_compressed_or_not() {
        let base = base_text();
        for stored in [
            compress(base.as_bytes()).unwrap(),
            base.clone().into_bytes(),
        ] {
            let mut read = String::new();
            decompressing(&stored[..])
                .unwrap()
                .read_to_string(&mut read)
                .unwrap();
            assert_eq!(read, base);
        }
        let difference = [base_header("casebook.1.ron"), difference(&base, &base)].concat();
        assert!(decompressing(&difference[..]).is_err());
    }
}
