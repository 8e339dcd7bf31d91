//! UI flows driven through egui_kittest (no GPU): creating a customer
//! through the form, finding it by pinyin initials, logging a contact,
//! inline validation, and the unsaved-changes guard. Chinese UI; a missing
//! glyph panics (kittest's default `MissingGlyphPolicy::Panic`).

use crate::common::app_harness;
use chrono::NaiveDate;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use genjin::ui::{GenjinApp, Section};
use tempfile::TempDir;

fn harness(dir: &TempDir) -> Harness<'static, GenjinApp> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date");
    app_harness::open_app(&dir.path().join("shop.sqlite"), today, 800.0)
}

fn text_input<'a>(h: &'a Harness<'static, GenjinApp>, label: &'a str) -> egui_kittest::Node<'a> {
    h.get_by_role_and_label(Role::TextInput, label)
}

fn create_customer(h: &mut Harness<'static, GenjinApp>, name: &str, mobile: &str) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    text_input(h, "姓名").focus();
    h.run();
    text_input(h, "姓名").type_text(name);
    h.run();
    text_input(h, "手机").focus();
    h.run();
    text_input(h, "手机").type_text(mobile);
    h.run();
    h.get_by_label("保存").click();
    h.run();
}

#[test]
fn empty_book_offers_the_demo_shop() {
    let dir = TempDir::new().unwrap();
    let mut h = harness(&dir);
    h.run();
    h.get_by_label("打开演示店铺");
    h.get_by_label("录入第一位客户");
    assert_eq!(h.state().section(), Section::Home);
}

#[test]
fn create_a_customer_through_the_form_and_find_it_by_pinyin_initials() {
    let dir = TempDir::new().unwrap();
    let mut h = harness(&dir);
    h.run();
    create_customer(&mut h, "张三", "+86 138-0013-8000");
    create_customer(&mut h, "李四", "13912345678");

    let store = h.state().store().unwrap();
    let rows = store.customer_summaries().unwrap();
    let zhang = rows
        .iter()
        .find(|r| r.name == "张三")
        .expect("张三 was saved");
    assert_eq!(
        zhang.mobile, "13800138000",
        "the phone is stored normalised"
    );
    assert_eq!(rows.len(), 2);

    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "搜索客户")
        .type_text("zs");
    h.run();
    let visible = h.state().visible_customer_ids();
    assert_eq!(visible, vec![zhang.id], "typing zs finds 张三 only");
    h.get_by_label("显示 1 / 共 2 位客户");
}

#[test]
fn a_name_with_an_extension_b_character_renders_and_is_found_by_pinyin() {
    // 𠮷 (U+20BB7) is beyond the Basic Multilingual Plane; drawing it with
    // a font that lacks it would panic (MissingGlyphPolicy::Panic), and the
    // harness has only the bundled fonts, never the machine's.
    let dir = TempDir::new().unwrap();
    let mut h = harness(&dir);
    h.run();
    create_customer(&mut h, "𠮷田", "13800138000");
    create_customer(&mut h, "田七", "13912345678");
    let id = h
        .state()
        .store()
        .unwrap()
        .customer_summaries()
        .unwrap()
        .iter()
        .find(|r| r.name == "𠮷田")
        .expect("𠮷田 was saved")
        .id;
    for query in ["jt", "jitian"] {
        h.key_press_modifiers(Modifiers::COMMAND, Key::F);
        h.run();
        h.get_by_role_and_label(Role::TextInput, "搜索客户").focus();
        h.run();
        h.key_press_modifiers(Modifiers::COMMAND, Key::A);
        h.run();
        h.get_by_role_and_label(Role::TextInput, "搜索客户")
            .type_text(query);
        h.run();
        assert_eq!(h.state().visible_customer_ids(), vec![id], "query {query}");
    }
    // The list row, and the card opened from it, show the name.
    h.get_by_label("𠮷田").click();
    h.run();
    assert!(
        h.query_all_by_label_contains("𠮷田").count() >= 2,
        "the name shows in the list and on the card"
    );
}

#[test]
fn bad_input_shows_inline_messages_and_keeps_what_was_typed() {
    let dir = TempDir::new().unwrap();
    let mut h = harness(&dir);
    h.run();
    create_customer(&mut h, "王五", "1380013");
    h.get_by_label("⚠ 手机号应为 11 位，以 1 开头");
    assert_eq!(text_input(&h, "手机").value().as_deref(), Some("1380013"));
    assert_eq!(
        h.state().store().unwrap().customer_count().unwrap(),
        0,
        "nothing is saved while invalid"
    );

    text_input(&h, "手机").focus();
    h.run();
    h.key_press(Key::End);
    text_input(&h, "手机").type_text("8000");
    h.run();
    h.get_by_label("保存").click();
    h.run();
    let rows = h.state().store().unwrap().customer_summaries().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].mobile, "13800138000");
}

