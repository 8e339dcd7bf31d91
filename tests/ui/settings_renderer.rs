//! The renderer row of Settings driven through egui_kittest: the stored
//! choice is shown, picking OpenGL says it takes effect on the next start
//! and is what eframe's storage keeps for the window's next opening.
//! Chinese UI; a missing glyph panics.

use std::collections::HashMap;

use crate::common::app_harness;
use chrono::NaiveDate;
use egui_kittest::kittest::Queryable;
use genjin::store::Store;
use genjin::ui::prefs::Prefs;
use genjin::ui::renderer::RendererChoice;
use genjin::ui::{Command, Section};
use tempfile::TempDir;

/// eframe's storage in memory.
#[derive(Default)]
struct MemoryStorage(HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

#[test]
fn choosing_opengl_is_kept_for_the_next_start() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("book.sqlite");
    Store::open(&db).expect("the test book opens");
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut h = app_harness::open_app(&db, today, 900.0);
    h.run();
    h.state_mut().send(Command::Navigate(Section::Settings));
    h.run();

    h.get_by_label("显示方式");
    h.get_by_label("下次启动时生效。窗口打不开或发黑时选 OpenGL。");
    assert_eq!(h.state().renderer_setting().chosen, RendererChoice::Auto);

    h.get_by_label("OpenGL（兼容）").click();
    h.run();
    assert_eq!(h.state().renderer_setting().chosen, RendererChoice::Glow);
    h.get_by_label("显示方式已保存，下次启动时生效");

    let mut storage = MemoryStorage::default();
    eframe::App::save(h.state_mut(), &mut storage);
    let prefs = Prefs::load(&storage).expect("the preferences were saved");
    assert_eq!(prefs.renderer, RendererChoice::Glow);
    assert_eq!(prefs.language, genjin::i18n::Language::Chinese);
}
