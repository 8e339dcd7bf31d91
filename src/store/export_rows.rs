//! The read side of exports: every customer, sale, payment, contact and return,
//! streamed row by row to a visitor together with the names and phones an
//! exported row shows beside it.
//!
//! Each visitor runs one query (customers: two, merged in id order) and
//! hands each decoded row to the caller before reading the next, so
//! exporting a 100,000-customer shop never holds the whole book in memory.
//! The visitor's error type is the caller's: anything that a [`StoreError`]
//! converts into, so an export can stop on its own write errors.

use rusqlite::Row;

use super::codec::{parse_date, parse_datetime, parse_opt_date};
use super::customers::{COLUMNS, UnreadableCustomer, customer_from_row};
use super::{Store, StoreError};
use crate::domain::contact::{ContactChannel, ContactEntry, ContactPurpose};
use crate::domain::customer::{Customer, CustomerId};
use crate::domain::money::Money;
use crate::domain::returns::{RefundTo, ReturnEntry, ReturnOutcome, ReturnReason};
use crate::domain::sale::{Payment, Sale};
use crate::domain::warranty::GoodsCondition;

/// A customer as an exported row names them: id, name and mobile (the
/// mobile may be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerIdent {
    pub id: CustomerId,
    pub name: String,
    pub mobile: String,
}

/// Converts a rusqlite or store error into the visitor's error type.
fn fail<E: From<StoreError>>(e: impl Into<StoreError>) -> E {
    E::from(e.into())
}

/// Reads the three columns `id, name, mobile` starting at column `first`.
fn ident_at(row: &Row<'_>, first: usize) -> rusqlite::Result<CustomerIdent> {
    Ok(CustomerIdent {
        id: row.get(first)?,
        name: row.get(first + 1)?,
        mobile: row.get(first + 2)?,
    })
}

impl Store {
    /// Calls `f` with every customer card in id order, with its tags and the
    /// customer who referred them (if any). Family members and custom dates
    /// are not loaded: the cards' `family` and `custom_dates` are empty.
    /// A card with a cell that cannot be read is skipped and returned, so one
    /// bad cell does not stop the others.
    pub fn for_each_customer<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(&Customer, Option<&CustomerIdent>) -> Result<(), E>,
    ) -> Result<Vec<UnreadableCustomer>, E> {
        let conn = self.conn();
        // The referrer comes from a self-join; the subquery keeps the card's
        // own columns unqualified, as `customer_from_row` expects them.
        let card_columns = COLUMNS.split(',').count();
        let mut cards = conn
            .prepare(&format!(
                "SELECT {COLUMNS}, ref_id, ref_name, ref_mobile FROM (\
                 SELECT c.*, r.id AS ref_id, r.name AS ref_name, r.mobile AS ref_mobile \
                 FROM customers c LEFT JOIN customers r ON r.id = c.referred_by) ORDER BY id"
            ))
            .map_err(fail)?;
        let mut tags = conn
            .prepare("SELECT customer_id, tag FROM customer_tags ORDER BY customer_id, position")
            .map_err(fail)?;
        let mut tag_rows = tags
            .query_map([], |r| {
                Ok((r.get::<_, CustomerId>(0)?, r.get::<_, String>(1)?))
            })
            .map_err(fail)?
            .peekable();
        let mut rows = cards.query([]).map_err(fail)?;
        let mut unreadable = Vec::new();
        while let Some(row) = rows.next().map_err(fail)? {
            let id = row.get::<_, CustomerId>(0).map_err(fail)?;
            // Both streams are in customer id order: take this card's tags.
            let mut tags = Vec::new();
            loop {
                match tag_rows.peek() {
                    None => break,
                    Some(Ok((owner, _))) if *owner > id => break,
                    Some(_) => {}
                }
                match tag_rows.next() {
                    Some(Ok((owner, tag))) if owner == id => tags.push(tag),
                    Some(Err(e)) => return Err(fail(e)),
                    // A tag of an id without a card (the foreign key forbids it).
                    _ => {}
                }
            }
            let mut customer = match customer_from_row(row).map_err(fail)? {
                Ok(customer) => customer,
                Err(StoreError::UnreadableCustomer(bad)) => {
                    unreadable.push(bad);
                    continue;
                }
                Err(e) => return Err(fail(e)),
            };
            customer.tags = tags;
            let referrer = match row
                .get::<_, Option<CustomerId>>(card_columns)
                .map_err(fail)?
            {
                Some(_) => Some(ident_at(row, card_columns).map_err(fail)?),
                None => None,
            };
            f(&customer, referrer.as_ref())?;
        }
        Ok(unreadable)
    }

    /// Calls `f` with every sale, oldest first (by date, then as recorded),
    /// and the customer it was sold to.
    pub fn for_each_sale<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(&Sale, &CustomerIdent) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = self
            .conn()
            .prepare(
                "SELECT s.id, s.number, s.date, s.product, s.quantity, s.amount_fen, s.due_date, \
                 s.terms_days, s.note, s.created_at, c.id, c.name, c.mobile \
                 FROM sales s JOIN customers c ON c.id = s.customer_id ORDER BY s.date, s.id",
            )
            .map_err(fail)?;
        let mut rows = stmt.query([]).map_err(fail)?;
        while let Some(row) = rows.next().map_err(fail)? {
            let customer = ident_at(row, 10).map_err(fail)?;
            let sale = sale_from_row(row, customer.id).map_err(fail)?;
            f(&sale, &customer)?;
        }
        Ok(())
    }

    /// Calls `f` with every payment, oldest first, the customer who paid and
    /// the number of the sale it pays (when it is tied to a numbered sale).
    pub fn for_each_payment<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(&Payment, &CustomerIdent, Option<&str>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = self
            .conn()
            .prepare(
                "SELECT p.id, p.sale_id, p.date, p.amount_fen, p.method, p.note, p.created_at, \
                 c.id, c.name, c.mobile, s.number \
                 FROM payments p JOIN customers c ON c.id = p.customer_id \
                 LEFT JOIN sales s ON s.id = p.sale_id ORDER BY p.date, p.id",
            )
            .map_err(fail)?;
        let mut rows = stmt.query([]).map_err(fail)?;
        while let Some(row) = rows.next().map_err(fail)? {
            let customer = ident_at(row, 7).map_err(fail)?;
            let payment = payment_from_row(row, customer.id).map_err(fail)?;
            let sale_number: Option<String> = row.get(10).map_err(fail)?;
            f(&payment, &customer, sale_number.as_deref())?;
        }
        Ok(())
    }

    /// Calls `f` with every logged contact, oldest first, and the customer
    /// it was with.
    pub fn for_each_contact<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(&ContactEntry, &CustomerIdent) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = self
            .conn()
            .prepare(
                "SELECT t.id, t.at, t.channel, t.purpose, t.summary, t.outcome, t.referral_asked, \
                 t.next_contact_date, c.id, c.name, c.mobile \
                 FROM contacts t JOIN customers c ON c.id = t.customer_id ORDER BY t.at, t.id",
            )
            .map_err(fail)?;
        let mut rows = stmt.query([]).map_err(fail)?;
        while let Some(row) = rows.next().map_err(fail)? {
            let customer = ident_at(row, 8).map_err(fail)?;
            let entry = contact_from_row(row, customer.id).map_err(fail)?;
            f(&entry, &customer)?;
        }
        Ok(())
    }
}

