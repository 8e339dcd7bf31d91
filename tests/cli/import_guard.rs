//! The import's report on the command line: what the dry run says is what
//! the import does, warnings and ignored columns are listed, and no control
//! character from a file or the book reaches the terminal.

use crate::output as genjin;
use chrono::NaiveDate;
use genjin::domain::customer::Customer;
use genjin::store::Store;
use serde_json::Value;
use tempfile::TempDir;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// An empty book in `dir`, with one card whose name holds escape sequences.
fn book(dir: &TempDir) -> String {
    let path = dir.path().join("shop.sqlite");
    let mut store = Store::open(&path).expect("the book opens");
    let now = NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a valid time");
    let mut card = Customer::new("\u{1b}[2J\u{1b}]0;owned\u{7}坏人\u{9b}31m", now);
    card.mobile = "13700137000".into();
    store.save_customer(&card).expect("the card saves");
    drop(store);
    path.to_str().expect("UTF-8 path").to_string()
}

fn assert_no_controls(out: &str) {
    assert!(
        !out.chars().any(|c| c.is_control() && c != '\n'),
        "a control character reached the terminal: {out:?}"
    );
}

#[test]
fn names_with_escape_sequences_are_shown_not_obeyed() {
    let dir = TempDir::new().expect("a temporary folder");
    let db = book(&dir);
    let o = genjin(&["customers", "--db", &db]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert_no_controls(&out);
    assert!(out.contains("␛[2J␛]0;owned␇坏人\\u{9b}31m"), "{out}");
}

#[test]
fn dry_run_and_import_agree_and_the_report_is_safe_to_print() {
    let dir = TempDir::new().expect("a temporary folder");
    let db = book(&dir);
    let file = dir.path().join("c.csv");
    let mut csv = String::from("姓名,手机,积分\u{1b}[5m\n");
    csv.push_str("\u{0},13800138000,1\n");
    csv.push_str("张\u{1b}[31m三,13800138001,2\n");
    csv.push_str("\"李四,13800138002,3\n");
    std::fs::write(&file, csv).expect("writable");
    let file = file.to_str().expect("UTF-8 path");
    let run = |extra: &[&str]| {
        let mut args = vec!["import", "customers", file, "--db", &db, "--json"];
        args.extend_from_slice(extra);
        let o = genjin(&args);
        assert!(o.status.success(), "{}", text(&o.stderr));
        let report: Value = serde_json::from_slice(&o.stdout).expect("JSON");
        report
    };
    let dry = run(&["--dry-run"]);
    let real = run(&[]);
    for key in [
        "rows",
        "imported",
        "error_rows",
        "errors",
        "warnings",
        "ignored_columns",
    ] {
        assert_eq!(dry[key], real[key], "{key}");
    }
    assert_eq!(real["imported"], 1);
    let codes: Vec<&str> = real["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["code"].as_str())
        .collect();
    assert_eq!(codes, ["required", "runaway"]);
    assert_eq!(real["warnings"][0]["code"], "control_characters");
    assert_eq!(real["ignored_columns"][0], "积分\u{1b}[5m");

    let o = genjin(&["import", "customers", file, "--db", &db, "--dry-run"]);
    let out = text(&o.stdout);
    assert_no_controls(&out);
    assert!(
        out.contains("ignored columns (not imported): 积分␛[5m"),
        "{out}"
    );
    assert!(out.contains("line 4, column 姓名"), "{out}");
    assert!(out.contains("warnings"), "{out}");
}
