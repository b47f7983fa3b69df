//! The programme's governance records (`../shared/domain.md` §15, issue 23): agreements,
//! meetings, action points and capacity-building activities, kept beside the cases. Each is
//! changed only by a [`GovernanceCommand`] through `Casebook::apply`, which records every
//! change as an `Edited` event in the casebook's record history (who, when, each field's old
//! and new value) and stamps the record, so copies merge it like a person or an agency.

pub mod figures;
mod records;

pub use records::*;

use super::changes::{Change, RecordKind, changes_of};
use super::dates::{DateKind, check_date};
use super::validate::Known;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One governance record, as the casebook keeps them: in one list, merged by id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum GovernanceRecord {
    Agreement(Agreement),
    Meeting(Meeting),
    Action(ActionPoint),
    Activity(Activity),
}

impl GovernanceRecord {
    pub fn uuid(&self) -> Uuid {
        match self {
            GovernanceRecord::Agreement(a) => a.id.0,
            GovernanceRecord::Meeting(m) => m.id.0,
            GovernanceRecord::Action(a) => a.id.0,
            GovernanceRecord::Activity(a) => a.id.0,
        }
    }

    pub fn kind(&self) -> RecordKind {
        match self {
            GovernanceRecord::Agreement(_) => RecordKind::Agreement,
            GovernanceRecord::Meeting(_) => RecordKind::Meeting,
            GovernanceRecord::Action(_) => RecordKind::ActionPoint,
            GovernanceRecord::Activity(_) => RecordKind::Activity,
        }
    }

    /// What the officer calls it: a title, a meeting's kind and date, an action's number.
    pub fn name(&self) -> String {
        match self {
            GovernanceRecord::Agreement(a) => a.title.clone(),
            GovernanceRecord::Meeting(m) => m.title(),
            GovernanceRecord::Action(a) => a.number.clone(),
            GovernanceRecord::Activity(a) => a.title.clone(),
        }
    }

    /// Its fields in words, one line: what a merge shows when two copies differ.
    pub fn text(&self) -> String {
        let fields = match self {
            GovernanceRecord::Agreement(a) => changes_of(None, Some(a)),
            GovernanceRecord::Meeting(m) => changes_of(None, Some(m)),
            GovernanceRecord::Action(a) => changes_of(None, Some(a)),
            GovernanceRecord::Activity(a) => changes_of(None, Some(a)),
        };
        fields
            .iter()
            .map(|c| format!("{}: {}", c.field, c.new))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Its fields as a removal records them: each old value, and nothing new.
    fn removed_changes(&self) -> Vec<Change> {
        match self {
            GovernanceRecord::Agreement(o) => changes_of(Some(o), None),
            GovernanceRecord::Meeting(o) => changes_of(Some(o), None),
            GovernanceRecord::Action(o) => changes_of(Some(o), None),
            GovernanceRecord::Activity(o) => changes_of(Some(o), None),
        }
    }

    fn changes(old: Option<&Self>, new: &Self) -> Vec<Change> {
        use GovernanceRecord::*;
        match (old, new) {
            (Some(Agreement(o)), Agreement(n)) => changes_of(Some(o), Some(n)),
            (Some(Meeting(o)), Meeting(n)) => changes_of(Some(o), Some(n)),
            (Some(Action(o)), Action(n)) => changes_of(Some(o), Some(n)),
            (Some(Activity(o)), Activity(n)) => changes_of(Some(o), Some(n)),
            (_, Agreement(n)) => changes_of(None, Some(n)),
            (_, Meeting(n)) => changes_of(None, Some(n)),
            (_, Action(n)) => changes_of(None, Some(n)),
            (_, Activity(n)) => changes_of(None, Some(n)),
        }
    }
}

/// A change to a governance record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum GovernanceCommand {
    /// Adds a record or replaces the one with its id (of the same kind). An agreement's status
    /// and an action point's status are moved by their own commands, not by an edit.
    Save(Box<GovernanceRecord>),
    /// Moves an agreement's status along its flow, on `on`.
    MoveAgreement {
        agreement: AgreementId,
        to: AgreementStatus,
        on: NaiveDate,
        note: String,
    },
    /// Records an update of an action point on `on`, with the status it leaves it in.
    UpdateAction {
        action: ActionId,
        on: NaiveDate,
        status: ActionStatus,
        note: String,
    },
    /// Removes a record entered by mistake, refused while an action point, an activity or a
    /// case names it; undone by [`GovernanceCommand::Restore`].
    Remove(Uuid),
    /// Puts back a removed record as it was, at its place in the list (`position`, or the end):
    /// the undo of a removal, status moves and updates included.
    Restore {
        record: Box<GovernanceRecord>,
        position: usize,
    },
}

