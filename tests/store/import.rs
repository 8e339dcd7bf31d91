//! Imports end to end on temporary databases: files in every encoding the
//! shops send, bad rows with their line and column, duplicates, sales and
//! payments matched to customers, undo, strict mode, check, cancel,
//! remembered mappings and phone contacts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use genjin::domain::contact::{ContactChannel, ContactEntry, ContactPurpose};
use genjin::domain::customer::{Customer, CustomerClass, CustomerId, Gender, Source};
use genjin::domain::money::Money;
use genjin::domain::sale::Sale;
use genjin::domain::yearly::YearlyDate;
use genjin::import::decode::Encoding;
use genjin::import::fields::{Field, ImportKind, Mapping, match_headers};
use genjin::import::pipeline::{
    FileFormat, ImportError, ImportPlan, Mode, OnDuplicate, Problem, Progress, Report, check,
    import, preview_file, remember_mapping, remembered_mapping,
};
use genjin::store::{Store, StoreError};
use tempfile::TempDir;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/");
/// Larger lists as shops export them (a few KB each), kept in the repository.
const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/samples/");

// ---------------------------------------------------------------------------
// Helpers.

fn now() -> NaiveDateTime {
    day(2026, 11, 23)
        .and_hms_opt(9, 0, 0)
        .expect("a valid time")
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

fn solar(y: Option<i32>, m: u32, d: u32) -> Option<YearlyDate> {
    Some(YearlyDate::solar(y, m, d).expect("a valid solar date"))
}

fn lunar(y: Option<i32>, m: u8, leap: bool, d: u8) -> Option<YearlyDate> {
    Some(YearlyDate::lunar(y, m, leap, d).expect("a valid lunar date"))
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(format!("{FIXTURES}{name}"))
}

fn sample(name: &str) -> PathBuf {
    let path = PathBuf::from(format!("{SAMPLES}{name}"));
    assert!(path.is_file(), "missing sample {}", path.display());
    path
}

/// A shop book in a temporary folder.
struct Book {
    dir: TempDir,
    store: Store,
}

impl Book {
    fn new() -> Book {
        let dir = TempDir::new().expect("a temporary folder");
        let store = Store::open(&dir.path().join("shop.sqlite")).expect("the test book opens");
        Book { dir, store }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("shop.sqlite")
    }

    /// Writes a UTF-8 file into the book's folder.
    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).expect("the temporary folder is writable");
        path
    }

    fn add(&mut self, name: &str, mobile: &str) -> CustomerId {
        let mut c = Customer::new(name, now());
        c.mobile = mobile.to_string();
        self.store
            .save_customer(&c)
            .expect("the test book saves the card")
    }

    fn card(&self, id: CustomerId) -> Customer {
        self.store
            .customer(id)
            .expect("the test book reads the card")
            .expect("card exists")
    }

    /// The one card holding this phone.
    fn by_phone(&self, phone: &str) -> Customer {
        let found = self
            .store
            .customers_with_phone(phone, None)
            .expect("the test book finds by phone");
        assert_eq!(found.len(), 1, "one card with {phone}: {found:?}");
        self.card(found[0].id)
    }

    /// The one card with this exact name.
    fn by_name(&self, name: &str) -> Customer {
        let found: Vec<CustomerId> = self
            .store
            .customer_summaries()
            .expect("the test book lists its cards")
            .into_iter()
            .filter(|s| s.name == name)
            .map(|s| s.id)
            .collect();
        assert_eq!(found.len(), 1, "one card named {name}");
        self.card(found[0])
    }

    fn count(&self) -> i64 {
        self.store
            .customer_count()
            .expect("the test book counts its cards")
    }

    fn assert_sound(&self) {
        let findings = self.store.check().expect("the check runs");
        assert!(findings.is_empty(), "check findings: {findings:?}");
    }

    fn import(&mut self, path: &Path, kind: ImportKind, on_duplicate: OnDuplicate) -> Report {
        let plan = plan(path, kind, on_duplicate);
        import(
            &mut self.store,
            &plan,
            Mode::GoodRows,
            now(),
            &Progress::default(),
        )
        .expect("the test import runs")
    }

    /// Checks, then imports, and asserts both reports agree.
    fn check_then_import(
        &mut self,
        path: &Path,
        kind: ImportKind,
        on_duplicate: OnDuplicate,
    ) -> Report {
        let plan = plan(path, kind, on_duplicate);
        let before = dump(&self.db());
        let checked =
            check(&self.store, &plan, now(), &Progress::default()).expect("the check runs");
        assert_eq!(dump(&self.db()), before, "check wrote something");
        let imported = import(
            &mut self.store,
            &plan,
            Mode::GoodRows,
            now(),
            &Progress::default(),
        )
        .expect("the test import runs");
        assert!(imported.batch.is_some());
        assert_eq!(
            Report {
                batch: None,
                ..imported.clone()
            },
            checked,
            "check and import disagree on {}",
            path.display()
        );
        imported
    }
}

/// The plan the CLI would make: detected format, synonyms for the mapping.
fn plan(path: &Path, kind: ImportKind, on_duplicate: OnDuplicate) -> ImportPlan {
    let preview = preview_file(path, None, None).expect("the test file previews");
    let mapping = match_headers(kind, &preview.headers);
    assert!(
        mapping.is_ready(),
        "{}: {:?}",
        path.display(),
        preview.headers
    );
    ImportPlan {
        path: path.to_path_buf(),
        format: preview.format,
        mapping,
        on_duplicate,
    }
}

/// rows, imported, updated, skipped duplicates, error rows.
fn counts(r: &Report) -> [u64; 5] {
    [
        r.rows,
        r.imported,
        r.updated,
        r.skipped_duplicates,
        r.error_rows,
    ]
}

/// Each problem as (line, column header, code).
fn problems(r: &Report) -> Vec<(u64, &str, &'static str)> {
    r.errors
        .iter()
        .map(|e| (e.line, e.column_name.as_str(), e.problem.code()))
        .collect()
}

/// Every row the shop owns, table by table, read with a separate
/// connection. Children are listed without their own ids (a card rewritten
/// by an import gets its family rows anew).
fn dump(db: &Path) -> BTreeMap<&'static str, Vec<String>> {
    let conn = rusqlite::Connection::open(db).expect("the test database opens");
    let queries: &[(&str, &str)] = &[
        ("customers", "SELECT * FROM customers ORDER BY id"),
        (
            "customer_tags",
            "SELECT customer_id, tag, position FROM customer_tags ORDER BY customer_id, position",
        ),
        (
            "family_members",
            "SELECT customer_id, position, relation, name, birthday, note FROM family_members \
             ORDER BY customer_id, position",
        ),
        (
            "custom_dates",
            "SELECT customer_id, position, label, date FROM custom_dates ORDER BY customer_id, position",
        ),
        ("contacts", "SELECT * FROM contacts ORDER BY id"),
        ("promises", "SELECT * FROM promises ORDER BY id"),
        (
            "promise_records",
            "SELECT * FROM promise_records ORDER BY promise_id, due",
        ),
        ("sales", "SELECT * FROM sales ORDER BY id"),
        ("payments", "SELECT * FROM payments ORDER BY id"),
        ("settings", "SELECT * FROM settings ORDER BY key"),
    ];
    queries
        .iter()
        .map(|(table, sql)| {
            let mut stmt = conn.prepare(sql).expect("the test query is valid");
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    let cells: Vec<String> = (0..n)
                        .map(|i| {
                            format!(
                                "{:?}",
                                r.get::<_, rusqlite::types::Value>(i)
                                    .expect("a readable column")
                            )
                        })
                        .collect();
                    Ok(cells.join("|"))
                })
                .expect("the test query runs")
                .collect::<Result<Vec<_>, _>>()
                .expect("every row reads");
            (*table, rows)
        })
        .collect()
}

