//! Customers: the card (name, phones, address, work, dates that matter,
//! family, where they came from, class, credit, tags) of each customer in
//! id order, and then what happened since they joined.

use chrono::{Datelike, NaiveDate};

use super::cast::{Cast, Role, Spotlight, Tier};
use super::context::{Generator, add_days};
use super::tables::people::{
    BACKGROUNDS, BLACKLIST_REASONS, CHILD_NOTES, COLD_CONTACT_PLACES, COMPANIES,
    COMPANY_BACKGROUNDS, COMPANY_DATES, COMPANY_NEEDS, COMPANY_ROLES, EMAIL_DOMAINS, GROWN_CHILD,
    MANUAL_CLASS_REASONS, NEEDS, NOTES, OCCUPATIONS, ONLINE_PLACES, OTHER_PLACES, PARENT_DETAILS,
    PERSONAL_DATES, SPOUSE_NOTES, TAGS,
};
use crate::domain::contact::ContactChannel;
use crate::domain::customer::{
    CustomDate, Customer, CustomerClass, CustomerId, FamilyMember, Gender, Relation, Source,
};
use crate::domain::money::Money;
use crate::domain::search::pinyin_keys;
use crate::store::StoreError;

/// How far back the shop's history goes.
const HISTORY_DAYS: i64 = 6 * 365;
/// How far back contacts and sales go.
const RECENT_DAYS: i64 = 730;

/// What a customer's card is drawn from besides the card itself.
struct Person {
    /// The customer's index in id order.
    i: usize,
    spotlight: Option<Spotlight>,
    role: Option<Role>,
    tier: Tier,
    is_company: bool,
    /// The day they joined the shop.
    joined: NaiveDate,
    age: i32,
    birth_year: i32,
    surname: &'static str,
}

/// A customer just written, as their contacts, promises and sales need it.
pub(super) struct Profile<'c> {
    pub(super) id: CustomerId,
    pub(super) card: &'c Customer,
    pub(super) tier: Tier,
    pub(super) is_company: bool,
    /// The first day their contacts and sales may fall on: the day they
    /// joined, or two years ago when that is later.
    pub(super) window_start: NaiveDate,
    pub(super) spotlight: Option<Spotlight>,
}

