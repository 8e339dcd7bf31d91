//! Small reusable inputs: validated date fields with their month page
//! (`date_picker`), the 公历/农历 yearly date input, the label + input +
//! inline error row of the entry forms (`form_row`), the file dialogs with a
//! typed path when they cannot open (`file_dialog`), a chart legend
//! (`chart_legend`), and the inline error line every form uses.

pub mod chart_legend;
pub mod date_picker;
pub mod entry;
pub mod file_dialog;
pub mod form_row;
pub mod letter;
pub mod pinned_table;
pub mod yearly_input;

use egui::RichText;

use super::theme;
use crate::domain::dates::parse_date;
use crate::i18n::date_error;

/// Shows an inline error under a field, if there is one.
pub fn error_line(ui: &mut egui::Ui, error: Option<&String>) {
    if let Some(e) = error {
        ui.label(RichText::new(format!("⚠ {e}")).color(theme::ERROR).small());
    }
}

/// The width a wide field may take at the cursor: up to `max`, but never
/// past the right edge of what is visible (a grid cell in a narrow card
/// reports more room than the pane has).
pub fn fitting_width(ui: &egui::Ui, max: f32) -> f32 {
    (ui.clip_rect().right() - ui.cursor().min.x - 12.0).clamp(120.0, max)
}

/// The weekday names Monday to Sunday over seven columns of `cell_width`,
/// Saturday and Sunday in red: the head of the month grid and of the date
/// picker's page.
pub fn weekday_row(ui: &mut egui::Ui, cell_width: f32, height: f32, size: f32) {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 0.0;
        for weekday in 1..=7 {
            let (rect, _) =
                ui.allocate_exact_size(egui::vec2(cell_width, height), egui::Sense::hover());
            let colour = if weekday >= 6 {
                theme::ERROR
            } else {
                ui.visuals().text_color()
            };
            ui.painter().text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                crate::i18n::tr(&format!("calendar.weekday.{weekday}")),
                egui::FontId::proportional(size),
                colour,
            );
        }
    });
}

/// A sale as pickers and lists name it: date, product, amount.
pub fn sale_label(s: &crate::domain::sale::Sale) -> String {
    format!("{} {} {}", s.date.format("%Y-%m-%d"), s.product, s.amount)
}

/// A one-line text field of a given width with a hint.
pub fn text(ui: &mut egui::Ui, value: &mut String, hint: &str, width: f32) -> egui::Response {
    ui.add(
        egui::TextEdit::singleline(value)
            .hint_text(hint)
            .desired_width(width),
    )
}

/// A date typed as text (`2024-01-05`, `2024/1/5`, `2024年1月5日` …).
/// Returns the parse result: `Ok(None)` when empty.
pub fn parse_optional_date(text: &str) -> Result<Option<chrono::NaiveDate>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse_date(text).map(Some).map_err(|e| date_error(&e))
}

/// A remove button that asks once more before it acts. `pending` holds the
/// id waiting for confirmation; returns true when the user confirmed `id`.
pub fn confirm_remove(ui: &mut egui::Ui, pending: &mut Option<i64>, id: Option<i64>) -> bool {
    if id.is_some() && *pending == id {
        let mut confirmed = false;
        if ui.small_button(crate::i18n::t!("common.cancel")).clicked() {
            *pending = None;
        }
        if ui
            .small_button(
                RichText::new(crate::i18n::t!("common.confirm_remove")).color(theme::ERROR),
            )
            .clicked()
        {
            *pending = None;
            confirmed = true;
        }
        confirmed
    } else {
        if ui
            .small_button("×")
            .on_hover_text(crate::i18n::t!("common.remove"))
            .clicked()
        {
            *pending = id;
        }
        false
    }
}
