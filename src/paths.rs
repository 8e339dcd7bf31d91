//! Where Genjin keeps its files: one data folder per platform
//! (`directories::ProjectDirs`), e.g. `%APPDATA%\Genjin\Genjin\data` on
//! Windows or `~/Library/Application Support/com.Genjin.Genjin` on macOS,
//! holding the book, its backups, the log, crash reports and the window's
//! state. [`DATA_DIR_VAR`] moves it (tests and portable setups).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
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

/// Whether the data folder was moved by [`set_data_dir`] or [`DATA_DIR_VAR`].
fn data_dir_is_chosen() -> bool {
    CHOSEN.get().is_some() || std::env::var_os(DATA_DIR_VAR).is_some_and(|v| !v.is_empty())
}

/// The window's state file eframe keeps (`NativeOptions::persistence_path`).
pub fn ui_state_file() -> PathBuf {
    data_dir().join(UI_STATE_FILE)
}

/// Where eframe kept the window's state before it moved into the data
/// folder: its own folder for the app id "Genjin" (`%APPDATA%\Genjin\data`
/// on Windows, `~/Library/Application Support/Genjin` on macOS, the data
/// folder itself on Linux). `None` when the data folder was chosen (a test
/// or portable folder adopts nothing from the user's own).
pub fn old_ui_state_file() -> Option<PathBuf> {
    if data_dir_is_chosen() {
        return None;
    }
    eframe::storage_dir("Genjin").map(|dir| dir.join("app.ron"))
}

/// What [`move_ui_state`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiStateMove {
    /// There was no old file.
    NoOldFile,
    /// The new file is there already; the old one is left alone.
    NewAlreadyThere,
    /// The old file now is the new one.
    Moved,
}

/// Moves the window's state from `old` to `new` when `new` does not exist
/// yet (never overwriting it): a rename, or a copy through `atomic_write`
/// and removal where a rename cannot (another drive). The old file's
/// folder is removed when that left it empty.
pub fn move_ui_state(old: &Path, new: &Path) -> io::Result<UiStateMove> {
    if !old.is_file() {
        return Ok(UiStateMove::NoOldFile);
    }
    if new.exists() {
        return Ok(UiStateMove::NewAlreadyThere);
    }
    if let Some(parent) = new.parent() {
        fs::create_dir_all(parent)?;
    }
    if fs::rename(old, new).is_err() {
        crate::atomic_write::write_bytes(new, &fs::read(old)?)?;
        fs::remove_file(old)?;
    }
    if let Some(folder) = old.parent()
        && new.parent() != Some(folder)
        && fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_none())
        && let Err(e) = fs::remove_dir(folder)
    {
        log::warn!("cannot remove the emptied folder {}: {e}", folder.display());
    }
    Ok(UiStateMove::Moved)
}

/// At the window's start: brings the state eframe kept in its own folder
/// into the data folder ([`move_ui_state`]); what moved, or why not, is
/// logged, never fatal.
pub fn adopt_old_ui_state() {
    let Some(old) = old_ui_state_file() else {
        return;
    };
    let new = ui_state_file();
    match move_ui_state(&old, &new) {
        Ok(UiStateMove::Moved) => {
            log::info!(
                "moved the window state {} to {}",
                old.display(),
                new.display()
            );
        }
        Ok(UiStateMove::NewAlreadyThere) => {
            log::info!(
                "left the old window state {} alone: {} exists",
                old.display(),
                new.display()
            );
        }
        Ok(UiStateMove::NoOldFile) => {}
        Err(e) => log::warn!(
            "cannot move the window state {} to {}: {e}",
            old.display(),
            new.display()
        ),
    }
}

/// The default database: the shop's real book.
pub fn default_db() -> PathBuf {
    data_dir().join(BOOK_FILE)
}

/// The demo shop database.
pub fn demo_db() -> PathBuf {
    data_dir().join(DEMO_FILE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_old_state_moves_into_the_data_folder_and_its_emptied_folder_goes() {
        let dir = tempfile::TempDir::new().unwrap();
        let old_dir = dir.path().join("Genjin").join("data");
        fs::create_dir_all(&old_dir).unwrap();
        let old = old_dir.join("app.ron");
        fs::write(&old, "{\"genjin-prefs\":\"(language:English)\"}").unwrap();
        let new = dir
            .path()
            .join("Genjin")
            .join("Genjin")
            .join("data")
            .join(UI_STATE_FILE);
        assert_eq!(move_ui_state(&old, &new).unwrap(), UiStateMove::Moved);
        assert!(fs::read_to_string(&new).unwrap().contains("English"));
        assert!(!old.exists());
        assert!(!old_dir.exists(), "the emptied old folder is removed");
        assert!(dir.path().join("Genjin").exists());
        assert_eq!(move_ui_state(&old, &new).unwrap(), UiStateMove::NoOldFile);
    }

    #[test]
    fn an_existing_new_state_is_never_overwritten() {
        let dir = tempfile::TempDir::new().unwrap();
        let old = dir.path().join("old").join("app.ron");
        fs::create_dir_all(old.parent().unwrap()).unwrap();
        fs::write(&old, "old").unwrap();
        let new = dir.path().join("data").join(UI_STATE_FILE);
        fs::create_dir_all(new.parent().unwrap()).unwrap();
        fs::write(&new, "new").unwrap();
        assert_eq!(
            move_ui_state(&old, &new).unwrap(),
            UiStateMove::NewAlreadyThere
        );
        assert_eq!(fs::read_to_string(&new).unwrap(), "new");
        assert_eq!(fs::read_to_string(&old).unwrap(), "old");
    }

    #[test]
    fn a_folder_shared_with_the_book_stays() {
        // Linux: eframe's folder for "Genjin" is the data folder itself.
        let dir = tempfile::TempDir::new().unwrap();
        let old = dir.path().join("app.ron");
        fs::write(&old, "state").unwrap();
        let new = dir.path().join(UI_STATE_FILE);
        assert_eq!(move_ui_state(&old, &new).unwrap(), UiStateMove::Moved);
        assert_eq!(fs::read_to_string(&new).unwrap(), "state");
        assert!(dir.path().exists());
    }

    #[test]
    fn a_state_that_cannot_be_placed_is_an_error_and_stays() {
        let dir = tempfile::TempDir::new().unwrap();
        let old = dir.path().join("app.ron");
        fs::write(&old, "state").unwrap();
        let blocker = dir.path().join("file");
        fs::write(&blocker, "not a folder").unwrap();
        assert!(move_ui_state(&old, &blocker.join("data").join(UI_STATE_FILE)).is_err());
        assert_eq!(fs::read_to_string(&old).unwrap(), "state");
    }
}
