//! Photo evidence for complaints, stored inside the book: the picture's bytes
//! sit in `attachment_blobs` under their content name (`<sha256>.<ext>`), and
//! `complaint_attachments` links cases to them. The original file is only
//! read; the same photo added twice is stored once; a backup of the book
//! carries its photos; and no file is ever written or deleted for a photo.
//! Books made before photos moved in had them in `<book>-attachments/`:
//! [`load_legacy_photos`] copies the ones that check out into the book once,
//! when the book is upgraded, and leaves that folder as it is.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use super::codec::{datetime_text, now, parse_datetime};
use super::{Result, Store, StoreError};
use crate::domain::complaint::ComplaintId;

/// The largest photo the book takes, in bytes (20 MB).
pub const MAX_PHOTO_BYTES: u64 = 20 * 1024 * 1024;

/// The extensions a stored photo's name may have.
pub const PHOTO_EXTENSIONS: [&str; 6] = ["jpg", "jpeg", "png", "webp", "gif", "bmp"];

/// One photo of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: i64,
    pub complaint_id: ComplaintId,
    /// The content name, `<sha256>.<ext>`; its bytes come from
    /// [`Store::attachment_bytes`].
    pub file_name: String,
    /// The file's name where it came from, for display.
    pub original_name: String,
    pub added_at: NaiveDateTime,
}

/// Whether `name` is a content name: 64 lowercase hex digits, a dot and an
/// extension from [`PHOTO_EXTENSIONS`] (so no path separator, no `..`).
pub fn is_content_name(name: &str) -> bool {
    let Some((hash, ext)) = name.split_once('.') else {
        return false;
    };
    hash.len() == 64
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && PHOTO_EXTENSIONS.contains(&ext)
}

/// The extension a picture is stored under, from its content; `None` for
/// anything that is not a picture of a kind the book keeps.
fn picture_extension(bytes: &[u8]) -> Option<&'static str> {
    use image::ImageFormat;
    match image::guess_format(bytes).ok()? {
        ImageFormat::Jpeg => Some("jpg"),
        ImageFormat::Png => Some("png"),
        ImageFormat::WebP => Some("webp"),
        ImageFormat::Gif => Some("gif"),
        ImageFormat::Bmp => Some("bmp"),
        _ => None,
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads at most [`MAX_PHOTO_BYTES`] of `path`; `Ok(None)` when it is larger.
fn read_capped(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_PHOTO_BYTES + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_PHOTO_BYTES).then_some(bytes))
}

