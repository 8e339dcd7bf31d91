//! Receivables on a generated book of 100,000 customers, 1,000,000 sales
//! over three years and about 800,000 payments (`common/ledger.rs`: terms
//! of 0, 30 or 60 days; payments partly for a sale, partly on account,
//! some over, some short; a few customers who stopped paying), cached in
//! `target/genjin-bench/` so later runs skip writing it. Targets: aging
//! ≤ 300 ms and within 3× of the best single SQL query run by the `sqlite3`
//! shell on the same file; ABC ≤ 300 ms; a frame of the Receivables
//! section ≤ 8 ms.
//!
//! | group         | function                | what one iteration is                                          |
//! |---------------|-------------------------|----------------------------------------------------------------|
//! | `receivables` | `aging_as_of_today`     | `Store::aging` as of today, default buckets                    |
//! | `receivables` | `aging_back_dated`      | `Store::aging` as of a year ago                                |
//! | `receivables` | `aging_sql_rusqlite`    | [`AGING_SQL`] (per-bucket totals, FIFO) through rusqlite       |
//! | `receivables` | `aging_sql_sqlite3`     | the same query in `sqlite3 -readonly FILE` (process wall time) |
//! | `receivables` | `abc_trailing_12m`      | `Store::abc_report` as of today                                |
//! | `receivables` | `outstanding_12_months` | `Store::outstanding_on` the last 12 month ends                 |
//! | `receivables` | `collection_rows`       | `Store::collection_rows` of today's aging report               |
//! | `frame`       | `receivables_section`   | one egui frame of the Receivables section, pointer moving      |
//! | `frame`       | `receivables_charts`    | the same on its Charts tab (three egui_plot charts)            |
//! | `reference`   | `sort_100k_u64`, `contains_100k_strings` | fixed plain work, for ratios on a noisy machine |
//!
//! Before timing, the SQL query's bucket totals are checked against
//! `Store::aging` (as of today and a year ago). The shell baseline needs
//! `sqlite3` on `PATH`; without it that function is skipped with a note.
//!
//! `GENJIN_BENCH_CUSTOMERS` sets the book's size (10 sales and 8 payments
//! per customer); `cargo test --benches` uses 2,000 customers.

use std::hint::black_box;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{Datelike, Days, NaiveDate};
use criterion::{Criterion, SamplingMode};
use egui::Pos2;
use genjin::domain::receivables::aging::AgingRules;
use genjin::store::Store;
use genjin::ui::Section;
use rusqlite::{Connection, OpenFlags};
use tempfile::TempDir;

// This book is the generated ledger, not the demo shop.
#[expect(
    dead_code,
    reason = "this benchmark uses the shared today and sizes, not the demo shop"
)]
mod common;
#[path = "common/ledger.rs"]
mod ledger;
#[path = "common/raw_app.rs"]
mod raw_app;
#[path = "common/reference.rs"]
mod reference;

use common::today;
use ledger::{LedgerSize, ledger_book};
use raw_app::RawApp;
use reference::{reference, short};

/// The allocator the `genjin` binary uses, so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const HOVER: [Pos2; 2] = [Pos2::new(400.0, 300.0), Pos2::new(700.0, 450.0)];

/// Per-bucket open totals as of `?1` under the default buckets (current,
/// 1–30, 31–60, 61–90, over 90), allocated as `Store::aging` does: a payment
/// for a sale pays that sale and its excess joins the customer's pool; the
/// pool (payments on account and account credits included) pays the oldest
/// sales first, by date then id. `?2`..`?5` are the due dates that start
/// each overdue bucket's range (as_of − 1, −31, −61, −91 days), so no date
/// arithmetic runs per row.
pub const AGING_SQL: &str = "\
WITH s AS (
  SELECT id, customer_id, date, due_date, amount_fen FROM sales WHERE date <= ?1
),
pay AS (
  SELECT customer_id, sale_id, amount_fen FROM payments WHERE date <= ?1
  UNION ALL
  SELECT customer_id, sale_id, refund_fen FROM returns
   WHERE customer_id IS NOT NULL AND outcome = 'refund' AND refund_to = 'account'
     AND refund_fen > 0 AND date <= ?1
),
spec AS (
  SELECT sale_id, customer_id, SUM(amount_fen) AS paid FROM pay
   WHERE sale_id IS NOT NULL GROUP BY sale_id, customer_id
),
o AS (
  SELECT s.id, s.customer_id, s.date, s.due_date,
         max(s.amount_fen - coalesce(spec.paid, 0), 0) AS open1,
         min(s.amount_fen, coalesce(spec.paid, 0)) AS applied
    FROM s LEFT JOIN spec ON spec.sale_id = s.id AND spec.customer_id = s.customer_id
),
paid AS (SELECT customer_id, SUM(amount_fen) AS total FROM pay GROUP BY customer_id),
pool AS (
  SELECT o.customer_id, coalesce(paid.total, 0) - SUM(o.applied) AS pool
    FROM o LEFT JOIN paid ON paid.customer_id = o.customer_id GROUP BY o.customer_id
),
f AS (
  SELECT o.due_date,
         max(0, min(o.open1, SUM(o.open1) OVER (PARTITION BY o.customer_id
                ORDER BY o.date, o.id ROWS UNBOUNDED PRECEDING) - pool.pool)) AS open_fen
    FROM o JOIN pool ON pool.customer_id = o.customer_id
)
SELECT CASE WHEN due_date > ?2 THEN 0 WHEN due_date > ?3 THEN 1 WHEN due_date > ?4 THEN 2
            WHEN due_date > ?5 THEN 3 ELSE 4 END AS bucket,
       SUM(open_fen)
  FROM f WHERE open_fen > 0 GROUP BY bucket ORDER BY bucket";

