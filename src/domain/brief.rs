//! The pre-visit brief (拜访前准备): everything to know before calling or
//! visiting, gathered from the card, the contact log, promises and sales.
//!
//! Also home of [`personal_dates`], the customer's yearly dates with whose
//! they are, which the calendar reuses.

use chrono::NaiveDate;

use super::contact::{ContactEntry, next_contact_date};
use super::customer::{Customer, Relation};
use super::money::Money;
use super::promise::{PromiseStatus, ServicePromise};
use super::sale::{Payment, Sale, balance};
use super::yearly::YearlyDate;

/// Whose date it is.
#[derive(Debug, Clone, PartialEq)]
pub enum DateOwner {
    Customer,
    Family { relation: Relation, name: String },
}

/// What kind of yearly date.
#[derive(Debug, Clone, PartialEq)]
pub enum PersonalDateKind {
    Birthday,
    Anniversary,
    Custom(String),
}

/// One yearly date on a card.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonalDate {
    pub owner: DateOwner,
    pub kind: PersonalDateKind,
    pub date: YearlyDate,
}

/// A personal date's next occurrence.
#[derive(Debug, Clone, PartialEq)]
pub struct UpcomingDate {
    pub date: PersonalDate,
    pub on: NaiveDate,
    pub days_away: i64,
    /// Age (birthdays) or years married (anniversaries), when the year is known.
    pub years: Option<i32>,
}

/// Every yearly date on the card: the customer's birthday and anniversary,
/// family members' birthdays and custom dates.
pub fn personal_dates(customer: &Customer) -> Vec<PersonalDate> {
    let mut dates = Vec::new();
    if let Some(b) = customer.birthday {
        dates.push(PersonalDate {
            owner: DateOwner::Customer,
            kind: PersonalDateKind::Birthday,
            date: b,
        });
    }
    if let Some(a) = customer.anniversary {
        dates.push(PersonalDate {
            owner: DateOwner::Customer,
            kind: PersonalDateKind::Anniversary,
            date: a,
        });
    }
    for m in &customer.family {
        if let Some(b) = m.birthday {
            dates.push(PersonalDate {
                owner: DateOwner::Family {
                    relation: m.relation,
                    name: m.name.clone(),
                },
                kind: PersonalDateKind::Birthday,
                date: b,
            });
        }
    }
    for c in &customer.custom_dates {
        dates.push(PersonalDate {
            owner: DateOwner::Customer,
            kind: PersonalDateKind::Custom(c.label.clone()),
            date: c.date,
        });
    }
    dates
}

/// Personal dates that occur within `days` days from `today`, soonest first.
pub fn upcoming_dates(customer: &Customer, today: NaiveDate, days: i64) -> Vec<UpcomingDate> {
    let mut out: Vec<UpcomingDate> = personal_dates(customer)
        .into_iter()
        .filter_map(|pd| {
            let on = pd.date.next_occurrence(today)?;
            let days_away = (on - today).num_days();
            (days_away <= days).then(|| UpcomingDate {
                years: pd.date.years_at(on),
                date: pd,
                on,
                days_away,
            })
        })
        .collect();
    out.sort_by_key(|u| u.on);
    out
}

/// A suggested way to open the conversation, most pressing first.
#[derive(Debug, Clone, PartialEq)]
pub enum OpeningTopic {
    /// A promise is overdue: own it first.
    OverduePromise(String),
    /// A personal date is close.
    UpcomingDate(UpcomingDate),
    /// Ask how a recent purchase is working out.
    RecentPurchase(String),
    /// Follow up on what was said last time.
    LastContact(String),
    /// Ask about their needs.
    Needs,
}

/// A promise as the brief shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PromiseLine {
    pub description: String,
    pub status: PromiseStatus,
}

/// Everything the brief panel shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    pub first_contact_date: Option<NaiveDate>,
    pub first_contact_place: String,
    pub needs: String,
    pub last_contacts: Vec<ContactEntry>,
    pub next_contact: Option<NaiveDate>,
    pub promises: Vec<PromiseLine>,
    pub balance: Money,
    pub recent_sales: Vec<Sale>,
    pub upcoming: Vec<UpcomingDate>,
    pub opening: OpeningTopic,
}

/// How far ahead the brief looks for personal dates.
pub const BRIEF_HORIZON_DAYS: i64 = 30;

