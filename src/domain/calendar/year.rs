//! One Gregorian year's calendar-wide days: statutory days off and make-up
//! working days, the traditional lunar festivals, the solar terms people
//! observe (清明, 冬至) and the common observances. Computed once per year
//! ([`YearCalendar::compute`]) and then only looked up.

use chrono::{Datelike, NaiveDate, Weekday};
use tyme4rs::tyme::solar::SolarTerm;

use super::kind::OccasionKind;
use super::statutory::{self, StatutoryDay};
use crate::domain::lunar::{LunarDate, days_in_month};

/// Something on the calendar for everyone on a day.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CalendarMark {
    pub date: NaiveDate,
    pub kind: OccasionKind,
    /// The Chinese name, e.g. 中秋节 (the CLI's `title`).
    pub name: String,
    /// A stable code for the UI's translation (`mid_autumn`, `qingming` …);
    /// empty for a statutory day named by the shop.
    pub code: &'static str,
}

/// A traditional festival on a fixed lunar month and day; 除夕 is the last
/// day of the twelfth month, whatever its length.
struct LunarFestival {
    code: &'static str,
    name: &'static str,
    month: u8,
    /// `None` for 除夕.
    day: Option<u8>,
}

const LUNAR_FESTIVALS: &[LunarFestival] = &[
    LunarFestival {
        code: "spring_festival",
        name: "春节",
        month: 1,
        day: Some(1),
    },
    LunarFestival {
        code: "lantern",
        name: "元宵节",
        month: 1,
        day: Some(15),
    },
    LunarFestival {
        code: "dragon_boat",
        name: "端午节",
        month: 5,
        day: Some(5),
    },
    LunarFestival {
        code: "qixi",
        name: "七夕节",
        month: 7,
        day: Some(7),
    },
    LunarFestival {
        code: "mid_autumn",
        name: "中秋节",
        month: 8,
        day: Some(15),
    },
    LunarFestival {
        code: "double_ninth",
        name: "重阳节",
        month: 9,
        day: Some(9),
    },
    LunarFestival {
        code: "laba",
        name: "腊八节",
        month: 12,
        day: Some(8),
    },
    LunarFestival {
        code: "chuxi",
        name: "除夕",
        month: 12,
        day: None,
    },
];

/// Solar terms people mark, by their index in the library's list (冬至 is 0).
const SOLAR_TERMS: &[(&str, &str, isize)] =
    &[("qingming", "清明", 7), ("winter_solstice", "冬至", 0)];

/// Observances on a fixed Gregorian day.
const FIXED_OBSERVANCES: &[(&str, &str, u32, u32)] = &[
    ("new_year", "元旦", 1, 1),
    ("valentines", "情人节", 2, 14),
    ("womens_day", "妇女节", 3, 8),
    ("labour_day", "劳动节", 5, 1),
    ("teachers_day", "教师节", 9, 10),
    ("national_day", "国庆节", 10, 1),
    ("christmas", "圣诞节", 12, 25),
];

/// The calendar-wide days of one Gregorian year, sorted by date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearCalendar {
    pub year: i32,
    pub marks: Vec<CalendarMark>,
    /// Whether any statutory schedule (built in or the shop's) covers the year.
    pub has_statutory_data: bool,
}

impl YearCalendar {
    /// Works out `year` (1901–2099) with the shop's own statutory days laid
    /// over the built-in ones.
    pub fn compute(year: i32, own_statutory: &[StatutoryDay]) -> YearCalendar {
        let statutory = statutory::merge(year, own_statutory);
        let mut marks: Vec<CalendarMark> = statutory
            .iter()
            .map(|d| CalendarMark {
                date: d.date,
                kind: if d.off {
                    OccasionKind::HolidayOff
                } else {
                    OccasionKind::HolidayWorkday
                },
                name: d.name.clone(),
                code: "",
            })
            .collect();
        marks.extend(lunar_festivals(year));
        marks.extend(solar_terms(year));
        marks.extend(observances(year));
        marks.sort_by_key(|m| (m.date, m.kind));
        YearCalendar {
            year,
            has_statutory_data: !statutory.is_empty(),
            marks,
        }
    }

    /// The marks on one day.
    pub fn on(&self, date: NaiveDate) -> &[CalendarMark] {
        let start = self.marks.partition_point(|m| m.date < date);
        let end = self.marks.partition_point(|m| m.date <= date);
        &self.marks[start..end]
    }

