//! Lunar (农历) dates, validated before they ever reach the lunar library.
//!
//! `tyme4rs` panics on impossible input (a leap month the year does not have,
//! day 30 of a short month), so every call into it goes through this module,
//! which checks first. The yearly-occurrence rules for lunar birthdays live
//! here too: a leap-month birthday stays in the leap month in years that have
//! it and falls in the ordinary month otherwise; day 30 falls on day 29 when
//! the month is short; someone born on 除夕 celebrates on 除夕.

use std::sync::atomic::{AtomicU8, Ordering};

use chrono::{Datelike, NaiveDate};
use tyme4rs::tyme::lunar::{LunarDay, LunarMonth, LunarYear};
use tyme4rs::tyme::solar::SolarDay;

/// Years we accept for lunar dates with a year. Wide enough for any living
/// customer and any calendar the shop will look at.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2100;

/// Chinese names of the lunar months as people say them.
pub const MONTH_NAMES: [&str; 12] = [
    "正月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "冬月", "腊月",
];

/// Chinese names of the lunar days.
pub const DAY_NAMES: [&str; 30] = [
    "初一", "初二", "初三", "初四", "初五", "初六", "初七", "初八", "初九", "初十", "十一", "十二",
    "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十", "廿一", "廿二", "廿三", "廿四",
    "廿五", "廿六", "廿七", "廿八", "廿九", "三十",
];

/// Why a lunar date was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LunarError {
    #[error("lunar month must be 1 to 12")]
    Month,
    #[error("lunar day must be 1 to 30")]
    Day,
    #[error("year out of range")]
    Year,
    #[error("that lunar year has no such leap month")]
    NoSuchLeapMonth,
    #[error("that lunar month has only 29 days")]
    ShortMonth,
}

/// A lunar month/day with a leap flag and an optional year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LunarDate {
    year: Option<i32>,
    month: u8,
    leap: bool,
    day: u8,
}

