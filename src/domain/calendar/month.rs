//! A month as a calendar page lays it out: whole weeks from Monday to
//! Sunday covering every day of the month (four to six of them), and the
//! month steps a page's buttons take, kept inside the years the calendar
//! data covers.

use chrono::{Datelike, Days, Months, NaiveDate};

/// The first and last Gregorian years a calendar page may show: the years
/// whose lunar dates and festivals can be worked out on every day.
pub const FIRST_YEAR: i32 = 1901;
pub const LAST_YEAR: i32 = 2099;

/// The first day of the month `day` is in.
pub fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The first day of the month `months` after (or before, when negative)
/// the month starting on `first`; `first` itself when that would leave
/// [`FIRST_YEAR`]..=[`LAST_YEAR`].
pub fn shift_months(first: NaiveDate, months: i32) -> NaiveDate {
    let first = first_of_month(first);
    let shifted = if months >= 0 {
        first.checked_add_months(Months::new(months.unsigned_abs()))
    } else {
        first.checked_sub_months(Months::new(months.unsigned_abs()))
    };
    shifted
        .filter(|d| (FIRST_YEAR..=LAST_YEAR).contains(&d.year()))
        .unwrap_or(first)
}

/// The weeks of the month containing `day`, each Monday to Sunday: the
/// first holds the month's first day, the last its last day, so days of
/// the months before and after fill the ends.
pub fn weeks(day: NaiveDate) -> Vec<[NaiveDate; 7]> {
    let first = first_of_month(day);
    let last = first
        .checked_add_months(Months::new(1))
        .and_then(|next| next.pred_opt())
        .unwrap_or(first);
    let mut monday = first - Days::new(u64::from(first.weekday().num_days_from_monday()));
    let mut weeks = Vec::with_capacity(6);
    while monday <= last {
        let mut week = [monday; 7];
        for (offset, slot) in (0u64..).zip(week.iter_mut()) {
            *slot = monday + Days::new(offset);
        }
        weeks.push(week);
        monday = monday + Days::new(7);
    }
    weeks
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Every week runs Monday to Sunday without gaps, and the month's days
    /// each appear exactly once.
    fn assert_well_formed(weeks: &[[NaiveDate; 7]], first: NaiveDate, days_in_month: u32) {
        for week in weeks {
            assert_eq!(week[0].weekday(), Weekday::Mon);
            for pair in week.windows(2) {
                assert_eq!(pair[0].succ_opt(), Some(pair[1]));
            }
        }
        for pair in weeks.windows(2) {
            assert_eq!(pair[0][6].succ_opt(), Some(pair[1][0]));
        }
        let in_month: Vec<NaiveDate> = weeks
            .iter()
            .flatten()
            .copied()
            .filter(|d| d.month() == first.month() && d.year() == first.year())
            .collect();
        assert_eq!(in_month.len(), days_in_month as usize);
        assert_eq!(in_month.first(), Some(&first));
    }

    #[test]
    fn a_month_starting_on_monday_has_no_days_before_it() {
        // February 2027 starts on a Monday and has 28 days: four weeks exactly.
        let weeks = weeks(day(2027, 2, 14));
        assert_eq!(weeks.len(), 4);
        assert_eq!(weeks[0][0], day(2027, 2, 1));
        assert_eq!(weeks[3][6], day(2027, 2, 28));
        assert_well_formed(&weeks, day(2027, 2, 1), 28);
    }

    #[test]
    fn a_month_starting_on_sunday_fills_six_days_before_it() {
        // March 2026 starts on a Sunday: its first week is Feb 23 – Mar 1,
        // and its 31st (a Tuesday) makes a sixth week.
        let weeks = weeks(day(2026, 3, 1));
        assert_eq!(weeks.len(), 6);
        assert_eq!(weeks[0][0], day(2026, 2, 23));
        assert_eq!(weeks[0][6], day(2026, 3, 1));
        assert_eq!(weeks[5][0], day(2026, 3, 30));
        assert_eq!(weeks[5][6], day(2026, 4, 5));
        assert_well_formed(&weeks, day(2026, 3, 1), 31);
    }

    #[test]
    fn a_leap_february_keeps_its_29th() {
        // 2028-02-01 is a Tuesday; the 29th a Tuesday too.
        let weeks = weeks(day(2028, 2, 29));
        assert_eq!(weeks.len(), 5);
        assert_eq!(weeks[0][0], day(2028, 1, 31));
        assert_eq!(weeks[4][1], day(2028, 2, 29));
        assert_eq!(weeks[4][6], day(2028, 3, 5));
        assert_well_formed(&weeks, day(2028, 2, 1), 29);
        // And a common February has no 29th.
        assert_well_formed(&super::weeks(day(2026, 2, 1)), day(2026, 2, 1), 28);
    }

    #[test]
    fn every_month_of_a_decade_is_well_formed() {
        let mut first = day(2020, 1, 1);
        while first.year() < 2030 {
            let next = shift_months(first, 1);
            let days = (next - first).num_days() as u32;
            let weeks = weeks(first);
            assert!((4..=6).contains(&weeks.len()), "{first}");
            assert_well_formed(&weeks, first, days);
            first = next;
        }
    }

    #[test]
    fn month_steps_stay_inside_the_calendar_years() {
        assert_eq!(shift_months(day(2026, 12, 4), 1), day(2027, 1, 1));
        assert_eq!(shift_months(day(2026, 1, 31), -1), day(2025, 12, 1));
        assert_eq!(shift_months(day(2026, 10, 1), 12), day(2027, 10, 1));
        assert_eq!(shift_months(day(2026, 10, 1), -12), day(2025, 10, 1));
        assert_eq!(shift_months(day(2099, 12, 1), 1), day(2099, 12, 1));
        assert_eq!(shift_months(day(1901, 1, 1), -1), day(1901, 1, 1));
        assert_eq!(first_of_month(day(2026, 2, 28)), day(2026, 2, 1));
    }
}
