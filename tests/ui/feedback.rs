//! The feedback section driven through egui_kittest: a card designed from
//! the standard template (with Save held back while it is invalid), a
//! response recorded that wants a reply (the reply's name and phone asked
//! for inline), the reply task listed and closed by logging a reply, and
//! the averages shown; unsaved work survives switching sections and a
//! restart. The store is checked, not only the screen. Chinese UI; a
//! missing glyph panics.

use std::path::Path;

use crate::common::{app_harness, typing};
use chrono::NaiveDate;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use genjin::store::drafts::kinds::{FEEDBACK_CARD, FEEDBACK_RESPONSE};
use genjin::ui::{Command, GenjinApp, Section};
use tempfile::TempDir;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
}

fn harness(db: &Path) -> Harness<'static, GenjinApp> {
    app_harness::open_app(db, today(), 1400.0)
}

fn open_feedback(h: &mut Harness<'static, GenjinApp>) {
    h.run();
    h.state_mut().send(Command::Navigate(Section::AfterSales));
    h.run();
    h.get_by_label("意见卡").click();
    h.run();
}

fn is_enabled(h: &Harness<'static, GenjinApp>, label: &str) -> bool {
    !h.get_by_label(label).accesskit_node().is_disabled()
}

#[test]
fn a_card_a_response_wanting_a_reply_and_the_reply_logged() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let mut h = harness(&db);
    open_feedback(&mut h);
    h.get_by_label("还没有意见卡。新建一张，从标准的六个问题开始修改。");

    // The standard card: six questions, five levels each.
    h.get_by_label("新建意见卡").click();
    h.run();
    assert!(h.state().feedback().unwrap().is_designing());
    for n in 1..=6 {
        h.get_by_label(&format!("问题{n}"));
    }
    h.get_by_role_and_label(Role::TextInput, "问题3");
    assert!(is_enabled(&h, "保存意见卡"));

    // Two questions fewer: four is too few, and Save says so.
    for _ in 0..2 {
        h.get_all_by_label("×").last().unwrap().click();
        h.run();
    }
    h.get_by_label("⚠ 至少要有5个问题");
    h.get_by_label("还有1处需要修改，改好后才能保存");
    assert!(!is_enabled(&h, "保存意见卡"));

    // A fifth question: its text is required before Save works.
    h.get_by_label("添加问题").click();
    h.run();
    h.get_by_label("⚠ 这一项必须填写");
    assert!(!is_enabled(&h, "保存意见卡"));
    typing::replace_text(&mut h, Role::TextInput, "问题5", "还会再来吗？");
    typing::replace_text(&mut h, Role::TextInput, "卡片名称", "门店意见卡");
    assert!(is_enabled(&h, "保存意见卡"));
    h.get_by_label("保存意见卡").click();
    h.run();
    assert!(!h.state().feedback().unwrap().is_designing());

    let cards = h.state().store().unwrap().feedback_cards().unwrap();
    assert_eq!(cards.len(), 1);
    let card = &cards[0];
    let card_id = card.id.unwrap();
    assert_eq!(card.name, "门店意见卡");
    let texts: Vec<&str> = card.questions.iter().map(|q| q.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "商品质量满意吗？",
            "价格合理吗？",
            "送货、安装、维修及时吗？",
            "服务态度好吗？",
            "还会再来吗？"
        ]
    );
    for q in &card.questions {
        assert_eq!(q.levels, ["差", "一般", "好", "很好", "非常好"]);
    }

    // Record a card: 很好 for quality, 差 for price, and a reply wanted.
    h.get_by_label("录入").click();
    h.run();
    h.get_all_by_label("很好").next().unwrap().click(); // the first question
    h.run();
    h.get_all_by_label("差").nth(1).unwrap().click();
    h.run();
    h.get_by_label("希望得到回复").click();
    h.run();
    h.get_by_label("⚠ 要回复，请留下姓名");
    h.get_by_label("⚠ 要回复，请留下电话或联系方式，或者关联客户");
    h.get_by_label("保存这份意见").click();
    h.run();
    let store = h.state().store().unwrap();
    assert_eq!(store.feedback_response_count(card_id).unwrap(), 0);

    typing::replace_text(&mut h, Role::TextInput, "姓名（可不填）", "赵女士");
    typing::replace_text(
        &mut h,
        Role::TextInput,
        "电话或其他联系方式",
        "139 0013 9000",
    );
    typing::replace_text(
        &mut h,
        Role::MultilineTextInput,
        "意见和建议",
        "价格比别家贵，希望店长回个电话",
    );
    assert!(h.query_by_label("⚠ 要回复，请留下姓名").is_none());
    h.get_by_label("保存这份意见").click();
    h.run();
    let responses = h
        .state()
        .store()
        .unwrap()
        .feedback_responses(card_id)
        .unwrap();
    assert_eq!(responses.len(), 1);
    let response = &responses[0];
    assert_eq!(response.date, today());
    assert_eq!(response.name, "赵女士");
    assert_eq!(response.contact, "13900139000");
    assert_eq!(response.answers, [Some(4), Some(1), None, None, None]);
    assert_eq!(response.comment, "价格比别家贵，希望店长回个电话");
    assert!(response.awaits_reply());

    // It waits for a reply until one is logged.
    h.get_by_label("待回复（1）").click();
    h.run();
    h.get_by_label("赵女士");
    h.get_by_label("价格合理吗？：差");
    assert!(!is_enabled(&h, "记录回复"));
    typing::replace_text(
        &mut h,
        Role::MultilineTextInput,
        "回复内容",
        "店长电话解释了价格，送上保养券",
    );
    h.get_by_label("记录回复").click();
    h.run();
    h.get_by_label("待回复（0）");
    h.get_by_label("没有等待回复的意见。");
    let store = h.state().store().unwrap();
    assert!(store.open_feedback_replies().unwrap().is_empty());
    let reply = store.feedback_responses(card_id).unwrap()[0]
        .reply
        .clone()
        .expect("the reply was logged");
    assert_eq!(reply.note, "店长电话解释了价格，送上保养券");
    assert_eq!(h.state().feedback().unwrap().awaiting_replies(), 0);

    // The averages: 4 for quality, 1 for price, from one answer each.
    h.get_by_label("统计").click();
    h.run();
    h.get_by_label("各问题平均分");
    h.get_by_label("4.00 / 5");
    h.get_by_label("1.00 / 5");
    h.get_by_label("共1份回答");
}

