//! The date fields' month page driven through egui_kittest in Chinese: it
//! opens on the typed date's month, steps by month and year, shows each
//! day's lunar day and the statutory 休/班 of the built-in 2026 schedule
//! (National Day, 1–7 October; a make-up working day on the 10th), writes
//! the day clicked into the field and so into the report and the saved
//! payment, and closes unchanged on Esc or a click elsewhere. Typing a date
//! still works as before.

use std::path::Path;

use crate::common::{app_harness, typing};
use chrono::{NaiveDate, NaiveDateTime};
use egui::accesskit::{Role, Toggled};
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::{Harness, Node};
use genjin::domain::customer::Customer;
use genjin::domain::money::Money;
use genjin::domain::sale::Sale;
use genjin::store::Store;
use genjin::ui::{Command, GenjinApp, Section};
use tempfile::TempDir;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).expect("a valid date")
}

fn created() -> NaiveDateTime {
    d(1, 1).and_hms_opt(9, 0, 0).expect("a valid time")
}

/// One customer owing ¥3,000 since August and ¥1,000 since 1 November.
fn book(db: &Path) -> i64 {
    let mut store = Store::open(db).expect("the test book opens");
    let customer = store
        .save_customer(&Customer::new("张伟", created()))
        .expect("the test book saves the card");
    for (number, date, due, yuan) in [
        ("S-1", d(8, 1), d(8, 31), 3_000),
        ("S-2", d(11, 1), d(12, 1), 1_000),
    ] {
        store
            .add_sale(&Sale {
                id: None,
                customer_id: customer,
                number: Some(number.into()),
                date,
                product: "冰箱".into(),
                quantity: 1,
                amount: Money::from_yuan(yuan),
                due_date: due,
                terms_days: None,
                note: String::new(),
                created_at: created(),
            })
            .expect("the test book records the sale");
    }
    customer
}

fn harness(db: &Path, height: f32) -> Harness<'static, GenjinApp> {
    let mut h = app_harness::open_app(db, d(11, 23), height);
    h.run();
    h
}

/// The 📅 button beside the `nth` text field labelled `label`.
fn picker_beside<'h>(h: &'h Harness<'static, GenjinApp>, label: &str, nth: usize) -> Node<'h> {
    let field = h
        .get_all_by_role_and_label(Role::TextInput, label)
        .nth(nth)
        .expect("the date field")
        .rect();
    h.get_all_by_role_and_label(Role::Button, "选择日期")
        .min_by_key(|button| {
            let r = button.rect();
            ((r.left() - field.right()).abs() + (r.center().y - field.center().y).abs()) as i64
        })
        .expect("a picker button")
}

fn field_value(h: &Harness<'static, GenjinApp>, label: &str, nth: usize) -> String {
    h.get_all_by_role_and_label(Role::TextInput, label)
        .nth(nth)
        .expect("the date field")
        .value()
        .unwrap_or_default()
}

fn day<'h>(h: &'h Harness<'static, GenjinApp>, date: &'h str) -> Node<'h> {
    h.get_by_role_and_label(Role::Button, date)
}

/// Everything a day's cell says about it (its hover text).
fn details(h: &Harness<'static, GenjinApp>, date: &str) -> String {
    day(h, date)
        .accesskit_node()
        .description()
        .unwrap_or_default()
}

/// Whether the aging table shows `amount` somewhere.
fn owed(h: &Harness<'static, GenjinApp>, amount: &str) -> bool {
    h.query_all_by_label(amount).count() > 0
}

/// Whether the page shows `date` as the field's value.
fn is_chosen(h: &Harness<'static, GenjinApp>, date: &str) -> bool {
    day(h, date).accesskit_node().toggled() == Some(Toggled::True)
}

fn is_open(h: &Harness<'static, GenjinApp>) -> bool {
    h.query_by_role_and_label(Role::Button, "上个月").is_some()
}

