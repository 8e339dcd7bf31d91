//! The page shown when the book cannot be opened: an empty file and
//! another program's database each get their own heading, the note that
//! nothing was changed and the ways on, and the file stays as it was; a
//! damaged book opens read-only under a banner and refuses an import; an
//! emptied book is restored from the backup beside it.

use std::path::Path;

use chrono::NaiveDate;
use egui_kittest::kittest::Queryable;
use genjin::ui::open_failure::Problem;
use tempfile::TempDir;

use crate::common::app_harness::open_app;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("the test setup works")
}

/// The file's bytes, after checking no WAL files are left beside it.
fn untouched_bytes(path: &Path) -> Vec<u8> {
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        assert!(
            !Path::new(&name).exists(),
            "{suffix} was left beside {}",
            path.display()
        );
    }
    std::fs::read(path).expect("the file is still there")
}

/// The page's heading, note and buttons.
fn the_page_is_shown(h: &egui_kittest::Harness<'static, genjin::ui::GenjinApp>, title: &str) {
    h.get_by_label(title);
    h.get_by_label("文件没有任何改动。");
    h.get_by_label("打开别的文件…");
    h.get_by_label("在别处新建客户资料…");
    h.get_by_label("打开演示店铺");
}

#[test]
fn a_zero_byte_file_gets_its_own_page_and_stays_empty() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("shop.sqlite");
    std::fs::write(&path, b"").unwrap();
    let mut h = open_app(&path, today(), 800.0);
    h.run();
    the_page_is_shown(&h, "这个文件是空的，不是客户资料");
    let failure = h.state().open_failure().expect("the book did not open");
    assert_eq!(failure.problem, Problem::Empty);
    assert!(h.state().store().is_none());
    drop(h);
    assert_eq!(untouched_bytes(&path), Vec::<u8>::new());
}

#[test]
fn another_programs_database_gets_its_own_page_and_is_left_as_it_was() {
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
    let mut h = open_app(&path, today(), 800.0);
    h.run();
    the_page_is_shown(&h, "这不是跟进的客户资料文件");
    // Another program's file is never offered a restore over it.
    assert!(h.query_by_label("从备份恢复").is_none());
    assert_eq!(
        h.state().open_failure().map(|f| f.problem),
        Some(Problem::NotGenjin)
    );
    drop(h);
    assert_eq!(untouched_bytes(&path), before);
}

/// A demo book whose customers' first index page is garbage.
fn damaged_book(path: &Path) {
    let mut store = genjin::store::Store::open(path).expect("the test setup works");
    genjin::demo::generate(
        &mut store,
        &genjin::demo::DemoOptions {
            customers: 120,
            seed: 2,
            today: today(),
        },
    )
    .expect("the test setup works");
    drop(store);
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
    drop(conn);
    let mut bytes = std::fs::read(path).expect("the test setup works");
    let start = usize::try_from((page - 1) * size).expect("the test setup works");
    for (i, b) in bytes[start..start + usize::try_from(size).expect("the test setup works")]
        .iter_mut()
        .enumerate()
    {
        *b = (i * 37 % 251) as u8;
    }
    std::fs::write(path, bytes).expect("the test setup works");
}

#[test]
fn a_damaged_book_opens_read_only_under_a_banner() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("shop.sqlite");
    damaged_book(&path);
    let before = std::fs::read(&path).unwrap();
    let mut h = open_app(&path, today(), 800.0);
    h.run();
    assert!(h.state().book_is_damaged(), "{:?}", h.state().open_error());
    h.get_by_label("客户资料已经损坏，现在只能查看");
    drop(h);
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing was written");
}

#[test]
fn a_damaged_book_refuses_an_import_before_reading_a_row() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("shop.sqlite");
    damaged_book(&path);
    let file = dir.path().join("list.csv");
    std::fs::write(&file, "姓名,手机\n张三,13800138000\n").unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut h = open_app(&path, today(), 800.0);
    h.run();
    h.state_mut()
        .send(genjin::ui::Command::ImportFile(file.clone()));
    h.run();
    h.get_by_label("下一步：检查").click();
    h.run();
    assert_eq!(h.state().transfer().unwrap().step(), Some("preview"));
    h.get_by_label("⚠ 客户资料只能查看，不能保存任何改动（它已损坏，或者文件不能写入）。如果已损坏，请从备份恢复。");
    drop(h);
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing was written");
}

#[test]
fn an_emptied_book_is_restored_from_the_backup_beside_it() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("shop.sqlite");
    {
        let mut store = genjin::store::Store::open(&path).unwrap();
        let now = today().and_hms_opt(9, 0, 0).unwrap();
        store
            .save_customer(&genjin::domain::customer::Customer::new("张三", now))
            .unwrap();
        store
            .back_up(
                genjin::store::backup::Reason::Daily,
                &genjin::store::backup::BackupSettings::default(),
                now,
            )
            .unwrap();
    }
    // Bad luck: the book is emptied to zero bytes.
    for suffix in ["-wal", "-shm"] {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        let _ = std::fs::remove_file(name);
    }
    std::fs::write(&path, b"").unwrap();

    let mut h = open_app(&path, today(), 800.0);
    h.run();
    h.get_by_label("从备份恢复");
    h.get_by_label("1 位客户");
    h.get_by_label("恢复").click();
    h.run();
    h.get_by_label("确定要恢复这个备份吗？");
    h.get_by_label("确认恢复").click();
    h.run();
    h.run();
    let store = h.state().store().expect("the restored book is open");
    assert_eq!(store.customer_count().unwrap(), 1);
    assert!(h.state().open_failure().is_none());
}
