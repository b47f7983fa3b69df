//! Finding people and their cases as officers type: a CNIC, NICOP or passport number with or
//! without its dashes or spaces, a father's name, a date of birth as `1985-03-14` or
//! `14/03/1985`. The one rule for what a search matches; the register and the People view
//! both search through it.
//!
//! A searched text is lower-cased, its parts apart by U+001F (so a word typed never matches
//! across two of them), identifiers written as [`identifier_key`]s and dates as ISO dates; a
//! [`Query`] turns what was typed into the needles that find them.
//! The rule for identifiers, [`identifier_key`], is the person's (duplicates use it too).

use super::dates::{DateOrder, parse_date};
use super::person::{DocumentKind, Person, identifier_bytes, identifier_key};
use chrono::{Datelike, NaiveDate};
use memchr::memmem::Finder;

/// Between the parts of a searched text.
pub const PART: u8 = 0x1f;

/// Writes what a search finds a person by: names and aliases, the father's name, the date of
/// birth and each identity document's number.
pub fn write_person_text(out: &mut Vec<u8>, person: &Person) {
    for name in person.names() {
        out.push(PART);
        push_lowercase(out, name);
    }
    out.push(PART);
    push_lowercase(out, &person.father_name);
    if let Some(born) = person.date_of_birth {
        out.push(PART);
        push_iso_date(out, born);
    }
    for document in &person.documents {
        out.push(PART);
        out.extend(identifier_bytes(&document.number).map(|b| b.to_ascii_lowercase()));
    }
}

/// `date` as `1985-03-14`, as chrono's `%Y-%m-%d` writes it: written digit by digit for the
/// years a person is born in, without formatting a string for each person of each case.
fn push_iso_date(out: &mut Vec<u8>, date: NaiveDate) {
    let (year, month, day) = (date.year(), date.month(), date.day());
    let Ok(year @ 0..=9999) = u32::try_from(year) else {
        out.extend_from_slice(date.format("%Y-%m-%d").to_string().as_bytes());
        return;
    };
    let digit = |n: u32| b'0' + (n % 10) as u8;
    out.extend_from_slice(&[
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
    ]);
}

/// What was typed into a search, ready to find it: every word must be found.
pub struct Query {
    terms: Vec<Term>,
}

enum Term {
    /// Found if any of these is.
    Any(Vec<Finder<'static>>),
    /// Words with digits typed one after another (`35202 1234567 1`): found as one identifier,
    /// or word by word.
    Run {
        joined: Box<Finder<'static>>,
        words: Vec<Term>,
    },
}

impl Query {
    /// Reads `text` as typed; `order` reads dates such as `14/03/1985`.
    pub fn parse(text: &str, order: DateOrder) -> Self {
        let mut terms = Vec::new();
        let mut run: Vec<&str> = Vec::new();
        for word in text.split_whitespace() {
            if has_digit(word) {
                run.push(word);
            } else {
                end_run(&mut terms, &mut run, order);
                terms.push(word_term(word, order));
            }
        }
        end_run(&mut terms, &mut run, order);
        Self { terms }
    }

    /// Nothing typed: everything matches.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether every word typed is found in `text`, a searched text written as this module
    /// writes them.
    pub fn matches(&self, text: &[u8]) -> bool {
        self.terms.iter().all(|t| t.found_in(text))
    }

    /// Whether `person` is found.
    pub fn matches_person(&self, person: &Person) -> bool {
        if self.is_empty() {
            return true;
        }
        let mut text = Vec::new();
        write_person_text(&mut text, person);
        self.matches(&text)
    }
}

impl Term {
    fn found_in(&self, text: &[u8]) -> bool {
        match self {
            Term::Any(finders) => finders.iter().any(|f| f.find(text).is_some()),
            Term::Run { joined, words } => {
                joined.find(text).is_some() || words.iter().all(|w| w.found_in(text))
            }
        }
    }
}

fn has_digit(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit())
}

fn finder(needle: &str) -> Finder<'static> {
    Finder::new(needle.as_bytes()).into_owned()
}

/// A word as typed, lower-cased; with digits, also as an identifier and, if it reads as one,
/// as an ISO date.
fn word_term(word: &str, order: DateOrder) -> Term {
    let mut needles = vec![word.to_lowercase()];
    if has_digit(word) {
        needles.push(identifier_key(word).to_lowercase());
        if let Ok(date) = parse_date(word, order) {
            needles.push(date.format("%Y-%m-%d").to_string());
        }
    }
    needles.retain(|n| !n.is_empty());
    needles.dedup();
    Term::Any(needles.iter().map(|n| finder(n)).collect())
}

