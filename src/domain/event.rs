//! Events: the append-only history of a case (`docs/law.md` §4). Events are never edited or
//! deleted; a mistake is put right by a correction event that points at the wrong one.

use super::changes::{Change, EditedRecord, Names, named_choice};
use super::dates::{DateOrder, parse_date_for};
use super::deadlines::ClockKey;
use super::ids::{EventId, RecordId};
use super::labels::labelled_enum;
use super::name::Name;
use super::vec_map::VecMap;
use super::workflow::{Detail, DetailKind, Status};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use thin_vec::ThinVec;

/// A value recorded for a [`Detail`] of a transition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DetailValue {
    Text(String),
    Date(#[serde(deserialize_with = "super::iso::date")] NaiveDate),
    Time(NaiveTime),
}

impl fmt::Display for DetailValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DetailValue::Text(t) => f.write_str(t),
            DetailValue::Date(d) => write!(f, "{}", d.format("%d %b %Y")),
            DetailValue::Time(t) => write!(f, "{}", t.format("%H:%M")),
        }
    }
}

impl DetailValue {
    /// The value of `detail` as an officer types it: text as written (trimmed), a date in the
    /// casebook's `order` and within the bounds of what it records, a time as HH:MM. The error
    /// names the detail.
    pub fn parse(
        detail: Detail,
        text: &str,
        order: DateOrder,
        today: NaiveDate,
    ) -> Result<DetailValue, String> {
        let text = text.trim();
        Ok(match detail.kind() {
            DetailKind::Text => DetailValue::Text(text.to_string()),
            DetailKind::Date => DetailValue::Date(
                parse_date_for(text, order, detail.date_kind(), today)
                    .map_err(|e| format!("{}: {e}", detail.label()))?,
            ),
            DetailKind::Time => {
                DetailValue::Time(NaiveTime::parse_from_str(text, "%H:%M").map_err(|_| {
                    format!("{}: write the time as HH:MM, e.g. 06:30", detail.label())
                })?)
            }
        })
    }
}

pub type Details = VecMap<Detail, DetailValue>;

labelled_enum!(
    /// What an export may show (`docs/law.md` §6): everything, what the counterpart agency may see,
    /// or counts only.
    ExportProfile { Full => "Full (internal)", Partner => "Partner", Statistics => "Statistics" }
);

/// What in the case an attachment (`attachment.rs`) belongs to, besides the case itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttachedTo {
    ChecklistItem(RecordId),
    /// A transition's event, e.g. the arrest the warrant was served at.
    Transition(EventId),
    Hearing(RecordId),
}

/// One entry in a case's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub id: EventId,
    /// When it happened (the legal date clocks count from).
    #[serde(deserialize_with = "super::iso::date")]
    pub effective: NaiveDate,
    /// When it was recorded in the casebook.
    #[serde(deserialize_with = "super::iso::utc")]
    pub recorded_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub officer: Name,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub agency: Name,
    pub kind: EventKind,
}

