//! Backups of the book and restoring one: a backup is `VACUUM INTO` a
//! `.partial` file beside the destination, switched to `journal_mode=DELETE`
//! (one self-contained file, readable on read-only media), checked with
//! `integrity_check`, synced and renamed into place. Automatic backups go
//! to `<book dir>/<stem>-backups/` as `<stem>-<local time>-<reason>.sqlite`,
//! are copied to an optional second folder and rotated (newest per day,
//! ISO week and month; upgrade and restore backups kept apart). Listing and
//! inspecting open files strictly read-only. Restoring copies a checked
//! file into the open writer connection with SQLite's online backup API
//! after a safety backup of the current book. This module makes backups;
//! `rotation`, `listing` and `restore` do the rest.

mod listing;
mod restore;
mod rotation;

pub use listing::{BackupEntry, Summary, dates, list};
pub use restore::{Preview, Restored, inspect, restore_unopenable};
pub use rotation::{rotate, to_keep};

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags};

use super::{Result, Store, StoreError};
use crate::atomic_write;
use listing::open_finished;
use rotation::rotate_logged;

/// Why a backup was made; part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    Daily,
    Close,
    Manual,
    BeforeUpgrade,
    BeforeRestore,
}

impl Reason {
    pub const ALL: [Reason; 5] = [
        Reason::Daily,
        Reason::Close,
        Reason::Manual,
        Reason::BeforeUpgrade,
        Reason::BeforeRestore,
    ];

    /// The word in the file name (and in the CLI's output).
    pub fn tag(self) -> &'static str {
        match self {
            Reason::Daily => "daily",
            Reason::Close => "close",
            Reason::Manual => "manual",
            Reason::BeforeUpgrade => "before-upgrade",
            Reason::BeforeRestore => "before-restore",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.tag() == tag)
    }

    /// Daily, close and manual backups share the day/week/month rotation;
    /// the others are kept by count, each reason on its own.
    fn is_periodic(self) -> bool {
        matches!(self, Reason::Daily | Reason::Close | Reason::Manual)
    }
}

/// How many upgrade (and, apart, restore) safety backups are kept.
pub const SPECIAL_KEEP: usize = 5;

/// How many periodic backups rotation keeps: the newest of each of the
/// last `daily` days, `weekly` ISO weeks and `monthly` months that have one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    pub daily: u32,
    pub weekly: u32,
    pub monthly: u32,
}

impl Default for Retention {
    fn default() -> Retention {
        Retention {
            daily: 7,
            weekly: 4,
            monthly: 12,
        }
    }
}

/// The backup settings, stored in the book's settings table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSettings {
    /// Daily and on-close backups from the window.
    pub automatic: bool,
    /// The backup folder; `None` is [`default_folder`].
    pub folder: Option<PathBuf>,
    /// Where every backup is also copied (a USB stick, a synced folder).
    pub second_folder: Option<PathBuf>,
    pub retention: Retention,
}

impl Default for BackupSettings {
    fn default() -> BackupSettings {
        BackupSettings {
            automatic: true,
            folder: None,
            second_folder: None,
            retention: Retention::default(),
        }
    }
}

/// The settings keys the backup settings are stored under.
pub mod keys {
    pub const AUTOMATIC: &str = "backup_automatic";
    pub const FOLDER: &str = "backup_folder";
    pub const SECOND_FOLDER: &str = "backup_second_folder";
    pub const KEEP_DAILY: &str = "backup_keep_daily";
    pub const KEEP_WEEKLY: &str = "backup_keep_weekly";
    pub const KEEP_MONTHLY: &str = "backup_keep_monthly";
}

impl BackupSettings {
    /// The folder backups of `book` go to.
    pub fn folder_for(&self, book: &Path) -> PathBuf {
        self.folder.clone().unwrap_or_else(|| default_folder(book))
    }

    /// Reads the settings through any connection to the book; a value that
    /// does not parse falls back to its default.
    pub fn load(conn: &Connection) -> Result<BackupSettings> {
        let mut settings = BackupSettings::default();
        let mut stmt = conn.prepare("SELECT key, value FROM settings WHERE key LIKE 'backup_%'")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (key, value) = row?;
            let folder = || (!value.trim().is_empty()).then(|| PathBuf::from(value.trim()));
            let count = |default: u32| value.trim().parse().unwrap_or(default);
            let keep = settings.retention;
            match key.as_str() {
                keys::AUTOMATIC => settings.automatic = value != "0",
                keys::FOLDER => settings.folder = folder(),
                keys::SECOND_FOLDER => settings.second_folder = folder(),
                keys::KEEP_DAILY => settings.retention.daily = count(keep.daily),
                keys::KEEP_WEEKLY => settings.retention.weekly = count(keep.weekly),
                keys::KEEP_MONTHLY => settings.retention.monthly = count(keep.monthly),
                _ => {}
            }
        }
        Ok(settings)
    }
}

