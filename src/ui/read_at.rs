//! Remembering when a view last read the book, so reports derived from the
//! whole book are read again only after a write (or when their key, such
//! as the day, changes) rather than every frame.

use crate::store::{ChangeStamp, Store};

/// The book's change stamp and the key a view's data was read at.
#[derive(Debug)]
pub struct ReadAt<K>(Option<(ChangeStamp, K)>);

impl<K> Default for ReadAt<K> {
    fn default() -> Self {
        ReadAt(None)
    }
}

impl<K: PartialEq> ReadAt<K> {
    /// Whether the data must be read again: the book was written or `key`
    /// differs since the last call that answered yes (which is remembered).
    pub fn needs_read(&mut self, store: &Store, key: K) -> bool {
        let now = (store.change_stamp(), key);
        if self.0.as_ref() == Some(&now) {
            return false;
        }
        self.0 = Some(now);
        true
    }

    /// Forgets the last read, so the next [`ReadAt::needs_read`] says yes.
    pub fn invalidate(&mut self) {
        self.0 = None;
    }
}
