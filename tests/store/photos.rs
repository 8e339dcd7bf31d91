//! Complaint photos stored inside the book: added only when they are
//! pictures within the size cap, shared by content, deleted with their last
//! link, carried by a backup, kept apart between two books in one folder,
//! and an older book's photo folder read once, checked and never changed —
//! hostile names in a book never touch the files they name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use genjin::domain::complaint::{Complaint, ComplaintRules};
use genjin::domain::customer::{Customer, CustomerId};
use genjin::store::attachments::MAX_PHOTO_BYTES;
use genjin::store::{Store, StoreError};
use sha2::{Digest, Sha256};
use tempfile::TempDir;

fn at(d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, d)
        .and_then(|day| day.and_hms_opt(h, 0, 0))
        .expect("a valid time")
}

fn customer(store: &mut Store, name: &str) -> CustomerId {
    store
        .save_customer(&Customer::new(name, at(1, 9)))
        .expect("the test book saves the card")
}

fn case(store: &mut Store, who: CustomerId, d: u32) -> i64 {
    store
        .save_complaint(&Complaint::new(who, at(d, 9)), &ComplaintRules::default())
        .expect("the case is saved")
}

/// Bytes a picture sniffer takes for a PNG, different per `tag`.
fn png(tag: &str) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(tag.as_bytes());
    bytes
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every entry under `dir` (not following links): file bytes, or a link's
/// target, by relative path.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("the test setup works") {
        let path = entry.expect("the test setup works").path();
        let meta = std::fs::symlink_metadata(&path).expect("the test setup works");
        let value = if meta.file_type().is_symlink() {
            format!(
                "link -> {}",
                std::fs::read_link(&path)
                    .expect("the test setup works")
                    .display()
            )
        } else if meta.is_dir() {
            "dir".to_string()
        } else {
            format!("{:?}", std::fs::read(&path).expect("the test setup works"))
        };
        out.insert(
            path.strip_prefix(dir)
                .expect("the test setup works")
                .to_path_buf(),
            value,
        );
    }
    out
}

#[test]
fn a_photo_is_kept_in_the_book_shared_by_content_and_deleted_with_its_last_link() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&dir.path().join("book.sqlite")).unwrap();
    let who = customer(&mut store, "吴芳");
    let first = case(&mut store, who, 20);
    let second = case(&mut store, who, 21);
    let photo = dir.path().join("划痕.JPG");
    std::fs::write(&photo, b"\xFF\xD8\xFF\xE0 jpeg bytes").unwrap();
    let before = std::fs::read(&photo).unwrap();

    let a = store.add_attachment(first, &photo).unwrap();
    assert_eq!(a.file_name, format!("{}.jpg", hex(&before)));
    assert_eq!(a.original_name, "划痕.JPG");
    assert_eq!(
        store.attachment_bytes(&a.file_name).unwrap(),
        Some(before.clone())
    );
    assert_eq!(std::fs::read(&photo).unwrap(), before, "original untouched");
    assert!(
        !dir.path().join("book-attachments").exists(),
        "no folder beside the book"
    );

    assert_eq!(store.add_attachment(first, &photo).unwrap().id, a.id);
    let b = store.add_attachment(second, &photo).unwrap();
    assert_eq!(b.file_name, a.file_name);

    store.remove_attachment(a.id).unwrap();
    assert!(store.attachments(first).unwrap().is_empty());
    assert!(
        store.attachment_bytes(&b.file_name).unwrap().is_some(),
        "still used by the second case"
    );
    store.delete_complaint(second).unwrap();
    assert_eq!(store.attachment_bytes(&b.file_name).unwrap(), None);

    // Deleting the customer takes the photos of their cases along.
    let c = store.add_attachment(first, &photo).unwrap();
    store.delete_customer(who).unwrap();
    assert_eq!(store.attachment_bytes(&c.file_name).unwrap(), None);
    assert!(photo.is_file());
}

#[test]
fn only_pictures_within_the_size_cap_are_taken() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&dir.path().join("book.sqlite")).unwrap();
    let who = customer(&mut store, "吴芳");
    let first = case(&mut store, who, 20);

    let text = dir.path().join("notes.png");
    std::fs::write(&text, "just text").unwrap();
    assert!(matches!(
        store.add_attachment(first, &text),
        Err(StoreError::NotAPicture(p)) if p == text
    ));
    let huge = dir.path().join("huge.png");
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(MAX_PHOTO_BYTES + 1).unwrap();
    assert!(matches!(
        store.add_attachment(first, &huge),
        Err(StoreError::PictureTooLarge { limit_mb: 20, .. })
    ));
    assert!(
        store
            .add_attachment(first, &dir.path().join("nope.png"))
            .is_err()
    );
    assert!(store.attachments(first).unwrap().is_empty());
}

