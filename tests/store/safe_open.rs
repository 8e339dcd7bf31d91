//! Opening a book safely: only Genjin's books are opened, anything else is
//! refused untouched (byte for byte, no `-wal`/`-shm` left beside it); a
//! read-only opening writes nothing; a second writer is refused through a
//! symlink or a hard link; a damaged book opens read-only.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use genjin::demo::{DemoOptions, generate};
use genjin::domain::customer::Customer;
use genjin::store::{APPLICATION_ID, OpenMode, Store, StoreError};
use tempfile::TempDir;

const MODES: [OpenMode; 3] = [OpenMode::Writer, OpenMode::Reader, OpenMode::ReadOnly];

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// The file's bytes, after checking no WAL files are left beside it.
fn untouched_bytes(path: &Path) -> Vec<u8> {
    for suffix in ["-wal", "-shm", "-journal"] {
        assert!(
            !sibling(path, suffix).exists(),
            "{suffix} was left beside {}",
            path.display()
        );
    }
    std::fs::read(path).expect("the test setup works")
}

/// Another program's database: its own tables, its own version, rollback journal.
fn foreign_db(path: &Path) {
    let conn = rusqlite::Connection::open(path).expect("the test setup works");
    conn.execute_batch(
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL);
         INSERT INTO orders (total) VALUES (12.5), (7.0);
         PRAGMA user_version = 3;",
    )
    .expect("the test setup works");
}

fn pragma(path: &Path, name: &str) -> i64 {
    // Read-write, so closing it removes the WAL files it made.
    let conn = rusqlite::Connection::open(path).expect("the test setup works");
    conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
        .expect("the test setup works")
}

fn demo_book(path: &Path, customers: usize) {
    let mut store = Store::open(path).expect("the test setup works");
    generate(
        &mut store,
        &DemoOptions {
            customers,
            seed: 3,
            today: NaiveDate::from_ymd_opt(2026, 11, 23).expect("the test setup works"),
        },
    )
    .expect("the test setup works");
}

#[test]
fn a_new_book_carries_genjins_application_id_and_full_durability() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("shop.sqlite");
    let store = Store::open(&path).unwrap();
    assert!(!store.is_damaged() && !store.read_only());
    drop(store);
    assert_eq!(pragma(&path, "application_id"), i64::from(APPLICATION_ID));
    assert_eq!(APPLICATION_ID, 0x4745_4E4A);
}

#[test]
fn another_programs_database_stays_byte_for_byte_the_same() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("pos.db");
    foreign_db(&path);
    let before = untouched_bytes(&path);
    for mode in MODES {
        match Store::open_with(&path, mode) {
            Err(StoreError::NotADatabase(p)) => assert_eq!(p, path),
            Err(e) => panic!("{mode:?}: expected NotADatabase, got {e:?}"),
            Ok(_) => panic!("{mode:?}: a foreign database opened"),
        }
        assert_eq!(untouched_bytes(&path), before, "{mode:?} changed the file");
    }
}

#[test]
fn a_stamped_file_of_another_program_or_a_newer_genjin_is_refused_untouched() {
    let dir = TempDir::new().unwrap();
    let other = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch(
            "CREATE TABLE customers (id INTEGER); CREATE TABLE settings (k TEXT);
             PRAGMA user_version = 2; PRAGMA application_id = 1234;",
        )
        .unwrap();
    }
    let newer = dir.path().join("newer.sqlite");
    demo_book(&newer, 5);
    {
        let conn = rusqlite::Connection::open(&newer).unwrap();
        conn.execute_batch("PRAGMA user_version = 999;").unwrap();
    }
    let before_other = untouched_bytes(&other);
    let before_newer = untouched_bytes(&newer);
    for mode in MODES {
        assert!(
            matches!(
                Store::open_with(&other, mode),
                Err(StoreError::NotADatabase(_))
            ),
            "{mode:?}"
        );
        assert!(
            matches!(Store::open_with(&newer, mode), Err(StoreError::TooNew(_))),
            "{mode:?}"
        );
    }
    assert_eq!(untouched_bytes(&other), before_other);
    assert_eq!(untouched_bytes(&newer), before_newer);
}

