//! Rules the window and the command line both follow, kept here so that they follow the same
//! one: a transition detail read from text, the person a case is about, and a team folder's need
//! for the officer's name.

use super::*;
use crate::domain::dates::DateOrder;
use crate::domain::{Party, Role};

#[test]
fn a_detail_is_found_by_its_label_or_name_whatever_the_case_spaces_and_punctuation() {
    for name in [
        "Time of arrest",
        "time-of-arrest",
        "ArrestTime",
        " ARREST_TIME ",
    ] {
        assert_eq!(Detail::named(name), Some(Detail::ArrestTime), "{name}");
    }
    assert_eq!(
        Detail::named("Extradition hearing fixed for"),
        Some(Detail::FixedHearingDate)
    );
    assert_eq!(Detail::named("time of the arrest"), None);
    assert_eq!(Detail::named(""), None);
}

#[test]
fn a_detail_value_is_read_by_its_kind_and_errors_name_the_detail() {
    let today = d("2026-11-23");
    let parse = |detail, text: &str| DetailValue::parse(detail, text, DateOrder::DayMonth, today);
    assert_eq!(
        parse(Detail::Court, "  Westminster  "),
        Ok(DetailValue::Text("Westminster".into()))
    );
    assert_eq!(
        parse(Detail::FixedHearingDate, "1/3/2027"),
        Ok(DetailValue::Date(d("2027-03-01"))),
        "day first in the casebook's order"
    );
    assert_eq!(
        DetailValue::parse(
            Detail::FixedHearingDate,
            "1/3/2027",
            DateOrder::MonthDay,
            today
        ),
        Ok(DetailValue::Date(d("2027-01-03")))
    );
    assert_eq!(
        parse(Detail::ArrestTime, " 06:30 "),
        Ok(DetailValue::Time(
            chrono::NaiveTime::from_hms_opt(6, 30, 0).unwrap()
        ))
    );
    let time = parse(Detail::ArrestTime, "half six").unwrap_err();
    assert!(
        time.starts_with("Time of arrest: write the time as HH:MM"),
        "{time}"
    );
    let date = parse(Detail::FixedHearingDate, "soon").unwrap_err();
    assert!(
        date.starts_with("Extradition hearing fixed for: "),
        "{date}"
    );
    // A date the person was told of an order has happened: not after today.
    let told = parse(Detail::DatePersonTold, "2026-11-24").unwrap_err();
    assert!(
        told.starts_with("Date the person was told of the order: "),
        "{told}"
    );
    assert!(parse(Detail::DatePersonTold, "2026-11-23").is_ok());
}

#[test]
fn the_requested_person_is_the_first_subject_not_a_witness() {
    let mut fx = Fixture::open(CaseKind::Extradition, Direction::Incoming, OPENED);
    assert!(fx.book.requested_person(fx.case()).is_none());
    let [witness, subject, second] = [1, 2, 3].map(|n| PersonId(Uuid::from_u128(n)));
    for (id, name) in [
        (witness, "W. Witness"),
        (subject, "A. Khan"),
        (second, "B. Khan"),
    ] {
        fx.apply(Command::SavePerson(Box::new(Person::new(id, name))))
            .unwrap();
    }
    fx.update(|d| {
        d.parties = vec![
            Party {
                person: witness,
                role: Role::Witness,
            },
            Party {
                person: subject,
                role: Role::RequestedPerson,
            },
            Party {
                person: second,
                role: Role::Suspect,
            },
        ];
    });
    let named = fx.book.requested_person(fx.case()).map(|p| p.name.clone());
    assert_eq!(named.as_deref(), Some("A. Khan"));
}

#[test]
fn a_team_folder_needs_the_officer_s_name_and_the_casebook_refuses_one_without() {
    let mut fx = Fixture::open(CaseKind::Mla, Direction::Outgoing, OPENED);
    let folder = Some(std::path::PathBuf::from("/team"));
    let nameless = Settings {
        officer_name: "  ".into(),
        team_folder: folder.clone(),
        ..fx.book.settings.clone()
    };
    assert_eq!(
        nameless.team_folder_problem(),
        Some(CommandError::TeamFolderNeedsOfficer)
    );
    let before = fx.book.settings.clone();
    assert_eq!(
        fx.apply(Command::UpdateSettings(Box::new(nameless.clone()))),
        Err(CommandError::TeamFolderNeedsOfficer)
    );
    assert_eq!(fx.book.settings, before, "nothing changed");
    // Without a folder, no name is needed; with one and a name, it is set.
    let no_folder = Settings {
        team_folder: None,
        ..nameless.clone()
    };
    assert_eq!(no_folder.team_folder_problem(), None);
    let named = Settings {
        officer_name: "A. Shaw".into(),
        ..nameless.clone()
    };
    assert_eq!(named.team_folder_problem(), None);
    fx.apply(Command::UpdateSettings(Box::new(named))).unwrap();
    assert_eq!(fx.book.settings.team_folder, folder);
}

#[test]
fn a_casebook_already_sharing_without_a_name_still_changes_its_other_settings() {
    // Saved before the rule: the folder is set and the name is not.
    let mut fx = Fixture::open(CaseKind::Mla, Direction::Outgoing, OPENED);
    fx.book.settings.officer_name = String::new();
    fx.book.settings.team_folder = Some("/team".into());
    let other = Settings {
        officer_agency: "NCA".into(),
        ..fx.book.settings.clone()
    };
    let applied = fx.apply(Command::UpdateSettings(Box::new(other))).unwrap();
    assert_eq!(fx.book.settings.officer_agency, "NCA");
    fx.apply(applied.undo.unwrap()).unwrap();
    assert_eq!(fx.book.settings.officer_agency, "UKCA");
}
