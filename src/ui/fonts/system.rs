//! The system's CJK fonts as fallbacks behind the bundled font, so that every
//! GB18030 character a name may hold gets drawn even when the bundle lacks it.
//!
//! Which files are tried is a fixed list per OS ([`candidates`]), in this
//! order, each only if present:
//!
//! - Windows, in `%WINDIR%\Fonts`: `simsunb.ttf` (SimSun-ExtB, CJK
//!   Extension B), `SimsunExtG.ttf` (SimSun-ExtG, Windows 11: Extensions
//!   G and later), `msyh.ttc` (Microsoft YaHei), `simsun.ttc` (SimSun).
//! - macOS, in `/System/Library/Fonts`: `PingFang.ttc`, `STHeiti Light.ttc`,
//!   `STHeiti Medium.ttc`, `Hiragino Sans GB.ttc`, `Supplemental/Songti.ttc`.
//! - Linux, under `/usr/share/fonts`: Noto Sans CJK (face 2 of the
//!   collection, Simplified Chinese) where Debian/Ubuntu, Arch and Fedora put
//!   it, WenQuanYi Micro Hei and Zen Hei (Debian and Arch paths), then
//!   HanaMinB (fonts-hanazono), which has all of Extension B.
//!
//! egui asks [`SystemCjkFonts`] only for a character no installed font has
//! (after eframe's own system font lookup came back empty); it reads the
//! files in the order above, once each, and hands over the first whose
//! character map has the character.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use egui::{FallbackRequest, FontData, FontInsert, FontPriority, FontProvider, InsertFontFamily};
use skrifa::{FontRef, MetadataProvider};

/// The operating systems with a known list of CJK fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    Windows,
    MacOs,
    Linux,
}

impl Os {
    /// The OS this binary was built for, if it has a list.
    pub fn current() -> Option<Os> {
        if cfg!(windows) {
            Some(Os::Windows)
        } else if cfg!(target_os = "macos") {
            Some(Os::MacOs)
        } else if cfg!(target_os = "linux") {
            Some(Os::Linux)
        } else {
            None
        }
    }
}

/// One font file to try and the face to use in it (0 unless a collection
/// holds the Chinese face further in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub path: PathBuf,
    pub index: u32,
}

/// `%WINDIR%` when the variable is not set.
const DEFAULT_WINDOWS_DIR: &str = r"C:\Windows";

const WINDOWS_FONTS: &[&str] = &["simsunb.ttf", "SimsunExtG.ttf", "msyh.ttc", "simsun.ttc"];

const MAC_FONTS: &[&str] = &[
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "/System/Library/Fonts/Supplemental/Songti.ttc",
];

/// Face of `NotoSansCJK-Regular.ttc` that is Noto Sans CJK SC (the
/// collection holds JP, KR, SC, TC, HK in that order).
const NOTO_SC_FACE: u32 = 2;

const LINUX_FONTS: &[(&str, u32)] = &[
    (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        NOTO_SC_FACE,
    ),
    (
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        NOTO_SC_FACE,
    ),
    (
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        NOTO_SC_FACE,
    ),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    (
        "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
        0,
    ),
    ("/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf", 0),
];

/// The font files tried on `os`, in order. `windows_dir` is `%WINDIR%`
/// (`C:\Windows` when `None`); the other systems ignore it.
pub fn candidates(os: Os, windows_dir: Option<&Path>) -> Vec<Candidate> {
    match os {
        Os::Windows => {
            let fonts = windows_dir
                .unwrap_or(Path::new(DEFAULT_WINDOWS_DIR))
                .join("Fonts");
            WINDOWS_FONTS
                .iter()
                .map(|file| Candidate {
                    path: fonts.join(file),
                    index: 0,
                })
                .collect()
        }
        Os::MacOs => MAC_FONTS
            .iter()
            .map(|path| Candidate {
                path: PathBuf::from(path),
                index: 0,
            })
            .collect(),
        Os::Linux => LINUX_FONTS
            .iter()
            .map(|(path, index)| Candidate {
                path: PathBuf::from(path),
                index: *index,
            })
            .collect(),
    }
}

/// What became of reading one candidate.
enum Loaded {
    NotRead,
    /// Absent, unreadable or not a font: never tried again.
    Unusable,
    Font(Arc<Vec<u8>>),
}

/// A [`FontProvider`] over a fixed list of system font files, read lazily.
pub struct SystemCjkFonts {
    candidates: Vec<Candidate>,
    loaded: Mutex<Vec<Loaded>>,
}

impl SystemCjkFonts {
    pub fn new(candidates: Vec<Candidate>) -> SystemCjkFonts {
        let loaded = candidates.iter().map(|_| Loaded::NotRead).collect();
        SystemCjkFonts {
            candidates,
            loaded: Mutex::new(loaded),
        }
    }

