//! The card's After-sales tab: the customer's complaint cases (click one to
//! open it in the wizard), a button to start a new one, and their returns.

use egui::RichText;

use super::card::CardData;
use crate::domain::customer::CustomerId;
use crate::i18n::{label, t};
use crate::ui::aftersales::complaints::status_color;
use crate::ui::app::{Command, ViewCtx};
use crate::ui::theme;

pub fn show(ui: &mut egui::Ui, view: &mut ViewCtx<'_>, id: CustomerId, data: &CardData) {
    if ui
        .button(RichText::new(t!("service.new_complaint")).strong())
        .clicked()
    {
        view.commands.push(Command::NewComplaint {
            customer: id,
            sale: None,
        });
    }
    ui.add_space(6.0);
    ui.label(RichText::new(t!("service.cases")).strong());
    if data.complaints.is_empty() {
        ui.label(RichText::new(t!("service.no_cases")).color(theme::MUTED));
    }
    egui::Grid::new("card-cases")
        .striped(true)
        .num_columns(4)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for c in &data.complaints {
                ui.label(c.received_at.format("%Y-%m-%d").to_string());
                ui.label(&c.product);
                ui.label(
                    RichText::new(label("complaint_status", c.status.code()))
                        .color(status_color(c.status)),
                );
                if ui.link(t!("service.open_case", id = c.id)).clicked() {
                    view.commands.push(Command::OpenComplaint(c.id));
                }
                ui.end_row();
            }
        });
    ui.add_space(8.0);
    ui.label(RichText::new(t!("service.returns")).strong());
    if data.returns.is_empty() {
        ui.label(RichText::new(t!("service.no_returns")).color(theme::MUTED));
    }
    egui::Grid::new("card-returns")
        .striped(true)
        .num_columns(5)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for r in &data.returns {
                let e = &r.entry;
                ui.label(e.date.format("%Y-%m-%d").to_string());
                ui.label(format!("{} × {}", e.product, e.quantity));
                ui.label(label("return_reason", e.reason.code()));
                ui.label(label("return_outcome", e.outcome.code()));
                if e.refund.is_zero() {
                    ui.label("");
                } else {
                    ui.label(format!(
                        "{} ({})",
                        e.refund,
                        label("refund_to", e.refund_to.code())
                    ));
                }
                ui.end_row();
            }
        });
}
