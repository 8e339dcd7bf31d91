//! The After-sales section driven through egui_kittest in Chinese: a
//! complaint walked through all six steps to closed (with a manager's
//! approval, a declined proposal and the return it records), a draft that
//! survives closing and reopening the app, and the returns form raising the
//! quality alert on the third quality return. A missing glyph panics.

use std::path::Path;

use crate::common::{app_harness, typing};
use chrono::NaiveDate;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use genjin::domain::complaint::{ComplaintStatus, Step};
use genjin::domain::customer::Customer;
use genjin::domain::money::Money;
use genjin::domain::returns::{RefundTo, ReturnOutcome};
use genjin::domain::sale::Sale;
use genjin::store::Store;
use genjin::ui::aftersales::Tab;
use genjin::ui::{Command, GenjinApp, Section};
use tempfile::TempDir;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
}

/// 王芳, who bought a rice cooker five days ago and has not paid yet.
fn book(db: &Path) -> (i64, i64) {
    let mut store = Store::open(db).expect("the test book opens");
    let created = today().and_hms_opt(9, 0, 0).expect("a valid time");
    let id = store
        .save_customer(&Customer::new("王芳", created))
        .expect("the test book saves the card");
    let sale = store
        .add_sale(&Sale {
            id: None,
            customer_id: id,
            number: Some("S-1001".into()),
            date: NaiveDate::from_ymd_opt(2026, 11, 18).expect("a valid date"),
            product: "电饭煲".into(),
            quantity: 1,
            amount: Money::from_yuan(399),
            due_date: NaiveDate::from_ymd_opt(2026, 12, 18).expect("a valid date"),
            terms_days: None,
            note: String::new(),
            created_at: created,
        })
        .expect("the test book records the sale");
    (id, sale)
}

fn harness(db: &Path) -> Harness<'static, GenjinApp> {
    app_harness::open_app(db, today(), 1300.0)
}

fn type_into(h: &mut Harness<'static, GenjinApp>, label: &str, text: &str) {
    typing::replace_text(h, Role::MultilineTextInput, label, text);
}

fn type_line(h: &mut Harness<'static, GenjinApp>, label: &str, text: &str) {
    typing::replace_text(h, Role::TextInput, label, text);
}

