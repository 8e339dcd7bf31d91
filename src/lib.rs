//! Genjin (跟进): after-sales service and customer care for small shops.
//!
//! Layers, each depending only on those before it:
//! `domain` (pure rules) ← `store` (SQLite) ← `demo` ← `cli` / `ui`.
//! `i18n` is shared by every layer that shows text to a person.
//! `atomic_write` (files written whole or not at all), `logging` (the
//! `log` facade's file in the data folder), `allocator` (mimalloc and its
//! tuning) and `console` (the command line's console on Windows) depend on
//! nothing of ours.

rust_i18n::i18n!("assets/locales", fallback = "en");

pub mod agenda;
pub mod allocator;
pub mod atomic_write;
pub mod cli;
pub mod console;
pub mod crash;
pub mod demo;
pub mod domain;
pub mod i18n;
pub mod import;
pub mod instance;
pub mod logging;
pub mod paths;
pub mod store;
pub mod ui;
