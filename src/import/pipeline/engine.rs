//! The [`Engine`] that runs every record of a file, in file order, against
//! a [`Target`]: it reads cells, matches customers by phone then exact name
//! through the batch's [`CustomerIndex`], skips or merges duplicates, finds
//! the sales payments and returns name, and counts and reports what it did.

use std::sync::atomic::Ordering;
use std::sync::mpsc;

use chrono::NaiveDateTime;

use super::index::{BYTES_PER_CUSTOMER_ROW, CustomerIndex, Found};
use super::read_ahead::{self, ReadAhead, ReadBatch, ReadCustomer, Referrer, read_customer};
use super::source::Source;
use super::target::Target;
use super::{
    FileFormat, ImportError, ImportPlan, MAX_REPORTED, OnDuplicate, Problem, Progress, Report,
    RowIssue,
};
use crate::domain::customer::{Customer, CustomerId};
use crate::domain::money::Money;
use crate::domain::returns::{RefundTo, ReturnEntry, ReturnProblem};
use crate::domain::sale::{Payment, Sale, due_date};
use crate::import::customers::CellError;
use crate::import::decode::Encoding;
use crate::import::fields::{
    Field, ImportKind, Mapping, ValueError, clean_note, clean_text, has_control_characters,
    max_chars, optional, parse_amount, parse_condition, parse_import_date, parse_outcome,
    parse_phone, parse_quantity, parse_refund_to, parse_return_reason, parse_terms_days,
};
use crate::import::mojibake::misdecoded;
use crate::import::reader::{Flaw, ReadError, Record};
use crate::import::sniff::delimiter_name;
use crate::store::Store;
use crate::store::StoreError;

/// Runs the records of one file through matching and deduplication into a
/// [`Target`], building the [`Report`].
pub(super) struct Engine {
    mapping: Mapping,
    headers: Vec<String>,
    on_duplicate: OnDuplicate,
    now: NaiveDateTime,
    index: CustomerIndex,
    mapped: Vec<Field>,
    /// The encoding a delimited file was decoded in, for the mojibake
    /// check of every mapped cell (a vCard's values are checked per
    /// property by its reader, each in its own character set).
    decoded_from: Option<Encoding>,
    report: Report,
}

/// How many characters of a cell a report shows.
const SHOWN_CHARS: usize = 100;

/// The issue with its cell's value as read, cut to [`SHOWN_CHARS`].
fn shown_issue(mut issue: RowIssue, record: &Record) -> RowIssue {
    if let Some(c) = issue.column {
        let cell = record.get(c);
        issue.value = match cell.char_indices().nth(SHOWN_CHARS) {
            Some((cut, _)) => format!("{}…", &cell[..cut]),
            None => cell.to_string(),
        };
    }
    issue
}

/// How often (in rows) the engine looks at the cancel flag.
const CANCEL_EVERY: u64 = 512;

/// A sale found by its number: its id and its customer.
type SaleOwner = (i64, CustomerId);

impl Engine {
    pub(super) fn new(
        store: &Store,
        plan: &ImportPlan,
        now: NaiveDateTime,
        headers: &[String],
    ) -> Result<Engine, ImportError> {
        let mut mapping = plan.mapping.clone();
        mapping
            .columns
            .resize(headers.len().max(mapping.columns.len()), None);
        let missing = mapping.missing_required();
        if !missing.is_empty() {
            return Err(ImportError::MissingFields(missing));
        }
        let mut index = CustomerIndex::load(store)?;
        if mapping.kind == ImportKind::Customers {
            // Room for the cards the file may add, so the index is not
            // rebuilt over and over as it grows.
            let bytes = std::fs::metadata(&plan.path).map_or(0, |m| m.len());
            index.reserve(usize::try_from(bytes / BYTES_PER_CUSTOMER_ROW).unwrap_or(0));
        }
        let mapped = mapping.columns.iter().flatten().copied().collect();
        let ignored_columns = mapping
            .unmatched()
            .into_iter()
            .filter_map(|c| headers.get(c))
            .filter(|h| !h.trim().is_empty())
            .cloned()
            .collect();
        let report = Report {
            ignored_columns,
            kind: plan.kind_code(),
            encoding: plan.format.encoding().name(),
            delimiter: match plan.format {
                FileFormat::Delimited { delimiter, .. } => delimiter_name(delimiter),
                FileFormat::Vcard { .. } => "",
            },
            ..Report::default()
        };
        Ok(Engine {
            mapping,
            headers: headers.to_vec(),
            on_duplicate: plan.on_duplicate,
            now,
            index,
            mapped,
            decoded_from: match plan.format {
                FileFormat::Delimited { encoding, .. } => Some(encoding),
                FileFormat::Vcard { .. } => None,
            },
            report,
        })
    }

