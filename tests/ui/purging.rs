//! Purging removed attachments' files while another file is being stored (issue 21). A file
//! being stored is no attachment's until its event is recorded, so it looks unused: the
//! window refuses the purge while the work runs, and the store refuses it until the stored
//! file's event is recorded, even in the frame the work ends. The Purge button is reached
//! as a screen reader reaches it, under the progress dialog.

use super::*;
use casedesk::domain::attachment;
use casedesk::store::attachments::folder;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A window on the sample with its first case's Attachments tab open, a file attached and
/// removed again, and "Purge removed files…" asked: returns the casebook, the case's
/// reference and where the removed file is kept.
fn purge_asked(dir: &Path) -> (PathBuf, String, PathBuf, Harness<'static, CasedeskApp>) {
    std::fs::write(dir.join("draft.txt"), b"a wrong file").unwrap();
    let book = casedesk::sample::generate(6, 4, today());
    let (casebook, mut h) = window_on(dir, &book);
    let reference = h.state().desk().unwrap().register().visible_references()[0].to_string();
    h.get_by_label(&reference).click();
    h.run_steps(4);
    h.get_by_label("Attachments").click();
    h.run_steps(4);
    type_into(&mut h, "File to attach", "draft.txt");
    h.get_by_label("Attach").click();
    h.run_steps(2);
    finish_transfer(&mut h);
    h.get_by_label("Remove draft.txt").click();
    h.run_steps(2);
    h.get_by_label("Remove").click();
    h.run_steps(2);
    let removed = folder(&casebook).join(blake3::hash(b"a wrong file").to_hex().to_string());
    assert!(removed.is_file());
    h.get_by_label("Purge removed files…").click();
    h.run_steps(2);
    h.get_by_label("Purge");
    (casebook, reference, removed, h)
}

/// Starts attaching `name` (beside the casebook) by its typed path: the work begins at the
/// end of the frame.
fn start_attaching(h: &mut Harness<'static, CasedeskApp>, name: &str) {
    type_into(h, "File to attach", name);
    h.get_by_label("Attach").click();
    h.step();
}

fn notice(h: &Harness<'static, CasedeskApp>) -> String {
    h.state().desk().unwrap().notice().unwrap().text.clone()
}

fn attached(h: &Harness<'static, CasedeskApp>, reference: &str) -> Vec<String> {
    let book = h.state().casebook().unwrap();
    let case = book.case_by_reference(reference).unwrap();
    attachment::current(case)
        .map(|a| a.name.to_string())
        .collect()
}

#[test]
fn purging_is_refused_while_a_file_is_being_stored() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let (casebook, reference, removed, mut h) = purge_asked(dir.path());
    // Large enough to be still storing a few frames on.
    std::fs::File::create(dir.path().join("scans.tif"))
        .unwrap()
        .set_len(256 << 20)
        .unwrap();
    start_attaching(&mut h, "scans.tif");
    assert!(!h.state().desk().unwrap().transfers().is_idle());

    h.get_by_label("Purge").click_accesskit();
    h.step();
    assert!(!h.state().desk().unwrap().transfers().is_idle());
    assert_eq!(
        notice(&h),
        "Wait for the work under way to finish, then purge"
    );
    assert!(removed.is_file());

    finish_transfer(&mut h);
    assert_eq!(attached(&h, &reference), ["scans.tif"]);
    // Once the file is attached, the purge deletes only the removed file.
    h.get_by_label("Purge removed files…").click();
    h.run_steps(2);
    h.get_by_label("Purge").click();
    h.run_steps(2);
    assert!(!removed.exists());
    assert!(notice(&h).starts_with("Purged 1 file"), "{}", notice(&h));
    let book = h.state().casebook().unwrap();
    let case = book.case_by_reference(&reference).unwrap();
    let scans = attachment::current(case).next().unwrap();
    let kept = folder(&casebook).join(scans.hash);
    assert_eq!(std::fs::metadata(kept).unwrap().len(), 256 << 20);
}

/// The work ends and the purge is asked in the same frame: the work is over, but the file it
/// stored is not recorded yet when the purge comes. It is not purged.
#[test]
fn a_file_stored_but_not_yet_recorded_is_not_purged_in_the_frame_its_work_ends() {
    let dir = tempfile::tempdir().unwrap();
    let (casebook, reference, removed, mut h) = purge_asked(dir.path());
    std::fs::write(dir.path().join("second.txt"), b"the right file").unwrap();
    let second = folder(&casebook).join(blake3::hash(b"the right file").to_hex().to_string());
    start_attaching(&mut h, "second.txt");
    // Stored by the work's thread, and its result sent, while no frame runs.
    let started = Instant::now();
    while !second.is_file() {
        assert!(started.elapsed() < Duration::from_secs(60), "not stored");
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(300));

    h.get_by_label("Purge").click_accesskit();
    h.step();
    h.run_steps(2);
    assert!(h.state().desk().unwrap().transfers().is_idle());
    assert_eq!(attached(&h, &reference), ["second.txt"]);
    assert!(second.is_file(), "the file just attached was purged");
    assert!(removed.is_file());
    let said = notice(&h);
    assert!(said.contains("a file is being attached"), "{said}");
}
