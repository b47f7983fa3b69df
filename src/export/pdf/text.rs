//! The PDF's text: which font draws what, in which order, how wide it is and where it breaks.
//!
//! A line is split into runs by the Unicode Bidirectional Algorithm (`unicode-bidi`, UAX #9)
//! and each run into pieces of one font: Arabic script (Urdu) in Noto Naskh Arabic, everything
//! else in DejaVu Sans, with spaces, punctuation and marks kept with the letters before them.
//! Each piece is shaped by rustybuzz in its run's direction (Arabic script joined as Urdu) and
//! drawn in visual order carrying its own text, so a reader that copies or extracts the text
//! gets it back in logical order. Widths come from the same shaping, so a line wrapped to fit
//! a cell is exactly as wide as what is drawn.

use super::PdfError;
use krilla::geom::Point;
use krilla::surface::Surface;
use krilla::tagging::{ContentTag, Identifier, SpanTag};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use rustybuzz::{
    Direction, Face, GlyphBuffer, Language, Script as Writing, ShapePlan, UnicodeBuffer,
};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::str::FromStr;
use unicode_bidi::{BidiInfo, Level};
use unicode_script::{Script, UnicodeScript};

const LATIN: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const ARABIC: &[u8] = include_bytes!("../../../assets/fonts/NotoNaskhArabic-Regular.ttf");
/// The language of Arabic-script text here: Urdu, for the Urdu forms of the shaping and for
/// screen readers (the spans' `Lang`).
const ARABIC_SCRIPT_LANGUAGE: &str = "ur";

/// One of the two fonts shipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Typeface {
    Latin,
    Arabic,
}

/// A line as laid out: its text and whether its paragraph reads right to left.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Line {
    pub text: String,
    pub rtl: bool,
}

impl Line {
    /// `text` as one line, its direction from its first strong letter (UAX #9 P2, P3).
    pub fn new(text: &str) -> Self {
        let rtl = BidiInfo::new(text, None)
            .paragraphs
            .first()
            .is_some_and(|p| p.level.is_rtl());
        Self {
            text: text.to_string(),
            rtl,
        }
    }
}

/// A piece of a line drawn with one font in one direction.
struct Piece {
    range: Range<usize>,
    typeface: Typeface,
    rtl: bool,
}

/// How the pieces of a line are marked for the tag tree.
#[derive(Clone, Copy)]
pub(super) enum Mark {
    /// Content: each piece a span (Arabic script with its language), its identifier returned.
    Content,
    /// A running header or footer, left out of what a screen reader reads.
    Artifact(krilla::tagging::ArtifactType),
}

pub(super) struct Fonts {
    latin: Face<'static>,
    arabic: Face<'static>,
    latin_pdf: Font,
    arabic_pdf: Font,
    urdu: Option<Language>,
    plans: RefCell<HashMap<(Typeface, bool, Writing), ShapePlan>>,
}

impl Fonts {
    pub fn new() -> Result<Self, PdfError> {
        Ok(Self {
            latin: Face::from_slice(LATIN, 0).ok_or(PdfError::Font)?,
            arabic: Face::from_slice(ARABIC, 0).ok_or(PdfError::Font)?,
            latin_pdf: Font::new(LATIN.into(), 0).ok_or(PdfError::Font)?,
            arabic_pdf: Font::new(ARABIC.into(), 0).ok_or(PdfError::Font)?,
            urdu: Language::from_str(ARABIC_SCRIPT_LANGUAGE).ok(),
            plans: RefCell::default(),
        })
    }

