//! Dates that come back every year: birthdays, anniversaries, custom dates.
//!
//! A yearly date is either Gregorian (公历) or lunar (农历); the year may be
//! unknown. This module computes occurrences and ages and defines the compact
//! text form the store keeps (`solar:1985-05-06`, `solar:--05-06`,
//! `lunar:1985-08-15`, `lunar:--L04-08`).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::lunar::{LunarDate, LunarError};

/// A Gregorian month/day with an optional year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SolarYearly {
    year: Option<i32>,
    month: u32,
    day: u32,
}

/// Why a yearly date was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum YearlyError {
    #[error("no such day in the calendar")]
    ImpossibleDate,
    #[error("year out of range")]
    Year,
    #[error(transparent)]
    Lunar(#[from] LunarError),
    #[error("unreadable stored date")]
    Unreadable,
}

impl SolarYearly {
    pub fn new(year: Option<i32>, month: u32, day: u32) -> Result<Self, YearlyError> {
        // Validate against a leap year when the year is unknown, so 2-29 is allowed.
        let check_year = year.unwrap_or(2000);
        if let Some(y) = year
            && !(1900..=2100).contains(&y)
        {
            return Err(YearlyError::Year);
        }
        NaiveDate::from_ymd_opt(check_year, month, day).ok_or(YearlyError::ImpossibleDate)?;
        Ok(SolarYearly { year, month, day })
    }

    pub fn year(&self) -> Option<i32> {
        self.year
    }
    pub fn month(&self) -> u32 {
        self.month
    }
    pub fn day(&self) -> u32 {
        self.day
    }

    /// The day in a given Gregorian year; 29 February falls on 28 February in
    /// common years.
    pub fn in_year(&self, year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, self.month, self.day)
            .or_else(|| NaiveDate::from_ymd_opt(year, self.month, self.day - 1))
    }
}

/// A birthday, anniversary or other yearly date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum YearlyDate {
    Solar(SolarYearly),
    Lunar(LunarDate),
}

impl YearlyDate {
    pub fn solar(year: Option<i32>, month: u32, day: u32) -> Result<Self, YearlyError> {
        Ok(YearlyDate::Solar(SolarYearly::new(year, month, day)?))
    }

    pub fn lunar(year: Option<i32>, month: u8, leap: bool, day: u8) -> Result<Self, YearlyError> {
        Ok(YearlyDate::Lunar(LunarDate::new(year, month, leap, day)?))
    }

    pub fn is_lunar(&self) -> bool {
        matches!(self, YearlyDate::Lunar(_))
    }

    /// The year of the original event (birth, wedding), if known.
    pub fn year(&self) -> Option<i32> {
        match self {
            YearlyDate::Solar(s) => s.year,
            YearlyDate::Lunar(l) => l.year(),
        }
    }

    /// The Gregorian date of the original event, if its year is known.
    pub fn original_date(&self) -> Option<NaiveDate> {
        match self {
            YearlyDate::Solar(s) => NaiveDate::from_ymd_opt(s.year?, s.month, s.day),
            YearlyDate::Lunar(l) => l.to_solar(),
        }
    }

    /// The first day on or after `from` on which this date is celebrated.
    pub fn next_occurrence(&self, from: NaiveDate) -> Option<NaiveDate> {
        match self {
            YearlyDate::Solar(s) => [from.year(), from.year() + 1]
                .into_iter()
                .filter_map(|y| s.in_year(y))
                .find(|d| *d >= from),
            YearlyDate::Lunar(l) => l.next_occurrence(from),
        }
    }

    /// Every celebration day between `start` and `end`, inclusive.
    pub fn occurrences_between(&self, start: NaiveDate, end: NaiveDate) -> Vec<NaiveDate> {
        match self {
            YearlyDate::Solar(s) => (start.year()..=end.year())
                .filter_map(|y| s.in_year(y))
                .filter(|d| *d >= start && *d <= end)
                .collect(),
            YearlyDate::Lunar(l) => l.occurrences_between(start, end),
        }
    }

    /// How many years have passed at the occurrence on `occurrence` (the age
    /// a birthday celebrates, or the wedding anniversary's number). Lunar
    /// dates count lunar years, as people do.
    pub fn years_at(&self, occurrence: NaiveDate) -> Option<i32> {
        let lunar_year = match self {
            YearlyDate::Solar(_) => None,
            YearlyDate::Lunar(_) => LunarDate::from_solar(occurrence).ok()?.year(),
        };
        self.years_at_known(occurrence, lunar_year)
    }

    /// [`Self::years_at`] when the lunar year of `occurrence` is already
    /// known (a calendar working through many dates on one day converts
    /// the day once).
    pub fn years_at_known(&self, occurrence: NaiveDate, lunar_year: Option<i32>) -> Option<i32> {
        let born = self.year()?;
        let at = match self {
            YearlyDate::Solar(_) => occurrence.year(),
            YearlyDate::Lunar(_) => lunar_year?,
        };
        let years = at - born;
        (years >= 0).then_some(years)
    }

    /// The compact text form kept in the database.
    pub fn encode(&self) -> String {
        match self {
            YearlyDate::Solar(s) => match s.year {
                Some(y) => format!("solar:{y:04}-{:02}-{:02}", s.month, s.day),
                None => format!("solar:--{:02}-{:02}", s.month, s.day),
            },
            YearlyDate::Lunar(l) => {
                let leap = if l.is_leap() { "L" } else { "" };
                match l.year() {
                    Some(y) => format!("lunar:{y:04}-{leap}{:02}-{:02}", l.month(), l.day()),
                    None => format!("lunar:--{leap}{:02}-{:02}", l.month(), l.day()),
                }
            }
        }
    }

