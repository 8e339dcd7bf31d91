//! The Receivables section driven through egui_kittest in Chinese: the
//! aging table's buckets and totals, back-dating the report so a later
//! payment no longer counts, a quadrant filtering the table, a row opening
//! the customer's statement with its opening and closing balances, and the
//! statement written as CSV and HTML. A missing glyph panics.

use std::path::Path;

use crate::common::{app_harness, typing};
use chrono::{NaiveDate, NaiveDateTime};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use genjin::domain::customer::Customer;
use genjin::domain::money::Money;
use genjin::domain::receivables::aging::AgingRules;
use genjin::domain::sale::{Payment, Sale};
use genjin::i18n::Language;
use genjin::store::Store;
use genjin::ui::receivables::statement_export::{self, StatementDoc};
use genjin::ui::{GenjinApp, Section};
use tempfile::TempDir;

fn today() -> NaiveDate {
    d(11, 23)
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).expect("a valid date")
}

fn created() -> NaiveDateTime {
    d(1, 1).and_hms_opt(9, 0, 0).expect("a valid time")
}

fn sale(
    store: &mut Store,
    customer: i64,
    number: &str,
    date: NaiveDate,
    due: NaiveDate,
    yuan: i64,
) -> i64 {
    store
        .add_sale(&Sale {
            id: None,
            customer_id: customer,
            number: Some(number.into()),
            date,
            product: "货品".into(),
            quantity: 1,
            amount: Money::from_yuan(yuan),
            due_date: due,
            terms_days: None,
            note: String::new(),
            created_at: created(),
        })
        .expect("the test book records the sale")
}

fn pay(store: &mut Store, customer: i64, sale: Option<i64>, date: NaiveDate, yuan: i64) {
    store
        .add_payment(&Payment {
            id: None,
            customer_id: customer,
            sale_id: sale,
            date,
            amount: Money::from_yuan(yuan),
            method: "转账".into(),
            note: String::new(),
            created_at: created(),
        })
        .expect("the test book records the payment");
}

/// Four customers, as of 2026-11-23:
/// - 张伟 owes ¥3,000 due 31 Aug (84 days: 61–90) and ¥500 of a ¥1,000 sale
///   not yet due (its ¥500 payment was for that sale): long & small;
/// - 李娜 owes ¥150,000 of ¥200,000 due 31 Oct (23 days: 1–30) after paying
///   ¥50,000 on 20 Nov: short & large;
/// - 王强 paid ¥130 for a ¥100 sale: nothing open, ¥30 held for him;
/// - 赵敏 bought ¥800 on 20 Nov, due in December: short & small.
fn book(db: &Path) -> i64 {
    let mut store = Store::open(db).expect("the test book opens");
    let mut customer = |name: &str| store_customer(&mut store, name);
    let zhang = customer("张伟");
    let li = customer("李娜");
    let wang = customer("王强");
    let zhao = customer("赵敏");
    sale(&mut store, zhang, "S-1", d(8, 1), d(8, 31), 3_000);
    let s2 = sale(&mut store, zhang, "S-2", d(11, 1), d(12, 1), 1_000);
    pay(&mut store, zhang, Some(s2), d(11, 10), 500);
    sale(&mut store, li, "S-3", d(10, 1), d(10, 31), 200_000);
    pay(&mut store, li, None, d(11, 20), 50_000);
    sale(&mut store, wang, "S-4", d(6, 1), d(6, 1), 100);
    pay(&mut store, wang, None, d(6, 5), 130);
    sale(&mut store, zhao, "S-5", d(11, 20), d(12, 20), 800);
    zhang
}

fn store_customer(store: &mut Store, name: &str) -> i64 {
    store
        .save_customer(&Customer::new(name, created()))
        .expect("the test book saves the card")
}

fn harness(db: &Path) -> Harness<'static, GenjinApp> {
    harness_tall(db, 900.0)
}

fn harness_tall(db: &Path, height: f32) -> Harness<'static, GenjinApp> {
    let mut h = app_harness::open_app(db, today(), height);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num5);
    h.run();
    assert_eq!(h.state().section(), Section::Receivables);
    h
}

fn count(h: &Harness<'static, GenjinApp>, label: &str) -> usize {
    h.query_all_by_label(label).count()
}

