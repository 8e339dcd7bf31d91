//! The window's preferences (language, renderer), kept in eframe's storage
//! rather than in the shop's book. The renderer must be known before the
//! window exists, so [`read_before_window`] reads eframe's `app.ron` itself.

use std::path::{Path, PathBuf};

use crate::i18n::Language;
use crate::ui::renderer::RendererChoice;

/// eframe's application name: the title fallback and its storage folder.
pub const APP_NAME: &str = "Genjin";

/// The key under which the preferences are stored.
pub const KEY: &str = "genjin-prefs";

/// UI preferences kept in eframe's storage, not in the shop's database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Prefs {
    pub language: Language,
    /// Missing in files written before it existed: `auto`.
    #[serde(default)]
    pub renderer: RendererChoice,
}

impl Prefs {
    /// The stored preferences, if any.
    pub fn load(storage: &dyn eframe::Storage) -> Option<Prefs> {
        eframe::get_value(storage, KEY)
    }

    pub fn save(self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, KEY, &self);
    }
}

/// eframe's storage file: `persistence_path` when set, else its default.
pub fn storage_file(persistence_path: Option<&Path>) -> Option<PathBuf> {
    match persistence_path {
        Some(path) => Some(path.to_path_buf()),
        None => eframe::storage_dir(APP_NAME).map(|dir| dir.join("app.ron")),
    }
}

/// The preferences in eframe's storage file, read before the window opens
/// (a missing file is no preference; an unreadable one is logged).
pub fn read_before_window(file: &Path) -> Option<Prefs> {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            log::warn!("cannot read the preferences in {}: {e}", file.display());
            return None;
        }
    };
    let parsed = ron::from_str::<std::collections::HashMap<String, String>>(&text)
        .map_err(|e| e.to_string())
        .and_then(|map| match map.get(KEY) {
            Some(value) => ron::from_str::<Prefs>(value)
                .map(Some)
                .map_err(|e| e.to_string()),
            None => Ok(None),
        });
    match parsed {
        Ok(prefs) => prefs,
        Err(e) => {
            log::warn!("cannot read the preferences in {}: {e}", file.display());
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// eframe's storage in memory, written to a file the way eframe does.
    #[derive(Default)]
    struct MemoryStorage(HashMap<String, String>);

    impl eframe::Storage for MemoryStorage {
        fn get_string(&self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }
        fn set_string(&mut self, key: &str, value: String) {
            self.0.insert(key.to_owned(), value);
        }
        fn remove_string(&mut self, key: &str) {
            self.0.remove(key);
        }
        fn flush(&mut self) {}
    }

    #[test]
    fn a_saved_choice_is_read_back_before_the_window_opens() {
        let mut storage = MemoryStorage::default();
        let prefs = Prefs {
            language: Language::English,
            renderer: RendererChoice::Glow,
        };
        prefs.save(&mut storage);
        assert_eq!(Prefs::load(&storage), Some(prefs));

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("app.ron");
        let text = ron::ser::to_string_pretty(&storage.0, Default::default()).unwrap();
        std::fs::write(&file, text).unwrap();
        assert_eq!(read_before_window(&file), Some(prefs));
    }

    #[test]
    fn older_prefs_without_a_renderer_mean_auto() {
        use eframe::Storage as _;
        let mut storage = MemoryStorage::default();
        storage.set_string(KEY, "(language:Chinese)".to_owned());
        let prefs = Prefs::load(&storage).unwrap();
        assert_eq!(prefs.language, Language::Chinese);
        assert_eq!(prefs.renderer, RendererChoice::Auto);
    }

    #[test]
    fn a_missing_or_broken_file_is_no_preference() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("app.ron");
        assert_eq!(read_before_window(&file), None);
        std::fs::write(&file, "not ron at all {").unwrap();
        assert_eq!(read_before_window(&file), None);
    }
}