impl LunarDate {
    /// Validates a lunar date. Without a year, any month 1–12 (leap or not)
    /// and any day 1–30 is accepted, since some year has it.
    pub fn new(year: Option<i32>, month: u8, leap: bool, day: u8) -> Result<Self, LunarError> {
        if !(1..=12).contains(&month) {
            return Err(LunarError::Month);
        }
        if !(1..=30).contains(&day) {
            return Err(LunarError::Day);
        }
        if let Some(y) = year {
            if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
                return Err(LunarError::Year);
            }
            if leap && leap_month_of(y) != Some(month) {
                return Err(LunarError::NoSuchLeapMonth);
            }
            if u32::from(day) > days_in_month(y, month, leap) {
                return Err(LunarError::ShortMonth);
            }
        }
        Ok(LunarDate {
            year,
            month,
            leap,
            day,
        })
    }

    /// The lunar date of a Gregorian day (with its lunar year).
    pub fn from_solar(date: NaiveDate) -> Result<Self, LunarError> {
        // The last lunar year supported ends in the next Gregorian year's
        // January or February, so that year is read too; the lunar year
        // decides below.
        if !(MIN_YEAR..=MAX_YEAR + 1).contains(&date.year()) {
            return Err(LunarError::Year);
        }
        let lunar = SolarDay::from_ymd(
            date.year() as isize,
            date.month() as usize,
            date.day() as usize,
        )
        .get_lunar_day();
        let month = lunar.get_lunar_month();
        let year = month.get_year() as i32;
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(LunarError::Year);
        }
        Ok(LunarDate {
            year: Some(year),
            month: month.get_month() as u8,
            leap: month.is_leap(),
            day: lunar.get_day() as u8,
        })
    }

    pub fn year(&self) -> Option<i32> {
        self.year
    }
    pub fn month(&self) -> u8 {
        self.month
    }
    pub fn is_leap(&self) -> bool {
        self.leap
    }
    pub fn day(&self) -> u8 {
        self.day
    }

    /// The Gregorian date of this exact lunar date, when the year is known.
    pub fn to_solar(&self) -> Option<NaiveDate> {
        let year = self.year?;
        Some(solar_of(year, self.month, self.leap, u32::from(self.day)))
    }

    /// Whether this person was born on 除夕, the last day of the lunar year.
    /// Only knowable when the birth year is known (腊月廿九 is 除夕 only in
    /// years whose twelfth month is short).
    pub fn is_chuxi(&self) -> bool {
        match self.year {
            Some(y) if self.month == 12 && !self.leap => {
                u32::from(self.day) == days_in_month(y, 12, false)
            }
            _ => false,
        }
    }

    /// Where this date falls in the given lunar year, following the birthday
    /// rules in the module documentation.
    pub fn occurrence_in_lunar_year(&self, lunar_year: i32) -> Option<NaiveDate> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&lunar_year) {
            return None;
        }
        if self.is_chuxi() {
            let last = days_in_month(lunar_year, 12, false);
            return Some(solar_of(lunar_year, 12, false, last));
        }
        let leap = self.leap && leap_month_of(lunar_year) == Some(self.month);
        let day = u32::from(self.day).min(days_in_month(lunar_year, self.month, leap));
        Some(solar_of(lunar_year, self.month, leap, day))
    }

    /// The first Gregorian day on or after `from` on which this date recurs.
    pub fn next_occurrence(&self, from: NaiveDate) -> Option<NaiveDate> {
        let current = LunarDate::from_solar(from).ok()?.year?;
        [current, current + 1]
            .into_iter()
            .filter_map(|y| self.occurrence_in_lunar_year(y))
            .find(|d| *d >= from)
    }

    /// Every occurrence between `start` and `end` inclusive.
    pub fn occurrences_between(&self, start: NaiveDate, end: NaiveDate) -> Vec<NaiveDate> {
        let (Ok(first), Ok(last)) = (LunarDate::from_solar(start), LunarDate::from_solar(end))
        else {
            return Vec::new();
        };
        let (Some(first), Some(last)) = (first.year, last.year) else {
            return Vec::new();
        };
        (first..=last)
            .filter_map(|y| self.occurrence_in_lunar_year(y))
            .filter(|d| *d >= start && *d <= end)
            .collect()
    }

    /// The name without year, e.g. `闰四月初八`.
    pub fn chinese_month_day(&self) -> String {
        format!(
            "{}{}{}",
            if self.leap { "闰" } else { "" },
            MONTH_NAMES[usize::from(self.month - 1)],
            DAY_NAMES[usize::from(self.day - 1)]
        )
    }

    /// The full Chinese name, e.g. `农历1985年八月十五` or `农历八月十五`.
    pub fn chinese(&self) -> String {
        match self.year {
            Some(y) => format!("农历{y}年{}", self.chinese_month_day()),
            None => format!("农历{}", self.chinese_month_day()),
        }
    }

    /// Parses the way people write lunar dates: `农历八月十五`,
    /// `农历1985年八月十五`, `闰四月初八`, `农历十一月廿三`, `冬月初五`,
    /// `腊月三十`, `正月初一`. The `农历`/`阴历` prefix is optional here.
    pub fn parse_chinese(input: &str) -> Option<Result<LunarDate, LunarError>> {
        let s = crate::domain::text::to_half_width(input);
        let mut s = s.trim();
        for prefix in ["农历", "阴历", "旧历"] {
            if let Some(rest) = s.strip_prefix(prefix) {
                s = rest.trim();
            }
        }
        let mut year = None;
        if let Some((y, rest)) = s.split_once('年') {
            let y = y.trim();
            if y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()) {
                year = y.parse::<i32>().ok();
                s = rest.trim();
            } else {
                return None;
            }
        }
        let leap = s.starts_with('闰');
        if leap {
            s = s.trim_start_matches('闰');
        }
        let (month, rest) = parse_month(s)?;
        let day = parse_day(rest.trim())?;
        Some(LunarDate::new(year, month, leap, day))
    }
}

