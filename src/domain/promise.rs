//! Service promises (服务承诺): what the shop promised and when it is due.
//!
//! A promise is one-off or repeating (monthly on a day, or every N months).
//! Each due occurrence is recorded as kept or not kept; the next open
//! occurrence is what the card and the calendar show, and it is overdue once
//! its day has passed.

use std::collections::HashSet;

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime};

use super::customer::CustomerId;

/// How often a promise comes due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recurrence {
    Once,
    /// Every month on this day (a short month uses its last day).
    MonthlyOnDay(u32),
    /// Every N months counted from the first due date.
    EveryMonths(u32),
}

impl Recurrence {
    pub fn encode(&self) -> String {
        match self {
            Recurrence::Once => "once".to_string(),
            Recurrence::MonthlyOnDay(d) => format!("monthly:{d}"),
            Recurrence::EveryMonths(n) => format!("months:{n}"),
        }
    }

    pub fn decode(text: &str) -> Option<Recurrence> {
        match text.split_once(':') {
            None if text == "once" => Some(Recurrence::Once),
            Some(("monthly", d)) => d
                .parse()
                .ok()
                .filter(|d| (1..=31).contains(d))
                .map(Recurrence::MonthlyOnDay),
            Some(("months", n)) => n
                .parse()
                .ok()
                .filter(|n| (1..=120).contains(n))
                .map(Recurrence::EveryMonths),
            _ => None,
        }
    }
}

/// One occurrence marked kept or not kept.
#[derive(Debug, Clone, PartialEq)]
pub struct PromiseRecord {
    pub due: NaiveDate,
    pub kept: bool,
    pub recorded_at: NaiveDateTime,
    pub note: String,
}

/// A promise made to a customer.
#[derive(Debug, Clone, PartialEq)]
pub struct ServicePromise {
    pub id: Option<i64>,
    pub customer_id: CustomerId,
    pub description: String,
    pub first_due: NaiveDate,
    pub recurrence: Recurrence,
    /// A repeating promise the shop no longer owes (contract ended).
    pub ended: bool,
    pub created_at: NaiveDateTime,
    /// Recorded occurrences, oldest first.
    pub records: Vec<PromiseRecord>,
}

/// Where a promise stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromiseStatus {
    Overdue(NaiveDate),
    DueToday(NaiveDate),
    Upcoming(NaiveDate),
    Done,
}

impl ServicePromise {
    /// The `n`-th due date (0-based), or `None` past a one-off promise.
    pub fn occurrence(&self, n: u32) -> Option<NaiveDate> {
        match self.recurrence {
            Recurrence::Once => (n == 0).then_some(self.first_due),
            Recurrence::EveryMonths(months) => {
                self.first_due.checked_add_months(Months::new(months * n))
            }
            Recurrence::MonthlyOnDay(day) => {
                // The first occurrence is the first such day on or after first_due.
                let start_offset = if self.first_due.day() > day.min(days_in_month(self.first_due))
                {
                    1
                } else {
                    0
                };
                let month_start = self
                    .first_due
                    .with_day(1)?
                    .checked_add_months(Months::new(n + start_offset))?;
                month_start.with_day(day.min(days_in_month(month_start)))
            }
        }
    }

    /// The first occurrence not yet recorded as kept or not kept.
    pub fn next_open_due(&self) -> Option<NaiveDate> {
        if self.ended {
            return None;
        }
        let recorded: HashSet<NaiveDate> = self.records.iter().map(|r| r.due).collect();
        (0..10_000)
            .map_while(|n| self.occurrence(n))
            .find(|d| !recorded.contains(d))
    }

    pub fn status(&self, today: NaiveDate) -> PromiseStatus {
        match self.next_open_due() {
            None => PromiseStatus::Done,
            Some(d) if d < today => PromiseStatus::Overdue(d),
            Some(d) if d == today => PromiseStatus::DueToday(d),
            Some(d) => PromiseStatus::Upcoming(d),
        }
    }

    /// How many recorded occurrences were not kept.
    pub fn broken_count(&self) -> usize {
        self.records.iter().filter(|r| !r.kept).count()
    }
}

fn days_in_month(date: NaiveDate) -> u32 {
    let first = date.with_day(1).expect("day 1 exists");
    let next = first.checked_add_months(Months::new(1)).expect("in range");
    (next - first).num_days() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn promise(first_due: NaiveDate, recurrence: Recurrence) -> ServicePromise {
        ServicePromise {
            id: None,
            customer_id: 1,
            description: "上门检查".into(),
            first_due,
            recurrence,
            ended: false,
            created_at: first_due.and_hms_opt(9, 0, 0).unwrap(),
            records: Vec::new(),
        }
    }

    fn record(p: &mut ServicePromise, due: NaiveDate, kept: bool) {
        p.records.push(PromiseRecord {
            due,
            kept,
            recorded_at: due.and_hms_opt(18, 0, 0).unwrap(),
            note: String::new(),
        });
    }

    #[test]
    fn one_off_promise_is_done_once_recorded() {
        let mut p = promise(d(2026, 11, 10), Recurrence::Once);
        assert_eq!(
            p.status(d(2026, 11, 23)),
            PromiseStatus::Overdue(d(2026, 11, 10))
        );
        assert_eq!(
            p.status(d(2026, 11, 10)),
            PromiseStatus::DueToday(d(2026, 11, 10))
        );
        record(&mut p, d(2026, 11, 10), true);
        assert_eq!(p.status(d(2026, 11, 23)), PromiseStatus::Done);
    }

    #[test]
    fn monthly_on_a_day_clamps_to_short_months() {
        let p = promise(d(2026, 1, 15), Recurrence::MonthlyOnDay(31));
        let dates: Vec<_> = (0..3).map(|n| p.occurrence(n).unwrap()).collect();
        assert_eq!(dates, vec![d(2026, 1, 31), d(2026, 2, 28), d(2026, 3, 31)]);
        // First due after the day in its month: starts next month.
        let p = promise(d(2026, 1, 20), Recurrence::MonthlyOnDay(10));
        assert_eq!(p.occurrence(0), Some(d(2026, 2, 10)));
    }

    #[test]
    fn every_six_months_moves_on_as_occurrences_are_recorded() {
        let mut p = promise(d(2026, 3, 1), Recurrence::EveryMonths(6));
        assert_eq!(p.occurrence(1), Some(d(2026, 9, 1)));
        record(&mut p, d(2026, 3, 1), true);
        record(&mut p, d(2026, 9, 1), false);
        assert_eq!(
            p.status(d(2026, 11, 23)),
            PromiseStatus::Upcoming(d(2027, 3, 1))
        );
        assert_eq!(p.broken_count(), 1);
        p.ended = true;
        assert_eq!(p.status(d(2026, 11, 23)), PromiseStatus::Done);
    }

    #[test]
    fn recurrence_codes_round_trip_and_reject_nonsense() {
        for r in [
            Recurrence::Once,
            Recurrence::MonthlyOnDay(10),
            Recurrence::EveryMonths(6),
        ] {
            assert_eq!(Recurrence::decode(&r.encode()), Some(r));
        }
        assert_eq!(Recurrence::decode("monthly:0"), None);
        assert_eq!(Recurrence::decode("weekly:1"), None);
    }
}
