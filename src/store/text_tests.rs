//! The fast writer and reader (`writer.rs`, `reader.rs`) against the `ron` crate, the reference:
//! the writer must write the very text `ron` writes, and whatever the reader accepts it must
//! read as `ron` reads it.

use super::format::{FileV2, RECORD_DEPTH};
use super::{reader, writer};
use chrono::NaiveDate;
use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const NESTING: usize = 64;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Country(String);

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
enum Detail {
    Channel,
    Note,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum Value {
    Text(String),
    Count(u32),
    Pair(i64, bool),
    Record { label: String, required: bool },
    Nothing,
}

/// Every shape serde has that Casedesk's files use, nested past the one-line depth.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sample {
    text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    maybe: Option<String>,
    country: Country,
    values: Vec<Value>,
    details: BTreeMap<Detail, Value>,
    nested: Vec<Vec<Vec<Option<Country>>>>,
    tuple: (u8, i32, bool),
    empty: Vec<u64>,
    flag: bool,
    unit: (),
}

fn text_strategy() -> impl Strategy<Value = String> {
    // Quotes, backslashes, control and combining characters, and ordinary text.
    prop_oneof![
        ".*",
        "[a-z \"'\\\\\n\t\r\u{0}\u{7f}\u{301}é€😀-]{0,12}",
        Just(String::new()),
    ]
}

fn value_strategy() -> impl Strategy<Value = Value> {
    prop_oneof![
        text_strategy().prop_map(Value::Text),
        any::<u32>().prop_map(Value::Count),
        (any::<i64>(), any::<bool>()).prop_map(|(n, b)| Value::Pair(n, b)),
        (text_strategy(), any::<bool>())
            .prop_map(|(label, required)| Value::Record { label, required }),
        Just(Value::Nothing),
    ]
}

prop_compose! {
    fn sample()(
        text in text_strategy(),
        maybe in proptest::option::of(text_strategy()),
        country in text_strategy(),
        values in proptest::collection::vec(value_strategy(), 0..4),
        details in proptest::collection::btree_map(
            prop_oneof![Just(Detail::Channel), Just(Detail::Note)], value_strategy(), 0..3),
        nested in proptest::collection::vec(proptest::collection::vec(
            proptest::collection::vec(proptest::option::of(text_strategy().prop_map(Country)), 0..3),
            0..3), 0..3),
        tuple in (any::<u8>(), any::<i32>(), any::<bool>()),
        flag in any::<bool>(),
    ) -> Sample {
        Sample { text, maybe, country: Country(country), values, details, nested, tuple,
            empty: Vec::new(), flag, unit: () }
    }
}

fn ron_pretty<T: Serialize>(value: &T, depth_limit: usize) -> String {
    let config = ron::ser::PrettyConfig::new()
        .indentor(" ")
        .depth_limit(depth_limit)
        .struct_names(false)
        .separate_tuple_members(false);
    ron::ser::to_string_pretty(value, config).unwrap()
}

proptest! {
    #[test]
    fn the_writer_writes_what_ron_writes(value in sample(), depth in 0usize..6) {
        prop_assert_eq!(writer::to_string(&value, depth).unwrap(), ron_pretty(&value, depth));
    }

    #[test]
    fn the_reader_reads_what_ron_reads(value in sample(), depth in 0usize..6) {
        let text = ron_pretty(&value, depth);
        let ours: Sample = reader::from_str(&text, NESTING).unwrap();
        prop_assert_eq!(&ours, &value);
        let theirs: Sample = ron::from_str(&text).unwrap();
        prop_assert_eq!(ours, theirs);
    }

    /// Damaged text: whatever the fast reader still accepts, `ron` must read to the same value.
    #[test]
    fn what_the_reader_accepts_from_damaged_text_ron_reads_the_same(
        value in sample(),
        at in any::<prop::sample::Index>(),
        cut in 0usize..4,
        insert in "[ ,:()\\[\\]{}\"\\\\a-zA-Z0-9_#/*.'-]{0,3}",
    ) {
        let text = ron_pretty(&value, 2);
        let at = at.index(text.len() + 1);
        let (start, end) = (at.min(text.len()), (at + cut).min(text.len()));
        if text.is_char_boundary(start) && text.is_char_boundary(end) {
            let damaged = format!("{}{insert}{}", &text[..start], &text[end..]);
            if let Ok(ours) = reader::from_str::<Sample>(&damaged, NESTING) {
                let theirs: Result<Sample, _> = ron::from_str(&damaged);
                prop_assert_eq!(Some(ours), theirs.ok(), "{}", damaged);
            }
        }
    }
}

