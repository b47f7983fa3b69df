//! Attachments in the window (issue 21): attach by a typed path and by dropping a file on the
//! window, open (checked first), remove, and the bundle for the counterpart; a file of 1 GiB
//! stored while the window keeps drawing frames.

use super::*;
use casedesk::domain::EventKind;
use casedesk::domain::attachment;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A file dropped on the window, as the platform hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_file(h: &mut Harness<'static, CasedeskApp>, path: &Path) {
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(path.to_path_buf())));
    h.run_steps(2);
}

/// A window on the sample with its first case open on the Attachments tab.
fn on_attachments(dir: &Path) -> (PathBuf, String, Harness<'static, CasedeskApp>) {
    let book = casedesk::sample::generate(6, 4, today());
    let (path, mut h) = window_on(dir, &book);
    let reference = h.state().desk().unwrap().register().visible_references()[0].to_string();
    h.get_by_label(&reference).click();
    h.run_steps(4);
    h.get_by_label("Attachments").click();
    h.run_steps(4);
    (path, reference, h)
}

fn attachments_of(h: &Harness<'static, CasedeskApp>, reference: &str) -> Vec<(String, bool)> {
    let book = h.state().casebook().unwrap();
    let case = book.case_by_reference(reference).unwrap();
    attachment::attachments(case)
        .iter()
        .map(|a| (a.name.to_string(), a.is_removed()))
        .collect()
}

#[test]
fn a_file_is_attached_by_path_and_by_drop_opened_checked_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let warrant = dir.path().join("warrant.pdf");
    std::fs::write(&warrant, b"%PDF-1.7 warrant").unwrap();
    let note = dir.path().join("note verbale.txt");
    std::fs::write(&note, b"The Embassy presents its compliments").unwrap();
    let (casebook, reference, mut h) = on_attachments(dir.path());
    h.get_by_label("No files are attached to this case.");

    // Typed, without its folder: taken beside the casebook.
    type_into(&mut h, "File to attach", "warrant.pdf");
    h.get_by_label("Attach").click();
    h.run_steps(2);
    finish_transfer(&mut h);
    assert_eq!(
        attachments_of(&h, &reference),
        [("warrant.pdf".into(), false)]
    );
    h.get_by_label("Attachments (1)");
    h.get_by_label("warrant.pdf");

    // Dropped on the window: attached to the case open.
    drop_file(&mut h, &note);
    finish_transfer(&mut h);
    assert_eq!(attachments_of(&h, &reference).len(), 2);
    h.get_by_label("Attachments (2)");

    // Opened: written out checked, then handed to the system's viewer (none here, so the
    // message says where it is).
    h.get_by_label("Open warrant.pdf").click();
    h.run_steps(2);
    finish_transfer(&mut h);
    let said = h.state().desk().unwrap().notice().unwrap().text.clone();
    let opened = said.split("it is at ").nth(1).unwrap().trim();
    assert_eq!(std::fs::read(opened).unwrap(), b"%PDF-1.7 warrant");

    // Altered on disk: named, and not opened.
    let hash = blake3::hash(b"%PDF-1.7 warrant").to_hex().to_string();
    let kept = casedesk::store::attachments::folder(&casebook).join(&hash);
    let mut permissions = std::fs::metadata(&kept).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&kept, permissions).unwrap();
    std::fs::write(&kept, b"%PDF-1.7 forged!").unwrap();
    h.get_by_label("Open warrant.pdf").click();
    h.run_steps(2);
    finish_transfer(&mut h);
    let said = &h.state().desk().unwrap().notice().unwrap();
    assert!(said.error);
    assert!(
        said.text.contains("warrant.pdf has been altered"),
        "{}",
        said.text
    );

    // Removed: asked first, then an event; the file stays until purged.
    h.get_by_label("Remove warrant.pdf").click();
    h.run_steps(2);
    h.get_by_label("Keep").click();
    h.run_steps(2);
    assert!(!attachments_of(&h, &reference)[0].1);
    assert!(
        h.query_by_label("Remove warrant.pdf from the case?")
            .is_none()
    );
    h.get_by_label("Remove warrant.pdf").click();
    h.run_steps(2);
    h.get_by_label("Remove").click();
    h.run_steps(4);
    assert!(attachments_of(&h, &reference)[0].1);
    h.get_by_label("Attachments (1)");
    assert!(h.query_by_label("Open warrant.pdf").is_none());
    assert!(kept.exists());
}