#[cfg(unix)]
#[test]
fn a_planted_partial_link_is_not_followed_when_a_photo_is_added() {
    let dir = TempDir::new().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let photo = dir.path().join("a.png");
    std::fs::write(&photo, png("a")).unwrap();
    let folder = dir.path().join("book-attachments");
    std::fs::create_dir(&folder).unwrap();
    std::os::unix::fs::symlink(
        &victim,
        folder.join(format!("{}.png.partial", hex(&png("a")))),
    )
    .unwrap();
    let before = snapshot(&folder);

    let mut store = Store::open(&dir.path().join("book.sqlite")).unwrap();
    let who = customer(&mut store, "吴芳");
    let first = case(&mut store, who, 20);
    let a = store.add_attachment(first, &photo).unwrap();
    store.remove_attachment(a.id).unwrap();

    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert_eq!(snapshot(&folder), before);
}

#[test]
fn two_books_in_one_folder_keep_their_photos_apart() {
    let dir = TempDir::new().unwrap();
    let photo = dir.path().join("a.png");
    std::fs::write(&photo, png("shared")).unwrap();
    let mut books = Vec::new();
    for name in ["shop.sqlite", "shop.db"] {
        let mut store = Store::open(&dir.path().join(name)).unwrap();
        let who = customer(&mut store, "吴芳");
        let id = case(&mut store, who, 20);
        let a = store.add_attachment(id, &photo).unwrap();
        books.push((store, id, a));
    }
    let (sqlite, db) = books.split_at_mut(1);
    let (first, first_case, first_photo) = &mut sqlite[0];
    let (second, _, second_photo) = &db[0];
    assert_eq!(first_photo.file_name, second_photo.file_name);

    first.delete_complaint(*first_case).unwrap();
    assert_eq!(
        first.attachment_bytes(&first_photo.file_name).unwrap(),
        None
    );
    assert_eq!(
        second.attachment_bytes(&second_photo.file_name).unwrap(),
        Some(png("shared"))
    );
}

#[test]
fn a_backup_of_the_book_carries_its_photos() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&dir.path().join("book.sqlite")).unwrap();
    let who = customer(&mut store, "吴芳");
    let id = case(&mut store, who, 20);
    let photo = dir.path().join("a.png");
    std::fs::write(&photo, png("backed up")).unwrap();
    let a = store.add_attachment(id, &photo).unwrap();
    std::fs::remove_file(&photo).unwrap();

    let copy = dir.path().join("elsewhere").join("copy.sqlite");
    std::fs::create_dir(copy.parent().unwrap()).unwrap();
    store.backup_to(&copy).unwrap();
    drop(store);
    let restored = Store::open(&copy).unwrap();
    assert_eq!(restored.attachments(id).unwrap(), vec![a.clone()]);
    assert_eq!(
        restored.attachment_bytes(&a.file_name).unwrap(),
        Some(png("backed up"))
    );
}

/// A book as Genjin wrote it before photos moved in (schema version 9), with
/// one case linking to `names`.
fn old_book(path: &Path, names: &[&str]) {
    let mut conn = rusqlite::Connection::open(path).expect("the test setup works");
    genjin::store::schema::migrations()
        .to_version(&mut conn, 9)
        .expect("the test setup works");
    conn.execute_batch(
        "INSERT INTO customers (id, name, created_at, updated_at) \
           VALUES (1, '吴芳', '2026-11-01T09:00:00', '2026-11-01T09:00:00');
         INSERT INTO complaints (id, customer_id, step, status, received_at, created_at, updated_at) \
           VALUES (1, 1, 'receive', 'open', '2026-11-20T09:00:00', '2026-11-20T09:00:00', \
                   '2026-11-20T09:00:00');",
    )
    .expect("the test setup works");
    for name in names {
        conn.execute(
            "INSERT INTO complaint_attachments (complaint_id, file_name, original_name, added_at) \
             VALUES (1, ?1, 'x', '2026-11-20T09:00:00')",
            [name],
        )
        .expect("the test setup works");
    }
}

fn blob_count(path: &Path) -> i64 {
    rusqlite::Connection::open(path)
        .expect("the test setup works")
        .query_row("SELECT count(*) FROM attachment_blobs", [], |r| r.get(0))
        .expect("the test setup works")
}

