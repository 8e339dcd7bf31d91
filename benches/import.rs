//! Importing a 100,000-customer GBK CSV, measured against the issue's
//! targets on this machine: end to end in ≤ 2 s, and within 3× of the
//! `sqlite3` command-line shell's `.import` of the same file into a plain
//! table, both measured side by side in one run.
//!
//! | group             | function             | what one iteration is                                   |
//! |-------------------|----------------------|---------------------------------------------------------|
//! | `import_100k_gbk` | `genjin_pipeline`    | preview + mapping, `Store::open` of a new file, `import` (one batch, committed), close |
//! | `import_100k_gbk` | `sqlite3_dot_import` | `sqlite3 NEW.db` run with `.mode csv` / `.import FILE t` on stdin (process wall time) |
//!
//! The file is the demo shop (`genjin::demo::recreate`, seed 1, today
//! 2026-11-23: varied names, phones, lunar birthdays, tags, multi-line
//! notes, referrers) exported once per run with
//! `export_to_file(…, ExportKind::Customers, …, ExportEncoding::Gbk)` into a
//! temporary folder. Every iteration writes a new database file; removing the
//! previous ones is not timed.
//!
//! The baseline needs the `sqlite3` shell on `PATH` (Debian:
//! `apt-get update && apt-get install -y sqlite3`). Without it the
//! `sqlite3_dot_import` function is skipped with a note on stderr.
//!
//! Set `GENJIN_BENCH_CUSTOMERS` for another size; `cargo test --benches`
//! (criterion's test mode) uses 2,000 customers unless that is set.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use criterion::{Criterion, SamplingMode};
use genjin::import::decode::Encoding;
use genjin::import::export::ExportEncoding;
use genjin::import::export_book::{ExportKind, export_to_file};
use genjin::import::fields::{ImportKind, match_headers};
use genjin::import::pipeline::{
    ImportPlan, Mode, OnDuplicate, Progress, Report, import, preview_file,
};
use genjin::store::Store;
use tempfile::TempDir;

mod common;

/// The allocator the `genjin` binary uses, so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use common::today;

fn now() -> NaiveDateTime {
    today().and_hms_opt(9, 0, 0).expect("valid time")
}

/// The exported GBK file in a temporary folder, removed when dropped.
struct Fixture {
    dir: TempDir,
    csv: PathBuf,
    customers: usize,
    /// Numbers the database files of successive iterations.
    next: AtomicUsize,
}

impl Fixture {
    fn create() -> Fixture {
        let customers = common::customer_count();
        let dir = TempDir::new().expect("temporary folder");
        let demo = dir.path().join("demo.sqlite");
        let csv = dir.path().join("customers-gbk.csv");
        let started = Instant::now();
        common::write_demo_shop(&demo, customers);
        let store = Store::open(&demo).expect("open demo");
        let summary = export_to_file(&store, ExportKind::Customers, &csv, ExportEncoding::Gbk)
            .expect("export");
        drop(store);
        genjin::demo::remove_database_files(&demo).expect("remove demo book");
        let bytes = std::fs::metadata(&csv).map(|m| m.len()).unwrap_or(0);
        eprintln!(
            "genjin bench: {customers} customers exported as GBK CSV ({:.1} MB, {summary:?}) in {:.1} s",
            bytes as f64 / 1e6,
            started.elapsed().as_secs_f64()
        );
        Fixture {
            dir,
            csv,
            customers,
            next: AtomicUsize::new(0),
        }
    }

    /// A path for a new database file (nothing there yet).
    fn new_db(&self, prefix: &str) -> PathBuf {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        self.dir.path().join(format!("{prefix}-{n}.sqlite"))
    }
}

/// Removes a database file and its siblings (untimed).
fn remove_db(db: &Path) {
    let _ = genjin::demo::remove_database_files(db);
}

/// What `genjin import customers FILE --db DB` does, from the preview to
/// closing the store.
fn genjin_import(csv: &Path, db: &Path) -> Report {
    let preview = preview_file(csv, None, None).expect("preview");
    let mapping = match_headers(ImportKind::Customers, &preview.headers);
    assert!(mapping.is_ready(), "the export's headers map");
    let plan = ImportPlan {
        path: csv.to_path_buf(),
        format: preview.format,
        mapping,
        on_duplicate: OnDuplicate::Skip,
    };
    let mut store = Store::open(db).expect("new store");
    let report = import(
        &mut store,
        &plan,
        Mode::GoodRows,
        now(),
        &Progress::default(),
    )
    .expect("import");
    drop(store);
    report
}

/// `sqlite3 DB` with `.mode csv` and `.import CSV t` on stdin; the shell
/// creates `t` from the header row. Panics if the shell reports an error.
fn sqlite3_import(csv: &Path, db: &Path) {
    let mut child = Command::new("sqlite3")
        .arg(db)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sqlite3");
    let script = format!(".bail on\n.mode csv\n.import '{}' t\n", csv.display());
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(script.as_bytes())
        .expect("write to sqlite3");
    let out = child.wait_with_output().expect("sqlite3 runs");
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "sqlite3 .import failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn sqlite3_available() -> Option<String> {
    let out = Command::new("sqlite3").arg("--version").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn sqlite3_row_count(db: &Path) -> String {
    let out = Command::new("sqlite3")
        .arg(db)
        .arg("SELECT count(*) FROM t")
        .output()
        .expect("sqlite3 runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn import_100k_gbk(c: &mut Criterion, fx: &Fixture) {
    // One untimed run each, to check that both really import the file.
    let db = fx.new_db("check-genjin");
    let report = genjin_import(&fx.csv, &db);
    assert_eq!(
        (report.encoding, report.delimiter),
        (Encoding::Gb18030.name(), "comma"),
        "the file is read as GBK CSV"
    );
    assert_eq!(report.rows, fx.customers as u64);
    assert!(
        report.imported >= fx.customers as u64 * 99 / 100,
        "nearly every row is imported: {report:?}"
    );
    eprintln!(
        "genjin bench: genjin import: rows {}, imported {}, skipped {}, error rows {}",
        report.rows, report.imported, report.skipped_duplicates, report.error_rows
    );
    remove_db(&db);
    let sqlite3 = sqlite3_available();
    match &sqlite3 {
        Some(version) => {
            let db = fx.new_db("check-sqlite3");
            sqlite3_import(&fx.csv, &db);
            eprintln!(
                "genjin bench: sqlite3 {version}: .import wrote {} rows into t",
                sqlite3_row_count(&db)
            );
            remove_db(&db);
        }
        None => eprintln!(
            "genjin bench: NOTE: no `sqlite3` shell on PATH; skipping import_100k_gbk/sqlite3_dot_import \
             (Debian: apt-get update && apt-get install -y sqlite3)"
        ),
    }

    let mut group = c.benchmark_group("import_100k_gbk");
    group
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10))
        .sample_size(10);
    group.bench_function("genjin_pipeline", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let db = fx.new_db("genjin");
                let started = Instant::now();
                std::hint::black_box(genjin_import(&fx.csv, &db));
                total += started.elapsed();
                remove_db(&db);
            }
            total
        })
    });
    if sqlite3.is_some() {
        group.bench_function("sqlite3_dot_import", |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let db = fx.new_db("sqlite3");
                    let started = Instant::now();
                    sqlite3_import(&fx.csv, &db);
                    total += started.elapsed();
                    remove_db(&db);
                }
                total
            })
        });
    }
    group.finish();
}

fn main() {
    let fixture = Fixture::create();
    let mut c = Criterion::default().configure_from_args();
    import_100k_gbk(&mut c, &fixture);
    c.final_summary();
}
