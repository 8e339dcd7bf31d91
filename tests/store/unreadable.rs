//! One unreadable cell is reported, not fatal to a whole list: customers
//! whose row holds a birthday in no known form, text in the money column or
//! a blob where the mobile belongs (written here through a second SQLite
//! connection, as another program might) are named by id and column, and
//! every other customer is still listed and exported.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use genjin::domain::customer::{Customer, CustomerId};
use genjin::import::export::ExportEncoding;
use genjin::import::export_book::export_customers;
use genjin::store::customers::UnreadableCustomer;
use genjin::store::{Store, StoreError};
use tempfile::TempDir;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a valid time")
}

/// A book of four customers, three of them with one unreadable cell each:
/// (good, bad birthday, bad credit limit, bad mobile).
pub fn book_with_bad_cells(path: &Path) -> [CustomerId; 4] {
    let mut store = Store::open(path).expect("the book opens");
    let mut ids = Vec::new();
    for (name, tags) in [
        ("张三", vec!["VIP"]),
        ("李四", vec!["老客户"]),
        ("王五", vec![]),
        ("赵六", vec!["团购"]),
    ] {
        let mut card = Customer::new(name, now());
        card.tags = tags.into_iter().map(String::from).collect();
        ids.push(store.save_customer(&card).expect("the card is saved"));
    }
    drop(store);
    let raw = rusqlite::Connection::open(path).expect("a second connection opens");
    raw.execute(
        "UPDATE customers SET birthday = 'not a date' WHERE id = ?1",
        [ids[1]],
    )
    .expect("the birthday is spoiled");
    raw.execute(
        "UPDATE customers SET credit_limit_fen = 'lots' WHERE id = ?1",
        [ids[2]],
    )
    .expect("the credit limit is spoiled");
    raw.execute(
        "UPDATE customers SET mobile = X'FF00' WHERE id = ?1",
        [ids[3]],
    )
    .expect("the mobile is spoiled");
    [ids[0], ids[1], ids[2], ids[3]]
}

fn columns(bad: &[UnreadableCustomer]) -> Vec<(CustomerId, &str)> {
    bad.iter().map(|b| (b.id, b.column.as_str())).collect()
}

#[test]
fn the_list_leaves_out_only_the_customer_whose_listed_cell_is_unreadable() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("book.sqlite");
    let [good, birthday, credit, mobile] = book_with_bad_cells(&path);
    let store = Store::open(&path).unwrap();

    let list = store.customer_list().unwrap();
    let listed: Vec<CustomerId> = list.rows.iter().map(|r| r.id).collect();
    // The list does not read birthdays or credit limits: those cards show.
    assert_eq!(listed, [good, birthday, credit]);
    assert_eq!(columns(&list.unreadable), [(mobile, "mobile")]);
    assert_eq!(store.customer_summaries().unwrap().len(), 3);
    // One row read again (after a save) is read the same way.
    assert_eq!(
        store.customer_summary(birthday).unwrap(),
        list.rows.into_iter().find(|r| r.id == birthday)
    );
    assert!(matches!(
        store.customer_summary(mobile),
        Err(StoreError::UnreadableCustomer(bad)) if bad.id == mobile && bad.column == "mobile"
    ));

    // Loading a card names the cell that stops it.
    match store.customer(birthday) {
        Err(StoreError::UnreadableCustomer(bad)) => {
            assert_eq!((bad.id, bad.column.as_str()), (birthday, "birthday"));
            assert!(bad.to_string().contains("birthday"), "{bad}");
        }
        other => panic!("{other:?}"),
    }
    match store.customer(credit) {
        Err(StoreError::UnreadableCustomer(bad)) => {
            assert_eq!((bad.id, bad.column.as_str()), (credit, "credit_limit_fen"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(store.customer(good).unwrap().unwrap().name, "张三");
}

#[test]
fn the_export_leaves_unreadable_cards_out_and_counts_them() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("book.sqlite");
    let [good, birthday, credit, mobile] = book_with_bad_cells(&path);
    let store = Store::open(&path).unwrap();

    let mut seen = Vec::new();
    let skipped = store
        .for_each_customer(|c, _| {
            seen.push((c.id, c.tags.clone()));
            Ok::<_, StoreError>(())
        })
        .unwrap();
    assert_eq!(seen, [(Some(good), vec!["VIP".to_string()])]);
    assert_eq!(
        columns(&skipped),
        [
            (birthday, "birthday"),
            (credit, "credit_limit_fen"),
            (mobile, "mobile")
        ]
    );

    let mut out = Vec::new();
    let summary = export_customers(&store, &mut out, ExportEncoding::Utf8Bom).unwrap();
    assert_eq!((summary.rows, summary.skipped_rows), (1, 3));
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("张三"), "{text}");
    assert!(!text.contains("李四") && !text.contains("老客户"), "{text}");
}
