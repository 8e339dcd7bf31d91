//! Drafts: what the user typed but has not saved yet, written a second after
//! each change so a crash or power cut loses almost nothing. A draft is
//! deleted when its work is saved or deliberately discarded.

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, params};

use super::codec::{datetime_text, now, parse_datetime};
use super::{Result, Store};

/// Draft kinds, in one place.
pub mod kinds {
    /// The customer card being edited (key: `current`).
    pub const CUSTOMER_CARD: &str = "customer_card";
    /// A complaint's typed dates and amounts as typed (key: the case id).
    pub const COMPLAINT: &str = "complaint";
    /// The feedback card being designed (key: `current`).
    pub const FEEDBACK_CARD: &str = "feedback_card";
    /// The feedback response being typed in (key: `current`).
    pub const FEEDBACK_RESPONSE: &str = "feedback_response";
}

/// A stored draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub body: String,
    pub saved_at: NaiveDateTime,
}

impl Store {
    /// Writes a draft without waiting: while another connection (a long
    /// import) holds the write lock this fails at once with a busy error,
    /// and the caller simply tries again later, rather than freezing the
    /// window for the usual busy timeout.
    pub fn save_draft(&mut self, kind: &str, key: &str, body: &str) -> Result<()> {
        let conn = self.conn();
        conn.busy_timeout(std::time::Duration::ZERO)?;
        let result = conn.execute(
            "INSERT INTO drafts (kind, key, body, saved_at) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT(kind, key) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at",
            params![kind, key, body, datetime_text(now())],
        );
        conn.busy_timeout(super::BUSY_TIMEOUT)?;
        self.draft_changes += result? as u64;
        Ok(())
    }

    pub fn draft(&self, kind: &str, key: &str) -> Result<Option<Draft>> {
        let row: Option<(String, String)> = self
            .conn()
            .query_row(
                "SELECT body, saved_at FROM drafts WHERE kind = ?1 AND key = ?2",
                [kind, key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        row.map(|(body, saved_at)| {
            Ok(Draft {
                body,
                saved_at: parse_datetime(&saved_at)?,
            })
        })
        .transpose()
    }

    pub fn delete_draft(&mut self, kind: &str, key: &str) -> Result<()> {
        let deleted = self.conn().execute(
            "DELETE FROM drafts WHERE kind = ?1 AND key = ?2",
            [kind, key],
        )?;
        self.draft_changes += deleted as u64;
        Ok(())
    }
}
