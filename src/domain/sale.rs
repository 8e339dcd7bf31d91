//! Sales on credit and payments received, and a customer's balance.
//!
//! Receivable reports (aging, collection) build on these types later; for now
//! the card records both and shows what the customer owes.

use chrono::{Days, NaiveDate, NaiveDateTime};

use super::customer::CustomerId;
use super::money::Money;

/// One sale to a customer (may be paid at once or on credit).
#[derive(Debug, Clone, PartialEq)]
pub struct Sale {
    pub id: Option<i64>,
    pub customer_id: CustomerId,
    /// The shop's own order number, unique when present.
    pub number: Option<String>,
    pub date: NaiveDate,
    pub product: String,
    pub quantity: u32,
    pub amount: Money,
    pub due_date: NaiveDate,
    /// Payment terms in days when the due date was derived from them.
    pub terms_days: Option<u32>,
    pub note: String,
    pub created_at: NaiveDateTime,
}

/// One payment received.
#[derive(Debug, Clone, PartialEq)]
pub struct Payment {
    pub id: Option<i64>,
    pub customer_id: CustomerId,
    /// The sale this payment is for, when the customer said so.
    pub sale_id: Option<i64>,
    pub date: NaiveDate,
    pub amount: Money,
    pub method: String,
    pub note: String,
    pub created_at: NaiveDateTime,
}

/// When a sale is due: an explicit date wins, else the sale date plus terms,
/// else the sale date itself (paid on the spot).
pub fn due_date(
    sale_date: NaiveDate,
    explicit: Option<NaiveDate>,
    terms_days: Option<u32>,
) -> NaiveDate {
    explicit
        .or_else(|| terms_days.and_then(|t| sale_date.checked_add_days(Days::new(u64::from(t)))))
        .unwrap_or(sale_date)
}

/// Sales minus payments. Positive: the customer owes the shop; negative: the
/// shop holds a credit for the customer.
pub fn balance(sales: &[Sale], payments: &[Payment]) -> Money {
    sales.iter().map(|s| s.amount).sum::<Money>() - payments.iter().map(|p| p.amount).sum::<Money>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    #[test]
    fn due_date_prefers_explicit_then_terms() {
        assert_eq!(due_date(d(1), Some(d(20)), Some(5)), d(20));
        assert_eq!(due_date(d(1), None, Some(5)), d(6));
        assert_eq!(due_date(d(1), None, None), d(1));
    }

    #[test]
    fn balance_is_sales_minus_payments() {
        let now = d(1).and_hms_opt(0, 0, 0).unwrap();
        let sale = |fen| Sale {
            id: None,
            customer_id: 1,
            number: None,
            date: d(1),
            product: "冰箱".into(),
            quantity: 1,
            amount: Money(fen),
            due_date: d(1),
            terms_days: None,
            note: String::new(),
            created_at: now,
        };
        let pay = |fen| Payment {
            id: None,
            customer_id: 1,
            sale_id: None,
            date: d(2),
            amount: Money(fen),
            method: String::new(),
            note: String::new(),
            created_at: now,
        };
        assert_eq!(
            balance(&[sale(10_000), sale(5_000)], &[pay(3_000)]),
            Money(12_000)
        );
        assert_eq!(balance(&[], &[pay(30_00)]), Money(-30_00));
    }
}
