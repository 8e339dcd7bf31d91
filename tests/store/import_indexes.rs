//! A batch that adds many cards drops the indexes on `customers` part way
//! and builds them again before it commits (see `ImportWriter::add_customer`):
//! afterwards the indexes are exactly the schema's, whether the batch
//! committed or failed.

use chrono::{NaiveDate, NaiveDateTime};
use genjin::domain::customer::Customer;
use genjin::store::card_write::PreparedCard;
use genjin::store::imports::{BatchCounts, NewBatch, SET_INDEXES_ASIDE_AFTER};
use genjin::store::{Store, StoreError};
use rusqlite::Connection;
use tempfile::TempDir;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .expect("a valid date")
        .and_hms_opt(9, 0, 0)
        .expect("a valid time")
}

fn batch() -> NewBatch {
    NewBatch {
        kind: "customers".into(),
        file_name: "list.csv".into(),
        encoding: "UTF-8".into(),
    }
}

fn card(i: u64) -> PreparedCard {
    let mut card = Customer::new(&format!("客户{i}"), now());
    card.mobile = format!("138{i:08}");
    card.tags = vec!["老客户".into()];
    PreparedCard::new(card, now())
}

/// The indexes on `customers` as (name, SQL), by name.
fn card_indexes(db: &std::path::Path) -> Vec<(String, String)> {
    let conn = Connection::open(db).expect("the test database opens");
    conn.prepare(
        "SELECT name, sql FROM sqlite_schema \
         WHERE type='index' AND tbl_name='customers' AND sql IS NOT NULL ORDER BY name",
    )
    .expect("the test query is valid")
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
    .expect("the test query runs")
    .collect::<rusqlite::Result<_>>()
    .expect("every row reads")
}

fn uses_mobile_index(db: &std::path::Path) -> bool {
    let conn = Connection::open(db).expect("the test database opens");
    let plan: Vec<String> = conn
        .prepare(
            "EXPLAIN QUERY PLAN SELECT id FROM customers WHERE mobile='13800000007' AND mobile<>''",
        )
        .expect("the test query is valid")
        .query_map([], |r| r.get(3))
        .expect("the test query runs")
        .collect::<rusqlite::Result<_>>()
        .expect("every row reads");
    plan.iter().any(|step| step.contains("customers_mobile"))
}

const CARDS: u64 = SET_INDEXES_ASIDE_AFTER + 1_000;

#[test]
fn a_large_batch_leaves_the_schema_indexes_complete() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("book.sqlite");
    drop(Store::open(&db).unwrap());
    let schema = card_indexes(&db);
    assert!(schema.iter().any(|(name, _)| name == "customers_mobile"));

    let mut store = Store::open(&db).unwrap();
    let (batch_id, ()) = store
        .import(&batch(), |w| {
            for i in 0..CARDS {
                w.add_customer(&card(i))?;
            }
            Ok::<_, StoreError>((
                BatchCounts {
                    rows: CARDS,
                    imported: CARDS,
                    ..BatchCounts::default()
                },
                (),
            ))
        })
        .unwrap();
    assert_eq!(store.customer_count().unwrap(), CARDS as i64);
    // Found through the rebuilt index, cards from before and after the drop.
    let early = store.customers_with_phone("13800000007", None).unwrap();
    let late = store
        .customers_with_phone(&format!("138{:08}", CARDS - 1), None)
        .unwrap();
    assert_eq!((early.len(), late.len()), (1, 1));
    let undo = store.undo_impact(batch_id).unwrap();
    assert_eq!(undo.customers_removed, CARDS);
    drop(store);

    assert_eq!(card_indexes(&db), schema);
    assert!(uses_mobile_index(&db));
    let conn = Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn a_large_batch_that_fails_keeps_the_indexes_and_adds_nothing() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("book.sqlite");
    drop(Store::open(&db).unwrap());
    let schema = card_indexes(&db);

    let mut store = Store::open(&db).unwrap();
    let result: Result<(i64, ()), StoreError> = store.import(&batch(), |w| {
        for i in 0..CARDS {
            w.add_customer(&card(i))?;
        }
        Err(StoreError::NotFound(0))
    });
    assert!(matches!(result, Err(StoreError::NotFound(0))));
    assert_eq!(store.customer_count().unwrap(), 0);
    assert!(store.import_batches().unwrap().is_empty());
    drop(store);

    assert_eq!(card_indexes(&db), schema);
    assert!(uses_mobile_index(&db));
}
