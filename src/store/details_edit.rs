//! An edit of a case's details as the journal keeps it: only the fields it changed, with their
//! new values. The window and the CLI apply `Command::UpdateCase` with the case's whole
//! details (so undo and merge see one change); journaling those whole details made an entry
//! of a one-word summary edit about 3 KB, and opening with many of them slow. Replayed, the
//! changed fields are laid over the case's details as they are at that point of the replay,
//! which is the same casebook the edit was made on, so the command applied is the one the
//! officer's was.

use crate::domain::Name;
use crate::domain::details::{
    Assurance, AsylumClaim, CaseDetails, CaseLink, ChecklistItem, Country, ExternalReference,
    HandlingMarking, Hearing, LegalBasis, MlaParticulars, Note, Offence, Outcomes, Party,
    ProgrammeArea, Task, WorkstreamParticulars,
};
use serde::{Deserialize, Serialize};

/// Declares [`DetailsEdit`] over every field of `CaseDetails`: the patterns below name each
/// field without `..`, so a field added to the details fails to compile here until it is
/// listed (and so is never silently left out of a journal).
macro_rules! details_edit {
    ($($field:ident: $ty:ty => $label:literal,)*) => {
        /// The fields of a case's details an edit changed, with their new values; `None` for a
        /// field left as it was.
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub(super) struct DetailsEdit {
            $(
                #[serde(default, skip_serializing_if = "Option::is_none")]
                $field: Option<$ty>,
            )*
        }

        impl DetailsEdit {
            /// What changed from `old` to `new`.
            pub(super) fn between(old: &CaseDetails, new: &CaseDetails) -> Self {
                let CaseDetails { $($field),* } = new;
                Self {
                    $($field: (old.$field != *$field).then(|| $field.clone()),)*
                }
            }

            /// `details` with the changed fields laid over them.
            pub(super) fn onto(&self, details: &CaseDetails) -> CaseDetails {
                let CaseDetails { $($field),* } = details;
                CaseDetails {
                    $($field: self.$field.as_ref().unwrap_or($field).clone(),)*
                }
            }

            /// The changed fields, in the officer's words.
            pub(super) fn labels(&self) -> Vec<&'static str> {
                let mut labels = Vec::new();
                $(
                    if self.$field.is_some() {
                        labels.push($label);
                    }
                )*
                labels
            }
        }
    };
}

details_edit! {
    summary: String => "summary",
    external_references: Vec<ExternalReference> => "external references",
    requesting_state: Country => "requesting state",
    requested_state: Country => "requested state",
    requesting_authority: Name => "requesting authority",
    legal_basis: Vec<LegalBasis> => "legal basis",
    area: ProgrammeArea => "programme area",
    parties: Vec<Party> => "parties",
    offences: Vec<Offence> => "offences",
    mla: MlaParticulars => "assistance requested",
    marking: HandlingMarking => "handling marking",
    ncnd: bool => "neither confirm nor deny",
    checklist: Vec<ChecklistItem> => "checklist",
    assurances: Vec<Assurance> => "assurances",
    hearings: Vec<Hearing> => "hearings",
    links: Vec<CaseLink> => "linked cases",
    notes: Vec<Note> => "notes",
    tasks: Vec<Task> => "tasks",
    tags: Vec<Name> => "tags",
    assigned_officer: Name => "assigned officer",
    asylum_claims: Vec<AsylumClaim> => "asylum claims",
    workstream: WorkstreamParticulars => "workstream particulars",
    outcomes: Outcomes => "outcomes",
    agreement: Option<crate::domain::ids::AgreementId> => "agreement",
}

