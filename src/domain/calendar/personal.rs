//! Customers' own dates (birthdays 公历 or 农历, anniversaries, family
//! members' birthdays, custom yearly dates) and an index that finds the ones
//! falling on a given day without converting every customer's dates.
//!
//! The index keys Gregorian dates by month and day and lunar dates by lunar
//! month, leap flag and day; looking a day up applies the occurrence rules
//! of [`crate::domain::lunar`] from the day's side: an ordinary month also
//! collects the leap-month dates in years without that leap month, a month's
//! 29th is also the 30th when the month is short, 除夕 collects those born
//! on 除夕, and 28 February collects 29 February in common years.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::kind::OccasionKind;
use crate::domain::customer::{CustomerClass, CustomerId, Gender, Relation};
use crate::domain::lunar::{LunarDate, days_in_month, leap_month_of};
use crate::domain::yearly::YearlyDate;

/// One yearly date of a customer or of someone in their family.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonalDate {
    /// Birthday, FamilyBirthday, Anniversary or CustomDate.
    pub kind: OccasionKind,
    pub date: YearlyDate,
    /// The family member's relation (family birthdays).
    pub relation: Option<Relation>,
    /// The family member's name, or a custom date's label.
    pub label: String,
}

/// A promise's next open due date.
#[derive(Debug, Clone, PartialEq)]
pub struct PromiseDue {
    pub due: NaiveDate,
    pub title: String,
}

/// What the calendar needs to know of one customer.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerDates {
    pub id: CustomerId,
    /// Shared by every occasion of the customer.
    pub name: std::sync::Arc<str>,
    pub gender: Gender,
    pub class: CustomerClass,
    pub do_not_contact: bool,
    /// The card's own cadence, overriding the class default.
    pub cadence_days: Option<u32>,
    pub created: NaiveDateTime,
    pub last_contact: Option<NaiveDateTime>,
    /// The next-contact date from the contact log, and when the contact
    /// that planned it was made.
    pub next_contact: Option<NaiveDate>,
    pub next_contact_planned_at: Option<NaiveDateTime>,
    pub promises: Vec<PromiseDue>,
    pub dates: Vec<PersonalDate>,
}

/// Which date of which customer: indexes into the slice the index was built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateRef {
    pub customer: u32,
    pub date: u16,
}

/// Customers' dates by the day they recur on.
#[derive(Debug, Default)]
pub struct DateIndex {
    solar: HashMap<(u32, u32), Vec<DateRef>>,
    lunar: HashMap<(u8, bool, u8), Vec<DateRef>>,
    /// Born on 除夕: celebrated on 除夕 whatever the twelfth month's length.
    chuxi: Vec<DateRef>,
}

impl DateIndex {
    /// Indexes every date of `customers` (do-not-contact customers included;
    /// the agenda leaves them out).
    pub fn build(customers: &[CustomerDates]) -> DateIndex {
        let mut index = DateIndex::default();
        for (c, customer) in customers.iter().enumerate() {
            for (d, personal) in customer.dates.iter().enumerate() {
                let r = DateRef {
                    customer: c as u32,
                    date: d as u16,
                };
                match personal.date {
                    YearlyDate::Solar(s) => {
                        index.solar.entry((s.month(), s.day())).or_default().push(r)
                    }
                    YearlyDate::Lunar(l) if l.is_chuxi() => index.chuxi.push(r),
                    YearlyDate::Lunar(l) => index
                        .lunar
                        .entry((l.month(), l.is_leap(), l.day()))
                        .or_default()
                        .push(r),
                }
            }
        }
        index
    }

