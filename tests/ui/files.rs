//! Files: the welcome panel, saving, the unsaved-changes prompt, the journal and snapshots.

use super::*;
use casedesk::domain::{Casebook, Settings};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

#[test]
fn the_welcome_panel_starts_an_empty_casebook_and_ctrl_n_opens_a_case() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data").join("casebook.ron");
    let mut h = window(&path, true);
    h.run_steps(2);
    h.get_by_label("Explore the sample casebook");
    h.get_by_label("Start an empty casebook").click();
    h.run_steps(2);
    assert!(path.exists(), "the empty casebook was written");
    assert_eq!(h.state().casebook().unwrap().cases().len(), 0);

    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    type_into(
        &mut h,
        "Summary",
        "Heroin importation, Port Qasim to Felixstowe",
    );
    h.get_by_label("Create").click();
    h.run_steps(3);
    let book = h.state().casebook().unwrap();
    assert_eq!(book.cases().len(), 1);
    let case = &book.cases()[0];
    assert_eq!(case.reference, format!("EI-{}-0001", today().format("%Y")));
    assert_eq!(
        case.details.summary,
        "Heroin importation, Port Qasim to Felixstowe"
    );
    // The new case is selected and shown beside the register, in the full editor.
    h.get_by_label("Summary and references");
    assert!(h.query_all_by_label_contains(&case.reference).count() >= 2);
    assert!(h.state().desk().unwrap().is_dirty());
}

#[test]
fn the_sample_casebook_is_saved_to_its_own_file_and_labelled() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    let mut h = window(&path, true);
    h.run_steps(2);
    h.get_by_label("Explore the sample casebook").click();
    h.run_steps(2);
    assert!(
        !path.exists(),
        "the real casebook is not created by the sample"
    );
    assert!(dir.path().join("sample-casebook.ron").exists());
    let book = h.state().casebook().unwrap();
    assert!(book.settings.sample);
    assert!(book.cases().len() >= 100);
    h.get_by_label("Sample data: invented cases");
}

#[test]
fn save_writes_the_casebook_and_clears_the_unsaved_marker() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut h) = window_on(dir.path(), &Casebook::new(Settings::default()));
    new_case(&mut h);
    assert!(h.state().desk().unwrap().title().starts_with("● "));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(1);
    finish_save(&mut h);
    assert!(!h.state().desk().unwrap().is_dirty());
    assert!(!h.state().desk().unwrap().title().starts_with("● "));
    assert_eq!(casedesk::store::load(&path).unwrap().cases().len(), 1);
    // The version it replaced is kept as a snapshot.
    assert_eq!(casedesk::store::list_snapshots(&path).unwrap().len(), 1);
}

#[test]
fn a_running_save_says_how_many_cases_it_has_written() {
    let dir = tempfile::tempdir().unwrap();
    let book = casedesk::sample::generate(700, 3, today());
    let (path, mut h) = window_on(dir.path(), &book);
    new_case(&mut h);
    assert_eq!(h.state().desk().unwrap().save_progress(), None);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    // The frame that starts the save shows it until a later frame collects its result.
    h.run_steps(1);
    let (written, cases) = h
        .state()
        .desk()
        .unwrap()
        .save_progress()
        .expect("the save is running");
    assert_eq!(cases, 701);
    assert!(written <= cases);
    finish_save(&mut h);
    assert_eq!(h.state().desk().unwrap().save_progress(), None);
    assert_eq!(casedesk::store::load(&path).unwrap().cases().len(), 701);
}