/// Why a governance change was refused; nothing has changed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GovernanceError {
    /// A field's value is wrong: the message names the field.
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("No {what} with id {id}")]
    Unknown { what: &'static str, id: Uuid },
    /// A removal refused: what still names the record.
    #[error(
        "\u{201c}{name}\u{201d} is still named by {}: change or remove {} first",
        .by.join(", "),
        if .by.len() == 1 { "it" } else { "them" }
    )]
    InUse { name: String, by: Vec<String> },
}

fn invalid(field: &'static str, message: impl Into<String>) -> GovernanceError {
    GovernanceError::Invalid {
        field,
        message: message.into(),
    }
}

/// What applying a governance command did, for the casebook to record.
pub struct Done {
    pub kind: RecordKind,
    pub id: Uuid,
    pub name: String,
    pub changes: Vec<Change>,
    /// The day the change took effect: a status move's date, else today.
    pub effective: NaiveDate,
    /// The command that puts it back: for a new record its removal, for an edit the old
    /// record saved back, for a removal the record restored (a status move is an event, kept).
    pub undo: Option<GovernanceCommand>,
}

/// The governance records of a casebook.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Governance {
    records: Vec<GovernanceRecord>,
}

impl Governance {
    pub fn from_records(records: Vec<GovernanceRecord>) -> Self {
        Self { records }
    }

    pub fn records(&self) -> &[GovernanceRecord] {
        &self.records
    }

    pub fn into_records(self) -> Vec<GovernanceRecord> {
        self.records
    }

    pub fn record(&self, id: Uuid) -> Option<&GovernanceRecord> {
        self.records.iter().find(|r| r.uuid() == id)
    }

    pub fn agreements(&self) -> impl Iterator<Item = &Agreement> {
        self.records.iter().filter_map(|r| match r {
            GovernanceRecord::Agreement(a) => Some(a),
            _ => None,
        })
    }

    pub fn meetings(&self) -> impl Iterator<Item = &Meeting> {
        self.records.iter().filter_map(|r| match r {
            GovernanceRecord::Meeting(m) => Some(m),
            _ => None,
        })
    }

    pub fn actions(&self) -> impl Iterator<Item = &ActionPoint> {
        self.records.iter().filter_map(|r| match r {
            GovernanceRecord::Action(a) => Some(a),
            _ => None,
        })
    }

    pub fn activities(&self) -> impl Iterator<Item = &Activity> {
        self.records.iter().filter_map(|r| match r {
            GovernanceRecord::Activity(a) => Some(a),
            _ => None,
        })
    }

    pub fn agreement(&self, id: AgreementId) -> Option<&Agreement> {
        self.agreements().find(|a| a.id == id)
    }

    pub fn meeting(&self, id: MeetingId) -> Option<&Meeting> {
        self.meetings().find(|m| m.id == id)
    }

    pub fn action(&self, id: ActionId) -> Option<&ActionPoint> {
        self.actions().find(|a| a.id == id)
    }

    /// The agreement whose title is `text` (any case), or whose title contains it when only
    /// one does.
    pub fn agreement_named(&self, text: &str) -> Option<&Agreement> {
        find_named(self.agreements(), text, |a| &a.title)
    }

    /// The action point numbered `number` (any case).
    pub fn action_numbered(&self, number: &str) -> Option<&ActionPoint> {
        let number = number.trim();
        self.actions()
            .find(|a| a.number.eq_ignore_ascii_case(number))
    }

