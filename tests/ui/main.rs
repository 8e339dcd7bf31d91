//! The window driven through egui_kittest (no GPU), in Chinese: every
//! section's flows. The UI language is process-wide, so every test here
//! opens the app in Chinese and none switches it; the English UI has its
//! own binary (`tests/ui_english.rs`).

#[path = "../common/mod.rs"]
mod common;

mod aftersales;
mod background;
mod backups;
mod calendar;
mod card_layout;
mod collection;
mod crash_notice;
mod customers;
mod date_picker;
mod feedback;
mod freshness;
mod home;
mod import;
mod layout;
mod open_failure;
mod receivables;
mod retention;
mod settings_calendar;
mod settings_renderer;
mod single_window;
