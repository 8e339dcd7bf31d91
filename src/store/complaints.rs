//! Complaint cases: saved at every step of the wizard (status and step kept
//! in columns for the list), read back whole, listed with their customer's
//! name, and the return a refund or exchange agreed in a case records.
//! The rules a case is judged by (warranty policy, authority limit, SLA
//! limits) are shop settings kept here too.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::codec::{date_text, datetime_text, now, parse_date, parse_datetime, parse_opt_date};
use super::settings::upsert_setting;
use super::{Result, Store, StoreError};
use crate::domain::calendar::agenda::FollowUpDue;
use crate::domain::complaint::{
    Approval, CompensationKind, Complaint, ComplaintChannel, ComplaintId, ComplaintRules,
    ComplaintSource, ComplaintStatus, SlaFlags, Step,
};
use crate::domain::customer::CustomerId;
use crate::domain::money::Money;
use crate::domain::returns::{RefundTo, ReturnEntry, ReturnOutcome, ReturnReason};
use crate::domain::warranty::{GoodsCondition, Remedy, Responsible, WarrantyPolicy};

/// Setting keys of the complaint rules.
mod keys {
    pub const UNOPENED_DAYS: &str = "policy_unopened_return_days";
    pub const QUALITY_DAYS: &str = "policy_quality_return_days";
    pub const SHOP_REPAIR_DAYS: &str = "policy_shop_repair_days";
    pub const FACTORY_REPAIR_DAYS: &str = "policy_factory_repair_days";
    pub const AUTHORITY_FEN: &str = "complaint_authority_limit_fen";
    pub const FOLLOW_UP_DAYS: &str = "complaint_follow_up_days";
    pub const FIRST_RESPONSE_HOURS: &str = "complaint_first_response_hours";
    pub const CLOSE_DAYS: &str = "complaint_close_within_days";
}

/// A case as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintSummary {
    pub id: ComplaintId,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub status: ComplaintStatus,
    pub step: Step,
    pub received_at: NaiveDateTime,
    pub apologized_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub product: String,
    pub remedy: Option<Remedy>,
    pub follow_up_date: Option<NaiveDate>,
    pub words: String,
}

impl ComplaintSummary {
    /// The case's service-level flags as of `now`.
    pub fn sla_flags(&self, rules: &ComplaintRules, now: NaiveDateTime) -> SlaFlags {
        SlaFlags::of(
            self.received_at,
            self.apologized_at,
            self.closed_at,
            rules,
            now,
        )
    }
}

const COLUMNS: &str = "id, customer_id, step, channel, source, words, emotion, received_at, \
    apologized_at, sale_id, product, purchase_date, what_happened, severity, responsible, \
    condition, remedy, solution_note, refund_fen, refund_to, compensation, compensation_gift, \
    compensation_fen, approved_by, approved_at, accepted, rejection_reason, satisfaction, \
    follow_up_date, follow_up_result, closed_at";

impl Store {
    /// The rules cases are judged by: the shop's settings, else defaults.
    pub fn complaint_rules(&self) -> Result<ComplaintRules> {
        let d = ComplaintRules::default();
        let n = |key: &str, default: u32| -> Result<u32> {
            Ok(self
                .setting(key)?
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(default))
        };
        Ok(ComplaintRules {
            policy: WarrantyPolicy {
                unopened_return_days: n(keys::UNOPENED_DAYS, d.policy.unopened_return_days)?,
                quality_return_days: n(keys::QUALITY_DAYS, d.policy.quality_return_days)?,
                shop_repair_days: n(keys::SHOP_REPAIR_DAYS, d.policy.shop_repair_days)?,
                factory_repair_days: n(keys::FACTORY_REPAIR_DAYS, d.policy.factory_repair_days)?,
            },
            authority_limit: self
                .setting(keys::AUTHORITY_FEN)?
                .and_then(|v| v.trim().parse().ok())
                .map(Money)
                .unwrap_or(d.authority_limit),
            follow_up_days: n(keys::FOLLOW_UP_DAYS, d.follow_up_days)?,
            first_response_hours: n(keys::FIRST_RESPONSE_HOURS, d.first_response_hours)?,
            close_within_days: n(keys::CLOSE_DAYS, d.close_within_days)?,
        })
    }

