//! The `log` facade's back end: [`FileLog`] appends to `genjin.log` in the
//! data folder and, once the file passes [`ROTATE_BYTES`], renames it to
//! `genjin.1.log` (the older one to `genjin.2.log`; [`KEPT_OLD_FILES`] are
//! kept) and starts a fresh one. Logging never stops the app: when the file
//! cannot be opened or written, lines go to stderr instead. Depends on
//! nothing of ours.
//!
//! The level is `info` unless `GENJIN_LOG` names another (`warn`, `debug`,
//! `trace`, `off`, …).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use log::{LevelFilter, Log, Metadata, Record};

/// The log file's name in the data folder.
pub const LOG_FILE: &str = "genjin.log";
/// Past this size the log file is rotated.
pub const ROTATE_BYTES: u64 = 4 * 1024 * 1024;
/// How many rotated files are kept (`genjin.1.log`, `genjin.2.log`).
pub const KEPT_OLD_FILES: usize = 2;
/// The environment variable that sets the level.
pub const LEVEL_VAR: &str = "GENJIN_LOG";

/// The level asked for in [`LEVEL_VAR`], else `default`.
pub fn level_from_env(default: LevelFilter) -> LevelFilter {
    std::env::var(LEVEL_VAR)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// Logs the desktop app to [`LOG_FILE`] in `dir` (created if missing), or
/// to stderr when that file cannot be opened. Returns whether the file is
/// used. Calling it again (or after [`init_stderr`]) changes nothing.
pub fn init_file(dir: &Path) -> bool {
    let level = level_from_env(LevelFilter::Info);
    match FileLog::open(dir, ROTATE_BYTES, KEPT_OLD_FILES, level) {
        Ok(file) => install(Box::new(file), level),
        Err(e) => {
            eprintln!(
                "genjin: cannot open the log file in {}: {e}; logging to stderr",
                dir.display()
            );
            install(Box::new(StderrLog { level }), level);
            false
        }
    }
}

/// Logs to stderr at `default` (or the level in [`LEVEL_VAR`]): for the
/// command line, whose output is for scripts and whose runs leave no file.
pub fn init_stderr(default: LevelFilter) {
    let level = level_from_env(default);
    install(Box::new(StderrLog { level }), level);
}

/// Makes `logger` the global logger; false when one was already set.
fn install(logger: Box<dyn Log>, level: LevelFilter) -> bool {
    match log::set_boxed_logger(logger) {
        Ok(()) => {
            log::set_max_level(level);
            true
        }
        Err(_) => false,
    }
}

/// One log line: local time, level, module, message.
fn line(record: &Record) -> String {
    format!(
        "{} {:<5} {}: {}\n",
        chrono::Local::now().format("%Y-%m-%dT%H:%M:%S%.3f"),
        record.level(),
        record.target(),
        record.args()
    )
}

/// Writes log lines to stderr.
pub struct StderrLog {
    level: LevelFilter,
}

impl Log for StderrLog {
    fn enabled(&self, metadata: &Metadata) -> bool {
        metadata.level() <= self.level
    }

    fn log(&self, record: &Record) {
        if self.enabled(record.metadata()) {
            // Nowhere left to report a failed write to stderr.
            io::stderr().write_all(line(record).as_bytes()).ok();
        }
    }

    fn flush(&self) {
        io::stderr().flush().ok();
    }
}

/// Appends log lines to a file, rotating it by size.
pub struct FileLog {
    path: PathBuf,
    max_bytes: u64,
    keep: usize,
    level: LevelFilter,
    state: Mutex<State>,
}

struct State {
    /// `None` after a failed rotation left no file open; reopened on the next line.
    file: Option<File>,
    /// Bytes in the current file.
    written: u64,
}

fn append(path: &Path) -> io::Result<File> {
    OpenOptions::new().create(true).append(true).open(path)
}

impl FileLog {
    /// Opens (or creates) [`LOG_FILE`] in `dir` for appending; `max_bytes`
    /// is the size past which it is rotated, `keep` how many old files stay.
    pub fn open(dir: &Path, max_bytes: u64, keep: usize, level: LevelFilter) -> io::Result<Self> {
        fs::create_dir_all(dir)?;
        let path = dir.join(LOG_FILE);
        let file = append(&path)?;
        let written = file.metadata()?.len();
        Ok(FileLog {
            path,
            max_bytes,
            keep,
            level,
            state: Mutex::new(State {
                file: Some(file),
                written,
            }),
        })
    }

    /// The path of the current log file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The `n`th older file: `genjin.1.log`, `genjin.2.log`, …
    pub fn rotated_path(&self, n: usize) -> PathBuf {
        let stem = self.path.file_stem().unwrap_or_default().to_string_lossy();
        self.path.with_file_name(format!("{stem}.{n}.log"))
    }

    /// Shifts the old files up by one (the oldest falls off), moves the
    /// current file to `.1` and starts an empty one.
    fn rotate(&self, state: &mut State) -> io::Result<()> {
        state.file = None;
        if self.keep == 0 {
            fs::remove_file(&self.path)?;
        } else {
            for n in (1..self.keep).rev() {
                match fs::rename(self.rotated_path(n), self.rotated_path(n + 1)) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                    _ => {}
                }
            }
            fs::rename(&self.path, self.rotated_path(1))?;
        }
        state.file = Some(append(&self.path)?);
        state.written = 0;
        Ok(())
    }

    fn write_line(&self, text: &str) -> io::Result<()> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let len = text.len() as u64;
        if state.written > 0 && state.written + len > self.max_bytes {
            self.rotate(&mut state)?;
        }
        if state.file.is_none() {
            let file = append(&self.path)?;
            state.written = file.metadata()?.len();
            state.file = Some(file);
        }
        if let Some(file) = state.file.as_mut() {
            file.write_all(text.as_bytes())?;
        }
        state.written += len;
        Ok(())
    }
}

