//! The single-writer lock on a book, taken on the real file: the path with
//! every symlink resolved gets `<file>.lock` beside it, and the file's
//! identity (device and inode on unix, volume serial and file index on
//! Windows) gets a second lock in the per-user lock folder, so a hard link to an open book is refused too. Both locks
//! are OS locks that die with the process. The identity lock file is
//! removed by its holder while still locked; a newcomer checks after
//! locking that the file it locked is still the one at that name.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use super::{Result, StoreError};

/// The lock file beside the database (`shop.sqlite.lock`).
pub fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".lock");
    db.with_file_name(name)
}

/// The locks a writer holds for the life of its store.
pub(super) struct BookLock {
    _path: File,
    identity: Option<(File, PathBuf)>,
}

impl Drop for BookLock {
    /// Removes the identity lock file while still holding it, so the lock
    /// folder does not fill up; see [`identity_lock`] for why that is safe.
    fn drop(&mut self) {
        if let Some((_file, path)) = self.identity.take()
            && let Err(e) = std::fs::remove_file(&path)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            log::warn!("cannot remove the lock file {}: {e}", path.display());
        }
    }
}

/// The book's real path: symlinks resolved. A book that does not exist yet
/// is its real folder joined with its name.
pub(super) fn real_path(path: &Path) -> Result<PathBuf> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    if path.exists() {
        return std::fs::canonicalize(path).map_err(io);
    }
    let name = path.file_name().ok_or_else(|| {
        io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the path names no file",
        ))
    })?;
    let dir = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => std::fs::canonicalize(dir).map_err(io)?,
        None => std::env::current_dir().map_err(io)?,
    };
    Ok(dir.join(name))
}

impl BookLock {
    /// Locks `<real>.lock`; `typed` is the path the person gave, for the
    /// "already open" message. The identity lock follows with
    /// [`BookLock::lock_identity`] once the file exists.
    pub(super) fn take(real: &Path, typed: &Path) -> Result<BookLock> {
        Ok(BookLock {
            _path: exclusive(&lock_path(real), typed)?,
            identity: None,
        })
    }

    /// Locks the file's identity, so the same file reached by another name
    /// (a hard link) is refused. Where the lock folder cannot be made, the
    /// path lock alone guards the book and a warning is logged.
    pub(super) fn lock_identity(&mut self, real: &Path, typed: &Path) -> Result<()> {
        let Some(key) = identity(real).map_err(|source| StoreError::Io {
            path: typed.to_path_buf(),
            source,
        })?
        else {
            return Ok(());
        };
        let dir = crate::paths::data_dir().join("locks");
        if let Err(e) = std::fs::create_dir_all(&dir) {
            log::warn!(
                "cannot make the lock folder {}: {e}; hard links to {} are not guarded",
                dir.display(),
                real.display()
            );
            return Ok(());
        }
        let path = dir.join(format!("{key}.lock"));
        self.identity = Some((identity_lock(&path, typed)?, path));
        Ok(())
    }
}

impl BookLock {
    /// For a read-only opening of a book no writer has open: a shared lock
    /// on its `<real>.lock`, where one exists, so no Genjin writer starts
    /// on it while it is read as immutable. A lock file that does not exist
    /// is not made (a backup folder stays as it is): no writer ever opened
    /// the file by this path. `None` when there is nothing to lock.
    pub(super) fn shared(real: &Path, typed: &Path) -> Result<Option<BookLock>> {
        let path = lock_path(real);
        let file = match File::open(&path) {
            Ok(file) => file,
            Err(_) => return Ok(None),
        };
        match file.try_lock_shared() {
            Ok(()) => Ok(Some(BookLock {
                _path: file,
                identity: None,
            })),
            Err(std::fs::TryLockError::WouldBlock) => {
                Err(StoreError::AlreadyOpen(typed.to_path_buf()))
            }
            Err(std::fs::TryLockError::Error(source)) => Err(StoreError::Io { path, source }),
        }
    }
}

/// The exclusive lock on an identity lock file. Its holder removes it
/// while locked, so a file locked here may have just lost its name: then
/// the name is locked again afresh.
fn identity_lock(path: &Path, typed: &Path) -> Result<File> {
    loop {
        let file = exclusive(path, typed)?;
        if same_file(&file, path) {
            return Ok(file);
        }
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, _path: &Path) -> bool {
    true
}

/// An exclusive lock on the file at `path`, created if missing.
fn exclusive(path: &Path, typed: &Path) -> Result<File> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::AlreadyOpen(typed.to_path_buf())),
        Err(std::fs::TryLockError::Error(source)) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// The file's identity as a lock-file name: device, inode and, where the
/// file system keeps it, its birth time, so a number reused by a new file
/// (another book created as a closing one's file is freed) is a new name.
#[cfg(unix)]
fn identity(real: &Path) -> std::io::Result<Option<String>> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(real)?;
    let born = meta
        .created()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    Ok(Some(format!("{:x}-{:x}-{born:x}", meta.dev(), meta.ino())))
}

/// On Windows: the volume's serial number and the file's index on it,
/// which every hard link to the file shares (NTFS keeps a file's index for
/// its life, so no birth time is needed).
#[cfg(windows)]
fn identity(real: &Path) -> std::io::Result<Option<String>> {
    use std::os::windows::io::AsRawHandle;
    use windows_sys::Win32::Storage::FileSystem::{
        BY_HANDLE_FILE_INFORMATION, GetFileInformationByHandle,
    };
    let file = File::open(real)?;
    // SAFETY: BY_HANDLE_FILE_INFORMATION is plain integers, for which all
    // zero bytes is a valid value.
    let mut info: BY_HANDLE_FILE_INFORMATION = unsafe { std::mem::zeroed() };
    // SAFETY: the handle stays open for the length of the call, and `info`
    // is a live, writable value of the type the call fills in.
    let ok = unsafe { GetFileInformationByHandle(file.as_raw_handle(), &mut info) };
    if ok == 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(Some(format!(
        "{:x}-{:x}{:08x}",
        info.dwVolumeSerialNumber, info.nFileIndexHigh, info.nFileIndexLow
    )))
}

/// Elsewhere the canonical path is the only key.
#[cfg(not(any(unix, windows)))]
fn identity(_real: &Path) -> std::io::Result<Option<String>> {
    Ok(None)
}
