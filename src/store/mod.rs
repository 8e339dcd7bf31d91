//! The SQLite store: one file per shop, opened in WAL mode with foreign keys,
//! migrated on open, guarded against a second writer by a lock file.
//!
//! The store speaks domain types; no SQL leaves this module. One file per
//! aggregate (customers, contacts, promises, sales, feedback), plus the
//! consistency check.

pub mod attachments;
pub mod backup;
mod bulk;
pub mod calendar;
pub mod card_write;
pub mod check;
mod codec;
pub mod collection;
pub mod complaints;
pub mod contacts;
pub mod customers;
pub mod drafts;
pub mod export_rows;
pub mod feedback;
pub mod imports;
mod ledger_scan;
pub mod promises;
pub mod receivables;
pub mod retention;
pub mod returns;
pub mod sales;
pub mod schema;
mod search_keys;
pub mod settings;

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::domain::feedback::{CardField, CardProblem, ResponseField, ResponseProblem};

pub use bulk::BulkWriter;
pub use codec::now;

/// What can go wrong with the database, in terms a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database {0} is already open in another Genjin window or program")]
    AlreadyOpen(PathBuf),
    #[error("no database at {0}")]
    Missing(PathBuf),
    #[error("{0} is not a Genjin database, or it is damaged")]
    NotADatabase(PathBuf),
    #[error("{0} was written by a newer version of Genjin; please update the program")]
    TooNew(PathBuf),
    #[error("cannot create the folder or file for {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0} is not a picture Genjin keeps (JPEG, PNG, WebP, GIF or BMP)")]
    NotAPicture(PathBuf),
    #[error("{path} is larger than {limit_mb} MB")]
    PictureTooLarge { path: PathBuf, limit_mb: u64 },
    #[error("the database holds an unreadable value: {0}")]
    Corrupt(String),
    #[error("{0}")]
    UnreadableCustomer(customers::UnreadableCustomer),
    #[error("sale number {0} already exists")]
    DuplicateSaleNumber(String),
    #[error("import batch {0} was already undone")]
    AlreadyUndone(i64),
    #[error(
        "import batch {later} changed the same cards after batch {batch}; undo batch {later} first"
    )]
    UndoLaterFirst { batch: i64, later: i64 },
    #[error("record {0} not found")]
    NotFound(i64),
    #[error("{date} is not in {year}")]
    OutsideYear { date: chrono::NaiveDate, year: i32 },
    #[error("the feedback card cannot be saved: {0:?}")]
    InvalidFeedbackCard(Vec<(CardField, CardProblem)>),
    #[error("the feedback response cannot be recorded: {0:?}")]
    InvalidFeedbackResponse(Vec<(ResponseField, ResponseProblem)>),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("schema migration failed: {0}")]
    Migration(String),
    #[error("{0} is the open book itself")]
    SameFile(PathBuf),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// How long a write waits for another connection's write (an import running
/// in the background) before it reports the book busy.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// An open shop database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Held for the life of the store; the OS releases it if we crash.
    _lock: Option<File>,
    /// Rows this connection wrote to the drafts table: a draft is what is
    /// being typed, not a change to the book, so the change stamp leaves
    /// them out (no report is worked out again because a card was typed in).
    draft_changes: u64,
}

/// The state of a book at one moment, as [`Store::change_stamp`] gives it:
/// equal stamps mean nothing was written in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeStamp(u64, i64);

impl ChangeStamp {
    /// Whether another connection (an import's thread, a second window on
    /// the file) committed between `earlier` and this stamp: writes the
    /// window did not make itself, so it cannot know what they touched.
    pub fn others_wrote_since(self, earlier: ChangeStamp) -> bool {
        self.1 != earlier.1
    }
}

/// How a store is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Create if missing and take the single-writer lock (the app, `demo`).
    Writer,
    /// The file must exist; no lock is taken (read-only CLI commands).
    Reader,
}

