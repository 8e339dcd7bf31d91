//! `genjin complaints`, `genjin returns` and `genjin alerts`, run as the
//! built binary on a demo shop.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

use crate::output as genjin;
use serde_json::Value;
use tempfile::TempDir;

const TODAY: &str = "2026-11-23";

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Vec<Value> {
    assert!(o.status.success(), "failed: {}", stderr(o));
    serde_json::from_slice(&o.stdout).expect("a JSON array")
}

/// A failure that explains itself: non-zero exit, a message, no panic.
fn assert_clean_failure(o: &Output, mentions: &[&str]) {
    assert!(!o.status.success(), "expected failure, got success");
    let err = stderr(o);
    assert!(!err.contains("panicked"), "panic: {err}");
    for m in mentions {
        assert!(err.contains(m), "stderr does not mention {m:?}: {err}");
    }
}

/// A demo shop built around [`TODAY`] in a temporary folder.
fn demo() -> (TempDir, String) {
    let dir = TempDir::new().expect("a temporary folder");
    let db = dir.path().join("shop.sqlite");
    let p = db.to_str().expect("temporary paths are UTF-8").to_string();
    let o = genjin(&[
        "demo",
        "--db",
        &p,
        "--customers",
        "300",
        "--seed",
        "3",
        "--today",
        TODAY,
    ]);
    assert!(o.status.success(), "demo failed: {}", stderr(&o));
    (dir, p)
}

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .expect("the JSON output is an object")
        .keys()
        .map(String::as_str)
        .collect()
}

fn strings<'a>(items: &'a [Value], key: &str) -> BTreeSet<&'a str> {
    items.iter().filter_map(|i| i[key].as_str()).collect()
}

const STATUSES: [&str; 5] = [
    "draft",
    "open",
    "awaiting_approval",
    "follow_up_due",
    "closed",
];

