//! How a CSV file is laid out before any row is read: its character encoding and the character
//! between its values. Excel writes "CSV" in the computer's legacy code page (Windows-1252 in
//! the UK and Pakistan) unless "CSV UTF-8" is chosen, and with semicolons where the comma is
//! the decimal separator. An import detects both and says what it found, so the officer can
//! confirm it against the preview before anything is imported.

use std::fmt;
use std::str::FromStr;

/// The character encoding a CSV file is read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// Windows-1252 ("ANSI" in Excel on Windows in the UK and Pakistan).
    Windows1252,
}

/// The character between a CSV file's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Separator {
    Comma,
    Semicolon,
    Tab,
}

impl Encoding {
    /// The name the command line takes.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

impl Separator {
    /// The name the command line takes.
    pub fn name(self) -> &'static str {
        match self {
            Separator::Comma => "comma",
            Separator::Semicolon => "semicolon",
            Separator::Tab => "tab",
        }
    }

    pub const ALL: [Separator; 3] = [Separator::Comma, Separator::Semicolon, Separator::Tab];

    pub fn byte(self) -> u8 {
        match self {
            Separator::Comma => b',',
            Separator::Semicolon => b';',
            Separator::Tab => b'\t',
        }
    }
}

impl FromStr for Encoding {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            "windows-1252" | "cp1252" | "ansi" => Ok(Encoding::Windows1252),
            _ => Err(format!(
                "{s:?} is not an encoding Casedesk reads: utf-8 or windows-1252"
            )),
        }
    }
}

impl FromStr for Separator {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_lowercase().as_str() {
            "comma" | "," => Ok(Separator::Comma),
            "semicolon" | ";" => Ok(Separator::Semicolon),
            "tab" | "\t" => Ok(Separator::Tab),
            _ => Err(format!("{s:?} is not a separator: comma, semicolon or tab")),
        }
    }
}

/// A file's encoding and separator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    pub encoding: Encoding,
    pub separator: Separator,
}

impl Layout {
    /// What Casedesk writes and a file is taken to be without a word from the officer.
    pub const PLAIN: Layout = Layout {
        encoding: Encoding::Utf8,
        separator: Separator::Comma,
    };
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let encoding = match self.encoding {
            Encoding::Utf8 => "UTF-8",
            Encoding::Windows1252 => "Windows-1252 (what Excel saves as \"CSV\" on Windows)",
        };
        let separator = match self.separator {
            Separator::Comma => "commas",
            Separator::Semicolon => "semicolons",
            Separator::Tab => "tabs",
        };
        write!(f, "{encoding}, values separated by {separator}")
    }
}

/// A CSV file's text as read, with the layout it was read in.
#[derive(Clone, Debug)]
pub struct CsvText {
    pub text: String,
    pub layout: Layout,
}

/// Reads `bytes` in the layout given, or detects it: UTF-8 when the bytes are valid UTF-8
/// (any byte-order mark is dropped), otherwise Windows-1252, which gives every byte a
/// character; the separator the header is split by into the most columns Casedesk knows
/// (`known`), the comma on a tie.
pub fn read(
    bytes: &[u8],
    encoding: Option<Encoding>,
    separator: Option<Separator>,
    known: &[&str],
) -> CsvText {
    let encoding = encoding.unwrap_or(if std::str::from_utf8(bytes).is_ok() {
        Encoding::Utf8
    } else {
        Encoding::Windows1252
    });
    let text = match encoding {
        Encoding::Utf8 => {
            let (text, _) = encoding_rs::UTF_8.decode_with_bom_removal(bytes);
            text.into_owned()
        }
        Encoding::Windows1252 => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            text.into_owned()
        }
    };
    let separator = separator.unwrap_or_else(|| detect_separator(&text, known));
    CsvText {
        text,
        layout: Layout {
            encoding,
            separator,
        },
    }
}

/// The separator that splits the header into the most known column names, or else into the
/// most values; the comma when none does better.
fn detect_separator(text: &str, known: &[&str]) -> Separator {
    let header = text.lines().next().unwrap_or("");
    let score = |s: Separator| {
        let names = header.split(char::from(s.byte()));
        let key = |h: &str| {
            h.trim()
                .trim_matches('"')
                .trim()
                .to_lowercase()
                .replace([' ', '-'], "_")
        };
        let known = names
            .clone()
            .filter(|h| known.contains(&key(h).as_str()))
            .count();
        (known, names.count())
    };
    Separator::ALL
        .into_iter()
        .rev()
        .max_by_key(|s| score(*s))
        .unwrap_or(Separator::Comma)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[&str] = &["reference", "kind", "direction", "status", "opened"];

    #[test]
    fn utf8_with_commas_is_plain_and_its_byte_order_mark_is_dropped() {
        let got = read(
            "\u{feff}reference,kind\nEI-1,extradition\n".as_bytes(),
            None,
            None,
            KNOWN,
        );
        assert_eq!(got.layout, Layout::PLAIN);
        assert!(got.text.starts_with("reference"));
    }

    #[test]
    fn excel_on_windows_is_read_as_windows_1252_with_its_semicolons() {
        // "Côte d'Ivoire; £5" in Windows-1252: ô is 0xF4, £ is 0xA3.
        let bytes = b"reference;kind;summary\nEI-1;extradition;C\xf4te d'Ivoire, \xa35\n";
        let got = read(bytes, None, None, KNOWN);
        assert_eq!(
            got.layout,
            Layout {
                encoding: Encoding::Windows1252,
                separator: Separator::Semicolon
            }
        );
        assert!(got.text.contains("Côte d'Ivoire, £5"), "{}", got.text);
    }

    #[test]
    fn commas_inside_a_semicolon_header_do_not_decide() {
        let got = read(b"\"reference, ours\";kind;status\n", None, None, KNOWN);
        assert_eq!(got.layout.separator, Separator::Semicolon);
        let got = read(b"summary;notes,reference,kind\n", None, None, KNOWN);
        assert_eq!(got.layout.separator, Separator::Comma);
    }

    #[test]
    fn the_officer_s_choice_overrides_detection() {
        let got = read(
            b"a;b\n",
            Some(Encoding::Windows1252),
            Some(Separator::Comma),
            KNOWN,
        );
        assert_eq!(got.layout.separator, Separator::Comma);
        assert_eq!(got.layout.encoding, Encoding::Windows1252);
    }
}
