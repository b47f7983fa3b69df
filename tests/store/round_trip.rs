//! Save then load gives back the same casebook, for generated casebooks with awkward text
//! (quotes, backslashes, newlines, control characters, any script).

use casedesk::domain::*;
use casedesk::store;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..24).prop_map(String::from_iter)
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (0i64..20_000).prop_map(|d| NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + Duration::days(d))
}

fn uuid() -> impl Strategy<Value = uuid::Uuid> {
    any::<u128>().prop_map(uuid::Uuid::from_u128)
}

fn status() -> impl Strategy<Value = Status> {
    let all: Vec<Status> = Workflow::ALL.iter().flat_map(|w| w.states()).collect();
    prop::sample::select(all)
}

fn person() -> impl Strategy<Value = Person> {
    (
        uuid(),
        text(),
        text(),
        prop::collection::vec(text(), 0..3),
        prop::option::of(date()),
        prop::collection::vec(text(), 0..3),
        (uuid(), prop::sample::select(DocumentKind::ALL), text()),
    )
        .prop_map(
            |(id, name, father, aliases, dob, addresses, (doc_id, kind, number))| {
                let mut p = Person::new(PersonId(id), name);
                p.father_name = father;
                p.aliases = aliases;
                p.date_of_birth = dob;
                p.addresses = addresses;
                p.nationalities = vec![Country::pakistan(), Country::uk()];
                p.documents = vec![IdentityDocument {
                    id: RecordId(doc_id),
                    kind,
                    number,
                    issued_by: Country::pakistan(),
                    source: None,
                }];
                p
            },
        )
}

fn event() -> impl Strategy<Value = Event> {
    let kind = prop_oneof![
        status().prop_map(|status| EventKind::Opened { status }),
        (
            status(),
            status(),
            text(),
            text(),
            date(),
            prop::option::of(text())
        )
            .prop_map(|(from, to, court, reason, review, override_reason)| {
                let mut details = Details::new();
                details.insert(Detail::Court, DetailValue::Text(court));
                details.insert(Detail::ReviewDate, DetailValue::Date(review));
                details.insert(Detail::ArrestTime, DetailValue::Time(NaiveTime::MIN));
                EventKind::Transition {
                    from,
                    to,
                    details,
                    reason: reason.into(),
                    documents: ["Note verbale 12/2026".into()].into(),
                    override_reason: override_reason.map(Into::into),
                    overridden: Default::default(),
                }
            }),
        (uuid(), status(), text()).prop_map(|(id, restores, reason)| EventKind::Correction {
            corrects: EventId(id),
            restores,
            reason: reason.into(),
        }),
        (uuid(), date(), text()).prop_map(|(id, new_due, reason)| EventKind::ClockExtended {
            clock: ClockKey::UkSosDecision,
            started_by: EventId(id),
            new_due,
            reason: reason.into(),
        }),
    ];
    (uuid(), date(), 0i64..4_000_000_000, text(), text(), kind).prop_map(
        |(id, effective, secs, officer, agency, kind)| Event {
            id: EventId(id),
            effective,
            recorded_at: DateTime::<Utc>::from_timestamp(secs, 0).unwrap(),
            officer: officer.into(),
            agency: agency.into(),
            kind,
        },
    )
}

fn case(people: Vec<PersonId>) -> impl Strategy<Value = Case> {
    (
        (uuid(), text(), status(), date(), text(), text()),
        prop::collection::vec(text(), 0..3),
        prop::collection::vec(event(), 1..5),
        (uuid(), text(), any::<bool>(), prop::option::of(date())),
    )
        .prop_map(
            move |((id, reference, status, opened, summary, note), tags, history, extra)| {
                let (record, statute, ncnd, required_by) = extra;
                let mut d = CaseDetails::new(Country::pakistan(), Country::uk());
                d.summary = summary;
                d.tags = tags.into_iter().map(Into::into).collect();
                d.ncnd = ncnd;
                d.mla.required_by = required_by;
                d.parties = people
                    .iter()
                    .map(|&person| Party {
                        person,
                        role: Role::RequestedPerson,
                    })
                    .collect();
                d.offences.push(Offence {
                    id: RecordId(record),
                    description: note.as_str().into(),
                    area: ProgrammeArea::Narcotics,
                    statute: statute.into(),
                    // Several lines, quotes and escapes: the fast writer and reader as `ron`.
                    law_text: note.clone(),
                    max_penalty: "Life".into(),
                    death_penalty: DeathPenalty::Available,
                    equivalent_offence: Default::default(),
                    dual_criminality: DualCriminality::Satisfied,
                });
                d.notes.push(Note {
                    id: RecordId(record),
                    written: opened,
                    author: "A. Officer".into(),
                    text: note,
                });
                let kind = match status.workflow() {
                    Workflow::MutualLegalAssistance => CaseKind::Mla,
                    _ => CaseKind::Extradition,
                };
                let direction = match status.workflow() {
                    Workflow::ExtraditionOutgoing => Direction::Outgoing,
                    _ => Direction::Incoming,
                };
                Case::from_parts_unchecked(
                    CaseId(id),
                    reference,
                    kind,
                    direction,
                    opened,
                    d,
                    status,
                    history,
                )
            },
        )
}

fn casebook() -> impl Strategy<Value = Casebook> {
    (prop::collection::vec(person(), 0..4), text(), text()).prop_flat_map(
        |(people, officer, agency)| {
            let ids: Vec<PersonId> = people.iter().map(|p| p.id).collect();
            prop::collection::vec(case(ids), 0..4).prop_map(move |cases| {
                let settings = Settings {
                    officer_name: officer.clone(),
                    officer_agency: agency.clone(),
                    ..Settings::default()
                };
                let agencies = vec![Agency {
                    id: AgencyId(uuid::Uuid::from_u128(1)),
                    name: agency.clone(),
                    country: Country::uk(),
                }];
                Casebook::from_parts(settings, cases, people.clone(), agencies, vec![])
            })
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn save_then_load_gives_back_the_same_casebook(book in casebook()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casebook.ron");
        store::save(&path, &book, "2026-11-23T10:00:00Z".parse().unwrap()).unwrap();
        let loaded = store::load(&path).unwrap();
        prop_assert_eq!(loaded, book);
    }
}

#[test]
fn a_demo_casebook_survives_a_round_trip_and_saves_to_the_same_bytes() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let book = casedesk::sample::generate(200, 7, today);
    let at: DateTime<Utc> = "2026-11-23T00:00:00Z".parse().unwrap();
    let text = store::serialize(&book, at).unwrap();
    let loaded = store::load_str(&text, std::path::Path::new("demo.ron")).unwrap();
    assert_eq!(loaded, book);
    assert_eq!(store::serialize(&loaded, at).unwrap(), text);
}
