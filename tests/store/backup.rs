//! Backups and restore on temporary books: what a backup file is, where it
//! goes, rotation, read-only listing, the before-upgrade backup, and
//! restores (round trip, un-checkpointed WAL, refused files).

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use genjin::domain::customer::Customer;
use genjin::store::backup::{
    self, BackupSettings, Reason, Retention, SecondCopy, default_folder, file_name,
};
use genjin::store::{Store, StoreError};
use rusqlite::{Connection, OpenFlags};
use tempfile::TempDir;

fn at(d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, d)
        .expect("a December day")
        .and_hms_opt(h, 15, 0)
        .expect("a time of day")
}

fn person(name: &str) -> Customer {
    Customer::new(name, at(1, 9))
}

fn book_with(dir: &TempDir, names: &[&str]) -> (Store, PathBuf) {
    let path = dir.path().join("shop.sqlite");
    let mut store = Store::open(&path).expect("a new book");
    for name in names {
        store.save_customer(&person(name)).expect("saved");
    }
    (store, path)
}

fn names(store: &Store) -> Vec<String> {
    let mut names: Vec<String> = store
        .customer_summaries()
        .expect("the customers")
        .into_iter()
        .map(|c| c.name)
        .collect();
    names.sort();
    names
}

/// Bytes 18 and 19 of a SQLite header: 1 for a rollback journal, 2 for WAL.
fn journal_bytes(path: &Path) -> [u8; 2] {
    let bytes = fs::read(path).expect("the file");
    [bytes[18], bytes[19]]
}

fn integrity_ok(path: &Path) -> bool {
    let conn =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("a database");
    conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
        .expect("a verdict")
        == "ok"
}

#[test]
fn a_backup_is_one_checked_self_contained_file_in_the_backup_folder() {
    let dir = TempDir::new().unwrap();
    let (store, book) = book_with(&dir, &["张三", "李四"]);
    let done =
        backup::run_for_file(&book, Reason::Daily, &BackupSettings::default(), at(4, 10)).unwrap();
    assert_eq!(
        done.path,
        dir.path()
            .join("shop-backups")
            .join("shop-2026-12-04T101500-daily.sqlite")
    );
    assert_eq!(done.second, SecondCopy::NotSet);
    assert_eq!(journal_bytes(&done.path), [1, 1], "not in WAL mode");
    assert!(integrity_ok(&done.path));
    let leftovers: Vec<_> = fs::read_dir(default_folder(&book))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no -wal, -shm or .partial: {leftovers:?}"
    );

    let listed = backup::list(&default_folder(&book), "shop").unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].reason, Reason::Daily);
    assert_eq!(listed[0].at, at(4, 10));
    let summary = listed[0].contents.as_ref().unwrap();
    assert_eq!(summary.customers, 2);
    assert!(summary.schema_version > 0);
    drop(store);
}

#[cfg(unix)]
#[test]
fn a_backup_never_overwrites_the_book_through_a_symlink_or_a_hard_link() {
    let dir = TempDir::new().unwrap();
    let (store, book) = book_with(&dir, &["张三"]);
    let alias = dir.path().join("alias");
    std::os::unix::fs::symlink(dir.path(), &alias).unwrap();
    let before = fs::read(&book).unwrap();
    let through_symlink = alias.join("shop.sqlite");
    assert!(matches!(
        store.backup_to(&through_symlink),
        Err(StoreError::SameFile(_))
    ));
    let hard = dir.path().join("hard.sqlite");
    fs::hard_link(&book, &hard).unwrap();
    assert!(matches!(
        store.backup_to(&hard),
        Err(StoreError::SameFile(_))
    ));
    assert_eq!(fs::read(&book).unwrap(), before);
    assert_eq!(names(&store), ["张三"]);
}

#[test]
fn a_missing_second_folder_is_a_warning_and_a_present_one_gets_a_copy() {
    let dir = TempDir::new().unwrap();
    let (_store, book) = book_with(&dir, &["张三"]);
    let stick = dir.path().join("stick");
    let settings = BackupSettings {
        second_folder: Some(stick.clone()),
        ..BackupSettings::default()
    };
    let done = backup::run_for_file(&book, Reason::Close, &settings, at(4, 18)).unwrap();
    assert!(done.path.is_file(), "the main backup stands");
    assert!(matches!(done.second, SecondCopy::Failed { .. }));
    assert!(!stick.exists(), "a missing second folder is not created");

    fs::create_dir(&stick).unwrap();
    let done = backup::run_for_file(&book, Reason::Close, &settings, at(5, 18)).unwrap();
    let SecondCopy::Copied(copy) = done.second else {
        panic!("not copied: {:?}", done.second)
    };
    assert_eq!(fs::read(&copy).unwrap(), fs::read(&done.path).unwrap());
}

