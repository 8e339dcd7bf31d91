//! The quality-alert banner: a product returned for quality too often
//! within the window, what to do about it, and acknowledging it with a
//! note. Shown on Home and above the returns log.

use egui::RichText;

use crate::i18n::{store_error, t};
use crate::store::returns::AlertState;
use crate::ui::app::ViewCtx;
use crate::ui::theme;

/// Notes being typed per product (kept while the banner is on screen).
#[derive(Default)]
pub struct AckNotes {
    open: Option<String>,
    note: String,
}

/// Draws a banner per unacknowledged alert. Returns true when one was
/// acknowledged (the caller reloads).
pub fn banners(
    ui: &mut egui::Ui,
    view: &mut ViewCtx<'_>,
    alerts: &[AlertState],
    notes: &mut AckNotes,
) -> bool {
    let mut acknowledged = false;
    for state in alerts.iter().filter(|a| a.acknowledged.is_none()) {
        let a = &state.alert;
        egui::Frame::new()
            .fill(egui::Color32::from_rgb(253, 236, 234))
            .stroke(egui::Stroke::new(1.0, theme::ERROR))
            .inner_margin(10.0)
            .corner_radius(4.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    RichText::new(t!(
                        "alerts.title",
                        product = a.product,
                        count = a.count,
                        days = a.window_days
                    ))
                    .strong()
                    .color(theme::ERROR),
                );
                ui.label(t!(
                    "alerts.span",
                    first = a.first.format("%Y-%m-%d"),
                    last = a.last.format("%Y-%m-%d")
                ));
                ui.label(t!("alerts.advice"));
                if notes.open.as_deref() == Some(a.product_key.as_str()) {
                    ui.horizontal(|ui| {
                        let title = ui.label(t!("alerts.note"));
                        ui.add(
                            egui::TextEdit::singleline(&mut notes.note)
                                .hint_text(t!("alerts.note_hint"))
                                .desired_width(320.0),
                        )
                        .labelled_by(title.id);
                        if ui.button(t!("alerts.confirm")).clicked() {
                            match view.store.acknowledge_alert(a, &notes.note) {
                                Ok(()) => {
                                    view.status.info(t!("alerts.acknowledged"));
                                    notes.open = None;
                                    notes.note.clear();
                                    acknowledged = true;
                                }
                                Err(e) => view.status.error(store_error(&e)),
                            }
                        }
                        if ui.button(t!("common.cancel")).clicked() {
                            notes.open = None;
                        }
                    });
                } else if ui.button(t!("alerts.acknowledge")).clicked() {
                    notes.open = Some(a.product_key.clone());
                    notes.note.clear();
                }
            });
        ui.add_space(6.0);
    }
    acknowledged
}