impl DetailsEdit {
    /// What the edit did, in the officer's words: "Edited the case's summary and notes".
    pub(super) fn what(&self) -> String {
        let labels = self.labels();
        let fields = match labels.as_slice() {
            [] => return "Saved the case's details unchanged".into(),
            [one] => (*one).to_string(),
            [first @ .., last] => format!("{} and {last}", first.join(", ")),
        };
        format!("Edited the case's {fields}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::details::{Note, Urgency};
    use crate::domain::ids::RecordId;
    use chrono::NaiveDate;
    use uuid::Uuid;

    fn details() -> CaseDetails {
        let mut d = CaseDetails::new(Country::uk(), Country::pakistan());
        d.summary = "Before".into();
        d.tags = vec!["fraud".into()];
        d
    }

    #[test]
    fn an_edit_holds_only_the_changed_fields_and_lays_them_back_over_the_old_details() {
        let old = details();
        let mut new = old.clone();
        new.summary = "After".into();
        new.mla.urgency = Urgency::Urgent;
        new.notes.push(Note {
            id: RecordId(Uuid::from_u128(7)),
            written: NaiveDate::from_ymd_opt(2026, 12, 6).unwrap(),
            author: "A. Officer".into(),
            text: "Called the FIA".into(),
        });
        let edit = DetailsEdit::between(&old, &new);
        assert_eq!(edit.labels(), ["summary", "assistance requested", "notes"]);
        assert_eq!(edit.onto(&old), new);
        let text = ron::to_string(&edit).unwrap();
        assert!(
            !text.contains("fraud"),
            "an unchanged field is left out: {text}"
        );
        assert_eq!(ron::from_str::<DetailsEdit>(&text).unwrap(), edit);
        assert_eq!(
            edit.what(),
            "Edited the case's summary, assistance requested and notes"
        );
    }

    #[test]
    fn an_asylum_claim_recorded_is_journaled_and_laid_back() {
        use crate::domain::details::AsylumOutcome;
        let old = details();
        let mut new = old.clone();
        new.asylum_claims.push(AsylumClaim {
            id: RecordId(Uuid::from_u128(8)),
            made: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            outcome: AsylumOutcome::Pending,
            decided: None,
            note: String::new(),
        });
        let edit = DetailsEdit::between(&old, &new);
        assert_eq!(edit.labels(), ["asylum claims"]);
        let text = ron::to_string(&edit).unwrap();
        assert_eq!(ron::from_str::<DetailsEdit>(&text).unwrap().onto(&old), new);
    }

    /// An offence's text of the law, several lines, edited: journaled as the offences changed
    /// and laid back whole, line breaks and quotes as typed.
    #[test]
    fn an_offences_text_of_the_law_is_journaled_and_laid_back() {
        use crate::domain::details::{DeathPenalty, DualCriminality, Offence};
        let mut old = details();
        old.offences.push(Offence {
            id: RecordId(Uuid::from_u128(9)),
            description: "Murder".into(),
            area: ProgrammeArea::SeriousViolence,
            statute: "PPC s.302".into(),
            law_text: String::new(),
            max_penalty: "Death".into(),
            death_penalty: DeathPenalty::Available,
            equivalent_offence: "".into(),
            dual_criminality: DualCriminality::Satisfied,
        });
        let mut new = old.clone();
        new.offences[0].law_text =
            "Whoever commits qatl-i-amd shall be\n(a) punished with death as \"qisas\";".into();
        let edit = DetailsEdit::between(&old, &new);
        assert_eq!(edit.labels(), ["offences"]);
        let text = ron::to_string(&edit).unwrap();
        assert!(text.contains("law_text"), "{text}");
        assert_eq!(ron::from_str::<DetailsEdit>(&text).unwrap().onto(&old), new);
        // An entry written before the field was kept reads as no text of the law.
        let older = ron::to_string(&DetailsEdit::between(&details(), &old)).unwrap();
        assert!(!older.contains("law_text"), "{older}");
        assert_eq!(
            ron::from_str::<DetailsEdit>(&older)
                .unwrap()
                .onto(&details()),
            old
        );
    }

    #[test]
    fn an_edit_that_changes_nothing_is_empty_and_changes_nothing() {
        let old = details();
        let edit = DetailsEdit::between(&old, &old);
        assert_eq!(edit, DetailsEdit::default());
        assert_eq!(edit.onto(&old), old);
    }
}
