//! Small things that erode trust: one count of overdue cases everywhere, what the officer
//! needs in full-contrast text.

use super::*;
use casedesk::domain::stats::Dashboard;
use egui_kittest::kittest::Queryable;

/// The colour `needle`'s text was drawn in, in the last frame.
fn text_colour(h: &Harness<'static, CasedeskApp>, needle: &str) -> egui::Color32 {
    fn find(shape: &egui::Shape, needle: &str) -> Option<egui::Color32> {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().find_map(|s| find(s, needle)),
            egui::Shape::Text(text) if text.galley.text().contains(needle) => {
                let section = text.galley.job.sections.first()?.format.color;
                Some(
                    text.override_text_color
                        .unwrap_or(if section == egui::Color32::PLACEHOLDER {
                            text.fallback_color
                        } else {
                            section
                        }),
                )
            }
            _ => None,
        }
    }
    h.output()
        .shapes
        .iter()
        .find_map(|clipped| find(&clipped.shape, needle))
        .unwrap_or_else(|| panic!("no text {needle:?} drawn"))
}

#[test]
fn the_dashboard_the_register_and_list_overdue_count_the_same_cases() {
    // The command line counts on the computer's day: the window and the sample do too.
    let now = chrono::Local::now().fixed_offset();
    let today = now.date_naive();
    // A sample with a case with two overdue deadlines, where counts used to differ: which seed
    // gives one depends on the day.
    let book = (1..=64)
        .map(|seed| casedesk::sample::generate(300, seed, today))
        .find(|book| {
            let figures = Dashboard::compute(book, today);
            figures.overdue.len() > figures.overdue_cases()
        })
        .expect("a sample with a case with two overdue deadlines");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casebook.ron");
    casedesk::store::save(&path, &book, now.to_utc()).unwrap();

    let (mut out, mut err) = (Vec::new(), Vec::new());
    let installation = dir.path().join(".installation");
    let mut env = casedesk::cli::Env::new(
        |name| {
            (name == casedesk::store::INSTALLATION_DIR_VARIABLE)
                .then(|| installation.clone().into())
        },
        |_| Err(std::io::Error::other("no terminal in this test")),
        &mut err,
    );
    let args = casedesk::cli::list::Args {
        file: path.clone(),
        status: None,
        kind: None,
        overdue: true,
        as_of: None,
        json: false,
    };
    casedesk::cli::list::run(args, &mut env, &mut out).unwrap();
    let listed = String::from_utf8(out).unwrap().lines().count();
    assert!(listed > 0);

    let mut app = CasedeskApp::open_here(
        path,
        false,
        Clock::Fixed(now),
        Box::new(NoDialogs),
        here(dir.path()),
    );
    app.wait_until_open();
    let mut h = Harness::builder()
        .with_size([1500.0, 950.0])
        .build_ui_state(|ui, app: &mut CasedeskApp| app.frame_ui(ui), app);
    h.run_steps(2);
    h.get_by_label_contains(&format!("· {listed} overdue ·"));
    // The overdue list's "Show in register" (its first section) filters the register.
    h.query_all_by_label("Show in register")
        .next()
        .expect("the overdue list offers the register")
        .click();
    h.run_steps(2);
    assert_eq!(h.state().desk().unwrap().register().visible_count(), listed);
}

#[test]
fn what_the_officer_needs_is_drawn_in_full_contrast() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = casedesk::sample::generate(3, 2, today());
    book.settings.officer_name = "Test Officer".into();
    let (_, mut h) = window_on(dir.path(), &book);
    let first = h.state().desk().unwrap().register().visible_id(0).unwrap();
    h.state_mut()
        .desk_mut()
        .unwrap()
        .register_mut()
        .select(first);
    h.run_steps(3);
    let weak = h.ctx.global_style().visuals.weak_text_color();
    let case = h.state().casebook().unwrap().case(first).unwrap().clone();
    let officer = case.history()[0].officer.to_string();
    let since = format!("since {}", case.status_since().format("%d %b %Y"));
    for needed in [since.as_str(), &format!("· {officer}")] {
        assert_ne!(text_colour(&h, needed), weak, "{needed:?} is drawn faint");
    }
}

#[test]
fn a_date_error_goes_once_the_date_is_put_right() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut h) = window_on(dir.path(), &casedesk::domain::Casebook::default());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run_steps(2);
    type_into(&mut h, "Date opened", "x");
    h.get_by_label("Create").click();
    h.run_steps(2);
    assert!(h.query_by_label_contains("Date opened: ").is_some());
    assert_eq!(h.state().casebook().unwrap().cases().len(), 0);
    type_into(&mut h, "Date opened", "");
    h.key_press(egui::Key::Backspace);
    h.run_steps(2);
    assert!(h.query_by_label_contains("Date opened: ").is_none());
}
