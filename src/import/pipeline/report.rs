//! What an import reports: the problems of single rows ([`Problem`],
//! [`RowIssue`]) and the counts of a whole run ([`Report`]). Only codes and
//! values live here; `crate::i18n` turns them into sentences.

use crate::domain::returns::ReturnProblem;
use crate::import::fields::{Field, ValueError};

/// How many problems a report keeps; the rest are only counted.
pub const MAX_REPORTED: usize = 10_000;

/// What is wrong with a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A cell's value could not be read.
    Value(ValueError),
    /// No customer in the book has this phone or exact name.
    CustomerNotFound,
    /// Several customers have this name (and no phone decides).
    CustomerAmbiguous(usize),
    /// The referrer is neither in the book nor earlier in the file.
    ReferrerNotFound,
    ReferrerAmbiguous(usize),
    /// The payment names a sale number the book does not have.
    SaleNotFound(String),
    /// The payment's sale belongs to another customer.
    SaleOfOtherCustomer(String),
    /// The return breaks a rule of the returns form (a refund without an
    /// amount, money credited with no customer, …).
    InvalidReturn(ReturnProblem),
    /// A quoted cell that does not end where a cell should (never closed,
    /// too long, over too many lines): the row starts at the quote's line
    /// and runs to `end_line`.
    Runaway {
        end_line: u64,
    },
    /// A vCard property names a character set we do not know.
    UnknownCharset(String),
    /// A vCard phone that is not a number was left out (a warning).
    PhoneLeftOut(String),
    /// The referrer is (through others) referred by this customer.
    ReferralLoop,
    /// The name and the phone belong to different customers in the book.
    NameAndPhoneDisagree {
        name: String,
        phone: String,
    },
}

impl Problem {
    /// Stable code for scripts and translation keys.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Value(e) => e.code(),
            Problem::CustomerNotFound => "customer_not_found",
            Problem::CustomerAmbiguous(_) => "customer_ambiguous",
            Problem::ReferrerNotFound => "referrer_not_found",
            Problem::ReferrerAmbiguous(_) => "referrer_ambiguous",
            Problem::SaleNotFound(_) => "sale_not_found",
            Problem::SaleOfOtherCustomer(_) => "sale_of_other_customer",
            Problem::InvalidReturn(_) => "invalid_return",
            Problem::Runaway { .. } => "runaway",
            Problem::UnknownCharset(_) => "unknown_charset",
            Problem::PhoneLeftOut(_) => "phone_left_out",
            Problem::ReferralLoop => "referral_loop",
            Problem::NameAndPhoneDisagree { .. } => "name_and_phone_disagree",
        }
    }
}

/// One problem in one row.
#[derive(Debug, Clone, PartialEq)]
pub struct RowIssue {
    /// 1-based physical line where the record starts.
    pub line: u64,
    /// 0-based column, when one cell is at fault.
    pub column: Option<usize>,
    /// That column's header as written in the file.
    pub column_name: String,
    /// The cell's content as read (empty when no one cell is at fault).
    pub value: String,
    pub field: Option<Field>,
    pub problem: Problem,
}

/// What an import did (or, from [`check`], would do).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub kind: &'static str,
    pub encoding: &'static str,
    /// `comma`, `semicolon`, `tab`, `pipe`; empty for vCard files.
    pub delimiter: &'static str,
    /// Data rows read (blank lines not counted).
    pub rows: u64,
    pub imported: u64,
    pub updated: u64,
    pub skipped_duplicates: u64,
    /// Rows with at least one problem (none of them is written).
    pub error_rows: u64,
    /// The first [`MAX_REPORTED`] problems, in file order.
    pub errors: Vec<RowIssue>,
    /// Problems beyond [`MAX_REPORTED`], counted only.
    pub errors_omitted: u64,
    /// Rows imported with something changed or left out (control
    /// characters removed, a bad second phone dropped), in file order.
    pub warnings: Vec<RowIssue>,
    /// Warnings beyond [`MAX_REPORTED`], counted only.
    pub warnings_omitted: u64,
    /// Headers of the columns that map to no field: not imported.
    pub ignored_columns: Vec<String>,
    /// Some bytes could not be decoded in the chosen encoding.
    pub had_decode_errors: bool,
    /// The batch written (`None` for a check).
    pub batch: Option<i64>,
}
