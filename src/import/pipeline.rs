//! The import itself: stream the records of a file, turn each into a card,
//! sale or payment, match customers and duplicates, and either only check
//! ([`check`]) or write everything as one undoable batch ([`import`]).
//!
//! Both run the same [`Engine`] over the same records; checking keeps what
//! the file adds in memory (placeholder ids, sale numbers seen, the cards it
//! adds or changes) where the import writes it, so the report the user
//! approves is the report the import produces. Rows are read one at a time,
//! so memory stays bounded by the customer index, the reported problems and
//! (when checking a customer list) the cards the file touches.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, mpsc};

use chrono::NaiveDateTime;

use super::customers::{CellError, customer_from_record};
use super::decode::Encoding;
use super::fields::{
    Field, ImportKind, Mapping, Requirement, ValueError, clean_note, clean_text, header_set_key,
    match_headers, optional, parse_amount, parse_import_date, parse_phone, parse_quantity,
    parse_terms_days,
};
use super::reader::{PREVIEW_ROWS, ReadError, Record, open_reader};
use super::sniff::delimiter_name;
use super::vcard;
use crate::domain::customer::{Customer, CustomerId, Gender};
use crate::domain::money::Money;
use crate::domain::sale::{Payment, Sale, due_date};
use crate::store::card_write::PreparedCard;
use crate::store::imports::{BatchCounts, ImportWriter, NewBatch};
use crate::store::{Store, StoreError};

/// How many problems a report keeps; the rest are only counted.
pub const MAX_REPORTED: usize = 10_000;

/// How the file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// Delimited text (CSV, TSV, "Unicode text").
    Delimited { encoding: Encoding, delimiter: u8 },
    /// Phone contacts (.vcf); always a customer import.
    Vcard { encoding: Encoding },
}

impl FileFormat {
    pub fn encoding(self) -> Encoding {
        match self {
            FileFormat::Delimited { encoding, .. } | FileFormat::Vcard { encoding } => encoding,
        }
    }
}

/// What to do with a customer whose phone is already in the book (or
/// earlier in the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnDuplicate {
    /// Leave the existing card as it is.
    #[default]
    Skip,
    /// Fill the existing card's empty fields from the file.
    Fill,
    /// Overwrite the existing card's fields with the file's non-empty values.
    Overwrite,
}

impl OnDuplicate {
    pub const ALL: [OnDuplicate; 3] =
        [OnDuplicate::Skip, OnDuplicate::Fill, OnDuplicate::Overwrite];

    pub fn code(self) -> &'static str {
        match self {
            OnDuplicate::Skip => "skip",
            OnDuplicate::Fill => "fill",
            OnDuplicate::Overwrite => "overwrite",
        }
    }
}

/// Everything an import needs to know about a file.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    pub path: PathBuf,
    pub format: FileFormat,
    pub mapping: Mapping,
    pub on_duplicate: OnDuplicate,
}

impl ImportPlan {
    pub fn kind(&self) -> ImportKind {
        self.mapping.kind
    }

    /// `customers`, `sales`, `payments` or `vcard`.
    pub fn kind_code(&self) -> &'static str {
        match self.format {
            FileFormat::Vcard { .. } => "vcard",
            FileFormat::Delimited { .. } => self.kind().code(),
        }
    }

    fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// Shared between the import and whoever shows it: bytes read (of the
/// total), rows done, and the cancel request.
#[derive(Debug, Default)]
pub struct Progress {
    pub total_bytes: AtomicU64,
    pub bytes: AtomicU64,
    pub rows: AtomicU64,
    cancel: AtomicBool,
}

impl Progress {
    pub fn new() -> Arc<Progress> {
        Arc::new(Progress::default())
    }

    /// Asks the running import to stop; it rolls back and returns
    /// [`ImportError::Cancelled`].
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Fraction of the file read, 0.0..=1.0.
    pub fn fraction(&self) -> f32 {
        let total = self.total_bytes.load(Ordering::Relaxed);
        if total == 0 {
            return 0.0;
        }
        (self.bytes.load(Ordering::Relaxed) as f64 / total as f64).clamp(0.0, 1.0) as f32
    }
}

/// Why an import could not run at all (bad rows are not errors: they are
/// in the [`Report`]).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot open {path}: {source}")]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Read(#[from] ReadError),
    #[error("no column holds {}", .0.iter().map(|r| r.iter().map(|f| f.code()).collect::<Vec<_>>().join(" or ")).collect::<Vec<_>>().join(", "))]
    MissingFields(Vec<Requirement>),
    #[error("the file has bad rows and nothing was written (strict mode)")]
    Strict(Box<Report>),
    #[error("the import was cancelled; nothing was written")]
    Cancelled,
    #[error(transparent)]
    Store(#[from] StoreError),
}

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
    /// Some bytes could not be decoded in the chosen encoding.
    pub had_decode_errors: bool,
    /// The batch written (`None` for a check).
    pub batch: Option<i64>,
}

