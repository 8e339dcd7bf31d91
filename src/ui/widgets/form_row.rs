//! One row of a two-column entry form: the label in the first column, the
//! input in the second with its inline error under it. The input is linked
//! to the label, so screen readers (and tests) find it by the label's text.

use egui::TextEdit;

use super::date_picker::DateInput;
use super::error_line;

/// Draws `title`, then the input `add` puts in the second column, labelled
/// by the title, with `error` under it; ends the grid row. Returns the
/// input's response.
pub fn form_row(
    ui: &mut egui::Ui,
    title: &str,
    error: Option<&String>,
    add: impl FnOnce(&mut egui::Ui) -> egui::Response,
) -> egui::Response {
    let label = ui.label(title);
    let response = ui
        .vertical(|ui| {
            let response = add(ui).labelled_by(label.id);
            error_line(ui, error);
            response
        })
        .inner;
    ui.end_row();
    response
}

/// A [`form_row`] holding a one-line text field of `width` with a hint.
pub fn text_row(
    ui: &mut egui::Ui,
    title: &str,
    value: &mut String,
    hint: &str,
    width: f32,
    error: Option<&String>,
) -> egui::Response {
    form_row(ui, title, error, |ui| {
        ui.add(
            TextEdit::singleline(value)
                .hint_text(hint)
                .desired_width(width),
        )
    })
}

/// A [`form_row`] holding a [`DateInput`] of `width` with a hint.
pub fn date_row(
    ui: &mut egui::Ui,
    title: &str,
    value: &mut String,
    hint: &str,
    width: f32,
    error: Option<&String>,
) -> egui::Response {
    form_row(ui, title, error, |ui| {
        ui.add(DateInput::new(value).hint_text(hint).desired_width(width))
    })
}
