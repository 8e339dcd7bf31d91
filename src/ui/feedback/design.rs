//! Designing a feedback card: a new card starts from the standard six
//! questions in the UI language; the user renames it, edits, adds, removes
//! and reorders questions, picks 4 or 5 levels and names them. Problems
//! show beside their fields and Save stays disabled, saying why, until the
//! card is valid. A card with responses keeps its answered questions
//! (reworded and relabelled only).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use egui::{Button, RichText, TextEdit};
use serde::{Deserialize, Serialize};

use crate::domain::feedback::{
    CardField, CardId, CardProblem, FeedbackCard, LEVELS, QUESTIONS, Question,
};
use crate::i18n::{feedback_card_problem, t};
use crate::store::Store;
use crate::ui::theme;
use crate::ui::widgets::error_line;

/// One question as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionForm {
    pub text: String,
    /// Worst first.
    pub levels: Vec<String>,
}

/// The card as typed (also the draft's body).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardForm {
    /// The card being edited, `None` for a new one.
    pub id: Option<CardId>,
    pub name: String,
    pub questions: Vec<QuestionForm>,
}

impl CardForm {
    /// The standard card: six questions on a five-level scale, in the UI
    /// language.
    pub fn standard() -> CardForm {
        let levels: Vec<String> = [
            t!("feedback.template.level1"),
            t!("feedback.template.level2"),
            t!("feedback.template.level3"),
            t!("feedback.template.level4"),
            t!("feedback.template.level5"),
        ]
        .into_iter()
        .map(|l| l.into_owned())
        .collect();
        let questions = [
            t!("feedback.template.q1"),
            t!("feedback.template.q2"),
            t!("feedback.template.q3"),
            t!("feedback.template.q4"),
            t!("feedback.template.q5"),
            t!("feedback.template.q6"),
        ];
        CardForm {
            id: None,
            name: t!("feedback.template.name").into_owned(),
            questions: questions
                .into_iter()
                .map(|text| QuestionForm {
                    text: text.into_owned(),
                    levels: levels.clone(),
                })
                .collect(),
        }
    }

    fn of(card: &FeedbackCard) -> CardForm {
        CardForm {
            id: card.id,
            name: card.name.clone(),
            questions: card
                .questions
                .iter()
                .map(|q| QuestionForm {
                    text: q.text.clone(),
                    levels: q.levels.clone(),
                })
                .collect(),
        }
    }
}

/// What the designer asks its view to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DesignAction {
    Save,
    Discard,
}

/// A card being designed.
pub struct CardDesign {
    pub form: CardForm,
    /// The form as opened, to tell unsaved work from none.
    pristine: CardForm,
    /// The card as stored, when it has responses: its questions are locked.
    answered: Option<FeedbackCard>,
    created_at: NaiveDateTime,
}

impl CardDesign {
    /// A new card from the standard template.
    pub fn new_card(now: NaiveDateTime) -> CardDesign {
        let form = CardForm::standard();
        CardDesign {
            pristine: form.clone(),
            form,
            answered: None,
            created_at: now,
        }
    }

    /// An existing card, or `None` when it is gone.
    pub fn open(store: &Store, id: CardId) -> crate::store::Result<Option<CardDesign>> {
        let Some(card) = store.feedback_card(id)? else {
            return Ok(None);
        };
        let answered = (store.feedback_response_count(id)? > 0).then(|| card.clone());
        let form = CardForm::of(&card);
        Ok(Some(CardDesign {
            pristine: form.clone(),
            form,
            answered,
            created_at: card.created_at,
        }))
    }

    /// Unsaved work brought back from the drafts table; `None` when it was
    /// for a card that no longer exists.
    pub fn restore(
        store: &Store,
        form: CardForm,
        now: NaiveDateTime,
    ) -> crate::store::Result<Option<CardDesign>> {
        let design = match form.id {
            Some(id) => CardDesign::open(store, id)?,
            None => Some(CardDesign::new_card(now)),
        };
        Ok(design.map(|mut d| {
            d.form = form;
            d
        }))
    }

    /// Whether anything was changed since the card was opened.
    pub fn is_changed(&self) -> bool {
        self.form != self.pristine
    }

    /// The card as the domain sees it.
    pub fn card(&self) -> FeedbackCard {
        FeedbackCard {
            id: self.form.id,
            name: self.form.name.trim().to_string(),
            questions: self
                .form
                .questions
                .iter()
                .map(|q| Question {
                    text: q.text.trim().to_string(),
                    levels: q.levels.iter().map(|l| l.trim().to_string()).collect(),
                })
                .collect(),
            archived: false,
            created_at: self.created_at,
        }
    }

    /// Everything that stops the card from being saved.
    pub fn problems(&self) -> Vec<(CardField, CardProblem)> {
        let card = self.card();
        let mut problems = card.validate();
        if let Some(before) = &self.answered {
            problems.extend(before.answered_edit_problems(&card));
        }
        problems
    }

    /// How many leading questions are answered and so locked in place.
    fn locked(&self) -> usize {
        self.answered.as_ref().map_or(0, |c| c.questions.len())
    }

