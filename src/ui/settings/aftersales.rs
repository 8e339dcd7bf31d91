//! The After-sales group of Settings (售后): the warranty policy's windows
//! and repair times, the clerk's authority limit, when a follow-up is
//! proposed, the service-level limits, and when quality returns raise an
//! alert. Each field is checked as it is typed; Save stays off until all
//! are valid.

use std::ops::RangeInclusive;

use egui::RichText;

use crate::domain::complaint::ComplaintRules;
use crate::domain::money::Money;
use crate::domain::returns::AlertRule;
use crate::domain::warranty::WarrantyPolicy;
use crate::i18n::{money_error, store_error, t};
use crate::store::Store;
use crate::ui::app::{Command, ViewCtx};
use crate::ui::settings::calendar::parse_days;
use crate::ui::theme;

/// One whole-number field: its text, its unit, its allowed range.
struct NumberField {
    key: &'static str,
    unit: &'static str,
    range: RangeInclusive<u32>,
    text: String,
}

impl NumberField {
    fn new(key: &'static str, unit: &'static str, range: RangeInclusive<u32>, value: u32) -> Self {
        NumberField {
            key,
            unit,
            range,
            text: value.to_string(),
        }
    }

    fn value(&self) -> Option<u32> {
        parse_days(&self.text, &self.range)
    }
}

pub struct AfterSalesSettings {
    fields: Vec<NumberField>,
    authority: String,
    saved: (ComplaintRules, AlertRule),
}

impl AfterSalesSettings {
    pub fn new(store: &Store) -> crate::store::Result<AfterSalesSettings> {
        let rules = store.complaint_rules()?;
        let alert = store.alert_rule()?;
        let mut form = AfterSalesSettings {
            fields: Vec::new(),
            authority: String::new(),
            saved: (rules, alert),
        };
        form.fill(rules, alert);
        Ok(form)
    }

    fn fill(&mut self, r: ComplaintRules, a: AlertRule) {
        let p = r.policy;
        self.fields = vec![
            NumberField::new(
                "settings.aftersales.unopened_days",
                "settings.days_unit",
                0..=365,
                p.unopened_return_days,
            ),
            NumberField::new(
                "settings.aftersales.quality_days",
                "settings.days_unit",
                0..=365,
                p.quality_return_days,
            ),
            NumberField::new(
                "settings.aftersales.shop_repair_days",
                "settings.days_unit",
                1..=60,
                p.shop_repair_days,
            ),
            NumberField::new(
                "settings.aftersales.factory_repair_days",
                "settings.days_unit",
                1..=365,
                p.factory_repair_days,
            ),
            NumberField::new(
                "settings.aftersales.follow_up_days",
                "settings.days_unit",
                0..=60,
                r.follow_up_days,
            ),
            NumberField::new(
                "settings.aftersales.first_response_hours",
                "settings.aftersales.hours_unit",
                1..=720,
                r.first_response_hours,
            ),
            NumberField::new(
                "settings.aftersales.close_days",
                "settings.days_unit",
                1..=365,
                r.close_within_days,
            ),
            NumberField::new(
                "settings.aftersales.alert_count",
                "settings.aftersales.returns_unit",
                1..=100,
                a.count,
            ),
            NumberField::new(
                "settings.aftersales.alert_days",
                "settings.days_unit",
                1..=365,
                a.days,
            ),
        ];
        self.authority = r.authority_limit.to_plain();
    }

    /// The rules as typed, or None while any field is invalid.
    fn typed(&self) -> Option<(ComplaintRules, AlertRule)> {
        let v: Vec<u32> = self
            .fields
            .iter()
            .map(NumberField::value)
            .collect::<Option<_>>()?;
        let authority = Money::parse(&self.authority)
            .ok()
            .filter(|m| m.fen() >= 0)?;
        Some((
            ComplaintRules {
                policy: WarrantyPolicy {
                    unopened_return_days: v[0],
                    quality_return_days: v[1],
                    shop_repair_days: v[2],
                    factory_repair_days: v[3],
                },
                authority_limit: authority,
                follow_up_days: v[4],
                first_response_hours: v[5],
                close_within_days: v[6],
            },
            AlertRule {
                count: v[7],
                days: v[8],
            },
        ))
    }

    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>) {
        egui::Frame::group(ui.style())
            .inner_margin(12.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width().min(860.0));
                ui.heading(t!("settings.aftersales.title"));
                ui.label(RichText::new(t!("settings.aftersales.intro")).color(theme::MUTED));
                ui.add_space(6.0);
                egui::Grid::new("aftersales-settings")
                    .num_columns(2)
                    .spacing([12.0, 6.0])
                    .show(ui, |ui| {
                        for (i, field) in self.fields.iter_mut().enumerate() {
                            if i == 4 {
                                money_row(ui, &mut self.authority);
                            }
                            let label = ui.label(t!(field.key));
                            ui.horizontal(|ui| {
                                ui.add(
                                    egui::TextEdit::singleline(&mut field.text).desired_width(64.0),
                                )
                                .labelled_by(label.id);
                                ui.label(t!(field.unit));
                                if field.value().is_none() {
                                    ui.label(
                                        RichText::new(t!(
                                            "settings.days_error",
                                            min = field.range.start(),
                                            max = field.range.end()
                                        ))
                                        .color(theme::ERROR),
                                    );
                                }
                            });
                            ui.end_row();
                        }
                    });
                let typed = self.typed();
                let changed = typed.is_some_and(|t| t != self.saved);
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(changed, egui::Button::new(t!("settings.aftersales.save")))
                        .clicked()
                        && let Some((rules, alert)) = typed
                    {
                        let result = view
                            .store
                            .set_complaint_rules(&rules)
                            .and_then(|()| view.store.set_alert_rule(alert));
                        match result {
                            Ok(()) => {
                                self.saved = (rules, alert);
                                view.status.info(t!("settings.aftersales.saved"));
                                view.commands.push(Command::Reload);
                            }
                            Err(e) => view.status.error(store_error(&e)),
                        }
                    }
                    if typed.is_none() {
                        ui.label(
                            RichText::new(t!("settings.aftersales.fix_first")).color(theme::ERROR),
                        );
                    }
                    if ui.button(t!("settings.aftersales.defaults")).clicked() {
                        self.fill(ComplaintRules::default(), AlertRule::default());
                    }
                });
            });
    }
}

fn money_row(ui: &mut egui::Ui, text: &mut String) {
    let label = ui.label(t!("settings.aftersales.authority"));
    ui.horizontal(|ui| {
        ui.add(egui::TextEdit::singleline(text).desired_width(90.0))
            .labelled_by(label.id);
        ui.label(t!("case.yuan"));
        match Money::parse(text) {
            Ok(m) if m.fen() >= 0 => {}
            Ok(_) => {
                ui.label(RichText::new(t!("err.amount_positive")).color(theme::ERROR));
            }
            Err(e) => {
                ui.label(RichText::new(money_error(&e)).color(theme::ERROR));
            }
        }
    });
    ui.end_row();
}