    /// The first candidate that has a glyph for `c`, with its bytes.
    fn find(&self, c: char) -> Option<(&Candidate, Arc<Vec<u8>>)> {
        let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        for (candidate, slot) in self.candidates.iter().zip(loaded.iter_mut()) {
            if matches!(slot, Loaded::NotRead) {
                *slot = read_font(candidate);
            }
            if let Loaded::Font(bytes) = slot
                && has_glyph(bytes, candidate.index, c)
            {
                return Some((candidate, Arc::clone(bytes)));
            }
        }
        None
    }
}

fn read_font(candidate: &Candidate) -> Loaded {
    match std::fs::read(&candidate.path) {
        Ok(bytes) if FontRef::from_index(&bytes, candidate.index).is_ok() => {
            log::info!("CJK fallback font available: {}", candidate.path.display());
            Loaded::Font(Arc::new(bytes))
        }
        Ok(_) => {
            log::warn!(
                "not a font (or no face {}): {}",
                candidate.index,
                candidate.path.display()
            );
            Loaded::Unusable
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Loaded::Unusable,
        Err(e) => {
            log::warn!("cannot read font {}: {e}", candidate.path.display());
            Loaded::Unusable
        }
    }
}

fn has_glyph(bytes: &[u8], index: u32, c: char) -> bool {
    FontRef::from_index(bytes, index).is_ok_and(|font| font.charmap().map(c).is_some())
}

impl FontProvider for SystemCjkFonts {
    fn font_for(&self, request: &FallbackRequest<'_>) -> Option<FontInsert> {
        let c = request.cluster.chars().next()?;
        let (candidate, bytes) = self.find(c)?;
        Some(FontInsert {
            name: format!(
                "system-cjk:{}:{}",
                candidate.path.display(),
                candidate.index
            ),
            data: FontData::from_blob(bytes, candidate.index),
            families: vec![InsertFontFamily {
                family: request.family.clone(),
                priority: FontPriority::Lowest,
            }],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[Candidate]) -> Vec<String> {
        list.iter()
            .map(|c| format!("{}#{}", c.path.display(), c.index))
            .collect()
    }

    #[test]
    fn windows_tries_extension_b_first_then_yahei_then_simsun_in_windir() {
        let dir = Path::new(r"D:\Win");
        let list = candidates(Os::Windows, Some(dir));
        let expected: Vec<Candidate> = ["simsunb.ttf", "SimsunExtG.ttf", "msyh.ttc", "simsun.ttc"]
            .iter()
            .map(|f| Candidate {
                path: dir.join("Fonts").join(f),
                index: 0,
            })
            .collect();
        assert_eq!(list, expected);
        let default = candidates(Os::Windows, None);
        assert_eq!(
            default[0].path,
            Path::new(r"C:\Windows").join("Fonts").join("simsunb.ttf")
        );
    }

    #[test]
    fn macos_tries_pingfang_heiti_hiragino_then_songti() {
        assert_eq!(
            names(&candidates(Os::MacOs, Some(Path::new("ignored")))),
            [
                "/System/Library/Fonts/PingFang.ttc#0",
                "/System/Library/Fonts/STHeiti Light.ttc#0",
                "/System/Library/Fonts/STHeiti Medium.ttc#0",
                "/System/Library/Fonts/Hiragino Sans GB.ttc#0",
                "/System/Library/Fonts/Supplemental/Songti.ttc#0",
            ]
        );
    }

    #[test]
    fn linux_tries_noto_sc_face_then_wenquanyi_then_hanamin() {
        assert_eq!(
            names(&candidates(Os::Linux, None)),
            [
                "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#2",
                "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc#2",
                "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc#2",
                "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc#0",
                "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc#0",
                "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc#0",
                "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc#0",
                "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf#0",
            ]
        );
    }

    #[test]
    fn missing_and_broken_files_are_skipped_and_the_first_with_the_glyph_wins() {
        let dir = tempfile::tempdir().unwrap();
        let broken = dir.path().join("broken.ttf");
        std::fs::write(&broken, b"not a font").unwrap();
        let bundled = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("assets/fonts/NotoSansCJKsc-Subset.otf");
        let fonts = SystemCjkFonts::new(vec![
            Candidate {
                path: dir.path().join("absent.ttc"),
                index: 0,
            },
            Candidate {
                path: broken,
                index: 0,
            },
            Candidate {
                path: bundled.clone(),
                index: 0,
            },
        ]);
        let (found, _) = fonts.find('𠮷').unwrap();
        assert_eq!(found.path, bundled);
        assert!(
            fonts.find('\u{E000}').is_none(),
            "private use: no font has it"
        );
    }
}