    /// The marks from `from` to `to`, inclusive.
    pub fn between(&self, from: NaiveDate, to: NaiveDate) -> &[CalendarMark] {
        let start = self.marks.partition_point(|m| m.date < from);
        let end = self.marks.partition_point(|m| m.date <= to);
        &self.marks[start..end.max(start)]
    }
}

/// The festivals falling in Gregorian `year`: those of lunar year `year`
/// and, for the ones early in the Gregorian year (除夕 above all), those of
/// lunar year `year - 1`.
fn lunar_festivals(year: i32) -> Vec<CalendarMark> {
    let mut marks = Vec::new();
    for lunar_year in [year - 1, year] {
        for festival in LUNAR_FESTIVALS {
            let day = festival
                .day
                .unwrap_or_else(|| days_in_month(lunar_year, 12, false) as u8);
            let Ok(date) = LunarDate::new(Some(lunar_year), festival.month, false, day) else {
                continue;
            };
            if let Some(date) = date.to_solar().filter(|d| d.year() == year) {
                marks.push(CalendarMark {
                    date,
                    kind: OccasionKind::Festival,
                    name: festival.name.to_string(),
                    code: festival.code,
                });
            }
        }
    }
    marks
}

fn solar_terms(year: i32) -> Vec<CalendarMark> {
    let mut marks = Vec::new();
    for term_year in [year, year + 1] {
        for (code, name, index) in SOLAR_TERMS {
            let day = SolarTerm::from_index(term_year as isize, *index).get_solar_day();
            let date = NaiveDate::from_ymd_opt(
                day.get_year() as i32,
                day.get_month() as u32,
                day.get_day() as u32,
            );
            if let Some(date) = date.filter(|d| d.year() == year)
                && !marks
                    .iter()
                    .any(|m: &CalendarMark| m.date == date && m.code == *code)
            {
                marks.push(CalendarMark {
                    date,
                    kind: OccasionKind::SolarTerm,
                    name: name.to_string(),
                    code,
                });
            }
        }
    }
    marks
}

fn observances(year: i32) -> Vec<CalendarMark> {
    let mut marks: Vec<CalendarMark> = FIXED_OBSERVANCES
        .iter()
        .filter_map(|(code, name, month, day)| {
            Some(CalendarMark {
                date: NaiveDate::from_ymd_opt(year, *month, *day)?,
                kind: OccasionKind::Observance,
                name: name.to_string(),
                code,
            })
        })
        .collect();
    // 母亲节 the second Sunday of May, 父亲节 the third Sunday of June.
    for (code, name, month, nth) in [
        ("mothers_day", "母亲节", 5, 2),
        ("fathers_day", "父亲节", 6, 3),
    ] {
        if let Some(date) = NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Sun, nth) {
            marks.push(CalendarMark {
                date,
                kind: OccasionKind::Observance,
                name: name.to_string(),
                code,
            });
        }
    }
    marks
}

