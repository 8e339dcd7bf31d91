//! Collection and credit control: the collection log with promises to pay,
//! the cause recorded per customer, where each overdue customer stands on
//! the ladder (also the agenda's `collection_step` items), and credit sales
//! confirmed past a warning.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::codec::{date_at, date_text, datetime_text, parse_datetime};
use super::sales::insert_sale;
use super::{Result, Store, StoreError};
use crate::domain::customer::CustomerId;
use crate::domain::money::Money;
use crate::domain::receivables::aging::{AgingReport, Quadrant};
use crate::domain::receivables::credit::{CreditWarning, check_credit_sale};
use crate::domain::receivables::ladder::{
    Cause, CauseRecord, Ladder, LadderPosition, LogEntry, PromiseState, StepKind, promise_state,
};
use crate::domain::sale::Sale;

/// A promise to pay and what became of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PromiseToPay {
    pub entry_id: i64,
    pub made: NaiveDate,
    pub by: NaiveDate,
    pub amount: Money,
    pub state: PromiseState,
}

/// One overdue customer as the collection list shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionRow {
    pub customer_id: CustomerId,
    pub name: String,
    pub total: Money,
    pub overdue: Money,
    pub oldest_overdue_days: u32,
    /// Due date of the oldest overdue open sale.
    pub oldest_due: NaiveDate,
    pub quadrant: Quadrant,
    pub position: LadderPosition,
    /// The latest promise to pay made since the oldest debt fell due.
    pub promise: Option<PromiseToPay>,
    pub last_entry: Option<LogEntry>,
    pub cause: Option<Cause>,
}

/// A credit sale entered past a warning, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditConfirmation {
    pub sale_id: Option<i64>,
    pub warning: String,
    pub amount: Money,
    pub owed: Money,
    pub limit: Option<Money>,
    pub confirmed_at: NaiveDateTime,
}

const LOG_COLUMNS: &str =
    "id, customer_id, date, step, who, said, promise_date, promise_fen, created_at";

fn log_entry(r: &Row<'_>) -> Result<LogEntry> {
    let step: String = r.get(3)?;
    let promise = match r.get::<_, Option<i64>>(7)? {
        Some(fen) => Some((date_at(r, 6)?, Money(fen))),
        None => None,
    };
    Ok(LogEntry {
        id: Some(r.get(0)?),
        customer_id: r.get(1)?,
        date: date_at(r, 2)?,
        step: StepKind::from_code(&step)
            .ok_or_else(|| StoreError::Corrupt(format!("collection step {step:?}")))?,
        who: r.get(4)?,
        said: r.get(5)?,
        promise,
        created_at: parse_datetime(&r.get::<_, String>(8)?)?,
    })
}

impl Store {
    pub fn add_collection_entry(&mut self, e: &LogEntry) -> Result<i64> {
        insert_collection_entry(self.conn(), e)
    }

