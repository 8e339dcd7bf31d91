//! Removing a database file with its `-wal` and `-shm` siblings, safely: never
//! while another window or program has the book open.

use std::path::{Path, PathBuf};

use crate::store::StoreError;

/// Deletes a database file with its `-wal` and `-shm` siblings, refusing
/// with [`StoreError::AlreadyOpen`] while another window or program holds
/// the file's lock. Files that do not exist are not an error.
pub fn remove_database_files(path: &Path) -> Result<(), StoreError> {
    if path.is_dir() {
        let source = std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "this is a folder, not a database file",
        );
        return Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        });
    }
    // Hold the writer's lock while deleting, so a book in use is never removed.
    // The lock file itself stays: another process may be waiting on it.
    // The writer locks the real file's lock (symlinks resolved).
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let lock_path = crate::store::lock_path(&real);
    let lock = if path.exists() {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|source| StoreError::Io {
                path: lock_path.clone(),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => Some(file),
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(StoreError::AlreadyOpen(path.to_path_buf()));
            }
            Err(std::fs::TryLockError::Error(source)) => {
                return Err(StoreError::Io {
                    path: lock_path,
                    source,
                });
            }
        }
    } else {
        None
    };
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        let file = PathBuf::from(name);
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(StoreError::Io { path: file, source }),
        }
    }
    drop(lock);
    Ok(())
}
