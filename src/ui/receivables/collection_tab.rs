//! The collection tab (催收): every customer with something overdue, where
//! they stand on the ladder and what to do next, soonest first. Picking a
//! customer opens their log, the "log a step" form and the letters beside
//! the table (the same pieces as the card's 收款 tab).

use egui::RichText;

use super::report::ReportData;
use crate::domain::customer::CustomerId;
use crate::i18n::{t, tr};
use crate::store::collection::CollectionRow;
use crate::ui::app::{Command, ViewCtx};
use crate::ui::receivables::collection_panel::{
    CollectionPanel, cause_label, promise_badge, step_label,
};
use crate::ui::theme;
use crate::ui::widgets::pinned_table::{Draw, Part, PinnedTable, Sizes};

#[derive(Default)]
pub struct CollectionTab {
    /// Only customers whose next step is due today or earlier.
    due_only: bool,
    selected: Option<CustomerId>,
    panel: Option<CollectionPanel>,
    /// The list's scroll position (name column pinned).
    scroll: PinnedTable,
}

/// The rows to show, by the day of their next step (the top of the ladder
/// last), then by the money overdue.
pub fn visible_rows(
    rows: &[CollectionRow],
    as_of: chrono::NaiveDate,
    due_only: bool,
) -> Vec<usize> {
    let mut out: Vec<usize> = (0..rows.len())
        .filter(|&i| !due_only || rows[i].position.next.is_some_and(|n| n.date <= as_of))
        .collect();
    out.sort_by(|&a, &b| {
        let key = |r: &CollectionRow| {
            (
                r.position.next.map(|n| n.date).is_none(),
                r.position.next.map(|n| n.date),
            )
        };
        key(&rows[a])
            .cmp(&key(&rows[b]))
            .then(rows[b].overdue.cmp(&rows[a].overdue))
            .then(rows[a].customer_id.cmp(&rows[b].customer_id))
    });
    out
}

impl CollectionTab {
    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>, data: &mut ReportData) {
        let as_of = data.as_of(view.clock.today());
        if let Some(id) = self.selected
            && !data.collection().iter().any(|r| r.customer_id == id)
        {
            self.selected = None;
        }
        if let Some(id) = self.selected {
            let name = data
                .collection()
                .iter()
                .find(|r| r.customer_id == id)
                .map(|r| r.name.clone())
                .unwrap_or_default();
            let side_width = (ui.available_width() * 0.45).clamp(360.0, 460.0);
            egui::Panel::right("coll-side")
                .resizable(true)
                .default_size(side_width)
                .size_range(360.0..=720.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("coll-side-scroll")
                        .auto_shrink([false, false])
                        .show(ui, |ui| self.side(ui, view, id, &name));
                });
        }
        egui::CentralPanel::default().show(ui, |ui| self.table(ui, data, as_of));
    }

    fn side(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>, id: CustomerId, name: &str) {
        ui.horizontal(|ui| {
            ui.heading(RichText::new(name).strong());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .small_button("×")
                    .on_hover_text(t!("coll.close"))
                    .clicked()
                {
                    self.selected = None;
                }
            });
        });
        if self.selected.is_none() {
            return;
        }
        ui.horizontal(|ui| {
            if ui.button(t!("coll.open_card")).clicked() {
                view.commands.push(Command::OpenCustomer(id));
            }
            if ui.button(t!("coll.open_statement")).clicked() {
                view.commands.push(Command::OpenStatement(id));
            }
        });
        ui.separator();
        let panel = self
            .panel
            .get_or_insert_with(|| CollectionPanel::new(view.clock.today()));
        panel.refresh(view, id);
        panel.show_position(ui, view.clock.today());
        ui.add_space(6.0);
        panel.show_form(ui, view);
        ui.add_space(6.0);
        panel.show_log(ui, view);
        ui.add_space(8.0);
        panel.show_letters(ui, view);
    }

    fn table(&mut self, ui: &mut egui::Ui, data: &ReportData, as_of: chrono::NaiveDate) {
        let rows = data.collection();
        let visible = visible_rows(rows, as_of, self.due_only);
        ui.horizontal(|ui| {
            ui.label(RichText::new(t!("coll.list_count", n = rows.len())).strong());
            ui.checkbox(&mut self.due_only, t!("coll.due_only"));
        });
        ui.label(
            RichText::new(t!("coll.list_hint"))
                .color(theme::MUTED)
                .small(),
        );
        if rows.is_empty() {
            ui.add_space(20.0);
            ui.label(RichText::new(t!("coll.list_empty")).color(theme::SUCCESS));
            return;
        }
        if visible.is_empty() {
            ui.add_space(20.0);
            ui.label(RichText::new(t!("coll.list_none_due")).color(theme::MUTED));
            return;
        }
        ui.style_mut().interaction.selectable_labels = false;
        let sizes = Sizes {
            pinned: 110.0,
            scrolled: vec![100.0, 64.0, 100.0, 150.0, 180.0, 96.0, 170.0, 140.0],
            header_height: 26.0,
            row_height: 24.0,
        };
        let selected = self.selected;
        let clicked = self
            .scroll
            .show(ui, "coll-table", &sizes, visible.len(), |draw| match draw {
                Draw::Header(Part::Pinned, header) => {
                    header.col(|ui| {
                        ui.strong(t!("coll.col.customer"));
                    });
                }
                Draw::Header(Part::Scrolled, header) => {
                    for key in [
                        "coll.col.overdue",
                        "coll.col.oldest",
                        "coll.col.quadrant",
                        "coll.col.reached",
                        "coll.col.next",
                        "coll.col.next_date",
                        "coll.col.promise",
                        "coll.col.cause",
                    ] {
                        header.col(|ui| {
                            let title = t!(key);
                            ui.strong(title.as_ref()).on_hover_text(title.as_ref());
                        });
                    }
                }
                Draw::Row(Part::Pinned, row) => {
                    let r = &rows[visible[row.index()]];
                    row.set_selected(selected == Some(r.customer_id));
                    row.col(|ui| {
                        ui.label(&r.name).on_hover_text(&r.name);
                    });
                }
                Draw::Row(Part::Scrolled, row) => {
                    let r = &rows[visible[row.index()]];
                    row.set_selected(selected == Some(r.customer_id));
                    collection_cells(row, r, as_of);
                }
            })
            .map(|i| rows[visible[i]].customer_id);
        if let Some(id) = clicked {
            self.selected = Some(id);
        }
    }
}

