//! Opening a large casebook straight from its file, in parts, on every core. Each part of the
//! cases list is read from the file, parsed and dropped by whichever core is free, while another
//! thread reads the file once more to check its checksum. So the whole text is never in memory
//! at once (a 100,000-case casebook is over 600 MB of it), and reading, checking and parsing
//! overlap instead of following one another.
//!
//! Only a plain (not encrypted) schema 2 or 3 file laid out as Casedesk writes it (`parts.rs`) is
//! opened this way. Anything else, or any part that does not read, gives `None`, and the caller
//! reads the file whole, which opens what can be opened and names what is wrong.

use super::format::{CaseV2, FileV2};
use super::integrity::{Summer, digits_span, judge};
use super::parts::{CASE_START, CASES_CLOSE, CASES_OPEN};
use super::reader;
use super::reading::{FORMAT, Loaded, MAX_FILE_BYTES, header_version};
use crate::domain::Case;
use memchr::memmem;
use std::fs::File;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Below this, reading the file whole is as quick.
const MIN_STREAM_BYTES: u64 = 16 << 20;
/// How much is read at a time while looking for the cases list and checking the checksum.
const CHUNK: usize = 4 << 20;
/// How far past a cut point a case is looked for first (a case is a few kilobytes), and at
/// most.
const WINDOW: usize = 64 << 10;
const MAX_WINDOW: usize = 1 << 20;
/// The most read while looking for the cases list: the people, agencies and contacts before it
/// are a fraction of a casebook.
const MAX_HEAD: usize = 256 << 20;
/// Parts per core: enough that a core slowed by the checksum thread does not hold up the rest,
/// and that the core parsing the last part keeps the others waiting a short while. With 8, a
/// 100,000-case casebook was cut in 45 MB parts on two cores and one core idled 130-155 ms at
/// the end; with 32, in 11 MB parts.
const PARTS_PER_CORE: usize = 32;
/// The least a part holds where there are more parts than cores: each cut is looked for on one
/// thread before the parsing starts, so many cores do not make many small parts.
const MIN_PART_BYTES: usize = 4 << 20;

/// The casebook in `file` (`size` bytes), read in parts; `None` if it is not one this reads.
/// `nesting` is the whole file's limit; a case sits two levels down in it.
pub(super) fn open_file(file: &File, size: u64, nesting: usize) -> Option<Loaded> {
    if !(MIN_STREAM_BYTES..=MAX_FILE_BYTES).contains(&size) {
        return None;
    }
    // The parts and the checksum are separate reads: a file rewritten in place meanwhile (a
    // sync client writing into it) could pass the checksum on bytes that were not parsed. Then
    // it is read again whole, where the checksum covers exactly what is parsed.
    let before = unchanged_since(file)?;
    let loaded = read_in_parts(file, usize::try_from(size).ok()?, nesting)?;
    (unchanged_since(file)? == before).then_some(loaded)
}

