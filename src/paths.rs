//! Where Genjin keeps its files: the platform data folder
//! (`directories::ProjectDirs`), e.g. `%APPDATA%\Genjin\Genjin\data` on
//! Windows or `~/Library/Application Support/com.Genjin.Genjin` on macOS.

use std::path::PathBuf;

/// File name of the shop's real book inside the data folder.
pub const BOOK_FILE: &str = "genjin.sqlite";
/// File name of the demo shop, regenerated on demand, never the real book.
pub const DEMO_FILE: &str = "demo.sqlite";

/// The platform data folder, or the current folder if the platform has none.
pub fn data_dir() -> PathBuf {
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
