//! The batch's in-memory index of customers by phone and by exact name: the
//! book's cards plus those the file adds as it goes, used to match rows to
//! customers (nothing in a batch looks cards up through the database's
//! indexes). Keyed with FxHash for speed.

use std::collections::HashMap;

use crate::domain::customer::CustomerId;
use crate::store::{Store, StoreError};

/// rustc's FxHash (as in `rustc-hash` 2): much quicker than the default
/// SipHash on short keys such as phones, names and sale numbers, which the
/// engine looks up or adds once or twice per row. The keys come from the
/// shop's own book and file, so there is nobody to flood the tables.
#[derive(Default, Clone, Copy)]
pub(super) struct FxHasher(u64);

impl FxHasher {
    const K: u64 = 0xf135_7aea_2e62_a9c5;

    pub(super) fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut le = [0u8; 8];
            le.copy_from_slice(word);
            self.add(u64::from_le_bytes(le));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut le = [0u8; 8];
            le[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(le) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_i64(&mut self, n: i64) {
        self.add(n as u64);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        // The multiply leaves the high bits best mixed; the table uses the low ones too.
        self.0.rotate_left(26)
    }
}

pub(super) type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// A customer list's bytes per row, on the short side (a name, a phone, an
/// address and a few more cells), for guessing how many cards a file adds.
pub(super) const BYTES_PER_CUSTOMER_ROW: u64 = 100;

/// The most cards [`CustomerIndex::reserve`] makes room for ahead.
const MAX_RESERVED_CARDS: usize = 1_000_000;

/// Customers by phone and by exact name: the book's, plus those the file
/// adds as it goes.
#[derive(Default)]
pub(super) struct CustomerIndex {
    by_phone: FxMap<String, Ids>,
    by_name: FxMap<String, Ids>,
}

/// The customers under one phone or name: nearly always one, kept without
/// a vector of its own.
enum Ids {
    One([CustomerId; 1]),
    Many(Vec<CustomerId>),
}

impl Ids {
    fn as_slice(&self) -> &[CustomerId] {
        match self {
            Ids::One(one) => one,
            Ids::Many(many) => many,
        }
    }

    pub(super) fn add(&mut self, id: CustomerId) {
        match self {
            Ids::One([first]) if *first != id => *self = Ids::Many(vec![*first, id]),
            Ids::Many(many) if !many.contains(&id) => many.push(id),
            _ => {}
        }
    }

    fn insert(map: &mut FxMap<String, Ids>, key: String, id: CustomerId) {
        match map.entry(key) {
            std::collections::hash_map::Entry::Occupied(mut ids) => ids.get_mut().add(id),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(Ids::One([id]));
            }
        }
    }
}

/// The result of looking a customer up.
pub(super) enum Found {
    One(CustomerId),
    None,
    Many(usize),
}

impl CustomerIndex {
    pub(super) fn load(store: &Store) -> Result<CustomerIndex, StoreError> {
        let mut index = CustomerIndex::default();
        for key in store.customer_keys()? {
            index.add_owned(key.id, key.name, key.mobile, key.phone2);
        }
        Ok(index)
    }

    pub(super) fn add(&mut self, id: CustomerId, name: &str, mobile: &str, phone2: &str) {
        self.add_owned(id, name.to_owned(), mobile.to_owned(), phone2.to_owned());
    }

    /// Makes room for `cards` more cards (at most [`MAX_RESERVED_CARDS`]).
    pub(super) fn reserve(&mut self, cards: usize) {
        let cards = cards.min(MAX_RESERVED_CARDS);
        self.by_phone.reserve(cards);
        self.by_name.reserve(cards);
    }

    /// Adds a customer under its phones and name, keeping the strings as keys.
    pub(super) fn add_owned(
        &mut self,
        id: CustomerId,
        name: String,
        mobile: String,
        phone2: String,
    ) {
        for phone in [mobile, phone2] {
            if !phone.is_empty() {
                Ids::insert(&mut self.by_phone, phone, id);
            }
        }
        let name = if name.trim().len() == name.len() {
            name
        } else {
            name.trim().to_owned()
        };
        if !name.is_empty() {
            Ids::insert(&mut self.by_name, name, id);
        }
    }

    fn found(ids: Option<&Ids>) -> Found {
        match ids.map(Ids::as_slice) {
            None | Some([]) => Found::None,
            Some([id]) => Found::One(*id),
            Some(many) => Found::Many(many.len()),
        }
    }

    /// Phone first; among several with that phone, or when the phone is
    /// unknown, an exact name that names exactly one of them.
    pub(super) fn find(&self, phone: Option<&str>, name: Option<&str>) -> Found {
        if let Some(phone) = phone {
            let by_phone = self.by_phone.get(phone);
            match Self::found(by_phone) {
                Found::One(id) => return Found::One(id),
                Found::Many(n) => {
                    let ids = by_phone.map(Ids::as_slice).unwrap_or_default();
                    let named: Vec<CustomerId> = name
                        .and_then(|n| self.by_name.get(n))
                        .map(|named| {
                            named
                                .as_slice()
                                .iter()
                                .copied()
                                .filter(|id| ids.contains(id))
                                .collect()
                        })
                        .unwrap_or_default();
                    return match named.as_slice() {
                        [id] => Found::One(*id),
                        _ => Found::Many(n),
                    };
                }
                Found::None => {}
            }
        }
        match name {
            Some(name) => Self::found(self.by_name.get(name)),
            None => Found::None,
        }
    }

    /// The customers with exactly this name.
    pub(super) fn named(&self, name: &str) -> &[CustomerId] {
        self.by_name
            .get(name)
            .map(Ids::as_slice)
            .unwrap_or_default()
    }

    /// The first customer holding one of these phones.
    pub(super) fn by_phones(&self, phones: &[&str]) -> Option<CustomerId> {
        phones.iter().filter(|p| !p.is_empty()).find_map(|p| {
            self.by_phone
                .get(*p)
                .and_then(|ids| ids.as_slice().first().copied())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_prefers_phone_then_an_unambiguous_name() {
        let mut index = CustomerIndex::default();
        index.add(1, "张三", "13800138000", "");
        index.add(2, "张三", "13900139000", "");
        index.add(3, "李四", "13800138000", "");
        assert!(matches!(
            index.find(Some("13900139000"), Some("张三")),
            Found::One(2)
        ));
        assert!(matches!(
            index.find(Some("13800138000"), Some("李四")),
            Found::One(3)
        ));
        assert!(matches!(
            index.find(Some("13800138000"), None),
            Found::Many(2)
        ));
        assert!(matches!(index.find(None, Some("张三")), Found::Many(2)));
        assert!(matches!(
            index.find(Some("13700137000"), Some("李四")),
            Found::One(3)
        ));
        assert!(matches!(index.find(None, Some("王五")), Found::None));
    }
}
