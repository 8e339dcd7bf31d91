//! How `genjin` without a subcommand would open the window, read through
//! `GENJIN_PRINT_LAUNCH` (the plan as JSON, no window): `genjin BOOK` opens
//! that book like `--db BOOK` (a file association's double-click), a word
//! that is neither a subcommand nor a file is refused, `--renderer` is
//! passed on, and the subcommands work as before.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

fn genjin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_genjin"))
        .args(args)
        .output()
        .expect("the genjin binary runs")
}

/// The launch plan for `args`, with the window left closed.
fn plan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_genjin"))
        .args(args)
        .env("GENJIN_PRINT_LAUNCH", "1")
        .output()
        .expect("the genjin binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Value {
    assert!(o.status.success(), "failed: {}", stderr(o));
    serde_json::from_slice(&o.stdout).expect("the plan is JSON")
}

fn book(dir: &Path) -> String {
    let path = dir.join("店里的 book.sqlite");
    std::fs::write(&path, b"").expect("the test file is written");
    path.display().to_string()
}

#[test]
fn help_lists_the_subcommands_the_book_argument_and_the_renderer() {
    let o = genjin(&["--help"]);
    assert!(o.status.success());
    let help = String::from_utf8_lossy(&o.stdout);
    for word in ["check", "customers", "backup", "import", "export", "[BOOK]"] {
        assert!(help.contains(word), "help lacks {word}: {help}");
    }
    assert!(help.contains("--renderer"), "{help}");
}

#[test]
fn a_bare_book_path_opens_that_book_like_db() {
    let dir = TempDir::new().unwrap();
    let path = book(dir.path());
    let o = plan(&[&path]);
    assert!(
        !stderr(&o).contains("unrecognized subcommand"),
        "{}",
        stderr(&o)
    );
    let plan = json(&o);
    assert_eq!(plan["db"], Value::String(path.clone()));
    assert_eq!(plan["demo"], Value::Bool(false));
    assert_eq!(plan["renderer"], Value::Null);
    assert_eq!(json(&self::plan(&["--db", &path])), plan);
}

#[test]
fn the_renderer_choice_is_passed_on_and_checked() {
    assert_eq!(json(&plan(&["--renderer", "glow"]))["renderer"], "glow");
    assert_eq!(json(&plan(&["--renderer", "auto"]))["renderer"], "auto");
    let o = plan(&["--renderer", "opengl"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("possible values: auto, wgpu, glow"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_word_that_is_neither_subcommand_nor_file_is_refused() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("chek");
    let o = plan(&[&missing.display().to_string()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("neither a subcommand nor an existing book file"),
        "{}",
        stderr(&o)
    );
    assert!(!missing.exists(), "no book was created");
}

#[test]
fn a_book_goes_with_the_window_only() {
    let dir = TempDir::new().unwrap();
    let path = book(dir.path());
    let o = genjin(&[&path, "check"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--db"), "{}", stderr(&o));
    let o = plan(&["--db", &path, &path]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = plan(&["--demo", &path]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn subcommands_still_take_db_before_or_after() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("demo.sqlite").display().to_string();
    let o = genjin(&["--db", &db, "demo", "--customers", "3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = genjin(&["customers", "--db", &db, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = genjin(&["--db", &db, "check"]);
    assert!(o.status.success(), "{}", stderr(&o));
}
