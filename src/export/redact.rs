//! The one redaction step every export goes through (`docs/law.md` §6). It turns casebook data
//! into plain view models holding only what the profile may show; the renderers see nothing
//! else, so a renderer cannot leak what redaction removed.
//!
//! - **Full** (internal): everything.
//! - **Partner** (the counterpart agency): a person's particulars and identifiers only when
//!   the partner supplied them; no internal notes, officers, reasons, summary, deadline codes
//!   or document checklist; neither-confirm-nor-deny cases left out unless chosen explicitly,
//!   and links to them dropped.
//! - **Statistics**: counts only, no persons and no references.

use crate::domain::agenda::{Agenda, Bucket, Filter as AgendaFilter, ItemKey, ItemKind, day_off};
use crate::domain::figures::{Figures, OutcomeDetail};
use crate::domain::governance::figures::{GovernanceFigures, figures};
use crate::domain::person::DocumentKind;
use crate::domain::stats::{DateRange, Review};
use crate::domain::{
    AsylumOutcome, Case, CaseId, CaseKind, Casebook, ClockStatus, Direction, DocumentStatus,
    EventKind, ExportProfile, HandlingMarking, Hearing, HearingKind, LegalBasis, LinkKind, Offence,
    ProgrammeArea, ReferenceAuthority, Role, Source, Status, clocks,
};
use chrono::NaiveDate;

pub mod draft;

/// What the officer chose in the export dialog besides the profile.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Neither-confirm-nor-deny cases go into partner and statistics exports only when chosen
    /// explicitly (`docs/law.md` §5, §6).
    pub include_ncnd: bool,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum RedactError {
    #[error("No case with id {0}")]
    UnknownCase(CaseId),
    #[error(
        "Nothing to export: every chosen case is neither-confirm-nor-deny ({0}); include them explicitly to export them"
    )]
    OnlyNcnd(String),
    #[error("No case chosen to export")]
    NoCases,
}

/// One or several cases as an export may show them.
#[derive(Clone, Debug, PartialEq)]
pub enum SummaryView {
    Cases(Vec<RedactedCase>),
    Statistics(CaseCounts),
}

/// The document's handling marking: the highest of the cases it draws on (`docs/law.md` §5).
pub fn marking_of<'a>(cases: impl IntoIterator<Item = &'a Case>) -> HandlingMarking {
    cases
        .into_iter()
        .map(|c| c.details.marking)
        .max()
        .unwrap_or(HandlingMarking::Official)
}

