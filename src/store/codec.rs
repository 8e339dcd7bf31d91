//! Conversions between domain values and their column text.
//!
//! Dates are ISO `YYYY-MM-DD`, timestamps ISO `YYYY-MM-DDTHH:MM:SS` local
//! time, yearly dates use [`YearlyDate::encode`], money is integer fen.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use super::StoreError;
use crate::domain::yearly::YearlyDate;

const DATE: &str = "%Y-%m-%d";
const DATETIME: &str = "%Y-%m-%dT%H:%M:%S";

pub fn date_text(d: NaiveDate) -> String {
    let mut text = String::with_capacity(10);
    push_date(&mut text, d);
    text
}

pub fn datetime_text(t: NaiveDateTime) -> String {
    let mut text = String::with_capacity(19);
    push_date(&mut text, t.date());
    let _ = write!(text, "T{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second());
    text
}

/// [`DATE`] written out by hand: chrono's formatter parses the format
/// string on every call, and imports write a date or two per row. Years
/// outside 0..=9999 (which `%Y` writes with a sign) go through chrono.
fn push_date(text: &mut String, d: NaiveDate) {
    if (0..=9999).contains(&d.year()) {
        let _ = write!(text, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
    } else {
        let _ = write!(text, "{}", d.format(DATE));
    }
}

pub fn parse_date(text: &str) -> Result<NaiveDate, StoreError> {
    quick_date(text.as_bytes())
        .or_else(|| NaiveDate::parse_from_str(text, DATE).ok())
        .ok_or_else(|| StoreError::Corrupt(format!("bad date {text:?}")))
}

/// The date in column `i` of a row, read without copying the text.
pub fn date_at(row: &rusqlite::Row<'_>, i: usize) -> Result<NaiveDate, StoreError> {
    let text = row
        .get_ref(i)?
        .as_str()
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    parse_date(text)
}

/// Reads `YYYY-MM-DD` without a format parser: reports over a million
/// sales read two dates per row.
fn quick_date(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |s: &[u8]| -> Option<u32> {
        s.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(&b[0..4])? as i32, num(&b[5..7])?, num(&b[8..10])?)
}

pub fn parse_datetime(text: &str) -> Result<NaiveDateTime, StoreError> {
    NaiveDateTime::parse_from_str(text, DATETIME)
        .map_err(|_| StoreError::Corrupt(format!("bad timestamp {text:?}")))
}

pub fn parse_opt_date(text: Option<String>) -> Result<Option<NaiveDate>, StoreError> {
    text.filter(|t| !t.is_empty())
        .map(|t| parse_date(&t))
        .transpose()
}

pub fn parse_yearly(text: Option<String>) -> Result<Option<YearlyDate>, StoreError> {
    text.filter(|t| !t.is_empty())
        .map(|t| {
            YearlyDate::decode(&t)
                .map_err(|_| StoreError::Corrupt(format!("bad yearly date {t:?}")))
        })
        .transpose()
}

/// The current local time, to the second.
pub fn now() -> NaiveDateTime {
    let t = chrono::Local::now().naive_local();
    t.with_nanosecond(0).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_written_dates_match_chrono() {
        let days = [
            NaiveDate::from_ymd_opt(2026, 11, 23),
            NaiveDate::from_ymd_opt(1, 1, 1),
            NaiveDate::from_ymd_opt(999, 2, 3),
            NaiveDate::from_ymd_opt(9999, 12, 31),
            NaiveDate::from_ymd_opt(10_000, 1, 1),
            NaiveDate::from_ymd_opt(0, 6, 7),
            NaiveDate::from_ymd_opt(-44, 3, 15),
        ];
        for day in days.into_iter().map(Option::unwrap) {
            assert_eq!(date_text(day), day.format(DATE).to_string());
            let at = day.and_hms_opt(7, 5, 9).unwrap();
            assert_eq!(datetime_text(at), at.format(DATETIME).to_string());
            if (1..=9999).contains(&day.year()) {
                assert_eq!(parse_datetime(&datetime_text(at)).unwrap(), at);
                assert_eq!(parse_date(&date_text(day)).unwrap(), day);
            }
        }
    }

    #[test]
    fn bad_dates_are_refused_by_the_quick_reader_too() {
        for bad in ["2026-02-30", "2026-13-01", "2026/01/01", "20x6-01-01", ""] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }
}