#[test]
fn complaints_json_has_every_status_and_status_filters() {
    let (_dir, db) = demo();
    let all = json(&genjin(&["complaints", "--db", &db, "--json"]));
    assert!(all.len() >= 16, "{} cases", all.len());
    let expected = BTreeSet::from([
        "id",
        "customer_id",
        "customer",
        "status",
        "step",
        "received",
        "product",
        "resolution",
        "follow_up_date",
    ]);
    assert!(all.iter().all(|c| keys(c) == expected), "{:?}", all[0]);
    assert_eq!(strings(&all, "status"), BTreeSet::from(STATUSES));
    for c in &all {
        assert!(c["id"].is_i64() && c["customer_id"].is_i64(), "{c}");
        assert!(!c["customer"].as_str().unwrap().is_empty(), "{c}");
        let received = c["received"].as_str().unwrap();
        assert!(received.len() == 10 && received <= TODAY, "{c}");
        // Codes, not labels; null rather than an empty string.
        assert!(
            c["resolution"].is_null() || c["resolution"].is_string(),
            "{c}"
        );
        if c["status"] == "follow_up_due" {
            assert!(c["follow_up_date"].is_string(), "{c}");
        }
        if c["status"] == "draft" {
            assert!(c["resolution"].is_null(), "{c}");
        }
    }
    let resolutions = strings(&all, "resolution");
    for remedy in [
        "refund",
        "exchange",
        "repair_shop",
        "repair_factory",
        "service_adjustment",
    ] {
        assert!(
            resolutions.contains(remedy),
            "{remedy} missing: {resolutions:?}"
        );
    }

    let closed = json(&genjin(&[
        "complaints",
        "--db",
        &db,
        "--status",
        "closed",
        "--json",
    ]));
    assert!(!closed.is_empty());
    assert!(closed.iter().all(|c| c["status"] == "closed"));
    let closed_in_all = all.iter().filter(|c| c["status"] == "closed").count();
    assert_eq!(closed.len(), closed_in_all);

    // The table has a header and one line per case, the count on stderr.
    let o = genjin(&["complaints", "--db", &db, "--status", "follow_up_due"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("ID  CUSTOMER_ID  CUSTOMER"), "{text}");
    assert_eq!(lines.len(), 1 + 3, "{text}");
    assert!(
        lines[1..].iter().all(|l| l.contains("follow_up_due")),
        "{text}"
    );
    assert!(stderr(&o).contains("3 of "), "{}", stderr(&o));
}

#[test]
fn an_unknown_status_is_refused_naming_the_valid_codes() {
    let (_dir, db) = demo();
    let o = genjin(&["complaints", "--db", &db, "--status", "pending"]);
    let mut mentions = vec!["unknown status \"pending\""];
    mentions.extend(STATUSES);
    assert_clean_failure(&o, &mentions);
    assert!(o.stdout.is_empty());
}

#[test]
fn returns_json_has_fen_integers_and_walk_ins() {
    let (_dir, db) = demo();
    let rows = json(&genjin(&["returns", "--db", &db, "--json"]));
    assert!(rows.len() >= 25, "{} returns", rows.len());
    let expected = BTreeSet::from([
        "id",
        "date",
        "customer_id",
        "customer",
        "product",
        "quantity",
        "reason",
        "condition",
        "outcome",
        "refund_fen",
        "refund_to",
        "complaint_id",
    ]);
    assert!(rows.iter().all(|r| keys(r) == expected), "{:?}", rows[0]);
    for r in &rows {
        assert!(r["refund_fen"].is_i64(), "{r}");
        assert!(r["quantity"].as_u64().unwrap() >= 1, "{r}");
        let refunded = r["outcome"] == "refund";
        assert_eq!(r["refund_fen"].as_i64().unwrap() > 0, refunded, "{r}");
        assert_eq!(r["refund_to"].is_string(), refunded, "{r}");
    }
    // Walk-ins have neither a customer id nor a name.
    let walk_ins: Vec<&Value> = rows.iter().filter(|r| r["customer_id"].is_null()).collect();
    assert!(!walk_ins.is_empty());
    assert!(walk_ins.iter().all(|r| r["customer"].is_null()));
    assert!(rows.iter().any(|r| r["customer_id"].is_i64()));
    // Every reason, and the returns agreed in complaint cases point back to them.
    assert_eq!(
        strings(&rows, "reason"),
        BTreeSet::from([
            "quality",
            "wrong_item",
            "not_as_described",
            "changed_mind",
            "transit_damage"
        ])
    );
    assert!(rows.iter().any(|r| r["complaint_id"].is_i64()));
    let dates: Vec<&str> = rows.iter().map(|r| r["date"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
}

#[test]
fn alerts_list_the_rice_cooker_today_and_nothing_sixty_days_later() {
    let (_dir, db) = demo();
    let alerts = json(&genjin(&[
        "alerts", "--db", &db, "--as-of", TODAY, "--json",
    ]));
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    let a = &alerts[0];
    assert_eq!(
        keys(a),
        BTreeSet::from([
            "product",
            "count",
            "window_days",
            "first",
            "last",
            "acknowledged"
        ])
    );
    assert_eq!(a["product"], "美的电饭煲 MB-FB40");
    assert_eq!(a["count"], 3);
    assert_eq!(a["window_days"], 30);
    assert_eq!(a["acknowledged"], false);
    assert!(a["first"].as_str().unwrap() <= a["last"].as_str().unwrap());
    assert!(a["last"].as_str().unwrap() <= TODAY);

    let later = json(&genjin(&[
        "alerts",
        "--db",
        &db,
        "--as-of",
        "2027-01-22",
        "--json",
    ]));
    assert!(later.is_empty(), "{later:?}");

    let o = genjin(&["alerts", "--db", &db, "--as-of", "2026-13-01"]);
    assert_clean_failure(
        &o,
        &["--as-of \"2026-13-01\" is not a date like 2026-11-23"],
    );
}

#[test]
fn a_missing_database_is_a_clear_error() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("none.sqlite");
    let p = missing.to_str().unwrap();
    for args in [
        vec!["complaints", "--db", p],
        vec!["returns", "--db", p, "--json"],
        vec!["alerts", "--db", p, "--as-of", TODAY],
    ] {
        let o = genjin(&args);
        assert_clean_failure(&o, &["no database at", "none.sqlite"]);
    }
    assert!(
        !Path::new(p).exists(),
        "a read-only command created the file"
    );
}