/// Whether to only check or to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write the good rows; report the bad ones.
    GoodRows,
    /// Write nothing when any row is bad.
    Strict,
}

/// Reads the whole file and reports what an import would do, writing nothing.
pub fn check(
    store: &Store,
    plan: &ImportPlan,
    now: NaiveDateTime,
    progress: &Progress,
) -> Result<Report, ImportError> {
    let mut source = open_source(plan, progress)?;
    let mut engine = Engine::new(store, plan, now, &source.headers)?;
    let mut target = CheckTarget {
        store,
        next_id: -1,
        numbers: FxMap::default(),
        cards: FxMap::default(),
    };
    engine.run(&mut target, &mut source, progress)?;
    Ok(engine.finish(&source))
}

/// Imports the file as one batch. With [`Mode::Strict`] a file with any bad
/// row writes nothing and returns [`ImportError::Strict`] with the report.
pub fn import(
    store: &mut Store,
    plan: &ImportPlan,
    mode: Mode,
    now: NaiveDateTime,
    progress: &Progress,
) -> Result<Report, ImportError> {
    if mode == Mode::Strict {
        let report = check(store, plan, now, progress)?;
        if report.error_rows > 0 {
            return Err(ImportError::Strict(Box::new(report)));
        }
        progress.bytes.store(0, Ordering::Relaxed);
        progress.rows.store(0, Ordering::Relaxed);
    }
    let mut source = open_source(plan, progress)?;
    let mut engine = Engine::new(store, plan, now, &source.headers)?;
    let batch = NewBatch {
        kind: plan.kind_code().to_string(),
        file_name: plan.file_name(),
        encoding: plan.format.encoding().name().to_string(),
    };
    let (id, report) = store.import(&batch, |writer| {
        engine.run(writer, &mut source, progress)?;
        let report = engine.finish(&source);
        let counts = BatchCounts {
            rows: report.rows,
            imported: report.imported,
            updated: report.updated,
            skipped: report.skipped_duplicates,
            errors: report.error_rows,
        };
        Ok::<_, ImportError>((counts, report))
    })?;
    Ok(Report {
        batch: Some(id),
        ..report
    })
}

/// How much of a delimited file the preview reads.
const PREVIEW_BYTES: u64 = 256 * 1024;

/// The beginning of a file as the import shows it before anything is read
/// in full: detected (or chosen) format, headers and the first rows.
#[derive(Debug, Clone, PartialEq)]
pub struct FilePreview {
    pub path: PathBuf,
    pub format: FileFormat,
    /// The file starts with a byte order mark.
    pub had_bom: bool,
    pub headers: Vec<String>,
    pub header_line: u64,
    pub records: Vec<Record>,
    /// The file has more rows than shown.
    pub more: bool,
    pub had_decode_errors: bool,
}

impl FilePreview {
    pub fn is_vcard(&self) -> bool {
        matches!(self.format, FileFormat::Vcard { .. })
    }
}

/// Opens a file for the preview. A .vcf file (or one starting with
/// `BEGIN:VCARD`) is read as phone contacts; anything else as delimited
/// text. `encoding` and `delimiter` override detection.
pub fn preview_file(
    path: &Path,
    encoding: Option<Encoding>,
    delimiter: Option<u8>,
) -> Result<FilePreview, ImportError> {
    let mut head = Vec::new();
    open_file(path)?
        .take(PREVIEW_BYTES)
        .read_to_end(&mut head)
        .map_err(ReadError::Io)?;
    if vcard::looks_like_vcard(path, &head) {
        let mut bytes = Vec::new();
        open_file(path)?
            .read_to_end(&mut bytes)
            .map_err(ReadError::Io)?;
        let table = vcard::read_vcards(&bytes, encoding)?;
        let more = table.records.len() > PREVIEW_ROWS;
        return Ok(FilePreview {
            path: path.to_path_buf(),
            format: FileFormat::Vcard {
                encoding: table.encoding,
            },
            had_bom: false,
            headers: table.headers,
            header_line: 0,
            records: table.records.into_iter().take(PREVIEW_ROWS).collect(),
            more,
            had_decode_errors: table.had_decode_errors,
        });
    }
    let preview = super::reader::preview(&head, encoding, delimiter, PREVIEW_ROWS)?;
    Ok(FilePreview {
        path: path.to_path_buf(),
        format: FileFormat::Delimited {
            encoding: preview.format.encoding,
            delimiter: preview.format.delimiter,
        },
        had_bom: preview.format.had_bom,
        headers: preview.headers,
        header_line: preview.header_line,
        records: preview.records,
        more: preview.more,
        had_decode_errors: preview.had_decode_errors,
    })
}

