use super::*;
use crate::domain::details::{CaseDetails, LegalBasis, Urgency};
use crate::domain::person::{DocumentKind, IdentityDocument};
use crate::domain::tests::{Fixture, d, mla};
use crate::domain::workflow::MlaState;
use crate::domain::{Command, Contact, ContactId, Country, PersonId, RecordId, Status};
use uuid::Uuid;

/// An outgoing MLA request with everything the letter of request needs.
pub(crate) fn complete_mla() -> Fixture {
    let mut fx = Fixture::ready(CaseKind::Mla, Direction::Outgoing, "2026-01-10");
    let person = PersonId(Uuid::from_u128(0x5B));
    let mut p = fx.book.person(person).cloned().expect("the subject");
    p.date_of_birth = Some(d("1980-04-01"));
    p.nationalities = vec![Country::pakistan()];
    fx.apply(Command::SavePerson(Box::new(p))).expect("saved");
    fx.apply(Command::SaveContact(officer())).expect("saved");
    fx.update(|c: &mut CaseDetails| {
        c.legal_basis = vec![LegalBasis::Uncac];
        c.assigned_officer = "A. Khan".into();
        c.mla.urgency = Urgency::Urgent;
        c.mla.required_by = Some(d("2026-03-01"));
        c.mla.required_by_reason = "Trial fixed for March".into();
        c.offences[0].law_text = PPC_302.into();
    });
    fx
}

/// The wording of the fixture's offence, PPC s.302, as a letter of request quotes it.
pub(crate) const PPC_302: &str = "Whoever commits qatl-i-amd shall, subject to the provisions of this Chapter, be\n(a) punished with death as qisas;\n(b) punished with death or imprisonment for life as ta'zir having regard to the facts and circumstances of the case, if the proof in either of the forms specified in section 304 is not available; or\n(c) punished with imprisonment of either description for a term which may extend to twenty-five years, where according to the Injunctions of Islam the punishment of qisas is not applicable.";

fn officer() -> Contact {
    Contact {
        id: ContactId(Uuid::from_u128(0xC0)),
        name: "A. Khan".into(),
        agency: None,
        role: "Liaison officer".into(),
        email: "a.khan@example.org".into(),
        phone: String::new(),
    }
}

fn needs_of(gaps: &[Gap]) -> Vec<Need> {
    gaps.iter().map(|g| g.need).collect()
}

#[test]
fn a_complete_request_lacks_nothing() {
    let fx = complete_mla();
    assert_eq!(check(&fx.book, fx.case(), DraftKind::MlaRequest), vec![]);
}

#[test]
fn a_bare_request_lacks_each_thing_the_letter_states() {
    let fx = Fixture::open(CaseKind::Mla, Direction::Outgoing, "2026-01-10");
    let gaps = check(&fx.book, fx.case(), DraftKind::MlaRequest);
    use Need::*;
    assert_eq!(
        needs_of(&gaps),
        [
            RequestingAuthority,
            LegalBasis,
            Subject,
            Facts,
            Offences,
            Assistance,
            Officer
        ]
    );
    assert_eq!(gaps[0].to_string(), "The requesting authority");
}

/// Each need, taken away from a complete case, is named, and nothing else is.
#[test]
fn each_need_is_named_when_its_record_falls_short() {
    type Edit = fn(&mut CaseDetails);
    let cases: [(Edit, Need, Option<&str>); 9] = [
        (
            |c| c.requesting_authority = "".into(),
            Need::RequestingAuthority,
            None,
        ),
        (|c| c.legal_basis.clear(), Need::LegalBasis, None),
        (|c| c.summary = " ".into(), Need::Facts, None),
        (
            |c| c.offences[0].statute = "".into(),
            Need::OffenceLaw,
            Some("offence 1"),
        ),
        (
            |c| c.offences[0].law_text = " \n ".into(),
            Need::OffenceText,
            Some("offence 1"),
        ),
        (
            |c| c.mla.assistance[1].description = "".into(),
            Need::AssistanceDetail,
            Some("item of assistance 2"),
        ),
        (|c| c.assigned_officer = "".into(), Need::Officer, None),
        (
            |c| c.assigned_officer = "B. Shah".into(),
            Need::Officer,
            None,
        ),
        (|c| c.parties.clear(), Need::Subject, None),
    ];
    for (edit, need, which) in cases {
        let mut fx = complete_mla();
        fx.update(edit);
        let gaps = check(&fx.book, fx.case(), DraftKind::MlaRequest);
        assert_eq!(
            gaps,
            vec![Gap {
                need,
                which: which.map(str::to_string)
            }],
            "{need:?}"
        );
    }
}