fn table_len(db: &Path, table: &str) -> usize {
    dump(db)[table].len()
}

fn batch_rows(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("the test database opens");
    conn.query_row("SELECT count(*) FROM import_batches", [], |r| r.get(0))
        .expect("the test query runs")
}

// ---------------------------------------------------------------------------
// Customer lists as shops send them.

#[test]
fn gbk_sample_imports_the_good_rows_and_names_each_bad_one() {
    let mut book = Book::new();
    let r = book.check_then_import(
        &sample("customers-gbk.csv"),
        ImportKind::Customers,
        OnDuplicate::Skip,
    );
    assert_eq!((r.encoding, r.delimiter), ("gb18030", "comma"));
    assert_eq!(counts(&r), [44, 40, 0, 0, 4]);
    assert_eq!(
        problems(&r),
        [
            (42, "生日", "date_impossible"),
            (43, "姓名", "required"),
            (44, "生日", "ambiguous_date"),
            (45, "手机", "phone"),
        ]
    );
    assert_eq!(r.errors[0].value, "1990-2-30");
    assert_eq!(r.errors[0].field, Some(Field::Birthday));
    assert_eq!(r.errors[3].value, "1380013");
    assert!(!r.had_decode_errors);
    assert_eq!(book.count(), 40);

    let luo = book.by_phone("13012345678");
    assert_eq!(luo.name, "罗俊秀");
    assert_eq!(luo.birthday, lunar(Some(1998), 10, false, 2));
    assert_eq!(luo.source, Some(Source::Referral));
    assert_eq!(luo.address, "北京市某路283号");
    assert_eq!(luo.notes, "老客户，喜欢喝茶");
    let guo = book.by_phone("18012353597");
    assert_eq!(guo.name, "郭健", "+86 with spaces is normalised");
    assert_eq!(guo.birthday, solar(Some(2002), 4, 21));
    let cheng = book.by_phone("13012377354");
    assert_eq!(cheng.name, "程超浩");
    assert_eq!(
        cheng.birthday,
        solar(Some(1960), 8, 4),
        "Excel serial 22132"
    );
    assert_eq!(cheng.source, Some(Source::TradeFair));
    assert_eq!(
        book.by_phone("14012424868").birthday,
        lunar(None, 6, true, 20),
        "农历闰六月二十"
    );
    assert_eq!(
        book.by_phone("15012575329").birthday,
        solar(Some(1977), 5, 13),
        "a date with a midnight time"
    );
    assert_eq!(book.by_phone("13012511977").birthday, solar(None, 7, 20));
    assert_eq!(
        book.by_phone("16012567410").birthday,
        solar(Some(1951), 1, 14)
    );
    assert_eq!(
        book.by_phone("16012567410").source,
        Some(Source::Reputation)
    );
    assert!(
        book.store
            .customers_with_phone("18139453597", None)
            .unwrap()
            .is_empty(),
        "a bad row writes nothing"
    );
    book.assert_sound();
}

#[test]
fn utf16_tab_sample_reads_full_width_phones_and_keeps_formula_text() {
    let mut book = Book::new();
    let r = book.check_then_import(
        &sample("customers-utf16-tab.txt"),
        ImportKind::Customers,
        OnDuplicate::Skip,
    );
    assert_eq!((r.encoding, r.delimiter), ("utf-16le", "tab"));
    assert_eq!(counts(&r), [25, 25, 0, 0, 0]);
    assert!(r.errors.is_empty());
    let pan = book.by_phone("19014048263");
    assert_eq!(pan.name, "潘帅", "full-width digits fold");
    assert_eq!(pan.birthday, lunar(Some(1969), 6, false, 20));
    assert_eq!(
        book.by_phone("13013953235").birthday,
        lunar(None, 1, false, 7)
    );
    assert_eq!(
        book.by_phone("15013945316").source,
        Some(Source::Reputation)
    );
    assert_eq!(
        book.by_phone("17013937397").birthday,
        solar(Some(1960), 11, 14)
    );
    assert_eq!(
        book.by_phone("14014111615").notes,
        "=1+1",
        "a formula-looking note is kept as text"
    );
    book.assert_sound();
}

#[test]
fn semicolon_sample_with_bom_and_english_headers() {
    let mut book = Book::new();
    let r = book.check_then_import(
        &sample("customers-utf8-bom-semicolon.csv"),
        ImportKind::Customers,
        OnDuplicate::Skip,
    );
    assert_eq!((r.encoding, r.delimiter), ("utf-8", "semicolon"));
    assert_eq!(counts(&r), [29, 25, 0, 0, 4]);
    assert_eq!(
        problems(&r),
        [
            (27, "Birthday", "date_impossible"),
            (28, "Name", "required"),
            (29, "Birthday", "ambiguous_date"),
            (30, "Mobile", "phone"),
        ]
    );
    assert_eq!(book.by_phone("13013145497").name, "熊秀");
    assert_eq!(
        book.by_phone("13013145497").birthday,
        lunar(None, 8, false, 3)
    );
    assert_eq!(
        book.by_phone("15013177173").birthday,
        solar(Some(1989), 2, 19),
        "Excel serial 32558"
    );
    assert_eq!(
        book.by_phone("13013185092").birthday,
        solar(Some(1954), 6, 10)
    );
    assert_eq!(book.by_phone("15013216768").name, "夏斌晨");
    book.assert_sound();
}

