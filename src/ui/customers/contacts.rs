//! The card's contact log tab: add an entry (date/time, channel, purpose,
//! what was said, outcome, referral asked, next contact) and read the log,
//! newest first.

use chrono::{NaiveDateTime, NaiveTime};
use egui::{RichText, TextEdit};

use super::card::CardData;
use crate::domain::contact::{ContactChannel, ContactEntry, ContactPurpose, next_contact_date};
use crate::domain::customer::CustomerId;
use crate::i18n::{label, store_error, t};
use crate::ui::app::ViewCtx;
use crate::ui::theme;
use crate::ui::widgets::date_picker::DateInput;
use crate::ui::widgets::entry::{EntryField, FieldErrors, Live, record};
use crate::ui::widgets::error_line;
use crate::ui::widgets::form_row::{date_row, form_row};

/// The fields of the contact entry form that can carry a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactField {
    Date,
    Time,
    Summary,
    Next,
}

impl EntryField for ContactField {
    fn label(self) -> String {
        match self {
            ContactField::Date => t!("contacts.when"),
            ContactField::Time => t!("contacts.time"),
            ContactField::Summary => t!("contacts.summary"),
            ContactField::Next => t!("contacts.next"),
        }
        .into_owned()
    }
}

pub struct ContactsTab {
    date: String,
    time: String,
    channel: ContactChannel,
    purpose: ContactPurpose,
    summary: String,
    outcome: String,
    referral_asked: bool,
    next: String,
    errors: FieldErrors<ContactField>,
    live: Live<ContactField>,
    pending_delete: Option<i64>,
}

impl ContactsTab {
    pub fn new(now: NaiveDateTime) -> ContactsTab {
        ContactsTab {
            date: now.format("%Y-%m-%d").to_string(),
            time: now.format("%H:%M").to_string(),
            channel: ContactChannel::Phone,
            purpose: ContactPurpose::AfterSales,
            summary: String::new(),
            outcome: String::new(),
            referral_asked: false,
            next: String::new(),
            errors: FieldErrors::default(),
            live: Live::default(),
            pending_delete: None,
        }
    }

    pub fn has_input(&self) -> bool {
        !self.summary.trim().is_empty()
            || !self.outcome.trim().is_empty()
            || !self.next.trim().is_empty()
    }

    pub fn clear(&mut self) {
        self.summary.clear();
        self.outcome.clear();
        self.next.clear();
        self.referral_asked = false;
        self.errors.clear();
        self.live.reset();
    }

    fn parse(&self, customer_id: CustomerId) -> Result<ContactEntry, FieldErrors<ContactField>> {
        let mut errors = FieldErrors::default();
        let date = errors.required_date(ContactField::Date, &self.date);
        let time = match self.time.trim() {
            "" => Some(NaiveTime::MIN),
            text => {
                let text = crate::domain::text::to_half_width(text).replace('：', ":");
                match NaiveTime::parse_from_str(&text, "%H:%M") {
                    Ok(t) => Some(t),
                    Err(_) => {
                        errors.add(ContactField::Time, t!("err.time").into_owned());
                        None
                    }
                }
            }
        };
        let next = errors.optional_date(ContactField::Next, &self.next);
        errors.required_text(ContactField::Summary, &self.summary);
        if let (Some(d), Some(n)) = (date, next)
            && n < d
        {
            errors.add(
                ContactField::Next,
                t!("err.next_before_contact").into_owned(),
            );
        }
        match (date, time, errors.is_empty()) {
            (Some(date), Some(time), true) => Ok(ContactEntry {
                id: None,
                customer_id,
                at: date.and_time(time),
                channel: self.channel,
                purpose: self.purpose,
                summary: self.summary.trim().to_string(),
                outcome: self.outcome.trim().to_string(),
                referral_asked: self.referral_asked,
                next_contact: next,
            }),
            _ => Err(errors),
        }
    }

    /// Validates and records the entry being typed; true when it was saved.
    pub fn submit(&mut self, view: &mut ViewCtx<'_>, id: CustomerId, data: &mut CardData) -> bool {
        let saved = record(
            view,
            self.parse(id),
            &mut self.errors,
            &t!("contacts.added"),
            |store, entry| {
                store.add_contact(&entry)?;
                data.contacts = store.contacts_for(id)?;
                Ok(())
            },
        );
        if saved {
            self.clear();
        }
        saved
    }

