//! `genjin aging`, `statement`, `abc`, `drifting`, and the receivable items
//! of `genjin agenda` and `genjin ics`, run as the built binary on a small
//! hand-built book whose figures are worked out below by hand.

use std::path::Path;
use std::process::Output;

use crate::output as genjin;
use chrono::{NaiveDate, NaiveDateTime};
use genjin::domain::customer::{Customer, CustomerClass, CustomerId};
use genjin::domain::money::Money;
use genjin::domain::receivables::aging::AgingRules;
use genjin::domain::receivables::ladder::{LogEntry, StepKind};
use genjin::domain::retention::{LeaveReason, Outcome, RetentionNote};
use genjin::domain::sale::{Payment, Sale};
use genjin::store::Store;
use serde_json::{Value, json};
use tempfile::TempDir;

fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "failed: {}", stderr(o));
    String::from_utf8(o.stdout.clone()).expect("the output is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json_of(o: &Output) -> Value {
    serde_json::from_str(&stdout(o)).expect("JSON")
}

fn assert_clean_failure(o: &Output, mentions: &[&str]) {
    assert!(!o.status.success(), "expected failure, got success");
    let err = stderr(o);
    assert!(!err.contains("panicked"), "panic: {err}");
    for m in mentions {
        assert!(err.contains(m), "stderr does not mention {m:?}: {err}");
    }
}

/// Terminal columns: Chinese characters take two.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| if c >= '\u{2E80}' { 2 } else { 1 })
        .sum()
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).expect("a valid date")
}

fn at(m: u32, day: u32) -> NaiveDateTime {
    d(m, day).and_hms_opt(9, 0, 0).expect("a valid time")
}

/// Ids of the book's customers.
struct Book {
    zhang: CustomerId,
    li: CustomerId,
    wang: CustomerId,
    zhao: CustomerId,
    qian: CustomerId,
    sun: CustomerId,
}

fn sale(
    store: &mut Store,
    customer: CustomerId,
    number: &str,
    product: &str,
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
            product: product.into(),
            quantity: 1,
            amount: Money::from_yuan(yuan),
            due_date: due,
            terms_days: None,
            note: String::new(),
            created_at: date.and_hms_opt(10, 0, 0).expect("a valid time"),
        })
        .expect("the test book records the sale")
}

fn pay(store: &mut Store, customer: CustomerId, sale: Option<i64>, date: NaiveDate, yuan: i64) {
    store
        .add_payment(&Payment {
            id: None,
            customer_id: customer,
            sale_id: sale,
            date,
            amount: Money::from_yuan(yuan),
            method: "转账".into(),
            note: String::new(),
            created_at: date.and_hms_opt(11, 0, 0).expect("a valid time"),
        })
        .expect("the test book records the payment");
}

fn log(store: &mut Store, customer: CustomerId, date: NaiveDate, step: StepKind) {
    store
        .add_collection_entry(&LogEntry {
            id: None,
            customer_id: customer,
            date,
            step,
            who: "店长".into(),
            said: String::new(),
            promise: None,
            created_at: date.and_hms_opt(15, 0, 0).expect("a valid time"),
        })
        .expect("the test book logs the collection step");
}

