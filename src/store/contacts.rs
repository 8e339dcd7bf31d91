//! The contact log: add, list (newest first), delete.

use chrono::NaiveDateTime;
use rusqlite::{Connection, params};

use super::codec::{date_text, datetime_text, now, parse_datetime, parse_opt_date};
use super::{Result, Store, StoreError};
use crate::domain::contact::{ContactChannel, ContactEntry, ContactPurpose};
use crate::domain::customer::CustomerId;

impl Store {
    /// Records a contact and returns its id.
    pub fn add_contact(&mut self, entry: &ContactEntry) -> Result<i64> {
        insert_contact(self.conn(), entry, now())
    }

    /// A customer's contact log, newest first.
    pub fn contacts_for(&self, customer: CustomerId) -> Result<Vec<ContactEntry>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, customer_id, at, channel, purpose, summary, outcome, referral_asked, next_contact_date \
             FROM contacts WHERE customer_id=?1 ORDER BY at DESC, id DESC",
        )?;
        let rows = stmt.query_map([customer], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, bool>(7)?,
                r.get::<_, Option<String>>(8)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, customer_id, at, channel, purpose, summary, outcome, referral_asked, next) =
                row?;
            out.push(ContactEntry {
                id: Some(id),
                customer_id,
                at: parse_datetime(&at)?,
                channel: ContactChannel::from_code(&channel)
                    .ok_or_else(|| StoreError::Corrupt(format!("contact channel {channel:?}")))?,
                purpose: ContactPurpose::from_code(&purpose)
                    .ok_or_else(|| StoreError::Corrupt(format!("contact purpose {purpose:?}")))?,
                summary,
                outcome,
                referral_asked,
                next_contact: parse_opt_date(next)?,
            });
        }
        Ok(out)
    }

    pub fn delete_contact(&mut self, id: i64) -> Result<()> {
        if self
            .conn()
            .execute("DELETE FROM contacts WHERE id=?1", [id])?
            == 0
        {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }
}

/// The one INSERT for contacts, shared by [`Store::add_contact`] and bulk writes.
pub(super) fn insert_contact(
    conn: &Connection,
    entry: &ContactEntry,
    created_at: NaiveDateTime,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO contacts (customer_id, at, channel, purpose, summary, outcome, referral_asked, \
         next_contact_date, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
    )?
    .execute(params![
        entry.customer_id,
        datetime_text(entry.at),
        entry.channel.code(),
        entry.purpose.code(),
        entry.summary.trim(),
        entry.outcome.trim(),
        entry.referral_asked,
        entry.next_contact.map(date_text),
        datetime_text(created_at),
    ])?;
    Ok(conn.last_insert_rowid())
}
