//! PDF rendering of a [`Doc`]: A4 pages laid out here, drawn with `krilla`, which embeds
//! subsets of the fonts (`pdf/text.rs`: DejaVu Sans, and Noto Naskh Arabic for Urdu, in
//! bidirectional order). Every page carries the running head and the marking at the top, and
//! the footer, the marking and "page X of Y" at the bottom; text wraps within its column and a
//! row taller than a page goes on over the next, so nothing runs into them. Pages are laid out
//! first so the total is known when they are drawn. The PDF is tagged (`pdf/tags.rs`) with the
//! document's language, PDF/UA-1 where krilla's validator accepts it.

mod tags;
mod text;

use super::doc::{Block, Chart, Doc, Table};
use super::printable::printable_doc;
use krilla::color::rgb;
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::error::KrillaError;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, TableHeaderScope, Tag, TagKind};
use krilla::{Document, SerializeSettings};
use std::num::NonZeroU16;
use tags::Structure;
use text::{Fonts, Line, Mark};

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const LEFT: f32 = 42.0;
const RIGHT: f32 = PAGE_W - 42.0;
const TOP: f32 = 64.0;
const BOTTOM: f32 = PAGE_H - 58.0;
/// What a heading keeps with it on its page: itself and the start of what follows (a table's
/// header and first row), so no heading ends a page with its table on the next.
const HEADING_KEEP: f32 = 60.0;
const BODY: f32 = 9.0;
const SMALL: f32 = 7.5;
const INK: (u8, u8, u8) = (17, 17, 17);
const GREY: (u8, u8, u8) = (90, 90, 90);
const RULE: (u8, u8, u8) = (170, 170, 170);
const SHADE: (u8, u8, u8) = (232, 232, 232);
const HEADING: (u8, u8, u8) = (26, 54, 93);
const MARKING: (u8, u8, u8) = (155, 28, 28);
/// The documents are written in British English (names and notes in them may be in Urdu,
/// whose spans say so).
const LANGUAGE: &str = "en-GB";

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("The PDF font could not be read")]
    Font,
    #[error("The PDF could not be set up: {0:?}")]
    Settings(krilla::configure::ConfigurationError),
    #[error("The PDF could not be written: {0:?}")]
    Write(KrillaError),
}

pub fn render(doc: &Doc) -> Result<Vec<u8>, PdfError> {
    let doc = &printable_doc(doc);
    let fonts = Fonts::new()?;
    let mut layout = Layout {
        fonts: &fonts,
        pages: Vec::new(),
        tags: Structure::new(),
        outline: Vec::new(),
    };
    layout.document(doc);
    // PDF/UA-1 where krilla's validator accepts the document; one it refuses (a character no
    // shipped font has, say) is written tagged all the same, without claiming PDF/UA.
    match write(doc, &layout, true) {
        Err(PdfError::Write(KrillaError::Validation(_))) => write(doc, &layout, false),
        written => written,
    }
}

