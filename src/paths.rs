//! Where Genjin keeps its files: one data folder per platform
//! (`directories::ProjectDirs`), e.g. `%APPDATA%\Genjin\Genjin\data` on
//! Windows or `~/Library/Application Support/com.Genjin.Genjin` on macOS,
//! holding the book, its backups, the log, crash reports and the window's
//! state. [`DATA_DIR_VAR`] moves it (tests and portable setups).

use std::path::PathBuf;
use std::sync::OnceLock;

/// File name of the shop's real book inside the data folder.
pub const BOOK_FILE: &str = "genjin.sqlite";
/// File name of the demo shop, regenerated on demand, never the real book.
pub const DEMO_FILE: &str = "demo.sqlite";
/// File name of the window's state (size, language) kept by eframe.
pub const UI_STATE_FILE: &str = "ui-state.ron";
/// The environment variable that names another data folder.
pub const DATA_DIR_VAR: &str = "GENJIN_DATA_DIR";

/// A data folder set by the program itself (in-process tests), which
/// wins over [`DATA_DIR_VAR`]; set once.
static CHOSEN: OnceLock<PathBuf> = OnceLock::new();

/// Makes `dir` the data folder for the rest of the process (tests running
/// the library in-process, where changing the environment is unsound).
/// Returns the folder in force: `dir`, or the one set before.
pub fn set_data_dir(dir: PathBuf) -> &'static PathBuf {
    CHOSEN.get_or_init(|| dir)
}

/// The data folder: the one set with [`set_data_dir`], else the folder in
/// [`DATA_DIR_VAR`] when it is set and not empty, else the platform's, or
/// the current folder if the platform has none.
pub fn data_dir() -> PathBuf {
    if let Some(dir) = CHOSEN.get() {
        return dir.clone();
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_VAR).filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("com", "Genjin", "Genjin")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The default database: the shop's real book.
pub fn default_db() -> PathBuf {
    data_dir().join(BOOK_FILE)
}

/// The demo shop database.
pub fn demo_db() -> PathBuf {
    data_dir().join(DEMO_FILE)
}