/// The lunar day as a month grid shows it: the day's name (初二, 十五 …),
/// or on 初一 the month's name (正月, 闰四月, 冬月 …).
pub fn lunar_day_label(date: NaiveDate) -> Option<String> {
    let lunar = LunarDate::from_solar(date).ok()?;
    let index = usize::from(lunar.day()) - 1;
    Some(if lunar.day() == 1 {
        let month = crate::domain::lunar::MONTH_NAMES[usize::from(lunar.month()) - 1];
        if lunar.is_leap() {
            format!("闰{month}")
        } else {
            month.to_string()
        }
    } else {
        crate::domain::lunar::DAY_NAMES[index].to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tyme4rs::tyme::Culture;
    use tyme4rs::tyme::festival::LunarFestival as LibraryFestival;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn find(cal: &YearCalendar, code: &str) -> Vec<NaiveDate> {
        cal.marks
            .iter()
            .filter(|m| m.code == code)
            .map(|m| m.date)
            .collect()
    }

    #[test]
    fn festivals_of_2025_and_2026() {
        let y2025 = YearCalendar::compute(2025, &[]);
        assert_eq!(find(&y2025, "spring_festival"), [day(2025, 1, 29)]);
        assert_eq!(find(&y2025, "chuxi"), [day(2025, 1, 28)]);
        assert_eq!(find(&y2025, "mid_autumn"), [day(2025, 10, 6)]);
        assert_eq!(find(&y2025, "dragon_boat"), [day(2025, 5, 31)]);
        assert_eq!(find(&y2025, "qingming"), [day(2025, 4, 4)]);
        assert_eq!(find(&y2025, "winter_solstice"), [day(2025, 12, 21)]);
        assert_eq!(find(&y2025, "mothers_day"), [day(2025, 5, 11)]);
        assert_eq!(find(&y2025, "fathers_day"), [day(2025, 6, 15)]);
        let y2026 = YearCalendar::compute(2026, &[]);
        assert_eq!(find(&y2026, "spring_festival"), [day(2026, 2, 17)]);
        assert_eq!(find(&y2026, "chuxi"), [day(2026, 2, 16)]);
        assert_eq!(find(&y2026, "mid_autumn"), [day(2026, 9, 25)]);
        assert!(y2026.has_statutory_data);
    }

    #[test]
    fn every_festival_once_a_year_and_agreeing_with_the_library() {
        // The library's own festival table (a separate path from our lunar
        // conversions) is the reference.
        let library_index = |code: &str| match code {
            "spring_festival" => 0,
            "lantern" => 1,
            "dragon_boat" => 5,
            "qixi" => 6,
            "mid_autumn" => 8,
            "double_ninth" => 9,
            "laba" => 11,
            "chuxi" => 12,
            _ => unreachable!(),
        };
        for year in 2000..=2050 {
            let cal = YearCalendar::compute(year, &[]);
            for festival in LUNAR_FESTIVALS {
                let ours = find(&cal, festival.code);
                let mut expected = Vec::new();
                for lunar_year in [year - 1, year] {
                    let f = LibraryFestival::from_index(
                        lunar_year as isize,
                        library_index(festival.code),
                    )
                    .expect("festival");
                    assert_eq!(f.get_name(), festival.name);
                    let s = f.get_day().get_solar_day();
                    let date = day(
                        s.get_year() as i32,
                        s.get_month() as u32,
                        s.get_day() as u32,
                    );
                    if date.year() == year {
                        expected.push(date);
                    }
                }
                assert_eq!(ours, expected, "{year} {}", festival.name);
            }
            assert_eq!(find(&cal, "qingming").len(), 1, "{year}");
            assert_eq!(find(&cal, "winter_solstice").len(), 1, "{year}");
        }
    }

    #[test]
    fn a_year_without_statutory_data_says_so_and_still_has_festivals() {
        let cal = YearCalendar::compute(2031, &[]);
        assert!(!cal.has_statutory_data);
        assert!(!find(&cal, "spring_festival").is_empty());
        assert!(cal.marks.iter().all(|m| !matches!(
            m.kind,
            OccasionKind::HolidayOff | OccasionKind::HolidayWorkday
        )));
    }

    #[test]
    fn days_off_and_makeup_days_are_told_apart() {
        let cal = YearCalendar::compute(2026, &[]);
        let off = cal.on(day(2026, 10, 1));
        assert!(off.iter().any(|m| m.kind == OccasionKind::HolidayOff));
        assert!(off.iter().any(|m| m.code == "national_day"));
        let work = cal.on(day(2026, 2, 14));
        assert!(work.iter().any(|m| m.kind == OccasionKind::HolidayWorkday));
        assert!(cal.on(day(2026, 3, 10)).is_empty());
        assert!(cal.on(day(2026, 3, 3)).iter().any(|m| m.code == "lantern"));
        let week = cal.between(day(2026, 9, 24), day(2026, 9, 26));
        assert!(week.iter().any(|m| m.code == "mid_autumn"));
    }

    #[test]
    fn lunar_labels_name_the_month_on_its_first_day() {
        assert_eq!(lunar_day_label(day(2026, 2, 17)).unwrap(), "正月");
        assert_eq!(lunar_day_label(day(2026, 2, 18)).unwrap(), "初二");
        assert_eq!(lunar_day_label(day(2025, 10, 6)).unwrap(), "十五");
        // 2025 has a leap sixth month starting on 25 July.
        assert_eq!(lunar_day_label(day(2025, 7, 25)).unwrap(), "闰六月");
    }
}
