//! Library-level tests in one binary: the store on temporary books, import
//! and export end to end, the calendar, greetings, after-sales, feedback and
//! receivables stores, the agenda, the lunar calendar against its library,
//! translation completeness, and the layering rules of `src/`.
//!
//! Nothing here changes the UI language except `export`, which sets English
//! to show the export's Chinese headers do not follow it; no test in this
//! binary reads localized text, so its tests may share one process.

mod aftersales;
mod architecture;
mod backup;
mod calendar;
mod export;
mod feedback;
mod greeting;
mod i18n;
mod import;
mod import_fuzz;
mod import_guard;
mod import_indexes;
mod import_read;
mod import_roundtrip;
mod lunar_calendar;
mod photos;
mod receivable_agenda;
mod receivables;
mod returns_roundtrip;
mod safe_open;
mod store;
mod unreadable;