#[test]
fn aging_table_back_dating_quadrants_and_the_statement() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    book(&db);
    let mut h = harness(&db);

    // Bucket titles from the default edges.
    for title in ["未到期", "1–30天", "31–60天", "61–90天", "90天以上"] {
        assert_eq!(count(&h, title), 1, "{title}");
    }
    // Rows: 张伟, 李娜, 赵敏; 王强 paid ahead and has no row.
    h.get_by_label("张伟");
    h.get_by_label("李娜");
    h.get_by_label("赵敏");
    assert_eq!(count(&h, "王强"), 0);
    // Totals line under the headers; amounts in rows and totals.
    h.get_by_label("合计（3 位）");
    h.get_by_label("¥1,300.00"); // current: 500 + 800
    assert_eq!(
        count(&h, "¥150,000.00"),
        3,
        "李娜's bucket, her total, the 1–30 total"
    );
    assert_eq!(count(&h, "¥3,000.00"), 2, "张伟's 61–90 and its total");
    h.get_by_label("¥154,300.00");
    h.get_by_label("¥3,500.00");
    h.get_by_label("84 天");
    h.get_by_label("应收合计 ¥154,300.00，其中逾期 ¥153,000.00，共 3 位客户");
    h.get_by_label("客户预存 ¥30.00");
    // The cost of the overdue debt at the default 10% margin.
    h.get_by_label("¥1,500,000.00"); // 李娜's ¥150,000 overdue
    h.get_by_label("¥30,000.00"); // 张伟's ¥3,000 overdue
    // Quadrants: count and sum each.
    h.get_by_label("1 位 · ¥150,000.00");
    h.get_by_label("1 位 · ¥3,500.00");
    h.get_by_label("1 位 · ¥800.00");
    h.get_by_label("0 位 · ¥0.00");

    // Back-dated to 15 Nov: 李娜's payment of the 20th does not count yet,
    // nor 赵敏's sale of the 20th.
    typing::replace_text(&mut h, Role::TextInput, "截至日期", "2026-11-15");
    h.run();
    assert_eq!(count(&h, "¥150,000.00"), 0);
    assert_eq!(count(&h, "¥200,000.00"), 3);
    h.get_by_label("¥203,500.00");
    assert_eq!(count(&h, "赵敏"), 0);
    h.get_by_label("合计（2 位）");
    h.get_by_label("按往日查看：之后的销售和收款不计入");
    // Back to today.
    h.get_by_role_and_label(Role::Button, "今天").click();
    h.run();
    h.get_by_label("¥154,300.00");

    // A quadrant filters the table to its customers.
    h.get_by_role_and_label(Role::Button, "长期小额").click();
    h.run();
    h.get_by_label("合计（1 位）");
    h.get_by_label("张伟");
    assert_eq!(count(&h, "李娜"), 0);
    assert_eq!(count(&h, "赵敏"), 0);
    h.get_by_label("只看：长期小额");
    h.get_by_role_and_label(Role::Button, "看全部").click();
    h.run();
    h.get_by_label("合计（3 位）");

    // Every header sorts: the largest total comes first, a click turns it.
    let first_row = |h: &Harness<'static, GenjinApp>| {
        let names = ["张伟", "李娜", "赵敏"];
        let mut found: Vec<(f32, &str)> = names
            .iter()
            .map(|n| (h.get_by_label(n).rect().top(), *n))
            .collect();
        found.sort_by(|a, b| a.0.total_cmp(&b.0));
        found.iter().map(|(_, n)| *n).collect::<Vec<_>>()
    };
    assert_eq!(first_row(&h), ["李娜", "张伟", "赵敏"]);
    h.get_by_role_and_label(Role::Button, "欠款合计 ▼").click();
    h.run();
    assert_eq!(first_row(&h), ["赵敏", "张伟", "李娜"]);
    h.get_by_role_and_label(Role::Button, "最久逾期").click();
    h.run();
    assert_eq!(first_row(&h), ["张伟", "李娜", "赵敏"]);

    // Clicking a row opens the customer's statement.
    h.get_by_label("张伟").click();
    h.run();
    h.get_by_label("张伟 的对账单");
    h.get_by_label("期初余额 ¥0.00 · 本期销售 ¥4,000.00 · 本期收款 ¥500.00 · 期末余额 ¥3,500.00");
    // From September the August sale is brought forward.
    typing::replace_text(&mut h, Role::TextInput, "从", "2026-09-01");
    h.run();
    h.get_by_label(
        "期初余额 ¥3,000.00 · 本期销售 ¥1,000.00 · 本期收款 ¥500.00 · 期末余额 ¥3,500.00",
    );
    assert_eq!(count(&h, "S-2"), 2, "the sale and the payment for it");
    h.get_by_label("截至 2026-11-23 的欠款账龄");
}