impl Store {
    /// Stores the picture at `source` in the book and links it to the case,
    /// in one transaction. Anything that is not a picture, or is larger than
    /// [`MAX_PHOTO_BYTES`], is refused. Adding a photo the case already has
    /// returns the existing attachment.
    pub fn add_attachment(&mut self, complaint: ComplaintId, source: &Path) -> Result<Attachment> {
        let bytes = read_capped(source)
            .map_err(|e| StoreError::Io {
                path: source.to_path_buf(),
                source: e,
            })?
            .ok_or_else(|| StoreError::PictureTooLarge {
                path: source.to_path_buf(),
                limit_mb: MAX_PHOTO_BYTES / (1024 * 1024),
            })?;
        let ext = picture_extension(&bytes)
            .ok_or_else(|| StoreError::NotAPicture(source.to_path_buf()))?;
        let file_name = format!("{}.{ext}", sha256_hex(&bytes));
        let original_name = source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO attachment_blobs (name, bytes) VALUES (?1, ?2) \
             ON CONFLICT(name) DO NOTHING",
            params![file_name, bytes],
        )?;
        tx.execute(
            "INSERT INTO complaint_attachments (complaint_id, file_name, original_name, added_at) \
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT(complaint_id, file_name) DO NOTHING",
            params![complaint, file_name, original_name, datetime_text(now())],
        )?;
        tx.commit()?;
        self.attachments(complaint)?
            .into_iter()
            .find(|a| a.file_name == file_name)
            .ok_or(StoreError::NotFound(complaint))
    }

    /// A case's photos, in the order they were added.
    pub fn attachments(&self, complaint: ComplaintId) -> Result<Vec<Attachment>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, file_name, original_name, added_at FROM complaint_attachments \
             WHERE complaint_id=?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([complaint], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, file_name, original_name, added_at) = row?;
            out.push(Attachment {
                id,
                complaint_id: complaint,
                file_name,
                original_name,
                added_at: parse_datetime(&added_at)?,
            });
        }
        Ok(out)
    }

    /// The stored bytes of a photo by its content name; `None` when the book
    /// has none under that name (a photo of an older book that could not be
    /// loaded).
    pub fn attachment_bytes(&self, file_name: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT bytes FROM attachment_blobs WHERE name=?1",
                [file_name],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Unlinks a photo from its case; its bytes go with the last link (a
    /// trigger of the schema deletes the blob row, never a file).
    pub fn remove_attachment(&mut self, id: i64) -> Result<()> {
        if self
            .conn()
            .execute("DELETE FROM complaint_attachments WHERE id=?1", [id])?
            == 0
        {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }
}

/// The folder older books kept their photos in, beside the book.
fn legacy_folder(book: &Path) -> Option<PathBuf> {
    let stem = book.file_stem()?.to_string_lossy().into_owned();
    Some(book.with_file_name(format!("{stem}-attachments")))
}

/// The migration hook that moves an older book's photos in: every linked
/// photo whose name is a content name, whose file in `<book>-attachments/`
/// is a regular file (a symlink is never followed) within the size cap, and
/// whose SHA-256 matches its name is stored in the book. Nothing in the
/// folder is changed or deleted; what was loaded or skipped is logged.
pub(super) fn load_legacy_photos(tx: &Transaction) -> rusqlite_migration::HookResult {
    let Some(book) = tx.path().filter(|p| !p.is_empty()).map(PathBuf::from) else {
        return Ok(());
    };
    let Some(folder) = legacy_folder(&book) else {
        return Ok(());
    };
    let names: Vec<String> = {
        let mut stmt = tx.prepare(
            "SELECT DISTINCT file_name FROM complaint_attachments \
             WHERE file_name NOT IN (SELECT name FROM attachment_blobs) ORDER BY file_name",
        )?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    let mut loaded = 0;
    for name in &names {
        match legacy_photo(&folder, name) {
            Ok(bytes) => {
                tx.execute(
                    "INSERT INTO attachment_blobs (name, bytes) VALUES (?1, ?2)",
                    params![name, bytes],
                )?;
                loaded += 1;
                log::info!(
                    "photo {name} loaded into the book from {}",
                    folder.display()
                );
            }
            Err(why) => log::warn!(
                "photo {name:?} of the book not loaded from {}: {why}; the folder is left as it is",
                folder.display()
            ),
        }
    }
    if !names.is_empty() {
        log::info!(
            "{loaded} of {} linked photos loaded into {} from {}",
            names.len(),
            book.display(),
            folder.display()
        );
    }
    Ok(())
}

/// One photo of an older book, read only if it checks out.
fn legacy_photo(folder: &Path, name: &str) -> std::result::Result<Vec<u8>, String> {
    if !is_content_name(name) {
        return Err("the name is not a photo's content name".into());
    }
    let path = folder.join(name);
    let meta = std::fs::symlink_metadata(&path).map_err(|e| e.to_string())?;
    if !meta.file_type().is_file() {
        return Err("not a regular file".into());
    }
    let bytes = read_capped(&path)
        .map_err(|e| e.to_string())?
        .ok_or("larger than the photo size limit")?;
    // Checked again after reading: the file must not have become a link.
    let after = std::fs::symlink_metadata(&path).map_err(|e| e.to_string())?;
    if !after.file_type().is_file() {
        return Err("not a regular file".into());
    }
    if name.get(..64) != Some(sha256_hex(&bytes).as_str()) {
        return Err("the content does not match its name".into());
    }
    Ok(bytes)
}
