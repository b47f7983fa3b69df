//! A fast reader for the RON Casedesk writes. The `ron` crate reads any RON at 60–110 MB/s per
//! core, which at 100,000 cases (over 600 MB) is most of the time it takes to open a casebook;
//! this reader knows only the subset [`super::writer`] produces and reads it several times
//! faster.
//!
//! It is a first try, never the last word: anything outside that subset (comments, raw strings,
//! struct names, `\x` escapes, floats, unusual whitespace…) or any mistake is an [`Unreadable`],
//! and the caller parses the text again with the `ron` crate, which either reads it or names the
//! line and column of the mistake. So a file this reader accepts must read exactly as `ron`
//! reads it; the tests compare the two on generated casebooks and on damaged ones.

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Visitor};
use std::fmt;

/// Why the fast reader gave up; only for tests and debugging, since the `ron` crate names the
/// mistake to the officer.
#[derive(Debug)]
pub(super) struct Unreadable {
    pub at: usize,
    pub message: String,
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "byte {}: {}", self.at, self.message)
    }
}

impl std::error::Error for Unreadable {}

impl de::Error for Unreadable {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Unreadable {
            at: 0,
            message: message.to_string(),
        }
    }
}

type Result<T> = std::result::Result<T, Unreadable>;

/// The bytes that may follow the first of a plain identifier: ASCII letters, digits and `_`.
const IDENTIFIER: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_');
        b += 1;
    }
    table
};

/// Reads one value that makes up the whole of `text`.
pub(super) fn from_str<'de, T: de::Deserialize<'de>>(text: &'de str, nesting: usize) -> Result<T> {
    let mut reader = Reader::new(text, nesting);
    reader.skip_ws();
    let value = T::deserialize(&mut reader)?;
    reader.skip_ws();
    if reader.pos == text.len() {
        Ok(value)
    } else {
        Err(reader.fail("text after the value"))
    }
}

/// Reads the values written one after another in `text`, each followed by a comma (the lines of
/// a list without its brackets), each passed through `finish` as soon as it is read.
pub(super) fn list_items<T: de::DeserializeOwned, U>(
    text: &str,
    nesting: usize,
    mut finish: impl FnMut(T) -> U,
) -> Result<Vec<U>> {
    let mut reader = Reader::new(text, nesting);
    let mut items = Vec::new();
    reader.skip_ws();
    while reader.pos < text.len() {
        items.push(finish(T::deserialize(&mut reader)?));
        reader.skip_ws();
        reader.expect(b',')?;
        reader.skip_ws();
    }
    Ok(items)
}

pub(super) struct Reader<'de> {
    text: &'de str,
    bytes: &'de [u8],
    pos: usize,
    /// How many more levels values may nest: hostile `[[[[…` is an error, not a stack overflow.
    depth_left: usize,
}

impl<'de> Reader<'de> {
    fn new(text: &'de str, nesting: usize) -> Self {
        Reader {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            depth_left: nesting,
        }
    }

    // Out of the way of the hot paths that call it: an error ends the fast read.
    #[cold]
    #[inline(never)]
    fn fail(&self, message: &str) -> Unreadable {
        Unreadable {
            at: self.pos,
            message: message.to_string(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips the whitespace Casedesk writes. Comments and Unicode whitespace are left for the
    /// `ron` crate.
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.pos += usize::from(found);
        found
    }

    fn expect(&mut self, byte: u8) -> Result<()> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(self.missing(byte))
        }
    }

    #[cold]
    #[inline(never)]
    fn missing(&self, byte: u8) -> Unreadable {
        self.fail(&format!("expected `{}`", char::from(byte)))
    }

    /// After an element of a list, struct, map or tuple: a comma, or the `close` that ends it.
    /// Returns whether the list goes on.
    fn after_element(&mut self, close: u8) -> Result<bool> {
        self.skip_ws();
        if self.eat(b',') {
            self.skip_ws();
            Ok(!self.eat(close))
        } else if self.eat(close) {
            Ok(false)
        } else {
            Err(self.fail("expected a comma or the end of the list"))
        }
    }

    /// At the start of a list, struct, map or tuple's contents: false if it closes at once.
    fn first_element(&mut self, close: u8) -> bool {
        self.skip_ws();
        !self.eat(close)
    }

