//! Receivables read from the ledger: payments allocated to sales as of any
//! day (one pass over sales, payments and account credits, grouped by
//! customer in memory), the aging report, the month-end outstanding series,
//! open sales for the agenda and letters, statements, and the receivable
//! settings (bucket edges, thresholds, margin, ladder, letter templates).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, params};

use super::codec::{date_at, date_text};
use super::settings::{delete_setting, upsert_setting};
use super::{Result, Store, StoreError};
use crate::domain::customer::CustomerId;
use crate::domain::money::Money;
use crate::domain::receivables::aging::{
    AgingReport, AgingRules, Allocation, CustomerAging, LedgerPayment, LedgerSale, allocate,
};
use crate::domain::receivables::ladder::Ladder;
use crate::domain::receivables::letters::{
    LetterContext, LetterKind, LetterSale, default_template, reminders_logged,
};
use crate::domain::receivables::statement::{EntryKind, Movement, Statement, statement};

mod keys {
    pub const RULES: &str = "receivable_rules";
    pub const LADDER: &str = "collection_ladder";
}

fn letter_key(kind: LetterKind, chinese: bool) -> String {
    format!(
        "letter_template.{}.{}",
        kind.code(),
        if chinese { "zh" } else { "en" }
    )
}

/// Every customer's payments allocated to their sales as of a day.
#[derive(Debug, Clone, Default)]
pub struct Allocations {
    /// Customers with something open, by id.
    pub open: Vec<(CustomerId, Allocation)>,
    /// Credits the shop holds for customers who paid ahead.
    pub credits: Money,
}

impl Store {
    /// The receivable settings, or the defaults.
    pub fn aging_rules(&self) -> Result<AgingRules> {
        Ok(self
            .setting(keys::RULES)?
            .and_then(|v| serde_json::from_str(&v).ok())
            .unwrap_or_default())
    }

    pub fn set_aging_rules(&mut self, rules: &AgingRules) -> Result<()> {
        let json = serde_json::to_string(rules).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        upsert_setting(self.conn(), keys::RULES, &json)
    }

    /// The collection ladder, or the default one.
    pub fn ladder(&self) -> Result<Ladder> {
        Ok(self
            .setting(keys::LADDER)?
            .and_then(|v| serde_json::from_str(&v).ok())
            .unwrap_or_default())
    }

    pub fn set_ladder(&mut self, ladder: &Ladder) -> Result<()> {
        let json = serde_json::to_string(ladder).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        upsert_setting(self.conn(), keys::LADDER, &json)
    }

    /// The shop's letter template, or the default in that language.
    pub fn letter_template(&self, kind: LetterKind, chinese: bool) -> Result<String> {
        Ok(self
            .setting(&letter_key(kind, chinese))?
            .unwrap_or_else(|| default_template(kind, chinese).to_string()))
    }

    /// Saves a template; the default (or an empty text) is not stored, so a
    /// later improvement of the default reaches the shop.
    pub fn set_letter_template(
        &mut self,
        kind: LetterKind,
        chinese: bool,
        text: &str,
    ) -> Result<()> {
        let key = letter_key(kind, chinese);
        if text.trim().is_empty() || text == default_template(kind, chinese) {
            delete_setting(self.conn(), &key)
        } else {
            upsert_setting(self.conn(), &key, text)
        }
    }

    /// Payments allocated to sales for every customer as of `as_of`.
    pub fn allocations(&self, as_of: NaiveDate) -> Result<Allocations> {
        super::ledger_scan::allocations(self, as_of)
    }

    /// One customer's allocation as of `as_of`.
    pub fn allocation_of(&self, customer: CustomerId, as_of: NaiveDate) -> Result<Allocation> {
        let ledger = read_ledger(self.conn(), as_of, Some(customer))?;
        Ok(allocate(
            &ledger.sales.iter().map(|(_, s)| *s).collect::<Vec<_>>(),
            &ledger.payments.iter().map(|(_, p)| *p).collect::<Vec<_>>(),
            as_of,
        ))
    }

    /// The aging report as of `as_of` under `rules`.
    pub fn aging(&self, as_of: NaiveDate, rules: &AgingRules) -> Result<AgingReport> {
        let all = self.allocations(as_of)?;
        self.aging_of(&all, as_of, rules)
    }

    /// The aging report of allocations already made as of `as_of`.
    pub(crate) fn aging_of(
        &self,
        all: &Allocations,
        as_of: NaiveDate,
        rules: &AgingRules,
    ) -> Result<AgingReport> {
        let names = self.names_of(all.open.iter().map(|(id, _)| *id))?;
        let rows = all
            .open
            .iter()
            .filter_map(|(id, a)| {
                let name = names.get(id).cloned().unwrap_or_default();
                CustomerAging::from_allocation(*id, name, a, rules)
            })
            .collect();
        Ok(AgingReport::new(as_of, rules.clone(), rows, all.credits))
    }

    /// The total outstanding (what customers owe, credits not netted) at the
    /// end of each day in `days` (ascending), in one pass over the ledger.
    pub fn outstanding_on(&self, days: &[NaiveDate]) -> Result<Vec<Money>> {
        super::ledger_scan::outstanding_on(self, days)
    }