#[test]
fn rotation_removes_only_our_regular_files_beyond_the_retention() {
    let dir = TempDir::new().unwrap();
    let (_store, book) = book_with(&dir, &["张三"]);
    let settings = BackupSettings {
        retention: Retention {
            daily: 2,
            weekly: 0,
            monthly: 0,
        },
        ..BackupSettings::default()
    };
    let folder = default_folder(&book);
    fs::create_dir_all(&folder).unwrap();
    let foreign = folder.join("notes.txt");
    fs::write(&foreign, "keep me").unwrap();
    let other_stem = folder.join(file_name("other", at(1, 9), Reason::Daily));
    fs::write(&other_stem, "another book's backup").unwrap();
    #[cfg(unix)]
    let link = {
        let target = dir.path().join("precious.txt");
        fs::write(&target, "not a backup").unwrap();
        let link = folder.join(file_name("shop", at(1, 8), Reason::Daily));
        std::os::unix::fs::symlink(&target, &link).unwrap();
        link
    };
    // What backups killed part-way left: an old one is cleared, a fresh
    // one (maybe still being written by another program) stays.
    let stale = folder.join(format!(
        "{}.partial",
        file_name("shop", at(1, 7), Reason::Daily)
    ));
    let fresh = folder.join(format!(
        "{}.partial",
        file_name("shop", at(1, 6), Reason::Daily)
    ));
    for partial in [&stale, &fresh] {
        fs::write(partial, "half a backup").unwrap();
    }
    let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(long_ago)
        .unwrap();
    for d in 1..=4 {
        backup::run_for_file(&book, Reason::Daily, &settings, at(d, 10)).unwrap();
    }
    assert!(!stale.exists(), "an old partial file is cleared");
    assert!(fresh.exists(), "a fresh partial file is left alone");
    backup::run_for_file(&book, Reason::BeforeUpgrade, &settings, at(4, 11)).unwrap();
    let listed: Vec<_> = backup::list(&folder, "shop")
        .unwrap()
        .into_iter()
        .map(|b| (b.at, b.reason))
        .collect();
    assert_eq!(
        listed,
        [
            (at(4, 11), Reason::BeforeUpgrade),
            (at(4, 10), Reason::Daily),
            (at(3, 10), Reason::Daily),
        ]
    );
    assert!(foreign.is_file() && other_stem.is_file());
    #[cfg(unix)]
    assert!(
        fs::symlink_metadata(&link).is_ok(),
        "symlinks are left alone"
    );
}

#[test]
fn listing_changes_no_file_and_lists_a_damaged_one_as_such() {
    let dir = TempDir::new().unwrap();
    let (_store, book) = book_with(&dir, &["张三"]);
    backup::run_for_file(&book, Reason::Manual, &BackupSettings::default(), at(4, 10)).unwrap();
    let folder = default_folder(&book);
    let damaged = folder.join(file_name("shop", at(3, 10), Reason::Daily));
    fs::write(&damaged, vec![7u8; 5000]).unwrap();
    let snapshot = |folder: &Path| {
        let mut files: Vec<_> = fs::read_dir(folder)
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                (p.clone(), fs::read(&p).unwrap())
            })
            .collect();
        files.sort();
        files
    };
    let before = snapshot(&folder);
    let listed = backup::list(&folder, "shop").unwrap();
    assert_eq!(snapshot(&folder), before);
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].contents.as_ref().unwrap().customers, 1);
    assert!(listed[1].contents.is_err(), "the damaged file is marked");
}

#[test]
fn an_older_book_is_backed_up_before_its_schema_is_upgraded() {
    let dir = TempDir::new().unwrap();
    let book = dir.path().join("old.sqlite");
    {
        let mut conn = Connection::open(&book).unwrap();
        genjin::store::schema::migrations()
            .to_version(&mut conn, 8)
            .unwrap();
    }
    let store = Store::open(&book).unwrap();
    let listed = backup::list(&default_folder(&book), "old").unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].reason, Reason::BeforeUpgrade);
    assert_eq!(listed[0].contents.as_ref().unwrap().schema_version, 8);
    drop(store);
    // Opening the upgraded book again needs no backup.
    Store::open(&book).unwrap();
    assert_eq!(
        backup::list(&default_folder(&book), "old").unwrap().len(),
        1
    );

    // A brand-new book is not "upgraded" either.
    let fresh = dir.path().join("fresh.sqlite");
    Store::open(&fresh).unwrap();
    assert!(!default_folder(&fresh).exists());
}

