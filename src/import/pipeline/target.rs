//! Where the engine's accepted rows go: [`Target`], implemented by
//! [`CheckTarget`] (a check: the book is only read, what the file adds is
//! kept in memory with placeholder ids) and by the batch's [`ImportWriter`]
//! (an import: written inside the batch's transaction).

use super::OnDuplicate;
use super::index::FxMap;
use super::merge::merge;
use crate::domain::customer::{Customer, CustomerId};
use crate::domain::returns::ReturnEntry;
use crate::domain::sale::{Payment, Sale};
use crate::import::fields::Field;
use crate::store::card_write::PreparedCard;
use crate::store::imports::ImportWriter;
use crate::store::{Store, StoreError};

/// Where accepted rows go: nowhere (check) or into the batch (import).
pub(super) trait Target {
    fn add_customer(&mut self, card: &PreparedCard) -> Result<CustomerId, StoreError>;
    /// Merges the file's card into an existing one; whether anything changed.
    fn update_customer(
        &mut self,
        id: CustomerId,
        incoming: &Customer,
        mapped: &[Field],
        on_duplicate: OnDuplicate,
    ) -> Result<bool, StoreError>;
    /// Who referred this customer, as the file leaves the card so far.
    fn referrer_of(&self, id: CustomerId) -> Result<Option<CustomerId>, StoreError>;
    fn sale_by_number(&mut self, number: &str) -> Result<Option<(i64, CustomerId)>, StoreError>;
    fn add_sale(&mut self, sale: &Sale) -> Result<i64, StoreError>;
    fn same_sale_existed(&self, sale: &Sale) -> Result<bool, StoreError>;
    fn add_payment(&mut self, payment: &Payment) -> Result<(), StoreError>;
    fn same_payment_existed(&self, payment: &Payment) -> Result<bool, StoreError>;
    fn add_return(&mut self, entry: &ReturnEntry) -> Result<(), StoreError>;
    fn same_return_existed(&self, entry: &ReturnEntry) -> Result<bool, StoreError>;
}

/// Checking: the book is read, what the file adds is remembered in memory.
pub(super) struct CheckTarget<'a> {
    store: &'a Store,
    /// Placeholder ids for cards and sales the file adds: -1, -2, …
    next_id: i64,
    /// Sale numbers the file adds, with placeholder sale id and customer
    /// (a million-row sales file keeps a million of them: `Box<str>` keys
    /// are a third smaller than `String`s).
    numbers: FxMap<Box<str>, (i64, CustomerId)>,
    /// Cards as the file leaves them so far: those it adds and book cards it
    /// changes, so a later row with the same phone is merged into what the
    /// import would find there (and counted as it would count it).
    cards: FxMap<CustomerId, Customer>,
}

impl<'a> CheckTarget<'a> {
    /// A check against `store`, nothing added yet.
    pub(super) fn new(store: &'a Store) -> CheckTarget<'a> {
        CheckTarget {
            store,
            next_id: -1,
            numbers: FxMap::default(),
            cards: FxMap::default(),
        }
    }

    fn placeholder(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id -= 1;
        id
    }
}

impl Target for CheckTarget<'_> {
    fn add_customer(&mut self, card: &PreparedCard) -> Result<CustomerId, StoreError> {
        let id = self.placeholder();
        let mut card = card.card().clone();
        card.id = Some(id);
        self.cards.insert(id, card);
        Ok(id)
    }

    fn update_customer(
        &mut self,
        id: CustomerId,
        incoming: &Customer,
        mapped: &[Field],
        on_duplicate: OnDuplicate,
    ) -> Result<bool, StoreError> {
        let mut card = match self.cards.get(&id) {
            Some(card) => card.clone(),
            None => self.store.customer(id)?.ok_or(StoreError::NotFound(id))?,
        };
        let changed = merge(&mut card, incoming, mapped, on_duplicate);
        if changed {
            self.cards.insert(id, card);
        }
        Ok(changed)
    }

