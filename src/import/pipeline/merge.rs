//! Merging a file's card into a customer already in the book, as the user
//! chose with [`OnDuplicate`] (fill empty fields or overwrite).

use super::OnDuplicate;
use crate::domain::customer::{Customer, Gender};
use crate::import::fields::Field;

/// Merges the fields the file maps into `card`: `Fill` only sets empty
/// fields, `Overwrite` sets every field the file has a value for. Tags are
/// added, never removed. Returns whether anything changed.
pub fn merge(card: &mut Customer, incoming: &Customer, mapped: &[Field], how: OnDuplicate) -> bool {
    if how == OnDuplicate::Skip {
        return false;
    }
    let overwrite = how == OnDuplicate::Overwrite;
    let before = card.clone();
    fn text(slot: &mut String, value: &str, overwrite: bool) {
        if !value.is_empty() && (overwrite || slot.trim().is_empty()) {
            *slot = value.to_string();
        }
    }
    fn opt<T: Clone>(slot: &mut Option<T>, value: &Option<T>, overwrite: bool) {
        if value.is_some() && (overwrite || slot.is_none()) {
            slot.clone_from(value);
        }
    }
    for field in mapped {
        match field {
            Field::Name => text(&mut card.name, &incoming.name, overwrite),
            Field::Mobile => text(&mut card.mobile, &incoming.mobile, overwrite),
            Field::Phone2 => text(&mut card.phone2, &incoming.phone2, overwrite),
            Field::Wechat => text(&mut card.wechat, &incoming.wechat, overwrite),
            Field::Email => text(&mut card.email, &incoming.email, overwrite),
            Field::Address => text(&mut card.address, &incoming.address, overwrite),
            Field::Company => text(&mut card.company, &incoming.company, overwrite),
            Field::Occupation => text(&mut card.occupation, &incoming.occupation, overwrite),
            Field::Notes => text(&mut card.notes, &incoming.notes, overwrite),
            Field::Gender
                if incoming.gender != Gender::Unknown
                    && (overwrite || card.gender == Gender::Unknown) =>
            {
                card.gender = incoming.gender;
            }
            Field::Birthday => opt(&mut card.birthday, &incoming.birthday, overwrite),
            Field::Anniversary => opt(&mut card.anniversary, &incoming.anniversary, overwrite),
            Field::Source => opt(&mut card.source, &incoming.source, overwrite),
            Field::ReferredBy if incoming.referred_by != card.id => {
                opt(&mut card.referred_by, &incoming.referred_by, overwrite);
            }
            Field::Class => opt(
                &mut card.class_override,
                &incoming.class_override,
                overwrite,
            ),
            Field::CreditLimit => opt(&mut card.credit_limit, &incoming.credit_limit, overwrite),
            Field::Tags => {
                for tag in &incoming.tags {
                    if !card.tags.contains(tag) {
                        card.tags.push(tag.clone());
                    }
                }
            }
            _ => {}
        }
    }
    // The mobile number moved into phone2 (or the reverse) must not leave
    // the same number twice on the card.
    if card.phone2 == card.mobile {
        card.phone2.clear();
    }
    *card != before
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::Source as CustomerSource;
    use chrono::{NaiveDate, NaiveDateTime};

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
    }

    #[test]
    fn fill_keeps_existing_values_and_overwrite_replaces_them() {
        let mut card = Customer::new("张三", now());
        card.id = Some(1);
        card.company = "旧公司".into();
        card.tags = vec!["老客户".into()];
        let mut incoming = Customer::new("张三", now());
        incoming.company = "新公司".into();
        incoming.address = "北京".into();
        incoming.source = Some(CustomerSource::Online);
        incoming.tags = vec!["VIP".into(), "老客户".into()];
        let mapped = [
            Field::Name,
            Field::Company,
            Field::Address,
            Field::Source,
            Field::Tags,
        ];

        let mut filled = card.clone();
        assert!(merge(&mut filled, &incoming, &mapped, OnDuplicate::Fill));
        assert_eq!(filled.company, "旧公司");
        assert_eq!(filled.address, "北京");
        assert_eq!(filled.tags, vec!["老客户", "VIP"]);

        let mut overwritten = card.clone();
        assert!(merge(
            &mut overwritten,
            &incoming,
            &mapped,
            OnDuplicate::Overwrite
        ));
        assert_eq!(overwritten.company, "新公司");
        assert_eq!(overwritten.source, Some(CustomerSource::Online));

        let mut skipped = card.clone();
        assert!(!merge(&mut skipped, &incoming, &mapped, OnDuplicate::Skip));
        assert_eq!(skipped, card);
    }

    #[test]
    fn an_unmapped_field_is_never_touched_by_a_merge() {
        let mut card = Customer::new("张三", now());
        card.company = "旧公司".into();
        let incoming = Customer::new("张三", now());
        assert!(!merge(
            &mut card,
            &incoming,
            &[Field::Name, Field::Company],
            OnDuplicate::Overwrite
        ));
        assert_eq!(card.company, "旧公司", "a blank cell never erases");
    }
}
