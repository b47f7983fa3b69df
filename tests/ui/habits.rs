//! Habits an officer brings (issue 18, items 10 and 11): a row's context menu (open, open in a
//! window of its own, copy the reference or the row), Ctrl+C, Print; and saving a file out from
//! the documents folder, with `~`, on Enter, then opening it or showing it in its folder.

use super::*;
use casedesk::app::files::{DialogResult, Dialogs, FileKind, NoDialogs};
use casedesk::sample;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// What the desktop's viewer was asked to open, and whether to show it in its folder.
type Opened = Arc<Mutex<Vec<(PathBuf, bool)>>>;

/// A desktop with no file dialog, documents and home folders of the test's own, and a viewer
/// that notes what it was asked to open (and whether to show it in its folder).
struct Desktop {
    documents: PathBuf,
    home: PathBuf,
    opened: Opened,
}

impl Dialogs for Desktop {
    fn pick_file(&mut self, _folder: &Path, _kind: FileKind) -> DialogResult {
        DialogResult::Unavailable
    }
    fn save_file(&mut self, _folder: &Path, _name: &str, _kind: FileKind) -> DialogResult {
        DialogResult::Unavailable
    }
    fn documents_folder(&self) -> Option<PathBuf> {
        Some(self.documents.clone())
    }
    fn home_folder(&self) -> Option<PathBuf> {
        Some(self.home.clone())
    }
    fn open_path(
        &mut self,
        path: &Path,
        reveal: bool,
    ) -> Result<std::sync::mpsc::Receiver<String>, String> {
        self.opened
            .lock()
            .unwrap()
            .push((path.to_path_buf(), reveal));
        Ok(std::sync::mpsc::channel().1)
    }
}

/// A window on `book` in `dir` with `dialogs`, on the register.
fn register_with(
    dir: &Path,
    book: &casedesk::domain::Casebook,
    dialogs: Box<dyn Dialogs>,
) -> Harness<'static, CasedeskApp> {
    let path = dir.join("casebook.ron");
    casedesk::store::save(&path, book, now_utc()).unwrap();
    let mut app = CasedeskApp::open_here(path, false, clock(), dialogs, here(dir));
    app.wait_until_open();
    app.desk_mut()
        .unwrap()
        .set_print_folder(dir.join("to print"));
    let mut h = Harness::builder()
        .with_size([1500.0, 950.0])
        .build_ui_state(|ui, app: &mut CasedeskApp| app.frame_ui(ui), app);
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num2);
    h.run_steps(2);
    h
}

fn desktop(dir: &Path) -> (Box<Desktop>, Opened) {
    let (documents, home) = (dir.join("Documents"), dir.join("home"));
    std::fs::create_dir_all(&documents).unwrap();
    std::fs::create_dir_all(&home).unwrap();
    let opened = Arc::new(Mutex::new(Vec::new()));
    let desktop = Desktop {
        documents,
        home,
        opened: Arc::clone(&opened),
    };
    (Box::new(desktop), opened)
}

/// What the last frame put on the clipboard.
fn copied(h: &Harness<'static, CasedeskApp>) -> Vec<String> {
    h.output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

fn third_reference(h: &Harness<'static, CasedeskApp>) -> String {
    h.state().desk().unwrap().register().visible_references()[2].to_string()
}

/// Runs frames until the export or print running in the background is written and handled
/// by the window (with its own dialogs, unlike `finish_transfer`).
fn until_written(h: &mut Harness<'static, CasedeskApp>) {
    let started = std::time::Instant::now();
    while !h.state().desk().unwrap().transfers().is_idle() {
        assert!(
            started.elapsed().as_secs() < 60,
            "the export never finished"
        );
        h.step();
    }
    h.run_steps(2);
}

#[test]
fn the_register_ticked_for_excel_is_written_with_a_byte_order_mark_and_windows_line_ends() {
    let dir = tempfile::tempdir().unwrap();
    let (desktop, _) = desktop(dir.path());
    let home = desktop.home.clone();
    let mut h = register_with(dir.path(), &sample::generate(12, 3, today()), desktop);
    h.get_by_label("File").click();
    h.run_steps(4);
    h.get_by_label("Export register to spreadsheet (CSV)…")
        .click();
    h.run_steps(4);
    h.get_by_label("For Excel (a byte order mark and Windows line ends)")
        .click();
    h.run_steps(2);
    h.get_by_label("Export to file…").click();
    h.run_steps(4);
    let path_field = h.get_by_label("Path");
    path_field.focus();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run_steps(1);
    h.get_by_label("Path").type_text("~/excel.csv");
    h.run_steps(1);
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    until_written(&mut h);
    let written = std::fs::read(home.join("excel.csv")).unwrap();
    assert!(written.starts_with(b"\xef\xbb\xbf\"reference\","));
    let text = String::from_utf8(written).unwrap();
    assert_eq!(text.matches("\r\n").count(), text.matches('\n').count());
    assert!(text.matches("\r\n").count() > 12);
}

/// Right-clicks the register row of `reference` (the leftmost label of it: the case panel
/// may show it too) and clicks `item` in its menu; one frame.
fn row_menu(h: &mut Harness<'static, CasedeskApp>, reference: &str, item: &str) {
    h.query_all_by_label(reference)
        .min_by(|a, b| a.rect().min.x.total_cmp(&b.rect().min.x))
        .unwrap()
        .click_secondary();
    h.run_steps(2);
    h.get_by_label(item).click();
    h.step();
}

#[test]
fn a_rows_context_menu_copies_its_reference_and_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = register_with(
        dir.path(),
        &sample::generate(12, 3, today()),
        Box::new(NoDialogs),
    );
    let reference = third_reference(&h);
    row_menu(&mut h, &reference, "Copy reference");
    assert_eq!(copied(&h), std::slice::from_ref(&reference));

    h.run_steps(2);
    row_menu(&mut h, &reference, "Copy row");
    let row = copied(&h);
    assert_eq!(row.len(), 1);
    let cells: Vec<&str> = row[0].split('\t').collect();
    assert_eq!(
        cells.len(),
        casedesk::app::register::COLUMNS.len(),
        "{cells:?}"
    );
    assert_eq!(cells[0], reference);
    let id = h.state().desk().unwrap().register().visible_id(2).unwrap();
    let case = h.state().casebook().unwrap().case(id).unwrap();
    assert_eq!(cells[4], case.status().label());
}