fn click(h: &mut Harness<'static, GenjinApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

fn step(h: &mut Harness<'static, GenjinApp>) -> Step {
    h.state_mut()
        .aftersales()
        .expect("the section has been opened")
        .complaints
        .wizard()
        .expect("the wizard is open")
        .case
        .step
}

/// Lets the one-second autosave happen.
fn wait_for_autosave(h: &mut Harness<'static, GenjinApp>) {
    app_harness::pass_seconds(h, 1.0);
    h.run();
}

#[test]
fn a_complaint_walks_through_six_steps_to_closed() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let (customer, sale) = book(&db);
    let mut h = harness(&db);
    h.run();
    // Started from the sale on the card: product and date are filled in.
    h.state_mut().send(Command::NewComplaint {
        customer,
        sale: Some(sale),
    });
    h.run();
    assert_eq!(h.state().section(), Section::AfterSales);
    h.get_by_label("新投诉 · 王芳");
    h.get_by_label("1 倾听");

    // 1 Listen: Next names exactly what is missing.
    click(&mut h, "下一步");
    h.get_by_label("还缺：投诉渠道、投诉来源、顾客的原话、情绪");
    assert_eq!(step(&mut h), Step::Listen);
    click(&mut h, "当面");
    click(&mut h, "产品本身");
    type_into(&mut h, "顾客的原话", "才用了几天就煮不熟饭，太让人失望了！");
    click(&mut h, "3 生气");
    click(&mut h, "下一步");
    assert_eq!(step(&mut h), Step::Apologize);

    // 2 Apologize.
    click(&mut h, "下一步");
    h.get_by_label("还缺：确认已道歉");
    click(&mut h, "已向顾客真诚道歉");
    click(&mut h, "下一步");
    assert_eq!(step(&mut h), Step::Facts);

    // 3 Facts.
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "产品")
            .value()
            .as_deref(),
        Some("电饭煲")
    );
    type_into(&mut h, "发生了什么", "内胆受热不均，底部一圈米是生的");
    click(&mut h, "2 一般");
    click(&mut h, "供应商");
    click(&mut h, "已使用");
    click(&mut h, "下一步");
    assert_eq!(step(&mut h), Step::Solution);

    // 4 Solution: the policy's verdict, a refund with compensation above
    // the clerk's limit, which needs the manager.
    h.get_by_label("购买 5 天，质量问题（30 天内）：可以退货或换货。");
    click(&mut h, "退款");
    type_line(&mut h, "退款金额", "399");
    click(&mut h, "补偿金额");
    type_line(&mut h, "补偿金额", "200");
    h.get_by_label("• 金额 ¥599.00 超过店员权限 ¥500.00");
    click(&mut h, "下一步");
    h.get_by_label("还缺：店长批准");
    type_line(&mut h, "店长姓名", "李店长");
    click(&mut h, "记录批准");
    click(&mut h, "下一步");
    assert_eq!(step(&mut h), Step::Opinion);

    // 5 Opinion: declined first, back to Solution with the reason kept.
    click(&mut h, "不接受");
    type_into(&mut h, "顾客不接受的原因", "想换一台新的，不要退钱");
    click(&mut h, "回到解决方案");
    assert_eq!(step(&mut h), Step::Solution);
    h.get_by_label("顾客上次没有接受，原因：想换一台新的，不要退钱");
    // Next without the approval says what is missing; approving clears it at once.
    click(&mut h, "下一步");
    h.get_by_label("还缺：店长批准");
    click(&mut h, "记录批准");
    assert!(h.query_by_label("还缺：店长批准").is_none());
    click(&mut h, "下一步");
    click(&mut h, "接受");
    click(&mut h, "5 很满意");
    click(&mut h, "下一步");
    assert_eq!(step(&mut h), Step::FollowUp);
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "回访日期")
            .value()
            .as_deref(),
        Some("2026-11-26")
    );

    // 6 Follow-up: closing needs the result.
    click(&mut h, "结案");
    h.get_by_label("还缺：回访结果");
    type_into(&mut h, "回访结果", "退款已收到，顾客说下次还来");
    click(&mut h, "结案");
    h.get_by_label("已结案");

    let store = h.state().store().unwrap();
    let cases = store.complaints_of(customer).unwrap();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].status, ComplaintStatus::Closed);
    let case = store.complaint(cases[0].id).unwrap();
    assert_eq!(case.words, "才用了几天就煮不熟饭，太让人失望了！");
    assert_eq!(case.rejection_reason, "想换一台新的，不要退钱");
    assert_eq!(case.approval.unwrap().manager, "李店长");
    assert_eq!(case.satisfaction, Some(5));
    assert_eq!(case.sale_id, Some(sale));
    // The unpaid sale's refund went onto the account.
    let returns = store.returns_of(customer).unwrap();
    assert_eq!(returns.len(), 1);
    assert_eq!(returns[0].entry.outcome, ReturnOutcome::Refund);
    assert_eq!(returns[0].entry.refund_to, RefundTo::Account);
    assert_eq!(store.balance_of(customer).unwrap(), Money::ZERO);
}

#[test]
fn a_draft_survives_closing_and_reopening_the_app() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let (customer, _) = book(&db);
    {
        let mut h = harness(&db);
        h.run();
        h.state_mut().send(Command::NewComplaint {
            customer,
            sale: None,
        });
        h.run();
        click(&mut h, "电话");
        click(&mut h, "送货");
        type_into(&mut h, "顾客的原话", "约好上午送货，等到下午三点还没人来");
        click(&mut h, "4 非常愤怒");
        click(&mut h, "下一步");
        assert_eq!(step(&mut h), Step::Apologize);
        // Back to add a detail: saved a second after typing, no Next needed.
        click(&mut h, "上一步");
        type_into(
            &mut h,
            "顾客的原话",
            "约好上午送货，等到下午三点还没人来，电话也打不通",
        );
        wait_for_autosave(&mut h);
        click(&mut h, "下一步");
        // The apology is ticked, and the app goes away before Next.
        click(&mut h, "已向顾客真诚道歉");
        wait_for_autosave(&mut h);
    }
    let mut h = harness(&db);
    h.run();
    h.state_mut().send(Command::Navigate(Section::AfterSales));
    h.run();
    h.get_by_label("草稿");
    // The list row opens the case where it stopped, with every word.
    h.get_by_label("王芳").click();
    h.run();
    h.get_by_label("投诉 #1 · 王芳");
    assert_eq!(step(&mut h), Step::Apologize);
    let apologized = h
        .state_mut()
        .aftersales()
        .unwrap()
        .complaints
        .wizard()
        .unwrap()
        .case
        .apologized_at;
    assert!(apologized.is_some(), "the ticked apology was kept");
    h.get_by_label_contains("道歉时间：");
    click(&mut h, "上一步");
    assert_eq!(
        h.get_by_role_and_label(Role::MultilineTextInput, "顾客的原话")
            .value()
            .as_deref(),
        Some("约好上午送货，等到下午三点还没人来，电话也打不通")
    );
}