    fn referrer_of(&self, id: CustomerId) -> Result<Option<CustomerId>, StoreError> {
        Ok(match self.cards.get(&id) {
            Some(card) => card.referred_by,
            None => self.store.customer(id)?.and_then(|c| c.referred_by),
        })
    }

    fn sale_by_number(&mut self, number: &str) -> Result<Option<(i64, CustomerId)>, StoreError> {
        if let Some(found) = self.numbers.get(number) {
            return Ok(Some(*found));
        }
        self.store.sale_by_number(number)
    }

    fn add_sale(&mut self, sale: &Sale) -> Result<i64, StoreError> {
        let id = self.placeholder();
        if let Some(number) = &sale.number {
            self.numbers
                .insert(number.as_str().into(), (id, sale.customer_id));
        }
        Ok(id)
    }

    fn same_sale_existed(&self, sale: &Sale) -> Result<bool, StoreError> {
        if sale.customer_id < 0 {
            return Ok(false);
        }
        self.store.same_sale_exists(sale)
    }

    fn add_payment(&mut self, _: &Payment) -> Result<(), StoreError> {
        Ok(())
    }

    fn same_payment_existed(&self, payment: &Payment) -> Result<bool, StoreError> {
        if payment.customer_id < 0 || payment.sale_id.is_some_and(|s| s < 0) {
            return Ok(false);
        }
        self.store.same_payment_exists(payment)
    }

    fn add_return(&mut self, _: &ReturnEntry) -> Result<(), StoreError> {
        Ok(())
    }

    fn same_return_existed(&self, entry: &ReturnEntry) -> Result<bool, StoreError> {
        if entry.customer_id.is_some_and(|c| c < 0) || entry.sale_id.is_some_and(|s| s < 0) {
            return Ok(false);
        }
        self.store.same_return_exists(entry)
    }
}

impl Target for ImportWriter<'_> {
    fn add_customer(&mut self, card: &PreparedCard) -> Result<CustomerId, StoreError> {
        ImportWriter::add_customer(self, card)
    }

    fn update_customer(
        &mut self,
        id: CustomerId,
        incoming: &Customer,
        mapped: &[Field],
        on_duplicate: OnDuplicate,
    ) -> Result<bool, StoreError> {
        let Some(mut card) = self.customer(id)? else {
            return Err(StoreError::NotFound(id));
        };
        let changed = merge(&mut card, incoming, mapped, on_duplicate);
        if changed {
            ImportWriter::update_customer(self, id, card)?;
        }
        Ok(changed)
    }

    fn referrer_of(&self, id: CustomerId) -> Result<Option<CustomerId>, StoreError> {
        Ok(self.customer(id)?.and_then(|c| c.referred_by))
    }

    fn sale_by_number(&mut self, number: &str) -> Result<Option<(i64, CustomerId)>, StoreError> {
        ImportWriter::sale_by_number(self, number)
    }

    fn add_sale(&mut self, sale: &Sale) -> Result<i64, StoreError> {
        ImportWriter::add_sale(self, sale)
    }

    fn same_sale_existed(&self, sale: &Sale) -> Result<bool, StoreError> {
        ImportWriter::same_sale_existed(self, sale)
    }

    fn add_payment(&mut self, payment: &Payment) -> Result<(), StoreError> {
        ImportWriter::add_payment(self, payment).map(|_| ())
    }

    fn same_payment_existed(&self, payment: &Payment) -> Result<bool, StoreError> {
        ImportWriter::same_payment_existed(self, payment)
    }

    fn add_return(&mut self, entry: &ReturnEntry) -> Result<(), StoreError> {
        ImportWriter::add_return(self, entry).map(|_| ())
    }

    fn same_return_existed(&self, entry: &ReturnEntry) -> Result<bool, StoreError> {
        ImportWriter::same_return_existed(self, entry)
    }
}