#[test]
fn the_statement_is_picked_by_name_in_the_statement_tab() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    book(&db);
    let mut h = harness(&db);
    h.get_by_role_and_label(Role::Button, "对账单").click();
    h.run();
    h.get_by_label("先选一位客户，或在账龄表里点一位客户。");
    typing::replace_text(&mut h, Role::TextInput, "选客户", "李");
    h.run();
    h.get_by_role_and_label(Role::Button, "李娜").click();
    h.run();
    h.get_by_label("李娜 的对账单");
    h.get_by_label(
        "期初余额 ¥0.00 · 本期销售 ¥200,000.00 · 本期收款 ¥50,000.00 · 期末余额 ¥150,000.00",
    );
}

#[test]
fn the_charts_and_settings_draw_in_chinese() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    book(&db);
    let mut h = harness_tall(&db, 2400.0);
    h.get_by_role_and_label(Role::Button, "图表").click();
    h.run();
    h.get_by_label("按账龄分段的欠款");
    h.get_by_label("欠款最多的 10 位客户");
    h.get_by_label("只看合计").click();
    h.run();

    // Settings: a bad edge list is refused inline and nothing is lost.
    h.state_mut()
        .send(genjin::ui::Command::Navigate(Section::Settings));
    h.run();
    typing::replace_text(&mut h, Role::TextInput, "账龄分段（逾期天数）", "0, 30, 20");
    h.get_by_label("每个数都要比前一个大");
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "账龄分段（逾期天数）")
            .value()
            .as_deref(),
        Some("0, 30, 20")
    );
    typing::replace_text(&mut h, Role::TextInput, "账龄分段（逾期天数）", "0, 15, 45");
    h.get_by_role_and_label(Role::Button, "保存应收设置")
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::Button, "保存应收设置")
        .click();
    h.run();
    h.get_by_label("应收设置已保存");
    // The report takes the new buckets.
    h.state_mut()
        .send(genjin::ui::Command::Navigate(Section::Receivables));
    h.run();
    h.get_by_role_and_label(Role::Button, "账龄").click();
    h.run();
    for title in ["未到期", "1–15天", "16–45天", "45天以上"] {
        assert_eq!(count(&h, title), 1, "{title}");
    }
    assert_eq!(count(&h, "61–90天"), 0);
}

#[test]
fn statement_files_hold_the_opening_lines_and_closing() {
    Language::Chinese.apply();
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let zhang = book(&db);
    let store = Store::open(&db).unwrap();
    let statement = store.statement(zhang, d(9, 1), today()).unwrap();
    let allocation = store.allocation_of(zhang, today()).unwrap();
    let rules = AgingRules::default();
    let doc = StatementDoc {
        shop: "<好运>五金店",
        customer: "张伟",
        statement: &statement,
        aging: statement_export::aging_of(&allocation, &rules.edges),
        credit: allocation.credit,
    };
    let csv_path = dir.path().join("st.csv");
    let rows = statement_export::save_csv(&doc, &csv_path).unwrap();
    assert_eq!(rows, 4);
    let bytes = std::fs::read(&csv_path).unwrap();
    assert!(
        bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "UTF-8 BOM for Excel"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "日期,类型,单号,摘要,应收（借方）,已收（贷方）,余额",
            "2026-09-01,期初余额,,,,,3000.00",
            "2026-11-01,销售,S-2,货品,1000.00,,4000.00",
            "2026-11-10,收款,转账,S-2,,500.00,3500.00",
            "2026-11-23,期末余额,,,1000.00,500.00,3500.00",
        ]
    );
    assert!(!dir.path().join("st.csv.partial").exists());

    let html_path = dir.path().join("st.html");
    statement_export::save_html(&doc, &html_path).unwrap();
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.contains("<h1>&lt;好运&gt;五金店</h1>"), "{html}");
    assert!(html.contains("<td>期初余额</td>"));
    assert!(html.contains("<td class=\"num\">¥3,000.00</td>"));
    assert!(html.contains("<td>期末余额</td>"));
    assert!(html.contains("<td class=\"num\">¥3,500.00</td></tr>"));
    assert!(html.contains("@media print"));
    // 张伟's ¥3,000 is 84 days overdue: the 61–90 bucket; ¥500 not yet due.
    assert!(html.contains("<th>61–90天</th>"));

    // A failed write leaves the earlier file as it was.
    let missing = dir.path().join("no-such-folder").join("st.csv");
    assert!(statement_export::save_csv(&doc, &missing).is_err());
    assert_eq!(
        std::fs::read(&csv_path).unwrap()[3..].len(),
        text.len(),
        "the good file is untouched"
    );
}
