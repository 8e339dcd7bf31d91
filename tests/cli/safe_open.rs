//! The command line never changes a file it was not meant to: another
//! program's database, an empty file and a backup read by `check` stay byte
//! for byte as they were, with no WAL files left beside them.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::output as genjin;
use tempfile::TempDir;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The file's bytes, after checking no WAL files are left beside it.
fn untouched_bytes(path: &Path) -> Vec<u8> {
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        assert!(
            !PathBuf::from(name).exists(),
            "{suffix} was left beside {}",
            path.display()
        );
    }
    std::fs::read(path).expect("the test setup works")
}

fn csv(dir: &TempDir) -> String {
    let file = dir.path().join("customers.csv");
    std::fs::write(&file, "姓名,手机\n张三,13800138000\n").expect("the test setup works");
    file.to_str().expect("the test setup works").to_string()
}

/// Every command that opens a book, on `db`: each must fail, naming it.
fn refused_by_every_command(dir: &TempDir, db: &str, mentions: &str) {
    let input = csv(dir);
    let out = dir.path().join("out.csv");
    let out = out.to_str().expect("the test setup works");
    for args in [
        vec!["customers", "--db", db],
        vec!["check", "--db", db],
        vec!["import", "customers", &input, "--db", db],
        vec!["import", "customers", &input, "--db", db, "--dry-run"],
        vec!["export", "customers", out, "--db", db],
    ] {
        let o = genjin(&args);
        assert!(!o.status.success(), "{args:?} succeeded");
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(err.contains(mentions), "{args:?}: {err}");
        assert!(err.contains("nothing was changed"), "{args:?}: {err}");
    }
}

#[test]
fn another_programs_database_is_refused_by_every_command_and_left_as_it_was() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("pos.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL);
             INSERT INTO orders (total) VALUES (12.5);",
        )
        .unwrap();
    }
    let before = untouched_bytes(&path);
    refused_by_every_command(&dir, path.to_str().unwrap(), "not a Genjin book");
    assert_eq!(untouched_bytes(&path), before);
}

#[test]
fn an_empty_file_is_refused_by_every_command_and_stays_empty() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("shop.sqlite");
    std::fs::write(&path, b"").unwrap();
    refused_by_every_command(&dir, path.to_str().unwrap(), "is empty");
    assert_eq!(untouched_bytes(&path), Vec::<u8>::new());
}

fn demo(path: &Path) {
    let o = genjin(&[
        "demo",
        "--db",
        path.to_str().expect("the test setup works"),
        "--customers",
        "40",
        "--today",
        "2026-11-23",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn check_leaves_a_backup_byte_for_byte_unchanged() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("backup.sqlite");
    demo(&path);
    let before = untouched_bytes(&path);
    let listing = || {
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    };
    let listed = listing();
    let p = path.to_str().unwrap();
    for args in [vec!["check", "--db", p], vec!["customers", "--db", p]] {
        let o = genjin(&args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert_eq!(untouched_bytes(&path), before, "{args:?} changed the file");
    }
    assert_eq!(listing(), listed, "nothing was added beside it");
}

#[cfg(unix)]
#[test]
fn check_works_on_a_book_in_a_read_only_folder() {
    use std::os::unix::fs::PermissionsExt;
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        // Root writes anywhere: the folder would not be read-only.
        return;
    }
    let dir = TempDir::new().unwrap();
    let folder = dir.path().join("media");
    std::fs::create_dir(&folder).unwrap();
    let path = folder.join("shop.sqlite");
    demo(&path);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let o = genjin(&["check", "--db", path.to_str().unwrap()]);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("ok: 40 customers"));
}

/// Overwrites the first page of a customers index with garbage.
fn corrupt_an_index(path: &Path) {
    let conn = rusqlite::Connection::open(path).expect("the book opens");
    let page: i64 = conn
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers' ORDER BY name LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("an index");
    let size: i64 = conn
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .expect("a page size");
    drop(conn);
    let mut bytes = std::fs::read(path).expect("the book reads");
    let start = usize::try_from((page - 1) * size).expect("an offset");
    let end = start + usize::try_from(size).expect("a size");
    for (i, b) in bytes[start..end].iter_mut().enumerate() {
        *b = (i * 37 % 251) as u8;
    }
    std::fs::write(path, bytes).expect("the book writes");
}

#[test]
fn a_damaged_book_takes_no_import_and_check_reports_it() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("shop.sqlite");
    demo(&path);
    corrupt_an_index(&path);
    let before = std::fs::read(&path).unwrap();
    let p = path.to_str().unwrap();
    let input = csv(&dir);
    let o = genjin(&["import", "customers", &input, "--db", p]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("damaged") && err.contains("nothing was imported"),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing was written");
    let o = genjin(&["check", "--db", p]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}
