//! The list of past imports, each with an undo button that first says what
//! the undo will remove and restore.

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use crate::i18n::{t, tr};
use crate::store::imports::{ImportBatch, UndoImpact};
use crate::ui::app::{Command, ViewCtx};
use crate::ui::theme;

#[derive(Default)]
pub struct History {
    batches: Option<Vec<ImportBatch>>,
    /// The batch whose undo waits for confirmation, with what it will do.
    confirming: Option<(i64, UndoImpact)>,
}

impl History {
    pub fn invalidate(&mut self) {
        self.batches = None;
    }

    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        if self.batches.is_none() {
            match view.store.import_batches() {
                Ok(b) => self.batches = Some(b),
                Err(e) => {
                    view.status.error(crate::i18n::store_error(&e));
                    self.batches = Some(Vec::new());
                }
            }
        }
        let batches = self.batches.clone().unwrap_or_default();
        egui::Frame::group(ui.style())
            .inner_margin(12.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width().min(860.0));
                ui.strong(t!("history.title"));
                if batches.is_empty() {
                    ui.label(RichText::new(t!("history.empty")).color(theme::MUTED));
                    return;
                }
                self.table(ui, view, &batches);
            });
        self.confirm_dialog(ui.ctx(), view);
    }

    fn table(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>, batches: &[ImportBatch]) {
        TableBuilder::new(ui)
            .id_salt("import-history")
            .striped(true)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::exact(130.0))
            .column(Column::exact(70.0))
            .column(Column::initial(200.0).clip(true))
            .column(Column::initial(220.0).clip(true))
            .column(Column::remainder())
            .min_scrolled_height(0.0)
            .max_scroll_height(320.0)
            .header(24.0, |mut h| {
                for key in [
                    "history.col_time",
                    "history.col_kind",
                    "history.col_file",
                    "history.col_result",
                    "history.col_state",
                ] {
                    h.col(|ui| {
                        ui.strong(tr(key));
                    });
                }
            })
            .body(|mut body| {
                for batch in batches {
                    body.row(28.0, |mut row| {
                        row.col(|ui| {
                            ui.label(batch.started_at.format("%Y-%m-%d %H:%M").to_string());
                        });
                        row.col(|ui| {
                            ui.label(tr(&format!("import.kind.{}", batch.kind)));
                        });
                        row.col(|ui| {
                            ui.label(&batch.file_name);
                        });
                        row.col(|ui| {
                            ui.label(t!(
                                "history.result",
                                imported = batch.imported,
                                updated = batch.updated,
                                skipped = batch.skipped,
                                errors = batch.errors
                            ));
                        });
                        row.col(|ui| match batch.undone_at {
                            Some(at) => {
                                ui.label(
                                    RichText::new(t!(
                                        "history.undone_at",
                                        time = at.format("%m-%d %H:%M")
                                    ))
                                    .color(theme::MUTED),
                                );
                            }
                            None => {
                                if ui.button(t!("history.undo")).clicked() {
                                    match view.store.undo_impact(batch.id) {
                                        Ok(impact) => self.confirming = Some((batch.id, impact)),
                                        Err(e) => view.status.error(crate::i18n::store_error(&e)),
                                    }
                                }
                            }
                        });
                    });
                }
            });
    }

    fn confirm_dialog(&mut self, ctx: &egui::Context, view: &mut ViewCtx<'_>) {
        let Some((batch, impact)) = self.confirming else {
            return;
        };
        let decision = confirm_undo(ctx, batch, &impact);
        match decision {
            Some(true) => {
                self.confirming = None;
                undo(batch, view);
                self.invalidate();
            }
            Some(false) => self.confirming = None,
            None => {}
        }
    }
}

/// Asks whether to undo `batch`, saying what the undo removes and restores.
/// `Some(true)` when confirmed, `Some(false)` when cancelled, `None` while
/// the question is open.
pub fn confirm_undo(ctx: &egui::Context, batch: i64, impact: &UndoImpact) -> Option<bool> {
    let mut decision = None;
    egui::Modal::new(egui::Id::unique("undo-import")).show(ctx, |ui| {
        ui.set_width(420.0);
        ui.heading(t!("history.undo_title", batch = batch));
        ui.add_space(6.0);
        ui.label(undo_summary(impact));
        if impact.dependent_records > 0 {
            ui.colored_label(
                theme::WARNING,
                t!("history.undo_dependent", count = impact.dependent_records),
            );
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui
                .button(RichText::new(t!("history.undo_confirm")).color(theme::ERROR))
                .clicked()
            {
                decision = Some(true);
            }
            if ui.button(t!("common.cancel")).clicked() {
                decision = Some(false);
            }
        });
    });
    decision
}

/// "Removes 3 customers, 0 sales … restores 1 card" in the UI language.
fn undo_summary(impact: &UndoImpact) -> String {
    let mut summary = t!(
        "history.undo_body",
        customers = impact.customers_removed,
        sales = impact.sales_removed,
        payments = impact.payments_removed,
        restored = impact.customers_restored
    )
    .into_owned();
    if impact.returns_removed > 0 {
        summary.push(' ');
        summary.push_str(&t!(
            "history.undo_returns",
            returns = impact.returns_removed
        ));
    }
    summary
}

/// Undoes a batch and tells the rest of the app the book changed.
pub fn undo(batch: i64, view: &mut ViewCtx<'_>) {
    match view.store.undo_import(batch) {
        Ok(impact) => {
            view.status.info(t!(
                "history.undone",
                batch = batch,
                summary = undo_summary(&impact)
            ));
            view.commands.push(Command::Reload);
        }
        Err(e) => view.status.error(crate::i18n::store_error(&e)),
    }
}
