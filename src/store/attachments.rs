//! Photo evidence for complaints. A picture is copied into a folder beside
//! the database (`<book>-attachments/`) under the SHA-256 of its content, so
//! the original stays untouched, the same photo added twice is stored once,
//! and a backup of the folder is a plain file copy.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::codec::{datetime_text, now, parse_datetime};
use super::{Result, Store, StoreError};
use crate::atomic_write;
use crate::domain::complaint::ComplaintId;

/// One stored photo of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: i64,
    pub complaint_id: ComplaintId,
    /// `<sha256>.<ext>` inside the attachments folder.
    pub file_name: String,
    /// The file's name where it came from, for display.
    pub original_name: String,
    pub added_at: NaiveDateTime,
    pub path: PathBuf,
}

impl Store {
    /// The folder that holds this book's attachments (none for a book in
    /// memory).
    pub fn attachments_dir(&self) -> Option<PathBuf> {
        let path = self.path()?;
        let stem = path.file_stem()?.to_string_lossy().into_owned();
        Some(path.with_file_name(format!("{stem}-attachments")))
    }

    /// Copies `source` into the attachments folder and links it to the case.
    /// Adding a file the case already has returns the existing attachment.
    pub fn add_attachment(&mut self, complaint: ComplaintId, source: &Path) -> Result<Attachment> {
        let dir = self.attachments_dir().ok_or_else(|| StoreError::Io {
            path: source.to_path_buf(),
            source: std::io::Error::other("the book is not stored in a file"),
        })?;
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| StoreError::Io { path, source }
        };
        let bytes = std::fs::read(source).map_err(io(source))?;
        let hash = Sha256::digest(&bytes);
        let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
        let ext = source
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .filter(|e| !e.is_empty() && e.chars().all(|c| c.is_ascii_alphanumeric()))
            .unwrap_or_else(|| "bin".into());
        let file_name = format!("{hex}.{ext}");
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        let target = dir.join(&file_name);
        if !target.is_file() {
            // Written under a temporary name and renamed, so a crash never
            // leaves half a photo under the real name.
            atomic_write::write_bytes(&target, &bytes).map_err(io(&target))?;
        }
        let original_name = source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.conn().execute(
            "INSERT INTO complaint_attachments (complaint_id, file_name, original_name, added_at) \
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT(complaint_id, file_name) DO NOTHING",
            params![complaint, file_name, original_name, datetime_text(now())],
        )?;
        self.attachments(complaint)?
            .into_iter()
            .find(|a| a.file_name == file_name)
            .ok_or(StoreError::NotFound(complaint))
    }

    /// A case's photos, in the order they were added.
    pub fn attachments(&self, complaint: ComplaintId) -> Result<Vec<Attachment>> {
        let dir = self.attachments_dir().unwrap_or_default();
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
                path: dir.join(&file_name),
                file_name,
                original_name,
                added_at: parse_datetime(&added_at)?,
            });
        }
        Ok(out)
    }

    /// Unlinks a photo from its case; the file goes when no case uses it.
    pub fn remove_attachment(&mut self, id: i64) -> Result<()> {
        let file: Option<String> = self
            .conn()
            .query_row(
                "SELECT file_name FROM complaint_attachments WHERE id=?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        let file = file.ok_or(StoreError::NotFound(id))?;
        self.conn()
            .execute("DELETE FROM complaint_attachments WHERE id=?1", [id])?;
        self.remove_attachment_file_if_unused(&file)
    }

    pub(super) fn remove_attachment_file_if_unused(&self, file_name: &str) -> Result<()> {
        let users: i64 = self.conn().query_row(
            "SELECT count(*) FROM complaint_attachments WHERE file_name=?1",
            [file_name],
            |r| r.get(0),
        )?;
        if users == 0
            && let Some(dir) = self.attachments_dir()
        {
            let path = dir.join(file_name);
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => return Err(StoreError::Io { path, source }),
            }
        }
        Ok(())
    }
}
