//! Writing a file so that it is either complete or not there: the content
//! goes to `<file>.partial`, is flushed and synced to disk, then renamed over
//! the target. On any error the partial file is removed and an existing
//! target is left as it was. Depends on nothing of ours, so every layer may
//! use it.

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The temporary file a write to `path` goes through: `<path>.partial`.
pub fn partial_path(path: &Path) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(".partial");
    PathBuf::from(name)
}

/// Writes `path` through [`partial_path`]: `fill` writes into a buffered
/// writer on the partial file, which is then flushed, synced and renamed
/// over `path`. When `fill` or any step fails, the partial file is removed
/// and the error returned; `path` keeps its old content (or stays absent).
pub fn write_file<T, E>(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<io::Error>,
{
    let partial = partial_path(path);
    let result = (|| {
        let mut out = BufWriter::new(File::create(&partial)?);
        let value = fill(&mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&partial, path)?;
        Ok(value)
    })();
    if result.is_err() {
        remove_partial(&partial);
    }
    result
}

/// Replaces `path` with a file that `make` creates at the path it is given
/// (for writers that want a path rather than a stream, such as SQLite's
/// `VACUUM INTO`). A stale partial file is removed first; the made file is
/// synced and renamed over `path`, and removed on any error.
pub fn replace_with<T, E>(path: &Path, make: impl FnOnce(&Path) -> Result<T, E>) -> Result<T, E>
where
    E: From<io::Error>,
{
    let partial = partial_path(path);
    remove_partial(&partial);
    let result = (|| {
        let value = make(&partial)?;
        sync_file(&partial)?;
        fs::rename(&partial, path)?;
        Ok(value)
    })();
    if result.is_err() {
        remove_partial(&partial);
    }
    result
}

/// Syncs a closed file's content to the disk. The file is opened for
/// writing: on Windows `FlushFileBuffers` refuses a read-only handle with
/// "Access denied", which once failed every backup there.
pub fn sync_file(path: &Path) -> io::Result<()> {
    fs::OpenOptions::new().write(true).open(path)?.sync_all()
}

/// Removes a partial file if it is there; a failure is logged, as the
/// write's own error (if any) is the one the caller reports.
fn remove_partial(partial: &Path) {
    match fs::remove_file(partial) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => log::warn!("could not remove {}: {e}", partial.display()),
    }
}

/// Writes `bytes` to `path` through [`write_file`].
pub fn write_bytes(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_file(path, |out| out.write_all(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_partial_file_sits_beside_the_target() {
        assert_eq!(
            partial_path(Path::new("/tmp/out.csv")),
            PathBuf::from("/tmp/out.csv.partial")
        );
    }

    #[test]
    fn syncing_a_file_keeps_its_content_and_needs_the_file() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("copy.sqlite");
        fs::write(&path, "整本账").unwrap();
        sync_file(&path).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "整本账");
        let missing = sync_file(&dir.path().join("missing")).unwrap_err();
        assert_eq!(missing.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn a_successful_write_replaces_the_target_and_leaves_no_partial() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("out.txt");
        fs::write(&path, "old").unwrap();
        let n = write_file(&path, |out| {
            out.write_all("新内容".as_bytes())?;
            Ok::<_, io::Error>(3)
        })
        .unwrap();
        assert_eq!(n, 3);
        assert_eq!(fs::read_to_string(&path).unwrap(), "新内容");
        assert!(!partial_path(&path).exists());
        write_bytes(&path, b"bytes").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"bytes");
    }

    #[test]
    fn an_error_in_the_closure_keeps_the_old_target_and_leaves_no_partial() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("out.txt");
        fs::write(&path, "old").unwrap();
        let result = write_file(&path, |out| {
            out.write_all(b"half a file")?;
            Err::<(), _>(io::Error::other("the data ran out"))
        });
        assert_eq!(result.unwrap_err().to_string(), "the data ran out");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert!(!partial_path(&path).exists());

        let fresh = dir.path().join("fresh.txt");
        let result = write_file(&fresh, |_| Err::<(), _>(io::Error::other("no")));
        assert!(result.is_err());
        assert!(!fresh.exists() && !partial_path(&fresh).exists());
    }

    #[test]
    fn a_missing_folder_is_an_error_and_leaves_nothing() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("missing").join("out.txt");
        assert!(write_bytes(&path, b"x").is_err());
        assert!(!path.exists() && !partial_path(&path).exists());
    }

    #[test]
    fn replace_with_renames_what_it_made_and_cleans_up_after_an_error() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("copy.db");
        fs::write(partial_path(&path), "stale").unwrap();
        replace_with(&path, |partial| {
            assert!(!partial.exists(), "a stale partial is removed first");
            fs::write(partial, "copy")
        })
        .unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "copy");
        assert!(!partial_path(&path).exists());

        let result = replace_with(&path, |partial| {
            fs::write(partial, "half")?;
            Err::<(), _>(io::Error::other("failed"))
        });
        assert!(result.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "copy");
        assert!(!partial_path(&path).exists());
    }
}
