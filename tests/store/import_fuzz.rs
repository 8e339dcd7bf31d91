//! Hostile files, generated: small CSV and vCard files built from the
//! pieces that break importers (stray quotes, line breaks in odd places,
//! NUL and escape characters, folds, quoted-printable, character sets,
//! nested cards, bad phones, referrers). For each, bounded in number and
//! size: nothing panics, the check's report is the import's, every row is
//! counted once, and every line of a CSV file is a row, blank, or inside a
//! reported runaway.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use genjin::domain::customer::Customer;
use genjin::import::decode::Encoding;
use genjin::import::fields::{ImportKind, match_headers};
use genjin::import::pipeline::{
    FileFormat, ImportPlan, Mode, OnDuplicate, Progress, Report, check, import,
};
use genjin::import::reader::{Flaw, read_table};
use genjin::store::Store;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use tempfile::TempDir;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a valid time")
}

/// Pieces of a CSV body; joined in any order and number.
const CSV_PIECES: &[&str] = &[
    "张三",
    "李四",
    "王五",
    "a",
    ",",
    ",",
    ",",
    "\"",
    "\"\"",
    "\n",
    "\n",
    "\r\n",
    "\r",
    " ",
    "13800138000",
    "13900139000",
    "138",
    "\u{0}",
    "\u{1b}[31m",
    "\t",
    "安藤さくら",
    "Ã©",
    "\u{E000}",
    "\u{FFFD}",
    "农历八月十五",
    "x",
];

/// Pieces of vCard lines.
const VCARD_PIECES: &[&[u8]] = &[
    b"BEGIN:VCARD\r\n",
    b"BEGIN:VCARD\r\n",
    b"END:VCARD\r\n",
    b"END:VCARD\r\n",
    b"VERSION:2.1\r\n",
    b"FN:\xE5\xBC\xA0\xE4\xB8\x89\r\n",
    b"FN:\xE5\xBC\r\n \xA0\xE4\xB8\x89\r\n",
    b"N:;;;;\r\n",
    b"ORG:\xE6\xB5\xB7\xE5\xBA\x95\xE6\x8D\x9E\r\n",
    b"FN;CHARSET=SHIFT_JIS:\x88\xc0\x93\xa1\r\n",
    b"FN;CHARSET=X-NOPE:abc\r\n",
    b"FN;CHARSET=GBK;ENCODING=QUOTED-PRINTABLE:=C0=EE=\r\n=CB=C4\r\n",
    b"TEL;CELL:13800138000\r\n",
    b"TEL;CELL:13900139000\r\n",
    b"TEL;WORK:955888\r\n",
    b"TEL:tel:+86-10-1234-5678\r\n",
    b"NOTE:a\\nb\x1b[2J\r\n",
    b"NOTE:\x00\r\n",
    b"AGENT:\r\n",
    b"PHOTO;ENCODING=BASE64:AAAA\r\n",
    b"\r\n",
    b" folded\r\n",
    b"\xFF\xFE",
];

fn csv_body() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(CSV_PIECES), 0..60).prop_map(|p| p.concat())
}

fn vcard_file() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop::sample::select(VCARD_PIECES), 0..30).prop_map(|p| p.concat())
}

/// A book with two customers, one referred by the other.
fn book(dir: &TempDir) -> Store {
    let mut store = Store::open(&dir.path().join("shop.sqlite")).expect("the book opens");
    let mut a = Customer::new("张三", now());
    a.mobile = "13800138000".into();
    let a = store.save_customer(&a).expect("saves");
    let mut b = Customer::new("李四", now());
    b.mobile = "13900139000".into();
    b.referred_by = Some(a);
    store.save_customer(&b).expect("saves");
    store
}

/// Checks, then imports `path`; asserts both agree and every row is counted once.
fn check_and_import(
    store: &mut Store,
    path: &Path,
    format: FileFormat,
    headers: &[String],
) -> Result<Report, TestCaseError> {
    let plan = ImportPlan {
        path: path.to_path_buf(),
        format,
        mapping: match_headers(ImportKind::Customers, headers),
        on_duplicate: OnDuplicate::Overwrite,
    };
    let checked = check(store, &plan, now(), &Progress::default());
    let imported = import(store, &plan, Mode::GoodRows, now(), &Progress::default());
    let (checked, imported) = match (checked, imported) {
        (Ok(c), Ok(i)) => (c, i),
        (c, i) => {
            prop_assert_eq!(c.is_ok(), i.is_ok(), "check and import fail alike");
            return Err(TestCaseError::reject("the file cannot be imported at all"));
        }
    };
    prop_assert_eq!(
        &Report {
            batch: None,
            ..imported.clone()
        },
        &checked
    );
    prop_assert_eq!(
        imported.rows,
        imported.imported + imported.updated + imported.skipped_duplicates + imported.error_rows
    );
    prop_assert!(store.check().expect("the book check runs").is_empty());
    Ok(imported)
}

