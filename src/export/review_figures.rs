//! The review report's case-figure sections (`domain::figures`): workstreams, processing times,
//! response rates, counterpart agencies and outcomes, each a table with a bar chart where a
//! chart says more. The statistics profile gets counts only: the redaction left amounts,
//! quantities and values out of the figures it computed (`redact::review_view`).

use super::doc::{Block, Chart, Section, Series, Table, date};
use crate::domain::figures::{Figures, Stream};
use crate::domain::{CaseKind, Direction};

pub const MEDIAN_COLOUR: &str = "#2b6cb0";
pub const P90_COLOUR: &str = "#c05621";
pub const WITHIN_COLOUR: &str = "#2f855a";
pub const LATER_COLOUR: &str = "#d69e2e";
pub const UNANSWERED_COLOUR: &str = "#c53030";
const OPEN_COLOUR: &str = "#718096";

/// A figure that may be missing (no time ended in the period): "—", never NaN.
fn days(d: Option<i64>) -> String {
    d.map_or_else(|| "—".into(), |d| d.to_string())
}

/// A stream as a chart's short label: the reference prefixes of `docs/law.md` §5 ("MI", "EO").
fn short(s: Stream) -> String {
    crate::domain::reference_prefix(s.kind, s.direction).to_string()
}

fn heading(blocks: &mut Vec<Block>, title: &str, columns: &[&str], rows: Vec<Vec<String>>) {
    blocks.push(Block::Heading(title.into()));
    if rows.is_empty() {
        blocks.push(Block::Paragraph("None in the period.".into()));
    } else {
        blocks.push(Block::Table(Table::new(columns, rows)));
    }
}

fn section(heading: &str, blocks: Vec<Block>) -> Section {
    Section {
        heading: heading.into(),
        running_head: "Review report".into(),
        blocks,
    }
}

/// The case-figure sections, in report order.
pub fn sections(f: &Figures) -> Vec<Section> {
    vec![
        workstreams(f),
        times(f),
        responses(f),
        agencies(f),
        outcomes(f),
    ]
}

fn workstreams(f: &Figures) -> Section {
    let active: Vec<_> = f
        .streams
        .iter()
        .filter(|(_, c)| c.opened + c.closed + c.open_at_end > 0)
        .collect();
    let mut blocks = vec![Block::Paragraph(format!(
        "Cases opened and closed from {} to {}; open cases counted on {}.",
        date(f.range.from),
        date(f.range.to),
        date(f.as_of)
    ))];
    if !active.is_empty() {
        blocks.push(Block::Chart(Chart {
            title: "Cases by workstream and direction".into(),
            labels: active.iter().map(|(s, _)| short(*s)).collect(),
            series: vec![
                series(
                    "Opened",
                    super::doc::OPENED_COLOUR,
                    active.iter().map(|(_, c)| c.opened),
                ),
                series(
                    "Closed",
                    super::doc::CLOSED_COLOUR,
                    active.iter().map(|(_, c)| c.closed),
                ),
                series(
                    "Open at end",
                    OPEN_COLOUR,
                    active.iter().map(|(_, c)| c.open_at_end),
                ),
            ],
        }));
    }
    heading(
        &mut blocks,
        "Cases by workstream and direction",
        &[
            "Workstream",
            "Opened",
            "Closed",
            "Open at end",
            "Deadlines met",
            "Deadlines missed",
        ],
        f.streams
            .iter()
            .map(|(s, c)| {
                vec![
                    s.to_string(),
                    c.opened.to_string(),
                    c.closed.to_string(),
                    c.open_at_end.to_string(),
                    c.deadlines_met.to_string(),
                    c.deadlines_missed.to_string(),
                ]
            })
            .collect(),
    );
    section("Workstreams", blocks)
}

fn series(name: &str, colour: &'static str, values: impl Iterator<Item = usize>) -> Series {
    Series {
        name: name.into(),
        colour,
        values: values.collect(),
    }
}

