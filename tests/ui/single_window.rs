//! Requests handed over by a later launch (`genjin BOOK` while the window
//! is open), posted straight into the app's inbox without a socket: another
//! book opens, behind the unsaved-changes question when a card is being
//! edited; the book already open stays open; a close request closes the
//! window the normal way.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use genjin::instance::{Postbox, Request, pair};
use genjin::store::Store;
use genjin::ui::{GenjinApp, Section};
use tempfile::TempDir;

use crate::common::app_harness::open_app;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 4).expect("the test setup works")
}

/// The app on `a.sqlite` listening to the returned postbox, and a second
/// book `b.sqlite` with one customer beside it.
fn app_with_second_book(dir: &TempDir) -> (Harness<'static, GenjinApp>, Postbox, PathBuf) {
    let second = dir.path().join("b.sqlite");
    drop(Store::open(&second).expect("the second book is made"));
    let mut h = open_app(&dir.path().join("a.sqlite"), today(), 800.0);
    let (postbox, inbox) = pair();
    h.state_mut().listen_to(inbox);
    h.run();
    (h, postbox, second)
}

fn open_book(h: &Harness<'static, GenjinApp>) -> PathBuf {
    h.state()
        .store()
        .and_then(Store::path)
        .map(Path::to_path_buf)
        .expect("a book is open")
}

fn show(book: &Path) -> Request {
    Request::Show {
        book: Some(book.to_path_buf()),
        demo: false,
        import: None,
    }
}

#[test]
fn a_forwarded_book_is_opened_in_the_running_window() {
    let dir = TempDir::new().unwrap();
    let (mut h, postbox, second) = app_with_second_book(&dir);
    assert_eq!(open_book(&h), dir.path().join("a.sqlite"));
    assert!(postbox.post(show(&second)));
    h.run();
    assert_eq!(open_book(&h), second);
    assert_eq!(h.state().section(), Section::Home);
}

#[test]
fn the_book_already_open_is_only_brought_forward() {
    let dir = TempDir::new().unwrap();
    let (mut h, postbox, _) = app_with_second_book(&dir);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    h.run();
    let section = h.state().section();
    assert_ne!(section, Section::Home);
    assert!(postbox.post(show(&dir.path().join("a.sqlite"))));
    assert!(postbox.post(Request::show()));
    h.run();
    assert_eq!(open_book(&h), dir.path().join("a.sqlite"));
    assert_eq!(h.state().section(), section, "nothing was reopened");
}

#[test]
fn a_dirty_card_asks_before_the_forwarded_book_opens() {
    let dir = TempDir::new().unwrap();
    let (mut h, postbox, second) = app_with_second_book(&dir);
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "姓名").focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "姓名")
        .type_text("孙七");
    h.run();
    assert!(postbox.post(show(&second)));
    h.run();
    h.get_by_label("有未保存的修改");
    assert_eq!(
        open_book(&h),
        dir.path().join("a.sqlite"),
        "held until asked"
    );
    h.get_by_label("保存后继续").click();
    h.run();
    assert_eq!(open_book(&h), second);
    let first = Store::open(&dir.path().join("a.sqlite")).expect("the first book opens");
    assert_eq!(
        first.customer_count().unwrap(),
        1,
        "the card was saved first"
    );
}

/// The viewport commands of the last frame.
fn commands(h: &Harness<'static, GenjinApp>) -> Vec<egui::ViewportCommand> {
    h.output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .map(|v| v.commands.clone())
        .unwrap_or_default()
}

#[test]
fn a_forwarded_launch_brings_the_window_forward_and_a_close_request_closes_it() {
    let dir = TempDir::new().unwrap();
    let (mut h, postbox, _) = app_with_second_book(&dir);
    assert!(postbox.post(Request::show()));
    h.step();
    let sent = commands(&h);
    assert!(sent.contains(&egui::ViewportCommand::Focus), "{sent:?}");
    assert!(
        sent.contains(&egui::ViewportCommand::Minimized(false)),
        "{sent:?}"
    );
    assert!(!sent.contains(&egui::ViewportCommand::Close), "{sent:?}");

    assert!(postbox.post(Request::Close));
    h.step();
    let sent = commands(&h);
    assert!(sent.contains(&egui::ViewportCommand::Close), "{sent:?}");
}
