//! Collection and credit control driven through egui_kittest in Chinese: a
//! credit sale past the limit or to a blacklisted customer waits for a
//! confirmation (cash never does), a step with a promise to pay is logged
//! on the card's 收款 tab (a bad amount writes nothing), and the
//! Receivables section's 催收 tab lists an overdue customer with their next
//! step and a broken promise. A missing glyph panics.

use std::path::Path;

use crate::common::{app_harness, typing};
use chrono::NaiveDate;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use genjin::domain::customer::Customer;
use genjin::domain::money::Money;
use genjin::domain::receivables::ladder::{LogEntry, StepKind};
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

fn sale(customer: i64, date: NaiveDate, due: NaiveDate, yuan: i64, product: &str) -> Sale {
    Sale {
        id: None,
        customer_id: customer,
        number: None,
        date,
        product: product.into(),
        quantity: 1,
        amount: Money::from_yuan(yuan),
        due_date: due,
        terms_days: None,
        note: String::new(),
        created_at: date.and_hms_opt(10, 0, 0).expect("a valid time"),
    }
}

struct Book {
    /// Limit ¥10,000, owes ¥8,000 (not yet due).
    limited: i64,
    /// Blacklisted, owes nothing.
    blacklisted: i64,
    /// Owes ¥5,000 due 10-15; chased by notice and phone, promised ¥2,000
    /// by 11-10 and paid nothing.
    overdue: i64,
}

fn book(db: &Path) -> Book {
    let mut store = Store::open(db).expect("the test book opens");
    let created = d(9, 1).and_hms_opt(9, 0, 0).expect("a valid time");
    let mut c = Customer::new("李明", created);
    c.credit_limit = Some(Money::from_yuan(10_000));
    let limited = store
        .save_customer(&c)
        .expect("the test book saves the card");
    store
        .add_sale(&sale(limited, d(11, 20), d(12, 20), 8_000, "空调"))
        .expect("the test book records the sale");
    let mut c = Customer::new("赵强", created);
    c.blacklisted = true;
    c.blacklist_reason = "拖欠不还".into();
    let blacklisted = store
        .save_customer(&c)
        .expect("the test book saves the card");
    let overdue = store
        .save_customer(&Customer::new("周丽", created))
        .expect("the test book saves the card");
    store
        .add_sale(&sale(overdue, d(10, 1), d(10, 15), 5_000, "洗衣机"))
        .expect("the test book records the sale");
    for (date, step, promise) in [
        (d(10, 16), StepKind::Notice, None),
        (
            d(10, 22),
            StepKind::Phone,
            Some((d(11, 10), Money::from_yuan(2_000))),
        ),
    ] {
        store
            .add_collection_entry(&LogEntry {
                id: None,
                customer_id: overdue,
                date,
                step,
                who: "店长".into(),
                said: "提醒付款".into(),
                promise,
                created_at: date.and_hms_opt(11, 0, 0).expect("a valid time"),
            })
            .expect("the test book logs the collection step");
    }
    Book {
        limited,
        blacklisted,
        overdue,
    }
}

fn harness(db: &Path) -> Harness<'static, GenjinApp> {
    app_harness::open_app(db, today(), 1500.0)
}