impl Store {
    /// Calls `f` with every return in the log, oldest first, with its
    /// customer (none for a walk-in) and the number of the sale it is about
    /// (when it is tied to a numbered sale).
    pub fn for_each_return<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(&ReturnEntry, Option<&CustomerIdent>, Option<&str>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = self
            .conn()
            .prepare(
                "SELECT r.id, r.date, r.sale_id, r.product, r.quantity, r.reason, r.condition, \
                 r.outcome, r.refund_fen, r.refund_to, r.note, r.complaint_id, \
                 c.id, c.name, c.mobile, s.number \
                 FROM returns r LEFT JOIN customers c ON c.id = r.customer_id \
                 LEFT JOIN sales s ON s.id = r.sale_id ORDER BY r.date, r.id",
            )
            .map_err(fail)?;
        let mut rows = stmt.query([]).map_err(fail)?;
        while let Some(row) = rows.next().map_err(fail)? {
            let customer = match row.get::<_, Option<CustomerId>>(12).map_err(fail)? {
                Some(_) => Some(ident_at(row, 12).map_err(fail)?),
                None => None,
            };
            let entry = return_from_row(row, customer.as_ref().map(|c| c.id)).map_err(fail)?;
            let sale_number: Option<String> = row.get(15).map_err(fail)?;
            f(&entry, customer.as_ref(), sale_number.as_deref())?;
        }
        Ok(())
    }
}