fn parse_month(s: &str) -> Option<(u8, &str)> {
    let names: [(&str, u8); 16] = [
        ("正月", 1),
        ("冬月", 11),
        ("腊月", 12),
        ("十一月", 11),
        ("十二月", 12),
        ("一月", 1),
        ("二月", 2),
        ("三月", 3),
        ("四月", 4),
        ("五月", 5),
        ("六月", 6),
        ("七月", 7),
        ("八月", 8),
        ("九月", 9),
        ("十月", 10),
        ("元月", 1),
    ];
    for (name, m) in names {
        if let Some(rest) = s.strip_prefix(name) {
            return Some((m, rest));
        }
    }
    // Arabic digits: 8月15, 08月15日
    let (m, rest) = s.split_once('月')?;
    let m: u8 = m.trim().parse().ok()?;
    Some((m, rest))
}

fn parse_day(s: &str) -> Option<u8> {
    let s = s.trim_end_matches(['日', '号']);
    if let Some(i) = DAY_NAMES.iter().position(|n| *n == s) {
        return Some(i as u8 + 1);
    }
    match s {
        "廿" => return Some(20),
        "卅" | "三十日" => return Some(30),
        _ => {}
    }
    s.parse().ok()
}

/// Calendar facts of the years [`MIN_YEAR`]..=[`MAX_YEAR`], computed by
/// tyme4rs on first use and remembered: tyme4rs works each one out from
/// the positions of sun and moon (tens of microseconds), and an import of a
/// customer list asks for the same few hundred months thousands of times.
/// 0 means "not computed yet"; the values never change, so relaxed atomics
/// are enough (two threads at worst compute the same value twice).
const YEARS: usize = (MAX_YEAR - MIN_YEAR + 1) as usize;
static LEAP_MONTHS: [AtomicU8; YEARS] = [const { AtomicU8::new(0) }; YEARS];
/// Per year, 12 ordinary months then 12 leap months.
static DAY_COUNTS: [AtomicU8; YEARS * 24] = [const { AtomicU8::new(0) }; YEARS * 24];
/// Stored in [`LEAP_MONTHS`] for a year without a leap month.
const NO_LEAP: u8 = 13;

fn year_slot(year: i32) -> Option<usize> {
    (MIN_YEAR..=MAX_YEAR)
        .contains(&year)
        .then(|| (year - MIN_YEAR) as usize)
}

/// The leap month of a lunar year, if any.
pub fn leap_month_of(year: i32) -> Option<u8> {
    let Some(slot) = year_slot(year) else {
        return compute_leap_month(year);
    };
    let known = LEAP_MONTHS[slot].load(Ordering::Relaxed);
    let code = if known != 0 {
        known
    } else {
        let code = compute_leap_month(year).unwrap_or(NO_LEAP);
        LEAP_MONTHS[slot].store(code, Ordering::Relaxed);
        code
    };
    (code != NO_LEAP).then_some(code)
}

fn compute_leap_month(year: i32) -> Option<u8> {
    match LunarYear::new(year as isize) {
        Ok(y) => match y.get_leap_month() {
            0 => None,
            m => Some(m as u8),
        },
        Err(_) => None,
    }
}

/// Days (29 or 30) in a lunar month. Callers guarantee the month exists.
pub fn days_in_month(year: i32, month: u8, leap: bool) -> u32 {
    let slot = year_slot(year)
        .filter(|_| (1..=12).contains(&month))
        .map(|y| y * 24 + usize::from(leap) * 12 + usize::from(month - 1));
    let Some(slot) = slot else {
        return compute_days_in_month(year, month, leap);
    };
    match DAY_COUNTS[slot].load(Ordering::Relaxed) {
        0 => {
            let days = compute_days_in_month(year, month, leap);
            DAY_COUNTS[slot].store(days as u8, Ordering::Relaxed);
            days
        }
        days => u32::from(days),
    }
}

fn compute_days_in_month(year: i32, month: u8, leap: bool) -> u32 {
    let signed = if leap {
        -(month as isize)
    } else {
        month as isize
    };
    match LunarMonth::new(year as isize, signed) {
        Ok(m) => m.get_day_count() as u32,
        Err(_) => 29,
    }
}

