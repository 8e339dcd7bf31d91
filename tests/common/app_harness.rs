//! The app in an egui_kittest harness, shared by the window tests: a book
//! file opened in Chinese with "today" fixed, in a window 1280 wide and
//! `height` tall. kittest's default `MissingGlyphPolicy::Panic` stays on.

use std::path::Path;

use chrono::NaiveDate;
use egui_kittest::Harness;
use genjin::i18n::Language;
use genjin::ui::{GenjinApp, Launch};

pub fn open_app(db: &Path, today: NaiveDate, height: f32) -> Harness<'static, GenjinApp> {
    let mut app = GenjinApp::new(
        &Launch {
            db: Some(db.to_path_buf()),
            demo: false,
            import: None,
        },
        Language::Chinese,
    );
    app.set_today(today);
    Harness::builder()
        .with_size(egui::vec2(1280.0, height))
        .with_context_setup(GenjinApp::prepare_context)
        .build_ui_state(|ui, app: &mut GenjinApp| app.show(ui), app)
}
