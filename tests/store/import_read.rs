//! Reads every import fixture (and the sample lists in `fixtures/samples/`)
//! end to end: encoding and delimiter detection, header names, exact
//! Chinese text and physical line numbers.

use std::fs::File;

use genjin::import::decode::{self, Encoding};
use genjin::import::reader::{self, Preview, Record};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/");
/// Larger lists as shops export them (a few KB each), kept in the repository.
const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/samples/");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}{name}")).expect("fixture exists")
}

fn open(name: &str) -> Preview {
    reader::open_text(&fixture(name), None, None).expect("readable")
}

fn names(preview: &Preview) -> Vec<&str> {
    preview.records.iter().map(|r| r.get(0)).collect()
}

/// Detection checks shared by the customer fixtures.
fn check(name: &str, encoding: Encoding, bom: bool, delimiter: u8) -> Preview {
    let p = open(name);
    assert_eq!(p.format.encoding, encoding, "{name}");
    assert_eq!(p.format.had_bom, bom, "{name}");
    assert_eq!(p.format.delimiter, delimiter, "{name}");
    assert_eq!(p.header_line, 1, "{name}");
    assert!(!p.had_decode_errors, "{name}");
    assert!(!p.more, "{name}");
    p
}

#[test]
fn gbk_comma() {
    let p = check("customers-gbk.csv", Encoding::Gb18030, false, b',');
    assert_eq!(p.headers, ["姓名", "手机", "生日", "备注"]);
    assert_eq!(p.records.len(), 6);
    assert_eq!(names(&p), ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊"]);
    assert_eq!(p.records[1].get(1), "１３９００１３９０００");
    assert_eq!(p.records[1].get(2), "农历1990年八月初三");
    assert_eq!(p.records[0].get(3), "老客户，喜欢喝茶");
    assert_eq!(p.records[5].line, 7);
}

#[test]
fn gb18030_four_byte_names() {
    let p = check("customers-gb18030.csv", Encoding::Gb18030, false, b',');
    assert_eq!(p.records[0].get(0), "王\u{20000}");
    assert_eq!(p.records[1].get(0), "李\u{2A6A5}");
    assert_eq!(p.records[1].get(0), "李𪚥");
    assert_eq!(p.records[1].get(3), "四个龙字");
}

#[test]
fn big5_traditional() {
    let p = check("customers-big5.csv", Encoding::Big5, false, b',');
    assert_eq!(p.headers, ["姓名", "手機", "生日", "備註"]);
    assert_eq!(
        names(&p),
        ["陳美玲", "張志明", "黃淑芬", "林俊傑", "吳宗憲"]
    );
    assert_eq!(p.records[1].get(3), "朋友介紹，住在臺北市");
}

#[test]
fn utf8_with_and_without_bom() {
    let plain = check("customers-utf8.csv", Encoding::Utf8, false, b',');
    let bom = check("customers-utf8-bom.csv", Encoding::Utf8, true, b',');
    assert_eq!(plain.headers, ["姓名", "手机", "生日", "备注"]);
    assert_eq!(bom.headers, plain.headers, "BOM must not stick to 姓名");
    assert_eq!(bom.records, plain.records);
}

#[test]
fn utf16le_tab() {
    let p = check("customers-utf16le.txt", Encoding::Utf16Le, true, b'\t');
    assert_eq!(p.headers, ["姓名", "手机", "生日", "备注"]);
    assert_eq!(names(&p)[3], "刘洋");
    assert_eq!(p.records[2].get(1), "+86 137 0013 7000");
}

#[test]
fn semicolon() {
    let p = check("customers-semicolon.csv", Encoding::Utf8, false, b';');
    assert_eq!(p.headers, ["姓名", "手机", "生日", "备注"]);
    assert_eq!(
        p.records[0].fields(),
        ["张伟", "13800138000", "1985-03-02", "老客户, 喜欢喝茶"]
    );
}

#[test]
fn quoted_multiline() {
    let p = check("quoted-multiline.csv", Encoding::Utf8, false, b',');
    assert_eq!(
        p.headers,
        ["姓名", "手机", "生日", "备注"],
        "trailing empty columns dropped"
    );
    let lines: Vec<u64> = p.records.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 3, 6, 7]);
    assert_eq!(p.records[1].get(3), "喜欢喝茶, 要\"龙井\"\r\n第二行备注");
    assert_eq!(p.records[2].fields(), ["李娜", "13700137000", "1992-07-15"]);
    assert_eq!(p.records[3].fields(), ["刘洋", "13600136000", "", "a,b"]);
}