fn click(h: &mut Harness<'static, GenjinApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

/// Types into the first text input labelled `label` (the sale form's
/// fields come before the payment form's).
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

fn open_card(h: &mut Harness<'static, GenjinApp>, id: i64) {
    h.state_mut().send(Command::OpenCustomer(id));
    h.run();
}

fn sales_of(h: &Harness<'static, GenjinApp>, id: i64) -> usize {
    h.state()
        .store()
        .expect("a book is open")
        .sales_for(id)
        .expect("the test book reads the sales")
        .len()
}

#[test]
fn a_credit_sale_past_the_limit_waits_for_a_confirmation() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let b = book(&db);
    let mut h = harness(&db);
    h.run();
    open_card(&mut h, b.limited);
    click(&mut h, "购买与付款 (1)");
    type_first(&mut h, "商品", "冰箱");
    type_first(&mut h, "金额", "3000");
    type_first(&mut h, "账期（天）", "30");
    click(&mut h, "保存销售");
    let warning = "⚠ 超出信用额度：额度 ¥10,000.00，现在欠 ¥8,000.00，加上这笔后欠 ¥11,000.00。";
    h.get_by_label(warning);
    assert_eq!(sales_of(&h, b.limited), 1, "nothing saved before the OK");

    // Not now: the warning goes, everything typed stays.
    click(&mut h, "先不保存");
    assert!(h.query_by_label(warning).is_none());
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "商品")
            .value()
            .as_deref(),
        Some("冰箱")
    );
    assert_eq!(sales_of(&h, b.limited), 1);

    // Confirmed: the sale is saved and the confirmation recorded.
    click(&mut h, "保存销售");
    h.get_by_label(warning);
    click(&mut h, "确认赊销");
    assert_eq!(sales_of(&h, b.limited), 2);
    let store = h.state().store().unwrap();
    let confirmations = store.credit_confirmations(b.limited).unwrap();
    assert_eq!(confirmations.len(), 1);
    assert_eq!(confirmations[0].warning, "over_limit");
    assert_eq!(confirmations[0].amount, Money::from_yuan(3_000));
    assert_eq!(confirmations[0].owed, Money::from_yuan(8_000));
    assert_eq!(confirmations[0].limit, Some(Money::from_yuan(10_000)));
    assert!(h.query_by_label(warning).is_none());
    // The history line on the tab.
    let day = confirmations[0].confirmed_at.format("%Y-%m-%d");
    h.get_by_label(&format!(
        "已确认过 1 笔超规赊销，最近一次：{day} 超额度 ¥3,000.00"
    ));
}

#[test]
fn a_blacklisted_customer_pays_cash_freely_but_credit_warns() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let b = book(&db);
    let mut h = harness(&db);
    h.run();
    open_card(&mut h, b.blacklisted);
    click(&mut h, "购买与付款 (0)");
    type_first(&mut h, "商品", "电风扇");
    type_first(&mut h, "金额", "199");
    click(&mut h, "保存销售");
    assert_eq!(sales_of(&h, b.blacklisted), 1, "cash is never held");
    assert!(h.query_by_label("这笔赊销需要确认").is_none());

    type_first(&mut h, "商品", "电视");
    type_first(&mut h, "金额", "2999");
    type_first(&mut h, "账期（天）", "15");
    click(&mut h, "保存销售");
    h.get_by_label("这笔赊销需要确认");
    h.get_by_label("⚠ 这位顾客在黑名单上，原因：拖欠不还");
    assert_eq!(sales_of(&h, b.blacklisted), 1);
    assert!(
        h.state()
            .store()
            .unwrap()
            .credit_confirmations(b.blacklisted)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_step_with_a_promise_is_logged_on_the_card_and_a_bad_amount_writes_nothing() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let b = book(&db);
    let mut h = harness(&db);
    h.run();
    open_card(&mut h, b.overdue);
    click(&mut h, "收款");
    // What the tab knows: the overdue money, its cost and the next step.
    h.get_by_label("其中已逾期 ¥5,000.00");
    h.get_by_label(
        "按 10% 的利润算，这 ¥5,000.00 要是收不回来，得再卖出 ¥50,000.00 的货才能赚回来。",
    );
    h.get_by_label("下一步：催款函（2026-11-14）");
    h.get_by_label("⚠ 失约");

    typing::replace_text(
        &mut h,
        Role::MultilineTextInput,
        "沟通内容",
        "答应月底先付一部分",
    );
    typing::replace_text(&mut h, Role::TextInput, "经办人", "小王");
    typing::replace_text(&mut h, Role::TextInput, "答应付款日期", "2026-11-30");
    typing::replace_text(&mut h, Role::TextInput, "答应付款金额", "0");
    click(&mut h, "保存记录");
    h.get_by_label("⚠ 答应付款的金额要大于零");
    let log = |h: &Harness<'static, GenjinApp>| {
        h.state()
            .store()
            .unwrap()
            .collection_log(b.overdue)
            .unwrap()
    };
    assert_eq!(log(&h).len(), 2, "nothing written");
    assert_eq!(
        h.get_by_role_and_label(Role::MultilineTextInput, "沟通内容")
            .value()
            .as_deref(),
        Some("答应月底先付一部分"),
        "nothing typed is lost"
    );

    typing::replace_text(&mut h, Role::TextInput, "答应付款金额", "2,000");
    click(&mut h, "保存记录");
    let entries = log(&h);
    assert_eq!(entries.len(), 3);
    let e = &entries[0];
    assert_eq!(e.date, today());
    assert_eq!(
        e.step,
        StepKind::DemandLetter,
        "the form offers the next step"
    );
    assert_eq!(e.who, "小王");
    assert_eq!(e.said, "答应月底先付一部分");
    assert_eq!(e.promise, Some((d(11, 30), Money::from_yuan(2_000))));
    assert!(h.query_by_label("⚠ 答应付款的金额要大于零").is_none());
    // The new promise is pending and shows in the log.
    h.get_by_label("答应 2026-11-30 前付 ¥2,000.00");
}

