//! The panic hook in the built binary: with `GENJIN_TEST_PANIC=1` (for
//! tests only) it panics right after starting, and the report lands in the
//! crash folder of the data folder named by `GENJIN_DATA_DIR`, for the
//! command line and the window alike.

use std::process::Command;

use tempfile::TempDir;

fn reports(data: &std::path::Path) -> Vec<std::path::PathBuf> {
    match std::fs::read_dir(data.join("crashes")) {
        Ok(entries) => entries
            .map(|e| e.expect("the crash folder lists").path())
            .collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn a_panic_leaves_a_crash_report_in_the_data_folder() {
    for args in [vec!["check", "--db", "no-such.sqlite"], vec![]] {
        let dir = TempDir::new().unwrap();
        let data = dir.path().join("data");
        let out = Command::new(env!("CARGO_BIN_EXE_genjin"))
            .args(&args)
            .current_dir(dir.path())
            .env("GENJIN_DATA_DIR", &data)
            .env("GENJIN_TEST_PANIC", "1")
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let found = reports(&data);
        assert_eq!(found.len(), 1, "{args:?}: {found:?}\n{stderr}");
        let name = found[0].file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("crash-") && name.ends_with(".txt"),
            "{name}"
        );
        assert!(stderr.contains("crash report written to"), "{stderr}");
        assert!(stderr.contains(&name), "{stderr}");
        // The previous hook still ran: the usual panic message is there.
        assert!(
            stderr.contains("test panic asked for by GENJIN_TEST_PANIC"),
            "{stderr}"
        );
        let text = std::fs::read_to_string(&found[0]).unwrap();
        for piece in [
            concat!("version:  ", env!("CARGO_PKG_VERSION")),
            "thread:   main",
            "message:  test panic asked for by GENJIN_TEST_PANIC",
            "location: src/crash.rs:",
            "backtrace:",
            "no customer data",
        ] {
            assert!(text.contains(piece), "{piece} missing from\n{text}");
        }
    }
}

#[test]
fn without_the_test_variable_nothing_is_written() {
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("data");
    let db = dir.path().join("shop.sqlite");
    let out = Command::new(env!("CARGO_BIN_EXE_genjin"))
        .args(["demo", "--db"])
        .arg(&db)
        .args(["--customers", "5"])
        .env("GENJIN_DATA_DIR", &data)
        .env_remove("GENJIN_TEST_PANIC")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(reports(&data).is_empty());
}