/// The frame that takes the opened casebook from the background thread draws nothing of the
/// desk: the window must ask for the next frame itself, not wait for the mouse to move.
#[test]
fn the_desk_is_drawn_once_the_casebook_is_open_without_any_input() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    let book = casedesk::sample::generate(20, 1, today());
    casedesk::store::save(&path, &book, now_utc()).unwrap();
    let here = crate::here(dir.path());
    let app = CasedeskApp::open_here(path, false, clock(), Box::new(NoDialogs), here);
    let mut h = Harness::builder()
        .with_size([1500.0, 950.0])
        .build_ui_state(|ui, app: &mut CasedeskApp| app.frame_ui(ui), app);
    // Frames while the casebook is read, until the one that finds it open.
    let started = std::time::Instant::now();
    while h.state().desk().is_none() {
        assert!(
            started.elapsed().as_secs() < 30,
            "the casebook did not open"
        );
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let shown =
        |h: &Harness<'static, CasedeskApp>| h.query_all_by_label("Show in register").count();
    assert_eq!(shown(&h), 0);
    // From here on only the frames the window asks for.
    assert!(h.ctx.has_requested_repaint(), "the window waits for input");
    h.run_ok();
    assert!(shown(&h) > 0, "the dashboard is drawn");
}

#[test]
fn opening_another_casebook_with_unsaved_changes_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut h) = window_on(dir.path(), &Casebook::new(Settings::default()));
    let other = dir.path().join("other.ron");
    casedesk::store::save(&other, &Casebook::new(Settings::default()), now_utc()).unwrap();
    new_case(&mut h);

    // No native dialog here: the window asks for the path itself.
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run_steps(2);
    type_into(&mut h, "Path", "other.ron");
    h.get_by_label("OK").click();
    h.run_steps(3);
    h.get_by_label("Save changes to this casebook?");

    // Cancel keeps everything as it was.
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(h.query_by_label("Save changes to this casebook?").is_none());
    assert_eq!(h.state().casebook().unwrap().cases().len(), 1);

    // Save, then the other casebook opens.
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run_steps(2);
    type_into(&mut h, "Path", "other.ron");
    h.get_by_label("OK").click();
    h.run_steps(3);
    h.get_by_label("Save").click();
    h.run_steps(1);
    finish_save(&mut h);
    assert_eq!(casedesk::store::load(&path).unwrap().cases().len(), 1);
    assert_eq!(h.state().desk().unwrap().path(), other);
    assert_eq!(h.state().casebook().unwrap().cases().len(), 0);
}

#[test]
fn unsaved_work_is_journaled_at_once_and_offered_back_on_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut h) = window_on(dir.path(), &Casebook::new(Settings::default()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    type_into(&mut h, "Summary", "Recovered after a power cut");
    h.get_by_label("Create").click();
    h.run_steps(1);
    // On disk by the end of the frame that applied it; the casebook itself is untouched.
    let journal = casedesk::store::journal::journal_path(&path);
    assert!(journal.exists(), "no journal after the edit's frame");
    assert_eq!(
        casedesk::store::load(&path).unwrap().cases().len(),
        0,
        "the casebook itself is untouched"
    );
    // The window goes without saving, as in a crash.
    drop(h);

    let mut h = window(&path, false);
    h.run_steps(2);
    h.get_by_label("Restore unsaved work?");
    h.get_by_label_contains("made since this casebook was last saved");
    assert!(
        h.query_all_by_label_contains("Opened the case")
            .next()
            .is_some()
    );
    h.get_by_label("Restore").click();
    h.run_steps(2);
    let book = h.state().casebook().unwrap();
    assert_eq!(book.cases().len(), 1);
    assert_eq!(
        book.cases()[0].details.summary,
        "Recovered after a power cut"
    );
    assert!(
        h.state().desk().unwrap().is_dirty(),
        "restored work still needs saving"
    );
}

#[test]
fn a_snapshot_is_previewed_and_restored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    let mut old = Casebook::new(Settings::default());
    old.settings.officer_name = "Before".into();
    casedesk::store::save(&path, &old, "2026-01-01T09:00:00Z".parse().unwrap()).unwrap();
    let mut new = old.clone();
    new.settings.officer_name = "After".into();
    casedesk::store::save(&path, &new, "2026-01-02T09:00:00Z".parse().unwrap()).unwrap();

    let mut h = window(&path, false);
    h.run_steps(2);
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Snapshots…").click();
    h.run_steps(2);
    h.get_by_label_contains("02 Jan 2026 09:00:00 UTC").click();
    h.run_steps(2);
    h.get_by_label("This snapshot holds 0 cases, 0 people.");
    h.get_by_label("Restore this snapshot").click();
    h.run_steps(2);
    assert_eq!(
        h.state().casebook().unwrap().settings.officer_name,
        "Before"
    );
    assert_eq!(
        casedesk::store::load(&path).unwrap().settings.officer_name,
        "Before"
    );
    assert!(!h.state().desk().unwrap().is_dirty());
}