#[test]
fn a_duplicate_or_a_bad_file_is_said_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let warrant = dir.path().join("warrant.pdf");
    std::fs::write(&warrant, b"%PDF-1.7 warrant").unwrap();
    let (casebook, reference, mut h) = on_attachments(dir.path());
    drop_file(&mut h, &warrant);
    finish_transfer(&mut h);
    let copy = dir.path().join("copy.pdf");
    std::fs::copy(&warrant, &copy).unwrap();
    drop_file(&mut h, &copy);
    finish_transfer(&mut h);
    let said = h.state().desk().unwrap().notice().unwrap().text.clone();
    assert!(
        said.contains("already attached to the case as warrant.pdf"),
        "{said}"
    );
    drop_file(&mut h, &dir.path().join("absent.pdf"));
    finish_transfer(&mut h);
    let said = h.state().desk().unwrap().notice().unwrap().text.clone();
    assert!(said.contains("Could not read"), "{said}");
    assert_eq!(attachments_of(&h, &reference).len(), 1);
    let kept = std::fs::read_dir(casedesk::store::attachments::folder(&casebook))
        .unwrap()
        .count();
    assert_eq!(kept, 1);
}

#[test]
fn a_bundle_is_written_from_the_case_and_its_disclosure_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let warrant = dir.path().join("warrant.pdf");
    std::fs::write(&warrant, b"%PDF-1.7 warrant").unwrap();
    let internal = dir.path().join("internal.txt");
    std::fs::write(&internal, b"not for the counterpart").unwrap();
    let (_, reference, mut h) = on_attachments(dir.path());
    for p in [&warrant, &internal] {
        drop_file(&mut h, p);
        finish_transfer(&mut h);
    }
    // Nothing without a recipient.
    h.get_by_label("Write the bundle").click();
    h.run_steps(2);
    h.get_by_label("Say who receives the bundle");
    type_into(&mut h, "Recipient", "FIA Islamabad");
    h.get_by_label("Include warrant.pdf").click();
    type_into(&mut h, "Bundle file", "bundle.zip");
    h.get_by_label("Write the bundle").click();
    h.run_steps(2);
    finish_transfer(&mut h);
    let zip = dir.path().join("bundle.zip");
    let checked =
        casedesk::export::bundle::verify_bundle(std::fs::File::open(&zip).unwrap()).unwrap();
    assert_eq!(checked.problems, Vec::<String>::new());
    assert_eq!(checked.files, 2);
    let book = h.state().casebook().unwrap();
    let case = book.case_by_reference(&reference).unwrap();
    let recorded = case.history().iter().rev().find_map(|e| match &e.kind {
        EventKind::Disclosed {
            document,
            recipient,
            ..
        } => Some((document.clone(), recipient.clone())),
        _ => None,
    });
    let (document, recipient) = recorded.unwrap();
    assert_eq!(&*recipient, "FIA Islamabad");
    assert!(document.contains(&checked.manifest_sha256), "{document}");
    assert!(document.contains("1 attachment"), "{document}");
}

