//! Shared helpers of the demo's unit tests: the fixed day and a demo shop
//! generated into an in-memory book.

use chrono::NaiveDate;

use super::{DemoOptions, DemoReport, generate};
use crate::store::Store;

/// The day every test demo is built around.
pub(super) fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// A demo shop of `n` customers from `seed`, in memory.
pub(super) fn demo(n: usize, seed: u64) -> (Store, DemoReport) {
    let mut store = Store::open_in_memory().unwrap();
    let report = generate(
        &mut store,
        &DemoOptions {
            customers: n,
            seed,
            today: today(),
        },
    )
    .unwrap();
    (store, report)
}
