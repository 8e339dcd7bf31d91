//! Receivables and retention: the stories of the customers with a
//! [`Role`] (sales, payments, the collection log, causes and retention
//! notes, read from their scripts in the tables), and the customer of the
//! oldest open complaint case who will not pay until it is settled.

use chrono::Datelike;

use super::cast::Role;
use super::context::{Generator, add_days};
use super::tables::BOOKKEEPER;
use super::tables::receivables::{
    Chase, DISSATISFIED_CALL, DISSATISFIED_CAUSE, DISSATISFIED_SALE, Event, PromiseToPay, StorySale,
};
use crate::domain::customer::CustomerId;
use crate::domain::money::Money;
use crate::domain::receivables::credit::CreditWarning;
use crate::domain::receivables::ladder::{Cause, CauseRecord, LogEntry, StepKind};
use crate::domain::retention::{LeaveReason, Outcome, RetentionNote};
use crate::domain::sale::{Payment, Sale, due_date};
use crate::store::StoreError;

impl Generator<'_, '_> {
    /// Writes the story of a customer with a [`Role`], event by event; a
    /// payment pays the story's latest sale.
    pub(super) fn play(&mut self, id: CustomerId, role: Role) -> Result<(), StoreError> {
        let mut latest: Option<Sale> = None;
        for event in role.script() {
            match *event {
                Event::PaidSale {
                    days_ago,
                    product,
                    quantity,
                    unit_yuan,
                    method,
                } => {
                    let line = StorySale {
                        days_ago,
                        product,
                        quantity,
                        unit_yuan,
                        terms: None,
                        note: "",
                    };
                    let sale = self.write_sale(id, &line)?;
                    self.pay(&sale, days_ago, sale.amount, method, "")?;
                    latest = Some(sale);
                }
                Event::Sale(line) => latest = Some(self.write_sale(id, &line)?),
                Event::ConfirmedOverLimit {
                    sale,
                    limit_yuan,
                    owed_yuan,
                } => {
                    let mut sale = self.sale_at(id, &sale);
                    let owed = Money::from_yuan(owed_yuan);
                    let warning = CreditWarning::OverLimit {
                        limit: Money::from_yuan(limit_yuan),
                        owed,
                        after: owed + sale.amount,
                    };
                    sale.id =
                        Some(
                            self.w
                                .sale_confirmed(&sale, &[warning], owed, sale.created_at)?,
                        );
                    self.report.sales += 1;
                    self.report.credit_confirmations += 1;
                    latest = Some(sale);
                }
                Event::Payment {
                    days_ago,
                    yuan,
                    method,
                    note,
                } => {
                    let Some(sale) = &latest else {
                        return Err(StoreError::Corrupt(format!(
                            "demo story of {role:?} pays before any sale"
                        )));
                    };
                    self.pay(sale, days_ago, Money::from_yuan(yuan), method, note)?;
                }
                Event::Chase(chase) => self.chase(id, &chase)?,
                Event::Cause {
                    days_ago,
                    cause,
                    note,
                } => self.cause(id, days_ago, cause, None, note)?,
                Event::Retention {
                    days_ago,
                    reason,
                    attempt,
                    outcome,
                } => self.retention(id, days_ago, reason, attempt, outcome)?,
            }
        }
        Ok(())
    }

    /// The customer of the oldest case still open after a week will not pay
    /// until it is settled: an overdue credit sale, a phone call and the cause.
    pub(super) fn dissatisfied(&mut self) -> Result<(), StoreError> {
        let week_ago = add_days(self.today, -7);
        let Some(&(case, customer, received)) = self
            .open_cases
            .iter()
            .filter(|(_, _, day)| *day < week_ago)
            .min_by_key(|(id, _, day)| (*day, *id))
        else {
            return Ok(());
        };
        let since = (self.today - received).num_days();
        let sale = StorySale {
            days_ago: since + DISSATISFIED_SALE.days_ago,
            ..DISSATISFIED_SALE
        };
        self.write_sale(customer, &sale)?;
        let call = Chase {
            days_ago: since - 2,
            step: StepKind::Phone,
            who: BOOKKEEPER,
            said: DISSATISFIED_CALL,
            promise: None,
        };
        self.chase(customer, &call)?;
        self.cause(
            customer,
            since - 2,
            Cause::Dissatisfied,
            Some(case),
            DISSATISFIED_CAUSE,
        )
    }