    /// Saves the rules, and re-derives the status of every case not closed
    /// (an approval need can appear or vanish with the limit).
    pub fn set_complaint_rules(&mut self, rules: &ComplaintRules) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        for (key, value) in [
            (
                keys::UNOPENED_DAYS,
                rules.policy.unopened_return_days.to_string(),
            ),
            (
                keys::QUALITY_DAYS,
                rules.policy.quality_return_days.to_string(),
            ),
            (
                keys::SHOP_REPAIR_DAYS,
                rules.policy.shop_repair_days.to_string(),
            ),
            (
                keys::FACTORY_REPAIR_DAYS,
                rules.policy.factory_repair_days.to_string(),
            ),
            (keys::AUTHORITY_FEN, rules.authority_limit.fen().to_string()),
            (keys::FOLLOW_UP_DAYS, rules.follow_up_days.to_string()),
            (
                keys::FIRST_RESPONSE_HOURS,
                rules.first_response_hours.to_string(),
            ),
            (keys::CLOSE_DAYS, rules.close_within_days.to_string()),
        ] {
            upsert_setting(&tx, key, &value)?;
        }
        let open: Vec<Complaint> = {
            let mut stmt = tx.prepare(&format!(
                "SELECT {COLUMNS} FROM complaints WHERE closed_at IS NULL"
            ))?;
            let rows = stmt.query_map([], read_complaint)?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
                .into_iter()
                .collect::<Result<Vec<_>>>()?
        };
        for c in open {
            tx.execute(
                "UPDATE complaints SET status=?1 WHERE id=?2",
                params![c.status(rules).code(), c.id],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Inserts or updates a case, with its status worked out from `rules`.
    /// When the customer has accepted a refund or an exchange, the case's
    /// return is recorded (or updated) in the same transaction, so the
    /// returns log and the customer's balance follow the case. Returns the id.
    pub fn save_complaint(&mut self, c: &Complaint, rules: &ComplaintRules) -> Result<ComplaintId> {
        let tx = self.conn_mut().transaction()?;
        let id = write_complaint(&tx, c, rules, now())?;
        sync_return(&tx, id, c, now())?;
        tx.commit()?;
        Ok(id)
    }

    pub fn complaint(&self, id: ComplaintId) -> Result<Complaint> {
        self.conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM complaints WHERE id=?1"),
                [id],
                read_complaint,
            )
            .optional()?
            .ok_or(StoreError::NotFound(id))?
    }

    /// Deletes a case (and its photo links; a photo no other case uses goes
    /// with its last link).
    pub fn delete_complaint(&mut self, id: ComplaintId) -> Result<()> {
        if self
            .conn()
            .execute("DELETE FROM complaints WHERE id=?1", [id])?
            == 0
        {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }

    /// Every case, newest first, with the customer's name.
    pub fn complaint_summaries(&self) -> Result<Vec<ComplaintSummary>> {
        self.summaries_where("1", [])
    }

    /// The cases not closed yet, newest first (Home counts them).
    pub fn open_complaint_summaries(&self) -> Result<Vec<ComplaintSummary>> {
        self.summaries_where("c.closed_at IS NULL", [])
    }

    /// One customer's cases, newest first.
    pub fn complaints_of(&self, customer: CustomerId) -> Result<Vec<ComplaintSummary>> {
        self.summaries_where("c.customer_id = ?1", [customer])
    }

    fn summaries_where<const N: usize>(
        &self,
        condition: &str,
        args: [i64; N],
    ) -> Result<Vec<ComplaintSummary>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT c.id, c.customer_id, cu.name, c.status, c.step, c.received_at, c.apologized_at, \
             c.closed_at, COALESCE(NULLIF(c.product, ''), s.product, ''), c.remedy, c.follow_up_date, c.words \
             FROM complaints c JOIN customers cu ON cu.id = c.customer_id \
             LEFT JOIN sales s ON s.id = c.sale_id \
             WHERE {condition} ORDER BY c.received_at DESC, c.id DESC"
        ))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, Option<String>>(9)?,
                r.get::<_, Option<String>>(10)?,
                r.get::<_, String>(11)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (
                id,
                customer_id,
                name,
                status,
                step,
                received,
                apologized,
                closed,
                product,
                remedy,
                follow_up,
                words,
            ) = row?;
            out.push(ComplaintSummary {
                id,
                customer_id,
                customer_name: name,
                status: coded(&status, ComplaintStatus::from_code)?,
                step: coded(&step, Step::from_code)?,
                received_at: parse_datetime(&received)?,
                apologized_at: apologized.map(|t| parse_datetime(&t)).transpose()?,
                closed_at: closed.map(|t| parse_datetime(&t)).transpose()?,
                product,
                remedy: remedy.map(|r| coded(&r, Remedy::from_code)).transpose()?,
                follow_up_date: parse_opt_date(follow_up)?,
                words,
            });
        }
        Ok(out)
    }

    /// Cases waiting for their follow-up, for the agenda, earliest first.
    pub fn complaint_follow_ups(&self) -> Result<Vec<FollowUpDue>> {
        let mut stmt = self.conn().prepare(
            "SELECT c.id, c.customer_id, c.follow_up_date, COALESCE(NULLIF(c.product, ''), s.product, '') \
             FROM complaints c LEFT JOIN sales s ON s.id = c.sale_id \
             WHERE c.closed_at IS NULL AND c.follow_up_date IS NOT NULL AND c.status = 'follow_up_due' \
             ORDER BY c.follow_up_date",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (complaint, customer, due, product) = row?;
            out.push(FollowUpDue {
                complaint,
                customer,
                due: parse_date(&due)?,
                product,
            });
        }
        Ok(out)
    }
}

