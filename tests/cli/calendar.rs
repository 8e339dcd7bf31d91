//! `genjin calendar` and `genjin agenda`, run as the built binary.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

use crate::output as genjin;
use serde_json::Value;
use tempfile::TempDir;

fn json(o: &Output) -> Vec<Value> {
    assert!(
        o.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("a JSON array")
}

fn demo(path: &Path) {
    let o = genjin(&[
        "demo",
        "--db",
        path.to_str().expect("temporary paths are UTF-8"),
        "--customers",
        "300",
        "--seed",
        "3",
        "--today",
        "2026-11-23",
    ]);
    assert!(o.status.success());
}

const KEYS: [&str; 6] = [
    "customer_id",
    "customer_name",
    "date",
    "detail",
    "kind",
    "title",
];

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .expect("the JSON output is an object")
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn calendar_json_lists_the_years_days_in_order() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("empty.sqlite");
    let o = genjin(&["calendar", "2026", "--json", "--db", db.to_str().unwrap()]);
    // No book at that path: a clean message, no panic.
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no database"));

    demo(&db);
    let items = json(&genjin(&[
        "calendar",
        "2026",
        "--json",
        "--db",
        db.to_str().unwrap(),
    ]));
    assert!(items.iter().all(|i| keys(i) == BTreeSet::from(KEYS)));
    assert!(
        items
            .iter()
            .all(|i| i["customer_id"].is_null() && i["customer_name"].is_null())
    );
    let dates: Vec<&str> = items.iter().map(|i| i["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    let has = |date: &str, kind: &str, title: &str| {
        items
            .iter()
            .any(|i| i["date"] == date && i["kind"] == kind && i["title"] == title)
    };
    assert!(has("2026-09-25", "festival", "中秋节"));
    assert!(has("2026-02-16", "festival", "除夕"));
    assert!(has("2026-10-01", "holiday_off", "国庆节"));
    assert!(has("2026-02-14", "holiday_workday", "春节"));
    assert!(has("2026-04-05", "solar_term", "清明"));
    assert!(has("2026-05-10", "observance", "母亲节"));
    let kinds: BTreeSet<&str> = items.iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        BTreeSet::from([
            "festival",
            "holiday_off",
            "holiday_workday",
            "observance",
            "solar_term"
        ])
    );
}

#[test]
fn a_year_without_a_schedule_says_so() {
    let o = genjin(&["calendar", "2031", "--db", "/nonexistent/none.sqlite"]);
    assert!(!o.status.success());
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    demo(&db);
    let o = genjin(&["calendar", "2031", "--json", "--db", db.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("no statutory holiday schedule for 2031"));
    let items = json(&o);
    assert!(!items.is_empty());
    assert!(
        items
            .iter()
            .all(|i| !i["kind"].as_str().unwrap().starts_with("holiday"))
    );
}

#[test]
fn agenda_json_orders_by_date_and_leaves_out_do_not_contact_customers() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    demo(&db);
    let p = db.to_str().unwrap();
    let items = json(&genjin(&[
        "agenda",
        "--db",
        p,
        "--from",
        "2026-11-23",
        "--days",
        "30",
        "--json",
    ]));
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| keys(i) == BTreeSet::from(KEYS)));
    let dates: Vec<&str> = items.iter().map(|i| i["date"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]));
    assert!(
        dates
            .iter()
            .all(|d| ("2026-11-23"..="2026-12-22").contains(d))
    );
    // Customer items carry the customer; calendar-wide ones do not.
    for item in &items {
        let kind = item["kind"].as_str().unwrap();
        let wide = [
            "holiday_off",
            "holiday_workday",
            "festival",
            "solar_term",
            "observance",
        ]
        .contains(&kind);
        assert_eq!(item["customer_id"].is_null(), wide, "{item}");
    }
    assert!(items.iter().any(|i| i["kind"] == "birthday"));
    assert!(items.iter().any(|i| i["kind"] == "cadence_due"));
    // 圣诞节 (25 December) is past the 30 days.
    assert!(!items.iter().any(|i| i["title"] == "圣诞节"));
    let cards: Vec<Value> =
        serde_json::from_slice(&genjin(&["customers", "--db", p, "--json"]).stdout).unwrap();
    let quiet: BTreeSet<i64> = cards
        .iter()
        .filter(|c| c["do_not_contact"] == true)
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert!(
        !quiet.is_empty(),
        "the demo shop has do-not-contact customers"
    );
    assert!(
        items
            .iter()
            .filter_map(|i| i["customer_id"].as_i64())
            .all(|id| !quiet.contains(&id))
    );
}

#[test]
fn agenda_refuses_a_bad_date_plainly() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    demo(&db);
    let o = genjin(&[
        "agenda",
        "--db",
        db.to_str().unwrap(),
        "--from",
        "23/11/2026",
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("is not a date like 2026-11-23"), "{err}");
    assert!(!err.contains("panicked"));
}
