//! Hostile and damaged files: valid casebooks mutated every way an accident or an attacker
//! might (truncated, bytes flipped, lines duplicated, deleted or swapped, huge strings, deep
//! nesting, wrong types, impossible or extreme dates, unknown states, events out of order or
//! pointing nowhere). Loading must give a clean error or a casebook, and whatever loads must
//! survive what the window and the command line then do with it: check, clocks, the text
//! export, saving. Never a panic, never a hang, and the file is never changed.

use casedesk::domain::{check::check_casebook, clocks};
use casedesk::store;
use chrono::NaiveDate;
use proptest::prelude::*;
use std::sync::OnceLock;
use std::time::Duration;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// A sound sample file with transitions, corrections and deadlines to damage.
fn sound() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        store::serialize(
            &casedesk::sample::generate(6, 3, today()),
            "2026-11-23T10:00:00Z".parse().unwrap(),
        )
        .unwrap()
    })
}

#[derive(Clone, Debug)]
enum Mutation {
    Truncate(prop::sample::Index),
    FlipBits(prop::sample::Index, u8),
    DuplicateLine(prop::sample::Index),
    DeleteLine(prop::sample::Index),
    SwapLines(prop::sample::Index, prop::sample::Index),
    HugeString(prop::sample::Index, usize),
    DeepNesting(prop::sample::Index, usize),
    WrongType(prop::sample::Index, &'static str),
    Date(prop::sample::Index, &'static str),
    UnknownState(prop::sample::Index, &'static str),
    /// Swaps two events' dates: the history no longer runs forwards.
    EventsOutOfOrder(prop::sample::Index, prop::sample::Index),
    /// Replaces one id (a case, event, person, link target, corrected event) with a new one.
    PointNowhere(prop::sample::Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    use Mutation::*;
    let index = any::<prop::sample::Index>;
    prop_oneof![
        index().prop_map(Truncate),
        (index(), 1u8..).prop_map(|(i, m)| FlipBits(i, m)),
        index().prop_map(DuplicateLine),
        index().prop_map(DeleteLine),
        (index(), index()).prop_map(|(a, b)| SwapLines(a, b)),
        (index(), 1usize..2_000_000).prop_map(|(i, n)| HugeString(i, n)),
        (index(), 1usize..100_000).prop_map(|(i, n)| DeepNesting(i, n)),
        (
            index(),
            prop::sample::select(vec![
                "true",
                "-1",
                "4294967296",
                "\"x\"",
                "[]",
                "{}",
                "()",
                "None",
                "Some(1)",
                "1e999",
                "'c'"
            ])
        )
            .prop_map(|(i, v)| WrongType(i, v)),
        (
            index(),
            prop::sample::select(vec![
                "2026-02-30",
                "2026-13-01",
                "0000-00-00",
                "+262142-12-31",
                "-262143-01-01",
                "+999999-01-01",
                "2026-1-1",
                ""
            ])
        )
            .prop_map(|(i, v)| Date(i, v)),
        (
            index(),
            prop::sample::select(vec![
                "Nowhere",
                "Outgoing(PaArrested)",
                "Mla(Draft)",
                "Incoming(Closed)",
                "Incoming()",
                "PaArrested"
            ])
        )
            .prop_map(|(i, v)| UnknownState(i, v)),
        (index(), index()).prop_map(|(a, b)| EventsOutOfOrder(a, b)),
        index().prop_map(PointNowhere),
    ]
}

/// The byte ranges of every match of `find` in `text`, for picking one to change.
fn spans(text: &str, find: impl Fn(&str) -> Option<(usize, usize)>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some((start, end)) = find(&text[at..]) {
        out.push((at + start, at + end));
        at += end.max(start + 1);
        while !text.is_char_boundary(at) {
            at += 1;
        }
    }
    out
}

fn replace_one(
    text: &str,
    spans: &[(usize, usize)],
    i: &prop::sample::Index,
    with: &str,
) -> String {
    if spans.is_empty() {
        return text.to_string();
    }
    let (start, end) = spans[i.index(spans.len())];
    format!("{}{with}{}", &text[..start], &text[end..])
}

/// A quoted date `"YYYY-MM-DD"` (the quotes excluded).
fn date_span(t: &str) -> Option<(usize, usize)> {
    let b = t.as_bytes();
    (0..b.len().saturating_sub(11)).find_map(|i| {
        let s = &b[i..i + 12];
        (s[0] == b'"' && s[11] == b'"' && s[5] == b'-' && s[8] == b'-' && s[1].is_ascii_digit())
            .then_some((i + 1, i + 11))
    })
}

/// A value after `key: ` up to the end of its line, less a trailing comma.
fn value_span(t: &str) -> Option<(usize, usize)> {
    let at = t.find(": ")? + 2;
    let end = at + t[at..].find('\n')?;
    Some((
        at,
        if t[..end].ends_with(',') {
            end - 1
        } else {
            end
        },
    ))
}

fn apply(m: &Mutation, text: &str) -> Vec<u8> {
    use Mutation::*;
    let lines: Vec<&str> = text.lines().collect();
    let join = |l: Vec<&str>| l.join("\n").into_bytes();
    match m {
        Truncate(i) => text.as_bytes()[..i.index(text.len())].to_vec(),
        FlipBits(i, mask) => {
            let mut b = text.as_bytes().to_vec();
            b[i.index(text.len())] ^= mask;
            b
        }
        DuplicateLine(i) => {
            let mut l = lines.clone();
            let at = i.index(l.len());
            l.insert(at, lines[at]);
            join(l)
        }
        DeleteLine(i) => {
            let mut l = lines.clone();
            l.remove(i.index(l.len()));
            join(l)
        }
        SwapLines(a, b) => {
            let mut l = lines.clone();
            let n = l.len();
            l.swap(a.index(n), b.index(n));
            join(l)
        }
        HugeString(i, n) => {
            let strings = spans(text, |t| {
                let s = t.find('"')?;
                let e = s + 1 + t[s + 1..].find('"')?;
                Some((s + 1, e))
            });
            replace_one(text, &strings, i, &"é".repeat(*n / 2)).into_bytes()
        }
        DeepNesting(i, depth) => {
            let values = spans(text, value_span);
            let nested = format!("{}{}", "[".repeat(*depth), "]".repeat(*depth));
            replace_one(text, &values, i, &nested).into_bytes()
        }
        WrongType(i, v) => replace_one(text, &spans(text, value_span), i, v).into_bytes(),
        Date(i, v) => replace_one(text, &spans(text, date_span), i, v).into_bytes(),
        UnknownState(i, v) => {
            let states = spans(text, |t| {
                let s = t.find("Incoming(").or_else(|| t.find("Outgoing("))?;
                Some((s, s + t[s..].find(')')? + 1))
            });
            replace_one(text, &states, i, v).into_bytes()
        }
        EventsOutOfOrder(a, b) => {
            let dates = spans(text, |t| {
                let s = t.find("effective: \"")? + 12;
                t.get(s..s + 10).map(|_| (s, s + 10))
            });
            if dates.len() < 2 {
                return text.as_bytes().to_vec();
            }
            let (x, y) = (dates[a.index(dates.len())], dates[b.index(dates.len())]);
            let (dx, dy) = (&text[x.0..x.1], &text[y.0..y.1]);
            replace_one(&replace_one(text, &[x], a, dy), &[y], b, dx).into_bytes()
        }
        PointNowhere(i) => {
            let ids = spans(text, |t| {
                let dash = t.find("-4")?;
                let s = dash.checked_sub(14)?;
                t.get(s..s + 36)
                    .filter(|id| uuid::Uuid::parse_str(id).is_ok())
                    .map(|_| (s, s + 36))
                    // Not an id: go on after this dash (not a byte at a time, which is
                    // quadratic in the distance to it).
                    .or(Some((dash + 2, dash + 2)))
            })
            .into_iter()
            .filter(|(s, e)| s != e)
            .collect::<Vec<_>>();
            replace_one(text, &ids, i, "0badc0de-0000-4000-8000-000000000000").into_bytes()
        }
    }
}

/// Loads `bytes` from a file and does with the result what the window and `show` do, on a
/// thread with a deadline. Returns whether it loaded.
fn survive(bytes: Vec<u8>) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    std::fs::write(&path, &bytes).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let target = path.clone();
    std::thread::spawn(move || {
        let loaded = store::open(&target, None).map(|loaded| {
            let book = loaded.book;
            let _findings = check_casebook(&book, today());
            for case in book.cases() {
                let _clocks = clocks(case, today(), &book.settings.working_days());
                let _text = casedesk::export::text::case_text(&book, case, today());
            }
            store::serialize(&book, "2026-11-23T10:00:00Z".parse().unwrap()).unwrap();
        });
        let _done = tx.send(loaded.map_err(|e| e.to_string()));
    });
    let result = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("loading hung or panicked");
    if let Err(message) = &result {
        assert!(!message.is_empty());
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "loading changed the file"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "loading wrote a file"
    );
    result.is_ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn a_damaged_file_loads_or_is_refused_cleanly(m in mutation()) {
        survive(apply(&m, sound()));
    }

    #[test]
    fn two_damages_at_once_load_or_are_refused_cleanly(a in mutation(), b in mutation()) {
        let once = String::from_utf8_lossy(&apply(&a, sound())).into_owned();
        survive(apply(&b, &once));
    }
}

#[test]
fn the_sound_sample_loads() {
    assert!(survive(sound().as_bytes().to_vec()));
}

#[test]
fn nesting_beyond_the_limit_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(1_000_000), "]".repeat(1_000_000));
    let err = store::open_bytes(deep.as_bytes(), "deep.ron".as_ref(), None).unwrap_err();
    assert!(err.to_string().contains("deep.ron"), "{err}");
}

#[test]
fn a_binary_file_is_refused_as_not_text() {
    let err = store::open_bytes(&[0x28, 0xff, 0xfe, 0x00], "photo.ron".as_ref(), None).unwrap_err();
    assert!(
        matches!(err, store::LoadError::NotText { offset: 1, .. }),
        "{err:?}"
    );
}

#[test]
fn far_dates_everywhere_load_and_the_clocks_still_count() {
    // The limits of chrono's dates: a clock counted from them must not overflow.
    for extreme in ["9999-12-31", "0001-01-01", "+262142-12-31", "-262143-01-01"] {
        let text = sound();
        let dates = spans(text, date_span);
        let mut out = String::new();
        let mut at = 0;
        for (s, e) in dates {
            out.push_str(&text[at..s]);
            out.push_str(extreme);
            at = e;
        }
        out.push_str(&text[at..]);
        assert!(survive(out.into_bytes()), "{extreme}");
    }
}
