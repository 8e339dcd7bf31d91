//! Crash reports: [`install`] adds a panic hook that writes a text file
//! into `<data folder>/crashes/` (`crash-2026-12-04T101500.txt`) with the
//! version, system, thread, the panic's message (cut to
//! [`MESSAGE_CHARS`]) and place, a backtrace and the last lines of
//! `genjin.log`, then hands the panic on to the previous hook. The window
//! shows the newest report not yet acknowledged ([`unacknowledged`],
//! [`acknowledge`]). Uses only the leaf helpers `atomic_write` and
//! `logging`.
//!
//! No customer data goes in: the message is the panic's own text (which
//! may quote a value, hence the cut), and the log holds paths, counts, ids
//! and error codes; numbers of 7 or more digits in it are masked anyway,
//! in case a phone number ever reaches it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The folder in the data folder that holds the reports.
pub const CRASH_DIR: &str = "crashes";
/// The file in the data folder naming the last report the user dismissed.
pub const ACKNOWLEDGED_FILE: &str = "crash-acknowledged.txt";
/// For tests only: when set to `1`, the binary panics right after starting
/// (after the hook is installed), so a test can find the report it leaves.
pub const TEST_PANIC_VAR: &str = "GENJIN_TEST_PANIC";
/// How much of the panic message is kept.
pub const MESSAGE_CHARS: usize = 500;
/// How many of the log's last lines are copied.
pub const LOG_LINES: usize = 50;

/// What a report says, gathered by the hook.
#[derive(Debug, Clone)]
pub struct Crash<'a> {
    pub version: &'a str,
    pub os: &'a str,
    pub arch: &'a str,
    pub thread: &'a str,
    pub message: &'a str,
    pub location: &'a str,
    pub backtrace: &'a str,
    pub log_tail: &'a [String],
}

/// The text of a report.
pub fn report_text(crash: &Crash<'_>) -> String {
    let mut text = String::new();
    text.push_str(
        "Genjin panicked (an internal error). On the main thread that closes Genjin; \
         a background report that panics is shown as failed and the window goes on.\n",
    );
    text.push_str(
        "Only the panic's message and location, a backtrace and the last lines of \
         genjin.log are included: no customer data, no part of the book.\n\n",
    );
    text.push_str(&format!("version:  {}\n", crash.version));
    text.push_str(&format!("system:   {} {}\n", crash.os, crash.arch));
    text.push_str(&format!("thread:   {}\n", crash.thread));
    text.push_str(&format!("location: {}\n", crash.location));
    text.push_str(&format!(
        "message:  {}\n",
        truncate_chars(crash.message, MESSAGE_CHARS)
    ));
    text.push_str("\nbacktrace:\n");
    text.push_str(crash.backtrace.trim_end());
    text.push_str(&format!(
        "\n\nlast {} lines of genjin.log:\n",
        crash.log_tail.len()
    ));
    for line in crash.log_tail {
        text.push_str(&mask_long_numbers(line));
        text.push('\n');
    }
    text
}

/// `text` cut to `max` characters (on a character boundary), with `…` when cut.
pub fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// `line` with every run of 7 or more digits replaced by as many `#`.
pub fn mask_long_numbers(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if digits.chars().count() >= 7 {
            out.extend(digits.chars().map(|_| '#'));
        } else {
            out.push_str(digits);
        }
        digits.clear();
    };
    for c in line.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out);
    out
}

/// The last `n` lines of `text`.
pub fn last_lines(text: &str, n: usize) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let from = lines.len().saturating_sub(n);
    lines[from..].iter().map(|l| l.to_string()).collect()
}

/// A report's file name for the local time `at`.
pub fn report_name(at: chrono::NaiveDateTime) -> String {
    format!("crash-{}.txt", at.format("%Y-%m-%dT%H%M%S"))
}