#[test]
fn a_rows_context_menu_opens_the_case_here_or_in_its_own_window() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = register_with(
        dir.path(),
        &sample::generate(12, 3, today()),
        Box::new(NoDialogs),
    );
    let reference = third_reference(&h);
    let id = h.state().desk().unwrap().register().visible_id(2).unwrap();
    row_menu(&mut h, &reference, "Open");
    h.run_steps(2);
    assert_eq!(h.state().desk().unwrap().register().selected(), Some(id));
    // Closed again, so the panel's own "Open in new window" is not on screen too.
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    row_menu(&mut h, &reference, "Open in new window");
    h.run_steps(2);
    assert_eq!(h.state().desk().unwrap().case_windows(), 1);
}

#[test]
fn ctrl_c_in_the_register_copies_the_selected_reference() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = register_with(
        dir.path(),
        &sample::generate(12, 3, today()),
        Box::new(NoDialogs),
    );
    let reference = third_reference(&h);
    let id = h.state().desk().unwrap().register().visible_id(2).unwrap();
    h.state_mut().desk_mut().unwrap().register_mut().select(id);
    h.run_steps(2);
    h.event(egui::Event::Copy);
    h.step();
    assert_eq!(copied(&h), [reference]);
}

#[test]
fn print_writes_the_summary_as_a_pdf_and_opens_it_in_the_viewer() {
    let dir = tempfile::tempdir().unwrap();
    let (desktop, opened) = desktop(dir.path());
    let mut h = register_with(dir.path(), &sample::generate(12, 3, today()), desktop);
    let reference = third_reference(&h);
    row_menu(&mut h, &reference, "Print case summary");
    until_written(&mut h);
    let opened = opened.lock().unwrap().clone();
    assert_eq!(opened.len(), 1, "{opened:?}");
    let (pdf, reveal) = &opened[0];
    assert!(!reveal);
    assert!(pdf.starts_with(dir.path().join("to print")), "{pdf:?}");
    assert!(std::fs::read(pdf).unwrap().starts_with(b"%PDF"));
    h.get_by_label_contains("opening in your PDF viewer");
}

#[test]
fn print_on_a_machine_with_no_viewer_says_so_and_where_the_file_is() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = register_with(
        dir.path(),
        &sample::generate(12, 3, today()),
        Box::new(NoDialogs),
    );
    let reference = third_reference(&h);
    let id = h.state().desk().unwrap().register().visible_id(2).unwrap();
    h.state_mut().desk_mut().unwrap().register_mut().select(id);
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::P);
    h.run_steps(2);
    until_written(&mut h);
    let notice = h.state().desk().unwrap().notice().unwrap();
    assert!(notice.error);
    assert!(
        notice
            .text
            .contains("Nothing on this computer could open the file")
            && notice.text.contains(&format!("{reference}-summary.pdf")),
        "{}",
        notice.text
    );
}

#[test]
fn a_file_saved_out_starts_in_documents_takes_a_tilde_saves_on_enter_and_is_offered_to_open() {
    let dir = tempfile::tempdir().unwrap();
    let (desktop, opened) = desktop(dir.path());
    let (documents, home) = (desktop.documents.clone(), desktop.home.clone());
    let mut h = register_with(dir.path(), &sample::generate(12, 3, today()), desktop);
    h.get_by_label("File").click();
    h.run_steps(4);
    h.get_by_label("Export register to spreadsheet (CSV)…")
        .click();
    h.run_steps(4);
    h.get_by_label("Export to file…").click();
    h.run_steps(4);
    h.get_by_label_contains(&format!("for a file in {}", documents.display()));
    let path_field = h.get_by_label("Path");
    path_field.focus();
    h.run_steps(1);
    // Select what is offered, then type over it.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run_steps(1);
    h.get_by_label("Path").type_text("~/register.csv");
    h.run_steps(1);
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    until_written(&mut h);
    let written = home.join("register.csv");
    assert!(
        std::fs::read_to_string(&written)
            .unwrap()
            .starts_with("\"reference\","),
    );
    h.get_by_label("Open").click();
    h.run_steps(2);
    h.get_by_label("Show in folder").click();
    h.run_steps(2);
    assert_eq!(
        *opened.lock().unwrap(),
        [(written.clone(), false), (written, true)]
    );
}