fn end_run(terms: &mut Vec<Term>, run: &mut Vec<&str>, order: DateOrder) {
    match run.as_slice() {
        [] => {}
        [word] => terms.push(word_term(word, order)),
        words => terms.push(Term::Run {
            joined: Box::new(finder(&identifier_key(&words.concat()).to_lowercase())),
            words: words.iter().map(|w| word_term(w, order)).collect(),
        }),
    }
    run.clear();
}

/// What an officer typed to find someone, read as the particulars of a new person when no one
/// matched: words without digits are the name; words with digits a date of birth if they read
/// as one, else an identity document's number. A kind typed first (`NICOP 35202…`,
/// `passport AB 1234567`) is the document's kind, and all after it its number; otherwise 13 digits are a CNIC (written
/// `12345-1234567-1`) and anything else a passport.
#[derive(Debug, Default, PartialEq)]
pub struct Typed {
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub document: Option<(DocumentKind, String)>,
}

impl Typed {
    pub fn parse(text: &str, order: DateOrder) -> Self {
        let mut named_kind = None;
        let mut name = Vec::new();
        let mut digits = Vec::new();
        for word in text.split_whitespace() {
            let kind = DocumentKind::ALL
                .iter()
                .find(|k| k.label().eq_ignore_ascii_case(word.trim_end_matches(':')));
            match kind {
                Some(k) if named_kind.is_none() && name.is_empty() && digits.is_empty() => {
                    named_kind = Some(*k);
                }
                // After a kind, everything is its number (`passport AB 1234567`).
                _ if named_kind.is_some() || has_digit(word) => digits.push(word),
                _ => name.push(word),
            }
        }
        let typed = digits.concat();
        let date_of_birth = (digits.len() == 1)
            .then(|| parse_date(&typed, order).ok())
            .flatten()
            .filter(|_| named_kind.is_none());
        let key = identifier_key(&typed);
        let document = (date_of_birth.is_none() && !key.is_empty()).then(|| {
            let thirteen_digits = key.len() == 13 && key.bytes().all(|b| b.is_ascii_digit());
            let kind = named_kind.unwrap_or(if thirteen_digits {
                DocumentKind::Cnic
            } else {
                DocumentKind::Passport
            });
            let number = match kind {
                DocumentKind::Cnic | DocumentKind::Nicop if thirteen_digits => {
                    format!("{}-{}-{}", &key[..5], &key[5..12], &key[12..])
                }
                DocumentKind::Passport => key,
                _ => digits.join(" "),
            };
            (kind, number)
        });
        Self {
            name: name.join(" "),
            date_of_birth,
            document,
        }
    }
}