    pub fn delete_collection_entry(&mut self, id: i64) -> Result<()> {
        if self
            .conn()
            .execute("DELETE FROM collection_log WHERE id=?1", [id])?
            == 0
        {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }

    /// A customer's collection log, newest first.
    pub fn collection_log(&self, customer: CustomerId) -> Result<Vec<LogEntry>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {LOG_COLUMNS} FROM collection_log WHERE customer_id=?1 ORDER BY date DESC, id DESC"
        ))?;
        let mut rows = stmt.query([customer])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(log_entry(r)?);
        }
        Ok(out)
    }

    /// Records (or with `None` clears) why a customer does not pay.
    pub fn set_collection_cause(
        &mut self,
        customer: CustomerId,
        cause: Option<&CauseRecord>,
    ) -> Result<()> {
        match cause {
            None => {
                self.conn().execute(
                    "DELETE FROM collection_causes WHERE customer_id=?1",
                    [customer],
                )?;
            }
            Some(c) => upsert_cause(self.conn(), customer, c)?,
        }
        Ok(())
    }

    pub fn collection_cause(&self, customer: CustomerId) -> Result<Option<CauseRecord>> {
        let row = self
            .conn()
            .query_row(
                "SELECT cause, complaint_id, note, recorded_at FROM collection_causes WHERE customer_id=?1",
                [customer],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<i64>>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                },
            )
            .optional()?;
        row.map(|(cause, complaint_id, note, at)| {
            Ok(CauseRecord {
                cause: Cause::from_code(&cause)
                    .ok_or_else(|| StoreError::Corrupt(format!("cause {cause:?}")))?,
                complaint_id,
                note,
                recorded_at: parse_datetime(&at)?,
            })
        })
        .transpose()
    }

    /// The promises to pay in a customer's log with their state as of `today`.
    pub fn promises_to_pay(
        &self,
        customer: CustomerId,
        today: NaiveDate,
    ) -> Result<Vec<PromiseToPay>> {
        let log = self.collection_log(customer)?;
        let payments = self.payment_days(customer)?;
        Ok(log
            .iter()
            .filter_map(|e| {
                let (by, amount) = e.promise?;
                Some(PromiseToPay {
                    entry_id: e.id.unwrap_or_default(),
                    made: e.date,
                    by,
                    amount,
                    state: promise_state(e.date, by, amount, &payments, today),
                })
            })
            .collect())
    }

    fn payment_days(&self, customer: CustomerId) -> Result<Vec<(NaiveDate, Money)>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT date, amount_fen FROM payments WHERE customer_id=?1")?;
        let mut rows = stmt.query([customer])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push((date_at(r, 0)?, Money(r.get(1)?)));
        }
        Ok(out)
    }

    /// Every customer with something overdue in `report`, with their place on
    /// the ladder, latest promise, last log entry and cause; by customer id.
    pub fn collection_rows(
        &self,
        report: &AgingReport,
        ladder: &Ladder,
    ) -> Result<Vec<CollectionRow>> {
        let today = report.as_of;
        let mut logs: std::collections::HashMap<CustomerId, Vec<LogEntry>> =
            std::collections::HashMap::new();
        {
            let mut stmt = self.conn().prepare_cached(&format!(
                "SELECT {LOG_COLUMNS} FROM collection_log WHERE date <= ?1 ORDER BY date DESC, id DESC"
            ))?;
            let mut rows = stmt.query([date_text(today)])?;
            while let Some(r) = rows.next()? {
                let e = log_entry(r)?;
                logs.entry(e.customer_id).or_default().push(e);
            }
        }
        let mut causes = std::collections::HashMap::new();
        {
            let mut stmt = self
                .conn()
                .prepare_cached("SELECT customer_id, cause FROM collection_causes")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let code: String = r.get(1)?;
                if let Some(c) = Cause::from_code(&code) {
                    causes.insert(r.get::<_, CustomerId>(0)?, c);
                }
            }
        }
        let mut out = Vec::new();
        for row in report.rows.iter().filter(|r| r.oldest_overdue_days > 0) {
            let oldest_due = today - chrono::Days::new(u64::from(row.oldest_overdue_days));
            let log: &[LogEntry] = logs.get(&row.customer_id).map_or(&[], |v| v.as_slice());
            let latest_promise = log
                .iter()
                .filter(|e| e.date >= oldest_due)
                .find_map(|e| e.promise.map(|p| (e, p)));
            let promise = match latest_promise {
                Some((e, (by, amount))) => {
                    let payments = self.payment_days(row.customer_id)?;
                    Some(PromiseToPay {
                        entry_id: e.id.unwrap_or_default(),
                        made: e.date,
                        by,
                        amount,
                        state: promise_state(e.date, by, amount, &payments, today),
                    })
                }
                None => None,
            };
            out.push(CollectionRow {
                customer_id: row.customer_id,
                name: row.name.clone(),
                total: row.total,
                overdue: row.overdue,
                oldest_overdue_days: row.oldest_overdue_days,
                oldest_due,
                quadrant: row.quadrant,
                position: ladder.position(oldest_due, log, promise.map(|p| (p.by, p.state))),
                promise,
                last_entry: log.first().cloned(),
                cause: causes.get(&row.customer_id).copied(),
            });
        }
        Ok(out)
    }

    /// The warnings a credit sale of `amount` raises for `customer` now.
    pub fn credit_warnings(
        &self,
        customer: CustomerId,
        amount: Money,
        on_credit: bool,
    ) -> Result<Vec<CreditWarning>> {
        let (limit, blacklisted, reason): (Option<i64>, bool, String) = self.conn().query_row(
            "SELECT credit_limit_fen, blacklisted, blacklist_reason FROM customers WHERE id=?1",
            [customer],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let owed = self.balance_of(customer)?;
        Ok(check_credit_sale(
            on_credit,
            amount,
            owed,
            limit.map(Money),
            blacklisted,
            &reason,
        ))
    }

    /// Records a sale the user confirmed past `warnings`, and each warning
    /// with the figures shown, in one transaction.
    pub fn add_sale_confirmed(
        &mut self,
        sale: &Sale,
        warnings: &[CreditWarning],
        confirmed_at: NaiveDateTime,
    ) -> Result<i64> {
        let owed = self.balance_of(sale.customer_id)?;
        let tx = self.conn_mut().transaction()?;
        let id = insert_sale_confirmed(&tx, sale, warnings, owed, confirmed_at)?;
        tx.commit()?;
        Ok(id)
    }

    /// A customer's confirmed warnings, newest first.
    pub fn credit_confirmations(&self, customer: CustomerId) -> Result<Vec<CreditConfirmation>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT sale_id, warning, amount_fen, owed_fen, limit_fen, confirmed_at FROM credit_confirmations \
             WHERE customer_id=?1 ORDER BY confirmed_at DESC, id DESC",
        )?;
        let mut rows = stmt.query([customer])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(CreditConfirmation {
                sale_id: r.get(0)?,
                warning: r.get(1)?,
                amount: Money(r.get(2)?),
                owed: Money(r.get(3)?),
                limit: r.get::<_, Option<i64>>(4)?.map(Money),
                confirmed_at: parse_datetime(&r.get::<_, String>(5)?)?,
            });
        }
        Ok(out)
    }

    /// Customers who owe more than their credit limit: id, name, owed, limit;
    /// largest excess first.
    pub fn customers_over_limit(&self) -> Result<Vec<(CustomerId, String, Money, Money)>> {
        let mut limited: Vec<(CustomerId, String, i64)> = Vec::new();
        {
            let mut stmt = self.conn().prepare_cached(
                "SELECT id, name, credit_limit_fen FROM customers WHERE credit_limit_fen IS NOT NULL",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                limited.push((r.get(0)?, r.get(1)?, r.get(2)?));
            }
        }
        // A few limits: each balance through the customer index; many: one
        // scan of the ledger.
        let balances = if limited.len() > 500 {
            Some(super::sales::all_balances(self.conn())?)
        } else {
            None
        };
        let mut out = Vec::new();
        for (id, name, limit) in limited {
            let owed = match &balances {
                Some(all) => Money(all.get(&id).copied().unwrap_or(0)),
                None => self.balance_of(id)?,
            };
            if owed > Money(limit) {
                out.push((id, name, owed, Money(limit)));
            }
        }
        out.sort_by(|a, b| (b.2 - b.3).cmp(&(a.2 - a.3)).then(a.0.cmp(&b.0)));
        Ok(out)
    }
}