fn write(doc: &Doc, layout: &Layout, accessible: bool) -> Result<Vec<u8>, PdfError> {
    let mut configuration = ConfigurationBuilder::new();
    if accessible {
        configuration = configuration.with_accessibility_validator(Accessibility::UA1);
    }
    let settings = SerializeSettings {
        configuration: configuration.finish().map_err(PdfError::Settings)?,
        enable_tagging: true,
        ..SerializeSettings::default()
    };
    let fonts = layout.fonts;
    let mut pdf = Document::new_with(settings);
    pdf.set_metadata(
        Metadata::new()
            .title(doc.title.clone())
            .creator("Casedesk".into())
            .language(LANGUAGE.into()),
    );
    let mut spans: Vec<Vec<_>> = (0..layout.tags.lines()).map(|_| Vec::new()).collect();
    let total = layout.pages.len();
    let marking_w = fonts
        .line_width(&Line::new(&doc.marking), BODY)
        .min(RIGHT - LEFT);
    let marking_x = (PAGE_W - marking_w) / 2.0;
    let marking = fonts.truncate(&doc.marking, BODY, RIGHT - LEFT);
    // The running head and the title share the top line with the marking, so each stops
    // short of it.
    let beside = marking_x - LEFT - 8.0;
    let title = fonts.truncate(&doc.title, SMALL, beside);
    let title_x = RIGHT - fonts.line_width(&title, SMALL);
    for (n, page) in layout.pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or(PdfError::Font)?;
        let mut p = pdf.start_page_with(settings);
        let mut surface = p.surface();
        surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
            ArtifactType::Layout,
        )));
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
        surface.end_tagged();
        let mut draw = |x: f32, y: f32, size: f32, colour, line: &Line, mark| {
            surface.set_fill(Some(fill(colour)));
            fonts.draw(&mut surface, (x, y), size, line, mark)
        };
        let header = Mark::Artifact(ArtifactType::Header);
        let footer = Mark::Artifact(ArtifactType::Footer);
        let head = fonts.truncate(&page.head, SMALL, beside);
        draw(LEFT, 34.0, SMALL, GREY, &head, header);
        draw(marking_x, 34.0, BODY, MARKING, &marking, header);
        draw(title_x, 34.0, SMALL, GREY, &title, header);
        let numbers = Line::new(&format!("page {} of {total}", n + 1));
        let numbers_x = RIGHT - fonts.line_width(&numbers, SMALL);
        let foot = fonts.truncate(&doc.footer, SMALL, numbers_x - LEFT - 8.0);
        draw(LEFT, PAGE_H - 34.0, SMALL, GREY, &foot, footer);
        draw(numbers_x, PAGE_H - 34.0, SMALL, GREY, &numbers, footer);
        draw(marking_x, PAGE_H - 20.0, BODY, MARKING, &marking, footer);
        for op in &page.ops {
            if let Op::Text {
                x,
                y,
                size,
                colour,
                line,
                leaf,
            } = op
            {
                match leaf {
                    Some(leaf) => {
                        let ids = draw(*x, *y, *size, *colour, line, Mark::Content);
                        if let Some(spans) = spans.get_mut(*leaf) {
                            spans.extend(ids);
                        }
                    }
                    None => {
                        let repeated = Mark::Artifact(ArtifactType::PaginationOther);
                        draw(*x, *y, *size, *colour, line, repeated);
                    }
                }
            }
        }
        surface.finish();
        p.finish();
    }
    pdf.set_tag_tree(layout.tags.tree(spans, LANGUAGE));
    let mut outline = Outline::new();
    for (heading, page, y) in &layout.outline {
        let to = XyzDestination::new(*page, Point::from_xy(LEFT, (*y - 20.0).max(0.0)));
        outline.push_child(OutlineNode::new(heading.clone(), to));
    }
    pdf.set_outline(outline);
    pdf.finish().map_err(PdfError::Write)
}

