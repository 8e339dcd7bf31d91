//! Telling a Genjin book from any other file with pure reads, before
//! anything is written: Genjin's `application_id` in the SQLite header, or,
//! for books made before it was written, a schema version Genjin knows
//! together with Genjin's core tables. Everything else is refused untouched.

use rusqlite::Connection;

/// Genjin's mark in the SQLite header (`PRAGMA application_id`): "GENJ".
pub const APPLICATION_ID: i32 = 0x4745_4E4A;

/// Tables every Genjin book has had since its first version.
const CORE_TABLES: [&str; 2] = ["customers", "settings"];

/// What a file opened as a database turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A database with nothing in it that Genjin itself just created.
    New,
    /// A Genjin book at this schema version.
    Ours { version: i64, stamped: bool },
    /// A Genjin book from a newer Genjin.
    TooNew,
    /// Anything else: another program's database, an empty SQLite file.
    Foreign,
}

/// Reads the header and the table list; writes nothing. `created` says
/// whether Genjin created the file a moment ago; `latest` is the newest
/// schema version this Genjin knows.
pub(super) fn recognise(conn: &Connection, created: bool, latest: i64) -> rusqlite::Result<Kind> {
    // Reading the schema first surfaces "not a database" and damage.
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )?;
    let tables = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let has_core = CORE_TABLES.iter().all(|t| tables.iter().any(|n| n == t));
    Ok(match app_id {
        APPLICATION_ID if version > latest => Kind::TooNew,
        APPLICATION_ID if version > 0 && !has_core => Kind::Foreign,
        APPLICATION_ID => Kind::Ours {
            version,
            stamped: true,
        },
        0 if created && version == 0 && tables.is_empty() => Kind::New,
        0 if (1..=latest).contains(&version) && has_core => Kind::Ours {
            version,
            stamped: false,
        },
        _ => Kind::Foreign,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(setup: &str, created: bool) -> Kind {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(setup).unwrap();
        recognise(&conn, created, 9).unwrap()
    }

    #[test]
    fn only_genjin_books_are_recognised() {
        let core = "CREATE TABLE customers (id INTEGER); CREATE TABLE settings (k TEXT);";
        assert_eq!(kind("", true), Kind::New);
        assert_eq!(kind("", false), Kind::Foreign, "an existing empty database");
        assert_eq!(
            kind(&format!("{core} PRAGMA user_version = 9;"), false),
            Kind::Ours {
                version: 9,
                stamped: false
            }
        );
        assert_eq!(kind(core, false), Kind::Foreign, "version 0 with tables");
        assert_eq!(
            kind(
                "CREATE TABLE orders (id INTEGER); PRAGMA user_version = 3;",
                false
            ),
            Kind::Foreign
        );
        assert_eq!(
            kind(&format!("{core} PRAGMA user_version = 12;"), false),
            Kind::Foreign,
            "unstamped and beyond our versions"
        );
        assert_eq!(
            kind(
                &format!("{core} PRAGMA user_version = 12; PRAGMA application_id = 1195724362;"),
                false
            ),
            Kind::TooNew
        );
        assert_eq!(
            kind("PRAGMA application_id = 1195724362;", false),
            Kind::Ours {
                version: 0,
                stamped: true
            },
            "created and stamped by Genjin, then interrupted before the schema"
        );
        assert_eq!(
            kind(
                &format!("{core} PRAGMA user_version = 4; PRAGMA application_id = 7;"),
                false
            ),
            Kind::Foreign
        );
    }
}