fn solar_of(year: i32, month: u8, leap: bool, day: u32) -> NaiveDate {
    let signed = if leap {
        -(month as isize)
    } else {
        month as isize
    };
    let solar = LunarDay::from_ymd(year as isize, signed, day as usize).get_solar_day();
    NaiveDate::from_ymd_opt(
        solar.get_year() as i32,
        solar.get_month() as u32,
        solar.get_day() as u32,
    )
    .expect("the lunar library returns real Gregorian days")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn converts_known_dates() {
        // 2023 中秋 (八月十五) was 29 September 2023; 春节 2024 was 10 February.
        let mid_autumn = LunarDate::new(Some(2023), 8, false, 15).unwrap();
        assert_eq!(mid_autumn.to_solar(), Some(d(2023, 9, 29)));
        assert_eq!(
            LunarDate::from_solar(d(2024, 2, 10)).unwrap(),
            LunarDate::new(Some(2024), 1, false, 1).unwrap()
        );
    }

    #[test]
    fn validation_refuses_impossible_dates_instead_of_panicking() {
        assert_eq!(LunarDate::new(None, 13, false, 1), Err(LunarError::Month));
        assert_eq!(LunarDate::new(None, 0, false, 1), Err(LunarError::Month));
        assert_eq!(LunarDate::new(None, 1, false, 31), Err(LunarError::Day));
        // 2023 had a leap second month (闰二月), not a leap fourth month.
        assert_eq!(
            LunarDate::new(Some(2023), 4, true, 8),
            Err(LunarError::NoSuchLeapMonth)
        );
        assert!(LunarDate::new(Some(2023), 2, true, 8).is_ok());
        assert_eq!(
            LunarDate::new(Some(1800), 1, false, 1),
            Err(LunarError::Year)
        );
        // Find a 29-day month and check day 30 is refused there.
        let short = (1..=12u8)
            .find(|m| days_in_month(2024, *m, false) == 29)
            .unwrap();
        assert_eq!(
            LunarDate::new(Some(2024), short, false, 30),
            Err(LunarError::ShortMonth)
        );
    }

    #[test]
    fn leap_month_birthday_uses_leap_month_only_when_the_year_has_it() {
        // Born 闰四月初八 2020 (2020 had a leap fourth month).
        let born = LunarDate::new(Some(2020), 4, true, 8).unwrap();
        assert_eq!(leap_month_of(2020), Some(4));
        let in_2020 = born.occurrence_in_lunar_year(2020).unwrap();
        assert_eq!(in_2020, born.to_solar().unwrap());
        // 2021 has no leap fourth month: the ordinary 四月初八 (19 May 2021).
        assert_eq!(born.occurrence_in_lunar_year(2021), Some(d(2021, 5, 19)));
        assert_ne!(leap_month_of(2021), Some(4));
    }

    #[test]
    fn day_thirty_falls_on_day_twenty_nine_in_short_months() {
        let born = LunarDate::new(None, 1, false, 30).unwrap();
        for year in 2020..2030 {
            let occ = born.occurrence_in_lunar_year(year).unwrap();
            let lunar = LunarDate::from_solar(occ).unwrap();
            assert_eq!(lunar.month(), 1);
            let expected = if days_in_month(year, 1, false) == 30 {
                30
            } else {
                29
            };
            assert_eq!(lunar.day(), expected, "year {year}");
        }
    }

    #[test]
    fn chuxi_births_celebrate_on_chuxi() {
        // Find a year whose 腊月 has 29 days: born on 廿九 that year is 除夕.
        let year = (1970..2000)
            .find(|y| days_in_month(*y, 12, false) == 29)
            .unwrap();
        let born = LunarDate::new(Some(year), 12, false, 29).unwrap();
        assert!(born.is_chuxi());
        for y in 2020..2030 {
            let occ = born.occurrence_in_lunar_year(y).unwrap();
            // The day after is 正月初一 of the next lunar year.
            let next = LunarDate::from_solar(occ.succ_opt().unwrap()).unwrap();
            assert_eq!((next.month(), next.day()), (1, 1), "lunar year {y}");
        }
        // 廿九 in a year whose 腊月 is long is not 除夕.
        let long_year = (1970..2000)
            .find(|y| days_in_month(*y, 12, false) == 30)
            .unwrap();
        assert!(
            !LunarDate::new(Some(long_year), 12, false, 29)
                .unwrap()
                .is_chuxi()
        );
    }

    #[test]
    fn next_occurrence_rolls_over_to_the_next_lunar_year() {
        let mid_autumn = LunarDate::new(None, 8, false, 15).unwrap();
        assert_eq!(
            mid_autumn.next_occurrence(d(2023, 9, 29)),
            Some(d(2023, 9, 29))
        );
        assert_eq!(
            mid_autumn.next_occurrence(d(2023, 9, 30)),
            Some(d(2024, 9, 17))
        );
        let new_year = LunarDate::new(None, 1, false, 1).unwrap();
        assert_eq!(
            new_year.occurrences_between(d(2024, 1, 1), d(2025, 12, 31)),
            vec![d(2024, 2, 10), d(2025, 1, 29)]
        );
    }

    #[test]
    fn chinese_names_and_parsing_round_trip() {
        let date = LunarDate::new(Some(1985), 8, false, 15).unwrap();
        assert_eq!(date.chinese(), "农历1985年八月十五");
        let p = |s: &str| LunarDate::parse_chinese(s).unwrap().unwrap();
        assert_eq!(p("农历1985年八月十五"), date);
        assert_eq!(
            p("农历八月十五"),
            LunarDate::new(None, 8, false, 15).unwrap()
        );
        assert_eq!(
            p("农历闰四月初八"),
            LunarDate::new(None, 4, true, 8).unwrap()
        );
        assert_eq!(
            p("农历十一月廿三"),
            LunarDate::new(None, 11, false, 23).unwrap()
        );
        assert_eq!(p("冬月初五"), LunarDate::new(None, 11, false, 5).unwrap());
        assert_eq!(p("腊月三十"), LunarDate::new(None, 12, false, 30).unwrap());
        assert_eq!(p("正月初一"), LunarDate::new(None, 1, false, 1).unwrap());
        assert_eq!(
            p("农历8月15日"),
            LunarDate::new(None, 8, false, 15).unwrap()
        );
        assert!(LunarDate::parse_chinese("hello").is_none());
        assert_eq!(LunarDate::parse_chinese("农历十三月初一"), None);
    }

    #[test]
    fn remembered_calendar_facts_match_the_library() {
        for year in (MIN_YEAR..=MAX_YEAR).step_by(7).chain([MAX_YEAR]) {
            let leap = compute_leap_month(year);
            for _ in 0..2 {
                // The second round reads what the first one remembered.
                assert_eq!(leap_month_of(year), leap, "{year}");
                for month in 1..=12 {
                    let days = compute_days_in_month(year, month, false);
                    assert_eq!(days_in_month(year, month, false), days, "{year}-{month}");
                }
                if let Some(month) = leap {
                    let days = compute_days_in_month(year, month, true);
                    assert_eq!(
                        days_in_month(year, month, true),
                        days,
                        "{year} leap {month}"
                    );
                }
            }
        }
        // Outside the remembered years the library is asked directly.
        assert_eq!(
            days_in_month(1899, 1, false),
            compute_days_in_month(1899, 1, false)
        );
    }

    #[test]
    fn the_last_lunar_year_reads_back_from_its_days_in_the_next_gregorian_year() {
        // 腊月 of the last supported lunar year falls in January 2101.
        let date = LunarDate::new(Some(MAX_YEAR), 12, false, 2).unwrap();
        let solar = date.to_solar().unwrap();
        assert_eq!(solar.year(), MAX_YEAR + 1);
        assert_eq!(LunarDate::from_solar(solar).unwrap(), date);
        // A day of the lunar year after it is still refused.
        let after = NaiveDate::from_ymd_opt(MAX_YEAR + 1, 6, 1).unwrap();
        assert_eq!(LunarDate::from_solar(after), Err(LunarError::Year));
    }
}