/// The kind of list a header row most likely belongs to: the kind whose
/// synonyms match the most columns (customers on a tie), so a sales file
/// opens as sales without the user choosing.
pub fn guess_kind(headers: &[String]) -> ImportKind {
    let score = |kind: ImportKind| {
        let mapping = match_headers(kind, headers);
        let matched = mapping.columns.iter().flatten().count();
        (mapping.is_ready(), matched)
    };
    let mut best = ImportKind::Customers;
    for kind in [ImportKind::Sales, ImportKind::Payments] {
        if score(kind) > score(best) {
            best = kind;
        }
    }
    best
}

/// The settings key under which the mapping for these headers is kept.
fn mapping_key(kind: ImportKind, headers: &[String]) -> String {
    format!("import.mapping.{}.{}", kind.code(), header_set_key(headers))
}

/// The mapping the user last chose for a file with these headers, else the
/// one matched by synonyms.
pub fn remembered_mapping(store: &Store, kind: ImportKind, headers: &[String]) -> Mapping {
    store
        .setting(&mapping_key(kind, headers))
        .ok()
        .flatten()
        .and_then(|json| serde_json::from_str::<Mapping>(&json).ok())
        .filter(|m| m.kind == kind && m.columns.len() == headers.len())
        .unwrap_or_else(|| match_headers(kind, headers))
}

/// Remembers the user's mapping for files with these headers.
pub fn remember_mapping(
    store: &mut Store,
    mapping: &Mapping,
    headers: &[String],
) -> Result<(), StoreError> {
    let json = serde_json::to_string(mapping).unwrap_or_default();
    store.set_setting(&mapping_key(mapping.kind, headers), &json)
}

// ---------------------------------------------------------------------------
// Reading the file.

/// A reader that counts the bytes passing through into [`Progress`].
struct Counting<'p, R> {
    inner: R,
    bytes: &'p AtomicU64,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The records of a file, whatever its format.
struct Source<'p> {
    headers: Vec<String>,
    /// Read on a thread of its own while the engine works (see [`Engine::run`]).
    records: Box<dyn Iterator<Item = Result<Record, ReadError>> + Send + 'p>,
    decode_errors: Box<dyn Fn() -> bool + 'p>,
}

fn open_file(path: &Path) -> Result<File, ImportError> {
    File::open(path).map_err(|source| ImportError::Open {
        path: path.to_path_buf(),
        source,
    })
}

fn open_source<'p>(plan: &ImportPlan, progress: &'p Progress) -> Result<Source<'p>, ImportError> {
    let file = open_file(&plan.path)?;
    let total = file.metadata().map(|m| m.len()).unwrap_or(0);
    progress.total_bytes.store(total, Ordering::Relaxed);
    progress.bytes.store(0, Ordering::Relaxed);
    match plan.format {
        FileFormat::Delimited {
            encoding,
            delimiter,
        } => {
            let counting = Counting {
                inner: BufReader::with_capacity(256 * 1024, file),
                bytes: &progress.bytes,
            };
            let table = open_reader(counting, encoding, delimiter)?;
            let decode_flag = Arc::new(AtomicBool::new(false));
            let flag = Arc::clone(&decode_flag);
            let mut records = table.records;
            let iter = std::iter::from_fn(move || {
                let next = records.next();
                if next.is_none() && records.get_ref().had_errors() {
                    flag.store(true, Ordering::Relaxed);
                }
                next
            });
            Ok(Source {
                headers: table.headers,
                records: Box::new(iter),
                decode_errors: Box::new(move || decode_flag.load(Ordering::Relaxed)),
            })
        }
        FileFormat::Vcard { encoding } => {
            let mut bytes = Vec::new();
            BufReader::new(file)
                .read_to_end(&mut bytes)
                .map_err(ReadError::Io)?;
            progress.bytes.store(bytes.len() as u64, Ordering::Relaxed);
            let table = vcard::read_vcards(&bytes, Some(encoding))?;
            let had_errors = table.had_decode_errors;
            Ok(Source {
                headers: table.headers,
                records: Box::new(table.records.into_iter().map(Ok)),
                decode_errors: Box::new(move || had_errors),
            })
        }
    }
}

