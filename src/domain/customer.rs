//! The customer card: identity, reach, dates that matter, background, source,
//! class and credit. Validation of a whole card lives here; parsing of single
//! typed values lives with each value type (phone, money, dates).

use chrono::{NaiveDate, NaiveDateTime};

use super::contact::ContactChannel;
use super::money::Money;
use super::phone::Phone;
use super::yearly::YearlyDate;

/// Defines a fieldless enum with a stable snake_case code for the database,
/// JSON and i18n keys, plus `ALL`, `code()` and `from_code()`.
#[macro_export]
macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name { $(#[serde(rename = $code)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database and shown in JSON.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

coded_enum!(
    /// Gender as the card records it.
    Gender { Unknown => "unknown", Male => "male", Female => "female" }
);

coded_enum!(
    /// How the customer first came to the shop (客户来源).
    Source {
        Reputation => "reputation",
        Referral => "referral",
        ColdContact => "cold_contact",
        TradeFair => "trade_fair",
        Online => "online",
        Other => "other",
    }
);

coded_enum!(
    /// ABC value class: A the top 70% of revenue, B the next 20%, C the rest.
    CustomerClass { A => "A", B => "B", C => "C" }
);

coded_enum!(
    /// Relation of a family member to the customer.
    Relation { Spouse => "spouse", Child => "child", Parent => "parent", Other => "other" }
);

pub type CustomerId = i64;

/// A family member whose dates matter to the relationship.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyMember {
    pub relation: Relation,
    pub name: String,
    pub birthday: Option<YearlyDate>,
    pub note: String,
}

/// A free-labelled yearly date ("shop anniversary", "mother's memorial day").
#[derive(Debug, Clone, PartialEq)]
pub struct CustomDate {
    pub label: String,
    pub date: YearlyDate,
}

/// The whole customer card.
#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    pub id: Option<CustomerId>,
    pub name: String,
    /// Normalised phone (usually a mobile); empty when unknown.
    pub mobile: String,
    /// A second normalised phone (landline or another mobile); may be empty.
    pub phone2: String,
    pub wechat: String,
    pub email: String,
    pub address: String,
    pub company: String,
    pub occupation: String,
    pub gender: Gender,
    pub preferred_channel: Option<ContactChannel>,
    pub do_not_contact: bool,
    pub birthday: Option<YearlyDate>,
    pub anniversary: Option<YearlyDate>,
    pub family: Vec<FamilyMember>,
    pub custom_dates: Vec<CustomDate>,
    pub first_contact_date: Option<NaiveDate>,
    pub first_contact_place: String,
    pub needs: String,
    pub background: String,
    pub tags: Vec<String>,
    pub notes: String,
    pub source: Option<Source>,
    pub referred_by: Option<CustomerId>,
    /// Class computed from sales (a later feature fills it).
    pub class_computed: Option<CustomerClass>,
    /// Class set by hand; wins over the computed one and is shown as such.
    pub class_override: Option<CustomerClass>,
    pub credit_limit: Option<Money>,
    pub blacklisted: bool,
    pub blacklist_reason: String,
    /// Per-customer contact cadence in days, overriding the class default.
    pub cadence_days: Option<u32>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A field of the card, for pointing validation messages at the right input
/// (the card form files its messages under it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CustomerField {
    Name,
    Mobile,
    Phone2,
    Email,
    Birthday,
    Anniversary,
    FirstContactDate,
    ReferredBy,
    CreditLimit,
    BlacklistReason,
    Cadence,
    Family(usize),
    CustomDate(usize),
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomerProblem {
    Required,
    InvalidEmail,
    NotANormalisedPhone,
    SelfReferral,
    NegativeCredit,
    CadenceRange,
}

impl Customer {
    /// An empty card created now.
    pub fn new(name: &str, now: NaiveDateTime) -> Customer {
        Customer {
            id: None,
            name: name.to_string(),
            mobile: String::new(),
            phone2: String::new(),
            wechat: String::new(),
            email: String::new(),
            address: String::new(),
            company: String::new(),
            occupation: String::new(),
            gender: Gender::Unknown,
            preferred_channel: None,
            do_not_contact: false,
            birthday: None,
            anniversary: None,
            family: Vec::new(),
            custom_dates: Vec::new(),
            first_contact_date: None,
            first_contact_place: String::new(),
            needs: String::new(),
            background: String::new(),
            tags: Vec::new(),
            notes: String::new(),
            source: None,
            referred_by: None,
            class_computed: None,
            class_override: None,
            credit_limit: None,
            blacklisted: false,
            blacklist_reason: String::new(),
            cadence_days: None,
            created_at: now,
            updated_at: now,
        }
    }

    /// The class in force: the manual override, else the computed one, else C.
    pub fn class(&self) -> CustomerClass {
        self.class_override
            .or(self.class_computed)
            .unwrap_or(CustomerClass::C)
    }

    /// Checks the rules that span the whole card. Typed values (phones, dates,
    /// money) are parsed before they get here, so only consistency remains.
    pub fn validate(&self) -> Vec<(CustomerField, CustomerProblem)> {
        let mut problems = Vec::new();
        if self.name.trim().is_empty() {
            problems.push((CustomerField::Name, CustomerProblem::Required));
        }
        for (field, value) in [
            (CustomerField::Mobile, &self.mobile),
            (CustomerField::Phone2, &self.phone2),
        ] {
            if !value.is_empty() && Phone::parse(value).map(|p| p.as_str() == value) != Ok(true) {
                problems.push((field, CustomerProblem::NotANormalisedPhone));
            }
        }
        if !self.email.is_empty() && !looks_like_email(&self.email) {
            problems.push((CustomerField::Email, CustomerProblem::InvalidEmail));
        }
        if self.id.is_some() && self.referred_by == self.id {
            problems.push((CustomerField::ReferredBy, CustomerProblem::SelfReferral));
        }
        if self.credit_limit.is_some_and(|m| m.fen() < 0) {
            problems.push((CustomerField::CreditLimit, CustomerProblem::NegativeCredit));
        }
        if self.blacklisted && self.blacklist_reason.trim().is_empty() {
            problems.push((CustomerField::BlacklistReason, CustomerProblem::Required));
        }
        if self.cadence_days.is_some_and(|d| !(1..=3650).contains(&d)) {
            problems.push((CustomerField::Cadence, CustomerProblem::CadenceRange));
        }
        for (i, member) in self.family.iter().enumerate() {
            if member.name.trim().is_empty() && member.birthday.is_none() {
                problems.push((CustomerField::Family(i), CustomerProblem::Required));
            }
        }
        for (i, date) in self.custom_dates.iter().enumerate() {
            if date.label.trim().is_empty() {
                problems.push((CustomerField::CustomDate(i), CustomerProblem::Required));
            }
        }
        problems
    }
}

/// A light check that catches typos (`name@`, `name.com`) without pretending
/// to implement RFC 5322.
pub fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(char::is_whitespace)
}