    fn nest<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        if self.depth_left == 0 {
            return Err(self.fail("nested too deeply"));
        }
        self.depth_left -= 1;
        let value = f(self);
        self.depth_left += 1;
        value
    }

    /// A plain ASCII identifier (`Outgoing`, `summary`), not followed by another identifier
    /// character: a raw or non-ASCII identifier is left for the `ron` crate.
    fn identifier(&mut self) -> Result<&'de str> {
        let start = self.pos;
        match self.peek() {
            Some(b'a'..=b'z' | b'A'..=b'Z' | b'_') => self.pos += 1,
            _ => return Err(self.fail("expected an identifier")),
        }
        // One look-up a byte rather than four comparisons: field and variant names are a
        // quarter of a casebook's text.
        self.pos += self.bytes[self.pos..]
            .iter()
            .position(|&b| !IDENTIFIER[usize::from(b)])
            .unwrap_or(self.bytes.len() - self.pos);
        if self
            .peek()
            .is_some_and(|b| !b.is_ascii() || b"#.+-".contains(&b))
        {
            return Err(self.fail("an identifier this reader does not know"));
        }
        Ok(&self.text[start..self.pos])
    }

    /// `word` as a whole identifier, consumed if it is there.
    fn keyword(&mut self, word: &str) -> bool {
        let end = self.pos + word.len();
        let whole = self.bytes.get(self.pos..end) == Some(word.as_bytes())
            && !self
                .bytes
                .get(end)
                .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_' || !b.is_ascii());
        if whole {
            self.pos = end;
        }
        whole
    }

    /// A string: borrowed from the text when it has no escapes, else unescaped.
    fn string(&mut self) -> Result<Text<'de>> {
        self.expect(b'"')?;
        let start = self.pos;
        // Strings are most of a casebook's text: the end, or an escape, is found a vector of
        // bytes at a time.
        self.skip_to_quote_or_escape();
        if self.peek() == Some(b'"') {
            let text = &self.text[start..self.pos];
            self.pos += 1;
            return Ok(Text::Borrowed(text));
        }
        let mut owned = String::from(&self.text[start..self.pos]);
        loop {
            let run = self.pos;
            self.skip_to_quote_or_escape();
            owned.push_str(&self.text[run..self.pos]);
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Text::Owned(owned));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    owned.push(self.escape()?);
                }
                _ => return Err(self.fail("unterminated string")),
            }
        }
    }

    /// Moves to the next `"` or `\`, or to the end of the text.
    fn skip_to_quote_or_escape(&mut self) {
        self.pos += memchr::memchr2(b'"', b'\\', &self.bytes[self.pos..])
            .unwrap_or(self.bytes.len() - self.pos);
    }

    /// The character an escape after `\` stands for, as `ron` reads it; `\x` escapes are left to
    /// the `ron` crate.
    fn escape(&mut self) -> Result<char> {
        let c = match self.peek() {
            Some(b'\'') => '\'',
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'0') => '\0',
            Some(b'u') => {
                self.pos += 1;
                self.expect(b'{')?;
                let start = self.pos;
                while self.peek().is_some_and(|b| b.is_ascii_hexdigit()) && self.pos - start < 6 {
                    self.pos += 1;
                }
                let code = u32::from_str_radix(&self.text[start..self.pos], 16)
                    .map_err(|_| self.fail("a Unicode escape without digits"))?;
                self.expect(b'}')?;
                return char::from_u32(code).ok_or_else(|| self.fail("not a Unicode character"));
            }
            _ => return Err(self.fail("an escape this reader does not know")),
        };
        self.pos += 1;
        Ok(c)
    }

    /// The digits of an unsigned decimal number, not followed by anything that would make it
    /// another kind of number (`1.5`, `1_000`, `0x1f`, `1e3`, `5u8`).
    fn digits(&mut self) -> Result<&'de str> {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        let leading_zero = self.pos - start > 1 && self.bytes[start] == b'0';
        if self.pos == start
            || leading_zero
            || self
                .peek()
                .is_some_and(|b| b.is_ascii_alphanumeric() || b"_.".contains(&b))
        {
            return Err(self.fail("a number this reader does not know"));
        }
        Ok(&self.text[start..self.pos])
    }

    fn unsigned(&mut self) -> Result<u64> {
        self.digits()?
            .parse()
            .map_err(|_| self.fail("number out of range"))
    }

    fn signed(&mut self) -> Result<i64> {
        let negative = self.eat(b'-');
        let magnitude = i128::from(self.unsigned()?);
        i64::try_from(if negative { -magnitude } else { magnitude })
            .map_err(|_| self.fail("number out of range"))
    }
}

enum Text<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl<'de> Text<'de> {
    fn visit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            Text::Borrowed(s) => visitor.visit_borrowed_str(s),
            Text::Owned(s) => visitor.visit_string(s),
        }
    }
}

/// Integer types read through `read` (`unsigned` or `signed`) and narrowed to their size.
macro_rules! integers {
    ($read:ident: $($method:ident $visit:ident $ty:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            let n = self.$read()?;
            visitor.$visit(<$ty>::try_from(n).map_err(|_| self.fail("number out of range"))?)
        }
    )*};
}