/// The order of a report by its name: the time, then the number a second
/// report of the same second gets (`crash-…T101500-2.txt`). `None` for a
/// file that is not a report.
fn report_key(name: &str) -> Option<(String, u32)> {
    let stem = name.strip_prefix("crash-")?.strip_suffix(".txt")?;
    let time = stem.get(..17)?;
    let number = match stem.get(17..)? {
        "" => 0,
        rest => rest.strip_prefix('-')?.parse().ok()?,
    };
    chrono::NaiveDateTime::parse_from_str(time, "%Y-%m-%dT%H%M%S").ok()?;
    Some((time.to_string(), number))
}

/// Writes `text` as a new report in `crash_dir` (made if missing) for the
/// time `at`; never replaces an earlier report. Returns its path.
pub fn write_report(
    crash_dir: &Path,
    at: chrono::NaiveDateTime,
    text: &str,
) -> io::Result<PathBuf> {
    fs::create_dir_all(crash_dir)?;
    let first = report_name(at);
    let mut path = crash_dir.join(&first);
    let mut n = 2;
    while path.exists() {
        path = crash_dir.join(first.replace(".txt", &format!("-{n}.txt")));
        n += 1;
    }
    crate::atomic_write::write_bytes(&path, text.as_bytes())?;
    Ok(path)
}

/// The newest report in `data_dir`'s crash folder that is newer than the
/// acknowledged one, if any. A folder that cannot be read is logged.
pub fn unacknowledged(data_dir: &Path) -> Option<PathBuf> {
    let dir = data_dir.join(CRASH_DIR);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
        Err(e) => {
            log::warn!("cannot list the crash reports in {}: {e}", dir.display());
            return None;
        }
    };
    let newest = entries
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            Some((report_key(&name)?, name))
        })
        .max()?;
    let seen = fs::read_to_string(data_dir.join(ACKNOWLEDGED_FILE))
        .ok()
        .and_then(|name| report_key(name.trim()));
    if seen.is_some_and(|seen| seen >= newest.0) {
        return None;
    }
    Some(dir.join(newest.1))
}

/// Remembers `report` as seen, so it is not shown again.
pub fn acknowledge(data_dir: &Path, report: &Path) -> io::Result<()> {
    let name = report
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    fs::create_dir_all(data_dir)?;
    crate::atomic_write::write_bytes(&data_dir.join(ACKNOWLEDGED_FILE), name.as_bytes())
}

/// Installs the panic hook writing reports into `data_dir`'s crash folder;
/// the hook then calls the one that was there before (which prints the
/// panic to stderr).
pub fn install(data_dir: PathBuf) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let thread = std::thread::current();
        let message = info
            .payload_as_str()
            .unwrap_or("(a panic without a message)");
        let location = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_else(|| "(unknown)".into());
        let backtrace = std::backtrace::Backtrace::force_capture().to_string();
        let log_tail = fs::read_to_string(data_dir.join(crate::logging::LOG_FILE))
            .map(|text| last_lines(&text, LOG_LINES))
            .unwrap_or_default();
        let text = report_text(&Crash {
            version: env!("CARGO_PKG_VERSION"),
            os: std::env::consts::OS,
            arch: std::env::consts::ARCH,
            thread: thread.name().unwrap_or("(unnamed)"),
            message,
            location: &location,
            backtrace: &backtrace,
            log_tail: &log_tail,
        });
        // Not through the logger: the panic may have come from inside it.
        match write_report(
            &data_dir.join(CRASH_DIR),
            chrono::Local::now().naive_local(),
            &text,
        ) {
            Ok(path) => eprintln!("genjin: crash report written to {}", path.display()),
            Err(e) => eprintln!(
                "genjin: cannot write a crash report into {}: {e}",
                data_dir.display()
            ),
        }
        previous(info);
    }));
}

