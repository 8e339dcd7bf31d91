//! The responses awaiting a reply, longest waiting first: who asked, how to
//! reach them, what they said and rated poorly; "log reply" with a note
//! closes the task. Notes being typed are kept per response.

use std::collections::HashMap;

use egui::{Button, RichText, TextEdit};

use crate::domain::feedback::{FeedbackCard, Reply, ResponseId};
use crate::i18n::{store_error, t};
use crate::store::feedback::ReplyTask;
use crate::ui::app::{Command, ViewCtx};
use crate::ui::theme;

/// Answers at or below this level are shown beside the task as complaints.
const POOR_LEVEL: u8 = 2;

/// Waiting longer than this many days shows in the warning colour.
const PROMPT_DAYS: i64 = 3;

/// The Awaiting reply tab's state: the note typed for each task.
#[derive(Default)]
pub struct RepliesTab {
    pub notes: HashMap<ResponseId, String>,
}

impl RepliesTab {
    /// Draws the tasks. True when a reply was logged.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut ViewCtx<'_>,
        tasks: &[ReplyTask],
        cards: &[FeedbackCard],
    ) -> bool {
        if tasks.is_empty() {
            ui.label(RichText::new(t!("feedback.replies.empty")).color(theme::MUTED));
            return false;
        }
        let mut logged = None;
        for task in tasks {
            let r = &task.response;
            let Some(id) = r.id else { continue };
            egui::Frame::group(ui.style())
                .inner_margin(8.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width().min(760.0));
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(r.date.format("%Y-%m-%d").to_string()).strong());
                        ui.label(RichText::new(&r.name).strong());
                        if !r.contact.is_empty() {
                            ui.label(&r.contact);
                        }
                        if let Some(customer) = r.customer_id {
                            let name = task.customer_name.clone().unwrap_or_default();
                            if ui
                                .small_button(format!(
                                    "{} {name}",
                                    t!("feedback.replies.open_customer")
                                ))
                                .clicked()
                            {
                                view.commands.push(Command::OpenCustomer(customer));
                            }
                        }
                        let days = (view.clock.today() - r.date).num_days();
                        let (text, color) = if days <= 0 {
                            (t!("feedback.replies.today"), theme::MUTED)
                        } else if days > PROMPT_DAYS {
                            (t!("feedback.replies.waiting", days = days), theme::WARNING)
                        } else {
                            (t!("feedback.replies.waiting", days = days), theme::MUTED)
                        };
                        ui.label(RichText::new(text).color(color));
                    });
                    ui.label(
                        RichText::new(t!("feedback.replies.from", card = task.card_name))
                            .small()
                            .color(theme::MUTED),
                    );
                    if r.comment.is_empty() {
                        ui.label(
                            RichText::new(t!("feedback.replies.no_comment")).color(theme::MUTED),
                        );
                    } else {
                        ui.label(&r.comment);
                    }
                    if let Some(card) = cards.iter().find(|c| c.id == Some(r.card_id)) {
                        let poor: Vec<String> = card
                            .questions
                            .iter()
                            .zip(&r.answers)
                            .filter_map(|(q, a)| {
                                let level = (*a).filter(|l| *l <= POOR_LEVEL)?;
                                let label = q.levels.get(usize::from(level) - 1)?;
                                Some(format!("{}：{label}", q.text))
                            })
                            .collect();
                        if !poor.is_empty() {
                            ui.label(RichText::new(poor.join("  ·  ")).color(theme::ERROR));
                        }
                    }
                    let note = self.notes.entry(id).or_default();
                    ui.horizontal(|ui| {
                        let l = ui.label(t!("feedback.replies.note"));
                        ui.add(
                            TextEdit::multiline(note)
                                .desired_rows(1)
                                .desired_width(crate::ui::widgets::fitting_width(ui, 420.0))
                                .hint_text(t!("feedback.replies.note_hint")),
                        )
                        .labelled_by(l.id);
                        if ui
                            .add_enabled(
                                !note.trim().is_empty(),
                                Button::new(t!("feedback.replies.log")),
                            )
                            .on_disabled_hover_text(t!("feedback.replies.note_first"))
                            .clicked()
                        {
                            logged = Some((id, note.trim().to_string()));
                        }
                    });
                });
            ui.add_space(4.0);
        }
        let Some((id, note)) = logged else {
            return false;
        };
        let reply = Reply {
            at: view.clock.now(),
            note,
        };
        match view.store.log_feedback_reply(id, &reply) {
            Ok(()) => {
                self.notes.remove(&id);
                view.status.info(t!("feedback.replies.logged"));
                true
            }
            Err(e) => {
                view.status.error(store_error(&e));
                false
            }
        }
    }
}
