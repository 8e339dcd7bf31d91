//! Fonts that render Chinese everywhere: a bundled subset of Noto Sans CJK SC
//! (GB2312, common punctuation and the name characters beyond the Basic
//! Multilingual Plane such as 𠮷; licence in assets/fonts) first, egui's own
//! fonts after it for symbols. In the running app the system's CJK fonts
//! ([`system`]) then stand in for any character the bundle lacks; tests use
//! the bundle alone, so they do not depend on the machine's fonts.

pub mod system;

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

const NOTO_SC: &[u8] = include_bytes!("../../../assets/fonts/NotoSansCJKsc-Subset.otf");
const NOTO_NAME: &str = "noto-sans-cjk-sc-subset";

/// Font definitions with the bundled Chinese font in front.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        NOTO_NAME.to_owned(),
        Arc::new(FontData::from_static(NOTO_SC)),
    );
    fonts
        .families
        .entry(FontFamily::Proportional)
        .or_default()
        .insert(0, NOTO_NAME.to_owned());
    fonts
        .families
        .entry(FontFamily::Monospace)
        .or_default()
        .push(NOTO_NAME.to_owned());
    fonts
}

/// Installs the bundled fonts into a context.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}

/// Lets the system's CJK fonts of this OS supply characters the bundled
/// font lacks (the window only: tests never call this).
pub fn add_system_fallbacks(ctx: &egui::Context) {
    if let Some(os) = system::Os::current() {
        let windows_dir = std::env::var_os("WINDIR").map(std::path::PathBuf::from);
        let candidates = system::candidates(os, windows_dir.as_deref());
        ctx.add_font_provider(Arc::new(system::SystemCjkFonts::new(candidates)));
    }
}