#[derive(Clone, Debug, PartialEq)]
pub struct RedactedCase {
    pub reference: String,
    pub kind: CaseKind,
    pub direction: Direction,
    pub marking: HandlingMarking,
    pub ncnd: bool,
    pub status: Status,
    pub status_since: NaiveDate,
    pub opened: NaiveDate,
    pub requesting_state: String,
    pub requested_state: String,
    pub requesting_authority: String,
    pub area: ProgrammeArea,
    pub legal_basis: Vec<LegalBasis>,
    /// The agreement in the register the request rests on, by title. Full and partner
    /// profiles: a title is the parties' own and names no one (the statistics profile lists
    /// no case).
    pub agreement: Option<String>,
    pub other_references: Vec<(ReferenceAuthority, String)>,
    /// Full profile only.
    pub assigned_officer: Option<String>,
    /// Full profile only: the statement of facts is free text and may name anyone.
    pub summary: Option<String>,
    pub people: Vec<PersonView>,
    pub offences: Vec<Offence>,
    pub deadlines: Vec<ClockView>,
    pub checklist: Vec<ChecklistLine>,
    pub assurances: Vec<AssuranceLine>,
    /// Full profile: every hearing; partner: those held in public only.
    pub hearings: Vec<HearingLine>,
    /// Full profile only: tasks are the unit's own work.
    pub tasks: Vec<TaskLine>,
    /// Full profile only ([`asylum_lines`]).
    pub asylum_claims: Vec<AsylumLine>,
    pub links: Vec<(String, LinkKind)>,
    pub history: Vec<HistoryLine>,
    /// Full profile only.
    pub notes: Vec<NoteLine>,
    /// Full profile only: persons surrendered, returned or transferred, assets and seizures
    /// (`domain::outcomes`) were never disclosed to a partner. Date, what, and how much.
    pub outcomes: Vec<(NaiveDate, String, String)>,
    /// Full profile only: what the workstream records on the case, labelled
    /// (`domain::particulars::lines`): ERS date, notification period, PCL proposal.
    pub recorded: Vec<(&'static str, String)>,
}

impl RedactedCase {
    /// "United Kingdom (Home Office)", or the state alone when no authority is recorded.
    pub fn requesting(&self) -> String {
        if self.requesting_authority.is_empty() {
            self.requesting_state.clone()
        } else {
            format!("{} ({})", self.requesting_state, self.requesting_authority)
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PersonView {
    pub role: Role,
    /// `None` when withheld.
    pub particulars: Option<Particulars>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Particulars {
    pub name: String,
    pub father_name: String,
    pub aliases: Vec<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub nationalities: Vec<String>,
    pub documents: Vec<(DocumentKind, String)>,
    pub addresses: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClockView {
    /// The catalogue's code (`UK_PA_DOCS`): full profile only, never in a partner's document.
    pub code: Option<&'static str>,
    pub title: &'static str,
    pub started: NaiveDate,
    pub due: NaiveDate,
    pub days_left: i64,
    pub status: ClockStatus,
    pub source: &'static str,
    pub consequence: &'static str,
    /// `docs/law.md` marks the rule unverified: shown with a "check" marker.
    pub verified: bool,
    /// The period and how it is counted, in words (`ClockRule::period`).
    pub period: String,
    /// What started it, in words: "the provisional arrest".
    pub counted_from: &'static str,
    /// A chaser's steps, each with its date (`docs/law.md` §3, MLA_FOLLOW_UP).
    pub chases: Vec<crate::domain::deadlines::Chase>,
    /// The word before the due date: "due", "not before" (no duty, `../shared/domain.md`
    /// §7), "expires", "on" (information).
    pub when: &'static str,
    /// Counted in working days through a year with no holiday calendar: "check holidays".
    pub check_holidays: bool,
    /// The reminder before an expiry.
    pub remind: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChecklistLine {
    pub label: String,
    pub required: bool,
    pub status: DocumentStatus,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AssuranceLine {
    pub kind: crate::domain::AssuranceKind,
    pub requested: Option<NaiveDate>,
    pub received: Option<NaiveDate>,
    pub accepted: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct HearingLine {
    pub date: NaiveDate,
    pub kind: HearingKind,
    pub court: String,
    pub outcome: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TaskLine {
    pub text: String,
    pub due: Option<NaiveDate>,
    /// Who it is for: its assignee, or else the case's officer.
    pub officer: String,
    pub done: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct HistoryLine {
    pub date: NaiveDate,
    pub what: String,
    /// Full profile only.
    pub reason: Option<String>,
    /// Full profile only.
    pub officer: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NoteLine {
    pub written: NaiveDate,
    pub author: String,
    pub text: String,
}

/// The statistics profile of a set of cases: counts only.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseCounts {
    pub cases: usize,
    pub by_kind_direction: Vec<(String, usize)>,
    pub by_group: Vec<(String, usize)>,
    pub by_area: Vec<(String, usize)>,
    pub deadlines: Vec<(String, usize)>,
    /// Required checklist items satisfied, of all required items.
    pub checklist: (usize, usize),
    /// Cases resting on an agreement in the register: a count, as everything here.
    pub on_agreements: usize,
}

/// The cases `ids` as `profile` may show them, as of `today`.
pub fn summary_view<'a>(
    book: &'a Casebook,
    ids: &[CaseId],
    profile: ExportProfile,
    selection: Selection,
    today: NaiveDate,
) -> Result<(SummaryView, Vec<&'a Case>), RedactError> {
    let cases = chosen_cases(book, ids, profile, selection)?;
    let view = match profile {
        ExportProfile::Statistics => SummaryView::Statistics(case_counts(book, &cases, today)),
        _ => SummaryView::Cases(
            cases
                .iter()
                .map(|c| redacted_case(book, c, profile, selection, today))
                .collect(),
        ),
    };
    Ok((view, cases))
}

/// The cases an export of `ids` covers: all of them for the full profile, without the
/// neither-confirm-nor-deny ones otherwise unless chosen.
pub fn chosen_cases<'a>(
    book: &'a Casebook,
    ids: &[CaseId],
    profile: ExportProfile,
    selection: Selection,
) -> Result<Vec<&'a Case>, RedactError> {
    if ids.is_empty() {
        return Err(RedactError::NoCases);
    }
    let all: Vec<&Case> = ids
        .iter()
        .map(|&id| book.case(id).ok_or(RedactError::UnknownCase(id)))
        .collect::<Result<_, _>>()?;
    let kept: Vec<&Case> = all
        .iter()
        .copied()
        .filter(|c| shows_case(c, profile, selection))
        .collect();
    if kept.is_empty() {
        let refs: Vec<&str> = all.iter().map(|c| c.reference.as_str()).collect();
        return Err(RedactError::OnlyNcnd(refs.join(", ")));
    }
    Ok(kept)
}

/// The one place a person's particulars (name, identifiers, addresses) are dropped: outside
/// the full profile only what the partner supplied is shown (`docs/law.md` §6), the person's
/// own particulars by `source`, each identifier by its own.
pub fn shows_particulars(source: Source, profile: ExportProfile) -> bool {
    profile == ExportProfile::Full || source == Source::Partner
}

/// A hearing is the partner's business only when it is held in public.
fn shows_hearing(hearing: &Hearing, profile: ExportProfile) -> bool {
    profile == ExportProfile::Full || hearing.public
}

fn shows_case(case: &Case, profile: ExportProfile, selection: Selection) -> bool {
    profile == ExportProfile::Full || !case.details.ncnd || selection.include_ncnd
}

/// One case as `profile` may show it.
pub fn redacted_case(
    book: &Casebook,
    case: &Case,
    profile: ExportProfile,
    selection: Selection,
    today: NaiveDate,
) -> RedactedCase {
    let full = profile == ExportProfile::Full;
    let d = &case.details;
    let corrected = case.voided();
    RedactedCase {
        reference: case.reference.clone(),
        kind: case.kind,
        direction: case.direction,
        marking: d.marking,
        ncnd: d.ncnd,
        // A partner is not told a risk assessment was made: the case stands, for them, where
        // it stood before it (the table's one way in).
        status: match case.status() {
            s if !full && s.is_risk_assessment() => {
                crate::domain::Status::Alert(crate::domain::workstreams::AlertState::TravelNotified)
            }
            s => s,
        },
        status_since: case.status_since(),
        opened: case.opened,
        requesting_state: d.requesting_state.to_string(),
        requested_state: d.requested_state.to_string(),
        requesting_authority: d.requesting_authority.to_string(),
        area: d.area,
        legal_basis: d.legal_basis.clone(),
        agreement: agreement_title(book, case),
        other_references: d
            .external_references
            .iter()
            .map(|r| (r.authority, r.value.clone()))
            .collect(),
        assigned_officer: full
            .then(|| d.assigned_officer.to_string())
            .filter(|o| !o.is_empty()),
        summary: full.then(|| d.summary.clone()).filter(|s| !s.is_empty()),
        people: d
            .parties
            .iter()
            .map(|p| {
                let person = book.person(p.person);
                PersonView {
                    role: p.role,
                    particulars: person
                        .filter(|p| shows_particulars(p.source, profile))
                        .map(|p| Particulars {
                            name: p.name.clone(),
                            father_name: p.father_name.clone(),
                            aliases: p.aliases.clone(),
                            date_of_birth: p.date_of_birth,
                            nationalities: p.nationalities.iter().map(|n| n.to_string()).collect(),
                            documents: p
                                .documents
                                .iter()
                                .filter(|doc| shows_particulars(doc.source_in(p), profile))
                                .map(|doc| (doc.kind, doc.number.clone()))
                                .collect(),
                            addresses: p.addresses.clone(),
                        }),
                }
            })
            .collect(),
        // Every profile: provisions and their text of the law are public wording, neither an
        // identifier nor an internal note (`docs/drafting.md` §2).
        offences: d.offences.clone(),
        deadlines: clocks(case, today, &book.settings.working_days())
            .iter()
            .map(|c| {
                let rule = c.rule();
                ClockView {
                    code: full.then_some(rule.code),
                    title: rule.title,
                    started: c.trigger_date,
                    due: c.due,
                    days_left: c.days_left,
                    status: c.status,
                    source: rule.source,
                    consequence: rule.consequence,
                    verified: rule.verified,
                    period: rule.period(),
                    counted_from: rule.counted_from,
                    chases: rule.chases(c.trigger_date),
                    when: rule.nature.due_word(),
                    check_holidays: c.check_holidays,
                    remind: c.remind,
                }
            })
            .collect(),
        // Which documents Casedesk still lists as missing is internal working: a partner's
        // document would say "Missing" beside what they sent.
        checklist: (d.checklist.iter())
            .filter(|_| full)
            .map(|i| ChecklistLine {
                label: i.label.to_string(),
                required: i.required,
                status: i.status,
            })
            .collect(),
        assurances: d
            .assurances
            .iter()
            .map(|a| AssuranceLine {
                kind: a.kind,
                requested: a.requested,
                received: a.received,
                accepted: a.accepted,
            })
            .collect(),
        hearings: d
            .hearings
            .iter()
            .filter(|h| shows_hearing(h, profile))
            .map(|h| HearingLine {
                date: h.date,
                kind: h.kind,
                court: h.court.to_string(),
                outcome: h.outcome.clone(),
            })
            .collect(),
        asylum_claims: asylum_lines(case, profile),
        tasks: if full {
            d.tasks
                .iter()
                .map(|t| TaskLine {
                    text: t.text.clone(),
                    due: t.due,
                    officer: t.for_whom(d).trim().to_string(),
                    done: t.done,
                })
                .collect()
        } else {
            Vec::new()
        },
        links: d
            .links
            .iter()
            .filter_map(|l| book.case(l.case).map(|other| (other, l.kind)))
            .filter(|(other, _)| shows_case(other, profile, selection))
            .map(|(other, kind)| (other.reference.clone(), kind))
            .collect(),
        history: case
            .history()
            .iter()
            // Disclosures, reviews, edits (old values included) and attachments (whose names
            // may say more than the counterpart may know) are the unit's own bookkeeping; a
            // risk assessment never goes to a partner (`../shared/domain.md` §12).
            .filter(|e| {
                full || !matches!(
                    e.kind,
                    EventKind::Disclosed { .. }
                        | EventKind::Reviewed { .. }
                        | EventKind::Edited { .. }
                        | EventKind::Attached { .. }
                        | EventKind::Detached { .. }
                ) && !matches!(e.kind, EventKind::Transition { to, .. } if to.is_risk_assessment())
            })
            .map(|e| {
                let mut what = if full {
                    e.kind.summary_named(book)
                } else {
                    partner_event_summary(&e.kind)
                };
                if corrected.contains(&e.id) {
                    what.push_str(" (corrected)");
                }
                let reason = match &e.kind {
                    EventKind::Transition { reason, .. } if full && !reason.is_empty() => {
                        Some(reason.to_string())
                    }
                    // Each changed field with its old and new value.
                    EventKind::Edited { .. } if full => Some(e.kind.recorded().join("; ")),
                    _ => None,
                };
                HistoryLine {
                    date: e.effective,
                    what,
                    reason,
                    officer: full
                        .then(|| e.officer.to_string())
                        .filter(|o| !o.is_empty()),
                }
            })
            .collect(),
        notes: if full {
            d.notes
                .iter()
                .map(|n| NoteLine {
                    written: n.written,
                    author: n.author.to_string(),
                    text: n.text.clone(),
                })
                .collect()
        } else {
            Vec::new()
        },
        outcomes: if full {
            outcome_lines(book, &d.outcomes)
        } else {
            Vec::new()
        },
        recorded: if full {
            crate::domain::particulars::lines(case)
        } else {
            Vec::new()
        },
    }
}

/// The title of the agreement `case` rests on, if it names one in the register.
pub fn agreement_title(book: &Casebook, case: &Case) -> Option<String> {
    case.details
        .agreement
        .and_then(|id| book.governance().agreement(id))
        .map(|a| a.title.clone())
}

/// A case's outcomes as lines, in date order: "Asset restrained", "1,250,000.50 PKR".
pub fn outcome_lines(
    book: &Casebook,
    o: &crate::domain::Outcomes,
) -> Vec<(NaiveDate, String, String)> {
    let mut lines: Vec<(NaiveDate, String, String)> = o
        .persons
        .iter()
        .map(|p| {
            let who = p.person.and_then(|id| book.person(id));
            (
                p.date,
                p.kind.to_string(),
                who.map_or_else(String::new, |w| w.name.to_string()),
            )
        })
        .chain(o.assets.iter().map(|a| {
            let rate = a
                .converted_on
                .map(|d| format!(" (rate of {})", d.format("%d %b %Y")))
                .unwrap_or_default();
            (
                a.date,
                format!("Asset {}", a.action.label().to_lowercase()),
                format!("{} {}{rate}", a.amount.grouped(), a.currency),
            )
        }))
        .chain(o.seizures.iter().map(|s| {
            let value = match (s.value, &s.currency) {
                (Some(v), Some(c)) => format!(", value {} {c}", v.grouped()),
                _ => String::new(),
            };
            (
                s.date,
                format!("Seizure: {}", s.kind),
                match s.unit.trim() {
                    "" => format!("{}{value}", s.quantity.grouped()),
                    unit => format!("{} {unit}{value}", s.quantity.grouped()),
                },
            )
        }))
        .collect();
    lines.sort_by_key(|l| l.0);
    lines
}

/// Whether a partner may see the state a move came from: not a risk assessment.
fn full_from(kind: &EventKind) -> bool {
    !matches!(kind, EventKind::Transition { from, .. } if from.is_risk_assessment())
}

/// An event for the counterpart: what happened, without reasons, notes or internal names.
fn partner_event_summary(kind: &EventKind) -> String {
    match kind {
        EventKind::Opened { status } => format!("Opened: {status}"),
        EventKind::Transition { to, .. } if !full_from(kind) => format!("→ {to}"),
        EventKind::Transition { from, to, .. } => format!("{from} → {to}"),
        EventKind::Correction { restores, .. } => format!("Correction: back to {restores}"),
        EventKind::ClockExtended { clock, new_due, .. } => format!(
            "Deadline {} extended to {}",
            clock.rule().title,
            new_due.format("%d %b %Y")
        ),
        EventKind::ClockMet { clock, .. } => format!("Deadline {} met", clock.rule().title),
        EventKind::Imported { status, .. } => format!("Recorded as {status}"),
        EventKind::Disclosed { .. } => "Disclosed".into(),
        EventKind::MergeChoice { .. } => "Record updated".into(),
        EventKind::Reviewed { .. } => "Reviewed".into(),
        EventKind::Renumbered { from, to, .. } => format!("Reference {from} became {to}"),
        EventKind::DateMoved { detail, to, .. } => {
            format!("{} moved to {}", detail.label(), to.format("%d %b %Y"))
        }
        // Never shown to the counterpart (filtered out above); said as little as a choice.
        EventKind::Edited { .. } => "Record updated".into(),
        EventKind::Attached { .. } => "Document attached".into(),
        EventKind::Detached { .. } => "Document removed".into(),
    }
}

fn case_counts(book: &Casebook, cases: &[&Case], today: NaiveDate) -> CaseCounts {
    let days = book.settings.working_days();
    let mut by_kind_direction = Vec::new();
    for kind in CaseKind::ALL {
        for direction in Direction::ALL {
            let n = cases
                .iter()
                .filter(|c| c.kind == *kind && c.direction == *direction)
                .count();
            by_kind_direction.push((format!("{kind}, {}", direction.label().to_lowercase()), n));
        }
    }
    let by_group = crate::domain::StatusGroup::ALL
        .iter()
        .map(|g| {
            let n = cases.iter().filter(|c| c.status().group() == *g).count();
            (g.to_string(), n)
        })
        .collect();
    let by_area = ProgrammeArea::ALL
        .iter()
        .map(|a| {
            let n = cases.iter().filter(|c| c.details.area == *a).count();
            (a.to_string(), n)
        })
        .collect();
    let all_clocks: Vec<ClockStatus> = cases
        .iter()
        .flat_map(|c| clocks(c, today, &days))
        .map(|c| c.status)
        .collect();
    let deadlines = [
        ("Running", &[ClockStatus::Open, ClockStatus::Extended][..]),
        ("Met", &[ClockStatus::Met][..]),
        ("Missed", &[ClockStatus::Missed][..]),
    ]
    .iter()
    .map(|(label, statuses)| {
        let n = all_clocks.iter().filter(|s| statuses.contains(s)).count();
        (label.to_string(), n)
    })
    .collect();
    let required = cases
        .iter()
        .flat_map(|c| &c.details.checklist)
        .filter(|i| i.required);
    let (done, total) = required.fold((0, 0), |(done, total), i| {
        (done + usize::from(i.status.is_satisfied()), total + 1)
    });
    CaseCounts {
        cases: cases.len(),
        by_kind_direction,
        by_group,
        by_area,
        deadlines,
        checklist: (done, total),
        on_agreements: cases
            .iter()
            .filter(|c| agreement_title(book, c).is_some())
            .count(),
    }
}

/// A review report as `profile` may show it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewView {
    pub review: Review,
    /// The case figures; outcome records in full under the full profile, as counts under the
    /// statistics profile, and not at all under the partner profile (never disclosed to them).
    pub figures: Figures,
    /// The case lists (oldest open, overdue) are counts only under the statistics profile.
    pub lists: bool,
    pub marking: HandlingMarking,
}

/// The review of `range`: neither-confirm-nor-deny cases are counted only in full reports or
/// when chosen explicitly.
pub fn review_view(
    book: &Casebook,
    range: DateRange,
    today: NaiveDate,
    profile: ExportProfile,
    selection: Selection,
) -> ReviewView {
    let cases = || {
        book.cases()
            .iter()
            .filter(move |c| shows_case(c, profile, selection))
    };
    ReviewView {
        review: Review::compute_for(cases(), range, today, &book.settings.working_days()),
        figures: Figures::compute(
            cases(),
            range,
            today,
            match profile {
                ExportProfile::Full => OutcomeDetail::Full,
                ExportProfile::Statistics => OutcomeDetail::CountsOnly,
                ExportProfile::Partner => OutcomeDetail::None,
            },
            &book.settings.working_days(),
        ),
        lists: profile != ExportProfile::Statistics,
        marking: marking_of(cases()),
    }
}

/// The governance figures of `range` (counts only), for every profile but the partner's:
/// the programme's own meetings and agreements are not the counterpart's to read.
pub fn governance_figures(
    book: &Casebook,
    range: DateRange,
    today: NaiveDate,
    profile: ExportProfile,
) -> Option<GovernanceFigures> {
    (profile != ExportProfile::Partner).then(|| figures(book.governance(), range, today))
}

/// One case as a line of the register (the CSV export of the register).
#[derive(Clone, Debug, PartialEq)]
pub struct RegisterRow {
    pub reference: String,
    pub kind: CaseKind,
    pub direction: Direction,
    pub status: Status,
    pub status_since: NaiveDate,
    pub opened: NaiveDate,
    pub area: ProgrammeArea,
    pub requesting_state: String,
    pub requested_state: String,
    pub requesting_authority: String,
    /// The first requested person or suspect; empty when withheld.
    pub requested_person: String,
    pub offence: String,
    pub statute: String,
    /// Empty outside the full profile.
    pub officer: String,
    pub marking: HandlingMarking,
    pub ncnd: bool,
    /// Empty outside the full profile.
    pub summary: String,
    /// The next deadline's code (its title outside the full profile) and due date.
    pub next_deadline: Option<(&'static str, NaiveDate)>,
    pub last_update: NaiveDate,
    /// The first hearing from today on (outside the full profile, of those held in public).
    pub next_hearing: Option<NaiveDate>,
    /// The first due date of a task not done. Full profile only.
    pub next_task_due: Option<NaiveDate>,
    /// Full profile only.
    pub last_reviewed: Option<NaiveDate>,
    /// Full profile only ([`asylum_lines`]).
    pub asylum_claims: Vec<AsylumLine>,
    /// The agreement the request rests on, by title ([`RedactedCase::agreement`]); empty when
    /// it names none.
    pub agreement: String,
}

/// An asylum claim as an export shows it (EA 2003 s.121, `docs/law.md` §4A).
#[derive(Clone, Debug, PartialEq)]
pub struct AsylumLine {
    pub made: NaiveDate,
    pub outcome: AsylumOutcome,
    pub decided: Option<NaiveDate>,
}

impl AsylumLine {
    /// The outcome, a pending claim with what it bars.
    pub fn outcome_words(&self) -> String {
        match self.outcome {
            AsylumOutcome::Pending => "Pending: surrender barred (EA 2003 s.121)".to_string(),
            outcome => outcome.to_string(),
        }
    }

    /// "made 2026-03-01: Pending: surrender barred (EA 2003 s.121)", "made …: Refused, finally
    /// determined on 2026-05-04".
    pub fn words(&self) -> String {
        let on = self.decided.map_or(String::new(), |d| format!(" on {d}"));
        format!("made {}: {}{on}", self.made, self.outcome_words())
    }
}

/// The case's asylum claims in the full profile; none in any other. `docs/law.md` §6 gives a
/// partner only the particulars it supplied, and a claim is the claimant's protection against
/// the very state asking: telling the requesting state of it could endanger them.
pub fn asylum_lines(case: &Case, profile: ExportProfile) -> Vec<AsylumLine> {
    if profile != ExportProfile::Full {
        return Vec::new();
    }
    case.details
        .asylum_claims
        .iter()
        .map(|a| AsylumLine {
            made: a.made,
            outcome: a.outcome,
            decided: a.decided,
        })
        .collect()
}

/// The register lines of `cases` (in casebook order) as `profile` may show them. A register
/// lists cases, so the statistics profile has none.
pub fn register_rows<'a>(
    book: &'a Casebook,
    cases: impl IntoIterator<Item = &'a Case>,
    profile: ExportProfile,
    selection: Selection,
    today: NaiveDate,
) -> Vec<RegisterRow> {
    if profile == ExportProfile::Statistics {
        return Vec::new();
    }
    let full = profile == ExportProfile::Full;
    let days = book.settings.working_days();
    cases
        .into_iter()
        .filter(|c| shows_case(c, profile, selection))
        .map(|c| {
            let d = &c.details;
            let offence = d.offences.first();
            RegisterRow {
                reference: c.reference.clone(),
                kind: c.kind,
                direction: c.direction,
                status: c.status(),
                status_since: c.status_since(),
                opened: c.opened,
                area: d.area,
                requesting_state: d.requesting_state.to_string(),
                requested_state: d.requested_state.to_string(),
                requesting_authority: d.requesting_authority.to_string(),
                requested_person: book
                    .requested_person(c)
                    .filter(|p| shows_particulars(p.source, profile))
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                offence: offence
                    .map(|o| o.description.to_string())
                    .unwrap_or_default(),
                statute: offence.map(|o| o.statute.to_string()).unwrap_or_default(),
                officer: if full {
                    d.assigned_officer.to_string()
                } else {
                    String::new()
                },
                marking: d.marking,
                ncnd: d.ncnd,
                summary: if full {
                    d.summary.clone()
                } else {
                    String::new()
                },
                next_deadline: crate::domain::next_deadline(c, today, &days).map(|k| {
                    let rule = k.rule();
                    (if full { rule.code } else { rule.title }, k.due)
                }),
                last_update: c.last_update(),
                next_hearing: d
                    .hearings
                    .iter()
                    .filter(|h| h.date >= today && shows_hearing(h, profile))
                    .map(|h| h.date)
                    .min(),
                next_task_due: d
                    .tasks
                    .iter()
                    .filter(|t| full && !t.done)
                    .filter_map(|t| t.due)
                    .min(),
                last_reviewed: c.last_reviewed().filter(|_| full),
                asylum_claims: asylum_lines(c, profile),
                agreement: agreement_title(book, c).unwrap_or_default(),
            }
        })
        .collect()
}

/// One line of the officer's agenda as it leaves Casedesk (text, JSON, iCalendar): the case's
/// reference and what is due, never a person's particulars. The agenda is the officer's own
/// diary, so it is not a disclosure; a task's text is internal and goes with it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AgendaLine {
    /// Stable across exports: the case's id and the item's (a clock's rule and the event that
    /// started it, or a hearing's or task's record id).
    pub uid: String,
    pub date: NaiveDate,
    /// `None` beyond the agenda's 30 days (in the calendar feed only).
    pub bucket: Option<Bucket>,
    pub kind: ItemKind,
    pub reference: String,
    pub what: String,
    pub officer: String,
    pub area: ProgrammeArea,
    /// Why the day is not a working day, if it is not (a weekend or a holiday).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day_off: Option<String>,
    /// A deadline's consequence if missed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub if_missed: Option<&'static str>,
}

impl AgendaLine {
    /// A deadline, chaser, review or task: something the officer must act on by its date, so
    /// a calendar reminds before it (a hearing is attended, not met).
    pub fn is_due(&self) -> bool {
        self.kind != ItemKind::Hearing
    }
}

/// The agenda's lines that `filter` accepts: up to the horizon, or (`beyond`) every one.
pub fn agenda_lines(
    book: &Casebook,
    agenda: &Agenda,
    filter: &AgendaFilter,
    beyond: bool,
) -> Vec<AgendaLine> {
    let today = agenda.today();
    let holidays = book.settings.holidays();
    agenda
        .entries()
        .map(|e| (e.bucket(today), e))
        .take_while(|(b, _)| beyond || b.is_some())
        .filter_map(|(bucket, e)| {
            let case = book.case(e.case).filter(|c| filter.accepts(e, c))?;
            Some(AgendaLine {
                uid: format!("{}-{}@casedesk", case.id, e.key),
                date: e.date,
                bucket,
                kind: e.kind,
                reference: case.reference.clone(),
                what: e.describe(case),
                officer: e.officer(case).trim().to_string(),
                area: case.details.area,
                day_off: day_off(e.date, holidays),
                if_missed: match e.key {
                    ItemKey::Clock(key, _) => Some(key.rule().consequence),
                    ItemKey::Record(_) => None,
                },
            })
        })
        .collect()
}

/// The agenda's lines of the action points still open that `filter` accepts, up to the
/// horizon or (`beyond`) every one: numbered by the action point, for its owner.
pub fn action_lines(
    book: &Casebook,
    today: NaiveDate,
    filter: &AgendaFilter,
    beyond: bool,
) -> Vec<AgendaLine> {
    let holidays = book.settings.holidays();
    crate::domain::agenda::action_points(book.governance(), today, beyond)
        .into_iter()
        .filter(|(_, a)| filter.accepts_action(a))
        .map(|(bucket, a)| AgendaLine {
            uid: format!("{}-action@casedesk", a.id),
            date: a.due,
            bucket,
            kind: ItemKind::ActionPoint,
            reference: a.number.clone(),
            what: a.text.clone(),
            officer: a.owner.trim().to_string(),
            area: ProgrammeArea::Other,
            day_off: day_off(a.due, holidays),
            if_missed: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::person::IdentityDocument;
    use crate::domain::{
        CaseDetails, Command, Country, Ctx, IdSource, Party, Person, PersonId, RecordId, SeededIds,
    };

    #[test]
    fn outside_the_full_profile_only_what_the_partner_supplied_is_shown() {
        for (source, profile, shown) in [
            (Source::Ours, ExportProfile::Full, true),
            (Source::Partner, ExportProfile::Full, true),
            (Source::Ours, ExportProfile::Partner, false),
            (Source::Partner, ExportProfile::Partner, true),
        ] {
            assert_eq!(
                shows_particulars(source, profile),
                shown,
                "{source:?} {profile:?}"
            );
        }
    }

    /// A case whose requested person the partner named, with a CNIC they sent and a passport
    /// number found here.
    fn case_with_two_documents() -> (Casebook, CaseId) {
        let mut book = Casebook::default();
        let mut ids = SeededIds::new(4);
        let now = "2026-03-20T10:00:00+05:00".parse().unwrap();
        let mut person = Person::new(PersonId(ids.next_uuid()), "Muhammad Imran");
        person.source = Source::Partner;
        for (kind, number, source) in [
            (DocumentKind::Cnic, "61101-1111111-1", None),
            (DocumentKind::Passport, "AB1234567", Some(Source::Ours)),
        ] {
            person.documents.push(IdentityDocument {
                id: RecordId(ids.next_uuid()),
                kind,
                number: number.into(),
                issued_by: Country::pakistan(),
                source,
            });
        }
        let (person_id, case) = (person.id, CaseId(ids.next_uuid()));
        let mut details = CaseDetails::new(Country::pakistan(), Country::uk());
        details.parties.push(Party {
            person: person_id,
            role: crate::domain::Role::RequestedPerson,
        });
        for command in [
            Command::SavePerson(Box::new(person)),
            Command::OpenCase {
                id: case,
                kind: CaseKind::Extradition,
                direction: Direction::Incoming,
                opened: "2026-03-01".parse().unwrap(),
                details: Box::new(details),
            },
        ] {
            book.apply(command, &mut Ctx { now, ids: &mut ids })
                .unwrap();
        }
        (book, case)
    }

    #[test]
    fn a_partner_view_keeps_the_partner_s_identifiers_and_drops_ours() {
        let (book, id) = case_with_two_documents();
        let case = book.case(id).unwrap();
        let today = "2026-03-20".parse().unwrap();
        let view = |profile| {
            redacted_case(&book, case, profile, Selection::default(), today).people[0]
                .particulars
                .clone()
                .unwrap()
        };
        let partner = view(ExportProfile::Partner);
        assert_eq!(partner.name, "Muhammad Imran");
        assert_eq!(
            partner.documents,
            vec![(DocumentKind::Cnic, "61101-1111111-1".to_string())]
        );
        assert_eq!(view(ExportProfile::Full).documents.len(), 2);
    }
}
