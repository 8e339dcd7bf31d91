//! The returns log through CSV: a book with sales, payments and returns
//! (refunds credited to the account and paid out, exchanges, a walk-in)
//! exported in every kind and imported into a fresh book keeps every
//! customer's balance and aging and the same returns log; importing the
//! file again adds nothing; bad rows are reported one by one; undo takes an
//! import's returns out again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use genjin::domain::customer::{Customer, CustomerId};
use genjin::domain::money::Money;
use genjin::domain::receivables::aging::AgingRules;
use genjin::domain::returns::{RefundTo, ReturnEntry, ReturnOutcome, ReturnReason};
use genjin::domain::sale::{Payment, Sale};
use genjin::domain::warranty::GoodsCondition;
use genjin::import::export::ExportEncoding;
use genjin::import::export_book::{ExportKind, export_to_file};
use genjin::import::fields::{Field, ImportKind, match_headers};
use genjin::import::pipeline::{
    ImportPlan, Mode, OnDuplicate, Problem, Progress, Report, guess_kind, import, preview_file,
};
use genjin::store::Store;
use tempfile::TempDir;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, d).expect("a valid date")
}

fn now() -> NaiveDateTime {
    day(28).and_hms_opt(9, 0, 0).expect("a valid time")
}

fn customer(store: &mut Store, name: &str, mobile: &str) -> CustomerId {
    let mut card = Customer::new(name, now());
    card.mobile = mobile.into();
    store.save_customer(&card).expect("the card is saved")
}

fn sale(store: &mut Store, who: CustomerId, number: Option<&str>, d: u32, yuan: i64) -> i64 {
    store
        .add_sale(&Sale {
            id: None,
            customer_id: who,
            number: number.map(Into::into),
            date: day(d),
            product: "电饭煲".into(),
            quantity: 1,
            amount: Money::from_yuan(yuan),
            due_date: day(d + 3),
            terms_days: None,
            note: String::new(),
            created_at: now(),
        })
        .expect("the sale is recorded")
}

fn payment(store: &mut Store, who: CustomerId, sale: Option<i64>, d: u32, yuan: i64) {
    store
        .add_payment(&Payment {
            id: None,
            customer_id: who,
            sale_id: sale,
            date: day(d),
            amount: Money::from_yuan(yuan),
            method: "微信".into(),
            note: String::new(),
            created_at: now(),
        })
        .expect("the payment is recorded");
}

#[expect(clippy::too_many_arguments, reason = "one return, field by field")]
fn returned(
    store: &mut Store,
    who: Option<CustomerId>,
    sale: Option<i64>,
    d: u32,
    outcome: ReturnOutcome,
    yuan: i64,
    to: RefundTo,
    note: &str,
) {
    store
        .save_return(&ReturnEntry {
            id: None,
            date: day(d),
            customer_id: who,
            sale_id: sale,
            product: "电饭煲".into(),
            quantity: 1,
            reason: ReturnReason::Quality,
            condition: GoodsCondition::Used,
            outcome,
            refund: Money::from_yuan(yuan),
            refund_to: to,
            note: note.into(),
            complaint_id: None,
        })
        .expect("the return is recorded");
}

/// A book whose balances depend on returns: refunds credited to the
/// account (against a numbered sale and with no sale), one paid out, an
/// exchange, a walk-in, and a note that looks like a formula.
fn shop(path: &Path) -> Store {
    let mut store = Store::open(path).expect("the book opens");
    let zhang = customer(&mut store, "张三", "13800138000");
    let li = customer(&mut store, "李四", "13900139000");
    let wang = customer(&mut store, "王五", "");
    let s1 = sale(&mut store, zhang, Some("XS-001"), 1, 1_000);
    sale(&mut store, zhang, Some("XS-002"), 3, 500);
    let s3 = sale(&mut store, li, Some("XS-003"), 2, 800);
    sale(&mut store, wang, None, 4, 300);
    payment(&mut store, zhang, Some(s1), 5, 400);
    payment(&mut store, li, None, 6, 100);
    returned(
        &mut store,
        Some(zhang),
        Some(s1),
        7,
        ReturnOutcome::Refund,
        250,
        RefundTo::Account,
        "=1+1",
    );
    returned(
        &mut store,
        Some(li),
        Some(s3),
        8,
        ReturnOutcome::Refund,
        800,
        RefundTo::PaidOut,
        "",
    );
    returned(
        &mut store,
        Some(wang),
        None,
        9,
        ReturnOutcome::Refund,
        120,
        RefundTo::Account,
        "",
    );
    returned(
        &mut store,
        Some(li),
        None,
        9,
        ReturnOutcome::Exchange,
        0,
        RefundTo::PaidOut,
        "换同款",
    );
    returned(
        &mut store,
        None,
        None,
        10,
        ReturnOutcome::Repair,
        0,
        RefundTo::PaidOut,
        "散客",
    );
    store
}