#[cfg(unix)]
#[test]
fn an_older_books_photos_are_loaded_once_when_they_check_out_and_the_folder_is_left_alone() {
    let dir = TempDir::new().unwrap();
    let book = dir.path().join("book.sqlite");
    let folder = dir.path().join("book-attachments");
    std::fs::create_dir(&folder).unwrap();
    // Files a hostile book names, outside the folder.
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let absolute = dir.path().join("absolute.txt");
    std::fs::write(&absolute, "keep me too").unwrap();
    // In the folder: a good photo, one whose content is not its name, a
    // link to a file whose content matches the link's name, and a planted
    // `.partial` link.
    let good = format!("{}.jpg", hex(b"\xFF\xD8\xFF good"));
    std::fs::write(folder.join(&good), b"\xFF\xD8\xFF good").unwrap();
    let wrong = format!("{}.png", hex(&png("claimed")));
    std::fs::write(folder.join(&wrong), png("actual")).unwrap();
    std::fs::write(dir.path().join("outside.png"), png("outside")).unwrap();
    let linked = format!("{}.png", hex(&png("outside")));
    std::os::unix::fs::symlink(dir.path().join("outside.png"), folder.join(&linked)).unwrap();
    std::os::unix::fs::symlink(&victim, folder.join("x.png.partial")).unwrap();
    let absolute_name = absolute.to_string_lossy().into_owned();
    old_book(
        &book,
        &[
            &good,
            &wrong,
            &linked,
            "../victim.txt",
            &absolute_name,
            "x.png.partial",
            "deadbeef.bin",
        ],
    );
    let before = snapshot(&folder);
    let outside_before = snapshot(dir.path());

    let mut store = Store::open(&book).unwrap();
    let photos = store.attachments(1).unwrap();
    assert_eq!(photos.len(), 7, "every link is kept");
    assert_eq!(
        store.attachment_bytes(&good).unwrap(),
        Some(b"\xFF\xD8\xFF good".to_vec())
    );
    for name in [&wrong, &linked] {
        assert_eq!(store.attachment_bytes(name).unwrap(), None, "{name}");
    }
    assert_eq!(snapshot(&folder), before, "the old folder is untouched");

    // Removing every link and the case touches no file.
    for photo in &photos {
        store.remove_attachment(photo.id).unwrap();
    }
    store.delete_complaint(1).unwrap();
    drop(store);
    assert_eq!(snapshot(&folder), before);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert_eq!(std::fs::read_to_string(&absolute).unwrap(), "keep me too");
    let mut after = snapshot(dir.path());
    let mut expected = outside_before;
    // Only the book's own files (WAL, lock) may have come or changed, and
    // the backup folder its upgrade was backed up into.
    assert_eq!(
        after.remove(Path::new("book-backups")).as_deref(),
        Some("dir")
    );
    for map in [&mut after, &mut expected] {
        map.retain(|p, _| !p.to_string_lossy().starts_with("book.sqlite"));
    }
    assert_eq!(after, expected);
}

#[test]
fn an_older_books_folder_is_read_only_at_the_upgrade() {
    let dir = TempDir::new().unwrap();
    let book = dir.path().join("book.sqlite");
    let folder = dir.path().join("book-attachments");
    std::fs::create_dir(&folder).unwrap();
    let first = format!("{}.png", hex(&png("first")));
    let later = format!("{}.png", hex(&png("later")));
    std::fs::write(folder.join(&first), png("first")).unwrap();
    old_book(&book, &[&first, &later]);

    drop(Store::open(&book).unwrap());
    assert_eq!(blob_count(&book), 1);
    // A file appearing in the folder afterwards is not read: the book was
    // upgraded once.
    std::fs::write(folder.join(&later), png("later")).unwrap();
    let store = Store::open(&book).unwrap();
    assert_eq!(store.attachment_bytes(&later).unwrap(), None);
    assert_eq!(store.attachment_bytes(&first).unwrap(), Some(png("first")));
    drop(store);
    assert_eq!(blob_count(&book), 1);
    assert!(folder.join(&first).is_file());
}

#[test]
fn restoring_a_backup_brings_back_the_photos_removed_since() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("shop.sqlite");
    let mut store = Store::open(&path).unwrap();
    let who = customer(&mut store, "吴芳");
    let id = case(&mut store, who, 20);
    let photo = dir.path().join("scratch.png");
    std::fs::write(&photo, png("kept by the backup")).unwrap();
    let a = store.add_attachment(id, &photo).unwrap();
    std::fs::remove_file(&photo).unwrap();
    let settings = genjin::store::backup::BackupSettings::default();
    let backup = store
        .back_up(genjin::store::backup::Reason::Manual, &settings, at(21, 9))
        .unwrap()
        .path;

    store.remove_attachment(a.id).unwrap();
    assert_eq!(store.attachment_bytes(&a.file_name).unwrap(), None);
    let restored = store.restore_from(&backup, at(21, 10)).unwrap();
    assert_eq!(restored.preview.photos, Some(1));
    assert_eq!(store.attachments(id).unwrap(), vec![a.clone()]);
    assert_eq!(
        store.attachment_bytes(&a.file_name).unwrap(),
        Some(png("kept by the backup"))
    );
    // The book as it was just before (without the photo) is the safety copy.
    let before = Store::open_with(
        &restored.safety.expect("a safety backup was taken"),
        genjin::store::OpenMode::ReadOnly,
    )
    .unwrap();
    assert!(before.attachments(id).unwrap().is_empty());
}