/// The scrolled cells of one collection row; a cell that may be clipped
/// carries its text as a tooltip.
fn collection_cells(
    row: &mut egui_extras::TableRow<'_, '_>,
    r: &CollectionRow,
    as_of: chrono::NaiveDate,
) {
    row.col(|ui| {
        ui.label(RichText::new(r.overdue.to_string()).color(theme::ERROR));
    });
    row.col(|ui| {
        ui.label(t!("coll.days", days = r.oldest_overdue_days));
    });
    row.col(|ui| {
        let text = tr(&format!("coll.quadrant.{}", r.quadrant.code()));
        ui.label(&text).on_hover_text(&text);
    });
    row.col(|ui| {
        let text = r
            .position
            .reached
            .map(step_label)
            .unwrap_or_else(|| "—".into());
        ui.label(&text).on_hover_text(&text);
    });
    match r.position.next {
        Some(next) => {
            let past = next.date < as_of;
            row.col(|ui| {
                let text = step_label(next.step);
                ui.label(RichText::new(&text).strong()).on_hover_text(&text);
            });
            row.col(|ui| {
                let mut text = RichText::new(next.date.format("%Y-%m-%d").to_string());
                if past {
                    text = text.color(theme::ERROR).strong();
                }
                ui.label(text);
            });
        }
        None => {
            row.col(|ui| {
                let text = t!("coll.top_short");
                ui.label(RichText::new(text.as_ref()).color(theme::ERROR))
                    .on_hover_text(text.as_ref());
            });
            row.col(|_| {});
        }
    }
    row.col(|ui| match r.promise {
        Some(p) => {
            let text = t!(
                "coll.promise_short",
                amount = p.amount,
                date = p.by.format("%m-%d")
            );
            ui.label(text.as_ref()).on_hover_text(text.as_ref());
            ui.label(promise_badge(p.state));
        }
        None => {
            ui.label(RichText::new("—").color(theme::MUTED));
        }
    });
    row.col(|ui| {
        let text = r.cause.map(cause_label).unwrap_or_default();
        ui.label(&text).on_hover_text(&text);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Money;
    use crate::domain::receivables::aging::Quadrant;
    use crate::domain::receivables::ladder::{LadderPosition, NextStep, StepKind};
    use chrono::NaiveDate;

    fn row(id: i64, next: Option<u32>, overdue: i64) -> CollectionRow {
        let d = |day| NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
        CollectionRow {
            customer_id: id,
            name: format!("c{id}"),
            total: Money::from_yuan(overdue),
            overdue: Money::from_yuan(overdue),
            oldest_overdue_days: 5,
            oldest_due: d(1),
            quadrant: Quadrant::ShortSmall,
            position: LadderPosition {
                reached: None,
                next: next.map(|day| NextStep {
                    step: StepKind::Phone,
                    date: d(day),
                }),
            },
            promise: None,
            last_entry: None,
            cause: None,
        }
    }

    #[test]
    fn rows_come_soonest_step_first_and_the_filter_keeps_what_is_due() {
        let rows = [
            row(1, Some(25), 100),
            row(2, None, 100),
            row(3, Some(20), 100),
            row(4, Some(20), 500),
        ];
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(visible_rows(&rows, today, false), [3, 2, 0, 1]);
        assert_eq!(visible_rows(&rows, today, true), [3, 2]);
    }
}