/// The query's parameters as of `as_of`.
fn sql_params(as_of: NaiveDate) -> [String; 5] {
    let back = |n: u64| (as_of - Days::new(n)).to_string();
    [as_of.to_string(), back(1), back(31), back(61), back(91)]
}

/// [`AGING_SQL`] with its parameters written in, for the shell.
fn sql_literal(as_of: NaiveDate) -> String {
    let params = sql_params(as_of);
    let mut sql = AGING_SQL.to_string();
    // Highest first, so ?1 does not eat the start of ?10 (there is none, but
    // the order costs nothing).
    for (k, value) in params.iter().enumerate().rev() {
        sql = sql.replace(&format!("?{}", k + 1), &format!("'{value}'"));
    }
    sql
}

fn totals_from(rows: impl IntoIterator<Item = (usize, i64)>) -> [i64; 5] {
    let mut out = [0; 5];
    for (bucket, fen) in rows {
        out[bucket] += fen;
    }
    out
}

fn sql_rusqlite(conn: &Connection, as_of: NaiveDate) -> [i64; 5] {
    let mut stmt = conn.prepare_cached(AGING_SQL).expect("query prepares");
    let rows = stmt
        .query_map(rusqlite::params_from_iter(sql_params(as_of)), |r| {
            Ok((r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)?))
        })
        .expect("query runs")
        .map(|r| r.expect("row"));
    totals_from(rows)
}

