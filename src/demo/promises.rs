//! Service promises (服务承诺): once, monthly on the 10th or every six
//! months, with the record of each past occurrence.

use chrono::NaiveDate;

use super::cast::Spotlight;
use super::context::{Generator, add_days};
use super::customers::Profile;
use super::tables::shop::{
    HALF_YEAR_PROMISES, MONTHLY_PROMISES, ONCE_PROMISES, PROMISE_BROKEN, PROMISE_KEPT,
};
use crate::domain::promise::{PromiseRecord, Recurrence, ServicePromise};
use crate::store::StoreError;

impl Generator<'_, '_> {
    /// A customer's service promises, mostly none: one forced by a
    /// spotlight, or one or two at random, with their past occurrences
    /// recorded kept or broken (the latest sometimes still open).
    pub(super) fn promises(&mut self, profile: &Profile<'_>) -> Result<(), StoreError> {
        let today = self.today;
        let &Profile {
            id,
            window_start,
            is_company,
            spotlight,
            ..
        } = profile;
        let forced = match spotlight {
            Some(Spotlight::PromiseSoon) => {
                Some((Recurrence::Once, add_days(today, self.range(1, 14))))
            }
            Some(Spotlight::OverduePromise) => {
                Some((Recurrence::Once, add_days(today, -self.range(3, 30))))
            }
            Some(Spotlight::MonthlyPromise) => Some((
                Recurrence::MonthlyOnDay(10),
                add_days(today, -self.range(60, 300)).max(window_start),
            )),
            _ => None,
        };
        let count = if forced.is_some() {
            1
        } else if self.chance(0.18) {
            if self.chance(0.15) { 2 } else { 1 }
        } else {
            0
        };
        for k in 0..count {
            let (recurrence, first_due) = match forced.filter(|_| k == 0) {
                Some(f) => f,
                None => match self.roll() {
                    r if r < 0.5 => (
                        Recurrence::Once,
                        self.day_between(window_start, add_days(today, 30)),
                    ),
                    r if r < 0.7 || (is_company && r < 0.8) => (
                        Recurrence::MonthlyOnDay(10),
                        self.day_between(window_start.max(add_days(today, -365)), today),
                    ),
                    _ => (
                        Recurrence::EveryMonths(6),
                        self.day_between(window_start, today),
                    ),
                },
            };
            let description = match recurrence {
                Recurrence::Once => self.pick(ONCE_PROMISES),
                Recurrence::MonthlyOnDay(_) => self.pick(MONTHLY_PROMISES),
                Recurrence::EveryMonths(_) => self.pick(HALF_YEAR_PROMISES),
            };
            let created_day =
                add_days(first_due.min(today), -self.range(0, 20)).max(window_start.min(first_due));
            let mut promise = ServicePromise {
                id: None,
                customer_id: id,
                description: description.to_string(),
                first_due,
                recurrence,
                ended: false,
                created_at: self.at_shop_hours(created_day),
                records: Vec::new(),
            };
            // Record the past occurrences: mostly kept, a few broken, and
            // sometimes the latest one still open (an overdue promise).
            let past: Vec<NaiveDate> = (0..240)
                .map_while(|n| promise.occurrence(n))
                .take_while(|d| *d < today)
                .collect();
            let leave_open =
                (spotlight == Some(Spotlight::OverduePromise) && k == 0) || self.chance(0.15);
            for (n, due) in past.iter().enumerate() {
                if leave_open && n + 1 == past.len() {
                    break;
                }
                let kept = self.chance(0.9);
                let recorded_day = add_days(*due, self.range(0, 2)).min(today);
                promise.records.push(PromiseRecord {
                    due: *due,
                    kept,
                    recorded_at: self.at_shop_hours(recorded_day),
                    note: if kept { PROMISE_KEPT } else { PROMISE_BROKEN }.to_string(),
                });
            }
            if recurrence != Recurrence::Once
                && spotlight.is_none()
                && past.len() > 3
                && self.chance(0.1)
            {
                promise.ended = true;
            }
            self.w.promise(&promise)?;
            self.report.promises += 1;
        }
        Ok(())
    }
}
