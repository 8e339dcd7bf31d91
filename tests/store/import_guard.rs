//! Imports that refuse to guess: runaway quotes and overlong cells, control
//! characters, referral loops, sales whose name and phone disagree, vCard
//! character sets and real phone exports, headers of real shop exports and
//! text that was decoded with the wrong encoding. Every file is checked and
//! then imported, and both reports must agree.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use genjin::domain::customer::{Customer, CustomerId};
use genjin::import::fields::{ImportKind, ValueError, match_headers};
use genjin::import::pipeline::{
    ImportPlan, Mode, OnDuplicate, Problem, Progress, Report, check, import, preview_file,
};
use genjin::store::Store;
use tempfile::TempDir;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a valid time")
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

    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).expect("the temporary folder is writable");
        path
    }

    fn add(&mut self, name: &str, mobile: &str) -> CustomerId {
        let mut c = Customer::new(name, now());
        c.mobile = mobile.to_string();
        self.store.save_customer(&c).expect("the card saves")
    }

    fn card(&self, id: CustomerId) -> Customer {
        self.store
            .customer(id)
            .expect("the card reads")
            .expect("the card exists")
    }

    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .store
            .customer_summaries()
            .expect("the cards list")
            .into_iter()
            .map(|s| s.name)
            .collect();
        names.sort();
        names
    }

    /// Checks, then imports; both reports must agree and the book stay sound.
    fn check_then_import(&mut self, path: &Path, kind: ImportKind, dup: OnDuplicate) -> Report {
        let plan = plan(path, kind, dup);
        let checked = check(&self.store, &plan, now(), &Progress::default()).expect("check runs");
        let imported = import(
            &mut self.store,
            &plan,
            Mode::GoodRows,
            now(),
            &Progress::default(),
        )
        .expect("the import runs");
        assert_eq!(
            Report {
                batch: None,
                ..imported.clone()
            },
            checked,
            "check and import disagree"
        );
        let findings = self.store.check().expect("the book check runs");
        assert!(findings.is_empty(), "check findings: {findings:?}");
        imported
    }
}

fn plan(path: &Path, kind: ImportKind, on_duplicate: OnDuplicate) -> ImportPlan {
    let preview = preview_file(path, None, None).expect("the file previews");
    let mapping = match_headers(kind, &preview.headers);
    assert!(mapping.is_ready(), "{:?}", preview.headers);
    ImportPlan {
        path: path.to_path_buf(),
        format: preview.format,
        mapping,
        on_duplicate,
    }
}

/// Each problem as (line, code).
fn problems(r: &Report) -> Vec<(u64, &'static str)> {
    r.errors
        .iter()
        .map(|e| (e.line, e.problem.code()))
        .collect()
}

fn warnings(r: &Report) -> Vec<(u64, &'static str)> {
    r.warnings
        .iter()
        .map(|e| (e.line, e.problem.code()))
        .collect()
}

// ---------------------------------------------------------------------------
// Runaway quotes and overlong cells.

#[test]
fn a_stray_quote_is_one_reported_runaway_not_a_giant_name() {
    let mut book = Book::new();
    let mut text = String::from("姓名,手机,备注\n\"张三,13800138000,老客户\n");
    for i in 0..2_000 {
        text.push_str(&format!("客户{i},139{i:08},好\n"));
    }
    let path = book.file("stray.csv", &text);
    let report = book.check_then_import(&path, ImportKind::Customers, OnDuplicate::Skip);
    assert_eq!(problems(&report), [(2, "runaway")]);
    assert_eq!(
        report.errors[0].problem,
        Problem::Runaway { end_line: 2_002 }
    );
    assert_eq!((report.rows, report.imported, report.error_rows), (1, 0, 1));
    assert!(book.names().is_empty(), "nothing guessed into the book");
}

#[test]
fn a_closed_quote_over_many_lines_is_refused_and_the_rows_after_it_import() {
    let mut book = Book::new();
    let note: String = (0..30).map(|i| format!("第{i}行\n")).collect();
    let text = format!("姓名,手机,备注\n张三,13800138000,\"{note}\"\n李四,13900139000,好\n");
    let path = book.file("long-note.csv", &text);
    let report = book.check_then_import(&path, ImportKind::Customers, OnDuplicate::Skip);
    assert_eq!(problems(&report), [(2, "runaway")]);
    assert_eq!(report.imported, 1);
    assert_eq!(book.names(), ["李四"]);
}