#[test]
fn every_fixture_encoding_imports_the_same_people() {
    // (file, encoding, delimiter)
    let files = [
        ("customers-gbk.csv", "gb18030", "comma"),
        ("customers-utf8.csv", "utf-8", "comma"),
        ("customers-utf8-bom.csv", "utf-8", "comma"),
        ("customers-utf16le.txt", "utf-16le", "tab"),
        ("customers-semicolon.csv", "utf-8", "semicolon"),
    ];
    for (name, encoding, delimiter) in files {
        let mut book = Book::new();
        let r = book.check_then_import(&fixture(name), ImportKind::Customers, OnDuplicate::Skip);
        assert_eq!((r.encoding, r.delimiter), (encoding, delimiter), "{name}");
        assert_eq!(counts(&r), [6, 6, 0, 0, 0], "{name}: {:?}", r.errors);
        let zhang = book.by_phone("13800138000");
        assert_eq!(zhang.name, "张伟", "{name}");
        assert_eq!(zhang.birthday, solar(Some(1985), 3, 2), "{name}");
        let wang = book.by_phone("13900139000");
        assert_eq!(wang.name, "王芳", "{name}: full-width digits");
        assert_eq!(wang.birthday, lunar(Some(1990), 8, false, 3), "{name}");
        assert_eq!(
            book.by_phone("13700137000").birthday,
            solar(Some(1992), 7, 15)
        );
        assert_eq!(
            book.by_phone("13600136000").birthday,
            solar(Some(1978), 11, 30)
        );
        assert_eq!(
            book.by_phone("13500135000").birthday,
            solar(Some(2001), 1, 5)
        );
        assert_eq!(
            book.by_phone("13400134000").birthday,
            lunar(None, 2, false, 1)
        );
        let note = if name == "customers-semicolon.csv" {
            "老客户, 喜欢喝茶"
        } else {
            "老客户，喜欢喝茶"
        };
        assert_eq!(zhang.notes, note, "{name}");
        book.assert_sound();
    }
}

#[test]
fn gb18030_keeps_four_byte_names() {
    let mut book = Book::new();
    let r = book.check_then_import(
        &fixture("customers-gb18030.csv"),
        ImportKind::Customers,
        OnDuplicate::Skip,
    );
    assert_eq!(counts(&r), [5, 5, 0, 0, 0]);
    assert_eq!(book.by_phone("13800138001").name, "王\u{20000}");
    assert_eq!(book.by_phone("13800138002").name, "李\u{2A6A5}");
    assert_eq!(book.by_phone("13800138002").notes, "四个龙字");
}

#[test]
fn big5_reads_traditional_text_and_lunar_birthdays() {
    let mut book = Book::new();
    let r = book.check_then_import(
        &fixture("customers-big5.csv"),
        ImportKind::Customers,
        OnDuplicate::Skip,
    );
    assert_eq!(r.encoding, "big5");
    assert_eq!(counts(&r), [5, 5, 0, 0, 0], "{:?}", r.errors);
    let lin = book.by_name("林俊傑");
    assert_eq!(lin.birthday, lunar(None, 8, false, 3), "農曆八月初三");
    assert_eq!(book.by_name("黃淑芬").birthday, solar(Some(1978), 11, 30));
    book.assert_sound();
}

#[test]
fn quoted_multiline_notes_keep_their_line_break_and_lines_follow_the_file() {
    let mut book = Book::new();
    let r = book.check_then_import(
        &fixture("quoted-multiline.csv"),
        ImportKind::Customers,
        OnDuplicate::Skip,
    );
    assert_eq!(counts(&r), [4, 4, 0, 0, 0]);
    assert_eq!(
        book.by_phone("13900139000").notes,
        "喜欢喝茶, 要\"龙井\"\n第二行备注"
    );
    assert_eq!(book.by_phone("13600136000").notes, "a,b");
    assert_eq!(book.by_phone("13600136000").birthday, None);

    // The same shape with bad cells after the multi-line note: the reported
    // lines are the physical ones.
    let path = book.file(
        "bad-after-multiline.csv",
        "姓名,手机,生日,备注\r\n\
         张伟,13800138001,1985-03-02,\"一\r\n二\r\n三\"\r\n\
         \r\n\
         王芳,1390013,1990-08-03,\r\n",
    );
    let r = book.check_then_import(&path, ImportKind::Customers, OnDuplicate::Skip);
    assert_eq!(counts(&r), [2, 1, 0, 0, 1]);
    assert_eq!(problems(&r), [(6, "手机", "phone")]);
    assert_eq!(book.by_phone("13800138001").notes, "一\n二\n三");
}

/// One bad row of every kind, each on a known line, between good rows that
/// use Excel serials, full-width digits and lunar dates.
const BAD_ROWS: &str = "\
姓名,手机,电话2,邮箱,性别,生日,结婚纪念日,来源,介绍人,类别,信用额度,标签,备注
好人甲,１３８００１３８０００,010-12345678,jia@example.cn,男,31173,农历腊月初八,展会,,A,\"¥1,000\",老客户、VIP,\"第一行
第二行\"
,13800138001,,,,,,,,,,,缺姓名
坏手机,12345,,,,,,,,,,,
坏电话2,13800138003,abc,,,,,,,,,,
坏邮箱,13800138004,,x@,,,,,,,,,
坏性别,13800138005,,,中,,,,,,,,
坏日期,13800138006,,,,1990-02-30,,,,,,,
美式日期,13800138007,,,,3/4/1990,,,,,,,
坏农历,13800138008,,,,,农历2024年闰四月初八,,,,,,
短序号,13800138009,,,,2024,,,,,,,
坏来源,13800138010,,,,,,路过,,,,,
坏介绍人,13800138011,,,,,,,不存在的人,,,,
坏类别,13800138012,,,,,,,,D,,,
负额度,13800138013,,,,,,,,,-5,,
坏额度,13800138014,,,,,,,,,abc,,
多处错,13800138015,,y@,中,,,,,,,,
好人乙,13800138016,,,女,1990年8月1日,,,好人甲,B类,,,
好人丙,13800138017,,,,农历八月十五,,,13800138000,,,,
";

#[test]
fn bad_rows_of_every_kind_are_reported_with_line_column_and_code() {
    let mut book = Book::new();
    let path = book.file("bad.csv", BAD_ROWS);
    let r = book.check_then_import(&path, ImportKind::Customers, OnDuplicate::Skip);
    assert_eq!(counts(&r), [18, 3, 0, 0, 15], "{:?}", r.errors);
    assert_eq!(
        problems(&r),
        [
            (4, "姓名", "required"),
            (5, "手机", "phone"),
            (6, "电话2", "phone"),
            (7, "邮箱", "email"),
            (8, "性别", "unknown_gender"),
            (9, "生日", "date_impossible"),
            (10, "生日", "ambiguous_date"),
            (11, "结婚纪念日", "lunar"),
            (12, "生日", "excel_serial_out_of_range"),
            (13, "来源", "unknown_source"),
            (14, "介绍人", "referrer_not_found"),
            (15, "类别", "unknown_class"),
            (16, "信用额度", "negative_amount"),
            (17, "信用额度", "amount"),
            (18, "邮箱", "email"),
            (18, "性别", "unknown_gender"),
        ]
    );
    let issue = &r.errors[1];
    assert_eq!(issue.column, Some(1));
    assert_eq!(issue.value, "12345");
    assert_eq!(issue.field, Some(Field::Mobile));
    assert!(matches!(issue.problem, Problem::Value(_)));
    assert_eq!(r.errors[10].problem, Problem::ReferrerNotFound);
    assert_eq!(r.errors[10].value, "不存在的人");

    let jia = book.by_phone("13800138000");
    assert_eq!(jia.name, "好人甲");
    assert_eq!(jia.phone2, "010-12345678");
    assert_eq!(jia.email, "jia@example.cn");
    assert_eq!(jia.gender, Gender::Male);
    assert_eq!(jia.birthday, solar(Some(1985), 5, 6), "Excel serial 31173");
    assert_eq!(jia.anniversary, lunar(None, 12, false, 8));
    assert_eq!(jia.source, Some(Source::TradeFair));
    assert_eq!(jia.class_override, Some(CustomerClass::A));
    assert_eq!(jia.credit_limit, Some(Money(100_000)));
    assert_eq!(jia.tags, ["老客户", "VIP"]);
    assert_eq!(jia.notes, "第一行\n第二行");

    let yi = book.by_phone("13800138016");
    assert_eq!(
        yi.referred_by, jia.id,
        "referrer by name, earlier in the file"
    );
    assert_eq!(yi.source, Some(Source::Referral), "a referrer implies it");
    assert_eq!(yi.gender, Gender::Female);
    assert_eq!(yi.class_override, Some(CustomerClass::B));
    let bing = book.by_phone("13800138017");
    assert_eq!(bing.referred_by, jia.id, "referrer by phone");
    assert_eq!(bing.birthday, lunar(None, 8, false, 15));
    book.assert_sound();
}

