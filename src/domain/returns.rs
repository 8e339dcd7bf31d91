//! The returns log (退换货登记) and its quality signal: when one product
//! comes back for quality reasons several times within a short window, the
//! shop is warned to report it to the supplier and stop selling it.

use chrono::{Duration, NaiveDate};

use super::complaint::ComplaintId;
use super::customer::CustomerId;
use super::money::Money;
use super::warranty::GoodsCondition;
use crate::coded_enum;

pub type ReturnId = i64;

coded_enum!(
    /// Why the goods came back.
    ReturnReason {
        Quality => "quality",
        WrongItem => "wrong_item",
        NotAsDescribed => "not_as_described",
        ChangedMind => "changed_mind",
        TransitDamage => "transit_damage",
    }
);

coded_enum!(
    /// What the shop did.
    ReturnOutcome { Refund => "refund", Exchange => "exchange", Repair => "repair" }
);

coded_enum!(
    /// Where refunded money went: handed back (cash, card, WeChat), or
    /// credited against what the customer still owes.
    RefundTo { PaidOut => "paid_out", Account => "account" }
);

/// One returned item.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnEntry {
    pub id: Option<ReturnId>,
    pub date: NaiveDate,
    /// None for a walk-in customer.
    pub customer_id: Option<CustomerId>,
    pub sale_id: Option<i64>,
    pub product: String,
    pub quantity: u32,
    pub reason: ReturnReason,
    pub condition: GoodsCondition,
    pub outcome: ReturnOutcome,
    pub refund: Money,
    pub refund_to: RefundTo,
    pub note: String,
    pub complaint_id: Option<ComplaintId>,
}

/// A field of the returns form that is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnProblem {
    ProductMissing,
    QuantityZero,
    RefundMissing,
    RefundWithoutRefundOutcome,
    NegativeRefund,
    /// Money credited to an account needs a customer to credit.
    AccountWithoutCustomer,
}

impl ReturnEntry {
    pub fn validate(&self) -> Vec<ReturnProblem> {
        let mut problems = Vec::new();
        if self.product.trim().is_empty() {
            problems.push(ReturnProblem::ProductMissing);
        }
        if self.quantity == 0 {
            problems.push(ReturnProblem::QuantityZero);
        }
        if self.refund.fen() < 0 {
            problems.push(ReturnProblem::NegativeRefund);
        } else if self.outcome == ReturnOutcome::Refund && self.refund.is_zero() {
            problems.push(ReturnProblem::RefundMissing);
        } else if self.outcome != ReturnOutcome::Refund && !self.refund.is_zero() {
            problems.push(ReturnProblem::RefundWithoutRefundOutcome);
        }
        if self.outcome == ReturnOutcome::Refund
            && self.refund_to == RefundTo::Account
            && self.customer_id.is_none()
        {
            problems.push(ReturnProblem::AccountWithoutCustomer);
        }
        problems
    }

    /// The money this return takes off the customer's balance.
    pub fn account_credit(&self) -> Money {
        if self.outcome == ReturnOutcome::Refund && self.refund_to == RefundTo::Account {
            self.refund
        } else {
            Money::ZERO
        }
    }
}

/// What returns take off a customer's balance: every refund credited to
/// the account (refunds paid out and exchanges take nothing off).
pub fn account_credits<'a>(entries: impl IntoIterator<Item = &'a ReturnEntry>) -> Money {
    entries.into_iter().map(ReturnEntry::account_credit).sum()
}

/// The product's name as alerts compare it: trimmed, inner runs of spaces
/// collapsed to one, letters in lower case. Only spacing and case are
/// forgiven; "电饭煲MB-3" and "电饭煲 MB-3" stay two products.
pub fn product_key(product: &str) -> String {
    product
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// When quality returns of one product mean trouble (Settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlertRule {
    /// This many quality returns (counted by quantity)…
    pub count: u32,
    /// …within this many days, counting the last day.
    pub days: u32,
}

impl Default for AlertRule {
    fn default() -> Self {
        AlertRule { count: 3, days: 30 }
    }
}

impl AlertRule {
    /// The first day of the window that ends on `as_of`.
    pub fn window_start(&self, as_of: NaiveDate) -> NaiveDate {
        as_of - Duration::days(i64::from(self.days.max(1)) - 1)
    }
}

/// A quality return as the alert sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct QualityReturn {
    pub product: String,
    pub date: NaiveDate,
    pub quantity: u32,
}

/// A product with too many quality returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualityAlert {
    pub product_key: String,
    /// The name as most recently written.
    pub product: String,
    pub count: u32,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub window_days: u32,
}

