//! The history of edits (issue 20): a summary edited in the case editor shows in the case's
//! history with its old and new value and who made it; a person's edit shows beside it and in
//! People.

use super::*;
use casedesk::app::request::View;
use casedesk::domain::{
    Agency, AgencyId, CaseDetails, CaseId, CaseKind, Command, Country, Ctx, Direction, Party,
    Person, PersonId, Role, SeededIds, Settings,
};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use uuid::Uuid;

const CASE: CaseId = CaseId(Uuid::from_u128(1));
const PERSON: PersonId = PersonId(Uuid::from_u128(2));

/// One incoming extradition case about one requested person.
fn fixture() -> Casebook {
    let mut book = Casebook::new(Settings {
        officer_name: "A. Officer".into(),
        ..Settings::default()
    });
    let mut ids = SeededIds::new(1);
    let mut ctx = Ctx {
        now: now(),
        ids: &mut ids,
    };
    book.apply(
        Command::SavePerson(Box::new(Person::new(PERSON, "Bilal Ahmed"))),
        &mut ctx,
    )
    .unwrap();
    let mut details = CaseDetails::new(Country::pakistan(), Country::uk());
    details.summary = "Murder, Lahore".into();
    details.parties.push(Party {
        person: PERSON,
        role: Role::RequestedPerson,
    });
    let open = Command::OpenCase {
        id: CASE,
        kind: CaseKind::Extradition,
        direction: Direction::Incoming,
        opened: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        details: Box::new(details),
    };
    book.apply(open, &mut ctx).unwrap();
    book
}

fn has_label(h: &Harness<'static, CasedeskApp>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

#[test]
fn an_edit_in_the_editor_shows_in_the_history_with_its_old_and_new_value() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut h) = window_on(dir.path(), &fixture());
    h.state_mut()
        .desk_mut()
        .unwrap()
        .register_mut()
        .select(CASE);
    h.run_steps(2);
    h.get_by_label("Case details").click();
    h.run_steps(2);
    h.get_by_label("Summary").focus();
    h.run_steps(1);
    h.key_combination_modifiers(Modifiers::COMMAND, &[Key::A]);
    h.get_by_label("Summary")
        .type_text("Murder and kidnapping, Lahore");
    h.run_steps(1);
    h.key_press(Key::Tab);
    h.run_steps(2);

    h.get_by_label("Status and deadlines").click();
    h.run_steps(2);
    assert!(has_label(&h, "Details edited: Summary"));
    assert!(has_label(
        &h,
        "Summary: \u{201c}Murder, Lahore\u{201d} → \u{201c}Murder and kidnapping, Lahore\u{201d}"
    ));
    assert!(has_label(&h, "· A. Officer"));
    // No person was edited yet: no section for them.
    assert!(!has_label(&h, "Changes to the people in this case"));

    // The requested person's father's name, added in People, shows beside the case's history.
    let mut person = h
        .state()
        .casebook()
        .unwrap()
        .person(PERSON)
        .unwrap()
        .clone();
    person.father_name = "Ahmed Din".into();
    h.state_mut()
        .desk_mut()
        .unwrap()
        .apply(Command::SavePerson(Box::new(person)))
        .unwrap();
    h.run_steps(2);
    assert!(has_label(&h, "Changes to the people in this case"));
    assert!(has_label(&h, "Person Bilal Ahmed edited: Father name"));
    assert!(has_label(
        &h,
        "Father name: added \u{201c}Ahmed Din\u{201d}"
    ));
}

#[test]
fn edits_of_agencies_and_contacts_show_under_them() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut h) = window_on(dir.path(), &fixture());
    let agency = Agency {
        id: AgencyId(Uuid::from_u128(7)),
        name: "FIA".into(),
        country: Country::pakistan(),
    };
    let desk = h.state_mut().desk_mut().unwrap();
    desk.apply(Command::SaveAgency(agency.clone())).unwrap();
    desk.apply(Command::SaveAgency(Agency {
        name: "FIA Lahore Zone".into(),
        ..agency
    }))
    .unwrap();
    desk.set_view(View::Agencies);
    h.run_steps(3);
    assert!(has_label(&h, "Changes to agencies and contacts"));
    assert!(has_label(&h, "Agency FIA Lahore Zone edited: Name"));
    assert!(has_label(
        &h,
        "Name: \u{201c}FIA\u{201d} → \u{201c}FIA Lahore Zone\u{201d}"
    ));
}
