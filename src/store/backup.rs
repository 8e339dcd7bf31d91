//! Backups of the book and restoring one: a backup is `VACUUM INTO` a
//! `.partial` file beside the destination, switched to `journal_mode=DELETE`
//! (one self-contained file, readable on read-only media), checked with
//! `integrity_check`, synced and renamed into place. Automatic backups go
//! to `<book dir>/<stem>-backups/` as `<stem>-<local time>-<reason>.sqlite`,
//! are copied to an optional second folder and rotated (newest per day,
//! ISO week and month; upgrade and restore backups kept apart). Listing and
//! inspecting open files strictly read-only. Restoring copies a checked
//! file into the open writer connection with SQLite's online backup API
//! after a safety backup of the current book.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{Datelike, NaiveDateTime};
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::{Result, Store, StoreError, schema};
use crate::atomic_write;

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
                Some(value) => super::settings::upsert_setting(&tx, key, &value)?,
                None => super::settings::delete_setting(&tx, key)?,
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
fn integrity(conn: &Connection, path: &Path) -> Result<()> {
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
        .map_err(|e| super::classify(e, book))?;
    conn.busy_timeout(super::BUSY_TIMEOUT)?;
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

/// [`rotate`], logging a failure: a backup that was made stands even when
/// old ones could not be removed.
fn rotate_logged(folder: &Path, stem: &str, retention: Retention, made: Reason) -> usize {
    match rotate(folder, stem, retention, made) {
        Ok(n) => n,
        Err(e) => {
            log::warn!("cannot rotate the backups in {}: {e}", folder.display());
            0
        }
    }
}

/// Removes the backups in `folder` that [`to_keep`] does not keep, among
/// those of the same kind as `made` (periodic, or the same special
/// reason), and what interrupted backups left over an hour ago. Only
/// regular files (never symlinks) named by [`file_name`] for `stem` are
/// candidates. Returns how many backups were removed.
pub fn rotate(folder: &Path, stem: &str, retention: Retention, made: Reason) -> io::Result<usize> {
    let mut found = Vec::new();
    for entry in fs::read_dir(folder)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if is_stale_partial(stem, name, &entry) {
            match fs::remove_file(entry.path()) {
                Ok(()) => log::info!("removed the unfinished backup {name}"),
                Err(e) => log::warn!("cannot remove the unfinished backup {name}: {e}"),
            }
            continue;
        }
        let Some((at, reason)) = parse_file_name(stem, name) else {
            continue;
        };
        let same_kind = if made.is_periodic() {
            reason.is_periodic()
        } else {
            reason == made
        };
        if same_kind && entry.file_type()?.is_file() {
            found.push((entry.path(), at, reason));
        }
    }
    let dated: Vec<_> = found.iter().map(|(_, at, r)| (*at, *r)).collect();
    let keep = to_keep(&dated, retention);
    let mut removed = 0;
    for ((path, _, _), keep) in found.iter().zip(keep) {
        if keep {
            continue;
        }
        match fs::remove_file(path) {
            Ok(()) => removed += 1,
            Err(e) => log::warn!("cannot remove the old backup {}: {e}", path.display()),
        }
    }
    Ok(removed)
}

/// How old a backup's `.partial` file (or its journal) must be before
/// rotation takes it for the leftover of an interrupted backup.
const STALE_PARTIAL: std::time::Duration = std::time::Duration::from_secs(3600);

/// Whether `name` is what a backup killed part-way left behind (its
/// `.partial` file, or that file's `-journal`, `-wal` or `-shm`): a regular
/// file of ours, older than [`STALE_PARTIAL`].
fn is_stale_partial(stem: &str, name: &str, entry: &fs::DirEntry) -> bool {
    let Some((final_name, rest)) = name.split_once(".partial") else {
        return false;
    };
    let ours = parse_file_name(stem, final_name).is_some()
        && ["", "-journal", "-wal", "-shm"].contains(&rest);
    ours && entry.metadata().is_ok_and(|m| {
        m.is_file()
            && m.modified()
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE_PARTIAL)
    })
}