impl Store {
    /// Writes a checked, self-contained copy of the whole book to `dest`
    /// while it stays open; refuses `dest` when it is the book itself.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        write_copy(self.conn(), self.path(), dest)
    }

    /// Backs this book up now into its backup folder, rotated and copied
    /// to the second folder (see [`run`]).
    pub fn back_up(
        &self,
        reason: Reason,
        settings: &BackupSettings,
        now: NaiveDateTime,
    ) -> Result<BackupDone> {
        let book = self
            .path()
            .ok_or_else(|| StoreError::Missing(PathBuf::from(":memory:")))?;
        run(self.conn(), book, reason, settings, now)
    }

    /// This book's backup settings.
    pub fn backup_settings(&self) -> Result<BackupSettings> {
        BackupSettings::load(self.conn())
    }

    /// Stores the backup settings in one transaction.
    pub fn set_backup_settings(&mut self, settings: &BackupSettings) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        let folder = |f: &Option<PathBuf>| f.as_ref().map(|p| p.display().to_string());
        let texts = [
            (
                keys::AUTOMATIC,
                Some(if settings.automatic { "1" } else { "0" }.to_string()),
            ),
            (keys::FOLDER, folder(&settings.folder)),
            (keys::SECOND_FOLDER, folder(&settings.second_folder)),
            (keys::KEEP_DAILY, Some(settings.retention.daily.to_string())),
            (
                keys::KEEP_WEEKLY,
                Some(settings.retention.weekly.to_string()),
            ),
            (
                keys::KEEP_MONTHLY,
                Some(settings.retention.monthly.to_string()),
            ),
        ];
        for (key, value) in texts {
            match value {
                Some(value) => crate::store::settings::upsert_setting(&tx, key, &value)?,
                None => crate::store::settings::delete_setting(&tx, key)?,
            }
        }
        tx.commit()?;
        Ok(())
    }
}

/// `<book dir>/<book stem>-backups`.
pub fn default_folder(book: &Path) -> PathBuf {
    let dir = book.parent().unwrap_or(Path::new(""));
    dir.join(format!("{}-backups", book_stem(book)))
}

/// The book's file name without its extension (`genjin` for `genjin.sqlite`).
pub fn book_stem(book: &Path) -> String {
    book.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "genjin".to_string())
}

/// The local time in a backup's name: `2026-12-04T101500`.
const STAMP: &str = "%Y-%m-%dT%H%M%S";
const STAMP_LEN: usize = 17;
const EXTENSION: &str = ".sqlite";

/// `<stem>-2026-12-04T101500-<reason>.sqlite`.
pub fn file_name(stem: &str, at: NaiveDateTime, reason: Reason) -> String {
    format!("{stem}-{}-{}{EXTENSION}", at.format(STAMP), reason.tag())
}

/// The time and reason in a name [`file_name`] made for `stem`; `None` for
/// any other name (which rotation and listing leave alone).
pub fn parse_file_name(stem: &str, name: &str) -> Option<(NaiveDateTime, Reason)> {
    let rest = name
        .strip_prefix(stem)?
        .strip_prefix('-')?
        .strip_suffix(EXTENSION)?;
    let (stamp, tag) = rest.split_at_checked(STAMP_LEN)?;
    let reason = Reason::from_tag(tag.strip_prefix('-')?)?;
    let at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?;
    Some((at, reason))
}

