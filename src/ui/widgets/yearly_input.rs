//! The yearly date input: none, 公历 (Gregorian, year optional) or 农历
//! (lunar month with leap flag and day 初一…三十, year optional), showing
//! the Gregorian equivalent as the user types. The 公历 field has the month
//! page of [`DateInput`] for a full date; the 农历 fields are picked from
//! lists already.

use chrono::NaiveDate;
use egui::RichText;

use super::date_picker::DateInput;
use crate::domain::dates::parse_month_day;
use crate::domain::lunar::{DAY_NAMES, MONTH_NAMES};
use crate::domain::yearly::YearlyDate;
use crate::i18n::{Language, date_error, t, yearly_error};
use crate::ui::theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum YearlyKind {
    #[default]
    None,
    Solar,
    Lunar,
}

/// The editable state of a yearly date.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct YearlyInput {
    pub kind: YearlyKind,
    pub solar_text: String,
    pub lunar_year: String,
    pub lunar_month: u8,
    pub lunar_leap: bool,
    pub lunar_day: u8,
}

impl Default for YearlyInput {
    fn default() -> Self {
        YearlyInput {
            kind: YearlyKind::None,
            solar_text: String::new(),
            lunar_year: String::new(),
            lunar_month: 1,
            lunar_leap: false,
            lunar_day: 1,
        }
    }
}

impl YearlyInput {
    pub fn from_value(value: Option<YearlyDate>) -> YearlyInput {
        let mut input = YearlyInput::default();
        match value {
            None => {}
            Some(YearlyDate::Solar(s)) => {
                input.kind = YearlyKind::Solar;
                input.solar_text = match s.year() {
                    Some(y) => format!("{y:04}-{:02}-{:02}", s.month(), s.day()),
                    None => format!("{:02}-{:02}", s.month(), s.day()),
                };
            }
            Some(YearlyDate::Lunar(l)) => {
                input.kind = YearlyKind::Lunar;
                input.lunar_year = l.year().map(|y| y.to_string()).unwrap_or_default();
                input.lunar_month = l.month();
                input.lunar_leap = l.is_leap();
                input.lunar_day = l.day();
            }
        }
        input
    }

    /// The value, `Ok(None)` when no date is set, or a message in the UI language.
    pub fn parse(&self) -> Result<Option<YearlyDate>, String> {
        match self.kind {
            YearlyKind::None => Ok(None),
            YearlyKind::Solar => {
                if self.solar_text.trim().is_empty() {
                    return Err(t!("err.required").into_owned());
                }
                let (y, m, d) = parse_month_day(&self.solar_text).map_err(|e| date_error(&e))?;
                YearlyDate::solar(y, m, d)
                    .map(Some)
                    .map_err(|e| yearly_error(&e))
            }
            YearlyKind::Lunar => {
                let year = match self.lunar_year.trim() {
                    "" => None,
                    y => Some(
                        crate::domain::text::to_half_width(y)
                            .parse::<i32>()
                            .map_err(|_| t!("err.year_number").into_owned())?,
                    ),
                };
                YearlyDate::lunar(year, self.lunar_month, self.lunar_leap, self.lunar_day)
                    .map(Some)
                    .map_err(|e| yearly_error(&e))
            }
        }
    }

    /// Draws the input; returns true when the user changed something.
    pub fn show(&mut self, ui: &mut egui::Ui, id_salt: &str, today: NaiveDate) -> bool {
        let before = self.clone();
        ui.vertical(|ui| {
            ui.horizontal(|ui| {
                egui::ComboBox::from_id_salt((id_salt, "kind"))
                    .width(70.0)
                    .selected_text(kind_label(self.kind))
                    .show_ui(ui, |ui| {
                        for kind in [YearlyKind::None, YearlyKind::Solar, YearlyKind::Lunar] {
                            ui.selectable_value(&mut self.kind, kind, kind_label(kind));
                        }
                    })
                    .response
                    .accessible_name(t!("date.calendar"));
                match self.kind {
                    YearlyKind::None => {}
                    YearlyKind::Solar => {
                        // A full date may be picked from a month page;
                        // a month and day without a year is typed.
                        ui.add(
                            DateInput::new(&mut self.solar_text)
                                .id_salt((id_salt, "solar"))
                                .hint_text(t!("date.yearly_hint"))
                                .desired_width(130.0),
                        );
                    }
                    YearlyKind::Lunar => self.lunar_fields(ui, id_salt),
                }
            });
            match self.parse() {
                Ok(Some(date)) => {
                    let text = describe(&date, today);
                    ui.label(RichText::new(text).small().color(theme::MUTED));
                }
                Ok(None) => {}
                Err(e) => {
                    ui.label(RichText::new(format!("⚠ {e}")).small().color(theme::ERROR));
                }
            }
        });
        *self != before
    }

