//! The documents Casedesk drafts and what a draft's event records of it (`drafting.rs` has
//! what each needs; `docs/drafting.md`).

use super::labels::labelled_enum;
use serde::{Deserialize, Serialize};
use std::fmt;

labelled_enum!(
    /// The documents Casedesk drafts (`docs/drafting.md` §1).
    DraftKind {
        MlaRequest => "MLA letter of request",
        CoveringLetter => "Extradition request covering letter",
        NoteVerbale => "Note verbale",
        Chaser => "Chaser for an unanswered request",
        Acknowledgement => "Acknowledgement of an incoming request",
    }
);

impl DraftKind {
    /// The name on the command line and of the template file (`mla-request.txt`).
    pub fn code(self) -> &'static str {
        match self {
            DraftKind::MlaRequest => "mla-request",
            DraftKind::CoveringLetter => "covering-letter",
            DraftKind::NoteVerbale => "note-verbale",
            DraftKind::Chaser => "chaser",
            DraftKind::Acknowledgement => "acknowledgement",
        }
    }
}

/// What drafting `kind` for `case` records: the document and the gaps the officer went past.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Drafted {
    pub document: DraftKind,
    /// What the case lacked when it was drafted anyway (`--anyway`): placeholders in the draft.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<String>,
}