    /// Draws the tab; returns true when the log changed.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        id: CustomerId,
        data: &mut CardData,
    ) -> bool {
        let mut changed = false;
        if let Some(next) = next_contact_date(&data.contacts) {
            let overdue = next < view.clock.today();
            let text = t!("contacts.next_contact", date = next.format("%Y-%m-%d"));
            ui.label(RichText::new(text).strong().color(if overdue {
                theme::ERROR
            } else {
                theme::ACCENT
            }));
        }
        self.live.begin();
        egui::Frame::group(ui.style())
            .inner_margin(10.0)
            .show(ui, |ui| {
                ui.label(RichText::new(t!("contacts.add_title")).strong());
                egui::Grid::new("contact-form")
                    .num_columns(2)
                    .spacing([12.0, 6.0])
                    .show(ui, |ui| {
                        let l = ui.label(ContactField::Date.label());
                        ui.horizontal(|ui| {
                            let date = ui
                                .add(DateInput::new(&mut self.date).desired_width(100.0))
                                .labelled_by(l.id);
                            self.live.watch(ContactField::Date, &date);
                            let time = ui
                                .add(
                                    TextEdit::singleline(&mut self.time)
                                        .desired_width(56.0)
                                        .hint_text("14:30"),
                                )
                                .accessible_name(ContactField::Time.label());
                            self.live.watch(ContactField::Time, &time);
                        });
                        ui.end_row();
                        if let Some(e) = self
                            .errors
                            .get(ContactField::Date)
                            .or(self.errors.get(ContactField::Time))
                        {
                            ui.label("");
                            error_line(ui, Some(e));
                            ui.end_row();
                        }
                        ui.label(t!("contacts.channel"));
                        ui.horizontal_wrapped(|ui| {
                            for c in ContactChannel::ALL {
                                ui.radio_value(&mut self.channel, *c, label("channel", c.code()));
                            }
                        });
                        ui.end_row();
                        ui.label(t!("contacts.purpose"));
                        ui.horizontal_wrapped(|ui| {
                            for p in ContactPurpose::ALL {
                                ui.radio_value(&mut self.purpose, *p, label("purpose", p.code()));
                            }
                        });
                        ui.end_row();
                        let summary = form_row(
                            ui,
                            &ContactField::Summary.label(),
                            self.errors.get(ContactField::Summary),
                            |ui| {
                                ui.add(
                                    TextEdit::multiline(&mut self.summary)
                                        .desired_rows(2)
                                        .desired_width(crate::ui::widgets::fitting_width(ui, 420.0))
                                        .hint_text(t!("contacts.summary_hint")),
                                )
                            },
                        );
                        self.live.watch(ContactField::Summary, &summary);
                        let l = ui.label(t!("contacts.outcome"));
                        ui.add(
                            TextEdit::singleline(&mut self.outcome)
                                .desired_width(crate::ui::widgets::fitting_width(ui, 420.0)),
                        )
                        .labelled_by(l.id);
                        ui.end_row();
                        ui.label("");
                        ui.checkbox(&mut self.referral_asked, t!("contacts.referral_asked"));
                        ui.end_row();
                        let next = date_row(
                            ui,
                            &ContactField::Next.label(),
                            &mut self.next,
                            "2026-12-01",
                            100.0,
                            self.errors.get(ContactField::Next),
                        );
                        self.live.watch(ContactField::Next, &next);
                    });
                if self.live.should_check(&self.errors) {
                    let fresh = self.parse(id).err().unwrap_or_default();
                    self.errors.follow(fresh, &self.live);
                }
                if ui
                    .button(RichText::new(t!("contacts.add")).strong())
                    .clicked()
                {
                    changed |= self.submit(view, id, data);
                }
            });
        ui.add_space(8.0);
        if data.contacts.is_empty() {
            ui.label(RichText::new(t!("contacts.empty")).color(theme::MUTED));
        }
        let mut delete = None;
        for entry in &data.contacts {
            egui::Frame::new()
                .inner_margin(egui::Margin::symmetric(4, 4))
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.label(
                            RichText::new(entry.at.format("%Y-%m-%d %H:%M").to_string()).strong(),
                        );
                        ui.label(label("channel", entry.channel.code()));
                        ui.label(
                            RichText::new(label("purpose", entry.purpose.code()))
                                .color(theme::MUTED),
                        );
                        if entry.referral_asked {
                            ui.label(
                                RichText::new(t!("contacts.referral_asked_short"))
                                    .color(theme::SUCCESS),
                            );
                        }
                        if let Some(next) = entry.next_contact {
                            ui.label(
                                RichText::new(t!(
                                    "contacts.next_short",
                                    date = next.format("%Y-%m-%d")
                                ))
                                .color(theme::ACCENT),
                            );
                        }
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            if crate::ui::widgets::confirm_remove(
                                ui,
                                &mut self.pending_delete,
                                entry.id,
                            ) {
                                delete = entry.id;
                            }
                        });
                    });
                    ui.label(&entry.summary);
                    if !entry.outcome.is_empty() {
                        ui.label(RichText::new(format!("→ {}", entry.outcome)).color(theme::MUTED));
                    }
                });
            ui.separator();
        }
        if let Some(entry_id) = delete {
            match view
                .store
                .delete_contact(entry_id)
                .and_then(|_| view.store.contacts_for(id))
            {
                Ok(list) => {
                    data.contacts = list;
                    changed = true;
                }
                Err(e) => view.status.error(store_error(&e)),
            }
        }
        changed
    }
}
