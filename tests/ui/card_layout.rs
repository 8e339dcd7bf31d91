//! The customer card's layout and messages in a small window (1024×640,
//! Chinese): every tab is reachable and Ctrl+PageDown/PageUp step through
//! them; a new card opens at its top with Name focused; a search shows the
//! list's first match; a message appears when a field is left and goes as
//! soon as the value is fixed, under its own field; the header's buttons
//! keep their places; the delete dialog counts what goes with the customer.

use std::path::Path;

use crate::common::{app_harness, typing};
use chrono::{NaiveDate, NaiveDateTime};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use genjin::domain::complaint::{Complaint, ComplaintRules};
use genjin::domain::contact::{ContactChannel, ContactEntry, ContactPurpose};
use genjin::domain::customer::{Customer, FamilyMember, Relation};
use genjin::domain::money::Money;
use genjin::domain::phone::Phone;
use genjin::domain::promise::{Recurrence, ServicePromise};
use genjin::domain::receivables::ladder::{LogEntry, StepKind};
use genjin::domain::returns::{RefundTo, ReturnEntry, ReturnOutcome, ReturnReason};
use genjin::domain::sale::{Payment, Sale};
use genjin::domain::warranty::GoodsCondition;
use genjin::i18n::{Language, phone_error};
use genjin::store::Store;
use genjin::ui::{Command, GenjinApp};
use tempfile::TempDir;

const WIDTH: f32 = 1024.0;
const HEIGHT: f32 = 640.0;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
}

fn at(day: u32, hour: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, day)
        .and_then(|d| d.and_hms_opt(hour, 0, 0))
        .expect("a valid time")
}

fn small_window(db: &Path) -> Harness<'static, GenjinApp> {
    let mut h =
        app_harness::open_app_sized(db, today(), Language::Chinese, egui::vec2(WIDTH, HEIGHT));
    h.run();
    h
}

fn text_input<'a>(h: &'a Harness<'static, GenjinApp>, label: &'a str) -> egui_kittest::Node<'a> {
    h.get_by_role_and_label(Role::TextInput, label)
}

fn focus(h: &mut Harness<'static, GenjinApp>, label: &str) {
    text_input(h, label).focus();
    h.run();
}

fn open_card(h: &mut Harness<'static, GenjinApp>, id: i64) {
    h.state_mut().send(Command::OpenCustomer(id));
    h.run();
}

/// A customer with a long card (family members push the form far below
/// the window) and one of everything recorded for them.
fn full_book(db: &Path) -> i64 {
    let mut store = Store::open(db).expect("the test book opens");
    let mut c = Customer::new("钱多多", at(1, 9));
    c.mobile = "13800138000".into();
    for i in 0..8 {
        c.family.push(FamilyMember {
            relation: Relation::Child,
            name: format!("孩子{i}"),
            birthday: None,
            note: String::new(),
        });
    }
    let id = store.save_customer(&c).expect("the card is saved");
    for day in [2, 3] {
        store
            .add_contact(&ContactEntry {
                id: None,
                customer_id: id,
                at: at(day, 10),
                channel: ContactChannel::Phone,
                purpose: ContactPurpose::AfterSales,
                summary: "回访".into(),
                outcome: String::new(),
                referral_asked: false,
                next_contact: None,
            })
            .expect("the contact is logged");
    }
    store
        .save_promise(&ServicePromise {
            id: None,
            customer_id: id,
            description: "空调清洗".into(),
            first_due: today(),
            recurrence: Recurrence::Once,
            ended: false,
            created_at: at(2, 9),
            records: Vec::new(),
        })
        .expect("the promise is saved");
    let sale = Sale {
        id: None,
        customer_id: id,
        number: None,
        date: at(4, 9).date(),
        product: "冰箱".into(),
        quantity: 1,
        amount: Money::from_yuan(3_000),
        due_date: at(30, 9).date(),
        terms_days: None,
        note: String::new(),
        created_at: at(4, 9),
    };
    let sale_id = store.add_sale(&sale).expect("the sale is saved");
    store
        .add_payment(&Payment {
            id: None,
            customer_id: id,
            sale_id: Some(sale_id),
            date: at(5, 9).date(),
            amount: Money::from_yuan(1_000),
            method: "微信".into(),
            note: String::new(),
            created_at: at(5, 9),
        })
        .expect("the payment is saved");
    let case = store
        .save_complaint(&Complaint::new(id, at(6, 9)), &ComplaintRules::default())
        .expect("the complaint is saved");
    let photo = db.with_file_name("划痕.jpg");
    std::fs::write(&photo, b"\xFF\xD8\xFF\xE0 photo bytes").expect("the photo is written");
    store
        .add_attachment(case, &photo)
        .expect("the photo is attached");
    store
        .save_return(&ReturnEntry {
            id: None,
            date: at(7, 9).date(),
            customer_id: Some(id),
            sale_id: Some(sale_id),
            product: "冰箱".into(),
            quantity: 1,
            reason: ReturnReason::Quality,
            condition: GoodsCondition::Used,
            outcome: ReturnOutcome::Exchange,
            refund: Money::ZERO,
            refund_to: RefundTo::PaidOut,
            note: String::new(),
            complaint_id: None,
        })
        .expect("the return is saved");
    store
        .add_collection_entry(&LogEntry {
            id: None,
            customer_id: id,
            date: at(8, 9).date(),
            step: StepKind::Notice,
            who: "店长".into(),
            said: "提醒付款".into(),
            promise: None,
            created_at: at(8, 9),
        })
        .expect("the collection step is logged");
    id
}