/// What happened. Every event is as large as the largest kind, and the clocks, the dashboard
/// and the agenda read every event of every case at open: text is kept as `Box<str>` and lists
/// as thin lists (one word, nothing allocated when empty), written and read exactly as a
/// `String` and a `Vec` are (`tests::an_event_is_small`, BENCHMARKS.md).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum EventKind {
    /// The case was opened in its workflow's first state.
    Opened { status: Status },
    /// A status change allowed by the workflow table.
    Transition {
        from: Status,
        to: Status,
        #[serde(default, skip_serializing_if = "Details::is_empty")]
        details: Details,
        #[serde(default, skip_serializing_if = "str::is_empty")]
        reason: Box<str>,
        #[serde(
            default,
            skip_serializing_if = "ThinVec::is_empty",
            deserialize_with = "super::vec_map::exact"
        )]
        documents: ThinVec<Name>,
        /// Set when the officer went past blockers; `overridden` lists what was missing.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        override_reason: Option<Box<str>>,
        #[serde(
            default,
            skip_serializing_if = "ThinVec::is_empty",
            deserialize_with = "super::vec_map::exact"
        )]
        overridden: ThinVec<String>,
    },
    /// Puts right a mistaken transition: points at it and restores the state before it.
    Correction {
        corrects: EventId,
        restores: Status,
        #[serde(default, skip_serializing_if = "str::is_empty")]
        reason: Box<str>,
    },
    /// A deadline extended (e.g. by the High Court), with a new due date.
    ClockExtended {
        clock: ClockKey,
        started_by: EventId,
        new_due: NaiveDate,
        #[serde(default, skip_serializing_if = "str::is_empty")]
        reason: Box<str>,
    },
    /// A deadline met by something outside the workflow (e.g. evidence returned).
    ClockMet {
        clock: ClockKey,
        started_by: EventId,
        #[serde(default, skip_serializing_if = "str::is_empty")]
        note: Box<str>,
    },
    /// The case was disclosed outside Casedesk (`docs/law.md` §6: an export records what was
    /// disclosed, to whom, and when). Changes neither the status nor any clock.
    Disclosed {
        /// What was exported, e.g. "Case summary (PDF)".
        #[serde(default, skip_serializing_if = "str::is_empty")]
        document: Box<str>,
        profile: ExportProfile,
        #[serde(default, skip_serializing_if = "str::is_empty")]
        recipient: Box<str>,
    },
    /// The case came in from a register spreadsheet. As a case's first event it takes the place
    /// of `Opened`, and `status` is where the spreadsheet said the case stood; on a case that
    /// already existed (a merged row) it only records the import. Changes neither the status
    /// nor any clock: no transition happened in Casedesk.
    Imported {
        #[serde(default, skip_serializing_if = "str::is_empty")]
        source: Box<str>,
        row: u32,
        status: Status,
    },
    /// The officer reviewed the case ("Mark reviewed"): the register's "Last reviewed" date.
    /// Changes neither the status nor any clock.
    Reviewed {
        #[serde(default, skip_serializing_if = "str::is_empty")]
        note: Box<str>,
    },
    /// A merge of two copies of the casebook found a value changed on both; the officer chose
    /// one. Both stay on record: the one chosen and the one set aside, and whose each was.
    MergeChoice {
        /// The field or record, e.g. "Summary", "Hearings: Initial hearing on 02 Nov 2026".
        // A word each: the rarest event would otherwise set the size of every event.
        subject: Box<String>,
        chosen: Box<String>,
        chosen_from: Box<String>,
        set_aside: Box<String>,
        set_aside_from: Box<String>,
    },
    /// A merge found this case and another opened apart under the same reference, or the
    /// copies holding it under two references, and gave it the reference `to`. Changes neither
    /// the status nor any clock.
    Renumbered {
        from: Box<str>,
        to: Box<str>,
        #[serde(default, skip_serializing_if = "str::is_empty")]
        reason: Box<str>,
    },
    /// A future date a transition recorded moved (a removal re-planned): the clocks counted
    /// from it are recomputed and their old due dates become void (`../shared/domain.md` §7).
    DateMoved {
        started_by: EventId,
        detail: Detail,
        to: NaiveDate,
        #[serde(default, skip_serializing_if = "str::is_empty")]
        reason: Box<str>,
    },
    /// An edit of a case's details, or of the person, agency or contact `record`: each field it
    /// changed with its old and new value (schema 4). Changes neither the status nor any clock.
    Edited {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        record: Option<Box<EditedRecord>>,
        #[serde(deserialize_with = "super::vec_map::exact")]
        changes: ThinVec<Change>,
    },
    /// A file attached to the case (`attachment.rs`): its bytes are kept once beside the
    /// casebook, named by `hash` (BLAKE3). Changes neither the status nor any clock.
    Attached {
        name: Box<str>,
        size: u64,
        hash: Box<str>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<Box<AttachedTo>>,
        /// The file is a letter Casedesk drafted (`drafting.rs`), with the gaps it was drafted
        /// with.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        drafted: Option<Box<super::drafted::Drafted>>,
    },
    /// The attachment attached by the event `attachment` removed from the case; its bytes stay
    /// until the officer purges them. Changes neither the status nor any clock.
    Detached {
        attachment: EventId,
        #[serde(default, skip_serializing_if = "str::is_empty")]
        reason: Box<str>,
    },
}

impl EventKind {
    /// What a transition recorded besides its states, a line each in the order of the form:
    /// "Court: Westminster Magistrates' Court", "Time of arrest: 06:30", "Documents: …",
    /// what an override went past. Empty for other events (their summary says it all).
    pub fn recorded(&self) -> Vec<String> {
        if let EventKind::Edited { changes, .. } = self {
            return changes.iter().map(ToString::to_string).collect();
        }
        let EventKind::Transition {
            details,
            documents,
            overridden,
            ..
        } = self
        else {
            return Vec::new();
        };
        let mut lines: Vec<String> = details
            .iter()
            .map(|(detail, value)| format!("{}: {value}", detail.label()))
            .collect();
        if !documents.is_empty() {
            let names: Vec<&str> = documents.iter().map(|d| d.as_str()).collect();
            lines.push(format!("Documents: {}", names.join("; ")));
        }
        if !overridden.is_empty() {
            lines.push(format!(
                "Recorded although missing: {}",
                overridden.join("; ")
            ));
        }
        lines
    }