// ---------------------------------------------------------------------------
// Matching customers.

/// rustc's FxHash (as in `rustc-hash` 2): much quicker than the default
/// SipHash on short keys such as phones, names and sale numbers, which the
/// engine looks up or adds once or twice per row. The keys come from the
/// shop's own book and file, so there is nobody to flood the tables.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl FxHasher {
    const K: u64 = 0xf135_7aea_2e62_a9c5;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut le = [0u8; 8];
            le.copy_from_slice(word);
            self.add(u64::from_le_bytes(le));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut le = [0u8; 8];
            le[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(le) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_i64(&mut self, n: i64) {
        self.add(n as u64);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        // The multiply leaves the high bits best mixed; the table uses the low ones too.
        self.0.rotate_left(26)
    }
}

type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// A customer list's bytes per row, on the short side (a name, a phone, an
/// address and a few more cells), for guessing how many cards a file adds.
const BYTES_PER_CUSTOMER_ROW: u64 = 100;

/// The most cards [`CustomerIndex::reserve`] makes room for ahead.
const MAX_RESERVED_CARDS: usize = 1_000_000;

/// Customers by phone and by exact name: the book's, plus those the file
/// adds as it goes.
#[derive(Default)]
struct CustomerIndex {
    by_phone: FxMap<String, Ids>,
    by_name: FxMap<String, Ids>,
}

/// The customers under one phone or name: nearly always one, kept without
/// a vector of its own.
enum Ids {
    One([CustomerId; 1]),
    Many(Vec<CustomerId>),
}

impl Ids {
    fn as_slice(&self) -> &[CustomerId] {
        match self {
            Ids::One(one) => one,
            Ids::Many(many) => many,
        }
    }

    fn add(&mut self, id: CustomerId) {
        match self {
            Ids::One([first]) if *first != id => *self = Ids::Many(vec![*first, id]),
            Ids::Many(many) if !many.contains(&id) => many.push(id),
            _ => {}
        }
    }

    fn insert(map: &mut FxMap<String, Ids>, key: String, id: CustomerId) {
        match map.entry(key) {
            std::collections::hash_map::Entry::Occupied(mut ids) => ids.get_mut().add(id),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(Ids::One([id]));
            }
        }
    }
}

/// The result of looking a customer up.
enum Found {
    One(CustomerId),
    None,
    Many(usize),
}

impl CustomerIndex {
    fn load(store: &Store) -> Result<CustomerIndex, StoreError> {
        let mut index = CustomerIndex::default();
        for key in store.customer_keys()? {
            index.add_owned(key.id, key.name, key.mobile, key.phone2);
        }
        Ok(index)
    }

    fn add(&mut self, id: CustomerId, name: &str, mobile: &str, phone2: &str) {
        self.add_owned(id, name.to_owned(), mobile.to_owned(), phone2.to_owned());
    }

    /// Makes room for `cards` more cards (at most [`MAX_RESERVED_CARDS`]).
    fn reserve(&mut self, cards: usize) {
        let cards = cards.min(MAX_RESERVED_CARDS);
        self.by_phone.reserve(cards);
        self.by_name.reserve(cards);
    }

    /// Adds a customer under its phones and name, keeping the strings as keys.
    fn add_owned(&mut self, id: CustomerId, name: String, mobile: String, phone2: String) {
        for phone in [mobile, phone2] {
            if !phone.is_empty() {
                Ids::insert(&mut self.by_phone, phone, id);
            }
        }
        let name = if name.trim().len() == name.len() {
            name
        } else {
            name.trim().to_owned()
        };
        if !name.is_empty() {
            Ids::insert(&mut self.by_name, name, id);
        }
    }

    fn found(ids: Option<&Ids>) -> Found {
        match ids.map(Ids::as_slice) {
            None | Some([]) => Found::None,
            Some([id]) => Found::One(*id),
            Some(many) => Found::Many(many.len()),
        }
    }

    /// Phone first; among several with that phone, or when the phone is
    /// unknown, an exact name that names exactly one of them.
    fn find(&self, phone: Option<&str>, name: Option<&str>) -> Found {
        if let Some(phone) = phone {
            let by_phone = self.by_phone.get(phone);
            match Self::found(by_phone) {
                Found::One(id) => return Found::One(id),
                Found::Many(n) => {
                    let ids = by_phone.map(Ids::as_slice).unwrap_or_default();
                    let named: Vec<CustomerId> = name
                        .and_then(|n| self.by_name.get(n))
                        .map(|named| {
                            named
                                .as_slice()
                                .iter()
                                .copied()
                                .filter(|id| ids.contains(id))
                                .collect()
                        })
                        .unwrap_or_default();
                    return match named.as_slice() {
                        [id] => Found::One(*id),
                        _ => Found::Many(n),
                    };
                }
                Found::None => {}
            }
        }
        match name {
            Some(name) => Self::found(self.by_name.get(name)),
            None => Found::None,
        }
    }

