//! Complaint cases as the wizard builds them: picking the sale a case is
//! about, the steps a clerk takes (listen, apologise, facts, solution, the
//! customer's answer, follow-up), and saving a case at every step. The
//! stories themselves are in `cases`.

mod cases;

use std::ops::RangeInclusive;

use chrono::{NaiveDate, NaiveDateTime};

use super::context::{Generator, add_days, later};
use super::tables::MANAGER;
use super::tables::shop::{PRODUCTS, Product};
use crate::domain::complaint::{
    Approval, Complaint, ComplaintChannel, ComplaintRules, ComplaintSource, Missing,
};
use crate::domain::customer::CustomerId;
use crate::domain::money::Money;
use crate::domain::warranty::{GoodsCondition, Remedy, Responsible};
use crate::store::StoreError;

/// Any product will do.
const ANY: &[&str] = &[];

/// The sale a case should be about: made `ages` days before the case came
/// in, of one of `products` (any when empty), one item costing at least
/// `min_yuan`. With `owes`, a sale with at least one item's price still
/// unpaid is preferred, even an older one (a refund credited to the account
/// should pay off a debt, not make one); with `distinct`, a product no other
/// case giving goods or money back is about (so the cases' own returns never
/// add up to a quality alert).
struct Wanted {
    ages: RangeInclusive<i64>,
    products: &'static [&'static str],
    min_yuan: i64,
    owes: bool,
    distinct: bool,
}

impl Wanted {
    /// One of `products` bought `ages` days before the case.
    fn bought(ages: RangeInclusive<i64>, products: &'static [&'static str]) -> Wanted {
        Wanted {
            ages,
            products,
            min_yuan: 0,
            owes: false,
            distinct: false,
        }
    }

    /// One item costs at least `min_yuan`.
    fn costing(self, min_yuan: i64) -> Wanted {
        Wanted { min_yuan, ..self }
    }

    /// A sale still owed on, preferably.
    fn owing(self) -> Wanted {
        Wanted { owes: true, ..self }
    }

    /// A product no other case giving goods or money back is about.
    fn distinct(self) -> Wanted {
        Wanted {
            distinct: true,
            ..self
        }
    }
}

/// What a complaint is about: the customer's sale when one is linked,
/// else what the customer said they bought and when.
struct Purchase {
    customer: CustomerId,
    sale_id: Option<i64>,
    product: &'static str,
    date: NaiveDate,
    /// The price of one item.
    unit: Money,
}

impl Purchase {
    /// Fills the Facts step's purchase, as picking the sale in the wizard does.
    fn fill(&self, c: &mut Complaint) {
        c.sale_id = self.sale_id;
        c.product = self.product.to_string();
        c.purchase_date = Some(self.date);
    }

    fn days_before(&self, day: NaiveDate) -> i64 {
        (day - self.date).num_days()
    }
}

fn invalid_case(c: &Complaint, missing: &[Missing]) -> StoreError {
    let codes: Vec<&str> = missing.iter().map(|m| m.code()).collect();
    StoreError::Corrupt(format!(
        "demo complaint at step {} lacks {}",
        c.step.code(),
        codes.join(", ")
    ))
}

/// Moves a demo case on, as the wizard's Next button does on `day`.
fn next_step(c: &mut Complaint, rules: &ComplaintRules, day: NaiveDate) -> Result<(), StoreError> {
    c.advance(rules, day)
        .map(|_| ())
        .map_err(|missing| invalid_case(c, &missing))
}

/// Moves on from Listen, apologises `minutes` after the case came in and
/// moves on to the facts.
fn apologize(c: &mut Complaint, rules: &ComplaintRules, minutes: i64) -> Result<(), StoreError> {
    next_step(c, rules, c.received_at.date())?;
    let at = later(c.received_at, minutes);
    c.apologized_at = Some(at);
    next_step(c, rules, at.date())
}

/// The rest of the Facts step.
fn facts(c: &mut Complaint, severity: u8, responsible: Responsible, condition: GoodsCondition) {
    c.severity = Some(severity);
    c.responsible = Some(responsible);
    c.condition = Some(condition);
}

/// The manager signs the solution off when it needs it.
fn sign_off_if_needed(c: &mut Complaint, rules: &ComplaintRules, at: NaiveDateTime) {
    if !c.approval_reasons(rules).is_empty() {
        c.approval = Some(Approval {
            manager: MANAGER.to_string(),
            at,
        });
    }
}

/// The clerk proposes the solution on `day` (the manager signs it off at
/// `at` when it needs that) and moves on to the customer's opinion.
fn propose(
    c: &mut Complaint,
    rules: &ComplaintRules,
    at: NaiveDateTime,
    day: NaiveDate,
) -> Result<(), StoreError> {
    sign_off_if_needed(c, rules, at);
    next_step(c, rules, day)
}

/// The customer accepts at `at` with `satisfaction`; the wizard moves on to
/// the follow-up.
fn accept(
    c: &mut Complaint,
    rules: &ComplaintRules,
    satisfaction: u8,
    at: NaiveDateTime,
) -> Result<(), StoreError> {
    c.accepted = Some(true);
    c.satisfaction = Some(satisfaction);
    next_step(c, rules, at.date())
}