    /// [`EventKind::summary`] as an officer reads it in `names`' casebook: a merge choice's
    /// value named where it holds ids (an agreement, the people, the linked cases). The event
    /// itself keeps the ids, which both copies of a casebook record alike.
    pub fn summary_named(&self, names: &dyn Names) -> String {
        match self {
            EventKind::MergeChoice {
                subject,
                chosen,
                chosen_from,
                set_aside_from,
                ..
            } => merge_choice_line(
                subject,
                &named_choice(subject, chosen, names),
                chosen_from,
                set_aside_from,
            ),
            _ => self.summary(),
        }
    }

    /// One line for timelines and summaries.
    pub fn summary(&self) -> String {
        match self {
            EventKind::Opened { status } => format!("Opened: {status}"),
            EventKind::Transition {
                from,
                to,
                override_reason,
                ..
            } => match override_reason {
                Some(r) => format!("{from} → {to} (override: {r})"),
                None => format!("{from} → {to}"),
            },
            EventKind::Correction {
                restores, reason, ..
            } => format!("Correction: back to {restores} ({reason})"),
            EventKind::ClockExtended {
                clock,
                new_due,
                reason,
                ..
            } => format!(
                "Deadline {} extended to {} ({reason})",
                clock.rule().title,
                new_due.format("%d %b %Y")
            ),
            EventKind::ClockMet { clock, note, .. } => {
                format!("Deadline {} met ({note})", clock.rule().title)
            }
            EventKind::Disclosed {
                document,
                profile,
                recipient,
            } => format!("Disclosed: {document}, {profile} profile, to {recipient}"),
            EventKind::Imported {
                source,
                row,
                status,
            } => format!("Imported from {source} row {row} as {status}"),
            EventKind::Reviewed { note } if note.is_empty() => "Reviewed".into(),
            EventKind::Reviewed { note } => format!("Reviewed ({note})"),
            EventKind::MergeChoice {
                subject,
                chosen,
                chosen_from,
                set_aside_from,
                ..
            } => merge_choice_line(subject, chosen, chosen_from, set_aside_from),
            EventKind::Renumbered { from, to, reason } => {
                format!("Reference {from} became {to} ({reason})")
            }
            EventKind::DateMoved {
                detail, to, reason, ..
            } => format!(
                "{} moved to {} ({reason})",
                detail.label(),
                to.format("%d %b %Y")
            ),
            EventKind::Edited { record, changes } => {
                let what = record
                    .as_ref()
                    .map_or_else(|| "Details".to_string(), ToString::to_string);
                // The fields by name, each once: "Hearings (…): Outcome" is under Hearings.
                let mut fields: Vec<&str> = Vec::new();
                for c in changes {
                    let name = c.field.split(['(', ':']).next().unwrap_or("").trim();
                    if !fields.contains(&name) {
                        fields.push(name);
                    }
                }
                format!("{what} edited: {}", fields.join(", "))
            }
            EventKind::Attached {
                name,
                size,
                drafted: Some(drafted),
                ..
            } => {
                let gaps = match drafted.gaps.len() {
                    0 => String::new(),
                    n => format!(", drafted with {}", crate::count::count(n, "gap", "gaps")),
                };
                let size = crate::count::bytes(*size);
                format!("Drafted {}: {name} ({size}{gaps})", drafted.document)
            }
            EventKind::Attached { name, size, .. } => {
                format!("Attached {name} ({})", crate::count::bytes(*size))
            }
            EventKind::Detached { reason, .. } if reason.is_empty() => {
                "Removed an attachment".into()
            }
            EventKind::Detached { reason, .. } => format!("Removed an attachment ({reason})"),
        }
    }
}

/// A merge choice's line, its kept value given as `chosen`.
fn merge_choice_line(
    subject: &str,
    chosen: &str,
    chosen_from: &str,
    set_aside_from: &str,
) -> String {
    format!("Merge: {subject} kept as {chosen} ({chosen_from}), not {set_aside_from}'s value")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The clocks, the dashboard and the agenda replay every event of every case at open, and
    /// the replay is bound by the bytes it reads (BENCHMARKS.md): an event's rare text and
    /// lists are kept behind one pointer each, so a history is half as many bytes as it was.
    #[test]
    fn an_event_is_small() {
        let word = std::mem::size_of::<usize>();
        assert_eq!(std::mem::size_of::<Name>(), word);
        assert_eq!(std::mem::size_of::<Details>(), word);
        assert!(std::mem::size_of::<EventKind>() <= 8 * word);
        // It was 192 bytes.
        assert!(std::mem::size_of::<Event>() <= 112);
    }
}
