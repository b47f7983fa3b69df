//! A fast writer of the RON Casedesk saves: byte for byte what `ron::ser::to_string_pretty`
//! writes with the file layout's settings (see `format::pretty`), several times faster. The
//! `ron` crate stays the reference: the tests compare the two texts on generated casebooks and
//! on strings full of quotes, escapes, control and combining characters.
//!
//! Only the settings Casedesk uses are implemented: a one-space indent, records written on one
//! line below `depth_limit`, no struct names, tuple members on one line, no extensions. A value
//! it cannot write as `ron` would (a non-ASCII field or variant name) is an error, never a
//! different text.

use serde::ser::{self, Serialize};
use std::fmt::{self, Write as _};

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(super) struct Unwritable(String);

impl ser::Error for Unwritable {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Unwritable(message.to_string())
    }
}

impl From<Unwritable> for ron::Error {
    fn from(e: Unwritable) -> Self {
        ron::Error::Message(e.0)
    }
}

type Result<T = ()> = std::result::Result<T, Unwritable>;

/// `value` as `ron::ser::to_string_pretty` writes it with a one-space indent, no struct names
/// and every level deeper than `depth_limit` on one line.
pub(super) fn to_string<T: Serialize + ?Sized>(value: &T, depth_limit: usize) -> Result<String> {
    let mut writer = Writer::new(String::new(), 0, depth_limit);
    value.serialize(&mut writer)?;
    Ok(writer.out)
}

/// `items` as the lines they take in a list `indent` levels deep (each indented, followed by a
/// comma and a line break), written into `out`.
pub(super) fn list_lines<T: Serialize>(
    items: impl IntoIterator<Item = T>,
    indent: usize,
    depth_limit: usize,
    out: String,
) -> Result<String> {
    let mut writer = Writer::new(out, indent, depth_limit);
    for item in items {
        writer.push_indent(indent);
        item.serialize(&mut writer)?;
        writer.out.push_str(",\n");
    }
    Ok(writer.out)
}

/// The bytes `char::escape_debug` leaves as they are: printable ASCII but quotes and backslash.
const PLAIN: [bool; 256] = {
    let mut plain = [false; 256];
    let mut b = b' ';
    while b <= b'~' {
        plain[b as usize] = !matches!(b, b'"' | b'\'' | b'\\');
        b += 1;
    }
    plain
};

/// How many bytes at the start of `bytes` are [`PLAIN`]: eight at a time while no byte of the
/// eight is a control character, a quote, a backslash or beyond ASCII, then one at a time.
fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS != 0;
    let mut at = 0;
    for &chunk in bytes.as_chunks::<8>().0 {
        let w = u64::from_ne_bytes(chunk);
        let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGHS != 0;
        let above_tilde = (w.wrapping_add(ONES) | w) & HIGHS != 0;
        let special = [b'"', b'\'', b'\\']
            .iter()
            .any(|&b| has_zero(w ^ (ONES * u64::from(b))));
        if below_space || above_tilde || special {
            break;
        }
        at += 8;
    }
    at + bytes[at..]
        .iter()
        .position(|&b| !PLAIN[usize::from(b)])
        .unwrap_or(bytes.len() - at)
}

/// The names a writer remembers: `1 << NAME_BITS` slots, about three times as many as the file
/// types have names, so that a name is mostly found in its own slot or the next.
const NAME_BITS: u32 = 9;
/// How far from its own slot a name is looked for; a name that finds no room is checked each
/// time it is written.
const NAME_PROBES: usize = 8;

