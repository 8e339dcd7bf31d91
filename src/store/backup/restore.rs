//! Restoring a book from a backup: `inspect` checks a file and says what
//! it holds; `Store::restore_from` takes a safety backup, then copies the
//! file in through SQLite's online backup API.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::listing::open_finished;
use super::{BackupSettings, Reason, book_stem, file_name, integrity, run, same_file};
use crate::atomic_write;
use crate::store::{OpenMode, Result, Store, StoreError, schema, sibling};

/// What a file offered for a restore holds, once it passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub path: PathBuf,
    pub size: u64,
    /// The file's modification time, local.
    pub modified: Option<NaiveDateTime>,
    pub schema_version: i64,
    pub customers: i64,
    pub sales: i64,
    pub complaints: i64,
    /// Complaint photos, when the file has the table.
    pub photos: Option<i64>,
    /// The newest contact, sale or complaint date (`YYYY-MM-DD`).
    pub newest_activity: Option<String>,
}

/// Checks that `path` is a Genjin book this version can open — readable
/// read-only, `integrity_check` ok, schema not newer than ours — and says
/// what it holds. Changes nothing in the file.
pub fn inspect(path: &Path) -> Result<Preview> {
    let meta = fs::metadata(path).map_err(|source| match source.kind() {
        io::ErrorKind::NotFound => StoreError::Missing(path.to_path_buf()),
        _ => StoreError::Io {
            path: path.to_path_buf(),
            source,
        },
    })?;
    if !meta.is_file() {
        return Err(StoreError::NotADatabase(path.to_path_buf()));
    }
    let conn = open_source(path)?;
    let not_book = |_| StoreError::NotADatabase(path.to_path_buf());
    integrity(&conn, path).map_err(|e| match e {
        StoreError::Sqlite(e) => crate::store::classify(e, path),
        other => other,
    })?;
    match schema::migrations().current_version(&conn) {
        Ok(rusqlite_migration::SchemaVersion::Outside(_)) => {
            return Err(StoreError::TooNew(path.to_path_buf()));
        }
        Ok(rusqlite_migration::SchemaVersion::Inside(_)) => {}
        Ok(rusqlite_migration::SchemaVersion::NoneSet) | Err(_) => {
            return Err(StoreError::NotADatabase(path.to_path_buf()));
        }
    }
    let count = |table: &str| -> Result<Option<i64>> {
        if !table_exists(&conn, table)? {
            return Ok(None);
        }
        let n = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        Ok(Some(n))
    };
    let customers = count("customers")?.ok_or_else(|| not_book(()))?;
    let mut newest: Option<String> = None;
    for (table, column) in [
        ("contacts", "at"),
        ("sales", "date"),
        ("complaints", "created_at"),
    ] {
        if !table_exists(&conn, table)? {
            continue;
        }
        let max: Option<String> = conn
            .query_row(&format!("SELECT max({column}) FROM {table}"), [], |r| {
                r.get(0)
            })
            .optional()?
            .flatten();
        let day = max.map(|m| m.chars().take(10).collect::<String>());
        if day > newest {
            newest = day;
        }
    }
    Ok(Preview {
        path: path.to_path_buf(),
        size: meta.len(),
        modified: meta
            .modified()
            .ok()
            .map(|t| chrono::DateTime::<chrono::Local>::from(t).naive_local()),
        schema_version: conn.query_row("PRAGMA user_version", [], |r| r.get(0))?,
        customers,
        sales: count("sales")?.unwrap_or(0),
        complaints: count("complaints")?.unwrap_or(0),
        photos: count("complaint_attachments")?,
        newest_activity: newest,
    })
}

fn table_exists(conn: &Connection, table: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// A file offered for a restore, opened read-only: as is (it may be a live
/// book with a `-wal`), else immutable (read-only media without a `-shm`).
fn open_source(path: &Path) -> Result<Connection> {
    let readable = |conn: Connection| -> rusqlite::Result<Connection> {
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        Ok(conn)
    };
    let plain = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .and_then(readable);
    match plain {
        Ok(conn) => Ok(conn),
        Err(first) => match open_finished(path).map(readable) {
            Ok(Ok(conn)) => Ok(conn),
            _ => Err(crate::store::classify(first, path)),
        },
    }
}

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    pub preview: Preview,
    /// The safety backup of the book as it was (none for a book in memory).
    pub safety: Option<PathBuf>,
}