/// Gathers the brief. `contacts` and `sales` may come in any order.
pub fn build_brief(
    customer: &Customer,
    contacts: &[ContactEntry],
    promises: &[ServicePromise],
    sales: &[Sale],
    payments: &[Payment],
    today: NaiveDate,
) -> Brief {
    let mut contacts: Vec<ContactEntry> = contacts.to_vec();
    contacts.sort_by_key(|c| std::cmp::Reverse(c.at));
    let mut recent_sales: Vec<Sale> = sales.to_vec();
    recent_sales.sort_by_key(|s| std::cmp::Reverse(s.date));
    recent_sales.truncate(3);
    let promise_lines: Vec<PromiseLine> = promises
        .iter()
        .map(|p| PromiseLine {
            description: p.description.clone(),
            status: p.status(today),
        })
        .filter(|l| l.status != PromiseStatus::Done)
        .collect();
    let upcoming = upcoming_dates(customer, today, BRIEF_HORIZON_DAYS);

    let opening = if let Some(p) = promise_lines
        .iter()
        .find(|l| matches!(l.status, PromiseStatus::Overdue(_)))
    {
        OpeningTopic::OverduePromise(p.description.clone())
    } else if let Some(u) = upcoming.iter().find(|u| u.days_away <= 14) {
        OpeningTopic::UpcomingDate(u.clone())
    } else if let Some(s) = recent_sales
        .first()
        .filter(|s| (today - s.date).num_days() <= 90)
    {
        OpeningTopic::RecentPurchase(s.product.clone())
    } else if let Some(c) = contacts.first().filter(|c| !c.summary.trim().is_empty()) {
        OpeningTopic::LastContact(c.summary.clone())
    } else {
        OpeningTopic::Needs
    };

    Brief {
        first_contact_date: customer.first_contact_date,
        first_contact_place: customer.first_contact_place.clone(),
        needs: customer.needs.clone(),
        next_contact: next_contact_date(&contacts),
        last_contacts: contacts.into_iter().take(3).collect(),
        promises: promise_lines,
        balance: balance(sales, payments),
        recent_sales,
        upcoming,
        opening,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contact::{ContactChannel, ContactPurpose};
    use crate::domain::customer::FamilyMember;
    use crate::domain::promise::Recurrence;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn customer() -> Customer {
        let mut c = Customer::new("李四", d(1, 1).and_hms_opt(9, 0, 0).unwrap());
        c.id = Some(1);
        c.birthday = Some(YearlyDate::solar(Some(1966), 11, 30).unwrap());
        c.family.push(FamilyMember {
            relation: Relation::Spouse,
            name: "王芳".into(),
            birthday: Some(YearlyDate::solar(None, 11, 26).unwrap()),
            note: String::new(),
        });
        c.needs = "想换节能冰箱".into();
        c
    }

    fn contact(day: u32, summary: &str, next: Option<NaiveDate>) -> ContactEntry {
        ContactEntry {
            id: None,
            customer_id: 1,
            at: d(11, day).and_hms_opt(10, 0, 0).unwrap(),
            channel: ContactChannel::Phone,
            purpose: ContactPurpose::AfterSales,
            summary: summary.into(),
            outcome: String::new(),
            referral_asked: false,
            next_contact: next,
        }
    }

    #[test]
    fn upcoming_dates_are_sorted_with_ages() {
        let up = upcoming_dates(&customer(), d(11, 23), 30);
        assert_eq!(up.len(), 2);
        assert_eq!(up[0].on, d(11, 26));
        assert!(matches!(
            up[0].date.owner,
            DateOwner::Family {
                relation: Relation::Spouse,
                ..
            }
        ));
        assert_eq!(up[1].years, Some(60));
        assert!(upcoming_dates(&customer(), d(11, 23), 2).is_empty());
    }

    #[test]
    fn brief_gathers_the_latest_three_contacts_and_overdue_promise_first() {
        let contacts: Vec<_> = (1..=5)
            .map(|i| contact(i, &format!("第{i}次"), Some(d(12, i))))
            .collect();
        let promise = ServicePromise {
            id: Some(1),
            customer_id: 1,
            description: "每月10号上门收款".into(),
            first_due: d(11, 10),
            recurrence: Recurrence::MonthlyOnDay(10),
            ended: false,
            created_at: d(11, 1).and_hms_opt(9, 0, 0).unwrap(),
            records: Vec::new(),
        };
        let brief = build_brief(&customer(), &contacts, &[promise], &[], &[], d(11, 23));
        assert_eq!(
            brief
                .last_contacts
                .iter()
                .map(|c| c.summary.as_str())
                .collect::<Vec<_>>(),
            vec!["第5次", "第4次", "第3次"]
        );
        assert_eq!(brief.next_contact, Some(d(12, 5)));
        assert_eq!(
            brief.opening,
            OpeningTopic::OverduePromise("每月10号上门收款".into())
        );
        assert_eq!(brief.balance, Money::ZERO);
    }

    #[test]
    fn opening_topic_falls_back_to_dates_then_needs() {
        let brief = build_brief(&customer(), &[], &[], &[], &[], d(11, 23));
        assert!(matches!(brief.opening, OpeningTopic::UpcomingDate(_)));
        let mut plain = customer();
        plain.birthday = None;
        plain.family.clear();
        let brief = build_brief(
            &plain,
            &[contact(1, "说要考虑", None)],
            &[],
            &[],
            &[],
            d(11, 23),
        );
        assert_eq!(brief.opening, OpeningTopic::LastContact("说要考虑".into()));
    }
}
