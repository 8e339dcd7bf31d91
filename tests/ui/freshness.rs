//! Every view that shows a figure changes when the book changes: an open
//! customer card follows a return credited to the account (recorded in
//! After-sales, or by another connection to the file), its purchases tab
//! lists the credit, its header class follows the recomputed classes, and
//! the Calendar's day list shows the chosen day's people after the month
//! changes and drops a person once contacted. Chinese UI.

use std::path::Path;

use crate::common::{app_harness, typing};
use chrono::NaiveDate;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use genjin::domain::customer::{Customer, CustomerClass};
use genjin::domain::money::Money;
use genjin::domain::returns::{RefundTo, ReturnEntry, ReturnOutcome, ReturnReason};
use genjin::domain::sale::Sale;
use genjin::domain::warranty::GoodsCondition;
use genjin::domain::yearly::YearlyDate;
use genjin::store::{OpenMode, Store};
use genjin::ui::aftersales::Tab;
use genjin::ui::{Command, GenjinApp, Section};
use tempfile::TempDir;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("a valid date")
}

fn sale(customer_id: i64, product: &str, yuan: i64) -> Sale {
    Sale {
        id: None,
        customer_id,
        number: None,
        date: day(11, 2),
        product: product.into(),
        quantity: 1,
        amount: Money::from_yuan(yuan),
        due_date: day(12, 2),
        terms_days: None,
        note: String::new(),
        created_at: day(11, 2).and_hms_opt(10, 0, 0).expect("a valid time"),
    }
}

/// 王芳 owes ¥3,500 for a washing machine; 李强 paid for a kettle.
fn book(db: &Path) -> (i64, i64) {
    let mut store = Store::open(db).expect("the test book opens");
    let created = day(10, 1).and_hms_opt(9, 0, 0).expect("a valid time");
    let wang = store
        .save_customer(&Customer::new("王芳", created))
        .expect("the test book saves the card");
    let li = store
        .save_customer(&Customer::new("李强", created))
        .expect("the test book saves the card");
    store
        .add_sale(&sale(wang, "洗衣机", 3_500))
        .expect("the test book records the sale");
    store
        .add_sale(&sale(li, "电热水壶", 100))
        .expect("the test book records the sale");
    (wang, li)
}

fn harness(db: &Path) -> Harness<'static, GenjinApp> {
    app_harness::open_app(db, today(), 1300.0)
}

