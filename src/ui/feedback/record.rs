//! Recording a filled-in card: the date (today by default), an optional
//! name, phone/contact and linked customer, one row of level choices per
//! question, the comment, and "wants a reply" — which asks at once for the
//! name and a way to reach them. One half-filled form is kept per card, so
//! switching cards or sections loses nothing.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use egui::{RichText, TextEdit};
use serde::{Deserialize, Serialize};

use crate::domain::feedback::{CardId, FeedbackCard, FeedbackResponse, ResponseField};
use crate::domain::phone::Phone;
use crate::i18n::{feedback_response_problem, store_error, t};
use crate::store::customers::CustomerRef;
use crate::ui::app::ViewCtx;
use crate::ui::theme;
use crate::ui::widgets::date_picker::DateInput;
use crate::ui::widgets::{error_line, parse_optional_date};

/// How many customers the link search offers.
const MATCHES: usize = 8;

/// A response as typed (also part of the draft's body).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseForm {
    pub date: String,
    pub name: String,
    pub contact: String,
    pub customer: Option<CustomerRef>,
    pub answers: Vec<Option<u8>>,
    pub comment: String,
    pub wants_reply: bool,
}

impl ResponseForm {
    pub fn new(today: NaiveDate, questions: usize) -> ResponseForm {
        ResponseForm {
            date: today.format("%Y-%m-%d").to_string(),
            name: String::new(),
            contact: String::new(),
            customer: None,
            answers: vec![None; questions],
            comment: String::new(),
            wants_reply: false,
        }
    }

    /// Nothing typed yet (the date alone does not count).
    pub fn is_blank(&self) -> bool {
        self.name.trim().is_empty()
            && self.contact.trim().is_empty()
            && self.customer.is_none()
            && self.answers.iter().all(Option::is_none)
            && self.comment.trim().is_empty()
            && !self.wants_reply
    }

    /// The response for `card`, and a message per field that is wrong.
    fn check(
        &self,
        card: &FeedbackCard,
        today: NaiveDate,
        now: NaiveDateTime,
    ) -> (FeedbackResponse, Messages) {
        let mut messages = Messages::default();
        let date = match parse_optional_date(&self.date) {
            Ok(Some(d)) if d > today => {
                messages.date = Some(t!("feedback.err.future_date").into_owned());
                today
            }
            Ok(Some(d)) => d,
            Ok(None) => {
                messages.date = Some(t!("err.required").into_owned());
                today
            }
            Err(e) => {
                messages.date = Some(e);
                today
            }
        };
        // A phone is stored normalised; any other contact as typed.
        let contact = Phone::parse(&self.contact)
            .map(Phone::into_string)
            .unwrap_or_else(|_| self.contact.trim().to_string());
        let response = FeedbackResponse {
            id: None,
            card_id: card.id.unwrap_or_default(),
            date,
            customer_id: self.customer.as_ref().map(|c| c.id),
            name: self.name.trim().to_string(),
            contact,
            answers: self.answers.clone(),
            comment: self.comment.trim().to_string(),
            wants_reply: self.wants_reply,
            reply: None,
            created_at: now,
        };
        for (field, problem) in response.validate(card) {
            let slot = match field {
                ResponseField::Name => &mut messages.name,
                ResponseField::Contact => &mut messages.contact,
                ResponseField::Answers | ResponseField::Answer(_) => &mut messages.answers,
            };
            slot.get_or_insert_with(|| feedback_response_problem(field, &problem));
        }
        (response, messages)
    }
}

/// What is wrong with the form, per input.
#[derive(Debug, Default)]
struct Messages {
    date: Option<String>,
    name: Option<String>,
    contact: Option<String>,
    answers: Option<String>,
}

impl Messages {
    fn is_empty(&self) -> bool {
        self.date.is_none()
            && self.name.is_none()
            && self.contact.is_none()
            && self.answers.is_none()
    }
}

/// The Record tab's state: one form per card, and the customer search.
#[derive(Default)]
pub struct RecordTab {
    pub forms: BTreeMap<CardId, ResponseForm>,
    query: String,
    searched: String,
    matches: Vec<(CustomerRef, String)>,
    /// The card whose Save was pressed while the form had problems: from
    /// then on all its problems show, not only the reply's.
    tried: Option<CardId>,
}

impl RecordTab {
    /// The forms with something typed in (the draft's body).
    pub fn unsaved(&self) -> BTreeMap<CardId, &ResponseForm> {
        self.forms
            .iter()
            .filter(|(_, f)| !f.is_blank())
            .map(|(id, f)| (*id, f))
            .collect()
    }