impl Log for FileLog {
    fn enabled(&self, metadata: &Metadata) -> bool {
        metadata.level() <= self.level
    }

    fn log(&self, record: &Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let text = line(record);
        if let Err(e) = self.write_line(&text) {
            // The line is not lost, and the app goes on.
            let note = format!("genjin: cannot write {}: {e}\n", self.path.display());
            io::stderr()
                .write_all(format!("{note}{text}").as_bytes())
                .ok();
        }
    }

    fn flush(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(file) = state.file.as_mut() {
            file.flush().ok();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use log::Level;

    fn log_at(logger: &dyn Log, level: Level, message: &str) {
        logger.log(
            &Record::builder()
                .level(level)
                .target("genjin::test")
                .args(format_args!("{message}"))
                .build(),
        );
    }

    #[test]
    fn lines_are_appended_with_level_and_module() {
        let dir = tempfile::TempDir::new().unwrap();
        let folder = dir.path().join("data");
        let log = FileLog::open(&folder, 1024 * 1024, 2, LevelFilter::Info).unwrap();
        assert_eq!(log.path(), folder.join("genjin.log"));
        log_at(&log, Level::Warn, "备份失败");
        log_at(&log, Level::Debug, "not at this level");
        log.flush();
        let text = fs::read_to_string(folder.join("genjin.log")).unwrap();
        assert!(text.ends_with(" WARN  genjin::test: 备份失败\n"), "{text}");
        assert_eq!(text.lines().count(), 1);

        let again = FileLog::open(&folder, 1024 * 1024, 2, LevelFilter::Info).unwrap();
        log_at(&again, Level::Error, "second run");
        let text = fs::read_to_string(folder.join("genjin.log")).unwrap();
        assert_eq!(text.lines().count(), 2, "a new run appends");
    }

    #[test]
    fn a_full_file_is_rotated_and_only_two_old_files_are_kept() {
        let dir = tempfile::TempDir::new().unwrap();
        let log = FileLog::open(dir.path(), 200, 2, LevelFilter::Info).unwrap();
        for i in 0..40 {
            log_at(
                &log,
                Level::Info,
                &format!("line {i:02} {}", "x".repeat(30)),
            );
        }
        let current = fs::read_to_string(dir.path().join("genjin.log")).unwrap();
        let older = fs::read_to_string(dir.path().join("genjin.1.log")).unwrap();
        let oldest = fs::read_to_string(dir.path().join("genjin.2.log")).unwrap();
        assert!(!dir.path().join("genjin.3.log").exists());
        assert!(current.len() <= 200 && older.len() <= 200 && oldest.len() <= 200);
        assert!(current.contains("line 39"));
        let first = |text: &str| {
            let at = text.find("line ").unwrap();
            text[at + 5..at + 7].parse::<u32>().unwrap()
        };
        assert!(first(&oldest) < first(&older) && first(&older) < first(&current));
        let files = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(files, 3);
    }

    #[test]
    fn a_folder_that_cannot_be_made_is_an_error_not_a_panic() {
        let dir = tempfile::TempDir::new().unwrap();
        let blocker = dir.path().join("file");
        fs::write(&blocker, "not a folder").unwrap();
        assert!(FileLog::open(&blocker.join("logs"), 1024, 2, LevelFilter::Info).is_err());
    }

    #[test]
    fn a_log_file_removed_while_running_is_made_again() {
        let dir = tempfile::TempDir::new().unwrap();
        let log = FileLog::open(dir.path(), 1024, 0, LevelFilter::Info).unwrap();
        log_at(&log, Level::Info, "one");
        let mut state = log.state.lock().unwrap();
        state.file = None;
        drop(state);
        log_at(&log, Level::Info, "two");
        let text = fs::read_to_string(dir.path().join("genjin.log")).unwrap();
        assert!(text.contains("one") && text.contains("two"));
    }
}