fn coded<T>(code: &str, from: impl Fn(&str) -> Option<T>) -> Result<T> {
    from(code).ok_or_else(|| StoreError::Corrupt(format!("unknown code {code:?}")))
}

fn opt_coded<T>(code: Option<String>, from: impl Fn(&str) -> Option<T>) -> Result<Option<T>> {
    code.filter(|c| !c.is_empty())
        .map(|c| coded(&c, &from))
        .transpose()
}

fn opt_datetime(text: Option<String>) -> Result<Option<NaiveDateTime>> {
    text.filter(|t| !t.is_empty())
        .map(|t| parse_datetime(&t))
        .transpose()
}

/// One row as a case; the outer error is SQLite's, the inner a bad value.
fn read_complaint(r: &Row<'_>) -> rusqlite::Result<Result<Complaint>> {
    let get_s = |i: usize| r.get::<_, Option<String>>(i);
    let raw = (
        r.get::<_, i64>(0)?,
        r.get::<_, i64>(1)?,
        r.get::<_, String>(2)?,
        get_s(3)?,
        get_s(4)?,
        r.get::<_, String>(5)?,
        r.get::<_, Option<u8>>(6)?,
        r.get::<_, String>(7)?,
        get_s(8)?,
        r.get::<_, Option<i64>>(9)?,
    );
    let rest = (
        r.get::<_, String>(10)?,
        get_s(11)?,
        r.get::<_, String>(12)?,
        r.get::<_, Option<u8>>(13)?,
        get_s(14)?,
        get_s(15)?,
        get_s(16)?,
        r.get::<_, String>(17)?,
        r.get::<_, i64>(18)?,
        r.get::<_, String>(19)?,
    );
    let tail = (
        r.get::<_, String>(20)?,
        r.get::<_, String>(21)?,
        r.get::<_, i64>(22)?,
        get_s(23)?,
        get_s(24)?,
        r.get::<_, Option<bool>>(25)?,
        r.get::<_, String>(26)?,
        r.get::<_, Option<u8>>(27)?,
        get_s(28)?,
        r.get::<_, String>(29)?,
        get_s(30)?,
    );
    Ok((|| {
        let (
            id,
            customer_id,
            step,
            channel,
            source,
            words,
            emotion,
            received_at,
            apologized_at,
            sale_id,
        ) = raw;
        let (
            product,
            purchase_date,
            what_happened,
            severity,
            responsible,
            condition,
            remedy,
            solution_note,
            refund,
            refund_to,
        ) = rest;
        let (
            compensation,
            compensation_gift,
            compensation_fen,
            approved_by,
            approved_at,
            accepted,
            rejection_reason,
            satisfaction,
            follow_up_date,
            follow_up_result,
            closed_at,
        ) = tail;
        let approval = match (approved_by, opt_datetime(approved_at)?) {
            (Some(manager), Some(at)) if !manager.is_empty() => Some(Approval { manager, at }),
            _ => None,
        };
        Ok(Complaint {
            id: Some(id),
            customer_id,
            step: coded(&step, Step::from_code)?,
            channel: opt_coded(channel, ComplaintChannel::from_code)?,
            source: opt_coded(source, ComplaintSource::from_code)?,
            words,
            emotion,
            received_at: parse_datetime(&received_at)?,
            apologized_at: opt_datetime(apologized_at)?,
            sale_id,
            product,
            purchase_date: parse_opt_date(purchase_date)?,
            what_happened,
            severity,
            responsible: opt_coded(responsible, Responsible::from_code)?,
            condition: opt_coded(condition, GoodsCondition::from_code)?,
            remedy: opt_coded(remedy, Remedy::from_code)?,
            solution_note,
            refund: Money(refund),
            refund_to: coded(&refund_to, RefundTo::from_code)?,
            compensation: coded(&compensation, CompensationKind::from_code)?,
            compensation_gift,
            compensation_amount: Money(compensation_fen),
            approval,
            accepted,
            rejection_reason,
            satisfaction,
            follow_up_date: parse_opt_date(follow_up_date)?,
            follow_up_result,
            closed_at: opt_datetime(closed_at)?,
        })
    })())
}

