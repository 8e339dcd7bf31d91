//! The book's customer directory: one summary row per customer and the
//! tags in use, read once when the book opens and kept current row by row
//! after each save. Owned by the app, not by a view: the customer list
//! draws it, Home counts it and the after-sales pickers search it.

use crate::domain::customer::CustomerId;
use crate::store::Store;
use crate::store::customers::CustomerSummary;

#[derive(Default)]
pub struct CustomerDirectory {
    rows: Vec<CustomerSummary>,
    tags: Vec<String>,
    /// Changes with every edit, so views re-derive their orders.
    generation: u64,
}

impl CustomerDirectory {
    pub fn load(store: &Store) -> crate::store::Result<CustomerDirectory> {
        Ok(CustomerDirectory {
            rows: store.customer_summaries()?,
            tags: store.all_tags()?,
            generation: 1,
        })
    }

    /// A directory of given rows (tests).
    pub fn from_rows(rows: Vec<CustomerSummary>, tags: Vec<String>) -> CustomerDirectory {
        CustomerDirectory {
            rows,
            tags,
            generation: 1,
        }
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
        let old = std::mem::replace(self, newer);
        self.generation = generation;
        old
    }

    /// Reads one customer's row again after it was saved (or drops it when
    /// the customer is gone).
    pub fn refresh_one(&mut self, store: &Store, id: CustomerId) -> crate::store::Result<()> {
        match store.customer_summary(id)? {
            Some(row) => self.upsert(row),
            None => self.remove(id),
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