#[test]
fn unsaved_work_survives_switching_sections_and_a_restart() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    {
        let mut h = harness(&db);
        open_feedback(&mut h);
        h.get_by_label("新建意见卡").click();
        h.run();
        typing::replace_text(&mut h, Role::TextInput, "卡片名称", "开业回访卡");
        // A half-filled response to an existing card, too.
        h.state_mut().send(Command::Navigate(Section::Home));
        h.run();
        h.state_mut().send(Command::Navigate(Section::AfterSales));
        h.run();
        assert!(h.state().feedback().unwrap().is_designing());
        assert_eq!(
            h.get_by_role_and_label(Role::TextInput, "卡片名称")
                .value()
                .as_deref(),
            Some("开业回访卡")
        );
        // A second after the change the design is in the drafts table.
        app_harness::pass_seconds(&mut h, 1.0);
        let draft = h
            .state()
            .store()
            .unwrap()
            .draft(FEEDBACK_CARD, "current")
            .unwrap()
            .expect("the design was kept as a draft");
        assert!(draft.body.contains("开业回访卡"), "{}", draft.body);
    }

    // After a restart the design comes back, unsaved.
    let mut h = harness(&db);
    open_feedback(&mut h);
    assert!(h.state().feedback().unwrap().is_designing());
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "卡片名称")
            .value()
            .as_deref(),
        Some("开业回访卡")
    );
    h.get_by_label("保存意见卡").click();
    h.run();
    let cards = h.state().store().unwrap().feedback_cards().unwrap();
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].name, "开业回访卡");

    // A half-filled response is kept the same way; saving it clears both drafts.
    h.get_by_label("录入").click();
    h.run();
    typing::replace_text(
        &mut h,
        Role::MultilineTextInput,
        "意见和建议",
        "开业活动很热闹",
    );
    h.state_mut().send(Command::Navigate(Section::Calendar));
    h.run();
    h.state_mut().send(Command::Navigate(Section::AfterSales));
    h.run();
    assert_eq!(
        h.get_by_role_and_label(Role::MultilineTextInput, "意见和建议")
            .value()
            .as_deref(),
        Some("开业活动很热闹")
    );
    app_harness::pass_seconds(&mut h, 1.0);
    let store = h.state().store().unwrap();
    assert!(store.draft(FEEDBACK_CARD, "current").unwrap().is_none());
    let draft = store
        .draft(FEEDBACK_RESPONSE, "current")
        .unwrap()
        .expect("the response was kept as a draft");
    assert!(draft.body.contains("开业活动很热闹"), "{}", draft.body);
    h.get_by_label("保存这份意见").click();
    h.run();
    h.step();
    let store = h.state().store().unwrap();
    assert_eq!(
        store.feedback_response_count(cards[0].id.unwrap()).unwrap(),
        1
    );
    assert!(store.draft(FEEDBACK_RESPONSE, "current").unwrap().is_none());
}