    /// The first customer holding one of these phones.
    fn by_phones(&self, phones: &[&str]) -> Option<CustomerId> {
        phones.iter().filter(|p| !p.is_empty()).find_map(|p| {
            self.by_phone
                .get(*p)
                .and_then(|ids| ids.as_slice().first().copied())
        })
    }
}

// ---------------------------------------------------------------------------
// Where accepted rows go: nowhere (check) or into the batch (import).

trait Target {
    fn add_customer(&mut self, card: &PreparedCard) -> Result<CustomerId, StoreError>;
    /// Merges the file's card into an existing one; whether anything changed.
    fn update_customer(
        &mut self,
        id: CustomerId,
        incoming: &Customer,
        mapped: &[Field],
        on_duplicate: OnDuplicate,
    ) -> Result<bool, StoreError>;
    fn sale_by_number(&mut self, number: &str) -> Result<Option<(i64, CustomerId)>, StoreError>;
    fn add_sale(&mut self, sale: &Sale) -> Result<i64, StoreError>;
    fn same_sale_existed(&self, sale: &Sale) -> Result<bool, StoreError>;
    fn add_payment(&mut self, payment: &Payment) -> Result<(), StoreError>;
    fn same_payment_existed(&self, payment: &Payment) -> Result<bool, StoreError>;
}

/// Checking: the book is read, what the file adds is remembered in memory.
struct CheckTarget<'a> {
    store: &'a Store,
    /// Placeholder ids for cards and sales the file adds: -1, -2, …
    next_id: i64,
    /// Sale numbers the file adds, with placeholder sale id and customer
    /// (a million-row sales file keeps a million of them: `Box<str>` keys
    /// are a third smaller than `String`s).
    numbers: FxMap<Box<str>, (i64, CustomerId)>,
    /// Cards as the file leaves them so far: those it adds and book cards it
    /// changes, so a later row with the same phone is merged into what the
    /// import would find there (and counted as it would count it).
    cards: FxMap<CustomerId, Customer>,
}

impl CheckTarget<'_> {
    fn placeholder(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id -= 1;
        id
    }
}

impl Target for CheckTarget<'_> {
    fn add_customer(&mut self, card: &PreparedCard) -> Result<CustomerId, StoreError> {
        let id = self.placeholder();
        let mut card = card.card().clone();
        card.id = Some(id);
        self.cards.insert(id, card);
        Ok(id)
    }

    fn update_customer(
        &mut self,
        id: CustomerId,
        incoming: &Customer,
        mapped: &[Field],
        on_duplicate: OnDuplicate,
    ) -> Result<bool, StoreError> {
        let mut card = match self.cards.get(&id) {
            Some(card) => card.clone(),
            None => self.store.customer(id)?.ok_or(StoreError::NotFound(id))?,
        };
        let changed = merge(&mut card, incoming, mapped, on_duplicate);
        if changed {
            self.cards.insert(id, card);
        }
        Ok(changed)
    }

    fn sale_by_number(&mut self, number: &str) -> Result<Option<(i64, CustomerId)>, StoreError> {
        if let Some(found) = self.numbers.get(number) {
            return Ok(Some(*found));
        }
        self.store.sale_by_number(number)
    }

    fn add_sale(&mut self, sale: &Sale) -> Result<i64, StoreError> {
        let id = self.placeholder();
        if let Some(number) = &sale.number {
            self.numbers
                .insert(number.as_str().into(), (id, sale.customer_id));
        }
        Ok(id)
    }

    fn same_sale_existed(&self, sale: &Sale) -> Result<bool, StoreError> {
        if sale.customer_id < 0 {
            return Ok(false);
        }
        self.store.same_sale_exists(sale)
    }

    fn add_payment(&mut self, _: &Payment) -> Result<(), StoreError> {
        Ok(())
    }

    fn same_payment_existed(&self, payment: &Payment) -> Result<bool, StoreError> {
        if payment.customer_id < 0 || payment.sale_id.is_some_and(|s| s < 0) {
            return Ok(false);
        }
        self.store.same_payment_exists(payment)
    }
}

