//! Messages for the small entry forms on the card (contacts, promises,
//! sales, payments, collection steps): which field is wrong and why, plus
//! the parsers that fill them, so each form reads its fields the same way.
//! Each form names its fields with its own enum implementing [`EntryField`].

use chrono::NaiveDate;

use super::parse_optional_date;
use crate::domain::money::Money;
use crate::i18n::{money_error, store_error, t};
use crate::store::{Store, StoreError};
use crate::ui::app::ViewCtx;

/// A field of one entry form, the key its messages are filed under.
pub trait EntryField: Copy + PartialEq + std::fmt::Debug {
    /// The field's label as the form shows it, in the UI language.
    fn label(self) -> String;

    /// The field that shows "this sale number is already used", on the
    /// forms that have a sale number.
    fn sale_number() -> Option<Self> {
        None
    }
}

/// One message per field, in the order found.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldErrors<F>(Vec<(F, String)>);

impl<F> Default for FieldErrors<F> {
    fn default() -> Self {
        FieldErrors(Vec::new())
    }
}

impl<F: EntryField> FieldErrors<F> {
    pub fn add(&mut self, key: F, message: impl Into<String>) {
        self.0.push((key, message.into()));
    }

    pub fn get(&self, key: F) -> Option<&String> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, e)| e)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// A date that must be given.
    pub fn required_date(&mut self, key: F, text: &str) -> Option<NaiveDate> {
        match parse_optional_date(text) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                self.add(key, t!("err.required"));
                None
            }
            Err(e) => {
                self.add(key, e);
                None
            }
        }
    }

    /// A date that may be left empty (`None` then, and also on error).
    pub fn optional_date(&mut self, key: F, text: &str) -> Option<NaiveDate> {
        parse_optional_date(text).unwrap_or_else(|e| {
            self.add(key, e);
            None
        })
    }

    /// An amount above zero.
    pub fn positive_money(&mut self, key: F, text: &str) -> Option<Money> {
        match Money::parse(text) {
            Ok(m) if m.fen() > 0 => Some(m),
            Ok(_) => {
                self.add(key, t!("err.amount_positive"));
                None
            }
            Err(e) => {
                self.add(key, money_error(&e));
                None
            }
        }
    }

    /// Text that must not be blank.
    pub fn required_text(&mut self, key: F, text: &str) {
        if text.trim().is_empty() {
            self.add(key, t!("err.required"));
        }
    }
}

/// Writes a parsed entry with `write`. A parse failure keeps its messages on
/// the form; a store error that belongs to a field (a sale number already
/// used) is shown there, any other in the status line. True when written.
pub fn record<T, F: EntryField>(
    view: &mut ViewCtx<'_>,
    parsed: Result<T, FieldErrors<F>>,
    errors: &mut FieldErrors<F>,
    saved_message: &str,
    write: impl FnOnce(&mut Store, T) -> crate::store::Result<()>,
) -> bool {
    let value = match parsed {
        Ok(value) => value,
        Err(found) => {
            *errors = found;
            return false;
        }
    };
    match write(view.store, value) {
        Ok(()) => {
            errors.clear();
            view.status.info(saved_message);
            true
        }
        Err(StoreError::DuplicateSaleNumber(n)) => {
            errors.clear();
            if let Some(field) = F::sale_number() {
                errors.add(field, t!("err.sale_number_taken", number = n));
            }
            false
        }
        Err(e) => {
            view.status.error(store_error(&e));
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Field {
        A,
        B,
        C,
        D,
        F,
        G,
        H,
    }

    impl EntryField for Field {
        fn label(self) -> String {
            format!("{self:?}")
        }
    }

    #[test]
    fn each_parser_records_its_field() {
        use Field::*;
        let mut e = FieldErrors::default();
        assert_eq!(
            e.required_date(A, "2026-11-23"),
            NaiveDate::from_ymd_opt(2026, 11, 23)
        );
        assert_eq!(e.required_date(B, ""), None);
        assert_eq!(e.optional_date(C, ""), None);
        assert_eq!(e.optional_date(D, "2026-02-30"), None);
        assert_eq!(e.positive_money(F, "0"), None);
        assert_eq!(e.positive_money(G, "12.5"), Some(Money(1250)));
        e.required_text(H, "  ");
        for key in [B, D, F, H] {
            assert!(e.get(key).is_some(), "{key:?}");
        }
        for key in [A, C, G] {
            assert!(e.get(key).is_none(), "{key:?}");
        }
    }
}