/// Splits what a person typed into tags: commas, Chinese commas, 、, ；and
/// spaces all separate; duplicates and blanks are dropped, order kept.
pub fn parse_tags(input: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for part in input.split([',', '，', '、', ';', '；', ' ', '\u{3000}']) {
        let tag = part.trim();
        if !tag.is_empty() && !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_string());
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
    }

    #[test]
    fn codes_round_trip() {
        for g in Gender::ALL {
            assert_eq!(Gender::from_code(g.code()), Some(*g));
        }
        for s in Source::ALL {
            assert_eq!(Source::from_code(s.code()), Some(*s));
        }
        assert_eq!(CustomerClass::from_code("D"), None);
    }

    #[test]
    fn class_override_wins() {
        let mut c = Customer::new("张三", now());
        assert_eq!(c.class(), CustomerClass::C);
        c.class_computed = Some(CustomerClass::B);
        assert_eq!(c.class(), CustomerClass::B);
        c.class_override = Some(CustomerClass::A);
        assert_eq!(c.class(), CustomerClass::A);
    }

    #[test]
    fn validation_reports_each_problem_once() {
        let mut c = Customer::new("  ", now());
        c.id = Some(7);
        c.referred_by = Some(7);
        c.mobile = "138 0013 8000".into();
        c.email = "zhang@".into();
        c.blacklisted = true;
        c.cadence_days = Some(0);
        let fields: Vec<_> = c.validate().into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            vec![
                CustomerField::Name,
                CustomerField::Mobile,
                CustomerField::Email,
                CustomerField::ReferredBy,
                CustomerField::BlacklistReason,
                CustomerField::Cadence
            ]
        );
        let mut ok = Customer::new("张三", now());
        ok.mobile = "13800138000".into();
        ok.email = "zhang.san@example.cn".into();
        assert!(ok.validate().is_empty());
    }

    #[test]
    fn tags_split_on_chinese_and_latin_separators() {
        assert_eq!(
            parse_tags("老客户，团购、 VIP,VIP ;；"),
            vec!["老客户", "团购", "VIP"]
        );
        assert!(parse_tags("  ").is_empty());
    }

    #[test]
    fn email_check_catches_typos() {
        assert!(looks_like_email("a@b.cn"));
        assert!(!looks_like_email("a@b"));
        assert!(!looks_like_email("a b@c.cn"));
        assert!(!looks_like_email("@c.cn"));
    }
}
