//! Statutory days off and make-up working days (法定节假日 / 调休上班).
//!
//! The State Council announces each year's schedule, usually in November for
//! the next year. The lunar library carries the announced schedules (from
//! 2001-12-29 to the end of 2026) as one table; [`builtin`] reads that table
//! once into dates. A year after that has no statutory data until the shop
//! adds or imports its schedule; [`merge`] lays the shop's own days over the
//! built-in ones (the shop's entry wins on the same date).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use tyme4rs::tyme::holiday::{LEGAL_HOLIDAY_DATA, LEGAL_HOLIDAY_NAMES};

/// One statutory day: a day off (休) or a make-up working day (班).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StatutoryDay {
    pub date: NaiveDate,
    /// The holiday it belongs to, e.g. 春节 or 国庆节.
    pub name: String,
    /// `true` for a day off, `false` for a make-up working day.
    pub off: bool,
}

/// Letters per entry of the library's table: `YYYYMMDD`, `0` for a working
/// day or `1` for a day off, the holiday's index in its name list, and the
/// signed distance to the holiday itself (`+03`), which we do not need.
const ENTRY_LEN: usize = 13;

fn builtin_table() -> &'static BTreeMap<NaiveDate, (usize, bool)> {
    static TABLE: OnceLock<BTreeMap<NaiveDate, (usize, bool)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        LEGAL_HOLIDAY_DATA
            .as_bytes()
            .chunks_exact(ENTRY_LEN)
            .filter_map(|entry| {
                let text = std::str::from_utf8(entry).ok()?;
                let date = NaiveDate::parse_from_str(&text[..8], "%Y%m%d").ok()?;
                let off = &text[8..9] != "0";
                let index: usize = text[9..10].parse().ok()?;
                (index < LEGAL_HOLIDAY_NAMES.len()).then_some((date, (index, off)))
            })
            .collect()
    })
}

/// The built-in statutory days of a Gregorian year, by date (empty for a
/// year the library has no schedule for).
pub fn builtin(year: i32) -> Vec<StatutoryDay> {
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Vec::new();
    };
    builtin_table()
        .range(first..=last)
        .map(|(date, (index, off))| StatutoryDay {
            date: *date,
            name: LEGAL_HOLIDAY_NAMES[*index].to_string(),
            off: *off,
        })
        .collect()
}

/// The last year with a built-in schedule.
pub fn last_builtin_year() -> i32 {
    builtin_table()
        .keys()
        .next_back()
        .map_or(0, |date| date.year())
}

/// The statutory days of `year`: the built-in ones with the shop's own
/// (`own`, any years) laid over them, by date.
pub fn merge(year: i32, own: &[StatutoryDay]) -> Vec<StatutoryDay> {
    let mut days: BTreeMap<NaiveDate, StatutoryDay> =
        builtin(year).into_iter().map(|d| (d.date, d)).collect();
    for day in own.iter().filter(|d| d.date.year() == year) {
        days.insert(day.date, day.clone());
    }
    days.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tyme4rs::tyme::Culture;
    use tyme4rs::tyme::holiday::LegalHoliday;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_table_agrees_with_the_library_on_every_day() {
        for year in 2001..=2026 {
            let ours = builtin(year);
            let mut date = day(year, 1, 1);
            while date.year() == year {
                let library = LegalHoliday::from_ymd(
                    date.year() as isize,
                    date.month() as usize,
                    date.day() as usize,
                );
                let mine = ours.iter().find(|d| d.date == date);
                match (library, mine) {
                    (None, None) => {}
                    (Some(h), Some(m)) => {
                        assert_eq!(h.get_name(), m.name, "{date}");
                        assert_eq!(!h.is_work(), m.off, "{date}");
                    }
                    (h, m) => panic!("{date}: library {:?}, ours {m:?}", h.map(|h| h.get_name())),
                }
                date = date.succ_opt().unwrap();
            }
        }
    }

    #[test]
    fn known_days_of_2025_and_2026() {
        let days = builtin(2025);
        let spring_off = days.iter().find(|d| d.date == day(2025, 1, 29)).unwrap();
        assert_eq!((spring_off.name.as_str(), spring_off.off), ("春节", true));
        let makeup = days.iter().find(|d| d.date == day(2025, 1, 26)).unwrap();
        assert_eq!((makeup.name.as_str(), makeup.off), ("春节", false));
        let national = builtin(2026);
        assert!(
            national
                .iter()
                .any(|d| d.date == day(2026, 10, 1) && d.name == "国庆节" && d.off)
        );
        assert_eq!(last_builtin_year(), 2026);
    }

    #[test]
    fn a_year_after_the_table_is_empty_until_the_shop_adds_it() {
        assert!(builtin(2027).is_empty());
        let own = vec![
            StatutoryDay {
                date: day(2027, 1, 1),
                name: "元旦".into(),
                off: true,
            },
            StatutoryDay {
                date: day(2026, 10, 1),
                name: "国庆".into(),
                off: true,
            },
        ];
        let merged = merge(2027, &own);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].date, day(2027, 1, 1));
        // The shop's entry wins over the built-in one on the same date.
        let merged_2026 = merge(2026, &own);
        let oct1 = merged_2026
            .iter()
            .find(|d| d.date == day(2026, 10, 1))
            .unwrap();
        assert_eq!(oct1.name, "国庆");
        assert_eq!(merged_2026.len(), builtin(2026).len());
    }
}