/// What says whether a file was written to: its length and modification time.
fn unchanged_since(file: &File) -> Option<(u64, std::time::SystemTime)> {
    let meta = file.metadata().ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

fn read_in_parts(file: &File, size: usize, nesting: usize) -> Option<Loaded> {
    let mut first = Vec::new();
    read_onto(file, CHUNK, &mut first)?;
    if super::crypt::is_encrypted(&first) {
        return None;
    }
    // The chunk may end inside a character: what comes before it is text.
    let text = match std::str::from_utf8(&first) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&first[..e.valid_up_to()]).ok()?,
    };
    if !matches!(
        header_version(text),
        Some(2..=super::format::SCHEMA_VERSION)
    ) {
        return None;
    }
    let digits = digits_span(text);
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let next = AtomicUsize::new(0);
    // Where the parts are cut, found once the thread that reads the checksum has started; the
    // threads that parse the parts borrow it for as long as they run.
    let cut = std::sync::OnceLock::new();
    // Set when this read gives up (the caller reads the file whole instead), so that the
    // threads still reading stop at their next chunk or part rather than read on.
    let given_up = AtomicBool::new(false);
    std::thread::scope(|scope| {
        // The checksum needs only where its digits are, in the first lines: it reads the file
        // while the rest of the head (tens of megabytes of people) is read and the cases list
        // is cut, on a core that would otherwise wait.
        let sum = digits.map(|d| scope.spawn(|| checksum(file, size, d, &given_up)));
        let loaded = (|| {
            let head = read_head(file, first)?;
            let body_start = head.len();
            let close = find_close(file, size)?;
            let cuts = cut.get_or_init(|| {
                let parts = part_count((close + 1).saturating_sub(body_start), workers);
                cuts(file, body_start, close + 1, parts)
            });
            let cuts = cuts.as_deref()?;
            let parsed: Vec<_> = (0..workers)
                .map(|_| {
                    scope.spawn(|| {
                        let parsed =
                            parse_parts(file, cuts, &next, &given_up, nesting.saturating_sub(2));
                        if parsed.is_none() {
                            given_up.store(true, Ordering::Relaxed);
                        }
                        parsed
                    })
                })
                .collect();
            // The header as a file of its own: the head with its cases list closed, empty.
            let mut header = head;
            header.push_str("],\n)");
            let book: FileV2 = reader::from_str(&header, nesting).ok()?;
            let mut parts = Vec::new();
            for worker in parsed {
                parts.extend(worker.join().ok()??);
            }
            parts.sort_unstable_by_key(|(i, _)| *i);
            let mut cases = Vec::with_capacity(parts.iter().map(|(_, cases)| cases.len()).sum());
            cases.extend(parts.into_iter().flat_map(|(_, cases)| cases));
            if book.format != FORMAT {
                return None;
            }
            let sum = match sum {
                Some(thread) => Some(thread.join().ok()??),
                None => None,
            };
            let integrity = judge(
                &header,
                book.checksum.as_deref(),
                book.schema_version,
                |_| sum.unwrap_or_default(),
            );
            let checksum = book.checksum.as_deref().map(str::to_string);
            Some(Loaded {
                book: book.into_casebook_with(cases),
                integrity,
                checksum,
            })
        })();
        if loaded.is_none() {
            given_up.store(true, Ordering::Relaxed);
        }
        loaded
    })
}

/// The file's text up to and including the line that opens the cases list, read on from
/// `head`, its first bytes.
fn read_head(file: &File, mut head: Vec<u8>) -> Option<String> {
    let mut searched_from = 0;
    loop {
        if let Some(at) = memmem::find(&head[searched_from..], CASES_OPEN.as_bytes()) {
            head.truncate(searched_from + at + CASES_OPEN.len());
            return String::from_utf8(head).ok();
        }
        // Laid out otherwise (the list on one line, Windows line ends): not worth reading on.
        if head.len() > MAX_HEAD {
            return None;
        }
        searched_from = head.len().saturating_sub(CASES_OPEN.len());
        // Read straight onto the end of the head: the head of a large casebook (its people)
        // is tens of megabytes, not worth copying twice.
        let before = head.len();
        read_onto(file, CHUNK, &mut head)?;
        if head.len() == before {
            return None;
        }
    }
}

/// Where the cases list closes: the file ends with it.
fn find_close(file: &File, size: usize) -> Option<usize> {
    // Bytes, not text: the last few kilobytes may start inside a character.
    let from = size.saturating_sub(4096);
    let tail = read_at(file, from, size - from)?;
    let close = CASES_CLOSE.as_bytes();
    let at = tail.windows(close.len()).rposition(|w| w == close)?;
    tail[at + close.len()..]
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .then_some(from + at)
}

/// How many parts a cases list of `length` bytes is cut into for `workers` cores.
fn part_count(length: usize, workers: usize) -> usize {
    (workers * PARTS_PER_CORE).min((length / MIN_PART_BYTES).max(workers))
}

/// The cases list `[start, end)` cut into `n` parts or fewer, each starting where a case starts
/// (a cut that lands inside a string that looks like one makes its parts fail to parse, and the
/// caller reads the file whole).
fn cuts(file: &File, start: usize, end: usize, n: usize) -> Option<Vec<(usize, usize)>> {
    // A list that closes before it opens (a damaged file) is not cut: the file is read whole.
    let length = end.checked_sub(start)?;
    let mut parts = Vec::with_capacity(n);
    let mut from = start;
    for i in 1..n {
        let target = (start + length * i / n).max(from);
        let found = [WINDOW, MAX_WINDOW].into_iter().find_map(|len| {
            let window = read_at(file, target, len.min(end - target))?;
            memmem::find(&window, CASE_START.as_bytes())
        });
        let Some(at) = found else {
            continue;
        };
        let cut = target + at + 1;
        if cut > from {
            parts.push((from, cut));
            from = cut;
        }
    }
    parts.push((from, end));
    Some(parts)
}

