//! Backups in the window, driven through egui_kittest in Chinese: "back up
//! now" lists the backup it made, a restore asks to confirm and brings an
//! earlier state back (after a safety backup), the day's automatic backup
//! starts a minute after the book opened (by the app's clock), and the closing backup is skipped
//! when nothing changed.

use std::path::Path;

use crate::common::app_harness::{self, pass_seconds};
use chrono::NaiveDate;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use genjin::domain::customer::Customer;
use genjin::store::Store;
use genjin::store::backup::{self, BackupSettings, Reason, default_folder};
use genjin::ui::clock::Clock;
use genjin::ui::{Command, GenjinApp, Section};
use tempfile::TempDir;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
}

fn customer(name: &str) -> Customer {
    Customer::new(name, today().and_hms_opt(9, 0, 0).expect("a valid time"))
}

/// A book holding `names`, open in the app on the Settings page.
fn settings_with(db: &Path, names: &[&str]) -> Harness<'static, GenjinApp> {
    {
        let mut store = Store::open(db).expect("the test book opens");
        for name in names {
            store.save_customer(&customer(name)).expect("saved");
        }
    }
    let mut h = app_harness::open_app(db, today(), 900.0);
    h.run();
    h.state_mut().send(Command::Navigate(Section::Settings));
    h.run();
    h
}

fn click(h: &mut Harness<'static, GenjinApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

fn names(h: &Harness<'static, GenjinApp>) -> Vec<String> {
    let mut names: Vec<String> = h
        .state()
        .store()
        .expect("a book is open")
        .customer_summaries()
        .expect("the customers")
        .into_iter()
        .map(|c| c.name)
        .collect();
    names.sort();
    names
}

/// Sets the app's clock to a later time today and draws a frame.
fn later(h: &mut Harness<'static, GenjinApp>, hour: u32, min: u32, sec: u32) {
    let at = today().and_hms_opt(hour, min, sec).expect("a valid time");
    h.state_mut().set_clock(Clock::fixed(at));
    h.run();
}

fn reasons(db: &Path) -> Vec<Reason> {
    backup::list(&default_folder(db), "shop")
        .expect("the backups")
        .into_iter()
        .map(|b| b.reason)
        .collect()
}

#[test]
fn back_up_now_lists_the_backup_it_made() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let mut h = settings_with(&db, &["张三", "李四"]);
    h.get_by_label("备份文件夹里还没有备份。");
    click(&mut h, "立即备份");
    assert_eq!(reasons(&db), [Reason::Manual]);
    h.get_by_label("手动");
    let status = h.query_all_by_label_contains("已备份到").count();
    assert_eq!(status, 1, "the status line names the file");
    assert!(h.query_by_label("备份文件夹里还没有备份。").is_none());
}

#[test]
fn a_restore_asks_first_then_brings_the_earlier_book_back() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let mut h = settings_with(&db, &["张三"]);
    click(&mut h, "立即备份");
    h.state_mut().with_view(|view| {
        view.store.save_customer(&customer("王五")).expect("saved");
    });
    assert_eq!(names(&h), ["张三", "王五"]);

    click(&mut h, "恢复");
    h.get_by_label("确定要恢复这个备份吗？");
    let preview = h.query_all_by_label_contains("客户 1，").count();
    assert_eq!(preview, 1, "the preview counts the backup's customers");
    click(&mut h, "取消");
    assert!(h.query_by_label("确定要恢复这个备份吗？").is_none());
    assert_eq!(names(&h), ["张三", "王五"], "cancel changes nothing");

    click(&mut h, "恢复");
    click(&mut h, "确认恢复");
    assert_eq!(names(&h), ["张三"], "the book is as it was backed up");
    assert!(
        h.query_all_by_label_contains("已从").count() == 1,
        "the status line says what happened"
    );
    let mut kept = reasons(&db);
    kept.sort_by_key(|r| r.tag());
    assert_eq!(kept, [Reason::BeforeRestore, Reason::Manual]);
    let safety = backup::list(&default_folder(&db), "shop")
        .expect("the backups")
        .into_iter()
        .find(|b| b.reason == Reason::BeforeRestore)
        .expect("a safety backup");
    assert_eq!(safety.contents.expect("readable").customers, 2);
}

#[test]
fn the_daily_backup_waits_a_minute_and_the_closing_one_needs_a_change() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let mut h = settings_with(&db, &["张三"]);
    pass_seconds(&mut h, 120.0);
    assert!(
        reasons(&db).is_empty(),
        "nothing before a minute is up on the app's clock"
    );
    later(&mut h, 9, 1, 1);
    assert_eq!(reasons(&db), [Reason::Daily]);

    h.state_mut().back_up_on_close();
    assert_eq!(reasons(&db), [Reason::Daily], "nothing changed since");

    h.state_mut().with_view(|view| {
        view.store.save_customer(&customer("李四")).expect("saved");
    });
    later(&mut h, 18, 0, 0);
    h.state_mut().back_up_on_close();
    let mut made = reasons(&db);
    made.sort_by_key(|r| r.tag());
    assert_eq!(
        made,
        [Reason::Close, Reason::Daily],
        "the same day's are kept"
    );
}

#[test]
fn automatic_backups_can_be_turned_off() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    {
        let mut store = Store::open(&db).expect("the test book opens");
        let off = BackupSettings {
            automatic: false,
            ..BackupSettings::default()
        };
        store.set_backup_settings(&off).expect("saved");
    }
    let mut h = settings_with(&db, &["张三"]);
    later(&mut h, 9, 1, 1);
    h.state_mut().with_view(|view| {
        view.store.save_customer(&customer("李四")).expect("saved");
    });
    h.state_mut().back_up_on_close();
    assert!(reasons(&db).is_empty());
}

#[test]
fn a_retention_count_out_of_range_shows_its_error_and_saves_nothing() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let mut h = settings_with(&db, &["张三"]);
    h.get_by_label("保存备份设置").scroll_to_me();
    h.run();
    crate::common::typing::replace_text(&mut h, egui::accesskit::Role::TextInput, "最近几天", "0");
    h.run();
    h.get_by_label("⚠ 请填 1 到 999 之间的整数");
    assert!(
        h.get_by_label("保存备份设置")
            .accesskit_node()
            .is_disabled()
    );

    crate::common::typing::replace_text(&mut h, egui::accesskit::Role::TextInput, "最近几天", "3");
    h.run();
    assert!(h.query_by_label("⚠ 请填 1 到 999 之间的整数").is_none());
    click(&mut h, "保存备份设置");
    let saved = h
        .state()
        .store()
        .expect("a book is open")
        .backup_settings()
        .expect("the settings");
    assert_eq!(saved.retention.daily, 3);
}