    /// `line` as the sale of `customer`, numbered, not yet written.
    fn sale_at(&mut self, customer: CustomerId, line: &StorySale) -> Sale {
        let date = self.days_ago(line.days_ago);
        self.sale_seq += 1;
        Sale {
            id: None,
            customer_id: customer,
            number: Some(format!("XS{}-{:06}", date.year(), self.sale_seq)),
            date,
            product: line.product.to_string(),
            quantity: line.quantity,
            amount: Money::from_yuan(line.unit_yuan * i64::from(line.quantity)),
            due_date: due_date(date, None, line.terms),
            terms_days: line.terms,
            note: line.note.to_string(),
            created_at: self.at_shop_hours(date),
        }
    }

    /// [`Generator::sale_at`], written.
    fn write_sale(&mut self, customer: CustomerId, line: &StorySale) -> Result<Sale, StoreError> {
        let mut sale = self.sale_at(customer, line);
        sale.id = Some(self.w.sale(&sale)?);
        self.report.sales += 1;
        Ok(sale)
    }

    /// A payment of `amount` for `sale`, `days_ago`.
    fn pay(
        &mut self,
        sale: &Sale,
        days_ago: i64,
        amount: Money,
        method: &str,
        note: &str,
    ) -> Result<(), StoreError> {
        let date = self.days_ago(days_ago);
        let created_at = self.at_shop_hours(date);
        self.w.payment(&Payment {
            id: None,
            customer_id: sale.customer_id,
            sale_id: sale.id,
            date,
            amount,
            method: method.to_string(),
            note: note.to_string(),
            created_at,
        })?;
        self.report.payments += 1;
        Ok(())
    }

    /// An entry of the collection log.
    fn chase(&mut self, customer: CustomerId, chase: &Chase) -> Result<(), StoreError> {
        let date = self.days_ago(chase.days_ago);
        let promise = chase.promise.map(|PromiseToPay { by_days_ago, yuan }| {
            (self.days_ago(by_days_ago), Money::from_yuan(yuan))
        });
        let created_at = self.at_shop_hours(date);
        self.w.collection_entry(&LogEntry {
            id: None,
            customer_id: customer,
            date,
            step: chase.step,
            who: chase.who.to_string(),
            said: chase.said.to_string(),
            promise,
            created_at,
        })?;
        self.report.collection_entries += 1;
        Ok(())
    }

    /// Why `customer` does not pay, recorded `days_ago`.
    fn cause(
        &mut self,
        customer: CustomerId,
        days_ago: i64,
        cause: Cause,
        complaint_id: Option<i64>,
        note: &str,
    ) -> Result<(), StoreError> {
        let recorded_at = self.at_shop_hours(self.days_ago(days_ago));
        self.w.collection_cause(
            customer,
            &CauseRecord {
                cause,
                complaint_id,
                note: note.to_string(),
                recorded_at,
            },
        )
    }