/// Parses the parts numbered by `next` until none is left, each read from the file into the
/// same buffer and parsed from there; `None` if one does not read or the read was given up.
fn parse_parts(
    file: &File,
    parts: &[(usize, usize)],
    next: &AtomicUsize,
    given_up: &AtomicBool,
    nesting: usize,
) -> Option<Vec<(usize, Vec<Case>)>> {
    let mut done = Vec::new();
    let mut buffer = Vec::new();
    loop {
        if given_up.load(Ordering::Relaxed) {
            return None;
        }
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(&(from, to)) = parts.get(i) else {
            return Some(done);
        };
        read_into(file, from, to - from, &mut buffer)?;
        let text = std::str::from_utf8(&buffer).ok()?;
        // Each case is built as it is read, on the core that read it: its lists are fitted
        // (`vec_map::fit`) while the buffers they grew in can still be taken by the next case.
        done.push((
            i,
            reader::list_items(text, nesting, CaseV2::into_case).ok()?,
        ));
    }
}

/// The file's checksum, read from the file a chunk at a time with the header's digits as zeros.
fn checksum(
    file: &File,
    size: usize,
    digits: super::integrity::Digits,
    given_up: &AtomicBool,
) -> Option<String> {
    let mut sum = Summer::new(digits);
    let mut chunk = Vec::new();
    let mut at = 0;
    while at < size {
        if given_up.load(Ordering::Relaxed) {
            return None;
        }
        read_into(file, at, CHUNK.min(size - at), &mut chunk)?;
        if chunk.is_empty() {
            return None;
        }
        sum.update(&chunk);
        at += chunk.len();
    }
    Some(sum.finish())
}

/// Up to `len` bytes of `file` from `offset` (fewer only at its end).
fn read_at(file: &File, offset: usize, len: usize) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    read_into(file, offset, len, &mut bytes)?;
    Some(bytes)
}

/// Reads up to `len` bytes of `file` from `offset` into `bytes` (fewer only at its end),
/// reusing its memory: pages a part has already touched are not faulted in again.
fn read_into(file: &File, offset: usize, len: usize, bytes: &mut Vec<u8>) -> Option<()> {
    read_from(file, offset, len, bytes, 0)
}

/// Appends up to `len` bytes of `file` to `bytes`, read from where `bytes` ends in the file.
fn read_onto(file: &File, len: usize, bytes: &mut Vec<u8>) -> Option<()> {
    let end = bytes.len();
    read_from(file, end, len, bytes, end)
}