    /// Runs every record of `source` through the engine into `target`.
    ///
    /// A second thread reads ahead: it decodes and splits the file and, for
    /// a customer list, reads each record into a card
    /// ([`customer_from_record`] needs nothing but the record), handing them
    /// over in batches through a bounded channel, so memory stays bounded.
    /// Everything that looks at the book or writes stays on this thread, in
    /// file order. When this side stops early (a read error, a cancel, a
    /// store error) the channel closes and the reader stops at its next
    /// batch.
    pub(super) fn run(
        &mut self,
        target: &mut impl Target,
        source: &mut Source,
        progress: &Progress,
    ) -> Result<(), ImportError> {
        let records = &mut source.records;
        let mapping = self.mapping.clone();
        let now = self.now;
        std::thread::scope(|scope| {
            let reader = read_ahead::start(scope, records, mapping, now).map_err(ReadError::Io)?;
            let result = self.consume(target, &reader.batches, &reader.recycle, progress);
            // Closes the channel: a reader still going stops at its next send.
            drop(reader);
            result
        })
    }

    fn consume(
        &mut self,
        target: &mut impl Target,
        batches: &mpsc::Receiver<ReadBatch>,
        recycle: &mpsc::Sender<Vec<ReadAhead>>,
        progress: &Progress,
    ) -> Result<(), ImportError> {
        for mut batch in batches {
            for read in &mut batch.records {
                self.row(target, read, progress)?;
            }
            if let Some(error) = batch.error {
                return Err(error.into());
            }
            // Freed and refilled by the reading thread (see `read_ahead`).
            if recycle.send(std::mem::take(&mut batch.records)).is_err() {
                // The reader has finished: this batch's records are freed here.
                log::trace!("import: the reading thread ended before a batch came back");
            }
        }
        progress.rows.store(self.report.rows, Ordering::Relaxed);
        if progress.is_cancelled() {
            return Err(ImportError::Cancelled);
        }
        Ok(())
    }

    /// One record: counted, checked, written (or reported).
    fn row(
        &mut self,
        target: &mut impl Target,
        read: &mut ReadAhead,
        progress: &Progress,
    ) -> Result<(), ImportError> {
        let record = &read.record;
        self.report.rows += 1;
        if self.report.rows.is_multiple_of(CANCEL_EVERY) {
            progress.rows.store(self.report.rows, Ordering::Relaxed);
            if progress.is_cancelled() {
                return Err(ImportError::Cancelled);
            }
        }
        let mut warnings = Vec::new();
        let mut issues = self.record_issues(record, &mut warnings);
        if issues.is_empty() {
            issues = match self.mapping.kind {
                ImportKind::Customers => {
                    let row = read
                        .customer
                        .get_or_insert_with(|| read_customer(&self.mapping, record, self.now));
                    self.customer(target, row)?
                }
                ImportKind::Sales => self.sale(target, record)?,
                ImportKind::Payments => self.payment(target, record)?,
                ImportKind::Returns => self.return_row(target, record)?,
            };
        }
        if !issues.is_empty() {
            self.report.error_rows += 1;
            for issue in issues {
                let issue = shown_issue(issue, record);
                if self.report.errors.len() < MAX_REPORTED {
                    self.report.errors.push(issue);
                } else {
                    self.report.errors_omitted += 1;
                }
            }
        } else {
            for issue in warnings {
                let issue = shown_issue(issue, record);
                if self.report.warnings.len() < MAX_REPORTED {
                    self.report.warnings.push(issue);
                } else {
                    self.report.warnings_omitted += 1;
                }
            }
        }
        Ok(())
    }