impl Generator<'_, '_> {
    /// The `i`th customer's card, and what happened since they joined:
    /// contacts, promises, sales and payments (or their role's story).
    pub(super) fn customer(&mut self, i: usize) -> Result<(), StoreError> {
        let today = self.today;
        let Cast {
            spotlight,
            role,
            tier,
            is_company,
        } = self.cast(i);

        // Customers join the shop in id order over six years, so a referrer
        // (always an earlier id) joined before the one they referred.
        let joined = add_days(
            today,
            -HISTORY_DAYS + (i as i64 * HISTORY_DAYS) / self.total as i64,
        );
        let created_at = self.at_shop_hours(joined);

        let gender = match self.roll() {
            r if r < 0.03 => Gender::Unknown,
            r if r < 0.50 => Gender::Male,
            _ => Gender::Female,
        };
        let surname = self.surname();
        let name = format!("{surname}{}", self.given_name(gender));
        let age = self.range(24, 78) as i32;
        let birth_year = today.year() - age;

        let mut c = Customer::new(&name, created_at);
        c.gender = gender;
        c.mobile = self.mobile();
        if self.chance(if is_company { 0.6 } else { 0.12 }) {
            c.phone2 = self.landline();
        }
        let (_, full_pinyin) = pinyin_keys(&name);
        if self.chance(0.55) {
            c.wechat = format!("{full_pinyin}{}", self.range(1, 9999));
        }
        if self.chance(0.15) {
            c.email = if self.chance(0.5) {
                format!("{}@qq.com", self.range(10_000_000, 2_999_999_999))
            } else {
                let domain = self.pick(EMAIL_DOMAINS);
                format!("{full_pinyin}{}@{domain}", birth_year % 100)
            };
        }
        c.address = self.address();

        if is_company {
            c.company = self.pick(COMPANIES).to_string();
            c.occupation = self.pick(COMPANY_ROLES).to_string();
            if let Some(company) = role.and_then(Role::company) {
                c.company = company.to_string();
            }
        } else {
            let (occupation, places) = self.pick(OCCUPATIONS);
            c.occupation = if age >= 62 && self.chance(0.7) {
                "退休".to_string()
            } else {
                occupation.to_string()
            };
            if !places.is_empty() && c.occupation != "退休" && self.chance(0.5) {
                c.company = self.pick(places).to_string();
            }
        }
        if self.chance(0.6) {
            c.preferred_channel = Some(match self.roll() {
                r if r < 0.40 => ContactChannel::Phone,
                r if r < 0.82 => ContactChannel::SmsWechat,
                r if r < 0.94 => ContactChannel::Visit,
                _ => ContactChannel::Email,
            });
        }
        c.do_not_contact = spotlight.is_none() && self.chance(0.015) && role.is_none();

        let person = Person {
            i,
            spotlight,
            role,
            tier,
            is_company,
            joined,
            age,
            birth_year,
            surname,
        };
        self.dates_that_matter(&mut c, &person);
        self.origin(&mut c, &person);
        self.standing(&mut c, &person);

        let since = (today - joined).num_days();
        let updated_day = add_days(joined, self.range(0, since));
        c.updated_at = self.at_shop_hours(updated_day).max(created_at);

        let id = self.w.customer(&c)?;
        self.report.customers += 1;
        self.report.family_members += c.family.len();
        self.ids.push(id);
        self.names.push(name);

        // What happened since: contacts, promises, sales and payments.
        let window_start = joined.max(add_days(today, -RECENT_DAYS));
        let profile = Profile {
            id,
            card: &c,
            tier,
            is_company,
            window_start,
            spotlight,
        };
        self.contacts(&profile)?;
        self.promises(&profile)?;
        match role {
            Some(role) => self.play(id, role)?,
            None => self.sales(&profile)?,
        }
        Ok(())
    }

    /// A spouse, children and a parent, some with birthdays (one coming up
    /// when `birthday_soon`).
    fn family(&mut self, c: &mut Customer, surname: &str, birth_year: i32, birthday_soon: bool) {
        let today = self.today;
        if self.chance(0.75) || birthday_soon {
            let spouse_gender = if c.gender == Gender::Female {
                Gender::Male
            } else {
                Gender::Female
            };
            let name = format!("{}{}", self.surname(), self.given_name(spouse_gender));
            let year = birth_year + self.range(-3, 3) as i32;
            let lunar = self.chance(0.3);
            let birthday = if birthday_soon {
                self.upcoming(lunar, Some(year), 3, 14)
            } else if self.chance(0.6) {
                let lunar = self.chance(0.2);
                self.yearly(lunar, Some(year))
            } else {
                None
            };
            let note = self.pick(SPOUSE_NOTES).to_string();
            c.family.push(FamilyMember {
                relation: Relation::Spouse,
                name,
                birthday,
                note,
            });
        }
        for _ in 0..self.range(0, 2) {
            let year = birth_year + self.range(24, 34) as i32;
            if year > today.year() {
                continue;
            }
            let gender = if self.chance(0.5) {
                Gender::Male
            } else {
                Gender::Female
            };
            let name = format!("{surname}{}", self.given_name(gender));
            let lunar = self.chance(0.1);
            let birthday = if self.chance(0.8) {
                self.yearly(lunar, Some(year))
            } else {
                None
            };
            let age = today.year() - year;
            let note = CHILD_NOTES
                .iter()
                .find(|(under, _)| age < *under)
                .map_or(GROWN_CHILD, |&(_, note)| note);
            c.family.push(FamilyMember {
                relation: Relation::Child,
                name,
                birthday,
                note: note.to_string(),
            });
        }
        if self.chance(0.3) {
            let year = birth_year - self.range(22, 32) as i32;
            let (name, note) = if self.chance(0.5) {
                (
                    format!("{surname}{}", self.given_name(Gender::Male)),
                    "父亲",
                )
            } else {
                (
                    format!("{}{}", self.surname(), self.given_name(Gender::Female)),
                    "母亲",
                )
            };
            let birthday = if self.chance(0.7) {
                let lunar = self.chance(0.6);
                let year = if self.chance(0.7) { Some(year) } else { None };
                self.yearly(lunar, year)
            } else {
                None
            };
            let detail = self.pick(PARENT_DETAILS);
            let note = if detail.is_empty() {
                note.to_string()
            } else {
                format!("{note}，{detail}")
            };
            c.family.push(FamilyMember {
                relation: Relation::Parent,
                name,
                birthday,
                note,
            });
        }
    }

