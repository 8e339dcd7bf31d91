//! The SQLite store: one file per shop, recognised as Genjin's with pure
//! reads before anything is written, opened in WAL mode with
//! `synchronous=FULL` and foreign keys, checked (`quick_check`) and migrated
//! when a writer opens it, guarded against a second writer by locks on the
//! real file (`lock`). A damaged book opens read-only.
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
mod lock;
pub mod promises;
pub mod receivables;
mod recognise;
pub mod retention;
pub mod returns;
pub mod sales;
pub mod schema;
mod search_keys;
pub mod settings;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::domain::feedback::{CardField, CardProblem, ResponseField, ResponseProblem};

pub use bulk::BulkWriter;
pub use codec::now;
pub use lock::lock_path;
pub use recognise::APPLICATION_ID;

/// What can go wrong with the database, in terms a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database {0} is already open in another Genjin window or program")]
    AlreadyOpen(PathBuf),
    #[error("no database at {0}")]
    Missing(PathBuf),
    #[error("{0} is empty — not a Genjin book; nothing was changed")]
    Empty(PathBuf),
    #[error(
        "{0} is not a Genjin book (another program's file, or not a database); nothing was changed"
    )]
    NotADatabase(PathBuf),
    #[error("{0} is a damaged database that cannot be read; nothing was changed")]
    Damaged(PathBuf),
    #[error(
        "{0} was written by a newer version of Genjin; please update the program (nothing was changed)"
    )]
    TooNew(PathBuf),
    #[error("{0} was made by an older Genjin; open it in Genjin once to upgrade it")]
    NeedsUpgrade(PathBuf),
    #[error(
        "the book is open read-only (it is damaged, or its file cannot be written); nothing can be saved"
    )]
    ReadOnlyBook,
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
    Sqlite(rusqlite::Error),
    #[error("schema migration failed: {0}")]
    Migration(String),
    #[error("{0} is the open book itself")]
    SameFile(PathBuf),
}

pub type Result<T> = std::result::Result<T, StoreError>;

impl From<rusqlite::Error> for StoreError {
    /// A write refused because the connection is read-only (a damaged book,
    /// a read-only file) is said so; everything else is SQLite's own error.
    fn from(e: rusqlite::Error) -> StoreError {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnlyBook,
            _ => StoreError::Sqlite(e),
        }
    }
}

/// How long a write waits for another connection's write (an import running
/// in the background) before it reports the book busy.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// An open shop database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Held for the life of the store; the OS releases it if we crash.
    _lock: Option<lock::BookLock>,
    /// The writer found the book failing `quick_check` and opened it
    /// read-only.
    damaged: bool,
    /// The connection cannot write (a damaged book, [`OpenMode::ReadOnly`]).
    read_only: bool,
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
    /// Create if missing and take the single-writer lock (the app, `demo`,
    /// `import`): checked with `quick_check`, stamped and migrated.
    Writer,
    /// A second connection beside the window's writer (the cache's threads,
    /// the import job): read-write, no lock, no pragma that writes the file,
    /// no migration; the book must be at this Genjin's schema version.
    Reader,
    /// Truly read-only (`SQLITE_OPEN_READ_ONLY`; read-only CLI commands):
    /// nothing is written or migrated, and a book on read-only media is read
    /// as immutable when its WAL files cannot be made.
    ReadOnly,
}