/// The book, as of 2026-11-23:
/// - 张三 bought 空调 ¥3,000 (due 31 Aug), 冰箱 ¥2,000 (due 10 Oct) and
///   净水器 ¥1,500 (due 30 Nov); paid ¥2,000 for the 冰箱 on 15 Sep and
///   ¥500 on account on 20 Oct, which goes to the oldest sale: ¥2,500 of
///   the 空调 is open, 84 days overdue. Chased up to the demand letter.
/// - 李四 bought ¥1,000 (due 31 Oct) and paid ¥1,200 for it; the ¥200 over
///   pays towards his ¥500 sale due 20 Nov: ¥300 open, 3 days overdue.
/// - 王五 owes ¥20,000 due 11 Nov (large: the shop's line is ¥10,000);
///   notice and phone call done, the demand letter comes on 11 Dec.
/// - 赵六 bought ¥800 on 10 Jan, 10 Feb and 12 Mar, all paid, and nothing
///   since: drifting away (usually every 30 days); a leave reason recorded.
/// - 钱七 owes ¥600 due 11 Oct but is not to be contacted.
/// - 孙八 never bought anything.
fn build(path: &Path) -> Book {
    let mut store = Store::open(path).expect("the test book opens");
    let mut customer = |name: &str, quiet: bool, manual: Option<CustomerClass>| {
        let mut c = Customer::new(name, at(1, 2));
        c.do_not_contact = quiet;
        c.class_override = manual;
        store
            .save_customer(&c)
            .expect("the test book saves the card")
    };
    let zhang = customer("张三", false, None);
    let li = customer("李四", false, Some(CustomerClass::A));
    let wang = customer("王五", false, None);
    let zhao = customer("赵六", false, None);
    let qian = customer("钱七", true, None);
    let sun = customer("孙八", false, None);
    store
        .set_aging_rules(&AgingRules {
            large_above: Money::from_yuan(10_000),
            ..AgingRules::default()
        })
        .expect("the test book saves the rules");

    sale(
        &mut store,
        zhang,
        "XS2026-000101",
        "空调",
        d(8, 1),
        d(8, 31),
        3_000,
    );
    let fridge = sale(
        &mut store,
        zhang,
        "XS2026-000102",
        "冰箱",
        d(9, 10),
        d(10, 10),
        2_000,
    );
    sale(
        &mut store,
        zhang,
        "XS2026-000103",
        "净水器",
        d(11, 1),
        d(11, 30),
        1_500,
    );
    pay(&mut store, zhang, Some(fridge), d(9, 15), 2_000);
    pay(&mut store, zhang, None, d(10, 20), 500);
    log(&mut store, zhang, d(9, 2), StepKind::Notice);
    log(&mut store, zhang, d(9, 8), StepKind::Phone);
    log(&mut store, zhang, d(10, 1), StepKind::DemandLetter);

    let heater = sale(
        &mut store,
        li,
        "XS2026-000201",
        "热水器",
        d(10, 1),
        d(10, 31),
        1_000,
    );
    pay(&mut store, li, Some(heater), d(10, 5), 1_200);
    sale(
        &mut store,
        li,
        "XS2026-000202",
        "滤芯",
        d(11, 10),
        d(11, 20),
        500,
    );

    sale(
        &mut store,
        wang,
        "XS2026-000301",
        "中央空调",
        d(11, 1),
        d(11, 11),
        20_000,
    );
    log(&mut store, wang, d(11, 12), StepKind::Notice);
    log(&mut store, wang, d(11, 18), StepKind::Phone);

    for (n, date) in [(1, d(1, 10)), (2, d(2, 10)), (3, d(3, 12))] {
        let id = sale(
            &mut store,
            zhao,
            &format!("XS2026-00040{n}"),
            "净水器滤芯",
            date,
            date,
            800,
        );
        pay(&mut store, zhao, Some(id), date, 800);
    }
    store
        .add_retention_note(&RetentionNote {
            id: None,
            customer_id: zhao,
            date: d(11, 1),
            reason: LeaveReason::Price,
            attempt: "送一次免费清洗".into(),
            outcome: Outcome::Pending,
            created_at: at(11, 1),
        })
        .expect("the test book saves the note");

    sale(
        &mut store,
        qian,
        "XS2026-000501",
        "电视",
        d(10, 1),
        d(10, 11),
        600,
    );
    Book {
        zhang,
        li,
        wang,
        zhao,
        qian,
        sun,
    }
}

fn book() -> (TempDir, String, Book) {
    let dir = TempDir::new().expect("a temporary folder");
    let path = dir.path().join("shop.sqlite");
    let ids = build(&path);
    (
        dir,
        path.to_str()
            .expect("temporary paths are UTF-8")
            .to_string(),
        ids,
    )
}

