//! Bulk writing: many cards, contacts, promises, sales and payments in one
//! transaction with cached prepared statements, for the demo generator (and
//! later for imports). Writing 100,000 customers one `save_customer` at a
//! time would commit 100,000 transactions; here everything commits once, or
//! nothing does.
//!
//! The SQL mirrors the single-row writers in `customers.rs` (shared code),
//! `contacts.rs`, `promises.rs` and `sales.rs`; the store tests read bulk
//! rows back through the ordinary readers to keep them in step.

use rusqlite::{Transaction, params};

use super::codec::{date_text, datetime_text};
use super::customers::insert_customer;
use super::{Result, Store, StoreError};
use crate::domain::contact::ContactEntry;
use crate::domain::customer::{Customer, CustomerId};
use crate::domain::promise::ServicePromise;
use crate::domain::sale::{Payment, Sale};

/// Writes rows inside the transaction opened by [`Store::bulk`].
///
/// Unlike the single-row writers, timestamps come from the values given,
/// never from the clock, so the same input always yields the same file:
/// a card keeps its `created_at` and `updated_at`, and a contact is recorded
/// as created at the moment it happened.
pub struct BulkWriter<'a> {
    tx: &'a Transaction<'a>,
}

impl Store {
    /// Runs `f` with a [`BulkWriter`] inside one transaction. Commits when
    /// `f` returns `Ok`; rolls everything back when it returns an error.
    pub fn bulk<T>(&mut self, f: impl FnOnce(&mut BulkWriter<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn_mut().transaction()?;
        let value = {
            let mut writer = BulkWriter { tx: &tx };
            f(&mut writer)?
        };
        tx.commit()?;
        Ok(value)
    }
}

impl BulkWriter<'_> {
    /// Inserts a new card (its `id` is ignored) with tags, family members and
    /// custom dates. Returns the new id.
    pub fn customer(&mut self, customer: &Customer) -> Result<CustomerId> {
        insert_customer(self.tx, customer, customer.updated_at)
    }

    /// Records a contact. Returns its id.
    pub fn contact(&mut self, entry: &ContactEntry) -> Result<i64> {
        let at = datetime_text(entry.at);
        self.tx
            .prepare_cached(
                "INSERT INTO contacts (customer_id, at, channel, purpose, summary, outcome, referral_asked, \
                 next_contact_date, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
            )?
            .execute(params![
                entry.customer_id,
                at,
                entry.channel.code(),
                entry.purpose.code(),
                entry.summary.trim(),
                entry.outcome.trim(),
                entry.referral_asked,
                entry.next_contact.map(date_text),
                at,
            ])?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Inserts a new promise (its `id` is ignored) with its records. Returns its id.
    pub fn promise(&mut self, promise: &ServicePromise) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO promises (customer_id, description, first_due, recurrence, ended, created_at) \
                 VALUES (?1,?2,?3,?4,?5,?6)",
            )?
            .execute(params![
                promise.customer_id,
                promise.description.trim(),
                date_text(promise.first_due),
                promise.recurrence.encode(),
                promise.ended,
                datetime_text(promise.created_at),
            ])?;
        let id = self.tx.last_insert_rowid();
        let mut stmt = self.tx.prepare_cached(
            "INSERT OR REPLACE INTO promise_records (promise_id, due, kept, recorded_at, note) VALUES (?1,?2,?3,?4,?5)",
        )?;
        for r in &promise.records {
            stmt.execute(params![
                id,
                date_text(r.due),
                r.kept,
                datetime_text(r.recorded_at),
                r.note.trim()
            ])?;
        }
        Ok(id)
    }

    /// Records a sale; a sale number already in the book is refused with
    /// [`StoreError::DuplicateSaleNumber`]. Returns its id.
    pub fn sale(&mut self, sale: &Sale) -> Result<i64> {
        let number = sale
            .number
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        let result = self
            .tx
            .prepare_cached(
                "INSERT INTO sales (customer_id, number, date, product, quantity, amount_fen, due_date, \
                 terms_days, note, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
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
            ]);
        match result {
            Ok(_) => Ok(self.tx.last_insert_rowid()),
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

    /// Records a payment. Returns its id.
    pub fn payment(&mut self, payment: &Payment) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO payments (customer_id, sale_id, date, amount_fen, method, note, created_at) \
                 VALUES (?1,?2,?3,?4,?5,?6,?7)",
            )?
            .execute(params![
                payment.customer_id,
                payment.sale_id,
                date_text(payment.date),
                payment.amount.fen(),
                payment.method.trim(),
                payment.note.trim(),
                datetime_text(payment.created_at),
            ])?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Sets a shop-wide setting (see [`super::settings::keys`]).
    pub fn setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            )?
            .execute(params![key, value])?;
        Ok(())
    }
}