#[test]
fn open_recent_goes_back_to_an_earlier_casebook() {
    let dir = tempfile::tempdir().unwrap();
    let (first, mut h) = window_on(dir.path(), &Casebook::new(Settings::default()));
    let mut second_book = Casebook::new(Settings::default());
    second_book.settings.officer_name = "Second".into();
    casedesk::store::save(&dir.path().join("second.ron"), &second_book, now_utc()).unwrap();
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run_steps(2);
    type_into(&mut h, "Path", "second.ron");
    h.get_by_label("OK").click();
    h.run_steps(3);
    h.state_mut().wait_until_open();
    h.run_steps(2);
    assert_eq!(
        h.state().casebook().unwrap().settings.officer_name,
        "Second"
    );
    assert_eq!(h.state().recent()[1], first);

    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Open recent").hover();
    h.run_steps(3);
    h.get_by_label(first.to_str().unwrap()).click();
    h.run_steps(3);
    h.state_mut().wait_until_open();
    h.run_steps(1);
    assert_eq!(h.state().desk().unwrap().path(), first);
    assert_eq!(h.state().casebook().unwrap().settings.officer_name, "");
}

#[test]
fn a_failed_save_is_reported_and_the_work_kept_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("share");
    std::fs::create_dir(&folder).unwrap();
    let (_, mut h) = window_on(&folder, &Casebook::new(Settings::default()));
    new_case(&mut h);
    // The shared folder disappears behind the app's back (a USB stick pulled out).
    std::fs::remove_dir_all(&folder).unwrap();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(2);
    h.get_by_label("The casebook file is gone");
    h.get_by_label("Save it here again").click();
    h.run_steps(1);
    finish_save(&mut h);
    assert!(
        h.query_all_by_label_contains(
            "Could not write the casebook: the folder is no longer there."
        )
        .next()
        .is_some()
    );
    h.get_by_label("Your changes are still here: try Save as…");
    let desk = h.state().desk().unwrap();
    assert!(desk.is_dirty());
    assert_eq!(desk.book().cases().len(), 1);
    assert!(!folder.exists(), "no partial file or folder was created");

    // Save as… is right there, and keeps the work somewhere else.
    h.get_by_label("Save as…").click();
    h.run_steps(3);
    type_into(
        &mut h,
        "Path",
        &dir.path().join("kept.ron").display().to_string(),
    );
    h.get_by_label("OK").click();
    h.run_steps(1);
    finish_save(&mut h);
    let kept = casedesk::store::load(&dir.path().join("kept.ron")).unwrap();
    assert_eq!(kept.cases().len(), 1);
    assert!(!h.state().desk().unwrap().is_dirty());
    assert!(h.query_by_label_contains("Could not write").is_none());
}

