//! The card's editable state: every field as the user typed it, turned into
//! a validated [`Customer`] or a map of inline messages. Nothing typed is
//! thrown away on error: the form keeps the text until it is saved.

use chrono::NaiveDateTime;

use crate::domain::contact::ContactChannel;
use crate::domain::customer::{
    CustomDate, Customer, CustomerClass, CustomerField, CustomerId, FamilyMember, Gender, Relation,
    Source, parse_tags,
};
use crate::domain::money::Money;
use crate::domain::phone::Phone;
use crate::i18n::{customer_problem, money_error, phone_error, t};
use crate::store::customers::CustomerRef;
use crate::ui::widgets::entry::{EntryField, FieldErrors, is_negative_amount};
use crate::ui::widgets::parse_optional_date;
use crate::ui::widgets::yearly_input::YearlyInput;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FamilyRow {
    pub relation: Relation,
    pub name: String,
    pub birthday: YearlyInput,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CustomDateRow {
    pub label: String,
    pub date: YearlyInput,
}

/// Every field of the card as text or simple choices. Serializable so an
/// unsaved card survives a crash as a draft.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CardForm {
    pub id: Option<CustomerId>,
    pub created_at: NaiveDateTime,
    pub class_computed: Option<CustomerClass>,
    pub name: String,
    pub mobile: String,
    pub phone2: String,
    pub wechat: String,
    pub email: String,
    pub address: String,
    pub company: String,
    pub occupation: String,
    pub gender: Gender,
    pub preferred_channel: Option<ContactChannel>,
    pub do_not_contact: bool,
    pub birthday: YearlyInput,
    pub anniversary: YearlyInput,
    pub family: Vec<FamilyRow>,
    pub custom_dates: Vec<CustomDateRow>,
    pub first_contact_date: String,
    pub first_contact_place: String,
    pub needs: String,
    pub background: String,
    pub tags: String,
    pub notes: String,
    pub source: Option<Source>,
    pub referred_by: Option<CustomerRef>,
    pub class_override: Option<CustomerClass>,
    pub credit_limit: String,
    pub blacklisted: bool,
    pub blacklist_reason: String,
    pub cadence_days: String,
}

/// One inline message per field of the card.
pub type Errors = FieldErrors<CustomerField>;

impl EntryField for CustomerField {
    /// The label of the field's row (a family member's and a custom date's
    /// messages show under their list).
    fn label(self) -> String {
        match self {
            CustomerField::Name => t!("card.name"),
            CustomerField::Mobile => t!("card.mobile"),
            CustomerField::Phone2 => t!("card.phone2"),
            CustomerField::Email => t!("card.email"),
            CustomerField::Birthday => t!("card.birthday"),
            CustomerField::Anniversary => t!("card.anniversary"),
            CustomerField::FirstContactDate => t!("card.first_contact_date"),
            CustomerField::ReferredBy => t!("card.referred_by"),
            CustomerField::CreditLimit => t!("card.credit_limit"),
            CustomerField::BlacklistReason => t!("card.blacklist"),
            CustomerField::Cadence => t!("card.cadence"),
            CustomerField::Family(_) => t!("card.family"),
            CustomerField::CustomDate(_) => t!("card.custom_dates"),
        }
        .into_owned()
    }
}

impl CardForm {
    /// A blank form for a new customer.
    pub fn blank(now: NaiveDateTime) -> CardForm {
        CardForm::from_customer(&Customer::new("", now), None)
    }

