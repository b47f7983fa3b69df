//! PDF rendering of a [`Doc`]: A4 pages laid out here, drawn with `krilla`, which embeds a
//! subset of DejaVu Sans (names with diacritics show). Every page carries the running head and
//! the marking at the top, and the footer, the marking and "page X of Y" at the bottom; pages
//! are laid out first so the total is known when they are drawn.

use super::doc::{Block, Chart, Doc, Table};
use super::printable::printable_doc;
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};

const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const LEFT: f32 = 42.0;
const RIGHT: f32 = PAGE_W - 42.0;
const TOP: f32 = 64.0;
const BOTTOM: f32 = PAGE_H - 58.0;
const BODY: f32 = 9.0;
const SMALL: f32 = 7.5;
const INK: (u8, u8, u8) = (17, 17, 17);
const GREY: (u8, u8, u8) = (90, 90, 90);
const RULE: (u8, u8, u8) = (170, 170, 170);
const SHADE: (u8, u8, u8) = (232, 232, 232);
const HEADING: (u8, u8, u8) = (26, 54, 93);
const MARKING: (u8, u8, u8) = (155, 28, 28);

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("The PDF font could not be read")]
    Font,
    #[error("The PDF could not be written: {0:?}")]
    Write(krilla::error::KrillaError),
}

pub fn render(doc: &Doc) -> Result<Vec<u8>, PdfError> {
    let doc = &printable_doc(doc);
    let face = ttf_parser::Face::parse(FONT, 0).map_err(|_| PdfError::Font)?;
    let mut layout = Layout {
        face,
        pages: Vec::new(),
    };
    layout.document(doc);
    let font = Font::new(FONT.into(), 0).ok_or(PdfError::Font)?;
    let mut pdf = Document::new();
    pdf.set_metadata(
        Metadata::new()
            .title(doc.title.clone())
            .creator("Casedesk".into()),
    );
    let total = layout.pages.len();
    for (n, page) in layout.pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or(PdfError::Font)?;
        let mut p = pdf.start_page_with(settings);
        let mut surface = p.surface();
        let mut rect = |x: f32, y: f32, w: f32, h: f32, colour| {
            if let Some(path) = Rect::from_xywh(x, y, w, h).and_then(|r| {
                let mut pb = PathBuilder::new();
                pb.push_rect(r);
                pb.finish()
            }) {
                surface.set_fill(Some(fill(colour)));
                surface.draw_path(&path);
            }
        };
        rect(LEFT, 40.0, RIGHT - LEFT, 0.6, RULE);
        rect(LEFT, PAGE_H - 46.0, RIGHT - LEFT, 0.6, RULE);
        for op in &page.ops {
            if let Op::Rect { x, y, w, h, colour } = op {
                rect(*x, *y, *w, *h, *colour);
            }
        }
        let mut draw_text = |x: f32, y: f32, size: f32, colour, text: &str| {
            surface.set_fill(Some(fill(colour)));
            surface.draw_text(
                Point::from_xy(x, y),
                font.clone(),
                size,
                text,
                false,
                TextDirection::Auto,
            );
        };
        let marking_x = (PAGE_W - layout.width(&doc.marking, BODY)) / 2.0;
        draw_text(LEFT, 34.0, SMALL, GREY, &page.head);
        draw_text(marking_x, 34.0, BODY, MARKING, &doc.marking);
        let title_x = RIGHT - layout.width(&doc.title, SMALL);
        draw_text(title_x, 34.0, SMALL, GREY, &doc.title);
        draw_text(LEFT, PAGE_H - 34.0, SMALL, GREY, &doc.footer);
        let numbers = format!("page {} of {total}", n + 1);
        let numbers_x = RIGHT - layout.width(&numbers, SMALL);
        draw_text(numbers_x, PAGE_H - 34.0, SMALL, GREY, &numbers);
        draw_text(marking_x, PAGE_H - 20.0, BODY, MARKING, &doc.marking);
        for op in &page.ops {
            if let Op::Text {
                x,
                y,
                size,
                colour,
                text,
            } = op
            {
                draw_text(*x, *y, *size, *colour, text);
            }
        }
        surface.finish();
        p.finish();
    }
    pdf.finish().map_err(PdfError::Write)
}

fn fill((r, g, b): (u8, u8, u8)) -> Fill {
    Fill {
        paint: rgb::Color::new(r, g, b).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// A drawing operation on a laid-out page (rectangles are drawn under text).
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        colour: (u8, u8, u8),
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        colour: (u8, u8, u8),
    },
}

struct Page {
    head: String,
    ops: Vec<Op>,
    /// The baseline area used so far: the next line goes below `y`.
    y: f32,
}

struct Layout<'a> {
    face: ttf_parser::Face<'a>,
    pages: Vec<Page>,
}

