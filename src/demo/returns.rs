//! The returns log over the last 90 days, from its fixed table: each
//! customer's return linked to a fitting sale of theirs when there is one,
//! with the quality returns that raise the demo's one live alert.

use std::collections::HashSet;

use super::context::{Generator, add_days};
use super::tables::aftersales::{DemoReturn, RETURN_MODELS, RETURNS_LOG, ReturnModel, Returner};
use crate::domain::money::Money;
use crate::domain::returns::{RefundTo, ReturnEntry, ReturnOutcome, ReturnReason};
use crate::store::StoreError;

impl Generator<'_, '_> {
    /// The returns log over the last 90 days ([`RETURNS_LOG`]): a
    /// customer's return is linked to a sale of theirs of the same product
    /// at about the model's price, made shortly before (within the policy's
    /// windows; a repair within a year), when there is one, else it is
    /// logged as a walk-in's.
    pub(super) fn returns_log(&mut self) -> Result<(), StoreError> {
        let today = self.today;
        // A sale a case already gave money back for is not returned again.
        let mut linked: HashSet<i64> = self.case_sales.clone();
        for line in RETURNS_LOG {
            let DemoReturn {
                days_ago,
                model,
                reason,
                condition,
                outcome,
                who,
                quantity,
                note,
            } = *line;
            let date = add_days(today, -days_ago);
            let ReturnModel {
                name,
                generic,
                price_yuan: price,
            } = RETURN_MODELS[model];
            let window = match (reason, outcome) {
                (_, ReturnOutcome::Repair) => 365,
                (ReturnReason::Quality, _) => 30,
                _ => 10,
            };
            // A sale of this model costs about its shelf price.
            let fits_price = |unit: Money| {
                let fen = Money::from_yuan(price).fen();
                unit.fen() * 10 >= fen * 7 && unit.fen() * 2 <= fen * 3
            };
            let sale = if who == Returner::WalkIn {
                None
            } else {
                let mut found: Vec<usize> = (0..self.sold.len())
                    .filter(|&i| {
                        let s = &self.sold[i];
                        let age = (date - s.date).num_days();
                        s.product == generic
                            && (0..=window).contains(&age)
                            && fits_price(s.unit)
                            && !linked.contains(&s.sale_id)
                    })
                    .collect();
                if who == Returner::Account && found.iter().any(|&i| self.sold[i].owing()) {
                    found.retain(|&i| self.sold[i].owing());
                }
                if found.is_empty() {
                    None
                } else {
                    let k = self.index(found.len());
                    Some(self.sold[found[k]])
                }
            };
            if let Some(s) = &sale {
                linked.insert(s.sale_id);
            }
            let unit = sale.map_or(Money::from_yuan(price), |s| s.unit);
            let refunded = outcome == ReturnOutcome::Refund;
            let entry = ReturnEntry {
                id: None,
                date,
                customer_id: sale.map(|s| s.customer),
                sale_id: sale.map(|s| s.sale_id),
                product: name.to_string(),
                quantity,
                reason,
                condition,
                outcome,
                refund: if refunded {
                    Money(unit.fen() * i64::from(quantity))
                } else {
                    Money::ZERO
                },
                refund_to: if refunded && who == Returner::Account && sale.is_some() {
                    RefundTo::Account
                } else {
                    RefundTo::PaidOut
                },
                note: note.to_string(),
                complaint_id: None,
            };
            let created_at = self.at_shop_hours(date);
            self.w.return_entry(&entry, created_at)?;
            self.report.returns += 1;
        }
        Ok(())
    }
}
