//! Imports as undoable batches.
//!
//! [`Store::import`] runs a whole import in one transaction: it opens a batch
//! row, hands the caller an [`ImportWriter`], and commits only when the
//! caller returns `Ok` — a failure, a cancel or a crash leaves the file as it
//! was. Rows the batch adds carry its id in `import_batch` from their INSERT
//! on (the same INSERT the app and the bulk writer use, given the batch). A
//! card the batch changed is copied to `import_updates` as JSON before its
//! first change, so [`Store::undo_import`] can delete exactly what was added
//! and put back exactly what was changed.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, Transaction, params};

use super::card_write::{CardInserter, PreparedCard, update_customer};
use super::codec::{date_text, datetime_text, now, parse_datetime};
use super::customers::load_customer;
use super::returns::insert_return_in_batch;
use super::sales::{insert_payment, insert_sale};
use super::{Result, Store, StoreError};
use crate::domain::customer::{Customer, CustomerId};
use crate::domain::money::Money;
use crate::domain::returns::ReturnEntry;
use crate::domain::sale::{Payment, Sale};

/// The card columns an import may change, saved before the change and put
/// back by undo (tags are saved alongside).
const RESTORED_COLUMNS: &[&str] = &[
    "name",
    "name_initials",
    "name_pinyin",
    "mobile",
    "phone2",
    "wechat",
    "email",
    "address",
    "company",
    "occupation",
    "gender",
    "birthday",
    "anniversary",
    "notes",
    "source",
    "referred_by",
    "class_override",
    "credit_limit_fen",
    "updated_at",
];

/// SQLite's page cache while an import runs, in KiB (`PRAGMA cache_size`
/// takes a negative number for KiB). SQLite only allocates what it uses.
const IMPORT_CACHE_KIB: i64 = 64 * 1024;

/// Cards a batch adds one index entry at a time before it sets the card
/// indexes aside; see [`ImportWriter::add_customer`].
pub const SET_INDEXES_ASIDE_AFTER: u64 = 5_000;

/// The tables whose new rows belong to a batch, children before parents
/// (the order undo deletes in; returns only lose their link to a deleted
/// customer or sale, so they may come last).
const BATCH_TABLES: &[&str] = &["payments", "sales", "customers", "returns"];

/// What a batch did, as kept in the history.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportBatch {
    pub id: i64,
    /// `customers`, `sales`, `payments`, `returns` or `vcard`.
    pub kind: String,
    pub file_name: String,
    pub encoding: String,
    pub started_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
    pub rows: u64,
    pub imported: u64,
    pub updated: u64,
    pub skipped: u64,
    pub errors: u64,
    pub undone_at: Option<NaiveDateTime>,
}

/// How a batch starts: what is imported from where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBatch {
    pub kind: String,
    pub file_name: String,
    pub encoding: String,
}

/// The counts written to the batch when it finishes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchCounts {
    pub rows: u64,
    pub imported: u64,
    pub updated: u64,
    pub skipped: u64,
    pub errors: u64,
}

/// What undoing a batch will touch, for the confirmation question.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct UndoImpact {
    pub customers_removed: u64,
    pub sales_removed: u64,
    pub payments_removed: u64,
    pub returns_removed: u64,
    pub customers_restored: u64,
    /// Contacts, promises, sales and payments recorded since for customers
    /// this batch added; they go with their customer.
    pub dependent_records: u64,
}

/// A customer as the import matcher needs it: id, name and phones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerKey {
    pub id: CustomerId,
    pub name: String,
    pub mobile: String,
    pub phone2: String,
}

/// Writes one batch inside the transaction opened by [`Store::import`].
pub struct ImportWriter<'a> {
    tx: &'a Transaction<'a>,
    batch: i64,
    /// Highest ids per [`BATCH_TABLES`] entry before the import began.
    before: [i64; 4],
    now: NaiveDateTime,
    /// Prepared on the first card added.
    cards: Option<CardInserter<'a>>,
    cards_added: u64,
    /// The `CREATE INDEX` statements of the card indexes dropped for the
    /// rest of the batch, run again before it commits.
    set_aside: Vec<String>,
}