#[test]
fn a_zero_byte_file_is_refused_and_stays_empty() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("empty.sqlite");
    std::fs::write(&path, b"").unwrap();
    for mode in MODES {
        match Store::open_with(&path, mode) {
            Err(e @ StoreError::Empty(_)) => assert_eq!(
                e.to_string(),
                format!(
                    "{} is empty — not a Genjin book; nothing was changed",
                    path.display()
                )
            ),
            Err(e) => panic!("{mode:?}: expected Empty, got {e:?}"),
            Ok(_) => panic!("{mode:?}: an empty file became a book"),
        }
        assert_eq!(untouched_bytes(&path), Vec::<u8>::new());
    }
}

#[test]
fn a_book_made_before_the_application_id_is_recognised_and_stamped_by_a_writer() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("old.sqlite");
    demo_book(&path, 20);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA application_id = 0;").unwrap();
    }
    assert_eq!(pragma(&path, "application_id"), 0);
    let before = untouched_bytes(&path);
    let reader = Store::open_with(&path, OpenMode::ReadOnly).unwrap();
    assert_eq!(reader.customer_count().unwrap(), 20);
    drop(reader);
    assert_eq!(
        untouched_bytes(&path),
        before,
        "a read-only open stamps nothing"
    );
    let writer = Store::open(&path).unwrap();
    assert_eq!(writer.customer_count().unwrap(), 20);
    drop(writer);
    assert_eq!(pragma(&path, "application_id"), i64::from(APPLICATION_ID));
}

#[test]
fn a_read_only_opening_writes_nothing_and_refuses_writes() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("backup.sqlite");
    demo_book(&path, 30);
    let before = untouched_bytes(&path);
    let mut store = Store::open_with(&path, OpenMode::ReadOnly).unwrap();
    assert!(store.read_only() && !store.is_damaged());
    assert_eq!(store.customer_count().unwrap(), 30);
    assert!(store.check().unwrap().is_empty());
    let mut card = Customer::new(
        "张三",
        NaiveDate::from_ymd_opt(2026, 1, 5)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap(),
    );
    card.mobile = "13800138000".into();
    assert!(matches!(
        store.save_customer(&card),
        Err(StoreError::ReadOnlyBook)
    ));
    drop(store);
    assert_eq!(untouched_bytes(&path), before);
}

#[test]
fn an_older_book_is_not_migrated_by_a_read_only_opening() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("old.sqlite");
    demo_book(&path, 5);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA user_version = 8;").unwrap();
    }
    let before = untouched_bytes(&path);
    for mode in [OpenMode::ReadOnly, OpenMode::Reader] {
        assert!(
            matches!(
                Store::open_with(&path, mode),
                Err(StoreError::NeedsUpgrade(_))
            ),
            "{mode:?}"
        );
    }
    assert_eq!(untouched_bytes(&path), before);
}

#[cfg(unix)]
#[test]
fn a_book_in_a_read_only_folder_can_be_read() {
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
    demo_book(&path, 12);
    let before = untouched_bytes(&path);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let opened = Store::open_with(&path, OpenMode::ReadOnly).map(|s| s.customer_count());
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(opened.unwrap().unwrap(), 12);
    assert_eq!(untouched_bytes(&path), before);
}

