//! The demo's fixed data, kept apart from the logic that draws from it:
//! word lists for people and cards (`people`), the shop's catalogue and
//! phrases (`shop`), feedback cards (`feedback`), after-sales products and
//! the returns log (`aftersales`), and the scripted receivables and
//! retention stories (`receivables`).

pub mod aftersales;
pub mod feedback;
pub mod people;
pub mod receivables;
pub mod shop;

/// The shop manager, who signs off solutions beyond a clerk's authority and
/// chases the larger debts.
pub const MANAGER: &str = "陈店长";
/// The book-keeper, who sends the notices and makes the calls about debts.
pub const BOOKKEEPER: &str = "会计小周";