#[test]
fn a_second_customer_with_the_same_phone_gets_a_duplicate_warning() {
    let dir = TempDir::new().unwrap();
    let mut h = harness(&dir);
    h.run();
    create_customer(&mut h, "张三", "13800138000");
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    text_input(&h, "手机").focus();
    h.run();
    text_input(&h, "手机").type_text("138 0013 8000");
    h.run();
    h.get_by_label("⚠ 号码 13800138000 已经登记在客户\"张三\"名下");
    h.get_by_label("打开那张卡片");
}

#[test]
fn add_a_contact_entry_on_the_card() {
    let dir = TempDir::new().unwrap();
    let mut h = harness(&dir);
    h.run();
    create_customer(&mut h, "赵六", "13600001111");
    h.get_by_label("跟踪记录 (0)").click();
    h.run();
    let summary = h.get_by_role_and_label(Role::MultilineTextInput, "谈了什么");
    summary.focus();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "谈了什么")
        .type_text("回访冰箱使用情况，很满意");
    h.run();
    text_input(&h, "下次联系日期").focus();
    h.run();
    text_input(&h, "下次联系日期").type_text("2026-12-20");
    h.run();
    h.get_by_label("保存这条记录").click();
    h.run();

    let store = h.state().store().unwrap();
    let id = store.customer_summaries().unwrap()[0].id;
    let log = store.contacts_for(id).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].summary, "回访冰箱使用情况，很满意");
    assert_eq!(log[0].next_contact, NaiveDate::from_ymd_opt(2026, 12, 20));
    h.get_by_label("跟踪记录 (1)");
    assert_eq!(
        h.query_all_by_label("下次联系：2026-12-20").count(),
        2,
        "the next contact shows in the card header and on the log"
    );
}

#[test]
fn leaving_a_dirty_card_asks_first() {
    let dir = TempDir::new().unwrap();
    let mut h = harness(&dir);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    text_input(&h, "姓名").focus();
    h.run();
    text_input(&h, "姓名").type_text("孙七");
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num1);
    h.run();
    h.get_by_label("有未保存的修改");
    h.get_by_label("继续编辑").click();
    h.run();
    assert_eq!(h.state().section(), Section::Customers);
    assert_eq!(
        text_input(&h, "姓名").value().as_deref(),
        Some("孙七"),
        "the typed name is still there"
    );

    h.key_press_modifiers(Modifiers::COMMAND, Key::Num1);
    h.run();
    h.get_by_label("保存后继续").click();
    h.run();
    assert_eq!(h.state().section(), Section::Home);
    assert_eq!(h.state().store().unwrap().customer_count().unwrap(), 1);
}

#[test]
fn shortcuts_switch_sections() {
    let dir = TempDir::new().unwrap();
    let mut h = harness(&dir);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    h.run();
    assert_eq!(h.state().section(), Section::Calendar);
    h.get_by_label("2026年11月");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    h.run();
    assert_eq!(h.state().section(), Section::AfterSales);
    h.get_by_label("意见卡");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num5);
    h.run();
    assert_eq!(h.state().section(), Section::Receivables);
    h.get_by_label("账龄");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num6);
    h.run();
    assert_eq!(h.state().section(), Section::Retention);
    h.get_by_label("ABC 分级");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num8);
    h.run();
    assert_eq!(h.state().section(), Section::Settings);
}

#[test]
fn clicking_a_row_opens_the_card_and_its_brief() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("demo.sqlite");
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    genjin::demo::recreate(
        &db,
        &genjin::demo::DemoOptions {
            customers: 40,
            seed: 3,
            today,
        },
    )
    .unwrap();
    let mut h = app_harness::open_app(&db, today, 800.0);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    h.run();
    let first = h.state().visible_customer_ids()[0];
    let name = h
        .state()
        .store()
        .unwrap()
        .customer(first)
        .unwrap()
        .unwrap()
        .name;
    h.get_all_by_label(&name).next().unwrap().click();
    h.run();
    assert_eq!(h.state().customers().unwrap().open_id(), Some(first));
    h.get_by_label("拜访前准备").click();
    h.run();
    h.get_by_label("建议的开场话题");
}

