//! The governance figures of a review report for a period (`../shared/domain.md` §15): meetings
//! held by kind, action points opened, closed and overdue, agreements whose status changed,
//! capacity-building activities, their participants and the value of equipment given, by
//! currency. Counts only: no names, no text of decisions. Pure: a function of the records, the
//! period and today.

use super::{ActionStatus, ActivityKind, Governance, MeetingKind};
use crate::domain::stats::DateRange;
use chrono::NaiveDate;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GovernanceFigures {
    pub range: DateRange,
    /// The day meetings held and overdue action points are counted on: the period's last day,
    /// or today when the period runs on past it.
    pub as_of: NaiveDate,
    /// Meetings held in the period (dated in it, up to `as_of`), by kind, every kind listed.
    pub meetings: Vec<(MeetingKind, usize)>,
    /// Action points raised in the period.
    pub actions_opened: usize,
    /// Action points done, and dropped, in the period (their closing update dated in it).
    pub actions_done: usize,
    pub actions_dropped: usize,
    /// Action points overdue at the end of `as_of`: raised by then, not closed by then, due
    /// before it.
    pub actions_overdue: usize,
    /// Action points still open at the end of `as_of`.
    pub actions_open: usize,
    /// Agreements whose status moved in the period, and how many moves there were.
    pub agreements_changed: usize,
    pub status_changes: usize,
    /// Capacity-building activities that started in the period, by kind, every kind listed.
    pub activities: Vec<(ActivityKind, usize)>,
    /// Their participants, in all.
    pub participants: u64,
    /// The value of equipment activities in the period, in hundredths, by currency code.
    pub equipment_value: BTreeMap<String, u64>,
}

impl GovernanceFigures {
    pub fn meetings_held(&self) -> usize {
        self.meetings.iter().map(|(_, n)| n).sum()
    }

    pub fn activities_held(&self) -> usize {
        self.activities.iter().map(|(_, n)| n).sum()
    }

    pub fn actions_closed(&self) -> usize {
        self.actions_done + self.actions_dropped
    }
}

/// The governance figures of `governance` for `range`, seen on `today`.
pub fn figures(governance: &Governance, range: DateRange, today: NaiveDate) -> GovernanceFigures {
    let as_of = range.to.min(today);
    let mut meetings: Vec<(MeetingKind, usize)> =
        MeetingKind::ALL.iter().map(|k| (*k, 0)).collect();
    for m in governance
        .meetings()
        .filter(|m| range.contains(m.date) && m.date <= as_of)
    {
        if let Some(slot) = meetings.iter_mut().find(|(k, _)| *k == m.kind) {
            slot.1 += 1;
        }
    }
    let (mut opened, mut done, mut dropped, mut overdue, mut open) = (0, 0, 0, 0, 0);
    for a in governance.actions() {
        opened += usize::from(range.contains(a.raised));
        // Closed in the period: the update that closed it for good is dated in it.
        match (a.closed_on(), a.status) {
            (Some(on), ActionStatus::Done) if range.contains(on) => done += 1,
            (Some(on), ActionStatus::Dropped) if range.contains(on) => dropped += 1,
            _ => {}
        }
        overdue += usize::from(a.is_overdue_on(as_of));
        open += usize::from(a.raised <= as_of && !a.status_on(as_of).is_closed());
    }
    let (mut agreements_changed, mut status_changes) = (0, 0);
    for a in governance.agreements() {
        let moves = a.changes_between(range.from, range.to).count();
        agreements_changed += usize::from(moves > 0);
        status_changes += moves;
    }
    let mut activities: Vec<(ActivityKind, usize)> =
        ActivityKind::ALL.iter().map(|k| (*k, 0)).collect();
    let mut participants = 0;
    let mut equipment_value = BTreeMap::new();
    for a in governance.activities().filter(|a| range.contains(a.start)) {
        if let Some(slot) = activities.iter_mut().find(|(k, _)| *k == a.kind) {
            slot.1 += 1;
        }
        participants += u64::from(a.participants);
        if a.kind == ActivityKind::Equipment
            && let Some(v) = &a.value
        {
            *equipment_value.entry(v.currency.clone()).or_insert(0) += v.hundredths;
        }
    }
    GovernanceFigures {
        range,
        as_of,
        meetings,
        actions_opened: opened,
        actions_done: done,
        actions_dropped: dropped,
        actions_overdue: overdue,
        actions_open: open,
        agreements_changed,
        status_changes,
        activities,
        participants,
        equipment_value,
    }
}
