//! Retention (客户挽留): which customers are drifting away and why, and what
//! the shop records when one leaves or when it tries to keep one.

use chrono::{Days, NaiveDate, NaiveDateTime};

use super::customer::{CustomerClass, CustomerId};
use super::money::Money;

/// Purchases needed before a customer's usual interval means anything.
pub const MIN_PURCHASES: usize = 3;
/// Days since the last purchase beyond this many usual intervals is drifting.
pub const INTERVAL_FACTOR_TENTHS: i64 = 15;
/// An open complaint older than this many days is a drifting signal.
pub const COMPLAINT_DAYS: i64 = 7;

/// A signal that a customer is drifting away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// No purchase for `days`, against a usual interval of `usual` days.
    Overdue { days: i64, usual: i64 },
    /// The last 90 days' sales fell by more than half against the 90 before.
    Drop { recent: Money, before: Money },
    /// A complaint has been open for `days`.
    OpenComplaint { complaint: i64, days: i64 },
}

/// What the rules look at for one customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseHistory {
    /// Sale dates with amounts, any order.
    pub sales: Vec<(NaiveDate, Money)>,
    /// Open complaints: id and the day received.
    pub open_complaints: Vec<(i64, NaiveDate)>,
}

/// The usual interval between purchases: the median gap between distinct
/// purchase days, once there are at least [`MIN_PURCHASES`] of them.
pub fn usual_interval(days: &[NaiveDate]) -> Option<i64> {
    let mut days: Vec<NaiveDate> = days.to_vec();
    days.sort();
    days.dedup();
    if days.len() < MIN_PURCHASES {
        return None;
    }
    let mut gaps: Vec<i64> = days.windows(2).map(|w| (w[1] - w[0]).num_days()).collect();
    gaps.sort();
    let n = gaps.len();
    let median = if n % 2 == 1 {
        gaps[n / 2]
    } else {
        (gaps[n / 2 - 1] + gaps[n / 2]) / 2
    };
    Some(median.max(1))
}

/// The drifting signals of one customer as of `as_of` (empty: not drifting).
pub fn signals(history: &PurchaseHistory, as_of: NaiveDate) -> Vec<Signal> {
    let mut out = Vec::new();
    let past: Vec<(NaiveDate, Money)> = history
        .sales
        .iter()
        .filter(|(d, _)| *d <= as_of)
        .copied()
        .collect();
    let days: Vec<NaiveDate> = past.iter().map(|(d, _)| *d).collect();
    if let (Some(usual), Some(last)) = (usual_interval(&days), days.iter().max()) {
        let since = (as_of - *last).num_days();
        if since * 10 > usual * INTERVAL_FACTOR_TENTHS {
            out.push(Signal::Overdue { days: since, usual });
        }
    }
    let back = |n: u64| as_of.checked_sub_days(Days::new(n)).unwrap_or(as_of);
    let (recent_from, before_from) = (back(89), back(179));
    let sum = |from: NaiveDate, to: NaiveDate| -> Money {
        past.iter()
            .filter(|(d, _)| *d >= from && *d <= to)
            .map(|(_, m)| *m)
            .sum()
    };
    let recent = sum(recent_from, as_of);
    let before = sum(before_from, back(90));
    if before.is_positive() && recent.fen() * 2 < before.fen() {
        out.push(Signal::Drop { recent, before });
    }
    for (id, received) in &history.open_complaints {
        let days = (as_of - *received).num_days();
        if days > COMPLAINT_DAYS {
            out.push(Signal::OpenComplaint {
                complaint: *id,
                days,
            });
        }
    }
    out
}

/// One customer on the drifting list.
#[derive(Debug, Clone, PartialEq)]
pub struct Drifting {
    pub customer_id: CustomerId,
    pub name: String,
    pub class: CustomerClass,
    pub last_purchase: Option<NaiveDate>,
    /// Trailing-12-month revenue, to rank within a class.
    pub revenue: Money,
    pub signals: Vec<Signal>,
    /// The latest leave reason or retention attempt recorded, if any.
    pub last_note: Option<RetentionNote>,
}

/// A-class first, then by trailing revenue (largest first), then by id.
pub fn sort_drifting(list: &mut [Drifting]) {
    list.sort_by(|a, b| {
        a.class
            .cmp(&b.class)
            .then(b.revenue.cmp(&a.revenue))
            .then(a.customer_id.cmp(&b.customer_id))
    });
}

