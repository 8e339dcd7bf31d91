//! Keeping an open card in step with the book: when the book's change
//! stamp moves (a return recorded in After-sales, classes recomputed, a
//! write from another connection), the saved card and its records are read
//! again. What the user is typing survives: the card form keeps every
//! field they changed and takes the new saved value of the others, and the
//! tabs' entry forms are not touched.

use serde_json::Value;

use super::{CardData, CardEditor};
use crate::domain::customer::CustomerId;
use crate::store::Store;
use crate::ui::customers::form::CardForm;

/// What reading the card again found.
#[derive(Debug, PartialEq, Eq)]
pub enum Refreshed {
    /// The book did not change, or the card is not saved yet.
    Unchanged,
    /// The card and its records were read again.
    Reloaded,
    /// The customer is no longer in the book.
    Gone(CustomerId),
}

impl CardEditor {
    /// Reads the saved card and its records again if the book changed since
    /// they were last read (one stamp check per frame otherwise).
    pub fn refresh(&mut self, store: &Store) -> crate::store::Result<Refreshed> {
        let Some(id) = self.form.id else {
            return Ok(Refreshed::Unchanged);
        };
        if !self.read_at.needs_read(store, ()) {
            return Ok(Refreshed::Unchanged);
        }
        let Some(customer) = store.customer(id)? else {
            return Ok(Refreshed::Gone(id));
        };
        let referrer = match customer.referred_by {
            Some(r) => store.customer_ref(r)?,
            None => None,
        };
        let data = CardData::load(store, id)?;
        let saved = CardForm::from_customer(&customer, referrer);
        self.form = rebase(&self.form, &self.pristine, &saved);
        self.pristine = saved;
        self.saved = Some(customer);
        self.data = data;
        // Another card may have taken or freed one of these phones.
        self.checked_phones = None;
        Ok(Refreshed::Reloaded)
    }

    /// Notes that the card was read just now (opening it), so the next
    /// [`CardEditor::refresh`] reads it again only after a write.
    pub(super) fn mark_read(&mut self, store: &Store) {
        self.read_at.needs_read(store, ());
    }

    /// Reads the card again at the next [`CardEditor::refresh`] even if the
    /// change stamp did not move (the book was reloaded).
    pub fn invalidate(&mut self) {
        self.read_at.invalidate();
    }
}

/// The form the user is editing, moved onto a newer saved card: each field
/// the user left as it was saved takes its new saved value; each field
/// they changed keeps their text. The computed class is never typed, so it
/// always follows the book.
fn rebase(form: &CardForm, old: &CardForm, new: &CardForm) -> CardForm {
    if form == old {
        return new.clone();
    }
    let merged = (|| -> serde_json::Result<CardForm> {
        let Value::Object(mut fields) = serde_json::to_value(form)? else {
            return Ok(form.clone());
        };
        let (Value::Object(old), Value::Object(new)) =
            (serde_json::to_value(old)?, serde_json::to_value(new)?)
        else {
            return Ok(form.clone());
        };
        for (key, value) in fields.iter_mut() {
            if old.get(key) == Some(value)
                && let Some(newer) = new.get(key)
            {
                *value = newer.clone();
            }
        }
        serde_json::from_value(Value::Object(fields))
    })();
    let mut merged = merged.unwrap_or_else(|e| {
        log::warn!("could not move the card being edited onto the saved card: {e}");
        form.clone()
    });
    merged.class_computed = new.class_computed;
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::{Customer, CustomerClass};

    fn card(name: &str, notes: &str, class: Option<CustomerClass>) -> CardForm {
        let created = chrono::NaiveDate::from_ymd_opt(2026, 11, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let mut c = Customer::new(name, created);
        c.id = Some(7);
        c.notes = notes.into();
        c.class_computed = class;
        CardForm::from_customer(&c, None)
    }

    #[test]
    fn an_untouched_form_becomes_the_new_saved_card() {
        let old = card("王芳", "", Some(CustomerClass::C));
        let new = card("王芳", "老客户", Some(CustomerClass::A));
        assert_eq!(rebase(&old, &old, &new), new);
    }

    #[test]
    fn typed_fields_are_kept_and_the_others_follow_the_book() {
        let old = card("王芳", "", Some(CustomerClass::C));
        let mut typing = old.clone();
        typing.name = "王芳芳".into();
        let new = card("王芳", "老客户", Some(CustomerClass::A));
        let merged = rebase(&typing, &old, &new);
        assert_eq!(merged.name, "王芳芳", "the user's edit stays");
        assert_eq!(
            merged.notes, "老客户",
            "an untouched field follows the book"
        );
        assert_eq!(merged.class_computed, Some(CustomerClass::A));
    }

    #[test]
    fn the_computed_class_follows_the_book_even_in_a_restored_draft() {
        let old = card("王芳", "", Some(CustomerClass::A));
        let mut draft = card("王芳", "", Some(CustomerClass::C));
        draft.name = "王芳芳".into();
        let new = card("王芳", "", Some(CustomerClass::B));
        assert_eq!(
            rebase(&draft, &old, &new).class_computed,
            Some(CustomerClass::B)
        );
    }
}
