//! The notice after a crash: a report the last run left in the data folder
//! is mentioned at the top of the window with its path; dismissing it
//! remembers it, so the next start stays quiet until a newer report.

use chrono::NaiveDate;
use egui_kittest::kittest::Queryable;
use tempfile::TempDir;

use crate::common::app_harness::open_app;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 4).expect("the test setup works")
}

#[test]
fn a_crash_report_is_mentioned_until_dismissed() {
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("data");
    let crashes = data.join(genjin::crash::CRASH_DIR);
    std::fs::create_dir_all(&crashes).unwrap();
    let report = crashes.join("crash-2026-12-03T181500.txt");
    std::fs::write(&report, "Genjin closed unexpectedly (a panic).\n").unwrap();
    let book = dir.path().join("shop.sqlite");

    let mut h = open_app(&book, today(), 800.0);
    h.state_mut().look_for_crash_report(&data);
    h.run();
    h.get_by_label("跟进上次意外关闭了。");
    let body = format!(
        "错误报告保存在 {}（不含客户资料），可以发给技术支持。",
        report.display()
    );
    h.get_by_label(&body);
    h.get_by_label("打开文件夹");
    assert_eq!(h.state().crash_notice(), Some(report.as_path()));
    h.get_by_label("知道了").click();
    h.run();
    assert!(h.query_by_label("跟进上次意外关闭了。").is_none());
    assert_eq!(h.state().crash_notice(), None);
    drop(h);

    let mut again = open_app(&book, today(), 800.0);
    again.state_mut().look_for_crash_report(&data);
    again.run();
    assert!(again.query_by_label("跟进上次意外关闭了。").is_none());
    assert_eq!(again.state().crash_notice(), None);
    drop(again);

    let newer = crashes.join("crash-2026-12-04T091000.txt");
    std::fs::write(&newer, "Genjin closed unexpectedly (a panic).\n").unwrap();
    let mut third = open_app(&book, today(), 800.0);
    third.state_mut().look_for_crash_report(&data);
    third.run();
    third.get_by_label("跟进上次意外关闭了。");
    assert_eq!(third.state().crash_notice(), Some(newer.as_path()));
}