/// Field and variant names already written by a [`Writer`], and whether each is written raw.
/// Names are `'static`, few, and each is written millions of times in a large casebook: each
/// is checked once and remembered by its address (open addressing, linear probing).
struct Names(Box<[Option<(&'static str, bool)>; 1 << NAME_BITS]>);

impl Names {
    fn new() -> Self {
        Names(Box::new([None; 1 << NAME_BITS]))
    }

    /// Whether `name` is written raw; an error for a name `ron` cannot write.
    fn raw(&mut self, name: &'static str) -> Result<bool> {
        // Fibonacci hashing: the top bits of the address times 2^64 / φ.
        let hash = (name.as_ptr() as usize as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let home = (hash >> (64 - NAME_BITS)) as usize;
        for probe in 0..NAME_PROBES {
            let slot = &mut self.0[(home + probe) % (1 << NAME_BITS)];
            match *slot {
                Some((known, raw)) if std::ptr::eq(known, name) => return Ok(raw),
                Some(_) => {}
                None => {
                    let raw = needs_raw(name)?;
                    *slot = Some((name, raw));
                    return Ok(raw);
                }
            }
        }
        needs_raw(name)
    }
}

/// Whether `ron` writes `name` raw (`r#name`): when it is not an identifier or is a keyword.
/// Names made of identifier characters and `.`, `+`, `-` are written raw; others are refused.
fn needs_raw(name: &str) -> Result<bool> {
    let bytes = name.as_bytes();
    let plain = bytes
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'_');
    let raw = bytes
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || b"_.+-".contains(b));
    if !plain && (!raw || name.is_empty()) {
        return Err(Unwritable(format!("the name {name:?} cannot be written")));
    }
    let keyword = [
        "true", "false", "Some", "None", "inf", "inff32", "inff64", "NaN", "NaNf32", "NaNf64",
    ]
    .contains(&name);
    Ok(!plain || keyword)
}

pub(super) struct Writer {
    out: String,
    /// How deep the value being written is.
    indent: usize,
    depth_limit: usize,
    /// Whether the compound just opened has no elements (so no line break inside it), as the
    /// `ron` serializer tracks it: set when a compound opens, cleared when one closes.
    empty: Option<bool>,
    names: Names,
}

impl Writer {
    fn new(out: String, indent: usize, depth_limit: usize) -> Self {
        Writer {
            out,
            indent,
            depth_limit,
            empty: None,
            names: Names::new(),
        }
    }

    fn pretty(&self) -> bool {
        self.indent <= self.depth_limit
    }

    fn start_indent(&mut self) {
        self.indent += 1;
        if self.pretty() && !self.empty.unwrap_or(false) {
            self.out.push('\n');
        }
    }

    fn end_indent(&mut self) {
        if self.pretty() && !self.empty.unwrap_or(false) {
            self.push_indent(self.indent - 1);
        }
        self.indent -= 1;
        self.empty = None;
    }

    fn push_indent(&mut self, n: usize) {
        const SPACES: &str = "                ";
        match SPACES.get(..n) {
            Some(spaces) => self.out.push_str(spaces),
            None => self.out.extend(std::iter::repeat_n(' ', n)),
        }
    }

    /// The separator before an element that is not the first.
    fn separator(&mut self) {
        self.out.push_str(if self.pretty() { ",\n" } else { ", " });
    }

    fn indent_line(&mut self) {
        if self.pretty() {
            self.push_indent(self.indent);
        }
    }

    /// A field or variant name; `ron` writes names that are not identifiers (or are keywords)
    /// raw, as `r#name`.
    fn identifier(&mut self, name: &'static str) -> Result {
        let raw = self.names.raw(name)?;
        if raw {
            self.out.push_str("r#");
        }
        self.out.push_str(name);
        Ok(())
    }

    /// A string escaped as `ron` escapes it: every character through `char::escape_debug`.
    fn string(&mut self, value: &str) {
        self.out.reserve(value.len() + 2);
        self.out.push('"');
        let mut rest = value;
        while !rest.is_empty() {
            let run = plain_run(rest.as_bytes());
            self.out.push_str(&rest[..run]);
            rest = &rest[run..];
            if let Some(c) = rest.chars().next() {
                self.out.extend(c.escape_debug());
                rest = &rest[c.len_utf8()..];
            }
        }
        self.out.push('"');
    }

    /// A float as `ron` writes it: its `Debug` form, with the sign of a negative NaN.
    fn float(&mut self, negative_nan: bool, debug: fmt::Arguments) -> Result {
        if negative_nan {
            self.out.push('-');
        }
        self.out.write_fmt(debug).map_err(ser::Error::custom)
    }

    fn open(&mut self, bracket: char, empty: Option<bool>) -> Compound<'_> {
        self.out.push(bracket);
        if let Some(empty) = empty {
            self.empty = Some(empty);
        }
        self.start_indent();
        Compound {
            writer: self,
            first: true,
            close: match bracket {
                '[' => ']',
                '{' => '}',
                _ => ')',
            },
        }
    }
}

/// A list, map, struct or struct variant being written, one element a line where pretty.
pub(super) struct Compound<'w> {
    writer: &'w mut Writer,
    first: bool,
    close: char,
}