    fn face(&self, typeface: Typeface) -> &Face<'static> {
        match typeface {
            Typeface::Latin => &self.latin,
            Typeface::Arabic => &self.arabic,
        }
    }

    /// Font units per em.
    fn em(&self, typeface: Typeface) -> f32 {
        self.face(typeface).units_per_em() as f32
    }

    fn has(&self, typeface: Typeface, c: char) -> bool {
        self.face(typeface).glyph_index(c).is_some()
    }

    /// The font for `c`, given the font of the character before it in the run.
    fn typeface_of(&self, c: char, before: Option<Typeface>) -> Typeface {
        use Typeface::{Arabic, Latin};
        if invisible(c) {
            return before.unwrap_or(Latin);
        }
        match c.script() {
            Script::Arabic => Arabic,
            // Spaces, digits, punctuation and marks stay with the letters before them, so a
            // word and its marks are shaped together.
            Script::Common | Script::Inherited => match before {
                Some(t) if self.has(t, c) => t,
                _ if self.has(Latin, c) => Latin,
                _ if self.has(Arabic, c) => Arabic,
                _ => before.unwrap_or(Latin),
            },
            _ if !self.has(Latin, c) && self.has(Arabic, c) => Arabic,
            _ => Latin,
        }
    }

    /// The pieces of one font in `text[range]`, a run in one direction, in visual order. A
    /// right-to-left piece is cut after each of its words' spaces, so that drawing the pieces
    /// in logical order (see [`Fonts::draw`]) gives each word in reading order.
    fn pieces(&self, text: &str, range: Range<usize>, rtl: bool, out: &mut Vec<Piece>) {
        let first = out.len();
        let mut after_space = false;
        for (i, c) in text[range.clone()].char_indices() {
            let at = range.start + i;
            let before = out[first..].last().map(|p| p.typeface);
            let typeface = self.typeface_of(c, before);
            let word_starts = rtl && after_space && !c.is_whitespace();
            after_space = c.is_whitespace();
            match out[first..].last_mut() {
                Some(p) if p.typeface == typeface && !word_starts => {
                    p.range.end = at + c.len_utf8()
                }
                _ => out.push(Piece {
                    range: at..at + c.len_utf8(),
                    typeface,
                    rtl,
                }),
            }
        }
        if rtl {
            out[first..].reverse();
        }
    }

    /// The pieces of `line` in visual order, left to right.
    fn visual_pieces(&self, line: &Line) -> Vec<Piece> {
        let base = if line.rtl { Level::rtl() } else { Level::ltr() };
        let info = BidiInfo::new(&line.text, Some(base));
        let mut out = Vec::new();
        for para in &info.paragraphs {
            let (levels, runs) = info.visual_runs(para, para.range.clone());
            for run in runs {
                let rtl = levels.get(run.start).is_some_and(|l| l.is_rtl());
                self.pieces(&line.text, run, rtl, &mut out);
            }
        }
        out
    }

    fn shape(&self, text: &str, typeface: Typeface, rtl: bool) -> GlyphBuffer {
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        let direction = if rtl {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        };
        buffer.set_direction(direction);
        let language = match typeface {
            Typeface::Arabic => self.urdu.as_ref(),
            Typeface::Latin => None,
        };
        if let Some(language) = language {
            buffer.set_language(language.clone());
        }
        buffer.guess_segment_properties();
        // A shaping plan is built once per font, direction and script: building it for each
        // piece took most of the time of a long export.
        let script = buffer.script();
        let face = self.face(typeface);
        let mut plans = self.plans.borrow_mut();
        let plan = plans.entry((typeface, rtl, script)).or_insert_with(|| {
            let script = (script != rustybuzz::script::UNKNOWN).then_some(script);
            ShapePlan::new(face, direction, script, language, &[])
        });
        rustybuzz::shape_with_plan(face, plan, buffer)
    }

    /// The width of a shaped piece in ems.
    fn advance(&self, shaped: &GlyphBuffer, typeface: Typeface) -> f32 {
        let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
        units as f32 / self.em(typeface)
    }

    /// The width of `line` drawn at `size`.
    pub fn line_width(&self, line: &Line, size: f32) -> f32 {
        self.visual_pieces(line)
            .iter()
            .map(|p| {
                let shaped = self.shape(&line.text[p.range.clone()], p.typeface, p.rtl);
                self.advance(&shaped, p.typeface)
            })
            .sum::<f32>()
            * size
    }

    /// The width of the widest line of `text` (its line breaks kept) at `size`.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        paragraphs(text)
            .map(|(p, rtl)| {
                let line = Line {
                    text: p.to_string(),
                    rtl,
                };
                self.line_width(&line, size)
            })
            .fold(0.0, f32::max)
    }

    /// The width of the widest word of `text` at `size`.
    pub fn longest_word(&self, text: &str, size: f32) -> f32 {
        text.split_whitespace()
            .map(|w| self.line_width(&Line::new(w), size))
            .fold(0.0, f32::max)
    }

    /// `text` broken into lines no wider than `width` at `size`: at spaces, and inside a word
    /// wider than a line between its clusters (a letter with its marks). A line break in the
    /// text starts a line; each line keeps its paragraph's direction. At least one line.
    pub fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<Line> {
        let mut lines = Vec::new();
        let space = [Typeface::Latin, Typeface::Arabic]
            .iter()
            .map(|&t| self.advance(&self.shape(" ", t, false), t))
            .fold(0.0, f32::max)
            * size;
        for (paragraph, rtl) in paragraphs(text) {
            let words: Vec<(&str, f32)> = paragraph
                .split_whitespace()
                .map(|w| {
                    let line = Line {
                        text: w.to_string(),
                        rtl,
                    };
                    (w, self.line_width(&line, size))
                })
                .collect();
            if words.is_empty() {
                lines.push(Line {
                    text: String::new(),
                    rtl,
                });
            }
            let mut i = 0;
            while i < words.len() {
                // As many words as fit by their widths, then checked as one shaped line.
                let mut j = i + 1;
                let mut used = words[i].1;
                while j < words.len() && used + space + words[j].1 <= width {
                    used += space + words[j].1;
                    j += 1;
                }
                loop {
                    let line = Line {
                        text: join(&words[i..j]),
                        rtl,
                    };
                    if j == i + 1 {
                        if words[i].1 > width {
                            self.split_word(&line, size, width, &mut lines);
                        } else {
                            lines.push(line);
                        }
                        break;
                    }
                    if self.line_width(&line, size) <= width {
                        lines.push(line);
                        break;
                    }
                    j -= 1;
                }
                i = j;
            }
        }
        if lines.is_empty() {
            lines.push(Line::new(""));
        }
        lines
    }

    /// A word wider than `width` cut between its clusters into lines that fit (a cluster
    /// wider than the line gets a line of its own).
    fn split_word(&self, word: &Line, size: f32, width: f32, lines: &mut Vec<Line>) {
        // Each cluster's start and width, in logical order.
        let mut clusters: Vec<(usize, f32)> = Vec::new();
        for p in self.visual_pieces(word) {
            let shaped = self.shape(&word.text[p.range.clone()], p.typeface, p.rtl);
            let em = self.em(p.typeface);
            for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
                let start = p.range.start + info.cluster as usize;
                clusters.push((start, pos.x_advance as f32 / em * size));
            }
        }
        clusters.sort_by_key(|c| c.0);
        clusters.dedup_by(|next, kept| {
            let same = next.0 == kept.0;
            if same {
                kept.1 += next.1;
            }
            same
        });
        let mut i = 0;
        while i < clusters.len() {
            let mut j = i + 1;
            let mut used = clusters[i].1;
            while j < clusters.len() && used + clusters[j].1 <= width {
                used += clusters[j].1;
                j += 1;
            }
            loop {
                let end = clusters.get(j).map_or(word.text.len(), |c| c.0);
                let line = Line {
                    text: word.text[clusters[i].0..end].to_string(),
                    rtl: word.rtl,
                };
                if j == i + 1 || self.line_width(&line, size) <= width {
                    lines.push(line);
                    break;
                }
                j -= 1;
            }
            i = j;
        }
    }

    /// `text` on one line no wider than `width`, cut short with an ellipsis if it is wider.
    pub fn truncate(&self, text: &str, size: f32, width: f32) -> Line {
        let line = Line::new(text);
        if self.line_width(&line, size) <= width {
            return line;
        }
        let ellipsis = self.width("…", size);
        let mut first = self
            .wrap(text, size, (width - ellipsis).max(0.0))
            .into_iter()
            .next()
            .unwrap_or_else(|| Line::new(""));
        first.text.push('…');
        first
    }

    /// Draws `line` from `x` (its left end) on the baseline `y`, each piece marked as `mark`
    /// says; returns the spans' identifiers in logical order (none for an artifact).
    pub fn draw(
        &self,
        surface: &mut Surface,
        (x, y): (f32, f32),
        size: f32,
        line: &Line,
        mark: Mark,
    ) -> Vec<Identifier> {
        // Placed left to right in visual order, drawn in logical order: a reader that takes
        // the text in the order it was drawn (`pdftotext -raw`, copying) gets it as written.
        let mut placed = Vec::new();
        let mut x = x;
        for p in self.visual_pieces(line) {
            let shaped = self.shape(&line.text[p.range.clone()], p.typeface, p.rtl);
            let advance = self.advance(&shaped, p.typeface) * size;
            placed.push((p, shaped, x));
            x += advance;
        }
        placed.sort_by_key(|(p, ..)| p.range.start);
        let mut spans = Vec::new();
        for (p, shaped, x) in placed {
            let text = &line.text[p.range.clone()];
            let glyphs = self.glyphs(&shaped, text, p.typeface);
            let (font, lang) = match p.typeface {
                Typeface::Latin => (self.latin_pdf.clone(), None),
                Typeface::Arabic => (self.arabic_pdf.clone(), Some(ARABIC_SCRIPT_LANGUAGE)),
            };
            // A character no shipped font has is drawn as a box; its text goes with it so a
            // reader still extracts it.
            let boxed = shaped.glyph_infos().iter().any(|g| g.glyph_id == 0);
            let tag = match mark {
                Mark::Content => ContentTag::Span(
                    SpanTag::empty()
                        .with_lang(lang)
                        .with_actual_text(boxed.then_some(text)),
                ),
                Mark::Artifact(kind) => {
                    ContentTag::Artifact(krilla::tagging::Artifact::with_kind(kind))
                }
            };
            let id = surface.start_tagged(tag);
            surface.draw_glyphs(Point::from_xy(x, y), &glyphs, font, text, size, false);
            surface.end_tagged();
            if let Mark::Content = mark {
                spans.push(id);
            }
        }
        spans
    }

    /// krilla's glyphs for a shaped piece: advances in ems, each glyph with the text of its
    /// cluster (what a reader extracts for it).
    fn glyphs(&self, shaped: &GlyphBuffer, text: &str, typeface: Typeface) -> Vec<KrillaGlyph> {
        let em = self.em(typeface);
        let mut starts: Vec<usize> = shaped
            .glyph_infos()
            .iter()
            .map(|i| i.cluster as usize)
            .collect();
        starts.sort_unstable();
        starts.dedup();
        shaped
            .glyph_infos()
            .iter()
            .zip(shaped.glyph_positions())
            .map(|(info, pos)| {
                let start = info.cluster as usize;
                let end = starts
                    .get(starts.partition_point(|&s| s <= start))
                    .copied()
                    .unwrap_or(text.len());
                KrillaGlyph::new(
                    GlyphId::new(info.glyph_id),
                    pos.x_advance as f32 / em,
                    pos.x_offset as f32 / em,
                    pos.y_offset as f32 / em,
                    pos.y_advance as f32 / em,
                    start..end,
                    None,
                )
            })
            .collect()
    }

    /// The characters of `text` drawn with no glyph (as a box), if any.
    #[cfg(test)]
    fn missing(&self, text: &str) -> Vec<char> {
        let line = Line::new(text);
        let mut missing = Vec::new();
        for p in self.visual_pieces(&line) {
            let piece = &line.text[p.range.clone()];
            for info in self.shape(piece, p.typeface, p.rtl).glyph_infos() {
                if info.glyph_id == 0 {
                    missing.extend(piece[info.cluster as usize..].chars().next());
                }
            }
        }
        missing
    }
}