/// Runs the query in the `sqlite3` shell on `db` and returns its output.
fn sql_shell(db: &Path, as_of: NaiveDate) -> String {
    let mut child = Command::new("sqlite3")
        .arg("-readonly")
        .arg(db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sqlite3");
    let script = format!(".bail on\n{};\n", sql_literal(as_of));
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(script.as_bytes())
        .expect("write to sqlite3");
    let out = child.wait_with_output().expect("sqlite3 runs");
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "sqlite3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn shell_totals(output: &str) -> [i64; 5] {
    totals_from(output.lines().filter(|l| !l.is_empty()).map(|line| {
        let (bucket, fen) = line.split_once('|').expect("bucket|total");
        (bucket.parse().expect("bucket"), fen.parse().expect("total"))
    }))
}

fn sqlite3_version() -> Option<String> {
    let out = Command::new("sqlite3").arg("--version").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The last `n` month ends on or before `day`, oldest first.
fn month_ends(day: NaiveDate, n: usize) -> Vec<NaiveDate> {
    let mut out = Vec::with_capacity(n);
    let mut first = day.with_day(1).expect("first of the month");
    if day.succ_opt().is_some_and(|d| d.month() != day.month()) {
        out.push(day);
    }
    while out.len() < n {
        let end = first.pred_opt().expect("a day before");
        out.push(end);
        first = end.with_day(1).expect("first of the month");
    }
    out.reverse();
    out
}

fn store_totals(store: &Store, as_of: NaiveDate) -> [i64; 5] {
    let report = store.aging(as_of, &AgingRules::default()).expect("aging");
    let mut out = [0; 5];
    for (o, t) in out.iter_mut().zip(&report.totals) {
        *o = t.fen();
    }
    out
}

fn receivables(c: &mut Criterion, db: &Path) {
    let store = Store::open(db).expect("open the ledger book");
    let sql =
        Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open read-only");
    let rules = AgingRules::default();
    let year_ago = today() - Days::new(365);

    // The baseline computes the same thing: checked once, untimed.
    for as_of in [today(), year_ago] {
        let ours = store_totals(&store, as_of);
        assert_eq!(
            sql_rusqlite(&sql, as_of),
            ours,
            "SQL and store.aging as of {as_of}"
        );
        eprintln!("genjin bench: aging as of {as_of}, fen per bucket: {ours:?}");
    }
    let shell = sqlite3_version();
    match &shell {
        Some(version) => {
            let out = sql_shell(db, today());
            assert_eq!(
                shell_totals(&out),
                store_totals(&store, today()),
                "sqlite3 shell"
            );
            eprintln!("genjin bench: sqlite3 {version} gives the same totals");
        }
        None => eprintln!(
            "genjin bench: NOTE: no `sqlite3` shell on PATH; skipping receivables/aging_sql_sqlite3"
        ),
    }
    // Where store.aging's time goes, once, for the record.
    {
        let started = Instant::now();
        let all = store.allocations(today()).expect("allocations");
        let allocated = started.elapsed();
        let started = Instant::now();
        let report = store.aging(today(), &rules).expect("aging");
        eprintln!(
            "genjin bench: {} customers owe, {} open sales; allocations alone {:.0} ms, whole aging {:.0} ms",
            report.rows.len(),
            all.open.iter().map(|(_, a)| a.open.len()).sum::<usize>(),
            allocated.as_secs_f64() * 1e3,
            started.elapsed().as_secs_f64() * 1e3
        );
    }
    // The part of that which is SQLite stepping through the rows
    // `read_ledger` asks for (dates left as text).
    {
        let started = Instant::now();
        let mut rows = 0usize;
        for query in [
            "SELECT customer_id, id, date, due_date, amount_fen FROM sales WHERE date <= ?1",
            "SELECT customer_id, sale_id, date, amount_fen FROM payments WHERE date <= ?1",
        ] {
            let mut stmt = sql.prepare(query).expect("scan");
            let mut scan = stmt.query([today().to_string()]).expect("scan");
            while let Some(r) = scan.next().expect("row") {
                rows += usize::from(r.get_ref(2).expect("date").as_str().is_ok());
            }
        }
        eprintln!(
            "genjin bench: scanning the {rows} ledger rows alone takes {:.0} ms",
            started.elapsed().as_secs_f64() * 1e3
        );
    }
    let abc = store.abc_report(today()).expect("abc");
    eprintln!(
        "genjin bench: ABC mix {:?}",
        genjin::domain::abc::mix(abc.iter().map(|r| r.computed))
    );
    let ladder = store.ladder().expect("ladder");
    let report = store.aging(today(), &rules).expect("aging");
    let ends = month_ends(today(), 12);

    let mut group = c.benchmark_group("receivables");
    group
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(6))
        .sample_size(10);
    group.bench_function("aging_as_of_today", |b| {
        b.iter(|| {
            black_box(
                store
                    .aging(black_box(today()), &rules)
                    .expect("aging")
                    .total,
            )
        })
    });
    group.bench_function("aging_back_dated", |b| {
        b.iter(|| {
            black_box(
                store
                    .aging(black_box(year_ago), &rules)
                    .expect("aging")
                    .total,
            )
        })
    });
    group.bench_function("aging_sql_rusqlite", |b| {
        b.iter(|| black_box(sql_rusqlite(&sql, black_box(today()))))
    });
    if shell.is_some() {
        group.bench_function("aging_sql_sqlite3", |b| {
            b.iter(|| black_box(sql_shell(db, today()).len()))
        });
    }
    group.bench_function("abc_trailing_12m", |b| {
        b.iter(|| black_box(store.abc_report(black_box(today())).expect("abc").len()))
    });
    group.bench_function("outstanding_12_months", |b| {
        b.iter(|| black_box(store.outstanding_on(black_box(&ends)).expect("series")))
    });
    group.bench_function("collection_rows", |b| {
        b.iter(|| {
            black_box(
                store
                    .collection_rows(black_box(&report), &ladder)
                    .expect("rows")
                    .len(),
            )
        })
    });
    group.finish();
}

/// A copy of the cached book, so the app may write its settings.
struct AppCopy {
    _dir: TempDir,
    db: PathBuf,
}

fn app_copy(db: &Path) -> AppCopy {
    let dir = TempDir::new().expect("temporary folder");
    let copy = dir.path().join("receivables.sqlite");
    std::fs::copy(db, &copy).expect("copy the book");
    AppCopy {
        _dir: dir,
        db: copy,
    }
}

fn frame(c: &mut Criterion, db: &Path) {
    let copy = app_copy(db);
    let mut raw = RawApp::new(raw_app::open_app(&copy.db));
    raw.app
        .send(genjin::ui::Command::Navigate(Section::Receivables));
    let started = Instant::now();
    raw.settle();
    eprintln!(
        "genjin bench: Receivables section opened and settled in {:.0} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    let mut group = c.benchmark_group("frame");
    short(&mut group);
    group.bench_function("receivables_section", |b| {
        b.iter(|| black_box(raw.hover_next(&HOVER)))
    });
    if let Some(view) = raw.app.receivables() {
        view.tab = genjin::ui::receivables::Tab::Charts;
    }
    raw.settle();
    group.bench_function("receivables_charts", |b| {
        b.iter(|| black_box(raw.hover_next(&HOVER)))
    });
    group.finish();
}

fn main() {
    let size = LedgerSize::for_customers(common::customer_count());
    let db = ledger_book(size, today());
    let mut c = Criterion::default().configure_from_args();
    reference(&mut c);
    receivables(&mut c, &db);
    frame(&mut c, &db);
    c.final_summary();
}