fn plan(path: &Path, kind: ImportKind) -> ImportPlan {
    let preview = preview_file(path, None, None).expect("the export previews");
    assert_eq!(guess_kind(&preview.headers), kind, "{}", path.display());
    let mapping = match_headers(kind, &preview.headers);
    assert!(mapping.is_ready(), "{:?}", preview.headers);
    ImportPlan {
        path: path.to_path_buf(),
        format: preview.format,
        mapping,
        on_duplicate: OnDuplicate::Skip,
    }
}

fn run(store: &mut Store, path: &Path, kind: ImportKind) -> Report {
    import(
        store,
        &plan(path, kind),
        Mode::GoodRows,
        now(),
        &Progress::default(),
    )
    .expect("the import runs")
}

/// Each customer by name: balance, open total and credit of the allocation,
/// and the aging row's total.
fn balances(store: &Store) -> BTreeMap<String, (Money, Money, Money)> {
    let as_of = day(28);
    let mut out = BTreeMap::new();
    for row in store.customer_summaries().expect("the list reads") {
        let a = store
            .allocation_of(row.id, as_of)
            .expect("the allocation is worked out");
        out.insert(
            row.name.clone(),
            (
                store.balance_of(row.id).expect("the balance reads"),
                a.total(),
                a.credit,
            ),
        );
    }
    out
}

/// The returns log as comparable rows: everything but ids, with the
/// customer's name and the sale's number.
fn log(store: &Store) -> Vec<String> {
    let numbers: BTreeMap<i64, String> = store
        .customer_summaries()
        .expect("the list reads")
        .iter()
        .flat_map(|c| store.sales_for(c.id).expect("the sales read"))
        .filter_map(|s| Some((s.id?, s.number?)))
        .collect();
    let mut rows: Vec<String> = store
        .returns()
        .expect("the log reads")
        .into_iter()
        .map(|r| {
            let e = r.entry;
            format!(
                "{} {:?} {:?} {} {} {:?} {:?} {:?} {} {:?} {:?}",
                e.date,
                r.customer_name,
                e.sale_id.and_then(|s| numbers.get(&s)),
                e.product,
                e.quantity,
                e.reason,
                e.condition,
                e.outcome,
                e.refund.fen(),
                e.refund_to,
                e.note
            )
        })
        .collect();
    rows.sort();
    rows
}

fn export_all(store: &Store, dir: &Path) -> Vec<(ExportKind, PathBuf)> {
    ExportKind::ALL
        .iter()
        .map(|kind| {
            let path = dir.join(format!("{}.csv", kind.code()));
            export_to_file(store, *kind, &path, ExportEncoding::Utf8Bom).expect("the export runs");
            (*kind, path)
        })
        .collect()
}

#[test]
fn export_then_import_keeps_every_balance_and_the_returns_log() {
    let dir = TempDir::new().unwrap();
    let original = shop(&dir.path().join("shop.sqlite"));
    let files = export_all(&original, dir.path());
    let text = std::fs::read_to_string(&files[4].1).unwrap();
    assert!(
        text.starts_with(
            "\u{feff}日期,客户,手机,单号,商品,数量,原因,商品状态,处理,退款金额,退款去向,备注\r\n"
        ),
        "{text}"
    );
    assert!(text.contains("'=1+1"), "formula neutralised: {text}");

    let mut copy = Store::open(&dir.path().join("copy.sqlite")).unwrap();
    for (kind, path) in &files {
        let Some(import_kind) = kind.import_kind() else {
            continue;
        };
        let report = run(&mut copy, path, import_kind);
        assert_eq!(report.error_rows, 0, "{kind:?}: {:?}", report.errors);
    }

    assert_eq!(balances(&copy), balances(&original));
    // The credited refunds are what make the balances differ from sales
    // less payments: the test would not notice a lost return otherwise.
    let zhang = &balances(&copy)["张三"];
    assert_eq!(zhang.0, Money::from_yuan(1_000 + 500 - 400 - 250));
    let rules = AgingRules::default();
    let (a, b) = (
        original.aging(day(28), &rules).unwrap(),
        copy.aging(day(28), &rules).unwrap(),
    );
    assert_eq!(
        (a.total, a.overdue, a.credits, a.totals),
        (b.total, b.overdue, b.credits, b.totals)
    );
    assert_eq!(log(&copy), log(&original));
    assert_eq!(log(&copy).len(), 5);

    // The same file again adds nothing.
    let again = run(&mut copy, &files[4].1, ImportKind::Returns);
    assert_eq!((again.imported, again.skipped_duplicates), (0, 5));
    assert_eq!(log(&copy).len(), 5);
}

