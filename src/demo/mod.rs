//! A deterministic demo shop: an appliance and household-goods shop (惠民家电)
//! with customers, families, dates that matter, contact logs, service
//! promises, sales and payments, feedback cards with their responses,
//! after-sales (complaint cases in every status and a returns log with one
//! live quality alert), receivables being chased and customers drifting away.
//!
//! The same seed and `today` always produce the same database: every value
//! comes from one seeded ChaCha8 stream and from `today`, never from the clock
//! or from hash-map order. Dates are laid out around `today` so the demo
//! looks alive: some birthdays, promises, follow-ups and receivables fall in
//! the coming two weeks, some promises are overdue, some debts are old.
//! The after-sales cases and returns are a fixed set (the same for 300 or
//! 100,000 customers), attached to customers with sales.
//!
//! Everything is written in one transaction through [`Store::bulk`];
//! 100,000 customers take seconds in a release build.
//!
//! This module holds the public entry points; the fixed word lists, products
//! and scripted stories live in [`tables`], the generation context and its
//! random helpers in `context`, and each generated area in a module of its
//! own (`customers`, `contacts`, `promises`, `sales`, `feedback`,
//! `complaints`, `returns`, `receivables`).

mod cast;
mod complaints;
mod contacts;
mod context;
mod customers;
mod dates;
mod feedback;
mod files;
mod people;
mod promises;
mod receivables;
mod returns;
mod sales;
mod tables;
#[cfg(test)]
mod testing;

use chrono::NaiveDate;

use crate::store::settings::keys;
use crate::store::{Store, StoreError};

use context::Generator;
pub use files::remove_database_files;

/// The demo shop's name, stored in the settings.
pub const SHOP_NAME: &str = "惠民家电";

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    pub customers: usize,
    pub seed: u64,
    /// The day the demo is built around; nothing is dated after it except
    /// planned things (next contacts, promises, due dates).
    pub today: NaiveDate,
}

/// How many rows of each kind were written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoReport {
    pub customers: usize,
    pub family_members: usize,
    pub contacts: usize,
    pub promises: usize,
    pub sales: usize,
    pub payments: usize,
    pub feedback_responses: usize,
    /// Complaint cases.
    pub complaints: usize,
    /// Rows of the returns log, the returns the cases record included.
    pub returns: usize,
    /// Entries of the collection log.
    pub collection_entries: usize,
    /// Credit sales confirmed past a warning.
    pub credit_confirmations: usize,
    /// Leave reasons and retention attempts.
    pub retention_notes: usize,
}

/// Writes the demo shop into `store` (normally a fresh, empty file) in one
/// transaction, and sets the shop name and the demo flag.
pub fn generate(store: &mut Store, opts: &DemoOptions) -> Result<DemoReport, StoreError> {
    store.bulk(|w| {
        w.setting(keys::SHOP_NAME, SHOP_NAME)?;
        w.setting(keys::DEMO, "1")?;
        let mut generator = Generator::new(opts, w);
        for i in 0..opts.customers {
            generator.customer(i)?;
        }
        if opts.customers > 0 {
            generator.feedback()?;
            generator.complaints()?;
            generator.returns_log()?;
            generator.dissatisfied()?;
        }
        let report = generator.report;
        // The classes the cards show follow the Pareto rule over the sales
        // just written (manual overrides stay in force).
        w.recompute_abc(opts.today)?;
        Ok(report)
    })
}

/// Replaces the database at `path` with a freshly generated demo shop: the
/// old file and its `-wal`/`-shm` siblings are removed first (see
/// [`remove_database_files`]). Used by the app's "open the demo" command.
pub fn recreate(path: &std::path::Path, opts: &DemoOptions) -> Result<(), StoreError> {
    remove_database_files(path)?;
    let mut store = Store::open(path)?;
    generate(&mut store, opts)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::testing::demo;
    use super::*;

    #[test]
    fn same_seed_same_shop_other_seed_other_shop() {
        let names = |seed| {
            let (store, report) = demo(60, seed);
            (store.customer_summaries().unwrap(), report)
        };
        assert_eq!(names(5), names(5));
        assert_ne!(names(5).0, names(6).0);
    }

    #[test]
    fn an_empty_demo_still_sets_the_shop_name() {
        let (store, report) = demo(0, 1);
        assert_eq!(report, DemoReport::default());
        assert_eq!(
            store.setting(keys::SHOP_NAME).unwrap().as_deref(),
            Some(SHOP_NAME)
        );
    }
}
