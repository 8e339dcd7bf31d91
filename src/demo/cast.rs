//! Who plays which part: each customer's value tier, the spotlights forced
//! onto the first customers so the coming two weeks are never empty, and
//! the roles on the receivables and retention screens given to the ones
//! right after them.

use super::context::Generator;
use super::tables::receivables::{
    DROPPING, Event, FRAUD, LONG_LARGE, LONG_SMALL, MOVED_AWAY, REGULAR, SHORT_LARGE, SHORT_SMALL,
};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Tier {
    A,
    B,
    C,
}

/// Things forced onto a customer so the coming two weeks are never empty.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Spotlight {
    BirthdayToday,
    SolarBirthdaySoon,
    LunarBirthdaySoon,
    FamilyBirthdaySoon,
    AnniversarySoon,
    PromiseSoon,
    NextContactSoon,
    OverduePromise,
    ReceivableSoon,
    MonthlyPromise,
}

pub(super) const SPOTLIGHTS: [Spotlight; 10] = [
    Spotlight::SolarBirthdaySoon,
    Spotlight::LunarBirthdaySoon,
    Spotlight::PromiseSoon,
    Spotlight::NextContactSoon,
    Spotlight::FamilyBirthdaySoon,
    Spotlight::OverduePromise,
    Spotlight::ReceivableSoon,
    Spotlight::AnniversarySoon,
    Spotlight::MonthlyPromise,
    Spotlight::BirthdayToday,
];

/// Customers given a part on the receivables and retention screens, at the
/// indices right after the spotlights (a demo of fewer customers has only
/// the first few).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Role {
    /// A hotel owing over ¥100,000 for months: a kept and a broken promise,
    /// a demand letter, has money but won't pay, over its credit limit, its
    /// last credit sale confirmed past the warning.
    LongLarge,
    /// A school's large order just overdue, with a promise to pay pending and
    /// another sale not yet due.
    ShortLarge,
    /// A small debt overdue for weeks: half paid as promised, then a visit.
    LongSmall,
    /// A small balance a few days overdue: the notice went out.
    ShortSmall,
    /// Blacklisted for a false address, owing for half a year: fraud.
    Fraud,
    /// An A-class regular buying every month who stopped coming (competitor).
    Regular,
    /// A customer whose orders fell by more than half (price; retained).
    Dropping,
    /// A customer who moved away (lost).
    MovedAway,
}

pub(super) const ROLES: [Role; 8] = [
    Role::LongLarge,
    Role::Fraud,
    Role::ShortLarge,
    Role::LongSmall,
    Role::Regular,
    Role::ShortSmall,
    Role::Dropping,
    Role::MovedAway,
];

impl Role {
    pub(super) fn tier(self) -> Tier {
        match self {
            Role::LongLarge | Role::ShortLarge | Role::Regular => Tier::A,
            Role::Dropping | Role::LongSmall => Tier::B,
            _ => Tier::C,
        }
    }

    /// The company a company customer buys for.
    pub(super) fn company(self) -> Option<&'static str> {
        match self {
            Role::LongLarge => Some("鸿运大酒店"),
            Role::ShortLarge => Some("育才中学"),
            Role::Regular => Some("宏达装饰公司"),
            _ => None,
        }
    }

    /// What happens to the customer, in order.
    pub(super) fn script(self) -> &'static [Event] {
        match self {
            Role::LongLarge => LONG_LARGE,
            Role::ShortLarge => SHORT_LARGE,
            Role::LongSmall => LONG_SMALL,
            Role::ShortSmall => SHORT_SMALL,
            Role::Fraud => FRAUD,
            Role::Regular => REGULAR,
            Role::Dropping => DROPPING,
            Role::MovedAway => MOVED_AWAY,
        }
    }
}

/// The part a customer plays.
#[derive(Clone, Copy)]
pub(super) struct Cast {
    pub(super) spotlight: Option<Spotlight>,
    pub(super) role: Option<Role>,
    pub(super) tier: Tier,
    pub(super) is_company: bool,
}