#[test]
fn the_collection_tab_lists_the_overdue_customer_with_the_next_step_and_a_broken_promise() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let b = book(&db);
    let mut h = harness(&db);
    h.run();
    h.state_mut().send(Command::Navigate(Section::Receivables));
    // The aging tab's grids size themselves over a few frames.
    h.run_steps(8);
    click(&mut h, "催收");
    h.get_by_label("逾期顾客 1 位");
    h.get_by_label("周丽");
    assert!(h.query_by_label("李明").is_none(), "not overdue");
    h.get_by_label("电话催收");
    h.get_by_label("催款函");
    h.get_by_label("2026-11-14");
    h.get_by_label("11-10 付 ¥2,000.00");
    h.get_by_label("⚠ 失约");

    // The filter keeps a customer whose step is late.
    click(&mut h, "只看今天该办和已过期的");
    h.get_by_label("周丽");

    // Picking the row opens the log, the form and the letters beside it.
    click(&mut h, "周丽");
    h.get_by_label("打开客户卡片");
    h.get_by_label("记一笔催收");
    click(&mut h, "生成催款函");
    let letter = h
        .get_by_role_and_label(Role::MultilineTextInput, "催款函内容")
        .value()
        .unwrap_or_default();
    assert!(letter.contains("周丽"), "{letter}");
    assert!(letter.contains("¥5,000.00"), "{letter}");
    click(&mut h, "记为已发出");
    let log = h
        .state()
        .store()
        .unwrap()
        .collection_log(b.overdue)
        .unwrap();
    assert_eq!(log.len(), 3);
    assert_eq!(log[0].step, StepKind::DemandLetter);
    assert_eq!(log[0].date, today());
    // Logged: the next step moves on to the visit, not due yet, so the
    // "due today or late" filter now hides the customer.
    h.get_by_label("下一步：上门拜访（2026-11-29）");
    h.get_by_label("今天没有要办的催收。");
    click(&mut h, "只看今天该办和已过期的");
    h.get_by_label("上门拜访");
}

#[test]
fn the_ladder_days_are_checked_and_saved_in_settings() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    book(&db);
    let mut h = harness(&db);
    h.run();
    h.state_mut().send(Command::Navigate(Section::Settings));
    h.run();
    // The phone call can't come before the notice.
    typing::replace_text(&mut h, Role::TextInput, "电话催收", "0");
    h.get_by_label("⚠ 后面一步的天数要比前一步多");
    click(&mut h, "保存步骤");
    assert_eq!(
        h.state().store().unwrap().ladder().unwrap(),
        genjin::domain::receivables::ladder::Ladder::default(),
        "nothing saved while wrong"
    );
    typing::replace_text(&mut h, Role::TextInput, "电话催收", "10");
    assert!(h.query_by_label("⚠ 后面一步的天数要比前一步多").is_none());
    // The group is at the bottom of the page: bring the button into view.
    h.get_by_label("保存步骤").scroll_to_me();
    h.run();
    click(&mut h, "保存步骤");
    let ladder = h.state().store().unwrap().ladder().unwrap();
    let days: Vec<u32> = ladder.rungs().iter().map(|r| r.after_days).collect();
    assert_eq!(days, [1, 10, 30, 45, 90]);
}