/// Decodes columns 0..=11 of the returns query.
fn return_from_row(
    row: &Row<'_>,
    customer_id: Option<CustomerId>,
) -> Result<ReturnEntry, StoreError> {
    fn code<T>(row: &Row<'_>, i: usize, from: fn(&str) -> Option<T>) -> Result<T, StoreError> {
        let text: String = row.get(i)?;
        from(&text).ok_or_else(|| StoreError::Corrupt(format!("return code {text:?}")))
    }
    Ok(ReturnEntry {
        id: Some(row.get(0)?),
        date: parse_date(&row.get::<_, String>(1)?)?,
        customer_id,
        sale_id: row.get(2)?,
        product: row.get(3)?,
        quantity: row.get(4)?,
        reason: code(row, 5, ReturnReason::from_code)?,
        condition: code(row, 6, GoodsCondition::from_code)?,
        outcome: code(row, 7, ReturnOutcome::from_code)?,
        refund: Money(row.get(8)?),
        refund_to: code(row, 9, RefundTo::from_code)?,
        note: row.get(10)?,
        complaint_id: row.get(11)?,
    })
}

/// Decodes columns 0..=9 of the sales query.
fn sale_from_row(row: &Row<'_>, customer_id: CustomerId) -> Result<Sale, StoreError> {
    Ok(Sale {
        id: Some(row.get(0)?),
        customer_id,
        number: row.get(1)?,
        date: parse_date(&row.get::<_, String>(2)?)?,
        product: row.get(3)?,
        quantity: row.get(4)?,
        amount: Money(row.get(5)?),
        due_date: parse_date(&row.get::<_, String>(6)?)?,
        terms_days: row.get(7)?,
        note: row.get(8)?,
        created_at: parse_datetime(&row.get::<_, String>(9)?)?,
    })
}

/// Decodes columns 0..=6 of the payments query.
fn payment_from_row(row: &Row<'_>, customer_id: CustomerId) -> Result<Payment, StoreError> {
    Ok(Payment {
        id: Some(row.get(0)?),
        customer_id,
        sale_id: row.get(1)?,
        date: parse_date(&row.get::<_, String>(2)?)?,
        amount: Money(row.get(3)?),
        method: row.get(4)?,
        note: row.get(5)?,
        created_at: parse_datetime(&row.get::<_, String>(6)?)?,
    })
}

/// Decodes columns 0..=7 of the contacts query.
fn contact_from_row(row: &Row<'_>, customer_id: CustomerId) -> Result<ContactEntry, StoreError> {
    let channel: String = row.get(2)?;
    let purpose: String = row.get(3)?;
    Ok(ContactEntry {
        id: Some(row.get(0)?),
        customer_id,
        at: parse_datetime(&row.get::<_, String>(1)?)?,
        channel: ContactChannel::from_code(&channel)
            .ok_or_else(|| StoreError::Corrupt(format!("contact channel {channel:?}")))?,
        purpose: ContactPurpose::from_code(&purpose)
            .ok_or_else(|| StoreError::Corrupt(format!("contact purpose {purpose:?}")))?,
        summary: row.get(4)?,
        outcome: row.get(5)?,
        referral_asked: row.get(6)?,
        next_contact: parse_opt_date(row.get(7)?)?,
    })
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn now() -> chrono::NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
    }

    #[test]
    fn customers_come_in_id_order_with_their_own_tags_and_referrer() {
        let mut store = Store::open_in_memory().unwrap();
        let mut a = Customer::new("甲", now());
        a.mobile = "13800138000".into();
        a.tags = vec!["VIP".into(), "老客户".into()];
        let a_id = store.save_customer(&a).unwrap();
        let mut b = Customer::new("乙", now());
        b.referred_by = Some(a_id);
        let b_id = store.save_customer(&b).unwrap();
        let mut c = Customer::new("丙", now());
        c.tags = vec!["团购".into()];
        c.referred_by = Some(b_id);
        store.save_customer(&c).unwrap();

        let mut seen = Vec::new();
        store
            .for_each_customer(|card, referrer| {
                seen.push((
                    card.name.clone(),
                    card.tags.clone(),
                    referrer.map(|r| (r.name.clone(), r.mobile.clone())),
                ));
                Ok::<_, StoreError>(())
            })
            .unwrap();
        let s = |x: &str| x.to_string();
        assert_eq!(
            seen,
            vec![
                (s("甲"), vec![s("VIP"), s("老客户")], None),
                (s("乙"), vec![], Some((s("甲"), s("13800138000")))),
                (s("丙"), vec![s("团购")], Some((s("乙"), s("")))),
            ]
        );
    }

    #[test]
    fn a_visitor_error_stops_the_walk() {
        let mut store = Store::open_in_memory().unwrap();
        for name in ["甲", "乙", "丙"] {
            store.save_customer(&Customer::new(name, now())).unwrap();
        }
        let mut calls = 0;
        let result = store.for_each_customer(|_, _| {
            calls += 1;
            if calls == 2 {
                Err(StoreError::NotFound(0))
            } else {
                Ok(())
            }
        });
        assert!(matches!(result, Err(StoreError::NotFound(0))));
        assert_eq!(calls, 2);
    }
}
