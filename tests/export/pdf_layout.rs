//! The PDF as a reader gets it: Urdu and English in logical order (`pdftotext`), tagged with
//! its language (`pdfinfo`), a very long name wholly there, and nothing running into the
//! running header, the footer, the marking or off the page (`pdftotext -bbox`).

use super::fixture::{fixture, meta, now};
use super::{pdf_text, summary};
use casedesk::domain::{Casebook, Command, Ctx, ExportProfile, SeededIds};
use casedesk::export::Format;
use casedesk::export::doc::{Block, Doc, Section, Table};
use std::process::Command as Process;

const PAGE_H: f32 = 841.89;
const MARKING: &str = "OFFICIAL-SENSITIVE";
const MIXED: &str = "Request re (ملزم کی حوالگی accused) from FIA";

fn apply(book: &mut Casebook, command: Command) {
    book.apply(
        command,
        &mut Ctx {
            now: now(),
            ids: &mut SeededIds::new(7),
        },
    )
    .unwrap();
}

/// The fixture with the first case's note and summary replaced, and the requested person
/// renamed.
fn with_text(note: &str, summary_text: &str, name: &str) -> Casebook {
    let mut book = fixture();
    let case = book.case_by_reference("EI-2026-0001").unwrap();
    let mut details = case.details.clone();
    details.notes[0].text = note.into();
    details.summary = summary_text.into();
    let id = case.id;
    apply(
        &mut book,
        Command::UpdateCase {
            case: id,
            details: Box::new(details),
        },
    );
    let mut person = book
        .people()
        .iter()
        .find(|p| p.name == "Muhammad Imrān")
        .unwrap()
        .clone();
    person.name = name.into();
    apply(&mut book, Command::SavePerson(Box::new(person)));
    book
}

fn pdf_of(book: &Casebook) -> Vec<u8> {
    summary(book, ExportProfile::Full, Format::Pdf).bytes
}

