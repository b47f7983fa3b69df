//! A document as the renderers (Markdown, HTML, PDF, CSV) receive it: headed sections of
//! fields, paragraphs, tables and charts, all plain text. Built only from redacted view models.

use chrono::{DateTime, FixedOffset};

/// Who exported what, when, with which build: the same on every page.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportMeta {
    pub exported_at: DateTime<FixedOffset>,
    /// e.g. `0.1.0 (abc1234567, built 2026-11-23)`; tests pass a fixed text.
    pub app_version: String,
    /// Who it is for, as asked in the export dialog.
    pub recipient: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Doc {
    pub title: String,
    /// The handling marking, at the head and foot of every page (`docs/law.md` §6).
    pub marking: String,
    /// Shown under the title: profile, recipient, period…
    pub about: Vec<(String, String)>,
    /// `Exported 23 Nov 2026 10:00 +05:00 · Casedesk 0.1.0`.
    pub footer: String,
    pub sections: Vec<Section>,
}

/// A part of the document; in the PDF each section starts a page and its `running_head`
/// (a case reference, or the report's title) heads the pages it fills.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub heading: String,
    pub running_head: String,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Heading(String),
    Paragraph(String),
    /// Label and value pairs.
    Fields(Vec<(String, String)>),
    Table(Table),
    Chart(Chart),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(columns: &[&str], rows: Vec<Vec<String>>) -> Self {
        Self {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows,
        }
    }
}

/// Grouped bars: one group per label, one bar per series.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    pub title: String,
    pub labels: Vec<String>,
    pub series: Vec<Series>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    /// `#rrggbb`, shared by the HTML and PDF renderers.
    pub colour: &'static str,
    pub values: Vec<usize>,
}

impl Chart {
    pub fn max(&self) -> usize {
        self.series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .max()
            .unwrap_or(0)
    }
}

impl Doc {
    pub fn new(title: &str, marking: String, meta: &ExportMeta) -> Self {
        Self {
            title: title.into(),
            marking,
            about: Vec::new(),
            footer: format!(
                "Exported {} · Casedesk {}",
                meta.exported_at.format("%d %b %Y %H:%M %:z"),
                meta.app_version
            ),
            sections: Vec::new(),
        }
    }
}

/// `12 Mar 2026`, the one date format of every export.
pub fn date(d: chrono::NaiveDate) -> String {
    d.format("%d %b %Y").to_string()
}

/// A date or a dash.
pub fn maybe_date(d: Option<chrono::NaiveDate>) -> String {
    d.map_or_else(|| "—".into(), date)
}
