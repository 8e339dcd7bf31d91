//! Shop-wide settings kept in the database (they travel with the shop's
//! file). Per-user UI preferences such as the language live in eframe's
//! storage instead.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, Store};

/// Setting keys, in one place.
pub mod keys {
    pub const SHOP_NAME: &str = "shop_name";
    pub const DEMO: &str = "demo";
}

impl Store {
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row("SELECT value FROM settings WHERE key=?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// The shop's name as set in Settings; empty when not set or unreadable
    /// (it only decorates headings and greetings).
    /// The shop's name, empty when unset (or unreadable: that is logged,
    /// since a missing name only changes a heading and a greeting).
    pub fn shop_name(&self) -> String {
        match self.setting(keys::SHOP_NAME) {
            Ok(name) => name.unwrap_or_default(),
            Err(e) => {
                log::warn!("cannot read the shop name: {e}");
                String::new()
            }
        }
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        upsert_setting(self.conn(), key, value)
    }
}

/// The one write for settings, shared with bulk writes.
pub(super) fn upsert_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

/// Removes a setting, so that its default applies again.
pub(super) fn delete_setting(conn: &Connection, key: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM settings WHERE key=?1")?
        .execute([key])?;
    Ok(())
}
