//! `genjin backup`, `genjin backups` and `genjin restore` run as the binary:
//! a backup is listed, a restore round trip, refused files, and a listing
//! that changes no byte and works in a read-only folder.

use std::path::{Path, PathBuf};

use crate::output as genjin;
use genjin::domain::customer::Customer;
use genjin::store::Store;
use serde_json::Value;
use sha2::{Digest, Sha256};
use tempfile::TempDir;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// A demo book of `customers` customers at `dir/shop.sqlite`.
fn demo_book(dir: &TempDir, customers: &str) -> PathBuf {
    let db = dir.path().join("shop.sqlite");
    let o = genjin(&[
        "demo",
        "--db",
        path_str(&db),
        "--customers",
        customers,
        "--seed",
        "5",
        "--today",
        "2026-11-23",
    ]);
    assert!(o.status.success(), "demo failed: {}", text(&o.stderr));
    db
}

fn customer_count(db: &Path) -> i64 {
    let o = genjin(&["customers", "--db", path_str(db), "--json"]);
    assert!(o.status.success(), "customers failed: {}", text(&o.stderr));
    match serde_json::from_slice(&o.stdout).expect("valid JSON") {
        Value::Array(items) => i64::try_from(items.len()).expect("a small count"),
        other => panic!("expected a JSON array, got {other}"),
    }
}

fn backup(db: &Path) -> PathBuf {
    let o = genjin(&["backup", "--db", path_str(db)]);
    assert!(o.status.success(), "backup failed: {}", text(&o.stderr));
    PathBuf::from(text(&o.stdout).trim())
}

fn backups_json(db: &Path) -> Vec<Value> {
    let o = genjin(&["backups", "--db", path_str(db), "--json"]);
    assert!(o.status.success(), "backups failed: {}", text(&o.stderr));
    match serde_json::from_slice(&o.stdout).expect("valid JSON") {
        Value::Array(items) => items,
        other => panic!("expected a JSON array, got {other}"),
    }
}

/// Every file under `dir` (recursively) with the SHA-256 of its bytes.
fn hashes(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("a readable folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("a readable file");
                found.push((path, Sha256::digest(&bytes).to_vec()));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn a_backup_is_written_into_the_backup_folder_and_listed() {
    let dir = TempDir::new().unwrap();
    let db = demo_book(&dir, "30");
    let written = backup(&db);
    assert_eq!(written.parent().unwrap(), dir.path().join("shop-backups"));
    let name = written.file_name().unwrap().to_str().unwrap();
    assert!(
        name.starts_with("shop-") && name.ends_with("-manual.sqlite"),
        "{name}"
    );
    assert!(written.is_file());

    let listed = backups_json(&db);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["file"], path_str(&written));
    assert_eq!(listed[0]["reason"], "manual");
    assert_eq!(listed[0]["customers"], customer_count(&db));
    assert!(listed[0]["schema_version"].as_i64().unwrap() > 0);
    assert!(listed[0]["error"].is_null());

    let o = genjin(&["backups", "--db", path_str(&db)]);
    assert!(o.status.success());
    let table = text(&o.stdout);
    assert!(table.starts_with("DATE"), "{table}");
    assert!(table.contains("manual") && table.contains(path_str(&written)));

    let elsewhere = dir.path().join("stick");
    let o = genjin(&[
        "backup",
        "--db",
        path_str(&db),
        "--to",
        path_str(&elsewhere),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let copy = PathBuf::from(text(&o.stdout).trim());
    assert_eq!(copy.parent().unwrap(), elsewhere);
    assert!(copy.is_file());
}

#[test]
fn a_restore_needs_yes_and_brings_the_backup_back() {
    let dir = TempDir::new().unwrap();
    let db = demo_book(&dir, "30");
    let before = customer_count(&db);
    let saved = backup(&db);
    {
        let mut store = Store::open(&db).unwrap();
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        store
            .save_customer(&Customer::new("备份后新客", at))
            .unwrap();
    }
    assert_eq!(customer_count(&db), before + 1);

    let o = genjin(&["restore", path_str(&saved), "--db", path_str(&db)]);
    assert!(!o.status.success(), "restore without --yes must fail");
    assert!(text(&o.stderr).contains("--yes"), "{}", text(&o.stderr));
    let preview = text(&o.stdout);
    assert!(
        preview.contains(&format!("customers:       {before}")),
        "{preview}"
    );
    assert_eq!(customer_count(&db), before + 1, "nothing changed");

    let o = genjin(&["restore", path_str(&saved), "--db", path_str(&db), "--yes"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let safety = out
        .lines()
        .find_map(|l| l.strip_prefix("safety backup: "))
        .expect("the safety backup is named");
    assert!(safety.ends_with("-before-restore.sqlite"), "{safety}");
    assert_eq!(customer_count(&db), before);

    let reasons: Vec<String> = backups_json(&db)
        .iter()
        .map(|b| b["reason"].as_str().unwrap().to_string())
        .collect();
    assert!(reasons.contains(&"before-restore".to_string()));
    let o = genjin(&["check", "--db", path_str(&db)]);
    assert!(o.status.success(), "{}", text(&o.stdout));
}

#[test]
fn a_restore_refuses_a_file_that_is_not_a_book_or_is_too_new() {
    let dir = TempDir::new().unwrap();
    let db = demo_book(&dir, "10");
    let before = std::fs::read(&db).unwrap();
    let notes = dir.path().join("notes.sqlite");
    std::fs::write(&notes, "这不是数据库").unwrap();
    let o = genjin(&["restore", path_str(&notes), "--db", path_str(&db), "--yes"]);
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("not a Genjin book"),
        "{}",
        text(&o.stderr)
    );

    let newer = backup(&db);
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 999")
        .unwrap();
    let o = genjin(&["restore", path_str(&newer), "--db", path_str(&db), "--yes"]);
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("newer version"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(std::fs::read(&db).unwrap(), before, "the book is untouched");
    assert_eq!(backups_json(&db).len(), 1, "no safety backup was taken");
}

#[test]
fn listing_backups_changes_no_byte_and_works_in_a_read_only_folder() {
    let dir = TempDir::new().unwrap();
    let db = demo_book(&dir, "10");
    backup(&db);
    backup(&db);
    let before = hashes(dir.path());
    let listed = backups_json(&db);
    assert!(!listed.is_empty());
    assert_eq!(hashes(dir.path()), before, "listing changed a file");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // SAFETY: geteuid has no preconditions and cannot fail.
        if unsafe { libc::geteuid() } == 0 {
            eprintln!("running as root: chmod does not stop root, skipping the read-only part");
            return;
        }
        let folders = [dir.path().join("shop-backups"), dir.path().to_path_buf()];
        for folder in &folders {
            std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o555)).unwrap();
        }
        let o = genjin(&["backups", "--db", path_str(&db), "--json"]);
        for folder in &folders {
            std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        assert!(o.status.success(), "{}", text(&o.stderr));
        let read_only: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(read_only.as_array().unwrap().len(), listed.len());
        assert!(read_only[0]["error"].is_null(), "{read_only}");
        assert_eq!(hashes(dir.path()), before);
    }
}