#[test]
fn the_as_of_day_is_picked_from_a_month_page_with_lunar_days_and_holidays() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    book(&db);
    let mut h = harness(&db, 800.0);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num5);
    h.run();
    assert_eq!(h.state().section(), Section::Receivables);
    assert!(owed(&h, "¥4,000.00"));

    // The page opens on the month of the day in the field, that day selected.
    picker_beside(&h, "截至日期", 0).click();
    h.run();
    h.get_by_label("2026年11月");
    assert!(is_chosen(&h, "2026-11-23"));
    assert!(!is_chosen(&h, "2026-11-22"));
    // Weeks start on Monday: November 2026 starts on a Sunday, so the page
    // starts on Monday 26 October and ends on Sunday 6 December.
    day(&h, "2026-10-26");
    assert!(
        h.query_by_role_and_label(Role::Button, "2026-10-25")
            .is_none()
    );
    day(&h, "2026-12-06");

    // A month forward: 冬月 starts in December, its first day named by it.
    h.get_by_role_and_label(Role::Button, "下个月").click();
    h.run();
    h.get_by_label("2026年12月");
    assert!(
        h.query_all_by_role(Role::Button)
            .any(|b| b.accesskit_node().description().as_deref() == Some("农历冬月初一")),
        "冬月初一 is on the December page"
    );
    // A year back and forth, then two months back to October.
    h.get_by_role_and_label(Role::Button, "上一年").click();
    h.run();
    h.get_by_label("2025年12月");
    h.get_by_role_and_label(Role::Button, "下一年").click();
    h.run();
    h.get_by_label("2026年12月");
    for _ in 0..2 {
        h.get_by_role_and_label(Role::Button, "上个月").click();
        h.run();
    }
    h.get_by_label("2026年10月");
    let national_day = details(&h, "2026-10-01");
    assert!(national_day.contains("农历八月廿一"), "{national_day}");
    assert!(national_day.contains("国庆节放假（休）"), "{national_day}");
    let makeup = details(&h, "2026-10-10");
    assert!(makeup.contains("国庆节调休上班（班）"), "{makeup}");
    assert!(!details(&h, "2026-10-20").contains('休'));

    // Clicking a day writes it and closes the page; the report follows.
    day(&h, "2026-10-08").click();
    h.run();
    assert!(!is_open(&h));
    assert_eq!(field_value(&h, "截至日期", 0), "2026-10-08");
    h.get_by_label("按往日查看：之后的销售和收款不计入");
    assert!(!owed(&h, "¥4,000.00"), "S-2 is not sold yet");
    assert!(owed(&h, "¥3,000.00"));

    // Esc closes without a change; the page opens on the typed month.
    picker_beside(&h, "截至日期", 0).click();
    h.run();
    h.get_by_label("2026年10月");
    h.key_press(Key::Escape);
    h.run();
    assert!(!is_open(&h));
    assert_eq!(field_value(&h, "截至日期", 0), "2026-10-08");

    // So does a click elsewhere.
    picker_beside(&h, "截至日期", 0).click();
    h.run();
    assert!(is_open(&h));
    h.get_by_label("按往日查看：之后的销售和收款不计入").click();
    h.run();
    assert!(!is_open(&h));
    assert_eq!(field_value(&h, "截至日期", 0), "2026-10-08");

    // Typing a date works as before.
    typing::replace_text(&mut h, Role::TextInput, "截至日期", "2026年11月5日");
    h.run();
    assert_eq!(field_value(&h, "截至日期", 0), "2026年11月5日");
    assert!(owed(&h, "¥4,000.00"));
}

#[test]
fn a_payment_date_picked_from_the_page_is_saved() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let customer = book(&db);
    // Tall enough for the payment form and its page below the sale form.
    let mut h = harness(&db, 1400.0);
    h.state_mut().send(Command::OpenCustomer(customer));
    h.run();
    h.get_all_by_label_contains("购买与付款")
        .next()
        .expect("the purchases tab")
        .click();
    h.run();

    // The payment form's 日期 comes after the sale form's. A date typed in
    // any form the app reads opens the page on its month.
    h.get_all_by_role_and_label(Role::TextInput, "日期")
        .nth(1)
        .unwrap()
        .focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_all_by_role_and_label(Role::TextInput, "日期")
        .nth(1)
        .unwrap()
        .type_text("2026/10/9");
    h.run();
    assert_eq!(field_value(&h, "日期", 1), "2026/10/9");
    picker_beside(&h, "日期", 1).click();
    h.run();
    h.get_by_label("2026年10月");
    assert!(is_chosen(&h, "2026-10-09"));
    day(&h, "2026-10-05").click();
    h.run();
    assert!(!is_open(&h));
    assert_eq!(field_value(&h, "日期", 1), "2026-10-05");
    assert_eq!(
        field_value(&h, "日期", 0),
        "2026-11-23",
        "the sale's date is left alone"
    );

    let amount = h
        .get_all_by_role_and_label(Role::TextInput, "金额")
        .nth(1)
        .unwrap();
    amount.focus();
    h.run();
    h.get_all_by_role_and_label(Role::TextInput, "金额")
        .nth(1)
        .unwrap()
        .type_text("500");
    h.run();
    h.get_by_label("保存收款").click();
    h.run();
    let store = h.state().store().unwrap();
    let payments = store.payments_for(customer).unwrap();
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0].date, d(10, 5));
    assert_eq!(payments[0].amount, Money::from_yuan(500));
}
