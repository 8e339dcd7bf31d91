//! Sales and payments of ordinary customers: products and prices by tier,
//! numbered sales, credit terms, and payments in full, by deposit and rest,
//! or still owed.

use chrono::{Datelike, NaiveDate};

use super::cast::{Spotlight, Tier};
use super::context::{Generator, SoldItem, add_days};
use super::customers::Profile;
use super::tables::shop::{
    COMPANY_TRANSFER, PAY_METHODS, PRODUCTS, Product, SALE_NOTES, TRADE_IN_NOTE, TRADE_IN_YUAN,
};
use crate::domain::money::Money;
use crate::domain::sale::{Payment, Sale, due_date};
use crate::store::StoreError;

impl Generator<'_, '_> {
    /// An ordinary customer's sales, more and bigger for better tiers, some
    /// on credit, each with its payments; a spotlight's sale falling due
    /// soon and a blacklisted customer's old debt stay unpaid.
    pub(super) fn sales(&mut self, profile: &Profile<'_>) -> Result<(), StoreError> {
        let today = self.today;
        let &Profile {
            id,
            card: c,
            tier,
            is_company,
            window_start,
            spotlight,
        } = profile;
        let count = match tier {
            Tier::A => self.range(3, 6),
            Tier::B => self.range(1, 4),
            Tier::C => self.pick(&[0, 0, 1, 1, 1, 2, 2]),
        };
        let last_year = add_days(today, -365).max(window_start);
        let mut plans: Vec<(NaiveDate, Option<u32>)> = Vec::new();
        for _ in 0..count {
            let recent = self.chance(match tier {
                Tier::A => 0.8,
                Tier::B => 0.6,
                Tier::C => 0.4,
            });
            let date = if recent {
                self.day_between(last_year, today)
            } else {
                self.day_between(window_start, today)
            };
            let terms = match (is_company, self.roll()) {
                (true, r) if r < 0.3 => None,
                (true, r) if r < 0.75 => Some(30),
                (true, _) => Some(60),
                (false, r) if r < 0.82 => None,
                (false, r) if r < 0.96 => Some(30),
                (false, _) => Some(60),
            };
            plans.push((date, terms));
        }
        if spotlight == Some(Spotlight::ReceivableSoon) {
            // A credit sale falling due in the coming two weeks, not yet paid.
            let due_in = self.range(1, 14);
            plans.push((add_days(today, due_in - 30).max(window_start), Some(30)));
        }
        if c.blacklisted {
            // The debt that got them blacklisted.
            let date = self.day_between(window_start, add_days(today, -120).max(window_start));
            plans.push((date, Some(30)));
        }
        for (k, (date, terms)) in plans.into_iter().enumerate() {
            let Product {
                name: product,
                low_yuan: low,
                high_yuan: high,
                ..
            } = loop {
                let p = self.pick(PRODUCTS);
                let fits = match tier {
                    Tier::A => p.size >= 2,
                    Tier::B => (1..=3).contains(&p.size),
                    Tier::C => p.size <= 1,
                };
                if fits || self.chance(0.1) {
                    break p;
                }
            };
            // Prices end in 9 or 00, as shop prices do.
            let price = (self.range(low, high) / 100) * 100 + if self.chance(0.6) { 99 } else { 0 };
            let price = price.clamp(low, high);
            let quantity: u32 = match (tier, is_company) {
                (Tier::A, true) => self.range(1, 8) as u32,
                (_, true) => self.range(1, 3) as u32,
                _ if self.chance(0.08) => 2,
                _ => 1,
            };
            let mut amount_yuan = price * i64::from(quantity);
            let note = if self.chance(0.25) {
                self.pick(SALE_NOTES)
            } else {
                ""
            };
            if note.starts_with(TRADE_IN_NOTE) {
                amount_yuan = (amount_yuan - TRADE_IN_YUAN).max(1);
            }
            self.sale_seq += 1;
            let sale = Sale {
                id: None,
                customer_id: id,
                number: Some(format!("XS{}-{:06}", date.year(), self.sale_seq)),
                date,
                product: product.to_string(),
                quantity,
                amount: Money::from_yuan(amount_yuan),
                due_date: due_date(date, None, terms),
                terms_days: terms,
                note: note.to_string(),
                created_at: self.at_shop_hours(date),
            };
            let sale_id = self.w.sale(&sale)?;
            self.report.sales += 1;
            // The forced sales (after the first `count`) stay unpaid.
            let paid = self.payments(&sale, sale_id, is_company, k >= count as usize)?;
            if !c.do_not_contact && !c.blacklisted {
                self.sold.push(SoldItem {
                    customer: id,
                    sale_id,
                    product,
                    date,
                    unit: Money::from_yuan(amount_yuan / i64::from(quantity)),
                    unpaid: Money(sale.amount.fen() - paid),
                });
            }
        }
        Ok(())
    }

    /// The payments of `sale` (written as `sale_id`), in fen: mostly in
    /// full, sometimes a deposit and the rest, some credit sales not yet or
    /// only partly paid; none when `unpaid`.
    fn payments(
        &mut self,
        sale: &Sale,
        sale_id: i64,
        is_company: bool,
        unpaid: bool,
    ) -> Result<i64, StoreError> {
        if unpaid {
            return Ok(0);
        }
        let id = sale.customer_id;
        let today = self.today;
        let total = sale.amount.fen();
        // Payment shares in percent; shares adding up to 100 settle the sale.
        let plan: &[i64] = if sale.terms_days.is_none() {
            match self.roll() {
                r if r < 0.93 => &[100],
                r if r < 0.98 => &[30, 70], // deposit, then the rest
                _ => &[30],                 // deposit only: a small balance remains
            }
        } else if sale.due_date < today {
            match self.roll() {
                r if r < 0.80 => &[100],
                r if r < 0.88 => &[50, 50],
                r if r < 0.94 => &[50],
                _ => &[],
            }
        } else {
            match self.roll() {
                r if r < 0.30 => &[100],
                r if r < 0.50 => &[40],
                _ => &[],
            }
        };
        let settles = plan.iter().sum::<i64>() == 100;
        let mut paid = 0;
        let mut day = sale.date;
        for (k, share) in plan.iter().enumerate() {
            let amount = if settles && k + 1 == plan.len() {
                total - paid
            } else {
                // Partial payments in whole hundreds of yuan where possible.
                let raw = total * share / 100;
                if raw >= 10_000 {
                    raw / 10_000 * 10_000
                } else {
                    raw
                }
            };
            if amount <= 0 {
                break;
            }
            if k > 0 || sale.terms_days.is_some() {
                let latest = add_days(sale.due_date, self.range(-10, 20)).min(today);
                day = self.day_between(day, latest.max(day));
            }
            let method = if is_company && sale.terms_days.is_some() {
                COMPANY_TRANSFER
            } else {
                self.pick(PAY_METHODS)
            };
            let note = match (plan.len(), k) {
                (1, _) if *share == 100 => "",
                (_, 0) => "定金",
                _ => "尾款",
            };
            let payment = Payment {
                id: None,
                customer_id: id,
                sale_id: Some(sale_id),
                date: day,
                amount: Money(amount),
                method: method.to_string(),
                note: note.to_string(),
                created_at: self.at_shop_hours(day),
            };
            self.w.payment(&payment)?;
            self.report.payments += 1;
            paid += amount;
        }
        Ok(paid)
    }
}