/// Text that serializes through `collect_str`, as dates, times and stamps do.
#[derive(Debug)]
struct Shown(String);

impl Serialize for Shown {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// Names `ron` writes raw (keywords, dots and signs), and values written through `Display`.
#[derive(Debug, Serialize)]
struct Unusual {
    #[serde(rename = "true")]
    keyword: Shown,
    #[serde(rename = "a.b-c+d")]
    dotted: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "Some")]
    variant_like: NaiveDate,
    plain: uuid::Uuid,
    value: Value,
}

prop_compose! {
    fn unusual()(
        shown in text_strategy(),
        seconds in 0i64..4_000_000_000,
        nanos in prop_oneof![Just(0u32), 0u32..2_000_000_000],
        days in 0i32..3_000_000,
        id in any::<u128>(),
        value in value_strategy(),
    ) -> Unusual {
        let dotted = chrono::DateTime::from_timestamp(seconds, nanos).unwrap_or_default();
        Unusual {
            keyword: Shown(shown),
            dotted,
            variant_like: NaiveDate::from_num_days_from_ce_opt(days).unwrap_or_default(),
            plain: uuid::Uuid::from_u128(id),
            value,
        }
    }
}

proptest! {
    /// Raw names are remembered by the writer after their first use: written again and again,
    /// in records of several depths, they stay as `ron` writes them.
    #[test]
    fn names_and_displayed_values_are_written_as_ron_writes_them(
        values in proptest::collection::vec(unusual(), 0..4),
        depth in 0usize..4,
    ) {
        prop_assert_eq!(writer::to_string(&values, depth).unwrap(), ron_pretty(&values, depth));
    }
}

#[test]
fn a_name_ron_cannot_write_is_refused_every_time() {
    #[derive(Serialize)]
    struct Spaced {
        #[serde(rename = "two words")]
        field: u8,
    }
    for _ in 0..2 {
        assert!(writer::to_string(&[Spaced { field: 1 }, Spaced { field: 2 }], 1).is_err());
    }
    assert!(ron::ser::to_string(&Spaced { field: 1 }).is_err());
}

fn casebook_text(cases: usize) -> String {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let book = crate::sample::generate(cases, 3, today);
    super::serialize(&book, "2026-11-23T00:00:00Z".parse().unwrap()).unwrap()
}

#[test]
fn a_generated_casebook_reads_as_ron_reads_it() {
    let text = casebook_text(200);
    let ours: FileV2 = reader::from_str(&text, NESTING).unwrap();
    let theirs: FileV2 = ron::from_str(&text).unwrap();
    assert_eq!(ours.into_casebook(), theirs.into_casebook());
}

#[test]
fn a_generated_casebook_is_written_as_ron_writes_it() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let book = crate::sample::generate(120, 4, today);
    let file = FileV2::from_casebook(&book, "2026-11-23T00:00:00Z".parse().unwrap());
    assert_eq!(
        writer::to_string(&file, RECORD_DEPTH).unwrap(),
        ron_pretty(&file, RECORD_DEPTH)
    );
}

