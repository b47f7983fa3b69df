//! The review report document (`docs/law.md` §1, §6): a period's figures, the chart of cases
//! opened and closed per month, and the tables behind them.

use super::doc::{
    Block, CLOSED_COLOUR, Chart, Doc, ExportMeta, OPENED_COLOUR, Section, Series, Table, date,
};
use super::redact::ReviewView;
use crate::domain::ExportProfile;
use crate::domain::stats::{DeadlineLine, Tally};
use std::fmt::Display;

pub fn review_doc(view: &ReviewView, profile: ExportProfile, meta: &ExportMeta) -> Doc {
    let r = &view.review;
    let title = format!(
        "Review report {} to {}",
        date(r.range.from),
        date(r.range.to)
    );
    let mut doc = Doc::new(&title, view.marking.to_string(), meta, profile);
    doc.about = vec![
        ("Profile".into(), profile.to_string()),
        ("For".into(), meta.recipient.clone()),
        ("Open cases counted on".into(), date(r.as_of)),
    ];
    let mut blocks = vec![
        Block::Fields(vec![
            ("Cases opened".into(), r.opened.to_string()),
            ("Cases closed".into(), r.closed().to_string()),
            ("Transitions".into(), r.transitions.to_string()),
            ("Deadlines met".into(), r.clocks_met().to_string()),
            ("Deadlines missed".into(), r.clocks_missed().to_string()),
            ("Open cases".into(), r.open().to_string()),
            ("Overdue deadlines".into(), r.overdue.len().to_string()),
        ]),
        Block::Chart(Chart {
            title: "Cases opened and closed per month".into(),
            labels: r.per_month.iter().map(|m| m.month.to_string()).collect(),
            series: vec![
                Series {
                    name: "Opened".into(),
                    colour: OPENED_COLOUR,
                    values: r.per_month.iter().map(|m| m.opened).collect(),
                },
                Series {
                    name: "Closed".into(),
                    colour: CLOSED_COLOUR,
                    values: r.per_month.iter().map(|m| m.closed).collect(),
                },
            ],
        }),
    ];
    let mut table = |title: &str, columns: &[&str], rows: Vec<Vec<String>>| {
        blocks.push(Block::Heading(title.into()));
        blocks.push(Block::Table(Table::new(columns, rows)));
    };
    table(
        "Opened and closed per month",
        &["Month", "Opened", "Closed"],
        r.per_month
            .iter()
            .map(|m| {
                vec![
                    m.month.to_string(),
                    m.opened.to_string(),
                    m.closed.to_string(),
                ]
            })
            .collect(),
    );
    table(
        "Cases opened by programme area",
        &["Programme area", "Cases"],
        counts(&r.opened_by_area),
    );
    table(
        "Cases opened by direction",
        &["Direction", "Cases"],
        counts(&r.opened_by_direction),
    );
    table(
        "Cases opened by workstream",
        &["Workstream", "Cases"],
        counts(&r.opened_by_kind),
    );
    table(
        "Cases closed by outcome",
        &["Outcome", "Workflow", "Cases"],
        r.closed_by_outcome
            .iter()
            .map(|(s, n)| vec![s.to_string(), s.workflow().to_string(), n.to_string()])
            .collect(),
    );
    table(
        "Deadlines met and missed",
        &["Deadline", "Source", "Met", "Missed"],
        r.clock_results
            .iter()
            .map(|c| {
                let rule = c.clock.rule();
                vec![
                    format!("{} {}", rule.code, rule.title),
                    rule.source.to_string(),
                    c.met.to_string(),
                    c.missed.to_string(),
                ]
            })
            .collect(),
    );
    table(
        "Open cases by status group",
        &["Status group", "Cases"],
        counts(&r.open_by_group),
    );
    table(
        "Open cases by status",
        &["Status", "Workflow", "Cases"],
        r.open_by_status
            .iter()
            .map(|(s, n)| vec![s.to_string(), s.workflow().to_string(), n.to_string()])
            .collect(),
    );
    table(
        "Open cases by programme area",
        &["Programme area", "Cases"],
        counts(&r.open_by_area),
    );
    table(
        "Open cases by direction",
        &["Direction", "Cases"],
        counts(&r.open_by_direction),
    );
    if view.lists {
        table(
            "Oldest open cases",
            &["Reference", "Kind", "Status", "Opened", "Last update"],
            r.oldest_open
                .iter()
                .map(|c| {
                    vec![
                        c.reference.to_string(),
                        format!("{} {}", c.kind, c.direction.label().to_lowercase()),
                        c.status.to_string(),
                        date(c.opened),
                        date(c.last_update),
                    ]
                })
                .collect(),
        );
        table(
            "Overdue deadlines",
            &["Reference", "Deadline", "Due", "Days overdue", "Status"],
            r.overdue.iter().map(overdue_row).collect(),
        );
    }
    doc.sections.push(Section {
        heading: "Figures".into(),
        running_head: "Review report".into(),
        blocks,
    });
    doc.sections
        .extend(super::review_figures::sections(&view.figures));
    doc
}

/// Where the programme's governance figures (meetings, action points, agreements, capacity
/// building: `../shared/domain.md` §15, "Governance") go in a review report: after the case
/// figures, as their own section. The caller builds `governance` from the casebook's records
/// and passes the report's `doc` here once `review_doc` has built it.
pub fn insert_governance(doc: &mut Doc, governance: Section) {
    doc.sections.push(governance);
}

fn counts<K: Display>(tally: &Tally<K>) -> Vec<Vec<String>> {
    tally
        .iter()
        .map(|(k, n)| vec![k.to_string(), n.to_string()])
        .collect()
}

fn overdue_row(d: &DeadlineLine) -> Vec<String> {
    let rule = d.clock.rule();
    vec![
        d.reference.to_string(),
        format!("{} {}", rule.code, rule.title),
        date(d.due),
        (-d.days_left).to_string(),
        d.status.to_string(),
    ]
}
