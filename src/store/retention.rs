//! ABC classes and retention: trailing-12-month revenue per customer, the
//! computed classes written back to the cards (manual overrides untouched),
//! the drifting-away list, and leave reasons with retention attempts.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, Row, params};

use super::codec::{date_at, date_text, datetime_text, parse_datetime};
use super::{Result, Store, StoreError};
use crate::domain::abc::{classify, mix, window};
use crate::domain::customer::{CustomerClass, CustomerId};
use crate::domain::money::Money;
use crate::domain::retention::{
    Drifting, LeaveReason, Outcome, PurchaseHistory, RetentionNote, signals, sort_drifting,
};

/// One customer's line of the ABC report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbcRow {
    pub customer_id: CustomerId,
    pub name: String,
    pub revenue: Money,
    pub computed: CustomerClass,
    pub manual: Option<CustomerClass>,
}

impl AbcRow {
    /// The class in force: the manual override when there is one.
    pub fn class(&self) -> CustomerClass {
        self.manual.unwrap_or(self.computed)
    }
}

/// What a recomputation changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AbcUpdate {
    /// Cards whose computed class changed.
    pub changed: usize,
    /// Computed classes A, B, C.
    pub mix: [usize; 3],
}

/// Classes worked out on a reader, to be written by the writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbcChanges {
    /// The sales signature the classes were computed for.
    signature: String,
    /// Cards whose computed class differs from the stored one.
    changed: Vec<(CustomerId, CustomerClass)>,
    mix: [usize; 3],
}

impl AbcChanges {
    /// The customers whose computed class changes.
    pub fn customers(&self) -> impl Iterator<Item = CustomerId> + '_ {
        self.changed.iter().map(|(id, _)| *id)
    }
}

/// The sales signature the classes were last computed for.
const ABC_SIGNATURE: &str = "abc_signature";

const NOTE_COLUMNS: &str = "id, customer_id, date, reason, attempt, outcome, created_at";

fn note(r: &Row<'_>) -> Result<RetentionNote> {
    let reason: String = r.get(3)?;
    let outcome: String = r.get(5)?;
    Ok(RetentionNote {
        id: Some(r.get(0)?),
        customer_id: r.get(1)?,
        date: date_at(r, 2)?,
        reason: LeaveReason::from_code(&reason)
            .ok_or_else(|| StoreError::Corrupt(format!("leave reason {reason:?}")))?,
        attempt: r.get(4)?,
        outcome: Outcome::from_code(&outcome)
            .ok_or_else(|| StoreError::Corrupt(format!("outcome {outcome:?}")))?,
        created_at: parse_datetime(&r.get::<_, String>(6)?)?,
    })
}

impl Store {
    /// Every customer's revenue in the 365 days up to `as_of` (zero for
    /// customers without sales), by customer id.
    pub fn trailing_revenue(&self, as_of: NaiveDate) -> Result<Vec<(CustomerId, Money)>> {
        trailing_revenue(self.conn(), as_of)
    }

    /// The ABC report as of `as_of`, computed without writing, by customer id.
    pub fn abc_report(&self, as_of: NaiveDate) -> Result<Vec<AbcRow>> {
        let revenue = self.trailing_revenue(as_of)?;
        let classes = classify(&revenue);
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, name, class_override FROM customers ORDER BY id")?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::with_capacity(revenue.len());
        let mut k = 0;
        while let Some(r) = rows.next()? {
            let id: CustomerId = r.get(0)?;
            while k < classes.len() && classes[k].0 < id {
                k += 1;
            }
            let (Some(&(cid, computed)), Some(&(_, money))) = (classes.get(k), revenue.get(k))
            else {
                continue;
            };
            if cid != id {
                continue;
            }
            let manual: Option<String> = r.get(2)?;
            out.push(AbcRow {
                customer_id: id,
                name: r.get(1)?,
                revenue: money,
                computed,
                manual: manual.as_deref().and_then(CustomerClass::from_code),
            });
        }
        Ok(out)
    }

    /// Computes every class as of `as_of` and writes the ones that changed
    /// (overrides are kept in their own column and stay in force).
    pub fn recompute_abc(&mut self, as_of: NaiveDate) -> Result<AbcUpdate> {
        let tx = self.conn_mut().transaction()?;
        let update = recompute_abc(&tx, as_of)?;
        tx.commit()?;
        Ok(update)
    }

