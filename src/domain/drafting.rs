//! Drafting the documents officers write from a case (`docs/drafting.md`): which documents
//! there are, which cases each is for, and what each needs from the case before it can be
//! drafted whole. The completeness check is pure; the letters themselves are merged from
//! templates by `export::draft`, which shows every gap named here as a visible placeholder.

use super::case::Case;
use super::casebook::Casebook;
use super::corrections::voided;
use super::details::{CaseKind, Direction};
pub use super::drafted::{DraftKind, Drafted};
use super::event::{Event, EventKind};
use super::person::Contact;
use std::fmt;

impl DraftKind {
    /// What the case must record for this document (`docs/drafting.md` §§2–6).
    pub fn needs(self) -> &'static [Need] {
        use Need::*;
        match self {
            // UNCAC art. 46(15) (a)–(f) and the UK Central Authority's guidelines: §2.
            DraftKind::MlaRequest => &[
                RequestingAuthority,
                LegalBasis,
                Subject,
                SubjectIdentity,
                Facts,
                Offences,
                OffenceLaw,
                OffenceText,
                Assistance,
                AssistanceDetail,
                Officer,
            ],
            // §3: what the requested state's authorities need to open the file.
            DraftKind::CoveringLetter => &[
                RequestingAuthority,
                LegalBasis,
                Subject,
                SubjectIdentity,
                Facts,
                Offences,
                OffenceLaw,
                Penalty,
                Enclosures,
                Officer,
            ],
            // §4: the diplomatic note that carries a request.
            DraftKind::NoteVerbale => &[RequestingAuthority, LegalBasis, Subject],
            // §5: what the partner needs to find the request chased.
            DraftKind::Chaser => &[Subject, Transmitted, Officer],
            // §6: what tells the partner their request arrived and under which reference.
            DraftKind::Acknowledgement => &[RequestingAuthority, Subject, TheirReference, Officer],
        }
    }

    /// Whether this document is one `case` can have; why not otherwise (`docs/drafting.md`
    /// §1). Not a gap: no confirmation makes a request letter of an incoming case.
    pub fn suits(self, case: &Case) -> Result<(), String> {
        let outgoing = case.direction == Direction::Outgoing;
        let (fits, wants) = match self {
            DraftKind::MlaRequest => (
                case.kind == CaseKind::Mla && outgoing,
                "an outgoing MLA request",
            ),
            DraftKind::CoveringLetter => (
                case.kind == CaseKind::Extradition && outgoing,
                "an outgoing extradition request",
            ),
            DraftKind::NoteVerbale | DraftKind::Chaser => (outgoing, "a request we make"),
            DraftKind::Acknowledgement => (!outgoing, "a request we received"),
        };
        if fits {
            Ok(())
        } else {
            Err(format!(
                "A {} is drafted for {wants}; {} is {} {}",
                self.label().to_lowercase(),
                case.reference,
                case.direction.label().to_lowercase(),
                case.kind.label()
            ))
        }
    }
}

/// One thing a document needs from the case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    RequestingAuthority,
    LegalBasis,
    /// A person concerned: the requested person, suspect or account holder.
    Subject,
    /// Their identity: a date of birth or an identity document, and a nationality.
    SubjectIdentity,
    Facts,
    Offences,
    /// Each offence's provision of law.
    OffenceLaw,
    /// The wording of each offence's provision: the requested state reads the law itself to
    /// judge dual criminality.
    OffenceText,
    /// Each offence's maximum penalty.
    Penalty,
    Assistance,
    /// Each item of assistance described: what exactly, and for what.
    AssistanceDetail,
    /// The documents that go with the request.
    Enclosures,
    /// The officer to contact.
    Officer,
    /// The other side's reference for their request.
    TheirReference,
    /// The day the request was transmitted.
    Transmitted,
}

