//! What a drafted letter (`export::draft`) may draw on: the case as the full profile shows it
//! (a letter of request names the person it is about: the officer's own draft, sent once they
//! have finished it), with what only a letter needs besides (the assistance sought and by
//! when, the documents in hand, the officer's contact, when the request went or came).

use super::{RedactedCase, Selection, redacted_case};
use crate::domain::details::MlaParticulars;
use crate::domain::drafting::{is_enclosed, moved_to, officer_contact};
use crate::domain::{Case, Casebook, Detail, EventKind, ExportProfile};
use chrono::NaiveDate;

/// One case as a letter may show it.
#[derive(Clone, Debug, PartialEq)]
pub struct DraftView {
    pub case: RedactedCase,
    pub mla: MlaParticulars,
    /// The checklist's documents in hand: what goes with the request.
    pub enclosures: Vec<String>,
    /// The officer dealing with the case and how to reach them: name, role, e-mail, telephone.
    pub officer: Option<OfficerContact>,
    /// The request sent: the day, and the note verbale or channel it went by.
    pub transmitted: Option<(NaiveDate, String)>,
    /// The request received: the day it was recorded received, or else the day the case was
    /// opened.
    pub received: NaiveDate,
    /// Who drafts: this casebook's officer and agency (its settings).
    pub drafter: (String, String),
    pub today: NaiveDate,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OfficerContact {
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: String,
}

/// `case` as a drafted letter may show it, as of `today`.
pub fn draft_view(book: &Casebook, case: &Case, today: NaiveDate) -> DraftView {
    let view = redacted_case(book, case, ExportProfile::Full, Selection::default(), today);
    let d = &case.details;
    let transmitted = moved_to(case, "TRANSMITTED").map(|e| {
        let by = match &e.kind {
            EventKind::Transition { details, .. } => [Detail::NoteVerbale, Detail::Channel]
                .iter()
                .filter_map(|k| details.get(k).map(|v| format!("{}: {v}", k.label())))
                .collect::<Vec<_>>()
                .join("; "),
            _ => String::new(),
        };
        (e.effective, by)
    });
    DraftView {
        mla: d.mla.clone(),
        enclosures: (d.checklist.iter())
            .filter(|i| is_enclosed(i.status))
            .map(|i| i.label.to_string())
            .collect(),
        officer: officer_contact(book, case)
            .map(|c| OfficerContact {
                name: d.assigned_officer.trim().to_string(),
                role: c.role.trim().to_string(),
                email: c.email.trim().to_string(),
                phone: c.phone.trim().to_string(),
            })
            .or_else(|| {
                let name = d.assigned_officer.trim();
                (!name.is_empty()).then(|| OfficerContact {
                    name: name.to_string(),
                    role: String::new(),
                    email: String::new(),
                    phone: String::new(),
                })
            }),
        transmitted,
        received: moved_to(case, "REQUEST_RECEIVED").map_or(case.opened, |e| e.effective),
        drafter: (
            book.settings.officer_name.trim().to_string(),
            book.settings.officer_agency.trim().to_string(),
        ),
        today,
        case: view,
    }
}