impl Target for ImportWriter<'_> {
    fn add_customer(&mut self, card: &PreparedCard) -> Result<CustomerId, StoreError> {
        ImportWriter::add_customer(self, card)
    }

    fn update_customer(
        &mut self,
        id: CustomerId,
        incoming: &Customer,
        mapped: &[Field],
        on_duplicate: OnDuplicate,
    ) -> Result<bool, StoreError> {
        let Some(mut card) = self.customer(id)? else {
            return Err(StoreError::NotFound(id));
        };
        let changed = merge(&mut card, incoming, mapped, on_duplicate);
        if changed {
            ImportWriter::update_customer(self, id, card)?;
        }
        Ok(changed)
    }

    fn sale_by_number(&mut self, number: &str) -> Result<Option<(i64, CustomerId)>, StoreError> {
        ImportWriter::sale_by_number(self, number)
    }

    fn add_sale(&mut self, sale: &Sale) -> Result<i64, StoreError> {
        ImportWriter::add_sale(self, sale)
    }

    fn same_sale_existed(&self, sale: &Sale) -> Result<bool, StoreError> {
        ImportWriter::same_sale_existed(self, sale)
    }

    fn add_payment(&mut self, payment: &Payment) -> Result<(), StoreError> {
        ImportWriter::add_payment(self, payment).map(|_| ())
    }

    fn same_payment_existed(&self, payment: &Payment) -> Result<bool, StoreError> {
        ImportWriter::same_payment_existed(self, payment)
    }
}

/// Merges the fields the file maps into `card`: `Fill` only sets empty
/// fields, `Overwrite` sets every field the file has a value for. Tags are
/// added, never removed. Returns whether anything changed.
pub fn merge(card: &mut Customer, incoming: &Customer, mapped: &[Field], how: OnDuplicate) -> bool {
    if how == OnDuplicate::Skip {
        return false;
    }
    let overwrite = how == OnDuplicate::Overwrite;
    let before = card.clone();
    fn text(slot: &mut String, value: &str, overwrite: bool) {
        if !value.is_empty() && (overwrite || slot.trim().is_empty()) {
            *slot = value.to_string();
        }
    }
    fn opt<T: Clone>(slot: &mut Option<T>, value: &Option<T>, overwrite: bool) {
        if value.is_some() && (overwrite || slot.is_none()) {
            slot.clone_from(value);
        }
    }
    for field in mapped {
        match field {
            Field::Name => text(&mut card.name, &incoming.name, overwrite),
            Field::Mobile => text(&mut card.mobile, &incoming.mobile, overwrite),
            Field::Phone2 => text(&mut card.phone2, &incoming.phone2, overwrite),
            Field::Wechat => text(&mut card.wechat, &incoming.wechat, overwrite),
            Field::Email => text(&mut card.email, &incoming.email, overwrite),
            Field::Address => text(&mut card.address, &incoming.address, overwrite),
            Field::Company => text(&mut card.company, &incoming.company, overwrite),
            Field::Occupation => text(&mut card.occupation, &incoming.occupation, overwrite),
            Field::Notes => text(&mut card.notes, &incoming.notes, overwrite),
            Field::Gender
                if incoming.gender != Gender::Unknown
                    && (overwrite || card.gender == Gender::Unknown) =>
            {
                card.gender = incoming.gender;
            }
            Field::Birthday => opt(&mut card.birthday, &incoming.birthday, overwrite),
            Field::Anniversary => opt(&mut card.anniversary, &incoming.anniversary, overwrite),
            Field::Source => opt(&mut card.source, &incoming.source, overwrite),
            Field::ReferredBy if incoming.referred_by != card.id => {
                opt(&mut card.referred_by, &incoming.referred_by, overwrite);
            }
            Field::Class => opt(
                &mut card.class_override,
                &incoming.class_override,
                overwrite,
            ),
            Field::CreditLimit => opt(&mut card.credit_limit, &incoming.credit_limit, overwrite),
            Field::Tags => {
                for tag in &incoming.tags {
                    if !card.tags.contains(tag) {
                        card.tags.push(tag.clone());
                    }
                }
            }
            _ => {}
        }
    }
    // The mobile number moved into phone2 (or the reverse) must not leave
    // the same number twice on the card.
    if card.phone2 == card.mobile {
        card.phone2.clear();
    }
    *card != before
}

// ---------------------------------------------------------------------------
// The engine.

struct Engine {
    mapping: Mapping,
    headers: Vec<String>,
    on_duplicate: OnDuplicate,
    now: NaiveDateTime,
    index: CustomerIndex,
    mapped: Vec<Field>,
    report: Report,
}

/// How often (in rows) the engine looks at the cancel flag.
const CANCEL_EVERY: u64 = 512;

