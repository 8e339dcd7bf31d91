//! The import itself: stream the records of a file, turn each into a card,
//! sale or payment, match customers and duplicates, and either only check
//! ([`check`]) or write everything as one undoable batch ([`import`]).
//!
//! Both run the same engine over the same records; checking keeps what the
//! file adds in memory (placeholder ids, sale numbers seen, the cards it
//! adds or changes) where the import writes it, so the report the user
//! approves is the report the import produces. Rows are read one at a time,
//! so memory stays bounded by the customer index, the reported problems and
//! (when checking a customer list) the cards the file touches.
//!
//! The parts: `preview` (the first rows before anything is read in full),
//! `mapping` (guessed kind, remembered column mappings), `source` (the file
//! as a stream of records), `read_ahead` (the reading thread and its bounded
//! batches), `index` (the batch's customers by phone and name), `target`
//! (check in memory or write into the batch), `merge` (a file's card into an
//! existing one), `engine` (matching, deduplication, counting) and `report`
//! (row problems and counts, as codes for `crate::i18n` to word).

mod engine;
mod index;
mod mapping;
mod merge;
mod preview;
mod read_ahead;
mod report;
mod source;
mod target;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use chrono::NaiveDateTime;

use super::decode::Encoding;
use super::fields::{ImportKind, Mapping, Requirement};
use super::reader::ReadError;
use crate::store::imports::{BatchCounts, NewBatch};
use crate::store::{Store, StoreError};
use engine::Engine;
use source::open_source;
use target::CheckTarget;

pub use mapping::{guess_kind, remember_mapping, remembered_mapping};
pub use merge::merge;
pub use preview::{FilePreview, preview_file};
pub use report::{MAX_REPORTED, Problem, Report, RowIssue};

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

    pub(crate) fn file_name(&self) -> String {
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
    let mut target = CheckTarget::new(store);
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