proptest! {
    #![proptest_config(Config {
        cases: 96,
        // The same cases every run, so a failure is reproducible.
        rng_seed: RngSeed::Fixed(20_261_204),
        failure_persistence: None,
        max_global_rejects: 10_000,
        ..Config::default()
    })]

    #[test]
    fn where_no_runaway_is_reported_the_reader_splits_records_as_the_csv_crate_does(body in csv_body()) {
        let text = format!("姓名,手机,介绍人,备注\n{body}");
        let table = read_table(text.as_bytes(), b',').expect("a header row");
        let mut ours = vec![table.headers.clone()];
        for record in table.records {
            let record = record.expect("UTF-8 text reads");
            // A runaway is where the two are meant to differ: the csv crate
            // takes everything up to the next quote as one cell.
            prop_assume!(record.flaws().iter().all(|f| !matches!(f, Flaw::Runaway { .. })));
            ours.push(record.fields().into_iter().map(str::to_owned).collect());
        }
        let mut theirs = Vec::new();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        for record in reader.records() {
            let record = record.expect("the csv crate reads UTF-8 text");
            let mut fields: Vec<String> = record.iter().map(str::to_owned).collect();
            // Ours leaves out trailing blank cells and blank rows.
            while fields.last().is_some_and(|f| f.trim().is_empty()) {
                fields.pop();
            }
            if fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            theirs.push(fields);
        }
        prop_assert_eq!(ours, theirs, "{:?}", text);
    }

    #[test]
    fn hostile_csv_files_are_checked_as_imported_and_every_line_is_accounted_for(body in csv_body()) {
        let text = format!("姓名,手机,介绍人,备注\n{body}");
        let dir = TempDir::new().expect("a temporary folder");
        let path = dir.path().join("c.csv");
        std::fs::write(&path, &text).expect("writable");

        // The reader: each line is in a record, blank, or the header.
        let table = read_table(text.as_bytes(), b',').expect("a header row");
        let mut records = table.records;
        let mut spans = vec![(table.header_line, table.header_line)];
        let mut count = 0u64;
        for record in records.by_ref() {
            let record = record.expect("UTF-8 text reads");
            prop_assert!(record.line <= record.end_line);
            spans.push((record.line, record.end_line));
            count += 1;
        }
        let physical: Vec<&str> = {
            // Physical lines as the reader counts them: \r\n, \n and \r each end one.
            let mut out = Vec::new();
            let mut rest = text.as_str();
            while let Some(i) = rest.find(['\r', '\n']) {
                out.push(&rest[..i]);
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = &rest[i + skip..];
            }
            if !rest.is_empty() {
                out.push(rest);
            }
            out
        };
        prop_assert_eq!(records.lines_read(), physical.len() as u64);
        for (i, line) in physical.iter().enumerate() {
            let n = i as u64 + 1;
            let covered = spans.iter().any(|(a, b)| (*a..=*b).contains(&n));
            let blank = line.chars().all(|c| matches!(c, ' ' | '\t' | ',' | '"'));
            prop_assert!(covered || blank, "line {} {:?} is not accounted for in {:?}", n, line, text);
        }

        let mut store = book(&dir);
        let headers: Vec<String> = ["姓名", "手机", "介绍人", "备注"].map(String::from).to_vec();
        let format = FileFormat::Delimited { encoding: Encoding::Utf8, delimiter: b',' };
        let report = check_and_import(&mut store, &path, format, &headers)?;
        prop_assert_eq!(report.rows, count);
    }

    #[test]
    fn hostile_vcards_are_checked_as_imported(bytes in vcard_file()) {
        let dir = TempDir::new().expect("a temporary folder");
        let path = dir.path().join("c.vcf");
        std::fs::write(&path, &bytes).expect("writable");
        let Ok(table) = genjin::import::vcard::read_vcards(&bytes, None) else {
            // No card at all: nothing to import.
            return Ok(());
        };
        for record in &table.records {
            prop_assert!(record.line <= record.end_line);
        }
        let mut store = book(&dir);
        let format = FileFormat::Vcard { encoding: table.encoding };
        let report = check_and_import(&mut store, &path, format, &table.headers)?;
        prop_assert_eq!(report.rows, table.records.len() as u64);
    }
}
