//! A backup killed part-way (`kill -9`) never leaves a partial file under a
//! backup's final name: every backup listed passes the integrity check,
//! and the book itself is untouched.

use std::path::Path;
use std::time::Duration;

use genjin::store::backup::{self, default_folder};
use rusqlite::{Connection, OpenFlags};
use tempfile::TempDir;

/// Customers in the generated book: about 15 MB, a backup of a few hundred
/// milliseconds in a debug build, so most kills land mid-way.
const CUSTOMERS: &str = "10000";

/// When each run is killed, in milliseconds after it started.
const KILL_AFTER_MS: [u64; 12] = [2, 10, 25, 40, 60, 80, 110, 140, 180, 230, 300, 400];

fn integrity(path: &Path) -> String {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("the file opens read-only");
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap_or_else(|e| e.to_string())
}

fn customers(path: &Path) -> i64 {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("the book opens read-only");
    conn.query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
        .expect("the book counts its customers")
}

#[test]
fn a_backup_killed_midway_leaves_no_partial_file_under_a_final_name() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("shop.sqlite");
    let d = db.to_str().unwrap();
    let demo = crate::genjin()
        .args([
            "demo",
            "--db",
            d,
            "--customers",
            CUSTOMERS,
            "--today",
            "2026-11-23",
        ])
        .output()
        .unwrap();
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let before = customers(&db);

    let mut killed = 0;
    for ms in KILL_AFTER_MS {
        let mut child = crate::genjin()
            .args(["backup", "--db", d])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(ms));
        // SIGKILL on unix: no destructor, no clean-up runs.
        if child.kill().is_ok() {
            killed += 1;
        }
        child.wait().unwrap();

        for listed in backup::list(&default_folder(&db), "shop").unwrap() {
            assert!(
                listed.contents.is_ok(),
                "after a kill at {ms} ms, {} is unreadable: {:?}",
                listed.path.display(),
                listed.contents
            );
            assert_eq!(integrity(&listed.path), "ok", "{}", listed.path.display());
        }
        assert_eq!(integrity(&db), "ok", "the book after a kill at {ms} ms");
        assert_eq!(customers(&db), before);
    }
    assert!(killed > 0, "no run was killed: the test proved nothing");

    // A backup after all that still works and is complete.
    let o = crate::genjin()
        .args(["backup", "--db", d])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let written = String::from_utf8_lossy(&o.stdout).trim().to_string();
    assert_eq!(integrity(Path::new(&written)), "ok");
    assert_eq!(customers(Path::new(&written)), before);
}
