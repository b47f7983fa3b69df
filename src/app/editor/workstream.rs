//! The editor's section of what a workstream records on the case itself (`domain::particulars`):
//! a returnee's passport and Early Removal Scheme date, the biometrics of a conviction-data
//! request and their processing condition, an offender's notification period and Passport
//! Control List proposal. Committed like every other field (one `UpdateCase`).

use super::{Entry, Form};
use crate::domain::dates::DateKind;
use crate::domain::particulars::{PclStatus, Sentence, notification_words};
use crate::domain::{CaseDetails, CaseKind};
use egui::Ui;

/// The section's title for `kind`, or none when the kind records nothing of its own.
pub(super) fn title(kind: CaseKind) -> Option<&'static str> {
    match kind {
        CaseKind::Returns => Some("Removal particulars"),
        CaseKind::ConvictionData => Some("Biometrics"),
        CaseKind::OffenderAlert => Some("Notification period and PCL"),
        _ => None,
    }
}

pub(super) fn workstream_ui(ui: &mut Ui, form: &mut Form, d: &mut CaseDetails, kind: CaseKind) {
    let p = &mut d.workstream;
    egui::Grid::new("workstream")
        .num_columns(2)
        .show(ui, |ui| match kind {
            CaseKind::Returns => {
                form.text(ui, "Valid passport", "workstream.passport", &mut p.passport);
                form.date(
                    ui,
                    "Early Removal Scheme date",
                    "workstream.ers_date",
                    DateKind::Scheduled,
                    &mut p.ers_date,
                );
            }
            CaseKind::ConvictionData => {
                form.check(
                    ui,
                    "Biometrics sent",
                    "workstream.biometrics",
                    &mut p.biometrics,
                );
                form.text(
                    ui,
                    "Sensitive-processing condition",
                    "workstream.processing_condition",
                    &mut p.processing_condition,
                );
            }
            CaseKind::OffenderAlert => {
                form.date(
                    ui,
                    "Relevant date (conviction or caution)",
                    "workstream.relevant_date",
                    DateKind::Happened,
                    &mut p.relevant_date,
                );
                form.parsed_text(
                    ui,
                    "Sentence or caution",
                    "workstream.sentence",
                    Entry::Text("18 months, or caution"),
                    &mut p.sentence,
                    |s| s.map(|s| s.to_string()).unwrap_or_default(),
                    Sentence::parse,
                );
                form.check(
                    ui,
                    "Under 18 on the relevant date",
                    "workstream.under_18",
                    &mut p.under_18,
                );
                let mut proposed = p.pcl.is_some();
                form.check(
                    ui,
                    "Proposed for the Passport Control List",
                    "workstream.pcl",
                    &mut proposed,
                );
                p.pcl = proposed.then_some(PclStatus::Proposed);
            }
            _ => {}
        });
    if let Some(words) = notification_words(p) {
        ui.label(format!("Notification period: {words}"));
    }
    if p.pcl.is_some() {
        ui.weak("Only a proposal for sex offenders: no clock runs.");
    }
    form.errors_ui(ui, "workstream");
}