#[test]
fn a_casebook_that_breaks_the_rules_opens_with_its_problems_named() {
    let dir = tempfile::tempdir().unwrap();
    let book = casedesk::sample::generate(5, 1, today());
    // The stored status says surrendered, but the history does not lead there.
    let mut cases = book.cases().to_vec();
    let c = cases.remove(0);
    let broken = casedesk::domain::Case::from_parts_unchecked(
        c.id,
        c.reference.clone(),
        c.kind,
        c.direction,
        c.opened,
        c.details.clone(),
        casedesk::domain::Status::Incoming(casedesk::domain::workflow::IncomingState::Surrendered),
        c.history().to_vec(),
    );
    cases.insert(0, broken);
    let book = Casebook::from_parts(
        book.settings.clone(),
        cases,
        book.people().to_vec(),
        vec![],
        vec![],
    );
    let (path, mut h) = window_on(dir.path(), &book);
    h.run_steps(1);
    // Read-only, saying why, with the problem named case by case.
    h.get_by_label("Read-only: changes can only be kept with Save as…");
    h.get_by_label("It breaks the rules in 1 place.");
    h.get_by_label("The problems, case by case").click();
    h.run_steps(2);
    h.get_by_label_contains(&format!(
        "{} Status: The status is SURRENDERED but the history leads to",
        c.reference
    ));
    let before = std::fs::read(&path).unwrap();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(2);
    h.get_by_label_contains("This casebook is read-only: It breaks the rules");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "a read-only casebook was saved"
    );

    // The repair is unambiguous (the history is sound): it is offered, and applied only on
    // request.
    h.get_by_label("What repairing changes").click();
    h.run_steps(2);
    h.get_by_label_contains(&format!(
        "{}: set the status from SURRENDERED to",
        c.reference
    ));
    h.get_by_label("Repair").click();
    h.run_steps(2);
    assert!(
        h.query_by_label("Read-only: changes can only be kept with Save as…")
            .is_none()
    );
    // A repair is no command the journal could hold: it is saved at once.
    finish_save(&mut h);
    assert!(!h.state().desk().unwrap().is_dirty());
    let saved = casedesk::store::load(&path).unwrap();
    assert!(casedesk::domain::check::check_casebook(&saved, today()).is_empty());
    assert_eq!(saved.case(c.id).unwrap().status(), c.status());
    // The file as it was is the newest snapshot (compressed: the same casebook).
    let newest = casedesk::store::list_snapshots(&path).unwrap().remove(0);
    let was = casedesk::store::open_bytes(&before, &path, None).unwrap();
    let kept = casedesk::store::open(&newest.path, None).unwrap();
    assert_eq!((kept.book, kept.integrity), (was.book, was.integrity));
}

#[test]
fn a_file_that_does_not_parse_is_shown_with_its_position_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    let text = "(format: \"casedesk-casebook\", schema_version: 1,\n saved_at: tomorrow)\n";
    std::fs::write(&path, text).unwrap();
    let mut h = window(&path, false);
    h.run_steps(2);
    h.get_by_label("This casebook could not be opened");
    h.get_by_label_contains("casebook.ron:2:");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn saving_over_a_file_changed_elsewhere_asks_first_and_keeps_the_other_version() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut h) = window_on(dir.path(), &Casebook::new(Settings::default()));
    // Meanwhile the command line adds a case to the same file.
    let mut theirs = Casebook::new(Settings::default());
    theirs.settings.officer_name = "Command line".into();
    let later =
        std::fs::metadata(&path).unwrap().modified().unwrap() + std::time::Duration::from_secs(2);
    casedesk::store::save(&path, &theirs, now_utc()).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(later)
        .unwrap();

    new_case(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(3);
    h.get_by_label("The casebook changed on disk");
    assert_eq!(
        casedesk::store::load(&path).unwrap().settings.officer_name,
        "Command line"
    );
    h.get_by_label("Save anyway").click();
    h.run_steps(1);
    finish_save(&mut h);
    assert_eq!(casedesk::store::load(&path).unwrap().cases().len(), 1);
    // The other version is the newest snapshot.
    let newest = casedesk::store::list_snapshots(&path).unwrap().remove(0);
    assert_eq!(
        casedesk::store::load(&newest.path)
            .unwrap()
            .settings
            .officer_name,
        "Command line"
    );
    // Saving again asks nothing: the desk wrote the file it knows.
    new_case(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(1);
    finish_save(&mut h);
    assert!(h.query_by_label("The casebook changed on disk").is_none());
    assert_eq!(casedesk::store::load(&path).unwrap().cases().len(), 2);
}
