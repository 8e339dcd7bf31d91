//! The book's customer directory: one summary row per customer and the
//! tags in use, read once when the book opens and kept current row by row
//! after each save. Owned by the app, not by a view: the customer list
//! draws it, Home counts it and the after-sales pickers search it.
//! Customers whose row holds a value the book cannot read are left out of
//! the list (their row could not be shown truthfully anyway) and named once
//! in the status line, so one bad cell never hides every customer.

use crate::domain::customer::CustomerId;
use crate::store::customers::{CustomerSummary, UnreadableCustomer};
use crate::store::{Store, StoreError};

#[derive(Default)]
pub struct CustomerDirectory {
    rows: Vec<CustomerSummary>,
    tags: Vec<String>,
    /// Changes with every edit, so views re-derive their orders.
    generation: u64,
    /// Customers left out because a cell of theirs cannot be read.
    unreadable: Vec<UnreadableCustomer>,
    /// Whether the status line has told about `unreadable` already.
    told: bool,
}

impl CustomerDirectory {
    pub fn load(store: &Store) -> crate::store::Result<CustomerDirectory> {
        let list = store.customer_list()?;
        for bad in &list.unreadable {
            log::warn!("{bad}; left out of the customer list");
        }
        Ok(CustomerDirectory {
            rows: list.rows,
            tags: store.all_tags()?,
            generation: 1,
            unreadable: list.unreadable,
            told: false,
        })
    }

    /// A directory of given rows (tests).
    pub fn from_rows(rows: Vec<CustomerSummary>, tags: Vec<String>) -> CustomerDirectory {
        CustomerDirectory {
            rows,
            tags,
            generation: 1,
            unreadable: Vec::new(),
            told: false,
        }
    }

    /// The customers left out because a cell of theirs cannot be read.
    pub fn unreadable(&self) -> &[UnreadableCustomer] {
        &self.unreadable
    }

    /// The customers left out, the first time they are asked for after a
    /// read that found them (a read again finding the same ones tells
    /// nothing new).
    pub fn untold_unreadable(&mut self) -> Option<&[UnreadableCustomer]> {
        if self.told || self.unreadable.is_empty() {
            return None;
        }
        self.told = true;
        Some(&self.unreadable)
    }

    pub fn rows(&self) -> &[CustomerSummary] {
        &self.rows
    }

    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Takes the rows of a directory read afresh (on a background thread),
    /// keeping the generation increasing so views see the change.
    pub fn replace_with(&mut self, newer: CustomerDirectory) -> CustomerDirectory {
        let generation = self.generation + 1;
        let told = self.told && self.unreadable == newer.unreadable;
        let old = std::mem::replace(self, newer);
        self.generation = generation;
        self.told = told;
        old
    }

    /// Reads one customer's row again after it was saved (or drops it when
    /// the customer is gone, or left out when a cell of theirs cannot be
    /// read — told in the status line like those of a whole read).
    pub fn refresh_one(&mut self, store: &Store, id: CustomerId) -> crate::store::Result<()> {
        match store.customer_summary(id) {
            Ok(Some(row)) => {
                self.unreadable.retain(|bad| bad.id != id);
                self.upsert(row);
            }
            Ok(None) => self.remove(id),
            Err(StoreError::UnreadableCustomer(bad)) => {
                log::warn!("{bad}; left out of the customer list");
                self.remove(id);
                if !self.unreadable.iter().any(|b| b.id == id) {
                    self.unreadable.push(bad);
                    self.told = false;
                }
            }
            Err(e) => return Err(e),
        }
        Ok(())
    }

    /// Inserts or replaces one row.
    pub fn upsert(&mut self, row: CustomerSummary) {
        for tag in &row.tags {
            if !self.tags.contains(tag) {
                self.tags.push(tag.clone());
                self.tags.sort();
            }
        }
        match self.rows.iter().position(|r| r.id == row.id) {
            Some(i) => self.rows[i] = row,
            None => self.rows.push(row),
        }
        self.generation += 1;
    }

    pub fn remove(&mut self, id: CustomerId) {
        self.rows.retain(|r| r.id != id);
        self.generation += 1;
    }
}