/// The products whose quality returns within the window ending on `as_of`
/// reach the rule's count, most returns first. Returns dated after
/// `as_of` are not counted.
pub fn quality_alerts(
    returns: &[QualityReturn],
    rule: AlertRule,
    as_of: NaiveDate,
) -> Vec<QualityAlert> {
    let start = rule.window_start(as_of);
    let mut by_product: std::collections::BTreeMap<String, QualityAlert> = Default::default();
    for r in returns
        .iter()
        .filter(|r| r.date >= start && r.date <= as_of)
    {
        let key = product_key(&r.product);
        if key.is_empty() {
            continue;
        }
        let alert = by_product
            .entry(key.clone())
            .or_insert_with(|| QualityAlert {
                product_key: key,
                product: r.product.trim().to_string(),
                count: 0,
                first: r.date,
                last: r.date,
                window_days: rule.days,
            });
        alert.count += r.quantity.max(1);
        if r.date < alert.first {
            alert.first = r.date;
        }
        if r.date >= alert.last {
            alert.last = r.date;
            alert.product = r.product.trim().to_string();
        }
    }
    let mut alerts: Vec<QualityAlert> = by_product
        .into_values()
        .filter(|a| a.count >= rule.count.max(1))
        .collect();
    alerts.sort_by(|a, b| b.count.cmp(&a.count).then(b.last.cmp(&a.last)));
    alerts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn quality(product: &str, d: u32) -> QualityReturn {
        QualityReturn {
            product: product.into(),
            date: day(d),
            quantity: 1,
        }
    }

    #[test]
    fn the_third_quality_return_within_the_window_raises_the_alert() {
        let rule = AlertRule::default();
        let mut returns = vec![quality("电饭煲 MB-3", 2), quality("电饭煲  mb-3 ", 10)];
        assert!(quality_alerts(&returns, rule, day(20)).is_empty());
        returns.push(quality("电饭煲 MB-3", 20));
        let alerts = quality_alerts(&returns, rule, day(20));
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0].count, 3);
        assert_eq!(alerts[0].first, day(2));
        assert_eq!(alerts[0].product, "电饭煲 MB-3");
    }

    #[test]
    fn the_window_counts_its_last_day_and_not_one_day_more() {
        let rule = AlertRule { count: 3, days: 30 };
        let returns = vec![quality("台灯", 1), quality("台灯", 15), quality("台灯", 30)];
        // 1 Nov to 30 Nov is 30 days.
        assert_eq!(quality_alerts(&returns, rule, day(30)).len(), 1);
        // On 1 Dec the window starts on 2 Nov: only two remain.
        let dec1 = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert!(quality_alerts(&returns, rule, dec1).is_empty());
    }

    #[test]
    fn returns_after_the_as_of_date_and_other_products_do_not_count() {
        let rule = AlertRule::default();
        let returns = vec![
            quality("台灯", 1),
            quality("台灯", 2),
            quality("风扇", 3),
            quality("台灯", 25),
        ];
        assert!(quality_alerts(&returns, rule, day(20)).is_empty());
        assert_eq!(quality_alerts(&returns, rule, day(25))[0].count, 3);
    }

    #[test]
    fn quantities_count() {
        let rule = AlertRule::default();
        let mut r = quality("水杯", 5);
        r.quantity = 3;
        assert_eq!(quality_alerts(&[r], rule, day(5))[0].count, 3);
    }

    #[test]
    fn the_form_names_each_problem() {
        let mut entry = ReturnEntry {
            id: None,
            date: day(5),
            customer_id: None,
            sale_id: None,
            product: " ".into(),
            quantity: 0,
            reason: ReturnReason::Quality,
            condition: GoodsCondition::Used,
            outcome: ReturnOutcome::Refund,
            refund: Money::ZERO,
            refund_to: RefundTo::Account,
            note: String::new(),
            complaint_id: None,
        };
        assert_eq!(
            entry.validate(),
            [
                ReturnProblem::ProductMissing,
                ReturnProblem::QuantityZero,
                ReturnProblem::RefundMissing,
                ReturnProblem::AccountWithoutCustomer
            ]
        );
        entry.product = "台灯".into();
        entry.quantity = 1;
        entry.refund = Money::from_yuan(80);
        entry.customer_id = Some(3);
        assert!(entry.validate().is_empty());
        assert_eq!(entry.account_credit(), Money::from_yuan(80));
        entry.outcome = ReturnOutcome::Exchange;
        assert_eq!(
            entry.validate(),
            [ReturnProblem::RefundWithoutRefundOutcome]
        );
    }

    #[test]
    fn only_refunds_to_the_account_are_credited() {
        let entry = |outcome, refund_to, yuan| ReturnEntry {
            id: None,
            date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            customer_id: Some(3),
            sale_id: None,
            product: "台灯".into(),
            quantity: 1,
            reason: ReturnReason::Quality,
            condition: GoodsCondition::Used,
            outcome,
            refund: Money::from_yuan(yuan),
            refund_to,
            note: String::new(),
            complaint_id: None,
        };
        let returns = [
            entry(ReturnOutcome::Refund, RefundTo::Account, 500),
            entry(ReturnOutcome::Refund, RefundTo::PaidOut, 80),
            entry(ReturnOutcome::Exchange, RefundTo::Account, 0),
            entry(ReturnOutcome::Refund, RefundTo::Account, 20),
        ];
        assert_eq!(account_credits(&returns), Money::from_yuan(520));
        assert_eq!(account_credits(&returns[1..3]), Money::ZERO);
    }
}
