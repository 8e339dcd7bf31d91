//! Writing customer cards: the one INSERT and the one UPDATE every writer
//! shares (a single save, the bulk writer, imports), and [`PreparedCard`],
//! a card whose column values are worked out before the write so an import
//! can prepare cards on its reading thread while the writing thread only
//! binds and steps.

use chrono::NaiveDateTime;
use rusqlite::{Statement, ToSql, Transaction, params};

use super::codec::{date_text, datetime_text};
use super::{Result, StoreError};
use crate::domain::customer::{Customer, CustomerId};
use crate::domain::search::pinyin_keys;

const INSERT_CARD: &str = "INSERT INTO customers (name, name_initials, name_pinyin, mobile, phone2, \
     wechat, email, address, company, occupation, gender, preferred_channel, do_not_contact, birthday, \
     anniversary, first_contact_date, first_contact_place, needs, background, notes, source, \
     referred_by, class_computed, class_override, credit_limit_fen, blacklisted, \
     blacklist_reason, cadence_days, updated_at, created_at, import_batch) VALUES \
     (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,?28,?29,?30,?31)";

const UPDATE_CARD: &str = "UPDATE customers SET name=?1, name_initials=?2, name_pinyin=?3, mobile=?4, \
     phone2=?5, wechat=?6, email=?7, address=?8, company=?9, occupation=?10, gender=?11, \
     preferred_channel=?12, do_not_contact=?13, birthday=?14, anniversary=?15, \
     first_contact_date=?16, first_contact_place=?17, needs=?18, background=?19, notes=?20, \
     source=?21, referred_by=?22, class_computed=?23, class_override=?24, credit_limit_fen=?25, \
     blacklisted=?26, blacklist_reason=?27, cadence_days=?28, updated_at=?29 WHERE id=?30";

const INSERT_TAG: &str =
    "INSERT OR IGNORE INTO customer_tags (customer_id, tag, position) VALUES (?1,?2,?3)";

/// A card ready to be written: free text trimmed, tags trimmed, and the
/// derived columns (the name's pinyin keys, dates and times as stored text)
/// worked out. Preparing needs no database, so it can run on any thread.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedCard {
    card: Customer,
    initials: String,
    pinyin: String,
    birthday: Option<String>,
    anniversary: Option<String>,
    first_contact_date: Option<String>,
    gender: &'static str,
    preferred_channel: Option<&'static str>,
    source: Option<&'static str>,
    class_computed: Option<&'static str>,
    class_override: Option<&'static str>,
    credit_limit_fen: Option<i64>,
    created_at: String,
    updated_at: String,
}

impl PreparedCard {
    /// Prepares `card`, to be stored as last changed at `updated` (its
    /// `created_at` is kept).
    pub fn new(mut card: Customer, updated: NaiveDateTime) -> PreparedCard {
        for text in [
            &mut card.name,
            &mut card.wechat,
            &mut card.email,
            &mut card.address,
            &mut card.company,
            &mut card.occupation,
            &mut card.first_contact_place,
            &mut card.needs,
            &mut card.background,
            &mut card.notes,
            &mut card.blacklist_reason,
        ] {
            trim_in_place(text);
        }
        card.tags.iter_mut().for_each(trim_in_place);
        let (initials, pinyin) = pinyin_keys(&card.name);
        let updated_at = datetime_text(updated);
        // A new card is usually created and last changed at the same moment.
        let created_at = if card.created_at == updated {
            updated_at.clone()
        } else {
            datetime_text(card.created_at)
        };
        PreparedCard {
            initials,
            pinyin,
            birthday: card.birthday.map(|b| b.encode()),
            anniversary: card.anniversary.map(|a| a.encode()),
            first_contact_date: card.first_contact_date.map(date_text),
            gender: card.gender.code(),
            preferred_channel: card.preferred_channel.map(|c| c.code()),
            source: card.source.map(|s| s.code()),
            class_computed: card.class_computed.map(|c| c.code()),
            class_override: card.class_override.map(|c| c.code()),
            credit_limit_fen: card.credit_limit.map(|m| m.fen()),
            created_at,
            updated_at,
            card,
        }
    }