/// The paragraphs of `text` (split at its line breaks, which are left out) with whether each
/// reads right to left.
fn paragraphs(text: &str) -> impl Iterator<Item = (&str, bool)> {
    let info = BidiInfo::new(text, None);
    let paragraphs: Vec<(&str, bool)> = info
        .paragraphs
        .iter()
        .map(|p| {
            let body = text[p.range.clone()].trim_end_matches(|c: char| {
                matches!(c, '\n' | '\r' | '\u{1c}'..='\u{1e}' | '\u{85}' | '\u{2029}')
            });
            (body, p.level.is_rtl())
        })
        .collect();
    paragraphs.into_iter()
}

fn join(words: &[(&str, f32)]) -> String {
    let mut text = String::new();
    for (i, (w, _)) in words.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(w);
    }
    text
}

/// Characters with no glyph of their own (joiners, directional marks): shaped with the font
/// of the text around them, which hides them.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Urdu alphabet with its extra letters, the forms of heh and yeh, the marks, the
    /// Urdu digits and punctuation.
    const URDU: &str = "ا آ ب پ ت ٹ ث ج چ ح خ د ڈ ذ ر ڑ ز ژ س ش ص ض ط ظ ع غ ف ق ک گ ل م ن ں و ہ ھ ء ی ے \
                        ۂ ۃ ئ ؤ أ ۓ ي ك ه \u{64B}\u{64C}\u{64D}\u{64E}\u{64F}\u{650}\u{651}\u{652}\u{670}\u{654} \
                        ۰۱۲۳۴۵۶۷۸۹ ٠١٢٣٤٥٦٧٨٩ ، ؛ ؟ ۔ ٪";

    #[test]
    fn every_urdu_letter_mark_and_digit_has_a_glyph() {
        let fonts = Fonts::new().unwrap();
        assert_eq!(fonts.missing(URDU), Vec::<char>::new());
        let mixed = "Request re (ملزم کی حوالگی accused) from FIA — Muhammad Imrān, Zainab Qureshī";
        assert_eq!(fonts.missing(mixed), Vec::<char>::new());
        // An unusual name with a ZWNJ between Urdu letters stays whole.
        assert_eq!(fonts.missing("عبد\u{200C}الله"), Vec::<char>::new());
    }

    #[test]
    fn urdu_is_drawn_with_the_arabic_font_and_latin_with_dejavu() {
        let fonts = Fonts::new().unwrap();
        let line = Line::new("Request re (ملزم کی حوالگی accused) from FIA");
        assert!(!line.rtl);
        let pieces = fonts.visual_pieces(&line);
        let shown: Vec<(&str, Typeface, bool)> = pieces
            .iter()
            .map(|p| (&line.text[p.range.clone()], p.typeface, p.rtl))
            .collect();
        assert_eq!(
            shown,
            [
                ("Request re (", Typeface::Latin, false),
                ("حوالگی", Typeface::Arabic, true),
                ("کی ", Typeface::Arabic, true),
                ("ملزم ", Typeface::Arabic, true),
                (" accused) from FIA", Typeface::Latin, false),
            ]
        );
    }

    #[test]
    fn an_urdu_paragraph_reads_right_to_left_with_english_inside_it() {
        let fonts = Fonts::new().unwrap();
        let line = Line::new("ملزم FIA کی");
        assert!(line.rtl);
        let pieces = fonts.visual_pieces(&line);
        let shown: Vec<&str> = pieces.iter().map(|p| &line.text[p.range.clone()]).collect();
        // Visual order, left to right: the last Urdu word first.
        assert_eq!(shown, ["کی", " ", "FIA", "ملزم "]);
    }

    #[test]
    fn wrapped_lines_fit_and_keep_every_character() {
        let fonts = Fonts::new().unwrap();
        let long = format!("{} ملزم کی حوالگی {} end", "x".repeat(300), "ب".repeat(200));
        for width in [20.0, 57.5, 133.0] {
            let lines = fonts.wrap(&long, 9.0, width);
            for line in &lines {
                assert!(
                    fonts.line_width(line, 9.0) <= width,
                    "{:?} is wider than {width}",
                    line.text
                );
            }
            let joined: String = lines.iter().map(|l| l.text.as_str()).collect();
            let squashed: String = long.split_whitespace().collect();
            assert_eq!(joined.replace(' ', ""), squashed);
        }
        assert_eq!(fonts.wrap("", 9.0, 100.0), [Line::new("")]);
        assert_eq!(fonts.wrap("a\n\nb", 9.0, 100.0).len(), 3);
    }

    #[test]
    fn a_truncated_line_fits_with_an_ellipsis() {
        let fonts = Fonts::new().unwrap();
        let line = fonts.truncate(&"EI-2026-0001 ".repeat(40), 7.5, 150.0);
        assert!(line.text.ends_with('…'));
        assert!(fonts.line_width(&line, 7.5) <= 150.0);
        assert_eq!(
            fonts.truncate("EI-2026-0001", 7.5, 150.0).text,
            "EI-2026-0001"
        );
    }
}