    /// Appends the dates that recur on `day` to `out`.
    pub fn on(&self, day: NaiveDate, out: &mut Vec<DateRef>) {
        let mut solar = |m: u32, d: u32| {
            if let Some(refs) = self.solar.get(&(m, d)) {
                out.extend_from_slice(refs);
            }
        };
        solar(day.month(), day.day());
        let leap_year = NaiveDate::from_ymd_opt(day.year(), 2, 29).is_some();
        if day.month() == 2 && day.day() == 28 && !leap_year {
            solar(2, 29);
        }
        let Ok(lunar) = LunarDate::from_solar(day) else {
            return;
        };
        let Some(year) = lunar.year() else { return };
        let (month, leap, d) = (lunar.month(), lunar.is_leap(), lunar.day());
        let short_month_end = d == 29 && days_in_month(year, month, leap) == 29;
        let mut days = vec![d];
        if short_month_end {
            days.push(30);
        }
        let mut keys: Vec<(u8, bool, u8)> = Vec::new();
        for day in days {
            if leap {
                keys.push((month, true, day));
            } else {
                keys.push((month, false, day));
                if leap_month_of(year) != Some(month) {
                    keys.push((month, true, day));
                }
            }
        }
        for key in keys {
            if let Some(refs) = self.lunar.get(&key) {
                out.extend_from_slice(refs);
            }
        }
        if month == 12 && !leap && u32::from(d) == days_in_month(year, 12, false) {
            out.extend_from_slice(&self.chuxi);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn customer(dates: Vec<YearlyDate>) -> CustomerDates {
        CustomerDates {
            id: 1,
            name: "王芳".into(),
            gender: Gender::Female,
            class: CustomerClass::B,
            do_not_contact: false,
            cadence_days: None,
            created: day(2024, 1, 1).and_hms_opt(9, 0, 0).unwrap(),
            last_contact: None,
            next_contact: None,
            next_contact_planned_at: None,
            promises: Vec::new(),
            dates: dates
                .into_iter()
                .map(|date| PersonalDate {
                    kind: OccasionKind::Birthday,
                    date,
                    relation: None,
                    label: String::new(),
                })
                .collect(),
        }
    }

    /// The days of `from..=to` on which the index finds date 0 of the one customer.
    fn indexed_days(date: YearlyDate, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        let customers = [customer(vec![date])];
        let index = DateIndex::build(&customers);
        from.iter_days()
            .take_while(|d| *d <= to)
            .filter(|d| {
                let mut out = Vec::new();
                index.on(*d, &mut out);
                !out.is_empty()
            })
            .collect()
    }

    fn lunar(year: Option<i32>, month: u8, leap: bool, d: u8) -> YearlyDate {
        YearlyDate::lunar(year, month, leap, d).unwrap()
    }

    #[test]
    fn leap_sixth_month_birthdays_in_2025_and_2026() {
        // 2025 has a leap sixth month, 2026 does not.
        let born = lunar(Some(1987), 6, true, 10);
        let found = indexed_days(born, day(2025, 1, 1), day(2026, 12, 31));
        assert_eq!(
            found,
            born.occurrences_between(day(2025, 1, 1), day(2026, 12, 31))
        );
        assert_eq!(found.len(), 2);
        // In 2025 it is the leap month's tenth day, not the ordinary month's.
        let ordinary =
            lunar(None, 6, false, 10).occurrences_between(day(2025, 1, 1), day(2025, 12, 31));
        assert_ne!(found[0], ordinary[0]);
    }

    #[test]
    fn day_thirty_falls_on_day_twenty_nine_in_short_months() {
        let born = lunar(Some(1980), 8, false, 30);
        let from = day(2020, 1, 1);
        let to = day(2030, 12, 31);
        assert_eq!(
            indexed_days(born, from, to),
            born.occurrences_between(from, to)
        );
    }

    #[test]
    fn chuxi_births_stay_on_chuxi() {
        // Born on 廿九 of a year whose twelfth month had 29 days: that was 除夕.
        let year = (1970..1990)
            .find(|y| days_in_month(*y, 12, false) == 29)
            .expect("a short twelfth month");
        let born = YearlyDate::Lunar(LunarDate::new(Some(year), 12, false, 29).unwrap());
        let from = day(2020, 1, 1);
        let to = day(2030, 12, 31);
        let found = indexed_days(born, from, to);
        assert_eq!(found, born.occurrences_between(from, to));
        // Every one of them is 除夕: the next day is 春节.
        for date in &found {
            let next = LunarDate::from_solar(date.succ_opt().unwrap()).unwrap();
            assert_eq!((next.month(), next.day()), (1, 1), "{date}");
        }
        // Including years whose twelfth month has 30 days.
        assert!(found.iter().any(|d| {
            let l = LunarDate::from_solar(*d).unwrap();
            l.day() == 30
        }));
    }

    #[test]
    fn february_29_is_kept_on_february_28_in_common_years() {
        let born = YearlyDate::solar(Some(1988), 2, 29).unwrap();
        assert_eq!(
            indexed_days(born, day(2027, 1, 1), day(2028, 12, 31)),
            [day(2027, 2, 28), day(2028, 2, 29)]
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(60))]
        #[test]
        fn the_index_agrees_with_each_dates_own_occurrences(
            year in prop::option::of(1930i32..2020),
            month in 1u8..=12,
            leap in any::<bool>(),
            d in 1u8..=30,
            start in 2000i32..2090,
        ) {
            let Ok(date) = YearlyDate::lunar(year, month, leap, d) else {
                return Ok(());
            };
            let from = day(start, 1, 1);
            let to = day(start + 2, 12, 31);
            prop_assert_eq!(indexed_days(date, from, to), date.occurrences_between(from, to));
        }
    }
}