/// Which backups rotation keeps, given their times and reasons: among the
/// periodic ones the newest of each of the `daily` most recent days with a
/// backup, of each of the `weekly` most recent ISO weeks and `monthly`
/// months, and every one from the newest's day (so a morning backup
/// outlives a mistake made before closing, until the next day); of each
/// special reason the newest [`SPECIAL_KEEP`].
pub fn to_keep(backups: &[(NaiveDateTime, Reason)], retention: Retention) -> Vec<bool> {
    let mut order: Vec<usize> = (0..backups.len()).collect();
    order.sort_by(|a, b| backups[*b].0.cmp(&backups[*a].0));
    let mut keep = vec![false; backups.len()];
    let mut days = HashSet::new();
    let mut weeks = HashSet::new();
    let mut months = HashSet::new();
    let mut special: HashMap<Reason, usize> = HashMap::new();
    let mut newest_day = None;
    for i in order {
        let (at, reason) = backups[i];
        if !reason.is_periodic() {
            let count = special.entry(reason).or_default();
            *count += 1;
            keep[i] = *count <= SPECIAL_KEEP;
            continue;
        }
        let date = at.date();
        let week = date.iso_week();
        let first_of = |set: &mut HashSet<(i32, u32)>, key: (i32, u32), limit: u32| {
            set.len() < limit as usize && set.insert(key)
        };
        let day = first_of(&mut days, (date.year(), date.ordinal()), retention.daily);
        let in_week = first_of(&mut weeks, (week.year(), week.week()), retention.weekly);
        let in_month = first_of(&mut months, (date.year(), date.month()), retention.monthly);
        let on_newest_day = *newest_day.get_or_insert(date) == date;
        keep[i] = day || in_week || in_month || on_newest_day;
    }
    keep
}

/// The time and reason of every backup of `stem` in `folder`, from the
/// names alone (no file is opened); none when the folder is missing or
/// unreadable (logged).
pub fn dates(folder: &Path, stem: &str) -> Vec<(NaiveDateTime, Reason)> {
    let entries = match fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) => {
            if e.kind() != io::ErrorKind::NotFound {
                log::warn!("cannot read the backup folder {}: {e}", folder.display());
            }
            return Vec::new();
        }
    };
    entries
        .filter_map(|entry| match entry {
            Ok(entry) => entry
                .file_name()
                .to_str()
                .and_then(|n| parse_file_name(stem, n)),
            Err(e) => {
                log::warn!("cannot read the backup folder {}: {e}", folder.display());
                None
            }
        })
        .collect()
}

/// What a listed backup holds, read without changing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub customers: i64,
    pub schema_version: i64,
}

/// One backup file in a backup folder.
#[derive(Debug, Clone)]
pub struct BackupEntry {
    pub path: PathBuf,
    pub at: NaiveDateTime,
    pub reason: Reason,
    pub size: u64,
    /// What it holds, or why it could not be read (a damaged file).
    pub contents: std::result::Result<Summary, String>,
}

/// The backups of `stem` in `folder`, newest first; a missing folder has
/// none. Every file is opened read-only and immutable, so listing changes
/// nothing and works on read-only media; an unreadable file is listed with
/// its error.
pub fn list(folder: &Path, stem: &str) -> Result<Vec<BackupEntry>> {
    let entries = match fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(StoreError::Io {
                path: folder.to_path_buf(),
                source,
            });
        }
    };
    let io_error = |source| StoreError::Io {
        path: folder.to_path_buf(),
        source,
    };
    let mut list = Vec::new();
    for entry in entries {
        let entry = entry.map_err(io_error)?;
        let Some((at, reason)) = entry
            .file_name()
            .to_str()
            .and_then(|n| parse_file_name(stem, n))
        else {
            continue;
        };
        let meta = entry.metadata().map_err(io_error)?;
        if !meta.is_file() {
            continue;
        }
        let path = entry.path();
        let contents = summarize(&path).map_err(|e| e.to_string());
        list.push(BackupEntry {
            path,
            at,
            reason,
            size: meta.len(),
            contents,
        });
    }
    list.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.path.cmp(&b.path)));
    Ok(list)
}

fn summarize(path: &Path) -> Result<Summary> {
    let conn = open_finished(path)?;
    let schema_version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let customers: i64 = conn.query_row("SELECT count(*) FROM customers", [], |r| r.get(0))?;
    Ok(Summary {
        customers,
        schema_version,
    })
}

/// Opens a finished backup strictly read-only: `immutable=1` when the path
/// can be written as a URI (no journal or lock is looked for or made).
fn open_finished(path: &Path) -> Result<Connection> {
    let read_only = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = match file_uri(path) {
        Some(uri) => Connection::open_with_flags(
            format!("{uri}?immutable=1"),
            read_only | OpenFlags::SQLITE_OPEN_URI,
        ),
        None => Connection::open_with_flags(path, read_only),
    };
    conn.map_err(|e| super::classify(e, path))
}