    /// What is wrong with the record itself, whatever its kind: flaws the
    /// reader found, cells too long to be what their column holds, control
    /// characters (removed: a warning). Errors are returned, warnings added
    /// to `warnings`.
    fn record_issues(&self, record: &Record, warnings: &mut Vec<RowIssue>) -> Vec<RowIssue> {
        let mut issues = Vec::new();
        for flaw in record.flaws() {
            let (line, column, problem) = match flaw {
                Flaw::Runaway {
                    column,
                    quote_line,
                    end_line,
                } => (
                    *quote_line,
                    Some(*column),
                    Problem::Runaway {
                        end_line: *end_line,
                    },
                ),
                Flaw::UnknownCharset { column, charset } => (
                    record.line,
                    Some(*column),
                    Problem::UnknownCharset(charset.clone()),
                ),
                Flaw::Misdecoded { column, reason } => (
                    record.line,
                    Some(*column),
                    Problem::Value(ValueError::Misdecoded(reason.clone())),
                ),
                Flaw::PhoneLeftOut { number } => {
                    (record.line, None, Problem::PhoneLeftOut(number.clone()))
                }
            };
            let issue = self.column_issue(line, column, problem);
            if flaw.is_error() {
                issues.push(issue);
            } else {
                warnings.push(issue);
            }
        }
        if !issues.is_empty() {
            return issues;
        }
        for (column, field) in self.mapping.columns.iter().enumerate() {
            let Some(field) = *field else { continue };
            let cell = record.get(column);
            let limit = max_chars(field);
            if cell.len() > limit && cell.chars().count() > limit {
                issues.push(self.column_issue(
                    record.line,
                    Some(column),
                    Problem::Value(ValueError::TooLong { limit }),
                ));
            } else if let Some(reason) = self.decoded_from.and_then(|encoding| {
                let name = matches!(field, Field::Name | Field::Customer | Field::ReferredBy);
                misdecoded(cell, encoding, name)
            }) {
                issues.push(self.column_issue(
                    record.line,
                    Some(column),
                    Problem::Value(ValueError::Misdecoded(reason)),
                ));
            } else if has_control_characters(cell) {
                warnings.push(self.column_issue(
                    record.line,
                    Some(column),
                    Problem::Value(ValueError::ControlCharacters),
                ));
            }
        }
        issues
    }

    /// An issue in one column (or none), its header filled in.
    fn column_issue(&self, line: u64, column: Option<usize>, problem: Problem) -> RowIssue {
        RowIssue {
            line,
            column,
            column_name: column
                .and_then(|c| self.headers.get(c))
                .cloned()
                .unwrap_or_default(),
            value: String::new(),
            field: column.and_then(|c| self.mapping.field(c)),
            problem,
        }
    }

    pub(super) fn finish(&self, source: &Source) -> Report {
        Report {
            had_decode_errors: (source.decode_errors)(),
            ..self.report.clone()
        }
    }

    fn issue(&self, line: u64, field: Field, problem: Problem) -> RowIssue {
        let column = self.mapping.column_of(field);
        RowIssue {
            line,
            column,
            column_name: column
                .and_then(|c| self.headers.get(c))
                .cloned()
                .unwrap_or_default(),
            value: String::new(),
            field: Some(field),
            problem,
        }
    }

    fn cell_issues(&self, errors: Vec<CellError>) -> Vec<RowIssue> {
        errors
            .into_iter()
            .map(|e| {
                let mut issue = self.issue(e.line, e.field, Problem::Value(e.error));
                if e.column.is_some() {
                    issue.column = e.column;
                    issue.column_name = e
                        .column
                        .and_then(|c| self.headers.get(c))
                        .cloned()
                        .unwrap_or_default();
                }
                issue
            })
            .collect()
    }

