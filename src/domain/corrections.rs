//! Which events of a history are put right: the one reading of corrections that the status, the
//! clocks, the check, a merge and every view share (`docs/law.md` §4: a mistake is corrected by
//! a new event, never by editing the old one).

use super::event::{Event, EventKind};
use super::ids::EventId;
use super::workflow::Status;

/// The events of `history` voided by a correction that stands: each correction voids the event
/// it points at, unless a later correction voids that correction (a merge setting aside a
/// correction made on another copy). Oldest corrections last.
pub fn voided(history: &[Event]) -> Vec<EventId> {
    let mut out = Vec::new();
    voided_into(history, &mut out);
    out
}

/// [`voided`], appended to `out`, for a pass over many cases that keeps its list. Corrections
/// point only at earlier events, so one pass from the end settles each before the events it
/// voids are reached.
pub fn voided_into(history: &[Event], out: &mut Vec<EventId>) {
    for e in history.iter().rev() {
        if let EventKind::Correction { corrects, .. } = e.kind
            && !out.contains(&e.id)
        {
            out.push(corrects);
        }
    }
}

/// The transitions of `history` that stand (not voided), oldest first: the line of moves the
/// status follows.
pub fn standing(history: &[Event]) -> impl Iterator<Item = &Event> {
    let voided = voided(history);
    history
        .iter()
        .filter(move |e| matches!(e.kind, EventKind::Transition { .. }) && !voided.contains(&e.id))
}

/// The status an event leaves behind once voided: a transition's starting state; for a
/// correction, the state the event it voided had led to. `None` when the event changes no
/// status or is not in `history`.
pub fn undone_to(history: &[Event], id: EventId) -> Option<Status> {
    let mut id = id;
    let mut undo = true;
    // Each correction in the chain turns "undo" into "redo" of the event it points at.
    for _ in 0..=history.len() {
        let event = history.iter().find(|e| e.id == id)?;
        match &event.kind {
            EventKind::Transition { from, to, .. } => return Some(if undo { *from } else { *to }),
            EventKind::Correction { corrects, .. } => {
                id = *corrects;
                undo = !undo;
            }
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workflow::IncomingState as A;
    use chrono::{DateTime, NaiveDate};
    use uuid::Uuid;

    fn id(n: u128) -> EventId {
        EventId(Uuid::from_u128(n))
    }

    fn event(n: u128, kind: EventKind) -> Event {
        Event {
            id: id(n),
            effective: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            recorded_at: DateTime::UNIX_EPOCH,
            officer: Default::default(),
            agency: Default::default(),
            kind,
        }
    }

    fn go(n: u128, from: A, to: A) -> Event {
        event(
            n,
            EventKind::Transition {
                from: Status::Incoming(from),
                to: Status::Incoming(to),
                details: Default::default(),
                reason: Default::default(),
                documents: Default::default(),
                override_reason: None,
                overridden: Default::default(),
            },
        )
    }

    fn correct(n: u128, corrects: u128, restores: A) -> Event {
        event(
            n,
            EventKind::Correction {
                corrects: id(corrects),
                restores: Status::Incoming(restores),
                reason: "Wrong case".into(),
            },
        )
    }

    /// Opened, moved twice; the second move corrected.
    fn history() -> Vec<Event> {
        vec![
            event(
                1,
                EventKind::Opened {
                    status: Status::Incoming(A::RequestReceived),
                },
            ),
            go(2, A::RequestReceived, A::RequestCertified),
            go(3, A::RequestCertified, A::NotCertified),
            correct(4, 3, A::RequestCertified),
        ]
    }

    fn ids(events: impl Iterator<Item = EventId>) -> Vec<EventId> {
        events.collect()
    }

    #[test]
    fn a_correction_voids_the_event_it_points_at_and_the_rest_stand() {
        let h = history();
        assert_eq!(voided(&h), [id(3)]);
        assert_eq!(ids(standing(&h).map(|e| e.id)), [id(2)]);
        assert_eq!(
            undone_to(&h, id(3)),
            Some(Status::Incoming(A::RequestCertified))
        );
        assert_eq!(undone_to(&h, id(1)), None, "opening changes no status");
        assert_eq!(undone_to(&h, id(99)), None, "not in the history");
    }

    #[test]
    fn a_correction_set_aside_by_a_later_one_voids_nothing() {
        // A merge sets aside another copy's correction: the move it voided stands again.
        let mut h = history();
        h.push(correct(5, 4, A::NotCertified));
        assert_eq!(voided(&h), [id(4)]);
        assert_eq!(ids(standing(&h).map(|e| e.id)), [id(2), id(3)]);
        // Voiding the correction of the correction lets the first correction stand again: the
        // case goes back to before the move; voiding the first redoes the move.
        assert_eq!(
            undone_to(&h, id(5)),
            Some(Status::Incoming(A::RequestCertified))
        );
        assert_eq!(
            undone_to(&h, id(4)),
            Some(Status::Incoming(A::NotCertified))
        );
        // And a third correction voids the second again.
        h.push(correct(6, 5, A::RequestCertified));
        assert_eq!(voided(&h), [id(5), id(3)]);
        assert_eq!(ids(standing(&h).map(|e| e.id)), [id(2)]);
    }

    #[test]
    fn voided_into_keeps_what_the_list_held() {
        let mut out = vec![id(42)];
        voided_into(&history(), &mut out);
        assert_eq!(out, [id(42), id(3)]);
    }
}
