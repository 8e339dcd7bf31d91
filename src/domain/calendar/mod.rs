//! The calendar: what falls on each day, for the whole shop and for each
//! customer, and from that the daily agenda of whom to contact and why.
//!
//! - [`kind`]: the kinds of occasion, with the codes the CLI and JSON use.
//! - [`statutory`]: statutory days off and make-up working days, built in
//!   from the lunar library's table and extended by the shop's own table.
//! - [`year`]: one Gregorian year's calendar-wide days (statutory days,
//!   traditional festivals, solar terms, observances), computed once per year.
//! - [`month`]: a month as a page lays it out, in weeks from Monday.
//! - [`ics`]: occasions as an iCalendar file for a phone, with stable UIDs.
//! - [`greeting`]: greeting templates per kind with placeholders, their
//!   defaults in Chinese and English, and how a customer is addressed.

pub mod agenda;
pub mod greeting;
pub mod ics;
pub mod kind;
pub mod month;
pub mod personal;
pub mod statutory;
pub mod year;

pub use kind::OccasionKind;
