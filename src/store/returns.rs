//! The returns log and its quality alerts: each return in one row (with the
//! product's comparison key, so a product's quality returns are one index
//! range), the alerts worked out as of any day, and the acknowledgements
//! that quiet an alert until another quality return of the product arrives.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, params};

use super::codec::{date_text, datetime_text, now, parse_date, parse_datetime};
use super::settings::upsert_setting;
use super::{Result, Store, StoreError};
use crate::domain::customer::CustomerId;
use crate::domain::money::Money;
use crate::domain::returns::{
    AlertRule, QualityAlert, QualityReturn, RefundTo, ReturnEntry, ReturnId, ReturnOutcome,
    ReturnReason, product_key, quality_alerts,
};
use crate::domain::warranty::GoodsCondition;

mod keys {
    pub const ALERT_COUNT: &str = "quality_alert_count";
    pub const ALERT_DAYS: &str = "quality_alert_days";
}

/// A return as the log lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnRow {
    pub entry: ReturnEntry,
    pub customer_name: Option<String>,
}

/// A quality alert and whether someone has acknowledged it.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertState {
    pub alert: QualityAlert,
    /// The latest acknowledgement, if it still covers every return counted.
    pub acknowledged: Option<Acknowledgement>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acknowledgement {
    pub at: NaiveDateTime,
    pub note: String,
}

const COLUMNS: &str = "r.id, r.date, r.customer_id, r.sale_id, r.product, r.quantity, r.reason, \
    r.condition, r.outcome, r.refund_fen, r.refund_to, r.note, r.complaint_id, cu.name";

impl Store {
    /// Records a new return or updates one. Returns the id.
    pub fn save_return(&mut self, entry: &ReturnEntry) -> Result<ReturnId> {
        match entry.id {
            Some(id) => {
                update_return(self.conn(), id, entry)?;
                Ok(id)
            }
            None => insert_return(self.conn(), entry, now()),
        }
    }

