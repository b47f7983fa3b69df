//! Parsing a large casebook on every core. The cases of a file written by Casedesk are split at
//! case boundaries and parsed in parts, beside the header, so a 100,000-case casebook opens in
//! about a second on two cores rather than two.
//!
//! Both the parts and the header are read by the fast reader (`reader.rs`).
//!
//! Only text laid out as [`super::format`] writes it is split: the `cases` list opens on a line
//! of its own, each case starts on a line `  (` and the list closes the file. Anything else, or
//! a part that does not parse, returns `None`, and the caller parses the whole text in one go,
//! which also names the line and column of an error. A part starts where a case starts, so it
//! parses only if it ends where a case ends: a split inside a string or a comment cannot parse.

use super::reader;
use serde::de::DeserializeOwned;

/// Below this, one parse is about as quick as splitting.
const MIN_SPLIT_BYTES: usize = 1 << 20;
pub(super) const CASES_OPEN: &str = "\n cases: [\n";
pub(super) const CASES_CLOSE: &str = "\n ],\n)";
pub(super) const CASE_START: &str = "\n  (\n";

/// The file (of any schema version: `cases` reaches its case list) parsed in parts, or `None`
/// when it is small, laid out otherwise, or a part fails. `nesting` is the whole file's limit;
/// a case sits two levels down in it.
pub(super) fn parse<F: DeserializeOwned, C: DeserializeOwned + Send>(
    text: &str,
    nesting: usize,
    cases: fn(&mut F) -> &mut Vec<C>,
) -> Option<F> {
    if text.len() < MIN_SPLIT_BYTES {
        return None;
    }
    let open = text.find(CASES_OPEN)?;
    let body_start = open + CASES_OPEN.len();
    let close = text.rfind(CASES_CLOSE)?;
    // Only the whitespace `ron` allows after a value; Unicode's wider set would let through a
    // file `ron` refuses.
    let after = &text.as_bytes()[close + CASES_CLOSE.len()..];
    if close < body_start
        || !after
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        return None;
    }
    let body = &text[body_start..=close];
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let parts = split(body, threads.max(2));
    let head = format!("{}],\n)", &text[..body_start]);
    let in_list = nesting.checked_sub(2)?;
    std::thread::scope(|scope| {
        let parsed: Vec<_> = parts
            .iter()
            .map(|part| scope.spawn(move || cases_in::<C>(part, in_list)))
            .collect();
        let mut file: F = reader::from_str(&head, nesting).ok()?;
        for part in parsed {
            cases(&mut file).extend(part.join().ok()??);
        }
        Some(file)
    })
}

/// `body` cut into about `n` parts, each starting where a case does.
fn split(body: &str, n: usize) -> Vec<&str> {
    let mut parts = Vec::with_capacity(n);
    let mut start = 0;
    for i in 1..n {
        let target = (body.len() * i / n).max(start);
        let Some(target) = (target..body.len()).find(|&t| body.is_char_boundary(t)) else {
            break;
        };
        let Some(at) = body[target..].find(CASE_START) else {
            break;
        };
        let cut = target + at + 1;
        parts.push(&body[start..cut]);
        start = cut;
    }
    parts.push(&body[start..]);
    parts
}

/// The cases written one after another in `part`, each followed by a comma.
fn cases_in<C: DeserializeOwned>(part: &str, nesting: usize) -> Option<Vec<C>> {
    reader::list_items(part, nesting, |case| case).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::format::{CaseV2, FileV2};
    use chrono::NaiveDate;

    const NESTING: usize = 64;

    fn written(cases: usize) -> String {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let book = crate::sample::generate(cases, 5, today);
        crate::store::serialize(&book, "2026-11-23T00:00:00Z".parse().unwrap()).unwrap()
    }

    fn parse_v2(text: &str) -> Option<FileV2<'static>> {
        parse(text, NESTING, |f: &mut FileV2| &mut f.cases)
    }

    fn whole(text: &str) -> crate::domain::Casebook {
        let file: FileV2 = ron::Options::default()
            .with_recursion_limit(NESTING)
            .from_str(text)
            .unwrap();
        file.into_casebook()
    }

    #[test]
    fn a_casebook_parsed_in_parts_is_the_casebook_parsed_whole() {
        let text = written(500);
        assert!(text.len() > MIN_SPLIT_BYTES, "{} bytes", text.len());
        let parsed = parse_v2(&text).expect("the layout Casedesk writes splits");
        assert_eq!(parsed.into_casebook(), whole(&text));
    }

    #[test]
    fn parts_start_where_cases_start_and_cover_the_list() {
        let text = written(60);
        let body = &text[text.find(CASES_OPEN).unwrap() + CASES_OPEN.len()..];
        let parts = split(body, 4);
        assert_eq!(parts.len(), 4);
        assert!(parts.iter().all(|p| p.starts_with("  (\n")));
        assert_eq!(parts.concat(), body);
    }

    #[test]
    fn a_part_cut_inside_a_string_does_not_parse() {
        // A summary typed with raw line breaks that look like the start of a case.
        let text = written(3).replace("summary: \"", "summary: \"\n  (\n");
        let body = &text[text.find(CASES_OPEN).unwrap() + CASES_OPEN.len()..];
        let fake = body.find("\"\n  (\n").unwrap() + 2;
        assert!(cases_in::<CaseV2>(&body[..fake], NESTING).is_none());
        assert!(cases_in::<CaseV2>(&body[fake..], NESTING).is_none());
        let end = body.rfind(CASES_CLOSE).unwrap() + 1;
        assert_eq!(cases_in::<CaseV2>(&body[..end], NESTING).unwrap().len(), 3);
    }

    #[test]
    fn text_laid_out_otherwise_or_wrong_in_a_part_is_left_to_the_whole_parse() {
        let text = written(500);
        // The cases list written on one line.
        let one_line = text.replacen(CASES_OPEN, "\n cases: [", 1);
        assert!(parse_v2(&one_line).is_none());
        // Something after the cases list, even a space `ron` does not count as one.
        let trailing = format!("{})", text.trim_end());
        assert!(parse_v2(&trailing).is_none());
        let no_break_space = format!("{}\u{a0}", text.trim_end());
        assert!(parse_v2(&no_break_space).is_none());
        assert!(ron::from_str::<FileV2>(&no_break_space).is_err());
        // A mistake in the last case.
        let at = text.rfind("status: ").unwrap();
        let broken = format!("{}status: Nowhere{}", &text[..at], &text[at + 8..]);
        assert!(parse_v2(&broken).is_none());
    }

    #[test]
    fn strings_with_line_breaks_that_look_like_cases_read_as_they_do_whole() {
        let text = written(500).replace("summary: \"", "summary: \"\n  (\n");
        let book = crate::store::open_str(&text, std::path::Path::new("x.ron"))
            .unwrap()
            .book;
        assert!(book.cases()[0].details.summary.starts_with("\n  (\n"));
        assert_eq!(book, whole(&text));
    }
}