    /// The referrer as written: a phone of a customer, else an exact name.
    fn referrer(&self, referrer: &Referrer) -> Found {
        let by_phone = match &referrer.phone {
            Some(phone) => self.index.find(Some(phone), None),
            None => Found::None,
        };
        match by_phone {
            Found::None => self.index.find(None, Some(&referrer.text)),
            found => found,
        }
    }

    fn customer(
        &mut self,
        target: &mut impl Target,
        row: &mut Result<ReadCustomer, Vec<CellError>>,
    ) -> Result<Vec<RowIssue>, StoreError> {
        let row = match row {
            Ok(row) => row,
            Err(errors) => return Ok(self.cell_issues(std::mem::take(errors))),
        };
        let line = row.line;
        if let Some(referrer) = &row.referrer {
            match self.referrer(referrer) {
                Found::One(id) => row.card.set_referred_by(Some(id)),
                Found::None => {
                    return Ok(vec![self.issue(
                        line,
                        Field::ReferredBy,
                        Problem::ReferrerNotFound,
                    )]);
                }
                Found::Many(n) => {
                    return Ok(vec![self.issue(
                        line,
                        Field::ReferredBy,
                        Problem::ReferrerAmbiguous(n),
                    )]);
                }
            }
        }
        let card = row.card.card();
        let existing = self
            .index
            .by_phones(&[card.mobile.as_str(), card.phone2.as_str()]);
        match existing {
            Some(_) if self.on_duplicate == OnDuplicate::Skip => {
                self.report.skipped_duplicates += 1;
            }
            Some(id) => {
                if card.referred_by == Some(id) {
                    row.card.set_referred_by(None);
                }
                if let Some(referrer) = row.card.card().referred_by
                    && self.would_loop(target, id, referrer)?
                {
                    return Ok(vec![self.issue(
                        line,
                        Field::ReferredBy,
                        Problem::ReferralLoop,
                    )]);
                }
                let incoming = row.card.card();
                if target.update_customer(id, incoming, &self.mapped, self.on_duplicate)? {
                    self.index_card(id, incoming);
                    self.report.updated += 1;
                } else {
                    self.report.skipped_duplicates += 1;
                }
            }
            None => {
                let id = target.add_customer(&row.card)?;
                let [name, mobile, phone2] = row.card.take_name_and_phones();
                self.index.add_owned(id, name, mobile, phone2);
                self.report.imported += 1;
            }
        }
        Ok(Vec::new())
    }

    /// Whether making `referrer` the referrer of existing card `id` (as the
    /// merge would) closes a loop: `referrer` is, through any number of
    /// others, referred by `id`.
    fn would_loop(
        &self,
        target: &impl Target,
        id: CustomerId,
        referrer: CustomerId,
    ) -> Result<bool, StoreError> {
        let current = target.referrer_of(id)?;
        let changes = match self.on_duplicate {
            OnDuplicate::Skip => false,
            OnDuplicate::Fill => current.is_none(),
            OnDuplicate::Overwrite => current != Some(referrer),
        };
        if !changes || !self.mapped.contains(&Field::ReferredBy) {
            return Ok(false);
        }
        let mut seen = std::collections::HashSet::new();
        let mut next = Some(referrer);
        while let Some(at) = next {
            if at == id {
                return Ok(true);
            }
            if !seen.insert(at) {
                // A loop already in the book, not through this card.
                return Ok(false);
            }
            next = target.referrer_of(at)?;
        }
        Ok(false)
    }

    /// Adds a card just changed to the index under its name and phones.
    fn index_card(&mut self, id: CustomerId, card: &Customer) {
        self.index.add(id, &card.name, &card.mobile, &card.phone2);
    }

