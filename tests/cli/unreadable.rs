//! One unreadable cell is reported, not fatal: `genjin customers` (table and
//! JSON) and `genjin export customers` on a book where another program left
//! a birthday in no known form and a blob for a mobile list every other
//! customer and name the bad ones by id and column on stderr.

use std::path::Path;

use crate::output as genjin;
use chrono::NaiveDate;
use genjin::domain::customer::Customer;
use genjin::store::Store;
use serde_json::Value;
use tempfile::TempDir;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Three customers: 张三 fine, 李四 with a spoiled birthday, 王五 with a
/// blob for a mobile. Returns their ids.
fn book(path: &Path) -> [i64; 3] {
    let now = NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a valid time");
    let mut store = Store::open(path).expect("the book opens");
    let ids = ["张三", "李四", "王五"].map(|name| {
        store
            .save_customer(&Customer::new(name, now))
            .expect("the card is saved")
    });
    drop(store);
    let raw = rusqlite::Connection::open(path).expect("a second connection opens");
    raw.execute(
        "UPDATE customers SET birthday = 'sometime' WHERE id = ?1",
        [ids[1]],
    )
    .expect("the birthday is spoiled");
    raw.execute(
        "UPDATE customers SET mobile = X'FF' WHERE id = ?1",
        [ids[2]],
    )
    .expect("the mobile is spoiled");
    ids
}

#[test]
fn customers_and_their_export_skip_only_the_unreadable_rows_and_say_which() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let [zhang, li, wang] = book(&db);
    let p = db.to_str().unwrap();

    let o = genjin(&["customers", "--db", p]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("张三") && out.contains("李四"), "{out}");
    assert!(!out.contains("王五"), "{out}");
    let err = text(&o.stderr);
    assert!(
        err.contains(&format!(
            "warning: customer {wang}: the mobile column cannot be read"
        )),
        "{err}"
    );
    assert!(err.contains("2 of 2 customers"), "{err}");

    let o = genjin(&["customers", "--db", p, "--json"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let cards: Value = serde_json::from_slice(&o.stdout).unwrap();
    let ids: Vec<i64> = cards
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [zhang]);
    let err = text(&o.stderr);
    assert!(
        err.contains(&format!(
            "warning: customer {li}: the birthday column cannot be read"
        )),
        "{err}"
    );

    let file = dir.path().join("customers.csv");
    let f = file.to_str().unwrap();
    let o = genjin(&["export", "customers", f, "--db", p]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains(&format!(
            "customer {li}: the birthday column cannot be read"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "customer {wang}: the mobile column cannot be read"
        )),
        "{err}"
    );
    assert!(err.contains("exported 1 customer to"), "{err}");
    assert!(
        err.contains("warning: 2 customers could not be read and were left out"),
        "{err}"
    );
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(csv.contains("张三") && !csv.contains("李四"), "{csv}");
}