    /// Birthday, anniversary, family and other dates that matter (some coming up for a spotlight).
    fn dates_that_matter(&mut self, c: &mut Customer, person: &Person) {
        let today = self.today;
        let &Person {
            spotlight,
            is_company,
            age,
            birth_year,
            surname,
            ..
        } = person;
        c.birthday = match spotlight {
            Some(Spotlight::BirthdayToday) => self.upcoming(false, Some(birth_year), 0, 0),
            Some(Spotlight::SolarBirthdaySoon) => self.upcoming(false, Some(birth_year), 1, 14),
            Some(Spotlight::LunarBirthdaySoon) => self.upcoming(true, Some(birth_year), 1, 14),
            _ if self.chance(0.6) => {
                // Older people keep lunar birthdays more often; about a quarter overall.
                let lunar = self.chance(if age >= 55 { 0.35 } else { 0.18 });
                let year = if self.chance(if lunar { 0.7 } else { 0.8 }) {
                    Some(birth_year)
                } else {
                    None
                };
                self.yearly(lunar, year)
            }
            _ => None,
        };
        let wedding_year = (birth_year + self.range(22, 32) as i32).min(today.year());
        if spotlight == Some(Spotlight::AnniversarySoon) {
            c.anniversary = self.upcoming(false, Some(wedding_year), 1, 14);
        } else if age >= 25 && self.chance(0.2) {
            let lunar = self.chance(0.15);
            c.anniversary = self.yearly(lunar, Some(wedding_year));
        }
        if self.chance(0.4) || spotlight == Some(Spotlight::FamilyBirthdaySoon) {
            self.family(
                c,
                surname,
                birth_year,
                spotlight == Some(Spotlight::FamilyBirthdaySoon),
            );
        }
        if self.chance(0.06) {
            let (label, lunar) = if is_company {
                (self.pick(COMPANY_DATES), false)
            } else {
                self.pick(PERSONAL_DATES)
            };
            let year =
                Some(self.range(i64::from(today.year()) - 15, i64::from(today.year()) - 1) as i32);
            if let Some(date) = self.yearly(lunar, year) {
                c.custom_dates.push(CustomDate {
                    label: label.to_string(),
                    date,
                });
            }
        }
    }

    /// Where the customer came from (source, referrer, first contact) and what the card says about their needs and background.
    fn origin(&mut self, c: &mut Customer, person: &Person) {
        let &Person {
            i,
            is_company,
            joined,
            ..
        } = person;
        let source = match self.roll() {
            _ if i == 0 => Some(Source::Reputation),
            r if r < 0.30 => Some(Source::Reputation),
            r if r < 0.55 => Some(Source::Referral),
            r if r < 0.65 => Some(Source::ColdContact),
            r if r < 0.75 => Some(Source::TradeFair),
            r if r < 0.90 => Some(Source::Online),
            r if r < 0.95 => Some(Source::Other),
            _ => None,
        };
        c.source = source;
        if source == Some(Source::Referral) && !self.ids.is_empty() {
            // Half the referrals come from a few early, loyal customers.
            let pool = if self.chance(0.5) {
                (self.ids.len() / 20).max(1)
            } else {
                self.ids.len()
            };
            let k = self.index(pool);
            c.referred_by = Some(self.ids[k]);
            c.first_contact_place = format!("经老客户{}介绍来店", self.names[k]);
        } else {
            c.first_contact_place = match source {
                Some(Source::TradeFair) => format!("{}年家博会展位", joined.year()),
                Some(Source::Online) => self.pick(ONLINE_PLACES).to_string(),
                Some(Source::ColdContact) => self.pick(COLD_CONTACT_PLACES).to_string(),
                _ => self.pick(OTHER_PLACES).to_string(),
            };
        }
        if self.chance(0.9) {
            c.first_contact_date = Some(joined);
        }
        let (needs, backgrounds) = if is_company {
            (COMPANY_NEEDS, COMPANY_BACKGROUNDS)
        } else {
            (NEEDS, BACKGROUNDS)
        };
        if self.chance(0.7) {
            c.needs = self.pick(needs).to_string();
            let more = self.pick(needs);
            if self.chance(0.3) && more != c.needs {
                c.needs = format!("{}；{more}", c.needs);
            }
        }
        if self.chance(0.4) {
            c.background = self.pick(backgrounds).to_string();
        }
        if self.chance(0.2) {
            c.notes = self.pick(NOTES).to_string();
        }
    }