#[test]
fn streaming_from_a_file_matches_the_preview() {
    for name in [
        "customers-gbk.csv",
        "customers-gb18030.csv",
        "customers-big5.csv",
        "customers-utf8.csv",
        "customers-utf8-bom.csv",
        "customers-utf16le.txt",
        "customers-semicolon.csv",
        "quoted-multiline.csv",
    ] {
        let preview = open(name);
        let file = File::open(format!("{FIXTURES}{name}")).unwrap();
        let table =
            reader::open_reader(file, preview.format.encoding, preview.format.delimiter).unwrap();
        assert_eq!(table.headers, preview.headers, "{name}");
        let records: Vec<Record> = table.records.map(Result::unwrap).collect();
        assert_eq!(records, preview.records, "{name}");
    }
}

#[test]
fn encoding_can_be_forced() {
    // Forcing the right encoding gives the same result as detection.
    let bytes = fixture("customers-gbk.csv");
    let forced = reader::open_text(&bytes, Encoding::from_name("GBK"), Some(b',')).unwrap();
    assert_eq!(forced, open("customers-gbk.csv"));
    // Forcing the wrong one is reported as decode errors, not a failure.
    let wrong = reader::open_text(&bytes, Some(Encoding::Utf8), None).unwrap();
    assert!(wrong.had_decode_errors);
    assert_eq!(decode::detect(&bytes).encoding, Encoding::Gb18030);
}

/// A sample list from `tests/fixtures/samples/`; a missing one fails the test.
fn sample(name: &str) -> Vec<u8> {
    let path = format!("{SAMPLES}{name}");
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read sample {path}: {e}"))
}

#[test]
fn shared_sample_gbk() {
    let bytes = sample("customers-gbk.csv");
    let p = reader::open_text(&bytes, None, None).unwrap();
    assert_eq!(p.format.encoding, Encoding::Gb18030);
    assert_eq!(p.format.delimiter, b',');
    assert!(p.headers.iter().any(|h| h == "姓名"));
    assert_eq!(
        p.headers,
        ["姓名", "手机", "生日", "客户来源", "地址", "备注"]
    );
    assert_eq!(p.records[0].get(0), "罗俊秀");
    assert_eq!(p.records[0].get(2), "农历1998年十月初二");
    assert_eq!(p.records[0].line, 2);
    assert!(!p.had_decode_errors);
}

#[test]
fn shared_sample_utf16_tab() {
    let bytes = sample("customers-utf16-tab.txt");
    let p = reader::open_text(&bytes, None, None).unwrap();
    assert_eq!(p.format.encoding, Encoding::Utf16Le);
    assert!(p.format.had_bom);
    assert_eq!(p.format.delimiter, b'\t');
    assert_eq!(p.headers[0], "姓名");
    assert_eq!(p.records[0].get(0), "杜阳");
    assert_eq!(p.records[0].get(1), "160-1392-9478");
    assert!(!p.had_decode_errors);
}

#[test]
fn shared_sample_utf8_bom_semicolon() {
    let bytes = sample("customers-utf8-bom-semicolon.csv");
    let p = reader::open_text(&bytes, None, None).unwrap();
    assert_eq!(p.format.encoding, Encoding::Utf8);
    assert!(p.format.had_bom);
    assert_eq!(p.format.delimiter, b';');
    assert_eq!(p.headers[0], "Name");
    assert_eq!(p.records[0].get(0), "李秀玲");
    assert_eq!(p.records[1].get(1), "１３０１３１４５４９７");
    assert!(!p.had_decode_errors);
}