impl Layout<'_> {
    fn width(&self, text: &str, size: f32) -> f32 {
        let units: f32 = text
            .chars()
            .map(|c| {
                self.face
                    .glyph_index(c)
                    .and_then(|g| self.face.glyph_hor_advance(g))
                    .map_or(600.0, f32::from)
            })
            .sum();
        units * size / f32::from(self.face.units_per_em())
    }

    fn longest_word(&self, text: &str, size: f32) -> f32 {
        text.split_whitespace()
            .map(|w| self.width(w, size))
            .fold(0.0, f32::max)
    }

    /// `text` broken into lines no wider than `width`; words longer than a line are split.
    fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                for c in word.chars() {
                    line.push(c);
                    if self.width(&line, size) > width && line.chars().count() > 1 {
                        let last = line.pop().unwrap_or(c);
                        lines.push(std::mem::replace(&mut line, last.to_string()));
                    }
                }
            }
            lines.push(line);
        }
        lines
    }

    fn page(&mut self) -> &mut Page {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self, head: &str) {
        self.pages.push(Page {
            head: head.to_string(),
            ops: Vec::new(),
            y: TOP,
        });
    }

    /// Makes room for `height` below the cursor, starting a page when this one is full.
    fn room(&mut self, height: f32) {
        if self.page().y + height > BOTTOM && self.page().y > TOP {
            let head = self.page().head.clone();
            self.new_page(&head);
        }
    }

    fn text(&mut self, x: f32, size: f32, colour: (u8, u8, u8), text: &str) {
        let y = self.page().y;
        self.page().ops.push(Op::Text {
            x,
            y,
            size,
            colour,
            text: text.to_string(),
        });
    }

    fn paragraph(&mut self, text: &str, size: f32, colour: (u8, u8, u8), gap: f32) {
        for line in self.wrap(text, size, RIGHT - LEFT) {
            self.room(size * 1.35);
            self.page().y += size * 1.35;
            self.text(LEFT, size, colour, &line);
        }
        self.page().y += gap;
    }

    fn document(&mut self, doc: &Doc) {
        for (i, section) in doc.sections.iter().enumerate() {
            self.new_page(&section.running_head);
            if i == 0 {
                self.paragraph(&doc.title, 16.0, HEADING, 4.0);
                for (label, value) in &doc.about {
                    self.paragraph(&format!("{label}: {value}"), BODY, GREY, 0.0);
                }
                self.page().y += 8.0;
            }
            self.paragraph(&section.heading, 13.0, HEADING, 4.0);
            for block in &section.blocks {
                match block {
                    Block::Heading(h) => {
                        self.room(40.0);
                        self.page().y += 6.0;
                        self.paragraph(h, 11.0, HEADING, 2.0);
                    }
                    Block::Paragraph(p) => self.paragraph(p, BODY, INK, 6.0),
                    Block::Fields(fields) => self.fields(fields),
                    Block::Table(t) => self.table(t),
                    Block::Chart(c) => self.chart(c),
                }
            }
        }
        if self.pages.is_empty() {
            self.new_page(&doc.title);
        }
    }

    fn fields(&mut self, fields: &[(String, String)]) {
        let label_w = 140.0;
        let line_h = BODY * 1.35;
        for (label, value) in fields {
            let labels = self.wrap(label, BODY, label_w - 8.0);
            let values = self.wrap(value, BODY, RIGHT - LEFT - label_w);
            let lines = labels.len().max(values.len());
            self.room(line_h * lines as f32);
            let top = self.page().y;
            for (column, x, colour) in [(&labels, LEFT, GREY), (&values, LEFT + label_w, INK)] {
                for (i, line) in column.iter().enumerate() {
                    self.page().y = top + line_h * (i + 1) as f32;
                    self.text(x, BODY, colour, line);
                }
            }
            self.page().y = top + line_h * lines as f32;
        }
        self.page().y += 6.0;
    }

    fn table(&mut self, t: &Table) {
        let size = SMALL;
        let pad = 3.0;
        let line_h = size * 1.3;
        let available = RIGHT - LEFT;
        let cells = |c: usize| {
            std::iter::once(&t.columns[c]).chain(t.rows.iter().filter_map(move |r| r.get(c)))
        };
        // Each column gets at least its longest word, then a share of the rest of the line in
        // proportion to how much more its text needs, so words are split only when a single
        // word is wider than the page allows.
        let least: Vec<f32> = (0..t.columns.len())
            .map(|c| {
                cells(c)
                    .map(|s| self.longest_word(s, size) + 2.0 * pad)
                    .fold(2.0 * pad, f32::max)
                    .min(available / 3.0)
            })
            .collect();
        let natural: Vec<f32> = (0..t.columns.len())
            .map(|c| {
                cells(c)
                    .map(|s| self.width(s, size) + 2.0 * pad)
                    .fold(least[c], f32::max)
                    .min(260.0)
            })
            .collect();
        let total: f32 = natural.iter().sum();
        let floor: f32 = least.iter().sum();
        let widths: Vec<f32> = if total <= available {
            natural
        } else if floor >= available {
            least.iter().map(|w| w * available / floor).collect()
        } else {
            let share = (available - floor) / (total - floor);
            least
                .iter()
                .zip(&natural)
                .map(|(l, n)| l + (n - l) * share)
                .collect()
        };
        let table_w: f32 = widths.iter().sum();
        let header: Vec<Vec<String>> = t
            .columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| self.wrap(c, size, w - 2.0 * pad))
            .collect();
        self.room(2.0 * line_h + 3.0 * pad);
        self.row(&header, &widths, table_w, line_h, Some(SHADE));
        for r in &t.rows {
            let cells: Vec<Vec<String>> = r
                .iter()
                .zip(&widths)
                .map(|(c, w)| self.wrap(c, size, w - 2.0 * pad))
                .collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * line_h;
            let before = self.pages.len();
            self.room(height + 2.0 * pad);
            if self.pages.len() > before {
                self.row(&header, &widths, table_w, line_h, Some(SHADE));
            }
            self.row(&cells, &widths, table_w, line_h, None);
        }
        self.page().y += 8.0;
    }

    /// One table row of wrapped cells, with a rule under it.
    fn row(
        &mut self,
        cells: &[Vec<String>],
        widths: &[f32],
        table_w: f32,
        line_h: f32,
        shade: Option<(u8, u8, u8)>,
    ) {
        let pad = 3.0;
        let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let height = lines as f32 * line_h + 2.0 * pad;
        let top = self.page().y;
        if let Some(colour) = shade {
            self.page().ops.push(Op::Rect {
                x: LEFT,
                y: top,
                w: table_w,
                h: height,
                colour,
            });
        }
        let mut x = LEFT;
        for (cell, w) in cells.iter().zip(widths) {
            for (i, line) in cell.iter().enumerate() {
                self.page().ops.push(Op::Text {
                    x: x + pad,
                    y: top + pad + (i as f32 + 0.8) * line_h,
                    size: SMALL,
                    colour: INK,
                    text: line.clone(),
                });
            }
            x += w;
        }
        self.page().ops.push(Op::Rect {
            x: LEFT,
            y: top + height,
            w: table_w,
            h: 0.4,
            colour: RULE,
        });
        self.page().y = top + height;
    }

    /// Grouped vertical bars with a legend, a base line and month labels.
    fn chart(&mut self, chart: &Chart) {
        let (plot_h, label_h) = (150.0, 16.0);
        self.room(plot_h + label_h + 40.0);
        self.page().y += 14.0;
        self.text(LEFT, BODY, HEADING, &chart.title);
        // Room for every series' key, ending at the right margin.
        let mut legend_x = RIGHT - 70.0 * chart.series.len() as f32;
        for s in &chart.series {
            let y = self.page().y;
            let colour = hex(s.colour);
            self.page().ops.push(Op::Rect {
                x: legend_x,
                y: y - 7.0,
                w: 8.0,
                h: 8.0,
                colour,
            });
            self.page().ops.push(Op::Text {
                x: legend_x + 11.0,
                y,
                size: SMALL,
                colour: INK,
                text: s.name.clone(),
            });
            legend_x += 70.0;
        }
        let top = self.page().y + 10.0;
        let base = top + plot_h;
        let left = LEFT + 24.0;
        let max = chart.max().max(1) as f32;
        let groups = chart.labels.len().max(1) as f32;
        let group_w = (RIGHT - left) / groups;
        let bar_w = group_w * 0.8 / chart.series.len().max(1) as f32;
        let ops = &mut self.page().ops;
        ops.push(Op::Rect {
            x: left,
            y: base,
            w: RIGHT - left,
            h: 0.6,
            colour: GREY,
        });
        ops.push(Op::Text {
            x: LEFT,
            y: top + 6.0,
            size: SMALL,
            colour: GREY,
            text: format!("{max}"),
        });
        ops.push(Op::Text {
            x: LEFT,
            y: base,
            size: SMALL,
            colour: GREY,
            text: "0".into(),
        });
        let every = (chart.labels.len() / 12).max(1);
        for (g, label) in chart.labels.iter().enumerate() {
            let x0 = left + g as f32 * group_w + group_w * 0.1;
            for (i, s) in chart.series.iter().enumerate() {
                let v = s.values.get(g).copied().unwrap_or(0) as f32;
                let h = v / max * plot_h;
                if h > 0.0 {
                    ops.push(Op::Rect {
                        x: x0 + i as f32 * bar_w,
                        y: base - h,
                        w: bar_w,
                        h,
                        colour: hex(s.colour),
                    });
                }
            }
            if g % every == 0 {
                ops.push(Op::Text {
                    x: x0,
                    y: base + 10.0,
                    size: 6.0,
                    colour: INK,
                    text: label.clone(),
                });
            }
        }
        self.page().y = base + label_h + 8.0;
    }
}

/// `#rrggbb` to components; black for anything else.
fn hex(colour: &str) -> (u8, u8, u8) {
    let part = |i: usize| {
        colour
            .get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0)
    };
    (part(1), part(3), part(5))
}