impl Compound<'_> {
    fn element(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.writer.separator();
        }
        self.writer.indent_line();
    }

    fn end(self) -> Result {
        if !self.first && self.writer.pretty() {
            self.writer.out.push_str(",\n");
        }
        self.writer.end_indent();
        self.writer.out.push(self.close);
        Ok(())
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.element();
        self.writer.identifier(key)?;
        self.writer.out.push_str(": ");
        value.serialize(&mut *self.writer)
    }
}

/// A tuple, tuple struct or tuple variant: members on one line, as `ron` writes them without
/// `separate_tuple_members`.
pub(super) struct Tuple<'w> {
    writer: &'w mut Writer,
    first: bool,
}

impl Tuple<'_> {
    fn member<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        if !std::mem::take(&mut self.first) {
            self.writer.out.push_str(", ");
        }
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result {
        self.writer.out.push(')');
        Ok(())
    }
}

macro_rules! integers {
    ($($method:ident $ty:ty),*) => {$(
        fn $method(self, v: $ty) -> Result {
            write!(self.out, "{v}").map_err(ser::Error::custom)
        }
    )*};
}

impl<'w> ser::Serializer for &'w mut Writer {
    type Ok = ();
    type Error = Unwritable;
    type SerializeSeq = Compound<'w>;
    type SerializeTuple = Tuple<'w>;
    type SerializeTupleStruct = Tuple<'w>;
    type SerializeTupleVariant = Tuple<'w>;
    type SerializeMap = Compound<'w>;
    type SerializeStruct = Compound<'w>;
    type SerializeStructVariant = Compound<'w>;

    integers!(serialize_i8 i8, serialize_i16 i16, serialize_i32 i32, serialize_i64 i64,
        serialize_u8 u8, serialize_u16 u16, serialize_u32 u32, serialize_u64 u64);