#[test]
fn a_referrer_in_the_book_is_found_and_an_ambiguous_one_is_refused() {
    let mut book = Book::new();
    let old = book.add("老顾客", "13900000001");
    book.add("同名", "13900000002");
    book.add("同名", "13900000003");
    let path = book.file(
        "referrals.csv",
        "姓名,手机,介绍人\n\
         新甲,13800000001,老顾客\n\
         新乙,13800000002,13900000001\n\
         新丙,13800000003,同名\n\
         新丁,13800000004,13900000003\n",
    );
    let r = book.check_then_import(&path, ImportKind::Customers, OnDuplicate::Skip);
    assert_eq!(counts(&r), [4, 3, 0, 0, 1]);
    assert_eq!(problems(&r), [(4, "介绍人", "referrer_ambiguous")]);
    assert_eq!(r.errors[0].problem, Problem::ReferrerAmbiguous(2));
    assert_eq!(book.by_phone("13800000001").referred_by, Some(old));
    assert_eq!(book.by_phone("13800000002").referred_by, Some(old));
    let ding = book.by_phone("13800000004");
    assert_eq!(book.card(ding.referred_by.unwrap()).mobile, "13900000003");
}

// ---------------------------------------------------------------------------
// Duplicates.

#[test]
fn a_phone_in_the_book_or_earlier_in_the_file_is_skipped() {
    let mut book = Book::new();
    let zhang = book.add("张三", "13800138000");
    let before = book.card(zhang);
    let path = book.file(
        "dupes.csv",
        "姓名,手机,电话2,单位\n\
         张三丰,13800138000,,新公司\n\
         李四,13900139000,,\n\
         李四二,+86 139 0013 9000,,\n\
         王五,13700137000,13800138000,\n",
    );
    let r = book.check_then_import(&path, ImportKind::Customers, OnDuplicate::Skip);
    assert_eq!(counts(&r), [4, 1, 0, 3, 0]);
    assert!(r.errors.is_empty());
    assert_eq!(
        book.card(zhang),
        before,
        "a skipped duplicate changes nothing"
    );
    assert_eq!(book.by_phone("13900139000").name, "李四");
    assert_eq!(book.count(), 2);
}

/// A card with some fields set, to be merged into.
fn old_card(book: &mut Book) -> CustomerId {
    let mut c = Customer::new("张三", now());
    c.mobile = "13800138000".into();
    c.company = "旧公司".into();
    c.notes = "旧备注".into();
    c.tags = vec!["老客户".into()];
    c.gender = Gender::Male;
    book.store
        .save_customer(&c)
        .expect("the test book saves the card")
}

const MERGE_FILE: &str = "姓名,手机,电话2,单位,地址,生日,性别,标签,备注\n\
                          张三丰,13800138000,0571-88886666,新公司,北京,1985-05-06,女,VIP,\n";

#[test]
fn fill_sets_only_empty_fields() {
    let mut book = Book::new();
    let id = old_card(&mut book);
    let path = book.file("merge.csv", MERGE_FILE);
    let r = book.check_then_import(&path, ImportKind::Customers, OnDuplicate::Fill);
    assert_eq!(counts(&r), [1, 0, 1, 0, 0]);
    let c = book.card(id);
    assert_eq!(c.name, "张三");
    assert_eq!(c.company, "旧公司");
    assert_eq!(c.gender, Gender::Male);
    assert_eq!(c.notes, "旧备注");
    assert_eq!(c.phone2, "0571-88886666");
    assert_eq!(c.address, "北京");
    assert_eq!(c.birthday, solar(Some(1985), 5, 6));
    assert_eq!(c.tags, ["老客户", "VIP"]);
    assert_eq!(book.count(), 1);
}

#[test]
fn overwrite_replaces_fields_the_file_has_and_never_erases() {
    let mut book = Book::new();
    let id = old_card(&mut book);
    let path = book.file("merge.csv", MERGE_FILE);
    let r = book.check_then_import(&path, ImportKind::Customers, OnDuplicate::Overwrite);
    assert_eq!(counts(&r), [1, 0, 1, 0, 0]);
    let c = book.card(id);
    assert_eq!(c.name, "张三丰");
    assert_eq!(c.company, "新公司");
    assert_eq!(c.gender, Gender::Female);
    assert_eq!(c.notes, "旧备注", "a blank cell never erases");
    assert_eq!(c.address, "北京");
    assert_eq!(c.tags, ["老客户", "VIP"], "tags are added, never removed");
}

#[test]
fn importing_the_same_data_again_skips_every_row_in_every_mode() {
    let mut book = Book::new();
    let path = book.file("bad.csv", BAD_ROWS);
    let first = book.import(&path, ImportKind::Customers, OnDuplicate::Skip);
    assert_eq!(first.imported, 3);
    let before = dump(&book.db());
    for mode in OnDuplicate::ALL {
        let again = book.check_then_import(&path, ImportKind::Customers, mode);
        assert_eq!(counts(&again), [18, 0, 0, 3, 15], "{mode:?}");
        assert_eq!(dump(&book.db()), before, "{mode:?} changed a card");
    }
}

#[test]
fn a_repeat_in_the_file_merges_into_the_card_the_file_added() {
    // The second row fills the first one's empty company; the third is the
    // same again and changes nothing. Check must count as the import does.
    let mut book = Book::new();
    let old = old_card(&mut book);
    let path = book.file(
        "repeats.csv",
        "姓名,手机,单位,地址\n\
         李四,13900139000,,\n\
         李四,13900139000,新公司,\n\
         李四,13900139000,新公司,\n\
         张三,13800138000,,上海\n\
         张三,13800138000,,上海\n",
    );
    let before = dump(&book.db());
    let old_before = book.card(old);
    let r = book.check_then_import(&path, ImportKind::Customers, OnDuplicate::Fill);
    assert_eq!(counts(&r), [5, 1, 2, 2, 0]);
    assert_eq!(book.by_phone("13900139000").company, "新公司");
    assert_eq!(book.card(old).address, "上海");

    // The card is saved once, as it was before the batch's first change.
    book.store.undo_import(r.batch.unwrap()).unwrap();
    assert_eq!(book.card(old), old_before);
    assert_eq!(dump(&book.db()), before);
}