impl Store {
    /// Replaces the book's content with the file at `source`: checks it
    /// ([`inspect`]), takes a safety backup of the current book (reason
    /// before-restore), copies it in through SQLite's online backup API
    /// (which keeps this connection and its lock and handles the WAL), then
    /// migrates it when it comes from an older version.
    pub fn restore_from(&mut self, source: &Path, now: NaiveDateTime) -> Result<Restored> {
        if let Some(book) = self.path()
            && same_file(book, source)
        {
            return Err(StoreError::SameFile(source.to_path_buf()));
        }
        let preview = inspect(source)?;
        let safety = match self.path.clone() {
            Some(book) => {
                let settings = self.backup_settings().unwrap_or_else(|e| {
                    log::warn!("cannot read the backup settings, using the defaults: {e}");
                    BackupSettings::default()
                });
                Some(if self.is_damaged() {
                    keep_damaged_book(&book, &settings, now)?
                } else {
                    run(self.conn(), &book, Reason::BeforeRestore, &settings, now)?.path
                })
            }
            None => None,
        };
        if self.is_damaged() {
            // The book was opened read-only because it failed its check:
            // the restore overwrites every page, so it may write now.
            self.reopen_for_restore()?;
        }
        let src = open_source(source)?;
        {
            let copy = rusqlite::backup::Backup::new(&src, self.conn_mut())?;
            copy.run_to_completion(256, std::time::Duration::from_millis(50), None)?;
        }
        drop(src);
        if self.path.is_some() {
            self.conn().pragma_update(None, "journal_mode", "WAL")?;
        }
        self.prepare(OpenMode::Writer, false)?;
        Ok(Restored { preview, safety })
    }
}

/// The safety copy of a damaged book, which `VACUUM INTO` may not be able
/// to read: its bytes as they are (and its `-wal` beside, when there is
/// one), under a before-restore name in the backup folder, so whatever a
/// specialist could still rescue from it is kept.
fn keep_damaged_book(
    book: &Path,
    settings: &BackupSettings,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let folder = settings.folder_for(book);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StoreError::Io { path, source }
    };
    std::fs::create_dir_all(&folder).map_err(io(&folder))?;
    let dest = folder.join(file_name(&book_stem(book), now, Reason::BeforeRestore));
    let bytes = std::fs::read(book).map_err(io(book))?;
    atomic_write::write_bytes(&dest, &bytes).map_err(io(&dest))?;
    let wal = sibling(book, "-wal");
    if wal.is_file() {
        let wal_bytes = std::fs::read(&wal).map_err(io(&wal))?;
        let dest_wal = sibling(&dest, "-wal");
        atomic_write::write_bytes(&dest_wal, &wal_bytes).map_err(io(&dest_wal))?;
    }
    Ok(dest)
}

/// Restores `source` onto a book that cannot be opened at all — a file
/// emptied to zero bytes, or one SQLite finds damaged — so the shop is not
/// left without its book. Nothing else is ever overwritten: a file that is
/// not recognisably a broken Genjin book (another program's database) is
/// refused. Under the book's writer lock: the file as it was (and its
/// `-wal`) is kept as the before-restore copy, the backup is copied page by
/// page into `<book>.partial` through SQLite's online backup API, stale
/// `-wal`/`-shm` files are removed and the copy is renamed over the book.
/// The caller then opens the book as usual (which migrates an older one).
pub fn restore_unopenable(book: &Path, source: &Path, now: NaiveDateTime) -> Result<Restored> {
    match Store::open_with(book, OpenMode::ReadOnly) {
        Err(StoreError::Empty(_) | StoreError::Damaged(_)) => {}
        Ok(readable) => {
            // It opens after all (repaired or replaced meanwhile): the
            // ordinary restore, through a writer, applies.
            drop(readable);
            return Store::open(book)?.restore_from(source, now);
        }
        Err(other) => return Err(other),
    }
    if same_file(book, source) {
        return Err(StoreError::SameFile(source.to_path_buf()));
    }
    let preview = inspect(source)?;
    let real = crate::store::lock::real_path(book)?;
    let mut lock = crate::store::lock::BookLock::take(&real, book)?;
    lock.lock_identity(&real, book)?;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StoreError::Io { path, source }
    };
    let empty = fs::metadata(&real).map_err(io(&real))?.len() == 0;
    let safety = if empty {
        None
    } else {
        Some(keep_damaged_book(&real, &BackupSettings::default(), now)?)
    };
    let partial = sibling(&real, ".partial");
    let copied = (|| -> Result<()> {
        match fs::remove_file(&partial) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&partial)(e)),
        }
        let src = open_source(source)?;
        let mut dst = Connection::open(&partial)?;
        rusqlite::backup::Backup::new(&src, &mut dst)?.run_to_completion(
            256,
            std::time::Duration::from_millis(0),
            None,
        )?;
        dst.pragma_update(None, "journal_mode", "DELETE")?;
        drop(dst);
        atomic_write::sync_file(&partial).map_err(io(&partial))?;
        for stale in ["-wal", "-shm"] {
            let path = sibling(&real, stale);
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(io(&path)(e)),
            }
        }
        fs::rename(&partial, &real).map_err(io(&real))
    })();
    if copied.is_err()
        && let Err(e) = fs::remove_file(&partial)
        && e.kind() != io::ErrorKind::NotFound
    {
        log::warn!("cannot remove {}: {e}", partial.display());
    }
    copied?;
    drop(lock);
    Ok(Restored { preview, safety })
}
