//! The Calendar section driven through egui_kittest: it opens on the month
//! of "today", moves a month and back, opens a day to list what falls on
//! it, copies a filled greeting, and "contacted" logs a greeting contact
//! that appears in the customer's log. Chinese UI; a missing glyph panics.

use std::path::Path;

use crate::common::app_harness;
use chrono::NaiveDate;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use genjin::domain::contact::{ContactChannel, ContactPurpose};
use genjin::domain::customer::{Customer, CustomerClass, Gender};
use genjin::domain::yearly::YearlyDate;
use genjin::store::Store;
use genjin::ui::{Command, GenjinApp, Section};
use tempfile::TempDir;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
}

/// A book with 王芳 (A class, 60 on 25 November) and the shop's name.
fn book(db: &Path) -> i64 {
    let mut store = Store::open(db).expect("the test book opens");
    let mut wang = Customer::new("王芳", today().and_hms_opt(9, 0, 0).expect("a valid time"));
    wang.gender = Gender::Female;
    wang.mobile = "13800138000".into();
    wang.class_override = Some(CustomerClass::A);
    wang.birthday = Some(YearlyDate::solar(Some(1966), 11, 25).expect("a valid solar date"));
    let id = store
        .save_customer(&wang)
        .expect("the test book saves the card");
    store
        .set_setting(genjin::store::settings::keys::SHOP_NAME, "老王家电")
        .expect("the test book saves the setting");
    id
}

fn harness(db: &Path) -> Harness<'static, GenjinApp> {
    app_harness::open_app(db, today(), 900.0)
}

/// Runs frames until the calendar has its month from the book (read on a
/// background thread).
fn wait_loaded(h: &mut Harness<'static, GenjinApp>) {
    h.run();
    assert!(
        h.state().calendar().is_some_and(|c| c.has_month()),
        "the calendar never loaded"
    );
}

fn on_agenda(h: &Harness<'static, GenjinApp>, customer: i64) -> bool {
    h.state()
        .agenda_items()
        .iter()
        .any(|i| i.occasion.customer == Some(customer))
}

#[test]
fn the_month_moves_a_day_opens_and_a_greeting_is_copied() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    book(&db);
    let mut h = harness(&db);
    h.run();
    h.state_mut().send(Command::Navigate(Section::Calendar));
    wait_loaded(&mut h);
    assert_eq!(h.state().section(), Section::Calendar);
    h.get_by_label("2026年11月");
    let first = |h: &Harness<'static, GenjinApp>| h.state().calendar().unwrap().month_shown();

    h.get_by_label("›").click();
    h.run();
    h.run();
    assert_eq!(first(&h), NaiveDate::from_ymd_opt(2026, 12, 1));
    h.get_by_label("2026年12月");
    h.get_by_label("‹").click();
    h.run();
    h.run();
    assert_eq!(first(&h), NaiveDate::from_ymd_opt(2026, 11, 1));

    // 25 November: 王芳 turns 60.
    h.get_by_label("2026-11-25").click();
    h.run();
    h.run();
    assert_eq!(
        h.state().calendar().unwrap().selected_day(),
        NaiveDate::from_ymd_opt(2026, 11, 25)
    );
    h.get_by_label("2026-11-25 农历十七");
    // In the day list and in the agenda.
    assert_eq!(h.get_all_by_label("60岁生日").count(), 2);

    // The agenda has the birthday today (three days' lead).
    let agenda = h.state().agenda_items();
    assert!(
        agenda
            .iter()
            .any(|i| i.occasion.customer_name.as_deref() == Some("王芳")),
        "{agenda:?}"
    );

    h.get_all_by_label("复制祝福语").next().unwrap().click();
    h.run();
    h.run();
    let copied = h
        .state()
        .calendar()
        .unwrap()
        .last_copied()
        .expect("a greeting was copied")
        .to_string();
    assert!(
        copied.contains("王女士") || copied.contains("王芳"),
        "{copied}"
    );
    assert!(copied.contains("老王家电"), "{copied}");
    assert!(!copied.contains('{'), "every placeholder filled: {copied}");
}

#[test]
fn contacted_logs_a_greeting_in_the_customers_log() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let id = book(&db);
    let mut h = harness(&db);
    h.run();
    h.state_mut().send(Command::Navigate(Section::Calendar));
    wait_loaded(&mut h);
    h.get_by_label("2026-11-25").click();
    h.run();
    h.run();
    assert!(
        h.state()
            .store()
            .unwrap()
            .contacts_for(id)
            .unwrap()
            .is_empty()
    );

    h.get_all_by_label("已联系").next().unwrap().click();
    h.run();
    h.get_by_label("电话").click();
    h.step();
    h.step();
    let log = h.state().store().unwrap().contacts_for(id).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].channel, ContactChannel::Phone);
    assert_eq!(log[0].purpose, ContactPurpose::Greeting);
    assert!(log[0].summary.contains("60岁生日"), "{}", log[0].summary);
    // Off the agenda at once, and after the book is read again.
    assert!(!on_agenda(&h, id));
    wait_loaded(&mut h);
    assert!(!on_agenda(&h, id));
}