    /// A leave reason and what the shop tried, `days_ago`.
    fn retention(
        &mut self,
        customer: CustomerId,
        days_ago: i64,
        reason: LeaveReason,
        attempt: &str,
        outcome: Outcome,
    ) -> Result<(), StoreError> {
        let date = self.days_ago(days_ago);
        let created_at = self.at_shop_hours(date);
        self.w.retention_note(&RetentionNote {
            id: None,
            customer_id: customer,
            date,
            reason,
            attempt: attempt.to_string(),
            outcome,
            created_at,
        })?;
        self.report.retention_notes += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::testing::{demo, today};
    use crate::domain::customer::CustomerClass;

    #[test]
    fn receivables_have_every_quadrant_and_bucket_promises_causes_and_limits() {
        use crate::domain::receivables::aging::{AgingRules, Quadrant};
        use crate::domain::receivables::ladder::PromiseState;
        for (n, seed) in [(300, 1), (60, 7)] {
            let (store, report) = demo(n, seed);
            let rules = AgingRules::default();
            let aging = store.aging(today(), &rules).unwrap();
            for (q, total) in Quadrant::ALL.iter().zip(&aging.quadrants) {
                assert!(total.customers > 0, "{n}: no customer in {q:?}");
            }
            for (code, total) in rules.edges.codes().iter().zip(&aging.totals) {
                assert!(total.is_positive(), "{n}: bucket {code} is empty");
            }
            let mut states = Vec::new();
            for row in &aging.rows {
                for p in store.promises_to_pay(row.customer_id, today()).unwrap() {
                    states.push(p.state);
                }
            }
            for state in [
                PromiseState::Kept,
                PromiseState::Broken,
                PromiseState::Pending,
            ] {
                assert!(states.contains(&state), "{n}: no {state:?} promise");
            }
            let over = store.customers_over_limit().unwrap();
            assert!(!over.is_empty(), "{n}: nobody over the limit");

            let rows = store
                .collection_rows(&aging, &store.ladder().unwrap())
                .unwrap();
            let causes: Vec<Cause> = rows.iter().filter_map(|r| r.cause).collect();
            for cause in [Cause::WontPay, Cause::Dissatisfied, Cause::Fraud] {
                assert!(causes.contains(&cause), "{n}: no {cause:?}");
            }
            let summaries = store.customer_summaries().unwrap();
            let blacklisted = |id| summaries.iter().any(|s| s.id == id && s.blacklisted);
            let fraud = rows.iter().find(|r| r.cause == Some(Cause::Fraud)).unwrap();
            assert!(blacklisted(fraud.customer_id), "the fraud is blacklisted");
            let unhappy = rows
                .iter()
                .find(|r| r.cause == Some(Cause::Dissatisfied))
                .unwrap();
            let record = store
                .collection_cause(unhappy.customer_id)
                .unwrap()
                .unwrap();
            let case = store
                .complaint(record.complaint_id.expect("linked"))
                .unwrap();
            assert_eq!(case.customer_id, unhappy.customer_id);
            assert!(
                rows.iter()
                    .any(|r| r.last_entry.is_some() && r.position.reached.is_some()),
                "{n}: the ladder has been climbed"
            );
            let confirmed = over
                .iter()
                .flat_map(|(id, ..)| store.credit_confirmations(*id).unwrap())
                .count();
            assert!(confirmed >= 1, "{n}: no sale confirmed past a warning");
            assert!(report.collection_entries >= 10 && report.credit_confirmations == 1);
        }
    }

    #[test]
    fn drifting_customers_lead_with_an_a_class_regular_and_classes_follow_pareto() {
        use crate::domain::retention::Signal;
        let (store, report) = demo(300, 1);
        let drifting = store.drifting(today()).unwrap();
        assert!(!drifting.is_empty());
        assert_eq!(drifting[0].class, CustomerClass::A, "{:?}", drifting[0]);
        let has = |f: &dyn Fn(&Signal) -> bool| drifting.iter().any(|d| d.signals.iter().any(f));
        assert!(has(&|s| matches!(s, Signal::Overdue { .. })));
        assert!(has(&|s| matches!(s, Signal::Drop { .. })));
        assert!(has(&|s| matches!(s, Signal::OpenComplaint { .. })));
        assert!(
            drifting.iter().any(|d| d.class == CustomerClass::A
                && d.last_note.is_some()
                && d.signals
                    .iter()
                    .any(|s| matches!(s, Signal::Overdue { .. }))),
            "an A-class regular overdue with a retention attempt"
        );

        let mut summaries = store.customer_summaries().unwrap();
        summaries.sort_by_key(|s| s.id);
        let notes: Vec<RetentionNote> = summaries
            .iter()
            .flat_map(|s| store.retention_notes(s.id).unwrap())
            .collect();
        assert_eq!(notes.len(), report.retention_notes);
        for reason in [
            LeaveReason::Price,
            LeaveReason::MovedAway,
            LeaveReason::Competitor,
        ] {
            assert!(notes.iter().any(|n| n.reason == reason), "{reason:?}");
        }
        for outcome in [Outcome::Pending, Outcome::Retained, Outcome::Lost] {
            assert!(notes.iter().any(|n| n.outcome == outcome), "{outcome:?}");
        }

        // The cards' classes are the Pareto rule's, overrides kept.
        let abc = store.abc_report(today()).unwrap();
        assert_eq!(abc.len(), summaries.len());
        for (row, s) in abc.iter().zip(&summaries) {
            assert_eq!(row.customer_id, s.id);
            assert_eq!(row.class(), s.class, "{}", s.name);
            assert_eq!(row.manual.is_some(), s.class_is_manual);
        }
        assert!(summaries.iter().any(|s| s.class_is_manual));
    }
}