#[test]
fn bad_return_rows_are_reported_one_by_one_and_undo_takes_returns_out() {
    let dir = TempDir::new().unwrap();
    let mut store = shop(&dir.path().join("shop.sqlite"));
    let before = log(&store).len();
    let zhang_before = balances(&store)["张三"].0;
    let file = dir.path().join("returns.csv");
    std::fs::write(
        &file,
        "日期,客户,手机,单号,商品,数量,原因,商品状态,处理,退款金额,退款去向,备注\n\
         2026-10-20,张三,13800138000,XS-001,电饭煲,1,质量问题,已使用,退款,50,冲抵欠款,好的\n\
         2026-10-21,,,,电饭煲,1,天气,已使用,换货,,,原因看不懂\n\
         2026-10-21,,,XS-999,电饭煲,1,质量问题,已使用,换货,,,单号不存在\n\
         2026-10-22,,,,电饭煲,1,质量问题,已使用,退款,30,冲抵欠款,散客不能冲抵\n\
         2026-10-22,李四,,,电饭煲,1,质量问题,已使用,退款,30,退给顾客,只写姓名\n\
         2026-10-23,,13700000000,,电饭煲,1,质量问题,已使用,退款,30,退给顾客,没有这个客户\n\
         2026-10-23,,,,电饭煲,1,质量问题,已使用,退款,,退给顾客,退款没有金额\n\
         2026-10-24,,,XS-003,电饭煲,2,不想要了,未拆封,退款,10,退给顾客（现金/原路）,单号的客户\n",
    )
    .unwrap();
    let report = run(&mut store, &file, ImportKind::Returns);
    assert_eq!((report.rows, report.imported, report.error_rows), (8, 3, 5));
    let problems: Vec<(u64, Option<Field>, Problem)> = report
        .errors
        .iter()
        .map(|i| (i.line, i.field, i.problem.clone()))
        .collect();
    use genjin::domain::returns::ReturnProblem;
    use genjin::import::fields::ValueError;
    assert_eq!(
        problems,
        [
            (
                3,
                Some(Field::Reason),
                Problem::Value(ValueError::UnknownReturnReason)
            ),
            (
                4,
                Some(Field::Number),
                Problem::SaleNotFound("XS-999".into())
            ),
            (
                5,
                Some(Field::RefundTo),
                Problem::InvalidReturn(ReturnProblem::AccountWithoutCustomer)
            ),
            (7, Some(Field::Phone), Problem::CustomerNotFound),
            (
                8,
                Some(Field::Amount),
                Problem::InvalidReturn(ReturnProblem::RefundMissing)
            ),
        ]
    );
    // Line 6: found by name alone; line 9: the sale's customer is the
    // return's.
    let rows = store.returns().unwrap();
    let by_note = |note: &str| {
        rows.iter()
            .find(|r| r.entry.note == note)
            .unwrap_or_else(|| panic!("{note} is in the log"))
    };
    assert_eq!(by_note("只写姓名").customer_name.as_deref(), Some("李四"));
    assert_eq!(by_note("单号的客户").customer_name.as_deref(), Some("李四"));
    assert_eq!(by_note("单号的客户").entry.quantity, 2);
    assert_eq!(
        balances(&store)["张三"].0,
        zhang_before - Money::from_yuan(50)
    );

    let batch = report.batch.unwrap();
    let impact = store.undo_import(batch).unwrap();
    assert_eq!(impact.returns_removed, 3);
    assert_eq!(log(&store).len(), before);
    assert_eq!(balances(&store)["张三"].0, zhang_before);
}
