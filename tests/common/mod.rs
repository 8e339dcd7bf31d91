//! Helpers shared by the test binaries. A group includes this folder with
//! `#[path = "../common/mod.rs"] mod common;` and takes what it needs.

pub mod app_harness;
pub mod reach;
pub mod typing;