#[test]
fn aging_json_allocates_payments_and_uses_the_shops_rules() {
    let (_dir, db, b) = book();
    let got = json_of(&genjin(&[
        "aging",
        "--db",
        &db,
        "--as-of",
        "2026-11-23",
        "--json",
    ]));
    let expected = json!({
        "as_of": "2026-11-23",
        "bucket_edges": [0, 30, 60, 90],
        "buckets": ["current", "1-30", "31-60", "61-90", "90+"],
        "customers": [
            {"customer_id": b.zhang, "name": "张三", "buckets": [150_000, 0, 0, 250_000, 0],
             "total": 400_000, "oldest_overdue_days": 84, "quadrant": "long_small"},
            {"customer_id": b.li, "name": "李四", "buckets": [0, 30_000, 0, 0, 0],
             "total": 30_000, "oldest_overdue_days": 3, "quadrant": "short_small"},
            {"customer_id": b.wang, "name": "王五", "buckets": [0, 2_000_000, 0, 0, 0],
             "total": 2_000_000, "oldest_overdue_days": 12, "quadrant": "short_large"},
            {"customer_id": b.qian, "name": "钱七", "buckets": [0, 0, 60_000, 0, 0],
             "total": 60_000, "oldest_overdue_days": 43, "quadrant": "long_small"},
        ],
        "totals": [150_000, 2_030_000, 60_000, 250_000, 0],
        "total": 2_490_000,
    });
    assert_eq!(got, expected);
}

#[test]
fn aging_back_dated_ignores_later_sales_and_payments() {
    let (_dir, db, b) = book();
    let got = json_of(&genjin(&[
        "aging",
        "--db",
        &db,
        "--as-of",
        "2026-10-01",
        "--json",
    ]));
    // On 1 Oct the ¥2,000 paid for the 冰箱 pays the 冰箱, not the older 空调.
    assert_eq!(
        got["customers"],
        json!([
            {"customer_id": b.zhang, "name": "张三", "buckets": [0, 0, 300_000, 0, 0],
             "total": 300_000, "oldest_overdue_days": 31, "quadrant": "long_small"},
            {"customer_id": b.li, "name": "李四", "buckets": [100_000, 0, 0, 0, 0],
             "total": 100_000, "oldest_overdue_days": 0, "quadrant": "short_small"},
            {"customer_id": b.qian, "name": "钱七", "buckets": [60_000, 0, 0, 0, 0],
             "total": 60_000, "oldest_overdue_days": 0, "quadrant": "short_small"},
        ])
    );
    assert_eq!(got["totals"], json!([160_000, 0, 300_000, 0, 0]));
    assert_eq!(got["total"], 460_000);
}

#[test]
fn aging_text_is_an_aligned_table_with_totals() {
    let (_dir, db, _) = book();
    let o = genjin(&["aging", "--db", &db, "--as-of", "2026-11-23"]);
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    assert!(lines[0].starts_with("ID  CUSTOMER"), "{text}");
    assert!(lines[0].contains("CURRENT") && lines[0].contains("90+"));
    assert!(lines[1].contains("张三") && lines[1].contains("¥2,500.00"));
    assert!(lines[5].contains("TOTAL") && lines[5].contains("¥24,900.00"));
    // Right-aligned amounts end in the same column on every line.
    let end_of = |line: &str, text: &str| width(&line[..line.find(text).unwrap() + text.len()]);
    assert_eq!(
        end_of(lines[1], "¥4,000.00"),
        end_of(lines[5], "¥24,900.00")
    );
    assert!(stderr(&o).contains("4 customers owe ¥24,900.00"));
}