/// `text` lower-cased as `str::to_lowercase` does it, without its allocation and a character
/// at a time only where a character is not ASCII. Each part is lower-cased alone: [`PART`]
/// between parts already ends a word for the final sigma, the one letter whose lower case
/// depends on its neighbours (left to `str::to_lowercase`).
pub fn push_lowercase(out: &mut Vec<u8>, text: &str) {
    // Most texts are ASCII: copied whole, then lower-cased in place (both vectorised; a map
    // over the bytes as they were copied was not).
    if text.is_ascii() {
        let start = out.len();
        out.extend_from_slice(text.as_bytes());
        out[start..].make_ascii_lowercase();
        return;
    }
    if text.contains('Σ') {
        out.extend_from_slice(text.to_lowercase().as_bytes());
        return;
    }
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let start = out.len();
        out.extend_from_slice(&rest.as_bytes()[..ascii]);
        out[start..].make_ascii_lowercase();
        rest = &rest[ascii..];
        if let Some(c) = rest.chars().next() {
            for lower in c.to_lowercase() {
                out.extend_from_slice(lower.encode_utf8(&mut [0; 4]).as_bytes());
            }
            rest = &rest[c.len_utf8()..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Country, DocumentKind, IdentityDocument, PersonId, RecordId};
    use uuid::Uuid;

    fn imran() -> Person {
        let mut p = Person::new(PersonId(Uuid::from_u128(1)), "Muhammad Imran");
        p.aliases.push("Imran Bhatti".into());
        p.father_name = "Abdul Rashid".into();
        p.date_of_birth = "1985-03-14".parse().ok();
        for (kind, number) in [
            (DocumentKind::Cnic, "35202-1234567-1"),
            (DocumentKind::Nicop, "61101 7654321 3"),
            (DocumentKind::Passport, "AB1234567"),
        ] {
            p.documents.push(IdentityDocument {
                id: RecordId(Uuid::from_u128(2)),
                kind,
                number: number.into(),
                issued_by: Country::pakistan(),
                source: None,
            });
        }
        p
    }

    fn check(typed: &str, order: DateOrder, expected: bool) {
        assert_eq!(
            Query::parse(typed, order).matches_person(&imran()),
            expected,
            "{typed:?} ({order:?})"
        );
    }

    #[test]
    fn people_are_found_by_identifiers_as_typed() {
        for typed in [
            "35202-1234567-1",
            "3520212345671",
            "35202 1234567 1",
            "35202 1234567-1",
            "35202-1234567",
            "61101-7654321-3",
            "611017654321 3",
            "ab1234567",
            "AB-123 4567",
            "ab 1234567",
            "imran 35202-1234567-1",
        ] {
            check(typed, DateOrder::DayMonth, true);
        }
        for typed in [
            "35202-1234567-2",
            "35202 1234568",
            "ab1234568",
            "khan 35202-1234567-1",
        ] {
            check(typed, DateOrder::DayMonth, false);
        }
    }

    #[test]
    fn people_are_found_by_father_name_and_date_of_birth() {
        for (typed, order, expected) in [
            ("abdul rashid", DateOrder::DayMonth, true),
            ("RASHID", DateOrder::DayMonth, true),
            ("1985-03-14", DateOrder::DayMonth, true),
            ("14/03/1985", DateOrder::DayMonth, true),
            ("14.3.1985", DateOrder::DayMonth, true),
            ("14-03-1985 imran", DateOrder::DayMonth, true),
            ("03/14/1985", DateOrder::MonthDay, true),
            ("03/14/1985", DateOrder::DayMonth, false),
            ("15/03/1985", DateOrder::DayMonth, false),
            ("14/03/1985 35202-1234567-1", DateOrder::DayMonth, true),
            ("14/03/1985 35202-1234567-9", DateOrder::DayMonth, false),
            ("rashid imran bhatti", DateOrder::DayMonth, true),
        ] {
            check(typed, order, expected);
        }
    }

    #[test]
    fn a_word_is_never_found_across_two_parts_and_nothing_typed_finds_all() {
        // "Imran" ends one name and "Bhatti" starts the next only in the text with parts apart.
        check("imranabdul", DateOrder::DayMonth, false);
        check("", DateOrder::DayMonth, true);
        assert!(Query::parse("  ", DateOrder::DayMonth).is_empty());
    }

    #[test]
    fn search_text_is_lower_cased_as_the_standard_library_does() {
        for text in [
            "Çelik — ÖZTÜRK İbrahim",
            "ΟΔΥΣΣΕΥΣ Σ",
            "Khan (ALIAS: Xán) ǅ ẞ",
            "MUHAMMAD Imran @ 35202-1234567-1 [x]{z}",
            "",
        ] {
            let mut out = Vec::new();
            push_lowercase(&mut out, text);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                text.to_lowercase(),
                "{text}"
            );
        }
    }

    #[test]
    fn a_date_of_birth_is_written_as_chrono_writes_it() {
        for (y, m, d) in [
            (1985, 3, 14),
            (2001, 12, 1),
            (0, 1, 1),
            (9999, 12, 31),
            (10_000, 1, 1),
            (-44, 3, 15),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let mut out = Vec::new();
            push_iso_date(&mut out, date);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                date.format("%Y-%m-%d").to_string()
            );
        }
    }

    #[test]
    fn what_was_typed_reads_as_a_new_person_s_name_identifier_or_birth_date() {
        let read = |text| Typed::parse(text, DateOrder::DayMonth);
        let cnic = Some((DocumentKind::Cnic, "35202-1234567-1".to_string()));
        for typed in [
            "35202-1234567-1",
            "3520212345671",
            " 35202 1234567 1 ",
            "CNIC: 35202 1234567-1",
        ] {
            assert_eq!(
                read(typed),
                Typed {
                    document: cnic.clone(),
                    ..Typed::default()
                },
                "{typed}"
            );
        }
        assert_eq!(
            read("nicop 3520212345671").document,
            Some((DocumentKind::Nicop, "35202-1234567-1".into()))
        );
        assert_eq!(
            read("Imran Bhatti ab1234567"),
            Typed {
                name: "Imran Bhatti".into(),
                document: Some((DocumentKind::Passport, "AB1234567".into())),
                ..Typed::default()
            }
        );
        assert_eq!(
            read("Imran 14/03/1985").date_of_birth,
            NaiveDate::from_ymd_opt(1985, 3, 14)
        );
        assert_eq!(
            read("Passport: ab 1234567").document,
            Some((DocumentKind::Passport, "AB1234567".into()))
        );
        assert_eq!(read("Zafar Iqbal").name, "Zafar Iqbal");
        assert_eq!(read("Zafar Iqbal").document, None);
    }
}