impl Store {
    /// Runs `f` as one import batch in one transaction. On `Ok` the added rows
    /// are tagged, the counts `f` returns are recorded and everything commits;
    /// on `Err` nothing of it remains. Returns the batch id and `f`'s value.
    pub fn import<T, E: From<StoreError>>(
        &mut self,
        batch: &NewBatch,
        f: impl FnOnce(&mut ImportWriter<'_>) -> std::result::Result<(BatchCounts, T), E>,
    ) -> std::result::Result<(i64, T), E> {
        // A bigger page cache for the batch, so a large import does not
        // spill half-written pages to the WAL and read them back; the
        // connection's own size is put back afterwards (which frees the rest).
        let conn = self.conn();
        let previous: i64 = conn
            .pragma_query_value(None, "cache_size", |r| r.get(0))
            .map_err(StoreError::from)?;
        conn.pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)
            .map_err(StoreError::from)?;
        let result = self.import_in_transaction(batch, f);
        let restored = self.conn().pragma_update(None, "cache_size", previous);
        let value = result?;
        restored.map_err(StoreError::from)?;
        Ok(value)
    }

    fn import_in_transaction<T, E: From<StoreError>>(
        &mut self,
        batch: &NewBatch,
        f: impl FnOnce(&mut ImportWriter<'_>) -> std::result::Result<(BatchCounts, T), E>,
    ) -> std::result::Result<(i64, T), E> {
        let started = now();
        let tx = self.conn_mut().transaction().map_err(StoreError::from)?;
        let mut before = [0i64; 4];
        for (slot, table) in before.iter_mut().zip(BATCH_TABLES) {
            *slot = max_id(&tx, table)?;
        }
        let (id, value) = Self::run_batch(&tx, batch, started, before, f)?;
        tx.commit().map_err(StoreError::from)?;
        Ok((id, value))
    }

    fn run_batch<T, E: From<StoreError>>(
        tx: &Transaction<'_>,
        batch: &NewBatch,
        started: NaiveDateTime,
        before: [i64; 4],
        f: impl FnOnce(&mut ImportWriter<'_>) -> std::result::Result<(BatchCounts, T), E>,
    ) -> std::result::Result<(i64, T), E> {
        let sql = |r: rusqlite::Result<usize>| r.map_err(|e| E::from(StoreError::from(e)));
        sql(tx.execute(
            "INSERT INTO import_batches (kind, file_name, encoding, started_at) VALUES (?1,?2,?3,?4)",
            params![
                batch.kind,
                batch.file_name,
                batch.encoding,
                datetime_text(started)
            ],
        ))?;
        let id = tx.last_insert_rowid();
        let (counts, value) = {
            let mut writer = ImportWriter {
                tx,
                batch: id,
                before,
                now: started,
                cards: None,
                cards_added: 0,
                set_aside: Vec::new(),
            };
            let done = f(&mut writer)?;
            writer.restore_indexes()?;
            done
        };
        sql(tx.execute(
            "UPDATE import_batches SET finished_at=?2, rows=?3, imported=?4, updated=?5, skipped=?6, errors=?7 \
             WHERE id=?1",
            params![
                id,
                datetime_text(now()),
                counts.rows as i64,
                counts.imported as i64,
                counts.updated as i64,
                counts.skipped as i64,
                counts.errors as i64
            ],
        ))?;
        Ok((id, value))
    }

    /// Every import batch, newest first.
    pub fn import_batches(&self) -> Result<Vec<ImportBatch>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, kind, file_name, encoding, started_at, finished_at, rows, imported, updated, \
             skipped, errors, undone_at FROM import_batches ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                [
                    r.get::<_, i64>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get::<_, i64>(8)?,
                    r.get::<_, i64>(9)?,
                    r.get::<_, i64>(10)?,
                ],
                r.get::<_, Option<String>>(11)?,
            ))
        })?;
        let mut batches = Vec::new();
        for row in rows {
            let (id, kind, file_name, encoding, started, finished, counts, undone) = row?;
            let opt_time = |t: Option<String>| t.map(|t| parse_datetime(&t)).transpose();
            let [rows, imported, updated, skipped, errors] = counts.map(|n| n.max(0) as u64);
            batches.push(ImportBatch {
                id,
                kind,
                file_name,
                encoding,
                started_at: parse_datetime(&started)?,
                finished_at: opt_time(finished)?,
                rows,
                imported,
                updated,
                skipped,
                errors,
                undone_at: opt_time(undone)?,
            });
        }
        Ok(batches)
    }

    /// One batch of the history.
    pub fn import_batch(&self, id: i64) -> Result<Option<ImportBatch>> {
        Ok(self.import_batches()?.into_iter().find(|b| b.id == id))
    }

    /// What undoing `batch` would remove and restore.
    pub fn undo_impact(&self, batch: i64) -> Result<UndoImpact> {
        let conn = self.conn();
        let count = |sql: &str| -> Result<u64> {
            Ok(conn.query_row(sql, [batch], |r| r.get::<_, i64>(0))?.max(0) as u64)
        };
        let added = "SELECT id FROM customers WHERE import_batch=?1";
        Ok(UndoImpact {
            customers_removed: count("SELECT count(*) FROM customers WHERE import_batch=?1")?,
            sales_removed: count("SELECT count(*) FROM sales WHERE import_batch=?1")?,
            payments_removed: count("SELECT count(*) FROM payments WHERE import_batch=?1")?,
            returns_removed: count("SELECT count(*) FROM returns WHERE import_batch=?1")?,
            customers_restored: count(
                "SELECT count(*) FROM import_updates u JOIN customers c ON c.id=u.customer_id \
                 WHERE u.batch_id=?1",
            )?,
            dependent_records: count(&format!(
                "SELECT (SELECT count(*) FROM contacts WHERE customer_id IN ({added})) \
                 + (SELECT count(*) FROM promises WHERE customer_id IN ({added})) \
                 + (SELECT count(*) FROM sales WHERE customer_id IN ({added}) AND import_batch IS NOT ?1) \
                 + (SELECT count(*) FROM payments WHERE customer_id IN ({added}) AND import_batch IS NOT ?1)"
            ))?,
        })
    }

    /// Undoes a batch in one transaction: cards it changed get their earlier
    /// values back, and the customers, sales and payments it added are
    /// deleted (with whatever was recorded for those customers since).
    /// Undoing a batch twice is refused, and so is undoing it while a later
    /// batch that changed some of the same cards is still in force: putting
    /// this batch's saved values back would wipe that batch's changes, and
    /// undoing that one afterwards would bring this one's back.
    pub fn undo_import(&mut self, batch: i64) -> Result<UndoImpact> {
        let impact = self.undo_impact(batch)?;
        let tx = self.conn_mut().transaction()?;
        let undone: Option<Option<String>> = tx
            .query_row(
                "SELECT undone_at FROM import_batches WHERE id=?1",
                [batch],
                |r| r.get(0),
            )
            .optional()?;
        match undone {
            None => return Err(StoreError::NotFound(batch)),
            Some(Some(_)) => return Err(StoreError::AlreadyUndone(batch)),
            Some(None) => {}
        }
        let later: Option<i64> = tx.query_row(
            "SELECT min(u.batch_id) FROM import_updates u \
             JOIN import_batches b ON b.id = u.batch_id \
             WHERE u.batch_id > ?1 AND b.undone_at IS NULL AND u.customer_id IN \
             (SELECT customer_id FROM import_updates WHERE batch_id=?1)",
            [batch],
            |r| r.get(0),
        )?;
        if let Some(later) = later {
            return Err(StoreError::UndoLaterFirst { batch, later });
        }
        let columns = RESTORED_COLUMNS.join(", ");
        let values = RESTORED_COLUMNS
            .iter()
            .map(|c| format!("json_extract(u.before, '$.{c}')"))
            .collect::<Vec<_>>()
            .join(", ");
        tx.execute(
            &format!(
                "UPDATE customers SET ({columns}) = (SELECT {values} FROM import_updates u \
                 WHERE u.batch_id=?1 AND u.customer_id=customers.id) \
                 WHERE id IN (SELECT customer_id FROM import_updates WHERE batch_id=?1)"
            ),
            [batch],
        )?;
        tx.execute(
            "DELETE FROM customer_tags WHERE customer_id IN \
             (SELECT customer_id FROM import_updates WHERE batch_id=?1)",
            [batch],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO customer_tags (customer_id, tag, position) \
             SELECT u.customer_id, j.value, j.key FROM import_updates u, \
             json_each(json_extract(u.before, '$.tags')) j \
             WHERE u.batch_id=?1 AND u.customer_id IN (SELECT id FROM customers)",
            [batch],
        )?;
        for table in BATCH_TABLES {
            tx.execute(
                &format!("DELETE FROM {table} WHERE import_batch=?1"),
                [batch],
            )?;
        }
        tx.execute(
            "UPDATE import_batches SET undone_at=?2 WHERE id=?1",
            params![batch, datetime_text(now())],
        )?;
        tx.commit()?;
        Ok(impact)
    }

    /// Id, name and phones of every customer, for matching imported rows.
    pub fn customer_keys(&self) -> Result<Vec<CustomerKey>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, name, mobile, phone2 FROM customers ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(CustomerKey {
                id: r.get(0)?,
                name: r.get(1)?,
                mobile: r.get(2)?,
                phone2: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The sale with this number: its id and customer.
    pub fn sale_by_number(&self, number: &str) -> Result<Option<(i64, CustomerId)>> {
        sale_by_number(self.conn(), number)
    }

    /// Whether the book holds a sale without a number that equals this one
    /// (same customer, date, product, quantity and amount).
    pub fn same_sale_exists(&self, sale: &Sale) -> Result<bool> {
        same_sale_exists(self.conn(), sale, i64::MAX)
    }

    /// Whether the book holds a payment equal to this one (same customer,
    /// date, amount, sale and method).
    pub fn same_payment_exists(&self, payment: &Payment) -> Result<bool> {
        same_payment_exists(self.conn(), payment, i64::MAX)
    }

    /// Whether the book holds a return equal to this one (same day,
    /// customer, sale, product, quantity, reason, condition, outcome and
    /// refund).
    pub fn same_return_exists(&self, entry: &ReturnEntry) -> Result<bool> {
        same_return_exists(self.conn(), entry, i64::MAX)
    }
}

impl ImportWriter<'_> {
    /// The batch being written.
    pub fn batch(&self) -> i64 {
        self.batch
    }

    /// Adds a new card, prepared with [`PreparedCard::new`]. Returns its id.
    ///
    /// A batch that adds many cards, at least as many as the book held,
    /// drops the indexes on `customers` once it has added
    /// [`SET_INDEXES_ASIDE_AFTER`] (or that many) and builds them again in
    /// one sorted pass before it commits: much faster than growing them a
    /// row at a time. Nothing in a batch looks cards up by those indexes,
    /// other connections keep seeing the committed ones, and a batch that
    /// fails rolls the drop back with everything else.
    pub fn add_customer(&mut self, card: &PreparedCard) -> Result<CustomerId> {
        let cards = match &mut self.cards {
            Some(cards) => cards,
            None => self
                .cards
                .insert(CardInserter::new(self.tx, Some(self.batch))?),
        };
        let id = cards.insert(card)?;
        self.cards_added += 1;
        let book = u64::try_from(self.before[2]).unwrap_or(0);
        if self.cards_added == SET_INDEXES_ASIDE_AFTER.max(book) {
            self.set_indexes_aside()?;
        }
        Ok(id)
    }

    fn set_indexes_aside(&mut self) -> Result<()> {
        let indexes: Vec<(String, String)> = self
            .tx
            .prepare(
                "SELECT name, sql FROM sqlite_schema \
                 WHERE type='index' AND tbl_name='customers' AND sql IS NOT NULL ORDER BY name",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (name, sql) in indexes {
            self.tx
                .execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
            self.set_aside.push(sql);
        }
        Ok(())
    }

    /// Builds the indexes [`Self::set_indexes_aside`] dropped.
    fn restore_indexes(&mut self) -> Result<()> {
        for sql in std::mem::take(&mut self.set_aside) {
            self.tx.execute_batch(&sql)?;
        }
        Ok(())
    }

    /// Loads a card as it is now inside the import (earlier rows included).
    pub fn customer(&self, id: CustomerId) -> Result<Option<Customer>> {
        load_customer(self.tx, id)
    }

    /// Rewrites a card. A card that existed before the import is copied to
    /// the batch's undo record before its first change.
    pub fn update_customer(&mut self, id: CustomerId, customer: Customer) -> Result<()> {
        if id <= self.before[2] {
            let fields = RESTORED_COLUMNS
                .iter()
                .map(|c| format!("'{c}', {c}"))
                .collect::<Vec<_>>()
                .join(", ");
            self.tx
                .prepare_cached(&format!(
                    "INSERT OR IGNORE INTO import_updates (batch_id, customer_id, before) \
                     SELECT ?1, id, json_object({fields}, 'tags', \
                     (SELECT json_group_array(tag) FROM \
                     (SELECT tag FROM customer_tags WHERE customer_id=customers.id ORDER BY position))) \
                     FROM customers WHERE id=?2"
                ))?
                .execute(params![self.batch, id])?;
        }
        update_customer(self.tx, id, &PreparedCard::new(customer, self.now))
    }

    /// Records a sale; a number already in the book is refused with
    /// [`StoreError::DuplicateSaleNumber`].
    pub fn add_sale(&mut self, sale: &Sale) -> Result<i64> {
        insert_sale(self.tx, sale, Some(self.batch))
    }

    /// Records a payment.
    pub fn add_payment(&mut self, payment: &Payment) -> Result<i64> {
        insert_payment(self.tx, payment, Some(self.batch))
    }

    /// The sale with this number, including sales added earlier in this batch.
    pub fn sale_by_number(&self, number: &str) -> Result<Option<(i64, CustomerId)>> {
        sale_by_number(self.tx, number)
    }

    /// Whether an equal sale without a number was in the book before this batch.
    pub fn same_sale_existed(&self, sale: &Sale) -> Result<bool> {
        same_sale_exists(self.tx, sale, self.before[1])
    }

    /// Whether an equal payment was in the book before this batch.
    pub fn same_payment_existed(&self, payment: &Payment) -> Result<bool> {
        same_payment_exists(self.tx, payment, self.before[0])
    }

    /// Records a return.
    pub fn add_return(&mut self, entry: &ReturnEntry) -> Result<i64> {
        insert_return_in_batch(self.tx, entry, self.now, Some(self.batch))
    }

    /// Whether an equal return was in the book before this batch.
    pub fn same_return_existed(&self, entry: &ReturnEntry) -> Result<bool> {
        same_return_exists(self.tx, entry, self.before[3])
    }
}

fn max_id(tx: &Transaction<'_>, table: &str) -> Result<i64> {
    Ok(tx.query_row(
        &format!("SELECT coalesce(max(id), 0) FROM {table}"),
        [],
        |r| r.get(0),
    )?)
}

fn sale_by_number(conn: &rusqlite::Connection, number: &str) -> Result<Option<(i64, CustomerId)>> {
    Ok(conn
        .prepare_cached("SELECT id, customer_id FROM sales WHERE number=?1")?
        .query_row([number.trim()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

fn same_sale_exists(conn: &rusqlite::Connection, sale: &Sale, max_id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM sales WHERE customer_id=?1 AND date=?2 AND product=?3 \
             AND quantity=?4 AND amount_fen=?5 AND number IS NULL AND id<=?6)",
        )?
        .query_row(
            params![
                sale.customer_id,
                day(sale.date),
                sale.product.trim(),
                sale.quantity,
                sale.amount.fen(),
                max_id
            ],
            |r| r.get(0),
        )?)
}

fn same_payment_exists(
    conn: &rusqlite::Connection,
    payment: &Payment,
    max_id: i64,
) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM payments WHERE customer_id=?1 AND date=?2 AND amount_fen=?3 \
             AND sale_id IS ?4 AND method=?5 AND id<=?6)",
        )?
        .query_row(
            params![
                payment.customer_id,
                day(payment.date),
                amount(payment.amount),
                payment.sale_id,
                payment.method.trim(),
                max_id
            ],
            |r| r.get(0),
        )?)
}

fn same_return_exists(conn: &rusqlite::Connection, e: &ReturnEntry, max_id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM returns WHERE date=?1 AND customer_id IS ?2 \
             AND sale_id IS ?3 AND product=?4 AND quantity=?5 AND reason=?6 AND condition=?7 \
             AND outcome=?8 AND refund_fen=?9 AND refund_to=?10 AND id<=?11)",
        )?
        .query_row(
            params![
                day(e.date),
                e.customer_id,
                e.sale_id,
                e.product.trim(),
                e.quantity,
                e.reason.code(),
                e.condition.code(),
                e.outcome.code(),
                amount(e.refund),
                e.refund_to.code(),
                max_id
            ],
            |r| r.get(0),
        )?)
}

fn day(d: NaiveDate) -> String {
    date_text(d)
}

fn amount(m: Money) -> i64 {
    m.fen()
}
