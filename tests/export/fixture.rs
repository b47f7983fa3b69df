//! The fixture case: an incoming extradition request for a person whose particulars Pakistan
//! supplied, with a witness whose particulars are ours, an internal note, a reason naming a
//! source, and a link to a neither-confirm-nor-deny case.

use casedesk::domain::person::{DocumentKind, IdentityDocument};
use casedesk::domain::workflow::IncomingState;
use casedesk::domain::{
    Assurance, AssuranceKind, CaseDetails, CaseId, CaseKind, CaseLink, Casebook, Command, Country,
    Ctx, DeathPenalty, Detail, DetailValue, Direction, DualCriminality, ExternalReference,
    IdSource, LegalBasis, LinkKind, Note, Offence, Party, Person, PersonId, ProgrammeArea,
    RecordId, ReferenceAuthority, Role, SeededIds, Settings, Source, Status, TransitionRequest,
};
use casedesk::export::ExportMeta;
use chrono::{DateTime, FixedOffset, NaiveDate};

/// Everything the partner and statistics profiles must not show: the witness's particulars
/// (ours, not the partner's), the internal note, the officer and the source in a reason.
pub const IDENTIFIERS: &[&str] = &[
    "Zainab Qureshī",
    "Zee Q",
    "14 Feb 1990",
    "PK7654321",
    "35202-7654321-9",
    "12 Rosebank Road",
    "HUMINT-7",
    "Hassan Malik",
    "Test Officer",
];
/// The requested person's particulars, supplied by the requesting state.
pub const PARTNER_SUPPLIED: &[&str] = &["Muhammad Imrān", "Abdul Rashīd", "61101-1111111-1"];
pub const NCND_REFERENCE: &str = "EI-2026-0002";

pub fn now() -> DateTime<FixedOffset> {
    "2026-03-20T10:00:00+05:00".parse().unwrap()
}

pub fn today() -> NaiveDate {
    now().date_naive()
}

