//! The app in an egui_kittest harness, shared by the window tests: a book
//! file opened with "today" fixed, in Chinese in a window 1280 wide and
//! `height` tall (`open_app`), or in a language and window size of the
//! test's choosing (`open_app_sized`). kittest's default
//! `MissingGlyphPolicy::Panic` stays on. The data folder is one under the
//! target folder (`use_test_data_dir`).

use std::path::Path;

use chrono::NaiveDate;
use egui_kittest::Harness;
use genjin::i18n::Language;
use genjin::ui::{GenjinApp, Launch};

pub fn open_app(db: &Path, today: NaiveDate, height: f32) -> Harness<'static, GenjinApp> {
    open_app_sized(db, today, Language::Chinese, egui::vec2(1280.0, height))
}

/// The app in `language`, in a window of `size` (the language is
/// process-wide: an English test belongs in its own binary).
pub fn open_app_sized(
    db: &Path,
    today: NaiveDate,
    language: Language,
    size: egui::Vec2,
) -> Harness<'static, GenjinApp> {
    use_test_data_dir();
    let mut app = GenjinApp::new(
        &Launch {
            db: Some(db.to_path_buf()),
            demo: false,
            import: None,
            renderer: None,
        },
        language,
    );
    app.set_today(today);
    // Each frame first takes in the reports the book cache was computing,
    // so a test sees a change's effect on the next frame, every time.
    app.wait_for_reports(true);
    Harness::builder()
        .with_size(size)
        // A save starts background reports whose arrival repaints again.
        .with_max_steps(16)
        .with_context_setup(GenjinApp::prepare_context)
        .build_ui_state(|ui, app: &mut GenjinApp| app.show(ui), app)
}

/// Points the data folder (the identity locks' `locks/`) into the target
/// folder, so window tests never touch the real per-user folder.
pub fn use_test_data_dir() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("data");
    assert_eq!(genjin::paths::set_data_dir(dir.clone()), &dir);
}

/// Lets `seconds` pass on egui's input clock by stepping frames (each
/// advances it by the harness's step, a quarter second): debounces such as
/// the one-second autosave run on that clock, so no test sleeps.
pub fn pass_seconds(h: &mut Harness<'static, GenjinApp>, seconds: f32) {
    let steps = (seconds / 0.25).ceil() as usize + 1;
    for _ in 0..steps {
        h.step();
    }
}
