//! A killed import leaves the book exactly as it was: the whole import is
//! one transaction, so nothing of a half-read file survives the process.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use genjin::domain::customer::CustomerId;
use genjin::domain::money::Money;
use genjin::store::{OpenMode, Store};
use tempfile::TempDir;

/// Rows in the generated sales file: enough for several seconds of import
/// in a debug build (about 20 µs a row), so the kill lands mid-file.
const ROWS: usize = 300_000;

/// How long to wait for the first progress line before giving up.
const PROGRESS_TIMEOUT: Duration = Duration::from_secs(120);

/// What the import must not change.
#[derive(Debug, PartialEq)]
struct Snapshot {
    customers: i64,
    balances: Vec<(CustomerId, Money)>,
    sales: i64,
    payments: i64,
    batches: i64,
    tagged: i64,
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("the test database opens");
    conn.query_row(sql, [], |r| r.get(0))
        .expect("the test query runs")
}

fn snapshot(db: &Path, store: &Store) -> Snapshot {
    Snapshot {
        customers: store
            .customer_count()
            .expect("the test book counts its cards"),
        balances: store
            .customer_summaries()
            .expect("the test book lists its cards")
            .into_iter()
            .map(|s| (s.id, s.balance))
            .collect(),
        sales: count(db, "SELECT count(*) FROM sales"),
        payments: count(db, "SELECT count(*) FROM payments"),
        batches: count(db, "SELECT count(*) FROM import_batches"),
        tagged: count(
            db,
            "SELECT (SELECT count(*) FROM sales WHERE import_batch IS NOT NULL) + \
             (SELECT count(*) FROM customers WHERE import_batch IS NOT NULL) + \
             (SELECT count(*) FROM payments WHERE import_batch IS NOT NULL)",
        ),
    }
}

#[test]
fn killing_an_import_midway_leaves_the_book_as_it_was() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let d = db.to_str().unwrap();
    let demo = crate::genjin()
        .args([
            "demo",
            "--db",
            d,
            "--customers",
            "200",
            "--seed",
            "3",
            "--today",
            "2026-11-23",
        ])
        .output()
        .unwrap();
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );

    let store = Store::open_with(&db, OpenMode::Reader).unwrap();
    let before = snapshot(&db, &store);
    let phones: Vec<String> = store
        .customer_summaries()
        .unwrap()
        .into_iter()
        .map(|s| s.mobile)
        .filter(|m| !m.is_empty())
        .collect();
    drop(store);
    assert!(phones.len() > 100, "the demo gives customers mobiles");
    assert_eq!(before.batches, 0);

    // Sales of customers that exist, each with its own number: every row
    // is good, so the import would write all of them.
    let file = dir.path().join("sales.csv");
    {
        let mut out = BufWriter::new(std::fs::File::create(&file).unwrap());
        writeln!(out, "单号,手机,日期,商品,金额").unwrap();
        for i in 0..ROWS {
            writeln!(
                out,
                "K{i:07},{},2026-01-{:02},商品{},{}.50",
                phones[i % phones.len()],
                i % 28 + 1,
                i % 50,
                i % 1000 + 1
            )
            .unwrap();
        }
        out.flush().unwrap();
    }

    let started = Instant::now();
    let mut child = crate::genjin()
        .args(["import", "sales", file.to_str().unwrap(), "--db", d])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (lines, received) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if lines.send(line).is_err() {
                break;
            }
        }
    });

    let mut seen = Vec::new();
    let progress = loop {
        let left = PROGRESS_TIMEOUT.saturating_sub(started.elapsed());
        match received.recv_timeout(left) {
            Ok(line) if line.starts_with("read ") && line.contains(" rows (") => break line,
            Ok(line) => seen.push(line),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "no `read … rows` progress line within {PROGRESS_TIMEOUT:?}; stderr so far: {seen:?}"
                );
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let status = child.wait().unwrap();
                panic!(
                    "the import ended ({status}) before printing progress; \
                     the file must be bigger. stderr: {seen:?}"
                );
            }
        }
    };
    if let Some(status) = child.try_wait().unwrap() {
        panic!("the import finished ({status}) before the kill; the file must be bigger");
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    reader.join().unwrap();
    assert!(
        !status.success(),
        "the import finished before the kill landed; the file must be bigger (after {progress:?})"
    );
    assert!(
        !progress.contains("(100% of the file)"),
        "killed at the end of the file, not midway: {progress:?}"
    );

    // The lock died with the process: the book opens as the writer again.
    let store = Store::open(&db).unwrap();
    assert_eq!(snapshot(&db, &store), before, "after {progress:?}");
    let findings = store.check().unwrap();
    assert!(findings.is_empty(), "{findings:?}");
    assert!(store.import_batches().unwrap().is_empty());
    let integrity: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
}