pub fn meta() -> ExportMeta {
    ExportMeta {
        exported_at: now(),
        app_version: "test".into(),
        build: "abc1234567, built 2026-11-23".into(),
        recipient: "FIA Islamabad".into(),
    }
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn fixture() -> Casebook {
    let mut book = Casebook::new(Settings {
        officer_name: "Test Officer".into(),
        officer_agency: "UKCA".into(),
        ..Settings::default()
    });
    let mut ids = SeededIds::new(42);
    let apply = |book: &mut Casebook, ids: &mut SeededIds, command| {
        book.apply(command, &mut Ctx { now: now(), ids })
            .unwrap_or_else(|e| panic!("fixture: {e}"));
    };
    let mut imran = Person::new(PersonId(ids.next_uuid()), "Muhammad Imrān");
    imran.father_name = "Abdul Rashīd".into();
    imran.date_of_birth = Some(d("1984-07-09"));
    imran.nationalities = vec![Country::pakistan()];
    imran.source = Source::Partner;
    imran.documents.push(IdentityDocument {
        id: RecordId(ids.next_uuid()),
        kind: DocumentKind::Cnic,
        number: "61101-1111111-1".into(),
        issued_by: Country::pakistan(),
        source: None,
    });
    let mut zainab = Person::new(PersonId(ids.next_uuid()), "Zainab Qureshī");
    zainab.aliases = vec!["Zee Q".into()];
    zainab.date_of_birth = Some(d("1990-02-14"));
    zainab.nationalities = vec![Country::uk(), Country::pakistan()];
    zainab.addresses = vec!["12 Rosebank Road, Leeds LS3 1AB".into()];
    zainab.documents = vec![
        IdentityDocument {
            id: RecordId(ids.next_uuid()),
            kind: DocumentKind::Passport,
            number: "PK7654321".into(),
            issued_by: Country::uk(),
            source: None,
        },
        IdentityDocument {
            id: RecordId(ids.next_uuid()),
            kind: DocumentKind::Cnic,
            number: "35202-7654321-9".into(),
            issued_by: Country::pakistan(),
            source: None,
        },
    ];
    let (imran_id, zainab_id) = (imran.id, zainab.id);
    apply(&mut book, &mut ids, Command::SavePerson(Box::new(imran)));
    apply(&mut book, &mut ids, Command::SavePerson(Box::new(zainab)));

    let case = CaseId(ids.next_uuid());
    let ncnd = CaseId(ids.next_uuid());
    for (id, opened) in [(case, "2026-03-01"), (ncnd, "2026-03-02")] {
        apply(
            &mut book,
            &mut ids,
            Command::OpenCase {
                id,
                kind: CaseKind::Extradition,
                direction: Direction::Incoming,
                opened: d(opened),
                details: Box::new(CaseDetails::new(Country::pakistan(), Country::uk())),
            },
        );
    }
    let mut secret = book.case(ncnd).unwrap().details.clone();
    secret.ncnd = true;
    apply(
        &mut book,
        &mut ids,
        Command::UpdateCase {
            case: ncnd,
            details: Box::new(secret),
        },
    );

    let mut details = book.case(case).unwrap().details.clone();
    details.summary =
        "Heroin importation through Karachi; Zainab Qureshī saw the consignment loaded.".into();
    details.requesting_authority = "Ministry of Interior".into();
    details.area = ProgrammeArea::Narcotics;
    details.legal_basis = vec![LegalBasis::SpecialArrangement, LegalBasis::Vienna1988];
    details.parties = vec![
        Party {
            person: imran_id,
            role: Role::RequestedPerson,
        },
        Party {
            person: zainab_id,
            role: Role::Witness,
        },
    ];
    details.offences = vec![Offence {
        id: RecordId(ids.next_uuid()),
        description: "Conspiracy to supply heroin".into(),
        area: ProgrammeArea::Narcotics,
        statute: "CNSA 1997 s.9(c)".into(),
        law_text: String::new(),
        max_penalty: "Death, or imprisonment for life".into(),
        death_penalty: DeathPenalty::Available,
        equivalent_offence: "Misuse of Drugs Act 1971 s.4(3)".into(),
        dual_criminality: DualCriminality::Satisfied,
    }];
    details.external_references = vec![ExternalReference {
        id: RecordId(ids.next_uuid()),
        authority: ReferenceAuthority::Fia,
        value: "FIA/EXT/2026/77".into(),
    }];
    details.assurances = vec![Assurance {
        id: RecordId(ids.next_uuid()),
        kind: AssuranceKind::Speciality,
        requested: Some(d("2026-03-03")),
        received: None,
        accepted: None,
        note: String::new(),
    }];
    details.links = vec![CaseLink {
        case: ncnd,
        kind: LinkKind::Related,
    }];
    details.notes = vec![Note {
        id: RecordId(ids.next_uuid()),
        written: d("2026-03-04"),
        author: "Hassan Malik".into(),
        text: "Informant says the subject plans to travel".into(),
    }];
    apply(
        &mut book,
        &mut ids,
        Command::UpdateCase {
            case,
            details: Box::new(details),
        },
    );
    let text = |s: &str| DetailValue::Text(s.into());
    let mut request = TransitionRequest::new(
        Status::Incoming(IncomingState::PaRequested),
        d("2026-03-02"),
    )
    .with(Detail::UrgencyReason, text("Flight booked to Dubai"))
    .with(Detail::WarrantDetails, text("Lahore warrant 12/2026"));
    request.reason = "Tip-off from source HUMINT-7".into();
    apply(
        &mut book,
        &mut ids,
        Command::Transition {
            case,
            request: Box::new(request),
        },
    );
    let arrest =
        TransitionRequest::new(Status::Incoming(IncomingState::PaArrested), d("2026-03-05"))
            .with(
                Detail::ArrestTime,
                DetailValue::Time("06:30:00".parse().unwrap()),
            )
            .with(Detail::Court, text("Westminster Magistrates' Court"))
            .with(Detail::CustodyOrBail, text("Custody"));
    apply(
        &mut book,
        &mut ids,
        Command::Transition {
            case,
            request: Box::new(arrest),
        },
    );
    book
}