#[test]
fn free_text_is_tidied_and_line_breaks_in_notes_survive() {
    let mut book = Book::new();
    let path = book.file(
        "tidy.csv",
        "姓名,手机,地址,标签,备注\n\
         \"  欧阳  娜娜 \",13800138000,\" 北京市\t朝阳区 \",\"VIP\n老客户，VIP\",\
         \"\n 第一行\t有  空格 \r\n\r\n第三行\n\n\"\n",
    );
    let r = book.check_then_import(&path, ImportKind::Customers, OnDuplicate::Skip);
    assert_eq!(counts(&r), [1, 1, 0, 0, 0]);
    let c = book.by_phone("13800138000");
    assert_eq!(
        c.name, "欧阳 娜娜",
        "runs of whitespace collapse, ends trimmed"
    );
    assert_eq!(
        c.address, "北京市 朝阳区",
        "a tab is whitespace like any other"
    );
    assert_eq!(c.tags, ["VIP", "老客户"], "a line break separates tags");
    assert_eq!(
        c.notes, "第一行 有 空格\n\n第三行",
        "each line tidied, inner blank lines kept, outer ones dropped"
    );
}

// ---------------------------------------------------------------------------
// Sales and payments.

/// 张三 twice (other phones), 李四, 王五 without a phone.
struct SalesBook {
    book: Book,
    zhang1: CustomerId,
    zhang2: CustomerId,
    li: CustomerId,
    wang: CustomerId,
}

fn sales_book() -> SalesBook {
    let mut book = Book::new();
    let zhang1 = book.add("张三", "13800138000");
    let zhang2 = book.add("张三", "13900139000");
    let li = book.add("李四", "13700137000");
    let wang = book.add("王五", "");
    SalesBook {
        book,
        zhang1,
        zhang2,
        li,
        wang,
    }
}

const SALES: &str = "\
单号,客户,手机,日期,商品,数量,金额,到期日,账期,备注
XS-1,张三,13900139000,2026-01-05,冰箱,1,\"3,000.00\",,30,
XS-2,李四,,2026/1/6,电视,2,¥5000,2026-03-01,,送货上门
XS-3,张三,,2026-01-07,空调,1,2000,,,
XS-4,赵六,,2026-01-07,空调,1,2000,,,
XS-5,,13600136000,2026-01-07,空调,1,2000,,,
XS-6,王五,13600136000,46029,洗衣机,1,1500,,,
,李四,13700137000,2026-01-08,插线板,1,100,,,
,李四,13700137000,2026-01-08,插线板,1,100,,,
XS-7,李四,,2026-01-09,灯泡,1,10,2026-01-01,,
XS-1,张三,13900139000,2026-01-05,冰箱,1,3000,,30,
XS-8,李四,,2026-01-10,灯泡,1,-10,,,
XS-9,,,2026-01-10,灯泡,1,10,,,
XS-10,李四,,昨天,灯泡,1.5,abc,,-5,
";

#[test]
fn sales_find_their_customer_by_phone_then_name_and_never_count_twice() {
    let mut s = sales_book();
    let path = s.book.file("sales.csv", SALES);
    let r = s
        .book
        .check_then_import(&path, ImportKind::Sales, OnDuplicate::Skip);
    assert_eq!(counts(&r), [13, 5, 0, 1, 7], "{:?}", r.errors);
    assert_eq!(
        problems(&r),
        [
            (4, "客户", "customer_ambiguous"),
            (5, "客户", "customer_not_found"),
            (6, "手机", "customer_not_found"),
            (10, "到期日", "due_before_sale"),
            (12, "金额", "negative_amount"),
            (13, "客户", "required"),
            (14, "日期", "date_unreadable"),
            (14, "金额", "amount"),
            (14, "数量", "quantity"),
            (14, "账期", "terms_days"),
        ]
    );
    assert_eq!(r.errors[0].problem, Problem::CustomerAmbiguous(2));

    let zhang2 = s.book.store.sales_for(s.zhang2).unwrap();
    assert_eq!(zhang2.len(), 1, "matched by phone, not by the shared name");
    assert_eq!(zhang2[0].number.as_deref(), Some("XS-1"));
    assert_eq!(zhang2[0].amount, Money(300_000));
    assert_eq!(zhang2[0].terms_days, Some(30));
    assert_eq!(zhang2[0].due_date, day(2026, 2, 4), "due date from terms");
    assert!(s.book.store.sales_for(s.zhang1).unwrap().is_empty());

    let li = s.book.store.sales_for(s.li).unwrap();
    assert_eq!(
        li.len(),
        3,
        "XS-2 and the two identical rows without a number"
    );
    let xs2 = li
        .iter()
        .find(|s| s.number.as_deref() == Some("XS-2"))
        .unwrap();
    assert_eq!(
        (xs2.date, xs2.quantity, xs2.amount, xs2.due_date),
        (day(2026, 1, 6), 2, Money(500_000), day(2026, 3, 1))
    );
    assert_eq!(xs2.note, "送货上门");
    let wang = s.book.store.sales_for(s.wang).unwrap();
    assert_eq!(wang.len(), 1, "unknown phone, then the name");
    assert_eq!(wang[0].date, day(2026, 1, 7), "Excel serial 46029");
    assert_eq!(wang[0].due_date, wang[0].date, "no terms: due on the day");

    let balances = |s: &SalesBook| {
        [s.zhang1, s.zhang2, s.li, s.wang].map(|id| s.book.store.balance_of(id).unwrap())
    };
    let first = balances(&s);
    assert_eq!(
        first,
        [Money(0), Money(300_000), Money(520_000), Money(150_000)]
    );

    // The same file again: numbered sales by number, the others by equality.
    let again = s
        .book
        .check_then_import(&path, ImportKind::Sales, OnDuplicate::Skip);
    assert_eq!(counts(&again), [13, 0, 0, 6, 7]);
    assert_eq!(
        balances(&s),
        first,
        "a second import does not double the balance"
    );
    s.book.assert_sound();
}

const PAYMENTS: &str = "\
客户,手机,日期,金额,单号,方式,备注
,13900139000,2026-02-01,1000,XS-1,微信,
,,2026-02-02,500,XS-2,现金,
李四,,2026-02-03,100,XS-404,,
李四,,2026-02-03,100,XS-1,,
王五,,2026-02-04,0,,,
王五,,2026-02-04,50,,转账,分期
";