    /// Reads the customer columns of a sale or payment and finds the customer.
    /// `Ok(None)` when both are blank.
    fn customer_of(
        &self,
        record: &Record,
        issues: &mut Vec<RowIssue>,
    ) -> Option<Result<CustomerId, RowIssue>> {
        let line = record.line;
        let cell = |field| {
            self.mapping
                .column_of(field)
                .map(|c| record.get(c))
                .unwrap_or("")
        };
        let name = clean_text(cell(Field::Customer));
        let phone = match optional(cell(Field::Phone), parse_phone) {
            Ok(phone) => phone.map(|p| p.into_string()),
            Err(e) => {
                issues.push(self.issue(line, Field::Phone, Problem::Value(e)));
                return None;
            }
        };
        if name.is_none() && phone.is_none() {
            return None;
        }
        let at = if phone.is_some() {
            Field::Phone
        } else {
            Field::Customer
        };
        Some(match self.index.find(phone.as_deref(), name.as_deref()) {
            Found::One(id) => {
                // A name that names other customers but not the phone's owner.
                let named = name.as_deref().map_or(&[][..], |n| self.index.named(n));
                if phone.is_some() && !named.is_empty() && !named.contains(&id) {
                    Err(self.issue(
                        line,
                        Field::Phone,
                        Problem::NameAndPhoneDisagree {
                            name: name.clone().unwrap_or_default(),
                            phone: phone.clone().unwrap_or_default(),
                        },
                    ))
                } else {
                    Ok(id)
                }
            }
            Found::None => Err(self.issue(line, at, Problem::CustomerNotFound)),
            Found::Many(n) => Err(self.issue(line, at, Problem::CustomerAmbiguous(n))),
        })
    }

    /// Parses a cell with `parse` and records a problem when it fails.
    fn cell<T>(
        &self,
        record: &Record,
        field: Field,
        issues: &mut Vec<RowIssue>,
        parse: impl FnOnce(&str) -> Result<T, ValueError>,
    ) -> Option<T> {
        let text = self.mapping.column_of(field).map(|c| record.get(c))?;
        match optional(text, parse) {
            Ok(value) => value,
            Err(e) => {
                issues.push(self.issue(record.line, field, Problem::Value(e)));
                None
            }
        }
    }

    fn text(&self, record: &Record, field: Field) -> String {
        self.mapping
            .column_of(field)
            .and_then(|c| clean_text(record.get(c)))
            .unwrap_or_default()
    }

    fn note(&self, record: &Record) -> String {
        self.mapping
            .column_of(Field::Notes)
            .and_then(|c| clean_note(record.get(c)))
            .unwrap_or_default()
    }

    fn required<T>(
        &self,
        value: Option<T>,
        record: &Record,
        field: Field,
        issues: &mut Vec<RowIssue>,
    ) -> Option<T> {
        if value.is_none() && !issues.iter().any(|i| i.field == Some(field)) {
            issues.push(self.issue(record.line, field, Problem::Value(ValueError::Required)));
        }
        value
    }

    fn sale(
        &mut self,
        target: &mut impl Target,
        record: &Record,
    ) -> Result<Vec<RowIssue>, StoreError> {
        let mut issues = Vec::new();
        let customer = self.customer_of(record, &mut issues);
        let date = self.cell(record, Field::Date, &mut issues, parse_import_date);
        let date = self.required(date, record, Field::Date, &mut issues);
        let amount = self.cell(record, Field::Amount, &mut issues, parse_amount);
        let amount = self.required(amount, record, Field::Amount, &mut issues);
        let quantity = self.cell(record, Field::Quantity, &mut issues, parse_quantity);
        let due = self.cell(record, Field::DueDate, &mut issues, parse_import_date);
        let terms = self.cell(record, Field::TermsDays, &mut issues, parse_terms_days);
        // As on the card: a sale cannot fall due before it was made.
        if let (Some(date), Some(due)) = (date, due)
            && due < date
        {
            issues.push(self.issue(
                record.line,
                Field::DueDate,
                Problem::Value(ValueError::DueBeforeSale),
            ));
        }
        let customer = match customer {
            Some(Ok(id)) => Some(id),
            Some(Err(issue)) => {
                issues.push(issue);
                None
            }
            None => {
                if issues.iter().all(|i| i.field != Some(Field::Phone)) {
                    let field = if self.mapping.column_of(Field::Customer).is_some() {
                        Field::Customer
                    } else {
                        Field::Phone
                    };
                    issues.push(self.issue(
                        record.line,
                        field,
                        Problem::Value(ValueError::Required),
                    ));
                }
                None
            }
        };
        let (Some(customer_id), Some(date), Some(amount)) = (customer, date, amount) else {
            return Ok(issues);
        };
        if !issues.is_empty() {
            return Ok(issues);
        }
        let number = Some(self.text(record, Field::Number)).filter(|n| !n.is_empty());
        let sale = Sale {
            id: None,
            customer_id,
            number,
            date,
            product: self.text(record, Field::Product),
            quantity: quantity.unwrap_or(1),
            amount,
            due_date: due_date(date, due, terms),
            terms_days: terms,
            note: self.note(record),
            created_at: self.now,
        };
        let duplicate = match &sale.number {
            Some(number) => target.sale_by_number(number)?.is_some(),
            None => target.same_sale_existed(&sale)?,
        };
        if duplicate {
            self.report.skipped_duplicates += 1;
        } else {
            target.add_sale(&sale)?;
            self.report.imported += 1;
        }
        Ok(Vec::new())
    }