/// The one INSERT/UPDATE of a case (shared with bulk writes); `stamp` is
/// the time written as updated (and created, for a new case).
pub(super) fn write_complaint(
    conn: &Connection,
    c: &Complaint,
    rules: &ComplaintRules,
    stamp: NaiveDateTime,
) -> Result<ComplaintId> {
    let stamp = datetime_text(stamp);
    let values = params![
        c.customer_id,
        c.step.code(),
        c.status(rules).code(),
        c.channel.map(|x| x.code()),
        c.source.map(|x| x.code()),
        c.words,
        c.emotion,
        datetime_text(c.received_at),
        c.apologized_at.map(datetime_text),
        c.sale_id,
        c.product.trim(),
        c.purchase_date.map(date_text),
        c.what_happened,
        c.severity,
        c.responsible.map(|x| x.code()),
        c.condition.map(|x| x.code()),
        c.remedy.map(|x| x.code()),
        c.solution_note,
        c.refund.fen(),
        c.refund_to.code(),
        c.compensation.code(),
        c.compensation_gift,
        c.compensation_amount.fen(),
        c.approval.as_ref().map(|a| a.manager.trim().to_string()),
        c.approval.as_ref().map(|a| datetime_text(a.at)),
        c.accepted,
        c.rejection_reason,
        c.satisfaction,
        c.follow_up_date.map(date_text),
        c.follow_up_result,
        c.closed_at.map(datetime_text),
        stamp,
    ];
    match c.id {
        Some(id) => {
            let n = conn.execute(
                "UPDATE complaints SET customer_id=?1, step=?2, status=?3, channel=?4, source=?5, \
                 words=?6, emotion=?7, received_at=?8, apologized_at=?9, sale_id=?10, product=?11, \
                 purchase_date=?12, what_happened=?13, severity=?14, responsible=?15, condition=?16, \
                 remedy=?17, solution_note=?18, refund_fen=?19, refund_to=?20, compensation=?21, \
                 compensation_gift=?22, compensation_fen=?23, approved_by=?24, approved_at=?25, \
                 accepted=?26, rejection_reason=?27, satisfaction=?28, follow_up_date=?29, \
                 follow_up_result=?30, closed_at=?31, updated_at=?32 WHERE id=?33",
                rusqlite::params_from_iter(values.iter().copied().chain([&id as &dyn rusqlite::ToSql])),
            )?;
            if n == 0 {
                return Err(StoreError::NotFound(id));
            }
            Ok(id)
        }
        None => {
            conn.execute(
                "INSERT INTO complaints (customer_id, step, status, channel, source, words, emotion, \
                 received_at, apologized_at, sale_id, product, purchase_date, what_happened, severity, \
                 responsible, condition, remedy, solution_note, refund_fen, refund_to, compensation, \
                 compensation_gift, compensation_fen, approved_by, approved_at, accepted, \
                 rejection_reason, satisfaction, follow_up_date, follow_up_result, closed_at, \
                 updated_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, \
                 ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, \
                 ?29, ?30, ?31, ?32, ?32)",
                values,
            )?;
            Ok(conn.last_insert_rowid())
        }
    }
}