/// Puts up to `len` bytes of `file` from `offset` in `bytes` after its first `keep` (fewer
/// only at its end), which is then as long as what it holds.
fn read_from(
    file: &File,
    offset: usize,
    len: usize,
    bytes: &mut Vec<u8>,
    keep: usize,
) -> Option<()> {
    // Only bytes beyond what `bytes` held are zeroed before they are read over: zeroing a
    // whole part again for every part read was 2 % of the CPU time of opening (perf).
    bytes.resize(keep + len, 0);
    let mut filled = 0;
    while filled < len {
        match read_at_offset(file, &mut bytes[keep + filled..], (offset + filled) as u64) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    bytes.truncate(keep + filled);
    Some(())
}

#[cfg(unix)]
fn read_at_offset(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at_offset(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Integrity;
    use chrono::NaiveDate;
    use std::path::Path;

    const NESTING: usize = 64;

    fn saved(cases: usize) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casebook.ron");
        let book =
            crate::sample::generate(cases, 6, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        crate::store::save(&path, &book, "2026-11-23T00:00:00Z".parse().unwrap()).unwrap();
        (dir, path)
    }

    fn in_parts(path: &Path) -> Option<Loaded> {
        let file = File::open(path).unwrap();
        let size = file.metadata().unwrap().len() as usize;
        read_in_parts(&file, size, NESTING)
    }

    fn whole(path: &Path) -> Loaded {
        let bytes = std::fs::read(path).unwrap();
        crate::store::open_str(std::str::from_utf8(&bytes).unwrap(), path).unwrap()
    }

    #[test]
    fn a_casebook_read_in_parts_from_its_file_is_the_casebook_read_whole() {
        let (_dir, path) = saved(300);
        let parts = in_parts(&path).expect("the layout Casedesk writes reads in parts");
        let whole = whole(&path);
        assert_eq!(parts.integrity, Integrity::Verified);
        assert_eq!(parts.book.cases().len(), 300);
        assert_eq!(parts.book, whole.book);
    }

    #[test]
    fn the_end_is_found_when_the_last_kilobytes_start_inside_a_character() {
        let (_dir, path) = saved(300);
        let text = std::fs::read_to_string(&path).unwrap();
        // A two-byte character straddling the point 4,096 bytes before the end.
        let at = text.len() - 4096 - 1;
        let edited = format!("{}é{}", &text[..at], &text[at + 2..]);
        assert!(!edited.is_char_boundary(edited.len() - 4096));
        std::fs::write(&path, &edited).unwrap();
        let file = File::open(&path).unwrap();
        assert_eq!(
            find_close(&file, edited.len()),
            Some(edited.rfind(CASES_CLOSE).unwrap())
        );
    }

    #[test]
    fn the_cuts_cover_the_cases_list_each_at_the_start_of_a_case() {
        let (_dir, path) = saved(300);
        let text = std::fs::read_to_string(&path).unwrap();
        let file = File::open(&path).unwrap();
        let start = text.find(CASES_OPEN).unwrap() + CASES_OPEN.len();
        let end = text.rfind(CASES_CLOSE).unwrap() + 1;
        let cuts = cuts(&file, start, end, 8).unwrap();
        assert!(cuts.len() > 2, "{} parts", cuts.len());
        assert_eq!(cuts.first().unwrap().0, start);
        assert_eq!(cuts.last().unwrap().1, end);
        for pair in cuts.windows(2) {
            assert_eq!(pair[0].1, pair[1].0);
            assert!(text[pair[1].0..].starts_with("  (\n"));
        }
    }

    /// Parts of 4 MB or more wherever there are more parts than cores, and at most 32 a core:
    /// many cores do not cut a small list into many small parts.
    #[test]
    fn a_list_is_cut_in_parts_neither_too_many_nor_too_small() {
        const MB: usize = 1 << 20;
        assert_eq!(part_count(650 * MB, 2), 64);
        assert_eq!(part_count(650 * MB, 32), 162);
        assert_eq!(part_count(16 * MB, 2), 4);
        assert_eq!(part_count(16 * MB, 32), 32);
        assert_eq!(part_count(0, 2), 2);
    }

    #[test]
    fn a_byte_changed_outside_casedesk_is_found_as_when_read_whole() {
        let (_dir, path) = saved(300);
        let text = std::fs::read_to_string(&path).unwrap();
        let at = text.rfind("summary: \"").unwrap() + 10;
        let changed = format!("{}X{}", &text[..at], &text[at + 1..]);
        std::fs::write(&path, changed).unwrap();
        let parts = in_parts(&path).unwrap();
        assert_eq!(parts.integrity, Integrity::Altered);
        assert_eq!(whole(&path).integrity, Integrity::Altered);
        assert_eq!(parts.book, whole(&path).book);
    }

    #[test]
    fn what_does_not_read_in_parts_is_left_to_the_whole_read() {
        let (_dir, path) = saved(300);
        let text = std::fs::read_to_string(&path).unwrap();
        let at = text.rfind("status: ").unwrap();
        let cases = [
            // A mistake in the last case: the whole read names it.
            format!("{}status: Nowhere{}", &text[..at], &text[at + 8..]),
            // Something after the cases list.
            format!("{})", text.trim_end()),
            // Schema 1.
            text.replacen(
                &format!("schema_version: {}", crate::store::format::SCHEMA_VERSION),
                "schema_version: 1",
                1,
            ),
        ];
        for (i, edited) in cases.iter().enumerate() {
            std::fs::write(&path, edited).unwrap();
            assert!(in_parts(&path).is_none(), "case {i}");
        }
        let key = crate::store::Key::with_test_work_factor("correct horse", 4);
        let book = whole_book(&text);
        crate::store::save_with(
            &path,
            &book,
            "2026-11-23T00:00:00Z".parse().unwrap(),
            Some(&key),
        )
        .unwrap();
        assert!(in_parts(&path).is_none(), "encrypted");
    }

    fn whole_book(text: &str) -> crate::domain::Casebook {
        crate::store::open_str(text, Path::new("x.ron"))
            .unwrap()
            .book
    }

    #[test]
    fn a_line_break_in_a_string_that_looks_like_a_case_reads_as_it_does_whole() {
        let (_dir, path) = saved(300);
        let text = std::fs::read_to_string(&path).unwrap();
        let edited = text.replace("summary: \"", "summary: \"\n  (\n");
        std::fs::write(&path, &edited).unwrap();
        if let Some(parts) = in_parts(&path) {
            assert_eq!(parts.book, whole(&path).book);
        }
        let opened = crate::store::open(&path, None).unwrap();
        assert!(
            opened.book.cases()[0]
                .details
                .summary
                .starts_with("\n  (\n")
        );
    }
}