/// Whether `a` and `b` name the same file, by identity rather than by how
/// the path is typed: symlinks and `..` resolved, and on unix the same
/// device and inode (a hard link). A path that does not exist yet is
/// compared through its canonical folder.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(ma), Ok(mb)) = (fs::metadata(a), fs::metadata(b))
            && ma.dev() == mb.dev()
            && ma.ino() == mb.ino()
        {
            return true;
        }
    }
    match (canonical(a), canonical(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

fn canonical(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = fs::canonicalize(path) {
        return Some(p);
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(fs::canonicalize(parent).ok()?.join(path.file_name()?))
}

/// One backup at a time in this process (a daily one on its thread, the
/// close one, a safety one before a restore).
static RUNNING: Mutex<()> = Mutex::new(());

/// Writes a finished backup of the database behind `conn` to `dest`,
/// replacing a file there only once the copy is complete and checked.
/// Refuses a `dest` that is the book itself.
pub fn write_copy(conn: &Connection, book: Option<&Path>, dest: &Path) -> Result<()> {
    if let Some(book) = book
        && same_file(book, dest)
    {
        return Err(StoreError::SameFile(dest.to_path_buf()));
    }
    /// The copy's own failure, or a file step's (named by `dest`).
    enum Failure {
        Store(StoreError),
        Io(io::Error),
    }
    impl From<io::Error> for Failure {
        fn from(e: io::Error) -> Failure {
            Failure::Io(e)
        }
    }
    let copied = atomic_write::replace_with(dest, |partial| {
        let target = partial.to_str().ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "path is not valid Unicode")
        })?;
        conn.execute("VACUUM INTO ?1", [target])
            .map_err(|e| Failure::Store(e.into()))?;
        finish_copy(partial).map_err(Failure::Store)
    });
    copied.map_err(|failure| match failure {
        Failure::Store(e) => e,
        Failure::Io(source) => StoreError::Io {
            path: dest.to_path_buf(),
            source,
        },
    })?;
    sync_folder(dest);
    Ok(())
}

/// Makes the fresh copy one self-contained file and checks it.
fn finish_copy(path: &Path) -> Result<()> {
    let copy = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let mode: String = copy.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(StoreError::Corrupt(format!(
            "the backup stayed in journal mode {mode}"
        )));
    }
    integrity(&copy, path)?;
    copy.close().map_err(|(_, e)| StoreError::Sqlite(e))
}

/// `PRAGMA integrity_check` must say `ok`.
pub(super) fn integrity(conn: &Connection, path: &Path) -> Result<()> {
    let verdict: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if verdict == "ok" {
        Ok(())
    } else {
        log::warn!("{} fails the integrity check: {verdict}", path.display());
        Err(StoreError::NotADatabase(path.to_path_buf()))
    }
}

/// Makes a rename in `file`'s folder durable (unix; elsewhere a no-op).
fn sync_folder(file: &Path) {
    #[cfg(unix)]
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(e) = fs::File::open(dir).and_then(|d| d.sync_all())
    {
        log::warn!("cannot sync the folder {}: {e}", dir.display());
    }
    #[cfg(not(unix))]
    let _ = file;
}