    /// Recomputes the classes when sales were added or removed, or the day
    /// moved on, since the last computation (a count and the newest sale id
    /// make the signature; sales are never edited in place). `None` when
    /// nothing needed doing.
    pub fn refresh_abc_if_stale(&mut self, today: NaiveDate) -> Result<Option<AbcUpdate>> {
        match self.abc_changes_if_stale(today)? {
            Some(changes) => self.apply_abc_changes(&changes).map(Some),
            None => Ok(None),
        }
    }

    /// The read half of [`Store::refresh_abc_if_stale`]: the classes that
    /// would change, worked out without writing (so it can run on a reader
    /// connection off the UI thread). `None` when the signature is current.
    pub fn abc_changes_if_stale(&self, today: NaiveDate) -> Result<Option<AbcChanges>> {
        let signature = sales_signature(self.conn(), today)?;
        if self.setting(ABC_SIGNATURE)?.as_deref() == Some(signature.as_str()) {
            return Ok(None);
        }
        let revenue = trailing_revenue(self.conn(), today)?;
        let classes = classify(&revenue);
        let current = computed_classes(self.conn())?;
        let changed = classes
            .iter()
            .filter(|(id, class)| {
                current.get(id).cloned().flatten().as_deref() != Some(class.code())
            })
            .map(|(id, class)| (*id, *class))
            .collect();
        Ok(Some(AbcChanges {
            signature,
            changed,
            mix: mix(classes.iter().map(|(_, c)| *c)),
        }))
    }

    /// The write half: stores the changed classes and the signature they
    /// were computed for, in one transaction.
    pub fn apply_abc_changes(&mut self, changes: &AbcChanges) -> Result<AbcUpdate> {
        let tx = self.conn_mut().transaction()?;
        {
            let mut update =
                tx.prepare_cached("UPDATE customers SET class_computed=?2 WHERE id=?1")?;
            for (id, class) in &changes.changed {
                update.execute(params![id, class.code()])?;
            }
        }
        super::settings::upsert_setting(&tx, ABC_SIGNATURE, &changes.signature)?;
        tx.commit()?;
        Ok(AbcUpdate {
            changed: changes.changed.len(),
            mix: changes.mix,
        })
    }

    /// Customers drifting away as of `as_of`: A-class first, then by revenue.
    pub fn drifting(&self, as_of: NaiveDate) -> Result<Vec<Drifting>> {
        let mut histories: HashMap<CustomerId, PurchaseHistory> = HashMap::new();
        let blank = || PurchaseHistory {
            sales: Vec::new(),
            open_complaints: Vec::new(),
        };
        {
            let mut stmt = self.conn().prepare_cached(
                "SELECT customer_id, date, amount_fen FROM sales WHERE date <= ?1",
            )?;
            let mut rows = stmt.query([date_text(as_of)])?;
            while let Some(r) = rows.next()? {
                histories
                    .entry(r.get(0)?)
                    .or_insert_with(blank)
                    .sales
                    .push((date_at(r, 1)?, Money(r.get(2)?)));
            }
        }
        {
            let mut stmt = self.conn().prepare_cached(
                "SELECT customer_id, id, substr(received_at, 1, 10) FROM complaints \
                 WHERE closed_at IS NULL AND substr(received_at, 1, 10) <= ?1",
            )?;
            let mut rows = stmt.query([date_text(as_of)])?;
            while let Some(r) = rows.next()? {
                histories
                    .entry(r.get(0)?)
                    .or_insert_with(blank)
                    .open_complaints
                    .push((r.get(1)?, date_at(r, 2)?));
            }
        }
        let (from, _) = window(as_of);
        let mut found: Vec<Drifting> = Vec::new();
        for (id, history) in &histories {
            let s = signals(history, as_of);
            if s.is_empty() {
                continue;
            }
            found.push(Drifting {
                customer_id: *id,
                name: String::new(),
                class: CustomerClass::C,
                last_purchase: history.sales.iter().map(|(d, _)| *d).max(),
                revenue: history
                    .sales
                    .iter()
                    .filter(|(d, _)| *d >= from)
                    .map(|(_, m)| *m)
                    .sum(),
                signals: s,
                last_note: None,
            });
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT name, COALESCE(class_override, class_computed, 'C') FROM customers WHERE id=?1",
        )?;
        let mut notes = self.conn().prepare_cached(&format!(
            "SELECT {NOTE_COLUMNS} FROM retention_notes WHERE customer_id=?1 ORDER BY date DESC, id DESC LIMIT 1"
        ))?;
        for d in &mut found {
            let (name, class): (String, String) =
                stmt.query_row([d.customer_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            d.name = name;
            d.class = CustomerClass::from_code(&class).unwrap_or(CustomerClass::C);
            let mut rows = notes.query([d.customer_id])?;
            if let Some(r) = rows.next()? {
                d.last_note = Some(note(r)?);
            }
        }
        sort_drifting(&mut found);
        Ok(found)
    }

    pub fn add_retention_note(&mut self, n: &RetentionNote) -> Result<i64> {
        insert_retention_note(self.conn(), n)
    }

    /// Changes a retention attempt's outcome (a pending attempt that worked).
    pub fn set_retention_outcome(&mut self, id: i64, outcome: Outcome) -> Result<()> {
        if self.conn().execute(
            "UPDATE retention_notes SET outcome=?2 WHERE id=?1",
            params![id, outcome.code()],
        )? == 0
        {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }

    pub fn delete_retention_note(&mut self, id: i64) -> Result<()> {
        if self
            .conn()
            .execute("DELETE FROM retention_notes WHERE id=?1", [id])?
            == 0
        {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }

    /// A customer's leave reasons and retention attempts, newest first.
    pub fn retention_notes(&self, customer: CustomerId) -> Result<Vec<RetentionNote>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {NOTE_COLUMNS} FROM retention_notes WHERE customer_id=?1 ORDER BY date DESC, id DESC"
        ))?;
        let mut rows = stmt.query([customer])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(note(r)?);
        }
        Ok(out)
    }
}

