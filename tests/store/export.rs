//! Exports of a small shop on a temporary database: every kind in UTF-8 and
//! GBK, decoded and checked cell by cell, and the customers file read back
//! through the importer to the same card values.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use encoding_rs::GBK;
use genjin::domain::contact::{ContactChannel, ContactEntry, ContactPurpose};
use genjin::domain::customer::{Customer, CustomerClass, CustomerId, Gender, Source};
use genjin::domain::money::Money;
use genjin::domain::sale::{Payment, Sale};
use genjin::domain::yearly::YearlyDate;
use genjin::import::customers::customer_from_record;
use genjin::import::decode::Encoding;
use genjin::import::export::{ExportEncoding, ExportSummary, UTF8_BOM};
use genjin::import::export_book::{
    ExportKind, export, export_customers, export_to_file, partial_path,
};
use genjin::import::fields::{
    Field, ImportKind, match_headers, parse_amount, parse_import_date, parse_quantity,
    parse_terms_days,
};
use genjin::import::reader::open_text;
use genjin::store::Store;
use tempfile::TempDir;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    day(y, m, d).and_hms_opt(h, min, 0).expect("a valid time")
}

/// The shop's customers by name, and the ids of the sale and payments.
struct Shop {
    _dir: TempDir,
    path: PathBuf,
    store: Store,
    ids: HashMap<&'static str, CustomerId>,
}

/// A shop with a full card, lunar (with year, yearless, leap, 腊月) and
/// yearless Gregorian birthdays, referrers with and without a mobile, tags,
/// a formula-looking name, a note GBK cannot encode, a sale, a payment tied
/// to it and one that is not, and a contact.
fn shop() -> Shop {
    let dir = TempDir::new().expect("a temporary folder");
    let path = dir.path().join("shop.sqlite");
    let mut store = Store::open(&path).expect("the test book opens");
    let created = at(2026, 1, 5, 10, 0);
    let mut ids = HashMap::new();

    let mut zhang = Customer::new("张三", created);
    zhang.mobile = "13800138000".into();
    zhang.phone2 = "010-12345678".into();
    zhang.wechat = "zhangsan_88".into();
    zhang.email = "zhang@example.cn".into();
    zhang.address = "杭州市西湖区文一路128号, 3幢".into();
    zhang.company = "华联超市".into();
    zhang.occupation = "采购".into();
    zhang.gender = Gender::Male;
    zhang.birthday = Some(YearlyDate::lunar(Some(1985), 8, false, 15).expect("a valid lunar date"));
    zhang.anniversary = Some(YearlyDate::solar(Some(2010), 10, 1).expect("a valid solar date"));
    zhang.source = Some(Source::Reputation);
    zhang.class_override = Some(CustomerClass::A);
    zhang.class_computed = Some(CustomerClass::B);
    zhang.credit_limit = Some(Money(500_000));
    zhang.tags = vec!["老客户".into(), "VIP".into()];
    zhang.notes = "喜欢\"龙井\"绿茶".into();
    ids.insert(
        "张三",
        store
            .save_customer(&zhang)
            .expect("the test book saves the card"),
    );

    let mut li = Customer::new("李四", created);
    li.mobile = "13912345678".into();
    li.gender = Gender::Female;
    li.birthday = Some(YearlyDate::lunar(None, 4, true, 8).expect("a valid lunar date"));
    li.anniversary = Some(YearlyDate::solar(None, 2, 29).expect("a valid solar date"));
    li.source = Some(Source::Referral);
    li.referred_by = Some(ids["张三"]);
    li.class_computed = Some(CustomerClass::C);
    li.tags = vec!["团购".into()];
    ids.insert(
        "李四",
        store
            .save_customer(&li)
            .expect("the test book saves the card"),
    );

    let mut formula = Customer::new("=SUM(A1)", created);
    formula.birthday = Some(YearlyDate::solar(None, 5, 6).expect("a valid solar date"));
    formula.source = Some(Source::ColdContact);
    formula.notes = "-5".into();
    ids.insert(
        "=SUM(A1)",
        store
            .save_customer(&formula)
            .expect("the test book saves the card"),
    );

    let mut wang = Customer::new("王五", created);
    wang.birthday = Some(YearlyDate::lunar(None, 12, false, 23).expect("a valid lunar date"));
    wang.source = Some(Source::Referral);
    wang.referred_by = Some(ids["=SUM(A1)"]);
    wang.notes = "🎂生日快乐".into();
    ids.insert(
        "王五",
        store
            .save_customer(&wang)
            .expect("the test book saves the card"),
    );

    let sale = store
        .add_sale(&Sale {
            id: None,
            customer_id: ids["张三"],
            number: Some("XS-2026-001".into()),
            date: day(2026, 11, 1),
            product: "海尔冰箱 BCD-470".into(),
            quantity: 2,
            amount: Money(799_900),
            due_date: day(2026, 12, 1),
            terms_days: Some(30),
            note: "送货上门".into(),
            created_at: created,
        })
        .expect("the test book records the sale");
    store
        .add_sale(&Sale {
            id: None,
            customer_id: ids["李四"],
            number: None,
            date: day(2026, 10, 15),
            product: "洗衣机".into(),
            quantity: 1,
            amount: Money(199_950),
            due_date: day(2026, 10, 15),
            terms_days: None,
            note: String::new(),
            created_at: created,
        })
        .expect("the test book records the sale");
    let payment = |customer_id, sale_id, date, fen, method: &str| Payment {
        id: None,
        customer_id,
        sale_id,
        date,
        amount: Money(fen),
        method: method.into(),
        note: String::new(),
        created_at: created,
    };
    store
        .add_payment(&payment(
            ids["张三"],
            Some(sale),
            day(2026, 11, 20),
            300_000,
            "微信",
        ))
        .expect("the test book records the payment");
    store
        .add_payment(&payment(
            ids["李四"],
            None,
            day(2026, 11, 2),
            50_000,
            "现金",
        ))
        .expect("the test book records the payment");
    store
        .add_contact(&ContactEntry {
            id: None,
            customer_id: ids["李四"],
            at: at(2026, 11, 3, 14, 30),
            channel: ContactChannel::Phone,
            purpose: ContactPurpose::AfterSales,
            summary: "洗衣机用得好".into(),
            outcome: "=介绍了邻居".into(),
            referral_asked: true,
            next_contact: Some(day(2027, 2, 1)),
        })
        .expect("the test book logs the contact");
    Shop {
        _dir: dir,
        path,
        store,
        ids,
    }
}

