//! One window per data folder, with the test playing the running window
//! through the library's listener: `genjin BOOK` hands the book (as an
//! absolute path) to it and exits 0 without a window; `genjin quit-running`
//! asks it to close and waits until it has gone, fails with exit 3 when it
//! stays, and says so when nothing is running.

use std::path::Path;
use std::process::Output;

use genjin::instance::{self, Request};
use tempfile::TempDir;

fn run(data: &Path, cwd: &Path, args: &[&str]) -> Output {
    crate::genjin()
        .env("GENJIN_DATA_DIR", data)
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("the genjin binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_second_launch_hands_its_book_to_the_running_window_and_exits() {
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("data");
    let book = dir.path().join("店里的 book.sqlite");
    std::fs::write(&book, b"").unwrap();
    let list = dir.path().join("list.csv");
    std::fs::write(&list, b"name\n").unwrap();
    let inbox = instance::listen(&data).unwrap().serve().unwrap();

    // Relative paths: the window has another current folder.
    let o = run(
        &data,
        dir.path(),
        &["店里的 book.sqlite", "--import", "list.csv"],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), "");
    let requests = inbox.take();
    let [
        Request::Show {
            book: Some(sent),
            demo: false,
            import: Some(import),
        },
    ] = &requests[..]
    else {
        panic!("one show request with the book: {requests:?}");
    };
    assert!(sent.is_absolute() && import.is_absolute(), "{requests:?}");
    assert_eq!(sent.canonicalize().unwrap(), book.canonicalize().unwrap());
    assert_eq!(import.canonicalize().unwrap(), list.canonicalize().unwrap());

    // A bare launch only brings the window forward.
    let o = run(&data, dir.path(), &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(inbox.take(), vec![Request::show()]);
}

#[test]
fn quit_running_waits_until_the_window_has_gone() {
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("data");
    let window = instance::listen(&data).unwrap();
    let plays_the_window = std::thread::Builder::new()
        .name("test-window".to_owned())
        .spawn(move || {
            let request = window.answer_next();
            drop(window);
            request
        })
        .unwrap();
    let o = run(&data, dir.path(), &["quit-running", "--wait", "60"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("has closed"),
        "{}",
        text(&o.stdout)
    );
    assert_eq!(plays_the_window.join().unwrap().unwrap(), Request::Close);
}

#[test]
fn quit_running_fails_while_the_window_stays_open() {
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("data");
    let inbox = instance::listen(&data).unwrap().serve().unwrap();
    let o = run(&data, dir.path(), &["quit-running", "--wait", "1"]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("still open"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(inbox.take(), vec![Request::Close]);
}

#[test]
fn quit_running_with_nothing_running_says_so() {
    let dir = TempDir::new().unwrap();
    let o = run(&dir.path().join("data"), dir.path(), &["quit-running"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), "no Genjin window is running\n");
    let help = run(&dir.path().join("data"), dir.path(), &["--help"]);
    assert!(
        text(&help.stdout).contains("quit-running"),
        "{}",
        text(&help.stdout)
    );
}