    /// The card as it will be written.
    pub fn card(&self) -> &Customer {
        &self.card
    }

    /// Links the card to the customer who referred them (or to nobody).
    pub fn set_referred_by(&mut self, referrer: Option<CustomerId>) {
        self.card.referred_by = referrer;
    }

    /// Moves the name and the two phones out, for a card already written
    /// whose strings the caller keeps (an import's index of who is in the
    /// book). The card must not be written again afterwards.
    pub fn take_name_and_phones(&mut self) -> [String; 3] {
        [
            std::mem::take(&mut self.card.name),
            std::mem::take(&mut self.card.mobile),
            std::mem::take(&mut self.card.phone2),
        ]
    }

    /// The column values in the order of the `?1..?29` placeholders shared by
    /// [`INSERT_CARD`] and [`UPDATE_CARD`] (`?29` is `updated_at`).
    fn values(&self) -> [&dyn ToSql; 29] {
        let c = &self.card;
        [
            &c.name,
            &self.initials,
            &self.pinyin,
            &c.mobile,
            &c.phone2,
            &c.wechat,
            &c.email,
            &c.address,
            &c.company,
            &c.occupation,
            &self.gender,
            &self.preferred_channel,
            &c.do_not_contact,
            &self.birthday,
            &self.anniversary,
            &self.first_contact_date,
            &c.first_contact_place,
            &c.needs,
            &c.background,
            &c.notes,
            &self.source,
            &c.referred_by,
            &self.class_computed,
            &self.class_override,
            &self.credit_limit_fen,
            &c.blacklisted,
            &c.blacklist_reason,
            &c.cadence_days,
            &self.updated_at,
        ]
    }
}

fn trim_in_place(text: &mut String) {
    let trimmed = text.trim();
    if trimmed.len() != text.len() {
        *text = trimmed.to_owned();
    }
}

/// Inserts cards with statements prepared once, for writers that add many
/// cards in one transaction (the bulk writer, imports). Values that repeat
/// from card to card (the batch, and usually the times) stay bound.
pub(super) struct CardInserter<'tx> {
    tx: &'tx Transaction<'tx>,
    card: Statement<'tx>,
    /// `tags[n - 1]` inserts `n` tags at once (a card has one to three
    /// nearly always; more are written three at a time).
    tags: [Statement<'tx>; TAGS_AT_ONCE],
    created_bound: String,
    updated_bound: String,
}

const TAGS_AT_ONCE: usize = 3;

impl<'tx> CardInserter<'tx> {
    /// `batch` is the import batch every card belongs to (`None` outside
    /// an import).
    pub(super) fn new(tx: &'tx Transaction<'tx>, batch: Option<i64>) -> Result<CardInserter<'tx>> {
        let mut card = tx.prepare(INSERT_CARD)?;
        card.raw_bind_parameter(31, batch)?;
        let tags = [1, 2, 3].map(|n| {
            let rows = vec!["(?,?,?)"; n].join(",");
            tx.prepare(&format!(
                "INSERT OR IGNORE INTO customer_tags (customer_id, tag, position) VALUES {rows}"
            ))
        });
        let [one, two, three] = tags;
        Ok(CardInserter {
            tx,
            card,
            tags: [one?, two?, three?],
            created_bound: String::new(),
            updated_bound: String::new(),
        })
    }

    /// Inserts a new card (its `id` is ignored) with its tags, family
    /// members and custom dates. Returns the new id.
    pub(super) fn insert(&mut self, prepared: &PreparedCard) -> Result<CustomerId> {
        let values = prepared.values();
        let (updated, rest) = values.split_last().expect("29 values");
        for (i, value) in rest.iter().enumerate() {
            self.card.raw_bind_parameter(i + 1, value)?;
        }
        if self.updated_bound != prepared.updated_at || self.updated_bound.is_empty() {
            self.card.raw_bind_parameter(29, updated)?;
            self.updated_bound.clone_from(&prepared.updated_at);
        }
        if self.created_bound != prepared.created_at || self.created_bound.is_empty() {
            self.card.raw_bind_parameter(30, &prepared.created_at)?;
            self.created_bound.clone_from(&prepared.created_at);
        }
        self.card.raw_execute()?;
        let id = self.tx.last_insert_rowid();
        let card = &prepared.card;
        for (start, chunk) in (0..)
            .step_by(TAGS_AT_ONCE)
            .zip(card.tags.chunks(TAGS_AT_ONCE))
        {
            let stmt = &mut self.tags[chunk.len() - 1];
            for (i, tag) in chunk.iter().enumerate() {
                let at = i * 3;
                stmt.raw_bind_parameter(at + 1, id)?;
                stmt.raw_bind_parameter(at + 2, tag)?;
                stmt.raw_bind_parameter(at + 3, (start + i) as i64)?;
            }
            stmt.raw_execute()?;
        }
        insert_family_and_dates(self.tx, id, card)?;
        Ok(id)
    }
}