/// A file of 1 GiB (sparse) is hashed and stored on the task's thread: the window keeps
/// drawing frames meanwhile, its progress advancing between them. Frame times are printed
/// (`cargo test --test ui gigabyte -- --nocapture`) and held under a bound far below what an
/// officer would call frozen, on a debug build on a shared machine.
#[test]
fn a_gigabyte_attaches_with_progress_while_the_window_keeps_drawing() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let big = dir.path().join("scans.tif");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let (casebook, reference, mut h) = on_attachments(dir.path());
    // Frames before, for comparison.
    let mut before = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        h.step();
        before.push(started.elapsed());
    }
    drop_file(&mut h, &big);
    let started = Instant::now();
    let mut frames = Vec::new();
    let mut progress_seen = Vec::new();
    while !h.state().desk().unwrap().transfers().is_idle() {
        let frame = Instant::now();
        h.step();
        frames.push(frame.elapsed());
        if let Some(done) = h.state().desk().unwrap().transfers().progress() {
            progress_seen.push(done);
        }
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "still attaching"
        );
    }
    let took = started.elapsed();
    h.run_steps(4);
    // Stored on the window's thread, no frame would be drawn until it was done.
    assert!(
        frames.len() >= 10,
        "only {} frames in {took:?}",
        frames.len()
    );
    frames.sort();
    before.sort();
    let worst = *frames.last().unwrap();
    let median = frames[frames.len() / 2];
    println!(
        "1 GiB attached in {took:.1?}: {} frames drawn meanwhile, median {median:.1?}, worst {worst:.1?} (idle frames: median {:.1?}, worst {:.1?})",
        frames.len(),
        before[before.len() / 2],
        before.last().unwrap()
    );
    assert!(worst < Duration::from_millis(500), "a frame took {worst:?}");
    // The progress bar moved: distinct counts of mebibytes were seen between frames.
    progress_seen.dedup();
    assert!(progress_seen.len() >= 3, "{progress_seen:?}");
    let book = h.state().casebook().unwrap();
    let case = book.case_by_reference(&reference).unwrap();
    let a = attachment::current(case).next().unwrap();
    assert_eq!((a.name, a.size), ("scans.tif", 1 << 30));
    let kept = casedesk::store::attachments::folder(&casebook).join(a.hash);
    assert_eq!(std::fs::metadata(kept).unwrap().len(), 1 << 30);
}

/// A merge in the window brings the files of the attachments the other copy added, from its
/// folder, checked against their hashes, in the background.
#[test]
fn a_merge_brings_the_files_of_the_other_copys_attachments() {
    use casedesk::domain::{Command, Ctx, SeededIds};
    let dir = tempfile::tempdir().unwrap();
    let ours = casedesk::sample::generate(3, 5, today());
    let mut theirs = ours.clone();
    theirs.settings.officer_name = "S. Qureshi".into();
    let theirs_path = dir.path().join("islamabad.ron");
    let paper = dir.path().join("note.txt");
    std::fs::write(&paper, b"Their note of the hearing").unwrap();
    let stored =
        casedesk::store::attachments::store_file(&theirs_path, &paper, None, &mut |_| true)
            .unwrap();
    let case = theirs.cases()[0].id;
    theirs
        .apply(
            Command::Attach {
                case,
                attachment: Box::new(attachment::NewAttachment {
                    name: "note.txt".into(),
                    size: stored.size,
                    hash: stored.hash.clone(),
                    to: None,
                    drafted: None,
                }),
            },
            &mut Ctx {
                now: now(),
                ids: &mut SeededIds::new(4),
            },
        )
        .unwrap();
    casedesk::store::save(&theirs_path, &theirs, now_utc()).unwrap();
    let (ours_path, mut h) = window_on(dir.path(), &ours);
    super::merge::open_review(&mut h);
    h.get_by_label("Apply merge").click();
    h.run_steps(3);
    finish_transfer(&mut h);
    let kept = casedesk::store::attachments::folder(&ours_path).join(&stored.hash);
    assert_eq!(std::fs::read(kept).unwrap(), b"Their note of the hearing");
    let said = h.state().desk().unwrap().notice().unwrap().text.clone();
    assert!(said.contains("brought 1 attachment"), "{said}");
}