/// What `tool` (a poppler utility) prints for the PDF `bytes`, with `args` before the file.
fn poppler(tool: &str, args: &[&str], bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = Process::new(tool)
        .args(args)
        .arg(&path)
        .args(if tool == "pdfinfo" {
            &[][..]
        } else {
            &["-"][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) is not installed: {e}"));
    assert!(out.status.success(), "{tool}: {:?}", out);
    String::from_utf8(out.stdout).unwrap()
}

/// A name of `len` characters in Greek letters, which nothing else in the summary uses, in
/// words of 1 to 12 letters; with `spaces` false, one word.
fn greek_name(len: usize, spaces: bool) -> String {
    let letters: Vec<char> = "αβγδεζηθικλμνξοπρστυφχψω".chars().collect();
    let mut name = String::new();
    let mut state = 12345u32;
    while name.chars().count() < len {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let i = (state >> 16) as usize;
        if spaces && i.is_multiple_of(9) && !name.ends_with(' ') && !name.is_empty() {
            name.push(' ');
        } else {
            name.push(letters[i % letters.len()]);
        }
    }
    name.trim_end().to_string()
}

fn greek(text: &str) -> String {
    text.chars().filter(|c| ('α'..='ω').contains(c)).collect()
}

/// The letters and words of `text` in the order a reader gets them: pdftotext marks text it
/// found right to left with embedding controls and breaks lines where it likes, so both are
/// left out.
fn reading(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{202A}'..='\u{202E}'))
        .collect()
}

#[test]
fn urdu_and_english_in_one_note_read_in_logical_order() {
    let book = with_text(MIXED, "ملزم کی حوالگی کی درخواست", "Muhammad Imrān");
    let bytes = pdf_of(&book);
    for args in [&["-raw"][..], &[][..]] {
        let text = reading(&poppler("pdftotext", args, &bytes));
        assert!(
            text.contains(&reading(MIXED)),
            "pdftotext {args:?}:\n{text}"
        );
        // A paragraph wholly in Urdu too.
        assert!(
            text.contains(&reading("ملزم کی حوالگی کی درخواست")),
            "{text}"
        );
    }
}

#[test]
fn the_pdf_is_tagged_with_its_language_and_claims_pdf_ua() {
    let bytes = pdf_of(&with_text(MIXED, "Summary", "Muhammad Imrān"));
    let info = poppler("pdfinfo", &[], &bytes);
    assert!(tagged(&info), "{info}");
    let meta = poppler("pdfinfo", &["-meta"], &bytes);
    assert!(meta.contains("en-GB"), "{meta}");
    assert!(
        meta.contains("pdfuaid:part") || meta.contains("pdfuaid"),
        "{meta}"
    );
}

#[test]
fn a_character_no_shipped_font_has_is_drawn_as_a_box_in_a_tagged_pdf_without_the_claim() {
    let bytes = pdf_of(&with_text(
        "Seen at 漢 restaurant",
        "Summary",
        "Muhammad Imrān",
    ));
    let info = poppler("pdfinfo", &[], &bytes);
    assert!(tagged(&info), "{info}");
    let meta = poppler("pdfinfo", &["-meta"], &bytes);
    assert!(!meta.contains("pdfuaid"), "{meta}");
    assert!(reading(&pdf_text(&bytes)).contains("Seenat漢restaurant"));
}

/// Whether `pdfinfo` says the PDF is tagged.
fn tagged(info: &str) -> bool {
    info.lines()
        .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["Tagged:", "yes"])
}

/// Every page of `bytes` has the marking at its head and foot and its number of the total.
fn every_page_marked(bytes: &[u8]) -> usize {
    let text = pdf_text(bytes);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    for (n, page) in pages.iter().enumerate() {
        // At the head and at the foot, where it stands alone on its line.
        let head = page.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        assert!(head.contains(MARKING), "page {}:\n{page}", n + 1);
        assert!(
            page.lines().any(|l| l.trim() == MARKING),
            "page {}:\n{page}",
            n + 1
        );
        let number = format!("page {} of {}", n + 1, pages.len());
        assert!(page.contains(&number), "{number}:\n{page}");
    }
    pages.len()
}

/// No word drawn between the rules under the head and over the foot crosses either, and
/// none runs past the margins.
fn nothing_covers_the_head_or_foot(bytes: &[u8]) {
    let html = poppler("pdftotext", &["-bbox"], bytes);
    let number = |word: &str, key: &str| -> f32 {
        let from = word.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
        word[from..].split('"').next().unwrap().parse().unwrap()
    };
    let mut words = 0;
    for word in html.split("<word ").skip(1) {
        let (x0, y0) = (number(word, "xMin"), number(word, "yMin"));
        let (x1, y1) = (number(word, "xMax"), number(word, "yMax"));
        let text = word.split('>').nth(1).unwrap().split('<').next().unwrap();
        let head = y1 <= 40.0;
        let foot = y0 >= PAGE_H - 46.0;
        assert!(
            head || foot || (y0 >= 40.6 && y1 <= PAGE_H - 46.0),
            "{text:?} crosses a rule: y {y0}..{y1}"
        );
        assert!(
            x0 >= 41.0 && x1 <= 595.28 - 41.0,
            "{text:?} runs into the margin: x {x0}..{x1}"
        );
        words += 1;
    }
    assert!(words > 100, "{html}");
}

#[test]
fn a_10000_character_name_is_wholly_there_and_every_page_is_marked() {
    for spaces in [true, false] {
        let name = greek_name(10_000, spaces);
        assert_eq!(name.chars().count(), 10_000);
        let book = with_text(MIXED, &"A long summary of the request. ".repeat(60), &name);
        let bytes = pdf_of(&book);
        let text = pdf_text(&bytes);
        assert_eq!(greek(&text), greek(&name), "the name is cut");
        assert!(every_page_marked(&bytes) >= 3);
        nothing_covers_the_head_or_foot(&bytes);
    }
}

/// A row taller than a page, in a table and in label and value fields, goes on over the next
/// pages with every line of both columns.
#[test]
fn a_row_taller_than_a_page_goes_on_over_the_next_pages() {
    let name = greek_name(10_000, false);
    let lines: String = (1..=150).map(|i| format!("line {i}\n")).collect();
    let mut doc = Doc::new("Case summary", MARKING.into(), &meta(), ExportProfile::Full);
    doc.sections.push(Section {
        heading: "EI-2026-0001".into(),
        running_head: "EI-2026-0001".into(),
        blocks: vec![
            Block::Fields(vec![
                ("Name".into(), name.clone()),
                (lines.clone(), "x".into()),
            ]),
            Block::Table(Table::new(
                &["Written", "Note"],
                vec![vec![lines.clone(), name.clone()]],
            )),
        ],
    });
    let bytes = casedesk::export::pdf::render(&doc).unwrap();
    let text = pdf_text(&bytes);
    assert_eq!(greek(&text), greek(&name).repeat(2));
    for i in 1..=150 {
        assert_eq!(text.matches(&format!("line {i}\n")).count(), 2, "line {i}");
    }
    every_page_marked(&bytes);
    nothing_covers_the_head_or_foot(&bytes);
}