impl Store {
    /// Opens (and if needed creates and migrates) the database as the single writer.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, OpenMode::Writer)
    }

    pub fn open_with(path: &Path, mode: OpenMode) -> Result<Store> {
        let path = path.to_path_buf();
        let lock = match mode {
            OpenMode::Writer => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                        path: dir.to_path_buf(),
                        source,
                    })?;
                }
                Some(take_lock(&path)?)
            }
            OpenMode::Reader => {
                if !path.is_file() {
                    return Err(StoreError::Missing(path));
                }
                None
            }
        };
        let flags = match mode {
            OpenMode::Writer => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            OpenMode::Reader => OpenFlags::SQLITE_OPEN_READ_WRITE,
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags).map_err(|e| classify(e, &path))?;
        let mut store = Store {
            conn,
            path: Some(path.clone()),
            _lock: lock,
            draft_changes: 0,
        };
        store.prepare().map_err(|e| match e {
            StoreError::Sqlite(e) => classify(e, &path),
            other => other,
        })?;
        Ok(store)
    }

    /// A private in-memory database, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store {
            conn,
            path: None,
            _lock: None,
            draft_changes: 0,
        };
        store.prepare()?;
        Ok(store)
    }

    fn prepare(&mut self) -> Result<()> {
        // Reading the schema first surfaces "not a database" before any pragma.
        self.conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        let migrations = schema::migrations();
        // A file from a newer Genjin has migrations we do not know: refuse it.
        match migrations.current_version(&self.conn) {
            Ok(rusqlite_migration::SchemaVersion::Outside(_)) => {
                return Err(StoreError::TooNew(self.path.clone().unwrap_or_default()));
            }
            Ok(rusqlite_migration::SchemaVersion::NoneSet) => {
                // Version 0 with tables in it is some other program's database: leave it alone.
                let tables: i64 = self.conn.query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                    [],
                    |r| r.get(0),
                )?;
                if tables > 0 {
                    return Err(StoreError::NotADatabase(
                        self.path.clone().unwrap_or_default(),
                    ));
                }
            }
            Ok(_) => {}
            Err(e) => return Err(StoreError::Migration(e.to_string())),
        }
        backup::backup_before_upgrade(&self.conn, self.path.as_deref(), &migrations)?;
        migrations.to_latest(&mut self.conn).map_err(|e| match e {
            rusqlite_migration::Error::RusqliteError { err, .. } => StoreError::Sqlite(err),
            other => StoreError::Migration(other.to_string()),
        })?;
        search_keys::refresh(&mut self.conn)?;
        Ok(())
    }

    /// The file this store lives in (`None` for in-memory stores).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Changes when anything in the book changes: rows written through this
    /// connection (drafts aside), or a commit by another one (an import's
    /// thread). Views
    /// that derive reports from the whole book compare it to know when to
    /// recompute.
    pub fn change_stamp(&self) -> ChangeStamp {
        let other: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .unwrap_or_else(|e| {
                log::warn!("cannot read the data version: {e}");
                0
            });
        ChangeStamp(self.conn.total_changes() - self.draft_changes, other)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

/// The lock file beside the database (`shop.sqlite.lock`).
pub fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".lock");
    db.with_file_name(name)
}

fn take_lock(db: &Path) -> Result<File> {
    let path = lock_path(db);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| StoreError::Io {
            path: path.clone(),
            source,
        })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::AlreadyOpen(db.to_path_buf())),
        Err(std::fs::TryLockError::Error(source)) => Err(StoreError::Io { path, source }),
    }
}

fn classify(e: rusqlite::Error, path: &Path) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) | Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            StoreError::NotADatabase(path.to_path_buf())
        }
        Some(rusqlite::ErrorCode::CannotOpen) if !path.exists() => {
            StoreError::Missing(path.to_path_buf())
        }
        _ => StoreError::Sqlite(e),
    }
}
