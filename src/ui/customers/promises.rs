//! The card's service promises tab: what the shop promised, when it is due
//! (one-off, monthly on a day, every N months), and whether each due date
//! was kept. Overdue promises stand out in red.

use chrono::NaiveDate;
use egui::{RichText, TextEdit};

use super::card::CardData;
use crate::domain::customer::CustomerId;
use crate::domain::promise::{PromiseRecord, PromiseStatus, Recurrence, ServicePromise};
use crate::i18n::{store_error, t};
use crate::ui::app::ViewCtx;
use crate::ui::theme;
use crate::ui::widgets::date_picker::DateInput;
use crate::ui::widgets::entry::{EntryField, FieldErrors, Live, record};
use crate::ui::widgets::form_row::{form_row, text_row};
use crate::ui::widgets::{confirm_remove, error_line};

/// The fields of the promise entry form that can carry a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromiseField {
    Description,
    FirstDue,
    Repeat,
}

impl EntryField for PromiseField {
    fn label(self) -> String {
        match self {
            PromiseField::Description => t!("promises.description"),
            PromiseField::FirstDue => t!("promises.first_due"),
            PromiseField::Repeat => t!("promises.repeat"),
        }
        .into_owned()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RepeatKind {
    Once,
    Monthly,
    EveryMonths,
}

pub struct PromisesTab {
    description: String,
    first_due: String,
    repeat: RepeatKind,
    day_of_month: String,
    months: String,
    errors: FieldErrors<PromiseField>,
    live: Live<PromiseField>,
    pending_delete: Option<i64>,
}

impl PromisesTab {
    pub fn new(today: NaiveDate) -> PromisesTab {
        PromisesTab {
            description: String::new(),
            first_due: today.format("%Y-%m-%d").to_string(),
            repeat: RepeatKind::Once,
            day_of_month: "10".into(),
            months: "6".into(),
            errors: FieldErrors::default(),
            live: Live::default(),
            pending_delete: None,
        }
    }

    pub fn has_input(&self) -> bool {
        !self.description.trim().is_empty()
    }

    pub fn clear(&mut self) {
        self.description.clear();
        self.errors.clear();
        self.live.reset();
    }

    fn parse(
        &self,
        customer_id: CustomerId,
        now: chrono::NaiveDateTime,
    ) -> Result<ServicePromise, FieldErrors<PromiseField>> {
        let mut errors = FieldErrors::default();
        errors.required_text(PromiseField::Description, &self.description);
        let first_due = errors.required_date(PromiseField::FirstDue, &self.first_due);
        let number = |text: &str, range: std::ops::RangeInclusive<u32>| {
            crate::domain::text::to_half_width(text.trim())
                .parse::<u32>()
                .ok()
                .filter(|n| range.contains(n))
        };
        let recurrence = match self.repeat {
            RepeatKind::Once => Some(Recurrence::Once),
            RepeatKind::Monthly => number(&self.day_of_month, 1..=31)
                .map(Recurrence::MonthlyOnDay)
                .or_else(|| {
                    errors.add(PromiseField::Repeat, t!("err.day_of_month").into_owned());
                    None
                }),
            RepeatKind::EveryMonths => number(&self.months, 1..=120)
                .map(Recurrence::EveryMonths)
                .or_else(|| {
                    errors.add(PromiseField::Repeat, t!("err.months").into_owned());
                    None
                }),
        };
        match (first_due, recurrence, errors.is_empty()) {
            (Some(first_due), Some(recurrence), true) => Ok(ServicePromise {
                id: None,
                customer_id,
                description: self.description.trim().to_string(),
                first_due,
                recurrence,
                ended: false,
                created_at: now,
                records: Vec::new(),
            }),
            _ => Err(errors),
        }
    }

    /// Validates and records the promise being typed; true when it was saved.
    pub fn submit(&mut self, view: &mut ViewCtx<'_>, id: CustomerId, data: &mut CardData) -> bool {
        let parsed = self.parse(id, view.clock.now());
        let saved = record(
            view,
            parsed,
            &mut self.errors,
            &t!("promises.added"),
            |store, promise| {
                store.save_promise(&promise)?;
                data.promises = store.promises_for(id)?;
                Ok(())
            },
        );
        if saved {
            self.clear();
        }
        saved
    }

    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        id: CustomerId,
        data: &mut CardData,
    ) {
        self.live.begin();
        egui::Frame::group(ui.style())
            .inner_margin(10.0)
            .show(ui, |ui| {
                ui.label(RichText::new(t!("promises.add_title")).strong());
                egui::Grid::new("promise-form")
                    .num_columns(2)
                    .spacing([12.0, 6.0])
                    .show(ui, |ui| {
                        let description = text_row(
                            ui,
                            &PromiseField::Description.label(),
                            &mut self.description,
                            &t!("promises.description_hint"),
                            380.0,
                            self.errors.get(PromiseField::Description),
                        );
                        self.live.watch(PromiseField::Description, &description);
                        let first_due = form_row(
                            ui,
                            &PromiseField::FirstDue.label(),
                            self.errors.get(PromiseField::FirstDue),
                            |ui| ui.add(DateInput::new(&mut self.first_due).desired_width(100.0)),
                        );
                        self.live.watch(PromiseField::FirstDue, &first_due);
                        ui.label(PromiseField::Repeat.label());
                        ui.vertical(|ui| {
                            ui.horizontal(|ui| {
                                ui.radio_value(
                                    &mut self.repeat,
                                    RepeatKind::Once,
                                    t!("promises.once"),
                                );
                                ui.radio_value(
                                    &mut self.repeat,
                                    RepeatKind::Monthly,
                                    t!("promises.monthly"),
                                );
                                if self.repeat == RepeatKind::Monthly {
                                    let day = ui.add(
                                        TextEdit::singleline(&mut self.day_of_month)
                                            .desired_width(30.0),
                                    );
                                    self.live.watch(PromiseField::Repeat, &day);
                                    ui.label(t!("promises.day_suffix"));
                                }
                                ui.radio_value(
                                    &mut self.repeat,
                                    RepeatKind::EveryMonths,
                                    t!("promises.every"),
                                );
                                if self.repeat == RepeatKind::EveryMonths {
                                    let months = ui.add(
                                        TextEdit::singleline(&mut self.months).desired_width(30.0),
                                    );
                                    self.live.watch(PromiseField::Repeat, &months);
                                    ui.label(t!("promises.months_suffix"));
                                }
                            });
                            error_line(ui, self.errors.get(PromiseField::Repeat));
                        });
                        ui.end_row();
                    });
                if self.live.should_check(&self.errors) {
                    let fresh = self.parse(id, view.clock.now()).err().unwrap_or_default();
                    self.errors.follow(fresh, &self.live);
                }
                if ui
                    .button(RichText::new(t!("promises.add")).strong())
                    .clicked()
                {
                    self.submit(view, id, data);
                }
            });
        ui.add_space(8.0);
        if data.promises.is_empty() {
            ui.label(RichText::new(t!("promises.empty")).color(theme::MUTED));
        }
        let mut action: Option<(i64, PromiseAction)> = None;
        for p in &data.promises {
            let Some(pid) = p.id else { continue };
            let status = p.status(view.clock.today());
            ui.horizontal(|ui| {
                let (text, color) = status_text(status);
                ui.label(RichText::new(text).color(color).strong());
                ui.label(&p.description);
                ui.label(
                    RichText::new(recurrence_text(p.recurrence))
                        .small()
                        .color(theme::MUTED),
                );
                if p.broken_count() > 0 {
                    ui.label(
                        RichText::new(t!("promises.broken", n = p.broken_count()))
                            .small()
                            .color(theme::ERROR),
                    );
                }
            });
            ui.horizontal(|ui| {
                if let Some(due) = p.next_open_due() {
                    if due <= view.clock.today() {
                        if ui.button(t!("promises.mark_kept")).clicked() {
                            action = Some((pid, PromiseAction::Record(due, true)));
                        }
                        if ui.button(t!("promises.mark_broken")).clicked() {
                            action = Some((pid, PromiseAction::Record(due, false)));
                        }
                    }
                    if p.recurrence != Recurrence::Once && ui.button(t!("promises.end")).clicked() {
                        action = Some((pid, PromiseAction::End));
                    }
                }
                if confirm_remove(ui, &mut self.pending_delete, Some(pid)) {
                    action = Some((pid, PromiseAction::Delete));
                }
            });
            ui.separator();
        }
        if let Some((pid, action)) = action {
            let result = match action {
                PromiseAction::Record(due, kept) => view.store.record_promise(
                    pid,
                    &PromiseRecord {
                        due,
                        kept,
                        recorded_at: view.clock.now(),
                        note: String::new(),
                    },
                ),
                PromiseAction::End => match data.promises.iter().find(|p| p.id == Some(pid)) {
                    Some(p) => {
                        let mut ended = p.clone();
                        ended.ended = true;
                        view.store.save_promise(&ended).map(|_| ())
                    }
                    None => Ok(()),
                },
                PromiseAction::Delete => view.store.delete_promise(pid),
            };
            match result.and_then(|_| view.store.promises_for(id)) {
                Ok(list) => data.promises = list,
                Err(e) => view.status.error(store_error(&e)),
            }
        }
    }
}

enum PromiseAction {
    Record(NaiveDate, bool),
    End,
    Delete,
}

fn recurrence_text(r: Recurrence) -> String {
    match r {
        Recurrence::Once => t!("promises.once").into_owned(),
        Recurrence::MonthlyOnDay(d) => t!("promises.monthly_on", day = d).into_owned(),
        Recurrence::EveryMonths(n) => t!("promises.every_n", n = n).into_owned(),
    }
}

/// How a promise's status reads, and its colour: red when overdue.
pub fn status_text(status: PromiseStatus) -> (String, egui::Color32) {
    match status {
        PromiseStatus::Overdue(d) => (
            t!("promises.overdue", date = d.format("%Y-%m-%d")).into_owned(),
            theme::ERROR,
        ),
        PromiseStatus::DueToday(_) => (t!("promises.due_today").into_owned(), theme::WARNING),
        PromiseStatus::Upcoming(d) => (
            t!("promises.upcoming", date = d.format("%Y-%m-%d")).into_owned(),
            theme::ACCENT,
        ),
        PromiseStatus::Done => (t!("promises.done").into_owned(), theme::MUTED),
    }
}