fn click(h: &mut Harness<'static, GenjinApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

/// Types into the first text input labelled `label` (the sale form's
/// amount comes before the payment form's).
fn type_first(h: &mut Harness<'static, GenjinApp>, label: &str, text: &str) {
    h.get_all_by_role_and_label(Role::TextInput, label)
        .next()
        .expect("the labelled input is on screen")
        .focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_all_by_role_and_label(Role::TextInput, label)
        .next()
        .expect("the labelled input is on screen")
        .type_text(text);
    h.run();
}

/// What the card form's class field shows.
fn class_field(h: &Harness<'static, GenjinApp>) -> String {
    h.get_by_role_and_label(Role::ComboBox, "客户类别")
        .value()
        .unwrap_or_default()
}

fn open_card(h: &mut Harness<'static, GenjinApp>, id: i64) {
    h.state_mut().send(Command::OpenCustomer(id));
    h.run();
}

fn listed_balance(h: &Harness<'static, GenjinApp>, id: i64) -> Money {
    h.state()
        .directory()
        .expect("a book is open")
        .rows()
        .iter()
        .find(|r| r.id == id)
        .expect("the customer is listed")
        .balance
}

/// A ¥500 refund of the washing machine credited to 王芳's account.
fn credit_refund(customer: i64) -> ReturnEntry {
    ReturnEntry {
        id: None,
        date: today(),
        customer_id: Some(customer),
        sale_id: None,
        product: "洗衣机".into(),
        quantity: 1,
        reason: ReturnReason::Quality,
        condition: GoodsCondition::Used,
        outcome: ReturnOutcome::Refund,
        refund: Money::from_yuan(500),
        refund_to: RefundTo::Account,
        note: String::new(),
        complaint_id: None,
    }
}

#[test]
fn the_open_card_follows_a_credit_refund_recorded_in_after_sales() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let (wang, _) = book(&db);
    let mut h = harness(&db);
    h.run();
    open_card(&mut h, wang);
    h.get_by_label("欠款 ¥3,500.00");
    h.get_by_label("售后 (0)");

    // A return recorded in After-sales while the card stays open.
    h.state_mut().send(Command::Navigate(Section::AfterSales));
    h.run();
    click(&mut h, "退换货登记");
    assert_eq!(h.state_mut().aftersales().unwrap().tab(), Tab::Returns);
    h.state_mut()
        .aftersales()
        .unwrap()
        .returns
        .form_mut(today())
        .customer = Some((wang, "王芳".into()));
    h.run();
    typing::replace_text(&mut h, Role::TextInput, "产品", "洗衣机");
    typing::replace_text(&mut h, Role::TextInput, "退款", "500");
    click(&mut h, "冲抵欠款");
    click(&mut h, "登记");
    h.get_by_label("已登记：洗衣机");

    h.state_mut().send(Command::Navigate(Section::Customers));
    h.run();
    assert_eq!(listed_balance(&h, wang), Money::from_yuan(3_000));
    h.get_by_label("欠款 ¥3,000.00");
    assert!(h.query_by_label("欠款 ¥3,500.00").is_none());
    click(&mut h, "售后 (1)");
    h.get_by_label("¥500.00 (冲抵欠款)");

    // The purchases tab adds up to the balance, the credit included.
    click(&mut h, "购买与付款 (1)");
    h.get_by_label("客户欠款 ¥3,000.00");
    h.get_by_label("销售 ¥3,500.00 − 收款 ¥0.00 − 退款记入账户 ¥500.00");
    h.get_by_label("退款记入账户");
    h.get_by_label("退货 洗衣机 × 1");
}

#[test]
fn the_open_card_follows_a_refund_written_by_another_connection() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let (wang, _) = book(&db);
    let mut h = harness(&db);
    h.run();
    open_card(&mut h, wang);
    click(&mut h, "售后 (0)");
    h.get_by_label("没有退换货记录。");

    // Someone is typing on the card when another window records the return.
    click(&mut h, "卡片");
    typing::replace_text(&mut h, Role::MultilineTextInput, "备注", "想换滚筒的");
    let mut other = Store::open_with(&db, OpenMode::Reader).expect("a second connection opens");
    other
        .save_return(&credit_refund(wang))
        .expect("the other connection records the return");
    h.run();

    h.get_by_label("欠款 ¥3,000.00");
    h.get_by_label("售后 (1)");
    assert_eq!(listed_balance(&h, wang), Money::from_yuan(3_000));
    // What was typed is still there, and still unsaved.
    assert_eq!(
        h.get_by_role_and_label(Role::MultilineTextInput, "备注")
            .value()
            .as_deref(),
        Some("想换滚筒的")
    );
    assert!(h.state().customers().unwrap().is_dirty());
    click(&mut h, "售后 (1)");
    h.get_by_label("¥500.00 (冲抵欠款)");
}