impl Need {
    /// What the case lacks when this need is not met, in the officer's words.
    pub fn lacks(self) -> &'static str {
        match self {
            Need::RequestingAuthority => "the requesting authority",
            Need::LegalBasis => "the legal basis of the request",
            Need::Subject => "a person concerned (requested person, suspect or account holder)",
            Need::SubjectIdentity => {
                "the person's identity: a date of birth or an identity document, and a nationality"
            }
            Need::Facts => "the summary of facts",
            Need::Offences => "an offence",
            Need::OffenceLaw => "the provision of law of each offence (e.g. PPC s.302)",
            Need::OffenceText => "the text of the law of each offence",
            Need::Penalty => "the maximum penalty of each offence",
            Need::Assistance => "the assistance sought",
            Need::AssistanceDetail => {
                "a description of each item of assistance (what, and for what)"
            }
            Need::Enclosures => "a document received for the file to go with the request",
            Need::Officer => {
                "the officer dealing with the case, with an e-mail or telephone (a contact of the same name)"
            }
            Need::TheirReference => "the requesting authority's reference",
            Need::Transmitted => "the day the request was transmitted (a move to TRANSMITTED)",
        }
    }

    /// The merge field (`export::draft::fields`) that shows a placeholder while it is missing.
    pub fn field(self) -> &'static str {
        match self {
            Need::RequestingAuthority => "requesting_authority",
            Need::LegalBasis => "legal_basis",
            Need::Subject => "subject_names",
            Need::SubjectIdentity => "persons",
            Need::Facts => "facts",
            Need::Offences | Need::OffenceLaw | Need::Penalty => "offences",
            Need::OffenceText => "offences_law",
            Need::Assistance | Need::AssistanceDetail => "assistance",
            Need::Enclosures => "enclosures",
            Need::Officer => "officer_contact",
            Need::TheirReference => "their_reference",
            Need::Transmitted => "transmitted_on",
        }
    }

    /// Where the rule comes from, in `docs/drafting.md`.
    pub fn source(self) -> &'static str {
        match self {
            Need::RequestingAuthority => "UNCAC art. 46(15)(a); docs/drafting.md §2",
            Need::LegalBasis => "UKCA guidelines; docs/drafting.md §2",
            Need::Subject | Need::SubjectIdentity => "UNCAC art. 46(15)(e); docs/drafting.md §2",
            Need::Facts => "UNCAC art. 46(15)(b)–(c); docs/drafting.md §2",
            Need::Offences | Need::OffenceLaw => {
                "UKCA guidelines (offences with the law); docs/drafting.md §2"
            }
            Need::OffenceText => {
                "UKCA guidelines (offences with the law); MLA treaties (the relevant laws); docs/drafting.md §2"
            }
            Need::Penalty => "EA 2003 s.137/138 dual criminality; docs/drafting.md §3",
            Need::Assistance | Need::AssistanceDetail => {
                "UNCAC art. 46(15)(d), (f); docs/drafting.md §2"
            }
            Need::Enclosures => "docs/drafting.md §3",
            Need::Officer => "UKCA guidelines (contacts); docs/drafting.md §2",
            Need::TheirReference => "docs/drafting.md §6",
            Need::Transmitted => "docs/drafting.md §5",
        }
    }
}

/// Something a document needs that the case does not record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gap {
    pub need: Need,
    /// Which record falls short, when one does: "offence 2".
    pub which: Option<String>,
}

impl fmt::Display for Gap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lacks = self.need.lacks();
        let lacks = lacks[..1].to_uppercase() + &lacks[1..];
        match &self.which {
            Some(which) => write!(f, "{lacks} ({which})"),
            None => f.write_str(&lacks),
        }
    }
}

/// What `case` lacks for `kind`, in the order of the document's needs (`docs/drafting.md`).
pub fn check(book: &Casebook, case: &Case, kind: DraftKind) -> Vec<Gap> {
    let mut gaps = Vec::new();
    for &need in kind.needs() {
        for which in lacking(book, case, need) {
            gaps.push(Gap { need, which });
        }
    }
    gaps
}

