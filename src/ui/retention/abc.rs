//! The ABC tab: the class mix, each customer's trailing-12-month revenue,
//! share and cumulative share, the class computed and any manual override,
//! and a button to compute the classes again now.

use egui::{RichText, Sense};
use egui_extras::{Column, TableBuilder};

use crate::domain::customer::CustomerClass;
use crate::domain::money::Money;
use crate::i18n::{store_error, t};
use crate::store::retention::AbcRow;
use crate::ui::app::{Command, ViewCtx};
use crate::ui::theme;

/// What the tab shows beyond the rows, worked out with them by the book
/// cache (off the UI thread): a 100,000-row sort is not a frame's work.
#[derive(Default)]
pub struct AbcSummary {
    /// Row indices by revenue, largest first, with the cumulative share (‰).
    order: Vec<(usize, u32)>,
    total: Money,
    /// Customers and revenue per class in force (A, B, C).
    mix: [(usize, Money); 3],
    manual: usize,
}

/// The tab's own state (none beyond what it is given).
#[derive(Default)]
pub struct AbcTab;

fn class_index(c: CustomerClass) -> usize {
    match c {
        CustomerClass::A => 0,
        CustomerClass::B => 1,
        CustomerClass::C => 2,
    }
}

/// Per mille of `part` in `total`.
fn permille(part: Money, total: Money) -> u32 {
    if total.fen() <= 0 {
        return 0;
    }
    (i128::from(part.fen()) * 1000 / i128::from(total.fen())) as u32
}

fn percent_text(permille: u32) -> String {
    format!("{}.{}%", permille / 10, permille % 10)
}

impl AbcSummary {
    /// The summary of `rows`.
    pub fn of(rows: &[AbcRow]) -> AbcSummary {
        let mut summary = AbcSummary::default();
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by(|&a, &b| {
            rows[b]
                .revenue
                .cmp(&rows[a].revenue)
                .then(rows[a].customer_id.cmp(&rows[b].customer_id))
        });
        summary.total = rows.iter().map(|r| r.revenue).sum();
        let mut running = Money(0);
        summary.order = order
            .into_iter()
            .map(|i| {
                running += rows[i].revenue;
                (i, permille(running, summary.total))
            })
            .collect();
        for r in rows {
            let slot = &mut summary.mix[class_index(r.class())];
            slot.0 += 1;
            slot.1 += r.revenue;
        }
        summary.manual = rows.iter().filter(|r| r.manual.is_some()).count();
        summary
    }
}

impl AbcTab {
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        rows: &[AbcRow],
        summary: &AbcSummary,
    ) {
        ui.label(RichText::new(t!("ret.abc_intro")).color(theme::MUTED));
        ui.add_space(6.0);
        ui.horizontal_wrapped(|ui| {
            for (i, class) in CustomerClass::ALL.iter().enumerate() {
                let (count, revenue) = summary.mix[i];
                egui::Frame::group(ui.style())
                    .inner_margin(10.0)
                    .show(ui, |ui| {
                        ui.vertical(|ui| {
                            ui.label(
                                RichText::new(t!("ret.class_title", class = class.code())).strong(),
                            );
                            ui.label(t!("ret.class_count", n = count));
                            ui.label(t!(
                                "ret.class_revenue",
                                amount = revenue.to_string(),
                                share = percent_text(permille(revenue, summary.total))
                            ));
                        });
                    });
            }
            ui.vertical(|ui| {
                if ui
                    .button(t!("ret.recompute"))
                    .on_hover_text(t!("ret.recompute_hint"))
                    .clicked()
                {
                    match view.store.recompute_abc(view.clock.today()) {
                        Ok(update) => {
                            view.status.info(t!("ret.recomputed", n = update.changed));
                            view.commands.push(Command::Reload);
                        }
                        Err(e) => view.status.error(store_error(&e)),
                    }
                }
                if summary.manual > 0 {
                    ui.label(
                        RichText::new(t!("ret.manual_count", n = summary.manual))
                            .color(theme::MUTED),
                    );
                }
            });
        });
        ui.add_space(8.0);
        if rows.is_empty() {
            ui.label(t!("ret.abc_empty"));
            return;
        }
        ui.style_mut().interaction.selectable_labels = false;
        let order = &summary.order;
        let total = summary.total;
        TableBuilder::new(ui)
            .striped(true)
            .sense(Sense::click())
            .column(Column::exact(70.0))
            .column(Column::initial(200.0).at_least(120.0))
            .column(Column::initial(130.0))
            .column(Column::initial(80.0))
            .column(Column::initial(90.0))
            .column(Column::remainder())
            .header(26.0, |mut h| {
                for title in [
                    t!("ret.col_class"),
                    t!("ret.col_name"),
                    t!("ret.col_revenue"),
                    t!("ret.col_share"),
                    t!("ret.col_cumulative"),
                    t!("ret.col_note"),
                ] {
                    h.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|body| {
                body.rows(24.0, order.len(), |mut row| {
                    let (i, cumulative) = order[row.index()];
                    let r = &rows[i];
                    row.col(|ui| {
                        let text = RichText::new(r.class().code()).strong();
                        ui.label(if r.manual.is_some() {
                            text.color(theme::ACCENT)
                        } else {
                            text
                        });
                    });
                    row.col(|ui| {
                        ui.label(&r.name);
                    });
                    row.col(|ui| {
                        ui.label(r.revenue.to_string());
                    });
                    row.col(|ui| {
                        ui.label(percent_text(permille(r.revenue, total)));
                    });
                    row.col(|ui| {
                        ui.label(percent_text(cumulative));
                    });
                    row.col(|ui| {
                        if let Some(manual) = r.manual {
                            ui.label(
                                RichText::new(t!(
                                    "ret.manual_note",
                                    manual = manual.code(),
                                    computed = r.computed.code()
                                ))
                                .color(theme::ACCENT),
                            );
                        }
                    });
                    if row.response().clicked() {
                        view.commands.push(Command::OpenCustomer(r.customer_id));
                    }
                });
            });
    }
}