/// RON typed by hand (comments, raw strings, struct names, `\x` escapes) is valid, but not what
/// Casedesk writes: the fast reader gives up on it and the `ron` crate reads it.
#[test]
fn ron_beyond_what_casedesk_writes_is_left_to_the_ron_crate_and_still_opens() {
    let text = casebook_text(3);
    let start = text.find("summary: \"").unwrap() + "summary: ".len();
    let end = start + 1 + text[start + 1..].find('"').unwrap();
    let hand_edited = [
        format!("// edited by hand\n{text}"),
        format!(
            "{}r#{}\"#{}",
            &text[..start],
            &text[start..end],
            &text[end + 1..]
        ),
        text.replacen("summary: \"", "summary: \"\\x41", 1),
        text.replacen("settings: (", "settings: Settings(", 1),
    ];
    let path = std::path::Path::new("hand.ron");
    for edited in &hand_edited {
        assert!(
            reader::from_str::<FileV2>(edited, NESTING).is_err(),
            "the fast reader read {}",
            &edited[..200]
        );
        let book = super::open_str(edited, path).expect("ron reads it").book;
        assert_eq!(book.cases().len(), 3);
    }
}

/// Lists of lists, as deep as the text goes.
#[derive(Debug, Deserialize)]
struct Nest(#[allow(dead_code)] Vec<Nest>);

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}{}", "([".repeat(100_000), "])".repeat(100_000));
    let error = reader::from_str::<Nest>(&deep, NESTING).unwrap_err();
    assert_eq!(error.message, "nested too deeply");
    let shallow = format!("{}{}", "([".repeat(10), "])".repeat(10));
    assert!(reader::from_str::<Nest>(&shallow, NESTING).is_ok());
}

/// A tuple reads only as many elements as it has: the reader must still insist on the close.
#[test]
fn a_tuple_or_list_left_open_or_too_long_is_refused_as_ron_refuses_it() {
    for (text, reads) in [
        ("(1, 2)", true),
        ("(1, 2,)", true),
        ("(1, 2,", false),
        ("(1, 2, 3)", false),
        ("(1, 2, ,", false),
    ] {
        let ours = reader::from_str::<(u8, u8)>(text, NESTING);
        let theirs = ron::from_str::<(u8, u8)>(text);
        assert_eq!(ours.is_ok(), reads, "{text}");
        assert_eq!(theirs.is_ok(), reads, "ron on {text}");
    }
    assert!(reader::from_str::<Vec<(u8,)>>("[(1, ]", NESTING).is_err());
    assert!(reader::from_str::<Vec<(u8,)>>("[(1,)]", NESTING).is_ok());
}

#[test]
fn characters_are_written_as_ron_writes_them() {
    let chars = ('\'', '\\', 'é', '\n', '"');
    assert_eq!(writer::to_string(&chars, 0).unwrap(), ron_pretty(&chars, 0));
}

/// An offence's text of the law (several lines, quotes, a backslash, a tab) is written as
/// `ron` writes it and read as `ron` reads it.
#[test]
fn an_offences_text_of_the_law_is_written_and_read_as_ron_does() {
    use crate::domain::{Command, Ctx, SeededIds};
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut book = crate::sample::generate(40, 4, today);
    let edits: Vec<Command> = (book.cases().iter())
        .filter(|c| !c.details.offences.is_empty())
        .map(|c| {
            let mut details = c.details.clone();
            for o in &mut details.offences {
                o.law_text = format!(
                    "(1) Whoever commits \"{}\" shall be\n(2) punished\\ with\timprisonment.",
                    o.statute
                );
            }
            Command::UpdateCase {
                case: c.id,
                details: Box::new(details),
            }
        })
        .collect();
    assert!(!edits.is_empty());
    let mut ids = SeededIds::new(9);
    let mut ctx = Ctx {
        now: "2026-11-23T10:00:00+00:00".parse().unwrap(),
        ids: &mut ids,
    };
    for edit in edits {
        book.apply(edit, &mut ctx).unwrap();
    }
    let file = FileV2::from_casebook(&book, "2026-11-23T00:00:00Z".parse().unwrap());
    let written = writer::to_string(&file, RECORD_DEPTH).unwrap();
    assert_eq!(written, ron_pretty(&file, RECORD_DEPTH));
    assert!(written.contains("law_text: \"(1) Whoever commits \\\""));
    let ours: FileV2 = reader::from_str(&written, NESTING).unwrap();
    let theirs: FileV2 = ron::from_str(&written).unwrap();
    assert_eq!(ours.into_casebook(), theirs.into_casebook());
}
