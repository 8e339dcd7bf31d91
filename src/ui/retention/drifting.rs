//! The drifting tab: customers whose buying slowed or stopped or who have
//! waited on a complaint, A-class first; for the one picked, the signals in
//! words, the leave reasons and retention attempts recorded, and a form to
//! record another.

use egui::{RichText, Sense};
use egui_extras::{Column, TableBuilder};

use crate::domain::customer::CustomerId;
use crate::domain::retention::{Drifting, LeaveReason, Outcome, RetentionNote, Signal};
use crate::i18n::{join_list, label, store_error, t};
use crate::ui::app::{Command, ViewCtx};
use crate::ui::theme;
use crate::ui::widgets::date_picker::DateInput;
use crate::ui::widgets::{confirm_remove, error_line};

/// The form for a leave reason or a retention attempt.
struct NoteForm {
    date: String,
    reason: LeaveReason,
    attempt: String,
    outcome: Outcome,
    error: Option<String>,
}

impl NoteForm {
    fn new(today: chrono::NaiveDate) -> NoteForm {
        NoteForm {
            date: today.format("%Y-%m-%d").to_string(),
            reason: LeaveReason::Unknown,
            attempt: String::new(),
            outcome: Outcome::Pending,
            error: None,
        }
    }
}

#[derive(Default)]
pub struct DriftingTab {
    selected: Option<CustomerId>,
    notes: Vec<RetentionNote>,
    form: Option<NoteForm>,
    pending_delete: Option<i64>,
}

/// One signal in a sentence.
pub fn signal_text(s: &Signal) -> String {
    match s {
        Signal::Overdue { days, usual } => {
            t!("ret.signal_overdue", days = days, usual = usual).into()
        }
        Signal::Drop { recent, before } => t!(
            "ret.signal_drop",
            recent = recent.to_string(),
            before = before.to_string()
        )
        .into(),
        Signal::OpenComplaint { complaint, days } => {
            t!("ret.signal_complaint", id = complaint, days = days).into()
        }
    }
}

/// The signal as a short tag for the table.
fn signal_tag(s: &Signal) -> String {
    match s {
        Signal::Overdue { .. } => t!("ret.tag_overdue").into(),
        Signal::Drop { .. } => t!("ret.tag_drop").into(),
        Signal::OpenComplaint { .. } => t!("ret.tag_complaint").into(),
    }
}

impl DriftingTab {
    fn select(&mut self, id: CustomerId, view: &mut ViewCtx<'_>) {
        self.selected = Some(id);
        self.form = Some(NoteForm::new(view.clock.today()));
        self.reload_notes(view);
    }

