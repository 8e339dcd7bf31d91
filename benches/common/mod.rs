//! Setup shared by the benchmarks: the fixed "today", criterion's test
//! mode, how many customers to generate, and writing the demo shop.

use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use genjin::demo::DemoOptions;

/// Customers in the benchmark shop unless `GENJIN_BENCH_CUSTOMERS` says otherwise.
pub const FULL_CUSTOMERS: usize = 100_000;
/// Customers when criterion only checks that each benchmark runs.
pub const TEST_MODE_CUSTOMERS: usize = 2_000;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
}

/// Criterion's own rule: without `--bench`, or with `--test`, it only runs
/// each benchmark once to check it works.
pub fn test_mode() -> bool {
    let args: Vec<String> = std::env::args().collect();
    !args.iter().any(|a| a == "--bench") || args.iter().any(|a| a == "--test")
}

/// `GENJIN_BENCH_CUSTOMERS`, else the full or the test-mode size.
pub fn customer_count() -> usize {
    match std::env::var("GENJIN_BENCH_CUSTOMERS") {
        Ok(n) => n
            .trim()
            .parse()
            .expect("GENJIN_BENCH_CUSTOMERS must be a number"),
        Err(_) if test_mode() => TEST_MODE_CUSTOMERS,
        Err(_) => FULL_CUSTOMERS,
    }
}

/// Writes the deterministic demo shop (seed 1, [`today`]) into `db` and
/// says how long it took.
pub fn write_demo_shop(db: &Path, customers: usize) {
    let started = Instant::now();
    genjin::demo::recreate(
        db,
        &DemoOptions {
            customers,
            seed: 1,
            today: today(),
        },
    )
    .expect("demo book");
    eprintln!(
        "genjin bench: demo book with {customers} customers written in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