    fn payment(
        &mut self,
        target: &mut impl Target,
        record: &Record,
    ) -> Result<Vec<RowIssue>, StoreError> {
        let mut issues = Vec::new();
        let line = record.line;
        let customer = self.customer_of(record, &mut issues);
        let date = self.cell(record, Field::Date, &mut issues, parse_import_date);
        let date = self.required(date, record, Field::Date, &mut issues);
        let amount = self.cell(record, Field::Amount, &mut issues, |s| {
            parse_amount(s).and_then(|m| {
                if m == Money(0) {
                    Err(ValueError::ZeroAmount)
                } else {
                    Ok(m)
                }
            })
        });
        let amount = self.required(amount, record, Field::Amount, &mut issues);
        let (number, sale) = self.sale_named(target, record, &mut issues)?;
        let nobody = customer.is_none() && sale.is_none();
        let customer_id = self.owner(line, customer, sale, number.as_deref(), &mut issues);
        if nobody && number.is_none() && issues.iter().all(|i| i.field != Some(Field::Phone)) {
            let field = if self.mapping.column_of(Field::Customer).is_some() {
                Field::Customer
            } else {
                Field::Phone
            };
            issues.push(self.issue(line, field, Problem::Value(ValueError::Required)));
        }
        if !issues.is_empty() {
            return Ok(issues);
        }
        let (Some(customer_id), Some(date), Some(amount)) = (customer_id, date, amount) else {
            return Ok(issues);
        };
        let payment = Payment {
            id: None,
            customer_id,
            sale_id: sale.map(|(id, _)| id),
            date,
            amount,
            method: self.text(record, Field::Method),
            note: self.note(record),
            created_at: self.now,
        };
        if target.same_payment_existed(&payment)? {
            self.report.skipped_duplicates += 1;
        } else {
            target.add_payment(&payment)?;
            self.report.imported += 1;
        }
        Ok(Vec::new())
    }

    /// The sale the row's number names (with its customer), or an issue
    /// when the number is given but no such sale exists.
    fn sale_named(
        &self,
        target: &mut impl Target,
        record: &Record,
        issues: &mut Vec<RowIssue>,
    ) -> Result<(Option<String>, Option<SaleOwner>), StoreError> {
        let number = Some(self.text(record, Field::Number)).filter(|n| !n.is_empty());
        let sale = match &number {
            Some(n) => {
                let found = target.sale_by_number(n)?;
                if found.is_none() {
                    issues.push(self.issue(
                        record.line,
                        Field::Number,
                        Problem::SaleNotFound(n.clone()),
                    ));
                }
                found
            }
            None => None,
        };
        Ok((number, sale))
    }

