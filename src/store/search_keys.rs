//! The customers' stored pinyin search keys (`name_initials`,
//! `name_pinyin`), recomputed on open when the readings behind them changed
//! since the book last saw them ([`READINGS_VERSION`]): a name with 𠮷 saved
//! before its reading was known becomes findable by `jt` then.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use super::settings::upsert_setting;
use crate::domain::search::{READINGS_VERSION, pinyin_keys};

/// The readings version the stored keys were computed with.
const KEY: &str = "search_keys_version";

/// Recomputes every customer's keys if the book's keys are older than the
/// readings; one transaction, cards whose keys do not change are not written.
/// Returns how many cards got new keys.
pub(super) fn refresh(conn: &mut Connection) -> Result<usize> {
    let stored: Option<u32> = conn
        .query_row("SELECT value FROM settings WHERE key=?1", [KEY], |r| {
            r.get::<_, String>(0)
        })
        .optional()?
        .and_then(|v| v.parse().ok());
    if stored.is_some_and(|v| v >= READINGS_VERSION) {
        return Ok(0);
    }
    let tx = conn.transaction()?;
    let mut changed = 0;
    {
        let mut read = tx.prepare("SELECT id, name, name_initials, name_pinyin FROM customers")?;
        let mut write =
            tx.prepare("UPDATE customers SET name_initials=?2, name_pinyin=?3 WHERE id=?1")?;
        let mut rows = read.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let name: String = r.get(1)?;
            let (initials, full) = pinyin_keys(&name);
            if r.get_ref(2)?.as_str().ok() != Some(initials.as_str())
                || r.get_ref(3)?.as_str().ok() != Some(full.as_str())
            {
                write.execute(params![id, initials, full])?;
                changed += 1;
            }
        }
    }
    upsert_setting(&tx, KEY, &READINGS_VERSION.to_string())?;
    tx.commit()?;
    if changed > 0 {
        log::info!("recomputed the pinyin search keys of {changed} customers");
    }
    Ok(changed)
}
