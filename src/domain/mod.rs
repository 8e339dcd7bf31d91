//! Pure domain rules of Genjin: no I/O, no SQL, no egui.
//!
//! Everything here is plain data and functions over it, so it can be unit tested
//! in isolation and reused by the store, the importers, the CLI and the UI.

pub mod abc;
pub mod brief;
pub mod calendar;
pub mod complaint;
pub mod contact;
pub mod customer;
pub mod dates;
pub mod feedback;
pub mod lunar;
pub mod money;
pub mod phone;
pub mod promise;
pub mod receivables;
pub mod retention;
pub mod returns;
pub mod sale;
pub mod search;
pub mod text;
pub mod warranty;
pub mod yearly;