fn export_bytes(
    shop: &Shop,
    kind: ExportKind,
    encoding: ExportEncoding,
) -> (Vec<u8>, ExportSummary) {
    let mut out = Vec::new();
    let summary =
        export(&shop.store, kind, &mut out, encoding).expect("the export writes to memory");
    (out, summary)
}

/// Checks the BOM and decodes a UTF-8 export.
fn utf8_text(bytes: &[u8]) -> String {
    let body = bytes
        .strip_prefix(UTF8_BOM)
        .expect("a UTF-8 export starts with a BOM");
    String::from_utf8(body.to_vec()).expect("the output is UTF-8")
}

/// The header and the data rows of exported text.
fn cells(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| {
            r.expect("a readable row")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn customers_file_reads_back_through_the_importer_to_the_same_values() {
    let shop = shop();
    let mut out = Vec::new();
    let summary = export_customers(&shop.store, &mut out, ExportEncoding::Utf8Bom).unwrap();
    assert_eq!(
        summary,
        ExportSummary {
            rows: 4,
            replaced_chars: 0,
            skipped_rows: 0
        }
    );

    let preview = open_text(&out, None, None).unwrap();
    assert!(preview.format.had_bom);
    assert_eq!(preview.format.encoding, Encoding::Utf8);
    let mapping = match_headers(ImportKind::Customers, &preview.headers);
    assert!(mapping.unmatched().is_empty(), "{:?}", preview.headers);
    assert_eq!(preview.records.len(), 4);

    let names = ["张三", "李四", "=SUM(A1)", "王五"];
    let referrers = [None, Some("13800138000"), None, Some("=SUM(A1)")];
    for ((record, name), referrer) in preview.records.iter().zip(names).zip(referrers) {
        let row = customer_from_record(&mapping, record, at(2026, 11, 23, 9, 0))
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let stored = shop.store.customer(shop.ids[name]).unwrap().unwrap();
        let got = row.customer;
        assert_eq!(got.name, stored.name);
        assert_eq!(got.mobile, stored.mobile, "{name}");
        assert_eq!(got.phone2, stored.phone2, "{name}");
        assert_eq!(got.wechat, stored.wechat, "{name}");
        assert_eq!(got.email, stored.email, "{name}");
        assert_eq!(got.address, stored.address, "{name}");
        assert_eq!(got.company, stored.company, "{name}");
        assert_eq!(got.occupation, stored.occupation, "{name}");
        assert_eq!(got.gender, stored.gender, "{name}");
        assert_eq!(got.birthday, stored.birthday, "{name}");
        assert_eq!(got.anniversary, stored.anniversary, "{name}");
        assert_eq!(got.source, stored.source, "{name}");
        assert_eq!(got.class_override, stored.class_override, "{name}");
        assert_eq!(got.credit_limit, stored.credit_limit, "{name}");
        assert_eq!(got.tags, stored.tags, "{name}");
        assert_eq!(got.notes, stored.notes, "{name}");
        assert_eq!(row.referrer.as_deref(), referrer, "{name}");
    }
}

#[test]
fn customers_file_holds_excel_safe_text() {
    let shop = shop();
    let (bytes, _) = export_bytes(&shop, ExportKind::Customers, ExportEncoding::Utf8Bom);
    let text = utf8_text(&bytes);
    assert!(text.ends_with("\r\n"));
    let rows = cells(&text);
    assert_eq!(
        rows[0],
        strings(&[
            "姓名",
            "手机",
            "电话2",
            "微信",
            "邮箱",
            "地址",
            "单位",
            "职业",
            "性别",
            "生日",
            "结婚纪念日",
            "来源",
            "介绍人",
            "类别",
            "信用额度",
            "标签",
            "备注"
        ])
    );
    assert_eq!(
        rows[1],
        strings(&[
            "张三",
            "13800138000",
            "010-12345678",
            "zhangsan_88",
            "zhang@example.cn",
            "杭州市西湖区文一路128号, 3幢",
            "华联超市",
            "采购",
            "男",
            "农历1985年八月十五",
            "2010-10-01",
            "慕名而来",
            "",
            "A",
            "5000.00",
            "老客户、VIP",
            "喜欢\"龙井\"绿茶",
        ])
    );
    // The computed class is not a manual choice, so it is not exported.
    assert_eq!(
        rows[2],
        strings(&[
            "李四",
            "13912345678",
            "",
            "",
            "",
            "",
            "",
            "",
            "女",
            "农历闰四月初八",
            "02-29",
            "转介绍",
            "13800138000",
            "",
            "",
            "团购",
            ""
        ])
    );
    // Formula-looking and number-looking text is neutralised, in the name,
    // the note and where the name names a referrer.
    assert_eq!(rows[3][0], "'=SUM(A1)");
    assert_eq!(rows[3][9], "05-06");
    assert_eq!(rows[3][11], "陌生拜访");
    assert_eq!(rows[3][16], "'-5");
    assert_eq!(rows[4][9], "农历腊月廿三");
    assert_eq!(rows[4][12], "'=SUM(A1)");
    assert!(text.contains("\"杭州市西湖区文一路128号, 3幢\""));
}

#[test]
fn gbk_export_decodes_to_the_same_cells_and_counts_what_gbk_lacks() {
    let shop = shop();
    for kind in ExportKind::ALL.iter().copied() {
        let (utf8, utf8_summary) = export_bytes(&shop, kind, ExportEncoding::Utf8Bom);
        let (gbk, summary) = export_bytes(&shop, kind, ExportEncoding::Gbk);
        assert!(!gbk.starts_with(UTF8_BOM), "{kind:?}");
        assert_eq!(summary.rows, utf8_summary.rows, "{kind:?}");
        let (text, had_errors) = GBK.decode_without_bom_handling(&gbk);
        assert!(!had_errors, "{kind:?}");
        let expected = utf8_text(&utf8).replace('🎂', "?");
        assert_eq!(text, expected, "{kind:?}");
        let lost = if kind == ExportKind::Customers { 1 } else { 0 };
        assert_eq!(summary.replaced_chars, lost, "{kind:?}");
    }
    // The importer detects the GBK file and maps it the same way.
    let (gbk, _) = export_bytes(&shop, ExportKind::Customers, ExportEncoding::Gbk);
    let preview = open_text(&gbk, None, None).unwrap();
    assert_eq!(preview.format.encoding, Encoding::Gb18030);
    assert_eq!(preview.headers[0], "姓名");
    assert_eq!(preview.records[0].get(0), "张三");
    assert_eq!(preview.records[3].get(16), "?生日快乐");
}

#[test]
fn sales_name_the_customer_and_parse_back() {
    let shop = shop();
    let (bytes, summary) = export_bytes(&shop, ExportKind::Sales, ExportEncoding::Utf8Bom);
    assert_eq!(summary.rows, 2);
    let rows = cells(&utf8_text(&bytes));
    let mapping = match_headers(ImportKind::Sales, &rows[0]);
    assert!(mapping.unmatched().is_empty());
    // Oldest first.
    assert_eq!(
        rows[1],
        strings(&[
            "",
            "李四",
            "13912345678",
            "2026-10-15",
            "洗衣机",
            "1",
            "1999.50",
            "2026-10-15",
            "",
            ""
        ])
    );
    assert_eq!(
        rows[2],
        strings(&[
            "XS-2026-001",
            "张三",
            "13800138000",
            "2026-11-01",
            "海尔冰箱 BCD-470",
            "2",
            "7999.00",
            "2026-12-01",
            "30",
            "送货上门"
        ])
    );
    let cell = |field| &rows[2][mapping.column_of(field).unwrap()];
    assert_eq!(parse_import_date(cell(Field::Date)), Ok(day(2026, 11, 1)));
    assert_eq!(
        parse_import_date(cell(Field::DueDate)),
        Ok(day(2026, 12, 1))
    );
    assert_eq!(parse_amount(cell(Field::Amount)), Ok(Money(799_900)));
    assert_eq!(parse_quantity(cell(Field::Quantity)), Ok(2));
    assert_eq!(parse_terms_days(cell(Field::TermsDays)), Ok(30));
}

#[test]
fn payments_name_the_customer_and_the_sale_they_pay() {
    let shop = shop();
    let (bytes, summary) = export_bytes(&shop, ExportKind::Payments, ExportEncoding::Utf8Bom);
    assert_eq!(summary.rows, 2);
    let rows = cells(&utf8_text(&bytes));
    assert!(
        match_headers(ImportKind::Payments, &rows[0])
            .unmatched()
            .is_empty()
    );
    assert_eq!(
        rows[1..],
        [
            strings(&[
                "李四",
                "13912345678",
                "2026-11-02",
                "500.00",
                "",
                "现金",
                ""
            ]),
            strings(&[
                "张三",
                "13800138000",
                "2026-11-20",
                "3000.00",
                "XS-2026-001",
                "微信",
                ""
            ]),
        ]
    );
}

#[test]
fn contacts_use_the_chinese_labels_and_times_to_the_minute() {
    let shop = shop();
    genjin::i18n::Language::English.apply();
    let (bytes, summary) = export_bytes(&shop, ExportKind::Contacts, ExportEncoding::Utf8Bom);
    assert_eq!(summary.rows, 1);
    let rows = cells(&utf8_text(&bytes));
    assert_eq!(
        rows,
        [
            strings(&[
                "客户",
                "手机",
                "时间",
                "方式",
                "目的",
                "摘要",
                "结果",
                "下次联系"
            ]),
            strings(&[
                "李四",
                "13912345678",
                "2026-11-03 14:30",
                "电话",
                "售后回访",
                "洗衣机用得好",
                "'=介绍了邻居",
                "2027-02-01"
            ]),
        ]
    );
}

#[test]
fn every_kind_exports_to_a_file_and_replaces_it_only_when_done() {
    let shop = shop();
    let dir = shop.path.parent().unwrap();
    for kind in ExportKind::ALL.iter().copied() {
        for encoding in [ExportEncoding::Utf8Bom, ExportEncoding::Gbk] {
            let file = dir.join(format!("{}-{encoding:?}.csv", kind.code()));
            std::fs::write(&file, "old contents").unwrap();
            let summary = export_to_file(&shop.store, kind, &file, encoding).unwrap();
            let (bytes, expected) = export_bytes(&shop, kind, encoding);
            assert_eq!(summary, expected);
            assert_eq!(
                std::fs::read(&file).unwrap(),
                bytes,
                "{kind:?} {encoding:?}"
            );
            assert!(!partial_path(&file).exists());
        }
    }
    // A folder in the way: the export fails and nothing is left behind.
    let blocked = dir.join("blocked.csv");
    std::fs::create_dir(&blocked).unwrap();
    assert!(
        export_to_file(
            &shop.store,
            ExportKind::Customers,
            &blocked,
            ExportEncoding::Utf8Bom
        )
        .is_err()
    );
    assert!(blocked.is_dir());
    assert!(!partial_path(&blocked).exists());
}

#[test]
fn an_empty_shop_exports_just_the_headers() {
    let store = Store::open_in_memory().unwrap();
    for kind in ExportKind::ALL.iter().copied() {
        let mut out = Vec::new();
        let summary = export(&store, kind, &mut out, ExportEncoding::Utf8Bom).unwrap();
        assert_eq!(summary.rows, 0);
        assert_eq!(utf8_text(&out), format!("{}\r\n", kind.header().join(",")));
    }
}