#[test]
fn the_header_class_follows_the_recomputed_classes() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let (_, li) = book(&db);
    let mut h = harness(&db);
    h.run();
    open_card(&mut h, li);
    h.get_by_label("C 类");
    assert_eq!(class_field(&h), "自动（目前 C）");

    // A big sale on the card's own tab makes 李强 the best customer.
    click(&mut h, "购买与付款 (1)");
    typing::replace_text(&mut h, Role::TextInput, "商品", "冰箱");
    type_first(&mut h, "金额", "20000");
    click(&mut h, "保存销售");
    let store = h.state().store().unwrap();
    assert_eq!(
        store.customer(li).unwrap().unwrap().class(),
        CustomerClass::A
    );
    h.get_by_label("A 类");
    assert!(h.query_by_label("C 类").is_none());
    let row_class = h
        .state()
        .directory()
        .unwrap()
        .rows()
        .iter()
        .find(|r| r.id == li)
        .unwrap()
        .class;
    assert_eq!(row_class, CustomerClass::A);
    click(&mut h, "卡片");
    assert_eq!(class_field(&h), "自动（目前 A）");

    // Saving the card does not put the old class back.
    typing::replace_text(&mut h, Role::MultilineTextInput, "备注", "常来");
    click(&mut h, "保存");
    let saved = h.state().store().unwrap().customer(li).unwrap().unwrap();
    assert_eq!(saved.notes, "常来");
    assert_eq!(saved.class_computed, Some(CustomerClass::A));
    h.get_by_label("A 类");
}

/// 王芳 and 李强 have birthdays today; 张伟, 赵敏 and 陈静 on 23 December.
fn birthday_book(db: &Path) -> Vec<(String, i64)> {
    let mut store = Store::open(db).expect("the test book opens");
    let created = day(1, 5).and_hms_opt(9, 0, 0).expect("a valid time");
    let mut ids = Vec::new();
    for (name, month) in [
        ("王芳", 11),
        ("李强", 11),
        ("张伟", 12),
        ("赵敏", 12),
        ("陈静", 12),
    ] {
        let mut c = Customer::new(name, created);
        c.birthday = Some(YearlyDate::solar(Some(1980), month, 23).expect("a valid date"));
        let id = store
            .save_customer(&c)
            .expect("the test book saves the card");
        ids.push((name.to_string(), id));
    }
    ids
}

fn day_names(h: &Harness<'static, GenjinApp>) -> Vec<String> {
    let mut names = h.state().calendar().expect("a book is open").day_names();
    names.sort();
    names
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    names.sort();
    names
}

#[test]
fn the_day_list_shows_the_chosen_days_people_across_months_and_after_contact() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let ids = birthday_book(&db);
    let mut h = app_harness::open_app(&db, today(), 900.0);
    h.run();
    h.state_mut().send(Command::Navigate(Section::Calendar));
    h.run();
    assert_eq!(day_names(&h), sorted(&["王芳", "李强"]));
    let empty = "这一天没有节日，也没有客户的日子。";

    // A month on, the selection moves with the page: 23 December's people.
    click(&mut h, "›");
    h.run();
    let calendar = h.state().calendar().unwrap();
    assert_eq!(calendar.month_shown(), Some(day(12, 1)));
    assert_eq!(calendar.selected_day(), Some(day(12, 23)));
    assert_eq!(day_names(&h), sorted(&["张伟", "赵敏", "陈静"]));
    assert!(h.query_by_label(empty).is_none());

    // Back, then a day picked on the grid.
    click(&mut h, "‹");
    h.run();
    assert_eq!(day_names(&h), sorted(&["王芳", "李强"]));
    click(&mut h, "2026-11-24");
    h.run();
    assert!(day_names(&h).is_empty());
    h.get_by_label(empty);
    click(&mut h, "2026-11-23");
    h.run();
    assert_eq!(day_names(&h), sorted(&["王芳", "李强"]));

    // Contacted: that person leaves the day's list; the other stays.
    h.get_all_by_label("已联系").next().unwrap().click();
    h.run();
    h.get_by_label("电话").click();
    h.run();
    let store = h.state().store().unwrap();
    let contacted: Vec<&str> = ids
        .iter()
        .filter(|(_, id)| !store.contacts_for(*id).unwrap().is_empty())
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(contacted.len(), 1, "{contacted:?}");
    let other = if contacted[0] == "王芳" {
        "李强"
    } else {
        "王芳"
    };
    assert_eq!(day_names(&h), sorted(&[other]));
    h.run();
    assert_eq!(day_names(&h), sorted(&[other]));
}