#[test]
fn cells_over_the_limits_are_row_errors() {
    let mut book = Book::new();
    let long_name = "名".repeat(2_001);
    let long_note = "记".repeat(20_001);
    let ok_note = "记".repeat(20_000);
    let text = format!(
        "姓名,手机,备注\n{long_name},13800138000,\n李四,13900139000,{long_note}\n王五,13700137000,{ok_note}\n"
    );
    let path = book.file("long.csv", &text);
    let report = book.check_then_import(&path, ImportKind::Customers, OnDuplicate::Skip);
    assert_eq!(problems(&report), [(2, "too_long"), (3, "too_long")]);
    assert_eq!(
        report.errors[1].problem,
        Problem::Value(ValueError::TooLong { limit: 20_000 })
    );
    assert!(
        report.errors[0].value.chars().count() <= 101,
        "the report shows a glimpse"
    );
    assert_eq!(book.names(), ["王五"]);
}

// ---------------------------------------------------------------------------
// Dry run and import agree.

#[test]
fn control_characters_are_removed_with_a_warning_in_check_and_import_alike() {
    let mut book = Book::new();
    let mut text = String::from("姓名,手机,备注\n");
    text.push_str("\u{0},13800138000,\n");
    text.push_str("张\u{0}三,13800138001,\"第一行\n\t第二行\u{1b}[31m\"\n");
    text.push_str("\u{1b}]0;pwned\u{7}李四,13800138002,\n");
    for i in 0..1_000 {
        text.push_str(&format!("客户{i},139{i:08},\n"));
    }
    let path = book.file("nul.csv", &text);
    let report = book.check_then_import(&path, ImportKind::Customers, OnDuplicate::Skip);
    assert_eq!(problems(&report), [(2, "required")]);
    assert_eq!(
        warnings(&report),
        [
            (3, "control_characters"),
            (3, "control_characters"),
            (5, "control_characters")
        ]
    );
    assert_eq!(report.imported, 1_002, "every good row goes in");
    let names = book.names();
    assert!(names.contains(&"张三".to_string()));
    assert!(names.contains(&"]0;pwned李四".to_string()), "{names:?}");
    assert!(names.iter().all(|n| !n.chars().any(char::is_control)));
}

#[test]
fn a_referral_loop_is_a_row_error_in_any_length() {
    let mut book = Book::new();
    let b = book.add("乙", "13900000002");
    let mut a = Customer::new("甲", now());
    a.mobile = "13900000001".into();
    a.referred_by = Some(b);
    let a = book.store.save_customer(&a).expect("saves");
    let mut c = Customer::new("丙", now());
    c.mobile = "13900000003".into();
    c.referred_by = Some(a);
    let c = book.store.save_customer(&c).expect("saves");
    // 乙 referred by 甲 (who 乙 referred), and by 丙 (referred by 甲, referred by 乙).
    let path = book.file(
        "loop.csv",
        "姓名,手机,介绍人\n乙,13900000002,13900000001\n乙,13900000002,丙\n丁,13900000004,丙\n",
    );
    for dup in [OnDuplicate::Overwrite, OnDuplicate::Fill] {
        let report = book.check_then_import(&path, ImportKind::Customers, dup);
        assert_eq!(
            problems(&report),
            [(2, "referral_loop"), (3, "referral_loop")],
            "{dup:?}"
        );
        assert_eq!(book.card(b).referred_by, None);
    }
    assert_eq!(book.card(c).referred_by, Some(a));
}

#[test]
fn a_loop_closed_by_a_card_the_file_adds_is_refused_too() {
    let mut book = Book::new();
    let b = book.add("乙", "13900000002");
    let path = book.file(
        "loop2.csv",
        "姓名,手机,介绍人\n甲,13900000001,乙\n乙,13900000002,甲\n",
    );
    let report = book.check_then_import(&path, ImportKind::Customers, OnDuplicate::Overwrite);
    assert_eq!(problems(&report), [(3, "referral_loop")]);
    assert_eq!(book.card(b).referred_by, None);
}

#[test]
fn a_sale_or_payment_whose_name_and_phone_name_different_customers_is_refused() {
    let mut book = Book::new();
    book.add("张三", "13800138000");
    book.add("李四", "13900139000");
    let path = book.file(
        "sales.csv",
        "客户,手机,日期,金额\n张三,13900139000,2026-11-01,100\n张三,13800138000,2026-11-02,100\n王五,13900139000,2026-11-03,100\n",
    );
    let report = book.check_then_import(&path, ImportKind::Sales, OnDuplicate::Skip);
    assert_eq!(problems(&report), [(2, "name_and_phone_disagree")]);
    assert_eq!(
        report.errors[0].problem,
        Problem::NameAndPhoneDisagree {
            name: "张三".into(),
            phone: "13900139000".into()
        }
    );
    assert_eq!(report.imported, 2);
    let path = book.file(
        "payments.csv",
        "客户,手机,日期,金额\n李四,13800138000,2026-11-05,50\n",
    );
    let report = book.check_then_import(&path, ImportKind::Payments, OnDuplicate::Skip);
    assert_eq!(problems(&report), [(2, "name_and_phone_disagree")]);
}