#[test]
fn a_statement_carries_the_opening_balance_and_closes() {
    let (_dir, db, b) = book();
    let id = b.zhang.to_string();
    let got = json_of(&genjin(&[
        "statement",
        &id,
        "--db",
        &db,
        "--from",
        "2026-09-01",
        "--to",
        "2026-10-31",
        "--json",
    ]));
    let expected = json!({
        "customer_id": b.zhang,
        "name": "张三",
        "from": "2026-09-01",
        "to": "2026-10-31",
        "opening": 300_000,
        "lines": [
            {"date": "2026-09-10", "kind": "sale", "reference": "XS2026-000102",
             "description": "冰箱", "amount": 200_000, "balance": 500_000},
            {"date": "2026-09-15", "kind": "payment", "reference": "转账",
             "description": "XS2026-000102", "amount": 200_000, "balance": 300_000},
            {"date": "2026-10-20", "kind": "payment", "reference": "转账",
             "description": "", "amount": 50_000, "balance": 250_000},
        ],
        "sales": 200_000,
        "payments": 250_000,
        "closing": 250_000,
    });
    assert_eq!(got, expected);

    let text = stdout(&genjin(&[
        "statement",
        &id,
        "--db",
        &db,
        "--from",
        "2026-09-01",
        "--to",
        "2026-10-31",
    ]));
    assert!(text.starts_with("Statement of account: 张三"), "{text}");
    assert!(text.contains("Opening balance  ¥3,000.00"), "{text}");
    assert!(text.contains("-¥2,000.00"), "{text}");
    assert!(text.contains("Closing balance  ¥2,500.00"), "{text}");
}

#[test]
fn a_statement_refuses_an_unknown_customer_and_a_backwards_period() {
    let (_dir, db, _) = book();
    let o = genjin(&[
        "statement",
        "999",
        "--db",
        &db,
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
    ]);
    assert_clean_failure(&o, &["no customer with id 999"]);
    let o = genjin(&[
        "statement",
        "1",
        "--db",
        &db,
        "--from",
        "2026-12-01",
        "--to",
        "2026-01-01",
    ]);
    assert_clean_failure(&o, &["--from 2026-12-01 is after --to 2026-01-01"]);
}

#[test]
fn abc_splits_by_revenue_keeps_overrides_and_saves() {
    let (_dir, db, b) = book();
    let args = ["abc", "--db", &db, "--as-of", "2026-11-23", "--json"];
    let got = json_of(&genjin(&args));
    // Revenue 31,000: 王五 20,000 and 张三 6,500 start below 70% (A); 赵六
    // starts at 85.5% (B); the rest start above 90% (C).
    let row = |id: CustomerId, name: &str, fen: i64, computed: &str, manual: Value, class: &str| {
        json!({"customer_id": id, "name": name, "revenue": fen, "computed": computed,
               "manual": manual, "class": class})
    };
    assert_eq!(
        got,
        json!({
            "as_of": "2026-11-23",
            "mix": {"A": 2, "B": 1, "C": 3},
            "effective_mix": {"A": 3, "B": 1, "C": 2},
            "changed": null,
            "customers": [
                row(b.zhang, "张三", 650_000, "A", Value::Null, "A"),
                row(b.li, "李四", 150_000, "C", json!("A"), "A"),
                row(b.wang, "王五", 2_000_000, "A", Value::Null, "A"),
                row(b.zhao, "赵六", 240_000, "B", Value::Null, "B"),
                row(b.qian, "钱七", 60_000, "C", Value::Null, "C"),
                row(b.sun, "孙八", 0, "C", Value::Null, "C"),
            ],
        })
    );
    let text = stdout(&genjin(&["abc", "--db", &db, "--as-of", "2026-11-23"]));
    assert!(text.contains("A 2, B 1, C 3"), "{text}");
    // Largest first; 孙八 (no sales, no override) is left out.
    let first = text.lines().nth(3).unwrap();
    assert!(
        first.contains("王五") && first.contains("¥20,000.00"),
        "{text}"
    );
    assert!(!text.contains("孙八"), "{text}");

    let saved = json_of(&genjin(&[
        "abc",
        "--db",
        &db,
        "--as-of",
        "2026-11-23",
        "--json",
        "--save",
    ]));
    assert_eq!(saved["changed"], 6);
    let again = stdout(&genjin(&[
        "abc",
        "--db",
        &db,
        "--as-of",
        "2026-11-23",
        "--save",
    ]));
    assert!(again.contains("saved: 0 cards changed class"), "{again}");
}

