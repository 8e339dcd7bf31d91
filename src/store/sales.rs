//! Sales and payments, and the balances derived from them.

use std::collections::HashMap;

use rusqlite::{Connection, params};

use super::codec::{date_text, datetime_text, parse_date, parse_datetime};
use super::{Result, Store, StoreError};
use crate::domain::customer::CustomerId;
use crate::domain::money::Money;
use crate::domain::sale::{Payment, Sale};

impl Store {
    /// Records a sale. A sale number already in the book is refused, so the
    /// same sale is never counted twice.
    pub fn add_sale(&mut self, sale: &Sale) -> Result<i64> {
        insert_sale(self.conn(), sale, None)
    }

    /// Whether a sale number is already used.
    pub fn sale_number_exists(&self, number: &str) -> Result<bool> {
        Ok(self.conn().query_row(
            "SELECT EXISTS(SELECT 1 FROM sales WHERE number=?1)",
            [number.trim()],
            |r| r.get(0),
        )?)
    }

    pub fn add_payment(&mut self, payment: &Payment) -> Result<i64> {
        insert_payment(self.conn(), payment, None)
    }

    pub fn delete_sale(&mut self, id: i64) -> Result<()> {
        if self.conn().execute("DELETE FROM sales WHERE id=?1", [id])? == 0 {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }

    pub fn delete_payment(&mut self, id: i64) -> Result<()> {
        if self
            .conn()
            .execute("DELETE FROM payments WHERE id=?1", [id])?
            == 0
        {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }

    /// A customer's sales, newest first.
    pub fn sales_for(&self, customer: CustomerId) -> Result<Vec<Sale>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, number, date, product, quantity, amount_fen, due_date, terms_days, note, created_at \
             FROM sales WHERE customer_id=?1 ORDER BY date DESC, id DESC",
        )?;
        let rows = stmt.query_map([customer], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, u32>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<u32>>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, String>(9)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, number, date, product, quantity, fen, due, terms, note, created) = row?;
            out.push(Sale {
                id: Some(id),
                customer_id: customer,
                number,
                date: parse_date(&date)?,
                product,
                quantity,
                amount: Money(fen),
                due_date: parse_date(&due)?,
                terms_days: terms,
                note,
                created_at: parse_datetime(&created)?,
            });
        }
        Ok(out)
    }

    /// A customer's payments, newest first.
    pub fn payments_for(&self, customer: CustomerId) -> Result<Vec<Payment>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, sale_id, date, amount_fen, method, note, created_at FROM payments \
             WHERE customer_id=?1 ORDER BY date DESC, id DESC",
        )?;
        let rows = stmt.query_map([customer], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, sale_id, date, fen, method, note, created) = row?;
            out.push(Payment {
                id: Some(id),
                customer_id: customer,
                sale_id,
                date: parse_date(&date)?,
                amount: Money(fen),
                method,
                note,
                created_at: parse_datetime(&created)?,
            });
        }
        Ok(out)
    }

    /// Sales minus payments for one customer, less refunds credited to the
    /// account (a refund handed back in cash leaves the balance as it was).
    pub fn balance_of(&self, customer: CustomerId) -> Result<Money> {
        let fen: i64 = self.conn().query_row(
            "SELECT (SELECT COALESCE(SUM(amount_fen),0) FROM sales WHERE customer_id=?1) - \
                    (SELECT COALESCE(SUM(amount_fen),0) FROM payments WHERE customer_id=?1) - \
                    (SELECT COALESCE(SUM(refund_fen),0) FROM returns WHERE customer_id=?1 \
                         AND outcome = 'refund' AND refund_to = 'account')",
            [customer],
            |r| r.get(0),
        )?;
        Ok(Money(fen))
    }
}

/// Every customer's balance (sales less payments less refunds credited to
/// the account), summed here from plain table scans: SQLite's GROUP BY
/// would walk the customer index and look every row up in the table, which
/// on a million sales costs seconds.
pub(super) fn all_balances(conn: &Connection) -> Result<HashMap<CustomerId, i64>> {
    let mut balances: HashMap<CustomerId, i64> = HashMap::new();
    for (sql, sign) in [
        ("SELECT customer_id, amount_fen FROM sales", 1),
        ("SELECT customer_id, amount_fen FROM payments", -1),
        (
            "SELECT customer_id, refund_fen FROM returns WHERE customer_id IS NOT NULL \
             AND outcome = 'refund' AND refund_to = 'account'",
            -1,
        ),
    ] {
        let mut stmt = conn.prepare_cached(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            *balances.entry(r.get(0)?).or_default() += sign * r.get::<_, i64>(1)?;
        }
    }
    Ok(balances)
}

/// The one INSERT for sales, shared with bulk writes. A sale number already
/// in the book is refused with [`StoreError::DuplicateSaleNumber`].
/// The one INSERT for sales, shared with bulk writes and imports; `batch`
/// is the import batch that adds the row (`None` outside an import).
pub(super) fn insert_sale(conn: &Connection, sale: &Sale, batch: Option<i64>) -> Result<i64> {
    let number = sale
        .number
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let result = conn
        .prepare_cached(
            "INSERT INTO sales (customer_id, number, date, product, quantity, amount_fen, due_date, terms_days, \
             note, created_at, import_batch) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
        )?
        .execute(params![
            sale.customer_id,
            number,
            date_text(sale.date),
            sale.product.trim(),
            sale.quantity,
            sale.amount.fen(),
            date_text(sale.due_date),
            sale.terms_days,
            sale.note.trim(),
            datetime_text(sale.created_at),
            batch,
        ]);
    match result {
        Ok(_) => Ok(conn.last_insert_rowid()),
        Err(e)
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation)
                && e.to_string().contains("sales.number") =>
        {
            Err(StoreError::DuplicateSaleNumber(
                number.unwrap_or_default().to_string(),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// The one INSERT for payments, shared with bulk writes and imports;
/// `batch` is the import batch that adds the row (`None` outside an import).
pub(super) fn insert_payment(
    conn: &Connection,
    payment: &Payment,
    batch: Option<i64>,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO payments (customer_id, sale_id, date, amount_fen, method, note, created_at, \
         import_batch) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
    )?
    .execute(params![
        payment.customer_id,
        payment.sale_id,
        date_text(payment.date),
        payment.amount.fen(),
        payment.method.trim(),
        payment.note.trim(),
        datetime_text(payment.created_at),
        batch,
    ])?;
    Ok(conn.last_insert_rowid())
}