fn fill((r, g, b): (u8, u8, u8)) -> Fill {
    Fill {
        paint: rgb::Color::new(r, g, b).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// A heading's tag, its text as its title (PDF/UA asks for one).
fn heading(level: u16, text: &str) -> TagKind {
    let level = NonZeroU16::new(level).unwrap_or(NonZeroU16::MIN);
    Tag::Hn(level, Some(text.to_string())).into()
}

/// A drawing operation on a laid-out page (rectangles are drawn under text).
enum Op {
    /// A line of text; `leaf` is its number in the tag tree, none for a table's header
    /// repeated on a later page.
    Text {
        x: f32,
        y: f32,
        size: f32,
        colour: (u8, u8, u8),
        line: Line,
        leaf: Option<usize>,
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
    fonts: &'a Fonts,
    pages: Vec<Page>,
    tags: Structure,
    /// Each section's heading with the page and height it starts at.
    outline: Vec<(String, usize, f32)>,
}

/// How the rows of a table (or of label and value fields) are drawn.
struct Grid {
    /// Each column's left edge and width.
    columns: Vec<(f32, f32)>,
    colours: Vec<(u8, u8, u8)>,
    size: f32,
    line_h: f32,
    pad: f32,
    /// A rule under each row.
    ruled: bool,
}

/// A row laid out: each cell's lines and their numbers in the tag tree (none when repeated).
struct Row {
    cells: Vec<Vec<Line>>,
    leaves: Vec<Vec<Option<usize>>>,
}

impl Row {
    fn lines(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(1).max(1)
    }
}

impl Layout<'_> {
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

    /// Where a line starts in a column from `left` of `width`: right-aligned when its
    /// paragraph reads right to left.
    fn start(&self, left: f32, width: f32, line: &Line, size: f32) -> f32 {
        if line.rtl {
            left + width - self.fonts.line_width(line, size)
        } else {
            left
        }
    }

    /// A line of text at (`x`, `y`), a new line of the tag group open.
    fn put(&mut self, x: f32, y: f32, size: f32, colour: (u8, u8, u8), line: Line) {
        let leaf = Some(self.tags.line());
        self.page().ops.push(Op::Text {
            x,
            y,
            size,
            colour,
            line,
            leaf,
        });
    }

    /// A wrapped paragraph across the page, tagged `kind`.
    fn paragraph(
        &mut self,
        kind: impl Into<TagKind>,
        text: &str,
        size: f32,
        colour: (u8, u8, u8),
        gap: f32,
    ) {
        self.tags.open(kind);
        for line in self.fonts.wrap(text, size, RIGHT - LEFT) {
            self.room(size * 1.35);
            self.page().y += size * 1.35;
            let (x, y) = (self.start(LEFT, RIGHT - LEFT, &line, size), self.page().y);
            self.put(x, y, size, colour, line);
        }
        self.tags.close();
        self.page().y += gap;
    }

    fn document(&mut self, doc: &Doc) {
        for (i, section) in doc.sections.iter().enumerate() {
            self.new_page(&section.running_head);
            self.tags.open(Tag::Section);
            if i == 0 {
                self.paragraph(heading(1, &doc.title), &doc.title, 16.0, HEADING, 4.0);
                for (label, value) in &doc.about {
                    self.paragraph(Tag::P, &format!("{label}: {value}"), BODY, GREY, 0.0);
                }
                self.page().y += 8.0;
            }
            let (page, y) = (self.pages.len() - 1, self.page().y);
            self.outline.push((section.heading.clone(), page, y));
            let h = heading(2, &section.heading);
            self.paragraph(h, &section.heading, 13.0, HEADING, 4.0);
            for block in &section.blocks {
                match block {
                    Block::Heading(h) => {
                        self.room(HEADING_KEEP);
                        self.page().y += 6.0;
                        self.paragraph(heading(3, h), h, 11.0, HEADING, 2.0);
                    }
                    Block::Paragraph(p) => self.paragraph(Tag::P, p, BODY, INK, 6.0),
                    Block::Fields(fields) => self.fields(fields),
                    Block::Table(t) => self.table(t),
                    Block::Chart(c) => {
                        self.tags.open(Tag::Figure(Some(chart_alt_text(c))));
                        self.chart(c);
                        self.tags.close();
                    }
                }
            }
            self.tags.close();
        }
        if self.pages.is_empty() {
            self.new_page(&doc.title);
        }
    }

    /// Label and value pairs, as a table whose rows are headed by their labels.
    fn fields(&mut self, fields: &[(String, String)]) {
        let label_w = 140.0;
        let grid = Grid {
            columns: vec![(LEFT, label_w), (LEFT + label_w, RIGHT - LEFT - label_w)],
            colours: vec![GREY, INK],
            size: BODY,
            line_h: BODY * 1.35,
            pad: 0.0,
            ruled: false,
        };
        self.tags.open(Tag::Table);
        for (label, value) in fields {
            let cells = vec![
                self.fonts.wrap(label, BODY, label_w - 8.0),
                self.fonts.wrap(value, BODY, RIGHT - LEFT - label_w),
            ];
            let kinds: [TagKind; 2] = [Tag::TH(TableHeaderScope::Row).into(), Tag::TD.into()];
            let row = self.tagged_row(cells, kinds);
            self.row(&grid, &row, false, None);
        }
        self.tags.close();
        self.page().y += 6.0;
    }

    /// A row of cells tagged as a table row, each cell a group of `kinds`.
    fn tagged_row(
        &mut self,
        cells: Vec<Vec<Line>>,
        kinds: impl IntoIterator<Item = TagKind>,
    ) -> Row {
        self.tags.open(Tag::TR);
        let leaves = cells
            .iter()
            .zip(kinds)
            .map(|(lines, kind)| {
                self.tags.open(kind);
                let leaves = lines.iter().map(|_| Some(self.tags.line())).collect();
                self.tags.close();
                leaves
            })
            .collect();
        self.tags.close();
        Row { cells, leaves }
    }

    fn table(&mut self, t: &Table) {
        let size = SMALL;
        let pad = 3.0;
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
                    .map(|s| self.fonts.longest_word(s, size) + 2.0 * pad)
                    .fold(2.0 * pad, f32::max)
                    .min(available / 3.0)
            })
            .collect();
        let natural: Vec<f32> = (0..t.columns.len())
            .map(|c| {
                cells(c)
                    .map(|s| self.fonts.width(s, size) + 2.0 * pad)
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
        let mut x = LEFT;
        let columns = widths
            .iter()
            .map(|&w| {
                x += w;
                (x - w, w)
            })
            .collect();
        let grid = Grid {
            columns,
            colours: vec![INK; widths.len()],
            size,
            line_h: size * 1.3,
            pad,
            ruled: true,
        };
        let wrapped = |row: &[String]| -> Vec<Vec<Line>> {
            row.iter()
                .zip(&widths)
                .map(|(c, w)| self.fonts.wrap(c, size, w - 2.0 * pad))
                .collect()
        };
        let header_cells = wrapped(&t.columns);
        self.tags.open(Tag::Table);
        let column = || TagKind::from(Tag::TH(TableHeaderScope::Column));
        let header = self.tagged_row(header_cells, std::iter::repeat_with(column));
        // On a later page the header is repeated as an artifact: it was read once already.
        let repeated = Row {
            leaves: header.cells.iter().map(|c| vec![None; c.len()]).collect(),
            cells: header.cells.clone(),
        };
        // The header keeps the first row's first lines with it: never a header alone at the
        // foot of a page (a first row taller than a page still starts here).
        let first = t.rows.first().map_or(0, |r| {
            wrapped(r).iter().map(Vec::len).max().unwrap_or(1).min(3)
        });
        self.room((header.lines() + first) as f32 * grid.line_h + 4.0 * pad + 1.0);
        self.row(&grid, &header, true, None);
        for r in &t.rows {
            let cells = wrapped(r);
            let td = || TagKind::from(Tag::TD);
            let row = self.tagged_row(cells, std::iter::repeat_with(td));
            self.row(&grid, &row, false, Some(&repeated));
        }
        self.tags.close();
        self.page().y += 8.0;
    }

    /// One row of wrapped cells, shaded or not. A row that fits on a page is kept whole, on the next page if
    /// need be (with `header` repeated); one taller than a page fills the rest of this one and
    /// goes on over the next, its columns' lines side by side.
    fn row(&mut self, grid: &Grid, row: &Row, shaded: bool, header: Option<&Row>) {
        let lines = row.lines();
        let header_h = header.map_or(0.0, |h| h.lines() as f32 * grid.line_h + 2.0 * grid.pad);
        let whole = lines as f32 * grid.line_h + 2.0 * grid.pad;
        let fits_a_page = whole <= BOTTOM - TOP - header_h;
        let mut from = 0;
        let mut fresh = false;
        while from < lines {
            let room = BOTTOM - self.page().y - 2.0 * grid.pad;
            let fit = (room / grid.line_h).floor().max(0.0) as usize;
            let rest = lines - from;
            if !fresh && rest > fit && (fit == 0 || (from == 0 && fits_a_page)) {
                let head = self.page().head.clone();
                self.new_page(&head);
                if let Some(header) = header {
                    self.row_part(grid, header, 0..header.lines(), true);
                }
                fresh = true;
                continue;
            }
            let to = from + rest.min(fit.max(1));
            self.row_part(grid, row, from..to, shaded);
            from = to;
            fresh = false;
        }
    }

    /// The lines `part` of a row's cells, shaded when `shaded`, with a rule under them.
    fn row_part(&mut self, grid: &Grid, row: &Row, part: std::ops::Range<usize>, shaded: bool) {
        let height = part.len() as f32 * grid.line_h + 2.0 * grid.pad;
        let top = self.page().y;
        let table_w: f32 = grid.columns.iter().map(|c| c.1).sum();
        if shaded {
            self.page().ops.push(Op::Rect {
                x: LEFT,
                y: top,
                w: table_w,
                h: height,
                colour: SHADE,
            });
        }
        for (c, (&(left, width), colour)) in grid.columns.iter().zip(&grid.colours).enumerate() {
            let (Some(lines), Some(leaves)) = (row.cells.get(c), row.leaves.get(c)) else {
                continue;
            };
            for i in part.clone() {
                let (Some(line), Some(&leaf)) = (lines.get(i), leaves.get(i)) else {
                    continue;
                };
                let inner = width - 2.0 * grid.pad;
                let x = self.start(left + grid.pad, inner, line, grid.size);
                let y = top + grid.pad + ((i - part.start) as f32 + 0.8) * grid.line_h;
                self.page().ops.push(Op::Text {
                    x,
                    y,
                    size: grid.size,
                    colour: *colour,
                    line: line.clone(),
                    leaf,
                });
            }
        }
        if grid.ruled {
            self.page().ops.push(Op::Rect {
                x: LEFT,
                y: top + height,
                w: table_w,
                h: 0.4,
                colour: RULE,
            });
        }
        self.page().y = top + height;
    }

    /// Grouped vertical bars with a legend, a base line and month labels.
    fn chart(&mut self, chart: &Chart) {
        let (plot_h, label_h) = (150.0, 16.0);
        self.room(plot_h + label_h + 40.0);
        self.page().y += 14.0;
        let y = self.page().y;
        self.put(LEFT, y, BODY, HEADING, Line::new(&chart.title));
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
            self.put(legend_x + 11.0, y, SMALL, INK, Line::new(&s.name));
            legend_x += 70.0;
        }
        let top = self.page().y + 10.0;
        let base = top + plot_h;
        let left = LEFT + 24.0;
        let max = chart.max().max(1) as f32;
        let groups = chart.labels.len().max(1) as f32;
        let group_w = (RIGHT - left) / groups;
        let bar_w = group_w * 0.8 / chart.series.len().max(1) as f32;
        self.page().ops.push(Op::Rect {
            x: left,
            y: base,
            w: RIGHT - left,
            h: 0.6,
            colour: GREY,
        });
        let mut labels = vec![
            (LEFT, top + 6.0, SMALL, GREY, Line::new(&format!("{max}"))),
            (LEFT, base, SMALL, GREY, Line::new("0")),
        ];
        let every = (chart.labels.len() / 12).max(1);
        // Each label within its bars' room, cut short with "…" (the table after the chart and
        // its alternative text name it whole).
        let names: Vec<Line> = chart
            .labels
            .iter()
            .map(|l| self.fonts.truncate(l, 6.0, group_w * every as f32 - 4.0))
            .collect();
        let ops = &mut self.page().ops;
        for (g, name) in names.into_iter().enumerate() {
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
                labels.push((x0, base + 10.0, 6.0, INK, name));
            }
        }
        for (x, y, size, colour, line) in labels {
            self.put(x, y, size, colour, line);
        }
        self.page().y = base + label_h + 8.0;
    }
}

/// What a chart shows, in words, for a screen reader: each series' value per label.
fn chart_alt_text(chart: &Chart) -> String {
    let series: Vec<String> = chart
        .series
        .iter()
        .map(|s| {
            let values: Vec<String> = chart
                .labels
                .iter()
                .zip(&s.values)
                .map(|(label, v)| format!("{label} {v}"))
                .collect();
            format!("{}: {}", s.name, values.join(", "))
        })
        .collect();
    format!("Bar chart, {}. {}.", chart.title, series.join("; "))
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