    /// Draws the form for `card`. True when a response was recorded.
    pub fn show(&mut self, ui: &mut egui::Ui, view: &mut ViewCtx<'_>, card: &FeedbackCard) -> bool {
        let Some(card_id) = card.id else { return false };
        let form = self
            .forms
            .entry(card_id)
            .or_insert_with(|| ResponseForm::new(view.clock.today(), card.questions.len()));
        // The card may have gained questions since the form was started.
        form.answers.resize(card.questions.len(), None);
        let (response, messages) = form.check(card, view.clock.today(), view.clock.now());
        let show_all = self.tried == Some(card_id);
        let shown = |m: &Option<String>, reply: bool| {
            m.as_ref()
                .filter(|_| show_all || (reply && form.wants_reply))
                .cloned()
        };
        let (date_msg, name_msg, contact_msg, answers_msg) = (
            shown(&messages.date, false),
            shown(&messages.name, true),
            shown(&messages.contact, true),
            shown(&messages.answers, false),
        );

        if card.archived {
            ui.label(RichText::new(t!("feedback.record.archived")).color(theme::MUTED));
        }
        let mut search_changed = false;
        egui::Grid::new("feedback-record-who")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let l = ui.label(t!("feedback.record.date"));
                ui.vertical(|ui| {
                    ui.add(DateInput::new(&mut form.date).desired_width(110.0))
                        .labelled_by(l.id);
                    error_line(ui, date_msg.as_ref());
                });
                ui.end_row();
                let l = ui.label(t!("feedback.record.name"));
                ui.vertical(|ui| {
                    ui.add(TextEdit::singleline(&mut form.name).desired_width(200.0))
                        .labelled_by(l.id);
                    error_line(ui, name_msg.as_ref());
                });
                ui.end_row();
                let l = ui.label(t!("feedback.record.contact"));
                ui.vertical(|ui| {
                    ui.add(TextEdit::singleline(&mut form.contact).desired_width(200.0))
                        .labelled_by(l.id);
                    error_line(ui, contact_msg.as_ref());
                });
                ui.end_row();
                ui.label(t!("feedback.record.customer"));
                ui.vertical(|ui| match form.customer.clone() {
                    Some(customer) => {
                        ui.horizontal(|ui| {
                            ui.label(RichText::new(customer.name).strong());
                            if ui.small_button(t!("feedback.record.unlink")).clicked() {
                                form.customer = None;
                            }
                        });
                    }
                    None => {
                        let l = ui.label(
                            RichText::new(t!("feedback.record.customer_search"))
                                .small()
                                .color(theme::MUTED),
                        );
                        let edit = ui
                            .add(
                                TextEdit::singleline(&mut self.query)
                                    .desired_width(200.0)
                                    .hint_text(t!("feedback.record.customer_hint")),
                            )
                            .labelled_by(l.id);
                        search_changed = edit.changed();
                        if !self.searched.trim().is_empty() {
                            if self.matches.is_empty() {
                                ui.label(
                                    RichText::new(t!("feedback.record.no_match"))
                                        .small()
                                        .color(theme::MUTED),
                                );
                            }
                            for (customer, mobile) in &self.matches {
                                let text = if mobile.is_empty() {
                                    customer.name.clone()
                                } else {
                                    format!("{}  {mobile}", customer.name)
                                };
                                if ui.small_button(text).clicked() {
                                    if form.name.trim().is_empty() {
                                        form.name = customer.name.clone();
                                    }
                                    if form.contact.trim().is_empty() {
                                        form.contact = mobile.clone();
                                    }
                                    form.customer = Some(customer.clone());
                                }
                            }
                        }
                    }
                });
                ui.end_row();
            });
        if form.customer.is_some() && !self.query.is_empty() {
            self.query.clear();
            search_changed = true;
        }
        if search_changed {
            self.searched = self.query.clone();
            self.matches = view
                .store
                .customers_for_feedback(&self.query, MATCHES)
                .unwrap_or_else(|e| {
                    view.status.error(store_error(&e));
                    Vec::new()
                });
        }

        ui.add_space(8.0);
        ui.label(RichText::new(t!("feedback.record.ratings")).strong());
        egui::Grid::new("feedback-record-answers")
            .num_columns(2)
            .striped(true)
            .spacing([16.0, 6.0])
            .show(ui, |ui| {
                for (q, (question, answer)) in
                    card.questions.iter().zip(&mut form.answers).enumerate()
                {
                    ui.label(format!("{}. {}", q + 1, question.text));
                    ui.horizontal(|ui| {
                        ui.radio_value(answer, None, t!("feedback.record.skip"));
                        for (l, label) in question.levels.iter().enumerate() {
                            ui.radio_value(answer, Some(l as u8 + 1), label);
                        }
                    });
                    ui.end_row();
                }
            });
        error_line(ui, answers_msg.as_ref());
        ui.add_space(6.0);
        let l = ui.label(t!("feedback.record.comment"));
        ui.add(
            TextEdit::multiline(&mut form.comment)
                .desired_rows(3)
                .desired_width(crate::ui::widgets::fitting_width(ui, 560.0)),
        )
        .labelled_by(l.id);
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            ui.checkbox(&mut form.wants_reply, t!("feedback.record.wants_reply"));
            ui.label(
                RichText::new(t!("feedback.record.reply_hint"))
                    .small()
                    .color(theme::MUTED),
            );
        });
        ui.add_space(8.0);
        let mut saved = false;
        ui.horizontal(|ui| {
            if ui
                .button(RichText::new(t!("feedback.record.save")).strong())
                .clicked()
            {
                if messages.is_empty() {
                    match view.store.record_feedback(&response) {
                        Ok(_) => {
                            view.status.info(if response.wants_reply {
                                t!("feedback.record.saved_reply")
                            } else {
                                t!("feedback.record.saved")
                            });
                            saved = true;
                        }
                        Err(e) => view.status.error(store_error(&e)),
                    }
                } else {
                    self.tried = Some(card_id);
                }
            }
            if ui.button(t!("feedback.record.clear")).clicked() {
                *form = ResponseForm::new(view.clock.today(), card.questions.len());
                self.tried = None;
            }
        });
        if saved {
            self.forms.remove(&card_id);
            self.tried = None;
            self.query.clear();
            self.searched.clear();
            self.matches.clear();
        }
        saved
    }
}