fn times(f: &Figures) -> Section {
    let mut blocks = vec![Block::Paragraph(
        "Days from one step to the next, for the steps reached in the period: the median and \
         the 90th percentile by the nearest-rank method (each is a time some case took; with \
         an even count the median is the lower middle value). A request still open at the \
         period's end has no time yet; a step put right by a correction does not count."
            .into(),
    )];
    if !f.times.is_empty() {
        let value = |d: Option<i64>| usize::try_from(d.unwrap_or(0)).unwrap_or(0);
        blocks.push(Block::Chart(Chart {
            title: "Processing times (days)".into(),
            labels: f
                .times
                .iter()
                .map(|t| format!("{} {}", short(t.stream), measure_code(t.measure)))
                .collect(),
            series: vec![
                series(
                    "Median",
                    MEDIAN_COLOUR,
                    f.times.iter().map(|t| value(t.median_days)),
                ),
                series(
                    "90th pct",
                    P90_COLOUR,
                    f.times.iter().map(|t| value(t.p90_days)),
                ),
            ],
        }));
    }
    heading(
        &mut blocks,
        "Days by measure and workstream",
        &[
            "Measure",
            "Workstream",
            "Cases",
            "Median days",
            "90th percentile days",
        ],
        f.times
            .iter()
            .map(|t| {
                vec![
                    t.measure.to_string(),
                    t.stream.to_string(),
                    t.count.to_string(),
                    days(t.median_days),
                    days(t.p90_days),
                ]
            })
            .collect(),
    );
    section("Processing times", blocks)
}

/// A measure in a chart's label, short enough for 18 bars: "ack" (acknowledged), "ans"
/// (answered), "sur" (surrendered), "nat" (nationality), "etd", "rem" (removed).
fn measure_code(m: crate::domain::figures::Measure) -> &'static str {
    use crate::domain::figures::Measure as M;
    match m {
        M::ToAcknowledgement => "ack",
        M::ToAnswer => "ans",
        M::ToSurrender => "sur",
        M::ToNationality => "nat",
        M::ToTravelDocument => "etd",
        M::ToRemoval => "rem",
    }
}

fn responses(f: &Figures) -> Section {
    let mut blocks = vec![Block::Paragraph(
        "Requests made in the period and whether they were answered by its end: within the \
         workstream's chaser steps (MLA 90 days, conviction data 60, police enquiries 42), \
         later, or not yet. A refusal is an answer. Outgoing: the other side's answers to our \
         requests; incoming: ours to theirs."
            .into(),
    )];
    if !f.responses.is_empty() {
        blocks.push(Block::Chart(Chart {
            title: "Requests answered".into(),
            labels: f.responses.iter().map(|r| short(r.stream)).collect(),
            series: vec![
                series(
                    "Within",
                    WITHIN_COLOUR,
                    f.responses.iter().map(|r| r.within),
                ),
                series("Later", LATER_COLOUR, f.responses.iter().map(|r| r.later)),
                series(
                    "Unanswered",
                    UNANSWERED_COLOUR,
                    f.responses.iter().map(|r| r.unanswered),
                ),
            ],
        }));
    }
    let rows = [
        CaseKind::Mla,
        CaseKind::ConvictionData,
        CaseKind::PoliceEnquiry,
    ]
    .iter()
    .flat_map(|&kind| {
        Direction::ALL
            .iter()
            .map(move |&direction| Stream { kind, direction })
    })
    .map(|stream| {
        let r = f.responses.iter().find(|r| r.stream == stream);
        let n = |get: fn(&crate::domain::figures::Responses) -> usize| r.map_or(0, get).to_string();
        vec![
            stream.to_string(),
            r.map_or_else(|| "0 of 0".into(), |r| r.rate()),
            n(|r| r.within),
            n(|r| r.later),
            n(|r| r.unanswered),
            r.map_or_else(|| "—".into(), |r| r.chaser_days.to_string()),
        ]
    })
    .collect();
    heading(
        &mut blocks,
        "Requests answered by workstream",
        &[
            "Workstream",
            "Answered",
            "Within the chaser steps",
            "Later",
            "Still unanswered",
            "Last chaser (days)",
        ],
        rows,
    );
    section("Response rates", blocks)
}

