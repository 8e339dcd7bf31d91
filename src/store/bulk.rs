//! Bulk writing: many cards, contacts, promises, sales, payments, feedback
//! responses, complaint cases, returns, collection logs and causes, credit
//! confirmations and retention notes in one transaction with cached prepared statements, for the
//! demo generator (and later for imports). Writing 100,000 customers one
//! `save_customer` at a time would commit 100,000 transactions; here
//! everything commits once, or nothing does.
//!
//! Each write uses the same INSERT function as the single-row writer in
//! `customers.rs`, `contacts.rs`, `promises.rs`, `sales.rs`, `feedback.rs`,
//! `complaints.rs`, `returns.rs`, `collection.rs`, `retention.rs` and
//! `settings.rs`; the ABC classes are recomputed with `retention.rs`'s logic.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Transaction;

use super::card_write::{CardInserter, PreparedCard};
use super::collection::{insert_collection_entry, insert_sale_confirmed, upsert_cause};
use super::complaints::{sync_return, write_complaint};
use super::contacts::insert_contact;
use super::feedback::{insert_card, insert_response};
use super::promises::{insert_promise, insert_record};
use super::retention::{AbcUpdate, insert_retention_note, recompute_abc};
use super::returns::insert_return;
use super::sales::{insert_payment, insert_sale};
use super::settings::upsert_setting;
use super::{Result, Store};
use crate::domain::complaint::{Complaint, ComplaintId, ComplaintRules};
use crate::domain::contact::ContactEntry;
use crate::domain::customer::{Customer, CustomerId};
use crate::domain::feedback::{CardId, FeedbackCard, FeedbackResponse, ResponseId};
use crate::domain::money::Money;
use crate::domain::promise::ServicePromise;
use crate::domain::receivables::credit::CreditWarning;
use crate::domain::receivables::ladder::{CauseRecord, LogEntry};
use crate::domain::retention::RetentionNote;
use crate::domain::returns::{ReturnEntry, ReturnId};
use crate::domain::sale::{Payment, Sale};

/// Writes rows inside the transaction opened by [`Store::bulk`].
///
/// Unlike the single-row writers, timestamps come from the values given,
/// never from the clock, so the same input always yields the same file:
/// a card keeps its `created_at` and `updated_at`, and a contact is recorded
/// as created at the moment it happened.
pub struct BulkWriter<'a> {
    tx: &'a Transaction<'a>,
    /// Prepared on the first card.
    cards: Option<CardInserter<'a>>,
}

impl Store {
    /// Runs `f` with a [`BulkWriter`] inside one transaction. Commits when
    /// `f` returns `Ok`; rolls everything back when it returns an error.
    pub fn bulk<T>(&mut self, f: impl FnOnce(&mut BulkWriter<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn_mut().transaction()?;
        let value = {
            let mut writer = BulkWriter {
                tx: &tx,
                cards: None,
            };
            f(&mut writer)?
        };
        tx.commit()?;
        Ok(value)
    }
}

impl BulkWriter<'_> {
    /// Inserts a new card (its `id` is ignored) with tags, family members and
    /// custom dates. Returns the new id.
    pub fn customer(&mut self, customer: &Customer) -> Result<CustomerId> {
        let prepared = PreparedCard::new(customer.clone(), customer.updated_at);
        let cards = match &mut self.cards {
            Some(cards) => cards,
            None => self.cards.insert(CardInserter::new(self.tx, None)?),
        };
        cards.insert(&prepared)
    }

    /// Records a contact, created at the moment it happened. Returns its id.
    pub fn contact(&mut self, entry: &ContactEntry) -> Result<i64> {
        insert_contact(self.tx, entry, entry.at)
    }

    /// Inserts a new promise (its `id` is ignored) with its records. Returns its id.
    pub fn promise(&mut self, promise: &ServicePromise) -> Result<i64> {
        let id = insert_promise(self.tx, promise)?;
        for record in &promise.records {
            insert_record(self.tx, id, record)?;
        }
        Ok(id)
    }

    /// Records a sale; a sale number already in the book is refused with
    /// [`super::StoreError::DuplicateSaleNumber`]. Returns its id.
    pub fn sale(&mut self, sale: &Sale) -> Result<i64> {
        insert_sale(self.tx, sale, None)
    }

    /// Records a payment. Returns its id.
    pub fn payment(&mut self, payment: &Payment) -> Result<i64> {
        insert_payment(self.tx, payment, None)
    }

    /// Inserts a feedback card (its `id` is ignored) with its questions.
    /// Returns its id.
    pub fn feedback_card(&mut self, card: &FeedbackCard) -> Result<CardId> {
        insert_card(self.tx, card)
    }

    /// Records a feedback response with its answers and any reply logged.
    /// Returns its id.
    pub fn feedback_response(&mut self, response: &FeedbackResponse) -> Result<ResponseId> {
        insert_response(self.tx, response)
    }

    /// Inserts a complaint case (or updates it, when it has an id), with its
    /// status worked out from `rules`, stamped `stamp` as created and
    /// updated; an accepted refund or exchange records the case's return,
    /// dated and stamped `stamp`, as [`Store::save_complaint`] does. Returns
    /// the case's id.
    pub fn complaint(
        &mut self,
        c: &Complaint,
        rules: &ComplaintRules,
        stamp: NaiveDateTime,
    ) -> Result<ComplaintId> {
        let id = write_complaint(self.tx, c, rules, stamp)?;
        sync_return(self.tx, id, c, stamp)?;
        Ok(id)
    }

    /// Records a return (its `id` is ignored), stamped `created_at`.
    /// Returns its id.
    pub fn return_entry(&mut self, e: &ReturnEntry, created_at: NaiveDateTime) -> Result<ReturnId> {
        insert_return(self.tx, e, created_at)
    }

    /// Records an entry of a customer's collection log. Returns its id.
    pub fn collection_entry(&mut self, e: &LogEntry) -> Result<i64> {
        insert_collection_entry(self.tx, e)
    }

    /// Records (or replaces) why a customer does not pay.
    pub fn collection_cause(&mut self, customer: CustomerId, cause: &CauseRecord) -> Result<()> {
        upsert_cause(self.tx, customer, cause)
    }

    /// Records a credit sale the owner confirmed past `warnings` when the
    /// customer owed `owed`, as [`Store::add_sale_confirmed`] does. Returns
    /// the sale's id.
    pub fn sale_confirmed(
        &mut self,
        sale: &Sale,
        warnings: &[CreditWarning],
        owed: Money,
        confirmed_at: NaiveDateTime,
    ) -> Result<i64> {
        insert_sale_confirmed(self.tx, sale, warnings, owed, confirmed_at)
    }

    /// Records a leave reason or retention attempt. Returns its id.
    pub fn retention_note(&mut self, note: &RetentionNote) -> Result<i64> {
        insert_retention_note(self.tx, note)
    }

    /// Computes every card's ABC class from the sales written so far, as
    /// [`Store::recompute_abc`] does (manual overrides stay in force).
    pub fn recompute_abc(&mut self, as_of: NaiveDate) -> Result<AbcUpdate> {
        recompute_abc(self.tx, as_of)
    }

    /// Sets a shop-wide setting (see [`super::settings::keys`]).
    pub fn setting(&mut self, key: &str, value: &str) -> Result<()> {
        upsert_setting(self.tx, key, value)
    }
}
