//! Messages for the small entry forms on the card (contacts, promises,
//! sales, payments, collection steps): which field is wrong and why, plus
//! the parsers that fill them, so each form reads its fields the same way.
//! Each form names its fields with its own enum implementing [`EntryField`].
//!
//! Messages follow the typing (one rule for every form, the card's too): a
//! field the user leaves after changing it shows its message, a message
//! goes as soon as its field parses, and Save shows them all. [`Live`]
//! notices the fields left; [`FieldErrors::follow`] applies the rule.

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
pub struct FieldErrors<F> {
    messages: Vec<(F, String)>,
    /// A message the store gave (a sale number already used), which no
    /// parse of the form reproduces: it stays until its field is edited.
    sticky: Option<F>,
}

impl<F> Default for FieldErrors<F> {
    fn default() -> Self {
        FieldErrors {
            messages: Vec::new(),
            sticky: None,
        }
    }
}

impl<F: EntryField> FieldErrors<F> {
    /// Files a message under `key` (the first message of a field counts).
    pub fn add(&mut self, key: F, message: impl Into<String>) {
        if self.get(key).is_none() {
            self.messages.push((key, message.into()));
        }
    }

    /// Files a message from the store, kept until its field is edited.
    pub fn add_sticky(&mut self, key: F, message: impl Into<String>) {
        self.add(key, message);
        self.sticky = Some(key);
    }

    pub fn get(&self, key: F) -> Option<&String> {
        self.messages
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, e)| e)
    }

    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    pub fn len(&self) -> usize {
        self.messages.len()
    }

    pub fn clear(&mut self) {
        self.messages.clear();
        self.sticky = None;
    }

    /// Brings the shown messages in step with what is typed now. `fresh`
    /// holds the form's messages as a save would find them: a shown message
    /// whose field parses now goes, one still wrong is updated, and the
    /// fields just left (`live`) show theirs. The store's message stays
    /// until its field is edited.
    pub fn follow(&mut self, fresh: FieldErrors<F>, live: &Live<F>) {
        let sticky = self
            .sticky
            .filter(|f| !live.changed.contains(f))
            .and_then(|f| self.get(f).cloned().map(|m| (f, m)));
        let shown: Vec<F> = self.messages.iter().map(|(f, _)| *f).collect();
        self.messages = fresh
            .messages
            .into_iter()
            .filter(|(f, _)| shown.contains(f) || live.left.contains(f))
            .collect();
        self.sticky = None;
        if let Some((field, message)) = sticky {
            self.add_sticky(field, message);
        }
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
            Err(_) if is_negative_amount(text) => {
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

/// An amount written with a minus sign the money parser does not take
/// where it stands (`¥-500`, `−500` with a typographic minus): it is a
/// negative amount, and the message should say so rather than "not a number".
pub fn is_negative_amount(text: &str) -> bool {
    const MINUS: [char; 4] = ['-', '−', '－', '–'];
    text.contains(MINUS) && {
        let unsigned: String = text.chars().filter(|c| !MINUS.contains(c)).collect();
        Money::parse(&unsigned).is_ok_and(|m| m.fen() > 0)
    }
}

/// The fields of one form the user edited and then left, noticed while the
/// form is drawn (see [`FieldErrors::follow`]). Kept with the form.
#[derive(Debug, Clone)]
pub struct Live<F> {
    /// Fields changed since they last lost focus.
    edited: Vec<F>,
    /// Fields left this frame after a change.
    left: Vec<F>,
    /// Fields changed this frame.
    changed: Vec<F>,
}

impl<F> Default for Live<F> {
    fn default() -> Self {
        Live {
            edited: Vec::new(),
            left: Vec::new(),
            changed: Vec::new(),
        }
    }
}

impl<F: EntryField> Live<F> {
    /// Starts a frame: forgets which fields were left or changed last frame.
    pub fn begin(&mut self) {
        self.left.clear();
        self.changed.clear();
    }

    /// Notes what happened to `field`'s input this frame.
    pub fn watch(&mut self, field: F, response: &egui::Response) {
        if response.changed() {
            self.changed.push(field);
            if !self.edited.contains(&field) {
                self.edited.push(field);
            }
        }
        if response.lost_focus() && self.edited.contains(&field) {
            self.edited.retain(|f| *f != field);
            self.left.push(field);
        }
    }

    /// Whether a field was left after a change this frame.
    pub fn any_left(&self) -> bool {
        !self.left.is_empty()
    }

    /// Whether the form should be checked again at the end of this frame:
    /// messages are shown (they may be fixed now) or a field was left.
    pub fn should_check(&self, errors: &FieldErrors<F>) -> bool {
        !errors.is_empty() || self.any_left()
    }

    /// Forgets everything (the form was saved or cleared).
    pub fn reset(&mut self) {
        self.edited.clear();
        self.begin();
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
                errors.add_sticky(field, t!("err.sale_number_taken", number = n));
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

    #[test]
    fn messages_follow_the_typing() {
        use Field::*;
        let fresh = |keys: &[Field]| {
            let mut e = FieldErrors::default();
            for k in keys {
                e.add(*k, format!("{k:?} is wrong"));
            }
            e
        };
        let live = Live::default();
        // Shown: A and B. Now only B (and C, never shown) are wrong.
        let mut shown = fresh(&[A, B]);
        shown.follow(fresh(&[B, C]), &live);
        assert_eq!(shown.get(A), None, "A parses now: its message went");
        assert!(shown.get(B).is_some(), "B is still wrong");
        assert_eq!(shown.get(C), None, "C was not left: nothing said yet");
        // Leaving C after a change shows its message.
        let mut live = Live::default();
        live.left.push(C);
        shown.follow(fresh(&[B, C]), &live);
        assert!(shown.get(C).is_some());
        // The store's message stays until its own field is edited.
        let mut shown = FieldErrors::default();
        shown.add_sticky(D, "taken");
        shown.follow(fresh(&[]), &Live::default());
        assert_eq!(shown.get(D).map(String::as_str), Some("taken"));
        let mut live = Live::default();
        live.changed.push(D);
        shown.follow(fresh(&[]), &live);
        assert!(shown.is_empty());
    }

    #[test]
    fn minus_signs_anywhere_make_a_negative_amount() {
        for text in ["¥-500", "−500", "－500", "-¥1,000.50"] {
            assert!(is_negative_amount(text), "{text}");
        }
        for text in ["500", "abc", "-", "-abc", ""] {
            assert!(!is_negative_amount(text), "{text}");
        }
        let mut e: FieldErrors<Field> = FieldErrors::default();
        assert_eq!(e.positive_money(Field::A, "¥-500"), None);
        assert_eq!(
            e.get(Field::A).map(String::as_str),
            Some(t!("err.amount_positive").as_ref())
        );
    }
}
