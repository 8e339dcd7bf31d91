//! Dates that recur every year (公历 or 农历): random birthdays and
//! anniversaries, including leap-month, 除夕 and day-30 births, and dates
//! placed so their next occurrence falls a given number of days from today.

use chrono::{Datelike, NaiveDate};

use super::context::{Generator, add_days};
use crate::domain::lunar::{LunarDate, days_in_month, leap_month_of};
use crate::domain::yearly::YearlyDate;

impl Generator<'_, '_> {
    fn solar_date(&mut self, year: Option<i32>) -> Option<YearlyDate> {
        let month = self.range(1, 12) as u32;
        let day = self.range(1, 31) as u32;
        YearlyDate::solar(year, month, day)
            .or_else(|_| YearlyDate::solar(year, month, day.min(28)))
            .ok()
    }

    /// A lunar date; with a year, a few are leap-month, 除夕 and day-30
    /// births, each validated by [`LunarDate::new`].
    fn lunar_date(&mut self, year: Option<i32>) -> Option<YearlyDate> {
        let roll = self.roll();
        let date = match year {
            Some(y) if roll < 0.06 => {
                // A leap-month birth: move to the nearest year that has one.
                let (y, leap) = (y..y + 20).find_map(|y| leap_month_of(y).map(|m| (y, m)))?;
                let day = self.range(1, 29) as u8;
                LunarDate::new(Some(y), leap, true, day)
            }
            Some(y) if roll < 0.10 => {
                // Born on 除夕: the last day of 腊月, 29 or 30.
                let last = days_in_month(y, 12, false) as u8;
                LunarDate::new(Some(y), 12, false, last)
            }
            Some(y) if roll < 0.15 => {
                let month = self.range(1, 12) as u8;
                LunarDate::new(Some(y), month, false, 30)
                    .or_else(|_| LunarDate::new(Some(y), month, false, 29))
            }
            Some(y) => {
                let month = self.range(1, 12) as u8;
                let day = self.range(1, 29) as u8;
                LunarDate::new(Some(y), month, false, day)
            }
            None => {
                let month = self.range(1, 12) as u8;
                let leap = roll < 0.03;
                let day = if roll > 0.97 {
                    30
                } else {
                    self.range(1, 29) as u8
                };
                LunarDate::new(None, month, leap, day)
            }
        };
        date.ok().map(YearlyDate::Lunar)
    }

    /// A 农历 date when `lunar`, else a 公历 one, with `year` or without.
    pub(super) fn yearly(&mut self, lunar: bool, year: Option<i32>) -> Option<YearlyDate> {
        if lunar {
            self.lunar_date(year)
        } else {
            self.solar_date(year)
        }
    }

    /// A date whose next occurrence falls `from..=to` days after today,
    /// verified with the domain's own occurrence rules. Falls back to a
    /// Gregorian date without year, which always works.
    pub(super) fn upcoming(
        &mut self,
        lunar: bool,
        year: Option<i32>,
        from: i64,
        to: i64,
    ) -> Option<YearlyDate> {
        let offset = self.range(from, to);
        let target = add_days(self.today, offset);
        let lands = |d: &YearlyDate, today: NaiveDate| {
            d.next_occurrence(today)
                .is_some_and(|n| (n - today).num_days() >= from && (n - today).num_days() <= to)
        };
        let mut candidates: Vec<YearlyDate> = Vec::new();
        if lunar && let Ok(l) = LunarDate::from_solar(target) {
            // With the birth year when that year has this lunar day, else without.
            for y in [year, None] {
                if let Ok(d) = LunarDate::new(y, l.month(), l.is_leap(), l.day()) {
                    candidates.push(YearlyDate::Lunar(d));
                }
            }
        }
        if let Ok(d) = YearlyDate::solar(year, target.month(), target.day()) {
            candidates.push(d);
        }
        let fallback = YearlyDate::solar(None, target.month(), target.day()).ok();
        candidates
            .into_iter()
            .find(|d| lands(d, self.today))
            .or(fallback)
    }
}