#[test]
fn a_restore_brings_back_the_backed_up_book_and_keeps_a_safety_backup() {
    let dir = TempDir::new().unwrap();
    let (mut store, book) = book_with(&dir, &["张三", "李四"]);
    let saved = store.backup_settings().unwrap();
    let done = backup::run(
        &Connection::open_with_flags(&book, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap(),
        &book,
        Reason::Manual,
        &saved,
        at(4, 10),
    )
    .unwrap();
    // Changes after the backup stay in the -wal, not yet checkpointed.
    store.save_customer(&person("王五")).unwrap();
    let wal = dir.path().join("shop.sqlite-wal");
    assert!(
        fs::metadata(&wal).unwrap().len() > 0,
        "commits sit in the WAL"
    );
    let reader = Store::open_with(&book, genjin::store::OpenMode::Reader).unwrap();
    assert_eq!(names(&reader), ["张三", "李四", "王五"]);

    let preview = backup::inspect(&done.path).unwrap();
    assert_eq!(preview.customers, 2);
    let restored = store.restore_from(&done.path, at(4, 12)).unwrap();
    assert_eq!(restored.preview, preview);
    assert_eq!(names(&store), ["张三", "李四"]);
    assert_eq!(
        names(&reader),
        ["张三", "李四"],
        "other connections see it too"
    );

    let safety = restored.safety.unwrap();
    assert!(safety.ends_with("shop-2026-12-04T121500-before-restore.sqlite"));
    assert_eq!(backup::inspect(&safety).unwrap().customers, 3);

    store.save_customer(&person("赵六")).unwrap();
    drop(reader);
    drop(store);
    let reopened = Store::open(&book).unwrap();
    assert_eq!(names(&reopened), ["张三", "李四", "赵六"]);
    assert!(reopened.check().unwrap().is_empty());
    let mode: String = Connection::open(&book)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal", "the book stays in WAL mode");
}

#[test]
fn a_backup_from_an_older_version_is_upgraded_when_restored() {
    let dir = TempDir::new().unwrap();
    let (mut store, _book) = book_with(&dir, &["张三"]);
    let old = dir.path().join("old.sqlite");
    {
        let mut conn = Connection::open(&old).unwrap();
        genjin::store::schema::migrations()
            .to_version(&mut conn, 8)
            .unwrap();
        conn.execute_batch("PRAGMA journal_mode=DELETE").unwrap();
    }
    assert_eq!(backup::inspect(&old).unwrap().schema_version, 8);
    store.restore_from(&old, at(4, 12)).unwrap();
    assert!(names(&store).is_empty());
    store.save_customer(&person("李四")).unwrap();
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn a_restore_refuses_files_that_are_not_books_it_can_open() {
    let dir = TempDir::new().unwrap();
    let (mut store, book) = book_with(&dir, &["张三"]);
    let text = dir.path().join("notes.sqlite");
    fs::write(&text, "not a database at all, just some words").unwrap();
    let foreign = dir.path().join("foreign.sqlite");
    Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let newer = dir.path().join("newer.sqlite");
    store.backup_to(&newer).unwrap();
    Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 999")
        .unwrap();
    let empty = dir.path().join("empty.sqlite");
    fs::write(&empty, "").unwrap();

    for (file, what) in [(&text, "text"), (&foreign, "foreign"), (&empty, "empty")] {
        let result = store.restore_from(file, at(4, 12));
        assert!(
            matches!(result, Err(StoreError::NotADatabase(_))),
            "{what}: {result:?}"
        );
    }
    assert!(matches!(
        store.restore_from(&newer, at(4, 12)),
        Err(StoreError::TooNew(_))
    ));
    assert!(matches!(
        store.restore_from(&book, at(4, 12)),
        Err(StoreError::SameFile(_))
    ));
    assert!(
        !default_folder(&book).exists(),
        "no safety backup for a refused restore"
    );
    assert_eq!(names(&store), ["张三"]);
}
