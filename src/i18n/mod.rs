//! Language selection and translated texts.
//!
//! Texts live in `assets/locales/*.yml` (rust-i18n, one key with both
//! languages side by side). This module picks the language, labels the
//! domain's coded enums, and turns domain, store and import errors into
//! sentences in the UI language. Those layers stay free of UI wording and
//! never import this module; it knows their error types, not the reverse.

mod errors;

pub use errors::*;
pub use rust_i18n::t;

use serde::{Deserialize, Serialize};

/// The UI languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Language {
    Chinese,
    English,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::Chinese, Language::English];

    /// The rust-i18n locale code.
    pub fn code(self) -> &'static str {
        match self {
            Language::Chinese => "zh-CN",
            Language::English => "en",
        }
    }

    /// The language's own name, shown in the language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::Chinese => "中文",
            Language::English => "English",
        }
    }

    /// Chinese when the system locale is Chinese, else English.
    pub fn from_system() -> Language {
        match sys_locale::get_locale() {
            Some(l) if l.to_ascii_lowercase().starts_with("zh") => Language::Chinese,
            _ => Language::English,
        }
    }

    /// Makes this the language of every text from now on.
    pub fn apply(self) {
        rust_i18n::set_locale(self.code());
    }

    /// The language in force.
    pub fn current() -> Language {
        if rust_i18n::locale().starts_with("zh") {
            Language::Chinese
        } else {
            Language::English
        }
    }
}

/// Translates a key built at run time (`gender.male`).
pub fn tr(key: &str) -> String {
    t!(key).into_owned()
}

/// The label of a coded domain enum: `label("gender", "male")`.
pub fn label(group: &str, code: &str) -> String {
    tr(&format!("{group}.{code}"))
}

/// A month's title as the calendars show it: "2026年12月" / "December 2026".
pub fn month_title(first: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    t!(
        "calendar.month_title",
        year = first.year(),
        month = first.month(),
        month_name = tr(&format!("calendar.month.{}", first.month()))
    )
    .into_owned()
}

/// Items joined as a list in the UI language: 甲、乙、丙 / a, b, c.
pub fn join_list<S: AsRef<str>>(items: &[S]) -> String {
    let sep = t!("common.list_sep");
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        out.push_str(item.as_ref());
    }
    out
}

/// Chinese names of statutory holidays, as the lunar library's table and
/// shops' own schedules write them, and the `day.*` key of each.
const HOLIDAY_NAMES: &[(&str, &str)] = &[
    ("元旦", "new_year"),
    ("元旦节", "new_year"),
    ("春节", "spring_festival"),
    ("清明", "qingming"),
    ("清明节", "qingming"),
    ("劳动节", "labour_day"),
    ("五一", "labour_day"),
    ("五一劳动节", "labour_day"),
    ("端午", "dragon_boat"),
    ("端午节", "dragon_boat"),
    ("中秋", "mid_autumn"),
    ("中秋节", "mid_autumn"),
    ("国庆", "national_day"),
    ("国庆节", "national_day"),
    ("国庆中秋", "national_and_mid_autumn"),
    ("中秋国庆", "national_and_mid_autumn"),
    ("抗战胜利日", "victory_day"),
    ("抗战胜利纪念日", "victory_day"),
];

/// A statutory holiday's name (Chinese, from the built-in schedule or the
/// shop's) in the UI language: in English the known ones are translated,
/// a name the shop made up stays as written.
pub fn holiday_name(name: &str) -> String {
    let name = name.trim();
    match Language::current() {
        Language::Chinese => name.to_string(),
        Language::English => HOLIDAY_NAMES
            .iter()
            .find(|(zh, _)| *zh == name)
            .map(|(_, code)| tr(&format!("day.{code}")))
            .unwrap_or_else(|| name.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contact::{ContactChannel, ContactPurpose};
    use crate::import::export_book::{channel_cell, purpose_cell};

    fn chinese(key: String) -> String {
        t!(key.as_str(), locale = Language::Chinese.code()).into_owned()
    }

    #[test]
    fn the_contact_export_uses_the_apps_chinese_labels() {
        for &c in ContactChannel::ALL {
            assert_eq!(channel_cell(c), chinese(format!("channel.{}", c.code())));
        }
        for &p in ContactPurpose::ALL {
            assert_eq!(purpose_cell(p), chinese(format!("purpose.{}", p.code())));
        }
    }
}
