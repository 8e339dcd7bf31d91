//! The honest placeholder for sections that are not built yet: it says what
//! the section will do and shows no invented data.

use egui::RichText;

use super::app::Section;
use super::theme;
use crate::i18n::t;

pub fn show(ui: &mut egui::Ui, section: Section) {
    let what = match section {
        Section::Receivables => t!("coming.receivables"),
        _ => t!("coming.generic"),
    };
    ui.add_space(24.0);
    ui.heading(section.title());
    ui.add_space(12.0);
    egui::Frame::group(ui.style())
        .inner_margin(16.0)
        .show(ui, |ui| {
            ui.set_max_width(640.0);
            ui.label(
                RichText::new(t!("coming.title"))
                    .strong()
                    .color(theme::ACCENT),
            );
            ui.add_space(4.0);
            ui.label(what);
        });
}