const TABS: [&str; 7] = [
    "卡片",
    "拜访前准备",
    "跟踪记录 (2)",
    "服务承诺 (1)",
    "购买与付款 (1)",
    "收款",
    "售后 (2)",
];

#[test]
fn every_card_tab_is_reachable_in_a_small_window_and_by_keyboard() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let id = full_book(&db);
    let mut h = small_window(&db);
    open_card(&mut h, id);
    for tab in TABS {
        let rect = h.get_by_role_and_label(Role::Button, tab).rect();
        assert!(
            rect.max.x <= WIDTH && rect.max.y <= HEIGHT,
            "the tab {tab} lies inside the window: {rect:?}"
        );
        h.get_by_role_and_label(Role::Button, tab).click();
        h.run();
    }
    // The last click opened 售后; its own content shows.
    h.get_by_label("＋ 登记投诉");

    // Ctrl+PageDown wraps round to the first tab, Ctrl+PageUp goes back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::PageDown);
    h.run();
    focus(&mut h, "姓名");
    h.key_press_modifiers(Modifiers::COMMAND, Key::PageDown);
    h.run();
    assert!(
        h.query_by_role_and_label(Role::TextInput, "姓名").is_none(),
        "the next tab replaced the form"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::PageUp);
    h.run();
    text_input(&h, "姓名");
}

#[test]
fn a_new_customer_opens_at_the_top_with_the_name_focused() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let id = full_book(&db);
    let mut h = small_window(&db);
    open_card(&mut h, id);
    h.get_by_role_and_label(Role::MultilineTextInput, "备注")
        .scroll_to_me();
    h.run();
    assert!(
        text_input(&h, "姓名").rect().max.y < 0.0,
        "the long card was scrolled past its Name"
    );

    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.run();
    let name = text_input(&h, "姓名");
    assert!(name.is_focused(), "Name has the keyboard focus");
    let mobile = text_input(&h, "手机").rect();
    assert!(
        name.rect().min.y > 0.0 && mobile.max.y < HEIGHT,
        "Name and Mobile are on screen: {:?} {mobile:?}",
        name.rect()
    );
}

#[test]
fn a_search_shows_the_first_match_at_the_top_of_the_list() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let oldest = {
        let mut store = Store::open(&db).expect("the test book opens");
        let mut first = None;
        for i in 1..=150 {
            let created = at(1, 0) + chrono::Duration::minutes(i);
            let id = store
                .save_customer(&Customer::new(&format!("王{i:03}"), created))
                .expect("the card is saved");
            first.get_or_insert(id);
        }
        first.expect("150 customers")
    };
    let mut h = small_window(&db);
    // The newest first: opening the oldest scrolls the list to its end.
    open_card(&mut h, oldest);
    assert!(
        h.query_all_by_label("王001").count() >= 2,
        "the row and the card"
    );
    assert!(
        h.query_by_label("王150").is_none(),
        "the list is scrolled down"
    );

    typing::replace_text(&mut h, Role::TextInput, "搜索客户", "王1");
    h.run();
    assert_eq!(h.state().visible_customer_ids().len(), 51);
    let first = h.get_by_label("王150").rect();
    assert!(
        first.min.y > 0.0 && first.max.y < HEIGHT,
        "the first match is on screen: {first:?}"
    );
}