#[test]
fn payments_tie_to_sale_numbers_of_the_same_customer() {
    let mut s = sales_book();
    let sales = s.book.file("sales.csv", SALES);
    s.book.import(&sales, ImportKind::Sales, OnDuplicate::Skip);
    let path = s.book.file("payments.csv", PAYMENTS);
    let r = s
        .book
        .check_then_import(&path, ImportKind::Payments, OnDuplicate::Skip);
    assert_eq!(counts(&r), [6, 3, 0, 0, 3], "{:?}", r.errors);
    assert_eq!(
        problems(&r),
        [
            (4, "单号", "sale_not_found"),
            (5, "单号", "sale_of_other_customer"),
            (6, "金额", "zero_amount"),
        ]
    );
    assert_eq!(r.errors[0].problem, Problem::SaleNotFound("XS-404".into()));

    let xs1 = s.book.store.sales_for(s.zhang2).unwrap()[0].id;
    let paid = s.book.store.payments_for(s.zhang2).unwrap();
    assert_eq!(paid.len(), 1);
    assert_eq!((paid[0].sale_id, paid[0].amount), (xs1, Money(100_000)));
    assert_eq!(paid[0].method, "微信");
    let li = s.book.store.payments_for(s.li).unwrap();
    assert_eq!(li.len(), 1, "the customer comes from the sale number");
    let xs2 = s
        .book
        .store
        .sales_for(s.li)
        .unwrap()
        .into_iter()
        .find(|x| x.number.as_deref() == Some("XS-2"))
        .unwrap();
    assert_eq!(li[0].sale_id, xs2.id);
    let wang = s.book.store.payments_for(s.wang).unwrap();
    assert_eq!(
        (wang.len(), wang[0].sale_id, wang[0].note.as_str()),
        (1, None, "分期")
    );
    let balances =
        |s: &SalesBook| [s.zhang2, s.li, s.wang].map(|id| s.book.store.balance_of(id).unwrap());
    let first = balances(&s);
    assert_eq!(first, [Money(200_000), Money(470_000), Money(145_000)]);

    let again = s
        .book
        .check_then_import(&path, ImportKind::Payments, OnDuplicate::Skip);
    assert_eq!(counts(&again), [6, 0, 0, 3, 3]);
    assert_eq!(balances(&s), first);
    s.book.assert_sound();
}

// ---------------------------------------------------------------------------
// Undo.

fn demo_book(customers: usize) -> Book {
    let mut book = Book::new();
    genjin::demo::generate(
        &mut book.store,
        &genjin::demo::DemoOptions {
            customers,
            seed: 11,
            today: day(2026, 11, 23),
        },
    )
    .expect("the demo shop generates");
    book
}

/// Two demo customers that have a mobile and tags.
fn two_tagged_demo_cards(book: &Book) -> [Customer; 2] {
    let cards: Vec<Customer> = book
        .store
        .customer_summaries()
        .expect("the test book lists its cards")
        .into_iter()
        .filter(|s| !s.mobile.is_empty() && !s.tags.is_empty())
        .take(2)
        .map(|s| book.card(s.id))
        .collect();
    assert_eq!(
        cards.len(),
        2,
        "the demo has tagged customers with a mobile"
    );
    [cards[0].clone(), cards[1].clone()]
}

