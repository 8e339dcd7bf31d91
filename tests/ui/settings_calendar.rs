//! The Calendar group of Settings driven through egui_kittest: a changed
//! cadence is saved, an invalid one shows its error and saves nothing, a
//! greeting template is saved and restored to the default, a year without
//! a schedule says so, and a statutory day added for 2027 is in the book.
//! Chinese UI; a missing glyph panics.

use std::path::Path;

use crate::common::app_harness;
use chrono::NaiveDate;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use genjin::domain::calendar::statutory::StatutoryDay;
use genjin::store::Store;
use genjin::ui::{Command, GenjinApp, Section};
use tempfile::TempDir;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
}

/// The app on an empty book, in Settings; tall enough that the whole
/// Calendar group is on screen.
fn settings(db: &Path) -> Harness<'static, GenjinApp> {
    Store::open(db).expect("the test book opens");
    let mut h = app_harness::open_app(db, today(), 2400.0);
    h.run();
    h.state_mut().send(Command::Navigate(Section::Settings));
    h.run();
    assert_eq!(h.state().section(), Section::Settings);
    h
}

/// Replaces the text of the field labelled `label` with `text`.
fn retype(h: &mut Harness<'static, GenjinApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.run();
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
}

/// The Save button of the cadence form (the first of the page's enabled
/// or disabled Save buttons after the shop name's).
fn cadence_save<'a>(h: &'a Harness<'static, GenjinApp>) -> egui_kittest::Node<'a> {
    h.get_all_by_label("保存")
        .nth(1)
        .expect("the second Save button is on screen")
}

fn cadence(h: &Harness<'static, GenjinApp>) -> (u32, u32, u32) {
    let c = h
        .state()
        .store()
        .expect("a book is open")
        .cadence()
        .expect("the test book reads its settings");
    (c.a, c.b, c.c)
}

#[test]
fn a_changed_cadence_is_saved() {
    let dir = TempDir::new().unwrap();
    let mut h = settings(&dir.path().join("shop.sqlite"));
    assert_eq!(cadence(&h), (30, 60, 90));
    retype(&mut h, "A类客户", "20");
    cadence_save(&h).click();
    h.run();
    assert_eq!(cadence(&h), (20, 60, 90));
    h.get_by_label("已保存");
}

#[test]
fn an_invalid_cadence_shows_its_error_and_saves_nothing() {
    let dir = TempDir::new().unwrap();
    let mut h = settings(&dir.path().join("shop.sqlite"));
    assert!(h.query_by_label("请填 1 到 3650 之间的整数").is_none());
    retype(&mut h, "A类客户", "abc");
    h.get_by_label("请填 1 到 3650 之间的整数");
    // B changes to a valid value, but Save stays off while A is wrong.
    retype(&mut h, "B类客户", "45");
    cadence_save(&h).click();
    h.run();
    assert_eq!(cadence(&h), (30, 60, 90));
    retype(&mut h, "A类客户", "4000");
    h.get_by_label("请填 1 到 3650 之间的整数");
    cadence_save(&h).click();
    h.run();
    assert_eq!(cadence(&h), (30, 60, 90));
}

#[test]
fn a_statutory_day_added_for_2027_is_in_the_book() {
    let dir = TempDir::new().unwrap();
    let mut h = settings(&dir.path().join("shop.sqlite"));
    h.get_by_label("2026年");
    h.get_by_label("下一年").click();
    h.run();
    h.get_by_label("2027年");
    h.get_by_label("2027年还没有法定节假日安排：既没有内置的，也没有本店添加的。");

    retype(&mut h, "日期", "2027-02-30");
    h.get_by_label("⚠ 日历上没有这一天");
    retype(&mut h, "日期", "2027-02-06");
    retype(&mut h, "名称", "春节");
    h.get_by_label("添加").click();
    h.run();

    let days = h.state().store().unwrap().statutory_days().unwrap();
    assert_eq!(
        days,
        vec![StatutoryDay {
            date: NaiveDate::from_ymd_opt(2027, 2, 6).unwrap(),
            name: "春节".into(),
            off: true,
        }]
    );
    h.get_by_label("2027-02-06 周六");
    h.get_by_label("本店添加");
    assert!(
        h.query_by_label("2027年还没有法定节假日安排：既没有内置的，也没有本店添加的。")
            .is_none()
    );
}

#[test]
fn a_greeting_template_is_saved_and_restored() {
    use genjin::domain::calendar::OccasionKind;
    use genjin::domain::calendar::greeting::default_template;
    let dir = TempDir::new().unwrap();
    let mut h = settings(&dir.path().join("shop.sqlite"));
    let template = |h: &Harness<'static, GenjinApp>| {
        let store = h.state().store().unwrap();
        store
            .greeting_template(OccasionKind::Birthday, true)
            .unwrap()
    };
    let editor = |h: &Harness<'static, GenjinApp>| {
        h.get_by_role_and_label(Role::MultilineTextInput, "模板内容")
            .value()
            .unwrap_or_default()
    };
    assert_eq!(editor(&h), default_template(OccasionKind::Birthday, true));
    h.get_by_role_and_label(Role::MultilineTextInput, "模板内容")
        .focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::MultilineTextInput, "模板内容")
        .type_text("{name}生日快乐！——{shop}");
    h.run();
    // Save buttons: shop name, cadence, lead days, greeting.
    h.get_all_by_label("保存").nth(3).unwrap().click();
    h.run();
    assert_eq!(template(&h), "{name}生日快乐！——{shop}");

    h.get_by_label("恢复默认").click();
    h.run();
    assert_eq!(template(&h), default_template(OccasionKind::Birthday, true));
    assert_eq!(editor(&h), default_template(OccasionKind::Birthday, true));
}
