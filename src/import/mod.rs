//! Bringing a shop's existing lists in and taking them out again.
//!
//! `decode` finds the text encoding (BOM, valid UTF-8, else chardetng) and
//! decodes with encoding_rs; `sniff` finds the delimiter; `reader` streams
//! records with the physical line each starts on; `fields` maps headers to
//! fields by synonyms and parses values the way spreadsheets write them;
//! `customers` turns a mapped record into a validated card or per-cell
//! messages; `export` writes CSV that Excel opens correctly and cannot run
//! as formulas, and `export_book` writes the shop's customers, sales,
//! payments and contacts with it in a form the import reads back; `vcard`
//! reads phone contacts (`.vcf`) into the same records as a customer CSV;
//! `holidays` reads and writes a year's statutory holiday schedule;
//! `mojibake` tells text decoded with the wrong encoding from real text.
//! The import pipeline, batches and undo build on these.

pub mod customers;
pub mod decode;
pub mod export;
pub mod export_book;
pub mod fields;
pub mod holidays;
pub mod mojibake;
pub mod pipeline;
pub mod reader;
pub mod sniff;
pub mod vcard;