#[test]
fn a_field_shows_its_message_when_left_and_loses_it_when_fixed() {
    let dir = TempDir::new().unwrap();
    let mut h = small_window(&dir.path().join("shop.sqlite"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    let letters = format!(
        "⚠ {}",
        phone_error(&Phone::parse("138abc").expect_err("letters are no phone"))
    );

    focus(&mut h, "手机");
    text_input(&h, "手机").type_text("138abc");
    h.run();
    assert!(
        h.query_by_label(&letters).is_none(),
        "nothing is said while the phone is being typed"
    );
    focus(&mut h, "其他电话");
    h.get_by_label(&letters);

    typing::replace_text(&mut h, Role::TextInput, "手机", "13800138000");
    assert!(
        h.query_by_label(&letters).is_none(),
        "the message goes as soon as the phone is right"
    );

    // A negative credit limit says so, in any spelling, and goes when fixed.
    for typed in ["-500", "¥-500"] {
        typing::replace_text(&mut h, Role::TextInput, "信用额度", typed);
        focus(&mut h, "姓名");
        h.get_by_label("⚠ 信用额度不能为负数");
    }
    typing::replace_text(&mut h, Role::TextInput, "信用额度", "3500");
    assert!(h.query_by_label("⚠ 信用额度不能为负数").is_none());
    assert!(
        h.query_by_label("⚠ 这一项必须填写").is_none(),
        "the Name left empty is not reported before Save"
    );
    h.get_by_label("保存").click();
    h.run();
    h.get_by_label("⚠ 这一项必须填写");
}

#[test]
fn a_duplicate_mobile_is_reported_under_the_mobile() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    full_book(&db);
    let mut h = small_window(&db);
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    focus(&mut h, "手机");
    text_input(&h, "手机").type_text("13800138000");
    h.run();
    let warning = h
        .get_by_label("⚠ 号码 13800138000 已经登记在客户\"钱多多\"名下")
        .rect();
    let mobile = text_input(&h, "手机").rect();
    let other = text_input(&h, "其他电话").rect();
    assert!(
        warning.min.y >= mobile.max.y && warning.max.y <= other.min.y,
        "the warning sits between Mobile {mobile:?} and Other phone {other:?}: {warning:?}"
    );
}

#[test]
fn the_header_buttons_keep_their_places_and_delete_counts_what_goes() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let id = full_book(&db);
    let mut h = small_window(&db);
    open_card(&mut h, id);
    let rects = |h: &Harness<'static, GenjinApp>| {
        ["保存", "撤销修改", "删除客户"].map(|b| h.get_by_role_and_label(Role::Button, b).rect())
    };
    let clean = rects(&h);
    focus(&mut h, "姓名");
    h.key_press(Key::End);
    text_input(&h, "姓名").type_text("呀");
    h.run();
    h.get_by_label("●");
    assert_eq!(
        rects(&h),
        clean,
        "dirty: the buttons stayed where they were"
    );
    h.get_by_role_and_label(Role::Button, "撤销修改").click();
    h.run();
    assert!(h.query_by_label("●").is_none());
    assert_eq!(rects(&h), clean, "clean again: the buttons stayed");

    h.get_by_role_and_label(Role::Button, "删除客户").click();
    h.run();
    h.get_by_label(
        "将一并删除：2 条跟踪记录、1 项服务承诺、1 笔销售、1 笔收款、1 个投诉案例、\
         案例里的 1 张照片、1 条催收记录。",
    );
    h.get_by_label("1 条退换货留在退换货登记里，不再关联这位客户。");
    h.get_by_label("确认删除").click();
    h.run();
    let store = h.state().store().expect("a book is open");
    assert_eq!(store.customer_count().unwrap(), 0);
    assert_eq!(
        store.returns().unwrap().len(),
        1,
        "the return stays in the log, as the dialog said"
    );
}
