//! Attachments: the papers of a case (a request, a warrant, a translation, a note verbale)
//! kept with it. The case records each as an event (its name, size and BLAKE3 hash, who and
//! when); the bytes are kept once, by their hash, beside the casebook (`store::attachments`).
//! Removing one is an event too; its bytes stay until the officer purges them.

use super::case::Case;
pub use super::event::AttachedTo;
use super::event::{Event, EventKind};
use super::ids::EventId;
use serde::{Deserialize, Serialize};

/// How long an attachment's name may be, in bytes: the longest file name most systems allow.
pub const MAX_NAME_BYTES: usize = 255;

/// A file to attach, once its bytes are stored (`Command::Attach`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewAttachment {
    pub name: String,
    pub size: u64,
    /// The BLAKE3 hash of its bytes, 64 lowercase hexadecimal digits.
    pub hash: String,
    pub to: Option<AttachedTo>,
    /// A letter Casedesk drafted (`drafting.rs`).
    pub drafted: Option<super::drafted::Drafted>,
}

/// Why a file cannot be attached or removed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AttachmentError {
    #[error("The attachment's name {0}")]
    BadName(&'static str),
    #[error("{0:?} is not a BLAKE3 hash (64 lowercase hexadecimal digits)")]
    BadHash(String),
    #[error("This file is already attached to the case as {name} (recorded {on})")]
    Duplicate { name: String, on: String },
    #[error("The case has no {0} to attach the file to")]
    NoTarget(&'static str),
    #[error("The case has no attachment {0}")]
    Unknown(EventId),
    #[error("{0} was removed already")]
    Removed(String),
}

/// Whether `name` can name an attachment: the file name alone, as shown and as written into a
/// bundle, so no folder in it, nothing a system reads as a path, no control character.
pub fn check_name(name: &str) -> Result<(), AttachmentError> {
    let bad = AttachmentError::BadName;
    if name.trim().is_empty() {
        return Err(bad("is empty"));
    }
    if name.len() > MAX_NAME_BYTES {
        return Err(bad("is longer than 255 bytes"));
    }
    if name.contains(['/', '\\']) {
        return Err(bad("contains a folder separator (/ or \\)"));
    }
    if name.chars().any(char::is_control) {
        return Err(bad("contains a control character (a line break, a tab, …)"));
    }
    if name == "." || name == ".." {
        return Err(bad("is . or .., which name folders"));
    }
    if name != name.trim() {
        return Err(bad("starts or ends with a space"));
    }
    Ok(())
}

/// Whether `hash` is written as a BLAKE3 hash is: 64 lowercase hexadecimal digits. Stored
/// files are named by it, so nothing else may reach a path.
pub fn is_hash(hash: &str) -> bool {
    hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// An attachment of a case as its history records it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Attachment<'a> {
    /// The event that attached it: its id names the attachment; who and when.
    pub event: &'a Event,
    pub name: &'a str,
    pub size: u64,
    pub hash: &'a str,
    pub to: Option<AttachedTo>,
    /// The event that removed it, if it was.
    pub removed: Option<&'a Event>,
}

impl Attachment<'_> {
    pub fn id(&self) -> EventId {
        self.event.id
    }

    pub fn is_removed(&self) -> bool {
        self.removed.is_some()
    }
}

/// Every file attached to `case`, in the order attached, removed ones included (marked).
pub fn attachments(case: &Case) -> Vec<Attachment<'_>> {
    let mut list: Vec<Attachment> = case
        .history()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Attached {
                name,
                size,
                hash,
                to,
                ..
            } => Some(Attachment {
                event: e,
                name,
                size: *size,
                hash,
                to: to.as_deref().copied(),
                removed: None,
            }),
            _ => None,
        })
        .collect();
    for e in case.history() {
        if let EventKind::Detached { attachment, .. } = &e.kind
            && let Some(a) = list.iter_mut().find(|a| a.event.id == *attachment)
        {
            a.removed.get_or_insert(e);
        }
    }
    list
}

/// The attachments of `case` not removed.
pub fn current(case: &Case) -> impl Iterator<Item = Attachment<'_>> {
    attachments(case).into_iter().filter(|a| !a.is_removed())
}

/// What in `case` a file can be attached to besides the case itself: its checklist items,
/// its hearings and its moves that stand (one put right by a correction is left out), in
/// that order.
pub fn targets(case: &Case) -> Vec<AttachedTo> {
    let void = super::corrections::voided(case.history());
    let d = &case.details;
    (d.checklist.iter().map(|i| AttachedTo::ChecklistItem(i.id)))
        .chain(d.hearings.iter().map(|h| AttachedTo::Hearing(h.id)))
        .chain(
            case.history()
                .iter()
                .filter(|e| matches!(e.kind, EventKind::Transition { .. }) && !void.contains(&e.id))
                .map(|e| AttachedTo::Transition(e.id)),
        )
        .collect()
}

