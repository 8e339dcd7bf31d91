//! Look and feel: a calm light theme with readable sizes for the counter,
//! and the few colours that carry meaning (warning, error, success).

use egui::{Color32, FontFamily, FontId, TextStyle};

pub const ERROR: Color32 = Color32::from_rgb(200, 40, 40);
pub const WARNING: Color32 = Color32::from_rgb(190, 110, 0);
pub const SUCCESS: Color32 = Color32::from_rgb(30, 130, 60);
pub const MUTED: Color32 = Color32::from_rgb(110, 110, 110);
pub const ACCENT: Color32 = Color32::from_rgb(30, 100, 190);

/// Colours for the lines of a chart, told apart at a glance (the 10 of
/// Tableau's categorical palette).
pub const SERIES: [Color32; 10] = [
    Color32::from_rgb(31, 119, 180),
    Color32::from_rgb(255, 127, 14),
    Color32::from_rgb(44, 160, 44),
    Color32::from_rgb(214, 39, 40),
    Color32::from_rgb(148, 103, 189),
    Color32::from_rgb(140, 86, 75),
    Color32::from_rgb(227, 119, 194),
    Color32::from_rgb(127, 127, 127),
    Color32::from_rgb(188, 189, 34),
    Color32::from_rgb(23, 190, 207),
];

/// The colour of a chart's `index`th series.
pub fn series_color(index: usize) -> Color32 {
    SERIES[index % SERIES.len()]
}

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
