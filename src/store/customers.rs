//! Customer cards: save (insert or update, with tags, family and custom dates
//! in one transaction), load, delete, the list summaries, duplicate-phone
//! lookups and referral links. A card with a cell that cannot be decoded is
//! named by id and column ([`UnreadableCustomer`]); whole-list reads leave
//! such a card out and say so instead of failing for every customer.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use rusqlite::types::FromSql;
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

/// A customer whose row holds a cell the store cannot decode (text where a
/// number belongs, a birthday in no known form, …): the card's id and the
/// column, so the shop can find and fix it (`genjin check`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableCustomer {
    pub id: CustomerId,
    pub column: String,
    pub reason: String,
}

impl std::fmt::Display for UnreadableCustomer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "customer {}: the {} column cannot be read ({})",
            self.id, self.column, self.reason
        )
    }
}

/// Every customer's list row, and the customers left out because a cell of
/// theirs cannot be read ([`Store::customer_list`]).
#[derive(Debug, Clone, Default)]
pub struct CustomerList {
    pub rows: Vec<CustomerSummary>,
    pub unreadable: Vec<UnreadableCustomer>,
}

/// The error for column `i` of a customer row (column 0 is the id).
fn unreadable(row: &Row<'_>, i: usize, e: impl Into<StoreError>) -> StoreError {
    let e = e.into();
    let Ok(id) = row.get::<_, CustomerId>(0) else {
        return e;
    };
    StoreError::UnreadableCustomer(UnreadableCustomer {
        id,
        column: row
            .as_ref()
            .column_name(i)
            .map_or_else(|_| format!("#{i}"), str::to_string),
        reason: match e {
            StoreError::Corrupt(why) => why,
            StoreError::Sqlite(e) => e.to_string(),
            other => other.to_string(),
        },
    })
}

/// Column `i` of a customer row, an undecodable value named by id and column.
fn cell<T: FromSql>(row: &Row<'_>, i: usize) -> std::result::Result<T, StoreError> {
    row.get(i).map_err(|e| unreadable(row, i, e))
}

/// Column `i` decoded further by `decode`, its failure named the same way.
fn decoded<T, R: FromSql>(
    row: &Row<'_>,
    i: usize,
    decode: impl FnOnce(R) -> std::result::Result<T, StoreError>,
) -> std::result::Result<T, StoreError> {
    decode(cell(row, i)?).map_err(|e| unreadable(row, i, e))
}

pub(super) fn customer_from_row(
    row: &Row<'_>,
) -> rusqlite::Result<std::result::Result<Customer, StoreError>> {
    let code = |i: usize| cell::<Option<String>>(row, i);
    let build = || -> std::result::Result<Customer, StoreError> {
        Ok(Customer {
            id: Some(cell(row, 0)?),
            name: cell(row, 1)?,
            mobile: cell(row, 2)?,
            phone2: cell(row, 3)?,
            wechat: cell(row, 4)?,
            email: cell(row, 5)?,
            address: cell(row, 6)?,
            company: cell(row, 7)?,
            occupation: cell(row, 8)?,
            gender: Gender::from_code(&cell::<String>(row, 9)?).unwrap_or(Gender::Unknown),
            preferred_channel: code(10)?.and_then(|c| ContactChannel::from_code(&c)),
            do_not_contact: cell(row, 11)?,
            birthday: decoded(row, 12, parse_yearly)?,
            anniversary: decoded(row, 13, parse_yearly)?,
            family: Vec::new(),
            custom_dates: Vec::new(),
            first_contact_date: decoded(row, 14, parse_opt_date)?,
            first_contact_place: cell(row, 15)?,
            needs: cell(row, 16)?,
            background: cell(row, 17)?,
            tags: Vec::new(),
            notes: cell(row, 18)?,
            source: code(19)?.and_then(|c| Source::from_code(&c)),
            referred_by: cell(row, 20)?,
            class_computed: code(21)?.and_then(|c| CustomerClass::from_code(&c)),
            class_override: code(22)?.and_then(|c| CustomerClass::from_code(&c)),
            credit_limit: cell::<Option<i64>>(row, 23)?.map(Money),
            blacklisted: cell(row, 24)?,
            blacklist_reason: cell(row, 25)?,
            cadence_days: cell(row, 26)?,
            created_at: decoded(row, 27, |t: String| parse_datetime(&t))?,
            updated_at: decoded(row, 28, |t: String| parse_datetime(&t))?,
        })
    };
    Ok(build())
}

