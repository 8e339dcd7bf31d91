//! Where the running window listens: a name derived from the data folder
//! (a short SHA-256 of its absolute path after "genjin-"), so two users, or
//! a test's own data folder, never reach each other's window. A named pipe
//! on Windows and the abstract namespace on Linux, which vanish with the
//! process; elsewhere (macOS) a socket file in the per-user temp folder.

use std::borrow::Cow;
use std::io;
use std::path::{Path, PathBuf};

use interprocess::local_socket::{GenericFilePath, GenericNamespaced, Name, ToFsName, ToNsName};
use sha2::{Digest, Sha256};

/// The socket of one data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocketName {
    key: String,
    /// The socket file, on platforms without a namespace for sockets.
    file: Option<PathBuf>,
}

impl SocketName {
    /// The socket of the window using `data_dir`.
    pub fn for_data_dir(data_dir: &Path) -> SocketName {
        let key = key(data_dir);
        let file = socket_file(&key);
        SocketName { key, file }
    }

    /// "genjin-" and 16 hex digits, the same in every process for a folder.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The socket file where the platform needs one (macOS, the BSDs).
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// The name for `interprocess`.
    pub(crate) fn name(&self) -> io::Result<Name<'_>> {
        match &self.file {
            Some(file) => file.as_os_str().to_fs_name::<GenericFilePath>(),
            None => self.key.as_str().to_ns_name::<GenericNamespaced>(),
        }
    }
}

/// "genjin-" and the first 8 bytes of the SHA-256 of the folder's absolute
/// path (as written, not resolved: it need not exist yet), in hex.
pub fn key(data_dir: &Path) -> String {
    let absolute = std::path::absolute(data_dir)
        .map(Cow::Owned)
        .unwrap_or(Cow::Borrowed(data_dir));
    let digest = Sha256::digest(absolute.to_string_lossy().as_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("genjin-{hex}")
}

/// Linux and Windows name sockets in a namespace: no file.
#[cfg(any(windows, target_os = "linux", target_os = "android"))]
fn socket_file(_key: &str) -> Option<PathBuf> {
    None
}

/// Elsewhere a socket is a file: in the temp folder (per user on macOS),
/// whose path is short enough for a socket address.
#[cfg(not(any(windows, target_os = "linux", target_os = "android")))]
fn socket_file(key: &str) -> Option<PathBuf> {
    Some(std::env::temp_dir().join(format!("{key}.sock")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_stable_short_and_per_folder() {
        let a = key(Path::new("/home/ann/.local/share/genjin"));
        assert_eq!(a, key(Path::new("/home/ann/.local/share/genjin")));
        assert_eq!(a.len(), "genjin-".len() + 16);
        assert!(a.starts_with("genjin-"));
        assert!(a["genjin-".len()..].chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, key(Path::new("/home/bob/.local/share/genjin")));
    }

    #[test]
    fn a_relative_folder_is_made_absolute_first() {
        let relative = Path::new("some-data");
        let absolute = std::env::current_dir().unwrap().join("some-data");
        assert_eq!(key(relative), key(&absolute));
    }

    #[test]
    fn the_name_is_usable_and_a_file_only_where_needed() {
        let name = SocketName::for_data_dir(Path::new("/tmp/genjin-test-data"));
        assert!(name.name().is_ok());
        let namespaced = cfg!(any(windows, target_os = "linux", target_os = "android"));
        assert_eq!(name.file().is_none(), namespaced);
        if let Some(file) = name.file() {
            assert!(file.to_string_lossy().contains(name.key()));
        }
    }
}