    fn serialize_bool(self, v: bool) -> Result {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result {
        self.float(v.is_nan() && v.is_sign_negative(), format_args!("{v:?}"))
    }

    fn serialize_f64(self, v: f64) -> Result {
        self.float(v.is_nan() && v.is_sign_negative(), format_args!("{v:?}"))
    }

    fn serialize_char(self, v: char) -> Result {
        self.out.push('\'');
        if v == '\\' || v == '\'' {
            self.out.push('\\');
        }
        self.out.push(v);
        self.out.push('\'');
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result {
        self.string(v);
        Ok(())
    }

    /// Dates, times and stamps: written straight into the text rather than into a string of
    /// their own first (serde's default), and escaped afterwards in the rare case they need it.
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result {
        self.out.push('"');
        let start = self.out.len();
        write!(self.out, "{value}").map_err(ser::Error::custom)?;
        if plain_run(&self.out.as_bytes()[start..]) == self.out.len() - start {
            self.out.push('"');
        } else {
            let text = self.out.split_off(start);
            self.out.truncate(start - 1);
            self.string(&text);
        }
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result {
        self.out.push_str("b\"");
        self.out
            .extend(v.iter().flat_map(|b| b.escape_ascii()).map(char::from));
        self.out.push('"');
        Ok(())
    }

    fn serialize_none(self) -> Result {
        self.out.push_str("None");
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        self.out.push_str("Some(");
        value.serialize(&mut *self)?;
        self.out.push(')');
        Ok(())
    }

    fn serialize_unit(self) -> Result {
        self.out.push_str("()");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result {
        self.identifier(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result {
        self.out.push('(');
        value.serialize(&mut *self)?;
        self.out.push(')');
        Ok(())
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.identifier(variant)?;
        self.out.push('(');
        value.serialize(&mut *self)?;
        self.out.push(')');
        Ok(())
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'w>> {
        Ok(self.open('[', len.map(|n| n == 0)))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Tuple<'w>> {
        self.out.push('(');
        Ok(Tuple {
            writer: self,
            first: true,
        })
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Tuple<'w>> {
        self.serialize_tuple(len)
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Tuple<'w>> {
        self.identifier(variant)?;
        self.serialize_tuple(len)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'w>> {
        Ok(self.open('{', len.map(|n| n == 0)))
    }

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'w>> {
        Ok(self.open('(', Some(len == 0)))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'w>> {
        self.identifier(variant)?;
        Ok(self.open('(', Some(len == 0)))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Unwritable;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element();
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result {
        Compound::end(self)
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Unwritable;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.element();
        key.serialize(&mut *self.writer)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.writer.out.push_str(": ");
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result {
        Compound::end(self)
    }
}

macro_rules! struct_like {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Unwritable;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result {
                self.field(key, value)
            }

            fn end(self) -> Result {
                Compound::end(self)
            }
        }
    )*};
}

struct_like!(SerializeStruct, SerializeStructVariant);

macro_rules! tuple_like {
    ($($trait:ident $method:ident),*) => {$(
        impl ser::$trait for Tuple<'_> {
            type Ok = ();
            type Error = Unwritable;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
                self.member(value)
            }

            fn end(self) -> Result {
                Tuple::end(self)
            }
        }
    )*};
}

tuple_like!(SerializeTuple serialize_element, SerializeTupleStruct serialize_field,
    SerializeTupleVariant serialize_field);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// More names than slots, raw and plain, asked for again and again: each answer is the
    /// name's own, whether it was remembered, probed for or checked afresh.
    #[test]
    fn names_are_remembered_by_address_without_mixing_them_up() {
        let names: Vec<&'static str> = (0..3 * (1 << NAME_BITS))
            .map(|i| match i % 3 {
                0 => format!("field_{i}"),
                1 => format!("r.{i}"),
                _ => ["true", "None", "NaNf32"][i % 9 / 3].to_owned(),
            })
            .map(|name| &*Box::leak(name.into_boxed_str()))
            .collect();
        let mut remembered = Names::new();
        for _ in 0..3 {
            for name in &names {
                assert_eq!(
                    remembered.raw(name).unwrap(),
                    needs_raw(name).unwrap(),
                    "{name}"
                );
            }
        }
        assert!(remembered.raw(Box::leak("a b".into())).is_err());
        assert!(needs_raw("field").is_ok_and(|raw| !raw));
        assert!(needs_raw("true").is_ok_and(|raw| raw));
        assert!(needs_raw("a.b").is_ok_and(|raw| raw));
    }

    proptest! {
        /// Eight bytes at a time finds the same run as one at a time.
        #[test]
        fn plain_runs_are_found_eight_bytes_at_a_time_as_one_at_a_time(
            bytes in proptest::collection::vec(
                prop_oneof![40 => 0x20u8..0x7f, 1 => any::<u8>(), 1 => Just(b'"'), 1 => Just(b'\''),
                    1 => Just(b'\\')],
                0..40,
            )
        ) {
            let one_at_a_time = bytes.iter().position(|&b| !PLAIN[usize::from(b)]);
            prop_assert_eq!(plain_run(&bytes), one_at_a_time.unwrap_or(bytes.len()));
        }
    }
}