impl Generator<'_, '_> {
    /// The part of the `i`th customer: the first ones get the spotlights in
    /// turn, the next ones the roles, a few others a random spotlight.
    pub(super) fn cast(&mut self, i: usize) -> Cast {
        let spotlight = if i < SPOTLIGHTS.len() {
            Some(SPOTLIGHTS[i])
        } else if self.chance(0.03) {
            Some(self.pick(&SPOTLIGHTS))
        } else {
            None
        };
        let role = i
            .checked_sub(SPOTLIGHTS.len())
            .and_then(|k| ROLES.get(k))
            .copied();
        let spotlight = if role.is_some() { None } else { spotlight };
        let tier = match self.roll() {
            _ if role.is_some() => role.map_or(Tier::C, Role::tier),
            r if r < 0.10 => Tier::A,
            r if r < 0.30 => Tier::B,
            _ => Tier::C,
        };
        let is_company = self.chance(match tier {
            Tier::A => 0.45,
            Tier::B => 0.15,
            Tier::C => 0.04,
        });
        let is_company = match role {
            Some(role) => role.company().is_some(),
            None => is_company,
        };
        Cast {
            spotlight,
            role,
            tier,
            is_company,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::demo::testing::{demo, today};
    use crate::domain::promise::PromiseStatus;

    #[test]
    fn the_coming_two_weeks_are_never_empty() {
        // Even a tiny demo has birthdays, promises and follow-ups coming up.
        for seed in [1, 2, 99] {
            let (store, _) = demo(12, seed);
            let soon = |d: NaiveDate| d >= today() && (d - today()).num_days() <= 14;
            let mut birthdays = 0;
            let mut lunar_birthdays = 0;
            let mut family_birthdays = 0;
            let mut next_contacts = 0;
            let mut promises_soon = 0;
            let mut overdue = 0;
            let mut due_soon = 0;
            for s in store.customer_summaries().unwrap() {
                let c = store.customer(s.id).unwrap().unwrap();
                if let Some(b) = c
                    .birthday
                    .filter(|b| b.next_occurrence(today()).is_some_and(soon))
                {
                    birthdays += 1;
                    lunar_birthdays += usize::from(b.is_lunar());
                }
                family_birthdays += c
                    .family
                    .iter()
                    .filter(|m| {
                        m.birthday
                            .is_some_and(|b| b.next_occurrence(today()).is_some_and(soon))
                    })
                    .count();
                let log = store.contacts_for(s.id).unwrap();
                if crate::domain::contact::next_contact_date(&log).is_some_and(soon) {
                    next_contacts += 1;
                }
                for p in store.promises_for(s.id).unwrap() {
                    match p.status(today()) {
                        PromiseStatus::Overdue(_) => overdue += 1,
                        PromiseStatus::Upcoming(d) | PromiseStatus::DueToday(d) if soon(d) => {
                            promises_soon += 1
                        }
                        _ => {}
                    }
                }
                let paid: std::collections::HashSet<i64> = store
                    .payments_for(s.id)
                    .unwrap()
                    .iter()
                    .filter_map(|p| p.sale_id)
                    .collect();
                due_soon += store
                    .sales_for(s.id)
                    .unwrap()
                    .iter()
                    .filter(|sale| soon(sale.due_date) && !paid.contains(&sale.id.unwrap()))
                    .count();
            }
            assert!(birthdays >= 3, "seed {seed}: {birthdays} birthdays");
            assert!(lunar_birthdays >= 1, "seed {seed}");
            assert!(family_birthdays >= 1, "seed {seed}");
            assert!(next_contacts >= 1, "seed {seed}");
            assert!(promises_soon >= 1, "seed {seed}");
            assert!(overdue >= 1, "seed {seed}");
            assert!(due_soon >= 1, "seed {seed}");
        }
    }
}