    pub fn delete_return(&mut self, id: ReturnId) -> Result<()> {
        if self
            .conn()
            .execute("DELETE FROM returns WHERE id=?1", [id])?
            == 0
        {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }

    /// The whole log, newest first.
    pub fn returns(&self) -> Result<Vec<ReturnRow>> {
        self.returns_where("1", None)
    }

    /// One customer's returns, newest first.
    pub fn returns_of(&self, customer: CustomerId) -> Result<Vec<ReturnRow>> {
        self.returns_where("r.customer_id = ?1", Some(customer))
    }

    fn returns_where(&self, condition: &str, arg: Option<i64>) -> Result<Vec<ReturnRow>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM returns r LEFT JOIN customers cu ON cu.id = r.customer_id \
             WHERE {condition} ORDER BY r.date DESC, r.id DESC"
        ))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(arg), |r| {
            Ok((
                (
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    r.get::<_, Option<i64>>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, u32>(5)?,
                    r.get::<_, String>(6)?,
                ),
                (
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, i64>(9)?,
                    r.get::<_, String>(10)?,
                    r.get::<_, String>(11)?,
                    r.get::<_, Option<i64>>(12)?,
                    r.get::<_, Option<String>>(13)?,
                ),
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let ((id, date, customer_id, sale_id, product, quantity, reason), rest) = row?;
            let (condition, outcome, refund, refund_to, note, complaint_id, name) = rest;
            out.push(ReturnRow {
                entry: ReturnEntry {
                    id: Some(id),
                    date: parse_date(&date)?,
                    customer_id,
                    sale_id,
                    product,
                    quantity,
                    reason: code(&reason, ReturnReason::from_code)?,
                    condition: code(&condition, GoodsCondition::from_code)?,
                    outcome: code(&outcome, ReturnOutcome::from_code)?,
                    refund: Money(refund),
                    refund_to: code(&refund_to, RefundTo::from_code)?,
                    note,
                    complaint_id,
                },
                customer_name: name,
            });
        }
        Ok(out)
    }

    /// When quality returns raise an alert (defaults 3 within 30 days).
    pub fn alert_rule(&self) -> Result<AlertRule> {
        let d = AlertRule::default();
        let n = |key: &str, default: u32| -> Result<u32> {
            Ok(self
                .setting(key)?
                .and_then(|v| v.trim().parse().ok())
                .filter(|v| *v > 0)
                .unwrap_or(default))
        };
        Ok(AlertRule {
            count: n(keys::ALERT_COUNT, d.count)?,
            days: n(keys::ALERT_DAYS, d.days)?,
        })
    }

    pub fn set_alert_rule(&mut self, rule: AlertRule) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        upsert_setting(&tx, keys::ALERT_COUNT, &rule.count.to_string())?;
        upsert_setting(&tx, keys::ALERT_DAYS, &rule.days.to_string())?;
        tx.commit()?;
        Ok(())
    }

    /// The quality alerts as of `as_of`, each with its acknowledgement when
    /// one covers every return counted.
    pub fn quality_alerts(&self, as_of: NaiveDate) -> Result<Vec<AlertState>> {
        let rule = self.alert_rule()?;
        let start = rule.window_start(as_of);
        let mut stmt = self.conn().prepare_cached(
            "SELECT product, date, quantity, id, product_key FROM returns \
             WHERE reason = 'quality' AND date BETWEEN ?1 AND ?2",
        )?;
        let mut returns = Vec::new();
        let mut newest: HashMap<String, i64> = HashMap::new();
        let rows = stmt.query_map(params![date_text(start), date_text(as_of)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        for row in rows {
            let (product, date, quantity, id, key) = row?;
            let newest_id = newest.entry(key).or_insert(id);
            *newest_id = (*newest_id).max(id);
            returns.push(QualityReturn {
                product,
                date: parse_date(&date)?,
                quantity,
            });
        }
        let mut out = Vec::new();
        let mut ack_stmt = self.conn().prepare_cached(
            "SELECT acknowledged_at, note, through_return FROM quality_alert_acks \
             WHERE product_key = ?1 ORDER BY id DESC LIMIT 1",
        )?;
        for alert in quality_alerts(&returns, rule, as_of) {
            let ack: Option<(String, String, i64)> = ack_stmt
                .query_map([&alert.product_key], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?
                .next()
                .transpose()?;
            let newest_id = newest.get(&alert.product_key).copied().unwrap_or(0);
            let acknowledged = match ack {
                Some((at, note, through)) if through >= newest_id => Some(Acknowledgement {
                    at: parse_datetime(&at)?,
                    note,
                }),
                _ => None,
            };
            out.push(AlertState {
                alert,
                acknowledged,
            });
        }
        Ok(out)
    }

    /// Acknowledges a product's alert as it stands: it stays quiet until
    /// another quality return of the product is logged.
    pub fn acknowledge_alert(&mut self, alert: &QualityAlert, note: &str) -> Result<()> {
        let through: i64 = self.conn().query_row(
            "SELECT COALESCE(MAX(id), 0) FROM returns WHERE reason = 'quality' AND product_key = ?1",
            [&alert.product_key],
            |r| r.get(0),
        )?;
        self.conn().execute(
            "INSERT INTO quality_alert_acks (product_key, acknowledged_at, through_return, count, note) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                alert.product_key,
                datetime_text(now()),
                through,
                alert.count,
                note.trim()
            ],
        )?;
        Ok(())
    }
}

fn code<T>(text: &str, from: impl Fn(&str) -> Option<T>) -> Result<T> {
    from(text).ok_or_else(|| StoreError::Corrupt(format!("unknown code {text:?}")))
}

/// Records a return outside any import (see [`insert_return_in_batch`]).
pub(super) fn insert_return(
    conn: &Connection,
    e: &ReturnEntry,
    created_at: NaiveDateTime,
) -> Result<ReturnId> {
    insert_return_in_batch(conn, e, created_at, None)
}

/// The one INSERT for returns (the log's form, a complaint's agreed refund
/// or exchange, bulk writes and imports, which tag the row with their
/// batch, all come here).
pub(super) fn insert_return_in_batch(
    conn: &Connection,
    e: &ReturnEntry,
    created_at: NaiveDateTime,
    batch: Option<i64>,
) -> Result<ReturnId> {
    conn.prepare_cached(
        "INSERT INTO returns (date, customer_id, sale_id, product, product_key, quantity, reason, \
         condition, outcome, refund_fen, refund_to, note, complaint_id, created_at, import_batch) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        date_text(e.date),
        e.customer_id,
        e.sale_id,
        e.product.trim(),
        product_key(&e.product),
        e.quantity,
        e.reason.code(),
        e.condition.code(),
        e.outcome.code(),
        e.refund.fen(),
        e.refund_to.code(),
        e.note,
        e.complaint_id,
        datetime_text(created_at),
        batch,
    ])?;
    Ok(conn.last_insert_rowid())
}

pub(super) fn update_return(conn: &Connection, id: ReturnId, e: &ReturnEntry) -> Result<()> {
    let n = conn
        .prepare_cached(
            "UPDATE returns SET date=?1, customer_id=?2, sale_id=?3, product=?4, product_key=?5, \
             quantity=?6, reason=?7, condition=?8, outcome=?9, refund_fen=?10, refund_to=?11, \
             note=?12, complaint_id=?13 WHERE id=?14",
        )?
        .execute(params![
            date_text(e.date),
            e.customer_id,
            e.sale_id,
            e.product.trim(),
            product_key(&e.product),
            e.quantity,
            e.reason.code(),
            e.condition.code(),
            e.outcome.code(),
            e.refund.fen(),
            e.refund_to.code(),
            e.note,
            e.complaint_id,
            id,
        ])?;
    if n == 0 {
        return Err(StoreError::NotFound(id));
    }
    Ok(())
}
