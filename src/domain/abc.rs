//! ABC classes from trailing-12-month sales, Pareto style: the customers who
//! together make the top 70% of revenue are A, the next 20% B, the rest C.
//! Customers with equal revenue always share a class: a customer's class is
//! decided by the revenue of everyone who bought strictly more.

use chrono::{Days, NaiveDate};

use super::customer::{CustomerClass, CustomerId};
use super::money::Money;

/// Share of revenue (percent) the A customers make together.
pub const A_SHARE: i128 = 70;
/// Share of revenue (percent) the A and B customers make together.
pub const AB_SHARE: i128 = 90;

/// The trailing window a class is computed over: sales dated
/// `first..=as_of`, the last 365 days.
pub fn window(as_of: NaiveDate) -> (NaiveDate, NaiveDate) {
    (
        as_of.checked_sub_days(Days::new(364)).unwrap_or(as_of),
        as_of,
    )
}

/// The class of every customer in `revenue` (customer, trailing revenue; any
/// order, customers without sales may be left out or given zero). Returned
/// by customer id.
pub fn classify(revenue: &[(CustomerId, Money)]) -> Vec<(CustomerId, CustomerClass)> {
    let total: i128 = revenue
        .iter()
        .map(|(_, m)| i128::from(m.fen().max(0)))
        .sum();
    let mut order: Vec<(CustomerId, i64)> = revenue
        .iter()
        .map(|(id, m)| (*id, m.fen().max(0)))
        .collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out = Vec::with_capacity(order.len());
    let mut before: i128 = 0; // revenue of everyone who bought strictly more
    let mut i = 0;
    while i < order.len() {
        let amount = order[i].1;
        let mut j = i;
        while j < order.len() && order[j].1 == amount {
            j += 1;
        }
        let class = if amount <= 0 || total == 0 {
            CustomerClass::C
        } else if before * 100 < A_SHARE * total {
            CustomerClass::A
        } else if before * 100 < AB_SHARE * total {
            CustomerClass::B
        } else {
            CustomerClass::C
        };
        for (id, _) in &order[i..j] {
            out.push((*id, class));
        }
        before += i128::from(amount) * (j - i) as i128;
        i = j;
    }
    out.sort_by_key(|(id, _)| *id);
    out
}

/// How many customers are in each class (A, B, C).
pub fn mix(classes: impl IntoIterator<Item = CustomerClass>) -> [usize; 3] {
    let mut out = [0; 3];
    for c in classes {
        out[match c {
            CustomerClass::A => 0,
            CustomerClass::B => 1,
            CustomerClass::C => 2,
        }] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use CustomerClass::{A, B, C};

    fn rev(list: &[(CustomerId, i64)]) -> Vec<(CustomerId, Money)> {
        list.iter()
            .map(|(id, y)| (*id, Money::from_yuan(*y)))
            .collect()
    }

    #[test]
    fn pareto_split_at_seventy_and_ninety_percent() {
        // Total 100: 50 (A, starts at 0%), 20 (A, starts at 50%), 15 (B, starts
        // at 70%), 5 (B, 85%), 5 (C, 90%), 5 (C, 95%).
        let got = classify(&rev(&[(1, 50), (2, 20), (3, 15), (4, 5), (5, 5), (6, 5)]));
        // 4, 5 and 6 tie at 5: they share the class of the first of them (85% → B).
        assert_eq!(got, [(1, A), (2, A), (3, B), (4, B), (5, B), (6, B)]);
        let got = classify(&rev(&[(1, 50), (2, 20), (3, 15), (4, 6), (5, 5), (6, 4)]));
        assert_eq!(got, [(1, A), (2, A), (3, B), (4, B), (5, C), (6, C)]);
    }

    #[test]
    fn the_customer_crossing_seventy_percent_is_still_a() {
        let got = classify(&rev(&[(1, 60), (2, 30), (3, 10)]));
        assert_eq!(got, [(1, A), (2, A), (3, C)]);
    }

    #[test]
    fn customers_without_sales_are_c_and_an_empty_book_is_all_c() {
        let got = classify(&rev(&[(1, 100), (2, 0)]));
        assert_eq!(got, [(1, A), (2, C)]);
        assert_eq!(classify(&rev(&[(1, 0), (2, 0)])), [(1, C), (2, C)]);
        assert!(classify(&[]).is_empty());
    }

    #[test]
    fn equal_revenue_shares_a_class() {
        let got = classify(&rev(&[(1, 10), (2, 10), (3, 10), (4, 10)]));
        assert!(got.iter().all(|(_, c)| *c == A));
    }

    #[test]
    fn window_is_the_last_365_days_and_mix_counts() {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(
            window(as_of).0,
            NaiveDate::from_ymd_opt(2025, 11, 24).unwrap()
        );
        assert_eq!(mix([A, C, C, B, C]), [1, 1, 3]);
    }
}