    /// Class, credit limit, blacklist, contact cadence and tags.
    fn standing(&mut self, c: &mut Customer, person: &Person) {
        let today = self.today;
        let &Person {
            i,
            spotlight,
            role,
            tier,
            is_company,
            joined,
            age,
            ..
        } = person;
        c.class_computed = Some(match tier {
            Tier::A => CustomerClass::A,
            Tier::B => CustomerClass::B,
            Tier::C => CustomerClass::C,
        });
        if self.chance(0.02) {
            let manual = self.pick(&[CustomerClass::A, CustomerClass::B, CustomerClass::C]);
            if Some(manual) != c.class_computed && role.is_none() {
                c.class_override = Some(manual);
                let why = match manual {
                    CustomerClass::A => MANUAL_CLASS_REASONS[0],
                    CustomerClass::B => MANUAL_CLASS_REASONS[1],
                    CustomerClass::C => MANUAL_CLASS_REASONS[2],
                };
                c.notes = if c.notes.is_empty() {
                    why.to_string()
                } else {
                    format!("{}；{why}", c.notes)
                };
            }
        }
        if is_company && self.chance(0.7) {
            c.credit_limit = Some(Money::from_yuan(self.range(2, 40) * 5_000));
        } else if tier != Tier::C && self.chance(0.08) {
            c.credit_limit = Some(Money::from_yuan(self.range(3, 20) * 1_000));
        }
        if spotlight.is_none() && i > 0 && self.chance(0.015) && role.is_none() {
            c.blacklisted = true;
            c.blacklist_reason = self.pick(BLACKLIST_REASONS).to_string();
            c.credit_limit = None;
        }
        match role {
            Some(Role::LongLarge) => c.credit_limit = Some(Money::from_yuan(150_000)),
            Some(Role::ShortLarge) => c.credit_limit = Some(Money::from_yuan(300_000)),
            Some(Role::Fraud) => {
                c.blacklisted = true;
                c.blacklist_reason = BLACKLIST_REASONS[2].to_string();
                c.credit_limit = None;
            }
            Some(_) => c.credit_limit = None,
            None => {}
        }
        if self.chance(0.03) {
            c.cadence_days = Some(self.pick(&[14, 30, 45, 60, 120, 180]));
        }
        let mut tags: Vec<&str> = Vec::new();
        if is_company {
            tags.push("企业客户");
        }
        if tier == Tier::A && self.chance(0.6) {
            tags.push("VIP");
        }
        if (today - joined).num_days() > 3 * 365 && self.chance(0.5) {
            tags.push("老客户");
        }
        if age >= 65 && self.chance(0.4) {
            tags.push("老人用户");
        }
        for _ in 0..self.range(0, 2) {
            let tag = self.pick(TAGS);
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        c.tags = tags.into_iter().map(str::to_string).collect();
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::demo::SHOP_NAME;
    use crate::demo::testing::{demo, today};
    use crate::domain::lunar::LunarDate;
    use crate::domain::phone::{Phone, PhoneKind};
    use crate::domain::yearly::YearlyDate;
    use crate::store::settings::keys;

    #[test]
    fn every_card_is_valid_and_mobiles_are_unique() {
        let (store, report) = demo(400, 3);
        assert_eq!(report.customers, 400);
        assert_eq!(store.customer_count().unwrap(), 400);
        let mut mobiles = HashSet::new();
        let mut family = 0;
        for s in store.customer_summaries().unwrap() {
            let c = store.customer(s.id).unwrap().unwrap();
            assert!(
                c.validate().is_empty(),
                "card {} {:?}: {:?}",
                c.name,
                c.id,
                c.validate()
            );
            assert_eq!(Phone::parse(&c.mobile).unwrap().kind(), PhoneKind::Mobile);
            assert!(
                mobiles.insert(c.mobile.clone()),
                "duplicate mobile {}",
                c.mobile
            );
            if let Some(r) = c.referred_by {
                assert!(r < s.id, "referrer {r} is not earlier than {}", s.id);
            }
            assert!(c.created_at.date() <= today() && c.updated_at >= c.created_at);
            family += c.family.len();
        }
        assert_eq!(family, report.family_members);
        assert!(store.check().unwrap().is_empty());
        assert_eq!(
            store.setting(keys::SHOP_NAME).unwrap().as_deref(),
            Some(SHOP_NAME)
        );
        assert_eq!(store.setting(keys::DEMO).unwrap().as_deref(), Some("1"));
    }

    #[test]
    fn the_mix_looks_like_a_real_shop() {
        let (store, report) = demo(2000, 11);
        let summaries = store.customer_summaries().unwrap();
        let share = |f: &dyn Fn(&crate::store::customers::CustomerSummary) -> bool| {
            summaries.iter().filter(|s| f(s)).count() as f64 / summaries.len() as f64
        };
        let a = share(&|s| s.class == CustomerClass::A && !s.class_is_manual);
        let c = share(&|s| s.class == CustomerClass::C && !s.class_is_manual);
        assert!((0.06..0.14).contains(&a), "A share {a}");
        assert!((0.62..0.78).contains(&c), "C share {c}");
        let blacklisted = share(&|s| s.blacklisted);
        assert!(
            (0.003..0.03).contains(&blacklisted),
            "blacklisted {blacklisted}"
        );
        assert!(share(&|s| s.referrals > 0) > 0.02);
        assert!(
            share(&|s| s.balance.fen() > 0) > 0.03,
            "some customers owe money"
        );
        assert!(share(&|s| s.class_is_manual) > 0.0);
        assert!(share(&|s| !s.company.is_empty()) > 0.05);
        assert!(report.contacts >= report.customers && report.contacts <= 6 * report.customers);
        assert!(report.sales > report.customers / 2 && report.payments > report.sales / 2);

        // Lunar birthdays, with leap-month and day-30 cases among them.
        let cards: Vec<Customer> = summaries
            .iter()
            .map(|s| store.customer(s.id).unwrap().unwrap())
            .collect();
        let birthdays: Vec<YearlyDate> = cards.iter().filter_map(|c| c.birthday).collect();
        let with = birthdays.len() as f64 / cards.len() as f64;
        assert!((0.5..0.7).contains(&with), "birthday share {with}");
        let lunar: Vec<LunarDate> = birthdays
            .iter()
            .filter_map(|b| {
                if let YearlyDate::Lunar(l) = b {
                    Some(*l)
                } else {
                    None
                }
            })
            .collect();
        let lunar_share = lunar.len() as f64 / birthdays.len() as f64;
        assert!(
            (0.15..0.40).contains(&lunar_share),
            "lunar share {lunar_share}"
        );
        assert!(lunar.iter().any(|l| l.is_leap() && l.year().is_some()));
        assert!(lunar.iter().any(|l| l.day() == 30));
        assert!(lunar.iter().any(|l| l.is_chuxi()));
        assert!(lunar.iter().any(|l| l.year().is_none()));
        let family_lunar = cards
            .iter()
            .flat_map(|c| &c.family)
            .filter(|m| m.birthday.is_some_and(|b| b.is_lunar()));
        assert!(family_lunar.count() > 0);
        assert!(cards.iter().any(|c| !c.custom_dates.is_empty()));
        assert!(cards.iter().any(|c| c.anniversary.is_some()));
    }
}
