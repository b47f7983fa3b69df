//! A document as the renderers (Markdown, HTML, PDF, CSV) receive it: headed sections of
//! fields, paragraphs, tables and charts, all plain text. Built only from redacted view models.

use crate::domain::ExportProfile;
use chrono::{DateTime, FixedOffset};

/// Who exported what, when, with which build: the same on every page.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportMeta {
    pub exported_at: DateTime<FixedOffset>,
    /// e.g. `0.1.0`; tests pass a fixed text.
    pub app_version: String,
    /// e.g. `abc1234567, built 2026-11-23`: shown in internal documents only.
    pub build: String,
    /// Who it is for, as asked in the export dialog.
    pub recipient: String,
}

/// Who a document kept for internal use (the programme's monthly review) is for: nothing
/// leaves, so no disclosure is recorded.
pub const INTERNAL_USE: &str = "Internal use";

impl ExportMeta {
    /// Marked for internal use (`--for internal` on the command line).
    pub fn for_internal_use(&self) -> bool {
        let recipient = self.recipient.trim();
        recipient.eq_ignore_ascii_case(INTERNAL_USE) || recipient.eq_ignore_ascii_case("internal")
    }

    /// An export made at `exported_at` for `recipient` by this build of Casedesk.
    pub fn of_this_build(exported_at: DateTime<FixedOffset>, recipient: &str) -> Self {
        use crate::build_info::{BUILD_DATE, COMMIT, VERSION};
        Self {
            exported_at,
            app_version: VERSION.into(),
            build: format!("{COMMIT}, built {BUILD_DATE}"),
            recipient: recipient.trim().to_string(),
        }
    }
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

/// The colours of cases opened and of cases closed, alike in every chart that shows them.
pub const OPENED_COLOUR: &str = "#2b6cb0";
pub const CLOSED_COLOUR: &str = "#c05621";

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
    /// A document for `profile`: the build it was made with is said in internal ones only.
    pub fn new(title: &str, marking: String, meta: &ExportMeta, profile: ExportProfile) -> Self {
        let build = if profile == ExportProfile::Full && !meta.build.is_empty() {
            format!(" ({})", meta.build)
        } else {
            String::new()
        };
        Self {
            title: title.into(),
            marking,
            about: Vec::new(),
            footer: format!(
                "Exported {} · Casedesk {}{build}",
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