#[test]
fn a_person_is_identified_by_birth_or_document_and_nationality() {
    let mut fx = complete_mla();
    let person = PersonId(Uuid::from_u128(0x5B));
    let mut p = fx.book.person(person).cloned().expect("the subject");
    p.date_of_birth = None;
    fx.apply(Command::SavePerson(Box::new(p.clone())))
        .expect("saved");
    let gaps = check(&fx.book, fx.case(), DraftKind::MlaRequest);
    assert_eq!(needs_of(&gaps), [Need::SubjectIdentity]);
    assert_eq!(gaps[0].which.as_deref(), Some("Imran Khan Niazi"));
    p.documents = vec![IdentityDocument {
        id: RecordId(Uuid::from_u128(0xD0C)),
        kind: DocumentKind::Cnic,
        number: "35202-1234567-1".into(),
        issued_by: Country::pakistan(),
        source: None,
    }];
    fx.apply(Command::SavePerson(Box::new(p.clone())))
        .expect("saved");
    assert_eq!(check(&fx.book, fx.case(), DraftKind::MlaRequest), vec![]);
    p.nationalities.clear();
    fx.apply(Command::SavePerson(Box::new(p))).expect("saved");
    assert_eq!(
        needs_of(&check(&fx.book, fx.case(), DraftKind::MlaRequest)),
        [Need::SubjectIdentity]
    );
}

#[test]
fn a_chaser_needs_the_request_transmitted_and_standing() {
    let mut fx = complete_mla();
    assert_eq!(
        needs_of(&check(&fx.book, fx.case(), DraftKind::Chaser)),
        [Need::Transmitted]
    );
    fx.drive(&[
        mla(MlaState::InReview),
        mla(MlaState::Issued),
        mla(MlaState::Transmitted),
    ]);
    assert_eq!(check(&fx.book, fx.case(), DraftKind::Chaser), vec![]);
    let transmitted = fx.last_event().id;
    fx.apply(Command::Correct {
        case: fx.case,
        event: transmitted,
        reason: "Not sent after all".into(),
    })
    .expect("corrected");
    assert_eq!(
        needs_of(&check(&fx.book, fx.case(), DraftKind::Chaser)),
        [Need::Transmitted]
    );
}

#[test]
fn a_covering_letter_needs_penalties_and_enclosures() {
    let mut fx = Fixture::ready(CaseKind::Extradition, Direction::Outgoing, "2026-01-10");
    fx.update(|c| {
        c.legal_basis = vec![LegalBasis::PakistanDirection];
        c.assigned_officer = "B. Shah".into();
        c.offences[0].max_penalty = "".into();
        for item in &mut c.checklist {
            item.status = crate::domain::DocumentStatus::Requested;
        }
    });
    let gaps = check(&fx.book, fx.case(), DraftKind::CoveringLetter);
    assert_eq!(
        needs_of(&gaps),
        [
            Need::SubjectIdentity,
            Need::Penalty,
            Need::Enclosures,
            Need::Officer
        ]
    );
}

#[test]
fn each_document_is_for_its_own_cases() {
    let out_mla = Fixture::open(CaseKind::Mla, Direction::Outgoing, "2026-01-10");
    let in_ext = Fixture::open(CaseKind::Extradition, Direction::Incoming, "2026-01-10");
    let out_ext = Fixture::open(CaseKind::Extradition, Direction::Outgoing, "2026-01-10");
    use DraftKind::*;
    let table = [
        (MlaRequest, [true, false, false]),
        (CoveringLetter, [false, false, true]),
        (NoteVerbale, [true, false, true]),
        (Chaser, [true, false, true]),
        (Acknowledgement, [false, true, false]),
    ];
    for (kind, fits) in table {
        let got = [&out_mla, &in_ext, &out_ext].map(|fx| kind.suits(fx.case()).is_ok());
        assert_eq!(got, fits, "{kind:?}");
    }
    let why = Acknowledgement.suits(out_mla.case()).unwrap_err();
    assert!(why.contains("a request we received"), "{why}");
}

#[test]
fn codes_name_each_document_once() {
    // Each names a template file of its own.
    let mut codes: Vec<&str> = DraftKind::ALL.iter().map(|k| k.code()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), DraftKind::ALL.len());
}

#[test]
fn the_transmitted_state_is_named_by_its_code() {
    // `moved_to` finds states by code: the code the MLA table gives TRANSMITTED.
    assert_eq!(Status::Mla(MlaState::Transmitted).code(), "TRANSMITTED");
}

/// The letter of request names each offence whose wording is not recorded, and only those;
/// a covering letter encloses the law as a document instead (the checklist's "charges and the
/// law"), so it does not ask for the wording.
#[test]
fn a_letter_of_request_names_each_offence_without_its_text_of_the_law() {
    let mut fx = complete_mla();
    fx.update(|c| {
        let mut second = c.offences[0].clone();
        second.id = RecordId(Uuid::from_u128(0x0F2));
        second.description = "Attempted murder".into();
        second.statute = "PPC s.324".into();
        second.law_text = String::new();
        c.offences.push(second.clone());
        second.id = RecordId(Uuid::from_u128(0x0F3));
        c.offences.push(second);
    });
    let gaps = check(&fx.book, fx.case(), DraftKind::MlaRequest);
    let named: Vec<String> = gaps.iter().map(ToString::to_string).collect();
    assert_eq!(
        named,
        [
            "The text of the law of each offence (offence 2)",
            "The text of the law of each offence (offence 3)",
        ]
    );
    assert!(
        gaps.iter()
            .all(|g| g.need.source().contains("UKCA guidelines"))
    );
    assert!(
        !DraftKind::CoveringLetter
            .needs()
            .contains(&Need::OffenceText)
    );
}
