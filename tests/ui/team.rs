//! The team folder: the copies that bring changes (colleagues', the officer's own from another
//! computer, a sync engine's conflict copy of the own file) are announced in a banner that
//! opens the merge review; a copy with nothing new is not; a merged conflict copy is offered
//! for removal; each save of the casebook bound to the folder writes its copy there.

use crate::merge::two_copies;
use crate::{finish_save, finish_transfer, here, now, now_utc, today, type_into, window_on};
use casedesk::domain::{Casebook, Command, Ctx, SeededIds};
use casedesk::store::{self, Installation};
use egui_kittest::kittest::Queryable;
use std::path::Path;

type Window = egui_kittest::Harness<'static, casedesk::app::CasedeskApp>;

/// `book` with the summary of its case at `index` changed, as made on `installation`.
fn edited(book: &Casebook, installation: &Installation, index: usize, summary: &str) -> Casebook {
    let mut book = book.clone();
    book.set_installation(installation.id);
    let case = book.cases()[index].id;
    let mut details = book.case(case).unwrap().details.clone();
    details.summary = summary.into();
    book.apply(
        Command::UpdateCase {
            case,
            details: Box::new(details),
        },
        &mut Ctx {
            now: now(),
            ids: &mut SeededIds::new(9),
        },
    )
    .unwrap();
    book
}

/// Reviews the first copy the banner announces and applies it.
fn review_and_apply(h: &mut Window) {
    h.get_by_label("Review…").click();
    h.run_steps(2);
    finish_transfer(h);
    // Past the modal's fade-in, which ignores clicks.
    h.run_steps(8);
    h.get_by_label("Apply merge").click();
    h.run_steps(3);
}

fn save(h: &mut Window) {
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    finish_save(h);
}

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
    store::save(&team.join("j-khan-fia.ron"), &same, now_utc()).unwrap();

    let (_, mut h) = window_on(dir.path(), &ours);
    finish_save(&mut h);
    h.get_by_label("1 copy in the team folder has changes:");
    h.get_by_label("S. Qureshi (FIA)");
    assert!(h.query_by_label_contains("J. Khan").is_none());

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

    // This casebook was never bound to the folder on this computer: its copy is not written
    // until the officer says it is the one to share from.
    let own = team.join(store::team::own_copy_name(
        &merged.settings,
        &here(dir.path()).installation,
    ));
    save(&mut h);
    assert!(!own.exists());
    h.get_by_label_contains("no casebook shares into it from this computer");
    h.get_by_label("Share from this casebook").click();
    h.run_steps(3);
    assert!(h.query_by_label("Share from this casebook").is_none());
    // Saving writes our copy into the folder; the copies already read are not announced again.
    save(&mut h);
    assert_eq!(store::load(&own).unwrap(), merged);
    assert!(h.query_by_label("Review…").is_none());
}

/// Issue 25: the banner names the officer's own copy from another computer and a sync
/// engine's conflict copy of the own file; both are merged like a colleague's, and the conflict
/// copy, once everything in it is saved, is removed when the officer says so.
#[test]
fn the_banner_names_an_own_second_computer_and_a_sync_conflict_copy() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    let mut ours = casedesk::sample::generate(3, 5, today());
    ours.settings.officer_name = "A. Shaw".into();
    ours.settings.team_folder = Some(team.clone());
    let mut laptop = here(dir.path()).installation;
    let path = dir.path().join("casebook.ron");
    laptop.bind(&team, &path).unwrap();
    // The officer's desktop, a computer of its own, wrote its copy.
    let mut desktop = Installation::in_dir_for(&dir.path().join("desktop"), "desktop-2").unwrap();
    let from_desktop = edited(&ours, &desktop, 1, "Passport seized (desktop)");
    store::team::write_team_copy(&team, &from_desktop, &mut desktop, now_utc(), None).unwrap();
    // Syncthing kept this computer's other version of its copy as a conflict copy.
    let conflict = team.join(format!(
        "{}.sync-conflict-20261124-101500-ABCDEFG.ron",
        store::team::own_copy_name(&ours.settings, &laptop).trim_end_matches(".ron")
    ));
    let from_conflict = edited(&ours, &laptop, 2, "Seen in Leeds (conflict copy)");
    store::save(&conflict, &from_conflict, now_utc()).unwrap();

    let (_, mut h) = window_on(dir.path(), &ours);
    finish_save(&mut h);
    h.get_by_label("2 copies in the team folder have changes:");
    h.get_by_label_contains("your copy from desktop-2");
    h.get_by_label_contains("a sync conflict copy of your copy (a-shaw-");
    review_and_apply(&mut h);
    review_and_apply(&mut h);
    let merged = h.state().casebook().unwrap().clone();
    let summaries: Vec<&str> = merged
        .cases()
        .iter()
        .map(|c| c.details.summary.as_str())
        .collect();
    assert_eq!(
        summaries[1..],
        ["Passport seized (desktop)", "Seen in Leeds (conflict copy)"]
    );
    assert!(h.query_by_label("Review…").is_none());

    // Saved, the conflict copy holds nothing more: offered for removal, and removed.
    save(&mut h);
    h.get_by_label("A sync conflict copy is merged:");
    h.get_by_label("Remove it").click();
    h.run_steps(3);
    assert!(!conflict.exists());
    assert!(h.query_by_label("Remove it").is_none());
    h.get_by_label_contains("Removed");
    assert!(Path::new(&team.join(store::team::own_copy_name(&merged.settings, &laptop))).exists());
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
    h.get_by_label_contains("on this computer: a-shaw-nca-international-liaison-");
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
    let stick = dir.path().join("unplugged-usb-stick");
    ours.settings.team_folder = Some(stick.clone());
    let mut installation = here(dir.path()).installation;
    installation
        .bind(&stick, &dir.path().join("casebook.ron"))
        .unwrap();
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