#[test]
fn the_third_quality_return_raises_the_alert() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    book(&db);
    let mut h = harness(&db);
    h.run();
    h.state_mut().send(Command::Navigate(Section::AfterSales));
    h.run();
    click(&mut h, "退换货登记");
    assert_eq!(h.state_mut().aftersales().unwrap().tab(), Tab::Returns);
    for n in 1..=3 {
        h.get_by_label("登记一件退换货");
        assert!(
            h.query_by_label_contains("质量预警").is_none(),
            "return {n}"
        );
        type_line(&mut h, "产品", "电热水壶 K1");
        h.get_all_by_label("换货").next().unwrap().click();
        h.run();
        click(&mut h, "登记");
        h.get_by_label("已登记：电热水壶 K1");
    }
    h.get_by_label("质量预警：电热水壶 K1 在 30 天内因质量问题退回 3 件");
    h.get_by_label("建议：向供应商反映这个问题，并暂停销售这款产品，直到查明原因。");
    assert_eq!(h.state().store().unwrap().returns().unwrap().len(), 3);

    // Acknowledged with a note, the banner goes; the note is kept.
    click(&mut h, "已知晓…");
    type_line(&mut h, "处理说明", "已联系厂家，暂停销售");
    click(&mut h, "确认");
    assert!(h.query_by_label_contains("质量预警").is_none());
    let alerts = h.state().store().unwrap().quality_alerts(today()).unwrap();
    assert_eq!(alerts.len(), 1);
    assert_eq!(
        alerts[0].acknowledged.as_ref().unwrap().note,
        "已联系厂家，暂停销售"
    );
}

#[test]
fn a_photo_is_kept_in_the_book_shown_and_removed() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let (customer, sale) = book(&db);
    let photo = dir.path().join("裂纹.png");
    image::RgbImage::from_fn(320, 200, |x, y| image::Rgb([x as u8, y as u8, 90]))
        .save(&photo)
        .unwrap();
    let not_a_picture = dir.path().join("notes.png");
    std::fs::write(&not_a_picture, "just text").unwrap();
    let mut h = harness(&db);
    h.run();
    h.state_mut().send(Command::NewComplaint {
        customer,
        sale: Some(sale),
    });
    h.run();
    click(&mut h, "电话");
    click(&mut h, "产品本身");
    type_into(&mut h, "顾客的原话", "外壳有裂纹");
    click(&mut h, "1 平静");
    click(&mut h, "下一步");
    click(&mut h, "已向顾客真诚道歉");
    click(&mut h, "下一步");
    assert_eq!(step(&mut h), Step::Facts);
    h.get_by_label("还没有照片。原文件不会被改动，会复制一份保存在账本里。");

    let refused = h
        .state_mut()
        .with_aftersales(|a, view| a.attach_photo(view, &not_a_picture))
        .unwrap();
    assert!(!refused);
    let added = h
        .state_mut()
        .with_aftersales(|a, view| a.attach_photo(view, &photo))
        .unwrap();
    assert!(added);
    h.run();
    // The thumbnail is drawn from the copy kept inside the book.
    h.get_by_label("裂纹.png");
    let case = h.state().store().unwrap().complaints_of(customer).unwrap()[0].id;
    let stored = h.state().store().unwrap().attachments(case).unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        h.state()
            .store()
            .unwrap()
            .attachment_bytes(&stored[0].file_name)
            .unwrap(),
        Some(std::fs::read(&photo).unwrap())
    );
    assert!(!dir.path().join("shop-attachments").exists());

    click(&mut h, "移除");
    let store = h.state().store().unwrap();
    assert!(store.attachments(case).unwrap().is_empty());
    assert_eq!(store.attachment_bytes(&stored[0].file_name).unwrap(), None);
    assert!(photo.exists(), "the original stays");
}