/// Records handed from the reading thread to the engine at a time, and how
/// many such batches may wait: at most a few thousand records in memory.
const READ_AHEAD_RECORDS: usize = 256;
const READ_AHEAD_BATCHES: usize = 8;

/// Records (and the read error that ends them) handed over at a time.
#[derive(Default)]
struct ReadBatch {
    records: Vec<ReadAhead>,
    /// The read error after `records`; the reader stops there.
    error: Option<ReadError>,
}

/// A record as the reading thread hands it over.
struct ReadAhead {
    record: Record,
    /// For a customer list: the record read into a card (or its bad cells).
    customer: Option<Result<ReadCustomer, Vec<CellError>>>,
}

/// A customer row read from the file, its card already prepared for writing.
struct ReadCustomer {
    line: u64,
    card: PreparedCard,
    /// The referrer as written, resolved by the engine.
    referrer: Option<Referrer>,
}

/// A referrer as written in the file: a name, or a phone of a customer.
struct Referrer {
    text: String,
    /// The text read as a phone, when it is one.
    phone: Option<String>,
}

/// Reads a customer record and prepares its card (both need nothing but the
/// record, so the reading thread does them).
fn read_customer(
    mapping: &Mapping,
    record: &Record,
    now: NaiveDateTime,
) -> Result<ReadCustomer, Vec<CellError>> {
    let row = customer_from_record(mapping, record, now)?;
    Ok(ReadCustomer {
        line: row.line,
        card: PreparedCard::new(row.customer, now),
        referrer: row.referrer.map(|text| Referrer {
            phone: parse_phone(&text).ok().map(|p| p.into_string()),
            text,
        }),
    })
}