// ---------------------------------------------------------------------------
// Phone contacts.

#[test]
fn real_phone_exports_keep_what_is_good_and_say_what_was_left_out() {
    let mut book = Book::new();
    let mut bytes = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:".to_vec();
    let name = "张三".as_bytes();
    bytes.extend_from_slice(&name[..4]);
    bytes.extend_from_slice(b"\r\n ");
    bytes.extend_from_slice(&name[4..]);
    bytes.extend_from_slice(
        b"\r\nTEL;TYPE=CELL:13800138000\r\nTEL;TYPE=WORK:955888\r\nEND:VCARD\r\n",
    );
    bytes.extend_from_slice(b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=SHIFT_JIS:");
    bytes.extend_from_slice(&encoding_rs::SHIFT_JIS.encode("安藤;さくら").0);
    bytes.extend_from_slice(b"\r\nTEL;CELL:13900139000\r\nEND:VCARD\r\n");
    bytes.extend_from_slice(
        "BEGIN:VCARD\r\nFN:\r\nN:;;;;\r\nORG:海底捞\r\nTEL:400-888-8888\r\nEND:VCARD\r\n"
            .as_bytes(),
    );
    bytes.extend_from_slice(
        b"BEGIN:VCARD\r\nFN;CHARSET=X-UNKNOWN:abc\r\nTEL:13700137000\r\nEND:VCARD\r\n",
    );
    let path = book.file("contacts.vcf", &bytes);
    let report = book.check_then_import(&path, ImportKind::Customers, OnDuplicate::Skip);
    assert_eq!(problems(&report), [(19, "unknown_charset")]);
    assert_eq!(warnings(&report), [(1, "phone_left_out")]);
    assert_eq!(report.imported, 3);
    assert_eq!(book.names(), ["安藤さくら", "张三", "海底捞"]);
}

// ---------------------------------------------------------------------------
// Headers of real exports.

#[test]
fn member_system_headers_map_and_the_columns_left_over_are_reported() {
    let mut book = Book::new();
    let path = book.file(
        "members.csv",
        "会员卡号,会员姓名,移动电话,家庭电话,办公电话,积分\nVIP001,张三,13800138000,010-62345678,010-88886666,1200\n",
    );
    let report = book.check_then_import(&path, ImportKind::Customers, OnDuplicate::Skip);
    assert_eq!(report.imported, 1);
    assert_eq!(report.ignored_columns, ["会员卡号", "办公电话", "积分"]);
    let id = book
        .store
        .customer_summaries()
        .expect("lists")
        .first()
        .map(|s| s.id)
        .expect("one card");
    let card = book.card(id);
    assert_eq!(
        (card.mobile.as_str(), card.phone2.as_str()),
        ("13800138000", "010-62345678")
    );
}

// ---------------------------------------------------------------------------
// Text decoded with the wrong encoding.

#[test]
fn a_big5_row_in_a_gbk_file_is_flagged_not_stored() {
    let mut book = Book::new();
    let mut text = String::from("姓名,手机,备注\r\n");
    for (i, name) in [
        "张伟", "王芳", "刘洋", "赵敏", "孙丽", "周杰", "吴刚", "郑爽",
    ]
    .iter()
    .enumerate()
    {
        text.push_str(&format!(
            "{name},1380013800{i},老客户，喜欢喝茶，住在北京市朝阳区\r\n"
        ));
    }
    let mut bytes = encoding_rs::GBK.encode(&text).0.into_owned();
    bytes.extend_from_slice(&encoding_rs::BIG5.encode("陳美玲,13700137000,老顧客\r\n").0);
    bytes.extend_from_slice(&encoding_rs::GBK.encode("李娜,13600136000,好\r\n").0);
    let path = book.file("mixed.csv", &bytes);
    let report = book.check_then_import(&path, ImportKind::Customers, OnDuplicate::Skip);
    assert_eq!(report.encoding, "gb18030");
    assert!(
        problems(&report)
            .iter()
            .all(|(line, code)| *line == 10 && *code == "misdecoded"),
        "{:?}",
        report.errors
    );
    assert_eq!((report.error_rows, report.imported), (1, 9));
    assert!(!book.names().iter().any(|n| n.contains('陳')));
}

#[test]
fn utf8_read_as_gbk_says_what_the_text_probably_was() {
    let mut book = Book::new();
    let path = book.file("utf8.csv", "姓名,手机\n张三,13800138000\n");
    let mut plan = plan(&path, ImportKind::Customers, OnDuplicate::Skip);
    plan.format = genjin::import::pipeline::FileFormat::Delimited {
        encoding: genjin::import::decode::Encoding::Gb18030,
        delimiter: b',',
    };
    let report = import(
        &mut book.store,
        &plan,
        Mode::GoodRows,
        now(),
        &Progress::default(),
    )
    .expect("the import runs");
    assert_eq!(
        report.errors[0].problem,
        Problem::Value(ValueError::Misdecoded(
            genjin::import::mojibake::Mojibake::Utf8AsGbk("张三".into())
        ))
    );
    assert!(book.names().is_empty());
}

#[test]
fn real_names_in_many_scripts_pass_and_mojibake_does_not() {
    let mut book = Book::new();
    let path = book.file(
        "names.csv",
        "姓名,手机\n安藤さくら,13800138001\n김민준,13800138002\nSören,13800138003\nJosÃ©,13800138004\n张\u{E000},13800138005\n王\u{FFFD},13800138006\n",
    );
    let report = book.check_then_import(&path, ImportKind::Customers, OnDuplicate::Skip);
    assert_eq!(
        problems(&report),
        [(5, "misdecoded"), (6, "misdecoded"), (7, "misdecoded")]
    );
    assert_eq!(book.names(), ["Sören", "安藤さくら", "김민준"]);
}

#[test]
fn a_vcard_value_is_judged_in_its_own_charset() {
    let mut book = Book::new();
    let mut bytes = b"BEGIN:VCARD\r\nN;CHARSET=SHIFT_JIS:".to_vec();
    bytes.extend_from_slice(&encoding_rs::SHIFT_JIS.encode("安藤;さくら").0);
    bytes.extend_from_slice(b"\r\nTEL:13800138000\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN;CHARSET=GBK:");
    bytes.extend_from_slice(&encoding_rs::BIG5.encode("陳美玲").0);
    bytes.extend_from_slice(b"\r\nTEL:13900139000\r\nEND:VCARD\r\n");
    let path = book.file("c.vcf", &bytes);
    let report = book.check_then_import(&path, ImportKind::Customers, OnDuplicate::Skip);
    assert_eq!(problems(&report), [(5, "misdecoded")]);
    assert_eq!(book.names(), ["安藤さくら"]);
}

/// The import returns codes and reports; it never prints (the CLI and the
/// UI decide what reaches a terminal or a window).
#[test]
fn import_code_never_prints() {
    fn walk(dir: &Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("src/import reads") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("a source file");
                for (i, line) in text.lines().enumerate() {
                    if ["println!", "eprintln!", "print!(", "eprint!(", "dbg!("]
                        .iter()
                        .any(|m| line.contains(m))
                    {
                        found.push(format!("{}:{}", path.display(), i + 1));
                    }
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/import"),
        &mut found,
    );
    assert!(found.is_empty(), "printing in src/import: {found:?}");
}

#[test]
fn a_latin1_name_in_a_gbk_file_is_flagged_and_kana_in_a_note_is_not() {
    let mut book = Book::new();
    let mut text = String::from("姓名,手机,备注\r\n");
    for (i, name) in ["张伟", "王芳", "刘洋", "赵敏", "孙丽", "周杰"]
        .iter()
        .enumerate()
    {
        text.push_str(&format!(
            "{name},1380013800{i},老客户，常来小林の店买茶叶\r\n"
        ));
    }
    let mut bytes = encoding_rs::GBK.encode(&text).0.into_owned();
    bytes.extend_from_slice(&encoding_rs::WINDOWS_1252.encode("Sören,13700137000,\r\n").0);
    let path = book.file("latin1.csv", &bytes);
    let report = book.check_then_import(&path, ImportKind::Customers, OnDuplicate::Skip);
    assert_eq!(report.encoding, "gb18030");
    assert_eq!(problems(&report), [(8, "misdecoded")]);
    assert_eq!(
        report.errors[0].problem,
        Problem::Value(ValueError::Misdecoded(
            genjin::import::mojibake::Mojibake::Latin1AsChinese
        ))
    );
    assert_eq!(report.imported, 6);
}