#[test]
fn a_card_typed_before_a_crash_is_offered_back() {
    let dir = TempDir::new().unwrap();
    {
        let mut h = harness(&dir);
        h.run();
        h.key_press_modifiers(Modifiers::COMMAND, Key::N);
        h.run();
        text_input(&h, "姓名").focus();
        h.run();
        text_input(&h, "姓名").type_text("周八");
        h.run();
        // The draft is written within a second of the last change.
        app_harness::pass_seconds(&mut h, 1.0);
        h.run();
        let store = h.state().store().unwrap();
        assert!(store.draft("customer_card", "current").unwrap().is_some());
        // Dropped here without saving or discarding: as if the power went out.
    }
    let mut h = harness(&dir);
    h.run();
    assert_eq!(
        h.state().section(),
        Section::Customers,
        "the app opens where the lost work is"
    );
    h.get_by_label_contains("上次有一张客户卡片没来得及保存（周八");
    h.get_by_label("恢复这张卡片").click();
    h.run();
    assert_eq!(text_input(&h, "姓名").value().as_deref(), Some("周八"));
    h.get_by_label("保存").click();
    h.run();
    let store = h.state().store().unwrap();
    assert_eq!(store.customer_summaries().unwrap()[0].name, "周八");
    assert!(
        store.draft("customer_card", "current").unwrap().is_none(),
        "saving removes the draft"
    );
}

#[test]
fn a_half_typed_contact_is_saved_by_the_leave_dialog_not_lost() {
    let dir = TempDir::new().unwrap();
    let mut h = harness(&dir);
    h.run();
    create_customer(&mut h, "吴九", "13700002222");
    h.get_by_label("跟踪记录 (0)").click();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "谈了什么")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "谈了什么")
        .type_text("问热水器安装时间");
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num1);
    h.run();
    h.get_by_label("有未保存的修改");
    h.get_by_label("保存后继续").click();
    h.run();
    assert_eq!(h.state().section(), Section::Home);
    let store = h.state().store().unwrap();
    let id = store.customer_summaries().unwrap()[0].id;
    let log = store.contacts_for(id).unwrap();
    assert_eq!(log.len(), 1, "the entry being typed was recorded");
    assert_eq!(log[0].summary, "问热水器安装时间");
}

#[test]
fn a_sale_and_a_payment_make_the_balance_and_a_repeated_sale_number_is_refused() {
    let dir = TempDir::new().unwrap();
    let mut h = harness(&dir);
    h.run();
    create_customer(&mut h, "郑十", "13500003333");
    h.get_by_label("购买与付款 (0)").click();
    h.run();
    let sale_fields = [
        ("商品", "冰箱 BCD-520"),
        ("金额", "3,999.50"),
        ("单号", "XS-1"),
    ];
    for _ in 0..2 {
        for (label, value) in sale_fields {
            // The sale form's fields come first (the payment form also has 金额).
            let node = h
                .get_all_by_role_and_label(Role::TextInput, label)
                .next()
                .unwrap();
            node.focus();
            h.run();
            let node = h
                .get_all_by_role_and_label(Role::TextInput, label)
                .next()
                .unwrap();
            node.type_text(value);
            h.run();
        }
        h.get_by_label("保存销售").click();
        h.run();
    }
    h.get_by_label("⚠ 单号 XS-1 已经存在，同一笔销售不会重复记账");
    let amount = h
        .get_all_by_role_and_label(Role::TextInput, "金额")
        .nth(1)
        .unwrap();
    amount.focus();
    h.run();
    h.get_all_by_role_and_label(Role::TextInput, "金额")
        .nth(1)
        .unwrap()
        .type_text("1000");
    h.run();
    h.get_by_label("保存收款").click();
    h.run();
    let store = h.state().store().unwrap();
    let id = store.customer_summaries().unwrap()[0].id;
    assert_eq!(
        store.sales_for(id).unwrap().len(),
        1,
        "the repeated number was not recorded twice"
    );
    assert_eq!(
        store.balance_of(id).unwrap(),
        genjin::domain::money::Money(299_950)
    );
    h.get_by_label("客户欠款 ¥2,999.50");
}

#[test]
fn a_customer_with_an_unreadable_cell_is_left_out_of_the_list_and_named_in_the_status_line() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let now = NaiveDate::from_ymd_opt(2026, 11, 1)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a valid time");
    let mut store = genjin::store::Store::open(&db).unwrap();
    let ids = ["张三", "李四", "王五"].map(|name| {
        store
            .save_customer(&genjin::domain::customer::Customer::new(name, now))
            .unwrap()
    });
    drop(store);
    // Another program leaves a blob where 王五's mobile belongs.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE customers SET mobile = X'FF' WHERE id = ?1",
            [ids[2]],
        )
        .unwrap();

    let mut h = harness(&dir);
    h.run();
    h.state_mut()
        .send(genjin::ui::Command::Navigate(Section::Customers));
    h.run();
    assert_eq!(h.state().section(), Section::Customers);
    h.get_by_label("张三");
    h.get_by_label("李四");
    assert!(h.query_by_label("王五").is_none());
    h.get_by_label(&format!(
        "1 位客户的资料里有无法读取的内容，没有列出（例如客户 {} 的 mobile 栏）。可以运行 genjin check 检查账本。",
        ids[2]
    ));
}
