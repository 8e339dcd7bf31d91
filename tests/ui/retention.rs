//! The Retention section in the window: a regular who stopped buying is on
//! the drifting list with the reason in words, a retention attempt is
//! recorded and its outcome changed, a bad date is refused inline, and the
//! ABC tab shows the classes the sales give (computed on opening the book).

use std::path::Path;

use crate::common::{app_harness, typing};
use chrono::NaiveDate;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use genjin::domain::customer::{Customer, CustomerClass, CustomerId};
use genjin::domain::money::Money;
use genjin::domain::retention::{LeaveReason, Outcome};
use genjin::domain::sale::Sale;
use genjin::store::Store;
use genjin::ui::{Command, GenjinApp, Section};
use tempfile::TempDir;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).expect("a valid date")
}

fn sale(store: &mut Store, customer: CustomerId, date: NaiveDate, yuan: i64) {
    store
        .add_sale(&Sale {
            id: None,
            customer_id: customer,
            number: None,
            date,
            product: "净水器滤芯".into(),
            quantity: 1,
            amount: Money::from_yuan(yuan),
            due_date: date,
            terms_days: None,
            note: String::new(),
            created_at: date.and_hms_opt(10, 0, 0).expect("a valid time"),
        })
        .expect("the test book records the sale");
}

/// 老周 bought every month until June; 小林 buys every month still.
fn book(db: &Path) -> (CustomerId, CustomerId) {
    let mut store = Store::open(db).expect("the test book opens");
    let created = d(1, 1).and_hms_opt(9, 0, 0).expect("a valid time");
    let zhou = store
        .save_customer(&Customer::new("老周", created))
        .expect("the test book saves the card");
    let lin = store
        .save_customer(&Customer::new("小林", created))
        .expect("the test book saves the card");
    for m in 3..=6 {
        sale(&mut store, zhou, d(m, 1), 2_000);
    }
    for m in 9..=11 {
        sale(&mut store, lin, d(m, 1), 300);
    }
    (zhou, lin)
}

fn harness(db: &Path) -> Harness<'static, GenjinApp> {
    let mut h = app_harness::open_app(db, today(), 1300.0);
    h.run();
    h.state_mut().send(Command::Navigate(Section::Retention));
    h.run();
    h
}

#[test]
fn a_drifting_regular_gets_a_retention_attempt_recorded() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("book.sqlite");
    let (zhou, _) = book(&db);
    let mut h = harness(&db);
    h.get_by_label("流失预警（1）");
    h.get_by_label("老周").click();
    h.run();
    h.get_by_label("• 已经 175 天没买东西了，平常大约每 31 天来一次。");
    h.get_by_label("还没有记录。");

    // A date in the future is refused and nothing is written.
    typing::replace_text(&mut h, Role::TextInput, "日期", "2026-12-01");
    typing::replace_text(
        &mut h,
        Role::MultilineTextInput,
        "做了什么",
        "上门换滤芯，给老客户价",
    );
    h.get_by_label("保存记录").click();
    h.run();
    h.get_by_label("⚠ 日期不能晚于今天");
    assert!(
        h.state()
            .store()
            .unwrap()
            .retention_notes(zhou)
            .unwrap()
            .is_empty()
    );

    typing::replace_text(&mut h, Role::TextInput, "日期", "2026-11-20");
    h.get_by_label("保存记录").click();
    h.run();
    let notes = h.state().store().unwrap().retention_notes(zhou).unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].attempt, "上门换滤芯，给老客户价");
    assert_eq!(notes[0].reason, LeaveReason::Unknown);
    assert_eq!(notes[0].outcome, Outcome::Pending);

    // The attempt worked.
    h.get_by_label("已挽回").click();
    h.run();
    let notes = h.state().store().unwrap().retention_notes(zhou).unwrap();
    assert_eq!(notes[0].outcome, Outcome::Retained);
}

#[test]
fn the_abc_tab_shows_classes_computed_from_the_sales() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("book.sqlite");
    let (zhou, lin) = book(&db);
    let mut h = harness(&db);
    // Opening the book computed the classes: 老周 made 8,000 of 8,900
    // (A); 小林's 900 start at 89.9%, still inside the next 20% (B).
    let store = h.state().store().unwrap();
    assert_eq!(
        store.customer(zhou).unwrap().unwrap().class_computed,
        Some(CustomerClass::A)
    );
    assert_eq!(
        store.customer(lin).unwrap().unwrap().class_computed,
        Some(CustomerClass::B)
    );
    h.get_by_label("ABC 分级").click();
    h.run();
    h.get_by_label("¥8,000.00");
    assert_eq!(
        h.get_all_by_label("89.8%").count(),
        2,
        "share and cumulative share"
    );
    h.get_by_label("100.0%");
    h.get_by_label("重新计算").click();
    h.run();
    h.get_by_label("已重新计算，0 位客户的类别有变化");
}