#[test]
fn drifting_lists_the_customer_who_stopped_buying() {
    let (_dir, db, b) = book();
    // The saved class shows on the drifting list.
    stdout(&genjin(&[
        "abc",
        "--db",
        &db,
        "--as-of",
        "2026-11-23",
        "--save",
    ]));
    let got = json_of(&genjin(&[
        "drifting",
        "--db",
        &db,
        "--as-of",
        "2026-11-23",
        "--json",
    ]));
    assert_eq!(
        got,
        json!({
            "as_of": "2026-11-23",
            "customers": [{
                "customer_id": b.zhao,
                "name": "赵六",
                "class": "B",
                "last_purchase": "2026-03-12",
                "revenue": 240_000,
                "signals": [{"kind": "overdue", "days": 256, "usual": 30}],
                "last_note": {"date": "2026-11-01", "reason": "price",
                              "attempt": "送一次免费清洗", "outcome": "pending"},
            }],
        })
    );
    // Back in April 赵六 was still buying as usual.
    let april = json_of(&genjin(&[
        "drifting",
        "--db",
        &db,
        "--as-of",
        "2026-04-01",
        "--json",
    ]));
    assert_eq!(april["customers"], json!([]));
    let text = stdout(&genjin(&["drifting", "--db", &db, "--as-of", "2026-11-23"]));
    assert!(
        text.contains("no purchase for 256 days (usually every 30)"),
        "{text}"
    );
}

#[test]
fn the_agenda_and_ics_list_collection_steps_and_payments_due() {
    let (dir, db, b) = book();
    let items = json_of(&genjin(&[
        "agenda",
        "--db",
        &db,
        "--from",
        "2026-11-23",
        "--days",
        "30",
        "--json",
    ]));
    let receivable: Vec<(String, String, i64, String)> = items
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "collection_step" || i["kind"] == "receivable_due")
        .map(|i| {
            (
                i["date"].as_str().unwrap().to_string(),
                i["kind"].as_str().unwrap().to_string(),
                i["customer_id"].as_i64().unwrap(),
                i["detail"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let row = |date: &str, kind: &str, id: CustomerId, detail: &str| {
        (date.to_string(), kind.to_string(), id, detail.to_string())
    };
    assert_eq!(
        receivable,
        [
            // Missed steps are carried to the first day; 钱七 is never chased.
            // 李四 is A by override: first on the day.
            row(
                "2026-11-23",
                "collection_step",
                b.li,
                "collection: overdue notice, 3 days overdue, ¥300.00 overdue"
            ),
            row(
                "2026-11-23",
                "collection_step",
                b.zhang,
                "collection: on-site visit, 84 days overdue, ¥2,500.00 overdue"
            ),
            row(
                "2026-11-30",
                "receivable_due",
                b.zhang,
                "payment due for XS2026-000103 净水器 ¥1,500.00"
            ),
            row(
                "2026-12-11",
                "collection_step",
                b.wang,
                "collection: demand letter, 12 days overdue, ¥20,000.00 overdue"
            ),
        ]
    );

    let file = dir.path().join("agenda.ics");
    stdout(&genjin(&[
        "ics",
        file.to_str().unwrap(),
        "--db",
        &db,
        "--from",
        "2026-11-23",
        "--days",
        "30",
    ]));
    let ics = std::fs::read_to_string(&file).unwrap();
    assert_eq!(ics.matches("CATEGORIES:collection_step").count(), 3);
    assert_eq!(ics.matches("CATEGORIES:receivable_due").count(), 1);
    assert!(ics.contains("DTSTART;VALUE=DATE:20261130"), "{ics}");
}
