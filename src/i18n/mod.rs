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
