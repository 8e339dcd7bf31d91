//! Customer cards: save (insert or update, with tags, family and custom dates
//! in one transaction), load, delete, the list summaries, duplicate-phone
//! lookups and referral links.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, Row, params};

use super::card_write::{PreparedCard, insert_customer, update_customer};
use super::codec::{now, parse_datetime, parse_opt_date, parse_yearly};
use super::{Result, Store, StoreError};
use crate::domain::contact::ContactChannel;
use crate::domain::customer::{
    CustomDate, Customer, CustomerClass, CustomerId, FamilyMember, Gender, Relation, Source,
};
use crate::domain::money::Money;
use crate::domain::search::SearchKey;

pub(super) const COLUMNS: &str = "id, name, mobile, phone2, wechat, email, address, company, occupation, gender, \
    preferred_channel, do_not_contact, birthday, anniversary, first_contact_date, first_contact_place, \
    needs, background, notes, source, referred_by, class_computed, class_override, credit_limit_fen, \
    blacklisted, blacklist_reason, cadence_days, created_at, updated_at";

/// What deleting a customer touches, counted ([`Store::customer_links`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CustomerLinks {
    /// Deleted with the customer.
    pub contacts: i64,
    pub promises: i64,
    pub sales: i64,
    pub payments: i64,
    pub complaints: i64,
    /// The complaints' photos (deleted with them unless another case uses them).
    pub photos: i64,
    pub collection_steps: i64,
    /// Kept without the customer: returns stay in the returns log,
    /// feedback responses in their card's results, referred customers
    /// keep their card.
    pub returns: i64,
    pub feedback: i64,
    pub referrals: i64,
}

/// One row of the customer list: what the table shows, filters and searches.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerSummary {
    pub id: CustomerId,
    pub name: String,
    pub mobile: String,
    pub phone2: String,
    pub company: String,
    pub class: CustomerClass,
    pub class_is_manual: bool,
    pub source: Option<Source>,
    pub tags: Vec<String>,
    pub do_not_contact: bool,
    pub blacklisted: bool,
    pub balance: Money,
    pub last_contact: Option<NaiveDateTime>,
    pub referrals: u32,
    pub created_at: NaiveDateTime,
    pub key: SearchKey,
}

/// A customer named by id and name (for links: duplicates, referrals).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CustomerRef {
    pub id: CustomerId,
    pub name: String,
}

pub(super) fn customer_from_row(
    row: &Row<'_>,
) -> rusqlite::Result<std::result::Result<Customer, StoreError>> {
    let raw = |i: usize| row.get::<_, Option<String>>(i);
    let build = || -> std::result::Result<Customer, StoreError> {
        Ok(Customer {
            id: Some(row.get(0)?),
            name: row.get(1)?,
            mobile: row.get(2)?,
            phone2: row.get(3)?,
            wechat: row.get(4)?,
            email: row.get(5)?,
            address: row.get(6)?,
            company: row.get(7)?,
            occupation: row.get(8)?,
            gender: Gender::from_code(&row.get::<_, String>(9)?).unwrap_or(Gender::Unknown),
            preferred_channel: raw(10)?.and_then(|c| ContactChannel::from_code(&c)),
            do_not_contact: row.get(11)?,
            birthday: parse_yearly(raw(12)?)?,
            anniversary: parse_yearly(raw(13)?)?,
            family: Vec::new(),
            custom_dates: Vec::new(),
            first_contact_date: parse_opt_date(raw(14)?)?,
            first_contact_place: row.get(15)?,
            needs: row.get(16)?,
            background: row.get(17)?,
            tags: Vec::new(),
            notes: row.get(18)?,
            source: raw(19)?.and_then(|c| Source::from_code(&c)),
            referred_by: row.get(20)?,
            class_computed: raw(21)?.and_then(|c| CustomerClass::from_code(&c)),
            class_override: raw(22)?.and_then(|c| CustomerClass::from_code(&c)),
            credit_limit: row.get::<_, Option<i64>>(23)?.map(Money),
            blacklisted: row.get(24)?,
            blacklist_reason: row.get(25)?,
            cadence_days: row.get(26)?,
            created_at: parse_datetime(&row.get::<_, String>(27)?)?,
            updated_at: parse_datetime(&row.get::<_, String>(28)?)?,
        })
    };
    Ok(build())
}