/// The reading thread of [`Engine::run`]: reads `records` and sends them
/// on in batches until the file ends, a read error was sent, or the engine
/// has stopped listening.
///
/// The engine hands each batch's records back through `spent`; they are
/// freed here, and their vector is filled again. glibc's allocator is slow
/// to free memory another thread allocated while that thread keeps
/// allocating, and big fresh vectors cost page faults.
fn read_ahead(
    records: &mut (dyn Iterator<Item = Result<Record, ReadError>> + Send + '_),
    mapping: &Mapping,
    now: NaiveDateTime,
    sender: &mpsc::SyncSender<ReadBatch>,
    spent: &mpsc::Receiver<Vec<ReadAhead>>,
) {
    let customers = mapping.kind == ImportKind::Customers;
    let mut free: Vec<Vec<ReadAhead>> = Vec::new();
    let mut batch = ReadBatch::default();
    for record in records {
        free.extend(spent.try_iter().map(|mut done| {
            done.clear();
            done
        }));
        if batch.records.capacity() == 0 {
            batch.records = free
                .pop()
                .unwrap_or_else(|| Vec::with_capacity(READ_AHEAD_RECORDS));
        }
        match record {
            Ok(record) => batch.records.push(ReadAhead {
                customer: customers.then(|| read_customer(mapping, &record, now)),
                record,
            }),
            Err(e) => batch.error = Some(e),
        }
        let failed = batch.error.is_some();
        if failed {
            // The error travels with the records read before it.
            let _ = sender.send(std::mem::take(&mut batch));
            return;
        }
        if batch.records.len() == READ_AHEAD_RECORDS
            && sender.send(std::mem::take(&mut batch)).is_err()
        {
            return;
        }
    }
    if !batch.records.is_empty() {
        let _ = sender.send(batch);
    }
}

impl Engine {
    fn new(
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
        let report = Report {
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
    fn run(
        &mut self,
        target: &mut impl Target,
        source: &mut Source,
        progress: &Progress,
    ) -> Result<(), ImportError> {
        let records = &mut source.records;
        let mapping = self.mapping.clone();
        let now = self.now;
        std::thread::scope(|scope| {
            let (sender, receiver) = mpsc::sync_channel(READ_AHEAD_BATCHES);
            let (recycle, spent) = mpsc::channel();
            scope.spawn(move || read_ahead(records, &mapping, now, &sender, &spent));
            let result = self.consume(target, &receiver, &recycle, progress);
            // Closes the channel: a reader still going stops at its next send.
            drop(receiver);
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
            let _ = recycle.send(std::mem::take(&mut batch.records));
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
        let issues = match self.mapping.kind {
            ImportKind::Customers => {
                let row = read
                    .customer
                    .get_or_insert_with(|| read_customer(&self.mapping, record, self.now));
                self.customer(target, row)?
            }
            ImportKind::Sales => self.sale(target, record)?,
            ImportKind::Payments => self.payment(target, record)?,
        };
        if !issues.is_empty() {
            self.report.error_rows += 1;
            for mut issue in issues {
                if let Some(c) = issue.column {
                    issue.value = record.get(c).to_string();
                }
                if self.report.errors.len() < MAX_REPORTED {
                    self.report.errors.push(issue);
                } else {
                    self.report.errors_omitted += 1;
                }
            }
        }
        Ok(())
    }

    fn finish(&self, source: &Source) -> Report {
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
            Found::One(id) => Ok(id),
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
        let number = Some(self.text(record, Field::Number)).filter(|n| !n.is_empty());
        let sale = match &number {
            Some(number) => match target.sale_by_number(number)? {
                Some(found) => Some(found),
                None => {
                    issues.push(self.issue(
                        line,
                        Field::Number,
                        Problem::SaleNotFound(number.clone()),
                    ));
                    None
                }
            },
            None => None,
        };
        let customer_id = match (customer, sale) {
            (Some(Err(issue)), _) => {
                issues.push(issue);
                None
            }
            (Some(Ok(id)), Some((_, owner))) if id != owner => {
                issues.push(self.issue(
                    line,
                    Field::Number,
                    Problem::SaleOfOtherCustomer(number.clone().unwrap_or_default()),
                ));
                None
            }
            (Some(Ok(id)), _) => Some(id),
            (None, Some((_, owner))) => Some(owner),
            (None, None) => {
                if number.is_none() && issues.iter().all(|i| i.field != Some(Field::Phone)) {
                    let field = if self.mapping.column_of(Field::Customer).is_some() {
                        Field::Customer
                    } else {
                        Field::Phone
                    };
                    issues.push(self.issue(line, field, Problem::Value(ValueError::Required)));
                }
                None
            }
        };
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::Source as CustomerSource;
    use chrono::NaiveDate;

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
    }

    #[test]
    fn fill_keeps_existing_values_and_overwrite_replaces_them() {
        let mut card = Customer::new("张三", now());
        card.id = Some(1);
        card.company = "旧公司".into();
        card.tags = vec!["老客户".into()];
        let mut incoming = Customer::new("张三", now());
        incoming.company = "新公司".into();
        incoming.address = "北京".into();
        incoming.source = Some(CustomerSource::Online);
        incoming.tags = vec!["VIP".into(), "老客户".into()];
        let mapped = [
            Field::Name,
            Field::Company,
            Field::Address,
            Field::Source,
            Field::Tags,
        ];

        let mut filled = card.clone();
        assert!(merge(&mut filled, &incoming, &mapped, OnDuplicate::Fill));
        assert_eq!(filled.company, "旧公司");
        assert_eq!(filled.address, "北京");
        assert_eq!(filled.tags, vec!["老客户", "VIP"]);

        let mut overwritten = card.clone();
        assert!(merge(
            &mut overwritten,
            &incoming,
            &mapped,
            OnDuplicate::Overwrite
        ));
        assert_eq!(overwritten.company, "新公司");
        assert_eq!(overwritten.source, Some(CustomerSource::Online));

        let mut skipped = card.clone();
        assert!(!merge(&mut skipped, &incoming, &mapped, OnDuplicate::Skip));
        assert_eq!(skipped, card);
    }

    #[test]
    fn an_unmapped_field_is_never_touched_by_a_merge() {
        let mut card = Customer::new("张三", now());
        card.company = "旧公司".into();
        let incoming = Customer::new("张三", now());
        assert!(!merge(
            &mut card,
            &incoming,
            &[Field::Name, Field::Company],
            OnDuplicate::Overwrite
        ));
        assert_eq!(card.company, "旧公司", "a blank cell never erases");
    }

    #[test]
    fn the_index_prefers_phone_then_an_unambiguous_name() {
        let mut index = CustomerIndex::default();
        index.add(1, "张三", "13800138000", "");
        index.add(2, "张三", "13900139000", "");
        index.add(3, "李四", "13800138000", "");
        assert!(matches!(
            index.find(Some("13900139000"), Some("张三")),
            Found::One(2)
        ));
        assert!(matches!(
            index.find(Some("13800138000"), Some("李四")),
            Found::One(3)
        ));
        assert!(matches!(
            index.find(Some("13800138000"), None),
            Found::Many(2)
        ));
        assert!(matches!(index.find(None, Some("张三")), Found::Many(2)));
        assert!(matches!(
            index.find(Some("13700137000"), Some("李四")),
            Found::One(3)
        ));
        assert!(matches!(index.find(None, Some("王五")), Found::None));
    }
}
