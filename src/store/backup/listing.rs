//! Listing a backup folder without changing anything in it: names only
//! (`dates`), or each file opened read-only and immutable (`list`).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags};

use super::{Reason, parse_file_name};
use crate::store::{Result, StoreError};

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
pub(super) fn open_finished(path: &Path) -> Result<Connection> {
    let read_only = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = match file_uri(path) {
        Some(uri) => Connection::open_with_flags(
            format!("{uri}?immutable=1"),
            read_only | OpenFlags::SQLITE_OPEN_URI,
        ),
        None => Connection::open_with_flags(path, read_only),
    };
    conn.map_err(|e| crate::store::classify(e, path))
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

#[cfg(test)]
mod tests {
    use super::*;

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
