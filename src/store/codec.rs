//! Conversions between domain values and their column text.
//!
//! Dates are ISO `YYYY-MM-DD`, timestamps ISO `YYYY-MM-DDTHH:MM:SS` local
//! time, yearly dates use [`YearlyDate::encode`], money is integer fen.

use chrono::{NaiveDate, NaiveDateTime, Timelike};

use super::StoreError;
use crate::domain::yearly::YearlyDate;

const DATE: &str = "%Y-%m-%d";
const DATETIME: &str = "%Y-%m-%dT%H:%M:%S";

pub fn date_text(d: NaiveDate) -> String {
    d.format(DATE).to_string()
}

pub fn datetime_text(t: NaiveDateTime) -> String {
    t.format(DATETIME).to_string()
}

pub fn parse_date(text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, DATE)
        .map_err(|_| StoreError::Corrupt(format!("bad date {text:?}")))
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