/// What a backup run did.
#[derive(Debug)]
pub struct BackupDone {
    pub path: PathBuf,
    /// The copy in the second folder, or why there is none.
    pub second: SecondCopy,
    /// Old backups rotation removed.
    pub removed: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub enum SecondCopy {
    /// No second folder is set.
    NotSet,
    Copied(PathBuf),
    /// The second folder is missing (a stick unplugged) or the copy failed;
    /// the main backup stands.
    Failed {
        folder: PathBuf,
        reason: String,
    },
}

/// Backs up the book behind `conn` (the book at `book`) into the backup
/// folder, copies it to the second folder and rotates both.
pub fn run(
    conn: &Connection,
    book: &Path,
    reason: Reason,
    settings: &BackupSettings,
    now: NaiveDateTime,
) -> Result<BackupDone> {
    let _one = RUNNING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let folder = settings.folder_for(book);
    fs::create_dir_all(&folder).map_err(|source| StoreError::Io {
        path: folder.clone(),
        source,
    })?;
    let stem = book_stem(book);
    let name = file_name(&stem, now, reason);
    let path = folder.join(&name);
    write_copy(conn, Some(book), &path)?;
    let removed = rotate_logged(&folder, &stem, settings.retention, reason);
    let second = match &settings.second_folder {
        None => SecondCopy::NotSet,
        Some(second) => copy_to_second(&path, second, &name, &stem, settings.retention, reason),
    };
    Ok(BackupDone {
        path,
        second,
        removed,
    })
}

/// [`run`] through a read-only connection of its own (the window's backup
/// thread, `genjin backup`).
pub fn run_for_file(
    book: &Path,
    reason: Reason,
    settings: &BackupSettings,
    now: NaiveDateTime,
) -> Result<BackupDone> {
    let conn = open_live(book, true)?;
    run(&conn, book, reason, settings, now)
}

/// Writes a backup of the book at `book` to the file `dest` (no rotation,
/// no second copy), through a read-only connection of its own.
pub fn backup_file_to(book: &Path, dest: &Path) -> Result<()> {
    let conn = open_live(book, true)?;
    let _one = RUNNING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    write_copy(&conn, Some(book), dest)
}

/// Reads the backup settings of the book at `book` without changing or
/// creating any file: through its `-wal` when it has one (the book is open
/// somewhere), else as an immutable file (works in a read-only folder).
pub fn settings_of_file(book: &Path) -> Result<BackupSettings> {
    if !book.is_file() {
        return Err(StoreError::Missing(book.to_path_buf()));
    }
    let mut wal = book.as_os_str().to_os_string();
    wal.push("-wal");
    let conn = if Path::new(&wal).exists() {
        open_live(book, false)?
    } else {
        open_finished(book)?
    };
    BackupSettings::load(&conn)
}

/// A connection of its own to a book that may be open elsewhere (WAL),
/// which never writes to it: read-write only so that, when it is the last
/// one to close, SQLite removes the `-wal` and `-shm` it needed.
fn open_live(book: &Path, writable: bool) -> Result<Connection> {
    if !book.is_file() {
        return Err(StoreError::Missing(book.to_path_buf()));
    }
    let mode = if writable {
        OpenFlags::SQLITE_OPEN_READ_WRITE
    } else {
        OpenFlags::SQLITE_OPEN_READ_ONLY
    };
    let conn = Connection::open_with_flags(book, mode | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| crate::store::classify(e, book))?;
    conn.busy_timeout(crate::store::BUSY_TIMEOUT)?;
    Ok(conn)
}

fn copy_to_second(
    made: &Path,
    second: &Path,
    name: &str,
    stem: &str,
    retention: Retention,
    reason: Reason,
) -> SecondCopy {
    let failed = |reason: String| {
        log::warn!(
            "the backup was not copied to the second folder {}: {reason}",
            second.display()
        );
        SecondCopy::Failed {
            folder: second.to_path_buf(),
            reason,
        }
    };
    if !second.is_dir() {
        return failed("the folder is not there".to_string());
    }
    let dest = second.join(name);
    let copied = atomic_write::write_file(&dest, |out| {
        io::copy(&mut fs::File::open(made)?, out).map(|_| ())
    });
    match copied {
        Ok(()) => {
            sync_folder(&dest);
            rotate_logged(second, stem, retention, reason);
            SecondCopy::Copied(dest)
        }
        Err(e) => failed(e.to_string()),
    }
}

/// Whether opening this book is about to run migrations on a book that
/// already has a schema: then a before-upgrade backup is taken first
/// (failing the open if it cannot be made).
pub(crate) fn backup_before_upgrade(
    conn: &Connection,
    book: Option<&Path>,
    migrations: &rusqlite_migration::Migrations<'_>,
) -> Result<()> {
    let Some(book) = book else { return Ok(()) };
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let pending = migrations
        .pending_migrations(conn)
        .map_err(|e| StoreError::Migration(e.to_string()))?;
    if version <= 0 || pending <= 0 {
        return Ok(());
    }
    let settings = BackupSettings::load(conn).unwrap_or_else(|e| {
        log::warn!("cannot read the backup settings, using the defaults: {e}");
        BackupSettings::default()
    });
    let done = run(
        conn,
        book,
        Reason::BeforeUpgrade,
        &settings,
        crate::store::now(),
    )?;
    log::info!(
        "backed up {} before upgrading it to {}",
        book.display(),
        done.path.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    #[test]
    fn names_round_trip_and_foreign_names_are_ignored() {
        let when = at(2026, 12, 4, 10);
        let name = file_name("genjin", when, Reason::BeforeUpgrade);
        assert_eq!(name, "genjin-2026-12-04T100000-before-upgrade.sqlite");
        assert_eq!(
            parse_file_name("genjin", &name),
            Some((when, Reason::BeforeUpgrade))
        );
        let dashed = file_name("my-shop", when, Reason::Daily);
        assert_eq!(
            parse_file_name("my-shop", &dashed),
            Some((when, Reason::Daily))
        );
        assert_eq!(parse_file_name("my", &dashed), None);
        for other in [
            "genjin.sqlite",
            "genjin-2026-12-04T100000-daily.sqlite.partial",
            "genjin-2026-12-04T100000-weekly.sqlite",
            "genjin-2026-13-04T100000-daily.sqlite",
            "notes.txt",
        ] {
            assert_eq!(parse_file_name("genjin", other), None, "{other}");
        }
    }
}
