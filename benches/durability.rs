//! What `synchronous=FULL` costs against the earlier `NORMAL`, side by side
//! in one run, on book files in a temporary folder:
//!
//! | group        | function          | what one iteration is                                   |
//! |--------------|-------------------|---------------------------------------------------------|
//! | `save_cards` | `normal` / `full` | 1,000 new cards saved one transaction each (as the card's Save does) into a new book |
//! | `import_10k` | `normal` / `full` | a 10,000-customer CSV imported (one batch) into a new book |
//!
//! `NORMAL` is set through `Store::relax_durability_for_benchmark` right after
//! opening; `FULL` is what `Store::open` gives. Creating and removing the
//! books is not timed. `GENJIN_BENCH_CUSTOMERS` sets another import size.
//!
//! On the shared build machine (2026-12-04, medians), on a quiet machine:
//! 1,000 saves took 31.7 ms with NORMAL and 251 ms with FULL (×7.9: one
//! fsync per commit, 0.25 ms a save); the 10,000-row import 90.8 ms and
//! 90.4 ms (one commit: no difference). The same run while four builds were
//! compiling: 62.6 ms and 3.3 s (~3 ms a save), 167.8 ms and 183.7 ms — the
//! cost of a sync follows the disk's load.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode};
use genjin::domain::customer::Customer;
use genjin::import::export::ExportEncoding;
use genjin::import::export_book::{ExportKind, export_to_file};
use genjin::import::fields::{ImportKind, match_headers};
use genjin::import::pipeline::{ImportPlan, Mode, OnDuplicate, Progress, import, preview_file};
use genjin::store::Store;
use tempfile::TempDir;

mod common;

/// The allocator the `genjin` binary uses, so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const CARDS: usize = 1_000;
const IMPORTED: usize = 10_000;

struct Fixture {
    dir: TempDir,
    csv: PathBuf,
    next: AtomicUsize,
}

impl Fixture {
    fn create() -> Fixture {
        let dir = TempDir::new().expect("temporary folder");
        let demo = dir.path().join("demo.sqlite");
        let csv = dir.path().join("customers.csv");
        let customers = match std::env::var_os("GENJIN_BENCH_CUSTOMERS") {
            Some(_) => common::customer_count(),
            None if common::test_mode() => 200,
            None => IMPORTED,
        };
        common::write_demo_shop(&demo, customers);
        let store = Store::open(&demo).expect("open demo");
        export_to_file(&store, ExportKind::Customers, &csv, ExportEncoding::Utf8Bom)
            .expect("export");
        drop(store);
        genjin::demo::remove_database_files(&demo).expect("remove demo book");
        Fixture {
            dir,
            csv,
            next: AtomicUsize::new(0),
        }
    }

    /// A new book, relaxed to `NORMAL` unless `full`.
    fn book(&self, full: bool) -> (Store, PathBuf) {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let path = self.dir.path().join(format!("book-{n}.sqlite"));
        let store = Store::open(&path).expect("new book");
        if !full {
            store
                .relax_durability_for_benchmark()
                .expect("synchronous=NORMAL");
        }
        (store, path)
    }
}

fn remove(store: Store, path: &Path) {
    drop(store);
    genjin::demo::remove_database_files(path).expect("remove book");
}

fn card(i: usize) -> Customer {
    let now = common::today().and_hms_opt(9, 0, 0).expect("valid time");
    let mut c = Customer::new(&format!("顾客{i}"), now);
    c.mobile = format!("139{i:08}");
    c
}

fn save_cards(c: &mut Criterion, fx: &Fixture) {
    let cards = if common::test_mode() { 20 } else { CARDS };
    let mut group = c.benchmark_group("save_cards");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    for (name, full) in [("normal", false), ("full", true)] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let (mut store, path) = fx.book(full);
                    let started = Instant::now();
                    for i in 0..cards {
                        store.save_customer(&card(i)).expect("save");
                    }
                    total += started.elapsed();
                    remove(store, &path);
                }
                total
            })
        });
    }
    group.finish();
}

fn import_10k(c: &mut Criterion, fx: &Fixture) {
    let preview = preview_file(&fx.csv, None, None).expect("preview");
    let mapping = match_headers(ImportKind::Customers, &preview.headers);
    let plan = ImportPlan {
        path: fx.csv.clone(),
        format: preview.format,
        mapping,
        on_duplicate: OnDuplicate::Skip,
    };
    let now = common::today().and_hms_opt(9, 0, 0).expect("valid time");
    let mut group = c.benchmark_group("import_10k");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    for (name, full) in [("normal", false), ("full", true)] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let (mut store, path) = fx.book(full);
                    let started = Instant::now();
                    import(&mut store, &plan, Mode::GoodRows, now, &Progress::default())
                        .expect("import");
                    total += started.elapsed();
                    remove(store, &path);
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
    save_cards(&mut c, &fixture);
    import_10k(&mut c, &fixture);
    c.final_summary();
}
