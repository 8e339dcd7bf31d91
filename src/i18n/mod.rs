//! Language selection and translated texts (rust-i18n, files in assets/locales).

pub use rust_i18n::t;
