//! The case summary document: one section per case (or the counts of the statistics profile),
//! built from the redacted view only.

use super::doc::{Block, Doc, ExportMeta, Section, Table, date, maybe_date};
use super::redact::{CaseCounts, ClockView, RedactedCase, SummaryView};
use crate::domain::holidays::CHECK_HOLIDAYS;
use crate::domain::{ExportProfile, HandlingMarking};

pub fn summary_doc(
    view: &SummaryView,
    profile: ExportProfile,
    marking: HandlingMarking,
    meta: &ExportMeta,
) -> Doc {
    let mut doc = Doc::new("Case summary", marking.to_string(), meta, profile);
    doc.about = vec![
        ("Profile".into(), profile.to_string()),
        ("For".into(), meta.recipient.clone()),
    ];
    match view {
        SummaryView::Cases(cases) => {
            doc.sections = cases.iter().map(case_section).collect();
        }
        SummaryView::Statistics(counts) => doc.sections.push(counts_section(counts)),
    }
    doc
}

/// One line per deadline, shared by the text view and the documents.
pub fn clock_line(c: &ClockView) -> String {
    let check = if c.verified {
        ""
    } else {
        " [check: unverified rule]"
    };
    format!(
        "{} — {} ({}), {}{}; {}{check}",
        clock_name(c),
        due_words(c),
        crate::count::days(c.days_left),
        c.status,
        remind_words(c),
        c.source
    )
}

/// "due 2027-02-28", "not before 2027-04-01", with "(check holidays)" where working days
/// were counted through a year with no calendar (`../shared/domain.md` §7).
fn due_words(c: &ClockView) -> String {
    format!("{} {}{}", c.when, c.due, holidays_words(c))
}

/// " (check holidays)" for a date counted through a year with no holiday calendar.
fn holidays_words(c: &ClockView) -> String {
    if c.check_holidays {
        format!(" ({CHECK_HOLIDAYS})")
    } else {
        String::new()
    }
}

/// ", remind 2031-12-17" for an expiry with a reminder.
fn remind_words(c: &ClockView) -> String {
    c.remind
        .map(|r| format!(", remind {r}"))
        .unwrap_or_default()
}

/// "UK_PA_DOCS Documents in support of a provisional arrest", or the title alone where the
/// code is withheld.
fn clock_name(c: &ClockView) -> String {
    match c.code {
        Some(code) => format!("{code} {}", c.title),
        None => c.title.to_string(),
    }
}

pub fn kind_direction(v: &RedactedCase) -> String {
    format!("{} {}", v.kind, v.direction.label().to_lowercase())
}

/// "5 of 7": satisfied items of all items.
pub fn checklist_done(v: &RedactedCase) -> String {
    let done = v
        .checklist
        .iter()
        .filter(|i| i.status.is_satisfied())
        .count();
    format!("{done} of {}", v.checklist.len())
}