/// Inserts one new card through the statement cache (a single save).
pub(super) fn insert_customer(
    tx: &Transaction<'_>,
    prepared: &PreparedCard,
    batch: Option<i64>,
) -> Result<CustomerId> {
    let values = prepared.values();
    let tail: [&dyn ToSql; 2] = [&prepared.created_at, &batch];
    tx.prepare_cached(INSERT_CARD)?
        .execute(rusqlite::params_from_iter(values.into_iter().chain(tail)))?;
    let id = tx.last_insert_rowid();
    if !prepared.card.tags.is_empty() {
        insert_tags(&mut *tx.prepare_cached(INSERT_TAG)?, id, &prepared.card)?;
    }
    insert_family_and_dates(tx, id, &prepared.card)?;
    Ok(id)
}

/// Rewrites an existing card (columns, tags, family members, custom dates)
/// inside the caller's transaction. Shared by a single save and imports that
/// update a card.
pub(super) fn update_customer(
    tx: &Transaction<'_>,
    id: CustomerId,
    prepared: &PreparedCard,
) -> Result<()> {
    let values = prepared.values();
    let changed = tx
        .prepare_cached(UPDATE_CARD)?
        .execute(rusqlite::params_from_iter(
            values.into_iter().chain([&id as &dyn ToSql]),
        ))?;
    if changed == 0 {
        return Err(StoreError::NotFound(id));
    }
    tx.execute("DELETE FROM customer_tags WHERE customer_id=?1", [id])?;
    tx.execute("DELETE FROM family_members WHERE customer_id=?1", [id])?;
    tx.execute("DELETE FROM custom_dates WHERE customer_id=?1", [id])?;
    if !prepared.card.tags.is_empty() {
        insert_tags(&mut *tx.prepare_cached(INSERT_TAG)?, id, &prepared.card)?;
    }
    insert_family_and_dates(tx, id, &prepared.card)?;
    Ok(())
}

fn insert_tags(stmt: &mut Statement<'_>, id: CustomerId, card: &Customer) -> Result<()> {
    for (i, tag) in card.tags.iter().enumerate() {
        stmt.execute(params![id, tag, i as i64])?;
    }
    Ok(())
}

/// Most cards have neither, so the statements are only looked up when needed.
fn insert_family_and_dates(tx: &Transaction<'_>, id: CustomerId, card: &Customer) -> Result<()> {
    if !card.family.is_empty() {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO family_members (customer_id, position, relation, name, birthday, note) \
             VALUES (?1,?2,?3,?4,?5,?6)",
        )?;
        for (i, m) in card.family.iter().enumerate() {
            stmt.execute(params![
                id,
                i as i64,
                m.relation.code(),
                m.name.trim(),
                m.birthday.map(|b| b.encode()),
                m.note.trim()
            ])?;
        }
    }
    if !card.custom_dates.is_empty() {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO custom_dates (customer_id, position, label, date) VALUES (?1,?2,?3,?4)",
        )?;
        for (i, d) in card.custom_dates.iter().enumerate() {
            stmt.execute(params![id, i as i64, d.label.trim(), d.date.encode()])?;
        }
    }
    Ok(())
}