    /// What a letter to `customer` is filled with as of `today`.
    pub fn letter_context(&self, customer: CustomerId, today: NaiveDate) -> Result<LetterContext> {
        let allocation = self.allocation_of(customer, today)?;
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT COALESCE(number, ''), product FROM sales WHERE id=?1")?;
        let mut sales = Vec::new();
        for open in allocation.open {
            let (number, product) =
                stmt.query_row([open.sale_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            sales.push(LetterSale {
                number,
                product,
                open,
            });
        }
        let name = self
            .customer_ref(customer)?
            .map(|c| c.name)
            .ok_or(StoreError::NotFound(customer))?;
        let reminders = reminders_logged(&self.collection_log(customer)?, &sales, today);
        Ok(LetterContext {
            customer: name,
            shop: self.shop_name(),
            today,
            sales,
            reminders,
        })
    }

    /// A customer's statement of account for `from..=to`.
    pub fn statement(
        &self,
        customer: CustomerId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Statement> {
        let conn = self.conn();
        let mut movements = Vec::new();
        let queries: [(&str, EntryKind); 3] = [
            (
                "SELECT id, date, COALESCE(number, ''), product || CASE WHEN quantity > 1 \
                 THEN ' ×' || quantity ELSE '' END, amount_fen FROM sales WHERE customer_id=?1 AND date <= ?2",
                EntryKind::Sale,
            ),
            (
                "SELECT p.id, p.date, p.method, COALESCE(s.number, p.note), p.amount_fen FROM payments p \
                 LEFT JOIN sales s ON s.id = p.sale_id WHERE p.customer_id=?1 AND p.date <= ?2",
                EntryKind::Payment,
            ),
            (
                "SELECT id, date, '', product, refund_fen FROM returns WHERE customer_id=?1 \
                 AND outcome='refund' AND refund_to='account' AND refund_fen > 0 AND date <= ?2",
                EntryKind::Credit,
            ),
        ];
        for (sql, kind) in queries {
            let mut stmt = conn.prepare_cached(sql)?;
            let mut rows = stmt.query(params![customer, date_text(to)])?;
            while let Some(r) = rows.next()? {
                movements.push(Movement {
                    order: r.get(0)?,
                    date: date_at(r, 1)?,
                    kind,
                    reference: r.get(2)?,
                    description: r.get(3)?,
                    amount: Money(r.get(4)?),
                });
            }
        }
        Ok(statement(movements, from, to))
    }

    /// Names of the given customers.
    pub(crate) fn names_of(
        &self,
        ids: impl Iterator<Item = CustomerId>,
    ) -> Result<HashMap<CustomerId, String>> {
        let wanted: std::collections::HashSet<CustomerId> = ids.collect();
        let mut out = HashMap::with_capacity(wanted.len());
        if wanted.is_empty() {
            return Ok(out);
        }
        if wanted.len() < 200 {
            let mut stmt = self
                .conn()
                .prepare_cached("SELECT name FROM customers WHERE id=?1")?;
            for id in wanted {
                let name: String = stmt.query_row([id], |r| r.get(0))?;
                out.insert(id, name);
            }
            return Ok(out);
        }
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, name FROM customers")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: CustomerId = r.get(0)?;
            if wanted.contains(&id) {
                out.insert(id, r.get(1)?);
            }
        }
        Ok(out)
    }
}

/// Sales and payments (account credits included) dated on or before a day.
pub(super) struct Ledger {
    pub sales: Vec<(CustomerId, LedgerSale)>,
    pub payments: Vec<(CustomerId, LedgerPayment)>,
}

pub(super) fn read_ledger(
    conn: &Connection,
    as_of: NaiveDate,
    customer: Option<CustomerId>,
) -> Result<Ledger> {
    let filter = if customer.is_some() {
        "customer_id = ?2 AND"
    } else {
        "?2 IS NULL AND"
    };
    let as_of = date_text(as_of);
    let mut sales = Vec::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT customer_id, id, date, due_date, amount_fen FROM sales WHERE {filter} date <= ?1"
    ))?;
    let mut rows = stmt.query(params![as_of, customer])?;
    while let Some(r) = rows.next()? {
        sales.push((
            r.get(0)?,
            LedgerSale {
                id: r.get(1)?,
                date: date_at(r, 2)?,
                due: date_at(r, 3)?,
                amount: Money(r.get(4)?),
            },
        ));
    }
    let mut payments = Vec::new();
    for sql in [
        format!(
            "SELECT customer_id, sale_id, date, amount_fen FROM payments WHERE {filter} date <= ?1"
        ),
        format!(
            "SELECT customer_id, sale_id, date, refund_fen FROM returns WHERE {filter} \
             customer_id IS NOT NULL AND outcome='refund' AND refund_to='account' AND refund_fen > 0 \
             AND date <= ?1"
        ),
    ] {
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params![as_of, customer])?;
        while let Some(r) = rows.next()? {
            payments.push((
                r.get(0)?,
                LedgerPayment {
                    sale_id: r.get(1)?,
                    date: date_at(r, 2)?,
                    amount: Money(r.get(3)?),
                },
            ));
        }
    }
    Ok(Ledger { sales, payments })
}