fn case_section(v: &RedactedCase) -> Section {
    let mut fields = vec![
        ("Reference".to_string(), v.reference.clone()),
        ("Kind".into(), kind_direction(v)),
        (
            "Handling".into(),
            format!("{}{}", v.marking, if v.ncnd { ", NCND" } else { "" }),
        ),
        (
            "Status".into(),
            format!("{} (since {})", v.status, date(v.status_since)),
        ),
        ("Opened".into(), date(v.opened)),
        ("Requesting state".into(), v.requesting()),
        ("Requested state".into(), v.requested_state.clone()),
        ("Programme area".into(), v.area.to_string()),
    ];
    if !v.legal_basis.is_empty() {
        let basis: Vec<&str> = v.legal_basis.iter().map(|b| b.label()).collect();
        fields.push(("Legal basis".into(), basis.join("; ")));
    }
    if let Some(agreement) = &v.agreement {
        fields.push(("Agreement".into(), agreement.clone()));
    }
    for (authority, value) in &v.other_references {
        fields.push((format!("{authority} reference"), value.clone()));
    }
    if let Some(officer) = &v.assigned_officer {
        fields.push(("Officer".into(), officer.clone()));
    }
    fields.extend((v.recorded.iter()).map(|(label, value)| (label.to_string(), value.clone())));
    let mut blocks = vec![Block::Fields(fields)];
    if let Some(summary) = &v.summary {
        blocks.push(Block::Paragraph(summary.clone()));
    }
    let mut table = |title: &str, columns: &[&str], rows: Vec<Vec<String>>| {
        if !rows.is_empty() {
            blocks.push(Block::Heading(title.into()));
            blocks.push(Block::Table(Table::new(columns, rows)));
        }
    };
    table(
        "People",
        &[
            "Role",
            "Name",
            "Father's name",
            "Aliases",
            "Born",
            "Nationality",
            "Documents",
            "Addresses",
        ],
        v.people
            .iter()
            .map(|p| match &p.particulars {
                Some(x) => vec![
                    p.role.to_string(),
                    x.name.clone(),
                    x.father_name.clone(),
                    x.aliases.join("; "),
                    maybe_date(x.date_of_birth),
                    x.nationalities.join("; "),
                    x.documents
                        .iter()
                        .map(|(kind, number)| format!("{kind} {number}"))
                        .collect::<Vec<_>>()
                        .join("; "),
                    x.addresses.join("; "),
                ],
                None => {
                    let mut row = vec![p.role.to_string(), "Particulars withheld".into()];
                    row.resize(8, String::new());
                    row
                }
            })
            .collect(),
    );
    table(
        "Offences",
        &[
            "Offence",
            "Statute",
            "Maximum penalty",
            "Death penalty",
            "Equivalent offence",
            "Dual criminality",
        ],
        v.offences
            .iter()
            .map(|o| {
                vec![
                    o.description.to_string(),
                    o.statute.to_string(),
                    o.max_penalty.to_string(),
                    o.death_penalty.to_string(),
                    o.equivalent_offence.to_string(),
                    o.dual_criminality.to_string(),
                ]
            })
            .collect(),
    );
    // An offence's text of the law is a statute's public wording: no identifier and no
    // internal note, so a partner summary shows it as it shows the provision.
    table(
        "Text of the law",
        &["Offence", "Provision", "Text"],
        (v.offences.iter())
            .filter(|o| !o.law_text.trim().is_empty())
            .map(|o| {
                vec![
                    o.description.to_string(),
                    o.statute.to_string(),
                    o.law_text.trim().to_string(),
                ]
            })
            .collect(),
    );
    table(
        "Deadlines",
        &[
            "Deadline",
            "Started",
            "Due",
            "Status",
            "Days left",
            "Source",
            "If missed",
        ],
        v.deadlines
            .iter()
            .map(|c| {
                let check = if c.verified { "" } else { " (check)" };
                // The column says "Due": other natures say what their date is.
                let before = match c.when {
                    "due" => String::new(),
                    when => format!("{when} "),
                };
                let due = format!("{before}{}{}", date(c.due), holidays_words(c));
                let due = match c.remind {
                    Some(r) => format!("{due}; remind {}", date(r)),
                    None => due,
                };
                vec![
                    clock_name(c),
                    date(c.started),
                    due,
                    c.status.to_string(),
                    if c.status.is_running() {
                        c.days_left.to_string()
                    } else {
                        String::new()
                    },
                    format!("{}{check}", c.source),
                    c.consequence.to_string(),
                ]
            })
            .collect(),
    );
    table(
        &format!("Checklist: {} satisfied", checklist_done(v)),
        &["Item", "Required", "Status"],
        v.checklist
            .iter()
            .map(|i| {
                vec![
                    i.label.clone(),
                    if i.required { "Yes" } else { "No" }.into(),
                    i.status.to_string(),
                ]
            })
            .collect(),
    );
    table(
        "Assurances",
        &["Assurance", "Requested", "Received", "Accepted"],
        v.assurances
            .iter()
            .map(|a| {
                vec![
                    a.kind.to_string(),
                    maybe_date(a.requested),
                    maybe_date(a.received),
                    maybe_date(a.accepted),
                ]
            })
            .collect(),
    );
    table(
        "Hearings",
        &["Date", "Hearing", "Court", "Outcome"],
        v.hearings
            .iter()
            .map(|h| {
                vec![
                    date(h.date),
                    h.kind.to_string(),
                    h.court.clone(),
                    h.outcome.clone(),
                ]
            })
            .collect(),
    );
    table(
        "Asylum claims",
        &["Made", "Outcome", "Decided"],
        v.asylum_claims
            .iter()
            .map(|a| vec![date(a.made), a.outcome_words(), maybe_date(a.decided)])
            .collect(),
    );
    table(
        "Tasks",
        &["Task", "Due", "For", "Done"],
        v.tasks
            .iter()
            .map(|t| {
                vec![
                    t.text.clone(),
                    maybe_date(t.due),
                    t.officer.clone(),
                    if t.done { "Yes" } else { "No" }.into(),
                ]
            })
            .collect(),
    );
    table(
        "Outcomes",
        &["Date", "Outcome", "Detail"],
        v.outcomes
            .iter()
            .map(|(day, what, detail)| vec![date(*day), what.clone(), detail.clone()])
            .collect(),
    );
    table(
        "Linked cases",
        &["Reference", "Link"],
        v.links
            .iter()
            .map(|(reference, kind)| vec![reference.clone(), kind.to_string()])
            .collect(),
    );
    let internal = v.history.iter().any(|h| h.officer.is_some());
    table(
        "Timeline",
        if internal {
            &["Date", "Event", "Reason", "Officer"]
        } else {
            &["Date", "Event"]
        },
        v.history
            .iter()
            .map(|h| {
                let mut row = vec![date(h.date), h.what.clone()];
                if internal {
                    row.push(h.reason.clone().unwrap_or_default());
                    row.push(h.officer.clone().unwrap_or_default());
                }
                row
            })
            .collect(),
    );
    table(
        "Notes",
        &["Written", "Author", "Note"],
        v.notes
            .iter()
            .map(|n| vec![date(n.written), n.author.clone(), n.text.clone()])
            .collect(),
    );
    Section {
        heading: format!("{} — {}", v.reference, kind_direction(v)),
        running_head: v.reference.clone(),
        blocks,
    }
}

fn counts_section(c: &CaseCounts) -> Section {
    let pairs = |rows: &[(String, usize)]| -> Vec<Vec<String>> {
        rows.iter()
            .map(|(label, n)| vec![label.clone(), n.to_string()])
            .collect()
    };
    Section {
        heading: "Statistics".into(),
        running_head: "Statistics".into(),
        blocks: vec![
            Block::Fields(vec![
                ("Cases".into(), c.cases.to_string()),
                (
                    "Required documents received".into(),
                    format!("{} of {}", c.checklist.0, c.checklist.1),
                ),
                (
                    "Resting on an agreement in the register".into(),
                    c.on_agreements.to_string(),
                ),
            ]),
            Block::Heading("By kind and direction".into()),
            Block::Table(Table::new(&["Kind", "Cases"], pairs(&c.by_kind_direction))),
            Block::Heading("By status group".into()),
            Block::Table(Table::new(&["Status group", "Cases"], pairs(&c.by_group))),
            Block::Heading("By programme area".into()),
            Block::Table(Table::new(&["Programme area", "Cases"], pairs(&c.by_area))),
            Block::Heading("Deadlines".into()),
            Block::Table(Table::new(&["Deadlines", "Count"], pairs(&c.deadlines))),
        ],
    }
}