#[test]
fn undo_removes_what_a_batch_added_and_restores_what_it_changed() {
    let mut book = demo_book(40);
    let [a, b] = two_tagged_demo_cards(&book);
    let before = dump(&book.db());
    let count = book.count();
    let path = book.file(
        "update.csv",
        &format!(
            "姓名,手机,单位,标签,备注,介绍人\n\
             新客户甲,13012340001,,新标签,,\n\
             {},{},导入公司,导入标签,导入备注,\n\
             新客户乙,13012340002,,,,新客户甲\n\
             改名,{},,另一个标签,,新客户甲\n",
            a.name, a.mobile, b.mobile
        ),
    );
    let r = book.import(&path, ImportKind::Customers, OnDuplicate::Overwrite);
    assert_eq!(counts(&r), [4, 2, 2, 0, 0], "{:?}", r.errors);
    let batch = r.batch.unwrap();
    let a_now = book.card(a.id.unwrap());
    assert_eq!(a_now.company, "导入公司");
    assert!(a_now.tags.contains(&"导入标签".to_string()));
    let b_now = book.card(b.id.unwrap());
    assert_eq!(b_now.name, "改名");
    assert_eq!(
        book.card(b_now.referred_by.unwrap()).name,
        "新客户甲",
        "an updated card may point at a card the batch added"
    );

    let impact = book.store.undo_impact(batch).unwrap();
    assert_eq!(
        (
            impact.customers_removed,
            impact.customers_restored,
            impact.sales_removed,
            impact.payments_removed,
            impact.dependent_records
        ),
        (2, 2, 0, 0, 0)
    );
    assert_eq!(book.store.undo_import(batch).unwrap(), impact);
    assert_eq!(book.count(), count);
    assert_eq!(
        book.card(a.id.unwrap()),
        a,
        "restored exactly, tags included"
    );
    assert_eq!(book.card(b.id.unwrap()), b);
    assert_eq!(dump(&book.db()), before);
    book.assert_sound();

    let history = book.store.import_batches().unwrap();
    assert_eq!(history.len(), 1);
    let h = &history[0];
    assert_eq!(
        (h.kind.as_str(), h.file_name.as_str(), h.encoding.as_str()),
        ("customers", "update.csv", "utf-8")
    );
    assert_eq!(
        (h.rows, h.imported, h.updated, h.skipped, h.errors),
        (4, 2, 2, 0, 0)
    );
    assert!(h.finished_at.is_some() && h.undone_at.is_some());

    assert!(matches!(
        book.store.undo_import(batch),
        Err(StoreError::AlreadyUndone(id)) if id == batch
    ));
    assert!(matches!(
        book.store.undo_import(batch + 1),
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(dump(&book.db()), before);
}

#[test]
fn undoing_a_sales_and_a_payments_batch_puts_the_balances_back() {
    let mut s = sales_book();
    let before = dump(&s.book.db());
    let sales = s.book.file("sales.csv", SALES);
    let sales_batch = s
        .book
        .import(&sales, ImportKind::Sales, OnDuplicate::Skip)
        .batch
        .unwrap();
    let after_sales = dump(&s.book.db());
    let payments = s.book.file("payments.csv", PAYMENTS);
    let payments_batch = s
        .book
        .import(&payments, ImportKind::Payments, OnDuplicate::Skip)
        .batch
        .unwrap();
    let impact = s.book.store.undo_import(payments_batch).unwrap();
    assert_eq!((impact.payments_removed, impact.sales_removed), (3, 0));
    assert_eq!(dump(&s.book.db()), after_sales);
    let impact = s.book.store.undo_import(sales_batch).unwrap();
    assert_eq!((impact.sales_removed, impact.customers_removed), (5, 0));
    assert_eq!(dump(&s.book.db()), before);
    for id in [s.zhang1, s.zhang2, s.li, s.wang] {
        assert_eq!(s.book.store.balance_of(id).unwrap(), Money(0));
    }
    s.book.assert_sound();
}

#[test]
fn undoing_a_customer_batch_names_and_removes_what_was_recorded_since() {
    let mut book = Book::new();
    let keep = book.add("老顾客", "13900000001");
    let path = book.file("new.csv", "姓名,手机\n新甲,13800000001\n新乙,13800000002\n");
    let batch = book
        .import(&path, ImportKind::Customers, OnDuplicate::Skip)
        .batch
        .unwrap();
    let jia = book.by_phone("13800000001").id.unwrap();
    book.store
        .add_contact(&ContactEntry {
            id: None,
            customer_id: jia,
            at: now(),
            channel: ContactChannel::Phone,
            purpose: ContactPurpose::AfterSales,
            summary: "回访".into(),
            outcome: String::new(),
            referral_asked: false,
            next_contact: None,
        })
        .unwrap();
    book.store
        .add_sale(&Sale {
            id: None,
            customer_id: jia,
            number: Some("S-1".into()),
            date: day(2026, 11, 23),
            product: "冰箱".into(),
            quantity: 1,
            amount: Money(100),
            due_date: day(2026, 11, 23),
            terms_days: None,
            note: String::new(),
            created_at: now(),
        })
        .unwrap();
    let impact = book.store.undo_impact(batch).unwrap();
    assert_eq!(impact.customers_removed, 2);
    assert_eq!(impact.dependent_records, 2, "a contact and a sale");
    book.store.undo_import(batch).unwrap();
    assert_eq!(book.count(), 1);
    assert!(book.store.customer(keep).unwrap().is_some());
    assert_eq!(table_len(&book.db(), "contacts"), 0);
    assert_eq!(table_len(&book.db(), "sales"), 0);
    book.assert_sound();
}

#[test]
fn a_batch_is_undone_only_after_later_batches_that_changed_the_same_cards() {
    let mut book = Book::new();
    let id = book.add("张三", "13800138000");
    let other = book.add("李四", "13900139000");
    let original = book.card(id);
    let before = dump(&book.db());
    let one = book.file("one.csv", "姓名,手机,单位\n张三,13800138000,一号公司\n");
    let two = book.file("two.csv", "姓名,手机,单位\n张三,13800138000,二号公司\n");
    let three = book.file("three.csv", "姓名,手机,单位\n李四,13900139000,三号公司\n");
    let b1 = book
        .import(&one, ImportKind::Customers, OnDuplicate::Overwrite)
        .batch
        .unwrap();
    let b2 = book
        .import(&two, ImportKind::Customers, OnDuplicate::Overwrite)
        .batch
        .unwrap();
    let b3 = book
        .import(&three, ImportKind::Customers, OnDuplicate::Overwrite)
        .batch
        .unwrap();
    assert_eq!(book.card(id).company, "二号公司");

    // Undoing the first would wipe the second's change, and undoing the
    // second afterwards would bring the first one's back.
    match book.store.undo_import(b1) {
        Err(StoreError::UndoLaterFirst { batch, later }) => {
            assert_eq!((batch, later), (b1, b2));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(
        book.card(id).company,
        "二号公司",
        "the refusal changed nothing"
    );
    // A batch that changed other cards is no obstacle.
    book.store.undo_import(b3).unwrap();
    assert_eq!(book.card(other).company, "");
    book.store.undo_import(b2).unwrap();
    assert_eq!(book.card(id).company, "一号公司");
    book.store.undo_import(b1).unwrap();
    assert_eq!(book.card(id), original);
    assert_eq!(dump(&book.db()), before);
}

// ---------------------------------------------------------------------------
// Strict mode, check and cancel write nothing.

#[test]
fn strict_mode_writes_nothing_when_a_row_is_bad() {
    let mut book = demo_book(10);
    let before = dump(&book.db());
    let path = book.file("bad.csv", BAD_ROWS);
    let bad_plan = plan(&path, ImportKind::Customers, OnDuplicate::Skip);
    match import(
        &mut book.store,
        &bad_plan,
        Mode::Strict,
        now(),
        &Progress::default(),
    ) {
        Err(ImportError::Strict(report)) => {
            assert_eq!(counts(&report), [18, 3, 0, 0, 15]);
            assert_eq!(report.batch, None);
        }
        other => panic!("expected a strict refusal, got {other:?}"),
    }
    assert_eq!(dump(&book.db()), before);
    assert_eq!(batch_rows(&book.db()), 0);

    // A clean file goes through in strict mode.
    let good = book.file("good.csv", "姓名,手机\n新人,13012349999\n");
    let good_plan = plan(&good, ImportKind::Customers, OnDuplicate::Skip);
    let r = import(
        &mut book.store,
        &good_plan,
        Mode::Strict,
        now(),
        &Progress::default(),
    )
    .unwrap();
    assert_eq!(counts(&r), [1, 1, 0, 0, 0]);
    assert!(r.batch.is_some());
}

#[test]
fn a_cancel_before_the_import_starts_writes_nothing() {
    let mut book = demo_book(10);
    let before = dump(&book.db());
    let path = sample("customers-gbk.csv");
    let plan = plan(&path, ImportKind::Customers, OnDuplicate::Skip);
    let progress = Progress::default();
    progress.cancel();
    assert!(matches!(
        check(&book.store, &plan, now(), &progress),
        Err(ImportError::Cancelled)
    ));
    for mode in [Mode::GoodRows, Mode::Strict] {
        assert!(matches!(
            import(&mut book.store, &plan, mode, now(), &progress),
            Err(ImportError::Cancelled)
        ));
    }
    assert_eq!(dump(&book.db()), before);
    assert_eq!(
        batch_rows(&book.db()),
        0,
        "a cancelled import leaves no batch"
    );
}

/// Makes a FIFO at `path` from this process. Running `mkfifo` instead would
/// fork a child holding copies of every open descriptor, other tests' book
/// locks among them, so a test reopening its book at that moment would find
/// it "already open".
#[cfg(unix)]
fn make_fifo(path: &Path) -> std::io::Result<()> {
    use std::ffi::{CString, c_char, c_int};
    use std::os::unix::ffi::OsStrExt;

    #[cfg(any(
        target_vendor = "apple",
        target_os = "freebsd",
        target_os = "dragonfly"
    ))]
    type Mode = u16;
    #[cfg(not(any(
        target_vendor = "apple",
        target_os = "freebsd",
        target_os = "dragonfly"
    )))]
    type Mode = u32;
    unsafe extern "C" {
        fn mkfifo(path: *const c_char, mode: Mode) -> c_int;
    }
    let path = CString::new(path.as_os_str().as_bytes())?;
    // SAFETY: `path` is a NUL-terminated string that lives across the call,
    // and mkfifo(3) only reads it.
    if unsafe { mkfifo(path.as_ptr(), 0o600) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// The import reads from a pipe the test feeds, so the cancel lands while
/// it runs: after it has read (and written) the first rows, before the file
/// ends.
#[cfg(unix)]
#[test]
fn a_cancel_while_the_import_runs_writes_nothing() {
    use std::io::Write;
    use std::sync::atomic::Ordering;

    let mut book = demo_book(10);
    let before = dump(&book.db());
    let fifo = book.dir.path().join("customers.csv");
    make_fifo(&fifo).unwrap();
    let headers = vec!["姓名".to_string(), "手机".to_string()];
    let plan = ImportPlan {
        path: fifo.clone(),
        format: FileFormat::Delimited {
            encoding: Encoding::Utf8,
            delimiter: b',',
        },
        mapping: match_headers(ImportKind::Customers, &headers),
        on_duplicate: OnDuplicate::Skip,
    };
    let progress = Progress::default();
    let rows = |from: usize, to: usize| -> String {
        (from..to)
            .map(|i| format!("客户{i},130{i:08}\n"))
            .collect::<String>()
    };
    let result = std::thread::scope(|scope| {
        let feeder = scope.spawn(|| {
            let mut pipe = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
            pipe.write_all(format!("姓名,手机\n{}", rows(0, 2000)).as_bytes())
                .unwrap();
            pipe.flush().unwrap();
            let waited = std::time::Instant::now();
            while progress.rows.load(Ordering::Relaxed) == 0 {
                assert!(
                    waited.elapsed() < std::time::Duration::from_secs(60),
                    "the import never reported progress"
                );
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            progress.cancel();
            // More rows after the cancel (less than a pipe buffer, so this
            // never waits for a reader that has stopped), then the end.
            let _ = pipe.write_all(rows(2000, 3000).as_bytes());
        });
        let result = import(&mut book.store, &plan, Mode::GoodRows, now(), &progress);
        feeder.join().unwrap();
        result
    });
    assert!(
        matches!(result, Err(ImportError::Cancelled)),
        "expected a cancel, got {result:?}"
    );
    assert!(progress.rows.load(Ordering::Relaxed) >= 512);
    assert_eq!(dump(&book.db()), before);
    assert_eq!(batch_rows(&book.db()), 0);
    book.assert_sound();
}

// ---------------------------------------------------------------------------
// Remembered mappings.

#[test]
fn a_chosen_mapping_is_remembered_per_header_set() {
    let mut book = Book::new();
    let headers: Vec<String> = ["顾客", "号码", "随便写写"]
        .iter()
        .map(|h| h.to_string())
        .collect();
    let guessed = remembered_mapping(&book.store, ImportKind::Customers, &headers);
    assert_eq!(guessed, match_headers(ImportKind::Customers, &headers));
    assert!(!guessed.is_ready(), "顾客 is no synonym");

    let mut chosen = Mapping::new(ImportKind::Customers, 3);
    chosen.set(0, Some(Field::Name));
    chosen.set(1, Some(Field::Mobile));
    chosen.set(2, Some(Field::Notes));
    remember_mapping(&mut book.store, &chosen, &headers).unwrap();
    assert_eq!(
        remembered_mapping(&book.store, ImportKind::Customers, &headers),
        chosen
    );
    // Same headers written differently normalise to the same key.
    let spaced: Vec<String> = [" 顾客 ", "号码（手机）", "随便写写"]
        .iter()
        .map(|h| h.to_string())
        .collect();
    assert_eq!(
        remembered_mapping(&book.store, ImportKind::Customers, &spaced),
        chosen
    );
    // Another kind or other headers do not see it.
    assert_eq!(
        remembered_mapping(&book.store, ImportKind::Sales, &headers),
        match_headers(ImportKind::Sales, &headers)
    );
    let other = vec!["顾客".to_string(), "号码".to_string()];
    assert_eq!(
        remembered_mapping(&book.store, ImportKind::Customers, &other),
        match_headers(ImportKind::Customers, &other)
    );

    // It survives closing the book, and an import with it reads the columns.
    let db = book.db();
    drop(std::mem::replace(
        &mut book.store,
        Store::open_in_memory().unwrap(),
    ));
    book.store = Store::open(&db).unwrap();
    let mapping = remembered_mapping(&book.store, ImportKind::Customers, &headers);
    assert_eq!(mapping, chosen);
    let path = book.file("own.csv", "顾客,号码,随便写写\n钱七,13512345678,要发票\n");
    let preview = preview_file(&path, None, None).unwrap();
    let plan = ImportPlan {
        path,
        format: preview.format,
        mapping,
        on_duplicate: OnDuplicate::Skip,
    };
    let r = import(
        &mut book.store,
        &plan,
        Mode::GoodRows,
        now(),
        &Progress::default(),
    )
    .unwrap();
    assert_eq!(counts(&r), [1, 1, 0, 0, 0]);
    let c = book.by_phone("13512345678");
    assert_eq!((c.name.as_str(), c.notes.as_str()), ("钱七", "要发票"));
}

// ---------------------------------------------------------------------------
// Phone contacts.

#[test]
fn vcards_import_as_customers_with_duplicates_by_phone_and_undo() {
    let mut book = Book::new();
    let known = book.add("张伟（老）", "13800138000");
    let known_card = book.card(known);
    let before = dump(&book.db());
    let path = fixture("contacts-3.vcf");
    let preview = preview_file(&path, None, None).unwrap();
    assert!(preview.is_vcard());
    let r = book.check_then_import(&path, ImportKind::Customers, OnDuplicate::Skip);
    assert_eq!((r.kind, r.delimiter), ("vcard", ""));
    assert_eq!(counts(&r), [5, 4, 0, 1, 0], "{:?}", r.errors);
    assert_eq!(book.card(known), known_card, "张伟's phone was in the book");
    let wang = book.by_phone("13900139000");
    assert_eq!(wang.name, "王芳");
    assert_eq!(wang.phone2, "010-62345678");
    let li = book.by_phone("13700137000");
    assert_eq!(
        li.notes,
        "朋友介绍，喜欢喝龙井，每次买两斤，过年前会再来一次"
    );
    assert_eq!(book.by_phone("13600136000").name, "刘洋");
    let chen = book.by_phone("0571-87654321");
    assert_eq!(chen.name, "陈静");
    assert_eq!(chen.birthday, solar(None, 9, 15));

    let qp = fixture("contacts-21-qp.vcf");
    let r2 = book.check_then_import(&qp, ImportKind::Customers, OnDuplicate::Skip);
    assert_eq!(counts(&r2), [3, 1, 0, 2, 0], "{:?}", r2.errors);
    assert_eq!(book.by_phone("13500135000").name, "黄晓明");

    // Again: every contact is a duplicate now.
    let again = book.check_then_import(&path, ImportKind::Customers, OnDuplicate::Skip);
    assert_eq!(counts(&again), [5, 0, 0, 5, 0]);

    let history = book.store.import_batches().unwrap();
    assert_eq!(history.len(), 3);
    assert!(history.iter().all(|b| b.kind == "vcard"));
    for b in &history {
        book.store.undo_import(b.id).unwrap();
    }
    assert_eq!(dump(&book.db()), before);
    book.assert_sound();
}

#[test]
fn a_vcard_note_keeps_its_line_break() {
    let mut book = Book::new();
    let r = book.check_then_import(
        &fixture("contacts-3.vcf"),
        ImportKind::Customers,
        OnDuplicate::Skip,
    );
    assert_eq!(r.imported, 5);
    let zhang = book.by_phone("13800138000");
    assert_eq!(zhang.name, "张伟");
    assert_eq!(zhang.email, "zhangwei@example.com");
    assert_eq!(zhang.company, "示例商贸有限公司");
    assert_eq!(zhang.occupation, "采购经理");
    assert_eq!(zhang.birthday, solar(Some(1985), 3, 2));
    assert_eq!(zhang.notes, "老客户\n喜欢喝茶");
}