    fn lunar_fields(&mut self, ui: &mut egui::Ui, id_salt: &str) {
        ui.add(
            egui::TextEdit::singleline(&mut self.lunar_year)
                .id_salt((id_salt, "lyear"))
                .hint_text(t!("date.year_optional"))
                .desired_width(76.0),
        );
        egui::ComboBox::from_id_salt((id_salt, "lmonth"))
            .width(70.0)
            .selected_text(month_label(self.lunar_month))
            .show_ui(ui, |ui| {
                for m in 1..=12u8 {
                    ui.selectable_value(&mut self.lunar_month, m, month_label(m));
                }
            })
            .response
            .accessible_name(t!("date.lunar_month"));
        ui.checkbox(&mut self.lunar_leap, t!("date.leap"));
        egui::ComboBox::from_id_salt((id_salt, "lday"))
            .width(64.0)
            .selected_text(day_label(self.lunar_day))
            .show_ui(ui, |ui| {
                for d in 1..=30u8 {
                    ui.selectable_value(&mut self.lunar_day, d, day_label(d));
                }
            })
            .response
            .accessible_name(t!("date.lunar_day"));
    }
}

fn kind_label(kind: YearlyKind) -> String {
    match kind {
        YearlyKind::None => t!("date.kind_none"),
        YearlyKind::Solar => t!("date.kind_solar"),
        YearlyKind::Lunar => t!("date.kind_lunar"),
    }
    .into_owned()
}

fn month_label(m: u8) -> String {
    let name = MONTH_NAMES[usize::from(m.clamp(1, 12) - 1)];
    match Language::current() {
        Language::Chinese => name.to_string(),
        Language::English => format!("{m} {name}"),
    }
}

fn day_label(d: u8) -> String {
    let name = DAY_NAMES[usize::from(d.clamp(1, 30) - 1)];
    match Language::current() {
        Language::Chinese => name.to_string(),
        Language::English => format!("{d} {name}"),
    }
}

/// "= 公历 1985-09-28 · next 2026-10-05" — the Gregorian equivalent and the
/// next time it comes round.
pub fn describe(date: &YearlyDate, today: NaiveDate) -> String {
    let mut parts = Vec::new();
    if date.is_lunar()
        && let Some(original) = date.original_date()
    {
        parts.push(t!("date.equals_solar", date = original.format("%Y-%m-%d")).into_owned());
    }
    if let Some(next) = date.next_occurrence(today) {
        parts.push(t!("date.next", date = next.format("%Y-%m-%d")).into_owned());
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_values() {
        for value in [
            None,
            Some(YearlyDate::solar(Some(1985), 5, 6).unwrap()),
            Some(YearlyDate::solar(None, 12, 31).unwrap()),
            Some(YearlyDate::lunar(Some(2020), 4, true, 8).unwrap()),
            Some(YearlyDate::lunar(None, 8, false, 15).unwrap()),
        ] {
            assert_eq!(YearlyInput::from_value(value).parse(), Ok(value));
        }
    }

    #[test]
    fn impossible_input_is_an_error_not_a_panic() {
        let mut input = YearlyInput {
            kind: YearlyKind::Lunar,
            lunar_year: "2023".into(),
            lunar_month: 4,
            lunar_leap: true,
            ..Default::default()
        };
        assert!(input.parse().is_err());
        input.kind = YearlyKind::Solar;
        input.solar_text = "2-30".into();
        assert!(input.parse().is_err());
        input.solar_text = String::new();
        assert!(input.parse().is_err());
    }
}
