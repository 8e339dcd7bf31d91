//! Look and feel: a calm light theme with readable sizes for the counter,
//! and the few colours that carry meaning (warning, error, success).

use egui::{Color32, FontFamily, FontId, TextStyle};

pub const ERROR: Color32 = Color32::from_rgb(200, 40, 40);
pub const WARNING: Color32 = Color32::from_rgb(190, 110, 0);
pub const SUCCESS: Color32 = Color32::from_rgb(30, 130, 60);
pub const MUTED: Color32 = Color32::from_rgb(110, 110, 110);
pub const ACCENT: Color32 = Color32::from_rgb(30, 100, 190);

/// Applies the theme to a context.
pub fn apply(ctx: &egui::Context) {
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Small,
                FontId::new(12.0, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(15.0, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(15.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Heading,
                FontId::new(21.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(14.0, FontFamily::Monospace),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
        style.spacing.interact_size.y = 24.0;
    });
}