/// The one INSERT for the collection log, shared with bulk writes.
pub(super) fn insert_collection_entry(conn: &Connection, e: &LogEntry) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO collection_log (customer_id, date, step, who, said, promise_date, \
         promise_fen, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
    )?
    .execute(params![
        e.customer_id,
        date_text(e.date),
        e.step.code(),
        e.who.trim(),
        e.said.trim(),
        e.promise.map(|(d, _)| date_text(d)),
        e.promise.map(|(_, m)| m.fen()),
        datetime_text(e.created_at),
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Records (or replaces) a customer's cause, shared with bulk writes.
pub(super) fn upsert_cause(conn: &Connection, customer: CustomerId, c: &CauseRecord) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO collection_causes (customer_id, cause, complaint_id, note, recorded_at) \
         VALUES (?1,?2,?3,?4,?5) ON CONFLICT(customer_id) DO UPDATE SET cause=excluded.cause, \
         complaint_id=excluded.complaint_id, note=excluded.note, recorded_at=excluded.recorded_at",
    )?
    .execute(params![
        customer,
        c.cause.code(),
        c.complaint_id,
        c.note.trim(),
        datetime_text(c.recorded_at)
    ])?;
    Ok(())
}

/// A credit sale and each warning it was confirmed past (`owed`: what the
/// customer owed before it), shared with bulk writes. Returns the sale's id.
pub(super) fn insert_sale_confirmed(
    conn: &Connection,
    sale: &Sale,
    warnings: &[CreditWarning],
    owed: Money,
    confirmed_at: NaiveDateTime,
) -> Result<i64> {
    let id = insert_sale(conn, sale, None)?;
    for w in warnings {
        insert_confirmation(
            conn,
            sale.customer_id,
            id,
            w,
            sale.amount,
            owed,
            confirmed_at,
        )?;
    }
    Ok(id)
}

/// The one INSERT for a warning confirmed with a credit sale (`owed`: what
/// the customer owed before the sale).
fn insert_confirmation(
    conn: &Connection,
    customer: CustomerId,
    sale_id: i64,
    warning: &CreditWarning,
    amount: Money,
    owed: Money,
    confirmed_at: NaiveDateTime,
) -> Result<()> {
    let limit = match warning {
        CreditWarning::OverLimit { limit, .. } => Some(limit.fen()),
        CreditWarning::Blacklisted { .. } => None,
    };
    conn.prepare_cached(
        "INSERT INTO credit_confirmations (customer_id, sale_id, warning, amount_fen, owed_fen, \
         limit_fen, confirmed_at) VALUES (?1,?2,?3,?4,?5,?6,?7)",
    )?
    .execute(params![
        customer,
        sale_id,
        warning.code(),
        amount.fen(),
        owed.fen(),
        limit,
        datetime_text(confirmed_at)
    ])?;
    Ok(())
}