/// Panics when [`TEST_PANIC_VAR`] is `1` (the crash-report test's way in).
pub fn panic_if_asked() {
    if std::env::var_os(TEST_PANIC_VAR).is_some_and(|v| v == "1") {
        panic!("test panic asked for by {TEST_PANIC_VAR}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> chrono::NaiveDateTime {
        chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").unwrap()
    }

    #[test]
    fn a_report_holds_every_piece_and_a_cut_message() {
        let long = format!("客户 {}", "x".repeat(2000));
        let tail = vec![
            "2026-12-04T10:14:59.001 INFO  genjin::store: opened".to_string(),
            "2026-12-04T10:15:00.002 WARN  genjin::ui: phone 13800138000".to_string(),
        ];
        let text = report_text(&Crash {
            version: "1.2.3",
            os: "windows",
            arch: "x86_64",
            thread: "backup",
            message: &long,
            location: "src/ui/app.rs:10:5",
            backtrace: "   0: genjin::main\n",
            log_tail: &tail,
        });
        for piece in [
            "version:  1.2.3",
            "system:   windows x86_64",
            "thread:   backup",
            "location: src/ui/app.rs:10:5",
            "0: genjin::main",
            "genjin::store: opened",
            "last 2 lines of genjin.log",
            "Only the panic's message and location",
        ] {
            assert!(text.contains(piece), "{piece} missing from\n{text}");
        }
        let message = text.lines().find(|l| l.starts_with("message:")).unwrap();
        assert_eq!(
            message.trim_start_matches("message:  ").chars().count(),
            501
        );
        assert!(message.ends_with('…'));
        assert!(!text.contains("13800138000"), "{text}");
        assert!(text.contains("phone ###########"));
        assert!(
            text.contains("2026-12-04T10:15:00.002"),
            "times are not masked"
        );
    }

    #[test]
    fn a_short_message_is_kept_whole() {
        assert_eq!(
            truncate_chars("index out of bounds", 500),
            "index out of bounds"
        );
        assert_eq!(truncate_chars("张三李四", 2), "张三…");
    }

    #[test]
    fn the_log_tail_is_the_last_lines() {
        let text: String = (0..80).map(|i| format!("line {i}\n")).collect();
        let tail = last_lines(&text, LOG_LINES);
        assert_eq!(tail.len(), 50);
        assert_eq!(tail[0], "line 30");
        assert_eq!(tail[49], "line 79");
        assert_eq!(last_lines("one\n", 50), vec!["one".to_string()]);
    }

    #[test]
    fn reports_are_named_by_time_and_never_replaced() {
        let dir = tempfile::TempDir::new().unwrap();
        let crashes = dir.path().join(CRASH_DIR);
        let first = write_report(&crashes, at("2026-12-04T10:15:00"), "one").unwrap();
        let second = write_report(&crashes, at("2026-12-04T10:15:00"), "two").unwrap();
        assert_eq!(first.file_name().unwrap(), "crash-2026-12-04T101500.txt");
        assert_eq!(second.file_name().unwrap(), "crash-2026-12-04T101500-2.txt");
        assert_eq!(fs::read_to_string(&first).unwrap(), "one");
        assert_eq!(unacknowledged(dir.path()), Some(second.clone()));
    }

    #[test]
    fn only_a_report_newer_than_the_acknowledged_one_is_shown() {
        let dir = tempfile::TempDir::new().unwrap();
        assert_eq!(unacknowledged(dir.path()), None);
        let crashes = dir.path().join(CRASH_DIR);
        let old = write_report(&crashes, at("2026-11-30T08:00:00"), "old").unwrap();
        fs::write(crashes.join("notes.txt"), "not a report").unwrap();
        assert_eq!(unacknowledged(dir.path()), Some(old.clone()));
        acknowledge(dir.path(), &old).unwrap();
        assert_eq!(unacknowledged(dir.path()), None);
        let new = write_report(&crashes, at("2026-12-04T10:15:00"), "new").unwrap();
        assert_eq!(unacknowledged(dir.path()), Some(new.clone()));
        acknowledge(dir.path(), &new).unwrap();
        assert_eq!(unacknowledged(dir.path()), None);
    }
}