    /// The next free action point number of `year`: "AP-2025-004".
    pub fn next_action_number(&self, year: i32) -> String {
        let prefix = format!("AP-{year}-");
        let last = self
            .actions()
            .filter_map(|a| a.number.strip_prefix(&prefix)?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        format!("{prefix}{:03}", last + 1)
    }

    /// Applies `command` as of `today`; `known` says which cases exist. On error nothing has
    /// changed.
    pub fn apply(
        &mut self,
        command: GovernanceCommand,
        today: NaiveDate,
        known: &dyn Known,
    ) -> Result<Done, GovernanceError> {
        match command {
            GovernanceCommand::Save(record) => self.save(*record, today, known),
            GovernanceCommand::MoveAgreement {
                agreement,
                to,
                on,
                note,
            } => {
                let i = self.position(agreement.0, "agreement")?;
                let GovernanceRecord::Agreement(old) = &self.records[i] else {
                    return Err(unknown("agreement", agreement.0));
                };
                let from = old.status;
                if !from.next().contains(&to) {
                    let next: Vec<&str> = from.next().iter().map(|s| s.label()).collect();
                    return Err(invalid(
                        "Status",
                        match next.is_empty() {
                            true => {
                                format!("{from} is where an agreement ends: it moves no further")
                            }
                            false => format!(
                                "{from} cannot move to {to}; it may move to {}",
                                next.join(", ")
                            ),
                        },
                    ));
                }
                check_date(on, DateKind::Happened, today).map_err(|m| invalid("Date", m))?;
                if let Some(last) = old.changes.last().filter(|c| c.on > on) {
                    return Err(invalid(
                        "Date",
                        format!("{on} is before its last change, on {}", last.on),
                    ));
                }
                let mut new = old.clone();
                new.status = to;
                new.changes.push(StatusChange {
                    on,
                    from,
                    to,
                    note: note.trim().to_string(),
                });
                match to {
                    AgreementStatus::Signed => new.signed = new.signed.or(Some(on)),
                    AgreementStatus::InForce => new.in_force = new.in_force.or(Some(on)),
                    _ => {}
                }
                Ok(self.replace(i, GovernanceRecord::Agreement(new), on, false))
            }
            GovernanceCommand::UpdateAction {
                action,
                on,
                status,
                note,
            } => {
                let i = self.position(action.0, "action point")?;
                let GovernanceRecord::Action(old) = &self.records[i] else {
                    return Err(unknown("action point", action.0));
                };
                check_date(on, DateKind::Happened, today).map_err(|m| invalid("Date", m))?;
                if on < old.raised {
                    return Err(invalid(
                        "Date",
                        format!(
                            "{on} is before the action point was raised, on {}",
                            old.raised
                        ),
                    ));
                }
                if let Some(last) = old.updates.last().filter(|u| u.on > on) {
                    return Err(invalid(
                        "Date",
                        format!("{on} is before its last update, on {}", last.on),
                    ));
                }
                if status == old.status && note.trim().is_empty() {
                    return Err(invalid(
                        "Note",
                        format!("it is {status} already: say what happened"),
                    ));
                }
                let mut new = old.clone();
                new.status = status;
                new.updates.push(ActionUpdate {
                    on,
                    status,
                    note: note.trim().to_string(),
                });
                Ok(self.replace(i, GovernanceRecord::Action(new), on, false))
            }
            GovernanceCommand::Remove(id) => self.remove(id, today),
            GovernanceCommand::Restore { record, position } => {
                self.restore(*record, position, today, known)
            }
        }
    }

    /// What names the record `id` among the governance records: the action points of a
    /// meeting, the action points and activities of an agreement.
    pub fn users_of(&self, id: Uuid) -> Vec<String> {
        self.records
            .iter()
            .filter(|r| match r {
                GovernanceRecord::Action(a) => {
                    a.meeting.is_some_and(|m| m.0 == id) || a.agreements.iter().any(|g| g.0 == id)
                }
                GovernanceRecord::Activity(a) => a.agreement.is_some_and(|g| g.0 == id),
                _ => false,
            })
            .map(|r| match r {
                GovernanceRecord::Activity(a) => format!("the activity {}", a.title),
                other => format!("action point {}", other.name()),
            })
            .collect()
    }

    fn remove(&mut self, id: Uuid, today: NaiveDate) -> Result<Done, GovernanceError> {
        let i = self.position(id, "agreement, meeting, action point or activity")?;
        let by = self.users_of(id);
        if !by.is_empty() {
            return Err(GovernanceError::InUse {
                name: self.records[i].name(),
                by,
            });
        }
        let old = self.records.remove(i);
        Ok(Done {
            kind: old.kind(),
            id,
            name: old.name(),
            changes: old.removed_changes(),
            effective: today,
            undo: Some(GovernanceCommand::Restore {
                record: Box::new(old),
                position: i,
            }),
        })
    }

    /// Puts back a removed record: its links are checked as when it was saved (what it names
    /// must still be there), its status and history are taken as they were.
    fn restore(
        &mut self,
        record: GovernanceRecord,
        position: usize,
        today: NaiveDate,
        known: &dyn Known,
    ) -> Result<Done, GovernanceError> {
        let id = record.uuid();
        if self.record(id).is_some() {
            return Err(invalid(
                "Record",
                format!("{} is in the casebook already", record.name()),
            ));
        }
        match &record {
            GovernanceRecord::Action(a) => self.check_action_links(a, known)?,
            GovernanceRecord::Activity(a) => {
                self.check_agreements("Agreement", a.agreement.into_iter())?;
            }
            GovernanceRecord::Agreement(_) | GovernanceRecord::Meeting(_) => {}
        }
        let done = Done {
            kind: record.kind(),
            id,
            name: record.name(),
            changes: GovernanceRecord::changes(None, &record),
            effective: today,
            undo: Some(GovernanceCommand::Remove(id)),
        };
        self.records
            .insert(position.min(self.records.len()), record);
        Ok(done)
    }

    fn position(&self, id: Uuid, what: &'static str) -> Result<usize, GovernanceError> {
        self.records
            .iter()
            .position(|r| r.uuid() == id)
            .ok_or(unknown(what, id))
    }

    /// Puts `new` at place `i` and says what changed; `undoable` for an edit, whose inverse
    /// saves the old record back (a status move is an event, kept).
    fn replace(
        &mut self,
        i: usize,
        new: GovernanceRecord,
        effective: NaiveDate,
        undoable: bool,
    ) -> Done {
        let changes = GovernanceRecord::changes(Some(&self.records[i]), &new);
        let done = Done {
            kind: new.kind(),
            id: new.uuid(),
            name: new.name(),
            changes,
            effective,
            undo: None,
        };
        let old = std::mem::replace(&mut self.records[i], new);
        Done {
            undo: undoable.then(|| GovernanceCommand::Save(Box::new(old))),
            ..done
        }
    }

    fn save(
        &mut self,
        record: GovernanceRecord,
        today: NaiveDate,
        known: &dyn Known,
    ) -> Result<Done, GovernanceError> {
        let existing = self.records.iter().position(|r| r.uuid() == record.uuid());
        let old = existing.map(|i| &self.records[i]);
        if let Some(old) = old
            && old.kind() != record.kind()
        {
            return Err(unknown(record.kind().label(), record.uuid()));
        }
        match &record {
            GovernanceRecord::Agreement(a) => self.check_agreement(a, old, today)?,
            GovernanceRecord::Meeting(m) => check_meeting(m, today)?,
            GovernanceRecord::Action(a) => self.check_action(a, old, today, known)?,
            GovernanceRecord::Activity(a) => self.check_activity(a, today)?,
        }
        Ok(match existing {
            Some(i) => self.replace(i, record, today, true),
            None => {
                let done = Done {
                    kind: record.kind(),
                    id: record.uuid(),
                    name: record.name(),
                    changes: GovernanceRecord::changes(None, &record),
                    effective: today,
                    undo: Some(GovernanceCommand::Remove(record.uuid())),
                };
                self.records.push(record);
                done
            }
        })
    }

    fn check_agreement(
        &self,
        a: &Agreement,
        old: Option<&GovernanceRecord>,
        today: NaiveDate,
    ) -> Result<(), GovernanceError> {
        required("Title", &a.title)?;
        for (field, date) in [("Signed", a.signed), ("In force", a.in_force)] {
            if let Some(d) = date {
                check_date(d, DateKind::Happened, today).map_err(|m| invalid(field, m))?;
            }
        }
        if let (Some(signed), Some(in_force)) = (a.signed, a.in_force)
            && in_force < signed
        {
            return Err(invalid(
                "In force",
                format!("{in_force} is before it was signed, on {signed}"),
            ));
        }
        if let Some(months) = a.review_months
            && !(1..=120).contains(&months)
        {
            return Err(invalid(
                "Review every",
                format!("{months} months: give 1 to 120 months (12 for an annual review)"),
            ));
        }
        if a.focal_points.iter().any(|f| f.name.trim().is_empty()) {
            return Err(invalid("Focal points", "each needs a name"));
        }
        let (status, changes) = match old {
            Some(GovernanceRecord::Agreement(o)) => (o.status, o.changes.as_slice()),
            _ => (a.status, &[][..]),
        };
        if a.status != status || a.changes != changes {
            return Err(invalid(
                "Status",
                "an agreement's status moves by a status change, not by an edit",
            ));
        }
        if let Some(other) = self
            .agreements()
            .find(|o| o.id != a.id && o.title.trim().eq_ignore_ascii_case(a.title.trim()))
        {
            return Err(invalid(
                "Title",
                format!("\u{201c}{}\u{201d} is in the register already", other.title),
            ));
        }
        Ok(())
    }

    fn check_action(
        &self,
        a: &ActionPoint,
        old: Option<&GovernanceRecord>,
        today: NaiveDate,
        known: &dyn Known,
    ) -> Result<(), GovernanceError> {
        required("Number", &a.number)?;
        required("Text", &a.text)?;
        if let Some(other) = self
            .action_numbered(&a.number)
            .filter(|other| other.id != a.id)
        {
            return Err(invalid(
                "Number",
                format!("{} is taken by another action point", other.number),
            ));
        }
        check_date(a.raised, DateKind::Happened, today).map_err(|m| invalid("Raised", m))?;
        check_date(a.due, DateKind::Scheduled, today).map_err(|m| invalid("Due", m))?;
        if a.due < a.raised {
            return Err(invalid(
                "Due",
                format!("{} is before it was raised, on {}", a.due, a.raised),
            ));
        }
        self.check_action_links(a, known)?;
        let (status, updates) = match old {
            Some(GovernanceRecord::Action(o)) => (o.status, o.updates.as_slice()),
            _ => (ActionStatus::Open, &[][..]),
        };
        if a.status != status || a.updates != updates {
            return Err(invalid(
                "Status",
                "an action point's status changes by an update, not by an edit",
            ));
        }
        Ok(())
    }

    fn check_activity(&self, a: &Activity, today: NaiveDate) -> Result<(), GovernanceError> {
        required("Title", &a.title)?;
        check_date(a.start, DateKind::Scheduled, today).map_err(|m| invalid("Start", m))?;
        if let Some(end) = a.end {
            check_date(end, DateKind::Scheduled, today).map_err(|m| invalid("End", m))?;
            if end < a.start {
                return Err(invalid(
                    "End",
                    format!("{end} is before it started, on {}", a.start),
                ));
            }
        }
        if let Some(v) = &a.value
            && (v.currency.len() != 3 || !v.currency.chars().all(|c| c.is_ascii_uppercase()))
        {
            return Err(invalid(
                "Currency",
                format!("\u{201c}{}\u{201d} is not a currency code", v.currency),
            ));
        }
        self.check_agreements("Agreement", a.agreement.into_iter())
    }

    /// The meeting, cases and agreements an action point names are in the casebook.
    fn check_action_links(
        &self,
        a: &ActionPoint,
        known: &dyn Known,
    ) -> Result<(), GovernanceError> {
        if let Some(m) = a.meeting
            && self.meeting(m).is_none()
        {
            return Err(invalid("Meeting", format!("no meeting with id {m}")));
        }
        if let Some(c) = a.cases.iter().find(|c| !known.has_case(**c)) {
            return Err(invalid("Cases", format!("no case with id {c}")));
        }
        self.check_agreements("Agreements", a.agreements.iter().copied())
    }

    fn check_agreements(
        &self,
        field: &'static str,
        mut ids: impl Iterator<Item = AgreementId>,
    ) -> Result<(), GovernanceError> {
        match ids.find(|id| self.agreement(*id).is_none()) {
            Some(id) => Err(invalid(field, format!("no agreement with id {id}"))),
            None => Ok(()),
        }
    }

    /// The action points due by the end of `until` and still open, earliest first: the
    /// agenda's lines for them.
    pub fn open_actions_due_by(&self, until: NaiveDate) -> Vec<&ActionPoint> {
        let mut due: Vec<&ActionPoint> = self
            .actions()
            .filter(|a| !a.status.is_closed() && a.due <= until)
            .collect();
        due.sort_by(|a, b| (a.due, &a.number).cmp(&(b.due, &b.number)));
        due
    }
}

fn check_meeting(m: &Meeting, today: NaiveDate) -> Result<(), GovernanceError> {
    check_date(m.date, DateKind::Scheduled, today).map_err(|e| invalid("Date", e))?;
    if let Some(next) = m.next_meeting
        && next <= m.date
    {
        return Err(invalid(
            "Next meeting",
            format!("{next} is not after the meeting, on {}", m.date),
        ));
    }
    if m.attendees.iter().any(|a| a.agency.trim().is_empty()) {
        return Err(invalid("Attendees", "each needs an agency"));
    }
    Ok(())
}

fn required(field: &'static str, text: &str) -> Result<(), GovernanceError> {
    match text.trim().is_empty() {
        true => Err(invalid(field, "cannot be empty")),
        false => Ok(()),
    }
}

fn unknown(what: &'static str, id: Uuid) -> GovernanceError {
    GovernanceError::Unknown { what, id }
}

/// The one record whose name is `text` (any case), or the only one whose name contains it.
fn find_named<'a, T>(
    items: impl Iterator<Item = &'a T>,
    text: &str,
    name: impl Fn(&T) -> &str,
) -> Option<&'a T> {
    let key = text.trim().to_lowercase();
    if key.is_empty() {
        return None;
    }
    let mut containing = Vec::new();
    for item in items {
        let n = name(item).to_lowercase();
        if n == key {
            return Some(item);
        }
        if n.contains(&key) {
            containing.push(item);
        }
    }
    match containing.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