/// `file:` URI of a path, with every byte outside the unreserved set
/// percent-encoded; `None` for a path that is not Unicode.
fn file_uri(path: &Path) -> Option<String> {
    let text = path.to_str()?;
    let text = if cfg!(windows) {
        let slashed = text.replace('\\', "/");
        if slashed.starts_with('/') {
            slashed
        } else {
            format!("/{slashed}")
        }
    } else {
        text.to_string()
    };
    let mut uri = String::from("file:");
    if text.starts_with('/') {
        uri.push_str("//");
    }
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/:".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    Some(uri)
}

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
        StoreError::Sqlite(e) => super::classify(e, path),
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
    let plain = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    );
    let readable =
        |conn: &Connection| conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()));
    match plain {
        Ok(conn) if readable(&conn).is_ok() => Ok(conn),
        Ok(conn) => {
            let err = readable(&conn).err();
            drop(conn);
            open_finished(path).and_then(|conn| match readable(&conn) {
                Ok(()) => Ok(conn),
                Err(e) => Err(super::classify(err.unwrap_or(e), path)),
            })
        }
        Err(_) => open_finished(path),
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
                Some(run(self.conn(), &book, Reason::BeforeRestore, &settings, now)?.path)
            }
            None => None,
        };
        let src = open_source(source)?;
        {
            let copy = rusqlite::backup::Backup::new(&src, self.conn_mut())?;
            copy.run_to_completion(256, std::time::Duration::from_millis(50), None)?;
        }
        drop(src);
        if self.path.is_some() {
            self.conn().pragma_update(None, "journal_mode", "WAL")?;
        }
        self.prepare()?;
        Ok(Restored { preview, safety })
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
    let done = run(conn, book, Reason::BeforeUpgrade, &settings, super::now())?;
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

    #[test]
    fn rotation_keeps_the_newest_of_each_day_week_and_month() {
        // Two backups a day for 60 days, December 2026 backwards.
        let mut backups = Vec::new();
        let last = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        for back in 0..60 {
            let day = last - chrono::Days::new(back);
            backups.push((day.and_hms_opt(9, 0, 0).unwrap(), Reason::Daily));
            backups.push((day.and_hms_opt(18, 0, 0).unwrap(), Reason::Close));
        }
        let keep = to_keep(
            &backups,
            Retention {
                daily: 3,
                weekly: 2,
                monthly: 2,
            },
        );
        let kept: Vec<_> = backups
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(b, _)| b.0)
            .collect();
        // All of 31 Dec; 30 and 29 Dec (evening ones); week of Mon 21 Dec
        // → its newest is Sun 27 Dec; November's newest is 30 Nov.
        let expected = [
            at(2026, 12, 31, 18),
            at(2026, 12, 31, 9),
            at(2026, 12, 30, 18),
            at(2026, 12, 29, 18),
            at(2026, 12, 27, 18),
            at(2026, 11, 30, 18),
        ];
        let mut sorted = kept.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(sorted, expected);
    }

    #[test]
    fn special_backups_are_kept_by_count_apart_from_the_periodic_ones() {
        let mut backups = vec![(at(2026, 1, 1, 9), Reason::Daily)];
        for d in 1..=8 {
            backups.push((at(2026, 2, d, 9), Reason::BeforeUpgrade));
            backups.push((at(2026, 3, d, 9), Reason::BeforeRestore));
        }
        let none = Retention {
            daily: 0,
            weekly: 0,
            monthly: 0,
        };
        let keep = to_keep(&backups, none);
        assert!(keep[0], "the newest day's backups are always kept");
        for reason in [Reason::BeforeUpgrade, Reason::BeforeRestore] {
            let kept: Vec<u32> = backups
                .iter()
                .zip(&keep)
                .filter(|((_, r), k)| *r == reason && **k)
                .map(|((t, _), _)| t.day())
                .collect();
            assert_eq!(kept, [4, 5, 6, 7, 8], "{reason:?}");
        }
    }

    #[test]
    fn file_uris_escape_what_sqlite_would_read_as_query() {
        if cfg!(unix) {
            assert_eq!(
                file_uri(Path::new("/tmp/a b/x?#%.sqlite")).unwrap(),
                "file:///tmp/a%20b/x%3F%23%25.sqlite"
            );
        }
    }
}