/// The records of `case` that fall short of `need`: `None` for the case as a whole.
fn lacking(book: &Casebook, case: &Case, need: Need) -> Vec<Option<String>> {
    let d = &case.details;
    let whole = |missing: bool| if missing { vec![None] } else { Vec::new() };
    let each = |names: Vec<String>| names.into_iter().map(Some).collect();
    let subjects: Vec<_> = subjects(case).collect();
    match need {
        Need::RequestingAuthority => whole(d.requesting_authority.trim().is_empty()),
        Need::LegalBasis => whole(d.legal_basis.is_empty()),
        Need::Subject => whole(
            subjects
                .iter()
                .filter_map(|&id| book.person(id))
                .all(|p| p.name.trim().is_empty()),
        ),
        Need::SubjectIdentity => each(
            subjects
                .iter()
                .filter_map(|&id| book.person(id))
                .filter(|p| {
                    let identified = p.date_of_birth.is_some() || !p.documents.is_empty();
                    !identified || p.nationalities.is_empty()
                })
                .map(|p| p.name.clone())
                .collect(),
        ),
        Need::Facts => whole(d.summary.trim().is_empty()),
        Need::Offences => whole(d.offences.is_empty()),
        Need::OffenceLaw => each(numbered(&d.offences, "offence", |o| o.statute.is_empty())),
        Need::OffenceText => each(numbered(&d.offences, "offence", |o| {
            o.law_text.trim().is_empty()
        })),
        Need::Penalty => each(numbered(&d.offences, "offence", |o| {
            o.max_penalty.is_empty()
        })),
        Need::Assistance => whole(d.mla.assistance.is_empty()),
        Need::AssistanceDetail => each(numbered(&d.mla.assistance, "item of assistance", |a| {
            a.description.trim().is_empty()
        })),
        Need::Enclosures => whole(!d.checklist.iter().any(|i| is_enclosed(i.status))),
        Need::Officer => whole(officer_contact(book, case).is_none()),
        Need::TheirReference => whole(
            !d.external_references
                .iter()
                .any(|r| !r.value.trim().is_empty()),
        ),
        Need::Transmitted => whole(moved_to(case, "TRANSMITTED").is_none()),
    }
}

/// "offence 2" for each record of `list` (counted from 1) that `short` finds short.
fn numbered<T>(list: &[T], what: &str, short: impl Fn(&T) -> bool) -> Vec<String> {
    (list.iter().enumerate())
        .filter(|(_, r)| short(r))
        .map(|(n, _)| format!("{what} {}", n + 1))
        .collect()
}

/// The people a letter is about: requested persons, suspects and account holders.
pub fn subjects(case: &Case) -> impl Iterator<Item = super::ids::PersonId> + '_ {
    use super::details::Role;
    case.details
        .parties
        .iter()
        .filter(|p| {
            matches!(
                p.role,
                Role::RequestedPerson | Role::Suspect | Role::AccountHolder
            )
        })
        .map(|p| p.person)
}

/// The contact (People → Contacts) of the officer dealing with `case`, by name, when it says
/// how to reach them: the letter's point of contact.
pub fn officer_contact<'a>(book: &'a Casebook, case: &Case) -> Option<&'a Contact> {
    let officer = case.details.assigned_officer.trim();
    (!officer.is_empty())
        .then(|| {
            book.contacts().iter().find(|c| {
                c.name.trim().eq_ignore_ascii_case(officer)
                    && !(c.email.trim().is_empty() && c.phone.trim().is_empty())
            })
        })
        .flatten()
}

/// Whether a checklist document in this state goes with the request: it is in hand.
pub fn is_enclosed(status: super::details::DocumentStatus) -> bool {
    use super::details::DocumentStatus::*;
    matches!(status, Received | Verified)
}

/// The last move of `case` to the state with `code` (e.g. `TRANSMITTED`) that stands (not
/// corrected).
pub fn moved_to<'a>(case: &'a Case, code: &str) -> Option<&'a Event> {
    let void = voided(case.history());
    case.history().iter().rev().find(|e| {
        !void.contains(&e.id)
            && matches!(&e.kind, EventKind::Transition { to, .. } if to.code() == code)
    })
}

#[cfg(test)]
pub(crate) mod tests;