impl GovernanceCommand {
    /// What it does, in the officer's words.
    pub fn what(&self) -> String {
        match self {
            GovernanceCommand::Save(r) => {
                format!("Saved the {} {}", r.kind().label().to_lowercase(), r.name())
            }
            GovernanceCommand::MoveAgreement { to, on, .. } => {
                format!("Moved an agreement to {to} on {on}")
            }
            GovernanceCommand::UpdateAction { status, on, .. } => {
                format!("Updated an action point ({status}) on {on}")
            }
            GovernanceCommand::Remove(_) => "Removed a governance record".into(),
            GovernanceCommand::Restore { record, .. } => {
                format!(
                    "Put back the {} {}",
                    record.kind().label().to_lowercase(),
                    record.name()
                )
            }
        }
    }

    /// The record it changes.
    pub fn record(&self) -> Uuid {
        match self {
            GovernanceCommand::Save(r) => r.uuid(),
            GovernanceCommand::MoveAgreement { agreement, .. } => agreement.0,
            GovernanceCommand::UpdateAction { action, .. } => action.0,
            GovernanceCommand::Remove(id) => *id,
            GovernanceCommand::Restore { record, .. } => record.uuid(),
        }
    }

    /// Whether it takes its record out of the casebook.
    pub fn removes(&self) -> bool {
        matches!(self, GovernanceCommand::Remove(_))
    }
}
