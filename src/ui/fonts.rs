//! Fonts that render Chinese everywhere: a bundled subset of Noto Sans CJK SC
//! (GB2312 and common punctuation; licence in assets/fonts) first, egui's own
//! fonts after it for symbols. Rare characters in names outside the subset
//! come from the system font provider eframe installs.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

const NOTO_SC: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-Subset.otf");
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

/// Installs the fonts into a context.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}