    fn reload_notes(&mut self, view: &mut ViewCtx<'_>) {
        let Some(id) = self.selected else { return };
        match view.store.retention_notes(id) {
            Ok(notes) => self.notes = notes,
            Err(e) => view.status.error(store_error(&e)),
        }
    }

    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>, list: &[Drifting]) {
        ui.label(RichText::new(t!("ret.drifting_intro")).color(theme::MUTED));
        ui.add_space(6.0);
        if list.is_empty() {
            ui.label(t!("ret.drifting_empty"));
            return;
        }
        let picked = self
            .selected
            .and_then(|id| list.iter().find(|d| d.customer_id == id));
        if let Some(d) = picked {
            let d = d.clone();
            egui::Panel::right("retention_detail")
                .resizable(true)
                .default_size(380.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("retention-detail-scroll")
                        .auto_shrink([false, false])
                        .show(ui, |ui| self.detail(ui, view, &d));
                });
        }
        egui::CentralPanel::default().show(ui, |ui| self.table(ui, view, list));
    }

    fn table(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>, list: &[Drifting]) {
        ui.style_mut().interaction.selectable_labels = false;
        let mut clicked = None;
        TableBuilder::new(ui)
            .striped(true)
            .sense(Sense::click())
            .column(Column::exact(44.0))
            .column(Column::initial(150.0).at_least(100.0))
            .column(Column::initial(200.0).at_least(120.0))
            .column(Column::initial(100.0))
            .column(Column::initial(120.0))
            .column(Column::remainder())
            .header(26.0, |mut h| {
                for title in [
                    t!("ret.col_class"),
                    t!("ret.col_name"),
                    t!("ret.col_signals"),
                    t!("ret.col_last_purchase"),
                    t!("ret.col_revenue"),
                    t!("ret.col_last_note"),
                ] {
                    h.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|body| {
                body.rows(24.0, list.len(), |mut row| {
                    let d = &list[row.index()];
                    row.set_selected(self.selected == Some(d.customer_id));
                    row.col(|ui| {
                        ui.label(RichText::new(d.class.code()).strong());
                    });
                    row.col(|ui| {
                        ui.label(&d.name);
                    });
                    row.col(|ui| {
                        let tags: Vec<String> = d.signals.iter().map(signal_tag).collect();
                        ui.label(RichText::new(join_list(&tags)).color(theme::WARNING));
                    });
                    row.col(|ui| {
                        ui.label(d.last_purchase.map(|p| p.to_string()).unwrap_or_default());
                    });
                    row.col(|ui| {
                        ui.label(d.revenue.to_string());
                    });
                    row.col(|ui| {
                        if let Some(n) = &d.last_note {
                            ui.label(format!(
                                "{} · {}",
                                label("ret.reason", n.reason.code()),
                                label("ret.outcome", n.outcome.code())
                            ));
                        }
                    });
                    if row.response().clicked() {
                        clicked = Some(d.customer_id);
                    }
                });
            });
        if let Some(id) = clicked {
            self.select(id, view);
        }
    }

    fn detail(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>, d: &Drifting) {
        ui.horizontal(|ui| {
            ui.heading(&d.name);
            ui.label(
                RichText::new(t!("ret.class_title", class = d.class.code())).color(theme::MUTED),
            );
        });
        ui.horizontal(|ui| {
            if ui.button(t!("ret.open_card")).clicked() {
                view.commands.push(Command::OpenCustomer(d.customer_id));
            }
            if ui.button(t!("ret.close_detail")).clicked() {
                self.selected = None;
            }
        });
        ui.add_space(6.0);
        for s in &d.signals {
            ui.label(RichText::new(format!("• {}", signal_text(s))).color(theme::WARNING));
        }
        ui.add_space(8.0);
        ui.strong(t!("ret.notes_title"));
        if self.notes.is_empty() {
            ui.label(RichText::new(t!("ret.notes_none")).color(theme::MUTED));
        }
        let mut changed = false;
        for n in self.notes.clone() {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(format!(
                    "{}  {}",
                    n.date,
                    t!(
                        "ret.note_reason",
                        reason = label("ret.reason", n.reason.code())
                    )
                ));
                if !n.attempt.is_empty() {
                    ui.label(&n.attempt);
                }
                ui.horizontal(|ui| {
                    ui.label(t!("ret.outcome_label"));
                    for o in Outcome::ALL {
                        if ui
                            .selectable_label(n.outcome == *o, label("ret.outcome", o.code()))
                            .clicked()
                            && n.outcome != *o
                            && let Some(id) = n.id
                        {
                            match view.store.set_retention_outcome(id, *o) {
                                Ok(()) => changed = true,
                                Err(e) => view.status.error(store_error(&e)),
                            }
                        }
                    }
                    if confirm_remove(ui, &mut self.pending_delete, n.id)
                        && let Some(id) = n.id
                    {
                        match view.store.delete_retention_note(id) {
                            Ok(()) => changed = true,
                            Err(e) => view.status.error(store_error(&e)),
                        }
                    }
                });
            });
        }
        if changed {
            self.reload_notes(view);
        }
        ui.add_space(8.0);
        ui.strong(t!("ret.form_title"));
        let form = self
            .form
            .get_or_insert_with(|| NoteForm::new(view.clock.today()));
        egui::Grid::new("retention_form")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                let l = ui.label(t!("ret.form_date"));
                ui.add(DateInput::new(&mut form.date).desired_width(110.0))
                    .labelled_by(l.id);
                ui.end_row();
                ui.label(t!("ret.form_reason"));
                egui::ComboBox::from_id_salt("retention_reason")
                    .selected_text(label("ret.reason", form.reason.code()))
                    .show_ui(ui, |ui| {
                        for r in LeaveReason::ALL {
                            ui.selectable_value(
                                &mut form.reason,
                                *r,
                                label("ret.reason", r.code()),
                            );
                        }
                    })
                    .response
                    .accessible_name(t!("ret.form_reason"));
                ui.end_row();
                let l = ui.label(t!("ret.form_attempt"));
                ui.add(
                    egui::TextEdit::multiline(&mut form.attempt)
                        .desired_rows(3)
                        .desired_width(240.0)
                        .hint_text(t!("ret.form_attempt_hint")),
                )
                .labelled_by(l.id);
                ui.end_row();
                ui.label(t!("ret.outcome_label"));
                egui::ComboBox::from_id_salt("retention_outcome")
                    .selected_text(label("ret.outcome", form.outcome.code()))
                    .show_ui(ui, |ui| {
                        for o in Outcome::ALL {
                            ui.selectable_value(
                                &mut form.outcome,
                                *o,
                                label("ret.outcome", o.code()),
                            );
                        }
                    })
                    .response
                    .accessible_name(t!("ret.outcome_label"));
                ui.end_row();
            });
        error_line(ui, form.error.as_ref());
        if ui.button(t!("ret.form_save")).clicked() {
            match chrono::NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d") {
                Ok(date) if date <= view.clock.today() => {
                    let note = RetentionNote {
                        id: None,
                        customer_id: d.customer_id,
                        date,
                        reason: form.reason,
                        attempt: form.attempt.clone(),
                        outcome: form.outcome,
                        created_at: view.clock.now(),
                    };
                    match view.store.add_retention_note(&note) {
                        Ok(_) => {
                            view.status.info(t!("ret.saved"));
                            self.form = Some(NoteForm::new(view.clock.today()));
                            self.reload_notes(view);
                        }
                        Err(e) => view.status.error(store_error(&e)),
                    }
                }
                Ok(_) => form.error = Some(t!("ret.error_future").into()),
                Err(_) => form.error = Some(t!("ret.error_date").into()),
            }
        }
    }
}