impl Generator<'_, '_> {
    /// What a case received on `received` is about, as the wizard's Facts
    /// step takes it from a sale: a sale of a customer the shop may contact
    /// that fits `wanted`. Each case gets its own customer while there are
    /// enough. When no sale fits (a small demo), a customer with sales says
    /// what they bought and when, and the clerk types it: no sale is linked.
    fn purchase(&mut self, received: NaiveDate, wanted: Wanted) -> Purchase {
        let Wanted {
            ages,
            products,
            min_yuan,
            owes,
            distinct,
        } = wanted;
        let wanted = |product: &str| products.is_empty() || products.contains(&product);
        let min_unit = Money::from_yuan(min_yuan);
        let fitting_any = |ages: &RangeInclusive<i64>, must_owe: bool, any: bool| -> Vec<usize> {
            self.sold
                .iter()
                .enumerate()
                .filter(|(_, s)| {
                    ages.contains(&(received - s.date).num_days())
                        && (any || wanted(s.product))
                        && s.unit >= min_unit
                        && (!must_owe || s.owing())
                        && !self.case_customers.contains(&s.customer)
                        && !(distinct && self.case_products.contains(s.product))
                })
                .map(|(i, _)| i)
                .collect()
        };
        let fitting =
            |ages: &RangeInclusive<i64>, must_owe: bool| fitting_any(ages, must_owe, false);
        let mut found = Vec::new();
        if owes {
            // An owing sale of the right age, else one from the last year
            // (then the refund may need the manager), else any sale.
            found = fitting(&ages, true);
            if found.is_empty() {
                found = fitting(&(1..=365), true);
            }
            // In a small shop none of those may owe: any owing sale will do.
            if found.is_empty() {
                found = fitting_any(&(1..=365), true, true);
            }
        }
        if found.is_empty() {
            found = fitting(&ages, false);
        }
        let purchase = if found.is_empty() {
            let free: Vec<CustomerId> = self
                .sold
                .iter()
                .map(|s| s.customer)
                .filter(|c| !self.case_customers.contains(c))
                .collect();
            let customer = if !free.is_empty() {
                self.pick(&free)
            } else if !self.sold.is_empty() {
                let k = self.index(self.sold.len());
                self.sold[k].customer
            } else {
                let k = self.index(self.ids.len());
                self.ids[k]
            };
            let choices: Vec<Product> = PRODUCTS
                .iter()
                .copied()
                .filter(|p| {
                    wanted(p.name)
                        && p.high_yuan >= min_yuan
                        && !(distinct && self.case_products.contains(p.name))
                })
                .collect();
            let product = if choices.is_empty() {
                PRODUCTS[0]
            } else {
                self.pick(&choices)
            };
            let price = ((product.low_yuan + product.high_yuan) / 200 * 100 + 99).max(min_yuan);
            Purchase {
                customer,
                sale_id: None,
                product: product.name,
                date: add_days(received, -(ages.start() + ages.end()) / 2),
                unit: Money::from_yuan(price),
            }
        } else {
            let k = self.index(found.len());
            let s = self.sold[found[k]];
            Purchase {
                customer: s.customer,
                sale_id: Some(s.sale_id),
                product: s.product,
                date: s.date,
                unit: s.unit,
            }
        };
        self.case_customers.insert(purchase.customer);
        if distinct {
            self.case_products.insert(purchase.product);
        }
        purchase
    }

    /// A case received on `day` in shop hours, with the Listen step typed.
    fn listen(
        &mut self,
        customer: CustomerId,
        day: NaiveDate,
        channel: ComplaintChannel,
        source: ComplaintSource,
        words: String,
        emotion: Option<u8>,
    ) -> Complaint {
        let mut c = Complaint::new(customer, self.at_shop_hours(day));
        c.channel = Some(channel);
        c.source = Some(source);
        c.words = words;
        c.emotion = emotion;
        c
    }

    /// A moment in shop hours on `day`, at least half an hour after `after`.
    fn moment(&mut self, day: NaiveDate, after: NaiveDateTime) -> NaiveDateTime {
        self.at_shop_hours(day).max(later(after, 30))
    }

    /// Saves a case as it finally stands and counts it, with the return an
    /// accepted refund or exchange records.
    fn file_case(
        &mut self,
        c: &mut Complaint,
        rules: &ComplaintRules,
        stamp: NaiveDateTime,
    ) -> Result<(), StoreError> {
        self.save_case(c, rules, stamp)?;
        self.report.complaints += 1;
        self.case_sales.extend(c.sale_id);
        if c.closed_at.is_none()
            && let Some(id) = c.id
        {
            self.open_cases
                .push((id, c.customer_id, c.received_at.date()));
        }
        if c.accepted == Some(true) && c.remedy.is_some_and(Remedy::is_return) {
            self.report.returns += 1;
        }
        Ok(())
    }

    /// Records the follow-up's result on its day and closes the case.
    fn close_case(
        &mut self,
        c: &mut Complaint,
        rules: &ComplaintRules,
        result: &str,
    ) -> Result<(), StoreError> {
        let day = c.follow_up_date.unwrap_or(self.today).min(self.today);
        let at = self.moment(day, c.received_at);
        c.follow_up_result = result.to_string();
        c.close(rules, at).map_err(|m| invalid_case(c, &m))?;
        self.file_case(c, rules, at)
    }

    /// Saves a case as it stands (the wizard saves at every step).
    fn save_case(
        &mut self,
        c: &mut Complaint,
        rules: &ComplaintRules,
        stamp: NaiveDateTime,
    ) -> Result<(), StoreError> {
        c.id = Some(self.w.complaint(c, rules, stamp)?);
        Ok(())
    }
}