    pub fn from_customer(c: &Customer, referrer: Option<CustomerRef>) -> CardForm {
        CardForm {
            id: c.id,
            created_at: c.created_at,
            class_computed: c.class_computed,
            name: c.name.clone(),
            mobile: c.mobile.clone(),
            phone2: c.phone2.clone(),
            wechat: c.wechat.clone(),
            email: c.email.clone(),
            address: c.address.clone(),
            company: c.company.clone(),
            occupation: c.occupation.clone(),
            gender: c.gender,
            preferred_channel: c.preferred_channel,
            do_not_contact: c.do_not_contact,
            birthday: YearlyInput::from_value(c.birthday),
            anniversary: YearlyInput::from_value(c.anniversary),
            family: c
                .family
                .iter()
                .map(|m| FamilyRow {
                    relation: m.relation,
                    name: m.name.clone(),
                    birthday: YearlyInput::from_value(m.birthday),
                    note: m.note.clone(),
                })
                .collect(),
            custom_dates: c
                .custom_dates
                .iter()
                .map(|d| CustomDateRow {
                    label: d.label.clone(),
                    date: YearlyInput::from_value(Some(d.date)),
                })
                .collect(),
            first_contact_date: c
                .first_contact_date
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            first_contact_place: c.first_contact_place.clone(),
            needs: c.needs.clone(),
            background: c.background.clone(),
            tags: c.tags.join("，"),
            notes: c.notes.clone(),
            source: c.source,
            referred_by: referrer,
            class_override: c.class_override,
            credit_limit: c.credit_limit.map(|m| m.to_plain()).unwrap_or_default(),
            blacklisted: c.blacklisted,
            blacklist_reason: c.blacklist_reason.clone(),
            cadence_days: c.cadence_days.map(|d| d.to_string()).unwrap_or_default(),
        }
    }

    /// The normalised phone in a field, when it parses (for duplicate checks).
    pub fn normalised_phone(text: &str) -> Option<String> {
        Phone::parse(text).ok().map(Phone::into_string)
    }