    pub fn show(&mut self, ui: &mut egui::Ui) -> Option<DesignAction> {
        let problems = self.problems();
        let mut messages: HashMap<CardField, String> = HashMap::new();
        for (field, problem) in &problems {
            messages
                .entry(*field)
                .or_insert_with(|| feedback_card_problem(problem));
        }
        let locked = self.locked();
        let title = if self.form.id.is_some() {
            t!("feedback.design.edit_title")
        } else {
            t!("feedback.design.new_title")
        };
        ui.heading(title);
        if locked > 0 {
            ui.label(RichText::new(t!("feedback.design.locked")).color(theme::WARNING));
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let l = ui.label(t!("feedback.design.name"));
            ui.add(TextEdit::singleline(&mut self.form.name).desired_width(320.0))
                .labelled_by(l.id);
        });
        error_line(ui, messages.get(&CardField::Name));
        ui.label(
            RichText::new(t!(
                "feedback.design.count",
                n = self.form.questions.len(),
                min = QUESTIONS.start(),
                max = QUESTIONS.end()
            ))
            .color(theme::MUTED),
        );
        error_line(ui, messages.get(&CardField::Questions));
        ui.add_space(4.0);

        let count = self.form.questions.len();
        let mut action = None;
        for (i, question) in self.form.questions.iter_mut().enumerate() {
            let is_locked = i < locked;
            egui::Frame::group(ui.style())
                .inner_margin(8.0)
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        let l = ui.label(
                            RichText::new(t!("feedback.design.question", n = i + 1)).strong(),
                        );
                        ui.add(TextEdit::singleline(&mut question.text).desired_width(380.0))
                            .labelled_by(l.id);
                        let why = t!("feedback.design.locked_button");
                        let mut up = ui
                            .add_enabled(i > locked, Button::new("↑").small())
                            .on_hover_text(t!("feedback.design.up"));
                        let mut down = ui
                            .add_enabled(!is_locked && i + 1 < count, Button::new("↓").small())
                            .on_hover_text(t!("feedback.design.down"));
                        let mut remove = ui
                            .add_enabled(!is_locked, Button::new("×").small())
                            .on_hover_text(t!("feedback.design.remove"));
                        if is_locked {
                            up = up.on_disabled_hover_text(why.clone());
                            down = down.on_disabled_hover_text(why.clone());
                            remove = remove.on_disabled_hover_text(why);
                        }
                        if up.clicked() {
                            action = Some(QuestionAction::Up(i));
                        }
                        if down.clicked() {
                            action = Some(QuestionAction::Down(i));
                        }
                        if remove.clicked() {
                            action = Some(QuestionAction::Remove(i));
                        }
                    });
                    error_line(ui, messages.get(&CardField::QuestionText(i)));
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(t!("feedback.design.levels")).color(theme::MUTED));
                        let mut n = question.levels.len();
                        ui.add_enabled_ui(!is_locked, |ui| {
                            ui.radio_value(&mut n, 4, t!("feedback.design.four"));
                            ui.radio_value(&mut n, 5, t!("feedback.design.five"));
                        });
                        if n != question.levels.len() {
                            question.levels.resize(n, String::new());
                        }
                        for (l, label) in question.levels.iter_mut().enumerate() {
                            ui.add(TextEdit::singleline(label).desired_width(72.0))
                                .on_hover_text(t!("feedback.design.level", q = i + 1, n = l + 1));
                        }
                    });
                    error_line(ui, messages.get(&CardField::Levels(i)));
                    let level_message = (0..question.levels.len())
                        .find_map(|l| messages.get(&CardField::Level(i, l)));
                    error_line(ui, level_message);
                });
        }
        if let Some(action) = action {
            action.apply(&mut self.form.questions);
        }
        ui.add_space(4.0);
        if ui
            .add_enabled(
                self.form.questions.len() < *QUESTIONS.end(),
                Button::new(t!("feedback.design.add")),
            )
            .on_disabled_hover_text(t!("feedback.err.too_many_questions", max = QUESTIONS.end()))
            .clicked()
        {
            let levels = self
                .form
                .questions
                .last()
                .map(|q| q.levels.clone())
                .unwrap_or_else(|| vec![String::new(); *LEVELS.end()]);
            self.form.questions.push(QuestionForm {
                text: String::new(),
                levels,
            });
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let why = t!("feedback.design.fix_first", n = problems.len());
            let save = ui
                .add_enabled(
                    problems.is_empty(),
                    Button::new(RichText::new(t!("feedback.design.save")).strong()),
                )
                .on_disabled_hover_text(why.clone());
            if save.clicked() {
                return Some(DesignAction::Save);
            }
            if ui.button(t!("feedback.design.discard")).clicked() {
                return Some(DesignAction::Discard);
            }
            if !problems.is_empty() {
                ui.label(RichText::new(why).color(theme::ERROR));
            }
            None
        })
        .inner
    }
}

/// A change to the list of questions, applied after drawing it.
#[derive(Debug, Clone, Copy)]
enum QuestionAction {
    Up(usize),
    Down(usize),
    Remove(usize),
}

impl QuestionAction {
    fn apply(self, questions: &mut Vec<QuestionForm>) {
        match self {
            QuestionAction::Up(i) if i > 0 && i < questions.len() => questions.swap(i - 1, i),
            QuestionAction::Down(i) if i + 1 < questions.len() => questions.swap(i, i + 1),
            QuestionAction::Remove(i) if i < questions.len() => {
                questions.remove(i);
            }
            _ => {}
        }
    }
}