crate::coded_enum!(
    /// Why a customer left (or is leaving).
    LeaveReason {
        Price => "price",
        MovedAway => "moved_away",
        Competitor => "competitor",
        Dissatisfied => "dissatisfied",
        Unknown => "unknown",
    }
);

crate::coded_enum!(
    /// How a retention attempt ended.
    Outcome { Pending => "pending", Retained => "retained", Lost => "lost" }
);

/// A leave reason or a retention attempt recorded for a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionNote {
    pub id: Option<i64>,
    pub customer_id: CustomerId,
    pub date: NaiveDate,
    pub reason: LeaveReason,
    /// What the shop did to keep the customer (empty: only the reason).
    pub attempt: String,
    pub outcome: Outcome,
    pub created_at: NaiveDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }
    fn y(v: i64) -> Money {
        Money::from_yuan(v)
    }
    fn history(sales: &[(NaiveDate, i64)]) -> PurchaseHistory {
        PurchaseHistory {
            sales: sales.iter().map(|(d, v)| (*d, y(*v))).collect(),
            open_complaints: Vec::new(),
        }
    }

    #[test]
    fn the_usual_interval_needs_three_purchase_days() {
        assert_eq!(usual_interval(&[d(1, 1), d(2, 1)]), None);
        // The same day twice is one purchase.
        assert_eq!(usual_interval(&[d(1, 1), d(1, 1), d(2, 1)]), None);
        assert_eq!(usual_interval(&[d(1, 1), d(1, 31), d(3, 2)]), Some(30));
        // Median of 10, 20, 100 is 20.
        assert_eq!(
            usual_interval(&[d(1, 1), d(1, 11), d(1, 31), d(5, 11)]),
            Some(20)
        );
    }

    #[test]
    fn overdue_beyond_one_and_a_half_usual_intervals() {
        let h = history(&[(d(1, 1), 100), (d(1, 31), 100), (d(3, 2), 100)]);
        // Usual 30 days: 45 days since the last purchase is not yet drifting, 46 is.
        assert!(signals(&h, d(4, 16)).is_empty());
        assert_eq!(
            signals(&h, d(4, 17)),
            [Signal::Overdue {
                days: 46,
                usual: 30
            }]
        );
        // Two purchases only: no usual interval, no signal however long.
        let h = history(&[(d(1, 1), 100), (d(1, 31), 100)]);
        assert!(signals(&h, d(11, 1)).is_empty());
    }

    #[test]
    fn a_drop_by_more_than_half_against_the_previous_ninety_days() {
        let as_of = d(9, 30);
        // Recent window 3 Jul..30 Sep, the one before 4 Apr..2 Jul.
        let h = history(&[(d(5, 1), 1_000), (d(8, 1), 499)]);
        assert_eq!(
            signals(&h, as_of),
            [Signal::Drop {
                recent: y(499),
                before: y(1_000)
            }]
        );
        let h = history(&[(d(5, 1), 1_000), (d(8, 1), 500)]);
        assert!(signals(&h, as_of).is_empty(), "exactly half is not a drop");
        // Nothing before: nothing to fall from.
        assert!(signals(&history(&[(d(8, 1), 10)]), as_of).is_empty());
        // Sales after the as-of day do not count.
        let h = history(&[(d(5, 1), 1_000), (d(10, 5), 5_000)]);
        assert_eq!(signals(&h, as_of).len(), 1);
    }

    #[test]
    fn an_open_complaint_older_than_seven_days() {
        let mut h = history(&[]);
        h.open_complaints = vec![(4, d(3, 1)), (5, d(3, 5))];
        assert_eq!(
            signals(&h, d(3, 9)),
            [Signal::OpenComplaint {
                complaint: 4,
                days: 8
            }]
        );
    }

    #[test]
    fn a_class_comes_first_then_revenue() {
        let item = |id, class, yuan| Drifting {
            customer_id: id,
            name: String::new(),
            class,
            last_purchase: None,
            revenue: y(yuan),
            signals: Vec::new(),
            last_note: None,
        };
        let mut list = vec![
            item(1, CustomerClass::C, 900),
            item(2, CustomerClass::A, 100),
            item(3, CustomerClass::B, 50),
            item(4, CustomerClass::A, 300),
        ];
        sort_drifting(&mut list);
        let ids: Vec<i64> = list.iter().map(|d| d.customer_id).collect();
        assert_eq!(ids, [4, 2, 3, 1]);
    }
}
