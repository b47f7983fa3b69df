//! The team folder: the colleagues' copies that bring changes are announced in a banner that
//! opens the merge review; a copy with nothing new is not; each save writes the officer's own
//! copy there.

use crate::merge::two_copies;
use crate::{finish_save, finish_transfer, type_into, window_on};
use casedesk::store;
use egui_kittest::kittest::Queryable;

#[test]
fn a_colleague_with_changes_is_announced_and_the_banner_opens_the_review() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    let (mut ours, theirs_path, _, second) = two_copies(dir.path());
    ours.settings.team_folder = Some(team.clone());
    // S. Qureshi's copy brings changes; J. Khan's holds nothing ours lacks.
    std::fs::copy(&theirs_path, team.join("s-qureshi-fia.ron")).unwrap();
    let mut same = ours.clone();
    same.settings.officer_name = "J. Khan".into();
    store::save(&team.join("j-khan-fia.ron"), &same, chrono::Utc::now()).unwrap();

    let (_, mut h) = window_on(dir.path(), &ours);
    finish_save(&mut h);
    h.get_by_label("1 colleague has changes:");
    h.get_by_label_contains("s-qureshi-fia.ron");
    assert!(h.query_by_label_contains("j-khan-fia.ron").is_none());

    h.get_by_label("Review…").click();
    h.run_steps(2);
    finish_transfer(&mut h);
    // Past the modal's fade-in, which ignores clicks.
    h.run_steps(8);
    h.get_by_label("Merge from s-qureshi-fia.ron");
    h.get_by_label("Take theirs for the rest").click();
    h.run_steps(2);
    h.get_by_label("Apply merge").click();
    h.run_steps(3);
    let merged = h.state().casebook().unwrap().clone();
    assert_eq!(
        merged.case(second).unwrap().details.requesting_authority,
        "FIA Lahore"
    );
    assert!(h.query_by_label("Review…").is_none(), "the banner is gone");

    // Saving writes our copy into the folder; the copies already read are not announced again.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    finish_save(&mut h);
    let own = team.join(store::own_copy_name(&merged.settings));
    assert_eq!(store::load(&own).unwrap(), merged);
    assert!(h.query_by_label("Review…").is_none());
}

#[test]
fn the_team_folder_is_set_and_cleared_from_the_file_menu() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("shared")).unwrap();
    let (mut ours, _, _, _) = two_copies(dir.path());
    ours.settings.officer_name = String::new();
    let (_, mut h) = window_on(dir.path(), &ours);
    let open_dialog = |h: &mut egui_kittest::Harness<'static, casedesk::app::CasedeskApp>| {
        h.get_by_label("File").click();
        h.run_steps(2);
        h.get_by_label("Team folder…").click();
        h.run_steps(8);
    };
    open_dialog(&mut h);
    type_into(&mut h, "Folder", "missing");
    h.get_by_label("Use this folder").click();
    h.run_steps(2);
    h.get_by_label_contains("There is no folder");
    h.get_by_label("Cancel").click();
    h.run_steps(3);
    assert_eq!(h.state().casebook().unwrap().settings.team_folder, None);

    open_dialog(&mut h);
    type_into(&mut h, "Folder", "shared");
    // Each officer's copy is named after them: no name, no copy.
    h.get_by_label("Use this folder").click();
    h.run_steps(2);
    h.get_by_label("Enter your name: your copy is named after you");
    type_into(&mut h, "Your name", "A. Shaw");
    h.get_by_label_contains("Your copy there: a-shaw-nca-international-liaison-");
    h.get_by_label("Use this folder").click();
    h.run_steps(3);
    let settings = h.state().casebook().unwrap().settings.clone();
    assert_eq!(settings.team_folder, Some(dir.path().join("shared")));
    assert_eq!(settings.officer_name, "A. Shaw");

    open_dialog(&mut h);
    h.get_by_label("Stop sharing").click();
    h.run_steps(3);
    assert_eq!(h.state().casebook().unwrap().settings.team_folder, None);
}

#[test]
fn an_unreachable_team_folder_is_named_in_the_status_line_and_the_casebook_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ours, _, _, _) = two_copies(dir.path());
    ours.settings.team_folder = Some(dir.path().join("unplugged-usb-stick"));
    let (path, mut h) = window_on(dir.path(), &ours);
    finish_save(&mut h);
    h.get_by_label_contains("The team folder");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    finish_save(&mut h);
    h.get_by_label_contains("Saved, but not to the team folder");
    assert_eq!(&store::load(&path).unwrap(), h.state().casebook().unwrap());
    assert!(!h.state().desk().unwrap().is_dirty());
}
