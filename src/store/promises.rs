//! Service promises and their kept / not-kept records.

use rusqlite::{Connection, params};

use super::codec::{date_text, datetime_text, parse_date, parse_datetime};
use super::{Result, Store, StoreError};
use crate::domain::customer::CustomerId;
use crate::domain::promise::{PromiseRecord, Recurrence, ServicePromise};

impl Store {
    /// Inserts or updates a promise (not its records). Returns the id.
    pub fn save_promise(&mut self, p: &ServicePromise) -> Result<i64> {
        match p.id {
            Some(id) => {
                let n = self.conn().execute(
                    "UPDATE promises SET description=?1, first_due=?2, recurrence=?3, ended=?4 WHERE id=?5",
                    params![p.description.trim(), date_text(p.first_due), p.recurrence.encode(), p.ended, id],
                )?;
                if n == 0 {
                    return Err(StoreError::NotFound(id));
                }
                Ok(id)
            }
            None => insert_promise(self.conn(), p),
        }
    }

    /// Marks one due occurrence kept or not kept (recording again replaces).
    pub fn record_promise(&mut self, promise_id: i64, record: &PromiseRecord) -> Result<()> {
        insert_record(self.conn(), promise_id, record)
    }

    pub fn delete_promise(&mut self, id: i64) -> Result<()> {
        if self
            .conn()
            .execute("DELETE FROM promises WHERE id=?1", [id])?
            == 0
        {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }

    /// A customer's promises with their records, oldest first.
    pub fn promises_for(&self, customer: CustomerId) -> Result<Vec<ServicePromise>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, description, first_due, recurrence, ended, created_at FROM promises \
             WHERE customer_id=?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([customer], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, bool>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, description, first_due, recurrence, ended, created_at) = row?;
            out.push(ServicePromise {
                id: Some(id),
                customer_id: customer,
                description,
                first_due: parse_date(&first_due)?,
                recurrence: Recurrence::decode(&recurrence).ok_or_else(|| {
                    StoreError::Corrupt(format!("promise recurrence {recurrence:?}"))
                })?,
                ended,
                created_at: parse_datetime(&created_at)?,
                records: Vec::new(),
            });
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT due, kept, recorded_at, note FROM promise_records WHERE promise_id=?1 ORDER BY due",
        )?;
        for p in &mut out {
            let id = p.id.unwrap_or_default();
            let rows = stmt.query_map([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, bool>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?;
            for row in rows {
                let (due, kept, recorded_at, note) = row?;
                p.records.push(PromiseRecord {
                    due: parse_date(&due)?,
                    kept,
                    recorded_at: parse_datetime(&recorded_at)?,
                    note,
                });
            }
        }
        Ok(out)
    }
}

/// The one INSERT for promises (without records), shared with bulk writes.
pub(super) fn insert_promise(conn: &Connection, p: &ServicePromise) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO promises (customer_id, description, first_due, recurrence, ended, created_at) \
         VALUES (?1,?2,?3,?4,?5,?6)",
    )?
    .execute(params![
        p.customer_id,
        p.description.trim(),
        date_text(p.first_due),
        p.recurrence.encode(),
        p.ended,
        datetime_text(p.created_at)
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Records one occurrence kept or not kept (recording again replaces).
pub(super) fn insert_record(
    conn: &Connection,
    promise_id: i64,
    record: &PromiseRecord,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO promise_records (promise_id, due, kept, recorded_at, note) VALUES (?1,?2,?3,?4,?5)",
    )?
    .execute(params![promise_id, date_text(record.due), record.kept, datetime_text(record.recorded_at), record.note.trim()])?;
    Ok(())
}