/// The attachments removed from every case that held their file: what a purge deletes for
/// good (one each, by hash). Their events stay in the histories.
pub fn purgeable(cases: &[Case]) -> Vec<Attachment<'_>> {
    let held: std::collections::HashSet<&str> = cases
        .iter()
        .flat_map(|c| current(c).map(|a| a.hash).collect::<Vec<_>>())
        .collect();
    let mut seen = std::collections::HashSet::new();
    cases
        .iter()
        .flat_map(attachments)
        .filter(|a| a.is_removed() && !held.contains(a.hash) && seen.insert(a.hash))
        .collect()
}

/// Checks that `new` can be attached to `case`: a sound name and hash, a target the case has,
/// and not a file it holds already.
pub fn check_new(case: &Case, new: &NewAttachment) -> Result<(), AttachmentError> {
    check_name(&new.name)?;
    if !is_hash(&new.hash) {
        return Err(AttachmentError::BadHash(new.hash.clone()));
    }
    let is_move =
        |id: EventId| move |e: &Event| e.id == id && matches!(e.kind, EventKind::Transition { .. });
    let missing = match new.to {
        None => None,
        Some(AttachedTo::ChecklistItem(id)) => {
            (!case.details.checklist.iter().any(|i| i.id == id)).then_some("such checklist item")
        }
        Some(AttachedTo::Hearing(id)) => {
            (!case.details.hearings.iter().any(|h| h.id == id)).then_some("such hearing")
        }
        Some(AttachedTo::Transition(id)) => {
            (!case.history().iter().any(is_move(id))).then_some("such transition")
        }
    };
    if let Some(what) = missing {
        return Err(AttachmentError::NoTarget(what));
    }
    match current(case).find(|a| a.hash == new.hash) {
        Some(held) => Err(AttachmentError::Duplicate {
            name: held.name.to_string(),
            on: held.event.recorded_at.format("%d %b %Y").to_string(),
        }),
        None => Ok(()),
    }
}

/// Checks that the attachment `id` of `case` can be removed: it is there and not removed.
pub fn check_removal(case: &Case, id: EventId) -> Result<(), AttachmentError> {
    let list = attachments(case);
    let a = list
        .iter()
        .find(|a| a.id() == id)
        .ok_or(AttachmentError::Unknown(id))?;
    if a.is_removed() {
        return Err(AttachmentError::Removed(a.name.to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_a_file_name_alone() {
        for good in [
            "warrant.pdf",
            "Note verbale 12-2026.docx",
            "اسم.pdf",
            "a b.c",
        ] {
            assert_eq!(check_name(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "  ",
            "../x.pdf",
            "a/b.pdf",
            "a\\b.pdf",
            "a\nb.pdf",
            "a\u{7}.pdf",
            "..",
            ".",
            " lead.pdf",
        ] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        assert!(check_name(&"x".repeat(256)).is_err());
        assert!(check_name(&"x".repeat(255)).is_ok());
    }

    #[test]
    fn a_corrected_move_is_no_target_and_a_file_held_elsewhere_is_not_purgeable() {
        use crate::domain::tests::{Fixture, mla};
        use crate::domain::workflow::MlaState;
        use crate::domain::{CaseKind, Command, Direction};
        let mut fx = Fixture::ready(CaseKind::Mla, Direction::Outgoing, "2026-01-10");
        fx.go(mla(MlaState::InReview), "2026-01-11");
        let kept = fx.last_event().id;
        fx.go(mla(MlaState::Issued), "2026-01-12");
        let wrong = fx.last_event().id;
        fx.apply(Command::Correct {
            case: fx.case,
            event: wrong,
            reason: "Not signed yet".into(),
        })
        .unwrap();
        let moves: Vec<AttachedTo> = targets(fx.case())
            .into_iter()
            .filter(|t| matches!(t, AttachedTo::Transition(_)))
            .collect();
        assert_eq!(moves, [AttachedTo::Transition(kept)]);

        let case = fx.case;
        let attach = |name: &str, hash: &str| Command::Attach {
            case,
            attachment: Box::new(NewAttachment {
                name: name.into(),
                size: 3,
                hash: hash.into(),
                to: None,
                drafted: None,
            }),
        };
        let (a, b) = ("a".repeat(64), "b".repeat(64));
        fx.apply(attach("one.pdf", &a)).unwrap();
        let one = fx.last_event().id;
        fx.apply(attach("two.pdf", &b)).unwrap();
        let two = fx.last_event().id;
        for gone in [one, two] {
            fx.apply(Command::Detach {
                case: fx.case,
                attachment: gone,
                reason: String::new(),
            })
            .unwrap();
        }
        // Attached again under another name: its file is still held.
        fx.apply(attach("one again.pdf", &a)).unwrap();
        let names: Vec<&str> = purgeable(fx.book.cases()).iter().map(|p| p.name).collect();
        assert_eq!(names, ["two.pdf"]);
    }

    #[test]
    fn a_hash_is_64_lowercase_hex_digits() {
        assert!(is_hash(&"0a".repeat(32)));
        assert!(!is_hash(&"0A".repeat(32)));
        assert!(!is_hash(&"0a".repeat(31)));
        assert!(!is_hash(&format!("{}/", "0".repeat(63))));
    }
}