macro_rules! left_to_ron {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
            Err(self.fail(concat!(stringify!($method), " is left to the ron crate")))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Unreadable;

    integers!(unsigned: deserialize_u8 visit_u8 u8, deserialize_u16 visit_u16 u16,
        deserialize_u32 visit_u32 u32, deserialize_u64 visit_u64 u64);
    integers!(signed: deserialize_i8 visit_i8 i8, deserialize_i16 visit_i16 i16,
        deserialize_i32 visit_i32 i32, deserialize_i64 visit_i64 i64);
    // `deserialize_any` would have to guess a value's type from its text as `ron` does; Casedesk's
    // types never ask for it, so a type that does is read by the `ron` crate.
    // Likewise skipping a value of unknown shape: the casebook's types deny unknown fields, and a
    // journal line with a field this version does not know (written by a newer one) goes to
    // `ron`, which skips it.
    left_to_ron!(
        deserialize_any,
        deserialize_ignored_any,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_bytes,
        deserialize_byte_buf
    );

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.keyword("true") {
            visitor.visit_bool(true)
        } else if self.keyword("false") {
            visitor.visit_bool(false)
        } else {
            Err(self.fail("expected true or false"))
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.string()?.visit(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.string()?.visit(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.keyword("None") {
            return visitor.visit_none();
        }
        if !self.keyword("Some") {
            return Err(self.fail("expected None or Some"));
        }
        self.skip_ws();
        self.expect(b'(')?;
        self.skip_ws();
        let value = self.nest(|r| visitor.visit_some(&mut *r))?;
        self.close_wrapper()?;
        Ok(value)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'(')?;
        self.expect(b')')?;
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.expect(b'(')?;
        self.skip_ws();
        let value = self.nest(|r| visitor.visit_newtype_struct(&mut *r))?;
        self.close_wrapper()?;
        Ok(value)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'[')?;
        self.nest(|r| Elements::new(r, b']').read_seq(visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.expect(b'(')?;
        self.nest(|r| Elements::new(r, b')').read_seq(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'{')?;
        self.nest(|r| Elements::new(r, b'}').read_map(visitor))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.expect(b'(')?;
        self.nest(|r| Elements::new(r, b')').read_map(visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.nest(|r| visitor.visit_enum(r))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.identifier()?)
    }
}

impl Reader<'_> {
    /// The end of `Some(…)`, a newtype's `(…)` or a variant's `(…)`, which `ron` lets end with
    /// a comma.
    fn close_wrapper(&mut self) -> Result<()> {
        self.skip_ws();
        if self.eat(b',') {
            self.skip_ws();
        }
        self.expect(b')')
    }
}

/// The elements of a list, the fields of a struct or the entries of a map, up to `close`.
struct Elements<'r, 'de> {
    reader: &'r mut Reader<'de>,
    close: u8,
    more: Option<bool>,
}

impl<'r, 'de> Elements<'r, 'de> {
    fn new(reader: &'r mut Reader<'de>, close: u8) -> Self {
        Elements {
            reader,
            close,
            more: None,
        }
    }

    /// Whether another element follows, consuming the comma before it or the closing bracket.
    fn has_next(&mut self) -> Result<bool> {
        let more = match self.more {
            None => self.reader.first_element(self.close),
            Some(more) => more,
        };
        self.more = Some(more);
        Ok(more)
    }

    fn finish_element(&mut self) -> Result<()> {
        self.more = Some(self.reader.after_element(self.close)?);
        Ok(())
    }

    /// The elements read by `visitor` as a sequence, which must have read up to the close.
    fn read_seq<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value> {
        let value = visitor.visit_seq(&mut self)?;
        self.closed()?;
        Ok(value)
    }

    /// The entries read by `visitor` as a map or struct, which must have read up to the close.
    fn read_map<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value> {
        let value = visitor.visit_map(&mut self)?;
        self.closed()?;
        Ok(value)
    }

    /// A visitor may stop before the end (a tuple reads as many elements as it has): what is
    /// left must be nothing but the closing bracket, as `ron` requires.
    fn closed(&mut self) -> Result<()> {
        if self.has_next()? {
            Err(self.reader.fail("more elements than the value has"))
        } else {
            Ok(())
        }
    }
}

impl<'de> de::SeqAccess<'de> for Elements<'_, 'de> {
    type Error = Unreadable;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.has_next()? {
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.reader)?;
        self.finish_element()?;
        Ok(Some(value))
    }
}

impl<'de> de::MapAccess<'de> for Elements<'_, 'de> {
    type Error = Unreadable;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.has_next()? {
            return Ok(None);
        }
        // A struct's keys are identifiers; a map's are values (Casedesk's maps are keyed by
        // enum variants, which read the same way).
        let key = if self.close == b')' {
            let name = self.reader.identifier()?;
            seed.deserialize(BorrowedStrDeserializer::new(name))?
        } else {
            seed.deserialize(&mut *self.reader)?
        };
        self.reader.skip_ws();
        self.reader.expect(b':')?;
        self.reader.skip_ws();
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let value = seed.deserialize(&mut *self.reader)?;
        self.finish_element()?;
        Ok(value)
    }
}

impl<'de> de::EnumAccess<'de> for &mut Reader<'de> {
    type Error = Unreadable;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let name = self.identifier()?;
        let variant = seed.deserialize(BorrowedStrDeserializer::new(name))?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Reader<'de> {
    type Error = Unreadable;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        self.expect(b'(')?;
        self.skip_ws();
        let value = seed.deserialize(&mut *self)?;
        self.close_wrapper()?;
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.expect(b'(')?;
        Elements::new(self, b')').read_seq(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.expect(b'(')?;
        Elements::new(self, b')').read_map(visitor)
    }
}