impl Store {
    /// Inserts a new card or updates an existing one, with its tags, family
    /// members and custom dates, in one transaction. Returns the id. An
    /// update keeps the stored computed class: the ABC classification owns
    /// it, and the card being saved may have been read before it last ran.
    pub fn save_customer(&mut self, customer: &Customer) -> Result<CustomerId> {
        let updated = now();
        let tx = self.conn_mut().transaction()?;
        let id = match customer.id {
            Some(id) => {
                let stored: Option<Option<String>> = tx
                    .query_row(
                        "SELECT class_computed FROM customers WHERE id=?1",
                        [id],
                        |r| r.get(0),
                    )
                    .optional()?;
                let mut card = customer.clone();
                if let Some(class) = stored {
                    card.class_computed = class.as_deref().and_then(CustomerClass::from_code);
                }
                update_customer(&tx, id, &PreparedCard::new(card, updated))?;
                id
            }
            None => insert_customer(&tx, &PreparedCard::new(customer.clone(), updated), None)?,
        };
        tx.commit()?;
        Ok(id)
    }

    /// Loads a whole card, or `None` when no such customer exists.
    pub fn customer(&self, id: CustomerId) -> Result<Option<Customer>> {
        load_customer(self.conn(), id)
    }

    /// What [`Store::delete_customer`] would take with the customer (the
    /// rows that cascade) and what it would leave without them.
    pub fn customer_links(&self, id: CustomerId) -> Result<CustomerLinks> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT \
               (SELECT count(*) FROM contacts WHERE customer_id=?1), \
               (SELECT count(*) FROM promises WHERE customer_id=?1), \
               (SELECT count(*) FROM sales WHERE customer_id=?1), \
               (SELECT count(*) FROM payments WHERE customer_id=?1), \
               (SELECT count(*) FROM complaints WHERE customer_id=?1), \
               (SELECT count(*) FROM complaint_attachments a JOIN complaints c ON c.id=a.complaint_id \
                  WHERE c.customer_id=?1), \
               (SELECT count(*) FROM collection_log WHERE customer_id=?1), \
               (SELECT count(*) FROM returns WHERE customer_id=?1), \
               (SELECT count(*) FROM feedback_responses WHERE customer_id=?1), \
               (SELECT count(*) FROM customers WHERE referred_by=?1)",
        )?;
        Ok(stmt.query_row([id], |r| {
            Ok(CustomerLinks {
                contacts: r.get(0)?,
                promises: r.get(1)?,
                sales: r.get(2)?,
                payments: r.get(3)?,
                complaints: r.get(4)?,
                photos: r.get(5)?,
                collection_steps: r.get(6)?,
                returns: r.get(7)?,
                feedback: r.get(8)?,
                referrals: r.get(9)?,
            })
        })?)
    }

    /// Deletes a customer and everything recorded for them. Customers they
    /// referred keep their card; the referral link is cleared.
    pub fn delete_customer(&mut self, id: CustomerId) -> Result<()> {
        let changed = self
            .conn()
            .execute("DELETE FROM customers WHERE id=?1", [id])?;
        if changed == 0 {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }

    pub fn customer_count(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))?)
    }

    /// Other customers with this phone as their mobile or second phone.
    pub fn customers_with_phone(
        &self,
        phone: &str,
        except: Option<CustomerId>,
    ) -> Result<Vec<CustomerRef>> {
        if phone.is_empty() {
            return Ok(Vec::new());
        }
        // The `<> ''` terms repeat the partial indexes' conditions, which
        // SQLite needs to see before it uses those indexes.
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, name FROM customers \
             WHERE ((mobile=?1 AND mobile<>'') OR (phone2=?1 AND phone2<>'')) AND id IS NOT ?2 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![phone, except], |r| {
            Ok(CustomerRef {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The customers this one referred, oldest first.
    pub fn referrals_of(&self, id: CustomerId) -> Result<Vec<CustomerRef>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, name FROM customers WHERE referred_by=?1 ORDER BY id")?;
        let rows = stmt.query_map([id], |r| {
            Ok(CustomerRef {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The id and name of one customer, for showing a link.
    pub fn customer_ref(&self, id: CustomerId) -> Result<Option<CustomerRef>> {
        Ok(self
            .conn()
            .query_row("SELECT id, name FROM customers WHERE id=?1", [id], |r| {
                Ok(CustomerRef {
                    id: r.get(0)?,
                    name: r.get(1)?,
                })
            })
            .optional()?)
    }

    /// Every customer as a list row, in id order, with balance, last contact,
    /// tags and referral count. A handful of set-based queries, not one per row.
    pub fn customer_summaries(&self) -> Result<Vec<CustomerSummary>> {
        let conn = self.conn();
        let balances = super::sales::all_balances(conn)?;
        let mut last_contact: HashMap<CustomerId, String> = HashMap::new();
        let mut stmt =
            conn.prepare("SELECT customer_id, MAX(at) FROM contacts GROUP BY customer_id")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (id, at) = row?;
            last_contact.insert(id, at);
        }
        let mut tags: HashMap<CustomerId, Vec<String>> = HashMap::new();
        let mut stmt = conn
            .prepare("SELECT customer_id, tag FROM customer_tags ORDER BY customer_id, position")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (id, tag) = row?;
            tags.entry(id).or_default().push(tag);
        }
        let mut referrals: HashMap<CustomerId, u32> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT referred_by, count(*) FROM customers WHERE referred_by IS NOT NULL GROUP BY referred_by",
        )?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, u32>(1)?)))? {
            let (id, n) = row?;
            referrals.insert(id, n);
        }

        let mut stmt = conn.prepare(
            "SELECT id, name, name_initials, name_pinyin, mobile, phone2, company, wechat, class_computed, \
             class_override, source, do_not_contact, blacklisted, created_at FROM customers ORDER BY id",
        )?;
        let mut out = Vec::new();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let name: String = r.get(1)?;
            let initials: String = r.get(2)?;
            let pinyin: String = r.get(3)?;
            let mobile: String = r.get(4)?;
            let phone2: String = r.get(5)?;
            let company: String = r.get(6)?;
            let wechat: String = r.get(7)?;
            let computed = r
                .get::<_, Option<String>>(8)?
                .and_then(|c| CustomerClass::from_code(&c));
            let manual = r
                .get::<_, Option<String>>(9)?
                .and_then(|c| CustomerClass::from_code(&c));
            let key = SearchKey::with_pinyin(
                &name,
                &initials,
                &pinyin,
                &[&mobile, &phone2],
                &company,
                &wechat,
            );
            out.push(CustomerSummary {
                id,
                key,
                class: manual.or(computed).unwrap_or(CustomerClass::C),
                class_is_manual: manual.is_some(),
                source: r
                    .get::<_, Option<String>>(10)?
                    .and_then(|c| Source::from_code(&c)),
                do_not_contact: r.get(11)?,
                blacklisted: r.get(12)?,
                created_at: parse_datetime(&r.get::<_, String>(13)?)?,
                tags: tags.remove(&id).unwrap_or_default(),
                balance: Money(balances.get(&id).copied().unwrap_or(0)),
                last_contact: last_contact
                    .get(&id)
                    .map(|t| parse_datetime(t))
                    .transpose()?,
                referrals: referrals.get(&id).copied().unwrap_or(0),
                name,
                mobile,
                phone2,
                company,
            });
        }
        Ok(out)
    }

    /// The summary of one customer (after saving, to refresh one list row).
    pub fn customer_summary(&self, id: CustomerId) -> Result<Option<CustomerSummary>> {
        let Some(c) = self.customer(id)? else {
            return Ok(None);
        };
        let balance = self.balance_of(id)?;
        let last_contact: Option<String> = self.conn().query_row(
            "SELECT MAX(at) FROM contacts WHERE customer_id=?1",
            [id],
            |r| r.get(0),
        )?;
        let referrals: u32 = self.conn().query_row(
            "SELECT count(*) FROM customers WHERE referred_by=?1",
            [id],
            |r| r.get(0),
        )?;
        Ok(Some(CustomerSummary {
            id,
            key: SearchKey::new(&c.name, &[&c.mobile, &c.phone2], &c.company, &c.wechat),
            class: c.class(),
            class_is_manual: c.class_override.is_some(),
            source: c.source,
            tags: c.tags.clone(),
            do_not_contact: c.do_not_contact,
            blacklisted: c.blacklisted,
            balance,
            last_contact: last_contact.map(|t| parse_datetime(&t)).transpose()?,
            referrals,
            created_at: c.created_at,
            name: c.name,
            mobile: c.mobile,
            phone2: c.phone2,
            company: c.company,
        }))
    }

    /// All distinct tags in use, alphabetically (for the list's tag filter).
    pub fn all_tags(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT DISTINCT tag FROM customer_tags ORDER BY tag")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Loads a whole card through any connection (the store's, or an open
/// transaction's), or `None` when no such customer exists.
pub(super) fn load_customer(
    conn: &rusqlite::Connection,
    id: CustomerId,
) -> Result<Option<Customer>> {
    let found = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM customers WHERE id=?1"),
            [id],
            customer_from_row,
        )
        .optional()?;
    let Some(customer) = found else {
        return Ok(None);
    };
    let mut customer = customer?;
    let mut stmt = conn
        .prepare_cached("SELECT tag FROM customer_tags WHERE customer_id=?1 ORDER BY position")?;
    customer.tags = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
            "SELECT relation, name, birthday, note FROM family_members WHERE customer_id=?1 ORDER BY position",
        )?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    for row in rows {
        let (relation, name, birthday, note) = row?;
        customer.family.push(FamilyMember {
            relation: Relation::from_code(&relation).unwrap_or(Relation::Other),
            name,
            birthday: parse_yearly(birthday)?,
            note,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT label, date FROM custom_dates WHERE customer_id=?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (label, date) = row?;
        let date = parse_yearly(Some(date))?
            .ok_or_else(|| StoreError::Corrupt("empty custom date".into()))?;
        customer.custom_dates.push(CustomDate { label, date });
    }
    Ok(Some(customer))
}
