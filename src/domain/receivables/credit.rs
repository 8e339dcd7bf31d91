//! Credit control: whether a new sale on credit needs the owner's explicit
//! confirmation because it takes the customer over their credit limit or the
//! customer is blacklisted.

use super::super::money::Money;

/// What a credit sale would break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreditWarning {
    Blacklisted {
        reason: String,
    },
    OverLimit {
        limit: Money,
        owed: Money,
        after: Money,
    },
}

impl CreditWarning {
    /// The stable code stored with a confirmation.
    pub fn code(&self) -> &'static str {
        match self {
            CreditWarning::Blacklisted { .. } => "blacklisted",
            CreditWarning::OverLimit { .. } => "over_limit",
        }
    }
}

/// The warnings a sale of `amount` on credit raises for a customer who owes
/// `owed` now (a negative balance is a credit that lowers the exposure).
/// A sale paid on the spot raises none.
pub fn check_credit_sale(
    on_credit: bool,
    amount: Money,
    owed: Money,
    limit: Option<Money>,
    blacklisted: bool,
    blacklist_reason: &str,
) -> Vec<CreditWarning> {
    if !on_credit {
        return Vec::new();
    }
    let mut out = Vec::new();
    if blacklisted {
        out.push(CreditWarning::Blacklisted {
            reason: blacklist_reason.trim().to_string(),
        });
    }
    if let Some(limit) = limit {
        let after = owed + amount;
        if after > limit {
            out.push(CreditWarning::OverLimit { limit, owed, after });
        }
    }
    out
}

/// Whether a customer already owes more than their limit.
pub fn over_limit(owed: Money, limit: Option<Money>) -> bool {
    limit.is_some_and(|l| owed > l)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(v: i64) -> Money {
        Money::from_yuan(v)
    }

    #[test]
    fn a_sale_past_the_limit_warns_with_the_figures() {
        let w = check_credit_sale(true, y(3_000), y(8_000), Some(y(10_000)), false, "");
        assert_eq!(
            w,
            [CreditWarning::OverLimit {
                limit: y(10_000),
                owed: y(8_000),
                after: y(11_000)
            }]
        );
        assert_eq!(w[0].code(), "over_limit");
        // Exactly at the limit is allowed.
        assert!(check_credit_sale(true, y(2_000), y(8_000), Some(y(10_000)), false, "").is_empty());
        // A credit on the account lowers the exposure.
        assert!(check_credit_sale(true, y(10_500), y(-600), Some(y(10_000)), false, "").is_empty());
    }

    #[test]
    fn blacklisted_customers_always_warn_on_credit_and_cash_never_warns() {
        let w = check_credit_sale(true, y(1), y(0), None, true, " 拖欠不还 ");
        assert_eq!(
            w,
            [CreditWarning::Blacklisted {
                reason: "拖欠不还".into()
            }]
        );
        assert!(check_credit_sale(false, y(99_999), y(0), Some(y(1)), true, "").is_empty());
        assert_eq!(
            check_credit_sale(true, y(20), y(0), Some(y(10)), true, "").len(),
            2
        );
    }

    #[test]
    fn over_limit_needs_a_limit() {
        assert!(over_limit(y(11), Some(y(10))));
        assert!(!over_limit(y(10), Some(y(10))));
        assert!(!over_limit(y(1_000_000), None));
    }
}
