//! The generation context: the one seeded random stream, the day the demo is
//! built around, the bulk writer of the transaction, what has been written
//! so far (customers, phones, sales, complaint cases) and the running
//! report, with the small random helpers every area draws with.

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{DemoOptions, DemoReport};
use crate::domain::customer::CustomerId;
use crate::domain::money::Money;
use crate::store::BulkWriter;

/// Everything the generation of one demo shop shares; each area adds its
/// methods in its own module.
pub(super) struct Generator<'a, 'w> {
    /// The writer of the one transaction everything goes into.
    pub(super) w: &'a mut BulkWriter<'w>,
    pub(super) rng: ChaCha8Rng,
    pub(super) today: NaiveDate,
    /// How many customers are generated (at least 1, to divide by).
    pub(super) total: usize,
    /// The customers written so far, in order, with their names.
    pub(super) ids: Vec<CustomerId>,
    pub(super) names: Vec<String>,
    /// Phone numbers handed out (mobiles and landlines), so none repeats.
    pub(super) phones: HashSet<u64>,
    /// The last sale number used.
    pub(super) sale_seq: u32,
    /// Sales of customers the shop may contact, for the after-sales cases.
    pub(super) sold: Vec<SoldItem>,
    /// Customers who already have a complaint case, and the products of
    /// cases that gave goods or money back.
    pub(super) case_customers: HashSet<CustomerId>,
    pub(super) case_products: HashSet<&'static str>,
    /// Cases left open: id, customer and the day received.
    pub(super) open_cases: Vec<(i64, CustomerId, NaiveDate)>,
    /// Sales linked to a case.
    pub(super) case_sales: HashSet<i64>,
    pub(super) report: DemoReport,
}

/// A sale as the after-sales cases pick it: whose, which, what, when, the
/// price of one item and what is still owed on the sale.
#[derive(Debug, Clone, Copy)]
pub(super) struct SoldItem {
    pub(super) customer: CustomerId,
    pub(super) sale_id: i64,
    pub(super) product: &'static str,
    pub(super) date: NaiveDate,
    pub(super) unit: Money,
    pub(super) unpaid: Money,
}

impl SoldItem {
    /// At least one item's price is still unpaid.
    pub(super) fn owing(&self) -> bool {
        self.unpaid >= self.unit
    }
}

/// `days` after `date` (before it when negative).
pub(super) fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_add_signed(TimeDelta::days(days))
        .unwrap_or(date)
}

/// `minutes` after `t`.
pub(super) fn later(t: NaiveDateTime, minutes: i64) -> NaiveDateTime {
    t.checked_add_signed(TimeDelta::minutes(minutes))
        .unwrap_or(t)
}

impl<'a, 'w> Generator<'a, 'w> {
    pub(super) fn new(opts: &DemoOptions, w: &'a mut BulkWriter<'w>) -> Self {
        Generator {
            w,
            rng: ChaCha8Rng::seed_from_u64(opts.seed),
            today: opts.today,
            total: opts.customers.max(1),
            ids: Vec::with_capacity(opts.customers),
            names: Vec::with_capacity(opts.customers),
            phones: HashSet::with_capacity(opts.customers * 2),
            sale_seq: 0,
            sold: Vec::new(),
            case_customers: HashSet::new(),
            case_products: HashSet::new(),
            open_cases: Vec::new(),
            case_sales: HashSet::new(),
            report: DemoReport::default(),
        }
    }

    /// `days` before today.
    pub(super) fn days_ago(&self, days: i64) -> NaiveDate {
        add_days(self.today, -days)
    }

    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    pub(super) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.random_range(0..items.len())]
    }

    /// A number `low..=high_inclusive` (`low` when the range is empty).
    pub(super) fn range(&mut self, low: i64, high_inclusive: i64) -> i64 {
        if high_inclusive <= low {
            low
        } else {
            self.rng.random_range(low..=high_inclusive)
        }
    }

    /// A uniform number in `0.0..1.0`.
    pub(super) fn roll(&mut self) -> f64 {
        self.rng.random::<f64>()
    }

    /// An index into a list of `len` items.
    pub(super) fn index(&mut self, len: usize) -> usize {
        self.rng.random_range(0..len)
    }

    /// A day between `from` and `to` inclusive (`from` when the span is empty).
    pub(super) fn day_between(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days();
        add_days(from, self.range(0, span))
    }

    /// A time of day in shop hours, avoiding the noon rest most of the time.
    pub(super) fn at_shop_hours(&mut self, day: NaiveDate) -> NaiveDateTime {
        let hour = if self.chance(0.9) {
            self.pick(&[9, 10, 11, 14, 15, 16, 17, 18, 19])
        } else {
            12
        };
        let minute = self.range(0, 59) as u32;
        day.and_hms_opt(hour, minute, 0)
            .unwrap_or_else(|| day.and_time(chrono::NaiveTime::MIN))
    }
}
