//! Greeting templates kept in the book: the default until the shop writes
//! its own, kept across reopening, and back to the default when cleared.

use genjin::domain::calendar::OccasionKind;
use genjin::domain::calendar::greeting::default_template;
use genjin::store::Store;
use tempfile::TempDir;

fn open(dir: &TempDir) -> Store {
    Store::open(&dir.path().join("book.sqlite")).expect("the test book opens")
}

#[test]
fn templates_default_save_reopen_and_reset() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    for kind in OccasionKind::ALL {
        for chinese in [true, false] {
            assert_eq!(
                store.greeting_template(*kind, chinese).unwrap(),
                default_template(*kind, chinese)
            );
        }
    }

    let own = "{name}，生日快乐！\n小店给您准备了一份小礼物，有空来店里坐坐。——{shop}";
    store
        .set_greeting_template(OccasionKind::Birthday, true, own)
        .unwrap();
    assert_eq!(
        store
            .greeting_template(OccasionKind::Birthday, true)
            .unwrap(),
        own
    );
    // The other language and other kinds keep their defaults.
    assert_eq!(
        store
            .greeting_template(OccasionKind::Birthday, false)
            .unwrap(),
        default_template(OccasionKind::Birthday, false)
    );
    assert_eq!(
        store
            .greeting_template(OccasionKind::Festival, true)
            .unwrap(),
        default_template(OccasionKind::Festival, true)
    );
    assert_eq!(
        store.setting("greeting.zh.birthday").unwrap().as_deref(),
        Some(own)
    );
    store
        .set_greeting_template(OccasionKind::Promise, false, "Hi {name}, see you soon!")
        .unwrap();
    drop(store);

    let mut store = open(&dir);
    assert_eq!(
        store
            .greeting_template(OccasionKind::Birthday, true)
            .unwrap(),
        own
    );
    assert_eq!(
        store
            .greeting_template(OccasionKind::Promise, false)
            .unwrap(),
        "Hi {name}, see you soon!"
    );

    // Blank text resets to the default and removes the row.
    store
        .set_greeting_template(OccasionKind::Birthday, true, "  \n ")
        .unwrap();
    assert_eq!(
        store
            .greeting_template(OccasionKind::Birthday, true)
            .unwrap(),
        default_template(OccasionKind::Birthday, true)
    );
    assert_eq!(store.setting("greeting.zh.birthday").unwrap(), None);
    // Saving the default itself stores nothing either.
    store
        .set_greeting_template(
            OccasionKind::Promise,
            false,
            default_template(OccasionKind::Promise, false),
        )
        .unwrap();
    assert_eq!(store.setting("greeting.en.promise").unwrap(), None);
    drop(store);

    let store = open(&dir);
    assert_eq!(
        store
            .greeting_template(OccasionKind::Birthday, true)
            .unwrap(),
        default_template(OccasionKind::Birthday, true)
    );
}

#[test]
fn a_blank_stored_value_reads_as_the_default() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    store.set_setting("greeting.en.festival", "   ").unwrap();
    assert_eq!(
        store
            .greeting_template(OccasionKind::Festival, false)
            .unwrap(),
        default_template(OccasionKind::Festival, false)
    );
}