#[cfg(unix)]
#[test]
fn a_symlink_or_a_hard_link_to_an_open_book_is_refused_as_a_second_writer() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("shop.sqlite");
    let first = Store::open(&path).unwrap();
    let symlink = dir.path().join("link.sqlite");
    std::os::unix::fs::symlink(&path, &symlink).unwrap();
    let other = TempDir::new().unwrap();
    let hard = other.path().join("hard.sqlite");
    std::fs::hard_link(&path, &hard).unwrap();
    for link in [&symlink, &hard] {
        match Store::open(link) {
            Err(e @ StoreError::AlreadyOpen(_)) => {
                assert!(e.to_string().contains("already open"), "{e}");
                assert!(
                    e.to_string().contains(&link.display().to_string()),
                    "names the path given: {e}"
                );
            }
            Err(e) => panic!("{}: expected AlreadyOpen, got {e:?}", link.display()),
            Ok(_) => panic!("a second writer got in through {}", link.display()),
        }
    }
    drop(first);
    let second = Store::open(&hard).unwrap();
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::AlreadyOpen(_))
    ));
    drop(second);
}

/// Overwrites the first page of the customers' name index with garbage.
fn corrupt_an_index(path: &Path) {
    let (page, size) = {
        let conn = rusqlite::Connection::open(path).expect("the test setup works");
        let page: i64 = conn
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers' ORDER BY name LIMIT 1",
                [],
                |r| r.get(0),
            )
            .expect("the test setup works");
        let size: i64 = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .expect("the test setup works");
        (page, size)
    };
    let mut bytes = std::fs::read(path).expect("the test setup works");
    let start = usize::try_from((page - 1) * size).expect("the test setup works");
    let size = usize::try_from(size).expect("the test setup works");
    for (i, b) in bytes[start..start + size].iter_mut().enumerate() {
        *b = (i * 37 % 251) as u8;
    }
    std::fs::write(path, bytes).expect("the test setup works");
}

#[test]
fn a_damaged_book_opens_read_only_and_refuses_every_write() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("shop.sqlite");
    demo_book(&path, 300);
    corrupt_an_index(&path);
    let before = std::fs::read(&path).unwrap();
    let mut store = Store::open(&path).unwrap();
    assert!(store.is_damaged() && store.read_only());
    // What can still be read is read: a card by its row id.
    let card = store.customer(1).unwrap().expect("customer 1 is readable");
    assert!(!card.name.is_empty());
    let mut changed = card.clone();
    changed.notes = "changed".into();
    assert!(matches!(
        store.save_customer(&changed),
        Err(StoreError::ReadOnlyBook)
    ));
    let mut new = Customer::new(
        "李四",
        NaiveDate::from_ymd_opt(2026, 1, 5)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap(),
    );
    new.mobile = "13900139000".into();
    assert!(matches!(
        store.save_customer(&new),
        Err(StoreError::ReadOnlyBook)
    ));
    // The writer still holds the book: a second one is refused.
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::AlreadyOpen(_))
    ));
    drop(store);
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing was written");
}

#[test]
fn a_damaged_book_is_restored_from_a_backup_and_its_broken_bytes_are_kept() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("shop.sqlite");
    demo_book(&path, 300);
    let now = NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(18, 0, 0)
        .unwrap();
    let settings = genjin::store::backup::BackupSettings::default();
    let backup = {
        let store = Store::open(&path).unwrap();
        store
            .back_up(genjin::store::backup::Reason::Manual, &settings, now)
            .unwrap()
            .path
    };
    corrupt_an_index(&path);
    let broken = std::fs::read(&path).unwrap();
    let mut store = Store::open(&path).unwrap();
    assert!(store.is_damaged());
    let restored = store
        .restore_from(&backup, now + chrono::Duration::minutes(1))
        .unwrap();
    assert!(!store.is_damaged() && !store.read_only());
    assert_eq!(store.customer_count().unwrap(), 300);
    let mut new = Customer::new("李四", now);
    new.mobile = "13900139000".into();
    store
        .save_customer(&new)
        .expect("the restored book takes writes");
    drop(store);
    let safety = restored.safety.expect("the broken book was kept");
    assert_eq!(std::fs::read(&safety).unwrap(), broken);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}