/// Every customer's revenue in the 365 days up to `as_of` (zero for
/// customers without sales), by customer id.
fn trailing_revenue(conn: &Connection, as_of: NaiveDate) -> Result<Vec<(CustomerId, Money)>> {
    let (from, to) = window(as_of);
    let mut revenue: HashMap<CustomerId, i64> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT customer_id, amount_fen FROM sales WHERE date >= ?1 AND date <= ?2",
    )?;
    let mut rows = stmt.query([date_text(from), date_text(to)])?;
    while let Some(r) = rows.next()? {
        *revenue.entry(r.get(0)?).or_default() += r.get::<_, i64>(1)?;
    }
    let mut stmt = conn.prepare_cached("SELECT id FROM customers ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let id: CustomerId = r.get(0)?;
        out.push((id, Money(revenue.get(&id).copied().unwrap_or(0))));
    }
    Ok(out)
}

/// Computes every class as of `as_of` and writes the ones that changed
/// (overrides are kept in their own column and stay in force), inside the
/// caller's transaction; shared with bulk writes.
/// The signature of the sales the classes depend on: their count, the
/// newest id and the day.
fn sales_signature(conn: &Connection, today: NaiveDate) -> Result<String> {
    let (count, newest): (i64, i64) = conn.query_row(
        "SELECT count(*), COALESCE(max(id), 0) FROM sales",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(format!("{count}:{newest}:{}", date_text(today)))
}

/// Every card's computed class code, by customer id.
fn computed_classes(conn: &Connection) -> Result<HashMap<CustomerId, Option<String>>> {
    let mut stmt = conn.prepare_cached("SELECT id, class_computed FROM customers")?;
    let mut rows = stmt.query([])?;
    let mut m = HashMap::new();
    while let Some(r) = rows.next()? {
        m.insert(r.get(0)?, r.get(1)?);
    }
    Ok(m)
}

pub(super) fn recompute_abc(conn: &Connection, as_of: NaiveDate) -> Result<AbcUpdate> {
    let revenue = trailing_revenue(conn, as_of)?;
    let classes = classify(&revenue);
    let current = computed_classes(conn)?;
    let mut changed = 0;
    let mut update = conn.prepare_cached("UPDATE customers SET class_computed=?2 WHERE id=?1")?;
    for (id, class) in &classes {
        let now = current.get(id).cloned().flatten();
        if now.as_deref() != Some(class.code()) {
            update.execute(params![id, class.code()])?;
            changed += 1;
        }
    }
    Ok(AbcUpdate {
        changed,
        mix: mix(classes.iter().map(|(_, c)| *c)),
    })
}

/// The one INSERT for retention notes, shared with bulk writes.
pub(super) fn insert_retention_note(conn: &Connection, n: &RetentionNote) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO retention_notes (customer_id, date, reason, attempt, outcome, created_at) \
         VALUES (?1,?2,?3,?4,?5,?6)",
    )?
    .execute(params![
        n.customer_id,
        date_text(n.date),
        n.reason.code(),
        n.attempt.trim(),
        n.outcome.code(),
        datetime_text(n.created_at)
    ])?;
    Ok(conn.last_insert_rowid())
}
