//! The lunar calendar against the lunar library, day by day, and the
//! library's panicking constructors never reached with invalid input.

use chrono::{Datelike, NaiveDate};
use genjin::domain::lunar::{LunarDate, days_in_month, leap_month_of};
use genjin::domain::yearly::YearlyDate;
use proptest::prelude::*;
use tyme4rs::tyme::solar::SolarDay;

/// Every day from 1901 to 2099: our conversion agrees with the library's,
/// and the lunar date built back through our validation (leap months and
/// month lengths from our tables) gives the same Gregorian day.
#[test]
fn every_day_from_1901_to_2099_agrees_with_the_library() {
    let mut day = NaiveDate::from_ymd_opt(1901, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2099, 12, 31).unwrap();
    let mut checked = 0;
    while day <= last {
        let ours = LunarDate::from_solar(day).expect("in range");
        let library = SolarDay::from_ymd(
            day.year() as isize,
            day.month() as usize,
            day.day() as usize,
        )
        .get_lunar_day();
        let month = library.get_lunar_month();
        assert_eq!(
            (ours.year(), ours.month(), ours.is_leap(), ours.day()),
            (
                Some(month.get_year() as i32),
                month.get_month() as u8,
                month.is_leap(),
                library.get_day() as u8
            ),
            "{day}"
        );
        let rebuilt = LunarDate::new(ours.year(), ours.month(), ours.is_leap(), ours.day())
            .unwrap_or_else(|e| panic!("{day}: {e}"));
        assert_eq!(rebuilt.to_solar(), Some(day), "{day}");
        day = day.succ_opt().unwrap();
        checked += 1;
    }
    assert_eq!(checked, 72_684);
}

/// What a lunar date must satisfy, worked out separately from `LunarDate::new`.
fn valid(year: Option<i32>, month: u8, leap: bool, day: u8) -> bool {
    if !(1..=12).contains(&month) || !(1..=30).contains(&day) {
        return false;
    }
    match year {
        None => true,
        Some(y) if !(1900..=2100).contains(&y) => false,
        Some(y) => {
            (!leap || leap_month_of(y) == Some(month))
                && u32::from(day) <= days_in_month(y, month, leap)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// Any month, day and leap flag, with or without a year: refused with
    /// an error, or accepted and then usable everywhere without a panic.
    #[test]
    fn random_lunar_dates_are_refused_or_work(
        year in prop::option::of(1850i32..2150),
        month in 0u8..=14,
        leap in any::<bool>(),
        day in 0u8..=32,
        start in 1901i32..2098,
    ) {
        let result = LunarDate::new(year, month, leap, day);
        prop_assert_eq!(result.is_ok(), valid(year, month, leap, day));
        match result {
            Err(_) => {}
            Ok(date) => {
                if let Some(solar) = date.to_solar() {
                    let back = LunarDate::from_solar(solar).unwrap();
                    prop_assert_eq!((back.month(), back.is_leap(), back.day()), (month, leap, day));
                }
                let from = NaiveDate::from_ymd_opt(start, 1, 1).unwrap();
                let to = NaiveDate::from_ymd_opt(start + 1, 12, 31).unwrap();
                let yearly = YearlyDate::Lunar(date);
                let found = yearly.occurrences_between(from, to);
                prop_assert!(!found.is_empty() || start >= 2098);
                for d in found {
                    prop_assert!(d >= from && d <= to);
                    let _ = yearly.years_at(d);
                }
                let _ = yearly.next_occurrence(from);
            }
        }
    }
}
