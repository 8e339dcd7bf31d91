//! The Receivables group of Settings (应收账款): the aging buckets' day
//! edges, when a debt counts as long-term, from what amount it is large,
//! and the shop's margin (for the cost of a bad debt). Each field is
//! checked as it is typed and keeps what was typed; Save stays off until
//! all are valid. The form lives in egui's memory, read again from the
//! store when another book is opened.

use std::path::PathBuf;

use egui::RichText;

use crate::domain::money::Money;
use crate::domain::receivables::aging::{AgingRules, BucketEdges, EdgesError};
use crate::i18n::{money_error, store_error, t};
use crate::store::Store;
use crate::ui::app::{Command, ViewCtx};
use crate::ui::settings::calendar::parse_days;
use crate::ui::theme;

/// The form's typed texts and the rules last saved.
#[derive(Clone)]
pub struct ReceivablesSettings {
    book: Option<PathBuf>,
    pub edges: String,
    pub long_days: String,
    pub large: String,
    pub margin: String,
    saved: AgingRules,
}

fn edges_text(edges: &BucketEdges) -> String {
    edges
        .edges()
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl ReceivablesSettings {
    pub fn new(store: &Store) -> crate::store::Result<ReceivablesSettings> {
        let rules = store.aging_rules()?;
        let mut form = ReceivablesSettings {
            book: store.path().map(PathBuf::from),
            edges: String::new(),
            long_days: String::new(),
            large: String::new(),
            margin: String::new(),
            saved: rules.clone(),
        };
        form.fill(&rules);
        Ok(form)
    }

    fn fill(&mut self, rules: &AgingRules) {
        self.edges = edges_text(&rules.edges);
        self.long_days = rules.long_after_days.to_string();
        self.large = rules.large_above.to_plain();
        self.margin = rules.margin_percent.to_string();
    }

    fn edges(&self) -> Result<BucketEdges, EdgesError> {
        BucketEdges::parse(&self.edges)
    }

    fn large(&self) -> Result<Money, String> {
        match Money::parse(&self.large) {
            Ok(m) if m.fen() >= 0 => Ok(m),
            Ok(_) => Err(t!("err.amount_positive").into_owned()),
            Err(e) => Err(money_error(&e)),
        }
    }

    /// The rules as typed, or None while any field is invalid.
    pub fn typed(&self) -> Option<AgingRules> {
        Some(AgingRules {
            edges: self.edges().ok()?,
            long_after_days: parse_days(&self.long_days, &(0..=3650))?,
            large_above: self.large().ok()?,
            margin_percent: parse_days(&self.margin, &(1..=100))?,
        })
    }

    /// Shows the group with its state kept in egui's memory (one call from
    /// the Settings page).
    pub fn show_in_memory(ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        let id = egui::Id::unique("settings-receivables");
        let book = view.store.path().map(PathBuf::from);
        let kept: Option<ReceivablesSettings> = ui.data(|d| d.get_temp(id));
        let mut form = match kept {
            Some(form) if form.book == book => form,
            _ => match ReceivablesSettings::new(view.store) {
                Ok(form) => form,
                Err(e) => {
                    view.status.error(store_error(&e));
                    return;
                }
            },
        };
        form.show(ui, view);
        ui.data_mut(|d| d.insert_temp(id, form));
    }

    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        egui::Frame::group(ui.style())
            .inner_margin(12.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width().min(860.0));
                ui.heading(t!("recv.set.title"));
                ui.label(RichText::new(t!("recv.set.intro")).color(theme::MUTED));
                ui.add_space(6.0);
                egui::Grid::new("receivables-settings")
                    .num_columns(2)
                    .spacing([12.0, 6.0])
                    .show(ui, |ui| self.fields(ui));
                let typed = self.typed();
                let changed = typed.as_ref().is_some_and(|t| *t != self.saved);
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(changed, egui::Button::new(t!("recv.set.save")))
                        .clicked()
                        && let Some(rules) = typed.clone()
                    {
                        match view.store.set_aging_rules(&rules) {
                            Ok(()) => {
                                self.saved = rules;
                                view.status.info(t!("recv.set.saved"));
                                view.commands.push(Command::Reload);
                            }
                            Err(e) => view.status.error(store_error(&e)),
                        }
                    }
                    if typed.is_none() {
                        ui.label(RichText::new(t!("recv.set.fix_first")).color(theme::ERROR));
                    }
                    if ui.button(t!("recv.set.defaults")).clicked() {
                        self.fill(&AgingRules::default());
                    }
                });
            });
    }

    fn fields(&mut self, ui: &mut egui::Ui) {
        let error = |ui: &mut egui::Ui, text: String| {
            ui.label(RichText::new(text).color(theme::ERROR));
        };
        let label = ui.label(t!("recv.set.edges"));
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut self.edges).desired_width(160.0))
                .labelled_by(label.id);
            ui.label(RichText::new(t!("recv.set.edges_unit")).color(theme::MUTED));
            match self.edges() {
                Ok(_) => {}
                Err(EdgesError::Shape) => error(ui, t!("recv.set.edges_shape").into_owned()),
                Err(EdgesError::NotIncreasing) => {
                    error(ui, t!("recv.set.edges_increasing").into_owned())
                }
            }
        });
        ui.end_row();

        let label = ui.label(t!("recv.set.long_days"));
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut self.long_days).desired_width(64.0))
                .labelled_by(label.id);
            ui.label(t!("settings.days_unit"));
            if parse_days(&self.long_days, &(0..=3650)).is_none() {
                error(
                    ui,
                    t!("settings.days_error", min = 0, max = 3650).into_owned(),
                );
            }
        });
        ui.end_row();

        let label = ui.label(t!("recv.set.large"));
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut self.large).desired_width(110.0))
                .labelled_by(label.id);
            ui.label(t!("case.yuan"));
            if let Err(e) = self.large() {
                error(ui, e);
            }
        });
        ui.end_row();

        let label = ui.label(t!("recv.set.margin"));
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut self.margin).desired_width(64.0))
                .labelled_by(label.id);
            ui.label("%");
            if parse_days(&self.margin, &(1..=100)).is_none() {
                error(ui, t!("recv.set.margin_error").into_owned());
            } else {
                ui.label(RichText::new(t!("recv.set.margin_hint")).color(theme::MUTED));
            }
        });
        ui.end_row();
    }
}
