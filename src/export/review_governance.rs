//! The review report's governance section (`../shared/domain.md` §15): meetings held by kind,
//! action points opened, closed and overdue, agreements whose status changed, capacity-building
//! activities and participants, equipment value by currency. Counts only, in every profile that
//! shows it (`redact::governance_figures` decides which): no names, no text of decisions. The
//! Markdown, HTML and PDF renderers draw it like any section; the CSV export takes its tables.

use super::doc::{Block, Chart, Section, Series, Table, date};
use crate::domain::governance::figures::GovernanceFigures;
use crate::domain::governance::grouped;

pub const ACTIVITY_COLOUR: &str = "#2f855a";

/// The section of `f`.
pub fn governance_section(f: &GovernanceFigures) -> Section {
    let mut blocks = vec![Block::Fields(vec![
        ("Meetings held".into(), f.meetings_held().to_string()),
        ("Action points opened".into(), f.actions_opened.to_string()),
        ("Action points done".into(), f.actions_done.to_string()),
        (
            "Action points dropped".into(),
            f.actions_dropped.to_string(),
        ),
        (
            format!("Action points open on {}", date(f.as_of)),
            f.actions_open.to_string(),
        ),
        (
            format!("Action points overdue on {}", date(f.as_of)),
            f.actions_overdue.to_string(),
        ),
        (
            "Agreements whose status changed".into(),
            f.agreements_changed.to_string(),
        ),
        (
            "Agreement status changes".into(),
            f.status_changes.to_string(),
        ),
        (
            "Capacity-building activities".into(),
            f.activities_held().to_string(),
        ),
        ("Participants".into(), f.participants.to_string()),
    ])];
    blocks.push(Block::Chart(Chart {
        title: "Capacity-building activities by type".into(),
        labels: f.activities.iter().map(|(k, _)| k.to_string()).collect(),
        series: vec![Series {
            name: "Activities".into(),
            colour: ACTIVITY_COLOUR,
            values: f.activities.iter().map(|(_, n)| *n).collect(),
        }],
    }));
    let mut table = |title: &str, columns: &[&str], rows: Vec<Vec<String>>| {
        blocks.push(Block::Heading(title.into()));
        blocks.push(Block::Table(Table::new(columns, rows)));
    };
    table(
        "Meetings held by type",
        &["Meeting", "Held"],
        f.meetings
            .iter()
            .map(|(k, n)| vec![k.to_string(), n.to_string()])
            .collect(),
    );
    table(
        "Capacity-building activities by type",
        &["Activity", "Held"],
        f.activities
            .iter()
            .map(|(k, n)| vec![k.to_string(), n.to_string()])
            .collect(),
    );
    table(
        "Equipment value by currency",
        &["Currency", "Value"],
        f.equipment_value
            .iter()
            .map(|(currency, hundredths)| {
                vec![
                    currency.clone(),
                    format!("{}.{:02}", grouped(hundredths / 100), hundredths % 100),
                ]
            })
            .collect(),
    );
    Section {
        heading: "Governance".into(),
        running_head: "Review report".into(),
        blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ExportMeta, Format, Progress, Selection, review_report};
    use crate::domain::ExportProfile;
    use crate::domain::stats::DateRange;
    use chrono::NaiveDate;

    fn report(profile: ExportProfile, format: Format) -> String {
        let today = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
        let book = crate::sample::generate(40, 7, today);
        let year = DateRange::new(
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        )
        .unwrap();
        let meta = ExportMeta::of_this_build("2026-11-16T10:00:00+05:00".parse().unwrap(), "JSC");
        let bytes = review_report(
            &book,
            year,
            profile,
            Selection::default(),
            format,
            &meta,
            today,
            &Progress::default(),
        )
        .unwrap()
        .bytes;
        String::from_utf8_lossy(&bytes).into_owned()
    }

    #[test]
    fn the_review_has_the_governance_figures_as_counts_and_the_partner_s_has_none() {
        for profile in [ExportProfile::Full, ExportProfile::Statistics] {
            let text = report(profile, Format::Markdown);
            assert!(text.contains("Governance"), "{profile}");
            assert!(text.contains("Meetings held"), "{profile}");
            assert!(text.contains("UPSCALE monthly review"), "{profile}");
            assert!(text.contains("GBP"), "{profile}: equipment value");
            // Counts only: no decision's words, no action point's, no agreement's title.
            for words in [
                "Progress against the workplan noted",
                "Letter of intent",
                "Programme manager",
            ] {
                assert!(!text.contains(words), "{profile}: {words}");
            }
            let csv = report(profile, Format::Csv);
            assert!(csv.contains("Equipment value by currency"), "{profile}");
        }
        let partner = report(ExportProfile::Partner, Format::Markdown);
        assert!(!partner.contains("Meetings held"));
    }
}