    /// Reads the text form written by [`YearlyDate::encode`].
    pub fn decode(text: &str) -> Result<YearlyDate, YearlyError> {
        let (kind, rest) = text.split_once(':').ok_or(YearlyError::Unreadable)?;
        let (year, rest) = if let Some(r) = rest.strip_prefix("--") {
            (None, r)
        } else {
            let (y, r) = rest.split_once('-').ok_or(YearlyError::Unreadable)?;
            (
                Some(y.parse::<i32>().map_err(|_| YearlyError::Unreadable)?),
                r,
            )
        };
        let (month, day) = rest.split_once('-').ok_or(YearlyError::Unreadable)?;
        let (leap, month) = match month.strip_prefix('L') {
            Some(m) => (true, m),
            None => (false, month),
        };
        let month: u32 = month.parse().map_err(|_| YearlyError::Unreadable)?;
        let day: u32 = day.parse().map_err(|_| YearlyError::Unreadable)?;
        match kind {
            "solar" if !leap => YearlyDate::solar(year, month, day),
            "lunar" if month <= 12 && day <= 30 => {
                YearlyDate::lunar(year, month as u8, leap, day as u8)
            }
            _ => Err(YearlyError::Unreadable),
        }
    }

    /// A JSON value for scripts: Gregorian dates as ISO text (`1985-05-06`,
    /// or `--05-06` without year), lunar dates as an object.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            YearlyDate::Solar(s) => serde_json::Value::String(match s.year {
                Some(y) => format!("{y:04}-{:02}-{:02}", s.month, s.day),
                None => format!("--{:02}-{:02}", s.month, s.day),
            }),
            YearlyDate::Lunar(l) => {
                #[derive(Serialize)]
                struct Lunar {
                    calendar: &'static str,
                    month: u8,
                    day: u8,
                    leap: bool,
                    #[serde(skip_serializing_if = "Option::is_none")]
                    year: Option<i32>,
                }
                serde_json::to_value(Lunar {
                    calendar: "lunar",
                    month: l.month(),
                    day: l.day(),
                    leap: l.is_leap(),
                    year: l.year(),
                })
                .unwrap_or(serde_json::Value::Null)
            }
        }
    }

    /// A short neutral rendering: `1985-05-06`, `05-06`, or the Chinese lunar name.
    pub fn display(&self) -> String {
        match self {
            YearlyDate::Solar(s) => match s.year {
                Some(y) => format!("{y:04}-{:02}-{:02}", s.month, s.day),
                None => format!("{:02}-{:02}", s.month, s.day),
            },
            YearlyDate::Lunar(l) => l.chinese(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn solar_dates_validate() {
        assert!(YearlyDate::solar(None, 2, 29).is_ok());
        assert_eq!(
            YearlyDate::solar(Some(2023), 2, 29),
            Err(YearlyError::ImpossibleDate)
        );
        assert_eq!(
            YearlyDate::solar(None, 4, 31),
            Err(YearlyError::ImpossibleDate)
        );
        assert_eq!(
            YearlyDate::solar(None, 13, 1),
            Err(YearlyError::ImpossibleDate)
        );
        assert_eq!(YearlyDate::solar(Some(1850), 1, 1), Err(YearlyError::Year));
    }

    #[test]
    fn leap_day_birthdays_fall_on_the_28th_in_common_years() {
        let b = YearlyDate::solar(Some(2000), 2, 29).unwrap();
        assert_eq!(b.next_occurrence(d(2023, 1, 1)), Some(d(2023, 2, 28)));
        assert_eq!(b.next_occurrence(d(2024, 1, 1)), Some(d(2024, 2, 29)));
    }

    #[test]
    fn next_occurrence_and_age() {
        let b = YearlyDate::solar(Some(1966), 11, 25).unwrap();
        let next = b.next_occurrence(d(2026, 11, 23)).unwrap();
        assert_eq!(next, d(2026, 11, 25));
        assert_eq!(b.years_at(next), Some(60));
        assert_eq!(b.next_occurrence(d(2026, 11, 26)), Some(d(2027, 11, 25)));
        let no_year = YearlyDate::solar(None, 1, 1).unwrap();
        assert_eq!(no_year.years_at(d(2026, 1, 1)), None);
    }

    #[test]
    fn lunar_age_counts_lunar_years() {
        let b = YearlyDate::lunar(Some(1966), 8, false, 15).unwrap();
        let next = b.next_occurrence(d(2026, 1, 1)).unwrap();
        assert_eq!(b.years_at(next), Some(60));
    }

    #[test]
    fn encode_decode_round_trip() {
        let cases = [
            YearlyDate::solar(Some(1985), 5, 6).unwrap(),
            YearlyDate::solar(None, 12, 31).unwrap(),
            YearlyDate::lunar(Some(1985), 8, false, 15).unwrap(),
            YearlyDate::lunar(None, 4, true, 8).unwrap(),
            YearlyDate::lunar(Some(2020), 4, true, 8).unwrap(),
        ];
        for c in cases {
            assert_eq!(YearlyDate::decode(&c.encode()), Ok(c), "{}", c.encode());
        }
        assert_eq!(cases[3].encode(), "lunar:--L04-08");
        assert!(YearlyDate::decode("solar:1985-13-01").is_err());
        assert!(YearlyDate::decode("garbage").is_err());
        assert!(YearlyDate::decode("lunar:--99-99").is_err());
    }

    #[test]
    fn json_shapes_are_stable() {
        let lunar = YearlyDate::lunar(None, 4, true, 8).unwrap();
        assert_eq!(
            lunar.to_json(),
            serde_json::json!({"calendar": "lunar", "month": 4, "day": 8, "leap": true})
        );
        let solar = YearlyDate::solar(None, 5, 6).unwrap();
        assert_eq!(solar.to_json(), serde_json::json!("--05-06"));
    }
}