impl Store {
    /// Opens (and if needed creates and migrates) the database as the single writer.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, OpenMode::Writer)
    }

    pub fn open_with(path: &Path, mode: OpenMode) -> Result<Store> {
        let typed = path.to_path_buf();
        let existed = path.exists();
        // Only a path where nothing is (not even a dangling link) is created.
        if !existed && (mode != OpenMode::Writer || std::fs::symlink_metadata(path).is_ok()) {
            return Err(StoreError::Missing(typed));
        }
        let mut lock = None;
        if mode == OpenMode::Writer {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                    path: dir.to_path_buf(),
                    source,
                })?;
            }
            let real = lock::real_path(path)?;
            let mut taken = lock::BookLock::take(&real, path)?;
            if existed {
                taken.lock_identity(&real, path)?;
            }
            lock = Some((taken, real));
        }
        if existed && is_empty_file(path) {
            return Err(StoreError::Empty(typed));
        }
        if mode == OpenMode::ReadOnly
            && !sibling(path, "-wal").exists()
            && !sibling(path, "-shm").exists()
        {
            return Store::open_immutable(path);
        }
        let flags = match mode {
            OpenMode::Writer if !existed => {
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
            }
            OpenMode::Writer | OpenMode::Reader => OpenFlags::SQLITE_OPEN_READ_WRITE,
            OpenMode::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY,
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(e, path))?;
        let lock = match lock {
            Some((mut taken, real)) => {
                if !existed {
                    // The file exists now that SQLite created it.
                    taken.lock_identity(&real, path)?;
                }
                Some(taken)
            }
            None => None,
        };
        let mut store = Store {
            conn,
            path: Some(typed.clone()),
            _lock: lock,
            damaged: false,
            read_only: mode == OpenMode::ReadOnly,
            draft_changes: 0,
        };
        store.prepare(mode, !existed)?;
        Ok(store)
    }

    /// A read-only opening of a book no writer has open (no `-wal`, no
    /// `-shm` beside it): read as immutable, so SQLite makes no WAL files
    /// beside it (it could not on read-only media) and leaves the folder as
    /// it was; a shared lock keeps a Genjin writer out meanwhile (it gets
    /// "already open" until the read ends). A writer caught starting is
    /// read beside, as usual.
    fn open_immutable(path: &Path) -> Result<Store> {
        let real = lock::real_path(path)?;
        let (lock, writer_started) = match lock::BookLock::shared(&real, path) {
            Ok(lock) => {
                let started = lock.is_none() && sibling(path, "-wal").exists();
                (lock, started)
            }
            // A writer is opening it right now: read beside it instead.
            Err(StoreError::AlreadyOpen(_)) => (None, true),
            Err(e) => return Err(e),
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = if writer_started {
            Connection::open_with_flags(path, flags)
        } else {
            Connection::open_with_flags(immutable_uri(&real), flags | OpenFlags::SQLITE_OPEN_URI)
        }
        .map_err(|e| classify(e, path))?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            _lock: lock,
            damaged: false,
            read_only: true,
            draft_changes: 0,
        };
        store.prepare(OpenMode::ReadOnly, false)?;
        Ok(store)
    }

    /// A private in-memory database, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store {
            conn,
            path: None,
            _lock: None,
            damaged: false,
            read_only: false,
            draft_changes: 0,
        };
        store.prepare(OpenMode::Writer, true)?;
        Ok(store)
    }

    /// Recognises the file with pure reads, then (a writer only) checks it,
    /// stamps it, sets the journal and migrates it. `created`: Genjin made
    /// the file a moment ago.
    fn prepare(&mut self, mode: OpenMode, created: bool) -> Result<()> {
        let path = self.path.clone().unwrap_or_default();
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        let latest = latest_version()?;
        let kind =
            recognise::recognise(&self.conn, created, latest).map_err(|e| classify(e, &path))?;
        let (version, stamped) = match kind {
            recognise::Kind::New => (0, false),
            recognise::Kind::Ours { version, stamped } => (version, stamped),
            recognise::Kind::TooNew => return Err(StoreError::TooNew(path)),
            recognise::Kind::Foreign => return Err(StoreError::NotADatabase(path)),
        };
        // Connection settings only: nothing is written to the file.
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        match mode {
            OpenMode::ReadOnly | OpenMode::Reader if version < latest => {
                return Err(StoreError::NeedsUpgrade(path));
            }
            OpenMode::ReadOnly => return Ok(()),
            OpenMode::Reader => {
                self.conn.pragma_update(None, "synchronous", "FULL")?;
                return Ok(());
            }
            OpenMode::Writer => {}
        }
        if !created && !self.passes_quick_check()? {
            log::warn!("{} fails quick_check: opened read-only", path.display());
            self.conn = Connection::open_with_flags(
                &path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| classify(e, &path))?;
            self.conn.busy_timeout(BUSY_TIMEOUT)?;
            self.conn.pragma_update(None, "foreign_keys", "ON")?;
            self.damaged = true;
            self.read_only = true;
            return Ok(());
        }
        // From here on the file is known to be ours and sound: writes may start.
        if !stamped {
            self.conn
                .pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: a commit survives a power cut, not only a crash.
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        let migrations = schema::migrations();
        backup::backup_before_upgrade(&self.conn, self.path.as_deref(), &migrations)?;
        migrations.to_latest(&mut self.conn).map_err(|e| match e {
            rusqlite_migration::Error::RusqliteError { err, .. } => StoreError::from(err),
            other => StoreError::Migration(other.to_string()),
        })?;
        search_keys::refresh(&mut self.conn)?;
        Ok(())
    }

    /// SQLite's `quick_check`: the book's pages and indexes hold together.
    /// A check that cannot even run counts as a failure.
    fn passes_quick_check(&self) -> Result<bool> {
        let first = self
            .conn
            .query_row("PRAGMA quick_check(1)", [], |r| r.get::<_, String>(0));
        match first {
            Ok(line) => Ok(line == "ok"),
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
                ) =>
            {
                Ok(false)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Whether the writer found the book damaged (`quick_check` failed) and
    /// opened it read-only: every write fails with
    /// [`StoreError::ReadOnlyBook`]; restore a backup.
    pub fn is_damaged(&self) -> bool {
        self.damaged
    }

    /// A damaged book's writer, about to have every page replaced by a
    /// restore, gets a connection that may write (it holds the lock).
    pub(crate) fn reopen_for_restore(&mut self) -> Result<()> {
        let path = self.path.clone().ok_or(StoreError::ReadOnlyBook)?;
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(e, &path))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        self.conn = conn;
        self.damaged = false;
        self.read_only = false;
        Ok(())
    }

    /// Whether this connection cannot write: a damaged book, or
    /// [`OpenMode::ReadOnly`].
    pub fn read_only(&self) -> bool {
        self.read_only
    }

    /// For benchmarks only: the pre-FULL durability (`synchronous=NORMAL`),
    /// to measure what FULL costs.
    #[doc(hidden)]
    pub fn relax_durability_for_benchmark(&self) -> Result<()> {
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
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

/// The newest schema version this Genjin knows.
fn latest_version() -> Result<i64> {
    let blank = Connection::open_in_memory()?;
    let pending = schema::migrations()
        .pending_migrations(&blank)
        .map_err(|e| StoreError::Migration(e.to_string()))?;
    Ok(i64::from(pending))
}

/// A zero-byte file with no write-ahead log holding pages for it.
fn is_empty_file(path: &Path) -> bool {
    let len = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    len(path) == 0 && len(&sibling(path, "-wal")) == 0
}

/// `path` with `suffix` added to its file name (`-wal`, `-shm`).
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// `file:` URI for `path` with `immutable=1`, every byte outside the
/// unreserved set percent-encoded.
fn immutable_uri(path: &Path) -> String {
    let text = path.to_string_lossy();
    // Windows' canonical paths start with the verbatim prefix.
    let text = text
        .strip_prefix(r"\\?\")
        .unwrap_or(&text)
        .replace('\\', "/");
    let mut uri = String::from("file:");
    if !text.starts_with('/') {
        // A Windows drive path (C:/...) takes a leading slash.
        uri.push('/');
    }
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                uri.push(char::from(byte))
            }
            other => uri.push_str(&format!("%{other:02X}")),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

fn classify(e: rusqlite::Error, path: &Path) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotADatabase(path.to_path_buf()),
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => StoreError::Damaged(path.to_path_buf()),
        Some(rusqlite::ErrorCode::CannotOpen) if !path.exists() => {
            StoreError::Missing(path.to_path_buf())
        }
        _ => StoreError::from(e),
    }
}
