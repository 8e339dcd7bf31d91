//! Shop-wide settings kept in the database (they travel with the shop's
//! file). Per-user UI preferences such as the language live in eframe's
//! storage instead.

use rusqlite::{OptionalExtension, params};

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

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn().execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            params![key, value],
        )?;
        Ok(())
    }
}