    /// Whose row it is: the named customer, who must own the named sale,
    /// else the sale's customer; `None` with an issue when they disagree or
    /// the customer could not be found, `None` alone when neither is given.
    fn owner(
        &self,
        line: u64,
        customer: Option<Result<CustomerId, RowIssue>>,
        sale: Option<SaleOwner>,
        number: Option<&str>,
        issues: &mut Vec<RowIssue>,
    ) -> Option<CustomerId> {
        match (customer, sale) {
            (Some(Err(issue)), _) => {
                issues.push(issue);
                None
            }
            (Some(Ok(id)), Some((_, owner))) if id != owner => {
                issues.push(self.issue(
                    line,
                    Field::Number,
                    Problem::SaleOfOtherCustomer(number.unwrap_or_default().to_string()),
                ));
                None
            }
            (Some(Ok(id)), _) => Some(id),
            (None, Some((_, owner))) => Some(owner),
            (None, None) => None,
        }
    }

    /// One return: the customer by phone then name (both blank: a walk-in),
    /// the sale by its number when given (its customer when none is named),
    /// and the returns form's rules.
    fn return_row(
        &mut self,
        target: &mut impl Target,
        record: &Record,
    ) -> Result<Vec<RowIssue>, StoreError> {
        let mut issues = Vec::new();
        let line = record.line;
        let customer = self.customer_of(record, &mut issues);
        let date = self.cell(record, Field::Date, &mut issues, parse_import_date);
        let date = self.required(date, record, Field::Date, &mut issues);
        let product = Some(self.text(record, Field::Product)).filter(|p| !p.is_empty());
        let product = self.required(product, record, Field::Product, &mut issues);
        let quantity = self.cell(record, Field::Quantity, &mut issues, parse_quantity);
        let reason = self.cell(record, Field::Reason, &mut issues, parse_return_reason);
        let reason = self.required(reason, record, Field::Reason, &mut issues);
        let condition = self.cell(record, Field::Condition, &mut issues, parse_condition);
        let condition = self.required(condition, record, Field::Condition, &mut issues);
        let outcome = self.cell(record, Field::Outcome, &mut issues, parse_outcome);
        let outcome = self.required(outcome, record, Field::Outcome, &mut issues);
        let refund = self.cell(record, Field::Amount, &mut issues, parse_amount);
        let refund_to = self.cell(record, Field::RefundTo, &mut issues, parse_refund_to);
        let (number, sale) = self.sale_named(target, record, &mut issues)?;
        // Neither customer nor sale: a walk-in.
        let customer_id = self.owner(line, customer, sale, number.as_deref(), &mut issues);
        let (Some(date), Some(product), Some(reason), Some(condition), Some(outcome)) =
            (date, product, reason, condition, outcome)
        else {
            return Ok(issues);
        };
        if !issues.is_empty() {
            return Ok(issues);
        }
        let entry = ReturnEntry {
            id: None,
            date,
            customer_id,
            sale_id: sale.map(|(id, _)| id),
            product,
            quantity: quantity.unwrap_or(1),
            reason,
            condition,
            outcome,
            refund: refund.unwrap_or(Money::ZERO),
            refund_to: refund_to.unwrap_or(RefundTo::PaidOut),
            note: self.note(record),
            complaint_id: None,
        };
        let problems = entry.validate();
        if !problems.is_empty() {
            return Ok(problems
                .into_iter()
                .map(|p| {
                    let field = match p {
                        ReturnProblem::ProductMissing => Field::Product,
                        ReturnProblem::QuantityZero => Field::Quantity,
                        ReturnProblem::AccountWithoutCustomer => Field::RefundTo,
                        ReturnProblem::RefundMissing
                        | ReturnProblem::NegativeRefund
                        | ReturnProblem::RefundWithoutRefundOutcome => Field::Amount,
                    };
                    self.issue(line, field, Problem::InvalidReturn(p))
                })
                .collect());
        }
        if target.same_return_existed(&entry)? {
            self.report.skipped_duplicates += 1;
        } else {
            target.add_return(&entry)?;
            self.report.imported += 1;
        }
        Ok(Vec::new())
    }
}