fn agencies(f: &Figures) -> Section {
    let mut blocks = vec![Block::Paragraph(
        "The counterpart of a request received is the authority that made it; of a request we \
         made, the requested state."
            .into(),
    )];
    heading(
        &mut blocks,
        "Cases by counterpart agency",
        &[
            "Counterpart",
            "Direction",
            "Opened",
            "Closed",
            "Open at end",
            "Answered",
        ],
        f.agencies
            .iter()
            .filter(|a| a.counts.opened + a.counts.closed + a.counts.open_at_end + a.requests > 0)
            .map(|a| {
                vec![
                    a.agency.clone(),
                    a.direction.map_or_else(String::new, |d| d.to_string()),
                    a.counts.opened.to_string(),
                    a.counts.closed.to_string(),
                    a.counts.open_at_end.to_string(),
                    format!("{} of {}", a.answered, a.requests),
                ]
            })
            .collect(),
    );
    section("Counterpart agencies", blocks)
}

fn outcomes(f: &Figures) -> Section {
    let o = &f.outcomes;
    let flow = |e: &crate::domain::figures::Exchanges| {
        format!(
            "{} requests, {} answered, {} traced ({} of {})",
            e.requests, e.answered, e.traced, e.traced, e.answered
        )
    };
    let mut fields: Vec<(String, String)> = o
        .persons
        .iter()
        .map(|(k, n)| (format!("Persons: {k}"), n.to_string()))
        .collect();
    fields.extend([
        (
            "Passport Control List entries in force".into(),
            o.pcl_active.to_string(),
        ),
        (
            format!(
                "Of those, expiring within {} days",
                crate::domain::figures::PCL_EXPIRING_DAYS
            ),
            o.pcl_expiring.to_string(),
        ),
        (
            "Conviction data, requests out".into(),
            flow(&o.conviction_out),
        ),
        (
            "Conviction data, requests in".into(),
            flow(&o.conviction_in),
        ),
        (
            "Preservations confirmed".into(),
            o.preservations_confirmed.to_string(),
        ),
        (
            "Preservations extended".into(),
            o.preservations_extended.to_string(),
        ),
        (
            "Preservations expired without disclosure".into(),
            o.preservations_expired.to_string(),
        ),
        ("Offender alerts sent".into(), o.alerts_out.to_string()),
        ("Offender alerts received".into(), o.alerts_in.to_string()),
    ]);
    let mut blocks = vec![Block::Fields(fields)];
    heading(
        &mut blocks,
        "Assets restrained, confiscated and returned",
        &["Action", "Currency", "Records", "Total"],
        o.assets
            .iter()
            .map(|a| {
                vec![
                    a.action.to_string(),
                    a.currency.to_string(),
                    a.count.to_string(),
                    a.total.map_or_else(|| "—".into(), |t| t.grouped()),
                ]
            })
            .collect(),
    );
    heading(
        &mut blocks,
        "Seizures",
        &["Kind", "Unit", "Records", "Quantity", "Value"],
        o.seizures
            .iter()
            .map(|s| {
                let values: Vec<String> = s
                    .values
                    .iter()
                    .map(|(c, v)| format!("{} {c}", v.grouped()))
                    .collect();
                vec![
                    s.kind.to_string(),
                    s.unit.clone(),
                    s.count.to_string(),
                    s.quantity.map_or_else(|| "—".into(), |q| q.grouped()),
                    if values.is_empty() {
                        "—".into()
                    } else {
                        values.join("; ")
                    },
                ]
            })
            .collect(),
    );
    section("Outcomes", blocks)
}