    /// Parses and validates everything; on failure, one message per field.
    pub fn to_customer(&self) -> Result<Customer, Errors> {
        let mut errors = Errors::default();
        let mut c = Customer::new(self.name.trim(), self.created_at);
        c.id = self.id;
        c.class_computed = self.class_computed;
        for (key, text, slot) in [
            (CustomerField::Mobile, &self.mobile, &mut c.mobile),
            (CustomerField::Phone2, &self.phone2, &mut c.phone2),
        ] {
            if !text.trim().is_empty() {
                match Phone::parse(text) {
                    Ok(p) => *slot = p.into_string(),
                    Err(e) => {
                        errors.add(key, phone_error(&e));
                    }
                }
            }
        }
        c.wechat = self.wechat.trim().to_string();
        c.email = self.email.trim().to_string();
        c.address = self.address.trim().to_string();
        c.company = self.company.trim().to_string();
        c.occupation = self.occupation.trim().to_string();
        c.gender = self.gender;
        c.preferred_channel = self.preferred_channel;
        c.do_not_contact = self.do_not_contact;
        match self.birthday.parse() {
            Ok(v) => c.birthday = v,
            Err(e) => {
                errors.add(CustomerField::Birthday, e);
            }
        }
        match self.anniversary.parse() {
            Ok(v) => c.anniversary = v,
            Err(e) => {
                errors.add(CustomerField::Anniversary, e);
            }
        }
        for (i, row) in self.family.iter().enumerate() {
            match row.birthday.parse() {
                Ok(birthday) => c.family.push(FamilyMember {
                    relation: row.relation,
                    name: row.name.trim().to_string(),
                    birthday,
                    note: row.note.trim().to_string(),
                }),
                Err(e) => {
                    errors.add(CustomerField::Family(i), e);
                }
            }
        }
        for (i, row) in self.custom_dates.iter().enumerate() {
            match row.date.parse() {
                Ok(Some(date)) => c.custom_dates.push(CustomDate {
                    label: row.label.trim().to_string(),
                    date,
                }),
                Ok(None) => {
                    errors.add(
                        CustomerField::CustomDate(i),
                        t!("err.date_required").into_owned(),
                    );
                }
                Err(e) => {
                    errors.add(CustomerField::CustomDate(i), e);
                }
            }
        }
        match parse_optional_date(&self.first_contact_date) {
            Ok(d) => c.first_contact_date = d,
            Err(e) => {
                errors.add(CustomerField::FirstContactDate, e);
            }
        }
        c.first_contact_place = self.first_contact_place.trim().to_string();
        c.needs = self.needs.trim().to_string();
        c.background = self.background.trim().to_string();
        c.tags = parse_tags(&self.tags);
        c.notes = self.notes.trim().to_string();
        c.source = self.source;
        c.referred_by = self.referred_by.as_ref().map(|r| r.id);
        c.class_override = self.class_override;
        if !self.credit_limit.trim().is_empty() {
            match Money::parse(&self.credit_limit) {
                Ok(m) => c.credit_limit = Some(m),
                Err(_) if is_negative_amount(&self.credit_limit) => {
                    errors.add(CustomerField::CreditLimit, t!("err.negative_credit"));
                }
                Err(e) => {
                    errors.add(CustomerField::CreditLimit, money_error(&e));
                }
            }
        }
        c.blacklisted = self.blacklisted;
        c.blacklist_reason = self.blacklist_reason.trim().to_string();
        if !self.cadence_days.trim().is_empty() {
            match crate::domain::text::to_half_width(self.cadence_days.trim()).parse::<u32>() {
                Ok(d) => c.cadence_days = Some(d),
                Err(_) => {
                    errors.add(CustomerField::Cadence, t!("err.cadence_range").into_owned());
                }
            }
        }
        // Whole-card rules, for the fields that parsed.
        for (field, problem) in c.validate() {
            errors.add(field, customer_problem(&problem));
        }
        if errors.is_empty() {
            Ok(c)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::widgets::yearly_input::YearlyKind;

    fn now() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
    }

    #[test]
    fn typed_values_are_normalised() {
        let mut f = CardForm::blank(now());
        f.name = " 张三 ".into();
        f.mobile = "+86 138-0013-8000".into();
        f.credit_limit = "¥5,000".into();
        f.tags = "老客户、VIP".into();
        f.birthday = YearlyInput {
            kind: YearlyKind::Lunar,
            lunar_month: 8,
            lunar_day: 15,
            ..Default::default()
        };
        let c = f.to_customer().unwrap();
        assert_eq!(c.name, "张三");
        assert_eq!(c.mobile, "13800138000");
        assert_eq!(c.credit_limit, Some(Money(500_000)));
        assert_eq!(c.tags, vec!["老客户", "VIP"]);
        assert!(c.birthday.unwrap().is_lunar());
    }

    #[test]
    fn every_bad_field_gets_its_own_message() {
        let mut f = CardForm::blank(now());
        f.mobile = "12345".into();
        f.email = "x@".into();
        f.first_contact_date = "2023-02-30".into();
        f.credit_limit = "abc".into();
        f.blacklisted = true;
        let errors = f.to_customer().unwrap_err();
        for key in [
            CustomerField::Name,
            CustomerField::Mobile,
            CustomerField::Email,
            CustomerField::FirstContactDate,
            CustomerField::CreditLimit,
            CustomerField::BlacklistReason,
        ] {
            assert!(errors.get(key).is_some(), "missing {key:?}: {errors:?}");
        }
    }

    #[test]
    fn a_negative_credit_limit_says_so_however_it_is_written() {
        for typed in ["-500", "¥-500", "−500"] {
            let mut f = CardForm::blank(now());
            f.name = "张三".into();
            f.credit_limit = typed.into();
            let errors = f.to_customer().unwrap_err();
            assert_eq!(
                errors.get(CustomerField::CreditLimit).map(String::as_str),
                Some(t!("err.negative_credit").as_ref()),
                "{typed}"
            );
        }
    }

    #[test]
    fn customer_round_trips_through_the_form() {
        let mut f = CardForm::blank(now());
        f.name = "李四".into();
        f.phone2 = "010-12345678".into();
        f.family.push(FamilyRow {
            relation: Relation::Spouse,
            name: "王芳".into(),
            birthday: YearlyInput::default(),
            note: String::new(),
        });
        let c = f.to_customer().unwrap();
        let again = CardForm::from_customer(&c, None);
        assert_eq!(again.to_customer().unwrap(), c);
    }
}