/// Keeps the case's return in step with the case: present exactly when the
/// customer accepted a refund or an exchange. A new return is dated and
/// stamped `at` (the moment the case is saved).
pub(super) fn sync_return(
    conn: &Connection,
    id: ComplaintId,
    c: &Complaint,
    at: NaiveDateTime,
) -> Result<()> {
    let outcome = match c.remedy {
        Some(Remedy::Refund) => Some(ReturnOutcome::Refund),
        Some(Remedy::Exchange) => Some(ReturnOutcome::Exchange),
        _ => None,
    }
    .filter(|_| c.accepted == Some(true));
    let Some(outcome) = outcome else {
        conn.execute("DELETE FROM returns WHERE complaint_id=?1", [id])?;
        return Ok(());
    };
    let product = if c.product.trim().is_empty() {
        match c.sale_id {
            Some(sale) => conn
                .query_row("SELECT product FROM sales WHERE id=?1", [sale], |r| {
                    r.get::<_, String>(0)
                })
                .optional()?
                .unwrap_or_default(),
            None => String::new(),
        }
    } else {
        c.product.trim().to_string()
    };
    let reason = if c.responsible == Some(Responsible::Carrier) {
        ReturnReason::TransitDamage
    } else if c.source == Some(ComplaintSource::Product)
        && c.responsible != Some(Responsible::CustomerMisuse)
    {
        ReturnReason::Quality
    } else {
        ReturnReason::NotAsDescribed
    };
    let existing: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, date FROM returns WHERE complaint_id=?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let entry = ReturnEntry {
        id: None,
        // The day the customer agreed, kept when the case is saved again.
        date: match &existing {
            Some((_, date)) => parse_date(date)?,
            None => at.date(),
        },
        customer_id: Some(c.customer_id),
        sale_id: c.sale_id,
        product: if product.is_empty() {
            "?".into()
        } else {
            product
        },
        quantity: 1,
        reason,
        condition: c.condition.unwrap_or(GoodsCondition::Used),
        outcome,
        refund: if outcome == ReturnOutcome::Refund {
            c.refund
        } else {
            Money::ZERO
        },
        refund_to: c.refund_to,
        note: c.solution_note.clone(),
        complaint_id: Some(id),
    };
    match existing {
        Some((return_id, _)) => super::returns::update_return(conn, return_id, &entry),
        None => super::returns::insert_return(conn, &entry, at).map(|_| ()),
    }
}