/// The columns of a list row, in the order [`summary_from_row`] reads them.
const SUMMARY_COLUMNS: &str = "id, name, name_initials, name_pinyin, mobile, phone2, company, wechat, \
    class_computed, class_override, source, do_not_contact, blacklisted, created_at";

/// What a list row shows from other tables.
struct SummaryExtras {
    tags: Vec<String>,
    balance: Money,
    last_contact: Option<String>,
    referrals: u32,
}

/// One list row from the [`SUMMARY_COLUMNS`] of a customer.
fn summary_from_row(r: &Row<'_>, extras: SummaryExtras) -> Result<CustomerSummary> {
    let name: String = cell(r, 1)?;
    let initials: String = cell(r, 2)?;
    let pinyin: String = cell(r, 3)?;
    let mobile: String = cell(r, 4)?;
    let phone2: String = cell(r, 5)?;
    let company: String = cell(r, 6)?;
    let wechat: String = cell(r, 7)?;
    let computed = cell::<Option<String>>(r, 8)?.and_then(|c| CustomerClass::from_code(&c));
    let manual = cell::<Option<String>>(r, 9)?.and_then(|c| CustomerClass::from_code(&c));
    let key = SearchKey::with_pinyin(
        &name,
        &initials,
        &pinyin,
        &[&mobile, &phone2],
        &company,
        &wechat,
    );
    Ok(CustomerSummary {
        id: cell(r, 0)?,
        key,
        class: manual.or(computed).unwrap_or(CustomerClass::C),
        class_is_manual: manual.is_some(),
        source: cell::<Option<String>>(r, 10)?.and_then(|c| Source::from_code(&c)),
        do_not_contact: cell(r, 11)?,
        blacklisted: cell(r, 12)?,
        created_at: decoded(r, 13, |t: String| parse_datetime(&t))?,
        tags: extras.tags,
        balance: extras.balance,
        last_contact: extras
            .last_contact
            .map(|t| parse_datetime(&t))
            .transpose()?,
        referrals: extras.referrals,
        name,
        mobile,
        phone2,
        company,
    })
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

    /// Every customer as a list row, in id order (see [`Self::customer_list`]);
    /// customers with an unreadable cell are left out and logged.
    pub fn customer_summaries(&self) -> Result<Vec<CustomerSummary>> {
        let list = self.customer_list()?;
        for bad in &list.unreadable {
            log::warn!("{bad}; left out of the customer list");
        }
        Ok(list.rows)
    }

    /// Every customer as a list row, in id order, with balance, last contact,
    /// tags and referral count. A handful of set-based queries, not one per row.
    /// A customer whose row holds a cell that cannot be read is left out and
    /// named in [`CustomerList::unreadable`]; the others are listed.
    pub fn customer_list(&self) -> Result<CustomerList> {
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

        let mut stmt = conn.prepare(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM customers ORDER BY id"
        ))?;
        let mut out = CustomerList::default();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: CustomerId = r.get(0)?;
            let extras = SummaryExtras {
                tags: tags.remove(&id).unwrap_or_default(),
                balance: Money(balances.get(&id).copied().unwrap_or(0)),
                last_contact: last_contact.remove(&id),
                referrals: referrals.get(&id).copied().unwrap_or(0),
            };
            match summary_from_row(r, extras) {
                Ok(row) => out.rows.push(row),
                Err(StoreError::UnreadableCustomer(bad)) => out.unreadable.push(bad),
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    /// The summary of one customer (after saving, to refresh one list row),
    /// read as [`Self::customer_list`] reads it: a cell that cannot be read
    /// is an [`StoreError::UnreadableCustomer`].
    pub fn customer_summary(&self, id: CustomerId) -> Result<Option<CustomerSummary>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM customers WHERE id=?1"
        ))?;
        let mut rows = stmt.query([id])?;
        let Some(r) = rows.next()? else {
            return Ok(None);
        };
        let tags = conn
            .prepare_cached("SELECT tag FROM customer_tags WHERE customer_id=?1 ORDER BY position")?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let extras = SummaryExtras {
            tags,
            balance: self.balance_of(id)?,
            last_contact: conn.query_row(
                "SELECT MAX(at) FROM contacts WHERE customer_id=?1",
                [id],
                |r| r.get(0),
            )?,
            referrals: conn.query_row(
                "SELECT count(*) FROM customers WHERE referred_by=?1",
                [id],
                |r| r.get(0),
            )?,
        };
        summary_from_row(r, extras).map(Some)
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
